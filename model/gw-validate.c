/* gw-validate.c: every rule of MODEL.md sections 1, 2 and 6
 *
 * The file may be hostile, so this runs after every load as well as
 * before every run; its messages name table, row, field and value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-quarter.h"
#include "gw-slots.h"

typedef struct
{
  const GwScenario *scenario;
  GPtrArray        *problems;
} Check;

void
gw_problem_free (GwProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (6, 7)
static void
report (Check      *check,
        GwTable     table,
        int         row,
        int         field,
        int         code,
        const char *format,
        ...)
{
  const GwTableInfo *info = gw_table_info (table);
  GwProblem *problem = g_new0 (GwProblem, 1);
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (row >= 0 && !info->single)
    {
      g_autofree char *label = gw_scenario_row_label (check->scenario, table, row);

      where = field >= 0
        /* TRANSLATORS: table name, row label and field name, e.g.
         * deals, row 3 (“Meta I”), field “end” */
        ? g_strdup_printf (_("%s, %s, field “%s”"), info->name, label, info->fields[field].name)
        : g_strdup_printf (_("%s, %s"), info->name, label);
    }
  else
    where = field >= 0
      ? g_strdup_printf (_("%s, field “%s”"), info->name, info->fields[field].name)
      : g_strdup (info->name);

  problem->table = table;
  problem->row = row;
  problem->field = field;
  problem->code = code;
  problem->message = g_strdup_printf ("%s: %s", where, what);
  g_ptr_array_add (check->problems, problem);
}

static gboolean
name_is_valid (const char  *name,
               const char **why)
{
  if (name[0] == '\0')
    {
      *why = _("a name is required");
      return FALSE;
    }
  for (const char *p = name; *p; p++)
    if (*p == '[' || *p == ']' || *p == '/' || (guchar) *p < 0x20 || *p == 0x7f)
      {
        *why = _("names cannot hold brackets, slashes or control characters");
        return FALSE;
      }
  if (name[0] == ' ' || name[strlen (name) - 1] == ' ')
    {
      *why = _("names cannot start or end with a space");
      return FALSE;
    }
  return TRUE;
}

static void
check_fields (Check   *check,
              GwTable  table,
              guint    r)
{
  const GwTableInfo *info = gw_table_info (table);
  gconstpointer row = gw_scenario_get_row (check->scenario, table, r);

  for (guint f = 0; f < info->n_fields; f++)
    {
      const GwField *field = &info->fields[f];
      g_autofree char *problem = NULL;

      switch (field->type)
        {
        case GW_FIELD_TEXT:
        case GW_FIELD_NAME:
        case GW_FIELD_REF:
        case GW_FIELD_INPUT:
          {
            const char *text = GW_FIELD_TEXT_OF (row, field);
            gsize limit = field->type == GW_FIELD_TEXT ? GW_MAX_TEXT_LENGTH : GW_MAX_NAME_LENGTH;
            const char *why = NULL;

            if (text == NULL || !g_utf8_validate (text, -1, NULL))
              report (check, table, r, f, GW_ERROR_INVALID_VALUE, _("the text is not valid UTF-8"));
            else if (strlen (text) > limit)
              report (check, table, r, f, GW_ERROR_LIMIT,
                      _("the text is %" G_GSIZE_FORMAT " bytes long; at most %" G_GSIZE_FORMAT
                        " are allowed"), strlen (text), limit);
            else if (field->type == GW_FIELD_NAME && !name_is_valid (text, &why))
              report (check, table, r, f, GW_ERROR_INVALID_VALUE, "%s (“%s”)", why, text);
            else if (field->type == GW_FIELD_REF && !(field->flags & GW_FIELD_OPTIONAL) &&
                     text[0] == '\0')
              report (check, table, r, f, GW_ERROR_INVALID_REFERENCE,
                      _("a %s is required"), _(gw_table_info (field->ref_table)->row_label));
            else if (field->type == GW_FIELD_REF && text[0] != '\0' &&
                     gw_scenario_find_row (check->scenario, field->ref_table, text) < 0)
              report (check, table, r, f, GW_ERROR_INVALID_REFERENCE,
                      _("there is no %s named “%s”"),
                      gw_table_info (field->ref_table)->name, text);
            break;
          }

        case GW_FIELD_DIST:
          if (table == GW_TABLE_OVERRIDES)
            break; /* checked against the field it overrides */
          problem = gw_field_check_value (field, GW_FIELD_DIST_OF (row, field));
          if (problem)
            report (check, table, r, f, GW_ERROR_INVALID_VALUE, "%s", problem);
          break;

        case GW_FIELD_REAL:
          {
            double v = GW_FIELD_REAL_OF (row, field);

            if (!gw_field_in_range (field, v))
              {
                g_autofree char *range = gw_field_format_range (field);

                report (check, table, r, f, GW_ERROR_INVALID_VALUE,
                        _("%g is outside the valid range %s"), v, range);
              }
            break;
          }

        case GW_FIELD_INT:
        case GW_FIELD_QUARTER:
        case GW_FIELD_BOOL:
        case GW_FIELD_ENUM:
          {
            GwDist d = gw_dist_fixed (GW_FIELD_INT_OF (row, field));

            problem = gw_field_check_value (field, &d);
            if (problem)
              report (check, table, r, f, GW_ERROR_INVALID_VALUE, "%s", problem);
            break;
          }

        case GW_FIELD_SEED:
        default:
          break;
        }
    }
}

