/* gw-results.c: statistics of a run, sensitivity, CSV and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gw-engine.h"
#include "gw-io.h"

GwResults *
gw_results_new (GwPlan *plan,
                guint   n_paths)
{
  GwResults *res = g_atomic_rc_box_new0 (GwResults);

  res->plan = plan;
  res->n_paths = n_paths;
  res->det_series = g_new0 (double, plan->n_cols);
  res->det_scalars = g_new0 (double, plan->n_scalars);
  res->series = g_new0 (GwSummary, plan->n_cols);
  res->scalars = g_new0 (GwSummary, plan->n_scalars);
  res->scalar_values = g_new0 (double, (gsize) plan->n_scalars * n_paths);
  g_mutex_init (&res->sens_lock);
  return res;
}

GwResults *
gw_results_ref (GwResults *results)
{
  return g_atomic_rc_box_acquire (results);
}

static void
results_clear (GwResults *res)
{
  if (res->sens != NULL)
    for (guint i = 0; i < res->plan->n_scalars; i++)
      g_clear_pointer (&res->sens[i], g_ptr_array_unref);
  g_free (res->sens);
  g_mutex_clear (&res->sens_lock);
  gw_plan_free (res->plan);
  g_free (res->det_series);
  g_free (res->det_scalars);
  g_free (res->series);
  g_free (res->scalars);
  g_free (res->scalar_values);
  g_free (res->input_slots);
  g_free (res->inputs);
  g_free (res->paths);
  g_free (res->engine);
  g_free (res->device);
  g_free (res->fallback);
}

void
gw_results_unref (GwResults *results)
{
  g_atomic_rc_box_release_full (results, (GDestroyNotify) results_clear);
}

/**
 * gw_results_summarise_scalars:
 *
 * Fills @results->scalars from the kept per-path values.
 */
void
gw_results_summarise_scalars (GwResults *results)
{
  gw_summaries_of (results->scalars, results->scalar_values, results->n_paths,
                   results->plan->n_scalars, 0);
}

const GwSummary *
gw_results_summary (const GwResults *results,
                    guint            series,
                    guint            t)
{
  g_return_val_if_fail (series < results->plan->n_series && t < results->plan->T, NULL);
  return &results->series[series * results->plan->T + t];
}

const double *
gw_results_scalar_values (const GwResults *results,
                          guint            scalar)
{
  g_return_val_if_fail (scalar < results->plan->n_scalars, NULL);
  return results->scalar_values + (gsize) scalar * results->n_paths;
}

/**
 * gw_results_probability:
 * @below: %TRUE for P(x < threshold), %FALSE for P(x > threshold)
 *
 * Returns: the share of paths on that side of @threshold
 */
double
gw_results_probability (const GwResults *results,
                        guint            scalar,
                        double           threshold,
                        gboolean         below)
{
  const double *v = gw_results_scalar_values (results, scalar);
  gsize n = 0;

  for (guint i = 0; i < results->n_paths; i++)
    if (below ? v[i] < threshold : v[i] > threshold)
      n++;
  return results->n_paths > 0 ? (double) n / results->n_paths : 0;
}

/**
 * gw_results_event_flags:
 * @event: an event's index in the plan's scenario
 * @flags: (out caller-allocates): n_paths bytes, 1 where the event
 *   happened on the path, 0 where it did not
 *
 * The event indicator of every path: the event's draw (gw-path.h's
 * gw_path_event_draw(), as the engines make it) under its probability on
 * that path, which is a sampled input when it is uncertain. Cheap: no
 * quarter is simulated; a probability the run did not keep for a path is
 * sampled again (counter-based streams give the same value).
 */
