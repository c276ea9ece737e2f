/* gw-opencl.c: the OpenCL engine
 *
 * The whole path loop runs on the device (kernels/gw-engine.cl, which
 * includes gw-path.h, so the quarter step is the CPU engine's), in float.
 * Statistics follow gw-cpu.c, reduced on the device so that memory is
 * proportional to columns x bins, not to paths:
 *
 *   pilot   the first chunk is simulated; a kernel gives each column the
 *           range [lo, hi] of its first 2048 paths and its bins' width;
 *   pass 1  per chunk of paths: simulate, then one work-group per column
 *           continues compensated sums, min, max and a histogram from
 *           chunk to chunk on the device; the host reads them once, after
 *           the last chunk;
 *   pass 2  the host picks the bins that hold the order statistics; every
 *           chunk is simulated again (counter-based streams replay the same
 *           paths) and a kernel appends the values in those bins to their
 *           slices with atomic counters (or counts them in a finer
 *           histogram when over budget); the host selects exactly.
 *
 * Work is sized by the device (size_run()): a chunk's values take up to a
 * quarter of its global memory (on a large GPU, 10^6 paths of the Baseline
 * in one chunk, so nothing is simulated twice), each chunk is one launch,
 * and the host runs at most two chunks ahead, waiting on events, not
 * reads. Per-path scalars and inputs stay on the device for the whole run
 * where they fit and come back at its end. GwClStats counts what a run
 * costs, phase by phase.
 *
 * Tolerance (float32 on the device; tests/test-opencl.c checks it): a
 * per-path output agrees with the CPU reference within
 * 2e-3 x max (|a|, |b|, scale of its column) — the quarter step compounds
 * logs, exps and powers over up to 80 quarters, and cancelling differences
 * (EBITDA, FCF) are bounded relative to the terms they cancel. Means and sds
 * use compensated float sums, per work-item and carried from chunk to chunk
 * on the device (sum and compensation are subtracted in double on the host).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#include <CL/cl.h>

#include "gw-opencl.h"
#include "gw-compute-resources.h"
#include "gw-debug.h"

#define N_PILOT        2048
#define N_BINS         2048
#define N_HIST         (N_BINS + 4)
#define BIN_LO         1
#define BIN_HI         (N_BINS + 2)
#define BIN_BELOW      0
#define BIN_ABOVE      (N_BINS + 3)
#define SUB_BINS       4096
#define NO_OFFSET      0xffffffffu
#define CPU_CHUNK_BYTES (192u * 1024u * 1024u) /* values of a run in one chunk on a CPU device */
#define CHUNK_ALIGN    256                     /* paths: chunks of a split run, strides */
#define SIM_LANES_CPU  1                       /* paths per work-item on a CPU device */
#define COLLECT_BUDGET (16u * 1024u * 1024u)   /* floats pass 2 may collect */
#define STAGE_FLOATS   (1u << 20)              /* floats per host read of scalar rows */
#define RESOURCE_PATH  "/org/gigawatt/Gigawatt/compute/"

static GMutex cl_lock;

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
static gboolean
cl_check (cl_int      err,
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

/* GW_OPENCL_FAULT: fail as the named class would, through cl_check (). */
static cl_int
injected_fault (void)
{
  const char *f = gw_debug ()->opencl_fault;

  if (f == NULL)
    return CL_SUCCESS;
  if (g_str_equal (f, "out-of-resources"))
    return CL_OUT_OF_RESOURCES;
  if (g_str_equal (f, "device-lost"))
    return CL_DEVICE_NOT_AVAILABLE;
  return CL_SUCCESS;
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

typedef struct
{
  cl_program program;
  cl_kernel  simulate;
  cl_kernel  philox;
  cl_kernel  minmax;
  cl_kernel  pass1;
  cl_kernel  collect;
  size_t     sim_wg;
  size_t     red_wg;
  guint      sim_w;               /* paths per work-item of gw_simulate */
} Program;

typedef struct _Recorder Recorder;

/* One device in use at a time, kept for the process: its context, queue
 * and the programs built for it, by source, options and device. */
typedef struct
{
  GwClDevice      *dev;
  char            *id;          /* platform, device and driver */
  cl_context       context;
  cl_command_queue queue;
  gboolean         profiling;   /* the queue has CL_QUEUE_PROFILING_ENABLE */
  GHashTable      *programs;    /* key -> Program */
  Recorder        *rec;         /* the run's, while one records (under cl_lock) */
} Context;

static Context *current;

static void
program_free (Program *p)
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
context_free (Context *c)
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
static Context *
get_context (int       index,
             gboolean  profiling,
             GError  **error)
{
  g_autoptr(GPtrArray) devices = gw_opencl_devices (error);
  GwClDevice *dev;
  g_autofree char *id = NULL;
  cl_context_properties props[3];
  cl_int err = CL_SUCCESS;
  Context *c;

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

          if (!cl_check (err, "clCreateCommandQueue", error))
            return NULL;
          clReleaseCommandQueue (current->queue);
          current->queue = q;
          current->profiling = TRUE;
        }
      return current;
    }
  g_clear_pointer (&current, context_free);

  c = g_new0 (Context, 1);
  c->dev = g_ptr_array_steal_index (devices, index);
  c->id = g_steal_pointer (&id);
  c->programs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) program_free);
  props[0] = CL_CONTEXT_PLATFORM;
  props[1] = (cl_context_properties) c->dev->platform_id;
  props[2] = 0;
  c->context = clCreateContext (props, 1, (cl_device_id *) &c->dev->device_id, NULL, NULL, &err);
  if (cl_check (err, "clCreateContext", error))
    c->queue = clCreateCommandQueue (c->context, c->dev->device_id,
                                     profiling ? CL_QUEUE_PROFILING_ENABLE : 0, &err);
  c->profiling = profiling;
  if (!cl_check (err, "clCreateCommandQueue", error))
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
                 Context     *c,
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

  if (!cl_check (err, "clCreateKernel", error))
    return NULL;
  return k;
}

/* The program for @plan's scratch size on @c: from memory, from the
 * binary cache on disk, or built from source and then cached. */
/* Paths per work-item: one on a GPU, where work-items are the SIMD lanes;
 * several on a CPU device, whose compiler vectorises the lane loops of
 * gw-path.h but not across work-items. */
static guint
sim_lanes (const Context *c)
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

static Program *
get_program (Context      *c,
             const GwPlan *plan,
             GError      **error)
{
  const char *src = kernel_source (NULL);
  g_autofree char *options = NULL;
  g_autofree char *key = NULL;
  g_autofree char *dir = cache_dir ();
  g_autofree char *bin_path = NULL;
  const char *extra = gw_debug ()->opencl_build_options;
  Program *p;
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
      if (!cl_check (err, "clCreateProgramWithSource", error))
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

  p = g_new0 (Program, 1);
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
  Context *c;
  gboolean ok;

  g_mutex_lock (&cl_lock);
  c = get_context (device, FALSE, error);
  ok = c != NULL && get_program (c, plan, error) != NULL;
  g_mutex_unlock (&cl_lock);
  return ok;
}

/* ------------------------------------------------------------------ */
/* What a run costs (GwClStats, GIGAWATT_DEBUG=opencl-timing)          */
/* ------------------------------------------------------------------ */

typedef struct
{
  cl_event  event;
  GwClPhase phase;
} Pending;

/* A run's own counts and times, kept while it runs and added to the
 * collector's at its end. */
