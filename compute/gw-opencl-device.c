/* gw-opencl-device.c: the OpenCL engine's devices, context and programs
 *
 * Discovery (gw_opencl_devices(), as `gigawatt-cli devices` lists them),
 * the one context the process keeps for the device in use, the kernels
 * (the resource's source with its includes expanded, built for the
 * scenario's shape and cached on disk by source, options and device), and
 * the auto engine's choice between the device and the CPU engine. The
 * run itself is gw-opencl.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gw-opencl-private.h"
#include "gw-compute-resources.h"
#include "gw-debug.h"

#define SIM_LANES_CPU  1                       /* paths per work-item on a CPU device */
#define RESOURCE_PATH  "/org/gigawatt/Gigawatt/compute/"

GMutex gw_cl_lock;

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static const char *
cl_error_name (cl_int err)
{
  switch (err)
    {
    case CL_DEVICE_NOT_FOUND: return "CL_DEVICE_NOT_FOUND";
    case CL_DEVICE_NOT_AVAILABLE: return "CL_DEVICE_NOT_AVAILABLE";
    case CL_COMPILER_NOT_AVAILABLE: return "CL_COMPILER_NOT_AVAILABLE";
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
    case CL_OUT_OF_RESOURCES: return "CL_OUT_OF_RESOURCES";
    case CL_OUT_OF_HOST_MEMORY: return "CL_OUT_OF_HOST_MEMORY";
    case CL_BUILD_PROGRAM_FAILURE: return "CL_BUILD_PROGRAM_FAILURE";
    case CL_INVALID_VALUE: return "CL_INVALID_VALUE";
    case CL_INVALID_PLATFORM: return "CL_INVALID_PLATFORM";
    case CL_INVALID_DEVICE: return "CL_INVALID_DEVICE";
    case CL_INVALID_BINARY: return "CL_INVALID_BINARY";
    case CL_INVALID_BUILD_OPTIONS: return "CL_INVALID_BUILD_OPTIONS";
    case CL_INVALID_KERNEL_ARGS: return "CL_INVALID_KERNEL_ARGS";
    case CL_INVALID_WORK_GROUP_SIZE: return "CL_INVALID_WORK_GROUP_SIZE";
    case CL_INVALID_BUFFER_SIZE: return "CL_INVALID_BUFFER_SIZE";
    case CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST:
      return "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST";
    case -1001: return "CL_PLATFORM_NOT_FOUND_KHR";
    default: return "CL error";
    }
}

/* Sets @error for a failed OpenCL call, by class: out of resources, or a
 * device that failed or was lost. */
gboolean
gw_cl_check (cl_int      err,
             const char *what,
             GError    **error)
{
  if (err == CL_SUCCESS)
    return TRUE;
  switch (err)
    {
    case CL_OUT_OF_RESOURCES:
    case CL_OUT_OF_HOST_MEMORY:
    case CL_MEM_OBJECT_ALLOCATION_FAILURE:
    case CL_INVALID_BUFFER_SIZE:
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL device ran out of resources (%s: %s, %d)."), what,
                   cl_error_name (err), err);
      break;
    default:
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL device failed or was lost (%s: %s, %d)."), what,
                   cl_error_name (err), err);
      break;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Discovery                                                           */
/* ------------------------------------------------------------------ */

void
gw_cl_device_free (GwClDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->platform);
  g_free (device->name);
  g_free (device->version);
  g_free (device->driver);
  g_free (device);
}

const char *
gw_cl_kind_label (GwClKind kind)
{
  switch (kind)
    {
    case GW_CL_KIND_GPU: return _("GPU");
    case GW_CL_KIND_CPU: return _("CPU");
    case GW_CL_KIND_ACCELERATOR: return _("accelerator");
    case GW_CL_KIND_OTHER:
    default: return _("other");
    }
}

