/* test-band.c: the CPU engine's default quantiles against the
 * order-statistic band of MODEL.md section 5
 *
 * An approximate quantile must lie between the order statistics
 * x_(k - 4s) and x_(k + 4s), k = (N - 1) p on the 0-based scale of the
 * reference's interpolation and s = sqrt (N p (1 - p)). Each scenario here
 * is built to break a histogram: heavy tails, prices piled just under a
 * cap, a sentinel inside the distribution, point masses too rare for the
 * pilot to give counters of their own, the Baseline with a small pilot.
 * Every path is simulated again with gw_cpu_path(), every column sorted,
 * and every default quantile of every column checked. An atom's value is
 * reported to within its tolerance (10^-12 of the column's scale), which
 * the check allows.
 *
 * Before the order-statistic certificate (86bda7b), 301 of the 51,816
 * quantiles checked here were outside: heavy tails 33, under the cap 1,
 * sentinel 1, rare atoms 4, Baseline 120 at N = 5,000 and 142 at 8,000,
 * the worst 31.7 standard deviations of the order statistic away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-json.h"
#include "gw-test-scenario.h"

#define Q(year, q) GW_QUARTER (year, q)

static GwScenario *
load_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "small.json", NULL);
  GwScenario *s = gw_json_load (path, &error);

  g_assert_no_error (error);
  return s;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Values of sorted[0..n) that are <= x. */
static gsize
count_at_most (const double *sorted,
               gsize         n,
               double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* N paths of s on the CPU engine with the default statistics. */
static GwResults *
run_default (const GwScenario *s,
             guint             N,
             guint             threads)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GwResults *res;

  opt.paths = N;
  opt.threads = threads;
  opt.engine = GW_ENGINE_CPU;
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return res;
}

/* Runs N paths of s on the CPU engine with default statistics and checks
 * every quantile of every column against its band. Returns the number
 * outside; the test fails on any unless only_count. */
static guint
check_band (const char       *what,
            const GwScenario *s,
            guint             N,
            gboolean          only_count)
{
  g_autoptr(GwResults) res = NULL;
  const GwPlan *plan;
  g_autofree double *all = NULL;
  g_autofree double *series = NULL;
  g_autofree double *scalars = NULL;
  guint n_outside = 0, n_checked = 0;
  double worst = 0;

  res = run_default (s, N, 2);
  plan = res->plan;
  all = g_new (double, (gsize) plan->n_cols * N);
  series = g_new (double, plan->n_cols);
  scalars = g_new (double, plan->n_scalars);
  for (guint i = 0; i < N; i++)
    {
      gw_cpu_path (plan, i, FALSE, -1, 0, series, scalars, NULL);
      for (guint c = 0; c < plan->n_cols; c++)
        all[(gsize) c * N + i] = series[c];
    }
  for (guint c = 0; c < plan->n_cols; c++)
    {
      double *x = all + (gsize) c * N;
      const GwSummary *sm = &res->series[c];
      double slack;

      qsort (x, N, sizeof (double), compare_double);
      g_assert_cmpfloat (sm->min, ==, x[0]);
      g_assert_cmpfloat (sm->max, ==, x[N - 1]);
      /* an atom's value is reported to within its tolerance */
      slack = 1e-12 * MAX (fabs (x[0]), fabs (x[N - 1]));
      for (guint i = 0; i < GW_N_QUANTILES; i++)
        {
          double p = gw_quantile_levels[i];
          double k = (N - 1) * p, sd = sqrt (N * p * (1 - p));
          double lo = floor (k - 4 * sd), hi = ceil (k + 4 * sd);
          gsize r_lo = lo < 0 ? 0 : (gsize) lo, r_hi = hi > N - 1 ? N - 1 : (gsize) hi;
          double q = sm->q[i];

          n_checked++;
          if (x[r_lo] - slack <= q && q <= x[r_hi] + slack)
            continue;
          {
            /* how far outside, in order-statistic standard deviations */
            gsize at = count_at_most (x, N, q);
            double off = q < x[r_lo] ? (k - at) / sd : (at - 1 - k) / sd;

            if (n_outside < 5)
              g_test_message ("%s: column %u (series %s, t %u), P%g = %.17g outside "
                              "[%.17g, %.17g] by %.1f s", what, c,
                              gw_plan_series_key (plan, c / plan->T), c % plan->T, 100 * p, q,
                              x[r_lo], x[r_hi], off);
            worst = MAX (worst, off);
            n_outside++;
          }
        }
    }
  g_test_message ("%s, N = %u: %u of %u quantiles outside the band (worst %.1f s)", what, N,
                  n_outside, n_checked, worst);
  if (!only_count && n_outside > 0)
    g_test_fail_printf ("%s, N = %u: %u of %u quantiles outside the order-statistic band, the "
                        "worst by %.1f order-statistic standard deviations", what, N, n_outside,
                        n_checked, worst);
  return n_outside;
}

/* Heavy tails: electricity and the starting price lognormal with a large
 * sigma (P90 / P10 = 100 and 16), driving the floor, EBITDA, FCF, DSCR. */
static void
test_heavy_tails (void)
{
  g_autoptr(GwScenario) s = load_small ();

  s->market.electricity = gw_dist_lognormal (20, 2000);
  s->market.price_0 = gw_dist_lognormal (0.5, 8);
  check_band ("heavy tails", s, 6000, FALSE);
}

