/* test-runner.c: the live runs of a document, without a display
 *
 * GwRunner is what the window runs with; here it runs on its own, and the
 * test links no GTK (checked below).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <string.h>
#include <gmodule.h>
#include <glib/gstdio.h>

#include "gw-app-options.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-engine-warmup.h"
#include "gw-runner.h"

/* What a runner published, in order. */
typedef struct
{
  GArray  *published;   /* n_paths of each results published */
  GArray  *finished;    /* the full flag of each run-finished */
  guint    errors;      /* notify::error */
  gboolean full_done;
} Log;

static void
results_cb (GwRunner   *runner,
            GParamSpec *pspec,
            Log        *log)
{
  GwResults *r = gw_runner_get_results (runner);
  guint n = r ? r->n_paths : 0;

  g_array_append_val (log->published, n);
}

static void
finished_cb (GwRunner *runner,
             gboolean  full,
             Log      *log)
{
  g_array_append_val (log->finished, full);
  if (full || gw_runner_get_error (runner) != NULL)
    log->full_done = TRUE;
}

static void
error_cb (GwRunner   *runner,
          GParamSpec *pspec,
          Log        *log)
{
  log->errors++;
}

static void
log_init (Log      *log,
          GwRunner *runner)
{
  log->published = g_array_new (FALSE, FALSE, sizeof (guint));
  log->finished = g_array_new (FALSE, FALSE, sizeof (gboolean));
  log->errors = 0;
  log->full_done = FALSE;
  g_signal_connect (runner, "notify::results", G_CALLBACK (results_cb), log);
  g_signal_connect (runner, "notify::error", G_CALLBACK (error_cb), log);
  g_signal_connect (runner, "run-finished", G_CALLBACK (finished_cb), log);
}

