/* gw-comparison.c: variants of a document run side by side (GTK-free)
 *
 * The comparison page's runs. Every variant runs with the same seed and
 * the same number of paths, on the same engine, so path i of one run is
 * path i of another (common random numbers) and their per-path difference
 * is due to the variant alone. The runs go one after another through
 * gw_run_async(), each on the engine's worker threads; a run already made
 * for the same document state is kept, so adding a variant runs only it.
 * An edit of the document drops them all and, after a debounce, runs
 * again; a pass of an earlier request is dropped when it returns, as in
 * gw-runner.c.
 *
 * The numbers shown (gw_compare_series_kpi(), gw_compare_scalar_kpi())
 * are the engine's summaries, the ones gigawatt-cli run prints, and the
 * per-path differences of the kept scalars. A run keeps no per-path values
 * of series, so a series' per-path difference at a quarter takes its
 * column simulated again on every path of every run
 * (gw_comparison_get_column(), on a worker; the CPU reference engine
 * gives the same paths whatever engine made the run).
 *
 * It links no GTK: a test drives it without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-app-options.h"
#include "gw-comparison.h"
#include "gw-engine-warmup.h"
#include "gw-explore.h"
#include "gw-runner.h"

/* a few updates a second: each one repaints */
#define PROGRESS_INTERVAL_US 250000

struct _GwComparison
{
  GObject       parent_instance;

  GwDocument   *document;
  gulong        changed_id;
  GStrv         variants;     /* "" is the base scenario */
  guint         paths;
  GwEngineKind  engine;
  gboolean      active;

  GHashTable   *done;         /* variant ("" base) -> GwResults, for the document as it is */
  GwEngineKind  done_engine;  /* the engine that made them */
  guint         done_paths;
  GCancellable *cancellable;
  guint         debounce_id;
  guint         generation;
  gboolean      running;
  double        progress;
  gint64        shown;
  char         *error;

  GHashTable   *columns;      /* GwResults -> Column: a series column replayed */
  GCancellable *replay_cancellable;
  int           replaying;    /* the column being replayed, or -1 */
};

G_DEFINE_FINAL_TYPE (GwComparison, gw_comparison, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GwComparison *self;
  guint         generation;
  char         *variant;
  guint         index;        /* of the runs this request makes */
  guint         count;
} Ticket;

static void
ticket_free (Ticket *ticket)
{
  g_object_unref (ticket->self);
  g_free (ticket->variant);
  g_free (ticket);
}

