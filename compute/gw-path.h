/* gw-path.h: Monte Carlo paths of MODEL.md sections 3 and 4
 *
 * Header-only; compiles as C11 (the CPU reference engine, GW_REAL double)
 * and as OpenCL C 1.2 (the kernels, GW_REAL float or double), so the two
 * engines run the same quarter step and cannot drift apart. It runs GW_W
 * paths at once, one per lane L (see "Lanes" below), and puts their
 * outputs where a gw_path_sink says.
 *
 * An includer that runs paths defines, before including this file:
 *   GW_W                    lanes; without it, only the plan's layout, the
 *                           output numbering and the scalar helpers are
 *                           declared (what the host needs)
 * and may define:
 *   GW_VW                   lanes per vector register (default GW_W)
 *   GW_ACC                  accumulator type (default GW_REAL)
 *   GW_PLAN_AS              address space of the plan (OpenCL: __global)
 *   GW_SINK_AS              address space of the outputs (OpenCL: __global)
 *   GW_SCRATCH_AS           address space of the scratch (default private)
 *   GW_STATE_AS             address space of a gw_path_state (default private)
 *
 * The plan is two flat arrays built on the host by gw-plan.c, integers
 * (pi, starting with a GwPlanHeader) and reals (pr).
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
#ifndef GW_SINK_AS
#define GW_SINK_AS
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

/* The plan is two flat arrays built on the host by gw-plan.c: integers
 * (pi) and reals (pr). pi starts with this header: the scenario's
 * dimensions, then where each table starts, as an index into pi or pr.
 * Its fields are all int, so it has no padding and reads the same in C
 * and in OpenCL C (gw-plan.c asserts it); so are the rows below. Quarters
 * count from the scenario's start. */
typedef struct
{
  int n_quarters;               /* T */
  int n_generations;            /* G */
  int n_providers;              /* P */
  int n_build_plans;            /* B */
  int n_deals;                  /* D */
  int n_events;                 /* E */
  int n_slots;                  /* K, the sampled inputs */
  int n_correlated;             /* NC, the slots the copula ties together */
  int available_from;           /* pi: [G] available_from - start */
  int generation_bought;        /* pi: [P][T] the generation g*_j bought, or -1 */
  int build_plans;              /* pi: [B] GwPlanBuild */
  int deals;                    /* pi: [D] GwPlanDeal */
  int events;                   /* pi: [E] GwPlanEvent */
  int copula_slots;             /* pi: [NC] */
  int slot_kinds;               /* pi: [K] each slot's distribution */
  int slot_params;              /* pr: [K][4] each slot's parameters */
  int cholesky;                 /* pr: [NC][NC] lower, row-major */
  int scratch;                  /* scratch reals needed per path */
  int relet_quarters;           /* market */
} GwPlanHeader;

/* A build plan: provider j adds its sampled MW in quarters from .. to. */
typedef struct
{
  int provider;
  int from;
  int to;
} GwPlanBuild;

/* A deal. */
typedef struct
{
  int provider;
  int enabled;
  int start;
  int end;
  int ramp_quarters;
  int derived;                  /* the field the other two give: GW_DEAL_VALUE,
                                 * GW_DEAL_CAPACITY or GW_DEAL_PRICE */
  int signed_at;                /* the quarter it was signed, -GW_NEVER when empty */
} GwPlanDeal;

/* An event. */
typedef struct
{
  int kind;                     /* GW_EV_* */
  int enabled;
  int start;
  int target;                   /* the generation, provider or deal it strikes, or
                                 * -1: every one (a deal default: none) */
  int end;                      /* GW_NEVER when empty: to the horizon */
} GwPlanEvent;

static inline GW_PLAN_AS const GwPlanHeader *
gw_plan_header (GW_PLAN_AS const int *pi)
{
  return (GW_PLAN_AS const GwPlanHeader *) pi;
}

/* T; a kernel built for one scenario has it as a constant. */
static inline int
gw_plan_n_quarters (GW_PLAN_AS const int *pi)
{
#ifdef GW_DIM_T
  (void) pi;
  return GW_DIM_T;
#else
  return gw_plan_header (pi)->n_quarters;
#endif
}

static inline GW_PLAN_AS const GwPlanBuild *
gw_plan_builds (GW_PLAN_AS const int *pi)
{
  return (GW_PLAN_AS const GwPlanBuild *) (pi + gw_plan_header (pi)->build_plans);
}

static inline GW_PLAN_AS const GwPlanDeal *
gw_plan_deals (GW_PLAN_AS const int *pi)
{
  return (GW_PLAN_AS const GwPlanDeal *) (pi + gw_plan_header (pi)->deals);
}

static inline GW_PLAN_AS const GwPlanEvent *
gw_plan_events (GW_PLAN_AS const int *pi)
{
  return (GW_PLAN_AS const GwPlanEvent *) (pi + gw_plan_header (pi)->events);
}

/* Whether event er acts in quarter t: max (start, 0) <= t <= end. */
static inline int
gw_event_acts (GW_PLAN_AS const GwPlanEvent *er,
               int                           t)
{
  return t >= er->start && t <= er->end;
}

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

/* Slot bases, from the dimensions of the gw_path_ctx c in scope. */
#define GW_SLOT_GEN(g, f)     (GW_N_GEN_SLOTS * (g) + (f))
#define GW_SLOT_PROV0(j)      (GW_N_GEN_SLOTS * c->G + (8 + c->G) * (j))
#define GW_SLOT_PROV_A(j, f)  (GW_SLOT_PROV0 (j) + (f))
#define GW_SLOT_FLEET(j, g)   (GW_SLOT_PROV0 (j) + GW_PROV_FLEET + (g))
#define GW_SLOT_PROV_B(j, f)  (GW_SLOT_PROV0 (j) + 2 + c->G + (f))
#define GW_SLOT_BP(b)         (GW_N_GEN_SLOTS * c->G + (8 + c->G) * c->P + (b))
#define GW_SLOT_DEAL(d, f)    (GW_SLOT_BP (c->B) + 4 * (d) + (f))
#define GW_SLOT_M(f)          (GW_SLOT_DEAL (c->D, 0) + (f))
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
  gw_u32 w = k % 4;

  ctr[0] = path;
  ctr[1] = stream;
  ctr[2] = k / 4;
  ctr[3] = 0;
  key[0] = key0;
  key[1] = key1;
  gw_philox4x32_10 (ctr, key, out);
  /* Word w picked by selects, not by indexing out[w]: in a lane loop, a
   * local array indexed at run time stays in memory, and clang 14 gives
   * all the lanes of a vector one copy of it, so that every lane read
   * the last lane's word (deal defaults differed between its AVX2 build
   * and the reference). OpenCL C indexes: oclgrind (Debian's 21.10)
   * executes the chain of selects wrongly (a 32-path run disagreed with
   * the CPU engine on most outputs), and no OpenCL compiler has the lane
   * problem, since a work-item is one path. */
#ifdef __OPENCL_C_VERSION__
  return gw_u01 (out[w]);
#else
  return gw_u01 (w == 0 ? out[0] : w == 1 ? out[1] : w == 2 ? out[2] : out[3]);
#endif
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
  ((K) + (NC) + 2 * (P) * (G) + 17 * (P) + 4 * (D) + (E) + (E) * (P) + 8 * (G) + 8)

/* Whether an enabled event e with this probability happens on a path
 * (section 3): in a deterministic run if the probability is 1, else if the
 * path's draw of the event stream falls under it. The engines and the
 * filters' event indicators (gw_results_event_flags()) ask this one
 * function. */
static inline int
gw_path_event_draw (int     mode,
                    gw_u32  path,
                    int     e,
                    GW_REAL probability,
                    gw_u32  key0,
                    gw_u32  key1)
{
  if (mode == GW_MODE_DETERMINISTIC)
    return probability >= 1;
  return gw_path_u01 (path, GW_STREAM_EVENTS, (gw_u32) e, key0, key1) < probability;
}

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
#if defined (GW_W) && !defined (GW_PATH_LANES_H)
#define GW_PATH_LANES_H

#ifndef __OPENCL_C_VERSION__
#include <stddef.h>
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

/* Where a group of lanes puts its outputs (section 5) for the engine to
 * reduce: lane L's value of series s in quarter t goes to
 * series[(s * series_step + (t - t0) * quarter_step) * column_stride + L],
 * its per-path scalar i to scalars[i * scalar_stride + L]. Lanes from
 * n_lanes on write nothing: a kernel's last work-item may hold fewer paths
 * than lanes. (Where n_lanes is GW_W, a constant once the run is inlined,
 * the test folds away.) */
typedef struct
{
  GW_SINK_AS GW_REAL *series;
  GW_SINK_AS GW_REAL *scalars;
  size_t column_stride;         /* from a column's values to the next column's */
  size_t series_step;           /* columns from series s to s + 1 */
  size_t quarter_step;          /* columns from quarter t to t + 1 */
  size_t scalar_stride;
  int t0;                       /* the quarter of column 0 */
  int n_lanes;
} gw_path_sink;

