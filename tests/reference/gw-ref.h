/* gw-ref.h: an independent, scalar reference of MODEL.md version 2
 *
 * One Monte Carlo path of /work/shared/MODEL.md (sections 3 to 5), written
 * straight from the text in plain double-precision C, sharing nothing with
 * the production engine (compute/gw-path.h) but the low-level primitives of
 * model/ (Philox, Phi, Phi^-1, the inverse CDFs, the copula). Tests run it
 * next to the engine and require the two to agree to 1e-9 (section 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gigawatt-model.h"

G_BEGIN_DECLS

/* Market series of section 5, per quarter. */
typedef enum
{
  GW_REF_PRICE,
  GW_REF_ANCHOR,
  GW_REF_FRONTIER_COST,
  GW_REF_SUPPLY,
  GW_REF_DEMAND,
  GW_REF_UTILIZATION,
  GW_REF_SHORTAGE,
  GW_REF_CUSTOM_SHARE,
  GW_REF_FLOOR,
  GW_REF_STRANDED_MW,
  GW_REF_N_MARKET
} GwRefMarket;

/* Provider series of section 5, per provider and quarter. */
typedef enum
{
  GW_REF_REVENUE,
  GW_REF_CONTRACT_REVENUE,
  GW_REF_SPOT_REVENUE,
  GW_REF_EBITDA,
  GW_REF_NET_INCOME,
  GW_REF_DEPRECIATION,
  GW_REF_INTEREST,
  GW_REF_PRINCIPAL,
  GW_REF_FCF,
  GW_REF_CAPEX,
  GW_REF_DEBT,
  GW_REF_DSCR,
  GW_REF_COLLATERAL,
  GW_REF_LTV,
  GW_REF_BACKLOG,
  GW_REF_VACANT_HOURS,
  GW_REF_FLEET_MW,
  GW_REF_N_PROVIDER
} GwRefProvider;

/* A deal that never defaults (GwRefPath.default_quarter). */
#define GW_REF_NEVER G_MAXINT

/**
 * GwRefPath:
 * @T: quarters
 * @P: providers
 * @K: input slots
 * @D: deals
 * @E: events
 * @market: [GW_REF_N_MARKET * T], series s at quarter t in s * T + t;
 *   read it with gw_ref_market()
 * @provider: [P * GW_REF_N_PROVIDER * T], provider j's series s at quarter
 *   t in (j * GW_REF_N_PROVIDER + s) * T + t; read it with gw_ref_provider()
 * @npv: [P] NPV per provider (step 11)
 * @min_dscr: [P] the lowest DSCR over the quarters
 * @first_dscr_below_1: [P] the first t with DSCR < 1, or -1
 * @price_horizon: the price at t = T - 1
 * @cumulative_shortage: the shortage summed over t (H100e-h)
 * @x: [K] the sampled inputs in slot order (a deal's derived field holds 0:
 *   its slot is unused)
 * @default_quarter: [D] diagnostics: t of each deal's default (the earlier
 *   of the random one and a deal_default event), or %GW_REF_NEVER
 * @event_happened: [E] diagnostics: whether each event happened on the path
 *   (enabled and drawn)
 *
 * Every output of one path.
 */
typedef struct
{
  int       T;
  guint     P;
  guint     K;
  guint     D;
  guint     E;
  double   *market;
  double   *provider;
  double   *npv;
  double   *min_dscr;
  int      *first_dscr_below_1;
  double    price_horizon;
  double    cumulative_shortage;
  double   *x;
  int      *default_quarter;
  gboolean *event_happened;
} GwRefPath;

GwRefPath   *gw_ref_run             (const GwScenario *resolved,
                                     guint32           path,
                                     gboolean          deterministic);
void         gw_ref_path_free       (GwRefPath        *path);

double       gw_ref_market          (const GwRefPath  *path,
                                     GwRefMarket       series,
                                     int               t);
double       gw_ref_provider        (const GwRefPath  *path,
                                     guint             provider,
                                     GwRefProvider     series,
                                     int               t);

const char  *gw_ref_market_name     (GwRefMarket       series);
const char  *gw_ref_provider_name   (GwRefProvider     series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRefPath, gw_ref_path_free)

G_END_DECLS
