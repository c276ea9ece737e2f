/* gw-cli-run.c: gigawatt-cli run and bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "gw-chart.h"
#include "gw-cli.h"
#include "gw-engine.h"
#include "gw-opencl.h"

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  /* allow 1e6 style */
  if (*end == 'e' || *end == 'E')
    {
      char *end2 = NULL;
      guint64 e = g_ascii_strtoull (end + 1, &end2, 10);

      if (end2 == end + 1 || e > 19)
        return FALSE;
      for (guint64 i = 0; i < e; i++)
        {
          if (v > G_MAXUINT64 / 10)
            return FALSE;
          v *= 10;
        }
      end = end2;
    }
  if (errno != 0 || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_engine (const char   *text,
              GwEngineKind *out)
{
  if (g_str_equal (text, "cpu"))
    *out = GW_ENGINE_CPU;
  else if (g_str_equal (text, "opencl"))
    *out = GW_ENGINE_OPENCL;
  else if (g_str_equal (text, "auto"))
    *out = GW_ENGINE_AUTO;
  else
    return FALSE;
  return TRUE;
}

static const char *
engine_name (GwEngineKind kind)
{
  return kind == GW_ENGINE_CPU ? "cpu" : kind == GW_ENGINE_OPENCL ? "opencl" : "auto";
}

/* "npv@CoreWeave" or "price_horizon" */
static int
find_scalar_spec (const GwPlan *plan,
                  const char   *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, "@", 2);

  return gw_plan_find_scalar (plan, parts[0], parts[1]);
}

static void
print_progress (double   fraction,
                gpointer user_data)
{
  g_printerr ("\r%s %3.0f%%", _("Running…"), fraction * 100);
}

/* One line of the summary: the label, then right-aligned cells, padded by
 * characters, not bytes (a minus sign is three bytes of UTF-8). */
static void
print_line (const char *label,
            guint       n_cells,
            ...)
{
  GString *out = g_string_new ("  ");
  va_list args;

  g_string_append (out, label);
  for (glong pad = 34 - g_utf8_strlen (label, -1); pad > 0; pad--)
    g_string_append_c (out, ' ');
  va_start (args, n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = va_arg (args, const char *);

      g_string_append_c (out, ' ');
      for (glong pad = 14 - g_utf8_strlen (cell, -1); pad > 0; pad--)
        g_string_append_c (out, ' ');
      g_string_append (out, cell);
    }
  va_end (args);
  g_print ("%s\n", out->str);
  g_string_free (out, TRUE);
}

static void
print_row (const char      *label,
           GwUnit           unit,
           double           det,
           const GwSummary *sm,
           gboolean         mc)
{
  g_autofree char *d = gw_format_unit_value (unit, det);

  if (!mc)
    {
      print_line (label, 1, d);
      return;
    }
  {
    g_autofree char *p10 = gw_format_unit_value (unit, sm->q[GW_Q_P10]);
    g_autofree char *p50 = gw_format_unit_value (unit, sm->q[GW_Q_P50]);
    g_autofree char *p90 = gw_format_unit_value (unit, sm->q[GW_Q_P90]);

    print_line (label, 4, d, p10, p50, p90);
  }
}

static void
print_series (const GwResults *res,
              int              series,
              guint            t)
{
  const GwPlan *plan = res->plan;
  g_autofree char *q = gw_quarter_format (plan->scenario->info.start + t);
  g_autofree char *label = g_strdup_printf ("%s, %s", gw_chart_series_label (plan, series), q);
  guint col = series * plan->T + t;

  print_row (label, gw_plan_series_unit (plan, series), res->det_series[col], &res->series[col],
             !res->deterministic);
}

/* A flow summed over the quarters of calendar @year: the deterministic
 * run's sum and, for Monte Carlo, the mean of the sums (the sum of the
 * means; the quantiles of a sum are not those of its quarters). */
static void
print_year_sum (const GwResults *res,
                int              series,
                int              year)
{
  const GwPlan *plan = res->plan;
  int t0 = GW_QUARTER (year, 1) - plan->scenario->info.start;
  g_autofree char *label = g_strdup_printf ("%s, %d", gw_chart_series_label (plan, series), year);
  GwUnit unit = gw_plan_series_unit (plan, series);
  double det = 0, mean = 0;
  g_autofree char *d = NULL;

  for (int t = t0; t < t0 + 4; t++)
    {
      det += res->det_series[series * plan->T + t];
      mean += res->series[series * plan->T + t].mean;
    }
  d = gw_format_unit_value (unit, det);
  if (res->deterministic)
    print_line (label, 1, d);
  else
    {
      g_autofree char *m = gw_format_unit_value (unit, mean);
      /* TRANSLATORS: in the P50 column of a yearly sum, which has no quantiles: "mean $2.1B" */
      g_autofree char *text = g_strdup_printf (_("mean %s"), m);

      print_line (label, 3, d, "", text);
    }
}

