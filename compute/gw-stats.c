/* gw-stats.c: statistics of a sample that both engines and the UI use
 *
 * The summary of a sample (mean, sd, min, max and the quantiles of
 * gw_quantile_levels) is exact: the quantiles interpolate linearly between
 * the order statistics x(k) and x(k+1) at h = (n - 1) p, as MODEL.md
 * section 5 asks of the reference engine.
 *
 * The order statistics are found without sorting and without reordering
 * the sample, in three reads of it:
 *
 *   1. min, max and the shifted sums (the mean and sd);
 *   2. a histogram of STATS_BINS uniform bins over [min, max];
 *   3. the values of the bins that hold a wanted order statistic (at most
 *      2 x GW_N_QUANTILES bins) are copied out, and each order statistic is
 *      selected in its bin's copy, by the same method again when the copy
 *      is large (a bin of a heavy-tailed or clustered sample), by
 *      quickselect when it is small or the method has gone deep enough.
 *      A bin whose copy holds one value (a point mass: a cap, a sentinel,
 *      a deal's value) gives it without selection.
 *
 * The bin of x is floor ((x - min) * STATS_BINS / (max - min)), which is
 * monotone in x (rounding is monotone), so bins partition the sorted
 * sample into consecutive runs and a rank within a bin is the rank in the
 * sample less the counts of the bins below. The results are therefore the
 * very order statistics a full sort gives, bit for bit.
 *
 * A summary of n values reads them 3 times and copies out about
 * 14 n / STATS_BINS of them; the quickselects that this replaced read a
 * sample of 10^7 about 40 times (gigawatt-cli bench, docs/benchmarks.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-results.h"
#include "gw-stats.h"

#define STATS_BINS     4096
#define SELECT_DIRECT  256      /* up to this many values, quickselect */
#define MAX_DEPTH      3        /* histogram levels before quickselect */
#define MAX_RANKS      (2 * GW_N_QUANTILES)

const double gw_quantile_levels[GW_N_QUANTILES] = { 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95 };

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

/* The order statistics ranks[0..n_ranks) (ascending, < n) of v, which is
 * reordered, by selections working upwards. */
static void
select_direct (double      *v,
               gsize        n,
               const gsize *ranks,
               guint        n_ranks,
               double      *out)
{
  gsize from = 0;

  for (guint i = 0; i < n_ranks; i++)
    {
      gw_select_kth (v + from, n - from, ranks[i] - from);
      out[i] = v[ranks[i]];
      from = ranks[i];
    }
}

static inline gsize
bin_of (double x,
        double min,
        double scale)
{
  gsize b = (gsize) ((x - min) * scale);

  return b < STATS_BINS ? b : STATS_BINS - 1;
}

static void select_ranks (const double *v, gsize n, double min, double max, const gsize *ranks,
                          guint n_ranks, double *out, guint depth);

/* The order statistics of a copy of v (reordered by quickselect) or, when
 * large, through select_ranks() on the copy. */
static void
select_in_copy (double      *copy,
                gsize        n,
                const gsize *ranks,
                guint        n_ranks,
                double      *out,
                guint        depth)
{
  double min = copy[0], max = copy[0];

  if (n <= SELECT_DIRECT || depth >= MAX_DEPTH)
    {
      select_direct (copy, n, ranks, n_ranks, out);
      return;
    }
  for (gsize i = 1; i < n; i++)
    {
      min = copy[i] < min ? copy[i] : min;
      max = copy[i] > max ? copy[i] : max;
    }
  select_ranks (copy, n, min, max, ranks, n_ranks, out, depth + 1);
}

/* The order statistics ranks[0..n_ranks) (ascending, < n) of v, whose
 * extremes are min and max; v is not changed. */
