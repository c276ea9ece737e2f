/* gw-chart-waterfall.c: a provider's cash in one calendar year
 *
 * From revenue through EBITDA, interest, principal and capex to free cash
 * flow to equity: means across paths, which add up where medians do not.
 * A categorical chart, laid out and painted here whole. The paths a filter
 * keeps are a narrower purple bar beside each bar of the whole, the same
 * steps from their own means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The series of the bars, in the order of make_bars (). */
static const char *const bar_series[] = {
  "revenue", "ebitda", "interest", "principal", "capex", "fcf",
};

static void
clear_bars (GwChartBar *bars,
            guint      *n)
{
  for (guint i = 0; i < *n; i++)
    g_clear_pointer (&bars[i].label, g_free);
  *n = 0;
}

static void
waterfall_clear (GwChart *chart)
{
  clear_bars (chart->bars, &chart->n_bars);
  clear_bars (chart->fbars, &chart->n_fbars);
}

/* The mean of @key for the chart's provider in @results, summed over
 * quarters t0..t0+3: the mean of the year's sum, since means add. */
static double
year_mean (GwChart    *chart,
           GwResults  *results,
           const char *key,
           int         t0)
{
  int series = gw_plan_find_series (results->plan, key, chart->provider);
  const GwSummary *sm;
  double sum = 0;

  if (series < 0)
    return NAN;
  sm = gw_chart_summaries (results, series);
  for (int t = t0; t < t0 + 4; t++)
    sum += sm[t].mean;
  return sum;
}

/* A step of @value from where the last bar ended. */
static void
add_step (GwChartBar *bars,
          guint      *n,
          const char *label,
          double      value)
{
  GwChartBar *bar = &bars[(*n)++];

  bar->label = g_strdup (label);
  bar->start = *n > 1 ? bars[*n - 2].end : 0;
  bar->end = bar->start + value;
  bar->value = bar->end - bar->start;   /* the bar as drawn, to the last bit */
  bar->total = FALSE;
}

/* A total from zero to where the last bar ended (or to @value for the first). */
static void
add_total (GwChartBar *bars,
           guint      *n,
           const char *label,
           double      value)
{
  GwChartBar *bar = &bars[(*n)++];

  bar->label = g_strdup (label);
  bar->start = 0;
  bar->end = *n > 1 ? bars[*n - 2].end : value;
  bar->value = bar->end;
  bar->total = TRUE;
}

/* The bars of @results' year from quarter @t0; none where a mean is not
 * finite (a series a filter's results do not hold). */
static void
make_bars (GwChart    *chart,
           GwResults  *results,
           int         t0,
           GwChartBar *bars,
           guint      *n)
{
  GwPlan *plan = results->plan;
  double revenue, ebitda, interest, principal, capex, fcf;

  revenue = year_mean (chart, results, "revenue", t0);
  ebitda = year_mean (chart, results, "ebitda", t0);
  interest = year_mean (chart, results, "interest", t0);
  principal = year_mean (chart, results, "principal", t0);
  capex = year_mean (chart, results, "capex", t0);
  fcf = year_mean (chart, results, "fcf", t0);
  if (!isfinite (revenue + ebitda + interest + principal + capex + fcf))
    return;

  add_total (bars, n, gw_chart_provider_imputed (plan, gw_chart_provider_row (chart))
                      ? _("Imputed rental value") : _("Revenue"), revenue);
  add_step (bars, n, _("Power and operating costs"), ebitda - revenue);
  add_total (bars, n, _("EBITDA"), 0);
  add_step (bars, n, _("Interest"), -interest);
  add_step (bars, n, _("Principal repaid"), -principal);
  add_step (bars, n, _("Capex"), -capex);
  add_step (bars, n, _("Capex financed by debt"),
            fcf - (ebitda - interest - principal - capex));
  add_total (bars, n, _("Free cash flow to equity"), 0);
}

