/* test-threshold.c: a fan chart's threshold line and its probabilities,
 * without a display
 *
 * The chart's exact P(below the line) at a quarter must be the number
 * gigawatt-cli stat --output price:2030Q4 --stat 'P(<1.5)' prints
 * (gw_statistic_eval(), which replays the column itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-explore.h"
#include "gw-chart.h"

static GwScenario *scenario;
static GwResults *results;

static void
test_column_probability (void)
{
  const double v[] = { 1, 2, 2, 3, NAN };

  /* strictly below or above; a tie and a NaN count on neither side */
  g_assert_cmpfloat (gw_column_probability (v, 5, 2, TRUE), ==, 1.0 / 5);
  g_assert_cmpfloat (gw_column_probability (v, 5, 2, FALSE), ==, 1.0 / 5);
  g_assert_cmpfloat (gw_column_probability (v, 5, 2.5, TRUE), ==, 3.0 / 5);
  g_assert_cmpfloat (gw_column_probability (v, 5, 0, TRUE), ==, 0);
  g_assert_cmpfloat (gw_column_probability (v, 0, 2, TRUE), ==, 0);
}

static void
test_text (void)
{
  const GwPlan *plan = results->plan;
  GwUnit unit = gw_plan_series_unit (plan, (guint) gw_plan_find_series (plan, "price", NULL));

  g_assert_cmpint (unit, ==, GW_UNIT_PRICE);
  int q;
  g_autofree char *text = NULL;
  g_autofree char *above = NULL;
  g_autofree char *waiting = NULL;

  g_assert_true (gw_quarter_parse ("2030Q4", &q));
  /* se = sqrt (0.3046 * 0.6954 / 10000) = 0.0046 */
  text = gw_chart_threshold_text ("price", unit, 1.5, TRUE, q, 0.3046, 10000);
  g_assert_cmpstr (text, ==, "P(price < $1.50/h at 2030Q4) = 30.5% (± 0.5%)");
  above = gw_chart_threshold_text ("revenue@CoreWeave", GW_UNIT_MONEY, 2e10, FALSE, q, 0.25, 100);
  g_assert_cmpstr (above, ==, "P(revenue@CoreWeave > $20.0B at 2030Q4) = 25.0% (± 4.3%)");
  waiting = gw_chart_threshold_text ("price", unit, 1.5, TRUE, q, NAN, 10000);
  g_assert_cmpstr (waiting, ==, "P(price < $1.50/h at 2030Q4) = …");
}

/* The chart's count of a replayed column against gw_statistic_eval() on the
 * same run, for a market series and a provider's, at several lines. */
static void
check_against_stat (const char *output,
                    const char *key,
                    const char *provider,
                    const char *quarter,
                    double      line)
{
  g_autoptr(GwChart) chart = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  g_auto(GwStatistic) stat = { 0 };
  g_autofree char *statistic = g_strdup_printf ("P(<%.17g)", line);
  g_autofree char *where = g_strdup_printf ("%s:%s", output, quarter);
  g_autofree double *v = g_new (double, results->n_paths);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const GwPlan *plan = results->plan;
  double expected, p;
  int q, t, column;

  spec.series = key;
  spec.provider = provider;
  gw_chart_set_spec (chart, &spec);
  gw_chart_set_results (chart, results);
  g_assert_true (gw_quarter_parse (quarter, &q));
  t = q - plan->scenario->info.start;

  g_assert_false (gw_chart_get_threshold_line (chart, NULL));
  gw_chart_set_threshold_line (chart, TRUE, line);
  g_assert_true (gw_chart_get_threshold_line (chart, NULL));
  column = gw_chart_threshold_column (chart, t);
  g_assert_cmpint (column, ==, gw_plan_find_series (plan, key, provider) * (int) plan->T + t);
  /* no column yet: no number, rather than one from the quantiles */
  g_assert_false (gw_chart_get_threshold_probability (chart, t, &p));

  gw_replay_column (plan, results->n_paths, NULL, (guint) column, v);
  bytes = g_bytes_new (v, results->n_paths * sizeof (double));
  gw_chart_set_threshold_column (chart, t, bytes);
  g_assert_false (gw_chart_get_threshold_probability (chart, t + 1, &p));
  g_assert_true (gw_chart_get_threshold_probability (chart, t, &p));

  g_assert_true (gw_statistic_parse (&stat, where, statistic, &error));
  g_assert_no_error (error);
  g_assert_true (gw_statistic_eval (&stat, results, &expected, &error));
  g_assert_no_error (error);
  g_test_message ("%s at %g: chart %.6f, stat %.6f", where, line, p, expected);
  g_assert_cmpfloat (p, ==, expected);
  g_assert_cmpfloat (p, >, 0);
  g_assert_cmpfloat (p, <, 1);

  /* moving the line only counts again */
  gw_chart_set_threshold_line (chart, TRUE, line * 1.5);
  g_assert_true (gw_chart_get_threshold_probability (chart, t, &p));
  g_assert_cmpfloat (p, ==, gw_column_probability (v, results->n_paths, line * 1.5, TRUE));
  g_assert_cmpfloat (p, >=, expected);

  /* a column belongs to its run */
  gw_chart_set_results (chart, results);
  g_assert_false (gw_chart_get_threshold_probability (chart, t, &p));
}

