/* gw-chart-stacked.c: medians stacked over quarters, with a total line
 *
 * Supply by provider against demand ("supply"), or demand by segment
 * against contracted demand and supply ("demand"). The paths a filter
 * keeps: their stack's total (the sum of the same medians) as a purple
 * line over the whole's stack, and each line of the whole dotted beside
 * it, under one legend item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The legend item of the filtered paths' total, or -1. */
static int
filtered_total (GwChart *chart)
{
  for (guint i = 0; i < chart->n_items; i++)
    if (chart->items[i].group == (int) i)
      return (int) i;
  return -1;
}

/* The filtered paths' total: a purple line over the stack, with their
 * areas (not drawn one by one: summed into it, and written to CSV) and
 * each line of the whole, dotted, under it in the legend. */
static void
add_filtered (GwChart *chart)
{
  guint n = chart->n_items;
  g_autofree char *label = NULL;
  GwChartItem *total;
  int g;

  for (guint i = 0; i < n; i++)
    if (!gw_chart_filtered_has (chart, chart->items[i].series))
      return;
  label = gw_chart_filtered_label (chart);
  total = gw_chart_add_item (chart, label, GW_SWATCH_LINE, gw_chart_filtered_color (chart), 1,
                             -1, chart->filtered);
  if (total == NULL)
    return;
  g = (int) chart->n_items - 1;
  total->group = g;
  for (guint i = 0; i < n; i++)
    {
      GwChartItem whole = chart->items[i];

      gw_chart_add_filtered_item (chart, &whole, NULL,
                                  whole.swatch == GW_SWATCH_AREA ? GW_SWATCH_AREA
                                                                 : GW_SWATCH_DOTS,
                                  whole.color, g);
    }
}

/* The filtered paths' total at @t: the sum of their medians of the areas
 * whose whole is shown, as the stack sums the whole's; NaN where they are
 * not drawn. */
static double
filtered_sum (GwChart *chart,
              int      t)
{
  int g = filtered_total (chart);
  double sum = 0;
  guint k = 0;

  if (g < 0 || !gw_chart_item_visible (chart, (guint) g))
    return NAN;
  /* the k-th filtered area stands beside the k-th area of the whole */
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      double q[GW_N_QUANTILES];

      if (item->swatch != GW_SWATCH_AREA || item->results != chart->filtered)
        continue;
      while (k < chart->n_items && (chart->items[k].swatch != GW_SWATCH_AREA
                                    || chart->items[k].results != chart->results))
        k++;
      if (k < chart->n_items && gw_chart_item_visible (chart, k))
        {
          gw_summary_sorted_q (&gw_chart_summaries (item->results, item->series)[t], q);
          sum += MAX (0, q[GW_Q_P50]);
        }
      k++;
    }
  return sum;
}

static void
stacked_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;

  if (g_strcmp0 (chart->series_key, "demand") == 0)
    {
      static const int seg[] = { GW_S_DEMAND_INFERENCE, GW_S_DEMAND_TRAINING,
                                 GW_S_DEMAND_ENTERPRISE };

      for (guint i = 0; i < G_N_ELEMENTS (seg); i++)
        gw_chart_add_item (chart, gw_plan_series_label (plan, seg[i]), GW_SWATCH_AREA,
                           pal->cat[i], 0.85, seg[i], chart->results);
      gw_chart_add_item (chart, _("Contracted (delivered)"), GW_SWATCH_DASH, pal->text, 1,
                         GW_S_CONTRACTED, chart->results);
      gw_chart_add_item (chart, _("Supply"), GW_SWATCH_LINE, pal->muted, 1, GW_S_SUPPLY,
                         chart->results);
    }
  else
    {
      for (guint j = 0; j < plan->P; j++)
        gw_chart_add_item (chart, gw_plan_provider_name (plan, j), GW_SWATCH_AREA,
                           pal->cat[j % 8], 0.85,
                           GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j + GW_SP_SUPPLY,
                           chart->results);
      gw_chart_add_item (chart, _("Demand"), GW_SWATCH_DASH, pal->text, 1, GW_S_DEMAND,
                         chart->results);
    }
  chart->unit = GW_UNIT_HOURS;
  chart->series = chart->items[0].series;
  add_filtered (chart);
}

static char *
stacked_title (GwChart *chart)
{
  if (g_strcmp0 (chart->series_key, "demand") == 0)
    return g_strdup (_("Demand by segment against supply"));
  return g_strdup (_("Compute supply by provider against demand"));
}

/* The value axis holds the visible areas' sum and every line. */
static void
stacked_extend_range (GwChart           *chart,
                      const GwChartItem *item,
                      int                t,
                      const GwSummary   *sm,
                      const double      *q,
                      double            *lo,
                      double            *hi)
{
  double sum = 0;

  for (guint k = 0; k < chart->n_items; k++)
    if (chart->items[k].swatch == GW_SWATCH_AREA && chart->items[k].results == chart->results
        && gw_chart_item_visible (chart, k))
      {
        double qk[GW_N_QUANTILES];

        gw_summary_sorted_q (&gw_chart_summaries (chart->items[k].results,
                                                  chart->items[k].series)[t], qk);
        sum += MAX (0, qk[GW_Q_P50]);
      }
  gw_chart_extend (lo, hi, sum);
  gw_chart_extend (lo, hi, q[GW_Q_P50]);
  if (isfinite (filtered_sum (chart, t)))
    gw_chart_extend (lo, hi, filtered_sum (chart, t));
}