/* Lane L's value v of series s in quarter t. */
GW_LANES_FN void
gw_sink_series (const gw_path_sink *sink,
                int                 s,
                int                 t,
                int                 L,
                GW_REAL             v)
{
  if (L < sink->n_lanes)
    sink->series[((size_t) s * sink->series_step + (size_t) (t - sink->t0) * sink->quarter_step)
                 * sink->column_stride + (size_t) L] = v;
}

/* Lane L's value v of per-path scalar i. */
GW_LANES_FN void
gw_sink_scalar (const gw_path_sink *sink,
                int                 i,
                int                 L,
                GW_REAL             v)
{
  if (L < sink->n_lanes)
    sink->scalars[(size_t) i * sink->scalar_stride + (size_t) L] = v;
}

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

/* Inverse CDFs; the law of a slot is the same for every lane. Phi (z)
 * can round to 0 or 1 in the far tail, so u is clamped first. */
GW_LANES_FN void
gw_path_icdf_lanes (GW_PLAN_AS const int     *kind,
                    GW_PLAN_AS const GW_REAL *par,
                    int                       K,
                    GW_SCRATCH_AS GW_REAL    *x)
{
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
  GW_PLAN_AS const GwPlanHeader *h = gw_plan_header (pi);
#ifdef GW_DIM_K
  const int K = GW_DIM_K;
  const int NC = GW_DIM_NC;
#else
  const int K = h->n_slots;
  const int NC = h->n_correlated;
#endif
  GW_PLAN_AS const int *kind = pi + h->slot_kinds;
  GW_PLAN_AS const GW_REAL *par = pr + h->slot_params;
  GW_PLAN_AS const int *cslots = pi + h->copula_slots;
  GW_PLAN_AS const GW_REAL *chol = pr + h->cholesky;

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

  gw_path_icdf_lanes (kind, par, K, x);
}

/* What a group of lanes carries from one quarter to the next besides its
 * scratch: per-lane constants and state (see gw_path_quarters_lanes()). */
typedef struct
{
  GW_REAL hq[GW_W], ln_price_0[GW_W], ln_cap_mult[GW_W], ent_l0[GW_W], cust_l0[GW_W];
  GW_REAL us_step[GW_W], hbm_step[GW_W], tg_step[GW_W], disc_step[GW_W], decay_step[GW_W];
  GW_REAL energy_kwh[GW_W], units_cap[GW_W], hbm_cap[GW_W], train_growth[GW_W], discount[GW_W];
  GW_REAL decay[GW_W], ln_p_prev[GW_W], d0[GW_W], i0[GW_W], tr0[GW_W];
  GW_REAL ln_tau[GW_W], ln_eff[GW_W], p[GW_W], train_norm[GW_W], tr_s[GW_W];
  GW_REAL tr_c[GW_W], tr_ds[GW_W], tr_dc[GW_W];
  GW_REAL kappa[GW_W], kappa_step[GW_W];  /* cost inflation (1 + ci)^(t/4) and its step */
  GW_REAL ln_c_ref[GW_W];                 /* ln of the frontier cost at t = 0, no events */
  GW_ACC cum_shortage[GW_W];
  int kinds_on;                 /* event kinds that happen on some lane */
} gw_path_state;

/* Where a group of lanes keeps everything: the plan's tables, the per-lane
 * arrays in the scratch (each [n][GW_W], see gw_path_ctx_init()) and the
 * state. The step functions below take it, so that each reads like its
 * step of MODEL.md section 4. */
typedef struct
{
  GW_PLAN_AS const int *avail;  /* [G] available_from - start */
  GW_PLAN_AS const int *gstar;  /* [P][T] */
  GW_PLAN_AS const GwPlanBuild *builds;  /* [B] */
  GW_PLAN_AS const GwPlanDeal *deals;    /* [D] */
  GW_PLAN_AS const GwPlanEvent *events;  /* [E] */
  int T, G, P, B, D, E, K, NC, relet;
  int mode;
  gw_u32 path0, key0, key1;
  int kinds_on;

  GW_SCRATCH_AS GW_REAL *x;          /* [K] the sampled inputs */
  GW_SCRATCH_AS GW_REAL *cop;        /* [NC] */
  GW_SCRATCH_AS GW_REAL *fleet;      /* [P][G] units */
  GW_SCRATCH_AS GW_REAL *book;       /* [P][G] $ */
  GW_SCRATCH_AS GW_REAL *debt;       /* [P] */
  GW_SCRATCH_AS GW_REAL *power;      /* [P] MW */
  GW_SCRATCH_AS GW_REAL *dep;        /* [P] this quarter's depreciation */
  GW_SCRATCH_AS GW_REAL *want;       /* [P] */
  GW_SCRATCH_AS GW_REAL *capex;      /* [P] */
  GW_SCRATCH_AS GW_REAL *supply;     /* [P] S[j], H100e-h */
  GW_SCRATCH_AS GW_REAL *con;        /* [P] C[j] */
  GW_SCRATCH_AS GW_REAL *conp;       /* [P] sum C_d price_d */
  GW_SCRATCH_AS GW_REAL *delivered;  /* [P] */
  GW_SCRATCH_AS GW_REAL *backlog;    /* [P] */
  GW_SCRATCH_AS GW_REAL *vacant;     /* [P] hours waiting to be re-let */
  GW_SCRATCH_AS GW_REAL *min_dscr;   /* [P] */
  GW_SCRATCH_AS GW_REAL *first_below;/* [P] */
  GW_SCRATCH_AS GW_REAL *npv;        /* [P] */
  GW_SCRATCH_AS GW_REAL *added;      /* [P] MW added this quarter */
  GW_SCRATCH_AS GW_REAL *kw_after;   /* [P] IT kW after the build */
  GW_SCRATCH_AS GW_REAL *opex_h;     /* [P] 3 opex / H at t = 0, per kW-hour */
  GW_SCRATCH_AS GW_REAL *dvalue;     /* [D] capacity x price x H x availability */
  GW_SCRATCH_AS GW_REAL *dstop;      /* [D] default quarter (random or event), or GW_NEVER */
  GW_SCRATCH_AS GW_REAL *dsigma;     /* [D] stop quarter: min (end + 1, default) */
  GW_SCRATCH_AS GW_REAL *dlast;      /* [D] h_d, the hours the stop frees */
  GW_SCRATCH_AS GW_REAL *happened;   /* [E] 1 or 0 */
  GW_SCRATCH_AS GW_REAL *withheld;   /* [E][P] MW a power delay with an end defers */
  GW_SCRATCH_AS GW_REAL *g_keep;     /* [G] 1 - r_g */
  GW_SCRATCH_AS GW_REAL *g_keep2;    /* [G] (1 - r_g)^2 */
  GW_SCRATCH_AS GW_REAL *g_v;        /* [G] V_g = (1 - r_g) / (i + r_g) */
  GW_SCRATCH_AS GW_REAL *g_uc;       /* [G] unit capex with inflation, bought at t */
  GW_SCRATCH_AS GW_REAL *g_uc_step;  /* [G] (1 + capex_inflation)^(1/4) */
  GW_SCRATCH_AS GW_REAL *g_fa;       /* [G] CRF(4 life) / (perf H availability u0) */
  GW_SCRATCH_AS GW_REAL *g_fb;       /* [G] running cost per H100e-h at kappa = 1 */
  GW_SCRATCH_AS GW_REAL *g_shock;    /* [G] capex_shock factor at t */
  GW_STATE_AS gw_path_state *st;
} gw_path_ctx;

/* What one quarter computes and several steps use. */
typedef struct
{
  GW_REAL total_supply[GW_W], total_want[GW_W], total_hbm[GW_W], c_del[GW_W], lost[GW_W];
  GW_REAL fleet_kw_cost[GW_W], fleet_perf[GW_W], stranded[GW_W], scale[GW_W];
  GW_REAL s[GW_W], inf[GW_W], train[GW_W], ent[GW_W], d_ref[GW_W], seg[GW_W];
  GW_REAL ln_anchor[GW_W], frontier[GW_W], floor_v[GW_W], demand[GW_W], used[GW_W];
  GW_REAL util[GW_W], shortage[GW_W], spot_util[GW_W], acc[GW_W];
} gw_quarter_vals;

