/* gw-cpu-private.h: what the CPU engine (gw-cpu.c) and its per-instruction-set
 * block reductions (gw-cpu-reduce.c) share: a column's histogram layout
 * and what the pilot decided about the column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A column's histogram, nb uniform bins: */
#define BIN_BELOW   0                   /* v < pilot min */
#define BIN_PMIN    1                   /* v == pilot min */
#define BIN_LOWTAIL 2                   /* pilot min < v < lo */
#define BIN_U0      3                   /* lo <= v <= hi: nb bins */
#define BIN_HIGHTAIL(nb) ((nb) + 3)     /* hi < v < pilot max */
#define BIN_PMAX(nb)     ((nb) + 4)     /* v == pilot max */
#define BIN_ABOVE(nb)    ((nb) + 5)     /* v > pilot max */
#define BIN_SPILL_MIN(nb) ((nb) + 8)    /* 8 counters for v == pilot min, folded per block */
#define BIN_SPILL_MAX(nb) ((nb) + 16)   /* 8 for v == pilot max */
#define BIN_ATOM(nb)     ((nb) + 24)    /* ATOM_MAX: v == a value the pilot repeats */
#define N_HIST(nb)       ((nb) + 24 + ATOM_MAX)  /* with no windows */
#define BIN_FINE(nb)     N_HIST (nb)             /* Run.n_fine: the windows' bins */
/* gw-cpu-reduce.c carries a bin i as the double RD_M + i, whose bits are
 * RD_M's plus i (the doubles between 2^52 and 2^53 are the integers). */
#define RD_M 0x1.8p52                   /* 1.5 x 2^52 */
#define ATOM_MAX    16          /* atoms of a column, at most */
#define WIN_MAX     12          /* windows of a column, at most */
#define WIN_VALS    8           /* doubles per window for gw-cpu-reduce.c */

/* A column's histogram range, shift, atoms and windows, from the pilot. */
typedef struct
{
  double pmin;          /* the pilot's extremes */
  double pmax;
  double lo;            /* its P0.5 and P99.5: the uniform bins */
  double hi;
  double inv_width;     /* nb / (hi - lo), or G_MAXDOUBLE if hi == lo */
  double bin_lo;        /* lo + half a bin, or lo if hi == lo (gw-cpu-reduce.c) */
  double shift;         /* subtracted before sums */
  const double *atom;   /* [n_atoms][3]: a value and the range [lo, hi] of
                         * values counted as it, in BIN_ATOM + k */
  guint  n_atoms;
  gboolean constant;    /* the pilot saw one value, which is the shift */
  /* Windows, ascending and disjoint: the values in [e0, e1) go to n fine
   * bins of width wf from counter base on; those at or above e1 in the
   * uniform bin j1 (0-based) that holds e1, to the gap counter base + n,
   * whose values are below gap_hi (the next window's e0 if it starts in
   * j1, else j1's upper edge). The uniform bin j0 that holds e0 keeps the
   * values below e0 (its range ends at e0), the bins after it up to j1 are
   * empty. e0 and e1 are clear of the uniform bins' edges by more than
   * rounding, or at lo and hi. win[] is what gw-cpu-reduce.c reads: e0,
   * e1, e0 + wf / 2, 1 / wf, n - 1, RD_M + base, RD_M + BIN_U0 + j1 and
   * RD_M + base + n. */
  guint  n_win;
  guint  win_j0[WIN_MAX];
  guint  win_j1[WIN_MAX];
  guint  win_base[WIN_MAX];
  guint  win_n[WIN_MAX];
  double win_e0[WIN_MAX];
  double win_e1[WIN_MAX];
  double win_wf[WIN_MAX];
  double win_gap_hi[WIN_MAX];
  double win[WIN_MAX * WIN_VALS];
} GwCpuCol;

/* The block reductions of one instruction set (gw-cpu-reduce.c, built once
 * per variant as gw-cpu-sim.c is). */
typedef struct
{
  const char *name;             /* "sse2", "avx2", "avx512" */
  /* The histogram bins of v[0..n) into idx[0..n), and lanes up to the
   * next multiple of 8 (a column's padding holds them). */
  void      (*bins)   (const GwCpuCol *col,
                       guint           nb,
                       const double   *v,
                       guint           n,
                       gint64         *idx);
  /* The same, and the shifted sums and extremes of v[0..n) added to *s1,
   * *s2, *mn, *mx. */
  void      (*reduce) (const GwCpuCol *col,
                       guint           nb,
                       const double   *v,
                       guint           n,
                       double         *s1,
                       double         *s2,
                       double         *mn,
                       double         *mx,
                       gint64         *idx);
  /* Whether every value of v[0..n) equals x (as ==: a NaN equals
   * nothing, -0 equals 0). */
  gboolean  (*same)   (const double   *v,
                       guint           n,
                       double          x);
} GwCpuReducer;

extern const GwCpuReducer gw_cpu_reduce_baseline;
#ifdef GW_CPU_SIM_X86
extern const GwCpuReducer gw_cpu_reduce_avx2;
extern const GwCpuReducer gw_cpu_reduce_avx512;
#endif

G_END_DECLS
