/* gw-plan.c: a resolved scenario flattened for the engines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-plan.h"
#include "gw-quarter.h"
#include "gw-path.h"

/* gw-path.h reads the header and the rows in place in pi, in C and in
 * OpenCL C: they must be whole ints without padding. */
#define GW_PLAN_INTS(type) \
  G_STATIC_ASSERT (sizeof (type) % sizeof (int) == 0 && G_ALIGNOF (type) == G_ALIGNOF (int))
GW_PLAN_INTS (GwPlanHeader);
GW_PLAN_INTS (GwPlanBuild);
GW_PLAN_INTS (GwPlanDeal);
GW_PLAN_INTS (GwPlanEvent);
#undef GW_PLAN_INTS

typedef struct
{
  const char *key;
  const char *label;
  GwUnit      unit;
} GwOutputInfo;

static const GwOutputInfo market_series[GW_N_MARKET_SERIES] = {
  [GW_S_PRICE] = { "price", N_("GPU-hour price"), GW_UNIT_PRICE },
  [GW_S_SUPPLY] = { "supply", N_("Supply"), GW_UNIT_HOURS },
  [GW_S_DEMAND] = { "demand", N_("Demand"), GW_UNIT_HOURS },
  [GW_S_UTILIZATION] = { "utilization", N_("Utilization"), GW_UNIT_FRACTION },
  [GW_S_SHORTAGE] = { "shortage", N_("Shortage"), GW_UNIT_HOURS },
  [GW_S_CUSTOM_SHARE] = { "custom_share", N_("Custom silicon share"), GW_UNIT_FRACTION },
  [GW_S_FLOOR] = { "floor", N_("Price floor"), GW_UNIT_PRICE },
  [GW_S_STRANDED_MW] = { "stranded_mw", N_("Stranded power"), GW_UNIT_MW },
  [GW_S_CONTRACTED] = { "contracted", N_("Contracted hours delivered"), GW_UNIT_HOURS },
  [GW_S_DEMAND_INFERENCE] = { "demand_inference", N_("Inference demand"), GW_UNIT_HOURS },
  [GW_S_DEMAND_TRAINING] = { "demand_training", N_("Training demand"), GW_UNIT_HOURS },
  [GW_S_DEMAND_ENTERPRISE] = { "demand_enterprise", N_("Enterprise demand"), GW_UNIT_HOURS },
  [GW_S_ANCHOR] = { "anchor", N_("Anchor price"), GW_UNIT_PRICE },
  [GW_S_FRONTIER_COST] = { "frontier_cost", N_("Frontier cost"), GW_UNIT_PRICE },
};

static const GwOutputInfo provider_series[GW_N_PROVIDER_SERIES] = {
  [GW_SP_REVENUE] = { "revenue", N_("Revenue"), GW_UNIT_MONEY },
  [GW_SP_CONTRACT_REVENUE] = { "contract_revenue", N_("Contract revenue"), GW_UNIT_MONEY },
  [GW_SP_SPOT_REVENUE] = { "spot_revenue", N_("Spot revenue"), GW_UNIT_MONEY },
  [GW_SP_EBITDA] = { "ebitda", N_("EBITDA"), GW_UNIT_MONEY },
  [GW_SP_NET_INCOME] = { "net_income", N_("Net income"), GW_UNIT_MONEY },
  [GW_SP_CAPEX] = { "capex", N_("Capex"), GW_UNIT_MONEY },
  [GW_SP_DEBT] = { "debt", N_("Debt"), GW_UNIT_MONEY },
  [GW_SP_DSCR] = { "dscr", N_("Debt service coverage"), GW_UNIT_RATIO },
  [GW_SP_LTV] = { "ltv", N_("Loan to value"), GW_UNIT_RATIO },
  [GW_SP_BACKLOG] = { "backlog", N_("Backlog"), GW_UNIT_MONEY },
  [GW_SP_FLEET_MW] = { "fleet_mw", N_("Fleet power"), GW_UNIT_MW },
  [GW_SP_SUPPLY] = { "supply", N_("Supply"), GW_UNIT_HOURS },
  [GW_SP_DEPRECIATION] = { "depreciation", N_("Depreciation"), GW_UNIT_MONEY },
  [GW_SP_INTEREST] = { "interest", N_("Interest"), GW_UNIT_MONEY },
  [GW_SP_PRINCIPAL] = { "principal", N_("Principal repaid"), GW_UNIT_MONEY },
  [GW_SP_FCF] = { "fcf", N_("Free cash flow to equity"), GW_UNIT_MONEY },
  [GW_SP_COLLATERAL] = { "collateral", N_("Collateral (resale value)"), GW_UNIT_MONEY },
  [GW_SP_VACANT_HOURS] = { "vacant_hours", N_("Vacant hours (re-letting)"), GW_UNIT_HOURS },
};

