/* gw-table.c: the field declarations
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

static const char * const provider_kinds[] = { "neocloud", "hyperscaler", "captive", NULL };
static const char * const event_kinds[] = {
  "capex_shock", "rate_shock", "demand_shock", "power_delay", "custom_beachhead",
  "deal_default", NULL
};

#define INF INFINITY
#define OVR GW_FIELD_OVERRIDABLE
#define OPEN_MIN GW_FIELD_MIN_OPEN
#define OPEN_MAX GW_FIELD_MAX_OPEN

/* A number that may be a distribution; every one of them is overridable. */
#define DIST(S, m, flags_, lo, hi, label_, unit_, blurb_) \
  { .name = #m, .label = label_, .unit = unit_, .blurb = blurb_, .type = GW_FIELD_DIST, \
    .flags = (flags_) | OVR, .offset = G_STRUCT_OFFSET (S, m), .min = lo, .max = hi }
#define PLAIN(S, m, type_, flags_, lo, hi, label_, unit_, blurb_) \
  { .name = #m, .label = label_, .unit = unit_, .blurb = blurb_, .type = type_, \
    .flags = flags_, .offset = G_STRUCT_OFFSET (S, m), .min = lo, .max = hi }
#define REF(S, m, flags_, table_, label_, blurb_) \
  { .name = #m, .label = label_, .blurb = blurb_, .type = GW_FIELD_REF, .flags = flags_, \
    .offset = G_STRUCT_OFFSET (S, m), .ref_table = table_ }
#define ENUM(S, m, names_, label_, blurb_) \
  { .name = #m, .label = label_, .blurb = blurb_, .type = GW_FIELD_ENUM, \
    .offset = G_STRUCT_OFFSET (S, m), .enum_names = names_ }
#define TEXT(S, m, type_, label_, blurb_) \
  { .name = #m, .label = label_, .blurb = blurb_, .type = type_, .offset = G_STRUCT_OFFSET (S, m) }
#define SOURCE(S) TEXT (S, source, GW_FIELD_TEXT, N_("Source"), \
                        N_("Where this row's numbers come from"))
#define QUARTER(S, m, flags_, label_, blurb_) \
  PLAIN (S, m, GW_FIELD_QUARTER, flags_, GW_QUARTER_MIN, GW_QUARTER_MAX, label_, NULL, blurb_)
/* Fields new in file schema 2.0 (model version 2), with the value that a
 * 1.0 file, or a JSON document that leaves them out, stands for. */
#define DIST2(S, m, flags_, lo, hi, label_, unit_, blurb_, neutral_) \
  { .name = #m, .label = label_, .unit = unit_, .blurb = blurb_, .type = GW_FIELD_DIST, \
    .flags = (flags_) | OVR, .offset = G_STRUCT_OFFSET (S, m), .min = lo, .max = hi, \
    .since = 2, .neutral = neutral_ }
#define QUARTER2(S, m, name_, flags_, label_, blurb_) \
  { .name = name_, .label = label_, .blurb = blurb_, .type = GW_FIELD_QUARTER, \
    .flags = (flags_) | GW_FIELD_OPTIONAL, .offset = G_STRUCT_OFFSET (S, m), \
    .min = GW_QUARTER_MIN, .max = GW_QUARTER_MAX, .since = 2, .neutral = GW_QUARTER_NONE }

static const GwField scenario_fields[] = {
  TEXT (GwScenarioInfo, name, GW_FIELD_TEXT, N_("Name"), N_("The scenario's name")),
  TEXT (GwScenarioInfo, description, GW_FIELD_TEXT, N_("Description"),
        N_("What the scenario is about")),
  QUARTER (GwScenarioInfo, start, 0, N_("Start"), N_("The first modelled quarter, t = 0")),
  PLAIN (GwScenarioInfo, horizon, GW_FIELD_INT, 0, 4, 80, N_("Horizon"), N_("quarters"),
         N_("How many quarters are modelled")),
  PLAIN (GwScenarioInfo, paths, GW_FIELD_INT, 0, 1, 10000000, N_("Paths"), N_("paths"),
         N_("How many Monte Carlo paths a full run draws")),
  PLAIN (GwScenarioInfo, seed, GW_FIELD_SEED, 0, 0, 0, N_("Seed"), NULL,
         N_("The 64-bit seed of the random streams")),
  PLAIN (GwScenarioInfo, model_version, GW_FIELD_INT, 0, GW_MODEL_VERSION, GW_MODEL_VERSION,
         N_("Model version"), NULL, N_("The version of MODEL.md the scenario follows")),
  SOURCE (GwScenarioInfo),
};

