/* gw-filter-bar.h: the overview's filter of paths, and what drives a tail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-results.h"

G_BEGIN_DECLS

#define GW_TYPE_FILTER_BAR (gw_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (GwFilterBar, gw_filter_bar, GW, FILTER_BAR, GtkBox)

GtkWidget  *gw_filter_bar_new             (void);
void        gw_filter_bar_set_results     (GwFilterBar *self,
                                           GwResults   *results,
                                           const char  *provider);
gboolean    gw_filter_bar_add_condition   (GwFilterBar *self,
                                           const char  *condition);
void        gw_filter_bar_remove_condition (GwFilterBar *self,
                                           guint        index);
void        gw_filter_bar_clear           (GwFilterBar *self);
GStrv       gw_filter_bar_get_conditions  (GwFilterBar *self);
char       *gw_filter_bar_describe        (GwFilterBar *self);
GwResults  *gw_filter_bar_get_filtered    (GwFilterBar *self);
guint       gw_filter_bar_get_n_kept      (GwFilterBar *self);
gboolean    gw_filter_bar_keeps_none      (GwFilterBar *self);
void        gw_filter_bar_set_series      (GwFilterBar *self,
                                           const guint *series,
                                           guint        n_series);
gboolean    gw_filter_bar_get_busy        (GwFilterBar *self);
GPtrArray  *gw_filter_bar_get_drivers     (GwFilterBar *self);

G_END_DECLS
