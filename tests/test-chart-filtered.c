/* test-chart-filtered.c: every chart kind with the paths a filter keeps
 * beside the whole, without a display
 *
 * A filter of a small run (TPU beachhead happened: about a quarter of its
 * paths) is drawn by each kind; the test computes by hand, from the
 * filtered results' summaries or the kept paths' own values, where the
 * overlay must be, and looks for the filter's colour there. A filter that
 * keeps no path, or one, draws no NaN and says so; one of another run, or
 * without the chart's series, draws nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-explore.h"
#include "gw-chart-private.h"

#define N_PATHS 400
#define W 1200
#define H 675

static GwScenario *scenario;
static GwResults *results;
static guint8 *mask;            /* TPU beachhead happened */
static guint n_kept;

/* Helpers */

static GwChart *
make_chart (GwChartKind kind,
            const char *series,
            const char *provider,
            const char *scalar)
{
  GwChart *chart = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  spec.kind = kind;
  spec.series = series;
  spec.provider = provider;
  spec.scalar = scalar;
  spec.only_neoclouds = kind == GW_CHART_LINES;
  gw_chart_set_spec (chart, &spec);
  gw_chart_set_scenario (chart, scenario);
  gw_chart_set_date (chart, "2026-11-23");
  gw_chart_set_results (chart, results);
  return chart;
}

/* The results of the paths @keep keeps, for what @chart draws of them. */
static GwResults *
filtered_for (GwChart      *chart,
              const guint8 *keep)
{
  g_autoptr(GArray) series = gw_chart_get_filtered_series (chart);
  g_autoptr(GError) error = NULL;
  GwResults *f = gw_results_filtered (results, keep, (const guint *) series->data, series->len,
                                      NULL, &error);

  g_assert_no_error (error);
  return f;
}

/* A mask of the one path @p. */
static guint8 *
one_path (guint p)
{
  guint8 *m = g_malloc0 (results->n_paths);

  m[p] = 1;
  return m;
}

/* Results of a filter that keeps no path, as the overview and the CLI
 * make them. */
static GwResults *
no_paths (void)
{
  return gw_results_new (gw_plan_copy (results->plan), 0);
}

static cairo_surface_t *
render (GwChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);

  gw_chart_draw (chart, cr, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (g_getenv ("GW_TEST_KEEP") != NULL)
    {
      static guint n;
      g_autofree char *name = g_strdup_printf ("/tmp/gw-filtered-%02u.png", n++);

      cairo_surface_write_to_png (surface, name);
    }
  return surface;
}

static void
pixel (cairo_surface_t *s,
       int              x,
       int              y,
       int             *r,
       int             *g,
       int             *b)
{
  guint32 p;

  g_assert_true (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (s)
                 && y < cairo_image_surface_get_height (s));
  p = *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)
                    + 4 * x);
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

static gboolean
near_rgb (cairo_surface_t *s,
          int              x,
          int              y,
          GwRgb            c,
          int              tol)
{
  int r, g, b;

  pixel (s, x, y, &r, &g, &b);
  return abs (r - (int) (c.r * 255)) <= tol && abs (g - (int) (c.g * 255)) <= tol
         && abs (b - (int) (c.b * 255)) <= tol;
}

/* @c at @alpha over the white background */
static GwRgb
over_white (GwRgb  c,
            double alpha)
{
  return (GwRgb) { c.r * alpha + 1 - alpha, c.g * alpha + 1 - alpha, c.b * alpha + 1 - alpha };
}

/* Pixels near @c in the box (@x0, @y0)-(@x1, @y1), inclusive, clipped. */
static guint
count_near (cairo_surface_t *s,
            double           x0,
            double           y0,
            double           x1,
            double           y1,
            GwRgb            c,
            int              tol)
{
  guint n = 0;

  for (int y = MAX (0, (int) floor (y0)); y <= MIN (H - 1, (int) ceil (y1)); y++)
    for (int x = MAX (0, (int) floor (x0)); x <= MIN (W - 1, (int) ceil (x1)); x++)
      n += near_rgb (s, x, y, c, tol);
  return n;
}

static guint
count_in (cairo_surface_t *s,
          GwRect           r,
          GwRgb            c,
          int              tol)
{
  return count_near (s, r.x, r.y, r.x + r.width - 1, r.y + r.height - 1, c, tol);
}