struct _Recorder
{
  GwClStats st;
  GwClPhase phase;
  gint64    t0;
  gboolean  profiling;
  GArray   *events;             /* Pending: commands whose device time is not yet added */
};

static GMutex stats_lock;
static GwClStats *stats_sink;

/**
 * gw_opencl_collect_stats:
 * @stats: (nullable): where runs add their counts and times, or %NULL to stop
 *
 * While @stats is set, every OpenCL run of the process adds its phases'
 * wall and device times and its counts (launches, host reads, chunks,
 * paths simulated) to it, and the device's queue profiles its commands.
 * For measurements (`gigawatt-cli bench --phases`) and tests.
 */
void
gw_opencl_collect_stats (GwClStats *stats)
{
  g_mutex_lock (&stats_lock);
  stats_sink = stats;
  g_mutex_unlock (&stats_lock);
}

const char *
gw_cl_phase_label (GwClPhase phase)
{
  static const char *const labels[GW_CL_N_PHASES] = {
    N_("context"), N_("kernel build"), N_("setup"), N_("pilot"), N_("pass 1"), N_("pass 2"),
    N_("reads"), N_("host statistics"),
  };

  return phase < GW_CL_N_PHASES ? _(labels[phase]) : "";
}

guint
gw_cl_stats_launches (const GwClStats *stats)
{
  guint n = 0;

  for (guint i = 0; i < GW_CL_N_PHASES; i++)
    n += stats->launches[i];
  return n;
}

static gboolean
timing_on (void)
{
  return (gw_debug ()->flags & GW_DEBUG_OPENCL_TIMING) != 0;
}

/* A recorder for a run, or NULL when nobody asked for one. */
static Recorder *
rec_new (void)
{
  Recorder *rec;
  gboolean on;

  g_mutex_lock (&stats_lock);
  on = stats_sink != NULL;
  g_mutex_unlock (&stats_lock);
  if (!on && !timing_on ())
    return NULL;
  rec = g_new0 (Recorder, 1);
  rec->phase = GW_CL_PHASE_CONTEXT;
  rec->t0 = g_get_monotonic_time ();
  rec->events = g_array_new (FALSE, FALSE, sizeof (Pending));
  return rec;
}

/* Ends the phase the host was in and starts @phase. */
static void
rec_phase (Recorder  *rec,
           GwClPhase  phase)
{
  gint64 now;

  if (rec == NULL)
    return;
  now = g_get_monotonic_time ();
  rec->st.wall[rec->phase] += (now - rec->t0) / 1e6;
  rec->phase = phase;
  rec->t0 = now;
}

/* A command enqueued on @c: counted, and its event (owned) kept for its
 * device time. */
static void
rec_command (Context   *c,
             cl_event   event,
             GwClPhase  phase)
{
  Recorder *rec = c->rec;

  if (rec != NULL && rec->profiling && event != NULL)
    {
      Pending p = { event, phase };

      g_array_append_val (rec->events, p);
      return;
    }
  if (event != NULL)
    clReleaseEvent (event);
}

/* Device times of the commands recorded so far; the queue must be idle. */
static void
rec_settle (Recorder *rec)
{
  if (rec == NULL)
    return;
  for (guint i = 0; i < rec->events->len; i++)
    {
      Pending *p = &g_array_index (rec->events, Pending, i);
      cl_ulong start = 0, end = 0;

      if (clGetEventProfilingInfo (p->event, CL_PROFILING_COMMAND_START, sizeof start, &start,
                                   NULL) == CL_SUCCESS
          && clGetEventProfilingInfo (p->event, CL_PROFILING_COMMAND_END, sizeof end, &end,
                                      NULL) == CL_SUCCESS
          && end >= start)
        rec->st.device[p->phase] += (end - start) / 1e9;
      clReleaseEvent (p->event);
    }
  g_array_set_size (rec->events, 0);
}

static void
stats_add (GwClStats       *to,
           const GwClStats *from)
{
  for (guint i = 0; i < GW_CL_N_PHASES; i++)
    {
      to->wall[i] += from->wall[i];
      to->device[i] += from->device[i];
      to->launches[i] += from->launches[i];
    }
  to->reads += from->reads;
  to->read_bytes += from->read_bytes;
  to->writes += from->writes;
  to->write_bytes += from->write_bytes;
  to->chunks += from->chunks;
  to->chunk_paths = MAX (to->chunk_paths, from->chunk_paths);
  to->paths_simulated += from->paths_simulated;
  to->replayed |= from->replayed;
  to->outputs_kept = from->outputs_kept;
  to->profiled = from->profiled;
  to->runs += from->runs;
}

static void
print_stats (const GwClStats *st)
{
  g_printerr ("gw-opencl: %-16s %10s %10s %8s\n", "phase", "wall ms", "device ms", "launches");
  for (guint i = 0; i < GW_CL_N_PHASES; i++)
    g_printerr ("gw-opencl: %-16s %10.1f %10.1f %8u\n", gw_cl_phase_label (i), st->wall[i] * 1e3,
                st->device[i] * 1e3, st->launches[i]);
  g_printerr ("gw-opencl: %u chunks of %u paths, %" G_GUINT64_FORMAT " paths simulated%s, "
              "%u launches, %u host reads (%" G_GUINT64_FORMAT " bytes), %u writes (%"
              G_GUINT64_FORMAT " bytes), outputs %s\n", st->chunks, st->chunk_paths,
              st->paths_simulated, st->replayed ? " (replayed)" : "", gw_cl_stats_launches (st),
              st->reads, st->read_bytes, st->writes, st->write_bytes,
              st->outputs_kept ? "kept on the device" : "read per chunk");
}

/* The run is over: its device times, and its stats to the collector and,
 * with opencl-timing, to stderr. */
static void
rec_free (Recorder *rec)
{
  if (rec == NULL)
    return;
  rec_phase (rec, rec->phase);
  rec_settle (rec);
  rec->st.runs = 1;
  rec->st.profiled = rec->profiling;
  g_mutex_lock (&stats_lock);
  if (stats_sink != NULL)
    stats_add (stats_sink, &rec->st);
  g_mutex_unlock (&stats_lock);
  if (timing_on ())
    print_stats (&rec->st);
  g_array_unref (rec->events);
  g_free (rec);
}

/* ------------------------------------------------------------------ */
/* Buffers and launches                                                */
/* ------------------------------------------------------------------ */

