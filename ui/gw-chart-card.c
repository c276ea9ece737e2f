/* gw-chart-card.c: a chart of the window, on a card with its export button
 *
 * The template (ui/gw-chart-card.ui) holds the card: the chart view and, in
 * its corner, the export button and a chooser. The slot says what the chart
 * shows at first; the chooser picks any output of the run (a series for a
 * fan, a per-path scalar for a histogram or tornado) and, for a provider's
 * output, any provider. The window hands the card the focus provider and
 * each run's results; a provider chosen on the card wins over the focus.
 *
 * The chooser is transparent until the pointer is over the card or the
 * keyboard is in it, so a card at rest looks as it always did.
 *
 * The choice is the document's (gw_document_set_chart_choice()), per slot:
 * it is saved in the file, so a colleague who opens it sees the same chart,
 * and every card of the slot (the Overview's and a section's) follows it.
 * It marks the document modified but is no undo step. A card without a
 * document (a test's) keeps its choice to itself. A choice the run does not
 * offer on this card (an output of a newer Gigawatt, a provider since
 * removed) is kept in the document, and the card shows its own meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "gw-app-options.h"
#include "gw-chart-card.h"
#include "gw-plan.h"
#include "gw-ui.h"

struct _GwChartCard
{
  GtkWidget    parent_instance;

  GtkWidget      *overlay;
  GwChartView    *view;
  GtkMenuButton  *choose_button;
  GtkDropDown    *series_drop;
  GtkDropDown    *provider_drop;
  GtkWidget      *series_label;
  GtkWidget      *provider_label;
  GtkCheckButton *log_check;
  GtkCheckButton *threshold_check;
  GtkEventControllerMotion *motion; /* on the card; owned by it */
  GtkEventControllerFocus  *focus;  /* on choose_button; owned by it */

  GwChartSlot     slot;
  char           *provider;       /* the window's focus */
  char           *choice;         /* the output chosen on the card, or NULL */
  char           *chosen_provider; /* the provider chosen on the card, or NULL */
  GwResults      *results;
  gboolean        constructed;
  gboolean        updating;
  gboolean        log_scale;      /* asked for; drawn where the values allow */
  GwDocument     *document;       /* holds the choice; NULL: the card keeps it */
  gulong          choice_handler;

  /* the chooser's outputs, as shown in series_drop */
  GPtrArray      *keys;           /* char *, owned */
  GArray         *per_provider;   /* gboolean */
  guint           n_series, n_scalars, n_providers;
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

/* Copy Image: the chart at the size of an exported PNG, at twice its
 * pixels, as an image on the clipboard. */
