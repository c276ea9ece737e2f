/* gw-dist-popover.h: switch a number between a fixed value and a distribution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gigawatt-model.h"

G_BEGIN_DECLS

#define GW_TYPE_DIST_POPOVER (gw_dist_popover_get_type ())
G_DECLARE_FINAL_TYPE (GwDistPopover, gw_dist_popover, GW, DIST_POPOVER, GtkPopover)

GtkWidget *gw_dist_popover_new      (void);
void       gw_dist_popover_set_dist (GwDistPopover *self,
                                     const GwField *field,
                                     const GwDist  *dist);
gboolean   gw_dist_popover_get_dist (GwDistPopover *self,
                                     GwDist        *dist,
                                     char         **message);

const char *gw_dist_popover_get_summary (GwDistPopover *self);
const char *gw_dist_popover_get_message (GwDistPopover *self);
void        gw_dist_popover_set_kind    (GwDistPopover *self,
                                         GwDistKind     kind);
void        gw_dist_popover_set_param   (GwDistPopover *self,
                                         guint          index,
                                         const char    *text);
gboolean    gw_dist_popover_apply       (GwDistPopover *self);

G_END_DECLS
