/* test-comparison.c: the comparison page's runs and numbers, without a display
 *
 * GwComparison runs variants with common random numbers; here its runs
 * are checked against gw_run() of the same variant, seed and paths (the
 * numbers gigawatt-cli run prints), and its differences against ones
 * computed path by path in the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gmodule.h>
#include <glib/gstdio.h>

#include "gw-builtin.h"
#include "gw-comparison.h"
#include "gw-engine.h"

#define PATHS 3000

static GwScenario *
builtin (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return s;
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
wait_complete (GwComparison *c)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  gw_comparison_schedule (c, 0);
  while (!gw_comparison_get_complete (c) || gw_comparison_get_running (c))
    {
      g_assert_null (gw_comparison_get_error (c));
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GwComparison *
comparison_new (GwDocument         *doc,
                const char * const *variants)
{
  GwComparison *c = gw_comparison_new ();

  gw_comparison_set_document (c, doc);
  gw_comparison_set_paths (c, PATHS);
  gw_comparison_set_engine (c, GW_ENGINE_CPU);
  gw_comparison_set_variants (c, variants);
  return c;
}

/* The base scenario once; "Baseline", which overrides nothing, is it. */
static void
test_list_variants (void)
{
  g_autoptr(GwScenario) s = builtin ();
  g_auto(GStrv) same = NULL;
  g_auto(GStrv) offered = gw_comparison_list_variants (s, &same);
  const char * const expect[] = { "", "Inference boom", "Agents under-deliver", "TPU beachhead",
                                  "Rubin cost squeeze", NULL };
  const char * const expect_same[] = { "Baseline", NULL };

  g_assert_true (g_strv_equal ((const char * const *) offered, expect));
  g_assert_true (g_strv_equal ((const char * const *) same, expect_same));
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
assert_summary_equal (const GwSummary *a,
                      const GwSummary *b)
{
  g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
}

/* Its runs are gw_run()'s, and its numbers are theirs. */
static void
test_matches_run (void)
{
  g_autoptr(GwScenario) s = builtin ();
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (s));
  const char * const variants[] = { "", "TPU beachhead", NULL };
  g_autoptr(GwComparison) c = comparison_new (doc, variants);
  g_autoptr(GwResults) base = direct_run (s, NULL);
  g_autoptr(GwResults) baseline = direct_run (s, "Baseline");
  g_autoptr(GwResults) tpu = direct_run (s, "TPU beachhead");
  GwResults *a, *b;
  const GwPlan *plan = base->plan;
  int npv = gw_plan_find_scalar (plan, "npv", "CoreWeave");
  guint T = plan->T, higher = 0, n = 0;
  const double *va, *vb;
  g_autofree double *diff = g_new (double, PATHS);
  GwCompareKpi kpi;

  wait_complete (c);
  a = gw_comparison_get_results (c, 0);
  b = gw_comparison_get_results (c, 1);
  g_assert_cmpuint (a->n_paths, ==, PATHS);
  g_assert_null (a->plan->variant);
  g_assert_cmpstr (b->plan->variant, ==, "TPU beachhead");
  g_assert_cmpfloat (gw_comparison_get_progress (c), ==, 1);

  /* the same numbers as a run of its own, series and scalars */
  g_assert_cmpint (npv, >=, 0);
  assert_summary_equal (gw_results_summary (a, GW_S_PRICE, T - 1),
                        gw_results_summary (base, GW_S_PRICE, T - 1));
  assert_summary_equal (gw_results_summary (b, GW_S_PRICE, T - 1),
                        gw_results_summary (tpu, GW_S_PRICE, T - 1));
  assert_summary_equal (&b->scalars[npv], &tpu->scalars[npv]);
  /* the Baseline variant is the base scenario: not offered twice */
  assert_summary_equal (&baseline->scalars[npv], &base->scalars[npv]);
  assert_summary_equal (gw_results_summary (baseline, GW_S_PRICE, T - 1),
                        gw_results_summary (base, GW_S_PRICE, T - 1));

  /* a series: the engine's quantiles, and the difference of the medians */
  gw_compare_series_kpi (a, b, GW_S_PRICE, T - 1, NULL, NULL, &kpi);
  g_assert_cmpfloat (kpi.p10, ==, gw_results_summary (tpu, GW_S_PRICE, T - 1)->q[GW_Q_P10]);
  g_assert_cmpfloat (kpi.p50, ==, gw_results_summary (tpu, GW_S_PRICE, T - 1)->q[GW_Q_P50]);
  g_assert_cmpfloat (kpi.p90, ==, gw_results_summary (tpu, GW_S_PRICE, T - 1)->q[GW_Q_P90]);
  g_assert_cmpfloat (kpi.delta_p50, ==,
                      gw_results_summary (tpu, GW_S_PRICE, T - 1)->q[GW_Q_P50]
                      - gw_results_summary (base, GW_S_PRICE, T - 1)->q[GW_Q_P50]);
  g_assert_true (isnan (kpi.p_higher) && isnan (kpi.diff_p50));

  /* a scalar: the per-path difference, counted here path by path */
  va = gw_results_scalar_values (base, npv);
  vb = gw_results_scalar_values (tpu, npv);
  for (guint i = 0; i < PATHS; i++)
    if (isfinite (vb[i] - va[i]))
      {
        diff[n++] = vb[i] - va[i];
        higher += vb[i] > va[i];
      }
  qsort (diff, n, sizeof *diff, compare_double);
  gw_compare_scalar_kpi (a, b, npv, &kpi);
  g_assert_cmpfloat (kpi.p50, ==, tpu->scalars[npv].q[GW_Q_P50]);
  g_assert_cmpfloat (kpi.delta_p50, ==, tpu->scalars[npv].q[GW_Q_P50]
                                         - base->scalars[npv].q[GW_Q_P50]);
  g_assert_cmpfloat (kpi.p_higher, ==, (double) higher / n);
  /* the median lies between the two middle values */
  g_assert_cmpuint (n, >, PATHS / 2);
  g_assert_cmpfloat (kpi.diff_p50, >=, diff[(n - 1) / 2]);
  g_assert_cmpfloat (kpi.diff_p50, <=, diff[n / 2]);
  /* the variant moves CoreWeave's NPV on some paths, not all the same way */
  g_assert_cmpfloat (kpi.p_higher, <, 1);
  g_assert_cmpfloat (kpi.delta_p50, !=, 0);

  /* common random numbers: a run against itself differs on no path */
  gw_compare_scalar_kpi (a, a, npv, &kpi);
  g_assert_cmpfloat (kpi.delta_p50, ==, 0);
  g_assert_cmpfloat (kpi.diff_p50, ==, 0);
  g_assert_cmpfloat (kpi.p_higher, ==, 0);
}

