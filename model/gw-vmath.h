/* gw-vmath.h — branch-free, auto-vectorisable exp, log, pow, floor and normal quantile
 *
 * The CPU engine evaluates its paths in blocks of lanes,
 *
 *   #pragma GCC ivdep
 *   for (int L = 0; L < 8; L++) out[L] = gw_vexp (in[L]);
 *
 * and needs GCC to turn such loops into SIMD code.  glibc's exp, log and pow are opaque calls,
 * and even sqrt and floor are not vectorised by GCC 12 under the engine's flags (sqrt keeps an
 * errno call unless -fno-math-errno; floor is scalar without SSE4.1, and on x86-64-v4 in loops
 * that GCC does not unroll completely), so this header
 * supplies its own.  Every function here is straight-line code: no branches on the argument
 * (special cases are computed alongside and chosen by bitwise selects), no tables, no calls
 * except fabs, and bit manipulation on 64-bit integers only (shifts, adds, masks), so that
 * AVX2 and AVX-512 can do it lane-wise.  Rounding to an integer uses the "magic number" trick
 * (adding 1.5 * 2^52) because AVX2 has no double <-> int64 conversion.
 *
 * With GCC 12, -O3 and -ffp-contract=off, the lane loop above vectorises for every function
 * here with -march=x86-64-v2 (16-byte vectors), x86-64-v3 (32) and x86-64-v4 (64).  Plain
 * x86-64 (SSE2) stays scalar, because selecting 64-bit lanes on a double comparison needs
 * SSE4.2 in GCC 12; the results are the same bits either way.
 *
 * Like gw-numeric.h this header is shared with the OpenCL kernels.  In OpenCL C the functions
 * are macros for the device built-ins (exp, log, pow, floor; gw_phi_inv for the quantile),
 * because the device compiler has vector math of its own; they then take and return GW_REAL.
 * (A kernel that includes this header needs it listed in compute/gw-compute.gresource.xml, as
 * gw-numeric.h is.)  In C they always take and return double, whatever GW_REAL is.
 *
 * Accuracy in C (ulp = unit in the last place of the exact result; measured against glibc's
 * long double expl/logl/powl on x86-64 over millions of points, see tests/test-vmath.c, which
 * asserts these bounds):
 *   - gw_vexp: < 0.54 ulp for normal results (x in [-708.39, 709.78]; 0.533 the worst seen);
 *     exp (0) == 1 exactly.  Subnormal results (x down to -745.13) come from gradual underflow,
 *     within 1 ulp of the subnormal grid (0.76 seen); they are not flushed to zero.
 *   - gw_vlog: < 0.502 ulp for all positive finite x, subnormals included (nearly correctly
 *     rounded: it is the rounded high half of a log good to ~2^-63).
 *   - gw_vpow: < 1 ulp for x > 0 when the result is normal (|y log x| up to 708): about
 *     0.53 ulp for moderate |y log x|, growing to 0.77 ulp (the worst seen) for x near
 *     2^k sqrt(1/2) and |y log x| near 708, where the log's 2^-64 relative error is multiplied
 *     by |y log x|.  pow (x, 0) == 1 and pow (x, 1) == x exactly.
 *   - gw_vphi_inv: bit-identical to gw_phi_inv in the central region |p - 0.5| <= 0.425, and
 *     within 4 ulp of it in the tails for p in [1e-300, 1 - 1e-16] (3 ulp the worst seen in
 *     tens of millions of points; it is not a proof, since gw_phi_inv's own rounding noise
 *     enters where the logs differ).
 *   - gw_vfloor: exact, bit-identical to floor () including -0.
 * Where the results are normal, gw_vexp, gw_vlog and gw_vpow are never more than 1 ulp from
 * glibc's exp, log and pow.
 *
 * Reproducibility: the code uses only IEEE add, sub, mul and div, so a given input gives the
 * same bits in scalar code and in 16-, 32- and 64-byte vectors (the engine's target_clones),
 * and in every lane of a loop independently of its neighbours; tests/test-vmath.c checks this.
 * That
 * requires -ffp-contract=off (GCC's default for -std=c11, and what the engine uses): fused
 * multiply-adds would make the FMA clones round differently.  Accuracy does not depend on it:
 * the error-free transformations below split operands by masking bits, not by Veltkamp's
 * multiply, so they stay exact under contraction (the tests pass with -ffp-contract=fast
 * -march=x86-64-v3 too).  The rounding mode must be round-to-nearest, and -ffast-math breaks
 * the magic-number and compensated arithmetic, so it is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef GW_VMATH_H
#define GW_VMATH_H

#include "gw-numeric.h"

#ifdef __OPENCL_C_VERSION__

/* The built-ins are overloaded on float/double and vectorised by the device compiler. */
#define gw_vexp(x) exp (x)
#define gw_vlog(x) log (x)
#define gw_vpow(x, y) pow (x, y)
#define gw_vfloor(x) floor (x)
#define gw_vphi_inv(p) gw_phi_inv (p)

