/* gw-explore-dialog.c: goal seek, sweeps and convergence in the app (issue 17)
 *
 * One window for the three questions of compute/gw-explore.c: the form (the
 * input in words, the output, the statistic, the range, the paths) on the
 * left; on the right the chart of the statistic against the input, and
 * for a goal seek every run as it comes and the answer. The work runs on
 * a worker thread (GTask) through the same functions as gigawatt-cli goal
 * and sweep (gw_goal_seek_full(), gw_sweep_run()), with the same seed,
 * engine (the CPU reference) and paths, so the app's numbers are the
 * CLI's. A goal seek whose range holds no root says so and gives no value.
 * A convergence run (gw_converge_full(), gigawatt-cli converge) has no
 * input: it adds paths until a statistic's standard error is under a
 * target, and shows the statistic and its band against the paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-sweep.h"
#include "gw-explore-dialog.h"
#include "gw-field-text.h"
#include "gw-io.h"
#include "gw-plan.h"
#include "gw-sweep.h"

#define MAX_RUNS 30
/* from 100 paths, at least doubling, to GW_MAX_PATHS: 21 runs at most */
#define MAX_CONVERGE_RUNS 32
#define N_INPUT_ROWS 4

typedef struct
{
  char    *key;
  char    *provider;   /* NULL for the market */
  gboolean series;
  GwUnit   unit;
  char    *label;
} Output;

static void
output_free (Output *o)
{
  g_free (o->key);
  g_free (o->provider);
  g_free (o->label);
  g_free (o);
}

/* The statistics offered, in the order of the drop-down; the last two take
 * a threshold. */
static const struct
{
  const char *text;      /* as gw_statistic_parse() reads it */
  const char *label;
} stats[] = {
  { "mean", N_("Mean") },
  { "sd", N_("Standard deviation") },
  { "p5", N_("P5") },
  { "p10", N_("P10") },
  { "p25", N_("P25") },
  { "p50", N_("P50 (median)") },
  { "p75", N_("P75") },
  { "p90", N_("P90") },
  { "p95", N_("P95") },
  { "<", N_("Probability below") },
  { ">", N_("Probability above") },
};
#define STAT_BELOW 9

struct _GwExploreDialog
{
  AdwWindow      parent_instance;

  GwExploreMode  mode;
  GwDocument    *document;
  char          *variant;
  GwScenario    *scenario;       /* as it was when the dialog opened */
  GPtrArray     *inputs;         /* GwInputInfo */
  GPtrArray     *outputs;        /* Output */

  GtkWidget     *run_button;
  GtkWidget     *cancel_button;
  GtkWidget     *export_button;
  GtkWidget     *apply_button;
  GtkWidget     *input_rows[N_INPUT_ROWS];
  GtkDropDown   *input_dd[N_INPUT_ROWS];
  GtkDropDown   *output_dd;
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

G_DEFINE_FINAL_TYPE (GwExploreDialog, gw_explore_dialog, ADW_TYPE_WINDOW)

/* Words */

static char *
format_x (double x)
{
  return g_strdup_printf ("%.6g", x);
}

static char *
format_y (GwExploreDialog *self,
          double           y)
{
  if (self->y_unit == GW_UNIT_FRACTION)
    return g_strdup_printf ("%.2f%%", y * 100);
  return gw_format_unit_value (self->y_unit, y);
}

static char *
format_se (GwExploreDialog *self,
           double           se)
{
  g_autofree char *text = NULL;

  if (!isfinite (se))
    return g_strdup ("");
  /* in the statistic's unit: "$2.57B ± $164M" */
  text = format_y (self, se);
  return g_strdup_printf (" ± %s", text);
}

static const GwInputInfo *
selected_input (GwExploreDialog *self,
                guint            row)
{
  guint i = gtk_drop_down_get_selected (self->input_dd[row]);

  /* the second to fourth rows start with “None” */
  if (row > 0)
    {
      if (i == 0 || i == GTK_INVALID_LIST_POSITION)
        return NULL;
      i--;
    }
  return i < self->inputs->len ? self->inputs->pdata[i] : NULL;
}

static const Output *
selected_output (GwExploreDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->output_dd);

  return i < self->outputs->len ? self->outputs->pdata[i] : NULL;
}

/* What the statistic is, in words: “P(CoreWeave: Minimum DSCR < 1)”. */
static char *
describe_stat (GwExploreDialog *self)
{
  const Output *o = selected_output (self);
  g_autofree char *what = NULL;
  guint s = adw_combo_row_get_selected (self->stat_row);
  const char *threshold = gtk_editable_get_text (GTK_EDITABLE (self->threshold_row));

  if (o == NULL)
    return g_strdup ("");
  if (o->series)
    /* TRANSLATORS: an output at a quarter, "Price in 2030Q4" */
    what = g_strdup_printf (_("%s in %s"), o->label,
                            gtk_editable_get_text (GTK_EDITABLE (self->quarter_row)));
  else
    what = g_strdup (o->label);
  if (s >= STAT_BELOW)
    return g_strdup_printf ("P(%s %s %s)", what, s == STAT_BELOW ? "<" : ">", threshold);
  /* TRANSLATORS: a statistic of an output, "Mean of CoreWeave: NPV" */
  return g_strdup_printf (_("%s of %s"), _(stats[s].label), what);
}

/* The form */

static gboolean
parse_number (AdwEntryRow *row,
              double      *out,
              GError     **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  /* as the editors read numbers: "0.5", "$200M", "50%" for a probability */
  if (!gw_parse_number (text, out))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("%s: “%s” is not a number"),
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_count (AdwEntryRow *row,
             guint        min,
             guint        max,
             guint       *out,
             GError     **error)
{
  double v;

  if (!parse_number (row, &v, NULL) || v != floor (v) || v < min || v > max)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("%s: a whole number from %u to %u is needed"),
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), min, max);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

/* The statistic the form asks for, parsed as gigawatt-cli reads it. */
static gboolean
form_statistic (GwExploreDialog *self,
                GwStatistic     *stat,
                GError         **error)
{
  const Output *o = selected_output (self);
  guint s = adw_combo_row_get_selected (self->stat_row);
  g_autoptr(GString) output = g_string_new (NULL);
  g_autofree char *st = NULL;

  if (o == NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("Choose an output"));
      return FALSE;
    }
  g_string_append (output, o->key);
  if (o->provider != NULL)
    g_string_append_printf (output, "@%s", o->provider);
  if (o->series)
    g_string_append_printf (output, ":%s",
                            gtk_editable_get_text (GTK_EDITABLE (self->quarter_row)));
  if (s >= STAT_BELOW)
    st = g_strdup_printf ("%s%s", stats[s].text,
                          gtk_editable_get_text (GTK_EDITABLE (self->threshold_row)));
  else
    st = g_strdup (stats[s].text);
  return gw_statistic_parse (stat, output->str, st, error);
}

