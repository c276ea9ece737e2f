/* gw-explore.c: asking questions of the model: statistics, goal seek, sweeps
 *
 * A question is a statistic of one output (the mean, sd or a quantile of a
 * series at a quarter or of a per-path scalar; for a scalar also the
 * probability of being below or above a threshold) as a function of one
 * input, set to a fixed value. Every evaluation runs the scenario with the
 * same seed, so the paths share their random numbers (common random
 * numbers): the statistic then moves only because the input moved, and a
 * goal seek or a sweep sees a smooth curve rather than Monte Carlo noise.
 *
 * Goal seek brackets the root in [lo, hi] and closes in by the Illinois
 * variant of regula falsi, which keeps the bracket (so it cannot wander
 * off a statistic that is flat in places, as a quantile of a finite sample
 * is between two order statistics) and converges superlinearly where the
 * statistic is smooth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-explore.h"

void
gw_statistic_clear (GwStatistic *stat)
{
  g_clear_pointer (&stat->output, g_free);
  g_clear_pointer (&stat->key, g_free);
  g_clear_pointer (&stat->provider, g_free);
}

/**
 * gw_statistic_parse:
 * @output: "KEY[@PROVIDER]" for a per-path scalar ("min_dscr@CoreWeave"),
 *   "KEY[@PROVIDER]:QUARTER" for a series at a quarter ("price:2030Q4")
 * @statistic: "mean", "sd", "p5", "p10", "p25", "p50", "p75", "p90",
 *   "p95", "P(<X)", "P(>X)" (or "<X", ">X"); a probability of a series
 *   simulates the run's paths again (series_probability())
 *
 * Returns: whether both parse; the names are checked against a run by
 *   gw_statistic_eval()
 */
gboolean
gw_statistic_parse (GwStatistic *stat,
                    const char  *output,
                    const char  *statistic,
                    GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (output ? output : ""));
  g_autofree char *st = g_strstrip (g_ascii_strdown (statistic ? statistic : "", -1));
  char *colon, *at, *s = st;

  memset (stat, 0, sizeof *stat);
  stat->quarter = GW_QUARTER_NONE;
  if (text[0] == '\0')
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("an output is needed, such as “price:2030Q4” or “min_dscr@CoreWeave”"));
      return FALSE;
    }
  stat->output = g_strdup (text);
  colon = strrchr (text, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      if (!gw_quarter_parse (g_strstrip (colon + 1), &stat->quarter))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s”: “%s” is not a quarter such as 2030Q4"), stat->output, colon + 1);
          gw_statistic_clear (stat);
          return FALSE;
        }
    }
  at = strchr (text, '@');
  if (at != NULL)
    {
      *at = '\0';
      stat->provider = g_strdup (g_strstrip (at + 1));
    }
  stat->key = g_strdup (g_strstrip (text));

  if (g_str_equal (s, "mean"))
    stat->kind = GW_STAT_MEAN;
  else if (g_str_equal (s, "sd"))
    stat->kind = GW_STAT_SD;
  else if (s[0] == 'p' && g_ascii_isdigit (s[1]))
    {
      char *end = NULL;
      guint64 level = g_ascii_strtoull (s + 1, &end, 10);
      gboolean found = FALSE;

      for (guint i = 0; i < GW_N_QUANTILES && end != NULL && *end == '\0'; i++)
        if (fabs (gw_quantile_levels[i] * 100 - (double) level) < 1e-9)
          {
            stat->kind = GW_STAT_QUANTILE;
            stat->q = i;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s” is not a quantile Gigawatt computes: use p5, p10, p25, p50, p75, "
                         "p90 or p95"), statistic);
          gw_statistic_clear (stat);
          return FALSE;
        }
    }
  else
    {
      char *end = NULL;

      if (g_str_has_prefix (s, "p(") && g_str_has_suffix (s, ")"))
        {
          s[strlen (s) - 1] = '\0';
          s += 2;
        }
      s = g_strstrip (s);
      if (s[0] == '<' || s[0] == '>')
        {
          stat->kind = s[0] == '<' ? GW_STAT_PROB_BELOW : GW_STAT_PROB_ABOVE;
          s += s[1] == '=' ? 2 : 1;
          stat->threshold = g_ascii_strtod (s, &end);
        }
      if (end == NULL || end == s || *g_strstrip (end) != '\0' || !isfinite (stat->threshold))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s” is not a statistic: use mean, sd, p5 to p95, or P(<X) or P(>X) "
                         "for a scalar"), statistic);
          gw_statistic_clear (stat);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gw_statistic_describe:
 *
 * Returns: "P50 of price:2030Q4", "P(< 1) of min_dscr@CoreWeave"
 */
