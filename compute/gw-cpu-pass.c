/* gw-cpu-pass.c: the CPU engine's paths and their histograms
 *
 * The pilot's blocks, pass 1 (sums, extremes and counts of every column,
 * steps of STEP_BLOCKS blocks and QUARTERS_STEP quarters) and pass 2 (the
 * values of the bins that hold an order statistic), with the per-block
 * reductions of gw-cpu-reduce.c (built once per instruction set). See
 * gw-cpu.c for the whole.
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
const Reducer *
gw_cpu_pick_reducer (void)
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
void
gw_cpu_flush_counts (Run   *run,
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
  if (col->constant && run->reduce->same (v, n, col->pmin))
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

/* Quarters [t, t1) of paths p .. p + n - 1, the path code's lanes at a
 * time, each group of lanes with its own scratch and state in groups:
 * series s of quarter t in buf[((t - t0) * n_series + s) * STEP_STRIDE +
 * path - p]. */
static void
step_quarters (const Run *run,
               guint      p,
               guint      n,
               double    *groups,
               guint      t,
               guint      t1,
               double    *buf)
{
  const GwPlan *plan = run->plan;
  const GwCpuSim *sim = run->sim;
  guint W = sim->lanes, ng = (n + W - 1) / W;
  gsize per = group_reals (plan, sim);
  gsize ls_at = (gsize) plan->scratch * W, st_at = ls_at + (gsize) plan->n_scalars * W;

  for (guint g = 0; g < ng; g++)
    {
      double *scr = groups + g * per;

      sim->quarters (plan, p + g * W, scr, scr + st_at, t, t1, buf + g * W, STEP_STRIDE,
                     scr + ls_at);
    }
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
  gsize ls_at = (gsize) plan->scratch * W;

  for (guint t = 0; t < T; t += QUARTERS_STEP)
    {
      guint t1 = MIN (t + QUARTERS_STEP, T);

      step_quarters (run, p, n, groups, t, t1, buf);
      for (guint g = 0; t == 0 && g < ng; g++)
        keep_inputs (run, groups + g * per, p + g * W, MIN (W, n - g * W));
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

void
gw_cpu_pass1_chunk (Run     *run,
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
        gw_cpu_flush_counts (run, thread);
      if (p + n > run->n_pilot_kept && !run->whole_blocks)
        {
          /* up to STEP_BLOCKS blocks at once (the later ones are past the
           * pilot's paths too) */
          n = MIN (STEP_PATHS, last - p);
          if (run->t_pending[thread] + n > FLUSH_PATHS)
            gw_cpu_flush_counts (run, thread);
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

/* Pass 2's look at n values of column c: those in a target's bin are
 * collected, or counted in its sub-histogram. */
static void
collect_column (Run          *run,
                guint         c,
                const double *v,
                guint         n)
{
  const gint8 *bt = run->bin_target + run->hist_at[c];
  gint64 idx[BLOCK];

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

          gw_cpu_bin_range (run, &run->results->series[c], c, bin, &ra, &rb);
          f = rb > ra ? (v[i] - ra) / (rb - ra) * SUB_BINS : 0;
          guint s = f <= 0 ? 0 : f >= SUB_BINS ? SUB_BINS - 1 : (guint) f;

          g_atomic_int_inc ((int *) &run->sub_hist[(gsize) tg->sub * SUB_BINS + s]);
          if (tg->atom >= 0 && v[i] < run->col[c].atom[3 * tg->atom])
            g_atomic_int_inc (&tg->n_lo);
        }
    }
}

/* Pass 2 for paths p .. p + n - 1 (n <= STEP_PATHS): their quarters
 * simulated a step at a time as in pass 1 (the same numbers), only up to
 * the last quarter that holds a target, and only the targeted columns
 * looked at. */
static void
pass2_block_quarters (Run    *run,
                      guint   p,
                      guint   n,
                      double *groups,
                      double *buf)
{
  const GwPlan *plan = run->plan;
  guint T = plan->T, ns = plan->n_series;

  for (guint t = 0; t < run->t_end2; t += QUARTERS_STEP)
    {
      guint t1 = MIN (t + QUARTERS_STEP, run->t_end2);

      step_quarters (run, p, n, groups, t, t1, buf);
      for (guint tq = t; tq < t1; tq++)
        for (guint sr = 0; sr < ns; sr++)
          {
            const double *v = buf + ((gsize) (tq - t) * ns + sr) * STEP_STRIDE;

            if (run->col_target0[sr * T + tq] == G_MAXUINT)
              continue;
            for (guint b = 0; b < n; b += BLOCK)
              collect_column (run, sr * T + tq, v + b, MIN (BLOCK, n - b));
          }
    }
}

void
gw_cpu_pass2_chunk (Run    *run,
                    guint   thread,
                    guint   chunk,
                    double *scratch,
                    double *buf)
{
  const GwPlan *plan = run->plan;
  guint n_cols = plan->n_cols;
  guint first = chunk * run->chunk;
  guint last = MIN (first + run->chunk, run->n_paths);

  for (guint p = first, n; p < last; p += n)
    {
      n = MIN (BLOCK, last - p);
      if (g_cancellable_is_cancelled (run->cancellable))
        return;
      if (p + n > run->n_pilot_kept && !run->whole_blocks)
        {
          n = MIN (STEP_PATHS, last - p);
          if (run->t_groups[thread] == NULL)
            run->t_groups[thread] = g_new0 (double, group_reals (plan, run->sim)
                                                     * (STEP_PATHS / run->sim->lanes));
          pass2_block_quarters (run, p, n, run->t_groups[thread], buf);
        }
      else
        {
          fill_block (run, scratch, p, n, buf, NULL, 0);
          for (guint c = 0; c < n_cols; c++)
            if (run->col_target0[c] != G_MAXUINT)
              collect_column (run, c, buf + (gsize) c * COL_STRIDE, n);
        }
      g_atomic_int_add (&run->done, (int) n);
    }
}

/* The pilot: the first paths, kept whole, give every column its extremes
 * and its P0.5 and P99.5, the range of the uniform bins. Their scalars and
 * inputs are stored as in pass 1, which then takes their values from here
 * rather than simulating them again. */
void
gw_cpu_pilot_block (Run    *run,
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
