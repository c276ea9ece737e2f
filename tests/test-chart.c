/* test-chart.c: chart geometry, painting and export, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-chart-private.h"
#include "gw-report.h"

static GwScenario *scenario;
static GwResults *results;
static GwResults *boom;

static void
check_ticks (double lo,
             double hi)
{
  double ticks[GW_MAX_TICKS], step, nlo, nhi;
  guint n = gw_nice_ticks (lo, hi, 6, ticks, &step, &nlo, &nhi);
  double m = log10 (step) - floor (log10 (step));

  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (n, <=, 8);
  g_assert_cmpfloat (ticks[0], <=, lo);
  g_assert_cmpfloat (ticks[n - 1], >=, hi);
  /* Not more than one step of slack at either end. */
  g_assert_cmpfloat (lo - ticks[0], <, step);
  g_assert_cmpfloat (ticks[n - 1] - hi, <, step);
  /* 1, 2, 2.5 or 5 times a power of ten */
  g_assert_true (fabs (m) < 1e-9 || fabs (m - log10 (2)) < 1e-9 || fabs (m - log10 (2.5)) < 1e-9
                 || fabs (m - log10 (5)) < 1e-9 || fabs (m - 1) < 1e-9);
  for (guint i = 0; i < n; i++)
    {
      double k = ticks[i] / step;

      g_assert_cmpfloat (fabs (k - round (k)), <, 1e-6);
      if (i > 0)
        g_assert_cmpfloat (fabs (ticks[i] - ticks[i - 1] - step), <, step * 1e-6);
    }
}

static void
test_ticks_small (void)
{
  double ticks[GW_MAX_TICKS], step;
  guint n = gw_nice_ticks (0.0031, 0.0047, 5, ticks, &step, NULL, NULL);

  check_ticks (0.0031, 0.0047);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (fabs (step - 0.0005), <, 1e-12);
  g_assert_cmpfloat (ticks[0], ==, 0.003);
  g_assert_cmpfloat (ticks[4], ==, 0.005);
  {
    g_autofree char *a = gw_format_tick (ticks[1], step, 0.005, GW_UNIT_RATIO);

    g_assert_cmpstr (a, ==, "0.0035×");
  }
}

static void
test_ticks_large (void)
{
  double ticks[GW_MAX_TICKS], step;
  guint n;

  check_ticks (1e9, 3.7e12);
  n = gw_nice_ticks (1e9, 3.7e12, 6, ticks, &step, NULL, NULL);
  g_assert_cmpfloat (ticks[0], ==, 0);
  g_assert_cmpfloat (ticks[n - 1], ==, 4e12);
  {
    g_autofree char *a = gw_format_tick (ticks[1], step, 4e12, GW_UNIT_MONEY);
    g_autofree char *b = gw_format_tick (2.5e9, 2.5e9, 1e10, GW_UNIT_MONEY);
    g_autofree char *c = gw_format_tick (0, step, 4e12, GW_UNIT_MONEY);
    g_autofree char *d = gw_format_tick (0.45, 0.05, 1, GW_UNIT_FRACTION);

    g_assert_cmpstr (a, ==, step == 1e12 ? "$1T" : "$0.5T");
    g_assert_cmpstr (b, ==, "$2.5B");
    g_assert_cmpstr (c, ==, "$0");
    g_assert_cmpstr (d, ==, "45%");
  }
}

static void
test_ticks_negative (void)
{
  double ticks[GW_MAX_TICKS], step;
  guint n = gw_nice_ticks (-3.2, 7.9, 6, ticks, &step, NULL, NULL);
  gboolean zero = FALSE;

  check_ticks (-3.2, 7.9);
  check_ticks (-0.31, 0.0047);
  {
    double t5[GW_MAX_TICKS];
    guint n5 = gw_nice_ticks (5, 5, 6, t5, NULL, NULL, NULL);

    g_assert_cmpuint (n5, >=, 2);
    g_assert_cmpfloat (t5[0], <, 5);
    g_assert_cmpfloat (t5[n5 - 1], >, 5);
  }
  for (guint i = 0; i < n; i++)
    zero |= ticks[i] == 0;
  g_assert_true (zero);
  {
    g_autofree char *a = gw_format_tick (-2e9, 1e9, 5e9, GW_UNIT_MONEY);

    g_assert_cmpstr (a, ==, "−$2B");
  }
}

static void
test_band_order (void)
{
  guint T = results->plan->T;
  GwScale y = { 0, 10, 500, 0 };
  g_autofree double *xs = g_new (double, T);
  g_autofree double *outer = g_new (double, 4 * T);
  g_autofree double *inner = g_new (double, 4 * T);

  for (guint t = 0; t < T; t++)
    xs[t] = 10 + 20 * t;
  for (guint s = 0; s < results->plan->n_series; s++)
    {
      const GwSummary *sm = results->series + (gsize) s * T;
      double lo, hi;

      for (guint t = 0; t < T; t++)
        {
          double q[GW_N_QUANTILES];

          gw_summary_sorted_q (&sm[t], q);
          for (guint k = 1; k < GW_N_QUANTILES; k++)
            g_assert_cmpfloat (q[k - 1], <=, q[k]);
        }
      lo = sm[0].q[GW_Q_P5];
      hi = sm[0].q[GW_Q_P95];
      y.d0 = lo;
      y.d1 = hi > lo ? hi : lo + 1;
      gw_band_polygon (sm, T, GW_Q_P5, GW_Q_P95, xs, &y, outer);
      gw_band_polygon (sm, T, GW_Q_P25, GW_Q_P75, xs, &y, inner);
      for (guint t = 0; t < T; t++)
        {
          guint up = 2 * T - 1 - t;

          /* lower edge left to right, upper edge right to left */
          g_assert_cmpfloat (outer[2 * t], ==, xs[t]);
          g_assert_cmpfloat (outer[2 * up], ==, xs[t]);
          /* y grows downwards: P5 below P25 below P75 below P95 */
          g_assert_cmpfloat (outer[2 * t + 1], >=, inner[2 * t + 1]);
          g_assert_cmpfloat (inner[2 * t + 1], >=, inner[2 * up + 1]);
          g_assert_cmpfloat (inner[2 * up + 1], >=, outer[2 * up + 1]);
        }
    }
}

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
  gw_chart_set_spec (chart, &spec);
  gw_chart_set_scenario (chart, scenario);
  gw_chart_set_date (chart, "2026-11-23");
  gw_chart_set_results (chart, results);
  if (kind == GW_CHART_COMPARE)
    gw_chart_set_compare_results (chart, boom);
  return chart;
}

