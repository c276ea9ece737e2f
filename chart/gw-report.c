/* gw-report.c: the PDF report of a run
 *
 * A4 landscape pages laid out with the charts' own text and painting code:
 * a cover, the headline numbers, the charts of the overview and of the
 * focus provider, and the assumptions with their sources. Every number
 * goes through the formatters of model/gw-units.c, as in the app: units,
 * three significant digits, never a raw double. No GTK: gigawatt-cli and
 * the app's File > Export Report both call gw_report_write().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <cairo-pdf.h>

#include "gw-chart-private.h"
#include "gw-field-text.h"
#include "gw-io.h"
#include "gw-report.h"

#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 48.0

/* Greys of the text, from the darkest */
#define INK 0.1
#define BODY 0.2
#define MUTED 0.42

typedef struct
{
  cairo_t    *cr;
  GwChart    *style;
  const char *footer;
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
    g_autoptr(PangoLayout) f = gw_chart_text (r->style, r->cr, r->footer, 9, FALSE,
                                              PAGE_W - 3 * MARGIN);

    pango_layout_set_ellipsize (f, PANGO_ELLIPSIZE_END);
    cairo_set_source_rgb (r->cr, 0.45, 0.45, 0.48);
    gw_chart_show_text (r->cr, l, PAGE_W - MARGIN / 2, PAGE_H - MARGIN / 3, 1, 1);
    gw_chart_show_text (r->cr, f, MARGIN / 2, PAGE_H - MARGIN / 3, 0, 1);
  }
}

static PangoLayout *
report_layout (Report     *r,
               const char *text,
               double      size,
               gboolean    bold,
               double      width)
{
  return gw_chart_text (r->style, r->cr, text, size, bold, width);
}

static void
report_show (Report      *r,
             PangoLayout *l,
             double       gray,
             double       x,
             double       y)
{
  cairo_set_source_rgb (r->cr, gray, gray, gray + 0.02);
  gw_chart_show_text (r->cr, l, x, y, 0, 0);
}

/* Breaks the page unless @height more fits. */
static void
report_need (Report *r,
             double  height)
{
  if (r->y + height > PAGE_H - MARGIN)
    report_new_page (r);
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
  g_autoptr(PangoLayout) l = report_layout (r, text, size, bold, width);
  double h = gw_chart_text_height (l);

  report_need (r, h);
  report_show (r, l, gray, x, r->y);
  r->y += h + after;
}

/* A row of a table: each cell wrapped in its column, the row kept whole. */
static void
report_row (Report            *r,
            const char *const *cells,
            const double      *widths,
            guint              n,
            double             size,
            gboolean           bold,
            double             after)
{
  PangoLayout *layouts[8];
  double h = 0, x = MARGIN;

  g_return_if_fail (n <= G_N_ELEMENTS (layouts));
  for (guint i = 0; i < n; i++)
    {
      layouts[i] = report_layout (r, cells[i], size, bold || i == 0, widths[i] - 12);
      h = MAX (h, gw_chart_text_height (layouts[i]));
    }
  report_need (r, h);
  for (guint i = 0; i < n; i++)
    {
      report_show (r, layouts[i], i == 0 || bold ? INK : BODY, x, r->y);
      x += widths[i];
      g_object_unref (layouts[i]);
    }
  r->y += h + after;
}

static void
report_rule (Report *r)
{
  cairo_set_source_rgb (r->cr, 0.82, 0.82, 0.85);
  cairo_set_line_width (r->cr, 0.6);
  cairo_move_to (r->cr, MARGIN, r->y - 3);
  cairo_line_to (r->cr, PAGE_W - MARGIN, r->y - 3);
  cairo_stroke (r->cr);
}

static void
report_chart (Report            *r,
              GwResults         *results,
              const GwScenario  *scenario,
              const GwChartSpec *spec,
              const char        *date)
{
  g_autoptr(GwChart) chart = gw_chart_new ();

  gw_chart_set_spec (chart, spec);
  gw_chart_set_scenario (chart, scenario);
  gw_chart_set_results (chart, results);
  gw_chart_set_date (chart, date);
  if (gw_chart_n_items (chart) == 0)
    return;
  report_new_page (r);
  cairo_save (r->cr);
  cairo_translate (r->cr, MARGIN / 2, MARGIN / 2);
  gw_chart_draw (chart, r->cr, PAGE_W - MARGIN, PAGE_H - MARGIN * 1.3);
  cairo_restore (r->cr);
}