/* A series' per-path difference: its column simulated again on every path
 * of both runs, on a worker. The price at the last quarter is also the
 * per-path scalar "price_horizon", so the two differences must agree to
 * the bit, path by path. */
static void
test_series_difference (void)
{
  g_autoptr(GwScenario) s = builtin ();
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (s));
  const char * const variants[] = { "", "TPU beachhead", NULL };
  g_autoptr(GwComparison) c = comparison_new (doc, variants);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GwResults *a, *b;
  GBytes *ca = NULL, *cb = NULL;
  guint T, column, other;
  int horizon;
  GwCompareKpi by_series, by_scalar;
  g_autoptr(GError) error = NULL;

  wait_complete (c);
  a = gw_comparison_get_results (c, 0);
  b = gw_comparison_get_results (c, 1);
  T = a->plan->T;
  column = GW_S_PRICE * T + T - 1;
  horizon = gw_plan_find_scalar (a->plan, "price_horizon", NULL);
  g_assert_cmpint (horizon, >=, 0);

  /* not kept by a run: the first ask starts the replay */
  g_assert_null (gw_comparison_get_column (c, 0, column));
  g_assert_null (gw_comparison_get_column (c, 1, column));
  while ((ca = gw_comparison_get_column (c, 0, column)) == NULL
         || (cb = gw_comparison_get_column (c, 1, column)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (g_bytes_get_size (ca), ==, PATHS * sizeof (double));
  g_assert_cmpmem (g_bytes_get_data (ca, NULL), PATHS * sizeof (double),
                   gw_results_scalar_values (a, horizon), PATHS * sizeof (double));
  g_assert_cmpmem (g_bytes_get_data (cb, NULL), PATHS * sizeof (double),
                   gw_results_scalar_values (b, horizon), PATHS * sizeof (double));

  gw_compare_series_kpi (a, b, GW_S_PRICE, T - 1, g_bytes_get_data (ca, NULL),
                         g_bytes_get_data (cb, NULL), &by_series);
  gw_compare_scalar_kpi (a, b, horizon, &by_scalar);
  g_assert_cmpfloat (by_series.diff_p50, ==, by_scalar.diff_p50);
  g_assert_cmpfloat (by_series.p_higher, ==, by_scalar.p_higher);
  /* the TPU beachhead lowers the 2032 price on most paths, not on all */
  g_assert_cmpfloat (by_series.p_higher, <, 0.5);
  g_assert_cmpfloat (by_series.diff_p50, <, 0);

  /* another column replaces it; an edit drops it */
  other = GW_S_PRICE * T;
  g_assert_null (gw_comparison_get_column (c, 0, other));
  g_assert_null (gw_comparison_get_column (c, 0, column));
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_SCENARIO, 0,
                                             gw_table_find_field (GW_TABLE_SCENARIO, "seed"),
                                             "7", &error));
  g_assert_no_error (error);
  g_assert_null (gw_comparison_get_results (c, 0));
  g_assert_null (gw_comparison_get_column (c, 0, other));
}

