/* gw-chart-sweep.c: a statistic against an input
 *
 * One line per sweep: the statistic at each evaluated point joined by a
 * line, with a band of ±1.96 standard errors where they are known (the
 * Monte Carlo noise of each point; with common random numbers the curve's
 * shape is far surer than the band says). A spider chart's lines share an
 * x axis of the inputs' percentiles, P10 to P90. In points mode (a goal
 * seek's runs) the points are numbered in the order they ran, and not
 * joined. The target is a dashed line; a found root a ringed point. A
 * convergence run's x axis is its paths, on a log scale (10⁴, 2·10⁴, …).
 *
 * Not a GwChartKind: the kinds draw one run's results, a sweep is many
 * runs; it shares their palette, text and axes (gw-chart-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

/* before gw-chart-private.h, whose GW_STAT_MEAN macro would rename
 * gw-explore.h's enumerator of that name */
#include "gw-chart-sweep.h"
#include "gw-chart-private.h"

typedef struct
{
  GwSweep *sweep;     /* a copy */
  guint    stat;
  char    *label;
} Line;

struct _GwSweepChart
{
  GwChart  *base;     /* palette, font and text */
  char     *title;
  char     *subtitle;
  char     *x_title;
  char     *y_title;
  GwUnit    y_unit;
  GArray   *lines;    /* Line */
  gboolean  points;
  gboolean  x_log;
  double    target;
  double    found_x, found_y;
  GwRect    plot;
  GwScale   x, y;
};

static void
line_clear (Line *line)
{
  g_clear_pointer (&line->sweep, gw_sweep_free);
  g_clear_pointer (&line->label, g_free);
}

GwSweepChart *
gw_sweep_chart_new (void)
{
  GwSweepChart *chart = g_new0 (GwSweepChart, 1);

  chart->base = gw_chart_new ();
  chart->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (chart->lines, (GDestroyNotify) line_clear);
  chart->y_unit = GW_UNIT_HOURS;
  chart->target = NAN;
  chart->found_x = chart->found_y = NAN;
  return chart;
}

void
gw_sweep_chart_free (GwSweepChart *chart)
{
  if (chart == NULL)
    return;
  gw_chart_free (chart->base);
  g_array_unref (chart->lines);
  g_free (chart->title);
  g_free (chart->subtitle);
  g_free (chart->x_title);
  g_free (chart->y_title);
  g_free (chart);
}

void
gw_sweep_chart_set_dark (GwSweepChart *chart,
                         gboolean      dark)
{
  gw_chart_set_dark (chart->base, dark);
}

void
gw_sweep_chart_set_text (GwSweepChart *chart,
                         const char   *title,
                         const char   *subtitle,
                         const char   *x_title,
                         const char   *y_title)
{
  g_free (chart->title);
  g_free (chart->subtitle);
  g_free (chart->x_title);
  g_free (chart->y_title);
  chart->title = g_strdup (title);
  chart->subtitle = g_strdup (subtitle);
  chart->x_title = g_strdup (x_title);
  chart->y_title = g_strdup (y_title);
}

/* How the value axis's numbers read: GW_UNIT_FRACTION for a probability. */
void
gw_sweep_chart_set_y_unit (GwSweepChart *chart,
                           GwUnit        unit)
{
  chart->y_unit = unit;
}

void
gw_sweep_chart_clear (GwSweepChart *chart)
{
  g_array_set_size (chart->lines, 0);
  chart->target = NAN;
  chart->found_x = chart->found_y = NAN;
}

/**
 * gw_sweep_chart_add_line:
 * @stat: which of the sweep's statistics to plot
 * @label: (nullable): its legend entry; a chart with one line has none
 *
 * Plots the points of @sweep evaluated so far (a copy is kept).
 */
