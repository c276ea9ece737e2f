/* test-reference.c: the scalar reference of MODEL.md version 2 against
 * hand-computed numbers, and the CPU engine against the reference
 *
 * Part a) checks the reference itself (tests/reference/gw-ref.c): for each
 * change V1..V10 of MODEL.md section 0 a small scenario where the change
 * matters, and a few of its numbers worked out by hand in the comments.
 *
 * Part b) runs the CPU engine (gw_cpu_path) and the reference on the same
 * scenarios, on the shipped Baseline and its variants, deterministically and
 * on paths 0..n-1, and requires them to agree on every output as MODEL.md
 * section 1 defines it. A disagreement names the first output, provider,
 * quarter and path that differ, with both values. Until the engine
 * implements version 2 these comparisons fail, by design.
 *
 * Run: meson test -C _build reference --verbose, or one comparison with
 * _build/tests/test-reference -p /gw/reference/engine/baseline (every
 * output's first disagreement is logged as a "#" line).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-numeric.h"
#include "gw-ref.h"
#include "gw-test-scenario.h"

#define H 2190.0
#define Q(year, q) GW_QUARTER (year, q)

/* ---------------------------------------------------------------------- */
/* Building scenarios                                                     */
/* ---------------------------------------------------------------------- */

/* The shipped Baseline through the built-in loader; NULL, with the test
 * failed and the loader's message, where it cannot be read (a data layer
 * that does not read it yet must not stop the other tests). */
static GwScenario *
load_baseline (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  if (s == NULL)
    g_test_fail_printf ("the built-in Baseline does not load: %s", error->message);
  return s;
}

static void
set_text (char       **field,
          const char  *text)
{
  g_free (*field);
  *field = g_strdup (text);
}

static GwGeneration *
add_generation (GwScenario *s,
                const char *name,
                const char *vendor,
                int         available_from,
                double      unit_capex,
                double      kw,
                double      perf,
                double      life)
{
  GwGeneration *g = gw_scenario_add_row (s, GW_TABLE_GENERATIONS);

  set_text (&g->name, name);
  set_text (&g->vendor, vendor);
  set_text (&g->source, "test");
  g->available_from = available_from;
  g->unit_capex = gw_dist_fixed (unit_capex);
  g->capex_inflation = gw_dist_fixed (0);
  g->kw_it = gw_dist_fixed (kw);
  g->perf = gw_dist_fixed (perf);
  g->hbm_gb = gw_dist_fixed (0);
  g->life_years = gw_dist_fixed (life);
  return g;
}

static GwDeal *
add_deal (GwScenario *s,
          const char *name,
          const char *provider,
          int         signed_quarter,
          int         start,
          int         end,
          int         ramp_quarters,
          double      capacity,
          double      price)
{
  GwDeal *d = gw_scenario_add_row (s, GW_TABLE_DEALS);

  set_text (&d->name, name);
  set_text (&d->buyer, name);
  set_text (&d->provider, provider);
  set_text (&d->source, "test");
  d->enabled = TRUE;
  d->signed_quarter = signed_quarter;
  d->start = start;
  d->end = end;
  d->ramp_quarters = ramp_quarters;
  d->capacity = gw_dist_fixed (capacity);
  d->price = gw_dist_fixed (price);
  d->completion_probability = gw_dist_fixed (1);
  return d;
}

static GwScenario *
validated (GwScenario *s)
{
  g_autoptr(GError) error = NULL;

  gw_scenario_validate (s, &error);
  g_assert_no_error (error);
  return s;
}

/* The small scenario of tests/data/small.json, built here so that the
 * reference's checks do not depend on the file format: one generation G1
 * (vendor V, available 2025Q1 = t -4, $40,000, inflation 10 %/yr, 1 kW,
 * perf 1, no HBM, life 5 years), one provider P1 (12 MW, build 4 MW/quarter
 * in 2026Q2-Q3 at execution 0.5, 8,000 units of G1, debt $100M at 8 %, debt
 * share 0.6, 5-year loans, opex $300/kW-month), one deal D1 (2026Q1-Q4,
 * ramp 2, 5,000 H100e at $2.5), price_0 2, utilization_0 0.8, pue 1.2,
 * $100/MWh, availability 0.9, idle 0.3, discount rate 10 %, T = 4; the
 * version-2 fields at their neutral values. Variants "Scarce chips" (1,000
 * units a quarter) and "Uncertain" (five distributions). */
static GwScenario *
load_small (void)
{
  GwScenario *s = gw_scenario_new ();
  GwMarket *m = &s->market;
  GwProvider *p;
  GwFleet *f;
  GwBuildPlan *b;
  struct { const char *input; GwDist value; const char *variant; } overrides[] = {
    { "market.unit_supply_0", gw_dist_fixed (1000), "Scarce chips" },
    { "market.token_growth", gw_dist_triangular (1.5, 3, 6), "Uncertain" },
    { "market.demand_volatility", gw_dist_uniform (0.02, 0.2), "Uncertain" },
    { "market.price_0", gw_dist_normal (2.0, 0.3, 1.0, 3.0), "Uncertain" },
    { "deals[D1].completion_probability", gw_dist_uniform (0.7, 1), "Uncertain" },
    { "providers[P1].build_execution", gw_dist_lognormal (0.3, 0.9), "Uncertain" },
  };

  set_text (&s->info.name, "Small");
  s->info.horizon = 4;
  s->info.paths = 1000;
  s->info.seed = 42;

  add_generation (s, "G1", "V", Q (2025, 1), 40000, 1.0, 1.0, 5)->capex_inflation =
    gw_dist_fixed (0.1);

  p = gw_scenario_add_row (s, GW_TABLE_PROVIDERS);
  set_text (&p->name, "P1");
  set_text (&p->source, "test");
  p->kind = GW_PROVIDER_NEOCLOUD;
  p->power_mw = gw_dist_fixed (12);
  p->build_execution = gw_dist_fixed (0.5);
  p->debt = gw_dist_fixed (1e8);
  p->interest_rate = gw_dist_fixed (0.08);
  p->debt_share = gw_dist_fixed (0.6);
  p->loan_years = gw_dist_fixed (5);
  p->opex = gw_dist_fixed (300);

  f = gw_scenario_add_row (s, GW_TABLE_FLEET);
  set_text (&f->provider, "P1");
  set_text (&f->generation, "G1");
  f->units = gw_dist_fixed (8000);

  b = gw_scenario_add_row (s, GW_TABLE_BUILD_PLANS);
  set_text (&b->provider, "P1");
  b->from = Q (2026, 2);
  b->to = Q (2026, 3);
  b->mw_per_quarter = gw_dist_fixed (4);

  add_deal (s, "D1", "P1", GW_QUARTER_NONE, Q (2026, 1), Q (2026, 4), 2, 5000, 2.5);

  m->price_0 = gw_dist_fixed (2.0);
  m->utilization_0 = gw_dist_fixed (0.8);
  m->inference_share_0 = gw_dist_fixed (0.5);
  m->token_growth = gw_dist_fixed (3);
  m->efficiency_gain = gw_dist_fixed (1.5);
  m->growth_halving_years = gw_dist_fixed (2);
  m->demand_volatility = gw_dist_fixed (0);
  m->training_growth = gw_dist_fixed (2);
  m->training_cycle_quarters = gw_dist_fixed (8);
  m->training_amplitude = gw_dist_fixed (0.2);
  m->enterprise_max = gw_dist_fixed (0.1);
  m->enterprise_midpoint = gw_dist_fixed (4);
  m->enterprise_width = gw_dist_fixed (2);
  m->custom_share_0 = gw_dist_fixed (0.1);
  m->custom_share_max = gw_dist_fixed (0.3);
  m->custom_midpoint = gw_dist_fixed (6);
  m->custom_width = gw_dist_fixed (3);
  m->elasticity = gw_dist_fixed (1.5);
  m->price_stickiness = gw_dist_fixed (0.5);
  m->price_cap_multiple = gw_dist_fixed (3);
  m->pue = gw_dist_fixed (1.2);
  m->electricity = gw_dist_fixed (100);
  m->availability = gw_dist_fixed (0.9);
  m->idle_power_fraction = gw_dist_fixed (0.3);
  m->unit_supply_0 = gw_dist_fixed (1e6);
  m->unit_supply_growth = gw_dist_fixed (1.2);
  m->hbm_supply_0 = gw_dist_fixed (1e9);
  m->hbm_growth = gw_dist_fixed (1.5);
  m->discount_rate = gw_dist_fixed (0.1);

  for (guint v = 0; v < 2; v++)
    {
      GwVariant *variant = gw_scenario_add_row (s, GW_TABLE_VARIANTS);

      set_text (&variant->name, v == 0 ? "Scarce chips" : "Uncertain");
    }
  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    {
      GwOverride *o = gw_scenario_add_row (s, GW_TABLE_OVERRIDES);

      set_text (&o->variant, overrides[i].variant);
      set_text (&o->input, overrides[i].input);
      o->value = overrides[i].value;
    }
  return validated (s);
}


