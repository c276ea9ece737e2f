/* gw-window.c: the main window: sections, editors, live results
 *
 * Each change of the document asks the runner (gw-runner.c) for a run on
 * a worker thread; the session (gw-session.c) keeps a recovery copy of
 * unsaved changes. Files are read and written on worker threads too, so
 * the main loop only ever paints and edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-engine-warmup.h"
#include "gw-overview-page.h"
#include "gw-runner.h"
#include "gw-section-page.h"
#include "gw-session.h"
#include "gw-ui.h"
#include "gw-window.h"

#define DEBOUNCE_MS 120
#define PROGRESS_DELAY_MS 500

struct _GwWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar_box;
  GtkListBox      *sidebar;
  GtkWidget       *content_box;
  AdwWindowTitle  *window_title;
  GtkWidget       *back_button;
  GtkDropDown     *variant_dropdown;
  GtkMenuButton   *status_button;
  GtkSpinner      *status_spinner;
  GtkLabel        *status_label;
  GtkLabel        *status_details;
  GtkProgressBar  *progress_bar;
  GtkStack        *stack;
  GMenu           *recent_menu;

  GSettings       *settings;
  GwDocument      *document;
  gulong           doc_handlers[2];
  GwOverviewPage  *overview;
  GPtrArray       *pages;           /* the GwSectionPages */
  GtkStringList   *variants;
  gboolean         updating_variants;

  /* runs */
  GwRunner        *runner;
  guint            progress_id;

  /* documents */
  GCancellable    *io_cancellable;
  char            *message;
  gboolean         close_confirmed;
  gboolean         close_after_save;
};

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  RUN_FINISHED,
  OPEN_FINISHED,
  SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_title (GwWindow *self);

/* Sections */

typedef struct
{
  const char *id;
  const char *title;
  const char *icon;
  const char *description;
  GwTable     tables[3];
  int         n_tables;
  GwChartSlot chart;
  int         chart2;       /* a second chart beside the first, or -1 */
} Section;

static const Section sections[] = {
  { "overview", N_("Overview"), "view-grid-symbolic", NULL, { 0 }, 0, 0, -1 },
  { "deals", N_("Deals"), "document-edit-symbolic",
    N_("Take-or-pay capacity contracts; of value, capacity and price two are given and the "
       "third is derived."),
    { GW_TABLE_DEALS }, 1, GW_SLOT_CONTRACT_REVENUE, -1 },
  { "hardware", N_("Hardware"), "applications-engineering-symbolic",
    N_("Accelerator generations: what a unit costs, draws and earns."),
    { GW_TABLE_GENERATIONS }, 1, GW_SLOT_CUSTOM_SHARE, -1 },
  { "providers", N_("Providers"), "network-server-symbolic",
    N_("Suppliers of accelerator-hours, their starting fleet and the power they plan to add."),
    { GW_TABLE_PROVIDERS, GW_TABLE_FLEET, GW_TABLE_BUILD_PLANS }, 3, GW_SLOT_LEVERAGE,
    GW_SLOT_SUPPLY },
  { "market", N_("Market & Demand"), "power-profile-performance-symbolic",
    N_("Demand growth, prices, supply limits and the scenario's time frame."),
    { GW_TABLE_MARKET, GW_TABLE_SCENARIO }, 2, GW_SLOT_DEMAND, -1 },
  { "events", N_("Events"), "weather-storm-symbolic",
    N_("What-ifs that may happen on a path, each with its probability."),
    { GW_TABLE_EVENTS }, 1, GW_SLOT_PRICE_FAN, -1 },
  { "correlations", N_("Correlations"), "insert-link-symbolic",
    N_("Rank correlations between uncertain inputs."),
    { GW_TABLE_CORRELATIONS }, 1, GW_SLOT_NPV_TORNADO, -1 },
  { "variants", N_("Variants"), "view-paged-symbolic",
    N_("Named alternatives and the inputs each overrides; reset an override to return to the "
       "base value."),
    { GW_TABLE_VARIANTS, GW_TABLE_OVERRIDES }, 2, GW_SLOT_PROVIDER_EBITDA, -1 },
  { "actuals", N_("Actuals"), "view-list-ordered-symbolic",
    N_("Observed history, plotted up to the start quarter and never fed into the model."),
    { GW_TABLE_ACTUALS }, 1, GW_SLOT_PRICE_FAN, -1 },
};