static char *
platform_string (cl_platform_id   platform,
                 cl_platform_info what)
{
  size_t n = 0;
  char *s;

  if (clGetPlatformInfo (platform, what, 0, NULL, &n) != CL_SUCCESS || n == 0)
    return g_strdup ("");
  s = g_malloc0 (n + 1);
  clGetPlatformInfo (platform, what, n, s, NULL);
  return g_strstrip (s);
}

static char *
device_string (cl_device_id   device,
               cl_device_info what)
{
  size_t n = 0;
  char *s;

  if (clGetDeviceInfo (device, what, 0, NULL, &n) != CL_SUCCESS || n == 0)
    return g_strdup ("");
  s = g_malloc0 (n + 1);
  clGetDeviceInfo (device, what, n, s, NULL);
  return g_strstrip (s);
}

/**
 * gw_opencl_devices:
 *
 * Lists every OpenCL device of every platform (as GW_OPENCL_PLATFORM
 * allows), numbered as `--device` takes them.
 *
 * Returns: (transfer full) (element-type GwClDevice): the devices, never
 *   empty, or %NULL with @error set when there is no driver or no device
 */
GPtrArray *
gw_opencl_devices (GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_cl_device_free);
  const char *only = gw_debug ()->opencl_platform;
  cl_uint n_platforms = 0;
  cl_platform_id platforms[16];
  cl_int err;

  err = clGetPlatformIDs (G_N_ELEMENTS (platforms), platforms, &n_platforms);
  if (err != CL_SUCCESS || n_platforms == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("No OpenCL driver (ICD) is installed or none reports a platform (%s, %d)."),
                   cl_error_name (err), err);
      return NULL;
    }
  for (cl_uint p = 0; p < MIN (n_platforms, G_N_ELEMENTS (platforms)); p++)
    {
      g_autofree char *pname = platform_string (platforms[p], CL_PLATFORM_NAME);
      cl_device_id devices[32];
      cl_uint n_devices = 0;

      if (only != NULL && only[0] != '\0')
        {
          g_autofree char *a = g_utf8_casefold (pname, -1);
          g_autofree char *b = g_utf8_casefold (only, -1);

          if (strstr (a, b) == NULL)
            continue;
        }
      if (clGetDeviceIDs (platforms[p], CL_DEVICE_TYPE_ALL, G_N_ELEMENTS (devices), devices,
                          &n_devices) != CL_SUCCESS)
        continue;
      for (cl_uint d = 0; d < MIN (n_devices, G_N_ELEMENTS (devices)); d++)
        {
          GwClDevice *dev = g_new0 (GwClDevice, 1);
          cl_device_type type = 0;
          cl_uint cu = 0, mhz = 0;
          cl_ulong gmem = 0, alloc = 0, lmem = 0;
          g_autofree char *ext = device_string (devices[d], CL_DEVICE_EXTENSIONS);

          clGetDeviceInfo (devices[d], CL_DEVICE_TYPE, sizeof type, &type, NULL);
          clGetDeviceInfo (devices[d], CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
          clGetDeviceInfo (devices[d], CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof mhz, &mhz, NULL);
          clGetDeviceInfo (devices[d], CL_DEVICE_GLOBAL_MEM_SIZE, sizeof gmem, &gmem, NULL);
          clGetDeviceInfo (devices[d], CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof alloc, &alloc, NULL);
          clGetDeviceInfo (devices[d], CL_DEVICE_LOCAL_MEM_SIZE, sizeof lmem, &lmem, NULL);
          dev->index = list->len;
          dev->platform = g_strdup (pname);
          dev->name = device_string (devices[d], CL_DEVICE_NAME);
          dev->version = device_string (devices[d], CL_DEVICE_VERSION);
          dev->driver = device_string (devices[d], CL_DRIVER_VERSION);
          dev->kind = (type & CL_DEVICE_TYPE_GPU) ? GW_CL_KIND_GPU
                      : (type & CL_DEVICE_TYPE_CPU) ? GW_CL_KIND_CPU
                      : (type & CL_DEVICE_TYPE_ACCELERATOR) ? GW_CL_KIND_ACCELERATOR
                      : GW_CL_KIND_OTHER;
          dev->compute_units = cu;
          dev->clock_mhz = mhz;
          dev->global_mem = gmem;
          dev->max_alloc = alloc;
          dev->local_mem = lmem;
          dev->fp64 = strstr (ext, "cl_khr_fp64") != NULL;
          dev->platform_id = platforms[p];
          dev->device_id = devices[d];
          g_ptr_array_add (list, dev);
        }
    }
  if (list->len == 0)
    {
      if (only != NULL)
        g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                     _("No OpenCL device on a platform matching GW_OPENCL_PLATFORM=“%s”."), only);
      else
        g_set_error (error, GW_ERROR, GW_ERROR_ENGINE, _("No OpenCL device was found."));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* A GPU if there is one, else the first device. */
int
gw_opencl_best_device (GPtrArray *devices)
{
  for (guint i = 0; i < devices->len; i++)
    if (((GwClDevice *) devices->pdata[i])->kind == GW_CL_KIND_GPU)
      return i;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Context, program and build cache                                    */
/* ------------------------------------------------------------------ */
static GwClContext *current;

static void
program_free (GwClProgram *p)
{
  g_clear_pointer (&p->simulate, clReleaseKernel);
  g_clear_pointer (&p->philox, clReleaseKernel);
  g_clear_pointer (&p->minmax, clReleaseKernel);
  g_clear_pointer (&p->pass1, clReleaseKernel);
  g_clear_pointer (&p->collect, clReleaseKernel);
  g_clear_pointer (&p->program, clReleaseProgram);
  g_free (p);
}

static void
context_free (GwClContext *c)
{
  g_hash_table_unref (c->programs);
  if (c->queue)
    clReleaseCommandQueue (c->queue);
  if (c->context)
    clReleaseContext (c->context);
  gw_cl_device_free (c->dev);
  g_free (c->id);
  g_free (c);
}

/* The context of device @index (-1: the best), made once; its queue
 * profiles commands when @profiling or since a call asked for it. */
GwClContext *
gw_cl_get_context (int      index,
                   gboolean profiling,
                   GError **error)
{
  g_autoptr(GPtrArray) devices = gw_opencl_devices (error);
  GwClDevice *dev;
  g_autofree char *id = NULL;
  cl_context_properties props[3];
  cl_int err = CL_SUCCESS;
  GwClContext *c;

  if (devices == NULL)
    return NULL;
  if (index < 0)
    index = gw_opencl_best_device (devices);
  if ((guint) index >= devices->len)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("There is no OpenCL device %d; “gigawatt-cli devices” lists %u."), index,
                   devices->len);
      return NULL;
    }
  dev = devices->pdata[index];
  id = g_strdup_printf ("%s|%s|%s|%s", dev->platform, dev->name, dev->driver, dev->version);
  if (current != NULL && g_str_equal (current->id, id))
    {
      /* profiling asked for after the queue was made: a new queue (the
       * old one is idle, every run finishes under cl_lock) */
      if (profiling && !current->profiling)
        {
          cl_command_queue q = clCreateCommandQueue (current->context, current->dev->device_id,
                                                     CL_QUEUE_PROFILING_ENABLE, &err);

          if (!gw_cl_check (err, "clCreateCommandQueue", error))
            return NULL;
          clReleaseCommandQueue (current->queue);
          current->queue = q;
          current->profiling = TRUE;
        }
      return current;
    }
  g_clear_pointer (&current, context_free);

  c = g_new0 (GwClContext, 1);
  c->dev = g_ptr_array_steal_index (devices, index);
  c->id = g_steal_pointer (&id);
  c->programs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) program_free);
  props[0] = CL_CONTEXT_PLATFORM;
  props[1] = (cl_context_properties) c->dev->platform_id;
  props[2] = 0;
  c->context = clCreateContext (props, 1, (cl_device_id *) &c->dev->device_id, NULL, NULL, &err);
  if (gw_cl_check (err, "clCreateContext", error))
    c->queue = clCreateCommandQueue (c->context, c->dev->device_id,
                                     profiling ? CL_QUEUE_PROFILING_ENABLE : 0, &err);
  c->profiling = profiling;
  if (!gw_cl_check (err, "clCreateCommandQueue", error))
    {
      context_free (c);
      return NULL;
    }
  current = c;
  return c;
}

