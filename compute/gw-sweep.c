/* gw-sweep.c: a statistic over a range of one input, a grid of two, or
 * the inputs of a spider chart
 *
 * Every point runs the scenario with the same seed (common random numbers,
 * gw-explore.c), so a curve moves only because its input moved. A grid is
 * a family of sweeps, each with the second input held at one value; a
 * spider chart is a sweep per input over its own P10 to P90, the x axis
 * the input's percentile, as Crystal Ball draws it, so that inputs in
 * dollars, shares and units share one axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gw-plan.h"
#include "gw-sweep.h"

void
gw_input_info_free (GwInputInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->label);
  g_free (info);
}

/**
 * gw_explore_inputs:
 * @variant: (nullable): the variant applied first
 *
 * The inputs goal seek and sweeps may set, in the order of the model's
 * slots: every number that may hold a distribution, less a deal's derived
 * field and an initial fleet that has no row.
 *
 * Returns: (transfer full) (element-type GwInputInfo): the inputs, or
 *   %NULL with @error set when the scenario cannot be planned
 */
GPtrArray *
gw_explore_inputs (const GwScenario *scenario,
                   const char       *variant,
                   GError          **error)
{
  g_autoptr(GwPlan) plan = gw_plan_new (scenario, variant, error);
  GPtrArray *inputs;

  if (plan == NULL)
    return NULL;
  inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_input_info_free);
  for (guint k = 0; k < plan->K; k++)
    {
      const GwSlot *slot = &g_array_index (plan->slots, GwSlot, k);
      GwInputInfo *info;

      if (slot->row < 0)
        continue;
      if (slot->table == GW_TABLE_DEALS
          && slot->field == gw_deal_derived_field (gw_scenario_deal (plan->scenario, slot->row)))
        continue;
      info = g_new0 (GwInputInfo, 1);
      info->path = gw_plan_slot_path (plan, k);
      info->label = gw_plan_slot_label (plan, k);
      info->uncertain = gw_plan_slot_uncertain (plan, k);
      info->value = plan->slot_dists[k].kind == GW_DIST_NONE ? 0
                    : gw_dist_central (&plan->slot_dists[k]);
      g_ptr_array_add (inputs, info);
    }
  return inputs;
}

/* The distribution of @input after @variant. */
static gboolean
input_dist (const GwScenario *scenario,
            const char       *variant,
            const char       *input,
            GwDist           *dist,
            GError          **error)
{
  g_autoptr(GwScenario) s = gw_scenario_resolve (scenario, variant, error);
  g_autoptr(GArray) slots = NULL;
  GwInputRef ref;
  int k;

  if (s == NULL || !gw_scenario_parse_input (s, input, &ref, error))
    return FALSE;
  slots = gw_scenario_slots (s);
  k = gw_scenario_find_slot (s, slots, &ref);
  if (k < 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("%s is not an input of the model"), input);
      return FALSE;
    }
  *dist = gw_scenario_slot_dist (s, &g_array_index (slots, GwSlot, k));
  return TRUE;
}

/**
 * gw_input_quantile:
 * @p: the level, between 0 and 1
 *
 * The @p quantile of an uncertain input's distribution; an error for a
 * fixed one.
 */
gboolean
gw_input_quantile (const GwScenario *scenario,
                   const char       *variant,
                   const char       *input,
                   double            p,
                   double           *x,
                   GError          **error)
{
  GwDist dist;

  if (!input_dist (scenario, variant, input, &dist, error))
    return FALSE;
  if (!gw_dist_is_uncertain (&dist))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("%s is a fixed value, so it has no P10 to P90 to sweep"), input);
      return FALSE;
    }
  *x = gw_dist_icdf (&dist, p);
  return TRUE;
}

/**
 * gw_input_default_range:
 *
 * A range to search or sweep when none is given: the field's valid range
 * where both its ends are finite (gw_input_range()); else an uncertain
 * input's P5 to P95, widened by a tenth either side; else half to one and
 * a half times its value (0 to 1 for a zero); always within the field's
 * valid range.
 */
