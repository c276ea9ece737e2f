/* gw-path.h: one Monte Carlo path of MODEL.md sections 3 and 4
 *
 * Header-only; compiles as C11 (the CPU reference engine, GW_REAL double)
 * and as OpenCL C 1.2 (the kernels, GW_REAL float or double), so the two
 * engines run the same quarter step and cannot drift apart.
 *
 * The includer defines, before including this file:
 *   GW_EMIT(col, v)         store series value v; col = series * T + t
 *   GW_EMIT_SCALAR(i, v)    store per-path scalar i
 * and may define:
 *   GW_PLAN_AS              address space of the plan (OpenCL: __global)
 *   GW_SCRATCH_AS           address space of the scratch (default private)
 *   GW_ACC                  accumulator type (default GW_REAL)
 *   GW_SINK_DECL            extra parameters of gw_path_run() that GW_EMIT
 *                           and GW_EMIT_SCALAR use, with a leading comma
 *
 * The plan is two flat arrays built on the host by gw-plan.c: integers
 * (pi) and reals (pr), with the layout of the GW_PI_* header words below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef GW_PATH_H
#define GW_PATH_H

#include "gw-sample.h"

#ifndef GW_PLAN_AS
#define GW_PLAN_AS
#endif
#ifndef GW_SCRATCH_AS
#define GW_SCRATCH_AS
#endif
#ifndef GW_ACC
#define GW_ACC GW_REAL
#endif

#define GW_H GW_C (2190.0)
#define GW_PI_CONST GW_C (3.14159265358979323846)
/* 2^-64: the smallest u the copula may hand an inverse CDF (Phi rounds) */
#define GW_TINY_U GW_C (5.42101086242752217e-20)

/* Header words of the integer plan. Dimensions first, then offsets into
 * pi (integer tables) and pr (real tables). */
#define GW_PI_T           0
#define GW_PI_G           1
#define GW_PI_P           2
#define GW_PI_B           3
#define GW_PI_D           4
#define GW_PI_E           5
#define GW_PI_K           6
#define GW_PI_NC          7
#define GW_PI_AVAIL       8   /* [G] available_from - start */
#define GW_PI_GSTAR       9   /* [P][T] generation bought, or -1 */
#define GW_PI_BP          10  /* [B][3] provider, from, to */
#define GW_PI_DEAL        11  /* [D][6] provider, enabled, start, end, ramp, derived */
#define GW_PI_EVENT       12  /* [E][4] kind, enabled, start, target */
#define GW_PI_COP_SLOTS   13  /* [NC] */
#define GW_PI_SLOT_KIND   14  /* [K] */
#define GW_PR_SLOT_PARAM  15  /* pr offset: [K][4] */
#define GW_PR_CHOL        16  /* pr offset: [NC][NC] lower, row-major */
#define GW_PI_SCRATCH     17  /* scratch reals needed per path */
#define GW_PI_N_HEADER    18

/* Event kinds, as GwEventKind in gw-scenario.h. */
#define GW_EV_CAPEX_SHOCK      0
#define GW_EV_RATE_SHOCK       1
#define GW_EV_DEMAND_SHOCK     2
#define GW_EV_POWER_DELAY      3
#define GW_EV_CUSTOM_BEACHHEAD 4
#define GW_EV_DEAL_DEFAULT     5

/* Random streams of MODEL.md section 3. */
#define GW_STREAM_SLOTS    0
#define GW_STREAM_DEALS    1
#define GW_STREAM_EVENTS   2
#define GW_STREAM_SHOCKS   3
#define GW_STREAM_TRAINING 4

/* Series. Market series first, then GW_N_PROVIDER_SERIES per provider:
 * series index = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j + field. */
#define GW_S_PRICE         0
#define GW_S_SUPPLY        1
#define GW_S_DEMAND        2
#define GW_S_UTILIZATION   3
#define GW_S_SHORTAGE      4
#define GW_S_CUSTOM_SHARE  5
#define GW_S_FLOOR         6
#define GW_S_STRANDED_MW   7
#define GW_S_CONTRACTED    8
#define GW_S_DEMAND_INFERENCE  9   /* the price-responsive demand by segment: */
#define GW_S_DEMAND_TRAINING   10  /* I, Tr, E x (1 - s) / (1 - s0) x (p / p0)^-e; */
#define GW_S_DEMAND_ENTERPRISE 11  /* demand = max (contracted, their sum) */
#define GW_N_MARKET_SERIES 12

#define GW_SP_REVENUE          0
#define GW_SP_CONTRACT_REVENUE 1
#define GW_SP_SPOT_REVENUE     2
#define GW_SP_EBITDA           3
#define GW_SP_NET_INCOME       4
#define GW_SP_CAPEX            5
#define GW_SP_DEBT             6
#define GW_SP_DSCR             7
#define GW_SP_LTV              8
#define GW_SP_BACKLOG          9
#define GW_SP_FLEET_MW         10
#define GW_SP_SUPPLY           11
#define GW_N_PROVIDER_SERIES   12

/* Scalars: two market scalars, then GW_N_PROVIDER_SCALARS per provider. */
#define GW_X_PRICE_HORIZON     0
#define GW_X_CUM_SHORTAGE      1
#define GW_N_MARKET_SCALARS    2
#define GW_XP_NPV              0
#define GW_XP_MIN_DSCR         1
#define GW_XP_FIRST_DSCR_BELOW 2
#define GW_N_PROVIDER_SCALARS  3

