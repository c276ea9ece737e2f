/* gw-chart.c: laying out and painting every chart kind onto a cairo_t
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

#define FONT_FAMILY "Inter,Cantarell,DejaVu Sans,Sans"
#define HISTORY_QUARTERS 8

/* Okabe & Ito's colour-blind-safe set; the dark variant lifts the blues. */
static const GwPalette light_palette = {
  .bg = { 1, 1, 1 },
  .text = { 0.11, 0.11, 0.13 },
  .muted = { 0.40, 0.41, 0.44 },
  .grid = { 0.89, 0.89, 0.90 },
  .axis = { 0.55, 0.55, 0.57 },
  .accent = { 0.835, 0.369, 0.0 },
  .highlight = { 0.95, 0.95, 0.96 },
  .cat = {
    { 0.0, 0.447, 0.698 },      /* blue */
    { 0.902, 0.624, 0.0 },      /* orange */
    { 0.0, 0.620, 0.451 },      /* bluish green */
    { 0.800, 0.475, 0.655 },    /* reddish purple */
    { 0.337, 0.706, 0.914 },    /* sky blue */
    { 0.835, 0.369, 0.0 },      /* vermillion */
    { 0.55, 0.55, 0.55 },       /* grey */
    { 0.941, 0.894, 0.259 },    /* yellow */
  },
};

static const GwPalette dark_palette = {
  .bg = { 0.118, 0.118, 0.125 },
  .text = { 0.95, 0.95, 0.96 },
  .muted = { 0.68, 0.68, 0.71 },
  .grid = { 0.24, 0.24, 0.26 },
  .axis = { 0.50, 0.50, 0.53 },
  .accent = { 0.96, 0.50, 0.22 },
  .highlight = { 0.18, 0.18, 0.20 },
  .cat = {
    { 0.32, 0.62, 0.90 },
    { 0.95, 0.70, 0.20 },
    { 0.20, 0.75, 0.58 },
    { 0.88, 0.58, 0.75 },
    { 0.55, 0.80, 0.96 },
    { 0.96, 0.50, 0.22 },
    { 0.70, 0.70, 0.72 },
    { 0.95, 0.90, 0.40 },
  },
};

/* Construction */

GwChart *
gw_chart_new (void)
{
  GwChart *chart = g_new0 (GwChart, 1);
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  chart->show_footnote = TRUE;
  chart->hover = G_MININT;
  chart->selected = G_MININT;
  chart->focus_item = -1;
  chart->pal = light_palette;
  gw_chart_set_spec (chart, &spec);
  return chart;
}

static void
clear_items (GwChart *chart)
{
  for (guint i = 0; i < chart->n_items; i++)
    g_clear_pointer (&chart->items[i].label, g_free);
  chart->n_items = 0;
}

void
gw_chart_free (GwChart *chart)
{
  if (chart == NULL)
    return;
  clear_items (chart);
  g_free (chart->series_key);
  g_free (chart->provider);
  g_free (chart->scalar_key);
  g_free (chart->title);
  g_free (chart->subtitle);
  g_free (chart->date);
  g_free (chart->bin_edges);
  g_free (chart->bin_share);
  g_free (chart->bin_cdf);
  g_clear_pointer (&chart->sens, g_ptr_array_unref);
  gw_chart_clear_waterfall (chart);
  g_clear_pointer (&chart->results, gw_results_unref);
  g_clear_pointer (&chart->compare, gw_results_unref);
  g_clear_pointer (&chart->scenario, gw_scenario_free);
  g_free (chart);
}

void
gw_chart_set_spec (GwChart           *chart,
                   const GwChartSpec *spec)
{
  g_return_if_fail (chart != NULL && spec != NULL);
  g_return_if_fail (spec->kind < GW_N_CHART_KINDS);

  g_free (chart->series_key);
  g_free (chart->provider);
  g_free (chart->scalar_key);
  g_free (chart->title);
  chart->spec = *spec;
  chart->series_key = g_strdup (spec->series);
  chart->provider = g_strdup (spec->provider);
  chart->scalar_key = g_strdup (spec->scalar);
  chart->title = g_strdup (spec->title);
  chart->spec.series = chart->series_key;
  chart->spec.provider = chart->provider;
  chart->spec.scalar = chart->scalar_key;
  chart->spec.title = chart->title;
  chart->hidden = 0;
  chart->have_view = FALSE;
  chart->hover = G_MININT;
  chart->selected = G_MININT;
  gw_chart_resolve (chart);
}

const GwChartSpec *
gw_chart_get_spec (GwChart *chart)
{
  return &chart->spec;
}

/**
 * gw_chart_set_results:
 * @results: (nullable) (transfer none): the run to show
 *
 * Keeps a reference; the hidden items and the time view are kept when the
 * new run has the same shape, so a re-run does not reset what the user set.
 */
void
gw_chart_set_results (GwChart   *chart,
                      GwResults *results)
{
  gboolean same = chart->results != NULL && results != NULL
                  && chart->results->plan->T == results->plan->T
                  && chart->results->plan->P == results->plan->P;

  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&chart->results, gw_results_unref);
  chart->results = results;
  if (!same)
    {
      chart->have_view = FALSE;
      chart->hover = G_MININT;
      chart->selected = G_MININT;
    }
  gw_chart_resolve (chart);
}

GwResults *
gw_chart_get_results (GwChart *chart)
{
  return chart->results;
}

void
gw_chart_set_compare_results (GwChart   *chart,
                              GwResults *results)
{
  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&chart->compare, gw_results_unref);
  chart->compare = results;
  gw_chart_resolve (chart);
}

void
gw_chart_set_scenario (GwChart          *chart,
                       const GwScenario *scenario)
{
  g_clear_pointer (&chart->scenario, gw_scenario_free);
  if (scenario != NULL)
    chart->scenario = gw_scenario_copy (scenario);
  gw_chart_resolve (chart);
}

void
gw_chart_set_dark (GwChart *chart,
                   gboolean dark)
{
  dark = !!dark;
  if (chart->dark == dark)
    return;
  chart->dark = dark;
  chart->pal = dark ? dark_palette : light_palette;
  gw_chart_resolve (chart);
}

void
gw_chart_set_subtitle (GwChart    *chart,
                       const char *subtitle)
{
  g_free (chart->subtitle);
  chart->subtitle = g_strdup (subtitle);
}

void
gw_chart_set_date (GwChart    *chart,
                   const char *date)
{
  g_free (chart->date);
  chart->date = g_strdup (date);
}

void
gw_chart_set_show_footnote (GwChart *chart,
                            gboolean show)
{
  chart->show_footnote = show;
}

/* Labels */

/**
 * gw_chart_provider_imputed:
 * @provider: a provider row, or -1
 *
 * Whether @provider's revenue is an imputed rental value: what a
 * hyperscaler's or a captive fleet would earn at market prices, not what
 * anyone bills.
 */
gboolean
gw_chart_provider_imputed (const GwPlan *plan,
                           int           provider)
{
  GwProviderKind kind;

  if (plan == NULL || provider < 0 || provider >= (int) plan->P)
    return FALSE;
  kind = gw_scenario_provider (plan->scenario, provider)->kind;
  return kind == GW_PROVIDER_HYPERSCALER || kind == GW_PROVIDER_CAPTIVE;
}

/**
 * gw_chart_series_label:
 *
 * The series' label as people read it: gw_plan_series_label(), except that
 * the revenue of a hyperscaler or captive provider is its imputed rental
 * value.
 *
 * Returns: (transfer none): the translated label
 */
const char *
gw_chart_series_label (const GwPlan *plan,
                       guint         series)
{
  if (gw_chart_provider_imputed (plan, gw_plan_series_provider (plan, series)))
    {
      const char *key = gw_plan_series_key (plan, series);

      if (g_str_equal (key, "revenue"))
        return _("Imputed rental value");
      if (g_str_equal (key, "spot_revenue"))
        return _("Imputed spot rental value");
    }
  return gw_plan_series_label (plan, series);
}

/**
 * gw_chart_default_year:
 *
 * Returns: the first calendar year whose four quarters all lie in the run,
 *   or 0 if none does
 */
int
gw_chart_default_year (const GwPlan *plan)
{
  int start = plan->scenario->info.start;
  int year = gw_quarter_year (start) + (gw_quarter_number (start) == 1 ? 0 : 1);

  return GW_QUARTER (year, 4) - start < (int) plan->T ? year : 0;
}

/* Resolving the spec against the results */

const GwSummary *
gw_chart_summaries (GwResults *results,
                    int        series)
{
  return results->series + (gsize) series * results->plan->T;
}

const GwScenario *
gw_chart_scenario (GwChart *chart)
{
  if (chart->scenario != NULL)
    return chart->scenario;
  if (chart->results != NULL)
    return chart->results->plan->scenario;
  return NULL;
}

/* Returns: (nullable): the new item, to set what it plots where that is
 * not the median on the left axis; %NULL when the legend is full */
GwChartItem *
gw_chart_add_item (GwChart    *chart,
                   const char *label,
                   GwSwatch    swatch,
                   GwRgb       color,
                   double      alpha,
                   int         series,
                   GwResults  *results)
{
  GwChartItem *item;

  if (chart->n_items >= GW_CHART_MAX_ITEMS)
    return NULL;
  item = &chart->items[chart->n_items++];
  item->label = g_strdup (label);
  item->swatch = swatch;
  item->color = color;
  item->alpha = alpha;
  item->series = series;
  item->results = results;
  item->stat = GW_Q_P50;
  item->right = FALSE;
  return item;
}

/* The row of the spec's provider in the results' plan, or -1. */
int
gw_chart_provider_row (GwChart *chart)
{
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  for (guint j = 0; plan != NULL && chart->provider != NULL && j < plan->P; j++)
    if (g_ascii_strcasecmp (gw_plan_provider_name (plan, j), chart->provider) == 0)
      return j;
  return -1;
}