gboolean
gw_input_default_range (const GwScenario *scenario,
                        const char       *variant,
                        const char       *input,
                        double           *lo,
                        double           *hi,
                        GError          **error)
{
  const GwField *field;
  GwInputRef ref;
  GwDist dist;

  if (gw_input_range (scenario, input, lo, hi, NULL))
    return TRUE;
  if (!input_dist (scenario, variant, input, &dist, error)
      || !gw_scenario_parse_input (scenario, input, &ref, error))
    return FALSE;
  field = gw_table_field (ref.table, ref.field);
  if (gw_dist_is_uncertain (&dist))
    {
      double a = gw_dist_icdf (&dist, 0.05), b = gw_dist_icdf (&dist, 0.95);

      *lo = a - (b - a) * 0.1;
      *hi = b + (b - a) * 0.1;
    }
  else
    {
      double v = dist.kind == GW_DIST_NONE ? 0 : gw_dist_central (&dist);

      *lo = v == 0 ? 0 : MIN (v * 0.5, v * 1.5);
      *hi = v == 0 ? 1 : MAX (v * 0.5, v * 1.5);
    }
  /* a bound the field may not take (price > 0) is approached, not taken */
  if (isfinite (field->min) && *lo <= field->min)
    *lo = field->min + (*hi - field->min) * 1e-3;
  if (isfinite (field->max) && *hi >= field->max)
    *hi = field->max - (field->max - *lo) * 1e-3;
  if (!(*lo < *hi))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("%s has no range to search: give one"), input);
      return FALSE;
    }
  return TRUE;
}

/* Sweeps */

/**
 * gw_sweep_new:
 * @x: (array length=n): the input's values
 *
 * Returns: (transfer full): a sweep of @n points, none evaluated yet
 */
GwSweep *
gw_sweep_new (const char   *input,
              const double *x,
              guint         n,
              guint         n_stats)
{
  GwSweep *sweep = g_new0 (GwSweep, 1);

  g_return_val_if_fail (n > 0 && n_stats > 0, NULL);
  sweep->input = g_strdup (input);
  sweep->n = n;
  sweep->x = g_memdup2 (x, n * sizeof (double));
  sweep->n_stats = n_stats;
  sweep->y = g_new (double, (gsize) n * n_stats);
  sweep->se = g_new (double, (gsize) n * n_stats);
  for (gsize i = 0; i < (gsize) n * n_stats; i++)
    sweep->y[i] = sweep->se[i] = NAN;
  return sweep;
}

void
gw_sweep_free (GwSweep *sweep)
{
  if (sweep == NULL)
    return;
  g_free (sweep->input);
  g_free (sweep->by_input);
  g_free (sweep->x);
  g_free (sweep->u);
  g_free (sweep->y);
  g_free (sweep->se);
  g_free (sweep);
}

/* Holds a second input at @by_value at every point: one line of a grid. */
void
gw_sweep_set_by (GwSweep    *sweep,
                 const char *by_input,
                 double      by_value)
{
  g_free (sweep->by_input);
  sweep->by_input = g_strdup (by_input);
  sweep->by_value = by_value;
}

/* @n values evenly from @lo to @hi, both included, as gigawatt-cli sweep
 * steps. */
void
gw_sweep_linspace (double  lo,
                   double  hi,
                   guint   n,
                   double *out)
{
  for (guint i = 0; i < n; i++)
    out[i] = n == 1 ? lo : lo + (hi - lo) * i / (double) (n - 1);
}

/**
 * gw_spider_line_new:
 * @n: points, at least 2: the input's P10 to P90 in even steps of
 *   probability
 *
 * Returns: (transfer full) (nullable): a spider chart's line for @input,
 *   not evaluated yet; %NULL with an error for a fixed input
 */
GwSweep *
gw_spider_line_new (const GwScenario *scenario,
                    const char       *variant,
                    const char       *input,
                    guint             n,
                    guint             n_stats,
                    GError          **error)
{
  g_autofree double *u = g_new (double, MAX (n, 2));
  g_autofree double *x = g_new (double, MAX (n, 2));
  GwSweep *sweep;

  g_return_val_if_fail (n >= 2, NULL);
  gw_sweep_linspace (0.1, 0.9, n, u);
  for (guint i = 0; i < n; i++)
    if (!gw_input_quantile (scenario, variant, input, u[i], &x[i], error))
      return NULL;
  sweep = gw_sweep_new (input, x, n, n_stats);
  sweep->u = g_steal_pointer (&u);
  return sweep;
}

