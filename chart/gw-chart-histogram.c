/* gw-chart-histogram.c: the distribution of a per-path scalar
 *
 * Bars of the share of paths per bin, the cumulative share on a second axis,
 * and the probability beyond a threshold, which can be dragged. The bins
 * and their painting also make the difference panel of a comparison
 * (gw-chart-compare.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The bins */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The finite values of a scalar, or with @difference of B - A path by path
 * (a comparison), sorted. */
static GArray *
scalar_sample (GwChart *chart,
               gboolean difference)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));
  const double *a, *b = NULL;
  guint n;

  if (difference && chart->diff_values != NULL)
    {
      for (guint i = 0; i < chart->n_diff; i++)
        if (isfinite (chart->diff_values[i]))
          g_array_append_val (v, chart->diff_values[i]);
      g_array_sort (v, compare_double);
      return v;
    }
  if (chart->results == NULL || chart->scalar < 0 || (difference && chart->diff_pending))
    return v;
  a = gw_results_scalar_values (chart->results, chart->scalar);
  n = chart->results->n_paths;
  if (difference)
    {
      if (chart->compare == NULL)
        return v;
      b = gw_results_scalar_values (chart->compare, chart->scalar);
      n = MIN (n, chart->compare->n_paths);
    }
  for (guint i = 0; i < n; i++)
    {
      double x = b ? b[i] - a[i] : a[i];

      if (isfinite (x))
        g_array_append_val (v, x);
    }
  g_array_sort (v, compare_double);
  return v;
}

/* The finite values of the chart's scalar over the filtered paths, sorted;
 * empty where the chart does not draw them. */
static GArray *
filtered_sample (GwChart *chart)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));
  const double *a;

  if (chart->scalar < 0 || !gw_chart_filtered_fits (chart))
    return v;
  a = gw_results_scalar_values (chart->filtered, chart->scalar);
  for (guint i = 0; i < chart->filtered->n_paths; i++)
    if (isfinite (a[i]))
      g_array_append_val (v, a[i]);
  g_array_sort (v, compare_double);
  return v;
}

/* The filtered paths on the whole's bins, each bin a share of the filtered
 * paths (so that the two shapes compare whatever the filter keeps), their
 * median and the probability beyond the threshold. */
static void
resolve_filtered_bins (GwChart *chart)
{
  g_autoptr(GArray) v = filtered_sample (chart);
  const double *x = (const double *) v->data;
  double lo, hi, cum = 0;
  guint beyond = 0;

  if (v->len == 0 || chart->n_bins == 0)
    return;
  lo = chart->bin_edges[0];
  hi = chart->bin_edges[chart->n_bins];
  chart->fbin_share = g_new0 (double, chart->n_bins);
  chart->fbin_cdf = g_new0 (double, chart->n_bins);
  for (guint i = 0; i < v->len; i++)
    {
      int b = (int) floor ((x[i] - lo) / (hi - lo) * chart->n_bins);

      b = CLAMP (b, 0, (int) chart->n_bins - 1);
      chart->fbin_share[b] += 1.0 / v->len;
      if (chart->has_threshold
          && (chart->below ? x[i] < chart->threshold : x[i] > chart->threshold))
        beyond++;
    }
  for (guint b = 0; b < chart->n_bins; b++)
    {
      cum += chart->fbin_share[b];
      chart->fbin_cdf[b] = MIN (cum, 1.0);
    }
  /* the P50 the stat cards and gigawatt-cli stat --where give */
  chart->fmedian = chart->filtered->scalars[chart->scalar].q[GW_Q_P50];
  if (chart->has_threshold)
    chart->fprob = (double) beyond / v->len;
}

/**
 * gw_chart_resolve_bins:
 * @difference: bin the per-path difference of the comparison results
 *   against the results, rather than the results' scalar
 *
 * The histogram of the chart's scalar, and the probability beyond the
 * threshold.
 */