GW_LANES_FN void
gw_path_ctx_init (gw_path_ctx                *c,
                  GW_PLAN_AS const int       *pi,
                  GW_SCRATCH_AS GW_REAL      *scratch,
                  GW_STATE_AS gw_path_state  *st,
                  int                         mode,
                  gw_u32                      path0,
                  gw_u32                      key0,
                  gw_u32                      key1)
{
  GW_PLAN_AS const GwPlanHeader *h = gw_plan_header (pi);

#ifdef GW_DIM_T
  c->T = GW_DIM_T;
  c->G = GW_DIM_G;
  c->P = GW_DIM_P;
  c->B = GW_DIM_B;
  c->D = GW_DIM_D;
  c->E = GW_DIM_E;
  c->K = GW_DIM_K;
  c->NC = GW_DIM_NC;
#else
  c->T = h->n_quarters;
  c->G = h->n_generations;
  c->P = h->n_providers;
  c->B = h->n_build_plans;
  c->D = h->n_deals;
  c->E = h->n_events;
  c->K = h->n_slots;
  c->NC = h->n_correlated;
#endif
  c->relet = h->relet_quarters;
  c->avail = pi + h->available_from;
  c->gstar = pi + h->generation_bought;
  c->builds = gw_plan_builds (pi);
  c->deals = gw_plan_deals (pi);
  c->events = gw_plan_events (pi);
  c->mode = mode;
  c->path0 = path0;
  c->key0 = key0;
  c->key1 = key1;
  c->st = st;
  c->kinds_on = st->kinds_on;

  c->x = scratch;
  c->cop = c->x + c->K * GW_W;
  c->fleet = c->cop + c->NC * GW_W;
  c->book = c->fleet + c->P * c->G * GW_W;
  c->debt = c->book + c->P * c->G * GW_W;
  c->power = c->debt + c->P * GW_W;
  c->dep = c->power + c->P * GW_W;
  c->want = c->dep + c->P * GW_W;
  c->capex = c->want + c->P * GW_W;
  c->supply = c->capex + c->P * GW_W;
  c->con = c->supply + c->P * GW_W;
  c->conp = c->con + c->P * GW_W;
  c->delivered = c->conp + c->P * GW_W;
  c->backlog = c->delivered + c->P * GW_W;
  c->vacant = c->backlog + c->P * GW_W;
  c->min_dscr = c->vacant + c->P * GW_W;
  c->first_below = c->min_dscr + c->P * GW_W;
  c->npv = c->first_below + c->P * GW_W;
  c->added = c->npv + c->P * GW_W;
  c->kw_after = c->added + c->P * GW_W;
  c->opex_h = c->kw_after + c->P * GW_W;
  c->dvalue = c->opex_h + c->P * GW_W;          /* 17 arrays of [P] above */
  c->dstop = c->dvalue + c->D * GW_W;
  c->dsigma = c->dstop + c->D * GW_W;
  c->dlast = c->dsigma + c->D * GW_W;
  c->happened = c->dlast + c->D * GW_W;
  c->withheld = c->happened + c->E * GW_W;
  c->g_keep = c->withheld + c->E * c->P * GW_W;
  c->g_keep2 = c->g_keep + c->G * GW_W;
  c->g_v = c->g_keep2 + c->G * GW_W;
  c->g_uc = c->g_v + c->G * GW_W;
  c->g_uc_step = c->g_uc + c->G * GW_W;
  c->g_fa = c->g_uc_step + c->G * GW_W;
  c->g_fb = c->g_fa + c->G * GW_W;
  c->g_shock = c->g_fb + c->G * GW_W;
}

/* t = 0, the market: the state's starting values and steps, the
 * quarter's rate i and log1p (i) (ln_1i, rate_i) and the training cycle;
 * c_ref, opex_ref and pw start empty for the providers and generations. */
GW_LANES_FN void
gw_start_market (gw_path_ctx *c,
                 GW_REAL     *ln_1i,
                 GW_REAL     *rate_i,
                 GW_REAL     *c_ref,
                 GW_REAL     *opex_ref,
                 GW_REAL     *pw)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  const gw_u32 path0 = c->path0, key0 = c->key0, key1 = c->key1;

  GW_LANES
    {
      const GW_REAL price_0 = GW_LX (GW_SLOT_M (GW_M_PRICE_0));
      const GW_REAL ln_disc = GW_LOG (1 + GW_LX (GW_SLOT_M (GW_M_DISCOUNT_RATE)));

      st->hq[L] = GW_H * GW_LX (GW_SLOT_M (GW_M_AVAILABILITY));
      st->ln_price_0[L] = GW_LOG (price_0);
      st->ln_cap_mult[L] = GW_LOG (GW_LX (GW_SLOT_M (GW_M_PRICE_CAP_MULTIPLE)));
      st->ent_l0[L] = 1 / (1 + GW_EXP (GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_MIDPOINT))
                                       / GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_WIDTH))));
      st->cust_l0[L] = 1 / (1 + GW_EXP (GW_LX (GW_SLOT_M (GW_M_CUSTOM_MIDPOINT))
                                        / GW_LX (GW_SLOT_M (GW_M_CUSTOM_WIDTH))));
      st->us_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_UNIT_SUPPLY_GROWTH))) / 4);
      st->hbm_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_HBM_GROWTH))) / 4);
      st->tg_step[L] = GW_EXP (GW_LOG (GW_LX (GW_SLOT_M (GW_M_TRAINING_GROWTH))) / 4);
      st->disc_step[L] = GW_EXP (-ln_disc / 4);
      st->decay_step[L] = GW_EXP (GW_C (-0.69314718055994530942)
                                  / (4 * GW_LX (GW_SLOT_M (GW_M_GROWTH_HALVING_YEARS))));
      st->kappa_step[L] = GW_EXP (GW_LOG (1 + GW_LX (GW_SLOT_M (GW_M_COST_INFLATION))) / 4);
      st->energy_kwh[L] = GW_LX (GW_SLOT_M (GW_M_PUE)) * GW_LX (GW_SLOT_M (GW_M_ELECTRICITY))
                          / 1000;
      st->units_cap[L] = GW_LX (GW_SLOT_M (GW_M_UNIT_SUPPLY_0));
      st->hbm_cap[L] = GW_LX (GW_SLOT_M (GW_M_HBM_SUPPLY_0));
      st->train_growth[L] = 1;
      st->discount[L] = 1;
      st->decay[L] = 1;
      st->kappa[L] = 1;
      st->ln_p_prev[L] = st->ln_price_0[L];
      st->d0[L] = 0;
      st->i0[L] = 0;
      st->tr0[L] = 0;
      st->ln_tau[L] = 0;
      st->ln_eff[L] = 0;
      st->p[L] = price_0;
      st->cum_shortage[L] = 0;
      c_ref[L] = (GW_REAL) INFINITY;
      opex_ref[L] = 0;
      pw[L] = 0;
    }

  /* The quarter's rate i and log1p (i), and the training cycle
   * sin (2 pi t / cycle + phase), by rotation. */
  for (int L = 0; L < GW_W; L++)        /* log1p, expm1, sin, cos: not vectorised */
    {
      GW_REAL phase = 0;
      GW_REAL delta = 2 * (GW_REAL) GW_PI_CONST
                      / GW_LX (GW_SLOT_M (GW_M_TRAINING_CYCLE_QUARTERS));

      ln_1i[L] = log1p (GW_LX (GW_SLOT_M (GW_M_DISCOUNT_RATE))) / 4;
      rate_i[L] = expm1 (ln_1i[L]);
      if (c->mode != GW_MODE_DETERMINISTIC)
        phase = 2 * (GW_REAL) GW_PI_CONST * GW_LANE_U01 (GW_STREAM_TRAINING, 0);
      st->tr_s[L] = sin (phase);
      st->tr_c[L] = cos (phase);
      st->tr_ds[L] = sin (delta);
      st->tr_dc[L] = cos (delta);
      st->train_norm[L] = 1 + GW_LX (GW_SLOT_M (GW_M_TRAINING_AMPLITUDE)) * st->tr_s[L];
    }
}

/* t = 0: events that happen on each lane's path (section 3).
 * Returns the kinds of event that happen on some lane, as bits. */
GW_LANES_FN int
gw_start_events (gw_path_ctx *c)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  const gw_u32 path0 = c->path0, key0 = c->key0, key1 = c->key1;
  const int P = c->P, E = c->E;
  int kinds_on = 0;

  for (int e = 0; e < E; e++)
    {
      GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

      if (!er->enabled)
        {
          GW_LANES
            GW_LA (c->happened, e) = 0;
        }
      else
        {
          GW_LANES
            GW_LA (c->happened, e) = gw_path_event_draw (c->mode, path0 + (gw_u32) L, e,
                                                         GW_LX (GW_SLOT_EVENT (e, 1)), key0,
                                                         key1) ? GW_C (1.0) : GW_C (0.0);
        }
      for (int L = 0; L < GW_W; L++)
        if (GW_LA (c->happened, e) != 0)
          kinds_on |= 1 << er->kind;
      for (int j = 0; j < P; j++)
        GW_LANES
          GW_LA (c->withheld, e * P + j) = 0;
    }
  return kinds_on;
}

