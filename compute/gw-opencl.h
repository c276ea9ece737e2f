/* gw-opencl.h: the OpenCL engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-engine.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CL_KIND_GPU,
  GW_CL_KIND_CPU,
  GW_CL_KIND_ACCELERATOR,
  GW_CL_KIND_OTHER,
} GwClKind;

/**
 * GwClDevice:
 * @index: the number `gigawatt-cli devices` shows and `--device` takes
 *
 * An OpenCL device, as discovery found it.
 */
typedef struct
{
  guint    index;
  char    *platform;
  char    *name;
  char    *version;          /* OpenCL version of the device */
  char    *driver;
  GwClKind kind;
  guint    compute_units;
  guint    clock_mhz;
  guint64  global_mem;
  guint64  max_alloc;
  guint64  local_mem;
  gboolean fp64;
  gpointer platform_id;      /* cl_platform_id */
  gpointer device_id;        /* cl_device_id */
} GwClDevice;

/* Environment variables read by the engine (for tests and for forcing a
 * failure): GW_OPENCL_PLATFORM (use only platforms whose name contains it,
 * "none" for none), GW_OPENCL_BUILD_OPTIONS (appended to the kernel build
 * options), GW_OPENCL_FAULT ("out-of-resources" or "device-lost": the run
 * fails that way after its first chunk), GW_OPENCL_CHUNK (paths per chunk),
 * GW_OPENCL_DEVICE_MEM (bytes: size the work as if the device had this much
 * global memory, to test the sizing of a small device on a large one). */

typedef enum
{
  GW_CL_PHASE_CONTEXT,          /* platforms, devices, context and queue */
  GW_CL_PHASE_BUILD,            /* the kernels: built, or loaded from the cache */
  GW_CL_PHASE_SETUP,            /* buffers, the deterministic path */
  GW_CL_PHASE_PILOT,            /* the columns' ranges from the first chunk */
  GW_CL_PHASE_PASS1,            /* simulate and reduce every chunk */
  GW_CL_PHASE_PASS2,            /* collect the values near each quantile (and replay) */
  GW_CL_PHASE_READS,            /* host reads: every clEnqueueReadBuffer, wherever issued */
  GW_CL_PHASE_STATS,            /* statistics on the host: quantiles, scalar summaries */
  GW_CL_N_PHASES
} GwClPhase;

/**
 * GwClStats:
 * @wall: seconds the host spent in each phase. The device runs behind the
 *   host: a phase's wall time includes waiting for the device's work of
 *   that phase only where the phase ends with a wait (pass 1 and pass 2 do)
 * @device: seconds the device was busy with each phase's commands (the sum
 *   of their CL_PROFILING_COMMAND_END - START), 0 when not @profiled
 * @launches: kernel launches of each phase
 * @reads: host reads (clEnqueueReadBuffer calls), all in GW_CL_PHASE_READS
 * @read_bytes: bytes those reads brought back
 * @writes, @write_bytes: host writes (buffers made from host memory, zeroed)
 * @chunks: chunks of paths simulated in pass 1
 * @chunk_paths: paths per chunk (the largest chunk)
 * @paths_simulated: paths simulated, replays included
 * @replayed: whether pass 2 simulated the chunks again
 * @outputs_kept: whether the per-path scalars and inputs stayed on the
 *   device for the whole run (read once at its end) rather than per chunk
 * @runs: OpenCL runs added into this struct
 *
 * What OpenCL runs cost, phase by phase; gw_opencl_collect_stats() has the
 * engine add into it.
 */
typedef struct
{
  double   wall[GW_CL_N_PHASES];
  double   device[GW_CL_N_PHASES];
  guint    launches[GW_CL_N_PHASES];
  guint    reads;
  guint64  read_bytes;
  guint    writes;
  guint64  write_bytes;
  guint    chunks;
  guint    chunk_paths;
  guint64  paths_simulated;
  gboolean replayed;
  gboolean outputs_kept;
  gboolean profiled;
  guint    runs;
} GwClStats;

GPtrArray  *gw_opencl_devices       (GError           **error);
void        gw_cl_device_free       (GwClDevice        *device);
const char *gw_cl_kind_label        (GwClKind           kind);
int         gw_opencl_best_device   (GPtrArray         *devices);

gboolean    gw_opencl_warm_up       (const GwPlan      *plan,
                                     int                device,
                                     GError           **error);

GwResults  *gw_opencl_run           (GwPlan            *plan,
                                     guint              n_paths,
                                     gboolean           deterministic,
                                     int                device,
                                     guint              input_paths,
                                     GCancellable      *cancellable,
                                     GwProgressFunc     progress,
                                     gpointer           progress_data,
                                     GError           **error);

gboolean    gw_opencl_paths         (const GwPlan      *plan,
                                     int                device,
                                     guint32            first,
                                     guint              n,
                                     gboolean           deterministic,
                                     int                swing_slot,
                                     double             swing_u,
                                     double            *series,
                                     double            *scalars,
                                     double            *inputs,
                                     GError           **error);

gboolean    gw_opencl_philox        (int                device,
                                     const guint32     *in,
                                     guint32           *out,
                                     guint              n,
                                     GError           **error);

int         gw_opencl_auto_device   (const GwPlan      *plan,
                                     int                requested,
                                     gboolean          *measured,
                                     GError           **error);

void        gw_opencl_collect_stats (GwClStats         *stats);
const char *gw_cl_phase_label       (GwClPhase          phase);
guint       gw_cl_stats_launches    (const GwClStats   *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwClDevice, gw_cl_device_free)

G_END_DECLS
