/* test-chart-card.c: the window's chart cards (needs a display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"
#include "gw-explore.h"
#include "gw-chart-slot.h"

static GwScenario *scenario;
static GwResults *results;

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
wait_for_width (GtkWidget *widget)
{
  for (int i = 0; i < 2000 && gtk_widget_get_width (widget) < 100; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpint (gtk_widget_get_width (widget), >=, 100);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_card_properties (void)
{
  GtkWidget *card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_REVENUE,
                                                               "CoreWeave"));
  GtkWidget *market = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PRICE_FAN,
                                                                 "CoreWeave"));
  GwChartView *view;
  GwChartView *market_view = gw_chart_card_get_view (GW_CHART_CARD (market));
  const GwChartSpec *spec;
  GwChartSlot slot;
  g_autofree char *provider = NULL;
  GwResults *shown = NULL;
  guint notified = 0;

  g_assert_true (GW_IS_CHART_CARD (card));
  g_object_get (card, "slot", &slot, "provider", &provider, "view", &view, NULL);
  g_assert_cmpint (slot, ==, GW_SLOT_PROVIDER_REVENUE);
  g_assert_cmpstr (provider, ==, "CoreWeave");
  g_assert_true (view == gw_chart_card_get_view (GW_CHART_CARD (card)));
  g_object_unref (view);
  spec = gw_chart_view_get_spec (view);
  g_assert_cmpint (spec->kind, ==, GW_CHART_FAN);
  g_assert_cmpstr (spec->series, ==, "revenue");
  g_assert_cmpstr (spec->provider, ==, "CoreWeave");
  g_assert_null (gw_chart_view_get_spec (market_view)->provider);

  g_signal_connect (card, "notify::results", G_CALLBACK (count_cb), &notified);
  gw_chart_slot_set_results (card, results, scenario);
  g_assert_true (gw_chart_view_get_results (view) == results);
  g_object_get (card, "results", &shown, NULL);
  g_assert_true (shown == results);
  gw_chart_slot_set_results (card, results, scenario);
  g_assert_cmpuint (notified, ==, 1);

  /* the focus provider: the per-provider chart follows, keeping its series;
   * the market chart stays the market's */
  gw_chart_slot_set_provider (card, "Lambda");
  gw_chart_slot_set_provider (market, "Lambda");
  spec = gw_chart_view_get_spec (view);
  g_assert_cmpstr (spec->series, ==, "revenue");
  g_assert_cmpstr (spec->provider, ==, "Lambda");
  g_assert_cmpstr (gw_chart_card_get_provider (GW_CHART_CARD (card)), ==, "Lambda");
  g_assert_null (gw_chart_view_get_spec (market_view)->provider);
  gw_chart_slot_set_provider (card, "");
  g_assert_cmpstr (gw_chart_view_get_spec (view)->provider, ==, "Lambda");

  g_object_set (card, "results", NULL, NULL);
  g_assert_null (gw_chart_view_get_results (view));
  g_assert_cmpuint (notified, ==, 2);
  g_object_unref (market);
  g_object_unref (card);
}

/* The card as the window built it before it was a widget type: an overlay
 * with the view and the export button. */
static GtkWidget *
old_card (GwChartSlot slot)
{
  GtkWidget *card = gtk_overlay_new ();
  GtkWidget *view = gw_chart_view_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *export = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  g_assert_cmpint (slot, ==, GW_SLOT_MIN_DSCR);
  spec.kind = GW_CHART_HISTOGRAM;
  spec.scalar = "min_dscr";
  spec.provider = "CoreWeave";
  spec.has_threshold = TRUE;
  spec.threshold = 1.0;
  spec.below = TRUE;
  gw_chart_view_set_spec (GW_CHART_VIEW (view), &spec);
  gtk_widget_set_size_request (view, 200, 260);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_widget_set_overflow (card, GTK_OVERFLOW_HIDDEN);
  gtk_overlay_set_child (GTK_OVERLAY (card), view);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_add_css_class (copy, "chart-export");
  gtk_widget_set_halign (copy, GTK_ALIGN_END);
  gtk_widget_set_valign (copy, GTK_ALIGN_START);
  gtk_widget_set_margin_top (copy, 4);
  gtk_widget_set_margin_end (copy, 42);
  gtk_overlay_add_overlay (GTK_OVERLAY (card), copy);
  gtk_widget_add_css_class (export, "flat");
  gtk_widget_add_css_class (export, "chart-export");
  gtk_widget_set_halign (export, GTK_ALIGN_END);
  gtk_widget_set_valign (export, GTK_ALIGN_START);
  gtk_widget_set_margin_top (export, 4);
  gtk_widget_set_margin_end (export, 4);
  gtk_overlay_add_overlay (GTK_OVERLAY (card), export);
  gw_chart_view_set_scenario (GW_CHART_VIEW (view), scenario);
  gw_chart_view_set_results (GW_CHART_VIEW (view), results);
  return card;
}