static void
set_running (GwComparison *self,
             gboolean      running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_progress (GwComparison *self,
              double        progress)
{
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_error (GwComparison *self,
           const char   *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static guint
full_paths (GwComparison *self)
{
  guint paths = self->paths;

  /* the app's --paths, as the window's runs take it (gw-runner.c) */
  if (gw_app_options_get_paths () > 0)
    paths = gw_app_options_get_paths ();
  if (paths == 0 && self->document != NULL)
    paths = gw_document_get_scenario (self->document)->info.paths;
  return MAX (paths, 1u);
}

/* The engine of this batch: the OpenCL engine only once its warm-up is
 * done, as for the window's runs; one engine for every variant, so the
 * paths are the same paths. */
static GwEngineKind
batch_engine (GwComparison *self)
{
  if (self->engine != GW_ENGINE_CPU
      && gw_engine_warmup_get_state (gw_engine_warmup_get ()) != GW_WARMUP_DONE)
    return GW_ENGINE_CPU;
  return self->engine;
}

/* The next variant without results, or NULL. */
static const char *
next_missing (GwComparison *self,
              guint        *missing)
{
  const char *first = NULL;

  *missing = 0;
  for (guint i = 0; self->variants != NULL && self->variants[i] != NULL; i++)
    if (!g_hash_table_contains (self->done, self->variants[i]))
      {
        if (first == NULL)
          first = self->variants[i];
        (*missing)++;
      }
  return first;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Ticket *ticket = user_data;
  GwComparison *self = ticket->self;
  gint64 now = g_get_monotonic_time ();

  if (ticket->generation != self->generation || now - self->shown < PROGRESS_INTERVAL_US)
    return;
  self->shown = now;
  set_progress (self, (ticket->index + fraction) / ticket->count);
}

static void run_next (GwComparison *self, guint index, guint count);
static void drop_columns (GwComparison *self);

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Ticket *ticket = user_data;
  GwComparison *self = ticket->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) results = gw_run_finish (result, &error);

  if (ticket->generation != self->generation)
    {
      ticket_free (ticket);
      return;
    }
  if (results == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                           || g_error_matches (error, GW_ERROR, GW_ERROR_CANCELLED);

      set_running (self, FALSE);
      if (!cancelled)
        {
          g_autofree char *text = g_strdup_printf (
            _("“%s” could not run: %s"),
            ticket->variant[0] != '\0' ? ticket->variant : _("Base scenario"), error->message);

          set_error (self, text);
        }
      ticket_free (ticket);
      return;
    }
  g_hash_table_replace (self->done, g_strdup (ticket->variant), g_steal_pointer (&results));
  g_signal_emit (self, signals[UPDATED], 0);
  run_next (self, ticket->index + 1, ticket->count);
  ticket_free (ticket);
}

static void
run_next (GwComparison *self,
          guint         index,
          guint         count)
{
  GwRunOptions options = GW_RUN_OPTIONS_INIT;
  guint missing;
  const char *variant = next_missing (self, &missing);
  Ticket *ticket;

  if (variant == NULL || self->document == NULL)
    {
      set_progress (self, 1);
      set_running (self, FALSE);
      return;
    }
  gw_runner_live_options (&options);
  options.paths = self->done_paths;
  options.variant = variant[0] != '\0' ? variant : NULL;
  options.engine = self->done_engine;
  ticket = g_new0 (Ticket, 1);
  ticket->self = g_object_ref (self);
  ticket->generation = self->generation;
  ticket->variant = g_strdup (variant);
  ticket->index = index;
  ticket->count = MAX (count, index + missing);
  set_progress (self, (double) index / ticket->count);
  set_running (self, TRUE);
  gw_run_async (gw_document_get_scenario (self->document), &options, self->cancellable,
                progress_cb, ticket, run_done_cb, ticket);
}

static gboolean
start_cb (gpointer user_data)
{
  GwComparison *self = user_data;
  GwEngineKind engine = batch_engine (self);
  guint paths = full_paths (self);
  guint missing;

  self->debounce_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  /* runs of another engine or size are not the same paths */
  if (engine != self->done_engine || paths != self->done_paths)
    {
      g_hash_table_remove_all (self->done);
      drop_columns (self);
    }
  self->done_engine = engine;
  self->done_paths = paths;
  set_error (self, NULL);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  next_missing (self, &missing);
  run_next (self, 0, missing);
  return G_SOURCE_REMOVE;
}

/**
 * gw_comparison_schedule:
 * @delay_ms: how long to wait for more requests (the debounce)
 *
 * Runs the variants that have no results yet after @delay_ms, cancelling
 * the run in flight at once.
 */
void
gw_comparison_schedule (GwComparison *self,
                        guint         delay_ms)
{
  g_return_if_fail (GW_IS_COMPARISON (self));

  gw_comparison_cancel (self);
  self->debounce_id = g_timeout_add (delay_ms, start_cb, self);
}

/* Drops the pending request and the run in flight; the results made are
 * kept. */
void
gw_comparison_cancel (GwComparison *self)
{
  g_return_if_fail (GW_IS_COMPARISON (self));

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->generation++;
  set_running (self, FALSE);
}

static void
document_changed_cb (GwComparison *self)
{
  /* every run is of the document as it was */
  g_hash_table_remove_all (self->done);
  drop_columns (self);
  g_signal_emit (self, signals[UPDATED], 0);
  if (self->active)
    gw_comparison_schedule (self, 150);
  else
    gw_comparison_cancel (self);
}

/**
 * gw_comparison_set_active:
 * @active: whether an edit of the document runs the variants again
 *
 * A comparison nobody looks at drops its runs on an edit but does not run
 * again until it is active (the page is shown); becoming active runs what
 * is missing.
 */
void
gw_comparison_set_active (GwComparison *self,
                          gboolean      active)
{
  g_return_if_fail (GW_IS_COMPARISON (self));

  self->active = !!active;
  if (self->active && !gw_comparison_get_complete (self) && self->document != NULL)
    gw_comparison_schedule (self, 0);
}

GwDocument *
gw_comparison_get_document (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), NULL);
  return self->document;
}

/**
 * gw_comparison_set_document:
 * @document: (nullable): the document whose variants are compared
 *
 * Drops the runs of the previous document; the next run is for
 * gw_comparison_schedule() to start. An edit of @document runs again.
 */