static gboolean
actual_matches (const GwActual *actual,
                const char     *key,
                const char     *provider)
{
  g_autofree char *want = provider ? g_strdup_printf ("%s:%s", key, provider) : g_strdup (key);

  return g_ascii_strcasecmp (actual->series, want) == 0;
}

static guint
count_actuals (GwChart *chart,
               int     *earliest)
{
  const GwScenario *s = gw_chart_scenario (chart);
  guint n = 0;

  *earliest = G_MAXINT;
  if (s == NULL || chart->series_key == NULL)
    return 0;
  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
    {
      const GwActual *a = gw_scenario_actual (s, i);

      if (a->quarter <= s->info.start && actual_matches (a, chart->series_key, chart->provider))
        {
          n++;
          *earliest = MIN (*earliest, a->quarter);
        }
    }
  return n;
}

static int
compare_swing (gconstpointer a,
               gconstpointer b)
{
  const GwSensitivity *x = *(GwSensitivity **) a;
  const GwSensitivity *y = *(GwSensitivity **) b;
  double sx = fabs (x->high - x->low), sy = fabs (y->high - y->low);

  return sx < sy ? 1 : sx > sy ? -1 : 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The finite values of a scalar (or of B - A for a comparison), sorted. */
static GArray *
scalar_sample (GwChart *chart)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));
  const double *a, *b = NULL;
  guint n;

  if (chart->results == NULL || chart->scalar < 0)
    return v;
  a = gw_results_scalar_values (chart->results, chart->scalar);
  n = chart->results->n_paths;
  if (chart->spec.kind == GW_CHART_COMPARE)
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

static void
resolve_bins (GwChart *chart)
{
  g_autoptr(GArray) v = scalar_sample (chart);
  double lo, hi, step, ticks[GW_MAX_TICKS], nlo, nhi, cum = 0;
  guint n = v->len, beyond = 0;
  const double *x = (const double *) v->data;

  g_clear_pointer (&chart->bin_edges, g_free);
  g_clear_pointer (&chart->bin_share, g_free);
  g_clear_pointer (&chart->bin_cdf, g_free);
  chart->n_bins = 0;
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
}

static void
resolve_sensitivity (GwChart *chart)
{
  g_clear_pointer (&chart->sens, g_ptr_array_unref);
  if (chart->results == NULL || chart->scalar < 0)
    return;
  chart->sens = gw_results_sensitivity (chart->results, chart->scalar, NULL);
  if (chart->sens != NULL)
    g_ptr_array_sort (chart->sens, compare_swing);
}

/**
 * gw_chart_resolve:
 *
 * Finds the spec's series and scalar in the results and makes the legend
 * items. Called whenever the spec, results or palette change.
 */
void
gw_chart_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results ? chart->results->plan : NULL;
  GwChartItem *item;
  int earliest;

  clear_items (chart);
  chart->series = -1;
  chart->scalar = -1;
  chart->history = 0;
  chart->unit = GW_UNIT_MONEY;
  chart->laid_out = FALSE;
  g_clear_pointer (&chart->sens, g_ptr_array_unref);
  g_clear_pointer (&chart->bin_edges, g_free);
  g_clear_pointer (&chart->bin_share, g_free);
  g_clear_pointer (&chart->bin_cdf, g_free);
  chart->n_bins = 0;
  gw_chart_clear_waterfall (chart);
  chart->have_right = FALSE;
  if (plan == NULL)
    return;

  if (chart->series_key != NULL)
    chart->series = gw_plan_find_series (plan, chart->series_key, chart->provider);
  if (chart->series >= 0)
    chart->unit = gw_plan_series_unit (plan, chart->series);

  {
    const char *key = chart->scalar_key;
    const char *provider = chart->provider;

    if (key == NULL && chart->spec.kind == GW_CHART_COMPARE)
      key = provider ? "npv" : "price_horizon";
    if (key == NULL && chart->spec.kind == GW_CHART_HISTOGRAM)
      key = provider ? "min_dscr" : "price_horizon";
    if (key == NULL && chart->spec.kind == GW_CHART_TORNADO)
      key = provider ? "npv" : "price_horizon";
    if (key != NULL)
      {
        chart->scalar = gw_plan_find_scalar (plan, key, provider);
        if (chart->scalar < 0)
          chart->scalar = gw_plan_find_scalar (plan, key, NULL);
      }
  }

  chart->has_threshold = chart->spec.has_threshold;
  chart->threshold = chart->spec.threshold;
  chart->below = chart->spec.below;
  if (!chart->has_threshold && chart->scalar >= 0)
    {
      const char *key = gw_plan_scalar_key (plan, chart->scalar);

      /* The questions people ask of these first. */
      if (g_str_equal (key, "min_dscr"))
        chart->has_threshold = TRUE, chart->threshold = 1, chart->below = TRUE;
      else if (g_str_equal (key, "npv"))
        chart->has_threshold = TRUE, chart->threshold = 0, chart->below = TRUE;
    }
  if (chart->spec.kind == GW_CHART_COMPARE)
    chart->has_threshold = TRUE, chart->threshold = 0, chart->below = FALSE;

  switch (chart->spec.kind)
    {
    case GW_CHART_FAN:
      if (chart->series < 0)
        break;
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
      /* The price moves around the cost anchor (MODEL.md step 9): show where
       * the cost of new capacity alone would put it. */
      if (g_str_equal (gw_plan_series_key (plan, chart->series), "price")
          && gw_plan_find_series (plan, "anchor", NULL) >= 0)
        gw_chart_add_item (chart, _("Cost anchor (median)"), GW_SWATCH_DASH, pal->text, 1,
                           gw_plan_find_series (plan, "anchor", NULL), chart->results);
      if (count_actuals (chart, &earliest) > 0)
        {
          gw_chart_add_item (chart, _("Actual"), GW_SWATCH_POINT, pal->accent, 1, -1, NULL);
          chart->history = MIN (HISTORY_QUARTERS,
                                gw_chart_scenario (chart)->info.start - earliest);
        }
      break;

    case GW_CHART_STACKED:
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
      break;

    case GW_CHART_LINES:
      if (chart->compare != NULL && chart->series >= 0)
        {
          gw_chart_add_item (chart, plan->variant ? plan->variant : _("Base scenario"),
                             GW_SWATCH_LINE, pal->cat[0], 1, chart->series, chart->results);
          gw_chart_add_item (chart, chart->compare->plan->variant ? chart->compare->plan->variant
                                                                  : _("Base scenario"),
                             GW_SWATCH_LINE, pal->cat[1], 1, chart->series, chart->compare);
          break;
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
      break;

    case GW_CHART_HISTOGRAM:
      if (chart->scalar < 0)
        break;
      chart->unit = gw_plan_scalar_unit (plan, chart->scalar);
      gw_chart_add_item (chart, _("Share of paths"), GW_SWATCH_AREA, pal->cat[0], 0.75,
                         chart->scalar, chart->results);
      gw_chart_add_item (chart, _("Cumulative (right axis)"), GW_SWATCH_LINE, pal->text, 1,
                         chart->scalar, chart->results);
      if (chart->has_threshold)
        gw_chart_add_item (chart, _("Beyond the threshold"), GW_SWATCH_AREA, pal->accent, 0.85,
                           chart->scalar, chart->results);
      resolve_bins (chart);
      break;

    case GW_CHART_TORNADO:
      if (chart->scalar < 0)
        break;
      chart->unit = gw_plan_scalar_unit (plan, chart->scalar);
      gw_chart_add_item (chart, _("Input at its P10"), GW_SWATCH_AREA, pal->cat[0], 1,
                         chart->scalar, chart->results);
      gw_chart_add_item (chart, _("Input at its P90"), GW_SWATCH_AREA, pal->cat[1], 1,
                         chart->scalar, chart->results);
      resolve_sensitivity (chart);
      break;

    case GW_CHART_LEVERAGE:
      gw_chart_resolve_leverage (chart);
      break;

    case GW_CHART_WATERFALL:
      gw_chart_resolve_waterfall (chart);
      break;

    case GW_CHART_COMPARE:
      if (chart->series < 0)
        break;
      gw_chart_add_item (chart, plan->variant ? plan->variant : _("Base scenario"), GW_SWATCH_BAND,
                         pal->cat[0], 0.22, chart->series, chart->results);
      if (chart->compare != NULL)
        gw_chart_add_item (chart, chart->compare->plan->variant ? chart->compare->plan->variant
                                                                : _("Base scenario"),
                           GW_SWATCH_BAND, pal->cat[1], 0.22, chart->series, chart->compare);
      resolve_bins (chart);
      break;

    default:
      break;
    }
}

/* Legend items */

guint
gw_chart_n_items (GwChart *chart)
{
  return chart->n_items;
}

const char *
gw_chart_item_label (GwChart *chart,
                     guint    item)
{
  g_return_val_if_fail (item < chart->n_items, NULL);
  return chart->items[item].label;
}

gboolean
gw_chart_get_item_visible (GwChart *chart,
                           guint    item)
{
  g_return_val_if_fail (item < chart->n_items, FALSE);
  return (chart->hidden & (G_GUINT64_CONSTANT (1) << item)) == 0;
}

void
gw_chart_set_item_visible (GwChart *chart,
                           guint    item,
                           gboolean visible)
{
  g_return_if_fail (item < GW_CHART_MAX_ITEMS);
  if (visible)
    chart->hidden &= ~(G_GUINT64_CONSTANT (1) << item);
  else
    chart->hidden |= G_GUINT64_CONSTANT (1) << item;
}

gboolean
gw_chart_item_visible (GwChart *chart,
                       guint    item)
{
  return item < chart->n_items && gw_chart_get_item_visible (chart, item);
}

/* Interaction state */

gboolean
gw_chart_is_temporal (GwChart *chart)
{
  return chart->spec.kind == GW_CHART_FAN || chart->spec.kind == GW_CHART_STACKED
         || chart->spec.kind == GW_CHART_LINES || chart->spec.kind == GW_CHART_COMPARE
         || chart->spec.kind == GW_CHART_LEVERAGE;
}