static void
log_clear (Log      *log,
           GwRunner *runner)
{
  g_signal_handlers_disconnect_by_data (runner, log);
  g_array_unref (log->published);
  g_array_unref (log->finished);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until the full pass (or an error) of the latest
 * request. */
static void
wait_full (Log *log)
{
  guint timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the full pass");

  log->full_done = FALSE;
  while (!log->full_done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static GwDocument *
baseline_document (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return gw_document_new (s);
}

static GwRunner *
cpu_runner (GwDocument *document,
            guint       paths,
            guint       quick_paths)
{
  return g_object_new (GW_TYPE_RUNNER,
                       "document", document,
                       "engine", "cpu",
                       "paths", paths,
                       "quick-paths", quick_paths,
                       NULL);
}

/* Every summary of @a and @b, bit for bit. */
static void
assert_same_results (const GwResults *a,
                     const GwResults *b)
{
  g_assert_cmpuint (a->n_paths, ==, b->n_paths);
  g_assert_cmpuint (a->plan->n_cols, ==, b->plan->n_cols);
  g_assert_cmpuint (a->plan->n_scalars, ==, b->plan->n_scalars);
  g_assert_cmpmem (a->series, a->plan->n_cols * sizeof (GwSummary),
                   b->series, b->plan->n_cols * sizeof (GwSummary));
  g_assert_cmpmem (a->scalars, a->plan->n_scalars * sizeof (GwSummary),
                   b->scalars, b->plan->n_scalars * sizeof (GwSummary));
  g_assert_nonnull (a->scalar_values);
  g_assert_cmpmem (a->scalar_values, (gsize) a->n_paths * a->plan->n_scalars * sizeof (double),
                   b->scalar_values, (gsize) b->n_paths * b->plan->n_scalars * sizeof (double));
}

/* The quick pass, then the full pass: both published, in that order, and
 * run-finished says which was the full one. */
static void
test_quick_then_full (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 2000, 300);
  Log log;

  log_init (&log, runner);
  g_assert_null (gw_runner_get_results (runner));
  g_assert_false (gw_runner_get_pending (runner));
  gw_runner_schedule (runner, 0);
  g_assert_true (gw_runner_get_pending (runner));
  wait_full (&log);

  g_assert_cmpuint (log.published->len, ==, 2);
  g_assert_cmpuint (g_array_index (log.published, guint, 0), ==, 300);
  g_assert_cmpuint (g_array_index (log.published, guint, 1), ==, 2000);
  g_assert_cmpuint (log.finished->len, ==, 2);
  g_assert_false (g_array_index (log.finished, gboolean, 0));
  g_assert_true (g_array_index (log.finished, gboolean, 1));
  g_assert_cmpuint (log.errors, ==, 0);
  g_assert_null (gw_runner_get_error (runner));
  g_assert_false (gw_runner_get_running (runner));
  g_assert_false (gw_runner_get_pending (runner));
  g_assert_cmpstr (gw_runner_get_results (runner)->engine, ==, "cpu");
  g_assert_cmpuint (gw_runner_get_full_paths (runner), ==, 2000);
  /* the app's --paths wins over the property */
  gw_app_options_set_paths (1234);
  g_assert_cmpuint (gw_runner_get_full_paths (runner), ==, 1234);
  gw_app_options_set_paths (0);
  g_assert_cmpuint (gw_runner_get_full_paths (runner), ==, 2000);
  log_clear (&log, runner);
}

/* What the runner publishes is what gw_run computes with the same options
 * (the CPU engine gives the same numbers for any number of threads). */
/* The time a run has left, at its pace so far: by hand. */
static void
test_seconds_left (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 1500, 0);

  g_assert_cmpfloat_with_epsilon (gw_estimate_seconds_left (0.25, 2.0), 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gw_estimate_seconds_left (0.5, 10.0), 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gw_estimate_seconds_left (1.0, 3.0), 0.0, 1e-12);
  /* too early to tell: under 3% or half a second; nonsense */
  g_assert_cmpfloat (gw_estimate_seconds_left (0.02, 10.0), ==, -1);
  g_assert_cmpfloat (gw_estimate_seconds_left (0.5, 0.2), ==, -1);
  g_assert_cmpfloat (gw_estimate_seconds_left (NAN, 5.0), ==, -1);
  g_assert_cmpfloat (gw_estimate_seconds_left (1.5, 5.0), ==, -1);
  /* no pass in flight: unknown */
  g_assert_cmpfloat (gw_runner_get_seconds_left (runner), ==, -1);
}

static void
test_matches_run (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 1500, 0);
  GwRunOptions options = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwResults) direct = NULL;
  g_autoptr(GwResults) direct_variant = NULL;
  g_autoptr(GError) error = NULL;
  Log log;

  log_init (&log, runner);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_assert_cmpuint (log.published->len, ==, 1);
  options.engine = GW_ENGINE_CPU;
  options.paths = 1500;
  direct = gw_run (gw_document_get_scenario (doc), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_results (gw_runner_get_results (runner), direct);

  gw_runner_set_variant (runner, "Rubin cost squeeze");
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  options.variant = "Rubin cost squeeze";
  direct_variant = gw_run (gw_document_get_scenario (doc), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_results (gw_runner_get_results (runner), direct_variant);
  g_assert_true (memcmp (direct->scalars, direct_variant->scalars,
                         direct->plan->n_scalars * sizeof (GwSummary)) != 0);
  log_clear (&log, runner);
}

/* A second request cancels the first: only the latest request's results
 * are published, whether the first run was still computing (cancelled) or
 * had finished but not yet been collected by the main loop (dropped). */
static void
test_second_request (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 200000, 0);
  guint timeout;
  Log log;

  log_init (&log, runner);

  /* cancelled while computing */
  gw_runner_schedule (runner, 0);
  timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the first pass");
  while (!gw_runner_get_running (runner))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_object_set (runner, "paths", 700, NULL);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_assert_cmpuint (log.published->len, ==, 1);
  g_assert_cmpuint (g_array_index (log.published, guint, 0), ==, 700);
  g_assert_cmpuint (log.finished->len, ==, 1);
  g_assert_null (gw_runner_get_error (runner));

  /* finished on its worker thread, but not collected before the next
   * request: the main loop does not turn while the first run computes */
  g_array_set_size (log.published, 0);
  g_array_set_size (log.finished, 0);
  g_object_set (runner, "paths", 400, NULL);
  gw_runner_schedule (runner, 0);
  timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the first pass");
  while (!gw_runner_get_running (runner))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_usleep (3 * G_USEC_PER_SEC);
  g_object_set (runner, "paths", 600, NULL);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_assert_cmpuint (log.published->len, ==, 1);
  g_assert_cmpuint (g_array_index (log.published, guint, 0), ==, 600);
  g_assert_cmpuint (log.finished->len, ==, 1);
  g_assert_cmpuint (gw_runner_get_results (runner)->n_paths, ==, 600);

  /* two requests before the debounce ends: one run */
  g_array_set_size (log.published, 0);
  gw_runner_schedule (runner, 50);
  gw_runner_schedule (runner, 50);
  wait_full (&log);
  g_assert_cmpuint (log.published->len, ==, 1);
  log_clear (&log, runner);
}

