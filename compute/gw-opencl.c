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
 * This file is the run; the device, its context and the kernels' build
 * cache are gw-opencl-device.c's, the commands on the queue and their
 * costs gw-opencl-queue.c's, the simulation kernel's buffers and the
 * per-path entry points gw-opencl-sim.c's, the statistics on the host
 * gw-opencl-stats.c's (gw-opencl-private.h).
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
#include <glib/gi18n-lib.h>

#include "gw-opencl-private.h"
#include "gw-debug.h"

#define N_PILOT        2048
#define CPU_CHUNK_BYTES (192u * 1024u * 1024u) /* values of a run in one chunk on a CPU device */
#define CHUNK_ALIGN    256                     /* paths: chunks of a split run, strides */
#define STAGE_FLOATS   (1u << 20)              /* floats per host read of scalar rows */

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* GW_OPENCL_FAULT: fail as the named class would, through gw_cl_check(). */
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
/* The run                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  GwClContext   *c;
  GwClProgram   *p;
  GwClRecorder  *rec;
  GwClSim        sim;
  GwClColStats   st;
  guint          N;
  guint          chunk;
  guint          n_chunks;
  gboolean       keep;           /* one chunk holds every path: no replay */
  guint          n_input_paths;
  float         *stage;          /* two halves for rows of scalars or inputs */
  gsize          stage_floats;
  GCancellable  *cancellable;
  GwProgressFunc progress;
  gpointer       progress_data;
  cl_mem         lo, hi, iw, shift, hist, part;
  cl_mem         bin_target, col_target0, tinfo, fill, collected, sub_hist, overflow;
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
report (Run   *run,
        double f)
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
  return gw_cl_enqueue_read (rr->run->c, rr->m, FALSE,
                             (row * rr->row_stride + rr->from) * sizeof (float),
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
           && gw_cl_check (clWaitForEvents (1, &rr.ev[b]), "clWaitForEvents", error);
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
  GwClSim *s = &run->sim;
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
launch_columns (Run      *run,
                cl_kernel k,
                GwClPhase phase,
                cl_event *done,
                GError  **error)
{
  size_t wg = run->p->red_wg;

  return gw_cl_launch (run->c, k, (size_t) run->st.plan->n_cols * wg, wg, phase, done,
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
  return gw_cl_check (err, "clSetKernelArg", error)
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
  return gw_cl_check (err, "clSetKernelArg", error)
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
  return gw_cl_check (err, "clSetKernelArg", error)
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
    ok = gw_cl_check (clWaitForEvents (1, slot), "clWaitForEvents", error);
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

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_PASS1);
  if (!gw_cl_simulate (&run->sim, 0, N, GW_MODE_RANDOM, -1, 0, run->n_input_paths,
                       GW_CL_PHASE_PASS1, run->cancellable, error)
      || !gw_cl_check (injected_fault (), "gw_simulate", error)
      || !gw_cl_check (clFinish (run->c->queue), "clFinish", error))
    return FALSE;
  gw_cl_rec_phase (run->rec, GW_CL_PHASE_READS);
  if (!gw_cl_read_buffer (run->c, run->sim.vals, 0,
                          (gsize) plan->n_cols * run->sim.stride * sizeof (float), vals, error)
      || !read_outputs (run, 0, N, error))
    return FALSE;
  gw_cl_rec_phase (run->rec, GW_CL_PHASE_STATS);
  for (guint c = 0; c < plan->n_cols; c++)
    {
      for (guint i = 0; i < N; i++)
        v[i] = vals[(gsize) c * run->sim.stride + i];
      gw_summary_from_values (&res->series[c], v, N);
    }
  return TRUE;
}

/* The buffers of pass 1 (the columns' ranges and bins' widths, the shift,
 * histograms, partial sums); the sums are of the values less the shift,
 * the deterministic path, which @shift gets. */
static gboolean
pass1_buffers (Run     *run,
               float   *shift,
               GError **error)
{
  GwClColStats *st = &run->st;
  GwClContext *c = run->c;
  guint n_cols = st->plan->n_cols;
  size_t col_bytes = n_cols * sizeof (float);

  for (guint col = 0; col < n_cols; col++)
    shift[col] = isfinite (st->res->det_series[col]) ? (float) st->res->det_series[col] : 0;
  st->lo = g_new (float, n_cols);
  st->hi = g_new (float, n_cols);
  if (!(run->lo = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, col_bytes, NULL, error))
      || !(run->hi = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, col_bytes, NULL, error))
      || !(run->iw = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, col_bytes, NULL, error))
      || !(run->shift = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, col_bytes, shift, error))
      || !(run->hist = gw_cl_make_buffer (c, CL_MEM_READ_WRITE,
                                          (gsize) n_cols * N_HIST * sizeof (cl_uint), NULL,
                                          error))
      || !(run->part = gw_cl_make_buffer (c, CL_MEM_READ_WRITE,
                                          (gsize) n_cols * 6 * sizeof (float), NULL, error)))
    return FALSE;
  return TRUE;
}

