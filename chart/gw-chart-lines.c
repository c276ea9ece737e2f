/* gw-chart-lines.c: the median of one provider series for every provider
 *
 * Or of one series in two variants, when comparison results are set. The
 * paths a filter keeps are a dotted line of the same colour beside each
 * line of the whole (of the first variant's, in a comparison: the filter
 * is of its paths), under one legend item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* A dotted line beside each line of the whole that the filtered results
 * hold, under one legend item "Filtered (812 paths)". */
static void
add_filtered_lines (GwChart *chart)
{
  guint n = chart->n_items;
  g_autofree char *label = NULL;
  GwChartItem *group;
  int g;

  for (guint i = 0; i < n; i++)
    if (chart->items[i].results == chart->results
        && !gw_chart_filtered_has (chart, chart->items[i].series))
      return;
  if (n == 0 || !gw_chart_filtered_fits (chart))
    return;
  label = gw_chart_filtered_label (chart);
  group = gw_chart_add_item (chart, label, GW_SWATCH_DOTS, chart->pal.text, 1, -1,
                             chart->filtered);
  if (group == NULL)
    return;
  g = (int) (chart->n_items - 1);
  group->group = g;
  for (guint i = 0; i < n; i++)
    if (chart->items[i].results == chart->results)
      {
        GwChartItem whole = chart->items[i];

        gw_chart_add_filtered_item (chart, &whole, NULL, GW_SWATCH_DOTS, whole.color, g);
      }
}

static void
lines_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;

  if (chart->compare != NULL && chart->series >= 0)
    {
      gw_chart_add_item (chart, plan->variant ? plan->variant : _("Base scenario"),
                         GW_SWATCH_LINE, pal->cat[0], 1, chart->series, chart->results);
      gw_chart_add_item (chart, chart->compare->plan->variant ? chart->compare->plan->variant
                                                              : _("Base scenario"),
                         GW_SWATCH_LINE, pal->cat[1], 1, chart->series, chart->compare);
      add_filtered_lines (chart);
      return;
    }
  for (guint j = 0; j < plan->P && chart->series_key; j++)
    {
      const char *name = gw_plan_provider_name (plan, j);
      int s = gw_plan_find_series (plan, chart->series_key, name);
      g_autofree char *label = NULL;

      if (s < 0 || (chart->spec.only_neoclouds
                    && gw_scenario_provider (plan->scenario, j)->kind != GW_PROVIDER_NEOCLOUD))
        continue;
      /* TRANSLATORS: a provider in a chart's legend, "Hyperscalers (imputed rental value)" */
      label = gw_chart_series_label (plan, s) != gw_plan_series_label (plan, s)
              ? g_strdup_printf (_("%s (imputed rental value)"), name) : g_strdup (name);
      gw_chart_add_item (chart, label, GW_SWATCH_LINE, pal->cat[j % 8], 1, s, chart->results);
    }
  if (chart->n_items > 0)
    {
      chart->series = chart->items[0].series;
      chart->unit = gw_plan_series_unit (plan, chart->series);
    }
  add_filtered_lines (chart);
}

static char *
lines_title (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;

  if (chart->series < 0)
    return NULL;
  if (chart->compare != NULL)
    return g_strdup_printf (_("%s: variants compared"),
                            gw_chart_series_label (plan, chart->series));
  if (chart->spec.only_neoclouds)
    /* TRANSLATORS: "Revenue by neocloud" */
    return g_strdup_printf (_("%s by neocloud"), gw_plan_series_label (plan, chart->series));
  return g_strdup_printf (_("%s by provider"), gw_plan_series_label (plan, chart->series));
}

static void
lines_plot (GwChart *chart,
            cairo_t *cr)
{
  int t0, t1;

  gw_chart_visible_quarters (chart, &t0, &t1);
  if (t1 < t0)
    return;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->series < 0)
        continue;
      cairo_save (cr);
      gw_chart_set_rgb (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (2, chart->font * 0.16));
      if (item->swatch == GW_SWATCH_DOTS)
        gw_chart_set_dots (chart, cr, MAX (2.6, chart->font * 0.22));
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   GW_Q_P50, &chart->x, &chart->y);
      cairo_restore (cr);
    }
}

static void
lines_footnote (GwChart   *chart,
                GString   *out,
                GPtrArray *sources)
{
  gw_chart_footnote_medians (chart, out, sources);
  gw_chart_footnote_filtered (chart, out, /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
                              _("Dotted: the medians of %s."));
}

const GwChartKindVTable gw_chart_lines_vtable = {
  .temporal = TRUE,
  .resolve = lines_resolve,
  .title = lines_title,
  .footnote = lines_footnote,
  .paint = gw_chart_paint_temporal,
  .hit = gw_chart_hit_temporal,
  .describe = gw_chart_describe_temporal,
  .plot = lines_plot,
  .filtered_series = gw_chart_item_series,
};
