/* gw-run.c: running a scenario on an engine, synchronously or on a GTask
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include <glib/gi18n-lib.h>

#include "gw-engine.h"
#include "gw-opencl.h"

/* What the system can give now: MemAvailable, else the free physical
 * pages; 0 where neither can be read. */
static guint64
system_available (void)
{
  g_autofree char *meminfo = NULL;

  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemAvailable:");

      if (line != NULL)
        return g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
    }
#ifdef _SC_AVPHYS_PAGES
  {
    long pages = sysconf (_SC_AVPHYS_PAGES), size = sysconf (_SC_PAGESIZE);

    if (pages > 0 && size > 0)
      return (guint64) pages * (guint64) size;
  }
#endif
  return 0;
}

guint64
gw_run_memory_needed (const GwPlan *plan,
                      guint         n_paths)
{
  /* the scalars of every path (their summaries copy out only the values
   * near each quantile, gw-stats.c), and a fixed part for the columns'
   * counters and buffers */
  return (guint64) n_paths * plan->n_scalars * sizeof (double)
         + (guint64) plan->n_cols * 64 * 1024;
}

gboolean
gw_run_check_memory (const GwPlan *plan,
                     guint         n_paths,
                     guint64       available,
                     GError      **error)
{
  guint64 need = gw_run_memory_needed (plan, n_paths);
  guint64 fixed = gw_run_memory_needed (plan, 0);

  if (available == 0)
    available = system_available ();
  if (available == 0 || need <= available / 4 * 3)
    return TRUE;
  {
    guint64 fit = available / 4 * 3 > fixed
                  ? (available / 4 * 3 - fixed) / (plan->n_scalars * sizeof (double)) : 0;
    g_autofree char *need_text = g_format_size (need);
    g_autofree char *have_text = g_format_size (available);

    g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                 _("%u paths need about %s of memory for their per-path results, more than "
                   "three quarters of the %s this computer has available; use at most "
                   "%" G_GUINT64_FORMAT " paths"),
                 n_paths, need_text, have_text, MIN (fit, (guint64) GW_MAX_PATHS));
    return FALSE;
  }
}

static GwPlan *
make_plan (const GwScenario   *scenario,
           const GwRunOptions *options,
           guint              *n_paths,
           GError            **error)
{
  g_autoptr(GwScenario) copy = NULL;
  GwPlan *plan;

  if (options->have_seed)
    {
      copy = gw_scenario_copy (scenario);
      copy->info.seed = options->seed;
      scenario = copy;
    }
  plan = gw_plan_new (scenario, options->variant, error);
  if (plan == NULL)
    return NULL;
  *n_paths = options->paths > 0 ? options->paths : (guint) plan->scenario->info.paths;
  if (*n_paths < 1 || *n_paths > GW_MAX_PATHS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("The number of paths must be between 1 and %u, not %u."), GW_MAX_PATHS,
                   *n_paths);
      gw_plan_free (plan);
      return NULL;
    }
  if (!options->deterministic && !gw_run_check_memory (plan, *n_paths, 0, error))
    {
      gw_plan_free (plan);
      return NULL;
    }
  return plan;
}

/* Runs @plan (transfer full) on the engine @options ask for. AUTO and
 * OPENCL fall back to the CPU engine on any OpenCL failure and say why in
 * results->fallback; a cancelled run is not a failure to fall back from. */
static GwResults *
run_plan (GwPlan             *plan,
          guint               n_paths,
          const GwRunOptions *options,
          GCancellable       *cancellable,
          GwProgressFunc      progress,
          gpointer            progress_data,
          GError            **error)
{
  g_autoptr(GError) cl_error = NULL;
  g_autofree char *fallback = NULL;
  GwResults *res;
  int device = options->device;

  if (options->engine == GW_ENGINE_AUTO && !options->deterministic)
    device = gw_opencl_auto_device (plan, options->device, NULL, &cl_error);
  if (options->engine == GW_ENGINE_OPENCL
      || (options->engine == GW_ENGINE_AUTO && !options->deterministic && cl_error == NULL
          && device >= 0))
    {
      res = gw_opencl_run (plan, n_paths, options->deterministic, device, options->input_paths,
                           cancellable, progress, progress_data, &cl_error);
      if (res != NULL)
        return res;
      if (g_cancellable_is_cancelled (cancellable))
        {
          gw_plan_free (plan);
          g_propagate_error (error, g_steal_pointer (&cl_error));
          return NULL;
        }
    }
  if (cl_error != NULL)
    fallback = g_strdup_printf (_("The OpenCL engine could not run, so the CPU engine did: %s"),
                                cl_error->message);
  res = gw_cpu_run (plan, n_paths, options->deterministic, options->threads,
                    options->input_paths, options->exact_quantiles, cancellable, progress,
                    progress_data, error);
  if (res != NULL)
    res->fallback = g_steal_pointer (&fallback);
  return res;
}