void
gw_chart_resolve_bins (GwChart *chart,
                       gboolean difference)
{
  g_autoptr(GArray) v = scalar_sample (chart, difference);
  double lo, hi, step, ticks[GW_MAX_TICKS], nlo, nhi, cum = 0;
  guint n = v->len, beyond = 0;
  const double *x = (const double *) v->data;

  gw_chart_clear_bins (chart);
  chart->prob = NAN;
  if (n == 0)
    return;

  /* The far tails of NPV are long; gather beyond P0.5 and P99.5 in the edge
   * bars so the body of the distribution stays readable. */
  lo = gw_quantile_sorted (x, n, 0.005);
  hi = gw_quantile_sorted (x, n, 0.995);
  if (chart->has_threshold)
    {
      lo = MIN (lo, chart->threshold);
      hi = MAX (hi, chart->threshold);
    }
  gw_nice_ticks (lo, hi, 6, ticks, &step, &nlo, &nhi);
  /* Five bins per tick step reads well; fewer when the sample is small. */
  {
    double per = n >= 2000 ? 5 : n >= 200 ? 2 : 1;
    double width = step / per;

    lo = floor (lo / width) * width;
    hi = ceil (hi / width) * width;
    chart->n_bins = MAX (1, (guint) round ((hi - lo) / width));
    chart->n_bins = MIN (chart->n_bins, 400);
    width = (hi - lo) / chart->n_bins;
    chart->bin_edges = g_new (double, chart->n_bins + 1);
    for (guint i = 0; i <= chart->n_bins; i++)
      chart->bin_edges[i] = lo + i * width;
  }
  chart->bin_share = g_new0 (double, chart->n_bins);
  chart->bin_cdf = g_new0 (double, chart->n_bins);
  for (guint i = 0; i < n; i++)
    {
      int b = (int) floor ((x[i] - lo) / (hi - lo) * chart->n_bins);

      b = CLAMP (b, 0, (int) chart->n_bins - 1);
      chart->bin_share[b] += 1.0 / n;
      if (chart->has_threshold
          && (chart->below ? x[i] < chart->threshold : x[i] > chart->threshold))
        beyond++;
    }
  for (guint b = 0; b < chart->n_bins; b++)
    {
      cum += chart->bin_share[b];
      chart->bin_cdf[b] = MIN (cum, 1.0);
    }
  if (chart->has_threshold)
    chart->prob = (double) beyond / n;
  if (!difference)
    resolve_filtered_bins (chart);
}

void
gw_chart_clear_bins (GwChart *chart)
{
  g_clear_pointer (&chart->bin_edges, g_free);
  g_clear_pointer (&chart->bin_share, g_free);
  g_clear_pointer (&chart->bin_cdf, g_free);
  g_clear_pointer (&chart->fbin_share, g_free);
  g_clear_pointer (&chart->fbin_cdf, g_free);
  chart->n_bins = 0;
  chart->fprob = NAN;
  chart->fmedian = NAN;
}

/* The legend item of the filtered paths, or -1. */
static int
filtered_item (GwChart *chart)
{
  for (guint i = 0; i < chart->n_items; i++)
    if (chart->items[i].results != NULL && chart->items[i].results == chart->filtered)
      return (int) i;
  return -1;
}

static void
histogram_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;

  if (chart->scalar < 0)
    return;
  chart->unit = gw_plan_scalar_unit (plan, chart->scalar);
  gw_chart_resolve_bins (chart, FALSE);
  /* with a filter's paths the whole is lighter, under their outline */
  gw_chart_add_item (chart, chart->fbin_share != NULL ? _("Share of all paths")
                                                      : _("Share of paths"),
                     GW_SWATCH_AREA, pal->cat[0], chart->fbin_share != NULL ? 0.4 : 0.75,
                     chart->scalar, chart->results);
  gw_chart_add_item (chart, _("Cumulative (right axis)"), GW_SWATCH_LINE, pal->text, 1,
                     chart->scalar, chart->results);
  if (chart->has_threshold)
    gw_chart_add_item (chart, _("Beyond the threshold"), GW_SWATCH_AREA, pal->accent,
                       chart->fbin_share != NULL ? 0.5 : 0.85, chart->scalar, chart->results);
  if (chart->fbin_share != NULL)
    {
      g_autofree char *kept = gw_chart_filtered_label (chart);
      GwChartItem *item = gw_chart_add_item (chart, kept, GW_SWATCH_LINE,
                                             gw_chart_filtered_color (chart), 1, chart->scalar,
                                             chart->filtered);

      if (item != NULL)
        chart->filtered_shown = TRUE;
    }
}

