/* gw-app-options.h: the app's command-line choices that reach its pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        gw_app_options_set_paths     (guint       paths);
guint       gw_app_options_get_paths     (void);
void        gw_app_options_set_filter    (const char *conditions);
const char *gw_app_options_get_filter    (void);
void        gw_app_options_set_threshold (const char *threshold);
const char *gw_app_options_get_threshold (void);

G_END_DECLS
