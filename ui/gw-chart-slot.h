/* gw-chart-slot.h: the charts of the window
 *
 * Every chart of the window is made by gw_window_create_chart() and fed by
 * gw_chart_slot_set_results(): the one place where the window meets the
 * chart widgets of ui/chart (GwChartView).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-results.h"

G_BEGIN_DECLS

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

GtkWidget *gw_window_create_chart    (GwChartSlot       slot,
                                      const char       *provider);
void       gw_chart_slot_set_results (GtkWidget        *chart,
                                      GwResults        *results,
                                      const GwScenario *scenario);
void       gw_chart_slot_set_provider (GtkWidget       *chart,
                                      const char       *provider);

G_END_DECLS