static gboolean
summary_finite (const GwSummary *sm,
                double           det)
{
  if (!isfinite (sm->mean) || !isfinite (sm->sd) || !isfinite (sm->min) || !isfinite (sm->max)
      || !isfinite (det))
    return FALSE;
  for (guint q = 0; q < GW_N_QUANTILES; q++)
    if (!isfinite (sm->q[q]))
      return FALSE;
  return TRUE;
}

/* Whether every number of @res is finite; if not, @error names the first
 * output that is not. Inputs inside their ranges can still overflow a
 * double together (a growth of 1e300, a debt of 1e-300 $ under a DSCR):
 * the run then fails with a message instead of writing NaN. */
static gboolean
check_finite (const GwResults *res,
              GError         **error)
{
  const GwPlan *plan = res->plan;
  guint n_cols = plan->n_cols;

  for (guint c = 0; c < n_cols; c++)
    {
      const GwSummary *sm = &res->series[c];
      double det = res->det_series != NULL ? res->det_series[c] : 0;

      if (!summary_finite (sm, det))
        {
          guint series = c / plan->T;
          int provider = gw_plan_series_provider (plan, series);
          g_autofree char *quarter = gw_quarter_format (plan->scenario->info.start + (int) (c % plan->T));

          g_set_error (error, GW_ERROR, GW_ERROR_OVERFLOW,
                       _("The results are not finite numbers: %s%s%s at %s overflows. An input "
                         "is too extreme for the model to compute (a growth, a price or an "
                         "amount many orders of magnitude from the Baseline's): check the "
                         "inputs that drive it"),
                       _(gw_plan_series_label (plan, series)),
                       provider >= 0 ? ", " : "",
                       provider >= 0 ? gw_plan_provider_name (plan, provider) : "",
                       quarter);
          return FALSE;
        }
    }
  for (guint k = 0; k < plan->n_scalars; k++)
    {
      const GwSummary *sm = &res->scalars[k];
      double det = res->det_scalars != NULL ? res->det_scalars[k] : 0;

      if (!summary_finite (sm, det))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_OVERFLOW,
                       _("The results are not finite numbers: %s overflows. An input is too "
                         "extreme for the model to compute: check the inputs that drive it"),
                       _(gw_plan_scalar_label (plan, k)));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gw_run:
 * @scenario: a valid scenario (not modified)
 *
 * Runs the scenario as @options ask, blocking the calling thread.
 *
 * Returns: (transfer full): the results, or %NULL with @error set
 */
GwResults *
gw_run (const GwScenario   *scenario,
        const GwRunOptions *options,
        GCancellable       *cancellable,
        GwProgressFunc      progress,
        gpointer            progress_data,
        GError            **error)
{
  GwRunOptions defaults = GW_RUN_OPTIONS_INIT;
  GwPlan *plan;
  guint n_paths = 0;
  GwResults *res;

  if (options == NULL)
    options = &defaults;
  plan = make_plan (scenario, options, &n_paths, error);
  if (plan == NULL)
    return NULL;
  res = run_plan (plan, n_paths, options, cancellable, progress, progress_data, error);
  if (res != NULL && !check_finite (res, error))
    g_clear_pointer (&res, gw_results_unref);
  return res;
}

typedef struct
{
  GwScenario    *scenario;
  GwRunOptions   options;
  char          *variant;
  GMainContext  *context;
  GwProgressFunc progress;
  gpointer       progress_data;
  GMutex         lock;
  double         pending;       /* progress not yet delivered, or < 0 */
  guint          source;
} RunData;

static void
run_data_free (RunData *data)
{
  gw_scenario_free (data->scenario);
  g_free (data->variant);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  double f;

  g_mutex_lock (&data->lock);
  f = data->pending;
  data->pending = -1;
  data->source = 0;
  g_mutex_unlock (&data->lock);
  if (f >= 0 && data->progress != NULL && !g_task_get_completed (task))
    data->progress (f, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Called on the worker thread: hand the latest fraction to the caller's
 * context, coalescing updates the main loop has not picked up yet. */
static void
thread_progress (double   fraction,
                 gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);

  g_mutex_lock (&data->lock);
  data->pending = fraction;
  if (data->source == 0)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, deliver_progress_cb, g_object_ref (task), g_object_unref);
      data->source = g_source_attach (source, data->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&data->lock);
}

/* How much nicer a background run's threads are than the caller's */
#define BACKGROUND_NICE 5

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  GwResults *res;

  res = gw_run (data->scenario, &data->options, cancellable,
                data->progress != NULL ? thread_progress : NULL, task, &error);
  if (res == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, res, (GDestroyNotify) gw_results_unref);
}