static void
set_number (AdwEntryRow *row,
            double       v)
{
  /* the shortest text that reads back as v: "200M", not "2e+08" */
  g_autofree char *text = gw_format_number (v);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The range rows follow the input chosen. */
static void
input_changed_cb (GwExploreDialog *self)
{
  if (self->paths_row == NULL)
    return;  /* still building */
  for (guint r = 0; r < 2; r++)
    {
      const GwInputInfo *info = selected_input (self, r);
      double lo, hi;

      if (info == NULL)
        continue;
      if (r == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->input_rows[0]), info->path);
      if (!gw_input_default_range (self->scenario, self->variant, info->path, &lo, &hi, NULL))
        continue;
      if (r == 1 && self->lo2_row == NULL)
        continue;
      set_number (r == 0 ? self->lo_row : self->lo2_row, lo);
      set_number (r == 0 ? self->hi_row : self->hi2_row, hi);
    }
}

static void
show (gpointer widget,
      gboolean visible)
{
  if (widget != NULL)
    gtk_widget_set_visible (GTK_WIDGET (widget), visible);
}

static void
update_visibility (GwExploreDialog *self)
{
  const Output *o;
  gboolean prob, sweep = self->mode == GW_EXPLORE_SWEEP;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  GwSweepKind kind;

  if (self->paths_row == NULL)
    return;  /* still building */
  o = selected_output (self);
  prob = adw_combo_row_get_selected (self->stat_row) >= STAT_BELOW;
  kind = self->kind_row ? adw_combo_row_get_selected (self->kind_row) : GW_SWEEP_ONE;
  show (self->quarter_row, o != NULL && o->series);
  show (self->threshold_row, prob);
  /* a convergence run has no input and no range */
  show (self->input_rows[0], !converge);
  show (self->range_group, !converge);
  show (self->input_rows[1], sweep && kind != GW_SWEEP_ONE);
  for (guint r = 2; r < N_INPUT_ROWS; r++)
    show (self->input_rows[r], sweep && kind == GW_SWEEP_SPIDER);
  show (self->lo_row, !sweep || kind != GW_SWEEP_SPIDER);
  show (self->hi_row, !sweep || kind != GW_SWEEP_SPIDER);
  show (self->lo2_row, sweep && kind == GW_SWEEP_GRID);
  show (self->hi2_row, sweep && kind == GW_SWEEP_GRID);
  show (self->steps2_row, sweep && kind == GW_SWEEP_GRID);
  if (sweep)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->input_rows[1]),
                                   kind == GW_SWEEP_GRID ? _("Second Input") : _("Input 2"));
}

/* Results */

static void
redraw (GwExploreDialog *self)
{
  gw_sweep_chart_clear (self->chart);
  for (guint i = 0; self->sweeps != NULL && i < self->sweeps->len; i++)
    gw_sweep_chart_add_line (self->chart, self->sweeps->pdata[i], 0,
                             self->line_labels->pdata[i]);
  gw_sweep_chart_set_points (self->chart, self->mode == GW_EXPLORE_GOAL);
  gw_sweep_chart_set_x_log (self->chart, self->mode == GW_EXPLORE_CONVERGE);
  if (self->mode == GW_EXPLORE_GOAL)
    {
      gw_sweep_chart_set_target (self->chart, self->target);
      if (self->found)
        gw_sweep_chart_set_found (self->chart, self->found_x, self->found_y);
    }
  gw_sweep_chart_set_y_unit (self->chart, self->y_unit);
  gtk_widget_queue_draw (self->chart_area);
}

