/* gw-table-editor.c: a table of the scenario, editable in place
 *
 * The columns and their cells come from the table's field descriptors
 * (gw-table.h): text and numbers are entries checked as typed, booleans
 * check buttons, kinds and references drop-downs, and every number that may
 * be a distribution has a popover to make it one. A value is only written
 * through the document, which refuses what breaks a rule and records each
 * change as one undo step. The single-row tables (scenario, market) are
 * shown transposed, one field per line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-dist-popover.h"
#include "gw-row-item.h"
#include "gw-table-editor.h"

struct _GwTableEditor
{
  GtkWidget       parent_instance;

  GwDocument     *document;
  gulong          changed_id;
  GwTable         table;
  gboolean        transposed;

  GtkWidget      *header;
  GtkWidget      *buttons;
  GtkWidget      *remove_button;
  GtkWidget      *duplicate_button;
  GtkWidget      *up_button;
  GtkWidget      *down_button;
  GtkColumnView  *view;
  GListStore     *store;
  GtkSingleSelection *selection;
  GtkRevealer    *message_revealer;
  GtkLabel       *message;
  char           *last_message;
  guint           refresh_id;
  int             refresh_row;   /* -2 none, -1 all */
};

G_DEFINE_FINAL_TYPE (GwTableEditor, gw_table_editor, GTK_TYPE_WIDGET)

enum
{
  CELL_ENTRY = 1,
  CELL_CHECK,
  CELL_DROPDOWN,
  CELL_LABEL,
};

#define COLUMN_LABEL  -2
#define COLUMN_UNIT   -3
#define COLUMN_ABOUT  -4
#define COLUMN_VALUE  -1
#define COLUMN_RESET  -5

static const GwScenario *
scenario (GwTableEditor *self)
{
  return gw_document_get_scenario (self->document);
}

static gboolean
cell_where (GtkWidget *cell,
            guint     *row,
            guint     *field)
{
  int f = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "gw-field"));

  *row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "gw-row"));
  *field = f - 1;
  return f > 0;
}

void
gw_table_editor_show_message (GwTableEditor *self,
                              const char    *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  if (message != NULL)
    gtk_label_set_text (self->message, message);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

const char *
gw_table_editor_get_message (GwTableEditor *self)
{
  return self->last_message;
}

static char *
cell_context (GwTableEditor *self,
              guint          row,
              guint          field,
              const char    *message)
{
  const GwTableInfo *info = gw_table_info (self->table);

  if (info->single)
    return g_strdup_printf ("%s: %s", _(info->fields[field].label), message);
  return g_strdup_printf (_("%s, row %u, %s: %s"), _(info->label), row + 1,
                          _(info->fields[field].label), message);
}

/* The tooltip of a field's cells and label: what it means, then its unit
 * and valid range, or what leaving it empty means. */
static char *
field_tooltip (const GwField *f)
{
  GString *out = g_string_new (_(f->blurb));

  switch (f->type)
    {
    case GW_FIELD_DIST:
    case GW_FIELD_REAL:
    case GW_FIELD_INT:
      {
        g_autofree char *range = gw_field_format_valid (f);

        g_string_append_c (out, '\n');
        if (f->unit != NULL)
          /* TRANSLATORS: "Unit: quarters · valid range: [0, 40]" */
          g_string_append_printf (out, _("Unit: %s · valid range: %s"), _(f->unit), range);
        else
          g_string_append_printf (out, _("Valid range: %s"), range);
        if (f->type == GW_FIELD_INT)
          g_string_append_printf (out, " · %s", _("whole numbers only"));
        else if (f->type == GW_FIELD_DIST && (f->flags & GW_FIELD_OPTIONAL))
          g_string_append_printf (out, " · %s", _("empty: not set"));
      }
      break;
    case GW_FIELD_QUARTER:
      g_string_append_c (out, '\n');
      if (f->flags & GW_FIELD_OPTIONAL)
        /* TRANSLATORS: %s is the dash an unset quarter shows */
        g_string_append_printf (out, _("A quarter such as 2027Q3; empty or %s: not set"),
                                GW_FIELD_UNSET_TEXT);
      else
        g_string_append (out, _("A quarter such as 2027Q3"));
      break;
    default:
      break;
    }
  return g_string_free (out, FALSE);
}

static void
mark_entry (GwTableEditor *self,
            GtkWidget     *entry,
            guint          row,
            guint          field,
            const char    *message)
{
  if (message != NULL)
    {
      g_autofree char *text = cell_context (self, row, field, message);

      gtk_widget_add_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gw_table_editor_show_message (self, text);
    }
  else
    {
      g_autofree char *tip = field_tooltip (gw_table_field (self->table, field));

      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, tip);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      gw_table_editor_show_message (self, NULL);
    }
}