static const char *
focus_provider (GwWindow *self)
{
  const GwScenario *s = gw_document_get_scenario (self->document);

  if (gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "CoreWeave") >= 0)
    return "CoreWeave";
  if (gw_scenario_n_providers (s) > 0)
    return gw_scenario_provider (s, 0)->name;
  return "";
}

/* Messages */

const char *
gw_window_get_message (GwWindow *self)
{
  return self->message;
}

static void
set_message (GwWindow   *self,
             const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

void
gw_window_show_error (GwWindow   *self,
                      const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  set_message (self, message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (GwWindow   *self,
            const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Pages */

static void
update_overview (GwWindow *self)
{
  const GwScenario *s = gw_document_get_scenario (self->document);
  GwResults *r = gw_runner_get_results (self->runner);
  const char *provider = focus_provider (self);

  gw_overview_page_update (self->overview, s, r, provider);
  for (guint i = 0; i < self->pages->len; i++)
    gw_section_page_update (self->pages->pdata[i], s, r, provider);
}

static GtkWidget *
section_page_new (const Section *section)
{
  GtkWidget *page = gw_section_page_new (_(section->title), _(section->description));

  gw_section_page_add_chart (GW_SECTION_PAGE (page), section->chart);
  if (section->chart2 >= 0)
    gw_section_page_add_chart (GW_SECTION_PAGE (page), section->chart2);
  for (int i = 0; i < section->n_tables; i++)
    gw_section_page_add_table (GW_SECTION_PAGE (page), section->tables[i]);
  return page;
}

static GtkWidget *
sidebar_row (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(section->title), -1);
  return row;
}

static void
sidebar_row_selected_cb (GwWindow      *self,
                         GtkListBoxRow *row)
{
  if (row == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (GwWindow      *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (GwWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
gw_window_show_section (GwWindow   *self,
                        const char *section)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].id, section) == 0)
      gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, i));
}

/* Runs */

guint
gw_window_get_full_paths (GwWindow *self)
{
  return gw_runner_get_full_paths (self->runner);
}

static void
hide_progress (GwWindow *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
}

static gboolean
show_progress_cb (gpointer user_data)
{
  GwWindow *self = user_data;

  self->progress_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  return G_SOURCE_REMOVE;
}

static const char *
variant_name (GwWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->variant_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->variants, selected);
}

static void
update_status (GwWindow *self)
{
  GwResults *r = gw_runner_get_results (self->runner);
  const char *run_error = gw_runner_get_error (self->runner);
  gboolean running = gw_runner_get_running (self->runner);
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;

  /* No spinner: an endless animation repaints the window at 60 Hz, which
   * on a software-rendered display costs the CPU a run needs. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), FALSE);
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
  {
    const char *warmup = gw_engine_warmup_get_message (gw_engine_warmup_get ());

    if (warmup != NULL && run_error == NULL)
      {
        char *more = g_strdup_printf ("%s\n\n%s", details ? details : label, warmup);

        g_free (details);
        details = more;
      }
  }
  gtk_label_set_text (self->status_label, label);
  gtk_label_set_text (self->status_details, details ? details : label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), details ? details : label);
}

/* A pass started or ended: the progress bar shows after a moment, so that
 * quick passes do not flash it. */
static void
runner_running_cb (GwWindow *self)
{
  if (gw_runner_get_running (self->runner))
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      g_clear_handle_id (&self->progress_id, g_source_remove);
      self->progress_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress_cb, self);
    }
  else
    hide_progress (self);
  update_status (self);
}

static void
runner_progress_cb (GwWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, gw_runner_get_progress (self->runner));
}

static void
runner_results_cb (GwWindow *self)
{
  update_overview (self);
  update_status (self);
}

static void
runner_finished_cb (GwWindow *self,
                    gboolean  full)
{
  g_signal_emit (self, signals[RUN_FINISHED], 0, full);
}

GwResults *
gw_window_get_results (GwWindow *self)
{
  return gw_runner_get_results (self->runner);
}

/* Whether a run is pending or in flight. */
gboolean
gw_window_get_running (GwWindow *self)
{
  return gw_runner_get_pending (self->runner);
}

/* Variants */

