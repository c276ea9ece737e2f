/* gw-cpu-sim.h: the CPU engine's path code, compiled once per instruction set
 *
 * gw-cpu-sim.c compiles gw-path.h's lanes for one instruction set (8 lanes
 * for AVX-512 and AVX2, 2 otherwise), with vectors (gw_vreal) of that set's
 * register width, so that the sums gw-path.h keeps in vectors are native
 * registers. meson builds it once per
 * variant and gw-cpu.c picks the best the machine runs. A path's numbers do
 * not depend on the variant: every lane does the same IEEE operations in
 * the same order (no contraction), whatever the vector width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-plan.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;             /* "avx512", "avx2", "baseline" */
  guint       lanes;            /* paths per call */
  /* Runs paths path0 .. path0 + lanes - 1: series value c of lane L to
   * series[c * stride + L], scalar i to scalars[i * lanes + L]; scratch
   * holds plan->scratch * lanes reals, the sampled inputs first
   * (x[k * lanes + L]). */
  void      (*run)    (const GwPlan *plan,
                       guint32       path0,
                       int           mode,
                       int           swing_slot,
                       double        swing_u,
                       double       *scratch,
                       double       *series,
                       gsize         stride,
                       double       *scalars);
  /* Only the inputs, x[k * lanes + L]; cop holds (plan->NC + 1) * lanes. */
  void      (*sample) (const GwPlan *plan,
                       guint32       path0,
                       double       *x,
                       double       *cop);
  /* Quarters t_begin .. t_end - 1 of random paths path0 .. path0 + lanes
   * - 1, carried from call to call by scratch and state (state_size
   * bytes); t_begin = 0 samples them first. The value of series s in
   * quarter t goes to series[((t - t_begin) * n_series + s) * stride + L];
   * at t_end = T the scalars go to scalars[i * lanes + L]. */
  void      (*quarters) (const GwPlan *plan,
                         guint32       path0,
                         double       *scratch,
                         void         *state,
                         guint         t_begin,
                         guint         t_end,
                         double       *series,
                         gsize         stride,
                         double       *scalars);
  gsize       state_size;
} GwCpuSim;

/* The most lanes any variant has: scratch sized for it fits every variant. */
#define GW_CPU_SIM_MAX_LANES 8

extern const GwCpuSim gw_cpu_sim_baseline;
#ifdef GW_CPU_SIM_X86
extern const GwCpuSim gw_cpu_sim_avx2;
extern const GwCpuSim gw_cpu_sim_avx512;
#endif

const GwCpuSim *gw_cpu_sim_pick (void);

G_END_DECLS
