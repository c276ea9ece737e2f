/* gw-cpu-reduce.c: the per-block reductions of gw-cpu.c's histogram pass,
 * for one instruction set
 *
 * Written once with GCC's vector extensions (which clang shares) over VW
 * doubles, and built once per variant by meson as gw-cpu-sim.c is, with
 * -DGW_SIM_VARIANT=name and, on x86-64, -march=x86-64-v4 or -v3 for the
 * whole unit. A comparison gives a mask of all-ones lanes and SEL picks by
 * it, so no floating-point operation is conditional and the loops have no
 * branches (GCC does not if-convert scalar selects between doubles under
 * its default -ftrapping-math). Every lane does the same operations in
 * every variant, so the results do not depend on the variant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-cpu-private.h"

#ifndef GW_SIM_VARIANT
#error "build with -DGW_SIM_VARIANT=avx512|avx2|baseline"
#endif

/* Doubles per vector: one register of the variant's instruction set. */
#if defined (__AVX512F__)
#define VW 8
#define RD_NAME "avx512"
#elif defined (__AVX__)
#define VW 4
#define RD_NAME "avx2"
#else
#define VW 2
#define RD_NAME "sse2"
#endif

#define GW_CPU_REDUCE_CAT_(a, b) a##b
#define GW_CPU_REDUCE_CAT(a, b) GW_CPU_REDUCE_CAT_ (a, b)

#define RD_NV (8 / VW)                 /* vectors per group of 8 lanes */

typedef double V __attribute__ ((vector_size (VW * sizeof (double))));
typedef gint64 M __attribute__ ((vector_size (VW * sizeof (double))));

#define SEL(m, a, b) ((V) (((M) (a) & (m)) | ((M) (b) & ~(m))))

static inline V
splat (double x)
{
  V r;

  for (guint e = 0; e < VW; e++)
    r[e] = x;
  return r;
}

/* The histogram bin of each lane of x.
 *
 * Bins are carried as doubles RD_M + i, whose bits are those of RD_M plus i
 * (the doubles between 2^52 and 2^53 are the integers): no conversions.
 * b = (x - lo) nb / (hi - lo) - 1/2 is clamped to [-1, nb] (NaN to nb),
 * and adding RD_M + BIN_U0 rounds it to the nearest integer: BIN_U0 + j for
 * x in bin j, BIN_U0 - 1 = BIN_LOWTAIL below lo and BIN_U0 + nb =
 * BIN_HIGHTAIL above hi (a value within rounding of a bin's edge may land on
 * either side; either bin's range holds it). Then the column's windows,
 * ascending: a value in [e0, e1) goes to the window's fine bin (the same
 * rounding over its fine bins, clamped to them), a value at or above e1
 * in the uniform bin J1 that holds e1 to the window's gap counter. Then
 * selects, the last one winning: below and above the pilot's extremes, the
 * column's atoms (within their tolerance), and equality with the extremes,
 * so that point masses (a cap, a floor, 0, DSCR 99, a deal's value) stay
 * exact. Values at an extreme go to the eight spill counters of their
 * extreme in turn (see count_bins()); lane e of vector h is lane
 * h VW + e of the group of 8. */
#define RD_BINS_DECLARE(col, nb, windows)                               \
  const V pmin = splat ((col)->pmin), pmax = splat ((col)->pmax);       \
  const V lo = splat ((col)->bin_lo);        /* lo + half a bin */      \
  const V inv = splat ((col)->inv_width);                               \
  const V b_min = splat (-1.0), b_max = splat (nb);                     \
  const V round_u0 = splat (RD_M + BIN_U0), m_base = splat (RD_M);      \
  const V below = splat (RD_M + BIN_BELOW);                             \
  const V above = splat (RD_M + BIN_ABOVE (nb));                        \
  const double *atom = (col)->atom;                                     \
  const guint n_atoms = (col)->n_atoms;                                 \
  const guint n_win = (windows) ? (col)->n_win : 0;                     \
  const V zero = splat (0);                                             \
  V win[WIN_MAX][WIN_VALS];                                             \
  for (guint w_ = 0; w_ < n_win; w_++)                                  \
    for (guint k_ = 0; k_ < WIN_VALS; k_++)                             \
      win[w_][k_] = splat ((col)->win[WIN_VALS * w_ + k_]);             \
  V smin[RD_NV], smax[RD_NV];                                           \
  for (guint h_ = 0; h_ < RD_NV; h_++)                                  \
    for (guint e_ = 0; e_ < VW; e_++)                                   \
      {                                                                 \
        smin[h_][e_] = RD_M + BIN_SPILL_MIN (nb) + h_ * VW + e_;        \
        smax[h_][e_] = RD_M + BIN_SPILL_MAX (nb) + h_ * VW + e_;        \
      }

