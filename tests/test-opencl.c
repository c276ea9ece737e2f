/* test-opencl.c: the OpenCL engine against the CPU reference engine
 *
 * Every test skips (TAP "# SKIP") when no OpenCL device is there; the CI
 * machine has PoCL. /gw/opencl/small is also what tests/test-oclgrind.sh
 * runs under oclgrind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-opencl.h"
#include "gw-test-scenario.h"
#include "gw-debug.h"

/* The documented float32 tolerance (gw-opencl.c): relative to the larger
 * of the two values and the column's scale (its largest |value|). */
#define TOL 2e-3
/* Paths whose discrete decisions (an event drawn at u ~ probability, a
 * deal's default quarter, DSCR crossing 1) flip between float and double
 * may disagree beyond it; at most this share of paths. */
#define MAX_FLIPPED 0.01

static gboolean
have_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = gw_opencl_devices (&error);

  if (devices == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("no OpenCL device: %s", error->message);

      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

static GwPlan *
baseline_plan (int horizon)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  GwPlan *plan;

  g_assert_no_error (error);
  if (horizon > 0)
    s->info.horizon = horizon;
  plan = gw_plan_new (s, NULL, &error);
  g_assert_no_error (error);
  return plan;
}

/* The vectors of tests/test-numeric.c (Random123's kat_vectors). */
static void
test_philox_kat (void)
{
  static const guint32 in[3 * 6] = {
    0, 0, 0, 0, 0, 0,
    0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
    0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
  };
  static const guint32 expected[3 * 4] = {
    0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8,
    0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd,
    0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
  };
  guint32 out[3 * 4] = { 0 };
  g_autoptr(GError) error = NULL;

  if (!have_device ())
    return;
  g_assert_true (gw_opencl_philox (-1, in, out, 3, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmphex (out[i], ==, expected[i]);
}

/* Per-path outputs of N = 1000 paths of @plan: every series, scalar and
 * input. */
static void
check_parity (GwPlan *plan)
{
  g_autoptr(GError) error = NULL;
  const guint n = 1000;
  g_autofree double *cl_series = NULL;
  g_autofree double *cl_scalars = NULL;
  g_autofree double *cl_inputs = NULL;
  g_autofree double *cpu_series = NULL;
  g_autofree double *cpu_scalars = NULL;
  g_autofree double *cpu_inputs = NULL;
  g_autofree double *scale = NULL;
  g_autofree gboolean *bad = NULL;
  guint n_bad = 0, n_out;
  double worst = 0;

  n_out = plan->n_cols + plan->n_scalars + plan->K;
  cl_series = g_new (double, (gsize) n * plan->n_cols);
  cl_scalars = g_new (double, (gsize) n * plan->n_scalars);
  cl_inputs = g_new (double, (gsize) n * plan->K);
  cpu_series = g_new (double, (gsize) n * plan->n_cols);
  cpu_scalars = g_new (double, (gsize) n * plan->n_scalars);
  cpu_inputs = g_new (double, (gsize) n * plan->K);
  scale = g_new0 (double, n_out);
  bad = g_new0 (gboolean, n);

  g_assert_true (gw_opencl_paths (plan, -1, 0, n, FALSE, -1, 0, cl_series, cl_scalars, cl_inputs,
                                  &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    gw_cpu_path (plan, i, FALSE, -1, 0, cpu_series + (gsize) i * plan->n_cols,
                 cpu_scalars + (gsize) i * plan->n_scalars, cpu_inputs + (gsize) i * plan->K);

#define OUT(arr, width, i, j) ((arr)[(gsize) (i) * (width) + (j)])
  for (guint i = 0; i < n; i++)
    {
      for (guint c = 0; c < plan->n_cols; c++)
        scale[c] = MAX (scale[c], fabs (OUT (cpu_series, plan->n_cols, i, c)));
      for (guint x = 0; x < plan->n_scalars; x++)
        scale[plan->n_cols + x] = MAX (scale[plan->n_cols + x],
                                       fabs (OUT (cpu_scalars, plan->n_scalars, i, x)));
      for (guint k = 0; k < plan->K; k++)
        scale[plan->n_cols + plan->n_scalars + k] =
          MAX (scale[plan->n_cols + plan->n_scalars + k], fabs (OUT (cpu_inputs, plan->K, i, k)));
    }
  for (guint i = 0; i < n; i++)
    for (guint o = 0; o < n_out; o++)
      {
        double a, b, err;

        if (o < plan->n_cols)
          a = OUT (cpu_series, plan->n_cols, i, o), b = OUT (cl_series, plan->n_cols, i, o);
        else if (o < plan->n_cols + plan->n_scalars)
          a = OUT (cpu_scalars, plan->n_scalars, i, o - plan->n_cols),
          b = OUT (cl_scalars, plan->n_scalars, i, o - plan->n_cols);
        else
          a = OUT (cpu_inputs, plan->K, i, o - plan->n_cols - plan->n_scalars),
          b = OUT (cl_inputs, plan->K, i, o - plan->n_cols - plan->n_scalars);
        if (a == b)
          continue;
        /* a float overflows where a double does not: +-inf against huge */
        err = fabs (a - b) / MAX (MAX (fabs (a), fabs (b)), MAX (scale[o], 1e-300));
        if (!(err <= TOL))
          {
            if (!bad[i])
              g_test_message ("path %u output %u: cpu %.9g opencl %.9g", i, o, a, b);
            bad[i] = TRUE;
          }
        else
          worst = MAX (worst, err);
      }
  for (guint i = 0; i < n; i++)
    n_bad += bad[i];
  g_test_message ("worst relative error within tolerance %.3g; %u of %u paths flipped", worst,
                  n_bad, n);
  g_assert_cmpuint (n_bad, <=, (guint) (MAX_FLIPPED * n));
}

static void
test_parity (void)
{
  g_autoptr(GwPlan) plan = NULL;

  if (!have_device ())
    return;
  plan = baseline_plan (0);
  check_parity (plan);
}

/* Every version-2 field in use: cost pass-through and inflation as laws,
 * re-letting, amortizing shares, signing dates, events with an end, a
 * random walk-away and power delays that hand their megawatts back. */
static void
test_parity_v2 (void)
{
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_device ())
    return;
  s = gw_test_baseline_v2 ();
  plan = gw_plan_new (s, NULL, &error);
  g_assert_no_error (error);
  check_parity (plan);
}

/* Several paths per work-item (as on a CPU device): a launch whose size is
 * not a multiple of the lanes fills exactly its own paths, with the same
 * numbers as one path per work-item. */
static void
test_lanes (void)
{
  g_autoptr(GwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const guint first = 3, n = 21;
  double *out[2][3];
  guint width[3];

  if (!have_device ())
    return;
  plan = baseline_plan (0);
  width[0] = plan->n_cols;
  width[1] = plan->n_scalars;
  width[2] = plan->K;
  for (guint w = 0; w < 2; w++)
    {
      for (guint a = 0; a < 3; a++)
        {
          out[w][a] = g_new (double, (gsize) n * width[a]);
          for (gsize i = 0; i < (gsize) n * width[a]; i++)
            out[w][a][i] = NAN;
        }
      g_setenv ("GW_OPENCL_SIM_W", w == 0 ? "1" : "8", TRUE);
      gw_debug_reload ();
      g_assert_true (gw_opencl_paths (plan, -1, first, n, FALSE, -1, 0, out[w][0], out[w][1],
                                      out[w][2], &error));
      g_unsetenv ("GW_OPENCL_SIM_W");
      gw_debug_reload ();
      g_assert_no_error (error);
    }
  for (guint a = 0; a < 3; a++)
    {
      for (gsize i = 0; i < (gsize) n * width[a]; i++)
        {
          double x = out[0][a][i], y = out[1][a][i];

          g_assert_false (isnan (y) && !isnan (x));
          if (x != y)
            g_assert_cmpfloat (fabs (x - y), <=, 1e-5 * MAX (fabs (x), fabs (y)));
        }
      g_free (out[0][a]);
      g_free (out[1][a]);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Every P5..P95 of every series, at three quarters, inside the CPU
 * reference's order-statistic band pN +/- 4 sqrt (N p (1 - p)). The band is
 * 4 standard deviations of the order statistic at any N, so a smaller N
 * fails no more often by chance; it only lets a smaller bias through.
 * N = 2 x 10^4 in the default suite (a few seconds on 2 cores), 10^5 with
 * -m slow (meson test opencl-slow, suite slow). */
static void
test_quantile_band (void)
{
  g_autoptr(GwPlan) plan = NULL;
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GError) error = NULL;
  const guint N = g_test_slow () ? 100000 : 20000;
  guint T, quarters[3];
  g_autofree double *values = NULL;
  g_autofree double *series = NULL;
  g_autofree double *scalars = NULL;
  guint n_checked = 0;

  if (!have_device ())
    return;
  plan = baseline_plan (0);
  T = plan->T;
  quarters[0] = 0;
  quarters[1] = T / 2;
  quarters[2] = T - 1;
  values = g_new (double, (gsize) plan->n_series * 3 * N);
  series = g_new (double, plan->n_cols);
  scalars = g_new (double, plan->n_scalars);
  for (guint i = 0; i < N; i++)
    {
      gw_cpu_path (plan, i, FALSE, -1, 0, series, scalars, NULL);
      for (guint s = 0; s < plan->n_series; s++)
        for (guint q = 0; q < 3; q++)
          values[((gsize) s * 3 + q) * N + i] = series[s * T + quarters[q]];
    }

  res = gw_opencl_run (g_steal_pointer (&plan), N, FALSE, -1, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_cmpstr (res->engine, ==, "opencl");

  for (guint s = 0; s < res->plan->n_series; s++)
    for (guint q = 0; q < 3; q++)
      {
        double *v = values + ((gsize) s * 3 + q) * N;
        const GwSummary *sm = gw_results_summary (res, s, quarters[q]);
        double scale;

        g_qsort_with_data (v, N, sizeof (double), compare_double, NULL);
        scale = MAX (fabs (v[0]), fabs (v[N - 1]));
        for (guint k = 0; k < GW_N_QUANTILES; k++)
          {
            double p = gw_quantile_levels[k];
            double w = 4 * sqrt (N * p * (1 - p));
            gsize lo = (gsize) MAX (0, floor (p * N - w));
            gsize hi = (gsize) MIN (N - 1, ceil (p * N + w));
            double slack = TOL * scale;

            if (!(sm->q[k] >= v[lo] - slack && sm->q[k] <= v[hi] + slack))
              {
                g_test_message ("series %s t=%u P%.0f: opencl %.9g, band [%.9g, %.9g]",
                                gw_plan_series_key (res->plan, s), quarters[q], 100 * p, sm->q[k],
                                v[lo], v[hi]);
                g_assert_not_reached ();
              }
            n_checked++;
          }
      }
  g_test_message ("%u quantiles inside the band", n_checked);
}

/* A small run through every kernel (pilot, pass 1, replay, collect), in
 * two chunks so that pass 1 accumulates across launches; what the oclgrind
 * test runs. Under oclgrind the pass-1 reduction costs seconds per chunk
 * and column whatever the paths, hence the shortest horizon (4 quarters)
 * and the fewest chunks that still make it a loop. */
static void
test_small (void)
{
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GwResults) ref = NULL;
  g_autoptr(GError) error = NULL;
  const guint N = 32;
  const int horizon = 4;

  if (!have_device ())
    return;
  g_setenv ("GW_OPENCL_CHUNK", "16", TRUE);
  gw_debug_reload ();
  res = gw_opencl_run (baseline_plan (horizon), N, FALSE, -1, 0, NULL, NULL, NULL, &error);
  g_unsetenv ("GW_OPENCL_CHUNK");
  gw_debug_reload ();
  g_assert_no_error (error);
  g_assert_nonnull (res);
  ref = gw_cpu_run (baseline_plan (horizon), N, FALSE, 1, 0, TRUE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < res->plan->n_cols; c++)
    {
      const GwSummary *a = &ref->series[c], *b = &res->series[c];
      double scale = MAX (MAX (fabs (a->min), fabs (a->max)), 1e-300);

      /* 32 paths: the exact order statistics of nearly the same values */
      for (guint k = 0; k < GW_N_QUANTILES; k++)
        g_assert_cmpfloat (fabs (a->q[k] - b->q[k]), <=, 0.05 * scale);
      g_assert_cmpfloat (fabs (a->mean - b->mean), <=, 0.05 * scale);
    }
}

/* One run of @N paths of the 4-quarter Baseline, with what it cost in
 * @stats; GW_OPENCL_CHUNK and GW_OPENCL_DEVICE_MEM as given (NULL: unset). */
static GwResults *
counted_run (guint       N,
             const char *chunk,
             const char *device_mem,
             GwClStats  *stats)
{
  g_autoptr(GError) error = NULL;
  GwResults *res;

  memset (stats, 0, sizeof *stats);
  if (chunk != NULL)
    g_setenv ("GW_OPENCL_CHUNK", chunk, TRUE);
  if (device_mem != NULL)
    g_setenv ("GW_OPENCL_DEVICE_MEM", device_mem, TRUE);
  gw_debug_reload ();
  gw_opencl_collect_stats (stats);
  res = gw_opencl_run (baseline_plan (4), N, FALSE, -1, 0, NULL, NULL, NULL, &error);
  gw_opencl_collect_stats (NULL);
  g_unsetenv ("GW_OPENCL_CHUNK");
  gw_debug_reload ();
  g_unsetenv ("GW_OPENCL_DEVICE_MEM");
  gw_debug_reload ();
  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_cmpuint (stats->runs, ==, 1);
  g_test_message ("N %u: %u chunks of %u, %" G_GUINT64_FORMAT " paths simulated, %u launches, "
                  "%u reads (%" G_GUINT64_FORMAT " bytes), outputs %s", N, stats->chunks,
                  stats->chunk_paths, stats->paths_simulated, gw_cl_stats_launches (stats),
                  stats->reads, stats->read_bytes, stats->outputs_kept ? "kept" : "per chunk");
  return res;
}

/* What a run costs does not grow with N beyond what each chunk needs:
 * counts, never times. One chunk: pass 1 simulates and reduces once, the
 * pilot runs once, pass 2 collects once and replays nothing, and the host
 * reads a fixed set of buffers at the end, whatever N. C chunks: a
 * simulation and a reduction each in pass 1, a replay and a collection
 * each in pass 2, and still no host read per chunk. */
static void
test_counts (void)
{
  GwClStats a, b, c3, c5;
  g_autoptr(GwResults) ra = NULL;
  g_autoptr(GwResults) rb = NULL;
  g_autoptr(GwResults) r3 = NULL;
  g_autoptr(GwResults) r5 = NULL;

  if (!have_device ())
    return;
  /* past the small-run path (2048), within one chunk of any device */
  ra = counted_run (2100, NULL, NULL, &a);
  rb = counted_run (4200, NULL, NULL, &b);
  g_assert_cmpuint (a.chunks, ==, 1);
  g_assert_cmpuint (b.chunks, ==, 1);
  g_assert_cmpuint (a.paths_simulated, ==, 2100);
  g_assert_cmpuint (b.paths_simulated, ==, 4200);
  g_assert_false (a.replayed);
  g_assert_true (a.outputs_kept && b.outputs_kept);
  g_assert_cmpuint (gw_cl_stats_launches (&a), ==, 4);
  g_assert_cmpuint (gw_cl_stats_launches (&b), ==, 4);
  g_assert_cmpuint (a.launches[GW_CL_PHASE_PILOT], ==, 1);
  g_assert_cmpuint (a.reads, ==, b.reads);

  r3 = counted_run (768, "256", NULL, &c3);
  r5 = counted_run (1280, "256", NULL, &c5);
  g_assert_cmpuint (c3.chunks, ==, 3);
  g_assert_cmpuint (c5.chunks, ==, 5);
  g_assert_true (c3.replayed && c5.replayed);
  g_assert_cmpuint (c3.paths_simulated, ==, 2 * 768);
  g_assert_cmpuint (c5.paths_simulated, ==, 2 * 1280);
  g_assert_cmpuint (c3.launches[GW_CL_PHASE_PASS1], ==, 2 * 3);
  g_assert_cmpuint (c3.launches[GW_CL_PHASE_PASS2], ==, 2 * 3);
  g_assert_cmpuint (gw_cl_stats_launches (&c3), ==, 1 + 4 * 3);
  g_assert_cmpuint (gw_cl_stats_launches (&c5), ==, 1 + 4 * 5);
  g_assert_cmpuint (c3.reads, ==, a.reads);
  g_assert_cmpuint (c5.reads, ==, a.reads);
}

/* A device too small to keep every path's scalars and inputs: they come
 * back per chunk, with the same numbers as when they stay on the device;
 * and the chunks are sized by the device's memory (a quarter of it for
 * the values of a chunk, half that on a CPU device when the run needs
 * several, in multiples of 256 paths). */
static void
test_small_device (void)
{
  GwClStats kept, per_chunk, sized;
  g_autoptr(GwResults) a = NULL;
  g_autoptr(GwResults) b = NULL;
  g_autoptr(GwResults) c = NULL;
  g_autofree char *mem = NULL;
  guint per_path, n_scalars;
  gboolean cpu;

  if (!have_device ())
    return;
  {
    g_autoptr(GPtrArray) devices = gw_opencl_devices (NULL);
    const GwClDevice *d = devices->pdata[gw_opencl_best_device (devices)];

    cpu = d->kind == GW_CL_KIND_CPU;
  }
  a = counted_run (1280, "256", NULL, &kept);
  /* an eighth of 100 kB is less than 1280 paths' scalars */
  b = counted_run (1280, "256", "100000", &per_chunk);
  g_assert_true (kept.outputs_kept);
  g_assert_false (per_chunk.outputs_kept);
  g_assert_cmpuint (per_chunk.chunks, ==, 5);
  g_assert_cmpuint (per_chunk.reads, >, kept.reads);
  n_scalars = a->plan->n_scalars;
  for (gsize i = 0; i < (gsize) n_scalars * 1280; i++)
    g_assert_cmpfloat (a->scalar_values[i], ==, b->scalar_values[i]);
  g_assert_cmpuint (a->n_inputs, ==, b->n_inputs);
  for (gsize i = 0; i < (gsize) a->n_inputs * a->n_input_paths; i++)
    g_assert_cmpfloat (a->inputs[i], ==, b->inputs[i]);
  for (guint col = 0; col < a->plan->n_cols; col++)
    {
      g_assert_cmpfloat (a->series[col].mean, ==, b->series[col].mean);
      for (guint k = 0; k < GW_N_QUANTILES; k++)
        g_assert_cmpfloat (a->series[col].q[k], ==, b->series[col].q[k]);
    }

  /* memory for 4 x 1100 paths' values: at most 1024 paths a chunk, the
   * run cut in 2 of 640, aligned to 768; on a CPU device at most 512, 3
   * of 427, aligned to 512 */
  per_path = a->plan->n_cols * sizeof (float);
  mem = g_strdup_printf ("%u", 4 * 1100 * per_path);
  c = counted_run (1280, NULL, mem, &sized);
  g_assert_cmpuint (sized.chunk_paths, ==, cpu ? 512 : 768);
  g_assert_cmpuint (sized.chunks, ==, cpu ? 3 : 2);
  g_assert_cmpuint (sized.paths_simulated, ==, 2 * 1280);
  for (guint col = 0; col < a->plan->n_cols; col++)
    {
      double scale = MAX (MAX (fabs (a->series[col].min), fabs (a->series[col].max)), 1e-300);

      /* the same paths cut otherwise: the order statistics are the same
       * values, the sums differ in rounding only */
      for (guint k = 0; k < GW_N_QUANTILES; k++)
        g_assert_cmpfloat (a->series[col].q[k], ==, c->series[col].q[k]);
      g_assert_cmpfloat (fabs (a->series[col].mean - c->series[col].mean), <=, 1e-5 * scale);
    }
}

/* Each failure class falls back to the CPU engine and says why. */
static void
check_fallback (const char *var,
                const char *value,
                const char *expect)
{
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GError) error = NULL;
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;

  opt.engine = GW_ENGINE_OPENCL;
  opt.paths = 3000;
  g_setenv (var, value, TRUE);
  gw_debug_reload ();
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  g_unsetenv (var);
  gw_debug_reload ();
  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_cmpstr (res->engine, ==, "cpu");
  g_assert_nonnull (res->fallback);
  g_test_message ("%s=%s: %s", var, value, res->fallback);
  g_assert_nonnull (strstr (res->fallback, expect));
  g_assert_cmpuint (res->n_paths, ==, 3000);
}

static void
test_fallback_platform (void)
{
  check_fallback ("GW_OPENCL_PLATFORM", "no-such-platform", "GW_OPENCL_PLATFORM");
}

static void
test_fallback_build (void)
{
  if (!have_device ())
    return;
  check_fallback ("GW_OPENCL_BUILD_OPTIONS", "-DGW_SCRATCH_N=-1", "did not build");
}

static void
test_fallback_resources (void)
{
  if (!have_device ())
    return;
  check_fallback ("GW_OPENCL_FAULT", "out-of-resources", "ran out of resources");
}

static void
test_fallback_lost (void)
{
  if (!have_device ())
    return;
  check_fallback ("GW_OPENCL_FAULT", "device-lost", "failed or was lost");
}

/* No ICD: a fresh process whose ICD loader finds no vendor. */
static void
test_fallback_no_icd (void)
{
  const char *cli = g_getenv ("GW_TEST_CLI");
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "run", "--builtin", "--paths", "500", "--engine", "opencl", NULL };

  if (cli == NULL)
    {
      g_test_skip ("GW_TEST_CLI is not set");
      return;
    }
  env = g_environ_setenv (env, "OCL_ICD_VENDORS", "/nonexistent-gigawatt-icd", TRUE);
  env = g_environ_setenv (env, "OPENCL_VENDOR_PATH", "/nonexistent-gigawatt-icd", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "CPU reference engine"));
  /* the reason is a diagnostic, on standard error (issue 14) */
  g_assert_nonnull (strstr (err, "No OpenCL driver"));
  g_assert_null (strstr (out, "No OpenCL driver"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/opencl/philox-kat", test_philox_kat);
  g_test_add_func ("/gw/opencl/small", test_small);
  g_test_add_func ("/gw/opencl/parity", test_parity);
  g_test_add_func ("/gw/opencl/parity-v2", test_parity_v2);
  g_test_add_func ("/gw/opencl/lanes", test_lanes);
  g_test_add_func ("/gw/opencl/quantile-band", test_quantile_band);
  g_test_add_func ("/gw/opencl/counts", test_counts);
  g_test_add_func ("/gw/opencl/small-device", test_small_device);
  g_test_add_func ("/gw/opencl/fallback/platform", test_fallback_platform);
  g_test_add_func ("/gw/opencl/fallback/build", test_fallback_build);
  g_test_add_func ("/gw/opencl/fallback/out-of-resources", test_fallback_resources);
  g_test_add_func ("/gw/opencl/fallback/device-lost", test_fallback_lost);
  g_test_add_func ("/gw/opencl/fallback/no-icd", test_fallback_no_icd);
  return g_test_run ();
}
