/* gw-section-page.h: a section of the scenario: its charts and tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-chart-slot.h"
#include "gw-document.h"
#include "gw-results.h"
#include "gw-table-editor.h"

G_BEGIN_DECLS

#define GW_TYPE_SECTION_PAGE (gw_section_page_get_type ())
G_DECLARE_FINAL_TYPE (GwSectionPage, gw_section_page, GW, SECTION_PAGE, AdwBin)

GtkWidget     *gw_section_page_new          (const char       *title,
                                             const char       *description);
void           gw_section_page_add_chart    (GwSectionPage    *self,
                                             GwChartSlot       slot);
void           gw_section_page_add_table    (GwSectionPage    *self,
                                             GwTable           table);
void           gw_section_page_set_document (GwSectionPage    *self,
                                             GwDocument       *document);
void           gw_section_page_update       (GwSectionPage    *self,
                                             const GwScenario *scenario,
                                             GwResults        *results,
                                             const char       *provider);
GPtrArray     *gw_section_page_get_charts   (GwSectionPage    *self);
void           gw_section_page_set_filter_note (GwSectionPage *self,
                                             const char       *text);
gboolean       gw_section_page_fill_one     (GwSectionPage    *self);
GwTableEditor *gw_section_page_find_editor  (GwSectionPage    *self,
                                             GwTable           table);

G_END_DECLS
