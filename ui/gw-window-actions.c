/* gw-window-actions.c: what the window does: its actions, opening and
 * saving files, closing, drag and drop, recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-chart-card.h"
#include "gw-explore-dialog.h"
#include "gw-section-page.h"
#include "gw-session.h"
#include "gw-window-private.h"

/* Opening and saving */

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

typedef struct
{
  GwWindow *window;
  GFile    *file;
  gboolean  as_json;
} IoData;

static void
io_data_free (IoData *data)
{
  g_object_unref (data->window);
  g_clear_object (&data->file);
  g_free (data);
}

static IoData *
io_data_new (GwWindow *self,
             GFile    *file,
             gboolean  as_json)
{
  IoData *data = g_new0 (IoData, 1);

  data->window = g_object_ref (self);
  data->file = file ? g_object_ref (file) : NULL;
  data->as_json = as_json;
  return data;
}

/* A file of an older schema opened with its new fields at their neutral
 * values. It is not marked modified (nothing the user did changed it), but
 * its results differ from what the old release showed, so the user is told,
 * once, at opening. */
static void
show_upgrade_notice (GwWindow *self,
                     GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  AdwToast *toast;

  text = g_strdup_printf (_("“%s” is from an earlier Gigawatt and was upgraded to model "
                            "version %d, so its results differ from before. The file changes "
                            "only when you save it."), name, GW_MODEL_VERSION);
  _gw_window_set_message (self, text);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Parts of the file's view could not be read (a hand-edited or damaged
 * view_state): the document opened with those charts at their defaults.
 * Nothing is lost that the user made here, and the file is unchanged, so
 * a toast says it, and the window's message has each entry's reason. */
static void
show_view_warnings (GwWindow  *self,
                    GFile     *file,
                    GPtrArray *warnings)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (warnings == NULL || warnings->len == 0)
    return;
  for (guint i = 0; i < warnings->len; i++)
    {
      g_debug ("%s", (char *) warnings->pdata[i]);
      g_string_append_printf (all, "%s%s", i > 0 ? "\n" : "", (char *) warnings->pdata[i]);
    }
  _gw_window_set_message (self, all->str);
  if (warnings->len == 1)
    text = g_strdup (warnings->pdata[0]);
  else
    text = g_strdup_printf (ngettext ("“%s”: %u chart choice saved in the file could not be "
                                      "read; it is shown as by default",
                                      "“%s”: %u chart choices saved in the file could not be "
                                      "read; they are shown as by default", warnings->len),
                            name, warnings->len);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IoData *data = user_data;
  GwWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  GwScenario *s = gw_document_load_finish (result, &info, &error);
  GFile *file = data->file;

  if (s == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                               error->message);

      gw_window_show_error (self, text);
      g_signal_emit_by_name (self, "open-finished", FALSE);
    }
  else
    {
      g_autoptr(GwDocument) doc = gw_document_new_full (s, g_steal_pointer (&info.view));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *name = g_file_get_basename (file);

      gw_chart_card_check_view (gw_document_get_view (doc), s, name, info.warnings);
      if (path == NULL || !g_str_has_suffix (path, ".json"))
        {
          gw_document_set_file (doc, file);
          add_recent (file);
        }
      _gw_window_set_message (self, NULL);
      gw_window_set_document (self, doc);
      if (info.upgraded)
        show_upgrade_notice (self, file);
      show_view_warnings (self, file, info.warnings);
      g_signal_emit_by_name (self, "open-finished", TRUE);
    }
  io_data_free (data);
}

/**
 * gw_window_open_file:
 *
 * Reads @file on a worker thread and shows it in this window; if it cannot
 * be read, shows why and keeps the current document as it was. A file
 * that another window of the application shows is presented there instead.
 */
void
gw_window_open_file (GwWindow *self,
                     GFile    *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* a file already open in another window is shown there: two windows on
   * one file would overwrite each other's edits */
  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    if (l->data != self && GW_IS_WINDOW (l->data))
      {
        GFile *shown = gw_document_get_file (GW_WINDOW (l->data)->document);

        if (shown != NULL && g_file_equal (shown, file))
          {
            gtk_window_present (GTK_WINDOW (l->data));
            return;
          }
      }
  gw_document_load_async (file, NULL, open_done_cb, io_data_new (self, file, FALSE));
}

