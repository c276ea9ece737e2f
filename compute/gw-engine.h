/* gw-engine.h: running a scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-results.h"

G_BEGIN_DECLS

typedef enum
{
  GW_ENGINE_AUTO,
  GW_ENGINE_CPU,
  GW_ENGINE_OPENCL,
} GwEngineKind;

/**
 * GwRunOptions:
 * @variant: (nullable): the variant to run
 * @paths: paths N, 0 for the scenario's own
 * @seed: the seed when @have_seed, else the scenario's
 * @deterministic: run only the deterministic path
 * @threads: CPU threads, 0 for one per core
 * @engine: which engine
 * @device: the OpenCL device index (gigawatt-cli devices), -1 for the best
 * @input_paths: paths whose inputs are kept for sensitivity, 0 for
 *   the default (min (N, 50000))
 * @exact_quantiles: the CPU engine replays every path for exact quantiles
 *   rather than interpolate them within histogram bins (one simulation
 *   pass); the OpenCL engine is always exact
 * @background: gw_run_async() runs at a lower scheduling priority (the
 *   CPU engine's threads inherit it), so that an application's main loop
 *   stays responsive while a run uses every core
 */
typedef struct
{
  const char  *variant;
  guint        paths;
  gboolean     have_seed;
  guint64      seed;
  gboolean     deterministic;
  guint        threads;
  GwEngineKind engine;
  int          device;
  guint        input_paths;
  gboolean     exact_quantiles;
  gboolean     background;
} GwRunOptions;

#define GW_RUN_OPTIONS_INIT { NULL, 0, FALSE, 0, FALSE, 0, GW_ENGINE_AUTO, -1, 0, FALSE, FALSE }
#define GW_MAX_PATHS 100000000u

/* Called in the thread-default main context of the caller of
 * gw_run_async(), at most every 50 ms, with the fraction done. */
typedef void (*GwProgressFunc) (double   fraction,
                                gpointer user_data);

void        gw_run_async      (const GwScenario    *scenario,
                               const GwRunOptions  *options,
                               GCancellable        *cancellable,
                               GwProgressFunc       progress,
                               gpointer             progress_data,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
GwResults  *gw_run_finish     (GAsyncResult        *result,
                               GError             **error);
void        gw_task_run_in_background (GTask           *task,
                                       GTaskThreadFunc  func);

/* Memory: what a run of @n_paths keeps per path (its scalars, and what
 * the engines keep beside them), and whether that fits in @available
 * bytes (the memory the system has available, or any other bound: 0 reads
 * the system's); FALSE with GW_ERROR_LIMIT and a message that says how
 * many paths fit. */
guint64     gw_run_memory_needed (const GwPlan     *plan,
                                  guint             n_paths);
gboolean    gw_run_check_memory  (const GwPlan     *plan,
                                  guint             n_paths,
                                  guint64           available,
                                  GError          **error);

/* The same, blocking the calling thread; @progress is called from worker
 * threads. */
GwResults  *gw_run            (const GwScenario    *scenario,
                               const GwRunOptions  *options,
                               GCancellable        *cancellable,
                               GwProgressFunc       progress,
                               gpointer             progress_data,
                               GError             **error);

/* The CPU reference engine on a plan. */
GwResults  *gw_cpu_run        (GwPlan              *plan,
                               guint                n_paths,
                               gboolean             deterministic,
                               guint                threads,
                               guint                input_paths,
                               gboolean             exact_quantiles,
                               GCancellable        *cancellable,
                               GwProgressFunc       progress,
                               gpointer             progress_data,
                               GError             **error);

/* One path of the reference engine: @series gets n_cols values (column
 * series * T + t), @scalars n_scalars, @inputs (nullable) the K sampled
 * inputs. @swing_slot is -1, or in a deterministic run the slot put at
 * its inverse CDF at @swing_u. */
void        gw_cpu_path       (const GwPlan        *plan,
                               guint32              path,
                               gboolean             deterministic,
                               int                  swing_slot,
                               double               swing_u,
                               double              *series,
                               double              *scalars,
                               double              *inputs);

/* The K sampled inputs of a path (stream 0 and the copula). */
void        gw_cpu_sample_inputs (const GwPlan     *plan,
                                  guint32           path,
                                  double           *inputs);

guint       gw_cpu_n_cores    (void);

/* For tests: the width of each column's uniform histogram bins in a run of
 * @n_paths paths (0 where every value is kept); returns the bin count. */
guint       gw_cpu_bin_widths (const GwPlan        *plan,
                               guint                n_paths,
                               gboolean             exact_quantiles,
                               double              *widths);

G_END_DECLS