static void
print_scalar (const GwResults *res,
              int              x)
{
  const GwPlan *plan = res->plan;

  print_row (gw_plan_scalar_label (plan, x), gw_plan_scalar_unit (plan, x), res->det_scalars[x],
             &res->scalars[x], !res->deterministic);
}

static void
print_summary (const GwResults *res)
{
  const GwPlan *plan = res->plan;
  guint T = plan->T;
  guint year_end = MIN (3, T - 1);
  int year = gw_chart_default_year (plan);
  g_autofree char *start = gw_quarter_format (plan->scenario->info.start);
  g_autofree char *end = gw_quarter_format (plan->scenario->info.start + T - 1);

  g_print ("%s%s%s\n", plan->scenario->info.name, plan->variant ? " / " : "",
           plan->variant ? plan->variant : "");
  if (res->deterministic)
    g_print (_("Deterministic run, %s to %s, %s, %.3f s\n"), start, end, res->device, res->seconds);
  else
    {
      g_autofree char *paths = gw_format_grouped (res->n_paths, 0);
      g_autofree char *threads = g_strdup_printf (
        ngettext ("%u thread", "%u threads", res->threads), res->threads);

      /* Translators: paths, seed, first and last quarter, device, threads, time */
      g_print (_("%s paths, seed %" G_GUINT64_FORMAT ", %s to %s, %s, %s, %.3f s\n"),
               paths, plan->seed, start, end, res->device, threads, res->seconds);
    }
  if (res->n_approximate > 0)
    g_print (_("Note: %u order statistics are interpolated within a wide histogram bin (a "
               "tail, or an overfull bin); --exact-quantiles makes them exact.\n"),
             res->n_approximate);
  g_print ("\n");
  if (res->deterministic)
    print_line (_("Market"), 1, _("value"));
  else
    print_line (_("Market"), 4, _("deterministic"), "P10", "P50", "P90");
  print_series (res, GW_S_PRICE, 0);
  print_series (res, GW_S_PRICE, year_end);
  print_series (res, GW_S_PRICE, T - 1);
  print_series (res, GW_S_ANCHOR, T - 1);
  print_series (res, GW_S_FRONTIER_COST, T - 1);
  print_series (res, GW_S_UTILIZATION, T - 1);
  print_series (res, GW_S_CUSTOM_SHARE, T - 1);
  print_scalar (res, GW_X_CUM_SHORTAGE);

  for (guint j = 0; j < plan->P; j++)
    {
      int base = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * j;
      int xbase = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * j;

      g_print ("\n  %s\n", gw_plan_provider_name (plan, j));
      print_series (res, base + GW_SP_REVENUE, 0);
      print_series (res, base + GW_SP_REVENUE, year_end);
      print_series (res, base + GW_SP_REVENUE, T - 1);
      print_series (res, base + GW_SP_EBITDA, year_end);
      print_series (res, base + GW_SP_BACKLOG, 0);
      print_series (res, base + GW_SP_FLEET_MW, 0);
      print_series (res, base + GW_SP_FLEET_MW, year_end);
      print_series (res, base + GW_SP_DEBT, year_end);
      print_series (res, base + GW_SP_COLLATERAL, year_end);
      print_series (res, base + GW_SP_LTV, year_end);
      if (year > 0)
        {
          print_year_sum (res, base + GW_SP_DEPRECIATION, year);
          print_year_sum (res, base + GW_SP_INTEREST, year);
          print_year_sum (res, base + GW_SP_PRINCIPAL, year);
          print_year_sum (res, base + GW_SP_FCF, year);
          print_year_sum (res, base + GW_SP_VACANT_HOURS, year);
        }
      print_scalar (res, xbase + GW_XP_NPV);
      print_scalar (res, xbase + GW_XP_MIN_DSCR);
      if (!res->deterministic)
        g_print ("  %-34s %14s %13.1f%%\n", _("P(minimum DSCR < 1)"), "",
                 100 * gw_results_probability (res, xbase + GW_XP_MIN_DSCR, 1.0, TRUE));
    }
}