char *
gw_statistic_describe (const GwStatistic *stat)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (stat->kind)
    {
    case GW_STAT_MEAN:
      return g_strdup_printf (_("mean of %s"), stat->output);
    case GW_STAT_SD:
      return g_strdup_printf (_("sd of %s"), stat->output);
    case GW_STAT_QUANTILE:
      return g_strdup_printf (_("P%g of %s"), gw_quantile_levels[stat->q] * 100, stat->output);
    case GW_STAT_PROB_BELOW:
    case GW_STAT_PROB_ABOVE:
      g_ascii_formatd (buf, sizeof buf, "%g", stat->threshold);
      return g_strdup_printf (_("P(%s %s) of %s"), stat->kind == GW_STAT_PROB_BELOW ? "<" : ">",
                              buf, stat->output);
    default:
      g_assert_not_reached ();
    }
}

/* The statistic's value in a summary (not for probabilities). */
double
gw_statistic_of_summary (const GwStatistic *stat,
                         const GwSummary   *sm)
{
  switch (stat->kind)
    {
    case GW_STAT_MEAN:
      return sm->mean;
    case GW_STAT_SD:
      return sm->sd;
    case GW_STAT_QUANTILE:
      return sm->q[stat->q];
    default:
      g_assert_not_reached ();
    }
}

/* P(x < threshold) or P(x > threshold) of a series column over the run's
 * paths: the run keeps no per-path series, so its paths are simulated
 * again (gw_replay_column()). */
static double
series_probability (const GwPlan *plan,
                    guint         n_paths,
                    guint         column,
                    double        threshold,
                    gboolean      below)
{
  g_autofree double *v = g_new (double, MAX (n_paths, 1));

  gw_replay_column (plan, n_paths, NULL, column, v);
  return gw_column_probability (v, n_paths, threshold, below);
}

/**
 * gw_statistic_eval:
 *
 * The statistic in @results; an error names an output, a provider or a
 * quarter the run does not have.
 */
gboolean
gw_statistic_eval (const GwStatistic *stat,
                   const GwResults   *results,
                   double            *value,
                   GError           **error)
{
  const GwPlan *plan = results->plan;

  if (stat->quarter != GW_QUARTER_NONE)
    {
      int series = gw_plan_find_series (plan, stat->key, stat->provider);
      int t = stat->quarter - plan->scenario->info.start;

      if (series < 0)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                       _("“%s”: the run has no series “%s”%s%s (the names are those of "
                         "gigawatt-cli run --csv)"), stat->output, stat->key,
                       stat->provider ? _(" for provider ") : "",
                       stat->provider ? stat->provider : "");
          return FALSE;
        }
      if (t < 0 || (guint) t >= plan->T)
        {
          g_autofree char *first = gw_quarter_format (plan->scenario->info.start);
          g_autofree char *last = gw_quarter_format (plan->scenario->info.start + (int) plan->T - 1);

          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s”: the scenario runs from %s to %s"), stat->output, first, last);
          return FALSE;
        }
      if (stat->kind == GW_STAT_PROB_BELOW || stat->kind == GW_STAT_PROB_ABOVE)
        *value = series_probability (plan, results->n_paths, (guint) series * plan->T + (guint) t,
                                     stat->threshold, stat->kind == GW_STAT_PROB_BELOW);
      else
        *value = gw_statistic_of_summary (stat, &results->series[(guint) series * plan->T + (guint) t]);
      return TRUE;
    }
  {
    int x = gw_plan_find_scalar (plan, stat->key, stat->provider);

    if (x < 0)
      {
        g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                     _("“%s”: the run has no per-path scalar “%s”%s%s; a series needs a "
                       "quarter, as in “%s:2030Q4”"), stat->output, stat->key,
                     stat->provider ? _(" for provider ") : "",
                     stat->provider ? stat->provider : "", stat->output);
        return FALSE;
      }
    if (stat->kind == GW_STAT_PROB_BELOW || stat->kind == GW_STAT_PROB_ABOVE)
      *value = gw_results_probability (results, (guint) x, stat->threshold,
                                       stat->kind == GW_STAT_PROB_BELOW);
    else
      *value = gw_statistic_of_summary (stat, &results->scalars[x]);
    return TRUE;
  }
}

