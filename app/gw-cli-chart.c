/* gw-cli-chart.c: gigawatt-cli chart and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gigawatt-model.h"
#include "gw-engine.h"
#include "gw-chart.h"
#include "gw-report.h"
#include "gw-cli.h"
#include "gw-explore.h"
#include "gw-stats.h"

/* Entry points listed in gw-cli.c's command table. */
int gw_cli_chart  (int argc, char **argv);
int gw_cli_report (int argc, char **argv);

static const char * const kind_names[GW_N_CHART_KINDS] = {
  [GW_CHART_FAN] = "fan",
  [GW_CHART_STACKED] = "stacked",
  [GW_CHART_LINES] = "lines",
  [GW_CHART_HISTOGRAM] = "histogram",
  [GW_CHART_TORNADO] = "tornado",
  [GW_CHART_COMPARE] = "compare",
  [GW_CHART_LEVERAGE] = "leverage",
  [GW_CHART_WATERFALL] = "waterfall",
};

/* "price, supply, ...": the keys of the market series, or of a provider's. */
static char *
series_keys (const GwPlan *plan,
             gboolean      per_provider)
{
  GString *out = g_string_new (NULL);

  for (guint s = 0; s < plan->n_series; s++)
    {
      int j = gw_plan_series_provider (plan, s);

      if (per_provider ? j == 0 : j < 0)
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", gw_plan_series_key (plan, s));
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_positive (const char *text,
                double      max,
                double     *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (v) || v <= 0 || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static GwResults *
run_variant (GwScenario   *s,
             const char   *variant,
             guint         paths,
             GwEngineKind  engine,
             GError      **error)
{
  GwRunOptions opt = GW_RUN_OPTIONS_INIT;

  opt.variant = variant;
  opt.paths = paths;
  opt.engine = engine;
  return gw_run (s, &opt, NULL, NULL, NULL, error);
}

/* The paths @filter keeps, for what @chart draws beside the whole: their
 * results, or results of no path where none is kept (the chart says so). */
static GwResults *
filter_paths (GwChart         *chart,
              const GwFilter  *filter,
              GwResults       *res,
              GError         **error)
{
  g_autofree guint8 *mask = NULL;
  g_autoptr(GArray) series = NULL;
  guint n_kept = 0;

  mask = gw_filter_apply (filter, res, &n_kept, error);
  if (mask == NULL)
    return NULL;
  g_printerr (_("%u of %u paths meet the conditions (%.1f%%)\n"), n_kept, res->n_paths,
              100.0 * n_kept / MAX (res->n_paths, 1));
  if (n_kept == 0)
    return gw_results_new (gw_plan_copy (res->plan), 0);
  series = gw_chart_get_filtered_series (chart);
  return gw_results_filtered (res, mask, (const guint *) series->data, series->len, NULL, error);
}

/* A fan's threshold line at @value, its probability at quarter @t (all
 * paths, and a filter's where set): the column replayed as the app does. */
static void
threshold_line (GwChart   *chart,
                GwResults *res,
                double     value,
                int        t)
{
  int column;
  double *v;

  gw_chart_set_threshold_line (chart, TRUE, value);
  column = gw_chart_threshold_column (chart, t);
  if (column < 0)
    return;
  v = g_new (double, MAX (res->n_paths, 1));
  gw_replay_column (res->plan, res->n_paths, NULL, (guint) column, v);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (v, (gsize) res->n_paths * sizeof (double));

    gw_chart_set_threshold_column (chart, t, bytes);
  }
  gw_chart_set_hover (chart, t);
}

/* "npv@CoreWeave" or "npv" with --provider */
static void
split_at (const char  *text,
          char       **key,
          char       **provider)
{
  const char *at = strchr (text, '@');

  if (at == NULL)
    {
      *key = g_strdup (text);
      return;
    }
  *key = g_strndup (text, at - text);
  g_free (*provider);
  *provider = g_strdup (at + 1);
}

/* gigawatt-cli chart's options */
typedef struct
{
  GwChartSpec spec;
  char       *provider;
  const char *path, *out, *csv, *variant, *against;
  const char *series, *scalar_arg, *title, *date;
  double      width, height, dpi;
  gboolean    dark;
  guint       paths;
  GwChartFormat format;
  GwFilter   *filter;         /* --where */
  double      line;           /* --line, or NaN */
  const char *at_quarter;     /* --at */
  GwEngineKind engine;
} ChartArgs;

static void
chart_args_clear (ChartArgs *a)
{
  g_free (a->provider);
  g_clear_pointer (&a->filter, gw_filter_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChartArgs, chart_args_clear)

/* Reads the options into @a; EXIT_OK, or the usage error's status. */
static int
parse_chart_args (int        argc,
                  char     **argv,
                  ChartArgs *a)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      double v;

      if (g_str_equal (arg, "--kind") && next)
        {
          gboolean found = FALSE;

          i++;
          for (guint k = 0; k < GW_N_CHART_KINDS; k++)
            if (g_str_equal (next, kind_names[k]))
              a->spec.kind = k, found = TRUE;
          if (!found)
            return gw_cli_usage_error ("chart", _("--kind takes fan, stacked, lines, histogram, "
                                                  "tornado, compare, leverage or waterfall"));
        }
      else if (g_str_equal (arg, "--series") && next)
        a->series = argv[++i];
      else if (g_str_equal (arg, "--provider") && next)
        {
          g_free (a->provider);
          a->provider = g_strdup (argv[++i]);
        }
      else if (g_str_equal (arg, "--scalar") && next)
        a->scalar_arg = argv[++i];
      else if (g_str_equal (arg, "--variant") && next)
        a->variant = argv[++i];
      else if (g_str_equal (arg, "--against") && next)
        a->against = argv[++i];
      else if (g_str_equal (arg, "--title") && next)
        a->title = argv[++i];
      else if (g_str_equal (arg, "--date") && next)
        a->date = argv[++i];
      else if (g_str_equal (arg, "--mean"))
        a->spec.show_mean = TRUE;
      else if (g_str_equal (arg, "--neoclouds"))
        a->spec.only_neoclouds = TRUE;
      else if (g_str_equal (arg, "--log"))
        a->spec.log_scale = TRUE;
      else if (g_str_equal (arg, "--year") && next)
        {
          if (!parse_positive (argv[++i], 2199, &v) || v != floor (v) || v < 1990)
            return gw_cli_usage_error ("chart", _("--year takes a calendar year such as 2027"));
          a->spec.year = (int) v;
        }
      else if (g_str_equal (arg, "--dark"))
        a->dark = TRUE;
      /* --filter as the app's hidden option names it */
      else if ((g_str_equal (arg, "--where") || g_str_equal (arg, "--filter")) && next)
        {
          g_autoptr(GError) bad = NULL;

          if (!gw_filter_add (a->filter, argv[++i], &bad))
            return gw_cli_usage_error ("chart", bad->message);
        }
      else if (g_str_equal (arg, "--line") && next)
        {
          char *end = NULL;

          a->line = g_ascii_strtod (argv[++i], &end);
          if (end == argv[i] || *end != '\0' || !isfinite (a->line))
            return gw_cli_usage_error ("chart", _("--line takes a number"));
        }
      else if (g_str_equal (arg, "--at") && next)
        a->at_quarter = argv[++i];
      else if (g_str_equal (arg, "--engine") && next)
        {
          if (!gw_cli_parse_engine (argv[++i], &a->engine))
            return gw_cli_usage_error ("chart", _("--engine takes cpu, opencl or auto"));
        }
      else if ((g_str_equal (arg, "--threshold") || g_str_equal (arg, "--above")) && next)
        {
          char *end = NULL;

          a->spec.threshold = g_ascii_strtod (argv[++i], &end);
          if (end == argv[i] || *end != '\0' || !isfinite (a->spec.threshold))
            return gw_cli_usage_error ("chart", _("--threshold takes a number"));
          a->spec.has_threshold = TRUE;
          a->spec.below = g_str_equal (arg, "--threshold");
        }
      else if (g_str_equal (arg, "--paths") && next)
        {
          if (!parse_positive (argv[++i], GW_MAX_PATHS, &v) || v != floor (v))
            return gw_cli_usage_error ("chart", _("--paths takes a number from 1 to 100000000"));
          a->paths = (guint) v;
        }
      else if (g_str_equal (arg, "--width") && next)
        {
          if (!parse_positive (argv[++i], 10000, &a->width) || a->width < 200)
            return gw_cli_usage_error ("chart", _("--width takes a size from 200 to 10000"));
        }
      else if (g_str_equal (arg, "--height") && next)
        {
          if (!parse_positive (argv[++i], 10000, &a->height) || a->height < 150)
            return gw_cli_usage_error ("chart", _("--height takes a size from 150 to 10000"));
        }
      else if (g_str_equal (arg, "--dpi") && next)
        {
          if (!parse_positive (argv[++i], 1200, &a->dpi) || a->dpi < 24)
            return gw_cli_usage_error ("chart", _("--dpi takes a number from 24 to 1200"));
        }
      else if (g_str_equal (arg, "--out") && next)
        a->out = argv[++i];
      else if (g_str_equal (arg, "--csv") && next)
        a->csv = argv[++i];
      else if (g_str_equal (arg, "--builtin") || g_str_has_prefix (arg, "--builtin="))
        {
          if (a->path != NULL)
            return gw_cli_usage_error ("chart", _("expected one FILE"));
          a->path = arg;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          g_autofree char *msg = g_strdup_printf (_("unknown or incomplete option “%s”"), arg);

          return gw_cli_usage_error ("chart", msg);
        }
      else if (a->path == NULL)
        a->path = arg;
      else
        return gw_cli_usage_error ("chart", _("expected one FILE"));
    }
  return EXIT_OK;
}

/* The options that go together, or not. */
static int
check_chart_args (ChartArgs *a)
{
  if (a->path == NULL)
    return gw_cli_usage_error ("chart", _("expected one FILE"));
  if (a->out == NULL)
    return gw_cli_usage_error ("chart", _("expected --out F.svg, F.pdf or F.png"));
  if (!gw_chart_format_from_name (a->out, &a->format))
    return gw_cli_usage_error ("chart", _("--out must end in .svg, .pdf or .png"));
  if (a->spec.kind == GW_CHART_COMPARE && a->against == NULL)
    return gw_cli_usage_error ("chart", _("--kind compare needs --against VARIANT"));
  if ((a->spec.kind == GW_CHART_LEVERAGE || a->spec.kind == GW_CHART_WATERFALL)
      && a->provider == NULL)
    return gw_cli_usage_error ("chart", _("--kind leverage and --kind waterfall need "
                                          "--provider NAME"));
  if (a->spec.year != 0 && a->spec.kind != GW_CHART_WATERFALL)
    return gw_cli_usage_error ("chart", _("--year is for --kind waterfall"));
  if (a->spec.only_neoclouds && a->spec.kind != GW_CHART_LINES)
    return gw_cli_usage_error ("chart", _("--neoclouds is for --kind lines"));
  if (isfinite (a->line) && a->spec.kind != GW_CHART_FAN)
    return gw_cli_usage_error ("chart", _("--line is for --kind fan"));
  if (a->at_quarter != NULL && a->spec.kind != GW_CHART_FAN && a->spec.kind != GW_CHART_COMPARE)
    return gw_cli_usage_error ("chart", _("--at is for --kind fan and compare"));
  if (a->at_quarter != NULL && a->spec.kind == GW_CHART_FAN && !isfinite (a->line))
    return gw_cli_usage_error ("chart", _("--at needs --line VALUE"));
  if (gw_filter_n_conditions (a->filter) > 0 && a->spec.kind == GW_CHART_COMPARE)
    return gw_cli_usage_error ("chart", _("--where is not for --kind compare"));
  return EXIT_OK;
}

/* The names checked against the run, so a typo is a message, not an empty
 * chart. */
static int
check_chart_names (const GwChartSpec *spec,
                   const GwResults   *res)
{
  const char *series = spec->series;
  const char *provider = spec->provider;

  if (provider != NULL && gw_plan_find_series (res->plan, "revenue", provider) < 0)
    {
      g_autofree char *msg = g_strdup_printf (_("no provider “%s” in the scenario"), provider);

      return gw_cli_usage_error ("chart", msg);
    }
  if (spec->kind != GW_CHART_STACKED && spec->kind != GW_CHART_HISTOGRAM
      && spec->kind != GW_CHART_TORNADO && spec->kind != GW_CHART_LINES
      && spec->kind != GW_CHART_LEVERAGE && spec->kind != GW_CHART_WATERFALL
      && gw_plan_find_series (res->plan, series, provider) < 0)
    {
      g_autofree char *market = series_keys (res->plan, FALSE);
      g_autofree char *per_provider = series_keys (res->plan, TRUE);
      g_autofree char *msg = g_strdup_printf (
        _("no series “%s”%s%s: market series are %s; provider series (with --provider) %s"),
        series, provider ? _(" for provider ") : "", provider ? provider : "", market,
        per_provider);

      return gw_cli_usage_error ("chart", msg);
    }
  if (spec->kind == GW_CHART_WATERFALL)
    {
      const GwScenario *rs = res->plan->scenario;
      int year = spec->year ? spec->year : gw_chart_default_year (res->plan);
      int t0 = GW_QUARTER (year, 1) - rs->info.start;

      if (year == 0 || t0 < 0 || t0 + 3 >= (int) res->plan->T)
        {
          g_autofree char *first = gw_quarter_format (rs->info.start);
          g_autofree char *last = gw_quarter_format (rs->info.start + res->plan->T - 1);
          g_autofree char *msg = g_strdup_printf (_("--year %d is not a whole calendar year of "
                                                    "the run (%s to %s)"),
                                                  year, first, last);

          return gw_cli_usage_error ("chart", msg);
        }
    }
  if (spec->kind == GW_CHART_STACKED && !g_str_equal (series, "supply")
      && !g_str_equal (series, "demand"))
    return gw_cli_usage_error ("chart", _("--kind stacked takes --series supply or demand"));
  return EXIT_OK;
}

/* --at's quarter, from the run's start, into *t; EXIT_OK or a usage
 * error. */
static int
parse_at (const char      *text,
          const GwResults *res,
          int             *t)
{
  int q;

  if (!gw_quarter_parse (text, &q) || q < res->plan->scenario->info.start
      || q - res->plan->scenario->info.start >= (int) res->plan->T)
    {
      g_autofree char *msg = g_strdup_printf (_("--at takes a quarter of the run, as "
                                                "2029Q4: not “%s”"), text);

      return gw_cli_usage_error ("chart", msg);
    }
  *t = q - res->plan->scenario->info.start;
  return EXIT_OK;
}

/* The per-path difference that a comparison's difference panel bins, in
 * words on standard output (the numbers of the app's Compare Variants
 * table): its median and the share of paths on which @other is higher,
 * @va and @vb being the two runs' values of the output. */
static void
print_difference (const GwResults *res,
                  const GwResults *other,
                  const char      *what,
                  GwUnit           unit,
                  const double    *va,
                  const double    *vb,
                  guint            n)
{
  g_autofree char *median = NULL;
  double m, higher;

  if (!gw_difference_stats (va, vb, n, &m, &higher))
    return;
  median = gw_format_unit_value (unit, fabs (m));
  /* TRANSLATORS: "TPU beachhead − Base scenario, GPU-hour price, 2032Q4: the
   * median of the per-path difference −$0.29/h, higher on 0.0 % of paths" */
  g_print (_("%s − %s, %s: the median of the per-path difference %s%s, higher on %.1f %% of "
             "paths\n"),
           other->plan->variant ? other->plan->variant : _("Base scenario"),
           res->plan->variant ? res->plan->variant : _("Base scenario"), what,
           m < 0 ? "−" : m > 0 ? "+" : "", median, 100 * higher);
}

/* --kind compare: the difference panel's subject, and its numbers printed.
 * With --at, the series at that quarter, its column simulated again on
 * every path of both runs (gw_replay_column(): the runs keep no per-path
 * series); without, the per-path scalar. */
static int
compare_difference (GwChart         *chart,
                    const ChartArgs *a,
                    const GwResults *res,
                    const GwResults *other)
{
  guint n = MIN (res->n_paths, other->n_paths);
  g_autofree char *what = NULL;
  GwUnit unit;
  int status, t;

  if (a->at_quarter != NULL)
    {
      int series = gw_plan_find_series (res->plan, a->spec.series, a->spec.provider);
      g_autofree double *x = g_new (double, MAX (n, 1));
      g_autofree double *y = g_new (double, MAX (n, 1));
      g_autofree double *diff = g_new (double, MAX (n, 1));
      g_autofree char *quarter = NULL;

      if ((status = parse_at (a->at_quarter, res, &t)) != EXIT_OK)
        return status;
      quarter = gw_quarter_format (res->plan->scenario->info.start + t);
      what = a->spec.provider != NULL
             ? g_strdup_printf ("%s · %s, %s", gw_chart_series_label (res->plan, series),
                                a->spec.provider, quarter)
             : g_strdup_printf ("%s, %s", gw_chart_series_label (res->plan, series), quarter);
      gw_replay_column (res->plan, n, NULL, (guint) series * res->plan->T + (guint) t, x);
      gw_replay_column (other->plan, n, NULL, (guint) series * other->plan->T + (guint) t, y);
      for (guint i = 0; i < n; i++)
        diff[i] = y[i] - x[i];
      unit = gw_plan_series_unit (res->plan, series);
      gw_chart_set_difference_values (chart, diff, n, unit, what);
      print_difference (res, other, what, unit, x, y, n);
    }
  else
    {
      const char *key = a->spec.scalar ? a->spec.scalar
                        : a->spec.provider ? "npv" : "price_horizon";
      int x = gw_plan_find_scalar (res->plan, key, a->spec.provider);

      if (x < 0)
        x = gw_plan_find_scalar (res->plan, key, NULL);
      if (x < 0)
        return EXIT_OK;
      what = gw_plan_scalar_provider (res->plan, x) >= 0
             ? g_strdup_printf ("%s · %s", gw_plan_scalar_label (res->plan, x), a->spec.provider)
             : g_strdup (gw_plan_scalar_label (res->plan, x));
      unit = gw_plan_scalar_unit (res->plan, x);
      print_difference (res, other, what, unit, gw_results_scalar_values (res, x),
                        gw_results_scalar_values (other, x), n);
    }
  return EXIT_OK;
}

int
gw_cli_chart (int    argc,
              char **argv)
{
  g_auto(ChartArgs) a = { GW_CHART_SPEC_INIT, .width = 1200, .height = 675, .dpi = 96,
                          .paths = 2000, .filter = gw_filter_new (), .line = NAN,
                          .engine = GW_ENGINE_AUTO };
  g_autoptr(GwResults) filtered = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwResults) res = NULL;
  g_autoptr(GwResults) other = NULL;
  g_autoptr(GwChart) chart = NULL;
  g_autofree char *scalar = NULL;
  GError *error = NULL;
  int status;

  if ((status = parse_chart_args (argc, argv, &a)) != EXIT_OK
      || (status = check_chart_args (&a)) != EXIT_OK)
    return status;

  if (a.series == NULL)
    a.series = a.spec.kind == GW_CHART_STACKED ? "supply" : "price";
  if (a.scalar_arg != NULL)
    split_at (a.scalar_arg, &scalar, &a.provider);
  a.spec.series = a.series;
  a.spec.provider = a.provider;
  a.spec.scalar = scalar;
  a.spec.title = a.title;

  s = gw_cli_load (a.path, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  res = run_variant (s, a.variant, a.paths, a.engine, &error);
  if (res == NULL)
    return gw_cli_fail (error);
  if (a.against != NULL)
    {
      other = run_variant (s, a.against, a.paths, a.engine, &error);
      if (other == NULL)
        return gw_cli_fail (error);
    }
  if ((status = check_chart_names (&a.spec, res)) != EXIT_OK)
    return status;

  chart = gw_chart_new ();
  gw_chart_set_spec (chart, &a.spec);
  gw_chart_set_scenario (chart, s);
  gw_chart_set_dark (chart, a.dark);
  if (a.date != NULL)
    gw_chart_set_date (chart, a.date);
  gw_chart_set_results (chart, res);
  if (other != NULL)
    gw_chart_set_compare_results (chart, other);
  if (gw_chart_n_items (chart) == 0)
    return gw_cli_usage_error ("chart", _("nothing to draw: check --series, --scalar and "
                                          "--provider"));

  if (gw_filter_n_conditions (a.filter) > 0)
    {
      filtered = filter_paths (chart, a.filter, res, &error);
      if (filtered == NULL)
        return gw_cli_fail (error);
      gw_chart_set_filtered_results (chart, filtered);
    }
  if (isfinite (a.line))
    {
      int t = (int) res->plan->T - 1;

      if (a.at_quarter != NULL && (status = parse_at (a.at_quarter, res, &t)) != EXIT_OK)
        return status;
      threshold_line (chart, res, a.line, t);
    }
  if (other != NULL && (status = compare_difference (chart, &a, res, other)) != EXIT_OK)
    return status;

  if (!gw_chart_export (chart, a.out, a.format, a.width, a.height, a.dpi, &error))
    return gw_cli_fail (error);
  if (a.csv != NULL && !gw_chart_write_csv (chart, a.csv, &error))
    return gw_cli_fail (error);
  return EXIT_OK;
}

int
gw_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwView) view = NULL;
  g_autoptr(GwResults) res = NULL;
  const char *path = NULL, *out = NULL, *variant = NULL;
  guint paths = 2000;
  GError *error = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;
      double v;

      if (g_str_equal (a, "--out") && next)
        out = argv[++i];
      else if (g_str_equal (a, "--variant") && next)
        variant = argv[++i];
      else if (g_str_equal (a, "--paths") && next)
        {
          if (!parse_positive (argv[++i], GW_MAX_PATHS, &v) || v != floor (v))
            return gw_cli_usage_error ("report", _("--paths takes a number from 1 to 100000000"));
          paths = (guint) v;
        }
      else if (g_str_equal (a, "--builtin") || g_str_has_prefix (a, "--builtin="))
        path = a;
      else if (a[0] == '-' && a[1] != '\0')
        {
          g_autofree char *msg = g_strdup_printf (_("unknown or incomplete option “%s”"), a);

          return gw_cli_usage_error ("report", msg);
        }
      else if (path == NULL)
        path = a;
      else
        return gw_cli_usage_error ("report", _("expected one FILE"));
    }
  if (path == NULL)
    return gw_cli_usage_error ("report", _("expected one FILE"));
  if (out == NULL || !g_str_has_suffix (out, ".pdf"))
    return gw_cli_usage_error ("report", _("expected --out F.pdf"));
  s = gw_cli_load_full (path, &view, &error);
  if (s == NULL)
    return gw_cli_fail (error);
  res = run_variant (s, variant, paths, GW_ENGINE_AUTO, &error);
  /* the provider pages are the focus provider's, as the app's Overview */
  if (res == NULL || !gw_report_write (s, res, gw_view_resolve_focus (view, s), out, &error))
    return gw_cli_fail (error);
  return EXIT_OK;
}