/* Headline numbers: the price at the horizon, then one row per provider. */
static void
report_headlines (Report    *r,
                  GwResults *res)
{
  GwPlan *plan = res->plan;
  const double widths[] = { 170, 150, 120, 300 };
  const char *head[] = { _("Provider"), _("P(minimum DSCR < 1)"), _("P(NPV < 0)"),
                         _("NPV: median (P10 to P90)") };

  report_new_page (r);
  report_text (r, _("Headline numbers"), 20, TRUE, INK, MARGIN, -1, 12);
  {
    guint x = GW_X_PRICE_HORIZON;
    g_autofree char *p10 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P10]);
    g_autofree char *p50 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P50]);
    g_autofree char *p90 = gw_format_unit_value (GW_UNIT_PRICE, res->scalars[x].q[GW_Q_P90]);
    g_autofree char *end = gw_quarter_format (plan->scenario->info.start + (int) plan->T - 1);
    g_autofree char *text = g_strdup_printf (_("GPU-hour price in %s: median %s "
                                               "(P10 %s, P90 %s)."), end, p50, p10, p90);

    report_text (r, text, 12, FALSE, BODY, MARGIN, PAGE_W - 2 * MARGIN, 14);
  }
  report_row (r, head, widths, G_N_ELEMENTS (widths), 10, TRUE, 8);
  for (guint j = 0; j < plan->P; j++)
    {
      const char *name = gw_plan_provider_name (plan, j);
      int xd = gw_plan_find_scalar (plan, "min_dscr", name);
      int xn = gw_plan_find_scalar (plan, "npv", name);
      g_autofree char *pd = NULL;
      g_autofree char *pn = NULL;
      g_autofree char *p10 = NULL;
      g_autofree char *p50 = NULL;
      g_autofree char *p90 = NULL;
      g_autofree char *range = NULL;
      g_autofree char *npv = NULL;
      const char *cells[4];

      if (xd < 0 || xn < 0)
        continue;
      pd = gw_format_percent (gw_results_probability (res, xd, 1.0, TRUE), 1);
      pn = gw_format_percent (gw_results_probability (res, xn, 0.0, TRUE), 1);
      p10 = gw_format_money (res->scalars[xn].q[GW_Q_P10]);
      p50 = gw_format_money (res->scalars[xn].q[GW_Q_P50]);
      p90 = gw_format_money (res->scalars[xn].q[GW_Q_P90]);
      range = g_strdup_printf (_("%s to %s"), p10, p90);
      npv = g_strdup_printf ("%s (%s)", p50, range);
      cells[0] = name;
      cells[1] = pd;
      cells[2] = pn;
      cells[3] = npv;
      report_rule (r);
      report_row (r, cells, widths, G_N_ELEMENTS (widths), 10, FALSE, 7);
    }
  r->y += 10;
  {
    g_autofree char *paths = gw_format_grouped (res->n_paths, 0);
    g_autofree char *se = gw_format_percent (0.5 / sqrt (MAX (res->n_paths, 1)), 1);
    g_autofree char *note =
      g_strdup_printf (_("Probabilities are shares of the %s Monte Carlo paths; their standard "
                         "error is at most %s. P10 and P90: 10th and 90th percentiles across "
                         "paths. DSCR: debt service coverage ratio. Hyperscaler and captive "
                         "revenue is an imputed rental value: what the fleet would earn at "
                         "market prices."), paths, se);

    report_text (r, note, 9.5, FALSE, MUTED, MARGIN, PAGE_W - 2 * MARGIN, 0);
  }
}

/* One row of a table of inputs: its name, then its values with their
 * units in two columns, then its source; the row is kept on one page, and
 * with it the table's @heading, if any. */
