/* test-compare-page.c: the Compare Variants page, driven through the
 * window's action (needs a display)
 *
 * win.compare (["Baseline", "TPU beachhead"]) shows the page with the base
 * scenario once; the table shows the numbers of gw_run() for the same
 * variants, seed and paths, formatted as gigawatt-cli run prints them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "gw-builtin.h"
#include "gw-chart-view.h"
#include "gw-compare-page.h"
#include "gw-engine.h"
#include "gw-stats.h"
#include "gw-test-widgets.h"
#include "gw-window.h"

#define PATHS 3000

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
find_page (GtkWidget *widget)
{
  if (GW_IS_COMPARE_PAGE (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_page (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_buttons (GtkWidget *widget,
                 GPtrArray *labels)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_has_css_class (widget, "compare-variant"))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (widget));

      g_ptr_array_add (labels, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_buttons (c, labels);
}

/* "\t$0.76/h\t$1.79/h\t$4.14/h\t": the row's P10, P50 and P90 as run prints them */
static char *
cells (GwUnit           unit,
       const GwSummary *sm)
{
  g_autofree char *p10 = gw_format_unit_value (unit, sm->q[GW_Q_P10]);
  g_autofree char *p50 = gw_format_unit_value (unit, sm->q[GW_Q_P50]);
  g_autofree char *p90 = gw_format_unit_value (unit, sm->q[GW_Q_P90]);

  return g_strdup_printf ("\t%s\t%s\t%s\t", p10, p50, p90);
}

