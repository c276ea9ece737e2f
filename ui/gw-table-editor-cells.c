/* gw-table-editor-cells.c: the cells of a table editor
 *
 * A column per field of the table (or, for a single-row table shown
 * transposed, columns of label, value, unit and description), each cell
 * made by a list item factory and bound to its row and field: entries
 * checked as typed and written when left or activated, check buttons,
 * drop-downs of kinds and references, a deal's derived field as a label,
 * the popover that makes a number a distribution, an override's reset
 * button. Every value goes through the document, which refuses what
 * breaks a rule; the message says where (table, row, field).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-dist-popover.h"
#include "gw-row-item.h"
#include "gw-table-editor-private.h"

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
      row >= MAX (1u, gw_scenario_n_rows (gw_table_editor_scenario (self), self->table)))
    return;
  current = gw_field_format (gw_table_field (self->table, field),
                             gw_scenario_get_row (gw_table_editor_scenario (self), self->table,
                                                  row));
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
                            GW_FIELD_DIST_OF (gw_scenario_get_row (gw_table_editor_scenario (self),
                                                                   self->table, row), f));
}

static void
dist_create_cb (GtkMenuButton *button,
                gpointer       data)
{
  GwTableEditor *self = data;
  GtkWidget *popover;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  popover = gw_dist_popover_new ();
  g_signal_connect (popover, "show", G_CALLBACK (dist_show_cb), self);
  g_signal_connect (popover, "apply", G_CALLBACK (dist_apply_cb), self);
  gtk_menu_button_set_popover (button, popover);
}

static void
reset_clicked_cb (GtkButton     *button,
                  GwTableEditor *self)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (button));
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "gw-row"));

  if (row < gw_scenario_n_rows (gw_table_editor_scenario (self), self->table))
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

          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "media-playlist-shuffle-symbolic");
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_add_css_class (button, "dist-button");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Fixed value or distribution"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Fixed value or distribution"), -1);
          /* the popover, a form of its own, is built when first opened:
           * a table has one per number */
          gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), dist_create_cb, self,
                                                 NULL);
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
  gconstpointer data = gw_scenario_get_row (gw_table_editor_scenario (self), self->table, row);
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
            guint n = gw_scenario_n_rows (gw_table_editor_scenario (self), f->ref_table);
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
                g_autofree char *key = gw_scenario_row_key (gw_table_editor_scenario (self),
                                                            f->ref_table, i);

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

void
gw_table_editor_build_columns (GwTableEditor *self)
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