/* Pass 1; the first chunk also gives the pilot ranges. Nothing comes
 * back until the last chunk is reduced. @ahead: the events of the last
 * two chunks (see wait_chunk()). */
static gboolean
run_pass1 (Run      *run,
           cl_event  ahead[2],
           GError  **error)
{
  GwClContext *c = run->c;
  guint N = run->N;
  guint n_pilot = MIN (N_PILOT, MIN (N, run->chunk));

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_PASS1);
  for (guint ch = 0; ch < run->n_chunks; ch++)
    {
      guint first = ch * run->chunk;
      guint m = MIN (run->chunk, N - first);

      if (!wait_chunk (run, &ahead[ch & 1], error))
        return FALSE;
      if (ch >= 2)
        report (run, 0.02 + 0.5 * (first - run->chunk) / N);
      if (!gw_cl_simulate (&run->sim, first, m, GW_MODE_RANDOM, -1, 0,
                           first < run->n_input_paths ? MIN (m, run->n_input_paths - first) : 0,
                           GW_CL_PHASE_PASS1, run->cancellable, error))
        return FALSE;
      if (ch == 0)
        {
          gw_cl_rec_phase (run->rec, GW_CL_PHASE_PILOT);
          if (!pilot (run, n_pilot, error)
              || !gw_cl_check (injected_fault (), "gw_simulate", error))
            return FALSE;
          gw_cl_rec_phase (run->rec, GW_CL_PHASE_PASS1);
        }
      if (!pass1 (run, m, ch > 0, &ahead[ch & 1], error))
        return FALSE;
      /* scalars that cannot stay on the device come back per chunk */
      if (!run->sim.whole)
        {
          gw_cl_rec_phase (run->rec, GW_CL_PHASE_READS);
          if (!read_outputs (run, first, m, error))
            return FALSE;
          gw_cl_rec_phase (run->rec, GW_CL_PHASE_PASS1);
        }
      clFlush (c->queue);
    }
  if (!wait_chunk (run, &ahead[0], error) || !wait_chunk (run, &ahead[1], error)
      || !gw_cl_check (clFinish (c->queue), "clFinish", error))
    return FALSE;
  report (run, run->keep ? 0.9 : 0.52);
  return TRUE;
}

/* Pass 1's sums, ranges and histograms back on the host: the columns'
 * summaries but their quantiles, and the bins whose values pass 2
 * collects (@bin_target; *@n_collect values in all). */
static gboolean
read_pass1 (Run          *run,
            const float  *shift,
            gint8        *bin_target,
            gsize        *n_collect,
            GError      **error)
{
  GwClColStats *st = &run->st;
  GwClContext *c = run->c;
  guint n_cols = st->plan->n_cols;
  g_autofree float *part = g_new (float, (gsize) n_cols * 6);

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_READS);
  st->hist = g_new (guint32, (gsize) n_cols * N_HIST);
  if (!gw_cl_read_buffer (c, run->part, 0, (gsize) n_cols * 6 * sizeof (float), part, error)
      || !gw_cl_read_buffer (c, run->lo, 0, n_cols * sizeof (float), st->lo, error)
      || !gw_cl_read_buffer (c, run->hi, 0, n_cols * sizeof (float), st->hi, error)
      || !gw_cl_read_buffer (c, run->hist, 0, (gsize) n_cols * N_HIST * sizeof (cl_uint),
                             st->hist, error))
    return FALSE;
  gw_cl_rec_phase (run->rec, GW_CL_PHASE_STATS);
  gw_cl_summarise_pass1 (st, part, shift);
  *n_collect = gw_cl_plan_targets (st, bin_target);
  return TRUE;
}

/* The buffers of pass 2: the target of each bin, the targets, how full
 * each is, the values collected, the sub-histograms, the overflow flag. */
