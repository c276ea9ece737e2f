/* test-engine.c: the CPU reference engine against hand-computed numbers,
 * and its statistics, streams, threads and async API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#ifdef __linux__
#include <sys/resource.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif
#endif

#include <float.h>
#include <math.h>
#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-explore.h"
#include "gw-engine.h"
#include "gw-cpu-sim.h"
#include "gw-cpu-engine.h"
#include "gw-debug.h"
#include "gw-json.h"

#define H 2190.0

static GwScenario *
load_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "small.json", NULL);
  GwScenario *s = gw_json_load (path, &error);

  g_assert_no_error (error);
  return s;
}

/* MODEL.md section 1: two numbers agree when
 * |a - b| <= 1e-9 max (1, |a|, |b|). */
static void
assert_agree (const char *what,
              int         t,
              double      engine,
              double      expected)
{
  double tol = 1e-9 * MAX (1.0, MAX (fabs (engine), fabs (expected)));

  if (!(fabs (engine - expected) <= tol))
    g_error ("%s at t = %d: engine %.17g, expected %.17g", what, t, engine, expected);
}

static double
rise (double t,
      double mid,
      double w)
{
  double l0 = 1 / (1 + exp (mid / w));

  return (1 / (1 + exp (-(t - mid) / w)) - l0) / (1 - l0);
}

static double
ramp (int t,
      int start,
      int rq)
{
  return MIN (1.0, (double) (t - start + 1) / rq);
}

/* Every output of the small scenario (one generation, one provider, one
 * deal, four quarters), written out from MODEL.md section 4 (version 2)
 * with the scenario's numbers, independently of gw-path.h. */
static void
check_small (const char *variant,
             double      unit_supply_0)
{
  g_autoptr(GwScenario) s = load_small ();
  g_autoptr(GError) error = NULL;
  GwPlan *plan = gw_plan_new (s, variant, &error);
  g_autofree double *series = NULL;
  g_autofree double *scalars = NULL;
  const int T = 4;
  /* inputs */
  const double capex0 = 40000, infl = 0.1, kw = 1.0, perf = 1.0, r = 1.0 / 20, pue = 1.2;
  const double exec = 0.5, rate = 0.08, share = 0.6, loan = 5, opex_kwm = 300, amort = 0.6;
  const double cap_units = 5000, dprice = 2.5, avail = 0.9, p0 = 2.0, u0 = 0.8;
  const double elec = 100, idle = 0.3, e = 1.5, stick = 0.5, disc = 0.1, cpt = 0.7, ci = 0.04;
  /* the quarter's rate, the capital recovery factor of a 20-quarter life
   * and the value of 1 a quarter from the next quarter on */
  const double i = pow (1 + disc, 0.25) - 1;
  const double crf = i / -expm1 (-20 * log1p (i));
  const double v_g = (1 - r) / (i + r);
  double fleet = 8000, book = 8000 * capex0 * pow (1 - r, 2.0);
  double debt = 1e8, power = 12, p_prev = p0, ln_tau = 0, ln_eff = 0, c_ref = 0;
  double d0 = 0, i0 = 0, tr0 = 0, npv = 0, min_dscr = INFINITY, cum_short = 0;
  int first_below = -1;

  g_assert_no_error (error);
  g_assert_cmpuint (plan->P, ==, 1);
  g_assert_cmpuint (plan->n_series, ==, GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES);
  series = g_new (double, plan->n_cols);
  scalars = g_new (double, plan->n_scalars);
  gw_cpu_path (plan, 0, TRUE, -1, 0, series, scalars, NULL);

#define SERIES(idx, t) series[(idx) * T + (t)]
#define PSERIES(f, t) SERIES (GW_N_MARKET_SERIES + (f), t)

  for (int t = 0; t < T; t++)
    {
      double dep, used, head, want, units_cap, scale, nu, stranded, capex, S, C, delivered;
      double billed, g_tok, g_eff, I, Tr, E, share_c, d_ref, floor_p, p_star, p, D, used_h;
      double shortage, spot_util, spot_hours, rev, util_j, energy, opex, ebitda, interest;
      double principal, dscr, ni, fcf, collateral, ltv, backlog = 0, uc, kappa, lc, anchor;
      double margin;

      if (t >= 1 && t <= 2)
        power += 4 * exec;
      /* V3: retirement and depreciation from t = 0 */
      fleet *= 1 - r;
      dep = book * (1 - (1 - r) * (1 - r));
      book *= (1 - r) * (1 - r);
      used = fleet * kw * pue / 1000;
      head = MAX (0, power - used);
      want = head * 1000 / (kw * pue);
      units_cap = unit_supply_0 * pow (1.2, t / 4.0);
      scale = want > 0 ? MIN (1.0, units_cap / want) : 1;
      nu = want * scale;
      stranded = (want - nu) * kw * pue / 1000;
      uc = capex0 * pow (1 + infl, (t + 4) / 4.0);
      capex = nu * uc;
      fleet += nu;
      book += capex;
      debt += share * capex;
      S = fleet * perf * H * avail;
      C = cap_units * ramp (t, 0, 2) * H * avail;
      delivered = MIN (C, S);
      billed = C * dprice * delivered / C;
      if (t == 0)
        {
          d0 = u0 * S;
          i0 = 0.5 * d0;
          tr0 = d0 - i0;
        }
      else
        {
          g_tok = 1 + (3 - 1) * pow (2, -t / (4 * 2.0));
          g_eff = 1 + (1.5 - 1) * pow (2, -t / (4 * 2.0));
          ln_tau += log (g_tok) / 4;
          ln_eff += log (g_eff) / 4;
        }
      I = i0 * exp (ln_tau) / exp (ln_eff);
      Tr = tr0 * pow (2, t / 4.0) * (1 + 0.2 * sin (2 * G_PI * t / 8));
      E = 0.1 * d0 * rise (t, 4, 2);
      share_c = 0.1 + (0.3 - 0.1) * rise (t, 6, 3);
      d_ref = (I + Tr + E) * (1 - share_c) / (1 - 0.1);
      /* V8 and V1: cost inflation; the levelized cost of new capacity sets
       * the anchor */
      kappa = pow (1 + ci, t / 4.0);
      lc = (uc * crf + kw * (pue * H * elec * kappa / 1000 * (idle + (1 - idle) * u0)
                             + 3 * opex_kwm * kappa)) / (perf * H * avail * u0);
      if (t == 0)
        c_ref = lc;
      anchor = p0 * pow (lc / c_ref, cpt);
      floor_p = fleet * kw * (pue * elec * kappa / 1000 + 3 * opex_kwm * kappa / H)
                / (avail * fleet * perf);
      p_star = anchor * pow (MAX (d_ref, delivered) / (u0 * S), 1 / e);
      p_star = MIN (MAX (p_star, floor_p), 3 * anchor);
      p = exp (stick * log (p_prev) + (1 - stick) * log (p_star));
      p_prev = p;
      D = MAX (delivered, d_ref * pow (p / anchor, -e));
      used_h = MIN (S, D);
      shortage = MAX (0, D - S) + (C - delivered);
      spot_util = MIN (1.0, (used_h - delivered) / (S - delivered));
      spot_hours = (S - delivered) * spot_util;
      rev = billed + spot_hours * p;
      util_j = (delivered + spot_hours) / S;
      energy = fleet * kw * pue * H * (idle + (1 - idle) * util_j) * elec * kappa / 1000;
      opex = opex_kwm * kappa * 3 * fleet * kw;
      ebitda = rev - energy - opex;
      interest = debt * rate / 4;
      /* V4 */
      principal = amort * debt / (4 * loan);
      debt -= principal;
      dscr = ebitda / (interest + principal);
      ni = ebitda - dep - interest;
      fcf = ebitda - capex + share * capex - interest - principal;
      /* V2: collateral is the resale value at the market's price and
       * utilization */
      margin = p * perf * H * avail * (used_h / S)
               - kw * (pue * H * elec * kappa / 1000 * (idle + (1 - idle) * (used_h / S))
                       + 3 * opex_kwm * kappa);
      collateral = fleet * MAX (0, margin) * v_g;
      ltv = debt / collateral;
      for (int tau = t + 1; tau <= 3; tau++)
        backlog += cap_units * ramp (tau, 0, 2) * H * avail * dprice;
      npv += fcf * pow (1 + disc, -(t + 1) / 4.0);
      if (t == T - 1)
        {
          /* V2: the terminal value at a normal market */
          double m_norm = anchor * perf * H * avail * u0
                          - kw * (pue * H * elec * kappa / 1000 * (idle + (1 - idle) * u0)
                                  + 3 * opex_kwm * kappa);

          npv += (fleet * MAX (0, m_norm) * v_g - debt) * pow (1 + disc, -T / 4.0);
        }
      min_dscr = MIN (min_dscr, dscr);
      if (dscr < 1 && first_below < 0)
        first_below = t;
      cum_short += shortage;

      assert_agree ("price", t, SERIES (GW_S_PRICE, t), p);
      assert_agree ("anchor", t, SERIES (GW_S_ANCHOR, t), anchor);
      assert_agree ("frontier cost", t, SERIES (GW_S_FRONTIER_COST, t), lc);
      assert_agree ("supply", t, SERIES (GW_S_SUPPLY, t), S);
      assert_agree ("demand", t, SERIES (GW_S_DEMAND, t), D);
      assert_agree ("utilization", t, SERIES (GW_S_UTILIZATION, t), used_h / S);
      assert_agree ("shortage", t, SERIES (GW_S_SHORTAGE, t), shortage);
      assert_agree ("custom share", t, SERIES (GW_S_CUSTOM_SHARE, t), share_c);
      assert_agree ("floor", t, SERIES (GW_S_FLOOR, t), floor_p);
      assert_agree ("stranded", t, SERIES (GW_S_STRANDED_MW, t), stranded);
      assert_agree ("contracted", t, SERIES (GW_S_CONTRACTED, t), delivered);
      assert_agree ("revenue", t, PSERIES (GW_SP_REVENUE, t), rev);
      assert_agree ("contract revenue", t, PSERIES (GW_SP_CONTRACT_REVENUE, t), billed);
      assert_agree ("spot revenue", t, PSERIES (GW_SP_SPOT_REVENUE, t), spot_hours * p);
      assert_agree ("EBITDA", t, PSERIES (GW_SP_EBITDA, t), ebitda);
      assert_agree ("net income", t, PSERIES (GW_SP_NET_INCOME, t), ni);
      assert_agree ("depreciation", t, PSERIES (GW_SP_DEPRECIATION, t), dep);
      assert_agree ("interest", t, PSERIES (GW_SP_INTEREST, t), interest);
      assert_agree ("principal", t, PSERIES (GW_SP_PRINCIPAL, t), principal);
      assert_agree ("FCF", t, PSERIES (GW_SP_FCF, t), fcf);
      assert_agree ("capex", t, PSERIES (GW_SP_CAPEX, t), capex);
      assert_agree ("debt", t, PSERIES (GW_SP_DEBT, t), debt);
      assert_agree ("DSCR", t, PSERIES (GW_SP_DSCR, t), dscr);
      assert_agree ("collateral", t, PSERIES (GW_SP_COLLATERAL, t), collateral);
      assert_agree ("LTV", t, PSERIES (GW_SP_LTV, t), ltv);
      assert_agree ("backlog", t, PSERIES (GW_SP_BACKLOG, t), backlog);
      assert_agree ("vacant hours", t, PSERIES (GW_SP_VACANT_HOURS, t), 0);
      assert_agree ("fleet MW", t, PSERIES (GW_SP_FLEET_MW, t), fleet * kw * pue / 1000);
      assert_agree ("provider supply", t, PSERIES (GW_SP_SUPPLY, t), S);
    }
  assert_agree ("price at horizon", T, scalars[GW_X_PRICE_HORIZON], p_prev);
  assert_agree ("cumulative shortage", T, scalars[GW_X_CUM_SHORTAGE], cum_short);
  assert_agree ("NPV", T, scalars[GW_N_MARKET_SCALARS + GW_XP_NPV], npv);
  assert_agree ("min DSCR", T, scalars[GW_N_MARKET_SCALARS + GW_XP_MIN_DSCR], min_dscr);
  g_assert_cmpfloat (scalars[GW_N_MARKET_SCALARS + GW_XP_FIRST_DSCR_BELOW], ==, first_below);
  gw_plan_free (plan);
#undef SERIES
#undef PSERIES
}

