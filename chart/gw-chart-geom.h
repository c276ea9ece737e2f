/* gw-chart-geom.h: chart geometry without a display (scales, ticks, bands, hit-testing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-plan.h"
#include "gw-results.h"

G_BEGIN_DECLS

#define GW_MAX_TICKS 24

typedef struct
{
  double x, y, width, height;
} GwRect;

/**
 * GwScale:
 *
 * A linear map from a data domain [@d0, @d1] to a device range [@r0, @r1].
 * The range may run backwards (y grows downwards on screen).
 */
typedef struct
{
  double   d0, d1;
  double   r0, r1;
  gboolean log;      /* maps log10 of the value; d0 and d1 are > 0 */
} GwScale;

double   gw_scale_map          (const GwScale *scale,
                                double         value);
double   gw_scale_invert       (const GwScale *scale,
                                double         position);

/**
 * gw_nice_ticks:
 * @lo: the smallest value to show
 * @hi: the largest value to show
 * @target: about how many ticks are wanted (at least 2)
 * @ticks: (out caller-allocates) (array fixed-size=GW_MAX_TICKS): the ticks
 * @step: (out) (optional): the step between ticks, 1, 2, 2.5 or 5 times a power of ten
 * @nice_lo: (out) (optional): the first tick at or below @lo
 * @nice_hi: (out) (optional): the last tick at or above @hi
 *
 * Ticks that cover [@lo, @hi], starting at or below @lo and ending at or
 * above @hi. A range of zero width is widened around its value.
 *
 * Returns: the number of ticks
 */
guint    gw_log_ticks          (double         lo,
                                double         hi,
                                double        *ticks,
                                double        *nice_lo,
                                double        *nice_hi);
guint    gw_nice_ticks         (double         lo,
                                double         hi,
                                guint          target,
                                double        *ticks,
                                double        *step,
                                double        *nice_lo,
                                double        *nice_hi);

/* The SI scale (1, 1e3, 1e6, 1e9, 1e12) that labels of values up to
 * @magnitude share, so an axis reads $0B, $5B, $10B and not $500M, $1B. */
double   gw_si_scale           (double         magnitude);

/**
 * gw_format_tick:
 * @value: the tick
 * @step: the step between ticks (sets the decimals)
 * @magnitude: the largest absolute tick on the axis (sets the SI suffix)
 * @unit: how to show it
 *
 * A tick label in the current locale's decimal separator: "$2.50",
 * "$12.5B", "45%", "1.5x", "3.2B", "1.2 GW".
 */
char    *gw_format_tick        (double         value,
                                double         step,
                                double         magnitude,
                                GwUnit         unit);

/* The step in quarters between labelled quarter ticks so that labels are
 * at least @min_px apart: 1, 2, 4, 8, 12, 20, 40... */
guint    gw_quarter_step       (double         px_per_quarter,
                                double         min_px);

/**
 * gw_band_polygon:
 * @summaries: one per quarter, @n of them
 * @lo_q: the quantile index of the lower edge (GW_Q_P5...)
 * @hi_q: the quantile index of the upper edge
 * @xs: (array length=n): device x of each quarter
 * @y: the value scale
 * @points: (out caller-allocates): 4 @n doubles: the lower edge left to
 *   right, then the upper edge right to left, as x, y pairs
 *
 * The closed outline of a quantile band. Where a summary's quantiles are
 * out of order (an approximate engine) the edges are sorted so the band
 * never folds over.
 */
void     gw_band_polygon       (const GwSummary *summaries,
                                guint            n,
                                guint            lo_q,
                                guint            hi_q,
                                const double    *xs,
                                const GwScale   *y,
                                double          *points);

/* The quantiles of @summary made non-decreasing (P5 <= ... <= P95). */
void     gw_summary_sorted_q   (const GwSummary *summary,
                                double          *q);

/**
 * gw_hit_quarter:
 * @x: the time scale (domain in quarters, fractional)
 * @px: the pointer's device x
 * @first: the first quarter that may be hit
 * @last: the last quarter that may be hit
 *
 * Returns: the quarter nearest to @px, or G_MININT when @px lies more than
 *   half a quarter outside [@first, @last]
 */
int      gw_hit_quarter        (const GwScale *x,
                                double         px,
                                int            first,
                                int            last);

gboolean gw_rect_contains      (const GwRect  *rect,
                                double         x,
                                double         y);

G_END_DECLS
