/* gw-opencl-queue.c: the commands of an OpenCL run, and what they cost
 *
 * Every buffer, launch and host read of the engine goes through here, so a
 * run's GwClRecorder counts each one in its phase and, when the queue
 * profiles, keeps its event for the device time; at the run's end the
 * counts go to the collector (gw_opencl_collect_stats()) and, with
 * GIGAWATT_DEBUG=opencl-timing, to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-opencl-private.h"
#include "gw-debug.h"

/* ------------------------------------------------------------------ */
/* What a run costs (GwClStats, GIGAWATT_DEBUG=opencl-timing)          */
/* ------------------------------------------------------------------ */

typedef struct
{
  cl_event  event;
  GwClPhase phase;
} Pending;

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
GwClRecorder *
gw_cl_rec_new (void)
{
  GwClRecorder *rec;
  gboolean on;

  g_mutex_lock (&stats_lock);
  on = stats_sink != NULL;
  g_mutex_unlock (&stats_lock);
  if (!on && !timing_on ())
    return NULL;
  rec = g_new0 (GwClRecorder, 1);
  rec->phase = GW_CL_PHASE_CONTEXT;
  rec->t0 = g_get_monotonic_time ();
  rec->events = g_array_new (FALSE, FALSE, sizeof (Pending));
  return rec;
}

/* Ends the phase the host was in and starts @phase. */
void
gw_cl_rec_phase (GwClRecorder *rec,
                 GwClPhase     phase)
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
rec_command (GwClContext *c,
             cl_event     event,
             GwClPhase    phase)
{
  GwClRecorder *rec = c->rec;

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
void
gw_cl_rec_settle (GwClRecorder *rec)
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
void
gw_cl_rec_free (GwClRecorder *rec)
{
  if (rec == NULL)
    return;
  gw_cl_rec_phase (rec, rec->phase);
  gw_cl_rec_settle (rec);
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

cl_mem
gw_cl_make_buffer (GwClContext *c,
                   cl_mem_flags flags,
                   size_t       size,
                   const void  *host,
                   GError     **error)
{
  cl_int err = CL_SUCCESS;
  cl_mem m;

  if (c->dev->max_alloc > 0 && size > c->dev->max_alloc)
    {
      gw_cl_check (CL_MEM_OBJECT_ALLOCATION_FAILURE, "clCreateBuffer", error);
      return NULL;
    }
  m = clCreateBuffer (c->context, flags | (host ? CL_MEM_COPY_HOST_PTR : 0), MAX (size, 4),
                      (void *) host, &err);
  if (!gw_cl_check (err, "clCreateBuffer", error))
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
gboolean
gw_cl_fill_zero (GwClContext *c,
                 cl_mem       m,
                 size_t       size,
                 GError     **error)
{
  g_autofree void *zeros = g_malloc0 (size);

  if (c->rec != NULL)
    {
      c->rec->st.writes++;
      c->rec->st.write_bytes += size;
    }
  return gw_cl_check (clEnqueueWriteBuffer (c->queue, m, CL_TRUE, 0, size, zeros, 0, NULL, NULL),
                      "clEnqueueWriteBuffer", error);
}

/* A 1-D launch of @global work-items (a multiple of *@local), counted in
 * @phase; @done (nullable) gets its event. */
gboolean
gw_cl_launch (GwClContext *c,
              cl_kernel    k,
              size_t       global,
              size_t       local,
              GwClPhase    phase,
              cl_event    *done,
              const char  *what,
              GError     **error)
{
  cl_event ev = NULL;
  gboolean want = done != NULL || (c->rec != NULL && c->rec->profiling);
  cl_int err = clEnqueueNDRangeKernel (c->queue, k, 1, NULL, &global, &local, 0, NULL,
                                       want ? &ev : NULL);

  if (!gw_cl_check (err, what, error))
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
gboolean
gw_cl_enqueue_read (GwClContext *c,
                    cl_mem       m,
                    gboolean     blocking,
                    size_t       offset,
                    size_t       size,
                    void        *host,
                    cl_event    *done,
                    GError     **error)
{
  cl_event ev = NULL;
  gboolean want = done != NULL || (c->rec != NULL && c->rec->profiling);
  cl_int err = clEnqueueReadBuffer (c->queue, m, blocking ? CL_TRUE : CL_FALSE, offset, size,
                                    host, 0, NULL, want ? &ev : NULL);

  if (!gw_cl_check (err, "clEnqueueReadBuffer", error))
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

gboolean
gw_cl_read_buffer (GwClContext *c,
                   cl_mem       m,
                   size_t       offset,
                   size_t       size,
                   void        *host,
                   GError     **error)
{
  return gw_cl_enqueue_read (c, m, TRUE, offset, size, host, NULL, error);
}

void
gw_cl_release_mem (cl_mem *m)
{
  if (*m != NULL)
    clReleaseMemObject (*m);
  *m = NULL;
}
