/* test-dist.c: distributions, their inverse CDFs and text form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gigawatt-model.h"

/* Draws N = 10^5 values through the inverse CDF with Philox uniforms (key
 * 42, counter (i, 0, 0, 0)) and checks, for p in P5..P95, that the share of
 * draws below the analytic quantile lies within 4 standard errors
 * sqrt (p (1 - p) / N) of p: a false alarm has probability < 1e-4 per check. */
static void
check_quantiles (const GwDist *dist,
                 const double *expected)
{
  static const double ps[] = { 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95 };
  const guint n = 100000;
  guint below[G_N_ELEMENTS (ps)] = { 0 };
  const gw_u32 key[2] = { 42, 0 };

  for (guint i = 0; i < n; i++)
    {
      gw_u32 ctr[4] = { i, 0, 0, 0 }, out[4];
      double x;

      gw_philox4x32_10 (ctr, key, out);
      x = gw_dist_icdf (dist, gw_u01 (out[0]));
      for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
        below[k] += x <= expected[k];
    }
  for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
    {
      double share = (double) below[k] / n;
      double se = sqrt (ps[k] * (1 - ps[k]) / n);

      g_assert_cmpfloat (fabs (share - ps[k]), <=, 4 * se);
    }
}

static void
test_uniform (void)
{
  GwDist d = gw_dist_uniform (2, 6);
  const double q[] = { 2.2, 2.4, 3, 4, 5, 5.6, 5.8 };

  check_quantiles (&d, q);
  g_assert_cmpfloat (gw_dist_central (&d), ==, 4);
}

static void
test_triangular (void)
{
  /* lo 0, mode 1, hi 4: F(x) = x^2 / 4 below 1, 1 - (4 - x)^2 / 12 above. */
  GwDist d = gw_dist_triangular (0, 1, 4);
  const double ps[] = { 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95 };
  double q[7];

  for (guint k = 0; k < 7; k++)
    q[k] = ps[k] < 0.25 ? sqrt (4 * ps[k]) : 4 - sqrt (12 * (1 - ps[k]));
  check_quantiles (&d, q);
  g_assert_cmpfloat (gw_dist_central (&d), ==, 1);
  g_assert_cmpfloat_with_epsilon (gw_dist_icdf (&d, 0.25), 1, 1e-15);
}

static void
test_normal (void)
{
  GwDist d = gw_dist_normal (10, 2, -INFINITY, INFINITY);
  const double z[] = { -1.6448536269514722, -1.2815515655446004, -0.6744897501960817, 0,
                       0.6744897501960817, 1.2815515655446004, 1.6448536269514722 };
  double q[7];

  for (guint k = 0; k < 7; k++)
    q[k] = 10 + 2 * z[k];
  check_quantiles (&d, q);
  g_assert_cmpfloat (gw_dist_central (&d), ==, 10);
}

static void
test_normal_truncated (void)
{
  /* Truncated to [10, inf): the half-normal; its median is 10 + 2 z_0.75. */
  GwDist d = gw_dist_normal (10, 2, 10, INFINITY);
  double x;

  g_assert_cmpfloat_with_epsilon (gw_dist_central (&d), 10 + 2 * 0.6744897501960817, 1e-12);
  for (double u = 0.001; u < 1; u += 0.01)
    {
      x = gw_dist_icdf (&d, u);
      g_assert_cmpfloat (x, >=, 10);
    }
}

