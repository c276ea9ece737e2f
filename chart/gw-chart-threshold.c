/* gw-chart-threshold.c: a threshold line across a fan chart, and the exact
 * probability of the run below it at a quarter
 *
 * The quantiles a run keeps can only bracket P(x < line); the exact share
 * needs the column of the quarter for every path, which the run does not
 * keep (gw_replay_column() simulates it again). The caller replays it, on
 * a worker thread, and hands it here; this file counts and paints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"
#include "gw-stats.h"

/**
 * gw_chart_threshold_text:
 * @output: the output as gigawatt-cli names it ("price", "revenue@CoreWeave")
 * @quarter: the calendar quarter (gw_quarter_parse())
 * @probability: the share of paths beyond @threshold, or NaN while it is
 *   being computed
 * @n_paths: the paths it counts, for its standard error sqrt(p(1-p)/N)
 *
 * "P(price < $1.50 at 2030Q4) = 37.2% (± 0.5%)".
 */
char *
gw_chart_threshold_text (const char *output,
                         GwUnit      unit,
                         double      threshold,
                         gboolean    below,
                         int         quarter,
                         double      probability,
                         guint       n_paths)
{
  g_autofree char *value = gw_format_unit_value (unit, threshold);
  g_autofree char *q = gw_quarter_format (quarter);
  double se;

  if (isnan (probability) || n_paths == 0)
    /* TRANSLATORS: P(price < $1.50 at 2030Q4) while the paths are counted */
    return g_strdup_printf (_("P(%s %s %s at %s) = …"), output, below ? "<" : ">", value, q);
  se = sqrt (MAX (probability * (1 - probability), 0) / n_paths);
  /* TRANSLATORS: P(price < $1.50 at 2030Q4) = 37.2% (± 0.5%): the share of
   * paths below a value at a quarter, and its standard error */
  return g_strdup_printf (_("P(%s %s %s at %s) = %.1f%% (± %.1f%%)"), output,
                          below ? "<" : ">", value, q, 100 * probability, 100 * se);
}

/**
 * gw_chart_set_threshold_line:
 * @shown: whether a fan chart shows its threshold line
 * @value: where, in the series' unit
 *
 * The line stays through new results, and through new specs of the same
 * output; the replayed column (gw_chart_set_threshold_column()) does not
 * outlive the results.
 */
void
gw_chart_set_threshold_line (GwChart  *chart,
                             gboolean  shown,
                             double    value)
{
  g_return_if_fail (chart != NULL);
  chart->has_line = shown && isfinite (value);
  if (isfinite (value))
    chart->line = value;
}

/**
 * gw_chart_get_threshold_line:
 * @value: (out) (optional): the line's value, shown or not; NaN where none
 *   was ever placed on this output
 *
 * Returns: whether the chart shows its threshold line (a fan chart only)
 */
gboolean
gw_chart_get_threshold_line (GwChart *chart,
                             double  *value)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  if (value != NULL)
    *value = chart->line;
  return chart->has_line && chart->spec.kind == GW_CHART_FAN && chart->series >= 0;
}

/**
 * gw_chart_threshold_column:
 *
 * Returns: the column (series * T + t) of the plan whose values the
 *   threshold's probability at quarter @t counts, or -1 where there is none
 */
int
gw_chart_threshold_column (GwChart *chart,
                           int      t)
{
  if (chart->results == NULL || chart->series < 0 || t < 0
      || t >= (int) chart->results->plan->T)
    return -1;
  return chart->series * (int) chart->results->plan->T + t;
}

/**
 * gw_chart_set_threshold_column:
 * @column: (nullable) (transfer none): the values of every path of the
 *   chart's results at quarter @t (doubles, gw_replay_column())
 */
void
gw_chart_set_threshold_column (GwChart *chart,
                               int      t,
                               GBytes  *column)
{
  g_return_if_fail (chart != NULL);
  if (column != NULL)
    g_bytes_ref (column);
  g_clear_pointer (&chart->line_column, g_bytes_unref);
  chart->line_column = column;
  chart->line_t = column != NULL ? t : G_MININT;
}

/**
 * gw_chart_get_threshold_probability:
 * @t: a quarter, 0 = the scenario's start
 *
 * The exact share of the run's paths below (or above, as the spec says)
 * the threshold line at @t, from the column set for @t.
 *
 * Returns: %FALSE where there is no line or no column for @t yet
 */
