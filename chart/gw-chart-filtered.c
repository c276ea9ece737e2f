/* gw-chart-filtered.c: the paths a filter keeps, beside the whole
 *
 * A filter (the overview's filter bar, gigawatt-cli chart --filter) keeps
 * some of a run's paths; gw_results_filtered() gives their statistics for
 * the series it was asked for, and every per-path scalar. Each kind draws
 * them beside the whole in its own way (a fan a purple band and median, a
 * histogram a purple outline on the same bins, lines a dotted line of the
 * same colour...); this file holds what the kinds share: whether the
 * filtered results fit the chart and hold a series, their colour, dots
 * and words, and the series a chart needs replayed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/**
 * gw_chart_filtered_fits:
 *
 * Whether the chart's filtered results are of its results' run: the same
 * shape of plan (a filter of an older run may still be set while a new
 * run is shown) and no more paths.
 */
gboolean
gw_chart_filtered_fits (GwChart *chart)
{
  const GwResults *f = chart->filtered, *r = chart->results;

  return f != NULL && r != NULL && f->plan->n_series == r->plan->n_series
         && f->plan->n_scalars == r->plan->n_scalars && f->plan->T == r->plan->T
         && f->plan->P == r->plan->P && f->n_paths <= r->n_paths;
}

/* A filter of this run that keeps no path (of a kind that draws filters:
 * not a comparison, whose variants a filter of one run does not pick). */
gboolean
gw_chart_filtered_empty (GwChart *chart)
{
  return gw_chart_filtered_fits (chart) && chart->filtered->n_paths == 0
         && gw_chart_vtable (chart) != &gw_chart_compare_vtable;
}

/**
 * gw_chart_filtered_has:
 *
 * Whether the filtered results fit, keep a path, and hold the statistics
 * of @series at every quarter (gw_results_filtered() computes only the
 * series it is asked for; the others are NaN).
 */
gboolean
gw_chart_filtered_has (GwChart *chart,
                       int      series)
{
  const GwSummary *sm;

  if (!gw_chart_filtered_fits (chart) || chart->filtered->n_paths == 0 || series < 0
      || series >= (int) chart->filtered->plan->n_series)
    return FALSE;
  sm = gw_chart_summaries (chart->filtered, series);
  for (guint t = 0; t < chart->filtered->plan->T; t++)
    if (isnan (sm[t].q[GW_Q_P50]) || isnan (sm[t].mean))
      return FALSE;
  return TRUE;
}

/* A deep purple (lavender in the dark): apart from the blue of a whole,
 * the vermillion of a threshold, and the reddish purple of the fourth
 * provider of a stack. */
GwRgb
gw_chart_filtered_color (GwChart *chart)
{
  return chart->pal.filtered;
}

/* "Filtered (812 paths)" */
char *
gw_chart_filtered_label (GwChart *chart)
{
  guint n = chart->filtered != NULL ? chart->filtered->n_paths : 0;
  g_autofree char *count = gw_format_grouped (n, 0);

  /* TRANSLATORS: a legend's item: the paths a filter keeps, "Filtered (812 paths)" */
  return g_strdup_printf (g_dngettext (NULL, "Filtered (%s path)", "Filtered (%s paths)", n),
                          count);
}

/**
 * gw_chart_add_filtered_item:
 * @whole: the item of the whole run that this one stands beside
 * @label: (nullable): its label; %NULL for "@whole's label, filtered"
 * @group: the legend item that stands for it, or -1 for its own
 *
 * An item that plots @whole's series and statistic over the filtered
 * paths. The kind marks the chart as showing them.
 */
