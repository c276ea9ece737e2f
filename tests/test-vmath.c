/* test-vmath.c — tests for model/gw-vmath.h (host build)
 *
 * Accuracy is measured against glibc's long double expl/logl/powl, whose 64-bit significand
 * makes the reference good to ~0.001 double ulp, so the errors below are the functions' own;
 * the results are also compared with the double exp/log/pow (never more than 1 ulp apart) and
 * gw_vphi_inv with gw_phi_inv.  Inputs are a deterministic sweep plus an LCG.
 *
 * The file is built with -O3 -ffp-contract=off, like the CPU engine, so that the lane loops
 * in the last test are really vectorised (for x86-64-v2, v3, v4 and through target_clones),
 * and compared bit for bit with the same functions called one value at a time in scalar code.
 */

#include <glib.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "gw-vmath.h"

/* Documented bounds (gw-vmath.h), in ulp of the exact result. */
#define EXP_ULP 0.54
#define EXP_SUBNORMAL_ULP 1.0
#define LOG_ULP 0.502
#define POW_ULP 1.0
#define PHI_INV_ULP 4

#if LDBL_MANT_DIG >= 64
/* The reference adds at most ~0.001 ulp of its own. */
#define REF_SLACK 0.0
#else
/* long double is double here: the reference is itself off by up to ~0.5 ulp. */
#define REF_SLACK 0.6
#endif

/* Knuth's MMIX LCG; the top 53 bits make a uniform double. */
typedef struct
{
  guint64 s;
} Lcg;

static guint64
lcg_next (Lcg *g)
{
  g->s = g->s * G_GUINT64_CONSTANT (6364136223846793005) + G_GUINT64_CONSTANT (1442695040888963407);
  return g->s;
}

/* in [0, 1) */
static double
lcg_u01 (Lcg *g)
{
  return (double) (lcg_next (g) >> 11) * 0x1p-53;
}

/* A positive finite double with uniformly random bits: every binade equally likely, subnormals
 * included. */
static double
lcg_positive (Lcg *g)
{
  guint64 b;
  double x;

  do
    {
      b = lcg_next (g) & G_GUINT64_CONSTANT (0x7fffffffffffffff);
      memcpy (&x, &b, sizeof x);
    }
  while (!(x > 0.0 && x <= DBL_MAX));

  return x;
}

/* |got - ref| in units of the last place of ref rounded to double (2^-1074 in the subnormal
 * range). */
static double
ulp_error (double      got,
           long double ref)
{
  int e;

  if (ref == 0.0L)
    return got == 0.0 ? 0.0 : INFINITY;
  frexpl (ref, &e); /* |ref| = m 2^e, m in [0.5, 1) */
  return (double) (fabsl ((long double) got - ref) / ldexpl (1.0L, MAX (e - 53, -1074)));
}

/* How many doubles apart a and b are (0 for +0 and -0). */
static gint64
ordered_bits (double x)
{
  gint64 i;

  memcpy (&i, &x, sizeof i);
  return i < 0 ? G_MININT64 - i : i;
}

static guint64
ulp_distance (double a,
              double b)
{
  gint64 ia = ordered_bits (a), ib = ordered_bits (b);

  return ia > ib ? (guint64) ia - (guint64) ib : (guint64) ib - (guint64) ia;
}

