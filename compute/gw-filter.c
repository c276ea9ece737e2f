/* gw-filter.c: statistics of the paths that meet conditions, and what sets
 * them apart
 *
 * A filter keeps the paths whose sampled inputs and per-path outputs meet
 * every condition ("market.token_growth < 3", "min_dscr@CoreWeave < 1",
 * "TPU beachhead happened").
 * A scalar's statistic over the kept paths comes from its per-path values;
 * a series' from the kept paths simulated again by the CPU reference
 * engine (counter-based streams give the same paths). gw_drivers() ranks
 * the inputs by how far their mean over the kept paths lies from their
 * mean over all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-explore.h"

typedef struct
{
  char     *text;
  char     *lhs;        /* an input path, a scalar spec or an event's name */
  int       op;         /* '<', 'l' (<=), '>', 'g' (>=); 'h' happened, 'n' did not */
  double    value;
} Condition;

struct _GwFilter
{
  GPtrArray *conditions;
};

static void
condition_free (Condition *c)
{
  g_free (c->text);
  g_free (c->lhs);
  g_free (c);
}

GwFilter *
gw_filter_new (void)
{
  GwFilter *f = g_new0 (GwFilter, 1);

  f->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) condition_free);
  return f;
}

void
gw_filter_free (GwFilter *filter)
{
  if (filter == NULL)
    return;
  g_ptr_array_unref (filter->conditions);
  g_free (filter);
}

guint
gw_filter_n_conditions (const GwFilter *filter)
{
  return filter->conditions->len;
}

/**
 * gw_filter_add:
 * @condition: "LHS OP NUMBER": LHS a sampled input's path
 *   ("market.token_growth") or a per-path scalar ("min_dscr@CoreWeave"),
 *   OP one of <, <=, >, >=; or "EVENT happened", "EVENT did not happen",
 *   EVENT an event's name, bare or as "events[NAME]"
 *
 * Adds a condition that every path kept must meet (they are and-ed).
 */
gboolean
gw_filter_add (GwFilter   *filter,
               const char *condition,
               GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (condition ? condition : ""));
  g_autofree char *as_written = g_strdup (text);
  const char *ops[] = { "<=", ">=", "<", ">" };
  const char *events[] = { " happened", " did not happen" };
  Condition *c;

  /* an event indicator: "TPU beachhead happened",
   * "events[TPU beachhead] did not happen" */
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_str_has_suffix (text, events[i]) && strlen (text) > strlen (events[i]))
      {
        char *name = text;

        text[strlen (text) - strlen (events[i])] = '\0';
        g_strstrip (name);
        if (g_str_has_prefix (name, "events[") && g_str_has_suffix (name, "]"))
          {
            name[strlen (name) - 1] = '\0';
            name += strlen ("events[");
          }
        c = g_new0 (Condition, 1);
        c->text = g_strdup (as_written);
        c->lhs = g_strdup (name);
        c->op = i == 0 ? 'h' : 'n';
        g_ptr_array_add (filter->conditions, c);
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      char *at = strstr (text, ops[i]);
      char *end = NULL;
      double v;

      if (at == NULL || at == text)
        continue;
      errno = 0;
      v = g_ascii_strtod (g_strchug (at + strlen (ops[i])), &end);
      if (errno != 0 || end == NULL || end == at + strlen (ops[i]) || *g_strchomp (end) != '\0' ||
          !isfinite (v))
        break;
      c = g_new0 (Condition, 1);
      c->text = g_strdup (as_written);
      *at = '\0';
      c->lhs = g_strdup (g_strstrip (text));
      c->op = i == 0 ? 'l' : i == 1 ? 'g' : ops[i][0];
      c->value = v;
      g_ptr_array_add (filter->conditions, c);
      return TRUE;
    }
  g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
               _("“%s” is not a condition: write an input or a per-path output, <, <=, > or "
                 ">=, and a number, as in “market.token_growth < 3” or "
                 "“min_dscr@CoreWeave < 1”, or an event and “happened” or “did not happen”, "
                 "as in “TPU beachhead happened”"), as_written);
  return FALSE;
}

static gboolean
holds (int    op,
       double x,
       double v)
{
  switch (op)
    {
    case '<': return x < v;
    case 'l': return x <= v;
    case '>': return x > v;
    case 'g': return x >= v;
    default: return FALSE;
    }
}

