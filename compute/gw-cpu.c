/* gw-cpu.c: the CPU reference engine
 *
 * Runs gw-path.h in double precision over paths on worker threads, and
 * reduces every series to its statistics without keeping all paths:
 *
 *   pilot   the first paths (all up to N_PILOT, else an eighth of them,
 *           up to N_PILOT), kept whole, give each column (series x
 *           quarter) its extremes pmin, pmax, its P0.5 and P99.5 as a range
 *           [lo, hi], its atoms: up to ATOM_MAX other values that the
 *           pilot repeats (a deal's value, a backlog when no deal has
 *           defaulted), to within ATOM_TOL of the column's scale, and its
 *           windows: fine bins around its estimate of a quantile where a
 *           uniform bin would hold too many values (choose_windows());
 *   pass 1  every path, once, BLOCK paths at a time: shifted sums for mean
 *           and sd, exact min and max, and a histogram with N_BINS uniform
 *           bins over [lo, hi], the windows' fine bins, and separate bins
 *           for x < pmin, x == pmin, pmin < x < lo, hi < x < pmax,
 *           x == pmax, x > pmax and each atom (so point masses at a cap, a
 *           floor or a deal's value stay exact);
 *   certificate  each order statistic a quantile needs is located in the
 *           histogram: exact when its bin is a point mass, the minimum or
 *           the maximum, else interpolated linearly within its bin, kept
 *           only where that is proven inside the order-statistic band of
 *           MODEL.md section 5 (below);
 *   pass 2  only where some order statistic is not: every path again (the
 *           streams are counter-based, so a replay gives the same numbers),
 *           the values of the bins that hold such order statistics are
 *           collected and selected exactly.
 *
 * The certificate. Number the values by rank (0-based), x_(0) <= ... <=
 * x_(N-1). Walk the counters in the order of their values, an atom's
 * counter merged with the bin that hosts its value (a group), and let the
 * group holding rank r hold ranks a .. b (the counts before it and in it).
 * Up to the rounding of a bin's edges, every value of the group lies in
 * the group's range [ra, rb], those of the groups before it are <= ra and
 * those after it >= rb. The a values before the group are all <= ra, so
 * at least a values are <= ra and x_(a-1) <= ra; the N - 1 - b values
 * after it are all >= rb, so x_(b+1) >= rb. An interpolated value lies in
 * [ra, rb] (clamped to [x_(0), x_(N-1)]), hence in [x_(a-1), x_(b+1)] (with
 * x_(-1) = x_(0), x_(N) = x_(N-1)). A quantile interpolates between ranks
 * k and k + 1; if both values lie in [x_(L), x_(U)], so does the quantile.
 * So the value is certified when L <= a - 1 and b + 1 <= U for the band's
 * ranks L = ceil (p N - 4 s), U = floor ((N - 1) p + 4 s), s = sqrt (N p
 * (1 - p)) (inside the band whether k is taken as p N or as (N - 1) p).
 * Rounding: a value within a few ulps of a bin's edge may be counted on
 * either side (the bins are computed as (x - lo) nb / (hi - lo) and the
 * like; the error is below 2^-49 of the magnitudes of lo, hi and the bin's
 * edges), so the proof holds with the bounds widened by that much; the
 * interpolated values, placed (j + 1/2) / m of the range in, clear it when
 * (rb - ra) / (2 m) exceeds EDGE_SLACK times those magnitudes, which the
 * certificate also asks (in_band()). A group with an atom is certified on
 * its ranks alone: its values are counted as the atom within the atom's
 * tolerance, which bounds the error instead. Where pass 2 keeps a
 * sub-histogram of a bin (more values than COLLECT_BUDGET in all), its
 * sub-bins, SUB_BINS to a bin, are certified the same way, and those that
 * are not (a point mass that the pilot missed, at 10^8 paths) are counted
 * in n_approximate, as are the certified order statistics interpolated in
 * the wide tail bins beyond [lo, hi].
 *
 * A bin of at most 4 s - 2 values is always certified; the windows make
 * the bins near the pilot's estimates of the quantiles that small, so that
 * pass 2 is rarely needed.
 *
 * With exact_quantiles, there are no atoms or windows, pass 1 uses
 * N_BINS_EXACT bins and pass 2 collects every bin that holds an order
 * statistic a quantile needs, for exact quantiles.
 *
 * Up to N_PILOT paths, the pilot holds every value and the statistics are
 * exact either way.
 *
 * The histogram pass is sized for the caches: pass 1 steps STEP_BLOCKS
 * blocks of paths QUARTERS_STEP quarters at a time and reduces those
 * quarters' columns (a block at a time, as if each block had been simulated
 * alone) before the next step, so the values stay in L2 and a column's
 * counters are loaded once for STEP_BLOCKS blocks (pass1_block_quarters());
 * the pilot and pass 2 simulate whole paths into a block buffer of every
 * column (n_cols x COL_STRIDE doubles, 5 MB for the baseline). A thread's
 * 16-bit counters (n_cols x N_HIST, 5 MB, and the windows' fine bins)
 * fit in L3 with another's. The bins of a column's block are computed
 * branch-free into a small index
 * array (gw-cpu-reduce.c, compiled for SSE2, AVX2 and AVX-512 and picked
 * for the machine), then counted by a plain increment loop while the next
 * column's counters are prefetched. Values equal to a pilot extreme go to
 * eight spill counters in turn (no chain of increments of one counter),
 * folded after each block. A thread adds its 16-bit counters into the
 * shared 32-bit histogram before any could overflow (at most FLUSH_PATHS
 * paths, one increment per column each, between flushes).
 *
 * Sums are kept per chunk of paths (in eight lanes per block, added in a
 * fixed order) and added in chunk order, and chunk sizes depend on N only,
 * so the results are bit-identical whatever the number of threads (and
 * whichever reduction variant runs).
 * * The engine's files: this one runs the passes on worker threads;
 * gw-cpu-pass.c simulates paths and counts them (pilot blocks, passes 1
 * and 2); gw-cpu-pilot.c finds each column's range, atoms and windows
 * from the pilot; gw-cpu-quantiles.c locates and certifies the order
 * statistics and plans pass 2; gw-cpu-engine.h holds what they share
 * (Run and the sizes), gw-cpu-private.h the histogram layout that the
 * per-instruction-set reductions (gw-cpu-reduce.c) read too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif
#include <glib/gi18n-lib.h>

#include "gw-cpu-engine.h"

/* Big buffers the process keeps from one run to the next (the app's live
 * runs, `gigawatt-cli bench --in-process`, a sweep's points): a run then
 * finds its pilot, counters and block buffers already mapped, rather than
 * fault in and zero every page again. At most BIG_KEEP_BLOCKS buffers and
 * BIG_KEEP_BYTES in all; a buffer is reused for a request of at least half
 * its size. */
