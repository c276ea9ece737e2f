/* gw-chart-private.h: what the painting code shares with export and the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "gw-chart.h"

G_BEGIN_DECLS

#define GW_CHART_MAX_ITEMS 32

typedef enum
{
  GW_SWATCH_BAND,
  GW_SWATCH_LINE,
  GW_SWATCH_DASH,
  GW_SWATCH_POINT,
  GW_SWATCH_AREA,
} GwSwatch;

typedef struct
{
  double r, g, b;
} GwRgb;

typedef struct
{
  GwRgb bg, text, muted, grid, axis, accent, highlight;
  GwRgb cat[8];
} GwPalette;

typedef struct
{
  char    *label;
  GwSwatch swatch;
  GwRgb    color;
  double   alpha;
  int      series;     /* the series or scalar it plots, or -1 */
  GwResults *results;  /* not owned: chart->results or chart->compare */
} GwChartItem;

struct _GwChart
{
  GwChartSpec spec;
  char       *series_key;
  char       *provider;
  char       *scalar_key;
  char       *title;
  GwResults  *results;
  GwResults  *compare;
  GwScenario *scenario;
  gboolean    dark;
  gboolean    show_footnote;
  char       *subtitle;
  char       *date;

  int         hover;
  int         selected;
  int         focus_item;
  gboolean    have_view;
  double      view0, view1;
  guint64     hidden;

  /* Resolved from spec and results by gw_chart_resolve (). */
  int         series;      /* the main series, or -1 */
  int         scalar;      /* the scalar, or -1 */
  GwUnit      unit;
  GwChartItem items[GW_CHART_MAX_ITEMS];
  guint       n_items;
  int         history;     /* quarters of actuals shown before the start */

  /* Histogram bins, for drawing, hit-testing and CSV. */
  double     *bin_edges;   /* n_bins + 1 */
  double     *bin_share;   /* n_bins */
  double     *bin_cdf;     /* n_bins, at the bin's upper edge */
  guint       n_bins;
  double      prob;        /* P beyond the threshold, or NaN */
  double      threshold;
  gboolean    has_threshold;
  gboolean    below;

  /* Tornado rows. */
  GPtrArray  *sens;        /* GwSensitivity, sorted by swing */

  /* Layout of the last gw_chart_draw (). */
  double      width, height;
  double      font;
  GwRect      plot;
  GwRect      plot2;
  GwScale     x, y;
  GwScale     x2, y2;
  GwRect      legend[GW_CHART_MAX_ITEMS];
  int         legend_item[GW_CHART_MAX_ITEMS];
  guint       n_legend;
  gboolean    laid_out;
  GwPalette   pal;
};

void         gw_chart_resolve        (GwChart           *chart);
PangoLayout *gw_chart_text           (GwChart           *chart,
                                      cairo_t           *cr,
                                      const char        *text,
                                      double             size,
                                      gboolean           bold,
                                      double             wrap_width);
void         gw_chart_show_text      (cairo_t           *cr,
                                      PangoLayout       *layout,
                                      double             x,
                                      double             y,
                                      double             halign,
                                      double             valign);
char        *gw_chart_default_title  (GwChart           *chart);
char        *gw_chart_sources        (GwChart           *chart);
const GwSummary *gw_chart_summaries  (GwResults         *results,
                                      int                series);

G_END_DECLS
