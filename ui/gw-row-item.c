/* gw-row-item.c: one cell row of a table editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-row-item.h"

struct _GwRowItem
{
  GObject parent_instance;
  guint   row;
  int     field;
};

G_DEFINE_FINAL_TYPE (GwRowItem, gw_row_item, G_TYPE_OBJECT)

static void
gw_row_item_class_init (GwRowItemClass *klass)
{
}

static void
gw_row_item_init (GwRowItem *self)
{
}

GwRowItem *
gw_row_item_new (guint row,
                 int   field)
{
  GwRowItem *self = g_object_new (GW_TYPE_ROW_ITEM, NULL);

  self->row = row;
  self->field = field;
  return self;
}

guint
gw_row_item_get_row (GwRowItem *self)
{
  return self->row;
}

int
gw_row_item_get_field (GwRowItem *self)
{
  return self->field;
}
