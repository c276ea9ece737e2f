/* gw-opencl-sim.c: the OpenCL engine's simulation kernel, and paths one by one
 *
 * The buffers of gw_simulate (kernels/gw-engine.cl, the quarter step of
 * gw-path.h on the device) and its launch over a chunk of paths, for the
 * run (gw-opencl.c) and for the per-path entry points: every output of
 * given paths (the parity tests against the CPU engine) and Philox on the
 * device (known-answer tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-opencl-private.h"

/* ------------------------------------------------------------------ */
/* The simulation kernel                                               */
/* ------------------------------------------------------------------ */

/* Simulates paths [first, first + n) into lanes [0, n) of the chunk
 * buffers in one launch, the inputs of the first @n_xin of them too;
 * @done (nullable) gets the launch's event. */
gboolean
gw_cl_simulate (GwClSim      *s,
                guint32       first,
                guint         n,
                int           mode,
                int           swing_slot,
                float         swing_u,
                guint         n_xin,
                GwClPhase     phase,
                GCancellable *cancellable,
                GError      **error)
{
  cl_kernel k = s->p->simulate;
  size_t wg = s->p->sim_wg;
  size_t items = (n + s->p->sim_w - 1) / s->p->sim_w;
  guint soff = s->whole ? first : 0;
  cl_int err = CL_SUCCESS;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  SET_ARG (k, 0, s->pi);
  SET_ARG (k, 1, s->pr);
  SET_ARG (k, 2, s->key0);
  SET_ARG (k, 3, s->key1);
  SET_ARG (k, 4, first);
  SET_ARG (k, 5, n);
  SET_ARG (k, 6, mode);
  SET_ARG (k, 7, swing_slot);
  SET_ARG (k, 8, swing_u);
  SET_ARG (k, 9, s->stride);
  SET_ARG (k, 10, s->vals);
  SET_ARG (k, 11, s->scal);
  SET_ARG (k, 12, s->sstride);
  SET_ARG (k, 13, soff);
  SET_ARG (k, 14, s->xin);
  SET_ARG (k, 15, s->xstride);
  SET_ARG (k, 16, soff);
  SET_ARG (k, 17, n_xin);
  if (!gw_cl_check (err, "clSetKernelArg", error))
    return FALSE;
  if (s->c->rec != NULL)
    s->c->rec->st.paths_simulated += n;
  /* the whole chunk in one launch: the device schedules it better than
   * the host could */
  return gw_cl_launch (s->c, k, (items + wg - 1) / wg * wg, wg, phase, NULL, "gw_simulate", error);
}

/* Buffers for chunks of @stride paths; scalars and inputs for every path
 * when @whole (@n_paths of them, the inputs of @n_xin), else per chunk. */
gboolean
gw_cl_sim_init (GwClSim      *s,
                GwClContext  *c,
                GwClProgram  *p,
                const GwPlan *plan,
                guint         stride,
                gboolean      whole,
                guint         n_paths,
                guint         n_xin,
                GError      **error)
{
  g_autofree float *pr = g_new (float, MAX (plan->n_pr, 1));

  for (guint i = 0; i < plan->n_pr; i++)
    pr[i] = (float) plan->pr[i];
  s->c = c;
  s->p = p;
  s->key0 = plan->key[0];
  s->key1 = plan->key[1];
  s->stride = stride;
  s->whole = whole;
  s->sstride = whole ? n_paths : stride;
  s->xstride = whole ? n_xin : MIN (stride, n_xin);
  return (s->pi = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, plan->n_pi * sizeof (int), plan->pi,
                                     error))
         && (s->pr = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, plan->n_pr * sizeof (float), pr,
                                        error))
         && (s->vals = gw_cl_make_buffer (c, CL_MEM_READ_WRITE,
                                          (size_t) plan->n_cols * stride * sizeof (float), NULL,
                                          error))
         && (s->scal = gw_cl_make_buffer (c, CL_MEM_WRITE_ONLY,
                                          (size_t) plan->n_scalars * s->sstride * sizeof (float),
                                          NULL, error))
         && (s->xin = gw_cl_make_buffer (c, CL_MEM_WRITE_ONLY,
                                         (size_t) plan->K * s->xstride * sizeof (float), NULL,
                                         error));
}

void
gw_cl_sim_clear (GwClSim *s)
{
  gw_cl_release_mem (&s->pi);
  gw_cl_release_mem (&s->pr);
  gw_cl_release_mem (&s->vals);
  gw_cl_release_mem (&s->scal);
  gw_cl_release_mem (&s->xin);
}

