/* gw-cli-bench.c: gigawatt-cli bench
 *
 * Every configuration (an engine, and threads for the CPU engine) runs
 * in a child process of its own (bench --one), so that its time and peak
 * memory are its own; the parent prints the best of each row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <glib/gi18n.h>

#include "gw-cli.h"
#include "gw-engine.h"
#include "gw-opencl.h"

static const char *
engine_name (GwEngineKind kind)
{
  return kind == GW_ENGINE_CPU ? "cpu" : kind == GW_ENGINE_OPENCL ? "opencl" : "auto";
}

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

      if (!gw_cli_parse_uint (parts[i], max, &v) || v == 0)
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

  if (!gw_cli_parse_uint (argv[2], GW_MAX_PATHS, &n) || !gw_cli_parse_uint (argv[3], 256, &t)
      || (argc >= 6 && !gw_cli_parse_engine (argv[5], &kind))
      || (argc >= 7 && !g_str_equal (argv[6], "-1") && !gw_cli_parse_uint (argv[6], 1000, &d)))
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

              if (!gw_cli_parse_engine (parts[k], &kind))
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
          if (!gw_cli_parse_uint (argv[++i], 1000, &v))
            return gw_cli_usage_error ("bench", _("--device takes a device number (see devices)"));
          a->device = v;
        }
      else if (g_str_equal (argv[i], "--repeat") && next)
        {
          if (!gw_cli_parse_uint (argv[++i], 100, &v) || v == 0)
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
