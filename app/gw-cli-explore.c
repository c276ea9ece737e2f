/* gw-cli-explore.c: gigawatt-cli goal and sweep
 *
 * goal: the value of one input at which a statistic of an output equals a
 * target ("the Meta II price at which P(CoreWeave min DSCR < 1) = 10%");
 * sweep: a statistic of outputs over a range of one input, as a table or
 * CSV. Both run with the same seed at every value (common random numbers,
 * compute/gw-explore.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gw-cli.h"
#include "gw-explore.h"
#include "gw-io.h"
#include "gw-sweep.h"

static gboolean
parse_count (const char *text,
             guint64     max,
             guint64    *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (errno != 0 || *end != '\0' || v != floor (v) || v < 0 || v > (double) max)
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return errno == 0 && *end == '\0' && isfinite (*out);
}

static gboolean
parse_range (const char *text,
             double     *lo,
             double     *hi)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);

  return g_strv_length (parts) == 2 && parse_number (g_strstrip (parts[0]), lo) &&
         parse_number (g_strstrip (parts[1]), hi) && *lo < *hi;
}

/* The options both commands share; returns -1 if @argv[*i] is not one of
 * them, else an exit status (EXIT_OK when it was read). */
static int
parse_run_option (const char    *command,
                  int            argc,
                  char         **argv,
                  int           *i,
                  GwRunOptions  *opt)
{
  const char *a = argv[*i];
  const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
  guint64 v;

  if (next == NULL)
    return -1;
  if (g_str_equal (a, "--variant"))
    opt->variant = next;
  else if (g_str_equal (a, "--paths"))
    {
      if (!parse_count (next, GW_MAX_PATHS, &v) || v == 0)
        return gw_cli_usage_error (command, _("--paths takes a number from 1 to 100000000"));
      opt->paths = v;
    }
  else if (g_str_equal (a, "--seed"))
    {
      char *end = NULL;

      errno = 0;
      v = g_ascii_strtoull (next, &end, 10);
      if (!g_ascii_isdigit (next[0]) || errno != 0 || *end != '\0')
        return gw_cli_usage_error (command, _("--seed takes a whole number"));
      opt->seed = v;
      opt->have_seed = TRUE;
    }
  else if (g_str_equal (a, "--threads"))
    {
      if (!parse_count (next, 256, &v) || v == 0)
        return gw_cli_usage_error (command, _("--threads takes a number from 1 to 256"));
      opt->threads = v;
    }
  else if (g_str_equal (a, "--engine"))
    {
      if (g_str_equal (next, "cpu"))
        opt->engine = GW_ENGINE_CPU;
      else if (g_str_equal (next, "opencl"))
        opt->engine = GW_ENGINE_OPENCL;
      else if (g_str_equal (next, "auto"))
        opt->engine = GW_ENGINE_AUTO;
      else
        return gw_cli_usage_error (command, _("--engine takes cpu, opencl or auto"));
    }
  else
    return -1;
  (*i)++;
  return EXIT_OK;
}

static int
unknown_option (const char *command,
                const char *a)
{
  g_autofree char *msg = g_strdup_printf (_("unknown or incomplete option “%s”"), a);

  return gw_cli_usage_error (command, msg);
}

/* A usage error (exit 2) saying what @error says; frees it. */
static int
usage_from_error (const char *command,
                  GError     *error)
{
  g_autofree char *msg = g_strdup (error->message);

  g_error_free (error);
  return gw_cli_usage_error (command, msg);
}

/* The one FILE (or --builtin[=ID]) of a command; anything else that
 * looks like an option is unknown. */
static int
take_file (const char  *command,
           const char  *a,
           const char **path)
{
  gboolean builtin = g_str_equal (a, "--builtin") || g_str_has_prefix (a, "--builtin=");

  if (!builtin && a[0] == '-' && a[1] != '\0')
    return unknown_option (command, a);
  if (*path != NULL)
    return gw_cli_usage_error (command, _("expected one FILE"));
  *path = a;
  return EXIT_OK;
}

static void
print_step (guint    step,
            double   x,
            double   y,
            gpointer user_data)
{
  g_print ("  %4u  %16.8g  %16.8g\n", step + 1, x, y);
}

