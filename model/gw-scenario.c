/* gw-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-quarter.h"
#include "gw-table.h"

/* G_DEFINE_BOXED_TYPE, written out: its GCC form converts the functions to
 * a transparent union, which -Wpedantic rejects. */
GType
gw_scenario_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_boxed_type_register_static (g_intern_static_string ("GwScenario"),
                                                            (GBoxedCopyFunc) gw_scenario_copy,
                                                            (GBoxedFreeFunc) gw_scenario_free));
  return type;
}

static void
row_free (GwTable  table,
          gpointer row)
{
  gw_row_clear (table, row);
  g_free (row);
}

#define DEFINE_ROW_FREE(Name, TABLE) \
  static void Name (gpointer row) { row_free (TABLE, row); }
DEFINE_ROW_FREE (generation_free, GW_TABLE_GENERATIONS)
DEFINE_ROW_FREE (provider_free, GW_TABLE_PROVIDERS)
DEFINE_ROW_FREE (fleet_free, GW_TABLE_FLEET)
DEFINE_ROW_FREE (build_plan_free, GW_TABLE_BUILD_PLANS)
DEFINE_ROW_FREE (deal_free, GW_TABLE_DEALS)
DEFINE_ROW_FREE (event_free, GW_TABLE_EVENTS)
DEFINE_ROW_FREE (correlation_free, GW_TABLE_CORRELATIONS)
DEFINE_ROW_FREE (variant_free, GW_TABLE_VARIANTS)
DEFINE_ROW_FREE (override_free, GW_TABLE_OVERRIDES)
DEFINE_ROW_FREE (actual_free, GW_TABLE_ACTUALS)

static const GDestroyNotify row_free_funcs[GW_N_TABLES] = {
  [GW_TABLE_GENERATIONS] = generation_free,
  [GW_TABLE_PROVIDERS] = provider_free,
  [GW_TABLE_FLEET] = fleet_free,
  [GW_TABLE_BUILD_PLANS] = build_plan_free,
  [GW_TABLE_DEALS] = deal_free,
  [GW_TABLE_EVENTS] = event_free,
  [GW_TABLE_CORRELATIONS] = correlation_free,
  [GW_TABLE_VARIANTS] = variant_free,
  [GW_TABLE_OVERRIDES] = override_free,
  [GW_TABLE_ACTUALS] = actual_free,
};

/**
 * gw_scenario_new:
 *
 * Returns: (transfer full): an empty scenario starting 2026Q1 with 28
 *   quarters and 10,000 paths; its market fields are all 0 and so invalid
 *   until they are set.
 */
GwScenario *
gw_scenario_new (void)
{
  GwScenario *self = g_new0 (GwScenario, 1);

  gw_row_init (GW_TABLE_SCENARIO, &self->info);
  gw_row_init (GW_TABLE_MARKET, &self->market);
  self->info.start = GW_QUARTER (2026, 1);
  self->info.horizon = 28;
  self->info.paths = 10000;
  self->info.seed = 1;
  self->info.model_version = GW_MODEL_VERSION;
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    if (!gw_table_info (t)->single)
      self->rows[t] = g_ptr_array_new_with_free_func (row_free_funcs[t]);
  return self;
}

GwScenario *
gw_scenario_copy (const GwScenario *self)
{
  GwScenario *copy = g_new0 (GwScenario, 1);

  gw_row_copy_into (GW_TABLE_SCENARIO, &copy->info, &self->info);
  gw_row_copy_into (GW_TABLE_MARKET, &copy->market, &self->market);
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      if (self->rows[t] == NULL)
        continue;
      copy->rows[t] = g_ptr_array_new_full (self->rows[t]->len, row_free_funcs[t]);
      for (guint i = 0; i < self->rows[t]->len; i++)
        {
          gpointer row = g_malloc (gw_table_info (t)->row_size);

          gw_row_copy_into (t, row, self->rows[t]->pdata[i]);
          g_ptr_array_add (copy->rows[t], row);
        }
    }
  return copy;
}

void
gw_scenario_free (GwScenario *self)
{
  if (self == NULL)
    return;
  gw_row_clear (GW_TABLE_SCENARIO, &self->info);
  gw_row_clear (GW_TABLE_MARKET, &self->market);
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    g_clear_pointer (&self->rows[t], g_ptr_array_unref);
  g_free (self);
}

