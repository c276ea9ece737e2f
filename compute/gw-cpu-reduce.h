/* gw-cpu-reduce.h: the per-block reductions of gw-cpu.c's histogram pass
 *
 * Written once with GCC's vector extensions over VW doubles and included
 * by gw-cpu.c once per instruction set, without an include guard: RD (name)
 * names a variant's functions and RD_TARGET is its target attribute. A
 * comparison gives a mask of all-ones lanes and SEL picks by it, so no
 * floating-point operation is conditional and the loops have no branches
 * (GCC does not if-convert scalar selects between doubles under its default
 * -ftrapping-math). Every lane does the same operations in every variant,
 * so the results do not depend on the variant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define RD_NV (8 / VW)                 /* vectors per group of 8 lanes */

typedef double RD (vd) __attribute__ ((vector_size (VW * sizeof (double))));
typedef gint64 RD (vl) __attribute__ ((vector_size (VW * sizeof (double))));

static inline RD_TARGET RD (vd)
RD (splat) (double x)
{
  RD (vd) r;

  for (guint e = 0; e < VW; e++)
    r[e] = x;
  return r;
}

/* The histogram bins of v[0..n) into idx[0..n): the uniform bin from a
 * clamped index, then selects, the last one winning. Equality with the
 * column's atoms (within their tolerance) and the pilot's extremes comes
 * last so that point masses (a cap, a floor, 0, DSCR 99, a deal's value)
 * stay exact; values at an
 * extreme go to the eight spill counters of their extreme in turn (see
 * count_bins()). Lanes up to the next multiple of 8 are computed too (a
 * column's padding holds them) and not counted.
 *
 * Indices are carried as doubles 2^52 + i, whose bits are those of 2^52
 * plus i: no conversions. floor (b) for 0 <= b < 2^51 is b rounded to an
 * integer by adding and subtracting 2^52, less 1 where that rounded up. */
static RD_TARGET void
RD (block_bins) (const Col    *col,
                 guint         nb,
                 const double *v,
                 guint         n,
                 gint64       *idx)
{
  typedef RD (vd) V;
  typedef RD (vl) M;
#define SEL(m, a, b) ((V) (((M) (a) & (m)) | ((M) (b) & ~(m))))
  const V pmin = RD (splat) (col->pmin), lo = RD (splat) (col->lo);
  const V hi = RD (splat) (col->hi), pmax = RD (splat) (col->pmax);
  const V inv = RD (splat) (col->inv_width), top = RD (splat) (nb - 1.0);
  const V zero = RD (splat) (0), one = RD (splat) (1), magic = RD (splat) (0x1p52);
  const V u0 = RD (splat) (0x1p52 + BIN_U0), low = RD (splat) (0x1p52 + BIN_LOWTAIL);
  const V below = RD (splat) (0x1p52 + BIN_BELOW);
  const V high = RD (splat) (0x1p52 + BIN_HIGHTAIL (nb));
  const V above = RD (splat) (0x1p52 + BIN_ABOVE (nb));
  V smin[RD_NV], smax[RD_NV];
  guint n8 = (n + 7) & ~7u;

  for (guint h = 0; h < RD_NV; h++)
    for (guint e = 0; e < VW; e++)
      {
        smin[h][e] = 0x1p52 + BIN_SPILL_MIN (nb) + h * VW + e;
        smax[h][e] = 0x1p52 + BIN_SPILL_MAX (nb) + h * VW + e;
      }
  for (guint i = 0; i < n8; i += 8)
    for (guint h = 0; h < RD_NV; h++)
      {
        V x, b, r, f;
        M k;

        memcpy (&x, v + i + h * VW, sizeof x);
        b = (x - lo) * inv;
        b = SEL (b > zero, b, zero);    /* NaN too */
        b = SEL (b < top, b, top);
        r = (b + magic) - magic;
        r = SEL (r > b, r - one, r);
        f = r + u0;
        f = SEL (x < lo, low, f);
        f = SEL (x > hi, high, f);
        f = SEL (x < pmin, below, f);
        f = SEL (x > pmax, above, f);
        for (guint a = 0; a < col->n_atoms; a++)
          f = SEL ((x >= RD (splat) (col->atom[3 * a + 1])) & (x <= RD (splat) (col->atom[3 * a + 2])),
                   RD (splat) (0x1p52 + BIN_ATOM (nb) + a), f);
        f = SEL (x == pmax, smax[h], f);
        f = SEL (x == pmin, smin[h], f);
        k = (M) f - (M) magic;
        memcpy (idx + i + h * VW, &k, sizeof k);
      }
#undef SEL
}

/* Shifted sums and extremes of v[0..n), added to *s1, *s2, *mn, *mx: in
 * eight lanes (path i in lane i mod 8), summed in a fixed order, so the
 * result depends on the block only. */
static RD_TARGET void
RD (block_moments) (const double *v,
                    guint         n,
                    double        shift,
                    double       *s1,
                    double       *s2,
                    double       *mn,
                    double       *mx)
{
  typedef RD (vd) V;
  typedef RD (vl) M;
#define SEL(m, a, b) ((V) (((M) (a) & (m)) | ((M) (b) & ~(m))))
  const V sh = RD (splat) (shift);
  V a[RD_NV], q[RD_NV], lo[RD_NV], hi[RD_NV];
  double la[8], lq[8];
  guint n8 = n & ~7u;

  for (guint h = 0; h < RD_NV; h++)
    {
      a[h] = q[h] = RD (splat) (0);
      lo[h] = RD (splat) (*mn);
      hi[h] = RD (splat) (*mx);
    }
  for (guint i = 0; i < n8; i += 8)
    for (guint h = 0; h < RD_NV; h++)
      {
        V x, d;

        memcpy (&x, v + i + h * VW, sizeof x);
        d = x - sh;
        a[h] += d;
        q[h] += d * d;
        lo[h] = SEL (x < lo[h], x, lo[h]);
        hi[h] = SEL (x > hi[h], x, hi[h]);
      }
  for (guint i = n8; i < n; i++)
    {
      guint h = (i - n8) / VW, e = (i - n8) % VW;
      double x = v[i], d = x - shift;

      a[h][e] += d;
      q[h][e] += d * d;
      lo[h][e] = x < lo[h][e] ? x : lo[h][e];
      hi[h][e] = x > hi[h][e] ? x : hi[h][e];
    }
  for (guint j = 0; j < 8; j++)
    {
      la[j] = a[j / VW][j % VW];
      lq[j] = q[j / VW][j % VW];
      *mn = lo[j / VW][j % VW] < *mn ? lo[j / VW][j % VW] : *mn;
      *mx = hi[j / VW][j % VW] > *mx ? hi[j / VW][j % VW] : *mx;
    }
  *s1 += ((la[0] + la[1]) + (la[2] + la[3])) + ((la[4] + la[5]) + (la[6] + la[7]));
  *s2 += ((lq[0] + lq[1]) + (lq[2] + lq[3])) + ((lq[4] + lq[5]) + (lq[6] + lq[7]));
#undef SEL
}

#undef RD_NV
