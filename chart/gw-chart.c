/* gw-chart.c: the common core of every chart kind
 *
 * The chart's state and its spec, resolving the spec against the results
 * (the series, the scalar, the threshold; then the kind makes its legend
 * items), the legend, the frame every chart shares (title, subtitle,
 * legend, footnote, the words above the value axes), and hit-testing.
 * What differs by kind is in one file per kind (gw-chart-fan.c...), reached
 * through the table of kinds below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The chart kinds, in the order of GwChartKind. */
static const GwChartKindVTable *const kinds[GW_N_CHART_KINDS] = {
  [GW_CHART_FAN] = &gw_chart_fan_vtable,
  [GW_CHART_STACKED] = &gw_chart_stacked_vtable,
  [GW_CHART_LINES] = &gw_chart_lines_vtable,
  [GW_CHART_HISTOGRAM] = &gw_chart_histogram_vtable,
  [GW_CHART_TORNADO] = &gw_chart_tornado_vtable,
  [GW_CHART_COMPARE] = &gw_chart_compare_vtable,
  [GW_CHART_LEVERAGE] = &gw_chart_leverage_vtable,
  [GW_CHART_WATERFALL] = &gw_chart_waterfall_vtable,
};

const GwChartKindVTable *
gw_chart_vtable (GwChart *chart)
{
  return kinds[chart->spec.kind];
}

/* Okabe & Ito's colour-blind-safe set; the dark variant lifts the blues. */
static const GwPalette light_palette = {
  .bg = { 1, 1, 1 },
  .text = { 0.11, 0.11, 0.13 },
  .muted = { 0.40, 0.41, 0.44 },
  .grid = { 0.89, 0.89, 0.90 },
  .axis = { 0.55, 0.55, 0.57 },
  .accent = { 0.835, 0.369, 0.0 },
  .highlight = { 0.95, 0.95, 0.96 },
  .filtered = { 0.46, 0.16, 0.58 },     /* deep purple */
  .cat = {
    { 0.0, 0.447, 0.698 },      /* blue */
    { 0.902, 0.624, 0.0 },      /* orange */
    { 0.0, 0.620, 0.451 },      /* bluish green */
    { 0.800, 0.475, 0.655 },    /* reddish purple */
    { 0.337, 0.706, 0.914 },    /* sky blue */
    { 0.835, 0.369, 0.0 },      /* vermillion */
    { 0.55, 0.55, 0.55 },       /* grey */
    { 0.941, 0.894, 0.259 },    /* yellow */
  },
};

static const GwPalette dark_palette = {
  .bg = { 0.118, 0.118, 0.125 },
  .text = { 0.95, 0.95, 0.96 },
  .muted = { 0.68, 0.68, 0.71 },
  .grid = { 0.24, 0.24, 0.26 },
  .axis = { 0.50, 0.50, 0.53 },
  .accent = { 0.96, 0.50, 0.22 },
  .highlight = { 0.18, 0.18, 0.20 },
  .filtered = { 0.76, 0.58, 0.96 },     /* lavender */
  .cat = {
    { 0.32, 0.62, 0.90 },
    { 0.95, 0.70, 0.20 },
    { 0.20, 0.75, 0.58 },
    { 0.88, 0.58, 0.75 },
    { 0.55, 0.80, 0.96 },
    { 0.96, 0.50, 0.22 },
    { 0.70, 0.70, 0.72 },
    { 0.95, 0.90, 0.40 },
  },
};

/* Construction */

GwChart *
gw_chart_new (void)
{
  GwChart *chart = g_new0 (GwChart, 1);
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  chart->show_footnote = TRUE;
  chart->hover = G_MININT;
  chart->selected = G_MININT;
  chart->focus_item = -1;
  chart->line_t = G_MININT;
  chart->line = NAN;
  chart->panels = GW_COMPARE_BOTH;
  chart->pal = light_palette;
  gw_chart_set_spec (chart, &spec);
  return chart;
}

static void
clear_items (GwChart *chart)
{
  for (guint i = 0; i < chart->n_items; i++)
    g_clear_pointer (&chart->items[i].label, g_free);
  chart->n_items = 0;
}

/* Frees what the kinds resolved: every kind's, as the spec may have
 * changed kind since. */