static void
print_sensitivity (const GwResults *res,
                   int              x,
                   GPtrArray       *sens)
{
  const GwPlan *plan = res->plan;
  GwUnit unit = gw_plan_scalar_unit (plan, x);
  int j = gw_plan_scalar_provider (plan, x);

  g_print (_("\nSensitivity of %s%s%s (widest swings first)\n"), gw_plan_scalar_label (plan, x),
           j >= 0 ? ", " : "", j >= 0 ? gw_plan_provider_name (plan, j) : "");
  g_print ("  %-52s %8s %14s %14s\n", _("input"), _("Spearman"), _("at P10"), _("at P90"));
  for (guint i = 0; i < sens->len && i < 15; i++)
    {
      const GwSensitivity *s = sens->pdata[i];
      g_autofree char *lo = gw_format_unit_value (unit, s->low);
      g_autofree char *hi = gw_format_unit_value (unit, s->high);

      /* the label, padded by characters, not bytes (“CoreWeave’s”) */
      glong pad = MAX (0, 52 - g_utf8_strlen (s->label, -1));

      g_print ("  %s%*s %8.3f %14s %14s\n", s->label, (int) pad, "", s->rho, lo, hi);
      g_print ("    %s\n", s->path);
    }
}

int
gw_cli_run (int    argc,
            char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  const char *path = NULL, *csv = NULL, *json = NULL, *sens = NULL;
  gboolean per_path = FALSE, quiet = FALSE;
  GError *error = NULL;
  guint64 v;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (a, "--variant") && next)
        opt.variant = argv[++i];
      else if (g_str_equal (a, "--paths") && next)
        {
          if (!parse_uint (argv[++i], GW_MAX_PATHS, &v) || v == 0)
            return gw_cli_usage_error ("run", _("--paths takes a number from 1 to 100000000"));
          opt.paths = v;
        }
      else if (g_str_equal (a, "--seed") && next)
        {
          if (!parse_uint (argv[++i], G_MAXUINT64, &v))
            return gw_cli_usage_error ("run", _("--seed takes a whole number"));
          opt.seed = v;
          opt.have_seed = TRUE;
        }
      else if (g_str_equal (a, "--threads") && next)
        {
          if (!parse_uint (argv[++i], 256, &v) || v == 0)
            return gw_cli_usage_error ("run", _("--threads takes a number from 1 to 256"));
          opt.threads = v;
        }
      else if (g_str_equal (a, "--engine") && next)
        {
          if (!parse_engine (argv[++i], &opt.engine))
            return gw_cli_usage_error ("run", _("--engine takes cpu, opencl or auto"));
        }
      else if (g_str_equal (a, "--device") && next)
        {
          if (!parse_uint (argv[++i], 1000, &v))
            return gw_cli_usage_error ("run", _("--device takes a device number (see devices)"));
          opt.device = v;
        }
      else if (g_str_equal (a, "--deterministic"))
        opt.deterministic = TRUE;
      else if (g_str_equal (a, "--exact-quantiles"))
        opt.exact_quantiles = TRUE;
      else if (g_str_equal (a, "--csv") && next)
        csv = argv[++i];
      else if (g_str_equal (a, "--per-path"))
        per_path = TRUE;
      else if (g_str_equal (a, "--json") && next)
        json = argv[++i];
      else if (g_str_equal (a, "--sensitivity") && next)
        sens = argv[++i];
      else if (g_str_equal (a, "--quiet"))
        quiet = TRUE;
      else if (g_str_equal (a, "--builtin") || g_str_has_prefix (a, "--builtin="))
        {
          if (path != NULL)
            return gw_cli_usage_error ("run", _("expected one FILE"));
          path = a;
        }
      else if (a[0] == '-' && a[1] != '\0')
        {
          g_autofree char *msg = g_strdup_printf (_("unknown or incomplete option “%s”"), a);

          return gw_cli_usage_error ("run", msg);
        }
      else if (path == NULL)
        path = a;
      else
        return gw_cli_usage_error ("run", _("expected one FILE"));
    }
  if (path == NULL)
    return gw_cli_usage_error ("run", _("expected one FILE"));
  if (per_path && csv == NULL)
    return gw_cli_usage_error ("run", _("--per-path needs --csv DIR"));

  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  /* paths.csv has the paths' inputs, for filtering offline (the first 10^6:
   * 164 inputs of 10^7 paths would take 13 GB) */
  if (per_path)
    opt.input_paths = MIN (opt.paths > 0 ? opt.paths : (guint) MAX (s->info.paths, 1), 1000000u);
  res = gw_run (s, &opt, NULL, quiet || !isatty (2) ? NULL : print_progress, NULL, &error);
  if (!quiet && isatty (2))
    g_printerr ("\r%*s\r", 16, "");
  if (res == NULL)
    return gw_cli_fail (error);

  /* the fallback reason is a diagnostic: standard error, whatever goes to
   * standard output (the JSON has it as "fallback" too) */
  if (res->fallback != NULL)
    g_printerr (_("gigawatt-cli: note: %s\n"), res->fallback);
  if (g_strcmp0 (json, "-") != 0 && !quiet)
    print_summary (res);
  if (sens != NULL)
    {
      int x = find_scalar_spec (res->plan, sens);
      g_autoptr(GPtrArray) list = NULL;

      if (x < 0)
        {
          g_autofree char *msg = g_strdup_printf (
            _("unknown output “%s”: use price_horizon, cumulative_shortage, or npv, min_dscr "
              "or first_dscr_below_1 with @PROVIDER"), sens);

          return gw_cli_usage_error ("run", msg);
        }
      list = gw_results_sensitivity (res, x, &error);
      if (list == NULL)
        return gw_cli_fail (error);
      print_sensitivity (res, x, list);
    }
  if (csv != NULL && !gw_results_write_csv (res, csv, per_path, &error))
    return gw_cli_fail (error);
  if (json != NULL && !gw_results_write_json (res, json, &error))
    return gw_cli_fail (error);
  return EXIT_OK;
}

