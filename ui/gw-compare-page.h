/* gw-compare-page.h: variants compared side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-comparison.h"
#include "gw-document.h"

G_BEGIN_DECLS

#define GW_TYPE_COMPARE_PAGE (gw_compare_page_get_type ())
G_DECLARE_FINAL_TYPE (GwComparePage, gw_compare_page, GW, COMPARE_PAGE, AdwBin)

GtkWidget          *gw_compare_page_new            (void);
void                gw_compare_page_set_document   (GwComparePage      *self,
                                                    GwDocument         *document);
void                gw_compare_page_set_variants   (GwComparePage      *self,
                                                    const char * const *variants);
const char * const *gw_compare_page_get_variants   (GwComparePage      *self);
void                gw_compare_page_choose         (GwComparePage      *self,
                                                    const char         *series,
                                                    const char         *scalar,
                                                    const char         *provider,
                                                    int                 quarter);
GwComparison       *gw_compare_page_get_comparison (GwComparePage      *self);
char               *gw_compare_page_describe       (GwComparePage      *self);

G_END_DECLS
