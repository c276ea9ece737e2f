/* gw-table-editor.h: a table of the scenario, editable in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-document.h"

G_BEGIN_DECLS

#define GW_TYPE_TABLE_EDITOR (gw_table_editor_get_type ())
G_DECLARE_FINAL_TYPE (GwTableEditor, gw_table_editor, GW, TABLE_EDITOR, GtkWidget)

GtkWidget  *gw_table_editor_new          (GwTable        table);
void        gw_table_editor_set_document (GwTableEditor *self,
                                          GwDocument    *document);
GwTable     gw_table_editor_get_table    (GwTableEditor *self);
const char *gw_table_editor_get_message  (GwTableEditor *self);
void        gw_table_editor_show_message (GwTableEditor *self,
                                          const char    *message);

int           gw_table_editor_paste_text   (GwTableEditor *self,
                                            const char    *text);

G_END_DECLS