static guchar *
render (GtkWidget *widget,
        int       *width,
        int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

/* The card paints what the window's overlay painted, pixel for pixel. */
static void
test_card_pixels (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *card = gw_window_create_chart (GW_SLOT_MIN_DSCR, "CoreWeave");
  GtkWidget *old = old_card (GW_SLOT_MIN_DSCR);
  g_autofree guchar *a = NULL;
  g_autofree guchar *b = NULL;
  int wa, ha, wb, hb;
  gsize differ = 0;

  gw_chart_slot_set_results (card, results, scenario);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), card);
  gtk_box_append (GTK_BOX (box), old);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 420);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_width (card);

  a = render (card, &wa, &ha);
  b = render (old, &wb, &hb);
  g_assert_cmpint (wa, ==, wb);
  g_assert_cmpint (ha, ==, hb);
  for (gsize i = 0; i < (gsize) wa * ha * 4; i++)
    differ += a[i] != b[i];
  g_assert_cmpuint (differ, ==, 0);
  /* and it is a chart, not an empty card */
  {
    g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);

    for (gsize i = 0; i < (gsize) wa * ha; i++)
      {
        guint32 px;

        memcpy (&px, a + 4 * i, 4);
        g_hash_table_add (colors, GUINT_TO_POINTER (px));
      }
    g_assert_cmpuint (g_hash_table_size (colors), >, 20);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}


/* Choosing Nebius's DSCR on a card: the chart shows it, says so, and a
 * provider chosen on the card wins over the window's focus. */
