/* gw-stat-card.c: one number of the overview, with its range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-stat-card.h"
#include "gw-ui.h"

struct _GwStatCard
{
  GtkBox    parent_instance;

  GtkLabel *title;
  GtkLabel *value;
  GtkLabel *range;
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

static void
gw_stat_card_class_init (GwStatCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-stat-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, title);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, value);
  gtk_widget_class_bind_template_child (widget_class, GwStatCard, range);
}

static void
gw_stat_card_init (GwStatCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