static gboolean
same_bits (double a,
           double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Running maximum of an error, with the input that produced it. */
typedef struct
{
  double err;
  double x, y;
  guint64 n;
} Worst;

static void
worst_add (Worst *w,
           double err,
           double x,
           double y)
{
  w->n++;
  if (err > w->err || isnan (err))
    {
      w->err = isnan (err) ? INFINITY : err;
      w->x = x;
      w->y = y;
    }
}

static void
worst_report (const char  *what,
              const Worst *w)
{
  g_test_message ("%s: %" G_GUINT64_FORMAT " points, max %.4f at x = %a (%.17g) y = %a",
                  what, w->n, w->err, w->x, w->x, w->y);
}

/* ------------------------------------------------------------------------------------------ */
/* exp                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* e^x is normal for x in [EXP_NORMAL_LO, EXP_NORMAL_HI]. */
#define EXP_NORMAL_LO -708.39
#define EXP_NORMAL_HI 709.78

static void
check_exp (double x,
           Worst *normal,
           Worst *subnormal,
           Worst *glibc)
{
  double got = gw_vexp (x);

  if (x >= EXP_NORMAL_LO && x <= EXP_NORMAL_HI)
    {
      worst_add (normal, ulp_error (got, expl (x)), x, 0.0);
      worst_add (glibc, (double) ulp_distance (got, exp (x)), x, 0.0);
    }
  else if (x < EXP_NORMAL_LO && x > -745.13)
    worst_add (subnormal, ulp_error (got, expl (x)), x, 0.0);
}

static void
test_exp_accuracy (void)
{
  Worst normal = { 0 }, subnormal = { 0 }, glibc = { 0 };
  Lcg g = { 1 };
  guint i;
  int e;

  /* Deterministic sweep over the whole finite range, subnormal results included. */
  for (i = 0; i <= 1000000; i++)
    check_exp (-745.13 + (709.78 + 745.13) * i / 1000000.0, &normal, &subnormal, &glibc);

  /* Random points: the normal range, small arguments (k = 0, 1 and r near 0), both ends. */
  for (i = 0; i < 2000000; i++)
    check_exp (EXP_NORMAL_LO + (EXP_NORMAL_HI - EXP_NORMAL_LO) * lcg_u01 (&g),
               &normal, &subnormal, &glibc);
  for (i = 0; i < 500000; i++)
    check_exp ((lcg_u01 (&g) - 0.5) * ldexp (1.0, -(int) (lcg_next (&g) % 60)),
               &normal, &subnormal, &glibc);
  for (i = 0; i < 200000; i++)
    {
      check_exp (EXP_NORMAL_HI - 2.0 * lcg_u01 (&g), &normal, &subnormal, &glibc);
      check_exp (-745.13 + 40.0 * lcg_u01 (&g), &normal, &subnormal, &glibc);
    }

  /* Around the reduction boundaries (k + 1/2) ln 2, where r is largest. */
  for (e = -1021; e <= 1023; e++)
    for (i = 0; i < 32; i++)
      check_exp ((e + 0.5) * G_LN2 + (i - 16.0) * 1e-12 * MAX (1.0, fabs ((double) e)), &normal,
                 &subnormal, &glibc);

  worst_report ("exp, normal results (ulp)", &normal);
  worst_report ("exp, subnormal results (ulp)", &subnormal);
  worst_report ("exp, distance to glibc exp (ulp)", &glibc);
  g_assert_cmpfloat (normal.err, <=, EXP_ULP + REF_SLACK);
  g_assert_cmpfloat (subnormal.err, <=, EXP_SUBNORMAL_ULP + REF_SLACK);
  g_assert_cmpfloat (glibc.err, <=, 1.0);
}

static void
test_exp_special (void)
{
  g_assert_true (same_bits (gw_vexp (0.0), 1.0));
  g_assert_true (same_bits (gw_vexp (-0.0), 1.0));
  g_assert_true (same_bits (gw_vexp (DBL_TRUE_MIN), 1.0));
  g_assert_true (same_bits (gw_vexp (-DBL_TRUE_MIN), 1.0));
  g_assert_cmpuint (ulp_distance (gw_vexp (1.0), G_E), <=, 1);
  g_assert_true (isnan (gw_vexp (NAN)));
  g_assert_true (same_bits (gw_vexp (INFINITY), INFINITY));
  g_assert_true (same_bits (gw_vexp (-INFINITY), 0.0));

  /* Overflow threshold: log (DBL_MAX) = 709.782712893383996843 */
  g_assert_cmpuint (ulp_distance (gw_vexp (709.78), exp (709.78)), <=, 1);
  g_assert_cmpuint (ulp_distance (gw_vexp (709.782712893384), exp (709.782712893384)), <=, 1);
  g_assert_true (isfinite (gw_vexp (709.782712893384)));
  g_assert_true (same_bits (gw_vexp (709.7827128933841), INFINITY));
  g_assert_true (same_bits (gw_vexp (709.79), INFINITY));
  g_assert_true (same_bits (gw_vexp (1000.0), INFINITY));
  g_assert_true (same_bits (gw_vexp (DBL_MAX), INFINITY));

  /* Gradual underflow down to the smallest subnormal, then +0. */
  g_assert_cmpuint (ulp_distance (gw_vexp (-708.3964185322641), exp (-708.3964185322641)), <=, 1);
  g_assert_cmpfloat (gw_vexp (-709.0), >, 0.0);
  g_assert_cmpfloat (gw_vexp (-709.0), <, DBL_MIN);
  g_assert_true (same_bits (gw_vexp (-745.13), DBL_TRUE_MIN));
  g_assert_true (same_bits (gw_vexp (-745.14), 0.0));
  g_assert_true (same_bits (gw_vexp (-746.0), 0.0));
  g_assert_true (same_bits (gw_vexp (-1e300), 0.0));
  g_assert_true (same_bits (gw_vexp (-DBL_MAX), 0.0));

}

/* ------------------------------------------------------------------------------------------ */
/* log                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static void
check_log (double x,
           Worst *acc,
           Worst *glibc)
{
  double got = gw_vlog (x);

  worst_add (acc, ulp_error (got, logl (x)), x, 0.0);
  worst_add (glibc, (double) ulp_distance (got, log (x)), x, 0.0);
}

static void
test_log_accuracy (void)
{
  Worst acc = { 0 }, glibc = { 0 };
  Lcg g = { 2 };
  guint i;
  int e;

  /* Sweep of [1/2, 2), both reduction branches and the sqrt(1/2) boundary. */
  for (i = 0; i < 1000000; i++)
    check_log (0.5 + 1.5 * i / 1000000.0, &acc, &glibc);

  /* Random bit patterns: all binades, subnormals included. */
  for (i = 0; i < 2000000; i++)
    check_log (lcg_positive (&g), &acc, &glibc);

  /* Near 1 (log x ~ x - 1), and around 2^e sqrt(1/2) in every binade (|s| largest). */
  for (i = 0; i < 500000; i++)
    check_log (1.0 + (lcg_u01 (&g) - 0.5) * ldexp (1.0, -(int) (lcg_next (&g) % 52)), &acc,
               &glibc);
  for (e = -1074; e <= 1023; e++)
    for (i = 0; i < 64; i++)
      {
        double x = ldexp (G_SQRT2 * (1.0 + (lcg_u01 (&g) - 0.5) * 0.02), e);

        if (x > 0.0 && x <= DBL_MAX)
          check_log (x, &acc, &glibc);
      }

  worst_report ("log (ulp)", &acc);
  worst_report ("log, distance to glibc log (ulp)", &glibc);
  g_assert_cmpfloat (acc.err, <=, LOG_ULP + REF_SLACK);
  g_assert_cmpfloat (glibc.err, <=, 1.0);
}