static void
clear_resolved (GwChart *chart)
{
  for (guint k = 0; k < GW_N_CHART_KINDS; k++)
    if (kinds[k]->clear != NULL)
      kinds[k]->clear (chart);
  gw_chart_clear_drivers (chart);
}

void
gw_chart_free (GwChart *chart)
{
  if (chart == NULL)
    return;
  clear_items (chart);
  clear_resolved (chart);
  g_free (chart->series_key);
  g_free (chart->provider);
  g_free (chart->scalar_key);
  g_free (chart->title);
  g_free (chart->subtitle);
  g_free (chart->date);
  g_clear_pointer (&chart->results, gw_results_unref);
  g_clear_pointer (&chart->compare, gw_results_unref);
  g_clear_pointer (&chart->filtered, gw_results_unref);
  g_clear_pointer (&chart->more, g_ptr_array_unref);
  g_clear_pointer (&chart->scenario, gw_scenario_free);
  g_clear_pointer (&chart->line_column, g_bytes_unref);
  g_free (chart->diff_values);
  g_free (chart->diff_label);
  g_free (chart);
}

void
gw_chart_set_spec (GwChart           *chart,
                   const GwChartSpec *spec)
{
  char *series_key, *provider, *scalar_key, *title;

  g_return_if_fail (chart != NULL && spec != NULL);
  g_return_if_fail (spec->kind < GW_N_CHART_KINDS);

  /* a threshold line is a value of one output */
  if (spec->kind != chart->spec.kind || g_strcmp0 (spec->series, chart->series_key) != 0
      || g_strcmp0 (spec->provider, chart->provider) != 0)
    {
      chart->has_line = FALSE;
      chart->line = NAN;
    }

  /* Copied before the old strings go: @spec may be this chart's own, from
   * gw_chart_get_spec () with one field changed. */
  series_key = g_strdup (spec->series);
  provider = g_strdup (spec->provider);
  scalar_key = g_strdup (spec->scalar);
  title = g_strdup (spec->title);
  g_free (chart->series_key);
  g_free (chart->provider);
  g_free (chart->scalar_key);
  g_free (chart->title);
  chart->spec = *spec;
  chart->series_key = series_key;
  chart->provider = provider;
  chart->scalar_key = scalar_key;
  chart->title = title;
  chart->spec.series = chart->series_key;
  chart->spec.provider = chart->provider;
  chart->spec.scalar = chart->scalar_key;
  chart->spec.title = chart->title;
  chart->hidden = 0;
  chart->have_view = FALSE;
  chart->hover = G_MININT;
  chart->selected = G_MININT;
  gw_chart_resolve (chart);
}

const GwChartSpec *
gw_chart_get_spec (GwChart *chart)
{
  return &chart->spec;
}

/**
 * gw_chart_set_results:
 * @results: (nullable) (transfer none): the run to show
 *
 * Keeps a reference; the hidden items and the time view are kept when the
 * new run has the same shape, so a re-run does not reset what the user set.
 */
void
gw_chart_set_results (GwChart   *chart,
                      GwResults *results)
{
  gboolean same = chart->results != NULL && results != NULL
                  && chart->results->plan->T == results->plan->T
                  && chart->results->plan->P == results->plan->P;

  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&chart->results, gw_results_unref);
  chart->results = results;
  /* a replayed column belongs to the run it was replayed from */
  gw_chart_set_threshold_column (chart, G_MININT, NULL);
  if (!same)
    {
      chart->have_view = FALSE;
      chart->hover = G_MININT;
      chart->selected = G_MININT;
    }
  gw_chart_resolve (chart);
}

/**
 * gw_chart_set_lazy_sensitivity:
 * @lazy: whether a tornado waits for its sensitivity
 *
 * A tornado's sensitivity (gw_results_sensitivity()) costs tens of
 * milliseconds at 10^4 paths: a window sets @lazy, makes it on a worker
 * when gw_chart_wants_sensitivity() says so, and calls gw_chart_refresh();
 * meanwhile the tornado says that it is ranking the inputs. Off by default
 * (the CLI and exports make it at once).
 */
void
gw_chart_set_lazy_sensitivity (GwChart  *chart,
                               gboolean  lazy)
{
  chart->lazy_sensitivity = lazy;
  gw_chart_resolve (chart);
}