static cl_mem
make_buffer (Context    *c,
             cl_mem_flags flags,
             size_t      size,
             const void *host,
             GError    **error)
{
  cl_int err = CL_SUCCESS;
  cl_mem m;

  if (c->dev->max_alloc > 0 && size > c->dev->max_alloc)
    {
      cl_check (CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer", error);
      return NULL;
    }
  m = clCreateBuffer (c->context, flags | (host ? CL_MEM_COPY_HOST_PTR : 0), MAX (size, 4),
                      (void *) host, &err);
  if (!cl_check (err, "clCreateBuffer", error))
    return NULL;
  if (host != NULL && c->rec != NULL)
    {
      c->rec->st.writes++;
      c->rec->st.write_bytes += size;
    }
  return m;
}

/* Zeroes a buffer by writing zeros from the host (rather than
 * clEnqueueFillBuffer, which oclgrind's uninitialised-memory check does
 * not see). */
static gboolean
fill_zero (Context *c,
           cl_mem   m,
           size_t   size,
           GError **error)
{
  g_autofree void *zeros = g_malloc0 (size);

  if (c->rec != NULL)
    {
      c->rec->st.writes++;
      c->rec->st.write_bytes += size;
    }
  return cl_check (clEnqueueWriteBuffer (c->queue, m, CL_TRUE, 0, size, zeros, 0, NULL, NULL),
                   "clEnqueueWriteBuffer", error);
}

/* A 1-D launch of @global work-items (a multiple of *@local), counted in
 * @phase; @done (nullable) gets its event. */
static gboolean
launch (Context    *c,
        cl_kernel   k,
        size_t      global,
        size_t      local,
        GwClPhase   phase,
        cl_event   *done,
        const char *what,
        GError    **error)
{
  cl_event ev = NULL;
  gboolean want = done != NULL || (c->rec != NULL && c->rec->profiling);
  cl_int err = clEnqueueNDRangeKernel (c->queue, k, 1, NULL, &global, &local, 0, NULL,
                                       want ? &ev : NULL);

  if (!cl_check (err, what, error))
    return FALSE;
  if (c->rec != NULL)
    c->rec->st.launches[phase]++;
  if (done != NULL)
    {
      *done = ev;
      if (c->rec != NULL && c->rec->profiling)
        clRetainEvent (ev);
      else
        ev = NULL;
    }
  rec_command (c, ev, phase);
  return TRUE;
}

/* A host read, blocking or with its event in @done; every read counts in
 * GW_CL_PHASE_READS, whichever phase issues it. */
static gboolean
enqueue_read (Context  *c,
              cl_mem    m,
              gboolean  blocking,
              size_t    offset,
              size_t    size,
              void     *host,
              cl_event *done,
              GError  **error)
{
  cl_event ev = NULL;
  gboolean want = done != NULL || (c->rec != NULL && c->rec->profiling);
  cl_int err = clEnqueueReadBuffer (c->queue, m, blocking ? CL_TRUE : CL_FALSE, offset, size,
                                    host, 0, NULL, want ? &ev : NULL);

  if (!cl_check (err, "clEnqueueReadBuffer", error))
    return FALSE;
  if (c->rec != NULL)
    {
      c->rec->st.reads++;
      c->rec->st.read_bytes += size;
    }
  if (done != NULL)
    {
      *done = ev;
      if (c->rec != NULL && c->rec->profiling)
        clRetainEvent (ev);
      else
        ev = NULL;
    }
  rec_command (c, ev, GW_CL_PHASE_READS);
  return TRUE;
}

static gboolean
read_buffer (Context *c,
             cl_mem   m,
             size_t   offset,
             size_t   size,
             void    *host,
             GError **error)
{
  return enqueue_read (c, m, TRUE, offset, size, host, NULL, error);
}

#define SET_ARG(k, i, v) (err |= clSetKernelArg ((k), (i), sizeof (v), &(v)))

/* The simulation's buffers. Series values are per chunk (stride lanes per
 * column); scalars and inputs are per chunk too, or, when @whole, for
 * every path of the run (sstride and xstride lanes per row, path p in lane
 * p), so that nothing is read back before the run's end. */
typedef struct
{
  Context *c;
  Program *p;
  cl_mem   pi, pr;
  cl_mem   vals, scal, xin;
  guint32  key0, key1;
  guint    stride, sstride, xstride;
  gboolean whole;
} Sim;

/* Simulates paths [first, first + n) into lanes [0, n) of the chunk
 * buffers in one launch, the inputs of the first @n_xin of them too;
 * @done (nullable) gets the launch's event. */
static gboolean
simulate (Sim          *s,
          guint32       first,
          guint         n,
          int           mode,
          int           swing_slot,
          float         swing_u,
          guint         n_xin,
          GwClPhase     phase,
          GCancellable *cancellable,
          GError      **error)
{
  cl_kernel k = s->p->simulate;
  size_t wg = s->p->sim_wg;
  size_t items = (n + s->p->sim_w - 1) / s->p->sim_w;
  guint soff = s->whole ? first : 0;
  cl_int err = CL_SUCCESS;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  SET_ARG (k, 0, s->pi);
  SET_ARG (k, 1, s->pr);
  SET_ARG (k, 2, s->key0);
  SET_ARG (k, 3, s->key1);
  SET_ARG (k, 4, first);
  SET_ARG (k, 5, n);
  SET_ARG (k, 6, mode);
  SET_ARG (k, 7, swing_slot);
  SET_ARG (k, 8, swing_u);
  SET_ARG (k, 9, s->stride);
  SET_ARG (k, 10, s->vals);
  SET_ARG (k, 11, s->scal);
  SET_ARG (k, 12, s->sstride);
  SET_ARG (k, 13, soff);
  SET_ARG (k, 14, s->xin);
  SET_ARG (k, 15, s->xstride);
  SET_ARG (k, 16, soff);
  SET_ARG (k, 17, n_xin);
  if (!cl_check (err, "clSetKernelArg", error))
    return FALSE;
  if (s->c->rec != NULL)
    s->c->rec->st.paths_simulated += n;
  /* the whole chunk in one launch: the device schedules it better than
   * the host could */
  return launch (s->c, k, (items + wg - 1) / wg * wg, wg, phase, NULL, "gw_simulate", error);
}

static void
release_mem (cl_mem *m)
{
  if (*m != NULL)
    clReleaseMemObject (*m);
  *m = NULL;
}

/* Buffers for chunks of @stride paths; scalars and inputs for every path
 * when @whole (@n_paths of them, the inputs of @n_xin), else per chunk. */
static gboolean
sim_init (Sim          *s,
          Context      *c,
          Program      *p,
          const GwPlan *plan,
          guint         stride,
          gboolean      whole,
          guint         n_paths,
          guint         n_xin,
          GError      **error)
{
  g_autofree float *pr = g_new (float, MAX (plan->n_pr, 1));

  for (guint i = 0; i < plan->n_pr; i++)
    pr[i] = (float) plan->pr[i];
  s->c = c;
  s->p = p;
  s->key0 = plan->key[0];
  s->key1 = plan->key[1];
  s->stride = stride;
  s->whole = whole;
  s->sstride = whole ? n_paths : stride;
  s->xstride = whole ? n_xin : MIN (stride, n_xin);
  return (s->pi = make_buffer (c, CL_MEM_READ_ONLY, plan->n_pi * sizeof (int), plan->pi, error))
         && (s->pr = make_buffer (c, CL_MEM_READ_ONLY, plan->n_pr * sizeof (float), pr, error))
         && (s->vals = make_buffer (c, CL_MEM_READ_WRITE,
                                    (size_t) plan->n_cols * stride * sizeof (float), NULL, error))
         && (s->scal = make_buffer (c, CL_MEM_WRITE_ONLY,
                                    (size_t) plan->n_scalars * s->sstride * sizeof (float), NULL,
                                    error))
         && (s->xin = make_buffer (c, CL_MEM_WRITE_ONLY,
                                   (size_t) plan->K * s->xstride * sizeof (float), NULL, error));
}

static void
sim_clear (Sim *s)
{
  release_mem (&s->pi);
  release_mem (&s->pr);
  release_mem (&s->vals);
  release_mem (&s->scal);
  release_mem (&s->xin);
}

/* ------------------------------------------------------------------ */
/* Per-path entry points (parity tests, measurement)                   */
/* ------------------------------------------------------------------ */

/**
 * gw_opencl_paths:
 * @series: (out): n x n_cols values, path-major (column = series * T + t)
 * @scalars: (out): n x n_scalars values, path-major
 * @inputs: (out) (nullable): n x K sampled inputs, path-major
 *
 * Runs paths [@first, @first + @n) on the device and returns every output,
 * as gw_cpu_path() does for one path.
 */
gboolean
gw_opencl_paths (const GwPlan *plan,
                 int           device,
                 guint32       first,
                 guint         n,
                 gboolean      deterministic,
                 int           swing_slot,
                 double        swing_u,
                 double       *series,
                 double       *scalars,
                 double       *inputs,
                 GError      **error)
{
  Sim s = { 0 };
  Context *c;
  Program *p;
  gboolean ok = FALSE;
  g_autofree float *vals = NULL;
  g_autofree float *scal = NULL;
  g_autofree float *xin = NULL;

  g_return_val_if_fail (n > 0, FALSE);
  g_mutex_lock (&cl_lock);
  c = get_context (device, FALSE, error);
  p = c ? get_program (c, plan, error) : NULL;
  if (p != NULL && sim_init (&s, c, p, plan, n, FALSE, n, n, error)
      && simulate (&s, first, n, deterministic ? GW_MODE_DETERMINISTIC : GW_MODE_RANDOM,
                   swing_slot, swing_u, n, GW_CL_PHASE_PASS1, NULL, error))
    {
      vals = g_new (float, (gsize) plan->n_cols * n);
      scal = g_new (float, (gsize) plan->n_scalars * n);
      xin = g_new (float, (gsize) plan->K * n);
      ok = read_buffer (c, s.vals, 0, (gsize) plan->n_cols * n * sizeof (float), vals, error)
           && read_buffer (c, s.scal, 0, (gsize) plan->n_scalars * n * sizeof (float), scal,
                           error)
           && read_buffer (c, s.xin, 0, (gsize) plan->K * n * sizeof (float), xin, error);
    }
  sim_clear (&s);
  g_mutex_unlock (&cl_lock);
  if (!ok)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      for (guint col = 0; col < plan->n_cols; col++)
        series[(gsize) i * plan->n_cols + col] = vals[(gsize) col * n + i];
      for (guint x = 0; x < plan->n_scalars; x++)
        scalars[(gsize) i * plan->n_scalars + x] = scal[(gsize) x * n + i];
      if (inputs != NULL)
        for (guint k = 0; k < plan->K; k++)
          inputs[(gsize) i * plan->K + k] = xin[(gsize) k * n + i];
    }
  return TRUE;
}