/* Prices piled just under the cap: inelastic demand that outgrows supply
 * pushes the target price to the cap, and a small stickiness keeps the
 * price a little under it. */
static void
test_under_cap (void)
{
  g_autoptr(GwScenario) s = load_small ();

  s->market.elasticity = gw_dist_fixed (0.3);
  s->market.token_growth = gw_dist_triangular (1.5, 3, 8);
  s->market.price_stickiness = gw_dist_uniform (0, 0.1);
  s->market.price_0 = gw_dist_uniform (1.9, 2.1);
  check_band ("under the cap", s, 6000, FALSE);
}

/* The LTV's sentinel 99 (collateral 0, debt left) inside the distribution:
 * electricity sometimes above what the price pays for, so that the margin
 * and the collateral are 0 on some paths and tiny on others. */
static void
test_sentinel (void)
{
  g_autoptr(GwScenario) s = load_small ();

  s->market.electricity = gw_dist_uniform (50, 3000);
  check_band ("sentinel 99", s, 6000, FALSE);
}

static GwScenario *
rare_atoms_scenario (void)
{
  GwScenario *s = load_small ();
  const double capex[] = { 1.1, 1.2, 1.4, 1.8, 2.6 };
  const double rate[] = { 0.01, 0.025, 0.05 }, p_rate[] = { 0.2, 0.1, 0.05 };

  for (guint i = 0; i < G_N_ELEMENTS (capex); i++)
    {
      g_autofree char *name = g_strdup_printf ("Capex %u", i);

      gw_test_add_event (s, name, GW_EVENT_CAPEX_SHOCK, Q (2026, 2), Q (2026, 3),
                         gw_dist_fixed (capex[i]), gw_dist_fixed (0.5), "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (rate); i++)
    {
      g_autofree char *name = g_strdup_printf ("Rates %u", i);

      gw_test_add_event (s, name, GW_EVENT_RATE_SHOCK, Q (2026, 1), GW_QUARTER_NONE,
                         gw_dist_fixed (rate[i]), gw_dist_fixed (p_rate[i]), "");
    }
  return s;
}

/* Point masses, more than the pilot can give counters of their own (16):
 * five capex shocks, each on half the paths, and three rate shocks, rarer
 * (0.2 down to 0.05), make the capex, debt, interest and DSCR of the small
 * scenario take dozens of values, each on a few percent of the paths or
 * fewer, and nothing else varies. */
static void
test_rare_atoms (void)
{
  g_autoptr(GwScenario) s = rare_atoms_scenario ();

  check_band ("rare atoms", s, 20000, FALSE);
}

/* Where pass 2 collects bins (the rare atoms need it), the statistics are
 * the same bits on 1 and 2 threads. */
static void
test_threads (void)
{
  g_autoptr(GwScenario) s = rare_atoms_scenario ();
  g_autoptr(GwResults) one = run_default (s, 20000, 1);
  g_autoptr(GwResults) two = run_default (s, 20000, 2);

  g_assert_cmpmem (one->series, one->plan->n_cols * sizeof (GwSummary), two->series,
                   two->plan->n_cols * sizeof (GwSummary));
  g_assert_cmpuint (one->n_approximate, ==, two->n_approximate);
}

/* The shipped Baseline with small pilots (on 86bda7b, 512 paths at both
 * N: 128 quantiles outside at 6,000). */
static void
test_baseline (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);

  check_band ("Baseline", s, 5000, FALSE);
  check_band ("Baseline", s, 8000, FALSE);
}

/* Up to 4,096 paths the pilot holds every value and the statistics are
 * exact: the same bits as gw_summary_from_values() on every value, at
 * N = 1, 2, 5 (ranks k + 1 of one quantile after k of the next), 100 and
 * 4,096. */
static void
test_small_runs (void)
{
  const guint sizes[] = { 1, 2, 5, 100, 4096 };
  g_autoptr(GwScenario) s = load_small ();

  s->market.electricity = gw_dist_lognormal (20, 2000);
  s->market.price_0 = gw_dist_lognormal (0.5, 8);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      guint N = sizes[k];
      g_autoptr(GwResults) res = run_default (s, N, 2);
      const GwPlan *plan = res->plan;
      g_autofree double *all = g_new (double, (gsize) plan->n_cols * N);
      g_autofree double *series = g_new (double, plan->n_cols);
      g_autofree double *scalars = g_new (double, plan->n_scalars);

      for (guint i = 0; i < N; i++)
        {
          gw_cpu_path (plan, i, FALSE, -1, 0, series, scalars, NULL);
          for (guint c = 0; c < plan->n_cols; c++)
            all[(gsize) c * N + i] = series[c];
        }
      for (guint c = 0; c < plan->n_cols; c++)
        {
          GwSummary want;

          gw_summary_from_values (&want, all + (gsize) c * N, N);
          g_assert_cmpmem (&res->series[c], sizeof want, &want, sizeof want);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/band/heavy-tails", test_heavy_tails);
  g_test_add_func ("/gw/band/under-cap", test_under_cap);
  g_test_add_func ("/gw/band/sentinel", test_sentinel);
  g_test_add_func ("/gw/band/rare-atoms", test_rare_atoms);
  g_test_add_func ("/gw/band/baseline", test_baseline);
  g_test_add_func ("/gw/band/threads", test_threads);
  g_test_add_func ("/gw/band/small-runs", test_small_runs);
  return g_test_run ();
}
