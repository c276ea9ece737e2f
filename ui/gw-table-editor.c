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
 * This file is the widget: its header and buttons, the rows, refreshing
 * after a change, copy and paste; the cells are gw-table-editor-cells.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-row-item.h"
#include "gw-table-editor-private.h"

G_DEFINE_FINAL_TYPE (GwTableEditor, gw_table_editor, GTK_TYPE_WIDGET)

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
      n = gw_scenario_n_rows (gw_table_editor_scenario (self), self->table);
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
          guint n = gw_scenario_n_rows (gw_table_editor_scenario (self), self->table);
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

  if (sel != GTK_INVALID_LIST_POSITION
      && sel < gw_scenario_n_rows (gw_table_editor_scenario (self), self->table))
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
  guint n = gw_scenario_n_rows (gw_table_editor_scenario (self), self->table);
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
  guint n = gw_scenario_n_rows (gw_table_editor_scenario (self), self->table);
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
  gw_table_editor_build_columns (self);

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