static void
entry_changed_cb (GtkEditable   *entry,
                  GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (entry));
  g_autofree char *message = NULL;
  GwFieldValue value;
  guint row, field;

  if (g_object_get_data (G_OBJECT (cell), "gw-binding") != NULL ||
      !cell_where (cell, &row, &field))
    return;
  if (gw_field_parse (gw_table_field (self->table, field), gtk_editable_get_text (entry),
                      &value, &message))
    gw_field_value_clear (&value);
  mark_entry (self, GTK_WIDGET (entry), row, field, message);
}

static void
commit_entry (GwTableEditor *self,
              GtkWidget     *entry)
{
  GtkWidget *cell = gtk_widget_get_parent (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint row, field;

  if (self->document == NULL || !cell_where (cell, &row, &field) ||
      row >= MAX (1u, gw_scenario_n_rows (scenario (self), self->table)))
    return;
  current = gw_field_format (gw_table_field (self->table, field),
                             gw_scenario_get_row (scenario (self), self->table, row));
  if (g_strcmp0 (current, text) == 0)
    return;
  if (!gw_document_set_field_text (self->document, self->table, row, field, text, &error))
    mark_entry (self, entry, row, field, error->message);
  else
    mark_entry (self, entry, row, field, NULL);
}

static void
entry_activate_cb (GtkEntry      *entry,
                   GwTableEditor *self)
{
  commit_entry (self, GTK_WIDGET (entry));
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                GwTableEditor           *self)
{
  commit_entry (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GwTableEditor  *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (check));
  g_autoptr(GError) error = NULL;
  GwFieldValue value = { .i = gtk_check_button_get_active (check) };
  guint row, field;

  if (g_object_get_data (G_OBJECT (cell), "gw-binding") != NULL ||
      !cell_where (cell, &row, &field))
    return;
  if (!gw_document_set_field (self->document, self->table, row, field, &value, &error))
    {
      g_autofree char *text = cell_context (self, row, field, error->message);

      gw_table_editor_show_message (self, text);
    }
}

static void
dropdown_selected_cb (GtkDropDown   *dropdown,
                      GParamSpec    *pspec,
                      GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (dropdown));
  g_autoptr(GError) error = NULL;
  GwFieldValue value = { 0 };
  const GwField *f;
  guint row, field, selected;

  if (g_object_get_data (G_OBJECT (cell), "gw-binding") != NULL ||
      !cell_where (cell, &row, &field))
    return;
  f = gw_table_field (self->table, field);
  selected = gtk_drop_down_get_selected (dropdown);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  if (f->type == GW_FIELD_ENUM)
    value.i = selected;
  else
    value.text = g_strdup (gtk_string_list_get_string (
                             GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)), selected));
  if (f->type == GW_FIELD_REF && (f->flags & GW_FIELD_OPTIONAL) && selected == 0)
    {
      g_free (value.text);
      value.text = g_strdup ("");
    }
  if (!gw_document_set_field (self->document, self->table, row, field, &value, &error))
    {
      g_autofree char *text = cell_context (self, row, field, error->message);

      gw_table_editor_show_message (self, text);
    }
  gw_field_value_clear (&value);
}