void
gw_chart_set_hover (GwChart *chart,
                    int      t)
{
  chart->hover = t;
}

void
gw_chart_set_selected (GwChart *chart,
                       int      t)
{
  chart->selected = t;
}

void
gw_chart_set_focus_item (GwChart *chart,
                         int      item)
{
  chart->focus_item = item;
}

void
gw_chart_get_time_domain (GwChart *chart,
                          double  *first,
                          double  *last)
{
  double T = chart->results ? chart->results->plan->T : 1;

  *first = -chart->history - 0.5;
  *last = T - 0.5;
}

void
gw_chart_get_view (GwChart *chart,
                   double  *first,
                   double  *last)
{
  if (chart->have_view)
    {
      *first = chart->view0;
      *last = chart->view1;
    }
  else
    gw_chart_get_time_domain (chart, first, last);
}

/**
 * gw_chart_set_view:
 *
 * Shows quarters @first..@last (fractional; t = 0 is the start quarter),
 * kept inside the time domain and at least two quarters wide.
 */
void
gw_chart_set_view (GwChart *chart,
                   double   first,
                   double   last)
{
  double d0, d1, span;

  gw_chart_get_time_domain (chart, &d0, &d1);
  span = CLAMP (last - first, MIN (2.0, d1 - d0), d1 - d0);
  first = CLAMP (first, d0, d1 - span);
  chart->view0 = first;
  chart->view1 = first + span;
  chart->have_view = !(chart->view0 <= d0 && chart->view1 >= d1);
}

void
gw_chart_zoom (GwChart *chart,
               double   factor,
               double   center)
{
  double a, b;

  gw_chart_get_view (chart, &a, &b);
  gw_chart_set_view (chart, center - (center - a) * factor, center + (b - center) * factor);
}

void
gw_chart_pan (GwChart *chart,
              double   quarters)
{
  double a, b;

  gw_chart_get_view (chart, &a, &b);
  gw_chart_set_view (chart, a + quarters, b + quarters);
}

/* Text */

PangoLayout *
gw_chart_text (GwChart    *chart,
               cairo_t    *cr,
               const char *text,
               double      size,
               gboolean    bold,
               double      wrap_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: text lays out the same on screen, in PNG and in PDF. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (desc, FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
gw_chart_show_text (cairo_t     *cr,
                    PangoLayout *layout,
                    double       x,
                    double       y,
                    double       halign,
                    double       valign)
{
  PangoRectangle ink, logical;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  cairo_move_to (cr, x - halign * logical.width, y - valign * logical.height);
  pango_cairo_show_layout (cr, layout);
}

double
gw_chart_text_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

double
gw_chart_text_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

void
gw_chart_set_rgb (cairo_t *cr,
                  GwRgb    c,
                  double   alpha)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

void
gw_chart_label_at (GwChart    *chart,
                   cairo_t    *cr,
                   const char *text,
                   double      size,
                   gboolean    bold,
                   GwRgb       color,
                   double      x,
                   double      y,
                   double      halign,
                   double      valign)
{
  g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, text, size, bold, -1);

  gw_chart_set_rgb (cr, color, 1);
  gw_chart_show_text (cr, layout, x, y, halign, valign);
}

/* Titles and footnotes */

char *
gw_chart_default_title (GwChart *chart)
{
  GwPlan *plan = chart->results ? chart->results->plan : NULL;
  const char *provider = chart->provider;

  if (chart->title != NULL)
    return g_strdup (chart->title);
  if (plan == NULL)
    return g_strdup (_("No results yet"));
  switch (chart->spec.kind)
    {
    case GW_CHART_STACKED:
      if (g_strcmp0 (chart->series_key, "demand") == 0)
        return g_strdup (_("Demand by segment against supply"));
      return g_strdup (_("Compute supply by provider against demand"));
    case GW_CHART_LINES:
      if (chart->series < 0)
        break;
      if (chart->compare != NULL)
        return g_strdup_printf (_("%s: variants compared"),
                                gw_chart_series_label (plan, chart->series));
      if (chart->spec.only_neoclouds)
        /* TRANSLATORS: "Revenue by neocloud" */
        return g_strdup_printf (_("%s by neocloud"), gw_plan_series_label (plan, chart->series));
      return g_strdup_printf (_("%s by provider"), gw_plan_series_label (plan, chart->series));
    case GW_CHART_LEVERAGE:
    case GW_CHART_WATERFALL:
      return gw_chart_finance_title (chart);
    case GW_CHART_HISTOGRAM:
      if (chart->scalar < 0)
        break;
      provider = gw_plan_scalar_provider (plan, chart->scalar) >= 0 ? provider : NULL;
      if (provider)
        return g_strdup_printf (_("%s: %s across paths"), provider,
                                gw_plan_scalar_label (plan, chart->scalar));
      return g_strdup_printf (_("%s across paths"), gw_plan_scalar_label (plan, chart->scalar));
    case GW_CHART_TORNADO:
      if (chart->scalar < 0)
        break;
      provider = gw_plan_scalar_provider (plan, chart->scalar) >= 0 ? provider : NULL;
      if (provider)
        return g_strdup_printf (_("What moves %s’s %s"), provider,
                                gw_plan_scalar_label (plan, chart->scalar));
      return g_strdup_printf (_("What moves the %s"), gw_plan_scalar_label (plan, chart->scalar));
    case GW_CHART_COMPARE:
    case GW_CHART_FAN:
    default:
      if (chart->series < 0)
        break;
      if (gw_plan_series_provider (plan, chart->series) >= 0)
        return g_strdup_printf (_("%s: %s"), provider,
                                gw_chart_series_label (plan, chart->series));
      return g_strdup (gw_plan_series_label (plan, chart->series));
    }
  return g_strdup (_("Nothing to show for this selection"));
}

static char *
default_subtitle (GwChart *chart)
{
  GwResults *r = chart->results;
  const GwScenario *s = gw_chart_scenario (chart);
  g_autofree char *date = NULL;
  g_autofree char *paths = NULL;
  GString *out;

  if (chart->subtitle != NULL)
    return g_strdup (chart->subtitle);
  if (r == NULL || s == NULL)
    return g_strdup ("");
  if (chart->date != NULL)
    date = g_strdup (chart->date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      date = g_date_time_format (now, "%Y-%m-%d");
    }
  paths = gw_format_grouped (r->n_paths, 0);
  out = g_string_new (s->info.name);
  g_string_append (out, "  ·  ");
  if (chart->spec.kind == GW_CHART_COMPARE && chart->compare != NULL)
    g_string_append_printf (out, _("%s vs %s"),
                            chart->compare->plan->variant ? chart->compare->plan->variant
                                                          : _("base scenario"),
                            r->plan->variant ? r->plan->variant : _("base scenario"));
  else
    g_string_append (out, r->plan->variant ? r->plan->variant : _("base scenario"));
  g_string_append (out, "  ·  ");
  if (chart->spec.kind == GW_CHART_WATERFALL)
    /* TRANSLATORS: a waterfall's subtitle: "means of 2,000 paths" */
    g_string_append_printf (out, g_dngettext (NULL, "mean of %s path", "means of %s paths",
                                              r->n_paths), paths);
  else
    g_string_append_printf (out, g_dngettext (NULL, "%s path", "%s paths", r->n_paths), paths);
  g_string_append (out, "  ·  ");
  g_string_append_printf (out, _("seed %" G_GUINT64_FORMAT), r->plan->seed);
  g_string_append (out, "  ·  ");
  g_string_append (out, date);
  return g_string_free (out, FALSE);
}

static void
add_source (GPtrArray  *list,
            const char *source)
{
  if (source == NULL || source[0] == '\0')
    return;
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (list->pdata[i], source))
      return;
  g_ptr_array_add (list, g_strdup (source));
}

/**
 * gw_chart_sources:
 *
 * The footnote: what the chart plots and where its inputs come from (the
 * actuals drawn, the provider's row, the market row).
 */