static GBytes *
lookup_resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);

  return g_resource_lookup_data (gw_compute_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* Expands #include "name" from the resource, so the headers shared with
 * the CPU engine travel with the kernels. */
static gboolean
expand_source (GString    *out,
               const char *name,
               int         depth,
               GError    **error)
{
  g_autoptr(GBytes) bytes = lookup_resource (name);
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL || depth > 8)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL kernel source “%s” is missing from the program."), name);
      return FALSE;
    }
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

    lines = g_strsplit (text, "\n", -1);
  }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, "#include \""))
        {
          const char *a = l + strlen ("#include \"");
          const char *b = strchr (a, '"');
          g_autofree char *inc = b ? g_strndup (a, b - a) : NULL;

          if (inc != NULL)
            {
              if (!expand_source (out, inc, depth + 1, error))
                return FALSE;
              g_string_append_printf (out, "#line %u \"%s\"\n", i + 2, name);
              continue;
            }
        }
      g_string_append (out, l);
      g_string_append_c (out, '\n');
    }
  return TRUE;
}

/* Private scratch is an array sized at build time; buckets of 64 reals
 * let most scenarios share one build. */
/* The kernels with their includes expanded, and its SHA-256: the resource
 * never changes, so this is done once per process. */
static const char *
kernel_source (const char **sum)
{
  static char *source;
  static char *checksum;

  if (g_once_init_enter (&source))
    {
      g_autoptr(GString) src = g_string_new (NULL);

      if (!expand_source (src, "gw-engine.cl", 0, NULL))
        g_string_truncate (src, 0);
      checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, src->str, src->len);
      g_once_init_leave (&source, g_string_free (g_steal_pointer (&src), FALSE));
    }
  if (sum != NULL)
    *sum = checksum;
  return source;
}