/* V1: a cheaper generation G2 (vendor W, which P1 does not buy) arrives in
 * 2026Q3 (t = 2); cost_pass_through 1. No inflation and a 0 discount rate
 * keep the levelized costs hand-sized. */
static GwScenario *
build_v1 (void)
{
  GwScenario *s = load_small ();

  gw_scenario_generation (s, 0)->capex_inflation = gw_dist_fixed (0);
  set_text (&gw_scenario_provider (s, 0)->buys, "V");
  add_generation (s, "G2", "W", Q (2026, 3), 60000, 1.5, 3, 5);
  s->market.discount_rate = gw_dist_fixed (0);
  s->market.cost_pass_through = gw_dist_fixed (1);
  return validated (s);
}

/* V2: collateral as resale value; a 0 discount rate makes V_g = 19. */
static GwScenario *
build_v2 (void)
{
  GwScenario *s = load_small ();

  s->market.discount_rate = gw_dist_fixed (0);
  return validated (s);
}

/* V3: scarce chips (1,000 units a quarter) so that the retirement at t = 0
 * shows in the fleet and the stranded power. */
static GwScenario *
build_v3 (void)
{
  GwScenario *s = load_small ();

  s->market.unit_supply_0 = gw_dist_fixed (1000);
  return validated (s);
}

/* V4: half the debt amortises, half is bullet notes. */
static GwScenario *
build_v4 (void)
{
  GwScenario *s = load_small ();

  gw_scenario_provider (s, 0)->amortizing_share = gw_dist_fixed (0.5);
  return validated (s);
}

/* V5: D1 expires after 2026Q2 (t = 1); its capacity waits 2 quarters. */
static GwScenario *
build_v5 (void)
{
  GwScenario *s = load_small ();

  s->market.relet_quarters = 2;
  gw_scenario_deal (s, 0)->end = Q (2026, 2);
  return validated (s);
}

/* V5 with a default instead of an expiry: D1 runs its full term but its
 * buyer walks away in 2026Q2. */
static GwScenario *
build_v5_default (void)
{
  GwScenario *s = load_small ();

  s->market.relet_quarters = 2;
  gw_test_add_event (s, "D1 walks", GW_EVENT_DEAL_DEFAULT, Q (2026, 2), GW_QUARTER_NONE,
             gw_dist_fixed (1), gw_dist_fixed (1), "D1");
  return validated (s);
}

/* V6: a second deal D2, signed in 2026Q3 (t = 2), runs 2026Q4-2027Q4
 * (t = 3..7, past the horizon), 1,000 H100e at $3, no ramp. */
static GwScenario *
build_v6 (void)
{
  GwScenario *s = load_small ();

  add_deal (s, "D2", "P1", Q (2026, 3), Q (2026, 4), Q (2027, 4), 1, 1000, 3);
  return validated (s);
}

/* V7: a power delay on P1 with magnitude 0.25 in 2026Q2 only, with the
 * given end (GW_QUARTER_NONE: to the horizon). */
static GwScenario *
build_v7_end (int end)
{
  GwScenario *s = load_small ();

  gw_test_add_event (s, "Delay", GW_EVENT_POWER_DELAY, Q (2026, 2), end, gw_dist_fixed (0.25),
             gw_dist_fixed (1), "P1");
  return validated (s);
}

static GwScenario *
build_v7 (void)
{
  return build_v7_end (Q (2026, 2));
}

static GwScenario *
build_v7_no_end (void)
{
  return build_v7_end (GW_QUARTER_NONE);
}

/* V8: 3 % a year on electricity and opex. */
static GwScenario *
build_v8 (void)
{
  GwScenario *s = load_small ();

  s->market.cost_inflation = gw_dist_fixed (0.03);
  return validated (s);
}

/* V10: D1's buyer walks away in the given quarter. */
static GwScenario *
build_v10_at (int quarter)
{
  GwScenario *s = load_small ();

  gw_test_add_event (s, "D1 walks", GW_EVENT_DEAL_DEFAULT, quarter, GW_QUARTER_NONE, gw_dist_fixed (1),
             gw_dist_fixed (1), "D1");
  return validated (s);
}

static GwScenario *
build_v10 (void)
{
  return build_v10_at (Q (2026, 2));
}

static GwScenario *
build_v10_t0 (void)
{
  return build_v10_at (Q (2026, 1));
}

/* Every version-2 field away from its neutral value (gw-test-scenario.c). */
static GwScenario *
build_baseline_v2 (void)
{
  return gw_test_baseline_v2 ();
}

