/* gw-debug.h: switches for tests, measurements and debugging, read once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_DEBUG_CPU_TIMING    = 1 << 0,  /* "cpu-timing": each CPU pass's time on stderr */
  GW_DEBUG_CPU_BLOCKS    = 1 << 1,  /* "cpu-blocks": pass 1 simulates whole blocks */
  GW_DEBUG_OPENCL_TIMING = 1 << 2,  /* "opencl-timing": each OpenCL phase on stderr */
} GwDebugFlags;

/**
 * GwDebug:
 *
 * Parsed from GIGAWATT_DEBUG, a comma- or space-separated list in the way
 * of G_DEBUG: flags ("cpu-timing", "timing" for both engines, "all") and
 * settings ("cpu-sim=avx2"). The older variables (GW_CPU_SIM, GW_CPU_REDUCE,
 * GW_CPU_TIMING, GW_CPU_BLOCKS, GW_OPENCL_PLATFORM, GW_OPENCL_SIM_W,
 * GW_OPENCL_SIM_WG, GW_OPENCL_BUILD_OPTIONS, GW_OPENCL_CHUNK,
 * GW_OPENCL_FAULT, GW_OPENCL_TIMING, GW_OPENCL_DEVICE_MEM) are still read, GIGAWATT_DEBUG
 * winning. A string member is NULL and a number 0 when not set.
 */
typedef struct
{
  GwDebugFlags flags;
  const char  *cpu_sim;               /* "cpu-sim=": baseline, avx2, avx512 */
  const char  *cpu_reduce;            /* "cpu-reduce=": sse2, avx2, avx512 */
  const char  *opencl_platform;       /* "opencl-platform=": a substring of its name */
  const char  *opencl_build_options;  /* "opencl-build-options=": added to the build */
  const char  *opencl_fault;          /* "opencl-fault=": out-of-resources, device-lost */
  guint        opencl_sim_w;          /* "opencl-sim-w=": paths per work-item */
  guint        opencl_sim_wg;         /* "opencl-sim-wg=": work-group size */
  guint64      opencl_chunk;          /* "opencl-chunk=": paths per chunk */
  guint64      opencl_device_mem;     /* "opencl-device-mem=": bytes the device seems to have */
} GwDebug;

const GwDebug *gw_debug           (void);
const GwDebug *gw_debug_parse     (const char *text);
void           gw_debug_reload    (void);

G_END_DECLS