static void
copy_image_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GwChartCard *self = GW_CHART_CARD (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gw_chart_view_render_texture (self->view, 960, 540, 2,
                                                                &error);

  if (texture == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

/* The spec */

static gboolean
choice_is_scalar (GwChartCard *self)
{
  GwChartKind kind = slots[self->slot].kind;

  return kind == GW_CHART_HISTOGRAM || kind == GW_CHART_TORNADO;
}

static gboolean
choice_offered (GwChartCard *self)
{
  GwChartKind kind = slots[self->slot].kind;

  return kind == GW_CHART_FAN || kind == GW_CHART_LINES || choice_is_scalar (self);
}

/* The output chosen, where the card offers it: until a run says which
 * outputs there are, whatever was chosen; after, only one of them, so that
 * a choice the card cannot show (a file's, from a newer Gigawatt) shows the
 * slot's own instead of an empty chart. */
static const char *
shown_choice (GwChartCard *self)
{
  if (!choice_offered (self))
    return NULL;
  if (self->choice == NULL || self->keys == NULL)
    return self->choice;
  for (guint i = 0; i < self->keys->len; i++)
    if (g_str_equal (self->keys->pdata[i], self->choice))
      return self->choice;
  return NULL;
}

/* Whether the shown output is a provider's: the slot's, or the chosen one's
 * as the run names it. */
static gboolean
shown_per_provider (GwChartCard *self)
{
  const char *choice = shown_choice (self);

  /* a lines chart draws a provider series for every provider at once */
  if (slots[self->slot].kind == GW_CHART_LINES)
    return FALSE;
  if (choice != NULL && self->keys != NULL)
    for (guint i = 0; i < self->keys->len; i++)
      if (g_str_equal (self->keys->pdata[i], choice))
        return g_array_index (self->per_provider, gboolean, i);
  return slots[self->slot].per_provider;
}

/* The provider chosen on the card while the run has it (one removed from
 * the scenario since is not), else the window's focus. */
static const char *
shown_provider (GwChartCard *self)
{
  if (self->chosen_provider != NULL && self->results != NULL)
    {
      const GwPlan *plan = self->results->plan;

      for (guint j = 0; j < plan->P; j++)
        if (g_str_equal (gw_plan_provider_name (plan, j), self->chosen_provider))
          return self->chosen_provider;
      return self->provider;
    }
  if (self->chosen_provider != NULL)
    return self->chosen_provider;
  return self->provider;
}

/* Builds the spec from the slot, the choices and the focus, and hands it to
 * the view only when it changes, so a hidden legend item or a zoom stays. */
static void
apply_spec (GwChartCard *self)
{
  const GwChartSpec *old = gw_chart_view_get_spec (self->view);
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  const char *provider = shown_provider (self);
  const char *choice = shown_choice (self);

  spec.kind = slots[self->slot].kind;
  spec.series = slots[self->slot].series;
  spec.scalar = slots[self->slot].scalar;
  spec.has_threshold = slots[self->slot].threshold;
  spec.only_neoclouds = slots[self->slot].only_neoclouds;
  spec.threshold = 1.0;
  spec.below = TRUE;
  if (choice != NULL && choice_is_scalar (self))
    {
      spec.scalar = choice;
      /* the threshold of 1 belongs to a coverage ratio */
      spec.has_threshold = spec.has_threshold && strstr (choice, "dscr") != NULL;
    }
  else if (choice != NULL)
    spec.series = choice;
  spec.log_scale = self->log_scale && spec.kind == GW_CHART_FAN;
  if (!shown_per_provider (self))
    spec.provider = NULL;
  else if (provider != NULL && provider[0] != '\0')
    spec.provider = provider;
  else
    /* a per-provider chart made without one keeps the one it had */
    spec.provider = old->provider;

  if (self->constructed && old->kind == spec.kind && g_strcmp0 (old->series, spec.series) == 0
      && g_strcmp0 (old->scalar, spec.scalar) == 0
      && g_strcmp0 (old->provider, spec.provider) == 0
      && old->has_threshold == spec.has_threshold && old->log_scale == spec.log_scale)
    return;
  gw_chart_view_set_spec (self->view, &spec);
}

/* The chooser */

static void
select_current (GwChartCard *self)
{
  const GwChartSpec *spec = gw_chart_view_get_spec (self->view);
  const char *key = choice_is_scalar (self) ? spec->scalar : spec->series;
  GListModel *providers = gtk_drop_down_get_model (self->provider_drop);
  guint n = providers != NULL ? g_list_model_get_n_items (providers) : 0;

  self->updating = TRUE;
  if (self->keys != NULL)
    for (guint i = 0; i < self->keys->len; i++)
      if (g_strcmp0 (self->keys->pdata[i], key) == 0)
        gtk_drop_down_set_selected (self->series_drop, i);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (providers), i),
                   spec->provider) == 0)
      gtk_drop_down_set_selected (self->provider_drop, i);
  self->updating = FALSE;

  gtk_widget_set_visible (self->series_label, choice_offered (self));
  gtk_widget_set_visible (GTK_WIDGET (self->series_drop), choice_offered (self));
  gtk_widget_set_visible (self->provider_label, spec->provider != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_drop), spec->provider != NULL);
  /* a log scale is offered only where every value is above zero */
  self->updating = TRUE;
  gtk_check_button_set_active (self->log_check, self->log_scale);
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->log_check), gw_chart_card_can_log (self));
  self->updating = TRUE;
  gtk_check_button_set_active (self->threshold_check,
                               gw_chart_view_get_threshold_line (self->view, NULL));
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->threshold_check),
                          self->results != NULL && spec->kind == GW_CHART_FAN);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button),
                          self->results != NULL && (choice_offered (self)
                                                    || spec->provider != NULL
                                                    || spec->kind == GW_CHART_FAN));
}

