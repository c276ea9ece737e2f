/* gw-comparison.h: variants of a document run side by side (GTK-free)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-document.h"
#include "gw-engine.h"
#include "gw-results.h"

G_BEGIN_DECLS

#define GW_TYPE_COMPARISON (gw_comparison_get_type ())
G_DECLARE_FINAL_TYPE (GwComparison, gw_comparison, GW, COMPARISON, GObject)

GwComparison       *gw_comparison_new            (void);
GwDocument         *gw_comparison_get_document   (GwComparison       *self);
void                gw_comparison_set_document   (GwComparison       *self,
                                                  GwDocument         *document);
const char * const *gw_comparison_get_variants   (GwComparison       *self);
void                gw_comparison_set_variants   (GwComparison       *self,
                                                  const char * const *variants);
guint               gw_comparison_get_paths      (GwComparison       *self);
void                gw_comparison_set_paths      (GwComparison       *self,
                                                  guint               paths);
void                gw_comparison_set_engine     (GwComparison       *self,
                                                  GwEngineKind        engine);
void                gw_comparison_set_active     (GwComparison       *self,
                                                  gboolean            active);
void                gw_comparison_schedule       (GwComparison       *self,
                                                  guint               delay_ms);
void                gw_comparison_cancel         (GwComparison       *self);
guint               gw_comparison_get_n_variants (GwComparison       *self);
GwResults          *gw_comparison_get_results    (GwComparison       *self,
                                                  guint               i);
gboolean            gw_comparison_get_complete   (GwComparison       *self);
gboolean            gw_comparison_get_running    (GwComparison       *self);
double              gw_comparison_get_progress   (GwComparison       *self);
const char         *gw_comparison_get_error      (GwComparison       *self);
GBytes             *gw_comparison_get_column     (GwComparison       *self,
                                                  guint               i,
                                                  guint               column);

const char         *gw_comparison_variant_label (const char         *name);
char              **gw_comparison_list_variants  (const GwScenario   *scenario,
                                                  char             ***same_as_base);

/**
 * GwCompareKpi:
 * @p10: the 10th percentile of the output in this run
 * @p50: its median
 * @p90: its 90th percentile
 * @mean: its mean
 * @delta_p50: @p50 less the reference run's median
 * @diff_p50: the median of the per-path difference (this run less the
 *   reference, path by path), NaN where the per-path values are not known
 * @p_higher: the share of paths on which this run is higher than the
 *   reference, NaN where the output has no per-path values
 *
 * One run's numbers for one output, and how they differ from a reference
 * run of the same paths and seed (common random numbers).
 */
typedef struct
{
  double p10;
  double p50;
  double p90;
  double mean;
  double delta_p50;
  double diff_p50;
  double p_higher;
} GwCompareKpi;

void                gw_compare_series_kpi        (const GwResults    *reference,
                                                  const GwResults    *results,
                                                  guint               series,
                                                  guint               t,
                                                  const double       *reference_values,
                                                  const double       *values,
                                                  GwCompareKpi       *kpi);
void                gw_compare_scalar_kpi        (const GwResults    *reference,
                                                  const GwResults    *results,
                                                  guint               scalar,
                                                  GwCompareKpi       *kpi);

G_END_DECLS