#define BIG_KEEP_BLOCKS 8
#define BIG_KEEP_BYTES  (256u * 1024u * 1024u)

typedef struct
{
  gpointer p;
  gsize    size;
} BigBlock;

static GMutex big_lock;
static GHashTable *big_live;            /* buffer -> its size, while in use */
static BigBlock big_kept[BIG_KEEP_BLOCKS];
static guint big_n_kept;
static gsize big_kept_bytes;

/* A kept buffer of at least @size bytes and at most twice as many, the
 * smallest, taken from the kept ones; or NULL. Under big_lock. */
static gpointer
big_take (gsize  size,
          gsize *got)
{
  guint best = G_MAXUINT;

  for (guint i = 0; i < big_n_kept; i++)
    if (big_kept[i].size >= size && big_kept[i].size / 2 <= size
        && (best == G_MAXUINT || big_kept[i].size < big_kept[best].size))
      best = i;
  if (best == G_MAXUINT)
    return NULL;
  {
    gpointer p = big_kept[best].p;

    *got = big_kept[best].size;
    big_kept_bytes -= big_kept[best].size;
    big_kept[best] = big_kept[--big_n_kept];
    return p;
  }
}
gpointer
gw_cpu_big_alloc (gsize    size,
                  gboolean zero)
{
  gpointer p = NULL;
  gsize got = 0;

  size = MAX (size, 1);
  g_mutex_lock (&big_lock);
  if (size >= BIG_PAGE)
    p = big_take (size, &got);
  g_mutex_unlock (&big_lock);
  if (p == NULL)
    {
      got = size;
      if (posix_memalign (&p, size >= BIG_PAGE ? BIG_PAGE : 64, size) != 0)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
#if defined (__linux__) && defined (MADV_HUGEPAGE)
      if (size >= BIG_PAGE)
        madvise (p, size / BIG_PAGE * BIG_PAGE, MADV_HUGEPAGE);  /* advice: failing is fine */
#endif
    }
  g_mutex_lock (&big_lock);
  if (big_live == NULL)
    big_live = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (big_live, p, GSIZE_TO_POINTER (got));
  g_mutex_unlock (&big_lock);
  if (zero)
    memset (p, 0, size);
  return p;
}