/**
 * gw_chart_set_threshold:
 *
 * Moves a histogram's threshold (the probability beyond it follows); the
 * side it counts (below or above) stays.
 */
void
gw_chart_set_threshold (GwChart *chart,
                        double   threshold)
{
  g_return_if_fail (chart != NULL);
  if (!isfinite (threshold))
    return;
  chart->spec.has_threshold = TRUE;
  chart->spec.below = chart->has_threshold ? chart->below : chart->spec.below;
  chart->spec.threshold = threshold;
  gw_chart_resolve (chart);
}

gboolean
gw_chart_get_threshold (GwChart *chart,
                        double  *threshold,
                        double  *probability)
{
  if (chart->spec.kind != GW_CHART_HISTOGRAM || !chart->has_threshold)
    return FALSE;
  *threshold = chart->threshold;
  *probability = chart->prob;
  return TRUE;
}

/* Words */

static char *
histogram_title (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;
  const char *provider = chart->provider;

  if (chart->scalar < 0)
    return NULL;
  provider = gw_plan_scalar_provider (plan, chart->scalar) >= 0 ? provider : NULL;
  if (provider)
    return g_strdup_printf (_("%s: %s across paths"), provider,
                            gw_plan_scalar_label (plan, chart->scalar));
  return g_strdup_printf (_("%s across paths"), gw_plan_scalar_label (plan, chart->scalar));
}

static void
histogram_footnote (GwChart   *chart,
                    GString   *out,
                    GPtrArray *sources)
{
  g_string_append (out, _("Bars: share of paths per bin (tails beyond P0.5 and P99.5 in the "
                          "edge bars); line: cumulative share."));
  gw_chart_footnote_filtered (chart, out,
                              chart->filtered != NULL && chart->filtered->n_paths == 1
                              /* TRANSLATORS: %s is "the 1 path a filter keeps" */
                              ? _("Purple line: the value of %s.")
                              /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
                              /* xgettext:no-c-format */
                              : _("Purple outline and dashed line: the share per bin (each "
                                  "set adds up to 100%, so the shapes compare) and the median "
                                  "of %s."));
}

static void
histogram_axis_titles (GwChart     *chart,
                       const char **left,
                       const char **right)
{
  *left = _("Share of paths");
  if (gw_chart_item_visible (chart, 1))
    *right = _("Cumulative");
}

static void
histogram_describe (GwChart *chart,
                    int      t,
                    GString *out)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (t < 0 || t >= (int) chart->n_bins)
    return;
  a = gw_format_unit_value (chart->unit, chart->bin_edges[t]);
  b = gw_format_unit_value (chart->unit, chart->bin_edges[t + 1]);
  g_string_append_printf (out, _("%s to %s"), a, b);
  g_string_append_printf (out, _("\nShare of paths: %.1f%%"), 100 * chart->bin_share[t]);
  g_string_append_printf (out, _("\nCumulative: %.1f%%"), 100 * chart->bin_cdf[t]);
  if (gw_chart_shows_filtered (chart))
    {
      g_autofree char *kept = gw_chart_filtered_label (chart);

      /* TRANSLATORS: "Filtered (812 paths): 3.2% of them, 41.0% cumulative" */
      g_string_append_printf (out, _("\n%s: %.1f%% of them, %.1f%% cumulative"), kept,
                              100 * chart->fbin_share[t], 100 * chart->fbin_cdf[t]);
    }
}

/* Painting */

/* The headline probability. */
static void
callout (GwChart    *chart,
         cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      halign)
{
  gw_chart_boxed_label (chart, cr, text, chart->font * 0.95, chart->pal.accent,
                        chart->font * 0.45, x, y, halign, 0);
}

