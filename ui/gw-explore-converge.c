/* gw-explore-converge.c: the explore window's convergence runs
 *
 * How a statistic of an output settles as paths are added, as gigawatt-cli
 * converge runs it (gw_converge_full() on the worker): each run listed
 * with its statistic ± standard error and plotted against the paths (one
 * line, on a log axis), until the standard error is under the target or
 * the most paths allowed have run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-explore-dialog-private.h"

/* The one line of a convergence run: its runs, against the paths. */
void
gw_explore_converge_add_line (GwExploreDialog *self)
{
  double xs[MAX_CONVERGE_RUNS] = { 0 };

  g_ptr_array_add (self->sweeps, gw_sweep_new ("paths", xs, MAX_CONVERGE_RUNS, 1));
  g_ptr_array_add (self->line_labels, NULL);
}

/* A run in the list of runs, after the heading for the first. */
void
gw_explore_converge_add_row (GwExploreDialog *self,
                             guint            step,
                             double           paths,
                             double           y,
                             double           se)
{
  g_autofree char *ys = gw_explore_dialog_format_y (self, y);
  g_autofree char *ses = gw_explore_dialog_format_se (self, se);
  g_autofree char *ps = g_strdup_printf ("%.0f", paths);
  g_autofree char *value = g_strdup_printf ("%s%s", ys, ses);
  g_autofree char *n = g_strdup_printf ("%u", step + 1);

  if (step == 0)
    {
      g_autofree char *what = gw_explore_dialog_describe_stat (self);
      /* TRANSLATORS: a column heading: the statistic ± its standard error */
      g_autofree char *head = g_strdup_printf (_("%s ± SE"), what);

      gtk_list_box_append (self->runs_list,
                           gw_explore_dialog_run_row_new (_("Run"), _("Paths"), head, TRUE));
    }
  gtk_list_box_append (self->runs_list, gw_explore_dialog_run_row_new (n, ps, value, FALSE));
}

/* The chart's words: the statistic, the target, the seed. */
void
gw_explore_converge_set_chart_text (GwExploreDialog *self)
{
  g_autofree char *what = gw_explore_dialog_describe_stat (self);
  g_autofree char *ts = gw_explore_dialog_format_y (self, self->target_se);
  g_autofree char *sub = NULL;

  /* TRANSLATORS: a chart's subtitle: the variant (or "Base scenario"), the
   * target standard error, the seed */
  sub = g_strdup_printf (_("%s · to a standard error of %s · seed %" G_GUINT64_FORMAT
                           " · band ±1.96 standard errors"),
                         self->variant ? self->variant : _("Base scenario"), ts,
                         self->scenario->info.seed);
  gw_sweep_chart_set_text (self->chart, what, sub, _("Paths (log scale)"), NULL);
}

static void
converge_point_cb (guint    step,
                   double   paths,
                   double   y,
                   double   se,
                   gpointer user_data)
{
  gw_explore_dialog_post_point (user_data, step, paths, &y, &se, 1);
}

/* On the worker: gigawatt-cli converge, each run posted as it ends; then
 * the last run's statistic and standard error. */
gboolean
gw_explore_converge_work (GwExploreWork *w,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GwResults) res = NULL;

  res = gw_converge_full (w->scenario, &w->options, &w->stat, w->target_se, w->options.paths,
                          w->max_paths, cancellable, converge_point_cb, w, &w->converged, error);
  if (res == NULL || !gw_statistic_eval (&w->stat, res, &w->y, error)
      || !gw_statistic_standard_error (&w->stat, res, &w->se, error))
    return FALSE;
  w->n_paths = res->n_paths;
  return TRUE;
}

/* The answer: converged at how many paths, or not by the most allowed. */
void
gw_explore_converge_done (GwExploreDialog *self,
                          GwExploreWork   *w)
{
  g_autofree char *ys = gw_explore_dialog_format_y (self, w->y);
  g_autofree char *ses = gw_explore_dialog_format_y (self, w->se);
  g_autofree char *ts = gw_explore_dialog_format_y (self, self->target_se);
  g_autofree char *n_text = gw_format_grouped (w->n_paths, 0);
  g_autofree char *text = NULL;

  self->converged = w->converged;
  self->conv_paths = w->n_paths;
  self->conv_value = w->y;
  self->conv_se = w->se;
  if (w->converged)
    /* TRANSLATORS: the end of a convergence run: "Converged at 37,163 paths:
     * 1.234 B ± 0.01 B (one standard error)" */
    text = g_strdup_printf (_("Converged at %s paths: %s ± %s (one standard error)"),
                            n_text, ys, ses);
  else
    /* TRANSLATORS: "Not converged by 80,000 paths: standard error 0.02 B > target
     * 0.01 B (the statistic 1.234 B)" */
    text = g_strdup_printf (_("Not converged by %s paths: standard error %s > target %s "
                              "(the statistic %s)"), n_text, ses, ts, ys);
  gw_explore_dialog_set_result (self, text, !w->converged);
}