static void
test_log_special (void)
{
  g_assert_true (same_bits (gw_vlog (1.0), 0.0));
  g_assert_true (same_bits (gw_vlog (0.0), -INFINITY));
  g_assert_true (same_bits (gw_vlog (-0.0), -INFINITY));
  g_assert_true (isnan (gw_vlog (-1.0)));
  g_assert_true (isnan (gw_vlog (-DBL_TRUE_MIN)));
  g_assert_true (isnan (gw_vlog (-INFINITY)));
  g_assert_true (isnan (gw_vlog (NAN)));
  g_assert_true (same_bits (gw_vlog (INFINITY), INFINITY));

  /* Extremes of the finite range, and values whose rounding is far from a tie. */
  g_assert_cmpuint (ulp_distance (gw_vlog (DBL_MAX), log (DBL_MAX)), <=, 1);
  g_assert_cmpuint (ulp_distance (gw_vlog (DBL_MIN), log (DBL_MIN)), <=, 1);
  g_assert_cmpuint (ulp_distance (gw_vlog (DBL_TRUE_MIN), log (DBL_TRUE_MIN)), <=, 1);
  g_assert_true (same_bits (gw_vlog (2.0), G_LN2));
  g_assert_true (same_bits (gw_vlog (0.5), -G_LN2));
  g_assert_true (same_bits (gw_vlog (G_E), 1.0));
}

/* ------------------------------------------------------------------------------------------ */
/* pow                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static void
check_pow (double x,
           double y,
           Worst *acc,
           Worst *glibc)
{
  long double ref = powl (x, y);
  double got;

  /* normal results only */
  if (!(ref >= (long double) DBL_MIN && ref <= (long double) DBL_MAX))
    return;

  got = gw_vpow (x, y);
  worst_add (acc, ulp_error (got, ref), x, y);
  worst_add (glibc, (double) ulp_distance (got, pow (x, y)), x, y);
}

