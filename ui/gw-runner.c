/* gw-runner.c: the live runs of a document (GTK-free)
 *
 * A request (gw_runner_schedule) is debounced, then runs on a worker
 * thread: a quick pass of a few thousand paths first, then the full N.
 * Each request cancels the run in flight and starts a new generation; a
 * pass of an earlier generation is dropped when it returns, so only the
 * latest request's results and errors are ever published.
 *
 * Runs use the CPU engine until the OpenCL engine's warm-up
 * (gw-engine-warmup.c) is done; the warm-up starts after the first full
 * results, so that the first chart never waits for a kernel build.
 *
 * It links no GTK: a test drives it without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-app-options.h"
#include "gw-engine.h"
#include "gw-engine-warmup.h"
#include "gw-runner.h"

/* A few progress updates a second are enough to see it move; each one
 * repaints. */
#define PROGRESS_INTERVAL_US 250000

struct _GwRunner
{
  GObject       parent_instance;

  GwDocument   *document;
  char         *variant;
  char         *engine;
  int           device;
  guint         paths;
  guint         quick_paths;

  GCancellable *cancellable;
  guint         debounce_id;
  guint         generation;
  gboolean      running;
  double        progress;
  gint64        pass_started;   /* monotonic us */
  guint         pass_paths;
  GwResults    *results;
  char         *error;
};

G_DEFINE_FINAL_TYPE (GwRunner, gw_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_VARIANT,
  PROP_ENGINE,
  PROP_DEVICE,
  PROP_PATHS,
  PROP_QUICK_PATHS,
  PROP_RESULTS,
  PROP_ERROR,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GwRunner *runner;
  guint     generation;
  gboolean  quick;
  gint64    shown;
} Ticket;

static void
ticket_free (Ticket *ticket)
{
  g_object_unref (ticket->runner);
  g_free (ticket);
}

/* g_set_str() of GLib 2.76 */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
set_running (GwRunner *self,
             gboolean  running)
{
  self->running = running;
  /* also when it stays TRUE: a new pass started */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_error (GwRunner   *self,
           const char *error)
{
  if (set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_results (GwRunner  *self,
             GwResults *results)
{
  if (self->results == results)
    return;
  g_clear_pointer (&self->results, gw_results_unref);
  self->results = results ? gw_results_ref (results) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Ticket *ticket = user_data;
  GwRunner *self = ticket->runner;
  gint64 now = g_get_monotonic_time ();

  if (ticket->generation != self->generation || now - ticket->shown < PROGRESS_INTERVAL_US)
    return;
  ticket->shown = now;
  self->progress = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static GwEngineKind
engine_kind (GwRunner *self)
{
  if (g_strcmp0 (self->engine, "cpu") == 0)
    return GW_ENGINE_CPU;
  if (g_strcmp0 (self->engine, "opencl") == 0)
    return GW_ENGINE_OPENCL;
  return GW_ENGINE_AUTO;
}

static void
start_warmup (GwRunner *self)
{
  GwEngineKind kind = engine_kind (self);

  if (kind == GW_ENGINE_CPU)
    return;
  gw_engine_warmup_start (gw_engine_warmup_get (), gw_document_get_scenario (self->document),
                          self->device, kind == GW_ENGINE_AUTO);
}

static void run_pass (GwRunner *self, guint paths, gboolean quick);

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Ticket *ticket = user_data;
  GwRunner *self = ticket->runner;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) results = gw_run_finish (result, &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                       g_error_matches (error, GW_ERROR, GW_ERROR_CANCELLED);

  if (ticket->generation != self->generation)
    {
      ticket_free (ticket);
      return;
    }
  set_running (self, FALSE);
  set_error (self, results == NULL && !cancelled ? error->message : NULL);
  if (results != NULL)
    set_results (self, results);
  if (results != NULL && ticket->quick)
    run_pass (self, gw_runner_get_full_paths (self), FALSE);
  else if (results != NULL)
    start_warmup (self);
  g_signal_emit (self, signals[RUN_FINISHED], 0, results != NULL && !ticket->quick);
  ticket_free (ticket);
}

static void
run_pass (GwRunner *self,
          guint     paths,
          gboolean  quick)
{
  GwRunOptions options = GW_RUN_OPTIONS_INIT;
  Ticket *ticket = g_new0 (Ticket, 1);

  gw_runner_live_options (&options);
  options.paths = paths;
  options.variant = self->variant;
  options.device = self->device;
  options.engine = engine_kind (self);
  if (options.engine != GW_ENGINE_CPU &&
      gw_engine_warmup_get_state (gw_engine_warmup_get ()) != GW_WARMUP_DONE)
    options.engine = GW_ENGINE_CPU;
  ticket->runner = g_object_ref (self);
  ticket->generation = self->generation;
  ticket->quick = quick;
  self->progress = 0;
  self->pass_started = g_get_monotonic_time ();
  self->pass_paths = paths;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  set_running (self, TRUE);
  gw_run_async (gw_document_get_scenario (self->document), &options, self->cancellable,
                progress_cb, ticket, run_done_cb, ticket);
}

static gboolean
start_run_cb (gpointer user_data)
{
  GwRunner *self = user_data;
  guint full = gw_runner_get_full_paths (self);

  self->debounce_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->quick_paths > 0 && self->quick_paths < full)
    run_pass (self, self->quick_paths, TRUE);
  else
    run_pass (self, full, FALSE);
  return G_SOURCE_REMOVE;
}

/**
 * gw_runner_schedule:
 * @delay_ms: how long to wait for more requests (the debounce)
 *
 * Runs the document again after @delay_ms, cancelling the run in flight
 * at once so that its workers stop while the user types. Results of
 * earlier requests are not published after this call.
 */
void
gw_runner_schedule (GwRunner *self,
                    guint     delay_ms)
{
  g_return_if_fail (GW_IS_RUNNER (self));

  gw_runner_cancel (self);
  self->debounce_id = g_timeout_add (delay_ms, start_run_cb, self);
}

/* Drops the pending request and the run in flight. */
void
gw_runner_cancel (GwRunner *self)
{
  g_return_if_fail (GW_IS_RUNNER (self));

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->generation++;
  if (self->running)
    set_running (self, FALSE);
}

/**
 * gw_runner_get_full_paths:
 *
 * Returns: the paths of a full run: the app's --paths
 *   (gw_app_options_get_paths()), else the paths property, else the
 *   scenario's own
 */
guint
gw_runner_get_full_paths (GwRunner *self)
{
  guint paths = self->paths;

  g_return_val_if_fail (GW_IS_RUNNER (self), 1);
  if (gw_app_options_get_paths () > 0)
    paths = gw_app_options_get_paths ();
  if (paths == 0 && self->document != NULL)
    paths = gw_document_get_scenario (self->document)->info.paths;
  return MAX (paths, 1u);
}

/* The latest results, kept while later requests run or fail. */
GwResults *
gw_runner_get_results (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), NULL);
  return self->results;
}

