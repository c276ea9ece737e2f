/* gw-schema.h: the version of the file schema, shared by the .gigawatt file and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-table.h"
#include "gw-view.h"

G_BEGIN_DECLS

/* Written as user_version = major * 10000 + minor in a .gigawatt file and as
 * "schema_version": "major.minor" in JSON. An older major is upgraded in
 * memory, a newer minor is read, a newer major is refused. */
#define GW_FILE_SCHEMA_MAJOR 2
#define GW_FILE_SCHEMA_MINOR 1
/* The oldest schema that is still read. */
#define GW_FILE_SCHEMA_MAJOR_MIN 1

/**
 * GwLoadInfo:
 * @schema_major: the schema the file or document was written in
 * @schema_minor: its minor version
 * @upgraded: it was of an older major schema and was upgraded in memory: the
 *   fields it could not hold have their neutral values, and the file itself
 *   is unchanged until it is saved
 * @view: (transfer full): the view saved with the scenario (empty where the
 *   file has none)
 * @warnings: (transfer full) (element-type utf8): what of the file was not
 *   read, and why: view entries that could not be read, each left at its
 *   default; the scenario itself is never partly read
 *
 * What a loader found out about a file besides the scenario, filled in when
 * the load succeeds. Free what it holds with gw_load_info_clear() (or
 * declare it g_auto(GwLoadInfo) info = { 0 }).
 */
typedef struct
{
  int        schema_major;
  int        schema_minor;
  gboolean   upgraded;
  GwView    *view;
  GPtrArray *warnings;
} GwLoadInfo;

void      gw_load_info_clear          (GwLoadInfo  *info);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwLoadInfo, gw_load_info_clear)

char     *gw_schema_new_field_message (const char  *name,
                                       int          since,
                                       int          schema_major);
gboolean  gw_schema_upgrade           (GwScenario  *scenario,
                                       int          schema_major,
                                       const char  *display_name,
                                       GError     **error);

G_END_DECLS