static void
test_card_choose (void)
{
  GtkWidget *card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_REVENUE,
                                                               "CoreWeave"));
  GtkWidget *hist = g_object_ref_sink (gw_window_create_chart (GW_SLOT_MIN_DSCR,
                                                               "CoreWeave"));
  GwChartView *view = gw_chart_card_get_view (GW_CHART_CARD (card));
  GwChart *chart = gw_chart_view_get_chart (view);
  const GwChartSpec *spec;
  g_autofree char *text = NULL;

  gw_chart_slot_set_results (card, results, scenario);
  gw_chart_slot_set_results (hist, results, scenario);
  g_assert_cmpint (gw_plan_find_series (results->plan, "dscr", "Nebius"), >=, 0);
  gw_chart_card_choose (GW_CHART_CARD (card), "dscr", "Nebius");
  spec = gw_chart_view_get_spec (view);
  g_assert_cmpint (spec->kind, ==, GW_CHART_FAN);
  g_assert_cmpstr (spec->series, ==, "dscr");
  g_assert_cmpstr (spec->provider, ==, "Nebius");
  g_assert_cmpstr (gw_chart_card_get_choice (GW_CHART_CARD (card)), ==, "dscr");
  text = gw_chart_describe (chart);
  g_assert_nonnull (strstr (text, "Nebius"));
  g_assert_null (strstr (text, "CoreWeave"));

  /* the focus moves; the card keeps its own provider */
  gw_chart_slot_set_provider (card, "Lambda");
  g_assert_cmpstr (gw_chart_view_get_spec (view)->provider, ==, "Nebius");
  /* back to following the focus */
  gw_chart_card_choose (GW_CHART_CARD (card), "dscr", NULL);
  g_assert_cmpstr (gw_chart_view_get_spec (view)->provider, ==, "Lambda");
  /* a market series has no provider */
  gw_chart_card_choose (GW_CHART_CARD (card), "price", NULL);
  g_assert_cmpstr (gw_chart_view_get_spec (view)->series, ==, "price");
  g_assert_null (gw_chart_view_get_spec (view)->provider);
  /* and the slot's own again */
  gw_chart_card_choose (GW_CHART_CARD (card), NULL, NULL);
  g_assert_cmpstr (gw_chart_view_get_spec (view)->series, ==, "revenue");
  g_assert_cmpstr (gw_chart_view_get_spec (view)->provider, ==, "Lambda");

  /* a histogram chooses among the per-path scalars */
  gw_chart_card_choose (GW_CHART_CARD (hist), "npv", "Nebius");
  spec = gw_chart_view_get_spec (gw_chart_card_get_view (GW_CHART_CARD (hist)));
  g_assert_cmpint (spec->kind, ==, GW_CHART_HISTOGRAM);
  g_assert_cmpstr (spec->scalar, ==, "npv");
  g_assert_cmpstr (spec->provider, ==, "Nebius");
  g_assert_false (spec->has_threshold);
  gw_chart_card_choose (GW_CHART_CARD (hist), "price_horizon", NULL);
  spec = gw_chart_view_get_spec (gw_chart_card_get_view (GW_CHART_CARD (hist)));
  g_assert_cmpstr (spec->scalar, ==, "price_horizon");
  g_assert_null (spec->provider);

  /* a lines chart of the neoclouds chooses among the provider series */
  {
    GtkWidget *lines = g_object_ref_sink (gw_window_create_chart (GW_SLOT_REVENUE_LINES,
                                                                  "CoreWeave"));
    GwChartView *lines_view = gw_chart_card_get_view (GW_CHART_CARD (lines));

    gw_chart_slot_set_results (lines, results, scenario);
    gw_chart_card_choose (GW_CHART_CARD (lines), "dscr", NULL);
    g_assert_cmpint (gw_chart_view_get_spec (lines_view)->kind, ==, GW_CHART_LINES);
    g_assert_cmpstr (gw_chart_view_get_spec (lines_view)->series, ==, "dscr");
    g_assert_null (gw_chart_view_get_spec (lines_view)->provider);
    gw_chart_card_choose (GW_CHART_CARD (lines), NULL, NULL);
    g_object_unref (lines);
  }
  g_object_unref (hist);
  g_object_unref (card);
}

/* Hiding a legend item rescales the value axis to what is left. */
static void
test_card_hide_rescales (void)
{
  GtkWidget *card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_REVENUE,
                                                               "CoreWeave"));
  GwChart *chart = gw_chart_view_get_chart (gw_chart_card_get_view (GW_CHART_CARD (card)));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  cairo_t *cr = cairo_create (surface);
  double lo, hi, lo2, hi2;
  int band = -1;

  gw_chart_slot_set_results (card, results, scenario);
  g_assert_false (gw_chart_get_value_range (chart, &lo, &hi));
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo, &hi));
  /* the outer band, 5th to 95th percentile, is the widest item */
  for (guint i = 0; i < gw_chart_n_items (chart); i++)
    if (strstr (gw_chart_item_label (chart, i), "95") != NULL)
      band = i;
  g_assert_cmpint (band, >=, 0);
  gw_chart_set_item_visible (chart, band, FALSE);
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo2, &hi2));
  g_assert_cmpfloat (hi2 - lo2, <, hi - lo);
  g_assert_cmpfloat (hi2, <, hi);
  gw_chart_set_item_visible (chart, band, TRUE);
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo2, &hi2));
  g_assert_cmpfloat (lo2, ==, lo);
  g_assert_cmpfloat (hi2, ==, hi);
  g_object_unref (card);

  /* and a lines chart: the neoclouds' revenue without the largest */
  card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_REVENUE_LINES, "CoreWeave"));
  chart = gw_chart_view_get_chart (gw_chart_card_get_view (GW_CHART_CARD (card)));
  gw_chart_slot_set_results (card, results, scenario);
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo, &hi));
  band = -1;
  for (guint i = 0; i < gw_chart_n_items (chart); i++)
    if (g_str_equal (gw_chart_item_label (chart, i), "CoreWeave"))
      band = i;
  g_assert_cmpint (band, >=, 0);
  gw_chart_set_item_visible (chart, band, FALSE);
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo2, &hi2));
  g_assert_cmpfloat (hi2, <, hi);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (card);
}

/* A log scale: offered for a fan whose values are all above zero, drawn
 * with each decade the same height; refused where a value is at or below
 * zero, where the axis stays linear. */
