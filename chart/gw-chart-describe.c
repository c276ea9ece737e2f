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

#include <math.h>
#include <string.h>
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
  if (gw_chart_shows_filtered (chart) || gw_chart_filtered_empty (chart))
    {
      g_autofree char *kept = gw_format_grouped (chart->filtered->n_paths, 0);

      g_string_append (out, "  ·  ");
      /* TRANSLATORS: a chart's subtitle, after "2,000 paths": how many a filter keeps */
      g_string_append_printf (out, g_dngettext (NULL, "a filter keeps %s", "a filter keeps %s",
                                                chart->filtered->n_paths), kept);
    }
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

/* Drivers: the inputs that move what a chart shows */

/* Paths of the kept inputs that rank the drivers: enough to tell a rank
 * correlation of 0.1 from none (its standard error is about 0.022). */
#define DRIVER_PATHS 2000
#define MAX_DRIVERS 3
#define MIN_DRIVER_RHO 0.1

/* The per-path scalar that stands for what the chart shows: its own
 * scalar, or the provider's NPV (its minimum DSCR for charts of debt),
 * or the price at the horizon (the cumulative shortage for supply and
 * demand). */
static int
driver_scalar (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;
  const char *key = chart->series >= 0 ? gw_plan_series_key (plan, chart->series)
                                       : chart->series_key;
  const char *provider = NULL;
  const char *scalar;

  if (chart->scalar >= 0)
    return chart->scalar;
  /* a stacked chart's series is its first provider's; it shows the market */
  if (chart->spec.kind == GW_CHART_STACKED)
    key = chart->series_key;
  else if (chart->series >= 0 && gw_plan_series_provider (plan, chart->series) >= 0)
    provider = gw_plan_provider_name (plan, gw_plan_series_provider (plan, chart->series));
  else if (chart->provider != NULL && chart->spec.kind != GW_CHART_FAN
           && chart->spec.kind != GW_CHART_STACKED && chart->spec.kind != GW_CHART_LINES)
    provider = chart->provider;
  if (provider != NULL)
    scalar = chart->spec.kind == GW_CHART_LEVERAGE
             || (key && (g_str_equal (key, "dscr") || g_str_equal (key, "ltv")
                         || g_str_equal (key, "debt") || g_str_equal (key, "interest")
                         || g_str_equal (key, "principal"))) ? "min_dscr" : "npv";
  else
    scalar = key && (strstr (key, "supply") || strstr (key, "demand")
                     || g_str_equal (key, "shortage") || g_str_equal (key, "contracted"))
             ? "cumulative_shortage" : "price_horizon";
  return gw_plan_find_scalar (plan, scalar, provider);
}

typedef struct
{
  guint  slot;
  double rho;
} Driver;

static int
compare_driver (gconstpointer a,
                gconstpointer b)
{
  double x = fabs (((const Driver *) a)->rho), y = fabs (((const Driver *) b)->rho);

  return x < y ? 1 : x > y ? -1 : 0;
}

void
gw_chart_clear_drivers (GwChart *chart)
{
  g_clear_pointer (&chart->drivers, g_array_unref);
  chart->driver_scalar = -1;
}

/**
 * gw_chart_drivers:
 *
 * The inputs that move the chart's output most: the uncertain inputs
 * whose Spearman rank correlation with the chart's driver scalar, across
 * the paths whose inputs were kept, is strongest (at most three, each at
 * least 0.1 in size). Computed once per resolve.
 *
 * Returns: (transfer none) (element-type guint): slots, strongest first;
 *   empty for a deterministic run
 */
const GArray *
gw_chart_drivers (GwChart *chart)
{
  GwResults *r = chart->results;
  g_autoptr(GArray) all = NULL;
  gsize n;
  int x;

  if (chart->drivers != NULL)
    return chart->drivers;
  chart->drivers = g_array_new (FALSE, FALSE, sizeof (guint));
  chart->driver_scalar = -1;
  if (r == NULL || r->inputs == NULL || r->input_slots == NULL || r->n_input_paths < 10)
    return chart->drivers;
  x = driver_scalar (chart);
  if (x < 0)
    return chart->drivers;
  chart->driver_scalar = x;
  n = MIN (r->n_input_paths, DRIVER_PATHS);
  all = g_array_sized_new (FALSE, FALSE, sizeof (Driver), r->n_inputs);
  for (guint i = 0; i < r->n_inputs; i++)
    {
      Driver d = { r->input_slots[i],
                   gw_spearman (r->inputs + (gsize) i * r->n_input_paths,
                                gw_results_scalar_values (r, x), n) };

      if (isfinite (d.rho) && fabs (d.rho) >= MIN_DRIVER_RHO)
        g_array_append_val (all, d);
    }
  g_array_sort (all, compare_driver);
  for (guint i = 0; i < all->len && i < MAX_DRIVERS; i++)
    g_array_append_val (chart->drivers, g_array_index (all, Driver, i).slot);
  return chart->drivers;
}

/* Whether a clause of a source speaks of @field: it names its label, its
 * name ("price_0", "cost pass through") or a long word of its label
 * ("stickiness" for "Price stickiness", "interest" for "Interest rate";
 * not "growth", which many fields share). */