static void
check_unique_names (Check  *check,
                    GwTable table)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (info->key_field < 0 && table != GW_TABLE_FLEET)
    return;
  for (guint i = 0; i < gw_scenario_n_rows (check->scenario, table); i++)
    {
      g_autofree char *key = gw_scenario_row_key (check->scenario, table, i);
      gpointer first;

      if (g_hash_table_lookup_extended (seen, key, NULL, &first))
        report (check, table, i, info->key_field, GW_ERROR_INVALID_SCENARIO,
                _("“%s” is already used by row %u"), key, GPOINTER_TO_UINT (first));
      else
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (i + 1));
    }
}

static int
field_index (GwTable     table,
             const char *name)
{
  int f = gw_table_find_field (table, name);

  g_assert (f >= 0);
  return f;
}

static void
check_generations_and_fleet (Check *check)
{
  const GwScenario *s = check->scenario;
  gboolean any_at_start = FALSE;

  for (guint g = 0; g < gw_scenario_n_generations (s); g++)
    any_at_start |= gw_scenario_generation (s, g)->available_from <= s->info.start;
  if (!any_at_start)
    report (check, GW_TABLE_GENERATIONS, -1, -1, GW_ERROR_INVALID_SCENARIO,
            _("no generation is available at the start quarter; at least one must be"));

  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_FLEET); i++)
    {
      const GwFleet *fleet = gw_scenario_fleet (s, i);
      int g = gw_scenario_find_row (s, GW_TABLE_GENERATIONS, fleet->generation);

      if (g >= 0 && gw_scenario_generation (s, g)->available_from > s->info.start)
        {
          g_autofree char *from =
            gw_quarter_format (gw_scenario_generation (s, g)->available_from);

          report (check, GW_TABLE_FLEET, i, field_index (GW_TABLE_FLEET, "generation"),
                  GW_ERROR_INVALID_SCENARIO,
                  _("%s is available only from %s, after the start: it cannot be in the "
                    "initial fleet"), fleet->generation, from);
        }
    }
}

static void
check_providers (Check *check)
{
  const GwScenario *s = check->scenario;

  for (guint p = 0; p < gw_scenario_n_providers (s); p++)
    {
      const GwProvider *provider = gw_scenario_provider (s, p);
      g_auto(GStrv) vendors = g_strsplit (provider->buys, ",", -1);

      if (provider->buys[0] == '\0')
        continue;
      for (guint v = 0; vendors[v] != NULL; v++)
        {
          const char *vendor = g_strstrip (vendors[v]);
          gboolean found = FALSE;

          for (guint g = 0; g < gw_scenario_n_generations (s) && !found; g++)
            found = g_ascii_strcasecmp (gw_scenario_generation (s, g)->vendor, vendor) == 0;
          if (!found)
            report (check, GW_TABLE_PROVIDERS, p, field_index (GW_TABLE_PROVIDERS, "buys"),
                    GW_ERROR_INVALID_REFERENCE,
                    _("no generation is sold by the vendor “%s”"), vendor);
        }
    }
}

static void
check_build_plans (Check *check)
{
  const GwScenario *s = check->scenario;

  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_BUILD_PLANS); i++)
    {
      const GwBuildPlan *plan = gw_scenario_build_plan (s, i);

      if (plan->to < plan->from)
        {
          g_autofree char *from = gw_quarter_format (plan->from);
          g_autofree char *to = gw_quarter_format (plan->to);

          report (check, GW_TABLE_BUILD_PLANS, i, field_index (GW_TABLE_BUILD_PLANS, "to"),
                  GW_ERROR_INVALID_SCENARIO, _("%s is before “from” %s"), to, from);
        }
    }
}