static const GwOutputInfo market_scalars[GW_N_MARKET_SCALARS] = {
  [GW_X_PRICE_HORIZON] = { "price_horizon", N_("Price at the horizon"), GW_UNIT_PRICE },
  [GW_X_CUM_SHORTAGE] = { "cumulative_shortage", N_("Cumulative shortage"), GW_UNIT_HOURS },
};

static const GwOutputInfo provider_scalars[GW_N_PROVIDER_SCALARS] = {
  [GW_XP_NPV] = { "npv", N_("NPV"), GW_UNIT_MONEY },
  [GW_XP_MIN_DSCR] = { "min_dscr", N_("Minimum DSCR"), GW_UNIT_RATIO },
  [GW_XP_FIRST_DSCR_BELOW] = { "first_dscr_below_1", N_("First quarter with DSCR below 1"),
                               GW_UNIT_QUARTER },
};

void
gw_plan_free (GwPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->scenario, gw_scenario_free);
  g_clear_pointer (&plan->slots, g_array_unref);
  g_free (plan->slot_dists);
  g_free (plan->variant);
  g_free (plan->pi);
  g_free (plan->pr);
  g_free (plan);
}

/**
 * gw_plan_copy:
 *
 * Returns: (transfer full): a plan that runs the same paths as @plan, for
 *   results of its own (results own their plan)
 */
GwPlan *
gw_plan_copy (const GwPlan *plan)
{
  GwPlan *copy = g_memdup2 (plan, sizeof *plan);

  copy->scenario = gw_scenario_copy (plan->scenario);
  copy->variant = g_strdup (plan->variant);
  copy->slots = g_array_copy (plan->slots);
  copy->slot_dists = g_memdup2 (plan->slot_dists, MAX (plan->K, 1) * sizeof (GwDist));
  copy->pi = g_memdup2 (plan->pi, plan->n_pi * sizeof (int));
  copy->pr = g_memdup2 (plan->pr, plan->n_pr * sizeof (double));
  return copy;
}

static int
deal_derived_index (const GwDeal *deal)
{
  int field = gw_deal_derived_field (deal);

  if (field == gw_table_find_field (GW_TABLE_DEALS, "value"))
    return GW_DEAL_VALUE;
  if (field == gw_table_find_field (GW_TABLE_DEALS, "capacity"))
    return GW_DEAL_CAPACITY;
  return GW_DEAL_PRICE;
}

/* The generation provider j buys at t: among its vendors, the latest
 * available_from <= t, ties to the later row; -1 if none. */
static int
generation_bought (const GwScenario *s,
                   guint             j,
                   int               t)
{
  const GwProvider *prov = gw_scenario_provider (s, j);
  int best = -1;
  int best_from = G_MININT;

  for (guint g = 0; g < gw_scenario_n_generations (s); g++)
    {
      const GwGeneration *gen = gw_scenario_generation (s, g);
      int from = gen->available_from - s->info.start;

      if (from > t || !gw_provider_buys (prov, gen->vendor))
        continue;
      if (from >= best_from)
        {
          best = g;
          best_from = from;
        }
    }
  return best;
}

/* Event row @row as the engines read it: quarters from t = 0 and the
 * target as a row index (-1 for none). */
static GwPlanEvent
plan_event (const GwScenario *s,
            const GwEvent    *row)
{
  GwPlanEvent event = {
    .kind = row->kind,
    .enabled = row->enabled ? 1 : 0,
    .start = row->start - s->info.start,
    .target = -1,
    /* an event with no end acts to the horizon; one that ends before
     * t = 0 never acts (its end is below any t) */
    .end = row->end == GW_QUARTER_NONE ? GW_NEVER : row->end - s->info.start,
  };

  if (row->target == NULL || row->target[0] == '\0')
    return event;
  switch (row->kind)
    {
    case GW_EVENT_CAPEX_SHOCK:
      event.target = gw_scenario_find_row (s, GW_TABLE_GENERATIONS, row->target);
      break;
    case GW_EVENT_POWER_DELAY:
      event.target = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, row->target);
      break;
    case GW_EVENT_DEAL_DEFAULT:
      event.target = gw_scenario_find_row (s, GW_TABLE_DEALS, row->target);
      break;
    default:
      break;
    }
  return event;
}

