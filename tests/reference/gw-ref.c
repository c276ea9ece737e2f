/* gw-ref.c: an independent, scalar reference of MODEL.md version 2
 *
 * Written from /work/shared/MODEL.md alone, one path at a time, one quarter
 * at a time, in the order of the text, so that a reader can hold each line
 * against its step. It shares no code with compute/gw-path.h: only the
 * primitives of model/ (Philox4x32-10, gw_u01, Phi, Phi^-1, the inverse
 * CDFs and central values, the copula's Cholesky factor) and the scenario
 * structs. It is not fast and is not meant to be.
 *
 * How this file reads MODEL.md where the text leaves room (each choice is
 * marked "Reading N" where it is made):
 *
 *  1. S = 0 (step 9): "If S = 0: p* = p_prev" is followed by the clamp line
 *     "p* = min(max(p*, floor), cap)" on a line of its own, so the clamp
 *     applies in both cases (with no fleet the floor is 0, so only the cap
 *     can bind).
 *  2. "debt at T-1" in the NPV (step 11) is the debt output of T-1, after
 *     that quarter's repayment (step 10 says debt and LTV are "after this
 *     quarter's repayment"; the terminal value is the fleet at the end of
 *     the horizon, so the debt is too).
 *  3. A deal_default event's default quarter is max(event start, 0): the
 *     event acts on t >= max(start, 0) (section 3). A start before t = 0
 *     gives the same results as the start itself for every t >= 0.
 *  4. The random default quarter is computed as written,
 *     max(start, 0) + floor(ln u / ln(1 - q)) with q = 1 - cp^(1/n), and
 *     held to at most 10^6 quarters so that it fits an int (a value that
 *     large never falls inside the horizon).
 *  5. The copula's u_k = Phi(z_k) is used as it comes; Phi may round to 0 or
 *     1 only for |z| > 8, which a correlation matrix of unit diagonal can
 *     reach only with inputs beyond |n| = 6.3, the most a 32-bit u gives.
 *     Such a u is moved inside (0, 1) by the smallest step, so an inverse CDF
 *     stays finite; no path the tests draw comes near.
 *  6. A deal's derived field (section 2) keeps its slot unused: x[k] holds
 *     the inverse CDF of an absent distribution, 0, not the derived value.
 *  7. power_delay with an end: what each event withholds at t is
 *     (1 - magnitude) x what reached it, summed per provider over the
 *     event's active quarters t >= 1, and added to power[j] in step 1 of
 *     t = end + 1 after that quarter's own (possibly delayed) additions.
 *     An event whose end is T - 1 or later loses what it withheld.
 *  8. custom_beachhead: its curve is custom_share_0 + (custom_share_max +
 *     magnitude - custom_share_0) R(t; event start, custom_width), i.e. the
 *     base curve with those two numbers replaced; it counts from
 *     max(start, 0) on, and s = max(base, every active curve).
 *  9. demand_shock: inside g_tok(t) the token growth is multiplied by the
 *     magnitudes of the demand shocks active at t; tau only moves for
 *     t >= 1, so a shock acts from t = 1 at the earliest.
 * 10. Collateral (step 10) values a unit at "the market's price and
 *     utilization": p and step 9's utilization = used / S, not the
 *     provider's own util[j].
 * 11. util[j] = 0 where S[j] = 0; spot_util = 0 where the spot capacity is
 *     0; floor = 0 where there is no fleet; DSCR 99 where interest +
 *     principal = 0; LTV 99 where collateral is 0 and debt is not, 0 where
 *     both are 0 (the general "division by zero gives 0").
 * 12. The turned-away spot demand of step 10 is part of the shortage output
 *     and of the cumulative shortage.
 * 13. Backlog (step 10): "not stopped by t + 1" is sigma_d > t + 1 with
 *     sigma_d the stop quarter (expiry or default); a deal whose default
 *     is still ahead counts its whole remaining term, up to its end.
 * 14. lost (step 8) uses the default quarter delta_d only (random or
 *     deal_default); a deal with no default loses nothing, and the hours
 *     are the contract's own (capacity ramp H availability), not what
 *     supply would have delivered.
 * 15. The frontier's capex_shock factor for generation g at t is the
 *     product of the shocks active at t that target g or every generation,
 *     as in step 5; c_ref (t = 0, no events) uses the same formula with the
 *     factor 1.
 * 16. rate_shock adds to the interest rate only in its active quarters; the
 *     principal does not depend on it.
 * 17. The quarterly shock z_t is drawn for t >= 1 only (it enters ln tau,
 *     which moves from t = 1); the training phase is drawn whatever the
 *     amplitude.
 * 18. Integer quarter arithmetic: ramp_d, available_from and t are exact;
 *     every power of t is pow() of a double exponent t / 4.0 (not a running
 *     product), as the spec writes it.
 * 19. min DSCR is over every quarter, the 99 of a quarter without debt
 *     service included; first_dscr_below_1 uses DSCR < 1 strictly.
 * 20. The custom_beachhead curve keeps R's normalisation by L(0) of the
 *     base curve (R(t; start_e, w) = (L(t) - L(0)) / (1 - L(0)) with L
 *     centred on the event's start), so at its start it is not half-way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "gw-numeric.h"
#include "gw-sample.h"
#include "gw-ref.h"

#define H GW_HOURS_PER_QUARTER

/* Random streams of MODEL.md section 3. */
enum
{
  STREAM_SLOTS = 0,
  STREAM_DEALS = 1,
  STREAM_EVENTS = 2,
  STREAM_SHOCKS = 3,
  STREAM_TRAINING = 4,
};

/* The market's 31 slots, in the order of section 2's market row (and of
 * GwMarket), relet_quarters left out. */
#define MARKET_FIELDS(X) \
  X (price_0) X (utilization_0) X (inference_share_0) X (token_growth) X (efficiency_gain) \
  X (growth_halving_years) X (demand_volatility) X (training_growth) \
  X (training_cycle_quarters) X (training_amplitude) X (enterprise_max) \
  X (enterprise_midpoint) X (enterprise_width) X (custom_share_0) X (custom_share_max) \
  X (custom_midpoint) X (custom_width) X (elasticity) X (price_stickiness) \
  X (price_cap_multiple) X (pue) X (electricity) X (availability) X (idle_power_fraction) \
  X (unit_supply_0) X (unit_supply_growth) X (hbm_supply_0) X (hbm_growth) X (discount_rate) \
  X (cost_pass_through) X (cost_inflation)

typedef struct
{
#define DECLARE(f) double f;
  MARKET_FIELDS (DECLARE)
#undef DECLARE
} Market;

typedef struct
{
  const char *vendor;
  int         available;        /* available_from as t */
  double      unit_capex;
  double      capex_inflation;
  double      kw;
  double      perf;
  double      hbm;
  double      life;
  double      r;                /* r_g = 1 / (4 life_g) */
  double      V;                /* V_g = (1 - r_g) / (i + r_g) */
  double      crf;              /* CRF(4 life_g) */
} Gen;

