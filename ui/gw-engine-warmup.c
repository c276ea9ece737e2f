/* gw-engine-warmup.c: the OpenCL engine made ready in the background
 *
 * The first OpenCL run on a machine builds the kernels (4-6 s on a GPU
 * driver, longer on PoCL) and, for the auto engine on a device that is
 * not a GPU, measures it against the CPU engine once. In the app that
 * would be a silent wait before the first chart. Instead, the window runs
 * on the CPU engine until this object says the OpenCL engine is ready:
 * it builds the kernels (kept in the program binary cache for the next
 * launch) and makes the auto engine's choice in a worker thread after the
 * first results are shown, and says what it is doing in the status
 * popover. Later launches find the cache and the choice on disk, so the
 * warm-up takes a moment.
 *
 * One per process: the OpenCL context and programs are per process too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-engine-warmup.h"
#include "gw-engine.h"
#include "gw-opencl.h"

struct _GwEngineWarmup
{
  GObject        parent_instance;

  GwWarmupState  state;
  char          *message;
};

G_DEFINE_FINAL_TYPE (GwEngineWarmup, gw_engine_warmup, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GwPlan   *plan;
  int       device;
  gboolean  measure;
  gint64    started;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->plan, gw_plan_free);
  g_free (job);
}

static void
set_state (GwEngineWarmup *self,
           GwWarmupState   state,
           char           *message)
{
  g_free (self->message);
  self->message = message;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
warmup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean measured = FALSE;
  int device = job->device;
  double seconds;

  if (job->measure)
    device = gw_opencl_auto_device (job->plan, job->device, &measured, &error);
  if (device >= 0 && error == NULL)
    gw_opencl_warm_up (job->plan, device, &error);
  seconds = (g_get_monotonic_time () - job->started) / 1e6;

  if (error != NULL)
    g_task_return_pointer (task,
                           g_strdup_printf (_("The OpenCL engine cannot run here, so runs use "
                                              "the CPU engine: %s"), error->message),
                           g_free);
  else if (device < 0)
    g_task_return_pointer (task,
                           g_strdup_printf (_("The CPU engine was measured faster than this "
                                              "computer’s OpenCL device, so the automatic "
                                              "engine uses it (measured in %.0f s, once)."),
                                            seconds),
                           g_free);
  else if (seconds >= 1)
    g_task_return_pointer (task,
                           g_strdup_printf (measured
                                            ? _("The OpenCL engine is ready: its kernels were "
                                                "built and measured in %.0f s, once for this "
                                                "computer.")
                                            : _("The OpenCL engine is ready: its kernels were "
                                                "built in %.0f s, once for this computer."),
                                            seconds),
                           g_free);
  else
    g_task_return_pointer (task, g_strdup (_("The OpenCL engine is ready.")), g_free);
}

static void
warmup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GwEngineWarmup *self = GW_ENGINE_WARMUP (source);
  char *message = g_task_propagate_pointer (G_TASK (result), NULL);

  set_state (self, GW_WARMUP_DONE, message);
}

/**
 * gw_engine_warmup_start:
 * @scenario: the scenario the next runs will use (for its scratch size)
 * @device: a device index, or -1 for the best
 * @measure: whether to make the auto engine's choice (else only build)
 *
 * Starts the warm-up in a worker thread unless it has started already.
 */
void
gw_engine_warmup_start (GwEngineWarmup   *self,
                        const GwScenario *scenario,
                        int               device,
                        gboolean          measure)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;
  GwPlan *plan;

  g_return_if_fail (GW_IS_ENGINE_WARMUP (self));
  if (self->state != GW_WARMUP_IDLE)
    return;
  plan = gw_plan_new (scenario, NULL, &error);
  if (plan == NULL)
    return;     /* the run says why; the warm-up waits for a scenario that runs */
  job = g_new0 (Job, 1);
  job->plan = plan;
  job->device = device;
  job->measure = measure;
  job->started = g_get_monotonic_time ();
  set_state (self, GW_WARMUP_RUNNING,
             g_strdup (measure
                       ? _("Preparing the OpenCL engine: building its kernels and measuring "
                           "it against the CPU engine, once for this computer. Runs use the "
                           "CPU engine meanwhile.")
                       : _("Preparing the OpenCL engine: building its kernels, once for this "
                           "computer. Runs use the CPU engine meanwhile.")));
  task = g_task_new (self, NULL, warmup_done_cb, NULL);
  g_task_set_name (task, "gw-engine-warmup");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  gw_task_run_in_background (task, warmup_thread);
}

GwWarmupState
gw_engine_warmup_get_state (GwEngineWarmup *self)
{
  g_return_val_if_fail (GW_IS_ENGINE_WARMUP (self), GW_WARMUP_IDLE);
  return self->state;
}

/* A sentence for the status popover, or NULL before the warm-up. */
const char *
gw_engine_warmup_get_message (GwEngineWarmup *self)
{
  g_return_val_if_fail (GW_IS_ENGINE_WARMUP (self), NULL);
  return self->message;
}

/**
 * gw_engine_warmup_get:
 *
 * Returns: (transfer none): the process's warm-up
 */
GwEngineWarmup *
gw_engine_warmup_get (void)
{
  static gsize the_one;

  if (g_once_init_enter (&the_one))
    g_once_init_leave (&the_one, (gsize) g_object_new (GW_TYPE_ENGINE_WARMUP, NULL));
  return (GwEngineWarmup *) the_one;
}

static void
gw_engine_warmup_finalize (GObject *object)
{
  GwEngineWarmup *self = GW_ENGINE_WARMUP (object);

  g_free (self->message);
  G_OBJECT_CLASS (gw_engine_warmup_parent_class)->finalize (object);
}

static void
gw_engine_warmup_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwEngineWarmup *self = GW_ENGINE_WARMUP (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_engine_warmup_class_init (GwEngineWarmupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_engine_warmup_finalize;
  object_class->get_property = gw_engine_warmup_get_property;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, GW_WARMUP_IDLE, GW_WARMUP_DONE,
                                             GW_WARMUP_IDLE,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_engine_warmup_init (GwEngineWarmup *self)
{
}