static cairo_surface_t *
render (GwChart *chart,
        int      w,
        int      h)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);

  gw_chart_draw (chart, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
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
  guint32 p = *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)
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

static void
test_hit_quarter (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  cairo_surface_t *s = render (chart, 1000, 600);
  GwRect plot = gw_chart_get_plot_area (chart);
  double my = plot.y + plot.height / 2;
  double dx = gw_chart_x_for_quarter (chart, 1) - gw_chart_x_for_quarter (chart, 0);

  g_assert_cmpfloat (dx, >, 5);
  for (int t = -chart->history; t < (int) results->plan->T; t++)
    {
      double x = gw_chart_x_for_quarter (chart, t);

      g_assert_cmpint (gw_chart_hit_quarter (chart, x, my), ==, t);
      g_assert_cmpint (gw_chart_hit_quarter (chart, x + 0.45 * dx, my), ==,
                       t == (int) results->plan->T - 1 ? t : t + (0.45 < 0.5 ? 0 : 1));
      g_assert_cmpint (gw_chart_hit_quarter (chart, x - 0.45 * dx, my), ==, t);
    }
  g_assert_cmpint (gw_chart_hit_quarter (chart, plot.x - 40, my), ==, G_MININT);
  g_assert_cmpint (gw_chart_hit_quarter (chart, plot.x + 10, plot.y + plot.height + 60), ==,
                   G_MININT);

  /* Zoomed in, the same x maps to a later quarter. */
  gw_chart_set_view (chart, 10, 20);
  cairo_surface_destroy (s);
  s = render (chart, 1000, 600);
  g_assert_cmpint (gw_chart_hit_quarter (chart, gw_chart_x_for_quarter (chart, 15), my), ==, 15);
  g_assert_cmpint (gw_chart_hit_quarter (chart, plot.x + 1, my), ==, 10);
  cairo_surface_destroy (s);
}

static void
test_render_fan (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  cairo_surface_t *s = render (chart, 1200, 675);
  const GwSummary *sm = gw_chart_summaries (results, GW_S_PRICE);
  GwRgb blue = chart->pal.cat[0], accent = chart->pal.accent;
  double x0 = gw_chart_x_for_quarter (chart, 0);
  guint checked = 0, actual_px = 0, actual_left = 0;
  GwRect plot = gw_chart_get_plot_area (chart);

  for (guint t = 2; t < results->plan->T; t += 3)
    {
      int x = (int) round (gw_chart_x_for_quarter (chart, t));
      double q[GW_N_QUANTILES];
      int y_med = -1, y_lo, y_hi;

      gw_summary_sorted_q (&sm[t], q);
      y_lo = (int) gw_chart_y_for_value (chart, q[GW_Q_P25]);
      y_hi = (int) gw_chart_y_for_value (chart, q[GW_Q_P75]);
      /* The median line's pixels in this column */
      for (int y = (int) plot.y; y < plot.y + plot.height; y++)
        if (near_rgb (s, x, y, blue, 40))
          {
            y_med = y;
            g_assert_cmpint (y, >=, y_hi - 2);
            g_assert_cmpint (y, <=, y_lo + 2);
          }
      g_assert_cmpint (y_med, >=, 0);
      /* Between P75 and P95 lies the light band, not the background */
      {
        int yb = (int) ((gw_chart_y_for_value (chart, q[GW_Q_P75])
                         + gw_chart_y_for_value (chart, q[GW_Q_P95])) / 2);
        int r, g, b;

        if (gw_chart_y_for_value (chart, q[GW_Q_P75]) - gw_chart_y_for_value (chart, q[GW_Q_P95]) > 6)
          {
            pixel (s, x, yb, &r, &g, &b);
            g_assert_cmpint (b, >, r + 15);
          }
      }
      checked++;
    }
  g_assert_cmpuint (checked, >=, 5);

  /* Actuals: drawn, and only at or left of the start quarter */
  for (int y = (int) plot.y; y < plot.y + plot.height; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      if (near_rgb (s, x, y, accent, 30))
        {
          actual_px++;
          g_assert_cmpfloat (x, <=, x0 + chart->font * 0.5);
          actual_left += x < x0 - chart->font;
        }
  g_assert_cmpuint (actual_px, >, 20);
  g_assert_cmpuint (actual_left, >, 10);

  /* Hiding the actuals removes them. */
  gw_chart_set_item_visible (chart, gw_chart_n_items (chart) - 1, FALSE);
  cairo_surface_destroy (s);
  s = render (chart, 1200, 675);
  actual_px = 0;
  for (int y = (int) plot.y; y < plot.y + plot.height; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      actual_px += near_rgb (s, x, y, accent, 30);
  g_assert_cmpuint (actual_px, ==, 0);
  cairo_surface_destroy (s);
}

/* Counts plot pixels near @c. */
/* A clicked quarter shows its distribution in an inset at the plot's top
 * left: the P25..P75 box in the series' colour; nothing there without a
 * selection. */
static void
test_render_selected_distribution (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  cairo_surface_t *plain = render (chart, 1200, 675);
  cairo_surface_t *sel;
  GwRect plot = gw_chart_get_plot_area (chart);
  GwRgb blue = chart->pal.cat[0];
  guint in_plain = 0, in_sel = 0;

  gw_chart_set_selected (chart, 12);
  sel = render (chart, 1200, 675);
  if (g_getenv ("GW_TEST_KEEP") != NULL)
    cairo_surface_write_to_png (sel, "/tmp/gw-selected.png");
  /* the inset sits top left (2029Q1 is right of the middle); count bluish
   * pixels (the box and whiskers) where the plain chart has none */
  (void) blue;
  for (int y = (int) plot.y + 10; y < (int) (plot.y + chart->font * 6); y++)
    for (int x = (int) plot.x + 10; x < (int) (plot.x + chart->font * 14); x++)
      {
        int r, g, b;

        pixel (plain, x, y, &r, &g, &b);
        in_plain += b > r + 40;
        pixel (sel, x, y, &r, &g, &b);
        in_sel += b > r + 40;
      }
  g_assert_cmpuint (in_plain, ==, 0);
  g_assert_cmpuint (in_sel, >, 200);
  gw_chart_set_selected (chart, G_MININT);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (sel);
}

static guint
count_color (cairo_surface_t *s,
             GwRect           r,
             GwRgb            c,
             int              tol)
{
  guint n = 0;

  for (int y = (int) r.y; y < r.y + r.height; y++)
    for (int x = (int) r.x; x < r.x + r.width; x++)
      n += near_rgb (s, x, y, c, tol);
  return n;
}

static void
test_render_stacked (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_STACKED, "supply", NULL, NULL);
  cairo_surface_t *s = render (chart, 1200, 675);
  GwRect plot = gw_chart_get_plot_area (chart);
  /* areas are 85% opaque on white */
  GwRgb sky = chart->pal.cat[4];
  GwRgb mixed = { sky.r * 0.85 + 0.15, sky.g * 0.85 + 0.15, sky.b * 0.85 + 0.15 };
  guint n = count_color (s, plot, mixed, 12);
  int xe = (int) gw_chart_x_for_quarter (chart, results->plan->T - 2);
  double total = 0;
  double q[GW_N_QUANTILES];

  g_assert_cmpuint (gw_chart_n_items (chart), ==, results->plan->P + 1);
  g_assert_cmpuint (n, >, plot.width * plot.height * 0.1);
  /* The top of the stack sits at the sum of the medians. */
  for (guint j = 0; j < results->plan->P; j++)
    {
      gw_summary_sorted_q (&gw_chart_summaries (results, GW_N_MARKET_SERIES
                                                + GW_N_PROVIDER_SERIES * j + GW_SP_SUPPLY)
                           [results->plan->T - 2], q);
      total += q[GW_Q_P50];
    }
  {
    int ytop = (int) gw_chart_y_for_value (chart, total);
    int r, g, b;

    pixel (s, xe, ytop + 4, &r, &g, &b);
    g_assert_false (r > 245 && g > 245 && b > 245);
    pixel (s, xe, ytop - 6, &r, &g, &b);
    g_assert_true (r > 200 && g > 200 && b > 200);
  }
  cairo_surface_destroy (s);

  {
    g_autoptr(GwChart) demand = make_chart (GW_CHART_STACKED, "demand", NULL, NULL);

    s = render (demand, 900, 500);
    g_assert_cmpuint (gw_chart_n_items (demand), ==, 5);
    g_assert_cmpstr (gw_chart_item_label (demand, 0), ==, "Inference demand");
    cairo_surface_destroy (s);
  }
}

static void
test_render_histogram (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_HISTOGRAM, NULL, "CoreWeave", "min_dscr");
  cairo_surface_t *s = render (chart, 1200, 675);
  GwRect plot = gw_chart_get_plot_area (chart);
  int scalar = gw_plan_find_scalar (results->plan, "min_dscr", "CoreWeave");
  double px = gw_scale_map (&chart->x, 1.0);
  GwRgb accent = chart->pal.accent;
  guint left = 0, right = 0;
  double sum = 0;

  g_assert_cmpint (chart->scalar, ==, scalar);
  g_assert_true (chart->has_threshold);
  g_assert_cmpfloat (fabs (chart->prob - gw_results_probability (results, scalar, 1.0, TRUE)), <,
                     1e-9);
  for (guint b = 0; b < chart->n_bins; b++)
    sum += chart->bin_share[b];
  g_assert_cmpfloat (fabs (sum - 1), <, 1e-9);
  /* The bars beyond the threshold (below 1x) are coloured, none above. */
  for (int y = (int) plot.y + 40; y < plot.y + plot.height; y++)
    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      if (near_rgb (s, x, y, accent, 25))
        {
          left += x < px;
          right += x > px + 1;
        }
  g_assert_cmpuint (left, >, 500);
  g_assert_cmpuint (right, ==, 0);
  cairo_surface_destroy (s);
}