static gboolean
clause_names_field (const char    *clause,
                    const GwField *field)
{
  g_autofree char *c = g_utf8_casefold (clause, -1);
  g_autofree char *label = g_utf8_casefold (field->label, -1);
  g_autofree char *name = g_strdup (field->name);
  g_auto(GStrv) words = NULL;

  if (strstr (c, label) != NULL || strstr (c, name) != NULL)
    return TRUE;
  g_strdelimit (name, "_", ' ');
  if (strstr (c, name) != NULL)
    return TRUE;
  words = g_strsplit (label, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) >= 8 && strstr (c, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The part of a row's @source that speaks of @field: the clauses (split at
 * "; " outside parentheses) that name it; the whole source where it is one
 * clause; nothing where a long source never names the field. */
static void
add_field_sources (GPtrArray     *list,
                   const char    *source,
                   const GwField *field)
{
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (g_free);
  const char *start = source;
  int depth = 0;

  if (source == NULL || source[0] == '\0')
    return;
  for (const char *p = source;; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      if (*p == '\0' || (depth == 0 && p[0] == ';' && p[1] == ' '))
        {
          g_ptr_array_add (clauses, g_strstrip (g_strndup (start, p - start)));
          if (*p == '\0')
            break;
          start = p + 2;
        }
    }
  if (clauses->len == 1)
    {
      gw_chart_add_source (list, clauses->pdata[0]);
      return;
    }
  for (guint i = 0; i < clauses->len; i++)
    if (clause_names_field (clauses->pdata[i], field))
      gw_chart_add_source (list, clauses->pdata[i]);
}

/* "Moved most by Token growth, Elasticity and Price stickiness.", and the
 * sources of those inputs. */
static void
footnote_drivers (GwChart   *chart,
                  GString   *out,
                  GPtrArray *list)
{
  const GArray *drivers = gw_chart_drivers (chart);
  GwPlan *plan = chart->results->plan;
  const GwScenario *s = plan->scenario;
  g_autoptr(GString) names = g_string_new (NULL);

  if (drivers->len == 0)
    return;
  for (guint i = 0; i < drivers->len; i++)
    {
      guint k = g_array_index (drivers, guint, i);
      const GwSlot *slot = &g_array_index (plan->slots, GwSlot, k);
      g_autofree char *label = gw_plan_slot_label (plan, k);

      if (i > 0)
        g_string_append (names, i + 1 == drivers->len ? _(" and ") : _(", "));
      g_string_append (names, label);
      if (slot->row >= 0 || gw_table_info (slot->table)->single)
        {
          const GwTableInfo *info = gw_table_info (slot->table);
          int f = gw_table_find_field (slot->table, "source");
          gconstpointer row = gw_scenario_get_row (s, slot->table, (guint) MAX (slot->row, 0));

          if (f >= 0)
            add_field_sources (list, GW_FIELD_TEXT_OF (row, &info->fields[f]),
                               &info->fields[slot->field]);
        }
    }
  {
    const char *label = gw_plan_scalar_label (plan, chart->driver_scalar);
    g_autofree char *what = g_strdup (label);

    /* "price at the horizon" inside a sentence, but "NPV" */
    if (g_ascii_isupper (what[0]) && g_ascii_islower (what[1]))
      what[0] = g_ascii_tolower (what[0]);
    if (out->len > 0)
      g_string_append_c (out, ' ');
    /* Translators: "Moved most by Token growth, Elasticity and Price
     * stickiness (rank correlation with the NPV across paths)." */
    g_string_append_printf (out, _("Moved most by %s (rank correlation with the %s across "
                                   "paths)."), names->str, what);
  }
}

/**
 * gw_chart_sources:
 *
 * The footnote: what the chart plots, the inputs that move it most and
 * where those inputs come from, with the sources of the actuals drawn.
 */
char *
gw_chart_sources (GwChart *chart)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  if (kind->footnote != NULL)
    kind->footnote (chart, out, list);
  if (chart->results != NULL)
    footnote_drivers (chart, out, list);
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
      if (!g_str_has_suffix (out->str, "."))
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
 * One sentence for screen readers: the title and what is plotted (the
 * legend's items), then, with a filter, how many paths it keeps and what
 * the chart draws of them.
 */
char *
gw_chart_describe (GwChart *chart)
{
  g_autofree char *title = gw_chart_default_title (chart);
  GString *out = g_string_new (title);
  gboolean first = TRUE;

  for (guint i = 0; i < chart->n_items; i++)
    {
      /* named by its legend item */
      if (chart->items[i].group >= 0 && chart->items[i].group != (int) i)
        continue;
      g_string_append_printf (out, "%s%s%s", first ? ": " : ", ", chart->items[i].label,
                              gw_chart_get_item_visible (chart, i) ? "" : _(" (hidden)"));
      first = FALSE;
    }
  if (gw_chart_shows_filtered (chart) || gw_chart_filtered_empty (chart))
    {
      g_autoptr(GString) words = g_string_new (NULL);

      if (gw_chart_vtable (chart)->describe_filtered != NULL)
        gw_chart_vtable (chart)->describe_filtered (chart, words);
      else
        /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
        gw_chart_footnote_filtered (chart, words, _("Drawn beside the whole run: %s."));
      g_string_append (out, ". ");
      g_string_append (out, words->str);
    }
  return g_string_free (out, FALSE);
}