static void
set_result (GwExploreDialog *self,
            const char      *text,
            gboolean         error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_text (self->result_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
}

static void
set_running (GwExploreDialog *self,
             gboolean         running)
{
  self->running = running;
  gtk_widget_set_visible (self->run_button, !running);
  gtk_widget_set_visible (self->cancel_button, running);
  if (self->export_button != NULL)
    gtk_widget_set_sensitive (self->export_button, !running && self->sweeps != NULL);
  if (self->apply_button != NULL)
    gtk_widget_set_sensitive (self->apply_button, !running && self->found
                              && self->variant == NULL);
}

static GtkWidget *
run_row_new (const char *n,
             const char *x,
             const char *y,
             gboolean    heading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  const char *texts[] = { n, x, y };

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkWidget *label = gtk_label_new (texts[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0 : 1);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, i > 0);
      if (i == 0)
        gtk_widget_set_size_request (label, 36, -1);
      gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static void
add_run_row (GwExploreDialog *self,
             guint            step,
             double           x,
             double           y,
             double           se)
{
  g_autofree char *ys = format_y (self, y);
  g_autofree char *ses = format_se (self, se);
  g_autofree char *xs = format_x (x);
  g_autofree char *value = g_strdup_printf ("%s%s", ys, ses);
  g_autofree char *n = g_strdup_printf ("%u", step + 1);

  if (step == 0)
    {
      g_autofree char *what = describe_stat (self);
      const GwInputInfo *info = selected_input (self, 0);

      gtk_list_box_append (self->runs_list,
                           run_row_new (_("Run"), info ? info->label : "", what, TRUE));
    }
  gtk_list_box_append (self->runs_list, run_row_new (n, xs, value, FALSE));
}

static void
add_converge_row (GwExploreDialog *self,
                  guint            step,
                  double           paths,
                  double           y,
                  double           se)
{
  g_autofree char *ys = format_y (self, y);
  g_autofree char *ses = format_se (self, se);
  g_autofree char *ps = g_strdup_printf ("%.0f", paths);
  g_autofree char *value = g_strdup_printf ("%s%s", ys, ses);
  g_autofree char *n = g_strdup_printf ("%u", step + 1);

  if (step == 0)
    {
      g_autofree char *what = describe_stat (self);
      /* TRANSLATORS: a column heading: the statistic ± its standard error */
      g_autofree char *head = g_strdup_printf (_("%s ± SE"), what);

      gtk_list_box_append (self->runs_list, run_row_new (_("Run"), _("Paths"), head, TRUE));
    }
  gtk_list_box_append (self->runs_list, run_row_new (n, ps, value, FALSE));
}

/* The worker */

typedef struct
{
  GwExploreDialog *self;
  GCancellable    *cancellable;
  guint            line;
  guint            row;
  double           x;
  guint            n_stats;
  double           y[4];
  double           se[4];
} PointMsg;

static void
point_msg_free (PointMsg *msg)
{
  g_object_unref (msg->self);
  g_object_unref (msg->cancellable);
  g_free (msg);
}

static gboolean
point_cb (gpointer user_data)
{
  PointMsg *msg = user_data;
  GwExploreDialog *self = msg->self;
  GwSweep *sweep;

  if (msg->cancellable != self->cancellable || self->sweeps == NULL
      || msg->line >= self->sweeps->len)
    return G_SOURCE_REMOVE;
  sweep = self->sweeps->pdata[msg->line];
  if (self->mode != GW_EXPLORE_SWEEP)
    {
      /* the goal's or the convergence's runs: one line whose points come
       * in the order run */
      if (msg->row >= sweep->n)
        return G_SOURCE_REMOVE;
      sweep->x[msg->row] = msg->x;
      if (self->mode == GW_EXPLORE_GOAL)
        add_run_row (self, msg->row, msg->x, msg->y[0], msg->se[0]);
      else
        add_converge_row (self, msg->row, msg->x, msg->y[0], msg->se[0]);
    }
  for (guint c = 0; c < MIN (msg->n_stats, sweep->n_stats); c++)
    {
      sweep->y[msg->row * sweep->n_stats + c] = msg->y[c];
      sweep->se[msg->row * sweep->n_stats + c] = msg->se[c];
    }
  sweep->done = MAX (sweep->done, msg->row + 1);
  redraw (self);
  return G_SOURCE_REMOVE;
}

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
} Work;

static void
work_free (Work *w)
{
  g_object_unref (w->self);
  g_object_unref (w->cancellable);
  gw_scenario_free (w->scenario);
  g_free (w->variant);
  gw_statistic_clear (&w->stat);
  g_free (w->input);
  g_clear_pointer (&w->sweeps, g_ptr_array_unref);
  g_free (w);
}

static void
post_point (Work         *w,
            guint         row,
            double        x,
            const double *y,
            const double *se,
            guint         n_stats)
{
  PointMsg *msg = g_new0 (PointMsg, 1);

  msg->self = g_object_ref (w->self);
  msg->cancellable = g_object_ref (w->cancellable);
  msg->line = w->line;
  msg->row = row;
  msg->x = x;
  msg->n_stats = MIN (n_stats, G_N_ELEMENTS (msg->y));
  memcpy (msg->y, y, msg->n_stats * sizeof (double));
  memcpy (msg->se, se, msg->n_stats * sizeof (double));
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, point_cb, msg,
                              (GDestroyNotify) point_msg_free);
}

static void
goal_point_cb (guint    step,
               double   x,
               double   y,
               double   se,
               gpointer user_data)
{
  post_point (user_data, step, x, &y, &se, 1);
}

static void
sweep_row_cb (const GwSweep *sweep,
              guint          row,
              gpointer       user_data)
{
  post_point (user_data, row, sweep->x[row], sweep->y + (gsize) row * sweep->n_stats,
              sweep->se + (gsize) row * sweep->n_stats, sweep->n_stats);
}

static void
converge_point_cb (guint    step,
                   double   paths,
                   double   y,
                   double   se,
                   gpointer user_data)
{
  post_point (user_data, step, paths, &y, &se, 1);
}

/* gigawatt-cli converge: the last run's statistic and standard error */
static gboolean
work_converge (Work         *w,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GwResults) res = NULL;

  res = gw_converge_full (w->scenario, &w->options, &w->stat, w->target_se, w->options.paths,
                          w->max_paths, cancellable, converge_point_cb, w, &w->converged, error);
  if (res == NULL || !gw_statistic_eval (&w->stat, res, &w->y, error)
      || !gw_statistic_standard_error (&w->stat, res, &w->se, error))
    return FALSE;
  w->n_paths = res->n_paths;
  return TRUE;
}