static void
test_small_by_hand (void)
{
  check_small (NULL, 1e6);
}

/* Chips bind at t = 0: 2,400 units wanted, 1,000 made; power is stranded. */
static void
test_small_scarce_chips (void)
{
  g_autoptr(GwScenario) s = load_small ();
  g_autoptr(GwPlan) plan = gw_plan_new (s, "Scarce chips", NULL);
  g_autofree double *series = g_new (double, plan->n_cols);
  g_autofree double *scalars = g_new (double, plan->n_scalars);

  check_small ("Scarce chips", 1000);
  gw_cpu_path (plan, 0, TRUE, -1, 0, series, scalars, NULL);
  /* the 8,000 units retire 5% at t = 0 (version 2): head 12 - 7,600 x 1.2 kW
   * = 2.88 MW wants 2,400 units; 1,000 built strand 1,400 x 1.2 kW = 1.68 MW */
  assert_agree ("stranded at t = 0", 0, series[GW_S_STRANDED_MW * 4 + 0], 1.68);
}

/* The deterministic baseline, two quarters, from the scenario's central
 * values (MODEL.md version 2): the frontier cost, the anchor, the market
 * price, total supply, and CoreWeave's revenue, EBITDA and DSCR. */
static void
test_baseline_two_quarters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autoptr(GwPlan) plan = NULL;
  g_autofree double *series = NULL;
  g_autofree double *scalars = NULL;
  const GwMarket *m;
  guint G, P, D;
  double *fleet, *book, *debt, *power;
  double p_prev, ln_tau = 0, ln_eff = 0, d0 = 0, i0 = 0, tr0 = 0, c_ref = 0, opex_ref = 0;
  double pw = 0, disc_i;
  int cw;

  g_assert_no_error (error);
  plan = gw_plan_new (s, NULL, &error);
  g_assert_no_error (error);
  series = g_new (double, plan->n_cols);
  scalars = g_new (double, plan->n_scalars);
  gw_cpu_path (plan, 0, TRUE, -1, 0, series, scalars, NULL);

  m = &s->market;