static void
test_card_log_scale (void)
{
  GtkWidget *card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_REVENUE,
                                                               "CoreWeave"));
  GtkWidget *hist = g_object_ref_sink (gw_window_create_chart (GW_SLOT_MIN_DSCR, "CoreWeave"));
  GwChartView *view = gw_chart_card_get_view (GW_CHART_CARD (card));
  GwChart *chart = gw_chart_view_get_chart (view);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  cairo_t *cr = cairo_create (surface);
  int x = gw_plan_find_series (results->plan, "fcf", "CoreWeave");
  double lo, hi, linear_lo, linear_hi;

  gw_chart_slot_set_results (card, results, scenario);
  gw_chart_slot_set_results (hist, results, scenario);
  g_assert_false (gw_chart_card_can_log (GW_CHART_CARD (hist)));

  gw_chart_card_choose (GW_CHART_CARD (card), "price", NULL);
  g_assert_true (gw_chart_card_can_log (GW_CHART_CARD (card)));
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &linear_lo, &linear_hi));
  g_assert_cmpfloat (linear_lo, ==, 0);   /* a price's linear axis starts at zero */
  gw_chart_card_set_log_scale (GW_CHART_CARD (card), TRUE);
  g_assert_true (gw_chart_view_get_spec (view)->log_scale);
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo, &hi));
  g_assert_cmpfloat (lo, >, 0);
  /* each decade the same height */
  g_assert_cmpfloat_with_epsilon (gw_chart_y_for_value (chart, 1) - gw_chart_y_for_value (chart, 10),
                                  gw_chart_y_for_value (chart, 0.1) - gw_chart_y_for_value (chart, 1),
                                  1e-6);
  g_assert_cmpfloat (gw_chart_y_for_value (chart, 1) - gw_chart_y_for_value (chart, 10), >, 0);

  /* free cash flow goes below zero on some paths: no log scale, though asked */
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpfloat (gw_results_summary (results, x, 0)->q[0], <=, 0);
  gw_chart_card_choose (GW_CHART_CARD (card), "fcf", NULL);
  g_assert_false (gw_chart_can_log (chart));
  g_assert_false (gw_chart_card_can_log (GW_CHART_CARD (card)));
  gw_chart_draw (chart, cr, 640, 400);
  g_assert_true (gw_chart_get_value_range (chart, &lo, &hi));
  g_assert_cmpfloat (lo, <, 0);
  g_assert_cmpfloat_with_epsilon ((gw_chart_y_for_value (chart, lo) + gw_chart_y_for_value (chart, hi)) / 2,
                                  gw_chart_y_for_value (chart, (lo + hi) / 2), 1e-6);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (hist);
  g_object_unref (card);
}

/* The choice is the document's, per slot: a card of the slot given the
 * document shows it, a card of the slot that is already there follows it,
 * choosing the slot's own again forgets it, and a choice the card does not
 * offer (a file's, from a newer Gigawatt) shows the slot's own. */