GwChartItem *
gw_chart_add_filtered_item (GwChart           *chart,
                            const GwChartItem *whole,
                            const char        *label,
                            GwSwatch           swatch,
                            GwRgb              color,
                            int                group)
{
  g_autofree char *own = NULL;
  int series = whole->series, stat = whole->stat;
  gboolean right = whole->right;
  GwChartItem *item;

  if (label == NULL)
    /* TRANSLATORS: a line of the paths a filter keeps, in a tooltip: "CoreWeave, filtered" */
    label = own = g_strdup_printf (_("%s, filtered"), whole->label);
  /* (@whole may move: items is an array that this adds to) */
  item = gw_chart_add_item (chart, label, swatch, color, 1, series, chart->filtered);
  if (item == NULL)
    return NULL;
  item->stat = stat;
  item->right = right;
  item->group = group;
  chart->filtered_shown = TRUE;
  return item;
}

/* A dotted line of round dots @width across, for what the filter keeps. */
void
gw_chart_set_dots (GwChart *chart,
                   cairo_t *cr,
                   double   width)
{
  double dash[] = { 0, width * 2.1 };

  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dash, 2, 0);
}

/* The series of the items that plot the whole run: the default of the
 * kinds over quarters whose every item can be drawn for the filter. */
void
gw_chart_item_series (GwChart *chart,
                      GArray  *series)
{
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      gboolean seen = FALSE;
      guint s;

      if (item->series < 0 || item->results != chart->results)
        continue;
      s = (guint) item->series;
      for (guint k = 0; k < series->len; k++)
        seen |= g_array_index (series, guint, k) == s;
      if (!seen)
        g_array_append_val (series, s);
    }
}

/**
 * gw_chart_get_filtered_series:
 *
 * The series (indices into the results' plan) whose statistics over a
 * filter's paths the chart draws beside the whole: what to ask
 * gw_results_filtered() for. A histogram's and a tornado's scalars need
 * none (filtered results hold every scalar).
 *
 * Returns: (transfer full) (element-type guint): the series, maybe none
 */
GArray *
gw_chart_get_filtered_series (GwChart *chart)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  GArray *series = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (chart != NULL, series);
  if (chart->results != NULL && kind->filtered_series != NULL)
    kind->filtered_series (chart, series);
  return series;
}

/**
 * gw_chart_shows_filtered:
 *
 * Whether the chart draws the paths of its filtered results beside the
 * whole (they fit, keep a path and hold what it shows).
 */
gboolean
gw_chart_shows_filtered (GwChart *chart)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  return chart->filtered_shown && gw_chart_filtered_fits (chart);
}

/* A sentence of the footnote: @sentence with its "%s" replaced by "the
 * 812 paths a filter keeps" (not a printf format: there is no other
 * directive, and "100%" stays as written); or that the filter keeps none. */
void
gw_chart_footnote_filtered (GwChart    *chart,
                            GString    *out,
                            const char *sentence)
{
  g_autofree char *count = NULL;
  g_autofree char *paths = NULL;
  const char *at = strstr (sentence, "%s");

  if (gw_chart_filtered_empty (chart))
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, _("The filter keeps no paths: only the whole run is drawn."));
      return;
    }
  if (!gw_chart_shows_filtered (chart))
    return;
  count = gw_format_grouped (chart->filtered->n_paths, 0);
  /* TRANSLATORS: in a chart's footnote, "Dotted: the medians of the 812 paths a filter keeps." */
  paths = g_strdup_printf (g_dngettext (NULL, "the %s path a filter keeps",
                                        "the %s paths a filter keeps", chart->filtered->n_paths),
                           count);
  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (at == NULL)
    {
      g_string_append (out, sentence);
      return;
    }
  g_string_append_len (out, sentence, at - sentence);
  g_string_append (out, paths);
  g_string_append (out, at + 2);
}

/**
 * gw_chart_filtered_note:
 *
 * Where a filter keeps no path, or one, the words the legend ends with (in
 * the filter's colour, not an item): an empty set draws nothing, and a
 * single path has no spread.
 *
 * Returns: (nullable): the words, or %NULL
 */
const char *
gw_chart_filtered_note (GwChart *chart)
{
  if (gw_chart_filtered_empty (chart))
    return _("The filter keeps no paths");
  if (gw_chart_shows_filtered (chart) && chart->filtered->n_paths == 1)
    return _("One path: its values, no spread");
  return NULL;
}