static void
dist_apply_cb (GwDistPopover *popover,
               const GwDist  *dist,
               GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (popover)));
  g_autoptr(GError) error = NULL;
  GwFieldValue value = { .dist = *dist };
  guint row, field;

  if (!cell_where (cell, &row, &field))
    return;
  if (!gw_document_set_field (self->document, self->table, row, field, &value, &error))
    {
      g_autofree char *text = cell_context (self, row, field, error->message);

      gw_table_editor_show_message (self, text);
    }
}

static void
dist_show_cb (GtkPopover    *popover,
              GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (popover)));
  const GwField *f;
  guint row, field;

  if (!cell_where (cell, &row, &field))
    return;
  f = gw_table_field (self->table, field);
  gw_dist_popover_set_dist (GW_DIST_POPOVER (popover), f,
                            GW_FIELD_DIST_OF (gw_scenario_get_row (scenario (self), self->table,
                                                                   row), f));
}

static void
reset_clicked_cb (GtkButton     *button,
                  GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (button));
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "gw-row"));

  if (row < gw_scenario_n_rows (scenario (self), self->table))
    gw_document_remove_row (self->document, self->table, row);
}

static int
cell_kind (const GwField *f)
{
  switch (f->type)
    {
    case GW_FIELD_BOOL:
      return CELL_CHECK;
    case GW_FIELD_ENUM:
    case GW_FIELD_REF:
      return CELL_DROPDOWN;
    default:
      return CELL_ENTRY;
    }
}

/* Builds the editing widgets of @cell for @kind, once per recycled cell. */
static void
cell_ensure (GwTableEditor *self,
             GtkWidget     *cell,
             int            kind,
             gboolean       with_dist)
{
  int have = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "gw-kind"));
  gboolean have_dist = g_object_get_data (G_OBJECT (cell), "gw-dist") != NULL;
  GtkWidget *child;
  GtkEventController *focus;

  if (have == kind && have_dist == with_dist)
    return;
  while ((child = gtk_widget_get_first_child (cell)) != NULL)
    gtk_box_remove (GTK_BOX (cell), child);
  g_object_set_data (G_OBJECT (cell), "gw-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (cell), "gw-dist", with_dist ? cell : NULL);

  switch (kind)
    {
    case CELL_ENTRY:
      child = gtk_entry_new ();
      gtk_entry_set_has_frame (GTK_ENTRY (child), FALSE);
      gtk_widget_set_hexpand (child, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (child), 6);
      g_signal_connect (child, "changed", G_CALLBACK (entry_changed_cb), self);
      g_signal_connect (child, "activate", G_CALLBACK (entry_activate_cb), self);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), self);
      gtk_widget_add_controller (child, focus);
      gtk_box_append (GTK_BOX (cell), child);
      if (with_dist)
        {
          GtkWidget *button = gtk_menu_button_new ();
          GtkWidget *popover = gw_dist_popover_new ();

          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "media-playlist-shuffle-symbolic");
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_add_css_class (button, "dist-button");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Fixed value or distribution"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Fixed value or distribution"), -1);
          gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
          g_signal_connect (popover, "show", G_CALLBACK (dist_show_cb), self);
          g_signal_connect (popover, "apply", G_CALLBACK (dist_apply_cb), self);
          gtk_box_append (GTK_BOX (cell), button);
        }
      break;

    case CELL_CHECK:
      child = gtk_check_button_new ();
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (child, TRUE);
      g_signal_connect (child, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (GTK_BOX (cell), child);
      break;

    case CELL_DROPDOWN:
      child = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);
      gtk_widget_add_css_class (child, "flat");
      gtk_widget_set_hexpand (child, TRUE);
      g_signal_connect (child, "notify::selected", G_CALLBACK (dropdown_selected_cb), self);
      gtk_box_append (GTK_BOX (cell), child);
      break;

    case CELL_LABEL:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (child, TRUE);
      gtk_box_append (GTK_BOX (cell), child);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* What a deal's derived field comes to with the other two at their centres. */