/* The filtered paths' median: a purple line across the plot, named with
 * the whole's beside it, below the threshold's callout. */
static void
paint_filtered_median (GwChart       *chart,
                       cairo_t       *cr,
                       const GwRect  *plot,
                       const GwScale *x,
                       GwUnit         unit)
{
  double px = round (gw_scale_map (x, chart->fmedian)) + 0.5;
  double whole = chart->results->scalars[chart->scalar].q[GW_Q_P50];
  double dash[] = { chart->font * 0.5, chart->font * 0.25 };
  g_autofree char *fv = gw_format_unit_value (unit, chart->fmedian);
  g_autofree char *wv = gw_format_unit_value (unit, whole);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  double w, halign;

  if (px < plot->x || px > plot->x + plot->width)
    return;
  cairo_save (cr);
  gw_chart_set_rgb (cr, gw_chart_filtered_color (chart), 1);
  cairo_set_line_width (cr, MAX (1.5, chart->font * 0.14));
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, px, plot->y + chart->font * 2.2);
  cairo_line_to (cr, px, plot->y + plot->height);
  cairo_stroke (cr);
  cairo_restore (cr);
  if (chart->filtered->n_paths == 1)
    /* TRANSLATORS: a histogram's label: the one path a filter keeps, and the median of all */
    text = g_strdup_printf (_("Filtered path %s · all paths P50 %s"), fv, wv);
  else
    /* TRANSLATORS: a histogram's label: the median of the paths a filter keeps, and of all */
    text = g_strdup_printf (_("Filtered P50 %s · all paths %s"), fv, wv);
  probe = gw_chart_text (chart, cr, text, chart->font * 0.85, TRUE, -1);
  w = gw_chart_text_width (probe) + chart->font * 0.6;
  /* beside the line on the side with room, and not across the threshold's
   * line if the other side has room */
  halign = px + chart->font * 0.3 + w <= plot->x + plot->width ? 0 : 1;
  if (chart->has_threshold)
    {
      double tx = gw_scale_map (x, chart->threshold);

      if (halign == 0 && tx > px && tx < px + w + chart->font * 0.3
          && px - chart->font * 0.3 - w >= plot->x)
        halign = 1;
      else if (halign == 1 && tx < px && tx > px - w - chart->font * 0.3
               && px + chart->font * 0.3 + w <= plot->x + plot->width)
        halign = 0;
    }
  gw_chart_boxed_label (chart, cr, text, chart->font * 0.85, gw_chart_filtered_color (chart),
                        chart->font * 0.3,
                        MAX (plot->x + w * halign,
                             px + (halign == 0 ? 1 : -1) * chart->font * 0.3),
                        plot->y + chart->font * 2.2, halign, 0);
}

/* Bars, split at the threshold so the part beyond it is coloured. */
static void
paint_bars (GwChart       *chart,
            cairo_t       *cr,
            const GwRect  *plot,
            const GwScale *x,
            const GwScale *y,
            gboolean       compact)
{
  for (guint b = 0; b < chart->n_bins; b++)
    {
      double e0 = chart->bin_edges[b], e1 = chart->bin_edges[b + 1];
      double x0 = gw_scale_map (x, e0) + 0.5, x1 = gw_scale_map (x, e1) - 0.5;
      double py = gw_scale_map (y, chart->bin_share[b]);
      double h = plot->y + plot->height - py;
      gboolean hovered = !compact && chart->hover == (int) b;

      if (chart->bin_share[b] <= 0)
        continue;
      if (gw_chart_item_visible (chart, 0))
        {
          gw_chart_set_rgb (cr, chart->pal.cat[0], hovered ? 1 : chart->items[0].alpha);
          cairo_rectangle (cr, x0, py, MAX (0.5, x1 - x0), h);
          cairo_fill (cr);
        }
      if (chart->has_threshold && (compact || gw_chart_item_visible (chart, 2)))
        {
          double c0 = chart->below ? x0 : MAX (x0, gw_scale_map (x, chart->threshold));
          double c1 = chart->below ? MIN (x1, gw_scale_map (x, chart->threshold)) : x1;

          if (c1 > c0)
            {
              /* instead of the bar's colour, not over it: light tones mix */
              gw_chart_set_rgb (cr, chart->pal.bg, 1);
              cairo_rectangle (cr, c0, py, c1 - c0, h);
              cairo_fill (cr);
              gw_chart_set_rgb (cr, compact ? chart->pal.cat[1] : chart->pal.accent,
                                compact ? 0.9 : MIN (0.9, chart->items[2].alpha + 0.05));
              cairo_rectangle (cr, c0, py, c1 - c0, h);
              cairo_fill (cr);
            }
        }
    }
}

