/* gw-chart-stacked.c: medians stacked over quarters, with a total line
 *
 * Supply by provider against demand ("supply"), or demand by segment
 * against contracted demand and supply ("demand").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

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
    if (chart->items[k].swatch == GW_SWATCH_AREA && gw_chart_item_visible (chart, k))
      {
        double qk[GW_N_QUANTILES];

        gw_summary_sorted_q (&gw_chart_summaries (chart->items[k].results,
                                                  chart->items[k].series)[t], qk);
        sum += MAX (0, qk[GW_Q_P50]);
      }
  gw_chart_extend (lo, hi, sum);
  gw_chart_extend (lo, hi, q[GW_Q_P50]);
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
      if (item->swatch == GW_SWATCH_AREA)
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

      if (!gw_chart_item_visible (chart, i) || item->swatch == GW_SWATCH_AREA)
        continue;
      cairo_save (cr);
      if (item->swatch == GW_SWATCH_DASH)
        {
          double dash[] = { chart->font * 0.5, chart->font * 0.3 };

          cairo_set_dash (cr, dash, 2, 0);
        }
      gw_chart_set_rgb (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (1.8, chart->font * 0.15));
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   GW_Q_P50, &chart->x, &chart->y);
      cairo_restore (cr);
    }
}

const GwChartKindVTable gw_chart_stacked_vtable = {
  .temporal = TRUE,
  .stacks_areas = TRUE,
  .resolve = stacked_resolve,
  .title = stacked_title,
  .footnote = gw_chart_footnote_medians,
  .paint = gw_chart_paint_temporal,
  .hit = gw_chart_hit_temporal,
  .describe = gw_chart_describe_temporal,
  .plot = stacked_plot,
  .extend_range = stacked_extend_range,
};
