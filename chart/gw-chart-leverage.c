/* gw-chart-leverage.c: a provider's debt against its collateral
 *
 * The collateral (the fleet's resale value) and the debt, medians, on the
 * money axis; the loan to value (median, P10–P90) on a second axis. A
 * chart over quarters: gw-chart-temporal.c lays it out and paints its axes,
 * this file its items and the range of its second (LTV) axis. The paths a
 * filter keeps are dotted lines of the same colours beside the medians.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* An LTV of 99 stands for "collateral worth nothing" (MODEL.md step 10); the
 * right axis stops well below it and lets such paths leave the plot. */
#define LTV_AXIS_MAX 4.0
#define LTV_AXIS_MIN 1.2

/* Items: the collateral (resale value) as an area, the debt as a line, both
 * medians on the money axis; the LTV's P10–P90 band and median on the right. */
static void
leverage_resolve (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;
  const GwPalette *pal = &chart->pal;
  int debt = gw_plan_find_series (plan, "debt", chart->provider);
  int collateral = gw_plan_find_series (plan, "collateral", chart->provider);
  int ltv = gw_plan_find_series (plan, "ltv", chart->provider);
  GwChartItem *item;

  if (debt < 0 || collateral < 0 || ltv < 0)
    return;
  chart->series = debt;
  chart->unit = GW_UNIT_MONEY;
  gw_chart_add_item (chart, _("Collateral (resale value), median"), GW_SWATCH_AREA, pal->cat[2],
                     0.14, collateral, chart->results);
  gw_chart_add_item (chart, _("Debt, median"), GW_SWATCH_LINE, pal->cat[5], 1, debt,
                     chart->results);
  item = gw_chart_add_item (chart, _("Loan to value, P10–P90 (right axis)"), GW_SWATCH_BAND,
                            pal->cat[0], 0.08, ltv, chart->results);
  item->stat = GW_Q_P10;
  item->right = TRUE;
  item = gw_chart_add_item (chart, _("Loan to value, median (right axis)"), GW_SWATCH_DASH,
                            pal->cat[0], 1, ltv, chart->results);
  item->right = TRUE;
  /* the medians of the paths a filter keeps, dotted beside the whole's,
   * under one legend item */
  if (gw_chart_filtered_has (chart, debt) && gw_chart_filtered_has (chart, collateral)
      && gw_chart_filtered_has (chart, ltv))
    {
      g_autofree char *label = gw_chart_filtered_label (chart);
      guint n = chart->n_items;
      int g;

      item = gw_chart_add_item (chart, label, GW_SWATCH_DOTS, pal->text, 1, -1, chart->filtered);
      g = (int) chart->n_items - 1;
      item->group = g;
      for (guint i = 0; i < n; i++)
        {
          GwChartItem whole = chart->items[i];

          if (whole.swatch != GW_SWATCH_BAND)
            gw_chart_add_filtered_item (chart, &whole, NULL, GW_SWATCH_DOTS, whole.color, g);
        }
    }
}

/* The LTV axis: from 0, to at least 1.2x so the 1.0x line always shows. */
static void
leverage_right_range (GwChart *chart,
                      int      t0,
                      int      t1,
                      double  *lo,
                      double  *hi)
{
  double top = LTV_AXIS_MIN;

  t0 = MAX (t0, 0);
  t1 = MIN (t1, (int) chart->results->plan->T - 1);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!item->right || !gw_chart_item_visible (chart, i))
        continue;
      for (int t = t0; t <= t1; t++)
        {
          double q[GW_N_QUANTILES];

          gw_summary_sorted_q (&gw_chart_summaries (item->results, item->series)[t], q);
          if (item->swatch == GW_SWATCH_BAND)
            top = MAX (top, MIN (q[GW_N_QUANTILES - 1 - item->stat], LTV_AXIS_MAX));
          else
            top = MAX (top, MIN (q[item->stat], LTV_AXIS_MAX));
        }
    }
  *lo = 0;
  *hi = top;
}

static void
area_under (GwChart           *chart,
            cairo_t           *cr,
            const GwChartItem *item,
            int                t0,
            int                t1)
{
  const GwSummary *sm = gw_chart_summaries (item->results, item->series);
  double base = gw_scale_map (&chart->y, MAX (chart->y.d0, 0));

  for (int t = t0; t <= t1; t++)
    {
      double q[GW_N_QUANTILES];

      gw_summary_sorted_q (&sm[t], q);
      if (t == t0)
        cairo_move_to (cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, q[item->stat]));
      else
        cairo_line_to (cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, q[item->stat]));
    }
  cairo_line_to (cr, gw_scale_map (&chart->x, t1), base);
  cairo_line_to (cr, gw_scale_map (&chart->x, t0), base);
  cairo_close_path (cr);
  gw_chart_set_rgb (cr, item->color, item->alpha);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, item->color, 1);
  cairo_set_line_width (cr, MAX (2, chart->font * 0.16));
  gw_chart_draw_quantile_line (cr, sm, t0, t1, item->stat, &chart->x, &chart->y);
}