/* A step along the tops of the filtered paths' bins, on a halo of the
 * background so it reads over the bars. */
static void
paint_outline (GwChart       *chart,
               cairo_t       *cr,
               const GwScale *x,
               const GwScale *y)
{
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to (cr, gw_scale_map (x, chart->bin_edges[0]), gw_scale_map (y, 0));
  for (guint b = 0; b < chart->n_bins; b++)
    {
      double py = gw_scale_map (y, chart->fbin_share[b]);

      cairo_line_to (cr, gw_scale_map (x, chart->bin_edges[b]), py);
      cairo_line_to (cr, gw_scale_map (x, chart->bin_edges[b + 1]), py);
    }
  cairo_line_to (cr, gw_scale_map (x, chart->bin_edges[chart->n_bins]),
                 gw_scale_map (y, 0));
  gw_chart_set_rgb (cr, chart->pal.bg, 0.8);
  cairo_set_line_width (cr, MAX (4, chart->font * 0.34));
  cairo_stroke_preserve (cr);
  gw_chart_set_rgb (cr, gw_chart_filtered_color (chart), 1);
  cairo_set_line_width (cr, MAX (2, chart->font * 0.17));
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The x axis: its line, ticks and numbers. */
static void
paint_x_axis (GwChart       *chart,
              cairo_t       *cr,
              const GwRect  *plot,
              const GwAxis  *xa,
              const GwScale *x)
{
  gw_chart_set_rgb (cr, chart->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, plot->x, round (plot->y + plot->height) + 0.5);
  cairo_line_to (cr, plot->x + plot->width, round (plot->y + plot->height) + 0.5);
  cairo_stroke (cr);
  for (guint i = 0; i < xa->n; i++)
    {
      g_autofree char *text = gw_axis_label (xa, i);
      double px = round (gw_scale_map (x, xa->ticks[i])) + 0.5;

      gw_chart_set_rgb (cr, chart->pal.axis, 1);
      cairo_move_to (cr, px, plot->y + plot->height);
      cairo_line_to (cr, px, plot->y + plot->height + chart->font * 0.4);
      cairo_stroke (cr);
      gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted, px,
                         plot->y + plot->height + chart->font * 0.6, 0.5, 0);
    }
}

/* The threshold's dashed line and its callout: P(below or above it), with
 * the filtered paths' beside it, or in a comparison's difference panel the
 * share of paths higher in the variant. */