/* Input slots (MODEL.md section 3), as offsets into the sampled inputs. */
#define GW_GEN_UNIT_CAPEX      0
#define GW_GEN_CAPEX_INFLATION 1
#define GW_GEN_KW_IT           2
#define GW_GEN_PERF            3
#define GW_GEN_HBM_GB          4
#define GW_GEN_LIFE_YEARS      5
#define GW_N_GEN_SLOTS         6

#define GW_PROV_POWER_MW        0
#define GW_PROV_BUILD_EXECUTION 1
#define GW_PROV_FLEET           2  /* then G fleet slots, then: */
#define GW_PROV_DEBT            0
#define GW_PROV_INTEREST_RATE   1
#define GW_PROV_DEBT_SHARE      2
#define GW_PROV_LOAN_YEARS      3
#define GW_PROV_OPEX            4

#define GW_DEAL_VALUE      0
#define GW_DEAL_CAPACITY   1
#define GW_DEAL_PRICE      2
#define GW_DEAL_COMPLETION 3

#define GW_M_PRICE_0                 0
#define GW_M_UTILIZATION_0           1
#define GW_M_INFERENCE_SHARE_0       2
#define GW_M_TOKEN_GROWTH            3
#define GW_M_EFFICIENCY_GAIN         4
#define GW_M_GROWTH_HALVING_YEARS    5
#define GW_M_DEMAND_VOLATILITY       6
#define GW_M_TRAINING_GROWTH         7
#define GW_M_TRAINING_CYCLE_QUARTERS 8
#define GW_M_TRAINING_AMPLITUDE      9
#define GW_M_ENTERPRISE_MAX          10
#define GW_M_ENTERPRISE_MIDPOINT     11
#define GW_M_ENTERPRISE_WIDTH        12
#define GW_M_CUSTOM_SHARE_0          13
#define GW_M_CUSTOM_SHARE_MAX        14
#define GW_M_CUSTOM_MIDPOINT         15
#define GW_M_CUSTOM_WIDTH            16
#define GW_M_ELASTICITY              17
#define GW_M_PRICE_STICKINESS        18
#define GW_M_PRICE_CAP_MULTIPLE      19
#define GW_M_PUE                     20
#define GW_M_ELECTRICITY             21
#define GW_M_AVAILABILITY            22
#define GW_M_IDLE_POWER_FRACTION     23
#define GW_M_UNIT_SUPPLY_0           24
#define GW_M_UNIT_SUPPLY_GROWTH      25
#define GW_M_HBM_SUPPLY_0            26
#define GW_M_HBM_GROWTH              27
#define GW_M_DISCOUNT_RATE           28
#define GW_N_M_SLOTS                 29

/* Path modes. */
#define GW_MODE_RANDOM        0
#define GW_MODE_DETERMINISTIC 1

#define GW_DSCR_NONE  GW_C (99.0)
#define GW_LTV_NONE   GW_C (99.0)
#define GW_NEVER      (1 << 30)

#define GW_PI(name) pi[pi[GW_PI_##name]]

/* Slot bases, from the dimensions. */
#define GW_SLOT_GEN(g, f)     (GW_N_GEN_SLOTS * (g) + (f))
#define GW_SLOT_PROV0(j)      (GW_N_GEN_SLOTS * G + (7 + G) * (j))
#define GW_SLOT_PROV_A(j, f)  (GW_SLOT_PROV0 (j) + (f))
#define GW_SLOT_FLEET(j, g)   (GW_SLOT_PROV0 (j) + GW_PROV_FLEET + (g))
#define GW_SLOT_PROV_B(j, f)  (GW_SLOT_PROV0 (j) + 2 + G + (f))
#define GW_SLOT_BP(b)         (GW_N_GEN_SLOTS * G + (7 + G) * P + (b))
#define GW_SLOT_DEAL(d, f)    (GW_SLOT_BP (B) + 4 * (d) + (f))
#define GW_SLOT_M(f)          (GW_SLOT_DEAL (D, 0) + (f))
#define GW_SLOT_EVENT(e, f)   (GW_SLOT_M (GW_N_M_SLOTS) + 2 * (e) + (f))

/* Uniform draw k of a stream of a path (MODEL.md section 3). */
static inline GW_REAL
gw_path_u01 (gw_u32 path,
             gw_u32 stream,
             gw_u32 k,
             gw_u32 key0,
             gw_u32 key1)
{
  gw_u32 ctr[4];
  gw_u32 key[2];
  gw_u32 out[4];

  ctr[0] = path;
  ctr[1] = stream;
  ctr[2] = k / 4;
  ctr[3] = 0;
  key[0] = key0;
  key[1] = key1;
  gw_philox4x32_10 (ctr, key, out);
  return gw_u01 (out[k % 4]);
}

/* Sum of a deal's ramp over quarters [a, end] (a >= start), closed form. */
static inline GW_REAL
gw_path_ramp_sum (int start,
                  int end,
                  int ramp,
                  int a)
{
  int ma = a - start + 1;       /* ramp index m = tau - start + 1, >= 1 */
  int me = end - start + 1;
  int hi;
  int lo;
  GW_REAL sum = 0;

  if (ma < 1)
    ma = 1;
  if (ma > me)
    return 0;
  /* m < ramp: m / ramp */
  hi = me < ramp - 1 ? me : ramp - 1;
  if (hi >= ma)
    sum += (GW_REAL) (hi + ma) * (GW_REAL) (hi - ma + 1) / (GW_REAL) (2 * ramp);
  /* m >= ramp: 1 */
  lo = ma > ramp ? ma : ramp;
  if (me >= lo)
    sum += (GW_REAL) (me - lo + 1);
  return sum;
}