/**
 * waterfall_resolve:
 *
 * The bars of one provider's calendar year, from the means of its series
 * summed over the four quarters. Free cash flow to equity is EBITDA − capex
 * + debt_share × capex − interest − principal (MODEL.md step 10), so the
 * steps are the revenue, the costs that take it to EBITDA, interest,
 * principal, capex and the part of capex that debt paid for; the last is
 * what the FCF leaves after the others, so the bars end exactly at the sum
 * of their steps, which is the mean FCF.
 */
static void
waterfall_resolve (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;
  const GwPalette *pal = &chart->pal;
  int j = gw_chart_provider_row (chart);
  int year, t0;

  if (j < 0)
    return;
  year = chart->spec.year > 0 ? chart->spec.year : gw_chart_default_year (plan);
  t0 = GW_QUARTER (year, 1) - plan->scenario->info.start;
  if (year <= 0 || t0 < 0 || t0 + 3 >= (int) plan->T)
    return;
  chart->year = year;
  chart->first_quarter = t0;
  make_bars (chart, chart->results, t0, chart->bars, &chart->n_bars);
  if (chart->n_bars == 0)
    return;

  chart->series = gw_plan_find_series (plan, "fcf", chart->provider);
  chart->unit = GW_UNIT_MONEY;
  gw_chart_add_item (chart, _("Increase"), GW_SWATCH_AREA, pal->cat[2], 0.9, chart->series,
                     chart->results);
  gw_chart_add_item (chart, _("Decrease"), GW_SWATCH_AREA, pal->cat[5], 0.9, chart->series,
                     chart->results);
  gw_chart_add_item (chart, _("Total"), GW_SWATCH_AREA, pal->cat[0], 0.9, chart->series,
                     chart->results);
  /* the same bars from the means of the paths a filter keeps */
  for (guint i = 0; i < G_N_ELEMENTS (bar_series); i++)
    if (!gw_chart_filtered_has (chart, gw_plan_find_series (plan, bar_series[i],
                                                            chart->provider)))
      return;
  make_bars (chart, chart->filtered, t0, chart->fbars, &chart->n_fbars);
  if (chart->n_fbars == chart->n_bars)
    {
      g_autofree char *label = gw_chart_filtered_label (chart);

      if (gw_chart_add_item (chart, label, GW_SWATCH_AREA, gw_chart_filtered_color (chart), 0.85,
                             chart->series, chart->filtered) != NULL)
        chart->filtered_shown = TRUE;
    }
  else
    clear_bars (chart->fbars, &chart->n_fbars);
}

/* Whether the filtered paths' bars are drawn: their legend item (the
 * fourth) is shown. */
static gboolean
fbars_shown (GwChart *chart)
{
  return chart->n_fbars == chart->n_bars && chart->n_fbars > 0
         && gw_chart_item_visible (chart, 3);
}

/* Which legend item a bar belongs to: 0 increase, 1 decrease, 2 total. */
static guint
bar_item (const GwChartBar *bar)
{
  return bar->total ? 2 : bar->value >= 0 ? 0 : 1;
}

static char *
bar_value_text (const GwChartBar *bar)
{
  g_autofree char *money = gw_format_money (fabs (bar->value));

  if (bar->total)
    return gw_format_money (bar->value);
  return g_strdup_printf ("%s%s", bar->value < 0 ? "−" : "+", money);
}

/* The dashed connector at @value from the right edge @x0 of one bar to the
 * left edge @x1 of the next. */
static void
connector (GwChart *chart,
           cairo_t *cr,
           GwRgb    color,
           double   value,
           double   x0,
           double   x1)
{
  double py = round (gw_scale_map (&chart->y, value)) + 0.5;
  double dash[] = { 3, 2 };

  cairo_save (cr);
  gw_chart_set_rgb (cr, color, 1);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, x0, py);
  cairo_line_to (cr, x1, py);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