/* Pixels that differ between @a and @b in @r. */
static guint
count_diff (cairo_surface_t *a,
            cairo_surface_t *b,
            GwRect           r)
{
  guint n = 0;

  for (int y = (int) r.y; y < r.y + r.height; y++)
    for (int x = (int) r.x; x < r.x + r.width; x++)
      {
        int r1, g1, b1, r2, g2, b2;

        pixel (a, x, y, &r1, &g1, &b1);
        pixel (b, x, y, &r2, &g2, &b2);
        n += r1 != r2 || g1 != g2 || b1 != b2;
      }
  return n;
}

static double
median_at (GwResults *r,
           int        series,
           int        t)
{
  double q[GW_N_QUANTILES];

  gw_summary_sorted_q (&gw_chart_summaries (r, series)[t], q);
  return q[GW_Q_P50];
}

/* The plot of the last drawing, less a margin where axes and labels are */
static GwRect
inner_plot (GwChart *chart)
{
  GwRect p = gw_chart_get_plot_area (chart);

  return (GwRect) { p.x + 2, p.y + 2, p.width - 4, p.height - 4 };
}

/* A chart drawn with @f and without: the plot differs; and with results
 * of no path, it is drawn as without, and its legend says so. */
static void
check_differs_and_empty (GwChart   *chart,
                         GwResults *f)
{
  cairo_surface_t *plain, *with, *empty;
  GwRect plot;
  guint n_items = gw_chart_n_items (chart);
  g_autoptr(GwResults) none = no_paths ();
  g_autofree char *plain_words = gw_chart_describe (chart);
  g_autofree char *words = NULL;
  g_autofree char *none_words = NULL;
  g_autofree char *sources = NULL;

  g_assert_false (gw_chart_shows_filtered (chart));
  plain = render (chart);
  plot = inner_plot (chart);
  gw_chart_set_filtered_results (chart, f);
  g_assert_true (gw_chart_shows_filtered (chart));
  g_assert_cmpuint (gw_chart_n_items (chart), >, n_items);
  with = render (chart);
  g_assert_cmpuint (count_diff (plain, with, plot), >, 200);
  /* the subtitle, the footnote and the screen reader say how many paths */
  {
    g_autofree char *subtitle = gw_chart_subtitle (chart);
    g_autofree char *kept = g_strdup_printf ("a filter keeps %u", f->n_paths);
    g_autofree char *paths = g_strdup_printf ("the %u paths a filter keeps", f->n_paths);

    g_assert_nonnull (strstr (subtitle, kept));
    words = gw_chart_describe (chart);
    g_assert_nonnull (strstr (words, paths));
    g_assert_null (strstr (plain_words, "filter"));
    sources = gw_chart_sources (chart);
    g_assert_nonnull (strstr (sources, paths));
  }

  gw_chart_set_filtered_results (chart, none);
  g_assert_false (gw_chart_shows_filtered (chart));
  g_assert_cmpuint (gw_chart_n_items (chart), ==, n_items);
  empty = render (chart);
  g_assert_cmpuint (count_in (empty, inner_plot (chart), chart->pal.filtered, 30), ==, 0);
  /* without the footnote (which says so in a sentence more), the plot is
   * the whole's alone, where the legend's note takes no row of its own */
  {
    cairo_surface_t *a, *b;
    GwRect pa;

    gw_chart_set_show_footnote (chart, FALSE);
    b = render (chart);
    pa = gw_chart_get_plot_area (chart);
    gw_chart_set_filtered_results (chart, NULL);
    a = render (chart);
    if (memcmp (&pa, &chart->plot, sizeof pa) == 0)
      g_assert_cmpuint (count_diff (a, b, pa), ==, 0);
    else
      /* the note took a row of the legend: the plot starts lower */
      g_assert_cmpfloat (pa.y, >, chart->plot.y);
    gw_chart_set_show_footnote (chart, TRUE);
    gw_chart_set_filtered_results (chart, none);
    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
  }
  none_words = gw_chart_describe (chart);
  g_assert_nonnull (strstr (none_words, "The filter keeps no paths"));
  g_assert_nonnull (strstr (gw_chart_filtered_note (chart), "no paths"));
  /* the note ends the legend, in the filter's colour: above the plot */
  g_assert_cmpuint (count_near (empty, 0, 0, W - 1, plot.y - 20, chart->pal.filtered, 40), >,
                    30);
  g_assert_cmpuint (count_near (plain, 0, 0, W - 1, plot.y - 20, chart->pal.filtered, 40), ==,
                    0);

  gw_chart_set_filtered_results (chart, f);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (with);
  cairo_surface_destroy (empty);
}

/* Fan */

/* The filtered median is a line of the filter's colour at the height of
 * the kept paths' P50, quarter by quarter. */