/**
 * gw_filter_apply:
 *
 * Returns: (transfer full): a mask of the paths of @results that meet
 *   every condition (n_paths bytes, 1 for kept), or %NULL with @error set
 *   (an unknown input or output; an input the run did not sample, or did
 *   not keep for every path)
 */
guint8 *
gw_filter_apply (const GwFilter  *filter,
                 const GwResults *results,
                 guint           *n_kept,
                 GError         **error)
{
  const GwPlan *plan = results->plan;
  g_autofree guint8 *mask = g_malloc (MAX (results->n_paths, 1));
  guint kept = 0;

  memset (mask, 1, results->n_paths);
  for (guint i = 0; i < filter->conditions->len; i++)
    {
      const Condition *c = filter->conditions->pdata[i];
      const double *v = NULL;

      GwInputRef ref;

      if (c->op == 'h' || c->op == 'n')
        {
          g_autofree guint8 *flags = NULL;
          int e = -1;

          for (guint k = 0; k < plan->E; k++)
            if (g_strcmp0 (gw_scenario_event (plan->scenario, k)->name, c->lhs) == 0)
              e = (int) k;
          if (e < 0)
            {
              g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                           _("“%s”: the scenario has no event “%s”"), c->text, c->lhs);
              return NULL;
            }
          flags = g_malloc (MAX (results->n_paths, 1));
          gw_results_event_flags (results, (guint) e, flags);
          for (guint p = 0; p < results->n_paths; p++)
            mask[p] &= flags[p] == (c->op == 'h');
          continue;
        }
      /* an input path if it reads as one, else a per-path output */
      if (gw_scenario_parse_input (plan->scenario, c->lhs, &ref, NULL))
        {
          int slot;

          slot = gw_scenario_find_slot (plan->scenario, plan->slots, &ref);
          for (guint k = 0; slot >= 0 && k < results->n_inputs; k++)
            if (results->input_slots[k] == (guint) slot)
              v = results->inputs + (gsize) k * results->n_input_paths;
          if (v == NULL)
            {
              g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                           _("“%s”: %s is not uncertain in this run, so every path has the "
                             "same value"), c->text, c->lhs);
              return NULL;
            }
          if (results->n_input_paths < results->n_paths)
            {
              g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                           _("“%s”: the run kept the inputs of %u of its %u paths; filter on "
                             "an input with at most 1000000 paths"),
                           c->text, results->n_input_paths, results->n_paths);
              return NULL;
            }
        }
      else
        {
          g_autofree char *key = g_strdup (c->lhs);
          char *at = strchr (key, '@');
          int x;

          if (at != NULL)
            *at++ = '\0';
          x = gw_plan_find_scalar (plan, g_strstrip (key), at ? g_strstrip (at) : NULL);
          if (x < 0)
            {
              g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                           _("“%s”: “%s” is neither an input path (such as "
                             "market.token_growth) nor a per-path output (such as "
                             "min_dscr@CoreWeave)"), c->text, c->lhs);
              return NULL;
            }
          v = gw_results_scalar_values (results, (guint) x);
        }
      for (guint p = 0; p < results->n_paths; p++)
        mask[p] &= holds (c->op, v[p], c->value);
    }
  for (guint p = 0; p < results->n_paths; p++)
    kept += mask[p];
  *n_kept = kept;
  return g_steal_pointer (&mask);
}

typedef struct
{
  const GwPlan  *plan;
  const guint8  *mask;
  guint          n_paths;
  guint          column;
  double        *out;           /* per path, NAN where not kept */
  GCancellable  *cancellable;
  int            next;          /* atomic */
} Collect;

static gpointer
collect_worker (gpointer data)
{
  Collect *c = data;
  g_autofree double *series = g_new (double, c->plan->n_cols);
  g_autofree double *scalars = g_new (double, c->plan->n_scalars);
  int block;

  while ((guint) (block = g_atomic_int_add (&c->next, 1)) * GW_REPLAY_BLOCK < c->n_paths
         && !g_cancellable_is_cancelled (c->cancellable))
    for (guint i = (guint) block * GW_REPLAY_BLOCK;
         i < MIN (c->n_paths, ((guint) block + 1) * GW_REPLAY_BLOCK); i++)
      if (c->mask == NULL || c->mask[i])
        {
          gw_cpu_path (c->plan, i, FALSE, -1, 0, series, scalars, NULL);
          c->out[i] = series[c->column];
        }
  return NULL;
}

