/* gw-chart-geom.c: chart geometry without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gw-chart-geom.h"

double
gw_scale_map (const GwScale *scale,
              double         value)
{
  double span = scale->d1 - scale->d0;

  if (scale->log)
    {
      /* a value at or below zero has no place on a log axis: below it */
      double d0 = log10 (scale->d0), d1 = log10 (scale->d1);
      double v = value > 0 ? log10 (value) : d0 - (d1 - d0);

      if (d1 == d0)
        return (scale->r0 + scale->r1) / 2;
      return scale->r0 + (v - d0) / (d1 - d0) * (scale->r1 - scale->r0);
    }
  if (span == 0)
    return (scale->r0 + scale->r1) / 2;
  return scale->r0 + (value - scale->d0) / span * (scale->r1 - scale->r0);
}

double
gw_scale_invert (const GwScale *scale,
                 double         position)
{
  double span = scale->r1 - scale->r0;

  if (span == 0)
    return scale->d0;
  if (scale->log)
    return pow (10, log10 (scale->d0)
                    + (position - scale->r0) / span * (log10 (scale->d1) - log10 (scale->d0)));
  return scale->d0 + (position - scale->r0) / span * (scale->d1 - scale->d0);
}

/**
 * gw_log_ticks:
 * @lo: the smallest value to show, > 0
 * @hi: the largest value to show, >= @lo
 *
 * Ticks of a log axis that cover [@lo, @hi]: the powers of ten, and 2 and 5
 * times them where the range spans fewer than three decades.
 *
 * Returns: the number of ticks
 */
guint
gw_log_ticks (double  lo,
              double  hi,
              double *ticks,
              double *nice_lo,
              double *nice_hi)
{
  static const double sub[] = { 1, 2, 5 };
  int e0 = (int) floor (log10 (lo) + 1e-9);
  int e1 = (int) ceil (log10 (hi) - 1e-9);
  gboolean fine;
  guint n = 0;

  g_return_val_if_fail (lo > 0 && hi >= lo, 0);
  if (e1 <= e0)
    e1 = e0 + 1;
  /* no more decades than ticks */
  while (e1 - e0 + 1 > GW_MAX_TICKS)
    e0++;
  fine = e1 - e0 < 3;
  for (int e = e0; e <= e1 && n < GW_MAX_TICKS; e++)
    for (guint k = 0; k < (fine ? G_N_ELEMENTS (sub) : 1) && n < GW_MAX_TICKS; k++)
      {
        double v = sub[k] * pow (10, e);

        if (e == e1 && k > 0)
          break;
        /* keep the ticks in the range, with a tick at or below and above it */
        ticks[n++] = v;
      }
  /* trim the fine ticks outside [lo, hi] but keep one on each side */
  if (fine)
    {
      guint first = 0, last = n - 1;

      while (first + 1 < n && ticks[first + 1] <= lo)
        first++;
      while (last > first + 1 && ticks[last - 1] >= hi)
        last--;
      memmove (ticks, ticks + first, (last - first + 1) * sizeof (double));
      n = last - first + 1;
    }
  if (nice_lo != NULL)
    *nice_lo = ticks[0];
  if (nice_hi != NULL)
    *nice_hi = ticks[n - 1];
  return n;
}

/* Snaps k * step to the decimal it stands for, so 0.1 * 3 is 0.3. */
static double
tick_value (double k,
            double step)
{
  double v = k * step;
  double digits = ceil (-log10 (step)) + 2;

  if (digits > 0 && digits < 16)
    {
      double f = pow (10, digits);

      v = round (v * f) / f;
    }
  if (fabs (v) < step * 1e-9)
    v = 0;
  return v;
}

guint
gw_nice_ticks (double  lo,
               double  hi,
               guint   target,
               double *ticks,
               double *step,
               double *nice_lo,
               double *nice_hi)
{
  static const double mult[] = { 1, 2, 2.5, 5, 10 };
  double span, base, s = 1, k0 = 0, k1 = 0;
  guint n = 0;

  if (!isfinite (lo) || !isfinite (hi))
    lo = 0, hi = 1;
  if (lo > hi)
    {
      double tmp = lo;

      lo = hi;
      hi = tmp;
    }
  target = CLAMP (target, 2, GW_MAX_TICKS - 2);
  span = hi - lo;
  if (span <= fabs (hi) * 1e-12 || span == 0)
    {
      double pad = hi == 0 ? 1 : fabs (hi) * 0.1;

      lo -= pad;
      hi += pad;
      span = hi - lo;
    }

  base = pow (10, floor (log10 (span / (target - 1))) - 1);
  for (int e = 0; e < 3 && n == 0; e++, base *= 10)
    for (guint m = 0; m < G_N_ELEMENTS (mult); m++)
      {
        s = base * mult[m];
        k0 = floor (lo / s + 1e-9);
        k1 = ceil (hi / s - 1e-9);
        if (k1 - k0 + 1 <= target + 1)
          {
            n = (guint) (k1 - k0 + 1);
            break;
          }
      }
  n = MIN (n, GW_MAX_TICKS);
  for (guint i = 0; i < n; i++)
    ticks[i] = tick_value (k0 + i, s);
  if (step)
    *step = s;
  if (nice_lo)
    *nice_lo = ticks[0];
  if (nice_hi)
    *nice_hi = ticks[n - 1];
  return n;
}

