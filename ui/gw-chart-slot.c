/* gw-chart-slot.c: where the charts go
 *
 * PLACEHOLDER until ui/chart's GwChartView lands: a card with the chart's
 * title and a plain fan (P10-P90, P25-P75, median) drawn from the results,
 * so that the window shows its results meanwhile. Replace the body of
 * gw_window_create_chart() and gw_chart_slot_set_results() with GwChartView.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-slot.h"

typedef struct
{
  GwChartKind kind;
  char       *provider;
  GwResults  *results;
} Slot;

static void
slot_free (Slot *slot)
{
  g_free (slot->provider);
  g_clear_pointer (&slot->results, gw_results_unref);
  g_free (slot);
}

static const struct
{
  const char *series[2];
  gboolean    per_provider;
  const char *title;
} kinds[] = {
  [GW_CHART_PRICE_FAN] = { { "price", NULL }, FALSE, N_("GPU-hour price") },
  [GW_CHART_SUPPLY_DEMAND] = { { "demand", "supply" }, FALSE, N_("Supply and demand") },
  [GW_CHART_PROVIDER_REVENUE] = { { "revenue", NULL }, TRUE, N_("Revenue of %s") },
  [GW_CHART_PROVIDER_EBITDA] = { { "ebitda", NULL }, TRUE, N_("EBITDA of %s") },
  [GW_CHART_PROVIDER_DSCR] = { { "dscr", NULL }, TRUE, N_("Debt service coverage of %s") },
  [GW_CHART_UTILIZATION] = { { "utilization", NULL }, FALSE, N_("Utilization") },
  [GW_CHART_SHORTAGE] = { { "shortage", NULL }, FALSE, N_("Shortage") },
  [GW_CHART_CONTRACT_REVENUE] = { { "contract_revenue", NULL }, TRUE,
                                  N_("Contract revenue of %s") },
  [GW_CHART_FLEET_MW] = { { "fleet_mw", NULL }, TRUE, N_("Fleet power of %s") },
  [GW_CHART_CUSTOM_SHARE] = { { "custom_share", NULL }, FALSE, N_("Custom silicon share") },
};

static const double palette[2][3] = { { 0.21, 0.52, 0.89 }, { 0.90, 0.38, 0.0 } };

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  Slot *slot = user_data;
  GwResults *r = slot->results;
  const GwPlan *plan;
  int series[2] = { -1, -1 };
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  double left = 40;
  const double right = 12, top = 8, bottom = 22;
  double w, h;
  PangoLayout *layout;
  GdkRGBA fg;
  guint T;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  if (r == NULL)
    return;
  plan = r->plan;
  T = plan->T;
  for (guint s = 0; s < 2 && kinds[slot->kind].series[s] != NULL; s++)
    series[s] = gw_plan_find_series (plan, kinds[slot->kind].series[s],
                                     kinds[slot->kind].per_provider ? slot->provider : NULL);
  for (guint s = 0; s < 2; s++)
    for (guint t = 0; series[s] >= 0 && t < T; t++)
      {
        const GwSummary *sm = gw_results_summary (r, series[s], t);

        if (isfinite (sm->q[GW_Q_P10]))
          lo = MIN (lo, sm->q[GW_Q_P10]);
        if (isfinite (sm->q[GW_Q_P90]))
          hi = MAX (hi, sm->q[GW_Q_P90]);
      }
  if (series[0] < 0 || !(hi >= lo) || T < 2)
    return;
  if (lo > 0 && lo < hi * 0.5)
    lo = 0;
  if (hi == lo)
    hi = lo + 1;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *label = gw_format_unit_value (gw_plan_series_unit (plan, series[0]),
                                                     lo + (hi - lo) * i / 4);
      int lw, lh;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      left = MAX (left, lw + 14);
    }
  w = width - left - right;
  h = height - top - bottom;
  /* grid and labels */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= 4; i++)
    {
      double v = lo + (hi - lo) * i / 4;
      double y = round (top + h - h * i / 4) + 0.5;
      g_autofree char *label = gw_format_unit_value (gw_plan_series_unit (plan, series[0]), v);
      int lw, lh;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.10);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + w, y);
      cairo_stroke (cr);
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      cairo_move_to (cr, left - 8 - lw, y - lh / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  for (guint t = 0; t < T; t++)
    {
      int q = plan->scenario->info.start + t;
      g_autofree char *year = NULL;
      int lw, lh;

      if (q % 4 != 0)
        continue;
      year = g_strdup_printf ("%d", q / 4);
      pango_layout_set_text (layout, year, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_move_to (cr, left + w * t / (T - 1) - lw / 2.0, top + h + 4);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);

#define X(t) (left + w * (t) / (T - 1))
#define Y(v) (top + h - h * ((v) - lo) / (hi - lo))
  for (guint s = 0; s < 2; s++)
    {
      static const int bands[2][2] = { { GW_Q_P10, GW_Q_P90 }, { GW_Q_P25, GW_Q_P75 } };

      if (series[s] < 0)
        continue;
      for (guint b = 0; b < 2; b++)
        {
          cairo_new_path (cr);
          for (guint t = 0; t < T; t++)
            {
              const GwSummary *sm = gw_results_summary (r, series[s], t);

              cairo_line_to (cr, X (t), Y (sm->q[bands[b][1]]));
            }
          for (guint t = T; t > 0; t--)
            {
              const GwSummary *sm = gw_results_summary (r, series[s], t - 1);

              cairo_line_to (cr, X (t - 1), Y (sm->q[bands[b][0]]));
            }
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, palette[s][0], palette[s][1], palette[s][2], 0.16);
          cairo_fill (cr);
        }
      cairo_new_path (cr);
      for (guint t = 0; t < T; t++)
        cairo_line_to (cr, X (t), Y (gw_results_summary (r, series[s], t)->q[GW_Q_P50]));
      cairo_set_source_rgb (cr, palette[s][0], palette[s][1], palette[s][2]);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
#undef X
#undef Y
}

/**
 * gw_window_create_chart:
 * @provider: (nullable): the provider, for the per-provider charts
 *
 * The one place where the window makes a chart.
 */
GtkWidget *
gw_window_create_chart (GwChartKind kind,
                        const char *provider)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title;
  GtkWidget *area = gtk_drawing_area_new ();
  g_autofree char *text = NULL;
  Slot *slot = g_new0 (Slot, 1);

  slot->kind = kind;
  slot->provider = g_strdup (provider);
  if (kinds[kind].per_provider)
    {
      GString *s = g_string_new (_(kinds[kind].title));

      g_string_replace (s, "%s", provider, 1);
      text = g_string_free (s, FALSE);
    }
  else
    text = g_strdup (_(kinds[kind].title));
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  title = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (card), title);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 200);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_cb, slot, NULL);
  gtk_widget_set_vexpand (area, TRUE);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_box_append (GTK_BOX (card), area);
  g_object_set_data_full (G_OBJECT (card), "gw-chart-slot", slot, (GDestroyNotify) slot_free);
  g_object_set_data (G_OBJECT (card), "gw-chart-area", area);
  return card;
}

void
gw_chart_slot_set_results (GtkWidget *chart,
                           GwResults *results)
{
  Slot *slot = g_object_get_data (G_OBJECT (chart), "gw-chart-slot");

  g_return_if_fail (slot != NULL);
  g_clear_pointer (&slot->results, gw_results_unref);
  slot->results = results ? gw_results_ref (results) : NULL;
  gtk_widget_queue_draw (g_object_get_data (G_OBJECT (chart), "gw-chart-area"));
}
