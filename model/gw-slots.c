/* gw-slots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-quarter.h"
#include "gw-scenario.h"
#include "gw-slots.h"
#include "gw-table.h"

static void
add_row_slots (GArray  *slots,
               GwTable  table,
               guint    row)
{
  const GwTableInfo *info = gw_table_info (table);

  for (guint f = 0; f < info->n_fields; f++)
    if (info->fields[f].type == GW_FIELD_DIST)
      {
        GwSlot slot = { table, row, f, -1, -1 };

        g_array_append_val (slots, slot);
      }
}

static int
find_fleet_row (const GwScenario *self,
                const char       *provider,
                const char       *generation)
{
  for (guint i = 0; i < gw_scenario_n_rows (self, GW_TABLE_FLEET); i++)
    {
      const GwFleet *fleet = gw_scenario_fleet (self, i);

      if (g_strcmp0 (fleet->provider, provider) == 0 &&
          g_strcmp0 (fleet->generation, generation) == 0)
        return i;
    }
  return -1;
}

/**
 * gw_scenario_slots:
 *
 * Every input slot in the order of MODEL.md section 3: generations,
 * providers (with their initial fleet of every generation), build plans,
 * deals, market, events; disabled rows included.
 *
 * Returns: (transfer full) (element-type GwSlot): K slots
 */
GArray *
gw_scenario_slots (const GwScenario *self)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (GwSlot));
  guint n_gen = gw_scenario_n_generations (self);
  int units = gw_table_find_field (GW_TABLE_FLEET, "units");

  for (guint i = 0; i < n_gen; i++)
    add_row_slots (slots, GW_TABLE_GENERATIONS, i);

  for (guint p = 0; p < gw_scenario_n_providers (self); p++)
    {
      const GwProvider *provider = gw_scenario_provider (self, p);
      const GwTableInfo *info = gw_table_info (GW_TABLE_PROVIDERS);
      guint f = 0;

      /* power_mw and build_execution, then the fleet, then the rest. */
      for (guint n = 0; f < info->n_fields && n < 2; f++)
        if (info->fields[f].type == GW_FIELD_DIST)
          {
            GwSlot slot = { GW_TABLE_PROVIDERS, p, f, -1, -1 };

            g_array_append_val (slots, slot);
            n++;
          }
      for (guint g = 0; g < n_gen; g++)
        {
          GwSlot slot = { GW_TABLE_FLEET, -1, units, p, g };

          slot.row = find_fleet_row (self, provider->name, gw_scenario_generation (self, g)->name);
          g_array_append_val (slots, slot);
        }
      for (; f < info->n_fields; f++)
        if (info->fields[f].type == GW_FIELD_DIST)
          {
            GwSlot slot = { GW_TABLE_PROVIDERS, p, f, -1, -1 };

            g_array_append_val (slots, slot);
          }
    }

  for (guint i = 0; i < gw_scenario_n_rows (self, GW_TABLE_BUILD_PLANS); i++)
    add_row_slots (slots, GW_TABLE_BUILD_PLANS, i);
  for (guint i = 0; i < gw_scenario_n_deals (self); i++)
    add_row_slots (slots, GW_TABLE_DEALS, i);
  add_row_slots (slots, GW_TABLE_MARKET, 0);
  for (guint i = 0; i < gw_scenario_n_events (self); i++)
    add_row_slots (slots, GW_TABLE_EVENTS, i);

  return slots;
}

/* K = 6G + (8 + G)P + B + 4D + 31 + 2E */
guint
gw_scenario_n_slots (const GwScenario *self)
{
  guint g = gw_scenario_n_generations (self), p = gw_scenario_n_providers (self);

  return 6 * g + (8 + g) * p + gw_scenario_n_rows (self, GW_TABLE_BUILD_PLANS) +
         4 * gw_scenario_n_deals (self) + GW_N_MARKET_SLOTS + 2 * gw_scenario_n_events (self);
}