typedef struct
{
  const GwProvider *row;
  double            power_mw;
  double            build_execution;
  double           *fleet_0;    /* [G] */
  double            debt;
  double            interest_rate;
  double            debt_share;
  double            loan_years;
  double            opex;
  double            amortizing_share;
} Prov;

typedef struct
{
  int    provider;
  int    from;
  int    to;
  double mw;
} Plan;

typedef struct
{
  int      provider;
  gboolean enabled;
  gboolean has_signed;
  int      signed_t;
  int      start;
  int      end;
  int      ramp_quarters;
  double   value;
  double   capacity;
  double   price;
  double   completion;
  int      delta;               /* default quarter, or GW_REF_NEVER */
  int      sigma;               /* stop quarter: min (end + 1, delta) */
  double   h;                   /* the hours it frees when it stops */
} Deal;

typedef struct
{
  GwEventKind kind;
  gboolean    enabled;
  int         start;
  gboolean    has_end;
  int         end;
  int         target;           /* row in the target's table, -1 = all */
  double      magnitude;
  double      probability;
  gboolean    happened;
} Event;

typedef struct
{
  const GwScenario *s;
  int     T;
  guint   G, P, B, D, E, K;
  guint32 key[2];
  Gen    *gen;
  Prov   *prov;
  Plan   *plan;
  Deal   *deal;
  Event  *ev;
  Market  m;
  double  i;                    /* the NPV's quarterly rate */
  double  opex_ref_0;           /* sum_j power_mw_j opex_j / sum_j power_mw_j */
  double  phase;                /* training phase */
} Ref;

/* ---------------------------------------------------------------------- */
/* Definitions of section 4                                               */
/* ---------------------------------------------------------------------- */

/* L(x; mid, w) = 1 / (1 + exp(-(x - mid) / w)) */
static double
logistic (double x,
          double mid,
          double w)
{
  return 1 / (1 + exp (-(x - mid) / w));
}

/* R(t; mid, w) = (L(t) - L(0)) / (1 - L(0)) */
static double
rise (double t,
      double mid,
      double w)
{
  double l0 = logistic (0, mid, w);

  return 1 - l0 == 0 ? 0 : (logistic (t, mid, w) - l0) / (1 - l0);   /* Reading 11 */
}

/* A(n) = (1 - (1 + i)^(-n)) / i as -expm1(-n log1p(i)) / i; n where i = 0 */
static double
annuity (double n,
         double i)
{
  if (i == 0)
    return n;
  return -expm1 (-n * log1p (i)) / i;
}

/* kappa(t) = (1 + cost_inflation)^(t/4) */
static double
kappa (const Ref *r,
       int        t)
{
  return pow (1 + r->m.cost_inflation, t / 4.0);
}

/* ramp_d(t) = min(1, (t - start + 1) / ramp_quarters), inside the term */
static double
ramp (const Deal *d,
      int         t)
{
  return MIN (1.0, (double) (t - d->start + 1) / d->ramp_quarters);
}

/* A division whose denominator is zero gives 0 (section 4). */
static double
ratio (double num,
       double den)
{
  return den == 0 ? 0 : num / den;
}

/* ---------------------------------------------------------------------- */
/* Section 3: random numbers, slots, events                               */
/* ---------------------------------------------------------------------- */

/* u = (word + 0.5) / 2^32 of draw k on a stream: counter (path, stream,
 * floor(k / 4), 0), word k mod 4. */
static double
draw_u (const Ref *r,
        guint32    path,
        guint32    stream,
        guint32    k)
{
  gw_u32 ctr[4] = { path, stream, k / 4, 0 };
  gw_u32 out[4];

  gw_philox4x32_10 (ctr, r->key, out);
  return gw_u01 (out[k % 4]);
}

static gboolean
event_active (const Event *e,
              int          t)
{
  return e->happened && t >= MAX (e->start, 0) && (!e->has_end || t <= e->end);
}

/* The product of the capex_shock magnitudes active at t on generation g. */
static double
capex_shock (const Ref *r,
             guint      g,
             int        t)
{
  double factor = 1;

  for (guint e = 0; e < r->E; e++)
    if (r->ev[e].kind == GW_EVENT_CAPEX_SHOCK && event_active (&r->ev[e], t) &&
        (r->ev[e].target < 0 || r->ev[e].target == (int) g))
      factor *= r->ev[e].magnitude;
  return factor;
}

static int
find_row (const GwScenario *s,
          GwTable           table,
          const char       *name)
{
  if (name == NULL || name[0] == '\0')
    return -1;
  return gw_scenario_find_row (s, table, name);
}

/* Reads the scenario's rows (everything that is never a distribution) and
 * lists every slot in the order of section 3, each with its distribution and
 * the number of this file that takes its sampled value. */
static guint
walk_slots (Ref           *r,
            const GwDist **dists,
            double       **dests)
{
  static const GwDist none_given = { GW_DIST_FIXED, { 0, 0, 0, 0 } };
  const GwScenario *s = r->s;
  guint k = 0;

#define SLOT(dist, dest) \
  G_STMT_START { if (dists != NULL) { dists[k] = (dist); dests[k] = (dest); } k++; } G_STMT_END

  /* generations: unit_capex, capex_inflation, kw_it, perf, hbm_gb, life_years */
  for (guint g = 0; g < r->G; g++)
    {
      const GwGeneration *row = gw_scenario_generation (s, g);
      Gen *gen = &r->gen[g];

      SLOT (&row->unit_capex, &gen->unit_capex);
      SLOT (&row->capex_inflation, &gen->capex_inflation);
      SLOT (&row->kw_it, &gen->kw);
      SLOT (&row->perf, &gen->perf);
      SLOT (&row->hbm_gb, &gen->hbm);
      SLOT (&row->life_years, &gen->life);
    }

  /* providers: power_mw, build_execution, the initial fleet of every
   * generation (0 where not given), debt, interest_rate, debt_share,
   * loan_years, opex, amortizing_share */
  for (guint j = 0; j < r->P; j++)
    {
      const GwProvider *row = gw_scenario_provider (s, j);
      Prov *p = &r->prov[j];

      SLOT (&row->power_mw, &p->power_mw);
      SLOT (&row->build_execution, &p->build_execution);
      for (guint g = 0; g < r->G; g++)
        {
          const GwDist *units = &none_given;

          for (guint f = 0; f < gw_scenario_n_rows (s, GW_TABLE_FLEET); f++)
            {
              const GwFleet *fleet = gw_scenario_fleet (s, f);

              if (g_strcmp0 (fleet->provider, row->name) == 0 &&
                  g_strcmp0 (fleet->generation, gw_scenario_generation (s, g)->name) == 0)
                units = &fleet->units;
            }
          SLOT (units, &p->fleet_0[g]);
        }
      SLOT (&row->debt, &p->debt);
      SLOT (&row->interest_rate, &p->interest_rate);
      SLOT (&row->debt_share, &p->debt_share);
      SLOT (&row->loan_years, &p->loan_years);
      SLOT (&row->opex, &p->opex);
      SLOT (&row->amortizing_share, &p->amortizing_share);
    }

  /* build plans: MW per quarter */
  for (guint b = 0; b < r->B; b++)
    SLOT (&gw_scenario_build_plan (s, b)->mw_per_quarter, &r->plan[b].mw);

  /* deals: value, capacity, price, completion_probability */
  for (guint d = 0; d < r->D; d++)
    {
      const GwDeal *row = gw_scenario_deal (s, d);

      SLOT (&row->value, &r->deal[d].value);
      SLOT (&row->capacity, &r->deal[d].capacity);
      SLOT (&row->price, &r->deal[d].price);
      SLOT (&row->completion_probability, &r->deal[d].completion);
    }

  /* market: price_0 ... cost_inflation */
#define MARKET_SLOT(f) SLOT (&s->market.f, &r->m.f);
  MARKET_FIELDS (MARKET_SLOT)
#undef MARKET_SLOT

  /* events: magnitude, probability */
  for (guint e = 0; e < r->E; e++)
    {
      const GwEvent *row = gw_scenario_event (s, e);

      SLOT (&row->magnitude, &r->ev[e].magnitude);
      SLOT (&row->probability, &r->ev[e].probability);
    }
#undef SLOT

  return k;
}