static char *
derived_text (const GwDeal *deal,
              guint         field)
{
  double hours = GW_HOURS_PER_QUARTER * gw_deal_ramp_sum (deal);
  double v = gw_dist_central (&deal->value);
  double c = gw_dist_central (&deal->capacity);
  double p = gw_dist_central (&deal->price);
  double x;
  g_autofree char *number = NULL;

  if ((int) field == gw_table_find_field (GW_TABLE_DEALS, "value"))
    x = c * p * hours;
  else if ((int) field == gw_table_find_field (GW_TABLE_DEALS, "capacity"))
    x = v / (p * hours);
  else
    x = v / (c * hours);
  if (!isfinite (x))
    return g_strdup (_("derived"));
  if ((int) field == gw_table_find_field (GW_TABLE_DEALS, "value"))
    number = gw_format_money (x);
  else
    number = gw_format_si (x, 3);
  return g_strdup_printf (_("%s (derived)"), number);
}

static void
bind_value (GwTableEditor *self,
            GtkWidget     *cell,
            guint          row,
            guint          field)
{
  const GwField *f = gw_table_field (self->table, field);
  gconstpointer data = gw_scenario_get_row (scenario (self), self->table, row);
  const char *label = _(f->label);
  GtkWidget *child;
  int kind = cell_kind (f);
  g_autofree char *text = NULL;
  g_autofree char *a11y = NULL;
  g_autofree char *tip = field_tooltip (f);

  if (self->table == GW_TABLE_DEALS && (int) field == gw_deal_derived_field (data))
    kind = CELL_LABEL;
  cell_ensure (self, cell, kind, kind == CELL_ENTRY && f->type == GW_FIELD_DIST);
  g_object_set_data (G_OBJECT (cell), "gw-row", GUINT_TO_POINTER (row));
  g_object_set_data (G_OBJECT (cell), "gw-field", GINT_TO_POINTER (field + 1));
  g_object_set_data (G_OBJECT (cell), "gw-binding", cell);
  child = gtk_widget_get_first_child (cell);
  a11y = self->transposed ? g_strdup (label)
                          : g_strdup_printf (_("%s, row %u"), label, row + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  switch (kind)
    {
    case CELL_ENTRY:
      text = gw_field_format (f, data);
      gtk_editable_set_text (GTK_EDITABLE (child), text);
      gtk_widget_remove_css_class (child, "error");
      gtk_widget_set_tooltip_text (child, tip);
      /* An optional quarter left empty is not set: a dash says so, where a
       * sample quarter would read as a value. */
      if (f->type == GW_FIELD_QUARTER)
        gtk_entry_set_placeholder_text (GTK_ENTRY (child), (f->flags & GW_FIELD_OPTIONAL)
                                                           ? GW_FIELD_UNSET_TEXT : "2027Q3");
      else if (f->type == GW_FIELD_DIST && (f->flags & GW_FIELD_OPTIONAL))
        gtk_entry_set_placeholder_text (GTK_ENTRY (child), GW_FIELD_UNSET_TEXT);
      else
        gtk_entry_set_placeholder_text (GTK_ENTRY (child), NULL);
      if (f->type == GW_FIELD_DIST || f->type == GW_FIELD_REAL || f->type == GW_FIELD_INT ||
          f->type == GW_FIELD_SEED)
        {
          gtk_entry_set_alignment (GTK_ENTRY (child), 1);
          gtk_widget_add_css_class (child, "numeric");
        }
      else
        {
          gtk_entry_set_alignment (GTK_ENTRY (child), 0);
          gtk_widget_remove_css_class (child, "numeric");
        }
      if (f->type == GW_FIELD_DIST && gw_dist_is_uncertain (GW_FIELD_DIST_OF (data, f)))
        gtk_widget_add_css_class (cell, "uncertain");
      else
        gtk_widget_remove_css_class (cell, "uncertain");
      break;

    case CELL_CHECK:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child), GW_FIELD_INT_OF (data, f) != 0);
      gtk_widget_set_tooltip_text (child, tip);
      break;

    case CELL_DROPDOWN:
      {
        GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (child)));
        guint selected = GTK_INVALID_LIST_POSITION;
        guint n_old = g_list_model_get_n_items (G_LIST_MODEL (list));

        gtk_string_list_splice (list, 0, n_old, NULL);
        if (f->type == GW_FIELD_ENUM)
          {
            gtk_string_list_splice (list, 0, 0, (const char * const *) f->enum_names);
            selected = GW_FIELD_INT_OF (data, f);
          }
        else
          {
            const char *current = GW_FIELD_TEXT_OF (data, f);
            guint n = gw_scenario_n_rows (scenario (self), f->ref_table);
            guint offset = 0;

            if (f->flags & GW_FIELD_OPTIONAL)
              {
                gtk_string_list_append (list, _("None"));
                offset = 1;
                if (current[0] == '\0')
                  selected = 0;
              }
            for (guint i = 0; i < n; i++)
              {
                g_autofree char *key = gw_scenario_row_key (scenario (self), f->ref_table, i);

                gtk_string_list_append (list, key);
                if (g_strcmp0 (key, current) == 0)
                  selected = i + offset;
              }
            if (selected == GTK_INVALID_LIST_POSITION && current[0] != '\0')
              {
                gtk_string_list_append (list, current);
                selected = n + offset;
              }
          }
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child), selected);
        gtk_widget_set_tooltip_text (child, tip);
      }
      break;

    case CELL_LABEL:
      text = derived_text (data, field);
      gtk_label_set_text (GTK_LABEL (child), text);
      gtk_widget_add_css_class (child, "dim-label");
      gtk_widget_add_css_class (child, "derived");
      gtk_widget_set_tooltip_text (child, _("Derived from the other two of value, capacity and "
                                            "price"));
      break;

    default:
      g_assert_not_reached ();
    }
  g_object_set_data (G_OBJECT (cell), "gw-binding", NULL);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GwTableEditor            *self)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (cell, "gw-cell");
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         GwTableEditor            *self)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "gw-column"));
  GwRowItem *row_item = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  guint row = gw_row_item_get_row (row_item);
  int field = self->transposed ? gw_row_item_get_field (row_item) : column;
  const GwField *f;
  GtkWidget *child;
  g_autofree char *tip = NULL;

  if (self->document == NULL)
    return;
  if (column >= 0 || column == COLUMN_VALUE)
    {
      bind_value (self, cell, row, field);
      return;
    }

  g_object_set_data (G_OBJECT (cell), "gw-row", GUINT_TO_POINTER (row));
  g_object_set_data (G_OBJECT (cell), "gw-field", NULL);
  if (column == COLUMN_RESET)
    {
      if (gtk_widget_get_first_child (cell) == NULL)
        {
          child = gtk_button_new_from_icon_name ("edit-undo-symbolic");
          gtk_widget_add_css_class (child, "flat");
          gtk_widget_set_tooltip_text (child, _("Reset to the base scenario's value"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Reset override"), -1);
          g_signal_connect (child, "clicked", G_CALLBACK (reset_clicked_cb), self);
          gtk_box_append (GTK_BOX (cell), child);
        }
      return;
    }

  cell_ensure (self, cell, CELL_LABEL, FALSE);
  child = gtk_widget_get_first_child (cell);
  f = gw_table_field (self->table, field);
  tip = field_tooltip (f);
  gtk_widget_remove_css_class (child, "derived");
  if (column == COLUMN_LABEL)
    {
      gtk_label_set_text (GTK_LABEL (child), _(f->label));
      gtk_widget_remove_css_class (child, "dim-label");
      gtk_widget_set_tooltip_text (child, tip);
    }
  else if (column == COLUMN_UNIT)
    {
      gtk_label_set_text (GTK_LABEL (child), f->unit ? _(f->unit) : "");
      gtk_widget_add_css_class (child, "dim-label");
      gtk_widget_set_tooltip_text (child, tip);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (child), _(f->blurb));
      gtk_widget_add_css_class (child, "dim-label");
      gtk_widget_set_tooltip_text (child, tip);
    }
}