waterfall_paint (GwChart *chart,
                 cairo_t *cr,
                 GwRect   area)
{
  double lo = 0, hi = 0, left, slot, label_h = 0, bar_w, size = chart->font * 0.8;
  double whole_w, f_w;
  guint n = chart->n_bars;
  gboolean filtered = fbars_shown (chart);
  GwRgb purple = gw_chart_filtered_color (chart);
  GwAxis axis;
  GwRect plot;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      gw_chart_extend (&lo, &hi, chart->bars[i].start);
      gw_chart_extend (&lo, &hi, chart->bars[i].end);
      if (filtered)
        {
          gw_chart_extend (&lo, &hi, chart->fbars[i].start);
          gw_chart_extend (&lo, &hi, chart->fbars[i].end);
        }
    }
  /* room above and below for the value labels (two lines of them with a
   * filter's) */
  {
    double pad = (hi - lo) * (filtered ? 0.12 : 0.06);

    hi += hi > 0 ? pad : 0;
    lo -= lo < 0 ? pad : 0;
  }
  gw_axis_make (&axis, lo, hi, area.height > chart->font * 22 ? 6 : 5, GW_UNIT_MONEY);
  left = gw_chart_axis_label_width (chart, cr, &axis) + chart->font * 0.8;
  slot = (area.width - left - chart->font * 0.6) / n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) l = gw_chart_text (chart, cr, chart->bars[i].label, size,
                                                chart->bars[i].total, slot - chart->font * 0.4);

      pango_layout_set_alignment (l, PANGO_ALIGN_CENTER);
      label_h = MAX (label_h, gw_chart_text_height (l));
    }
  plot = (GwRect) { area.x + left, area.y, area.width - left - chart->font * 0.6,
                    area.height - label_h - chart->font * 0.9 };
  chart->plot = plot;
  chart->x = (GwScale) { -0.5, n - 0.5, plot.x, plot.x + plot.width };
  chart->y = (GwScale) { axis.lo, axis.hi, plot.y + plot.height, plot.y };
  bar_w = MIN (slot * (filtered ? 0.72 : 0.64), chart->font * (filtered ? 8 : 7));
  /* with a filter's paths, the whole's bar on the left of the slot and
   * theirs, narrower, beside it on the right */
  whole_w = filtered ? bar_w * 0.6 : bar_w;
  f_w = bar_w * 0.34;

  if (chart->hover >= 0 && chart->hover < (int) n)
    {
      gw_chart_set_rgb (cr, chart->pal.highlight, 1);
      cairo_rectangle (cr, gw_scale_map (&chart->x, chart->hover - 0.5), plot.y, slot,
                       plot.height + label_h + chart->font * 0.9);
      cairo_fill (cr);
    }
  gw_chart_draw_y_axis (chart, cr, &axis, &plot, &chart->y, FALSE, TRUE);
  /* the zero line, also where the axis starts at zero */
  {
    double py = round (gw_scale_map (&chart->y, 0)) + 0.5;

    gw_chart_set_rgb (cr, chart->pal.axis, 1);
    cairo_set_line_width (cr, 1);
    cairo_move_to (cr, plot.x, py);
    cairo_line_to (cr, plot.x + plot.width, py);
    cairo_stroke (cr);
  }

  for (guint i = 0; i < n; i++)
    {
      const GwChartBar *bar = &chart->bars[i];
      const GwChartBar *fbar = filtered ? &chart->fbars[i] : NULL;
      double cx = gw_scale_map (&chart->x, i);
      double wx = cx - bar_w / 2 + whole_w / 2;       /* the whole's bar's centre */
      double fx = cx + bar_w / 2 - f_w / 2;           /* the filtered one's */
      double y0 = gw_scale_map (&chart->y, MAX (bar->start, bar->end));
      double y1 = gw_scale_map (&chart->y, MIN (bar->start, bar->end));
      double top = y0, bottom = y1;
      guint item = bar_item (bar);
      g_autofree char *value = bar_value_text (bar);
      g_autofree char *fvalue = fbar ? bar_value_text (fbar) : NULL;
      g_autoptr(PangoLayout) name = gw_chart_text (chart, cr, bar->label, size, bar->total,
                                                   slot - chart->font * 0.4);

      /* the connector from the previous bar's end */
      if (i > 0)
        {
          double px = gw_scale_map (&chart->x, i - 1);

          connector (chart, cr, chart->pal.axis, chart->bars[i - 1].end,
                     px - bar_w / 2 + whole_w, cx - bar_w / 2);
          if (fbar != NULL)
            connector (chart, cr, purple, chart->fbars[i - 1].end, px + bar_w / 2,
                       cx + bar_w / 2 - f_w);
        }
      if (gw_chart_item_visible (chart, item))
        {
          gw_chart_set_rgb (cr, chart->items[item].color, chart->items[item].alpha);
          cairo_rectangle (cr, wx - whole_w / 2, y0, whole_w, MAX (1, y1 - y0));
          cairo_fill (cr);
        }
      if (fbar != NULL)
        {
          double f0 = gw_scale_map (&chart->y, MAX (fbar->start, fbar->end));
          double f1 = gw_scale_map (&chart->y, MIN (fbar->start, fbar->end));

          gw_chart_set_rgb (cr, purple, chart->items[3].alpha);
          cairo_rectangle (cr, fx - f_w / 2, f0, f_w, MAX (1, f1 - f0));
          cairo_fill (cr);
          top = MIN (top, f0);
          bottom = MAX (bottom, f1);
        }
      /* the value over a rise, under a fall; the filtered paths' beside
       * it, nearer the bars, in their colour */
      if (bar->value >= 0)
        {
          double y = top - chart->font * 0.2;

          if (fvalue != NULL)
            {
              gw_chart_label_at (chart, cr, fvalue, size, bar->total, purple, cx, y, 0.5, 1);
              y -= size * 1.35;
            }
          gw_chart_label_at (chart, cr, value, size, bar->total, chart->pal.text, cx, y, 0.5, 1);
        }
      else
        {
          double y = bottom + chart->font * 0.2;

          gw_chart_label_at (chart, cr, value, size, bar->total, chart->pal.text, cx, y, 0.5, 0);
          if (fvalue != NULL)
            gw_chart_label_at (chart, cr, fvalue, size, bar->total, purple, cx,
                               y + size * 1.35, 0.5, 0);
        }
      /* centred in the bar's slot: the layout is as wide as the slot */
      pango_layout_set_alignment (name, PANGO_ALIGN_CENTER);
      gw_chart_set_rgb (cr, bar->total ? chart->pal.text : chart->pal.muted, 1);
      cairo_move_to (cr, cx - (slot - chart->font * 0.4) / 2,
                     plot.y + plot.height + chart->font * 0.5);
      pango_cairo_show_layout (cr, name);
    }
}