static void
test_lognormal (void)
{
  GwDist d = gw_dist_lognormal (2, 8);
  const double z[] = { -1.6448536269514722, -1.2815515655446004, -0.6744897501960817, 0,
                       0.6744897501960817, 1.2815515655446004, 1.6448536269514722 };
  double mu = (log (2) + log (8)) / 2, sigma = (log (8) - log (2)) / (2 * GW_Z90), q[7];

  for (guint k = 0; k < 7; k++)
    q[k] = exp (mu + sigma * z[k]);
  check_quantiles (&d, q);
  g_assert_cmpfloat_with_epsilon (gw_dist_central (&d), 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (gw_dist_icdf (&d, 0.1), 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (gw_dist_icdf (&d, 0.9), 8, 1e-12);
}

static void
test_text_round_trip (void)
{
  const GwDist dists[] = {
    gw_dist_fixed (0.1), gw_dist_uniform (-1, 2.5), gw_dist_triangular (1, 2, 4),
    gw_dist_normal (0.09, 0.02, 0, INFINITY), gw_dist_normal (1, 2, -INFINITY, INFINITY),
    gw_dist_lognormal (2.5, 9),
  };

  for (guint i = 0; i < G_N_ELEMENTS (dists); i++)
    {
      g_autofree char *text = gw_dist_to_string (&dists[i]);
      g_autoptr(GError) error = NULL;
      GwDist back;

      g_assert_true (gw_dist_parse (text, &back, &error));
      g_assert_no_error (error);
      g_assert_true (gw_dist_equal (&dists[i], &back));
    }
}

static void
test_bad_params (void)
{
  const GwDist bad[] = {
    gw_dist_uniform (3, 1), gw_dist_triangular (0, 5, 4), gw_dist_normal (0, -1, -INFINITY, 1),
    gw_dist_lognormal (0, 1), gw_dist_fixed (NAN),
  };
  g_autoptr(GError) error = NULL;
  GwDist d;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = gw_dist_check_params (&bad[i]);

      g_assert_nonnull (problem);
    }
  g_assert_false (gw_dist_parse ("gamma(1, 2)", &d, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_PARSE);
}

static void
test_field_support (void)
{
  const GwField *f = gw_table_field (GW_TABLE_MARKET,
                                     gw_table_find_field (GW_TABLE_MARKET, "availability"));
  GwDist untruncated = gw_dist_normal (0.95, 0.02, -INFINITY, INFINITY);
  GwDist truncated = gw_dist_normal (0.95, 0.02, 0.8, 1);
  GwDist lognormal = gw_dist_lognormal (0.9, 0.99);
  g_autofree char *a = gw_field_check_value (f, &untruncated);
  g_autofree char *b = gw_field_check_value (f, &truncated);
  g_autofree char *c = gw_field_check_value (f, &lognormal);

  /* An untruncated normal on a field bounded to (0, 1] leaves its range. */
  g_assert_nonnull (a);
  g_assert_null (b);
  g_assert_nonnull (c);
}

/* Text for numbers: the shortest that reads back exactly. */
static void
test_number_text (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0.8, "0.8" }, { 0.03, "0.03" }, { 850, "850" }, { 2.35, "2.35" },
    { 14.2e9, "14200000000" }, { -0.5, "-0.5" }, { 1e-9, "1e-09" }, { 0, "0" },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gw_number_to_string (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  for (guint i = 0; i < 10000; i++)
    {
      double v = g_rand_double_range (rand, -1e6, 1e6) * pow (10, g_rand_int_range (rand, -12, 12));
      g_autofree char *text = gw_number_to_string (v);

      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, v);
      g_assert_cmpuint (strlen (text), <=, 24);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/model/dist/number-text", test_number_text);
  g_test_add_func ("/gw/model/dist/uniform", test_uniform);
  g_test_add_func ("/gw/model/dist/triangular", test_triangular);
  g_test_add_func ("/gw/model/dist/normal", test_normal);
  g_test_add_func ("/gw/model/dist/normal-truncated", test_normal_truncated);
  g_test_add_func ("/gw/model/dist/lognormal", test_lognormal);
  g_test_add_func ("/gw/model/dist/text-round-trip", test_text_round_trip);
  g_test_add_func ("/gw/model/dist/bad-params", test_bad_params);
  g_test_add_func ("/gw/model/dist/field-support", test_field_support);
  return g_test_run ();
}
