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
 * fails that way after its first chunk). */

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwClDevice, gw_cl_device_free)

G_END_DECLS
