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

#include "gw-engine.h"
#include "gw-cpu-sim.h"
#include "gw-cpu-private.h"
#include "gw-cpu-features.h"
#include "gw-debug.h"

/* Paths reduced at a time: a multiple of 8 (the simulation writes whole
 * groups of 8 lanes). */
#define BLOCK       256
#define QUARTERS_STEP 2         /* quarters per step in pass1_block_quarters() */
/* Paths pass 1 simulates a step at a time (BLOCK at a time reduced): a
 * column's counters, which every step touches, are then loaded once for
 * STEP_BLOCKS blocks rather than for each. */
#define STEP_BLOCKS 2
#define STEP_PATHS  (STEP_BLOCKS * BLOCK)
#define STEP_STRIDE (STEP_PATHS + 8)
/* Columns of a block buffer are padded by a cache line so that a path's
 * outputs, one per column, do not all map to the same L1 cache set; the
 * padding also holds the lanes of a last, partial group of 8. */
#define COL_STRIDE  (BLOCK + 8)
#define N_PILOT     4096       /* at most; see pilot_size() */
#define N_PILOT_MIN 512
#define PILOT_SHARE 8           /* 1 / this of N in the pilot, from N_PILOT_MIN to N_PILOT */
#define N_BINS       1024       /* uniform bins over the pilot's P0.5..P99.5 */
#define N_BINS_SMALL 256        /* the same, up to SMALL_RUN paths */
#define SMALL_RUN    32768
#define N_BINS_EXACT 4096       /* with exact quantiles: pass 2 collects fewer values */
/* Values other than its extremes that the pilot repeats at least ATOM_MIN
 * times, to within ATOM_TOL of the column's scale (rounding makes a deal's
 * value, say, differ by an ulp from path to path), get counters of their
 * own (interpolated statistics only). */
#define ATOM_MIN    4
#define ATOM_TOL    1e-12
#define ATOM_SORT   16          /* a bin's pilot values sorted in search of one */
/* Windows (default statistics): fine bins around the pilot's estimate of
 * a quantile, so that the bins holding the order statistics hold few
 * enough values for the band (see choose_windows()). */
#define WIN_PIECES  4           /* of a quantile's window, by the pilot's ranks */
#define WIN_FINE_SOFT(nb) (2 * (nb)) /* fine bins that fewer windows may take */
#define WIN_SIGMAS  5.0         /* a window covers the pilot's estimate +/- this many sds */
#define WIN_TRIGGER 3.0         /* where a uniform bin too full asks for a window */
#define WIN_TRIGGER_SAFETY 1.25 /* how much too full, against the pilot's count */
#define WIN_SAFETY  1.5         /* more fine bins than the pilot's count asks for */
#define FINE_MAX(nb, n_paths) ((n_paths) <= N_PILOT ? 0 : 2 * (nb)) /* fine bins of a column */
/* Paths a thread counts in 16-bit counters before it adds them to the
 * 32-bit histogram: each path adds at most 1 to a counter. */
#define FLUSH_PATHS 65535u

G_STATIC_ASSERT (BLOCK % 8 == 0 && COL_STRIDE >= BLOCK + 8);
G_STATIC_ASSERT (N_BINS % 8 == 0 && N_BINS_EXACT % 8 == 0 && N_BINS_SMALL % 8 == 0);
/* gw-cpu-reduce.c finds the tails next to the uniform bins */
G_STATIC_ASSERT (BIN_LOWTAIL == BIN_U0 - 1 && BIN_HIGHTAIL (N_BINS) == BIN_U0 + N_BINS);

/* What the worker threads do; every kind of job is independent of the
 * others of its pass and writes disjoint memory. */
enum
{
  PASS_PILOT,           /* a block of pilot paths */
  PASS_1,               /* a chunk of paths: sums, extremes, histogram */
  PASS_2,               /* a chunk of paths: collect order-statistic bins */
  PASS_PILOT_STATS,     /* a column: the pilot's extremes and P0.5, P99.5 */
  PASS_QUANTILES,       /* a column: its quantiles */
  PASS_SCALARS,         /* a scalar: its summary */
};
#define SUB_BINS    4096
/* Values pass 2 may collect for exact selection; beyond this, the largest
 * bins get a finer histogram instead (and their quantiles are approximate,
 * well inside the order-statistic band). */
#define COLLECT_BUDGET (16u * 1024u * 1024u)
/* How far rounding may put a value across a bin's edge, relative to the
 * column's largest magnitude (at most a few ulps; see the header comment). */
#define EDGE_SLACK  0x1p-46

/* Buffers of many values (the pilot, the block buffers, the counters, the
 * collected values) are aligned to 2 MiB and, where the system has them,
 * advised into transparent huge pages: their accesses are spread over
 * megabytes, and 4 KiB pages would cost a TLB miss on most of them and a
 * page fault for every 4 KiB on first touch. Freed with big_free(). */
#define BIG_PAGE (2u * 1024u * 1024u)

static gpointer
big_alloc (gsize    size,
           gboolean zero)
{
  gpointer p = NULL;

  size = MAX (size, 1);
  if (posix_memalign (&p, size >= BIG_PAGE ? BIG_PAGE : 64, size) != 0)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
#if defined (__linux__) && defined (MADV_HUGEPAGE)
  if (size >= BIG_PAGE)
    madvise (p, size / BIG_PAGE * BIG_PAGE, MADV_HUGEPAGE);  /* advice: failing is fine */
#endif
  if (zero)
    memset (p, 0, size);
  return p;
}