static void
count_cb (GwComparison *c,
          guint        *count)
{
  (*count)++;
}

/* Adding a variant runs only it; an edit drops every run and runs again. */
static void
test_keeps_runs (void)
{
  g_autoptr(GwScenario) s = builtin ();
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (s));
  const char * const two[] = { "", "TPU beachhead", NULL };
  const char * const three[] = { "", "TPU beachhead", "Inference boom", NULL };
  g_autoptr(GwComparison) c = comparison_new (doc, two);
  g_autoptr(GError) error = NULL;
  GwResults *base, *tpu;
  guint updated = 0;
  double p50;

  g_signal_connect (c, "updated", G_CALLBACK (count_cb), &updated);
  wait_complete (c);
  g_assert_cmpuint (updated, ==, 2);
  base = gw_comparison_get_results (c, 0);
  tpu = gw_comparison_get_results (c, 1);
  p50 = gw_results_summary (base, GW_S_PRICE, base->plan->T - 1)->q[GW_Q_P50];

  gw_comparison_set_variants (c, three);
  g_assert_false (gw_comparison_get_complete (c));
  g_assert_true (gw_comparison_get_results (c, 0) == base);
  g_assert_true (gw_comparison_get_results (c, 1) == tpu);
  g_assert_null (gw_comparison_get_results (c, 2));
  wait_complete (c);
  g_assert_true (gw_comparison_get_results (c, 0) == base);
  g_assert_cmpstr (gw_comparison_get_results (c, 2)->plan->variant, ==, "Inference boom");

  /* another seed: new runs, other numbers */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_SCENARIO, 0,
                                             gw_table_find_field (GW_TABLE_SCENARIO, "seed"),
                                             "7", &error));
  g_assert_no_error (error);
  g_assert_null (gw_comparison_get_results (c, 0));
  wait_complete (c);
  base = gw_comparison_get_results (c, 0);
  g_assert_cmpuint (base->plan->seed, ==, 7);
  g_assert_cmpfloat (gw_results_summary (base, GW_S_PRICE, base->plan->T - 1)->q[GW_Q_P50], !=,
                     p50);
}

/* A variant that cannot run says which, and no run is published. */
static void
test_error (void)
{
  g_autoptr(GwScenario) s = builtin ();
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (s));
  const char * const variants[] = { "", "No such variant", NULL };
  g_autoptr(GwComparison) c = comparison_new (doc, variants);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  gw_comparison_schedule (c, 0);
  while (gw_comparison_get_error (c) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (strstr (gw_comparison_get_error (c), "No such variant"));
  g_assert_false (gw_comparison_get_running (c));
  g_assert_null (gw_comparison_get_results (c, 1));
  g_assert_false (gw_comparison_get_complete (c));
}

/* The comparison links no GTK. */
static void
test_no_gtk (void)
{
  GModule *self = g_module_open (NULL, 0);
  gpointer symbol = NULL;

  g_assert_nonnull (self);
  g_assert_false (g_module_symbol (self, "gtk_init", &symbol));
  g_module_close (self);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *empty = g_dir_make_tmp ("gigawatt-ocl-XXXXXX", NULL);
  int status;

  g_setenv ("OCL_ICD_VENDORS", empty, TRUE);    /* no OpenCL platform */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/comparison/no-gtk", test_no_gtk);
  g_test_add_func ("/gw/comparison/list-variants", test_list_variants);
  g_test_add_func ("/gw/comparison/matches-run", test_matches_run);
  g_test_add_func ("/gw/comparison/series-difference", test_series_difference);
  g_test_add_func ("/gw/comparison/keeps-runs", test_keeps_runs);
  g_test_add_func ("/gw/comparison/error", test_error);
  status = g_test_run ();
  g_rmdir (empty);
  return status;
}
