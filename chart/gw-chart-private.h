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

/* An item's statistic: a GW_Q_* quantile, or the mean. */
#define GW_STAT_MEAN (-1)

typedef struct
{
  char    *label;
  GwSwatch swatch;
  GwRgb    color;
  double   alpha;
  int      series;     /* the series or scalar it plots, or -1 */
  GwResults *results;  /* not owned: chart->results or chart->compare */
  int      stat;       /* a line's statistic (GW_Q_P50 unless set); a band's lower
                        * quantile, its upper one the mirror (P10 -> P90) */
  gboolean right;      /* on the secondary (right) value axis */
} GwChartItem;

/* A bar of a waterfall: from @start to @end on the value axis. */
typedef struct
{
  char    *label;
  double   value;      /* end - start */
  double   start;
  double   end;
  gboolean total;      /* a subtotal or the total, from zero */
} GwChartBar;

#define GW_CHART_MAX_BARS 12

typedef struct
{
  double ticks[GW_MAX_TICKS];
  guint  n;
  double step;
  double lo, hi;
  double magnitude;
  GwUnit unit;
} GwAxis;

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

  /* Waterfall bars, for drawing, hit-testing and CSV. */
  GwChartBar  bars[GW_CHART_MAX_BARS];
  guint       n_bars;
  int         first_quarter; /* the waterfall's year as its first quarter, t units */
  int         year;          /* the waterfall's calendar year */

  /* Layout of the last gw_chart_draw (). */
  double      width, height;
  double      font;
  GwRect      plot;
  GwRect      plot2;
  GwScale     x, y;
  GwScale     x2, y2;
  GwScale     yr;          /* the secondary (right) value axis of a temporal chart */
  GwAxis      right_axis;
  gboolean    have_right;
  GwRect      legend[GW_CHART_MAX_ITEMS];
  int         legend_item[GW_CHART_MAX_ITEMS];
  guint       n_legend;
  gboolean    laid_out;
  GwPalette   pal;
};

void         gw_chart_resolve        (GwChart           *chart);
const GwScenario *gw_chart_scenario  (GwChart           *chart);
int          gw_chart_provider_row   (GwChart           *chart);
GwChartItem *gw_chart_add_item       (GwChart           *chart,
                                      const char        *label,
                                      GwSwatch           swatch,
                                      GwRgb              color,
                                      double             alpha,
                                      int                series,
                                      GwResults         *results);
gboolean     gw_chart_item_visible   (GwChart           *chart,
                                      guint              item);
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
double       gw_chart_text_width     (PangoLayout       *layout);
double       gw_chart_text_height    (PangoLayout       *layout);
void         gw_chart_set_rgb        (cairo_t           *cr,
                                      GwRgb              c,
                                      double             alpha);
void         gw_chart_label_at       (GwChart           *chart,
                                      cairo_t           *cr,
                                      const char        *text,
                                      double             size,
                                      gboolean           bold,
                                      GwRgb              color,
                                      double             x,
                                      double             y,
                                      double             halign,
                                      double             valign);
char        *gw_chart_default_title  (GwChart           *chart);
char        *gw_chart_sources        (GwChart           *chart);
const GwSummary *gw_chart_summaries  (GwResults         *results,
                                      int                series);

/* Axes and painting, shared by the chart kinds. */
void         gw_axis_make            (GwAxis            *axis,
                                      double             lo,
                                      double             hi,
                                      guint              target,
                                      GwUnit             unit);
char        *gw_axis_label           (const GwAxis      *axis,
                                      guint              i);
double       gw_chart_axis_label_width (GwChart         *chart,
                                      cairo_t           *cr,
                                      const GwAxis      *axis);
void         gw_chart_draw_y_axis    (GwChart           *chart,
                                      cairo_t           *cr,
                                      const GwAxis      *axis,
                                      const GwRect      *plot,
                                      const GwScale     *y,
                                      gboolean           right,
                                      gboolean           grid);
void         gw_chart_draw_quarter_axis (GwChart        *chart,
                                      cairo_t           *cr,
                                      const GwRect      *plot,
                                      const GwScale     *x);
void         gw_chart_extend         (double            *lo,
                                      double            *hi,
                                      double             v);
void         gw_chart_visible_quarters (GwChart         *chart,
                                      int               *t0,
                                      int               *t1);
void         gw_chart_draw_band      (cairo_t           *cr,
                                      const GwSummary   *sm,
                                      int                t0,
                                      int                t1,
                                      guint              lo_q,
                                      guint              hi_q,
                                      const GwScale     *x,
                                      const GwScale     *y);
void         gw_chart_draw_quantile_line (cairo_t       *cr,
                                      const GwSummary   *sm,
                                      int                t0,
                                      int                t1,
                                      int                q_index,
                                      const GwScale     *x,
                                      const GwScale     *y);

/* gw-chart-finance.c: the leverage chart and the cash waterfall. */
void         gw_chart_resolve_leverage  (GwChart        *chart);
void         gw_chart_leverage_right_range (GwChart     *chart,
                                      int                t0,
                                      int                t1,
                                      double            *lo,
                                      double            *hi);
void         gw_chart_paint_leverage    (GwChart        *chart,
                                      cairo_t           *cr);
void         gw_chart_resolve_waterfall (GwChart        *chart);
void         gw_chart_clear_waterfall   (GwChart        *chart);
void         gw_chart_paint_waterfall   (GwChart        *chart,
                                      cairo_t           *cr,
                                      GwRect             area);
int          gw_chart_hit_bar           (GwChart        *chart,
                                      double             x,
                                      double             y);
char        *gw_chart_describe_bar      (GwChart        *chart,
                                      guint              bar);
char        *gw_chart_finance_title     (GwChart        *chart);

G_END_DECLS