static void
test_card_remembered (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (gw_scenario_copy (scenario));
  GtkWidget *a, *b;
  const GwChartSpec *spec;
  const char *output, *provider;
  gboolean log_scale;

  a = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_EBITDA, "CoreWeave"));
  gw_chart_card_set_document (GW_CHART_CARD (a), doc);
  gw_chart_slot_set_results (a, results, scenario);
  g_assert_false (gw_document_get_dirty (doc));
  gw_chart_card_choose (GW_CHART_CARD (a), "dscr", "Nebius");
  g_assert_true (gw_document_get_chart_choice (doc, "provider-ebitda", &output, &provider,
                                               &log_scale));
  g_assert_cmpstr (output, ==, "dscr");
  g_assert_cmpstr (provider, ==, "Nebius");
  g_assert_false (log_scale);
  g_assert_true (gw_document_get_dirty (doc));
  g_assert_false (gw_document_can_undo (doc));

  b = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PROVIDER_EBITDA, "CoreWeave"));
  gw_chart_slot_set_results (b, results, scenario);
  gw_chart_card_set_document (GW_CHART_CARD (b), doc);
  spec = gw_chart_view_get_spec (gw_chart_card_get_view (GW_CHART_CARD (b)));
  g_assert_cmpstr (spec->series, ==, "dscr");
  g_assert_cmpstr (spec->provider, ==, "Nebius");

  /* a log scale asked for on one card is the other's too */
  gw_chart_card_set_log_scale (GW_CHART_CARD (b), TRUE);
  g_assert_true (gw_chart_card_get_log_scale (GW_CHART_CARD (a)));

  gw_chart_card_choose (GW_CHART_CARD (b), NULL, NULL);
  gw_chart_card_set_log_scale (GW_CHART_CARD (b), FALSE);
  spec = gw_chart_view_get_spec (gw_chart_card_get_view (GW_CHART_CARD (a)));
  g_assert_cmpstr (spec->series, ==, "ebitda");
  g_assert_cmpstr (spec->provider, ==, "CoreWeave");
  g_assert_false (gw_document_get_chart_choice (doc, "provider-ebitda", NULL, NULL, NULL));

  /* the document's choice of an output no card offers, or of a provider
   * the run does not have: the card shows its own, and the choice stays */
  gw_document_set_chart_choice (doc, "provider-ebitda", "margin_of_a_later_version", "Gone",
                                FALSE);
  spec = gw_chart_view_get_spec (gw_chart_card_get_view (GW_CHART_CARD (a)));
  g_assert_cmpstr (spec->series, ==, "ebitda");
  g_assert_cmpstr (spec->provider, ==, "CoreWeave");
  g_assert_true (gw_chart_view_get_chart (gw_chart_card_get_view (GW_CHART_CARD (a))) != NULL);
  g_assert_cmpuint (gw_chart_n_items (gw_chart_view_get_chart (gw_chart_card_get_view (
                                                                 GW_CHART_CARD (a)))), >, 0);
  g_assert_cmpstr (gw_chart_card_get_choice (GW_CHART_CARD (a)), ==, "margin_of_a_later_version");
  g_assert_true (gw_document_get_chart_choice (doc, "provider-ebitda", &output, NULL, NULL));
  g_assert_cmpstr (output, ==, "margin_of_a_later_version");

  /* a card without a document keeps its choice to itself */
  gw_chart_card_set_document (GW_CHART_CARD (b), NULL);
  gw_chart_card_choose (GW_CHART_CARD (b), "fcf", NULL);
  g_assert_cmpstr (gw_document_get_chart_choice (doc, "provider-ebitda", &output, NULL, NULL)
                   ? output : NULL, ==, "margin_of_a_later_version");
  g_object_unref (b);
  g_object_unref (a);
}

/* The choices of a view as a file holds them, checked against what the
 * cards of each slot offer: an output a slot's cards cannot show is named
 * in a message; the others, and slots of a later version, are not. */