static void
test_fan (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  g_autoptr(GwResults) f = filtered_for (chart, mask);
  cairo_surface_t *s;
  guint checked = 0;

  g_assert_cmpuint (f->n_paths, ==, n_kept);
  check_differs_and_empty (chart, f);
  s = render (chart);
  for (int t = 3; t < (int) results->plan->T; t += 4)
    {
      double x = gw_chart_x_for_quarter (chart, t);
      double y = gw_chart_y_for_value (chart, median_at (f, GW_S_PRICE, t));

      g_assert_cmpuint (count_near (s, x - 1, y - 2, x + 1, y + 2, chart->pal.filtered, 40), >,
                        0);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 5);
  cairo_surface_destroy (s);

  /* on a log scale too, where the axis maps the same values */
  {
    GwChartSpec spec = *gw_chart_get_spec (chart);

    spec.log_scale = TRUE;
    gw_chart_set_spec (chart, &spec);
    g_assert_true (gw_chart_can_log (chart));
    s = render (chart);
    g_assert_true (chart->y.log);
    for (int t = 5; t < (int) results->plan->T; t += 6)
      {
        double x = gw_chart_x_for_quarter (chart, t);
        double y = gw_chart_y_for_value (chart, median_at (f, GW_S_PRICE, t));

        g_assert_cmpuint (count_near (s, x - 1, y - 2, x + 1, y + 2, chart->pal.filtered, 40), >,
                          0);
      }
    cairo_surface_destroy (s);
  }
}

/* One path: every quantile is its value, finite; the legend says so. A
 * filter of another run (another horizon) or without the fan's series
 * draws nothing. */
static void
test_fan_one_and_foreign (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  g_autofree guint8 *one = one_path (7);
  g_autoptr(GwResults) f1 = filtered_for (chart, one);
  g_autoptr(GwScenario) shorter = gw_scenario_copy (scenario);
  g_autoptr(GwResults) other = NULL;
  g_autoptr(GwResults) other_f = NULL;
  g_autoptr(GwResults) no_price = NULL;
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  cairo_surface_t *plain, *s;
  guint n_items = gw_chart_n_items (chart);
  guint revenue = (guint) gw_plan_find_series (results->plan, "revenue", "CoreWeave");
  g_autoptr(GError) error = NULL;

  plain = render (chart);
  gw_chart_set_filtered_results (chart, f1);
  g_assert_true (gw_chart_shows_filtered (chart));
  g_assert_nonnull (strstr (gw_chart_item_label (chart, 4), "(1 path)"));
  g_assert_nonnull (strstr (gw_chart_filtered_note (chart), "One path"));
  for (guint t = 0; t < results->plan->T; t++)
    for (guint k = 0; k < GW_N_QUANTILES; k++)
      g_assert_true (isfinite (gw_chart_summaries (f1, GW_S_PRICE)[t].q[k]));
  s = render (chart);
  {
    /* (mid-run: the cost anchor's label is at the right end) */
    int t = (int) results->plan->T / 2;
    double x = gw_chart_x_for_quarter (chart, t);
    double y = gw_chart_y_for_value (chart, median_at (f1, GW_S_PRICE, t));

    g_assert_cmpuint (count_near (s, x - 1, y - 2, x + 1, y + 2, chart->pal.filtered, 40), >, 0);
  }
  cairo_surface_destroy (s);

  /* of a run with another horizon */
  shorter->info.horizon -= 4;
  opts.paths = 40;
  other = gw_run (shorter, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree guint8 *all = g_malloc (other->n_paths);
    guint series = GW_S_PRICE;

    memset (all, 1, other->n_paths);
    other_f = gw_results_filtered (other, all, &series, 1, NULL, &error);
    g_assert_no_error (error);
  }
  gw_chart_set_filtered_results (chart, other_f);
  g_assert_false (gw_chart_shows_filtered (chart));
  g_assert_false (gw_chart_filtered_fits (chart));
  g_assert_cmpuint (gw_chart_n_items (chart), ==, n_items);
  g_assert_null (gw_chart_filtered_note (chart));

  /* without the price: the filter bar asked for other series */
  no_price = gw_results_filtered (results, mask, &revenue, 1, NULL, &error);
  g_assert_no_error (error);
  gw_chart_set_filtered_results (chart, no_price);
  g_assert_false (gw_chart_shows_filtered (chart));
  s = render (chart);
  g_assert_cmpuint (count_diff (plain, s, gw_chart_get_plot_area (chart)), ==, 0);
  cairo_surface_destroy (s);
  cairo_surface_destroy (plain);
}

/* The threshold line's label gives the filtered share beside the whole's:
 * the kept paths' values of the replayed column, counted here. */