#else /* C */

#if defined (__FAST_MATH__) || (defined (__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)
#error "gw-vmath.h relies on IEEE NaN, infinities and exact rounding; do not use -ffast-math"
#endif

#if defined (__FLT_EVAL_METHOD__) && (__FLT_EVAL_METHOD__ == 1 || __FLT_EVAL_METHOD__ == 2)
#error "gw-vmath.h needs double arithmetic evaluated in double (e.g. -mfpmath=sse on i386)"
#endif

/* Inlining is what exposes the lane loop to the vectoriser, so insist on it.  One catch with
 * GCC: an always_inline function is compiled for the translation unit's -march, and GCC 12
 * refuses (as a hard error) to inline it into a function whose target or target_clones arch
 * lacks some of those features.  So a file that uses target_clones ("arch=x86-64-v3", ...)
 * must itself be built for a lower -march (the default x86-64 is right; -march=native is not).
 * Define GW_VMATH_INLINE as plain `static inline` before including this header to trade the
 * error for a silent loss of vectorisation. */
#ifndef GW_VMATH_INLINE
#if defined (__GNUC__) || defined (__clang__)
#define GW_VMATH_INLINE static inline __attribute__ ((always_inline))
#else
#define GW_VMATH_INLINE static inline
#endif
#endif

/* The C functions work in double whatever GW_REAL is, so they use fabs and a double infinity
 * rather than gw-numeric.h's GW_REAL-typed GW__FABS and GW__INF. */
#define GW__VINF ((double) INFINITY)

/* Clang contracts a * b + c within an expression by default (-ffp-contract=on); keep its
 * rounding the same as GCC's -std=c11 code.  GCC has no scoped equivalent and needs none. */
#if defined (__clang__)
#define GW__VMATH_NO_CONTRACT _Pragma ("clang fp contract(off)")
#else
#define GW__VMATH_NO_CONTRACT
#endif

/* ------------------------------------------------------------------------------------------ */
/* Bits                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* Type punning through a union is defined in C11 (and GCC turns it into a plain register
 * reinterpretation, which it vectorises). */
typedef union
{
  double d;
  gw_u64 u;
} GwVmathPun;

GW_VMATH_INLINE gw_u64
gw__vbits (double x)
{
  GwVmathPun v;

  v.d = x;
  return v.u;
}

GW_VMATH_INLINE double
gw__vdouble (gw_u64 u)
{
  GwVmathPun v;

  v.u = u;
  return v.d;
}

/* c ? a : b for a condition c that is 0 or 1, as a select on the bits.  As a ternary, GCC's
 * jump threader would duplicate the rest of the function for a constant arm (e.g. the clamped
 * x = 710 in exp) and leave control flow that only AVX-512 masking can if-convert; this is
 * straight-line code, which GCC vectorises as a blend from x86-64-v2 up. */