/**
 * gw_opencl_philox:
 * @in: 6 @n words: counter[4], key[2] of each block
 * @out: (out): 4 @n words
 *
 * Philox4x32-10 on the device, for known-answer tests.
 */
gboolean
gw_opencl_philox (int            device,
                  const guint32 *in,
                  guint32       *out,
                  guint          n,
                  GError       **error)
{
  Context *c;
  Program *p;
  cl_mem din = NULL, dout = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&cl_lock);
  c = get_context (device, FALSE, error);
  p = c ? get_program (c, NULL, error) : NULL;
  if (p != NULL && (din = make_buffer (c, CL_MEM_READ_ONLY, 6 * n * sizeof (guint32), in, error))
      && (dout = make_buffer (c, CL_MEM_WRITE_ONLY, 4 * n * sizeof (guint32), NULL, error)))
    {
      cl_int err = CL_SUCCESS;
      size_t global = n;

      SET_ARG (p->philox, 0, din);
      SET_ARG (p->philox, 1, dout);
      SET_ARG (p->philox, 2, n);
      ok = cl_check (err, "clSetKernelArg", error)
           && cl_check (clEnqueueNDRangeKernel (c->queue, p->philox, 1, NULL, &global, NULL, 0,
                                                NULL, NULL), "gw_philox", error)
           && read_buffer (c, dout, 0, 4 * n * sizeof (guint32), out, error);
    }
  release_mem (&din);
  release_mem (&dout);
  g_mutex_unlock (&cl_lock);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

/* a bin whose values pass 2 collects (offset into collected) */
typedef GwCollectTarget Target;

typedef struct
{
  const GwPlan *plan;
  GwResults    *res;
  guint         N;
  float        *lo, *hi;
  guint32      *hist;        /* [n_cols][N_HIST] */
  Target       *targets;
  guint         n_targets;
  guint        *col_target0;
  float        *collected;
  guint32      *sub_hist;
} Stats;

static void
stats_clear (Stats *st)
{
  g_free (st->lo);
  g_free (st->hi);
  g_free (st->hist);
  g_free (st->targets);
  g_free (st->col_target0);
  g_free (st->collected);
  g_free (st->sub_hist);
}

/* After pass 1, as gw-cpu.c's plan_pass2(): the bins holding the order
 * statistics each quantile needs, and where their values go. */
static gsize
plan_targets (Stats  *st,
              gint8  *bin_target)
{
  const GwPlan *plan = st->plan;
  GwResults *res = st->res;
  guint N = st->N;
  GArray *targets = g_array_new (FALSE, TRUE, sizeof (Target));
  gsize ranks[2 * GW_N_QUANTILES], at;
  guint n_sub;

  memset (bin_target, -1, (gsize) plan->n_cols * N_HIST);
  st->col_target0 = g_new (guint, plan->n_cols);
  gw_quantile_ranks (N, ranks);
  for (guint c = 0; c < plan->n_cols; c++)
    {
      const guint32 *hist = st->hist + (gsize) c * N_HIST;
      GwSummary *sm = &res->series[c];
      guint n_col = 0;

      st->col_target0[c] = NO_OFFSET;
      for (guint i = 0; i < GW_N_QUANTILES; i++)
        {
          for (guint r = 2 * i; r < 2 * i + 2; r++)
            {
              gsize below = 0;
              guint bin = 0;
              Target t = { 0 };

              while (below + hist[bin] <= ranks[r])
                below += hist[bin++];
              if (sm->min == sm->max || bin == BIN_LO || bin == BIN_HI)
                continue;
              if (bin == BIN_BELOW && ranks[r] == 0)
                continue;
              if (bin == BIN_ABOVE && ranks[r] == N - 1)
                continue;
              if (bin_target[(gsize) c * N_HIST + bin] >= 0)
                continue;
              t.col = c;
              t.bin = bin;
              t.below = below;
              t.count = hist[bin];
              if (st->col_target0[c] == NO_OFFSET)
                st->col_target0[c] = targets->len;
              bin_target[(gsize) c * N_HIST + bin] = n_col++;
              g_array_append_val (targets, t);
            }
        }
    }
  st->n_targets = targets->len;
  st->targets = (Target *) g_array_free (targets, FALSE);
  /* over budget, the largest bins get sub-histograms */
  at = gw_collect_plan (st->targets, st->n_targets, COLLECT_BUDGET, &n_sub);
  if (n_sub > 0)
    st->sub_hist = g_new0 (guint32, (gsize) n_sub * SUB_BINS);
  return at;
}

static gsize
n_sub_targets (const Stats *st)
{
  gsize n = 0;

  for (guint i = 0; i < st->n_targets; i++)
    if (st->targets[i].offset == GW_COLLECT_SUB)
      n++;
  return n;
}