static void
test_render_tornado (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_TORNADO, NULL, "CoreWeave", "npv");
  cairo_surface_t *s = render (chart, 1200, 675);
  GwRect plot = gw_chart_get_plot_area (chart);

  g_assert_nonnull (chart->sens);
  g_assert_cmpuint (chart->sens->len, >, 3);
  for (guint i = 1; i < chart->sens->len; i++)
    {
      const GwSensitivity *a = chart->sens->pdata[i - 1], *b = chart->sens->pdata[i];

      g_assert_cmpfloat (fabs (a->high - a->low), >=, fabs (b->high - b->low));
    }
  g_assert_cmpuint (count_color (s, plot, chart->pal.cat[1], 40), >, 500);
  g_assert_cmpuint (count_color (s, plot, chart->pal.cat[0], 40), >, 300);
  /* The widest bar is the first row: its orange or blue reaches the top third. */
  cairo_surface_destroy (s);
}

static void
test_render_compare_lines (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_COMPARE, "price", NULL, NULL);
  g_autoptr(GwChart) lines = make_chart (GW_CHART_LINES, "revenue", NULL, NULL);
  cairo_surface_t *s = render (chart, 1200, 675);

  g_assert_cmpuint (gw_chart_n_items (chart), ==, 2);
  g_assert_cmpuint (chart->n_bins, >, 3);
  g_assert_cmpfloat (chart->plot2.width, >, 100);
  cairo_surface_destroy (s);
  s = render (lines, 1200, 675);
  g_assert_cmpuint (gw_chart_n_items (lines), ==, results->plan->P);
  cairo_surface_destroy (s);
}

/* A PNG file of @w x @h pixels, with more than 200 pixels near @c. */
static void
check_png (const char *path,
           int         w,
           int         h,
           GwRgb       c)
{
  cairo_surface_t *img = cairo_image_surface_create_from_png (path);
  GwRect all = { 0, 0, w, h };

  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, h);
  g_assert_cmpuint (count_color (img, all, c, 40), >, 200);
  cairo_surface_destroy (img);
}

/* The price fan carries the cost anchor: a legend item before the actuals,
 * drawn (dark dashes, a label) where it is visible, none where hidden, in
 * the tooltip and in the CSV. */
