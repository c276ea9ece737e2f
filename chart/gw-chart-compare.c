/* gw-chart-compare.c: two variants compared
 *
 * Their fans overlaid (P10–P90 bands and medians) and, beside them, the
 * distribution of the per-path difference of a scalar: the runs share
 * their random numbers, so path i of one is path i of the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-chart-private.h"

static void
compare_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;

  /* The difference panel asks how often the variant is higher. */
  chart->has_threshold = TRUE, chart->threshold = 0, chart->below = FALSE;
  if (chart->series < 0)
    return;
  gw_chart_add_item (chart, plan->variant ? plan->variant : _("Base scenario"), GW_SWATCH_BAND,
                     pal->cat[0], 0.22, chart->series, chart->results);
  if (chart->compare != NULL)
    gw_chart_add_item (chart, chart->compare->plan->variant ? chart->compare->plan->variant
                                                            : _("Base scenario"),
                       GW_SWATCH_BAND, pal->cat[1], 0.22, chart->series, chart->compare);
  gw_chart_resolve_bins (chart, TRUE);
}

static void
compare_footnote (GwChart   *chart,
                  GString   *out,
                  GPtrArray *sources)
{
  g_string_append (out, _("Bands: 10th–90th percentiles; lines: medians. Right: per-path "
                          "difference with common random numbers."));
}

static void
compare_extend_range (GwChart           *chart,
                      const GwChartItem *item,
                      int                t,
                      const GwSummary   *sm,
                      const double      *q,
                      double            *lo,
                      double            *hi)
{
  gw_chart_extend (lo, hi, q[GW_Q_P10]);
  gw_chart_extend (lo, hi, q[GW_Q_P90]);
}

static void
compare_plot (GwChart *chart,
              cairo_t *cr)
{
  int t0, t1;

  gw_chart_visible_quarters (chart, &t0, &t1);
  if (t1 < t0)
    return;
  for (guint i = 0; i < chart->n_items; i++)
    if (gw_chart_item_visible (chart, i))
      {
        gw_chart_set_rgb (cr, chart->items[i].color, chart->items[i].alpha);
        gw_chart_draw_band (cr, gw_chart_summaries (chart->items[i].results,
                                                    chart->items[i].series),
                            t0, t1, GW_Q_P10, GW_Q_P90, &chart->x, &chart->y);
      }
  for (guint i = 0; i < chart->n_items; i++)
    if (gw_chart_item_visible (chart, i))
      {
        gw_chart_set_rgb (cr, chart->items[i].color, 1);
        cairo_set_line_width (cr, MAX (2, chart->font * 0.17));
        gw_chart_draw_quantile_line (cr, gw_chart_summaries (chart->items[i].results,
                                                             chart->items[i].series),
                                     t0, t1, GW_Q_P50, &chart->x, &chart->y);
      }
}

/* The fans on the left, the difference panel on the right. */
static void
compare_paint (GwChart *chart,
               cairo_t *cr,
               GwRect   area)
{
  GwRect left = area, right = area;
  double gap = chart->font * 2.5;

  if (chart->n_bins > 0)
    {
      left.width = area.width * 0.6 - gap / 2;
      right.x = area.x + area.width * 0.6 + gap / 2;
      right.width = area.width * 0.4 - gap / 2;
      right.y += chart->font * 0.4;
      right.height -= chart->font * 0.4;
    }
  gw_chart_paint_temporal (chart, cr, left);
  if (chart->n_bins > 0)
    gw_chart_paint_histogram (chart, cr, right, TRUE);
}

const GwChartKindVTable gw_chart_compare_vtable = {
  .temporal = TRUE,
  .provider_scalar = "npv",
  .market_scalar = "price_horizon",
  .subtitle_versus = TRUE,
  .clear = gw_chart_clear_bins,
  .resolve = compare_resolve,
  .footnote = compare_footnote,
  .paint = compare_paint,
  .hit = gw_chart_hit_temporal,
  .describe = gw_chart_describe_temporal,
  .plot = compare_plot,
  .extend_range = compare_extend_range,
};
