/* gw-chart-slot.h: the window's old names for its chart cards
 *
 * The charts of the window are GwChartCard widgets (gw-chart-card.h); these
 * wrappers keep the window's calls as they were until it calls the card
 * directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart-card.h"

G_BEGIN_DECLS

static inline GtkWidget *
gw_window_create_chart (GwChartSlot slot,
                        const char *provider)
{
  return gw_chart_card_new (slot, provider);
}

static inline void
gw_chart_slot_set_results (GtkWidget        *chart,
                           GwResults        *results,
                           const GwScenario *scenario)
{
  gw_chart_card_set_results (GW_CHART_CARD (chart), results, scenario);
}

static inline void
gw_chart_slot_set_provider (GtkWidget  *chart,
                            const char *provider)
{
  gw_chart_card_set_provider (GW_CHART_CARD (chart), provider);
}

G_END_DECLS
