/* gw-chart-fan.c: a fan chart, the quantile bands of one series over quarters
 *
 * P5–P95 and P25–P75 bands, the median, the mean if asked, the cost anchor
 * under a price, the actuals before the start; a clicked quarter shows its
 * distribution as a box plot in an inset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* Quarters of actuals shown before the start, at most. */
#define HISTORY_QUARTERS 8

static void
fan_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;
  GwChartItem *item;
  int earliest;

  if (chart->series < 0)
    return;
  item = gw_chart_add_item (chart, _("P5–P95"), GW_SWATCH_BAND, pal->cat[0], 0.16,
                            chart->series, chart->results);
  item->stat = GW_Q_P5;
  item = gw_chart_add_item (chart, _("P25–P75"), GW_SWATCH_BAND, pal->cat[0], 0.34,
                            chart->series, chart->results);
  item->stat = GW_Q_P25;
  gw_chart_add_item (chart, _("Median"), GW_SWATCH_LINE, pal->cat[0], 1, chart->series,
                     chart->results);
  if (chart->spec.show_mean)
    {
      item = gw_chart_add_item (chart, _("Mean"), GW_SWATCH_DASH, pal->text, 1,
                                chart->series, chart->results);
      item->stat = GW_STAT_MEAN;
    }
  /* the paths a filter keeps (the overview's filter bar, whose results
   * hold only the series it was asked for) over the whole */
  if (gw_chart_filtered_has (chart, chart->series))
    {
      guint n = chart->filtered->n_paths;
      g_autofree char *count = gw_format_grouped (n, 0);
      g_autofree char *median = g_strdup_printf (g_dngettext (NULL, "Filtered median (%s path)",
                                                              "Filtered median (%s paths)", n),
                                                 count);

      item = gw_chart_add_item (chart, _("Filtered P25–P75"), GW_SWATCH_BAND,
                                gw_chart_filtered_color (chart), 0.30, chart->series,
                                chart->filtered);
      item->stat = GW_Q_P25;
      gw_chart_add_item (chart, median, GW_SWATCH_LINE, gw_chart_filtered_color (chart), 1,
                         chart->series, chart->filtered);
      chart->filtered_shown = TRUE;
    }
  /* The price moves around the cost anchor (MODEL.md step 9): show where
   * the cost of new capacity alone would put it. */
  if (g_str_equal (gw_plan_series_key (plan, chart->series), "price")
      && gw_plan_find_series (plan, "anchor", NULL) >= 0)
    gw_chart_add_item (chart, _("Cost anchor (median)"), GW_SWATCH_DASH, pal->text, 1,
                       gw_plan_find_series (plan, "anchor", NULL), chart->results);
  if (gw_chart_count_actuals (chart, &earliest) > 0)
    {
      gw_chart_add_item (chart, _("Actual"), GW_SWATCH_POINT, pal->accent, 1, -1, NULL);
      chart->history = MIN (HISTORY_QUARTERS, gw_chart_scenario (chart)->info.start - earliest);
    }
}

static void
fan_footnote (GwChart   *chart,
              GString   *out,
              GPtrArray *sources)
{
  const GwScenario *s = gw_chart_scenario (chart);
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  g_string_append (out,
                   _("Shaded: 5th–95th and 25th–75th percentiles across paths; line: median."));
  gw_chart_footnote_filtered (chart, out, /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
                              _("Purple: 25th–75th percentiles and median of %s."));
  if (chart->spec.log_scale && gw_chart_can_log (chart))
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _("Log scale: each step of the value axis is ten times the last."));
    }
  for (guint i = 0; i < chart->n_items; i++)
    if (plan != NULL && chart->items[i].series == GW_S_ANCHOR
        && gw_chart_item_visible (chart, i))
      {
        g_string_append_c (out, ' ');
        g_string_append (out, _("Dashed: the cost anchor, the price at normal utilization "
                                "that follows the levelized cost of the cheapest new "
                                "capacity (median)."));
      }
  if (s == NULL || chart->series_key == NULL)
    return;
  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
    {
      const GwActual *a = gw_scenario_actual (s, i);

      if (gw_chart_item_visible (chart, chart->n_items - 1)
          && a->quarter <= s->info.start
          && a->quarter >= s->info.start - chart->history
          && gw_chart_actual_matches (a, chart->series_key, chart->provider))
        gw_chart_add_source (sources, a->source);
    }
}

