/* test-economics.c: the economic checks of DOMAIN.md ("Model version 2:
 * calibration") on the shipped Baseline 2026 and its variants
 *
 * These hold the scenario and the model together: a change of either that
 * makes an answer implausible to an analyst who covers the sector (a walk-
 * away that raises NPV, a price that never falls, margins of 84%) fails
 * here. The deterministic run is one path of central values (MODEL.md
 * section 3); check 7 runs 10,000 Monte Carlo paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-test-scenario.h"

typedef struct
{
  GwPlan *plan;
  double *series;
  double *scalars;
  int     cw;   /* CoreWeave's provider row */
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->plan, gw_plan_free);
  g_clear_pointer (&run->series, g_free);
  g_clear_pointer (&run->scalars, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GwScenario *
load_baseline (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return s;
}

static void
run_deterministic (const GwScenario *s,
                   const char       *variant,
                   Run              *run)
{
  g_autoptr(GError) error = NULL;

  run->plan = gw_plan_new (s, variant, &error);
  g_assert_no_error (error);
  run->series = g_new (double, run->plan->n_cols);
  run->scalars = g_new (double, run->plan->n_scalars);
  gw_cpu_path (run->plan, 0, TRUE, -1, 0, run->series, run->scalars, NULL);
  run->cw = gw_scenario_find_row (run->plan->scenario, GW_TABLE_PROVIDERS, "CoreWeave");
  g_assert_cmpint (run->cw, >=, 0);
}

static double
market (const Run *run,
        int        series,
        int        t)
{
  return run->series[series * run->plan->T + t];
}

static double
coreweave (const Run *run,
           int        field,
           int        t)
{
  int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * run->cw;

  return run->series[(base + field) * run->plan->T + t];
}

/* The sum of a CoreWeave series over calendar year y of the run (t = 4y ..). */
static double
coreweave_year (const Run *run,
                int        field,
                int        y)
{
  double sum = 0;

  for (int t = 4 * y; t < 4 * y + 4; t++)
    sum += coreweave (run, field, t);
  return sum;
}

static double
coreweave_npv (const Run *run)
{
  return run->scalars[GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * run->cw + GW_XP_NPV];
}

/* 1. The 2026 targets: price, revenue, backlog, fleet power. */
static void
test_targets (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) run = { 0 };
  double revenue;

  run_deterministic (s, NULL, &run);
  for (int t = 0; t < 2; t++)
    {
      g_assert_cmpfloat (market (&run, GW_S_PRICE, t), >=, 2.2);
      g_assert_cmpfloat (market (&run, GW_S_PRICE, t), <=, 2.7);
    }
  revenue = coreweave_year (&run, GW_SP_REVENUE, 0);
  g_assert_cmpfloat (fabs (revenue / 12.1e9 - 1), <, 0.25);
  g_assert_cmpfloat (fabs (coreweave (&run, GW_SP_BACKLOG, 0) / 99.4e9 - 1), <, 0.15);
  g_assert_cmpfloat (fabs (coreweave (&run, GW_SP_FLEET_MW, 0) / 900 - 1), <, 0.1);
  g_assert_cmpfloat (fabs (coreweave (&run, GW_SP_FLEET_MW, 3) / 1700 - 1), <, 0.1);
}

/* 2. CoreWeave reported a loss for 2026Q1; with depreciation from t = 0
 * (version 2) the model does too. */
static void
test_first_quarter_loss (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) run = { 0 };

  run_deterministic (s, NULL, &run);
  g_assert_cmpfloat (coreweave (&run, GW_SP_NET_INCOME, 0), <, 0);
  g_assert_cmpfloat (coreweave (&run, GW_SP_DEPRECIATION, 0), >, 0);
}

/* 3. EBITDA margin 55-68% in 2026, at most 72% in every later year, in the
 * Baseline and in the variants whose story is not a boom (Inference boom
 * is a scarcity story: its margins exceed 72% by design, see
 * docs/model.md). */
static void
check_margins (const char *variant)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) run = { 0 };

  run_deterministic (s, variant, &run);
  for (int y = 0; y < (int) run.plan->T / 4; y++)
    {
      double margin = coreweave_year (&run, GW_SP_EBITDA, y)
                      / coreweave_year (&run, GW_SP_REVENUE, y);

      if (y == 0)
        g_assert_cmpfloat (margin, >=, 0.55);
      g_assert_cmpfloat (margin, <=, y == 0 ? 0.68 : 0.72);
    }
}