/**
 * gw_chart_wants_sensitivity:
 * @scalar: (out): the scalar whose sensitivity it waits for
 *
 * Returns: whether the chart is a tornado waiting for the sensitivity of
 *   its results' @scalar
 */
gboolean
gw_chart_wants_sensitivity (GwChart *chart,
                            guint   *scalar)
{
  if (chart->spec.kind != GW_CHART_TORNADO || chart->results == NULL || chart->scalar < 0
      || chart->sens != NULL)
    return FALSE;
  *scalar = (guint) chart->scalar;
  return TRUE;
}

/**
 * gw_chart_refresh:
 *
 * Resolves the chart again from its results (after its sensitivity was
 * made on a worker).
 */
void
gw_chart_refresh (GwChart *chart)
{
  gw_chart_resolve (chart);
}

GwResults *
gw_chart_get_results (GwChart *chart)
{
  return chart->results;
}

void
gw_chart_set_compare_results (GwChart   *chart,
                              GwResults *results)
{
  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&chart->compare, gw_results_unref);
  chart->compare = results;
  gw_chart_resolve (chart);
}

/**
 * gw_chart_set_filtered_results:
 * @results: (nullable): the results of the paths a filter keeps
 *   (gw_results_filtered()), which every kind draws beside the whole where
 *   they hold what it shows (gw_chart_get_filtered_series()); results of
 *   no path say the filter keeps none, and the chart says so
 */
void
gw_chart_set_filtered_results (GwChart   *chart,
                               GwResults *results)
{
  if (results == chart->filtered)
    return;
  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&chart->filtered, gw_results_unref);
  chart->filtered = results;
  gw_chart_resolve (chart);
}

/**
 * gw_chart_set_more_results:
 * @results: (nullable) (element-type GwResults): runs of further variants,
 *   overlaid on a comparison's fans after the compare results
 *
 * A comparison of more than two variants: the difference panel stays the
 * compare results against the results. Keeps a reference to each run.
 */
void
gw_chart_set_more_results (GwChart   *chart,
                           GPtrArray *results)
{
  g_clear_pointer (&chart->more, g_ptr_array_unref);
  if (results != NULL && results->len > 0)
    {
      chart->more = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_results_unref);
      for (guint i = 0; i < results->len; i++)
        g_ptr_array_add (chart->more, gw_results_ref (results->pdata[i]));
    }
  gw_chart_resolve (chart);
}

/* Which panels a comparison paints: GW_COMPARE_BOTH unless set. */
void
gw_chart_set_compare_panels (GwChart         *chart,
                             GwComparePanels  panels)
{
  g_return_if_fail ((panels & GW_COMPARE_BOTH) != 0);
  chart->panels = panels & GW_COMPARE_BOTH;
  gw_chart_resolve (chart);
}

void
gw_chart_set_scenario (GwChart          *chart,
                       const GwScenario *scenario)
{
  g_clear_pointer (&chart->scenario, gw_scenario_free);
  if (scenario != NULL)
    chart->scenario = gw_scenario_copy (scenario);
  gw_chart_resolve (chart);
}

void
gw_chart_set_dark (GwChart *chart,
                   gboolean dark)
{
  dark = !!dark;
  if (chart->dark == dark)
    return;
  chart->dark = dark;
  chart->pal = dark ? dark_palette : light_palette;
  gw_chart_resolve (chart);
}

void
gw_chart_set_subtitle (GwChart    *chart,
                       const char *subtitle)
{
  g_free (chart->subtitle);
  chart->subtitle = g_strdup (subtitle);
}

void
gw_chart_set_date (GwChart    *chart,
                   const char *date)
{
  g_free (chart->date);
  chart->date = g_strdup (date);
}

void
gw_chart_set_show_footnote (GwChart *chart,
                            gboolean show)
{
  chart->show_footnote = show;
}

/* Resolving the spec against the results */

const GwSummary *
gw_chart_summaries (GwResults *results,
                    int        series)
{
  return results->series + (gsize) series * results->plan->T;
}

const GwScenario *
gw_chart_scenario (GwChart *chart)
{
  if (chart->scenario != NULL)
    return chart->scenario;
  if (chart->results != NULL)
    return chart->results->plan->scenario;
  return NULL;
}