/**
 * gw_scenario_with_input:
 * @variant: (nullable): the variant to apply first
 * @input: an input path, as in a variant's overrides ("deals[Meta II].price")
 *
 * Returns: (transfer full) (nullable): the scenario, resolved, with @input
 *   fixed at @value (a distribution becomes that fixed value), validated
 */
GwScenario *
gw_scenario_with_input (const GwScenario *scenario,
                        const char       *variant,
                        const char       *input,
                        double            value,
                        GError          **error)
{
  g_autoptr(GwScenario) s = gw_scenario_resolve (scenario, variant, error);
  g_autoptr(GError) invalid = NULL;
  const GwField *field;
  GwInputRef ref;
  gpointer row;

  if (s == NULL)
    return NULL;
  if (!gw_scenario_parse_input (s, input, &ref, error))
    return NULL;
  field = gw_table_field (ref.table, ref.field);
  row = gw_scenario_get_row (s, ref.table, ref.row);
  if (!isfinite (value))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("%s: a value must be finite"),
                   input);
      return NULL;
    }
  if (field->type == GW_FIELD_DIST)
    *GW_FIELD_DIST_OF (row, field) = gw_dist_fixed (value);
  else if (field->type == GW_FIELD_REAL)
    GW_FIELD_REAL_OF (row, field) = value;
  else
    GW_FIELD_INT_OF (row, field) = (int) CLAMP (round (value), G_MININT + 1, G_MAXINT);
  if (!gw_scenario_validate (s, &invalid))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_set_error (error, GW_ERROR, invalid->code, _("%s = %s: %s"), input,
                   g_ascii_formatd (buf, sizeof buf, "%.6g", value), invalid->message);
      return NULL;
    }
  return g_steal_pointer (&s);
}

/**
 * gw_input_range:
 *
 * The valid range of @input's field, where both ends are finite.
 */
gboolean
gw_input_range (const GwScenario *scenario,
                const char       *input,
                double           *lo,
                double           *hi,
                GError          **error)
{
  const GwField *field;
  GwInputRef ref;

  if (!gw_scenario_parse_input (scenario, input, &ref, error))
    return FALSE;
  field = gw_table_field (ref.table, ref.field);
  if (!isfinite (field->min) || !isfinite (field->max))
    {
      g_autofree char *valid = gw_field_format_valid (field);

      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("%s may be %s: give the range to search (--range LO,HI)"), input, valid);
      return FALSE;
    }
  *lo = field->min;
  *hi = field->max;
  return TRUE;
}

/**
 * gw_statistic_eval_se:
 * @se: (out) (optional): the statistic's Monte Carlo standard error, NaN
 *   where none is known
 *
 * gw_statistic_eval() and gw_statistic_standard_error() together.
 */
gboolean
gw_statistic_eval_se (const GwStatistic *stat,
                      const GwResults   *results,
                      double            *value,
                      double            *se,
                      GError           **error)
{
  if (!gw_statistic_eval (stat, results, value, error))
    return FALSE;
  /* a probability's from its value: for a series, asking
   * gw_statistic_standard_error() would replay the paths a second time */
  if (se != NULL && (stat->kind == GW_STAT_PROB_BELOW || stat->kind == GW_STAT_PROB_ABOVE))
    *se = sqrt (MAX (*value * (1 - *value), 0) / results->n_paths);
  else if (se != NULL && !gw_statistic_standard_error (stat, results, se, NULL))
    *se = NAN;
  return TRUE;
}

/**
 * gw_explore_eval_full:
 * @options: the run's options (its variant is applied first; the seed is
 *   the scenario's unless set, the same for every evaluation)
 * @cancellable: (nullable): stops the run
 * @se: (out) (optional): the statistic's Monte Carlo standard error, NaN
 *   where none is known (gw_statistic_standard_error())
 *
 * The statistic with @input fixed at @value.
 */