double
gw_si_scale (double magnitude)
{
  magnitude = fabs (magnitude);
  if (magnitude >= 1e12)
    return 1e12;
  if (magnitude >= 1e9)
    return 1e9;
  if (magnitude >= 1e6)
    return 1e6;
  if (magnitude >= 1e4)
    return 1e3;
  return 1;
}

static const char *
si_suffix (double scale)
{
  if (scale == 1e12)
    return "T";
  if (scale == 1e9)
    return "B";
  if (scale == 1e6)
    return "M";
  if (scale == 1e3)
    return "k";
  return "";
}

/* The decimals that show every multiple of @step exactly. */
static int
decimals_for (double step)
{
  for (int d = 0; d < 10; d++)
    {
      double x = step * pow (10, d);

      if (fabs (x - round (x)) < 1e-6 * MAX (1, fabs (x)))
        return d;
    }
  return 10;
}

char *
gw_format_tick (double value,
                double step,
                double magnitude,
                GwUnit unit)
{
  const char *minus = value < 0 ? "−" : "";
  double a = fabs (value);
  double scale;
  int d;
  g_autofree char *num = NULL;

  if (value == 0)
    a = 0;
  switch (unit)
    {
    case GW_UNIT_FRACTION:
      d = decimals_for (step * 100);
      num = g_strdup_printf ("%.*f", d, a * 100);
      return g_strdup_printf ("%s%s%%", minus, num);

    case GW_UNIT_PRICE:
      d = MAX (decimals_for (step), a == 0 ? 0 : 2);
      if (step >= 1 && decimals_for (step) == 0)
        d = magnitude >= 10 ? 0 : 2;
      num = gw_format_grouped (a, d);
      return g_strdup_printf ("%s$%s", minus, num);

    case GW_UNIT_RATIO:
      d = decimals_for (step);
      num = g_strdup_printf ("%.*f", d, a);
      return g_strdup_printf ("%s%s×", minus, num);

    case GW_UNIT_MW:
      if (magnitude >= 1000)
        {
          d = decimals_for (step / 1000);
          num = g_strdup_printf ("%.*f", d, a / 1000);
          /* TRANSLATORS: gigawatts on an axis */
          return g_strdup_printf (_("%s%s GW"), minus, num);
        }
      d = decimals_for (step);
      num = gw_format_grouped (a, d);
      return g_strdup_printf (_("%s%s MW"), minus, num);

    case GW_UNIT_QUARTER:
      d = decimals_for (step);
      return g_strdup_printf ("%s%.*f", minus, d, a);

    case GW_UNIT_MONEY:
    case GW_UNIT_HOURS:
    default:
      scale = gw_si_scale (magnitude);
      d = decimals_for (step / scale);
      num = gw_format_grouped (a / scale, d);
      if (unit == GW_UNIT_MONEY)
        return g_strdup_printf ("%s$%s%s", minus, num, a == 0 ? "" : si_suffix (scale));
      return g_strdup_printf ("%s%s%s", minus, num, a == 0 ? "" : si_suffix (scale));
    }
}

guint
gw_quarter_step (double px_per_quarter,
                 double min_px)
{
  static const guint steps[] = { 1, 2, 4, 8, 12, 20, 40, 80 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * px_per_quarter >= min_px)
      return steps[i];
  return steps[G_N_ELEMENTS (steps) - 1];
}

void
gw_summary_sorted_q (const GwSummary *summary,
                     double          *q)
{
  memcpy (q, summary->q, sizeof summary->q);
  for (guint i = 1; i < GW_N_QUANTILES; i++)
    for (guint j = i; j > 0 && q[j] < q[j - 1]; j--)
      {
        double tmp = q[j];

        q[j] = q[j - 1];
        q[j - 1] = tmp;
      }
}

void
gw_band_polygon (const GwSummary *summaries,
                 guint            n,
                 guint            lo_q,
                 guint            hi_q,
                 const double    *xs,
                 const GwScale   *y,
                 double          *points)
{
  for (guint i = 0; i < n; i++)
    {
      double q[GW_N_QUANTILES];

      gw_summary_sorted_q (&summaries[i], q);
      points[2 * i] = xs[i];
      points[2 * i + 1] = gw_scale_map (y, q[MIN (lo_q, hi_q)]);
      points[2 * (2 * n - 1 - i)] = xs[i];
      points[2 * (2 * n - 1 - i) + 1] = gw_scale_map (y, q[MAX (lo_q, hi_q)]);
    }
}

int
gw_hit_quarter (const GwScale *x,
                double         px,
                int            first,
                int            last)
{
  double t = gw_scale_invert (x, px);

  if (!isfinite (t) || t < first - 0.5 || t > last + 0.5)
    return G_MININT;
  return CLAMP ((int) floor (t + 0.5), first, last);
}

gboolean
gw_rect_contains (const GwRect *rect,
                  double        x,
                  double        y)
{
  return x >= rect->x && x <= rect->x + rect->width && y >= rect->y && y <= rect->y + rect->height;
}
