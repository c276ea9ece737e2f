/* gw-run-status.c: the header's run status, with its details in a popover
 *
 * What the latest results were computed on and how fast, whether a pass
 * is refining them, why the scenario cannot run, and what the OpenCL
 * engine's warm-up is doing. No spinner: an endless animation repaints
 * the window at 60 Hz, which on a software-rendered display costs the CPU
 * a run needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-engine-warmup.h"
#include "gw-run-status.h"
#include "gw-ui.h"

struct _GwRunStatus
{
  AdwBin         parent_instance;

  /* template */
  GtkMenuButton *button;
  GtkLabel      *label;
  GtkLabel      *details;

  GwRunner      *runner;
};

G_DEFINE_FINAL_TYPE (GwRunStatus, gw_run_status, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_RUNNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (GwRunStatus *self)
{
  GwResults *r = gw_runner_get_results (self->runner);
  const char *run_error = gw_runner_get_error (self->runner);
  const char *warmup = gw_engine_warmup_get_message (gw_engine_warmup_get ());
  gboolean running = gw_runner_get_running (self->runner);
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;

  if (run_error != NULL)
    {
      label = g_strdup (_("Not run"));
      details = g_strdup_printf (_("The scenario cannot run: %s"), run_error);
    }
  else if (r != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
      g_autofree char *paths = gw_format_grouped (r->n_paths, 0);
      g_autofree char *engine = g_ascii_strup (r->engine ? r->engine : "cpu", -1);

      label = g_strdup_printf (_("%s · %s paths · %.2f s"), engine, paths, r->seconds);
      details = g_strdup_printf (_("Engine: %s\nDevice: %s\nThreads: %u\nPaths: %s\n"
                                   "Last run: %s, %.2f s%s%s"),
                                 engine, r->device ? r->device : "—", r->threads, paths, time,
                                 r->seconds, r->fallback ? "\n" : "",
                                 r->fallback ? r->fallback : "");
      if (running)
        {
          g_autofree char *more = g_strdup_printf (_("%s · refining…"), label);

          g_free (label);
          label = g_steal_pointer (&more);
        }
    }
  else
    label = g_strdup (running ? _("Running…") : _("Not run yet"));
  /* what the OpenCL engine's warm-up is doing, or why it will not be used */
  if (warmup != NULL && run_error == NULL)
    {
      char *more = g_strdup_printf ("%s\n\n%s", details ? details : label, warmup);

      g_free (details);
      details = more;
    }
  gtk_label_set_text (self->label, label);
  gtk_label_set_text (self->details, details ? details : label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), details ? details : label);
}

GwRunner *
gw_run_status_get_runner (GwRunStatus *self)
{
  g_return_val_if_fail (GW_IS_RUN_STATUS (self), NULL);
  return self->runner;
}

/**
 * gw_run_status_set_runner:
 * @runner: (nullable): the runner whose state to show
 */
void
gw_run_status_set_runner (GwRunStatus *self,
                          GwRunner    *runner)
{
  g_return_if_fail (GW_IS_RUN_STATUS (self));
  g_return_if_fail (runner == NULL || GW_IS_RUNNER (runner));

  if (self->runner == runner)
    return;
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "notify::running", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::results", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::error", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNER]);
}

static void
warmup_changed_cb (GwRunStatus *self)
{
  if (self->runner != NULL)
    update (self);
}

static void
gw_run_status_dispose (GObject *object)
{
  GwRunStatus *self = GW_RUN_STATUS (object);

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  G_OBJECT_CLASS (gw_run_status_parent_class)->dispose (object);
}

static void
gw_run_status_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwRunStatus *self = GW_RUN_STATUS (object);

  switch (prop_id)
    {
    case PROP_RUNNER:
      g_value_set_object (value, self->runner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_run_status_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GwRunStatus *self = GW_RUN_STATUS (object);

  switch (prop_id)
    {
    case PROP_RUNNER:
      gw_run_status_set_runner (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_run_status_class_init (GwRunStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_run_status_dispose;
  object_class->get_property = gw_run_status_get_property;
  object_class->set_property = gw_run_status_set_property;

  properties[PROP_RUNNER] =
    g_param_spec_object ("runner", NULL, NULL, GW_TYPE_RUNNER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-run-status.ui");
  gtk_widget_class_bind_template_child (widget_class, GwRunStatus, button);
  gtk_widget_class_bind_template_child (widget_class, GwRunStatus, label);
  gtk_widget_class_bind_template_child (widget_class, GwRunStatus, details);
}

static void
gw_run_status_init (GwRunStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gw_engine_warmup_get (), "notify::message",
                           G_CALLBACK (warmup_changed_cb), self, G_CONNECT_SWAPPED);
}