static void
test_render_anchor (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  g_autoptr(GwChart) other = make_chart (GW_CHART_FAN, "utilization", NULL, NULL);
  guint n = gw_chart_n_items (chart), item = G_MAXUINT, shown, hidden;
  cairo_surface_t *s;
  GwRect plot;
  g_autofree char *text = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-chart-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "price.csv", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gw_chart_item_label (chart, i), "Cost anchor (median)") == 0)
      item = i;
  g_assert_cmpuint (item, <, n);
  g_assert_cmpint (chart->items[item].series, ==, GW_S_ANCHOR);
  g_assert_cmpstr (gw_chart_item_label (chart, n - 1), ==, "Actual");
  for (guint i = 0; i < gw_chart_n_items (other); i++)
    g_assert_cmpstr (gw_chart_item_label (other, i), !=, "Cost anchor (median)");

  s = render (chart, 1200, 675);
  plot = gw_chart_get_plot_area (chart);
  shown = count_color (s, plot, chart->pal.text, 60);
  text = gw_chart_describe_quarter (chart, 12);
  g_assert_nonnull (strstr (text, "Cost anchor (median): $"));
  cairo_surface_destroy (s);
  gw_chart_set_item_visible (chart, item, FALSE);
  s = render (chart, 1200, 675);
  hidden = count_color (s, plot, chart->pal.text, 60);
  g_test_message ("dark plot pixels: %u with the anchor, %u without", shown, hidden);
  g_assert_cmpuint (shown, >, hidden + 300);
  cairo_surface_destroy (s);

  g_assert_true (gw_chart_write_csv (chart, csv, &error));
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  {
    g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 2 * results->plan->T + 2);
    g_assert_true (g_str_has_prefix (lines[1], "price,2026Q1,0,"));
    g_assert_true (g_str_has_prefix (lines[results->plan->T + 1], "anchor,2026Q1,0,"));
  }
  g_unlink (csv);
  g_rmdir (dir);
}

/* Hyperscaler and captive revenue is an imputed rental value in labels,
 * titles and legends; a neoclouds-only lines chart leaves those out. */
static void
test_imputed_and_neoclouds (void)
{
  GwPlan *plan = results->plan;
  g_autoptr(GwChart) hyper = make_chart (GW_CHART_FAN, "revenue", "Hyperscalers", NULL);
  g_autoptr(GwChart) core = make_chart (GW_CHART_FAN, "revenue", "CoreWeave", NULL);
  g_autoptr(GwChart) all = make_chart (GW_CHART_LINES, "revenue", NULL, NULL);
  g_autoptr(GwChart) neo = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  g_autofree char *t1 = gw_chart_default_title (hyper);
  g_autofree char *t2 = gw_chart_default_title (core);
  guint n_neo = 0;
  gboolean labelled = FALSE;

  g_assert_cmpstr (gw_chart_series_label (plan, gw_plan_find_series (plan, "revenue",
                                                                     "Hyperscalers")),
                   ==, "Imputed rental value");
  g_assert_cmpstr (gw_chart_series_label (plan, gw_plan_find_series (plan, "revenue",
                                                                     "OpenAI AMD")),
                   ==, "Imputed rental value");
  g_assert_cmpstr (gw_chart_series_label (plan, gw_plan_find_series (plan, "revenue",
                                                                     "CoreWeave")),
                   ==, "Revenue");
  g_assert_cmpstr (t1, ==, "Hyperscalers: Imputed rental value");
  g_assert_cmpstr (t2, ==, "CoreWeave: Revenue");
  for (guint i = 0; i < gw_chart_n_items (all); i++)
    labelled |= g_strcmp0 (gw_chart_item_label (all, i),
                           "Hyperscalers (imputed rental value)") == 0;
  g_assert_true (labelled);

  spec.kind = GW_CHART_LINES;
  spec.series = "revenue";
  spec.only_neoclouds = TRUE;
  gw_chart_set_spec (neo, &spec);
  gw_chart_set_results (neo, results);
  for (guint j = 0; j < plan->P; j++)
    n_neo += gw_scenario_provider (plan->scenario, j)->kind == GW_PROVIDER_NEOCLOUD;
  g_assert_cmpuint (n_neo, >=, 2);
  g_assert_cmpuint (n_neo, <, plan->P);
  g_assert_cmpuint (gw_chart_n_items (neo), ==, n_neo);
  for (guint i = 0; i < gw_chart_n_items (neo); i++)
    {
      int j = gw_plan_series_provider (plan, neo->items[i].series);

      g_assert_cmpint (gw_scenario_provider (plan->scenario, j)->kind, ==, GW_PROVIDER_NEOCLOUD);
    }
  {
    g_autofree char *title = gw_chart_default_title (neo);

    g_assert_cmpstr (title, ==, "Revenue by neocloud");
  }
}

/* Leverage: debt and collateral medians on the money axis, the LTV on a
 * right axis from 0 to at least 1.2x with the 1.0x line; the lines sit where
 * their medians are. */
