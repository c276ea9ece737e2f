/* gw-main.c: the Gigawatt desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "gw-application.h"

/* Run from the build tree (as the README's setup command does), the
 * settings schema is not installed: use the one the build compiled. This
 * must happen before GSettings reads its schema folders. An app with no
 * schema at all says so instead of aborting in GSettings. */
static gboolean
find_settings_schema (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *compiled = g_build_filename (GW_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);
  g_autofree char *build_root = g_path_get_dirname (GW_BUILD_SCHEMA_DIR);
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && self != NULL
      && g_str_has_prefix (self, build_root) && g_file_test (compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", GW_BUILD_SCHEMA_DIR, TRUE);
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    return TRUE;
  g_printerr (_("gigawatt: the settings schema %s is not installed; install Gigawatt "
                "(meson install) or set GSETTINGS_SCHEMA_DIR to the folder that holds "
                "gschemas.compiled\n"), APPLICATION_ID);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!find_settings_schema ())
    return 1;
  app = gw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
