/* test-stats.c: the summaries of gw-stats.c against a full sort
 *
 * gw_summary_of() finds order statistics by histogram and selection; these
 * samples are built to break binning (heavy tails, atoms, clusters inside
 * one bin, two points, spans near the largest double, sizes around the
 * switch to quickselect), and every quantile must equal, bit for bit, the
 * one interpolated from the sorted sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-results.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* gw_summary_of (v) against the sorted sample; v must not change */
static void
check_sample (const char   *what,
              const double *v,
              gsize         n)
{
  g_autofree double *before = g_memdup2 (v, n * sizeof (double));
  g_autofree double *sorted = g_memdup2 (v, n * sizeof (double));
  GwSummary sm;

  gw_summary_of (&sm, v, n);
  g_assert_cmpmem (v, n * sizeof (double), before, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  g_assert_cmpfloat (sm.min, ==, sorted[0]);
  g_assert_cmpfloat (sm.max, ==, sorted[n - 1]);
  for (guint q = 0; q < GW_N_QUANTILES; q++)
    {
      double want = gw_quantile_sorted (sorted, n, gw_quantile_levels[q]);

      if (sm.q[q] != want)
        g_error ("%s, n = %" G_GSIZE_FORMAT ", P%g: %.17g, the sorted sample gives %.17g", what,
                 n, 100 * gw_quantile_levels[q], sm.q[q], want);
    }
}

static double
heavy (GRand *r)
{
  /* Pareto with tail index 0.5: no mean, spans many decades */
  return 1.0 / pow (g_rand_double (r) + 1e-300, 2.0);
}

static void
test_adversarial (void)
{
  const gsize sizes[] = { 1, 2, 3, 7, 255, 256, 257, 4095, 4096, 4097, 5000, 20011, 100003 };
  g_autoptr(GRand) r = g_rand_new_with_seed (20261205);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s];
      g_autofree double *v = g_new (double, n);

      for (gsize i = 0; i < n; i++)
        v[i] = g_rand_double_range (r, -3, 5);
      check_sample ("uniform", v, n);

      for (gsize i = 0; i < n; i++)
        v[i] = heavy (r);
      check_sample ("heavy tail", v, n);

      for (gsize i = 0; i < n; i++)
        v[i] = g_rand_int_range (r, 0, 10) < 9 ? 99.0 : g_rand_double (r);
      check_sample ("a sentinel atom at 99", v, n);

      for (gsize i = 0; i < n; i++)
        v[i] = g_rand_int_range (r, 0, 2) ? -1.0 : 27.0;
      check_sample ("two points", v, n);

      for (gsize i = 0; i < n; i++)
        v[i] = 4.0;
      check_sample ("constant", v, n);

      /* a cap: most values piled within 1e-12 of it, one far outlier that
       * puts the pile in one bin of the first histogram */
      for (gsize i = 0; i < n; i++)
        v[i] = 10.0 - 1e-12 * g_rand_double (r);
      v[n / 2] = -1e6;
      check_sample ("piled under a cap", v, n);

      /* values whose span overflows a double */
      for (gsize i = 0; i < n; i++)
        v[i] = (g_rand_boolean (r) ? 1 : -1) * 1e308 * g_rand_double (r);
      check_sample ("span past the largest double", v, n);

      /* tiny values: a span near the smallest subnormal */
      for (gsize i = 0; i < n; i++)
        v[i] = 5e-324 * g_rand_int_range (r, 0, 3);
      check_sample ("subnormal", v, n);

      /* sorted and reverse-sorted inputs */
      for (gsize i = 0; i < n; i++)
        v[i] = (double) i;
      check_sample ("ascending", v, n);
      for (gsize i = 0; i < n; i++)
        v[i] = (double) (n - i);
      check_sample ("descending", v, n);
    }
}

/* the mean and sd are those of the summary before gw-stats.c: a shifted
 * sum from the first value, in order */
static void
test_moments (void)
{
  const double v[] = { 3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0 };
  GwSummary sm;

  gw_summary_of (&sm, v, G_N_ELEMENTS (v));
  g_assert_cmpfloat (sm.mean, ==, 31.0 / 8.0);
  /* sum of squares about the mean: 52.875; / 7 */
  g_assert_cmpfloat_with_epsilon (sm.sd, sqrt (52.875 / 7.0), 1e-15);
  /* P50 at h = 3.5 between 3 and 4 */
  g_assert_cmpfloat (sm.q[GW_Q_P50], ==, 3.5);
  /* P5 at h = 0.35 between 1 and 1 */
  g_assert_cmpfloat (sm.q[GW_Q_P5], ==, 1.0);
  /* P95 at h = 6.65 between 6 and 9 */
  g_assert_cmpfloat_with_epsilon (sm.q[GW_Q_P95], 6.0 + 0.65 * 3.0, 1e-12);
}