gboolean
gw_scenario_equal (const GwScenario *a,
                   const GwScenario *b)
{
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      guint n = gw_scenario_n_rows (a, t);

      if (n != gw_scenario_n_rows (b, t))
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (!gw_row_equal (t, gw_scenario_get_row (a, t, i), gw_scenario_get_row (b, t, i)))
          return FALSE;
    }
  return TRUE;
}

guint
gw_scenario_n_rows (const GwScenario *self,
                    GwTable           table)
{
  if (gw_table_info (table)->single)
    return 1;
  return self->rows[table]->len;
}

gpointer
gw_scenario_get_row (const GwScenario *self,
                     GwTable           table,
                     guint             index)
{
  if (table == GW_TABLE_SCENARIO)
    return (gpointer) &self->info;
  if (table == GW_TABLE_MARKET)
    return (gpointer) &self->market;
  g_return_val_if_fail (index < self->rows[table]->len, NULL);
  return self->rows[table]->pdata[index];
}

/**
 * gw_scenario_add_row:
 *
 * Appends a row with default values (see gw_row_init()).
 *
 * Returns: (transfer none): the new row
 */
gpointer
gw_scenario_add_row (GwScenario *self,
                     GwTable     table)
{
  gpointer row;

  g_return_val_if_fail (!gw_table_info (table)->single, NULL);
  row = gw_row_new (table);
  g_ptr_array_add (self->rows[table], row);
  return row;
}

void
gw_scenario_remove_row (GwScenario *self,
                        GwTable     table,
                        guint       index)
{
  g_return_if_fail (!gw_table_info (table)->single);
  g_return_if_fail (index < self->rows[table]->len);
  g_ptr_array_remove_index (self->rows[table], index);
}

/**
 * gw_scenario_row_key:
 *
 * The key that names a row in input paths and overrides: the name where
 * the table has one, "provider/generation" for the fleet, else the 1-based
 * row number; "" for the single-row tables.
 */
char *
gw_scenario_row_key (const GwScenario *self,
                     GwTable           table,
                     guint             index)
{
  const GwTableInfo *info = gw_table_info (table);
  gconstpointer row;

  if (info->single)
    return g_strdup ("");
  row = gw_scenario_get_row (self, table, index);
  if (info->key_field >= 0)
    return g_strdup (GW_FIELD_TEXT_OF (row, &info->fields[info->key_field]));
  if (table == GW_TABLE_FLEET)
    return g_strdup_printf ("%s/%s", ((const GwFleet *) row)->provider,
                            ((const GwFleet *) row)->generation);
  return g_strdup_printf ("%u", index + 1);
}

/**
 * gw_scenario_row_label:
 *
 * How messages name a row: “row 3 (Meta I)” or “row 3”.
 */
char *
gw_scenario_row_label (const GwScenario *self,
                       GwTable           table,
                       guint             index)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autofree char *key = NULL;

  if (info->single)
    return g_strdup (_("the only row"));
  if (info->key_field < 0 && table != GW_TABLE_FLEET)
    return g_strdup_printf (_("row %u"), index + 1);
  key = gw_scenario_row_key (self, table, index);
  return g_strdup_printf (_("row %u (“%s”)"), index + 1, key);
}

int
gw_scenario_find_row (const GwScenario *self,
                      GwTable           table,
                      const char       *key)
{
  const GwTableInfo *info = gw_table_info (table);
  guint n;

  if (info->single)
    return key == NULL || key[0] == '\0' ? 0 : -1;
  n = gw_scenario_n_rows (self, table);
  if (info->key_field >= 0)
    {
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (GW_FIELD_TEXT_OF (self->rows[table]->pdata[i],
                                         &info->fields[info->key_field]), key) == 0)
          return i;
      return -1;
    }
  if (table == GW_TABLE_FLEET)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *k = gw_scenario_row_key (self, table, i);

          if (g_strcmp0 (k, key) == 0)
            return i;
        }
      return -1;
    }
  else
    {
      char *end = NULL;
      guint64 number;

      if (key == NULL || !g_ascii_isdigit (key[0]))
        return -1;
      number = g_ascii_strtoull (key, &end, 10);
      if (*end != '\0' || number < 1 || number > n)
        return -1;
      return (int) number - 1;
    }
}

