/* gw-explore-run.c: the explore window's runs
 *
 * Start reads the form (gw-explore-dialog.c) into a statistic, a range and
 * paths, sets up the lines the mode draws and runs the mode's work on a
 * worker thread (GTask); each point the worker posts comes back to the
 * main loop to be drawn and listed, and the end of the run gives the
 * answer. Cancel, or a new run, leaves a run's late points unseen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-engine.h"
#include "gw-explore-dialog-private.h"

/* The worker */

typedef struct
{
  GwExploreDialog *self;
  GCancellable    *cancellable;
  guint            line;
  guint            row;
  double           x;
  guint            n_stats;
  double           y[4];
  double           se[4];
} PointMsg;

static void
point_msg_free (PointMsg *msg)
{
  g_object_unref (msg->self);
  g_object_unref (msg->cancellable);
  g_free (msg);
}

static gboolean
point_cb (gpointer user_data)
{
  PointMsg *msg = user_data;
  GwExploreDialog *self = msg->self;
  GwSweep *sweep;

  if (msg->cancellable != self->cancellable || self->sweeps == NULL
      || msg->line >= self->sweeps->len)
    return G_SOURCE_REMOVE;
  sweep = self->sweeps->pdata[msg->line];
  if (self->mode != GW_EXPLORE_SWEEP)
    {
      /* the goal's or the convergence's runs: one line whose points come
       * in the order run */
      if (msg->row >= sweep->n)
        return G_SOURCE_REMOVE;
      sweep->x[msg->row] = msg->x;
      if (self->mode == GW_EXPLORE_GOAL)
        gw_explore_goal_add_row (self, msg->row, msg->x, msg->y[0], msg->se[0]);
      else
        gw_explore_converge_add_row (self, msg->row, msg->x, msg->y[0], msg->se[0]);
    }
  for (guint c = 0; c < MIN (msg->n_stats, sweep->n_stats); c++)
    {
      sweep->y[msg->row * sweep->n_stats + c] = msg->y[c];
      sweep->se[msg->row * sweep->n_stats + c] = msg->se[c];
    }
  sweep->done = MAX (sweep->done, msg->row + 1);
  gw_explore_dialog_redraw (self);
  return G_SOURCE_REMOVE;
}

static void
work_free (GwExploreWork *w)
{
  g_object_unref (w->self);
  g_object_unref (w->cancellable);
  gw_scenario_free (w->scenario);
  g_free (w->variant);
  gw_statistic_clear (&w->stat);
  g_free (w->input);
  g_clear_pointer (&w->sweeps, g_ptr_array_unref);
  g_free (w);
}

/* A point of a line, from the worker to the main loop. */
void
gw_explore_dialog_post_point (GwExploreWork *w,
                              guint          row,
                              double         x,
                              const double  *y,
                              const double  *se,
                              guint          n_stats)
{
  PointMsg *msg = g_new0 (PointMsg, 1);

  msg->self = g_object_ref (w->self);
  msg->cancellable = g_object_ref (w->cancellable);
  msg->line = w->line;
  msg->row = row;
  msg->x = x;
  msg->n_stats = MIN (n_stats, G_N_ELEMENTS (msg->y));
  memcpy (msg->y, y, msg->n_stats * sizeof (double));
  memcpy (msg->se, se, msg->n_stats * sizeof (double));
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, point_cb, msg,
                              (GDestroyNotify) point_msg_free);
}

static void
work_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GwExploreWork *w = task_data;
  GError *error = NULL;
  gboolean ok;

  w->options.variant = w->variant;
  if (w->max_paths > 0)
    ok = gw_explore_converge_work (w, cancellable, &error);
  else if (w->sweeps == NULL)
    ok = gw_explore_goal_work (w, cancellable, &error);
  else
    ok = gw_explore_sweep_work (w, cancellable, &error);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
work_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GwExploreDialog *self = GW_EXPLORE_DIALOG (source);
  GwExploreWork *w = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (w->cancellable != self->cancellable)
    return;  /* a run since started */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gw_explore_dialog_set_result (self, _("Cancelled"), FALSE);
      else
        gw_explore_dialog_set_result (self, error->message, TRUE);
    }
  else if (self->mode == GW_EXPLORE_GOAL)
    gw_explore_goal_done (self, w);
  else if (self->mode == GW_EXPLORE_CONVERGE)
    gw_explore_converge_done (self, w);
  else
    gw_explore_sweep_done (self, w);
  gw_explore_dialog_redraw (self);
  gw_explore_dialog_set_running (self, FALSE);
}