GwDist
gw_scenario_slot_dist (const GwScenario *self,
                       const GwSlot     *slot)
{
  if (slot->row < 0)
    return gw_dist_fixed (0);
  return *GW_FIELD_DIST_OF (gw_scenario_get_row (self, slot->table, slot->row),
                            gw_table_field (slot->table, slot->field));
}

char *
gw_scenario_slot_path (const GwScenario *self,
                       const GwSlot     *slot)
{
  if (slot->row < 0)
    return g_strdup_printf ("fleet[%s/%s].units",
                            gw_scenario_provider (self, slot->provider)->name,
                            gw_scenario_generation (self, slot->generation)->name);
  return gw_scenario_input_path (self, slot->table, slot->row, slot->field);
}

/**
 * gw_scenario_slot_label:
 *
 * How people name an input, translated: “Token growth”, “CoreWeave:
 * Opex”, “Meta II deal: Price”, “CoreWeave build plan from
 * 2027Q1: Added power”, “CoreWeave H100 fleet (units)”, where
 * gw_scenario_slot_path() gives the override path
 * (“build_plans[9].mw_per_quarter”).
 */
char *
gw_scenario_slot_label (const GwScenario *self,
                        const GwSlot     *slot)
{
  const GwTableInfo *info;
  const GwField *field;
  g_autofree char *key = NULL;

  if (slot->row < 0)
    /* Translators: a provider's initial fleet of one generation */
    return g_strdup_printf (_("%s %s fleet (units)"),
                            gw_scenario_provider (self, slot->provider)->name,
                            gw_scenario_generation (self, slot->generation)->name);
  info = gw_table_info (slot->table);
  field = &info->fields[slot->field];
  if (info->single)
    return g_strdup (_(field->label));
  if (slot->table == GW_TABLE_BUILD_PLANS)
    {
      const GwBuildPlan *b = gw_scenario_get_row (self, slot->table, (guint) slot->row);
      g_autofree char *from = gw_quarter_format (b->from);

      /* Translators: "CoreWeave build plan from 2027Q1: Added power" */
      return g_strdup_printf (_("%s build plan from %s: %s"), b->provider, from,
                              _(field->label));
    }
  key = gw_scenario_row_key (self, slot->table, (guint) slot->row);
  if (slot->table == GW_TABLE_PROVIDERS || slot->table == GW_TABLE_GENERATIONS)
    return g_strdup_printf ("%s: %s", key, _(field->label));
  {
    g_autofree char *kind = g_utf8_strdown (_(info->row_label), -1);

    /* Translators: a row's name and kind, then a field: "Meta II deal: price" */
    return g_strdup_printf (_("%s %s: %s"), key, kind, _(field->label));
  }
}

int
gw_scenario_find_slot (const GwScenario *self,
                       const GArray     *slots,
                       const GwInputRef *ref)
{
  for (guint k = 0; k < slots->len; k++)
    {
      const GwSlot *slot = &g_array_index (slots, GwSlot, k);

      if (slot->table == ref->table && slot->row == ref->row && slot->field == ref->field)
        return k;
    }
  return -1;
}