static gboolean
pass2_buffers (Run          *run,
               const gint8  *bin_target,
               gsize         n_collect,
               GError      **error)
{
  GwClColStats *st = &run->st;
  GwClContext *c = run->c;
  guint n_cols = st->plan->n_cols;
  gsize n_targets = MAX (st->n_targets, 1);
  gsize sub_bytes = MAX (gw_cl_n_sub_targets (st), 1) * SUB_BINS * sizeof (guint32);
  g_autofree guint32 *tinfo = NULL;

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_PASS2);
  tinfo = gw_cl_target_info (st);
  st->collected = g_new (float, MAX (n_collect, 1));
  if (st->sub_hist == NULL)
    st->sub_hist = g_new0 (guint32, SUB_BINS);
  if (!(run->bin_target = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, (gsize) n_cols * N_HIST,
                                             bin_target, error))
      || !(run->col_target0 = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, n_cols * sizeof (guint32),
                                                 st->col_target0, error))
      || !(run->tinfo = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, 4 * n_targets * sizeof (guint32),
                                           tinfo, error))
      || !(run->fill = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, n_targets * sizeof (guint32), NULL,
                                          error))
      || !(run->collected = gw_cl_make_buffer (c, CL_MEM_READ_WRITE,
                                               MAX (n_collect, 1) * sizeof (float), NULL, error))
      || !(run->sub_hist = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, sub_bytes, NULL, error))
      || !(run->overflow = gw_cl_make_buffer (c, CL_MEM_READ_WRITE, sizeof (guint32), NULL,
                                              error))
      || !gw_cl_fill_zero (c, run->fill, n_targets * sizeof (guint32), error)
      || !gw_cl_fill_zero (c, run->sub_hist, sub_bytes, error)
      || !gw_cl_fill_zero (c, run->overflow, sizeof (guint32), error))
    return FALSE;
  return TRUE;
}

/* Pass 2: every chunk simulated again (unless one chunk held them all and
 * is still on the device) and the values in the target bins collected. */
static gboolean
run_pass2 (Run      *run,
           cl_event  ahead[2],
           GError  **error)
{
  GwClContext *c = run->c;
  guint N = run->N;

  for (guint ch = 0; ch < run->n_chunks; ch++)
    {
      guint first = ch * run->chunk;
      guint m = MIN (run->chunk, N - first);

      if (!wait_chunk (run, &ahead[ch & 1], error))
        return FALSE;
      if (ch >= 2)
        report (run, 0.52 + 0.46 * (first - run->chunk) / N);
      if (!run->keep
          && !gw_cl_simulate (&run->sim, first, m, GW_MODE_RANDOM, -1, 0, 0,
                              GW_CL_PHASE_PASS2, run->cancellable, error))
        return FALSE;
      if (!collect (run, m, &ahead[ch & 1], error))
        return FALSE;
      clFlush (c->queue);
    }
  if (!wait_chunk (run, &ahead[0], error) || !wait_chunk (run, &ahead[1], error)
      || !gw_cl_check (clFinish (c->queue), "clFinish", error))
    return FALSE;
  report (run, 0.98);
  return TRUE;
}

/* Pass 2's values back on the host (and the scalars kept on the device),
 * then the quantiles. */
static gboolean
read_pass2 (Run     *run,
            gsize    n_collect,
            GError **error)
{
  GwClColStats *st = &run->st;
  GwClContext *c = run->c;
  gsize n_targets = MAX (st->n_targets, 1);
  g_autofree guint32 *fill = NULL;
  guint32 overflow = 0;

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_READS);
  fill = g_new (guint32, n_targets);
  if (!gw_cl_read_buffer (c, run->fill, 0, n_targets * sizeof (guint32), fill, error)
      || !gw_cl_read_buffer (c, run->collected, 0, MAX (n_collect, 1) * sizeof (float),
                             st->collected, error)
      || !gw_cl_read_buffer (c, run->sub_hist, 0,
                             MAX (gw_cl_n_sub_targets (st), 1) * SUB_BINS * sizeof (guint32),
                             st->sub_hist, error)
      || !gw_cl_read_buffer (c, run->overflow, 0, sizeof (guint32), &overflow, error))
    return FALSE;
  if (run->sim.whole && !read_outputs (run, 0, run->N, error))
    return FALSE;

  gw_cl_rec_phase (run->rec, GW_CL_PHASE_STATS);
  /* The replay must see exactly the values pass 1 counted: never a wrong
   * number silently. */
  if (!gw_cl_replay_matches (st, fill, overflow))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_ENGINE,
                   _("The OpenCL device gave different values when it replayed the paths."));
      return FALSE;
    }
  gw_cl_quantiles (st);
  return TRUE;
}

/* A run of several chunks, or of more paths than the pilot: pass 1 on the
 * device, the targets on the host, pass 2 on the device, the quantiles on
 * the host. */