#define C(d) gw_dist_central (&(d))
  G = gw_scenario_n_generations (s);
  P = gw_scenario_n_providers (s);
  D = gw_scenario_n_deals (s);
  cw = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "CoreWeave");
  g_assert_cmpint (cw, >=, 0);
  for (guint e = 0; e < gw_scenario_n_events (s); e++)
    g_assert_cmpfloat (C (gw_scenario_event (s, e)->probability), <, 1);

  fleet = g_new0 (double, P * G);
  book = g_new0 (double, P * G);
  debt = g_new0 (double, P);
  power = g_new0 (double, P);
  for (guint j = 0; j < P; j++)
    {
      const GwProvider *pr = gw_scenario_provider (s, j);

      debt[j] = C (pr->debt);
      power[j] = C (pr->power_mw);
    }
  for (guint f = 0; f < gw_scenario_n_rows (s, GW_TABLE_FLEET); f++)
    {
      const GwFleet *row = gw_scenario_fleet (s, f);
      int j = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, row->provider);
      int g = gw_scenario_find_row (s, GW_TABLE_GENERATIONS, row->generation);
      const GwGeneration *gen = gw_scenario_generation (s, g);
      double r = 1 / (4 * C (gen->life_years));
      double age = MAX (0, -(gen->available_from - s->info.start)) / 2.0;

      fleet[j * G + g] = C (row->units);
      book[j * G + g] = C (row->units) * C (gen->unit_capex) * pow (1 - r, age);
    }
  p_prev = C (m->price_0);
  disc_i = pow (1 + C (m->discount_rate), 0.25) - 1;
  for (guint j = 0; j < P; j++)
    {
      opex_ref += C (gw_scenario_provider (s, j)->power_mw) * C (gw_scenario_provider (s, j)->opex);
      pw += C (gw_scenario_provider (s, j)->power_mw);
    }
  opex_ref /= pw;
  for (guint d = 0; d < D; d++)
    g_assert_cmpint (gw_scenario_deal (s, d)->end - s->info.start, >=, 2);

  for (int t = 0; t < 2; t++)
    {
      double want[64] = { 0 }, S_j[64] = { 0 }, C_j[64] = { 0 }, CP_j[64] = { 0 };
      double del[64] = { 0 }, capex[64] = { 0 }, kwsum[64] = { 0 };
      int gstar[64];
      double W = 0, WH = 0, scale = 1, S = 0, Cdel = 0, cost = 0, perfsum = 0;
      double pue = C (m->pue), avail = C (m->availability), I, Tr, E, sc, d_ref, fl, pstar;
      double p, Dm, used, spot_cap = 0, spot_util, rev, energy, opex, ebitda, interest, principal;
      double kappa = pow (1 + C (m->cost_inflation), t / 4.0), frontier = INFINITY, anchor;
      double elec = C (m->electricity) * kappa, u0 = C (m->utilization_0);
      double idle = C (m->idle_power_fraction);

      for (guint j = 0; j < P; j++)
        {
          const GwProvider *pr = gw_scenario_provider (s, j);
          double used_mw = 0;
          int best = -1, best_from = G_MININT;

          if (t >= 1)
            for (guint b = 0; b < gw_scenario_n_rows (s, GW_TABLE_BUILD_PLANS); b++)
              {
                const GwBuildPlan *bp = gw_scenario_build_plan (s, b);

                if (g_str_equal (bp->provider, pr->name) && bp->from - s->info.start <= t &&
                    t <= bp->to - s->info.start)
                  power[j] += C (bp->mw_per_quarter) * C (pr->build_execution);
              }
          for (guint g = 0; g < G; g++)
            {
              const GwGeneration *gen = gw_scenario_generation (s, g);
              double r = 1 / (4 * C (gen->life_years));

              fleet[j * G + g] *= 1 - r;
              book[j * G + g] *= (1 - r) * (1 - r);
              used_mw += fleet[j * G + g] * C (gen->kw_it) * pue / 1000;
              if (gen->available_from - s->info.start <= t && gw_provider_buys (pr, gen->vendor) &&
                  gen->available_from - s->info.start >= best_from)
                {
                  best = g;
                  best_from = gen->available_from - s->info.start;
                }
            }
          gstar[j] = best;
          if (best >= 0)
            {
              const GwGeneration *gen = gw_scenario_generation (s, best);

              want[j] = MAX (0, power[j] - used_mw) * 1000 / (C (gen->kw_it) * pue);
              W += want[j];
              WH += want[j] * C (gen->hbm_gb);
            }
        }
      if (W > 0)
        scale = MIN (scale, C (m->unit_supply_0) * pow (C (m->unit_supply_growth), t / 4.0) / W);
      if (WH > 0)
        scale = MIN (scale, C (m->hbm_supply_0) * pow (C (m->hbm_growth), t / 4.0) / WH);
      for (guint j = 0; j < P; j++)
        {
          const GwProvider *pr = gw_scenario_provider (s, j);

          if (gstar[j] >= 0)
            {
              const GwGeneration *gen = gw_scenario_generation (s, gstar[j]);
              double nu = want[j] * scale;

              fleet[j * G + gstar[j]] += nu;
              capex[j] = nu * C (gen->unit_capex) *
                         pow (1 + C (gen->capex_inflation),
                              (t - (gen->available_from - s->info.start)) / 4.0);
              debt[j] += C (pr->debt_share) * capex[j];
            }
          for (guint g = 0; g < G; g++)
            {
              const GwGeneration *gen = gw_scenario_generation (s, g);

              S_j[j] += fleet[j * G + g] * C (gen->perf) * H * avail;
              kwsum[j] += fleet[j * G + g] * C (gen->kw_it);
              perfsum += fleet[j * G + g] * C (gen->perf);
            }
          cost += kwsum[j] * (pue * elec / 1000 + 3 * C (pr->opex) * kappa / H);
          S += S_j[j];
        }
      for (guint d = 0; d < D; d++)
        {
          const GwDeal *deal = gw_scenario_deal (s, d);
          int j = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, deal->provider);
          int st = deal->start - s->info.start, en = deal->end - s->info.start;
          double cap, price, cd;

          if (!deal->enabled || t < st || t > en)
            continue;
          price = gw_dist_is_set (&deal->price) ? C (deal->price)
                  : C (deal->value) / (C (deal->capacity) * H * avail * gw_deal_ramp_sum (deal));
          cap = gw_dist_is_set (&deal->capacity) ? C (deal->capacity)
                : C (deal->value) / (price * H * avail * gw_deal_ramp_sum (deal));
          cd = cap * ramp (t, st, deal->ramp_quarters) * H * avail;
          C_j[j] += cd;
          CP_j[j] += cd * price;
        }
      for (guint j = 0; j < P; j++)
        {
          del[j] = MIN (C_j[j], S_j[j]);
          Cdel += del[j];
          spot_cap += S_j[j] - del[j];
        }
      if (t == 0)
        {
          d0 = C (m->utilization_0) * S;
          i0 = C (m->inference_share_0) * d0;
          tr0 = d0 - i0;
        }
      else
        {
          double decay = pow (2, -t / (4 * C (m->growth_halving_years)));

          ln_tau += log (1 + (C (m->token_growth) - 1) * decay) / 4;
          ln_eff += log (1 + (C (m->efficiency_gain) - 1) * decay) / 4;
        }
      I = i0 * exp (ln_tau - ln_eff);
      Tr = tr0 * pow (C (m->training_growth), t / 4.0) *
           (1 + C (m->training_amplitude) * sin (2 * G_PI * t / C (m->training_cycle_quarters)));
      E = C (m->enterprise_max) * d0 * rise (t, C (m->enterprise_midpoint), C (m->enterprise_width));
      sc = C (m->custom_share_0) + (C (m->custom_share_max) - C (m->custom_share_0)) *
           rise (t, C (m->custom_midpoint), C (m->custom_width));
      d_ref = (I + Tr + E) * (1 - sc) / (1 - C (m->custom_share_0));
      /* step 9: the levelized cost of each generation available at t */
      for (guint g = 0; g < G; g++)
        {
          const GwGeneration *gen = gw_scenario_generation (s, g);
          int from = gen->available_from - s->info.start;
          double n = 4 * C (gen->life_years);
          double uc = C (gen->unit_capex) * pow (1 + C (gen->capex_inflation), (t - from) / 4.0);
          double lc = (uc * disc_i / -expm1 (-n * log1p (disc_i))
                       + C (gen->kw_it) * (pue * H * elec / 1000 * (idle + (1 - idle) * u0)
                                           + 3 * opex_ref * kappa))
                      / (C (gen->perf) * H * avail * u0);

          if (from <= t)
            frontier = MIN (frontier, lc);
        }
      if (t == 0)
        c_ref = frontier;
      anchor = C (m->price_0) * pow (frontier / c_ref, C (m->cost_pass_through));
      fl = cost / (avail * perfsum);
      pstar = anchor * pow (MAX (d_ref, Cdel) / (u0 * S), 1 / C (m->elasticity));
      pstar = MIN (MAX (pstar, fl), C (m->price_cap_multiple) * anchor);
      p = exp (C (m->price_stickiness) * log (p_prev) + (1 - C (m->price_stickiness)) * log (pstar));
      p_prev = p;
      Dm = MAX (Cdel, d_ref * pow (p / anchor, -C (m->elasticity)));
      used = MIN (S, Dm);
      spot_util = MIN (1.0, (used - Cdel) / spot_cap);

      {
        const GwProvider *pr = gw_scenario_provider (s, cw);
        double spot_hours = (S_j[cw] - del[cw]) * spot_util;
        double util = (del[cw] + spot_hours) / S_j[cw];
        int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * cw;

        rev = CP_j[cw] * del[cw] / C_j[cw] + spot_hours * p;
        energy = kwsum[cw] * pue * H * (idle + (1 - idle) * util) * elec / 1000;
        opex = C (pr->opex) * kappa * 3 * kwsum[cw];
        ebitda = rev - energy - opex;
        interest = debt[cw] * C (pr->interest_rate) / 4;
        principal = C (pr->amortizing_share) * debt[cw] / (4 * C (pr->loan_years));

        assert_agree ("baseline frontier cost", t, series[GW_S_FRONTIER_COST * plan->T + t],
                      frontier);
        assert_agree ("baseline anchor", t, series[GW_S_ANCHOR * plan->T + t], anchor);
        assert_agree ("baseline price", t, series[GW_S_PRICE * plan->T + t], p);
        assert_agree ("baseline supply", t, series[GW_S_SUPPLY * plan->T + t], S);
        assert_agree ("CoreWeave revenue", t, series[(base + GW_SP_REVENUE) * plan->T + t], rev);
        assert_agree ("CoreWeave EBITDA", t, series[(base + GW_SP_EBITDA) * plan->T + t], ebitda);
        assert_agree ("CoreWeave DSCR", t, series[(base + GW_SP_DSCR) * plan->T + t],
                      ebitda / (interest + principal));
      }
      for (guint j = 0; j < P; j++)
        debt[j] -= C (gw_scenario_provider (s, j)->amortizing_share) * debt[j]
                   / (4 * C (gw_scenario_provider (s, j)->loan_years));
    }
  /* the calibration targets of DOMAIN.md */
  g_assert_cmpfloat (series[GW_S_PRICE * plan->T + 0], >=, 2.2);
  g_assert_cmpfloat (series[GW_S_PRICE * plan->T + 1], <=, 2.7);