static double
order_statistic (Stats *st,
                 guint  c,
                 gsize  rank)
{
  const GwSummary *sm = &st->res->series[c];
  const guint32 *hist = st->hist + (gsize) c * N_HIST;

  if (sm->min == sm->max || rank == 0)
    return sm->min;
  if (rank == st->N - 1)
    return sm->max;
  for (guint i = st->col_target0[c];
       st->col_target0[c] != NO_OFFSET && i < st->n_targets && st->targets[i].col == c; i++)
    {
      Target *t = &st->targets[i];

      if (rank >= t->below && rank < t->below + t->count)
        {
          gsize r = rank - t->below;

          if (t->offset != GW_COLLECT_SUB)
            {
              g_autofree double *v = g_new (double, t->count);

              for (guint k = 0; k < t->count; k++)
                v[k] = st->collected[t->offset + k];
              gw_select_kth (v, t->count, r);
              return v[r];
            }
          else
            {
              const guint32 *sh = st->sub_hist + (gsize) t->sub * SUB_BINS;
              double width = ((double) st->hi[c] - st->lo[c]) / N_BINS;
              double bin_lo = st->lo[c] + (t->bin - 2.0) * width;
              gsize below = 0;
              guint s = 0;

              while (s < SUB_BINS - 1 && below + sh[s] <= r)
                below += sh[s++];
              st->res->n_approximate++;
              return bin_lo + width * (s + (r - below + 0.5) / MAX (sh[s], 1)) / SUB_BINS;
            }
        }
    }
  return rank < (gsize) hist[BIN_BELOW] + hist[BIN_LO] ? st->lo[c] : st->hi[c];
}

typedef struct
{
  Context      *c;
  Program      *p;
  Recorder     *rec;
  Sim           sim;
  Stats         st;
  guint         N;
  guint         chunk;
  guint         n_chunks;
  gboolean      keep;            /* one chunk holds every path: no replay */
  guint         n_input_paths;
  float        *stage;           /* two halves for rows of scalars or inputs */
  gsize         stage_floats;
  GCancellable *cancellable;
  GwProgressFunc progress;
  gpointer      progress_data;
  cl_mem        lo, hi, iw, shift, hist, part;
  cl_mem        bin_target, col_target0, tinfo, fill, collected, sub_hist, overflow;
} Run;

/* How a run is cut for its device. */
typedef struct
{
  guint    chunk;             /* paths per chunk */
  guint    n_chunks;
  guint    stride;            /* lanes per column of a chunk's buffer */
  gboolean whole;             /* scalars and inputs of every path stay on the device */
} Sizing;

/* The device's global memory, or GW_OPENCL_DEVICE_MEM's pretence. */
static guint64
device_memory (const GwClDevice *dev)
{
  guint64 forced = gw_debug ()->opencl_device_mem;

  return forced > 0 ? MIN (forced, dev->global_mem) : dev->global_mem;
}

/* Sizes a run of @N paths by the device: a chunk's values take at most a
 * quarter of its global memory within one allocation, so that on a large
 * GPU 10^6 paths are one chunk and pass 2 replays nothing. A CPU device's
 * memory is the host's: a run in one chunk takes at most CPU_CHUNK_BYTES
 * (10^4 paths of the Baseline), and a run that needs several, which
 * replays anyway, chunks of half that (the chunk size does not change
 * PoCL's throughput, only the memory). The scalars and inputs of every path
 * stay on the device when they take at most an eighth of it. A run of
 * several chunks is cut into equal ones. */
static void
size_run (const GwClDevice *dev,
          const GwPlan     *plan,
          guint             N,
          guint             n_input_paths,
          Sizing           *sz)
{
  guint64 force = gw_debug ()->opencl_chunk;   /* tests: small chunks */
  guint64 global = device_memory (dev);
  guint64 alloc = dev->max_alloc > 0 ? MIN (dev->max_alloc, global) : global;
  guint64 per_path = (guint64) plan->n_cols * sizeof (float);
  guint64 budget = MIN (global / 4, alloc);
  guint64 outputs = MIN (global / 8, alloc);
  guint64 max_chunk;

  if (dev->kind == GW_CL_KIND_CPU)
    {
      budget = MIN (budget, CPU_CHUNK_BYTES);
      if ((guint64) N * per_path > budget)
        budget /= 2;
    }
  max_chunk = MAX (CHUNK_ALIGN, budget / MAX (per_path, 1) / CHUNK_ALIGN * CHUNK_ALIGN);
  if (force > 0)
    max_chunk = force;
  max_chunk = MIN (max_chunk, (guint64) G_MAXUINT32 / 2);
  sz->n_chunks = (N + max_chunk - 1) / max_chunk;
  sz->chunk = (N + sz->n_chunks - 1) / sz->n_chunks;
  if (sz->n_chunks > 1 && force == 0)
    {
      /* chunks that start on aligned lanes, no longer than the budget */
      sz->chunk = (sz->chunk + CHUNK_ALIGN - 1) / CHUNK_ALIGN * CHUNK_ALIGN;
      sz->n_chunks = (N + sz->chunk - 1) / sz->chunk;
    }
  sz->stride = sz->n_chunks > 1 || force > 0 ? sz->chunk
               : (sz->chunk + 63) / 64 * 64;
  sz->whole = (guint64) N * plan->n_scalars * sizeof (float) <= outputs
              && (guint64) n_input_paths * plan->K * sizeof (float) <= outputs;
}

static void
report (Run    *run,
        double  f)
{
  if (run->progress != NULL)
    run->progress (f, run->progress_data);
}

/* Rows of a row-major float buffer coming back to the host, two reads in
 * flight at most, one per half of the run's stage. */
typedef struct
{
  Run         *run;
  cl_mem       m;
  const guint *rows;          /* nullable: rows 0, 1, ... */
  guint        n_rows;
  gsize        row_stride;
  gsize        from;
  guint        count;
  gsize        cap;           /* floats per half of the stage */
  guint        next;          /* the first row not yet asked for */
  cl_event     ev[2];
  guint        at[2], len[2]; /* rows of each half's read */
} RowReader;

/* Asks for the next rows into half @s: whole rows that follow each other
 * in the buffer in one read, as many as the half holds. */
static gboolean
row_reader_ask (RowReader *rr,
                guint      s,
                GError   **error)
{
  gsize row;
  guint n = 1;

  rr->len[s] = 0;
  if (rr->next >= rr->n_rows)
    return TRUE;
#define ROW(i) (rr->rows != NULL ? (gsize) rr->rows[i] : (gsize) (i))
  row = ROW (rr->next);
  while (rr->from == 0 && rr->count == rr->row_stride && rr->next + n < rr->n_rows
         && ROW (rr->next + n) == row + n && (gsize) (n + 1) * rr->count <= rr->cap)
    n++;
#undef ROW
  rr->at[s] = rr->next;
  rr->len[s] = n;
  rr->next += n;
  return enqueue_read (rr->run->c, rr->m, FALSE, (row * rr->row_stride + rr->from) * sizeof (float),
                       (gsize) n * rr->count * sizeof (float), rr->run->stage + s * rr->cap,
                       &rr->ev[s], error);
}

/* Rows @rows[r] (or r) of a row-major float buffer, @count floats from
 * lane @from of rows @row_stride lanes apart, into @dst + r * @dst_stride
 * as doubles; each read is in flight while the one before is converted. */
