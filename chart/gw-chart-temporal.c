/* gw-chart-temporal.c: the frame of the charts over quarters
 *
 * Fan, stacked, lines, comparison and leverage charts share it: the time
 * view (zoom and pan), the value range of the visible quarters, the axes,
 * the hover crosshair and the selected quarter, the actuals before the
 * start, and hit-testing by quarter. Each kind paints its items inside it
 * (the plot hook of its GwChartKindVTable).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The time view */

void
gw_chart_get_time_domain (GwChart *chart,
                          double  *first,
                          double  *last)
{
  double T = chart->results ? chart->results->plan->T : 1;

  *first = -chart->history - 0.5;
  *last = T - 0.5;
}

void
gw_chart_get_view (GwChart *chart,
                   double  *first,
                   double  *last)
{
  if (chart->have_view)
    {
      *first = chart->view0;
      *last = chart->view1;
    }
  else
    gw_chart_get_time_domain (chart, first, last);
}

/**
 * gw_chart_set_view:
 *
 * Shows quarters @first..@last (fractional; t = 0 is the start quarter),
 * kept inside the time domain and at least two quarters wide.
 */
void
gw_chart_set_view (GwChart *chart,
                   double   first,
                   double   last)
{
  double d0, d1, span;

  gw_chart_get_time_domain (chart, &d0, &d1);
  span = CLAMP (last - first, MIN (2.0, d1 - d0), d1 - d0);
  first = CLAMP (first, d0, d1 - span);
  chart->view0 = first;
  chart->view1 = first + span;
  chart->have_view = !(chart->view0 <= d0 && chart->view1 >= d1);
}

void
gw_chart_zoom (GwChart *chart,
               double   factor,
               double   center)
{
  double a, b;

  gw_chart_get_view (chart, &a, &b);
  gw_chart_set_view (chart, center - (center - a) * factor, center + (b - center) * factor);
}

void
gw_chart_pan (GwChart *chart,
              double   quarters)
{
  double a, b;

  gw_chart_get_view (chart, &a, &b);
  gw_chart_set_view (chart, a + quarters, b + quarters);
}

/* Actuals: the history of a series before the start quarter */

/* Whether @actual is of series @key (of @provider, if not %NULL). */
gboolean
gw_chart_actual_matches (const GwActual *actual,
                         const char     *key,
                         const char     *provider)
{
  g_autofree char *want = provider ? g_strdup_printf ("%s:%s", key, provider) : g_strdup (key);

  return g_ascii_strcasecmp (actual->series, want) == 0;
}

/* How many actuals of the chart's series lie up to the start, and the
 * earliest of their quarters. */
guint
gw_chart_count_actuals (GwChart *chart,
                        int     *earliest)
{
  const GwScenario *s = gw_chart_scenario (chart);
  guint n = 0;

  *earliest = G_MAXINT;
  if (s == NULL || chart->series_key == NULL)
    return 0;
  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
    {
      const GwActual *a = gw_scenario_actual (s, i);

      if (a->quarter <= s->info.start && gw_chart_actual_matches (a, chart->series_key,
                                                                  chart->provider))
        {
          n++;
          *earliest = MIN (*earliest, a->quarter);
        }
    }
  return n;
}

/* Whether the actuals are drawn: the last item is theirs and is visible. */
gboolean
gw_chart_actuals_shown (GwChart *chart)
{
  return gw_chart_item_visible (chart, chart->n_items - 1)
         && chart->items[chart->n_items - 1].swatch == GW_SWATCH_POINT;
}

/* The value range over the visible quarters */

static gboolean
unit_from_zero (GwUnit unit)
{
  return unit == GW_UNIT_HOURS || unit == GW_UNIT_MW || unit == GW_UNIT_PRICE
         || unit == GW_UNIT_FRACTION;
}

/**
 * gw_chart_extend_item:
 *
 * The range of a fan's or the leverage chart's item: a band's two
 * quantiles, a line's statistic.
 */