static void
add_column (GwTableEditor *self,
            const char    *title,
            int            column,
            int            width,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "gw-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_column_set_expand (col, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (col);
}

static int
field_width (const GwField *f)
{
  switch (f->type)
    {
    case GW_FIELD_NAME: return 140;
    case GW_FIELD_TEXT: return 170;
    case GW_FIELD_INPUT: return 230;
    case GW_FIELD_REF: return 130;
    case GW_FIELD_DIST: return 210;
    case GW_FIELD_QUARTER: return 84;
    case GW_FIELD_BOOL: return 76;
    case GW_FIELD_ENUM: return 150;
    case GW_FIELD_INT: return 76;
    default: return 100;
    }
}

static void
build_columns (GwTableEditor *self)
{
  const GwTableInfo *info = gw_table_info (self->table);

  if (self->transposed)
    {
      add_column (self, _("Input"), COLUMN_LABEL, 210, FALSE);
      add_column (self, _("Value"), COLUMN_VALUE, 220, FALSE);
      add_column (self, _("Unit"), COLUMN_UNIT, 120, FALSE);
      add_column (self, _("Description"), COLUMN_ABOUT, -1, TRUE);
      return;
    }
  for (guint i = 0; i < info->n_fields; i++)
    {
      const GwField *f = &info->fields[i];
      g_autofree char *title = f->unit ? g_strdup_printf ("%s (%s)", _(f->label), _(f->unit))
                                       : g_strdup (_(f->label));
      gboolean is_source = g_strcmp0 (f->name, "source") == 0;

      add_column (self, title, i, is_source ? 220 : field_width (f), is_source);
    }
  if (self->table == GW_TABLE_OVERRIDES)
    add_column (self, _("Reset"), COLUMN_RESET, 70, FALSE);
}