void
gw_results_event_flags (const GwResults *results,
                        guint            event,
                        guint8          *flags)
{
  const GwPlan *plan = results->plan;
  const GwPlanEvent *er = &gw_plan_events (plan->pi)[event];
  int mode = results->deterministic ? GW_MODE_DETERMINISTIC : GW_MODE_RANDOM;
  /* events' slots come last, two each: magnitude, probability */
  guint slot = plan->K - 2 * plan->E + 2 * event + 1;
  g_autofree double *x = g_new (double, MAX (plan->K, 1));
  const double *kept = NULL;

  g_return_if_fail (event < plan->E);
  if (!er->enabled)
    {
      memset (flags, 0, results->n_paths);
      return;
    }
  for (guint k = 0; k < results->n_inputs; k++)
    if (results->input_slots[k] == slot)
      kept = results->inputs + (gsize) k * results->n_input_paths;
  if (results->deterministic)
    {
      g_autofree double *series = g_new (double, plan->n_cols);
      g_autofree double *scalars = g_new (double, plan->n_scalars);

      gw_cpu_path (plan, 0, TRUE, -1, 0, series, scalars, x);
    }
  else if (kept == NULL || results->n_input_paths < results->n_paths)
    gw_cpu_sample_inputs (plan, 0, x);
  for (guint p = 0; p < results->n_paths; p++)
    {
      double probability;

      if (kept != NULL && p < results->n_input_paths)
        probability = kept[p];
      else
        {
          /* a fixed probability is the same on every path */
          if (kept != NULL && !results->deterministic)
            gw_cpu_sample_inputs (plan, p, x);
          probability = x[slot];
        }
      flags[p] = gw_path_event_draw (mode, p, (int) event, probability, plan->key[0],
                                     plan->key[1]) != 0;
    }
}

/**
 * gw_results_histogram:
 * @lo: (inout): the range; when *lo >= *hi on entry, the data's own
 * @counts: (out caller-allocates): @n_bins counts
 */
void
gw_results_histogram (const GwResults *results,
                      guint            scalar,
                      guint            n_bins,
                      double          *lo,
                      double          *hi,
                      guint           *counts)
{
  const GwSummary *sm = &results->scalars[scalar];
  const double *v = gw_results_scalar_values (results, scalar);
  double width;

  memset (counts, 0, n_bins * sizeof (guint));
  if (*lo >= *hi)
    {
      *lo = sm->min;
      *hi = sm->max > sm->min ? sm->max : sm->min + 1;
    }
  width = (*hi - *lo) / n_bins;
  for (guint i = 0; i < results->n_paths; i++)
    {
      double b = (v[i] - *lo) / width;

      if (b >= 0 && b <= n_bins)
        counts[MIN ((guint) b, n_bins - 1)]++;
    }
}

/* Ranks 1..n, ties get their average rank: by gw_ranks()'s radix sort,
 * or, for a sample with a NaN (which no order sorts), by a merge sort of
 * indices as before (NaN then breaks runs as it compares). */
static void
ranks (const double *v,
       gsize         n,
       double       *out)
{
  g_autofree gsize *idx = NULL;
  gsize i = 0;

  if (n <= G_MAXUINT32 && gw_ranks (v, n, out))
    return;
  idx = g_new (gsize, n);

  for (gsize k = 0; k < n; k++)
    idx[k] = k;
  /* sort indices by value (merge sort keeps this O(n log n) worst case) */
  {
    g_autofree gsize *tmp = g_new (gsize, n);

    for (gsize width = 1; width < n; width *= 2)
      {
        for (gsize lo = 0; lo < n; lo += 2 * width)
          {
            gsize mid = MIN (lo + width, n), hi = MIN (lo + 2 * width, n);
            gsize a = lo, b = mid, o = lo;

            while (a < mid && b < hi)
              tmp[o++] = v[idx[b]] < v[idx[a]] ? idx[b++] : idx[a++];
            while (a < mid)
              tmp[o++] = idx[a++];
            while (b < hi)
              tmp[o++] = idx[b++];
          }
        memcpy (idx, tmp, n * sizeof (gsize));
      }
  }
  while (i < n)
    {
      gsize j = i;
      double r;

      while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
        j++;
      r = (i + j) / 2.0 + 1;
      for (gsize k = i; k <= j; k++)
        out[idx[k]] = r;
      i = j + 1;
    }
}