/* ---------------------------------------------------------------------- */
/* Part a: the reference against numbers worked out by hand               */
/* ---------------------------------------------------------------------- */

static GwRefPath *
run_det (const GwScenario *s)
{
  return gw_ref_run (s, 0, TRUE);
}

/* Agreement of section 1 against a number known by hand. */
static void
check (const char *what,
       int         t,
       double      got,
       double      want)
{
  double tol = 1e-9 * MAX (1.0, MAX (fabs (got), fabs (want)));

  if (!(fabs (got - want) <= tol))
    {
      g_test_message ("%s at t = %d: reference %.17g, by hand %.17g", what, t, got, want);
      g_test_fail_printf ("%s at t = %d: reference %.17g, by hand %.17g", what, t, got, want);
    }
}

#define MKT(path, s, t) gw_ref_market ((path), GW_REF_##s, (t))
#define PRV(path, s, t) gw_ref_provider ((path), 0, GW_REF_##s, (t))

/* The cost terms shared by the hand computations: one G1 unit (1 kW IT,
 * pue 1.2) run at utilization 0.8 for a quarter uses 1.2 x 2190 x 100 / 1000
 * x (0.3 + 0.7 x 0.8) = $226.008 of electricity and 3 x 300 = $900 of opex;
 * it earns perf x 2190 x 0.9 x 0.8 = 1,576.8 H100e-h. */
#define G1_ENERGY (1.2 * H * 100 / 1000 * (0.3 + 0.7 * 0.8))
#define G1_OPEX (3 * 300.0)

/* V1: the anchor follows the frontier cost. With i = 0, CRF(20) = 1/20:
 *   lc_G1 = (40,000 / 20 + 226.008 + 900) / 1,576.8
 *         = 3,126.008 / 1,576.8 = 1.98250127...
 *   lc_G2 = (60,000 / 20 + 1.5 (226.008 + 900)) / (3 x 1,576.8)
 *         = 4,689.012 / 4,730.4 = 0.99125063... = lc_G1 / 2
 * c_ref = lc_G1; the anchor is 2 until G2 arrives at t = 2, then
 * 2 x lc_G2 / lc_G1 = 1.0, although P1 cannot buy G2. At t = 0 the market
 * clears at price_0 = 2. With cost_pass_through 0 the anchor stays 2. */
static void
test_v1_anchor (void)
{
  g_autoptr(GwScenario) s = build_v1 ();
  g_autoptr(GwRefPath) r = run_det (s);
  g_autoptr(GwRefPath) r0 = NULL;
  double lc1 = (40000.0 / 20 + G1_ENERGY + G1_OPEX) / (1 * H * 0.9 * 0.8);
  double lc2 = (60000.0 / 20 + 1.5 * (G1_ENERGY + G1_OPEX)) / (3 * H * 0.9 * 0.8);

  check ("lc_G1", 0, lc1, 3126.008 / 1576.8);
  check ("frontier cost", 0, MKT (r, FRONTIER_COST, 0), lc1);
  check ("frontier cost", 1, MKT (r, FRONTIER_COST, 1), lc1);
  check ("frontier cost", 2, MKT (r, FRONTIER_COST, 2), lc2);
  check ("frontier cost", 3, MKT (r, FRONTIER_COST, 3), lc2);
  check ("anchor", 0, MKT (r, ANCHOR, 0), 2);
  check ("anchor", 1, MKT (r, ANCHOR, 1), 2);
  check ("anchor", 2, MKT (r, ANCHOR, 2), 1.0);
  check ("anchor", 3, MKT (r, ANCHOR, 3), 1.0);
  check ("price", 0, MKT (r, PRICE, 0), 2);
  /* the cap follows the anchor: 3 x 1.0 */
  g_assert_cmpfloat (MKT (r, PRICE, 3), <=, 3.0 * (1 + 1e-12));

  s->market.cost_pass_through = gw_dist_fixed (0);
  r0 = run_det (s);
  check ("anchor, no pass-through", 3, MKT (r0, ANCHOR, 3), 2);
  check ("frontier cost, no pass-through", 3, MKT (r0, FRONTIER_COST, 3), lc2);
}

/* V2: collateral is resale value. At t = 0 P1 fills its 12 MW: 8,000 x 0.95
 * = 7,600 units survive, 2,400 are built (12 MW / 1.2 kW = 10,000 units).
 * The market clears at p = 2, utilization 0.8, so one unit earns
 *   m = 2 x 1,576.8 - (226.008 + 900) = 2,027.592 a quarter,
 * V = (1 - 0.05) / (0 + 0.05) = 19 and the collateral is
 *   10,000 x 19 x 2,027.592 = $385,242,480.
 * Debt: capex 2,400 x 40,000 x 1.1^((0 + 4) / 4) = $105.6M, 60 % borrowed:
 * 100M + 63.36M = 163.36M, less 1/20 repaid = $155,192,000; LTV = 0.40284.
 * NPV (i = 0) = sum FCF + TV - debt(3), TV = units(3) x 19 x m at the anchor
 * 2 and utilization 0.8, the same m. */
static void
test_v2_collateral (void)
{
  g_autoptr(GwScenario) s = build_v2 ();
  g_autoptr(GwRefPath) r = run_det (s);
  double m = 2 * 1576.8 - (G1_ENERGY + G1_OPEX);
  double npv = 0;

  check ("margin", 0, m, 2027.592);
  check ("collateral", 0, PRV (r, COLLATERAL, 0), 10000 * 19 * m);
  check ("collateral", 0, PRV (r, COLLATERAL, 0), 385242480);
  check ("capex", 0, PRV (r, CAPEX, 0), 105600000);
  check ("debt", 0, PRV (r, DEBT, 0), 155192000);
  check ("LTV", 0, PRV (r, LTV, 0), 155192000.0 / 385242480.0);

  for (int t = 0; t < 4; t++)
    npv += PRV (r, FCF, t);
  npv += PRV (r, FLEET_MW, 3) * 1000 / 1.2 * 19 * m - PRV (r, DEBT, 3);
  check ("NPV", 4, r->npv[0], npv);
}

/* V3: depreciation and retirement from t = 0. The initial book is
 * 8,000 x 40,000 x 0.95^2 = $288.8M (average age 4 / 2 = 2 quarters);
 * dep(0) = 288.8M x (1 - 0.95^2) = $28,158,000. The fleet retires to 7,600
 * units first, so P1 wants 2,400 units and gets 1,000: fleet MW
 * 8,600 x 1.2 / 1000 = 10.32, stranded 1,400 x 1.2 / 1000 = 1.68 MW.
 * dep(1) = (288.8M x 0.9025 + 1,000 x 44,000) x 0.0975 = $29,702,595. */
