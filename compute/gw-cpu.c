/* gw-cpu.c: the CPU reference engine
 *
 * Runs gw-path.h in double precision over paths on worker threads, and
 * reduces every series to its statistics without keeping all paths:
 *
 *   pilot   the first paths, kept whole, give each column (series x quarter)
 *           a range [lo, hi] for a histogram;
 *   pass 1  every path: shifted sums for mean and sd, exact min and max, a
 *           histogram with separate bins for x < lo, x == lo, x == hi and
 *           x > hi (so point masses at a cap or a floor stay exact);
 *   pass 2  every path again (the streams are counter-based, so a replay
 *           gives the same numbers): the values in the bins that hold the
 *           order statistics a quantile needs are collected and selected
 *           exactly.
 *
 * Sums are kept per chunk of paths and added in chunk order, and chunk
 * sizes depend on N only, so the results are bit-identical whatever the
 * number of threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#define GW_SINK_DECL , double *sink_series, gsize series_stride, double *sink_scalars, \
                       gsize scalar_stride
#define GW_EMIT(col, v) (sink_series[(gsize) (col) * series_stride] = (v))
#define GW_EMIT_SCALAR(i, v) (sink_scalars[(gsize) (i) * scalar_stride] = (v))
#include "gw-engine.h"

#define BLOCK       1024
/* Columns of a block buffer are padded by a cache line so that a path's
 * outputs, one per column, do not all map to the same L1 cache set. */
#define COL_STRIDE  (BLOCK + 8)
#define N_PILOT     4096
#define N_BINS      4096        /* uniform bins over the pilot's P0.5..P99.5 */
#define N_HIST      (N_BINS + 6)
#define BIN_BELOW   0           /* v < pilot min */
#define BIN_PMIN    1           /* v == pilot min */
#define BIN_LOWTAIL 2           /* pilot min < v < lo */
#define BIN_U0      3           /* lo <= v <= hi: N_BINS bins */
#define BIN_HIGHTAIL (N_BINS + 3) /* hi < v < pilot max */
#define BIN_PMAX    (N_BINS + 4) /* v == pilot max */
#define BIN_ABOVE   (N_BINS + 5) /* v > pilot max */
#define MAX_TARGETS (2 * GW_N_QUANTILES)

/* What the worker threads do; every kind of job is independent of the
 * others of its pass and writes disjoint memory. */
enum
{
  PASS_PILOT,           /* a block of pilot paths */
  PASS_1,               /* a chunk of paths: sums, extremes, histogram */
  PASS_2,               /* a chunk of paths: collect order-statistic bins */
  PASS_PILOT_STATS,     /* a column: the pilot's extremes and P0.5, P99.5 */
  PASS_QUANTILES,       /* a column: its exact quantiles */
  PASS_SCALARS,         /* a scalar: its summary */
};
#define SUB_BINS    4096
/* Values pass 2 may collect for exact selection; beyond this, the largest
 * bins get a finer histogram instead (and their quantiles are approximate,
 * well inside the order-statistic band). */
#define COLLECT_BUDGET (16u * 1024u * 1024u)

const double gw_quantile_levels[GW_N_QUANTILES] = { 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95 };

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
  g_autofree double *scratch = g_new0 (double, plan->scratch);
  int mode = deterministic ? GW_MODE_DETERMINISTIC : GW_MODE_RANDOM;

  gw_path_sample_inputs (plan->pi, plan->pr, path, mode, swing_slot, swing_u,
                         plan->key[0], plan->key[1], scratch, scratch + plan->K);
  gw_path_run (plan->pi, plan->pr, path, mode, swing_slot, swing_u, plan->key[0], plan->key[1],
               scratch, series, 1, scalars, 1);
  if (inputs != NULL)
    memcpy (inputs, scratch, plan->K * sizeof (double));
}