/* Inputs of a path (section 3): central values in the deterministic run;
 * else u_k from stream 0 (k = slot), the Gaussian copula over the slots in
 * correlation pairs, and each slot's inverse CDF. */
static void
sample_inputs (Ref      *r,
               guint32   path,
               gboolean  deterministic,
               double   *x)
{
  g_autofree const GwDist **dists = g_new0 (const GwDist *, r->K);
  g_autofree double **dests = g_new0 (double *, r->K);
  g_autofree double *u = g_new0 (double, r->K);
  g_autoptr(GwCopula) copula = NULL;
  g_autoptr(GError) error = NULL;

  walk_slots (r, dists, dests);

  if (!deterministic)
    {
      for (guint k = 0; k < r->K; k++)
        u[k] = draw_u (r, path, STREAM_SLOTS, k);

      copula = gw_scenario_copula (r->s, &error);
      if (copula == NULL)
        g_error ("reference: %s", error->message);
      if (copula->n > 0)
        {
          guint n = copula->n;
          g_autofree double *normal = g_new (double, n);

          /* n_k = Phi^-1(u_k), z = L n, u_k = Phi(z_k) */
          for (guint a = 0; a < n; a++)
            normal[a] = gw_phi_inv (u[copula->slots[a]]);
          for (guint a = 0; a < n; a++)
            {
              double z = 0;

              for (guint b = 0; b <= a; b++)
                z += copula->chol[a * n + b] * normal[b];
              /* Reading 5 */
              u[copula->slots[a]] = CLAMP (gw_phi (z), DBL_TRUE_MIN, 1 - DBL_EPSILON / 2);
            }
        }
    }

  for (guint k = 0; k < r->K; k++)
    {
      const GwDist *d = dists[k];

      if (deterministic)
        x[k] = gw_sample_central (d->kind, d->p[0], d->p[1], d->p[2], d->p[3]);
      else
        x[k] = gw_sample_icdf (d->kind, d->p[0], d->p[1], d->p[2], d->p[3], u[k]);
      *dests[k] = x[k];
    }
}

/* Section 4 step 7: value = capacity price H availability R_d gives the
 * third field from the two given, per path, after sampling. */
static void
derive_deals (Ref *r)
{
  for (guint d = 0; d < r->D; d++)
    {
      const GwDeal *row = gw_scenario_deal (r->s, d);
      Deal *deal = &r->deal[d];
      double R = 0, HA = H * r->m.availability;

      /* R_d: the ramp over the whole term, before t = 0 and after the
       * horizon included */
      for (int q = deal->start; q <= deal->end; q++)
        R += ramp (deal, q);

      if (!gw_dist_is_set (&row->value))
        deal->value = deal->capacity * deal->price * HA * R;
      else if (!gw_dist_is_set (&row->capacity))
        deal->capacity = deal->value / (deal->price * HA * R);
      else if (!gw_dist_is_set (&row->price))
        deal->price = deal->value / (deal->capacity * HA * R);
    }
}

/* Deal completion (section 3, stream 1) and deal_default events; then each
 * deal's stop quarter sigma_d and the hours h_d it frees (step 10). */
static void
draw_defaults (Ref      *r,
               guint32   path,
               gboolean  deterministic)
{
  for (guint d = 0; d < r->D; d++)
    {
      Deal *deal = &r->deal[d];
      int first = MAX (deal->start, 0);
      int n = deal->end - first + 1;

      deal->delta = GW_REF_NEVER;
      /* no random default in the deterministic run, with completion 1, or
       * with no quarter left */
      if (!deterministic && deal->completion != 1 && n >= 1)
        {
          double u = draw_u (r, path, STREAM_DEALS, d);
          double q = 1 - pow (deal->completion, 1.0 / n);
          double after = floor (log (u) / log (1 - q));

          /* Reading 4 */
          deal->delta = first + (int) MIN (after, 1e6);
        }
    }

  /* deal_default: the target deal stops; the earlier default wins
   * (Reading 3) */
  for (guint e = 0; e < r->E; e++)
    {
      const Event *ev = &r->ev[e];

      if (ev->kind == GW_EVENT_DEAL_DEFAULT && ev->happened && ev->target >= 0 &&
          (!ev->has_end || ev->end >= 0))
        {
          Deal *deal = &r->deal[ev->target];

          deal->delta = MIN (deal->delta, MAX (ev->start, 0));
        }
    }

  for (guint d = 0; d < r->D; d++)
    {
      Deal *deal = &r->deal[d];

      /* sigma_d: end_d + 1, or the default quarter when that is earlier */
      deal->sigma = deal->delta != GW_REF_NEVER ? MIN (deal->end + 1, deal->delta)
                                                : deal->end + 1;
      /* h_d = capacity ramp_d(sigma_d - 1) H availability; 0 where
       * sigma_d - 1 < start_d or sigma_d < 1 */
      if (deal->sigma - 1 < deal->start || deal->sigma < 1)
        deal->h = 0;
      else
        deal->h = deal->capacity * ramp (deal, deal->sigma - 1) * H * r->m.availability;
    }
}

/* Events happen when u < probability (stream 2, k = event row); in the
 * deterministic run when the central probability is >= 1. */
static void
draw_events (Ref      *r,
             guint32   path,
             gboolean  deterministic)
{
  for (guint e = 0; e < r->E; e++)
    {
      Event *ev = &r->ev[e];

      if (!ev->enabled)
        ev->happened = FALSE;
      else if (deterministic)
        ev->happened = ev->probability >= 1;
      else
        ev->happened = draw_u (r, path, STREAM_EVENTS, e) < ev->probability;
    }
}

/* ---------------------------------------------------------------------- */
/* Setting up a path                                                      */
/* ---------------------------------------------------------------------- */