static void
test_margins (void)
{
  check_margins (NULL);
  check_margins ("Agents under-deliver");
  check_margins ("TPU beachhead");
  check_margins ("Rubin cost squeeze");
}

/* 4. The price falls as cheaper generations arrive: 2032Q4 below 2026Q1 and
 * within $0.6-2.0. */
static void
test_price_falls (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) run = { 0 };
  int last;

  run_deterministic (s, NULL, &run);
  last = run.plan->T - 1;
  g_assert_cmpint (run.plan->scenario->info.start + last, ==, GW_QUARTER (2032, 4));
  g_assert_cmpfloat (market (&run, GW_S_PRICE, last), <, market (&run, GW_S_PRICE, 0));
  g_assert_cmpfloat (market (&run, GW_S_PRICE, last), >=, 0.6);
  g_assert_cmpfloat (market (&run, GW_S_PRICE, last), <=, 2.0);
}

/* 5. Meta walks from both deals in 2027Q1: CoreWeave loses customers, not
 * capacity to re-sell at a premium, so its NPV falls (V10, V5). */
static void
check_meta_walks (const char *variant)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GwScenario) walk = gw_scenario_copy (s);
  g_auto(Run) base = { 0 };
  g_auto(Run) what_if = { 0 };

  gw_test_add_event (walk, "Meta walks (I)", GW_EVENT_DEAL_DEFAULT, GW_QUARTER (2027, 1),
                     GW_QUARTER_NONE, gw_dist_fixed (1), gw_dist_fixed (1), "Meta I");
  gw_test_add_event (walk, "Meta walks (II)", GW_EVENT_DEAL_DEFAULT, GW_QUARTER (2027, 1),
                     GW_QUARTER_NONE, gw_dist_fixed (1), gw_dist_fixed (1), "Meta II");
  g_assert_true (gw_scenario_validate (walk, NULL));
  run_deterministic (s, variant, &base);
  run_deterministic (walk, variant, &what_if);
  g_assert_cmpfloat (coreweave_npv (&what_if), <, coreweave_npv (&base));
  /* and the lost contract revenue is not made up in 2027 */
  g_assert_cmpfloat (coreweave_year (&what_if, GW_SP_REVENUE, 1), <,
                     coreweave_year (&base, GW_SP_REVENUE, 1));
}

static void
test_meta_walks (void)
{
  check_meta_walks (NULL);
  check_meta_walks ("Agents under-deliver");
}

/* 6. A Vera Rubin capex shock (x1.3) does not improve CoreWeave's LTV in
 * any quarter: collateral is resale value, not the cost book (V2). */
static void
check_rubin_ltv (const char *variant)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GwScenario) shock = gw_scenario_copy (s);
  g_auto(Run) base = { 0 };
  g_auto(Run) what_if = { 0 };
  guint n = 0;

  for (guint e = 0; e < gw_scenario_n_events (shock); e++)
    {
      GwEvent *ev = gw_scenario_event (shock, e);

      if (ev->kind == GW_EVENT_CAPEX_SHOCK && g_str_equal (ev->target, "Vera Rubin"))
        {
          ev->probability = gw_dist_fixed (1);
          ev->magnitude = gw_dist_fixed (1.3);
          n++;
        }
    }
  g_assert_cmpuint (n, ==, 1);
  run_deterministic (s, variant, &base);
  run_deterministic (shock, variant, &what_if);
  for (int t = 0; t < (int) base.plan->T; t++)
    g_assert_cmpfloat (coreweave (&what_if, GW_SP_LTV, t), >=, coreweave (&base, GW_SP_LTV, t));
  /* it does bite once Vera Rubin is bought */
  g_assert_cmpfloat (coreweave (&what_if, GW_SP_LTV, 7), >, coreweave (&base, GW_SP_LTV, 7));
}

static void
test_rubin_ltv (void)
{
  check_rubin_ltv (NULL);
  check_rubin_ltv ("Agents under-deliver");
  check_rubin_ltv ("TPU beachhead");
}

/* 7. Under Monte Carlo, fewer than 10% of paths have CoreWeave's first
 * DSCR < 1 in 2026Q1, a quarter already reported. The seed is fixed, so
 * the count is exact; the measured share is about 4%, some 30 binomial
 * standard errors (0.2 points at N = 10^4) below the bound. */