/* t = 0: the deals' derived field and default quarter, the defaults that
 * events force, and each deal's stop quarter sigma_d and the hours h_d it
 * frees (step 10). */
GW_LANES_FN void
gw_start_deals (gw_path_ctx *c)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  const gw_u32 path0 = c->path0, key0 = c->key0, key1 = c->key1;
  const int D = c->D, E = c->E;

  for (int d = 0; d < D; d++)
    {
      GW_PLAN_AS const GwPlanDeal *dr = &c->deals[d];
      const int start = dr->start;
      const int end = dr->end;
      const int ramp = dr->ramp_quarters;
      const int derived = dr->derived;
      const GW_REAL rsum = gw_path_ramp_sum (start, end, ramp, start);
      const int sv = GW_SLOT_DEAL (d, GW_DEAL_VALUE);
      const int sc = GW_SLOT_DEAL (d, GW_DEAL_CAPACITY);
      const int sp = GW_SLOT_DEAL (d, GW_DEAL_PRICE);

      if (derived == GW_DEAL_VALUE)
        {
          GW_LANES
            GW_LX (sv) = GW_LX (sc) * GW_LX (sp) * st->hq[L] * rsum;
        }
      else if (derived == GW_DEAL_CAPACITY)
        {
          GW_LANES
            GW_LX (sc) = GW_LX (sv) / (GW_LX (sp) * st->hq[L] * rsum);
        }
      else
        {
          GW_LANES
            GW_LX (sp) = GW_LX (sv) / (GW_LX (sc) * st->hq[L] * rsum);
        }
      GW_LANES
        GW_LA (c->dvalue, d) = GW_LX (sc) * GW_LX (sp) * st->hq[L];

      if (c->mode != GW_MODE_DETERMINISTIC && end >= 0)
        {
          const int first = start > 0 ? start : 0;
          const GW_REAL n = (GW_REAL) (end - first + 1);

          GW_LANES
            {
              const GW_REAL cp = GW_LX (GW_SLOT_DEAL (d, GW_DEAL_COMPLETION));
              const GW_REAL u = GW_LANE_U01 (GW_STREAM_DEALS, d);
              /* floor (ln u / ln (1 - q)) with 1 - q = cp^(1/n) */
              const GW_REAL k = GW_FLOOR (n * GW_LOG (u) / GW_LOG (cp));

              GW_LA (c->dstop, d) = cp < 1 ? (k < (GW_REAL) GW_NEVER ? (GW_REAL) first + k
                                                                     : (GW_REAL) GW_NEVER)
                                           : (GW_REAL) GW_NEVER;
            }
        }
      else
        {
          GW_LANES
            GW_LA (c->dstop, d) = (GW_REAL) GW_NEVER;
        }
    }
  for (int e = 0; e < E; e++)
    {
      GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

      if (er->kind == GW_EV_DEAL_DEFAULT && er->target >= 0)
        {
          const GW_REAL at = (GW_REAL) (er->start > 0 ? er->start : 0);
          const int dd = er->target;

          GW_LANES
            GW_LA (c->dstop, dd) = GW_LA (c->happened, e) != 0
                                   ? (at < GW_LA (c->dstop, dd) ? at : GW_LA (c->dstop, dd))
                                   : GW_LA (c->dstop, dd);
        }
    }
  for (int d = 0; d < D; d++)
    {
      GW_PLAN_AS const GwPlanDeal *dr = &c->deals[d];
      const GW_REAL start = (GW_REAL) dr->start;
      const GW_REAL end1 = (GW_REAL) dr->end + 1;
      const GW_REAL ramp = (GW_REAL) dr->ramp_quarters;

      GW_LANES
        {
          const GW_REAL sigma = GW_LA (c->dstop, d) < end1 ? GW_LA (c->dstop, d) : end1;
          GW_REAL r = (sigma - start) / ramp;

          r = r < 1 ? r : GW_C (1.0);
          GW_LA (c->dsigma, d) = sigma;
          GW_LA (c->dlast, d) = sigma - 1 >= start && sigma >= 1
                                ? GW_LX (GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)) * r * st->hq[L]
                                : GW_C (0.0);
        }
    }
}

/* t = 0: providers: initial state, and the initial-power-weighted mean opex
 * that the frontier cost uses. */
GW_LANES_FN void
gw_start_providers (gw_path_ctx *c,
                    GW_REAL     *opex_ref,
                    GW_REAL     *pw)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  const int P = c->P;

  for (int j = 0; j < P; j++)
    GW_LANES
      {
        const GW_REAL pmw = GW_LX (GW_SLOT_PROV_A (j, GW_PROV_POWER_MW));
        const GW_REAL opex = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX));

        GW_LA (c->power, j) = pmw;
        GW_LA (c->debt, j) = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_DEBT));
        GW_LA (c->min_dscr, j) = (GW_REAL) INFINITY;
        GW_LA (c->first_below, j) = -1;
        GW_LA (c->npv, j) = 0;
        GW_LA (c->opex_h, j) = 3 * opex / GW_H;
        opex_ref[L] += pmw * opex;
        pw[L] += pmw;
      }
  if (P > 0)
    {
      GW_REAL plain[GW_W];

      GW_LANES
        plain[L] = 0;
      for (int j = 0; j < P; j++)
        GW_LANES
          plain[L] += GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX));
      GW_LANES
        opex_ref[L] = pw[L] > 0 ? opex_ref[L] / pw[L] : plain[L] / (GW_REAL) P;
    }
}

/* t = 0: generations: retirement, V_g, the unit price at t = 0 and the two
 * parts of the levelized cost lc_g (step 9) that do not change. */
GW_LANES_FN void
gw_start_generations (gw_path_ctx   *c,
                      const GW_REAL *ln_1i,
                      const GW_REAL *rate_i,
                      const GW_REAL *opex_ref,
                      GW_REAL       *c_ref)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  const int G = c->G, P = c->P;
  GW_REAL e0[GW_W];

  GW_LANES
    {
      const GW_REAL util_0 = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0));
      const GW_REAL idle = GW_LX (GW_SLOT_M (GW_M_IDLE_POWER_FRACTION));

      e0[L] = GW_H * st->energy_kwh[L] * (idle + (1 - idle) * util_0) + 3 * opex_ref[L];
    }
  for (int g = 0; g < G; g++)
    {
      const GW_REAL age = (GW_REAL) (c->avail[g] < 0 ? -c->avail[g] : 0) / 2;
      const GW_REAL years = (GW_REAL) -c->avail[g] / 4;
      GW_REAL crf[GW_W];

      for (int L = 0; L < GW_W; L++)    /* expm1: not vectorised */
        {
          const GW_REAL n = 4 * GW_LX (GW_SLOT_GEN (g, GW_GEN_LIFE_YEARS));

          crf[L] = rate_i[L] != 0 ? rate_i[L] / -expm1 (-n * ln_1i[L]) : 1 / n;
        }
      GW_LANES
        {
          const GW_REAL r = 1 / (4 * GW_LX (GW_SLOT_GEN (g, GW_GEN_LIFE_YEARS)));
          const GW_REAL keep = 1 - r;
          const GW_REAL infl = 1 + GW_LX (GW_SLOT_GEN (g, GW_GEN_CAPEX_INFLATION));
          const GW_REAL den = GW_LX (GW_SLOT_GEN (g, GW_GEN_PERF)) * st->hq[L]
                              * GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0));
          const GW_REAL uc = GW_LX (GW_SLOT_GEN (g, GW_GEN_UNIT_CAPEX)) * GW_POW (infl, years);

          GW_LA (c->g_keep, g) = keep;
          GW_LA (c->g_keep2, g) = keep * keep;
          GW_LA (c->g_v, g) = keep / (rate_i[L] + r);
          GW_LA (c->g_uc, g) = uc;
          GW_LA (c->g_uc_step, g) = GW_EXP (GW_LOG (infl) / 4);
          GW_LA (c->g_fa, g) = crf[L] / den;
          GW_LA (c->g_fb, g) = GW_LX (GW_SLOT_GEN (g, GW_GEN_KW_IT)) * e0[L] / den;
          GW_LA (c->g_shock, g) = 1;
        }
      if (c->avail[g] <= 0)
        GW_LANES
          {
            const GW_REAL lc = GW_LA (c->g_uc, g) * GW_LA (c->g_fa, g) + GW_LA (c->g_fb, g);

            c_ref[L] = lc < c_ref[L] ? lc : c_ref[L];
          }
      for (int j = 0; j < P; j++)
        GW_LANES
          {
            const GW_REAL units = GW_LX (GW_SLOT_FLEET (j, g));

            GW_LA (c->fleet, j * G + g) = units;
            GW_LA (c->book, j * G + g) = units * GW_LX (GW_SLOT_GEN (g, GW_GEN_UNIT_CAPEX))
                                         * GW_POW (GW_LA (c->g_keep, g), age);
          }
    }
  GW_LANES
    st->ln_c_ref[L] = GW_LOG (c_ref[L]);
}