GW_VMATH_INLINE double
gw__vsel (int    c,
          double a,
          double b)
{
  gw_u64 m = (gw_u64) 0 - (gw_u64) c;

  return gw__vdouble ((gw__vbits (a) & m) | (gw__vbits (b) & ~m));
}

/* The top 26 significant bits of x (the low 27 of the 52 stored ones cleared).  With
 * lo = x - hi (exact, at most 27 bits) a product of two such halves has at most 53 bits and is
 * exact, except lo * lo which is tiny.  Masking rather than Veltkamp's 2^27 + 1 multiply keeps
 * the splits exact even if the compiler contracts into FMAs, and cannot overflow. */
GW_VMATH_INLINE double
gw__vhi26 (double x)
{
  return gw__vdouble (gw__vbits (x) & (gw_u64) 0xfffffffff8000000u);
}

/* 2^k for an integer-valued double k in [-1022, 1023]: add k to 1.5 * 2^52 + 1023 so that the
 * low bits of the sum hold the biased exponent, then shift them into place. */
GW_VMATH_INLINE double
gw__vexp2i (double k)
{
  return gw__vdouble (gw__vbits (k + (0x1.8p52 + 1023.0)) << 52);
}

/* ------------------------------------------------------------------------------------------ */
/* exp                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* e^(xh + xl), where xl is a small correction (|xl| <= 2^-40 |xh|, or 0).
 *
 * Cody-Waite: k = round (xh / ln 2) and r = xh + xl - k ln 2, |r| <= ln 2 / 2 (a hair more when
 * the rounding of xh / ln 2 ties the other way).  k * ln2_hi is exact (ln2_hi has 32
 * significant bits and |k| <= 1076), and so is xh - k * ln2_hi (Sterbenz); the rest is gathered
 * into r + rerr by an exact two-sum, so r carries about 2^-105 relative error.
 *
 * e^r = 1 + r + r^2 / 2 + r^3 Q(r), with Q a degree-9 polynomial (Chebyshev fit, |r^3 (Q -
 * Q*)| < 2^-60 on |r| <= 0.3471) evaluated by Estrin's scheme for a short dependency chain.
 * 1 + r + r^2 / 2 is summed exactly and the small terms are added first, so the error before
 * scaling is the final rounding plus about 0.03 ulp.
 *
 * The result is scaled by 2^k as 2^k1 * 2^k2 with k1 + k2 = k, both within the normal exponent
 * range, so that k = 1024 (results just below DBL_MAX) does not overflow early and subnormal
 * results are rounded once, by the last multiply (gradual underflow).  The clamp to
 * [-746, 710] keeps k in range; outside it the result is 0 or +inf anyway.  NaN passes through
 * every select below and comes out NaN. */
