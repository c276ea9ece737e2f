/* gw-overview-page.h: the overview: the scenario, its key numbers, charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-document.h"
#include "gw-filter-bar.h"
#include "gw-results.h"

G_BEGIN_DECLS

#define GW_TYPE_OVERVIEW_PAGE (gw_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (GwOverviewPage, gw_overview_page, GW, OVERVIEW_PAGE, AdwBin)

GtkWidget *gw_overview_page_new    (void);
void       gw_overview_page_update (GwOverviewPage   *self,
                                    const GwScenario *scenario,
                                    GwResults        *results,
                                    const char       *provider);

void       gw_overview_page_set_document (GwOverviewPage *self,
                                          GwDocument     *document);
const char *gw_overview_page_get_focus_provider (GwOverviewPage *self);
void       gw_overview_page_set_focus_provider (GwOverviewPage *self,
                                                const char     *provider);
GwFilterBar *gw_overview_page_get_filter_bar  (GwOverviewPage *self);
void       gw_overview_page_follow_chart (GwOverviewPage *self,
                                          GtkWidget      *card);

G_END_DECLS