static const GwField generation_fields[] = {
  TEXT (GwGeneration, name, GW_FIELD_NAME, N_("Name"), N_("The generation's unique name")),
  TEXT (GwGeneration, vendor, GW_FIELD_TEXT, N_("Vendor"), N_("Who sells it, e.g. Nvidia")),
  QUARTER (GwGeneration, available_from, OVR, N_("Available from"),
           N_("The first quarter it can be bought")),
  DIST (GwGeneration, unit_capex, OPEN_MIN, 0, INF, N_("Unit capex"), N_("$/unit"),
        N_("Server and network cost per accelerator, not the building")),
  DIST (GwGeneration, capex_inflation, OPEN_MIN, -1, INF, N_("Capex inflation"), N_("per year"),
        N_("Yearly price change of units bought after launch")),
  DIST (GwGeneration, kw_it, OPEN_MIN, 0, INF, N_("Power"), N_("kW IT/unit"),
        N_("IT power per unit, all-in")),
  DIST (GwGeneration, perf, OPEN_MIN, 0, INF, N_("Performance"), N_("H100e/unit"),
        N_("How many H100-equivalents one unit earns in the rental market")),
  DIST (GwGeneration, hbm_gb, 0, 0, INF, N_("HBM"), N_("GB/unit"),
        N_("High-bandwidth memory per unit; 0 = no HBM limit")),
  DIST (GwGeneration, life_years, 0, 0.25, INF, N_("Life"), N_("years"),
        N_("Depreciation and retirement life")),
  SOURCE (GwGeneration),
};

static const GwField provider_fields[] = {
  TEXT (GwProvider, name, GW_FIELD_NAME, N_("Name"), N_("The provider's unique name")),
  ENUM (GwProvider, kind, provider_kinds, N_("Kind"),
        N_("Neocloud, hyperscaler or captive: a label only")),
  TEXT (GwProvider, buys, GW_FIELD_TEXT, N_("Buys"),
        N_("Comma-separated vendors it buys from; empty = all")),
  DIST (GwProvider, power_mw, 0, 0, INF, N_("Power"), N_("MW"),
        N_("Facility power online at the start")),
  DIST (GwProvider, build_execution, 0, 0, INF, N_("Build execution"), N_("share"),
        N_("Share of planned MW actually delivered")),
  DIST (GwProvider, debt, 0, 0, INF, N_("Debt"), N_("$"), N_("Debt at the start")),
  DIST (GwProvider, interest_rate, 0, 0, 1, N_("Interest rate"), N_("per year"),
        N_("Blended cost of debt")),
  DIST (GwProvider, debt_share, 0, 0, 1, N_("Debt share"), N_("of capex"),
        N_("Share of capex financed by debt")),
  DIST (GwProvider, loan_years, 0, 0.25, INF, N_("Loan term"), N_("years"),
        N_("Amortisation period of the debt")),
  DIST (GwProvider, opex, 0, 0, INF, N_("Opex"), N_("$/kW-month"),
        N_("Facility, staff, network and SG&A per kW of IT load")),
  DIST2 (GwProvider, amortizing_share, 0, 0, 1, N_("Amortizing share"), N_("share"),
         N_("Share of the debt repaid over the loan term; the rest is bullet notes "
            "refinanced beyond the horizon"), 1),
  SOURCE (GwProvider),
};

static const GwField fleet_fields[] = {
  REF (GwFleet, provider, 0, GW_TABLE_PROVIDERS, N_("Provider"), N_("Whose fleet")),
  REF (GwFleet, generation, 0, GW_TABLE_GENERATIONS, N_("Generation"),
       N_("Which accelerator generation")),
  DIST (GwFleet, units, 0, 0, INF, N_("Units"), N_("units"), N_("Installed units at the start")),
  SOURCE (GwFleet),
};

