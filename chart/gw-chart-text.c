/* gw-chart-text.c: text and colour on a chart
 *
 * Text is laid out with unhinted metrics, so a chart lays out the same on
 * screen, in PNG, SVG and PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-chart-private.h"

#define FONT_FAMILY "Inter,Cantarell,DejaVu Sans,Sans"

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

/* A bold label on a box of the background colour, readable over bands and
 * bars: (@x, @y) is the box's point at (@halign, @valign). */
void
gw_chart_boxed_label (GwChart    *chart,
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
