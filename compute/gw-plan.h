/* gw-plan.h: a resolved scenario flattened for the engines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gigawatt-model.h"
#include "gw-path.h"

G_BEGIN_DECLS

/* Units of a series or scalar, for display and CSV headers. */
typedef enum
{
  GW_UNIT_PRICE,        /* $ per H100e-hour */
  GW_UNIT_HOURS,        /* H100e-hours per quarter */
  GW_UNIT_FRACTION,
  GW_UNIT_MW,
  GW_UNIT_MONEY,        /* $ */
  GW_UNIT_RATIO,        /* x, e.g. DSCR */
  GW_UNIT_QUARTER,      /* quarter index t, -1 for never */
} GwUnit;

/**
 * GwPlan:
 *
 * What the engines run: the scenario with its variant applied, its input
 * slots, and the flat integer (@pi) and real (@pr) arrays that gw-path.h
 * reads. Immutable once made; engines share it between threads.
 */
typedef struct
{
  GwScenario *scenario;       /* resolved, owned */
  char       *variant;        /* NULL for the base scenario */
  GArray     *slots;          /* GwSlot, K of them */
  GwDist     *slot_dists;     /* [K], after the variant */
  int        *pi;
  guint       n_pi;
  double     *pr;
  guint       n_pr;
  guint       T, G, P, B, D, E, K, NC;
  guint       n_series;
  guint       n_scalars;
  guint       n_cols;         /* n_series * T */
  guint       scratch;        /* reals of scratch per path */
  guint64     seed;
  guint32     key[2];
} GwPlan;

GwPlan     *gw_plan_new              (const GwScenario *scenario,
                                      const char       *variant,
                                      GError          **error);
void        gw_plan_free             (GwPlan           *plan);
GwPlan     *gw_plan_copy             (const GwPlan     *plan);

/* Whether a slot holds a distribution (after the variant) and so takes
 * part in sensitivity. A deal's derived field never does. */
gboolean    gw_plan_slot_uncertain   (const GwPlan     *plan,
                                      guint             slot);
char       *gw_plan_slot_label       (const GwPlan     *plan,
                                      guint             slot);
char       *gw_plan_slot_path        (const GwPlan     *plan,
                                      guint             slot);

const char *gw_plan_series_key       (const GwPlan     *plan,
                                      guint             series);
const char *gw_plan_series_label     (const GwPlan     *plan,
                                      guint             series);
int         gw_plan_series_provider  (const GwPlan     *plan,
                                      guint             series);
GwUnit      gw_plan_series_unit      (const GwPlan     *plan,
                                      guint             series);
int         gw_plan_find_series      (const GwPlan     *plan,
                                      const char       *key,
                                      const char       *provider);

const char *gw_plan_scalar_key       (const GwPlan     *plan,
                                      guint             scalar);
const char *gw_plan_scalar_label     (const GwPlan     *plan,
                                      guint             scalar);
int         gw_plan_scalar_provider  (const GwPlan     *plan,
                                      guint             scalar);
GwUnit      gw_plan_scalar_unit      (const GwPlan     *plan,
                                      guint             scalar);
int         gw_plan_find_scalar      (const GwPlan     *plan,
                                      const char       *key,
                                      const char       *provider);
const char *gw_plan_provider_name    (const GwPlan     *plan,
                                      guint             provider);

char       *gw_format_unit_value     (GwUnit            unit,
                                      double            value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlan, gw_plan_free)

G_END_DECLS