/**
 * gw_plan_new:
 * @scenario: a valid scenario
 * @variant: (nullable): a variant to apply, or %NULL for the base
 *
 * Resolves the variant, checks the correlations and flattens everything
 * the engines need.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
GwPlan *
gw_plan_new (const GwScenario *scenario,
             const char       *variant,
             GError          **error)
{
  g_autoptr(GwPlan) plan = g_new0 (GwPlan, 1);
  g_autoptr(GwCopula) copula = NULL;
  g_autoptr(GArray) pi = g_array_new (FALSE, TRUE, sizeof (int));
  g_autoptr(GArray) pr = g_array_new (FALSE, TRUE, sizeof (double));
  const GwScenario *s;
  GwPlanHeader header = { 0 };

  plan->scenario = gw_scenario_resolve (scenario, variant, error);
  if (plan->scenario == NULL)
    return NULL;
  plan->variant = g_strdup (variant);
  s = plan->scenario;
  copula = gw_scenario_copula (s, error);
  if (copula == NULL)
    return NULL;

  plan->T = s->info.horizon;
  plan->G = gw_scenario_n_generations (s);
  plan->P = gw_scenario_n_providers (s);
  plan->B = gw_scenario_n_rows (s, GW_TABLE_BUILD_PLANS);
  plan->D = gw_scenario_n_deals (s);
  plan->E = gw_scenario_n_events (s);
  plan->slots = gw_scenario_slots (s);
  plan->K = plan->slots->len;
  plan->NC = copula->n;
  plan->seed = s->info.seed;
  plan->key[0] = (guint32) (plan->seed & 0xffffffffu);
  plan->key[1] = (guint32) (plan->seed >> 32);
  plan->n_series = GW_N_MARKET_SERIES + GW_N_PROVIDER_SERIES * plan->P;
  plan->n_scalars = GW_N_MARKET_SCALARS + GW_N_PROVIDER_SCALARS * plan->P;
  plan->n_cols = plan->n_series * plan->T;
  plan->scratch = GW_PATH_SCRATCH (plan->K, plan->NC, plan->P, plan->G, plan->D, plan->E);
  g_assert (plan->K == gw_scenario_n_slots (s));

  plan->slot_dists = g_new0 (GwDist, plan->K);
  for (guint k = 0; k < plan->K; k++)
    plan->slot_dists[k] = gw_scenario_slot_dist (s, &g_array_index (plan->slots, GwSlot, k));

  header.n_quarters = plan->T;
  header.n_generations = plan->G;
  header.n_providers = plan->P;
  header.n_build_plans = plan->B;
  header.n_deals = plan->D;
  header.n_events = plan->E;
  header.n_slots = plan->K;
  header.n_correlated = plan->NC;
  header.scratch = plan->scratch;
  header.relet_quarters = s->market.relet_quarters;
  /* the tables' offsets are filled in below, as each table is appended */
  g_array_set_size (pi, sizeof header / sizeof (int));

