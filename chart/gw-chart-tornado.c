/* gw-chart-tornado.c: one-at-a-time P10/P90 swings of a scalar, sorted
 *
 * One row per uncertain input: the deterministic run's scalar with the
 * input at its P10 and at its P90, all others central, and the input's
 * Spearman rank correlation with the scalar across paths.
 *
 * A filter of paths cannot change a bar: each is one deterministic run,
 * with no path in it. What it changes is the rank correlation, which is
 * given beside the whole's over the paths it keeps (a filter on an input
 * narrows that input's range, and its correlation with it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* Rows drawn, at most: the rest move the scalar least. */
#define MAX_ROWS 12
/* Paths whose inputs the filter keeps, at least, for its rank correlation
 * (as the footnote's drivers ask). */
#define MIN_RHO_PATHS 10

static void
tornado_clear (GwChart *chart)
{
  g_clear_pointer (&chart->sens, g_ptr_array_unref);
  g_clear_pointer (&chart->frho, g_array_unref);
}

/* Spearman's rho of each row's input with the scalar over the paths a
 * filter keeps, among those whose inputs the run kept; NaN where fewer
 * than MIN_RHO_PATHS. */
static void
resolve_filtered_rho (GwChart *chart)
{
  const GwResults *f = chart->filtered;

  if (chart->sens == NULL || !gw_chart_filtered_fits (chart) || f->n_paths == 0)
    return;
  chart->frho = g_array_sized_new (FALSE, FALSE, sizeof (double), chart->sens->len);
  for (guint i = 0; i < chart->sens->len; i++)
    {
      const GwSensitivity *sv = chart->sens->pdata[i];
      double rho = NAN;

      for (guint k = 0; k < f->n_inputs && f->inputs != NULL; k++)
        if (f->input_slots[k] == sv->slot && f->n_input_paths >= MIN_RHO_PATHS)
          rho = gw_spearman (f->inputs + (gsize) k * f->n_input_paths,
                             gw_results_scalar_values (f, chart->scalar), f->n_input_paths);
      g_array_append_val (chart->frho, rho);
    }
}

static void
tornado_resolve (GwChart *chart)
{
  const GwPalette *pal = &chart->pal;
  GwPlan *plan = chart->results->plan;

  if (chart->scalar < 0)
    return;
  chart->unit = gw_plan_scalar_unit (plan, chart->scalar);
  gw_chart_add_item (chart, _("Input at its P10"), GW_SWATCH_AREA, pal->cat[0], 1,
                     chart->scalar, chart->results);
  gw_chart_add_item (chart, _("Input at its P90"), GW_SWATCH_AREA, pal->cat[1], 1,
                     chart->scalar, chart->results);
  /* sorted by swing already, widest first (the results' own array) */
  chart->sens = chart->lazy_sensitivity
                  ? gw_results_peek_sensitivity (chart->results, chart->scalar)
                  : gw_results_sensitivity (chart->results, chart->scalar, NULL);
  resolve_filtered_rho (chart);
  if (chart->frho != NULL)
    {
      g_autofree char *kept = gw_chart_filtered_label (chart);
      /* TRANSLATORS: a tornado's legend: "Filtered (812 paths): ρ", the rank correlation over
       * the paths a filter keeps (the bars do not change with it) */
      g_autofree char *label = g_strdup_printf (_("%s: ρ"), kept);

      if (gw_chart_add_item (chart, label, GW_SWATCH_POINT, gw_chart_filtered_color (chart), 1,
                             chart->scalar, chart->filtered) != NULL)
        chart->filtered_shown = TRUE;
    }
}

/* The filtered paths' rho of row @i, or NaN where it is not shown. */
static double
filtered_rho (GwChart *chart,
              guint    i)
{
  if (chart->frho == NULL || i >= chart->frho->len || !gw_chart_item_visible (chart, 2))
    return NAN;
  return g_array_index (chart->frho, double, i);
}

/* "−0.12", or a dash where there is none */
static char *
rho_text (double rho)
{
  return isfinite (rho) ? g_strdup_printf ("%+.2f", rho) : g_strdup ("–");
}

/* Words */

static char *
tornado_title (GwChart *chart)
{
  GwPlan *plan = chart->results->plan;
  const char *provider = chart->provider;

  if (chart->scalar < 0)
    return NULL;
  provider = gw_plan_scalar_provider (plan, chart->scalar) >= 0 ? provider : NULL;
  if (provider)
    return g_strdup_printf (_("What moves %s’s %s"), provider,
                            gw_plan_scalar_label (plan, chart->scalar));
  return g_strdup_printf (_("What moves the %s"), gw_plan_scalar_label (plan, chart->scalar));
}