static void
read_rows (Ref              *r,
           const GwScenario *s)
{
  int start = s->info.start;

  r->s = s;
  r->T = s->info.horizon;
  r->G = gw_scenario_n_generations (s);
  r->P = gw_scenario_n_providers (s);
  r->B = gw_scenario_n_rows (s, GW_TABLE_BUILD_PLANS);
  r->D = gw_scenario_n_deals (s);
  r->E = gw_scenario_n_events (s);
  /* key = (low 32 bits, high 32 bits) of the seed */
  r->key[0] = (guint32) (s->info.seed & 0xffffffffu);
  r->key[1] = (guint32) (s->info.seed >> 32);

  r->gen = g_new0 (Gen, MAX (r->G, 1));
  r->prov = g_new0 (Prov, MAX (r->P, 1));
  r->plan = g_new0 (Plan, MAX (r->B, 1));
  r->deal = g_new0 (Deal, MAX (r->D, 1));
  r->ev = g_new0 (Event, MAX (r->E, 1));

  for (guint g = 0; g < r->G; g++)
    {
      const GwGeneration *row = gw_scenario_generation (s, g);

      r->gen[g].vendor = row->vendor;
      r->gen[g].available = row->available_from - start;
    }
  for (guint j = 0; j < r->P; j++)
    {
      r->prov[j].row = gw_scenario_provider (s, j);
      r->prov[j].fleet_0 = g_new0 (double, MAX (r->G, 1));
    }
  for (guint b = 0; b < r->B; b++)
    {
      const GwBuildPlan *row = gw_scenario_build_plan (s, b);

      r->plan[b].provider = find_row (s, GW_TABLE_PROVIDERS, row->provider);
      r->plan[b].from = row->from - start;
      r->plan[b].to = row->to - start;
    }
  for (guint d = 0; d < r->D; d++)
    {
      const GwDeal *row = gw_scenario_deal (s, d);
      Deal *deal = &r->deal[d];

      deal->provider = find_row (s, GW_TABLE_PROVIDERS, row->provider);
      deal->enabled = row->enabled;
      deal->has_signed = row->signed_quarter != GW_QUARTER_NONE;
      deal->signed_t = deal->has_signed ? row->signed_quarter - start : 0;
      deal->start = row->start - start;
      deal->end = row->end - start;
      deal->ramp_quarters = row->ramp_quarters;
    }
  for (guint e = 0; e < r->E; e++)
    {
      const GwEvent *row = gw_scenario_event (s, e);
      Event *ev = &r->ev[e];

      ev->kind = row->kind;
      ev->enabled = row->enabled;
      ev->start = row->start - start;
      ev->has_end = row->end != GW_QUARTER_NONE;
      ev->end = ev->has_end ? row->end - start : 0;
      switch (ev->kind)
        {
        case GW_EVENT_CAPEX_SHOCK:
          ev->target = find_row (s, GW_TABLE_GENERATIONS, row->target);
          break;
        case GW_EVENT_POWER_DELAY:
          ev->target = find_row (s, GW_TABLE_PROVIDERS, row->target);
          break;
        case GW_EVENT_DEAL_DEFAULT:
          ev->target = find_row (s, GW_TABLE_DEALS, row->target);
          break;
        default:
          ev->target = -1;
          break;
        }
    }
  r->K = walk_slots (r, NULL, NULL);
}

static void
ref_clear (Ref *r)
{
  for (guint j = 0; j < r->P; j++)
    g_free (r->prov[j].fleet_0);
  g_free (r->gen);
  g_free (r->prov);
  g_free (r->plan);
  g_free (r->deal);
  g_free (r->ev);
}

/* The numbers of section 4's definitions that do not change over a path. */
static void
derive_constants (Ref *r)
{
  double power = 0, weighted = 0, plain = 0;

  /* i = (1 + discount_rate)^(1/4) - 1 */
  r->i = pow (1 + r->m.discount_rate, 1.0 / 4) - 1;
  for (guint g = 0; g < r->G; g++)
    {
      Gen *gen = &r->gen[g];

      gen->r = 1 / (4 * gen->life);
      gen->V = (1 - gen->r) / (r->i + gen->r);
      gen->crf = 1 / annuity (4 * gen->life, r->i);
    }

  /* opex_ref(t) / kappa(t): the initial-power-weighted mean opex, the plain
   * mean where no provider has power */
  for (guint j = 0; j < r->P; j++)
    {
      power += r->prov[j].power_mw;
      weighted += r->prov[j].power_mw * r->prov[j].opex;
      plain += r->prov[j].opex;
    }
  r->opex_ref_0 = power != 0 ? weighted / power : ratio (plain, r->P);
}

/* lc_g(t) of step 9: the levelized cost per H100e-hour of a unit of g
 * bought at t, with (events) or without the capex_shock events. */
static double
levelized_cost (const Ref *r,
                guint      g,
                int        t,
                gboolean   events)
{
  const Gen *gen = &r->gen[g];
  const Market *m = &r->m;
  double uc, elec, opex_ref, idle = m->idle_power_fraction, u0 = m->utilization_0;

  /* uc_g(t): step 5's price of one unit */
  uc = gen->unit_capex * pow (1 + gen->capex_inflation, (t - gen->available) / 4.0);
  if (events)
    uc *= capex_shock (r, g, t);
  elec = m->electricity * kappa (r, t);
  opex_ref = kappa (r, t) * r->opex_ref_0;
  return (uc * gen->crf + gen->kw * (m->pue * H * elec / 1000 * (idle + (1 - idle) * u0)
                                     + 3 * opex_ref))
         / (gen->perf * H * m->availability * u0);
}

/* c(t): the lowest lc_g(t) among the generations available at t, any
 * vendor. */
static double
frontier_cost (const Ref *r,
               int        t,
               gboolean   events)
{
  double c = INFINITY;

  for (guint g = 0; g < r->G; g++)
    if (r->gen[g].available <= t)
      c = MIN (c, levelized_cost (r, g, t, events));
  return c;
}

/* The resale value of one unit of g at provider j (steps 10 and 11):
 * max(0, m) V_g with the quarterly cash margin
 * m = p perf H availability u - kw (pue H elec / 1000 (idle + (1 - idle) u)
 *     + 3 opex_j) */
static double
unit_value (const Ref *r,
            guint      j,
            guint      g,
            int        t,
            double     p,
            double     u)
{
  const Gen *gen = &r->gen[g];
  const Market *m = &r->m;
  double elec = m->electricity * kappa (r, t);
  double opex = r->prov[j].opex * kappa (r, t);
  double idle = m->idle_power_fraction;
  double margin = p * gen->perf * H * m->availability * u
                  - gen->kw * (m->pue * H * elec / 1000 * (idle + (1 - idle) * u) + 3 * opex);

  return MAX (0, margin) * gen->V;
}

/* ---------------------------------------------------------------------- */
/* Section 4: the quarter step                                            */
/* ---------------------------------------------------------------------- */

