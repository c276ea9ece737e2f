/* test-ranges.c: every value that validation accepts gives finite results
 *
 * MODEL.md gives each input a range; a value inside it must never make a
 * quarter step produce NaN or an infinity (a life of 0.1 year retired more
 * than the fleet, 1e308 $ of debt overflowed). For every numeric field of
 * every table, the Baseline with that field of its first row set to each
 * end of its range (just inside an open end) and to a few hostile values
 * (+-1e308, 1e-300) is either refused by validation with a message, or
 * runs 16 Monte Carlo paths and the deterministic path with every statistic
 * finite, or fails with GW_ERROR_OVERFLOW and a message that names the
 * output: never NaN in the results. An infinite end is swept at the
 * largest double.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-engine.h"

#define N_PATHS 16

typedef struct
{
  guint    tried;
  guint    refused;
  guint    ran;
  guint    overflowed;
  GString *failures;
} Tally;

static GwScenario *
load_baseline (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  /* every event happens, so its magnitude acts */
  for (guint e = 0; e < gw_scenario_n_events (s); e++)
    {
      GwEvent *event = gw_scenario_get_row (s, GW_TABLE_EVENTS, e);

      event->enabled = TRUE;
      event->probability.kind = GW_DIST_FIXED;
      event->probability.p[0] = 1;
    }
  return s;
}

/* Sets @field of @row to @value; FALSE where the field cannot hold it. */
static gboolean
set_value (gpointer       row,
           const GwField *field,
           double         value)
{
  switch (field->type)
    {
    case GW_FIELD_DIST:
      {
        GwDist *d = GW_FIELD_DIST_OF (row, field);

        memset (d, 0, sizeof *d);
        d->kind = GW_DIST_FIXED;
        d->p[0] = value;
        return TRUE;
      }
    case GW_FIELD_REAL:
      GW_FIELD_REAL_OF (row, field) = value;
      return TRUE;
    case GW_FIELD_INT:
      if (!(value >= G_MININT && value <= G_MAXINT) || value != floor (value))
        return FALSE;
      GW_FIELD_INT_OF (row, field) = (int) value;
      return TRUE;
    default:
      return FALSE;
    }
}

static void
try_value (GwTable        table,
           const GwField *field,
           double         value,
           Tally         *tally)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("%s.%s = %.17g", gw_table_info (table)->name,
                                           field->name, value);
  gpointer row;
  GwPlan *plan;

  if (gw_scenario_n_rows (s, table) == 0)
    return;
  row = gw_scenario_get_row (s, table, 0);
  if (!set_value (row, field, value))
    return;
  tally->tried++;
  plan = gw_plan_new (s, NULL, &error);
  if (plan == NULL)
    {
      /* refused: with a message */
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      tally->refused++;
      return;
    }
  gw_plan_free (plan);

  /* accepted: the run gives finite numbers everywhere, or says that it
   * overflowed; never NaN in the results */
  {
    GwRunOptions options = GW_RUN_OPTIONS_INIT;
    g_autoptr(GwResults) res = NULL;

    options.paths = N_PATHS;
    options.threads = 1;
    options.engine = GW_ENGINE_CPU;
    res = gw_run (s, &options, NULL, NULL, NULL, &error);
    if (res == NULL)
      {
        if (!g_error_matches (error, GW_ERROR, GW_ERROR_OVERFLOW))
          g_string_append_printf (tally->failures, "%s: %s\n", what, error->message);
        g_assert_cmpstr (error->message, !=, "");
        tally->overflowed++;
        return;
      }
    for (guint c = 0; c < res->plan->n_cols; c++)
      for (guint q = 0; q < GW_N_QUANTILES; q++)
        if (!isfinite (res->series[c].q[q]) || !isfinite (res->series[c].sd))
          {
            g_string_append_printf (tally->failures, "%s: column %u is not finite\n", what, c);
            return;
          }
    for (guint k = 0; k < res->plan->n_scalars; k++)
      for (guint p = 0; p < N_PATHS; p++)
        if (!isfinite (gw_results_scalar_values (res, k)[p]))
          {
            g_string_append_printf (tally->failures, "%s: scalar %s is not finite\n", what,
                                    gw_plan_scalar_key (res->plan, k));
            return;
          }
  }
  tally->ran++;
}

