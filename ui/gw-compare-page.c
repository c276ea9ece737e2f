/* gw-compare-page.c: variants compared side by side
 *
 * Two or more variants of the document (the base scenario offered once,
 * gw_comparison_list_variants()), run with the same seed and paths by a
 * GwComparison on worker threads: their fans overlaid, a table of each
 * one's P10/P50/P90 for the chosen series at a quarter and for a per-path
 * output, with the differences to the first (the reference), and the
 * distribution of the per-path difference of one variant against the
 * reference (common random numbers: path i is the same draw in every run).
 *
 * The numbers are the engine's summaries, those gigawatt-cli run prints
 * for the same variant and paths (README, "Compare variants").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-view.h"
#include "gw-compare-page.h"
#include "gw-compare-table.h"
#include "gw-plan.h"
#include "gw-ui.h"

struct _GwComparePage
{
  AdwBin          parent_instance;

  /* template */
  GtkProgressBar *progress_bar;
  GtkLabel       *description;
  GtkFlowBox     *variants_box;
  GtkDropDown    *series_drop;
  GtkDropDown    *quarter_drop;
  GtkDropDown    *scalar_drop;
  GtkDropDown    *provider_drop;
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GwChartView    *fans_view;
  GwChartView    *difference_view;
  GtkWidget      *difference_box;
  GtkWidget      *difference_variant_box;
  GtkDropDown    *difference_drop;
  GtkDropDown    *difference_subject_drop;
  GtkGrid        *kpi_grid;

  GwDocument     *document;
  GwComparison   *comparison;
  GSettings      *settings;     /* NULL where the schema is not installed */

  GStrv           offered;      /* "" first: the base scenario */
  GStrv           same_as_base; /* variants that override nothing */
  GHashTable     *selected;     /* names in offered */
  GStrv           variants;     /* the selected, in the order offered */

  /* the outputs offered, and the choice */
  GPtrArray      *series_keys;
  GArray         *series_per_provider;
  GPtrArray      *scalar_keys;
  GArray         *scalar_per_provider;
  char           *series;
  char           *scalar;
  char           *provider;
  int             quarter;      /* a quarter (GW_QUARTER), or G_MININT for the last */
  guint           difference_of; /* index in variants, >= 1 */
  gboolean        difference_series; /* the panel shows the series, not the scalar */
  int             start;        /* the run's first quarter and length, as offered */
  guint           T;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (GwComparePage, gw_compare_page, ADW_TYPE_BIN)

static GwResults *
reference_results (GwComparePage *self)
{
  guint n = gw_comparison_get_n_variants (self->comparison);

  return n > 0 ? gw_comparison_get_results (self->comparison, 0) : NULL;
}

/* The variants */

static void update (GwComparePage *self);

/* A chosen variant's button wears its colour on the charts. */
static void
mark_buttons (GwComparePage *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->variants_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *name = g_object_get_data (G_OBJECT (button), "variant");
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));
      g_autofree char *markup = NULL;
      int index = -1;

      for (guint i = 0; self->variants[i] != NULL; i++)
        if (g_str_equal (self->variants[i], name))
          index = (int) i;
      if (index >= 0)
        markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>  %s",
                                          gw_compare_variant_color ((guint) index, dark),
                                          gw_comparison_variant_label (name));
      else
        markup = g_markup_escape_text (gw_comparison_variant_label (name), -1);
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
}

static void
apply_selection (GwComparePage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; self->offered != NULL && self->offered[i] != NULL; i++)
    if (g_hash_table_contains (self->selected, self->offered[i]))
      g_strv_builder_add (builder, self->offered[i]);
  g_strfreev (self->variants);
  self->variants = g_strv_builder_end (builder);
  if (self->difference_of >= g_strv_length (self->variants))
    self->difference_of = 1;
  mark_buttons (self);
  gw_comparison_set_variants (self->comparison, (const char * const *) self->variants);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && g_strv_length (self->variants) >= 2)
    gw_comparison_schedule (self->comparison, 0);
  update (self);
}