static const GwField build_plan_fields[] = {
  REF (GwBuildPlan, provider, 0, GW_TABLE_PROVIDERS, N_("Provider"), N_("Who builds")),
  QUARTER (GwBuildPlan, from, 0, N_("From"), N_("First quarter of additions")),
  QUARTER (GwBuildPlan, to, 0, N_("To"), N_("Last quarter of additions, inclusive")),
  DIST (GwBuildPlan, mw_per_quarter, 0, 0, INF, N_("Added power"), N_("MW/quarter"),
        N_("Facility MW coming online each quarter")),
  SOURCE (GwBuildPlan),
};

static const GwField deal_fields[] = {
  TEXT (GwDeal, name, GW_FIELD_NAME, N_("Name"), N_("The deal's unique name")),
  TEXT (GwDeal, buyer, GW_FIELD_TEXT, N_("Buyer"), N_("Who buys the capacity")),
  REF (GwDeal, provider, 0, GW_TABLE_PROVIDERS, N_("Provider"), N_("Who supplies it")),
  PLAIN (GwDeal, enabled, GW_FIELD_BOOL, OVR, 0, 1, N_("Enabled"), NULL,
         N_("Whether the deal is part of the scenario")),
  QUARTER2 (GwDeal, signed_quarter, "signed", 0, N_("Signed"),
            N_("The quarter the deal was signed; it counts in backlog from then on. "
               "Empty = before the scenario starts")),
  QUARTER (GwDeal, start, OVR, N_("Start"), N_("First quarter of the term")),
  QUARTER (GwDeal, end, OVR, N_("End"), N_("Last quarter of the term, inclusive")),
  PLAIN (GwDeal, ramp_quarters, GW_FIELD_INT, OVR, 1, 80, N_("Ramp"), N_("quarters"),
         N_("Quarters until the full capacity is taken")),
  DIST (GwDeal, value, GW_FIELD_OPTIONAL | OPEN_MIN, 0, INF, N_("Value"), N_("$"),
        N_("Total contract value")),
  DIST (GwDeal, capacity, GW_FIELD_OPTIONAL | OPEN_MIN, 0, INF, N_("Capacity"), N_("H100e"),
        N_("Contracted H100-equivalent units at full ramp")),
  DIST (GwDeal, price, GW_FIELD_OPTIONAL | OPEN_MIN, 0, INF, N_("Price"), N_("$/H100e-h"),
        N_("Contract price per H100e-hour")),
  DIST (GwDeal, completion_probability, OPEN_MIN, 0, 1, N_("Completion probability"),
        N_("probability"), N_("Probability that the buyer performs the remaining term")),
  SOURCE (GwDeal),
};

