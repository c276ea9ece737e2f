/* gw-sample.h: inverse CDFs of the input distributions (MODEL.md section 3)
 *
 * Header-only; compiles as C11 and as OpenCL C so that the reference engine
 * and the kernels sample inputs with the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef GW_SAMPLE_H
#define GW_SAMPLE_H

#include "gw-numeric.h"

/* Kinds of distribution. GW_DIST_NONE marks an optional number that is not
 * given (a deal's derived field); zeroed memory is therefore "absent". */
#define GW_DIST_NONE       0
#define GW_DIST_FIXED      1
#define GW_DIST_UNIFORM    2
#define GW_DIST_TRIANGULAR 3
#define GW_DIST_NORMAL     4
#define GW_DIST_LOGNORMAL  5
#define GW_N_DIST_KINDS    6

/* z_{0.9} of the standard normal: p90 = exp (mu + sigma z_{0.9}) */
#define GW_Z90 1.2815515655446004

/* Parameters: fixed (v), uniform (lo, hi), triangular (lo, mode, hi),
 * normal (mean, sd, lo, hi) with lo = -INFINITY / hi = INFINITY for no
 * truncation, lognormal (p10, p90). u is in (0, 1). */
static inline GW_REAL
gw_sample_icdf (int     kind,
                GW_REAL a,
                GW_REAL b,
                GW_REAL c,
                GW_REAL d,
                GW_REAL u)
{
  switch (kind)
    {
    case GW_DIST_FIXED:
      return a;

    case GW_DIST_UNIFORM:
      return a + u * (b - a);

    case GW_DIST_TRIANGULAR:
      {
        GW_REAL width = c - a;
        GW_REAL fc = (b - a) / width;

        if (u < fc)
          return a + sqrt (u * width * (b - a));
        return c - sqrt ((1 - u) * width * (c - b));
      }

    case GW_DIST_NORMAL:
      {
        GW_REAL lo = gw_phi ((c - a) / b);
        GW_REAL hi = gw_phi ((d - a) / b);

        return a + b * gw_phi_inv (lo + u * (hi - lo));
      }

    case GW_DIST_LOGNORMAL:
      {
        GW_REAL mu = (log (a) + log (b)) / 2;
        GW_REAL sigma = (log (b) - log (a)) / (2 * GW_C (1.2815515655446004));

        return exp (mu + sigma * gw_phi_inv (u));
      }

    default:
      return 0;
    }
}

/* The central value: the median, except a triangular law's mode. */
static inline GW_REAL
gw_sample_central (int     kind,
                   GW_REAL a,
                   GW_REAL b,
                   GW_REAL c,
                   GW_REAL d)
{
  if (kind == GW_DIST_TRIANGULAR)
    return b;
  return gw_sample_icdf (kind, a, b, c, d, GW_C (0.5));
}

#endif /* GW_SAMPLE_H */