void
gw_comparison_set_document (GwComparison *self,
                            GwDocument   *document)
{
  g_return_if_fail (GW_IS_COMPARISON (self));
  g_return_if_fail (document == NULL || GW_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  gw_comparison_cancel (self);
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_id = g_signal_connect_swapped (document, "changed",
                                                 G_CALLBACK (document_changed_cb), self);
  g_hash_table_remove_all (self->done);
  drop_columns (self);
  g_signal_emit (self, signals[UPDATED], 0);
}

const char * const *
gw_comparison_get_variants (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), NULL);
  return (const char * const *) self->variants;
}

/**
 * gw_comparison_set_variants:
 * @variants: (array zero-terminated=1): the variants to compare, the
 *   first the reference; "" is the base scenario
 *
 * Keeps the runs of variants still compared; the others' are dropped.
 */
void
gw_comparison_set_variants (GwComparison       *self,
                            const char * const *variants)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (GW_IS_COMPARISON (self));

  if (self->variants != NULL && variants != NULL
      && g_strv_equal ((const char * const *) self->variants, variants))
    return;
  g_strfreev (self->variants);
  self->variants = g_strdupv ((char **) variants);
  g_hash_table_iter_init (&iter, self->done);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (self->variants == NULL || !g_strv_contains ((const char * const *) self->variants, key))
      g_hash_table_iter_remove (&iter);
  g_signal_emit (self, signals[UPDATED], 0);
}

guint
gw_comparison_get_paths (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), 0);
  return full_paths (self);
}

/* @paths: the paths of every run, 0 for the scenario's own (the app's
 * --paths wins, as for the window's runs) */
void
gw_comparison_set_paths (GwComparison *self,
                         guint         paths)
{
  g_return_if_fail (GW_IS_COMPARISON (self));
  self->paths = MIN (paths, GW_MAX_PATHS);
}

void
gw_comparison_set_engine (GwComparison *self,
                          GwEngineKind  engine)
{
  g_return_if_fail (GW_IS_COMPARISON (self));
  self->engine = engine;
}

guint
gw_comparison_get_n_variants (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), 0);
  return self->variants != NULL ? g_strv_length (self->variants) : 0;
}

/* Returns: (nullable) (transfer none): the run of the @i-th variant, or
 *   %NULL until it is made */
GwResults *
gw_comparison_get_results (GwComparison *self,
                           guint         i)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (i < gw_comparison_get_n_variants (self), NULL);
  return g_hash_table_lookup (self->done, self->variants[i]);
}

/* Whether every variant compared has its run. */
gboolean
gw_comparison_get_complete (GwComparison *self)
{
  guint n = gw_comparison_get_n_variants (self);

  for (guint i = 0; i < n; i++)
    if (gw_comparison_get_results (self, i) == NULL)
      return FALSE;
  return n > 0;
}

gboolean
gw_comparison_get_running (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), FALSE);
  return self->running;
}

double
gw_comparison_get_progress (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), 0);
  return self->progress;
}

/* Why the latest request could not run, or NULL. */
const char *
gw_comparison_get_error (GwComparison *self)
{
  g_return_val_if_fail (GW_IS_COMPARISON (self), NULL);
  return self->error;
}

/**
 * gw_comparison_variant_label:
 * @name: a name of gw_comparison_list_variants()
 *
 * Returns: what people read for @name: "Base scenario" for "", else @name
 */
const char *
gw_comparison_variant_label (const char *name)
{
  return name[0] != '\0' ? name : _("Base scenario");
}

/**
 * gw_comparison_list_variants:
 * @same_as_base: (out) (optional) (transfer full): the variants left out
 *   because they override nothing
 *
 * What a comparison offers: the base scenario once (""), then each variant
 * that overrides something. A variant without overrides (the built-in
 * "Baseline") is the base scenario under another name and runs the same
 * paths to the same numbers, so it is not offered twice.
 *
 * Returns: (transfer full): the names, "" first
 */