static void
stacked_plot (GwChart *chart,
              cairo_t *cr)
{
  guint T = chart->results->plan->T;
  g_autofree double *base = g_new0 (double, T);
  g_autofree double *top = g_new0 (double, T);
  int t0, t1;

  gw_chart_visible_quarters (chart, &t0, &t1);
  if (t1 < t0)
    return;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      const GwSummary *sm = gw_chart_summaries (item->results, item->series);

      if (!gw_chart_item_visible (chart, i))
        continue;
      if (item->swatch == GW_SWATCH_AREA && item->results == chart->results)
        {
          for (int t = t0; t <= t1; t++)
            {
              double q[GW_N_QUANTILES];

              gw_summary_sorted_q (&sm[t], q);
              top[t] = base[t] + MAX (0, q[GW_Q_P50]);
            }
          for (int t = t0; t <= t1; t++)
            if (t == t0)
              cairo_move_to (cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, top[t]));
            else
              cairo_line_to (cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, top[t]));
          for (int t = t1; t >= t0; t--)
            cairo_line_to (cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, base[t]));
          cairo_close_path (cr);
          gw_chart_set_rgb (cr, item->color, item->alpha);
          cairo_fill_preserve (cr);
          gw_chart_set_rgb (cr, chart->pal.bg, 0.9);
          cairo_set_line_width (cr, 0.8);
          cairo_stroke (cr);
          memcpy (base + t0, top + t0, sizeof (double) * (t1 - t0 + 1));
        }
    }
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->swatch == GW_SWATCH_AREA
          || item->series < 0)
        continue;
      cairo_save (cr);
      gw_chart_set_rgb (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (1.8, chart->font * 0.15));
      if (item->swatch == GW_SWATCH_DASH)
        {
          double dash[] = { chart->font * 0.5, chart->font * 0.3 };

          cairo_set_dash (cr, dash, 2, 0);
        }
      else if (item->swatch == GW_SWATCH_DOTS)
        gw_chart_set_dots (chart, cr, MAX (2.6, chart->font * 0.22));
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   GW_Q_P50, &chart->x, &chart->y);
      cairo_restore (cr);
    }
  if (isfinite (filtered_sum (chart, t0)))
    {
      /* on a halo of the background, so it reads over any area */
      cairo_save (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (int t = t0; t <= t1; t++)
        {
          double px = gw_scale_map (&chart->x, t);
          double py = gw_scale_map (&chart->y, filtered_sum (chart, t));

          if (t == t0)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      gw_chart_set_rgb (cr, chart->pal.bg, 0.85);
      cairo_set_line_width (cr, MAX (4.5, chart->font * 0.4));
      cairo_stroke_preserve (cr);
      gw_chart_set_rgb (cr, gw_chart_filtered_color (chart), 1);
      cairo_set_line_width (cr, MAX (2.2, chart->font * 0.19));
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
stacked_footnote (GwChart   *chart,
                  GString   *out,
                  GPtrArray *sources)
{
  gw_chart_footnote_medians (chart, out, sources);
  /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
  gw_chart_footnote_filtered (chart, out, _("Purple line: the stack's total (its medians "
                                            "summed), and dotted, the lines, of %s."));
}

/* The whole's items at @t, then the filtered paths' total and lines (their
 * areas, summed into the total, are not written one by one). */
static void
stacked_describe (GwChart *chart,
                  int      t,
                  GString *out)
{
  double whole = 0;

  if (!gw_chart_describe_quarter_head (chart, t, out))
    return;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      double q[GW_N_QUANTILES];
      g_autofree char *v = NULL;

      if (!gw_chart_item_visible (chart, i) || item->series < 0
          || (item->results == chart->filtered && item->swatch == GW_SWATCH_AREA))
        continue;
      gw_summary_sorted_q (&gw_chart_summaries (item->results, item->series)[t], q);
      if (item->swatch == GW_SWATCH_AREA)
        whole += MAX (0, q[GW_Q_P50]);
      v = gw_format_unit_value (chart->unit, q[GW_Q_P50]);
      g_string_append_printf (out, "\n%s: %s", item->label, v);
    }
  if (isfinite (filtered_sum (chart, t)))
    {
      g_autofree char *a = gw_format_unit_value (chart->unit, whole);
      g_autofree char *f = gw_format_unit_value (chart->unit, filtered_sum (chart, t));

      /* TRANSLATORS: a stacked chart's tooltip: the stack's total, and the filtered paths' */
      g_string_append_printf (out, _("\nTotal: %s · filtered %s"), a, f);
    }
}

const GwChartKindVTable gw_chart_stacked_vtable = {
  .temporal = TRUE,
  .stacks_areas = TRUE,
  .resolve = stacked_resolve,
  .title = stacked_title,
  .footnote = stacked_footnote,
  .paint = gw_chart_paint_temporal,
  .hit = gw_chart_hit_temporal,
  .describe = stacked_describe,
  .plot = stacked_plot,
  .extend_range = stacked_extend_range,
  .filtered_series = gw_chart_item_series,
};