/* Bench: every configuration runs in a child process of its own, so its
 * peak memory is its own. */

static double
peak_mib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

/* Runs in one process after a first one (the app's case: the engine's
 * context, programs and the allocator's memory are warm), of which the
 * child reports the fastest. */
#define IN_PROCESS_RUNS 5

/* The child's side of bench: one run, and with @phases what the OpenCL
 * engine counted (the CPU engine's passes come on stderr, GW_CPU_TIMING);
 * with @in_process, the fastest of IN_PROCESS_RUNS runs after a first one,
 * without loading. */
static int
bench_one (const char  *path,
           guint        paths,
           guint        threads,
           GwEngineKind engine,
           int          device,
           gboolean     exact_quantiles,
           gboolean     phases,
           gboolean     in_process)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  GError *error = NULL;
  GwClStats cl = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  double load;

  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  load = (g_get_monotonic_time () - t0) / 1e6;
  opt.paths = paths;
  opt.threads = threads;
  opt.engine = engine;
  opt.device = device;
  opt.exact_quantiles = exact_quantiles;
  if (phases)
    gw_opencl_collect_stats (&cl);
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  gw_opencl_collect_stats (NULL);
  if (res == NULL)
    return gw_cli_fail (error);
  if (in_process)
    {
      double best = INFINITY;

      for (guint r = 0; r < IN_PROCESS_RUNS; r++)
        {
          gint64 r0 = g_get_monotonic_time ();

          g_clear_pointer (&res, gw_results_unref);
          res = gw_run (s, &opt, NULL, NULL, NULL, &error);
          if (res == NULL)
            return gw_cli_fail (error);
          best = MIN (best, (g_get_monotonic_time () - r0) / 1e6);
        }
      /* t0 such that the line below prints the best run */
      t0 = g_get_monotonic_time () - (gint64) (best * 1e6);
    }
  /* seconds end to end (load, plan, run, statistics), quarters, peak MiB, engine */
  g_print ("%.6f %u %.1f %s%s\n", (g_get_monotonic_time () - t0) / 1e6, res->plan->T,
           peak_mib (), res->engine, res->fallback != NULL ? "-fallback" : "");
  if (phases)
    {
      g_print ("load %.6f\n", load);
      for (guint i = 0; cl.runs > 0 && i < GW_CL_N_PHASES; i++)
        {
          /* phases that enqueue nothing the device times */
          gboolean host = i == GW_CL_PHASE_CONTEXT || i == GW_CL_PHASE_BUILD
                          || i == GW_CL_PHASE_SETUP || i == GW_CL_PHASE_STATS;

          g_print ("phase %.6f %.6f %d %s\n", cl.wall[i],
                   cl.profiled && !host ? cl.device[i] : -1.0,
                   host ? -1 : (int) cl.launches[i], gw_cl_phase_label (i));
        }
      if (cl.runs > 0)
        g_print ("counts %u %u %" G_GUINT64_FORMAT " %u %" G_GUINT64_FORMAT " %u %"
                 G_GUINT64_FORMAT " %d %d %u\n", cl.chunks, cl.chunk_paths, cl.paths_simulated,
                 cl.reads, cl.read_bytes, cl.writes, cl.write_bytes, cl.replayed,
                 cl.outputs_kept, cl.runs);
    }
  if (res->fallback != NULL)
    g_printerr ("%s\n", res->fallback);
  return EXIT_OK;
}

/* Phases of one bench run, as its child reported them. */
typedef struct
{
  double   load;
  GArray  *rows;                /* PhaseRow */
  gboolean have_counts;
  guint    chunks, chunk_paths, reads, writes, runs;
  guint64  paths_simulated, read_bytes, write_bytes;
  gboolean replayed, kept;
} BenchPhases;

