/* gw-cpu-quantiles.c: the CPU engine's certified quantiles
 *
 * After pass 1: where each order statistic a quantile needs lies in its
 * column's histogram, whether interpolating there is proven inside the
 * band of MODEL.md section 5 (the certificate of gw-cpu.c's header), the
 * plan of pass 2 for those that are not, and the quantiles from the counts
 * and pass 2's values. See gw-cpu.c for the whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-cpu-engine.h"

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
void
gw_cpu_bin_range (const Run       *run,
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

/* After pass 1: means, sds and extremes. */
void
gw_cpu_finish_pass1 (Run *run)
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

              gw_cpu_bin_range (run, sm, c, b, &ra, &rb);
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

  gw_cpu_bin_range (run, sm, c, g->bin, &ra, &rb);
  return in_band (run, &run->col[c], q, g->below, g->count, ra, rb, g->atom < 0);
}

/* GwLocateRanks for the planner: the groups of column c holding the
 * ranks' order statistics; a group is collected unless it is exact or, in
 * the default statistics, its interpolation is certified inside the band. */
static void
locate_rank_bins (gpointer     data,
                  guint        c,
                  const gsize *ranks,
                  GwRankBin   *bins)
{
  Run *run = data;
  const guint32 *hist = run->hist + run->hist_at[c];
  Group groups[N_RANKS];

  locate_ranks (run, c, ranks, N_RANKS, groups);
  for (guint j = 0; j < N_RANKS; j++)
    {
      const Group *g = &groups[j];

      bins[j] = (GwRankBin) {
        .bin = g->bin,
        .below = g->below,
        .count = hist[g->bin],
        .atom = g->atom,
        .collect = !g->exact && (run->exact || !group_in_band (run, c, g, j / 2)),
      };
    }
}

/* For GIGAWATT_DEBUG=cpu-timing: pass 2's targets (the first 20), named. */
static void
print_targets (const Run *run)
{
  const GwPlan *plan = run->plan;

  g_printerr ("gw-cpu: pass 2 targets %u\n", run->n_targets);
  for (guint i = 0; i < run->n_targets && i < 20; i++)
    {
      const Target *tg = &run->targets[i];
      guint series = tg->col / plan->T;
      int j = gw_plan_series_provider (plan, series);

      g_printerr ("gw-cpu:   %s%s%s quarter %u, bin %u: %u values\n",
                  gw_plan_series_key (plan, series), j >= 0 ? " of " : "",
                  j >= 0 ? gw_plan_provider_name (plan, j) : "", tg->col % plan->T, tg->bin,
                  tg->count);
    }
}

/* After pass 1: the bins pass 2 must look into, every bin holding an order
 * statistic that a quantile needs, except those known exactly, and in the
 * default statistics those whose interpolation is certified inside the
 * band. */
void
gw_cpu_plan_pass2 (Run *run)
{
  gsize at;

  run->bin_target = g_new (gint8, run->n_counters);
  memset (run->bin_target, -1, run->n_counters);
  run->col_target0 = g_new (guint, run->plan->n_cols);
  run->targets = gw_collect_targets (run->plan->n_cols, run->n_paths, locate_rank_bins, run,
                                     run->bin_target, run->hist_at, 0, run->col_target0,
                                     &run->n_targets);

  /* pass 2 stops after the last quarter that holds a target */
  run->t_end2 = 0;
  for (guint c = 0; c < run->plan->n_cols; c++)
    if (run->col_target0[c] != G_MAXUINT)
      run->t_end2 = MAX (run->t_end2, c % run->plan->T + 1);

  /* over budget, the largest bins get sub-histograms */
  at = gw_collect_plan (run->targets, run->n_targets, COLLECT_BUDGET, &run->n_sub);
  if (run->n_sub > 0)
    run->sub_hist = g_new0 (guint32, (gsize) run->n_sub * SUB_BINS);
  run->collected = gw_cpu_big_alloc (MAX (at, 1) * sizeof (double), FALSE);
  if ((gw_debug ()->flags & GW_DEBUG_CPU_TIMING))
    print_targets (run);
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

  gw_cpu_bin_range (run, sm, c, g->bin, &ra, &rb);
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
      gw_cpu_bin_range (run, sm, c, g.bin, &ra, &rb);
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

void
gw_cpu_column_quantiles (Run   *run,
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