static void
fill_store (GwTableEditor *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->document == NULL)
    {
      g_list_store_remove_all (self->store);
      return;
    }
  if (self->transposed)
    {
      const GwTableInfo *info = gw_table_info (self->table);

      for (guint i = 0; i < info->n_fields; i++)
        g_ptr_array_add (items, gw_row_item_new (0, i));
    }
  else
    {
      n = gw_scenario_n_rows (scenario (self), self->table);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, gw_row_item_new (i, -1));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

static void
update_buttons (GwTableEditor *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gboolean has = selected != GTK_INVALID_LIST_POSITION && selected < n;

  if (self->transposed)
    return;
  gtk_widget_set_sensitive (self->remove_button, has);
  gtk_widget_set_sensitive (self->duplicate_button, has);
  gtk_widget_set_sensitive (self->up_button, has && selected > 0);
  gtk_widget_set_sensitive (self->down_button, has && selected + 1 < n);
}

static gboolean
refresh_cb (gpointer user_data)
{
  GwTableEditor *self = user_data;
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  self->refresh_id = 0;
  if (self->refresh_row >= 0 && !self->transposed && (guint) self->refresh_row < n)
    {
      g_autoptr(GwRowItem) item = gw_row_item_new (self->refresh_row, -1);

      g_list_store_splice (self->store, self->refresh_row, 1, (gpointer *) &item, 1);
    }
  else
    fill_store (self);
  if (selected != GTK_INVALID_LIST_POSITION &&
      selected < g_list_model_get_n_items (G_LIST_MODEL (self->store)))
    gtk_single_selection_set_selected (self->selection, selected);
  self->refresh_row = -2;
  update_buttons (self);
  return G_SOURCE_REMOVE;
}

/* Rebinding is deferred to an idle so that the widget whose signal made the
 * change is not recycled under its own feet. */
static void
queue_refresh (GwTableEditor *self,
               int            row)
{
  if (self->refresh_row == -2)
    self->refresh_row = row;
  else if (self->refresh_row != row)
    self->refresh_row = -1;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, refresh_cb, self, NULL);
}