static void
paint_threshold (GwChart       *chart,
                 cairo_t       *cr,
                 const GwRect  *plot,
                 const GwScale *x,
                 GwUnit         unit,
                 gboolean       compact,
                 gboolean       show_f)
{
  double px = round (gw_scale_map (x, chart->threshold)) + 0.5;
  double dash[] = { 4, 3 };
  g_autofree char *thr = gw_format_unit_value (unit, chart->threshold);
  g_autofree char *text = NULL;
  g_autofree char *pct = g_strdup_printf ("%.1f%%", 100 * chart->prob);
  const char *name = chart->scalar >= 0
                     ? gw_plan_scalar_label (chart->results->plan, chart->scalar) : "";

  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.text, 0.8);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, px, plot->y);
  cairo_line_to (cr, px, plot->y + plot->height);
  cairo_stroke (cr);
  cairo_restore (cr);
  if (compact)
    text = g_strdup_printf (_("Higher in %s: %s of paths"),
                            chart->compare && chart->compare->plan->variant
                            ? chart->compare->plan->variant : _("the variant"), pct);
  else if (show_f && isfinite (chart->fprob))
    /* TRANSLATORS: P(Minimum DSCR < 1.00x) = 23.4% · filtered 61.0%: over all paths,
     * and over the paths a filter keeps */
    text = g_strdup_printf (_("P(%s %s %s) = %s · filtered %.1f%%"), name,
                            chart->below ? "<" : ">", thr, pct, 100 * chart->fprob);
  else
    /* TRANSLATORS: P(Minimum DSCR < 1.00x) = 23.4% */
    text = g_strdup_printf (_("P(%s %s %s) = %s"), name, chart->below ? "<" : ">", thr, pct);
  {
    g_autoptr(PangoLayout) probe = gw_chart_text (chart, cr, text, chart->font * 0.95, TRUE,
                                                  -1);
    double w = gw_chart_text_width (probe) + chart->font * 0.9;
    double halign = chart->below ? 0 : 1;
    double box_x;

    /* Put the callout on the side with room, next to the line, and
     * inside the plot when neither side has room (a narrow panel). */
    if (chart->below && px + chart->font * 0.4 + w > plot->x + plot->width)
      halign = 1;
    if (!chart->below && px - chart->font * 0.4 - w < plot->x)
      halign = 0;
    box_x = halign == 0 ? px + chart->font * 0.4 : px - chart->font * 0.4 - w;
    box_x = MAX (plot->x, MIN (box_x, plot->x + plot->width - w));
    callout (chart, cr, text, box_x, plot->y + chart->font * 0.2, 0);
  }
}

/**
 * gw_chart_paint_histogram:
 * @compact: the difference panel of a comparison: no cumulative line,
 *   fewer ticks, its own title, and its layout kept apart (plot2, x2, y2)
 *   from the chart's
 */
void
gw_chart_paint_histogram (GwChart *chart,
                          cairo_t *cr,
                          GwRect   area,
                          gboolean compact)
{
  GwAxis xa, ya, ca;
  double max_share = 0, left, right;
  GwRect plot;
  GwScale x, y, yc;
  GwUnit unit = compact && chart->diff_values != NULL ? chart->diff_unit
                : compact && chart->scalar >= 0
                ? gw_plan_scalar_unit (chart->results->plan, chart->scalar) : chart->unit;
  gboolean show_cdf = !compact && gw_chart_item_visible (chart, 1);
  int fitem = compact ? -1 : filtered_item (chart);
  gboolean show_f = fitem >= 0 && gw_chart_item_visible (chart, fitem)
                    && chart->fbin_share != NULL;
  /* one path is a value, not a distribution: its line, no outline */
  gboolean show_outline = show_f && chart->filtered->n_paths > 1;

  if (chart->n_bins == 0)
    return;
  for (guint b = 0; b < chart->n_bins; b++)
    {
      max_share = MAX (max_share, chart->bin_share[b]);
      if (show_outline)
        max_share = MAX (max_share, chart->fbin_share[b]);
    }
  gw_axis_make (&xa, chart->bin_edges[0], chart->bin_edges[chart->n_bins], compact ? 4 : 7, unit);
  gw_axis_make (&ya, 0, max_share, 5, GW_UNIT_FRACTION);
  gw_axis_make (&ca, 0, 1, 5, GW_UNIT_FRACTION);
  left = gw_chart_axis_label_width (chart, cr, &ya) + chart->font * 0.8;
  right = show_cdf ? gw_chart_axis_label_width (chart, cr, &ca) + chart->font * 0.8
                   : chart->font * 0.8;
  plot = (GwRect) { area.x + left, area.y, area.width - left - right,
                    area.height - chart->font * 2.0 };
  x = (GwScale) { xa.lo, xa.hi, plot.x, plot.x + plot.width };
  y = (GwScale) { ya.lo, ya.hi, plot.y + plot.height, plot.y };
  yc = (GwScale) { 0, 1, plot.y + plot.height, plot.y };
  if (compact)
    {
      chart->plot2 = plot;
      chart->x2 = x;
      chart->y2 = y;
    }
  else
    {
      chart->plot = plot;
      chart->x = x;
      chart->y = y;
    }

  gw_chart_draw_y_axis (chart, cr, &ya, &plot, &y, FALSE, TRUE);
  if (show_cdf)
    gw_chart_draw_y_axis (chart, cr, &ca, &plot, &yc, TRUE, FALSE);

  paint_bars (chart, cr, &plot, &x, &y, compact);
  if (show_outline)
    paint_outline (chart, cr, &x, &y);

  if (show_cdf)
    {
      gw_chart_set_rgb (cr, chart->pal.text, 0.85);
      cairo_set_line_width (cr, MAX (1.5, chart->font * 0.13));
      cairo_move_to (cr, gw_scale_map (&x, chart->bin_edges[0]), gw_scale_map (&yc, 0));
      for (guint b = 0; b < chart->n_bins; b++)
        cairo_line_to (cr, gw_scale_map (&x, chart->bin_edges[b + 1]),
                       gw_scale_map (&yc, chart->bin_cdf[b]));
      cairo_stroke (cr);
    }

  paint_x_axis (chart, cr, &plot, &xa, &x);

  if (show_f && isfinite (chart->fmedian))
    paint_filtered_median (chart, cr, &plot, &x, unit);

  if (chart->has_threshold)
    paint_threshold (chart, cr, &plot, &x, unit, compact, show_f);
  if (compact)
    {
      const char *what = chart->diff_values != NULL && chart->diff_label != NULL
                         ? chart->diff_label
                         : chart->scalar >= 0
                         ? gw_plan_scalar_label (chart->results->plan, chart->scalar) : "";
      g_autofree char *title = g_strdup_printf (_("Difference in %s, per path"), what);
      gw_chart_label_at (chart, cr, title, chart->font * 0.85, TRUE, chart->pal.text, plot.x,
                         plot.y - chart->font * 0.6, 0, 1);
    }
}