char *
gw_chart_sources (GwChart *chart)
{
  const GwScenario *s = gw_chart_scenario (chart);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  switch (chart->spec.kind)
    {
    case GW_CHART_FAN:
      g_string_append (out,
                       _("Shaded: 5th–95th and 25th–75th percentiles across paths; line: median."));
      for (guint i = 0; i < chart->n_items; i++)
        if (plan != NULL && chart->items[i].series == GW_S_ANCHOR
            && gw_chart_item_visible (chart, i))
          {
            g_string_append_c (out, ' ');
            g_string_append (out, _("Dashed: the cost anchor, the price at normal utilization "
                                    "that follows the levelized cost of the cheapest new "
                                    "capacity (median)."));
          }
      break;
    case GW_CHART_STACKED:
    case GW_CHART_LINES:
      g_string_append (out, _("Medians across paths, per quarter."));
      for (guint i = 0; i < chart->n_items; i++)
        if (plan != NULL && chart->items[i].series >= 0
            && gw_chart_series_label (plan, chart->items[i].series)
               != gw_plan_series_label (plan, chart->items[i].series))
          {
            g_string_append_c (out, ' ');
            g_string_append (out, _("Hyperscaler and captive revenue is an imputed rental "
                                    "value: what the fleet would earn at market prices."));
            break;
          }
      break;
    case GW_CHART_LEVERAGE:
      g_string_append (out, _("Lines: medians across paths; band: loan to value, 10th–90th "
                              "percentiles. Collateral is the fleet's resale value, its cash "
                              "margin capitalised over the remaining life; LTV = debt / "
                              "collateral after the quarter's repayment."));
      break;
    case GW_CHART_WATERFALL:
      g_string_append (out, _("Bars: means across paths of the four quarters' sums (means add "
                              "up where medians do not). Free cash flow to equity = EBITDA − "
                              "capex + capex financed by debt − interest − principal."));
      if (plan != NULL && gw_chart_provider_imputed (plan, gw_chart_provider_row (chart)))
        {
          g_string_append_c (out, ' ');
          g_string_append (out, _("Hyperscaler and captive revenue is an imputed rental "
                                  "value: what the fleet would earn at market prices."));
        }
      break;
    case GW_CHART_HISTOGRAM:
      g_string_append (out, _("Bars: share of paths per bin (tails beyond P0.5 and P99.5 in the "
                              "edge bars); line: cumulative share."));
      break;
    case GW_CHART_TORNADO:
      g_string_append (out, _("Bars: the deterministic run with one input at its P10 or P90 and "
                              "all others central; ρ: Spearman rank correlation across paths."));
      break;
    case GW_CHART_COMPARE:
      g_string_append (out, _("Bands: 10th–90th percentiles; lines: medians. Right: per-path "
                              "difference with common random numbers."));
      break;
    default:
      break;
    }
  if (s != NULL)
    {
      for (guint i = 0; chart->series_key && i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
        {
          const GwActual *a = gw_scenario_actual (s, i);

          if (chart->spec.kind == GW_CHART_FAN && gw_chart_item_visible (chart, chart->n_items - 1)
              && a->quarter <= s->info.start
              && a->quarter >= s->info.start - chart->history
              && actual_matches (a, chart->series_key, chart->provider))
            add_source (list, a->source);
        }
      if (plan != NULL && chart->provider != NULL)
        for (guint j = 0; j < gw_scenario_n_providers (s); j++)
          if (g_ascii_strcasecmp (gw_scenario_provider (s, j)->name, chart->provider) == 0)
            add_source (list, gw_scenario_provider (s, j)->source);
      add_source (list, s->market.source);
      if (s->info.source && s->info.source[0])
        add_source (list, s->info.source);
    }
  if (list->len > 0)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _("Sources: "));
      for (guint i = 0; i < list->len; i++)
        {
          if (i > 0)
            g_string_append (out, "; ");
          g_string_append (out, list->pdata[i]);
        }
      g_string_append_c (out, '.');
    }
  return g_string_free (out, FALSE);
}

/* Axis helpers */

static const char *
unit_axis_label (GwUnit unit)
{
  switch (unit)
    {
    case GW_UNIT_PRICE:
      return _("US$ per H100-equivalent hour");
    case GW_UNIT_HOURS:
      return _("H100-equivalent hours per quarter");
    case GW_UNIT_FRACTION:
      return _("Share");
    case GW_UNIT_MW:
      return _("Power");
    case GW_UNIT_MONEY:
      return _("US dollars");
    case GW_UNIT_RATIO:
      return _("Times (×)");
    case GW_UNIT_QUARTER:
      return _("Quarter index");
    default:
      return "";
    }
}

void
gw_axis_make (GwAxis *axis,
              double  lo,
              double  hi,
              guint   target,
              GwUnit  unit)
{
  axis->n = gw_nice_ticks (lo, hi, target, axis->ticks, &axis->step, &axis->lo, &axis->hi);
  axis->magnitude = MAX (fabs (axis->lo), fabs (axis->hi));
  axis->unit = unit;
}

char *
gw_axis_label (const GwAxis *axis,
               guint         i)
{
  return gw_format_tick (axis->ticks[i], axis->step, axis->magnitude, axis->unit);
}

double
gw_chart_axis_label_width (GwChart      *chart,
                           cairo_t      *cr,
                           const GwAxis *axis)
{
  double w = 0;

  for (guint i = 0; i < axis->n; i++)
    {
      g_autofree char *text = gw_axis_label (axis, i);
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, text, chart->font * 0.85, FALSE,
                                                     -1);

      w = MAX (w, gw_chart_text_width (layout));
    }
  return w;
}

/* Horizontal grid lines and y labels on the left (or right) of @plot. */
void
gw_chart_draw_y_axis (GwChart       *chart,
                      cairo_t       *cr,
                      const GwAxis  *axis,
                      const GwRect  *plot,
                      const GwScale *y,
                      gboolean       right,
                      gboolean       grid)
{
  for (guint i = 0; i < axis->n; i++)
    {
      double py = round (gw_scale_map (y, axis->ticks[i])) + 0.5;
      g_autofree char *text = gw_axis_label (axis, i);

      if (grid)
        {
          if (axis->ticks[i] == 0 && axis->lo < 0)
            gw_chart_set_rgb (cr, chart->pal.axis, 1);
          else
            gw_chart_set_rgb (cr, chart->pal.grid, 1);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, plot->x, py);
          cairo_line_to (cr, plot->x + plot->width, py);
          cairo_stroke (cr);
        }
      if (right)
        gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted,
                           plot->x + plot->width + chart->font * 0.5, py, 0, 0.5);
      else
        gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted,
                           plot->x - chart->font * 0.5, py, 1, 0.5);
    }
}

/* Quarter ticks along the bottom of @plot for quarters in the x scale. */
void
gw_chart_draw_quarter_axis (GwChart       *chart,
                            cairo_t       *cr,
                            const GwRect  *plot,
                            const GwScale *x)
{
  const GwScenario *s = gw_chart_scenario (chart);
  int start = s ? s->info.start : 0;
  double px_per_q = fabs (x->r1 - x->r0) / MAX (1e-9, x->d1 - x->d0);
  g_autoptr(PangoLayout) probe = gw_chart_text (chart, cr, "2027Q3", chart->font * 0.85, FALSE, -1);
  guint step = gw_quarter_step (px_per_q, gw_chart_text_width (probe) + chart->font * 1.2);
  double base = plot->y + plot->height;
  int t0 = (int) ceil (x->d0), t1 = (int) floor (x->d1);

  gw_chart_set_rgb (cr, chart->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, plot->x, round (base) + 0.5);
  cairo_line_to (cr, plot->x + plot->width, round (base) + 0.5);
  cairo_stroke (cr);

  for (int t = t0; t <= t1; t++)
    {
      int q = start + t;
      /* Label on year boundaries when labels are a year or more apart. */
      gboolean labelled = step >= 4 ? (q % 4 == 0 && (q / 4) % (step / 4) == 0)
                                    : (((q % 4) + 4) % 4) % step == 0;
      double px = round (gw_scale_map (x, t)) + 0.5;

      gw_chart_set_rgb (cr, chart->pal.axis, 1);
      cairo_move_to (cr, px, base);
      cairo_line_to (cr, px, base + (labelled ? chart->font * 0.45 : chart->font * 0.22));
      cairo_stroke (cr);
      if (labelled)
        {
          g_autofree char *text = gw_quarter_format (q);

          gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted, px,
                             base + chart->font * 0.6, 0.5, 0);
        }
    }
}

/* Legend along the top: lays out rows of swatch + label, records hit areas. */
static double
layout_legend (GwChart *chart,
               cairo_t *cr,
               double   x0,
               double   y0,
               double   max_width,
               gboolean paint)
{
  double size = chart->font * 0.88;
  double sw = size * 1.5;
  double x = x0, y = y0, row_h = size * 1.5;

  chart->n_legend = 0;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, item->label, size, FALSE, -1);
      double w = sw + size * 0.45 + gw_chart_text_width (layout);
      gboolean visible = gw_chart_get_item_visible (chart, i);
      double cy;

      if (x > x0 && x + w > x0 + max_width)
        {
          x = x0;
          y += row_h;
        }
      cy = y + row_h / 2;
      chart->legend[chart->n_legend] = (GwRect) { x - size * 0.25, y, w + size * 0.5, row_h };
      chart->legend_item[chart->n_legend++] = i;
      if (paint)
        {
          double a = visible ? 1 : 0.3;

          cairo_save (cr);
          switch (item->swatch)
            {
            case GW_SWATCH_BAND:
            case GW_SWATCH_AREA:
              gw_chart_set_rgb (cr, item->color, MAX (item->alpha, 0.2) * a);
              cairo_rectangle (cr, x, cy - size * 0.4, sw, size * 0.8);
              cairo_fill (cr);
              break;
            case GW_SWATCH_LINE:
            case GW_SWATCH_DASH:
              gw_chart_set_rgb (cr, item->color, a);
              cairo_set_line_width (cr, size * 0.18);
              if (item->swatch == GW_SWATCH_DASH)
                {
                  double dash[] = { size * 0.35, size * 0.2 };

                  cairo_set_dash (cr, dash, 2, 0);
                }
              cairo_move_to (cr, x, cy);
              cairo_line_to (cr, x + sw, cy);
              cairo_stroke (cr);
              break;
            case GW_SWATCH_POINT:
              gw_chart_set_rgb (cr, item->color, a);
              cairo_arc (cr, x + sw / 2, cy, size * 0.3, 0, 2 * G_PI);
              cairo_fill (cr);
              break;
            default:
              break;
            }
          cairo_restore (cr);
          gw_chart_set_rgb (cr, visible ? chart->pal.text : chart->pal.muted, visible ? 1 : 0.6);
          gw_chart_show_text (cr, layout, x + sw + size * 0.45, cy, 0, 0.5);
          if (!visible)
            {
              gw_chart_set_rgb (cr, chart->pal.muted, 0.8);
              cairo_set_line_width (cr, 1);
              cairo_move_to (cr, x + sw + size * 0.45, cy);
              cairo_line_to (cr, x + w, cy);
              cairo_stroke (cr);
            }
          if (chart->focus_item == (int) i)
            {
              const GwRect *r = &chart->legend[chart->n_legend - 1];

              gw_chart_set_rgb (cr, chart->pal.cat[0], 1);
              cairo_set_line_width (cr, 1.5);
              cairo_rectangle (cr, r->x, r->y, r->width, r->height);
              cairo_stroke (cr);
            }
        }
      x += w + size * 1.4;
    }
  return chart->n_items > 0 ? y + row_h - y0 : 0;
}

/* Temporal charts: the value range over the visible quarters */