static void
update_variants (GwWindow *self)
{
  const GwScenario *s = gw_document_get_scenario (self->document);
  g_autofree char *current = g_strdup (variant_name (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->variants));
  guint selected = 0;

  self->updating_variants = TRUE;
  gtk_string_list_splice (self->variants, 0, n, NULL);
  gtk_string_list_append (self->variants, _("Base scenario"));
  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_VARIANTS); i++)
    {
      gtk_string_list_append (self->variants, gw_scenario_variant (s, i)->name);
      if (g_strcmp0 (current, gw_scenario_variant (s, i)->name) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_selected (self->variant_dropdown, selected);
  self->updating_variants = FALSE;
  gw_runner_set_variant (self->runner, variant_name (self));
}

static void
variant_selected_cb (GwWindow *self)
{
  gw_runner_set_variant (self->runner, variant_name (self));
  if (!self->updating_variants && self->document != NULL)
    gw_runner_schedule (self->runner, 0);
}

/* Documents */

static void
update_title (GwWindow *self)
{
  g_autofree char *name = gw_document_dup_title (self->document);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GFile *file = gw_document_get_file (self->document);

  if (gw_document_get_dirty (self->document))
    title = g_strdup_printf ("• %s", name);
  else
    title = g_strdup (name);
  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *path = parent ? g_file_get_path (parent) : NULL;
      const char *home = g_get_home_dir ();

      if (path != NULL && g_str_has_prefix (path, home))
        subtitle = g_strconcat ("~", path + strlen (home), NULL);
      else
        subtitle = g_strdup (path);
    }
  else
    subtitle = g_strdup (_("Not saved"));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 gw_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 gw_document_can_redo (self->document));
}

static void
document_changed_cb (GwDocument *document,
                     int         table,
                     int         row,
                     GwWindow   *self)
{
  if (table == GW_TABLE_VARIANTS)
    update_variants (self);
  if (table == GW_TABLE_SCENARIO)
    update_overview (self);
  gw_runner_schedule (self->runner, DEBOUNCE_MS);
}

void
gw_window_set_document (GwWindow   *self,
                        GwDocument *document)
{
  g_return_if_fail (GW_IS_DOCUMENT (document));

  if (self->document != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->doc_handlers); i++)
        g_clear_signal_handler (&self->doc_handlers[i], self->document);
      gw_session_discard (gw_session_get_default (), self->document);
      gw_session_remove (gw_session_get_default (), self->document);
      g_clear_object (&self->document);
    }
  self->document = g_object_ref (document);
  self->doc_handlers[0] = g_signal_connect (document, "changed",
                                            G_CALLBACK (document_changed_cb), self);
  self->doc_handlers[1] = g_signal_connect_swapped (document, "notify", G_CALLBACK (update_title),
                                                    self);
  for (guint i = 0; i < self->pages->len; i++)
    gw_section_page_set_document (self->pages->pdata[i], document);
  gw_runner_set_document (self->runner, document);
  gw_session_add (gw_session_get_default (), document);
  update_variants (self);
  update_title (self);
  update_overview (self);
  gw_runner_schedule (self->runner, 0);
}

GwDocument *
gw_window_get_document (GwWindow *self)
{
  return self->document;
}

/* Whether the window shows an untouched, unsaved document that opening a
 * file may replace. */
gboolean
gw_window_is_pristine (GwWindow *self)
{
  return gw_document_get_file (self->document) == NULL &&
         !gw_document_get_dirty (self->document) && !gw_document_can_undo (self->document);
}

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
  set_message (self, text);
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
  GwLoadInfo info = { 0 };
  GwScenario *s = gw_document_load_finish (result, &info, &error);
  GFile *file = data->file;

  if (s == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                               error->message);

      gw_window_show_error (self, text);
      g_signal_emit (self, signals[OPEN_FINISHED], 0, FALSE);
    }
  else
    {
      g_autoptr(GwDocument) doc = gw_document_new (s);
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL || !g_str_has_suffix (path, ".json"))
        {
          gw_document_set_file (doc, file);
          add_recent (file);
        }
      set_message (self, NULL);
      gw_window_set_document (self, doc);
      if (info.upgraded)
        show_upgrade_notice (self, file);
      g_signal_emit (self, signals[OPEN_FINISHED], 0, TRUE);
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
      g_signal_emit (self, signals[SAVE_FINISHED], 0, FALSE);
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
      g_signal_emit (self, signals[SAVE_FINISHED], 0, FALSE);
    }
  else
    {
      if (!as_json)
        add_recent (gw_document_get_file (GW_DOCUMENT (source)));
      show_toast (self, as_json ? _("Exported") : _("Saved"));
      g_signal_emit (self, signals[SAVE_FINISHED], 0, TRUE);
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

      set_message (self, error->message);
      if (editor != NULL)
        gw_table_editor_show_message (editor, error->message);
    }
  else
    set_message (self, NULL);
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