gboolean
gw_chart_get_threshold_probability (GwChart *chart,
                                    int      t,
                                    double  *probability)
{
  gsize size = 0;
  const double *v;

  g_return_val_if_fail (chart != NULL, FALSE);
  if (!gw_chart_get_threshold_line (chart, NULL) || chart->line_column == NULL
      || chart->line_t != t)
    return FALSE;
  v = g_bytes_get_data (chart->line_column, &size);
  if (size != chart->results->n_paths * sizeof (double))
    return FALSE;
  *probability = gw_column_probability (v, chart->results->n_paths, chart->line,
                                        chart->spec.below);
  return TRUE;
}

/**
 * gw_chart_get_filtered_threshold_probability:
 * @t: a quarter, 0 = the scenario's start
 * @n_paths: (out) (optional): the paths it counts
 *
 * The exact share of the paths a filter keeps (the filtered results set,
 * their #GwResults.paths) below (or above) the threshold line at @t,
 * counted in the same column of the whole run as
 * gw_chart_get_threshold_probability().
 *
 * Returns: %FALSE where there is no line, no column for @t yet, or no
 *   filtered path of this run
 */
gboolean
gw_chart_get_filtered_threshold_probability (GwChart *chart,
                                             int      t,
                                             double  *probability,
                                             guint   *n_paths)
{
  const GwResults *f = chart->filtered;
  g_autofree double *kept = NULL;
  const double *v;
  double whole;

  g_return_val_if_fail (chart != NULL, FALSE);
  if (!gw_chart_get_threshold_probability (chart, t, &whole) || !gw_chart_filtered_fits (chart)
      || f->n_paths == 0 || f->paths == NULL)
    return FALSE;
  v = g_bytes_get_data (chart->line_column, NULL);
  kept = g_new (double, f->n_paths);
  for (guint i = 0; i < f->n_paths; i++)
    {
      if (f->paths[i] >= chart->results->n_paths)
        return FALSE;
      kept[i] = v[f->paths[i]];
    }
  *probability = gw_column_probability (kept, f->n_paths, chart->line, chart->spec.below);
  if (n_paths != NULL)
    *n_paths = f->n_paths;
  return TRUE;
}

/* The output as gigawatt-cli stat --output spells it. */
static char *
output_name (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;

  if (gw_plan_series_provider (plan, chart->series) >= 0 && chart->provider != NULL)
    return g_strdup_printf ("%s@%s", gw_plan_series_key (plan, chart->series), chart->provider);
  return g_strdup (gw_plan_series_key (plan, chart->series));
}

/* The quarter whose probability shows: the hovered one, else the selected. */
int
gw_chart_threshold_quarter (GwChart *chart)
{
  if (chart->results == NULL)
    return G_MININT;
  if (chart->hover >= 0 && chart->hover < (int) chart->results->plan->T)
    return chart->hover;
  if (chart->selected >= 0 && chart->selected < (int) chart->results->plan->T)
    return chart->selected;
  return G_MININT;
}

/* The words of the probability at @t, over all paths, and (or %NULL) over
 * the paths a filter keeps. */
static gboolean
threshold_words (GwChart  *chart,
                 int       t,
                 char    **whole,
                 char    **filtered)
{
  const GwScenario *s = gw_chart_scenario (chart);
  g_autofree char *output = NULL;
  double p = NAN, fp;
  guint n;

  *whole = *filtered = NULL;
  if (!gw_chart_get_threshold_line (chart, NULL) || gw_chart_threshold_column (chart, t) < 0)
    return FALSE;
  output = output_name (chart);
  gw_chart_get_threshold_probability (chart, t, &p);
  *whole = gw_chart_threshold_text (output, chart->unit, chart->line, chart->spec.below,
                                    (s != NULL ? s->info.start : 0) + t, p,
                                    chart->results->n_paths);
  if (gw_chart_get_filtered_threshold_probability (chart, t, &fp, &n))
    /* TRANSLATORS: after "P(price < $1.50 at 2030Q4) = 37.2% (± 0.5%)": the same share
     * over the paths a filter keeps, with its standard error */
    *filtered = g_strdup_printf (_("filtered %.1f%% (± %.1f%%)"), 100 * fp,
                                 100 * sqrt (MAX (fp * (1 - fp), 0) / n));
  else if (gw_chart_filtered_empty (chart))
    *filtered = g_strdup (_("the filter keeps no paths"));
  return TRUE;
}

