/* gw-test-scenario.c: scenarios that several test suites build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-builtin.h"
#include "gw-test-scenario.h"

#define Q(year, q) GW_QUARTER (year, q)

static void
set_text (char       **field,
          const char  *text)
{
  g_free (*field);
  *field = g_strdup (text);
}

/* An enabled event appended to @s; @end may be GW_QUARTER_NONE. */
GwEvent *
gw_test_add_event (GwScenario  *s,
                   const char  *name,
                   GwEventKind  kind,
                   int          start,
                   int          end,
                   GwDist       magnitude,
                   GwDist       probability,
                   const char  *target)
{
  GwEvent *e = gw_scenario_add_row (s, GW_TABLE_EVENTS);

  set_text (&e->name, name);
  set_text (&e->target, target);
  set_text (&e->source, "test");
  e->kind = kind;
  e->enabled = TRUE;
  e->start = start;
  e->end = end;
  e->magnitude = magnitude;
  e->probability = probability;
  return e;
}

/* The shipped Baseline with every version-2 field away from its neutral
 * value and uncertain where it may be: cost pass-through and inflation as
 * laws, re-letting, amortizing shares, signing dates, events with an end,
 * a random deal_default and a power delay on every provider. NULL, with the
 * test failed, where the Baseline does not load. */
GwScenario *
gw_test_baseline_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  GwEvent *e;

  if (s == NULL)
    {
      g_test_fail_printf ("the built-in Baseline does not load: %s", error->message);
      return NULL;
    }
  s->market.cost_pass_through = gw_dist_triangular (0.3, 0.6, 0.9);
  s->market.cost_inflation = gw_dist_triangular (0, 0.02, 0.05);
  s->market.relet_quarters = 2;
  gw_scenario_provider (s, gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "CoreWeave"))
    ->amortizing_share = gw_dist_triangular (0.4, 0.6, 0.8);
  gw_scenario_provider (s, gw_scenario_find_row (s, GW_TABLE_PROVIDERS, "Nebius"))
    ->amortizing_share = gw_dist_fixed (0.5);
  gw_scenario_deal (s, gw_scenario_find_row (s, GW_TABLE_DEALS, "Meta II"))->signed_quarter =
    Q (2026, 2);
  gw_scenario_deal (s, gw_scenario_find_row (s, GW_TABLE_DEALS, "Anthropic"))->signed_quarter =
    Q (2026, 2);
  e = gw_scenario_event (s, gw_scenario_find_row (s, GW_TABLE_EVENTS, "CoreWeave power delay"));
  e->end = Q (2027, 2);
  gw_scenario_event (s, gw_scenario_find_row (s, GW_TABLE_EVENTS, "Rate shock"))->end =
    Q (2028, 4);
  gw_scenario_event (s, gw_scenario_find_row (s, GW_TABLE_EVENTS, "Agents under-deliver"))->end =
    Q (2027, 4);
  gw_scenario_event (s, gw_scenario_find_row (s, GW_TABLE_EVENTS, "Vera Rubin capex shock"))->end =
    Q (2027, 4);
  gw_test_add_event (s, "OpenAI walks", GW_EVENT_DEAL_DEFAULT, Q (2027, 3), GW_QUARTER_NONE,
                     gw_dist_fixed (1), gw_dist_uniform (0.2, 0.5), "OpenAI");
  gw_test_add_event (s, "Grid queue", GW_EVENT_POWER_DELAY, Q (2027, 1), Q (2027, 4),
                     gw_dist_triangular (0.6, 0.8, 1), gw_dist_fixed (0.5), "");
  gw_scenario_validate (s, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&s);
}