GW_VMATH_INLINE double
gw__vexp_dd (double xh,
             double xl)
{
  GW__VMATH_NO_CONTRACT
  const double log2e = 1.44269504088896338700e+00;
  const double ln2_hi = 6.93147180369123816490e-01; /* 0x1.62e42feep-1 */
  const double ln2_lo = 1.90821492927058770002e-10; /* RN (ln 2 - ln2_hi) */
  const double shift = 0x1.8p52;
  double x, kd, k1, k2, rhi, m, r, bv, rerr, rh, rl, r2, r2e, r4, r8, q, one_r, e1, h, sum, e2, y;

  x = gw__vsel (xh < -746.0, -746.0, xh);
  x = gw__vsel (x > 710.0, 710.0, x);

  /* k = round (x / ln 2), exact in [-1076, 1024] */
  kd = (x * log2e + shift) - shift;

  /* r + rerr = x + xl - k ln 2 */
  rhi = x - kd * ln2_hi;
  m = xl - kd * ln2_lo;
  r = rhi + m;
  bv = r - rhi;
  rerr = (rhi - (r - bv)) + (m - bv);

  /* r^2 = r2 + r2e exactly (26-bit halves); r2 / 2 is exact too */
  rh = gw__vhi26 (r);
  rl = r - rh;
  r2 = r * r;
  r2e = ((rh * rh - r2) + 2.0 * (rh * rl)) + rl * rl;

  /* Q (r) = (e^r - 1 - r - r^2 / 2) / r^3 */
  r4 = r2 * r2;
  r8 = r4 * r4;
  q = ((0.16666666666666669 + 0.041666666666666664 * r)
       + (0.008333333333330025 + 0.0013888888888886526 * r) * r2)
      + ((0.00019841269863239797 + 2.4801587317277455e-05 * r)
         + (2.7557268171118913e-06 + 2.75572827632559e-07 * r) * r2) * r4
      + (2.5100522707350674e-08 + 2.091133461591486e-09 * r) * r8;

  /* e^(r + rerr) = 1 + r + r^2 / 2 + r^3 Q + rerr (1 + r): the first three summed exactly (the
   * two fast two-sums are valid because |r| < 1 and r^2 / 2 < |1 + r|), the small terms first. */
  one_r = 1.0 + r;
  e1 = (1.0 - one_r) + r;
  h = 0.5 * r2;
  sum = one_r + h;
  e2 = h - (sum - one_r);
  y = sum + ((((r2 * r) * q + 0.5 * r2e) + (rerr + rerr * r)) + (e1 + e2));

  /* 2^k = 2^k1 2^k2, k1 = round (k / 2), both in [-538, 512] */
  k1 = (kd * 0.5 + shift) - shift;
  k2 = kd - k1;

  return (y * gw__vexp2i (k1)) * gw__vexp2i (k2);
}

/**
 * gw_vexp:
 * @x: any double
 *
 * e^x, vectorisable.  Error < 0.54 ulp where the result is normal (-708.39 <= x <= 709.78),
 * and exp (0) == 1 exactly.  Results that are subnormal (down to x = -745.13) come from gradual
 * underflow and are within 1 ulp of the subnormal grid (they are not flushed to zero).
 *
 * Returns: e^x; +inf above log (DBL_MAX) = 709.7827 (and for +inf), +0 below -745.1332 (and
 *   for -inf), NaN for NaN
 */
GW_VMATH_INLINE double
gw_vexp (double x)
{
  return gw__vexp_dd (x, 0.0);
}

/* ------------------------------------------------------------------------------------------ */
/* log                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* Reduction shared by gw_vlog and gw_vpow: x = 2^k z with z in [sqrt(1/2), sqrt(2)), for
 * positive finite x (subnormals are first scaled up by 2^54).  Other inputs give garbage that
 * the callers select away.
 *
 * Adding 2^62 - bits (sqrt(1/2)) to the bits of x carries into the exponent field exactly when
 * the significand is >= sqrt(1/2), so the top 12 bits are k + 1024 (unsigned: AVX2 has no
 * 64-bit arithmetic shift), and subtracting k from the exponent field leaves z. */
GW_VMATH_INLINE double
gw__vlog_reduce (double  x,
                 double *k)
{
  GW__VMATH_NO_CONTRACT
  const gw_u64 off = (gw_u64) 0x4000000000000000u - (gw_u64) 0x3fe6a09e667f3bcdu;
  double xs, kadj;
  gw_u64 ix, top;

  xs = x * 0x1p54;
  kadj = gw__vsel (x < 0x1p-1022, -54.0, 0.0);
  xs = gw__vsel (x < 0x1p-1022, xs, x);

  ix = gw__vbits (xs);
  top = (ix + off) >> 52;

  /* k = top - 1024, converted by the magic-number trick (no int64 -> double on AVX2) */
  *k = (gw__vdouble ((gw_u64) 0x4330000000000000u | top) - (0x1p52 + 1024.0)) + kadj;

  return gw__vdouble (ix - (top << 52) + ((gw_u64) 1024u << 52));
}