void
gw_cpu_big_free (gpointer p)
{
  gsize size;

  if (p == NULL)
    return;
  g_mutex_lock (&big_lock);
  size = GPOINTER_TO_SIZE (g_hash_table_lookup (big_live, p));
  g_hash_table_remove (big_live, p);
  if (size >= BIG_PAGE && big_n_kept < BIG_KEEP_BLOCKS && big_kept_bytes + size <= BIG_KEEP_BYTES)
    {
      big_kept[big_n_kept++] = (BigBlock) { p, size };
      big_kept_bytes += size;
      p = NULL;
    }
  g_mutex_unlock (&big_lock);
  free (p);
}

guint
gw_cpu_n_cores (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  return n > 0 ? (guint) n : 1;
}

void
gw_cpu_path (const GwPlan *plan,
             guint32       path,
             gboolean      deterministic,
             int           swing_slot,
             double        swing_u,
             double       *series,
             double       *scalars,
             double       *inputs)
{
  const GwCpuSim *sim = gw_cpu_sim_pick ();
  guint W = sim->lanes;
  g_autofree double *scratch = g_new0 (double, (gsize) plan->scratch * W);
  g_autofree double *lanes = g_new (double, (gsize) plan->n_cols * W);
  g_autofree double *lane_scalars = g_new (double, (gsize) plan->n_scalars * W);
  int mode = deterministic ? GW_MODE_DETERMINISTIC : GW_MODE_RANDOM;

  /* lane 0 is the path; the other lanes run its successors */
  sim->run (plan, path, mode, swing_slot, swing_u, scratch, lanes, W, lane_scalars);
  for (guint c = 0; c < plan->n_cols; c++)
    series[c] = lanes[(gsize) c * W];
  for (guint i = 0; i < plan->n_scalars; i++)
    scalars[i] = lane_scalars[(gsize) i * W];
  if (inputs != NULL)
    for (guint k = 0; k < plan->K; k++)
      inputs[k] = scratch[(gsize) k * W];
}

void
gw_cpu_sample_inputs (const GwPlan *plan,
                      guint32       path,
                      double       *inputs)
{
  const GwCpuSim *sim = gw_cpu_sim_pick ();
  guint W = sim->lanes;
  g_autofree double *x = g_new0 (double, (gsize) plan->K * W);
  g_autofree double *cop = g_new0 (double, (gsize) (plan->NC + 1) * W);

  sim->sample (plan, path, x, cop);
  for (guint k = 0; k < plan->K; k++)
    inputs[k] = x[(gsize) k * W];
}

/**
 * gw_cpu_sim_pick:
 *
 * The path code for this machine: AVX-512 or AVX2 where the CPU has them,
 * else the baseline; the environment variable GW_CPU_SIM (avx512, avx2,
 * baseline) picks one of those the machine can run, for tests and
 * measurements.
 */
const GwCpuSim *
gw_cpu_sim_pick (void)
{
  const GwCpuSim *best = &gw_cpu_sim_baseline;
  const GwCpuSim *can[3] = { &gw_cpu_sim_baseline, NULL, NULL };
  const char *want = gw_debug ()->cpu_sim;

#ifdef GW_CPU_SIM_X86
  if (gw_cpu_has_x86_64_v3 ())
    best = can[1] = &gw_cpu_sim_avx2;
  if (gw_cpu_has_x86_64_v4 ())
    best = can[2] = &gw_cpu_sim_avx512;
#endif
  for (guint i = 0; want != NULL && i < G_N_ELEMENTS (can); i++)
    if (can[i] != NULL && g_str_equal (want, can[i]->name))
      return can[i];
  return best;
}