typedef struct
{
  char   *name;
  double  wall;
  double  device;               /* < 0: not measured */
  int     launches;             /* < 0: not counted */
} PhaseRow;

static void
phase_row_clear (gpointer data)
{
  g_free (((PhaseRow *) data)->name);
}

static void
bench_phases_clear (BenchPhases *bp)
{
  g_clear_pointer (&bp->rows, g_array_unref);
  memset (bp, 0, sizeof *bp);
}

static void
add_row (BenchPhases *bp,
         const char  *name,
         double       wall,
         double       device,
         int          launches)
{
  PhaseRow row = { g_strdup (name), wall, device, launches };

  g_array_append_val (bp->rows, row);
}

/* The child's "load", "phase" and "counts" lines, and the CPU engine's
 * "gw-cpu: NAME SECONDS s (...)" lines on its standard error. */
static void
parse_phases (BenchPhases *bp,
              const char  *out,
              const char  *err)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_auto(GStrv) err_lines = g_strsplit (err != NULL ? err : "", "\n", -1);

  bench_phases_clear (bp);
  bp->rows = g_array_new (FALSE, FALSE, sizeof (PhaseRow));
  g_array_set_clear_func (bp->rows, phase_row_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double wall, device;
      int launches;
      int n = 0;
      int replayed = 0, kept = 0;

      if (sscanf (lines[i], "load %lf", &bp->load) == 1)
        continue;
      if (sscanf (lines[i], "phase %lf %lf %d %n", &wall, &device, &launches, &n) == 3 && n > 0)
        add_row (bp, lines[i] + n, wall, device, launches);
      else if (sscanf (lines[i], "counts %u %u %" G_GUINT64_FORMAT " %u %" G_GUINT64_FORMAT " %u %"
                       G_GUINT64_FORMAT " %d %d %u", &bp->chunks, &bp->chunk_paths,
                       &bp->paths_simulated, &bp->reads, &bp->read_bytes, &bp->writes,
                       &bp->write_bytes, &replayed, &kept, &bp->runs) == 10)
        {
          bp->have_counts = TRUE;
          bp->replayed = replayed;
          bp->kept = kept;
        }
    }
  for (guint i = 0; err_lines[i] != NULL; i++)
    {
      const char *l = err_lines[i];
      const char *end = strstr (l, " s (");
      const char *num;

      if (!g_str_has_prefix (l, "gw-cpu: ") || end == NULL)
        continue;
      num = end;
      while (num > l && num[-1] != ' ')
        num--;
      if (num - 1 > l + strlen ("gw-cpu: "))
        {
          g_autofree char *name = g_strndup (l + strlen ("gw-cpu: "),
                                             num - 1 - (l + strlen ("gw-cpu: ")));

          add_row (bp, name, g_ascii_strtod (num, NULL), -1, -1);
        }
    }
}

static void
print_phases (const BenchPhases *bp,
              double             total,
              guint              n)
{
  double rest = total - bp->load;

  g_print ("    %-18s %10s %10s %9s\n", _("phase"), _("wall ms"), _("device ms"), _("launches"));
  g_print ("    %-18s %10.1f %10s %9s\n", _("load"), bp->load * 1e3, "-", "-");
  for (guint i = 0; i < bp->rows->len; i++)
    {
      const PhaseRow *r = &g_array_index (bp->rows, PhaseRow, i);
      g_autofree char *device = r->device >= 0 ? g_strdup_printf ("%.1f", r->device * 1e3)
                                               : g_strdup ("-");
      g_autofree char *launches = r->launches >= 0 ? g_strdup_printf ("%d", r->launches)
                                                   : g_strdup ("-");

      g_print ("    %-18s %10.1f %10s %9s\n", r->name, r->wall * 1e3, device, launches);
      rest -= r->wall;
    }
  /* planning, the result checks, what no engine phase covers */
  g_print ("    %-18s %10.1f %10s %9s\n", _("other"), MAX (rest, 0) * 1e3, "-", "-");
  if (bp->have_counts)
    {
      guint launches = 0;

      for (guint i = 0; i < bp->rows->len; i++)
        launches += MAX (g_array_index (bp->rows, PhaseRow, i).launches, 0);
      g_print (_("    chunks: %u of %u paths; paths simulated: %" G_GUINT64_FORMAT
                 " (%.2f x N%s); outputs %s\n"), bp->chunks, bp->chunk_paths,
               bp->paths_simulated, (double) bp->paths_simulated / MAX (n, 1),
               bp->replayed ? _(", pass 2 replayed the chunks") : _(", no replay"),
               bp->kept ? _("kept on the device, read at the end") : _("read per chunk"));
      g_print (_("    launches: %u; host reads: %u (%.1f MiB); host writes: %u (%.1f MiB)%s\n"),
               launches, bp->reads, bp->read_bytes / 1048576.0, bp->writes,
               bp->write_bytes / 1048576.0,
               bp->runs > 1 ? _("; summed over the process's OpenCL runs") : "");
    }
}

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        if (g_str_has_prefix (lines[i], "model name"))
          {
            const char *colon = strchr (lines[i], ':');

            if (colon)
              return g_strstrip (g_strdup (colon + 1));
          }
    }
  return g_strdup (_("unknown CPU"));
}

