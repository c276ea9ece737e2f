/* gw-path.h: Monte Carlo paths of MODEL.md sections 3 and 4
 *
 * Header-only; compiles as C11 (the CPU reference engine, GW_REAL double)
 * and as OpenCL C 1.2 (the kernels, GW_REAL float or double), so the two
 * engines run the same quarter step and cannot drift apart. It runs GW_W
 * paths at once, one per lane L (see "Lanes" below).
 *
 * The includer defines, before including this file:
 *   GW_EMIT(col, v)         store lane L's series value v; col = series * T + t
 *   GW_EMIT_SCALAR(i, v)    store lane L's per-path scalar i
 * and may define:
 *   GW_W                    lanes (default 1)
 *   GW_PLAN_AS              address space of the plan (OpenCL: __global)
 *   GW_SCRATCH_AS           address space of the scratch (default private)
 *   GW_ACC                  accumulator type (default GW_REAL)
 *   GW_EMIT_ST(s, t, v)     store lane L's value of series s in quarter t
 *                           (default GW_EMIT (s * T + t, v))
 *   GW_VW                   lanes per vector register (default GW_W)
 *   GW_STATE_AS             address space of a gw_path_state (default private)
 *   GW_SINK_DECL            extra parameters of gw_path_run_lanes() that GW_EMIT
 *                           and GW_EMIT_SCALAR use, with a leading comma
 *   GW_SINK_ARGS            the same parameters' names, to pass them on
 *
 * The plan is two flat arrays built on the host by gw-plan.c: integers
 * (pi) and reals (pr), with the layout of the GW_PI_* header words below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef GW_PATH_H
#define GW_PATH_H

#include "gw-sample.h"
#include "gw-vmath.h"

#ifndef GW_PLAN_AS
#define GW_PLAN_AS
#endif
#ifndef GW_SCRATCH_AS
#define GW_SCRATCH_AS
#endif
#ifndef GW_STATE_AS
#define GW_STATE_AS
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
#define GW_S_ANCHOR        12  /* the price at normal utilization (V1) */
#define GW_S_FRONTIER_COST 13  /* c(t), levelized cost of the cheapest new capacity */
#define GW_N_MARKET_SERIES 14

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
#define GW_SP_DEPRECIATION     12
#define GW_SP_INTEREST         13
#define GW_SP_PRINCIPAL        14
#define GW_SP_FCF              15
#define GW_SP_COLLATERAL       16  /* resale value of the fleet (V2) */
#define GW_SP_VACANT_HOURS     17  /* capacity waiting to be re-let (V5) */
#define GW_N_PROVIDER_SERIES   18

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
#define GW_PROV_AMORTIZING      5

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
#define GW_M_COST_PASS_THROUGH       29
#define GW_M_COST_INFLATION          30
#define GW_N_M_SLOTS                 31

/* Path modes. */
#define GW_MODE_RANDOM        0
#define GW_MODE_DETERMINISTIC 1

#define GW_DSCR_NONE  GW_C (99.0)
#define GW_LTV_NONE   GW_C (99.0)
#define GW_NEVER      (1 << 30)

#define GW_PI(name) pi[pi[GW_PI_##name]]

/* Slot bases, from the dimensions. */
#define GW_SLOT_GEN(g, f)     (GW_N_GEN_SLOTS * (g) + (f))
#define GW_SLOT_PROV0(j)      (GW_N_GEN_SLOTS * G + (8 + G) * (j))
#define GW_SLOT_PROV_A(j, f)  (GW_SLOT_PROV0 (j) + (f))
#define GW_SLOT_FLEET(j, g)   (GW_SLOT_PROV0 (j) + GW_PROV_FLEET + (g))
#define GW_SLOT_PROV_B(j, f)  (GW_SLOT_PROV0 (j) + 2 + G + (f))
#define GW_SLOT_BP(b)         (GW_N_GEN_SLOTS * G + (8 + G) * P + (b))
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

/* Scratch reals a path needs, the K inputs first; GW_W lanes need GW_W
 * times as many. */
#define GW_PATH_SCRATCH(K, NC, P, G, D, E) \
  ((K) + (NC) + 2 * (P) * (G) + 18 * (P) + 2 * (D) + (E) + 4 * (G) + 8)

#endif /* GW_PATH_H */


/* ------------------------------------------------------------------------ */
/* Lanes: GW_W paths at once                                                 */
/* ------------------------------------------------------------------------ */

/* The same path, written for GW_W consecutive paths ("lanes") at once: every
 * per-path number is an array of GW_W, every step a loop over the lanes
 * (GW_LANES) with selects instead of branches wherever lanes may disagree.
 * Branches that remain depend on the plan only (a deal's quarters, the
 * generation a provider buys), which is the same for every lane. In C the
 * lane loops are innermost and contiguous, so the compiler turns each one
 * into a few SIMD instructions; a kernel for a GPU uses GW_W = 1.
 *
 * Lane L runs path path0 + L with exactly the same operations as any other
 * lane, so a path's numbers do not depend on the lane it lands in. */
#if defined (GW_EMIT) && !defined (GW_PATH_LANES_H)
#define GW_PATH_LANES_H

#ifndef GW_W
#define GW_W 1
#endif

/* Series s of quarter t: column s * T + t unless the includer maps it. */
#ifndef GW_EMIT_ST
#define GW_EMIT_ST(s, t, v) GW_EMIT ((s) * T + (t), (v))
#endif

#ifdef __OPENCL_C_VERSION__
#define GW_LANES for (int L = 0; L < GW_W; L++)
#else
#define GW_LANES _Pragma ("omp simd") for (int L = 0; L < GW_W; L++)
#endif

/* Branch-free exp, log, pow and Phi^-1 that vectorise across lanes (in
 * OpenCL, the built-ins). */
#define GW_EXP(x) gw_vexp (x)
#define GW_LOG(x) gw_vlog (x)
#define GW_POW(x, y) gw_vpow (x, y)
#define GW_PHI_INV(p) gw_vphi_inv (p)
#define GW_FLOOR(x) gw_vfloor (x)

/* The lane functions are inlined into their caller, so that they are
 * vectorised for the caller's SIMD target (gw-cpu-sim.c is built once per
 * instruction set). */
#if defined (__GNUC__) && !defined (__OPENCL_C_VERSION__)
#define GW_LANES_FN static inline __attribute__ ((always_inline))
#else
#define GW_LANES_FN static inline
#endif

/* Slot s of lane L; element i of a per-lane array. */
#define GW_LX(s) x[(long) (s) * GW_W + L]
#define GW_LA(a, i) a[(long) (i) * GW_W + L]

