/* gw-test-widgets.h: finding widgets in a window, for the display suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       gw_test_collect    (GtkWidget  *widget,
                               GType       type,
                               GPtrArray  *found);
GtkWidget *gw_test_find_named (GtkWidget  *widget,
                               const char *name);

G_END_DECLS