int
gw_cli_goal (int    argc,
             char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_auto(GwStatistic) stat = { 0 };
  g_autoptr(GwScenario) s = NULL;
  const char *path = NULL, *input = NULL, *output = NULL, *statistic = NULL;
  double target = NAN, lo = 0, hi = 0, tolerance = 0, x = 0, y = 0;
  gboolean have_range = FALSE, have_target = FALSE;
  guint64 max_runs = 30;
  GError *error = NULL;
  g_autofree char *what = NULL;

  opt.threads = 0;
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      int r = parse_run_option ("goal", argc, argv, &i, &opt);

      if (r > 0)
        return r;
      if (r == EXIT_OK)
        continue;
      if (g_str_equal (a, "--input") && next)
        input = argv[++i];
      else if (g_str_equal (a, "--output") && next)
        output = argv[++i];
      else if (g_str_equal (a, "--stat") && next)
        statistic = argv[++i];
      else if (g_str_equal (a, "--target") && next)
        {
          if (!parse_number (argv[++i], &target))
            return gw_cli_usage_error ("goal", _("--target takes a number"));
          have_target = TRUE;
        }
      else if (g_str_equal (a, "--range") && next)
        {
          if (!parse_range (argv[++i], &lo, &hi))
            return gw_cli_usage_error ("goal", _("--range takes LO,HI with LO < HI"));
          have_range = TRUE;
        }
      else if (g_str_equal (a, "--tolerance") && next)
        {
          if (!parse_number (argv[++i], &tolerance) || tolerance <= 0)
            return gw_cli_usage_error ("goal", _("--tolerance takes a number above 0"));
        }
      else if (g_str_equal (a, "--max-runs") && next)
        {
          if (!parse_count (argv[++i], 1000, &max_runs) || max_runs < 3)
            return gw_cli_usage_error ("goal", _("--max-runs takes a number from 3 to 1000"));
        }
      else
        {
          int r2 = take_file ("goal", a, &path);

          if (r2 != EXIT_OK)
            return r2;
        }
    }
  if (path == NULL)
    return gw_cli_usage_error ("goal", _("expected one FILE"));
  if (input == NULL || output == NULL || statistic == NULL || !have_target)
    return gw_cli_usage_error ("goal", _("--input, --output, --stat and --target are needed"));
  if (!gw_statistic_parse (&stat, output, statistic, &error))
    return usage_from_error ("goal", error);

  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  if (!have_range && !gw_input_range (s, input, &lo, &hi, &error))
    return gw_cli_fail (error);

  what = gw_statistic_describe (&stat);
  g_print (_("Goal: %s = %.8g, by %s in [%.8g, %.8g]\n"), what, target, input, lo, hi);
  g_print ("  %4s  %16s  %16s\n", _("run"), input, _("statistic"));
  if (!gw_goal_seek (s, &opt, input, &stat, target, lo, hi, tolerance, max_runs, print_step, NULL,
                     &x, &y, &error))
    return gw_cli_fail (error);
  g_print (_("%s = %.8g gives %s = %.8g (target %.8g)\n"), input, x, what, y, target);
  return EXIT_OK;
}

typedef struct
{
  char        *text;
  GwStatistic  stat;
} Column;

static void
column_free (Column *c)
{
  gw_statistic_clear (&c->stat);
  g_free (c->text);
  g_free (c);
}

/* A column per output and statistic ("p10,p50"), in that order. */
static gboolean
parse_columns (GPtrArray   *outputs,
               const char  *statistics,
               GPtrArray   *columns,
               GError     **error)
{
  g_auto(GStrv) stats = g_strsplit (statistics, ",", -1);

  for (guint o = 0; o < outputs->len; o++)
    for (guint k = 0; stats[k] != NULL; k++)
      {
        Column *c = g_new0 (Column, 1);

        g_ptr_array_add (columns, c);
        if (!gw_statistic_parse (&c->stat, outputs->pdata[o], stats[k], error))
          return FALSE;
        c->text = gw_statistic_describe (&c->stat);
      }
  return TRUE;
}

static void
print_sweep_row (const GwSweep *sweep,
                 guint          row,
                 gpointer       user_data)
{
  if (sweep->u != NULL)
    g_print ("%16.8g", sweep->u[row]);
  g_print ("%16.8g", sweep->x[row]);
  for (guint c = 0; c < sweep->n_stats; c++)
    g_print ("  %22.8g", sweep->y[(gsize) row * sweep->n_stats + c]);
  g_print ("\n");
}

