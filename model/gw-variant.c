/* gw-variant.c: resolving a variant's overrides into a concrete scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-table.h"

/**
 * gw_scenario_resolve:
 * @variant: (nullable): a variant's name; %NULL or "" for the base scenario
 *
 * Applies the variant's overrides to a copy of the scenario and validates
 * the result. The copy keeps no variants or overrides: it is what an engine
 * runs.
 *
 * Returns: (transfer full) (nullable): the concrete scenario, or %NULL
 *   with @error set
 */
GwScenario *
gw_scenario_resolve (const GwScenario *self,
                     const char       *variant,
                     GError          **error)
{
  g_autoptr(GwScenario) resolved = NULL;

  if (!gw_scenario_validate (self, error))
    return NULL;
  if (variant != NULL && variant[0] != '\0' &&
      gw_scenario_find_row (self, GW_TABLE_VARIANTS, variant) < 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("the scenario has no variant named “%s”"), variant);
      return NULL;
    }

  resolved = gw_scenario_copy (self);
  for (guint i = 0; variant != NULL && i < gw_scenario_n_rows (self, GW_TABLE_OVERRIDES); i++)
    {
      const GwOverride *o = gw_scenario_override (self, i);
      const GwField *field;
      gpointer row;
      GwInputRef ref;

      if (g_strcmp0 (o->variant, variant) != 0)
        continue;
      if (!gw_scenario_parse_input (resolved, o->input, &ref, error))
        return NULL;
      field = gw_table_field (ref.table, ref.field);
      row = gw_scenario_get_row (resolved, ref.table, ref.row);
      if (field->type == GW_FIELD_DIST)
        *GW_FIELD_DIST_OF (row, field) = o->value;
      else
        GW_FIELD_INT_OF (row, field) = (int) o->value.p[0];
    }
  g_ptr_array_set_size (resolved->rows[GW_TABLE_OVERRIDES], 0);
  g_ptr_array_set_size (resolved->rows[GW_TABLE_VARIANTS], 0);

  if (variant != NULL && variant[0] != '\0')
    {
      g_autoptr(GError) local = NULL;

      if (!gw_scenario_validate (resolved, &local))
        {
          g_set_error (error, GW_ERROR, local->code, _("variant “%s”: %s"), variant,
                       local->message);
          return NULL;
        }
    }
  return g_steal_pointer (&resolved);
}

/**
 * gw_scenario_validate_all:
 *
 * Validates the scenario and every variant resolved on it (what
 * `gigawatt-cli validate` checks), so that saving and importing refuse a
 * file that validation would then reject.
 *
 * Returns: %TRUE if the scenario and all its variants are valid
 */
gboolean
gw_scenario_validate_all (const GwScenario *self,
                          GError          **error)
{
  if (!gw_scenario_validate (self, error))
    return FALSE;
  for (guint i = 0; i < gw_scenario_n_rows (self, GW_TABLE_VARIANTS); i++)
    {
      g_autoptr(GwScenario) resolved =
        gw_scenario_resolve (self, gw_scenario_variant (self, i)->name, error);

      if (resolved == NULL)
        return FALSE;
    }
  return TRUE;
}