static void
variant_toggled_cb (GtkToggleButton *button,
                    GwComparePage   *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "variant");

  if (self->updating)
    return;
  if (gtk_toggle_button_get_active (button))
    g_hash_table_add (self->selected, g_strdup (name));
  else
    g_hash_table_remove (self->selected, name);
  apply_selection (self);
}

/* A toggle button per variant offered, in the flow box. */
static void
fill_variants (GwComparePage *self)
{
  const GwScenario *s = gw_document_get_scenario (self->document);
  GtkWidget *child;
  GHashTableIter iter;
  gpointer key;

  g_strfreev (self->offered);
  g_strfreev (self->same_as_base);
  self->offered = gw_comparison_list_variants (s, &self->same_as_base);
  /* a variant renamed or removed leaves the selection */
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains ((const char * const *) self->offered, key))
      g_hash_table_iter_remove (&iter);
  if (g_hash_table_size (self->selected) == 0)
    {
      /* the base scenario and the first variant, until the user picks */
      for (guint i = 0; i < 2 && self->offered[i] != NULL; i++)
        g_hash_table_add (self->selected, g_strdup (self->offered[i]));
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->variants_box))) != NULL)
    gtk_flow_box_remove (self->variants_box, child);
  /* a start-aligned flow box asks only for its minimum line: ask for a few
   * names in a line, so that they do not stack one per line */
  gtk_flow_box_set_min_children_per_line (self->variants_box,
                                          MIN (g_strv_length (self->offered), 3));
  self->updating = TRUE;
  for (guint i = 0; self->offered[i] != NULL; i++)
    {
      const char *name = self->offered[i];
      GtkWidget *button = gtk_toggle_button_new ();

      gtk_button_set_child (GTK_BUTTON (button),
                            gtk_label_new (gw_comparison_variant_label (name)));

      g_object_set_data_full (G_OBJECT (button), "variant", g_strdup (name), g_free);
      gtk_widget_add_css_class (button, "compare-variant");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                    g_hash_table_contains (self->selected, name));
      if (name[0] == '\0' && self->same_as_base[0] != NULL)
        {
          g_autofree char *same = g_strjoinv (", ", self->same_as_base);
          /* TRANSLATORS: the base scenario's tooltip: "Also “Baseline”, which ..." */
          g_autofree char *tip = g_strdup_printf (_("The scenario without overrides; also “%s”, "
                                                    "which overrides nothing"), same);

          gtk_widget_set_tooltip_text (button, tip);
        }
      else if (name[0] == '\0')
        gtk_widget_set_tooltip_text (button, _("The scenario without overrides"));
      g_signal_connect (button, "toggled", G_CALLBACK (variant_toggled_cb), self);
      gtk_flow_box_append (self->variants_box, button);
    }
  self->updating = FALSE;
}

/* The outputs */

static gboolean
key_per_provider (GPtrArray  *keys,
                  GArray     *per_provider,
                  const char *key)
{
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (g_strcmp0 (keys->pdata[i], key) == 0)
      return g_array_index (per_provider, gboolean, i);
  return FALSE;
}

static void
select_key (GtkDropDown *drop,
            GPtrArray   *keys,
            const char  *key)
{
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (g_strcmp0 (keys->pdata[i], key) == 0)
      gtk_drop_down_set_selected (drop, i);
}

/* Fills the choosers from a run's plan, as the chart cards do: the market's
 * outputs, then a provider's, named once. */
