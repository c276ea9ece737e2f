/* gw-explore-goal.c: the explore window's goal seek
 *
 * The input's value at which a statistic of an output equals a target:
 * gw_goal_seek_full() on the worker, as gigawatt-cli goal runs it; each
 * run listed and plotted as it comes (one line whose points are the runs
 * in the order run), the answer with its tolerance and standard error,
 * and Apply to Scenario, which sets the input to the value found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-explore-dialog-private.h"

/* The one line of a goal seek: its runs, as they come. */
void
gw_explore_goal_add_line (GwExploreDialog   *self,
                          const GwInputInfo *info)
{
  double xs[MAX_RUNS] = { 0 };

  g_ptr_array_add (self->sweeps, gw_sweep_new (info->path, xs, MAX_RUNS, 1));
  g_ptr_array_add (self->line_labels, NULL);
}

/* A run in the list of runs, after the heading for the first. */
void
gw_explore_goal_add_row (GwExploreDialog *self,
                         guint            step,
                         double           x,
                         double           y,
                         double           se)
{
  g_autofree char *ys = gw_explore_dialog_format_y (self, y);
  g_autofree char *ses = gw_explore_dialog_format_se (self, se);
  g_autofree char *xs = gw_explore_dialog_format_x (x);
  g_autofree char *value = g_strdup_printf ("%s%s", ys, ses);
  g_autofree char *n = g_strdup_printf ("%u", step + 1);

  if (step == 0)
    {
      g_autofree char *what = gw_explore_dialog_describe_stat (self);
      const GwInputInfo *info = gw_explore_dialog_selected_input (self, 0);

      gtk_list_box_append (self->runs_list,
                           gw_explore_dialog_run_row_new (_("Run"), info ? info->label : "",
                                                          what, TRUE));
    }
  gtk_list_box_append (self->runs_list, gw_explore_dialog_run_row_new (n, xs, value, FALSE));
}

static void
goal_point_cb (guint    step,
               double   x,
               double   y,
               double   se,
               gpointer user_data)
{
  gw_explore_dialog_post_point (user_data, step, x, &y, &se, 1);
}

/* On the worker: gigawatt-cli goal, each run posted as it ends. */
gboolean
gw_explore_goal_work (GwExploreWork *w,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return gw_goal_seek_full (w->scenario, &w->options, w->input, &w->stat, w->target, w->lo,
                            w->hi, 0, MAX_RUNS, cancellable, goal_point_cb, w, &w->x, &w->y,
                            error);
}

/* The answer: the value found, what it gives, the tolerance and the
 * standard error of the run that found it. */
void
gw_explore_goal_done (GwExploreDialog *self,
                      GwExploreWork   *w)
{
  const GwInputInfo *info = gw_explore_dialog_selected_input (self, 0);
  g_autofree char *xs = gw_explore_dialog_format_x (w->x);
  g_autofree char *ys = gw_explore_dialog_format_y (self, w->y);
  g_autofree char *ts = gw_explore_dialog_format_y (self, self->target);
  g_autofree char *what = gw_explore_dialog_describe_stat (self);
  const GwSweep *runs = self->sweeps->pdata[0];
  /* the solver's tolerance when none is given (gw_goal_seek_full()) */
  g_autofree char *tol = gw_explore_dialog_format_y (self,
                                                     fabs (runs->y[0] - runs->y[1]) * 1e-3);
  double se = NAN;
  g_autofree char *ses = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < runs->done; i++)
    if (runs->x[i] == w->x)
      se = runs->se[i];
  ses = isfinite (se) ? gw_explore_dialog_format_y (self, se) : g_strdup (_("unknown"));
  self->found = TRUE;
  self->found_x = w->x;
  self->found_y = w->y;
  /* TRANSLATORS: the answer of a goal seek: "Meta II deal: Price = 1.75357
   * gives P(CoreWeave: Minimum DSCR < 1) = 50.02% (target 50.00% ± 0.05%;
   * Monte Carlo standard error 0.50%)" */
  text = g_strdup_printf (_("%s = %s gives %s = %s (target %s ± %s; Monte Carlo standard "
                            "error %s)"), info->label, xs, what, ys, ts, tol, ses);
  gw_explore_dialog_set_result (self, text, FALSE);
}

/**
 * gw_explore_goal_apply:
 *
 * Sets the input to the value found, through the document's undoable
 * edit (the base scenario only: a variant's override is its own table).
 */
void
gw_explore_goal_apply (GwExploreDialog *self)
{
  const GwInputInfo *info = gw_explore_dialog_selected_input (self, 0);
  const GwScenario *s = gw_document_get_scenario (self->document);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GwInputRef ref;

  if (info == NULL || !self->found)
    return;
  text = g_strdup_printf ("%.6g", self->found_x);
  if (!gw_scenario_parse_input (s, info->path, &ref, &error)
      || !gw_document_set_field_text (self->document, ref.table, ref.row, ref.field, text,
                                      &error))
    gw_explore_dialog_set_result (self, error->message, TRUE);
  else
    {
      g_autofree char *done = g_strdup_printf (_("%s set to %s in the scenario (undo with "
                                                 "Ctrl+Z)"), info->label, text);

      gw_explore_dialog_set_result (self, done, FALSE);
      gtk_widget_set_sensitive (self->apply_button, FALSE);
    }
}