/* What a path carries from one quarter to the next. */
typedef struct
{
  double *fleet;                /* [P * G] units, provider j's generation g at j * G + g */
  double *book;                 /* [P * G] $ */
  double *debt;                 /* [P] $ */
  double *power;                /* [P] facility MW */
  double *withheld;             /* [E * P] MW a power_delay with an end holds back */
  double  p_prev;
  double  ln_tau;
  double  ln_eff;
  double  D_0;                  /* demand at t = 0, and its inference and training parts */
  double  I_0;
  double  Tr_0;
  double  c_ref;                /* the frontier cost at t = 0 without events */
} State;

/* The numbers of one quarter that later steps use. */
typedef struct
{
  int     t;
  double  kappa;                /* kappa(t) */
  double  elec;                 /* elec(t) */
  double *dep;                  /* [P] */
  int    *gstar;                /* [P] g*_j, -1 for none */
  double *want;                 /* [P] */
  double *capex;                /* [P] */
  double  stranded;             /* sum_j stranded_mw[j] */
  double *S_j;                  /* [P] */
  double  S;
  double *C_d;                  /* [D] 0 where the deal is not live */
  double *C_j;                  /* [P] */
  double *delivered;            /* [P] */
  double  C_del;
  double  s;                    /* the custom share */
  double  D_ref;
  double  c;                    /* frontier cost c(t) */
  double  anchor;
  double  floor;
  double  p;
  double  D;
  double  used;
  double  utilization;
  double  shortage;
} Quarter;

static void
state_init (const Ref *r,
            State     *st)
{
  guint G = r->G, P = r->P;

  st->fleet = g_new0 (double, P * G + 1);
  st->book = g_new0 (double, P * G + 1);
  st->debt = g_new0 (double, P + 1);
  st->power = g_new0 (double, P + 1);
  st->withheld = g_new0 (double, r->E * P + 1);

  /* The start of a path: the initial fleet, its book
   * fleet unit_capex (1 - r_g)^a_g with a_g = max(0, -available_from) / 2
   * (average age; no inflation), the provider's debt and power,
   * p_prev = price_0, tau = eff = 1. */
  for (guint j = 0; j < P; j++)
    {
      for (guint g = 0; g < G; g++)
        {
          const Gen *gen = &r->gen[g];
          double age = MAX (0, -gen->available) / 2.0;

          st->fleet[j * G + g] = r->prov[j].fleet_0[g];
          st->book[j * G + g] = st->fleet[j * G + g] * gen->unit_capex * pow (1 - gen->r, age);
        }
      st->debt[j] = r->prov[j].debt;
      st->power[j] = r->prov[j].power_mw;
    }
  st->p_prev = r->m.price_0;
  st->ln_tau = 0;
  st->ln_eff = 0;
  st->c_ref = frontier_cost (r, 0, FALSE);
}

static void
state_clear (State *st)
{
  g_free (st->fleet);
  g_free (st->book);
  g_free (st->debt);
  g_free (st->power);
  g_free (st->withheld);
}

static void
quarter_init (const Ref *r,
              Quarter   *q)
{
  memset (q, 0, sizeof *q);
  q->dep = g_new0 (double, r->P + 1);
  q->gstar = g_new0 (int, r->P + 1);
  q->want = g_new0 (double, r->P + 1);
  q->capex = g_new0 (double, r->P + 1);
  q->S_j = g_new0 (double, r->P + 1);
  q->C_d = g_new0 (double, r->D + 1);
  q->C_j = g_new0 (double, r->P + 1);
  q->delivered = g_new0 (double, r->P + 1);
}

static void
quarter_clear (Quarter *q)
{
  g_free (q->dep);
  g_free (q->gstar);
  g_free (q->want);
  g_free (q->capex);
  g_free (q->S_j);
  g_free (q->C_d);
  g_free (q->C_j);
  g_free (q->delivered);
}

/* Step 1. Power (t >= 1): power[j] += plan[j](t) x build_execution[j], the
 * additions cut by the power_delay events active at t in row order; an
 * event with an end gives back what it withheld at t = end + 1
 * (Reading 7). */
static void
step_power (const Ref *r,
            State     *st,
            int        t)
{
  if (t < 1)
    return;
  for (guint j = 0; j < r->P; j++)
    {
      double plan = 0, add;

      for (guint b = 0; b < r->B; b++)
        if (r->plan[b].provider == (int) j && r->plan[b].from <= t && t <= r->plan[b].to)
          plan += r->plan[b].mw;
      add = plan * r->prov[j].build_execution;
      for (guint e = 0; e < r->E; e++)
        {
          const Event *ev = &r->ev[e];

          if (ev->kind == GW_EVENT_POWER_DELAY && event_active (ev, t) &&
              (ev->target < 0 || ev->target == (int) j))
            {
              st->withheld[e * r->P + j] += (1 - ev->magnitude) * add;
              add = ev->magnitude * add;
            }
        }
      st->power[j] += add;
      for (guint e = 0; e < r->E; e++)
        {
          const Event *ev = &r->ev[e];

          if (ev->kind == GW_EVENT_POWER_DELAY && ev->happened && ev->has_end &&
              t == ev->end + 1)
            st->power[j] += st->withheld[e * r->P + j];
        }
    }
}

/* Step 2. Retire and depreciate, every t, t = 0 included (V3):
 * fleet *= 1 - r_g; dep = sum_g book (1 - (1 - r_g)^2); book *= (1 - r_g)^2. */
static void
step_retire (const Ref *r,
             State     *st,
             Quarter   *q)
{
  for (guint j = 0; j < r->P; j++)
    {
      q->dep[j] = 0;
      for (guint g = 0; g < r->G; g++)
        {
          double rg = r->gen[g].r;

          st->fleet[j * r->G + g] *= 1 - rg;
          q->dep[j] += st->book[j * r->G + g] * (1 - (1 - rg) * (1 - rg));
          st->book[j * r->G + g] *= (1 - rg) * (1 - rg);
        }
    }
}

/* Step 3. Headroom, and the generation g*_j provider j buys: among its
 * vendors, the latest available_from <= t, ties to the later row; none
 * available wants 0. */
static void
step_headroom (const Ref   *r,
               const State *st,
               Quarter     *q)
{
  double pue = r->m.pue;

  for (guint j = 0; j < r->P; j++)
    {
      double used = 0, head;
      int best = -1;

      for (guint g = 0; g < r->G; g++)
        used += st->fleet[j * r->G + g] * r->gen[g].kw * pue / 1000;
      head = MAX (0, st->power[j] - used);
      for (guint g = 0; g < r->G; g++)
        if (r->gen[g].available <= q->t && gw_provider_buys (r->prov[j].row, r->gen[g].vendor) &&
            (best < 0 || r->gen[g].available >= r->gen[best].available))
          best = g;
      q->gstar[j] = best;
      q->want[j] = best >= 0 ? head * 1000 / (r->gen[best].kw * pue) : 0;
    }
}

/* Step 4. Chip supply: the share of what is wanted that the units and the
 * HBM made this quarter allow; a bound whose denominator is 0 does not
 * bind. */