/* LTV 1.0x: debt equal to what the fleet would fetch. */
static void
paint_ltv_one (GwChart *chart,
               cairo_t *cr,
               GwRgb    color)
{
  double py, dash[] = { 2, 3 };

  if (1.0 < chart->yr.d0 || 1.0 > chart->yr.d1)
    return;
  py = round (gw_scale_map (&chart->yr, 1.0)) + 0.5;
  cairo_save (cr);
  gw_chart_set_rgb (cr, color, 0.7);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, chart->plot.x, py);
  cairo_line_to (cr, chart->plot.x + chart->plot.width, py);
  cairo_stroke (cr);
  cairo_restore (cr);
  gw_chart_label_at (chart, cr, _("LTV 1.0×: debt = resale value"), chart->font * 0.75, FALSE,
                     color, chart->plot.x + chart->plot.width - chart->font * 0.3,
                     py - chart->font * 0.2, 1, 1);
}

static void
leverage_plot (GwChart *chart,
               cairo_t *cr)
{
  gboolean ltv_shown = FALSE;
  int t0, t1;

  gw_chart_visible_quarters (chart, &t0, &t1);
  if (t1 < t0)
    return;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* bands and areas first, lines over them */
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i))
        continue;
      ltv_shown |= item->right;
      if (item->swatch == GW_SWATCH_BAND)
        {
          const GwSummary *sm = gw_chart_summaries (item->results, item->series);
          const GwScale *y = item->right ? &chart->yr : &chart->y;
          double dash[] = { 1.5, 2.5 };

          /* a light fill with dotted edges, so the money lines stay readable
           * over it */
          gw_chart_set_rgb (cr, item->color, item->alpha);
          gw_chart_draw_band (cr, sm, t0, t1, item->stat, GW_N_QUANTILES - 1 - item->stat,
                              &chart->x, y);
          cairo_save (cr);
          gw_chart_set_rgb (cr, item->color, 0.6);
          cairo_set_line_width (cr, 1.2);
          cairo_set_dash (cr, dash, 2, 0);
          gw_chart_draw_quantile_line (cr, sm, t0, t1, item->stat, &chart->x, y);
          gw_chart_draw_quantile_line (cr, sm, t0, t1, GW_N_QUANTILES - 1 - item->stat,
                                       &chart->x, y);
          cairo_restore (cr);
        }
      else if (item->swatch == GW_SWATCH_AREA)
        area_under (chart, cr, item, t0, t1);
    }
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->swatch != GW_SWATCH_DOTS
          || item->series < 0)
        continue;
      cairo_save (cr);
      gw_chart_set_rgb (cr, item->color, 1);
      gw_chart_set_dots (chart, cr, MAX (2.8, chart->font * 0.24));
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   item->stat, &chart->x, item->right ? &chart->yr : &chart->y);
      cairo_restore (cr);
    }
  if (ltv_shown)
    paint_ltv_one (chart, cr, chart->pal.muted);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i)
          || (item->swatch != GW_SWATCH_LINE && item->swatch != GW_SWATCH_DASH))
        continue;
      cairo_save (cr);
      gw_chart_set_rgb (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (2, chart->font * (item->swatch == GW_SWATCH_DASH ? 0.14
                                                                                     : 0.18)));
      if (item->swatch == GW_SWATCH_DASH)
        {
          double dash[] = { chart->font * 0.45, chart->font * 0.25 };

          cairo_set_dash (cr, dash, 2, 0);
        }
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   item->stat, &chart->x, item->right ? &chart->yr : &chart->y);
      cairo_restore (cr);
    }
}

/* Words */

static char *
leverage_title (GwChart *chart)
{
  if (chart->series < 0 || chart->provider == NULL)
    return NULL;
  /* TRANSLATORS: "CoreWeave: debt against collateral (resale value)" */
  return g_strdup_printf (_("%s: debt against collateral (resale value)"), chart->provider);
}

static void
leverage_footnote (GwChart   *chart,
                   GString   *out,
                   GPtrArray *sources)
{
  g_string_append (out, _("Lines: medians across paths; band: loan to value, 10th–90th "
                          "percentiles. Collateral is the fleet's resale value, its cash "
                          "margin capitalised over the remaining life; LTV = debt / "
                          "collateral after the quarter's repayment."));
  gw_chart_footnote_filtered (chart, out, /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
                              _("Dotted: the medians of %s."));
}


static void
leverage_axis_titles (GwChart     *chart,
                      const char **left,
                      const char **right)
{
  *right = _("Loan to value (×)");
}

/* A band's quantiles are written out, not its median: the LTV's spread is
 * what the band shows. */
static void
leverage_describe (GwChart *chart,
                   int      t,
                   GString *out)
{
  if (gw_chart_describe_quarter_head (chart, t, out))
    gw_chart_describe_items (chart, t, out, TRUE);
}

const GwChartKindVTable gw_chart_leverage_vtable = {
  .temporal = TRUE,
  .csv_keys = TRUE,
  .resolve = leverage_resolve,
  .title = leverage_title,
  .footnote = leverage_footnote,
  .axis_titles = leverage_axis_titles,
  .paint = gw_chart_paint_temporal,
  .hit = gw_chart_hit_temporal,
  .describe = leverage_describe,
  .plot = leverage_plot,
  .extend_range = gw_chart_extend_item,
  .right_range = leverage_right_range,
  .filtered_series = gw_chart_item_series,
};