static gboolean
read_rows (Run         *run,
           cl_mem       m,
           const guint *rows,
           guint        n_rows,
           gsize        row_stride,
           gsize        from,
           guint        count,
           double      *dst,
           gsize        dst_stride,
           GError     **error)
{
  RowReader rr = { run, m, rows, n_rows, row_stride, from, count, run->stage_floats / 2 };
  gboolean ok;

  if (n_rows == 0 || count == 0)
    return TRUE;
  g_assert (count <= rr.cap);
  ok = row_reader_ask (&rr, 0, error);
  for (guint k = 0; ok && rr.len[k & 1] > 0; k++)
    {
      guint b = k & 1;
      const float *stage = run->stage + b * rr.cap;

      ok = row_reader_ask (&rr, b ^ 1, error)
           && cl_check (clWaitForEvents (1, &rr.ev[b]), "clWaitForEvents", error);
      g_clear_pointer (&rr.ev[b], clReleaseEvent);
      for (guint r = 0; r < rr.len[b] && ok; r++)
        for (guint i = 0; i < count; i++)
          dst[(gsize) (rr.at[b] + r) * dst_stride + i] = stage[(gsize) r * count + i];
    }
  if (!ok)
    clFinish (run->c->queue);   /* nothing may still write into the stage */
  g_clear_pointer (&rr.ev[0], clReleaseEvent);
  g_clear_pointer (&rr.ev[1], clReleaseEvent);
  return ok;
}

/* Scalars (and inputs kept for sensitivity) of paths [first, first + m). */
static gboolean
read_outputs (Run     *run,
              guint    first,
              guint    m,
              GError **error)
{
  const GwPlan *plan = run->st.plan;
  GwResults *res = run->st.res;
  Sim *s = &run->sim;
  gsize lane = s->whole ? first : 0;

  if (!read_rows (run, s->scal, NULL, plan->n_scalars, s->sstride, lane, m,
                  res->scalar_values + first, run->N, error))
    return FALSE;
  if (first < run->n_input_paths
      && !read_rows (run, s->xin, res->input_slots, res->n_inputs, s->xstride, lane,
                     MIN (m, run->n_input_paths - first), res->inputs + first,
                     res->n_input_paths, error))
    return FALSE;
  return TRUE;
}

static gboolean
launch_columns (Run       *run,
                cl_kernel  k,
                GwClPhase  phase,
                cl_event  *done,
                GError   **error)
{
  size_t wg = run->p->red_wg;

  return launch (run->c, k, (size_t) run->st.plan->n_cols * wg, wg, phase, done,
                 "clEnqueueNDRangeKernel", error);
}

static gboolean
pass1 (Run      *run,
       guint     m,
       gboolean  accumulate,
       cl_event *done,
       GError  **error)
{
  cl_kernel k = run->p->pass1;
  cl_int err = CL_SUCCESS;
  size_t wg = run->p->red_wg;
  cl_uint acc = accumulate ? 1 : 0;

  SET_ARG (k, 0, run->sim.vals);
  SET_ARG (k, 1, run->sim.stride);
  SET_ARG (k, 2, m);
  SET_ARG (k, 3, run->lo);
  SET_ARG (k, 4, run->hi);
  SET_ARG (k, 5, run->iw);
  SET_ARG (k, 6, run->shift);
  SET_ARG (k, 7, run->hist);
  SET_ARG (k, 8, run->part);
  SET_ARG (k, 9, acc);
  err |= clSetKernelArg (k, 10, N_HIST * sizeof (cl_uint), NULL);
  err |= clSetKernelArg (k, 11, 6 * wg * sizeof (float), NULL);
  return cl_check (err, "clSetKernelArg", error)
         && launch_columns (run, k, GW_CL_PHASE_PASS1, done, error);
}

static gboolean
pilot (Run     *run,
       guint    n_pilot,
       GError **error)
{
  cl_kernel k = run->p->minmax;
  cl_int err = CL_SUCCESS;
  size_t wg = run->p->red_wg;

  SET_ARG (k, 0, run->sim.vals);
  SET_ARG (k, 1, run->sim.stride);
  SET_ARG (k, 2, n_pilot);
  SET_ARG (k, 3, run->lo);
  SET_ARG (k, 4, run->hi);
  SET_ARG (k, 5, run->iw);
  err |= clSetKernelArg (k, 6, wg * sizeof (float), NULL);
  err |= clSetKernelArg (k, 7, wg * sizeof (float), NULL);
  return cl_check (err, "clSetKernelArg", error)
         && launch_columns (run, k, GW_CL_PHASE_PILOT, NULL, error);
}

static gboolean
collect (Run      *run,
         guint     m,
         cl_event *done,
         GError  **error)
{
  cl_kernel k = run->p->collect;
  cl_int err = CL_SUCCESS;

  SET_ARG (k, 0, run->sim.vals);
  SET_ARG (k, 1, run->sim.stride);
  SET_ARG (k, 2, m);
  SET_ARG (k, 3, run->lo);
  SET_ARG (k, 4, run->hi);
  SET_ARG (k, 5, run->iw);
  SET_ARG (k, 6, run->bin_target);
  SET_ARG (k, 7, run->col_target0);
  SET_ARG (k, 8, run->tinfo);
  SET_ARG (k, 9, run->fill);
  SET_ARG (k, 10, run->collected);
  SET_ARG (k, 11, run->sub_hist);
  SET_ARG (k, 12, run->overflow);
  return cl_check (err, "clSetKernelArg", error)
         && launch_columns (run, k, GW_CL_PHASE_PASS2, done, error);
}

/* The host runs ahead of the device by at most two chunks: before it
 * enqueues another, it waits for the one two back (whose event is in
 * @slot), for progress and cancellation, never for a read. */
static gboolean
wait_chunk (Run      *run,
            cl_event *slot,
            GError  **error)
{
  gboolean ok = TRUE;

  if (*slot != NULL)
    ok = cl_check (clWaitForEvents (1, slot), "clWaitForEvents", error);
  g_clear_pointer (slot, clReleaseEvent);
  return ok;
}

/* Small runs: every value comes back and is selected on the host. */
static gboolean
run_small (Run     *run,
           GError **error)
{
  const GwPlan *plan = run->st.plan;
  GwResults *res = run->st.res;
  guint N = run->N;
  g_autofree float *vals = g_new (float, (gsize) plan->n_cols * run->sim.stride);
  g_autofree double *v = g_new (double, N);

  rec_phase (run->rec, GW_CL_PHASE_PASS1);
  if (!simulate (&run->sim, 0, N, GW_MODE_RANDOM, -1, 0, run->n_input_paths, GW_CL_PHASE_PASS1,
                 run->cancellable, error)
      || !cl_check (injected_fault (), "gw_simulate", error)
      || !cl_check (clFinish (run->c->queue), "clFinish", error))
    return FALSE;
  rec_phase (run->rec, GW_CL_PHASE_READS);
  if (!read_buffer (run->c, run->sim.vals, 0,
                    (gsize) plan->n_cols * run->sim.stride * sizeof (float), vals, error)
      || !read_outputs (run, 0, N, error))
    return FALSE;
  rec_phase (run->rec, GW_CL_PHASE_STATS);
  for (guint c = 0; c < plan->n_cols; c++)
    {
      for (guint i = 0; i < N; i++)
        v[i] = vals[(gsize) c * run->sim.stride + i];
      gw_summary_from_values (&res->series[c], v, N);
    }
  return TRUE;
}