static double
step_chip_supply (const Ref     *r,
                  const Quarter *q)
{
  const Market *m = &r->m;
  double U = m->unit_supply_0 * pow (m->unit_supply_growth, q->t / 4.0);
  double M = m->hbm_supply_0 * pow (m->hbm_growth, q->t / 4.0);
  double want = 0, want_hbm = 0, scale = 1;

  for (guint j = 0; j < r->P; j++)
    if (q->gstar[j] >= 0)
      {
        want += q->want[j];
        want_hbm += q->want[j] * r->gen[q->gstar[j]].hbm;
      }
  if (want > 0)
    scale = MIN (scale, U / want);
  if (want_hbm > 0)
    scale = MIN (scale, M / want_hbm);
  return scale;
}

/* Step 5. Build: new[j] = want[j] scale, at step 5's price (inflation since
 * available_from, capex_shock), a debt_share of it borrowed. */
static void
step_build (const Ref *r,
            State     *st,
            Quarter   *q,
            double     scale)
{
  q->stranded = 0;
  for (guint j = 0; j < r->P; j++)
    {
      int g = q->gstar[j];
      const Gen *gen;
      double new_units;

      q->capex[j] = 0;
      if (g < 0)
        continue;
      gen = &r->gen[g];
      new_units = q->want[j] * scale;
      q->stranded += (q->want[j] - new_units) * gen->kw * r->m.pue / 1000;
      st->fleet[j * r->G + g] += new_units;
      q->capex[j] = new_units * gen->unit_capex
                    * pow (1 + gen->capex_inflation, (q->t - gen->available) / 4.0)
                    * capex_shock (r, g, q->t);
      st->book[j * r->G + g] += q->capex[j];
      st->debt[j] += r->prov[j].debt_share * q->capex[j];
    }
}

/* Step 6. Supply: S[j] = sum_g fleet perf_g H availability. */
static void
step_supply (const Ref   *r,
             const State *st,
             Quarter     *q)
{
  q->S = 0;
  for (guint j = 0; j < r->P; j++)
    {
      q->S_j[j] = 0;
      for (guint g = 0; g < r->G; g++)
        q->S_j[j] += st->fleet[j * r->G + g] * r->gen[g].perf * H * r->m.availability;
      q->S += q->S_j[j];
    }
}

/* Step 7. Contracts: C_d = capacity ramp_d(t) H availability for the live
 * deals (enabled, in their term, before their default quarter);
 * delivered[j] = min(C[j], S[j]). */
static void
step_contracts (const Ref *r,
                Quarter   *q)
{
  int t = q->t;

  for (guint j = 0; j < r->P; j++)
    q->C_j[j] = 0;
  for (guint d = 0; d < r->D; d++)
    {
      const Deal *deal = &r->deal[d];
      gboolean live = deal->enabled && deal->start <= t && t <= deal->end && t < deal->delta;

      q->C_d[d] = live ? deal->capacity * ramp (deal, t) * H * r->m.availability : 0;
      if (deal->provider >= 0)
        q->C_j[deal->provider] += q->C_d[d];
    }
  q->C_del = 0;
  for (guint j = 0; j < r->P; j++)
    {
      q->delivered[j] = MIN (q->C_j[j], q->S_j[j]);
      q->C_del += q->delivered[j];
    }
}

/* Step 8. Demand at the anchor price, D_ref. */
static void
step_demand (const Ref *r,
             State     *st,
             Quarter   *q,
             guint32    path,
             gboolean   deterministic)
{
  const Market *m = &r->m;
  int t = q->t;
  double I, Tr, E, A = m->training_amplitude, lost = 0;

  if (t == 0)
    {
      st->D_0 = m->utilization_0 * q->S;
      st->I_0 = m->inference_share_0 * st->D_0;
      st->Tr_0 = st->D_0 - st->I_0;
    }
  else
    {
      /* g(t) = 1 + (growth - 1) 2^(-t / (4 growth_halving_years)); a
       * demand_shock multiplies the token growth inside it (Reading 9); the
       * shock z_t = Phi^-1(u), stream 3, k = 4 t */
      double decay = pow (2, -t / (4 * m->growth_halving_years));
      double z = deterministic ? 0 : gw_phi_inv (draw_u (r, path, STREAM_SHOCKS, 4 * t));
      double token_growth = m->token_growth;

      for (guint e = 0; e < r->E; e++)
        if (r->ev[e].kind == GW_EVENT_DEMAND_SHOCK && event_active (&r->ev[e], t))
          token_growth *= r->ev[e].magnitude;
      st->ln_tau += log (1 + (token_growth - 1) * decay) / 4 + m->demand_volatility * z;
      st->ln_eff += log (1 + (m->efficiency_gain - 1) * decay) / 4;
    }

  /* I = I_0 tau / eff */
  I = st->I_0 * exp (st->ln_tau) / exp (st->ln_eff);
  /* Tr = Tr_0 training_growth^(t/4) (1 + A sin(2 pi t / cycle + phase)) / (1 + A sin(phase)) */
  Tr = st->Tr_0 * pow (m->training_growth, t / 4.0)
       * (1 + A * sin (2 * G_PI * t / m->training_cycle_quarters + r->phase))
       / (1 + A * sin (r->phase));
  /* E = enterprise_max D_0 R(t; enterprise_midpoint, enterprise_width) */
  E = m->enterprise_max * st->D_0 * rise (t, m->enterprise_midpoint, m->enterprise_width);
  /* s, and custom_beachhead's curves (Reading 8) */
  q->s = m->custom_share_0 + (m->custom_share_max - m->custom_share_0)
                             * rise (t, m->custom_midpoint, m->custom_width);
  for (guint e = 0; e < r->E; e++)
    if (r->ev[e].kind == GW_EVENT_CUSTOM_BEACHHEAD && event_active (&r->ev[e], t))
      q->s = MAX (q->s, m->custom_share_0
                        + (m->custom_share_max + r->ev[e].magnitude - m->custom_share_0)
                          * rise (t, r->ev[e].start, m->custom_width));
  q->D_ref = (I + Tr + E) * (1 - q->s) / (1 - m->custom_share_0);

  /* V10: a buyer that defaulted takes its demand along (Reading 14) */
  for (guint d = 0; d < r->D; d++)
    {
      const Deal *deal = &r->deal[d];

      if (deal->enabled && deal->delta != GW_REF_NEVER &&
          MAX (deal->delta, deal->start) <= t && t <= deal->end)
        lost += deal->capacity * ramp (deal, t) * H * m->availability;
    }
  q->D_ref = MAX (0, q->D_ref - lost);
}

