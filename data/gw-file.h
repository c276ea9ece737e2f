/* gw-file.h: the .gigawatt file (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"

G_BEGIN_DECLS

/* "GWAT" in the SQLite header's application_id field. */
#define GW_FILE_APPLICATION_ID 0x47574154
/* user_version = major * 10000 + minor; a newer major is refused. */
#define GW_FILE_SCHEMA_MAJOR 1
#define GW_FILE_SCHEMA_MINOR 0
#define GW_FILE_MAX_SIZE (256 * 1024 * 1024)

GwScenario *gw_file_load       (const char       *path,
                                GError          **error);
GwScenario *gw_file_load_bytes (GBytes           *bytes,
                                const char       *display_name,
                                GError          **error);
gboolean    gw_file_save       (const GwScenario *scenario,
                                const char       *path,
                                GError          **error);
char       *gw_file_schema_sql (void);

G_END_DECLS
