/* gw-chart.h: a chart of a run, painted onto any cairo_t (screen, PNG, SVG, PDF)
 *
 * GTK-free: gigawatt-cli and the headless tests draw with it, and
 * GwChartView paints through it, so screen and files look the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gigawatt-model.h"
#include "gw-results.h"
#include "gw-chart-geom.h"

G_BEGIN_DECLS

/**
 * GwChartKind:
 * @GW_CHART_FAN: quantile bands of one series over quarters, median, actuals
 * @GW_CHART_STACKED: medians stacked: supply by provider ("supply") or
 *   demand by segment ("demand"), with a total line
 * @GW_CHART_LINES: the median of one provider series for every provider,
 *   or for two variants when comparison results are set
 * @GW_CHART_HISTOGRAM: the distribution of a per-path scalar, its CDF and
 *   the probability beyond a threshold
 * @GW_CHART_TORNADO: one-at-a-time P10/P90 swings of a scalar, sorted
 * @GW_CHART_COMPARE: two variants' fans overlaid, and the distribution of
 *   the per-path difference of a scalar (common random numbers)
 * @GW_CHART_LEVERAGE: a provider's debt against its collateral (the fleet's
 *   resale value), medians, with its loan to value (median, P10–P90) on a
 *   second axis
 * @GW_CHART_WATERFALL: a provider's cash in one calendar year, from revenue
 *   through EBITDA, interest, principal and capex to free cash flow to
 *   equity (means across paths, which add up where medians do not)
 */
typedef enum
{
  GW_CHART_FAN,
  GW_CHART_STACKED,
  GW_CHART_LINES,
  GW_CHART_HISTOGRAM,
  GW_CHART_TORNADO,
  GW_CHART_COMPARE,
  GW_CHART_LEVERAGE,
  GW_CHART_WATERFALL,
  GW_N_CHART_KINDS
} GwChartKind;

/**
 * GwChartSpec:
 * @kind: what to draw
 * @series: (nullable): a series key (gw_plan_find_series()): "price",
 *   "revenue", "dscr"...; for a stacked chart "supply" or "demand"
 * @provider: (nullable): the provider of a provider series or scalar
 * @scalar: (nullable): a scalar key ("npv", "min_dscr", "price_horizon")
 *   for the histogram, tornado and the difference panel of a comparison
 * @threshold: the histogram's threshold, when @has_threshold
 * @has_threshold: whether to mark @threshold
 * @below: show P(value < threshold) rather than P(value > threshold)
 * @show_mean: draw the mean as a dashed line on a fan
 * @title: (nullable): the title, or %NULL for one made from the series
 * @only_neoclouds: a lines chart of a provider series shows the neoclouds
 *   only, whose scale the hyperscaler aggregate would flatten
 * @year: the waterfall's calendar year, or 0 for the run's first full year
 * @log_scale: a chart over quarters draws its value axis on a log scale,
 *   where gw_chart_can_log() allows it (every value > 0); otherwise linear
 *
 * What a chart shows. Strings are copied by gw_chart_set_spec().
 */
typedef struct
{
  GwChartKind kind;
  const char *series;
  const char *provider;
  const char *scalar;
  double      threshold;
  gboolean    has_threshold;
  gboolean    below;
  gboolean    show_mean;
  const char *title;
  gboolean    only_neoclouds;
  int         year;
  gboolean    log_scale;
} GwChartSpec;

#define GW_CHART_SPEC_INIT { GW_CHART_FAN, "price", NULL, NULL, 0.0, FALSE, TRUE, FALSE, NULL, \
                             FALSE, 0, FALSE }

typedef enum
{
  GW_CHART_FORMAT_PNG,
  GW_CHART_FORMAT_SVG,
  GW_CHART_FORMAT_PDF,
} GwChartFormat;

typedef struct _GwChart GwChart;

/**
 * GwComparePanels:
 * @GW_COMPARE_FANS: the variants' fans overlaid
 * @GW_COMPARE_DIFFERENCE: the distribution of the per-path difference
 * @GW_COMPARE_BOTH: both, side by side (the default)
 *
 * What a comparison (%GW_CHART_COMPARE) paints, so that a window can give
 * each panel a card of its own.
 */
typedef enum
{
  GW_COMPARE_FANS = 1 << 0,
  GW_COMPARE_DIFFERENCE = 1 << 1,
  GW_COMPARE_BOTH = GW_COMPARE_FANS | GW_COMPARE_DIFFERENCE,
} GwComparePanels;

const char *gw_chart_series_label        (const GwPlan      *plan,
                                          guint              series);
gboolean    gw_chart_provider_imputed    (const GwPlan      *plan,
                                          int                provider);
int         gw_chart_default_year        (const GwPlan      *plan);

GwChart    *gw_chart_new                 (void);
void        gw_chart_free                (GwChart           *chart);

void        gw_chart_set_spec            (GwChart           *chart,
                                          const GwChartSpec *spec);
const GwChartSpec *gw_chart_get_spec     (GwChart           *chart);
void        gw_chart_set_results         (GwChart           *chart,
                                          GwResults         *results);
GwResults  *gw_chart_get_results         (GwChart           *chart);
void        gw_chart_set_compare_results (GwChart           *chart,
                                          GwResults         *results);
void        gw_chart_set_filtered_results (GwChart          *chart,
                                          GwResults         *results);
GArray     *gw_chart_get_filtered_series (GwChart           *chart);
gboolean    gw_chart_shows_filtered      (GwChart           *chart);
void        gw_chart_set_more_results    (GwChart           *chart,
                                          GPtrArray         *results);
void        gw_chart_set_compare_panels  (GwChart           *chart,
                                          GwComparePanels    panels);