gboolean
gw_explore_eval_full (const GwScenario   *scenario,
                      const GwRunOptions *options,
                      const char         *input,
                      double              value,
                      const GwStatistic  *stat,
                      GCancellable       *cancellable,
                      double             *result,
                      double             *se,
                      GError            **error)
{
  g_autoptr(GwScenario) s = gw_scenario_with_input (scenario, options->variant, input, value,
                                                    error);
  g_autoptr(GwResults) results = NULL;
  GwRunOptions opts = *options;

  if (s == NULL)
    return FALSE;
  opts.variant = NULL;
  results = gw_run (s, &opts, cancellable, NULL, NULL, error);
  return results != NULL && gw_statistic_eval_se (stat, results, result, se, error);
}

/**
 * gw_explore_eval:
 *
 * gw_explore_eval_full() without a cancellable or a standard error.
 */
gboolean
gw_explore_eval (const GwScenario   *scenario,
                 const GwRunOptions *options,
                 const char         *input,
                 double              value,
                 const GwStatistic  *stat,
                 double             *result,
                 GError            **error)
{
  return gw_explore_eval_full (scenario, options, input, value, stat, NULL, result, NULL, error);
}

/**
 * gw_goal_seek_full:
 * @target: the value the statistic should take
 * @lo: the lower end of the range searched
 * @hi: the upper end: the statistic minus @target must change sign
 *   between @lo and @hi
 * @tolerance: stop when the statistic is within this of @target (0: a
 *   thousandth of its change across the bracket)
 * @max_steps: evaluations at most, the two ends included
 * @cancellable: (nullable): stops the search between or during runs
 * @point: (nullable): called after each run with its value, the statistic
 *   and the statistic's standard error (NaN where none is known)
 * @x: (out): the input's value found
 * @y: (out): the statistic there
 *
 * Returns: %TRUE when the statistic is within @tolerance of @target, or
 *   the bracket has shrunk to nothing at a jump of the statistic (then @x
 *   is the end nearer the target); %FALSE with an error when no root is
 *   bracketed, a run fails, or @max_steps run out (@x and @y are then the
 *   best found)
 */
gboolean
gw_goal_seek_full (const GwScenario   *scenario,
                   const GwRunOptions *options,
                   const char         *input,
                   const GwStatistic  *stat,
                   double              target,
                   double              lo,
                   double              hi,
                   double              tolerance,
                   guint               max_steps,
                   GCancellable       *cancellable,
                   GwExplorePointFunc  point,
                   gpointer            point_data,
                   double             *x,
                   double             *y,
                   GError            **error)
{
  double se;
  double a = lo, b = hi, ya, yb, fa, fb;
  double best_x, best_y;
  guint n = 0;
  int side = 0;

  g_return_val_if_fail (max_steps >= 3, FALSE);
  if (!(lo < hi) || !isfinite (lo) || !isfinite (hi) || !isfinite (target))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("the range to search must be two finite numbers, the lower first"));
      return FALSE;
    }
  if (!gw_explore_eval_full (scenario, options, input, a, stat, cancellable, &ya, &se, error))
    return FALSE;
  if (point != NULL)
    point (n, a, ya, se, point_data);
  n++;
  if (!gw_explore_eval_full (scenario, options, input, b, stat, cancellable, &yb, &se, error))
    return FALSE;
  if (point != NULL)
    point (n, b, yb, se, point_data);
  n++;
  fa = ya - target;
  fb = yb - target;
  if (tolerance <= 0)
    tolerance = fabs (ya - yb) * 1e-3;
  best_x = fabs (fa) <= fabs (fb) ? a : b;
  best_y = fabs (fa) <= fabs (fb) ? ya : yb;
  *x = best_x;
  *y = best_y;
  if (fabs (fa) <= tolerance || fabs (fb) <= tolerance)
    return TRUE;
  if ((fa > 0) == (fb > 0))
    {
      g_autofree char *what = gw_statistic_describe (stat);
      char s_lo[32], s_hi[32], s_ya[32], s_yb[32], s_t[32];

      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("no value of %s from %s to %s gives %s = %s: it goes from %s to %s "
                     "over that range"), input,
                   g_ascii_formatd (s_lo, sizeof s_lo, "%.6g", lo),
                   g_ascii_formatd (s_hi, sizeof s_hi, "%.6g", hi), what,
                   g_ascii_formatd (s_t, sizeof s_t, "%.6g", target),
                   g_ascii_formatd (s_ya, sizeof s_ya, "%.6g", ya),
                   g_ascii_formatd (s_yb, sizeof s_yb, "%.6g", yb));
      return FALSE;
    }

  while (n < max_steps)
    {
      double c = (fa * b - fb * a) / (fa - fb);
      double yc, fc;

      /* a jump of the statistic (a quantile between order statistics):
       * the bracket closes on it without a root */
      if (!(c > MIN (a, b) && c < MAX (a, b)) || fabs (b - a) <= 1e-12 * (fabs (a) + fabs (b)))
        return TRUE;
      if (!gw_explore_eval_full (scenario, options, input, c, stat, cancellable, &yc, &se,
                                 error))
        return FALSE;
      if (point != NULL)
        point (n, c, yc, se, point_data);
      n++;
      fc = yc - target;
      if (fabs (fc) < fabs (best_y - target))
        {
          best_x = c;
          best_y = yc;
          *x = best_x;
          *y = best_y;
        }
      if (fabs (fc) <= tolerance)
        return TRUE;
      if ((fc > 0) == (fb > 0))
        {
          b = c;
          fb = fc;
          if (side == -1)
            fa /= 2;
          side = -1;
        }
      else
        {
          a = c;
          fa = fc;
          if (side == 1)
            fb /= 2;
          side = 1;
        }
    }
  {
    char s_x[32], s_y[32];

    g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                 _("no value within the tolerance after %u runs; the closest was %s = %s, "
                   "giving %s"), n, input, g_ascii_formatd (s_x, sizeof s_x, "%.6g", best_x),
                 g_ascii_formatd (s_y, sizeof s_y, "%.6g", best_y));
  }
  return FALSE;
}

