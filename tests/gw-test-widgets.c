/* gw-test-widgets.c: finding widgets in a window, for the display suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-test-widgets.h"

/* Widgets of @type under @widget (itself included), in the order drawn,
 * appended to @found. */
void
gw_test_collect (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    gw_test_collect (c, type, found);
}

/* The first widget under @widget (itself included) whose name
 * (gtk_widget_set_name()) is @name, or NULL. */
GtkWidget *
gw_test_find_named (GtkWidget  *widget,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = gw_test_find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}
