/* gw-chart-compare.c: variants compared
 *
 * Their fans overlaid (P10–P90 bands and medians) and, beside them, the
 * distribution of the per-path difference of a scalar: the runs share
 * their random numbers, so path i of one is path i of the other. Further
 * variants (gw_chart_set_more_results()) join the fans; either panel may
 * be painted alone (gw_chart_set_compare_panels()). The difference panel
 * may show a series at a quarter instead, whose per-path values the
 * caller replays (gw_chart_set_difference_values()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-chart-private.h"

static const char *
variant_label (GwResults *results)
{
  return results->plan->variant ? results->plan->variant : _("Base scenario");
}

static void
compare_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  guint n_more = chart->more != NULL ? chart->more->len : 0;

  /* The difference panel asks how often the variant is higher. */
  chart->has_threshold = TRUE, chart->threshold = 0, chart->below = FALSE;
  if (chart->series < 0)
    return;
  if (chart->panels == GW_COMPARE_DIFFERENCE)
    {
      g_autofree char *higher = g_strdup_printf (_("Higher in %s"),
                                                 chart->compare ? variant_label (chart->compare)
                                                                : _("the variant"));

      /* the bars' two colours: the difference at most zero, and above */
      gw_chart_add_item (chart, _("Not higher"), GW_SWATCH_AREA, pal->cat[0], 0.75,
                         chart->series, chart->results);
      gw_chart_add_item (chart, higher, GW_SWATCH_AREA, pal->cat[1], 0.9, chart->series,
                         chart->compare ? chart->compare : chart->results);
      gw_chart_resolve_bins (chart, TRUE);
      return;
    }
  gw_chart_add_item (chart, variant_label (chart->results), GW_SWATCH_BAND, pal->cat[0], 0.22,
                     chart->series, chart->results);
  if (chart->compare != NULL)
    gw_chart_add_item (chart, variant_label (chart->compare), GW_SWATCH_BAND, pal->cat[1], 0.22,
                       chart->series, chart->compare);
  /* a series the further runs lack (another scenario) is left out */
  for (guint i = 0; i < n_more; i++)
    {
      GwResults *r = chart->more->pdata[i];

      if ((guint) chart->series < r->plan->n_series && r->plan->T == chart->results->plan->T)
        gw_chart_add_item (chart, variant_label (r), GW_SWATCH_BAND,
                           pal->cat[(2 + i) % G_N_ELEMENTS (pal->cat)],
                           n_more > 1 ? 0.16 : 0.2, chart->series, r);
    }
  if (chart->panels & GW_COMPARE_DIFFERENCE)
    gw_chart_resolve_bins (chart, TRUE);
}

/**
 * gw_chart_set_difference_values:
 * @values: (array length=n) (nullable): the per-path difference (the
 *   compare results less the results, path by path; NaN on paths without
 *   one), or %NULL for the scalar's
 * @unit: the values' unit
 * @label: (nullable): what they are, "Price at 2032Q4", for the panel's
 *   heading
 *
 * What a comparison's difference panel bins: a series at a quarter, whose
 * per-path values a run does not keep (the caller simulates that column
 * again on every path of both runs, gw_replay_column()), instead of the
 * spec's scalar. Copies @values. Clears the pending state.
 */
void
gw_chart_set_difference_values (GwChart      *chart,
                                const double *values,
                                guint         n,
                                GwUnit        unit,
                                const char   *label)
{
  g_clear_pointer (&chart->diff_values, g_free);
  g_clear_pointer (&chart->diff_label, g_free);
  chart->n_diff = 0;
  chart->diff_pending = FALSE;
  if (values != NULL)
    {
      chart->diff_values = g_memdup2 (values, MAX (n, 1) * sizeof (double));
      chart->n_diff = n;
      chart->diff_unit = unit;
      chart->diff_label = g_strdup (label);
    }
  gw_chart_resolve (chart);
}

/**
 * gw_chart_set_difference_pending:
 * @pending: whether the difference panel's values are being made
 *
 * While @pending, the difference panel says that the paths are being
 * simulated again instead of drawing a difference.
 */
void
gw_chart_set_difference_pending (GwChart  *chart,
                                 gboolean  pending)
{
  chart->diff_pending = pending;
  gw_chart_resolve (chart);
}

/**
 * gw_chart_get_difference_share:
 * @higher: (out): the share of paths on which the compare results are
 *   higher, over those with a finite difference
 *
 * Returns: whether the chart is a comparison whose difference panel has
 *   values (not pending, not empty)
 */
gboolean
gw_chart_get_difference_share (GwChart *chart,
                               double  *higher)
{
  if (chart->spec.kind != GW_CHART_COMPARE || chart->diff_pending || chart->n_bins == 0)
    return FALSE;
  *higher = chart->prob;
  return TRUE;
}

static void
compare_footnote (GwChart   *chart,
                  GString   *out,
                  GPtrArray *sources)
{
  if (chart->panels == GW_COMPARE_FANS)
    g_string_append (out, _("Bands: 10th–90th percentiles; lines: medians. The runs share "
                            "their random numbers (common random numbers)."));
  else if (chart->panels == GW_COMPARE_DIFFERENCE)
    g_string_append (out, _("The difference path by path: both runs draw the same random "
                            "numbers (common random numbers), so it is due to the variant "
                            "alone."));
  else
    g_string_append (out, _("Bands: 10th–90th percentiles; lines: medians. Right: per-path "
                            "difference with common random numbers."));
}

static void
compare_axis_titles (GwChart     *chart,
                     const char **left,
                     const char **right)
{
  /* the difference alone: its value axis is the share of paths */
  if (chart->panels == GW_COMPARE_DIFFERENCE)
    *left = _("Share of paths");
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

  if (chart->panels == GW_COMPARE_DIFFERENCE)
    {
      /* room for the panel's own heading under the axis title */
      area.y += chart->font * 1.5;
      area.height -= chart->font * 1.5;
      if (chart->diff_pending)
        gw_chart_label_at (chart, cr, _("Simulating the paths again…"), chart->font, FALSE,
                           chart->pal.muted, area.x + area.width / 2,
                           area.y + area.height / 2, 0.5, 0.5);
      else if (chart->n_bins > 0)
        gw_chart_paint_histogram (chart, cr, area, TRUE);
      return;
    }
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
  .axis_titles = compare_axis_titles,
  .paint = compare_paint,
  .hit = gw_chart_hit_temporal,
  .describe = gw_chart_describe_temporal,
  .plot = compare_plot,
  .extend_range = compare_extend_range,
};
