/* gw-table-editor-private.h: a table editor's insides, shared by its files
 *
 * gw-table-editor.c        the widget: header, buttons, rows, refresh,
 *                          copy and paste
 * gw-table-editor-cells.c  the columns and their cells: binding, editing,
 *                          checking as typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-table-editor.h"

G_BEGIN_DECLS

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

static inline const GwScenario *
gw_table_editor_scenario (GwTableEditor *self)
{
  return gw_document_get_scenario (self->document);
}

/* gw-table-editor-cells.c */
void gw_table_editor_build_columns (GwTableEditor *self);

G_END_DECLS