/* Returns: (nullable): the new item, to set what it plots where that is
 * not the median on the left axis; %NULL when the legend is full */
GwChartItem *
gw_chart_add_item (GwChart    *chart,
                   const char *label,
                   GwSwatch    swatch,
                   GwRgb       color,
                   double      alpha,
                   int         series,
                   GwResults  *results)
{
  GwChartItem *item;

  if (chart->n_items >= GW_CHART_MAX_ITEMS)
    return NULL;
  item = &chart->items[chart->n_items++];
  item->label = g_strdup (label);
  item->swatch = swatch;
  item->color = color;
  item->alpha = alpha;
  item->series = series;
  item->results = results;
  item->stat = GW_Q_P50;
  item->right = FALSE;
  item->group = -1;
  return item;
}

/* The row of the spec's provider in the results' plan, or -1. */
int
gw_chart_provider_row (GwChart *chart)
{
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  for (guint j = 0; plan != NULL && chart->provider != NULL && j < plan->P; j++)
    if (g_ascii_strcasecmp (gw_plan_provider_name (plan, j), chart->provider) == 0)
      return j;
  return -1;
}

/**
 * gw_chart_resolve:
 *
 * Finds the spec's series and scalar in the results, then the kind makes
 * its legend items. Called whenever the spec, results or palette change.
 */
void
gw_chart_resolve (GwChart *chart)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  clear_items (chart);
  chart->series = -1;
  chart->scalar = -1;
  chart->history = 0;
  chart->unit = GW_UNIT_MONEY;
  chart->laid_out = FALSE;
  clear_resolved (chart);
  chart->have_right = FALSE;
  chart->filtered_shown = FALSE;
  if (plan == NULL)
    return;

  if (chart->series_key != NULL)
    chart->series = gw_plan_find_series (plan, chart->series_key, chart->provider);
  if (chart->series >= 0)
    chart->unit = gw_plan_series_unit (plan, chart->series);

  {
    const char *key = chart->scalar_key;
    const char *provider = chart->provider;

    if (key == NULL)
      key = provider ? kind->provider_scalar : kind->market_scalar;
    if (key != NULL)
      {
        chart->scalar = gw_plan_find_scalar (plan, key, provider);
        if (chart->scalar < 0)
          chart->scalar = gw_plan_find_scalar (plan, key, NULL);
      }
  }

  chart->has_threshold = chart->spec.has_threshold;
  chart->threshold = chart->spec.threshold;
  chart->below = chart->spec.below;
  if (!chart->has_threshold && chart->scalar >= 0)
    {
      const char *key = gw_plan_scalar_key (plan, chart->scalar);

      /* The questions people ask of these first. */
      if (g_str_equal (key, "min_dscr"))
        chart->has_threshold = TRUE, chart->threshold = 1, chart->below = TRUE;
      else if (g_str_equal (key, "npv"))
        chart->has_threshold = TRUE, chart->threshold = 0, chart->below = TRUE;
    }
  if (kind->resolve != NULL)
    kind->resolve (chart);
}

/* Legend items */

guint
gw_chart_n_items (GwChart *chart)
{
  return chart->n_items;
}

const char *
gw_chart_item_label (GwChart *chart,
                     guint    item)
{
  g_return_val_if_fail (item < chart->n_items, NULL);
  return chart->items[item].label;
}

gboolean
gw_chart_get_item_visible (GwChart *chart,
                           guint    item)
{
  g_return_val_if_fail (item < chart->n_items, FALSE);
  return (chart->hidden & (G_GUINT64_CONSTANT (1) << item)) == 0;
}

void
gw_chart_set_item_visible (GwChart *chart,
                           guint    item,
                           gboolean visible)
{
  g_return_if_fail (item < GW_CHART_MAX_ITEMS);
  if (visible)
    chart->hidden &= ~(G_GUINT64_CONSTANT (1) << item);
  else
    chart->hidden |= G_GUINT64_CONSTANT (1) << item;
}

/* Whether @item is drawn: it, and the legend item that stands for it. */
gboolean
gw_chart_item_visible (GwChart *chart,
                       guint    item)
{
  int group;

  if (item >= chart->n_items || !gw_chart_get_item_visible (chart, item))
    return FALSE;
  group = chart->items[item].group;
  return group < 0 || (guint) group == item || gw_chart_item_visible (chart, (guint) group);
}

