/* gw-application.c: the Gigawatt application
 *
 * Windows, one document each; files from the command line, the desktop and
 * drag and drop; recovery of unsaved work after a crash; preferences and
 * about.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-app-options.h"
#include "gw-application.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-session.h"
#include "gw-ui.h"
#include "gw-window.h"

struct _GwApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;
  char          *section;
  char          *action;         /* --action: run once on the first window */
  GStrv          compare;
  char          *style;          /* --style: this session's, over the preference */
  gboolean       recovery_checked;
};

G_DEFINE_FINAL_TYPE (GwApplication, gw_application, ADW_TYPE_APPLICATION)

static GwDocument *
baseline_document (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  if (s == NULL)
    g_error ("%s", error->message);
  return gw_document_new (s);
}

/* --action, on the first window */
static gboolean
run_action_cb (gpointer user_data)
{
  GtkWidget *window = user_data;
  GwApplication *self = GW_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autofree char *action = self ? g_steal_pointer (&self->action) : NULL;
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GError) error = NULL;

  if (action == NULL)
    return G_SOURCE_REMOVE;
  if (!g_action_parse_detailed_name (action, &name, &target, &error)
      || !gtk_widget_activate_action_variant (window, name, target))
    g_printerr ("gigawatt: --action %s: %s\n", action,
                error ? error->message : _("no such action"));
  return G_SOURCE_REMOVE;
}

static GwWindow *
new_window (GwApplication *self,
            GwDocument    *document)
{
  g_autoptr(GwDocument) owned = document ? g_object_ref (document) : baseline_document ();
  GwWindow *window = gw_window_new (GTK_APPLICATION (self), owned);

  if (self->section != NULL)
    gw_window_show_section (window, self->section);
  if (self->compare != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.compare",
                                        g_variant_new_strv ((const char * const *) self->compare,
                                                            -1));
  gtk_window_present (GTK_WINDOW (window));
  /* once the window is up: presenting it raises it over what the action opens */
  if (self->action != NULL)
    g_idle_add_full (G_PRIORITY_LOW, run_action_cb, g_object_ref (window), g_object_unref);
  return window;
}

static GwWindow *
active_window (GwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return GW_IS_WINDOW (window) ? GW_WINDOW (window) : NULL;
}

/* Recovery */

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwApplication) self = user_data;
  g_autoptr(GwDocument) doc = gw_session_restore_finish (GW_SESSION (source), result, NULL);
  GwWindow *window = active_window (self);

  if (doc == NULL)
    return;
  if (window != NULL && gw_window_is_pristine (window))
    gw_window_set_document (window, doc);
  else
    new_window (self, doc);
}

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GwApplication    *self)
{
  GPtrArray *files = g_object_get_data (G_OBJECT (dialog), "gw-files");
  GwSession *session = gw_session_get_default ();

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];

      if (g_strcmp0 (response, "recover") == 0)
        gw_session_restore_async (session, path, NULL, recovered_cb, g_object_ref (self));
      else if (g_strcmp0 (response, "discard") == 0)
        gw_session_discard_recovery (session, path);
    }
}

static void
offer_recovery (GwApplication *self,
                GtkWindow     *parent)
{
  g_autoptr(GPtrArray) files = gw_session_list_recoveries (gw_session_get_default ());
  GtkWidget *dialog;

  if (files->len == 0)
    return;
  dialog = adw_message_dialog_new (parent, _("Recover Unsaved Work?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("Gigawatt did not close properly. One scenario had "
                                            "unsaved changes that can be recovered.",
                                            "Gigawatt did not close properly. %u scenarios had "
                                            "unsaved changes that can be recovered.",
                                            files->len), files->len);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "gw-files", g_ptr_array_ref (files),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_recovery (GwApplication *self,
                GtkWindow     *parent)
{
  if (self->recovery_checked)
    return;
  self->recovery_checked = TRUE;
  offer_recovery (self, parent);
}

/* Style */

static void
set_string (char       **slot,
                  const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static void
apply_style (GwApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  const char *forced = self->style;
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (forced != NULL)
    set_string (&style, forced);
  if (g_strcmp0 (style, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (style, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* Actions */

static void
new_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  new_window (user_data, NULL);
}

static void
open_uri_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  g_application_open (G_APPLICATION (user_data), &file, 1, "");
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Each window asks about its own unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Gigawatt authors", NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Gigawatt"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APPLICATION_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Gigawatt authors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("What-if modelling of AI infrastructure economics: prices, "
                                   "supply, deals and the providers' debt, with their "
                                   "uncertainty."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2026 The Gigawatt authors");
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (user_data)));
  gtk_window_present (GTK_WINDOW (about));
}

static GtkWidget *
combo_row (GSettings          *settings,
           const char         *key,
           const char         *title,
           const char         *subtitle,
           const char * const *ids,
           const char * const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autofree char *current = g_settings_get_string (settings, key);
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gtk_string_list_append (list, _(labels[i]));
      if (g_strcmp0 (ids[i], current) == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_object_unref (list);
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], current) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data (G_OBJECT (row), "gw-ids", (gpointer) ids);
  g_object_set_data_full (G_OBJECT (row), "gw-key", g_strdup (key), g_free);
  return row;
}

static void
combo_changed_cb (AdwComboRow *row,
                  GParamSpec  *pspec,
                  GSettings   *settings)
{
  const char * const *ids = g_object_get_data (G_OBJECT (row), "gw-ids");
  guint selected = adw_combo_row_get_selected (row);

  if (selected != GTK_INVALID_LIST_POSITION)
    g_settings_set_string (settings, g_object_get_data (G_OBJECT (row), "gw-key"),
                           ids[selected]);
}

static GtkWidget *
spin_row (GSettings  *settings,
          const char *key,
          const char *title,
          const char *subtitle,
          double      max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1000);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)),
                   "value", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GwApplication *self = user_data;
  static const char * const engines[] = { "auto", "cpu", "opencl", NULL };
  static const char * const engine_labels[] = { N_("Automatic"), N_("CPU"), N_("OpenCL"), NULL };
  static const char * const styles[] = { "default", "light", "dark", NULL };
  static const char * const style_labels[] = { N_("Follow System"), N_("Light"), N_("Dark"),
                                               NULL };
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *runs = adw_preferences_group_new ();
  GtkWidget *look = adw_preferences_group_new ();
  GtkWidget *row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (runs), _("Runs"));
  row = combo_row (self->settings, "engine", _("Engine"),
                   _("Where the Monte Carlo paths are computed"), engines, engine_labels);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_changed_cb),
                           self->settings, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs),
                             spin_row (self->settings, "device", _("OpenCL device"),
                                       _("As listed by gigawatt-cli devices"), 64));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs),
                             spin_row (self->settings, "paths", _("Paths"),
                                       _("Paths of a full run; 0 uses the scenario's own"),
                                       GW_MAX_PATHS));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs),
                             spin_row (self->settings, "quick-paths", _("Quick pass"),
                                       _("Paths of the first, quick pass after an edit"),
                                       100000));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (look), _("Appearance"));
  row = combo_row (self->settings, "style", _("Style"), NULL, styles, style_labels);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (combo_changed_cb),
                           self->settings, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (look), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (runs));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (look));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "new", new_action },
  { "open-uri", open_uri_action, "s" },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
  { "none", NULL },
};

