/* gw-chart-private.h: the chart core's insides, shared by its files
 *
 * gw-chart.c is the common core (the state, resolving, the legend, the frame
 * of a chart, hit-testing); each chart kind is one file that fills in a
 * GwChartKindVTable, listed in gw-chart.c's table of kinds. The helpers
 * below are grouped by the file that defines them.
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
  GW_SWATCH_DOTS,      /* a dotted line: a filter's paths beside a line of the whole */
} GwSwatch;

typedef struct
{
  double r, g, b;
} GwRgb;

typedef struct
{
  GwRgb bg, text, muted, grid, axis, accent, highlight;
  GwRgb filtered;      /* the paths a filter keeps: apart from every cat[] */
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
  GwResults *results;  /* not owned: chart->results, ->compare, in ->more or ->filtered */
  int      stat;       /* a line's statistic (GW_Q_P50 unless set); a band's lower
                        * quantile, its upper one the mirror (P10 -> P90) */
  gboolean right;      /* on the secondary (right) value axis */
  int      group;      /* the legend item that stands for this one (shown and hidden
                        * with it, not in the legend itself), or -1 */
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
  gboolean log;
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
  GwResults  *filtered;  /* the paths a filter keeps (gw_results_filtered()), or NULL */
  gboolean    filtered_shown; /* the kind draws them beside the whole (set by resolve) */
  gboolean    lazy_sensitivity; /* a tornado draws only a sensitivity already made */
  GPtrArray  *more;        /* GwResults: further variants on a comparison's fans */
  GwComparePanels panels;
  /* the difference panel's own per-path values (a series at a quarter),
   * gw_chart_set_difference_values(); NULL: the scalar's */
  double     *diff_values;
  guint       n_diff;
  GwUnit      diff_unit;
  char       *diff_label;
  gboolean    diff_pending; /* the values are being made */
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
  double     *fbin_share;  /* the filtered paths' share per bin, or NULL */
  double     *fbin_cdf;
  double      fprob;       /* P beyond the threshold over the filtered paths, or NaN */
  double      fmedian;     /* the filtered paths' median, or NaN */
  double      threshold;
  gboolean    has_threshold;
  gboolean    below;

  /* A fan's threshold line (gw-chart-threshold.c), and the replayed values
   * of every path at the quarter line_t. */
  gboolean    has_line;
  double      line;
  int         line_t;
  GBytes     *line_column;

  /* Tornado rows. */
  GPtrArray  *sens;        /* GwSensitivity, sorted by swing */
  GArray     *frho;        /* per row of sens, Spearman's rho over the filtered
                            * paths (NaN where too few), or NULL */

  /* The inputs that move the chart's output most, for its footnote: slots,
   * strongest first; NULL until asked for (gw_chart_drivers ()). */
  GArray     *drivers;
  int         driver_scalar;

  /* Waterfall bars, for drawing, hit-testing and CSV. */
  GwChartBar  bars[GW_CHART_MAX_BARS];
  guint       n_bars;
  GwChartBar  fbars[GW_CHART_MAX_BARS]; /* the same from the filtered paths' means */
  guint       n_fbars;
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

/**
 * GwChartKindVTable:
 *
 * What one chart kind does, in its own file (gw-chart-fan.c...); the common
 * core asks it through gw_chart_vtable (). A %NULL hook takes the default
 * named beside it, so a new kind is one file and one entry in the table of
 * kinds in gw-chart.c.
 */
typedef struct
{
  /* Over quarters: the time view (zoom, pan) and the frame of
   * gw-chart-temporal.c apply, and gw_chart_hit_quarter () answers quarters. */
  gboolean    temporal;
  /* The scalar plotted when the spec names none: for a provider, for the
   * market; %NULL for a kind that plots no scalar. */
  const char *provider_scalar;
  const char *market_scalar;
  /* The subtitle names two runs ("Inference boom vs Baseline"), or counts
   * means of paths rather than paths. */
  gboolean    subtitle_versus;
  gboolean    subtitle_means;
  /* The areas stack, so no point of the crosshair is an item's value. */
  gboolean    stacks_areas;
  /* Its series CSV names an item by the series' key, not the item's label. */
  gboolean    csv_keys;

  /* The legend items and what the kind draws from the results; called with
   * results only. Default: nothing to show. */
  void      (*resolve)      (GwChart           *chart);
  /* Frees what resolve made (all kinds' are called on every resolve). */
  void      (*clear)        (GwChart           *chart);
  /* Default: gw_chart_series_title (). %NULL: nothing to show. */
  char     *(*title)        (GwChart           *chart);
  /* What the chart plots, for the footnote, and the kind's own sources. */
  void      (*footnote)     (GwChart           *chart,
                             GString           *out,
                             GPtrArray         *sources);
  /* The words above the value axes; *left starts as the unit's, %NULL for
   * none at all. */
  void      (*axis_titles)  (GwChart           *chart,
                             const char       **left,
                             const char       **right);
  /* Lays out and paints the chart in @area (below the title and legend).
   * Default: nothing. */
  void      (*paint)        (GwChart           *chart,
                             cairo_t           *cr,
                             GwRect             area);
  /* What is under (@x, @y) in the plot, as gw_chart_hit_quarter () says. */
  int       (*hit)          (GwChart           *chart,
                             double             x,
                             double             y);
  /* The tooltip's words for @t, a value from hit. */
  void      (*describe)     (GwChart           *chart,
                             int                t,
                             GString           *out);
  /* The CSV's header and rows. Default: the items' series per quarter. */
  void      (*write_csv)    (GwChart           *chart,
                             GString           *out);

  /* Temporal kinds, inside the frame that gw_chart_paint_temporal () lays
   * out: the items, clipped to the plot; anything over the axes; how an
   * item at quarter @t extends the value axis (default: its median, with
   * @q its sorted quantiles); the range of the right axis. */
  void      (*plot)         (GwChart           *chart,
                             cairo_t           *cr);
  void      (*plot_over)    (GwChart           *chart,
                             cairo_t           *cr);
  void      (*extend_range) (GwChart           *chart,
                             const GwChartItem *item,
                             int                t,
                             const GwSummary   *sm,
                             const double      *q,
                             double            *lo,
                             double            *hi);
  void      (*right_range)  (GwChart           *chart,
                             int                t0,
                             int                t1,
                             double            *lo,
                             double            *hi);
  /* The series (of the results' plan) whose statistics over a filter's
   * paths the kind draws beside the whole; %NULL: none. */
  void      (*filtered_series) (GwChart        *chart,
                             GArray            *series);
  /* The screen reader's words for the filter's paths (gw_chart_describe ());
   * default: drawn beside the whole, of how many paths. */
  void      (*describe_filtered) (GwChart      *chart,
                             GString           *out);
} GwChartKindVTable;

extern const GwChartKindVTable gw_chart_fan_vtable;
extern const GwChartKindVTable gw_chart_stacked_vtable;
extern const GwChartKindVTable gw_chart_lines_vtable;
extern const GwChartKindVTable gw_chart_histogram_vtable;
extern const GwChartKindVTable gw_chart_tornado_vtable;
extern const GwChartKindVTable gw_chart_compare_vtable;
extern const GwChartKindVTable gw_chart_leverage_vtable;
extern const GwChartKindVTable gw_chart_waterfall_vtable;

/* gw-chart.c: the common core */
const GwChartKindVTable *gw_chart_vtable (GwChart      *chart);
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
const GwSummary *gw_chart_summaries  (GwResults         *results,
                                      int                series);

/* gw-chart-text.c: text and colour */
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
void         gw_chart_boxed_label    (GwChart           *chart,
                                      cairo_t           *cr,
                                      const char        *text,
                                      double             size,
                                      GwRgb              color,
                                      double             pad,
                                      double             x,
                                      double             y,
                                      double             halign,
                                      double             valign);

/* gw-chart-describe.c: titles, footnotes and the words for tooltips and
 * screen readers */
char        *gw_chart_default_title  (GwChart           *chart);
char        *gw_chart_series_title   (GwChart           *chart);
char        *gw_chart_subtitle       (GwChart           *chart);
char        *gw_chart_sources        (GwChart           *chart);
/* The footnote's size at least, in points in a PDF, CSS pixels elsewhere */
#define GW_CHART_FOOTNOTE_MIN_SIZE 9.5
PangoLayout *gw_chart_footnote_layout (GwChart          *chart,
                                       cairo_t          *cr,
                                       const char       *text,
                                       double            width,
                                       double            height);
const GArray *gw_chart_drivers       (GwChart           *chart);
void         gw_chart_clear_drivers  (GwChart           *chart);
void         gw_chart_add_source     (GPtrArray         *sources,
                                      const char        *source);
void         gw_chart_footnote_medians (GwChart         *chart,
                                      GString           *out,
                                      GPtrArray         *sources);
void         gw_chart_footnote_imputed (GString         *out);
gboolean     gw_chart_describe_quarter_head (GwChart    *chart,
                                      int                t,
                                      GString           *out);
void         gw_chart_describe_items (GwChart           *chart,
                                      int                t,
                                      GString           *out,
                                      gboolean           band_ranges);
void         gw_chart_describe_temporal (GwChart        *chart,
                                      int                t,
                                      GString           *out);

/* gw-chart-axis.c: value axes, ticks and their numbers */
const char  *gw_chart_unit_axis_label (GwUnit           unit);
void         gw_axis_make            (GwAxis            *axis,
                                      double             lo,
                                      double             hi,
                                      guint              target,
                                      GwUnit             unit);
void         gw_axis_make_log        (GwAxis            *axis,
                                      double             lo,
                                      double             hi,
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

/* gw-chart-temporal.c: the frame of the charts over quarters, and the
 * actuals before the start */
void         gw_chart_paint_temporal (GwChart           *chart,
                                      cairo_t           *cr,
                                      GwRect             area);
int          gw_chart_hit_temporal   (GwChart           *chart,
                                      double             x,
                                      double             y);
void         gw_chart_extend_item    (GwChart           *chart,
                                      const GwChartItem *item,
                                      int                t,
                                      const GwSummary   *sm,
                                      const double      *q,
                                      double            *lo,
                                      double            *hi);
gboolean     gw_chart_temporal_can_log (GwChart         *chart);
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
void         gw_chart_draw_marker    (GwChart           *chart,
                                      cairo_t           *cr,
                                      double             px,
                                      double             py,
                                      GwRgb              color,
                                      double             r);
gboolean     gw_chart_actual_matches (const GwActual    *actual,
                                      const char        *key,
                                      const char        *provider);
guint        gw_chart_count_actuals  (GwChart           *chart,
                                      int               *earliest);
gboolean     gw_chart_actuals_shown  (GwChart           *chart);

/* gw-chart-histogram.c: the bins, shared with the comparison's panel */
void         gw_chart_resolve_bins   (GwChart           *chart,
                                      gboolean           difference);
void         gw_chart_clear_bins     (GwChart           *chart);
void         gw_chart_paint_histogram (GwChart          *chart,
                                      cairo_t           *cr,
                                      GwRect             area,
                                      gboolean           compact);

/* gw-chart-filtered.c: the paths a filter keeps, beside the whole */
gboolean     gw_chart_filtered_fits  (GwChart           *chart);
gboolean     gw_chart_filtered_empty (GwChart           *chart);
gboolean     gw_chart_filtered_has   (GwChart           *chart,
                                      int                series);
GwRgb        gw_chart_filtered_color (GwChart           *chart);
char        *gw_chart_filtered_label (GwChart           *chart);
GwChartItem *gw_chart_add_filtered_item (GwChart        *chart,
                                      const GwChartItem *whole,
                                      const char        *label,
                                      GwSwatch           swatch,
                                      GwRgb              color,
                                      int                group);
void         gw_chart_set_dots       (GwChart           *chart,
                                      cairo_t           *cr,
                                      double             width);
void         gw_chart_item_series    (GwChart           *chart,
                                      GArray            *series);
void         gw_chart_footnote_filtered (GwChart        *chart,
                                      GString           *out,
                                      const char        *what);
const char  *gw_chart_filtered_note  (GwChart           *chart);

/* gw-chart-threshold.c: a fan's threshold line */
int          gw_chart_threshold_quarter (GwChart        *chart);
char        *gw_chart_describe_threshold (GwChart       *chart,
                                      int                t);
void         gw_chart_paint_threshold (GwChart          *chart,
                                      cairo_t           *cr);

/* gw-chart-export.c: CSV cells */
void         gw_chart_csv_field      (GString           *out,
                                      const char        *text);
void         gw_chart_csv_number     (GString           *out,
                                      double             v);

G_END_DECLS