static void
test_threshold (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  g_autoptr(GwResults) f = filtered_for (chart, mask);
  g_autoptr(GwResults) none = no_paths ();
  g_autofree double *v = g_new (double, results->n_paths);
  g_autofree double *kept = g_new (double, n_kept);
  g_autoptr(GBytes) bytes = NULL;
  int t = (int) results->plan->T - 5, column;
  double line, p, fp, want_fp;
  guint n = 0, below = 0, n_f = 0;

  line = median_at (results, GW_S_PRICE, t);
  gw_chart_set_threshold_line (chart, TRUE, line);
  column = gw_chart_threshold_column (chart, t);
  g_assert_cmpint (column, ==, GW_S_PRICE * (int) results->plan->T + t);
  gw_replay_column (results->plan, results->n_paths, NULL, (guint) column, v);
  bytes = g_bytes_new (v, results->n_paths * sizeof (double));
  gw_chart_set_threshold_column (chart, t, bytes);
  g_assert_true (gw_chart_get_threshold_probability (chart, t, &p));
  /* no filter, no filtered share */
  g_assert_false (gw_chart_get_filtered_threshold_probability (chart, t, &fp, NULL));
  {
    g_autofree char *text = gw_chart_describe_threshold (chart, t);

    g_assert_null (strstr (text, "filtered"));
  }

  gw_chart_set_filtered_results (chart, f);
  for (guint i = 0; i < results->n_paths; i++)
    if (mask[i])
      {
        kept[n++] = v[i];
        below += v[i] < line;
      }
  g_assert_cmpuint (n, ==, n_kept);
  want_fp = (double) below / n_kept;
  g_assert_true (gw_chart_get_filtered_threshold_probability (chart, t, &fp, &n_f));
  g_assert_cmpuint (n_f, ==, n_kept);
  g_assert_cmpfloat (fp, ==, want_fp);
  g_assert_cmpfloat (fp, ==, gw_column_probability (kept, n_kept, line, TRUE));
  /* the filter changes it: the beachhead's paths are not a random sample */
  g_assert_cmpfloat (fabs (fp - p), >, 0.01);
  {
    g_autofree char *text = gw_chart_describe_threshold (chart, t);
    g_autofree char *want = g_strdup_printf (" · filtered %.1f%% (± %.1f%%)", 100 * want_fp,
                                             100 * sqrt (want_fp * (1 - want_fp) / n_kept));
    g_autofree char *whole = g_strdup_printf ("= %.1f%%", 100 * p);

    g_assert_true (g_str_has_suffix (text, want));
    g_assert_nonnull (strstr (text, whole));
  }
  /* painted at the hovered quarter, the filtered part in its colour */
  {
    cairo_surface_t *s;
    GwRect plot;

    gw_chart_set_hover (chart, t);
    s = render (chart);
    plot = gw_chart_get_plot_area (chart);
    g_assert_cmpuint (count_near (s, plot.x, plot.y + chart->font * 1.3, plot.x + plot.width,
                                  plot.y + chart->font * 2.6, chart->pal.filtered, 40), >, 40);
    cairo_surface_destroy (s);
  }

  gw_chart_set_filtered_results (chart, none);
  g_assert_false (gw_chart_get_filtered_threshold_probability (chart, t, &fp, NULL));
  {
    g_autofree char *text = gw_chart_describe_threshold (chart, t);

    g_assert_true (g_str_has_suffix (text, " · the filter keeps no paths"));
  }
}

/* Histogram */

/* The kept paths on the whole's bins, each a share of the kept paths,
 * their median and their probability beyond the threshold, counted here
 * from their values; the outline's top at the tallest filtered bin, and
 * the median's line, in the filter's colour. */