typedef struct
{
  GwExploreStepFunc step;
  gpointer          data;
} StepAdapter;

static void
step_adapter (guint    step,
              double   x,
              double   y,
              double   se,
              gpointer user_data)
{
  StepAdapter *a = user_data;

  a->step (step, x, y, a->data);
}

/**
 * gw_goal_seek:
 *
 * gw_goal_seek_full() without a cancellable, its @step told only the
 * value and the statistic.
 */
gboolean
gw_goal_seek (const GwScenario   *scenario,
              const GwRunOptions *options,
              const char         *input,
              const GwStatistic  *stat,
              double              target,
              double              lo,
              double              hi,
              double              tolerance,
              guint               max_steps,
              GwExploreStepFunc   step,
              gpointer            step_data,
              double             *x,
              double             *y,
              GError            **error)
{
  StepAdapter a = { step, step_data };

  return gw_goal_seek_full (scenario, options, input, stat, target, lo, hi, tolerance, max_steps,
                            NULL, step != NULL ? step_adapter : NULL, &a, x, y, error);
}

/**
 * gw_statistic_standard_error:
 *
 * The Monte Carlo standard error of the statistic in @results: sd / sqrt(N)
 * for a mean; for a quantile of a per-path scalar, half the distance
 * between the order statistics sqrt(N p (1 - p)) ranks either side of it
 * (the normal approximation of the order-statistic band); for a
 * probability P, sqrt(P (1 - P) / N). A quantile of a series, whose paths
 * are not kept, has none: %FALSE with an error.
 */
gboolean
gw_statistic_standard_error (const GwStatistic *stat,
                             const GwResults   *results,
                             double            *se,
                             GError           **error)
{
  const GwPlan *plan = results->plan;
  double n = results->n_paths;
  double value;

  if (!gw_statistic_eval (stat, results, &value, error))
    return FALSE;
  switch (stat->kind)
    {
    case GW_STAT_MEAN:
      {
        const GwSummary *sm;

        if (stat->quarter != GW_QUARTER_NONE)
          sm = &results->series[(guint) gw_plan_find_series (plan, stat->key, stat->provider)
                                * plan->T + (guint) (stat->quarter - plan->scenario->info.start)];
        else
          sm = &results->scalars[gw_plan_find_scalar (plan, stat->key, stat->provider)];
        *se = sm->sd / sqrt (n);
        return TRUE;
      }
    case GW_STAT_PROB_BELOW:
    case GW_STAT_PROB_ABOVE:
      *se = sqrt (MAX (value * (1 - value), 0) / n);
      return TRUE;
    case GW_STAT_QUANTILE:
      if (stat->quarter == GW_QUARTER_NONE)
        {
          int x = gw_plan_find_scalar (plan, stat->key, stat->provider);
          double p = gw_quantile_levels[stat->q];
          double s = sqrt (n * p * (1 - p));
          gsize lo = (gsize) MAX (0, floor ((n - 1) * p - s));
          gsize hi = (gsize) MIN (n - 1, ceil ((n - 1) * p + s));
          g_autofree double *v = g_memdup2 (gw_results_scalar_values (results, (guint) x),
                                            results->n_paths * sizeof (double));
          double a, b;

          gw_select_kth (v, results->n_paths, lo);
          a = v[lo];
          gw_select_kth (v + lo, results->n_paths - lo, hi - lo);
          b = v[hi];
          *se = (b - a) / 2;
          return TRUE;
        }
      /* fall through */
    case GW_STAT_SD:
    default:
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("“%s”: a standard error is known for a mean, a probability, or a quantile "
                     "of a per-path scalar"), stat->output);
      return FALSE;
    }
}