static double
pearson (const double *a,
         const double *b,
         gsize         n)
{
  double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

  for (gsize i = 0; i < n; i++)
    {
      ma += a[i];
      mb += b[i];
    }
  ma /= n;
  mb /= n;
  for (gsize i = 0; i < n; i++)
    {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
  if (saa == 0 || sbb == 0)
    return 0;
  return sab / sqrt (saa * sbb);
}

/**
 * gw_spearman:
 *
 * Spearman rank correlation with average ranks for ties; 0 when either
 * side is constant (MODEL.md section 6).
 */
double
gw_spearman (const double *a,
             const double *b,
             gsize         n)
{
  g_autofree double *ra = g_new (double, n);
  g_autofree double *rb = g_new (double, n);

  if (n < 2)
    return 0;
  ranks (a, n, ra);
  ranks (b, n, rb);
  return pearson (ra, rb, n);
}

void
gw_sensitivity_free (GwSensitivity *sensitivity)
{
  if (sensitivity == NULL)
    return;
  g_free (sensitivity->path);
  g_free (sensitivity->label);
  g_free (sensitivity);
}

static int
compare_swing (gconstpointer a,
               gconstpointer b)
{
  const GwSensitivity *x = *(GwSensitivity * const *) a;
  const GwSensitivity *y = *(GwSensitivity * const *) b;
  double sx = fabs (x->high - x->low), sy = fabs (y->high - y->low);

  if (sx != sy)
    return sx < sy ? 1 : -1;
  return fabs (x->rho) < fabs (y->rho) ? 1 : fabs (x->rho) > fabs (y->rho) ? -1 : 0;
}

/**
 * gw_results_peek_sensitivity:
 * @scalar: the per-path scalar
 *
 * Returns: (transfer full) (nullable): gw_results_sensitivity()'s array if
 *   it was made already, else %NULL (without making it)
 */
GPtrArray *
gw_results_peek_sensitivity (const GwResults *results,
                             guint            scalar)
{
  GwResults *res = (GwResults *) results;
  GPtrArray *out = NULL;

  g_return_val_if_fail (results != NULL, NULL);
  if (scalar >= results->plan->n_scalars)
    return NULL;
  g_mutex_lock (&res->sens_lock);
  if (res->sens != NULL && res->sens[scalar] != NULL)
    out = g_ptr_array_ref (res->sens[scalar]);
  g_mutex_unlock (&res->sens_lock);
  return out;
}

static GPtrArray *compute_sensitivity (const GwResults *results,
                                       guint            scalar,
                                       GError         **error);

/**
 * gw_results_sensitivity:
 * @scalar: the per-path scalar to explain
 *
 * For every uncertain input: the Spearman rank correlation of the input
 * with @scalar over the paths whose inputs were kept, and the one-at-a-time
 * swing of the deterministic run with the input at its P10 and P90. Sorted
 * by swing, widest first (a tornado chart's order).
 *
 * Made once per scalar (2 deterministic paths per input and the ranks of
 * every kept input: tens of milliseconds at 10^4 paths) and kept with the
 * results; callable from any thread, so a window can make it on a worker
 * and draw it with gw_results_peek_sensitivity().
 *
 * Returns: (transfer full) (element-type GwSensitivity): a reference to
 *   the results' array of the inputs, which must not be changed
 */
GPtrArray *
gw_results_sensitivity (const GwResults *results,
                        guint            scalar,
                        GError         **error)
{
  GwResults *res = (GwResults *) results;
  GPtrArray *made, *out;

  out = gw_results_peek_sensitivity (results, scalar);
  if (out != NULL)
    return out;
  made = compute_sensitivity (results, scalar, error);
  if (made == NULL)
    return NULL;
  /* another thread may have made it meanwhile: the first one stays */
  g_mutex_lock (&res->sens_lock);
  if (res->sens == NULL)
    res->sens = g_new0 (GPtrArray *, results->plan->n_scalars);
  if (res->sens[scalar] == NULL)
    res->sens[scalar] = g_steal_pointer (&made);
  out = g_ptr_array_ref (res->sens[scalar]);
  g_mutex_unlock (&res->sens_lock);
  g_clear_pointer (&made, g_ptr_array_unref);
  return out;
}

static GPtrArray *
compute_sensitivity (const GwResults *results,
                     guint            scalar,
                     GError         **error)
{
  const GwPlan *plan = results->plan;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sensitivity_free);
  g_autofree double *series = g_new (double, plan->n_cols);
  g_autofree double *scalars = g_new (double, plan->n_scalars);
  g_autofree double *inputs = g_new (double, plan->K);
  g_autofree double *sranks = NULL;
  guint n = results->n_input_paths;
  g_autofree guint *slots = NULL;
  guint n_slots = 0;

  if (scalar >= plan->n_scalars)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("There is no output number %u to explain."), scalar);
      g_ptr_array_unref (out);
      return NULL;
    }

  /* A deterministic run kept no inputs: swings only, for every uncertain slot. */
  slots = g_new (guint, plan->K);
  if (results->input_slots != NULL)
    {
      memcpy (slots, results->input_slots, results->n_inputs * sizeof (guint));
      n_slots = results->n_inputs;
    }
  else
    for (guint k = 0; k < plan->K; k++)
      if (gw_plan_slot_uncertain (plan, k))
        slots[n_slots++] = k;

  if (n >= 2)
    {
      sranks = g_new (double, n);
      ranks (gw_results_scalar_values (results, scalar), n, sranks);
    }

  for (guint i = 0; i < n_slots; i++)
    {
      GwSensitivity *s = g_new0 (GwSensitivity, 1);
      guint k = slots[i];

      s->slot = k;
      s->path = gw_plan_slot_path (plan, k);
      s->label = gw_plan_slot_label (plan, k);
      if (sranks != NULL && results->inputs != NULL)
        {
          g_autofree double *ir = g_new (double, n);

          ranks (results->inputs + (gsize) i * results->n_input_paths, n, ir);
          s->rho = pearson (ir, sranks, n);
        }
      gw_cpu_path (plan, 0, TRUE, k, 0.1, series, scalars, inputs);
      s->low = scalars[scalar];
      s->low_input = inputs[k];
      gw_cpu_path (plan, 0, TRUE, k, 0.9, series, scalars, inputs);
      s->high = scalars[scalar];
      s->high_input = inputs[k];
      g_ptr_array_add (out, s);
    }
  g_ptr_array_sort (out, compare_swing);
  return out;
}