/* Lanes as vector values, for sums that run along a plan loop (generations,
 * providers): the sum stays in a register instead of going through memory,
 * and so through the store-to-load forwarding latency, at every step of
 * the loop. The operations per lane are the same as in a GW_LANES loop, in
 * the same order. A vector holds GW_VW lanes, one machine register (the
 * includer's choice; in OpenCL all GW_W lanes), and GW_VPART repeats a
 * block of vector code for each of the GW_W / GW_VW parts, h. */
#if defined (__OPENCL_C_VERSION__) || !defined (GW_VW)
#undef GW_VW
#define GW_VW GW_W
#endif
#define GW_VPART for (int h = 0; h < GW_W / GW_VW; h++)
#if defined (__OPENCL_C_VERSION__) && GW_W == 1
typedef GW_REAL gw_vreal;
#define GW_VLOAD(p) (*(p))
#define GW_VSTORE(p, v) (*(p) = (v))
#define GW_VZERO ((gw_vreal) (0))
#elif defined (__OPENCL_C_VERSION__)
#define GW_VCAT_(a, b) a##b
#define GW_VCAT(a, b) GW_VCAT_ (a, b)
typedef GW_VCAT (GW_REAL, GW_W) gw_vreal;
#define GW_VLOAD(p) GW_VCAT (vload, GW_W) (0, (p))
#define GW_VSTORE(p, v) GW_VCAT (vstore, GW_W) ((v), 0, (p))
#define GW_VZERO ((gw_vreal) (0))
#else
typedef GW_REAL gw_vreal __attribute__ ((vector_size (GW_VW * sizeof (GW_REAL)),
                                         aligned (sizeof (GW_REAL))));
#define GW_VLOAD(p) (*(const gw_vreal *) (p))
#define GW_VSTORE(p, v) (*(gw_vreal *) (p) = (v))
#define GW_VZERO ((gw_vreal) { 0 })
#endif
/* Part h of slot s, of element i of a per-lane array, of a local [GW_W]. */
#define GW_VX(s) GW_VLOAD (&x[(long) (s) * GW_W + h * GW_VW])
#define GW_VA(a, i) GW_VLOAD (&(a)[(long) (i) * GW_W + h * GW_VW])
#define GW_VA_SET(a, i, v) GW_VSTORE (&(a)[(long) (i) * GW_W + h * GW_VW], (v))
#define GW_VL(a) GW_VLOAD (&(a)[h * GW_VW])
#define GW_VL_SET(a, v) GW_VSTORE (&(a)[h * GW_VW], (v))

/* Uniform draw k of a stream of lane L's path. */
#define GW_LANE_U01(stream, k) gw_path_u01 (path0 + (gw_u32) L, (stream), (gw_u32) (k), key0, key1)

GW_LANES_FN void
gw_path_sample_lanes (GW_PLAN_AS const int     *pi,
                      GW_PLAN_AS const GW_REAL *pr,
                      gw_u32                    path0,
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
          GW_REAL v;

          if (k == swing_slot)
            v = gw_sample_icdf (kind[k], q[0], q[1], q[2], q[3], swing_u);
          else
            v = gw_sample_central (kind[k], q[0], q[1], q[2], q[3]);
          GW_LANES
            GW_LX (k) = v;
        }
      return;
    }

  /* Uniforms first; x holds u until the inverse CDF below. */
  for (int k = 0; k < K; k += 4)
    {
      if (k + 4 <= K)
        {
          GW_LANES
            {
              gw_u32 ctr[4];
              gw_u32 key[2];
              gw_u32 out[4];

              ctr[0] = path0 + (gw_u32) L;
              ctr[1] = GW_STREAM_SLOTS;
              ctr[2] = (gw_u32) (k / 4);
              ctr[3] = 0;
              key[0] = key0;
              key[1] = key1;
              gw_philox4x32_10 (ctr, key, out);
              GW_LX (k) = gw_u01 (out[0]);
              GW_LX (k + 1) = gw_u01 (out[1]);
              GW_LX (k + 2) = gw_u01 (out[2]);
              GW_LX (k + 3) = gw_u01 (out[3]);
            }
        }
      else
        {
          for (int w = 0; k + w < K; w++)
            GW_LANES
              GW_LX (k + w) = GW_LANE_U01 (GW_STREAM_SLOTS, k + w);
        }
    }

  /* Gaussian copula: n = Phi^-1(u), z = L n, u = Phi(z). */
  for (int a = 0; a < NC; a++)
    GW_LANES
      GW_LA (cop, a) = GW_PHI_INV (GW_LX (cslots[a]));
  for (int a = NC - 1; a >= 0; a--)
    for (int L = 0; L < GW_W; L++)      /* erfc: not vectorised */
      {
        GW_REAL z = 0;

        for (int b = 0; b <= a; b++)
          z += chol[a * NC + b] * GW_LA (cop, b);
        GW_LX (cslots[a]) = gw_phi (z);
      }

  /* Inverse CDFs; the law of a slot is the same for every lane. Phi (z)
   * can round to 0 or 1 in the far tail, so u is clamped first. */
  for (int k = 0; k < K; k++)
    {
      GW_PLAN_AS const GW_REAL *q = par + 4 * k;
      const GW_REAL a = q[0], b = q[1], c = q[2], d = q[3];

      switch (kind[k])
        {
        case GW_DIST_FIXED:
          GW_LANES
            GW_LX (k) = a;
          break;

        case GW_DIST_UNIFORM:
          GW_LANES
            {
              GW_REAL u = GW_LX (k);

              u = u > GW_TINY_U ? u : GW_TINY_U;
              u = u < 1 - GW_TINY_U ? u : 1 - GW_TINY_U;
              GW_LX (k) = a + u * (b - a);
            }
          break;

        case GW_DIST_TRIANGULAR:
          {
            const GW_REAL width = c - a;
            const GW_REAL fc = (b - a) / width;

            GW_LANES
              {
                GW_REAL u = GW_LX (k);
                GW_REAL r;

                u = u > GW_TINY_U ? u : GW_TINY_U;
                u = u < 1 - GW_TINY_U ? u : 1 - GW_TINY_U;
                /* one square root: of the side's argument */
                r = sqrt (u < fc ? u * width * (b - a) : (1 - u) * width * (c - b));
                GW_LX (k) = u < fc ? a + r : c - r;
              }
          }
          break;

        case GW_DIST_NORMAL:
          {
            const GW_REAL lo = gw_phi ((c - a) / b);
            const GW_REAL hi = gw_phi ((d - a) / b);

            GW_LANES
              {
                GW_REAL u = GW_LX (k);

                u = u > GW_TINY_U ? u : GW_TINY_U;
                u = u < 1 - GW_TINY_U ? u : 1 - GW_TINY_U;
                GW_LX (k) = a + b * GW_PHI_INV (lo + u * (hi - lo));
              }
          }
          break;

        case GW_DIST_LOGNORMAL:
          {
            const GW_REAL mu = (log (a) + log (b)) / 2;
            const GW_REAL sigma = (log (b) - log (a)) / (2 * GW_C (1.2815515655446004));

            GW_LANES
              {
                GW_REAL u = GW_LX (k);

                u = u > GW_TINY_U ? u : GW_TINY_U;
                u = u < 1 - GW_TINY_U ? u : 1 - GW_TINY_U;
                GW_LX (k) = GW_EXP (mu + sigma * GW_PHI_INV (u));
              }
          }
          break;

        default:
          GW_LANES
            GW_LX (k) = 0;
          break;
        }
    }
}