static void
test_sweep (void)
{
  static const GwTable tables[] = {
    GW_TABLE_GENERATIONS, GW_TABLE_PROVIDERS, GW_TABLE_FLEET, GW_TABLE_BUILD_PLANS,
    GW_TABLE_DEALS, GW_TABLE_MARKET, GW_TABLE_EVENTS, GW_TABLE_CORRELATIONS,
  };
  static const double hostile[] = { 1e308, -1e308, 1e-300, -1e-300, 0 };
  Tally tally = { .failures = g_string_new (NULL) };

  for (guint k = 0; k < G_N_ELEMENTS (tables); k++)
    {
      const GwTableInfo *info = gw_table_info (tables[k]);

      for (guint f = 0; f < info->n_fields; f++)
        {
          const GwField *field = &info->fields[f];
          double lo, hi;

          if (field->type != GW_FIELD_DIST && field->type != GW_FIELD_REAL &&
              field->type != GW_FIELD_INT)
            continue;
          /* an infinite end is swept at the largest double */
          lo = !isfinite (field->min) ? -DBL_MAX
               : field->flags & GW_FIELD_MIN_OPEN ? nextafter (field->min, field->max) : field->min;
          hi = !isfinite (field->max) ? DBL_MAX
               : field->flags & GW_FIELD_MAX_OPEN ? nextafter (field->max, field->min) : field->max;
          try_value (tables[k], field, lo, &tally);
          try_value (tables[k], field, hi, &tally);
          try_value (tables[k], field, lo / 2 + hi / 2, &tally);
          for (guint h = 0; h < G_N_ELEMENTS (hostile); h++)
            try_value (tables[k], field, hostile[h], &tally);
        }
    }
  g_test_message ("%u values tried: %u refused, %u ran, %u overflowed with a message",
                  tally.tried, tally.refused, tally.ran, tally.overflowed);
  if (tally.failures->len > 0)
    g_error ("values inside the ranges that gave results that are not finite:\n%s",
             tally.failures->str);
  g_string_free (tally.failures, TRUE);
  /* the sweep reached the engine for most values, not only the validator */
  g_assert_cmpuint (tally.tried, >, 400);
  g_assert_cmpuint (tally.ran, >, tally.tried / 3);
}

/* The values the issue found: a life below one quarter, and 1e308. */
static void
test_known (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GError) error = NULL;
  GwGeneration *g = gw_scenario_generation (s, 0);
  GwPlan *plan;

  g->life_years = (GwDist) { .kind = GW_DIST_FIXED, .p = { 0.1 } };
  plan = gw_plan_new (s, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "life_years"));
  g_clear_error (&error);

  g->life_years = (GwDist) { .kind = GW_DIST_FIXED, .p = { 5 } };
  gw_scenario_provider (s, 0)->debt = (GwDist) { .kind = GW_DIST_FIXED, .p = { 1e308 } };
  {
    GwRunOptions options = GW_RUN_OPTIONS_INIT;
    g_autoptr(GwResults) res = NULL;

    options.paths = 64;
    options.threads = 1;
    options.engine = GW_ENGINE_CPU;
    res = gw_run (s, &options, NULL, NULL, NULL, &error);
    g_assert_null (res);
    g_assert_error (error, GW_ERROR, GW_ERROR_OVERFLOW);
    g_assert_nonnull (strstr (error->message, gw_scenario_provider (s, 0)->name));
  }
}

/* --paths 100000000 on a small machine: refused up front with a message
 * that says how many paths fit, not a failed 16 GB allocation. */
static void
test_memory (void)
{
  g_autoptr(GwScenario) s = load_baseline ();
  g_autoptr(GError) error = NULL;
  GwPlan *plan = gw_plan_new (s, NULL, &error);
  guint64 gib = G_GUINT64_CONSTANT (1) << 30;

  g_assert_no_error (error);
  /* 20 scalars: 160 bytes a path (their summaries copy nothing whole) */
  g_assert_cmpuint (gw_run_memory_needed (plan, GW_MAX_PATHS) - gw_run_memory_needed (plan, 0),
                    ==, (guint64) GW_MAX_PATHS * plan->n_scalars * 8);
  g_assert_true (gw_run_check_memory (plan, 10000, gib, &error));
  g_assert_no_error (error);
  g_assert_false (gw_run_check_memory (plan, GW_MAX_PATHS, 8 * gib, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "100000000 paths"));
  g_assert_nonnull (strstr (error->message, "use at most"));
  g_clear_error (&error);
  /* the number it offers fits */
  {
    guint64 fit;

    g_assert_false (gw_run_check_memory (plan, GW_MAX_PATHS, 8 * gib, &error));
    fit = g_ascii_strtoull (strstr (error->message, "use at most ") + strlen ("use at most "),
                            NULL, 10);
    g_assert_cmpuint (fit, >, 1000000);
    g_assert_true (gw_run_check_memory (plan, (guint) fit, 8 * gib, NULL));
    g_assert_false (gw_run_check_memory (plan, (guint) fit + 1000, 8 * gib, NULL));
  }
  gw_plan_free (plan);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/ranges/sweep", test_sweep);
  g_test_add_func ("/gw/ranges/known", test_known);
  g_test_add_func ("/gw/ranges/memory", test_memory);
  return g_test_run ();
}
