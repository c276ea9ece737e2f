/* gw-explore-sweep.c: the explore window's sweeps
 *
 * A statistic of an output as inputs change, as gigawatt-cli sweep runs
 * it (gw_sweep_run() on the worker, a line at a time): one input over a
 * range, two (a family of lines, the second input held at each of a few
 * values) or a spider (a line per input over its own P10 to P90); Export
 * CSV writes gigawatt-cli sweep --csv's columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-explore-dialog-private.h"
#include "gw-io.h"

/* The lines of a one-input or two-input sweep: @steps points from @lo to
 * @hi, a line per value of the second input. */
static gboolean
add_grid_lines (GwExploreDialog   *self,
                const GwInputInfo *info,
                GwSweepKind        kind,
                double             lo,
                double             hi,
                guint              steps,
                GError           **error)
{
  g_autofree double *xs = g_new (double, steps);
  const GwInputInfo *by = kind == GW_SWEEP_GRID ? gw_explore_dialog_selected_input (self, 1)
                                                : NULL;
  guint n_by = 1;
  double lo2 = 0, hi2 = 0;
  GError *err = NULL;

  gw_sweep_linspace (lo, hi, steps, xs);
  if (kind == GW_SWEEP_GRID && by == NULL)
    g_set_error (&err, GW_ERROR, GW_ERROR_INVALID_VALUE, _("Choose a second input"));
  else if (by != NULL && gw_explore_dialog_parse_number (self->lo2_row, &lo2, &err)
           && gw_explore_dialog_parse_number (self->hi2_row, &hi2, &err))
    gw_explore_dialog_parse_count (self->steps2_row, 2, 8, &n_by, &err);
  for (guint k = 0; k < n_by && err == NULL; k++)
    {
      GwSweep *line = gw_sweep_new (info->path, xs, steps, 1);

      g_ptr_array_add (self->sweeps, line);
      if (by != NULL)
        {
          double v = lo2 + (hi2 - lo2) * k / (double) (n_by - 1);
          g_autofree char *vs = gw_explore_dialog_format_x (v);

          gw_sweep_set_by (line, by->path, v);
          g_ptr_array_add (self->line_labels, g_strdup_printf ("%s = %s", by->label, vs));
        }
      else
        g_ptr_array_add (self->line_labels, NULL);
    }
  if (err != NULL)
    {
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_explore_sweep_add_lines:
 *
 * The lines the form asks for, into self->sweeps and self->line_labels: a
 * spider's, one per input chosen, or those of one or two inputs.
 */
gboolean
gw_explore_sweep_add_lines (GwExploreDialog   *self,
                            const GwInputInfo *info,
                            GwSweepKind        kind,
                            double             lo,
                            double             hi,
                            guint              steps,
                            GError           **error)
{
  GError *err = NULL;

  if (kind != GW_SWEEP_SPIDER)
    return add_grid_lines (self, info, kind, lo, hi, steps, error);
  for (guint r = 0; r < N_INPUT_ROWS && err == NULL; r++)
    {
      const GwInputInfo *in = gw_explore_dialog_selected_input (self, r);
      GwSweep *line;

      if (in == NULL)
        continue;
      line = gw_spider_line_new (self->scenario, self->variant, in->path, steps, 1, &err);
      if (line == NULL)
        break;
      g_ptr_array_add (self->sweeps, line);
      g_ptr_array_add (self->line_labels, g_strdup (in->label));
    }
  if (err != NULL)
    {
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

/* The worker's own copies of the lines. */
GPtrArray *
gw_explore_sweep_copy_lines (GwExploreDialog *self)
{
  GPtrArray *sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sweep_free);

  for (guint i = 0; i < self->sweeps->len; i++)
    {
      const GwSweep *s = self->sweeps->pdata[i];
      GwSweep *copy = gw_sweep_new (s->input, s->x, s->n, s->n_stats);

      if (s->u != NULL)
        copy->u = g_memdup2 (s->u, s->n * sizeof (double));
      gw_sweep_set_by (copy, s->by_input, s->by_value);
      g_ptr_array_add (sweeps, copy);
    }
  return sweeps;
}

static void
sweep_row_cb (const GwSweep *sweep,
              guint          row,
              gpointer       user_data)
{
  gw_explore_dialog_post_point (user_data, row, sweep->x[row],
                                sweep->y + (gsize) row * sweep->n_stats,
                                sweep->se + (gsize) row * sweep->n_stats, sweep->n_stats);
}

/* On the worker: gigawatt-cli sweep, a line at a time, each point posted
 * as it ends. */
gboolean
gw_explore_sweep_work (GwExploreWork *w,
                       GCancellable  *cancellable,
                       GError       **error)
{
  for (w->line = 0; w->line < w->sweeps->len; w->line++)
    if (!gw_sweep_run (w->scenario, &w->options, w->sweeps->pdata[w->line], &w->stat,
                       cancellable, sweep_row_cb, w, error))
      return FALSE;
  return TRUE;
}

/* The answer: how many points, of how many paths. */
void
gw_explore_sweep_done (GwExploreDialog *self,
                       GwExploreWork   *w)
{
  guint n = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->sweeps->len; i++)
    n += ((GwSweep *) self->sweeps->pdata[i])->done;
  {
    g_autofree char *paths = gw_format_grouped (w->options.paths, 0);

    /* TRANSLATORS: "12 points, each a run of 10,000 paths" */
    text = g_strdup_printf (ngettext ("%u point, each a run of %s paths",
                                      "%u points, each a run of %s paths", n), n, paths);
  }
  gw_explore_dialog_set_result (self, text, FALSE);
}

/* Export CSV */

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GwExploreDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *csv = gw_explore_dialog_dup_csv (self);
      g_autoptr(GError) error = NULL;

      if (path == NULL || csv == NULL)
        gw_explore_dialog_set_result (self, _("Could not export: nothing to write there"), TRUE);
      else if (!gw_io_save_contents (path, csv, strlen (csv), &error))
        {
          g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);

          gw_explore_dialog_set_result (self, text, TRUE);
        }
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Exported to “%s”"), name);

          gw_explore_dialog_set_result (self, text, FALSE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Export CSV…: asks where, then writes gw_explore_dialog_dup_csv(). */
void
gw_explore_sweep_export (GwExploreDialog *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Sweep"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "sweep.csv");
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
