/* gw-section-page.c: a section of the scenario: its charts and tables
 *
 * A title and a sentence, one or two charts side by side, then a table
 * editor for each table of the section. The Overview's filter of paths
 * reaches the charts too (gw_overview_page_follow_chart()), with a note
 * that names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-section-page.h"
#include "gw-ui.h"

struct _GwSectionPage
{
  AdwBin     parent_instance;

  /* template */
  GtkBox    *box;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
  GtkGrid   *charts_grid;
  GtkWidget *filter_note;
  GtkLabel  *filter_label;

  GPtrArray *charts;
  GPtrArray *editors;
  /* The document, which the editors get when the page is first shown
   * (filling a table's rows builds its cells: most of the time a new
   * window took, for pages the user may never open). */
  GwDocument *document;
  gboolean    editors_pending;
  guint       n_filled;         /* of the editors, while pending */
};

G_DEFINE_FINAL_TYPE (GwSectionPage, gw_section_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A chart beside the ones already there, for the focus provider. */
void
gw_section_page_add_chart (GwSectionPage *self,
                           GwChartSlot    slot)
{
  GtkWidget *chart;

  g_return_if_fail (GW_IS_SECTION_PAGE (self));

  chart = gw_window_create_chart (slot, "CoreWeave");
  gtk_grid_attach (self->charts_grid, chart, self->charts->len, 0, 1, 1);
  g_ptr_array_add (self->charts, chart);
}

/* An editor of @table under the charts and the editors already there. */
void
gw_section_page_add_table (GwSectionPage *self,
                           GwTable        table)
{
  GtkWidget *editor;

  g_return_if_fail (GW_IS_SECTION_PAGE (self));

  editor = gw_table_editor_new (table);
  gtk_box_append (self->box, editor);
  g_ptr_array_add (self->editors, editor);
}

/**
 * gw_section_page_fill_one:
 *
 * The next editor that waits for the page's document gets it (the window
 * fills its pages so while it has nothing else to do).
 *
 * Returns: whether an editor waited
 */
gboolean
gw_section_page_fill_one (GwSectionPage *self)
{
  g_return_val_if_fail (GW_IS_SECTION_PAGE (self), FALSE);

  if (!self->editors_pending)
    return FALSE;
  if (self->n_filled < self->editors->len)
    gw_table_editor_set_document (self->editors->pdata[self->n_filled++], self->document);
  if (self->n_filled >= self->editors->len)
    self->editors_pending = FALSE;
  return TRUE;
}

/* Every editor gets the page's document, if they wait for it. */
static void
apply_editors (GwSectionPage *self)
{
  while (gw_section_page_fill_one (self))
    ;
}

static void
map_cb (GwSectionPage *self)
{
  apply_editors (self);
}

/**
 * gw_section_page_set_document:
 *
 * The charts follow @document at once; the table editors when the page is
 * first shown (or one of them is asked for, gw_section_page_find_editor()),
 * and at once from then on.
 */
void
gw_section_page_set_document (GwSectionPage *self,
                              GwDocument    *document)
{
  gboolean shown;

  g_return_if_fail (GW_IS_SECTION_PAGE (self));

  /* editors that have a document already, or a page on screen, are
   * brought up to date now; the others wait */
  shown = gtk_widget_get_mapped (GTK_WIDGET (self))
          || (self->document != NULL && !self->editors_pending);
  g_set_object (&self->document, document);
  self->editors_pending = TRUE;
  self->n_filled = 0;
  if (shown)
    apply_editors (self);
  for (guint i = 0; i < self->charts->len; i++)
    gw_chart_card_set_document (self->charts->pdata[i], document);
}

/**
 * gw_section_page_update:
 * @results: (nullable): the latest results
 * @provider: the focus provider of the per-provider charts
 */
void
gw_section_page_update (GwSectionPage    *self,
                        const GwScenario *scenario,
                        GwResults        *results,
                        const char       *provider)
{
  g_return_if_fail (GW_IS_SECTION_PAGE (self));

  for (guint i = 0; i < self->charts->len; i++)
    {
      gw_chart_slot_set_provider (self->charts->pdata[i], provider);
      gw_chart_slot_set_results (self->charts->pdata[i], results, scenario);
    }
}

/**
 * gw_section_page_get_charts:
 *
 * Returns: (transfer none) (element-type GwChartCard): the page's charts
 */
GPtrArray *
gw_section_page_get_charts (GwSectionPage *self)
{
  g_return_val_if_fail (GW_IS_SECTION_PAGE (self), NULL);
  return self->charts;
}

/**
 * gw_section_page_set_filter_note:
 * @text: (nullable): the Overview's filter in words
 *   (gw_filter_bar_describe()), or %NULL for none
 *
 * The page's charts draw the filtered paths beside the whole (the Overview
 * hands them over); the note above them says which filter, and offers to
 * edit it where it lives.
 */
void
gw_section_page_set_filter_note (GwSectionPage *self,
                                 const char    *text)
{
  g_return_if_fail (GW_IS_SECTION_PAGE (self));

  gtk_widget_set_visible (self->filter_note, text != NULL && self->charts->len > 0);
  gtk_label_set_text (self->filter_label, text != NULL ? text : "");
}

/**
 * gw_section_page_find_editor:
 *
 * Returns: (transfer none) (nullable): the page's editor of @table
 */
GwTableEditor *
gw_section_page_find_editor (GwSectionPage *self,
                             GwTable        table)
{
  g_return_val_if_fail (GW_IS_SECTION_PAGE (self), NULL);

  for (guint i = 0; i < self->editors->len; i++)
    if (gw_table_editor_get_table (self->editors->pdata[i]) == table)
      {
        apply_editors (self);
        return self->editors->pdata[i];
      }
  return NULL;
}

static void
gw_section_page_dispose (GObject *object)
{
  GwSectionPage *self = GW_SECTION_PAGE (object);

  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (gw_section_page_parent_class)->dispose (object);
}

static void
gw_section_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwSectionPage *self = GW_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_text (self->description_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_label (GObject    *object,
           GtkLabel   *label,
           const char *text,
           GParamSpec *pspec)
{
  if (g_strcmp0 (gtk_label_get_text (label), text ? text : "") == 0)
    return;
  gtk_label_set_text (label, text);
  g_object_notify_by_pspec (object, pspec);
}

static void
gw_section_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GwSectionPage *self = GW_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      set_label (object, self->title_label, g_value_get_string (value), pspec);
      break;
    case PROP_DESCRIPTION:
      set_label (object, self->description_label, g_value_get_string (value), pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_section_page_class_init (GwSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_section_page_dispose;
  object_class->get_property = gw_section_page_get_property;
  object_class->set_property = gw_section_page_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-section-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, box);
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, filter_note);
  gtk_widget_class_bind_template_child (widget_class, GwSectionPage, filter_label);
}

static void
gw_section_page_init (GwSectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts = g_ptr_array_new ();
  self->editors = g_ptr_array_new ();
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/**
 * gw_section_page_new:
 * @title: the section's name, translated
 * @description: a sentence on what the section holds, translated
 */
GtkWidget *
gw_section_page_new (const char *title,
                     const char *description)
{
  return g_object_new (GW_TYPE_SECTION_PAGE, "title", title, "description", description, NULL);
}