/**
 * gw_replay_column:
 * @mask: (nullable): the paths to simulate, or %NULL for all
 * @out: (out caller-allocates): @n_paths values; those of paths left out
 *   are not written
 *
 * One series column's value on each path, the run's paths simulated again
 * by the CPU reference engine (counter-based streams give the same paths),
 * on every core.
 */
void
gw_replay_column (const GwPlan *plan,
                  guint         n_paths,
                  const guint8 *mask,
                  guint         column,
                  double       *out)
{
  gw_replay_column_full (plan, n_paths, mask, column, NULL, out);
}

/**
 * gw_replay_column_full:
 * @cancellable: (nullable): stops the replay between blocks of paths
 *
 * gw_replay_column() that can be cancelled.
 *
 * Returns: %FALSE if @cancellable was cancelled (@out is then incomplete)
 */
gboolean
gw_replay_column_full (const GwPlan *plan,
                       guint         n_paths,
                       const guint8 *mask,
                       guint         column,
                       GCancellable *cancellable,
                       double       *out)
{
  Collect c = { plan, mask, n_paths, column, out, cancellable, 0 };
  guint n_threads = MIN (gw_cpu_n_cores (), MAX (1u, n_paths / GW_REPLAY_BLOCK));
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  g_return_val_if_fail (column < plan->n_cols, FALSE);

  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("gw-replay", collect_worker, &c);
  collect_worker (&c);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  return !g_cancellable_is_cancelled (cancellable);
}

typedef struct
{
  const GwPlan  *plan;
  const guint   *paths;         /* the kept paths, ascending */
  guint          n_kept;
  const guint   *cols;          /* the columns wanted */
  guint          n_cols;
  double        *out;           /* [n_cols][n_kept] */
  GCancellable  *cancellable;
  int            next;          /* atomic */
} Replay;

static gpointer
replay_worker (gpointer data)
{
  Replay *r = data;
  g_autofree double *series = g_new (double, r->plan->n_cols);
  g_autofree double *scalars = g_new (double, r->plan->n_scalars);
  int block;

  while ((guint) (block = g_atomic_int_add (&r->next, 1)) * GW_REPLAY_BLOCK < r->n_kept
         && !g_cancellable_is_cancelled (r->cancellable))
    for (guint i = (guint) block * GW_REPLAY_BLOCK;
         i < MIN (r->n_kept, ((guint) block + 1) * GW_REPLAY_BLOCK); i++)
      {
        gw_cpu_path (r->plan, r->paths[i], FALSE, -1, 0, series, scalars, NULL);
        for (guint c = 0; c < r->n_cols; c++)
          r->out[(gsize) c * r->n_kept + i] = series[r->cols[c]];
      }
  return NULL;
}

/**
 * gw_results_filtered:
 * @mask: the paths to keep (gw_filter_apply())
 * @series: (array length=n_series): the series whose statistics are
 *   wanted; the others' summaries are NaN
 * @cancellable: (nullable): stops the replay (then %NULL and @error)
 *
 * The results of the kept paths alone, as if the run had made only them:
 * every per-path scalar (and its summary), the sampled inputs the run
 * kept, the indices of the kept paths in @results (#GwResults.paths), and
 * the summaries of each quarter of @series, from the kept paths
 * simulated again by the CPU reference engine on every core. A statistic
 * of it is the same number gw_statistic_eval_filtered() gives (the same
 * values, in the same order, through gw_summary_of()).
 *
 * Returns: (transfer full): the results, with a plan of their own
 */
