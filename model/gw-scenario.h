/* gw-scenario.h: a scenario: every table of MODEL.md section 2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gw-dist.h"

G_BEGIN_DECLS

#define GW_MODEL_VERSION 2
#define GW_HOURS_PER_QUARTER 2190.0

typedef enum
{
  GW_TABLE_SCENARIO,
  GW_TABLE_GENERATIONS,
  GW_TABLE_PROVIDERS,
  GW_TABLE_FLEET,
  GW_TABLE_BUILD_PLANS,
  GW_TABLE_DEALS,
  GW_TABLE_MARKET,
  GW_TABLE_EVENTS,
  GW_TABLE_CORRELATIONS,
  GW_TABLE_VARIANTS,
  GW_TABLE_OVERRIDES,
  GW_TABLE_ACTUALS,
  GW_N_TABLES
} GwTable;

typedef enum
{
  GW_PROVIDER_NEOCLOUD,
  GW_PROVIDER_HYPERSCALER,
  GW_PROVIDER_CAPTIVE,
} GwProviderKind;

typedef enum
{
  GW_EVENT_CAPEX_SHOCK,
  GW_EVENT_RATE_SHOCK,
  GW_EVENT_DEMAND_SHOCK,
  GW_EVENT_POWER_DELAY,
  GW_EVENT_CUSTOM_BEACHHEAD,
  GW_EVENT_DEAL_DEFAULT,
  GW_N_EVENT_KINDS
} GwEventKind;

/* Quarters are absolute (see gw-quarter.h); t = quarter - info.start. */

typedef struct
{
  char   *name;
  char   *description;
  int     start;
  int     horizon;
  int     paths;
  guint64 seed;
  int     model_version;
  char   *source;
} GwScenarioInfo;

typedef struct
{
  char  *name;
  char  *vendor;
  int    available_from;
  GwDist unit_capex;
  GwDist capex_inflation;
  GwDist kw_it;
  GwDist perf;
  GwDist hbm_gb;
  GwDist life_years;
  char  *source;
} GwGeneration;

typedef struct
{
  char  *name;
  int    kind;
  char  *buys;          /* comma-separated vendors; empty = all */
  GwDist power_mw;
  GwDist build_execution;
  GwDist debt;
  GwDist interest_rate;
  GwDist debt_share;
  GwDist loan_years;
  GwDist opex;
  GwDist amortizing_share; /* share of the debt on an amortising schedule */
  char  *source;
} GwProvider;

/* A provider's initial fleet of one generation (key "provider/generation"). */
typedef struct
{
  char  *provider;
  char  *generation;
  GwDist units;
  char  *source;
} GwFleet;

typedef struct
{
  char  *provider;
  int    from;
  int    to;
  GwDist mw_per_quarter;
  char  *source;
} GwBuildPlan;

typedef struct
{
  char    *name;
  char    *buyer;
  char    *provider;
  gboolean enabled;
  int      signed_quarter; /* the field "signed"; GW_QUARTER_NONE = before the start */
  int      start;
  int      end;
  int      ramp_quarters;
  GwDist   value;       /* exactly two of value, capacity and price are set */
  GwDist   capacity;
  GwDist   price;
  GwDist   completion_probability;
  char    *source;
} GwDeal;

/* The field order is the slot order of MODEL.md section 3. */
typedef struct
{
  GwDist price_0;
  GwDist utilization_0;
  GwDist inference_share_0;
  GwDist token_growth;
  GwDist efficiency_gain;
  GwDist growth_halving_years;
  GwDist demand_volatility;
  GwDist training_growth;
  GwDist training_cycle_quarters;
  GwDist training_amplitude;
  GwDist enterprise_max;
  GwDist enterprise_midpoint;
  GwDist enterprise_width;
  GwDist custom_share_0;
  GwDist custom_share_max;
  GwDist custom_midpoint;
  GwDist custom_width;
  GwDist elasticity;
  GwDist price_stickiness;
  GwDist price_cap_multiple;
  GwDist pue;
  GwDist electricity;
  GwDist availability;
  GwDist idle_power_fraction;
  GwDist unit_supply_0;
  GwDist unit_supply_growth;
  GwDist hbm_supply_0;
  GwDist hbm_growth;
  GwDist discount_rate;
  GwDist cost_pass_through;
  GwDist cost_inflation;
  int    relet_quarters;  /* never a distribution, so no slot */
  char  *source;
} GwMarket;

#define GW_N_MARKET_SLOTS 31

typedef struct
{
  char    *name;
  int      kind;
  gboolean enabled;
  int      start;
  int      end;         /* GW_QUARTER_NONE = to the horizon */
  GwDist   magnitude;
  GwDist   probability;
  char    *target;      /* empty = none */
  char    *source;
} GwEvent;

typedef struct
{
  char  *a;             /* input paths, see gw_scenario_parse_input() */
  char  *b;
  double rho;
  char  *source;
} GwCorrelation;

typedef struct
{
  char *name;
  char *notes;
  char *source;
} GwVariant;