static void
test_histogram (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_HISTOGRAM, NULL, "CoreWeave", "min_dscr");
  g_autoptr(GwResults) f = NULL;
  g_autoptr(GArray) none_needed = gw_chart_get_filtered_series (chart);
  g_autofree double *share = NULL;
  const double *all;
  cairo_surface_t *s;
  guint n = 0, beyond = 0, top = 0;
  int x;

  /* a scalar needs nothing replayed */
  g_assert_cmpuint (none_needed->len, ==, 0);
  f = filtered_for (chart, mask);
  check_differs_and_empty (chart, f);
  g_assert_nonnull (chart->fbin_share);
  x = chart->scalar;
  all = gw_results_scalar_values (results, (guint) x);
  share = g_new0 (double, chart->n_bins);
  for (guint p = 0; p < results->n_paths; p++)
    if (mask[p] && isfinite (all[p]))
      {
        double lo = chart->bin_edges[0], hi = chart->bin_edges[chart->n_bins];
        int b = CLAMP ((int) floor ((all[p] - lo) / (hi - lo) * chart->n_bins), 0,
                       (int) chart->n_bins - 1);

        share[b] += 1;
        n++;
        beyond += all[p] < 1.0;
      }
  g_assert_cmpuint (n, >, 20);
  for (guint b = 0; b < chart->n_bins; b++)
    {
      g_assert_cmpfloat (fabs (chart->fbin_share[b] - share[b] / n), <, 1e-12);
      if (chart->fbin_share[b] > chart->fbin_share[top])
        top = b;
    }
  g_assert_true (chart->has_threshold && chart->below);
  g_assert_cmpfloat (chart->fprob, ==, (double) beyond / n);
  g_assert_cmpfloat (fabs (chart->fprob - gw_results_probability (f, (guint) x, 1.0, TRUE)), <,
                     1e-12);
  g_assert_cmpfloat (chart->fmedian, ==, f->scalars[x].q[GW_Q_P50]);

  s = render (chart);
  {
    double x0 = gw_scale_map (&chart->x, chart->bin_edges[top]);
    double x1 = gw_scale_map (&chart->x, chart->bin_edges[top + 1]);
    double y = gw_scale_map (&chart->y, chart->fbin_share[top]);
    double xm = gw_scale_map (&chart->x, chart->fmedian);
    GwRect plot = gw_chart_get_plot_area (chart);

    g_assert_cmpuint (count_near (s, x0 + 3, y - 2, x1 - 3, y + 2, chart->pal.filtered, 40), >,
                      (guint) ((x1 - x0) * 0.5));
    /* the dashed median line down the lower half of the plot */
    g_assert_cmpuint (count_near (s, xm - 1, plot.y + plot.height / 2, xm + 1,
                                  plot.y + plot.height - 2, chart->pal.filtered, 40), >,
                      (guint) (plot.height * 0.15));
  }
  cairo_surface_destroy (s);

  /* hiding the filtered item hides the outline and the median */
  gw_chart_set_item_visible (chart, gw_chart_n_items (chart) - 1, FALSE);
  s = render (chart);
  g_assert_cmpuint (count_in (s, inner_plot (chart), chart->pal.filtered, 30), ==, 0);
  cairo_surface_destroy (s);

  /* one path: its value is the median, and no outline takes the axis */
  {
    g_autofree guint8 *one = one_path (3);
    g_autoptr(GwResults) f1 = filtered_for (chart, one);
    double max_share = 0;

    gw_chart_set_item_visible (chart, gw_chart_n_items (chart) - 1, TRUE);
    gw_chart_set_filtered_results (chart, f1);
    g_assert_cmpfloat (chart->fmedian, ==, all[3]);
    s = render (chart);
    for (guint b = 0; b < chart->n_bins; b++)
      max_share = MAX (max_share, chart->bin_share[b]);
    /* the axis is the whole's: a 100% bin would have flattened it */
    g_assert_cmpfloat (chart->y.d1, <, 2 * max_share + 0.05);
    cairo_surface_destroy (s);
  }
}

/* Lines and leverage */

/* With only the filtered set shown, dots of each line's colour lie where
 * the kept paths' medians are; with it hidden too, none. */
static void
check_dotted (GwChart   *chart,
              GwResults *f,
              guint      n_whole)
{
  cairo_surface_t *s;
  guint group = n_whole;
  guint checked = 0;

  g_assert_cmpint (chart->items[group].group, ==, (int) group);
  g_assert_cmpint (chart->items[group].series, ==, -1);
  for (guint i = 0; i < n_whole; i++)
    gw_chart_set_item_visible (chart, i, FALSE);
  s = render (chart);
  for (guint i = group + 1; i < gw_chart_n_items (chart); i++)
    {
      const GwChartItem *item = &chart->items[i];
      const GwScale *y = item->right ? &chart->yr : &chart->y;

      g_assert_true (item->results == f);
      g_assert_cmpint (item->group, ==, (int) group);
      for (int t = 4; t < (int) results->plan->T; t += 7)
        {
          double px = gw_chart_x_for_quarter (chart, t);
          double py = gw_scale_map (y, median_at (f, item->series, t));

          if (py < chart->plot.y + 4 || py > chart->plot.y + chart->plot.height - 4)
            continue;
          /* a dot within a few pixels: the dots are about 2.5 widths apart */
          g_assert_cmpuint (count_near (s, px - 6, py - 3, px + 6, py + 3, item->color, 45), >, 0);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 4);
  cairo_surface_destroy (s);
  gw_chart_set_item_visible (chart, group, FALSE);
  s = render (chart);
  for (guint i = group + 1; i < gw_chart_n_items (chart); i++)
    g_assert_cmpuint (count_in (s, inner_plot (chart), chart->items[i].color, 20), ==, 0);
  cairo_surface_destroy (s);
  for (guint i = 0; i <= group; i++)
    gw_chart_set_item_visible (chart, i, TRUE);
}

static void
test_lines (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_LINES, "revenue", NULL, NULL);
  guint n_whole = gw_chart_n_items (chart);
  g_autoptr(GArray) series = gw_chart_get_filtered_series (chart);
  g_autoptr(GwResults) f = filtered_for (chart, mask);
  g_autofree char *label = NULL;

  g_assert_cmpuint (series->len, ==, n_whole);
  check_differs_and_empty (chart, f);
  /* one legend item for the filter, and a dotted line per provider */
  g_assert_cmpuint (gw_chart_n_items (chart), ==, 2 * n_whole + 1);
  label = g_strdup_printf ("Filtered (%u paths)", n_kept);
  g_assert_cmpstr (gw_chart_item_label (chart, n_whole), ==, label);
  check_dotted (chart, f, n_whole);
  {
    g_autofree char *words = gw_chart_describe_quarter (chart, 10);
    g_autofree char *name = g_strdup_printf ("%s, filtered: ", gw_chart_item_label (chart, 0));

    g_assert_nonnull (strstr (words, name));
  }
}

