/* gw-chart-slot.h: where the charts go
 *
 * PLACEHOLDER until ui/chart/gw-chart-view.h (GwChartView, issue 5) lands:
 * every chart of the window is made by gw_window_create_chart() and fed by
 * gw_chart_slot_set_results(), so the real widget is wired in here only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-results.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CHART_PRICE_FAN,
  GW_CHART_SUPPLY_DEMAND,
  GW_CHART_PROVIDER_REVENUE,
  GW_CHART_PROVIDER_EBITDA,
  GW_CHART_PROVIDER_DSCR,
  GW_CHART_UTILIZATION,
  GW_CHART_SHORTAGE,
  GW_CHART_CONTRACT_REVENUE,
  GW_CHART_FLEET_MW,
  GW_CHART_CUSTOM_SHARE,
} GwChartKind;

GtkWidget *gw_window_create_chart    (GwChartKind  kind,
                                      const char  *provider);
void       gw_chart_slot_set_results (GtkWidget   *chart,
                                      GwResults   *results);

G_END_DECLS