#undef C
  g_free (fleet);
  g_free (book);
  g_free (debt);
  g_free (power);
}

/* DOMAIN.md calibration: CoreWeave 2026 revenue within 25% of $12.1B,
 * backlog at 2026Q1 within 15% of $99.4B, fleet about 0.9 GW then 1.7 GW. */
static void
test_baseline_calibration (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  g_autoptr(GwPlan) plan = gw_plan_new (s, NULL, NULL);
  g_autofree double *series = g_new (double, plan->n_cols);
  g_autofree double *scalars = g_new (double, plan->n_scalars);
  int cw = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "CoreWeave");
  int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * cw;
  double revenue = 0;

  gw_cpu_path (plan, 0, TRUE, -1, 0, series, scalars, NULL);
  for (int t = 0; t < 4; t++)
    revenue += series[(base + GW_SP_REVENUE) * plan->T + t];
  g_assert_cmpfloat (fabs (revenue / 12.1e9 - 1), <, 0.25);
  g_assert_cmpfloat (fabs (series[(base + GW_SP_BACKLOG) * plan->T] / 99.4e9 - 1), <, 0.15);
  g_assert_cmpfloat (fabs (series[(base + GW_SP_FLEET_MW) * plan->T] / 900 - 1), <, 0.1);
  g_assert_cmpfloat (fabs (series[(base + GW_SP_FLEET_MW) * plan->T + 3] / 1700 - 1), <, 0.1);
}

/* n paths of scenario s on the CPU engine; seed 0 keeps the scenario's. */
static GwResults *
run_scenario (const GwScenario *s,
              const char       *variant,
              guint             n,
              guint             threads,
              guint64           seed,
              gboolean          exact_quantiles)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GwResults *res;

  opt.variant = variant;
  opt.paths = n;
  opt.threads = threads;
  opt.engine = GW_ENGINE_CPU;
  opt.exact_quantiles = exact_quantiles;
  if (seed != 0)
    {
      opt.have_seed = TRUE;
      opt.seed = seed;
    }
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return res;
}

static GwResults *
run_small_with (const char *variant,
                guint       n,
                guint       threads,
                guint64     seed,
                gboolean    exact_quantiles)
{
  g_autoptr(GwScenario) s = load_small ();

  return run_scenario (s, variant, n, threads, seed, exact_quantiles);
}

static GwResults *
run_small (const char *variant,
           guint       n,
           guint       threads,
           guint64     seed)
{
  return run_small_with (variant, n, threads, seed, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The two-pass statistics (exact_quantiles) equal the textbook ones: every
 * path kept, sorted, linear interpolation between order statistics at
 * (N - 1) p. */
static void
test_statistics_exact (void)
{
  const guint N = 6000;
  g_autoptr(GwResults) res = run_small_with ("Uncertain", N, 2, 0, TRUE);
  const GwPlan *plan = res->plan;
  g_autofree double *all = g_new (double, (gsize) plan->n_cols * N);
  g_autofree double *series = g_new (double, plan->n_cols);
  g_autofree double *scalars = g_new (double, plan->n_scalars);
  g_autofree double *col = g_new (double, N);

  for (guint i = 0; i < N; i++)
    {
      gw_cpu_path (plan, i, FALSE, -1, 0, series, scalars, NULL);
      for (guint c = 0; c < plan->n_cols; c++)
        all[(gsize) c * N + i] = series[c];
      for (guint x = 0; x < plan->n_scalars; x++)
        g_assert_cmpfloat (gw_results_scalar_values (res, x)[i], ==, scalars[x]);
    }
  for (guint c = 0; c < plan->n_cols; c++)
    {
      const GwSummary *sm = &res->series[c];
      double sum = 0, ss = 0, mean;

      memcpy (col, all + (gsize) c * N, N * sizeof (double));
      qsort (col, N, sizeof (double), compare_double);
      /* shifted by the median, so that a column of equal values has
       * ss = 0 exactly (a plain sum / N can miss their value by an ulp) */
      for (guint i = 0; i < N; i++)
        sum += col[i] - col[N / 2];
      mean = col[N / 2] + sum / N;
      for (guint i = 0; i < N; i++)
        ss += (col[i] - col[N / 2] - sum / N) * (col[i] - col[N / 2] - sum / N);
      g_assert_cmpfloat (sm->min, ==, col[0]);
      g_assert_cmpfloat (sm->max, ==, col[N - 1]);
      g_assert_cmpfloat (fabs (sm->mean - mean), <=, 1e-12 * MAX (1, fabs (mean)));
      if (!(fabs (sm->sd - sqrt (ss / (N - 1))) <= 1e-9 * MAX (1, sqrt (ss / N))))
        g_error ("column %u (series %u, t %u): sd %.17g, expected %.17g, mean %.17g", c,
                 c / plan->T, c % plan->T, sm->sd, sqrt (ss / (N - 1)), mean);
      for (guint q = 0; q < GW_N_QUANTILES; q++)
        g_assert_cmpfloat (sm->q[q], ==, gw_quantile_sorted (col, N, gw_quantile_levels[q]));
    }
  g_assert_cmpuint (res->n_approximate, ==, 0);
}

static GwResults *
run_baseline (guint    n,
              guint    threads,
              gboolean exact_quantiles)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);

  return run_scenario (s, NULL, n, threads, 0, exact_quantiles);
}