static void
test_render_leverage (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_LEVERAGE, NULL, "CoreWeave", NULL);
  int debt = gw_plan_find_series (results->plan, "debt", "CoreWeave");
  int collateral = gw_plan_find_series (results->plan, "collateral", "CoreWeave");
  cairo_surface_t *s;
  GwRect plot;
  guint found_debt = 0, found_collateral = 0, ref = 0;
  g_autofree char *text = NULL;

  g_assert_true (gw_chart_is_temporal (chart));
  g_assert_cmpuint (gw_chart_n_items (chart), ==, 4);
  g_assert_cmpstr (gw_chart_item_label (chart, 0), ==, "Collateral (resale value), median");
  g_assert_cmpstr (gw_chart_item_label (chart, 1), ==, "Debt, median");
  g_assert_false (chart->items[1].right);
  g_assert_true (chart->items[2].right && chart->items[3].right);
  g_assert_cmpint (chart->items[2].stat, ==, GW_Q_P10);

  s = render (chart, 1200, 675);
  plot = gw_chart_get_plot_area (chart);
  g_assert_true (chart->have_right);
  g_assert_cmpfloat (chart->yr.d0, ==, 0);
  g_assert_cmpfloat (chart->yr.d1, >=, 1.2);
  g_assert_cmpfloat (chart->yr.d1, <=, 4.0 + 1e-9);
  /* the lines in their colours within a few pixels of their medians */
  for (guint t = 2; t < results->plan->T; t += 4)
    {
      int x = (int) round (gw_chart_x_for_quarter (chart, t));
      double qd[GW_N_QUANTILES], qc[GW_N_QUANTILES];
      int yd, yc;

      gw_summary_sorted_q (&gw_chart_summaries (results, debt)[t], qd);
      gw_summary_sorted_q (&gw_chart_summaries (results, collateral)[t], qc);
      yd = (int) round (gw_chart_y_for_value (chart, qd[GW_Q_P50]));
      yc = (int) round (gw_chart_y_for_value (chart, qc[GW_Q_P50]));
      for (int y = MAX (yd - 3, (int) plot.y); y <= yd + 3; y++)
        if (near_rgb (s, x, y, chart->pal.cat[5], 40))
          {
            found_debt++;
            break;
          }
      for (int y = MAX (yc - 3, (int) plot.y); y <= yc + 3; y++)
        if (near_rgb (s, x, y, chart->pal.cat[2], 40))
          {
            found_collateral++;
            break;
          }
    }
  g_test_message ("debt seen at %u, collateral at %u of 7 quarters", found_debt, found_collateral);
  g_assert_cmpuint (found_debt, >=, 5);
  g_assert_cmpuint (found_collateral, >=, 5);
  /* the dotted LTV = 1.0x line: muted pixels along its row */
  {
    int y1 = (int) round (gw_scale_map (&chart->yr, 1.0));

    for (int x = (int) plot.x; x < plot.x + plot.width; x++)
      for (int y = y1 - 1; y <= y1 + 1; y++)
        ref += near_rgb (s, x, y, chart->pal.muted, 50);
    g_assert_cmpuint (ref, >, 100);
  }
  cairo_surface_destroy (s);

  text = gw_chart_describe_quarter (chart, 3);
  g_assert_true (g_str_has_prefix (text, "2026Q4\n"));
  g_assert_nonnull (strstr (text, "Debt, median: $"));
  g_assert_nonnull (strstr (text, "Loan to value, P10–P90 (right axis): "));
  g_assert_nonnull (strstr (text, "x – "));

  /* hiding the debt takes its colour off the plot */
  gw_chart_set_item_visible (chart, 1, FALSE);
  s = render (chart, 1200, 675);
  g_assert_cmpuint (count_color (s, plot, chart->pal.cat[5], 30), <, 20);
  cairo_surface_destroy (s);
}

static double
year_mean_sum (GwResults  *r,
               const char *key,
               const char *provider,
               int         t0)
{
  int series = gw_plan_find_series (r->plan, key, provider);
  double sum = 0;

  g_assert_cmpint (series, >=, 0);
  for (int t = t0; t < t0 + 4; t++)
    sum += gw_chart_summaries (r, series)[t].mean;
  return sum;
}

/* The waterfall's bars for @r and @provider in @year (0: the default). */
static GwChart *
make_waterfall (GwResults  *r,
                const char *provider,
                int         year)
{
  GwChart *chart = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  spec.kind = GW_CHART_WATERFALL;
  spec.provider = provider;
  spec.year = year;
  gw_chart_set_spec (chart, &spec);
  gw_chart_set_scenario (chart, scenario);
  gw_chart_set_date (chart, "2026-11-23");
  gw_chart_set_results (chart, r);
  return chart;
}

static void
check_waterfall_sums (GwChart    *chart,
                      GwResults  *r,
                      const char *provider)
{
  int t0 = chart->first_quarter;
  double scale = fabs (year_mean_sum (r, "revenue", provider, t0))
                 + fabs (year_mean_sum (r, "capex", provider, t0));
  double steps = 0;
  const GwChartBar *last;

  g_assert_cmpuint (chart->n_bars, ==, 8);
  last = &chart->bars[chart->n_bars - 1];
  g_assert_true (last->total);
  g_assert_cmpstr (last->label, ==, "Free cash flow to equity");
  /* each step starts where the bar before it ended; totals start at zero */
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const GwChartBar *b = &chart->bars[i];

      g_assert_cmpfloat (b->end - b->start, ==, b->value);
      if (b->total)
        g_assert_cmpfloat (b->start, ==, 0);
      else
        g_assert_cmpfloat (b->start, ==, chart->bars[i - 1].end);
      if (!b->total || i == 0)
        steps += b->value;
    }
  /* the final bar is the sum of the steps, and the mean free cash flow */
  g_assert_cmpfloat (fabs (last->end - steps), <=, 1e-9 * scale);
  g_assert_cmpfloat (fabs (last->end - year_mean_sum (r, "fcf", provider, t0)), <=, 1e-9 * scale);
  g_assert_cmpfloat (fabs (chart->bars[0].end - year_mean_sum (r, "revenue", provider, t0)), <=,
                     1e-9 * scale);
  g_assert_cmpfloat (fabs (chart->bars[2].end - year_mean_sum (r, "ebitda", provider, t0)), <=,
                     1e-9 * scale);
  g_assert_cmpfloat (fabs (chart->bars[3].value + year_mean_sum (r, "interest", provider, t0)),
                     <=, 1e-9 * scale);
  g_assert_cmpfloat (fabs (chart->bars[4].value + year_mean_sum (r, "principal", provider, t0)),
                     <=, 1e-9 * scale);
  g_assert_cmpfloat (fabs (chart->bars[5].value + year_mean_sum (r, "capex", provider, t0)), <=,
                     1e-9 * scale);
}

/* The cash waterfall of one year: bars that close exactly on the mean free
 * cash flow, in the colours of their legend items, labelled, hit-tested and
 * described; a deterministic run gives the deterministic year's sums. */