char *
gw_chart_describe_threshold (GwChart *chart,
                             int      t)
{
  g_autofree char *whole = NULL;
  g_autofree char *filtered = NULL;

  if (!threshold_words (chart, t, &whole, &filtered))
    return NULL;
  if (filtered == NULL)
    return g_steal_pointer (&whole);
  return g_strdup_printf ("%s · %s", whole, filtered);
}

/* The probability's words, boxed on the background: the whole's in the
 * accent colour, a filter's after them in its own. */
static void
threshold_label (GwChart    *chart,
                 cairo_t    *cr,
                 const char *whole,
                 const char *filtered,
                 double      x,
                 double      y,
                 double      halign)
{
  double size = chart->font * 0.9, pad = chart->font * 0.3;
  g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, whole, size, TRUE, -1);
  double w, h;

  if (filtered != NULL)
    {
      GwRgb c = gw_chart_filtered_color (chart);
      g_autofree char *a = g_markup_escape_text (whole, -1);
      g_autofree char *b = g_markup_escape_text (filtered, -1);
      g_autofree char *markup = g_strdup_printf ("%s · <span foreground=\"#%02x%02x%02x\">"
                                                 "%s</span>", a, (guint) (c.r * 255 + 0.5),
                                                 (guint) (c.g * 255 + 0.5),
                                                 (guint) (c.b * 255 + 0.5), b);

      pango_layout_set_markup (layout, markup, -1);
    }
  w = gw_chart_text_width (layout) + 2 * pad;
  h = gw_chart_text_height (layout) + 1.4 * pad;
  gw_chart_set_rgb (cr, chart->pal.bg, 0.9);
  cairo_rectangle (cr, x - halign * w, y, w, h);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, chart->pal.accent, 1);
  gw_chart_show_text (cr, layout, x - halign * w + pad, y + 0.7 * pad, 0, 0);
}

/**
 * gw_chart_paint_threshold:
 *
 * The line across the plot with its value at the left end, and the
 * probability at the hovered (or selected) quarter beside the crosshair.
 * Drawn over the fan in the accent colour, on the background's colour, so
 * it reads in light and dark.
 */
void
gw_chart_paint_threshold (GwChart *chart,
                          cairo_t *cr)
{
  GwRect plot = chart->plot;
  double py, dash[] = { chart->font * 0.6, chart->font * 0.3 };
  g_autofree char *value = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *filtered = NULL;
  gboolean near_top;
  int t;

  if (!gw_chart_get_threshold_line (chart, NULL) || chart->y.d0 == chart->y.d1)
    return;
  py = gw_scale_map (&chart->y, chart->line);
  if (!isfinite (py) || py < plot.y - 0.5 || py > plot.y + plot.height + 0.5)
    return;
  py = round (py) + 0.5;

  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.bg, 0.7);
  cairo_set_line_width (cr, MAX (3.5, chart->font * 0.3));
  cairo_move_to (cr, plot.x, py);
  cairo_line_to (cr, plot.x + plot.width, py);
  cairo_stroke (cr);
  gw_chart_set_rgb (cr, chart->pal.accent, 1);
  cairo_set_line_width (cr, MAX (1.5, chart->font * 0.13));
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, plot.x, py);
  cairo_line_to (cr, plot.x + plot.width, py);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* its value at the left end, where the right end's labels (the cost
   * anchor's) are not */
  near_top = py < plot.y + chart->font * 2.5;
  value = gw_format_unit_value (chart->unit, chart->line);
  gw_chart_boxed_label (chart, cr, value, chart->font * 0.8, chart->pal.accent,
                        chart->font * 0.2, plot.x + chart->font * 0.2,
                        py + (near_top ? 1 : -1) * chart->font * 0.2, 0, near_top ? 0 : 1);

  t = gw_chart_threshold_quarter (chart);
  if (t != G_MININT && threshold_words (chart, t, &whole, &filtered))
    {
      double px = gw_scale_map (&chart->x, t);
      gboolean right_half = px > plot.x + plot.width / 2;

      /* where the crosshair crosses the line, and the words near the top
       * of the plot beside the crosshair, above the bands and below the
       * words "Actual | Forecast" */
      gw_chart_draw_marker (chart, cr, px, py, chart->pal.accent, MAX (3, chart->font * 0.3));
      threshold_label (chart, cr, whole, filtered, px + (right_half ? -1 : 1) * chart->font * 0.5,
                       plot.y + chart->font * 1.3, right_half ? 1 : 0);
    }
}
