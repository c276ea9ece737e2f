/* gw-opencl-stats.c: the OpenCL engine's statistics on the host
 *
 * What the host makes of a run's columns, as gw-cpu.c does for the CPU
 * engine: pass 1's means and standard deviations from the sums the device
 * carried, the bins that hold the order statistics each quantile needs
 * (planned with gw-stats.c's gw_quantile_ranks() and gw_collect_plan()),
 * the check that pass 2's replay saw exactly what pass 1 counted, and the
 * quantiles, selected exactly from the values collected (or, over budget,
 * read from a finer histogram).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-opencl-private.h"

#define COLLECT_BUDGET (16u * 1024u * 1024u)   /* floats pass 2 may collect */

/* a bin whose values pass 2 collects (offset into collected) */
typedef GwCollectTarget Target;

void
gw_cl_col_stats_clear (GwClColStats *st)
{
  g_free (st->lo);
  g_free (st->hi);
  g_free (st->hist);
  g_free (st->targets);
  g_free (st->col_target0);
  g_free (st->collected);
  g_free (st->sub_hist);
}

/* Pass 1's means, standard deviations, minima and maxima: six floats a
 * column in @part, the compensated sums of the values less @shift (the
 * deterministic path) and of their squares, the minimum and the maximum. */
void
gw_cl_summarise_pass1 (GwClColStats *st,
                       const float  *part,
                       const float  *shift)
{
  GwResults *res = st->res;
  guint N = st->N;

  for (guint col = 0; col < st->plan->n_cols; col++)
    {
      const float *q = part + (gsize) col * 6;
      GwSummary *sm = &res->series[col];
      double s1 = (double) q[0] - q[1], s2 = (double) q[2] - q[3];

      sm->min = q[4];
      sm->max = q[5];
      sm->mean = shift[col] + s1 / N;
      sm->sd = N > 1 ? sqrt (MAX (0, (s2 - s1 * s1 / N) / (N - 1))) : 0;
    }
}

/* GwLocateRanks for the planner: the bin of column c holding each rank's
 * order statistic; collected unless the counts give it (a constant
 * column, the bins of the extremes, or an extreme rank in the under- or
 * overflow bin). */
static void
locate_rank_bins (gpointer     data,
                  guint        c,
                  const gsize *ranks,
                  GwRankBin   *bins)
{
  GwClColStats *st = data;
  const guint32 *hist = st->hist + (gsize) c * N_HIST;
  const GwSummary *sm = &st->res->series[c];
  guint N = st->N;

  for (guint r = 0; r < 2 * GW_N_QUANTILES; r++)
    {
      gsize below = 0;
      guint bin = 0;

      while (below + hist[bin] <= ranks[r])
        below += hist[bin++];
      bins[r] = (GwRankBin) {
        .bin = bin,
        .below = below,
        .count = hist[bin],
        .atom = -1,
        .collect = !(sm->min == sm->max || bin == BIN_LO || bin == BIN_HI
                     || (bin == BIN_BELOW && ranks[r] == 0)
                     || (bin == BIN_ABOVE && ranks[r] == N - 1)),
      };
    }
}

/* After pass 1, the planner both engines share (gw_collect_targets()):
 * the bins holding the order statistics each quantile needs, and where
 * their values go. */
gsize
gw_cl_plan_targets (GwClColStats *st,
                    gint8        *bin_target)
{
  const GwPlan *plan = st->plan;
  gsize at;
  guint n_sub;

  memset (bin_target, -1, (gsize) plan->n_cols * N_HIST);
  st->col_target0 = g_new (guint, plan->n_cols);
  st->targets = gw_collect_targets (plan->n_cols, st->N, locate_rank_bins, st, bin_target, NULL,
                                    N_HIST, st->col_target0, &st->n_targets);
  /* over budget, the largest bins get sub-histograms */
  at = gw_collect_plan (st->targets, st->n_targets, COLLECT_BUDGET, &n_sub);
  if (n_sub > 0)
    st->sub_hist = g_new0 (guint32, (gsize) n_sub * SUB_BINS);
  return at;
}

gsize
gw_cl_n_sub_targets (const GwClColStats *st)
{
  gsize n = 0;

  for (guint i = 0; i < st->n_targets; i++)
    if (st->targets[i].offset == GW_COLLECT_SUB)
      n++;
  return n;
}

static double
order_statistic (GwClColStats *st,
                 guint         c,
                 gsize         rank)
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

/* The targets as the gw_collect kernel reads them, four words each: the
 * offset of its values (NO_OFFSET for a sub-histogram), its count and its
 * sub-histogram. */
guint32 *
gw_cl_target_info (const GwClColStats *st)
{
  guint32 *tinfo = g_new0 (guint32, 4 * (gsize) MAX (st->n_targets, 1));

  for (guint i = 0; i < st->n_targets; i++)
    {
      tinfo[4 * i] = st->targets[i].offset != GW_COLLECT_SUB ? (guint32) st->targets[i].offset
                                                             : NO_OFFSET;
      tinfo[4 * i + 1] = st->targets[i].count;
      tinfo[4 * i + 2] = st->targets[i].sub;
    }
  return tinfo;
}

/* Whether pass 2's replay saw exactly the values pass 1 counted: every
 * target's @fill is its count, and no slice overflowed. */
gboolean
gw_cl_replay_matches (const GwClColStats *st,
                      const guint32      *fill,
                      guint32             overflow)
{
  for (guint i = 0; i < st->n_targets && overflow == 0; i++)
    if (st->targets[i].offset != GW_COLLECT_SUB && fill[i] != st->targets[i].count)
      overflow = 1;
  return overflow == 0;
}

/* Every column's quantiles, interpolated between order statistics as
 * gw_summary_from_values() does. */
void
gw_cl_quantiles (GwClColStats *st)
{
  GwResults *res = st->res;
  guint N = st->N;

  for (guint col = 0; col < st->plan->n_cols; col++)
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
}