/* log (x) as hi + lo with |lo| <= ulp (hi) / 2 and relative error below 2^-63, for positive
 * finite x (the caller sanitises).  Same reduction; then
 *
 *   log (z) = 2 atanh (s) = 2 s + (2/3) s^3 + s^5 R (s^2),   s = f / (2 + f),  |s| <= 0.1716,
 *
 * with s and the s^3 term carried as double-double (exact products from 26-bit halves) and
 * only s^5 R in plain double; R is a degree-7 Chebyshev fit of (2 atanh (s) - 2 s - 2/3 s^3) /
 * s^5 in s^2, relative error < 2^-66 of the total.  k ln 2 uses the same 32-bit ln2_hi, so
 * k ln2_hi + 2 s_hi and the next sum are exact fast two-sums (|k ln2_hi| >= 0.69 > |2 s| when
 * k != 0). */
GW_VMATH_INLINE void
gw__vlog_dd (double  x,
             double *hi,
             double *lo)
{
  GW__VMATH_NO_CONTRACT
  const double ln2_hi = 6.93147180369123816490e-01;
  const double ln2_lo = 1.90821492927058770002e-10;
  const double c3 = 0x1.5555555555555p-1;    /* RN (2/3) */
  const double c3_lo = 0x1.5555555555555p-55; /* 2/3 - c3 */
  const double c3_h = 0x1.555555p-1;         /* c3 = c3_h + c3_l, 26 + 27 bits */
  const double c3_l = 0x1.5555554p-27;
  double k, f, d, dl, inv, sh, sl, shh, shl, dh, dlo, res;
  double a, ae, ah, al, b, be, bh, bl, w, wr, th, te, kl, h1, e1, h2, e2, l;

  f = gw__vlog_reduce (x, &k) - 1.0;

  /* s = sh + sl = f / (2 + f).  2 + f = d + dl exactly; sh = f / d to about 1 ulp, and the
   * residual f - sh (d + dl) is computed exactly enough (f - shh dh is exact by Sterbenz, the
   * other partial products are exact) to give sl to ~2^-75 relative. */
  d = 2.0 + f;
  dl = f - (d - 2.0);
  inv = 1.0 / d;
  sh = f * inv;
  shh = gw__vhi26 (sh);
  shl = sh - shh;
  dh = gw__vhi26 (d);
  dlo = d - dh;
  res = ((((f - shh * dh) - shh * dlo) - shl * dh) - shl * dlo) - sh * dl;
  sl = res * inv;

  /* s^2 = a + ae, s^3 = b + be */
  a = sh * sh;
  ae = ((shh * shh - a) + 2.0 * (shh * shl)) + shl * shl;
  b = a * sh;
  ah = gw__vhi26 (a);
  al = a - ah;
  be = ((((ah * shh - b) + ah * shl) + al * shh) + al * shl) + (ae * sh + 3.0 * a * sl);

  /* s^5 R (s^2) = b * wr; w = s^2 to about 2^-100, since sh alone may be 1 ulp off s */
  w = a + (ae + 2.0 * (sh * sl));
  wr = w * ((0.4 + 0.2857142857142937 * w)
            + (0.22222222221652765 + 0.18181818336099848 * w) * (w * w)
            + ((0.1538459488700718 + 0.1333480879881234 * w)
               + (0.11706126464563398 + 0.11724327060846747 * w) * (w * w)) * ((w * w) * (w * w)));

  /* (2/3 + s^2 R) s^3 = th + te, b * c3 split exactly */
  th = b * c3;
  bh = gw__vhi26 (b);
  bl = b - bh;
  te = ((((bh * c3_h - th) + bh * c3_l) + bl * c3_h) + bl * c3_l)
       + (be * (c3 + wr) + b * (c3_lo + wr));

  /* k ln 2 + 2 s + th, with the rounding errors e1, e2 kept */
  kl = k * ln2_hi;
  h1 = kl + 2.0 * sh;
  e1 = 2.0 * sh - (h1 - kl);
  h2 = h1 + th;
  e2 = th - (h2 - h1);
  l = ((k * ln2_lo + te) + 2.0 * sl) + (e1 + e2);

  *hi = h2 + l;
  *lo = l - (*hi - h2);
}