void
gw_chart_extend (double *lo,
                 double *hi,
                 double  v)
{
  if (!isfinite (v))
    return;
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
}

static gboolean
unit_from_zero (GwUnit unit)
{
  return unit == GW_UNIT_HOURS || unit == GW_UNIT_MW || unit == GW_UNIT_PRICE
         || unit == GW_UNIT_FRACTION;
}

static void
temporal_range (GwChart *chart,
                int      t0,
                int      t1,
                double  *lo,
                double  *hi)
{
  guint T = chart->results->plan->T;
  const GwScenario *s = gw_chart_scenario (chart);

  *lo = INFINITY;
  *hi = -INFINITY;
  t0 = MAX (t0, 0);
  t1 = MIN (t1, (int) T - 1);
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];

      if (!gw_chart_item_visible (chart, i) || item->series < 0 || item->right)
        continue;
      for (int t = t0; t <= t1; t++)
        {
          const GwSummary *sm = &gw_chart_summaries (item->results, item->series)[t];
          double q[GW_N_QUANTILES];

          gw_summary_sorted_q (sm, q);
          switch (chart->spec.kind)
            {
            case GW_CHART_FAN:
            case GW_CHART_LEVERAGE:
              if (item->swatch == GW_SWATCH_BAND)
                {
                  gw_chart_extend (lo, hi, q[item->stat]);
                  gw_chart_extend (lo, hi, q[GW_N_QUANTILES - 1 - item->stat]);
                }
              else
                gw_chart_extend (lo, hi, item->stat == GW_STAT_MEAN ? sm->mean : q[item->stat]);
              break;
            case GW_CHART_COMPARE:
              gw_chart_extend (lo, hi, q[GW_Q_P10]);
              gw_chart_extend (lo, hi, q[GW_Q_P90]);
              break;
            case GW_CHART_STACKED:
              {
                double sum = 0;

                for (guint k = 0; k < chart->n_items; k++)
                  if (chart->items[k].swatch == GW_SWATCH_AREA && gw_chart_item_visible (chart, k))
                    {
                      gw_summary_sorted_q (&gw_chart_summaries (chart->items[k].results,
                                                                chart->items[k].series)[t], q);
                      sum += MAX (0, q[GW_Q_P50]);
                    }
                gw_chart_extend (lo, hi, sum);
                gw_summary_sorted_q (sm, q);
                gw_chart_extend (lo, hi, q[GW_Q_P50]);
              }
              break;
            default:
              gw_chart_extend (lo, hi, q[GW_Q_P50]);
              break;
            }
        }
    }
  if (chart->spec.kind == GW_CHART_FAN && s != NULL
      && gw_chart_item_visible (chart, chart->n_items - 1)
      && chart->items[chart->n_items - 1].swatch == GW_SWATCH_POINT)
    for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
      {
        const GwActual *a = gw_scenario_actual (s, i);
        int t = a->quarter - s->info.start;

        if (t <= 0 && t >= t0 - 1 && t >= -chart->history && t <= t1
            && actual_matches (a, chart->series_key, chart->provider))
          gw_chart_extend (lo, hi, a->value);
      }
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  if (unit_from_zero (chart->unit) && *lo > 0)
    *lo = 0;
  if (chart->unit == GW_UNIT_MONEY && *lo > 0 && *lo < 0.5 * *hi)
    *lo = 0;
}

static void
path_line (cairo_t       *cr,
           const GwScale *x,
           const GwScale *y,
           const double  *v,
           int            t0,
           int            t1)
{
  for (int t = t0; t <= t1; t++)
    {
      double px = gw_scale_map (x, t), py = gw_scale_map (y, v[t - t0]);

      if (t == t0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
}

void
gw_chart_draw_band (cairo_t          *cr,
                    const GwSummary  *sm,
                    int               t0,
                    int               t1,
                    guint             lo_q,
                    guint             hi_q,
                    const GwScale    *x,
                    const GwScale    *y)
{
  guint n = t1 - t0 + 1;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *pts = g_new (double, 4 * n);

  for (guint i = 0; i < n; i++)
    xs[i] = gw_scale_map (x, t0 + (int) i);
  gw_band_polygon (sm + t0, n, lo_q, hi_q, xs, y, pts);
  for (guint i = 0; i < 2 * n; i++)
    if (i == 0)
      cairo_move_to (cr, pts[0], pts[1]);
    else
      cairo_line_to (cr, pts[2 * i], pts[2 * i + 1]);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
gw_chart_draw_quantile_line (cairo_t         *cr,
                             const GwSummary *sm,
                             int              t0,
                             int              t1,
                             int              q_index,
                             const GwScale   *x,
                             const GwScale   *y)
{
  g_autofree double *v = g_new (double, t1 - t0 + 1);

  for (int t = t0; t <= t1; t++)
    {
      double q[GW_N_QUANTILES];

      gw_summary_sorted_q (&sm[t], q);
      v[t - t0] = q_index < 0 ? sm[t].mean : q[q_index];
    }
  path_line (cr, x, y, v, t0, t1);
  cairo_stroke (cr);
}

static void
draw_marker (GwChart *chart,
             cairo_t *cr,
             double   px,
             double   py,
             GwRgb    color,
             double   r)
{
  gw_chart_set_rgb (cr, chart->pal.bg, 1);
  cairo_arc (cr, px, py, r + 1.5, 0, 2 * G_PI);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, color, 1);
  cairo_arc (cr, px, py, r, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* The start quarter: actuals to its left, the forecast from it on. */
static void
draw_start_marker (GwChart *chart,
                   cairo_t *cr)
{
  double px;
  double dash[] = { 3, 3 };

  if (chart->history <= 0 || chart->x.d0 > -0.5)
    return;
  px = round (gw_scale_map (&chart->x, -0.5)) + 0.5;
  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, px, chart->plot.y);
  cairo_line_to (cr, px, chart->plot.y + chart->plot.height);
  cairo_stroke (cr);
  cairo_restore (cr);
  gw_chart_label_at (chart, cr, _("Actual"), chart->font * 0.8, FALSE, chart->pal.muted,
                     px - chart->font * 0.4, chart->plot.y + chart->font * 0.2, 1, 0);
  gw_chart_label_at (chart, cr, _("Forecast"), chart->font * 0.8, FALSE, chart->pal.muted,
                     px + chart->font * 0.4, chart->plot.y + chart->font * 0.2, 0, 0);
}

void
gw_chart_visible_quarters (GwChart *chart,
                           int     *t0,
                           int     *t1)
{
  *t0 = MAX (0, (int) ceil (chart->x.d0 - 1));
  *t1 = MIN ((int) chart->results->plan->T - 1, (int) floor (chart->x.d1 + 1));
}

/* A bold label on a box of the background colour, readable over bands and
 * bars: (@x, @y) is the box's point at (@halign, @valign). */
static void
boxed_label (GwChart    *chart,
             cairo_t    *cr,
             const char *text,
             double      size,
             GwRgb       color,
             double      pad,
             double      x,
             double      y,
             double      halign,
             double      valign)
{
  g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, text, size, TRUE, -1);
  double w = gw_chart_text_width (layout) + 2 * pad;
  double h = gw_chart_text_height (layout) + 1.4 * pad;
  double bx = x - halign * w, by = y - valign * h;

  gw_chart_set_rgb (cr, chart->pal.bg, 0.9);
  cairo_rectangle (cr, bx, by, w, h);
  cairo_fill (cr);
  gw_chart_set_rgb (cr, color, 1);
  gw_chart_show_text (cr, layout, bx + pad, by + 0.7 * pad, 0, 0);
}

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
paint_fan (GwChart *chart,
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
              boxed_label (chart, cr, _("Cost anchor"), chart->font * 0.8, item->color,
                           chart->font * 0.2, gw_scale_map (&chart->x, tl),
                           gw_scale_map (&chart->y, q[GW_Q_P50]) - chart->font * 0.3, 1, 1);
            }
        }
    }
  if (chart->items[chart->n_items - 1].swatch == GW_SWATCH_POINT
      && gw_chart_item_visible (chart, chart->n_items - 1) && s != NULL)
    for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
      {
        const GwActual *a = gw_scenario_actual (s, i);
        int t = a->quarter - s->info.start;

        if (t <= 0 && t >= -chart->history
            && actual_matches (a, chart->series_key, chart->provider))
          draw_marker (chart, cr, gw_scale_map (&chart->x, t), gw_scale_map (&chart->y, a->value),
                       chart->pal.accent, MAX (3, chart->font * 0.3));
      }
}

static void
paint_stacked (GwChart *chart,
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

static void
paint_lines (GwChart *chart,
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

      if (!gw_chart_item_visible (chart, i))
        continue;
      gw_chart_set_rgb (cr, item->color, 1);
      cairo_set_line_width (cr, MAX (2, chart->font * 0.16));
      gw_chart_draw_quantile_line (cr, gw_chart_summaries (item->results, item->series), t0, t1,
                                   GW_Q_P50, &chart->x, &chart->y);
    }
}

static void
paint_compare_fans (GwChart *chart,
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

/* Hover and selection over a temporal chart */
static void
paint_crosshair (GwChart *chart,
                 cairo_t *cr)
{
  int t = chart->hover;
  double px;

  if (t == G_MININT || t < chart->x.d0 || t > chart->x.d1)
    return;
  px = round (gw_scale_map (&chart->x, t)) + 0.5;
  gw_chart_set_rgb (cr, chart->pal.text, 0.55);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, px, chart->plot.y);
  cairo_line_to (cr, px, chart->plot.y + chart->plot.height);
  cairo_stroke (cr);
  if (t < 0)
    return;
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      double q[GW_N_QUANTILES];

      const GwSummary *sm;

      if (!gw_chart_item_visible (chart, i) || item->series < 0 || item->swatch == GW_SWATCH_BAND
          || item->swatch == GW_SWATCH_POINT
          || (item->swatch == GW_SWATCH_AREA && chart->spec.kind == GW_CHART_STACKED))
        continue;
      sm = &gw_chart_summaries (item->results, item->series)[t];
      gw_summary_sorted_q (sm, q);
      draw_marker (chart, cr, px,
                   gw_scale_map (item->right ? &chart->yr : &chart->y,
                                 item->stat == GW_STAT_MEAN ? sm->mean : q[item->stat]),
                   item->color, MAX (3, chart->font * 0.28));
    }
}