/* Background work goes to threads of their own, nicer than the caller's:
 * nice is per thread on Linux and the threads created from one (the CPU
 * engine's workers) inherit it. An unprivileged thread cannot lower its
 * nice again, so background work must not use (and leave nicer) a thread
 * of GLib's shared pool; and a thread that exits after each job could
 * still be exiting when the process does, so the threads are a pool of
 * their own that lives as long as the process. Four, so that a report or
 * a filter's replay need not wait for a run. */
#define BACKGROUND_THREADS 4

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} BackgroundJob;

static void
background_job (gpointer job_data,
                gpointer pool_data)
{
  BackgroundJob *job = job_data;
  GTask *task = job->task;
  static _Thread_local gboolean niced;

#ifdef __linux__
  if (!niced)
    {
      id_t tid = (id_t) syscall (SYS_gettid);

      setpriority (PRIO_PROCESS, tid, MIN (getpriority (PRIO_PROCESS, tid) + BACKGROUND_NICE, 19));
    }
#endif
  niced = TRUE;
  job->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
             g_task_get_cancellable (task));
  g_object_unref (task);
  g_free (job);
}

static GThreadPool *
background_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (background_job, NULL,
                                                         BACKGROUND_THREADS, TRUE, NULL));
  return pool;
}

/**
 * gw_task_run_in_background:
 * @task: the task
 * @func: what the task runs
 *
 * g_task_run_in_thread() at a lower scheduling priority (nice + 5 on
 * Linux): for the app's work that the user waits for less than for the
 * window (runs, reports, a filter's replay), so that the main loop keeps
 * its core. Takes its own reference on @task.
 */
void
gw_task_run_in_background (GTask           *task,
                           GTaskThreadFunc  func)
{
  BackgroundJob *job = g_new (BackgroundJob, 1);

  g_return_if_fail (G_IS_TASK (task));
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (background_pool (), job, NULL);
}

/* the source tag of its GTasks (ISO C has no function-to-data pointers) */
static const char gw_run_tag[] = "gw_run_async";

/**
 * gw_run_async:
 * @scenario: the scenario; copied, so the caller may edit it at once
 * @progress: (nullable): called in the caller's thread-default context
 *
 * Runs the scenario on a worker thread.
 */
void
gw_run_async (const GwScenario    *scenario,
              const GwRunOptions  *options,
              GCancellable        *cancellable,
              GwProgressFunc       progress,
              gpointer             progress_data,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *data = g_new0 (RunData, 1);
  GwRunOptions defaults = GW_RUN_OPTIONS_INIT;

  data->scenario = gw_scenario_copy (scenario);
  data->options = options != NULL ? *options : defaults;
  data->variant = g_strdup (data->options.variant);
  data->options.variant = data->variant;
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;
  data->pending = -1;
  g_mutex_init (&data->lock);
  g_task_set_name (task, gw_run_tag);
  g_task_set_source_tag (task, (gpointer) gw_run_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  if (data->options.background)
    gw_task_run_in_background (task, run_thread);
  else
    g_task_run_in_thread (task, run_thread);
}

GwResults *
gw_run_finish (GAsyncResult *result,
               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
