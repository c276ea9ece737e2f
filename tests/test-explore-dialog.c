/* test-explore-dialog.c: goal seek, sweeps and convergence in the app,
 * against the functions gigawatt-cli goal, sweep and converge run
 *
 * Runs under a headless X server (tests/run-display.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>

#include "gw-builtin.h"
#include "gw-explore-dialog.h"
#include "gw-sweep.h"

#define META_PRICE "deals[Meta II].price"
#define PATHS 600

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for the dialog");
  return G_SOURCE_REMOVE;
}

static void
wait_done (GwExploreDialog *dialog)
{
  guint timeout = g_timeout_add_seconds (120, timeout_cb, NULL);

  while (gw_explore_dialog_get_running (dialog))
    g_main_context_iteration (NULL, TRUE);
  /* the points posted before the end */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (timeout);
}

static GwExploreDialog *
dialog_new (GwExploreMode  mode,
            GwDocument    *doc,
            const char    *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, settings, NULL, NULL, &error);
  GwExploreDialog *dialog;

  g_assert_no_error (error);
  dialog = gw_explore_dialog_new (NULL, mode, doc, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gw_explore_dialog_prefill (dialog, v, &error));
  g_assert_no_error (error);
  return dialog;
}

static GwRunOptions
cli_options (void)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;

  opt.engine = GW_ENGINE_CPU;
  opt.paths = PATHS;
  return opt;
}

/* The dialog finds the root gw_goal_seek() finds (gigawatt-cli goal
 * --engine cpu), shows every run, and applies it through the undoable
 * edit. */
static void
test_goal (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  g_autoptr(GError) error = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = cli_options ();
  GwExploreDialog *dialog;
  double x, y, ax, ay;

  dialog = dialog_new (GW_EXPLORE_GOAL, doc,
                       "{'input': <'" META_PRICE "'>, 'output': <'min_dscr@CoreWeave'>, "
                       "'stat': <'P(<1)'>, 'target': <0.6>, 'lo': <0.5>, 'hi': <4.0>, "
                       "'paths': <uint32 600>}");
  gw_explore_dialog_start (dialog);
  g_assert_true (gw_explore_dialog_get_running (dialog));
  wait_done (dialog);

  g_assert_true (gw_statistic_parse (&stat, "min_dscr@CoreWeave", "P(<1)", &error));
  g_assert_true (gw_goal_seek (gw_document_get_scenario (doc), &opt, META_PRICE, &stat, 0.6, 0.5,
                               4, 0, 30, NULL, NULL, &x, &y, &error));
  g_assert_true (gw_explore_dialog_get_found (dialog, &ax, &ay));
  g_assert_cmpfloat (ax, ==, x);
  g_assert_cmpfloat (ay, ==, y);
  g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), >=, 3);
  g_assert_nonnull (strstr (gw_explore_dialog_get_message (dialog), "Meta II deal: Price = "));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A target the range cannot reach: a clear message, and no value. */