GwResults *
gw_results_filtered (const GwResults *results,
                     const guint8    *mask,
                     const guint     *series,
                     guint            n_series,
                     GCancellable    *cancellable,
                     GError         **error)
{
  const GwPlan *plan = results->plan;
  g_autofree guint *paths = g_new (guint, MAX (results->n_paths, 1));
  g_autofree guint *cols = g_new (guint, MAX ((gsize) n_series * plan->T, 1));
  g_autofree double *values = NULL;
  GwResults *out;
  guint n = 0, n_cols = 0, n_inputs = 0;

  for (guint p = 0; p < results->n_paths; p++)
    if (mask[p])
      paths[n++] = p;
  if (n == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("no path meets the conditions"));
      return NULL;
    }
  for (guint i = 0; i < n_series; i++)
    for (guint t = 0; t < plan->T; t++)
      if (series[i] < plan->n_series)
        cols[n_cols++] = series[i] * plan->T + t;

  values = g_new (double, MAX ((gsize) n_cols * n, 1));
  if (n_cols > 0)
    {
      Replay r = { plan, paths, n, cols, n_cols, values, cancellable, 0 };
      guint n_threads = MIN (gw_cpu_n_cores (), MAX (1u, n / GW_REPLAY_BLOCK));
      g_autofree GThread **threads = g_new0 (GThread *, n_threads);

      for (guint t = 1; t < n_threads; t++)
        threads[t] = g_thread_new ("gw-filtered", replay_worker, &r);
      replay_worker (&r);
      for (guint t = 1; t < n_threads; t++)
        g_thread_join (threads[t]);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  out = gw_results_new (gw_plan_copy (plan), n);
  out->deterministic = FALSE;
  memcpy (out->det_series, results->det_series, plan->n_cols * sizeof (double));
  memcpy (out->det_scalars, results->det_scalars, plan->n_scalars * sizeof (double));
  for (guint c = 0; c < plan->n_cols; c++)
    {
      GwSummary *sm = &out->series[c];

      sm->mean = sm->sd = sm->min = sm->max = NAN;
      for (guint q = 0; q < GW_N_QUANTILES; q++)
        sm->q[q] = NAN;
    }
  for (guint c = 0; c < n_cols; c++)
    gw_summary_of (&out->series[cols[c]], values + (gsize) c * n, n);
  for (guint x = 0; x < plan->n_scalars; x++)
    {
      const double *v = gw_results_scalar_values (results, x);

      for (guint i = 0; i < n; i++)
        out->scalar_values[(gsize) x * n + i] = v[paths[i]];
    }
  gw_results_summarise_scalars (out);

  /* the inputs of the kept paths among those whose inputs the run kept */
  while (n_inputs < n && paths[n_inputs] < results->n_input_paths)
    n_inputs++;
  out->n_inputs = results->n_inputs;
  out->input_slots = g_memdup2 (results->input_slots, MAX (results->n_inputs, 1) * sizeof (guint));
  out->n_input_paths = n_inputs;
  out->inputs = g_new0 (double, (gsize) results->n_inputs * n_inputs + 1);
  for (guint k = 0; k < results->n_inputs; k++)
    for (guint i = 0; i < n_inputs; i++)
      out->inputs[(gsize) k * n_inputs + i] =
        results->inputs[(gsize) k * results->n_input_paths + paths[i]];
  out->paths = g_memdup2 (paths, (gsize) n * sizeof (guint));
  out->engine = g_strdup ("cpu");
  out->device = g_strdup (results->device);
  out->threads = gw_cpu_n_cores ();
  return out;
}

/**
 * gw_statistic_eval_filtered:
 * @mask: from gw_filter_apply()
 *
 * The statistic over the kept paths only: a scalar's from its per-path
 * values, a series' from the kept paths simulated again by the CPU
 * reference engine.
 */
gboolean
gw_statistic_eval_filtered (const GwStatistic *stat,
                            const GwResults   *results,
                            const guint8      *mask,
                            double            *value,
                            guint             *n_kept,
                            GError           **error)
{
  const GwPlan *plan = results->plan;
  g_autofree double *kept = g_new (double, MAX (results->n_paths, 1));
  guint n = 0;
  double unused;

  /* names, quarter and kind are checked as for the whole run */
  if (!gw_statistic_eval (stat, results, &unused, error))
    return FALSE;
  if (stat->quarter == GW_QUARTER_NONE)
    {
      const double *v = gw_results_scalar_values (
        results, (guint) gw_plan_find_scalar (plan, stat->key, stat->provider));

      for (guint p = 0; p < results->n_paths; p++)
        if (mask[p])
          kept[n++] = v[p];
    }
  else
    {
      gw_replay_column (plan, results->n_paths, mask,
                        (guint) gw_plan_find_series (plan, stat->key, stat->provider) * plan->T
                        + (guint) (stat->quarter - plan->scenario->info.start), kept);
      for (guint p = 0; p < results->n_paths; p++)
        if (mask[p])
          kept[n++] = kept[p];
    }
  *n_kept = n;
  if (n == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("no path meets the conditions"));
      return FALSE;
    }
  if (stat->kind == GW_STAT_PROB_BELOW || stat->kind == GW_STAT_PROB_ABOVE)
    {
      guint count = 0;

      for (guint i = 0; i < n; i++)
        count += stat->kind == GW_STAT_PROB_BELOW ? kept[i] < stat->threshold
                                                  : kept[i] > stat->threshold;
      *value = (double) count / n;
    }
  else
    {
      GwSummary sm;

      gw_summary_of (&sm, kept, n);
      *value = gw_statistic_of_summary (stat, &sm);
    }
  return TRUE;
}