static gboolean
refers_to (GwTable table,
           GwTable other)
{
  const GwTableInfo *info = gw_table_info (table);

  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].type == GW_FIELD_REF && info->fields[i].ref_table == other)
      return TRUE;
  return FALSE;
}

static void
document_changed_cb (GwDocument    *document,
                     int            table,
                     int            row,
                     GwTableEditor *self)
{
  if ((GwTable) table == self->table)
    {
      queue_refresh (self, row);
      if (row < 0)
        {
          guint n = gw_scenario_n_rows (scenario (self), self->table);
          guint sel = gtk_single_selection_get_selected (self->selection);

          if (sel != GTK_INVALID_LIST_POSITION && sel >= n && n > 0)
            gtk_single_selection_set_selected (self->selection, n - 1);
        }
    }
  else if (refers_to (self->table, table))
    queue_refresh (self, -1);
}

static guint
selected_row (GwTableEditor *self)
{
  return gtk_single_selection_get_selected (self->selection);
}

static void
add_clicked_cb (GwTableEditor *self)
{
  int row = gw_document_add_row (self->document, self->table, -1);

  if (row >= 0)
    {
      refresh_cb (self);
      gtk_single_selection_set_selected (self->selection, row);
    }
}

static void
duplicate_clicked_cb (GwTableEditor *self)
{
  guint sel = selected_row (self);
  int row;

  if (sel == GTK_INVALID_LIST_POSITION)
    return;
  row = gw_document_add_row (self->document, self->table, sel);
  if (row >= 0)
    {
      refresh_cb (self);
      gtk_single_selection_set_selected (self->selection, row);
    }
}

static void
remove_clicked_cb (GwTableEditor *self)
{
  guint sel = selected_row (self);

  if (sel != GTK_INVALID_LIST_POSITION && sel < gw_scenario_n_rows (scenario (self), self->table))
    gw_document_remove_row (self->document, self->table, sel);
}

static void
move (GwTableEditor *self,
      int            delta)
{
  guint sel = selected_row (self);

  if (sel != GTK_INVALID_LIST_POSITION &&
      gw_document_move_row (self->document, self->table, sel, delta))
    {
      refresh_cb (self);
      gtk_single_selection_set_selected (self->selection, sel + delta);
      update_buttons (self);
    }
}

static void
up_clicked_cb (GwTableEditor *self)
{
  move (self, -1);
}

static void
down_clicked_cb (GwTableEditor *self)
{
  move (self, 1);
}

static GtkWidget *
tool_button (GwTableEditor *self,
             const char    *icon,
             const char    *tooltip,
             GCallback      callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (self->buttons), button);
  return button;
}

static void
gw_table_editor_dispose (GObject *object)
{
  GwTableEditor *self = GW_TABLE_EDITOR (object);
  GtkWidget *child;

  gw_table_editor_set_document (self, NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_pointer (&self->last_message, g_free);
  G_OBJECT_CLASS (gw_table_editor_parent_class)->dispose (object);
}

/* Copy the selected row (or every row when none is selected) as
 * tab-separated text: a spreadsheet takes it, and paste reads it back. */
static void
copy_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GwTableEditor *self = GW_TABLE_EDITOR (widget);
  guint sel = selected_row (self);
  guint n = gw_scenario_n_rows (scenario (self), self->table);
  g_autofree char *text = NULL;

  if (self->transposed || n == 0)
    return;
  text = sel != GTK_INVALID_LIST_POSITION && sel < n
         ? gw_document_copy_rows (self->document, self->table, sel, 1)
         : gw_document_copy_rows (self->document, self->table, 0, n);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
paste_text_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwTableEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL || self->document == NULL)
    return;
  gw_table_editor_paste_text (self, text);
}

/**
 * gw_table_editor_paste_text:
 *
 * Pastes tab-separated rows after the selected row (or at the end) as one
 * undo step; a bad cell shows its message and changes nothing.
 *
 * Returns: the number of rows pasted, or -1
 */