/* The default, one-pass statistics interpolate each order statistic within
 * its histogram bin, where the exact one lies too: every quantile of every
 * series of the baseline at N paths (above the pilot) is within one bin
 * width, (P99.5 - P0.5 of the pilot) / bins, of the exact one (a quantile
 * mixes two order statistics, each off by at most the width). Tail bins,
 * wider, are not needed here. Means, sds and extremes are the exact run's.
 * N = 20,000 uses the small runs' 256 bins, N = 40,000 the 1,024 bins of
 * larger ones. */
static void
check_statistics_interpolated (guint N,
                               guint want_bins)
{
  g_autoptr(GwResults) approx = run_baseline (N, 2, FALSE);
  g_autoptr(GwResults) exact = run_baseline (N, 2, TRUE);
  const GwPlan *plan = approx->plan;
  g_autofree double *width = g_new (double, plan->n_cols);
  guint nb = gw_cpu_bin_widths (plan, N, FALSE, width);
  guint n_differ = 0, n_checked = 0;
  double worst = 0;

  g_assert_cmpuint (nb, ==, want_bins);
  g_assert_cmpuint (approx->n_approximate, ==, 0);
  g_assert_cmpuint (exact->n_approximate, ==, 0);
  for (guint c = 0; c < plan->n_cols; c++)
    {
      const GwSummary *a = &approx->series[c], *e = &exact->series[c];
      /* a few ulps for the bin edges, computed as lo + j w */
      double slack = 16 * DBL_EPSILON * MAX (fabs (e->min), fabs (e->max));

      g_assert_cmpfloat (a->mean, ==, e->mean);
      g_assert_cmpfloat (a->sd, ==, e->sd);
      g_assert_cmpfloat (a->min, ==, e->min);
      g_assert_cmpfloat (a->max, ==, e->max);
      /* the bins span the pilot's P0.5..P99.5, inside [min, max] */
      g_assert_cmpfloat (width[c], >=, 0);
      g_assert_cmpfloat (width[c] * nb, <=, (e->max - e->min) * (1 + 1e-12));
      for (guint q = 0; q < GW_N_QUANTILES; q++)
        {
          double d = fabs (a->q[q] - e->q[q]);

          if (d > width[c] + slack)
            g_error ("column %u, quantile %g: interpolated %.17g, exact %.17g, bin width %g", c,
                     gw_quantile_levels[q], a->q[q], e->q[q], width[c]);
          n_differ += d > 0;
          if (width[c] > 0)
            {
              worst = MAX (worst, d / width[c]);
              n_checked++;
            }
        }
    }
  /* the interpolation is at work, and within the bound with room */
  g_assert_cmpuint (n_differ, >, n_checked / 2);
  g_test_message ("N = %u, %u bins: %u of %u quantiles differ from the exact ones; the "
                  "largest difference is %.3f bin widths", N, nb, n_differ, n_checked, worst);
}

static void
test_statistics_interpolated (void)
{
  check_statistics_interpolated (20000, 256);
  check_statistics_interpolated (40000, 1024);
}

/* Every instruction set's block reductions give the same bits. */
static void
test_statistics_reducers (void)
{
  const char *names[] = { "avx2", "sse2" };
  g_autoptr(GwResults) best = run_small ("Uncertain", 20000, 2, 0);
  const GwPlan *plan = best->plan;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GwResults) other = NULL;

      g_setenv ("GW_CPU_REDUCE", names[i], TRUE);
      gw_debug_reload ();
      other = run_small ("Uncertain", 20000, 1, 0);
      g_unsetenv ("GW_CPU_REDUCE");
      gw_debug_reload ();
      g_assert_cmpmem (best->series, plan->n_cols * sizeof (GwSummary), other->series,
                       plan->n_cols * sizeof (GwSummary));
    }
}

/* Every instruction set's check that a block is constant (which pass 1
 * asks of the columns the pilot found constant) answers as == does,
 * wherever the odd value sits (a whole vector or the tail), for NaN and
 * signed zeros, and ignores the padding after the block. */
static void
test_statistics_same (void)
{
  const char *names[] = { "sse2", "avx2", "avx512" };
  const GwCpuReducer *reducers[G_N_ELEMENTS (names)];
  const guint sizes[] = { 0, 1, 7, 8, 9, 15, 16, 17, 255, 256 };
  double v[256 + 8];
  guint n_red = 0, n_checks = 0;

  /* those the machine runs (a name it cannot run gives the widest it can) */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_setenv ("GW_CPU_REDUCE", names[i], TRUE);
      gw_debug_reload ();
      reducers[n_red] = gw_cpu_pick_reducer ();
      if (n_red == 0 || reducers[n_red] != reducers[n_red - 1])
        g_test_message ("%s", reducers[n_red++]->name);
    }
  g_unsetenv ("GW_CPU_REDUCE");
  gw_debug_reload ();
  for (guint r = 0; r < n_red; r++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        guint n = sizes[k];
        const double odd[] = { nextafter (2.5, 3.0), -2.5, NAN, INFINITY };

        for (guint i = 0; i < G_N_ELEMENTS (v); i++)
          v[i] = i < n ? 2.5 : 7.0;     /* the padding differs */
        g_assert_true (reducers[r]->same (v, n, 2.5));
        g_assert_true (reducers[r]->same (v, n, NAN) == (n == 0));
        for (guint i = 0; i < n; i++)
          for (guint o = 0; o < G_N_ELEMENTS (odd); o++)
            {
              v[i] = odd[o];
              g_assert_false (reducers[r]->same (v, n, 2.5));
              v[i] = 2.5;
              n_checks++;
            }
        for (guint i = 0; i < n; i++)
          v[i] = i % 3 == 1 ? -0.0 : 0.0;
        g_assert_true (reducers[r]->same (v, n, 0.0));
        g_assert_true (reducers[r]->same (v, n, -0.0));
      }
  g_test_message ("%u reductions, %u blocks with one odd value", n_red, n_checks);
}

/* Every instruction set's path code (gw-cpu-sim.h: AVX-512 with 8 lanes in
 * one register, AVX2 with 8 in two, the baseline with 2) gives the same
 * bits: every per-path value of the baseline, a run with a last, partial group of lanes, and the
 * deterministic path. Variants the machine cannot run fall back to the
 * best it can, and the test says which ran. */
static void
test_path_variants (void)
{
  const char *names[] = { "avx512", "avx2", "baseline" };
  const guint N = 1001;
  g_autoptr(GwResults) ref = NULL;
  g_autofree double *det = NULL;
  const GwPlan *plan;

  g_setenv ("GW_CPU_SIM", "baseline", TRUE);
  gw_debug_reload ();
  ref = run_baseline (N, 2, FALSE);
  plan = ref->plan;
  det = g_new (double, plan->n_cols + plan->n_scalars);
  gw_cpu_path (plan, 0, TRUE, -1, 0, det, det + plan->n_cols, NULL);
  g_unsetenv ("GW_CPU_SIM");
  gw_debug_reload ();
  g_assert_cmpstr (gw_cpu_sim_pick ()->name, !=, "");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GwResults) other = NULL;
      g_autofree double *det2 = g_new (double, plan->n_cols + plan->n_scalars);

      g_setenv ("GW_CPU_SIM", names[i], TRUE);
      gw_debug_reload ();
      g_test_message ("%s: ran %s, %u lanes", names[i], gw_cpu_sim_pick ()->name,
                      gw_cpu_sim_pick ()->lanes);
      other = run_baseline (N, 1, FALSE);
      gw_cpu_path (plan, 0, TRUE, -1, 0, det2, det2 + plan->n_cols, NULL);
      g_unsetenv ("GW_CPU_SIM");
      gw_debug_reload ();
      /* N <= the pilot: every series statistic comes from every value */
      g_assert_cmpmem (ref->series, plan->n_cols * sizeof (GwSummary), other->series,
                       plan->n_cols * sizeof (GwSummary));
      g_assert_cmpmem (ref->scalar_values, plan->n_scalars * N * sizeof (double),
                       other->scalar_values, plan->n_scalars * N * sizeof (double));
      g_assert_cmpmem (ref->inputs, (gsize) ref->n_inputs * ref->n_input_paths * sizeof (double),
                       other->inputs,
                       (gsize) other->n_inputs * other->n_input_paths * sizeof (double));
      g_assert_cmpmem (det, (plan->n_cols + plan->n_scalars) * sizeof (double), det2,
                       (plan->n_cols + plan->n_scalars) * sizeof (double));
    }
}