/* --by-values: numbers separated by commas */
static gboolean
valid_by_values (const char *by_values)
{
  g_auto(GStrv) parts = g_strsplit (by_values, ",", -1);

  for (guint k = 0; parts[k] != NULL; k++)
    {
      char *end = NULL;
      double v = g_ascii_strtod (parts[k], &end);

      if (end == parts[k] || *end != '\0' || !isfinite (v))
        return FALSE;
    }
  return TRUE;
}

/* A spider's lines: --input and the --spider inputs, each over its own
 * P10 .. P90. */
static gboolean
add_spider_lines (const GwScenario *s,
                  const char       *variant,
                  const char       *input,
                  const char       *spider,
                  guint             steps,
                  guint             n_stats,
                  GPtrArray        *sweeps,
                  GError          **error)
{
  g_auto(GStrv) more = g_strsplit (spider, ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, (gpointer) input);
  for (guint k = 0; more[k] != NULL; k++)
    if (*more[k] != '\0')
      g_ptr_array_add (names, more[k]);
  for (guint k = 0; k < names->len; k++)
    {
      GwSweep *line = gw_spider_line_new (s, variant, names->pdata[k], steps, n_stats, error);

      if (line == NULL)
        return FALSE;
      g_ptr_array_add (sweeps, line);
    }
  return TRUE;
}

/* The lines of --input from @lo to @hi: one, or a grid's, one for each of
 * --by's --by-values. */
static void
add_grid_lines (const char *input,
                double      lo,
                double      hi,
                guint       steps,
                guint       n_stats,
                const char *by,
                const char *by_values,
                GPtrArray  *sweeps)
{
  g_auto(GStrv) values = by_values ? g_strsplit (by_values, ",", -1) : NULL;
  g_autofree double *xs = g_new (double, steps);

  gw_sweep_linspace (lo, hi, steps, xs);
  for (guint k = 0; values == NULL ? k < 1 : values[k] != NULL; k++)
    {
      GwSweep *line = gw_sweep_new (input, xs, steps, n_stats);

      g_ptr_array_add (sweeps, line);
      if (values != NULL)
        gw_sweep_set_by (line, by, g_ascii_strtod (values[k], NULL));
    }
}

/* Runs each line, its table printed as it goes. */
static gboolean
run_sweep_lines (const GwScenario   *s,
                 const GwRunOptions *opt,
                 GPtrArray          *sweeps,
                 GPtrArray          *columns,
                 const GwStatistic  *stats,
                 GError            **error)
{
  for (guint k = 0; k < sweeps->len; k++)
    {
      GwSweep *line = sweeps->pdata[k];

      /* the header: a grid's line or a spider's input first */
      if (line->by_input != NULL)
        g_print ("%s%s = %.8g\n", k > 0 ? "\n" : "", line->by_input, line->by_value);
      if (line->u != NULL)
        g_print ("%s%16s  ", k > 0 ? "\n" : "", _("percentile"));
      g_print ("%16s", line->input);
      for (guint c = 0; c < columns->len; c++)
        g_print ("  %22s", ((const Column *) columns->pdata[c])->text);
      g_print ("\n");
      if (!gw_sweep_run (s, opt, line, stats, NULL, print_sweep_row, NULL, error))
        return FALSE;
    }
  return TRUE;
}