static void
test_against_stat (void)
{
  check_against_stat ("price", "price", NULL, "2030Q4", 1.5);
  check_against_stat ("price", "price", NULL, "2027Q2", 2.2);
  check_against_stat ("revenue@CoreWeave", "revenue", "CoreWeave", "2029Q1", 8e9);
}

/* The line is painted in the accent colour across the plot, and only on a
 * fan chart. */
static guint
count_orange (GwChart *chart,
              int      w,
              int      h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (s);
  GwRect plot;
  guint n = 0;

  gw_chart_draw (chart, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  plot = gw_chart_get_plot_area (chart);
  for (int y = (int) plot.y; y < plot.y + plot.height; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      {
        guint32 px = *(guint32 *) (cairo_image_surface_get_data (s)
                                   + y * cairo_image_surface_get_stride (s) + 4 * x);
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        /* the light palette's accent, #d55e00 */
        n += abs (r - 0xd5) < 40 && abs (g - 0x5e) < 40 && b < 50;
      }
  cairo_surface_destroy (s);
  return n;
}

static void
test_render (void)
{
  g_autoptr(GwChart) chart = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  guint without, with;
  double y;

  gw_chart_set_spec (chart, &spec);
  gw_chart_set_results (chart, results);
  without = count_orange (chart, 1200, 675);
  gw_chart_set_threshold_line (chart, TRUE, 1.5);
  with = count_orange (chart, 1200, 675);
  y = gw_chart_y_for_value (chart, 1.5);
  g_assert_cmpfloat (gw_chart_value_at_y (chart, y), ==, 1.5);
  g_test_message ("accent pixels in the plot: %u without the line, %u with", without, with);
  /* a dashed line, two thirds ink, across most of the plot's width */
  g_assert_cmpuint (with, >, without + gw_chart_get_plot_area (chart).width / 2);

  /* a line is a value of one output: it stays through another look at the
   * same series, and goes with another series */
  spec.show_mean = TRUE;
  gw_chart_set_spec (chart, &spec);
  g_assert_true (gw_chart_get_threshold_line (chart, &y));
  g_assert_cmpfloat (y, ==, 1.5);
  spec.series = "utilization";
  gw_chart_set_spec (chart, &spec);
  g_assert_false (gw_chart_get_threshold_line (chart, &y));
  g_assert_true (isnan (y));
  gw_chart_set_threshold_line (chart, TRUE, 0.8);
  g_assert_true (gw_chart_get_threshold_line (chart, NULL));

  spec.kind = GW_CHART_HISTOGRAM;
  spec.series = NULL;
  spec.scalar = "price_horizon";
  gw_chart_set_spec (chart, &spec);
  g_assert_false (gw_chart_get_threshold_line (chart, NULL));
}

int
main (int    argc,
      char **argv)
{
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  scenario = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  opts.paths = 2000;
  results = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/gw/chart/threshold/column-probability", test_column_probability);
  g_test_add_func ("/gw/chart/threshold/text", test_text);
  g_test_add_func ("/gw/chart/threshold/against-stat", test_against_stat);
  g_test_add_func ("/gw/chart/threshold/render", test_render);
  return g_test_run ();
}