void
gw_sweep_chart_add_line (GwSweepChart  *chart,
                         const GwSweep *sweep,
                         guint          stat,
                         const char    *label)
{
  Line line = { 0 };

  g_return_if_fail (stat < sweep->n_stats);
  line.sweep = gw_sweep_new (sweep->input, sweep->x, sweep->n, sweep->n_stats);
  if (sweep->u != NULL)
    line.sweep->u = g_memdup2 (sweep->u, sweep->n * sizeof (double));
  memcpy (line.sweep->y, sweep->y, (gsize) sweep->n * sweep->n_stats * sizeof (double));
  memcpy (line.sweep->se, sweep->se, (gsize) sweep->n * sweep->n_stats * sizeof (double));
  line.sweep->done = sweep->done;
  line.stat = stat;
  line.label = g_strdup (label);
  g_array_append_val (chart->lines, line);
}

/* Draws the points unjoined and numbered in order: a goal seek's runs. */
void
gw_sweep_chart_set_points (GwSweepChart *chart,
                           gboolean      points)
{
  chart->points = points;
}

/* A log x axis over the points evaluated so far (a convergence run's
 * paths), ticked at 1, 2 and 5 times powers of ten. */
void
gw_sweep_chart_set_x_log (GwSweepChart *chart,
                          gboolean      x_log)
{
  chart->x_log = x_log;
}

/* A dashed line at @target (NaN: none). */
void
gw_sweep_chart_set_target (GwSweepChart *chart,
                           double        target)
{
  chart->target = target;
}

/* A ringed point at the root found (NaN: none). */
void
gw_sweep_chart_set_found (GwSweepChart *chart,
                          double        x,
                          double        y)
{
  chart->found_x = x;
  chart->found_y = y;
}

static double
line_x (const Line *line,
        guint       i)
{
  return line->sweep->u != NULL ? line->sweep->u[i] : line->sweep->x[i];
}

static gboolean
point (const Line *line,
       guint       i,
       double     *y,
       double     *se)
{
  gsize k = (gsize) i * line->sweep->n_stats + line->stat;

  *y = line->sweep->y[k];
  *se = line->sweep->se[k];
  return i < line->sweep->done && isfinite (*y);
}

static gboolean
spider (GwSweepChart *chart)
{
  return chart->lines->len > 0 && g_array_index (chart->lines, Line, 0).sweep->u != NULL;
}

/* 20000 as "2·10⁴", 10000 as "10⁴", 500 as "500". */
static char *
power_label (double value)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  int e = (int) floor (log10 (value) + 1e-9);
  double m = value / pow (10, e);
  GString *text;

  if (e < 3)
    return g_strdup_printf ("%.0f", value);
  text = g_string_new (NULL);
  if (fabs (m - 1) > 1e-6)
    g_string_append_printf (text, "%.3g·", m);
  g_string_append (text, "10");
  {
    g_autofree char *digits = g_strdup_printf ("%d", e);

    for (const char *d = digits; *d; d++)
      g_string_append (text, sup[*d - '0']);
  }
  return g_string_free (text, FALSE);
}

static char *
x_label (GwSweepChart *chart,
         double        value,
         double        step,
         double        magnitude)
{
  if (chart->x_log)
    return power_label (value);
  if (spider (chart))
    return g_strdup_printf ("P%.0f", value * 100);
  return gw_format_tick (value, step, magnitude, GW_UNIT_HOURS);
}

static GwRgb
line_color (GwSweepChart *chart,
            guint         i)
{
  return chart->base->pal.cat[i % 8];
}