static void
check_deals (Check *check)
{
  const GwScenario *s = check->scenario;

  for (guint i = 0; i < gw_scenario_n_deals (s); i++)
    {
      const GwDeal *deal = gw_scenario_deal (s, i);
      guint n_given = gw_dist_is_set (&deal->value) + gw_dist_is_set (&deal->capacity) +
                      gw_dist_is_set (&deal->price);

      if (deal->end < deal->start)
        {
          g_autofree char *start = gw_quarter_format (deal->start);
          g_autofree char *end = gw_quarter_format (deal->end);

          report (check, GW_TABLE_DEALS, i, field_index (GW_TABLE_DEALS, "end"),
                  GW_ERROR_INVALID_SCENARIO, _("the deal ends (%s) before it starts (%s)"),
                  end, start);
        }
      if (deal->signed_quarter != GW_QUARTER_NONE && deal->signed_quarter > deal->start)
        {
          g_autofree char *start = gw_quarter_format (deal->start);
          g_autofree char *signed_q = gw_quarter_format (deal->signed_quarter);

          report (check, GW_TABLE_DEALS, i, field_index (GW_TABLE_DEALS, "signed"),
                  GW_ERROR_INVALID_SCENARIO,
                  _("the deal is signed (%s) after it starts (%s); it must be signed by its "
                    "start"), signed_q, start);
        }
      if (n_given != 2)
        report (check, GW_TABLE_DEALS, i, -1, GW_ERROR_INVALID_SCENARIO,
                _("exactly two of value, capacity and price must be given, not %u; the "
                  "third is derived from them"), n_given);
    }
}

static void
check_events (Check *check)
{
  const GwScenario *s = check->scenario;
  int f_target = field_index (GW_TABLE_EVENTS, "target");
  int f_magnitude = field_index (GW_TABLE_EVENTS, "magnitude");
  int f_end = field_index (GW_TABLE_EVENTS, "end");

  for (guint i = 0; i < gw_scenario_n_events (s); i++)
    {
      const GwEvent *event = gw_scenario_event (s, i);
      GwTable target_table = GW_N_TABLES;
      gboolean target_required = FALSE;
      double lo, hi;

      gw_dist_support (&event->magnitude, &lo, &hi);
      switch (event->kind)
        {
        case GW_EVENT_CAPEX_SHOCK:
          target_table = GW_TABLE_GENERATIONS;
          if (!(lo > 0) && !(lo == 0 && event->magnitude.kind > GW_DIST_FIXED))
            report (check, GW_TABLE_EVENTS, i, f_magnitude, GW_ERROR_INVALID_VALUE,
                    _("a capex shock multiplies unit capex: its magnitude must be above 0"));
          break;
        case GW_EVENT_DEMAND_SHOCK:
          if (!(lo > 0) && !(lo == 0 && event->magnitude.kind > GW_DIST_FIXED))
            report (check, GW_TABLE_EVENTS, i, f_magnitude, GW_ERROR_INVALID_VALUE,
                    _("a demand shock multiplies token growth: its magnitude must be above 0"));
          break;
        case GW_EVENT_POWER_DELAY:
          target_table = GW_TABLE_PROVIDERS;
          if (lo < 0 || hi > 1)
            report (check, GW_TABLE_EVENTS, i, f_magnitude, GW_ERROR_INVALID_VALUE,
                    _("a power delay withholds part of the planned power: its magnitude "
                      "must lie in [0, 1]"));
          break;
        case GW_EVENT_RATE_SHOCK:
          if (lo < -1 || hi > 1)
            report (check, GW_TABLE_EVENTS, i, f_magnitude, GW_ERROR_INVALID_VALUE,
                    _("a rate shock adds to interest rates: its magnitude must lie in [-1, 1]"));
          break;
        case GW_EVENT_CUSTOM_BEACHHEAD:
          {
            double mlo, mhi;

            gw_dist_support (&s->market.custom_share_max, &mlo, &mhi);
            if (lo < 0 || !(hi + mhi < 1))
              report (check, GW_TABLE_EVENTS, i, f_magnitude, GW_ERROR_INVALID_VALUE,
                      _("custom_share_max + magnitude must stay below 1 and the magnitude "
                        "at or above 0 (up to %g + %g here)"), mhi, hi);
            break;
          }
        case GW_EVENT_DEAL_DEFAULT:
          target_table = GW_TABLE_DEALS;
          target_required = TRUE;
          break;
        default:
          break;
        }

      if (event->end != GW_QUARTER_NONE && event->end < event->start)
        {
          g_autofree char *start = gw_quarter_format (event->start);
          g_autofree char *end = gw_quarter_format (event->end);

          report (check, GW_TABLE_EVENTS, i, f_end, GW_ERROR_INVALID_SCENARIO,
                  _("the event ends (%s) before it starts (%s)"), end, start);
        }
      else if (event->end != GW_QUARTER_NONE &&
               (event->kind == GW_EVENT_CUSTOM_BEACHHEAD || event->kind == GW_EVENT_DEAL_DEFAULT))
        report (check, GW_TABLE_EVENTS, i, f_end, GW_ERROR_INVALID_SCENARIO,
                _("a %s event has no end: leave it empty"),
                gw_event_kind_names ()[event->kind]);

      if (target_table == GW_N_TABLES && event->target[0] != '\0')
        report (check, GW_TABLE_EVENTS, i, f_target, GW_ERROR_INVALID_SCENARIO,
                _("a %s event takes no target, but names “%s”"),
                gw_event_kind_names ()[CLAMP (event->kind, 0, GW_N_EVENT_KINDS - 1)],
                event->target);
      else if (target_required && event->target[0] == '\0')
        report (check, GW_TABLE_EVENTS, i, f_target, GW_ERROR_INVALID_REFERENCE,
                _("a deal default needs the deal it hits as its target"));
      else if (target_table != GW_N_TABLES && event->target[0] != '\0' &&
               gw_scenario_find_row (s, target_table, event->target) < 0)
        report (check, GW_TABLE_EVENTS, i, f_target, GW_ERROR_INVALID_REFERENCE,
                _("there is no %s named “%s”"), gw_table_info (target_table)->name,
                event->target);
    }
}

