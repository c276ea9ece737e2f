/* gw-cpu-engine.h: what the files of the CPU reference engine share
 *
 * The engine (gw-cpu.c: runs and passes on worker threads), the paths and
 * their histograms (gw-cpu-pass.c), the pilot's statistics and the
 * windows it chooses (gw-cpu-pilot.c), and the certified quantiles and
 * pass 2's plan (gw-cpu-quantiles.c): a run's state (Run), the sizes of
 * its blocks, bins and windows, and the functions one file calls in
 * another. gw-cpu.c's header comment explains how they work together;
 * gw-cpu-private.h holds the histogram layout the per-instruction-set
 * reductions share. Nothing outside compute/gw-cpu*.c includes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-engine.h"
#include "gw-cpu-sim.h"
#include "gw-cpu-private.h"
#include "gw-cpu-features.h"
#include "gw-debug.h"
#include "gw-stats.h"

G_BEGIN_DECLS

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
#define N_PILOT     4096       /* at most; see gw_cpu_pilot_size() */
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
 * page fault for every 4 KiB on first touch. Freed with gw_cpu_big_free(). */
#define BIG_PAGE (2u * 1024u * 1024u)

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
  guint         t_end2;         /* pass 2 simulates quarters [0, t_end2) */
  double       *collected;
  guint32      *sub_hist;       /* [n_sub][SUB_BINS] */
  guint         n_sub;

  GwResults    *results;

  double       *pilot;          /* [n_cols][n_pilot], kept for passes 1 and 2 */
  double      **t_groups;       /* [n_threads] groups' scratch for passes 1 and 2 */
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

/* gw-cpu.c */
gpointer gw_cpu_big_alloc        (gsize         size,
                                  gboolean      zero);
void     gw_cpu_big_free         (gpointer      p);
guint    gw_cpu_pilot_size       (guint         n_paths);
guint    gw_cpu_n_bins           (guint         n_paths,
                                  gboolean      exact_quantiles);

/* gw-cpu-pass.c */
const Reducer *gw_cpu_pick_reducer (void);
void     gw_cpu_pilot_block      (Run          *run,
                                  guint         thread,
                                  guint         job,
                                  double       *scratch,
                                  double       *buf);
void     gw_cpu_pass1_chunk      (Run          *run,
                                  guint         thread,
                                  guint         chunk,
                                  double       *scratch,
                                  double       *buf);
void     gw_cpu_pass2_chunk      (Run          *run,
                                  guint         thread,
                                  guint         chunk,
                                  double       *scratch,
                                  double       *buf);
void     gw_cpu_flush_counts     (Run          *run,
                                  guint         thread);

/* gw-cpu-pilot.c */
void     gw_cpu_pilot_range      (double       *v,
                                  guint         n,
                                  double       *pmin,
                                  double       *pmax,
                                  double       *lo,
                                  double       *hi);
void     gw_cpu_pilot_column     (Run          *run,
                                  guint         c,
                                  PilotScratch *ps);

/* gw-cpu-quantiles.c */
void     gw_cpu_bin_range        (const Run    *run,
                                  const GwSummary *sm,
                                  guint         c,
                                  guint         bin,
                                  double       *a,
                                  double       *b);
void     gw_cpu_finish_pass1     (Run          *run);
void     gw_cpu_plan_pass2       (Run          *run);
void     gw_cpu_column_quantiles (Run          *run,
                                  guint         c);

G_END_DECLS
