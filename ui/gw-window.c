/* gw-window.c: the main window, a shell over the pages
 *
 * A sidebar of sections, each a page (gw-overview-page.c,
 * gw-section-page.c) in a stack; the header's variant chooser and run
 * status. Each change of the document asks the runner (gw-runner.c) for
 * a run on a worker thread; the session (gw-session.c) keeps a recovery
 * copy of unsaved changes. What the window does (its actions, opening,
 * saving and closing) is in gw-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-overview-page.h"
#include "gw-runner.h"
#include "gw-section-page.h"
#include "gw-session.h"
#include "gw-ui.h"
#include "gw-window-private.h"

#define DEBOUNCE_MS 120
/* Between two section-page editors filled while idle (each takes up to
 * about 100 ms of the main loop on this 2-core VM). */
#define FILL_PAGES_MS 250
#define PROGRESS_DELAY_MS 500

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  RUN_FINISHED,
  OPEN_FINISHED,
  SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* The document's focus provider while the scenario has it, else the
 * default (gw_view_resolve_focus()). */
static const char *
focus_provider (GwWindow *self)
{
  const char *provider = gw_view_resolve_focus (gw_document_get_view (self->document),
                                                gw_document_get_scenario (self->document));

  return provider != NULL ? provider : "";
}

/* Messages */

const char *
gw_window_get_message (GwWindow *self)
{
  return self->message;
}

void
_gw_window_set_message (GwWindow   *self,
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

  _gw_window_set_message (self, message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_gw_window_show_toast (GwWindow   *self,
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

  /* the sections first: the overview's filter asks their charts, as
   * they now are, which series to simulate again */
  for (guint i = 0; i < self->pages->len; i++)
    gw_section_page_update (self->pages->pdata[i], s, r, provider);
  gw_overview_page_update (self->overview, s, r, provider);
}

/* The sections' note of the Overview's filter, whose paths their charts
 * draw beside the whole. */
static void
filter_notes_cb (GwWindow *self)
{
  g_autofree char *text = gw_filter_bar_describe (gw_overview_page_get_filter_bar (self->overview));

  for (guint i = 0; i < self->pages->len; i++)
    gw_section_page_set_filter_note (self->pages->pdata[i], text);
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
  if (g_strcmp0 (section, "compare") == 0)
    gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar,
                                                                           G_N_ELEMENTS (sections)));
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
}

static void
runner_progress_cb (GwWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, gw_runner_get_progress (self->runner));
}

/* The section pages' editors get their rows while nothing runs, an editor
 * at a time, so that a page shows at once when first opened rather than
 * build them then (a new window builds none, gw_section_page_set_document()). */
static gboolean
fill_pages_cb (gpointer data)
{
  GwWindow *self = data;

  if (gw_runner_get_pending (self->runner))
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < self->pages->len; i++)
    if (gw_section_page_fill_one (self->pages->pdata[i]))
      return G_SOURCE_CONTINUE;
  self->fill_id = 0;
  return G_SOURCE_REMOVE;
}

static void
runner_finished_cb (GwWindow *self,
                    gboolean  full)
{
  if (full && self->fill_id == 0)
    self->fill_id = g_timeout_add_full (G_PRIORITY_LOW, FILL_PAGES_MS, fill_pages_cb, self, NULL);
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
variant_changed_cb (GwWindow *self)
{
  gw_runner_set_variant (self->runner, gw_variant_chooser_get_variant (self->variant_chooser));
  if (self->document != NULL)
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
    gw_variant_chooser_set_scenario (self->variant_chooser, gw_document_get_scenario (document));
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
  /* the Overview's drop-down moves the document's focus provider */
  self->doc_handlers[2] = g_signal_connect_swapped (document, "notify::focus-provider",
                                                    G_CALLBACK (update_overview), self);
  gw_overview_page_set_document (self->overview, document);
  for (guint i = 0; i < self->pages->len; i++)
    gw_section_page_set_document (self->pages->pdata[i], document);
  gw_runner_set_document (self->runner, document);
  gw_compare_page_set_document (self->compare, document);
  gw_session_add (gw_session_get_default (), document);
  gw_variant_chooser_set_scenario (self->variant_chooser, gw_document_get_scenario (document));
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

/* Closing */

static gboolean
gw_window_close_request (GtkWindow *window)
{
  GwWindow *self = GW_WINDOW (window);

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

  _gw_window_ask_close (self);
  return TRUE;
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
  g_clear_handle_id (&self->fill_id, g_source_remove);
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
  g_type_ensure (GW_TYPE_RUN_STATUS);
  g_type_ensure (GW_TYPE_VARIANT_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, variant_chooser);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, run_status);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, recent_menu);

  _gw_window_class_actions_init (widget_class);
  for (guint i = 0; i < G_N_ELEMENTS (sections) && i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.section", "s", sections[i].id);
}

static void
gw_window_init (GwWindow *self)
{
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
  g_signal_connect_swapped (self->runner, "notify::results", G_CALLBACK (update_overview),
                            self);
  g_signal_connect_swapped (self->runner, "run-finished", G_CALLBACK (runner_finished_cb), self);
  gw_run_status_set_runner (self->run_status, self->runner);
  self->pages = g_ptr_array_new ();

  w = g_settings_get_int (self->settings, "window-width");
  h = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), w, h);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_swapped (self->variant_chooser, "notify::variant",
                            G_CALLBACK (variant_changed_cb), self);

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
  /* the Overview's filter reaches every section's charts */
  for (guint i = 0; i < self->pages->len; i++)
    {
      GPtrArray *charts = gw_section_page_get_charts (self->pages->pdata[i]);

      for (guint k = 0; k < charts->len; k++)
        gw_overview_page_follow_chart (self->overview, charts->pdata[k]);
    }
  g_signal_connect_object (gw_overview_page_get_filter_bar (self->overview), "notify::filtered",
                           G_CALLBACK (filter_notes_cb), self, G_CONNECT_SWAPPED);
  {
    static const Section compare = { "compare", N_("Compare Variants"), "view-dual-symbolic" };

    self->compare = GW_COMPARE_PAGE (gw_compare_page_new ());
    gtk_stack_add_titled (self->stack, GTK_WIDGET (self->compare), compare.id, _(compare.title));
    gtk_list_box_append (self->sidebar, sidebar_row (&compare));
  }
  g_signal_connect_swapped (self->sidebar, "row-selected", G_CALLBACK (sidebar_row_selected_cb),
                            self);
  g_signal_connect_swapped (self->sidebar, "row-activated",
                            G_CALLBACK (sidebar_row_activated_cb), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));

  _gw_window_actions_init (self);}

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