static int
compare_double (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static GwResults *
direct_run (const GwScenario *s,
            const char       *variant)
{
  GwRunOptions options = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GwResults *r;

  options.variant = variant;
  options.paths = PATHS;
  options.engine = GW_ENGINE_CPU;
  r = gw_run (s, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static void
test_compare_action (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (s));
  GwWindow *window = gw_window_new (NULL, doc);
  const char * const chosen[] = { "Baseline", "TPU beachhead", NULL };
  const char * const expect[] = { "", "TPU beachhead", NULL };
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GwResults) base = direct_run (s, NULL);
  g_autoptr(GwResults) tpu = direct_run (s, "TPU beachhead");
  const GwPlan *plan = base->plan;
  int npv = gw_plan_find_scalar (plan, "npv", "CoreWeave");
  GwComparePage *page;
  GwComparison *comparison;
  g_autofree char *table = NULL;
  g_autofree char *base_price = NULL, *tpu_price = NULL, *base_npv = NULL, *tpu_npv = NULL;
  guint timeout;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.compare",
                                                     g_variant_new_strv (chosen, -1)));
  page = GW_COMPARE_PAGE (find_page (GTK_WIDGET (window)));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* the base scenario once: "Baseline" overrides nothing and is it */
  g_assert_true (g_strv_equal (gw_compare_page_get_variants (page), expect));
  collect_buttons (GTK_WIDGET (page), labels);
  g_assert_cmpuint (labels->len, ==, 5);
  g_assert_cmpstr (labels->pdata[0], ==, "●  Base scenario");
  g_assert_cmpstr (labels->pdata[3], ==, "●  TPU beachhead");
  for (guint i = 0; i < labels->len; i++)
    g_assert_null (strstr (labels->pdata[i], "Baseline"));

  /* the runs, on worker threads, while the main loop turns */
  comparison = gw_compare_page_get_comparison (page);
  timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the comparison");
  while (!gw_comparison_get_complete (comparison) || gw_comparison_get_running (comparison))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (gw_comparison_get_paths (comparison), ==, PATHS);

  /* the table: the engine's numbers, as gigawatt-cli run prints them */
  table = gw_compare_page_describe (page);
  base_price = cells (GW_UNIT_PRICE, gw_results_summary (base, GW_S_PRICE, plan->T - 1));
  tpu_price = cells (GW_UNIT_PRICE, gw_results_summary (tpu, GW_S_PRICE, plan->T - 1));
  base_npv = cells (GW_UNIT_MONEY, &base->scalars[npv]);
  tpu_npv = cells (GW_UNIT_MONEY, &tpu->scalars[npv]);
  g_test_message ("%s", table);
  g_assert_nonnull (strstr (table, "GPU-hour price, 2032Q4"));
  g_assert_nonnull (strstr (table, "NPV · CoreWeave, per path"));
  g_assert_nonnull (strstr (table, base_price));
  g_assert_nonnull (strstr (table, tpu_price));
  g_assert_nonnull (strstr (table, base_npv));
  g_assert_nonnull (strstr (table, tpu_npv));
  g_assert_nonnull (strstr (table, "Base scenario (reference)"));
  g_assert_true (strstr (table, base_price) < strstr (table, tpu_price));

  /* the price's per-path difference: its column simulated again on every
   * path (the table says so meanwhile); the price at the horizon is also
   * the per-path "price_horizon", whose difference gw_run() gives */
  {
    int horizon = gw_plan_find_scalar (plan, "price_horizon", NULL);
    const double *a = gw_results_scalar_values (base, horizon);
    const double *b = gw_results_scalar_values (tpu, horizon);
    g_autofree double *diff = g_new (double, PATHS);
    guint n = 0, higher = 0;
    g_autofree char *median = NULL, *expect_cells = NULL;
    GtkWidget *subject = gw_test_find_named (GTK_WIDGET (page), "compare-difference-subject");
    GwChart *chart = gw_chart_view_get_chart (
      GW_CHART_VIEW (gw_test_find_named (GTK_WIDGET (page), "compare-difference")));
    double share = NAN, m;

    for (guint i = 0; i < PATHS; i++)
      if (isfinite (b[i] - a[i]))
        {
          diff[n++] = b[i] - a[i];
          higher += b[i] > a[i];
        }
    g_qsort_with_data (diff, n, sizeof (double), compare_double, NULL);
    m = gw_quantile_sorted (diff, n, 0.5);
    median = gw_format_unit_value (GW_UNIT_PRICE, fabs (m));
    expect_cells = g_strdup_printf ("\t%s%s\t%.1f %%\n", m < 0 ? "−" : m > 0 ? "+" : "",
                                    median, 100.0 * higher / n);
    timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the replayed price");
    while (strstr (table, "…") != NULL)
      {
        g_main_context_iteration (NULL, TRUE);
        g_clear_pointer (&table, g_free);
        table = gw_compare_page_describe (page);
      }
    g_source_remove (timeout);
    g_test_message ("%s", table);
    g_assert_nonnull (strstr (table, expect_cells));

    /* the difference panel in the price at 2032Q4: the same paths' share */
    g_assert_nonnull (subject);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (subject), 1);
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (gw_chart_get_difference_share (chart, &share));
    g_assert_cmpfloat (share, ==, (double) higher / n);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (subject), 0);
  }

  /* another output: the table follows */
  gw_compare_page_choose (page, "revenue", "min_dscr", "Nebius", GW_QUARTER (2028, 4));
  g_clear_pointer (&table, g_free);
  table = gw_compare_page_describe (page);
  g_assert_nonnull (strstr (table, "Revenue · Nebius, 2028Q4"));
  g_assert_nonnull (strstr (table, "Minimum DSCR · Nebius, per path"));

  /* one variant is not a comparison */
  {
    const char * const one[] = { "TPU beachhead", NULL };

    gw_compare_page_set_variants (page, one);
    g_assert_cmpuint (g_strv_length ((char **) gw_compare_page_get_variants (page)), ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("gigawatt-data-XXXXXX", NULL);
  g_autoptr(GSettings) settings = NULL;
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("OCL_ICD_VENDORS", data_home, TRUE);    /* no OpenCL platform */
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  settings = g_settings_new ("org.gigawatt.Gigawatt");
  g_settings_set_uint (settings, "paths", PATHS);
  g_settings_set_uint (settings, "quick-paths", 500);
  g_settings_set_string (settings, "engine", "cpu");

  g_test_add_func ("/gw/compare-page/action", test_compare_action);
  status = g_test_run ();
  g_rmdir (data_home);
  return status;
}