/* Step 9. Price around the anchor (V1), demand and utilization. */
static void
step_price (const Ref *r,
            State     *st,
            Quarter   *q)
{
  const Market *m = &r->m;
  double cost = 0, perf = 0, cap, p_star;

  /* the frontier cost c(t), events included, and the anchor */
  q->c = frontier_cost (r, q->t, TRUE);
  q->anchor = m->price_0 * pow (q->c / st->c_ref, m->cost_pass_through);

  /* floor = sum_j sum_g fleet kw_g (pue elec(t) / 1000 + 3 opex_j(t) / H)
   *         / (availability sum_j sum_g fleet perf_g) */
  for (guint j = 0; j < r->P; j++)
    for (guint g = 0; g < r->G; g++)
      {
        double units = st->fleet[j * r->G + g];

        cost += units * r->gen[g].kw
                * (m->pue * q->elec / 1000 + 3 * r->prov[j].opex * q->kappa / H);
        perf += units * r->gen[g].perf;
      }
  q->floor = ratio (cost, m->availability * perf);
  cap = m->price_cap_multiple * q->anchor;

  if (q->S == 0)
    p_star = st->p_prev;
  else
    p_star = q->anchor * pow (MAX (q->D_ref, q->C_del) / (m->utilization_0 * q->S),
                              1 / m->elasticity);
  /* the cap wins over the floor (Reading 1) */
  p_star = MIN (MAX (p_star, q->floor), cap);
  q->p = exp (m->price_stickiness * log (st->p_prev) + (1 - m->price_stickiness) * log (p_star));
  st->p_prev = q->p;

  q->D = MAX (q->C_del, q->D_ref * pow (q->p / q->anchor, -m->elasticity));
  q->used = MIN (q->S, q->D);
  q->utilization = ratio (q->used, q->S);
  q->shortage = MAX (0, q->D - q->S);
  for (guint j = 0; j < r->P; j++)
    q->shortage += q->C_j[j] - q->delivered[j];
}

#define PRV(j, s) out->provider[((j) * GW_REF_N_PROVIDER + (s)) * r->T + q->t]

/* Step 10. Providers: re-letting (V5), spot, the income statement, debt
 * service (V4), resale value (V2) and backlog (V6). */
static void
step_providers (const Ref *r,
                State     *st,
                Quarter   *q,
                GwRefPath *out)
{
  const Market *m = &r->m;
  const double idle = m->idle_power_fraction;
  g_autofree double *spot_cap = g_new0 (double, r->P + 1);
  double spot_demand, sum_spot_cap = 0, spot_util, rate_shock = 0;
  int t = q->t;

  /* vacant[j]: the last hours h_d of j's deals that stopped within the
   * last relet_quarters quarters, at most what the contracts leave */
  for (guint j = 0; j < r->P; j++)
    {
      double freed = 0, vacant;

      for (guint d = 0; d < r->D; d++)
        {
          const Deal *deal = &r->deal[d];

          if (deal->provider == (int) j && deal->enabled && 0 <= t - deal->sigma &&
              t - deal->sigma < r->s->market.relet_quarters)
            freed += deal->h;
        }
      vacant = MIN (q->S_j[j] - q->delivered[j], freed);
      PRV (j, GW_REF_VACANT_HOURS) = vacant;
      spot_cap[j] = q->S_j[j] - q->delivered[j] - vacant;
      sum_spot_cap += spot_cap[j];
    }
  spot_demand = q->used - q->C_del;
  spot_util = MIN (1, ratio (spot_demand, sum_spot_cap));
  /* what vacant capacity turns away is short (Reading 12) */
  q->shortage += MAX (0, spot_demand - sum_spot_cap);

  for (guint e = 0; e < r->E; e++)
    if (r->ev[e].kind == GW_EVENT_RATE_SHOCK && event_active (&r->ev[e], t))
      rate_shock += r->ev[e].magnitude;

  for (guint j = 0; j < r->P; j++)
    {
      const Prov *pr = &r->prov[j];
      double contract = 0, spot_hours, spot, revenue, util, kw = 0, energy, opex, ebitda;
      double interest, principal, dscr, fcf, collateral = 0, ltv, backlog = 0, fleet_mw = 0;

      /* contract revenue = sum of billed_d = C_d price_d delivered[j] / C[j] */
      for (guint d = 0; d < r->D; d++)
        if (r->deal[d].provider == (int) j && q->C_d[d] > 0)
          contract += q->C_d[d] * r->deal[d].price * q->delivered[j] / q->C_j[j];
      spot_hours = spot_cap[j] * spot_util;
      spot = spot_hours * q->p;
      revenue = contract + spot;

      /* util[j], energy, opex and EBITDA */
      util = ratio (q->delivered[j] + spot_hours, q->S_j[j]);
      for (guint g = 0; g < r->G; g++)
        kw += st->fleet[j * r->G + g] * r->gen[g].kw;
      energy = kw * m->pue * H * (idle + (1 - idle) * util) * q->elec / 1000;
      opex = pr->opex * q->kappa * 3 * kw;
      ebitda = revenue - energy - opex;

      /* debt service, after this quarter's draw; rate_shock adds to the
       * rate (Reading 16) */
      interest = st->debt[j] * (pr->interest_rate + rate_shock) / 4;
      principal = pr->amortizing_share * st->debt[j] / (4 * pr->loan_years);
      st->debt[j] -= principal;
      dscr = interest + principal == 0 ? 99 : ebitda / (interest + principal);
      fcf = ebitda - q->capex[j] + pr->debt_share * q->capex[j] - interest - principal;

      /* resale value at the market's price and utilization (Reading 10) */
      for (guint g = 0; g < r->G; g++)
        collateral += st->fleet[j * r->G + g] * unit_value (r, j, g, t, q->p, q->utilization);
      if (collateral == 0)
        ltv = st->debt[j] == 0 ? 0 : 99;
      else
        ltv = st->debt[j] / collateral;

      /* backlog: signed by t, not stopped by t + 1 (Reading 13) */
      for (guint d = 0; d < r->D; d++)
        {
          const Deal *deal = &r->deal[d];

          if (deal->provider != (int) j || !deal->enabled ||
              (deal->has_signed && deal->signed_t > t) || deal->sigma <= t + 1)
            continue;
          for (int tau = MAX (t + 1, deal->start); tau <= deal->end; tau++)
            backlog += deal->capacity * ramp (deal, tau) * H * m->availability * deal->price;
        }

      PRV (j, GW_REF_REVENUE) = revenue;
      PRV (j, GW_REF_CONTRACT_REVENUE) = contract;
      PRV (j, GW_REF_SPOT_REVENUE) = spot;
      PRV (j, GW_REF_EBITDA) = ebitda;
      PRV (j, GW_REF_NET_INCOME) = ebitda - q->dep[j] - interest;
      PRV (j, GW_REF_DEPRECIATION) = q->dep[j];
      PRV (j, GW_REF_INTEREST) = interest;
      PRV (j, GW_REF_PRINCIPAL) = principal;
      PRV (j, GW_REF_FCF) = fcf;
      PRV (j, GW_REF_CAPEX) = q->capex[j];
      PRV (j, GW_REF_DEBT) = st->debt[j];
      PRV (j, GW_REF_DSCR) = dscr;
      PRV (j, GW_REF_COLLATERAL) = collateral;
      PRV (j, GW_REF_LTV) = ltv;
      PRV (j, GW_REF_BACKLOG) = backlog;
      /* fleet MW: used[j] of step 3, after step 5 */
      for (guint g = 0; g < r->G; g++)
        fleet_mw += st->fleet[j * r->G + g] * r->gen[g].kw * m->pue / 1000;
      PRV (j, GW_REF_FLEET_MW) = fleet_mw;

      out->npv[j] += fcf * pow (1 + m->discount_rate, -(t + 1) / 4.0);
      out->min_dscr[j] = MIN (out->min_dscr[j], dscr);
      if (dscr < 1 && out->first_dscr_below_1[j] < 0)
        out->first_dscr_below_1[j] = t;
    }
}

