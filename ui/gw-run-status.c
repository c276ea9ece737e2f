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

#include <math.h>

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
  GtkDropDown   *paths_dropdown;
  GtkButton     *stop_button;

  GwRunner      *runner;
  GSettings     *settings;
  GtkStringList *paths_model;   /* the presets, then the setting's value if it is none */
  gboolean       syncing;       /* the drop-down follows the setting */
};

/* The presets of the popover's paths drop-down; 0: the scenario's own. */
static const guint path_presets[] = { 0, 10000, 100000, 1000000 };

G_DEFINE_FINAL_TYPE (GwRunStatus, gw_run_status, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_RUNNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "42% · about 12 s left" for a run in flight, or "42%" while its pace
 * is unknown. */
static char *
progress_text (GwRunner *runner)
{
  double f = gw_runner_get_progress (runner), left = gw_runner_get_seconds_left (runner);
  int percent = (int) floor (CLAMP (f, 0, 1) * 100);

  if (left < 0)
    /* TRANSLATORS: a run's progress, e.g. "42%" */
    return g_strdup_printf (_("%d%%"), percent);
  if (left < 1)
    /* TRANSLATORS: a run's progress and the time it has left */
    return g_strdup_printf (_("%d%% · under a second left"), percent);
  if (left < 90)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d%% · about %d second left",
                                         "%d%% · about %d seconds left", (gulong) ceil (left)),
                            percent, (int) ceil (left));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d%% · about %d minute left",
                                       "%d%% · about %d minutes left",
                                       (gulong) ceil (left / 60)),
                          percent, (int) ceil (left / 60));
}

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
          g_autofree char *progress = progress_text (self->runner);
          g_autofree char *more = g_strdup_printf (_("%s · refining… %s"), label, progress);

          g_free (label);
          label = g_steal_pointer (&more);
        }
    }
  else if (running)
    {
      g_autofree char *progress = progress_text (self->runner);

      label = g_strdup_printf (_("Running… %s"), progress);
    }
  else
    label = g_strdup (_("Not run yet"));
  /* what the OpenCL engine's warm-up is doing, or why it will not be used */
  if (warmup != NULL && run_error == NULL)
    {
      char *more = g_strdup_printf ("%s\n\n%s", details ? details : label, warmup);

      g_free (details);
      details = more;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
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

/* The popover's paths presets (for tests). */
GtkDropDown *
gw_run_status_get_paths_dropdown (GwRunStatus *self)
{
  g_return_val_if_fail (GW_IS_RUN_STATUS (self), NULL);
  return self->paths_dropdown;
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
      g_signal_connect_object (runner, "notify::progress", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::error", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNER]);
}

/* A preset chosen: the setting (which the window binds to the runner's
 * paths) and a run with it at once. */
static void
paths_selected_cb (GwRunStatus *self)
{
  guint i = gtk_drop_down_get_selected (self->paths_dropdown);

  if (self->syncing || i >= G_N_ELEMENTS (path_presets) ||
      g_settings_get_uint (self->settings, "paths") == path_presets[i])
    return;
  g_settings_set_uint (self->settings, "paths", path_presets[i]);
  if (self->runner != NULL)
    gw_runner_schedule (self->runner, 0);
}

static void
stop_clicked_cb (GwRunStatus *self)
{
  if (self->runner != NULL)
    gw_runner_cancel (self->runner);
}

/* The drop-down shows the setting: its preset, or one more item with a
 * value set elsewhere (gsettings, an older version), so that nothing is
 * ever unselected (a drop-down would select its first item by itself). */
static void
paths_setting_changed_cb (GwRunStatus *self)
{
  guint paths = g_settings_get_uint (self->settings, "paths");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->paths_model));
  guint selected = G_N_ELEMENTS (path_presets);

  for (guint i = 0; i < G_N_ELEMENTS (path_presets); i++)
    if (path_presets[i] == paths)
      selected = i;
  self->syncing = TRUE;
  if (selected == G_N_ELEMENTS (path_presets))
    {
      g_autofree char *number = gw_format_grouped (paths, 0);
      const char *other[] = { number, NULL };

      gtk_string_list_splice (self->paths_model, G_N_ELEMENTS (path_presets),
                              n - G_N_ELEMENTS (path_presets), other);
    }
  else if (n > G_N_ELEMENTS (path_presets))
    gtk_string_list_splice (self->paths_model, G_N_ELEMENTS (path_presets),
                            n - G_N_ELEMENTS (path_presets), NULL);
  gtk_drop_down_set_selected (self->paths_dropdown, selected);
  self->syncing = FALSE;
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
  g_clear_object (&self->settings);
  g_clear_object (&self->paths_model);
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
  gtk_widget_class_bind_template_child (widget_class, GwRunStatus, paths_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwRunStatus, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
}

static void
gw_run_status_init (GwRunStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  {
    g_autofree char *p4 = gw_format_grouped (10000, 0);
    g_autofree char *p5 = gw_format_grouped (100000, 0);
    g_autofree char *p6 = gw_format_grouped (1000000, 0);
    const char *items[] = { _("The scenario’s own"), p4, p5, p6, NULL };

    self->paths_model = gtk_string_list_new (items);
    gtk_drop_down_set_model (self->paths_dropdown, G_LIST_MODEL (self->paths_model));
  }
  paths_setting_changed_cb (self);
  g_signal_connect_object (self->settings, "changed::paths", G_CALLBACK (paths_setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paths_dropdown, "notify::selected",
                           G_CALLBACK (paths_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gw_engine_warmup_get (), "notify::message",
                           G_CALLBACK (warmup_changed_cb), self, G_CONNECT_SWAPPED);
}