static const GwField market_fields[] = {
  DIST (GwMarket, price_0, OPEN_MIN, 0, INF, N_("Price at start"), N_("$/H100e-h"),
        N_("Market price of an H100e-hour at t = 0")),
  DIST (GwMarket, utilization_0, OPEN_MIN, 0, 1, N_("Utilization at start"), N_("share"),
        N_("Normal utilization of the fleet; the market clears here")),
  DIST (GwMarket, inference_share_0, 0, 0, 1, N_("Inference share"), N_("share"),
        N_("Share of demand at t = 0 that is inference")),
  DIST (GwMarket, token_growth, OPEN_MIN, 0, INF, N_("Token growth"), N_("x/year"),
        N_("Yearly growth of tokens served, at t = 0")),
  DIST (GwMarket, efficiency_gain, OPEN_MIN, 0, INF, N_("Efficiency gain"), N_("x/year"),
        N_("Yearly gain in tokens per H100e-hour, at t = 0")),
  DIST (GwMarket, growth_halving_years, OPEN_MIN, 0, INF, N_("Growth half-life"), N_("years"),
        N_("Years in which the excess growth halves")),
  DIST (GwMarket, demand_volatility, 0, 0, INF, N_("Demand volatility"), N_("log sd/quarter"),
        N_("Quarterly shock to token demand")),
  DIST (GwMarket, training_growth, OPEN_MIN, 0, INF, N_("Training growth"), N_("x/year"),
        N_("Yearly growth of training demand")),
  DIST (GwMarket, training_cycle_quarters, OPEN_MIN, 0, INF, N_("Training cycle"),
        N_("quarters"), N_("Period of the training demand cycle")),
  DIST (GwMarket, training_amplitude, OPEN_MAX, 0, 1, N_("Training amplitude"), N_("share"),
        N_("Relative swing of the training cycle")),
  DIST (GwMarket, enterprise_max, 0, 0, INF, N_("Enterprise demand"), N_("share of D0"),
        N_("Eventual enterprise demand as a share of demand at t = 0")),
  DIST (GwMarket, enterprise_midpoint, 0, -INF, INF, N_("Enterprise midpoint"), N_("t"),
        N_("Quarter index where enterprise adoption is half-way")),
  DIST (GwMarket, enterprise_width, OPEN_MIN, 0, INF, N_("Enterprise width"), N_("quarters"),
        N_("Steepness of enterprise adoption")),
  DIST (GwMarket, custom_share_0, OPEN_MAX, 0, 1, N_("Custom silicon share"), N_("share"),
        N_("Share of demand served by custom silicon at t = 0")),
  DIST (GwMarket, custom_share_max, OPEN_MAX, 0, 1, N_("Custom silicon share, eventual"),
        N_("share"), N_("Eventual share of demand served by custom silicon")),
  DIST (GwMarket, custom_midpoint, 0, -INF, INF, N_("Custom silicon midpoint"), N_("t"),
        N_("Quarter index where the custom-silicon shift is half-way")),
  DIST (GwMarket, custom_width, OPEN_MIN, 0, INF, N_("Custom silicon width"), N_("quarters"),
        N_("Steepness of the custom-silicon shift")),
  DIST (GwMarket, elasticity, OPEN_MIN, 0, INF, N_("Elasticity"), NULL,
        N_("Price elasticity of demand")),
  DIST (GwMarket, price_stickiness, OPEN_MAX, 0, 1, N_("Price stickiness"), N_("share"),
        N_("Weight of last quarter's price in this quarter's")),
  DIST (GwMarket, price_cap_multiple, OPEN_MIN, 0, INF, N_("Price cap"), N_("x price at start"),
        N_("Highest price as a multiple of the starting price")),
  DIST (GwMarket, pue, 0, 1, INF, N_("PUE"), NULL, N_("Facility power over IT power")),
  DIST (GwMarket, electricity, OPEN_MIN, 0, INF, N_("Electricity"), N_("$/MWh"),
        N_("Price of grid electricity")),
  DIST (GwMarket, availability, OPEN_MIN, 0, 1, N_("Availability"), N_("share"),
        N_("Share of hours an accelerator can be sold")),
  DIST (GwMarket, idle_power_fraction, 0, 0, 1, N_("Idle power"), N_("share"),
        N_("Power an idle accelerator still draws")),
  DIST (GwMarket, unit_supply_0, 0, 0, INF, N_("Unit supply"), N_("units/quarter"),
        N_("Accelerators the vendors can ship per quarter at t = 0")),
  DIST (GwMarket, unit_supply_growth, OPEN_MIN, 0, INF, N_("Unit supply growth"), N_("x/year"),
        N_("Yearly growth of accelerator supply")),
  DIST (GwMarket, hbm_supply_0, 0, 0, INF, N_("HBM supply"), N_("GB/quarter"),
        N_("High-bandwidth memory supply per quarter at t = 0")),
  DIST (GwMarket, hbm_growth, OPEN_MIN, 0, INF, N_("HBM growth"), N_("x/year"),
        N_("Yearly growth of HBM supply")),
  DIST (GwMarket, discount_rate, 0, 0, INF, N_("Discount rate"), N_("per year"),
        N_("Discount rate for provider NPV")),
  DIST2 (GwMarket, cost_pass_through, 0, 0, 1, N_("Cost pass-through"), N_("share"),
         N_("How much of a change in the cost of new capacity moves the price at normal "
            "utilization; 0 = a constant anchor"), 0),
  DIST2 (GwMarket, cost_inflation, OPEN_MIN | OPEN_MAX, -0.5, 1, N_("Cost inflation"),
         N_("per year"), N_("Yearly change of electricity prices and opex"), 0),
  { .name = "relet_quarters", .label = N_("Re-letting lag"), .unit = N_("quarters"),
    .blurb = N_("Quarters that capacity freed by an expired or defaulted deal earns nothing "
                "before it joins the spot pool"),
    .type = GW_FIELD_INT, .flags = OVR, .offset = G_STRUCT_OFFSET (GwMarket, relet_quarters),
    .min = 0, .max = 40, .since = 2, .neutral = 0 },
  SOURCE (GwMarket),
};