#define RD_BIN_OF(x, h, nb, out)                                        \
  do                                                                    \
    {                                                                   \
      V b_ = ((x) - lo) * inv, f_, u_;                                  \
                                                                        \
      b_ = SEL (b_ < b_max, b_, b_max);     /* NaN too */               \
      b_ = SEL (b_ > b_min, b_, b_min);                                 \
      f_ = b_ + round_u0;                                               \
      u_ = f_;                                                          \
      for (guint w_ = 0; w_ < n_win; w_++)                              \
        {                                                               \
          const V *p_ = win[w_];                                        \
          M ge1_ = (x) >= p_[1];                                        \
          V g_ = ((x) - p_[2]) * p_[3];                                 \
                                                                        \
          g_ = SEL (g_ < p_[4], g_, p_[4]);                             \
          g_ = SEL (g_ > zero, g_, zero);                               \
          f_ = SEL (ge1_ & (u_ == p_[6]), p_[7], f_);                   \
          f_ = SEL (((x) >= p_[0]) & ~ge1_, g_ + p_[5], f_);            \
        }                                                               \
      f_ = SEL ((x) < pmin, below, f_);                                 \
      f_ = SEL ((x) > pmax, above, f_);                                 \
      for (guint a_ = 0; a_ < n_atoms; a_++)                            \
        f_ = SEL (((x) >= splat (atom[3 * a_ + 1]))                     \
                  & ((x) <= splat (atom[3 * a_ + 2])),                  \
                  splat (RD_M + BIN_ATOM (nb) + a_), f_);               \
      f_ = SEL ((x) == pmax, smax[h], f_);                              \
      f_ = SEL ((x) == pmin, smin[h], f_);                              \
      (out) = (M) f_ - (M) m_base;                                      \
    }                                                                   \
  while (0)

/* The histogram bins of v[0..n) into idx[0..n). Lanes up to the next
 * multiple of 8 are computed too (a column's padding holds them) and not
 * counted. */
static inline __attribute__ ((always_inline)) void
block_bins_with (const GwCpuCol *col,
                 guint           nb,
                 const double   *v,
                 guint           n,
                 gint64         *idx,
                 gboolean        windows)
{
  RD_BINS_DECLARE (col, nb, windows);
  guint n8 = (n + 7) & ~7u;

  for (guint i = 0; i < n8; i += 8)
    for (guint h = 0; h < RD_NV; h++)
      {
        V x;
        M k;

        memcpy (&x, v + i + h * VW, sizeof x);
        RD_BIN_OF (x, h, nb, k);
        memcpy (idx + i + h * VW, &k, sizeof k);
      }
}

/* Pass 1's reduction of a block of a column, v[0..n): shifted sums and
 * extremes, added to *s1, *s2, *mn, *mx, and the bins into idx as
 * block_bins() does. The sums are kept in eight lanes (path i in lane
 * i mod 8) summed in a fixed order, so they depend on the block only. */