static void
tornado_footnote (GwChart   *chart,
                  GString   *out,
                  GPtrArray *sources)
{
  g_string_append (out, _("Bars: the deterministic run with one input at its P10 or P90 and "
                          "all others central; ρ: Spearman rank correlation across paths."));
  /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
  gw_chart_footnote_filtered (chart, out, _("The bars are the same for any filter (each is one "
                                            "deterministic run, with no path in it); purple ρ: "
                                            "the rank correlation over %s."));
}

static void
tornado_describe_filtered (GwChart *chart,
                           GString *out)
{
  /* TRANSLATORS: %s is "the 812 paths a filter keeps" */
  gw_chart_footnote_filtered (chart, out, _("The bars are deterministic runs, the same for any "
                                            "filter; ρ is also given over %s."));
}

/* The rows name the inputs; there is no value axis to title. */
static void
tornado_axis_titles (GwChart     *chart,
                     const char **left,
                     const char **right)
{
  *left = NULL;
}

static void
tornado_describe (GwChart *chart,
                  int      t,
                  GString *out)
{
  const GwSensitivity *sv;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *lo_in = NULL;
  g_autofree char *hi_in = NULL;
  const GwSlot *slot;
  const char *unit;

  if (chart->sens == NULL || t < 0 || t >= (int) chart->sens->len)
    return;
  sv = chart->sens->pdata[t];
  slot = &g_array_index (chart->results->plan->slots, GwSlot, sv->slot);
  unit = slot->row < 0 ? "units" : gw_table_field (slot->table, slot->field)->unit;
  lo = gw_format_unit_value (chart->unit, sv->low);
  hi = gw_format_unit_value (chart->unit, sv->high);
  lo_in = gw_format_quantity (sv->low_input, unit);
  hi_in = gw_format_quantity (sv->high_input, unit);
  g_string_append (out, sv->label);
  g_string_append_printf (out, _("\nAt P10 (%s): %s"), lo_in, lo);
  g_string_append_printf (out, _("\nAt P90 (%s): %s"), hi_in, hi);
  g_string_append_printf (out, _("\nSpearman ρ: %.2f"), sv->rho);
  if (chart->frho != NULL)
    {
      g_autofree char *kept = gw_chart_filtered_label (chart);
      g_autofree char *rho = rho_text (g_array_index (chart->frho, double, t));

      /* TRANSLATORS: "Spearman ρ, Filtered (812 paths): −0.12" */
      g_string_append_printf (out, _("\nSpearman ρ, %s: %s"), kept, rho);
    }
}

/* Painting */

/* The input's P10 to P90 with its field's unit: "2.5–9×/year", "$280–600/kW-month". */
static char *
input_range (GwChart             *chart,
             const GwSensitivity *s)
{
  GwPlan *plan = chart->results->plan;
  const GwSlot *slot = &g_array_index (plan->slots, GwSlot, s->slot);
  const char *unit = slot->row < 0 ? "units" : gw_table_field (slot->table, slot->field)->unit;
  g_autofree char *a = gw_format_quantity (s->low_input, unit);
  g_autofree char *b = gw_format_quantity (s->high_input, unit);

  return gw_format_range (a, b);
}