static gboolean
is_slot_table (GwTable table)
{
  switch (table)
    {
    case GW_TABLE_GENERATIONS:
    case GW_TABLE_PROVIDERS:
    case GW_TABLE_FLEET:
    case GW_TABLE_BUILD_PLANS:
    case GW_TABLE_DEALS:
    case GW_TABLE_MARKET:
    case GW_TABLE_EVENTS:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
check_correlations (Check *check)
{
  const GwScenario *s = check->scenario;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_before = check->problems->len;

  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_CORRELATIONS); i++)
    {
      const GwCorrelation *c = gw_scenario_correlation (s, i);
      const char *paths[2] = { c->a, c->b };
      GwInputRef refs[2];
      gboolean ok = TRUE;
      g_autofree char *pair = NULL;

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(GError) error = NULL;
          int f = field_index (GW_TABLE_CORRELATIONS, k == 0 ? "a" : "b");

          if (!gw_scenario_parse_input (s, paths[k], &refs[k], &error))
            {
              report (check, GW_TABLE_CORRELATIONS, i, f, error->code, "%s", error->message);
              ok = FALSE;
            }
          else if (!is_slot_table (refs[k].table) ||
                   gw_table_field (refs[k].table, refs[k].field)->type != GW_FIELD_DIST)
            {
              report (check, GW_TABLE_CORRELATIONS, i, f, GW_ERROR_CORRELATION,
                      _("“%s” is not a numeric input that can be uncertain"), paths[k]);
              ok = FALSE;
            }
          else if (refs[k].table == GW_TABLE_DEALS &&
                   refs[k].field == gw_deal_derived_field (gw_scenario_deal (s, refs[k].row)))
            {
              report (check, GW_TABLE_CORRELATIONS, i, f, GW_ERROR_CORRELATION,
                      _("“%s” is derived from the deal's other two fields and cannot be "
                        "correlated"), paths[k]);
              ok = FALSE;
            }
        }
      if (!ok)
        continue;
      if (refs[0].table == refs[1].table && refs[0].row == refs[1].row &&
          refs[0].field == refs[1].field)
        {
          report (check, GW_TABLE_CORRELATIONS, i, -1, GW_ERROR_CORRELATION,
                  _("“%s” is correlated with itself"), c->a);
          continue;
        }
      pair = g_strcmp0 (c->a, c->b) < 0 ? g_strdup_printf ("%s\n%s", c->a, c->b)
                                         : g_strdup_printf ("%s\n%s", c->b, c->a);
      if (g_hash_table_contains (seen, pair))
        report (check, GW_TABLE_CORRELATIONS, i, -1, GW_ERROR_CORRELATION,
                _("the pair “%s” ~ “%s” is given twice (first in row %u)"), c->a, c->b,
                GPOINTER_TO_UINT (g_hash_table_lookup (seen, pair)));
      else
        g_hash_table_insert (seen, g_steal_pointer (&pair), GUINT_TO_POINTER (i + 1));
    }
  return check->problems->len == n_before;
}