static void
test_first_quarter_dscr (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwResults) res = NULL;
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  const double *first;
  int cw = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "CoreWeave");
  guint n = 10000, at_start = 0;

  opt.paths = n;
  opt.engine = GW_ENGINE_CPU;
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  first = gw_results_scalar_values (res, GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * cw
                                         + GW_XP_FIRST_DSCR_BELOW);
  for (guint i = 0; i < n; i++)
    at_start += first[i] == 0;
  g_assert_cmpfloat ((double) at_start / n, <, 0.10);
}

/* 8. The anchor steps down in the quarter a cheaper generation arrives
 * (cost_pass_through > 0): the frontier cost falls then too. */
static void
test_anchor_steps_down (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) run = { 0 };
  guint steps = 0;

  run_deterministic (s, NULL, &run);
  g_assert_cmpfloat (gw_dist_central (&run.plan->scenario->market.cost_pass_through), >, 0);
  for (guint g = 0; g < gw_scenario_n_generations (run.plan->scenario); g++)
    {
      const GwGeneration *gen = gw_scenario_generation (run.plan->scenario, g);
      int t = gen->available_from - run.plan->scenario->info.start;
      double before, at;

      if (t < 1 || t >= (int) run.plan->T)
        continue;
      before = market (&run, GW_S_FRONTIER_COST, t - 1);
      at = market (&run, GW_S_FRONTIER_COST, t);
      if (at < before * 0.999)
        {
          /* a generation that lowers the frontier lowers the anchor */
          g_assert_cmpfloat (market (&run, GW_S_ANCHOR, t), <, market (&run, GW_S_ANCHOR, t - 1));
          steps++;
        }
    }
  /* Vera Rubin, Rubin Ultra and Feynman each arrive cheaper per H100e-hour */
  g_assert_cmpuint (steps, >=, 2);
}

/* Each variant still tells its story against the Baseline. */
static void
test_variant_stories (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_auto(Run) base = { 0 };
  g_auto(Run) boom = { 0 };
  g_auto(Run) agents = { 0 };
  g_auto(Run) tpu = { 0 };
  g_auto(Run) rubin = { 0 };
  int last;

  run_deterministic (s, NULL, &base);
  run_deterministic (s, "Inference boom", &boom);
  run_deterministic (s, "Agents under-deliver", &agents);
  run_deterministic (s, "TPU beachhead", &tpu);
  run_deterministic (s, "Rubin cost squeeze", &rubin);
  last = base.plan->T - 1;

  /* a boom: prices hold up and CoreWeave is worth more */
  g_assert_cmpfloat (market (&boom, GW_S_PRICE, last), >, market (&base, GW_S_PRICE, last));
  g_assert_cmpfloat (coreweave_npv (&boom), >, coreweave_npv (&base));
  /* agents under-deliver: prices fall further, CoreWeave is worth less */
  g_assert_cmpfloat (market (&agents, GW_S_PRICE, last), <, market (&base, GW_S_PRICE, last));
  g_assert_cmpfloat (coreweave_npv (&agents), <, coreweave_npv (&base));
  /* TPUs take share: more custom silicon, less for CoreWeave */
  g_assert_cmpfloat (market (&tpu, GW_S_CUSTOM_SHARE, last), >,
                     market (&base, GW_S_CUSTOM_SHARE, last));
  g_assert_cmpfloat (coreweave_npv (&tpu), <, coreweave_npv (&base));
  /* dearer Vera Rubin: more debt, a higher LTV, a lower NPV */
  g_assert_cmpfloat (coreweave (&rubin, GW_SP_DEBT, 7), >, coreweave (&base, GW_SP_DEBT, 7));
  g_assert_cmpfloat (coreweave (&rubin, GW_SP_LTV, 7), >, coreweave (&base, GW_SP_LTV, 7));
  g_assert_cmpfloat (coreweave_npv (&rubin), <, coreweave_npv (&base));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/economics/targets", test_targets);
  g_test_add_func ("/gw/economics/first-quarter-loss", test_first_quarter_loss);
  g_test_add_func ("/gw/economics/margins", test_margins);
  g_test_add_func ("/gw/economics/price-falls", test_price_falls);
  g_test_add_func ("/gw/economics/meta-walks", test_meta_walks);
  g_test_add_func ("/gw/economics/rubin-ltv", test_rubin_ltv);
  g_test_add_func ("/gw/economics/first-quarter-dscr", test_first_quarter_dscr);
  g_test_add_func ("/gw/economics/anchor-steps-down", test_anchor_steps_down);
  g_test_add_func ("/gw/economics/variant-stories", test_variant_stories);

  return g_test_run ();
}