static void
work_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *w = task_data;
  GError *error = NULL;

  w->options.variant = w->variant;
  if (w->max_paths > 0)
    {
      if (!work_converge (w, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if (w->sweeps == NULL)
    {
      if (!gw_goal_seek_full (w->scenario, &w->options, w->input, &w->stat, w->target, w->lo,
                              w->hi, 0, MAX_RUNS, cancellable, goal_point_cb, w, &w->x, &w->y,
                              &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    for (w->line = 0; w->line < w->sweeps->len; w->line++)
      if (!gw_sweep_run (w->scenario, &w->options, w->sweeps->pdata[w->line], &w->stat,
                         cancellable, sweep_row_cb, w, &error))
        {
          g_task_return_error (task, error);
          return;
        }
  g_task_return_boolean (task, TRUE);
}

static void
work_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GwExploreDialog *self = GW_EXPLORE_DIALOG (source);
  Work *w = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (w->cancellable != self->cancellable)
    return;  /* a run since started */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_result (self, _("Cancelled"), FALSE);
      else
        set_result (self, error->message, TRUE);
    }
  else if (self->mode == GW_EXPLORE_GOAL)
    {
      const GwInputInfo *info = selected_input (self, 0);
      g_autofree char *xs = format_x (w->x);
      g_autofree char *ys = format_y (self, w->y);
      g_autofree char *ts = format_y (self, self->target);
      g_autofree char *what = describe_stat (self);
      const GwSweep *runs = self->sweeps->pdata[0];
      /* the solver's tolerance when none is given (gw_goal_seek_full()) */
      g_autofree char *tol = format_y (self, fabs (runs->y[0] - runs->y[1]) * 1e-3);
      double se = NAN;
      g_autofree char *ses = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < runs->done; i++)
        if (runs->x[i] == w->x)
          se = runs->se[i];
      ses = isfinite (se) ? format_y (self, se) : g_strdup (_("unknown"));
      self->found = TRUE;
      self->found_x = w->x;
      self->found_y = w->y;
      /* TRANSLATORS: the answer of a goal seek: "Meta II deal: Price = 1.75357
       * gives P(CoreWeave: Minimum DSCR < 1) = 50.02% (target 50.00% ± 0.05%;
       * Monte Carlo standard error 0.50%)" */
      text = g_strdup_printf (_("%s = %s gives %s = %s (target %s ± %s; Monte Carlo standard "
                                "error %s)"), info->label, xs, what, ys, ts, tol, ses);
      set_result (self, text, FALSE);
    }
  else if (self->mode == GW_EXPLORE_CONVERGE)
    {
      g_autofree char *ys = format_y (self, w->y);
      g_autofree char *ses = format_y (self, w->se);
      g_autofree char *ts = format_y (self, self->target_se);
      g_autofree char *text = NULL;

      self->converged = w->converged;
      self->conv_paths = w->n_paths;
      self->conv_value = w->y;
      self->conv_se = w->se;
      if (w->converged)
        /* TRANSLATORS: the end of a convergence run: "Converged at 37163 paths:
         * 1.234 B ± 0.01 B (one standard error)" */
        text = g_strdup_printf (_("Converged at %u paths: %s ± %s (one standard error)"),
                                w->n_paths, ys, ses);
      else
        /* TRANSLATORS: "Not converged by 80000 paths: standard error 0.02 B > target
         * 0.01 B (the statistic 1.234 B)" */
        text = g_strdup_printf (_("Not converged by %u paths: standard error %s > target %s "
                                  "(the statistic %s)"), w->n_paths, ses, ts, ys);
      set_result (self, text, !w->converged);
    }
  else
    {
      guint n = 0;

      for (guint i = 0; i < self->sweeps->len; i++)
        n += ((GwSweep *) self->sweeps->pdata[i])->done;
      {
        g_autofree char *text = g_strdup_printf (ngettext ("%u point, each a run of %u paths",
                                                           "%u points, each a run of %u paths",
                                                           n), n, w->options.paths);

        set_result (self, text, FALSE);
      }
    }
  redraw (self);
  set_running (self, FALSE);
}

/**
 * gw_explore_dialog_start:
 *
 * Reads the form and runs the goal seek or sweep on a worker thread; a
 * form that does not read shows why.
 */
void
gw_explore_dialog_start (GwExploreDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const GwInputInfo *info = selected_input (self, 0);
  Work *w;
  guint paths, steps = 0, max_paths = 0;
  double lo = 0, hi = 0;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  GwSweepKind kind = self->kind_row ? adw_combo_row_get_selected (self->kind_row) : GW_SWEEP_ONE;

  gw_explore_dialog_cancel (self);
  gw_statistic_clear (&self->stat);
  g_clear_pointer (&self->sweeps, g_ptr_array_unref);
  g_clear_pointer (&self->line_labels, g_ptr_array_unref);
  self->found = FALSE;
  self->converged = FALSE;
  self->conv_paths = 0;
  self->conv_value = self->conv_se = NAN;
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->runs_list))) != NULL)
      gtk_list_box_remove (self->runs_list, child);
  }

  if (info == NULL && !converge)
    g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("Choose an input"));
  if (error == NULL)
    form_statistic (self, &self->stat, &error);
  if (error == NULL && converge && self->stat.kind == GW_STAT_SD)
    g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                 _("A standard error is known for a mean, a quantile or a probability, not for "
                   "the standard deviation"));
  if (error == NULL)
    parse_count (self->paths_row, 100, converge ? GW_MAX_PATHS : 10000000, &paths, &error);
  if (error == NULL && converge)
    parse_count (self->max_paths_row, 100, GW_MAX_PATHS, &max_paths, &error);
  if (error == NULL && converge && parse_number (self->se_row, &self->target_se, &error)
      && !(self->target_se > 0))
    g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                 _("%s: a number above 0 is needed"),
                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->se_row)));
  if (error == NULL && !converge && (self->mode == GW_EXPLORE_GOAL || kind != GW_SWEEP_SPIDER)
      && parse_number (self->lo_row, &lo, &error) && parse_number (self->hi_row, &hi, &error)
      && !(lo < hi))
    g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("The range's start must be below "
                                                             "its end"));
  if (error == NULL && self->mode == GW_EXPLORE_GOAL)
    parse_number (self->target_row, &self->target, &error);
  if (error == NULL && self->mode == GW_EXPLORE_SWEEP)
    parse_count (self->steps_row, 2, 101, &steps, &error);
  if (error != NULL)
    {
      gw_statistic_clear (&self->stat);
      set_result (self, error->message, TRUE);
      redraw (self);
      return;
    }
  {
    const Output *o = selected_output (self);

    self->y_unit = self->stat.kind == GW_STAT_PROB_BELOW || self->stat.kind == GW_STAT_PROB_ABOVE
                   ? GW_UNIT_FRACTION : o->unit;
  }

  self->sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sweep_free);
  self->line_labels = g_ptr_array_new_with_free_func (g_free);
  if (self->mode == GW_EXPLORE_GOAL)
    {
      double xs[MAX_RUNS] = { 0 };

      g_ptr_array_add (self->sweeps, gw_sweep_new (info->path, xs, MAX_RUNS, 1));
      g_ptr_array_add (self->line_labels, NULL);
    }
  else if (converge)
    {
      double xs[MAX_CONVERGE_RUNS] = { 0 };

      g_ptr_array_add (self->sweeps, gw_sweep_new ("paths", xs, MAX_CONVERGE_RUNS, 1));
      g_ptr_array_add (self->line_labels, NULL);
    }
  else if (kind == GW_SWEEP_SPIDER)
    {
      for (guint r = 0; r < N_INPUT_ROWS && error == NULL; r++)
        {
          const GwInputInfo *in = selected_input (self, r);
          GwSweep *line;

          if (in == NULL)
            continue;
          line = gw_spider_line_new (self->scenario, self->variant, in->path, steps, 1, &error);
          if (line == NULL)
            break;
          g_ptr_array_add (self->sweeps, line);
          g_ptr_array_add (self->line_labels, g_strdup (in->label));
        }
    }
  else
    {
      g_autofree double *xs = g_new (double, steps);
      const GwInputInfo *by = kind == GW_SWEEP_GRID ? selected_input (self, 1) : NULL;
      guint n_by = 1;
      double lo2 = 0, hi2 = 0;

      gw_sweep_linspace (lo, hi, steps, xs);
      if (kind == GW_SWEEP_GRID && by == NULL)
        g_set_error (&error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("Choose a second input"));
      else if (by != NULL && parse_number (self->lo2_row, &lo2, &error)
               && parse_number (self->hi2_row, &hi2, &error))
        parse_count (self->steps2_row, 2, 8, &n_by, &error);
      for (guint k = 0; k < n_by && error == NULL; k++)
        {
          GwSweep *line = gw_sweep_new (info->path, xs, steps, 1);

          g_ptr_array_add (self->sweeps, line);
          if (by != NULL)
            {
              double v = lo2 + (hi2 - lo2) * k / (double) (n_by - 1);
              g_autofree char *vs = format_x (v);

              gw_sweep_set_by (line, by->path, v);
              g_ptr_array_add (self->line_labels, g_strdup_printf ("%s = %s", by->label, vs));
            }
          else
            g_ptr_array_add (self->line_labels, NULL);
        }
    }
  if (error != NULL)
    {
      set_result (self, error->message, TRUE);
      g_clear_pointer (&self->sweeps, g_ptr_array_unref);
      g_clear_pointer (&self->line_labels, g_ptr_array_unref);
      redraw (self);
      return;
    }

  if (converge)
    {
      g_autofree char *what = describe_stat (self);
      g_autofree char *ts = format_y (self, self->target_se);
      g_autofree char *sub = NULL;

      /* TRANSLATORS: a chart's subtitle: the variant (or "Base scenario"), the
       * target standard error, the seed */
      sub = g_strdup_printf (_("%s · to a standard error of %s · seed %" G_GUINT64_FORMAT
                               " · band ±1.96 standard errors"),
                             self->variant ? self->variant : _("Base scenario"), ts,
                             self->scenario->info.seed);
      gw_sweep_chart_set_text (self->chart, what, sub, _("Paths (log scale)"), NULL);
    }
  else
    {
      g_autofree char *what = describe_stat (self);
      g_autofree char *sub = NULL;
      const char *x_title = kind == GW_SWEEP_SPIDER && self->mode == GW_EXPLORE_SWEEP
                            ? _("Each input's percentile, from its P10 to its P90") : info->label;

      /* TRANSLATORS: a chart's subtitle: the variant (or "Base scenario"), paths, seed */
      sub = g_strdup_printf (_("%s · %u paths a point · seed %" G_GUINT64_FORMAT
                               " · common random numbers"),
                             self->variant ? self->variant : _("Base scenario"), paths,
                             self->scenario->info.seed);
      gw_sweep_chart_set_text (self->chart, what, sub, x_title, NULL);
    }

  w = g_new0 (Work, 1);
  w->self = g_object_ref (self);
  self->cancellable = g_cancellable_new ();
  w->cancellable = g_object_ref (self->cancellable);
  w->scenario = gw_scenario_copy (self->scenario);
  w->variant = g_strdup (self->variant);
  w->options = (GwRunOptions) GW_RUN_OPTIONS_INIT;
  /* the CPU reference engine, as gigawatt-cli goal and sweep --engine cpu:
   * the same numbers on every machine */
  w->options.engine = GW_ENGINE_CPU;
  w->options.paths = paths;
  form_statistic (self, &w->stat, NULL);
  w->input = g_strdup (info != NULL ? info->path : "");
  w->target = self->target;
  w->target_se = self->target_se;
  w->max_paths = max_paths;
  w->lo = lo;
  w->hi = hi;
  if (self->mode == GW_EXPLORE_SWEEP)
    {
      w->sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sweep_free);
      for (guint i = 0; i < self->sweeps->len; i++)
        {
          const GwSweep *s = self->sweeps->pdata[i];
          GwSweep *copy = gw_sweep_new (s->input, s->x, s->n, s->n_stats);

          if (s->u != NULL)
            copy->u = g_memdup2 (s->u, s->n * sizeof (double));
          gw_sweep_set_by (copy, s->by_input, s->by_value);
          g_ptr_array_add (w->sweeps, copy);
        }
    }
  set_result (self, NULL, FALSE);
  set_running (self, TRUE);
  redraw (self);
  task = g_task_new (self, self->cancellable, work_done_cb, NULL);
  g_task_set_task_data (task, w, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, work_thread);
}