static void
histogram_paint (GwChart *chart,
                 cairo_t *cr,
                 GwRect   area)
{
  gw_chart_paint_histogram (chart, cr, area, FALSE);
}

/* The bin under pointer x. */
static int
histogram_hit (GwChart *chart,
               double   x,
               double   y)
{
  GwRect r = chart->plot;
  double v;

  if (chart->n_bins == 0 || x < r.x || x > r.x + r.width)
    return G_MININT;
  v = gw_scale_invert (&chart->x, x);
  for (guint b = 0; b < chart->n_bins; b++)
    if (v >= chart->bin_edges[b] && v <= chart->bin_edges[b + 1])
      return b;
  return G_MININT;
}

/* With a filter's paths, their share of them per bin beside the whole's. */
static void
histogram_write_csv (GwChart *chart,
                     GString *out)
{
  gboolean filtered = gw_chart_shows_filtered (chart);

  g_string_append (out, "bin_low,bin_high,share,cumulative");
  g_string_append (out, filtered ? ",filtered_share,filtered_cumulative\n" : "\n");
  for (guint b = 0; b < chart->n_bins; b++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", chart->bin_edges[b]));
      gw_chart_csv_number (out, chart->bin_edges[b + 1]);
      gw_chart_csv_number (out, chart->bin_share[b]);
      gw_chart_csv_number (out, chart->bin_cdf[b]);
      if (filtered)
        {
          gw_chart_csv_number (out, chart->fbin_share[b]);
          gw_chart_csv_number (out, chart->fbin_cdf[b]);
        }
      g_string_append_c (out, '\n');
    }
}

const GwChartKindVTable gw_chart_histogram_vtable = {
  .provider_scalar = "min_dscr",
  .market_scalar = "price_horizon",
  .clear = gw_chart_clear_bins,
  .resolve = histogram_resolve,
  .title = histogram_title,
  .footnote = histogram_footnote,
  .axis_titles = histogram_axis_titles,
  .paint = histogram_paint,
  .hit = histogram_hit,
  .describe = histogram_describe,
  .write_csv = histogram_write_csv,
};