typedef struct
{
  char  *variant;
  char  *input;
  GwDist value;         /* a bool, integer or quarter is a fixed value */
  char  *source;
} GwOverride;

typedef struct
{
  char  *series;
  int    quarter;
  double value;
  char  *source;
} GwActual;

typedef struct _GwScenario GwScenario;

struct _GwScenario
{
  GwScenarioInfo info;
  GwMarket       market;
  /* Multi-row tables, rows in file order; NULL for the single-row tables. */
  GPtrArray     *rows[GW_N_TABLES];
};

#define GW_TYPE_SCENARIO (gw_scenario_get_type ())
GType        gw_scenario_get_type       (void) G_GNUC_CONST;

GwScenario  *gw_scenario_new            (void);
GwScenario  *gw_scenario_copy           (const GwScenario *self);
void         gw_scenario_free           (GwScenario       *self);
gboolean     gw_scenario_equal          (const GwScenario *a,
                                         const GwScenario *b);

guint        gw_scenario_n_rows         (const GwScenario *self,
                                         GwTable           table);
gpointer     gw_scenario_get_row        (const GwScenario *self,
                                         GwTable           table,
                                         guint             index);
gpointer     gw_scenario_add_row        (GwScenario       *self,
                                         GwTable           table);
void         gw_scenario_remove_row     (GwScenario       *self,
                                         GwTable           table,
                                         guint             index);
int          gw_scenario_find_row       (const GwScenario *self,
                                         GwTable           table,
                                         const char       *key);
char        *gw_scenario_row_key        (const GwScenario *self,
                                         GwTable           table,
                                         guint             index);
char        *gw_scenario_row_label      (const GwScenario *self,
                                         GwTable           table,
                                         guint             index);

/* Convenience accessors for the multi-row tables. */
#define gw_scenario_n_generations(s) gw_scenario_n_rows ((s), GW_TABLE_GENERATIONS)
#define gw_scenario_n_providers(s)   gw_scenario_n_rows ((s), GW_TABLE_PROVIDERS)
#define gw_scenario_n_deals(s)       gw_scenario_n_rows ((s), GW_TABLE_DEALS)
#define gw_scenario_n_events(s)      gw_scenario_n_rows ((s), GW_TABLE_EVENTS)
#define gw_scenario_generation(s, i) ((GwGeneration *) gw_scenario_get_row ((s), GW_TABLE_GENERATIONS, (i)))
#define gw_scenario_provider(s, i)   ((GwProvider *) gw_scenario_get_row ((s), GW_TABLE_PROVIDERS, (i)))
#define gw_scenario_fleet(s, i)      ((GwFleet *) gw_scenario_get_row ((s), GW_TABLE_FLEET, (i)))
#define gw_scenario_build_plan(s, i) ((GwBuildPlan *) gw_scenario_get_row ((s), GW_TABLE_BUILD_PLANS, (i)))
#define gw_scenario_deal(s, i)       ((GwDeal *) gw_scenario_get_row ((s), GW_TABLE_DEALS, (i)))
#define gw_scenario_event(s, i)      ((GwEvent *) gw_scenario_get_row ((s), GW_TABLE_EVENTS, (i)))
#define gw_scenario_correlation(s, i) ((GwCorrelation *) gw_scenario_get_row ((s), GW_TABLE_CORRELATIONS, (i)))
#define gw_scenario_variant(s, i)    ((GwVariant *) gw_scenario_get_row ((s), GW_TABLE_VARIANTS, (i)))
#define gw_scenario_override(s, i)   ((GwOverride *) gw_scenario_get_row ((s), GW_TABLE_OVERRIDES, (i)))
#define gw_scenario_actual(s, i)     ((GwActual *) gw_scenario_get_row ((s), GW_TABLE_ACTUALS, (i)))

/* Validation (gw-validate.c) */

/**
 * GwProblem:
 * @table: the table at fault
 * @row: the row (0-based), or -1 for the table as a whole
 * @field: the field index in gw_table_info(), or -1
 * @code: a #GwErrorCode
 * @message: the translated message, naming table, row, field and value
 */
typedef struct
{
  GwTable table;
  int     row;
  int     field;
  int     code;
  char   *message;
} GwProblem;

void         gw_problem_free            (GwProblem        *problem);
GPtrArray   *gw_scenario_check          (const GwScenario *self);
gboolean     gw_scenario_validate       (const GwScenario *self,
                                         GError          **error);
gboolean     gw_scenario_validate_all   (const GwScenario *self,
                                         GError          **error);

/* Variants (gw-variant.c) */

GwScenario  *gw_scenario_resolve        (const GwScenario *self,
                                         const char       *variant,
                                         GError          **error);

/* Deals */

int          gw_deal_derived_field      (const GwDeal     *deal);
double       gw_deal_ramp               (const GwDeal     *deal,
                                         int               quarter);
double       gw_deal_ramp_sum           (const GwDeal     *deal);

/* Providers */

gboolean     gw_provider_buys           (const GwProvider *provider,
                                         const char       *vendor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwScenario, gw_scenario_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwProblem, gw_problem_free)

G_END_DECLS