/* The legend along the top; returns its height. */
static double
draw_legend (GwSweepChart *chart,
             cairo_t      *cr,
             double        x0,
             double        y0,
             double        max_width)
{
  GwChart *c = chart->base;
  double size = c->font * 0.88, sw = size * 1.5, row_h = size * 1.5;
  double x = x0, y = y0;
  gboolean any = FALSE;

  for (guint i = 0; i < chart->lines->len; i++)
    {
      const Line *line = &g_array_index (chart->lines, Line, i);
      g_autoptr(PangoLayout) layout = NULL;
      double w;

      if (line->label == NULL)
        continue;
      any = TRUE;
      layout = gw_chart_text (c, cr, line->label, size, FALSE, -1);
      w = sw + size * 0.45 + gw_chart_text_width (layout);
      if (x > x0 && x + w > x0 + max_width)
        {
          x = x0;
          y += row_h;
        }
      gw_chart_set_rgb (cr, line_color (chart, i), 1);
      cairo_set_line_width (cr, size * 0.18);
      cairo_move_to (cr, x, y + row_h / 2);
      cairo_line_to (cr, x + sw, y + row_h / 2);
      cairo_stroke (cr);
      gw_chart_set_rgb (cr, c->pal.text, 1);
      gw_chart_show_text (cr, layout, x + sw + size * 0.45, y + row_h / 2, 0, 0.5);
      x += w + size * 1.4;
    }
  return any ? y + row_h - y0 : 0;
}

static void
value_range (GwSweepChart *chart,
             double       *lo,
             double       *hi,
             double       *xlo,
             double       *xhi)
{
  *lo = *xlo = INFINITY;
  *hi = *xhi = -INFINITY;
  for (guint l = 0; l < chart->lines->len; l++)
    {
      const Line *line = &g_array_index (chart->lines, Line, l);

      for (guint i = 0; i < line->sweep->n; i++)
        {
          double y, se;

          /* a log axis spans only the points so far: the rest are not yet placed */
          if (!chart->x_log)
            gw_chart_extend (xlo, xhi, line_x (line, i));
          if (!point (line, i, &y, &se))
            continue;
          if (chart->x_log && line_x (line, i) > 0)
            gw_chart_extend (xlo, xhi, line_x (line, i));
          gw_chart_extend (lo, hi, y);
          if (isfinite (se) && !chart->points)
            {
              gw_chart_extend (lo, hi, y - 1.96 * se);
              gw_chart_extend (lo, hi, y + 1.96 * se);
            }
        }
    }
  if (isfinite (chart->target))
    gw_chart_extend (lo, hi, chart->target);
  if (chart->y_unit == GW_UNIT_FRACTION && isfinite (*lo))
    {
      *lo = MAX (*lo, 0);
      *hi = MIN (*hi, 1);
    }
}

static void
draw_lines (GwSweepChart *chart,
            cairo_t      *cr)
{
  GwChart *c = chart->base;

  for (guint l = 0; l < chart->lines->len; l++)
    {
      const Line *line = &g_array_index (chart->lines, Line, l);
      GwRgb color = line_color (chart, l);
      gboolean started = FALSE;

      /* the band of ±1.96 standard errors, where they are known */
      if (!chart->points)
        {
          guint n = 0;

          for (guint i = 0; i < line->sweep->n; i++)
            {
              double y, se;

              if (!point (line, i, &y, &se) || !isfinite (se))
                continue;
              cairo_line_to (cr, gw_scale_map (&chart->x, line_x (line, i)),
                             gw_scale_map (&chart->y, y + 1.96 * se));
              n++;
            }
          for (guint j = line->sweep->n; n > 1 && j-- > 0;)
            {
              double y, se;

              if (!point (line, j, &y, &se) || !isfinite (se))
                continue;
              cairo_line_to (cr, gw_scale_map (&chart->x, line_x (line, j)),
                             gw_scale_map (&chart->y, y - 1.96 * se));
            }
          if (n > 1)
            {
              cairo_close_path (cr);
              gw_chart_set_rgb (cr, color, 0.18);
              cairo_fill (cr);
            }
          cairo_new_path (cr);

          for (guint i = 0; i < line->sweep->n; i++)
            {
              double y, se;

              if (!point (line, i, &y, &se))
                continue;
              if (started)
                cairo_line_to (cr, gw_scale_map (&chart->x, line_x (line, i)),
                               gw_scale_map (&chart->y, y));
              else
                cairo_move_to (cr, gw_scale_map (&chart->x, line_x (line, i)),
                               gw_scale_map (&chart->y, y));
              started = TRUE;
            }
          gw_chart_set_rgb (cr, color, 1);
          cairo_set_line_width (cr, MAX (2, c->font * 0.16));
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }

      for (guint i = 0; i < line->sweep->n; i++)
        {
          double y, se, px, py;

          if (!point (line, i, &y, &se))
            continue;
          px = gw_scale_map (&chart->x, line_x (line, i));
          py = gw_scale_map (&chart->y, y);
          if (chart->points && isfinite (se))
            {
              /* a run's ±1.96 standard errors as an error bar */
              gw_chart_set_rgb (cr, color, 0.6);
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, px, gw_scale_map (&chart->y, y - 1.96 * se));
              cairo_line_to (cr, px, gw_scale_map (&chart->y, y + 1.96 * se));
              cairo_stroke (cr);
            }
          gw_chart_draw_marker (c, cr, px, py, color, chart->points ? c->font * 0.32
                                                                    : c->font * 0.22);
          if (chart->points)
            {
              g_autofree char *n = g_strdup_printf ("%u", i + 1);

              gw_chart_label_at (c, cr, n, c->font * 0.75, TRUE, c->pal.text,
                                 px + c->font * 0.45, py - c->font * 0.35, 0, 1);
            }
        }
    }
}