static void
select_ranks (const double *v,
              gsize         n,
              double        min,
              double        max,
              const gsize  *ranks,
              guint         n_ranks,
              double       *out,
              guint         depth)
{
  double scale = STATS_BINS / (max - min);
  g_autofree guint32 *count = NULL;
  g_autofree double *copy = NULL;
  gint16 slot[STATS_BINS];
  gsize below[MAX_RANKS];       /* per wanted bin: values in lower bins */
  gsize offset[MAX_RANKS + 1];  /* per wanted bin: where its copy starts */
  gsize fill[MAX_RANKS];
  guint rank_bin[MAX_RANKS];    /* per rank: its wanted bin */
  guint n_wanted = 0;

  g_assert (n_ranks <= MAX_RANKS);
  if (min == max)
    {
      for (guint i = 0; i < n_ranks; i++)
        out[i] = min;
      return;
    }
  if (!(scale > 0 && isfinite (scale)) || !isfinite (min) || !isfinite (max))
    {
      /* a span too small or too large to bin: select in a copy */
      copy = g_memdup2 (v, n * sizeof (double));
      select_direct (copy, n, ranks, n_ranks, out);
      return;
    }

  count = g_new0 (guint32, STATS_BINS);
  for (gsize i = 0; i < n; i++)
    count[bin_of (v[i], min, scale)]++;

  /* the bin of each rank, ranks ascending so bins ascending */
  memset (slot, -1, sizeof slot);
  {
    gsize cum = 0;
    guint b = 0;

    for (guint r = 0; r < n_ranks; r++)
      {
        while (cum + count[b] <= ranks[r])
          cum += count[b++];
        if (n_wanted == 0 || slot[b] < 0)
          {
            slot[b] = (gint16) n_wanted;
            below[n_wanted] = cum;
            offset[n_wanted + 1] = count[b];
            n_wanted++;
          }
        rank_bin[r] = (guint) slot[b];
      }
  }
  offset[0] = 0;
  for (guint w = 0; w < n_wanted; w++)
    {
      offset[w + 1] += offset[w];
      fill[w] = offset[w];
    }

  copy = g_new (double, offset[n_wanted]);
  for (gsize i = 0; i < n; i++)
    {
      int w = slot[bin_of (v[i], min, scale)];

      if (w >= 0)
        copy[fill[w]++] = v[i];
    }

  for (guint r = 0; r < n_ranks;)
    {
      guint w = rank_bin[r], m = 0;
      gsize sub[MAX_RANKS];

      while (r + m < n_ranks && rank_bin[r + m] == w)
        {
          sub[m] = ranks[r + m] - below[w];
          m++;
        }
      select_in_copy (copy + offset[w], offset[w + 1] - offset[w], sub, m, out + r, depth);
      r += m;
    }
}

/**
 * gw_summary_of:
 * @summary: (out): the summary
 * @values: (array length=n): the sample, not changed
 * @n: its size
 *
 * Mean, sd (n - 1), min, max and the exact quantiles of gw_quantile_levels.
 */
void
gw_summary_of (GwSummary    *summary,
               const double *values,
               gsize         n)
{
  double s = 0, ss = 0, shift;
  gsize ranks[MAX_RANKS];
  double h[GW_N_QUANTILES], x[MAX_RANKS];
  guint n_ranks = 0;

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

  /* the order statistics k and k + 1 around each h = (n - 1) p */
  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      gsize k;

      h[i] = (n - 1) * gw_quantile_levels[i];
      k = (gsize) floor (h[i]);
      if (n_ranks == 0 || ranks[n_ranks - 1] < k)
        ranks[n_ranks++] = k;
      if (k + 1 < n && ranks[n_ranks - 1] < k + 1)
        ranks[n_ranks++] = k + 1;
    }
  /* a NaN (whose bin is undefined) or a span past the largest double
   * leaves the sums not finite: select in a copy */
  if (n <= SELECT_DIRECT || !isfinite (s) || !isfinite (ss))
    {
      g_autofree double *copy = g_memdup2 (values, n * sizeof (double));

      select_direct (copy, n, ranks, n_ranks, x);
    }
  else
    select_ranks (values, n, summary->min, summary->max, ranks, n_ranks, x, 0);

  for (guint i = 0, j = 0; i < GW_N_QUANTILES; i++)
    {
      gsize k = (gsize) floor (h[i]);
      double a, b;

      while (ranks[j] < k)
        j++;
      a = x[j];
      b = k + 1 < n ? x[j + 1] : a;
      summary->q[i] = a + (h[i] - k) * (b - a);
    }
}

