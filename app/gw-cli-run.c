/* gw-cli-run.c: gigawatt-cli run and devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "gw-chart.h"
#include "gw-cli.h"
#include "gw-engine.h"
#include "gw-opencl.h"

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
          if (!gw_cli_parse_uint (argv[++i], GW_MAX_PATHS, &v) || v == 0)
            return gw_cli_usage_error ("run", _("--paths takes a number from 1 to 100000000"));
          opt.paths = v;
        }
      else if (g_str_equal (a, "--seed") && next)
        {
          if (!gw_cli_parse_uint (argv[++i], G_MAXUINT64, &v))
            return gw_cli_usage_error ("run", _("--seed takes a whole number"));
          opt.seed = v;
          opt.have_seed = TRUE;
        }
      else if (g_str_equal (a, "--threads") && next)
        {
          if (!gw_cli_parse_uint (argv[++i], 256, &v) || v == 0)
            return gw_cli_usage_error ("run", _("--threads takes a number from 1 to 256"));
          opt.threads = v;
        }
      else if (g_str_equal (a, "--engine") && next)
        {
          if (!gw_cli_parse_engine (argv[++i], &opt.engine))
            return gw_cli_usage_error ("run", _("--engine takes cpu, opencl or auto"));
        }
      else if (g_str_equal (a, "--device") && next)
        {
          if (!gw_cli_parse_uint (argv[++i], 1000, &v))
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