static void
test_goal_no_root (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  GwExploreDialog *dialog;
  double x, y;

  dialog = dialog_new (GW_EXPLORE_GOAL, doc,
                       "{'input': <'" META_PRICE "'>, 'output': <'min_dscr@CoreWeave'>, "
                       "'stat': <'P(<1)'>, 'target': <0.99>, 'lo': <0.5>, 'hi': <4.0>, "
                       "'paths': <uint32 600>}");
  gw_explore_dialog_start (dialog);
  wait_done (dialog);
  g_assert_false (gw_explore_dialog_get_found (dialog, &x, &y));
  g_assert_nonnull (strstr (gw_explore_dialog_get_message (dialog), "no value of " META_PRICE));
  g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A sweep's CSV is gigawatt-cli sweep --csv's, to the byte: the same
 * driver, options and columns. */
static void
test_sweep_csv (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  g_autoptr(GError) error = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = cli_options ();
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GwSweep) sweep = NULL;
  double xs[5];
  GwExploreDialog *dialog;

  dialog = dialog_new (GW_EXPLORE_SWEEP, doc,
                       "{'input': <'" META_PRICE "'>, 'output': <'min_dscr@CoreWeave'>, "
                       "'stat': <'P(<1)'>, 'lo': <0.5>, 'hi': <4.0>, 'steps': <uint32 5>, "
                       "'paths': <uint32 600>}");
  gw_explore_dialog_start (dialog);
  wait_done (dialog);
  g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), ==, 5);
  csv = gw_explore_dialog_dup_csv (dialog);

  g_assert_true (gw_statistic_parse (&stat, "min_dscr@CoreWeave", "P(<1)", &error));
  gw_sweep_linspace (0.5, 4, 5, xs);
  sweep = gw_sweep_new (META_PRICE, xs, 5, 1);
  g_assert_true (gw_sweep_run (gw_document_get_scenario (doc), &opt, sweep, &stat, NULL, NULL,
                               NULL, &error));
  expected = gw_sweeps_csv (&sweep, 1, &stat);
  g_assert_cmpstr (csv, ==, expected);
  g_assert_true (g_str_has_prefix (csv, "\"" META_PRICE "\",\"P(< 1) of min_dscr@CoreWeave\"\n"
                                        "0.5,"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A spider chart: a line per input, each over its own P10 to P90; and a
 * cancelled sweep stops and says so. */
static void
test_spider_cancel (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  g_autoptr(GPtrArray) inputs = gw_explore_inputs (gw_document_get_scenario (doc), NULL, NULL);
  g_autofree char *settings = NULL;
  g_autofree char *csv = NULL;
  const char *a = NULL, *b = NULL;
  GwExploreDialog *dialog;

  for (guint i = 0; i < inputs->len && b == NULL; i++)
    {
      const GwInputInfo *info = inputs->pdata[i];

      if (!info->uncertain)
        continue;
      if (a == NULL)
        a = info->path;
      else
        b = info->path;
    }
  g_assert_nonnull (b);
  settings = g_strdup_printf ("{'kind': <'spider'>, 'input': <'%s'>, 'inputs': <['%s']>, "
                              "'output': <'npv@CoreWeave'>, 'stat': <'mean'>, "
                              "'steps': <uint32 3>, 'paths': <uint32 300>}", a, b);
  dialog = dialog_new (GW_EXPLORE_SWEEP, doc, settings);
  gw_explore_dialog_start (dialog);
  wait_done (dialog);
  g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), ==, 6);
  csv = gw_explore_dialog_dup_csv (dialog);
  g_assert_true (g_str_has_prefix (csv, "\"input\",\"percentile\",\"value\","
                                        "\"mean of npv@CoreWeave\"\n"));

  gw_explore_dialog_start (dialog);
  gw_explore_dialog_cancel (dialog);
  g_assert_false (gw_explore_dialog_get_running (dialog));
  g_assert_cmpstr (gw_explore_dialog_get_message (dialog), ==, "Cancelled");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
count_step_cb (guint    step,
               double   paths,
               double   se,
               gpointer user_data)
{
  guint *n = user_data;

  g_assert_cmpuint (step, ==, *n);
  (*n)++;
}

/* A convergence run ends where gw_converge() (gigawatt-cli converge
 * --engine cpu) ends, with its paths, value and standard error to the bit,
 * after as many runs. */
static void
test_converge (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) res = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = cli_options ();
  GwExploreDialog *dialog;
  gboolean converged = FALSE;
  double value, se, avalue, ase;
  guint apaths, n_steps = 0;

  dialog = dialog_new (GW_EXPLORE_CONVERGE, doc,
                       "{'output': <'npv@CoreWeave'>, 'stat': <'p50'>, 'se': <5e8>, "
                       "'paths': <uint32 200>, 'max-paths': <uint32 20000>}");
  gw_explore_dialog_start (dialog);
  g_assert_true (gw_explore_dialog_get_running (dialog));
  wait_done (dialog);

  g_assert_true (gw_statistic_parse (&stat, "npv@CoreWeave", "p50", &error));
  res = gw_converge (gw_document_get_scenario (doc), &opt, &stat, 5e8, 200, 20000,
                     count_step_cb, &n_steps, &converged, &error);
  g_assert_no_error (error);
  g_assert_true (converged);
  g_assert_true (gw_statistic_eval (&stat, res, &value, &error));
  g_assert_true (gw_statistic_standard_error (&stat, res, &se, &error));
  /* more than one run, so the test sees the steps that follow the first */
  g_assert_cmpuint (n_steps, >=, 2);

  g_assert_true (gw_explore_dialog_get_converged (dialog, &apaths, &avalue, &ase));
  g_assert_cmpuint (apaths, ==, res->n_paths);
  g_assert_cmpfloat (avalue, ==, value);
  g_assert_cmpfloat (ase, ==, se);
  g_assert_cmpfloat (se, <=, 5e8);
  g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), ==, n_steps);
  g_assert_true (g_str_has_prefix (gw_explore_dialog_get_message (dialog), "Converged at "));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Too few paths allowed: the last run's standard error is still above the
 * target, and the dialog says so with gw_converge()'s numbers. */