/* Two variants compared: the first's filtered line beside both, the
 * second's line still drawn. */
static void
test_lines_compare (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_LINES, "price", NULL, NULL);
  g_autoptr(GwResults) boom = NULL;
  g_autoptr(GwResults) f = NULL;
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s;

  opts.paths = N_PATHS;
  opts.variant = "Inference boom";
  boom = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gw_chart_set_compare_results (chart, boom);
  g_assert_cmpuint (gw_chart_n_items (chart), ==, 2);
  f = filtered_for (chart, mask);
  gw_chart_set_filtered_results (chart, f);
  g_assert_cmpuint (gw_chart_n_items (chart), ==, 4);
  g_assert_true (chart->items[1].results == boom);
  g_assert_true (chart->items[3].results == f);
  s = render (chart);
  {
    int t = 20;
    double x = gw_chart_x_for_quarter (chart, t);
    double y = gw_chart_y_for_value (chart, median_at (boom, GW_S_PRICE, t));

    g_assert_cmpuint (count_near (s, x - 1, y - 2, x + 1, y + 2, chart->pal.cat[1], 40), >, 0);
  }
  cairo_surface_destroy (s);
  check_dotted (chart, f, 2);
}

static void
test_leverage (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_LEVERAGE, NULL, "CoreWeave", NULL);
  guint n_whole = gw_chart_n_items (chart);
  g_autoptr(GArray) series = gw_chart_get_filtered_series (chart);
  g_autoptr(GwResults) f = filtered_for (chart, mask);

  g_assert_cmpuint (n_whole, ==, 4);
  g_assert_cmpuint (series->len, ==, 3);
  check_differs_and_empty (chart, f);
  /* the collateral, debt and LTV medians; not the LTV's band */
  g_assert_cmpuint (gw_chart_n_items (chart), ==, n_whole + 1 + 3);
  check_dotted (chart, f, n_whole);
}

/* Stacked */

/* The kept paths' stack total, the sum of their medians, is a line of the
 * filter's colour. */
static void
test_stacked (void)
{
  const char *kinds[] = { "supply", "demand" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GwChart) chart = make_chart (GW_CHART_STACKED, kinds[k], NULL, NULL);
      guint n_whole = gw_chart_n_items (chart);
      g_autoptr(GwResults) f = filtered_for (chart, mask);
      cairo_surface_t *s;
      guint checked = 0;

      check_differs_and_empty (chart, f);
      g_assert_cmpuint (gw_chart_n_items (chart), ==, 2 * n_whole + 1);
      s = render (chart);
      for (int t = 2; t < (int) results->plan->T; t += 5)
        {
          double sum = 0, x = gw_chart_x_for_quarter (chart, t), y;

          for (guint i = 0; i < n_whole; i++)
            if (chart->items[i].swatch == GW_SWATCH_AREA)
              sum += MAX (0, median_at (f, chart->items[i].series, t));
          y = gw_chart_y_for_value (chart, sum);
          g_assert_cmpuint (count_near (s, x - 1, y - 2, x + 1, y + 2, chart->pal.filtered, 40),
                            >, 0);
          checked++;
        }
      g_assert_cmpuint (checked, >=, 5);
      cairo_surface_destroy (s);
      /* the tooltip gives both totals */
      {
        g_autofree char *words = gw_chart_describe_quarter (chart, 12);

        g_assert_nonnull (strstr (words, "\nTotal: "));
        g_assert_nonnull (strstr (words, " · filtered "));
      }
    }
}