void
gw_explore_dialog_cancel (GwExploreDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->running)
    {
      set_running (self, FALSE);
      set_result (self, _("Cancelled"), FALSE);
    }
}

gboolean
gw_explore_dialog_get_running (GwExploreDialog *self)
{
  return self->running;
}

const char *
gw_explore_dialog_get_message (GwExploreDialog *self)
{
  return self->message;
}

gboolean
gw_explore_dialog_get_found (GwExploreDialog *self,
                             double          *x,
                             double          *y)
{
  *x = self->found_x;
  *y = self->found_y;
  return self->found;
}

/**
 * gw_explore_dialog_get_converged:
 * @paths: (out): the last run's paths (0 before a convergence run ends)
 * @value: (out): the statistic over them
 * @se: (out): its standard error
 *
 * Returns: whether the last convergence run reached its target
 */
gboolean
gw_explore_dialog_get_converged (GwExploreDialog *self,
                                 guint           *paths,
                                 double          *value,
                                 double          *se)
{
  *paths = self->conv_paths;
  *value = self->conv_value;
  *se = self->conv_se;
  return self->converged;
}

/* The points evaluated, over every line (a goal seek's runs). */
guint
gw_explore_dialog_get_n_points (GwExploreDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->sweeps != NULL && i < self->sweeps->len; i++)
    n += ((GwSweep *) self->sweeps->pdata[i])->done;
  return n;
}

/* The CSV that Export CSV writes: gigawatt-cli sweep --csv's columns. */
char *
gw_explore_dialog_dup_csv (GwExploreDialog *self)
{
  if (self->sweeps == NULL || self->sweeps->len == 0)
    return NULL;
  return gw_sweeps_csv ((GwSweep *const *) self->sweeps->pdata, self->sweeps->len, &self->stat);
}

/* Buttons */

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GwExploreDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *csv = gw_explore_dialog_dup_csv (self);
      g_autoptr(GError) error = NULL;

      if (path == NULL || csv == NULL)
        set_result (self, _("Could not export: nothing to write there"), TRUE);
      else if (!gw_io_save_contents (path, csv, strlen (csv), &error))
        {
          g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);

          set_result (self, text, TRUE);
        }
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Exported to “%s”"), name);

          set_result (self, text, FALSE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_clicked_cb (GwExploreDialog *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Sweep"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "sweep.csv");
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Sets the input to the value found, through the document's undoable
 * edit (the base scenario only: a variant's override is its own table). */
static void
apply_clicked_cb (GwExploreDialog *self)
{
  const GwInputInfo *info = selected_input (self, 0);
  const GwScenario *s = gw_document_get_scenario (self->document);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GwInputRef ref;

  if (info == NULL || !self->found)
    return;
  text = g_strdup_printf ("%.6g", self->found_x);
  if (!gw_scenario_parse_input (s, info->path, &ref, &error)
      || !gw_document_set_field_text (self->document, ref.table, ref.row, ref.field, text,
                                      &error))
    set_result (self, error->message, TRUE);
  else
    {
      g_autofree char *done = g_strdup_printf (_("%s set to %s in the scenario (undo with "
                                                 "Ctrl+Z)"), info->label, text);

      set_result (self, done, FALSE);
      gtk_widget_set_sensitive (self->apply_button, FALSE);
    }
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GwExploreDialog *self = user_data;

  gw_sweep_chart_set_dark (self->chart,
                           adw_style_manager_get_dark (adw_style_manager_get_default ()));
  gw_sweep_chart_draw (self->chart, cr, width, height);
}

/* Building the form */

static GtkDropDown *
searchable_drop_down (GtkStringList *model)
{
  GtkExpression *expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *dd = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), expr);

  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dd), TRUE);
  gtk_widget_set_valign (dd, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (dd, FALSE);
  gtk_widget_set_size_request (dd, 240, -1);
  return GTK_DROP_DOWN (dd);
}