static inline GW_REAL
gw_path_ramp (int start,
              int ramp,
              int t)
{
  GW_REAL r = (GW_REAL) (t - start + 1) / (GW_REAL) ramp;

  return r < 1 ? r : GW_C (1.0);
}

/* R(t; mid, w) of MODEL.md section 4. */
static inline GW_REAL
gw_path_rise (GW_REAL t,
              GW_REAL mid,
              GW_REAL w)
{
  GW_REAL l0 = 1 / (1 + exp (mid / w));
  GW_REAL lt = 1 / (1 + exp (-(t - mid) / w));
  GW_REAL den = 1 - l0;

  return den != 0 ? (lt - l0) / den : GW_C (0.0);
}

static inline GW_REAL
gw_path_div (GW_REAL a,
             GW_REAL b)
{
  return b != 0 ? a / b : GW_C (0.0);
}

/* Sample every input slot of a path into x[0..K-1] (stream 0 and the
 * copula). In GW_MODE_DETERMINISTIC every slot takes its central value
 * except swing_slot, which takes its inverse CDF at swing_u. */
static inline void
gw_path_sample_inputs (GW_PLAN_AS const int     *pi,
                       GW_PLAN_AS const GW_REAL *pr,
                       gw_u32                    path,
                       int                       mode,
                       int                       swing_slot,
                       GW_REAL                   swing_u,
                       gw_u32                    key0,
                       gw_u32                    key1,
                       GW_SCRATCH_AS GW_REAL    *x,
                       GW_SCRATCH_AS GW_REAL    *cop)
{
#ifdef GW_DIM_K
  const int K = GW_DIM_K;
  const int NC = GW_DIM_NC;
#else
  const int K = pi[GW_PI_K];
  const int NC = pi[GW_PI_NC];
#endif
  GW_PLAN_AS const int *kind = pi + pi[GW_PI_SLOT_KIND];
  GW_PLAN_AS const GW_REAL *par = pr + pi[GW_PR_SLOT_PARAM];
  GW_PLAN_AS const int *cslots = pi + pi[GW_PI_COP_SLOTS];
  GW_PLAN_AS const GW_REAL *chol = pr + pi[GW_PR_CHOL];

  if (mode == GW_MODE_DETERMINISTIC)
    {
      for (int k = 0; k < K; k++)
        {
          GW_PLAN_AS const GW_REAL *q = par + 4 * k;

          if (k == swing_slot)
            x[k] = gw_sample_icdf (kind[k], q[0], q[1], q[2], q[3], swing_u);
          else
            x[k] = gw_sample_central (kind[k], q[0], q[1], q[2], q[3]);
        }
      return;
    }

  /* Uniforms first; x[k] holds u_k until the inverse CDF below. */
  for (int k = 0; k < K; k += 4)
    {
      gw_u32 ctr[4];
      gw_u32 key[2];
      gw_u32 out[4];

      ctr[0] = path;
      ctr[1] = GW_STREAM_SLOTS;
      ctr[2] = (gw_u32) (k / 4);
      ctr[3] = 0;
      key[0] = key0;
      key[1] = key1;
      gw_philox4x32_10 (ctr, key, out);
      for (int w = 0; w < 4 && k + w < K; w++)
        x[k + w] = gw_u01 (out[w]);
    }

  /* Gaussian copula: n = Phi^-1(u), z = L n, u = Phi(z). */
  for (int a = 0; a < NC; a++)
    cop[a] = gw_phi_inv (x[cslots[a]]);
  for (int a = NC - 1; a >= 0; a--)
    {
      GW_REAL z = 0;

      for (int b = 0; b <= a; b++)
        z += chol[a * NC + b] * cop[b];
      x[cslots[a]] = gw_phi (z);
    }

  for (int k = 0; k < K; k++)
    {
      GW_PLAN_AS const GW_REAL *q = par + 4 * k;
      GW_REAL u = x[k];

      /* Phi (z) can round to 0 or 1 in the far tail. */
      if (!(u > GW_TINY_U))
        u = GW_TINY_U;
      if (!(u < 1 - GW_TINY_U))
        u = 1 - GW_TINY_U;
      x[k] = gw_sample_icdf (kind[k], q[0], q[1], q[2], q[3], u);
    }
}

/* Scratch reals a path needs, the K inputs first. */
#define GW_PATH_SCRATCH(K, NC, P, G, D, E) \
  ((K) + (NC) + 2 * (P) * (G) + 16 * (P) + 2 * (D) + (E) + 4 * (G) + 8)

#endif /* GW_PATH_H */

/* The path itself, once the includer has said where outputs go. */
#if defined (GW_EMIT) && !defined (GW_PATH_RUN_H)
#define GW_PATH_RUN_H

#ifndef GW_SINK_DECL
#define GW_SINK_DECL
#endif

/* Run one path: sample, then T quarters; emit every series and scalar.
 * scratch holds GW_PATH_SCRATCH reals; its first K are the inputs. */