/* Why the latest request could not run, or NULL. */
const char *
gw_runner_get_error (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), NULL);
  return self->error;
}

/* Whether a pass is in flight. */
gboolean
gw_runner_get_running (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), FALSE);
  return self->running;
}

/* Whether a run is scheduled or in flight. */
gboolean
gw_runner_get_pending (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), FALSE);
  return self->running || self->debounce_id != 0;
}

double
gw_runner_get_progress (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), 0);
  return self->progress;
}

/**
 * gw_runner_live_options:
 * @options: options of a run the application starts with gw_run_async()
 *
 * How the application's runs use the machine: every core, at a lower
 * priority than the main loop's, which keeps painting (a reserved core
 * would idle between edits).
 */
void
gw_runner_live_options (GwRunOptions *options)
{
  options->threads = gw_cpu_n_cores ();
  options->background = TRUE;
}

/**
 * gw_estimate_seconds_left:
 * @fraction: the fraction of a run done, 0 to 1
 * @elapsed: seconds since it started
 *
 * The seconds a run has left at the pace it has kept so far; -1 while
 * too little of it is done (under 3% or half a second) for the pace to
 * say much.
 */
double
gw_estimate_seconds_left (double fraction,
                          double elapsed)
{
  if (!(fraction >= 0.03) || !(elapsed >= 0.5) || fraction > 1)
    return -1;
  return elapsed * (1 - fraction) / fraction;
}

/* The seconds the pass in flight has left, -1 when unknown or none. */
double
gw_runner_get_seconds_left (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), -1);
  if (!self->running)
    return -1;
  return gw_estimate_seconds_left (self->progress,
                                   (g_get_monotonic_time () - self->pass_started) / 1e6);
}

/* The paths of the pass in flight (or the last one). */
guint
gw_runner_get_pass_paths (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), 0);
  return self->pass_paths;
}

GwDocument *
gw_runner_get_document (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), NULL);
  return self->document;
}

