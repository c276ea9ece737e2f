/* gw-engine.cl: the OpenCL engine's kernels
 *
 * The host (gw-opencl.c) expands the #include lines below from the
 * GResource, so gw-path.h runs here exactly as in the CPU engine, with
 * GW_REAL float. Build options give:
 *   GW_SCRATCH_N   private scratch reals per path (a bucket >= plan->scratch)
 *   GW_ACC_DOUBLE  1 when the device has cl_khr_fp64 (path accumulators)
 *
 * Values of a chunk of paths are column-major: vals[col * stride + lane],
 * so the reduction kernels (one work-group per column) read contiguously.
 * Per-path scalars and inputs are row-major too, with strides of their own:
 * their buffers may hold every path of the run (the host reads them once,
 * at its end) rather than one chunk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define GW_REAL float

#if defined (GW_ACC_DOUBLE) && GW_ACC_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define GW_ACC double
#endif

#define GW_PLAN_AS __global
#define GW_SINK_AS __global
/* GW_W paths per work-item (1 on a GPU) */
#ifndef GW_W
#define GW_W 1
#endif

#include "gw-path.h"

/* Histogram layout, as in gw-cpu.c: below lo, == lo, N_BINS interior, == hi, above hi. */
#define GW_N_BINS    2048
#define GW_N_HIST    (GW_N_BINS + 4)
#define GW_BIN_BELOW 0
#define GW_BIN_LO    1
#define GW_BIN_HI    (GW_N_BINS + 2)
#define GW_BIN_ABOVE (GW_N_BINS + 3)
#define GW_SUB_BINS  4096
#define GW_NO_OFFSET 0xffffffffu

/* Paths first + get_global_id (0) * GW_W + L for lanes below n: series
 * values to vals[col * stride + lane], scalars to scal[i * sstride + soff +
 * lane], the sampled inputs of lanes below n_xin to xin[k * xstride + xoff +
 * lane]. The lane is the global id, so a launch with a global offset fills
 * part of a chunk. */
__kernel void
gw_simulate (__global const int   *pi,
             __global const float *pr,
             uint                  key0,
             uint                  key1,
             uint                  first,
             uint                  n,
             int                   mode,
             int                   swing_slot,
             float                 swing_u,
             uint                  stride,
             __global float       *vals,
             __global float       *scal,
             uint                  sstride,
             uint                  soff,
             __global float       *xin,
             uint                  xstride,
             uint                  xoff,
             uint                  n_xin)
{
  uint lane0 = (uint) get_global_id (0) * GW_W;
  float scratch[GW_SCRATCH_N * GW_W];
  int K = gw_plan_header (pi)->n_slots;
  gw_path_sink sink;

  if (lane0 >= n)
    return;
  /* series s of quarter t in column s * T + t; lanes past n write nothing */
  sink.series = vals + lane0;
  sink.column_stride = stride;
  sink.series_step = (size_t) gw_plan_n_quarters (pi);
  sink.quarter_step = 1;
  sink.t0 = 0;
  sink.scalars = scal + soff + lane0;
  sink.scalar_stride = sstride;
  sink.n_lanes = n - lane0 < GW_W ? (int) (n - lane0) : GW_W;
  gw_path_run_lanes (pi, pr, first + lane0, mode, swing_slot, swing_u, key0, key1, scratch,
                     &sink);
  /* after the run, as gw_cpu_path(): with the deals' derived fields */
  for (int L = 0; L < GW_W; L++)
    if (lane0 + L < n_xin && lane0 + L < n)
      for (int k = 0; k < K; k++)
        xin[(size_t) k * xstride + xoff + lane0 + L] = scratch[k * GW_W + L];
}

/* Philox known-answer check: in[6 i ..] = ctr[4], key[2]; out[4 i ..]. */
__kernel void
gw_philox (__global const uint *in,
           __global uint       *out,
           uint                 n)
{
  uint i = (uint) get_global_id (0);
  gw_u32 ctr[4];
  gw_u32 key[2];
  gw_u32 res[4];

  if (i >= n)
    return;
  for (int w = 0; w < 4; w++)
    ctr[w] = in[6 * i + w];
  key[0] = in[6 * i + 4];
  key[1] = in[6 * i + 5];
  gw_philox4x32_10 (ctr, key, res);
  for (int w = 0; w < 4; w++)
    out[4 * i + w] = res[w];
}

