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
 * This file is the window that the three share: the form, the chart and
 * the answer; ui/gw-explore-dialog.ui holds its widgets, every mode's. A
 * run (reading the form, the worker) is gw-explore-run.c's, and what only
 * one mode does is in gw-explore-goal.c, gw-explore-sweep.c and
 * gw-explore-converge.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-explore-dialog-private.h"
#include "gw-field-text.h"
#include "gw-ui.h"

static void
output_free (GwExploreOutput *o)
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

G_DEFINE_FINAL_TYPE (GwExploreDialog, gw_explore_dialog, ADW_TYPE_WINDOW)

/* Words */

char *
gw_explore_dialog_format_x (double x)
{
  return g_strdup_printf ("%.6g", x);
}

char *
gw_explore_dialog_format_y (GwExploreDialog *self,
                            double           y)
{
  if (self->y_unit == GW_UNIT_FRACTION)
    return g_strdup_printf ("%.2f%%", y * 100);
  return gw_format_unit_value (self->y_unit, y);
}

char *
gw_explore_dialog_format_se (GwExploreDialog *self,
                             double           se)
{
  g_autofree char *text = NULL;

  if (!isfinite (se))
    return g_strdup ("");
  /* in the statistic's unit: "$2.57B ± $164M" */
  text = gw_explore_dialog_format_y (self, se);
  return g_strdup_printf (" ± %s", text);
}

const GwInputInfo *
gw_explore_dialog_selected_input (GwExploreDialog *self,
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

const GwExploreOutput *
gw_explore_dialog_selected_output (GwExploreDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->output_dd);

  return i < self->outputs->len ? self->outputs->pdata[i] : NULL;
}

