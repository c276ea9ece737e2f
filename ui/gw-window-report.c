/* gw-window-report.c: File > Export Report
 *
 * The PDF report of the scenario as the window shows it: the results on
 * screen, of the variant chosen, or a run of the scenario where there are
 * none yet, its provider pages for the document's focus provider. It is
 * laid out and saved on a worker thread by the same code
 * as gigawatt-cli report (chart/gw-report.c), which replaces the file only
 * once the whole report is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-engine.h"
#include "gw-report.h"
#include "gw-window-private.h"

/* the source tag and name of this file's tasks (a string: ISO C has no
 * conversion from a function pointer to gpointer) */
static const char report_tag[] = "gw_window_export_report";

typedef struct
{
  GwScenario *scenario;
  GwResults  *results;   /* NULL: run first */
  char       *variant;
  char       *provider;  /* the focus provider */
  char       *path;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_pointer (&job->scenario, gw_scenario_free);
  g_clear_pointer (&job->results, gw_results_unref);
  g_free (job->variant);
  g_free (job->provider);
  g_free (job->path);
  g_free (job);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  GError *error = NULL;

  if (job->results == NULL)
    {
      GwRunOptions opt = GW_RUN_OPTIONS_INIT;

      opt.variant = job->variant;
      job->results = gw_run (job->scenario, &opt, cancellable, NULL, NULL, &error);
      if (job->results == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (!gw_report_write (job->scenario, job->results, job->provider, job->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * _gw_window_export_report_async:
 *
 * Writes the report of the window's scenario to @file on a worker thread.
 */
void
_gw_window_export_report_async (GwWindow            *self,
                                GFile               *file,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  ReportJob *job = g_new0 (ReportJob, 1);
  GwResults *results = gw_runner_get_results (self->runner);

  g_task_set_name (task, report_tag);
  g_task_set_source_tag (task, (gpointer) report_tag);
  job->scenario = gw_scenario_copy (gw_document_get_scenario (self->document));
  job->variant = g_strdup (gw_runner_get_variant (self->runner));
  job->provider = g_strdup (gw_view_resolve_focus (gw_document_get_view (self->document),
                                                   job->scenario));
  job->results = results ? gw_results_ref (results) : NULL;
  job->path = g_file_get_path (file);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be written"));
      return;
    }
  gw_task_run_in_background (task, report_thread);
}

gboolean
_gw_window_export_report_finish (GwWindow      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self) &&
                        g_task_get_source_tag (G_TASK (result)) == report_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GwWindow *self = GW_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!_gw_window_export_report_finish (self, result, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Export the Report"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }
  _gw_window_show_toast (self, _("Report exported"));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     GwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL && !g_str_has_suffix (path, ".pdf"))
        {
          g_autofree char *with = g_strconcat (path, ".pdf", NULL);

          g_clear_object (&file);
          file = g_file_new_for_path (with);
        }
      if (file != NULL)
        _gw_window_export_report_async (self, file, export_done_cb, NULL);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* win.export-report */
void
_gw_window_export_report (GwWindow *self)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();
  const GwScenario *s = gw_document_get_scenario (self->document);
  g_autofree char *name = g_strdup_printf ("%s.pdf", s->info.name && s->info.name[0]
                                                     ? s->info.name : _("Report"));

  g_strdelimit (name, "/\\", '-');
  dialog = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