/* What a group of lanes carries from one quarter to the next besides its
 * scratch: per-lane constants and state (see gw_path_quarters_lanes()). */
typedef struct
{
  GW_REAL hq[GW_W], ln_price_0[GW_W], ln_cap[GW_W], ent_l0[GW_W], cust_l0[GW_W];
  GW_REAL us_step[GW_W], hbm_step[GW_W], tg_step[GW_W], disc_step[GW_W], decay_step[GW_W];
  GW_REAL energy_kwh[GW_W], units_cap[GW_W], hbm_cap[GW_W], train_growth[GW_W], discount[GW_W];
  GW_REAL decay[GW_W], ln_p_prev[GW_W], d0[GW_W], i0[GW_W], tr0[GW_W];
  GW_REAL ln_tau[GW_W], ln_eff[GW_W], p[GW_W], train_norm[GW_W], tr_s[GW_W];
  GW_REAL tr_c[GW_W], tr_ds[GW_W], tr_dc[GW_W];
  GW_ACC cum_shortage[GW_W];
  int kinds_on;                 /* event kinds that happen on some lane */
} gw_path_state;

/* Quarters t_begin .. t_end - 1 of GW_W paths from path0: at t_begin = 0,
 * sample them first; at t_end = T, emit the scalars last. Emits every
 * series value of those quarters (GW_EMIT and GW_EMIT_SCALAR see the lane
 * L). scratch holds GW_W * GW_PATH_SCRATCH reals, its first K * GW_W the
 * inputs, slot-major: x[k * GW_W + L]; scratch and *st carry the paths
 * from one call to the next, so that a caller can step many groups of
 * lanes a quarter at a time. */