static void
paint_selection (GwChart *chart,
                 cairo_t *cr)
{
  int t = chart->selected;
  double a, b;

  if (t == G_MININT || t < chart->x.d0 || t > chart->x.d1)
    return;
  a = gw_scale_map (&chart->x, t - 0.5);
  b = gw_scale_map (&chart->x, t + 0.5);
  gw_chart_set_rgb (cr, chart->pal.highlight, 1);
  cairo_rectangle (cr, MAX (a, chart->plot.x), chart->plot.y,
                   MIN (b, chart->plot.x + chart->plot.width) - MAX (a, chart->plot.x),
                   chart->plot.height);
  cairo_fill (cr);
}

/* The headline probability. */
static void
callout (GwChart    *chart,
         cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      halign)
{
  boxed_label (chart, cr, text, chart->font * 0.95, chart->pal.accent, chart->font * 0.45, x, y,
               halign, 0);
}

static void
layout_temporal (GwChart *chart,
                 cairo_t *cr,
                 GwRect   area,
                 GwAxis  *axis)
{
  double v0, v1, lo, hi, left, right;
  int t0, t1;

  gw_chart_get_view (chart, &v0, &v1);
  chart->x = (GwScale) { v0, v1, 0, 1 };
  gw_chart_visible_quarters (chart, &t0, &t1);
  temporal_range (chart, (int) floor (v0), (int) ceil (v1), &lo, &hi);
  gw_axis_make (axis, lo, hi, area.height > chart->font * 22 ? 6 : 5, chart->unit);
  left = gw_chart_axis_label_width (chart, cr, axis) + chart->font * 0.8;
  right = chart->font * 0.6;
  chart->have_right = FALSE;
  for (guint i = 0; i < chart->n_items; i++)
    chart->have_right |= chart->items[i].right;
  if (chart->have_right)
    {
      double lo2, hi2;

      gw_chart_leverage_right_range (chart, (int) floor (v0), (int) ceil (v1), &lo2, &hi2);
      gw_axis_make (&chart->right_axis, lo2, hi2, area.height > chart->font * 22 ? 6 : 5,
                    GW_UNIT_RATIO);
      right = gw_chart_axis_label_width (chart, cr, &chart->right_axis) + chart->font * 0.8;
    }
  chart->plot = (GwRect) { area.x + left, area.y, area.width - left - right,
                           area.height - chart->font * 2.0 };
  /* Half a quarter of air at each end so the first and last points are not
   * cut by the frame. */
  chart->x = (GwScale) { v0, v1, chart->plot.x, chart->plot.x + chart->plot.width };
  chart->y = (GwScale) { axis->lo, axis->hi, chart->plot.y + chart->plot.height, chart->plot.y };
  if (chart->have_right)
    chart->yr = (GwScale) { chart->right_axis.lo, chart->right_axis.hi,
                            chart->plot.y + chart->plot.height, chart->plot.y };
}

/* A clicked quarter on a fan chart: its distribution as a box plot in an
 * inset, P5..P95 whiskers, P25..P75 box, the median and the mean, with
 * the values written out. */
static void
paint_selected_distribution (GwChart *chart,
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

  if (chart->spec.kind != GW_CHART_FAN || chart->results == NULL || chart->series < 0
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
paint_temporal (GwChart      *chart,
                cairo_t      *cr,
                const GwAxis *axis)
{
  paint_selection (chart, cr);
  gw_chart_draw_y_axis (chart, cr, axis, &chart->plot, &chart->y, FALSE, TRUE);
  if (chart->have_right)
    gw_chart_draw_y_axis (chart, cr, &chart->right_axis, &chart->plot, &chart->yr, TRUE, FALSE);
  cairo_save (cr);
  cairo_rectangle (cr, chart->plot.x, chart->plot.y - chart->font * 0.5, chart->plot.width,
                   chart->plot.height + chart->font);
  cairo_clip (cr);
  switch (chart->spec.kind)
    {
    case GW_CHART_FAN:
      paint_fan (chart, cr);
      break;
    case GW_CHART_STACKED:
      paint_stacked (chart, cr);
      break;
    case GW_CHART_LINES:
      paint_lines (chart, cr);
      break;
    case GW_CHART_COMPARE:
      paint_compare_fans (chart, cr);
      break;
    case GW_CHART_LEVERAGE:
      gw_chart_paint_leverage (chart, cr);
      break;
    default:
      break;
    }
  paint_crosshair (chart, cr);
  cairo_restore (cr);
  gw_chart_draw_quarter_axis (chart, cr, &chart->plot, &chart->x);
  draw_start_marker (chart, cr);
  paint_selected_distribution (chart, cr);
}

/* Histogram (also the difference panel of a comparison) */

static void
paint_histogram (GwChart *chart,
                 cairo_t *cr,
                 GwRect   area,
                 gboolean compact)
{
  GwAxis xa, ya, ca;
  double max_share = 0, left, right;
  GwRect plot;
  GwScale x, y, yc;
  GwUnit unit = chart->spec.kind == GW_CHART_COMPARE && chart->scalar >= 0
                ? gw_plan_scalar_unit (chart->results->plan, chart->scalar) : chart->unit;
  gboolean show_cdf = !compact && gw_chart_item_visible (chart, 1);

  if (chart->n_bins == 0)
    return;
  for (guint b = 0; b < chart->n_bins; b++)
    max_share = MAX (max_share, chart->bin_share[b]);
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

  /* Bars, split at the threshold so the part beyond it is coloured. */
  for (guint b = 0; b < chart->n_bins; b++)
    {
      double e0 = chart->bin_edges[b], e1 = chart->bin_edges[b + 1];
      double x0 = gw_scale_map (&x, e0) + 0.5, x1 = gw_scale_map (&x, e1) - 0.5;
      double py = gw_scale_map (&y, chart->bin_share[b]);
      double h = plot.y + plot.height - py;
      gboolean hovered = !compact && chart->hover == (int) b;

      if (chart->bin_share[b] <= 0)
        continue;
      if (gw_chart_item_visible (chart, 0))
        {
          gw_chart_set_rgb (cr, chart->pal.cat[0], hovered ? 1 : 0.75);
          cairo_rectangle (cr, x0, py, MAX (0.5, x1 - x0), h);
          cairo_fill (cr);
        }
      if (chart->has_threshold && (compact || gw_chart_item_visible (chart, 2)))
        {
          double c0 = chart->below ? x0 : MAX (x0, gw_scale_map (&x, chart->threshold));
          double c1 = chart->below ? MIN (x1, gw_scale_map (&x, chart->threshold)) : x1;

          if (c1 > c0)
            {
              gw_chart_set_rgb (cr, compact ? chart->pal.cat[1] : chart->pal.accent, 0.9);
              cairo_rectangle (cr, c0, py, c1 - c0, h);
              cairo_fill (cr);
            }
        }
    }

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

  /* X axis */
  gw_chart_set_rgb (cr, chart->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, plot.x, round (plot.y + plot.height) + 0.5);
  cairo_line_to (cr, plot.x + plot.width, round (plot.y + plot.height) + 0.5);
  cairo_stroke (cr);
  for (guint i = 0; i < xa.n; i++)
    {
      g_autofree char *text = gw_axis_label (&xa, i);
      double px = round (gw_scale_map (&x, xa.ticks[i])) + 0.5;

      gw_chart_set_rgb (cr, chart->pal.axis, 1);
      cairo_move_to (cr, px, plot.y + plot.height);
      cairo_line_to (cr, px, plot.y + plot.height + chart->font * 0.4);
      cairo_stroke (cr);
      gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted, px,
                         plot.y + plot.height + chart->font * 0.6, 0.5, 0);
    }

  if (chart->has_threshold)
    {
      double px = round (gw_scale_map (&x, chart->threshold)) + 0.5;
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
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (chart->spec.kind == GW_CHART_COMPARE)
        text = g_strdup_printf (_("Higher in %s: %s of paths"),
                                chart->compare && chart->compare->plan->variant
                                ? chart->compare->plan->variant : _("the variant"), pct);
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
        if (chart->below && px + chart->font * 0.4 + w > plot.x + plot.width)
          halign = 1;
        if (!chart->below && px - chart->font * 0.4 - w < plot.x)
          halign = 0;
        box_x = halign == 0 ? px + chart->font * 0.4 : px - chart->font * 0.4 - w;
        box_x = MAX (plot.x, MIN (box_x, plot.x + plot.width - w));
        callout (chart, cr, text, box_x, plot.y + chart->font * 0.2, 0);
      }
    }
  if (compact)
    {
      g_autofree char *title = g_strdup_printf (_("Difference in %s, per path"),
                                                gw_plan_scalar_label (chart->results->plan,
                                                                      chart->scalar));
      gw_chart_label_at (chart, cr, title, chart->font * 0.85, TRUE, chart->pal.text, plot.x,
                         plot.y - chart->font * 0.6, 0, 1);
    }
}

/* Tornado */

static char *
pretty_input (const char *path)
{
  g_autofree char *copy = g_strdup (path);

  g_strdelimit (copy, "_", ' ');
  if (g_str_has_prefix (copy, "market."))
    return g_strdup (copy + strlen ("market."));
  return g_steal_pointer (&copy);
}

static char *
format_input (double v)
{
  double a = fabs (v);

  if (a >= 1e4)
    return gw_format_si (v, 3);
  if (a >= 100)
    return g_strdup_printf ("%.0f", v);
  if (a >= 1)
    return g_strdup_printf ("%.3g", v);
  return g_strdup_printf ("%.2g", v);
}