/* Painting */

/* An item's statistic at each quarter t0..t1, for a line. */
static void
item_line (GwChart           *chart,
           cairo_t           *cr,
           const GwChartItem *item,
           int                t0,
           int                t1,
           const GwScale     *y)
{
  gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                               item->stat, &chart->x, y);
}

static void
fan_plot (GwChart *chart,
          cairo_t *cr)
{
  const GwScenario *s = gw_chart_scenario (chart);
  int t0, t1;

  gw_chart_visible_quarters (chart, &t0, &t1);
  if (t1 < t0)
    return;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (item->swatch != GW_SWATCH_BAND || !gw_chart_item_visible (chart, i))
        continue;
      gw_chart_set_rgb (cr, item->color, item->alpha);
      gw_chart_draw_band (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                          item->stat, GW_N_QUANTILES - 1 - item->stat, &chart->x, &chart->y);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->series < 0)
        continue;
      if (item->swatch == GW_SWATCH_LINE)
        {
          gw_chart_set_rgb (cr, item->color, 1);
          cairo_set_line_width (cr, MAX (2, chart->font * 0.17));
          item_line (chart, cr, item, t0, t1, &chart->y);
        }
      else if (item->swatch == GW_SWATCH_DASH)
        {
          double dash[] = { chart->font * 0.4, chart->font * 0.25 };

          cairo_save (cr);
          gw_chart_set_rgb (cr, item->color, 0.85);
          cairo_set_line_width (cr, MAX (1.5, chart->font * 0.13));
          cairo_set_dash (cr, dash, 2, 0);
          item_line (chart, cr, item, t0, t1, &chart->y);
          cairo_restore (cr);
          if (item->series == GW_S_ANCHOR)
            {
              /* Named at its right end too: a reader should not need the legend
               * to tell the anchor from the price. */
              double q[GW_N_QUANTILES];
              int tl = MIN (t1, (int) floor (chart->x.d1));

              gw_summary_sorted_q (&gw_chart_summaries (item->results, item->series)[tl], q);
              gw_chart_boxed_label (chart, cr, _("Cost anchor"), chart->font * 0.8,
                                    item->color, chart->font * 0.2,
                                    gw_scale_map (&chart->x, tl),
                                    gw_scale_map (&chart->y, q[GW_Q_P50]) - chart->font * 0.3,
                                    1, 1);
            }
        }
    }
  if (gw_chart_actuals_shown (chart) && s != NULL)
    for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
      {
        const GwActual *a = gw_scenario_actual (s, i);
        int t = a->quarter - s->info.start;

        if (t <= 0 && t >= -chart->history
            && gw_chart_actual_matches (a, chart->series_key, chart->provider))
          gw_chart_draw_marker (chart, cr, gw_scale_map (&chart->x, t),
                                gw_scale_map (&chart->y, a->value), chart->pal.accent,
                                MAX (3, chart->font * 0.3));
      }
}

/* A clicked quarter on a fan chart: its distribution as a box plot in an
 * inset, P5..P95 whiskers, P25..P75 box, the median and the mean, with
 * the values written out. */