static void
fill_outputs (GwComparePage *self,
              const GwPlan  *plan)
{
  g_autoptr(GtkStringList) series = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scalars = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) providers = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) quarters = gtk_string_list_new (NULL);
  int start = plan->scenario->info.start;

  if (self->series_keys != NULL && self->series_keys->len > 0 && self->start == start
      && self->T == plan->T && g_list_model_get_n_items (
           gtk_drop_down_get_model (self->provider_drop)) == plan->P)
    return;
  g_clear_pointer (&self->series_keys, g_ptr_array_unref);
  g_clear_pointer (&self->series_per_provider, g_array_unref);
  g_clear_pointer (&self->scalar_keys, g_ptr_array_unref);
  g_clear_pointer (&self->scalar_per_provider, g_array_unref);
  self->series_keys = g_ptr_array_new_with_free_func (g_free);
  self->series_per_provider = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->scalar_keys = g_ptr_array_new_with_free_func (g_free);
  self->scalar_per_provider = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->start = start;
  self->T = plan->T;

  for (guint i = 0; i < plan->n_series; i++)
    {
      int j = gw_plan_series_provider (plan, i);
      gboolean per_provider = j >= 0;
      g_autofree char *text = NULL;

      if (j > 0)
        continue;
      text = g_strdup_printf (per_provider ? _("Provider · %s") : _("Market · %s"),
                              gw_chart_series_label (plan, i));
      gtk_string_list_append (series, text);
      g_ptr_array_add (self->series_keys, g_strdup (gw_plan_series_key (plan, i)));
      g_array_append_val (self->series_per_provider, per_provider);
    }
  for (guint i = 0; i < plan->n_scalars; i++)
    {
      int j = gw_plan_scalar_provider (plan, i);
      gboolean per_provider = j >= 0;
      g_autofree char *text = NULL;

      /* a quarter (when a ratio first fell below 1) has no difference to take */
      if (j > 0 || gw_plan_scalar_unit (plan, i) == GW_UNIT_QUARTER)
        continue;
      text = g_strdup_printf (per_provider ? _("Provider · %s") : _("Market · %s"),
                              gw_plan_scalar_label (plan, i));
      gtk_string_list_append (scalars, text);
      g_ptr_array_add (self->scalar_keys, g_strdup (gw_plan_scalar_key (plan, i)));
      g_array_append_val (self->scalar_per_provider, per_provider);
    }
  for (guint j = 0; j < plan->P; j++)
    gtk_string_list_append (providers, gw_plan_provider_name (plan, j));
  for (guint t = 0; t < plan->T; t++)
    {
      g_autofree char *text = gw_quarter_format (start + (int) t);

      gtk_string_list_append (quarters, text);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->series_drop, G_LIST_MODEL (series));
  gtk_drop_down_set_model (self->scalar_drop, G_LIST_MODEL (scalars));
  gtk_drop_down_set_model (self->provider_drop, G_LIST_MODEL (providers));
  gtk_drop_down_set_model (self->quarter_drop, G_LIST_MODEL (quarters));
  self->updating = FALSE;
}

static void
select_choices (GwComparePage *self,
                const GwPlan  *plan)
{
  GListModel *providers = gtk_drop_down_get_model (self->provider_drop);
  int t = self->quarter == G_MININT ? (int) plan->T - 1 : self->quarter - self->start;

  self->updating = TRUE;
  select_key (self->series_drop, self->series_keys, self->series);
  select_key (self->scalar_drop, self->scalar_keys, self->scalar);
  for (guint j = 0; providers != NULL && j < g_list_model_get_n_items (providers); j++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (providers), j),
                   self->provider) == 0)
      gtk_drop_down_set_selected (self->provider_drop, j);
  if (t >= 0 && t < (int) plan->T)
    gtk_drop_down_set_selected (self->quarter_drop, (guint) t);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_drop),
                            key_per_provider (self->series_keys, self->series_per_provider,
                                              self->series)
                            || key_per_provider (self->scalar_keys, self->scalar_per_provider,
                                                 self->scalar));
}

static void
series_selected_cb (GwComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->series_drop);

  if (self->updating || self->series_keys == NULL || i >= self->series_keys->len)
    return;
  g_free (self->series);
  self->series = g_strdup (self->series_keys->pdata[i]);
  update (self);
}

static void
scalar_selected_cb (GwComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->scalar_drop);

  if (self->updating || self->scalar_keys == NULL || i >= self->scalar_keys->len)
    return;
  g_free (self->scalar);
  self->scalar = g_strdup (self->scalar_keys->pdata[i]);
  update (self);
}

static void
provider_selected_cb (GwComparePage *self)
{
  GListModel *model = gtk_drop_down_get_model (self->provider_drop);
  guint i = gtk_drop_down_get_selected (self->provider_drop);

  if (self->updating || model == NULL || i >= g_list_model_get_n_items (model))
    return;
  g_free (self->provider);
  self->provider = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  update (self);
}

