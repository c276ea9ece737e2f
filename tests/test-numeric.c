/* test-numeric.c — tests for model/gw-numeric.h (host build, GW_REAL = double) */

#include <glib.h>
#include <math.h>

#include "gw-numeric.h"
#include "gw-units.h"
#include "gw-field-text.h"

/* Relative difference, with an exact zero reference compared absolutely: a relative test
 * against 0 would be meaningless. */
static double
rel_err (double got,
         double want)
{
  if (want == 0.0)
    return fabs (got);
  return fabs (got - want) / fabs (want);
}

/* ------------------------------------------------------------------------------------------ */

typedef struct
{
  gw_u32 ctr[4];
  gw_u32 key[2];
  gw_u32 expected[4];
} PhiloxKat;

/* Known-answer vectors: the three "philox4x32 10" lines of Random123's tests/kat_vectors
 * (github.com/DEShawResearch/random123), columns CTR[4] KEY[2] EXPECTED[4]:
 *
 *   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000
 *                 6627e8d5 e169c58d bc57ac4c 9b00dbd8
 *   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff
 *                 408f276d 41c83b0e a20bc7c6 6d5451fd
 *   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0
 *                 d16cfe09 94fdcceb 5001e420 24126ea1
 */
static const PhiloxKat philox_kats[] = {
  { { 0x00000000, 0x00000000, 0x00000000, 0x00000000 },
    { 0x00000000, 0x00000000 },
    { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
  { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
    { 0xffffffff, 0xffffffff },
    { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
  { { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 },
    { 0xa4093822, 0x299f31d0 },
    { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
};

static void
test_philox_kat (void)
{
  gsize i;
  guint j;

  for (i = 0; i < G_N_ELEMENTS (philox_kats); i++)
    {
      const PhiloxKat *kat = &philox_kats[i];
      gw_u32 out[4] = { 0, 0, 0, 0 };

      gw_philox4x32_10 (kat->ctr, kat->key, out);

      for (j = 0; j < 4; j++)
        {
          if (out[j] != kat->expected[j])
            g_test_message ("vector %" G_GSIZE_FORMAT " word %u: got 0x%08x want 0x%08x",
                            i, j, (guint) out[j], (guint) kat->expected[j]);
          g_assert_cmphex (out[j], ==, kat->expected[j]);
        }
    }
}

/* The header promises @out may alias @ctr (engines update a counter block in place). */
static void
test_philox_alias (void)
{
  const PhiloxKat *kat = &philox_kats[2];
  gw_u32 block[4];
  guint j;

  for (j = 0; j < 4; j++)
    block[j] = kat->ctr[j];

  gw_philox4x32_10 (block, kat->key, block);

  for (j = 0; j < 4; j++)
    g_assert_cmphex (block[j], ==, kat->expected[j]);
}

/* Different counters and keys must give different blocks; a sanity check that no input word
 * is ignored (the KATs alone would not catch e.g. a dropped key[1] with an all-equal key). */
static void
test_philox_inputs_matter (void)
{
  const PhiloxKat *kat = &philox_kats[2];
  gw_u32 base[4], out[4], ctr[4], key[2];
  guint word, j;

  gw_philox4x32_10 (kat->ctr, kat->key, base);

  for (word = 0; word < 6; word++)
    {
      for (j = 0; j < 4; j++)
        ctr[j] = kat->ctr[j];
      key[0] = kat->key[0];
      key[1] = kat->key[1];

      if (word < 4)
        ctr[word] ^= 1;
      else
        key[word - 4] ^= 1;

      gw_philox4x32_10 (ctr, key, out);
      g_assert_true (out[0] != base[0] || out[1] != base[1] ||
                     out[2] != base[2] || out[3] != base[3]);
    }
}

/* ------------------------------------------------------------------------------------------ */

static void
test_u01_endpoints (void)
{
  double lo = gw_u01 (0);
  double hi = gw_u01 (0xffffffffu);

  g_assert_cmpfloat (lo, >, 0.0);
  g_assert_cmpfloat (lo, <, 1.0);
  g_assert_cmpfloat (hi, >, 0.0);
  g_assert_cmpfloat (hi, <, 1.0);

  /* Exact, not approximate: both are representable and the mapping is exact in double. */
  g_assert_true (lo == 0.5 / 4294967296.0);
  g_assert_true (hi == 1.0 - 0.5 / 4294967296.0);

  /* Midpoint mapping: the middle word lands exactly on the bin centre above 1/2. */
  g_assert_true (gw_u01 (0x80000000u) == 0.5 + 0.5 / 4294967296.0);
  g_assert_true (gw_u01 (1) == 1.5 / 4294967296.0);
}

/* ------------------------------------------------------------------------------------------ */

typedef struct
{
  double p;
  double x;
} PhiInvRef;

/* Reference quantiles computed with mpmath at 450 digits as sqrt(2) * erfinv (2p - 1), where p
 * is the exact double value of the literal (this matters for 1 - 1e-10, whose double is not
 * 1 - 1e-10 to the 1e-6 relative level in its tail probability). */
static const PhiInvRef phi_inv_refs[] = {
  { 0.5, 0.0 },
  { 0.975, 1.9599639845400538556 },
  { 0.025, -1.9599639845400542118 },
  { 0.1, -1.2815515655446004353 },
  { 0.9, 1.2815515655446005935 },
  { 0.3, -0.52440051270804081597 },
  { 0.075, -1.4395314709384559349 },      /* centre/tail boundary */
  { 0.925, 1.4395314709384562291 },
  { 0.07, -1.4757910281791706856 },
  { 1e-3, -3.0902323061678135354 },
  { 1e-5, -4.2648907939228246102 },
  { 1e-10, -6.3613409024040561991 },
  { 1.0 - 1e-10, 6.3613408896974218642 },
  { 1e-20, -9.2623400897984075796 },
  { 1e-100, -21.273453560965324294 },
  { 1e-300, -37.047096299361199237 },
  { 2.2250738585072014e-308, -37.519379347144499821 },  /* DBL_MIN */
};

/* Largest relative error observed over phi_inv_refs is 3.5e-16, i.e. ~2 ulp (x86-64, glibc);
 * the bound leaves a factor of ~3 for a different libm log/sqrt.  It is still tight enough that
 * perturbing any one PPND16 coefficient by 1e-10 relative fails this file (checked by mutation;
 * the exceptions are the two tiny leading denominator terms, 1.05e-9 and 2.04e-15, whose whole
 * contribution is of that order). */
#define PHI_INV_REL_TOL 1e-15

static void
test_phi_inv_reference (void)
{
  gsize i;

  /* p = 1/2 must give exactly 0, not just a small number. */
  g_assert_true (gw_phi_inv (0.5) == 0.0);

  for (i = 0; i < G_N_ELEMENTS (phi_inv_refs); i++)
    {
      double got = gw_phi_inv (phi_inv_refs[i].p);
      double err = rel_err (got, phi_inv_refs[i].x);

      g_test_message ("p = %.17g: got %.17g want %.17g rel err %.3g",
                      phi_inv_refs[i].p, got, phi_inv_refs[i].x, err);
      g_assert_cmpfloat (err, <=, PHI_INV_REL_TOL);
    }
}

static void
test_phi_inv_edges (void)
{
  g_assert_true (isinf (gw_phi_inv (0.0)) && gw_phi_inv (0.0) < 0.0);
  g_assert_true (isinf (gw_phi_inv (1.0)) && gw_phi_inv (1.0) > 0.0);
  g_assert_true (isnan (gw_phi_inv (NAN)));

  /* The extreme gw_u01 outputs (2^-33 and 1 - 2^-33) must map to finite quantiles; mpmath
   * gives Phi^-1 (2^-33) = -6.3379577545537892525. */
  g_assert_cmpfloat (rel_err (gw_phi_inv (gw_u01 (0)), -6.3379577545537892525), <=,
                     PHI_INV_REL_TOL);
  g_assert_cmpfloat (rel_err (gw_phi_inv (gw_u01 (0xffffffffu)), 6.3379577545537892525), <=,
                     PHI_INV_REL_TOL);
}

/* Antisymmetry.  Grid points are multiples of 2^-12 (and powers of two in the tails) so that
 * 1 - p is exact; then PPND16 sees bit-identical |q| or min (p, 1 - p) on both sides and the
 * results agree to the last bit.  (For p whose complement rounds, the agreement is only as good
 * as that rounding, e.g. ~1e-12 relative near p = 0.5.) */
static void
test_phi_inv_symmetry (void)
{
  guint k;
  double worst = 0.0;

  for (k = 1; k < 4096; k++)
    {
      double p = k / 4096.0;
      double a = gw_phi_inv (p);
      double b = gw_phi_inv (1.0 - p);

      if (k == 2048)
        {
          g_assert_true (a == 0.0 && b == 0.0);
          continue;
        }
      worst = MAX (worst, rel_err (-b, a));
      g_assert_cmpfloat (rel_err (-b, a), <=, 1e-15);
    }

  for (k = 13; k <= 52; k++)
    {
      double p = ldexp (1.0, -(int) k);

      worst = MAX (worst, rel_err (-gw_phi_inv (1.0 - p), gw_phi_inv (p)));
      g_assert_cmpfloat (rel_err (-gw_phi_inv (1.0 - p), gw_phi_inv (p)), <=, 1e-15);
    }

  g_test_message ("worst symmetry rel err %.3g", worst);
}

/* gw_phi (gw_phi_inv (p)) == p, relative to min (p, 1 - p) so that the upper tail is judged on
 * the probability that actually carries information there. */
static void
test_phi_round_trip (void)
{
  double worst = 0.0;
  guint k;
  int e;

  /* Uniform grid through the centre and both tail branches. */
  for (k = 1; k < 1000; k++)
    {
      double p = k / 1000.0;
      double back = gw_phi (gw_phi_inv (p));
      double err = fabs (back - p) / MIN (p, 1.0 - p);

      worst = MAX (worst, err);
      g_assert_cmpfloat (err, <=, 1e-14);
    }

  /* Decades into the lower tail, covering the r > 5 branch; the tolerance grows with x^2
   * because d(log p)/dx ~ x amplifies the quantile's own rounding (x ~ 37 at 1e-300). */
  for (e = 1; e <= 300; e++)
    {
      double p = pow (10.0, -e);
      double x = gw_phi_inv (p);
      double err = rel_err (gw_phi (x), p);
      double tol = 1e-14 * MAX (1.0, x * x / 8.0);

      worst = MAX (worst, err / MAX (1.0, x * x / 8.0));
      if (err > tol)
        g_test_message ("p = 1e-%d: x = %.17g rel err %.3g > %.3g", e, x, err, tol);
      g_assert_cmpfloat (err, <=, tol);
    }

  g_test_message ("worst scaled round-trip rel err %.3g", worst);
}

static void
test_phi_reference (void)
{
  /* mpmath ncdf at 50 digits. */
  static const struct { double x, p; } refs[] = {
    { 1.0, 0.84134474606854294859 },
    { -1.0, 0.15865525393145705141 },
    { 3.0, 0.99865010196836990547 },
    { -5.0, 2.8665157187919391167e-7 },
    { -10.0, 7.619853024160526066e-24 },
    { -37.0, 5.7255712225245768227e-300 },
  };
  gsize i;

  g_assert_true (gw_phi (0.0) == 0.5);

  for (i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      double err = rel_err (gw_phi (refs[i].x), refs[i].p);

      g_test_message ("x = %g: rel err %.3g", refs[i].x, err);
      /* erfc (-x / sqrt 2) inherits ~x^2 ulp from rounding its argument. */
      g_assert_cmpfloat (err, <=, 1e-15 * MAX (1.0, refs[i].x * refs[i].x));
    }
}

/* "%'.*f" without the ' flag: grouping as a locale asks */
static void
test_format_grouped (void)
{
  static const struct { double v; int d; const char *sep, *grouping, *want; } cases[] = {
    { 1000000, 0, ",", "\3", "1,000,000" },
    { 999, 0, ",", "\3", "999" },
    { 1000, 0, ",", "\3", "1,000" },
    { -1234567.891, 2, ",", "\3", "-1,234,567.89" },
    { 12345678, 0, ",", "\3\2", "1,23,45,678" },        /* en_IN */
    { 1234567, 1, "\u202f", "\3", "1\u202f234\u202f567.0" },
    { 1234567, 0, ".", "\3\x7f", "1234.567" },          /* CHAR_MAX: one group only */
    { 1234567, 0, "", "\3", "1234567" },                 /* the C locale */
    { 1234567, 0, ",", "", "1234567" },
    { 0.5, 3, ",", "\3", "0.500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gw_format_grouped_full (cases[i].v, cases[i].d, cases[i].sep,
                                                     cases[i].grouping);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
  {
    /* the tests' locale, C.UTF-8, groups nothing: people get the
     * interface's English conventions */
    g_autofree char *a = gw_format_grouped (10000, 0);
    g_autofree char *b = gw_format_grouped (999, 0);
    g_autofree char *c = gw_format_grouped (-1234567.25, 2);

    g_assert_true (gw_numeric_locale_is_c ());
    g_assert_cmpstr (a, ==, "10,000");
    g_assert_cmpstr (b, ==, "999");
    g_assert_cmpstr (c, ==, "-1,234,567.25");
  }
}

/* One number format for people: money, inputs with their units, ranges */
static void
test_format_people (void)
{
  static const struct { double v; const char *want; } money[] = {
    { 17.8e9, "$17.8B" },
    { 18e9, "$18.0B" },          /* three significant digits beside $17.8B */
    { 2.35, "$2.35" },
    { 1.7, "$1.70" },
    { 400, "$400" },
    { -310e6, "−$310M" },
    { 999.7e3, "$1.00M" },
    { 9.996e9, "$10.0B" },
    { 0, "$0" },
  };
  static const struct { double v; const char *unit, *want; } quantities[] = {
    { 18e9, "$", "$18B" },
    { 14.2e9, "$", "$14.2B" },
    { 1.7, "$/H100e-h", "$1.70/H100e-h" },
    { 80, "$/MWh", "$80/MWh" },
    { 50000, "$/unit", "$50k/unit" },
    { 0.095, "per year", "9.5%/year" },
    { -0.06, "per year", "−6%/year" },
    { 0.85, "share", "85%" },
    { 0.7, "of capex", "70% of capex" },
    { 5, "x/year", "5×/year" },
    { 2.5, "x price at start", "2.5× price at start" },
    { 870, "MW", "870 MW" },
    { 1.7e6, "units/quarter", "1.7M units/quarter" },
    { 1.2, NULL, "1.2" },
    { 2.3500000000000001, NULL, "2.35" },
  };
  static const struct { GwDist d; const char *unit, *want; } dists[] = {
    { { GW_DIST_TRIANGULAR, { 16e9, 18e9, 21e9 } }, "$", "$18B ($16–21B, triangular)" },
    { { GW_DIST_TRIANGULAR, { 0.08, 0.095, 0.11 } }, "per year",
      "9.5%/year (8–11%/year, triangular)" },
    { { GW_DIST_TRIANGULAR, { 2.5, 5, 9 } }, "x/year", "5×/year (2.5–9×/year, triangular)" },
    { { GW_DIST_TRIANGULAR, { 300e6, 1.5e9, 4e9 } }, "$", "$1.5B ($300M to $4B, triangular)" },
    { { GW_DIST_TRIANGULAR, { -0.12, -0.06, 0 } }, "per year",
      "−6%/year (−12%/year to 0%/year, triangular)" },
    { { GW_DIST_FIXED, { 2.35 } }, "$/H100e-h", "$2.35/H100e-h" },
    { { GW_DIST_TRIANGULAR, { 1.4, 1.6, 1.9 } }, "H100e/unit",
      "1.6 H100e/unit (1.4–1.9 H100e/unit, triangular)" },
    { { GW_DIST_TRIANGULAR, { 4, 10, 20 } }, "t", "quarter 10 (quarter 4–20, triangular)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *got = gw_format_money (money[i].v);

      g_assert_cmpstr (got, ==, money[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (quantities); i++)
    {
      g_autofree char *got = gw_format_quantity (quantities[i].v, quantities[i].unit);

      g_assert_cmpstr (got, ==, quantities[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dists); i++)
    {
      g_autofree char *got = gw_format_dist_quantity (&dists[i].d, dists[i].unit);

      g_assert_cmpstr (got, ==, dists[i].want);
    }
  {
    g_autofree char *a = gw_format_grouped_full (1000000, 0, ",", "\3");
    g_autofree char *b = gw_format_sig (1.5e9, 3);

    g_assert_cmpstr (a, ==, "1,000,000");
    g_assert_cmpstr (b, ==, "1.50B");
  }
}

/* Numbers typed as the app shows them, and the text the dialogs put in
 * their entries: "200M" reads back as 2e8, never shown as "2e+08". */
static void
test_parse_number (void)
{
  static const struct { const char *text; double want; } ok[] = {
    { "0.5", 0.5 }, { "$22.4B", 22.4e9 }, { "200M", 200e6 }, { "50%", 0.5 },
    { "\u22122", -2 }, { "-1.5k", -1500 }, { " 3 ", 3 },
  };
  static const char *bad[] = { "", "x", "2e", "1,5", "$", "nan", "inf", "5 apples" };
  double v;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_assert_true (gw_parse_number (ok[i].text, &v));
      g_assert_cmpfloat (v, ==, ok[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (gw_parse_number (bad[i], &v));
  {
    g_autofree char *t = gw_format_number (2e8);

    g_assert_cmpstr (t, ==, "200M");
    g_assert_true (gw_parse_number (t, &v) && v == 2e8);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/numeric/philox/kat", test_philox_kat);
  g_test_add_func ("/gw/numeric/philox/alias", test_philox_alias);
  g_test_add_func ("/gw/numeric/philox/inputs-matter", test_philox_inputs_matter);
  g_test_add_func ("/gw/numeric/u01/endpoints", test_u01_endpoints);
  g_test_add_func ("/gw/numeric/phi/reference", test_phi_reference);
  g_test_add_func ("/gw/numeric/phi-inv/reference", test_phi_inv_reference);
  g_test_add_func ("/gw/numeric/phi-inv/edges", test_phi_inv_edges);
  g_test_add_func ("/gw/numeric/phi-inv/symmetry", test_phi_inv_symmetry);
  g_test_add_func ("/gw/numeric/phi-inv/round-trip", test_phi_round_trip);
  g_test_add_func ("/gw/numeric/format-grouped", test_format_grouped);
  g_test_add_func ("/gw/numeric/format-people", test_format_people);
  g_test_add_func ("/gw/numeric/parse-number", test_parse_number);

  return g_test_run ();
}