static void
report_assumption_row (Report        *r,
                       GwTable        table,
                       gconstpointer  data,
                       const char    *label,
                       const char    *heading)
{
  const GwTableInfo *info = gw_table_info (table);
  int source_field = gw_table_find_field (table, "source");
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PangoLayout) head = NULL;
  g_autoptr(PangoLayout) name = NULL;
  g_autoptr(PangoLayout) source = NULL;
  const char *src = NULL;
  double col = 150, width = PAGE_W - 2 * MARGIN - col, cell_w = width / 2;
  double grid_h = 0, h, head_h = 0;

  for (guint f = 0; f < info->n_fields; f++)
    if (info->fields[f].type == GW_FIELD_DIST)
      {
        const GwDist *d = GW_FIELD_DIST_OF (data, &info->fields[f]);
        g_autofree char *text = NULL;
        g_autofree char *markup = NULL;
        PangoLayout *l;

        if (d->kind == GW_DIST_NONE)
          continue;
        text = gw_format_dist_quantity (d, info->fields[f].unit);
        /* Translators: an input and its value in the report, as "Debt: $18B" */
        markup = g_markup_printf_escaped (_("<span foreground=\"#66666b\">%s:</span> %s"),
                                          _(info->fields[f].label), text);
        l = report_layout (r, "", 9.5, FALSE, cell_w - 14);
        pango_layout_set_markup (l, markup, -1);
        g_ptr_array_add (cells, l);
      }
  for (guint i = 0; i < cells->len; i += 2)
    {
      double a = gw_chart_text_height (cells->pdata[i]);
      double b = i + 1 < cells->len ? gw_chart_text_height (cells->pdata[i + 1]) : 0;

      grid_h += MAX (a, b) + 2;
    }
  if (source_field >= 0)
    src = GW_FIELD_TEXT_OF (data, &info->fields[source_field]);
  name = report_layout (r, label, 10, TRUE, col - 14);
  h = MAX (gw_chart_text_height (name), grid_h);
  if (src != NULL && src[0])
    {
      g_autofree char *text = g_strdup_printf (_("Source: %s"), src);

      source = report_layout (r, text, 9, FALSE, width);
      h = MAX (h, grid_h + 3 + gw_chart_text_height (source));
    }
  if (heading != NULL)
    {
      head = report_layout (r, heading, 13, TRUE, -1);
      head_h = gw_chart_text_height (head) + 14;
    }
  report_need (r, head_h + h);
  if (head != NULL)
    {
      r->y += 6;
      report_show (r, head, INK, MARGIN, r->y);
      r->y += head_h - 6;
    }
  report_rule (r);
  report_show (r, name, INK, MARGIN, r->y);
  {
    double y = r->y;

    for (guint i = 0; i < cells->len; i += 2)
      {
        double a = gw_chart_text_height (cells->pdata[i]);
        double b = i + 1 < cells->len ? gw_chart_text_height (cells->pdata[i + 1]) : 0;

        report_show (r, cells->pdata[i], BODY, MARGIN + col, y);
        if (i + 1 < cells->len)
          report_show (r, cells->pdata[i + 1], BODY, MARGIN + col + cell_w, y);
        y += MAX (a, b) + 2;
      }
  }
  if (source != NULL)
    report_show (r, source, MUTED, MARGIN + col, r->y + grid_h + 3);
  r->y += h + 10;
}

static void
report_assumptions (Report           *r,
                    const GwScenario *s)
{
  static const GwTable tables[] = { GW_TABLE_MARKET, GW_TABLE_PROVIDERS, GW_TABLE_GENERATIONS,
                                    GW_TABLE_DEALS, GW_TABLE_EVENTS };

  report_new_page (r);
  report_text (r, _("Assumptions and their sources"), 20, TRUE, INK, MARGIN, -1, 6);
  report_text (r, _("Each input as the run used it: its central value, then its range and the "
                    "shape of its distribution where it is uncertain."), 9.5, FALSE, MUTED,
               MARGIN, PAGE_W - 2 * MARGIN, 4);
  if (s->info.source && s->info.source[0])
    {
      g_autofree char *text = g_strdup_printf (_("Scenario data: %s"), s->info.source);

      report_text (r, text, 9.5, FALSE, MUTED, MARGIN, PAGE_W - 2 * MARGIN, 4);
    }
  for (guint ti = 0; ti < G_N_ELEMENTS (tables); ti++)
    {
      const GwTableInfo *info = gw_table_info (tables[ti]);
      guint n = info->single ? 1 : gw_scenario_n_rows (s, tables[ti]);

      for (guint row = 0; row < n; row++)
        {
          gconstpointer data = info->single ? (gconstpointer) &s->market
                                            : gw_scenario_get_row (s, tables[ti], row);
          g_autofree char *label = info->single ? g_strdup (_(info->row_label))
                                                : gw_scenario_row_key (s, tables[ti], row);

          report_assumption_row (r, tables[ti], data, label, row == 0 ? _(info->label) : NULL);
        }
    }
}