static void
test_converge_not (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_builtin_load (GW_BUILTIN_BASELINE, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) res = NULL;
  g_auto(GwStatistic) stat = { 0 };
  GwRunOptions opt = cli_options ();
  GwExploreDialog *dialog;
  gboolean converged = TRUE;
  double value, avalue, ase;
  guint apaths;

  dialog = dialog_new (GW_EXPLORE_CONVERGE, doc,
                       "{'output': <'npv@CoreWeave'>, 'stat': <'p50'>, 'se': <1e8>, "
                       "'paths': <uint32 200>, 'max-paths': <uint32 5000>}");
  gw_explore_dialog_start (dialog);
  wait_done (dialog);

  g_assert_true (gw_statistic_parse (&stat, "npv@CoreWeave", "p50", &error));
  res = gw_converge (gw_document_get_scenario (doc), &opt, &stat, 1e8, 200, 5000, NULL, NULL,
                     &converged, &error);
  g_assert_false (converged);
  g_assert_true (gw_statistic_eval (&stat, res, &value, &error));
  g_assert_false (gw_explore_dialog_get_converged (dialog, &apaths, &avalue, &ase));
  g_assert_cmpuint (apaths, ==, 5000);
  g_assert_cmpfloat (avalue, ==, value);
  g_assert_cmpfloat (ase, >, 1e8);
  g_assert_true (g_str_has_prefix (gw_explore_dialog_get_message (dialog),
                                   "Not converged by 5,000 paths: standard error "));

  /* the standard deviation has no standard error: said before any run */
  {
    g_autoptr(GVariant) v = g_variant_parse (G_VARIANT_TYPE_VARDICT, "{'stat': <'sd'>}", NULL,
                                             NULL, NULL);

    g_assert_true (gw_explore_dialog_prefill (dialog, v, &error));
    gw_explore_dialog_start (dialog);
    g_assert_false (gw_explore_dialog_get_running (dialog));
    g_assert_nonnull (strstr (gw_explore_dialog_get_message (dialog), "standard deviation"));
    g_assert_cmpuint (gw_explore_dialog_get_n_points (dialog), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gw/explore-dialog/goal", test_goal);
  g_test_add_func ("/gw/explore-dialog/goal-no-root", test_goal_no_root);
  g_test_add_func ("/gw/explore-dialog/sweep-csv", test_sweep_csv);
  g_test_add_func ("/gw/explore-dialog/spider-cancel", test_spider_cancel);
  g_test_add_func ("/gw/explore-dialog/converge", test_converge);
  g_test_add_func ("/gw/explore-dialog/converge-not", test_converge_not);
  return g_test_run ();
}