/* Shortest text that reads back as the same double. */
static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (s, isnan (v) ? "nan" : v > 0 ? "inf" : "-inf");
      return;
    }
  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buf, sizeof buf, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g",
                       v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (s, buf);
}

static const char *
provider_or_empty (const GwPlan *plan,
                   int           j)
{
  return j >= 0 ? gw_plan_provider_name (plan, j) : "";
}

/* CSV text field: quoted when it needs to be. */
static void
append_text (GString    *s,
             const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static void
append_summary (GString         *s,
                const GwSummary *sm,
                double           det)
{
  const double v[] = { sm->mean, sm->sd, sm->min, sm->max };

  append_number (s, det);
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    {
      g_string_append_c (s, ',');
      append_number (s, v[i]);
    }
  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      g_string_append_c (s, ',');
      append_number (s, sm->q[i]);
    }
  g_string_append_c (s, '\n');
}

static gboolean
write_file (const char *dir,
            const char *name,
            GString    *text,
            GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local = NULL;

  if (!gw_io_save_contents (path, text->str, text->len, &local))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Could not write “%s”: %s"), path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

#define SUMMARY_HEADER "deterministic,mean,sd,min,max,p5,p10,p25,p50,p75,p90,p95"

/**
 * gw_results_write_csv:
 * @dir: a folder, made if missing
 * @per_path: also write every path's scalars, sampled inputs and event
 *   indicators (paths.csv; inputs only for the first n_input_paths paths,
 *   empty after)
 *
 * Writes series.csv (one row per series and quarter), scalars.csv (one row
 * per scalar) and, if asked, paths.csv. See docs/scenario-format.md.
 */
gboolean
gw_results_write_csv (const GwResults *results,
                      const char      *dir,
                      gboolean         per_path,
                      GError         **error)
{
  const GwPlan *plan = results->plan;
  g_autoptr(GString) s = g_string_new (NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Could not make the folder “%s”: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }

  g_string_append (s, "series,provider,quarter,t," SUMMARY_HEADER "\n");
  for (guint series = 0; series < plan->n_series; series++)
    for (guint t = 0; t < plan->T; t++)
      {
        guint col = series * plan->T + t;
        g_autofree char *q = gw_quarter_format (plan->scenario->info.start + t);

        g_string_append_printf (s, "%s,", gw_plan_series_key (plan, series));
        append_text (s, provider_or_empty (plan, gw_plan_series_provider (plan, series)));
        g_string_append_printf (s, ",%s,%u,", q, t);
        append_summary (s, &results->series[col], results->det_series[col]);
      }
  if (!write_file (dir, "series.csv", s, error))
    return FALSE;

  g_string_truncate (s, 0);
  g_string_append (s, "scalar,provider," SUMMARY_HEADER "\n");
  for (guint x = 0; x < plan->n_scalars; x++)
    {
      g_string_append_printf (s, "%s,", gw_plan_scalar_key (plan, x));
      append_text (s, provider_or_empty (plan, gw_plan_scalar_provider (plan, x)));
      g_string_append_c (s, ',');
      append_summary (s, &results->scalars[x], results->det_scalars[x]);
    }
  if (!write_file (dir, "scalars.csv", s, error))
    return FALSE;

  if (per_path)
    {
      g_autoptr(GPtrArray) flags = g_ptr_array_new_full (plan->E, g_free);

      g_ptr_array_set_size (flags, plan->E);
      g_string_truncate (s, 0);
      g_string_append (s, "path");
      for (guint x = 0; x < plan->n_scalars; x++)
        {
          int j = gw_plan_scalar_provider (plan, x);
          g_autofree char *name = j >= 0 ? g_strdup_printf ("%s[%s]", gw_plan_scalar_key (plan, x),
                                                            gw_plan_provider_name (plan, j))
                                         : g_strdup (gw_plan_scalar_key (plan, x));

          g_string_append_c (s, ',');
          append_text (s, name);
        }
      /* then the sampled inputs, by their override paths, for the paths
       * whose inputs the run kept (all with gigawatt-cli run --per-path) */
      for (guint k = 0; k < results->n_inputs; k++)
        {
          g_autofree char *name = gw_plan_slot_path (plan, results->input_slots[k]);

          g_string_append_c (s, ',');
          append_text (s, name);
        }
      /* then every event's indicator, 1 where it happened on the path */
      for (guint e = 0; e < plan->E; e++)
        {
          g_autofree char *name = g_strdup_printf ("events[%s].happened",
                                                   gw_scenario_event (plan->scenario, e)->name);

          g_string_append_c (s, ',');
          append_text (s, name);
          flags->pdata[e] = g_malloc (MAX (results->n_paths, 1));
          gw_results_event_flags (results, e, flags->pdata[e]);
        }
      g_string_append_c (s, '\n');
      for (guint i = 0; i < results->n_paths; i++)
        {
          g_string_append_printf (s, "%u", i);
          for (guint x = 0; x < plan->n_scalars; x++)
            {
              g_string_append_c (s, ',');
              append_number (s, gw_results_scalar_values (results, x)[i]);
            }
          for (guint k = 0; k < results->n_inputs; k++)
            {
              g_string_append_c (s, ',');
              if (i < results->n_input_paths)
                append_number (s, results->inputs[(gsize) k * results->n_input_paths + i]);
            }
          for (guint e = 0; e < plan->E; e++)
            g_string_append (s, ((guint8 *) flags->pdata[e])[i] ? ",1" : ",0");
          g_string_append_c (s, '\n');
        }
      if (!write_file (dir, "paths.csv", s, error))
        return FALSE;
    }
  return TRUE;
}

static void
add_provider (JsonBuilder  *b,
              const GwPlan *plan,
              int           j)
{
  json_builder_set_member_name (b, "provider");
  if (j >= 0)
    json_builder_add_string_value (b, gw_plan_provider_name (plan, j));
  else
    json_builder_add_null_value (b);
}

static void
add_summary (JsonBuilder     *b,
             const GwSummary *sm,
             double           det)
{
  static const char *qn[GW_N_QUANTILES] = { "p5", "p10", "p25", "p50", "p75", "p90", "p95" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "deterministic");
  json_builder_add_double_value (b, det);
  json_builder_set_member_name (b, "mean");
  json_builder_add_double_value (b, sm->mean);
  json_builder_set_member_name (b, "sd");
  json_builder_add_double_value (b, sm->sd);
  json_builder_set_member_name (b, "min");
  json_builder_add_double_value (b, sm->min);
  json_builder_set_member_name (b, "max");
  json_builder_add_double_value (b, sm->max);
  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      json_builder_set_member_name (b, qn[i]);
      json_builder_add_double_value (b, sm->q[i]);
    }
  json_builder_end_object (b);
}