/* many samples on several threads: the same as one at a time */
static void
test_many (void)
{
  const gsize n = 30011;
  const guint m = 7;
  g_autoptr(GRand) r = g_rand_new_with_seed (7);
  g_autofree double *v = g_new (double, n * m);
  g_autofree GwSummary *one = g_new (GwSummary, m);
  g_autofree GwSummary *four = g_new (GwSummary, m);

  for (gsize i = 0; i < n * m; i++)
    v[i] = i % 3 ? heavy (r) : -1.0;
  gw_summaries_of (one, v, n, m, 1);
  gw_summaries_of (four, v, n, m, 4);
  g_assert_cmpmem (one, m * sizeof (GwSummary), four, m * sizeof (GwSummary));
  for (guint j = 0; j < m; j++)
    {
      GwSummary sm;

      gw_summary_of (&sm, v + j * n, n);
      g_assert_cmpmem (&sm, sizeof sm, &one[j], sizeof sm);
    }
}

/* gw_ranks() against ranks counted by hand: #less + (#equal + 1) / 2 for
 * each value (exact in double), on samples with ties, negatives, both
 * zeros, denormals, infinities and one scale; a NaN is refused. */
static void
test_ranks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  static const double specials[] = { 0.0, -0.0, 1e-310, -1e-310, INFINITY, -INFINITY,
                                     1.0, -1.0, 2.35, 2.35 };

  for (guint trial = 0; trial < 40; trial++)
    {
      gsize n = 1 + g_rand_int_range (rand, 0, trial < 20 ? 40 : 3000);
      g_autofree double *v = g_new (double, n);
      g_autofree double *r = g_new (double, n);

      for (gsize i = 0; i < n; i++)
        switch (trial % 4)
          {
          case 0:   /* few distinct values: many ties */
            v[i] = g_rand_int_range (rand, -3, 4) * 0.5;
            break;
          case 1:   /* one scale: the high digits are shared */
            v[i] = 2.0 + g_rand_double (rand);
            break;
          case 2:   /* wide and signed */
            v[i] = (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -300, 300));
            break;
          default:
            v[i] = specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))];
          }
      g_assert_true (gw_ranks (v, n, r));
      for (gsize i = 0; i < n; i++)
        {
          gsize less = 0, equal = 0;

          for (gsize j = 0; j < n; j++)
            {
              less += v[j] < v[i];
              equal += v[j] == v[i];
            }
          g_assert_cmpfloat (r[i], ==, less + (equal + 1) / 2.0);
        }
    }
  {
    double v[3] = { 1, NAN, 2 }, r[3] = { -1, -1, -1 };

    g_assert_false (gw_ranks (v, 3, r));
    g_assert_cmpfloat (r[0], ==, -1);
  }
}

/* The exact-quantile planner both engines use: by hand. */
static void
test_collect_plan (void)
{
  GwCollectTarget t[4] = { { .count = 5 }, { .count = 9 }, { .count = 9 }, { .count = 2 } };
  gsize ranks[2 * GW_N_QUANTILES];
  guint n_sub;

  /* 25 values, budget 12: the two 9s (the first first) get sub-histograms */
  g_assert_cmpuint (gw_collect_plan (t, 4, 12, &n_sub), ==, 7);
  g_assert_cmpuint (n_sub, ==, 2);
  g_assert_cmpuint (t[1].offset, ==, GW_COLLECT_SUB);
  g_assert_cmpuint (t[1].sub, ==, 0);
  g_assert_cmpuint (t[2].offset, ==, GW_COLLECT_SUB);
  g_assert_cmpuint (t[2].sub, ==, 1);
  g_assert_cmpuint (t[0].offset, ==, 0);
  g_assert_cmpuint (t[3].offset, ==, 5);
  /* within budget: consecutive offsets, no sub-histogram */
  g_assert_cmpuint (gw_collect_plan (t, 4, 25, &n_sub), ==, 25);
  g_assert_cmpuint (n_sub, ==, 0);
  g_assert_cmpuint (t[2].offset, ==, 14);
  g_assert_cmpuint (t[3].offset, ==, 23);

  /* P5, P10, P25, P50, P75, P90, P95 of 10 values: h = 9 p */
  gw_quantile_ranks (10, ranks);
  g_assert_cmpuint (ranks[0], ==, 0);
  g_assert_cmpuint (ranks[1], ==, 1);
  g_assert_cmpuint (ranks[6], ==, 4);
  g_assert_cmpuint (ranks[7], ==, 5);
  g_assert_cmpuint (ranks[12], ==, 8);
  g_assert_cmpuint (ranks[13], ==, 9);
  gw_quantile_ranks (1, ranks);
  g_assert_cmpuint (ranks[13], ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/stats/adversarial", test_adversarial);
  g_test_add_func ("/gw/stats/moments", test_moments);
  g_test_add_func ("/gw/stats/many", test_many);
  g_test_add_func ("/gw/stats/ranks", test_ranks);
  g_test_add_func ("/gw/stats/collect-plan", test_collect_plan);
  return g_test_run ();
}
