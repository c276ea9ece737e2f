/* gw-cpu-pilot.c: the CPU engine's pilot statistics
 *
 * From the pilot's values of a column (kept whole): its extremes, the range
 * of the uniform bins (P0.5..P99.5), its atoms (values it repeats) and its
 * windows of fine bins around its estimates of the quantiles. See gw-cpu.c
 * for the whole.
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

/* The pilot's extremes and its P0.5 and P99.5 (may reorder v). */
void
gw_cpu_pilot_range (double *v,
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
  guint nb = run->nb, gw_cpu_n_bins = BIN_ABOVE (nb) + 1;

  run->reduce->bins (col, nb, v, n, ps->idx);
  memset (ps->start, 0, (gw_cpu_n_bins + 1) * sizeof (guint));
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
  for (guint b = 0; b < gw_cpu_n_bins; b++)
    ps->start[b + 1] += ps->start[b];
  memcpy (ps->fill, ps->start, gw_cpu_n_bins * sizeof (guint));
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

/* Candidate windows, ascending: [e0, e1) with fine bins of width wf, and
 * then nf fine bins each. */
typedef struct
{
  guint  m;
  double e0[WIN_PIECES * GW_N_QUANTILES];
  double e1[WIN_PIECES * GW_N_QUANTILES];
  double wf[WIN_PIECES * GW_N_QUANTILES];
  guint  nf[WIN_PIECES * GW_N_QUANTILES];
} Windows;

/* Merges neighbours, those that cost the fewest more fine bins first,
 * while there are more than WIN_MAX or the fine bins stay under
 * WIN_FINE_SOFT (nb): each window costs every value of the column a few
 * operations in pass 1, a fine bin only its counter. */
static void
merge_windows (Windows *ws,
               guint    nb)
{
  for (;;)
    {
      guint best = G_MAXUINT;
      double best_cost = G_MAXDOUBLE, fine = 0;

      for (guint w = 0; w < ws->m; w++)
        fine += (ws->e1[w] - ws->e0[w]) / ws->wf[w] + 1;
      for (guint w = 0; w + 1 < ws->m; w++)
        {
          double f = MIN (ws->wf[w], ws->wf[w + 1]);
          double cost = (ws->e1[w + 1] - ws->e0[w]) / f - (ws->e1[w] - ws->e0[w]) / ws->wf[w]
                        - (ws->e1[w + 1] - ws->e0[w + 1]) / ws->wf[w + 1] - 1;

          if (cost < best_cost)
            best_cost = cost, best = w;
        }
      if (best == G_MAXUINT || (ws->m <= WIN_MAX && fine + best_cost > WIN_FINE_SOFT (nb)))
        break;
      ws->e1[best] = ws->e1[best + 1];
      ws->wf[best] = MIN (ws->wf[best], ws->wf[best + 1]);
      for (guint w = best + 1; w + 1 < ws->m; w++)
        {
          ws->e0[w] = ws->e0[w + 1];
          ws->e1[w] = ws->e1[w + 1];
          ws->wf[w] = ws->wf[w + 1];
        }
      ws->m--;
    }
}

/* Within fine_max fine bins: fewer fine bins in proportion, then fewer in
 * the largest window until they fit, but never coarser than the uniform
 * bins of width wb: then the last window goes. */
static void
fit_windows (Windows *ws,
             double   wb,
             guint    fine_max)
{
  guint least[WIN_PIECES * GW_N_QUANTILES];
  gsize total = 0;

  for (guint w = 0; w < ws->m; w++)
    {
      least[w] = (guint) CLAMP (ceil ((ws->e1[w] - ws->e0[w]) / wb), 1, fine_max);
      ws->nf[w] = (guint) CLAMP (ceil ((ws->e1[w] - ws->e0[w]) / ws->wf[w]), least[w], fine_max);
      total += ws->nf[w] + 1;
    }
  if (total > fine_max && fine_max > 2 * ws->m)
    {
      double shrink = (double) (fine_max - ws->m) / (total - ws->m);

      total = 0;
      for (guint w = 0; w < ws->m; w++)
        {
          ws->nf[w] = MAX (least[w], (guint) (ws->nf[w] * shrink));
          total += ws->nf[w] + 1;
        }
    }
  while (total > fine_max)
    {
      guint big = G_MAXUINT;

      for (guint w = 0; w < ws->m; w++)
        if (ws->nf[w] > least[w] && (big == G_MAXUINT || ws->nf[w] > ws->nf[big]))
          big = w;
      if (big != G_MAXUINT)
        ws->nf[big]--, total--;
      else
        total -= ws->nf[--ws->m] + 1;
    }
}

/* The windows into the column, their fine bins after its uniform ones. */
static void
store_windows (Col           *col,
               const Windows *ws,
               guint          nb,
               double         wb)
{
  guint base = BIN_FINE (nb);

  for (guint w = 0; w < ws->m; w++)
    {
      double *x = col->win + WIN_VALS * w;
      guint j0 = (guint) CLAMP (floor ((ws->e0[w] - col->lo) / wb), 0, nb - 1);
      guint j1 = (guint) CLAMP (floor ((ws->e1[w] - col->lo) / wb), j0, nb - 1);

      col->win_j0[w] = j0;
      col->win_j1[w] = j1;
      col->win_base[w] = base;
      col->win_n[w] = ws->nf[w];
      col->win_e0[w] = ws->e0[w];
      col->win_e1[w] = ws->e1[w];
      col->win_wf[w] = (ws->e1[w] - ws->e0[w]) / ws->nf[w];
      col->win_gap_hi[w] = j1 + 1 == nb ? col->hi : col->lo + (j1 + 1) * wb;
      if (w > 0 && col->win_j1[w - 1] == j0)
        col->win_gap_hi[w - 1] = ws->e0[w];
      x[0] = ws->e0[w];
      x[1] = ws->e1[w];
      x[2] = ws->e0[w] + 0.5 * col->win_wf[w];
      x[3] = ws->nf[w] / (ws->e1[w] - ws->e0[w]);
      x[4] = ws->nf[w] - 1;
      x[5] = RD_M + base;
      x[6] = RD_M + BIN_U0 + j1;
      x[7] = RD_M + base + ws->nf[w];
      base += ws->nf[w] + 1;
    }
  col->n_win = ws->m;
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
  guint nb = run->nb, N = run->n_paths, n_q = 0;
  guint fine_max = FINE_MAX (nb, N);
  double wb = (col->hi - col->lo) / nb, scale = (double) N / n;
  double fit[GW_N_QUANTILES];
  Windows ws = { 0 };
  gsize r0[GW_N_QUANTILES], r1[GW_N_QUANTILES], rq[GW_N_QUANTILES];
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

        if (ws.m > 0)
          a = MAX (a, ws.e1[ws.m - 1]);
        if (!(b > a))
          continue;
        /* as many as the densest quarter of the piece asks for */
        pilot_quarters (run, col, ps, a, b, &most);
        want = ceil (WIN_SAFETY * 4 * (most + 1) * scale / fit[i]);
        ws.e0[ws.m] = a;
        ws.e1[ws.m] = b;
        /* never coarser than the uniform bins */
        ws.wf[ws.m] = MIN ((b - a) / CLAMP (want, 1, fine_max), wb);
        ws.m++;
      }

  merge_windows (&ws, nb);
  fit_windows (&ws, wb, FINE_MAX (nb, N));
  store_windows (col, &ws, nb, wb);
}

void
gw_cpu_pilot_column (Run          *run,
                     guint         c,
                     PilotScratch *ps)
{
  guint n = run->n_pilot;
  Col *col = &run->col[c];

  memcpy (ps->v, run->pilot + (gsize) c * n, n * sizeof (double));
  gw_cpu_pilot_range (ps->v, n, &col->pmin, &col->pmax, &col->lo, &col->hi);
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