/* Fills the chooser with the run's outputs: the market's first, then a
 * provider's (named once, for whichever provider is chosen). */
static void
fill_chooser (GwChartCard *self)
{
  const GwPlan *plan = self->results->plan;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) providers = gtk_string_list_new (NULL);
  gboolean scalar = choice_is_scalar (self);
  guint n = scalar ? plan->n_scalars : plan->n_series;

  if (self->keys != NULL && self->n_series == plan->n_series
      && self->n_scalars == plan->n_scalars && self->n_providers == plan->P)
    return;
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->per_provider, g_array_unref);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->per_provider = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->n_series = plan->n_series;
  self->n_scalars = plan->n_scalars;
  self->n_providers = plan->P;
  for (guint i = 0; i < n; i++)
    {
      int j = scalar ? gw_plan_scalar_provider (plan, i) : gw_plan_series_provider (plan, i);
      const char *key = scalar ? gw_plan_scalar_key (plan, i) : gw_plan_series_key (plan, i);
      const char *label = scalar ? gw_plan_scalar_label (plan, i)
                                 : gw_chart_series_label (plan, i);
      gboolean per_provider = j >= 0;
      g_autofree char *text = NULL;

      /* a provider's outputs once; a lines chart has only those */
      if (j > 0 || (j < 0 && slots[self->slot].kind == GW_CHART_LINES))
        continue;
      /* TRANSLATORS: a chooser's entry: "Market · GPU-hour price", "Provider · Revenue" */
      text = g_strdup_printf (per_provider ? _("Provider · %s") : _("Market · %s"), label);
      gtk_string_list_append (labels, text);
      g_ptr_array_add (self->keys, g_strdup (key));
      g_array_append_val (self->per_provider, per_provider);
    }
  for (guint j = 0; j < plan->P; j++)
    gtk_string_list_append (providers, gw_plan_provider_name (plan, j));
  self->updating = TRUE;
  gtk_drop_down_set_model (self->series_drop, G_LIST_MODEL (labels));
  gtk_drop_down_set_model (self->provider_drop, G_LIST_MODEL (providers));
  self->updating = FALSE;
}

static void
series_selected_cb (GtkDropDown *drop,
                    GParamSpec  *pspec,
                    GwChartCard *self)
{
  guint i = gtk_drop_down_get_selected (drop);

  if (self->updating || self->keys == NULL || i >= self->keys->len)
    return;
  gw_chart_card_choose (self, self->keys->pdata[i], self->chosen_provider);
}

static void
provider_selected_cb (GtkDropDown *drop,
                      GParamSpec  *pspec,
                      GwChartCard *self)
{
  GListModel *model = gtk_drop_down_get_model (drop);
  guint i = gtk_drop_down_get_selected (drop);

  if (self->updating || model == NULL || i >= g_list_model_get_n_items (model))
    return;
  gw_chart_card_choose (self, self->choice,
                        gtk_string_list_get_string (GTK_STRING_LIST (model), i));
}

static void
log_toggled_cb (GtkCheckButton *check,
                GwChartCard    *self)
{
  if (!self->updating)
    gw_chart_card_set_log_scale (self, gtk_check_button_get_active (check));
}

/* A fan's threshold line was placed, moved or taken away on the chart. */
static void
threshold_line_changed_cb (GwChartView *view,
                           GwChartCard *self)
{
  self->updating = TRUE;
  gtk_check_button_set_active (self->threshold_check,
                               gw_chart_view_get_threshold_line (view, NULL));
  self->updating = FALSE;
}