static void
test_pow_accuracy (void)
{
  Worst acc = { 0 }, glibc = { 0 };
  Lcg g = { 3 };
  guint i, j;

  /* Grid: x over [2^-8, 2^8] geometrically, y over [-60, 60]. */
  for (i = 0; i <= 1000; i++)
    for (j = 0; j <= 1000; j++)
      check_pow (exp2 (-8.0 + 16.0 * i / 1000.0), -60.0 + 120.0 * j / 1000.0, &acc, &glibc);

  /* Any positive x, with y chosen so that |y log x| spans the whole range up to 708, where the
   * log's relative error is amplified most. */
  for (i = 0; i < 1500000; i++)
    {
      double x = lcg_positive (&g);
      double t = (lcg_u01 (&g) - 0.5) * 2.0 * 708.0;

      if (x != 1.0)
        check_pow (x, t / log (x), &acc, &glibc);
    }

  /* The worst case for the log: x near 2^e sqrt(1/2) or 2^e sqrt(2), |y log x| near 708. */
  for (i = 0; i < 500000; i++)
    {
      double m = (i & 1) ? G_SQRT2 : G_SQRT2 / 2.0;
      double x = ldexp (m * (1.0 + (lcg_u01 (&g) - 0.5) * 0.01), (int) (lcg_next (&g) % 2000) - 1000);
      double t = (lcg_u01 (&g) < 0.5 ? -1.0 : 1.0) * (690.0 + 18.0 * lcg_u01 (&g));

      check_pow (x, t / log (x), &acc, &glibc);
    }

  /* Moderate bases and exponents, the common case. */
  for (i = 0; i < 500000; i++)
    check_pow (0.5 + 1.5 * lcg_u01 (&g), (lcg_u01 (&g) - 0.5) * 200.0, &acc, &glibc);

  worst_report ("pow (ulp)", &acc);
  worst_report ("pow, distance to glibc pow (ulp)", &glibc);
  g_assert_cmpfloat (acc.err, <=, POW_ULP + REF_SLACK);
  g_assert_cmpfloat (glibc.err, <=, 1.0);
}

static void
test_pow_special (void)
{
  static const double bases[] = {
    0.0, -0.0, 1.0, 0.5, 2.0, 1e-300, DBL_TRUE_MIN, DBL_MAX, INFINITY, -1.0, -INFINITY, NAN,
  };
  static const double exponents[] = {
    0.5, -0.5, 2.0, -2.0, 1e300, -1e300, INFINITY, -INFINITY, NAN, DBL_TRUE_MIN,
  };
  Lcg g = { 4 };
  gsize i;

  /* x^±0 == 1 and 1^y == 1 for everything, NaN included. */
  for (i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_assert_true (same_bits (gw_vpow (bases[i], 0.0), 1.0));
      g_assert_true (same_bits (gw_vpow (bases[i], -0.0), 1.0));
    }
  for (i = 0; i < G_N_ELEMENTS (exponents); i++)
    g_assert_true (same_bits (gw_vpow (1.0, exponents[i]), 1.0));

  /* Zero and infinite bases. */
  g_assert_true (same_bits (gw_vpow (0.0, 2.0), 0.0));
  g_assert_true (same_bits (gw_vpow (0.0, 0.5), 0.0));
  g_assert_true (same_bits (gw_vpow (0.0, -2.0), INFINITY));
  g_assert_true (same_bits (gw_vpow (0.0, INFINITY), 0.0));
  g_assert_true (same_bits (gw_vpow (0.0, -INFINITY), INFINITY));
  g_assert_true (same_bits (gw_vpow (-0.0, 3.0), 0.0));      /* -0 is taken as +0 */
  g_assert_true (same_bits (gw_vpow (INFINITY, 2.0), INFINITY));
  g_assert_true (same_bits (gw_vpow (INFINITY, -2.0), 0.0));
  g_assert_true (same_bits (gw_vpow (INFINITY, INFINITY), INFINITY));
  g_assert_true (same_bits (gw_vpow (INFINITY, -INFINITY), 0.0));
  g_assert_true (isnan (gw_vpow (0.0, NAN)));
  g_assert_true (isnan (gw_vpow (INFINITY, NAN)));

  /* Infinite exponents. */
  g_assert_true (same_bits (gw_vpow (2.0, INFINITY), INFINITY));
  g_assert_true (same_bits (gw_vpow (0.5, INFINITY), 0.0));
  g_assert_true (same_bits (gw_vpow (2.0, -INFINITY), 0.0));
  g_assert_true (same_bits (gw_vpow (0.5, -INFINITY), INFINITY));
  g_assert_true (same_bits (gw_vpow (1.0 + DBL_EPSILON, 1e300), INFINITY));
  g_assert_true (same_bits (gw_vpow (1.0 - DBL_EPSILON, 1e300), 0.0));

  /* NaN and negative bases (not supported: NaN even for integer y). */
  g_assert_true (isnan (gw_vpow (NAN, 1.0)));
  g_assert_true (isnan (gw_vpow (2.0, NAN)));
  g_assert_true (isnan (gw_vpow (-2.0, 2.0)));
  g_assert_true (isnan (gw_vpow (-2.0, 0.5)));
  g_assert_true (isnan (gw_vpow (-INFINITY, 2.0)));

  /* Overflow and underflow. */
  g_assert_true (same_bits (gw_vpow (2.0, 1024.0), INFINITY));
  g_assert_true (same_bits (gw_vpow (2.0, 1023.0), 0x1p1023));
  g_assert_true (same_bits (gw_vpow (2.0, -1022.0), DBL_MIN));
  g_assert_true (same_bits (gw_vpow (2.0, -1074.0), DBL_TRUE_MIN));
  g_assert_true (same_bits (gw_vpow (2.0, -1076.0), 0.0));
  g_assert_true (same_bits (gw_vpow (DBL_MAX, 2.0), INFINITY));
  g_assert_true (same_bits (gw_vpow (DBL_MIN, 2.0), 0.0));
  g_assert_cmpuint (ulp_distance (gw_vpow (10.0, 308.0), 1e308), <=, 1);

  /* Exactly representable results are exact (error < 1 ulp): x^1 == x, small integer powers. */
  for (i = 0; i < 100000; i++)
    {
      double x = ldexp (1.0 + lcg_u01 (&g), (int) (lcg_next (&g) % 2000) - 1000);

      g_assert_true (same_bits (gw_vpow (x, 1.0), x));
    }
  g_assert_true (same_bits (gw_vpow (2.0, 10.0), 1024.0));
  g_assert_true (same_bits (gw_vpow (3.0, 3.0), 27.0));
  g_assert_true (same_bits (gw_vpow (4.0, 0.5), 2.0));
  g_assert_cmpuint (ulp_distance (gw_vpow (10.0, -3.0), 1e-3), <=, 1);
  g_assert_true (same_bits (gw_vpow (0.25, -1.5), 8.0));
}