void
gw_copula_free (GwCopula *copula)
{
  if (copula == NULL)
    return;
  g_free (copula->slots);
  g_free (copula->chol);
  g_free (copula);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * gw_scenario_copula:
 *
 * Builds the Gaussian copula of the correlation pairs: r = 2 sin (pi rho / 6)
 * over the slots named in pairs, ascending, and its Cholesky factor. The
 * pairs must already be valid one by one (gw_scenario_check() does that).
 *
 * Returns: (transfer full) (nullable): the copula (n = 0 without pairs), or
 *   %NULL with @error naming the pairs that make the matrix not positive
 *   definite
 */
GwCopula *
gw_scenario_copula (const GwScenario *self,
                    GError          **error)
{
  g_autoptr(GwCopula) copula = g_new0 (GwCopula, 1);
  g_autoptr(GArray) slots = gw_scenario_slots (self);
  guint n_pairs = gw_scenario_n_rows (self, GW_TABLE_CORRELATIONS);
  g_autofree int *pair_a = g_new (int, n_pairs + 1);
  g_autofree int *pair_b = g_new (int, n_pairs + 1);
  g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *r = NULL;
  guint n;

  for (guint i = 0; i < n_pairs; i++)
    {
      const GwCorrelation *c = gw_scenario_correlation (self, i);
      GwInputRef ra, rb;

      if (!gw_scenario_parse_input (self, c->a, &ra, error) ||
          !gw_scenario_parse_input (self, c->b, &rb, error))
        return NULL;
      pair_a[i] = gw_scenario_find_slot (self, slots, &ra);
      pair_b[i] = gw_scenario_find_slot (self, slots, &rb);
      if (pair_a[i] < 0 || pair_b[i] < 0)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_CORRELATION,
                       _("correlations row %u: “%s” or “%s” is not an uncertain input"),
                       i + 1, c->a, c->b);
          return NULL;
        }
      g_array_append_val (used, pair_a[i]);
      g_array_append_val (used, pair_b[i]);
    }

  g_array_sort (used, compare_uint);
  for (guint i = 0; i < used->len; i++)
    if (i == 0 || g_array_index (used, guint, i) != g_array_index (used, guint, copula->n - 1))
      g_array_index (used, guint, copula->n++) = g_array_index (used, guint, i);
  n = copula->n;
  copula->slots = g_new (guint, MAX (n, 1));
  /* an empty GArray's data is NULL, and memcpy from NULL is undefined even for 0 bytes */
  if (n > 0)
    memcpy (copula->slots, used->data, n * sizeof (guint));

  r = g_new0 (double, MAX (n * n, 1));
  for (guint i = 0; i < n; i++)
    r[i * n + i] = 1;
  for (guint i = 0; i < n_pairs; i++)
    {
      double rho = gw_scenario_correlation (self, i)->rho;
      guint a = 0, b = 0;

      while (copula->slots[a] != (guint) pair_a[i])
        a++;
      while (copula->slots[b] != (guint) pair_b[i])
        b++;
      r[a * n + b] = r[b * n + a] = 2 * sin (G_PI * rho / 6);
    }

  copula->chol = g_new0 (double, MAX (n * n, 1));
  for (guint j = 0; j < n; j++)
    {
      double *L = copula->chol;
      double d = r[j * n + j];

      for (guint k = 0; k < j; k++)
        d -= L[j * n + k] * L[j * n + k];
      if (!(d > 1e-12))
        {
          g_autoptr(GString) names = g_string_new (NULL);

          /* The pairs among the slots up to the failing pivot that touch it
           * are the ones that cannot hold together. */
          for (guint i = 0; i < n_pairs; i++)
            {
              const GwCorrelation *c = gw_scenario_correlation (self, i);
              gboolean touches = (guint) pair_a[i] == copula->slots[j] ||
                                 (guint) pair_b[i] == copula->slots[j];
              gboolean inside = TRUE;

              for (guint k = j + 1; k < n; k++)
                inside &= (guint) pair_a[i] != copula->slots[k] &&
                          (guint) pair_b[i] != copula->slots[k];
              if (!touches || !inside)
                continue;
              if (names->len > 0)
                g_string_append (names, "; ");
              g_string_append_printf (names, "%s ~ %s (%g)", c->a, c->b, c->rho);
            }
          g_set_error (error, GW_ERROR, GW_ERROR_CORRELATION,
                       _("the rank correlations cannot all hold at once "
                         "(the matrix is not positive definite); check the pairs %s"),
                       names->str);
          return NULL;
        }
      L[j * n + j] = sqrt (d);
      for (guint i = j + 1; i < n; i++)
        {
          double s = r[i * n + j];

          for (guint k = 0; k < j; k++)
            s -= L[i * n + k] * L[j * n + k];
          L[i * n + j] = s / L[j * n + j];
        }
    }

  return g_steal_pointer (&copula);
}