/* Starting a run */

/* Forgets the last run: its statistic, lines, answer and list of runs. */
static void
clear_run (GwExploreDialog *self)
{
  GtkWidget *child;

  gw_statistic_clear (&self->stat);
  g_clear_pointer (&self->sweeps, g_ptr_array_unref);
  g_clear_pointer (&self->line_labels, g_ptr_array_unref);
  self->found = FALSE;
  self->converged = FALSE;
  self->conv_paths = 0;
  self->conv_value = self->conv_se = NAN;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->runs_list))) != NULL)
    gtk_list_box_remove (self->runs_list, child);
}

/* Reads the form: the statistic (into self->stat), the paths, the target
 * (self->target or self->target_se), the range and the points, each where
 * the mode has them. */
static gboolean
read_form (GwExploreDialog *self,
           guint           *paths,
           guint           *max_paths,
           double          *lo,
           double          *hi,
           guint           *steps,
           GError         **error)
{
  const GwInputInfo *info = gw_explore_dialog_selected_input (self, 0);
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  GwSweepKind kind = gw_explore_dialog_sweep_kind (self);
  GError *err = NULL;

  if (info == NULL && !converge)
    g_set_error (&err, GW_ERROR, GW_ERROR_INVALID_VALUE, _("Choose an input"));
  if (err == NULL)
    gw_explore_dialog_form_statistic (self, &self->stat, &err);
  if (err == NULL && converge && self->stat.kind == GW_STAT_SD)
    g_set_error (&err, GW_ERROR, GW_ERROR_INVALID_VALUE,
                 _("A standard error is known for a mean, a quantile or a probability, not for "
                   "the standard deviation"));
  if (err == NULL)
    gw_explore_dialog_parse_count (self->paths_row, 100, converge ? GW_MAX_PATHS : 10000000,
                                   paths, &err);
  if (err == NULL && converge)
    gw_explore_dialog_parse_count (self->max_paths_row, 100, GW_MAX_PATHS, max_paths, &err);
  if (err == NULL && converge
      && gw_explore_dialog_parse_number (self->se_row, &self->target_se, &err)
      && !(self->target_se > 0))
    g_set_error (&err, GW_ERROR, GW_ERROR_INVALID_VALUE,
                 _("%s: a number above 0 is needed"),
                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->se_row)));
  if (err == NULL && !converge && (self->mode == GW_EXPLORE_GOAL || kind != GW_SWEEP_SPIDER)
      && gw_explore_dialog_parse_number (self->lo_row, lo, &err)
      && gw_explore_dialog_parse_number (self->hi_row, hi, &err)
      && !(*lo < *hi))
    g_set_error (&err, GW_ERROR, GW_ERROR_INVALID_VALUE, _("The range's start must be below "
                                                           "its end"));
  if (err == NULL && self->mode == GW_EXPLORE_GOAL)
    gw_explore_dialog_parse_number (self->target_row, &self->target, &err);
  if (err == NULL && self->mode == GW_EXPLORE_SWEEP)
    gw_explore_dialog_parse_count (self->steps_row, 2, 101, steps, &err);
  if (err != NULL)
    {
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

/* The chart's words for a goal seek or a sweep. */
static void
set_chart_text (GwExploreDialog   *self,
                const GwInputInfo *info,
                guint              paths)
{
  g_autofree char *what = gw_explore_dialog_describe_stat (self);
  g_autofree char *sub = NULL;
  g_autofree char *n_text = NULL;
  /* a spider's x axis is each input's own percentile */
  gboolean spider = gw_explore_dialog_sweep_kind (self) == GW_SWEEP_SPIDER;
  const char *x_title = spider ? _("Each input's percentile, from its P10 to its P90")
                               : info->label;

  /* TRANSLATORS: a chart's subtitle: the variant (or "Base scenario"), paths, seed */
  n_text = gw_format_grouped (paths, 0);
  sub = g_strdup_printf (_("%s · %s paths a point · seed %" G_GUINT64_FORMAT
                           " · common random numbers"),
                         self->variant ? self->variant : _("Base scenario"), n_text,
                         self->scenario->info.seed);
  gw_sweep_chart_set_text (self->chart, what, sub, x_title, NULL);
}

/* What the worker needs: copies of the scenario, the statistic and, for a
 * sweep, the lines. */
static GwExploreWork *
work_new (GwExploreDialog   *self,
          const GwInputInfo *info,
          guint              paths,
          guint              max_paths,
          double             lo,
          double             hi)
{
  GwExploreWork *w = g_new0 (GwExploreWork, 1);

  w->self = g_object_ref (self);
  self->cancellable = g_cancellable_new ();
  w->cancellable = g_object_ref (self->cancellable);
  w->scenario = gw_scenario_copy (self->scenario);
  w->variant = g_strdup (self->variant);
  w->options = (GwRunOptions) GW_RUN_OPTIONS_INIT;
  /* the CPU reference engine, as gigawatt-cli goal and sweep --engine cpu:
   * the same numbers on every machine */
  w->options.engine = GW_ENGINE_CPU;
  w->options.paths = paths;
  gw_explore_dialog_form_statistic (self, &w->stat, NULL);
  w->input = g_strdup (info != NULL ? info->path : "");
  w->target = self->target;
  w->target_se = self->target_se;
  w->max_paths = max_paths;
  w->lo = lo;
  w->hi = hi;
  if (self->mode == GW_EXPLORE_SWEEP)
    w->sweeps = gw_explore_sweep_copy_lines (self);
  return w;
}

/**
 * gw_explore_dialog_start:
 *
 * Reads the form and runs the goal seek or sweep on a worker thread; a
 * form that does not read shows why.
 */
void
gw_explore_dialog_start (GwExploreDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const GwInputInfo *info = gw_explore_dialog_selected_input (self, 0);
  GwExploreWork *w;
  guint paths, steps = 0, max_paths = 0;
  double lo = 0, hi = 0;

  gw_explore_dialog_cancel (self);
  clear_run (self);
  if (!read_form (self, &paths, &max_paths, &lo, &hi, &steps, &error))
    {
      gw_statistic_clear (&self->stat);
      gw_explore_dialog_set_result (self, error->message, TRUE);
      gw_explore_dialog_redraw (self);
      return;
    }
  {
    const GwExploreOutput *o = gw_explore_dialog_selected_output (self);

    self->y_unit = self->stat.kind == GW_STAT_PROB_BELOW || self->stat.kind == GW_STAT_PROB_ABOVE
                   ? GW_UNIT_FRACTION : o->unit;
  }

  self->sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sweep_free);
  self->line_labels = g_ptr_array_new_with_free_func (g_free);
  if (self->mode == GW_EXPLORE_GOAL)
    gw_explore_goal_add_line (self, info);
  else if (self->mode == GW_EXPLORE_CONVERGE)
    gw_explore_converge_add_line (self);
  else if (!gw_explore_sweep_add_lines (self, info, gw_explore_dialog_sweep_kind (self), lo, hi,
                                        steps, &error))
    {
      gw_explore_dialog_set_result (self, error->message, TRUE);
      g_clear_pointer (&self->sweeps, g_ptr_array_unref);
      g_clear_pointer (&self->line_labels, g_ptr_array_unref);
      gw_explore_dialog_redraw (self);
      return;
    }

  if (self->mode == GW_EXPLORE_CONVERGE)
    gw_explore_converge_set_chart_text (self);
  else
    set_chart_text (self, info, paths);

  w = work_new (self, info, paths, max_paths, lo, hi);
  gw_explore_dialog_set_result (self, NULL, FALSE);
  gw_explore_dialog_set_running (self, TRUE);
  gw_explore_dialog_redraw (self);
  task = g_task_new (self, self->cancellable, work_done_cb, NULL);
  g_task_set_task_data (task, w, (GDestroyNotify) work_free);
  gw_task_run_in_background (task, work_thread);
}

void
gw_explore_dialog_cancel (GwExploreDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->running)
    {
      gw_explore_dialog_set_running (self, FALSE);
      gw_explore_dialog_set_result (self, _("Cancelled"), FALSE);
    }
}