/* ------------------------------------------------------------------------------------------ */
/* Normal quantile                                                                            */
/* ------------------------------------------------------------------------------------------ */

static void
check_phi_inv (double  p,
               Worst  *tail,
               guint64 *central_differences)
{
  double got = gw_vphi_inv (p), want = gw_phi_inv (p);

  if (fabs (p - 0.5) <= 0.425)
    {
      if (!same_bits (got, want))
        (*central_differences)++;
    }
  else
    worst_add (tail, (double) ulp_distance (got, want), p, 0.0);
}

static void
test_phi_inv_agreement (void)
{
  Worst tail = { 0 };
  guint64 central_differences = 0;
  Lcg g = { 5 };
  guint i;

  /* Every multiple of 2^-20 in (0, 1): the centre, both tail branches near the boundaries. */
  for (i = 1; i < (1u << 20); i++)
    check_phi_inv (i * 0x1p-20, &tail, &central_differences);

  /* Log-spaced down to 1e-300 (far tail, r > 5 below ~1.4e-11), and 1 - 10^-e up to
   * 1 - 1e-16. */
  for (i = 0; i <= 300000; i++)
    check_phi_inv (pow (10.0, -(i / 1000.0)), &tail, &central_differences);
  for (i = 0; i <= 160000; i++)
    check_phi_inv (1.0 - pow (10.0, -(i / 10000.0)), &tail, &central_differences);

  /* Random: uniform, log-uniform in both tails. */
  for (i = 0; i < 1000000; i++)
    {
      double u = lcg_u01 (&g);
      double t = ldexp (0.5 + 0.5 * lcg_u01 (&g), -(int) (lcg_next (&g) % 997));

      if (u > 0.0)
        check_phi_inv (u, &tail, &central_differences);
      if (t >= 1e-300)
        check_phi_inv (t, &tail, &central_differences);
      if (t >= 1e-16)
        check_phi_inv (1.0 - t, &tail, &central_differences);
    }

  worst_report ("phi_inv tails, distance to gw_phi_inv (ulp)", &tail);
  g_test_message ("phi_inv centre: %" G_GUINT64_FORMAT " results not bit-identical",
                  central_differences);
  g_assert_cmpuint (central_differences, ==, 0);
  g_assert_cmpfloat (tail.err, <=, PHI_INV_ULP);
}