char **
gw_comparison_list_variants (const GwScenario   *scenario,
                             char             ***same_as_base)
{
  g_autoptr(GStrvBuilder) offered = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) same = g_strv_builder_new ();
  guint n_overrides = gw_scenario_n_rows (scenario, GW_TABLE_OVERRIDES);

  g_strv_builder_add (offered, "");
  for (guint i = 0; i < gw_scenario_n_rows (scenario, GW_TABLE_VARIANTS); i++)
    {
      const char *name = gw_scenario_variant (scenario, i)->name;
      gboolean overrides = FALSE;

      for (guint k = 0; k < n_overrides && !overrides; k++)
        overrides = g_strcmp0 (gw_scenario_override (scenario, k)->variant, name) == 0;
      g_strv_builder_add (overrides ? offered : same, name);
    }
  if (same_as_base != NULL)
    *same_as_base = g_strv_builder_end (same);
  return g_strv_builder_end (offered);
}

/* A series' per-path values (replayed) */

typedef struct
{
  GwResults *results;
  guint      column;
  GBytes    *values;          /* n_paths doubles */
} Column;

static void
column_free (Column *c)
{
  gw_results_unref (c->results);
  g_bytes_unref (c->values);
  g_free (c);
}

typedef struct
{
  GwComparison *self;
  GPtrArray    *results;      /* GwResults to replay */
  guint         column;
  GPtrArray    *values;       /* GBytes, one per results */
} ReplayJob;

static void
replay_job_free (ReplayJob *job)
{
  g_object_unref (job->self);
  g_ptr_array_unref (job->results);
  g_clear_pointer (&job->values, g_ptr_array_unref);
  g_free (job);
}

static void
replay_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReplayJob *job = task_data;

  job->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < job->results->len; i++)
    {
      GwResults *r = job->results->pdata[i];
      double *v = g_new (double, MAX (r->n_paths, 1));

      if (!gw_replay_column_full (r->plan, r->n_paths, NULL, job->column, cancellable, v))
        {
          g_free (v);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return;
        }
      g_ptr_array_add (job->values, g_bytes_new_take (v, r->n_paths * sizeof (double)));
    }
  g_task_return_boolean (task, TRUE);
}

static void
replayed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReplayJob *job = g_task_get_task_data (G_TASK (result));
  GwComparison *self = job->self;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  self->replaying = -1;
  for (guint i = 0; i < job->results->len; i++)
    {
      Column *c = g_new (Column, 1);

      c->results = gw_results_ref (job->results->pdata[i]);
      c->column = job->column;
      c->values = g_bytes_ref (job->values->pdata[i]);
      g_hash_table_replace (self->columns, c->results, c);
    }
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
drop_columns (GwComparison *self)
{
  if (self->replay_cancellable != NULL)
    g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  self->replaying = -1;
  g_hash_table_remove_all (self->columns);
}

static gboolean
other_column (gpointer key,
              gpointer value,
              gpointer column)
{
  return ((Column *) value)->column != GPOINTER_TO_UINT (column);
}

/**
 * gw_comparison_get_column:
 * @i: the variant's index
 * @column: a series column of its plan (gw_plan_series_column())
 *
 * The value of series @column on every path of variant @i's run, simulated
 * again (gw_replay_column()). The first call for a column starts that
 * replay for every run made, on a worker, and returns %NULL; the
 * comparison emits #GwComparison::updated when the values are there.
 * Only the last column asked for is kept.
 *
 * Returns: (transfer none) (nullable): n_paths doubles, or %NULL
 */
GBytes *
gw_comparison_get_column (GwComparison *self,
                          guint         i,
                          guint         column)
{
  GwResults *r = gw_comparison_get_results (self, i);
  g_autoptr(GPtrArray) todo = NULL;
  Column *c;
  GTask *task;
  ReplayJob *job;

  if (r == NULL || column >= r->plan->n_cols)
    return NULL;
  c = g_hash_table_lookup (self->columns, r);
  if (c != NULL && c->column == column)
    return c->values;
  if (self->replaying == (int) column)
    return NULL;

  /* what the runs made lack of this column; other columns go */
  if (self->replay_cancellable != NULL)
    g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  g_hash_table_foreach_remove (self->columns, other_column, GUINT_TO_POINTER (column));
  todo = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_results_unref);
  for (guint k = 0; self->variants != NULL && self->variants[k] != NULL; k++)
    {
      GwResults *made = g_hash_table_lookup (self->done, self->variants[k]);

      if (made != NULL && column < made->plan->n_cols
          && !g_hash_table_contains (self->columns, made))
        g_ptr_array_add (todo, gw_results_ref (made));
    }
  self->replaying = (int) column;
  self->replay_cancellable = g_cancellable_new ();
  job = g_new0 (ReplayJob, 1);
  job->self = g_object_ref (self);
  job->results = g_steal_pointer (&todo);
  job->column = column;
  task = g_task_new (NULL, self->replay_cancellable, replayed_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) replay_job_free);
  gw_task_run_in_background (task, replay_thread);
  g_object_unref (task);
  return NULL;
}