static void
test_v3_depreciation (void)
{
  g_autoptr(GwScenario) s = build_v3 ();
  g_autoptr(GwRefPath) r = run_det (s);

  check ("depreciation", 0, PRV (r, DEPRECIATION, 0), 28158000);
  check ("fleet MW", 0, PRV (r, FLEET_MW, 0), 10.32);
  check ("stranded MW", 0, MKT (r, STRANDED_MW, 0), 1.68);
  check ("capex", 0, PRV (r, CAPEX, 0), 44000000);
  check ("depreciation", 1, PRV (r, DEPRECIATION, 1), 29702595);
}

/* V4: amortizing_share 0.5. Debt before repayment at t = 0 is $163.36M
 * (see V2): interest 163.36M x 0.08 / 4 = $3,267,200, principal
 * 0.5 x 163.36M / 20 = $4,084,000, debt $159,276,000. With the neutral
 * share 1 the principal is $8,168,000. */
static void
test_v4_amortizing (void)
{
  g_autoptr(GwScenario) s = build_v4 ();
  g_autoptr(GwScenario) neutral = load_small ();
  g_autoptr(GwRefPath) r = run_det (s);
  g_autoptr(GwRefPath) r1 = run_det (neutral);

  check ("interest", 0, PRV (r, INTEREST, 0), 3267200);
  check ("principal", 0, PRV (r, PRINCIPAL, 0), 4084000);
  check ("debt", 0, PRV (r, DEBT, 0), 159276000);
  check ("DSCR", 0, PRV (r, DSCR, 0), PRV (r, EBITDA, 0) / (3267200 + 4084000));
  check ("principal, share 1", 0, PRV (r1, PRINCIPAL, 0), 8168000);
}

/* V5: relet_quarters 2. D1 (ramp 2) expires after t = 1, so sigma = 2 and
 * it frees its last hours h = 5,000 x ramp(1) x 2,190 x 0.9 = 9,855,000
 * H100e-h, vacant at t = 2 and 3. Defaulting at t = 1 instead, it frees
 * 5,000 x ramp(0) x 1,971 = 4,927,500, vacant at t = 1 and 2. */
static void
test_v5_relet (void)
{
  g_autoptr(GwScenario) s = build_v5 ();
  g_autoptr(GwScenario) sd = build_v5_default ();
  g_autoptr(GwRefPath) r = run_det (s);
  g_autoptr(GwRefPath) rd = run_det (sd);
  g_autoptr(GwRefPath) r0 = NULL;
  const double vacant[] = { 0, 0, 9855000, 9855000 };
  const double vacant_d[] = { 0, 4927500, 4927500, 0 };

  for (int t = 0; t < 4; t++)
    {
      check ("vacant hours (expiry)", t, PRV (r, VACANT_HOURS, t), vacant[t]);
      check ("vacant hours (default)", t, PRV (rd, VACANT_HOURS, t), vacant_d[t]);
    }
  /* the vacant hours earn nothing: spot hours <= S - vacant */
  g_assert_cmpfloat (PRV (r, SPOT_REVENUE, 2) / MKT (r, PRICE, 2), <=,
                     (MKT (r, SUPPLY, 2) - 9855000) * (1 + 1e-12));

  s->market.relet_quarters = 0;
  r0 = run_det (s);
  check ("vacant hours, relet 0", 2, PRV (r0, VACANT_HOURS, 2), 0);
}

/* V6: backlog counts D2 from its signing quarter t = 2. D1 bills
 * 5,000 x 2,190 x 0.9 x 2.5 = $24,637,500 a quarter at full ramp (t >= 1),
 * D2 1,000 x 1,971 x 3 = $5,913,000 (t = 3..7):
 *   backlog(0) = 3 x 24.6375M = 73,912,500      (D2 not signed)
 *   backlog(1) = 2 x 24.6375M = 49,275,000      (D2 not signed)
 *   backlog(2) = 24.6375M + 5 x 5.913M = 54,202,500
 *   backlog(3) = 4 x 5.913M = 23,652,000. */
static void
test_v6_signed (void)
{
  g_autoptr(GwScenario) s = build_v6 ();
  g_autoptr(GwRefPath) r = run_det (s);
  const double backlog[] = { 73912500, 49275000, 54202500, 23652000 };

  for (int t = 0; t < 4; t++)
    check ("backlog", t, PRV (r, BACKLOG, t), backlog[t]);
}

/* V7: the plan adds 4 x 0.5 = 2 MW at t = 1 and 2; chips are plentiful, so
 * the fleet fills the power each quarter (fleet MW = power). A delay of
 * magnitude 0.25 at t = 1 lets 0.5 MW through and withholds 1.5 MW:
 *   end 2026Q2: the 1.5 MW come at t = 2: 12, 12.5, 16, 16;
 *   no end: the delay acts at t = 1..3, loses 1.5 MW twice: 12, 12.5, 13, 13;
 *   end 2026Q3: 3 MW come at t = 3: 12, 12.5, 13, 16;
 *   end 2026Q4 = T - 1: lost: 12, 12.5, 13, 13. */
static void
test_v7_power_delay (void)
{
  struct { int end; double mw[4]; } cases[] = {
    { Q (2026, 2), { 12, 12.5, 16, 16 } },
    { GW_QUARTER_NONE, { 12, 12.5, 13, 13 } },
    { Q (2026, 3), { 12, 12.5, 13, 16 } },
    { Q (2026, 4), { 12, 12.5, 13, 13 } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GwScenario) s = build_v7_end (cases[c].end);
      g_autoptr(GwRefPath) r = run_det (s);

      for (int t = 0; t < 4; t++)
        check ("fleet MW", t, PRV (r, FLEET_MW, t), cases[c].mw[t]);
    }
}

/* V8: cost inflation 3 %. The floor of a one-generation market does not
 * depend on its size: kw (pue elec / 1000 + 3 opex / H) / (availability perf)
 * = (0.12 + 900 / 2190) / 0.9 = 0.58995434 at t = 0, x 1.03^(2/4) at t = 2.
 * Prices, demand and revenue do not move (the floor does not bind and the
 * anchor ignores costs with cost_pass_through 0), so revenue - EBITDA =
 * energy + opex grows by exactly 1.03^(t/4). */
static void
test_v8_cost_inflation (void)
{
  g_autoptr(GwScenario) s = build_v8 ();
  g_autoptr(GwScenario) base = load_small ();
  g_autoptr(GwRefPath) r = run_det (s);
  g_autoptr(GwRefPath) r0 = run_det (base);
  double floor_0 = (1.2 * 100 / 1000 + 3 * 300 / H) / 0.9;

  check ("floor", 0, MKT (r, FLOOR, 0), floor_0);
  check ("floor", 2, MKT (r, FLOOR, 2), pow (1.03, 0.5) * floor_0);
  check ("floor", 3, MKT (r, FLOOR, 3), pow (1.03, 0.75) * 0.58995433789954337);
  for (int t = 0; t < 4; t++)
    {
      check ("revenue", t, PRV (r, REVENUE, t), PRV (r0, REVENUE, t));
      check ("energy + opex", t, PRV (r, REVENUE, t) - PRV (r, EBITDA, t),
             pow (1.03, t / 4.0) * (PRV (r0, REVENUE, t) - PRV (r0, EBITDA, t)));
    }
}