static guint
scratch_bucket (const GwPlan *plan)
{
  guint n = plan != NULL ? plan->scratch : 256;

  return MAX (64, (n + 63) / 64 * 64);
}

static char *
cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "gigawatt", NULL);
}

static gboolean
build_log_error (cl_program   program,
                 GwClContext *c,
                 cl_int       err,
                 const char  *options,
                 GError     **error)
{
  size_t n = 0;
  g_autofree char *log = NULL;

  clGetProgramBuildInfo (program, c->dev->device_id, CL_PROGRAM_BUILD_LOG, 0, NULL, &n);
  log = g_malloc0 (n + 1);
  if (n > 0)
    clGetProgramBuildInfo (program, c->dev->device_id, CL_PROGRAM_BUILD_LOG, n, log, NULL);
  g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
               _("The OpenCL kernels did not build on %s (%s, options “%s”): %s"), c->dev->name,
               cl_error_name (err), options, g_strstrip (log));
  return FALSE;
}

static cl_kernel
make_kernel (cl_program  program,
             const char *name,
             GError    **error)
{
  cl_int err = CL_SUCCESS;
  cl_kernel k = clCreateKernel (program, name, &err);

  if (!gw_cl_check (err, "clCreateKernel", error))
    return NULL;
  return k;
}

/* The program for @plan's scratch size on @c: from memory, from the
 * binary cache on disk, or built from source and then cached. */
/* Paths per work-item: one on a GPU, where work-items are the SIMD lanes;
 * several on a CPU device, whose compiler vectorises the lane loops of
 * gw-path.h but not across work-items. */
static guint
sim_lanes (const GwClContext *c)
{
  guint forced = gw_debug ()->opencl_sim_w;

  if (forced > 0)
    {
      /* a power of two, as the lane loops of gw-path.h expect */
      guint w = CLAMP (forced, 1, 16);

      while (w & (w - 1))
        w &= w - 1;
      return w;
    }
  return c->dev->kind == GW_CL_KIND_GPU ? 1 : SIM_LANES_CPU;
}