/* The numbers */

static void
kpi_from_summary (const GwSummary *sm,
                  const GwSummary *ref,
                  GwCompareKpi    *kpi)
{
  kpi->p10 = sm->q[GW_Q_P10];
  kpi->p50 = sm->q[GW_Q_P50];
  kpi->p90 = sm->q[GW_Q_P90];
  kpi->mean = sm->mean;
  kpi->delta_p50 = sm->q[GW_Q_P50] - ref->q[GW_Q_P50];
  kpi->diff_p50 = NAN;
  kpi->p_higher = NAN;
}

/**
 * gw_compare_series_kpi:
 * @reference_values: (nullable): the series' value at @t on each of
 *   @reference's paths (gw_comparison_get_column()), or %NULL
 * @values: (nullable): the same for @results
 *
 * @results' numbers for a series at quarter @t (0 = the start), against
 * @reference: its engine summaries, as gigawatt-cli run prints them, and
 * with both runs' per-path values the per-path difference, as for a
 * scalar (gw_compare_scalar_kpi()).
 */
void
gw_compare_series_kpi (const GwResults *reference,
                       const GwResults *results,
                       guint            series,
                       guint            t,
                       const double    *reference_values,
                       const double    *values,
                       GwCompareKpi    *kpi)
{
  g_return_if_fail (series < results->plan->n_series && t < results->plan->T);
  g_return_if_fail (series < reference->plan->n_series && t < reference->plan->T);

  kpi_from_summary (gw_results_summary (results, series, t),
                    gw_results_summary (reference, series, t), kpi);
  if (reference_values != NULL && values != NULL)
    gw_difference_stats (reference_values, values, MIN (reference->n_paths, results->n_paths),
                         &kpi->diff_p50, &kpi->p_higher);
}

/**
 * gw_compare_scalar_kpi:
 *
 * @results' numbers for a per-path scalar against @reference: the engine's
 * summaries, and the per-path difference (@results less @reference on the
 * same path), whose median and share above zero are over the paths where
 * both values are finite.
 */
void
gw_compare_scalar_kpi (const GwResults *reference,
                       const GwResults *results,
                       guint            scalar,
                       GwCompareKpi    *kpi)
{
  g_return_if_fail (scalar < results->plan->n_scalars && scalar < reference->plan->n_scalars);

  kpi_from_summary (&results->scalars[scalar], &reference->scalars[scalar], kpi);
  gw_difference_stats (gw_results_scalar_values (reference, scalar),
                       gw_results_scalar_values (results, scalar),
                       MIN (reference->n_paths, results->n_paths), &kpi->diff_p50,
                       &kpi->p_higher);
}

/* GObject */

static void
gw_comparison_dispose (GObject *object)
{
  GwComparison *self = GW_COMPARISON (object);

  gw_comparison_cancel (self);
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);
  if (self->columns != NULL)
    drop_columns (self);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->done, g_hash_table_unref);
  G_OBJECT_CLASS (gw_comparison_parent_class)->dispose (object);
}

static void
gw_comparison_finalize (GObject *object)
{
  GwComparison *self = GW_COMPARISON (object);

  g_strfreev (self->variants);
  g_free (self->error);
  G_OBJECT_CLASS (gw_comparison_parent_class)->finalize (object);
}

static void
gw_comparison_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwComparison *self = GW_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_comparison_class_init (GwComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gw_comparison_dispose;
  object_class->finalize = gw_comparison_finalize;
  object_class->get_property = gw_comparison_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwComparison::updated:
   *
   * A run was made, or runs were dropped (an edit, another document,
   * other variants), or a series' column was replayed
   * (gw_comparison_get_column()).
   */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_comparison_init (GwComparison *self)
{
  self->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) gw_results_unref);
  self->columns = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) column_free);
  self->replaying = -1;
  self->engine = GW_ENGINE_AUTO;
  self->active = TRUE;
  self->done_engine = GW_ENGINE_CPU;
}

GwComparison *
gw_comparison_new (void)
{
  return g_object_new (GW_TYPE_COMPARISON, NULL);
}