void
gw_chart_extend_item (GwChart           *chart,
                      const GwChartItem *item,
                      int                t,
                      const GwSummary   *sm,
                      const double      *q,
                      double            *lo,
                      double            *hi)
{
  if (item->swatch == GW_SWATCH_BAND)
    {
      gw_chart_extend (lo, hi, q[item->stat]);
      gw_chart_extend (lo, hi, q[GW_N_QUANTILES - 1 - item->stat]);
    }
  else
    gw_chart_extend (lo, hi, item->stat == GW_STAT_MEAN ? sm->mean : q[item->stat]);
}

/* The range of the visible items' values, as they are (no zero added). */
static void
temporal_range (GwChart *chart,
                int      t0,
                int      t1,
                double  *lo,
                double  *hi)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  guint T = chart->results->plan->T;
  const GwScenario *s = gw_chart_scenario (chart);

  *lo = INFINITY;
  *hi = -INFINITY;
  t0 = MAX (t0, 0);
  t1 = MIN (t1, (int) T - 1);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->series < 0 || item->right)
        continue;
      for (int t = t0; t <= t1; t++)
        {
          const GwSummary *sm = &gw_chart_summaries (item->results, item->series)[t];
          double q[GW_N_QUANTILES];

          gw_summary_sorted_q (sm, q);
          if (kind->extend_range != NULL)
            kind->extend_range (chart, item, t, sm, q, lo, hi);
          else
            gw_chart_extend (lo, hi, q[GW_Q_P50]);
        }
    }
  if (s != NULL && gw_chart_actuals_shown (chart))
    for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
      {
        const GwActual *a = gw_scenario_actual (s, i);
        int t = a->quarter - s->info.start;

        if (t <= 0 && t >= t0 - 1 && t >= -chart->history && t <= t1
            && gw_chart_actual_matches (a, chart->series_key, chart->provider))
          gw_chart_extend (lo, hi, a->value);
      }
}

/**
 * gw_chart_temporal_can_log:
 *
 * Whether every value the chart can show, over every quarter, is above
 * zero, so that a log value axis can hold them all.
 */
gboolean
gw_chart_temporal_can_log (GwChart *chart)
{
  double lo, hi;

  if (chart->results == NULL || chart->n_items == 0)
    return FALSE;
  temporal_range (chart, -chart->history, (int) chart->results->plan->T - 1, &lo, &hi);
  return isfinite (lo) && lo > 0;
}

/* The value axis's range: from zero where the unit asks for it. */
static void
value_range (GwChart *chart,
             int      t0,
             int      t1,
             double  *lo,
             double  *hi)
{
  temporal_range (chart, t0, t1, lo, hi);
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  if (unit_from_zero (chart->unit) && *lo > 0)
    *lo = 0;
  if (chart->unit == GW_UNIT_MONEY && *lo > 0 && *lo < 0.5 * *hi)
    *lo = 0;
}

/* Bands and lines of quantiles */