static void
test_render_waterfall (void)
{
  g_autoptr(GwChart) chart = make_waterfall (results, "CoreWeave", 0);
  g_autoptr(GwChart) later = make_waterfall (results, "CoreWeave", 2028);
  g_autoptr(GwChart) outside = make_waterfall (results, "CoreWeave", 2040);
  g_autoptr(GwChart) hyper = make_waterfall (results, "Hyperscalers", 0);
  g_autoptr(GwResults) det = NULL;
  g_autoptr(GwChart) det_chart = NULL;
  g_autoptr(GError) error = NULL;
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  cairo_surface_t *s;
  GwRect plot;
  GwRgb white = { 1, 1, 1 };

  g_assert_false (gw_chart_is_temporal (chart));
  g_assert_cmpint (chart->year, ==, 2026);
  g_assert_cmpint (chart->first_quarter, ==, 0);
  check_waterfall_sums (chart, results, "CoreWeave");
  g_assert_cmpstr (chart->bars[0].label, ==, "Revenue");
  g_assert_cmpuint (gw_chart_n_items (chart), ==, 3);
  g_assert_cmpstr (gw_chart_item_label (chart, 0), ==, "Increase");
  g_assert_cmpstr (gw_chart_item_label (chart, 1), ==, "Decrease");
  g_assert_cmpstr (gw_chart_item_label (chart, 2), ==, "Total");
  {
    g_autofree char *title = gw_chart_default_title (chart);

    g_assert_cmpstr (title, ==, "CoreWeave: from revenue to free cash flow, 2026");
  }

  g_assert_cmpint (later->year, ==, 2028);
  g_assert_cmpint (later->first_quarter, ==, 8);
  check_waterfall_sums (later, results, "CoreWeave");
  g_assert_cmpuint (outside->n_bars, ==, 0);
  g_assert_cmpuint (gw_chart_n_items (outside), ==, 0);
  check_waterfall_sums (hyper, results, "Hyperscalers");
  g_assert_cmpstr (hyper->bars[0].label, ==, "Imputed rental value");

  /* each bar's middle is in its item's colour (90% over white) */
  s = render (chart, 1200, 675);
  plot = gw_chart_get_plot_area (chart);
  for (guint i = 0; i < chart->n_bars; i++)
    {
      const GwChartBar *b = &chart->bars[i];
      GwRgb c = chart->items[b->total ? 2 : b->value >= 0 ? 0 : 1].color;
      GwRgb mixed = { c.r * 0.9 + 0.1, c.g * 0.9 + 0.1, c.b * 0.9 + 0.1 };
      int x = (int) round (gw_scale_map (&chart->x, i));
      int y = (int) round (gw_chart_y_for_value (chart, (b->start + b->end) / 2));
      g_autofree char *tip = NULL;

      g_assert_cmpfloat (y, >, plot.y);
      g_assert_cmpfloat (y, <, plot.y + plot.height);
      g_assert_true (near_rgb (s, x, y, mixed, 14));
      /* beside the bar, in the gap between slots, no bar colour */
      g_assert_false (near_rgb (s, (int) round (gw_scale_map (&chart->x, i + 0.5)), y, mixed, 14));
      g_assert_cmpint (gw_chart_hit_quarter (chart, x, y), ==, (int) i);
      tip = gw_chart_describe_quarter (chart, i);
      g_assert_true (g_str_has_prefix (tip, b->label));
      g_assert_nonnull (strstr (tip, ", 2026\n"));
      g_assert_nonnull (strstr (tip, "2026Q1 to 2026Q4"));
    }
  g_assert_cmpint (gw_chart_hit_quarter (chart, plot.x - 30, plot.y + 10), ==, G_MININT);

  /* hiding the decreases leaves their slots white */
  gw_chart_set_item_visible (chart, 1, FALSE);
  cairo_surface_destroy (s);
  s = render (chart, 1200, 675);
  for (guint i = 0; i < chart->n_bars; i++)
    if (!chart->bars[i].total && chart->bars[i].value < 0)
      {
        int x = (int) round (gw_scale_map (&chart->x, i));
        int y = (int) round (gw_chart_y_for_value (chart, (chart->bars[i].start
                                                           + chart->bars[i].end) / 2));

        g_assert_true (near_rgb (s, x, y, white, 30) || near_rgb (s, x, y, chart->pal.grid, 10));
      }
  cairo_surface_destroy (s);

  /* a deterministic run: the means are the one path's values */
  opts.deterministic = TRUE;
  det = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  det_chart = make_waterfall (det, "CoreWeave", 0);
  check_waterfall_sums (det_chart, det, "CoreWeave");
  {
    int fcf = gw_plan_find_series (det->plan, "fcf", "CoreWeave");
    double sum = 0;

    for (guint t = 0; t < 4; t++)
      sum += det->det_series[fcf * det->plan->T + t];
    g_assert_cmpfloat (fabs (det_chart->bars[7].end - sum), <=, 1e-9 * fabs (sum));
  }
}

/* The new kinds as files: a PNG of the set size, a whole SVG, a CSV of the
 * bars. */
static void
test_export_finance (void)
{
  g_autoptr(GwChart) leverage = make_chart (GW_CHART_LEVERAGE, NULL, "CoreWeave", NULL);
  g_autoptr(GwChart) waterfall = make_waterfall (results, "CoreWeave", 0);
  g_autofree char *dir = g_dir_make_tmp ("gw-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "l.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "w.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "w.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_chart_export (leverage, png, GW_CHART_FORMAT_PNG, 800, 450, 192, &error));
  g_assert_no_error (error);
  check_png (png, 1600, 900, leverage->pal.cat[5]);
  g_assert_true (gw_chart_export (waterfall, svg, GW_CHART_FORMAT_SVG, 800, 450, 96, &error));
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "</svg>"));
  g_clear_pointer (&text, g_free);
  g_assert_true (gw_chart_write_csv (waterfall, csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 10);
    g_assert_cmpstr (lines[0], ==, "bar,label,year,value,start,end,total");
    g_assert_true (g_str_has_prefix (lines[1], "0,Revenue,2026,"));
    g_assert_true (g_str_has_prefix (lines[8], "7,Free cash flow to equity,2026,"));
  }
  g_unlink (png);
  g_unlink (svg);
  g_unlink (csv);
  g_rmdir (dir);
}

static char *
run_tool (const char *const *argv,
          int               *status)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, status, &error))
    return NULL;
  return g_steal_pointer (&out);
}

/* pdfinfo pads its fields; read them as numbers. */
static void
pdf_info (const char *text,
          int        *pages,
          double     *w,
          double     *h)
{
  const char *p = strstr (text, "Pages:");
  const char *z = strstr (text, "Page size:");

  g_assert_nonnull (p);
  g_assert_nonnull (z);
  *pages = atoi (p + strlen ("Pages:"));
  g_assert_cmpint (sscanf (z + strlen ("Page size:"), " %lf x %lf", w, h), ==, 2);
}