static void
test_phi_inv_special (void)
{
  g_assert_true (same_bits (gw_vphi_inv (0.5), 0.0));
  g_assert_true (same_bits (gw_vphi_inv (0.0), -INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (-0.0), -INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (-1.0), -INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (1.0), INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (2.0), INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (-INFINITY), -INFINITY));
  g_assert_true (same_bits (gw_vphi_inv (INFINITY), INFINITY));
  g_assert_true (isnan (gw_vphi_inv (NAN)));

  /* The extremes of gw_u01 and of double, all finite and close to gw_phi_inv. */
  g_assert_cmpuint (ulp_distance (gw_vphi_inv (gw_u01 (0)), gw_phi_inv (gw_u01 (0))), <=,
                    PHI_INV_ULP);
  g_assert_cmpuint (ulp_distance (gw_vphi_inv (gw_u01 (0xffffffffu)),
                                  gw_phi_inv (gw_u01 (0xffffffffu))), <=, PHI_INV_ULP);
  g_assert_cmpuint (ulp_distance (gw_vphi_inv (DBL_MIN), gw_phi_inv (DBL_MIN)), <=, PHI_INV_ULP);
  g_assert_true (isfinite (gw_vphi_inv (DBL_TRUE_MIN)));
  g_assert_true (isfinite (gw_vphi_inv (1.0 - DBL_EPSILON / 2.0)));
}

/* ------------------------------------------------------------------------------------------ */
/* floor and the internal sqrt                                                                */
/* ------------------------------------------------------------------------------------------ */

static void
test_floor (void)
{
  static const double specials[] = {
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, DBL_TRUE_MIN, -DBL_TRUE_MIN, 0x1p52 - 0.5,
    -(0x1p52 - 0.5), 0x1p52, -0x1p52, 0x1p52 + 1.0, 0x1p53, DBL_MAX, -DBL_MAX, INFINITY,
    -INFINITY, 1.0 - DBL_EPSILON / 2.0, -(1.0 - DBL_EPSILON / 2.0),
  };
  Lcg g = { 6 };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (specials); i++)
    g_assert_true (same_bits (gw_vfloor (specials[i]), floor (specials[i])));
  g_assert_true (isnan (gw_vfloor (NAN)));

  for (i = 0; i < 2000000; i++)
    {
      guint64 b = lcg_next (&g);
      double x;

      /* random bits (any class), and values of modest size around integers */
      if (i & 1)
        memcpy (&x, &b, sizeof x);
      else
        x = (lcg_u01 (&g) - 0.5) * ldexp (1.0, (int) (b % 60));
      if (isnan (x))
        continue;
      if (!same_bits (gw_vfloor (x), floor (x)))
        g_error ("gw_vfloor (%a) = %a, floor gives %a", x, gw_vfloor (x), floor (x));
    }
}

/* gw__vsqrt is internal (gw_vphi_inv's sqrt), but its agreement with sqrt is what keeps the
 * quantile's tails close to gw_phi_inv, so check it is correctly rounded where it is used
 * (0.69 to 745) and over the range it promises (2^-960 to DBL_MAX). */
static void
test_sqrt (void)
{
  Lcg g = { 7 };
  guint i;

  for (i = 0; i < 2000000; i++)
    {
      double x = (i & 1) ? 0.69 + 745.0 * lcg_u01 (&g) : ldexp (0.5 + 0.5 * lcg_u01 (&g),
                                                               (int) (lcg_next (&g) % 1984) - 960);

      if (!same_bits (gw__vsqrt (x), sqrt (x)))
        g_error ("gw__vsqrt (%a) = %a, sqrt gives %a", x, gw__vsqrt (x), sqrt (x));
    }
  g_assert_true (same_bits (gw__vsqrt (0.0), 0.0));
}

/* ------------------------------------------------------------------------------------------ */
/* Lane independence                                                                          */
/* ------------------------------------------------------------------------------------------ */

/* The engine's pattern: blocks of 8 lanes, the inner loop marked ivdep. */
#if defined (__GNUC__) && !defined (__clang__)
#define IVDEP _Pragma ("GCC ivdep")
#else
#define IVDEP
#endif

#define N_LANE_VALUES 1024