static const GwField event_fields[] = {
  TEXT (GwEvent, name, GW_FIELD_NAME, N_("Name"), N_("The event's unique name")),
  ENUM (GwEvent, kind, event_kinds, N_("Kind"), N_("What the event does")),
  PLAIN (GwEvent, enabled, GW_FIELD_BOOL, OVR, 0, 1, N_("Enabled"), NULL,
         N_("Whether the event is part of the scenario")),
  QUARTER (GwEvent, start, OVR, N_("Start"), N_("The quarter it acts from")),
  QUARTER2 (GwEvent, end, "end", OVR, N_("End"),
            N_("The last quarter it acts in, inclusive; empty = to the horizon")),
  DIST (GwEvent, magnitude, 0, -INF, INF, N_("Magnitude"), NULL,
        N_("A factor or an addition, depending on the kind")),
  DIST (GwEvent, probability, 0, 0, 1, N_("Probability"), N_("probability"),
        N_("Probability that it happens on a path")),
  TEXT (GwEvent, target, GW_FIELD_TEXT, N_("Target"),
        N_("The deal, provider or generation it hits; empty = all")),
  SOURCE (GwEvent),
};

static const GwField correlation_fields[] = {
  TEXT (GwCorrelation, a, GW_FIELD_INPUT, N_("Input A"), N_("An uncertain input")),
  TEXT (GwCorrelation, b, GW_FIELD_INPUT, N_("Input B"), N_("Another uncertain input")),
  PLAIN (GwCorrelation, rho, GW_FIELD_REAL, OPEN_MIN | OPEN_MAX, -1, 1, N_("Rank correlation"),
         NULL, N_("Spearman rank correlation between the two")),
  SOURCE (GwCorrelation),
};

static const GwField variant_fields[] = {
  TEXT (GwVariant, name, GW_FIELD_NAME, N_("Name"), N_("The variant's unique name")),
  TEXT (GwVariant, notes, GW_FIELD_TEXT, N_("Notes"), N_("What the variant assumes")),
  SOURCE (GwVariant),
};

static const GwField override_fields[] = {
  REF (GwOverride, variant, 0, GW_TABLE_VARIANTS, N_("Variant"), N_("The variant it belongs to")),
  TEXT (GwOverride, input, GW_FIELD_INPUT, N_("Input"), N_("The field it overrides")),
  PLAIN (GwOverride, value, GW_FIELD_DIST, 0, -INF, INF, N_("Value"), NULL,
         N_("The value or distribution in the variant")),
  SOURCE (GwOverride),
};

static const GwField actual_fields[] = {
  TEXT (GwActual, series, GW_FIELD_TEXT, N_("Series"), N_("The output series, e.g. price")),
  QUARTER (GwActual, quarter, 0, N_("Quarter"), N_("When it was observed")),
  PLAIN (GwActual, value, GW_FIELD_REAL, 0, -1e15, 1e15, N_("Value"), NULL,
         N_("The observed value, in the series' unit")),
  SOURCE (GwActual),
};

#define TABLE(id, name_, label_, row_label_, single_, S, fields_, key_, max_) \
  [id] = { id, name_, label_, row_label_, single_, sizeof (S), fields_, G_N_ELEMENTS (fields_), \
           key_, max_ }