/* Minimum and maximum of the first n values of each column (the pilot), and
 * the inverse width of the column's histogram bins (0 for a column without
 * a finite range), so the host need not wait for them. */
__kernel void
gw_minmax (__global const float *vals,
           uint                  stride,
           uint                  n,
           __global float       *lo,
           __global float       *hi,
           __global float       *inv_width,
           __local float        *llo,
           __local float        *lhi)
{
  uint col = (uint) get_group_id (0);
  uint id = (uint) get_local_id (0);
  uint wg = (uint) get_local_size (0);
  __global const float *v = vals + (size_t) col * stride;
  float a = INFINITY;
  float b = -INFINITY;

  for (uint i = id; i < n; i += wg)
    {
      a = fmin (a, v[i]);
      b = fmax (b, v[i]);
    }
  llo[id] = a;
  lhi[id] = b;
  barrier (CLK_LOCAL_MEM_FENCE);
  for (uint s = wg / 2; s > 0; s /= 2)
    {
      if (id < s)
        {
          llo[id] = fmin (llo[id], llo[id + s]);
          lhi[id] = fmax (lhi[id], lhi[id + s]);
        }
      barrier (CLK_LOCAL_MEM_FENCE);
    }
  if (id == 0)
    {
      float l = llo[0], h = lhi[0];
      float w = h > l ? GW_N_BINS / (h - l) : 0.0f;

      lo[col] = l;
      hi[col] = h;
      inv_width[col] = isfinite (w) ? w : 0.0f;
    }
}

static inline uint
gw_column_bin (float v,
               float lo,
               float hi,
               float inv_width)
{
  if (v < lo)
    return GW_BIN_BELOW;
  if (v == lo)
    return GW_BIN_LO;
  if (v < hi)
    {
      float b = (v - lo) * inv_width;
      uint i = b < (float) GW_N_BINS ? (uint) b : GW_N_BINS - 1;

      return 2 + i;
    }
  if (v == hi)
    return GW_BIN_HI;
  return GW_BIN_ABOVE;
}

/* Pass 1 over one chunk: per column, compensated sums of v - shift and of
 * their squares, min, max (into part[col * 6 ..]: s1, c1, s2, c2, min,
 * max) and the histogram, kept in local memory and added to the column's
 * own row of hist (no other group touches it, launches are in order). With
 * accumulate, the sums and the histogram continue those of earlier chunks
 * (else they start here: the host need not zero them), so the host reads
 * them once, after the last chunk. */