static inline void
gw_path_run (GW_PLAN_AS const int     *pi,
             GW_PLAN_AS const GW_REAL *pr,
             gw_u32                    path,
             int                       mode,
             int                       swing_slot,
             GW_REAL                   swing_u,
             gw_u32                    key0,
             gw_u32                    key1,
             GW_SCRATCH_AS GW_REAL    *scratch
             GW_SINK_DECL)
{
#ifdef GW_DIM_T
  /* A kernel built for this scenario's shape: constant trip counts and
   * offsets let the compiler unroll and vectorise across paths. */
  const int T = GW_DIM_T;
  const int G = GW_DIM_G;
  const int P = GW_DIM_P;
  const int B = GW_DIM_B;
  const int D = GW_DIM_D;
  const int E = GW_DIM_E;
  const int K = GW_DIM_K;
  const int NC = GW_DIM_NC;
#else
  const int T = pi[GW_PI_T];
  const int G = pi[GW_PI_G];
  const int P = pi[GW_PI_P];
  const int B = pi[GW_PI_B];
  const int D = pi[GW_PI_D];
  const int E = pi[GW_PI_E];
  const int K = pi[GW_PI_K];
  const int NC = pi[GW_PI_NC];
#endif
  GW_PLAN_AS const int *avail = pi + pi[GW_PI_AVAIL];
  GW_PLAN_AS const int *gstar = pi + pi[GW_PI_GSTAR];
  GW_PLAN_AS const int *bp = pi + pi[GW_PI_BP];
  GW_PLAN_AS const int *deal = pi + pi[GW_PI_DEAL];
  GW_PLAN_AS const int *ev = pi + pi[GW_PI_EVENT];

  GW_SCRATCH_AS GW_REAL *x = scratch;
  GW_SCRATCH_AS GW_REAL *cop = x + K;
  GW_SCRATCH_AS GW_REAL *fleet = cop + NC;          /* [P][G] */
  GW_SCRATCH_AS GW_REAL *book = fleet + P * G;      /* [P][G] */
  GW_SCRATCH_AS GW_REAL *debt = book + P * G;       /* 16 arrays of [P] */
  GW_SCRATCH_AS GW_REAL *power = debt + P;
  GW_SCRATCH_AS GW_REAL *dep = power + P;
  GW_SCRATCH_AS GW_REAL *want = dep + P;
  GW_SCRATCH_AS GW_REAL *capex = want + P;
  GW_SCRATCH_AS GW_REAL *supply = capex + P;
  GW_SCRATCH_AS GW_REAL *con = supply + P;           /* C[j] */
  GW_SCRATCH_AS GW_REAL *conp = con + P;             /* sum C_d price_d */
  GW_SCRATCH_AS GW_REAL *delivered = conp + P;
  GW_SCRATCH_AS GW_REAL *backlog = delivered + P;
  GW_SCRATCH_AS GW_REAL *min_dscr = backlog + P;
  GW_SCRATCH_AS GW_REAL *first_below = min_dscr + P;
  GW_SCRATCH_AS GW_REAL *npv = first_below + P;
  GW_SCRATCH_AS GW_REAL *exec = npv + P;
  GW_SCRATCH_AS GW_REAL *kw_after = exec + P;        /* IT kW after the build */
  GW_SCRATCH_AS GW_REAL *dvalue = kw_after + P;      /* [D] price x capacity x H x avail */
  GW_SCRATCH_AS GW_REAL *dstop = dvalue + D;         /* [D] stop quarter */
  GW_SCRATCH_AS GW_REAL *happened = dstop + D;       /* [E] */
  GW_SCRATCH_AS GW_REAL *g_kw = happened + E;        /* [G] per generation: kW IT */
  GW_SCRATCH_AS GW_REAL *g_perf = g_kw + G;          /* perf */
  GW_SCRATCH_AS GW_REAL *g_keep = g_perf + G;        /* 1 - r_g */
  GW_SCRATCH_AS GW_REAL *g_keep2 = g_keep + G;       /* (1 - r_g)^2 */

  /* Market inputs. */
  const GW_REAL price_0 = x[GW_SLOT_M (GW_M_PRICE_0)];
  const GW_REAL util_0 = x[GW_SLOT_M (GW_M_UTILIZATION_0)];
  const GW_REAL pue = x[GW_SLOT_M (GW_M_PUE)];
  const GW_REAL elec = x[GW_SLOT_M (GW_M_ELECTRICITY)];
  const GW_REAL availability = x[GW_SLOT_M (GW_M_AVAILABILITY)];
  const GW_REAL idle = x[GW_SLOT_M (GW_M_IDLE_POWER_FRACTION)];
  const GW_REAL elasticity = x[GW_SLOT_M (GW_M_ELASTICITY)];
  const GW_REAL stick = x[GW_SLOT_M (GW_M_PRICE_STICKINESS)];
  const GW_REAL halving = x[GW_SLOT_M (GW_M_GROWTH_HALVING_YEARS)];
  const GW_REAL vol = x[GW_SLOT_M (GW_M_DEMAND_VOLATILITY)];
  const GW_REAL cycle = x[GW_SLOT_M (GW_M_TRAINING_CYCLE_QUARTERS)];
  const GW_REAL amp = x[GW_SLOT_M (GW_M_TRAINING_AMPLITUDE)];
  const GW_REAL s0 = x[GW_SLOT_M (GW_M_CUSTOM_SHARE_0)];
  const GW_REAL smax = x[GW_SLOT_M (GW_M_CUSTOM_SHARE_MAX)];
  const GW_REAL cmid = x[GW_SLOT_M (GW_M_CUSTOM_MIDPOINT)];
  const GW_REAL cwidth = x[GW_SLOT_M (GW_M_CUSTOM_WIDTH)];
  const GW_REAL ent_max = x[GW_SLOT_M (GW_M_ENTERPRISE_MAX)];
  const GW_REAL ent_mid = x[GW_SLOT_M (GW_M_ENTERPRISE_MIDPOINT)];
  const GW_REAL ent_width = x[GW_SLOT_M (GW_M_ENTERPRISE_WIDTH)];
  const GW_REAL disc = x[GW_SLOT_M (GW_M_DISCOUNT_RATE)];
  const GW_REAL hq = GW_H * availability;
  const GW_REAL cap = x[GW_SLOT_M (GW_M_PRICE_CAP_MULTIPLE)] * price_0;
  const GW_REAL ln_price_0 = log (price_0);
  const GW_REAL ln_tg_year = log (x[GW_SLOT_M (GW_M_TRAINING_GROWTH)]);
  const GW_REAL ln_us_year = log (x[GW_SLOT_M (GW_M_UNIT_SUPPLY_GROWTH)]);
  const GW_REAL ln_hbm_year = log (x[GW_SLOT_M (GW_M_HBM_GROWTH)]);
  const GW_REAL ln_disc = log (1 + disc);
  const GW_REAL ln_cap = log (cap);
  const GW_REAL ent_l0 = 1 / (1 + exp (ent_mid / ent_width));
  const GW_REAL cust_l0 = 1 / (1 + exp (cmid / cwidth));
  const GW_REAL us_step = exp (ln_us_year / 4);
  const GW_REAL hbm_step = exp (ln_hbm_year / 4);
  const GW_REAL tg_step = exp (ln_tg_year / 4);
  const GW_REAL disc_step = exp (-ln_disc / 4);
  const GW_REAL decay_step = exp2 (-1 / (4 * halving));
  const GW_REAL energy_kwh = pue * elec / 1000;
  GW_REAL units_cap = x[GW_SLOT_M (GW_M_UNIT_SUPPLY_0)];
  GW_REAL hbm_cap = x[GW_SLOT_M (GW_M_HBM_SUPPLY_0)];
  GW_REAL train_growth = 1;
  GW_REAL discount = 1;
  GW_REAL decay = 1;
  GW_REAL ln_p_prev = ln_price_0;
  GW_REAL phase = 0;
  GW_REAL d0 = 0;
  GW_REAL i0 = 0;
  GW_REAL tr0 = 0;
  GW_REAL ln_tau = 0;
  GW_REAL ln_eff = 0;
  GW_REAL p = price_0;
  GW_ACC cum_shortage = 0;
  GW_REAL train_norm;
  int kinds_on = 0;             /* event kinds that happen on this path */

  if (mode != GW_MODE_DETERMINISTIC)
    phase = 2 * (GW_REAL) GW_PI_CONST * gw_path_u01 (path, GW_STREAM_TRAINING, 0, key0, key1);
  train_norm = 1 + amp * sin (phase);

  /* Events that happen on this path (section 3). */
  for (int e = 0; e < E; e++)
    {
      GW_PLAN_AS const int *er = ev + 4 * e;
      GW_REAL prob = x[GW_SLOT_EVENT (e, 1)];
      int on = 0;

      if (er[1])
        {
          if (mode == GW_MODE_DETERMINISTIC)
            on = prob >= 1;
          else
            on = gw_path_u01 (path, GW_STREAM_EVENTS, (gw_u32) e, key0, key1) < prob;
        }
      happened[e] = on ? GW_C (1.0) : GW_C (0.0);
      if (on)
        kinds_on |= 1 << er[0];
    }

  /* Deals: the derived field and the stop quarter. */
  for (int d = 0; d < D; d++)
    {
      GW_PLAN_AS const int *dr = deal + 6 * d;
      int start = dr[2];
      int end = dr[3];
      int ramp = dr[4];
      int derived = dr[5];
      GW_REAL rsum = gw_path_ramp_sum (start, end, ramp, start);
      GW_REAL cp = x[GW_SLOT_DEAL (d, GW_DEAL_COMPLETION)];
      GW_REAL stop = (GW_REAL) GW_NEVER;

      if (derived == GW_DEAL_VALUE)
        x[GW_SLOT_DEAL (d, GW_DEAL_VALUE)] = x[GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)]
                                             * x[GW_SLOT_DEAL (d, GW_DEAL_PRICE)] * hq * rsum;
      else if (derived == GW_DEAL_CAPACITY)
        x[GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)] = x[GW_SLOT_DEAL (d, GW_DEAL_VALUE)]
                                                / (x[GW_SLOT_DEAL (d, GW_DEAL_PRICE)] * hq * rsum);
      else
        x[GW_SLOT_DEAL (d, GW_DEAL_PRICE)] = x[GW_SLOT_DEAL (d, GW_DEAL_VALUE)]
                                             / (x[GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)] * hq * rsum);
      dvalue[d] = x[GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)] * x[GW_SLOT_DEAL (d, GW_DEAL_PRICE)] * hq;

      if (mode != GW_MODE_DETERMINISTIC && end >= 0 && cp < 1)
        {
          int first = start > 0 ? start : 0;
          GW_REAL n = (GW_REAL) (end - first + 1);
          GW_REAL u = gw_path_u01 (path, GW_STREAM_DEALS, (gw_u32) d, key0, key1);
          /* floor (ln u / ln (1 - q)) with 1 - q = cp^(1/n) */
          GW_REAL k = floor (n * log (u) / log (cp));

          if (k < (GW_REAL) GW_NEVER)
            stop = (GW_REAL) first + k;
        }
      dstop[d] = stop;
    }
  for (int e = 0; e < E; e++)
    {
      GW_PLAN_AS const int *er = ev + 4 * e;

      if (happened[e] != 0 && er[0] == GW_EV_DEAL_DEFAULT && er[3] >= 0)
        {
          GW_REAL at = (GW_REAL) (er[2] > 0 ? er[2] : 0);

          if (at < dstop[er[3]])
            dstop[er[3]] = at;
        }
    }

  /* Initial state. */
  for (int g = 0; g < G; g++)
    {
      GW_REAL keep = 1 - 1 / (4 * x[GW_SLOT_GEN (g, GW_GEN_LIFE_YEARS)]);

      g_kw[g] = x[GW_SLOT_GEN (g, GW_GEN_KW_IT)];
      g_perf[g] = x[GW_SLOT_GEN (g, GW_GEN_PERF)];
      g_keep[g] = keep;
      g_keep2[g] = keep * keep;
    }
  for (int j = 0; j < P; j++)
    {
      power[j] = x[GW_SLOT_PROV_A (j, GW_PROV_POWER_MW)];
      debt[j] = x[GW_SLOT_PROV_B (j, GW_PROV_DEBT)];
      min_dscr[j] = (GW_REAL) INFINITY;
      first_below[j] = -1;
      npv[j] = 0;
      for (int g = 0; g < G; g++)
        {
          GW_REAL age = (GW_REAL) (avail[g] < 0 ? -avail[g] : 0) / 2;
          GW_REAL units = x[GW_SLOT_FLEET (j, g)];

          fleet[j * G + g] = units;
          book[j * G + g] = units * x[GW_SLOT_GEN (g, GW_GEN_UNIT_CAPEX)] * pow (g_keep[g], age);
        }
    }

  for (int t = 0; t < T; t++)
    {
      GW_REAL tt = (GW_REAL) t;
      GW_REAL total_supply = 0;
      GW_REAL total_want = 0;
      GW_REAL total_hbm = 0;
      GW_REAL c_del = 0;
      GW_REAL fleet_kw_cost = 0;
      GW_REAL fleet_perf = 0;
      GW_REAL stranded = 0;
      GW_REAL scale = 1;
      int last_gs = -1;
      GW_REAL last_unit = 0;

      if (t >= 1)
        {
          units_cap *= us_step;
          hbm_cap *= hbm_step;
          train_growth *= tg_step;
          decay *= decay_step;
        }
      discount *= disc_step;

      /* 1. Power. */
      if (t >= 1)
        {
          for (int j = 0; j < P; j++)
            {
              GW_REAL e_j = x[GW_SLOT_PROV_A (j, GW_PROV_BUILD_EXECUTION)];

              for (int e = 0; (kinds_on & (1 << GW_EV_POWER_DELAY)) && e < E; e++)
                {
                  GW_PLAN_AS const int *er = ev + 4 * e;

                  if (happened[e] != 0 && er[0] == GW_EV_POWER_DELAY && t >= er[2]
                      && (er[3] < 0 || er[3] == j))
                    e_j *= x[GW_SLOT_EVENT (e, 0)];
                }
              exec[j] = e_j;
            }
          for (int b = 0; b < B; b++)
            {
              GW_PLAN_AS const int *br = bp + 3 * b;

              if (br[1] <= t && t <= br[2])
                power[br[0]] += x[GW_SLOT_BP (b)] * exec[br[0]];
            }
        }

      /* 2. Retire and depreciate. */
      for (int j = 0; j < P; j++)
        {
          GW_REAL dj = 0;

          if (t >= 1)
            for (int g = 0; g < G; g++)
              {
                fleet[j * G + g] *= g_keep[g];
                dj += book[j * G + g] * (1 - g_keep2[g]);
                book[j * G + g] *= g_keep2[g];
              }
          dep[j] = dj;
        }

      /* 3. Headroom. */
      for (int j = 0; j < P; j++)
        {
          int gs = gstar[j * T + t];
          GW_REAL used = 0;

          for (int g = 0; g < G; g++)
            used += fleet[j * G + g] * g_kw[g];
          used = used * pue / 1000;
          want[j] = 0;
          if (gs >= 0)
            {
              GW_REAL head = power[j] - used;

              if (head > 0)
                want[j] = head * 1000 / (x[GW_SLOT_GEN (gs, GW_GEN_KW_IT)] * pue);
              total_want += want[j];
              total_hbm += want[j] * x[GW_SLOT_GEN (gs, GW_GEN_HBM_GB)];
            }
        }

      /* 4. Chip supply. */
      if (total_want > 0 && units_cap / total_want < scale)
        scale = units_cap / total_want;
      if (total_hbm > 0 && hbm_cap / total_hbm < scale)
        scale = hbm_cap / total_hbm;

      /* 4-6. Build, supply. */
      for (int j = 0; j < P; j++)
        {
          int gs = gstar[j * T + t];
          GW_REAL sj = 0;
          GW_REAL kj = 0;

          capex[j] = 0;
          if (gs >= 0)
            {
              GW_REAL nu = want[j] * scale;
              GW_REAL unit;

              /* providers mostly buy the same generation: price it once */
              if (gs == last_gs)
                unit = last_unit;
              else
                {
                  unit = x[GW_SLOT_GEN (gs, GW_GEN_UNIT_CAPEX)]
                         * pow (1 + x[GW_SLOT_GEN (gs, GW_GEN_CAPEX_INFLATION)],
                                (tt - (GW_REAL) avail[gs]) / 4);
                  for (int e = 0; (kinds_on & (1 << GW_EV_CAPEX_SHOCK)) && e < E; e++)
                    {
                      GW_PLAN_AS const int *er = ev + 4 * e;

                      if (happened[e] != 0 && er[0] == GW_EV_CAPEX_SHOCK && t >= er[2]
                          && (er[3] < 0 || er[3] == gs))
                        unit *= x[GW_SLOT_EVENT (e, 0)];
                    }
                  last_gs = gs;
                  last_unit = unit;
                }
              stranded += (want[j] - nu) * g_kw[gs] * pue / 1000;
              fleet[j * G + gs] += nu;
              capex[j] = nu * unit;
              book[j * G + gs] += capex[j];
              debt[j] += x[GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE)] * capex[j];
            }
          for (int g = 0; g < G; g++)
            {
              sj += fleet[j * G + g] * g_perf[g];
              kj += fleet[j * G + g] * g_kw[g];
            }
          supply[j] = sj * hq;
          kw_after[j] = kj;
          total_supply += supply[j];
          fleet_perf += sj;
          fleet_kw_cost += kj * (energy_kwh + 3 * x[GW_SLOT_PROV_B (j, GW_PROV_OPEX)] / GW_H);
        }

      /* 7. Contracts. */
      for (int j = 0; j < P; j++)
        {
          con[j] = 0;
          conp[j] = 0;
          backlog[j] = 0;
        }
      for (int d = 0; d < D; d++)
        {
          GW_PLAN_AS const int *dr = deal + 6 * d;
          int j = dr[0];
          int start = dr[2];
          int end = dr[3];
          int ramp = dr[4];

          if (!dr[1])
            continue;
          if (start <= t && t <= end && tt < dstop[d])
            {
              GW_REAL cd = x[GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)] * gw_path_ramp (start, ramp, t) * hq;

              con[j] += cd;
              conp[j] += cd * x[GW_SLOT_DEAL (d, GW_DEAL_PRICE)];
            }
          if (dstop[d] > tt + 1)
            backlog[j] += dvalue[d] * gw_path_ramp_sum (start, end, ramp,
                                                        t + 1 > start ? t + 1 : start);
        }
      for (int j = 0; j < P; j++)
        {
          delivered[j] = con[j] < supply[j] ? con[j] : supply[j];
          c_del += delivered[j];
        }

      /* 8. Demand at price_0. */
      {
        GW_REAL inf;
        GW_REAL train;
        GW_REAL ent;
        GW_REAL s;
        GW_REAL d_ref;
        GW_REAL p_star;
        GW_REAL floor_p;
        GW_REAL demand;
        GW_REAL used;
        GW_REAL shortage = 0;
        GW_REAL spot_cap = 0;
        GW_REAL spot_util;
        GW_REAL ln_p;
        GW_REAL seg;

        if (t == 0)
          {
            d0 = util_0 * total_supply;
            i0 = x[GW_SLOT_M (GW_M_INFERENCE_SHARE_0)] * d0;
            tr0 = d0 - i0;
          }
        else
          {
            GW_REAL tg = x[GW_SLOT_M (GW_M_TOKEN_GROWTH)];
            GW_REAL z = 0;

            for (int e = 0; (kinds_on & (1 << GW_EV_DEMAND_SHOCK)) && e < E; e++)
              {
                GW_PLAN_AS const int *er = ev + 4 * e;

                if (happened[e] != 0 && er[0] == GW_EV_DEMAND_SHOCK && t >= er[2])
                  tg *= x[GW_SLOT_EVENT (e, 0)];
              }
            if (mode != GW_MODE_DETERMINISTIC)
              z = gw_phi_inv (gw_path_u01 (path, GW_STREAM_SHOCKS, (gw_u32) (4 * t), key0, key1));
            ln_tau += log (1 + (tg - 1) * decay) / 4 + vol * z;
            ln_eff += log (1 + (x[GW_SLOT_M (GW_M_EFFICIENCY_GAIN)] - 1) * decay) / 4;
          }
        inf = i0 * exp (ln_tau - ln_eff);
        train = tr0 * train_growth
                * (1 + amp * sin (2 * (GW_REAL) GW_PI_CONST * tt / cycle + phase)) / train_norm;
        ent = ent_max * d0 * ((1 / (1 + exp (-(tt - ent_mid) / ent_width)) - ent_l0) / (1 - ent_l0));
        s = s0 + (smax - s0) * ((1 / (1 + exp (-(tt - cmid) / cwidth)) - cust_l0) / (1 - cust_l0));
        for (int e = 0; (kinds_on & (1 << GW_EV_CUSTOM_BEACHHEAD)) && e < E; e++)
          {
            GW_PLAN_AS const int *er = ev + 4 * e;

            if (happened[e] != 0 && er[0] == GW_EV_CUSTOM_BEACHHEAD && t >= er[2])
              {
                GW_REAL se = s0 + (smax + x[GW_SLOT_EVENT (e, 0)] - s0)
                                  * gw_path_rise (tt, (GW_REAL) er[2], cwidth);

                if (se > s)
                  s = se;
              }
          }
        d_ref = (inf + train + ent) * (1 - s) / (1 - s0);

        /* 9. Price, in logs: ln p* = ln p0 + ln (q / (u0 S)) / e, clamped
         * to [ln floor, ln cap] with the cap winning. */
        floor_p = gw_path_div (fleet_kw_cost, availability * fleet_perf);
        if (total_supply == 0)
          p_star = ln_p_prev;
        else
          {
            GW_REAL q = d_ref > c_del ? d_ref : c_del;

            p_star = ln_price_0 + log (q / (util_0 * total_supply)) / elasticity;
          }
        if (floor_p > 0 && p_star < log (floor_p))
          p_star = log (floor_p);
        if (p_star > ln_cap)
          p_star = ln_cap;
        ln_p = stick * ln_p_prev + (1 - stick) * p_star;
        p = exp (ln_p);
        ln_p_prev = ln_p;
        seg = (1 - s) / (1 - s0) * exp (-elasticity * (ln_p - ln_price_0));
        demand = d_ref * exp (-elasticity * (ln_p - ln_price_0));
        if (demand < c_del)
          demand = c_del;
        used = demand < total_supply ? demand : total_supply;
        if (demand > total_supply)
          shortage = demand - total_supply;
        for (int j = 0; j < P; j++)
          {
            shortage += con[j] - delivered[j];
            spot_cap += supply[j] - delivered[j];
          }
        spot_util = gw_path_div (used - c_del, spot_cap);
        cum_shortage += shortage;

        GW_EMIT (GW_S_PRICE * T + t, p);
        GW_EMIT (GW_S_SUPPLY * T + t, total_supply);
        GW_EMIT (GW_S_DEMAND * T + t, demand);
        GW_EMIT (GW_S_UTILIZATION * T + t, gw_path_div (used, total_supply));
        GW_EMIT (GW_S_SHORTAGE * T + t, shortage);
        GW_EMIT (GW_S_CUSTOM_SHARE * T + t, s);
        GW_EMIT (GW_S_FLOOR * T + t, floor_p);
        GW_EMIT (GW_S_STRANDED_MW * T + t, stranded);
        GW_EMIT (GW_S_CONTRACTED * T + t, c_del);
        GW_EMIT (GW_S_DEMAND_INFERENCE * T + t, inf * seg);
        GW_EMIT (GW_S_DEMAND_TRAINING * T + t, train * seg);
        GW_EMIT (GW_S_DEMAND_ENTERPRISE * T + t, ent * seg);

        /* 10. Providers. */
        for (int j = 0; j < P; j++)
          {
            int base = (GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j) * T + t;
            GW_REAL spot_hours = (supply[j] - delivered[j]) * spot_util;
            GW_REAL contract = gw_path_div (conp[j] * delivered[j], con[j]);
            GW_REAL revenue = contract + spot_hours * p;
            GW_REAL util = gw_path_div (delivered[j] + spot_hours, supply[j]);
            GW_REAL kw = kw_after[j];
            GW_REAL book_j = 0;
            GW_REAL energy;
            GW_REAL opex;
            GW_REAL ebitda;
            GW_REAL rate = x[GW_SLOT_PROV_B (j, GW_PROV_INTEREST_RATE)];
            GW_REAL interest;
            GW_REAL principal;
            GW_REAL service;
            GW_REAL dscr;
            GW_REAL collateral;
            GW_REAL ltv;
            GW_REAL fcf;
            GW_REAL share = x[GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE)];

            for (int g = 0; g < G; g++)
              book_j += book[j * G + g];
            for (int e = 0; (kinds_on & (1 << GW_EV_RATE_SHOCK)) && e < E; e++)
              {
                GW_PLAN_AS const int *er = ev + 4 * e;

                if (happened[e] != 0 && er[0] == GW_EV_RATE_SHOCK && t >= er[2])
                  rate += x[GW_SLOT_EVENT (e, 0)];
              }
            energy = kw * pue * GW_H * (idle + (1 - idle) * util) * elec / 1000;
            opex = x[GW_SLOT_PROV_B (j, GW_PROV_OPEX)] * 3 * kw;
            ebitda = revenue - energy - opex;
            interest = debt[j] * rate / 4;
            principal = debt[j] / (4 * x[GW_SLOT_PROV_B (j, GW_PROV_LOAN_YEARS)]);
            debt[j] -= principal;
            service = interest + principal;
            dscr = service != 0 ? ebitda / service : GW_DSCR_NONE;
            collateral = book_j * (p / price_0);
            if (collateral != 0)
              ltv = debt[j] / collateral;
            else
              ltv = debt[j] != 0 ? GW_LTV_NONE : GW_C (0.0);
            fcf = ebitda - capex[j] + share * capex[j] - interest - principal;
            npv[j] += fcf * discount;
            if (t == T - 1)
              npv[j] += (book_j - debt[j]) * discount;
            if (dscr < min_dscr[j])
              min_dscr[j] = dscr;
            if (dscr < 1 && first_below[j] < 0)
              first_below[j] = tt;

            GW_EMIT (base + GW_SP_REVENUE * T, revenue);
            GW_EMIT (base + GW_SP_CONTRACT_REVENUE * T, contract);
            GW_EMIT (base + GW_SP_SPOT_REVENUE * T, spot_hours * p);
            GW_EMIT (base + GW_SP_EBITDA * T, ebitda);
            GW_EMIT (base + GW_SP_NET_INCOME * T, ebitda - dep[j] - interest);
            GW_EMIT (base + GW_SP_CAPEX * T, capex[j]);
            GW_EMIT (base + GW_SP_DEBT * T, debt[j]);
            GW_EMIT (base + GW_SP_DSCR * T, dscr);
            GW_EMIT (base + GW_SP_LTV * T, ltv);
            GW_EMIT (base + GW_SP_BACKLOG * T, backlog[j]);
            GW_EMIT (base + GW_SP_FLEET_MW * T, kw * pue / 1000);
            GW_EMIT (base + GW_SP_SUPPLY * T, supply[j]);
          }
      }
    }

  GW_EMIT_SCALAR (GW_X_PRICE_HORIZON, p);
  GW_EMIT_SCALAR (GW_X_CUM_SHORTAGE, cum_shortage);
  for (int j = 0; j < P; j++)
    {
      int base = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * j;

      GW_EMIT_SCALAR (base + GW_XP_NPV, npv[j]);
      GW_EMIT_SCALAR (base + GW_XP_MIN_DSCR, min_dscr[j]);
      GW_EMIT_SCALAR (base + GW_XP_FIRST_DSCR_BELOW, first_below[j]);
    }
}

#endif /* GW_PATH_RUN_H */