static inline __attribute__ ((always_inline)) void
block_reduce_with (const GwCpuCol *col,
                   guint           nb,
                   const double   *v,
                   guint           n,
                   double         *s1,
                   double         *s2,
                   double         *mn,
                   double         *mx,
                   gint64         *idx,
                   gboolean        windows)
{
  RD_BINS_DECLARE (col, nb, windows);
  const V sh = splat (col->shift);
  V a[RD_NV], q[RD_NV], vlo[RD_NV], vhi[RD_NV];
  double la[8], lq[8];
  guint n8 = n & ~7u;

  for (guint h = 0; h < RD_NV; h++)
    {
      a[h] = q[h] = splat (0);
      vlo[h] = splat (*mn);
      vhi[h] = splat (*mx);
    }
  for (guint i = 0; i < n8; i += 8)
    for (guint h = 0; h < RD_NV; h++)
      {
        V x, d;
        M k;

        memcpy (&x, v + i + h * VW, sizeof x);
        d = x - sh;
        a[h] += d;
        q[h] += d * d;
        vlo[h] = SEL (x < vlo[h], x, vlo[h]);
        vhi[h] = SEL (x > vhi[h], x, vhi[h]);
        RD_BIN_OF (x, h, nb, k);
        memcpy (idx + i + h * VW, &k, sizeof k);
      }
  if (n8 < n)
    {
      /* a last, partial group: bins for all its lanes, sums for those < n */
      for (guint h = 0; h < RD_NV; h++)
        {
          V x;
          M k;

          memcpy (&x, v + n8 + h * VW, sizeof x);
          RD_BIN_OF (x, h, nb, k);
          memcpy (idx + n8 + h * VW, &k, sizeof k);
        }
      for (guint i = n8; i < n; i++)
        {
          guint h = (i - n8) / VW, e = (i - n8) % VW;
          double x = v[i], d = x - col->shift;

          a[h][e] += d;
          q[h][e] += d * d;
          vlo[h][e] = x < vlo[h][e] ? x : vlo[h][e];
          vhi[h][e] = x > vhi[h][e] ? x : vhi[h][e];
        }
    }
  for (guint j = 0; j < 8; j++)
    {
      la[j] = a[j / VW][j % VW];
      lq[j] = q[j / VW][j % VW];
      *mn = vlo[j / VW][j % VW] < *mn ? vlo[j / VW][j % VW] : *mn;
      *mx = vhi[j / VW][j % VW] > *mx ? vhi[j / VW][j % VW] : *mx;
    }
  *s1 += ((la[0] + la[1]) + (la[2] + la[3])) + ((la[4] + la[5]) + (la[6] + la[7]));
  *s2 += ((lq[0] + lq[1]) + (lq[2] + lq[3])) + ((lq[4] + lq[5]) + (lq[6] + lq[7]));
}

/* The same, compiled without the windows' loop for the columns that have
 * none (the loop, even empty, costs them a fifth more). */
static void
block_bins (const GwCpuCol *col,
            guint           nb,
            const double   *v,
            guint           n,
            gint64         *idx)
{
  if (col->n_win > 0)
    block_bins_with (col, nb, v, n, idx, TRUE);
  else
    block_bins_with (col, nb, v, n, idx, FALSE);
}

static void
block_reduce (const GwCpuCol *col,
              guint           nb,
              const double   *v,
              guint           n,
              double         *s1,
              double         *s2,
              double         *mn,
              double         *mx,
              gint64         *idx)
{
  if (col->n_win > 0)
    block_reduce_with (col, nb, v, n, s1, s2, mn, mx, idx, TRUE);
  else
    block_reduce_with (col, nb, v, n, s1, s2, mn, mx, idx, FALSE);
}

/* Whether v[0..n) all equal x: a column the pilot found constant checks
 * each block with this (a scalar loop of compares cost it 2 % of a run). */
static gboolean
block_same (const double *v,
            guint         n,
            double        x)
{
  const V xs = splat (x);
  M differ = (M) splat (0);
  guint n8 = n & ~7u;
  gboolean same = TRUE;

  for (guint i = 0; i < n8; i += 8)
    for (guint h = 0; h < RD_NV; h++)
      {
        V y;

        memcpy (&y, v + i + h * VW, sizeof y);
        differ |= y != xs;
      }
  for (guint e = 0; e < VW; e++)
    same &= differ[e] == 0;
  for (guint i = n8; i < n; i++)
    same &= v[i] == x;
  return same;
}

const GwCpuReducer GW_CPU_REDUCE_CAT (gw_cpu_reduce_, GW_SIM_VARIANT) = {
  RD_NAME, block_bins, block_reduce, block_same
};
