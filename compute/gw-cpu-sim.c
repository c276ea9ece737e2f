/* gw-cpu-sim.c: gw-path.h's lanes for one instruction set (see gw-cpu-sim.h)
 *
 * Built once per variant by meson, with -DGW_SIM_VARIANT=name and, on
 * x86-64, -march=x86-64-v4 or -march=x86-64-v3 for the whole unit, so that
 * the path code and the vector math it inlines are compiled for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#ifndef GW_SIM_VARIANT
#error "build with -DGW_SIM_VARIANT=avx512|avx2|baseline"
#endif

/* The lanes, GW_W, and the doubles a vector register holds, GW_VW. With
 * AVX2, two registers per step (8 lanes) run faster than one: the path is
 * mostly chains of dependent operations, and two independent chains
 * overlap. With AVX-512, 16 lanes measured no faster than 8. */
#if defined (__AVX512F__)
#define GW_W 8
#define GW_VW 8
#elif defined (__AVX__)
#define GW_W 8
#define GW_VW 4
#else
#define GW_W 2
#define GW_VW 2
#endif

/* GW_W before any header that brings in gw-path.h: it compiles its lanes
 * only for an includer that defines it. */
#include "gw-engine.h"
#include "gw-cpu-sim.h"

G_STATIC_ASSERT (GW_W <= GW_CPU_SIM_MAX_LANES);

static void
sim_run (const GwPlan *plan,
         guint32       path0,
         int           mode,
         int           swing_slot,
         double        swing_u,
         double       *scratch,
         double       *series,
         gsize         stride,
         double       *scalars)
{
  /* series s of quarter t in column s * T + t */
  const gw_path_sink sink = {
    .series = series, .column_stride = stride,
    .series_step = plan->T, .quarter_step = 1, .t0 = 0,
    .scalars = scalars, .scalar_stride = GW_W,
    .n_lanes = GW_W,
  };

  gw_path_run_lanes (plan->pi, plan->pr, path0, mode, swing_slot, swing_u, plan->key[0],
                     plan->key[1], scratch, &sink);
}

static void
sim_quarters (const GwPlan *plan,
              guint32       path0,
              double       *scratch,
              void         *state,
              guint         t_begin,
              guint         t_end,
              double       *series,
              gsize         stride,
              double       *scalars)
{
  /* series s of quarter t in column (t - t_begin) * n_series + s */
  const gw_path_sink sink = {
    .series = series, .column_stride = stride,
    .series_step = 1, .quarter_step = plan->n_series, .t0 = (int) t_begin,
    .scalars = scalars, .scalar_stride = GW_W,
    .n_lanes = GW_W,
  };

  gw_path_quarters_lanes (plan->pi, plan->pr, path0, GW_MODE_RANDOM, -1, 0, plan->key[0],
                          plan->key[1], scratch, (int) t_begin, (int) t_end, state, &sink);
}

static void
sim_sample (const GwPlan *plan,
            guint32       path0,
            double       *x,
            double       *cop)
{
  gw_path_sample_lanes (plan->pi, plan->pr, path0, GW_MODE_RANDOM, -1, 0, plan->key[0],
                        plan->key[1], x, cop);
}

#define GW_SIM_CAT_(a, b) a##b
#define GW_SIM_CAT(a, b) GW_SIM_CAT_ (a, b)
#define GW_SIM_STR_(a) #a
#define GW_SIM_STR(a) GW_SIM_STR_ (a)

const GwCpuSim GW_SIM_CAT (gw_cpu_sim_, GW_SIM_VARIANT) = {
  GW_SIM_STR (GW_SIM_VARIANT), GW_W, sim_run, sim_sample, sim_quarters, sizeof (gw_path_state)
};