/* A scenario that cannot run publishes why, keeps the last results, and
 * the next good request clears the error. */
static void
test_error (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 800, 200);
  GwScenario *bad = gw_scenario_copy (gw_document_get_scenario (doc));
  g_autoptr(GwDocument) bad_doc = NULL;
  GwResults *before;
  Log log;

  log_init (&log, runner);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  before = gw_runner_get_results (runner);
  g_assert_nonnull (before);

  /* a variant that does not exist */
  gw_runner_set_variant (runner, "No such variant");
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_test_message ("%s", gw_runner_get_error (runner));
  g_assert_nonnull (strstr (gw_runner_get_error (runner), "No such variant"));
  g_assert_true (gw_runner_get_results (runner) == before);
  g_assert_false (gw_runner_get_running (runner));
  g_assert_false (g_array_index (log.finished, gboolean, log.finished->len - 1));

  /* a scenario out of its ranges: no results at all */
  gw_runner_set_variant (runner, NULL);
  bad->info.horizon = 2;
  bad_doc = gw_document_new (bad);
  gw_runner_set_document (runner, bad_doc);
  g_assert_null (gw_runner_get_results (runner));
  g_array_set_size (log.published, 0);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_test_message ("%s", gw_runner_get_error (runner));
  g_assert_nonnull (gw_runner_get_error (runner));
  g_assert_nonnull (strstr (gw_runner_get_error (runner), "orizon"));
  g_assert_cmpuint (log.published->len, ==, 0);
  g_assert_null (gw_runner_get_results (runner));

  gw_runner_set_document (runner, doc);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_assert_null (gw_runner_get_error (runner));
  g_assert_nonnull (gw_runner_get_results (runner));
  g_assert_cmpuint (gw_runner_get_results (runner)->n_paths, ==, 800);
  log_clear (&log, runner);
}

/* The auto engine: runs use the CPU engine until the OpenCL engine's
 * warm-up is done, and the warm-up starts after the first full results
 * (it fails here: OCL_ICD_VENDORS is an empty folder). */
static void
test_engine_warmup (void)
{
  GwEngineWarmup *warmup = gw_engine_warmup_get ();
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwRunner) runner = cpu_runner (doc, 1000, 200);
  guint timeout;
  Log log;

  log_init (&log, runner);
  g_object_set (runner, "engine", "auto", NULL);
  g_assert_cmpint (gw_engine_warmup_get_state (warmup), ==, GW_WARMUP_IDLE);
  gw_runner_schedule (runner, 0);
  wait_full (&log);
  g_assert_cmpstr (gw_runner_get_results (runner)->engine, ==, "cpu");
  g_assert_null (gw_runner_get_results (runner)->fallback);
  g_assert_cmpint (gw_engine_warmup_get_state (warmup), !=, GW_WARMUP_IDLE);
  timeout = g_timeout_add_seconds (120, timeout_cb, (gpointer) "the warm-up");
  while (gw_engine_warmup_get_state (warmup) != GW_WARMUP_DONE)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_nonnull (strstr (gw_engine_warmup_get_message (warmup),
                            "The OpenCL engine cannot run here"));
  log_clear (&log, runner);
}

/* The runner links no GTK: this program has none of its symbols. */
static void
test_no_gtk (void)
{
  GModule *self = g_module_open (NULL, 0);
  gpointer symbol = NULL;

  g_assert_nonnull (self);
  g_assert_false (g_module_symbol (self, "gtk_init", &symbol));
  g_assert_false (g_module_symbol (self, "gtk_widget_get_type", &symbol));
  g_assert_false (g_module_symbol (self, "adw_init", &symbol));
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

  g_test_add_func ("/gw/runner/no-gtk", test_no_gtk);
  g_test_add_func ("/gw/runner/seconds-left", test_seconds_left);
  g_test_add_func ("/gw/runner/quick-then-full", test_quick_then_full);
  g_test_add_func ("/gw/runner/matches-run", test_matches_run);
  g_test_add_func ("/gw/runner/second-request", test_second_request);
  g_test_add_func ("/gw/runner/error", test_error);
  g_test_add_func ("/gw/runner/engine-warmup", test_engine_warmup);
  status = g_test_run ();
  g_rmdir (empty);
  return status;
}