GwClProgram *
gw_cl_get_program (GwClContext  *c,
                   const GwPlan *plan,
                   GError      **error)
{
  const char *src = kernel_source (NULL);
  g_autofree char *options = NULL;
  g_autofree char *key = NULL;
  g_autofree char *dir = cache_dir ();
  g_autofree char *bin_path = NULL;
  const char *extra = gw_debug ()->opencl_build_options;
  GwClProgram *p;
  cl_program program = NULL;
  cl_int err = CL_SUCCESS;
  gboolean from_binary = FALSE;

  if (src[0] == '\0')
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL kernels are missing from this build of Gigawatt."));
      return NULL;
    }
  /* The scenario's shape is compiled in: constant trip counts let the
   * compiler unroll the quarter step and vectorise it across paths. */
  {
    g_autofree char *dims = plan == NULL ? g_strdup ("")
      : g_strdup_printf (" -DGW_DIM_T=%u -DGW_DIM_G=%u -DGW_DIM_P=%u -DGW_DIM_B=%u -DGW_DIM_D=%u"
                         " -DGW_DIM_E=%u -DGW_DIM_K=%u -DGW_DIM_NC=%u", plan->T, plan->G,
                         plan->P, plan->B, plan->D, plan->E, plan->K, plan->NC);

    options = g_strdup_printf ("-cl-std=CL1.2 -DGW_SCRATCH_N=%u -DGW_W=%u -DGW_ACC_DOUBLE=%d%s%s%s",
                               scratch_bucket (plan), sim_lanes (c), c->dev->fp64 ? 1 : 0, dims,
                               extra != NULL ? " " : "", extra != NULL ? extra : "");
  }
  {
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

    g_checksum_update (sum, (const guchar *) src, strlen (src) + 1);
    g_checksum_update (sum, (const guchar *) options, strlen (options) + 1);
    g_checksum_update (sum, (const guchar *) c->id, strlen (c->id) + 1);
    key = g_strdup (g_checksum_get_string (sum));
  }
  p = g_hash_table_lookup (c->programs, key);
  if (p != NULL)
    return p;

  bin_path = g_strdup_printf ("%s/kernels/%s.bin", dir, key);
  {
    g_autofree char *bin = NULL;
    gsize len = 0;

    if (g_file_get_contents (bin_path, &bin, &len, NULL) && len > 0)
      {
        const unsigned char *b = (const unsigned char *) bin;
        size_t blen = len;
        cl_int status = CL_SUCCESS;

        program = clCreateProgramWithBinary (c->context, 1, (cl_device_id *) &c->dev->device_id,
                                             &blen, &b, &status, &err);
        if (err == CL_SUCCESS && status == CL_SUCCESS
            && clBuildProgram (program, 1, (cl_device_id *) &c->dev->device_id, options, NULL,
                               NULL) == CL_SUCCESS)
          from_binary = TRUE;
        else if (program != NULL)
          g_clear_pointer (&program, clReleaseProgram);
      }
  }
  if (!from_binary)
    {
      const char *s = src;
      size_t n = strlen (src);

      program = clCreateProgramWithSource (c->context, 1, &s, &n, &err);
      if (!gw_cl_check (err, "clCreateProgramWithSource", error))
        return NULL;
      err = clBuildProgram (program, 1, (cl_device_id *) &c->dev->device_id, options, NULL, NULL);
      if (err != CL_SUCCESS)
        {
          build_log_error (program, c, err, options, error);
          clReleaseProgram (program);
          return NULL;
        }
      /* Remember the binary; a cache that cannot be written is no error. */
      {
        size_t size = 0;

        if (clGetProgramInfo (program, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, NULL)
            == CL_SUCCESS && size > 0)
          {
            g_autofree unsigned char *bin = g_malloc (size);
            g_autofree char *kdir = g_build_filename (dir, "kernels", NULL);

            if (clGetProgramInfo (program, CL_PROGRAM_BINARIES, sizeof bin, &bin, NULL)
                == CL_SUCCESS && g_mkdir_with_parents (kdir, 0755) == 0)
              g_file_set_contents (bin_path, (const char *) bin, size, NULL);
          }
      }
    }

  p = g_new0 (GwClProgram, 1);
  p->program = program;
  if ((p->simulate = make_kernel (program, "gw_simulate", error)) == NULL
      || (p->philox = make_kernel (program, "gw_philox", error)) == NULL
      || (p->minmax = make_kernel (program, "gw_minmax", error)) == NULL
      || (p->pass1 = make_kernel (program, "gw_pass1", error)) == NULL
      || (p->collect = make_kernel (program, "gw_collect", error)) == NULL)
    {
      program_free (p);
      return NULL;
    }
  {
    size_t wg = 1, dev_wg = 1, lim;

    clGetDeviceInfo (c->dev->device_id, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof dev_wg, &dev_wg,
                     NULL);
    clGetKernelWorkGroupInfo (p->simulate, c->dev->device_id, CL_KERNEL_WORK_GROUP_SIZE,
                              sizeof wg, &wg, NULL);
    lim = MIN (wg, dev_wg);
    p->sim_w = sim_lanes (c);
    p->sim_wg = 1;
    while (p->sim_wg * 2 <= MIN (lim, 64))
      p->sim_wg *= 2;
    if (gw_debug ()->opencl_sim_wg > 0)
      p->sim_wg = CLAMP (gw_debug ()->opencl_sim_wg, 1, lim);
    lim = dev_wg;
    if (clGetKernelWorkGroupInfo (p->pass1, c->dev->device_id, CL_KERNEL_WORK_GROUP_SIZE,
                                  sizeof wg, &wg, NULL) == CL_SUCCESS)
      lim = MIN (lim, wg);
    if (clGetKernelWorkGroupInfo (p->minmax, c->dev->device_id, CL_KERNEL_WORK_GROUP_SIZE,
                                  sizeof wg, &wg, NULL) == CL_SUCCESS)
      lim = MIN (lim, wg);
    if (clGetKernelWorkGroupInfo (p->collect, c->dev->device_id, CL_KERNEL_WORK_GROUP_SIZE,
                                  sizeof wg, &wg, NULL) == CL_SUCCESS)
      lim = MIN (lim, wg);
    /* A CPU device runs a work-group as a loop: small groups, many of them */
    p->red_wg = 1;
    while (p->red_wg * 2 <= MIN (lim, c->dev->kind == GW_CL_KIND_CPU ? 16 : 256))
      p->red_wg *= 2;
  }
  g_hash_table_insert (c->programs, g_steal_pointer (&key), p);
  return p;
}