#define DEFINE_LANES(isa, attr)                                                                \
  attr static void exp_lanes_##isa (const double *x, const double *y, double *out)             \
  {                                                                                            \
    for (int b = 0; b < N_LANE_VALUES; b += 8)                                                 \
      {                                                                                        \
        IVDEP for (int L = 0; L < 8; L++) out[b + L] = gw_vexp (x[b + L]);                     \
      }                                                                                        \
  }                                                                                            \
  attr static void log_lanes_##isa (const double *x, const double *y, double *out)             \
  {                                                                                            \
    for (int b = 0; b < N_LANE_VALUES; b += 8)                                                 \
      {                                                                                        \
        IVDEP for (int L = 0; L < 8; L++) out[b + L] = gw_vlog (x[b + L]);                     \
      }                                                                                        \
  }                                                                                            \
  attr static void pow_lanes_##isa (const double *x, const double *y, double *out)             \
  {                                                                                            \
    for (int b = 0; b < N_LANE_VALUES; b += 8)                                                 \
      {                                                                                        \
        IVDEP for (int L = 0; L < 8; L++) out[b + L] = gw_vpow (x[b + L], y[b + L]);           \
      }                                                                                        \
  }                                                                                            \
  attr static void phi_inv_lanes_##isa (const double *x, const double *y, double *out)         \
  {                                                                                            \
    for (int b = 0; b < N_LANE_VALUES; b += 8)                                                 \
      {                                                                                        \
        IVDEP for (int L = 0; L < 8; L++) out[b + L] = gw_vphi_inv (x[b + L]);                 \
      }                                                                                        \
  }                                                                                            \
  attr static void floor_lanes_##isa (const double *x, const double *y, double *out)           \
  {                                                                                            \
    for (int b = 0; b < N_LANE_VALUES; b += 8)                                                 \
      {                                                                                        \
        IVDEP for (int L = 0; L < 8; L++) out[b + L] = gw_vfloor (x[b + L]);                   \
      }                                                                                        \
  }

DEFINE_LANES (base, )

/* The engine's ISA levels, where GCC can target them; run only if the CPU has them.  GCC
 * will not inline the (always_inline) functions into a target below the file's own -march, so
 * this needs the file built for plain x86-64, as it is by default. */
#if defined (__GNUC__) && !defined (__clang__) && defined (__x86_64__) && defined (__linux__) \
  && !defined (__SSE3__)