/* Waterfall */

/* The kept paths' bars from their own means (summed over the year's four
 * quarters, here), drawn narrower beside the whole's in the filter's
 * colour, and written to the CSV. */
static void
test_waterfall (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_WATERFALL, NULL, "CoreWeave", NULL);
  g_autoptr(GArray) series = gw_chart_get_filtered_series (chart);
  g_autoptr(GwResults) f = filtered_for (chart, mask);
  g_autofree char *file = g_build_filename (g_get_tmp_dir (), "gw-test-filtered-wf.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  cairo_surface_t *s;
  double revenue = 0, fcf = 0;
  int rev = gw_plan_find_series (results->plan, "revenue", "CoreWeave");
  int cash = gw_plan_find_series (results->plan, "fcf", "CoreWeave");

  g_assert_cmpuint (series->len, ==, 6);
  check_differs_and_empty (chart, f);
  g_assert_cmpuint (chart->n_fbars, ==, chart->n_bars);
  for (int t = chart->first_quarter; t < chart->first_quarter + 4; t++)
    {
      revenue += gw_chart_summaries (f, rev)[t].mean;
      fcf += gw_chart_summaries (f, cash)[t].mean;
    }
  g_assert_cmpfloat (fabs (chart->fbars[0].end - revenue), <=, 1e-6 * fabs (revenue));
  g_assert_cmpfloat (fabs (chart->fbars[chart->n_fbars - 1].end - fcf), <=,
                     1e-6 * fabs (revenue));
  g_assert_cmpfloat (chart->fbars[0].end, !=, chart->bars[0].end);

  s = render (chart);
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const GwChartBar *fb = &chart->fbars[i];
      const GwChartBar *b = &chart->bars[i];
      double slot = chart->plot.width / chart->n_bars;
      double bar_w = MIN (slot * 0.72, chart->font * 8);
      double cx = gw_scale_map (&chart->x, i);
      double fx = cx + bar_w / 2 - bar_w * 0.17;
      double wx = cx - bar_w / 2 + bar_w * 0.3;
      double fy0 = gw_scale_map (&chart->y, MAX (fb->start, fb->end));
      double fy1 = gw_scale_map (&chart->y, MIN (fb->start, fb->end));
      double wy0 = gw_scale_map (&chart->y, MAX (b->start, b->end));
      double wy1 = gw_scale_map (&chart->y, MIN (b->start, b->end));

      if (fy1 - fy0 < 6)
        continue;
      /* the filter's bar in its colour, 85% on white, where its means say;
       * the whole's bar in the left of the slot is not */
      g_assert_true (near_rgb (s, (int) fx, (int) ((fy0 + fy1) / 2),
                               over_white (chart->pal.filtered, 0.85), 30));
      if (wy1 - wy0 >= 6)
        g_assert_false (near_rgb (s, (int) wx, (int) ((wy0 + wy1) / 2),
                                  over_white (chart->pal.filtered, 0.85), 30));
    }
  cairo_surface_destroy (s);

  g_assert_true (gw_chart_write_csv (chart, file, NULL));
  g_assert_true (g_file_get_contents (file, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "bar,label,year,value,start,end,total,filtered_value,filtered_start,"
                   "filtered_end");
  g_unlink (file);
}

/* Tornado */

/* The bars are the same with a filter (deterministic runs); the kept
 * paths' rank correlation, computed here from the run's inputs and the
 * mask, is a column of the filter's colour. */
static void
test_tornado (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_TORNADO, NULL, "CoreWeave", "npv");
  g_autoptr(GArray) none_needed = gw_chart_get_filtered_series (chart);
  g_autoptr(GwResults) f = NULL;
  const double *npv;
  cairo_surface_t *s;
  GwRect plot;

  g_assert_cmpuint (none_needed->len, ==, 0);
  f = filtered_for (chart, mask);
  g_assert_nonnull (chart->sens);
  check_differs_and_empty (chart, f);
  g_assert_nonnull (chart->frho);
  npv = gw_results_scalar_values (results, (guint) chart->scalar);
  for (guint i = 0; i < chart->sens->len; i++)
    {
      const GwSensitivity *sv = chart->sens->pdata[i];
      g_autofree double *a = g_new (double, results->n_paths);
      g_autofree double *b = g_new (double, results->n_paths);
      guint n = 0;
      int k = -1;

      for (guint j = 0; j < results->n_inputs; j++)
        if (results->input_slots[j] == sv->slot)
          k = (int) j;
      g_assert_cmpint (k, >=, 0);
      for (guint p = 0; p < results->n_input_paths; p++)
        if (mask[p])
          {
            a[n] = results->inputs[(gsize) k * results->n_input_paths + p];
            b[n++] = npv[p];
          }
      g_assert_cmpfloat (fabs (g_array_index (chart->frho, double, i) - gw_spearman (a, b, n)),
                         <, 1e-12);
    }
  s = render (chart);
  plot = gw_chart_get_plot_area (chart);
  /* right of the plot: the whole's column, then the filter's */
  g_assert_cmpuint (count_near (s, plot.x + plot.width + 2, plot.y, W - 1,
                                plot.y + plot.height, chart->pal.filtered, 50), >, 100);
  cairo_surface_destroy (s);
  {
    g_autofree char *words = gw_chart_describe (chart);

    g_assert_nonnull (strstr (words, "The bars are deterministic runs, the same for any filter"));
  }
}