static gboolean
run_passes (Run     *run,
            GError **error)
{
  const GwPlan *plan = run->st.plan;
  GwResults *res = run->st.res;
  Stats *st = &run->st;
  Context *c = run->c;
  guint n_cols = plan->n_cols;
  guint N = run->N;
  g_autofree float *shift = g_new (float, n_cols);
  g_autofree float *part = g_new (float, (gsize) n_cols * 6);
  g_autofree gint8 *bin_target = NULL;
  g_autofree guint32 *tinfo = NULL;
  g_autofree guint32 *fill = NULL;
  guint n_pilot = MIN (N_PILOT, MIN (N, run->chunk));
  gsize n_collect;
  guint32 overflow = 0;
  cl_event ahead[2] = { NULL, NULL };
  gboolean ok = FALSE;

  for (guint col = 0; col < n_cols; col++)
    shift[col] = isfinite (res->det_series[col]) ? (float) res->det_series[col] : 0;
  st->lo = g_new (float, n_cols);
  st->hi = g_new (float, n_cols);
  if (!(run->lo = make_buffer (c, CL_MEM_READ_WRITE, n_cols * sizeof (float), NULL, error))
      || !(run->hi = make_buffer (c, CL_MEM_READ_WRITE, n_cols * sizeof (float), NULL, error))
      || !(run->iw = make_buffer (c, CL_MEM_READ_WRITE, n_cols * sizeof (float), NULL, error))
      || !(run->shift = make_buffer (c, CL_MEM_READ_ONLY, n_cols * sizeof (float), shift, error))
      || !(run->hist = make_buffer (c, CL_MEM_READ_WRITE,
                                    (gsize) n_cols * N_HIST * sizeof (cl_uint), NULL, error))
      || !(run->part = make_buffer (c, CL_MEM_READ_WRITE, (gsize) n_cols * 6 * sizeof (float),
                                    NULL, error)))
    return FALSE;

  /* Pass 1; the first chunk also gives the pilot ranges. Nothing comes
   * back until the last chunk is reduced. */
  rec_phase (run->rec, GW_CL_PHASE_PASS1);
  for (guint ch = 0; ch < run->n_chunks; ch++)
    {
      guint first = ch * run->chunk;
      guint m = MIN (run->chunk, N - first);

      if (!wait_chunk (run, &ahead[ch & 1], error))
        goto out;
      if (ch >= 2)
        report (run, 0.02 + 0.5 * (first - run->chunk) / N);
      if (!simulate (&run->sim, first, m, GW_MODE_RANDOM, -1, 0,
                     first < run->n_input_paths ? MIN (m, run->n_input_paths - first) : 0,
                     GW_CL_PHASE_PASS1, run->cancellable, error))
        goto out;
      if (ch == 0)
        {
          rec_phase (run->rec, GW_CL_PHASE_PILOT);
          if (!pilot (run, n_pilot, error) || !cl_check (injected_fault (), "gw_simulate", error))
            goto out;
          rec_phase (run->rec, GW_CL_PHASE_PASS1);
        }
      if (!pass1 (run, m, ch > 0, &ahead[ch & 1], error))
        goto out;
      /* scalars that cannot stay on the device come back per chunk */
      if (!run->sim.whole)
        {
          rec_phase (run->rec, GW_CL_PHASE_READS);
          if (!read_outputs (run, first, m, error))
            goto out;
          rec_phase (run->rec, GW_CL_PHASE_PASS1);
        }
      clFlush (c->queue);
    }
  if (!wait_chunk (run, &ahead[0], error) || !wait_chunk (run, &ahead[1], error)
      || !cl_check (clFinish (c->queue), "clFinish", error))
    goto out;
  report (run, run->keep ? 0.9 : 0.52);

  rec_phase (run->rec, GW_CL_PHASE_READS);
  st->hist = g_new (guint32, (gsize) n_cols * N_HIST);
  if (!read_buffer (c, run->part, 0, (gsize) n_cols * 6 * sizeof (float), part, error)
      || !read_buffer (c, run->lo, 0, n_cols * sizeof (float), st->lo, error)
      || !read_buffer (c, run->hi, 0, n_cols * sizeof (float), st->hi, error)
      || !read_buffer (c, run->hist, 0, (gsize) n_cols * N_HIST * sizeof (cl_uint), st->hist,
                       error))
    goto out;
  rec_phase (run->rec, GW_CL_PHASE_STATS);
  for (guint col = 0; col < n_cols; col++)
    {
      const float *q = part + (gsize) col * 6;
      GwSummary *sm = &res->series[col];
      double s1 = (double) q[0] - q[1], s2 = (double) q[2] - q[3];

      sm->min = q[4];
      sm->max = q[5];
      sm->mean = shift[col] + s1 / N;
      sm->sd = N > 1 ? sqrt (MAX (0, (s2 - s1 * s1 / N) / (N - 1))) : 0;
    }
  bin_target = g_new (gint8, (gsize) n_cols * N_HIST);
  n_collect = plan_targets (st, bin_target);

  /* Pass 2 */
  rec_phase (run->rec, GW_CL_PHASE_PASS2);
  tinfo = g_new0 (guint32, 4 * (gsize) MAX (st->n_targets, 1));
  for (guint i = 0; i < st->n_targets; i++)
    {
      tinfo[4 * i] = st->targets[i].offset != GW_COLLECT_SUB ? (guint32) st->targets[i].offset
                                                             : NO_OFFSET;
      tinfo[4 * i + 1] = st->targets[i].count;
      tinfo[4 * i + 2] = st->targets[i].sub;
    }
  st->collected = g_new (float, MAX (n_collect, 1));
  if (st->sub_hist == NULL)
    st->sub_hist = g_new0 (guint32, SUB_BINS);
  if (!(run->bin_target = make_buffer (c, CL_MEM_READ_ONLY, (gsize) n_cols * N_HIST, bin_target,
                                       error))
      || !(run->col_target0 = make_buffer (c, CL_MEM_READ_ONLY, n_cols * sizeof (guint32),
                                           st->col_target0, error))
      || !(run->tinfo = make_buffer (c, CL_MEM_READ_ONLY,
                                     4 * (gsize) MAX (st->n_targets, 1) * sizeof (guint32), tinfo,
                                     error))
      || !(run->fill = make_buffer (c, CL_MEM_READ_WRITE,
                                    (gsize) MAX (st->n_targets, 1) * sizeof (guint32), NULL,
                                    error))
      || !(run->collected = make_buffer (c, CL_MEM_READ_WRITE, MAX (n_collect, 1) * sizeof (float),
                                         NULL, error))
      || !(run->sub_hist = make_buffer (c, CL_MEM_READ_WRITE,
                                        MAX (n_sub_targets (st), 1) * SUB_BINS * sizeof (guint32),
                                        NULL, error))
      || !(run->overflow = make_buffer (c, CL_MEM_READ_WRITE, sizeof (guint32), NULL, error))
      || !fill_zero (c, run->fill, (gsize) MAX (st->n_targets, 1) * sizeof (guint32), error)
      || !fill_zero (c, run->sub_hist, MAX (n_sub_targets (st), 1) * SUB_BINS * sizeof (guint32),
                     error)
      || !fill_zero (c, run->overflow, sizeof (guint32), error))
    goto out;

  for (guint ch = 0; ch < run->n_chunks; ch++)
    {
      guint first = ch * run->chunk;
      guint m = MIN (run->chunk, N - first);

      if (!wait_chunk (run, &ahead[ch & 1], error))
        goto out;
      if (ch >= 2)
        report (run, 0.52 + 0.46 * (first - run->chunk) / N);
      if (!run->keep
          && !simulate (&run->sim, first, m, GW_MODE_RANDOM, -1, 0, 0, GW_CL_PHASE_PASS2,
                        run->cancellable, error))
        goto out;
      if (!collect (run, m, &ahead[ch & 1], error))
        goto out;
      clFlush (c->queue);
    }
  if (!wait_chunk (run, &ahead[0], error) || !wait_chunk (run, &ahead[1], error)
      || !cl_check (clFinish (c->queue), "clFinish", error))
    goto out;
  report (run, 0.98);

  rec_phase (run->rec, GW_CL_PHASE_READS);
  fill = g_new (guint32, MAX (st->n_targets, 1));
  if (!read_buffer (c, run->fill, 0, (gsize) MAX (st->n_targets, 1) * sizeof (guint32), fill,
                    error)
      || !read_buffer (c, run->collected, 0, MAX (n_collect, 1) * sizeof (float), st->collected,
                       error)
      || !read_buffer (c, run->sub_hist, 0,
                       MAX (n_sub_targets (st), 1) * SUB_BINS * sizeof (guint32), st->sub_hist,
                       error)
      || !read_buffer (c, run->overflow, 0, sizeof (guint32), &overflow, error))
    goto out;
  if (run->sim.whole && !read_outputs (run, 0, N, error))
    goto out;

  rec_phase (run->rec, GW_CL_PHASE_STATS);
  /* The replay must see exactly the values pass 1 counted: never a wrong
   * number silently. */
  for (guint i = 0; i < st->n_targets && overflow == 0; i++)
    if (st->targets[i].offset != GW_COLLECT_SUB && fill[i] != st->targets[i].count)
      overflow = 1;
  if (overflow != 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL device gave different values when it replayed the paths."));
      goto out;
    }
  for (guint col = 0; col < n_cols; col++)
    {
      GwSummary *sm = &res->series[col];

      for (guint i = 0; i < GW_N_QUANTILES; i++)
        {
          double h = (N - 1) * gw_quantile_levels[i];
          gsize k = (gsize) floor (h);
          double a = order_statistic (st, col, k);
          double b = k + 1 < N ? order_statistic (st, col, k + 1) : a;

          sm->q[i] = a + (h - k) * (b - a);
        }
    }
  ok = TRUE;

out:
  if (!ok)
    clFinish (c->queue);
  g_clear_pointer (&ahead[0], clReleaseEvent);
  g_clear_pointer (&ahead[1], clReleaseEvent);
  return ok;
}