static const GwTableInfo tables[GW_N_TABLES] = {
  TABLE (GW_TABLE_SCENARIO, "scenario", N_("Scenario"), N_("Scenario"), TRUE,
         GwScenarioInfo, scenario_fields, -1, 1),
  TABLE (GW_TABLE_GENERATIONS, "generations", N_("Hardware generations"), N_("Generation"), FALSE,
         GwGeneration, generation_fields, 0, 64),
  TABLE (GW_TABLE_PROVIDERS, "providers", N_("Providers"), N_("Provider"), FALSE,
         GwProvider, provider_fields, 0, 64),
  TABLE (GW_TABLE_FLEET, "fleet", N_("Initial fleet"), N_("Fleet"), FALSE,
         GwFleet, fleet_fields, -1, 4096),
  TABLE (GW_TABLE_BUILD_PLANS, "build_plans", N_("Build plans"), N_("Build plan"), FALSE,
         GwBuildPlan, build_plan_fields, -1, 4096),
  TABLE (GW_TABLE_DEALS, "deals", N_("Deals"), N_("Deal"), FALSE,
         GwDeal, deal_fields, 0, 1024),
  TABLE (GW_TABLE_MARKET, "market", N_("Market & demand"), N_("Market"), TRUE,
         GwMarket, market_fields, -1, 1),
  TABLE (GW_TABLE_EVENTS, "events", N_("Events"), N_("Event"), FALSE,
         GwEvent, event_fields, 0, 256),
  TABLE (GW_TABLE_CORRELATIONS, "correlations", N_("Correlations"), N_("Correlation"), FALSE,
         GwCorrelation, correlation_fields, -1, 1024),
  TABLE (GW_TABLE_VARIANTS, "variants", N_("Variants"), N_("Variant"), FALSE,
         GwVariant, variant_fields, 0, 256),
  TABLE (GW_TABLE_OVERRIDES, "overrides", N_("Overrides"), N_("Override"), FALSE,
         GwOverride, override_fields, -1, 65536),
  TABLE (GW_TABLE_ACTUALS, "actuals", N_("Actuals"), N_("Actual"), FALSE,
         GwActual, actual_fields, -1, 100000),
};

G_STATIC_ASSERT (G_N_ELEMENTS (market_fields) == GW_N_MARKET_SLOTS + 2);

const GwTableInfo *
gw_table_info (GwTable table)
{
  g_return_val_if_fail (table < GW_N_TABLES, NULL);
  return &tables[table];
}

gboolean
gw_table_from_name (const char *name,
                    GwTable    *table)
{
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    if (g_strcmp0 (tables[t].name, name) == 0)
      {
        *table = t;
        return TRUE;
      }
  return FALSE;
}

int
gw_table_find_field (GwTable     table,
                     const char *name)
{
  for (guint i = 0; i < tables[table].n_fields; i++)
    if (g_strcmp0 (tables[table].fields[i].name, name) == 0)
      return i;
  return -1;
}

const GwField *
gw_table_field (GwTable table,
                guint   field)
{
  g_return_val_if_fail (field < tables[table].n_fields, NULL);
  return &tables[table].fields[field];
}

const char * const *
gw_provider_kind_names (void)
{
  return provider_kinds;
}

const char * const *
gw_event_kind_names (void)
{
  return event_kinds;
}

/* Whether a file of schema @schema_major has a column or member for it. */
gboolean
gw_field_in_schema (const GwField *field,
                    int            schema_major)
{
  return field->since <= schema_major;
}

/* Sets a field new in a later schema to the value an older file stands for. */
void
gw_field_set_neutral (gpointer       row,
                      const GwField *field)
{
  switch (field->type)
    {
    case GW_FIELD_DIST:
      *GW_FIELD_DIST_OF (row, field) = gw_dist_fixed (field->neutral);
      break;
    case GW_FIELD_INT:
    case GW_FIELD_QUARTER:
    case GW_FIELD_BOOL:
    case GW_FIELD_ENUM:
      GW_FIELD_INT_OF (row, field) = (int) field->neutral;
      break;
    case GW_FIELD_REAL:
      GW_FIELD_REAL_OF (row, field) = field->neutral;
      break;
    default:
      break;
    }
}