static void
check_overrides (Check *check)
{
  const GwScenario *s = check->scenario;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int f_input = field_index (GW_TABLE_OVERRIDES, "input");
  int f_value = field_index (GW_TABLE_OVERRIDES, "value");

  for (guint i = 0; i < gw_scenario_n_rows (s, GW_TABLE_OVERRIDES); i++)
    {
      const GwOverride *o = gw_scenario_override (s, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *problem = NULL;
      g_autofree char *key = NULL;
      const GwField *target;
      GwInputRef ref;

      if (!gw_scenario_parse_input (s, o->input, &ref, &error))
        {
          report (check, GW_TABLE_OVERRIDES, i, f_input, error->code, "%s", error->message);
          continue;
        }
      target = gw_table_field (ref.table, ref.field);
      if (!(target->flags & GW_FIELD_OVERRIDABLE))
        {
          report (check, GW_TABLE_OVERRIDES, i, f_input, GW_ERROR_INVALID_VALUE,
                  _("a variant cannot override “%s”"), o->input);
          continue;
        }
      problem = gw_field_check_value (target, &o->value);
      if (problem)
        report (check, GW_TABLE_OVERRIDES, i, f_value, GW_ERROR_INVALID_VALUE,
                _("“%s”: %s"), o->input, problem);

      key = g_strdup_printf ("%s\n%s", o->variant, o->input);
      if (g_hash_table_contains (seen, key))
        report (check, GW_TABLE_OVERRIDES, i, f_input, GW_ERROR_INVALID_SCENARIO,
                _("variant “%s” overrides “%s” twice"), o->variant, o->input);
      else
        g_hash_table_add (seen, g_steal_pointer (&key));
    }
}

/**
 * gw_scenario_check:
 *
 * Checks every value and every rule across rows.
 *
 * Returns: (transfer full) (element-type GwProblem): the problems found,
 *   empty when the scenario is valid
 */
GPtrArray *
gw_scenario_check (const GwScenario *self)
{
  Check check = { self, g_ptr_array_new_with_free_func ((GDestroyNotify) gw_problem_free) };

  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      guint n = gw_scenario_n_rows (self, t);

      if (n > gw_table_info (t)->max_rows)
        {
          report (&check, t, -1, -1, GW_ERROR_LIMIT, _("%u rows; at most %u are allowed"), n,
                  gw_table_info (t)->max_rows);
          continue;
        }
      for (guint i = 0; i < n; i++)
        check_fields (&check, t, i);
      check_unique_names (&check, t);
    }
  if (self->info.name[0] == '\0')
    report (&check, GW_TABLE_SCENARIO, 0, field_index (GW_TABLE_SCENARIO, "name"),
            GW_ERROR_INVALID_VALUE, _("a name is required"));
  if (check.problems->len > 0)
    return check.problems; /* the rules below assume sane rows */

  check_generations_and_fleet (&check);
  check_providers (&check);
  check_build_plans (&check);
  check_deals (&check);
  check_events (&check);
  check_overrides (&check);
  if (check_correlations (&check))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwCopula) copula = gw_scenario_copula (self, &error);

      if (copula == NULL)
        report (&check, GW_TABLE_CORRELATIONS, -1, -1, error->code, "%s", error->message);
    }
  return check.problems;
}

/**
 * gw_scenario_validate:
 *
 * Returns: %TRUE if the scenario is valid; else %FALSE with @error set to
 *   the first problem (and a count of the others)
 */
gboolean
gw_scenario_validate (const GwScenario *self,
                      GError          **error)
{
  g_autoptr(GPtrArray) problems = gw_scenario_check (self);
  const GwProblem *first;

  if (problems->len == 0)
    return TRUE;
  first = problems->pdata[0];
  if (problems->len == 1)
    g_set_error_literal (error, GW_ERROR, first->code, first->message);
  else
    g_set_error (error, GW_ERROR, first->code,
                 g_dngettext (GETTEXT_PACKAGE, "%s (and %u more problem)",
                              "%s (and %u more problems)", problems->len - 1),
                 first->message, problems->len - 1);
  return FALSE;
}