/* Interaction state */

gboolean
gw_chart_is_temporal (GwChart *chart)
{
  return gw_chart_vtable (chart)->temporal;
}

void
gw_chart_set_hover (GwChart *chart,
                    int      t)
{
  chart->hover = t;
}

void
gw_chart_set_selected (GwChart *chart,
                       int      t)
{
  chart->selected = t;
}

void
gw_chart_set_focus_item (GwChart *chart,
                         int      item)
{
  chart->focus_item = item;
}

int
gw_chart_get_hover (GwChart *chart)
{
  return chart->hover;
}

int
gw_chart_get_selected (GwChart *chart)
{
  return chart->selected;
}

/* The legend */

/* Legend along the top: lays out rows of swatch + label, records hit areas. */
static double
layout_legend (GwChart *chart,
               cairo_t *cr,
               double   x0,
               double   y0,
               double   max_width,
               gboolean paint)
{
  double size = chart->font * 0.88;
  double sw = size * 1.5;
  double x = x0, y = y0, row_h = size * 1.5;

  chart->n_legend = 0;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, item->label, size, FALSE, -1);
      double w = sw + size * 0.45 + gw_chart_text_width (layout);
      gboolean visible = gw_chart_get_item_visible (chart, i);
      double cy;

      /* drawn with, and named by, another item */
      if (item->group >= 0 && item->group != (int) i)
        continue;
      if (x > x0 && x + w > x0 + max_width)
        {
          x = x0;
          y += row_h;
        }
      cy = y + row_h / 2;
      chart->legend[chart->n_legend] = (GwRect) { x - size * 0.25, y, w + size * 0.5, row_h };
      chart->legend_item[chart->n_legend++] = i;
      if (paint)
        {
          double a = visible ? 1 : 0.3;

          cairo_save (cr);
          switch (item->swatch)
            {
            case GW_SWATCH_BAND:
            case GW_SWATCH_AREA:
              gw_chart_set_rgb (cr, item->color, MAX (item->alpha, 0.2) * a);
              cairo_rectangle (cr, x, cy - size * 0.4, sw, size * 0.8);
              cairo_fill (cr);
              break;
            case GW_SWATCH_LINE:
            case GW_SWATCH_DASH:
              gw_chart_set_rgb (cr, item->color, a);
              cairo_set_line_width (cr, size * 0.18);
              if (item->swatch == GW_SWATCH_DASH)
                {
                  double dash[] = { size * 0.35, size * 0.2 };

                  cairo_set_dash (cr, dash, 2, 0);
                }
              cairo_move_to (cr, x, cy);
              cairo_line_to (cr, x + sw, cy);
              cairo_stroke (cr);
              break;
            case GW_SWATCH_DOTS:
              gw_chart_set_rgb (cr, item->color, a);
              gw_chart_set_dots (chart, cr, size * 0.24);
              cairo_move_to (cr, x + size * 0.12, cy);
              cairo_line_to (cr, x + sw, cy);
              cairo_stroke (cr);
              break;
            case GW_SWATCH_POINT:
              gw_chart_set_rgb (cr, item->color, a);
              cairo_arc (cr, x + sw / 2, cy, size * 0.3, 0, 2 * G_PI);
              cairo_fill (cr);
              break;
            default:
              break;
            }
          cairo_restore (cr);
          gw_chart_set_rgb (cr, visible ? chart->pal.text : chart->pal.muted, visible ? 1 : 0.6);
          gw_chart_show_text (cr, layout, x + sw + size * 0.45, cy, 0, 0.5);
          if (!visible)
            {
              gw_chart_set_rgb (cr, chart->pal.muted, 0.8);
              cairo_set_line_width (cr, 1);
              cairo_move_to (cr, x + sw + size * 0.45, cy);
              cairo_line_to (cr, x + w, cy);
              cairo_stroke (cr);
            }
          if (chart->focus_item == (int) i)
            {
              const GwRect *r = &chart->legend[chart->n_legend - 1];

              gw_chart_set_rgb (cr, chart->pal.cat[0], 1);
              cairo_set_line_width (cr, 1.5);
              cairo_rectangle (cr, r->x, r->y, r->width, r->height);
              cairo_stroke (cr);
            }
        }
      x += w + size * 1.4;
    }
  /* what the legend cannot show of a filter's paths: that there are none,
   * or one */
  if (gw_chart_filtered_note (chart) != NULL && chart->n_items > 0)
    {
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, gw_chart_filtered_note (chart),
                                                     size, TRUE, -1);
      double w = gw_chart_text_width (layout);

      if (x > x0 && x + w > x0 + max_width)
        {
          x = x0;
          y += row_h;
        }
      if (paint)
        {
          gw_chart_set_rgb (cr, gw_chart_filtered_color (chart), 1);
          gw_chart_show_text (cr, layout, x, y + row_h / 2, 0, 0.5);
        }
    }
  return chart->n_items > 0 ? y + row_h - y0 : 0;
}

