/* gw-chart-export.c: charts to PNG, SVG, PDF and CSV
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

/**
 * gw_chart_render_image:
 * @scale: device pixels per unit (2 for a sharp image on most screens)
 *
 * Draws the chart into a new ARGB32 image of @width × @height units, as
 * gw_chart_export() draws a PNG; for the clipboard.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
cairo_surface_t *
gw_chart_render_image (GwChart  *chart,
                       double    width,
                       double    height,
                       double    scale,
                       GError  **error)
{
  int pw = (int) ceil (width * scale), ph = (int) ceil (height * scale);
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);
  if (pw > 20000 || ph > 20000)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                   _("A %d × %d pixel image is too large; use at most 20000 pixels a side"),
                   pw, ph);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  gw_chart_draw (chart, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (!check_surface (surface, _("the clipboard"), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
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
 * key (@by_key) or by the item's label. With a filter's paths drawn, two
 * more columns say whose the row is: set "all" or "filtered", and over
 * how many paths. */
static void
write_series_csv (GwChart          *chart,
                  const GwScenario *s,
                  gboolean          by_key,
                  GString          *out)
{
  gboolean filtered = gw_chart_shows_filtered (chart);

  g_string_append (out, "item,quarter,t,mean,sd,p5,p10,p25,p50,p75,p90,p95");
  g_string_append (out, filtered ? ",set,paths\n" : "\n");
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
          if (filtered)
            g_string_append_printf (out, ",%s,%u",
                                    item->results == chart->filtered ? "filtered" : "all",
                                    item->results->n_paths);
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