/* ------------------------------------------------------------------ */
/* Per-path entry points (parity tests, measurement)                   */
/* ------------------------------------------------------------------ */

/**
 * gw_opencl_paths:
 * @series: (out): n x n_cols values, path-major (column = series * T + t)
 * @scalars: (out): n x n_scalars values, path-major
 * @inputs: (out) (nullable): n x K sampled inputs, path-major
 *
 * Runs paths [@first, @first + @n) on the device and returns every output,
 * as gw_cpu_path() does for one path.
 */
gboolean
gw_opencl_paths (const GwPlan *plan,
                 int           device,
                 guint32       first,
                 guint         n,
                 gboolean      deterministic,
                 int           swing_slot,
                 double        swing_u,
                 double       *series,
                 double       *scalars,
                 double       *inputs,
                 GError      **error)
{
  GwClSim s = { 0 };
  GwClContext *c;
  GwClProgram *p;
  gboolean ok = FALSE;
  g_autofree float *vals = NULL;
  g_autofree float *scal = NULL;
  g_autofree float *xin = NULL;

  g_return_val_if_fail (n > 0, FALSE);
  g_mutex_lock (&gw_cl_lock);
  c = gw_cl_get_context (device, FALSE, error);
  p = c ? gw_cl_get_program (c, plan, error) : NULL;
  if (p != NULL && gw_cl_sim_init (&s, c, p, plan, n, FALSE, n, n, error)
      && gw_cl_simulate (&s, first, n, deterministic ? GW_MODE_DETERMINISTIC : GW_MODE_RANDOM,
                         swing_slot, swing_u, n, GW_CL_PHASE_PASS1, NULL, error))
    {
      vals = g_new (float, (gsize) plan->n_cols * n);
      scal = g_new (float, (gsize) plan->n_scalars * n);
      xin = g_new (float, (gsize) plan->K * n);
      ok = gw_cl_read_buffer (c, s.vals, 0, (gsize) plan->n_cols * n * sizeof (float), vals, error)
           && gw_cl_read_buffer (c, s.scal, 0, (gsize) plan->n_scalars * n * sizeof (float), scal,
                                 error)
           && gw_cl_read_buffer (c, s.xin, 0, (gsize) plan->K * n * sizeof (float), xin, error);
    }
  gw_cl_sim_clear (&s);
  g_mutex_unlock (&gw_cl_lock);
  if (!ok)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      for (guint col = 0; col < plan->n_cols; col++)
        series[(gsize) i * plan->n_cols + col] = vals[(gsize) col * n + i];
      for (guint x = 0; x < plan->n_scalars; x++)
        scalars[(gsize) i * plan->n_scalars + x] = scal[(gsize) x * n + i];
      if (inputs != NULL)
        for (guint k = 0; k < plan->K; k++)
          inputs[(gsize) i * plan->K + k] = xin[(gsize) k * n + i];
    }
  return TRUE;
}

/**
 * gw_opencl_philox:
 * @in: 6 @n words: counter[4], key[2] of each block
 * @out: (out): 4 @n words
 *
 * Philox4x32-10 on the device, for known-answer tests.
 */
gboolean
gw_opencl_philox (int            device,
                  const guint32 *in,
                  guint32       *out,
                  guint          n,
                  GError       **error)
{
  GwClContext *c;
  GwClProgram *p;
  cl_mem din = NULL, dout = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&gw_cl_lock);
  c = gw_cl_get_context (device, FALSE, error);
  p = c ? gw_cl_get_program (c, NULL, error) : NULL;
  if (p != NULL
      && (din = gw_cl_make_buffer (c, CL_MEM_READ_ONLY, 6 * n * sizeof (guint32), in, error))
      && (dout = gw_cl_make_buffer (c, CL_MEM_WRITE_ONLY, 4 * n * sizeof (guint32), NULL, error)))
    {
      cl_int err = CL_SUCCESS;
      size_t global = n;

      SET_ARG (p->philox, 0, din);
      SET_ARG (p->philox, 1, dout);
      SET_ARG (p->philox, 2, n);
      ok = gw_cl_check (err, "clSetKernelArg", error)
           && gw_cl_check (clEnqueueNDRangeKernel (c->queue, p->philox, 1, NULL, &global, NULL, 0,
                                                   NULL, NULL), "gw_philox", error)
           && gw_cl_read_buffer (c, dout, 0, 4 * n * sizeof (guint32), out, error);
    }
  gw_cl_release_mem (&din);
  gw_cl_release_mem (&dout);
  g_mutex_unlock (&gw_cl_lock);
  return ok;
}