/**
 * gw_chart_footnote_layout:
 *
 * The footnote, wrapped to @width at a size that stays readable at any
 * export size (GW_CHART_FOOTNOTE_MIN_SIZE at least). It is cut off only
 * where it would take more than a third of the chart's @height.
 */
PangoLayout *
gw_chart_footnote_layout (GwChart    *chart,
                          cairo_t    *cr,
                          const char *text,
                          double      width,
                          double      height)
{
  double size = MAX (chart->font * 0.82, GW_CHART_FOOTNOTE_MIN_SIZE);
  PangoLayout *fl = gw_chart_text (chart, cr, text, size, FALSE, width);

  if (gw_chart_text_height (fl) > height / 3)
    {
      pango_layout_set_height (fl, (int) (height / 3 * PANGO_SCALE));
      pango_layout_set_ellipsize (fl, PANGO_ELLIPSIZE_END);
    }
  return fl;
}

/* The whole chart */

void
gw_chart_draw (GwChart *chart,
               cairo_t *cr,
               double   width,
               double   height)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *foot = NULL;
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  double pad, y, foot_h = 0;
  GwRect area;

  chart->width = width;
  chart->height = height;
  chart->font = CLAMP (sqrt (width * height) / 58.0, 9.5, 22.0);
  chart->laid_out = FALSE;
  pad = chart->font * 1.7;

  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.bg, 1);
  cairo_paint (cr);

  title = gw_chart_default_title (chart);
  subtitle = gw_chart_subtitle (chart);
  {
    g_autoptr(PangoLayout) tl = gw_chart_text (chart, cr, title, chart->font * 1.5, TRUE,
                                               width - 2 * pad);

    pango_layout_set_ellipsize (tl, PANGO_ELLIPSIZE_END);
    gw_chart_set_rgb (cr, chart->pal.text, 1);
    gw_chart_show_text (cr, tl, pad, pad * 0.8, 0, 0);
    y = pad * 0.8 + gw_chart_text_height (tl) + chart->font * 0.15;
  }
  if (subtitle[0])
    {
      g_autoptr(PangoLayout) sl = gw_chart_text (chart, cr, subtitle, chart->font * 0.9, FALSE,
                                                 width - 2 * pad);

      pango_layout_set_ellipsize (sl, PANGO_ELLIPSIZE_END);
      gw_chart_set_rgb (cr, chart->pal.muted, 1);
      gw_chart_show_text (cr, sl, pad, y, 0, 0);
      y += gw_chart_text_height (sl);
    }
  y += chart->font * 0.8;
  y += layout_legend (chart, cr, pad, y, width - 2 * pad, TRUE);

  if (chart->show_footnote && chart->results != NULL)
    {
      g_autoptr(PangoLayout) fl = NULL;

      foot = gw_chart_sources (chart);
      fl = gw_chart_footnote_layout (chart, cr, foot, width - 2 * pad, height);
      foot_h = gw_chart_text_height (fl);
      gw_chart_set_rgb (cr, chart->pal.muted, 1);
      gw_chart_show_text (cr, fl, pad, height - pad * 0.7 - foot_h, 0, 0);
      foot_h += chart->font * 1.0;
    }

  if (chart->results == NULL || chart->n_items == 0)
    {
      gw_chart_label_at (chart, cr,
                         chart->results == NULL ? _("Run the scenario to see this chart")
                                                : _("This output is not in the results"),
                         chart->font, FALSE, chart->pal.muted, width / 2, height / 2, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }

  /* Units above the value axis, as research charts put them. */
  {
    const char *left = gw_chart_unit_axis_label (chart->unit);
    const char *right = NULL;

    if (kind->axis_titles != NULL)
      kind->axis_titles (chart, &left, &right);
    if (left != NULL)
      {
        y += chart->font * 1.4;
        gw_chart_label_at (chart, cr, left, chart->font * 0.8, FALSE, chart->pal.muted, pad, y,
                           0, 1);
        if (right != NULL)
          gw_chart_label_at (chart, cr, right, chart->font * 0.8, FALSE, chart->pal.muted,
                             width - pad, y, 1, 1);
        y += chart->font * 0.9;
      }
    else
      y += chart->font * 0.6;
  }

  area = (GwRect) { pad, y, width - 2 * pad, height - y - pad * 0.7 - foot_h };
  chart->plot2 = (GwRect) { 0, 0, 0, 0 };
  if (kind->paint != NULL)
    kind->paint (chart, cr, area);
  chart->laid_out = TRUE;
  cairo_restore (cr);
}

