/* gw-chart-view.h: an interactive chart widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_TYPE_CHART_VIEW (gw_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (GwChartView, gw_chart_view, GW, CHART_VIEW, GtkWidget)

/**
 * GwChartView:
 *
 * Shows one chart of a run and lets a person explore it:
 *
 * - hovering shows a crosshair and a tooltip with the values at that
 *   quarter (or histogram bin, or tornado row);
 * - clicking a quarter selects it and emits #GwChartView::quarter-selected;
 * - clicking a legend item (or pressing 1-9) shows or hides it;
 * - scrolling zooms the time axis around the pointer, dragging or
 *   Shift+Left/Right pans it, +/- zoom, 0 or Home resets;
 * - Left/Right move the selected quarter, Return re-emits it;
 * - on a fan, Ctrl+click places a horizontal threshold line, dragging it
 *   moves it, and the hovered quarter shows the exact share of paths below
 *   it, counted over the run's paths replayed on a worker thread.
 *
 * Setting new results keeps the old ones on screen until the call, so a
 * re-run does not flicker; zoom and hidden items survive a re-run.
 *
 * Signals:
 * - quarter-selected (GwChartView *view, int t, gpointer user_data): t is
 *   the quarter index (0 = the scenario's start), the histogram bin or
 *   the tornado row.
 * - threshold-line-changed (GwChartView *view, gpointer user_data)
 * - spec-changed (GwChartView *view, gpointer user_data): another chart
 *   is shown
 */

GtkWidget  *gw_chart_view_new                 (void);

void        gw_chart_view_set_spec            (GwChartView       *self,
                                               const GwChartSpec *spec);
const GwChartSpec *gw_chart_view_get_spec     (GwChartView       *self);
void        gw_chart_view_set_results         (GwChartView       *self,
                                               GwResults         *results);
GwResults  *gw_chart_view_get_results         (GwChartView       *self);
void        gw_chart_view_set_filtered_results (GwChartView      *self,
                                               GwResults        *results);
void        gw_chart_view_set_compare_results (GwChartView       *self,
                                               GwResults         *results);
void        gw_chart_view_set_scenario        (GwChartView       *self,
                                               const GwScenario  *scenario);

int         gw_chart_view_get_selected        (GwChartView       *self);
int         gw_chart_view_get_hover           (GwChartView       *self);
gboolean    gw_chart_view_get_item_visible    (GwChartView       *self,
                                               guint              item);
void        gw_chart_view_set_item_visible    (GwChartView       *self,
                                               guint              item,
                                               gboolean           visible);
void        gw_chart_view_get_visible_range   (GwChartView       *self,
                                               double            *first,
                                               double            *last);
void        gw_chart_view_reset_zoom          (GwChartView       *self);

/* Writes the chart as shown (hidden items, zoom) to a file; the format
 * follows the name's extension (.png, .svg, .pdf), .csv writes the
 * plotted statistics. */
gboolean    gw_chart_view_export              (GwChartView       *self,
                                               const char        *file,
                                               double             width,
                                               double             height,
                                               double             dpi,
                                               GError           **error);

GdkTexture *gw_chart_view_render_texture      (GwChartView       *self,
                                               double             width,
                                               double             height,
                                               double             scale,
                                               GError           **error);
void        gw_chart_view_set_threshold_line  (GwChartView       *self,
                                               gboolean           shown,
                                               double             value);
gboolean    gw_chart_view_get_threshold_line  (GwChartView       *self,
                                               double            *value);
void        gw_chart_view_hover_quarter       (GwChartView       *self,
                                               int                t);

/* The painting core, for tests and for advanced callers. */
void        gw_chart_view_set_threshold       (GwChartView       *self,
                                               double             threshold);
GwChart    *gw_chart_view_get_chart           (GwChartView       *self);

G_END_DECLS