/* GApplication */

static void
gw_application_startup (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.import-json", { "<Control>i", NULL } },
    { "win.export-json", { "<Control>e", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (gw_application_parent_class)->startup (app);
  g_set_application_name (_("Gigawatt"));
  gtk_window_set_default_icon_name (APPLICATION_ID);
  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::style", G_CALLBACK (apply_style), self,
                           G_CONNECT_SWAPPED);
  apply_style (self);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "none")), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
gw_application_activate (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (self, NULL));
  gtk_window_present (window);
  check_recovery (self, window);
}

/* The window that already shows @file: a file is open in one window only,
 * so that two windows cannot overwrite each other's edits. */
static GwWindow *
window_for_file (GwApplication *self,
                 GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GW_IS_WINDOW (l->data))
      {
        GFile *shown = gw_document_get_file (gw_window_get_document (l->data));

        if (shown != NULL && g_file_equal (shown, file))
          return l->data;
      }
  return NULL;
}

static void
gw_application_open (GApplication *app,
                     GFile       **files,
                     int           n_files,
                     const char   *hint)
{
  GwApplication *self = GW_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      GwWindow *window = window_for_file (self, files[i]);

      if (window != NULL)
        {
          gtk_window_present (GTK_WINDOW (window));
          continue;
        }
      window = active_window (self);
      if (window == NULL || !gw_window_is_pristine (window) || i > 0)
        window = new_window (self, NULL);
      gw_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
  check_recovery (self, gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static int
gw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GwApplication *self = GW_APPLICATION (app);
  const char *style = NULL;
  const char *filter = NULL;
  const char *threshold = NULL;
  gint32 paths = 0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gigawatt %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "paths", "i", &paths) && paths > 0)
    gw_app_options_set_paths ((guint) paths);
  if (g_variant_dict_lookup (options, "filter", "&s", &filter))
    gw_app_options_set_filter (filter);
  if (g_variant_dict_lookup (options, "threshold", "&s", &threshold))
    gw_app_options_set_threshold (threshold);
  if (g_variant_dict_lookup (options, "style", "&s", &style))
    set_string (&self->style, style);
  g_variant_dict_lookup (options, "section", "s", &self->section);
  g_variant_dict_lookup (options, "action", "s", &self->action);
  g_variant_dict_lookup (options, "compare", "^as", &self->compare);
  return -1;
}

static void
gw_application_finalize (GObject *object)
{
  GwApplication *self = GW_APPLICATION (object);

  g_clear_object (&self->settings);
  g_free (self->section);
  g_free (self->style);
  g_free (self->action);
  g_strfreev (self->compare);
  G_OBJECT_CLASS (gw_application_parent_class)->finalize (object);
}

static void
gw_application_class_init (GwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gw_application_finalize;
  app_class->startup = gw_application_startup;
  app_class->activate = gw_application_activate;
  app_class->open = gw_application_open;
  app_class->handle_local_options = gw_application_handle_local_options;
}

static void
gw_application_init (GwApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { "paths", 0, 0, G_OPTION_ARG_INT, NULL, N_("Paths of a full run, for this session"), "N" },
    { "style", 0, 0, G_OPTION_ARG_STRING, NULL, N_("light or dark, for this session"), "STYLE" },
    { "section", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The section to show first"), "NAME" },
    /* for automation and the screenshots: "win.explore({'mode': <'goal'>, ...})" */
    { "action", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("An action to run on the first window"), "DETAILED-NAME" },
    /* for screenshots and scripts: conditions of the overview's filter */
    { "filter", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("Filter the overview's paths, conditions separated by “;”"), "CONDITIONS" },
    /* for screenshots and scripts: the price fan's threshold line and the
     * quarter whose probability it shows, "1.5@2030Q4" */
    { "threshold", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      N_("A threshold line on the price fan, and the quarter to show"), "VALUE@QUARTER" },
    { "compare", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Compare the base scenario with this variant (repeat for more)"), "VARIANT" },
    { NULL }
  };

  gw_ui_init ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

GwApplication *
gw_application_new (void)
{
  return g_object_new (GW_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/gigawatt/Gigawatt",
                       NULL);
}