/* Files */

/* PNG and SVG exports draw the overlay; series CSV says whose each row is. */
static void
test_export (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  g_autoptr(GwResults) f = filtered_for (chart, mask);
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "gw-test-filtered.png", NULL);
  g_autofree char *svg = g_build_filename (g_get_tmp_dir (), "gw-test-filtered.svg", NULL);
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "gw-test-filtered.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *svg_text = NULL;
  g_autofree char *rgb = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  GwRect plot;
  guint filtered_rows = 0, all_rows = 0;
  GwRgb c;

  gw_chart_set_filtered_results (chart, f);
  g_assert_true (gw_chart_export (chart, png, GW_CHART_FORMAT_PNG, W, H, 96, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  plot = gw_chart_get_plot_area (chart);
  g_assert_cmpuint (count_in (image, plot, chart->pal.filtered, 30), >, 300);
  cairo_surface_destroy (image);

  g_assert_true (gw_chart_export (chart, svg, GW_CHART_FORMAT_SVG, W, H, 96, &error));
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  c = chart->pal.filtered;
  /* cairo writes colours as percentages: rgb(46%,16%,58%) */
  rgb = g_strdup_printf ("rgb(%g%%,%g%%,%g%%)", c.r * 100, c.g * 100, c.b * 100);
  g_assert_nonnull (strstr (svg_text, rgb));

  g_assert_true (gw_chart_write_csv (chart, csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  rows = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (rows[0], ==, "item,quarter,t,mean,sd,p5,p10,p25,p50,p75,p90,p95,set,paths");
  for (guint i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++)
    {
      g_autofree char *tail_f = g_strdup_printf (",filtered,%u", n_kept);
      g_autofree char *tail_a = g_strdup_printf (",all,%u", results->n_paths);

      filtered_rows += g_str_has_suffix (rows[i], tail_f);
      all_rows += g_str_has_suffix (rows[i], tail_a);
    }
  g_assert_cmpuint (filtered_rows, ==, results->plan->T);
  g_assert_cmpuint (all_rows, ==, 2 * results->plan->T);    /* the price and its anchor */
  g_unlink (png);
  g_unlink (svg);
  g_unlink (csv);
}

int
main (int    argc,
      char **argv)
{
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GwFilter) filter = gw_filter_new ();
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  scenario = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  opts.paths = N_PATHS;
  results = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gw_filter_add (filter, "TPU beachhead happened", &error));
  mask = gw_filter_apply (filter, results, &n_kept, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept, >, N_PATHS / 10);
  g_assert_cmpuint (n_kept, <, N_PATHS / 2);

  g_test_add_func ("/gw/chart/filtered/fan", test_fan);
  g_test_add_func ("/gw/chart/filtered/fan-one-and-foreign", test_fan_one_and_foreign);
  g_test_add_func ("/gw/chart/filtered/threshold", test_threshold);
  g_test_add_func ("/gw/chart/filtered/histogram", test_histogram);
  g_test_add_func ("/gw/chart/filtered/lines", test_lines);
  g_test_add_func ("/gw/chart/filtered/lines-compare", test_lines_compare);
  g_test_add_func ("/gw/chart/filtered/leverage", test_leverage);
  g_test_add_func ("/gw/chart/filtered/stacked", test_stacked);
  g_test_add_func ("/gw/chart/filtered/waterfall", test_waterfall);
  g_test_add_func ("/gw/chart/filtered/tornado", test_tornado);
  g_test_add_func ("/gw/chart/filtered/export", test_export);
  ret = g_test_run ();
  g_free (mask);
  gw_results_unref (results);
  gw_scenario_free (scenario);
  return ret;
}