/* V9: the new outputs hang together, and the frontier cost of the small
 * scenario at t = 0 by hand: i = 1.1^(1/4) - 1 = 0.0241137, CRF(20) =
 * i / (1 - 1.1^-5) = 0.0636113; a G1 bought at t = 0 costs 40,000 x 1.1:
 *   c(0) = (44,000 x 0.0636113 + 226.008 + 900) / 1,576.8 = 2.48915867. */
static void
test_v9_outputs (void)
{
  g_autoptr(GwScenario) s = load_small ();
  g_autoptr(GwRefPath) r = run_det (s);
  double i = pow (1.1, 0.25) - 1, crf = i / (1 - pow (1.1, -5));

  check ("frontier cost", 0, MKT (r, FRONTIER_COST, 0),
         (44000 * crf + G1_ENERGY + G1_OPEX) / 1576.8);
  check ("frontier cost", 0, MKT (r, FRONTIER_COST, 0), 2.489158669827195);
  check ("interest", 0, PRV (r, INTEREST, 0), 3267200);
  check ("principal", 0, PRV (r, PRINCIPAL, 0), 8168000);
  for (int t = 0; t < 4; t++)
    {
      double ebitda = PRV (r, EBITDA, t), capex = PRV (r, CAPEX, t);
      double interest = PRV (r, INTEREST, t), principal = PRV (r, PRINCIPAL, t);

      check ("FCF", t, PRV (r, FCF, t), ebitda - capex + 0.6 * capex - interest - principal);
      check ("net income", t, PRV (r, NET_INCOME, t),
             ebitda - PRV (r, DEPRECIATION, t) - interest);
      check ("DSCR", t, PRV (r, DSCR, t), ebitda / (interest + principal));
      check ("LTV", t, PRV (r, LTV, t), PRV (r, DEBT, t) / PRV (r, COLLATERAL, t));
      check ("revenue", t, PRV (r, REVENUE, t),
             PRV (r, CONTRACT_REVENUE, t) + PRV (r, SPOT_REVENUE, t));
      check ("vacant hours", t, PRV (r, VACANT_HOURS, t), 0);
    }
}

/* V10: D1's buyer walks away at t = 1 and takes its demand along.
 * - D1 bills only at t = 0: 5,000 x 0.5 x 1,971 x 2.5 = $12,318,750; its stop
 *   quarter 1 <= 0 + 1 leaves it out of the backlog at t = 0.
 * - At t = 1 supply, p_prev and the anchor 2 are those of the scenario
 *   without the default, and D = D_ref (p / 2)^-1.5 in both (demand is
 *   above the contracts), so D_ref = D (p / 2)^1.5 falls by D1's hours,
 *   5,000 x 1 x 1,971 = 9,855,000 H100e-h.
 * - Walking away at t = 0 instead: S = 10,000 x 1,971 = 19,710,000,
 *   D_0 = 0.8 S = 15,768,000, lost 4,927,500; p* = 2 (10,840,500 /
 *   15,768,000)^(1 / 1.5) and p = exp(0.5 ln 2 + 0.5 ln p*). */
static void
test_v10_deal_default (void)
{
  g_autoptr(GwScenario) s = build_v10 ();
  g_autoptr(GwScenario) base = load_small ();
  g_autoptr(GwScenario) s0 = build_v10_at (Q (2026, 1));
  g_autoptr(GwRefPath) r = run_det (s);
  g_autoptr(GwRefPath) rb = run_det (base);
  g_autoptr(GwRefPath) r0 = run_det (s0);
  double d_ref, d_ref_base, p_star;

  check ("contract revenue", 0, PRV (r, CONTRACT_REVENUE, 0), 12318750);
  for (int t = 1; t < 4; t++)
    check ("contract revenue", t, PRV (r, CONTRACT_REVENUE, t), 0);
  check ("backlog", 0, PRV (r, BACKLOG, 0), 0);
  g_assert_cmpint (r->default_quarter[0], ==, 1);

  check ("supply", 1, MKT (r, SUPPLY, 1), MKT (rb, SUPPLY, 1));
  d_ref = MKT (r, DEMAND, 1) * pow (MKT (r, PRICE, 1) / 2, 1.5);
  d_ref_base = MKT (rb, DEMAND, 1) * pow (MKT (rb, PRICE, 1) / 2, 1.5);
  check ("lost demand", 1, d_ref_base - d_ref, 9855000);

  p_star = 2 * pow (10840500.0 / 15768000.0, 1 / 1.5);
  check ("supply", 0, MKT (r0, SUPPLY, 0), 19710000);
  check ("price", 0, MKT (r0, PRICE, 0), exp (0.5 * log (2) + 0.5 * log (p_star)));
}

/* Section 3 by hand: on path 5 of the Baseline every slot outside the
 * copula is the inverse CDF of u = (word + 0.5) / 2^32 with the counter
 * (5, 0, k / 4, 0), which also checks that the reference walks the slots
 * in gw_scenario_slots()' order. */
static void
test_stream_inputs (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GwCopula) copula = NULL;
  g_autoptr(GwRefPath) r = NULL;
  guint32 key[2];

  if (s == NULL)
    return;
  slots = gw_scenario_slots (s);
  copula = gw_scenario_copula (s, NULL);
  r = gw_ref_run (s, 5, FALSE);
  key[0] = (guint32) s->info.seed;
  key[1] = (guint32) (s->info.seed >> 32);
  g_assert_cmpuint (r->K, ==, slots->len);
  g_assert_cmpuint (r->K, ==, gw_scenario_n_slots (s));
  g_assert_cmpuint (copula->n, >, 0);
  for (guint k = 0; k < slots->len; k++)
    {
      GwDist dist = gw_scenario_slot_dist (s, &g_array_index (slots, GwSlot, k));
      gboolean correlated = FALSE;
      guint32 ctr[4] = { 5, 0, k / 4, 0 }, out[4];

      for (guint c = 0; c < copula->n; c++)
        correlated |= copula->slots[c] == k;
      if (correlated)
        continue;
      gw_philox4x32_10 (ctr, key, out);
      check ("sampled input", k, r->x[k], gw_dist_icdf (&dist, gw_u01 (out[k % 4])));
    }
}

/* Section 3 by hand: on the small scenario's "Uncertain" variant D1
 * (completion c ~ U(0.7, 1), n = 4 quarters left) defaults at
 * floor(ln u / ln c^(1/4)) with u word 0 of the counter (path, 1, 0, 0). */