static void
draw_target (GwSweepChart *chart,
             cairo_t      *cr)
{
  GwChart *c = chart->base;
  double dash[] = { 6, 4 };
  double py;

  if (!isfinite (chart->target))
    return;
  py = round (gw_scale_map (&chart->y, chart->target)) + 0.5;
  cairo_save (cr);
  cairo_set_dash (cr, dash, 2, 0);
  gw_chart_set_rgb (cr, c->pal.accent, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, chart->plot.x, py);
  cairo_line_to (cr, chart->plot.x + chart->plot.width, py);
  cairo_stroke (cr);
  cairo_restore (cr);
  gw_chart_label_at (c, cr, _("Target"), c->font * 0.8, FALSE, c->pal.accent,
                     chart->plot.x + chart->plot.width - c->font * 0.3, py - c->font * 0.2, 1, 1);

  if (isfinite (chart->found_x) && isfinite (chart->found_y))
    {
      double px = gw_scale_map (&chart->x, chart->found_x);
      double fy = gw_scale_map (&chart->y, chart->found_y);

      gw_chart_set_rgb (cr, c->pal.accent, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_new_path (cr);
      cairo_arc (cr, px, fy, c->font * 0.75, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
}

/* The title, the subtitle and the legend, from the top; returns where the
 * plot may begin. */
static double
draw_header (GwSweepChart *chart,
             cairo_t      *cr,
             double        pad,
             double        width)
{
  GwChart *c = chart->base;
  double y = pad * 0.8;

  if (chart->title != NULL)
    {
      g_autoptr(PangoLayout) tl = gw_chart_text (c, cr, chart->title, c->font * 1.3, TRUE,
                                                 width - 2 * pad);

      pango_layout_set_ellipsize (tl, PANGO_ELLIPSIZE_END);
      gw_chart_set_rgb (cr, c->pal.text, 1);
      gw_chart_show_text (cr, tl, pad, y, 0, 0);
      y += gw_chart_text_height (tl) + c->font * 0.15;
    }
  if (chart->subtitle != NULL && chart->subtitle[0])
    {
      g_autoptr(PangoLayout) sl = gw_chart_text (c, cr, chart->subtitle, c->font * 0.9, FALSE,
                                                 width - 2 * pad);

      pango_layout_set_ellipsize (sl, PANGO_ELLIPSIZE_END);
      gw_chart_set_rgb (cr, c->pal.muted, 1);
      gw_chart_show_text (cr, sl, pad, y, 0, 0);
      y += gw_chart_text_height (sl);
    }
  y += c->font * 0.6;
  y += draw_legend (chart, cr, pad, y, width - 2 * pad);
  return y;
}

/* The x axis's ticks and the span it covers. */
typedef struct
{
  double ticks[GW_MAX_TICKS];
  guint  n;
  double step, lo, hi;
} XTicks;

/* The x axis over the points' span [@xlo, @xhi] (widened when the points
 * share one x): 1, 2 and 5 times the powers of ten on a log axis, a
 * spider's percentiles, or nice numbers. */
static void
make_x_ticks (GwSweepChart *chart,
              double        xlo,
              double        xhi,
              XTicks       *xt)
{
  if (xhi <= xlo && chart->x_log)
    {
      xlo /= 2;
      xhi *= 2;
    }
  else if (xhi <= xlo)
    {
      xlo -= 0.5;
      xhi += 0.5;
    }
  if (chart->x_log)
    {
      /* 1, 2 and 5 times the powers of ten within the points' span (which
       * the axis keeps to), or the powers alone where those are too many */
      static const double sub[] = { 1, 2, 5 };

      for (guint pass = 0; pass < 2; pass++)
        {
          xt->n = 0;
          for (int e = (int) floor (log10 (xlo)); e <= (int) ceil (log10 (xhi)); e++)
            for (guint k = 0; k < (pass == 0 ? G_N_ELEMENTS (sub) : 1); k++)
              {
                double v = sub[k] * pow (10, e);

                if (v >= xlo * 0.999 && v <= xhi * 1.001 && xt->n < GW_MAX_TICKS)
                  xt->ticks[xt->n++] = v;
              }
          if (xt->n <= 9)
            break;
        }
      xt->step = 0;
      xt->lo = xlo;
      xt->hi = xhi;
    }
  else if (spider (chart))
    {
      xt->n = 0;
      for (double p = 0.1; p < 0.95 && xt->n < GW_MAX_TICKS; p += 0.2)
        xt->ticks[xt->n++] = p;
      xt->step = 0.2;
      xt->lo = 0.1;
      xt->hi = 0.9;
    }
  else
    {
      xt->n = gw_nice_ticks (xlo, xhi, 7, xt->ticks, &xt->step, &xt->lo, &xt->hi);
      /* the axis spans the points, not the rounded ticks beyond them */
      xt->lo = xlo;
      xt->hi = xhi;
    }
}

/* The x scale: the axis's span and a margin of 3% either side. */
static void
set_x_scale (GwSweepChart *chart,
             const XTicks *xt)
{
  if (chart->x_log)
    {
      /* the same 3% margin, in decades */
      double margin = pow (xt->hi / xt->lo, 0.03);

      chart->x = (GwScale) { xt->lo / margin, xt->hi * margin, chart->plot.x,
                             chart->plot.x + chart->plot.width, TRUE };
    }
  else
    {
      double margin = (xt->hi - xt->lo) * 0.03;

      chart->x = (GwScale) { xt->lo - margin, xt->hi + margin, chart->plot.x,
                             chart->plot.x + chart->plot.width, FALSE };
    }
}

/* The x axis: its line, ticks and numbers, and its title. */
static void
draw_x_axis (GwSweepChart *chart,
             cairo_t      *cr,
             const XTicks *xt)
{
  GwChart *c = chart->base;

  gw_chart_set_rgb (cr, c->pal.axis, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, chart->plot.x, round (chart->plot.y + chart->plot.height) + 0.5);
  cairo_line_to (cr, chart->plot.x + chart->plot.width,
                 round (chart->plot.y + chart->plot.height) + 0.5);
  cairo_stroke (cr);
  for (guint i = 0; i < xt->n; i++)
    {
      double px;
      g_autofree char *text = NULL;

      if (xt->ticks[i] < chart->x.d0 - 1e-12 || xt->ticks[i] > chart->x.d1 + 1e-12)
        continue;
      px = round (gw_scale_map (&chart->x, xt->ticks[i])) + 0.5;
      text = x_label (chart, xt->ticks[i], xt->step, MAX (fabs (xt->lo), fabs (xt->hi)));
      gw_chart_set_rgb (cr, c->pal.axis, 1);
      cairo_move_to (cr, px, chart->plot.y + chart->plot.height);
      cairo_line_to (cr, px, chart->plot.y + chart->plot.height + c->font * 0.35);
      cairo_stroke (cr);
      gw_chart_label_at (c, cr, text, c->font * 0.85, FALSE, c->pal.muted, px,
                         chart->plot.y + chart->plot.height + c->font * 0.5, 0.5, 0);
    }
  if (chart->x_title != NULL)
    gw_chart_label_at (c, cr, chart->x_title, c->font * 0.85, FALSE, c->pal.muted,
                       chart->plot.x + chart->plot.width / 2,
                       chart->plot.y + chart->plot.height + c->font * 2.0, 0.5, 0);
}

void
gw_sweep_chart_draw (GwSweepChart *chart,
                     cairo_t      *cr,
                     double        width,
                     double        height)
{
  GwChart *c = chart->base;
  double pad, y, lo, hi, xlo, xhi, label_w, foot_h;
  GwAxis axis;
  XTicks xt;

  c->width = width;
  c->height = height;
  c->font = CLAMP (sqrt (width * height) / 58.0, 9.5, 22.0);
  pad = c->font * 1.7;
  cairo_save (cr);
  gw_chart_set_rgb (cr, c->pal.bg, 1);
  cairo_paint (cr);

  y = draw_header (chart, cr, pad, width);

  value_range (chart, &lo, &hi, &xlo, &xhi);
  if (!isfinite (lo) || !isfinite (xlo))
    {
      gw_chart_label_at (c, cr, _("No points yet"), c->font, FALSE, c->pal.muted, width / 2,
                         height / 2, 0.5, 0.5);
      chart->plot = (GwRect) { 0, 0, 0, 0 };
      cairo_restore (cr);
      return;
    }

  if (chart->y_title != NULL)
    {
      y += c->font * 1.2;
      gw_chart_label_at (c, cr, chart->y_title, c->font * 0.8, FALSE, c->pal.muted, pad, y, 0, 1);
      y += c->font * 0.9;
    }

  gw_axis_make (&axis, lo, hi, 6, chart->y_unit);
  if (chart->y_unit == GW_UNIT_FRACTION)
    {
      /* a probability's axis never runs past 0% or 100% */
      axis.lo = MAX (axis.lo, 0);
      axis.hi = MIN (axis.hi, 1);
    }
  label_w = gw_chart_axis_label_width (c, cr, &axis);
  foot_h = c->font * 2.0 + (chart->x_title != NULL ? c->font * 1.4 : 0);
  chart->plot = (GwRect) { pad + label_w + c->font * 0.6, y + c->font * 0.5, 0, 0 };
  chart->plot.width = width - pad - chart->plot.x;
  chart->plot.height = MAX (10, height - pad * 0.7 - foot_h - chart->plot.y);

  make_x_ticks (chart, xlo, xhi, &xt);
  set_x_scale (chart, &xt);
  chart->y = (GwScale) { axis.lo, axis.hi, chart->plot.y + chart->plot.height, chart->plot.y,
                         FALSE };

  gw_chart_draw_y_axis (c, cr, &axis, &chart->plot, &chart->y, FALSE, TRUE);
  draw_x_axis (chart, cr, &xt);

  cairo_save (cr);
  cairo_rectangle (cr, chart->plot.x - c->font, chart->plot.y - c->font,
                   chart->plot.width + 2 * c->font, chart->plot.height + 2 * c->font);
  cairo_clip (cr);
  draw_target (chart, cr);
  draw_lines (chart, cr);
  cairo_restore (cr);
  cairo_restore (cr);
}

/* The plot as last drawn (empty before any point). */
GwRect
gw_sweep_chart_get_plot_area (GwSweepChart *chart)
{
  return chart->plot;
}

double
gw_sweep_chart_x_for (GwSweepChart *chart,
                      double        x)
{
  return gw_scale_map (&chart->x, x);
}

double
gw_sweep_chart_y_for (GwSweepChart *chart,
                      double        y)
{
  return gw_scale_map (&chart->y, y);
}
