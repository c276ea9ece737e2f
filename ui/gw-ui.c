/* gw-ui.c: setting up the ui library
 *
 * The ui resources are registered by hand: a static library's resource
 * constructor would be dropped by the linker when nothing refers to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-ui.h"
#include "gw-ui-resources.h"

void
gw_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      gw_ui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

/**
 * gw_ui_get_settings:
 *
 * The app's settings, for a widget that follows them (the runs' paths and
 * engine); %NULL where the schema is not installed (a widget made alone, by
 * a test).
 *
 * Returns: (transfer full) (nullable): a new #GSettings
 */
GSettings *
gw_ui_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "paths"))
    return NULL;
  return g_settings_new (APPLICATION_ID);
}