static void
threshold_toggled_cb (GtkCheckButton *check,
                      GwChartCard    *self)
{
  if (self->updating)
    return;
  gw_chart_view_set_threshold_line (self->view, gtk_check_button_get_active (check), NAN);
  /* a chart not yet laid out has no middle to put it at */
  threshold_line_changed_cb (self->view, self);
}

/* For screenshots and scripts: gigawatt --threshold 1.5@2030Q4
 * (gw_app_options_get_threshold()) puts the price fan's threshold line at 1.5 and shows the
 * probability at 2030Q4 as if the pointer were there. */
static void
apply_threshold_preset (GwChartCard *self)
{
  const char *preset = gw_app_options_get_threshold ();
  g_auto(GStrv) parts = NULL;
  char *end = NULL;
  double value;
  int quarter;

  if (preset == NULL || self->slot != GW_SLOT_PRICE_FAN || self->results == NULL)
    return;
  parts = g_strsplit (preset, "@", 2);
  value = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0' || parts[1] == NULL
      || !gw_quarter_parse (parts[1], &quarter))
    {
      g_message ("--threshold: “%s” is not VALUE@QUARTER", preset);
      return;
    }
  gw_chart_view_set_threshold_line (self->view, TRUE, value);
  gw_chart_view_hover_quarter (self->view,
                               quarter - self->results->plan->scenario->info.start);
}

/* The chooser is transparent at rest (see the top of the file): it shows
 * while the pointer is over the card, the keyboard is on it, or it is open.
 * The state is read each time, not tracked from the events, which a window
 * mapped under the pointer or losing its focus does not all send. */
static void
update_reveal (GwChartCard *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (self->choose_button);
  gboolean reveal = gtk_event_controller_motion_contains_pointer (self->motion)
                    || gtk_event_controller_focus_contains_focus (self->focus)
                    || (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)));

  gtk_widget_set_opacity (GTK_WIDGET (self->choose_button), reveal ? 0.7 : 0.0);
}

static void
pointer_enter_cb (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  GwChartCard              *self)
{
  gtk_widget_set_opacity (GTK_WIDGET (self->choose_button), 0.7);
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
  if (results != NULL)
    fill_chooser (self);
  apply_spec (self);
  apply_threshold_preset (self);
  select_current (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

/* GObject */

static void
gw_chart_card_constructed (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);

  G_OBJECT_CLASS (gw_chart_card_parent_class)->constructed (object);
  apply_spec (self);
  self->constructed = TRUE;
  select_current (self);
}

static void
gw_chart_card_dispose (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CHART_CARD);
  g_clear_pointer (&self->results, gw_results_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->per_provider, g_array_unref);
  if (self->document != NULL)
    g_clear_signal_handler (&self->choice_handler, self->document);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (gw_chart_card_parent_class)->dispose (object);
}

static void
gw_chart_card_finalize (GObject *object)
{
  GwChartCard *self = GW_CHART_CARD (object);

  g_free (self->provider);
  g_free (self->choice);
  g_free (self->chosen_provider);
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
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, choose_button);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, series_drop);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, provider_drop);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, series_label);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, provider_label);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, log_check);
  gtk_widget_class_bind_template_child (widget_class, GwChartCard, threshold_check);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_install_action (widget_class, "card.copy-image", NULL, copy_image_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_chart_card_init (GwChartCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_opacity (GTK_WIDGET (self->choose_button), 0.0);
  self->motion = GTK_EVENT_CONTROLLER_MOTION (gtk_event_controller_motion_new ());
  g_signal_connect (self->motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect_swapped (self->motion, "notify::contains-pointer",
                            G_CALLBACK (update_reveal), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->motion));
  self->focus = GTK_EVENT_CONTROLLER_FOCUS (gtk_event_controller_focus_new ());
  g_signal_connect_swapped (self->focus, "notify::contains-focus",
                            G_CALLBACK (update_reveal), self);
  gtk_widget_add_controller (GTK_WIDGET (self->choose_button), GTK_EVENT_CONTROLLER (self->focus));
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->choose_button), "notify::visible",
                            G_CALLBACK (update_reveal), self);
  g_signal_connect (self->series_drop, "notify::selected", G_CALLBACK (series_selected_cb), self);
  g_signal_connect (self->provider_drop, "notify::selected",
                    G_CALLBACK (provider_selected_cb), self);
  g_signal_connect (self->log_check, "toggled", G_CALLBACK (log_toggled_cb), self);
  g_signal_connect (self->threshold_check, "toggled", G_CALLBACK (threshold_toggled_cb), self);
  g_signal_connect (self->view, "threshold-line-changed",
                    G_CALLBACK (threshold_line_changed_cb), self);
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
    {
      apply_spec (self);
      select_current (self);
    }
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