static GtkWidget *
drop_down_row (const char  *title,
               GtkDropDown *dd)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (dd));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (dd));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dd), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static void
make_lists (GwExploreDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwPlan) plan = gw_plan_new (self->scenario, self->variant, &error);

  self->inputs = gw_explore_inputs (self->scenario, self->variant, NULL);
  if (self->inputs == NULL)
    self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_input_info_free);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_free);
  if (plan == NULL)
    return;
  /* per-path scalars first: the questions of goal seek are mostly theirs;
   * a standard error is known for scalars only (gw_statistic_standard_error()) */
  for (guint pass = 0; pass < (self->mode == GW_EXPLORE_CONVERGE ? 1 : 2); pass++)
    for (guint i = 0; i < (pass == 0 ? plan->n_scalars : plan->n_series); i++)
      {
        Output *o = g_new0 (Output, 1);
        int j = pass == 0 ? gw_plan_scalar_provider (plan, i) : gw_plan_series_provider (plan, i);
        const char *label = pass == 0 ? gw_plan_scalar_label (plan, i)
                                      : gw_plan_series_label (plan, i);

        o->series = pass == 1;
        o->key = g_strdup (pass == 0 ? gw_plan_scalar_key (plan, i) : gw_plan_series_key (plan, i));
        o->unit = pass == 0 ? gw_plan_scalar_unit (plan, i) : gw_plan_series_unit (plan, i);
        o->provider = j >= 0 ? g_strdup (gw_plan_provider_name (plan, j)) : NULL;
        o->label = j >= 0 ? g_strdup_printf ("%s: %s", o->provider, label) : g_strdup (label);
        g_ptr_array_add (self->outputs, o);
      }
}