static void
tornado_paint (GwChart *chart,
               cairo_t *cr,
               GwRect   area)
{
  guint n, max_rows;
  double base = chart->results->det_scalars[chart->scalar];
  double lo = base, hi = base, label_w = 0, rho_w, frho_w = 0, row_h, bar_h, left;
  gboolean frho = chart->frho != NULL && gw_chart_item_visible (chart, 2);
  GwRgb purple = gw_chart_filtered_color (chart);
  GwAxis xa;
  GwRect plot;
  GwScale x;
  g_autoptr(PangoLayout) rho_probe = NULL;

  if (chart->sens == NULL && chart->lazy_sensitivity && chart->scalar >= 0)
    {
      gw_chart_label_at (chart, cr, _("Ranking the inputs…"), chart->font, FALSE,
                         chart->pal.muted, area.x + area.width / 2, area.y + area.height / 2, 0.5,
                         0.5);
      return;
    }
  if (chart->sens == NULL || chart->sens->len == 0)
    {
      gw_chart_label_at (chart, cr, _("No uncertain inputs to rank"), chart->font, FALSE,
                         chart->pal.muted, area.x + area.width / 2, area.y + area.height / 2, 0.5,
                         0.5);
      return;
    }
  max_rows = MAX (3, (guint) (area.height / (chart->font * 2.1)));
  n = MIN (chart->sens->len, MIN (max_rows, MAX_ROWS));
  for (guint i = 0; i < n; i++)
    {
      const GwSensitivity *s = chart->sens->pdata[i];
      g_autofree char *range = input_range (chart, s);
      g_autofree char *label = g_strdup_printf ("%s  %s", s->label, range);
      g_autoptr(PangoLayout) layout = gw_chart_text (chart, cr, label, chart->font * 0.85, FALSE,
                                                     -1);

      label_w = MAX (label_w, gw_chart_text_width (layout));
      gw_chart_extend (&lo, &hi, s->low);
      gw_chart_extend (&lo, &hi, s->high);
    }
  label_w = MIN (label_w, area.width * 0.42);
  rho_probe = gw_chart_text (chart, cr, "ρ −0.00", chart->font * 0.8, FALSE, -1);
  rho_w = gw_chart_text_width (rho_probe) + chart->font;
  /* the filtered paths' column right of the whole's, as wide as its head */
  if (frho)
    {
      g_autoptr(PangoLayout) head = gw_chart_text (chart, cr, _("filtered"), chart->font * 0.8,
                                                   TRUE, -1);

      frho_w = MAX (rho_w, gw_chart_text_width (head) + chart->font * 0.6);
    }
  gw_axis_make (&xa, lo, hi, 6, chart->unit);
  left = label_w + chart->font * 0.8;
  plot = (GwRect) { area.x + left, area.y + chart->font * 1.2,
                    area.width - left - rho_w - frho_w, area.height - chart->font * 3.2 };
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
  if (frho)
    gw_chart_label_at (chart, cr, _("filtered"), chart->font * 0.8, TRUE, purple,
                       plot.x + plot.width + rho_w + frho_w - chart->font * 0.2,
                       plot.y - chart->font * 0.3, 1, 1);

  for (guint i = 0; i < n; i++)
    {
      const GwSensitivity *s = chart->sens->pdata[i];
      double cy = plot.y + (i + 0.5) * row_h;
      double pb = gw_scale_map (&x, base);
      const char *name = s->label;
      g_autofree char *range = input_range (chart, s);
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
      if (frho)
        {
          g_autofree char *f = rho_text (filtered_rho (chart, i));

          gw_chart_label_at (chart, cr, f, chart->font * 0.8, TRUE, purple,
                             plot.x + plot.width + rho_w + frho_w - chart->font * 0.2, cy, 1,
                             0.5);
        }
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

/* The row under (@x, @y). */
static int
tornado_hit (GwChart *chart,
             double   x,
             double   y)
{
  int row = (int) floor (gw_scale_invert (&chart->y, y));
  int n = chart->sens ? (int) MIN (chart->sens->len, MAX_ROWS) : 0;

  return row >= 0 && row < n && x >= 0 && x <= chart->width ? row : G_MININT;
}

static void
tornado_write_csv (GwChart *chart,
                   GString *out)
{
  g_string_append (out, "input,spearman,input_p10,input_p90,output_at_p10,output_at_p90");
  /* the rank correlation over the paths a filter keeps: the bars are the
   * same for any filter */
  g_string_append (out, chart->frho != NULL ? ",spearman_filtered\n" : "\n");
  for (guint i = 0; chart->sens && i < chart->sens->len; i++)
    {
      const GwSensitivity *sv = chart->sens->pdata[i];

      gw_chart_csv_field (out, sv->path);
      gw_chart_csv_number (out, sv->rho);
      gw_chart_csv_number (out, sv->low_input);
      gw_chart_csv_number (out, sv->high_input);
      gw_chart_csv_number (out, sv->low);
      gw_chart_csv_number (out, sv->high);
      if (chart->frho != NULL)
        gw_chart_csv_number (out, g_array_index (chart->frho, double, i));
      g_string_append_c (out, '\n');
    }
}

const GwChartKindVTable gw_chart_tornado_vtable = {
  .provider_scalar = "npv",
  .market_scalar = "price_horizon",
  .clear = tornado_clear,
  .resolve = tornado_resolve,
  .title = tornado_title,
  .footnote = tornado_footnote,
  .axis_titles = tornado_axis_titles,
  .paint = tornado_paint,
  .hit = tornado_hit,
  .describe = tornado_describe,
  .write_csv = tornado_write_csv,
  .describe_filtered = tornado_describe_filtered,
};