/* Remembering the choice */

static const char *
slot_nick (GwChartCard *self)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GW_TYPE_CHART_SLOT);

  return g_enum_get_value (klass, self->slot)->value_nick;
}

static void
set_choice (GwChartCard *self,
            const char  *output,
            const char  *provider,
            gboolean     log_scale)
{
  if (output != NULL && output[0] == '\0')
    output = NULL;
  if (provider != NULL && provider[0] == '\0')
    provider = NULL;
  if (output != self->choice)
    {
      char *copy = g_strdup (output);

      g_free (self->choice);
      self->choice = copy;
    }
  if (provider != self->chosen_provider)
    {
      char *copy = g_strdup (provider);

      g_free (self->chosen_provider);
      self->chosen_provider = copy;
    }
  self->log_scale = !!log_scale;
  apply_spec (self);
  select_current (self);
}

/* The card's choice into the document, which hands it to every card of
 * the slot (this one included) through chart-choice-changed. */
static void
save_choice (GwChartCard *self)
{
  if (self->document != NULL)
    gw_document_set_chart_choice (self->document, slot_nick (self), self->choice,
                                  self->chosen_provider, self->log_scale);
}

/* Also follows a choice made on another card of the same slot. */
static void
load_choice (GwChartCard *self)
{
  const char *output = NULL, *provider = NULL;
  gboolean log_scale = FALSE;

  gw_document_get_chart_choice (self->document, slot_nick (self), &output, &provider,
                                &log_scale);
  set_choice (self, output, provider, log_scale);
}

static void
choice_changed_cb (GwDocument  *document,
                   const char  *slot,
                   GwChartCard *self)
{
  load_choice (self);
}

/**
 * gw_chart_card_set_document:
 * @document: (nullable): the document whose view holds the card's choice
 *
 * The card shows the choice that @document holds for its slot, follows
 * each change of it, and makes its own choices there. Without a document
 * the card keeps its choice to itself.
 */
void
gw_chart_card_set_document (GwChartCard *self,
                            GwDocument  *document)
{
  g_autofree char *signal = NULL;

  g_return_if_fail (GW_IS_CHART_CARD (self));
  g_return_if_fail (document == NULL || GW_IS_DOCUMENT (document));
  if (self->document == document)
    return;
  if (self->document != NULL)
    g_clear_signal_handler (&self->choice_handler, self->document);
  g_set_object (&self->document, document);
  if (document == NULL)
    return;
  signal = g_strconcat ("chart-choice-changed::", slot_nick (self), NULL);
  self->choice_handler = g_signal_connect (document, signal, G_CALLBACK (choice_changed_cb),
                                           self);
  load_choice (self);
}

/**
 * gw_chart_card_check_view:
 * @view: a document's view, as a file held it
 * @scenario: the document's scenario
 * @display_name: how messages name the file
 * @warnings: (element-type utf8): where a message is added for each choice
 *   that no card of its slot can show
 *
 * Checks each chart choice of @view against what a card of its slot
 * offers for @scenario's runs (the data layer knows neither the slots nor
 * the outputs). Such a choice stays in the view: the cards show their own
 * output until it means something (a file of a newer Gigawatt may name an
 * output this one does not have). A slot this version does not have is
 * skipped for the same reason.
 */