int
gw_cli_sweep (int    argc,
              char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  g_autoptr(GPtrArray) sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sweep_free);
  g_autofree GwStatistic *stats = NULL;
  const char *path = NULL, *input = NULL, *statistics = "p50", *csv_path = NULL;
  const char *by = NULL, *by_values = NULL, *spider = NULL;
  double lo = 0, hi = 0;
  gboolean have_range = FALSE;
  guint64 steps = 11;
  GError *error = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      int r = parse_run_option ("sweep", argc, argv, &i, &opt);

      if (r > 0)
        return r;
      if (r == EXIT_OK)
        continue;
      if (g_str_equal (a, "--input") && next)
        input = argv[++i];
      else if (g_str_equal (a, "--output") && next)
        g_ptr_array_add (outputs, argv[++i]);
      else if (g_str_equal (a, "--stat") && next)
        statistics = argv[++i];
      else if (g_str_equal (a, "--range") && next)
        {
          if (!parse_range (argv[++i], &lo, &hi))
            return gw_cli_usage_error ("sweep", _("--range takes LO,HI with LO < HI"));
          have_range = TRUE;
        }
      else if (g_str_equal (a, "--steps") && next)
        {
          if (!parse_count (argv[++i], 1001, &steps) || steps < 2)
            return gw_cli_usage_error ("sweep", _("--steps takes a number from 2 to 1001"));
        }
      else if (g_str_equal (a, "--csv") && next)
        csv_path = argv[++i];
      else if (g_str_equal (a, "--by") && next)
        by = argv[++i];
      else if (g_str_equal (a, "--by-values") && next)
        by_values = argv[++i];
      else if (g_str_equal (a, "--spider") && next)
        spider = argv[++i];
      else
        {
          int r2 = take_file ("sweep", a, &path);

          if (r2 != EXIT_OK)
            return r2;
        }
    }
  if (path == NULL)
    return gw_cli_usage_error ("sweep", _("expected one FILE"));
  if (input == NULL || outputs->len == 0)
    return gw_cli_usage_error ("sweep", _("--input and at least one --output are needed"));
  if (!parse_columns (outputs, statistics, columns, &error))
    return usage_from_error ("sweep", error);
  if ((by != NULL) != (by_values != NULL))
    return gw_cli_usage_error ("sweep", _("--by INPUT and --by-values V,... go together"));
  if (by != NULL && spider != NULL)
    return gw_cli_usage_error ("sweep", _("a sweep is a grid (--by) or a spider (--spider), "
                                          "not both"));
  if (by_values != NULL && !valid_by_values (by_values))
    return gw_cli_usage_error ("sweep", _("--by-values takes numbers separated by commas"));

  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  if (spider == NULL && !have_range && !gw_input_range (s, input, &lo, &hi, &error))
    return gw_cli_fail (error);

  stats = g_new0 (GwStatistic, columns->len);
  for (guint c = 0; c < columns->len; c++)
    stats[c] = ((const Column *) columns->pdata[c])->stat;
  if (spider != NULL)
    {
      if (!add_spider_lines (s, opt.variant, input, spider, (guint) steps, columns->len, sweeps,
                             &error))
        return gw_cli_fail (error);
    }
  else
    add_grid_lines (input, lo, hi, (guint) steps, columns->len, by, by_values, sweeps);
  if (!run_sweep_lines (s, &opt, sweeps, columns, stats, &error))
    return gw_cli_fail (error);
  if (csv_path != NULL)
    {
      g_autofree char *csv = gw_sweeps_csv ((GwSweep *const *) sweeps->pdata, sweeps->len,
                                            stats);

      if (!gw_io_save_contents (csv_path, csv, strlen (csv), &error))
        return gw_cli_fail (error);
    }
  return EXIT_OK;
}

static void
print_converge_step (guint    step,
                     double   paths,
                     double   se,
                     gpointer user_data)
{
  g_print ("  %12.0f  %16.8g\n", paths, se);
}

