/* gw-ui.h: setting up the ui library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void       gw_ui_init         (void);
GSettings *gw_ui_get_settings (void);

G_END_DECLS