/**
 * gw_sweep_run:
 * @options: the run's options; its variant is applied first
 * @stats: (array): @sweep's n_stats statistics
 * @row: (nullable): called after each point, on this thread
 *
 * Evaluates the points of @sweep not yet done, in order: @sweep->done
 * counts them, so a cancelled sweep keeps what it had.
 */
gboolean
gw_sweep_run (const GwScenario   *scenario,
              const GwRunOptions *options,
              GwSweep            *sweep,
              const GwStatistic  *stats,
              GCancellable       *cancellable,
              GwSweepRowFunc      row,
              gpointer            row_data,
              GError            **error)
{
  GwRunOptions opts = *options;

  opts.variant = NULL;
  for (; sweep->done < sweep->n; sweep->done++)
    {
      guint i = sweep->done;
      g_autoptr(GwScenario) with = NULL;
      g_autoptr(GwResults) results = NULL;

      with = gw_scenario_with_input (scenario, options->variant, sweep->input, sweep->x[i],
                                     error);
      if (with != NULL && sweep->by_input != NULL)
        {
          GwScenario *both = gw_scenario_with_input (with, NULL, sweep->by_input,
                                                     sweep->by_value, error);

          gw_scenario_free (with);
          with = both;
        }
      if (with == NULL)
        return FALSE;
      results = gw_run (with, &opts, cancellable, NULL, NULL, error);
      if (results == NULL)
        return FALSE;
      for (guint c = 0; c < sweep->n_stats; c++)
        if (!gw_statistic_eval_se (&stats[c], results, &sweep->y[(gsize) i * sweep->n_stats + c],
                                   &sweep->se[(gsize) i * sweep->n_stats + c], error))
          return FALSE;
      if (row != NULL)
        row (sweep, i, row_data);
    }
  return TRUE;
}

static void
csv_text (GString    *out,
          const char *text)
{
  g_autofree char *quoted = NULL;
  g_auto(GStrv) parts = g_strsplit (text, "\"", -1);

  quoted = g_strjoinv ("\"\"", parts);
  g_string_append_printf (out, "\"%s\"", quoted);
}

static void
csv_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/**
 * gw_sweeps_csv:
 * @sweeps: (array length=n_sweeps): sweeps of the same statistics
 *
 * The evaluated rows as CSV. One plain sweep has the columns of
 * gigawatt-cli sweep --csv: the input, then a column per statistic
 * ("P(< 1) of min_dscr@CoreWeave"). A grid adds the second input's column
 * first; a spider chart has the input's path, its percentile and its value.
 *
 * Returns: (transfer full): the CSV text
 */
char *
gw_sweeps_csv (GwSweep *const    *sweeps,
               guint              n_sweeps,
               const GwStatistic *stats)
{
  GString *out = g_string_new (NULL);
  gboolean spider = n_sweeps > 0 && sweeps[0]->u != NULL;
  gboolean grid = n_sweeps > 0 && sweeps[0]->by_input != NULL;

  g_return_val_if_fail (n_sweeps > 0, g_string_free (out, FALSE));
  if (spider)
    g_string_append (out, "\"input\",\"percentile\",\"value\"");
  else
    {
      if (grid)
        {
          csv_text (out, sweeps[0]->by_input);
          g_string_append_c (out, ',');
        }
      csv_text (out, sweeps[0]->input);
    }
  for (guint c = 0; c < sweeps[0]->n_stats; c++)
    {
      g_autofree char *what = gw_statistic_describe (&stats[c]);

      g_string_append_c (out, ',');
      csv_text (out, what);
    }
  g_string_append_c (out, '\n');
  for (guint k = 0; k < n_sweeps; k++)
    {
      const GwSweep *s = sweeps[k];

      for (guint i = 0; i < s->done; i++)
        {
          if (spider)
            {
              csv_text (out, s->input);
              g_string_append_c (out, ',');
              csv_number (out, s->u[i]);
              g_string_append_c (out, ',');
            }
          else if (grid)
            {
              csv_number (out, s->by_value);
              g_string_append_c (out, ',');
            }
          csv_number (out, s->x[i]);
          for (guint c = 0; c < s->n_stats; c++)
            {
              g_string_append_c (out, ',');
              csv_number (out, s->y[(gsize) i * s->n_stats + c]);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}
