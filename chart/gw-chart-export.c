/* gw-chart-export.c: charts to PNG, SVG, PDF and CSV; the PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "gw-chart-private.h"

gboolean
gw_chart_format_from_name (const char    *file,
                           GwChartFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (file, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = GW_CHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = GW_CHART_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = GW_CHART_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *file,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Cannot write the chart to “%s”: %s"), file,
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * gw_chart_export:
 * @dpi: for PNG only: pixels per inch (96 gives one pixel per CSS pixel)
 *
 * Draws the chart into a file with the same code as the screen.
 */
gboolean
gw_chart_export (GwChart       *chart,
                 const char    *file,
                 GwChartFormat  format,
                 double         width,
                 double         height,
                 double         dpi,
                 GError       **error)
{
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  switch (format)
    {
    case GW_CHART_FORMAT_PNG:
      {
        double scale = dpi > 0 ? dpi / 96.0 : 1.0;
        int pw = (int) ceil (width * scale), ph = (int) ceil (height * scale);

        if (pw > 20000 || ph > 20000)
          {
            g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                         _("A %d × %d pixel image is too large; use at most 20000 pixels a side"),
                         pw, ph);
            return FALSE;
          }
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
        cr = cairo_create (surface);
        cairo_scale (cr, scale, scale);
        gw_chart_draw (chart, cr, width, height);
        cairo_destroy (cr);
        ok = check_surface (surface, file, error);
        if (ok)
          {
            cairo_status_t st = cairo_surface_write_to_png (surface, file);

            if (st != CAIRO_STATUS_SUCCESS)
              {
                g_set_error (error, GW_ERROR, GW_ERROR_IO,
                             _("Cannot write the chart to “%s”: %s"), file,
                             cairo_status_to_string (st));
                ok = FALSE;
              }
          }
        cairo_surface_destroy (surface);
        return ok;
      }
    case GW_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create (file, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case GW_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create (file, width, height);
      {
        g_autofree char *title = gw_chart_default_title (chart);

        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gigawatt");
      }
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (!check_surface (surface, file, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  gw_chart_draw (chart, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, file, error);
  cairo_surface_destroy (surface);
  return ok;
}

/* CSV */

/* A CSV cell, quoted where it must be. */
void
gw_chart_csv_field (GString    *out,
                    const char *text)
{
  if (strpbrk (text, ",\"\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A comma, then @v with a dot for a decimal separator whatever the locale. */
void
gw_chart_csv_number (GString *out,
                     double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", v));
}

/* The items' series, one row per quarter, each series once; named by their
 * key (@by_key) or by the item's label. */
static void
write_series_csv (GwChart          *chart,
                  const GwScenario *s,
                  gboolean          by_key,
                  GString          *out)
{
  g_string_append (out, "item,quarter,t,mean,sd,p5,p10,p25,p50,p75,p90,p95\n");
  for (guint i = 0; i < chart->n_items; i++)
    {
      const GwChartItem *item = &chart->items[i];
      const GwSummary *sm;
      GwPlan *plan;
      gboolean seen = FALSE;

      if (item->series < 0)
        continue;
      /* A fan's bands and lines plot one series (a leverage chart's LTV
       * two items): write each series once. */
      for (guint k = 0; k < i; k++)
        seen |= chart->items[k].series == item->series
                && chart->items[k].results == item->results;
      if (seen)
        continue;
      plan = item->results->plan;
      sm = gw_chart_summaries (item->results, item->series);
      for (guint t = 0; t < plan->T; t++)
        {
          g_autofree char *q = gw_quarter_format ((s ? s->info.start : 0) + (int) t);
          g_autofree char *name = by_key ? g_strdup (gw_plan_series_key (plan, item->series))
                                         : g_strdup (item->label);

          gw_chart_csv_field (out, name);
          g_string_append_printf (out, ",%s,%u", q, t);
          gw_chart_csv_number (out, sm[t].mean);
          gw_chart_csv_number (out, sm[t].sd);
          for (guint k = 0; k < GW_N_QUANTILES; k++)
            gw_chart_csv_number (out, sm[t].q[k]);
          g_string_append_c (out, '\n');
        }
    }
}

/**
 * gw_chart_write_csv:
 *
 * The statistics the chart plots, one row per plotted point, with a
 * dot as decimal separator whatever the locale (CSV is for machines).
 */
gboolean
gw_chart_write_csv (GwChart     *chart,
                    const char  *file,
                    GError     **error)
{
  const GwChartKindVTable *kind = gw_chart_vtable (chart);
  g_autoptr(GString) out = g_string_new (NULL);
  const GwScenario *s = chart->scenario ? chart->scenario
                        : chart->results ? chart->results->plan->scenario : NULL;
  GError *local = NULL;

  if (chart->results == NULL || chart->n_items == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("The chart has nothing to write: no results or no such output"));
      return FALSE;
    }
  if (kind->write_csv != NULL)
    kind->write_csv (chart, out);
  else
    write_series_csv (chart, s, kind->csv_keys, out);
  if (!g_file_set_contents (file, out->str, out->len, &local))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Cannot write “%s”: %s"), file,
                   local->message);
      g_error_free (local);
      return FALSE;
    }
  return TRUE;
}

/* The report */

#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 48.0

typedef struct
{
  cairo_t    *cr;
  GwChart    *style;
  double      y;
  guint       page;
} Report;

static void
report_new_page (Report *r)
{
  if (r->page > 0)
    cairo_show_page (r->cr);
  r->page++;
  r->y = MARGIN;
  cairo_set_source_rgb (r->cr, 1, 1, 1);
  cairo_paint (r->cr);
  {
    g_autofree char *n = g_strdup_printf ("%u", r->page);
    g_autoptr(PangoLayout) l = gw_chart_text (r->style, r->cr, n, 9, FALSE, -1);

    cairo_set_source_rgb (r->cr, 0.45, 0.45, 0.48);
    gw_chart_show_text (r->cr, l, PAGE_W - MARGIN, PAGE_H - MARGIN / 2, 1, 1);
  }
}

/* Adds a paragraph, breaking the page first when it would not fit. */
static void
report_text (Report     *r,
             const char *text,
             double      size,
             gboolean    bold,
             double      gray,
             double      x,
             double      width,
             double      after)
{
  g_autoptr(PangoLayout) l = gw_chart_text (r->style, r->cr, text, size, bold, width);
  int w, h;

  pango_layout_get_pixel_size (l, &w, &h);
  if (r->y + h > PAGE_H - MARGIN)
    report_new_page (r);
  cairo_set_source_rgb (r->cr, gray, gray, gray + 0.02);
  gw_chart_show_text (r->cr, l, x, r->y, 0, 0);
  r->y += h + after;
}

static void
report_chart (Report           *r,
              GwResults        *results,
              const GwScenario *scenario,
              const GwChartSpec *spec,
              const char       *date)
{
  g_autoptr(GwChart) chart = gw_chart_new ();

  gw_chart_set_spec (chart, spec);
  gw_chart_set_scenario (chart, scenario);
  gw_chart_set_results (chart, results);
  gw_chart_set_date (chart, date);
  report_new_page (r);
  cairo_save (r->cr);
  cairo_translate (r->cr, MARGIN / 2, MARGIN / 2);
  gw_chart_draw (chart, r->cr, PAGE_W - MARGIN, PAGE_H - MARGIN * 1.1);
  cairo_restore (r->cr);
}

static void
report_assumptions (Report           *r,
                    const GwScenario *s)
{
  static const GwTable tables[] = { GW_TABLE_MARKET, GW_TABLE_PROVIDERS, GW_TABLE_GENERATIONS,
                                    GW_TABLE_DEALS, GW_TABLE_EVENTS };
  double col = 210;

  report_new_page (r);
  report_text (r, _("Assumptions and their sources"), 20, TRUE, 0.1, MARGIN, -1, 12);
  for (guint ti = 0; ti < G_N_ELEMENTS (tables); ti++)
    {
      const GwTableInfo *info = gw_table_info (tables[ti]);
      guint n = info->single ? 1 : gw_scenario_n_rows (s, tables[ti]);
      int source_field = gw_table_find_field (tables[ti], "source");

      report_text (r, _(info->label), 13, TRUE, 0.1, MARGIN, -1, 4);
      for (guint row = 0; row < n; row++)
        {
          gconstpointer data = info->single ? (gconstpointer) &s->market
                                            : gw_scenario_get_row (s, tables[ti], row);
          g_autoptr(GString) values = g_string_new (NULL);
          g_autofree char *label = info->single ? g_strdup (_(info->row_label))
                                                : gw_scenario_row_label (s, tables[ti], row);
          double y0;

          for (guint f = 0; f < info->n_fields; f++)
            if (info->fields[f].type == GW_FIELD_DIST)
              {
                const GwDist *d = GW_FIELD_DIST_OF (data, &info->fields[f]);
                g_autofree char *text = NULL;

                if (d->kind == GW_DIST_NONE)
                  continue;
                text = gw_dist_to_string (d);
                g_string_append_printf (values, "%s%s %s", values->len ? "; " : "",
                                        _(info->fields[f].label), text);
              }
          if (source_field >= 0)
            {
              const char *src = GW_FIELD_TEXT_OF (data, &info->fields[source_field]);

              if (src && src[0])
                g_string_append_printf (values, _("\nSource: %s"), src);
            }
          y0 = r->y;
          report_text (r, label, 9.5, TRUE, 0.15, MARGIN, col - 12, 0);
          if (r->y < y0)
            y0 = MARGIN;
          r->y = y0;
          report_text (r, values->str, 8.5, FALSE, 0.3, MARGIN + col, PAGE_W - 2 * MARGIN - col, 6);
        }
      r->y += 6;
    }
}

static void
report_probabilities (Report    *r,
                      GwResults *res)
{
  GwPlan *plan = res->plan;

  report_new_page (r);
  report_text (r, _("Headline probabilities"), 20, TRUE, 0.1, MARGIN, -1, 12);
  {
    guint x = GW_X_PRICE_HORIZON;
    g_autofree char *p10 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P10]);
    g_autofree char *p50 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P50]);
    g_autofree char *p90 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P90]);
    g_autofree char *text = g_strdup_printf (_("GPU-hour price at the horizon: median %s "
                                               "(P10 %s, P90 %s)."), p50, p10, p90);

    report_text (r, text, 11, FALSE, 0.15, MARGIN, PAGE_W - 2 * MARGIN, 10);
  }
  for (guint j = 0; j < plan->P; j++)
    {
      int xd = gw_plan_find_scalar (plan, "min_dscr", gw_plan_provider_name (plan, j));
      int xn = gw_plan_find_scalar (plan, "npv", gw_plan_provider_name (plan, j));
      double pd, pn;
      g_autofree char *npv = NULL;
      g_autofree char *text = NULL;

      if (xd < 0 || xn < 0)
        continue;
      pd = gw_results_probability (res, xd, 1.0, TRUE);
      pn = gw_results_probability (res, xn, 0.0, TRUE);
      npv = gw_format_money (res->scalars[xn].q[GW_Q_P50]);
      text = g_strdup_printf (_("%s: P(minimum DSCR < 1) = %.1f%%; P(NPV < 0) = %.1f%%; "
                                "median NPV %s."),
                              gw_plan_provider_name (plan, j), 100 * pd, 100 * pn, npv);
      report_text (r, text, 11, FALSE, 0.15, MARGIN, PAGE_W - 2 * MARGIN, 6);
    }
  report_text (r, _("Probabilities are shares of Monte Carlo paths; with N paths their "
                    "standard error is at most 0.5/√N."), 9, FALSE, 0.45, MARGIN,
               PAGE_W - 2 * MARGIN, 0);
}