gboolean
gw_field_is_text (const GwField *field)
{
  return field->type == GW_FIELD_TEXT || field->type == GW_FIELD_NAME ||
         field->type == GW_FIELD_REF || field->type == GW_FIELD_INPUT;
}

void
gw_field_set_text (gpointer       row,
                   const GwField *field,
                   const char    *text)
{
  char **slot = GW_FIELD_PTR (row, field);

  g_return_if_fail (gw_field_is_text (field));
  if (*slot == text)
    return;
  g_free (*slot);
  *slot = g_strdup (text ? text : "");
}

gboolean
gw_field_in_range (const GwField *field,
                   double         value)
{
  if (!isfinite (value))
    return FALSE;
  if (field->flags & GW_FIELD_MIN_OPEN ? !(value > field->min) : !(value >= field->min))
    return FALSE;
  if (field->flags & GW_FIELD_MAX_OPEN ? !(value < field->max) : !(value <= field->max))
    return FALSE;
  return TRUE;
}

/**
 * gw_field_format_range:
 *
 * Returns: the valid range in interval notation, e.g. "(0, 1]"
 */
char *
gw_field_format_range (const GwField *field)
{
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];

  if (field->type == GW_FIELD_QUARTER)
    {
      g_autofree char *a = gw_quarter_format ((int) field->min);
      g_autofree char *b = gw_quarter_format ((int) field->max);

      return g_strdup_printf ("[%s, %s]", a, b);
    }
  g_ascii_formatd (lo, sizeof lo, "%g", field->min);
  g_ascii_formatd (hi, sizeof hi, "%g", field->max);
  return g_strdup_printf ("%c%s, %s%c", field->flags & GW_FIELD_MIN_OPEN ? '(' : '[', lo, hi,
                          field->flags & GW_FIELD_MAX_OPEN ? ')' : ']');
}

/**
 * gw_field_check_value:
 * @dist: the value, or for a bool, integer or quarter field a fixed value
 *
 * Checks a value against the field's type and range. A distribution must
 * keep its whole support inside the range; an open end may only be touched
 * by a continuous law, which never takes its end point.
 *
 * Returns: (nullable): what is wrong, translated, or %NULL
 */
char *
gw_field_check_value (const GwField *field,
                      const GwDist  *dist)
{
  g_autofree char *range = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *text = NULL;
  double lo, hi;

  if (dist->kind == GW_DIST_NONE)
    {
      if (field->type == GW_FIELD_DIST && (field->flags & GW_FIELD_OPTIONAL))
        return NULL;
      return g_strdup (_("a value is required"));
    }

  if ((problem = gw_dist_check_params (dist)))
    return g_steal_pointer (&problem);

  range = gw_field_format_range (field);
  text = gw_dist_to_string (dist);

  if (field->type != GW_FIELD_DIST && dist->kind != GW_DIST_FIXED)
    return g_strdup_printf (_("%s cannot be a distribution (%s)"), _(field->label), text);

  switch (field->type)
    {
    case GW_FIELD_INT:
    case GW_FIELD_QUARTER:
    case GW_FIELD_BOOL:
    case GW_FIELD_ENUM:
      if (dist->p[0] != floor (dist->p[0]))
        return g_strdup_printf (_("%s must be a whole number, not %s"), _(field->label), text);
      break;
    default:
      break;
    }

  if (field->type == GW_FIELD_BOOL)
    return dist->p[0] == 0 || dist->p[0] == 1
      ? NULL : g_strdup_printf (_("%s must be 0 or 1, not %s"), _(field->label), text);
  if (field->type == GW_FIELD_ENUM)
    return dist->p[0] >= 0 && dist->p[0] < g_strv_length ((char **) field->enum_names)
      ? NULL : g_strdup_printf (_("%s is not a known kind"), text);
  if (field->type == GW_FIELD_QUARTER)
    {
      if ((field->flags & GW_FIELD_OPTIONAL) && dist->p[0] == GW_QUARTER_NONE)
        return NULL;
      if (gw_field_in_range (field, dist->p[0]))
        return NULL;
      return g_strdup_printf (_("quarter %s lies outside %s"), text, range);
    }

  if (dist->kind == GW_DIST_FIXED)
    {
      if (gw_field_in_range (field, dist->p[0]))
        return NULL;
      return g_strdup_printf (_("%s is outside the valid range %s"), text, range);
    }

  gw_dist_support (dist, &lo, &hi);
  if (lo < field->min || hi > field->max)
    {
      if (isinf (lo) || isinf (hi))
        return g_strdup_printf (_("%s can take values outside the valid range %s; "
                                  "truncate it"), text, range);
      return g_strdup_printf (_("%s can take values outside the valid range %s"), text, range);
    }
  /* The central value must itself be valid (a triangular mode on an open
   * end, say). */
  if (!gw_field_in_range (field, gw_dist_central (dist)))
    return g_strdup_printf (_("the central value of %s is outside the valid range %s"),
                            text, range);
  return NULL;
}