int
gw_cli_converge (int    argc,
                 char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_auto(GwStatistic) stat = { 0 };
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  const char *path = NULL, *output = NULL, *statistic = "mean";
  double target_se = 0, value = 0, se = 0;
  guint64 first = 10000, max_paths = 10000000;
  gboolean converged = FALSE;
  GError *error = NULL;
  g_autofree char *what = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      int r;

      if (g_str_equal (a, "--paths") && next)
        {
          if (!parse_count (argv[++i], GW_MAX_PATHS, &first) || first == 0)
            return gw_cli_usage_error ("converge", _("--paths takes a number from 1 to 100000000"));
          continue;
        }
      r = parse_run_option ("converge", argc, argv, &i, &opt);
      if (r > 0)
        return r;
      if (r == EXIT_OK)
        continue;
      if (g_str_equal (a, "--output") && next)
        output = argv[++i];
      else if (g_str_equal (a, "--stat") && next)
        statistic = argv[++i];
      else if (g_str_equal (a, "--se") && next)
        {
          if (!parse_number (argv[++i], &target_se) || target_se <= 0)
            return gw_cli_usage_error ("converge", _("--se takes a number above 0"));
        }
      else if (g_str_equal (a, "--max-paths") && next)
        {
          if (!parse_count (argv[++i], GW_MAX_PATHS, &max_paths) || max_paths == 0)
            return gw_cli_usage_error ("converge",
                                       _("--max-paths takes a number from 1 to 100000000"));
        }
      else
        {
          int r2 = take_file ("converge", a, &path);

          if (r2 != EXIT_OK)
            return r2;
        }
    }
  if (path == NULL)
    return gw_cli_usage_error ("converge", _("expected one FILE"));
  if (output == NULL || target_se <= 0)
    return gw_cli_usage_error ("converge", _("--output and --se are needed"));
  if (!gw_statistic_parse (&stat, output, statistic, &error))
    return usage_from_error ("converge", error);
  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);

  what = gw_statistic_describe (&stat);
  g_print (_("Converge: %s to a standard error of %.6g\n"), what, target_se);
  g_print ("  %12s  %16s\n", _("paths"), _("standard error"));
  res = gw_converge (s, &opt, &stat, target_se, (guint) first, (guint) max_paths,
                     print_converge_step, NULL, &converged, &error);
  if (res == NULL ||
      !gw_statistic_eval (&stat, res, &value, &error) ||
      !gw_statistic_standard_error (&stat, res, &se, &error))
    return gw_cli_fail (error);
  g_print (_("%s = %.8g ± %.4g (one standard error) with %u paths\n"), what, value, se,
           res->n_paths);
  if (!converged)
    {
      g_printerr (_("gigawatt-cli: the standard error is still above %.6g at %u paths; allow "
                    "more with --max-paths\n"), target_se, res->n_paths);
      return EXIT_BAD_INPUT;
    }
  return EXIT_OK;
}

int
gw_cli_stat (int    argc,
             char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GPtrArray) outputs = g_ptr_array_new ();
  g_autoptr(GwFilter) filter = gw_filter_new ();
  g_autofree guint8 *mask = NULL;
  const char *path = NULL, *statistics = "mean";
  GError *error = NULL;
  guint n_kept = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      int r = parse_run_option ("stat", argc, argv, &i, &opt);

      if (r > 0)
        return r;
      if (r == EXIT_OK)
        continue;
      if (g_str_equal (a, "--where") && next)
        {
          if (!gw_filter_add (filter, argv[++i], &error))
            return usage_from_error ("stat", error);
        }
      else if (g_str_equal (a, "--output") && next)
        g_ptr_array_add (outputs, argv[++i]);
      else if (g_str_equal (a, "--stat") && next)
        statistics = argv[++i];
      else
        {
          int r2 = take_file ("stat", a, &path);

          if (r2 != EXIT_OK)
            return r2;
        }
    }
  if (path == NULL)
    return gw_cli_usage_error ("stat", _("expected one FILE"));
  if (outputs->len == 0)
    return gw_cli_usage_error ("stat", _("at least one --output is needed"));

  {
    g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);

    if (!parse_columns (outputs, statistics, columns, &error))
      return usage_from_error ("stat", error);
    s = gw_cli_load (path, &error);
    if (s == NULL)
      return gw_cli_fail (error);
    /* a filter on inputs needs every path's inputs */
    if (gw_filter_n_conditions (filter) > 0)
      opt.input_paths = MIN (opt.paths > 0 ? opt.paths : (guint) MAX (s->info.paths, 1),
                             1000000u);
    res = gw_run (s, &opt, NULL, NULL, NULL, &error);
    if (res == NULL)
      return gw_cli_fail (error);
    if (gw_filter_n_conditions (filter) > 0)
      {
        mask = gw_filter_apply (filter, res, &n_kept, &error);
        if (mask == NULL)
          return gw_cli_fail (error);
        g_print (_("%u of %u paths meet the conditions (%.1f%%)\n"), n_kept, res->n_paths,
                 100.0 * n_kept / res->n_paths);
      }
    for (guint c = 0; c < columns->len; c++)
      {
        const Column *col = columns->pdata[c];
        g_autoptr(GError) no_se = NULL;
        double y, se;

        if (mask != NULL)
          {
            double all;
            guint n;

            if (!gw_statistic_eval (&col->stat, res, &all, &error) ||
                !gw_statistic_eval_filtered (&col->stat, res, mask, &y, &n, &error))
              return gw_cli_fail (error);
            g_print (_("%s = %.8g over the %u paths kept, %.8g over all %u\n"), col->text, y, n,
                     all, res->n_paths);
            continue;
          }
        if (!gw_statistic_eval (&col->stat, res, &y, &error))
          return gw_cli_fail (error);
        if (gw_statistic_standard_error (&col->stat, res, &se, &no_se))
          g_print (_("%s = %.8g ± %.3g (one standard error, %u paths)\n"), col->text, y, se,
                   res->n_paths);
        else
          g_print (_("%s = %.8g (%u paths)\n"), col->text, y, res->n_paths);
      }
  }
  return EXIT_OK;
}