/* Hit-testing */

GwRect
gw_chart_get_plot_area (GwChart *chart)
{
  return chart->plot;
}

/**
 * gw_chart_can_log:
 *
 * Whether the chart can draw its values on a log scale: a chart over
 * quarters whose every value (each item, every quarter, the actuals) is
 * above zero. A chart that cannot ignores #GwChartSpec.log_scale.
 */
gboolean
gw_chart_can_log (GwChart *chart)
{
  return gw_chart_is_temporal (chart) && gw_chart_temporal_can_log (chart);
}

/**
 * gw_chart_get_value_range:
 * @lo: (out): the bottom of the value axis
 * @hi: (out): the top of the value axis
 *
 * The value axis of a chart over quarters as last drawn: the range of the
 * visible items over the visible quarters, rounded to nice ticks. A hidden
 * legend item no longer counts, so hiding a wide band lets the others fill
 * the plot.
 *
 * Returns: %FALSE where the chart has no value axis over quarters or has
 *   not been drawn
 */
gboolean
gw_chart_get_value_range (GwChart *chart,
                          double  *lo,
                          double  *hi)
{
  if (!chart->laid_out || !gw_chart_is_temporal (chart) || chart->y.d0 == chart->y.d1)
    return FALSE;
  *lo = chart->y.d0;
  *hi = chart->y.d1;
  return TRUE;
}

/* The value under pointer x on a histogram's value axis (as last drawn). */
double
gw_chart_value_at_x (GwChart *chart,
                     double   x)
{
  if (chart->x.r1 == chart->x.r0)
    return NAN;
  return gw_scale_invert (&chart->x, x);
}

double
gw_chart_x_for_quarter (GwChart *chart,
                        int      t)
{
  return gw_scale_map (&chart->x, t);
}

/* The value at height @y of a chart over quarters (its left axis). */
double
gw_chart_value_at_y (GwChart *chart,
                     double   y)
{
  if (chart->y.r1 == chart->y.r0)
    return NAN;
  return gw_scale_invert (&chart->y, y);
}

double
gw_chart_y_for_value (GwChart *chart,
                      double   value)
{
  return gw_scale_map (&chart->y, value);
}

/**
 * gw_chart_hit_quarter:
 *
 * Returns: for a temporal chart the quarter t under (@x, @y) (negative
 *   before the start), for a histogram the bin, for a tornado the row, for
 *   a waterfall the bar; G_MININT outside the plot
 */
int
gw_chart_hit_quarter (GwChart *chart,
                      double   x,
                      double   y)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  GwRect r = chart->plot;

  if (!chart->laid_out || y < r.y - 2 || y > r.y + r.height + 2)
    return G_MININT;
  return kind->hit != NULL ? kind->hit (chart, x, y) : G_MININT;
}

int
gw_chart_hit_legend (GwChart *chart,
                     double   x,
                     double   y)
{
  for (guint i = 0; i < chart->n_legend; i++)
    if (gw_rect_contains (&chart->legend[i], x, y))
      return chart->legend_item[i];
  return -1;
}
