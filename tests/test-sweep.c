/* test-sweep.c: the sweep driver, spider lines and goal seek with
 * standard errors (compute/gw-sweep.c, compute/gw-explore.c), without a
 * display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-builtin.h"
#include "gw-sweep.h"

#define META_PRICE "deals[Meta II].price"

static GwScenario *
baseline (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return s;
}

static GwRunOptions
small_run (void)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;

  opt.paths = 400;
  opt.threads = 1;
  opt.engine = GW_ENGINE_CPU;
  return opt;
}

/* The inputs are named in words, with their override paths; a deal's
 * derived field is not offered. */
static void
test_inputs (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = gw_explore_inputs (s, NULL, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (inputs);
  g_assert_cmpuint (inputs->len, >, 20);
  for (guint i = 0; i < inputs->len; i++)
    {
      const GwInputInfo *info = inputs->pdata[i];
      GwInputRef ref;

      g_assert_true (gw_scenario_parse_input (s, info->path, &ref, NULL));
      if (ref.table == GW_TABLE_DEALS)
        g_assert_cmpint (ref.field, !=, gw_deal_derived_field (gw_scenario_deal (s, ref.row)));
      if (g_str_equal (info->path, META_PRICE))
        {
          found = TRUE;
          g_assert_cmpstr (info->label, ==, "Meta II deal: Price");
          g_assert_cmpfloat (info->value, >, 0);
        }
    }
  g_assert_true (found);
}

/* A sweep's points are gw_explore_eval()'s values at the same inputs, to
 * the bit (the same seed at every point), and its CSV has the columns of
 * gigawatt-cli sweep. */
static void
test_sweep_matches_eval (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_auto(GwStatistic) prob = { 0 };
  g_auto(GwStatistic) median = { 0 };
  GwStatistic stats[2];
  GwRunOptions opt = small_run ();
  double xs[3];
  g_autoptr(GwSweep) sweep = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (gw_statistic_parse (&prob, "min_dscr@CoreWeave", "P(<1)", &error));
  g_assert_true (gw_statistic_parse (&median, "price:2030Q4", "p50", &error));
  stats[0] = prob;
  stats[1] = median;
  gw_sweep_linspace (0.5, 2.5, 3, xs);
  g_assert_cmpfloat (xs[1], ==, 1.5);
  sweep = gw_sweep_new (META_PRICE, xs, 3, 2);
  g_assert_true (gw_sweep_run (s, &opt, sweep, stats, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->done, ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint c = 0; c < 2; c++)
      {
        double y, se;

        g_assert_true (gw_explore_eval_full (s, &opt, META_PRICE, xs[i], &stats[c], NULL, &y,
                                             &se, &error));
        g_assert_cmpfloat (sweep->y[i * 2 + c], ==, y);
        if (c == 0)
          {
            /* a probability's standard error, sqrt (P (1 - P) / N) */
            g_assert_cmpfloat_with_epsilon (sweep->se[i * 2], sqrt (y * (1 - y) / 400), 1e-15);
            g_assert_cmpfloat (sweep->se[i * 2], ==, se);
          }
        else
          g_assert_true (isnan (sweep->se[i * 2 + 1])); /* a series quantile has none */
      }
  /* a cheaper Meta II contract leaves CoreWeave short of cover more often */
  g_assert_cmpfloat (sweep->y[0], >, sweep->y[4]);

  csv = gw_sweeps_csv (&sweep, 1, stats);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==,
                   "\"deals[Meta II].price\",\"P(< 1) of min_dscr@CoreWeave\",\"P50 of price:2030Q4\"");
  g_assert_true (g_str_has_prefix (lines[2], "1.5,"));
  g_assert_cmpfloat (g_ascii_strtod (strchr (lines[2], ',') + 1, NULL), ==, sweep->y[2]);
  g_assert_cmpstr (lines[4], ==, "");
  memset (&prob, 0, sizeof prob);   /* owned by stats[] now */
  memset (&median, 0, sizeof median);
  gw_statistic_clear (&stats[0]);
  gw_statistic_clear (&stats[1]);
}

/* A spider line runs its input from P10 to P90 of its own distribution. */
static void
test_spider_line (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = gw_explore_inputs (s, NULL, &error);
  const GwInputInfo *uncertain = NULL, *fixed = NULL;
  g_autoptr(GwSweep) line = NULL;
  double p10, p90;

  for (guint i = 0; i < inputs->len; i++)
    {
      const GwInputInfo *info = inputs->pdata[i];

      if (info->uncertain && uncertain == NULL)
        uncertain = info;
      if (!info->uncertain && fixed == NULL)
        fixed = info;
    }
  g_assert_nonnull (uncertain);
  line = gw_spider_line_new (s, NULL, uncertain->path, 5, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (line->u[0], ==, 0.1);
  g_assert_cmpfloat_with_epsilon (line->u[2], 0.5, 1e-15);
  g_assert_cmpfloat (line->u[4], ==, 0.9);
  g_assert_true (gw_input_quantile (s, NULL, uncertain->path, 0.1, &p10, &error));
  g_assert_true (gw_input_quantile (s, NULL, uncertain->path, 0.9, &p90, &error));
  g_assert_cmpfloat (line->x[0], ==, p10);
  g_assert_cmpfloat (line->x[4], ==, p90);
  g_assert_cmpfloat (p10, <, p90);

  if (fixed != NULL)
    {
      g_autoptr(GError) no = NULL;
      g_autoptr(GwSweep) none = gw_spider_line_new (s, NULL, fixed->path, 5, 1, &no);

      g_assert_null (none);
      g_assert_error (no, GW_ERROR, GW_ERROR_INVALID_VALUE);
    }
}

/* A range for an input whose field is unbounded: finite, increasing, and
 * within the field's valid values. */
static void
test_default_range (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  double lo, hi;

  g_assert_false (gw_input_range (s, META_PRICE, &lo, &hi, NULL));
  g_assert_true (gw_input_default_range (s, NULL, META_PRICE, &lo, &hi, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lo, >, 0);
  g_assert_cmpfloat (lo, <, hi);
  g_assert_true (isfinite (hi));
  g_assert_false (gw_input_default_range (s, NULL, "market.nothing", &lo, &hi, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  guint         n;
  gboolean      all_se;
  GCancellable *cancel_after_two;
} Points;

static void
point_cb (guint    step,
          double   x,
          double   y,
          double   se,
          gpointer user_data)
{
  Points *p = user_data;

  g_assert_cmpuint (step, ==, p->n);
  p->n++;
  p->all_se = p->all_se && isfinite (se) && se > 0;
  if (p->cancel_after_two != NULL && p->n == 2)
    g_cancellable_cancel (p->cancel_after_two);
}

/* Goal seek tells each run's standard error, finds the root the plain
 * gw_goal_seek() finds, and stops when cancelled. */
static void
test_goal_seek_full (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = small_run ();
  Points points = { 0, TRUE, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double x, y, x2, y2, target;

  g_assert_true (gw_statistic_parse (&stat, "min_dscr@CoreWeave", "P(<1)", &error));
  /* between the ends' values, so that a root is bracketed; a multiple of
   * 1 / 400, which a probability over 400 paths can take */
  {
    double ya, yb;

    g_assert_true (gw_explore_eval (s, &opt, META_PRICE, 0.5, &stat, &ya, &error));
    g_assert_true (gw_explore_eval (s, &opt, META_PRICE, 4, &stat, &yb, &error));
    target = 0.6;
    g_assert_cmpfloat (ya, >, target);
    g_assert_cmpfloat (yb, <, target);
  }
  g_assert_true (gw_goal_seek_full (s, &opt, META_PRICE, &stat, target, 0.5, 4, 0, 30, NULL,
                                    point_cb, &points, &x, &y, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (points.n, >=, 3);
  g_assert_true (points.all_se);
  g_assert_true (gw_goal_seek (s, &opt, META_PRICE, &stat, target, 0.5, 4, 0, 30, NULL, NULL,
                               &x2, &y2, &error));
  g_assert_cmpfloat (x, ==, x2);
  g_assert_cmpfloat (y, ==, y2);

  /* a target no value in the range reaches: an error, not an answer */
  g_assert_false (gw_goal_seek_full (s, &opt, META_PRICE, &stat, 1.5, 0.5, 4, 0, 30, NULL, NULL,
                                     NULL, &x, &y, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "no value of"));
  g_clear_error (&error);

  points = (Points) { 0, TRUE, cancellable };
  g_assert_false (gw_goal_seek_full (s, &opt, META_PRICE, &stat, target, 0.5, 4, 0, 30,
                                     cancellable, point_cb, &points, &x, &y, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (points.n, ==, 2);
}

typedef struct
{
  guint         n;
  double        paths[32], y[32], se[32];
  GCancellable *cancel_after_one;
} Steps;

static void
converge_point_cb (guint    step,
                   double   paths,
                   double   y,
                   double   se,
                   gpointer user_data)
{
  Steps *st = user_data;

  g_assert_cmpuint (step, ==, st->n);
  g_assert_cmpuint (st->n, <, G_N_ELEMENTS (st->paths));
  st->paths[st->n] = paths;
  st->y[st->n] = y;
  st->se[st->n] = se;
  st->n++;
  if (st->cancel_after_one != NULL)
    g_cancellable_cancel (st->cancel_after_one);
}

static void
converge_step_cb (guint    step,
                  double   paths,
                  double   se,
                  gpointer user_data)
{
  Steps *st = user_data;

  st->paths[st->n] = paths;
  st->se[st->n] = se;
  st->n++;
}

/* gw_converge_full() tells each run's paths, statistic and standard error,
 * which are those of a plain run with that many paths; each run at least
 * doubles the last; gw_converge() is the same runs; a cancel stops it. */
static void
test_converge_full (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GwResults) res2 = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = small_run ();
  Steps st = { 0 }, st2 = { 0 };
  gboolean converged = FALSE, converged2 = FALSE;

  g_assert_true (gw_statistic_parse (&stat, "npv@CoreWeave", "p50", &error));
  res = gw_converge_full (s, &opt, &stat, 5e8, 200, 20000, NULL, converge_point_cb, &st,
                          &converged, &error);
  g_assert_no_error (error);
  g_assert_true (converged);
  g_assert_cmpuint (st.n, >=, 2);
  g_assert_cmpfloat (st.paths[0], ==, 200);
  g_assert_cmpfloat (st.paths[st.n - 1], ==, res->n_paths);
  g_assert_cmpfloat (st.se[st.n - 1], <=, 5e8);
  for (guint i = 0; i < st.n; i++)
    {
      GwRunOptions o = opt;
      g_autoptr(GwResults) r = NULL;
      double y, se;

      if (i > 0)
        g_assert_cmpfloat (st.paths[i], >=, 2 * st.paths[i - 1]);
      if (i + 1 < st.n)
        g_assert_cmpfloat (st.se[i], >, 5e8);
      o.paths = (guint) st.paths[i];
      r = gw_run (s, &o, NULL, NULL, NULL, &error);
      g_assert_true (gw_statistic_eval_se (&stat, r, &y, &se, &error));
      g_assert_cmpfloat (st.y[i], ==, y);
      g_assert_cmpfloat (st.se[i], ==, se);
    }

  res2 = gw_converge (s, &opt, &stat, 5e8, 200, 20000, converge_step_cb, &st2, &converged2,
                      &error);
  g_assert_true (converged2);
  g_assert_cmpuint (st2.n, ==, st.n);
  for (guint i = 0; i < st.n; i++)
    {
      g_assert_cmpfloat (st2.paths[i], ==, st.paths[i]);
      g_assert_cmpfloat (st2.se[i], ==, st.se[i]);
    }

  st = (Steps) { 0 };
  st.cancel_after_one = cancellable;
  g_assert_null (gw_converge_full (s, &opt, &stat, 5e8, 200, 20000, cancellable,
                                   converge_point_cb, &st, &converged, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (st.n, ==, 1);
}

/* A grid line holds its second input: the same as sweeping a scenario in
 * which that input is already set. */
static void
test_grid_line (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GError) error = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = small_run ();
  double xs[2] = { 1, 3 };
  g_autoptr(GwSweep) line = gw_sweep_new (META_PRICE, xs, 2, 1);
  g_autoptr(GwScenario) held = gw_scenario_with_input (s, NULL, "market.token_growth", 2, &error);
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  g_assert_true (gw_statistic_parse (&stat, "npv@CoreWeave", "mean", &error));
  gw_sweep_set_by (line, "market.token_growth", 2);
  g_assert_true (gw_sweep_run (s, &opt, line, &stat, NULL, NULL, NULL, &error));
  for (guint i = 0; i < 2; i++)
    {
      double y;

      g_assert_true (gw_explore_eval (held, &opt, META_PRICE, xs[i], &stat, &y, &error));
      g_assert_cmpfloat (line->y[i], ==, y);
    }
  csv = gw_sweeps_csv (&line, 1, &stat);
  g_assert_true (g_str_has_prefix (csv, "\"market.token_growth\",\"deals[Meta II].price\","
                                        "\"mean of npv@CoreWeave\"\n2,1,"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/explore/inputs", test_inputs);
  g_test_add_func ("/gw/explore/sweep-matches-eval", test_sweep_matches_eval);
  g_test_add_func ("/gw/explore/spider-line", test_spider_line);
  g_test_add_func ("/gw/explore/default-range", test_default_range);
  g_test_add_func ("/gw/explore/goal-seek-full", test_goal_seek_full);
  g_test_add_func ("/gw/explore/grid-line", test_grid_line);
  g_test_add_func ("/gw/explore/converge-full", test_converge_full);
  return g_test_run ();
}