int
gw_table_editor_paste_text (GwTableEditor *self,
                            const char    *text)
{
  guint sel = selected_row (self);
  guint n = gw_scenario_n_rows (scenario (self), self->table);
  guint at = sel != GTK_INVALID_LIST_POSITION && sel < n ? sel + 1 : n;
  g_autoptr(GError) error = NULL;
  int pasted;

  if (self->transposed)
    return -1;
  pasted = gw_document_paste_rows (self->document, self->table, at, text, &error);
  if (pasted < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("Nothing was pasted: %s"), error->message);

      gw_table_editor_show_message (self, msg);
      return -1;
    }
  gw_table_editor_show_message (self, NULL);
  refresh_cb (self);
  gtk_single_selection_set_selected (self->selection, at + pasted - 1);
  return pasted;
}

static void
paste_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  GwTableEditor *self = GW_TABLE_EDITOR (widget);

  if (self->transposed)
    return;
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_text_cb,
                                 g_object_ref (self));
}

static void
gw_table_editor_class_init (GwTableEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_table_editor_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-table-editor");

  gtk_widget_class_install_action (widget_class, "editor.copy-rows", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "editor.paste-rows", NULL, paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "editor.copy-rows", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "editor.paste-rows", NULL);
}

static void
gw_table_editor_init (GwTableEditor *self)
{
  self->refresh_row = -2;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              8);
}

static void
build (GwTableEditor *self)
{
  const GwTableInfo *info = gw_table_info (self->table);
  GtkWidget *title, *frame, *scroller, *message_box, *icon;

  self->transposed = info->single;

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = gtk_label_new (_(info->label));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_valign (title, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->header), title);

  self->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->buttons, "linked");
  gtk_box_append (GTK_BOX (self->header), self->buttons);
  if (!self->transposed)
    {
      g_autofree char *add = g_strdup_printf (_("Add %s"), _(info->row_label));

      tool_button (self, "list-add-symbolic", add, G_CALLBACK (add_clicked_cb));
      self->duplicate_button = tool_button (self, "edit-copy-symbolic", _("Duplicate row"),
                                            G_CALLBACK (duplicate_clicked_cb));
      self->up_button = tool_button (self, "go-up-symbolic", _("Move row up"),
                                     G_CALLBACK (up_clicked_cb));
      self->down_button = tool_button (self, "go-down-symbolic", _("Move row down"),
                                       G_CALLBACK (down_clicked_cb));
      self->remove_button = tool_button (self, "list-remove-symbolic", _("Delete row"),
                                         G_CALLBACK (remove_clicked_cb));
    }
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->store = g_list_store_new (GW_TYPE_ROW_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_buttons),
                            self);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (self->selection)));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(info->label), -1);
  build_columns (self);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_add_css_class (frame, "table-frame");
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_widget_set_parent (frame, GTK_WIDGET (self));

  self->message_revealer = GTK_REVEALER (gtk_revealer_new ());
  message_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "error");
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_box_append (GTK_BOX (message_box), icon);
  gtk_box_append (GTK_BOX (message_box), GTK_WIDGET (self->message));
  gtk_revealer_set_child (self->message_revealer, message_box);
  gtk_widget_set_parent (GTK_WIDGET (self->message_revealer), GTK_WIDGET (self));
  update_buttons (self);
}

GtkWidget *
gw_table_editor_new (GwTable table)
{
  GwTableEditor *self = g_object_new (GW_TYPE_TABLE_EDITOR, NULL);

  self->table = table;
  build (self);
  return GTK_WIDGET (self);
}

GwTable
gw_table_editor_get_table (GwTableEditor *self)
{
  return self->table;
}

void
gw_table_editor_set_document (GwTableEditor *self,
                              GwDocument    *document)
{
  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->document);
      g_clear_object (&self->document);
    }
  if (document != NULL)
    {
      self->document = g_object_ref (document);
      self->changed_id = g_signal_connect (document, "changed",
                                           G_CALLBACK (document_changed_cb), self);
    }
  if (self->store != NULL)
    {
      fill_store (self);
      gw_table_editor_show_message (self, NULL);
      update_buttons (self);
    }
}
