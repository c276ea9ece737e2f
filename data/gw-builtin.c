/* gw-builtin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "gw-builtin.h"
#include "gw-data-resources.h"
#include "gw-error.h"
#include "gw-json.h"

static const char * const builtins[] = { GW_BUILTIN_BASELINE, NULL };

const char * const *
gw_builtin_list (void)
{
  return builtins;
}

/**
 * gw_builtin_load:
 * @id: a name from gw_builtin_list(), such as "baseline-2026"
 *
 * Returns: (transfer full) (nullable): a fresh copy of the built-in scenario
 */
GwScenario *
gw_builtin_load (const char  *id,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  if (!g_strv_contains (builtins, id))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("There is no built-in scenario “%s”"), id);
      return NULL;
    }
  path = g_strdup_printf ("/org/gigawatt/Gigawatt/scenarios/%s.json", id);
  bytes = g_resource_lookup_data (gw_data_get_resource (), path, 0, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return gw_json_from_data (data, size, id, error);
}