static void
run_clear (Run *run)
{
  sim_clear (&run->sim);
  release_mem (&run->lo);
  release_mem (&run->hi);
  release_mem (&run->iw);
  release_mem (&run->shift);
  release_mem (&run->hist);
  release_mem (&run->part);
  release_mem (&run->bin_target);
  release_mem (&run->col_target0);
  release_mem (&run->tinfo);
  release_mem (&run->fill);
  release_mem (&run->collected);
  release_mem (&run->sub_hist);
  release_mem (&run->overflow);
  stats_clear (&run->st);
  g_free (run->stage);
}

/**
 * gw_opencl_run:
 * @plan: (transfer full): the plan; the results own it. On failure the
 *   plan is left to the caller (so it can fall back to the CPU engine).
 * @device: the device index, -1 for the best
 *
 * Runs @n_paths paths on an OpenCL device and summarises them as
 * gw_cpu_run() does.
 *
 * Returns: (transfer full): the results, or %NULL with @error set
 */
GwResults *
gw_opencl_run (GwPlan         *plan,
               guint           n_paths,
               gboolean        deterministic,
               int             device,
               guint           input_paths,
               GCancellable   *cancellable,
               GwProgressFunc  progress,
               gpointer        progress_data,
               GError        **error)
{
  GwResults *res;
  Run run = { 0 };
  Sizing sz;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;
  guint n_cols = plan->n_cols;

  if (deterministic)
    n_paths = 1;
  run.rec = deterministic ? NULL : rec_new ();
  g_mutex_lock (&cl_lock);
  run.c = get_context (device, run.rec != NULL, error);
  if (run.c != NULL)
    {
      run.c->rec = run.rec;
      if (run.rec != NULL)
        run.rec->profiling = run.c->profiling;
    }
  rec_phase (run.rec, GW_CL_PHASE_BUILD);
  run.p = run.c ? get_program (run.c, plan, error) : NULL;
  if (run.p == NULL)
    {
      if (run.c != NULL)
        run.c->rec = NULL;
      g_mutex_unlock (&cl_lock);
      g_clear_pointer (&run.rec, rec_free);
      return NULL;
    }

  rec_phase (run.rec, GW_CL_PHASE_SETUP);
  res = gw_results_new (plan, n_paths);
  res->deterministic = deterministic;
  res->engine = g_strdup ("opencl");
  res->device = g_strdup_printf (_("%s (OpenCL, %s)"), run.c->dev->name, run.c->dev->platform);
  res->threads = run.c->dev->compute_units;
  gw_cpu_path (plan, 0, TRUE, -1, 0, res->det_series, res->det_scalars, NULL);

  if (deterministic)
    {
      g_mutex_unlock (&cl_lock);
      for (guint c = 0; c < n_cols; c++)
        gw_summary_from_values (&res->series[c], &res->det_series[c], 1);
      for (guint x = 0; x < plan->n_scalars; x++)
        gw_summary_from_values (&res->scalars[x], &res->det_scalars[x], 1);
      res->seconds = (g_get_monotonic_time () - t0) / 1e6;
      return res;
    }

  res->n_input_paths = MIN (n_paths, input_paths == 0 ? 100000 : input_paths);
  res->input_slots = g_new (guint, plan->K);
  for (guint k = 0; k < plan->K; k++)
    if (gw_plan_slot_uncertain (plan, k))
      res->input_slots[res->n_inputs++] = k;
  res->inputs = g_new0 (double, (gsize) res->n_inputs * res->n_input_paths + 1);

  run.st.plan = plan;
  run.st.res = res;
  run.st.N = run.N = n_paths;
  run.cancellable = cancellable;
  run.progress = progress;
  run.progress_data = progress_data;
  run.n_input_paths = res->n_input_paths;
  size_run (run.c->dev, plan, n_paths, run.n_input_paths, &sz);
  run.chunk = sz.chunk;
  run.n_chunks = sz.n_chunks;
  run.keep = run.n_chunks == 1;
  /* a row is as long as the run when every path's stay on the device;
   * several rows in one read, up to STAGE_FLOATS */
  {
    gsize row = sz.whole ? MAX (n_paths, run.n_input_paths) : sz.chunk;

    run.stage_floats = 2 * MAX (row, MIN (STAGE_FLOATS, row * MAX (plan->n_scalars, plan->K)));
  }
  run.stage = g_new (float, run.stage_floats);
  if (run.rec != NULL)
    {
      run.rec->st.chunks = run.n_chunks;
      run.rec->st.chunk_paths = run.chunk;
      run.rec->st.replayed = !run.keep;
      run.rec->st.outputs_kept = sz.whole;
    }

  ok = sim_init (&run.sim, run.c, run.p, plan, sz.stride, sz.whole, n_paths, run.n_input_paths,
                 error);
  if (ok)
    ok = (n_paths <= N_PILOT && run.keep && gw_debug ()->opencl_chunk == 0)
         ? run_small (&run, error) : run_passes (&run, error);
  run_clear (&run);
  if (run.rec != NULL)
    {
      clFinish (run.c->queue);
      rec_settle (run.rec);
    }
  run.c->rec = NULL;
  g_mutex_unlock (&cl_lock);
  if (!ok)
    {
      res->plan = NULL;         /* the caller's again */
      gw_results_unref (res);
      g_clear_pointer (&run.rec, rec_free);
      return NULL;
    }
  rec_phase (run.rec, GW_CL_PHASE_STATS);
  gw_results_summarise_scalars (res);
  g_clear_pointer (&run.rec, rec_free);
  report (&run, 1.0);
  res->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return res;
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