/* Pass 1 steps its blocks of paths a quarter at a time, reducing each
 * quarter's columns before the next (pass1_block_quarters()); with
 * GW_CPU_BLOCKS it simulates whole paths into a buffer of every column
 * first. Both give the same bits: every statistic, scalar and sampled
 * input, above the pilot (N = 20,003: a partial last block and group). */
static void
test_quarter_steps (void)
{
  const guint N = 20003;
  g_autoptr(GwResults) steps = run_baseline (N, 2, FALSE);
  g_autoptr(GwResults) blocks = NULL;
  const GwPlan *plan = steps->plan;

  g_setenv ("GW_CPU_BLOCKS", "1", TRUE);
  gw_debug_reload ();
  blocks = run_baseline (N, 2, FALSE);
  g_unsetenv ("GW_CPU_BLOCKS");
  gw_debug_reload ();
  g_assert_cmpuint (steps->n_input_paths, ==, N);
  g_assert_cmpmem (steps->series, plan->n_cols * sizeof (GwSummary), blocks->series,
                   plan->n_cols * sizeof (GwSummary));
  g_assert_cmpmem (steps->scalars, plan->n_scalars * sizeof (GwSummary), blocks->scalars,
                   plan->n_scalars * sizeof (GwSummary));
  g_assert_cmpmem (steps->scalar_values, plan->n_scalars * N * sizeof (double),
                   blocks->scalar_values, plan->n_scalars * N * sizeof (double));
  g_assert_cmpmem (steps->inputs, (gsize) steps->n_inputs * N * sizeof (double), blocks->inputs,
                   (gsize) blocks->n_inputs * N * sizeof (double));
}

/* Same seed, same numbers, whatever the thread count; another seed,
 * other numbers; path i does not depend on N. */
static void
test_streams_and_threads (void)
{
  g_autoptr(GwResults) a = run_small ("Uncertain", 20000, 1, 0);
  g_autoptr(GwResults) b = run_small ("Uncertain", 20000, 2, 0);
  g_autoptr(GwResults) c = run_small ("Uncertain", 20000, 2, 7);
  g_autoptr(GwResults) small = run_small ("Uncertain", 1000, 2, 0);
  g_autoptr(GwResults) big = run_small ("Uncertain", 100000, 2, 0);
  const GwPlan *plan = a->plan;
  guint differ = 0;

  g_assert_cmpmem (a->series, plan->n_cols * sizeof (GwSummary), b->series,
                   plan->n_cols * sizeof (GwSummary));
  g_assert_cmpmem (a->scalar_values, plan->n_scalars * 20000 * sizeof (double), b->scalar_values,
                   plan->n_scalars * 20000 * sizeof (double));
  for (guint col = 0; col < plan->n_cols; col++)
    differ += a->series[col].mean != c->series[col].mean;
  g_assert_cmpuint (differ, >, plan->n_cols / 2);

  for (guint x = 0; x < plan->n_scalars; x++)
    for (guint i = 0; i < 1000; i++)
      g_assert_cmpfloat (gw_results_scalar_values (small, x)[i], ==,
                         gw_results_scalar_values (big, x)[i]);
}

/* Runs in one process reuse the engine's big buffers (gw_cpu_big_alloc()
 * keeps them): a run after others, which left their values in them, gives
 * the same bits as the first, with default and exact quantiles. */
static void
test_repeat_in_process (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);

  for (int exact = 0; exact <= 1; exact++)
    {
      g_autoptr(GwResults) a = run_scenario (s, NULL, 12000, 2, 0, exact);
      g_autoptr(GwResults) other = run_scenario (s, "TPU beachhead", 9000, 2, 5, exact);
      g_autoptr(GwResults) b = run_scenario (s, NULL, 12000, 2, 0, exact);
      const GwPlan *plan = a->plan;

      g_assert_cmpuint (other->n_paths, ==, 9000);
      g_assert_cmpmem (a->series, plan->n_cols * sizeof (GwSummary), b->series,
                       plan->n_cols * sizeof (GwSummary));
      g_assert_cmpmem (a->scalars, plan->n_scalars * sizeof (GwSummary), b->scalars,
                       plan->n_scalars * sizeof (GwSummary));
      g_assert_cmpmem (a->scalar_values, plan->n_scalars * 12000 * sizeof (double),
                       b->scalar_values, plan->n_scalars * 12000 * sizeof (double));
    }
}

/* Correlated inputs: the achieved rank correlation of every pair of the
 * baseline is within 0.02 of the requested one at N = 10^5 (the standard
 * error of Spearman's rho there is about 0.003). */
static void
test_correlations (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  g_autoptr(GwPlan) plan = gw_plan_new (s, NULL, NULL);
  const guint N = 100000;
  guint n_pairs = gw_scenario_n_rows (s, GW_TABLE_CORRELATIONS);
  g_autofree double *x = g_new (double, plan->K);
  g_autofree double *cols = g_new (double, (gsize) 2 * n_pairs * N);
  g_autofree int *slot = g_new (int, 2 * n_pairs);

  g_assert_cmpuint (n_pairs, >=, 3);
  for (guint i = 0; i < n_pairs; i++)
    {
      const GwCorrelation *cor = gw_scenario_correlation (s, i);
      GwInputRef ra, rb;

      g_assert_true (gw_scenario_parse_input (s, cor->a, &ra, NULL));
      g_assert_true (gw_scenario_parse_input (s, cor->b, &rb, NULL));
      slot[2 * i] = gw_scenario_find_slot (s, plan->slots, &ra);
      slot[2 * i + 1] = gw_scenario_find_slot (s, plan->slots, &rb);
      g_assert_cmpint (slot[2 * i], >=, 0);
      g_assert_cmpint (slot[2 * i + 1], >=, 0);
    }
  for (guint p = 0; p < N; p++)
    {
      gw_cpu_sample_inputs (plan, p, x);
      for (guint k = 0; k < 2 * n_pairs; k++)
        cols[(gsize) k * N + p] = x[slot[k]];
    }
  for (guint i = 0; i < n_pairs; i++)
    {
      double want = gw_scenario_correlation (s, i)->rho;
      double got = gw_spearman (cols + (gsize) 2 * i * N, cols + (gsize) (2 * i + 1) * N, N);

      if (fabs (got - want) > 0.02)
        g_error ("correlation %u: asked %g, got %g", i, want, got);
    }
}

static void
test_spearman (void)
{
  double a[] = { 1, 2, 3, 4, 5 };
  double b[] = { 10, 20, 30, 40, 50 };
  double c[] = { 5, 4, 3, 2, 1 };
  double k[] = { 3, 3, 3, 3, 3 };
  double t1[] = { 1, 2, 2, 3 };
  double t2[] = { 1, 3, 2, 4 };

  g_assert_cmpfloat (gw_spearman (a, b, 5), ==, 1);
  g_assert_cmpfloat (gw_spearman (a, c, 5), ==, -1);
  g_assert_cmpfloat (gw_spearman (a, k, 5), ==, 0);
  /* ranks with ties: (1, 2.5, 2.5, 4) vs (1, 3, 2, 4): r = 4.5 / sqrt (4.5 * 5) */
  g_assert_cmpfloat (fabs (gw_spearman (t1, t2, 4) - 4.5 / sqrt (4.5 * 5)), <, 1e-15);
}