int
gw_cli_drivers (int    argc,
                char **argv)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GwFilter) filter = gw_filter_new ();
  g_autoptr(GPtrArray) drivers = NULL;
  g_autofree guint8 *mask = NULL;
  const char *path = NULL, *output = NULL;
  double tail = 0.1;
  gboolean upper = FALSE;
  GError *error = NULL;
  guint n_kept = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      int r = parse_run_option ("drivers", argc, argv, &i, &opt);

      if (r > 0)
        return r;
      if (r == EXIT_OK)
        continue;
      if (g_str_equal (a, "--output") && next)
        output = argv[++i];
      else if (g_str_equal (a, "--tail") && next)
        {
          if (!parse_number (argv[++i], &tail) || tail <= 0 || tail >= 1)
            return gw_cli_usage_error ("drivers", _("--tail takes a share between 0 and 1"));
        }
      else if (g_str_equal (a, "--upper"))
        upper = TRUE;
      else if (g_str_equal (a, "--where") && next)
        {
          if (!gw_filter_add (filter, argv[++i], &error))
            return usage_from_error ("drivers", error);
        }
      else
        {
          int r2 = take_file ("drivers", a, &path);

          if (r2 != EXIT_OK)
            return r2;
        }
    }
  if (path == NULL)
    return gw_cli_usage_error ("drivers", _("expected one FILE"));
  if (output == NULL && gw_filter_n_conditions (filter) == 0)
    return gw_cli_usage_error ("drivers", _("--output (with --tail) or --where is needed"));

  s = gw_cli_load (path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  opt.input_paths = MIN (opt.paths > 0 ? opt.paths : (guint) MAX (s->info.paths, 1), 1000000u);
  res = gw_run (s, &opt, NULL, NULL, NULL, &error);
  if (res == NULL)
    return gw_cli_fail (error);
  if (gw_filter_n_conditions (filter) > 0)
    mask = gw_filter_apply (filter, res, &n_kept, &error);
  else
    {
      g_autofree char *key = g_strdup (output);
      char *at = strchr (key, '@');
      int x;

      if (at != NULL)
        *at++ = '\0';
      x = gw_plan_find_scalar (res->plan, key, at);
      if (x < 0)
        {
          g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                       _("“%s” is not a per-path output (such as npv@CoreWeave)"), output);
          return gw_cli_fail (error);
        }
      mask = gw_tail_mask (res, (guint) x, tail, upper, &n_kept);
    }
  if (mask == NULL)
    return gw_cli_fail (error);
  if (n_kept == 0)
    {
      g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("no path meets the conditions"));
      return gw_cli_fail (error);
    }
  drivers = gw_drivers (res, mask, &error);
  if (drivers == NULL)
    return gw_cli_fail (error);
  if (gw_filter_n_conditions (filter) > 0)
    g_print (_("What sets apart the %u paths (of %u) that meet the conditions:\n"), n_kept,
             res->n_paths);
  else
    g_print (_("What sets apart the %s %.0f%% of %s (%u of %u paths):\n"),
             upper ? _("highest") : _("lowest"), tail * 100, output, n_kept, res->n_paths);
  g_print ("  %-52s %10s %14s %14s\n", _("input"), _("shift (sd)"), _("mean there"),
           _("mean overall"));
  for (guint i = 0; i < drivers->len && i < 15; i++)
    {
      const GwDriver *d = drivers->pdata[i];
      glong pad = MAX (0, 52 - g_utf8_strlen (d->label, -1));

      g_print ("  %s%*s %+10.2f %14.6g %14.6g\n", d->label, (int) pad, "", d->shift, d->mean_kept,
               d->mean_all);
    }
  return EXIT_OK;
}
