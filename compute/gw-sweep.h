/* gw-sweep.h: a statistic over a range of one input, a grid of two, or
 * the inputs of a spider chart, each over its own P10 to P90
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-explore.h"

G_BEGIN_DECLS

/**
 * GwInputInfo:
 * @path: the override path, as in a variant ("deals[Meta II].price")
 * @label: how people name it ("Meta II deal: Price"), translated
 * @uncertain: whether it holds a distribution (after the variant)
 * @value: its central value (a fixed value, or its distribution's)
 *
 * An input that goal seek and sweeps may set (gw_explore_inputs()).
 */
typedef struct
{
  char    *path;
  char    *label;
  gboolean uncertain;
  double   value;
} GwInputInfo;

void         gw_input_info_free      (GwInputInfo        *info);
GPtrArray   *gw_explore_inputs       (const GwScenario   *scenario,
                                      const char         *variant,
                                      GError            **error);
gboolean     gw_input_default_range  (const GwScenario   *scenario,
                                      const char         *variant,
                                      const char         *input,
                                      double             *lo,
                                      double             *hi,
                                      GError            **error);
gboolean     gw_input_quantile       (const GwScenario   *scenario,
                                      const char         *variant,
                                      const char         *input,
                                      double              p,
                                      double             *x,
                                      GError            **error);

/**
 * GwSweep:
 * @input: the input swept (an override path)
 * @by_input: (nullable): a second input held at @by_value (one line of a
 *   grid), or %NULL
 * @n: points
 * @x: (array length=n): the input's values
 * @u: (array length=n) (nullable): a spider line's percentiles of the
 *   input (0.1 to 0.9), or %NULL
 * @n_stats: statistics per point
 * @y: (array): @n rows of @n_stats statistics
 * @se: (array): their standard errors, NaN where none is known
 * @done: the rows evaluated so far
 */
typedef struct
{
  char    *input;
  char    *by_input;
  double   by_value;
  guint    n;
  double  *x;
  double  *u;
  guint    n_stats;
  double  *y;
  double  *se;
  guint    done;
} GwSweep;

GwSweep     *gw_sweep_new            (const char         *input,
                                      const double       *x,
                                      guint               n,
                                      guint               n_stats);
void         gw_sweep_free           (GwSweep            *sweep);
void         gw_sweep_set_by         (GwSweep            *sweep,
                                      const char         *by_input,
                                      double              by_value);
void         gw_sweep_linspace       (double              lo,
                                      double              hi,
                                      guint               n,
                                      double             *out);
GwSweep     *gw_spider_line_new      (const GwScenario   *scenario,
                                      const char         *variant,
                                      const char         *input,
                                      guint               n,
                                      guint               n_stats,
                                      GError            **error);

/* Called on the thread that runs the sweep after each row. */
typedef void (*GwSweepRowFunc) (const GwSweep *sweep,
                                guint          row,
                                gpointer       user_data);

gboolean     gw_sweep_run            (const GwScenario   *scenario,
                                      const GwRunOptions *options,
                                      GwSweep            *sweep,
                                      const GwStatistic  *stats,
                                      GCancellable       *cancellable,
                                      GwSweepRowFunc      row,
                                      gpointer            row_data,
                                      GError            **error);
char        *gw_sweeps_csv           (GwSweep    *const *sweeps,
                                      guint               n_sweeps,
                                      const GwStatistic  *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSweep, gw_sweep_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwInputInfo, gw_input_info_free)

G_END_DECLS