static void
paint_tornado (GwChart *chart,
               cairo_t *cr,
               GwRect   area)
{
  guint n, max_rows;
  double base = chart->results->det_scalars[chart->scalar];
  double lo = base, hi = base, label_w = 0, rho_w, row_h, bar_h, left;
  GwAxis xa;
  GwRect plot;
  GwScale x;
  g_autoptr(PangoLayout) rho_probe = NULL;

  if (chart->sens == NULL || chart->sens->len == 0)
    {
      gw_chart_label_at (chart, cr, _("No uncertain inputs to rank"), chart->font, FALSE,
                         chart->pal.muted, area.x + area.width / 2, area.y + area.height / 2, 0.5,
                         0.5);
      return;
    }
  max_rows = MAX (3, (guint) (area.height / (chart->font * 2.1)));
  n = MIN (chart->sens->len, MIN (max_rows, 12));
  for (guint i = 0; i < n; i++)
    {
      const GwSensitivity *s = chart->sens->pdata[i];
      g_autofree char *name = pretty_input (s->path);
      g_autofree char *a = format_input (s->low_input);
      g_autofree char *b = format_input (s->high_input);
      g_autofree char *label = g_strdup_printf ("%s  %s–%s", name, a, b);
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, label, chart->font * 0.85, FALSE,
                                                     -1);

      label_w = MAX (label_w, gw_chart_text_width (layout));
      gw_chart_extend (&lo, &hi, s->low);
      gw_chart_extend (&lo, &hi, s->high);
    }
  label_w = MIN (label_w, area.width * 0.42);
  rho_probe = gw_chart_text (chart, cr, "ρ −0.00", chart->font * 0.8, FALSE, -1);
  rho_w = gw_chart_text_width (rho_probe) + chart->font;
  gw_axis_make (&xa, lo, hi, 6, chart->unit);
  left = label_w + chart->font * 0.8;
  plot = (GwRect) { area.x + left, area.y + chart->font * 1.2, area.width - left - rho_w,
                    area.height - chart->font * 3.2 };
  x = (GwScale) { xa.lo, xa.hi, plot.x, plot.x + plot.width };
  chart->plot = plot;
  chart->x = x;
  row_h = plot.height / n;
  bar_h = MIN (row_h * 0.62, chart->font * 1.6);
  chart->y = (GwScale) { 0, n, plot.y, plot.y + plot.height };

  for (guint i = 0; i < xa.n; i++)
    {
      double px = round (gw_scale_map (&x, xa.ticks[i])) + 0.5;
      g_autofree char *text = gw_axis_label (&xa, i);

      gw_chart_set_rgb (cr, chart->pal.grid, 1);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, px, plot.y);
      cairo_line_to (cr, px, plot.y + plot.height);
      cairo_stroke (cr);
      gw_chart_label_at (chart, cr, text, chart->font * 0.85, FALSE, chart->pal.muted, px,
                         plot.y + plot.height + chart->font * 0.5, 0.5, 0);
    }
  gw_chart_label_at (chart, cr, _("ρ"), chart->font * 0.8, TRUE, chart->pal.muted,
                     plot.x + plot.width + rho_w - chart->font * 0.2,
                     plot.y - chart->font * 0.3, 1, 1);

  for (guint i = 0; i < n; i++)
    {
      const GwSensitivity *s = chart->sens->pdata[i];
      double cy = plot.y + (i + 0.5) * row_h;
      double pb = gw_scale_map (&x, base);
      g_autofree char *name = pretty_input (s->path);
      g_autofree char *a = format_input (s->low_input);
      g_autofree char *b = format_input (s->high_input);
      g_autofree char *range = g_strdup_printf ("%s–%s", a, b);
      g_autofree char *rho = g_strdup_printf ("%+.2f", s->rho);
      g_autoptr(PangoLayout) nl = gw_chart_text (chart, cr, name, chart->font * 0.85, FALSE, -1);
      g_autoptr(PangoLayout) rl = gw_chart_text (chart, cr, range, chart->font * 0.8, FALSE, -1);

      if (chart->hover == (int) i)
        {
          gw_chart_set_rgb (cr, chart->pal.highlight, 1);
          cairo_rectangle (cr, area.x, cy - row_h / 2, area.width, row_h);
          cairo_fill (cr);
        }
      if (gw_chart_item_visible (chart, 0))
        {
          gw_chart_set_rgb (cr, chart->pal.cat[0], 0.9);
          cairo_rectangle (cr, MIN (pb, gw_scale_map (&x, s->low)), cy - bar_h / 2,
                           fabs (gw_scale_map (&x, s->low) - pb), bar_h);
          cairo_fill (cr);
        }
      if (gw_chart_item_visible (chart, 1))
        {
          gw_chart_set_rgb (cr, chart->pal.cat[1], 0.9);
          cairo_rectangle (cr, MIN (pb, gw_scale_map (&x, s->high)), cy - bar_h / 2,
                           fabs (gw_scale_map (&x, s->high) - pb), bar_h);
          cairo_fill (cr);
        }
      pango_layout_set_width (nl, (int) ((label_w - gw_chart_text_width (rl) - chart->font * 0.6)
                                         * PANGO_SCALE));
      pango_layout_set_ellipsize (nl, PANGO_ELLIPSIZE_END);
      gw_chart_set_rgb (cr, chart->pal.text, 1);
      gw_chart_show_text (cr, nl, area.x, cy, 0, 0.5);
      gw_chart_set_rgb (cr, chart->pal.muted, 1);
      gw_chart_show_text (cr, rl, plot.x - chart->font * 0.8, cy, 1, 0.5);
      gw_chart_label_at (chart, cr, rho, chart->font * 0.8, FALSE, chart->pal.muted,
                         plot.x + plot.width + rho_w - chart->font * 0.2, cy, 1, 0.5);
    }

  {
    double pb = round (gw_scale_map (&x, base)) + 0.5;
    g_autofree char *v = gw_format_unit_value (chart->unit, base);
    g_autofree char *text = g_strdup_printf (_("Deterministic run: %s"), v);

    gw_chart_set_rgb (cr, chart->pal.text, 0.9);
    cairo_set_line_width (cr, 1.2);
    cairo_move_to (cr, pb, plot.y - chart->font * 0.2);
    cairo_line_to (cr, pb, plot.y + plot.height);
    cairo_stroke (cr);
    gw_chart_label_at (chart, cr, text, chart->font * 0.8, FALSE, chart->pal.text, pb,
                       plot.y - chart->font * 0.3, 0.5, 1);
  }
}

/* The whole chart */

void
gw_chart_draw (GwChart *chart,
               cairo_t *cr,
               double   width,
               double   height)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *foot = NULL;
  double pad, y, foot_h = 0;
  GwRect area;

  chart->width = width;
  chart->height = height;
  chart->font = CLAMP (sqrt (width * height) / 58.0, 9.5, 22.0);
  chart->laid_out = FALSE;
  pad = chart->font * 1.7;

  cairo_save (cr);
  gw_chart_set_rgb (cr, chart->pal.bg, 1);
  cairo_paint (cr);

  title = gw_chart_default_title (chart);
  subtitle = default_subtitle (chart);
  {
    g_autoptr(PangoLayout) tl = gw_chart_text (chart, cr, title, chart->font * 1.5, TRUE,
                                               width - 2 * pad);

    pango_layout_set_ellipsize (tl, PANGO_ELLIPSIZE_END);
    gw_chart_set_rgb (cr, chart->pal.text, 1);
    gw_chart_show_text (cr, tl, pad, pad * 0.8, 0, 0);
    y = pad * 0.8 + gw_chart_text_height (tl) + chart->font * 0.15;
  }
  if (subtitle[0])
    {
      g_autoptr(PangoLayout) sl = gw_chart_text (chart, cr, subtitle, chart->font * 0.9, FALSE,
                                                 width - 2 * pad);

      pango_layout_set_ellipsize (sl, PANGO_ELLIPSIZE_END);
      gw_chart_set_rgb (cr, chart->pal.muted, 1);
      gw_chart_show_text (cr, sl, pad, y, 0, 0);
      y += gw_chart_text_height (sl);
    }
  y += chart->font * 0.8;
  y += layout_legend (chart, cr, pad, y, width - 2 * pad, TRUE);

  if (chart->show_footnote && chart->results != NULL)
    {
      g_autoptr(PangoLayout) fl = NULL;

      foot = gw_chart_sources (chart);
      fl = gw_chart_text (chart, cr, foot, chart->font * 0.72, FALSE, width - 2 * pad);
      pango_layout_set_height (fl, -3);
      pango_layout_set_ellipsize (fl, PANGO_ELLIPSIZE_END);
      foot_h = gw_chart_text_height (fl);
      gw_chart_set_rgb (cr, chart->pal.muted, 1);
      gw_chart_show_text (cr, fl, pad, height - pad * 0.7 - foot_h, 0, 0);
      foot_h += chart->font * 1.0;
    }

  if (chart->results == NULL || chart->n_items == 0)
    {
      gw_chart_label_at (chart, cr,
                         chart->results == NULL ? _("Run the scenario to see this chart")
                                                : _("This output is not in the results"),
                         chart->font, FALSE, chart->pal.muted, width / 2, height / 2, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }

  /* Units above the value axis, as research charts put them. */
  if (chart->spec.kind != GW_CHART_TORNADO)
    {
      const char *unit = chart->spec.kind == GW_CHART_HISTOGRAM ? _("Share of paths")
                                                                : unit_axis_label (chart->unit);

      y += chart->font * 1.4;
      gw_chart_label_at (chart, cr, unit, chart->font * 0.8, FALSE, chart->pal.muted, pad, y, 0, 1);
      if (chart->spec.kind == GW_CHART_HISTOGRAM && gw_chart_item_visible (chart, 1))
        gw_chart_label_at (chart, cr, _("Cumulative"), chart->font * 0.8, FALSE, chart->pal.muted,
                           width - pad, y, 1, 1);
      if (chart->spec.kind == GW_CHART_LEVERAGE)
        gw_chart_label_at (chart, cr, _("Loan to value (×)"), chart->font * 0.8, FALSE,
                           chart->pal.muted, width - pad, y, 1, 1);
      y += chart->font * 0.9;
    }
  else
    y += chart->font * 0.6;

  area = (GwRect) { pad, y, width - 2 * pad, height - y - pad * 0.7 - foot_h };
  chart->plot2 = (GwRect) { 0, 0, 0, 0 };
  switch (chart->spec.kind)
    {
    case GW_CHART_FAN:
    case GW_CHART_STACKED:
    case GW_CHART_LINES:
    case GW_CHART_LEVERAGE:
      {
        GwAxis axis;

        layout_temporal (chart, cr, area, &axis);
        paint_temporal (chart, cr, &axis);
      }
      break;
    case GW_CHART_COMPARE:
      {
        GwAxis axis;
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
        layout_temporal (chart, cr, left, &axis);
        paint_temporal (chart, cr, &axis);
        if (chart->n_bins > 0)
          paint_histogram (chart, cr, right, TRUE);
      }
      break;
    case GW_CHART_HISTOGRAM:
      paint_histogram (chart, cr, area, FALSE);
      break;
    case GW_CHART_TORNADO:
      paint_tornado (chart, cr, area);
      break;
    case GW_CHART_WATERFALL:
      gw_chart_paint_waterfall (chart, cr, area);
      break;
    default:
      break;
    }
  chart->laid_out = TRUE;
  cairo_restore (cr);
}