/**
 * gw_vlog:
 * @x: any double
 *
 * The natural logarithm, vectorisable: the high half of the double-double log that gw_vpow
 * uses, i.e. log x rounded once from a value good to about 2^-63 relative.  Error < 0.502 ulp
 * for all positive finite x, subnormals included, so it almost always agrees bit for bit with
 * a correctly rounded log (and with glibc's); log (1) == 0 exactly.  It costs about twice a
 * branch-free fdlibm e_log.c, whose 0.84 ulp errors made gw_vphi_inv differ from gw_phi_inv
 * by up to 7 ulp; with this log the worst seen is 3.
 *
 * Returns: log (x); -inf for ±0, NaN for x < 0 or NaN, +inf for +inf
 */
GW_VMATH_INLINE double
gw_vlog (double x)
{
  GW__VMATH_NO_CONTRACT
  double hi, lo, res;

  gw__vlog_dd (x, &hi, &lo);
  (void) lo;

  res = gw__vsel (x > 0.0, hi, gw__vsel (x == 0.0, -GW__VINF, (double) NAN));
  return gw__vsel (x < GW__VINF, res, x); /* +inf, and NaN propagated */
}

/* ------------------------------------------------------------------------------------------ */
/* pow                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/**
 * gw_vpow:
 * @x: the base, meant to be > 0
 * @y: the exponent
 *
 * x^y for positive x, vectorisable, as e^(y log x) with log x in double-double and the
 * product y log x = zh + zl formed exactly, so the errors of note are exp's (< 0.54 ulp) and
 * the log's relative error, about 2^-64, times |y log x|: < 1 ulp when the result is normal
 * (0.77 ulp the worst seen, at |y log x| near 708; about 0.53 for moderate |y log x|).
 * pow (x, 0) == 1 and pow (x, 1) == x exactly.
 *
 * Special cases follow C99 pow for x >= 0: x^±0 = 1 for every x (NaN too), 1^y = 1 for every y,
 * 0^y is +0 for y > 0 and +inf for y < 0, (+inf)^y is +inf for y > 0 and +0 for y < 0, and
 * x^(±inf) is 0 or +inf by |x| against 1.  Unlike C's pow, a negative @x gives NaN even for an
 * integer @y, and -0 is treated as +0.
 *
 * Returns: x^y
 */
GW_VMATH_INLINE double
gw_vpow (double x,
         double y)
{
  GW__VMATH_NO_CONTRACT
  double xs, ys, lh, ll, zh, zl, yh, yl, lhh, lhl, res, at_inf, at_zero;

  /* log of a harmless stand-in where x is not positive and finite */
  xs = gw__vsel (x > 0.0, x, 1.0);
  xs = gw__vsel (xs < GW__VINF, xs, 1.0);
  gw__vlog_dd (xs, &lh, &ll);

  /* y (lh + ll) = zh + zl.  The halves' products are exact, yh * lhh - zh is exact by
   * Sterbenz, and the rest is below 2^-100 |zh|.  Where |y| >= 2^900 the split is skipped:
   * then either lh == 0 (x == 1) or |zh| is far beyond exp's range and zl is dropped anyway. */
  zh = y * lh;
  ys = gw__vsel (fabs (y) < 0x1p900, y, 0.0);
  yh = gw__vhi26 (ys);
  yl = ys - yh;
  lhh = gw__vhi26 (lh);
  lhl = lh - lhh;
  zl = ((((yh * lhh - zh) + yh * lhl) + yl * lhh) + yl * lhl) + ys * ll;
  zl = gw__vsel (fabs (zh) < 1000.0, zl, 0.0); /* and 0 where zh is ±inf or NaN */

  res = gw__vexp_dd (zh, zl);

  /* x == 0 and x == +inf */
  at_inf = gw__vsel (y > 0.0, GW__VINF, gw__vsel (y < 0.0, 0.0, y));
  at_zero = gw__vsel (y > 0.0, 0.0, gw__vsel (y < 0.0, GW__VINF, y));
  res = gw__vsel (x == 0.0, at_zero, res);
  res = gw__vsel (x == GW__VINF, at_inf, res);
  res = gw__vsel (x >= 0.0, res, (double) NAN); /* x < 0 or NaN */
  res = gw__vsel (y == 0.0, 1.0, res);
  return gw__vsel (x == 1.0, 1.0, res);
}

