/* gw-variant-chooser.c: which variant of the scenario the window runs
 *
 * The base scenario, then the scenario's variants by name. The choice is
 * kept by name when the variants change; a variant that is renamed or
 * removed falls back to the base scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gw-ui.h"
#include "gw-variant-chooser.h"

struct _GwVariantChooser
{
  AdwBin         parent_instance;

  /* template */
  GtkDropDown   *dropdown;

  GtkStringList *variants;
  char          *variant;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (GwVariantChooser, gw_variant_chooser, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_VARIANT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
selected_name (GwVariantChooser *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->variants, selected);
}

static void
sync_variant (GwVariantChooser *self)
{
  const char *name = selected_name (self);

  if (g_strcmp0 (self->variant, name) == 0)
    return;
  g_free (self->variant);
  self->variant = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIANT]);
}

static void
selected_cb (GwVariantChooser *self)
{
  if (!self->updating)
    sync_variant (self);
}

/* The chosen variant's name, or NULL for the base scenario. */
const char *
gw_variant_chooser_get_variant (GwVariantChooser *self)
{
  g_return_val_if_fail (GW_IS_VARIANT_CHOOSER (self), NULL);
  return self->variant;
}

/* Offers @scenario's variants, keeping the choice by name. */
void
gw_variant_chooser_set_scenario (GwVariantChooser *self,
                                 const GwScenario *s)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->variants));
  guint selected = 0;

  g_return_if_fail (GW_IS_VARIANT_CHOOSER (self));

  self->updating = TRUE;
  gtk_string_list_splice (self->variants, 0, n, NULL);
  gtk_string_list_append (self->variants, _("Base scenario"));
  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_VARIANTS); i++)
    {
      gtk_string_list_append (self->variants, gw_scenario_variant (s, i)->name);
      if (g_strcmp0 (self->variant, gw_scenario_variant (s, i)->name) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_selected (self->dropdown, selected);
  self->updating = FALSE;
  sync_variant (self);
}

static void
gw_variant_chooser_dispose (GObject *object)
{
  GwVariantChooser *self = GW_VARIANT_CHOOSER (object);

  g_clear_object (&self->variants);
  G_OBJECT_CLASS (gw_variant_chooser_parent_class)->dispose (object);
}

static void
gw_variant_chooser_finalize (GObject *object)
{
  GwVariantChooser *self = GW_VARIANT_CHOOSER (object);

  g_free (self->variant);
  G_OBJECT_CLASS (gw_variant_chooser_parent_class)->finalize (object);
}

static void
gw_variant_chooser_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GwVariantChooser *self = GW_VARIANT_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_VARIANT:
      g_value_set_string (value, self->variant);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_variant_chooser_class_init (GwVariantChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_variant_chooser_dispose;
  object_class->finalize = gw_variant_chooser_finalize;
  object_class->get_property = gw_variant_chooser_get_property;

  /* the chosen variant's name, NULL for the base scenario */
  properties[PROP_VARIANT] =
    g_param_spec_string ("variant", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-variant-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, GwVariantChooser, dropdown);
}

static void
gw_variant_chooser_init (GwVariantChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->variants = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (self->variants));
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
}
