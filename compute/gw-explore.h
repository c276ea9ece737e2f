/* gw-explore.h: asking questions of the model: statistics, goal seek, sweeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-engine.h"

G_BEGIN_DECLS

typedef enum
{
  GW_STAT_MEAN,
  GW_STAT_SD,
  GW_STAT_QUANTILE,     /* one of gw_quantile_levels */
  GW_STAT_PROB_BELOW,   /* P(x < threshold), scalars only */
  GW_STAT_PROB_ABOVE,   /* P(x > threshold), scalars only */
} GwStatKind;

/**
 * GwStatistic:
 *
 * A statistic of one output: "p50 of price at 2030Q4", "P(< 1) of
 * min_dscr@CoreWeave". Made by gw_statistic_parse(), resolved against a
 * run's plan by gw_statistic_eval().
 */
typedef struct
{
  char       *output;       /* as written, for messages */
  char       *key;          /* "price", "min_dscr" */
  char       *provider;     /* NULL, or "CoreWeave" */
  int         quarter;      /* a series' quarter; GW_QUARTER_NONE for a scalar */
  GwStatKind  kind;
  guint       q;            /* GW_STAT_QUANTILE: index in gw_quantile_levels */
  double      threshold;    /* GW_STAT_PROB_* */
} GwStatistic;

gboolean     gw_statistic_parse    (GwStatistic     *stat,
                                    const char      *output,
                                    const char      *statistic,
                                    GError         **error);
void         gw_statistic_clear    (GwStatistic     *stat);
char        *gw_statistic_describe (const GwStatistic *stat);
/* paths a worker simulates again at a time (series statistics) */
#define GW_REPLAY_BLOCK 256

void         gw_replay_column       (const GwPlan      *plan,
                                     guint              n_paths,
                                     const guint8      *mask,
                                     guint              column,
                                     double            *out);
gboolean     gw_replay_column_full  (const GwPlan      *plan,
                                     guint              n_paths,
                                     const guint8      *mask,
                                     guint              column,
                                     GCancellable      *cancellable,
                                     double            *out);
double       gw_statistic_of_summary (const GwStatistic *stat,
                                      const GwSummary   *sm);
gboolean     gw_statistic_eval     (const GwStatistic *stat,
                                    const GwResults *results,
                                    double          *value,
                                    GError         **error);

gboolean     gw_statistic_eval_se  (const GwStatistic *stat,
                                    const GwResults *results,
                                    double          *value,
                                    double          *se,
                                    GError         **error);

GwScenario  *gw_scenario_with_input (const GwScenario *scenario,
                                     const char       *variant,
                                     const char       *input,
                                     double            value,
                                     GError          **error);
gboolean     gw_input_range         (const GwScenario *scenario,
                                     const char       *input,
                                     double           *lo,
                                     double           *hi,
                                     GError          **error);

gboolean     gw_explore_eval        (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const char         *input,
                                     double              value,
                                     const GwStatistic  *stat,
                                     double             *result,
                                     GError            **error);

gboolean     gw_explore_eval_full   (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const char         *input,
                                     double              value,
                                     const GwStatistic  *stat,
                                     GCancellable       *cancellable,
                                     double             *result,
                                     double             *se,
                                     GError            **error);

/* Called after each evaluation of a goal seek or a sweep. */
typedef void (*GwExploreStepFunc) (guint    step,
                                   double   x,
                                   double   y,
                                   gpointer user_data);

/* The same, with the statistic's standard error (NaN where none is known). */
typedef void (*GwExplorePointFunc) (guint    step,
                                    double   x,
                                    double   y,
                                    double   se,
                                    gpointer user_data);

gboolean     gw_goal_seek_full      (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const char         *input,
                                     const GwStatistic  *stat,
                                     double              target,
                                     double              lo,
                                     double              hi,
                                     double              tolerance,
                                     guint               max_steps,
                                     GCancellable       *cancellable,
                                     GwExplorePointFunc  point,
                                     gpointer            point_data,
                                     double             *x,
                                     double             *y,
                                     GError            **error);
gboolean     gw_goal_seek           (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const char         *input,
                                     const GwStatistic  *stat,
                                     double              target,
                                     double              lo,
                                     double              hi,
                                     double              tolerance,
                                     guint               max_steps,
                                     GwExploreStepFunc   step,
                                     gpointer            step_data,
                                     double             *x,
                                     double             *y,
                                     GError            **error);

gboolean     gw_statistic_standard_error (const GwStatistic *stat,
                                          const GwResults   *results,
                                          double            *se,
                                          GError           **error);
GwResults   *gw_converge_full       (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const GwStatistic  *stat,
                                     double              target_se,
                                     guint               first_paths,
                                     guint               max_paths,
                                     GCancellable       *cancellable,
                                     GwExplorePointFunc  point,
                                     gpointer            point_data,
                                     gboolean           *converged,
                                     GError            **error);
GwResults   *gw_converge            (const GwScenario   *scenario,
                                     const GwRunOptions *options,
                                     const GwStatistic  *stat,
                                     double              target_se,
                                     guint               first_paths,
                                     guint               max_paths,
                                     GwExploreStepFunc   step,
                                     gpointer            step_data,
                                     gboolean           *converged,
                                     GError            **error);

typedef struct _GwFilter GwFilter;

GwFilter    *gw_filter_new          (void);
void         gw_filter_free         (GwFilter          *filter);
gboolean     gw_filter_add          (GwFilter          *filter,
                                     const char        *condition,
                                     GError           **error);
guint        gw_filter_n_conditions (const GwFilter    *filter);
guint8      *gw_filter_apply        (const GwFilter    *filter,
                                     const GwResults   *results,
                                     guint             *n_kept,
                                     GError           **error);
GwResults   *gw_results_filtered    (const GwResults   *results,
                                     const guint8      *mask,
                                     const guint       *series,
                                     guint              n_series,
                                     GCancellable      *cancellable,
                                     GError           **error);
gboolean     gw_statistic_eval_filtered (const GwStatistic *stat,
                                         const GwResults   *results,
                                         const guint8      *mask,
                                         double            *value,
                                         guint             *n_kept,
                                         GError           **error);

/**
 * GwDriver:
 *
 * An input, and how far its mean over some paths lies from its mean over
 * all, in standard deviations of the input (gw_drivers()).
 */
typedef struct
{
  char   *path;
  char   *label;
  double  mean_all;
  double  mean_kept;
  double  shift;
} GwDriver;

void         gw_driver_free         (GwDriver          *driver);
GPtrArray   *gw_drivers             (const GwResults   *results,
                                     const guint8      *mask,
                                     GError           **error);
guint8      *gw_tail_mask           (const GwResults   *results,
                                     guint              scalar,
                                     double             share,
                                     gboolean           upper,
                                     guint             *n_kept);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwFilter, gw_filter_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwStatistic, gw_statistic_clear)

G_END_DECLS