static void
test_stream_defaults (void)
{
  g_autoptr(GwScenario) small = load_small ();
  g_autoptr(GwScenario) uncertain = gw_scenario_resolve (small, "Uncertain", NULL);
  g_autoptr(GArray) slots = gw_scenario_slots (uncertain);
  guint32 key[2] = { (guint32) uncertain->info.seed, (guint32) (uncertain->info.seed >> 32) };
  guint n_defaults = 0;
  int k_cp = -1;

  for (guint k = 0; k < slots->len; k++)
    {
      const GwSlot *slot = &g_array_index (slots, GwSlot, k);

      if (slot->table == GW_TABLE_DEALS &&
          slot->field == gw_table_find_field (GW_TABLE_DEALS, "completion_probability"))
        k_cp = k;
    }
  g_assert_cmpint (k_cp, >=, 0);
  for (guint32 path = 0; path < 200; path++)
    {
      g_autoptr(GwRefPath) p = gw_ref_run (uncertain, path, FALSE);
      guint32 ctr[4] = { path, 1, 0, 0 }, out[4];
      double want;

      gw_philox4x32_10 (ctr, key, out);
      want = floor (log (gw_u01 (out[0])) / log (pow (p->x[k_cp], 1.0 / 4)));
      g_assert_cmpint (p->default_quarter[0], ==, (int) MIN (want, 1e6));
      n_defaults += p->default_quarter[0] < 4;
    }
  /* P(default within the term) = 1 - c, c ~ U(0.7, 1): 15 % of 200 */
  g_assert_cmpuint (n_defaults, >, 10);
  g_assert_cmpuint (n_defaults, <, 60);
}

/* ---------------------------------------------------------------------- */
/* Part b: the engine against the reference                              */
/* ---------------------------------------------------------------------- */

/* One compared number: a sampled input, a series at a quarter, or a
 * scalar. */
typedef struct
{
  char *name;
  int   provider;           /* -1 for the market */
  int   t;                  /* -1 for a scalar or an input */
  int   ref_series;         /* GwRefMarket or GwRefProvider; -1 otherwise */
  int   engine_col;         /* column in gw_cpu_path's series, scalars or inputs */
  int   where;              /* 0 input, 1 series, 2 scalar */
  int   scalar;             /* for scalars: which one (see fill_reference) */
  gboolean exact;           /* first_dscr_below_1: an integer */
} Column;

enum { WHERE_INPUT, WHERE_SERIES, WHERE_SCALAR };
enum { SC_PRICE_HORIZON, SC_CUM_SHORTAGE, SC_NPV, SC_MIN_DSCR, SC_FIRST_BELOW };

/* The engine's series for each of the reference's (compute/gw-path.h). */
static const int engine_market[GW_REF_N_MARKET] = {
  [GW_REF_PRICE] = GW_S_PRICE,
  [GW_REF_ANCHOR] = GW_S_ANCHOR,
  [GW_REF_FRONTIER_COST] = GW_S_FRONTIER_COST,
  [GW_REF_SUPPLY] = GW_S_SUPPLY,
  [GW_REF_DEMAND] = GW_S_DEMAND,
  [GW_REF_UTILIZATION] = GW_S_UTILIZATION,
  [GW_REF_SHORTAGE] = GW_S_SHORTAGE,
  [GW_REF_CUSTOM_SHARE] = GW_S_CUSTOM_SHARE,
  [GW_REF_FLOOR] = GW_S_FLOOR,
  [GW_REF_STRANDED_MW] = GW_S_STRANDED_MW,
};

static const int engine_provider[GW_REF_N_PROVIDER] = {
  [GW_REF_REVENUE] = GW_SP_REVENUE,
  [GW_REF_CONTRACT_REVENUE] = GW_SP_CONTRACT_REVENUE,
  [GW_REF_SPOT_REVENUE] = GW_SP_SPOT_REVENUE,
  [GW_REF_EBITDA] = GW_SP_EBITDA,
  [GW_REF_NET_INCOME] = GW_SP_NET_INCOME,
  [GW_REF_DEPRECIATION] = GW_SP_DEPRECIATION,
  [GW_REF_INTEREST] = GW_SP_INTEREST,
  [GW_REF_PRINCIPAL] = GW_SP_PRINCIPAL,
  [GW_REF_FCF] = GW_SP_FCF,
  [GW_REF_CAPEX] = GW_SP_CAPEX,
  [GW_REF_DEBT] = GW_SP_DEBT,
  [GW_REF_DSCR] = GW_SP_DSCR,
  [GW_REF_COLLATERAL] = GW_SP_COLLATERAL,
  [GW_REF_LTV] = GW_SP_LTV,
  [GW_REF_BACKLOG] = GW_SP_BACKLOG,
  [GW_REF_VACANT_HOURS] = GW_SP_VACANT_HOURS,
  [GW_REF_FLEET_MW] = GW_SP_FLEET_MW,
};

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
}

static void
add_column (GArray     *cols,
            const char *name,
            int         provider,
            int         t,
            int         where,
            int         ref_series,
            int         engine_col,
            int         scalar)
{
  Column c = { g_strdup (name), provider, t, ref_series, engine_col, where, scalar,
               scalar == SC_FIRST_BELOW && where == WHERE_SCALAR };

  g_array_append_val (cols, c);
}

/* Every compared number, upstream first: the sampled inputs (less a deal's
 * derived field, whose slot is unused), then each quarter's market and
 * provider series, then the scalars. */
static GArray *
make_columns (const GwPlan *plan)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (Column));
  const GwScenario *s = plan->scenario;
  guint T = plan->T;

  g_array_set_clear_func (cols, column_clear);
  for (guint k = 0; k < plan->K; k++)
    {
      const GwSlot *slot = &g_array_index (plan->slots, GwSlot, k);
      g_autofree char *path = gw_scenario_slot_path (s, slot);

      if (slot->table == GW_TABLE_DEALS &&
          slot->field == gw_deal_derived_field (gw_scenario_deal (s, slot->row)))
        continue;
      add_column (cols, path, -1, -1, WHERE_INPUT, -1, k, -1);
    }
  for (guint t = 0; t < T; t++)
    {
      for (int m = 0; m < GW_REF_N_MARKET; m++)
        add_column (cols, gw_ref_market_name (m), -1, t, WHERE_SERIES, m,
                    engine_market[m] * T + t, -1);
      for (guint j = 0; j < plan->P; j++)
        for (int f = 0; f < GW_REF_N_PROVIDER; f++)
          add_column (cols, gw_ref_provider_name (f), j, t, WHERE_SERIES, f,
                      (GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j + engine_provider[f]) * T + t,
                      -1);
    }
  add_column (cols, "price_horizon", -1, -1, WHERE_SCALAR, -1, GW_X_PRICE_HORIZON,
              SC_PRICE_HORIZON);
  add_column (cols, "cumulative_shortage", -1, -1, WHERE_SCALAR, -1, GW_X_CUM_SHORTAGE,
              SC_CUM_SHORTAGE);
  for (guint j = 0; j < plan->P; j++)
    {
      int base = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * j;

      add_column (cols, "npv", j, -1, WHERE_SCALAR, -1, base + GW_XP_NPV, SC_NPV);
      add_column (cols, "min_dscr", j, -1, WHERE_SCALAR, -1, base + GW_XP_MIN_DSCR, SC_MIN_DSCR);
      add_column (cols, "first_dscr_below_1", j, -1, WHERE_SCALAR, -1,
                  base + GW_XP_FIRST_DSCR_BELOW, SC_FIRST_BELOW);
    }
  return cols;
}