/* t = 0: sample the inputs, draw the events, the deals' defaults and the
 * training phase, and set the initial state (MODEL.md sections 3 and 4). */
GW_LANES_FN void
gw_path_start (gw_path_ctx              *c,
               GW_PLAN_AS const int     *pi,
               GW_PLAN_AS const GW_REAL *pr,
               int                       swing_slot,
               GW_REAL                   swing_u)
{
  GW_REAL ln_1i[GW_W], rate_i[GW_W], c_ref[GW_W], opex_ref[GW_W], pw[GW_W];
  int kinds_on;

  gw_path_sample_lanes (pi, pr, c->path0, c->mode, swing_slot, swing_u, c->key0, c->key1, c->x,
                        c->cop);
  gw_start_market (c, ln_1i, rate_i, c_ref, opex_ref, pw);
  kinds_on = gw_start_events (c);
  gw_start_deals (c);
  gw_start_providers (c, opex_ref, pw);
  gw_start_generations (c, ln_1i, rate_i, opex_ref, c_ref);
  c->kinds_on = kinds_on;
  c->st->kinds_on = kinds_on;
}

/* The carried powers of t (unit and HBM supply, training growth, the
 * halving decay, cost inflation, unit prices) step once a quarter; the
 * discount factor is (1 + r)^(-(t + 1) / 4). */
GW_LANES_FN void
gw_step_clocks (gw_path_ctx     *c,
                gw_quarter_vals *q,
                int              t)
{
  GW_STATE_AS gw_path_state *st = c->st;

  GW_LANES
    {
      if (t >= 1)
        {
          st->units_cap[L] *= st->us_step[L];
          st->hbm_cap[L] *= st->hbm_step[L];
          st->train_growth[L] *= st->tg_step[L];
          st->decay[L] *= st->decay_step[L];
          st->kappa[L] *= st->kappa_step[L];
        }
      st->discount[L] *= st->disc_step[L];
      q->c_del[L] = 0;
      q->lost[L] = 0;
    }
  if (t >= 1)
    for (int g = 0; g < c->G; g++)
      GW_LANES
        GW_LA (c->g_uc, g) *= GW_LA (c->g_uc_step, g);

  /* capex_shock factors of every generation at t (they act on purchases
   * and on the frontier cost alike) */
  if (c->kinds_on & (1 << GW_EV_CAPEX_SHOCK))
    for (int g = 0; g < c->G; g++)
      {
        GW_LANES
          GW_LA (c->g_shock, g) = 1;
        for (int e = 0; e < c->E; e++)
          {
            GW_PLAN_AS const GwPlanEvent *er = &c->events[e];
            GW_SCRATCH_AS GW_REAL *x = c->x;

            if (er->kind == GW_EV_CAPEX_SHOCK && gw_event_acts (er, t)
                && (er->target < 0 || er->target == g))
              GW_LANES
                GW_LA (c->g_shock, g) *= GW_LA (c->happened, e) != 0
                                         ? GW_LX (GW_SLOT_EVENT (e, 0)) : GW_C (1.0);
          }
      }
}

/* 1. Power (t >= 1): the plan times build execution, less what power
 * delays withhold in row order; a delay with an end hands back what it
 * withheld at end + 1. */
GW_LANES_FN void
gw_step_power (gw_path_ctx *c,
               int          t)
{
  const int P = c->P;
  GW_SCRATCH_AS GW_REAL *x = c->x;

  if (t < 1)
    return;
  for (int j = 0; j < P; j++)
    GW_LANES
      GW_LA (c->added, j) = 0;
  for (int b = 0; b < c->B; b++)
    {
      GW_PLAN_AS const GwPlanBuild *br = &c->builds[b];
      const int j = br->provider;

      if (br->from <= t && t <= br->to)
        GW_LANES
          GW_LA (c->added, j) += GW_LX (GW_SLOT_BP (b));
    }
  for (int j = 0; j < P; j++)
    GW_LANES
      GW_LA (c->added, j) *= GW_LX (GW_SLOT_PROV_A (j, GW_PROV_BUILD_EXECUTION));
  for (int e = 0; (c->kinds_on & (1 << GW_EV_POWER_DELAY)) && e < c->E; e++)
    {
      GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

      if (er->kind != GW_EV_POWER_DELAY || !gw_event_acts (er, t))
        continue;
      for (int j = 0; j < P; j++)
        if (er->target < 0 || er->target == j)
          GW_LANES
            {
              const GW_REAL m = GW_LA (c->happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0))
                                                            : GW_C (1.0);
              const GW_REAL a = GW_LA (c->added, j);

              GW_LA (c->withheld, e * P + j) += a - a * m;
              GW_LA (c->added, j) = a * m;
            }
    }
  for (int j = 0; j < P; j++)
    GW_LANES
      GW_LA (c->power, j) += GW_LA (c->added, j);
  for (int e = 0; (c->kinds_on & (1 << GW_EV_POWER_DELAY)) && e < c->E; e++)
    {
      GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

      if (er->kind == GW_EV_POWER_DELAY && er->end < GW_NEVER && t == er->end + 1)
        for (int j = 0; j < P; j++)
          GW_LANES
            GW_LA (c->power, j) += GW_LA (c->withheld, e * P + j);
    }
}

/* 2. Retire and depreciate (every t, t = 0 included), and 3. headroom, in
 * one pass over each provider's generations: the IT kW sums the fleet
 * just retired. */
GW_LANES_FN void
gw_step_retire_headroom (gw_path_ctx     *c,
                         gw_quarter_vals *q,
                         int              t)
{
  const int G = c->G, T = c->T;
  GW_SCRATCH_AS GW_REAL *x = c->x;

  GW_LANES
    {
      q->total_want[L] = 0;
      q->total_hbm[L] = 0;
    }
  for (int j = 0; j < c->P; j++)
    {
      const int gs = c->gstar[j * T + t];

      GW_VPART
        {
          gw_vreal dj = GW_VZERO;
          gw_vreal a = GW_VZERO;

          for (int g = 0; g < G; g++)
            {
              const gw_vreal k2 = GW_VA (c->g_keep2, g);
              const gw_vreal bk = GW_VA (c->book, j * G + g);
              const gw_vreal f = GW_VA (c->fleet, j * G + g) * GW_VA (c->g_keep, g);

              GW_VA_SET (c->fleet, j * G + g, f);
              dj += bk * (1 - k2);
              GW_VA_SET (c->book, j * G + g, bk * k2);
              a += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_KW_IT));
            }
          GW_VA_SET (c->dep, j, dj);
          GW_VL_SET (q->acc, a);
        }
      if (gs >= 0)
        {
          GW_LANES
            {
              const GW_REAL pue = GW_LX (GW_SLOT_M (GW_M_PUE));
              const GW_REAL head = GW_LA (c->power, j) - q->acc[L] * pue / 1000;
              const GW_REAL w = head > 0
                                ? head * 1000 / (GW_LX (GW_SLOT_GEN (gs, GW_GEN_KW_IT)) * pue)
                                : GW_C (0.0);

              GW_LA (c->want, j) = w;
              q->total_want[L] += w;
              q->total_hbm[L] += w * GW_LX (GW_SLOT_GEN (gs, GW_GEN_HBM_GB));
            }
        }
      else
        {
          GW_LANES
            GW_LA (c->want, j) = 0;
        }
    }
}

/* 4. Chip supply: the share of what providers want that units and HBM
 * allow. */
GW_LANES_FN void
gw_step_chip_supply (gw_path_ctx     *c,
                     gw_quarter_vals *q)
{
  GW_STATE_AS gw_path_state *st = c->st;

  GW_LANES
    {
      GW_REAL sc = 1;
      const GW_REAL ru = st->units_cap[L] / q->total_want[L];
      const GW_REAL rh = st->hbm_cap[L] / q->total_hbm[L];

      sc = q->total_want[L] > 0 ? (ru < sc ? ru : sc) : sc;
      sc = q->total_hbm[L] > 0 ? (rh < sc ? rh : sc) : sc;
      q->scale[L] = sc;
    }
}