/**
 * gw_scenario_parse_input:
 * @path: "market.price_0", "deals[Meta I].price", "fleet[CoreWeave/H100].units"...
 *
 * Resolves an input path to a row and field of this scenario.
 */
gboolean
gw_scenario_parse_input (const GwScenario *self,
                         const char       *path,
                         GwInputRef       *ref,
                         GError          **error)
{
  g_autofree char *table_name = NULL;
  g_autofree char *key = NULL;
  const char *open, *close, *dot;
  const GwTableInfo *info;
  GwTable table;
  int row, field;

  open = strchr (path, '[');
  if (open != NULL)
    {
      close = strchr (open, ']');
      if (close == NULL || close[1] != '.')
        goto syntax;
      table_name = g_strndup (path, open - path);
      key = g_strndup (open + 1, close - open - 1);
      dot = close + 1;
    }
  else
    {
      dot = strchr (path, '.');
      if (dot == NULL)
        goto syntax;
      table_name = g_strndup (path, dot - path);
      key = g_strdup ("");
    }

  if (!gw_table_from_name (table_name, &table))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("input “%s” names no table “%s”"), path, table_name);
      return FALSE;
    }
  info = gw_table_info (table);
  if (info->single != (open == NULL))
    goto syntax;
  row = gw_scenario_find_row (self, table, key);
  if (row < 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("input “%s”: %s has no row “%s”"), path, info->name, key);
      return FALSE;
    }
  field = gw_table_find_field (table, dot + 1);
  if (field < 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
                   _("input “%s”: %s has no field “%s”"), path, info->name, dot + 1);
      return FALSE;
    }
  ref->table = table;
  ref->row = row;
  ref->field = field;
  return TRUE;

syntax:
  g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
               _("“%s” is not an input path such as market.price_0 or deals[Meta I].price"),
               path);
  return FALSE;
}

char *
gw_scenario_input_path (const GwScenario *self,
                        GwTable           table,
                        guint             row,
                        guint             field)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autofree char *key = NULL;

  if (info->single)
    return g_strdup_printf ("%s.%s", info->name, info->fields[field].name);
  key = gw_scenario_row_key (self, table, row);
  return g_strdup_printf ("%s[%s].%s", info->name, key, info->fields[field].name);
}

/**
 * gw_deal_derived_field:
 *
 * Returns: the field index (in the deals table) of whichever of value,
 *   capacity and price is not given, or -1 unless exactly one is missing
 */
int
gw_deal_derived_field (const GwDeal *deal)
{
  const GwDist *given[] = { &deal->value, &deal->capacity, &deal->price };
  static const char *names[] = { "value", "capacity", "price" };
  int missing = -1, n_missing = 0;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (!gw_dist_is_set (given[i]))
      {
        missing = gw_table_find_field (GW_TABLE_DEALS, names[i]);
        n_missing++;
      }
  return n_missing == 1 ? missing : -1;
}

/**
 * gw_deal_ramp:
 * @quarter: an absolute quarter
 *
 * Returns: ramp_d: min (1, (q - start + 1) / ramp_quarters) inside the
 *   term, 0 outside it
 */
double
gw_deal_ramp (const GwDeal *deal,
              int           quarter)
{
  if (quarter < deal->start || quarter > deal->end)
    return 0;
  return MIN (1.0, (double) (quarter - deal->start + 1) / deal->ramp_quarters);
}

/* R_d: the ramp summed over the whole term, in term order. */
double
gw_deal_ramp_sum (const GwDeal *deal)
{
  double sum = 0;

  for (int q = deal->start; q <= deal->end; q++)
    sum += gw_deal_ramp (deal, q);
  return sum;
}

/**
 * gw_provider_buys:
 *
 * Whether the provider buys from @vendor. An empty buys list buys from
 * every vendor; a generation without a vendor is bought only by those.
 */
gboolean
gw_provider_buys (const GwProvider *provider,
                  const char       *vendor)
{
  g_auto(GStrv) vendors = NULL;

  if (provider->buys == NULL || provider->buys[0] == '\0')
    return TRUE;
  if (vendor == NULL || vendor[0] == '\0')
    return FALSE;
  vendors = g_strsplit (provider->buys, ",", -1);
  for (guint i = 0; vendors[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (vendors[i]), vendor) == 0)
      return TRUE;
  return FALSE;
}
