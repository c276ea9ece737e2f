/* gw-chart-axis.c: value axes, ticks and their numbers, the quarter axis
 *
 * The tick values come from gw_nice_ticks () (gw-chart-geom.c) and their
 * text from gw_format_tick (); this file draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-private.h"

/* The words above a value axis in @unit. */
const char *
gw_chart_unit_axis_label (GwUnit unit)
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
  axis->log = FALSE;
}

/* A log axis over [@lo, @hi], both > 0. */
void
gw_axis_make_log (GwAxis *axis,
                  double  lo,
                  double  hi,
                  GwUnit  unit)
{
  axis->n = gw_log_ticks (lo, hi, axis->ticks, &axis->lo, &axis->hi);
  axis->step = axis->lo;
  axis->magnitude = axis->hi;
  axis->unit = unit;
  axis->log = TRUE;
}

char *
gw_axis_label (const GwAxis *axis,
               guint         i)
{
  /* a log axis's ticks each need their own decimals */
  return gw_format_tick (axis->ticks[i], axis->log ? axis->ticks[i] : axis->step,
                         axis->log ? axis->ticks[i] : axis->magnitude, axis->unit);
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

/* Widens [@lo, @hi] to hold @v, unless @v is not finite. */
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