static void
fill_engine (const GwPlan *plan,
             const GArray *cols,
             guint32       path,
             gboolean      deterministic,
             double       *row)
{
  g_autofree double *series = g_new0 (double, plan->n_cols);
  g_autofree double *scalars = g_new0 (double, plan->n_scalars);
  g_autofree double *inputs = g_new0 (double, MAX (plan->K, 1));

  gw_cpu_path (plan, path, deterministic, -1, 0, series, scalars, inputs);
  for (guint c = 0; c < cols->len; c++)
    {
      const Column *col = &g_array_index (cols, Column, c);

      row[c] = col->where == WHERE_INPUT ? inputs[col->engine_col]
               : col->where == WHERE_SERIES ? series[col->engine_col]
               : scalars[col->engine_col];
    }
}

static void
fill_reference (const GwRefPath *r,
                const GArray    *cols,
                double          *row)
{
  for (guint c = 0; c < cols->len; c++)
    {
      const Column *col = &g_array_index (cols, Column, c);

      if (col->where == WHERE_INPUT)
        row[c] = r->x[col->engine_col];
      else if (col->where == WHERE_SERIES && col->provider < 0)
        row[c] = gw_ref_market (r, col->ref_series, col->t);
      else if (col->where == WHERE_SERIES)
        row[c] = gw_ref_provider (r, col->provider, col->ref_series, col->t);
      else
        switch (col->scalar)
          {
          case SC_PRICE_HORIZON:
            row[c] = r->price_horizon;
            break;
          case SC_CUM_SHORTAGE:
            row[c] = r->cumulative_shortage;
            break;
          case SC_NPV:
            row[c] = r->npv[col->provider];
            break;
          case SC_MIN_DSCR:
            row[c] = r->min_dscr[col->provider];
            break;
          default:
            row[c] = r->first_dscr_below_1[col->provider];
            break;
          }
    }
}

static char *
describe (const GwPlan *plan,
          const Column *col)
{
  g_autofree char *who = col->provider >= 0
    ? g_strdup_printf (" of %s", gw_scenario_provider (plan->scenario, col->provider)->name)
    : g_strdup ("");
  g_autofree char *when = col->t >= 0 ? g_strdup_printf (" at t = %d", col->t) : g_strdup ("");

  return g_strdup_printf ("%s%s%s%s", col->where == WHERE_INPUT ? "input " : "", col->name, who,
                          when);
}

/* MODEL.md section 1 over a run of n paths: |a - b| <= 1e-9 max(1, |a|,
 * |b|, s), s the largest |value| of that output and quarter over the
 * paths (of either engine). Logs the first disagreement of every output
 * (paths in order, then inputs, then quarters, then scalars) and returns
 * the first of all with the count, or NULL where everything agrees. */
static char *
compare_values (const GwPlan *plan,
                const GArray *cols,
                const char   *what,
                guint         n_paths,
                const double *engine,
                const double *reference)
{
  guint n_cols = cols->len, n_bad = 0;
  g_autofree double *scale = g_new0 (double, n_cols);
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *first = NULL;

  for (guint i = 0; i < n_paths; i++)
    for (guint c = 0; c < n_cols; c++)
      scale[c] = MAX (scale[c], MAX (fabs (engine[i * n_cols + c]),
                                     fabs (reference[i * n_cols + c])));

  for (guint i = 0; i < n_paths; i++)
    for (guint c = 0; c < n_cols; c++)
      {
        const Column *col = &g_array_index (cols, Column, c);
        double a = engine[i * n_cols + c], b = reference[i * n_cols + c];
        double tol = col->exact ? 0 : 1e-9 * MAX (MAX (1.0, scale[c]), MAX (fabs (a), fabs (b)));
        g_autofree char *where = NULL;
        g_autofree char *which = NULL;

        if (fabs (a - b) <= tol)
          continue;
        n_bad++;
        if (g_hash_table_contains (named, col->name) && first != NULL)
          continue;
        g_hash_table_add (named, col->name);
        where = describe (plan, col);
        which = n_paths > 1 ? g_strdup_printf (", path %u", i) : g_strdup ("");
        g_test_message ("%s%s: %s: engine %.17g, reference %.17g (difference %.3g, "
                        "tolerance %.3g)", what, which, where, a, b, a - b, tol);
        if (first == NULL)
          first = g_strdup_printf ("%s%s: %s: engine %.17g, reference %.17g", what, which, where,
                                   a, b);
      }
  if (first == NULL)
    return NULL;
  return g_strdup_printf ("%u of %u numbers disagree; the first: %s", n_bad, n_paths * n_cols,
                          first);
}

/**
 * compare_engine:
 * @scenario: a scenario (its variants are resolved here)
 * @variant: (nullable): the variant to run
 * @seed: the seed of the run, 0 to keep the scenario's
 * @n_paths: random paths 0 .. n_paths - 1, after the deterministic run
 *
 * Runs the CPU engine (gw_cpu_path) and the reference on the deterministic
 * path and on @n_paths random paths and fails the test on the first
 * number, of every input, series, quarter and scalar, where they disagree.
 */