gpointer
gw_row_new (GwTable table)
{
  gpointer row = g_malloc0 (tables[table].row_size);

  gw_row_init (table, row);
  return row;
}

/* Defaults: empty strings, required numbers fixed at 0 (which validation
 * then reports where 0 is not valid), deals and events enabled. */
void
gw_row_init (GwTable  table,
             gpointer row)
{
  const GwTableInfo *info = &tables[table];

  memset (row, 0, info->row_size);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const GwField *f = &info->fields[i];

      if (gw_field_is_text (f))
        GW_FIELD_TEXT_OF (row, f) = g_strdup ("");
      else if (f->since >= 2)
        gw_field_set_neutral (row, f);
      else if (f->type == GW_FIELD_DIST && !(f->flags & GW_FIELD_OPTIONAL))
        *GW_FIELD_DIST_OF (row, f) = gw_dist_fixed (0);
      else if (f->type == GW_FIELD_BOOL)
        GW_FIELD_INT_OF (row, f) = TRUE;
    }
}

void
gw_row_clear (GwTable  table,
              gpointer row)
{
  const GwTableInfo *info = &tables[table];

  for (guint i = 0; i < info->n_fields; i++)
    if (gw_field_is_text (&info->fields[i]))
      g_clear_pointer ((char **) GW_FIELD_PTR (row, &info->fields[i]), g_free);
}

void
gw_row_copy_into (GwTable       table,
                  gpointer      dest,
                  gconstpointer src)
{
  const GwTableInfo *info = &tables[table];

  memcpy (dest, src, info->row_size);
  for (guint i = 0; i < info->n_fields; i++)
    if (gw_field_is_text (&info->fields[i]))
      GW_FIELD_TEXT_OF (dest, &info->fields[i]) =
        g_strdup (GW_FIELD_TEXT_OF (src, &info->fields[i]));
}

gboolean
gw_row_equal (GwTable       table,
              gconstpointer a,
              gconstpointer b)
{
  const GwTableInfo *info = &tables[table];

  for (guint i = 0; i < info->n_fields; i++)
    {
      const GwField *f = &info->fields[i];

      switch (f->type)
        {
        case GW_FIELD_TEXT:
        case GW_FIELD_NAME:
        case GW_FIELD_REF:
        case GW_FIELD_INPUT:
          if (g_strcmp0 (GW_FIELD_TEXT_OF (a, f), GW_FIELD_TEXT_OF (b, f)) != 0)
            return FALSE;
          break;
        case GW_FIELD_DIST:
          if (!gw_dist_equal (GW_FIELD_DIST_OF (a, f), GW_FIELD_DIST_OF (b, f)))
            return FALSE;
          break;
        case GW_FIELD_REAL:
          if (GW_FIELD_REAL_OF (a, f) != GW_FIELD_REAL_OF (b, f))
            return FALSE;
          break;
        case GW_FIELD_SEED:
          if (GW_FIELD_SEED_OF (a, f) != GW_FIELD_SEED_OF (b, f))
            return FALSE;
          break;
        default:
          if (GW_FIELD_INT_OF (a, f) != GW_FIELD_INT_OF (b, f))
            return FALSE;
          break;
        }
    }
  return TRUE;
}