/* Hit-testing */

GwRect
gw_chart_get_plot_area (GwChart *chart)
{
  return chart->plot;
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

/* The value under pointer x on a histogram's value axis (as last drawn). */
double
gw_chart_value_at_x (GwChart *chart,
                     double   x)
{
  if (chart->x.r1 == chart->x.r0)
    return NAN;
  return gw_scale_invert (&chart->x, x);
}

double
gw_chart_x_for_quarter (GwChart *chart,
                        int      t)
{
  return gw_scale_map (&chart->x, t);
}

double
gw_chart_y_for_value (GwChart *chart,
                      double   value)
{
  return gw_scale_map (&chart->y, value);
}

/**
 * gw_chart_hit_quarter:
 *
 * Returns: for a temporal chart the quarter t under (@x, @y) (negative
 *   before the start), for a histogram the bin, for a tornado the row;
 *   G_MININT outside the plot
 */
int
gw_chart_hit_quarter (GwChart *chart,
                      double   x,
                      double   y)
{
  GwRect r = chart->plot;

  if (!chart->laid_out || y < r.y - 2 || y > r.y + r.height + 2)
    return G_MININT;
  switch (chart->spec.kind)
    {
    case GW_CHART_HISTOGRAM:
      if (chart->n_bins == 0 || x < r.x || x > r.x + r.width)
        return G_MININT;
      {
        double v = gw_scale_invert (&chart->x, x);

        for (guint b = 0; b < chart->n_bins; b++)
          if (v >= chart->bin_edges[b] && v <= chart->bin_edges[b + 1])
            return b;
      }
      return G_MININT;
    case GW_CHART_WATERFALL:
      return gw_chart_hit_bar (chart, x, y);
    case GW_CHART_TORNADO:
      {
        int row = (int) floor (gw_scale_invert (&chart->y, y));
        int n = chart->sens ? (int) MIN (chart->sens->len, 12) : 0;

        return row >= 0 && row < n && x >= 0 && x <= chart->width ? row : G_MININT;
      }
    default:
      {
        double d0, d1;
        int t;

        gw_chart_get_view (chart, &d0, &d1);
        if (x < r.x - 2 || x > r.x + r.width + 2)
          return G_MININT;
        t = gw_hit_quarter (&chart->x, x, MAX ((int) ceil (d0), -chart->history),
                            MIN ((int) floor (d1), (int) chart->results->plan->T - 1));
        return t;
      }
    }
}

int
gw_chart_hit_legend (GwChart *chart,
                     double   x,
                     double   y)
{
  for (guint i = 0; i < chart->n_legend; i++)
    if (gw_rect_contains (&chart->legend[i], x, y))
      return chart->legend_item[i];
  return -1;
}

/* Words for the tooltip and for screen readers */

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

/**
 * gw_chart_describe_quarter:
 * @t: a value from gw_chart_hit_quarter()
 *
 * The values at @t, as the tooltip shows them: the quarter, then one line
 * per statistic or visible series, formatted as gw_format_unit_value() does.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL
 */
char *
gw_chart_describe_quarter (GwChart *chart,
                           int      t)
{
  const GwScenario *s = gw_chart_scenario (chart);
  GString *out;

  if (chart->results == NULL || t == G_MININT || chart->n_items == 0)
    return NULL;
  out = g_string_new (NULL);
  switch (chart->spec.kind)
    {
    case GW_CHART_HISTOGRAM:
      if (t < 0 || t >= (int) chart->n_bins)
        break;
      {
        g_autofree char *a = gw_format_unit_value (chart->unit, chart->bin_edges[t]);
        g_autofree char *b = gw_format_unit_value (chart->unit, chart->bin_edges[t + 1]);

        g_string_append_printf (out, _("%s to %s"), a, b);
        g_string_append_printf (out, _("\nShare of paths: %.1f%%"), 100 * chart->bin_share[t]);
        g_string_append_printf (out, _("\nCumulative: %.1f%%"), 100 * chart->bin_cdf[t]);
      }
      break;
    case GW_CHART_WATERFALL:
      if (t >= 0 && t < (int) chart->n_bars)
        {
          g_autofree char *text = gw_chart_describe_bar (chart, t);

          g_string_append (out, text);
        }
      break;
    case GW_CHART_TORNADO:
      if (chart->sens == NULL || t < 0 || t >= (int) chart->sens->len)
        break;
      {
        const GwSensitivity *sv = chart->sens->pdata[t];
        g_autofree char *lo = gw_format_unit_value (chart->unit, sv->low);
        g_autofree char *hi = gw_format_unit_value (chart->unit, sv->high);

        g_string_append (out, sv->path);
        g_string_append_printf (out, _("\nAt P10 (%g): %s"), sv->low_input, lo);
        g_string_append_printf (out, _("\nAt P90 (%g): %s"), sv->high_input, hi);
        g_string_append_printf (out, _("\nSpearman ρ: %.3f"), sv->rho);
      }
      break;
    default:
      {
        g_autofree char *q = gw_quarter_format ((s ? s->info.start : 0) + t);

        g_string_append (out, q);
        if (t < 0)
          {
            for (guint i = 0; s && i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
              {
                const GwActual *a = gw_scenario_actual (s, i);

                if (a->quarter == s->info.start + t
                    && actual_matches (a, chart->series_key, chart->provider))
                  {
                    g_autofree char *v = gw_format_unit_value (chart->unit, a->value);

                    g_string_append_printf (out, _("\nActual: %s"), v);
                  }
              }
            break;
          }
        if (t >= (int) chart->results->plan->T)
          break;
        if (chart->spec.kind == GW_CHART_FAN)
          {
            describe_summary (out, chart->unit, &gw_chart_summaries (chart->results,
                                                                     chart->series)[t],
                              chart->spec.show_mean);
            for (guint i = 0; i < chart->n_items; i++)
              if (chart->items[i].series == GW_S_ANCHOR && gw_chart_item_visible (chart, i))
                {
                  const GwSummary *sm = &gw_chart_summaries (chart->results, GW_S_ANCHOR)[t];
                  g_autofree char *v = gw_format_unit_value (chart->unit, sm->q[GW_Q_P50]);

                  g_string_append_printf (out, "\n%s: %s", chart->items[i].label, v);
                }
            for (guint i = 0; s && t == 0 && i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
              {
                const GwActual *a = gw_scenario_actual (s, i);

                if (a->quarter == s->info.start
                    && actual_matches (a, chart->series_key, chart->provider))
                  {
                    g_autofree char *v = gw_format_unit_value (chart->unit, a->value);

                    g_string_append_printf (out, _("\nActual: %s"), v);
                  }
              }
            break;
          }
        for (guint i = 0; i < chart->n_items; i++)
          {
            const GwChartItem *item = &chart->items[i];
            const GwSummary *sm;
            g_autofree char *v = NULL;
            GwUnit unit;

            if (!gw_chart_item_visible (chart, i) || item->series < 0)
              continue;
            sm = &gw_chart_summaries (item->results, item->series)[t];
            unit = gw_plan_series_unit (item->results->plan, item->series);
            if (item->swatch == GW_SWATCH_BAND && chart->spec.kind == GW_CHART_LEVERAGE)
              {
                g_autofree char *hi = gw_format_unit_value (unit, sm->q[GW_N_QUANTILES - 1
                                                                        - item->stat]);

                v = gw_format_unit_value (unit, sm->q[item->stat]);
                g_string_append_printf (out, _("\n%s: %s – %s"), item->label, v, hi);
                continue;
              }
            v = gw_format_unit_value (unit, item->stat == GW_STAT_MEAN ? sm->mean
                                                                        : sm->q[item->stat]);
            g_string_append_printf (out, "\n%s: %s", item->label, v);
          }
      }
      break;
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * gw_chart_describe:
 *
 * One sentence for screen readers: the title and what is plotted.
 */
char *
gw_chart_describe (GwChart *chart)
{
  g_autofree char *title = gw_chart_default_title (chart);
  GString *out = g_string_new (title);

  for (guint i = 0; i < chart->n_items; i++)
    g_string_append_printf (out, "%s%s%s", i == 0 ? ": " : ", ", chart->items[i].label,
                            gw_chart_get_item_visible (chart, i) ? "" : _(" (hidden)"));
  return g_string_free (out, FALSE);
}
