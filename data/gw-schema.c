/* gw-schema.c: reading a file of an older schema
 *
 * A file of an older major schema is read into the current one in memory.
 * Each loader gives the fields the old schema has no column or member for
 * their neutral values as it reads a row, and refuses an old file that holds
 * one of them anyway; what is left, and is the same for the .gigawatt file
 * and JSON, is done here. Loading never rewrites the file: it becomes the
 * current schema when the user saves it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-schema.h"

/* The model version (MODEL.md) that the files of each schema major follow. */
static const int model_version_of_schema[GW_FILE_SCHEMA_MAJOR + 1] = {
  [1] = 1,
  [2] = 2,
};

/**
 * gw_load_info_clear:
 *
 * Frees what @info holds and zeroes it; an @info that a failed load left
 * as it was initialised ({ 0 }) is fine.
 */
void
gw_load_info_clear (GwLoadInfo *info)
{
  g_clear_pointer (&info->view, gw_view_free);
  g_clear_pointer (&info->warnings, g_ptr_array_unref);
  *info = (GwLoadInfo) { 0 };
}

/**
 * gw_schema_new_field_message:
 * @name: a field, or an input path that names one
 * @since: the schema major the field first appears in
 * @schema_major: the schema of the file that holds it
 *
 * Returns: why a file of @schema_major cannot hold @name, translated
 */
char *
gw_schema_new_field_message (const char *name,
                             int         since,
                             int         schema_major)
{
  return g_strdup_printf (_("“%s” is new in schema %d.0; a schema %d.x file cannot hold it"),
                          name, since, schema_major);
}

/* An input path (a correlation's input, an override's target) may name a
 * field that the file's schema does not have. */
static gboolean
check_input_paths (const GwScenario  *scenario,
                   int                schema_major,
                   const char        *display_name,
                   GError           **error)
{
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      const GwTableInfo *info = gw_table_info (t);

      for (guint f = 0; f < info->n_fields; f++)
        {
          const GwField *field = &info->fields[f];

          if (field->type != GW_FIELD_INPUT)
            continue;
          for (guint r = 0; r < gw_scenario_n_rows (scenario, t); r++)
            {
              const char *path = GW_FIELD_TEXT_OF (gw_scenario_get_row (scenario, t, r), field);
              const GwField *target;
              g_autofree char *label = NULL;
              g_autofree char *what = NULL;
              GwInputRef ref;

              /* One that names nothing is left to validation to report. */
              if (!gw_scenario_parse_input (scenario, path, &ref, NULL))
                continue;
              target = gw_table_field (ref.table, ref.field);
              if (gw_field_in_schema (target, schema_major))
                continue;
              label = gw_scenario_row_label (scenario, t, r);
              what = gw_schema_new_field_message (path, target->since, schema_major);
              g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                           /* TRANSLATORS: file, table, row label, field, problem */
                           _("“%s”: %s, %s, field “%s”: %s"), display_name, info->name, label,
                           field->name, what);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/**
 * gw_schema_upgrade:
 * @scenario: what a loader read from a file of @schema_major, its rows
 *   complete (fields the schema lacks already neutral), not yet validated
 * @schema_major: the file's schema
 * @display_name: how messages name the file
 *
 * Brings a scenario read from a file of an older schema to the current one:
 * checks what the old schema could only hold in text (the input paths) and
 * its model version, then sets the model version to GW_MODEL_VERSION. Does
 * nothing for the current schema.
 *
 * Returns: %FALSE with @error set where the file holds what its schema cannot
 */
gboolean
gw_schema_upgrade (GwScenario  *scenario,
                   int          schema_major,
                   const char  *display_name,
                   GError     **error)
{
  int model_version;

  g_return_val_if_fail (schema_major >= GW_FILE_SCHEMA_MAJOR_MIN &&
                        schema_major <= GW_FILE_SCHEMA_MAJOR, FALSE);
  if (schema_major == GW_FILE_SCHEMA_MAJOR)
    return TRUE;

  model_version = model_version_of_schema[schema_major];
  if (scenario->info.model_version != model_version)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("“%s”: scenario, field “model_version”: a schema %d.x file follows model "
                     "version %d, not %d"), display_name, schema_major, model_version,
                   scenario->info.model_version);
      return FALSE;
    }
  if (!check_input_paths (scenario, schema_major, display_name, error))
    return FALSE;
  scenario->info.model_version = GW_MODEL_VERSION;
  return TRUE;
}