void
gw_chart_card_check_view (const GwView     *view,
                          const GwScenario *scenario,
                          const char       *display_name,
                          GPtrArray        *warnings)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GW_TYPE_CHART_SLOT);
  g_autoptr(GwPlan) plan = gw_plan_new (scenario, NULL, NULL);

  if (plan == NULL)
    return;
  for (guint v = 0; v < klass->n_values; v++)
    {
      GwChartSlot slot = klass->values[v].value;
      const char *nick = klass->values[v].value_nick;
      gboolean scalar = slots[slot].kind == GW_CHART_HISTOGRAM
                        || slots[slot].kind == GW_CHART_TORNADO;
      gboolean offered = slots[slot].kind == GW_CHART_FAN || slots[slot].kind == GW_CHART_LINES
                         || scalar;
      const char *output = NULL;
      gboolean found = FALSE;

      if (!gw_view_get_chart (view, nick, &output, NULL, NULL) || output == NULL)
        continue;
      if (offered && slots[slot].kind == GW_CHART_LINES)
        for (guint i = 0; i < plan->n_series && !found; i++)
          found = gw_plan_series_provider (plan, i) >= 0
                  && g_str_equal (gw_plan_series_key (plan, i), output);
      else if (offered)
        found = scalar ? gw_plan_find_scalar (plan, output, NULL) >= 0
                         || (plan->P > 0 && gw_plan_find_scalar (plan, output,
                                                                 gw_plan_provider_name (plan, 0))
                             >= 0)
                       : gw_plan_find_series (plan, output, NULL) >= 0
                         || (plan->P > 0 && gw_plan_find_series (plan, output,
                                                                 gw_plan_provider_name (plan, 0))
                             >= 0);
      if (!found)
        g_ptr_array_add (warnings,
                         /* TRANSLATORS: the file, a chart slot ("min-dscr"), an output key */
                         g_strdup_printf (_("“%s”, view, chart “%s”: “%s” is not an output this "
                                            "chart can show; it shows its own"),
                                          display_name, nick, output));
    }
}

/**
 * gw_chart_card_choose:
 * @output: (nullable): a series key for a fan, a scalar key for a histogram
 *   or tornado, or %NULL for the slot's own
 * @provider: (nullable): the provider of a provider's output, or %NULL to
 *   follow the window's focus
 *
 * Shows another output of the run on the card, at once.
 */
void
gw_chart_card_choose (GwChartCard *self,
                      const char  *output,
                      const char  *provider)
{
  g_return_if_fail (GW_IS_CHART_CARD (self));

  set_choice (self, output, provider, self->log_scale);
  save_choice (self);
}

/**
 * gw_chart_card_get_choice:
 *
 * Returns: (nullable): the output chosen on the card, or %NULL for the
 *   slot's own
 */
const char *
gw_chart_card_get_choice (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), NULL);
  return self->choice;
}

/**
 * gw_chart_card_can_log:
 *
 * Whether the card offers a log scale: a fan whose every value is above
 * zero (a price, a fleet, revenue; not EBITDA or cash flow).
 */
gboolean
gw_chart_card_can_log (GwChartCard *self)
{
  GwChart *chart;

  g_return_val_if_fail (GW_IS_CHART_CARD (self), FALSE);
  chart = gw_chart_view_get_chart (self->view);
  return self->results != NULL && gw_chart_view_get_spec (self->view)->kind == GW_CHART_FAN
         && gw_chart_can_log (chart);
}

/**
 * gw_chart_card_set_log_scale:
 *
 * Asks for a log value axis; the chart draws one while the shown values
 * are all above zero, and a linear one otherwise.
 */
void
gw_chart_card_set_log_scale (GwChartCard *self,
                             gboolean     log_scale)
{
  g_return_if_fail (GW_IS_CHART_CARD (self));
  if (self->log_scale == !!log_scale)
    return;
  set_choice (self, self->choice, self->chosen_provider, log_scale);
  save_choice (self);
}

gboolean
gw_chart_card_get_log_scale (GwChartCard *self)
{
  g_return_val_if_fail (GW_IS_CHART_CARD (self), FALSE);
  return self->log_scale;
}