/* The bar under (@x, @y), or G_MININT. */
static int
waterfall_hit (GwChart *chart,
               double   x,
               double   y)
{
  GwRect r = chart->plot;
  int i;

  if (chart->n_bars == 0 || x < r.x || x > r.x + r.width || y < r.y
      || y > chart->height)
    return G_MININT;
  i = (int) floor (gw_scale_invert (&chart->x, x) + 0.5);
  return i >= 0 && i < (int) chart->n_bars ? i : G_MININT;
}

/* Words */

static char *
describe_bar (GwChart *chart,
              guint    bar)
{
  const GwChartBar *b;
  const GwScenario *s = gw_chart_scenario (chart);
  g_autofree char *value = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *paths = NULL;
  char *text;

  g_return_val_if_fail (bar < chart->n_bars, NULL);
  b = &chart->bars[bar];
  value = bar_value_text (b);
  first = gw_quarter_format (s->info.start + chart->first_quarter);
  last = gw_quarter_format (s->info.start + chart->first_quarter + 3);
  paths = gw_format_grouped (chart->results->n_paths, 0);
  /* TRANSLATORS: "Interest, 2027\n−$1.52B\nmean of 2,000 paths, 2027Q1 to 2027Q4 summed" */
  text = g_strdup_printf (g_dngettext (NULL, "%s, %d\n%s\nmean of %s path, %s to %s summed",
                                       "%s, %d\n%s\nmean of %s paths, %s to %s summed",
                                       chart->results->n_paths),
                          b->label, chart->year, value, paths, first, last);
  if (fbars_shown (chart))
    {
      g_autofree char *fvalue = bar_value_text (&chart->fbars[bar]);
      g_autofree char *kept = gw_chart_filtered_label (chart);
      char *both = g_strdup_printf ("%s\n%s: %s", text, kept, fvalue);

      g_free (text);
      text = both;
    }
  return text;
}