/* What the statistic is, in words: “P(CoreWeave: Minimum DSCR < 1)”. */
char *
gw_explore_dialog_describe_stat (GwExploreDialog *self)
{
  const GwExploreOutput *o = gw_explore_dialog_selected_output (self);
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

gboolean
gw_explore_dialog_parse_number (AdwEntryRow *row,
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

gboolean
gw_explore_dialog_parse_count (AdwEntryRow *row,
                               guint        min,
                               guint        max,
                               guint       *out,
                               GError     **error)
{
  double v;

  if (!gw_explore_dialog_parse_number (row, &v, NULL) || v != floor (v) || v < min || v > max)
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
gboolean
gw_explore_dialog_form_statistic (GwExploreDialog *self,
                                  GwStatistic     *stat,
                                  GError         **error)
{
  const GwExploreOutput *o = gw_explore_dialog_selected_output (self);
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

/* The kind of sweep the form asks for; one input outside a sweep. */
GwSweepKind
gw_explore_dialog_sweep_kind (GwExploreDialog *self)
{
  return self->mode == GW_EXPLORE_SWEEP ? adw_combo_row_get_selected (self->kind_row)
                                        : GW_SWEEP_ONE;
}

/* The range rows follow the input chosen. */
static void
input_changed_cb (GwExploreDialog *self)
{
  if (!self->built)
    return;  /* still building */
  for (guint r = 0; r < 2; r++)
    {
      const GwInputInfo *info = gw_explore_dialog_selected_input (self, r);
      double lo, hi;

      if (info == NULL)
        continue;
      if (r == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->input_rows[0]), info->path);
      if (!gw_input_default_range (self->scenario, self->variant, info->path, &lo, &hi, NULL))
        continue;
      /* the second input's range is a sweep's only */
      if (r == 1 && self->mode != GW_EXPLORE_SWEEP)
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
  const GwExploreOutput *o;
  gboolean prob, sweep = self->mode == GW_EXPLORE_SWEEP;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  GwSweepKind kind;

  if (!self->built)
    return;  /* still building */
  o = gw_explore_dialog_selected_output (self);
  prob = adw_combo_row_get_selected (self->stat_row) >= STAT_BELOW;
  kind = gw_explore_dialog_sweep_kind (self);
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

void
gw_explore_dialog_redraw (GwExploreDialog *self)
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

void
gw_explore_dialog_set_result (GwExploreDialog *self,
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

void
gw_explore_dialog_set_running (GwExploreDialog *self,
                               gboolean         running)
{
  self->running = running;
  gtk_widget_set_visible (self->run_button, !running);
  gtk_widget_set_visible (self->cancel_button, running);
  if (self->mode == GW_EXPLORE_SWEEP)
    gtk_widget_set_sensitive (self->export_button, !running && self->sweeps != NULL);
  if (self->mode == GW_EXPLORE_GOAL)
    gtk_widget_set_sensitive (self->apply_button, !running && self->found
                              && self->variant == NULL);
}

/* A row of the list of runs (a goal seek's, a convergence run's). */
GtkWidget *
gw_explore_dialog_run_row_new (const char *n,
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

/* Filling in the form */

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
        GwExploreOutput *o = g_new0 (GwExploreOutput, 1);
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

/* The drop-downs' choices: the inputs (the second to fourth rows start
 * with “None”), the outputs and the statistics. */
static void
fill_choices (GwExploreDialog *self)
{
  g_autoptr(GtkStringList) output_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) stat_names = gtk_string_list_new (NULL);

  for (guint r = 0; r < N_INPUT_ROWS; r++)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autofree char *title = g_strdup_printf (_("Input %u"), r + 1);
      const char *row_title = r == 0 ? _("Input") : title;

      if (r > 0)
        gtk_string_list_append (names, _("None"));
      for (guint i = 0; i < self->inputs->len; i++)
        gtk_string_list_append (names, ((GwInputInfo *) self->inputs->pdata[i])->label);
      gtk_drop_down_set_model (self->input_dd[r], G_LIST_MODEL (names));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->input_rows[r]), row_title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->input_dd[r]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, row_title, -1);
    }
  for (guint i = 0; i < self->outputs->len; i++)
    gtk_string_list_append (output_names, ((GwExploreOutput *) self->outputs->pdata[i])->label);
  gtk_drop_down_set_model (self->output_dd, G_LIST_MODEL (output_names));
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    gtk_string_list_append (stat_names, _(stats[i].label));
  adw_combo_row_set_model (self->stat_row, G_LIST_MODEL (stat_names));
  adw_combo_row_set_selected (self->stat_row, 5);
}

/* What the mode shows, and its words. */
static void
set_up_mode (GwExploreDialog *self)
{
  gboolean goal = self->mode == GW_EXPLORE_GOAL;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  gboolean sweep = !goal && !converge;

  gtk_window_set_title (GTK_WINDOW (self), goal ? _("Goal Seek")
                                           : converge ? _("Convergence") : _("Sweep"));
  gtk_button_set_label (GTK_BUTTON (self->run_button), goal ? _("_Seek")
                                                       : converge ? _("_Run") : _("_Run Sweep"));
  show (self->apply_button, goal);
  show (self->export_button, sweep);
  show (self->kind_row, sweep);
  show (self->target_row, goal);
  show (self->se_row, converge);
  show (self->steps_row, sweep);
  show (self->max_paths_row, converge);

  adw_preferences_group_set_title (self->question_group, goal || converge ? _("Question")
                                                                          : _("What to Sweep"));
  adw_preferences_group_set_description (self->question_group, goal
    ? _("The value of one input at which a statistic of an output equals a target")
    : converge
    ? _("How a statistic of an output settles as paths are added, until its standard error is "
        "under a target")
    : _("A statistic of an output as inputs change"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->range_group),
                                   goal ? _("Search Range") : _("Range"));
  if (converge)
    {
      adw_preferences_group_set_description (self->runs_group,
                                             _("Each run has more paths than the last, "
                                               "as many as its standard error says are "
                                               "needed and at least twice as many, on the "
                                               "CPU reference engine with the scenario's "
                                               "seed: path i is the same in every run"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paths_row), _("First Paths"));
      gtk_editable_set_text (GTK_EDITABLE (self->paths_row), "10000");
    }
  else
    {
      g_autofree char *paths = g_strdup_printf ("%u", MAX (self->scenario->info.paths, 100));

      adw_preferences_group_set_description (self->runs_group,
                                             _("Every point runs the CPU reference "
                                               "engine with the scenario's seed, so the "
                                               "curve moves only because the input "
                                               "does"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paths_row), _("Paths per Run"));
      gtk_editable_set_text (GTK_EDITABLE (self->paths_row), paths);
    }

  /* the chart, the runs and the answer */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  goal ? _("The statistic at each run")
                                  : converge ? _("The statistic and its band against the paths")
                                  : _("The sweep's chart"),
                                  -1);
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
}

static void
build (GwExploreDialog *self)
{
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  /* the last fourth quarter of the run: 2032Q4 for a run from 2026Q1 */
  int last = self->scenario->info.start + MAX (self->scenario->info.horizon, 1) - 1;
  g_autofree char *quarter = gw_quarter_format (last - ((last % 4) + 4 - 3) % 4);

  set_up_mode (self);
  make_lists (self);
  fill_choices (self);
  gtk_editable_set_text (GTK_EDITABLE (self->quarter_row), quarter);

  /* a first question that has an answer in the built-in scenarios */
  for (guint i = 0; i < self->outputs->len; i++)
    {
      const GwExploreOutput *o = self->outputs->pdata[i];

      if (g_str_equal (o->key, converge ? "npv" : "min_dscr") && o->provider != NULL
          && g_str_equal (o->provider, "CoreWeave"))
        gtk_drop_down_set_selected (self->output_dd, i);
    }
  self->built = TRUE;
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

/* "output": the output and its quarter, as gigawatt-cli reads them */
static gboolean
prefill_output (GwExploreDialog *self,
                const char      *s,
                GError         **error)
{
  g_auto(GwStatistic) stat = { 0 };
  gboolean found = FALSE;

  if (!gw_statistic_parse (&stat, s, "mean", error))
    return FALSE;
  for (guint i = 0; i < self->outputs->len && !found; i++)
    {
      const GwExploreOutput *o = self->outputs->pdata[i];

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
      return FALSE;
    }
  if (stat.quarter != GW_QUARTER_NONE)
    {
      g_autofree char *q = gw_quarter_format (stat.quarter);

      gtk_editable_set_text (GTK_EDITABLE (self->quarter_row), q);
    }
  return TRUE;
}

/* "stat": the statistic, and a probability's threshold */
static gboolean
prefill_stat (GwExploreDialog *self,
              const char      *s,
              GError         **error)
{
  g_auto(GwStatistic) stat = { 0 };

  if (!gw_statistic_parse (&stat, "x", s, error))
    return FALSE;
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
  return TRUE;
}

/* The numbers of the form, each where the mode has it. */
static void
prefill_numbers (GwExploreDialog *self,
                 GVariantDict    *dict)
{
  gboolean goal = self->mode == GW_EXPLORE_GOAL;
  gboolean sweep = self->mode == GW_EXPLORE_SWEEP;
  gboolean converge = self->mode == GW_EXPLORE_CONVERGE;
  double d;
  guint32 u;

  if (g_variant_dict_lookup (dict, "target", "d", &d) && goal)
    set_number (self->target_row, d);
  if (g_variant_dict_lookup (dict, "lo", "d", &d))
    set_number (self->lo_row, d);
  if (g_variant_dict_lookup (dict, "hi", "d", &d))
    set_number (self->hi_row, d);
  if (g_variant_dict_lookup (dict, "lo2", "d", &d) && sweep)
    set_number (self->lo2_row, d);
  if (g_variant_dict_lookup (dict, "hi2", "d", &d) && sweep)
    set_number (self->hi2_row, d);
  if (g_variant_dict_lookup (dict, "steps", "u", &u) && sweep)
    set_number (self->steps_row, u);
  if (g_variant_dict_lookup (dict, "lines", "u", &u) && sweep)
    set_number (self->steps2_row, u);
  if (g_variant_dict_lookup (dict, "paths", "u", &u))
    set_number (self->paths_row, u);
  if (g_variant_dict_lookup (dict, "se", "d", &d) && converge)
    set_number (self->se_row, d);
  if (g_variant_dict_lookup (dict, "max-paths", "u", &u) && converge)
    set_number (self->max_paths_row, u);
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
  g_autofree const char **more = NULL;

  g_variant_dict_init (&dict, settings);
  if (g_variant_dict_lookup (&dict, "kind", "&s", &s) && self->mode == GW_EXPLORE_SWEEP)
    adw_combo_row_set_selected (self->kind_row, g_str_equal (s, "grid") ? GW_SWEEP_GRID
                                                : g_str_equal (s, "spider") ? GW_SWEEP_SPIDER
                                                : GW_SWEEP_ONE);
  if (g_variant_dict_lookup (&dict, "input", "&s", &s) && !select_input (self, 0, s, error))
    goto fail;
  if (g_variant_dict_lookup (&dict, "inputs", "^a&s", &more))
    for (guint r = 0; more[r] != NULL && r + 1 < N_INPUT_ROWS; r++)
      if (!select_input (self, r + 1, more[r], error))
        goto fail;
  if (g_variant_dict_lookup (&dict, "output", "&s", &s) && !prefill_output (self, s, error))
    goto fail;
  if (g_variant_dict_lookup (&dict, "stat", "&s", &s) && !prefill_stat (self, s, error))
    goto fail;
  prefill_numbers (self, &dict);
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
  static const char *const input_rows[N_INPUT_ROWS] = {
    "input_row_0", "input_row_1", "input_row_2", "input_row_3",
  };
  static const char *const input_dds[N_INPUT_ROWS] = {
    "input_dd_0", "input_dd_1", "input_dd_2", "input_dd_3",
  };

  object_class->dispose = gw_explore_dialog_dispose;
  object_class->finalize = gw_explore_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-explore-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, export_button);
  for (guint r = 0; r < N_INPUT_ROWS; r++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, input_rows[r], FALSE,
                                                 G_STRUCT_OFFSET (GwExploreDialog, input_rows)
                                                 + r * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, input_dds[r], FALSE,
                                                 G_STRUCT_OFFSET (GwExploreDialog, input_dd)
                                                 + r * sizeof (GtkDropDown *));
    }
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, output_dd);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, question_group);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, runs_group);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, quarter_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, stat_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, lo_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, hi_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, steps_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, lo2_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, hi2_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, steps2_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, paths_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, se_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, max_paths_row);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, range_group);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, chart_area);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, runs_box);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, runs_list);
  gtk_widget_class_bind_template_child (widget_class, GwExploreDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, gw_explore_dialog_start);
  gtk_widget_class_bind_template_callback (widget_class, gw_explore_dialog_cancel);
  gtk_widget_class_bind_template_callback (widget_class, gw_explore_goal_apply);
  gtk_widget_class_bind_template_callback (widget_class, gw_explore_sweep_export);
}

static void
gw_explore_dialog_init (GwExploreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->target = NAN;
  self->conv_value = self->conv_se = NAN;
  self->chart = gw_sweep_chart_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart_area), draw_chart, self, NULL);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_visibility),
                            self);
  g_signal_connect_swapped (self->input_dd[0], "notify::selected", G_CALLBACK (input_changed_cb),
                            self);
  g_signal_connect_swapped (self->input_dd[1], "notify::selected", G_CALLBACK (input_changed_cb),
                            self);
  g_signal_connect_swapped (self->output_dd, "notify::selected", G_CALLBACK (update_visibility),
                            self);
  g_signal_connect_swapped (self->stat_row, "notify::selected", G_CALLBACK (update_visibility),
                            self);
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
