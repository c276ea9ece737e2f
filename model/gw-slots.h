/* gw-slots.h: input slots and the correlation copula (MODEL.md section 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-table.h"

G_BEGIN_DECLS

/**
 * GwSlot:
 * @table: the table that holds the number
 * @row: its row, or -1 for an initial fleet that has no row (fixed 0)
 * @field: its field in @table
 * @provider: for an initial fleet slot, the provider row; else -1
 * @generation: for an initial fleet slot, the generation row; else -1
 */
typedef struct
{
  GwTable table;
  int     row;
  int     field;
  int     provider;
  int     generation;
} GwSlot;

/**
 * GwCopula:
 * @n: how many slots take part in correlations
 * @slots: (array length=n): those slots, ascending
 * @chol: (array): the n x n lower Cholesky factor L, row-major
 */
typedef struct
{
  guint   n;
  guint  *slots;
  double *chol;
} GwCopula;

GArray   *gw_scenario_slots         (const GwScenario *self);
guint     gw_scenario_n_slots       (const GwScenario *self);
GwDist    gw_scenario_slot_dist     (const GwScenario *self,
                                     const GwSlot     *slot);
char     *gw_scenario_slot_label    (const GwScenario *self,
                                     const GwSlot     *slot);
char     *gw_scenario_slot_path     (const GwScenario *self,
                                     const GwSlot     *slot);
int       gw_scenario_find_slot     (const GwScenario *self,
                                     const GArray     *slots,
                                     const GwInputRef *ref);
GwCopula *gw_scenario_copula        (const GwScenario *self,
                                     GError          **error);
void      gw_copula_free            (GwCopula         *copula);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCopula, gw_copula_free)

G_END_DECLS
