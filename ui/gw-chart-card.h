/* gw-chart-card.h: a chart of the window, on a card with its export button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-chart-view.h"
#include "gw-document.h"

G_BEGIN_DECLS

/**
 * GwChartSlot:
 *
 * Which chart of the window a card shows: its kind, series or scalar, and
 * whether it follows the focus provider.
 */
typedef enum
{
  GW_SLOT_PRICE_FAN,
  GW_SLOT_SUPPLY,
  GW_SLOT_DEMAND,
  GW_SLOT_PROVIDER_REVENUE,
  GW_SLOT_PROVIDER_EBITDA,
  GW_SLOT_MIN_DSCR,
  GW_SLOT_CONTRACT_REVENUE,
  GW_SLOT_CUSTOM_SHARE,
  GW_SLOT_REVENUE_LINES,
  GW_SLOT_NPV_TORNADO,
  GW_SLOT_FLEET_MW,
  GW_SLOT_LEVERAGE,
  GW_SLOT_WATERFALL,
} GwChartSlot;

#define GW_TYPE_CHART_SLOT (gw_chart_slot_get_type ())
GType gw_chart_slot_get_type (void) G_GNUC_CONST;

#define GW_TYPE_CHART_CARD (gw_chart_card_get_type ())
G_DECLARE_FINAL_TYPE (GwChartCard, gw_chart_card, GW, CHART_CARD, GtkWidget)

/**
 * GwChartCard:
 *
 * One chart of the window (#GwChartCard:slot) on a card, with a button to
 * export it. Properties:
 *
 * - slot (#GwChartSlot, construct-only): which chart;
 * - provider (string): the focus provider, which the per-provider charts
 *   show;
 * - results (pointer to #GwResults): the run shown;
 * - view (#GwChartView, read-only): the chart widget.
 */

GtkWidget   *gw_chart_card_new          (GwChartSlot       slot,
                                         const char       *provider);
GwChartSlot  gw_chart_card_get_slot     (GwChartCard      *self);
const char  *gw_chart_card_get_provider (GwChartCard      *self);
void         gw_chart_card_set_provider (GwChartCard      *self,
                                         const char       *provider);
GwResults   *gw_chart_card_get_results  (GwChartCard      *self);
void         gw_chart_card_set_results  (GwChartCard      *self,
                                         GwResults        *results,
                                         const GwScenario *scenario);
GwChartView *gw_chart_card_get_view     (GwChartCard      *self);
void         gw_chart_card_choose       (GwChartCard      *self,
                                         const char       *output,
                                         const char       *provider);
const char  *gw_chart_card_get_choice   (GwChartCard      *self);
gboolean     gw_chart_card_can_log      (GwChartCard      *self);
void         gw_chart_card_set_log_scale (GwChartCard     *self,
                                         gboolean          log_scale);
gboolean     gw_chart_card_get_log_scale (GwChartCard     *self);
void         gw_chart_card_set_document (GwChartCard      *self,
                                         GwDocument       *document);
void         gw_chart_card_check_view   (const GwView     *view,
                                         const GwScenario *scenario,
                                         const char       *display_name,
                                         GPtrArray        *warnings);

G_END_DECLS
