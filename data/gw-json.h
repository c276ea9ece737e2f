/* gw-json.h: a whole scenario as JSON, for git and diff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"
#include "gw-schema.h"

G_BEGIN_DECLS

#define GW_JSON_FORMAT "gigawatt-scenario"
#define GW_JSON_MAX_SIZE (64 * 1024 * 1024)

char       *gw_json_format_number  (double            value);
void        gw_json_append_string  (GString          *out,
                                    const char       *text);
char       *gw_json_to_data        (const GwScenario *scenario,
                                    gsize            *length);
char       *gw_json_to_data_full   (const GwScenario *scenario,
                                    const GwView     *view,
                                    gsize            *length);
GwScenario *gw_json_from_data      (const char       *data,
                                    gssize            length,
                                    const char       *display_name,
                                    GError          **error);
GwScenario *gw_json_from_data_full (const char       *data,
                                    gssize            length,
                                    const char       *display_name,
                                    GwLoadInfo       *load_info,
                                    GError          **error);
gboolean    gw_json_save           (const GwScenario *scenario,
                                    const char       *path,
                                    GError          **error);
gboolean    gw_json_save_full      (const GwScenario *scenario,
                                    const GwView     *view,
                                    const char       *path,
                                    GError          **error);
GwScenario *gw_json_load           (const char       *path,
                                    GError          **error);
GwScenario *gw_json_load_full      (const char       *path,
                                    GwLoadInfo       *load_info,
                                    GError          **error);

G_END_DECLS