void
gw_cpu_sample_inputs (const GwPlan *plan,
                      guint32       path,
                      double       *inputs)
{
  g_autofree double *cop = g_new0 (double, plan->NC + 1);

  gw_path_sample_inputs (plan->pi, plan->pr, path, GW_MODE_RANDOM, -1, 0, plan->key[0],
                         plan->key[1], inputs, cop);
}

/* One target of pass 2: a histogram bin of a column whose values are
 * needed for exact quantiles. */
typedef struct
{
  guint   col;
  guint   bin;
  guint   below;        /* values of the column in lower bins */
  guint   count;        /* values in this bin */
  gsize   offset;       /* into Run.collected, or G_MAXSIZE for a sub-histogram */
  guint   sub;          /* index of its sub-histogram */
  int     fill;         /* atomic */
} Target;

typedef struct
{
  const GwPlan *plan;
  guint         n_paths;
  guint         n_threads;
  guint         n_input_paths;
  GCancellable *cancellable;

  guint         chunk;
  guint         n_chunks;

  /* pass 1 */
  double       *shift;          /* [n_cols] */
  double       *lo;             /* [n_cols] */
  double       *hi;
  double       *inv_width;
  double       *pmin;           /* [n_cols] pilot minimum and maximum */
  double       *pmax;
  guint32      *hist;           /* [n_cols][N_HIST], merged after pass 1 */
  double       *chunk_s1;       /* [n_chunks][n_cols] */
  double       *chunk_s2;
  double       *t_min;          /* [threads][n_cols] */
  double       *t_max;
  guint32      *t_hist;         /* [threads][n_cols][N_HIST] */

  /* pass 2 */
  gint8        *bin_target;     /* [n_cols][N_HIST]: -1 or index in the column's targets */
  guint        *col_target0;    /* [n_cols]: first target of the column */
  Target       *targets;
  guint         n_targets;
  double       *collected;
  guint32      *sub_hist;       /* [n_sub][SUB_BINS] */
  guint         n_sub;

  GwResults    *results;

  double       *pilot;          /* [n_cols][n_pilot], kept for passes 1 and 2 */
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

static void pilot_block      (Run *run, guint job, double *scratch, double *buf);
static void pilot_column     (Run *run, guint c, double *tmp);
static void column_quantiles (Run *run, guint c);

/* The histogram bin of v. Equality with the pilot's extremes comes first so
 * that point masses there (a cap, a floor, 0, DSCR 99) stay exact. */
static inline guint
value_bin (double pmin,
           double lo,
           double hi,
           double pmax,
           double inv_width,
           double v)
{
  if (v == pmin)
    return BIN_PMIN;
  if (v == pmax)
    return BIN_PMAX;
  if (v >= lo && v <= hi)
    {
      double b = (v - lo) * inv_width;
      guint i = b < (double) N_BINS ? (guint) b : N_BINS - 1;

      return BIN_U0 + i;
    }
  if (v < pmin)
    return BIN_BELOW;
  if (v < lo)
    return BIN_LOWTAIL;
  if (v > pmax)
    return BIN_ABOVE;
  return BIN_HIGHTAIL;
}

#define COLUMN_BIN(run, c, v) \
  value_bin ((run)->pmin[c], (run)->lo[c], (run)->hi[c], (run)->pmax[c], (run)->inv_width[c], (v))

/* Whether every value in a bin is one known number, and which. */
static gboolean
bin_is_point (const Run *run,
              guint      c,
              guint      bin,
              double    *value)
{
  if (bin == BIN_PMIN)
    *value = run->pmin[c];
  else if (bin == BIN_PMAX)
    *value = run->pmax[c];
  else if (bin == BIN_U0 && run->lo[c] == run->hi[c])
    *value = run->lo[c];
  else
    return FALSE;
  return TRUE;
}

/* The range of a bin, for a sub-histogram. */
static void
bin_range (const Run       *run,
           const GwSummary *sm,
           guint            c,
           guint            bin,
           double          *a,
           double          *b)
{
  if (bin == BIN_BELOW)
    *a = sm->min, *b = run->pmin[c];
  else if (bin == BIN_LOWTAIL)
    *a = run->pmin[c], *b = run->lo[c];
  else if (bin == BIN_HIGHTAIL)
    *a = run->hi[c], *b = run->pmax[c];
  else if (bin == BIN_ABOVE)
    *a = run->pmax[c], *b = sm->max;
  else
    {
      double w = (run->hi[c] - run->lo[c]) / N_BINS;

      *a = run->lo[c] + (bin - BIN_U0) * w;
      *b = *a + w;
    }
}

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

  for (guint lane = 0; lane < n; lane++)
    {
      guint32 path = first + lane;

      gw_path_sample_inputs (plan->pi, plan->pr, path, GW_MODE_RANDOM, -1, 0,
                             plan->key[0], plan->key[1], scratch, scratch + plan->K);
      if ((run->pass == PASS_1 || run->pass == PASS_PILOT) && path < run->n_input_paths)
        {
          GwResults *res = run->results;

          for (guint i = 0; i < res->n_inputs; i++)
            res->inputs[(gsize) i * res->n_input_paths + path] = scratch[res->input_slots[i]];
        }
      gw_path_run (plan->pi, plan->pr, path, GW_MODE_RANDOM, -1, 0, plan->key[0], plan->key[1],
                   scratch, buf + lane, COL_STRIDE, scalars + (scalar_stride == 1 ? 0 : path),
                   scalar_stride);
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

static void
pass1_chunk (Run     *run,
             guint    thread,
             guint    chunk,
             double  *scratch,
             double  *buf,
             double  *scalar_dump)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint first = chunk * run->chunk;
  guint last = MIN (first + run->chunk, run->n_paths);
  double *s1 = run->chunk_s1 + (gsize) chunk * n_cols;
  double *s2 = run->chunk_s2 + (gsize) chunk * n_cols;
  double *mn = run->t_min + (gsize) thread * n_cols;
  double *mx = run->t_max + (gsize) thread * n_cols;
  guint32 *hist = run->t_hist + (gsize) thread * n_cols * N_HIST;

  (void) scalar_dump;
  for (guint p = first; p < last; p += BLOCK)
    {
      guint n = MIN (BLOCK, last - p);

      if (g_cancellable_is_cancelled (run->cancellable))
        return;
      fill_block (run, scratch, p, n, buf, run->results->scalar_values, run->n_paths);
      for (guint c = 0; c < n_cols; c++)
        {
          const double *v = buf + (gsize) c * COL_STRIDE;
          const double shift = run->shift[c];
          const double bmin = run->pmin[c], blo = run->lo[c], bhi = run->hi[c];
          const double bmax = run->pmax[c], binv = run->inv_width[c];
          double a = s1[c], b = s2[c], lo = mn[c], hi = mx[c];
          guint32 *h = hist + (gsize) c * N_HIST;

          for (guint i = 0; i < n; i++)
            {
              double d = v[i] - shift;

              a += d;
              b += d * d;
              lo = v[i] < lo ? v[i] : lo;
              hi = v[i] > hi ? v[i] : hi;
            }
          for (guint i = 0; i < n; i++)
            h[value_bin (bmin, blo, bhi, bmax, binv, v[i])]++;
          s1[c] = a;
          s2[c] = b;
          mn[c] = lo;
          mx[c] = hi;
        }
      g_atomic_int_add (&run->done, (int) n);
    }
}

static void
pass2_chunk (Run    *run,
             guint   chunk,
             double *scratch,
             double *buf,
             double *scalar_dump)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint first = chunk * run->chunk;
  guint last = MIN (first + run->chunk, run->n_paths);

  for (guint p = first; p < last; p += BLOCK)
    {
      guint n = MIN (BLOCK, last - p);

      if (g_cancellable_is_cancelled (run->cancellable))
        return;
      fill_block (run, scratch, p, n, buf, scalar_dump, 1);
      for (guint c = 0; c < n_cols; c++)
        {
          const double *v = buf + (gsize) c * COL_STRIDE;
          const gint8 *bt = run->bin_target + (gsize) c * N_HIST;
          const double bmin = run->pmin[c], blo = run->lo[c], bhi = run->hi[c];
          const double bmax = run->pmax[c], binv = run->inv_width[c];

          if (run->col_target0[c] == G_MAXUINT)
            continue;
          for (guint i = 0; i < n; i++)
            {
              guint bin = value_bin (bmin, blo, bhi, bmax, binv, v[i]);
              Target *tg;

              if (bt[bin] < 0)
                continue;
              tg = &run->targets[run->col_target0[c] + bt[bin]];
              if (tg->offset != G_MAXSIZE)
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
  g_autofree double *scratch = g_new0 (double, plan->scratch);
  g_autofree double *buf = g_new0 (double, (gsize) plan->n_cols * COL_STRIDE);
  g_autofree double *scalar_dump = g_new0 (double, plan->n_scalars);
  g_autofree double *tmp = NULL;

  if (run->pass == PASS_PILOT_STATS)
    tmp = g_new (double, run->n_pilot);
  else if (run->pass == PASS_SCALARS)
    tmp = g_new (double, run->n_paths);

  for (;;)
    {
      int job = g_atomic_int_add (&run->next, 1);

      if ((guint) job >= run->n_jobs)
        break;
      switch (run->pass)
        {
        case PASS_PILOT:
          pilot_block (run, job, scratch, buf);
          break;
        case PASS_1:
          pass1_chunk (run, w->thread, job, scratch, buf, scalar_dump);
          break;
        case PASS_2:
          pass2_chunk (run, job, scratch, buf, scalar_dump);
          break;
        case PASS_PILOT_STATS:
          pilot_column (run, job, tmp);
          break;
        case PASS_QUANTILES:
          column_quantiles (run, job);
          break;
        case PASS_SCALARS:
          memcpy (tmp, run->results->scalar_values + (gsize) job * run->n_paths,
                  run->n_paths * sizeof (double));
          gw_summary_from_values (&run->results->scalars[job], tmp, run->n_paths);
          break;
        default:
          g_assert_not_reached ();
        }
    }

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
  GPtrArray *threads = g_ptr_array_new ();

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

  return !g_cancellable_set_error_if_cancelled (run->cancellable, error);
}

/**
 * gw_select_kth:
 *
 * nth_element: puts the k-th smallest of v[0..n-1] at v[k], smaller ones
 * before it and larger ones after.
 */
void
gw_select_kth (double *v,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n - 1;

  while (hi > lo)
    {
      /* median of three */
      gsize mid = lo + (hi - lo) / 2;
      double a = v[lo], b = v[mid], c = v[hi];
      double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
      gsize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

static double
min_of (const double *v,
        gsize         n)
{
  double m = v[0];

  for (gsize i = 1; i < n; i++)
    m = v[i] < m ? v[i] : m;
  return m;
}

/* Quantiles of v (reordered in place) by linear interpolation between
 * order statistics at h = (n - 1) p, with selections working upwards. */
static void
quantiles_select (double *v,
                  gsize   n,
                  double *q)
{
  gsize from = 0;

  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      double h = (n - 1) * gw_quantile_levels[i];
      gsize k = (gsize) floor (h);
      double a, b;

      gw_select_kth (v + from, n - from, k - from);
      a = v[k];
      b = k + 1 < n ? min_of (v + k + 1, n - k - 1) : a;
      q[i] = a + (h - k) * (b - a);
      from = k;
    }
}

void
gw_summary_from_values (GwSummary *summary,
                        double    *values,
                        gsize      n)
{
  double s = 0, ss = 0, shift;

  memset (summary, 0, sizeof *summary);
  if (n == 0)
    return;
  shift = values[0];
  summary->min = summary->max = values[0];
  for (gsize i = 0; i < n; i++)
    {
      double d = values[i] - shift;

      s += d;
      ss += d * d;
      summary->min = MIN (summary->min, values[i]);
      summary->max = MAX (summary->max, values[i]);
    }
  summary->mean = shift + s / n;
  summary->sd = n > 1 ? sqrt (MAX (0, (ss - s * s / n) / (n - 1))) : 0;
  quantiles_select (values, n, summary->q);
}

double
gw_quantile_sorted (const double *sorted,
                    gsize         n,
                    double        p)
{
  double h = (n - 1) * p;
  gsize k = (gsize) floor (h);

  if (k + 1 >= n)
    return sorted[n - 1];
  return sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]);
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
             guint   job,
             double *scratch,
             double *buf)
{
  guint p = job * BLOCK;
  guint m = MIN (BLOCK, run->n_pilot - p);

  simulate_block (run, scratch, p, m, buf, run->results->scalar_values, run->n_paths);
  for (guint c = 0; c < run->plan->n_cols; c++)
    memcpy (run->pilot + (gsize) c * run->n_pilot + p, buf + (gsize) c * COL_STRIDE,
            m * sizeof (double));
  g_atomic_int_add (&run->done, (int) m);
}

static void
pilot_column (Run    *run,
              guint   c,
              double *v)
{
  guint n = run->n_pilot;
  gsize klo = (gsize) floor (0.005 * (n - 1)), khi = (gsize) ceil (0.995 * (n - 1));

  memcpy (v, run->pilot + (gsize) c * n, n * sizeof (double));
  run->pmin[c] = run->pmax[c] = v[0];
  for (guint i = 1; i < n; i++)
    {
      run->pmin[c] = MIN (run->pmin[c], v[i]);
      run->pmax[c] = MAX (run->pmax[c], v[i]);
    }
  gw_select_kth (v, n, klo);
  run->lo[c] = v[klo];
  gw_select_kth (v, n, khi);
  run->hi[c] = v[khi];
  run->shift[c] = run->results->det_series[c];
  if (!isfinite (run->shift[c]))
    run->shift[c] = 0;
  run->inv_width[c] = run->hi[c] > run->lo[c] ? N_BINS / (run->hi[c] - run->lo[c]) : 0;
}

static int
compare_targets_by_count (gconstpointer a,
                          gconstpointer b,
                          gpointer      data)
{
  const Target *t = data;
  guint ca = t[*(const guint *) a].count, cb = t[*(const guint *) b].count;

  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

/* After pass 1: means, sds, and the bins pass 2 must look into. */
static void
plan_pass2 (Run *run)
{
  const GwPlan *plan = run->plan;
  GwResults *res = run->results;
  guint n_cols = plan->n_cols;
  guint N = run->n_paths;
  GArray *targets = g_array_new (FALSE, TRUE, sizeof (Target));
  gsize total = 0;

  run->bin_target = g_new (gint8, (gsize) n_cols * N_HIST);
  memset (run->bin_target, -1, (gsize) n_cols * N_HIST);
  run->col_target0 = g_new (guint, n_cols);

  for (guint c = 0; c < n_cols; c++)
    {
      GwSummary *sm = &res->series[c];
      double s1 = 0, s2 = 0;
      guint n_col_targets = 0;

      /* sums in chunk order */
      for (guint k = 0; k < run->n_chunks; k++)
        {
          s1 += run->chunk_s1[(gsize) k * n_cols + c];
          s2 += run->chunk_s2[(gsize) k * n_cols + c];
        }
      sm->mean = run->shift[c] + s1 / N;
      sm->sd = N > 1 ? sqrt (MAX (0, (s2 - s1 * s1 / N) / (N - 1))) : 0;
      sm->min = INFINITY;
      sm->max = -INFINITY;
      guint32 *hist = run->hist + (gsize) c * N_HIST;

      for (guint th = 0; th < run->n_threads; th++)
        {
          const guint32 *h = run->t_hist + ((gsize) th * n_cols + c) * N_HIST;

          sm->min = MIN (sm->min, run->t_min[(gsize) th * n_cols + c]);
          sm->max = MAX (sm->max, run->t_max[(gsize) th * n_cols + c]);
          for (guint b = 0; b < N_HIST; b++)
            hist[b] += h[b];
        }

      run->col_target0[c] = G_MAXUINT;
      for (guint i = 0; i < GW_N_QUANTILES; i++)
        {
          double h = (N - 1) * gw_quantile_levels[i];
          gsize ranks[2] = { (gsize) floor (h), MIN ((gsize) floor (h) + 1, N - 1) };

          sm->q[i] = NAN;
          for (guint r = 0; r < 2; r++)
            {
              gsize below = 0;
              guint bin = 0;

              while (below + hist[bin] <= ranks[r])
                below += hist[bin++];
              {
                double point;

                if (sm->min == sm->max || bin_is_point (run, c, bin, &point))
                  continue;     /* the value is known exactly */
              }
              if (bin == BIN_BELOW && ranks[r] == 0)
                continue;       /* the minimum */
              if (bin == BIN_ABOVE && ranks[r] == N - 1)
                continue;       /* the maximum */
              if (run->bin_target[(gsize) c * N_HIST + bin] >= 0)
                continue;
              {
                Target t = { 0 };

                t.col = c;
                t.bin = bin;
                t.below = below;
                t.count = hist[bin];
                if (run->col_target0[c] == G_MAXUINT)
                  run->col_target0[c] = targets->len;
                run->bin_target[(gsize) c * N_HIST + bin] = n_col_targets++;
                g_array_append_val (targets, t);
                total += t.count;
              }
            }
        }
    }

  run->n_targets = targets->len;
  run->targets = (Target *) g_array_free (targets, FALSE);
  /* merged into run->hist: the per-thread copies can go before pass 2 */
  g_clear_pointer (&run->t_hist, g_free);

  /* Over budget: the largest bins get sub-histograms. */
  if (total > COLLECT_BUDGET)
    {
      g_autofree guint *order = g_new (guint, run->n_targets);

      for (guint i = 0; i < run->n_targets; i++)
        order[i] = i;
      g_qsort_with_data (order, run->n_targets, sizeof (guint), compare_targets_by_count,
                         run->targets);
      for (guint i = 0; i < run->n_targets && total > COLLECT_BUDGET; i++)
        {
          Target *t = &run->targets[order[i]];

          t->offset = G_MAXSIZE;
          t->sub = run->n_sub++;
          total -= t->count;
        }
      run->sub_hist = g_new0 (guint32, (gsize) run->n_sub * SUB_BINS);
    }
  {
    gsize at = 0;

    for (guint i = 0; i < run->n_targets; i++)
      if (run->targets[i].offset != G_MAXSIZE)
        {
          run->targets[i].offset = at;
          at += run->targets[i].count;
        }
    run->collected = g_new (double, MAX (at, 1));
  }
}

static const Target *
find_target (const Run *run,
             guint      col,
             guint      bin)
{
  gint8 i = run->bin_target[(gsize) col * N_HIST + bin];

  return i >= 0 ? &run->targets[run->col_target0[col] + i] : NULL;
}

/* The value of order statistic rank (0-based) of column c. */
static double
order_statistic (Run   *run,
                 guint  c,
                 gsize  rank,
                 guint *n_approx)
{
  const GwSummary *sm = &run->results->series[c];
  const guint32 *hist = run->hist + (gsize) c * N_HIST;
  const Target *t = NULL;
  gsize below = 0, r;
  guint bin = 0;
  double point;

  if (sm->min == sm->max || rank == 0)
    return sm->min;
  if (rank == run->n_paths - 1)
    return sm->max;
  while (below + hist[bin] <= rank)
    below += hist[bin++];
  if (bin_is_point (run, c, bin, &point))
    return point;
  t = find_target (run, c, bin);
  g_assert (t != NULL && t->below == below);
  r = rank - below;
  if (t->offset != G_MAXSIZE)
    {
      double *v = run->collected + t->offset;

      gw_select_kth (v, t->count, r);
      return v[r];
    }
  else
    {
      const guint32 *sh = run->sub_hist + (gsize) t->sub * SUB_BINS;
      double ra, rb;
      gsize sb = 0;
      guint s = 0;

      bin_range (run, sm, c, bin, &ra, &rb);
      while (sb + sh[s] <= r)
        sb += sh[s++];
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

  /* few paths: the pilot holds them all */
  if (run->n_pilot == N)
    {
      gw_summary_from_values (sm, run->pilot + (gsize) c * N, N);
      return;
    }

  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      double h = (N - 1) * gw_quantile_levels[i];
      gsize k = (gsize) floor (h);
      double a = order_statistic (run, c, k, &approx);
      double b = k + 1 < N ? order_statistic (run, c, k + 1, &approx) : a;

      sm->q[i] = a + (h - k) * (b - a);
    }
  if (approx > 0)
    g_atomic_int_add (&run->n_approx, (int) approx);
}

static void
run_clear (Run *run)
{
  g_free (run->shift);
  g_free (run->lo);
  g_free (run->hi);
  g_free (run->inv_width);
  g_free (run->pmin);
  g_free (run->pmax);
  g_free (run->hist);
  g_free (run->pilot);
  g_free (run->chunk_s1);
  g_free (run->chunk_s2);
  g_free (run->t_min);
  g_free (run->t_max);
  g_free (run->t_hist);
  g_free (run->bin_target);
  g_free (run->col_target0);
  g_free (run->targets);
  g_free (run->collected);
  g_free (run->sub_hist);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
}

/**
 * gw_cpu_run:
 * @plan: (transfer full): the plan; the results own it
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
  g_mutex_init (&run.lock);
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
  run.n_pilot = MIN (N_PILOT, n_paths);
  run.pilot = g_new (double, (gsize) plan->n_cols * run.n_pilot);
  ok = run_pass (&run, PASS_PILOT, 0, 0.02, progress, progress_data, error);
  if (ok && n_paths > N_PILOT)
    {
      guint n_cols = plan->n_cols;

      /* Passes 1 and 2 read the pilot's paths from memory rather than
       * simulate them again, except at large N where the pilot is a small
       * share of the work and its memory better spent elsewhere. */
      run.n_pilot_kept = n_paths <= 500000 ? run.n_pilot : 0;
      run.chunk = n_paths <= 100000 ? 1024 : MAX (4096, (n_paths / 256 + BLOCK - 1) / BLOCK * BLOCK);
      run.n_chunks = (n_paths + run.chunk - 1) / run.chunk;
      run.shift = g_new (double, n_cols);
      run.lo = g_new (double, n_cols);
      run.hi = g_new (double, n_cols);
      run.inv_width = g_new (double, n_cols);
      run.pmin = g_new (double, n_cols);
      run.pmax = g_new (double, n_cols);
      ok = run_pass (&run, PASS_PILOT_STATS, 0.02, 0.02, progress, progress_data, error);
      if (run.n_pilot_kept == 0)
        g_clear_pointer (&run.pilot, g_free);
      run.hist = g_new0 (guint32, (gsize) n_cols * N_HIST);
      run.chunk_s1 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.chunk_s2 = g_new0 (double, (gsize) run.n_chunks * n_cols);
      run.t_min = g_new (double, (gsize) run.n_threads * n_cols);
      run.t_max = g_new (double, (gsize) run.n_threads * n_cols);
      for (gsize i = 0; i < (gsize) run.n_threads * n_cols; i++)
        {
          run.t_min[i] = INFINITY;
          run.t_max[i] = -INFINITY;
        }
      run.t_hist = g_new0 (guint32, (gsize) run.n_threads * n_cols * N_HIST);
      if (ok)
        ok = run_pass (&run, PASS_1, 0.02, 0.55, progress, progress_data, error);
      if (ok)
        {
          plan_pass2 (&run);
          ok = run_pass (&run, PASS_2, 0.55, 0.97, progress, progress_data, error);
        }
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