/**
 * gw_summary_from_values:
 *
 * gw_summary_of(), for callers that passed a sample they let be reordered.
 */
void
gw_summary_from_values (GwSummary *summary,
                        double    *values,
                        gsize      n)
{
  gw_summary_of (summary, values, n);
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

typedef struct
{
  GwSummary    *summaries;
  const double *values;
  gsize         n;
  guint         n_samples;
  int           next;   /* atomic */
} Many;

static gpointer
many_worker (gpointer data)
{
  Many *m = data;
  int i;

  while ((i = g_atomic_int_add (&m->next, 1)) < (int) m->n_samples)
    gw_summary_of (&m->summaries[i], m->values + (gsize) i * m->n, m->n);
  return NULL;
}

/**
 * gw_summaries_of:
 * @summaries: (out) (array length=n_samples): a summary per sample
 * @values: n_samples samples of n values, one after the other
 * @n: the size of each sample
 * @n_samples: how many
 * @n_threads: threads to use, 0 for one per core
 *
 * gw_summary_of() for many samples at once, on several threads; the
 * results do not depend on @n_threads.
 */
void
gw_summaries_of (GwSummary    *summaries,
                 const double *values,
                 gsize         n,
                 guint         n_samples,
                 guint         n_threads)
{
  Many m = { summaries, values, n, n_samples, 0 };
  g_autofree GThread **threads = NULL;

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  /* a thread is worth its start only for a sample of some size */
  n_threads = MIN (n_threads, n_samples);
  if (n < 16384)
    n_threads = 1;
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("gw-stats", many_worker, &m);
  many_worker (&m);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* Ranks ------------------------------------------------------------------ */

/* A double's bits as an unsigned key in the order of the values: the sign
 * bit set for the positives, all bits flipped for the negatives. -0 is
 * keyed as +0, since they compare equal. */
static inline guint64
order_key (double x)
{
  guint64 u;

  if (x == 0)
    x = 0;
  memcpy (&u, &x, sizeof u);
  return (u >> 63) ? ~u : u | G_GUINT64_CONSTANT (0x8000000000000000);
}

#define RANK_BITS 11
#define RANK_RADIX (1u << RANK_BITS)

/**
 * gw_ranks:
 * @v: n values, none NaN
 * @n: how many, at most G_MAXUINT32
 * @out: (out): their ranks 1 .. n, ties given their average rank
 *
 * The ranks that Spearman's correlation needs (MODEL.md section 5). The
 * values are ordered by a least-significant-digit radix sort of their
 * order keys, 11 bits a pass, skipping the digits that every key shares
 * (the sign and exponent of a sample of one scale): linear in n, with no
 * comparisons. Ties are runs of equal values, whatever order the sort left
 * them in, so the ranks are those of any sort, bit for bit.
 *
 * Returns: %FALSE (and @out untouched) where some value is NaN
 */
gboolean
gw_ranks (const double *v,
          gsize         n,
          double       *out)
{
  g_autofree guint64 *key = NULL, *key2 = NULL;
  g_autofree guint32 *idx = NULL, *idx2 = NULL;
  g_autofree guint32 *count = NULL;
  guint64 all_or = 0, all_and = ~G_GUINT64_CONSTANT (0);
  gsize i = 0;

  g_return_val_if_fail (n <= G_MAXUINT32, FALSE);
  for (gsize k = 0; k < n; k++)
    if (isnan (v[k]))
      return FALSE;
  if (n == 0)
    return TRUE;
  key = g_new (guint64, n);
  key2 = g_new (guint64, n);
  idx = g_new (guint32, n);
  idx2 = g_new (guint32, n);
  count = g_new (guint32, RANK_RADIX);
  for (gsize k = 0; k < n; k++)
    {
      key[k] = order_key (v[k]);
      idx[k] = (guint32) k;
      all_or |= key[k];
      all_and &= key[k];
    }
  for (guint shift = 0; shift < 64; shift += RANK_BITS)
    {
      guint64 mask = (guint64) (RANK_RADIX - 1) << shift;
      guint32 sum = 0;

      /* a digit every key shares leaves the order as it is */
      if ((all_or & mask) == (all_and & mask))
        continue;
      memset (count, 0, RANK_RADIX * sizeof *count);
      for (gsize k = 0; k < n; k++)
        count[(key[k] >> shift) & (RANK_RADIX - 1)]++;
      for (guint d = 0; d < RANK_RADIX; d++)
        {
          guint32 c = count[d];

          count[d] = sum;
          sum += c;
        }
      for (gsize k = 0; k < n; k++)
        {
          guint32 at = count[(key[k] >> shift) & (RANK_RADIX - 1)]++;

          key2[at] = key[k];
          idx2[at] = idx[k];
        }
      {
        guint64 *tk = key;
        guint32 *ti = idx;

        key = key2, key2 = tk;
        idx = idx2, idx2 = ti;
      }
    }
  while (i < n)
    {
      gsize j = i;
      double r;

      while (j + 1 < n && key[j + 1] == key[i])
        j++;
      r = (i + j) / 2.0 + 1;
      for (gsize k = i; k <= j; k++)
        out[idx[k]] = r;
      i = j + 1;
    }
  return TRUE;
}

/* The exact-quantile planner ---------------------------------------------- */

/**
 * gw_quantile_ranks:
 * @n: the sample's size, at least 1
 * @ranks: (out): for each quantile of gw_quantile_levels, the two order
 *   statistics (0-based ranks) it interpolates between: floor ((n - 1) p)
 *   and the next (the same at the top)
 */
void
gw_quantile_ranks (guint  n,
                   gsize *ranks)
{
  for (guint i = 0; i < GW_N_QUANTILES; i++)
    {
      gsize k = (gsize) floor ((n - 1) * gw_quantile_levels[i]);

      ranks[2 * i] = k;
      ranks[2 * i + 1] = MIN (k + 1, (gsize) n - 1);
    }
}

/**
 * gw_collect_targets:
 * @n_cols: columns
 * @n_paths: paths, N
 * @locate: where each column's order statistics lie (the engine's)
 * @data: for @locate
 * @bin_target: (inout): per bin of every column, the bin's target among
 *   its column's, or -1; all -1 on entry
 * @col_at: (nullable): where column c's bins start in @bin_target, or
 *   %NULL for c * @stride
 * @stride: bins per column when @col_at is %NULL
 * @col_target0: (out caller-allocates): [@n_cols], each column's first
 *   target, or %G_MAXUINT for none
 * @n_targets: (out): how many targets
 *
 * Both engines' exact-quantile planner, after pass 1: every bin holding
 * an order statistic that a quantile needs (gw_quantile_ranks()) and that
 * @locate says must be collected becomes a target, once, in the order of
 * the columns and of the ranks. gw_collect_plan() then says where each
 * target's values go.
 *
 * Returns: (transfer full): the targets
 */
GwCollectTarget *
gw_collect_targets (guint          n_cols,
                    guint          n_paths,
                    GwLocateRanks  locate,
                    gpointer       data,
                    gint8         *bin_target,
                    const gsize   *col_at,
                    gsize          stride,
                    guint         *col_target0,
                    guint         *n_targets)
{
  GArray *targets = g_array_new (FALSE, TRUE, sizeof (GwCollectTarget));
  gsize ranks[2 * GW_N_QUANTILES];

  gw_quantile_ranks (n_paths, ranks);
  for (guint c = 0; c < n_cols; c++)
    {
      gint8 *col_bins = bin_target + (col_at != NULL ? col_at[c] : (gsize) c * stride);
      GwRankBin bins[2 * GW_N_QUANTILES];
      guint n_col = 0;

      col_target0[c] = G_MAXUINT;
      locate (data, c, ranks, bins);
      for (guint j = 0; j < 2 * GW_N_QUANTILES; j++)
        {
          const GwRankBin *b = &bins[j];
          GwCollectTarget t = { 0 };

          if (!b->collect || col_bins[b->bin] >= 0)
            continue;
          t.col = c;
          t.bin = b->bin;
          t.below = b->below;
          t.count = b->count;
          t.atom = b->atom;
          if (col_target0[c] == G_MAXUINT)
            col_target0[c] = targets->len;
          col_bins[b->bin] = (gint8) n_col++;
          g_array_append_val (targets, t);
        }
    }
  *n_targets = targets->len;
  return (GwCollectTarget *) g_array_free (targets, FALSE);
}

static int
compare_count_desc (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  const GwCollectTarget *t = data;
  guint ca = t[*(const guint *) a].count, cb = t[*(const guint *) b].count;

  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

/**
 * gw_collect_plan:
 * @targets: the bins whose values a second pass collects (col, bin, below
 *   and count set)
 * @n_targets: how many
 * @budget: the most values to collect
 * @n_sub: (out): how many targets get a sub-histogram
 *
 * Both engines' plan for their second pass: while the targets hold more
 * values than @budget, the largest (by count, the first of equals first)
 * gets a sub-histogram instead (offset GW_COLLECT_SUB, sub its index);
 * the others get consecutive offsets into one array of collected values.
 *
 * Returns: the values to collect
 */
gsize
gw_collect_plan (GwCollectTarget *targets,
                 guint            n_targets,
                 gsize            budget,
                 guint           *n_sub)
{
  gsize total = 0, at = 0;

  *n_sub = 0;
  for (guint i = 0; i < n_targets; i++)
    {
      targets[i].offset = 0;
      total += targets[i].count;
    }
  if (total > budget)
    {
      g_autofree guint *order = g_new (guint, n_targets);

      for (guint i = 0; i < n_targets; i++)
        order[i] = i;
      /* stable: equal counts in the order of the targets */
      g_qsort_with_data (order, n_targets, sizeof (guint), compare_count_desc, targets);
      for (guint i = 0; i < n_targets && total > budget; i++)
        {
          GwCollectTarget *t = &targets[order[i]];

          t->offset = GW_COLLECT_SUB;
          t->sub = (*n_sub)++;
          total -= t->count;
        }
    }
  for (guint i = 0; i < n_targets; i++)
    if (targets[i].offset != GW_COLLECT_SUB)
      {
        targets[i].offset = at;
        at += targets[i].count;
      }
  return at;
}

/**
 * gw_column_probability:
 * @values: (array length=n): one value per path, as gw_replay_column() gives
 * @below: count values strictly below @threshold, else strictly above
 *
 * The share of @values beyond @threshold: the exact probability of the run
 * when @values is a whole column. A NaN counts on neither side.
 *
 * Returns: the share, 0 when @n is 0
 */
double
gw_column_probability (const double *values,
                       guint         n,
                       double        threshold,
                       gboolean      below)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    count += below ? values[i] < threshold : values[i] > threshold;
  return n > 0 ? (double) count / n : 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * gw_difference_stats:
 * @a: (array length=n): one run's values of an output, path by path
 * @b: (array length=n): another run's, on the same paths (common random
 *   numbers)
 * @median: (out): the median of b[i] - a[i] (gw_quantile_sorted()) over
 *   the paths where it is finite
 * @higher: (out): the share of those paths on which @b is higher
 *
 * The per-path difference of two runs, as the comparison table, its
 * difference panel and gigawatt-cli chart --kind compare give it.
 *
 * Returns: %FALSE, leaving @median and @higher alone, when no path has a
 *   finite difference
 */
gboolean
gw_difference_stats (const double *a,
                     const double *b,
                     gsize         n,
                     double       *median,
                     double       *higher)
{
  g_autofree double *d = g_new (double, MAX (n, 1));
  gsize m = 0, up = 0;

  for (gsize i = 0; i < n; i++)
    {
      double x = b[i] - a[i];

      if (!isfinite (x))
        continue;
      d[m++] = x;
      up += x > 0;
    }
  if (m == 0)
    return FALSE;
  qsort (d, m, sizeof (double), compare_doubles);
  *median = gw_quantile_sorted (d, m, 0.5);
  *higher = (double) up / m;
  return TRUE;
}