/**
 * gw_results_write_json:
 *
 * Writes the run's description and every summary as one JSON document
 * (see docs/scenario-format.md); "-" writes to standard output.
 */
gboolean
gw_results_write_json (const GwResults *results,
                       const char      *file,
                       GError         **error)
{
  const GwPlan *plan = results->plan;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *start = gw_quarter_format (plan->scenario->info.start);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, plan->seed);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_string_value (b, plan->scenario->info.name);
  json_builder_set_member_name (b, "variant");
  if (plan->variant != NULL)
    json_builder_add_string_value (b, plan->variant);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "model_version");
  json_builder_add_int_value (b, GW_MODEL_VERSION);
  json_builder_set_member_name (b, "start");
  json_builder_add_string_value (b, start);
  json_builder_set_member_name (b, "quarters");
  json_builder_add_int_value (b, plan->T);
  json_builder_set_member_name (b, "paths");
  json_builder_add_int_value (b, results->n_paths);
  json_builder_set_member_name (b, "seed");
  json_builder_add_string_value (b, seed);
  json_builder_set_member_name (b, "deterministic");
  json_builder_add_boolean_value (b, results->deterministic);
  json_builder_set_member_name (b, "engine");
  json_builder_add_string_value (b, results->engine);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, results->device);
  json_builder_set_member_name (b, "fallback");
  if (results->fallback != NULL)
    json_builder_add_string_value (b, results->fallback);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "approximate_quantiles");
  json_builder_add_int_value (b, results->n_approximate);

  json_builder_set_member_name (b, "series");
  json_builder_begin_array (b);
  for (guint series = 0; series < plan->n_series; series++)
    {
      int j = gw_plan_series_provider (plan, series);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "series");
      json_builder_add_string_value (b, gw_plan_series_key (plan, series));
      add_provider (b, plan, j);
      json_builder_set_member_name (b, "quarters");
      json_builder_begin_array (b);
      for (guint t = 0; t < plan->T; t++)
        add_summary (b, &results->series[series * plan->T + t],
                     results->det_series[series * plan->T + t]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "scalars");
  json_builder_begin_array (b);
  for (guint x = 0; x < plan->n_scalars; x++)
    {
      int j = gw_plan_scalar_provider (plan, x);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "scalar");
      json_builder_add_string_value (b, gw_plan_scalar_key (plan, x));
      add_provider (b, plan, j);
      json_builder_set_member_name (b, "summary");
      add_summary (b, &results->scalars[x], results->det_scalars[x]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  if (g_strcmp0 (file, "-") == 0)
    {
      fputs (text, stdout);
      fputc ('\n', stdout);
      return TRUE;
    }
  if (!gw_io_save_contents (file, text, strlen (text), &local))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Could not write “%s”: %s"), file,
                   local->message);
      return FALSE;
    }
  return TRUE;
}