/* Paths in the pilot: all of them up to N_PILOT (the statistics are then
 * exact), else an eighth of them between N_PILOT_MIN and N_PILOT, in whole
 * blocks. The windows are as narrow as the pilot's estimates of the
 * quantiles are precise, and passes 1 and 2 read the pilot's paths rather
 * than simulate them again; a larger share costs small runs more for its
 * statistics than it saves them in pass 2 (an eighth: 2 of 8 runs of the
 * baseline at 10^4 paths need pass 2, a sixteenth: 4, a quarter: 1, at
 * 25 % more instructions). Even 512 paths put the bins' range, the
 * pilot's P0.5..P99.5, well outside P5..P95 (its 3rd and 510th values
 * against their 26th and 487th). */
guint
gw_cpu_pilot_size (guint n_paths)
{
  guint n = (n_paths / PILOT_SHARE + BLOCK - 1) / BLOCK * BLOCK;

  if (n_paths <= N_PILOT)
    return n_paths;
  return CLAMP (n, N_PILOT_MIN, N_PILOT);
}

/* Uniform bins of a column's histogram. Up to SMALL_RUN paths, a bin of
 * N_BINS_SMALL is still well below the Monte Carlo error of a quantile
 * (bin widths are measured against it in docs/model.md), and the smaller
 * counters cost less to clear, fill and read. */
guint
gw_cpu_n_bins (guint    n_paths,
               gboolean exact_quantiles)
{
  if (exact_quantiles)
    return N_BINS_EXACT;
  return n_paths <= SMALL_RUN ? N_BINS_SMALL : N_BINS;
}

