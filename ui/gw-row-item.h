/* gw-row-item.h: one cell row of a table editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_TYPE_ROW_ITEM (gw_row_item_get_type ())
G_DECLARE_FINAL_TYPE (GwRowItem, gw_row_item, GW, ROW_ITEM, GObject)

/* @field is -1 for a row of a table editor; for the single-row tables,
 * shown transposed, each item is one field of row 0. */
GwRowItem *gw_row_item_new       (guint      row,
                                  int        field);
guint      gw_row_item_get_row   (GwRowItem *self);
int        gw_row_item_get_field (GwRowItem *self);

G_END_DECLS