/* 5. Build, and 6. supply (with the sums the price floor needs). */
GW_LANES_FN void
gw_step_build_supply (gw_path_ctx     *c,
                      gw_quarter_vals *q,
                      int              t)
{
  const int G = c->G, T = c->T;
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;

  GW_LANES
    {
      q->stranded[L] = 0;
      q->total_supply[L] = 0;
      q->fleet_perf[L] = 0;
      q->fleet_kw_cost[L] = 0;
    }
  for (int j = 0; j < c->P; j++)
    {
      const int gs = c->gstar[j * T + t];

      GW_LANES
        GW_LA (c->capex, j) = 0;
      if (gs >= 0)
        GW_VPART
          {
            const gw_vreal w = GW_VA (c->want, j);
            const gw_vreal nu = w * GW_VL (q->scale);
            const gw_vreal cx = nu * (GW_VA (c->g_uc, gs) * GW_VA (c->g_shock, gs));

            GW_VL_SET (q->stranded, GW_VL (q->stranded)
                                    + (w - nu) * GW_VX (GW_SLOT_GEN (gs, GW_GEN_KW_IT))
                                      * GW_VX (GW_SLOT_M (GW_M_PUE)) / 1000);
            GW_VA_SET (c->fleet, j * G + gs, GW_VA (c->fleet, j * G + gs) + nu);
            GW_VA_SET (c->capex, j, cx);
            GW_VA_SET (c->book, j * G + gs, GW_VA (c->book, j * G + gs) + cx);
            GW_VA_SET (c->debt, j, GW_VA (c->debt, j)
                                   + GW_VX (GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE)) * cx);
          }
      GW_VPART
        {
          gw_vreal sj = GW_VZERO;
          gw_vreal kj = GW_VZERO;

          for (int g = 0; g < G; g++)
            {
              const gw_vreal f = GW_VA (c->fleet, j * G + g);

              sj += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_PERF));
              kj += f * GW_VX (GW_SLOT_GEN (g, GW_GEN_KW_IT));
            }
          GW_VA_SET (c->supply, j, sj * GW_VL (st->hq));
          GW_VA_SET (c->kw_after, j, kj);
          GW_VL_SET (q->total_supply, GW_VL (q->total_supply) + GW_VA (c->supply, j));
          GW_VL_SET (q->fleet_perf, GW_VL (q->fleet_perf) + sj);
          GW_VL_SET (q->fleet_kw_cost, GW_VL (q->fleet_kw_cost)
                                       + kj * (GW_VL (st->energy_kwh) + GW_VA (c->opex_h, j)));
        }
    }
}

/* 7. Contracts, with what step 8 (the demand defaulted buyers take along),
 * step 10 (hours waiting to be re-let) and the backlog need. */
GW_LANES_FN void
gw_step_contracts (gw_path_ctx     *c,
                   gw_quarter_vals *q,
                   int              t)
{
  const GW_REAL tt = (GW_REAL) t;
  const GW_REAL relet = (GW_REAL) c->relet;
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;

  for (int j = 0; j < c->P; j++)
    GW_LANES
      {
        GW_LA (c->con, j) = 0;
        GW_LA (c->conp, j) = 0;
        GW_LA (c->backlog, j) = 0;
        GW_LA (c->vacant, j) = 0;
      }
  for (int d = 0; d < c->D; d++)
    {
      GW_PLAN_AS const GwPlanDeal *dr = &c->deals[d];
      const int j = dr->provider;
      const int start = dr->start;
      const int end = dr->end;
      const int ramp = dr->ramp_quarters;

      if (!dr->enabled)
        continue;
      if (start <= t && t <= end)
        {
          const GW_REAL r = gw_path_ramp (start, ramp, t);

          GW_LANES
            {
              const GW_REAL full = GW_LX (GW_SLOT_DEAL (d, GW_DEAL_CAPACITY)) * r * st->hq[L];
              const int live = tt < GW_LA (c->dstop, d);
              const GW_REAL cd = live ? full : GW_C (0.0);

              GW_LA (c->con, j) += cd;
              GW_LA (c->conp, j) += cd * GW_LX (GW_SLOT_DEAL (d, GW_DEAL_PRICE));
              q->lost[L] += live ? GW_C (0.0) : full;
            }
        }
      if (dr->signed_at <= t)
        {
          const GW_REAL rest = gw_path_ramp_sum (start, end, ramp, t + 1 > start ? t + 1 : start);

          GW_LANES
            GW_LA (c->backlog, j) += GW_LA (c->dstop, d) > tt + 1 ? GW_LA (c->dvalue, d) * rest
                                                                  : GW_C (0.0);
        }
      if (c->relet > 0)
        GW_LANES
          {
            const GW_REAL since = tt - GW_LA (c->dsigma, d);

            GW_LA (c->vacant, j) += since >= 0 && since < relet ? GW_LA (c->dlast, d)
                                                                : GW_C (0.0);
          }
    }
  for (int j = 0; j < c->P; j++)
    GW_LANES
      {
        const GW_REAL dl = GW_LA (c->con, j) < GW_LA (c->supply, j) ? GW_LA (c->con, j)
                                                                    : GW_LA (c->supply, j);

        GW_LA (c->delivered, j) = dl;
        q->c_del[L] += dl;
      }
}

/* 8. Demand at the anchor price: tokens, training and enterprise adoption,
 * less custom silicon and the demand of buyers that defaulted. */
GW_LANES_FN void
gw_step_demand (gw_path_ctx     *c,
                gw_quarter_vals *q,
                int              t)
{
  const GW_REAL tt = (GW_REAL) t;
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  const gw_u32 path0 = c->path0, key0 = c->key0, key1 = c->key1;

  if (t == 0)
    {
      GW_LANES
        {
          st->d0[L] = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0)) * q->total_supply[L];
          st->i0[L] = GW_LX (GW_SLOT_M (GW_M_INFERENCE_SHARE_0)) * st->d0[L];
          st->tr0[L] = st->d0[L] - st->i0[L];
        }
    }
  else
    {
      GW_REAL tg[GW_W], z[GW_W];

      GW_LANES
        tg[L] = GW_LX (GW_SLOT_M (GW_M_TOKEN_GROWTH));
      for (int e = 0; (c->kinds_on & (1 << GW_EV_DEMAND_SHOCK)) && e < c->E; e++)
        {
          GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

          if (er->kind == GW_EV_DEMAND_SHOCK && gw_event_acts (er, t))
            GW_LANES
              tg[L] *= GW_LA (c->happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0)) : GW_C (1.0);
        }
      if (c->mode != GW_MODE_DETERMINISTIC)
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
          st->ln_tau[L] += GW_LOG (1 + (tg[L] - 1) * st->decay[L]) / 4
                           + GW_LX (GW_SLOT_M (GW_M_DEMAND_VOLATILITY)) * z[L];
          st->ln_eff[L] += GW_LOG (1 + (GW_LX (GW_SLOT_M (GW_M_EFFICIENCY_GAIN)) - 1)
                                   * st->decay[L]) / 4;
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

      q->inf[L] = st->i0[L] * GW_EXP (st->ln_tau[L] - st->ln_eff[L]);
      q->train[L] = st->tr0[L] * st->train_growth[L]
                    * (1 + GW_LX (GW_SLOT_M (GW_M_TRAINING_AMPLITUDE)) * st->tr_s[L])
                    / st->train_norm[L];
      /* R(t) with "division by zero gives 0": a curve whose L(0) rounds
       * to 1 (a midpoint far before t = 0) adds nothing */
      q->ent[L] = GW_LX (GW_SLOT_M (GW_M_ENTERPRISE_MAX)) * st->d0[L]
                  * gw_path_div (1 / (1 + GW_EXP (-(tt - ent_mid) / ent_width)) - st->ent_l0[L],
                                 1 - st->ent_l0[L]);
      q->s[L] = s0 + (smax - s0) * gw_path_div (1 / (1 + GW_EXP (-(tt - cmid) / cwidth))
                                                - st->cust_l0[L], 1 - st->cust_l0[L]);
    }
  for (int e = 0; (c->kinds_on & (1 << GW_EV_CUSTOM_BEACHHEAD)) && e < c->E; e++)
    {
      GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

      if (er->kind == GW_EV_CUSTOM_BEACHHEAD && t >= er->start)
        {
          const GW_REAL mid = (GW_REAL) er->start;

          GW_LANES
            {
              const GW_REAL s0 = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_0));
              const GW_REAL w = GW_LX (GW_SLOT_M (GW_M_CUSTOM_WIDTH));
              const GW_REAL l0 = 1 / (1 + GW_EXP (mid / w));
              const GW_REAL lt = 1 / (1 + GW_EXP (-(tt - mid) / w));
              const GW_REAL rise = 1 - l0 != 0 ? (lt - l0) / (1 - l0) : GW_C (0.0);
              const GW_REAL se = s0 + (GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_MAX))
                                       + GW_LX (GW_SLOT_EVENT (e, 0)) - s0) * rise;

              q->s[L] = GW_LA (c->happened, e) != 0 ? (se > q->s[L] ? se : q->s[L]) : q->s[L];
            }
        }
    }
  GW_LANES
    {
      const GW_REAL s0 = GW_LX (GW_SLOT_M (GW_M_CUSTOM_SHARE_0));
      const GW_REAL dr = (q->inf[L] + q->train[L] + q->ent[L]) * (1 - q->s[L]) / (1 - s0)
                         - q->lost[L];

      q->d_ref[L] = dr > 0 ? dr : GW_C (0.0);
    }
}