/**
 * gw_opencl_warm_up:
 * @plan: (nullable): the plan the next runs will use, for its scratch size
 *
 * Makes the context and builds (or loads) the kernels, so that the first
 * run does not pay for them.
 */
gboolean
gw_opencl_warm_up (const GwPlan *plan,
                   int           device,
                   GError      **error)
{
  GwClContext *c;
  gboolean ok;

  g_mutex_lock (&gw_cl_lock);
  c = gw_cl_get_context (device, FALSE, error);
  ok = c != NULL && gw_cl_get_program (c, plan, error) != NULL;
  g_mutex_unlock (&gw_cl_lock);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Choosing an engine                                                  */
/* ------------------------------------------------------------------ */

/* Paths per second of the CPU engine (all cores) and of the device on
 * @plan, each measured end to end (simulation and every statistic) on
 * 12,000 paths, after a warm-up that builds the kernels. */
static gboolean
measure (const GwPlan *plan,
         int           device,
         double       *cpu_rate,
         double       *cl_rate,
         GError      **error)
{
  const guint n = 12000;
  GwResults *res;
  GwPlan *p;
  gint64 t0;

  p = gw_plan_new (plan->scenario, NULL, error);
  if (p == NULL)
    return FALSE;
  res = gw_opencl_run (p, 256, FALSE, device, 0, NULL, NULL, NULL, error);
  if (res == NULL)
    return FALSE;
  gw_results_unref (res);

  p = gw_plan_new (plan->scenario, NULL, error);
  if (p == NULL)
    return FALSE;
  t0 = g_get_monotonic_time ();
  res = gw_opencl_run (p, n, FALSE, device, 0, NULL, NULL, NULL, error);
  if (res == NULL)
    return FALSE;
  gw_results_unref (res);
  *cl_rate = n / MAX (1e-6, (g_get_monotonic_time () - t0) / 1e6);

  p = gw_plan_new (plan->scenario, NULL, error);
  if (p == NULL)
    return FALSE;
  t0 = g_get_monotonic_time ();
  res = gw_cpu_run (p, n, FALSE, 0, 0, FALSE, NULL, NULL, NULL, error);
  if (res == NULL)
    return FALSE;
  gw_results_unref (res);
  *cpu_rate = n / MAX (1e-6, (g_get_monotonic_time () - t0) / 1e6);
  return TRUE;
}

/**
 * gw_opencl_auto_device:
 * @requested: a device index, or -1
 * @measured: (out) (optional): whether this call measured the engines
 *
 * For the auto engine: the device to run on, or -1 when the CPU engine is
 * the faster. A GPU always wins; otherwise the CPU engine and the OpenCL
 * device are measured once and the answer is remembered in
 * $XDG_CACHE_HOME/gigawatt/engine.ini.
 *
 * Returns: a device index, or -1 with @error set when OpenCL cannot run,
 *   or -1 without error when the CPU engine is faster
 */
int
gw_opencl_auto_device (const GwPlan *plan,
                       int           requested,
                       gboolean     *measured,
                       GError      **error)
{
  g_autoptr(GPtrArray) devices = gw_opencl_devices (error);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *dir = cache_dir ();
  g_autofree char *file = g_build_filename (dir, "engine.ini", NULL);
  g_autofree char *group = NULL;
  GwClDevice *dev;
  double cpu_rate = 0, cl_rate = 0;
  int index;

  if (measured != NULL)
    *measured = FALSE;
  if (devices == NULL)
    return -1;
  index = requested >= 0 ? requested : gw_opencl_best_device (devices);
  if ((guint) index >= devices->len)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("There is no OpenCL device %d; “gigawatt-cli devices” lists %u."), index,
                   devices->len);
      return -1;
    }
  dev = devices->pdata[index];
  if (dev->kind == GW_CL_KIND_GPU)
    return index;

  /* The kernels' source is part of the key: a new quarter step is measured
   * again. */
  {
    const char *sum;

    kernel_source (&sum);
    group = g_strdup_printf ("%s|%s|%s|%s|%u|%.12s", PACKAGE_VERSION, dev->platform, dev->name,
                             dev->driver, gw_cpu_n_cores (), sum);
  }
  g_key_file_load_from_file (kf, file, G_KEY_FILE_NONE, NULL);
  if (g_key_file_has_key (kf, group, "cpu-paths-per-second", NULL))
    {
      cpu_rate = g_key_file_get_double (kf, group, "cpu-paths-per-second", NULL);
      cl_rate = g_key_file_get_double (kf, group, "opencl-paths-per-second", NULL);
    }
  else
    {
      if (!measure (plan, index, &cpu_rate, &cl_rate, error))
        return -1;
      g_key_file_set_double (kf, group, "cpu-paths-per-second", cpu_rate);
      g_key_file_set_double (kf, group, "opencl-paths-per-second", cl_rate);
      if (g_mkdir_with_parents (dir, 0755) == 0)
        g_key_file_save_to_file (kf, file, NULL);
      if (measured != NULL)
        *measured = TRUE;
    }
  return cl_rate > cpu_rate ? index : -1;
}