static void
big_free (gpointer p)
{
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

/* One target of pass 2: a histogram bin of a column whose values are
 * needed for exact quantiles (offset into Run.collected). */
typedef GwCollectTarget Target;

/* A column's histogram range, shift, atoms and windows (gw-cpu-private.h),
 * and the block reductions that read them. */
typedef GwCpuCol Col;
typedef GwCpuReducer Reducer;

typedef struct
{
  const GwPlan *plan;
  guint         n_paths;
  guint         n_threads;
  guint         n_input_paths;
  GCancellable *cancellable;
  gboolean      exact;          /* pass 2 for exact quantiles */

  guint         chunk;
  guint         n_chunks;

  /* pass 1 */
  const Reducer *reduce;        /* the block reductions */
  const GwCpuSim *sim;          /* the path code */
  guint         nb;             /* uniform bins */
  gsize        *hist_at;        /* [n_cols + 1]: where a column's counters start */
  gsize         n_counters;     /* all columns' */
  guint         n_fine;         /* counters for a column's windows */
  Col          *col;            /* [n_cols] */
  double       *atoms;          /* [n_cols][ATOM_MAX][3] */
  guint        *atom_host;      /* [n_cols][ATOM_MAX]: the bin an atom's value would be in */
  guint32      *hist;           /* [n_counters] at hist_at[c], the threads' counts added */
  GMutex        hist_lock;
  double       *chunk_s1;       /* [n_chunks][n_cols] */
  double       *chunk_s2;
  double       *t_min;          /* [threads][n_cols] */
  double       *t_max;
  guint16      *t_hist;         /* [threads][n_counters], added to hist and cleared */
  guint        *t_pending;      /* [threads]: paths in t_hist not yet in hist */

  /* pass 2 */
  gint8        *bin_target;     /* [n_counters]: -1 or index in the column's targets */
  guint        *col_target0;    /* [n_cols]: first target of the column */
  Target       *targets;
  guint         n_targets;
  double       *collected;
  guint32      *sub_hist;       /* [n_sub][SUB_BINS] */
  guint         n_sub;

  GwResults    *results;

  double       *pilot;          /* [n_cols][n_pilot], kept for passes 1 and 2 */
  double      **t_groups;       /* [n_threads] groups' scratch for pass 1 */
  gboolean      whole_blocks;   /* pass 1 simulates whole blocks (GW_CPU_BLOCKS) */
  double      **t_buf;          /* [n_threads] block buffers, kept from pass to
                                 * pass (no page faults for a new one each pass) */
  guint         n_pilot;
  guint         n_pilot_kept;   /* pilot paths passes 1 and 2 take from it */
  guint         n_jobs;
  int           n_approx;       /* atomic */
  int           next;           /* atomic: next chunk or job */
  int           pass;
  int           done;           /* atomic: paths done in this pass */
  gboolean      failed;
  GMutex        lock;
  GCond         cond;
  guint         running;
} Run;

/* A worker's memory for the pilot's statistics. */
typedef struct
{
  double *v;            /* [n_pilot + 8] a column */
  double *sorted;       /* [n_pilot] its values by bin */
  gint64 *idx;          /* [n_pilot + 8] their bins */
  guint  *start;        /* [N_HIST (nb) + 1] where a bin's values start in sorted */
  guint  *fill;         /* [N_HIST (nb)] */
} PilotScratch;

static void pilot_block      (Run *run, guint thread, guint job, double *scratch, double *buf);
static void pilot_column     (Run *run, guint c, PilotScratch *ps);
static void column_quantiles (Run *run, guint c);

/* The per-block reductions, once per instruction set (gw-cpu-reduce.c, built
 * as gw-cpu-sim.c is); gw_cpu_run() picks the widest the machine has. */
static const Reducer *const reducers[] = {
  &gw_cpu_reduce_baseline,
#ifdef GW_CPU_SIM_X86
  &gw_cpu_reduce_avx2,
  &gw_cpu_reduce_avx512,
#endif
};

/* The widest reductions the machine runs, or those GW_CPU_REDUCE names
 * (sse2, avx2, avx512; for tests and measurements). */
static const Reducer *
pick_reducer (void)
{
  const char *want = gw_debug ()->cpu_reduce;
  guint best = 0;

#ifdef GW_CPU_SIM_X86
  if (gw_cpu_has_x86_64_v4 ())
    best = 2;
  else if (gw_cpu_has_x86_64_v3 ())
    best = 1;
#endif
  if (want != NULL)
    for (guint i = 0; i <= best; i++)
      if (g_str_equal (want, reducers[i]->name))
        return reducers[i];
  return reducers[best];
}

/* Counts the bins of a block into a column's 16-bit counters h. */
static inline void
count_bins (guint16      *h,
            guint         nb,
            const gint64 *idx,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    h[idx[i]]++;
  for (guint j = 0; j < 8; j++)
    {
      h[BIN_PMIN] += h[BIN_SPILL_MIN (nb) + j];
      h[BIN_PMAX (nb)] += h[BIN_SPILL_MAX (nb) + j];
      h[BIN_SPILL_MIN (nb) + j] = 0;
      h[BIN_SPILL_MAX (nb) + j] = 0;
    }
}

/* Whether every value in a bin is one known number, and which. */
static gboolean
bin_is_point (const Run *run,
              guint      c,
              guint      bin,
              double    *value)
{
  const Col *col = &run->col[c];

  if (bin == BIN_PMIN)
    *value = col->pmin;
  else if (bin == BIN_PMAX (run->nb))
    *value = col->pmax;
  else if (bin == BIN_U0 && col->lo == col->hi)
    *value = col->lo;
  else
    return FALSE;
  return TRUE;
}

/* Whether a bin is one of the tails beyond the pilot's P0.5..P99.5. */
static gboolean
bin_is_tail (const Run *run,
             guint      bin)
{
  return bin == BIN_BELOW || bin == BIN_LOWTAIL || bin == BIN_HIGHTAIL (run->nb)
         || bin == BIN_ABOVE (run->nb);
}

/* Steps through a column's counters in the order of their values: each
 * uniform bin, then the fine bins and the gap counter of each window that
 * starts in it. */
typedef struct
{
  guint bin;
  guint w;              /* the window bin is in, or the next one */
} BinIter;

static inline void
bin_iter_init (BinIter *it)
{
  it->bin = BIN_BELOW;
  it->w = 0;
}

/* To the next counter; FALSE after the last. */
static inline gboolean
bin_iter_next (const Col *col,
               guint      nb,
               BinIter   *it)
{
  guint j;

  if (it->bin >= BIN_FINE (nb))
    {
      if (it->bin < col->win_base[it->w] + col->win_n[it->w])
        {
          it->bin++;    /* the next fine bin, or the gap */
          return TRUE;
        }
      j = col->win_j0[it->w++];
    }
  else if (it->bin >= BIN_U0 && it->bin < BIN_U0 + nb)
    j = it->bin - BIN_U0;
  else if (it->bin == BIN_ABOVE (nb))
    return FALSE;
  else
    {
      it->bin++;
      return TRUE;
    }
  /* after uniform bin j and the windows that start in it so far */
  if (it->w < col->n_win && col->win_j0[it->w] == j)
    it->bin = col->win_base[it->w];
  else
    it->bin = BIN_U0 + j + 1;
  return TRUE;
}

/* The range of a bin's values. */
static void
bin_range (const Run       *run,
           const GwSummary *sm,
           guint            c,
           guint            bin,
           double          *a,
           double          *b)
{
  const Col *col = &run->col[c];

  if (bin == BIN_BELOW)
    *a = sm->min, *b = col->pmin;
  else if (bin == BIN_LOWTAIL)
    *a = col->pmin, *b = col->lo;
  else if (bin == BIN_HIGHTAIL (run->nb))
    *a = col->hi, *b = col->pmax;
  else if (bin == BIN_ABOVE (run->nb))
    *a = col->pmax, *b = sm->max;
  else if (bin >= BIN_FINE (run->nb))
    {
      guint k = 0, i;

      while (bin > col->win_base[k] + col->win_n[k])
        k++;
      i = bin - col->win_base[k];
      if (i < col->win_n[k])
        {
          *a = col->win_e0[k] + i * col->win_wf[k];
          *b = i + 1 < col->win_n[k] ? *a + col->win_wf[k] : col->win_e1[k];
        }
      else
        *a = col->win_e1[k], *b = col->win_gap_hi[k];
    }
  else
    {
      double w = (col->hi - col->lo) / run->nb;

      *a = col->lo + (bin - BIN_U0) * w;
      *b = *a + w;
      /* a window that starts in the bin takes its values from e0 on */
      for (guint k = 0; k < col->n_win; k++)
        if (col->win_j0[k] == bin - BIN_U0)
          {
            *b = MAX (*a, col->win_e0[k]);
            break;
          }
    }
}

/* The per-path scalars of a group of m paths from path0, from the lanes'
 * ls[k * lanes + L] to scalars[k * stride + path]. */
static void
keep_scalars (const Run    *run,
              const double *ls,
              guint32       path0,
              guint         m,
              double       *scalars,
              gsize         stride)
{
  guint W = run->sim->lanes;

  for (guint k = 0; k < run->plan->n_scalars; k++)
    memcpy (scalars + (gsize) k * stride + path0, ls + (gsize) k * W, m * sizeof (double));
}

/* The uncertain inputs of a group of m paths from path0, from the lanes'
 * sampled x[slot * lanes + L], kept for sensitivity when the paths are
 * among the first n_input_paths. */
static void
keep_inputs (const Run    *run,
             const double *x,
             guint32       path0,
             guint         m)
{
  GwResults *res = run->results;
  guint W = run->sim->lanes;

  if (path0 >= run->n_input_paths)
    return;
  m = MIN (m, run->n_input_paths - path0);
  for (guint k = 0; k < res->n_inputs; k++)
    for (guint l = 0; l < m; l++)
      res->inputs[(gsize) k * res->n_input_paths + path0 + l] =
        x[(gsize) res->input_slots[k] * W + l];
}

/* Paths first .. first + n - 1 into buf[c * COL_STRIDE + i], the path
 * code's lanes at a time; a last, partial group runs whole and its extra
 * lanes land in the rows' padding. Scalars go to scalars[x * scalar_stride
 * + path] unless scalars is NULL (a replay). scratch holds (plan->scratch +
 * n_scalars) x GW_CPU_SIM_MAX_LANES reals, enough for any variant's lanes. */
static void
simulate_block (const Run *run,
                double    *scratch,
                guint      first,
                guint      n,
                double    *buf,
                double    *scalars,
                gsize      scalar_stride)
{
  const GwPlan *plan = run->plan;
  const GwCpuSim *sim = run->sim;
  guint W = sim->lanes;
  double *x = scratch;
  double *ls = scratch + (gsize) plan->scratch * W;

  G_STATIC_ASSERT (COL_STRIDE >= BLOCK + GW_CPU_SIM_MAX_LANES && BLOCK % GW_CPU_SIM_MAX_LANES == 0);
  for (guint i = 0; i < n; i += W)
    {
      guint32 path0 = first + i;
      guint m = MIN (W, n - i);

      sim->run (plan, path0, GW_MODE_RANDOM, -1, 0, x, buf + i, COL_STRIDE, ls);
      if (scalars != NULL)
        keep_scalars (run, ls, path0, m, scalars, scalar_stride);
      if (run->pass == PASS_1 || run->pass == PASS_PILOT)
        keep_inputs (run, x, path0, m);
    }
}

/* A block of paths into buf: from the kept pilot when it holds them, else
 * simulated (the same numbers either way). */
static void
fill_block (Run    *run,
            double *scratch,
            guint   p,
            guint   n,
            double *buf,
            double *scalars,
            gsize   scalar_stride)
{
  if (p + n <= run->n_pilot_kept)
    {
      for (guint c = 0; c < run->plan->n_cols; c++)
        memcpy (buf + (gsize) c * COL_STRIDE, run->pilot + (gsize) c * run->n_pilot + p,
                n * sizeof (double));
      return;
    }
  simulate_block (run, scratch, p, n, buf, scalars, scalar_stride);
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
static guint
pilot_size (guint n_paths)
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
static guint
n_bins (guint    n_paths,
        gboolean exact_quantiles)
{
  if (exact_quantiles)
    return N_BINS_EXACT;
  return n_paths <= SMALL_RUN ? N_BINS_SMALL : N_BINS;
}

/* Whether every value of a block is x (NaN never is). */
static gboolean
block_is (const double *v,
          guint         n,
          double        x)
{
  guint differ = 0;

  for (guint i = 0; i < n; i++)
    differ |= v[i] != x;
  return differ == 0;
}

/* Reals of one group of lanes in pass1_block_quarters(): the path scratch,
 * the lane scalars and the state, rounded to whole cache lines. */
static gsize
group_reals (const GwPlan   *plan,
             const GwCpuSim *sim)
{
  gsize n = ((gsize) plan->scratch + plan->n_scalars) * sim->lanes
            + (sim->state_size + sizeof (double) - 1) / sizeof (double);

  return (n + 7) / 8 * 8;
}

/* Adds a thread's 16-bit counters to the histogram and clears them. */
static void
flush_counts (Run   *run,
              guint  thread)
{
  gsize n = run->n_counters;
  guint16 *h16 = run->t_hist + (gsize) thread * n;

  if (run->t_pending[thread] == 0)
    return;
  g_mutex_lock (&run->hist_lock);
  for (gsize i = 0; i < n; i++)
    run->hist[i] += h16[i];
  g_mutex_unlock (&run->hist_lock);
  memset (h16, 0, n * sizeof *h16);
  run->t_pending[thread] = 0;
}

/* Where pass 1 reduces a chunk's blocks: the chunk's shifted sums, the
 * thread's extremes and 16-bit counters (all indexed by column), and a
 * block's bins. */
typedef struct
{
  double  *s1;
  double  *s2;
  double  *mn;
  double  *mx;
  guint16 *hist;
  gint64   idx[BLOCK];
} Acc;

/* Pass 1's reduction of one column's values v[0..n) in a block: sums,
 * extremes and bins into the thread's counters. */
static inline void
reduce_column (Run          *run,
               guint         c,
               const double *v,
               guint         n,
               Acc          *a)
{
  const Col *col = &run->col[c];

  /* a column the pilot found constant, still constant: all its values go
   * to the pilot minimum's counter, and the shifted sums gain exact zeros
   * (what the reduction would add) */
  if (col->constant && block_is (v, n, col->pmin))
    {
      a->hist[run->hist_at[c] + BIN_PMIN] += n;
      a->mn[c] = MIN (a->mn[c], col->pmin);
      a->mx[c] = MAX (a->mx[c], col->pmax);
      return;
    }
  run->reduce->reduce (col, run->nb, v, n, &a->s1[c], &a->s2[c], &a->mn[c], &a->mx[c], a->idx);
  count_bins (a->hist + run->hist_at[c], run->nb, a->idx, n);
}

/* A column's counters, on their way to the cache while another column is
 * reduced (its increments land anywhere in the row, which the hardware
 * prefetchers do not foresee). */
static inline void
prefetch_counters (const Run     *run,
                   const guint16 *hist,
                   guint          c)
{
  const char *row = (const char *) (hist + run->hist_at[c]);
  gsize used = run->hist_at[c + 1] - run->hist_at[c];

  for (gsize o = 0; o < used * sizeof (guint16); o += 64)
    __builtin_prefetch (row + o, 1, 3);
}

/* Pass 1 (or the pilot, with a NULL) on up to STEP_PATHS paths simulated
 * a few quarters at a time: every
 * group of lanes steps through quarters t .. t + QUARTERS_STEP - 1, their
 * series values (one row per series and quarter, 84 per quarter for the
 * baseline) land in buf, and those columns are reduced before the next
 * step, so the values go from the path code to the reduction through the
 * L2 cache rather than through a block buffer of every column (5 MB for
 * the baseline). The groups' scratch and state, which carry the paths from
 * step to step, are in groups. The numbers are those of simulate_block(). */
static void
pass1_block_quarters (Run      *run,
                      guint     p,
                      guint     n,
                      double   *groups,
                      double   *buf,
                      Acc      *a)
{
  const GwPlan *plan = run->plan;
  const GwCpuSim *sim = run->sim;
  guint W = sim->lanes, ng = (n + W - 1) / W, T = plan->T, ns = plan->n_series;
  gsize per = group_reals (plan, sim);
  gsize ls_at = (gsize) plan->scratch * W, st_at = ls_at + (gsize) plan->n_scalars * W;

  for (guint t = 0; t < T; t += QUARTERS_STEP)
    {
      guint t1 = MIN (t + QUARTERS_STEP, T);

      for (guint g = 0; g < ng; g++)
        {
          double *scr = groups + g * per;
          guint32 path0 = p + g * W;

          sim->quarters (plan, path0, scr, scr + st_at, t, t1, buf + g * W, STEP_STRIDE,
                         scr + ls_at);
          if (t == 0)
            keep_inputs (run, scr, path0, MIN (W, n - g * W));
        }
      for (guint tq = t; tq < t1; tq++)
        for (guint sr = 0; sr < ns; sr++)
          {
            const double *v = buf + ((gsize) (tq - t) * ns + sr) * STEP_STRIDE;

            if (a == NULL)
              {
                /* the pilot keeps the values */
                memcpy (run->pilot + (gsize) (sr * T + tq) * run->n_pilot + p, v,
                        n * sizeof (double));
                continue;
              }
            if (sr + 1 < ns)
              prefetch_counters (run, a->hist, (sr + 1) * T + tq);
            /* BLOCK at a time, as simulate_block()'s blocks are reduced:
             * the same sums in the same order */
            for (guint b = 0; b < n; b += BLOCK)
              reduce_column (run, sr * T + tq, v + b, MIN (BLOCK, n - b), a);
          }
    }
  for (guint g = 0; g < ng; g++)
    keep_scalars (run, groups + g * per + ls_at, p + g * W, MIN (W, n - g * W),
                  run->results->scalar_values, run->n_paths);
}

static void
pass1_chunk (Run     *run,
             guint    thread,
             guint    chunk,
             double  *scratch,
             double  *buf)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint first = chunk * run->chunk;
  guint last = MIN (first + run->chunk, run->n_paths);
  Acc a = {
    .s1 = run->chunk_s1 + (gsize) chunk * n_cols,
    .s2 = run->chunk_s2 + (gsize) chunk * n_cols,
    .mn = run->t_min + (gsize) thread * n_cols,
    .mx = run->t_max + (gsize) thread * n_cols,
    .hist = run->t_hist + (gsize) thread * run->n_counters,
  };

  for (guint p = first, n; p < last; p += n)
    {
      n = MIN (BLOCK, last - p);
      if (g_cancellable_is_cancelled (run->cancellable))
        return;
      if (run->t_pending[thread] + n > FLUSH_PATHS)
        flush_counts (run, thread);
      if (p + n > run->n_pilot_kept && !run->whole_blocks)
        {
          /* up to STEP_BLOCKS blocks at once (the later ones are past the
           * pilot's paths too) */
          n = MIN (STEP_PATHS, last - p);
          if (run->t_pending[thread] + n > FLUSH_PATHS)
            flush_counts (run, thread);
          if (run->t_groups[thread] == NULL)
            run->t_groups[thread] = g_new0 (double, group_reals (plan, run->sim)
                                                     * (STEP_PATHS / run->sim->lanes));
          pass1_block_quarters (run, p, n, run->t_groups[thread], buf, &a);
        }
      else
        {
          fill_block (run, scratch, p, n, buf, run->results->scalar_values, run->n_paths);
          for (guint c = 0; c < n_cols; c++)
            {
              if (c + 1 < n_cols)
                prefetch_counters (run, a.hist, c + 1);
              reduce_column (run, c, buf + (gsize) c * COL_STRIDE, n, &a);
            }
        }
      run->t_pending[thread] += n;
      g_atomic_int_add (&run->done, (int) n);
    }
}

static void
pass2_chunk (Run    *run,
             guint   chunk,
             double *scratch,
             double *buf)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint first = chunk * run->chunk;
  guint last = MIN (first + run->chunk, run->n_paths);
  gint64 idx[BLOCK];

  for (guint p = first; p < last; p += BLOCK)
    {
      guint n = MIN (BLOCK, last - p);

      if (g_cancellable_is_cancelled (run->cancellable))
        return;
      fill_block (run, scratch, p, n, buf, NULL, 0);
      for (guint c = 0; c < n_cols; c++)
        {
          const double *v = buf + (gsize) c * COL_STRIDE;
          const gint8 *bt = run->bin_target + run->hist_at[c];

          if (run->col_target0[c] == G_MAXUINT)
            continue;
          run->reduce->bins (&run->col[c], run->nb, v, n, idx);
          for (guint i = 0; i < n; i++)
            {
              guint bin = idx[i];
              Target *tg;

              if (bt[bin] < 0)
                continue;
              tg = &run->targets[run->col_target0[c] + bt[bin]];
              if (tg->offset != GW_COLLECT_SUB)
                {
                  int at = g_atomic_int_add (&tg->fill, 1);

                  run->collected[tg->offset + at] = v[i];
                }
              else
                {
                  /* sub-histogram over the bin's own range */
                  double ra, rb, f;

                  bin_range (run, &run->results->series[c], c, bin, &ra, &rb);
                  f = rb > ra ? (v[i] - ra) / (rb - ra) * SUB_BINS : 0;
                  guint s = f <= 0 ? 0 : f >= SUB_BINS ? SUB_BINS - 1 : (guint) f;

                  g_atomic_int_inc ((int *) &run->sub_hist[(gsize) tg->sub * SUB_BINS + s]);
                  if (tg->atom >= 0 && v[i] < run->col[c].atom[3 * tg->atom])
                    g_atomic_int_inc (&tg->n_lo);
                }
            }
        }
      g_atomic_int_add (&run->done, (int) n);
    }
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
        run->t_buf[w->thread] = big_alloc (MAX ((gsize) plan->n_cols * COL_STRIDE,
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
          pilot_block (run, w->thread, job, scratch, buf);
          break;
        case PASS_1:
          pass1_chunk (run, w->thread, job, scratch, buf);
          break;
        case PASS_2:
          pass2_chunk (run, job, scratch, buf);
          break;
        case PASS_PILOT_STATS:
          pilot_column (run, job, &ps);
          break;
        case PASS_QUANTILES:
          column_quantiles (run, job);
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
    flush_counts (run, w->thread);

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

/* The pilot: the first paths, kept whole, give every column its extremes
 * and its P0.5 and P99.5, the range of the uniform bins. Their scalars and
 * inputs are stored as in pass 1, which then takes their values from here
 * rather than simulating them again. */
static void
pilot_block (Run    *run,
             guint   thread,
             guint   job,
             double *scratch,
             double *buf)
{
  guint p = job * BLOCK;
  guint m = MIN (BLOCK, run->n_pilot - p);

  if (!run->whole_blocks)
    {
      /* a few quarters at a time, as pass 1 does: whole paths into a
       * block buffer of every column cost more than twice as much a path
       * (the buffer does not stay in the caches) */
      if (run->t_groups[thread] == NULL)
        run->t_groups[thread] = g_new0 (double, group_reals (run->plan, run->sim)
                                                 * (STEP_PATHS / run->sim->lanes));
      pass1_block_quarters (run, p, m, run->t_groups[thread], buf, NULL);
    }
  else
    {
      simulate_block (run, scratch, p, m, buf, run->results->scalar_values, run->n_paths);
      for (guint c = 0; c < run->plan->n_cols; c++)
        memcpy (run->pilot + (gsize) c * run->n_pilot + p, buf + (gsize) c * COL_STRIDE,
                m * sizeof (double));
    }
  g_atomic_int_add (&run->done, (int) m);
}


/* The pilot's extremes and its P0.5 and P99.5 (may reorder v). */
static void
pilot_range (double *v,
             guint   n,
             double *pmin,
             double *pmax,
             double *lo,
             double *hi)
{
  gsize klo = (gsize) floor (0.005 * (n - 1)), khi = (gsize) ceil (0.995 * (n - 1));
  double small[64], large[64];    /* the klo + 1 smallest, ascending; the n - khi largest */
  guint ns = 0, nl = 0, want_s = klo + 1, want_l = n - khi;

  if (want_s <= G_N_ELEMENTS (small) && want_l <= G_N_ELEMENTS (large))
    {
      /* one pass, inserting the few values that enter either end */
      for (guint i = 0; i < n; i++)
        {
          double x = v[i];
          guint j;

          if (ns < want_s || x < small[ns - 1])
            {
              j = ns < want_s ? ns++ : ns - 1;
              for (; j > 0 && small[j - 1] > x; j--)
                small[j] = small[j - 1];
              small[j] = x;
            }
          if (nl < want_l || x > large[nl - 1])
            {
              j = nl < want_l ? nl++ : nl - 1;
              for (; j > 0 && large[j - 1] < x; j--)
                large[j] = large[j - 1];
              large[j] = x;
            }
        }
      *pmin = small[0];
      *lo = small[klo];
      *pmax = large[0];
      *hi = large[n - 1 - khi];
      return;
    }

  *pmin = *pmax = v[0];
  for (guint i = 1; i < n; i++)
    {
      *pmin = MIN (*pmin, v[i]);
      *pmax = MAX (*pmax, v[i]);
    }
  gw_select_kth (v, n, klo);
  *lo = v[klo];
  /* the larger values are above klo now */
  gw_select_kth (v + klo, n - klo, khi - klo);
  *hi = v[khi];
}

/* Sorts a few doubles. */
static void
sort_small (double *v,
            guint   n)
{
  for (guint i = 1; i < n; i++)
    {
      double x = v[i];
      guint j = i;

      for (; j > 0 && v[j - 1] > x; j--)
        v[j] = v[j - 1];
      v[j] = x;
    }
}

/* Sorts doubles: quicksort down to a few, then insertion. */
static void
sort_doubles (double *v,
              gsize   n)
{
  while (n > 12)
    {
      double a = v[0], b = v[n / 2], c = v[n - 1];
      double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
      gsize i = 0, j = n - 1;

      for (;;)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i >= j)
            break;
          {
            double t = v[i];

            v[i] = v[j];
            v[j] = t;
          }
          i++;
          j--;
        }
      /* [0, j] <= pivot <= [j + 1, n): the smaller part first */
      if (j + 1 < n - j - 1)
        {
          sort_doubles (v, j + 1);
          v += j + 1;
          n -= j + 1;
        }
      else
        {
          sort_doubles (v + j + 1, n - j - 1);
          n = j + 1;
        }
    }
  sort_small (v, (guint) n);
}

/* The pilot's values by bin (no windows or atoms yet) into ps->sorted,
 * bin b's from ps->start[b] on: the bins 0 .. BIN_ABOVE, in the order of
 * their values, those of the extremes with their spill counters'. */
static void
pilot_by_bin (Run          *run,
              const Col    *col,
              const double *v,
              guint         n,
              PilotScratch *ps)
{
  guint nb = run->nb, n_bins = BIN_ABOVE (nb) + 1;

  run->reduce->bins (col, nb, v, n, ps->idx);
  memset (ps->start, 0, (n_bins + 1) * sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      gint64 b = ps->idx[i];

      if (b >= BIN_SPILL_MIN (nb) && b < BIN_SPILL_MIN (nb) + 8)
        b = BIN_PMIN;
      else if (b >= BIN_SPILL_MAX (nb) && b < BIN_SPILL_MAX (nb) + 8)
        b = BIN_PMAX (nb);
      ps->idx[i] = b;
      ps->start[b + 1]++;
    }
  for (guint b = 0; b < n_bins; b++)
    ps->start[b + 1] += ps->start[b];
  memcpy (ps->fill, ps->start, n_bins * sizeof (guint));
  for (guint i = 0; i < n; i++)
    ps->sorted[ps->fill[ps->idx[i]]++] = v[i];
}

/* The pilot's order statistic of rank r (0-based), from its values by bin
 * (may reorder those of its bin). */
static guint
pilot_rank_bin (const Run          *run,
                const PilotScratch *ps,
                gsize               r)
{
  guint lo = 0, hi = BIN_ABOVE (run->nb);

  /* the last bin that starts at or before r */
  while (lo < hi)
    {
      guint mid = (lo + hi + 1) / 2;

      if (ps->start[mid] <= r)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

static double
pilot_rank (const Run    *run,
            const Col    *col,
            PilotScratch *ps,
            gsize         r)
{
  guint b = pilot_rank_bin (run, ps, r);

  if (b == BIN_PMIN)
    return col->pmin;
  if (b == BIN_PMAX (run->nb))
    return col->pmax;
  gw_select_kth (ps->sorted + ps->start[b], ps->start[b + 1] - ps->start[b], r - ps->start[b]);
  return ps->sorted[r];
}

/* The pilot's values in [a, b] within [lo, hi]: how many, and how many in the
 * fullest quarter of the range. */
static guint
pilot_quarters (const Run          *run,
                const Col          *col,
                const PilotScratch *ps,
                double              a,
                double              b,
                guint              *most)
{
  double wb = (col->hi - col->lo) / run->nb;
  guint quarter[4] = { 0 }, inside = 0;
  /* the bins that may hold them, one more either side for rounding */
  guint b0 = (guint) CLAMP (BIN_U0 + floor ((a - col->lo) / wb) - 1, BIN_LOWTAIL,
                            BIN_HIGHTAIL (run->nb));
  guint b1 = (guint) CLAMP (BIN_U0 + floor ((b - col->lo) / wb) + 1, b0,
                            BIN_HIGHTAIL (run->nb));

  for (guint i = ps->start[b0]; i < ps->start[b1 + 1]; i++)
    {
      double x = ps->sorted[i];

      if (x >= a && x <= b)
        {
          quarter[MIN ((guint) ((x - a) / (b - a) * 4), 3)]++;
          inside++;
        }
    }
  *most = MAX (MAX (quarter[0], quarter[1]), MAX (quarter[2], quarter[3]));
  return inside;
}

/* Values the pilot repeats (a deal's value, a backlog when no deal has
 * defaulted) other than its extremes: the ATOM_MAX most frequent with at
 * least ATOM_MIN copies within a tolerance, at most one per bin (the most
 * frequent of the bin). Each gets a counter of its own, so that a quantile
 * there is the value itself (within the tolerance) rather than interpolated
 * in its bin. */
static void
find_atoms (Run          *run,
            guint         c,
            PilotScratch *ps)
{
  Col *col = &run->col[c];
  guint nb = run->nb, m = 0;
  double *atom = run->atoms + (gsize) c * ATOM_MAX * 3;
  guint *host = run->atom_host + (gsize) c * ATOM_MAX;
  guint count[ATOM_MAX];
  double tol = ATOM_TOL * MAX (fabs (col->pmin), fabs (col->pmax));

  col->atom = atom;
  col->n_atoms = 0;
  for (guint b = 0; b <= BIN_ABOVE (nb); b++)
    {
      double *w = ps->sorted + ps->start[b];
      guint k = ps->start[b + 1] - ps->start[b], best = 0, at;
      double value = 0, lo, hi;

      if (b == BIN_PMIN || b == BIN_PMAX (nb) || k < ATOM_MIN)
        continue;
      lo = hi = w[0];
      for (guint i = 1; i < k; i++)
        {
          lo = MIN (lo, w[i]);
          hi = MAX (hi, w[i]);
        }
      if (hi - lo <= tol)
        {
          /* the usual case: the bin holds one value (up to rounding) */
          best = k;
          value = lo + (hi - lo) / 2;
        }
      else if (k >= ATOM_SORT)
        {
          /* a value among others: runs of values within tol of their
           * first, and the value in the middle of the longest */
          sort_doubles (w, k);
          for (guint i = 0, j; i < k; i = j)
            {
              for (j = i + 1; j < k && w[j] <= w[i] + tol; j++)
                ;
              if (j - i > best)
                {
                  best = j - i;
                  value = w[i + (j - i) / 2];
                }
            }
        }
      if (best < ATOM_MIN || (m == ATOM_MAX && best <= count[m - 1]))
        continue;
      /* into the list, most frequent first */
      at = m < ATOM_MAX ? m++ : m - 1;
      for (; at > 0 && count[at - 1] < best; at--)
        {
          count[at] = count[at - 1];
          memcpy (atom + 3 * at, atom + 3 * (at - 1), 3 * sizeof (double));
          host[at] = host[at - 1];
        }
      count[at] = best;
      atom[3 * at] = value;
      atom[3 * at + 1] = value - tol;
      atom[3 * at + 2] = value + tol;
      host[at] = b;
    }
  col->n_atoms = m;
}

/* After the windows: each atom's host is the counter its value now goes
 * to; of two atoms there, the more frequent stays. */
static void
rehost_atoms (Run   *run,
              guint  c)
{
  Col *col = &run->col[c];
  double *atom = run->atoms + (gsize) c * ATOM_MAX * 3;
  guint *host = run->atom_host + (gsize) c * ATOM_MAX;
  guint n_atoms = col->n_atoms, m = 0;
  double x[8];
  gint64 idx[8];

  if (col->n_win == 0 || n_atoms == 0)
    return;
  col->n_atoms = 0;
  for (guint k = 0; k < n_atoms; k++)
    {
      gboolean taken = FALSE;

      for (guint i = 0; i < 8; i++)
        x[i] = atom[3 * k];
      run->reduce->bins (col, run->nb, x, 8, idx);
      for (guint a = 0; a < m; a++)
        taken |= host[a] == (guint) idx[0];
      /* (a value at an extreme is counted there) */
      if (taken || ((guint) idx[0] > BIN_ABOVE (run->nb) && (guint) idx[0] < BIN_FINE (run->nb)))
        continue;
      memmove (atom + 3 * m, atom + 3 * k, 3 * sizeof (double));
      host[m++] = (guint) idx[0];
    }
  col->n_atoms = m;
}

/* e moved clear of the uniform bins' edges by at least clear, unless it
 * is lo or hi. */
static double
clear_of_edges (const Col *col,
                double     wb,
                double     clear,
                double     e)
{
  double j, lower, upper;

  if (e <= col->lo || e >= col->hi)
    return e;
  j = floor ((e - col->lo) / wb);
  lower = col->lo + j * wb;
  upper = col->lo + (j + 1) * wb;
  if (e - lower < clear)
    return lower + clear;
  if (upper - e < clear)
    return upper - clear;
  return e;
}

/* The order-statistic band of quantile q holds the interpolated values of
 * a bin with at most 4 s - 2 values (s = sqrt (N p (1 - p))) whatever
 * their ranks (see the header comment), the fit. A uniform bin can hold
 * more where the values are dense. Where the pilot says one could hold
 * more than fit / WIN_TRIGGER_SAFETY near the quantile (its order
 * statistics WIN_TRIGGER standard deviations either side of its estimate,
 * in a quarter of that range), a window covers the values between the
 * pilot's order statistics WIN_SIGMAS standard deviations below and above
 * its estimate (up to where it meets the next quantile's window, halfway
 * between their estimates) with fine bins: in each of WIN_PIECES pieces
 * with as many pilot values, as many as those values (and 1 more) scaled
 * to N and times WIN_SAFETY over fit ask for, so that the bins follow the
 * density as the quantiles do. Neighbouring pieces whose bins are within a
 * factor 2 merge (the finer bins win), and so do the closest while there
 * are more than WIN_MAX. When they need more than FINE_MAX (nb) counters,
 * they get fewer bins, and the bins they leave too full go to pass 2.
 * ps holds the pilot's values by bin (pilot_by_bin()). */
static void
choose_windows (Run          *run,
                guint         c,
                guint         n,
                PilotScratch *ps)
{
  Col *col = &run->col[c];
  guint nb = run->nb, N = run->n_paths, m = 0, n_q = 0, base = BIN_FINE (nb);
  guint fine_max = FINE_MAX (nb, N), nf[WIN_PIECES * GW_N_QUANTILES];
  guint least[WIN_PIECES * GW_N_QUANTILES];
  double wb = (col->hi - col->lo) / nb, scale = (double) N / n;
  double e0[WIN_PIECES * GW_N_QUANTILES], e1[WIN_PIECES * GW_N_QUANTILES];
  double wf[WIN_PIECES * GW_N_QUANTILES], fit[GW_N_QUANTILES];
  gsize r0[GW_N_QUANTILES], r1[GW_N_QUANTILES], rq[GW_N_QUANTILES], total = 0;
  /* well beyond the rounding of a value's bin (see the header comment) */
  double clear = MAX (1e-6 * wb, 0x1p-40 * MAX (fabs (col->lo), fabs (col->hi)));

  col->n_win = 0;
  if (fine_max == 0 || !(col->hi > col->lo) || clear > 1e-3 * wb)
    return;

  /* the quantiles that need a window, and its pilot ranks */
  for (guint q = 0; q < GW_N_QUANTILES; q++)
    {
      double p = gw_quantile_levels[q], sd = sqrt (p * (1 - p) / n);
      gsize t0 = (gsize) CLAMP (floor ((p - WIN_TRIGGER * sd) * (n - 1)), 0, n - 1);
      gsize t1 = (gsize) CLAMP (ceil ((p + WIN_TRIGGER * sd) * (n - 1)), 0, n - 1);
      guint b0 = MAX (pilot_rank_bin (run, ps, t0), BIN_U0);
      guint b1 = MIN (pilot_rank_bin (run, ps, t1), BIN_U0 + nb - 1), most = 0;

      fit[n_q] = MAX (4 * sqrt (N * p * (1 - p)) - 2, 1);
      /* the fullest uniform bin there, if any */
      for (guint b = b0; b <= b1; b++)
        most = MAX (most, ps->start[b + 1] - ps->start[b]);
      if (WIN_TRIGGER_SAFETY * most * scale <= fit[n_q])
        continue;
      r0[n_q] = (gsize) CLAMP (floor ((p - WIN_SIGMAS * sd) * (n - 1)) - 2, 0, n - 1);
      r1[n_q] = (gsize) CLAMP (ceil ((p + WIN_SIGMAS * sd) * (n - 1)) + 2, 0, n - 1);
      rq[n_q] = (gsize) floor (p * (n - 1));
      n_q++;
    }
  /* windows that overlap meet halfway between their estimates */
  for (guint i = 1; i < n_q; i++)
    if (r0[i] < r1[i - 1])
      r1[i - 1] = r0[i] = CLAMP ((rq[i - 1] + rq[i]) / 2, r0[i], r1[i - 1]);

  /* pieces with as many pilot values, clear of the uniform bins' edges */
  for (guint i = 0; i < n_q; i++)
    for (guint k = 0; k < WIN_PIECES; k++)
      {
        gsize s0 = r0[i] + (r1[i] - r0[i]) * k / WIN_PIECES;
        gsize s1 = r0[i] + (r1[i] - r0[i]) * (k + 1) / WIN_PIECES;
        double a = clear_of_edges (col, wb, clear, MAX (pilot_rank (run, col, ps, s0), col->lo));
        double b = clear_of_edges (col, wb, clear, MIN (pilot_rank (run, col, ps, s1), col->hi));
        guint most;
        double want;

        if (m > 0)
          a = MAX (a, e1[m - 1]);
        if (!(b > a))
          continue;
        /* as many as the densest quarter of the piece asks for */
        pilot_quarters (run, col, ps, a, b, &most);
        want = ceil (WIN_SAFETY * 4 * (most + 1) * scale / fit[i]);
        e0[m] = a;
        e1[m] = b;
        /* never coarser than the uniform bins */
        wf[m] = MIN ((b - a) / CLAMP (want, 1, fine_max), wb);
        m++;
      }

  /* merge neighbours, those that cost the fewest more fine bins first,
   * while there are more than WIN_MAX or the fine bins stay under
   * WIN_FINE_SOFT (nb): each window costs every value of the column a few
   * operations in pass 1, a fine bin only its counter */
  for (;;)
    {
      guint best = G_MAXUINT;
      double best_cost = G_MAXDOUBLE, fine = 0;

      for (guint w = 0; w < m; w++)
        fine += (e1[w] - e0[w]) / wf[w] + 1;
      for (guint w = 0; w + 1 < m; w++)
        {
          double f = MIN (wf[w], wf[w + 1]);
          double cost = (e1[w + 1] - e0[w]) / f - (e1[w] - e0[w]) / wf[w]
                        - (e1[w + 1] - e0[w + 1]) / wf[w + 1] - 1;

          if (cost < best_cost)
            best_cost = cost, best = w;
        }
      if (best == G_MAXUINT || (m <= WIN_MAX && fine + best_cost > WIN_FINE_SOFT (nb)))
        break;
      e1[best] = e1[best + 1];
      wf[best] = MIN (wf[best], wf[best + 1]);
      for (guint w = best + 1; w + 1 < m; w++)
        {
          e0[w] = e0[w + 1];
          e1[w] = e1[w + 1];
          wf[w] = wf[w + 1];
        }
      m--;
    }

  /* within FINE_MAX: fewer fine bins in proportion, then fewer in the
   * largest window until they fit, but never coarser than the uniform
   * bins: then the last window goes */
  for (guint w = 0; w < m; w++)
    {
      least[w] = (guint) CLAMP (ceil ((e1[w] - e0[w]) / wb), 1, fine_max);
      nf[w] = (guint) CLAMP (ceil ((e1[w] - e0[w]) / wf[w]), least[w], fine_max);
      total += nf[w] + 1;
    }
  if (total > fine_max && fine_max > 2 * m)
    {
      double shrink = (double) (fine_max - m) / (total - m);

      total = 0;
      for (guint w = 0; w < m; w++)
        {
          nf[w] = MAX (least[w], (guint) (nf[w] * shrink));
          total += nf[w] + 1;
        }
    }
  while (total > fine_max)
    {
      guint big = G_MAXUINT;

      for (guint w = 0; w < m; w++)
        if (nf[w] > least[w] && (big == G_MAXUINT || nf[w] > nf[big]))
          big = w;
      if (big != G_MAXUINT)
        nf[big]--, total--;
      else
        total -= nf[--m] + 1;
    }

  for (guint w = 0; w < m; w++)
    {
      double *x = col->win + WIN_VALS * w;
      guint j0 = (guint) CLAMP (floor ((e0[w] - col->lo) / wb), 0, nb - 1);
      guint j1 = (guint) CLAMP (floor ((e1[w] - col->lo) / wb), j0, nb - 1);

      col->win_j0[w] = j0;
      col->win_j1[w] = j1;
      col->win_base[w] = base;
      col->win_n[w] = nf[w];
      col->win_e0[w] = e0[w];
      col->win_e1[w] = e1[w];
      col->win_wf[w] = (e1[w] - e0[w]) / nf[w];
      col->win_gap_hi[w] = j1 + 1 == nb ? col->hi : col->lo + (j1 + 1) * wb;
      if (w > 0 && col->win_j1[w - 1] == j0)
        col->win_gap_hi[w - 1] = e0[w];
      x[0] = e0[w];
      x[1] = e1[w];
      x[2] = e0[w] + 0.5 * col->win_wf[w];
      x[3] = nf[w] / (e1[w] - e0[w]);
      x[4] = nf[w] - 1;
      x[5] = RD_M + base;
      x[6] = RD_M + BIN_U0 + j1;
      x[7] = RD_M + base + nf[w];
      base += nf[w] + 1;
    }
  col->n_win = m;
}

static void
pilot_column (Run          *run,
              guint         c,
              PilotScratch *ps)
{
  guint n = run->n_pilot;
  Col *col = &run->col[c];

  memcpy (ps->v, run->pilot + (gsize) c * n, n * sizeof (double));
  pilot_range (ps->v, n, &col->pmin, &col->pmax, &col->lo, &col->hi);
  col->shift = run->results->det_series[c];
  if (!isfinite (col->shift))
    col->shift = 0;
  col->constant = col->pmin == col->pmax && col->shift == col->pmin;
  /* with lo == hi, one bin for lo and the rest in the tails */
  col->inv_width = col->hi > col->lo ? MIN (run->nb / (col->hi - col->lo), G_MAXDOUBLE)
                                     : G_MAXDOUBLE;
  col->bin_lo = col->hi > col->lo ? col->lo + 0.5 * ((col->hi - col->lo) / run->nb) : col->lo;
  col->atom = NULL;
  col->n_atoms = 0;
  col->n_win = 0;
  if (!run->exact)
    {
      pilot_by_bin (run, col, ps->v, n, ps);
      find_atoms (run, c, ps);
      choose_windows (run, c, n, ps);
      rehost_atoms (run, c);
    }
}

/* After pass 1: means, sds and extremes. */
static void
finish_pass1 (Run *run)
{
  GwResults *res = run->results;
  guint n_cols = run->plan->n_cols;
  guint N = run->n_paths;

  for (guint c = 0; c < n_cols; c++)
    {
      GwSummary *sm = &res->series[c];
      double s1 = 0, s2 = 0;

      /* sums in chunk order */
      for (guint k = 0; k < run->n_chunks; k++)
        {
          s1 += run->chunk_s1[(gsize) k * n_cols + c];
          s2 += run->chunk_s2[(gsize) k * n_cols + c];
        }
      sm->mean = run->col[c].shift + s1 / N;
      sm->sd = N > 1 ? sqrt (MAX (0, (s2 - s1 * s1 / N) / (N - 1))) : 0;
      sm->min = INFINITY;
      sm->max = -INFINITY;
      for (guint th = 0; th < run->n_threads; th++)
        {
          sm->min = MIN (sm->min, run->t_min[(gsize) th * n_cols + c]);
          sm->max = MAX (sm->max, run->t_max[(gsize) th * n_cols + c]);
        }
      for (guint i = 0; i < GW_N_QUANTILES; i++)
        sm->q[i] = NAN;
    }
}

/* The ranks of quantile q's order-statistic band that are inside it
 * whether k is taken as p N or as (N - 1) p: [ceil (p N - 4 s),
 * floor ((N - 1) p + 4 s)], s = sqrt (N p (1 - p)), within [0, N - 1]. */
static void
band_ranks (guint  N,
            guint  q,
            gsize *lo,
            gsize *hi)
{
  double p = gw_quantile_levels[q], s = sqrt (N * p * (1 - p));
  double a = ceil (p * N - 4 * s), b = floor ((N - 1) * p + 4 * s);

  *lo = a <= 0 ? 0 : (gsize) a;
  *hi = b >= N - 1 ? N - 1 : (gsize) b;
}

/* Where an order statistic's rank falls in a column's histogram: the
 * group of counters holding it (a bin, with the counter of the atom whose
 * value the bin hosts), the values in the groups before it and in it, and
 * its value when the counts alone give it exactly. */
typedef struct
{
  guint    bin;
  int      atom;        /* the atom the bin hosts, or -1 */
  gsize    below;       /* values in the groups before */
  gsize    count;       /* values in this group, the atom's included */
  gboolean exact;
  double   value;       /* when exact */
} Group;

/* The order statistics a column's quantiles need, ascending: k and k + 1
 * (or k again at the last rank) of each, k = floor ((N - 1) p). */
#define N_RANKS (2 * GW_N_QUANTILES)

/* The groups of column c holding the order statistics of ranks[0..n),
 * ascending, in one walk through its counters. */
static void
locate_ranks (const Run   *run,
              guint        c,
              const gsize *ranks,
              guint        n,
              Group       *groups)
{
  const GwSummary *sm = &run->results->series[c];
  const Col *col = &run->col[c];
  const guint32 *hist = run->hist + run->hist_at[c];
  const guint *host = run->atom_host + (gsize) c * ATOM_MAX;
  guint nb = run->nb, i = 0;
  gsize below = 0;
  BinIter it;

  for (guint j = 0; j < n; j++)
    {
      Group *g = &groups[j];

      memset (g, 0, sizeof *g);
      g->atom = -1;
      g->exact = TRUE;
      g->value = sm->min == sm->max || ranks[j] == 0 ? sm->min : sm->max;
    }
  /* the extremes are known */
  while (i < n && (sm->min == sm->max || ranks[i] == 0))
    i++;
  bin_iter_init (&it);
  do
    {
      guint b = it.bin;
      gsize m = hist[b];
      int k = -1;

      if (i == n || ranks[i] == run->n_paths - 1)
        break;
      for (guint a = 0; a < col->n_atoms; a++)
        if (host[a] == b)
          k = a;
      if (k >= 0)
        m += hist[BIN_ATOM (nb) + k];
      for (; i < n && ranks[i] < below + m && ranks[i] < run->n_paths - 1; i++)
        {
          Group *g = &groups[i];

          g->bin = b;
          g->atom = k;
          g->below = below;
          g->count = m;
          if (k >= 0)
            {
              /* however the bin's other values fall around the atom, its
               * values hold the group's ranks lo_max .. lo_min + m_atom - 1,
               * where lo_min .. lo_max bound the values below it: 0 ..
               * hist[b], or none when the atom's tolerance reaches below
               * the bin's range (as a cap's value at hi does in the tail
               * above hi), or all when it reaches above */
              gsize r = ranks[i] - below, lo_min = 0, lo_max = hist[b];
              double ra, rb, d;

              bin_range (run, sm, c, b, &ra, &rb);
              d = EDGE_SLACK * MAX (MAX (fabs (col->lo), fabs (col->hi)), MAX (fabs (ra), fabs (rb)));
              if (col->atom[3 * k + 1] <= ra - d)
                lo_max = 0;
              else if (col->atom[3 * k + 2] >= rb + d)
                lo_min = hist[b];
              g->value = col->atom[3 * k];
              g->exact = r >= lo_max && r < lo_min + hist[BIN_ATOM (nb) + k];
            }
          else
            g->exact = bin_is_point (run, c, b, &g->value);
        }
      below += m;
    }
  while (bin_iter_next (col, nb, &it));
}

/* Whether any value in [ra, rb] put at the j-th of n places ((j + 1/2) / n
 * of the range) for ranks a .. a + n - 1, the ranks of a group of values
 * whose range it is, lies in quantile q's band: the proof is in the header
 * comment. With margin, the places must also clear the rounding of the bin
 * edges (EDGE_SLACK); a group with an atom is bounded up to the atom's
 * tolerance instead. */
static gboolean
in_band (const Run       *run,
         const Col       *col,
         guint            q,
         gsize            a,
         gsize            n,
         double           ra,
         double           rb,
         gboolean         margin)
{
  gsize lo, hi;

  band_ranks (run->n_paths, q, &lo, &hi);
  if ((a > 0 ? a - 1 : 0) < lo || MIN (a + n, (gsize) run->n_paths - 1) > hi)
    return FALSE;
  return !margin || (rb - ra) / (2.0 * n) > EDGE_SLACK * MAX (MAX (fabs (col->lo), fabs (col->hi)),
                                                               MAX (fabs (ra), fabs (rb)));
}

/* Whether the interpolated value of every rank of group g is certified
 * inside quantile q's band. */
static gboolean
group_in_band (const Run   *run,
               guint        c,
               const Group *g,
               guint        q)
{
  const GwSummary *sm = &run->results->series[c];
  double ra, rb;

  bin_range (run, sm, c, g->bin, &ra, &rb);
  return in_band (run, &run->col[c], q, g->below, g->count, ra, rb, g->atom < 0);
}

/* After pass 1: the bins pass 2 must look into, every bin holding an order
 * statistic that a quantile needs, except those known exactly, and in the
 * default statistics those whose interpolation is certified inside the
 * band. */
static void
plan_pass2 (Run *run)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint N = run->n_paths;
  GArray *targets = g_array_new (FALSE, TRUE, sizeof (Target));
  gsize at;

  run->bin_target = g_new (gint8, run->n_counters);
  memset (run->bin_target, -1, run->n_counters);
  run->col_target0 = g_new (guint, n_cols);

  for (guint c = 0; c < n_cols; c++)
    {
      const guint32 *hist = run->hist + run->hist_at[c];
      guint n_col_targets = 0;
      gsize ranks[N_RANKS];
      Group groups[N_RANKS];

      run->col_target0[c] = G_MAXUINT;
      gw_quantile_ranks (N, ranks);
      locate_ranks (run, c, ranks, N_RANKS, groups);
      for (guint i = 0; i < GW_N_QUANTILES; i++)
        {
          for (guint r = 0; r < 2; r++)
            {
              Group g = groups[2 * i + r];
              Target t = { 0 };

              if (g.exact)
                continue;
              if (!run->exact && group_in_band (run, c, &g, i))
                continue;
              if (run->bin_target[run->hist_at[c] + g.bin] >= 0)
                continue;
              t.col = c;
              t.bin = g.bin;
              t.below = g.below;
              t.count = hist[g.bin];
              t.atom = g.atom;
              if (run->col_target0[c] == G_MAXUINT)
                run->col_target0[c] = targets->len;
              run->bin_target[run->hist_at[c] + g.bin] = n_col_targets++;
              g_array_append_val (targets, t);
            }
        }
    }

  run->n_targets = targets->len;
  run->targets = (Target *) g_array_free (targets, FALSE);

  /* over budget, the largest bins get sub-histograms */
  at = gw_collect_plan (run->targets, run->n_targets, COLLECT_BUDGET, &run->n_sub);
  if (run->n_sub > 0)
    run->sub_hist = g_new0 (guint32, (gsize) run->n_sub * SUB_BINS);
  run->collected = big_alloc (MAX (at, 1) * sizeof (double), FALSE);
}

static const Target *
find_target (const Run *run,
             guint      col,
             guint      bin)
{
  gint8 i;

  if (run->bin_target == NULL)
    return NULL;
  i = run->bin_target[run->hist_at[col] + bin];
  return i >= 0 ? &run->targets[run->col_target0[col] + i] : NULL;
}

/* The j-th (0-based) of m values spread evenly over [a, b], clamped to the
 * column's extremes. */
static double
interpolate (const GwSummary *sm,
             double           a,
             double           b,
             gsize            j,
             gsize            m)
{
  double x = a + (b - a) * (j + 0.5) / m;

  return CLAMP (x, sm->min, sm->max);
}

/* The interpolated value of order statistic rank of column c in group g:
 * linear within its bin. A bin that holds an atom's value has its other
 * values split around the atom in proportion to the range on either side. */
static double
interpolated_order_statistic (Run         *run,
                              guint        c,
                              const Group *g,
                              gsize        rank,
                              guint       *n_approx)
{
  const GwSummary *sm = &run->results->series[c];
  const Col *col = &run->col[c];
  const guint32 *hist = run->hist + run->hist_at[c];
  gsize m = hist[g->bin], r = rank - g->below, m_lo, m_atom;
  double ra, rb, atom, f;

  bin_range (run, sm, c, g->bin, &ra, &rb);
  if (g->atom < 0)
    {
      if (bin_is_tail (run, g->bin))
        (*n_approx)++;
      return interpolate (sm, ra, rb, r, m);
    }
  m_atom = hist[BIN_ATOM (run->nb) + g->atom];
  atom = col->atom[3 * g->atom];
  f = rb > ra ? CLAMP ((atom - ra) / (rb - ra), 0, 1) : 0;
  m_lo = (gsize) floor (m * f + 0.5);
  if (r >= m_lo && r < m_lo + m_atom)
    return atom;
  if (bin_is_tail (run, g->bin))
    (*n_approx)++;
  if (r < m_lo)
    return interpolate (sm, ra, atom, r, m_lo);
  return interpolate (sm, atom, rb, r - m_lo - m_atom, m - m_lo);
}

/* The value of order statistic rank (0-based) of column c, needed by
 * quantile q: exact in a point bin, at the extremes and after pass 2 (an
 * atom's values among a bin's collected ones: those below it come first),
 * else interpolated within its bin, where the default statistics have
 * certified it inside the band unless pass 2 collected the bin. Where
 * pass 2 kept a sub-histogram instead, the value is interpolated within
 * its sub-bin and is approximate unless certified the same way. */
static double
order_statistic (Run         *run,
                 guint        c,
                 guint        q,
                 gsize        rank,
                 const Group *group,
                 guint       *n_approx)
{
  const GwSummary *sm = &run->results->series[c];
  const guint32 *hist = run->hist + run->hist_at[c];
  const Target *t;
  Group g = *group;
  gsize r, m_atom = 0, n_lo = G_MAXSIZE;
  double atom = 0, ra, rb;

  if (g.exact)
    return g.value;
  t = find_target (run, c, g.bin);
  if (t == NULL)
    {
      g_assert (!run->exact);
      return interpolated_order_statistic (run, c, &g, rank, n_approx);
    }
  g_assert (t->below == g.below);
  r = rank - g.below;
  if (g.atom >= 0)
    {
      m_atom = hist[BIN_ATOM (run->nb) + g.atom];
      atom = run->col[c].atom[3 * g.atom];
    }
  if (t->offset != GW_COLLECT_SUB)
    {
      double *v = run->collected + t->offset;

      if (g.atom >= 0)
        {
          /* the bin's other values are outside the atom's tolerance */
          n_lo = 0;
          for (gsize i = 0; i < t->count; i++)
            n_lo += v[i] < atom;
          if (r >= n_lo && r < n_lo + m_atom)
            return atom;
          if (r >= n_lo)
            r -= m_atom;
        }
      gw_select_kth (v, t->count, r);
      return v[r];
    }
  else
    {
      const guint32 *sh = run->sub_hist + (gsize) t->sub * SUB_BINS;
      gsize sb = 0, first, last;
      guint s = 0;
      double w;

      if (g.atom >= 0)
        {
          n_lo = (gsize) t->n_lo;
          if (r >= n_lo && r < n_lo + m_atom)
            return atom;
          if (r >= n_lo)
            r -= m_atom;
        }
      bin_range (run, sm, c, g.bin, &ra, &rb);
      while (sb + sh[s] <= r)
        sb += sh[s++];
      w = (rb - ra) / SUB_BINS;
      /* the sub-bin's ranks in the column: those of the values above the
       * atom come after the atom's */
      first = sb + (g.atom >= 0 && sb >= n_lo ? m_atom : 0);
      last = sb + sh[s] - 1 + (g.atom >= 0 && sb + sh[s] - 1 >= n_lo ? m_atom : 0);
      if (run->exact
          || !in_band (run, &run->col[c], q, g.below + first, last - first + 1, ra + s * w, ra + (s + 1) * w,
                       g.atom < 0))
        (*n_approx)++;
      return ra + (rb - ra) * (s + (r - sb + 0.5) / sh[s]) / SUB_BINS;
    }
}

static void
column_quantiles (Run   *run,
                  guint  c)
{
  GwSummary *sm = &run->results->series[c];
  guint N = run->n_paths;
  guint approx = 0;
  gsize ranks[N_RANKS];
  Group groups[N_RANKS];

  /* few paths: the pilot holds them all */
  if (run->n_pilot == N)
    {
      gw_summary_of (sm, run->pilot + (gsize) c * N, N);
      return;
    }

  gw_quantile_ranks (N, ranks);
  locate_ranks (run, c, ranks, N_RANKS, groups);
  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      double h = (N - 1) * gw_quantile_levels[i];
      gsize k = (gsize) floor (h);
      double a = order_statistic (run, c, i, k, &groups[2 * i], &approx);
      double b = k + 1 < N ? order_statistic (run, c, i, k + 1, &groups[2 * i + 1], &approx) : a;

      sm->q[i] = a + (h - k) * (b - a);
    }
  if (approx > 0)
    g_atomic_int_add (&run->n_approx, (int) approx);
}

static void
run_clear (Run *run)
{
  g_free (run->col);
  g_free (run->atoms);
  g_free (run->atom_host);
  big_free (run->hist);
  g_free (run->hist_at);
  big_free (run->pilot);
  g_free (run->chunk_s1);
  g_free (run->chunk_s2);
  g_free (run->t_min);
  g_free (run->t_max);
  big_free (run->t_hist);
  g_free (run->t_pending);
  g_free (run->bin_target);
  g_free (run->col_target0);
  g_free (run->targets);
  big_free (run->collected);
  g_free (run->sub_hist);
  for (guint i = 0; run->t_buf != NULL && i < run->n_threads; i++)
    big_free (run->t_buf[i]);
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
  guint nb = n_bins (n_paths, exact_quantiles);
  guint n = pilot_size (n_paths);
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

      pilot_range (all + (gsize) c * n, n, &pmin, &pmax, &lo, &hi);
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
  run.reduce = pick_reducer ();
  run.sim = gw_cpu_sim_pick ();
  run.nb = n_bins (n_paths, exact_quantiles);
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
  run.n_pilot = pilot_size (n_paths);
  run.pilot = big_alloc ((gsize) plan->n_cols * run.n_pilot * sizeof (double), FALSE);
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
          guint n_win = 0, n_with = 0;

          for (guint c = 0; c < n_cols; c++)
            {
              n_win += run.col[c].n_win;
              n_with += run.col[c].n_win > 0;
            }
          g_printerr ("gw-cpu: %u windows in %u of %u columns, %" G_GSIZE_FORMAT
                      " counters (%u without)\n", n_win, n_with, n_cols, run.n_counters,
                      n_cols * N_HIST (run.nb));
        }
      if (run.n_pilot_kept == 0)
        g_clear_pointer (&run.pilot, big_free);
      run.hist = big_alloc (run.n_counters * sizeof (guint32), TRUE);
      run.chunk_s1 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.chunk_s2 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.t_min = g_new (double, (gsize) run.n_threads * n_cols);
      run.t_max = g_new (double, (gsize) run.n_threads * n_cols);
      for (gsize i = 0; i < (gsize) run.n_threads * n_cols; i++)
        {
          run.t_min[i] = INFINITY;
          run.t_max[i] = -INFINITY;
        }
      run.t_hist = big_alloc ((gsize) run.n_threads * run.n_counters * sizeof (guint16), TRUE);
      run.t_pending = g_new0 (guint, run.n_threads);
      if (ok)
        ok = run_pass (&run, PASS_1, 0.02, pass1_to, progress, progress_data, error);
      /* every thread has added its counters to run.hist */
      g_clear_pointer (&run.t_hist, big_free);
      if (ok)
        {
          finish_pass1 (&run);
          plan_pass2 (&run);
          if ((gw_debug ()->flags & GW_DEBUG_CPU_TIMING))
            g_printerr ("gw-cpu: pass 2 targets %u\n", run.n_targets);
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