/**
 * gw_runner_set_document:
 * @document: (nullable): the document to run
 *
 * Drops the runs and the results of the previous document; the next run
 * is for gw_runner_schedule() to start.
 */
void
gw_runner_set_document (GwRunner   *self,
                        GwDocument *document)
{
  g_return_if_fail (GW_IS_RUNNER (self));
  g_return_if_fail (document == NULL || GW_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  gw_runner_cancel (self);
  g_set_object (&self->document, document);
  set_results (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

const char *
gw_runner_get_variant (GwRunner *self)
{
  g_return_val_if_fail (GW_IS_RUNNER (self), NULL);
  return self->variant;
}

/**
 * gw_runner_set_variant:
 * @variant: (nullable): the variant the next runs use, NULL for the base
 */
void
gw_runner_set_variant (GwRunner   *self,
                       const char *variant)
{
  g_return_if_fail (GW_IS_RUNNER (self));

  if (set_str (&self->variant, variant))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIANT]);
}

static void
gw_runner_dispose (GObject *object)
{
  GwRunner *self = GW_RUNNER (object);

  gw_runner_cancel (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_pointer (&self->results, gw_results_unref);
  G_OBJECT_CLASS (gw_runner_parent_class)->dispose (object);
}

static void
gw_runner_finalize (GObject *object)
{
  GwRunner *self = GW_RUNNER (object);

  g_free (self->variant);
  g_free (self->engine);
  g_free (self->error);
  G_OBJECT_CLASS (gw_runner_parent_class)->finalize (object);
}

static void
gw_runner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GwRunner *self = GW_RUNNER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_VARIANT:
      g_value_set_string (value, self->variant);
      break;
    case PROP_ENGINE:
      g_value_set_string (value, self->engine);
      break;
    case PROP_DEVICE:
      g_value_set_int (value, self->device);
      break;
    case PROP_PATHS:
      g_value_set_uint (value, self->paths);
      break;
    case PROP_QUICK_PATHS:
      g_value_set_uint (value, self->quick_paths);
      break;
    case PROP_RESULTS:
      g_value_set_pointer (value, self->results);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_runner_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GwRunner *self = GW_RUNNER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      gw_runner_set_document (self, g_value_get_object (value));
      break;
    case PROP_VARIANT:
      gw_runner_set_variant (self, g_value_get_string (value));
      break;
    case PROP_ENGINE:
      if (set_str (&self->engine, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_DEVICE:
      if (self->device != g_value_get_int (value))
        {
          self->device = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PATHS:
      if (self->paths != g_value_get_uint (value))
        {
          self->paths = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_QUICK_PATHS:
      if (self->quick_paths != g_value_get_uint (value))
        {
          self->quick_paths = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_runner_class_init (GwRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gw_runner_dispose;
  object_class->finalize = gw_runner_finalize;
  object_class->get_property = gw_runner_get_property;
  object_class->set_property = gw_runner_set_property;

  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, GW_TYPE_DOCUMENT, rw);
  properties[PROP_VARIANT] = g_param_spec_string ("variant", NULL, NULL, NULL, rw);
  /* the settings' names: auto, cpu or opencl */
  properties[PROP_ENGINE] = g_param_spec_string ("engine", NULL, NULL, "auto",
                                                 rw | G_PARAM_CONSTRUCT);
  properties[PROP_DEVICE] = g_param_spec_int ("device", NULL, NULL, -1, G_MAXINT, -1,
                                              rw | G_PARAM_CONSTRUCT);
  /* 0: the scenario's own */
  properties[PROP_PATHS] = g_param_spec_uint ("paths", NULL, NULL, 0, GW_MAX_PATHS, 0, rw);
  /* 0: no quick pass */
  properties[PROP_QUICK_PATHS] = g_param_spec_uint ("quick-paths", NULL, NULL, 0, GW_MAX_PATHS,
                                                    0, rw);
  /* (type GwResults) */
  properties[PROP_RESULTS] = g_param_spec_pointer ("results", NULL, NULL, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  /* notified when a pass starts and when it ends */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwRunner::run-finished:
   * @full: whether the pass was the full one and gave results
   *
   * A pass of the latest request finished (results, error or cancelled).
   */
  signals[RUN_FINISHED] = g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
gw_runner_init (GwRunner *self)
{
}

GwRunner *
gw_runner_new (void)
{
  return g_object_new (GW_TYPE_RUNNER, NULL);
}