/* ------------------------------------------------------------------------------------------ */
/* floor                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/**
 * gw_vfloor:
 * @x: any double
 *
 * floor (x), vectorisable (GCC 12 leaves floor () scalar without SSE4.1, and in loops that it
 * does not fully unroll on x86-64-v4).  |x| + 2^52 - 2^52 rounds |x| to an integer (exactly, for
 * |x| < 2^52), one is subtracted where that went above x, and larger values, infinities, NaN
 * and ±0 are passed through.  Bit-identical to floor ().
 *
 * Returns: the largest integer not greater than @x
 */
GW_VMATH_INLINE double
gw_vfloor (double x)
{
  GW__VMATH_NO_CONTRACT
  double a, t;

  a = fabs (x);
  t = (a + 0x1p52) - 0x1p52;
  t = gw__vdouble (gw__vbits (t) | (gw__vbits (x) & ((gw_u64) 1u << 63))); /* sign of x */
  t = gw__vsel (t > x, t - 1.0, t);
  return gw__vsel ((a < 0x1p52) & (x != 0.0), t, x);
}

/* ------------------------------------------------------------------------------------------ */
/* Standard normal quantile                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* sqrt (x) for the quantile's tail, x >= 0.  A libm sqrt call would not vectorise: with the
 * default -fmath-errno GCC keeps a conditional call for negative x in the loop.  Newton's
 * iteration for 1 / sqrt (x) from the classic bit-trick estimate (3.4% error, then 1.7e-3,
 * 4.6e-6, 3.2e-11 and rounding level), s = x y, and one Newton step on s with the residual
 * x - s^2 formed exactly: error < 0.5 + 2^-45 ulp, so it agrees with the correctly rounded
 * sqrt except within 2^-45 ulp of a rounding boundary (none seen in the tests), for x from
 * 2^-960 to DBL_MAX (below that the residual's partial products lose bits); 0 gives 0. */
GW_VMATH_INLINE double
gw__vsqrt (double x)
{
  GW__VMATH_NO_CONTRACT
  double h, y, s, sh, sl, d;

  h = 0.5 * x;
  y = gw__vdouble ((gw_u64) 0x5fe6eb50c7b537a9u - (gw__vbits (x) >> 1));
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  y = y * (1.5 - h * y * y);
  s = x * y;
  sh = gw__vhi26 (s);
  sl = s - sh;
  d = ((x - sh * sh) - 2.0 * (sh * sl)) - sl * sl;
  return s + d * (0.5 * y);
}

/* Coefficient by region: central, tail with r <= 5, far tail. */
#define GW__VPPND(c, n, f) gw__vsel (central, (c), gw__vsel (moderate, (n), (f)))

/**
 * gw_vphi_inv:
 * @p: a probability in (0, 1)
 *
 * The standard normal inverse CDF, vectorisable: gw_phi_inv's AS 241 PPND16 with the region
 * chosen per lane by selecting the variable and the coefficients of one degree-7/7 rational
 * function, so only one is evaluated.  Every operation is the one gw_phi_inv performs, in the
 * same order, except that log and sqrt are gw_vlog and a local vectorisable sqrt: the result
 * is bit-identical in the central region (|p - 0.5| <= 0.425) and within 4 ulp of gw_phi_inv
 * in the tails for p in [1e-300, 1 - 1e-16] (3 ulp the worst seen; all but about 1 in 10^5 are identical).
 * It always pays for the log and the sqrt, so per value it costs more than gw_phi_inv does
 * on a central p: its point is to let the whole lane loop vectorise.
 *
 * Returns: x with P(Z <= x) = p; -inf for p <= 0, +inf for p >= 1, NaN for NaN
 */
