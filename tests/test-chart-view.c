/* test-chart-view.c: driving GwChartView as a person would (needs a display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gtk/gtk.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-chart-view.h"
#include "gw-chart-private.h"

static GwScenario *scenario;
static GwResults *results;

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) list = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (list, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return GTK_EVENT_CONTROLLER (c);
    }
  return NULL;
}

static GtkWidget *
show_view (GtkWidget **window)
{
  GtkWidget *view = gw_chart_view_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), 900, 560);
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gw_chart_view_set_spec (GW_CHART_VIEW (view), &spec);
  gw_chart_view_set_scenario (GW_CHART_VIEW (view), scenario);
  gw_chart_view_set_results (GW_CHART_VIEW (view), results);
  gtk_window_present (GTK_WINDOW (*window));
  for (int i = 0; i < 2000 && gtk_widget_get_width (view) < 100; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpint (gtk_widget_get_width (view), >=, 100);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  return view;
}

static void
selected_cb (GwChartView *view,
             int          t,
             int         *out)
{
  *out = t;
}

static void
test_view_hover_legend_zoom (void)
{
  GtkWidget *window;
  GtkWidget *view = show_view (&window);
  GwChart *chart = gw_chart_view_get_chart (GW_CHART_VIEW (view));
  GtkEventController *motion = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GtkEventController *click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
  GtkEventController *scroll = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GwRect plot;
  double x, y, a0, b0, a1, b1;
  const GwSummary *sm = gw_chart_summaries (results, GW_S_PRICE) + 6;
  g_autofree char *med = gw_format_unit_value (GW_UNIT_PRICE, sm->q[GW_Q_P50]);
  g_autofree char *p25 = gw_format_unit_value (GW_UNIT_PRICE, sm->q[GW_Q_P25]);
  g_autofree char *p95 = gw_format_unit_value (GW_UNIT_PRICE, sm->q[GW_Q_P95]);
  g_autofree char *want = NULL;
  const char *tip;
  int selected = G_MININT;

  g_assert_nonnull (motion);
  g_assert_nonnull (click);
  g_assert_nonnull (scroll);

  /* Hover over quarter 6 (2027Q3) */
  g_signal_emit_by_name (motion, "motion", 1.0, 1.0);
  plot = gw_chart_get_plot_area (chart);
  g_assert_cmpfloat (plot.width, >, 200);
  x = gw_chart_x_for_quarter (chart, 6);
  y = plot.y + plot.height / 2;
  g_signal_emit_by_name (motion, "motion", x + 1.0, y);
  g_assert_cmpint (gw_chart_view_get_hover (GW_CHART_VIEW (view)), ==, 6);
  tip = gtk_widget_get_tooltip_text (view);
  g_assert_nonnull (tip);
  want = g_strdup_printf ("2027Q3\nMedian: %s\n", med);
  g_assert_true (g_str_has_prefix (tip, want));
  g_assert_nonnull (strstr (tip, p25));
  g_assert_nonnull (strstr (tip, p95));

  /* Click the quarter: selected, signal emitted */
  g_signal_connect (view, "quarter-selected", G_CALLBACK (selected_cb), &selected);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_cmpint (selected, ==, 6);
  g_assert_cmpint (gw_chart_view_get_selected (GW_CHART_VIEW (view)), ==, 6);

  /* Click the "Median" legend item: hidden, and again: shown */
  g_assert_cmpuint (chart->n_legend, >=, 3);
  g_assert_cmpstr (gw_chart_item_label (chart, chart->legend_item[2]), ==, "Median");
  g_assert_true (gw_chart_view_get_item_visible (GW_CHART_VIEW (view), 2));
  g_signal_emit_by_name (click, "pressed", 1, chart->legend[2].x + chart->legend[2].width / 2,
                         chart->legend[2].y + chart->legend[2].height / 2);
  g_assert_false (gw_chart_view_get_item_visible (GW_CHART_VIEW (view), 2));
  g_signal_emit_by_name (click, "pressed", 1, chart->legend[2].x + chart->legend[2].width / 2,
                         chart->legend[2].y + chart->legend[2].height / 2);
  g_assert_true (gw_chart_view_get_item_visible (GW_CHART_VIEW (view), 2));

  /* Scroll up over quarter 6 zooms in around it */
  gw_chart_view_get_visible_range (GW_CHART_VIEW (view), &a0, &b0);
  {
    gboolean handled = FALSE;

    g_signal_emit_by_name (scroll, "scroll", 0.0, -2.0, &handled);
    g_assert_true (handled);
  }
  gw_chart_view_get_visible_range (GW_CHART_VIEW (view), &a1, &b1);
  g_assert_cmpfloat (b1 - a1, <, b0 - a0);
  g_assert_cmpfloat (a1, <=, 6);
  g_assert_cmpfloat (b1, >=, 6);
  /* After the zoom, the same pointer position is still over quarter 6 */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  x = gw_chart_x_for_quarter (chart, 6);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpint (gw_chart_view_get_hover (GW_CHART_VIEW (view)), ==, 6);

  /* New results keep the zoom (no jump on a re-run) */
  gw_chart_view_set_results (GW_CHART_VIEW (view), results);
  gw_chart_view_get_visible_range (GW_CHART_VIEW (view), &a0, &b0);
  g_assert_cmpfloat (a0, ==, a1);
  g_assert_cmpfloat (b0, ==, b1);
  gw_chart_view_reset_zoom (GW_CHART_VIEW (view));
  gw_chart_view_get_visible_range (GW_CHART_VIEW (view), &a0, &b0);
  g_assert_cmpfloat (b0 - a0, >, b1 - a1);

  gtk_window_destroy (GTK_WINDOW (window));
}