static void
path_line (cairo_t       *cr,
           const GwScale *x,
           const GwScale *y,
           const double  *v,
           int            t0,
           int            t1)
{
  for (int t = t0; t <= t1; t++)
    {
      double px = gw_scale_map (x, t), py = gw_scale_map (y, v[t - t0]);

      if (t == t0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
}

void
gw_chart_draw_band (cairo_t          *cr,
                    const GwSummary  *sm,
                    int               t0,
                    int               t1,
                    guint             lo_q,
                    guint             hi_q,
                    const GwScale    *x,
                    const GwScale    *y)
{
  guint n = t1 - t0 + 1;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *pts = g_new (double, 4 * n);

  for (guint i = 0; i < n; i++)
    xs[i] = gw_scale_map (x, t0 + (int) i);
  gw_band_polygon (sm + t0, n, lo_q, hi_q, xs, y, pts);
  for (guint i = 0; i < 2 * n; i++)
    if (i == 0)
      cairo_move_to (cr, pts[0], pts[1]);
    else
      cairo_line_to (cr, pts[2 * i], pts[2 * i + 1]);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
gw_chart_draw_quantile_line (cairo_t         *cr,
                             const GwSummary *sm,
                             int              t0,
                             int              t1,
                             int              q_index,
                             const GwScale   *x,
                             const GwScale   *y)
{
  g_autofree double *v = g_new (double, t1 - t0 + 1);

  for (int t = t0; t <= t1; t++)
    {
      double q[GW_N_QUANTILES];

      gw_summary_sorted_q (&sm[t], q);
      v[t - t0] = q_index < 0 ? sm[t].mean : q[q_index];
    }
  path_line (cr, x, y, v, t0, t1);
  cairo_stroke (cr);
}

void
gw_chart_draw_marker (GwChart *chart,
                      cairo_t *cr,
                      double   px,
                      double   py,
                      GwRgb    color,
                      double   r)
{
  gw_chart_set_rgb (cr, chart->pal.bg, 1);
  cairo_arc (cr, px, py, r + 1.5, 0, 2 * G_PI);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, color, 1);
  cairo_arc (cr, px, py, r, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* The start quarter: actuals to its left, the forecast from it on. */
static void
draw_start_marker (GwChart *chart,
                   cairo_t *cr)
{
  double px;
  double dash[] = { 3, 3 };

  if (chart->history <= 0 || chart->x.d0 > -0.5)
    return;
  px = round (gw_scale_map (&chart->x, -0.5)) + 0.5;
  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, px, chart->plot.y);
  cairo_line_to (cr, px, chart->plot.y + chart->plot.height);
  cairo_stroke (cr);
  cairo_restore (cr);
  gw_chart_label_at (chart, cr, _("Actual"), chart->font * 0.8, FALSE, chart->pal.muted,
                     px - chart->font * 0.4, chart->plot.y + chart->font * 0.2, 1, 0);
  gw_chart_label_at (chart, cr, _("Forecast"), chart->font * 0.8, FALSE, chart->pal.muted,
                     px + chart->font * 0.4, chart->plot.y + chart->font * 0.2, 0, 0);
}

void
gw_chart_visible_quarters (GwChart *chart,
                           int     *t0,
                           int     *t1)
{
  *t0 = MAX (0, (int) ceil (chart->x.d0 - 1));
  *t1 = MIN ((int) chart->results->plan->T - 1, (int) floor (chart->x.d1 + 1));
}

/* Hover and selection */

static void
paint_crosshair (GwChart *chart,
                 cairo_t *cr)
{
  int t = chart->hover;
  double px;

  if (t == G_MININT || t < chart->x.d0 || t > chart->x.d1)
    return;
  px = round (gw_scale_map (&chart->x, t)) + 0.5;
  gw_chart_set_rgb (cr, chart->pal.text, 0.55);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, px, chart->plot.y);
  cairo_line_to (cr, px, chart->plot.y + chart->plot.height);
  cairo_stroke (cr);
  if (t < 0)
    return;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      double q[GW_N_QUANTILES];

      const GwSummary *sm;

      if (!gw_chart_item_visible (chart, i) || item->series < 0 || item->swatch == GW_SWATCH_BAND
          || item->swatch == GW_SWATCH_POINT
          || (item->swatch == GW_SWATCH_AREA && gw_chart_vtable (chart)->stacks_areas))
        continue;
      sm = &gw_chart_summaries (item->results, item->series)[t];
      gw_summary_sorted_q (sm, q);
      gw_chart_draw_marker (chart, cr, px,
                            gw_scale_map (item->right ? &chart->yr : &chart->y,
                                          item->stat == GW_STAT_MEAN ? sm->mean : q[item->stat]),
                            item->color, MAX (3, chart->font * 0.28));
    }
}

static void
paint_selection (GwChart *chart,
                 cairo_t *cr)
{
  int t = chart->selected;
  double a, b;

  if (t == G_MININT || t < chart->x.d0 || t > chart->x.d1)
    return;
  a = gw_scale_map (&chart->x, t - 0.5);
  b = gw_scale_map (&chart->x, t + 0.5);
  gw_chart_set_rgb (cr, chart->pal.highlight, 1);
  cairo_rectangle (cr, MAX (a, chart->plot.x), chart->plot.y,
                   MIN (b, chart->plot.x + chart->plot.width) - MAX (a, chart->plot.x),
                   chart->plot.height);
  cairo_fill (cr);
}

/* Layout and painting */

static void
layout_temporal (GwChart *chart,
                 cairo_t *cr,
                 GwRect   area,
                 GwAxis  *axis)
{
  double v0, v1, lo, hi, left, right;
  int t0, t1;

  gw_chart_get_view (chart, &v0, &v1);
  chart->x = (GwScale) { v0, v1, 0, 1 };
  gw_chart_visible_quarters (chart, &t0, &t1);
  if (chart->spec.log_scale && gw_chart_temporal_can_log (chart))
    {
      temporal_range (chart, (int) floor (v0), (int) ceil (v1), &lo, &hi);
      gw_axis_make_log (axis, lo, hi, chart->unit);
    }
  else
    {
      value_range (chart, (int) floor (v0), (int) ceil (v1), &lo, &hi);
      gw_axis_make (axis, lo, hi, area.height > chart->font * 22 ? 6 : 5, chart->unit);
    }
  left = gw_chart_axis_label_width (chart, cr, axis) + chart->font * 0.8;
  right = chart->font * 0.6;
  chart->have_right = FALSE;
  for (guint i = 0; i < chart->n_items; i++)
    chart->have_right |= chart->items[i].right;
  if (chart->have_right && gw_chart_vtable (chart)->right_range != NULL)
    {
      double lo2, hi2;

      gw_chart_vtable (chart)->right_range (chart, (int) floor (v0), (int) ceil (v1), &lo2, &hi2);
      gw_axis_make (&chart->right_axis, lo2, hi2, area.height > chart->font * 22 ? 6 : 5,
                    GW_UNIT_RATIO);
      right = gw_chart_axis_label_width (chart, cr, &chart->right_axis) + chart->font * 0.8;
    }
  chart->plot = (GwRect) { area.x + left, area.y, area.width - left - right,
                           area.height - chart->font * 2.0 };
  /* Half a quarter of air at each end so the first and last points are not
   * cut by the frame. */
  chart->x = (GwScale) { v0, v1, chart->plot.x, chart->plot.x + chart->plot.width };
  chart->y = (GwScale) { axis->lo, axis->hi, chart->plot.y + chart->plot.height, chart->plot.y,
                         axis->log };
  if (chart->have_right)
    chart->yr = (GwScale) { chart->right_axis.lo, chart->right_axis.hi,
                            chart->plot.y + chart->plot.height, chart->plot.y };
}

/**
 * gw_chart_paint_temporal:
 *
 * Lays out a chart over quarters in @area and paints it: the selected
 * quarter, the value axes and grid, the kind's items (clipped to the plot),
 * the crosshair, the quarter axis, the start of the forecast, and what the
 * kind paints over it all.
 */
void
gw_chart_paint_temporal (GwChart *chart,
                         cairo_t *cr,
                         GwRect   area)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  GwAxis axis;

  layout_temporal (chart, cr, area, &axis);
  paint_selection (chart, cr);
  gw_chart_draw_y_axis (chart, cr, &axis, &chart->plot, &chart->y, FALSE, TRUE);
  if (chart->have_right)
    gw_chart_draw_y_axis (chart, cr, &chart->right_axis, &chart->plot, &chart->yr, TRUE, FALSE);
  cairo_save (cr);
  cairo_rectangle (cr, chart->plot.x, chart->plot.y - chart->font * 0.5, chart->plot.width,
                   chart->plot.height + chart->font);
  cairo_clip (cr);
  if (kind->plot != NULL)
    kind->plot (chart, cr);
  paint_crosshair (chart, cr);
  cairo_restore (cr);
  gw_chart_draw_quarter_axis (chart, cr, &chart->plot, &chart->x);
  draw_start_marker (chart, cr);
  if (kind->plot_over != NULL)
    kind->plot_over (chart, cr);
}

/* The quarter under (@x, @y): negative before the start, G_MININT outside. */
int
gw_chart_hit_temporal (GwChart *chart,
                       double   x,
                       double   y)
{
  GwRect r = chart->plot;
  double d0, d1;
  int t;

  gw_chart_get_view (chart, &d0, &d1);
  if (x < r.x - 2 || x > r.x + r.width + 2)
    return G_MININT;
  t = gw_hit_quarter (&chart->x, x, MAX ((int) ceil (d0), -chart->history),
                      MIN ((int) floor (d1), (int) chart->results->plan->T - 1));
  return t;
}