static void
build (GwExploreDialog *self)
{
  gboolean goal = self->mode == GW_EXPLORE_GOAL;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  AdwPreferencesGroup *question = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *range = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *runs = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) input_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) output_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) stat_names = gtk_string_list_new (NULL);
  g_autofree char *paths = g_strdup_printf ("%u", MAX (self->scenario->info.paths, 100));
  /* the last fourth quarter of the run: 2032Q4 for a run from 2026Q1 */
  int last = self->scenario->info.start + MAX (self->scenario->info.horizon, 1) - 1;
  g_autofree char *quarter = gw_quarter_format (last - ((last % 4) + 4 - 3) % 4);

  gtk_window_set_title (GTK_WINDOW (self), goal ? _("Goal Seek")
                                           : converge ? _("Convergence") : _("Sweep"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1200, 780);

  self->run_button = gtk_button_new_with_mnemonic (goal ? _("_Seek")
                                                   : converge ? _("_Run") : _("_Run Sweep"));
  gtk_widget_add_css_class (self->run_button, "suggested-action");
  g_signal_connect_swapped (self->run_button, "clicked", G_CALLBACK (gw_explore_dialog_start),
                            self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->run_button);
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  g_signal_connect_swapped (self->cancel_button, "clicked",
                            G_CALLBACK (gw_explore_dialog_cancel), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->cancel_button);
  if (goal)
    {
      self->apply_button = gtk_button_new_with_mnemonic (_("_Apply to Scenario"));
      gtk_widget_set_sensitive (self->apply_button, FALSE);
      gtk_widget_set_tooltip_text (self->apply_button,
                                   _("Set the input to the value found (base scenario only)"));
      g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb),
                                self);
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->apply_button);
    }
  else if (!converge)
    {
      self->export_button = gtk_button_new_with_mnemonic (_("_Export CSV…"));
      gtk_widget_set_sensitive (self->export_button, FALSE);
      g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb),
                                self);
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->export_button);
    }
  gtk_box_append (GTK_BOX (box), header);

  make_lists (self);
  for (guint i = 0; i < self->inputs->len; i++)
    gtk_string_list_append (input_names, ((GwInputInfo *) self->inputs->pdata[i])->label);
  for (guint i = 0; i < self->outputs->len; i++)
    gtk_string_list_append (output_names, ((Output *) self->outputs->pdata[i])->label);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    gtk_string_list_append (stat_names, _(stats[i].label));

  /* the question */
  adw_preferences_group_set_title (question, goal || converge ? _("Question")
                                                               : _("What to Sweep"));
  adw_preferences_group_set_description (question, goal
    ? _("The value of one input at which a statistic of an output equals a target")
    : converge
    ? _("How a statistic of an output settles as paths are added, until its standard error is "
        "under a target")
    : _("A statistic of an output as inputs change"));
  if (!goal && !converge)
    {
      g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

      gtk_string_list_append (kinds, _("One input"));
      gtk_string_list_append (kinds, _("Two inputs (a family of lines)"));
      gtk_string_list_append (kinds, _("Spider: inputs over their P10 to P90"));
      self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
      adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
      adw_preferences_group_add (question, GTK_WIDGET (self->kind_row));
      g_signal_connect_swapped (self->kind_row, "notify::selected",
                                G_CALLBACK (update_visibility), self);
    }
  for (guint r = 0; r < N_INPUT_ROWS; r++)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autofree char *title = g_strdup_printf (_("Input %u"), r + 1);

      if (r > 0)
        gtk_string_list_append (names, _("None"));
      for (guint i = 0; i < self->inputs->len; i++)
        gtk_string_list_append (names, ((GwInputInfo *) self->inputs->pdata[i])->label);
      self->input_dd[r] = searchable_drop_down (r == 0 ? input_names : names);
      self->input_rows[r] = drop_down_row (r == 0 ? _("Input") : title, self->input_dd[r]);
      adw_preferences_group_add (question, self->input_rows[r]);
      if (r < 2)
        g_signal_connect_swapped (self->input_dd[r], "notify::selected",
                                  G_CALLBACK (input_changed_cb), self);
    }
  self->output_dd = searchable_drop_down (output_names);
  adw_preferences_group_add (question, drop_down_row (_("Output"), self->output_dd));
  g_signal_connect_swapped (self->output_dd, "notify::selected", G_CALLBACK (update_visibility),
                            self);
  self->quarter_row = entry_row (question, _("Quarter"), quarter);
  self->stat_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stat_row), _("Statistic"));
  adw_combo_row_set_model (self->stat_row, G_LIST_MODEL (stat_names));
  adw_combo_row_set_selected (self->stat_row, 5);
  adw_preferences_group_add (question, GTK_WIDGET (self->stat_row));
  g_signal_connect_swapped (self->stat_row, "notify::selected", G_CALLBACK (update_visibility),
                            self);
  self->threshold_row = entry_row (question, _("Threshold"), "1");
  if (goal)
    self->target_row = entry_row (question, _("Target Value"), "0.5");
  if (converge)
    self->se_row = entry_row (question, _("Target Standard Error"), "0.01");

  /* the range */
  adw_preferences_group_set_title (range, goal ? _("Search Range") : _("Range"));
  self->range_group = GTK_WIDGET (range);
  self->lo_row = entry_row (range, _("From"), "0");
  self->hi_row = entry_row (range, _("To"), "1");
  if (!goal && !converge)
    {
      self->steps_row = entry_row (range, _("Points"), "11");
      self->lo2_row = entry_row (range, _("Second Input From"), "0");
      self->hi2_row = entry_row (range, _("Second Input To"), "1");
      self->steps2_row = entry_row (range, _("Lines"), "3");
    }

  adw_preferences_group_set_title (runs, _("Runs"));
  if (converge)
    {
      adw_preferences_group_set_description (runs, _("Each run has more paths than the last, "
                                                     "as many as its standard error says are "
                                                     "needed and at least twice as many, on the "
                                                     "CPU reference engine with the scenario's "
                                                     "seed: path i is the same in every run"));
      self->paths_row = entry_row (runs, _("First Paths"), "10000");
      self->max_paths_row = entry_row (runs, _("Most Paths"), "10000000");
    }
  else
    {
      adw_preferences_group_set_description (runs, _("Every point runs the CPU reference "
                                                     "engine with the scenario's seed, so the "
                                                     "curve moves only because the input "
                                                     "does"));
      self->paths_row = entry_row (runs, _("Paths per Run"), paths);
    }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), question);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), range);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), runs);
  gtk_widget_set_size_request (page, 440, -1);
  gtk_box_append (GTK_BOX (paned), page);
  gtk_box_append (GTK_BOX (paned), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  /* the chart, the runs and the answer */
  gtk_widget_set_margin_start (right, 18);
  gtk_widget_set_margin_end (right, 18);
  gtk_widget_set_margin_top (right, 18);
  gtk_widget_set_margin_bottom (right, 18);
  gtk_widget_set_hexpand (right, TRUE);
  self->chart = gw_sweep_chart_new ();
  self->chart_area = gtk_drawing_area_new ();
  gtk_widget_set_vexpand (self->chart_area, TRUE);
  gtk_widget_set_size_request (self->chart_area, 400, 300);
  gtk_widget_add_css_class (self->chart_area, "card");
  gtk_widget_set_overflow (self->chart_area, GTK_OVERFLOW_HIDDEN);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart_area), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  goal ? _("The statistic at each run")
                                  : converge ? _("The statistic and its band against the paths")
                                  : _("The sweep's chart"),
                                  -1);
  gtk_box_append (GTK_BOX (right), self->chart_area);

  self->result_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->result_label, TRUE);
  gtk_label_set_xalign (self->result_label, 0);
  gtk_label_set_selectable (self->result_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), FALSE);
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->result_label));

  self->runs_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->runs_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->runs_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->runs_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Runs"), -1);
  self->runs_box = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->runs_box), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->runs_box), 220);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->runs_box),
                                 GTK_WIDGET (self->runs_list));
  gtk_widget_set_visible (self->runs_box, goal || converge);
  gtk_widget_set_vexpand (self->runs_box, goal || converge);
  if (goal)
    {
      gtk_widget_set_vexpand (self->chart_area, FALSE);
      gtk_widget_set_size_request (self->chart_area, 400, 290);
    }
  else if (converge)
    {
      /* some twenty runs at most: the chart takes the room */
      gtk_widget_set_vexpand (self->runs_box, FALSE);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->runs_box), 180);
      gtk_widget_set_size_request (self->chart_area, 400, 360);
    }
  gtk_box_append (GTK_BOX (right), self->runs_box);
  gtk_box_append (GTK_BOX (paned), right);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  adw_window_set_content (ADW_WINDOW (self), box);

  /* a first question that has an answer in the built-in scenarios */
  for (guint i = 0; i < self->outputs->len; i++)
    {
      const Output *o = self->outputs->pdata[i];

      if (g_str_equal (o->key, converge ? "npv" : "min_dscr") && o->provider != NULL
          && g_str_equal (o->provider, "CoreWeave"))
        gtk_drop_down_set_selected (self->output_dd, i);
    }
  input_changed_cb (self);
  update_visibility (self);
}

/* Pre-filling, for automation */

static gboolean
select_input (GwExploreDialog *self,
              guint            row,
              const char      *path,
              GError         **error)
{
  for (guint i = 0; i < self->inputs->len; i++)
    if (g_str_equal (((GwInputInfo *) self->inputs->pdata[i])->path, path))
      {
        gtk_drop_down_set_selected (self->input_dd[row], row > 0 ? i + 1 : i);
        return TRUE;
      }
  g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE,
               _("%s is not an input goal seek and sweeps may set"), path);
  return FALSE;
}

/**
 * gw_explore_dialog_prefill:
 * @settings: an a{sv}: "input" (an override path), "inputs" (as, the
 *   further inputs of a grid or spider), "output" and "stat" as
 *   gigawatt-cli reads them ("min_dscr@CoreWeave", "P(<1)"), "target",
 *   "lo", "hi", "lo2", "hi2" (d), "steps", "lines", "paths" (u), "kind"
 *   ("one", "grid" or "spider"); for a convergence run "se" (d), "paths"
 *   (u, the first run's) and "max-paths" (u)
 *
 * Fills in the form, as the goal, sweep and converge commands of
 * gigawatt-cli read their options.
 */