static void
threshold_cb (GwChartView *view,
              double       threshold,
              double       probability,
              double      *out)
{
  out[0] = threshold;
  out[1] = probability;
}

/* A drag on a histogram moves the threshold under the pointer, and the
 * probability shown is the share of paths beyond it. */
static void
test_view_drag_threshold (void)
{
  GtkWidget *window;
  GtkWidget *view = show_view (&window);
  GwChart *chart = gw_chart_view_get_chart (GW_CHART_VIEW (view));
  GtkEventController *drag = find_controller (view, GTK_TYPE_GESTURE_DRAG);
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  int x_npv = gw_plan_find_scalar (results->plan, "npv", "CoreWeave");
  double got[2] = { NAN, NAN }, t, p, x0, want;
  GwRect plot;

  spec.kind = GW_CHART_HISTOGRAM;
  spec.series = NULL;
  spec.scalar = "npv";
  spec.provider = "CoreWeave";
  gw_chart_view_set_spec (GW_CHART_VIEW (view), &spec);
  g_signal_connect (view, "threshold-changed", G_CALLBACK (threshold_cb), got);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (drag);
  g_assert_true (gw_chart_get_threshold (chart, &t, &p));
  plot = gw_chart_get_plot_area (chart);
  g_assert_cmpfloat (plot.width, >, 100);

  /* press at 30% of the plot's width, then drag right by a fifth of it */
  x0 = plot.x + 0.3 * plot.width;
  g_signal_emit_by_name (drag, "drag-begin", x0, plot.y + plot.height / 2);
  g_assert_cmpfloat (fabs (got[0] - gw_chart_value_at_x (chart, x0)), <=,
                     1e-9 * MAX (1, fabs (got[0])));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  want = gw_chart_value_at_x (chart, x0 + 0.2 * plot.width);
  g_signal_emit_by_name (drag, "drag-update", 0.2 * plot.width, 0.0);
  g_assert_true (gw_chart_get_threshold (chart, &t, &p));
  g_assert_cmpfloat (fabs (t - want), <=, 1e-9 * MAX (1, fabs (want)));
  g_assert_cmpfloat (got[0], ==, t);
  /* NPV counts the side below the threshold */
  g_assert_cmpfloat (fabs (got[1] - gw_results_probability (results, x_npv, t, TRUE)), <, 1e-12);
  g_assert_cmpfloat (p, ==, got[1]);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The waterfall in the widget: hovering a bar names it in the tooltip,
 * clicking the "Decrease" legend item hides the falls and keeps the rest. */
static void
test_view_waterfall (void)
{
  GtkWidget *window;
  GtkWidget *view = show_view (&window);
  GwChart *chart = gw_chart_view_get_chart (GW_CHART_VIEW (view));
  GtkEventController *motion = find_controller (view, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GtkEventController *click = find_controller (view, GTK_TYPE_GESTURE_CLICK);
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  const char *tip;
  double x, y;
  int legend = -1;

  spec.kind = GW_CHART_WATERFALL;
  spec.series = NULL;
  spec.provider = "CoreWeave";
  gw_chart_view_set_spec (GW_CHART_VIEW (view), &spec);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (chart->n_bars, ==, 8);
  g_assert_cmpstr (chart->bars[3].label, ==, "Interest");

  g_signal_emit_by_name (motion, "motion", 1.0, 1.0);
  x = gw_scale_map (&chart->x, 3);
  y = gw_chart_y_for_value (chart, (chart->bars[3].start + chart->bars[3].end) / 2);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpint (gw_chart_view_get_hover (GW_CHART_VIEW (view)), ==, 3);
  tip = gtk_widget_get_tooltip_text (view);
  g_assert_nonnull (tip);
  g_assert_true (g_str_has_prefix (tip, "Interest, 2026\n−$"));
  g_assert_nonnull (strstr (tip, "mean of 500 paths"));

  for (guint i = 0; i < chart->n_legend; i++)
    if (g_strcmp0 (gw_chart_item_label (chart, chart->legend_item[i]), "Decrease") == 0)
      legend = i;
  g_assert_cmpint (legend, >=, 0);
  g_signal_emit_by_name (click, "pressed", 1,
                         chart->legend[legend].x + chart->legend[legend].width / 2,
                         chart->legend[legend].y + chart->legend[legend].height / 2);
  g_assert_false (gw_chart_view_get_item_visible (GW_CHART_VIEW (view),
                                                  chart->legend_item[legend]));
  g_assert_true (gw_chart_view_get_item_visible (GW_CHART_VIEW (view), 2));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A tornado in the widget ranks its inputs on a worker: right after its
 * results are set it has no rows and says so, the main loop turns, and
 * then it has the rows of gw_results_sensitivity(), the widest first,
 * which are kept with the results. */
static void
test_view_tornado_async (void)
{
  GtkWidget *window;
  GtkWidget *view = show_view (&window);
  GwChart *chart = gw_chart_view_get_chart (GW_CHART_VIEW (view));
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  g_autoptr(GwResults) fresh = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GError) error = NULL;
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  guint scalar = 0;
  gint64 until;

  spec.kind = GW_CHART_TORNADO;
  spec.series = NULL;
  spec.scalar = "npv";
  spec.provider = "CoreWeave";
  gw_chart_view_set_spec (GW_CHART_VIEW (view), &spec);
  opts.paths = 300;
  fresh = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gw_chart_view_set_results (GW_CHART_VIEW (view), fresh);
  /* not made in the main loop */
  g_assert_true (gw_chart_wants_sensitivity (chart, &scalar));
  g_assert_null (chart->sens);
  until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (chart->sens == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (chart->sens);
  g_assert_false (gw_chart_wants_sensitivity (chart, &scalar));
  made = gw_results_peek_sensitivity (fresh, scalar);
  g_assert_true (made == chart->sens);
  g_assert_cmpuint (chart->sens->len, >, 10);
  for (guint i = 1; i < chart->sens->len; i++)
    {
      const GwSensitivity *a = chart->sens->pdata[i - 1], *b = chart->sens->pdata[i];

      g_assert_cmpfloat (fabs (a->high - a->low), >=, fabs (b->high - b->low));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  scenario = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  opts.paths = 500;
  results = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/gw/chart-view/hover-legend-zoom", test_view_hover_legend_zoom);
  g_test_add_func ("/gw/chart-view/drag-threshold", test_view_drag_threshold);
  g_test_add_func ("/gw/chart-view/waterfall", test_view_waterfall);
  g_test_add_func ("/gw/chart-view/tornado-async", test_view_tornado_async);
  ret = g_test_run ();
  gw_results_unref (results);
  gw_scenario_free (scenario);
  return ret;
}