static void
quarter_selected_cb (GwComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->quarter_drop);

  if (self->updating || i >= self->T)
    return;
  self->quarter = i + 1 == self->T ? G_MININT : self->start + (int) i;
  update (self);
}

static void
difference_selected_cb (GwComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->difference_drop);

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;
  self->difference_of = i + 1;
  update (self);
}

/* The table (gw-compare-table.c) */

/* The chosen series and its quarter (from the run's start) in @plan, and
 * its heading, "Revenue · CoreWeave, 2032Q4"; NULL if it has none. */
static char *
series_choice (GwComparePage *self,
               const GwPlan  *plan,
               int           *series,
               int           *t)
{
  g_autofree char *quarter = NULL;

  *series = gw_plan_find_series (plan, self->series,
                                 key_per_provider (self->series_keys, self->series_per_provider,
                                                   self->series) ? self->provider : NULL);
  *t = self->quarter == G_MININT ? (int) plan->T - 1
                                 : self->quarter - plan->scenario->info.start;
  if (*series < 0 || *t < 0 || *t >= (int) plan->T)
    return NULL;
  quarter = gw_quarter_format (plan->scenario->info.start + *t);
  if (gw_plan_series_provider (plan, *series) >= 0)
    return g_strdup_printf (_("%s · %s, %s"), gw_chart_series_label (plan, *series),
                            self->provider, quarter);
  return g_strdup_printf (_("%s, %s"), gw_chart_series_label (plan, *series), quarter);
}

/* The chosen per-path output in @plan, and its heading, "NPV · CoreWeave,
 * per path"; NULL if it has none. */
static char *
scalar_choice (GwComparePage *self,
               const GwPlan  *plan,
               int           *scalar)
{
  *scalar = gw_plan_find_scalar (plan, self->scalar,
                                 key_per_provider (self->scalar_keys, self->scalar_per_provider,
                                                   self->scalar) ? self->provider : NULL);
  if (*scalar < 0)
    return NULL;
  if (gw_plan_scalar_provider (plan, *scalar) >= 0)
    /* TRANSLATORS: a per-path output of a provider, "NPV · CoreWeave, per path" */
    return g_strdup_printf (_("%s · %s, per path"), gw_plan_scalar_label (plan, *scalar),
                            self->provider);
  return g_strdup_printf (_("%s, per path"), gw_plan_scalar_label (plan, *scalar));
}

static void
fill_table (GwComparePage *self)
{
  GwResults *ref = reference_results (self);
  const char * const *variants = (const char * const *) self->variants;
  g_autofree char *series_heading = NULL, *scalar_heading = NULL;
  int row, series, scalar, t;

  row = gw_compare_table_clear (self->kpi_grid);
  if (ref == NULL)
    return;
  series_heading = series_choice (self, ref->plan, &series, &t);
  if (series_heading != NULL)
    row = gw_compare_table_add_section (self->kpi_grid, self->comparison, variants, row,
                                        series_heading, gw_plan_series_unit (ref->plan, series),
                                        series, t, -1);
  scalar_heading = scalar_choice (self, ref->plan, &scalar);
  if (scalar_heading != NULL)
    gw_compare_table_add_section (self->kpi_grid, self->comparison, variants, row,
                                  scalar_heading, gw_plan_scalar_unit (ref->plan, scalar), -1, 0,
                                  scalar);
}

/* The charts */

/* The difference panel of the chosen series at its quarter, when that is
 * its subject: the column simulated again on every path of both runs
 * (gw_comparison_get_column()); meanwhile it says so. */