gboolean
gw_explore_dialog_prefill (GwExploreDialog *self,
                           GVariant        *settings,
                           GError         **error)
{
  GVariantDict dict;
  const char *s;
  double d;
  guint32 u;
  g_autofree const char **more = NULL;

  g_variant_dict_init (&dict, settings);
  if (g_variant_dict_lookup (&dict, "kind", "&s", &s) && self->kind_row != NULL)
    adw_combo_row_set_selected (self->kind_row, g_str_equal (s, "grid") ? GW_SWEEP_GRID
                                                : g_str_equal (s, "spider") ? GW_SWEEP_SPIDER
                                                : GW_SWEEP_ONE);
  if (g_variant_dict_lookup (&dict, "input", "&s", &s) && !select_input (self, 0, s, error))
    goto fail;
  if (g_variant_dict_lookup (&dict, "inputs", "^a&s", &more))
    for (guint r = 0; more[r] != NULL && r + 1 < N_INPUT_ROWS; r++)
      if (!select_input (self, r + 1, more[r], error))
        goto fail;
  if (g_variant_dict_lookup (&dict, "output", "&s", &s))
    {
      g_auto(GwStatistic) stat = { 0 };
      gboolean found = FALSE;

      if (!gw_statistic_parse (&stat, s, "mean", error))
        goto fail;
      for (guint i = 0; i < self->outputs->len && !found; i++)
        {
          const Output *o = self->outputs->pdata[i];

          if (g_str_equal (o->key, stat.key) && g_strcmp0 (o->provider, stat.provider) == 0
              && o->series == (stat.quarter != GW_QUARTER_NONE))
            {
              gtk_drop_down_set_selected (self->output_dd, i);
              found = TRUE;
            }
        }
      if (!found)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_REFERENCE, _("No output “%s”"), s);
          goto fail;
        }
      if (stat.quarter != GW_QUARTER_NONE)
        {
          g_autofree char *q = gw_quarter_format (stat.quarter);

          gtk_editable_set_text (GTK_EDITABLE (self->quarter_row), q);
        }
    }
  if (g_variant_dict_lookup (&dict, "stat", "&s", &s))
    {
      g_auto(GwStatistic) stat = { 0 };

      if (!gw_statistic_parse (&stat, "x", s, error))
        goto fail;
      if (stat.kind == GW_STAT_PROB_BELOW || stat.kind == GW_STAT_PROB_ABOVE)
        {
          adw_combo_row_set_selected (self->stat_row, stat.kind == GW_STAT_PROB_BELOW
                                                      ? STAT_BELOW : STAT_BELOW + 1);
          set_number (self->threshold_row, stat.threshold);
        }
      else
        for (guint i = 0; i < STAT_BELOW; i++)
          {
            g_auto(GwStatistic) other = { 0 };

            gw_statistic_parse (&other, "x", stats[i].text, NULL);
            if (other.kind == stat.kind && other.q == stat.q)
              adw_combo_row_set_selected (self->stat_row, i);
          }
    }
  if (g_variant_dict_lookup (&dict, "target", "d", &d) && self->target_row != NULL)
    set_number (self->target_row, d);
  if (g_variant_dict_lookup (&dict, "lo", "d", &d))
    set_number (self->lo_row, d);
  if (g_variant_dict_lookup (&dict, "hi", "d", &d))
    set_number (self->hi_row, d);
  if (g_variant_dict_lookup (&dict, "lo2", "d", &d) && self->lo2_row != NULL)
    set_number (self->lo2_row, d);
  if (g_variant_dict_lookup (&dict, "hi2", "d", &d) && self->hi2_row != NULL)
    set_number (self->hi2_row, d);
  if (g_variant_dict_lookup (&dict, "steps", "u", &u) && self->steps_row != NULL)
    set_number (self->steps_row, u);
  if (g_variant_dict_lookup (&dict, "lines", "u", &u) && self->steps2_row != NULL)
    set_number (self->steps2_row, u);
  if (g_variant_dict_lookup (&dict, "paths", "u", &u))
    set_number (self->paths_row, u);
  if (g_variant_dict_lookup (&dict, "se", "d", &d) && self->se_row != NULL)
    set_number (self->se_row, d);
  if (g_variant_dict_lookup (&dict, "max-paths", "u", &u) && self->max_paths_row != NULL)
    set_number (self->max_paths_row, u);
  g_variant_dict_clear (&dict);
  update_visibility (self);
  return TRUE;

fail:
  g_variant_dict_clear (&dict);
  return FALSE;
}

/* Life cycle */

static void
gw_explore_dialog_dispose (GObject *object)
{
  GwExploreDialog *self = GW_EXPLORE_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (gw_explore_dialog_parent_class)->dispose (object);
}

static void
gw_explore_dialog_finalize (GObject *object)
{
  GwExploreDialog *self = GW_EXPLORE_DIALOG (object);

  g_free (self->variant);
  g_free (self->message);
  g_clear_pointer (&self->scenario, gw_scenario_free);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->sweeps, g_ptr_array_unref);
  g_clear_pointer (&self->line_labels, g_ptr_array_unref);
  g_clear_pointer (&self->chart, gw_sweep_chart_free);
  gw_statistic_clear (&self->stat);
  G_OBJECT_CLASS (gw_explore_dialog_parent_class)->finalize (object);
}

static void
gw_explore_dialog_class_init (GwExploreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_explore_dialog_dispose;
  object_class->finalize = gw_explore_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_explore_dialog_init (GwExploreDialog *self)
{
  self->target = NAN;
  self->conv_value = self->conv_se = NAN;
}

/**
 * gw_explore_dialog_new:
 * @variant: (nullable): the variant the window shows, applied first
 *
 * A goal seek, sweep or convergence run of @document's scenario as it is
 * now.
 */
GwExploreDialog *
gw_explore_dialog_new (GtkWindow     *parent,
                       GwExploreMode  mode,
                       GwDocument    *document,
                       const char    *variant)
{
  GwExploreDialog *self = g_object_new (GW_TYPE_EXPLORE_DIALOG,
                                        "transient-for", parent,
                                        "modal", FALSE,
                                        "destroy-with-parent", TRUE,
                                        NULL);

  self->mode = mode;
  self->document = g_object_ref (document);
  self->variant = g_strdup (variant);
  self->scenario = gw_scenario_copy (gw_document_get_scenario (document));
  build (self);
  return self;
}