__kernel void
gw_pass1 (__global const float *vals,
          uint                  stride,
          uint                  n,
          __global const float *lo,
          __global const float *hi,
          __global const float *inv_width,
          __global const float *shift,
          __global uint        *hist,
          __global float       *part,
          uint                  accumulate,
          __local uint         *lhist,
          __local float        *lsum)
{
  uint col = (uint) get_group_id (0);
  uint id = (uint) get_local_id (0);
  uint wg = (uint) get_local_size (0);
  __global const float *v = vals + (size_t) col * stride;
  float l = lo[col], h = hi[col], iw = inv_width[col], sh = shift[col];
  float s1 = 0, c1 = 0, s2 = 0, c2 = 0;
  float mn = INFINITY, mx = -INFINITY;

  for (uint b = id; b < GW_N_HIST; b += wg)
    lhist[b] = 0;
  barrier (CLK_LOCAL_MEM_FENCE);
  for (uint i = id; i < n; i += wg)
    {
      float x = v[i];
      float d = x - sh;
      float y, t;

      /* Kahan: the float sums of a chunk stay within a few ulp */
      y = d - c1;
      t = s1 + y;
      c1 = (t - s1) - y;
      s1 = t;
      y = d * d - c2;
      t = s2 + y;
      c2 = (t - s2) - y;
      s2 = t;
      mn = fmin (mn, x);
      mx = fmax (mx, x);
      atomic_inc (&lhist[gw_column_bin (x, l, h, iw)]);
    }
  lsum[6 * id + 0] = s1;
  lsum[6 * id + 1] = c1;
  lsum[6 * id + 2] = s2;
  lsum[6 * id + 3] = c2;
  lsum[6 * id + 4] = mn;
  lsum[6 * id + 5] = mx;
  barrier (CLK_LOCAL_MEM_FENCE);
  for (uint b = id; b < GW_N_HIST; b += wg)
    hist[(size_t) col * GW_N_HIST + b] = (accumulate ? hist[(size_t) col * GW_N_HIST + b] : 0)
                                         + lhist[b];
  if (id == 0)
    {
      /* work-items in order, after the earlier chunks */
      float a1 = 0, k1 = 0, a2 = 0, k2 = 0;

      if (accumulate)
        {
          a1 = part[(size_t) col * 6 + 0];
          k1 = part[(size_t) col * 6 + 1];
          a2 = part[(size_t) col * 6 + 2];
          k2 = part[(size_t) col * 6 + 3];
          mn = fmin (mn, part[(size_t) col * 6 + 4]);
          mx = fmax (mx, part[(size_t) col * 6 + 5]);
        }

      for (uint w = 0; w < wg; w++)
        {
          float y, t;

          y = lsum[6 * w] - (k1 + lsum[6 * w + 1]);
          t = a1 + y;
          k1 = (t - a1) - y;
          a1 = t;
          y = lsum[6 * w + 2] - (k2 + lsum[6 * w + 3]);
          t = a2 + y;
          k2 = (t - a2) - y;
          a2 = t;
          mn = fmin (mn, lsum[6 * w + 4]);
          mx = fmax (mx, lsum[6 * w + 5]);
        }
      part[(size_t) col * 6 + 0] = a1;
      part[(size_t) col * 6 + 1] = k1;
      part[(size_t) col * 6 + 2] = a2;
      part[(size_t) col * 6 + 3] = k2;
      part[(size_t) col * 6 + 4] = mn;
      part[(size_t) col * 6 + 5] = mx;
    }
}

/* Pass 2 over one chunk: the values in target bins are appended to their
 * target's slice of collected (an atomic fill counter each), or counted in
 * the target's sub-histogram when it has no slice. tinfo[4 t ..] = offset,
 * count, sub, 0. */
__kernel void
gw_collect (__global const float *vals,
            uint                  stride,
            uint                  n,
            __global const float *lo,
            __global const float *hi,
            __global const float *inv_width,
            __global const char  *bin_target,
            __global const uint  *col_target0,
            __global const uint  *tinfo,
            __global uint        *fill,
            __global float       *collected,
            __global uint        *sub_hist,
            __global uint        *overflow)
{
  uint col = (uint) get_group_id (0);
  uint id = (uint) get_local_id (0);
  uint wg = (uint) get_local_size (0);
  __global const float *v = vals + (size_t) col * stride;
  __global const char *bt = bin_target + (size_t) col * GW_N_HIST;
  uint t0 = col_target0[col];
  float l = lo[col], h = hi[col], iw = inv_width[col];

  if (t0 == GW_NO_OFFSET)
    return;
  for (uint i = id; i < n; i += wg)
    {
      float x = v[i];
      uint bin = gw_column_bin (x, l, h, iw);
      int k = bt[bin];
      uint t;

      if (k < 0)
        continue;
      t = t0 + (uint) k;
      if (tinfo[4 * t] != GW_NO_OFFSET)
        {
          uint at = atomic_inc (&fill[t]);

          if (at < tinfo[4 * t + 1])
            collected[tinfo[4 * t] + at] = x;
          else
            atomic_inc (overflow);
        }
      else
        {
          float width = (h - l) / GW_N_BINS;
          float bin_lo = l + (float) (bin - 2) * width;
          float f = (x - bin_lo) / width * GW_SUB_BINS;
          uint s = f <= 0 ? 0 : f >= GW_SUB_BINS ? GW_SUB_BINS - 1 : (uint) f;

          atomic_inc (&sub_hist[(size_t) tinfo[4 * t + 2] * GW_SUB_BINS + s]);
        }
    }
}