static void
fill_series_difference (GwComparePage *self,
                        GwResults     *ref,
                        GwResults     *against)
{
  GwChart *chart = gw_chart_view_get_chart (self->difference_view);
  g_autofree char *heading = NULL;
  g_autofree double *diff = NULL;
  GBytes *a, *b;
  int series, t;
  guint column;

  if (!self->difference_series || ref == NULL || against == NULL
      || (heading = series_choice (self, ref->plan, &series, &t)) == NULL
      || (guint) series >= against->plan->n_series || against->plan->T != ref->plan->T)
    {
      gw_chart_set_difference_values (chart, NULL, 0, GW_UNIT_MONEY, NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self->difference_view));
      return;
    }
  column = (guint) series * ref->plan->T + (guint) t;
  a = gw_comparison_get_column (self->comparison, 0, column);
  b = gw_comparison_get_column (self->comparison, self->difference_of, column);
  if (a == NULL || b == NULL)
    gw_chart_set_difference_pending (chart, TRUE);
  else
    {
      const double *x = g_bytes_get_data (a, NULL), *y = g_bytes_get_data (b, NULL);
      guint n = MIN (ref->n_paths, against->n_paths);

      diff = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        diff[i] = y[i] - x[i];
      gw_chart_set_difference_values (chart, diff, n, gw_plan_series_unit (ref->plan, series),
                                      heading);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->difference_view));
}

static void
fill_charts (GwComparePage *self)
{
  guint n = g_strv_length (self->variants);
  GwResults *ref = reference_results (self);
  GwResults *other = n >= 2 ? gw_comparison_get_results (self->comparison, 1) : NULL;
  GwResults *against = n > self->difference_of
                       ? gw_comparison_get_results (self->comparison, self->difference_of) : NULL;
  g_autoptr(GPtrArray) more = g_ptr_array_new ();
  GwChartSpec spec = GW_CHART_SPEC_INIT;
  gboolean series_pp = key_per_provider (self->series_keys, self->series_per_provider,
                                         self->series);
  gboolean scalar_pp = key_per_provider (self->scalar_keys, self->scalar_per_provider,
                                         self->scalar);
  g_autofree char *title = NULL;

  for (guint i = 2; i < n; i++)
    {
      GwResults *r = gw_comparison_get_results (self->comparison, i);

      if (r != NULL)
        g_ptr_array_add (more, r);
    }
  spec.kind = GW_CHART_COMPARE;
  spec.series = self->series;
  spec.provider = series_pp ? self->provider : NULL;
  gw_chart_set_more_results (gw_chart_view_get_chart (self->fans_view), more);
  gw_chart_view_set_spec (self->fans_view, &spec);
  gw_chart_view_set_results (self->fans_view, ref);
  gw_chart_view_set_compare_results (self->fans_view, other);

  /* the difference panel needs a series only to have its legend */
  spec.series = scalar_pp ? "revenue" : "price";
  spec.provider = scalar_pp ? self->provider : NULL;
  spec.scalar = self->scalar;
  if (n > self->difference_of)
    {
      /* TRANSLATORS: the difference chart's title, "TPU beachhead − Base scenario, per path" */
      title = g_strdup_printf (_("%s − %s, per path"),
                               gw_comparison_variant_label (self->variants[self->difference_of]),
                               gw_comparison_variant_label (self->variants[0]));
      spec.title = title;
    }
  gw_chart_view_set_spec (self->difference_view, &spec);
  if (ref != NULL)
    {
      g_autofree char *n_text = gw_format_grouped (ref->n_paths, 0);
      g_autofree char *subtitle = g_strdup_printf (
        g_dngettext (NULL, "%s path, seed %" G_GUINT64_FORMAT ", common random numbers",
                     "%s paths, seed %" G_GUINT64_FORMAT ", common random numbers", ref->n_paths),
        n_text, ref->plan->seed);

      gw_chart_set_subtitle (gw_chart_view_get_chart (self->difference_view), subtitle);
    }
  gw_chart_view_set_results (self->difference_view, ref);
  gw_chart_view_set_compare_results (self->difference_view, against);
  fill_series_difference (self, ref, against);
}

/* Gives @drop the strings of @names unless it has them already: a model
 * replaced in the drop-down's own notify::selected makes it notify again. */
static void
set_strings (GtkDropDown   *drop,
             GtkStringList *names)
{
  GListModel *old = gtk_drop_down_get_model (drop);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (names));
  gboolean same = old != NULL && GTK_IS_STRING_LIST (old) && g_list_model_get_n_items (old) == n;

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (old), i),
                      gtk_string_list_get_string (names, i)) == 0;
  if (!same)
    gtk_drop_down_set_model (drop, G_LIST_MODEL (names));
}