static gboolean
gw_window_close_request (GtkWindow *window)
{
  GwWindow *self = GW_WINDOW (window);
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (self->close_confirmed || self->document == NULL || !gw_document_get_dirty (self->document))
    {
      int w, h;

      gtk_window_get_default_size (window, &w, &h);
      g_settings_set_int (self->settings, "window-width", w);
      g_settings_set_int (self->settings, "window-height", h);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (self->document != NULL)
        gw_session_discard (gw_session_get_default (), self->document);
      return GTK_WINDOW_CLASS (gw_window_parent_class)->close_request (window);
    }

  title = gw_document_dup_title (self->document);
  dialog = adw_message_dialog_new (window, _("Save Changes?"), NULL);
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
  return TRUE;
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

/* Life cycle */

static void
gw_window_dispose (GObject *object)
{
  GwWindow *self = GW_WINDOW (object);

  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      gw_runner_cancel (self->runner);
      g_clear_object (&self->runner);
    }
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->document != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->doc_handlers); i++)
        g_clear_signal_handler (&self->doc_handlers[i], self->document);
      /* a window closed without asking (the session ending) keeps its
       * recovery copy */
      gw_session_remove (gw_session_get_default (), self->document);
    }
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->variants);
  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_finalize (GObject *object)
{
  GwWindow *self = GW_WINDOW (object);

  g_free (self->message);
  G_OBJECT_CLASS (gw_window_parent_class)->finalize (object);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gw_window_dispose;
  object_class->finalize = gw_window_finalize;
  window_class->close_request = gw_window_close_request;

  /**
   * GwWindow::run-finished:
   * @full: whether the run was the full pass (not the quick one)
   */
  signals[RUN_FINISHED] = g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[OPEN_FINISHED] = g_signal_new ("open-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SAVE_FINISHED] = g_signal_new ("save-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, variant_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, status_details);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, recent_menu);

  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.import-json", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.section", "s", section_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "win.edit-field", "(ssss)", edit_field_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.run", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sections) && i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.section", "s", sections[i].id);
}

static void
gw_window_init (GwWindow *self)
{
  GtkDropTarget *drop;
  int w, h;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  self->runner = gw_runner_new ();
  g_settings_bind (self->settings, "engine", self->runner, "engine", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "device", self->runner, "device", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "paths", self->runner, "paths", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "quick-paths", self->runner, "quick-paths",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->runner, "notify::running", G_CALLBACK (runner_running_cb),
                            self);
  g_signal_connect_swapped (self->runner, "notify::progress", G_CALLBACK (runner_progress_cb),
                            self);
  g_signal_connect_swapped (self->runner, "notify::results", G_CALLBACK (runner_results_cb),
                            self);
  g_signal_connect_swapped (self->runner, "notify::error", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->runner, "run-finished", G_CALLBACK (runner_finished_cb), self);
  g_signal_connect_object (gw_engine_warmup_get (), "notify::message",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  self->pages = g_ptr_array_new ();

  w = g_settings_get_int (self->settings, "window-width");
  h = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), w, h);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->variants = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->variant_dropdown, G_LIST_MODEL (self->variants));
  g_signal_connect_swapped (self->variant_dropdown, "notify::selected",
                            G_CALLBACK (variant_selected_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *page = i == 0 ? gw_overview_page_new () : section_page_new (&sections[i]);

      if (i == 0)
        self->overview = GW_OVERVIEW_PAGE (page);
      else
        g_ptr_array_add (self->pages, page);
      gtk_stack_add_titled (self->stack, page, sections[i].id, _(sections[i].title));
      gtk_list_box_append (self->sidebar, sidebar_row (&sections[i]));
    }
  g_signal_connect_swapped (self->sidebar, "row-selected", G_CALLBACK (sidebar_row_selected_cb),
                            self);
  g_signal_connect_swapped (self->sidebar, "row-activated",
                            G_CALLBACK (sidebar_row_activated_cb), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);

  update_status (self);
}

/**
 * gw_window_new:
 * @document: (transfer none): the document to show
 */
GwWindow *
gw_window_new (GtkApplication *application,
               GwDocument     *document)
{
  GwWindow *self = g_object_new (GW_TYPE_WINDOW, "application", application, NULL);

  gw_window_set_document (self, document);
  return self;
}