static void
test_export (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "revenue", "CoreWeave", NULL);
  g_autofree char *dir = g_dir_make_tmp ("gw-chart-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "c.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *back = g_build_filename (dir, "back.png", NULL);
  g_autofree char *csv = g_build_filename (dir, "c.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *rsvg_convert = g_find_program_in_path ("rsvg-convert");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *img;
  int status;

  g_assert_true (gw_chart_export (chart, png, GW_CHART_FORMAT_PNG, 800, 450, 192, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 900);
  cairo_surface_destroy (img);

  g_assert_true (gw_chart_export (chart, svg, GW_CHART_FORMAT_SVG, 800, 450, 96, &error));
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "width=\"800px\""));
  g_clear_pointer (&text, g_free);
  g_assert_true (gw_chart_export (chart, pdf, GW_CHART_FORMAT_PDF, 842, 595, 96, &error));
  g_assert_true (gw_chart_write_csv (chart, csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "item,quarter,t,mean,sd,p5"));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, results->plan->T + 2);
    g_assert_true (g_str_has_prefix (lines[1], "revenue,2026Q1,0,"));
  }
  g_clear_pointer (&text, g_free);

  if (rsvg_convert == NULL || pdfinfo == NULL)
    {
      g_test_skip ("rsvg-convert or pdfinfo is not installed");
      return;
    }
  {
    const char *argv[] = { "rsvg-convert", "-o", back, svg, NULL };

    g_free (run_tool (argv, &status));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    /* The rendered SVG shows the median's blue. */
    check_png (back, 800, 450, chart->pal.cat[0]);
  }
  {
    const char *argv[] = { "pdfinfo", pdf, NULL };

    int pages;
    double w, h;

    text = run_tool (argv, &status);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    pdf_info (text, &pages, &w, &h);
    g_assert_cmpint (pages, ==, 1);
    g_assert_cmpfloat (w, ==, 842);
    g_assert_cmpfloat (h, ==, 595);
    g_clear_pointer (&text, g_free);
  }
  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (png);
  g_unlink (back);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_describe (void)
{
  g_autoptr(GwChart) chart = make_chart (GW_CHART_FAN, "price", NULL, NULL);
  cairo_surface_t *s = render (chart, 900, 500);
  g_autofree char *text = gw_chart_describe_quarter (chart, 4);
  g_autofree char *med = gw_format_unit_value (GW_UNIT_PRICE,
                                               gw_chart_summaries (results, GW_S_PRICE)[4].q[GW_Q_P50]);
  g_autofree char *before = gw_chart_describe_quarter (chart, -1);

  g_assert_true (g_str_has_prefix (text, "2027Q1\n"));
  g_assert_nonnull (strstr (text, med));
  g_assert_true (g_str_has_prefix (before, "2025Q4\nActual: $1.70/h"));
  cairo_surface_destroy (s);
}

/* The window points a per-provider chart at another provider by passing
 * back the chart's own spec, whose strings are the chart's: they must be
 * copied before the old ones go. */
static void
test_set_own_spec (void)
{
  g_autoptr(GwChart) chart = gw_chart_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  spec.series = "revenue";
  spec.provider = "CoreWeave";
  spec.scalar = "npv";
  spec.title = "A chart of revenue";
  gw_chart_set_spec (chart, &spec);
  gw_chart_set_results (chart, results);
  spec = *gw_chart_get_spec (chart);
  gw_chart_set_spec (chart, &spec);
  g_assert_cmpstr (gw_chart_get_spec (chart)->series, ==, "revenue");
  g_assert_cmpstr (gw_chart_get_spec (chart)->provider, ==, "CoreWeave");
  g_assert_cmpstr (gw_chart_get_spec (chart)->scalar, ==, "npv");
  g_assert_cmpstr (gw_chart_get_spec (chart)->title, ==, "A chart of revenue");

  spec = *gw_chart_get_spec (chart);
  spec.title = NULL;
  gw_chart_set_spec (chart, &spec);
  before = gw_chart_describe (chart);
  spec = *gw_chart_get_spec (chart);
  spec.provider = "Lambda";
  gw_chart_set_spec (chart, &spec);
  after = gw_chart_describe (chart);
  g_assert_cmpstr (gw_chart_get_spec (chart)->series, ==, "revenue");
  g_assert_cmpstr (gw_chart_get_spec (chart)->provider, ==, "Lambda");
  g_assert_true (g_str_has_prefix (before, "CoreWeave: "));
  g_assert_true (g_str_has_prefix (after, "Lambda: "));
}

/* Log ticks: powers of ten over many decades; 1, 2, 5 over few, trimmed to
 * one tick either side of the range; the scale maps decades evenly. */