static gboolean
parse_list (const char *text,
            guint64     max,
            GArray     *out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  g_array_set_size (out, 0);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 v;
      guint u;

      if (!parse_uint (parts[i], max, &v) || v == 0)
        return FALSE;
      u = v;
      g_array_append_val (out, u);
    }
  return out->len > 0;
}

/* One configuration of a bench: an engine, and CPU threads for the CPU
 * engine. */
typedef struct
{
  GwEngineKind engine;
  guint        threads;
} BenchConfig;

/* gigawatt-cli bench's options */
typedef struct
{
  GArray     *paths;            /* guint */
  GArray     *threads;          /* guint */
  GArray     *engines;          /* GwEngineKind */
  const char *path;
  guint       repeat;
  int         device;
  gboolean    exact;
  gboolean    phases;
  gboolean    in_process;
} BenchArgs;

static void
bench_args_clear (BenchArgs *a)
{
  g_clear_pointer (&a->paths, g_array_unref);
  g_clear_pointer (&a->threads, g_array_unref);
  g_clear_pointer (&a->engines, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchArgs, bench_args_clear)

/* bench --one N THREADS FILE [ENGINE [DEVICE [exact [phases [in-process]]]]]:
 * one measured run, in the child process the parent spawned. */
static int
bench_one_args (int    argc,
                char **argv)
{
  guint64 n, t, d = 0;
  GwEngineKind kind = GW_ENGINE_CPU;

  if (!parse_uint (argv[2], GW_MAX_PATHS, &n) || !parse_uint (argv[3], 256, &t)
      || (argc >= 6 && !parse_engine (argv[5], &kind))
      || (argc >= 7 && !g_str_equal (argv[6], "-1") && !parse_uint (argv[6], 1000, &d)))
    return gw_cli_usage_error ("bench", _("bad --one arguments"));
  return bench_one (argv[4], n, t, kind,
                    argc >= 7 && !g_str_equal (argv[6], "-1") ? (int) d : -1,
                    argc >= 8 && g_str_equal (argv[7], "exact"),
                    argc >= 9 && g_str_equal (argv[8], "phases"),
                    argc >= 10 && g_str_equal (argv[9], "in-process"));
}

/* Reads the options into @a, over its defaults; EXIT_OK, or the usage
 * error's status. */
static int
parse_bench_args (int        argc,
                  char     **argv,
                  BenchArgs *a)
{
  guint64 v;

  for (int i = 1; i < argc; i++)
    {
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (argv[i], "--paths") && next)
        {
          if (!parse_list (argv[++i], GW_MAX_PATHS, a->paths))
            return gw_cli_usage_error ("bench", _("--paths takes numbers separated by commas"));
        }
      else if (g_str_equal (argv[i], "--threads") && next)
        {
          if (!parse_list (argv[++i], 256, a->threads))
            return gw_cli_usage_error ("bench", _("--threads takes numbers separated by commas"));
        }
      else if (g_str_equal (argv[i], "--engine") && next)
        {
          g_auto(GStrv) parts = g_strsplit (argv[++i], ",", -1);

          g_array_set_size (a->engines, 0);
          for (guint k = 0; parts[k]; k++)
            {
              GwEngineKind kind;

              if (!parse_engine (parts[k], &kind))
                return gw_cli_usage_error ("bench",
                                           _("--engine takes cpu, opencl or auto, separated by "
                                             "commas"));
              g_array_append_val (a->engines, kind);
            }
          if (a->engines->len == 0)
            return gw_cli_usage_error ("bench", _("--engine takes cpu, opencl or auto"));
        }
      else if (g_str_equal (argv[i], "--device") && next)
        {
          if (!parse_uint (argv[++i], 1000, &v))
            return gw_cli_usage_error ("bench", _("--device takes a device number (see devices)"));
          a->device = v;
        }
      else if (g_str_equal (argv[i], "--repeat") && next)
        {
          if (!parse_uint (argv[++i], 100, &v) || v == 0)
            return gw_cli_usage_error ("bench", _("--repeat takes a number from 1 to 100"));
          a->repeat = v;
        }
      else if (g_str_equal (argv[i], "--exact-quantiles"))
        a->exact = TRUE;
      else if (g_str_equal (argv[i], "--phases"))
        a->phases = TRUE;
      else if (g_str_equal (argv[i], "--in-process"))
        a->in_process = TRUE;
      else if (argv[i][0] != '-' || g_str_has_prefix (argv[i], "--builtin"))
        a->path = argv[i];
      else
        return gw_cli_usage_error ("bench", _("unknown option"));
    }
  return EXIT_OK;
}