static int
compare_drivers (gconstpointer a,
                 gconstpointer b)
{
  const GwDriver *x = *(const GwDriver * const *) a, *y = *(const GwDriver * const *) b;

  return (fabs (y->shift) > fabs (x->shift)) - (fabs (y->shift) < fabs (x->shift));
}

void
gw_driver_free (GwDriver *driver)
{
  if (driver == NULL)
    return;
  g_free (driver->path);
  g_free (driver->label);
  g_free (driver);
}

/**
 * gw_drivers:
 * @mask: the paths of interest (the worst 10% of an NPV, the paths where
 *   DSCR broke 1), from gw_filter_apply() or gw_tail_mask()
 *
 * What sets the kept paths apart: for each sampled input, its mean over
 * the kept paths against its mean over all, in standard deviations of the
 * input (a standardised mean difference), largest first.
 *
 * Returns: (transfer full) (element-type GwDriver): the inputs
 */
GPtrArray *
gw_drivers (const GwResults *results,
            const guint8    *mask,
            GError         **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_driver_free);
  guint n = results->n_input_paths;

  if (n < 2 || results->n_inputs == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("the run kept no sampled inputs to compare"));
      g_ptr_array_unref (out);
      return NULL;
    }
  for (guint k = 0; k < results->n_inputs; k++)
    {
      const double *v = results->inputs + (gsize) k * n;
      double s = 0, ss = 0, sk = 0, sd;
      guint nk = 0;
      GwDriver *d;

      for (guint p = 0; p < n; p++)
        {
          s += v[p];
          if (mask[p])
            {
              sk += v[p];
              nk++;
            }
        }
      for (guint p = 0; p < n; p++)
        ss += (v[p] - s / n) * (v[p] - s / n);
      sd = sqrt (ss / (n - 1));
      if (nk == 0 || !(sd > 0))
        continue;
      d = g_new0 (GwDriver, 1);
      d->path = gw_plan_slot_path (results->plan, results->input_slots[k]);
      d->label = gw_plan_slot_label (results->plan, results->input_slots[k]);
      d->mean_all = s / n;
      d->mean_kept = sk / nk;
      d->shift = (d->mean_kept - d->mean_all) / sd;
      g_ptr_array_add (out, d);
    }
  g_ptr_array_sort (out, compare_drivers);
  return out;
}

/**
 * gw_tail_mask:
 * @share: the tail's share of the paths, in (0, 1)
 * @upper: the highest values rather than the lowest
 *
 * Returns: (transfer full): a mask of the paths in the lower (or upper)
 *   @share of a per-path scalar
 */
guint8 *
gw_tail_mask (const GwResults *results,
              guint            scalar,
              double           share,
              gboolean         upper,
              guint           *n_kept)
{
  const double *v = gw_results_scalar_values (results, scalar);
  gsize n = results->n_paths;
  gsize k = (gsize) MIN ((double) n - 1, floor (share * n));
  g_autofree double *copy = g_memdup2 (v, n * sizeof (double));
  guint8 *mask = g_malloc0 (MAX (n, 1));
  double cut;
  guint kept = 0;

  gw_select_kth (copy, n, upper ? n - 1 - k : k);
  cut = copy[upper ? n - 1 - k : k];
  for (gsize p = 0; p < n; p++)
    {
      mask[p] = upper ? v[p] > cut : v[p] < cut;
      kept += mask[p];
    }
  *n_kept = kept;
  return mask;
}
