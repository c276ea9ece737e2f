/* gw-stat-card.c: one number of the overview, with its range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-stat-card.h"
#include "gw-ui.h"

struct _GwStatCard
{
  GtkBox    parent_instance;

  GtkLabel *title;
  GtkLabel *value;
  GtkLabel *error;
  GtkLabel *range;
  GtkLabel *filtered;
};

G_DEFINE_FINAL_TYPE (GwStatCard, gw_stat_card, GTK_TYPE_BOX)

/**
 * gw_stat_card_set:
 * @range: (nullable): the range under the value, as "P10 … · P90 …"
 */
void
gw_stat_card_set (GwStatCard *self,
                  const char *title,
                  const char *value,
                  const char *range)
{
  g_return_if_fail (GW_IS_STAT_CARD (self));

  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->value, value);
  gtk_label_set_text (self->range, range ? range : "");
}

/**
 * gw_stat_card_set_error:
 * @error: (nullable): the value's standard error, as "± $0.02", beside it
 */
void
gw_stat_card_set_error (GwStatCard *self,
                        const char *error)
{
  g_return_if_fail (GW_IS_STAT_CARD (self));
  gtk_label_set_text (self->error, error ? error : "");
}

/**
 * gw_stat_card_set_filtered:
 * @text: (nullable): the number over the paths a filter keeps, under the
 *   range; %NULL hides it
 */
void
gw_stat_card_set_filtered (GwStatCard *self,
                           const char *text)
{
  g_return_if_fail (GW_IS_STAT_CARD (self));
  /* the first line stands out; the rest is its range */
  if (text != NULL)
    {
      const char *nl = strchr (text, '\n');
      g_autofree char *head = g_strndup (text, nl ? (gsize) (nl - text) : strlen (text));
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>%s", head, nl ? nl : "");

      gtk_label_set_markup (self->filtered, markup);
    }
  else
    gtk_label_set_text (self->filtered, "");
  gtk_widget_set_visible (GTK_WIDGET (self->filtered), text != NULL);
}

/* the texts shown, for tests */
const char *
gw_stat_card_get_value (GwStatCard *self)
{
  return gtk_label_get_text (self->value);
}

const char *
gw_stat_card_get_error (GwStatCard *self)
{
  return gtk_label_get_text (self->error);
}

const char *
gw_stat_card_get_filtered (GwStatCard *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->filtered))
         ? gtk_label_get_text (self->filtered) : NULL;
}

static void
gw_stat_card_class_init (GwStatCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-stat-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, title);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, value);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, error);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, range);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, filtered);
}

static void
gw_stat_card_init (GwStatCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