/* The CPU engine once per thread count; the others once. */
static GArray *
bench_configs (const BenchArgs *a)
{
  GArray *configs = g_array_new (FALSE, FALSE, sizeof (BenchConfig));

  for (guint e = 0; e < a->engines->len; e++)
    {
      GwEngineKind kind = g_array_index (a->engines, GwEngineKind, e);

      if (kind == GW_ENGINE_CPU)
        for (guint t = 0; t < a->threads->len; t++)
          {
            BenchConfig bc = { kind, g_array_index (a->threads, guint, t) };

            g_array_append_val (configs, bc);
          }
      else
        {
          BenchConfig bc = { kind, 0 };

          g_array_append_val (configs, bc);
        }
    }
  return configs;
}

static void
print_bench_header (const BenchArgs *a)
{
  struct utsname un;
  g_autofree char *cpu = cpu_model ();

  uname (&un);
  g_print (_("gigawatt-cli bench: %s, %u cores, %s %s; %s; best of %u runs\n"), cpu,
           gw_cpu_n_cores (), un.sysname, un.release, a->path, a->repeat);
  if (a->in_process)
    g_print (_("Each run is the fastest of %u runs in one process after a first one (as in "
               "the app): plan, simulate, all statistics (%s). The ratio is against the first "
               "row of each size.\n"), IN_PROCESS_RUNS,
             a->exact ? _("exact quantiles") : _("quantiles interpolated in histogram bins"));
  else
    g_print (_("Each run is a fresh process: load, plan, simulate, all statistics (%s). "
               "The ratio is against the first row of each size.\n"),
             a->exact ? _("exact quantiles") : _("quantiles interpolated in histogram bins"));
  if (a->phases)
    g_print (_("Under each row, the phases of its best run: wall time on the host; for OpenCL "
               "the device's busy time (profiling events), kernel launches, host reads and "
               "chunks.\n"));
  g_print ("\n");
  g_print ("%-16s %10s %8s %10s %16s %10s %10s\n", _("engine"), _("paths"), _("threads"),
           _("seconds"), _("paths x q / s"), _("peak MiB"), _("ratio"));
}

/* The best of a row's runs. */
typedef struct
{
  double      best, mib;
  guint       quarters;
  BenchPhases phases;
  char        engine[32];
} BenchBest;

/* A row of the table: @a's repeats of @n paths in @bc, each in a fresh
 * child process (@self, bench --one); EXIT_OK, or EXIT_BAD_INPUT when a
 * run failed. */