/* Sensitivity: price_0's swing moves the price at the horizon the right
 * way, and its rank correlation is clearly positive. */
static void
test_sensitivity (void)
{
  g_autoptr(GwResults) res = run_small ("Uncertain", 4000, 2, 0);
  g_autoptr(GPtrArray) sens = gw_results_sensitivity (res, GW_X_PRICE_HORIZON, NULL);
  gboolean found = FALSE;

  g_assert_nonnull (sens);
  g_assert_cmpuint (sens->len, ==, 5);
  for (guint i = 0; i < sens->len; i++)
    {
      const GwSensitivity *si = sens->pdata[i];

      if (i > 0)
        {
          const GwSensitivity *prev = sens->pdata[i - 1];

          g_assert_cmpfloat (fabs (prev->high - prev->low), >=, fabs (si->high - si->low));
        }
      if (g_str_equal (si->path, "market.price_0"))
        {
          found = TRUE;
          g_assert_cmpfloat (si->high, >, si->low);
          g_assert_cmpfloat (si->rho, >, 0.3);
          g_assert_cmpfloat (si->low_input, <, 2.0);
          g_assert_cmpfloat (si->high_input, >, 2.0);
        }
    }
  g_assert_true (found);
}

static void
test_probability (void)
{
  g_autoptr(GwResults) res = run_small ("Uncertain", 3000, 2, 0);
  guint x = GW_N_MARKET_SCALARS + GW_XP_MIN_DSCR;
  const double *v = gw_results_scalar_values (res, x);
  guint below = 0;
  double median = res->scalars[x].q[GW_Q_P50];

  for (guint i = 0; i < 3000; i++)
    below += v[i] < median;
  g_assert_cmpfloat (gw_results_probability (res, x, median, TRUE), ==, below / 3000.0);
  g_assert_cmpfloat (fabs (gw_results_probability (res, x, median, TRUE) - 0.5), <, 0.01);
}

/* The event indicators of gw_results_event_flags() are the engine's own
 * draws: a path on which an event did not happen is bit for bit the path
 * of the scenario with the event switched off (the other streams do not
 * move), and a path on which it happened is not. Every event of the
 * baseline, 400 paths each. */
static void
test_event_flags (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  GwPlan *plan = gw_plan_new (s, NULL, NULL);
  const guint N = 400;
  /* the results own the plan */
  g_autoptr(GwResults) res = gw_cpu_run (plan, N, FALSE, 1, 0, FALSE, NULL, NULL, NULL, NULL);
  g_autofree guint8 *flags = g_malloc (N);
  g_autofree double *a = g_new (double, plan->n_cols);
  g_autofree double *b = g_new (double, plan->n_cols);
  g_autofree double *xa = g_new (double, plan->n_scalars);
  g_autofree double *xb = g_new (double, plan->n_scalars);

  g_assert_nonnull (res);
  g_assert_cmpuint (plan->E, >=, 4);
  for (guint e = 0; e < plan->E; e++)
    {
      g_autoptr(GwScenario) off = gw_scenario_copy (s);
      g_autoptr(GwPlan) plan_off = NULL;
      g_autofree char *slot = gw_plan_slot_path (plan, plan->K - 2 * plan->E + 2 * e + 1);
      g_autofree char *want = g_strdup_printf ("events[%s].probability",
                                               gw_scenario_event (s, e)->name);
      guint happened = 0;

      g_assert_cmpstr (slot, ==, want);
      gw_scenario_event (off, e)->enabled = FALSE;
      plan_off = gw_plan_new (off, NULL, NULL);
      g_assert_cmpuint (plan_off->K, ==, plan->K);
      gw_results_event_flags (res, e, flags);
      for (guint p = 0; p < N; p++)
        {
          gboolean same;

          gw_cpu_path (plan, p, FALSE, -1, 0, a, xa, NULL);
          gw_cpu_path (plan_off, p, FALSE, -1, 0, b, xb, NULL);
          same = memcmp (a, b, plan->n_cols * sizeof (double)) == 0;
          if (flags[p])
            happened++;
          if (same == (flags[p] != 0))
            g_error ("event %s, path %u: indicator %u, but the path %s", want, p, flags[p],
                     same ? "is the same without it" : "differs without it");
        }
      /* probabilities between 0.05 and 0.5: some paths each way */
      g_assert_cmpuint (happened, >, 5);
      g_assert_cmpuint (happened, <, N - 5);
    }
}

/* The results of the filtered paths (the app's filter bar) give the same
 * statistics as gw_statistic_eval_filtered(), which the CLI's stat --where
 * prints and test-cli.sh checks against paths.csv: scalars and series. */
static void
test_results_filtered (void)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  const guint N = 1500;
  g_autoptr(GwResults) res = gw_cpu_run (gw_plan_new (s, NULL, NULL), N, FALSE, 2, 0, FALSE,
                                         NULL, NULL, NULL, NULL);
  g_autoptr(GwFilter) filter = gw_filter_new ();
  g_autoptr(GwResults) kept = NULL;
  g_autofree guint8 *mask = NULL;
  g_autoptr(GError) error = NULL;
  const char *stats[][2] = {
    { "npv@CoreWeave", "p50" }, { "npv@CoreWeave", "mean" }, { "min_dscr@CoreWeave", "p10" },
    { "revenue@CoreWeave:2032Q4", "p50" }, { "price:2029Q2", "p90" }, { "price:2029Q2", "mean" },
  };
  guint series[2];
  guint n_kept = 0;

  g_assert_true (gw_filter_add (filter, "TPU beachhead happened", NULL));
  g_assert_true (gw_filter_add (filter, "market.token_growth < 7", NULL));
  mask = gw_filter_apply (filter, res, &n_kept, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept, >, 100);
  g_assert_cmpuint (n_kept, <, N / 2);
  series[0] = (guint) gw_plan_find_series (res->plan, "revenue", "CoreWeave");
  series[1] = (guint) gw_plan_find_series (res->plan, "price", NULL);
  kept = gw_results_filtered (res, mask, series, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->n_paths, ==, n_kept);
  /* which paths of the run they are: the mask's, in order */
  g_assert_nonnull (kept->paths);
  for (guint p = 0, i = 0; p < N; p++)
    if (mask[p])
      {
        g_assert_cmpuint (i, <, n_kept);
        g_assert_cmpuint (kept->paths[i++], ==, p);
      }
  g_assert_null (res->paths);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    {
      g_auto(GwStatistic) stat = { 0 };
      double want, got;
      guint n = 0;

      g_assert_true (gw_statistic_parse (&stat, stats[i][0], stats[i][1], NULL));
      g_assert_true (gw_statistic_eval_filtered (&stat, res, mask, &want, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, n_kept);
      g_assert_true (gw_statistic_eval (&stat, kept, &got, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (got, ==, want);
    }
  /* a series not asked for has no statistics */
  g_assert_true (isnan (gw_results_summary (kept, (guint) gw_plan_find_series (
    kept->plan, "demand", NULL), 3)->q[GW_Q_P50]));
}

typedef struct
{
  GMainLoop *loop;
  GwResults *results;
  GError    *error;
  guint      n_progress;
  double     last;
} AsyncData;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  AsyncData *d = user_data;

  g_assert_cmpfloat (fraction, >=, d->last);
  g_assert_cmpfloat (fraction, <=, 1);
  d->last = fraction;
  d->n_progress++;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *d = user_data;

  d->results = gw_run_finish (result, &d->error);
  g_main_loop_quit (d->loop);
}

/* The highest nice of this process's threads (Linux), or -100. */
static int
max_thread_nice (void)
{
  int best = -100;
#ifdef __linux__
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", name);
      g_autofree char *text = NULL;
      const char *p;
      g_auto(GStrv) fields = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
        continue;
      /* after the name: state (field 3) ... nice (field 19) */
      fields = g_strsplit (p + 2, " ", 0);
      if (g_strv_length (fields) > 16)
        best = MAX (best, atoi (fields[16]));
    }
#endif
  return best;
}