static gboolean
run_passes (Run     *run,
            GError **error)
{
  guint n_cols = run->st.plan->n_cols;
  g_autofree float *shift = g_new (float, n_cols);
  g_autofree gint8 *bin_target = g_new (gint8, (gsize) n_cols * N_HIST);
  gsize n_collect = 0;
  cl_event ahead[2] = { NULL, NULL };
  gboolean ok;

  if (!pass1_buffers (run, shift, error))
    return FALSE;
  ok = run_pass1 (run, ahead, error)
       && read_pass1 (run, shift, bin_target, &n_collect, error)
       && pass2_buffers (run, bin_target, n_collect, error)
       && run_pass2 (run, ahead, error)
       && read_pass2 (run, n_collect, error);
  if (!ok)
    clFinish (run->c->queue);
  g_clear_pointer (&ahead[0], clReleaseEvent);
  g_clear_pointer (&ahead[1], clReleaseEvent);
  return ok;
}

static void
run_clear (Run *run)
{
  gw_cl_sim_clear (&run->sim);
  gw_cl_release_mem (&run->lo);
  gw_cl_release_mem (&run->hi);
  gw_cl_release_mem (&run->iw);
  gw_cl_release_mem (&run->shift);
  gw_cl_release_mem (&run->hist);
  gw_cl_release_mem (&run->part);
  gw_cl_release_mem (&run->bin_target);
  gw_cl_release_mem (&run->col_target0);
  gw_cl_release_mem (&run->tinfo);
  gw_cl_release_mem (&run->fill);
  gw_cl_release_mem (&run->collected);
  gw_cl_release_mem (&run->sub_hist);
  gw_cl_release_mem (&run->overflow);
  gw_cl_col_stats_clear (&run->st);
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
gw_opencl_run (GwPlan        *plan,
               guint          n_paths,
               gboolean       deterministic,
               int            device,
               guint          input_paths,
               GCancellable  *cancellable,
               GwProgressFunc progress,
               gpointer       progress_data,
               GError       **error)
{
  GwResults *res;
  Run run = { 0 };
  Sizing sz;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;
  guint n_cols = plan->n_cols;

  if (deterministic)
    n_paths = 1;
  run.rec = deterministic ? NULL : gw_cl_rec_new ();
  g_mutex_lock (&gw_cl_lock);
  run.c = gw_cl_get_context (device, run.rec != NULL, error);
  if (run.c != NULL)
    {
      run.c->rec = run.rec;
      if (run.rec != NULL)
        run.rec->profiling = run.c->profiling;
    }
  gw_cl_rec_phase (run.rec, GW_CL_PHASE_BUILD);
  run.p = run.c ? gw_cl_get_program (run.c, plan, error) : NULL;
  if (run.p == NULL)
    {
      if (run.c != NULL)
        run.c->rec = NULL;
      g_mutex_unlock (&gw_cl_lock);
      g_clear_pointer (&run.rec, gw_cl_rec_free);
      return NULL;
    }

  gw_cl_rec_phase (run.rec, GW_CL_PHASE_SETUP);
  res = gw_results_new (plan, n_paths);
  res->deterministic = deterministic;
  res->engine = g_strdup ("opencl");
  res->device = g_strdup_printf (_("%s (OpenCL, %s)"), run.c->dev->name, run.c->dev->platform);
  res->threads = run.c->dev->compute_units;
  gw_cpu_path (plan, 0, TRUE, -1, 0, res->det_series, res->det_scalars, NULL);

  if (deterministic)
    {
      g_mutex_unlock (&gw_cl_lock);
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

  ok = gw_cl_sim_init (&run.sim, run.c, run.p, plan, sz.stride, sz.whole, n_paths,
                       run.n_input_paths, error);
  if (ok)
    ok = (n_paths <= N_PILOT && run.keep && gw_debug ()->opencl_chunk == 0)
         ? run_small (&run, error) : run_passes (&run, error);
  run_clear (&run);
  if (run.rec != NULL)
    {
      clFinish (run.c->queue);
      gw_cl_rec_settle (run.rec);
    }
  run.c->rec = NULL;
  g_mutex_unlock (&gw_cl_lock);
  if (!ok)
    {
      res->plan = NULL;         /* the caller's again */
      gw_results_unref (res);
      g_clear_pointer (&run.rec, gw_cl_rec_free);
      return NULL;
    }
  gw_cl_rec_phase (run.rec, GW_CL_PHASE_STATS);
  gw_results_summarise_scalars (res);
  g_clear_pointer (&run.rec, gw_cl_rec_free);
  report (&run, 1.0);
  res->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return res;
}