static int
bench_row (const BenchArgs   *a,
           const char        *self,
           const BenchConfig *bc,
           guint              n,
           BenchBest         *b)
{
  guint t = bc->threads;

  for (guint r = 0; r < a->repeat; r++)
    {
      g_autofree char *n_s = g_strdup_printf ("%u", n);
      g_autofree char *t_s = g_strdup_printf ("%u", t);
      g_autofree char *d_s = g_strdup_printf ("%d", a->device);
      const char *child[] = { self, "bench", "--one", n_s, t_s, a->path,
                              engine_name (bc->engine), d_s,
                              a->exact ? "exact" : "approximate",
                              a->phases && !a->in_process ? "phases" : "totals",
                              a->in_process ? "in-process" : "fresh", NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;
      double sec, peak;
      g_autoptr(GError) error = NULL;

      /* the CPU engine times its passes on stderr */
      if (a->phases)
        env = g_environ_setenv (env, "GW_CPU_TIMING", "1", TRUE);
      if (!g_spawn_sync (NULL, (char **) child, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                         &err, &status, &error) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          g_printerr (_("gigawatt-cli: a benchmark run failed: %s\n"),
                      error ? error->message : err);
          return EXIT_BAD_INPUT;
        }
      if (sscanf (out, "%lf %u %lf %31s", &sec, &b->quarters, &peak, b->engine) != 4)
        {
          g_printerr (_("gigawatt-cli: a benchmark run printed “%s”\n"), out);
          return EXIT_BAD_INPUT;
        }
      if (a->phases && !a->in_process && sec < b->best)
        parse_phases (&b->phases, out, err);
      b->best = MIN (b->best, sec);
      b->mib = MAX (b->mib, peak);
    }
  return EXIT_OK;
}

int
gw_cli_bench (int    argc,
              char **argv)
{
  g_auto(BenchArgs) a = { NULL, NULL, NULL, "--builtin", 3, -1, FALSE, FALSE, FALSE };
  g_autoptr(GArray) configs = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  int status;

  if (argc >= 5 && g_str_equal (argv[1], "--one"))
    return bench_one_args (argc, argv);

  {
    guint defaults_p[] = { 10000, 100000, 1000000 };
    guint defaults_t[] = { 1, 2 };
    GwEngineKind defaults_e[] = { GW_ENGINE_CPU, GW_ENGINE_OPENCL };

    a.paths = g_array_new (FALSE, FALSE, sizeof (guint));
    a.threads = g_array_new (FALSE, FALSE, sizeof (guint));
    a.engines = g_array_new (FALSE, FALSE, sizeof (GwEngineKind));
    g_array_append_vals (a.paths, defaults_p, 3);
    g_array_append_vals (a.threads, defaults_t, 2);
    g_array_append_vals (a.engines, defaults_e, 2);
  }
  if ((status = parse_bench_args (argc, argv, &a)) != EXIT_OK)
    return status;
  configs = bench_configs (&a);

  print_bench_header (&a);
  for (guint pi = 0; pi < a.paths->len; pi++)
    {
      double base = 0;

      for (guint ci = 0; ci < configs->len; ci++)
        {
          const BenchConfig *bc = &g_array_index (configs, BenchConfig, ci);
          guint n = g_array_index (a.paths, guint, pi), t = bc->threads;
          BenchBest b = { INFINITY, 0, 0, { 0 }, "cpu" };
          g_autofree char *t_label = t > 0 ? g_strdup_printf ("%u", t) : g_strdup ("-");

          if ((status = bench_row (&a, self, bc, n, &b)) != EXIT_OK)
            return status;
          if (ci == 0)
            base = b.best;
          g_print ("%-16s %10u %8s %10.3f %16.3e %10.0f %9.2fx\n", b.engine, n, t_label, b.best,
                   (double) n * b.quarters / b.best, b.mib, base / b.best);
          if (a.phases && !a.in_process)
            {
              print_phases (&b.phases, b.best, n);
              bench_phases_clear (&b.phases);
            }
        }
    }
  return EXIT_OK;
}

int gw_cli_devices (int argc, char **argv);

/* gigawatt-cli devices [FILE]: what OpenCL offers, and what auto runs. */
int
gw_cli_devices (int    argc,
                char **argv)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwPlan) plan = NULL;
  const char *path = argc >= 2 ? argv[1] : "--builtin";
  gboolean measured = FALSE;
  int best;

  if (argc > 2)
    return gw_cli_usage_error ("devices", _("expected at most one FILE"));
  g_print (_("CPU reference engine: %u cores\n"), gw_cpu_n_cores ());
  devices = gw_opencl_devices (&error);
  if (devices == NULL)
    {
      g_print (_("OpenCL: %s\nThe auto engine runs on the CPU.\n"), error->message);
      return EXIT_OK;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      const GwClDevice *d = devices->pdata[i];

      g_print (_("Device %u: %s — %s, %s\n"), d->index, d->name, d->platform,
               gw_cl_kind_label (d->kind));
      g_print (_("  %u compute units at %u MHz, %.0f MiB memory (%.0f MiB per buffer), "
                 "%.0f KiB local, %s, fp64 %s\n"),
               d->compute_units, d->clock_mhz, d->global_mem / 1048576.0,
               d->max_alloc / 1048576.0, d->local_mem / 1024.0, d->version,
               d->fp64 ? _("yes") : _("no"));
    }
  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (g_steal_pointer (&error));
  plan = gw_plan_new (s, NULL, &error);
  if (plan == NULL)
    return gw_cli_fail (g_steal_pointer (&error));
  best = gw_opencl_auto_device (plan, -1, &measured, &error);
  if (error != NULL)
    g_print (_("The auto engine runs on the CPU: %s\n"), error->message);
  else if (best < 0)
    g_print (_("The auto engine runs on the CPU: it was faster than OpenCL here%s.\n"),
             measured ? _(" (measured now)") : _(" (measured before)"));
  else
    g_print (_("The auto engine runs on OpenCL device %d%s.\n"), best,
             measured ? _(" (measured now)") : "");
  return EXIT_OK;
}
