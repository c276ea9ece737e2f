/* gw-json-scan.h: a strict check of JSON text before json-glib parses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any scenario (the deepest member is a distribution inside a
 * row inside a table, depth 4); json-glib recurses once per level. */
#define GW_JSON_MAX_DEPTH 64

gboolean gw_json_scan (const char  *data,
                       gsize        length,
                       const char  *display_name,
                       GError     **error);

G_END_DECLS