static void
waterfall_describe (GwChart *chart,
                    int      t,
                    GString *out)
{
  if (t >= 0 && t < (int) chart->n_bars)
    {
      g_autofree char *text = describe_bar (chart, t);

      g_string_append (out, text);
    }
}

static char *
waterfall_title (GwChart *chart)
{
  if (chart->series < 0 || chart->provider == NULL)
    return NULL;
  /* TRANSLATORS: "CoreWeave: from revenue to free cash flow, 2027" */
  if (gw_chart_provider_imputed (chart->results->plan, gw_chart_provider_row (chart)))
    return g_strdup_printf (_("%s: from imputed rental value to free cash flow, %d"),
                            chart->provider, chart->year);
  return g_strdup_printf (_("%s: from revenue to free cash flow, %d"), chart->provider,
                          chart->year);
}

static void
waterfall_footnote (GwChart   *chart,
                    GString   *out,
                    GPtrArray *sources)
{
  GwPlan *plan = chart->results ? chart->results->plan : NULL;

  g_string_append (out, _("Bars: means across paths of the four quarters' sums (means add "
                          "up where medians do not). Free cash flow to equity = EBITDA − "
                          "capex + capex financed by debt − interest − principal."));
  gw_chart_footnote_filtered (chart, out, /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
                              _("Purple bars: the same means over %s."));
  if (plan != NULL && gw_chart_provider_imputed (plan, gw_chart_provider_row (chart)))
    {
      g_string_append_c (out, ' ');
      gw_chart_footnote_imputed (out);
    }
}

static void
waterfall_write_csv (GwChart *chart,
                     GString *out)
{
  gboolean filtered = gw_chart_shows_filtered (chart) && chart->n_fbars == chart->n_bars;

  /* start and end on the value axis; value = end - start; the filtered
   * paths' bars beside them */
  g_string_append (out, "bar,label,year,value,start,end,total");
  g_string_append (out, filtered ? ",filtered_value,filtered_start,filtered_end\n" : "\n");
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const GwChartBar *bar = &chart->bars[i];

      g_string_append_printf (out, "%u,", i);
      gw_chart_csv_field (out, bar->label);
      g_string_append_printf (out, ",%d", chart->year);
      gw_chart_csv_number (out, bar->value);
      gw_chart_csv_number (out, bar->start);
      gw_chart_csv_number (out, bar->end);
      g_string_append_printf (out, ",%d", bar->total ? 1 : 0);
      if (filtered)
        {
          gw_chart_csv_number (out, chart->fbars[i].value);
          gw_chart_csv_number (out, chart->fbars[i].start);
          gw_chart_csv_number (out, chart->fbars[i].end);
        }
      g_string_append_c (out, '\n');
    }
}

/* The six series of the year's bars. */
static void
waterfall_filtered_series (GwChart *chart,
                           GArray  *series)
{
  for (guint i = 0; i < G_N_ELEMENTS (bar_series); i++)
    {
      int s = gw_plan_find_series (chart->results->plan, bar_series[i], chart->provider);

      if (s >= 0)
        g_array_append_val (series, s);
    }
}

const GwChartKindVTable gw_chart_waterfall_vtable = {
  .subtitle_means = TRUE,
  .clear = waterfall_clear,
  .resolve = waterfall_resolve,
  .title = waterfall_title,
  .footnote = waterfall_footnote,
  .paint = waterfall_paint,
  .hit = waterfall_hit,
  .describe = waterfall_describe,
  .write_csv = waterfall_write_csv,
  .filtered_series = waterfall_filtered_series,
};