typedef struct
{
  Run   *run;
  guint  thread;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Run *run = w->run;
  const GwPlan *plan = run->plan;
  g_autofree double *scratch = g_new0 (double, ((gsize) plan->scratch + plan->n_scalars)
                                                * GW_CPU_SIM_MAX_LANES);
  double *buf = NULL;
  g_autofree double *tmp = NULL;
  g_autofree gint64 *idx = NULL;
  g_autofree guint *start = NULL;
  PilotScratch ps = { 0 };

  if (run->pass == PASS_PILOT || run->pass == PASS_1 || run->pass == PASS_2)
    {
      if (run->t_buf[w->thread] == NULL)
        run->t_buf[w->thread] = gw_cpu_big_alloc (MAX ((gsize) plan->n_cols * COL_STRIDE,
                                                (gsize) QUARTERS_STEP * plan->n_series * STEP_STRIDE)
                                           * sizeof (double), TRUE);
      buf = run->t_buf[w->thread];
    }
  if (run->pass == PASS_PILOT_STATS)
    {
      tmp = g_new0 (double, 2 * ((gsize) run->n_pilot + 8));
      idx = g_new (gint64, run->n_pilot + 8);
      start = g_new (guint, 2 * ((gsize) N_HIST (run->nb) + 1));
      ps.v = tmp;
      ps.sorted = tmp + run->n_pilot + 8;
      ps.idx = idx;
      ps.start = start;
      ps.fill = start + N_HIST (run->nb) + 1;
    }

  for (;;)
    {
      int job = g_atomic_int_add (&run->next, 1);

      if ((guint) job >= run->n_jobs)
        break;
      switch (run->pass)
        {
        case PASS_PILOT:
          gw_cpu_pilot_block (run, w->thread, job, scratch, buf);
          break;
        case PASS_1:
          gw_cpu_pass1_chunk (run, w->thread, job, scratch, buf);
          break;
        case PASS_2:
          gw_cpu_pass2_chunk (run, w->thread, job, scratch, buf);
          break;
        case PASS_PILOT_STATS:
          gw_cpu_pilot_column (run, job, &ps);
          break;
        case PASS_QUANTILES:
          gw_cpu_column_quantiles (run, job);
          break;
        case PASS_SCALARS:
          gw_summary_of (&run->results->scalars[job],
                         run->results->scalar_values + (gsize) job * run->n_paths, run->n_paths);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (run->pass == PASS_1)
    gw_cpu_flush_counts (run, w->thread);

  g_mutex_lock (&run->lock);
  run->running--;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
  g_free (w);
  return NULL;
}

/* Runs a pass on n_threads workers; reports progress from this thread. */
static gboolean
run_pass (Run           *run,
          int            pass,
          double         progress_from,
          double         progress_to,
          GwProgressFunc progress,
          gpointer       progress_data,
          GError       **error)
{
  static const char *const names[] = { "pilot", "pass 1", "pass 2", "pilot statistics",
                                       "quantiles", "scalars" };
  GPtrArray *threads = g_ptr_array_new ();
  gint64 t0 = g_get_monotonic_time ();

  run->pass = pass;
  run->next = 0;
  run->done = 0;
  switch (pass)
    {
    case PASS_PILOT:
      run->n_jobs = (run->n_pilot + BLOCK - 1) / BLOCK;
      break;
    case PASS_1:
    case PASS_2:
      run->n_jobs = run->n_chunks;
      break;
    case PASS_PILOT_STATS:
    case PASS_QUANTILES:
      run->n_jobs = run->plan->n_cols;
      break;
    case PASS_SCALARS:
      run->n_jobs = run->plan->n_scalars;
      break;
    default:
      g_assert_not_reached ();
    }
  run->running = run->n_threads;
  for (guint i = 0; i < run->n_threads; i++)
    {
      Worker *w = g_new0 (Worker, 1);

      w->run = run;
      w->thread = i;
      g_ptr_array_add (threads, g_thread_new ("gw-cpu", worker_main, w));
    }

  g_mutex_lock (&run->lock);
  while (run->running > 0)
    {
      gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&run->cond, &run->lock, until);
      if (progress != NULL && run->running > 0)
        {
          double f = (double) g_atomic_int_get (&run->done) / run->n_paths;

          g_mutex_unlock (&run->lock);
          progress (progress_from + f * (progress_to - progress_from), progress_data);
          g_mutex_lock (&run->lock);
        }
    }
  g_mutex_unlock (&run->lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  g_ptr_array_free (threads, TRUE);
  if ((gw_debug ()->flags & GW_DEBUG_CPU_TIMING))
    g_printerr ("gw-cpu: %s %.3f s (paths %s, statistics %s)\n", names[pass],
                (g_get_monotonic_time () - t0) / 1e6, run->sim->name, run->reduce->name);

  return !g_cancellable_set_error_if_cancelled (run->cancellable, error);
}

static void
fill_deterministic (GwResults *res)
{
  const GwPlan *plan = res->plan;

  gw_cpu_path (plan, 0, TRUE, -1, 0, res->det_series, res->det_scalars, NULL);
}

static void
summaries_from_det (GwResults *res)
{
  const GwPlan *plan = res->plan;

  for (guint c = 0; c < plan->n_cols; c++)
    gw_summary_from_values (&res->series[c], &res->det_series[c], 1);
  for (guint x = 0; x < plan->n_scalars; x++)
    gw_summary_from_values (&res->scalars[x], &res->det_scalars[x], 1);
}

static void
run_clear (Run *run)
{
  g_free (run->col);
  g_free (run->atoms);
  g_free (run->atom_host);
  gw_cpu_big_free (run->hist);
  g_free (run->hist_at);
  gw_cpu_big_free (run->pilot);
  g_free (run->chunk_s1);
  g_free (run->chunk_s2);
  g_free (run->t_min);
  g_free (run->t_max);
  gw_cpu_big_free (run->t_hist);
  g_free (run->t_pending);
  g_free (run->bin_target);
  g_free (run->col_target0);
  g_free (run->targets);
  gw_cpu_big_free (run->collected);
  g_free (run->sub_hist);
  for (guint i = 0; run->t_buf != NULL && i < run->n_threads; i++)
    gw_cpu_big_free (run->t_buf[i]);
  g_free (run->t_buf);
  for (guint i = 0; run->t_groups != NULL && i < run->n_threads; i++)
    g_free (run->t_groups[i]);
  g_free (run->t_groups);
  g_mutex_clear (&run->hist_lock);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
}

/**
 * gw_cpu_bin_widths:
 * @widths: (out caller-allocates): n_cols widths
 *
 * For tests: the width of the uniform histogram bins that a run of @n_paths
 * paths of @plan uses for each column (the pilot's P99.5 - P0.5 over the
 * number of bins), or 0 when the run keeps every value.
 *
 * Returns: the number of uniform bins
 */
guint
gw_cpu_bin_widths (const GwPlan *plan,
                   guint         n_paths,
                   gboolean      exact_quantiles,
                   double       *widths)
{
  guint nb = gw_cpu_n_bins (n_paths, exact_quantiles);
  guint n = gw_cpu_pilot_size (n_paths);
  g_autofree double *all = g_new (double, (gsize) plan->n_cols * n);
  g_autofree double *series = g_new (double, plan->n_cols);
  g_autofree double *scalars = g_new (double, plan->n_scalars);

  for (guint i = 0; i < n; i++)
    {
      gw_cpu_path (plan, i, FALSE, -1, 0, series, scalars, NULL);
      for (guint c = 0; c < plan->n_cols; c++)
        all[(gsize) c * n + i] = series[c];
    }
  for (guint c = 0; c < plan->n_cols; c++)
    {
      double pmin, pmax, lo, hi;

      gw_cpu_pilot_range (all + (gsize) c * n, n, &pmin, &pmax, &lo, &hi);
      widths[c] = n_paths > n ? (hi - lo) / nb : 0;
    }
  return nb;
}

/**
 * gw_cpu_run:
 * @plan: (transfer full): the plan; the results own it
 * @exact_quantiles: replay every path for exact quantiles rather than
 *   interpolate them within histogram bins
 *
 * Runs @n_paths paths (or only the deterministic path) on @threads
 * threads and summarises them.
 */
GwResults *
gw_cpu_run (GwPlan         *plan,
            guint           n_paths,
            gboolean        deterministic,
            guint           threads,
            guint           input_paths,
            gboolean        exact_quantiles,
            GCancellable   *cancellable,
            GwProgressFunc  progress,
            gpointer        progress_data,
            GError        **error)
{
  g_autoptr(GwResults) res = NULL;
  Run run = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = TRUE;

  if (deterministic)
    n_paths = 1;
  res = gw_results_new (plan, n_paths);
  res->deterministic = deterministic;
  res->engine = g_strdup ("cpu");
  res->device = g_strdup (_("CPU reference engine"));
  fill_deterministic (res);

  if (deterministic)
    {
      summaries_from_det (res);
      res->threads = 1;
      res->seconds = (g_get_monotonic_time () - t0) / 1e6;
      return g_steal_pointer (&res);
    }

  run.plan = plan;
  run.n_paths = n_paths;
  run.n_threads = CLAMP (threads == 0 ? gw_cpu_n_cores () : threads, 1, 256);
  run.cancellable = cancellable;
  run.results = res;
  run.exact = exact_quantiles;
  run.reduce = gw_cpu_pick_reducer ();
  run.sim = gw_cpu_sim_pick ();
  run.nb = gw_cpu_n_bins (n_paths, exact_quantiles);
  run.t_buf = g_new0 (double *, run.n_threads);
  run.t_groups = g_new0 (double *, run.n_threads);
  run.whole_blocks = (gw_debug ()->flags & GW_DEBUG_CPU_BLOCKS) != 0;
  g_mutex_init (&run.lock);
  g_mutex_init (&run.hist_lock);
  g_cond_init (&run.cond);

  /* Inputs kept for sensitivity. */
  res->n_input_paths = MIN (n_paths, input_paths == 0 ? 50000 : input_paths);
  run.n_input_paths = res->n_input_paths;
  res->input_slots = g_new (guint, plan->K);
  for (guint k = 0; k < plan->K; k++)
    if (gw_plan_slot_uncertain (plan, k))
      res->input_slots[res->n_inputs++] = k;
  res->inputs = g_new0 (double, (gsize) res->n_inputs * res->n_input_paths + 1);

  res->threads = run.n_threads;
  run.n_pilot = gw_cpu_pilot_size (n_paths);
  run.pilot = gw_cpu_big_alloc ((gsize) plan->n_cols * run.n_pilot * sizeof (double), FALSE);
  ok = run_pass (&run, PASS_PILOT, 0, 0.02, progress, progress_data, error);
  if (ok && n_paths > run.n_pilot)
    {
      guint n_cols = plan->n_cols;
      double pass1_to = run.exact ? 0.55 : 0.97;

      /* Passes 1 and 2 read the pilot's paths from memory rather than
       * simulate them again, except at large N where the pilot is a small
       * share of the work and its memory better spent elsewhere. */
      run.n_pilot_kept = n_paths <= 500000 ? run.n_pilot : 0;
      run.chunk = n_paths <= 100000 ? 1024 : MAX (4096, (n_paths / 256 + BLOCK - 1) / BLOCK * BLOCK);
      run.n_chunks = (n_paths + run.chunk - 1) / run.chunk;
      run.col = g_new0 (Col, n_cols);
      run.atoms = g_new0 (double, (gsize) n_cols * ATOM_MAX * 3);
      run.atom_host = g_new0 (guint, (gsize) n_cols * ATOM_MAX);
      ok = run_pass (&run, PASS_PILOT_STATS, 0.02, 0.02, progress, progress_data, error);
      /* each column's counters, its windows' included */
      run.hist_at = g_new (gsize, n_cols + 1);
      run.n_fine = 0;
      run.n_counters = 0;
      for (guint c = 0; c < n_cols; c++)
        {
          const Col *col = &run.col[c];
          guint fine = col->n_win == 0 ? 0
                       : col->win_base[col->n_win - 1] + col->win_n[col->n_win - 1] + 1
                         - BIN_FINE (run.nb);

          run.hist_at[c] = run.n_counters;
          run.n_counters += N_HIST (run.nb) + (fine + 7) / 8 * 8;
          run.n_fine = MAX (run.n_fine, fine);
        }
      run.hist_at[n_cols] = run.n_counters;
      if ((gw_debug ()->flags & GW_DEBUG_CPU_TIMING))
        {
          guint n_win = 0, n_with = 0, n_const = 0;

          for (guint c = 0; c < n_cols; c++)
            {
              n_win += run.col[c].n_win;
              n_with += run.col[c].n_win > 0;
              n_const += run.col[c].constant;
            }
          g_printerr ("gw-cpu: %u windows in %u of %u columns, %" G_GSIZE_FORMAT
                      " counters (%u without), %u columns constant in the pilot\n",
                      n_win, n_with, n_cols, run.n_counters, n_cols * N_HIST (run.nb),
                      n_const);
        }
      if (run.n_pilot_kept == 0)
        g_clear_pointer (&run.pilot, gw_cpu_big_free);
      run.hist = gw_cpu_big_alloc (run.n_counters * sizeof (guint32), TRUE);
      run.chunk_s1 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.chunk_s2 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.t_min = g_new (double, (gsize) run.n_threads * n_cols);
      run.t_max = g_new (double, (gsize) run.n_threads * n_cols);
      for (gsize i = 0; i < (gsize) run.n_threads * n_cols; i++)
        {
          run.t_min[i] = INFINITY;
          run.t_max[i] = -INFINITY;
        }
      run.t_hist = gw_cpu_big_alloc ((gsize) run.n_threads * run.n_counters * sizeof (guint16), TRUE);
      run.t_pending = g_new0 (guint, run.n_threads);
      if (ok)
        ok = run_pass (&run, PASS_1, 0.02, pass1_to, progress, progress_data, error);
      /* every thread has added its counters to run.hist */
      g_clear_pointer (&run.t_hist, gw_cpu_big_free);
      if (ok)
        {
          gw_cpu_finish_pass1 (&run);
          gw_cpu_plan_pass2 (&run);
        }
      if (ok && run.n_targets > 0)
        ok = run_pass (&run, PASS_2, pass1_to, 0.97, progress, progress_data, error);
    }
  if (ok)
    ok = run_pass (&run, PASS_QUANTILES, 0.97, 0.98, progress, progress_data, error);
  if (ok)
    ok = run_pass (&run, PASS_SCALARS, 0.98, 0.99, progress, progress_data, error);
  res->n_approximate = run.n_approx;
  run_clear (&run);
  if (!ok)
    return NULL;
  if (progress != NULL)
    progress (1.0, progress_data);
  res->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return g_steal_pointer (&res);
}
