/* gw-chart-slot.c: the charts of the window
 *
 * A card holding a GwChartView and its export button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "gw-chart-slot.h"
#include "gw-chart-view.h"

static const struct
{
  GwChartKind kind;
  const char *series;
  const char *scalar;
  gboolean    per_provider;
  gboolean    threshold;
  gboolean    only_neoclouds;
} slots[] = {
  [GW_SLOT_PRICE_FAN] = { GW_CHART_FAN, "price", NULL, FALSE, FALSE },
  [GW_SLOT_SUPPLY] = { GW_CHART_STACKED, "supply", NULL, FALSE, FALSE },
  [GW_SLOT_DEMAND] = { GW_CHART_STACKED, "demand", NULL, FALSE, FALSE },
  [GW_SLOT_PROVIDER_REVENUE] = { GW_CHART_FAN, "revenue", NULL, TRUE, FALSE },
  [GW_SLOT_PROVIDER_EBITDA] = { GW_CHART_FAN, "ebitda", NULL, TRUE, FALSE },
  [GW_SLOT_MIN_DSCR] = { GW_CHART_HISTOGRAM, NULL, "min_dscr", TRUE, TRUE },
  [GW_SLOT_CONTRACT_REVENUE] = { GW_CHART_FAN, "contract_revenue", NULL, TRUE, FALSE },
  [GW_SLOT_CUSTOM_SHARE] = { GW_CHART_FAN, "custom_share", NULL, FALSE, FALSE },
  /* neoclouds only: the hyperscaler aggregate's imputed rental value is ten
   * times CoreWeave's and would flatten every neocloud's line */
  [GW_SLOT_REVENUE_LINES] = { GW_CHART_LINES, "revenue", NULL, FALSE, FALSE, TRUE },
  [GW_SLOT_NPV_TORNADO] = { GW_CHART_TORNADO, NULL, "npv", TRUE, FALSE },
  [GW_SLOT_FLEET_MW] = { GW_CHART_FAN, "fleet_mw", NULL, TRUE, FALSE },
  [GW_SLOT_LEVERAGE] = { GW_CHART_LEVERAGE, NULL, NULL, TRUE, FALSE },
  [GW_SLOT_WATERFALL] = { GW_CHART_WATERFALL, NULL, NULL, TRUE, FALSE },
};

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GwChartView     *view)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !gw_chart_view_export (view, path, 960, 540, 192, &error))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (root), _("Could Not Export"),
                                                     error ? error->message
                                                           : _("Only local files can be written"));

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_clicked_cb (GtkButton   *button,
                   GwChartView *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Export Chart"), GTK_WINDOW (root),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG, SVG, PDF or CSV"));
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_filter_add_pattern (filter, "*.svg");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "chart.png");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), view);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/**
 * gw_window_create_chart:
 * @provider: (nullable): the provider, for the per-provider charts
 *
 * The one place where the window makes a chart: a card with the chart
 * and a button to export it.
 */
GtkWidget *
gw_window_create_chart (GwChartSlot slot,
                        const char *provider)
{
  GtkWidget *card = gtk_overlay_new ();
  GtkWidget *view = gw_chart_view_new ();
  GtkWidget *export = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  spec.kind = slots[slot].kind;
  spec.series = slots[slot].series;
  spec.scalar = slots[slot].scalar;
  spec.provider = slots[slot].per_provider ? provider : NULL;
  spec.has_threshold = slots[slot].threshold;
  spec.only_neoclouds = slots[slot].only_neoclouds;
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
  gtk_widget_add_css_class (export, "flat");
  gtk_widget_add_css_class (export, "chart-export");
  gtk_widget_set_halign (export, GTK_ALIGN_END);
  gtk_widget_set_valign (export, GTK_ALIGN_START);
  gtk_widget_set_margin_top (export, 4);
  gtk_widget_set_margin_end (export, 4);
  gtk_widget_set_tooltip_text (export, _("Export Chart…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export Chart"), -1);
  g_signal_connect (export, "clicked", G_CALLBACK (export_clicked_cb), view);
  gtk_overlay_add_overlay (GTK_OVERLAY (card), export);
  g_object_set_data (G_OBJECT (card), "gw-chart-view", view);
  return card;
}

void
gw_chart_slot_set_results (GtkWidget        *chart,
                           GwResults        *results,
                           const GwScenario *scenario)
{
  GwChartView *view = g_object_get_data (G_OBJECT (chart), "gw-chart-view");

  g_return_if_fail (GW_IS_CHART_VIEW (view));
  gw_chart_view_set_scenario (view, scenario);
  gw_chart_view_set_results (view, results);
}

/**
 * gw_chart_slot_set_provider:
 *
 * Points a per-provider chart at @provider (the window's focus provider);
 * the market charts stay as they are.
 */
void
gw_chart_slot_set_provider (GtkWidget  *chart,
                            const char *provider)
{
  GwChartView *view = g_object_get_data (G_OBJECT (chart), "gw-chart-view");
  GwChartSpec spec;

  g_return_if_fail (GW_IS_CHART_VIEW (view));
  spec = *gw_chart_view_get_spec (view);
  if (spec.provider == NULL || provider == NULL || provider[0] == '\0'
      || g_strcmp0 (spec.provider, provider) == 0)
    return;
  spec.provider = provider;
  gw_chart_view_set_spec (view, &spec);
}