static void
fill_difference_drop (GwComparePage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_strv_length (self->variants);

  for (guint i = 1; i < n; i++)
    gtk_string_list_append (names, gw_comparison_variant_label (self->variants[i]));
  self->updating = TRUE;
  set_strings (self->difference_drop, names);
  if (n > 1)
    gtk_drop_down_set_selected (self->difference_drop, self->difference_of - 1);
  self->updating = FALSE;
  gtk_widget_set_visible (self->difference_variant_box, n > 2);
}

/* The difference panel's two subjects, named as the table's sections. */
static void
fill_subject_drop (GwComparePage *self,
                   const GwPlan  *plan)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *scalar = NULL, *series = NULL;
  int i, t;

  scalar = scalar_choice (self, plan, &i);
  series = series_choice (self, plan, &i, &t);
  gtk_string_list_append (names, scalar != NULL ? scalar : _("Per-path output"));
  gtk_string_list_append (names, series != NULL ? series : _("Series at a quarter"));
  self->updating = TRUE;
  set_strings (self->difference_subject_drop, names);
  gtk_drop_down_set_selected (self->difference_subject_drop, self->difference_series ? 1 : 0);
  self->updating = FALSE;
}

static void
subject_selected_cb (GwComparePage *self)
{
  guint i = gtk_drop_down_get_selected (self->difference_subject_drop);

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;
  self->difference_series = i == 1;
  update (self);
}

/* Shows what the runs made so far, for the choices. */
static void
update (GwComparePage *self)
{
  guint n = self->variants != NULL ? g_strv_length (self->variants) : 0;
  GwResults *ref = n > 0 ? reference_results (self) : NULL;
  const char *error = gw_comparison_get_error (self->comparison);

  if (error != NULL || n < 2)
    {
      adw_status_page_set_title (self->status_page, error ? _("Could Not Compare")
                                                          : _("Choose Variants"));
      adw_status_page_set_description (self->status_page,
                                       error ? error : _("Pick two or more variants above; "
                                                         "the first is the reference."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "compare");
  fill_difference_drop (self);
  /* a partial comparison is not drawn: charts and table change together */
  if (ref == NULL || !gw_comparison_get_complete (self->comparison))
    return;
  fill_outputs (self, ref->plan);
  select_choices (self, ref->plan);
  fill_subject_drop (self, ref->plan);
  fill_charts (self);
  fill_table (self);
}

/* Progress */

static void
running_cb (GwComparePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          gw_comparison_get_running (self->comparison));
}

static void
progress_cb (GwComparePage *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 gw_comparison_get_progress (self->comparison));
}

/* The settings of the window's runs: paths and engine. */
static void
read_settings (GwComparePage *self)
{
  g_autofree char *engine = NULL;

  if (self->settings == NULL)
    return;
  engine = g_settings_get_string (self->settings, "engine");
  gw_comparison_set_paths (self->comparison, g_settings_get_uint (self->settings, "paths"));
  gw_comparison_set_engine (self->comparison,
                            g_strcmp0 (engine, "cpu") == 0 ? GW_ENGINE_CPU
                            : g_strcmp0 (engine, "opencl") == 0 ? GW_ENGINE_OPENCL
                            : GW_ENGINE_AUTO);
}

/* Public */

static void
document_changed_cb (GwDocument    *document,
                     int            table,
                     int            row,
                     GwComparePage *self)
{
  /* the comparison runs again by itself; the names offered change only
   * with the variants and their overrides */
  if (table == GW_TABLE_VARIANTS || table == GW_TABLE_OVERRIDES || table < 0)
    {
      fill_variants (self);
      apply_selection (self);
    }
}

/**
 * gw_compare_page_set_document:
 * @document: (nullable): the document whose variants are compared
 */