/**
 * gw_chart_write_report:
 *
 * Writes an A4 landscape PDF: a cover, the assumptions with their sources,
 * the overview charts, the first provider's leverage and cash waterfall,
 * the tornado of its NPV, the distribution of its minimum DSCR and the
 * headline probabilities.
 */
gboolean
gw_chart_write_report (const GwScenario *scenario,
                       GwResults        *results,
                       const char       *file,
                       GError          **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (file, PAGE_W, PAGE_H);
  g_autoptr(GwChart) style = gw_chart_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  const char *first = results->plan->P > 0 ? gw_plan_provider_name (results->plan, 0) : NULL;
  Report r = { 0 };
  gboolean ok;

  if (!check_surface (surface, file, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, scenario->info.name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gigawatt");
  r.cr = cairo_create (surface);
  r.style = style;

  /* Cover */
  report_new_page (&r);
  r.y = PAGE_H * 0.28;
  report_text (&r, _("Gigawatt scenario report"), 14, FALSE, 0.4, MARGIN * 2, -1, 8);
  report_text (&r, scenario->info.name, 34, TRUE, 0.08, MARGIN * 2, PAGE_W - 4 * MARGIN, 14);
  if (scenario->info.description && scenario->info.description[0])
    report_text (&r, scenario->info.description, 11, FALSE, 0.25, MARGIN * 2,
                 PAGE_W - 4 * MARGIN, 14);
  {
    g_autofree char *paths = gw_format_grouped (results->n_paths, 0);
    g_autofree char *facts =
      /* Translators: variant · paths · seed · engine · date */
      g_strdup_printf (_("%s  ·  %s paths  ·  seed %" G_GUINT64_FORMAT "  ·  %s engine  ·  %s"),
                       results->plan->variant ? results->plan->variant : _("base scenario"),
                       paths, results->plan->seed,
                       results->engine ? results->engine : "cpu", date);

    report_text (&r, facts, 11, FALSE, 0.4, MARGIN * 2, PAGE_W - 4 * MARGIN, 0);
  }

  report_assumptions (&r, scenario);

  {
    GwChartSpec spec = GW_CHART_SPEC_INIT;

    report_chart (&r, results, scenario, &spec, date);
    spec.kind = GW_CHART_STACKED;
    spec.series = "supply";
    report_chart (&r, results, scenario, &spec, date);
    spec.series = "demand";
    report_chart (&r, results, scenario, &spec, date);
    spec.kind = GW_CHART_FAN;
    spec.series = "utilization";
    report_chart (&r, results, scenario, &spec, date);
    if (first != NULL)
      {
        spec.provider = first;
        spec.series = "revenue";
        report_chart (&r, results, scenario, &spec, date);
        spec.series = "dscr";
        report_chart (&r, results, scenario, &spec, date);
        spec.kind = GW_CHART_LEVERAGE;
        report_chart (&r, results, scenario, &spec, date);
        spec.kind = GW_CHART_WATERFALL;
        report_chart (&r, results, scenario, &spec, date);
        spec.kind = GW_CHART_TORNADO;
        spec.scalar = "npv";
        report_chart (&r, results, scenario, &spec, date);
        spec.kind = GW_CHART_HISTOGRAM;
        spec.scalar = "min_dscr";
        report_chart (&r, results, scenario, &spec, date);
      }
  }
  report_probabilities (&r, results);

  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  ok = check_surface (surface, file, error);
  cairo_surface_destroy (surface);
  return ok;
}
