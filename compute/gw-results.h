/* gw-results.h: what a run produces (MODEL.md section 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-plan.h"
#include "gw-stats.h"

G_BEGIN_DECLS


/**
 * GwResults:
 *
 * The statistics of a run, reference-counted and immutable once made, so
 * the UI can keep the last results while a new run computes.
 *
 * @series and @det_series are indexed by column = series * T + t.
 * @scalar_values holds every path's scalars, scalar-major.
 * @inputs holds the sampled uncertain inputs (@input_slots) of the first
 * @n_input_paths paths, input-major, for sensitivity.
 * @paths, in the results of a filter's paths, says which paths of the
 * whole run they are, so a column of the whole run (gw_replay_column())
 * can be counted over them.
 */
typedef struct
{
  GwPlan    *plan;
  guint      n_paths;
  gboolean   deterministic;
  double    *det_series;
  double    *det_scalars;
  GwSummary *series;
  GwSummary *scalars;
  double    *scalar_values;
  guint      n_inputs;
  guint     *input_slots;
  guint      n_input_paths;
  double    *inputs;
  guint     *paths;          /* gw_results_filtered(): each path's index in the run it
                              * was kept from, ascending; else NULL */
  char      *engine;         /* "cpu", "opencl" */
  char      *device;         /* a name people know */
  char      *fallback;       /* why the engine asked for was not used, or NULL */
  guint      threads;
  double     seconds;
  guint      n_approximate;  /* quantiles bounded by a histogram, not exact */
  /* < private > gw_results_sensitivity()'s arrays, one per scalar, made
   * once: the results stay immutable for their readers */
  GMutex     sens_lock;
  GPtrArray **sens;
} GwResults;

typedef struct
{
  guint  slot;
  char  *path;               /* "market.token_growth" */
  char  *label;              /* "Token growth", as people name it */
  double rho;                /* Spearman, -1..1 */
  double low_input;          /* the input at its P10 and P90 */
  double high_input;
  double low;                /* the scalar with the input at P10 */
  double high;               /* ... at P90 */
} GwSensitivity;

GwResults       *gw_results_new            (GwPlan          *plan,
                                            guint            n_paths);
GwResults       *gw_results_ref            (GwResults       *results);
void             gw_results_unref          (GwResults       *results);

const GwSummary *gw_results_summary        (const GwResults *results,
                                            guint            series,
                                            guint            t);
const double    *gw_results_scalar_values  (const GwResults *results,
                                            guint            scalar);
double           gw_results_probability    (const GwResults *results,
                                            guint            scalar,
                                            double           threshold,
                                            gboolean         below);
void             gw_results_event_flags    (const GwResults *results,
                                            guint            event,
                                            guint8          *flags);
void             gw_results_histogram      (const GwResults *results,
                                            guint            scalar,
                                            guint            n_bins,
                                            double          *lo,
                                            double          *hi,
                                            guint           *counts);
GPtrArray       *gw_results_sensitivity    (const GwResults *results,
                                            guint            scalar,
                                            GError         **error);
GPtrArray       *gw_results_peek_sensitivity (const GwResults *results,
                                              guint            scalar);
void             gw_sensitivity_free       (GwSensitivity   *sensitivity);

void             gw_results_summarise_scalars (GwResults    *results);
double           gw_spearman               (const double    *a,
                                            const double    *b,
                                            gsize            n);

gboolean         gw_results_write_csv      (const GwResults *results,
                                            const char      *dir,
                                            gboolean         per_path,
                                            GError         **error);
gboolean         gw_results_write_json     (const GwResults *results,
                                            const char      *file,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwResults, gw_results_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSensitivity, gw_sensitivity_free)

G_END_DECLS