void
gw_compare_page_set_document (GwComparePage *self,
                              GwDocument    *document)
{
  g_return_if_fail (GW_IS_COMPARE_PAGE (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  gw_comparison_set_document (self->comparison, document);
  if (document == NULL)
    return;
  g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, 0);
  fill_variants (self);
  apply_selection (self);
}

/**
 * gw_compare_page_set_variants:
 * @variants: (array zero-terminated=1): names of variants; "" and a variant
 *   that overrides nothing are the base scenario. The reference is the
 *   first offered (the base scenario when chosen).
 *
 * Compares these variants; names the scenario lacks are left out.
 */
void
gw_compare_page_set_variants (GwComparePage      *self,
                              const char * const *variants)
{
  g_return_if_fail (GW_IS_COMPARE_PAGE (self));

  g_hash_table_remove_all (self->selected);
  for (guint i = 0; variants != NULL && variants[i] != NULL; i++)
    {
      const char *name = variants[i];

      if (self->same_as_base != NULL
          && g_strv_contains ((const char * const *) self->same_as_base, name))
        name = "";
      if (self->offered != NULL && g_strv_contains ((const char * const *) self->offered, name))
        g_hash_table_add (self->selected, g_strdup (name));
    }
  self->updating = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->variants_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *name = g_object_get_data (G_OBJECT (button), "variant");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                    g_hash_table_contains (self->selected, name));
    }
  self->updating = FALSE;
  apply_selection (self);
}

/* Returns: the variants compared, the reference first ("" is the base) */
const char * const *
gw_compare_page_get_variants (GwComparePage *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_PAGE (self), NULL);
  return (const char * const *) self->variants;
}

/**
 * gw_compare_page_choose:
 * @series: (nullable): the series of the fans and the table, or %NULL to keep
 * @scalar: (nullable): the per-path output, or %NULL to keep
 * @provider: (nullable): the provider of provider outputs, or %NULL to keep
 * @quarter: the series' quarter in the table (GW_QUARTER), or G_MININT for
 *   the last
 */
void
gw_compare_page_choose (GwComparePage *self,
                        const char    *series,
                        const char    *scalar,
                        const char    *provider,
                        int            quarter)
{
  g_return_if_fail (GW_IS_COMPARE_PAGE (self));

  if (series != NULL)
    g_free (self->series), self->series = g_strdup (series);
  if (scalar != NULL)
    g_free (self->scalar), self->scalar = g_strdup (scalar);
  if (provider != NULL)
    g_free (self->provider), self->provider = g_strdup (provider);
  self->quarter = quarter;
  update (self);
}

GwComparison *
gw_compare_page_get_comparison (GwComparePage *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_PAGE (self), NULL);
  return self->comparison;
}

/**
 * gw_compare_page_describe:
 *
 * The table as shown, a line per row and a tab between cells, for tests
 * and the screen reader's summary.
 *
 * Returns: (transfer full): the text
 */
char *
gw_compare_page_describe (GwComparePage *self)
{
  GString *out = g_string_new (NULL);
  int rows = 0;

  g_return_val_if_fail (GW_IS_COMPARE_PAGE (self), NULL);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_grid)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      int row;

      gtk_grid_query_child (self->kpi_grid, c, NULL, &row, NULL, NULL);
      rows = MAX (rows, row + 1);
    }
  for (int row = 0; row < rows; row++)
    {
      for (int col = 0; col < 8; col++)
        {
          GtkWidget *c = gtk_grid_get_child_at (self->kpi_grid, col, row);
          int column = -1;

          if (c != NULL)
            gtk_grid_query_child (self->kpi_grid, c, &column, NULL, NULL, NULL);
          if (col > 0)
            g_string_append_c (out, '\t');
          /* a heading spans the row: once */
          if (GTK_IS_LABEL (c) && column == col)
            g_string_append (out, gtk_label_get_text (GTK_LABEL (c)));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* GObject */

static void
gw_compare_page_map (GtkWidget *widget)
{
  GwComparePage *self = GW_COMPARE_PAGE (widget);

  GTK_WIDGET_CLASS (gw_compare_page_parent_class)->map (widget);
  read_settings (self);
  gw_comparison_set_active (self->comparison, TRUE);
}

static void
gw_compare_page_unmap (GtkWidget *widget)
{
  GwComparePage *self = GW_COMPARE_PAGE (widget);

  /* nobody looks: an edit elsewhere does not run every variant again */
  gw_comparison_set_active (self->comparison, FALSE);
  gw_comparison_cancel (self->comparison);
  GTK_WIDGET_CLASS (gw_compare_page_parent_class)->unmap (widget);
}

static void
gw_compare_page_dispose (GObject *object)
{
  GwComparePage *self = GW_COMPARE_PAGE (object);

  if (self->comparison != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->comparison, self);
      gw_comparison_cancel (self->comparison);
      g_clear_object (&self->comparison);
    }
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_COMPARE_PAGE);
  G_OBJECT_CLASS (gw_compare_page_parent_class)->dispose (object);
}

