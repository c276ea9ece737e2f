/* gw-stat-card.h: one number of the overview, with its range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_STAT_CARD (gw_stat_card_get_type ())
G_DECLARE_FINAL_TYPE (GwStatCard, gw_stat_card, GW, STAT_CARD, GtkBox)

void gw_stat_card_set (GwStatCard *self,
                       const char *title,
                       const char *value,
                       const char *range);
void gw_stat_card_set_error    (GwStatCard *self,
                                const char *error);
void gw_stat_card_set_filtered (GwStatCard *self,
                                const char *text);
const char *gw_stat_card_get_value    (GwStatCard *self);
const char *gw_stat_card_get_error    (GwStatCard *self);
const char *gw_stat_card_get_filtered (GwStatCard *self);

G_END_DECLS