static void
test_async (void)
{
  g_autoptr(GwScenario) s = load_small ();
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  AsyncData d = { 0 };
  g_autoptr(GCancellable) cancel = g_cancellable_new ();

  d.loop = g_main_loop_new (NULL, FALSE);
  opt.variant = "Uncertain";
  opt.paths = 50000;
  gw_run_async (s, &opt, NULL, progress_cb, &d, done_cb, &d);
  /* the caller may change its scenario at once: the run has a copy */
  gw_scenario_free (g_steal_pointer (&s));
  g_main_loop_run (d.loop);
  g_assert_no_error (d.error);
  g_assert_nonnull (d.results);
  g_assert_cmpuint (d.results->n_paths, ==, 50000);
  g_clear_pointer (&d.results, gw_results_unref);

  /* a cancelled run ends with G_IO_ERROR_CANCELLED */
  s = load_small ();
  opt.paths = 2000000;
  d.last = 0;
  gw_run_async (s, &opt, cancel, progress_cb, &d, done_cb, &d);
  g_cancellable_cancel (cancel);
  g_main_loop_run (d.loop);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (d.results);
  g_clear_error (&d.error);

  /* a background run (its own, nicer thread) gives the same results as a
   * run in the caller's thread, and is cancelled the same way */
  {
    g_autoptr(GwResults) direct = NULL;
    g_autoptr(GCancellable) cancel2 = g_cancellable_new ();

    opt.paths = 20000;
    opt.threads = 2;
    direct = gw_run (s, &opt, NULL, NULL, NULL, &d.error);
    g_assert_no_error (d.error);
    opt.background = TRUE;
    d.last = 0;
    gw_run_async (s, &opt, NULL, progress_cb, &d, done_cb, &d);
    g_main_loop_run (d.loop);
    g_assert_no_error (d.error);
    g_assert_nonnull (d.results);
    g_assert_cmpmem (d.results->series, direct->plan->n_cols * sizeof (GwSummary),
                     direct->series, direct->plan->n_cols * sizeof (GwSummary));
    g_assert_cmpmem (d.results->scalars, direct->plan->n_scalars * sizeof (GwSummary),
                     direct->scalars, direct->plan->n_scalars * sizeof (GwSummary));
    g_clear_pointer (&d.results, gw_results_unref);
#ifdef __linux__
    /* it ran on a thread 5 nicer than this one (kept for the next) */
    g_assert_cmpint (max_thread_nice (), >=, MIN (getpriority (PRIO_PROCESS, 0) + 5, 19));
#endif
    opt.paths = 2000000;
    d.last = 0;
    gw_run_async (s, &opt, cancel2, progress_cb, &d, done_cb, &d);
    g_cancellable_cancel (cancel2);
    g_main_loop_run (d.loop);
    g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&d.error);
  }
  g_main_loop_unref (d.loop);
}

/* gw_task_run_in_background(): the task runs on another thread, nicer
 * than the caller's, and returns to the caller's main context. */
static void
nice_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
#ifdef __linux__
  int nice = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
#else
  int nice = 0;
#endif

  *(GThread **) task_data = g_thread_self ();
  g_task_return_int (task, nice);
}

static void
nice_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gssize *out = user_data;

  out[0] = g_task_propagate_int (G_TASK (result), NULL);
  out[1] = (gssize) (gpointer) g_thread_self ();
}

static void
test_background_task (void)
{
  for (guint i = 0; i < 3; i++)
    {
      GThread *ran_on = NULL;
      gssize out[2] = { G_MININT, 0 };
      g_autoptr(GTask) task = g_task_new (NULL, NULL, nice_done, out);

      g_task_set_task_data (task, &ran_on, NULL);
      gw_task_run_in_background (task, nice_thread);
      while (out[0] == G_MININT)
        g_main_context_iteration (NULL, TRUE);
      g_assert_nonnull (ran_on);
      g_assert_true (ran_on != g_thread_self ());
      g_assert_true ((gpointer) out[1] == (gpointer) g_thread_self ());  /* done in this thread */
#ifdef __linux__
      g_assert_cmpint (out[0], ==, MIN (getpriority (PRIO_PROCESS, 0) + 5, 19));
#endif
    }
}

/* A bad variant or correlation is an error with a message, not a crash. */
static void
test_bad_plan (void)
{
  g_autoptr(GwScenario) s = load_small ();
  g_autoptr(GError) error = NULL;
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  GwResults *res;

  opt.variant = "No such variant";
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  g_assert_null (res);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "No such variant"));
}

/* GIGAWATT_DEBUG: flags, settings, the old variables under it */
static void
test_debug_parse (void)
{
  const GwDebug *d;

  g_setenv ("GW_CPU_SIM", "baseline", TRUE);
  gw_debug_reload ();
  g_setenv ("GW_OPENCL_CHUNK", "1000", TRUE);
  gw_debug_reload ();
  d = gw_debug_parse ("timing, cpu-sim=avx2,opencl-sim-wg=64");
  g_assert_cmpuint (d->flags, ==, GW_DEBUG_CPU_TIMING | GW_DEBUG_OPENCL_TIMING);
  g_assert_cmpstr (d->cpu_sim, ==, "avx2");              /* GIGAWATT_DEBUG wins */
  g_assert_cmpuint (d->opencl_chunk, ==, 1000);          /* the old variable */
  g_assert_cmpuint (d->opencl_sim_wg, ==, 64);
  g_assert_null (d->opencl_fault);
  g_assert_true (gw_debug () == d);
  g_unsetenv ("GW_CPU_SIM");
  gw_debug_reload ();
  g_unsetenv ("GW_OPENCL_CHUNK");
  gw_debug_reload ();
  d = gw_debug_parse ("cpu-blocks");
  g_assert_cmpuint (d->flags, ==, GW_DEBUG_CPU_BLOCKS);
  g_assert_null (d->cpu_sim);
  g_assert_cmpuint (d->opencl_chunk, ==, 0);
  gw_debug_reload ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/engine/small-by-hand", test_small_by_hand);
  g_test_add_func ("/gw/engine/small-scarce-chips", test_small_scarce_chips);
  g_test_add_func ("/gw/engine/baseline-two-quarters", test_baseline_two_quarters);
  g_test_add_func ("/gw/engine/baseline-calibration", test_baseline_calibration);
  g_test_add_func ("/gw/engine/statistics-exact", test_statistics_exact);
  g_test_add_func ("/gw/engine/statistics-interpolated", test_statistics_interpolated);
  g_test_add_func ("/gw/engine/statistics-reducers", test_statistics_reducers);
  g_test_add_func ("/gw/engine/statistics-same", test_statistics_same);
  g_test_add_func ("/gw/engine/path-variants", test_path_variants);
  g_test_add_func ("/gw/engine/quarter-steps", test_quarter_steps);
  g_test_add_func ("/gw/engine/streams-and-threads", test_streams_and_threads);
  g_test_add_func ("/gw/engine/repeat-in-process", test_repeat_in_process);
  g_test_add_func ("/gw/engine/correlations", test_correlations);
  g_test_add_func ("/gw/engine/spearman", test_spearman);
  g_test_add_func ("/gw/engine/sensitivity", test_sensitivity);
  g_test_add_func ("/gw/engine/probability", test_probability);
  g_test_add_func ("/gw/engine/event-flags", test_event_flags);
  g_test_add_func ("/gw/engine/results-filtered", test_results_filtered);
  g_test_add_func ("/gw/engine/async", test_async);
  g_test_add_func ("/gw/engine/background-task", test_background_task);
  g_test_add_func ("/gw/engine/bad-plan", test_bad_plan);
  g_test_add_func ("/gw/debug/parse", test_debug_parse);
  return g_test_run ();
}