#define HAVE_ISA_LANES 1
DEFINE_LANES (v2, __attribute__ ((target ("arch=x86-64-v2"))))
DEFINE_LANES (v3, __attribute__ ((target ("arch=x86-64-v3"))))
DEFINE_LANES (v4, __attribute__ ((target ("arch=x86-64-v4"))))
DEFINE_LANES (clones, __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default"))))
#endif

/* One value at a time, in plain scalar code: the calls keep the loops below from being
 * vectorised. */
G_GNUC_NO_INLINE static double
one_exp (double x,
         double y)
{
  return gw_vexp (x);
}

G_GNUC_NO_INLINE static double
one_log (double x,
         double y)
{
  return gw_vlog (x);
}

G_GNUC_NO_INLINE static double
one_pow (double x,
         double y)
{
  return gw_vpow (x, y);
}

G_GNUC_NO_INLINE static double
one_phi_inv (double x,
             double y)
{
  return gw_vphi_inv (x);
}

G_GNUC_NO_INLINE static double
one_floor (double x,
           double y)
{
  return gw_vfloor (x);
}

typedef void (*LanesFunc) (const double *x, const double *y, double *out);
typedef double (*OneFunc) (double x, double y);

typedef struct
{
  const char *name;
  OneFunc one;
  LanesFunc lanes[5]; /* default, v2, v3, v4, clones */
} LaneCase;

#ifdef HAVE_ISA_LANES
#define LANE_CASE(f) { #f, one_##f, { f##_lanes_base, f##_lanes_v2, f##_lanes_v3, f##_lanes_v4, f##_lanes_clones } }
#else
#define LANE_CASE(f) { #f, one_##f, { f##_lanes_base, NULL, NULL, NULL, NULL } }
#endif

static const char *const isa_names[] = { "default", "x86-64-v2", "x86-64-v3", "x86-64-v4",
                                         "target_clones" };

static gboolean
isa_supported (guint isa)
{
#ifdef HAVE_ISA_LANES
  __builtin_cpu_init ();
  switch (isa)
    {
    case 1:
      return __builtin_cpu_supports ("x86-64-v2");
    case 2:
      return __builtin_cpu_supports ("x86-64-v3");
    case 3:
      return __builtin_cpu_supports ("x86-64-v4");
    default:
      return TRUE;
    }
#else
  return isa == 0;
#endif
}

/* Inputs that mix every class of value within each block of 8, so that a lane whose
 * neighbours take other paths (specials, other regions, other scalings) is exercised. */
static void
fill_lane_inputs (double *x,
                  double *y)
{
  static const double specials[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 2.0, INFINITY, -INFINITY, NAN, DBL_MIN, DBL_TRUE_MIN, DBL_MAX,
    -DBL_TRUE_MIN, 709.79, -745.2, -709.0, 1e-300, 1.0 - 1e-16, 0.075, 0.925, 1e-12, 0x1p52 + 0.5,
  };
  Lcg g = { 8 };
  guint i;

  for (i = 0; i < N_LANE_VALUES; i++)
    {
      guint64 r = lcg_next (&g);

      switch (r % 6)
        {
        case 0:
          x[i] = specials[(r >> 8) % G_N_ELEMENTS (specials)];
          break;
        case 1:
          x[i] = lcg_u01 (&g); /* probabilities */
          break;
        case 2:
          x[i] = ldexp (lcg_u01 (&g), -(int) ((r >> 8) % 1000)); /* tails */
          break;
        case 3:
          x[i] = (lcg_u01 (&g) - 0.5) * 1500.0; /* exp's range */
          break;
        case 4:
          x[i] = lcg_positive (&g);
          break;
        default:
          x[i] = (lcg_u01 (&g) - 0.5) * 20.0;
          break;
        }

      r = lcg_next (&g);
      switch (r % 4)
        {
        case 0:
          y[i] = specials[(r >> 8) % G_N_ELEMENTS (specials)];
          break;
        case 1:
          y[i] = (lcg_u01 (&g) - 0.5) * 10.0;
          break;
        default:
          y[i] = (lcg_u01 (&g) - 0.5) * ldexp (1.0, (int) ((r >> 8) % 12));
          break;
        }
    }
}

static void
test_lanes (void)
{
  static const LaneCase cases[] = {
    LANE_CASE (exp), LANE_CASE (log), LANE_CASE (pow), LANE_CASE (phi_inv), LANE_CASE (floor),
  };
  g_autofree double *x = g_new (double, N_LANE_VALUES);
  g_autofree double *y = g_new (double, N_LANE_VALUES);
  g_autofree double *want = g_new (double, N_LANE_VALUES);
  g_autofree double *got = g_new (double, N_LANE_VALUES);
  gsize c;
  guint isa, i;

  fill_lane_inputs (x, y);

  for (c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      for (i = 0; i < N_LANE_VALUES; i++)
        want[i] = cases[c].one (x[i], y[i]);

      for (isa = 0; isa < G_N_ELEMENTS (isa_names); isa++)
        {
          if (cases[c].lanes[isa] == NULL || !isa_supported (isa))
            {
              g_test_message ("%s: %s not available here", cases[c].name, isa_names[isa]);
              continue;
            }

          memset (got, 0, N_LANE_VALUES * sizeof (double));
          cases[c].lanes[isa] (x, y, got);

          /* Bit for bit; NaN payloads are not promised, only NaN-ness. */
          for (i = 0; i < N_LANE_VALUES; i++)
            if (!same_bits (got[i], want[i]) && !(isnan (got[i]) && isnan (want[i])))
              g_error ("%s, %s: lane %u of block %u, x = %a y = %a: %a, one at a time %a",
                       cases[c].name, isa_names[isa], i % 8, i / 8, x[i], y[i], got[i], want[i]);

          g_test_message ("%s: %s lanes identical to scalar", cases[c].name, isa_names[isa]);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/vmath/exp/accuracy", test_exp_accuracy);
  g_test_add_func ("/gw/vmath/exp/special", test_exp_special);
  g_test_add_func ("/gw/vmath/log/accuracy", test_log_accuracy);
  g_test_add_func ("/gw/vmath/log/special", test_log_special);
  g_test_add_func ("/gw/vmath/pow/accuracy", test_pow_accuracy);
  g_test_add_func ("/gw/vmath/pow/special", test_pow_special);
  g_test_add_func ("/gw/vmath/phi-inv/agreement", test_phi_inv_agreement);
  g_test_add_func ("/gw/vmath/phi-inv/special", test_phi_inv_special);
  g_test_add_func ("/gw/vmath/floor", test_floor);
  g_test_add_func ("/gw/vmath/sqrt", test_sqrt);
  g_test_add_func ("/gw/vmath/lanes", test_lanes);

  return g_test_run ();
}
