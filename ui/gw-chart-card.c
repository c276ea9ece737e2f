/* gw-chart-card.c: a chart of the window, on a card with its export button
 *
 * The template (ui/gw-chart-card.ui) holds the card: the chart view and, in
 * its corner, the export button. The slot says what the chart shows; the
 * window hands the card the focus provider and each run's results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "gw-chart-card.h"
#include "gw-ui.h"

struct _GwChartCard
{
  GtkWidget    parent_instance;

  GtkWidget   *overlay;
  GwChartView *view;

  GwChartSlot  slot;
  char        *provider;
  GwResults   *results;
  gboolean     constructed;
};

G_DEFINE_FINAL_TYPE (GwChartCard, gw_chart_card, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (GwChartSlot, gw_chart_slot,
  G_DEFINE_ENUM_VALUE (GW_SLOT_PRICE_FAN, "price-fan"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_SUPPLY, "supply"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_DEMAND, "demand"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_PROVIDER_REVENUE, "provider-revenue"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_PROVIDER_EBITDA, "provider-ebitda"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_MIN_DSCR, "min-dscr"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_CONTRACT_REVENUE, "contract-revenue"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_CUSTOM_SHARE, "custom-share"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_REVENUE_LINES, "revenue-lines"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_NPV_TORNADO, "npv-tornado"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_FLEET_MW, "fleet-mw"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_LEVERAGE, "leverage"),
  G_DEFINE_ENUM_VALUE (GW_SLOT_WATERFALL, "waterfall"))

enum
{
  PROP_0,
  PROP_SLOT,
  PROP_PROVIDER,
  PROP_RESULTS,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* Export */

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GwChartCard     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !gw_chart_view_export (self->view, path, 960, 540, 192, &error))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (root), _("Could Not Export"),
                                                     error ? error->message
                                                           : _("Only local files can be written"));

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_clicked_cb (GtkButton   *button,
                   GwChartCard *self)
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
  /* the card stays until the dialog answers, even if the window drops it */
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The provider */

/* Points a per-provider chart at the provider; the market charts, and a
 * per-provider chart made without one, stay as they are. */
static void
apply_provider (GwChartCard *self)
{
  GwChartSpec spec = *gw_chart_view_get_spec (self->view);

  if (spec.provider == NULL || self->provider == NULL || self->provider[0] == '\0'
      || g_strcmp0 (spec.provider, self->provider) == 0)
    return;
  spec.provider = self->provider;
  gw_chart_view_set_spec (self->view, &spec);
}

/* The results */

static void
set_results (GwChartCard *self,
             GwResults   *results)
{
  gboolean changed = self->results != results;

  gw_chart_view_set_results (self->view, results);
  if (results != NULL)
    gw_results_ref (results);
  g_clear_pointer (&self->results, gw_results_unref);
  self->results = results;
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

/* GObject */

static void
gw_chart_card_constructed (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);
  GwChartSpec spec = GW_CHART_SPEC_INIT;

  G_OBJECT_CLASS (gw_chart_card_parent_class)->constructed (object);
  spec.kind = slots[self->slot].kind;
  spec.series = slots[self->slot].series;
  spec.scalar = slots[self->slot].scalar;
  spec.provider = slots[self->slot].per_provider ? self->provider : NULL;
  spec.has_threshold = slots[self->slot].threshold;
  spec.only_neoclouds = slots[self->slot].only_neoclouds;
  spec.threshold = 1.0;
  spec.below = TRUE;
  gw_chart_view_set_spec (self->view, &spec);
  self->constructed = TRUE;
}

static void
gw_chart_card_dispose (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CHART_CARD);
  g_clear_pointer (&self->results, gw_results_unref);
  G_OBJECT_CLASS (gw_chart_card_parent_class)->dispose (object);
}

static void
gw_chart_card_finalize (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);

  g_free (self->provider);
  G_OBJECT_CLASS (gw_chart_card_parent_class)->finalize (object);
}

static void
gw_chart_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwChartCard *self = GW_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      g_value_set_enum (value, self->slot);
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_RESULTS:
      g_value_set_pointer (value, self->results);
      break;
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_chart_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GwChartCard *self = GW_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      self->slot = g_value_get_enum (value);
      break;
    case PROP_PROVIDER:
      gw_chart_card_set_provider (self, g_value_get_string (value));
      break;
    case PROP_RESULTS:
      set_results (self, g_value_get_pointer (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_chart_card_class_init (GwChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_chart_card_constructed;
  object_class->dispose = gw_chart_card_dispose;
  object_class->finalize = gw_chart_card_finalize;
  object_class->get_property = gw_chart_card_get_property;
  object_class->set_property = gw_chart_card_set_property;

  properties[PROP_SLOT] =
    g_param_spec_enum ("slot", NULL, NULL, GW_TYPE_CHART_SLOT, GW_SLOT_PRICE_FAN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  /* a GwResults, which has no GType of its own */
  properties[PROP_RESULTS] =
    g_param_spec_pointer ("results", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, GW_TYPE_CHART_VIEW,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gw_ui_init ();
  g_type_ensure (GW_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-chart-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, overlay);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, view);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_chart_card_init (GwChartCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* API */

/**
 * gw_chart_card_new:
 * @provider: (nullable): the provider, for the per-provider charts
 */
GtkWidget *
gw_chart_card_new (GwChartSlot slot,
                   const char *provider)
{
  return g_object_new (GW_TYPE_CHART_CARD, "slot", slot, "provider", provider, NULL);
}

GwChartSlot
gw_chart_card_get_slot (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), GW_SLOT_PRICE_FAN);
  return self->slot;
}

const char *
gw_chart_card_get_provider (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), NULL);
  return self->provider;
}

/**
 * gw_chart_card_set_provider:
 * @provider: (nullable): the window's focus provider
 *
 * A per-provider chart shows @provider from now on; a market chart keeps
 * showing the market.
 */
void
gw_chart_card_set_provider (GwChartCard *self,
                            const char  *provider)
{
  g_return_if_fail (GW_IS_CHART_CARD (self));
  if (g_strcmp0 (self->provider, provider) == 0)
    return;
  g_free (self->provider);
  self->provider = g_strdup (provider);
  if (self->constructed)
    apply_provider (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

GwResults *
gw_chart_card_get_results (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), NULL);
  return self->results;
}

/**
 * gw_chart_card_set_results:
 * @results: (nullable) (transfer none): the run to show
 * @scenario: (nullable): the scenario it ran, for its actuals and sources;
 *   %NULL for the run's own
 *
 * Setting the #GwChartCard:results property alone keeps the scenario.
 */
void
gw_chart_card_set_results (GwChartCard      *self,
                           GwResults        *results,
                           const GwScenario *scenario)
{
  g_return_if_fail (GW_IS_CHART_CARD (self));
  gw_chart_view_set_scenario (self->view, scenario);
  set_results (self, results);
}

GwChartView *
gw_chart_card_get_view (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), NULL);
  return self->view;
}