static void save_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
conflict_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GwWindow         *self)
{
  if (g_strcmp0 (response, "overwrite") == 0)
    gw_document_save_async (self->document, gw_document_get_file (self->document),
                            GW_SAVE_OVERWRITE_CHANGES, NULL, save_done_cb,
                            io_data_new (self, NULL, FALSE));
  else if (g_strcmp0 (response, "save-as") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
  else
    {
      self->close_after_save = FALSE;
      g_signal_emit_by_name (self, "save-finished", FALSE);
    }
}

/* Another program (or window) wrote the file since this window read it:
 * say so, and let the user keep both (Save As), overwrite or cancel. */
static void
show_conflict (GwWindow   *self,
               const char *message)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                _("File Changed on Disk"), message));

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save-as", _("Save _As…"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "save-as");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IoData *data = user_data;
  GwWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  gboolean as_json = data->as_json;

  if (!gw_document_save_finish (GW_DOCUMENT (source), result, &error)
      && g_error_matches (error, GW_ERROR, GW_ERROR_CHANGED_ON_DISK))
    show_conflict (self, error->message);
  else if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);

      gw_window_show_error (self, text);
      self->close_after_save = FALSE;
      g_signal_emit_by_name (self, "save-finished", FALSE);
    }
  else
    {
      if (!as_json)
        add_recent (gw_document_get_file (GW_DOCUMENT (source)));
      _gw_window_show_toast (self, as_json ? _("Exported") : _("Saved"));
      g_signal_emit_by_name (self, "save-finished", TRUE);
      if (self->close_after_save)
        {
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
        }
    }
  io_data_free (data);
}

static void
save_to (GwWindow *self,
         GFile    *file,
         gboolean  as_json)
{
  gw_document_save_async (self->document, file, as_json ? GW_SAVE_AS_JSON : GW_SAVE_NONE, NULL,
                          save_done_cb, io_data_new (self, NULL, as_json));
}

static GtkFileFilter *
scenario_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Gigawatt Scenarios"));
  gtk_file_filter_add_mime_type (filter, "application/x-gigawatt");
  gtk_file_filter_add_pattern (filter, "*.gigawatt");
  return filter;
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON Scenarios"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

typedef enum
{
  CHOOSE_OPEN,
  CHOOSE_SAVE,
  CHOOSE_IMPORT,
  CHOOSE_EXPORT,
} ChooseKind;

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     GwWindow        *self)
{
  ChooseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "gw-kind"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    self->close_after_save = FALSE;
  else if (kind == CHOOSE_OPEN || kind == CHOOSE_IMPORT)
    {
      if (gw_window_is_pristine (self))
        gw_window_open_file (self, file);
      else
        g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                            &file, 1, "");
    }
  else if (kind == CHOOSE_SAVE)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".gigawatt"))
        {
          g_autofree char *with = g_strconcat (path, ".gigawatt", NULL);

          g_object_unref (file);
          file = g_file_new_for_path (with);
        }
      save_to (self, file, FALSE);
    }
  else
    save_to (self, file, TRUE);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose (GwWindow   *self,
        ChooseKind  kind)
{
  static const char *titles[] = {
    N_("Open Scenario"), N_("Save Scenario"), N_("Import JSON"), N_("Export JSON"),
  };
  gboolean save = kind == CHOOSE_SAVE || kind == CHOOSE_EXPORT;
  gboolean json = kind == CHOOSE_IMPORT || kind == CHOOSE_EXPORT;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_(titles[kind]), GTK_WINDOW (self),
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                             : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json ? json_filter () : scenario_filter ());
  if (save)
    {
      g_autofree char *name = gw_document_dup_title (self->document);
      g_autofree char *base = g_str_has_suffix (name, ".gigawatt")
                              ? g_strndup (name, strlen (name) - strlen (".gigawatt"))
                              : g_strdup (name);
      g_autofree char *suggested = g_strconcat (base, json ? ".json" : ".gigawatt", NULL);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
    }
  g_object_set_data (G_OBJECT (dialog), "gw-kind", GINT_TO_POINTER (kind));
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
gw_window_save (GwWindow *self)
{
  GFile *file = gw_document_get_file (self->document);

  if (file == NULL)
    choose (self, CHOOSE_SAVE);
  else
    save_to (self, file, FALSE);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  gw_window_save (GW_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  choose (GW_WINDOW (widget), CHOOSE_SAVE);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  choose (GW_WINDOW (widget), CHOOSE_OPEN);
}

static void
import_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  choose (GW_WINDOW (widget), CHOOSE_IMPORT);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  choose (GW_WINDOW (widget), CHOOSE_EXPORT);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  _gw_window_export_report (GW_WINDOW (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  gw_document_undo (GW_WINDOW (widget)->document);
}

static void
redo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  gw_document_redo (GW_WINDOW (widget)->document);
}

static void
section_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  gw_window_show_section (GW_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* win.compare (["TPU beachhead"]): the comparison page, with the base
 * scenario against the variants named; [] keeps the page's choice. */
static void
compare_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  g_autofree const char **names = g_variant_get_strv (param, NULL);

  if (names != NULL && names[0] != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) variants = NULL;

      g_strv_builder_add (builder, "");
      g_strv_builder_addv (builder, names);
      variants = g_strv_builder_end (builder);
      gw_compare_page_set_variants (self->compare, (const char * const *) variants);
    }
  gw_window_show_section (self, "compare");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
rerun_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  gw_runner_schedule (GW_WINDOW (widget)->runner, 0);
}