/* 9. Price: the frontier cost of new capacity sets the anchor, scarcity
 * and glut move the price around it, in logs: ln p* = ln anchor
 * + ln (q / (u0 S)) / e, clamped to [ln floor, ln cap] with the cap
 * winning; then demand at that price. */
GW_LANES_FN void
gw_step_price (gw_path_ctx     *c,
               gw_quarter_vals *q,
               int              t)
{
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;

  GW_LANES
    q->frontier[L] = (GW_REAL) INFINITY;
  for (int g = 0; g < c->G; g++)
    if (c->avail[g] <= t)
      GW_LANES
        {
          const GW_REAL lc = GW_LA (c->g_uc, g) * GW_LA (c->g_shock, g) * GW_LA (c->g_fa, g)
                             + st->kappa[L] * GW_LA (c->g_fb, g);

          q->frontier[L] = lc < q->frontier[L] ? lc : q->frontier[L];
        }
  GW_LANES
    {
      const GW_REAL util_0 = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0));
      const GW_REAL elasticity = GW_LX (GW_SLOT_M (GW_M_ELASTICITY));
      const GW_REAL stick = GW_LX (GW_SLOT_M (GW_M_PRICE_STICKINESS));
      const GW_REAL fp = GW_LX (GW_SLOT_M (GW_M_AVAILABILITY)) * q->fleet_perf[L];
      const GW_REAL floor_p = fp != 0 ? st->kappa[L] * q->fleet_kw_cost[L] / fp : GW_C (0.0);
      const GW_REAL ln_anchor = st->ln_price_0[L]
                                + GW_LX (GW_SLOT_M (GW_M_COST_PASS_THROUGH))
                                  * (GW_LOG (q->frontier[L]) - st->ln_c_ref[L]);
      const GW_REAL ln_cap = st->ln_cap_mult[L] + ln_anchor;
      const GW_REAL dr = q->d_ref[L];
      const GW_REAL qd = dr > q->c_del[L] ? dr : q->c_del[L];
      const GW_REAL ln_floor = GW_LOG (floor_p);
      const GW_REAL raw = q->inf[L] + q->train[L] + q->ent[L];
      GW_REAL p_star = ln_anchor + GW_LOG (qd / (util_0 * q->total_supply[L])) / elasticity;
      GW_REAL ln_p;
      GW_REAL ex;
      GW_REAL dm;

      p_star = q->total_supply[L] == 0 ? st->ln_p_prev[L] : p_star;
      /* floor_p >= 0, and ln 0 = -inf never wins */
      p_star = p_star < ln_floor ? ln_floor : p_star;
      p_star = p_star > ln_cap ? ln_cap : p_star;
      ln_p = stick * st->ln_p_prev[L] + (1 - stick) * p_star;
      st->p[L] = GW_EXP (ln_p);
      st->ln_p_prev[L] = ln_p;
      ex = GW_EXP (-elasticity * (ln_p - ln_anchor));
      /* the segments, scaled so that they sum to D_ref (p / anchor)^-e */
      q->seg[L] = raw != 0 ? dr / raw * ex : GW_C (0.0);
      dm = dr * ex;
      dm = dm < q->c_del[L] ? q->c_del[L] : dm;
      q->ln_anchor[L] = ln_anchor;
      q->floor_v[L] = floor_p;
      q->demand[L] = dm;
      q->used[L] = dm < q->total_supply[L] ? dm : q->total_supply[L];
      q->util[L] = q->total_supply[L] != 0 ? q->used[L] / q->total_supply[L] : GW_C (0.0);
      q->shortage[L] = dm > q->total_supply[L] ? dm - q->total_supply[L] : GW_C (0.0);
    }
  for (int j = 0; j < c->P; j++)
    GW_LANES
      q->shortage[L] += GW_LA (c->con, j) - GW_LA (c->delivered, j);
}

/* 10, first part: hours waiting to be re-let, the spot pool and the spot
 * utilisation; demand that vacant capacity turns away adds to the
 * shortage. */
GW_LANES_FN void
gw_step_spot (gw_path_ctx     *c,
              gw_quarter_vals *q)
{
  GW_REAL spot_cap[GW_W];

  GW_LANES
    spot_cap[L] = 0;
  for (int j = 0; j < c->P; j++)
    GW_LANES
      {
        const GW_REAL free_h = GW_LA (c->supply, j) - GW_LA (c->delivered, j);
        const GW_REAL v = GW_LA (c->vacant, j) < free_h ? GW_LA (c->vacant, j) : free_h;

        GW_LA (c->vacant, j) = v;
        spot_cap[L] += free_h - v;
      }
  GW_LANES
    {
      const GW_REAL spot_demand = q->used[L] - q->c_del[L];
      const GW_REAL su = spot_cap[L] != 0 ? spot_demand / spot_cap[L] : GW_C (0.0);

      q->spot_util[L] = su < 1 ? su : GW_C (1.0);
      q->shortage[L] += spot_demand > spot_cap[L] ? spot_demand - spot_cap[L] : GW_C (0.0);
      c->st->cum_shortage[L] += q->shortage[L];
    }
}

/* Section 5's market series of quarter t. */
GW_LANES_FN void
gw_emit_market (gw_path_ctx        *c,
                gw_quarter_vals    *q,
                int                 t,
                const gw_path_sink *sink)
{
  GW_STATE_AS gw_path_state *st = c->st;

  GW_LANES
    {
      gw_sink_series (sink, GW_S_PRICE, t, L, st->p[L]);
      gw_sink_series (sink, GW_S_SUPPLY, t, L, q->total_supply[L]);
      gw_sink_series (sink, GW_S_DEMAND, t, L, q->demand[L]);
      gw_sink_series (sink, GW_S_UTILIZATION, t, L, q->util[L]);
      gw_sink_series (sink, GW_S_SHORTAGE, t, L, q->shortage[L]);
      gw_sink_series (sink, GW_S_CUSTOM_SHARE, t, L, q->s[L]);
      gw_sink_series (sink, GW_S_FLOOR, t, L, q->floor_v[L]);
      gw_sink_series (sink, GW_S_STRANDED_MW, t, L, q->stranded[L]);
      gw_sink_series (sink, GW_S_CONTRACTED, t, L, q->c_del[L]);
      gw_sink_series (sink, GW_S_DEMAND_INFERENCE, t, L, q->inf[L] * q->seg[L]);
      gw_sink_series (sink, GW_S_DEMAND_TRAINING, t, L, q->train[L] * q->seg[L]);
      gw_sink_series (sink, GW_S_DEMAND_ENTERPRISE, t, L, q->ent[L] * q->seg[L]);
      gw_sink_series (sink, GW_S_ANCHOR, t, L, GW_EXP (q->ln_anchor[L]));
      gw_sink_series (sink, GW_S_FRONTIER_COST, t, L, q->frontier[L]);

      /* next quarter's training cycle */
      {
        const GW_REAL sn = st->tr_s[L] * st->tr_dc[L] + st->tr_c[L] * st->tr_ds[L];

        st->tr_c[L] = st->tr_c[L] * st->tr_dc[L] - st->tr_s[L] * st->tr_ds[L];
        st->tr_s[L] = sn;
      }
    }
}

/* The resale value of provider j's fleet: each unit's quarterly cash margin
 * at price p and utilization u, held flat and earned by a unit that
 * survives each quarter with probability 1 - r_g, from the next quarter
 * on (V_g); never below 0. */
GW_LANES_FN void
gw_fleet_value (gw_path_ctx   *c,
                int            j,
                const GW_REAL *price,
                const GW_REAL *util,
                GW_REAL       *value)
{
  const int G = c->G;
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  GW_REAL earn[GW_W], cost_kw[GW_W];

  GW_LANES
    {
      const GW_REAL idle = GW_LX (GW_SLOT_M (GW_M_IDLE_POWER_FRACTION));

      earn[L] = price[L] * st->hq[L] * util[L];
      cost_kw[L] = st->kappa[L] * (GW_H * st->energy_kwh[L] * (idle + (1 - idle) * util[L])
                                   + 3 * GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX)));
    }
  GW_LANES
    value[L] = 0;
  for (int g = 0; g < G; g++)
    GW_LANES
      {
        const GW_REAL m = earn[L] * GW_LX (GW_SLOT_GEN (g, GW_GEN_PERF))
                          - GW_LX (GW_SLOT_GEN (g, GW_GEN_KW_IT)) * cost_kw[L];

        value[L] += GW_LA (c->fleet, j * G + g) * ((m > 0 ? m : GW_C (0.0)) * GW_LA (c->g_v, g));
      }
}

/* 10. Providers: revenue, costs, debt service, collateral, backlog; and
 * 11. at the horizon the NPV's terminal value. */