static void
compare_engine (const GwScenario *scenario,
                const char       *variant,
                guint64           seed,
                guint             n_paths)
{
  g_autofree char *det_failure = NULL;
  g_autofree char *failure = NULL;
  g_autoptr(GwScenario) copy = gw_scenario_copy (scenario);
  g_autoptr(GwScenario) resolved = NULL;
  g_autoptr(GwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cols = NULL;
  g_autofree double *engine = NULL;
  g_autofree double *reference = NULL;
  g_autofree char *label = g_strdup_printf ("%s%s%s", scenario->info.name,
                                            variant != NULL ? ", variant " : "",
                                            variant != NULL ? variant : "");
  g_autofree char *det_label = g_strdup_printf ("%s, deterministic run", label);

  if (seed != 0)
    copy->info.seed = seed;
  plan = gw_plan_new (copy, variant, &error);
  g_assert_no_error (error);
  resolved = gw_scenario_resolve (copy, variant, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GwRefPath) probe = gw_ref_run (resolved, 0, TRUE);

    if (plan->n_series != GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * plan->P ||
        probe->K != plan->K || probe->P != plan->P || probe->T != (int) plan->T)
      {
        g_test_fail_printf ("%s: the engine's layout (K %u, P %u, T %u, %u series) is not the "
                            "reference's (K %u, P %u, T %d)", label, plan->K, plan->P, plan->T,
                            plan->n_series, probe->K, probe->P, probe->T);
        return;
      }
  }

  cols = make_columns (plan);
  engine = g_new0 (double, (gsize) cols->len * MAX (n_paths, 1));
  reference = g_new0 (double, (gsize) cols->len * MAX (n_paths, 1));

  {
    g_autoptr(GwRefPath) r = gw_ref_run (resolved, 0, TRUE);

    fill_engine (plan, cols, 0, TRUE, engine);
    fill_reference (r, cols, reference);
    det_failure = compare_values (plan, cols, det_label, 1, engine, reference);
  }

  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr(GwRefPath) r = gw_ref_run (resolved, i, FALSE);

      fill_engine (plan, cols, i, FALSE, engine + (gsize) i * cols->len);
      fill_reference (r, cols, reference + (gsize) i * cols->len);
    }
  failure = compare_values (plan, cols, label, n_paths, engine, reference);

  /* the deterministic run's first disagreement is the easier to debug */
  if (det_failure != NULL)
    g_test_fail_printf ("%s", det_failure);
  else if (failure != NULL)
    g_test_fail_printf ("%s", failure);
}

/* The comparisons, one test each so that every one reports. */

typedef GwScenario *(*BuildFunc) (void);

typedef struct
{
  const char *path;
  BuildFunc   build;
  const char *variant;
  guint64     seed;
  guint       n_paths;
} Comparison;

static GwScenario *
build_small (void)
{
  return load_small ();
}

static const Comparison comparisons[] = {
  { "/gw/reference/engine/small", build_small, NULL, 0, 16 },
  { "/gw/reference/engine/small-scarce-chips", build_small, "Scarce chips", 0, 16 },
  { "/gw/reference/engine/small-uncertain", build_small, "Uncertain", 0, 256 },
  { "/gw/reference/engine/v1-anchor", build_v1, NULL, 0, 16 },
  { "/gw/reference/engine/v2-collateral", build_v2, NULL, 0, 16 },
  { "/gw/reference/engine/v3-depreciation", build_v3, NULL, 0, 16 },
  { "/gw/reference/engine/v4-amortizing", build_v4, NULL, 0, 16 },
  { "/gw/reference/engine/v5-relet", build_v5, NULL, 0, 16 },
  { "/gw/reference/engine/v5-relet-default", build_v5_default, NULL, 0, 16 },
  { "/gw/reference/engine/v6-signed", build_v6, NULL, 0, 16 },
  { "/gw/reference/engine/v7-power-delay", build_v7, NULL, 0, 16 },
  { "/gw/reference/engine/v7-power-delay-no-end", build_v7_no_end, NULL, 0, 16 },
  { "/gw/reference/engine/v8-cost-inflation", build_v8, NULL, 0, 16 },
  { "/gw/reference/engine/v10-deal-default", build_v10, NULL, 0, 16 },
  { "/gw/reference/engine/v10-deal-default-t0", build_v10_t0, NULL, 0, 16 },
  { "/gw/reference/engine/baseline", load_baseline, NULL, 0, 64 },
  /* a seed with both halves set, for the Philox key */
  { "/gw/reference/engine/baseline-seed", load_baseline, NULL,
    G_GUINT64_CONSTANT (0xfedcba9876543210), 64 },
  { "/gw/reference/engine/baseline/Baseline", load_baseline, "Baseline", 0, 64 },
  { "/gw/reference/engine/baseline/Inference boom", load_baseline, "Inference boom", 0, 64 },
  { "/gw/reference/engine/baseline/Agents under-deliver", load_baseline, "Agents under-deliver",
    0, 64 },
  { "/gw/reference/engine/baseline/TPU beachhead", load_baseline, "TPU beachhead", 0, 64 },
  { "/gw/reference/engine/baseline/Rubin cost squeeze", load_baseline, "Rubin cost squeeze", 0,
    64 },
  { "/gw/reference/engine/baseline-v2", build_baseline_v2, NULL, 0, 128 },
};

static void
test_compare (gconstpointer data)
{
  const Comparison *c = data;
  g_autoptr(GwScenario) s = c->build ();

  if (s == NULL)
    return;
  /* name the scenario after the test, so that a message says which */
  set_text (&s->info.name, strrchr (c->path, '/') + 1);
  compare_engine (s, c->variant, c->seed, c->n_paths);
}

/* The shipped Baseline's variants are exactly those compared above. */
static void
test_baseline_variants (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  guint n = 0;

  if (s == NULL)
    return;
  for (guint v = 0; v < gw_scenario_n_rows (s, GW_TABLE_VARIANTS); v++)
    {
      const char *name = gw_scenario_variant (s, v)->name;
      gboolean found = FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (comparisons); c++)
        found |= g_strcmp0 (comparisons[c].variant, name) == 0 &&
                 comparisons[c].build == load_baseline;
      if (!found)
        g_test_fail_printf ("the Baseline's variant “%s” is not compared", name);
      n++;
    }
  g_assert_cmpuint (n, ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/reference/v1-anchor", test_v1_anchor);
  g_test_add_func ("/gw/reference/v2-collateral", test_v2_collateral);
  g_test_add_func ("/gw/reference/v3-depreciation", test_v3_depreciation);
  g_test_add_func ("/gw/reference/v4-amortizing", test_v4_amortizing);
  g_test_add_func ("/gw/reference/v5-relet", test_v5_relet);
  g_test_add_func ("/gw/reference/v6-signed", test_v6_signed);
  g_test_add_func ("/gw/reference/v7-power-delay", test_v7_power_delay);
  g_test_add_func ("/gw/reference/v8-cost-inflation", test_v8_cost_inflation);
  g_test_add_func ("/gw/reference/v9-outputs", test_v9_outputs);
  g_test_add_func ("/gw/reference/v10-deal-default", test_v10_deal_default);
  g_test_add_func ("/gw/reference/stream-inputs", test_stream_inputs);
  g_test_add_func ("/gw/reference/stream-defaults", test_stream_defaults);
  g_test_add_func ("/gw/reference/baseline-variants", test_baseline_variants);

  for (guint c = 0; c < G_N_ELEMENTS (comparisons); c++)
    g_test_add_data_func (comparisons[c].path, &comparisons[c], test_compare);

  return g_test_run ();
}