#undef PRV

/* Step 11. At the horizon, the fleet valued at a normal market (the anchor
 * price of T - 1 and utilization_0), less the debt of T - 1 (Reading 2),
 * discounted at T / 4 years. */
static void
step_horizon (const Ref       *r,
              const State     *st,
              const Quarter   *q,
              GwRefPath       *out)
{
  out->price_horizon = st->p_prev;
  for (guint j = 0; j < r->P; j++)
    {
      double tv = 0;

      for (guint g = 0; g < r->G; g++)
        tv += st->fleet[j * r->G + g]
              * unit_value (r, j, g, r->T - 1, q->anchor, r->m.utilization_0);
      out->npv[j] += (tv - st->debt[j]) * pow (1 + r->m.discount_rate, -r->T / 4.0);
    }
}

#define MKT(s) out->market[(s) * r->T + t]

static void
run_quarters (Ref       *r,
              GwRefPath *out,
              guint32    path,
              gboolean   deterministic)
{
  State st = { 0 };
  Quarter q;

  state_init (r, &st);
  quarter_init (r, &q);
  for (guint j = 0; j < r->P; j++)
    {
      out->min_dscr[j] = INFINITY;
      out->first_dscr_below_1[j] = -1;
    }

  for (int t = 0; t < r->T; t++)
    {
      q.t = t;
      q.kappa = kappa (r, t);
      q.elec = r->m.electricity * q.kappa;

      step_power (r, &st, t);
      step_retire (r, &st, &q);
      step_headroom (r, &st, &q);
      step_build (r, &st, &q, step_chip_supply (r, &q));
      step_supply (r, &st, &q);
      step_contracts (r, &q);
      step_demand (r, &st, &q, path, deterministic);
      step_price (r, &st, &q);
      step_providers (r, &st, &q, out);

      MKT (GW_REF_PRICE) = q.p;
      MKT (GW_REF_ANCHOR) = q.anchor;
      MKT (GW_REF_FRONTIER_COST) = q.c;
      MKT (GW_REF_SUPPLY) = q.S;
      MKT (GW_REF_DEMAND) = q.D;
      MKT (GW_REF_UTILIZATION) = q.utilization;
      MKT (GW_REF_SHORTAGE) = q.shortage;
      MKT (GW_REF_CUSTOM_SHARE) = q.s;
      MKT (GW_REF_FLOOR) = q.floor;
      MKT (GW_REF_STRANDED_MW) = q.stranded;
      out->cumulative_shortage += q.shortage;
    }
  step_horizon (r, &st, &q, out);

  quarter_clear (&q);
  state_clear (&st);
}

#undef MKT

/* ---------------------------------------------------------------------- */
/* Public API                                                             */
/* ---------------------------------------------------------------------- */

/**
 * gw_ref_run:
 * @resolved: a scenario with its variant applied (gw_scenario_resolve())
 * @path: the path number, the first word of every Philox counter
 * @deterministic: the deterministic run of section 3 (central values, no
 *   shocks, no random defaults, phase 0, the events of probability >= 1);
 *   @path is then unused
 *
 * Returns: (transfer full): every output of the path
 */
GwRefPath *
gw_ref_run (const GwScenario *resolved,
            guint32           path,
            gboolean          deterministic)
{
  GwRefPath *out = g_new0 (GwRefPath, 1);
  Ref r = { 0 };

  read_rows (&r, resolved);
  out->T = r.T;
  out->P = r.P;
  out->K = r.K;
  out->D = r.D;
  out->E = r.E;
  out->market = g_new0 (double, GW_REF_N_MARKET * r.T);
  out->provider = g_new0 (double, MAX (r.P, 1) * GW_REF_N_PROVIDER * r.T);
  out->npv = g_new0 (double, MAX (r.P, 1));
  out->min_dscr = g_new0 (double, MAX (r.P, 1));
  out->first_dscr_below_1 = g_new0 (int, MAX (r.P, 1));
  out->x = g_new0 (double, MAX (r.K, 1));
  out->default_quarter = g_new0 (int, MAX (r.D, 1));
  out->event_happened = g_new0 (gboolean, MAX (r.E, 1));

  sample_inputs (&r, path, deterministic, out->x);
  derive_deals (&r);
  derive_constants (&r);
  draw_events (&r, path, deterministic);
  draw_defaults (&r, path, deterministic);
  /* the training phase, 2 pi u from stream 4, k = 0 */
  r.phase = deterministic ? 0 : 2 * G_PI * draw_u (&r, path, STREAM_TRAINING, 0);

  run_quarters (&r, out, path, deterministic);

  for (guint d = 0; d < r.D; d++)
    out->default_quarter[d] = r.deal[d].delta;
  for (guint e = 0; e < r.E; e++)
    out->event_happened[e] = r.ev[e].happened;
  ref_clear (&r);
  return out;
}

void
gw_ref_path_free (GwRefPath *path)
{
  if (path == NULL)
    return;
  g_free (path->market);
  g_free (path->provider);
  g_free (path->npv);
  g_free (path->min_dscr);
  g_free (path->first_dscr_below_1);
  g_free (path->x);
  g_free (path->default_quarter);
  g_free (path->event_happened);
  g_free (path);
}

double
gw_ref_market (const GwRefPath *path,
               GwRefMarket      series,
               int              t)
{
  return path->market[series * path->T + t];
}

double
gw_ref_provider (const GwRefPath *path,
                 guint            provider,
                 GwRefProvider    series,
                 int              t)
{
  return path->provider[(provider * GW_REF_N_PROVIDER + series) * path->T + t];
}

/* The names of the series in files, CSV and JSON (section 5). */
const char *
gw_ref_market_name (GwRefMarket series)
{
  static const char * const names[GW_REF_N_MARKET] = {
    "price", "anchor", "frontier_cost", "supply", "demand", "utilization", "shortage",
    "custom_share", "floor", "stranded_mw",
  };

  return names[series];
}

const char *
gw_ref_provider_name (GwRefProvider series)
{
  static const char * const names[GW_REF_N_PROVIDER] = {
    "revenue", "contract_revenue", "spot_revenue", "ebitda", "net_income", "depreciation",
    "interest", "principal", "fcf", "capex", "debt", "dscr", "collateral", "ltv", "backlog",
    "vacant_hours", "fleet_mw",
  };

  return names[series];
}
