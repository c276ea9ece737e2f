/* gw-chart-sweep.h: a statistic against an input: a sweep's curve with its
 * standard-error band, a grid's family of lines, a spider chart, or the
 * runs of a goal seek, painted onto any cairo_t
 *
 * GTK-free, like the rest of chart/: the app's explore dialogs paint
 * through it and the headless tests read its layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "gw-chart-geom.h"
#include "gw-sweep.h"

G_BEGIN_DECLS

typedef struct _GwSweepChart GwSweepChart;

GwSweepChart *gw_sweep_chart_new        (void);
void          gw_sweep_chart_free       (GwSweepChart      *chart);
void          gw_sweep_chart_set_dark   (GwSweepChart      *chart,
                                         gboolean           dark);
void          gw_sweep_chart_set_text   (GwSweepChart      *chart,
                                         const char        *title,
                                         const char        *subtitle,
                                         const char        *x_title,
                                         const char        *y_title);
void          gw_sweep_chart_set_y_unit (GwSweepChart      *chart,
                                         GwUnit             unit);
void          gw_sweep_chart_clear      (GwSweepChart      *chart);
void          gw_sweep_chart_add_line   (GwSweepChart      *chart,
                                         const GwSweep     *sweep,
                                         guint              stat,
                                         const char        *label);
void          gw_sweep_chart_set_points (GwSweepChart      *chart,
                                         gboolean           points);
void          gw_sweep_chart_set_x_log  (GwSweepChart      *chart,
                                         gboolean           x_log);
void          gw_sweep_chart_set_target (GwSweepChart      *chart,
                                         double             target);
void          gw_sweep_chart_set_found  (GwSweepChart      *chart,
                                         double             x,
                                         double             y);
void          gw_sweep_chart_draw       (GwSweepChart      *chart,
                                         cairo_t           *cr,
                                         double             width,
                                         double             height);
GwRect        gw_sweep_chart_get_plot_area (GwSweepChart   *chart);
double        gw_sweep_chart_x_for      (GwSweepChart      *chart,
                                         double             x);
double        gw_sweep_chart_y_for      (GwSweepChart      *chart,
                                         double             y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSweepChart, gw_sweep_chart_free)

G_END_DECLS