static void
test_card_check_view (void)
{
  g_autoptr(GwView) view = gw_view_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  gw_view_set_chart (view, "price-fan", "dscr", "Nebius", FALSE);
  gw_view_set_chart (view, "min-dscr", "npv", NULL, FALSE);
  gw_view_set_chart (view, "revenue-lines", "ebitda", NULL, FALSE);
  gw_view_set_chart (view, "provider-revenue", NULL, NULL, TRUE);
  gw_view_set_chart (view, "slot-of-a-later-version", "anything", NULL, FALSE);
  gw_chart_card_check_view (view, scenario, "a.gigawatt", warnings);
  g_assert_cmpuint (warnings->len, ==, 0);

  gw_view_set_chart (view, "min-dscr", "dscr", NULL, FALSE);       /* a series, not a scalar */
  gw_view_set_chart (view, "revenue-lines", "price", NULL, FALSE); /* a market series */
  gw_view_set_chart (view, "price-fan", "nonexistent", NULL, FALSE);
  gw_view_set_chart (view, "leverage", "dscr", NULL, FALSE);       /* no chooser there */
  gw_chart_card_check_view (view, scenario, "a.gigawatt", warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s", (char *) warnings->pdata[i]);
  g_assert_cmpuint (warnings->len, ==, 4);
  g_assert_cmpstr (warnings->pdata[0], ==, "“a.gigawatt”, view, chart “price-fan”: “nonexistent” "
                   "is not an output this chart can show; it shows its own");
}

static void
line_changed_cb (GwChartView *view,
                 guint       *count)
{
  (*count)++;
}

static double
stat_below (const char *quarter,
            const char *statistic)
{
  g_auto(GwStatistic) stat = { 0 };
  g_autofree char *output = g_strdup_printf ("price:%s", quarter);
  g_autoptr(GError) error = NULL;
  double value = NAN;

  g_assert_true (gw_statistic_parse (&stat, output, statistic, &error));
  g_assert_true (gw_statistic_eval (&stat, results, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* The price fan's threshold line: the probability at a hovered quarter
 * comes from a worker, equals gw_statistic_eval's, and a moved line only
 * counts the kept column again. */
static void
test_card_threshold (void)
{
  GtkWidget *card = g_object_ref_sink (gw_window_create_chart (GW_SLOT_PRICE_FAN, "CoreWeave"));
  GwChartView *view = gw_chart_card_get_view (GW_CHART_CARD (card));
  GwChart *chart = gw_chart_view_get_chart (view);
  const char *tooltip;
  guint changed = 0;
  double p = NAN, value;
  int q, t;

  gw_chart_slot_set_results (card, results, scenario);
  g_signal_connect (view, "threshold-line-changed", G_CALLBACK (line_changed_cb), &changed);
  g_assert_false (gw_chart_view_get_threshold_line (view, NULL));
  gw_chart_view_set_threshold_line (view, TRUE, 1.5);
  gw_chart_view_set_threshold_line (view, TRUE, 1.5);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (gw_chart_view_get_threshold_line (view, &value));
  g_assert_cmpfloat (value, ==, 1.5);

  g_assert_true (gw_quarter_parse ("2030Q4", &q));
  t = q - scenario->info.start;
  gw_chart_view_hover_quarter (view, t);
  /* replayed on a worker: not there at once */
  g_assert_false (gw_chart_get_threshold_probability (chart, t, &p));
  for (int i = 0; i < 20000 && !gw_chart_get_threshold_probability (chart, t, &p); i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (500);
  g_assert_true (gw_chart_get_threshold_probability (chart, t, &p));
  g_assert_cmpfloat (p, ==, stat_below ("2030Q4", "P(<1.5)"));
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (view));
  g_test_message ("%s", tooltip);
  g_assert_nonnull (strstr (tooltip, "P(price < $1.50/h at 2030Q4) = "));

  /* the column is kept: moving the line counts at once */
  gw_chart_view_set_threshold_line (view, TRUE, 2.0);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (gw_chart_get_threshold_probability (chart, t, &p));
  g_assert_cmpfloat (p, ==, stat_below ("2030Q4", "P(<2)"));

  gw_chart_view_set_threshold_line (view, FALSE, 2.0);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_false (gw_chart_view_get_threshold_line (view, NULL));
  g_assert_false (gw_chart_get_threshold_probability (chart, t, &p));

  /* the menu's toggle puts it back where it was; another output takes it away */
  gw_chart_view_set_threshold_line (view, TRUE, NAN);
  g_assert_true (gw_chart_view_get_threshold_line (view, &value));
  g_assert_cmpfloat (value, ==, 2.0);
  g_assert_cmpuint (changed, ==, 4);
  gw_chart_card_choose (GW_CHART_CARD (card), "utilization", NULL);
  g_assert_cmpuint (changed, ==, 5);
  g_assert_false (gw_chart_view_get_threshold_line (view, NULL));
  g_object_unref (card);
}

int
main (int    argc,
      char **argv)
{
  GwRunOptions opts = GW_RUN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  scenario = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  opts.paths = 500;
  results = gw_run (scenario, &opts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/gw/chart-card/properties", test_card_properties);
  g_test_add_func ("/gw/chart-card/pixels", test_card_pixels);
  g_test_add_func ("/gw/chart-card/choose", test_card_choose);
  g_test_add_func ("/gw/chart-card/hide-rescales", test_card_hide_rescales);
  g_test_add_func ("/gw/chart-card/log-scale", test_card_log_scale);
  g_test_add_func ("/gw/chart-card/remembered", test_card_remembered);
  g_test_add_func ("/gw/chart-card/check-view", test_card_check_view);
  g_test_add_func ("/gw/chart-card/threshold", test_card_threshold);
  ret = g_test_run ();
  gw_results_unref (results);
  gw_scenario_free (scenario);
  return ret;
}
