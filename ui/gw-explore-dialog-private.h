/* gw-explore-dialog-private.h: the explore window's insides, shared by its files
 *
 * gw-explore-dialog.c   the window: the form, the chart, the answer; its
 *                       widgets are ui/gw-explore-dialog.ui
 * gw-explore-run.c      a run: reading the form, the worker, its points
 * gw-explore-goal.c     what a goal seek does: its runs, the answer, Apply
 * gw-explore-sweep.c    what a sweep does: its lines, Export CSV
 * gw-explore-converge.c what a convergence run does: its runs, the answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-chart-sweep.h"
#include "gw-explore-dialog.h"
#include "gw-plan.h"
#include "gw-sweep.h"

G_BEGIN_DECLS

#define MAX_RUNS 30
/* from 100 paths, at least doubling, to GW_MAX_PATHS: 21 runs at most */
#define MAX_CONVERGE_RUNS 32
#define N_INPUT_ROWS 4

/* An output the form offers. */
typedef struct
{
  char    *key;
  char    *provider;   /* NULL for the market */
  gboolean series;
  GwUnit   unit;
  char    *label;
} GwExploreOutput;

struct _GwExploreDialog
{
  AdwWindow      parent_instance;

  GwExploreMode  mode;
  GwDocument    *document;
  char          *variant;
  GwScenario    *scenario;       /* as it was when the dialog opened */
  GPtrArray     *inputs;         /* GwInputInfo */
  GPtrArray     *outputs;        /* GwExploreOutput */
  gboolean       built;          /* the form is filled in: its signals count */

  /* template */
  GtkWidget     *run_button;
  GtkWidget     *cancel_button;
  GtkWidget     *export_button;
  GtkWidget     *apply_button;
  GtkWidget     *input_rows[N_INPUT_ROWS];
  GtkDropDown   *input_dd[N_INPUT_ROWS];
  GtkDropDown   *output_dd;
  AdwPreferencesGroup *question_group;
  AdwPreferencesGroup *runs_group;
  AdwEntryRow   *quarter_row;
  AdwComboRow   *stat_row;
  AdwEntryRow   *threshold_row;
  AdwComboRow   *kind_row;
  AdwEntryRow   *target_row;
  AdwEntryRow   *lo_row;
  AdwEntryRow   *hi_row;
  AdwEntryRow   *steps_row;
  AdwEntryRow   *lo2_row;
  AdwEntryRow   *hi2_row;
  AdwEntryRow   *steps2_row;
  AdwEntryRow   *paths_row;
  AdwEntryRow   *se_row;
  AdwEntryRow   *max_paths_row;
  GtkWidget     *range_group;
  GtkWidget     *chart_area;
  GtkWidget     *runs_box;
  GtkListBox    *runs_list;
  GtkLabel      *result_label;

  GwSweepChart  *chart;
  GCancellable  *cancellable;
  gboolean       running;
  char          *message;
  gboolean       found;
  double         found_x, found_y;
  double         target;
  double         target_se;
  gboolean       converged;
  guint          conv_paths;
  double         conv_value, conv_se;
  GwUnit         y_unit;
  GwStatistic    stat;
  GPtrArray     *sweeps;         /* GwSweep: the points shown (the goal's runs as one) */
  GPtrArray     *line_labels;    /* char *, one per sweep, or NULL */
};

/* A run on the worker: a copy of what it needs, and what it found. */
typedef struct
{
  GwExploreDialog *self;
  GCancellable    *cancellable;
  GwScenario      *scenario;
  char            *variant;
  GwRunOptions     options;
  GwStatistic      stat;
  char            *input;
  double           target, lo, hi;
  GPtrArray       *sweeps;       /* the worker's own copies */
  guint            line;
  double           x, y;
  double           target_se;     /* a convergence run: */
  guint            max_paths;
  gboolean         converged;
  guint            n_paths;
  double           se;
} GwExploreWork;

/* gw-explore-dialog.c */
const GwExploreOutput *gw_explore_dialog_selected_output (GwExploreDialog *self);
gboolean           gw_explore_dialog_form_statistic  (GwExploreDialog   *self,
                                                      GwStatistic       *stat,
                                                      GError           **error);
GwSweepKind        gw_explore_dialog_sweep_kind      (GwExploreDialog   *self);
void               gw_explore_dialog_redraw          (GwExploreDialog   *self);
void               gw_explore_dialog_set_running     (GwExploreDialog   *self,
                                                      gboolean           running);
char              *gw_explore_dialog_format_x        (double             x);
char              *gw_explore_dialog_format_y        (GwExploreDialog   *self,
                                                      double             y);
char              *gw_explore_dialog_format_se       (GwExploreDialog   *self,
                                                      double             se);
const GwInputInfo *gw_explore_dialog_selected_input  (GwExploreDialog   *self,
                                                      guint              row);
char              *gw_explore_dialog_describe_stat   (GwExploreDialog   *self);
gboolean           gw_explore_dialog_parse_number    (AdwEntryRow       *row,
                                                      double            *out,
                                                      GError           **error);
gboolean           gw_explore_dialog_parse_count     (AdwEntryRow       *row,
                                                      guint              min,
                                                      guint              max,
                                                      guint             *out,
                                                      GError           **error);
void               gw_explore_dialog_set_result      (GwExploreDialog   *self,
                                                      const char        *text,
                                                      gboolean           error);
GtkWidget         *gw_explore_dialog_run_row_new     (const char        *n,
                                                      const char        *x,
                                                      const char        *y,
                                                      gboolean           heading);

/* gw-explore-run.c */
void               gw_explore_dialog_post_point      (GwExploreWork     *w,
                                                      guint              row,
                                                      double             x,
                                                      const double      *y,
                                                      const double      *se,
                                                      guint              n_stats);

/* gw-explore-goal.c */
void               gw_explore_goal_add_line          (GwExploreDialog   *self,
                                                      const GwInputInfo *info);
void               gw_explore_goal_add_row           (GwExploreDialog   *self,
                                                      guint              step,
                                                      double             x,
                                                      double             y,
                                                      double             se);
gboolean           gw_explore_goal_work              (GwExploreWork     *w,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void               gw_explore_goal_done              (GwExploreDialog   *self,
                                                      GwExploreWork     *w);
void               gw_explore_goal_apply             (GwExploreDialog   *self);

/* gw-explore-sweep.c */
gboolean           gw_explore_sweep_add_lines        (GwExploreDialog   *self,
                                                      const GwInputInfo *info,
                                                      GwSweepKind        kind,
                                                      double             lo,
                                                      double             hi,
                                                      guint              steps,
                                                      GError           **error);
GPtrArray         *gw_explore_sweep_copy_lines       (GwExploreDialog   *self);
gboolean           gw_explore_sweep_work             (GwExploreWork     *w,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void               gw_explore_sweep_done             (GwExploreDialog   *self,
                                                      GwExploreWork     *w);
void               gw_explore_sweep_export           (GwExploreDialog   *self);

/* gw-explore-converge.c */
void               gw_explore_converge_add_line      (GwExploreDialog   *self);
void               gw_explore_converge_add_row       (GwExploreDialog   *self,
                                                      guint              step,
                                                      double             paths,
                                                      double             y,
                                                      double             se);
void               gw_explore_converge_set_chart_text (GwExploreDialog  *self);
gboolean           gw_explore_converge_work          (GwExploreWork     *w,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void               gw_explore_converge_done          (GwExploreDialog   *self,
                                                      GwExploreWork     *w);

G_END_DECLS