#define APPEND_INT(v) G_STMT_START { int v_ = (v); g_array_append_val (pi, v_); } G_STMT_END
#define APPEND_ROW(r) g_array_append_vals (pi, &(r), sizeof (r) / sizeof (int))

  header.available_from = pi->len;
  for (guint g = 0; g < plan->G; g++)
    APPEND_INT (gw_scenario_generation (s, g)->available_from - s->info.start);

  header.generation_bought = pi->len;
  for (guint j = 0; j < plan->P; j++)
    for (guint t = 0; t < plan->T; t++)
      APPEND_INT (generation_bought (s, j, t));

  header.build_plans = pi->len;
  for (guint b = 0; b < plan->B; b++)
    {
      const GwBuildPlan *row = gw_scenario_build_plan (s, b);
      const GwPlanBuild build = {
        .provider = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, row->provider),
        .from = row->from - s->info.start,
        .to = row->to - s->info.start,
      };

      APPEND_ROW (build);
    }

  header.deals = pi->len;
  for (guint d = 0; d < plan->D; d++)
    {
      const GwDeal *row = gw_scenario_deal (s, d);
      const GwPlanDeal deal = {
        .provider = gw_scenario_find_row (s, GW_TABLE_PROVIDERS, row->provider),
        .enabled = row->enabled ? 1 : 0,
        .start = row->start - s->info.start,
        .end = row->end - s->info.start,
        .ramp_quarters = row->ramp_quarters,
        .derived = deal_derived_index (row),
        .signed_at = row->signed_quarter == GW_QUARTER_NONE ? -GW_NEVER
                                                            : row->signed_quarter - s->info.start,
      };

      APPEND_ROW (deal);
    }

  header.events = pi->len;
  for (guint e = 0; e < plan->E; e++)
    {
      const GwPlanEvent event = plan_event (s, gw_scenario_event (s, e));

      APPEND_ROW (event);
    }

  header.copula_slots = pi->len;
  for (guint a = 0; a < plan->NC; a++)
    APPEND_INT (copula->slots[a]);

  header.slot_kinds = pi->len;
  for (guint k = 0; k < plan->K; k++)
    APPEND_INT (plan->slot_dists[k].kind);

  header.slot_params = pr->len;
  for (guint k = 0; k < plan->K; k++)
    g_array_append_vals (pr, plan->slot_dists[k].p, 4);

  header.cholesky = pr->len;
  g_array_append_vals (pr, copula->chol, plan->NC * plan->NC);

#undef APPEND_INT
#undef APPEND_ROW

  memcpy (pi->data, &header, sizeof header);

  plan->n_pi = pi->len;
  plan->n_pr = pr->len;
  plan->pi = (int *) g_array_free (g_steal_pointer (&pi), FALSE);
  plan->pr = (double *) g_array_free (g_steal_pointer (&pr), FALSE);
  return g_steal_pointer (&plan);
}

gboolean
gw_plan_slot_uncertain (const GwPlan *plan,
                        guint         slot)
{
  const GwSlot *s;
  const GwDist *d;

  g_return_val_if_fail (slot < plan->K, FALSE);
  s = &g_array_index (plan->slots, GwSlot, slot);
  d = &plan->slot_dists[slot];
  if (d->kind == GW_DIST_NONE || d->kind == GW_DIST_FIXED)
    return FALSE;
  if (s->table == GW_TABLE_DEALS)
    {
      const GwDeal *deal = gw_scenario_deal (plan->scenario, s->row);

      if (s->field == gw_deal_derived_field (deal))
        return FALSE;
    }
  return gw_dist_icdf (d, 0.1) != gw_dist_icdf (d, 0.9);
}

char *
gw_plan_slot_label (const GwPlan *plan,
                    guint         slot)
{
  g_return_val_if_fail (slot < plan->K, NULL);
  return gw_scenario_slot_label (plan->scenario, &g_array_index (plan->slots, GwSlot, slot));
}

char *
gw_plan_slot_path (const GwPlan *plan,
                   guint         slot)
{
  g_return_val_if_fail (slot < plan->K, NULL);
  return gw_scenario_slot_path (plan->scenario, &g_array_index (plan->slots, GwSlot, slot));
}

static const GwOutputInfo *
series_info (const GwPlan *plan,
             guint         series,
             int          *provider)
{
  g_return_val_if_fail (series < plan->n_series, NULL);
  if (series < GW_N_MARKET_SERIES)
    {
      *provider = -1;
      return &market_series[series];
    }
  series -= GW_N_MARKET_SERIES;
  *provider = series / GW_N_PROVIDER_SERIES;
  return &provider_series[series % GW_N_PROVIDER_SERIES];
}

static const GwOutputInfo *
scalar_info (const GwPlan *plan,
             guint         scalar,
             int          *provider)
{
  g_return_val_if_fail (scalar < plan->n_scalars, NULL);
  if (scalar < GW_N_MARKET_SCALARS)
    {
      *provider = -1;
      return &market_scalars[scalar];
    }
  scalar -= GW_N_MARKET_SCALARS;
  *provider = scalar / GW_N_PROVIDER_SCALARS;
  return &provider_scalars[scalar % GW_N_PROVIDER_SCALARS];
}

