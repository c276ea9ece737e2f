/* gw-numeric.h — counter-based random numbers and normal-distribution helpers
 *
 * This header is shared verbatim between the host engine (C11) and the OpenCL engines
 * (OpenCL C 1.2), so that both produce the same random streams and the same transforms.  It
 * therefore uses no GLib, no libc beyond <stdint.h>/<math.h>, and only `static inline`
 * functions (it may be included by several translation units).
 *
 * The floating type is GW_REAL.  It defaults to double; an engine that wants single precision
 * (e.g. an OpenCL float kernel) must `#define GW_REAL float` before including this file.  Only
 * the spellings `double` and `float` are supported, because the header has to know at
 * preprocessing time which one it is (to pick literal suffixes, libm variants and whether the
 * OpenCL fp64 extension is needed); GW_REAL_IS_DOUBLE is defined to 1 or 0 accordingly.
 *
 * Accuracy (measured on x86-64/glibc and PoCL; see tests/test-numeric.c):
 *   - gw_u01: exact in double; in float within one float ulp, and clamped below 1.
 *   - gw_phi_inv (double): AS241 PPND16, relative error <= 3.5e-16 (~2 ulp) against 450-digit
 *     references for p from DBL_MIN to 1 - 1e-10; gw_phi (gw_phi_inv (p)) gives p back to
 *     <= 1e-14 relative in the body, growing like x^2 ulp in the far tail.
 *   - gw_phi_inv (float): the same code with coefficients rounded to float; within 3e-7
 *     relative (a few float ulp) of the double result for the same float p.
 */

#ifndef GW_NUMERIC_H
#define GW_NUMERIC_H

#ifndef GW_REAL
#define GW_REAL double
#endif

/* Map the GW_REAL spelling to a number the preprocessor can test: token-paste it onto a prefix
 * and let the two known spellings expand to 1 (double) and 2 (float).  Anything else expands to
 * an undefined identifier, which #if evaluates as 0, and we refuse it below. */
#define GW__REAL_KIND_double 1
#define GW__REAL_KIND_float 2
#define GW__CAT(a, b) a##b
#define GW__XCAT(a, b) GW__CAT (a, b)
#define GW__REAL_KIND GW__XCAT (GW__REAL_KIND_, GW_REAL)

#if GW__REAL_KIND == 1
#define GW_REAL_IS_DOUBLE 1
#elif GW__REAL_KIND == 2
#define GW_REAL_IS_DOUBLE 0
#else
#error "GW_REAL must be defined as exactly `double` or `float`"
#endif

/* Floating literals must carry an `f` suffix in float builds: in OpenCL an unsuffixed literal
 * is a double, which either fails to compile (no fp64) or silently promotes the whole
 * expression to double; in C it would do the latter. */
#if GW_REAL_IS_DOUBLE
#define GW_C(x) x
#else
#define GW_C(x) GW__CAT (x, f)
#endif

#ifdef __OPENCL_C_VERSION__

#if GW_REAL_IS_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

typedef uint gw_u32;
typedef ulong gw_u64;

/* OpenCL math built-ins are overloaded on float/double, so no suffix selection is needed. */
#define GW__ERFC(x) erfc (x)
#define GW__LOG(x) log (x)
#define GW__SQRT(x) sqrt (x)
#define GW__FABS(x) fabs (x)
#define GW__INF ((GW_REAL) INFINITY)

#else /* C */

#include <stdint.h>
#include <math.h>

typedef uint32_t gw_u32;
typedef uint64_t gw_u64;

#if GW_REAL_IS_DOUBLE
#define GW__ERFC(x) erfc (x)
#define GW__LOG(x) log (x)
#define GW__SQRT(x) sqrt (x)
#define GW__FABS(x) fabs (x)
#else
#define GW__ERFC(x) erfcf (x)
#define GW__LOG(x) logf (x)
#define GW__SQRT(x) sqrtf (x)
#define GW__FABS(x) fabsf (x)
#endif
#define GW__INF ((GW_REAL) INFINITY)

#endif /* __OPENCL_C_VERSION__ */

/* ------------------------------------------------------------------------------------------ */
/* Philox4x32-10                                                                              */
/* ------------------------------------------------------------------------------------------ */

/* Constants from Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3"
 * (SC'11), as used by Random123's philox.h. */
#define GW_PHILOX_M4x32_0 0xD2511F53u
#define GW_PHILOX_M4x32_1 0xCD9E8D57u
#define GW_PHILOX_W32_0 0x9E3779B9u
#define GW_PHILOX_W32_1 0xBB67AE85u