GW_LANES_FN void
gw_path_quarters_lanes (GW_PLAN_AS const int     *pi,
                        GW_PLAN_AS const GW_REAL *pr,
                        gw_u32                    path0,
                        int                       mode,
                        int                       swing_slot,
                        GW_REAL                   swing_u,
                        gw_u32                    key0,
                        gw_u32                    key1,
                        GW_SCRATCH_AS GW_REAL    *scratch,
                        int                       t_begin,
                        int                       t_end,
                        GW_STATE_AS gw_path_state *st
                        GW_SINK_DECL)
{
#ifdef GW_DIM_T
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

  /* Per-lane arrays in the scratch, each [n][GW_W]. */
  GW_SCRATCH_AS GW_REAL *x = scratch;
  GW_SCRATCH_AS GW_REAL *cop = x + K * GW_W;
  GW_SCRATCH_AS GW_REAL *fleet = cop + NC * GW_W;         /* [P][G] */
  GW_SCRATCH_AS GW_REAL *book = fleet + P * G * GW_W;     /* [P][G] */
  GW_SCRATCH_AS GW_REAL *debt = book + P * G * GW_W;      /* 17 arrays of [P] */
  GW_SCRATCH_AS GW_REAL *power = debt + P * GW_W;
  GW_SCRATCH_AS GW_REAL *dep = power + P * GW_W;
  GW_SCRATCH_AS GW_REAL *want = dep + P * GW_W;
  GW_SCRATCH_AS GW_REAL *capex = want + P * GW_W;
  GW_SCRATCH_AS GW_REAL *supply = capex + P * GW_W;
  GW_SCRATCH_AS GW_REAL *con = supply + P * GW_W;         /* C[j] */
  GW_SCRATCH_AS GW_REAL *conp = con + P * GW_W;           /* sum C_d price_d */
  GW_SCRATCH_AS GW_REAL *delivered = conp + P * GW_W;
  GW_SCRATCH_AS GW_REAL *backlog = delivered + P * GW_W;
  GW_SCRATCH_AS GW_REAL *min_dscr = backlog + P * GW_W;
  GW_SCRATCH_AS GW_REAL *first_below = min_dscr + P * GW_W;
  GW_SCRATCH_AS GW_REAL *npv = first_below + P * GW_W;
  GW_SCRATCH_AS GW_REAL *exec = npv + P * GW_W;
  GW_SCRATCH_AS GW_REAL *kw_after = exec + P * GW_W;      /* IT kW after the build */
  GW_SCRATCH_AS GW_REAL *book_sum = kw_after + P * GW_W;  /* book value after the build */
  GW_SCRATCH_AS GW_REAL *opex_h = book_sum + P * GW_W;    /* 3 opex / H, per kW-hour */
  GW_SCRATCH_AS GW_REAL *dvalue = opex_h + P * GW_W;      /* [D] price x capacity x H x avail */
  GW_SCRATCH_AS GW_REAL *dstop = dvalue + D * GW_W;       /* [D] stop quarter */
  GW_SCRATCH_AS GW_REAL *happened = dstop + D * GW_W;     /* [E] */
  GW_SCRATCH_AS GW_REAL *g_keep = happened + E * GW_W;    /* [G] 1 - r_g */
  GW_SCRATCH_AS GW_REAL *g_keep2 = g_keep + G * GW_W;     /* [G] (1 - r_g)^2 */
  GW_SCRATCH_AS GW_REAL *g_age = g_keep2 + G * GW_W;      /* [G] (1 - r_g)^(2 age) */

  /* Per-lane state and constants, kept in *st from quarter to quarter. */
  GW_STATE_AS GW_REAL *hq = st->hq;
  GW_STATE_AS GW_REAL *ln_price_0 = st->ln_price_0;
  GW_STATE_AS GW_REAL *ln_cap = st->ln_cap;
  GW_STATE_AS GW_REAL *ent_l0 = st->ent_l0;
  GW_STATE_AS GW_REAL *cust_l0 = st->cust_l0;
  GW_STATE_AS GW_REAL *us_step = st->us_step;
  GW_STATE_AS GW_REAL *hbm_step = st->hbm_step;
  GW_STATE_AS GW_REAL *tg_step = st->tg_step;
  GW_STATE_AS GW_REAL *disc_step = st->disc_step;
  GW_STATE_AS GW_REAL *decay_step = st->decay_step;
  GW_STATE_AS GW_REAL *energy_kwh = st->energy_kwh;
  GW_STATE_AS GW_REAL *units_cap = st->units_cap;
  GW_STATE_AS GW_REAL *hbm_cap = st->hbm_cap;
  GW_STATE_AS GW_REAL *train_growth = st->train_growth;
  GW_STATE_AS GW_REAL *discount = st->discount;
  GW_STATE_AS GW_REAL *decay = st->decay;
  GW_STATE_AS GW_REAL *ln_p_prev = st->ln_p_prev;
  GW_STATE_AS GW_REAL *d0 = st->d0;
  GW_STATE_AS GW_REAL *i0 = st->i0;
  GW_STATE_AS GW_REAL *tr0 = st->tr0;
  GW_STATE_AS GW_REAL *ln_tau = st->ln_tau;
  GW_STATE_AS GW_REAL *ln_eff = st->ln_eff;
  GW_STATE_AS GW_REAL *p = st->p;
  GW_STATE_AS GW_REAL *train_norm = st->train_norm;
  GW_STATE_AS GW_REAL *tr_s = st->tr_s;
  GW_STATE_AS GW_REAL *tr_c = st->tr_c;
  GW_STATE_AS GW_REAL *tr_ds = st->tr_ds;
  GW_STATE_AS GW_REAL *tr_dc = st->tr_dc;
  GW_STATE_AS GW_ACC *cum_shortage = st->cum_shortage;
  /* Per-quarter temporaries. */
  GW_REAL total_supply[GW_W], total_want[GW_W], total_hbm[GW_W], c_del[GW_W];
  GW_REAL fleet_kw_cost[GW_W], fleet_perf[GW_W], stranded[GW_W], scale[GW_W];
  GW_REAL unit[GW_W], acc[GW_W], acc2[GW_W], tg[GW_W], z[GW_W], s[GW_W];
  GW_REAL used[GW_W], shortage[GW_W], spot_cap[GW_W], ln_p[GW_W];
  GW_REAL inf[GW_W], train[GW_W], ent[GW_W], floor_v[GW_W], seg[GW_W], demand[GW_W];
  GW_REAL p_rel[GW_W];          /* p / p0 */
  int kinds_on = t_begin == 0 ? 0 : st->kinds_on;

  if (t_begin == 0)
    {
      gw_path_sample_lanes (pi, pr, path0, mode, swing_slot, swing_u, key0, key1, x, cop);

      GW_LANES
        {
          const GW_REAL price_0 = GW_LX (GW_SLOT_M (GW_M_PRICE_0));
          const GW_REAL disc = GW_LX (GW_SLOT_M (GW_M_DISCOUNT_RATE));
          const GW_REAL ln_disc = GW_LOG (1 + disc);
          const GW_REAL cap = GW_LX (GW_SLOT_M (GW_M_PRICE_CAP_MULTIPLE)) * price_0;

          hq[L] = GW_H * GW_LX (GW_SLOT_M (GW_M_AVAILABILITY));
          ln_price_0[L] = GW_LOG (price_0);
          ln_cap[L] = GW_LOG (cap);
          ent_l0[L] = 1 / (1 + GW_EXP (GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_MIDPOINT))
                                       / GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_WIDTH))));
          cust_l0[L] = 1 / (1 + GW_EXP (GW_LX (GW_SLOT_M (GW_M_CUSTOM_MIDPOINT))
                                        / GW_LX (GW_SLOT_M (GW_M_CUSTOM_WIDTH))));
          us_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_UNIT_SUPPLY_GROWTH))) / 4);
          hbm_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_HBM_GROWTH))) / 4);
          tg_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_TRAINING_GROWTH))) / 4);
          disc_step[L] = GW_EXP (-ln_disc / 4);
          decay_step[L] = GW_EXP (GW_C (-0.69314718055994530942)
                                  / (4 * GW_LX (GW_SLOT_M (GW_M_GROWTH_HALVING_YEARS))));
          energy_kwh[L] = GW_LX (GW_SLOT_M (GW_M_PUE)) * GW_LX (GW_SLOT_M (GW_M_ELECTRICITY))
                          / 1000;
          units_cap[L] = GW_LX (GW_SLOT_M (GW_M_UNIT_SUPPLY_0));
          hbm_cap[L] = GW_LX (GW_SLOT_M (GW_M_HBM_SUPPLY_0));
          train_growth[L] = 1;
          discount[L] = 1;
          decay[L] = 1;
          ln_p_prev[L] = ln_price_0[L];
          d0[L] = 0;
          i0[L] = 0;
          tr0[L] = 0;
          ln_tau[L] = 0;
          ln_eff[L] = 0;
          p[L] = price_0;
          cum_shortage[L] = 0;
        }

      /* The training cycle sin (2 pi t / cycle + phase), by rotation. */
      for (int L = 0; L < GW_W; L++)        /* sin, cos: not vectorised */
        {
          GW_REAL phase = 0;
          GW_REAL delta = 2 * (GW_REAL) GW_PI_CONST
                          / GW_LX (GW_SLOT_M (GW_M_TRAINING_CYCLE_QUARTERS));

          if (mode != GW_MODE_DETERMINISTIC)
            phase = 2 * (GW_REAL) GW_PI_CONST * GW_LANE_U01 (GW_STREAM_TRAINING, 0);
          tr_s[L] = sin (phase);
          tr_c[L] = cos (phase);
          tr_ds[L] = sin (delta);
          tr_dc[L] = cos (delta);
          train_norm[L] = 1 + GW_LX (GW_SLOT_M (GW_M_TRAINING_AMPLITUDE)) * tr_s[L];
        }

      /* Events that happen on each lane's path (section 3). */
      for (int e = 0; e < E; e++)
        {
          GW_PLAN_AS const int *er = ev + 4 * e;

          if (!er[1])
            {
              GW_LANES
                GW_LA (happened, e) = 0;
            }
          else if (mode == GW_MODE_DETERMINISTIC)
            {
              GW_LANES
                GW_LA (happened, e) = GW_LX (GW_SLOT_EVENT (e, 1)) >= 1 ? GW_C (1.0) : GW_C (0.0);
            }
          else
            {
              GW_LANES
                GW_LA (happened, e) = GW_LANE_U01 (GW_STREAM_EVENTS, e)
                                      < GW_LX (GW_SLOT_EVENT (e, 1)) ? GW_C (1.0) : GW_C (0.0);
            }
          for (int L = 0; L < GW_W; L++)
            if (GW_LA (happened, e) != 0)
              kinds_on |= 1 << er[0];
        }

      /* Deals: the derived field and the stop quarter. */
      for (int d = 0; d < D; d++)
        {
          GW_PLAN_AS const int *dr = deal + 6 * d;
          const int start = dr[2];
          const int end = dr[3];
          const int ramp = dr[4];
          const int derived = dr[5];
          const GW_REAL rsum = gw_path_ramp_sum (start, end, ramp, start);
          const int sv = GW_SLOT_DEAL (d, GW_DEAL_VALUE);
          const int sc = GW_SLOT_DEAL (d, GW_DEAL_CAPACITY);
          const int sp = GW_SLOT_DEAL (d, GW_DEAL_PRICE);

          if (derived == GW_DEAL_VALUE)
            {
              GW_LANES
                GW_LX (sv) = GW_LX (sc) * GW_LX (sp) * hq[L] * rsum;
            }
          else if (derived == GW_DEAL_CAPACITY)
            {
              GW_LANES
                GW_LX (sc) = GW_LX (sv) / (GW_LX (sp) * hq[L] * rsum);
            }
          else
            {
              GW_LANES
                GW_LX (sp) = GW_LX (sv) / (GW_LX (sc) * hq[L] * rsum);
            }
          GW_LANES
            GW_LA (dvalue, d) = GW_LX (sc) * GW_LX (sp) * hq[L];

          if (mode != GW_MODE_DETERMINISTIC && end >= 0)
            {
              const int first = start > 0 ? start : 0;
              const GW_REAL n = (GW_REAL) (end - first + 1);

              GW_LANES
                {
                  const GW_REAL cp = GW_LX (GW_SLOT_DEAL (d, GW_DEAL_COMPLETION));
                  const GW_REAL u = GW_LANE_U01 (GW_STREAM_DEALS, d);
                  /* floor (ln u / ln (1 - q)) with 1 - q = cp^(1/n) */
                  const GW_REAL k = GW_FLOOR (n * GW_LOG (u) / GW_LOG (cp));

                  GW_LA (dstop, d) = cp < 1 ? (k < (GW_REAL) GW_NEVER ? (GW_REAL) first + k
                                                                      : (GW_REAL) GW_NEVER)
                                            : (GW_REAL) GW_NEVER;
                }
            }
          else
            {
              GW_LANES
                GW_LA (dstop, d) = (GW_REAL) GW_NEVER;
            }
        }
      for (int e = 0; e < E; e++)
        {
          GW_PLAN_AS const int *er = ev + 4 * e;

          if (er[0] == GW_EV_DEAL_DEFAULT && er[3] >= 0)
            {
              const GW_REAL at = (GW_REAL) (er[2] > 0 ? er[2] : 0);
              const int dd = er[3];

              GW_LANES
                GW_LA (dstop, dd) = GW_LA (happened, e) != 0
                                    ? (at < GW_LA (dstop, dd) ? at : GW_LA (dstop, dd))
                                                             : GW_LA (dstop, dd);
            }
        }

      /* Initial state. */
      for (int g = 0; g < G; g++)
        {
          const GW_REAL age = (GW_REAL) (avail[g] < 0 ? -avail[g] : 0) / 2;

          GW_LANES
            {
              GW_REAL keep = 1 - 1 / (4 * GW_LX (GW_SLOT_GEN (g, GW_GEN_LIFE_YEARS)));

              GW_LA (g_keep, g) = keep;
              GW_LA (g_keep2, g) = keep * keep;
              GW_LA (g_age, g) = GW_POW (keep, age);
            }
        }
      for (int j = 0; j < P; j++)
        {
          GW_LANES
            {
              GW_LA (power, j) = GW_LX (GW_SLOT_PROV_A (j, GW_PROV_POWER_MW));
              GW_LA (debt, j) = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_DEBT));
              GW_LA (min_dscr, j) = (GW_REAL) INFINITY;
              GW_LA (first_below, j) = -1;
              GW_LA (npv, j) = 0;
              GW_LA (opex_h, j) = 3 * GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX)) / GW_H;
            }
          for (int g = 0; g < G; g++)
            GW_LANES
              {
                GW_REAL units = GW_LX (GW_SLOT_FLEET (j, g));

                GW_LA (fleet, j * G + g) = units;
                GW_LA (book, j * G + g) = units * GW_LX (GW_SLOT_GEN (g, GW_GEN_UNIT_CAPEX))
                                          * GW_LA (g_age, g);
              }
        }

      st->kinds_on = kinds_on;
    }

  for (int t = t_begin; t < t_end; t++)
    {
      const GW_REAL tt = (GW_REAL) t;
      int last_gs = -1;

      GW_LANES
        {
          if (t >= 1)
            {
              units_cap[L] *= us_step[L];
              hbm_cap[L] *= hbm_step[L];
              train_growth[L] *= tg_step[L];
              decay[L] *= decay_step[L];
            }
          discount[L] *= disc_step[L];
          c_del[L] = 0;
        }

      /* 1. Power. */
      if (t >= 1)
        {
          for (int j = 0; j < P; j++)
            {
              GW_LANES
                GW_LA (exec, j) = GW_LX (GW_SLOT_PROV_A (j, GW_PROV_BUILD_EXECUTION));
              for (int e = 0; (kinds_on & (1 << GW_EV_POWER_DELAY)) && e < E; e++)
                {
                  GW_PLAN_AS const int *er = ev + 4 * e;

                  if (er[0] == GW_EV_POWER_DELAY && t >= er[2] && (er[3] < 0 || er[3] == j))
                    GW_LANES
                      GW_LA (exec, j) *= GW_LA (happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0))
                                                                  : GW_C (1.0);
                }
            }
          for (int b = 0; b < B; b++)
            {
              GW_PLAN_AS const int *br = bp + 3 * b;
              const int j = br[0];

              if (br[1] <= t && t <= br[2])
                GW_LANES
                  GW_LA (power, j) += GW_LX (GW_SLOT_BP (b)) * GW_LA (exec, j);
            }
        }

      /* 2. Retire and depreciate, and 3. headroom, in one pass over each
       * provider's generations: the IT kW sums the fleet just retired. */
      GW_LANES
        {
          total_want[L] = 0;
          total_hbm[L] = 0;
        }
      {
        for (int j = 0; j < P; j++)
          {
            const int gs = gstar[j * T + t];

            GW_VPART
              {
                gw_vreal dj = GW_VZERO;
                gw_vreal a = GW_VZERO;

                if (t >= 1)
                  for (int g = 0; g < G; g++)
                    {
                      const gw_vreal k2 = GW_VA (g_keep2, g);
                      const gw_vreal bk = GW_VA (book, j * G + g);
                      const gw_vreal f = GW_VA (fleet, j * G + g) * GW_VA (g_keep, g);

                      GW_VA_SET (fleet, j * G + g, f);
                      dj += bk * (1 - k2);
                      GW_VA_SET (book, j * G + g, bk * k2);
                      a += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_KW_IT));
                    }
                else
                  for (int g = 0; g < G; g++)
                    a += GW_VA (fleet, j * G + g) * GW_VX (GW_SLOT_GEN (g, GW_GEN_KW_IT));
                GW_VA_SET (dep, j, dj);
                GW_VL_SET (acc, a);
              }
            if (gs >= 0)
              {
                GW_LANES
                  {
                    const GW_REAL pue = GW_LX (GW_SLOT_M (GW_M_PUE));
                    const GW_REAL head = GW_LA (power, j) - acc[L] * pue / 1000;
                    const GW_REAL w = head > 0
                                      ? head * 1000 / (GW_LX (GW_SLOT_GEN (gs, GW_GEN_KW_IT)) * pue)
                                               : GW_C (0.0);

                    GW_LA (want, j) = w;
                    total_want[L] += w;
                    total_hbm[L] += w * GW_LX (GW_SLOT_GEN (gs, GW_GEN_HBM_GB));
                  }
              }
            else
              {
                GW_LANES
                  GW_LA (want, j) = 0;
              }
          }
      }

      /* 4. Chip supply. */
      GW_LANES
        {
          GW_REAL sc = 1;
          const GW_REAL ru = units_cap[L] / total_want[L];
          const GW_REAL rh = hbm_cap[L] / total_hbm[L];

          sc = total_want[L] > 0 ? (ru < sc ? ru : sc) : sc;
          sc = total_hbm[L] > 0 ? (rh < sc ? rh : sc) : sc;
          scale[L] = sc;
        }

      /* 4-6. Build, supply. */
      GW_LANES
        {
          stranded[L] = 0;
          total_supply[L] = 0;
          fleet_perf[L] = 0;
          fleet_kw_cost[L] = 0;
        }
      for (int j = 0; j < P; j++)
        {
          const int gs = gstar[j * T + t];

          GW_LANES
            GW_LA (capex, j) = 0;
          if (gs >= 0)
            {
              /* providers mostly buy the same generation: price it once */
              if (gs != last_gs)
                {
                  const GW_REAL years = (tt - (GW_REAL) avail[gs]) / 4;

                  GW_LANES
                    unit[L] = GW_LX (GW_SLOT_GEN (gs, GW_GEN_UNIT_CAPEX))
                              * GW_POW (1 + GW_LX (GW_SLOT_GEN (gs, GW_GEN_CAPEX_INFLATION)),
                                        years);
                  for (int e = 0; (kinds_on & (1 << GW_EV_CAPEX_SHOCK)) && e < E; e++)
                    {
                      GW_PLAN_AS const int *er = ev + 4 * e;

                      if (er[0] == GW_EV_CAPEX_SHOCK && t >= er[2] && (er[3] < 0 || er[3] == gs))
                        GW_LANES
                          unit[L] *= GW_LA (happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0))
                                                              : GW_C (1.0);
                    }
                  last_gs = gs;
                }
              GW_VPART
                {
                  const gw_vreal w = GW_VA (want, j);
                  const gw_vreal nu = w * GW_VL (scale);
                  const gw_vreal cx = nu * GW_VL (unit);

                  GW_VL_SET (stranded, GW_VL (stranded)
                                       + (w - nu) * GW_VX (GW_SLOT_GEN (gs, GW_GEN_KW_IT))
                                         * GW_VX (GW_SLOT_M (GW_M_PUE)) / 1000);
                  GW_VA_SET (fleet, j * G + gs, GW_VA (fleet, j * G + gs) + nu);
                  GW_VA_SET (capex, j, cx);
                  GW_VA_SET (book, j * G + gs, GW_VA (book, j * G + gs) + cx);
                  GW_VA_SET (debt, j, GW_VA (debt, j)
                                      + GW_VX (GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE)) * cx);
                }
            }
          GW_VPART
            {
              gw_vreal sj = GW_VZERO;
              gw_vreal kj = GW_VZERO;
              gw_vreal bj = GW_VZERO;

              for (int g = 0; g < G; g++)
                {
                  const gw_vreal f = GW_VA (fleet, j * G + g);

                  sj += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_PERF));
                  kj += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_KW_IT));
                  bj += GW_VA (book, j * G + g);
                }
              GW_VA_SET (book_sum, j, bj);
              GW_VA_SET (supply, j, sj * GW_VL (hq));
              GW_VA_SET (kw_after, j, kj);
              GW_VL_SET (total_supply, GW_VL (total_supply) + GW_VA (supply, j));
              GW_VL_SET (fleet_perf, GW_VL (fleet_perf) + sj);
              GW_VL_SET (fleet_kw_cost, GW_VL (fleet_kw_cost)
                                        + kj * (GW_VL (energy_kwh) + GW_VA (opex_h, j)));
            }
        }

      /* 7. Contracts. */
      for (int j = 0; j < P; j++)
        GW_LANES
          {
            GW_LA (con, j) = 0;
            GW_LA (conp, j) = 0;
            GW_LA (backlog, j) = 0;
          }
      for (int d = 0; d < D; d++)
        {
          GW_PLAN_AS const int *dr = deal + 6 * d;
          const int j = dr[0];
          const int start = dr[2];
          const int end = dr[3];
          const int ramp = dr[4];
          const GW_REAL rest = gw_path_ramp_sum (start, end, ramp, t + 1 > start ? t + 1 : start);

          if (!dr[1])
            continue;
          if (start <= t && t <= end)
            {
              const GW_REAL r = gw_path_ramp (start, ramp, t);

              GW_LANES
                {
                  const GW_REAL live = tt < GW_LA (dstop, d) ? GW_C (1.0) : GW_C (0.0);
                  const GW_REAL cd = GW_LX (GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)) * r * hq[L] * live;

                  GW_LA (con, j) += cd;
                  GW_LA (conp, j) += cd * GW_LX (GW_SLOT_DEAL (d, GW_DEAL_PRICE));
                }
            }
          GW_LANES
            GW_LA (backlog, j) += GW_LA (dstop, d) > tt + 1 ? GW_LA (dvalue, d) * rest : GW_C (0.0);
        }
      for (int j = 0; j < P; j++)
        GW_LANES
          {
            const GW_REAL dl = GW_LA (con, j) < GW_LA (supply, j) ? GW_LA (con, j)
                                                                  : GW_LA (supply, j);

            GW_LA (delivered, j) = dl;
            c_del[L] += dl;
          }

      /* 8. Demand at price_0. */
      if (t == 0)
        {
          GW_LANES
            {
              d0[L] = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0)) * total_supply[L];
              i0[L] = GW_LX (GW_SLOT_M (GW_M_INFERENCE_SHARE_0)) * d0[L];
              tr0[L] = d0[L] - i0[L];
            }
        }
      else
        {
          GW_LANES
            tg[L] = GW_LX (GW_SLOT_M (GW_M_TOKEN_GROWTH));
          for (int e = 0; (kinds_on & (1 << GW_EV_DEMAND_SHOCK)) && e < E; e++)
            {
              GW_PLAN_AS const int *er = ev + 4 * e;

              if (er[0] == GW_EV_DEMAND_SHOCK && t >= er[2])
                GW_LANES
                  tg[L] *= GW_LA (happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0)) : GW_C (1.0);
            }
          if (mode != GW_MODE_DETERMINISTIC)
            {
              GW_LANES
                z[L] = GW_PHI_INV (GW_LANE_U01 (GW_STREAM_SHOCKS, 4 * t));
            }
          else
            {
              GW_LANES
                z[L] = 0;
            }
          GW_LANES
            {
              ln_tau[L] += GW_LOG (1 + (tg[L] - 1) * decay[L]) / 4
                           + GW_LX (GW_SLOT_M (GW_M_DEMAND_VOLATILITY)) * z[L];
              ln_eff[L] += GW_LOG (1 + (GW_LX (GW_SLOT_M (GW_M_EFFICIENCY_GAIN)) - 1) * decay[L])
                           / 4;
            }
        }
      GW_LANES
        {
          const GW_REAL s0 = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_0));
          const GW_REAL smax = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_MAX));
          const GW_REAL ent_mid = GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_MIDPOINT));
          const GW_REAL ent_width = GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_WIDTH));
          const GW_REAL cmid = GW_LX (GW_SLOT_M (GW_M_CUSTOM_MIDPOINT));
          const GW_REAL cwidth = GW_LX (GW_SLOT_M (GW_M_CUSTOM_WIDTH));

          inf[L] = i0[L] * GW_EXP (ln_tau[L] - ln_eff[L]);
          train[L] = tr0[L] * train_growth[L]
                     * (1 + GW_LX (GW_SLOT_M (GW_M_TRAINING_AMPLITUDE)) * tr_s[L]) / train_norm[L];
          ent[L] = GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_MAX)) * d0[L]
                   * ((1 / (1 + GW_EXP (-(tt - ent_mid) / ent_width)) - ent_l0[L])
                      / (1 - ent_l0[L]));
          s[L] = s0 + (smax - s0) * ((1 / (1 + GW_EXP (-(tt - cmid) / cwidth)) - cust_l0[L])
                                     / (1 - cust_l0[L]));
        }
      for (int e = 0; (kinds_on & (1 << GW_EV_CUSTOM_BEACHHEAD)) && e < E; e++)
        {
          GW_PLAN_AS const int *er = ev + 4 * e;

          if (er[0] == GW_EV_CUSTOM_BEACHHEAD && t >= er[2])
            {
              const GW_REAL mid = (GW_REAL) er[2];

              GW_LANES
                {
                  const GW_REAL s0 = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_0));
                  const GW_REAL w = GW_LX (GW_SLOT_M (GW_M_CUSTOM_WIDTH));
                  const GW_REAL l0 = 1 / (1 + GW_EXP (mid / w));
                  const GW_REAL lt = 1 / (1 + GW_EXP (-(tt - mid) / w));
                  const GW_REAL rise = 1 - l0 != 0 ? (lt - l0) / (1 - l0) : GW_C (0.0);
                  const GW_REAL se = s0 + (GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_MAX))
                                           + GW_LX (GW_SLOT_EVENT (e, 0)) - s0) * rise;

                  s[L] = GW_LA (happened, e) != 0 ? (se > s[L] ? se : s[L]) : s[L];
                }
            }
        }

      /* 9. Price, in logs: ln p* = ln p0 + ln (q / (u0 S)) / e, clamped
       * to [ln floor, ln cap] with the cap winning. */
      GW_LANES
        {
          const GW_REAL s0 = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_0));
          const GW_REAL util_0 = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0));
          const GW_REAL elasticity = GW_LX (GW_SLOT_M (GW_M_ELASTICITY));
          const GW_REAL stick = GW_LX (GW_SLOT_M (GW_M_PRICE_STICKINESS));
          const GW_REAL fp = GW_LX (GW_SLOT_M (GW_M_AVAILABILITY)) * fleet_perf[L];
          const GW_REAL floor_p = fp != 0 ? fleet_kw_cost[L] / fp : GW_C (0.0);
          const GW_REAL dr = (inf[L] + train[L] + ent[L]) * (1 - s[L]) / (1 - s0);
          const GW_REAL q = dr > c_del[L] ? dr : c_del[L];
          const GW_REAL ln_floor = GW_LOG (floor_p);
          GW_REAL p_star = ln_price_0[L] + GW_LOG (q / (util_0 * total_supply[L])) / elasticity;
          GW_REAL ex;
          GW_REAL dm;

          p_star = total_supply[L] == 0 ? ln_p_prev[L] : p_star;
          /* floor_p >= 0, and ln 0 = -inf never wins */
          p_star = p_star < ln_floor ? ln_floor : p_star;
          p_star = p_star > ln_cap[L] ? ln_cap[L] : p_star;
          ln_p[L] = stick * ln_p_prev[L] + (1 - stick) * p_star;
          p[L] = GW_EXP (ln_p[L]);
          ln_p_prev[L] = ln_p[L];
          ex = GW_EXP (-elasticity * (ln_p[L] - ln_price_0[L]));
          seg[L] = (1 - s[L]) / (1 - s0) * ex;
          dm = dr * ex;
          dm = dm < c_del[L] ? c_del[L] : dm;
          floor_v[L] = floor_p;
          demand[L] = dm;
          used[L] = dm < total_supply[L] ? dm : total_supply[L];
          shortage[L] = dm > total_supply[L] ? dm - total_supply[L] : GW_C (0.0);
          spot_cap[L] = 0;
        }
      for (int j = 0; j < P; j++)
        GW_LANES
          {
            shortage[L] += GW_LA (con, j) - GW_LA (delivered, j);
            spot_cap[L] += GW_LA (supply, j) - GW_LA (delivered, j);
          }
      GW_LANES
        {
          const GW_REAL S = total_supply[L];

          /* z[L] becomes the spot utilisation */
          z[L] = spot_cap[L] != 0 ? (used[L] - c_del[L]) / spot_cap[L] : GW_C (0.0);
          cum_shortage[L] += shortage[L];

          GW_EMIT_ST (GW_S_PRICE, t, p[L]);
          GW_EMIT_ST (GW_S_SUPPLY, t, S);
          GW_EMIT_ST (GW_S_DEMAND, t, demand[L]);
          GW_EMIT_ST (GW_S_UTILIZATION, t, S != 0 ? used[L] / S : GW_C (0.0));
          GW_EMIT_ST (GW_S_SHORTAGE, t, shortage[L]);
          GW_EMIT_ST (GW_S_CUSTOM_SHARE, t, s[L]);
          GW_EMIT_ST (GW_S_FLOOR, t, floor_v[L]);
          GW_EMIT_ST (GW_S_STRANDED_MW, t, stranded[L]);
          GW_EMIT_ST (GW_S_CONTRACTED, t, c_del[L]);
          GW_EMIT_ST (GW_S_DEMAND_INFERENCE, t, inf[L] * seg[L]);
          GW_EMIT_ST (GW_S_DEMAND_TRAINING, t, train[L] * seg[L]);
          GW_EMIT_ST (GW_S_DEMAND_ENTERPRISE, t, ent[L] * seg[L]);

          /* next quarter's cycle */
          {
            const GW_REAL sn = tr_s[L] * tr_dc[L] + tr_c[L] * tr_ds[L];

            tr_c[L] = tr_c[L] * tr_dc[L] - tr_s[L] * tr_ds[L];
            tr_s[L] = sn;
          }
        }

      /* 10. Providers. */
      GW_LANES
        p_rel[L] = p[L] / GW_LX (GW_SLOT_M (GW_M_PRICE_0));
      for (int j = 0; j < P; j++)
        {
          const int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j;

          GW_LANES
            {
              acc[L] = GW_LA (book_sum, j);     /* the book after the build */
              acc2[L] = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_INTEREST_RATE));
            }
          for (int e = 0; (kinds_on & (1 << GW_EV_RATE_SHOCK)) && e < E; e++)
            {
              GW_PLAN_AS const int *er = ev + 4 * e;

              if (er[0] == GW_EV_RATE_SHOCK && t >= er[2])
                GW_LANES
                  acc2[L] += GW_LA (happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0)) : GW_C (0.0);
            }
          GW_LANES
            {
              const GW_REAL sup = GW_LA (supply, j);
              const GW_REAL dl = GW_LA (delivered, j);
              const GW_REAL cn = GW_LA (con, j);
              const GW_REAL spot_hours = (sup - dl) * z[L];
              const GW_REAL contract = cn != 0 ? GW_LA (conp, j) * dl / cn : GW_C (0.0);
              const GW_REAL revenue = contract + spot_hours * p[L];
              const GW_REAL util = sup != 0 ? (dl + spot_hours) / sup : GW_C (0.0);
              const GW_REAL kw = GW_LA (kw_after, j);
              const GW_REAL book_j = acc[L];
              const GW_REAL rate = acc2[L];
              const GW_REAL pue = GW_LX (GW_SLOT_M (GW_M_PUE));
              const GW_REAL idle = GW_LX (GW_SLOT_M (GW_M_IDLE_POWER_FRACTION));
              const GW_REAL share = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE));
              const GW_REAL cx = GW_LA (capex, j);
              const GW_REAL energy = kw * pue * GW_H * (idle + (1 - idle) * util)
                                     * GW_LX (GW_SLOT_M (GW_M_ELECTRICITY)) / 1000;
              const GW_REAL opex = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX)) * 3 * kw;
              const GW_REAL ebitda = revenue - energy - opex;
              const GW_REAL debt0 = GW_LA (debt, j);
              const GW_REAL interest = debt0 * rate / 4;
              const GW_REAL principal = debt0
                                        / (4 * GW_LX (GW_SLOT_PROV_B (j, GW_PROV_LOAN_YEARS)));
              const GW_REAL debt1 = debt0 - principal;
              const GW_REAL service = interest + principal;
              const GW_REAL dscr = service != 0 ? ebitda / service : GW_DSCR_NONE;
              const GW_REAL collateral = book_j * p_rel[L];
              const GW_REAL ltv = collateral != 0 ? debt1 / collateral
                                  : debt1 != 0 ? GW_LTV_NONE : GW_C (0.0);
              const GW_REAL fcf = ebitda - cx + share * cx - interest - principal;
              GW_REAL nv = GW_LA (npv, j) + fcf * discount[L];

              if (t == T - 1)
                nv += (book_j - debt1) * discount[L];
              GW_LA (npv, j) = nv;
              GW_LA (debt, j) = debt1;
              GW_LA (min_dscr, j) = dscr < GW_LA (min_dscr, j) ? dscr : GW_LA (min_dscr, j);
              GW_LA (first_below, j) = dscr < 1
                                       ? (GW_LA (first_below, j) < 0 ? tt : GW_LA (first_below, j))
                                       : GW_LA (first_below, j);

              GW_EMIT_ST (base + GW_SP_REVENUE, t, revenue);
              GW_EMIT_ST (base + GW_SP_CONTRACT_REVENUE, t, contract);
              GW_EMIT_ST (base + GW_SP_SPOT_REVENUE, t, spot_hours * p[L]);
              GW_EMIT_ST (base + GW_SP_EBITDA, t, ebitda);
              GW_EMIT_ST (base + GW_SP_NET_INCOME, t, ebitda - GW_LA (dep, j) - interest);
              GW_EMIT_ST (base + GW_SP_CAPEX, t, cx);
              GW_EMIT_ST (base + GW_SP_DEBT, t, debt1);
              GW_EMIT_ST (base + GW_SP_DSCR, t, dscr);
              GW_EMIT_ST (base + GW_SP_LTV, t, ltv);
              GW_EMIT_ST (base + GW_SP_BACKLOG, t, GW_LA (backlog, j));
              GW_EMIT_ST (base + GW_SP_FLEET_MW, t, kw * pue / 1000);
              GW_EMIT_ST (base + GW_SP_SUPPLY, t, sup);
            }
        }
    }

  if (t_end < T)
    return;
  GW_LANES
    {
      GW_EMIT_SCALAR (GW_X_PRICE_HORIZON, p[L]);
      GW_EMIT_SCALAR (GW_X_CUM_SHORTAGE, cum_shortage[L]);
    }
  for (int j = 0; j < P; j++)
    {
      const int base = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * j;

      GW_LANES
        {
          GW_EMIT_SCALAR (base + GW_XP_NPV, GW_LA (npv, j));
          GW_EMIT_SCALAR (base + GW_XP_MIN_DSCR, GW_LA (min_dscr, j));
          GW_EMIT_SCALAR (base + GW_XP_FIRST_DSCR_BELOW, GW_LA (first_below, j));
        }
    }
}

/* All T quarters of GW_W paths from path0 (see gw_path_quarters_lanes()). */
GW_LANES_FN void
gw_path_run_lanes (GW_PLAN_AS const int     *pi,
                   GW_PLAN_AS const GW_REAL *pr,
                   gw_u32                    path0,
                   int                       mode,
                   int                       swing_slot,
                   GW_REAL                   swing_u,
                   gw_u32                    key0,
                   gw_u32                    key1,
                   GW_SCRATCH_AS GW_REAL    *scratch
                   GW_SINK_DECL)
{
  gw_path_state st;

#ifdef GW_DIM_T
  const int T = GW_DIM_T;
#else
  const int T = pi[GW_PI_T];
#endif

  gw_path_quarters_lanes (pi, pr, path0, mode, swing_slot, swing_u, key0, key1, scratch, 0, T,
                          &st GW_SINK_ARGS);
}

#endif /* GW_PATH_LANES_H */