static void
report_cover (Report           *r,
              const GwScenario *scenario,
              GwResults        *results,
              const char       *date)
{
  const GwScenario *s = results->plan->scenario;
  g_autofree char *paths = gw_format_grouped (results->n_paths, 0);
  g_autofree char *first = gw_quarter_format (s->info.start);
  g_autofree char *last = gw_quarter_format (s->info.start + (int) results->plan->T - 1);
  g_autofree char *facts = NULL;

  report_new_page (r);
  r->y = PAGE_H * 0.24;
  report_text (r, _("Gigawatt scenario report"), 14, FALSE, MUTED, MARGIN * 2, -1, 8);
  report_text (r, scenario->info.name, 34, TRUE, INK, MARGIN * 2, PAGE_W - 4 * MARGIN, 14);
  if (scenario->info.description && scenario->info.description[0])
    report_text (r, scenario->info.description, 11, FALSE, 0.25, MARGIN * 2,
                 PAGE_W - 4 * MARGIN, 14);
  facts =
    /* Translators: variant · paths · seed · quarters · engine · date */
    g_strdup_printf (g_dngettext (NULL, "%s  ·  %s Monte Carlo path  ·  seed %" G_GUINT64_FORMAT
                                  "  ·  %s to %s  ·  %s engine  ·  %s",
                                  "%s  ·  %s Monte Carlo paths  ·  seed %" G_GUINT64_FORMAT
                                  "  ·  %s to %s  ·  %s engine  ·  %s", results->n_paths),
                     results->plan->variant ? results->plan->variant : _("Base scenario"),
                     paths, results->plan->seed, first, last,
                     results->engine && g_str_equal (results->engine, "opencl") ? "OpenCL" : "CPU",
                     date);
  report_text (r, facts, 11, FALSE, MUTED, MARGIN * 2, PAGE_W - 4 * MARGIN, 0);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * gw_report_render:
 * @scenario: the scenario as the document holds it (its name, description)
 * @results: a run of it; the assumptions are those of @results' variant
 * @provider: (nullable): the provider whose pages the report has (the
 *   document's focus provider), or %NULL (or one the run does not have) for
 *   the first
 * @date: (nullable): the date printed on the report, or %NULL for today
 *
 * Lays out the report: a cover, the headline numbers, the overview charts,
 * the provider's revenue, coverage, leverage, cash waterfall, the tornado
 * of its NPV and the distribution of its minimum DSCR, then the
 * assumptions with their sources.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set
 */
GBytes *
gw_report_render (const GwScenario *scenario,
                  GwResults        *results,
                  const char       *provider,
                  const char       *date,
                  GError          **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GwChart) style = gw_chart_new ();
  g_autofree char *today = NULL;
  g_autofree char *footer = NULL;
  const char *first = results->plan->P > 0 ? gw_plan_provider_name (results->plan, 0) : NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Report r = { 0 };

  g_return_val_if_fail (scenario != NULL && results != NULL, NULL);
  for (guint j = 0; provider != NULL && j < results->plan->P; j++)
    if (g_str_equal (gw_plan_provider_name (results->plan, j), provider))
      first = gw_plan_provider_name (results->plan, j);
  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      date = today = g_date_time_format (now, "%Y-%m-%d");
    }
  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, scenario->info.name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gigawatt");
  /* Translators: the foot of each page of the report: scenario · variant · date */
  footer = g_strdup_printf (_("%s  ·  %s  ·  %s"), scenario->info.name,
                            results->plan->variant ? results->plan->variant
                                                   : _("Base scenario"), date);
  r.cr = cairo_create (surface);
  r.style = style;
  r.footer = footer;

  report_cover (&r, scenario, results, date);
  report_headlines (&r, results);
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
  report_assumptions (&r, results->plan->scenario);

  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Cannot lay out the report: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

/**
 * gw_report_write:
 * @path: the PDF to write; an existing file is replaced only once the
 *   whole report is written (gw_io_save_contents())
 *
 * gw_report_render() into a file.
 */
gboolean
gw_report_write (const GwScenario *scenario,
                 GwResults        *results,
                 const char       *provider,
                 const char       *path,
                 GError          **error)
{
  g_autoptr(GBytes) pdf = gw_report_render (scenario, results, provider, NULL, error);
  gsize size;
  const char *data;

  if (pdf == NULL)
    return FALSE;
  data = g_bytes_get_data (pdf, &size);
  return gw_io_save_contents (path, data, size, error);
}
