/* gw-chart-describe.c: the words of a chart
 *
 * Its title, subtitle and footnote (what it plots, where the inputs come
 * from), the tooltip's values at a quarter, bin, row or bar, and the
 * sentence for screen readers. Each kind says its own part through its
 * GwChartKindVTable (title, footnote, describe); this file is the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-chart-private.h"

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

/* Titles */

/**
 * gw_chart_series_title:
 *
 * The title of a chart of one series: its label, after the provider's name
 * for a provider's series.
 *
 * Returns: (nullable): the title, or %NULL without a series
 */
char *
gw_chart_series_title (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;

  if (chart->series < 0)
    return NULL;
  if (gw_plan_series_provider (plan, chart->series) >= 0)
    return g_strdup_printf (_("%s: %s"), chart->provider,
                            gw_chart_series_label (plan, chart->series));
  return g_strdup (gw_plan_series_label (plan, chart->series));
}

char *
gw_chart_default_title (GwChart *chart)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  char *title;

  if (chart->title != NULL)
    return g_strdup (chart->title);
  if (chart->results == NULL)
    return g_strdup (_("No results yet"));
  title = kind->title != NULL ? kind->title (chart) : gw_chart_series_title (chart);
  return title != NULL ? title : g_strdup (_("Nothing to show for this selection"));
}

/* The subtitle: the scenario, the variant (or two), the paths, the seed, the
 * date of the run. */
char *
gw_chart_subtitle (GwChart *chart)
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
  if (gw_chart_vtable (chart)->subtitle_versus && chart->compare != NULL && chart->more != NULL)
    {
      g_autoptr(GString) others = g_string_new (chart->compare->plan->variant
                                                ? chart->compare->plan->variant
                                                : _("base scenario"));

      for (guint i = 0; i < chart->more->len; i++)
        {
          GwResults *m = chart->more->pdata[i];

          g_string_append_printf (others, ", %s",
                                  m->plan->variant ? m->plan->variant : _("base scenario"));
        }
      /* TRANSLATORS: "Inference boom, TPU beachhead vs base scenario" */
      g_string_append_printf (out, _("%s vs %s"), others->str,
                              r->plan->variant ? r->plan->variant : _("base scenario"));
    }
  else if (gw_chart_vtable (chart)->subtitle_versus && chart->compare != NULL)
    g_string_append_printf (out, _("%s vs %s"),
                            chart->compare->plan->variant ? chart->compare->plan->variant
                                                          : _("base scenario"),
                            r->plan->variant ? r->plan->variant : _("base scenario"));
  else
    g_string_append (out, r->plan->variant ? r->plan->variant : _("base scenario"));
  g_string_append (out, "  ·  ");
  if (gw_chart_vtable (chart)->subtitle_means)
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

/* Footnotes */

void
gw_chart_add_source (GPtrArray  *list,
                     const char *source)
{
  if (source == NULL || source[0] == '\0')
    return;
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (list->pdata[i], source))
      return;
  g_ptr_array_add (list, g_strdup (source));
}

/* Hyperscaler and captive revenue, imputed at market prices. */
void
gw_chart_footnote_imputed (GString *out)
{
  g_string_append (out, _("Hyperscaler and captive revenue is an imputed rental "
                          "value: what the fleet would earn at market prices."));
}

/* The footnote of the charts of medians per quarter (stacked and lines). */
void
gw_chart_footnote_medians (GwChart   *chart,
                           GString   *out,
                           GPtrArray *sources)
{
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  g_string_append (out, _("Medians across paths, per quarter."));
  for (guint i = 0; i < chart->n_items; i++)
    if (plan != NULL && chart->items[i].series >= 0
        && gw_chart_series_label (plan, chart->items[i].series)
           != gw_plan_series_label (plan, chart->items[i].series))
      {
        g_string_append_c (out, ' ');
        gw_chart_footnote_imputed (out);
        break;
      }
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
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  const GwScenario *s = gw_chart_scenario (chart);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  if (kind->footnote != NULL)
    kind->footnote (chart, out, list);
  if (s != NULL)
    {
      if (plan != NULL && chart->provider != NULL)
        for (guint j = 0; j < gw_scenario_n_providers (s); j++)
          if (g_ascii_strcasecmp (gw_scenario_provider (s, j)->name, chart->provider) == 0)
            gw_chart_add_source (list, gw_scenario_provider (s, j)->source);
      gw_chart_add_source (list, s->market.source);
      if (s->info.source && s->info.source[0])
        gw_chart_add_source (list, s->info.source);
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

/* Words for the tooltip and for screen readers */

/**
 * gw_chart_describe_quarter_head:
 *
 * The first words of a tooltip over quarters: the quarter, and before the
 * start the actuals of the chart's series.
 *
 * Returns: whether @t is a quarter of the run, whose values are to follow
 */
gboolean
gw_chart_describe_quarter_head (GwChart *chart,
                                int      t,
                                GString *out)
{
  const GwScenario *s = gw_chart_scenario (chart);
  g_autofree char *q = gw_quarter_format ((s ? s->info.start : 0) + t);

  g_string_append (out, q);
  if (t < 0)
    {
      for (guint i = 0; s && i < gw_scenario_n_rows (s, GW_TABLE_ACTUALS); i++)
        {
          const GwActual *a = gw_scenario_actual (s, i);

          if (a->quarter == s->info.start + t
              && gw_chart_actual_matches (a, chart->series_key, chart->provider))
            {
              g_autofree char *v = gw_format_unit_value (chart->unit, a->value);

              g_string_append_printf (out, _("\nActual: %s"), v);
            }
        }
      return FALSE;
    }
  return t < (int) chart->results->plan->T;
}

/**
 * gw_chart_describe_items:
 * @band_ranges: write a band's two quantiles, rather than its statistic
 *
 * One line per visible item at quarter @t: its label and its value.
 */
void
gw_chart_describe_items (GwChart *chart,
                         int      t,
                         GString *out,
                         gboolean band_ranges)
{
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
      if (item->swatch == GW_SWATCH_BAND && band_ranges)
        {
          g_autofree char *hi = gw_format_unit_value (unit, sm->q[GW_N_QUANTILES - 1
                                                                  - item->stat]);

          v = gw_format_unit_value (unit, sm->q[item->stat]);
          g_string_append_printf (out, _("\n%s: %s – %s"), item->label, v, hi);
          continue;
        }
      v = gw_format_unit_value (unit, item->stat == GW_STAT_MEAN ? sm->mean : sm->q[item->stat]);
      g_string_append_printf (out, "\n%s: %s", item->label, v);
    }
}

void
gw_chart_describe_temporal (GwChart *chart,
                            int      t,
                            GString *out)
{
  if (gw_chart_describe_quarter_head (chart, t, out))
    gw_chart_describe_items (chart, t, out, FALSE);
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
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  GString *out;

  if (chart->results == NULL || t == G_MININT || chart->n_items == 0)
    return NULL;
  out = g_string_new (NULL);
  if (kind->describe != NULL)
    kind->describe (chart, t, out);
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