void        gw_chart_set_difference_values (GwChart         *chart,
                                          const double      *values,
                                          guint              n,
                                          GwUnit             unit,
                                          const char        *label);
void        gw_chart_set_difference_pending (GwChart        *chart,
                                          gboolean           pending);
gboolean    gw_chart_get_difference_share (GwChart          *chart,
                                          double            *higher);
void        gw_chart_set_scenario        (GwChart           *chart,
                                          const GwScenario  *scenario);
void        gw_chart_set_dark            (GwChart           *chart,
                                          gboolean           dark);
void        gw_chart_set_subtitle        (GwChart           *chart,
                                          const char        *subtitle);
void        gw_chart_set_date            (GwChart           *chart,
                                          const char        *date);
void        gw_chart_set_show_footnote   (GwChart           *chart,
                                          gboolean           show);
void        gw_chart_set_lazy_sensitivity (GwChart          *chart,
                                          gboolean           lazy);
gboolean    gw_chart_wants_sensitivity   (GwChart           *chart,
                                          guint             *scalar);
void        gw_chart_refresh             (GwChart           *chart);

/* Painting. Lays the chart out in a @width x @height box (user units) and
 * paints it; the hit-testing functions answer for the last layout. */
void        gw_chart_draw                (GwChart           *chart,
                                          cairo_t           *cr,
                                          double             width,
                                          double             height);
gboolean    gw_chart_is_temporal         (GwChart           *chart);
GwRect      gw_chart_get_plot_area       (GwChart           *chart);
gboolean    gw_chart_can_log             (GwChart           *chart);
gboolean    gw_chart_get_value_range     (GwChart           *chart,
                                          double            *lo,
                                          double            *hi);
void        gw_chart_set_threshold       (GwChart           *chart,
                                          double             threshold);
gboolean    gw_chart_get_threshold       (GwChart           *chart,
                                          double            *threshold,
                                          double            *probability);
/* A fan's horizontal threshold line and the exact probability below it
 * (gw-chart-threshold.c). */
char       *gw_chart_threshold_text      (const char        *output,
                                          GwUnit             unit,
                                          double             threshold,
                                          gboolean           below,
                                          int                quarter,
                                          double             probability,
                                          guint              n_paths);
void        gw_chart_set_threshold_line  (GwChart           *chart,
                                          gboolean           shown,
                                          double             value);
gboolean    gw_chart_get_threshold_line  (GwChart           *chart,
                                          double            *value);
int         gw_chart_threshold_column    (GwChart           *chart,
                                          int                t);
void        gw_chart_set_threshold_column (GwChart          *chart,
                                          int                t,
                                          GBytes            *column);
gboolean    gw_chart_get_threshold_probability (GwChart     *chart,
                                          int                t,
                                          double            *probability);
gboolean    gw_chart_get_filtered_threshold_probability (GwChart *chart,
                                          int                t,
                                          double            *probability,
                                          guint             *n_paths);
double      gw_chart_value_at_y          (GwChart           *chart,
                                          double             y);
double      gw_chart_value_at_x          (GwChart           *chart,
                                          double             x);
double      gw_chart_x_for_quarter       (GwChart           *chart,
                                          int                t);
double      gw_chart_y_for_value         (GwChart           *chart,
                                          double             value);
int         gw_chart_hit_quarter         (GwChart           *chart,
                                          double             x,
                                          double             y);
int         gw_chart_hit_legend          (GwChart           *chart,
                                          double             x,
                                          double             y);

/* Legend items (bands, lines, providers...): each may be hidden. */
guint       gw_chart_n_items             (GwChart           *chart);
const char *gw_chart_item_label          (GwChart           *chart,
                                          guint              item);
gboolean    gw_chart_get_item_visible    (GwChart           *chart,
                                          guint              item);
void        gw_chart_set_item_visible    (GwChart           *chart,
                                          guint              item,
                                          gboolean           visible);

/* Interaction state drawn by gw_chart_draw(). Quarters are t = 0..T-1;
 * negative t are actuals before the start. */
void        gw_chart_set_hover           (GwChart           *chart,
                                          int                t);
void        gw_chart_set_selected        (GwChart           *chart,
                                          int                t);
void        gw_chart_set_focus_item      (GwChart           *chart,
                                          int                item);
int         gw_chart_get_hover           (GwChart           *chart);
int         gw_chart_get_selected        (GwChart           *chart);
void        gw_chart_get_time_domain     (GwChart           *chart,
                                          double            *first,
                                          double            *last);
void        gw_chart_get_view            (GwChart           *chart,
                                          double            *first,
                                          double            *last);
void        gw_chart_set_view            (GwChart           *chart,
                                          double             first,
                                          double             last);
void        gw_chart_zoom                (GwChart           *chart,
                                          double             factor,
                                          double             center);
void        gw_chart_pan                 (GwChart           *chart,
                                          double             quarters);
char       *gw_chart_describe_quarter    (GwChart           *chart,
                                          int                t);
char       *gw_chart_describe            (GwChart           *chart);

/* Files. @width and @height are in points (1/72 in) for PDF and CSS
 * pixels for SVG and PNG; a PNG has @width * @dpi / 96 pixels across. */
gboolean    gw_chart_export              (GwChart           *chart,
                                          const char        *file,
                                          GwChartFormat      format,
                                          double             width,
                                          double             height,
                                          double             dpi,
                                          GError           **error);
cairo_surface_t *gw_chart_render_image   (GwChart           *chart,
                                          double             width,
                                          double             height,
                                          double             scale,
                                          GError           **error);
gboolean    gw_chart_format_from_name    (const char        *file,
                                          GwChartFormat     *format);
gboolean    gw_chart_write_csv           (GwChart           *chart,
                                          const char        *file,
                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwChart, gw_chart_free)

G_END_DECLS