GW_LANES_FN void
gw_step_providers (gw_path_ctx        *c,
                   gw_quarter_vals    *q,
                   int                 t,
                   const gw_path_sink *sink)
{
  const int T = c->T;
  const GW_REAL tt = (GW_REAL) t;
  GW_SCRATCH_AS GW_REAL *x = c->x;
  GW_STATE_AS gw_path_state *st = c->st;
  GW_REAL collateral[GW_W], tv[GW_W], rate[GW_W], anchor[GW_W], util_0[GW_W];

  if (t == T - 1)
    GW_LANES
      {
        anchor[L] = GW_EXP (q->ln_anchor[L]);
        util_0[L] = GW_LX (GW_SLOT_M (GW_M_UTILIZATION_0));
      }
  for (int j = 0; j < c->P; j++)
    {
      const int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j;

      gw_fleet_value (c, j, st->p, q->util, collateral);
      if (t == T - 1)
        gw_fleet_value (c, j, anchor, util_0, tv);
      GW_LANES
        rate[L] = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_INTEREST_RATE));
      for (int e = 0; (c->kinds_on & (1 << GW_EV_RATE_SHOCK)) && e < c->E; e++)
        {
          GW_PLAN_AS const GwPlanEvent *er = &c->events[e];

          if (er->kind == GW_EV_RATE_SHOCK && gw_event_acts (er, t))
            GW_LANES
              rate[L] += GW_LA (c->happened, e) != 0 ? GW_LX (GW_SLOT_EVENT (e, 0)) : GW_C (0.0);
        }
      GW_LANES
        {
          const GW_REAL sup = GW_LA (c->supply, j);
          const GW_REAL dl = GW_LA (c->delivered, j);
          const GW_REAL cn = GW_LA (c->con, j);
          const GW_REAL spot_hours = (sup - dl - GW_LA (c->vacant, j)) * q->spot_util[L];
          const GW_REAL contract = cn != 0 ? GW_LA (c->conp, j) * dl / cn : GW_C (0.0);
          const GW_REAL spot = spot_hours * st->p[L];
          const GW_REAL revenue = contract + spot;
          const GW_REAL util = sup != 0 ? (dl + spot_hours) / sup : GW_C (0.0);
          const GW_REAL kw = GW_LA (c->kw_after, j);
          const GW_REAL pue = GW_LX (GW_SLOT_M (GW_M_PUE));
          const GW_REAL idle = GW_LX (GW_SLOT_M (GW_M_IDLE_POWER_FRACTION));
          const GW_REAL share = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_DEBT_SHARE));
          const GW_REAL cx = GW_LA (c->capex, j);
          const GW_REAL energy = kw * pue * GW_H * (idle + (1 - idle) * util)
                                 * (GW_LX (GW_SLOT_M (GW_M_ELECTRICITY)) * st->kappa[L]) / 1000;
          const GW_REAL opex = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_OPEX)) * st->kappa[L] * 3 * kw;
          const GW_REAL ebitda = revenue - energy - opex;
          const GW_REAL debt0 = GW_LA (c->debt, j);
          const GW_REAL interest = debt0 * rate[L] / 4;
          const GW_REAL principal = GW_LX (GW_SLOT_PROV_B (j, GW_PROV_AMORTIZING)) * debt0
                                    / (4 * GW_LX (GW_SLOT_PROV_B (j, GW_PROV_LOAN_YEARS)));
          const GW_REAL debt1 = debt0 - principal;
          const GW_REAL service = interest + principal;
          const GW_REAL dscr = service != 0 ? ebitda / service : GW_DSCR_NONE;
          const GW_REAL ltv = collateral[L] != 0 ? debt1 / collateral[L]
                              : debt1 != 0 ? GW_LTV_NONE : GW_C (0.0);
          const GW_REAL fcf = ebitda - cx + share * cx - interest - principal;
          GW_REAL nv = GW_LA (c->npv, j) + fcf * st->discount[L];

          if (t == T - 1)
            nv += (tv[L] - debt1) * st->discount[L];
          GW_LA (c->npv, j) = nv;
          GW_LA (c->debt, j) = debt1;
          GW_LA (c->min_dscr, j) = dscr < GW_LA (c->min_dscr, j) ? dscr : GW_LA (c->min_dscr, j);
          GW_LA (c->first_below, j) = dscr < 1
                                      ? (GW_LA (c->first_below, j) < 0 ? tt
                                                                       : GW_LA (c->first_below, j))
                                      : GW_LA (c->first_below, j);

          gw_sink_series (sink, base + GW_SP_REVENUE, t, L, revenue);
          gw_sink_series (sink, base + GW_SP_CONTRACT_REVENUE, t, L, contract);
          gw_sink_series (sink, base + GW_SP_SPOT_REVENUE, t, L, spot);
          gw_sink_series (sink, base + GW_SP_EBITDA, t, L, ebitda);
          gw_sink_series (sink, base + GW_SP_NET_INCOME, t, L,
                          ebitda - GW_LA (c->dep, j) - interest);
          gw_sink_series (sink, base + GW_SP_CAPEX, t, L, cx);
          gw_sink_series (sink, base + GW_SP_DEBT, t, L, debt1);
          gw_sink_series (sink, base + GW_SP_DSCR, t, L, dscr);
          gw_sink_series (sink, base + GW_SP_LTV, t, L, ltv);
          gw_sink_series (sink, base + GW_SP_BACKLOG, t, L, GW_LA (c->backlog, j));
          gw_sink_series (sink, base + GW_SP_FLEET_MW, t, L, kw * pue / 1000);
          gw_sink_series (sink, base + GW_SP_SUPPLY, t, L, sup);
          gw_sink_series (sink, base + GW_SP_DEPRECIATION, t, L, GW_LA (c->dep, j));
          gw_sink_series (sink, base + GW_SP_INTEREST, t, L, interest);
          gw_sink_series (sink, base + GW_SP_PRINCIPAL, t, L, principal);
          gw_sink_series (sink, base + GW_SP_FCF, t, L, fcf);
          gw_sink_series (sink, base + GW_SP_COLLATERAL, t, L, collateral[L]);
          gw_sink_series (sink, base + GW_SP_VACANT_HOURS, t, L, GW_LA (c->vacant, j));
        }
    }
}

/* Quarters t_begin .. t_end - 1 of GW_W paths from path0: at t_begin = 0,
 * sample them first; at t_end = T, put the scalars in the sink last. Puts
 * every series value of those quarters in the sink. scratch holds GW_W *
 * GW_PATH_SCRATCH reals, its first K * GW_W the inputs, slot-major:
 * x[k * GW_W + L]; scratch and *st carry the paths from one call to the
 * next, so that a caller can step many groups of lanes a quarter at a
 * time. */
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
                        GW_STATE_AS gw_path_state *st,
                        const gw_path_sink        *sink)
{
  gw_path_ctx ctx;
  gw_path_ctx *c = &ctx;

  if (t_begin == 0)
    st->kinds_on = 0;
  gw_path_ctx_init (c, pi, scratch, st, mode, path0, key0, key1);
  if (t_begin == 0)
    gw_path_start (c, pi, pr, swing_slot, swing_u);

  for (int t = t_begin; t < t_end; t++)
    {
      gw_quarter_vals qv;

      gw_step_clocks (c, &qv, t);
      gw_step_power (c, t);
      gw_step_retire_headroom (c, &qv, t);
      gw_step_chip_supply (c, &qv);
      gw_step_build_supply (c, &qv, t);
      gw_step_contracts (c, &qv, t);
      gw_step_demand (c, &qv, t);
      gw_step_price (c, &qv, t);
      gw_step_spot (c, &qv);
      gw_emit_market (c, &qv, t, sink);
      gw_step_providers (c, &qv, t, sink);
    }

  if (t_end < c->T)
    return;
  GW_LANES
    {
      gw_sink_scalar (sink, GW_X_PRICE_HORIZON, L, st->p[L]);
      gw_sink_scalar (sink, GW_X_CUM_SHORTAGE, L, (GW_REAL) st->cum_shortage[L]);
    }
  for (int j = 0; j < c->P; j++)
    {
      const int base = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * j;

      GW_LANES
        {
          gw_sink_scalar (sink, base + GW_XP_NPV, L, GW_LA (c->npv, j));
          gw_sink_scalar (sink, base + GW_XP_MIN_DSCR, L, GW_LA (c->min_dscr, j));
          gw_sink_scalar (sink, base + GW_XP_FIRST_DSCR_BELOW, L, GW_LA (c->first_below, j));
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
                   GW_SCRATCH_AS GW_REAL    *scratch,
                   const gw_path_sink       *sink)
{
  gw_path_state st;

  gw_path_quarters_lanes (pi, pr, path0, mode, swing_slot, swing_u, key0, key1, scratch, 0,
                          gw_plan_n_quarters (pi), &st, sink);
}

#endif /* GW_PATH_LANES_H */