static GwTableEditor *
find_editor (GwWindow *self,
             GwTable   table)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      GwTableEditor *editor = gw_section_page_find_editor (self->pages->pdata[i], table);

      if (editor != NULL)
        return editor;
    }
  return NULL;
}

/* win.edit-field ("deals", "Meta I", "value", "30B"): what a cell does on
 * commit, for keyboard-less automation and the tests. The row is a key
 * (or a 1-based number for tables without names). */
static void
edit_field_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  const char *table_name, *key, *field_name, *text;
  g_autoptr(GError) error = NULL;
  GwTable table;
  int row = 0, field;

  g_variant_get (param, "(&s&s&s&s)", &table_name, &key, &field_name, &text);
  if (!gw_table_from_name (table_name, &table) ||
      (field = gw_table_find_field (table, field_name)) < 0)
    {
      gw_window_show_error (self, _("No such table or field"));
      return;
    }
  if (!gw_table_info (table)->single &&
      (row = gw_scenario_find_row (gw_document_get_scenario (self->document), table, key)) < 0)
    {
      gw_window_show_error (self, _("No such row"));
      return;
    }
  if (!gw_document_set_field_text (self->document, table, row, field, text, &error))
    {
      GwTableEditor *editor = find_editor (self, table);

      _gw_window_set_message (self, error->message);
      if (editor != NULL)
        gw_table_editor_show_message (editor, error->message);
    }
  else
    _gw_window_set_message (self, NULL);
}

/* Goal seek, sweeps and convergence (gw-explore-dialog.c) */

static GwExploreDialog *
open_explore (GwWindow      *self,
              GwExploreMode  mode)
{
  GwExploreDialog *dialog = gw_explore_dialog_new (GTK_WINDOW (self), mode, self->document,
                                                   gw_variant_chooser_get_variant (self->variant_chooser));

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
goal_seek_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  open_explore (GW_WINDOW (widget), GW_EXPLORE_GOAL);
}

static void
sweep_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  open_explore (GW_WINDOW (widget), GW_EXPLORE_SWEEP);
}

static void
converge_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  open_explore (GW_WINDOW (widget), GW_EXPLORE_CONVERGE);
}

/* win.explore ({"mode": <"goal">, "input": <...>, ..., "start": <true>}):
 * a goal seek, sweep or convergence run ("mode": <"converge">) filled in
 * (gw_explore_dialog_prefill()) and
 * started, for automation and the screenshots. */
static void
explore_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GVariantDict dict;
  const char *mode = "goal";
  gboolean start = FALSE;
  GwExploreDialog *dialog;

  g_variant_dict_init (&dict, param);
  g_variant_dict_lookup (&dict, "mode", "&s", &mode);
  g_variant_dict_lookup (&dict, "start", "b", &start);
  dialog = open_explore (self, g_str_equal (mode, "sweep") ? GW_EXPLORE_SWEEP
                              : g_str_equal (mode, "converge") ? GW_EXPLORE_CONVERGE
                              : GW_EXPLORE_GOAL);
  if (!gw_explore_dialog_prefill (dialog, param, &error))
    gw_window_show_error (self, error->message);
  else if (start)
    gw_explore_dialog_start (dialog);
  g_variant_dict_clear (&dict);
}

/* Closing */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GwWindow         *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      gw_session_discard (gw_session_get_default (), self->document);
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      gw_window_save (self);
    }
}

/* Asks whether to save the changes of the window's document before it
 * closes. */
void
_gw_window_ask_close (GwWindow *self)
{
  g_autofree char *title = gw_document_dup_title (self->document);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes that are not saved will "
                                    "be lost."), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Drag and drop */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GwWindow      *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;

      if (l == files && gw_window_is_pristine (self))
        gw_window_open_file (self, file);
      else
        g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                            &file, 1, "");
    }
  return files != NULL;
}

/* Recent files */

static void
update_recent (GwWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && n < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (!g_str_has_suffix (uri, ".gigawatt"))
        continue;
      label = g_strdup (gtk_recent_info_get_display_name (info));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "app.open-uri", "s", uri);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Scenarios"), "app.none");

      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* Set-up */

void
_gw_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import-json", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.section", "s", section_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "win.compare", "as", compare_action);
  gtk_widget_class_install_action (widget_class, "win.edit-field", "(ssss)", edit_field_action);
  gtk_widget_class_install_action (widget_class, "win.goal-seek", NULL, goal_seek_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", NULL, sweep_action);
  gtk_widget_class_install_action (widget_class, "win.converge", NULL, converge_action);
  gtk_widget_class_install_action (widget_class, "win.explore", "a{sv}", explore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_ALT_MASK, "win.compare", "as",
                                       NULL);
}

void
_gw_window_actions_init (GwWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);
}