static void
gw_compare_page_finalize (GObject *object)
{
  GwComparePage *self = GW_COMPARE_PAGE (object);

  g_strfreev (self->offered);
  g_strfreev (self->same_as_base);
  g_strfreev (self->variants);
  g_hash_table_unref (self->selected);
  g_clear_pointer (&self->series_keys, g_ptr_array_unref);
  g_clear_pointer (&self->series_per_provider, g_array_unref);
  g_clear_pointer (&self->scalar_keys, g_ptr_array_unref);
  g_clear_pointer (&self->scalar_per_provider, g_array_unref);
  g_free (self->series);
  g_free (self->scalar);
  g_free (self->provider);
  G_OBJECT_CLASS (gw_compare_page_parent_class)->finalize (object);
}

static void
gw_compare_page_class_init (GwComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_compare_page_dispose;
  object_class->finalize = gw_compare_page_finalize;
  widget_class->map = gw_compare_page_map;
  widget_class->unmap = gw_compare_page_unmap;

  gw_ui_init ();
  g_type_ensure (GW_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, description);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, variants_box);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, series_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, quarter_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, scalar_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, provider_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, stack);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, fans_view);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, difference_view);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, difference_box);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, difference_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, difference_variant_box);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, difference_subject_drop);
  gtk_widget_class_bind_template_child (widget_class, GwComparePage, kpi_grid);
}

static void
gw_compare_page_init (GwComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->variants = g_new0 (char *, 1);
  self->series = g_strdup ("price");
  self->scalar = g_strdup ("npv");
  self->provider = g_strdup ("CoreWeave");
  self->quarter = G_MININT;
  self->difference_of = 1;
  self->comparison = gw_comparison_new ();
  self->settings = gw_ui_get_settings ();
  gw_comparison_set_active (self->comparison, FALSE);
  gtk_label_set_label (self->description,
                       _("Each variant runs the same paths with the same seed (common random "
                         "numbers). The first one chosen is the reference."));
  gw_chart_set_compare_panels (gw_chart_view_get_chart (self->fans_view), GW_COMPARE_FANS);
  gw_chart_set_compare_panels (gw_chart_view_get_chart (self->difference_view),
                               GW_COMPARE_DIFFERENCE);
  /* the page says what common random numbers are; the sources are the series' */
  gw_chart_set_show_footnote (gw_chart_view_get_chart (self->difference_view), FALSE);
  g_signal_connect_swapped (self->comparison, "updated", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->comparison, "notify::error", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->comparison, "notify::running", G_CALLBACK (running_cb), self);
  g_signal_connect_swapped (self->comparison, "notify::progress", G_CALLBACK (progress_cb),
                            self);
  g_signal_connect_swapped (self->series_drop, "notify::selected",
                            G_CALLBACK (series_selected_cb), self);
  g_signal_connect_swapped (self->scalar_drop, "notify::selected",
                            G_CALLBACK (scalar_selected_cb), self);
  g_signal_connect_swapped (self->provider_drop, "notify::selected",
                            G_CALLBACK (provider_selected_cb), self);
  g_signal_connect_swapped (self->quarter_drop, "notify::selected",
                            G_CALLBACK (quarter_selected_cb), self);
  g_signal_connect_swapped (self->difference_drop, "notify::selected",
                            G_CALLBACK (difference_selected_cb), self);
  g_signal_connect_swapped (self->difference_subject_drop, "notify::selected",
                            G_CALLBACK (subject_selected_cb), self);
}

GtkWidget *
gw_compare_page_new (void)
{
  return g_object_new (GW_TYPE_COMPARE_PAGE, NULL);
}