/**
 * gw_converge_full:
 * @target_se: stop when the statistic's standard error is at most this
 * @first_paths: paths of the first run
 * @max_paths: paths at most
 * @cancellable: (nullable): stops between or during runs
 * @point: (nullable): called after each run with its paths, the
 *   statistic and its standard error
 *
 * Runs with more paths until the standard error of @stat falls under
 * @target_se: each run's N is what the last one's standard error says is
 * needed (SE falls as 1 / sqrt (N)), with a tenth more, at least twice the
 * last N. Path i is the same whatever N, so each run extends the last.
 *
 * @converged: (out): whether the standard error reached @target_se (else
 *   @max_paths ran out first)
 *
 * Returns: (transfer full) (nullable): the last run's results, or %NULL
 *   with @error set when a run fails or is cancelled
 */
GwResults *
gw_converge_full (const GwScenario   *scenario,
                  const GwRunOptions *options,
                  const GwStatistic  *stat,
                  double              target_se,
                  guint               first_paths,
                  guint               max_paths,
                  GCancellable       *cancellable,
                  GwExplorePointFunc  point,
                  gpointer            point_data,
                  gboolean           *converged,
                  GError            **error)
{
  GwRunOptions opt = *options;
  GwResults *results = NULL;
  guint n = MAX (first_paths, 100);

  for (guint i = 0;; i++)
    {
      double value, se;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_pointer (&results, gw_results_unref);
          return NULL;
        }
      opt.paths = MIN (n, max_paths);
      g_clear_pointer (&results, gw_results_unref);
      results = gw_run (scenario, &opt, cancellable, NULL, NULL, error);
      if (results == NULL)
        return NULL;
      if (!gw_statistic_eval (stat, results, &value, error) ||
          !gw_statistic_standard_error (stat, results, &se, error))
        {
          g_clear_pointer (&results, gw_results_unref);
          return NULL;
        }
      if (point != NULL)
        point (i, opt.paths, value, se, point_data);
      *converged = se <= target_se;
      if (*converged || opt.paths >= max_paths)
        return results;
      {
        double need = opt.paths * (se / target_se) * (se / target_se) * 1.1;

        n = (guint) MIN ((double) max_paths, MAX (need, 2.0 * opt.paths));
      }
    }
}

typedef struct
{
  GwExploreStepFunc step;
  gpointer          data;
} ConvergeStep;

static void
converge_step_cb (guint    step,
                  double   paths,
                  double   value,
                  double   se,
                  gpointer user_data)
{
  ConvergeStep *cs = user_data;

  cs->step (step, paths, se, cs->data);
}

/**
 * gw_converge:
 *
 * gw_converge_full() without a cancellable, its @step told each run's
 * paths and standard error (not the statistic).
 */
GwResults *
gw_converge (const GwScenario   *scenario,
             const GwRunOptions *options,
             const GwStatistic  *stat,
             double              target_se,
             guint               first_paths,
             guint               max_paths,
             GwExploreStepFunc   step,
             gpointer            step_data,
             gboolean           *converged,
             GError            **error)
{
  ConvergeStep cs = { step, step_data };

  return gw_converge_full (scenario, options, stat, target_se, first_paths, max_paths, NULL,
                           step != NULL ? converge_step_cb : NULL, &cs, converged, error);
}