static void
fan_plot_selected (GwChart *chart,
                   cairo_t *cr)
{
  const GwScenario *s = gw_chart_scenario (chart);
  const GwSummary *sm;
  int t = chart->selected;
  double w, h, x0, y0, pad, bx0, bx1, lo, hi, mid, box_h;
  g_autofree char *q = NULL;
  g_autofree char *title = NULL;
  g_autofree char *p5 = NULL;
  g_autofree char *p50 = NULL;
  g_autofree char *p95 = NULL;
  g_autofree char *mean = NULL;
  g_autoptr(PangoLayout) head = NULL;
  g_autoptr(PangoLayout) values = NULL;
  GwScale v;

  if (chart->results == NULL || chart->series < 0
      || t == G_MININT || t < 0 || t >= (int) chart->results->plan->T)
    return;
  sm = &gw_chart_summaries (chart->results, chart->series)[t];
  q = gw_quarter_format ((s != NULL ? s->info.start : 0) + t);
  title = g_strdup_printf (_("Distribution in %s"), q);
  p5 = gw_format_unit_value (chart->unit, sm->q[GW_Q_P5]);
  p50 = gw_format_unit_value (chart->unit, sm->q[GW_Q_P50]);
  p95 = gw_format_unit_value (chart->unit, sm->q[GW_Q_P95]);
  mean = gw_format_unit_value (chart->unit, sm->mean);

  pad = chart->font * 0.6;
  w = MIN (chart->plot.width * 0.48, chart->font * 26);
  h = chart->font * 5.2;
  /* on the side away from the selected quarter, below the top gridline */
  if (gw_scale_map (&chart->x, t) > chart->plot.x + chart->plot.width / 2)
    x0 = chart->plot.x + pad * 2;
  else
    x0 = chart->plot.x + chart->plot.width - w - pad;
  y0 = chart->plot.y + chart->font * 1.6;
  gw_chart_set_rgb (cr, chart->pal.bg, 0.94);
  cairo_rectangle (cr, x0, y0, w, h);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, chart->pal.grid, 1);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, w - 1, h - 1);
  cairo_stroke (cr);

  head = gw_chart_text (chart, cr, title, chart->font * 0.9, TRUE, -1);
  gw_chart_set_rgb (cr, chart->pal.text, 1);
  gw_chart_show_text (cr, head, x0 + pad, y0 + pad * 0.6, 0, 0);

  /* the box plot on its own value scale, P5..P95 across the inset */
  lo = sm->q[GW_Q_P5];
  hi = sm->q[GW_Q_P95];
  if (!(hi > lo))
    hi = lo + 1;
  bx0 = x0 + pad * 2;
  bx1 = x0 + w - pad * 2;
  v = (GwScale) { lo, hi, bx0, bx1 };
  mid = y0 + h * 0.48;
  box_h = chart->font * 1.1;
  gw_chart_set_rgb (cr, chart->items[0].color, 1);
  cairo_set_line_width (cr, MAX (1.2, chart->font * 0.09));
  cairo_move_to (cr, gw_scale_map (&v, sm->q[GW_Q_P5]), mid);
  cairo_line_to (cr, gw_scale_map (&v, sm->q[GW_Q_P95]), mid);
  cairo_stroke (cr);
  for (guint i = 0; i < 2; i++)
    {
      double px = gw_scale_map (&v, sm->q[i == 0 ? GW_Q_P5 : GW_Q_P95]);

      cairo_move_to (cr, px, mid - box_h * 0.35);
      cairo_line_to (cr, px, mid + box_h * 0.35);
      cairo_stroke (cr);
    }
  gw_chart_set_rgb (cr, chart->items[0].color, 0.55);
  cairo_rectangle (cr, gw_scale_map (&v, sm->q[GW_Q_P25]), mid - box_h / 2,
                   gw_scale_map (&v, sm->q[GW_Q_P75]) - gw_scale_map (&v, sm->q[GW_Q_P25]),
                   box_h);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, chart->items[0].color, 1);
  cairo_set_line_width (cr, MAX (2, chart->font * 0.17));
  cairo_move_to (cr, gw_scale_map (&v, sm->q[GW_Q_P50]), mid - box_h / 2);
  cairo_line_to (cr, gw_scale_map (&v, sm->q[GW_Q_P50]), mid + box_h / 2);
  cairo_stroke (cr);
  if (sm->mean >= lo && sm->mean <= hi)
    {
      double mx = gw_scale_map (&v, sm->mean), r = chart->font * 0.28;

      gw_chart_set_rgb (cr, chart->pal.text, 0.9);
      cairo_move_to (cr, mx, mid - box_h / 2 - r * 2.2);
      cairo_line_to (cr, mx + r, mid - box_h / 2 - r * 1.2);
      cairo_line_to (cr, mx, mid - box_h / 2 - r * 0.2);
      cairo_line_to (cr, mx - r, mid - box_h / 2 - r * 1.2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  {
    g_autofree char *text = g_strdup_printf (_("P5 %s · P50 %s · P95 %s · mean %s"), p5, p50,
                                             p95, mean);

    values = gw_chart_text (chart, cr, text, chart->font * 0.8, FALSE, (int) (w - 2 * pad));
    gw_chart_set_rgb (cr, chart->pal.muted, 1);
    gw_chart_show_text (cr, values, x0 + pad, y0 + h - pad * 0.5 - chart->font * 1.1, 0, 0);
  }
}

static void
fan_plot_over (GwChart *chart,
               cairo_t *cr)
{
  fan_plot_selected (chart, cr);
  gw_chart_paint_threshold (chart, cr);
}

/* Words */

static void
describe_summary (GString         *out,
                  GwUnit           unit,
                  const GwSummary *sm,
                  gboolean         show_mean)
{
  g_autofree char *p50 = gw_format_unit_value (unit, sm->q[GW_Q_P50]);
  g_autofree char *p25 = gw_format_unit_value (unit, sm->q[GW_Q_P25]);
  g_autofree char *p75 = gw_format_unit_value (unit, sm->q[GW_Q_P75]);
  g_autofree char *p5 = gw_format_unit_value (unit, sm->q[GW_Q_P5]);
  g_autofree char *p95 = gw_format_unit_value (unit, sm->q[GW_Q_P95]);

  g_string_append_printf (out, _("\nMedian: %s"), p50);
  g_string_append_printf (out, _("\nP25–P75: %s – %s"), p25, p75);
  g_string_append_printf (out, _("\nP5–P95: %s – %s"), p5, p95);
  if (show_mean)
    {
      g_autofree char *mean = gw_format_unit_value (unit, sm->mean);

      g_string_append_printf (out, _("\nMean: %s"), mean);
    }
}

static void
fan_describe (GwChart *chart,
              int      t,
              GString *out)
{
  const GwScenario *s = gw_chart_scenario (chart);

  if (!gw_chart_describe_quarter_head (chart, t, out))
    return;
  describe_summary (out, chart->unit, &gw_chart_summaries (chart->results, chart->series)[t],
                    chart->spec.show_mean);
  if (gw_chart_shows_filtered (chart))
    {
      const GwSummary *fs = &gw_chart_summaries (chart->filtered, chart->series)[t];
      g_autofree char *kept = gw_chart_filtered_label (chart);
      g_autofree char *p50 = gw_format_unit_value (chart->unit, fs->q[GW_Q_P50]);
      g_autofree char *p25 = gw_format_unit_value (chart->unit, fs->q[GW_Q_P25]);
      g_autofree char *p75 = gw_format_unit_value (chart->unit, fs->q[GW_Q_P75]);

      /* TRANSLATORS: "Filtered (812 paths): median $1.52, P25–P75 $1.30 – $1.75" */
      g_string_append_printf (out, _("\n%s: median %s, P25–P75 %s – %s"), kept, p50, p25, p75);
    }
  for (guint i = 0; i < chart->n_items; i++)
    if (chart->items[i].series == GW_S_ANCHOR && gw_chart_item_visible (chart, i))
      {
        const GwSummary *sm = &gw_chart_summaries (chart->results, GW_S_ANCHOR)[t];
        g_autofree char *v = gw_format_unit_value (chart->unit, sm->q[GW_Q_P50]);

        g_string_append_printf (out, "\n%s: %s", chart->items[i].label, v);
      }
  {
    g_autofree char *p = gw_chart_describe_threshold (chart, t);

    if (p != NULL)
      g_string_append_printf (out, "\n%s", p);
  }
  for (guint i = 0; s && t == 0 && i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
    {
      const GwActual *a = gw_scenario_actual (s, i);

      if (a->quarter == s->info.start
          && gw_chart_actual_matches (a, chart->series_key, chart->provider))
        {
          g_autofree char *v = gw_format_unit_value (chart->unit, a->value);

          g_string_append_printf (out, _("\nActual: %s"), v);
        }
    }
}

/* The fan's own series; its cost anchor is drawn for the whole only. */
static void
fan_filtered_series (GwChart *chart,
                     GArray  *series)
{
  guint s = (guint) chart->series;

  if (chart->series >= 0)
    g_array_append_val (series, s);
}

const GwChartKindVTable gw_chart_fan_vtable = {
  .temporal = TRUE,
  .csv_keys = TRUE,
  .resolve = fan_resolve,
  .footnote = fan_footnote,
  .paint = gw_chart_paint_temporal,
  .hit = gw_chart_hit_temporal,
  .describe = fan_describe,
  .plot = fan_plot,
  .plot_over = fan_plot_over,
  .extend_range = gw_chart_extend_item,
  .filtered_series = fan_filtered_series,
};