const char *
gw_plan_series_key (const GwPlan *plan,
                    guint         series)
{
  int j = -1;

  return series_info (plan, series, &j)->key;
}

const char *
gw_plan_series_label (const GwPlan *plan,
                      guint         series)
{
  int j = -1;

  return _(series_info (plan, series, &j)->label);
}

int
gw_plan_series_provider (const GwPlan *plan,
                         guint         series)
{
  int j = -1;

  series_info (plan, series, &j);
  return j;
}

GwUnit
gw_plan_series_unit (const GwPlan *plan,
                     guint         series)
{
  int j = -1;

  return series_info (plan, series, &j)->unit;
}

const char *
gw_plan_provider_name (const GwPlan *plan,
                       guint         provider)
{
  g_return_val_if_fail (provider < plan->P, NULL);
  return gw_scenario_provider (plan->scenario, provider)->name;
}

static int
find_provider (const GwPlan *plan,
               const char   *provider)
{
  if (provider == NULL || provider[0] == '\0')
    return -1;
  for (guint j = 0; j < plan->P; j++)
    if (g_ascii_strcasecmp (gw_plan_provider_name (plan, j), provider) == 0)
      return j;
  return -2;
}

/**
 * gw_plan_find_series:
 * @key: a series key ("price", "revenue")
 * @provider: (nullable): the provider's name for a provider series
 *
 * Returns: the series index, or -1
 */
int
gw_plan_find_series (const GwPlan *plan,
                     const char   *key,
                     const char   *provider)
{
  int j = find_provider (plan, provider);

  if (j == -2)
    return -1;
  for (guint s = 0; s < plan->n_series; s++)
    {
      int sj;
      const GwOutputInfo *info = series_info (plan, s, &sj);

      if (sj == j && g_strcmp0 (info->key, key) == 0)
        return s;
    }
  return -1;
}

const char *
gw_plan_scalar_key (const GwPlan *plan,
                    guint         scalar)
{
  int j = -1;

  return scalar_info (plan, scalar, &j)->key;
}

const char *
gw_plan_scalar_label (const GwPlan *plan,
                      guint         scalar)
{
  int j = -1;

  return _(scalar_info (plan, scalar, &j)->label);
}

int
gw_plan_scalar_provider (const GwPlan *plan,
                         guint         scalar)
{
  int j = -1;

  scalar_info (plan, scalar, &j);
  return j;
}

GwUnit
gw_plan_scalar_unit (const GwPlan *plan,
                     guint         scalar)
{
  int j = -1;

  return scalar_info (plan, scalar, &j)->unit;
}

int
gw_plan_find_scalar (const GwPlan *plan,
                     const char   *key,
                     const char   *provider)
{
  int j = find_provider (plan, provider);

  if (j == -2)
    return -1;
  for (guint x = 0; x < plan->n_scalars; x++)
    {
      int xj;
      const GwOutputInfo *info = scalar_info (plan, x, &xj);

      if (xj == j && g_strcmp0 (info->key, key) == 0)
        return x;
    }
  return -1;
}

/**
 * gw_format_unit_value:
 *
 * Formats a value for a person: "$2.41/h", "$12.3B", "87%", "1.2 GW".
 */
char *
gw_format_unit_value (GwUnit unit,
                      double value)
{
  switch (unit)
    {
    case GW_UNIT_PRICE:
      {
        g_autofree char *money = gw_format_money (value);

        /* Translators: a price per GPU-hour, as "$2.35/h" */
        return g_strdup_printf (_("%s/h"), money);
      }
    case GW_UNIT_HOURS:
      {
        g_autofree char *si = gw_format_si (value, 3);

        return g_strdup_printf (_("%s H100e-h"), si);
      }
    case GW_UNIT_FRACTION:
      return gw_format_percent (value, 1);
    case GW_UNIT_MW:
      if (fabs (value) >= 1000)
        return g_strdup_printf (_("%.2f GW"), value / 1000);
      return g_strdup_printf (_("%.0f MW"), value);
    case GW_UNIT_MONEY:
      return gw_format_money (value);
    case GW_UNIT_RATIO:
      return g_strdup_printf (_("%.2fx"), value);
    case GW_UNIT_QUARTER:
      return g_strdup_printf ("%.1f", value);
    default:
      return gw_format_sig (value, 3);
    }
}