/* High and low halves of a 32x32->64 product.  OpenCL has mul_hi, which maps to a single
 * instruction on GPUs; on the host the 64-bit product is just as cheap. */
static inline gw_u32
gw_mulhilo32 (gw_u32  a,
              gw_u32  b,
              gw_u32 *hi)
{
#ifdef __OPENCL_C_VERSION__
  *hi = mul_hi (a, b);
  return a * b;
#else
  gw_u64 product = (gw_u64) a * (gw_u64) b;

  *hi = (gw_u32) (product >> 32);
  return (gw_u32) product;
#endif
}

/**
 * gw_philox4x32_10:
 * @ctr: the 128-bit counter, as four 32-bit words
 * @key: the 64-bit key, as two 32-bit words
 * @out: (out): four 32-bit random words
 *
 * One Philox4x32 block with 10 rounds, bit-for-bit identical to Random123's
 * philox4x32_R (10, ctr, key).  The function is pure: the same (ctr, key) always gives the same
 * output, which is what lets every engine (CPU or device) reproduce any draw independently.
 *
 * @out may alias @ctr.  In OpenCL C 1.2 unqualified pointer parameters are __private, so the
 * caller must pass private arrays (copy from __global first).
 */
static inline void
gw_philox4x32_10 (const gw_u32 ctr[4],
                  const gw_u32 key[2],
                  gw_u32       out[4])
{
  /* Work on copies so that @out may alias @ctr and the rounds stay in registers. */
  gw_u32 c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  gw_u32 k0 = key[0], k1 = key[1];
  int round;

  for (round = 0; round < 10; round++)
    {
      gw_u32 hi0, hi1, lo0, lo1;

      /* Random123 bumps the key before every round except the first. */
      if (round > 0)
        {
          k0 += GW_PHILOX_W32_0;
          k1 += GW_PHILOX_W32_1;
        }

      lo0 = gw_mulhilo32 (GW_PHILOX_M4x32_0, c0, &hi0);
      lo1 = gw_mulhilo32 (GW_PHILOX_M4x32_1, c2, &hi1);

      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
    }

  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/* ------------------------------------------------------------------------------------------ */
/* Uniforms                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/**
 * gw_u01:
 * @word: a uniformly distributed 32-bit word
 *
 * Maps @word to u = (word + 0.5) / 2^32, the midpoint of its 1/2^32 bin.  Using midpoints keeps
 * u strictly inside (0, 1), so gw_phi_inv (u) and log (u) are always finite.
 *
 * Returns: u in (0, 1)
 */
static inline GW_REAL
gw_u01 (gw_u32 word)
{
#if GW_REAL_IS_DOUBLE
  /* word + 0.5 needs 33 significant bits and the scale is a power of two: exact in double. */
  return ((GW_REAL) word + 0.5) * 0x1p-32;
#else
  /* The largest float below 1.  It must be written as a float literal: this branch may be
   * compiled where double does not exist. */
  const GW_REAL below_one = 0x1.fffffep-1f;
  GW_REAL u;

#ifdef __OPENCL_C_VERSION__
  u = ((GW_REAL) word + 0.5f) * 0x1p-32f;
#else
  /* On the host double is always there; rounding once from the exact value is better than
   * rounding word to float first. */
  u = (GW_REAL) (((double) word + 0.5) * 0x1p-32);
#endif

  /* The top ~2^7 words round to exactly 1.0f; clamp them to the largest float below 1 so that
   * the open-interval promise holds.  The low end cannot underflow: 2^-33 is a normal float. */
  return u < below_one ? u : below_one;
#endif
}

/* ------------------------------------------------------------------------------------------ */
/* Standard normal                                                                            */
/* ------------------------------------------------------------------------------------------ */

/**
 * gw_phi:
 * @x: a standard normal quantile
 *
 * The standard normal CDF.  Written with erfc rather than 1 + erf so that the lower tail keeps
 * full relative precision (1 + erf (x) cancels catastrophically for x << 0).
 *
 * Returns: P(Z <= x)
 */
static inline GW_REAL
gw_phi (GW_REAL x)
{
  /* 1/sqrt(2) */
  const GW_REAL sqrt1_2 = GW_C (0.70710678118654752440084436210484904);

  return GW_C (0.5) * GW__ERFC (-x * sqrt1_2);
}

/**
 * gw_phi_inv:
 * @p: a probability in (0, 1)
 *
 * The standard normal inverse CDF, by Wichura's algorithm AS 241, PPND16 (Applied Statistics
 * 37(3), 1988, pp. 477-484): three rational minimax approximations of degree 7/7, one for the
 * centre (|p - 0.5| <= 0.425) and two for the tails in r = sqrt (-log (min (p, 1 - p))).
 * Wichura quotes a relative accuracy of about 1e-16, i.e. full double precision.
 *
 * The tails work on min (p, 1 - p), so the result is antisymmetric exactly whenever 1 - p is
 * representable; values of p close to 1 lose the relative precision that 1 - p loses.
 *
 * Returns: x with P(Z <= x) = p; -inf for p <= 0, +inf for p >= 1, NaN for NaN
 */
static inline GW_REAL
gw_phi_inv (GW_REAL p)
{
  GW_REAL q, r, num, den, x;

  /* Written so that NaN fails both tests and falls through to propagate. */
  if (p <= GW_C (0.0))
    return -GW__INF;
  if (p >= GW_C (1.0))
    return GW__INF;

  q = p - GW_C (0.5);

  if (GW__FABS (q) <= GW_C (0.425))
    {
      r = GW_C (0.180625) - q * q;

      num = (((((((GW_C (2.5090809287301226727e+3) * r
                   + GW_C (3.3430575583588128105e+4)) * r
                  + GW_C (6.7265770927008700853e+4)) * r
                 + GW_C (4.5921953931549871457e+4)) * r
                + GW_C (1.3731693765509461125e+4)) * r
               + GW_C (1.9715909503065514427e+3)) * r
              + GW_C (1.3314166789178437745e+2)) * r
             + GW_C (3.3871328727963666080e+0));
      den = (((((((GW_C (5.2264952788528545610e+3) * r
                   + GW_C (2.8729085735721942674e+4)) * r
                  + GW_C (3.9307895800092710610e+4)) * r
                 + GW_C (2.1213794301586595867e+4)) * r
                + GW_C (5.3941960214247511077e+3)) * r
               + GW_C (6.8718700749205790830e+2)) * r
              + GW_C (4.2313330701600911252e+1)) * r
             + GW_C (1.0));

      return q * num / den;
    }

  /* Tail: use the smaller of p and 1 - p.  For q < 0 that is p itself, which keeps full
   * relative precision down to the smallest p. */
  r = q < GW_C (0.0) ? p : GW_C (1.0) - p;
  r = GW__SQRT (-GW__LOG (r));

  if (r <= GW_C (5.0))
    {
      /* 1.4e-11 <~ min (p, 1 - p) < 0.075 */
      r -= GW_C (1.6);

      num = (((((((GW_C (7.74545014278341407640e-4) * r
                   + GW_C (2.27238449892691845833e-2)) * r
                  + GW_C (2.41780725177450611770e-1)) * r
                 + GW_C (1.27045825245236838258e+0)) * r
                + GW_C (3.64784832476320460504e+0)) * r
               + GW_C (5.76949722146069140550e+0)) * r
              + GW_C (4.63033784615654529590e+0)) * r
             + GW_C (1.42343711074968357734e+0));
      den = (((((((GW_C (1.05075007164441684324e-9) * r
                   + GW_C (5.47593808499534494600e-4)) * r
                  + GW_C (1.51986665636164571966e-2)) * r
                 + GW_C (1.48103976427480074590e-1)) * r
                + GW_C (6.89767334985100004550e-1)) * r
               + GW_C (1.67638483018380384940e+0)) * r
              + GW_C (2.05319162663775882187e+0)) * r
             + GW_C (1.0));
    }
  else
    {
      /* Far tail, min (p, 1 - p) <~ 1.4e-11. */
      r -= GW_C (5.0);

      num = (((((((GW_C (2.01033439929228813265e-7) * r
                   + GW_C (2.71155556874348757815e-5)) * r
                  + GW_C (1.24266094738807843860e-3)) * r
                 + GW_C (2.65321895265761230930e-2)) * r
                + GW_C (2.96560571828504891230e-1)) * r
               + GW_C (1.78482653991729133580e+0)) * r
              + GW_C (5.46378491116411436990e+0)) * r
             + GW_C (6.65790464350110377720e+0));
      den = (((((((GW_C (2.04426310338993978564e-15) * r
                   + GW_C (1.42151175831644588870e-7)) * r
                  + GW_C (1.84631831751005468180e-5)) * r
                 + GW_C (7.86869131145613259100e-4)) * r
                + GW_C (1.48753612908506148525e-2)) * r
               + GW_C (1.36929880922735805310e-1)) * r
              + GW_C (5.99832206555887937690e-1)) * r
             + GW_C (1.0));
    }

  x = num / den;

  return q < GW_C (0.0) ? -x : x;
}

#endif /* GW_NUMERIC_H */
