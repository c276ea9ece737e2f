/* gw-file.h: the .gigawatt file (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"
#include "gw-schema.h"

G_BEGIN_DECLS

/* "GWAT" in the SQLite header's application_id field. */
#define GW_FILE_APPLICATION_ID 0x47574154
#define GW_FILE_MAX_SIZE (256 * 1024 * 1024)

GwScenario *gw_file_load            (const char       *path,
                                     GError          **error);
GwScenario *gw_file_load_full       (const char       *path,
                                     GwLoadInfo       *load_info,
                                     GError          **error);
GwScenario *gw_file_load_bytes      (GBytes           *bytes,
                                     const char       *display_name,
                                     GError          **error);
GwScenario *gw_file_load_bytes_full (GBytes           *bytes,
                                     const char       *display_name,
                                     GwLoadInfo       *load_info,
                                     GError          **error);
gboolean    gw_file_save            (const GwScenario *scenario,
                                     const char       *path,
                                     GError          **error);
gboolean    gw_file_save_full       (const GwScenario *scenario,
                                     const GwView     *view,
                                     const char       *path,
                                     GError          **error);
char       *gw_file_schema_sql      (int               schema_major,
                                     int               schema_minor);

G_END_DECLS