GW_VMATH_INLINE double
gw_vphi_inv (double p)
{
  GW__VMATH_NO_CONTRACT
  double q, aq, rc, pt, rt, v, num, den, mult, x;
  int central, moderate;

  q = p - 0.5;
  aq = fabs (q);
  central = aq <= 0.425;

  /* central variable; tail variable from the smaller of p and 1 - p */
  rc = 0.180625 - q * q;
  pt = gw__vsel (q < 0.0, p, 1.0 - p);
  rt = gw__vsqrt (-gw_vlog (pt));
  moderate = rt <= 5.0;
  v = gw__vsel (central, rc, gw__vsel (moderate, rt - 1.6, rt - 5.0));

  num = (((((((GW__VPPND (2.5090809287301226727e+3, 7.74545014278341407640e-4,
                          2.01033439929228813265e-7) * v
               + GW__VPPND (3.3430575583588128105e+4, 2.27238449892691845833e-2,
                            2.71155556874348757815e-5)) * v
              + GW__VPPND (6.7265770927008700853e+4, 2.41780725177450611770e-1,
                           1.24266094738807843860e-3)) * v
             + GW__VPPND (4.5921953931549871457e+4, 1.27045825245236838258e+0,
                          2.65321895265761230930e-2)) * v
            + GW__VPPND (1.3731693765509461125e+4, 3.64784832476320460504e+0,
                         2.96560571828504891230e-1)) * v
           + GW__VPPND (1.9715909503065514427e+3, 5.76949722146069140550e+0,
                        1.78482653991729133580e+0)) * v
          + GW__VPPND (1.3314166789178437745e+2, 4.63033784615654529590e+0,
                       5.46378491116411436990e+0)) * v
         + GW__VPPND (3.3871328727963666080e+0, 1.42343711074968357734e+0,
                      6.65790464350110377720e+0));
  den = (((((((GW__VPPND (5.2264952788528545610e+3, 1.05075007164441684324e-9,
                          2.04426310338993978564e-15) * v
               + GW__VPPND (2.8729085735721942674e+4, 5.47593808499534494600e-4,
                            1.42151175831644588870e-7)) * v
              + GW__VPPND (3.9307895800092710610e+4, 1.51986665636164571966e-2,
                           1.84631831751005468180e-5)) * v
             + GW__VPPND (2.1213794301586595867e+4, 1.48103976427480074590e-1,
                          7.86869131145613259100e-4)) * v
            + GW__VPPND (5.3941960214247511077e+3, 6.89767334985100004550e-1,
                         1.48753612908506148525e-2)) * v
           + GW__VPPND (6.8718700749205790830e+2, 1.67638483018380384940e+0,
                        1.36929880922735805310e-1)) * v
          + GW__VPPND (4.2313330701600911252e+1, 2.05319162663775882187e+0,
                       5.99832206555887937690e-1)) * v
         + 1.0);

  /* gw_phi_inv returns q * num / den in the centre and ±(num / den) in the tails; multiplying
   * by ±1 first is exact, so both orders of operations are kept. */
  mult = gw__vsel (central, q, gw__vsel (q < 0.0, -1.0, 1.0));
  x = mult * num / den;

  x = gw__vsel (p <= 0.0, -GW__VINF, x);
  return gw__vsel (p >= 1.0, GW__VINF, x);
}

#undef GW__VPPND

#endif /* __OPENCL_C_VERSION__ */

#endif /* GW_VMATH_H */