static void
test_ticks_log (void)
{
  double t[GW_MAX_TICKS], lo, hi;
  guint n;
  GwScale y = { 0.01, 1000, 500, 0, TRUE };

  n = gw_log_ticks (0.03, 700, t, &lo, &hi);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (t[0], ==, 0.01);
  g_assert_cmpfloat_with_epsilon (t[5], 1000, 1e-9);
  g_assert_cmpfloat (lo, ==, t[0]);
  g_assert_cmpfloat (hi, ==, t[n - 1]);

  n = gw_log_ticks (1.5, 40, t, NULL, NULL);
  /* 1 2 5 10 20 50 */
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (t[0], ==, 1);
  g_assert_cmpfloat_with_epsilon (t[1], 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (t[5], 50, 1e-9);

  g_assert_cmpfloat_with_epsilon (gw_scale_map (&y, 0.01), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_scale_map (&y, 1000), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_scale_map (&y, 1), 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_scale_invert (&y, 300), 1, 1e-9);
}

/* Captions: readable at the report's size and in a small card (9.5 units
 * at least), wrapped within the chart and never cut off; they name the
 * inputs that move the chart and cite those inputs' sources, not every
 * row's. */
static void
test_captions (void)
{
  static const struct { GwChartKind kind; const char *series, *provider, *scalar; } charts[] = {
    { GW_CHART_FAN, "price", NULL, NULL },
    { GW_CHART_STACKED, "supply", NULL, NULL },
    { GW_CHART_FAN, "revenue", "CoreWeave", NULL },
    { GW_CHART_LEVERAGE, "dscr", "CoreWeave", NULL },
    { GW_CHART_TORNADO, NULL, "CoreWeave", "npv" },
    { GW_CHART_HISTOGRAM, NULL, "CoreWeave", "min_dscr" },
  };
  static const double sizes[][2] = { { 794, 530 }, { 560, 420 } };

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      {
        g_autoptr(GwChart) chart = make_chart (charts[i].kind, charts[i].series,
                                               charts[i].provider, charts[i].scalar);
        double w = sizes[z][0], h = sizes[z][1];
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 10, 10);
        cairo_t *cr = cairo_create (surface);
        g_autofree char *text = NULL;
        g_autoptr(PangoLayout) l = NULL;
        const PangoFontDescription *desc;
        int lw, lh;

        gw_chart_draw (chart, cr, w, h);
        text = gw_chart_sources (chart);
        g_test_message ("%s: %s", charts[i].series ? charts[i].series : charts[i].scalar, text);
        l = gw_chart_footnote_layout (chart, cr, text, w - 2 * chart->font * 1.7, h);
        desc = pango_layout_get_font_description (l);
        g_assert_cmpfloat ((double) pango_font_description_get_size (desc) / PANGO_SCALE, >=,
                           9.5);
        g_assert_false (pango_layout_is_ellipsized (l));
        pango_layout_get_pixel_size (l, &lw, &lh);
        g_assert_cmpint (lw, <=, w);
        g_assert_cmpint (lh, <=, h / 3);

        /* the inputs that move it, by name, and their sources only */
        g_assert_nonnull (strstr (text, "Moved most by "));
        g_assert_nonnull (strstr (text, "Token growth"));
        g_assert_nonnull (strstr (text, "token growth 5x"));
        g_assert_null (strstr (text, "Gigawatt built-in scenario"));
        g_assert_null (strstr (text, "PUE 1.2"));
        if (charts[i].provider == NULL)
          g_assert_null (strstr (text, "CoreWeave"));
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

/* A raw double in text: a digit, a point and seven digits or more
 * ("2.3500000000000001"), or an exponent ("1e+09"). */
static gboolean
has_raw_float (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("[0-9]\\.[0-9]{7,}|[0-9]e[+-][0-9]", 0, 0, NULL);

  return g_regex_match (re, text, 0, NULL);
}

/* The report: its pages, what they say, with units and no raw floats;
 * written whole through the safe save (no temporary file left beside). */
static void
test_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-report-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "r.pdf", NULL);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  int status;

  pdf = gw_report_render (scenario, boom, NULL, "2026-05-01", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  g_assert_true (gw_report_write (scenario, results, NULL, report, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
  if (pdfinfo == NULL || pdftotext == NULL)
    {
      g_test_skip ("pdfinfo or pdftotext is not installed");
      g_unlink (report);
      g_rmdir (dir);
      return;
    }
  {
    const char *argv[] = { "pdfinfo", report, NULL };
    int pages;
    double w, h;

    text = run_tool (argv, &status);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    pdf_info (text, &pages, &w, &h);
    g_assert_cmpint (pages, >=, 14);
    g_assert_cmpfloat (w, ==, 842);
    g_assert_cmpfloat (h, ==, 595);
    g_clear_pointer (&text, g_free);
  }
  {
    const char *argv[] = { "pdftotext", report, "-", NULL };

    text = run_tool (argv, &status);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    /* lines wrap where they will: read the text as one line */
    g_strdelimit (text, "\n", ' ');
  }
  g_assert_nonnull (strstr (text, "Baseline 2026"));
  g_assert_nonnull (strstr (text, "Headline numbers"));
  /* the price at start with its unit; the debt as money, its range once */
  g_assert_nonnull (strstr (text, "Price at start: $2.35/H100e-h"));
  g_assert_nonnull (strstr (text, "Debt: $18B ($16–21B, triangular)"));
  g_assert_nonnull (strstr (text, "Interest rate: 9.5%/year (8–11%/year, triangular)"));
  /* charts, and their captions in full */
  g_assert_nonnull (strstr (text, "GPU-hour price"));
  g_assert_nonnull (strstr (text, "What moves CoreWeave’s NPV"));
  g_assert_null (strstr (text, "…"));
  g_assert_false (has_raw_float (text));
  g_assert_null (strstr (text, "triangular(")); /* the model's syntax is for typing */
  g_unlink (report);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  scenario = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  opts.paths = 2000;
  results = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  opts.variant = "Inference boom";
  boom = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/gw/chart/ticks/small-range", test_ticks_small);
  g_test_add_func ("/gw/chart/ticks/large-range", test_ticks_large);
  g_test_add_func ("/gw/chart/ticks/negative-to-positive", test_ticks_negative);
  g_test_add_func ("/gw/chart/ticks/log", test_ticks_log);
  g_test_add_func ("/gw/chart/band/ordered", test_band_order);
  g_test_add_func ("/gw/chart/hit/quarter", test_hit_quarter);
  g_test_add_func ("/gw/chart/render/fan", test_render_fan);
  g_test_add_func ("/gw/chart/render/selected-distribution", test_render_selected_distribution);
  g_test_add_func ("/gw/chart/render/stacked", test_render_stacked);
  g_test_add_func ("/gw/chart/render/histogram", test_render_histogram);
  g_test_add_func ("/gw/chart/render/tornado", test_render_tornado);
  g_test_add_func ("/gw/chart/render/compare-and-lines", test_render_compare_lines);
  g_test_add_func ("/gw/chart/render/anchor", test_render_anchor);
  g_test_add_func ("/gw/chart/imputed-and-neoclouds", test_imputed_and_neoclouds);
  g_test_add_func ("/gw/chart/render/leverage", test_render_leverage);
  g_test_add_func ("/gw/chart/render/waterfall", test_render_waterfall);
  g_test_add_func ("/gw/chart/export/finance", test_export_finance);
  g_test_add_func ("/gw/chart/describe", test_describe);
  g_test_add_func ("/gw/chart/set-own-spec", test_set_own_spec);
  g_test_add_func ("/gw/chart/export", test_export);
  g_test_add_func ("/gw/chart/report", test_report);
  g_test_add_func ("/gw/chart/captions", test_captions);
  ret = g_test_run ();
  gw_results_unref (results);
  gw_results_unref (boom);
  gw_scenario_free (scenario);
  return ret;
}
