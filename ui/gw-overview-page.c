/* gw-overview-page.c: the overview: the scenario, its key numbers, charts
 *
 * The focus provider's drop-down chooses the document's focus provider
 * (gw_document_set_focus_provider()): it is saved with the file, so the
 * window follows the document's GwDocument:focus-provider, not the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "gw-app-options.h"
#include "gw-chart.h"
#include "gw-chart-card.h"
#include "gw-chart-slot.h"
#include "gw-explore.h"
#include "gw-filter-bar.h"
#include "gw-overview-page.h"
#include "gw-stat-card.h"
#include "gw-ui.h"

struct _GwOverviewPage
{
  AdwBin      parent_instance;

  /* template */
  GtkLabel   *title;
  GtkLabel   *description;
  GtkLabel   *meta;
  GwStatCard *price_card;
  GwStatCard *revenue_card;
  GwStatCard *ebitda_card;
  GwStatCard *npv_card;
  GwStatCard *min_dscr_card;
  GwStatCard *p_dscr_card;
  GtkGrid    *charts_grid;
  GtkDropDown *focus_drop;
  GwFilterBar *filter_bar;
  GPtrArray   *followed;     /* GwChartCard of other pages the filter reaches */

  GwResults  *results;     /* the last shown, and its focus provider */
  char       *provider;

  GPtrArray  *charts;
  GwDocument *document;    /* holds the focus provider and the charts' choices */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (GwOverviewPage, gw_overview_page, ADW_TYPE_BIN)

/* The focus */

/* Lists the scenario's providers in the drop-down, rebuilding it only when
 * they change, and selects @provider. */
static void
fill_focus (GwOverviewPage   *self,
            const GwScenario *s,
            const char       *provider)
{
  GListModel *model = gtk_drop_down_get_model (self->focus_drop);
  guint n = gw_scenario_n_providers (s);
  gboolean same = model != NULL && g_list_model_get_n_items (model) == n;

  for (guint j = 0; same && j < n; j++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), j),
                      gw_scenario_provider (s, j)->name) == 0;
  self->updating = TRUE;
  if (!same)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint j = 0; j < n; j++)
        gtk_string_list_append (names, gw_scenario_provider (s, j)->name);
      gtk_drop_down_set_model (self->focus_drop, G_LIST_MODEL (names));
      model = gtk_drop_down_get_model (self->focus_drop);
    }
  for (guint j = 0; j < n; j++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), j), provider) == 0)
      gtk_drop_down_set_selected (self->focus_drop, j);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->focus_drop), n > 1);
}

static void
focus_selected_cb (GtkDropDown    *drop,
                   GParamSpec     *pspec,
                   GwOverviewPage *self)
{
  GListModel *model = gtk_drop_down_get_model (drop);
  guint i = gtk_drop_down_get_selected (drop);

  if (self->updating || model == NULL || i >= g_list_model_get_n_items (model))
    return;
  gw_overview_page_set_focus_provider (self,
                                       gtk_string_list_get_string (GTK_STRING_LIST (model), i));
}

/* The Monte Carlo standard error of the P50 of @output: from the order
 * statistics of a per-path scalar, or for a series (whose paths a run does
 * not keep) from its interquartile range, sqrt (p (1 - p) / N) / f with
 * the density f taken as 0.5 / IQR. NAN if neither is known. */
static double
median_error (GwResults  *r,
              const char *output,
              const GwSummary *sm)
{
  g_auto(GwStatistic) stat = { 0 };
  double se;

  if (gw_statistic_parse (&stat, output, "p50", NULL)
      && gw_statistic_standard_error (&stat, r, &se, NULL))
    return se;
  if (r->n_paths < 2 || !isfinite (sm->q[GW_Q_P75] - sm->q[GW_Q_P25]))
    return NAN;
  return (sm->q[GW_Q_P75] - sm->q[GW_Q_P25]) / sqrt (r->n_paths);
}

static char *
format_error (GwUnit unit,
              double se)
{
  g_autofree char *v = NULL;

  if (!isfinite (se))
    return NULL;
  v = gw_format_unit_value (unit, se);
  /* TRANSLATORS: a standard error beside a number: "± $0.02/h" */
  return g_strdup_printf (_("± %s"), v);
}

/* @sm over all paths, and @filtered (nullable) over the paths a filter
 * keeps; @output as gw_statistic_parse() reads it, for standard errors. */
static void
set_card_summary (GwStatCard      *card,
                  const char      *title,
                  GwUnit           unit,
                  GwResults       *r,
                  const char      *output,
                  const GwSummary *sm,
                  GwResults       *filtered,
                  const GwSummary *fsm)
{
  g_autofree char *p10 = gw_format_unit_value (unit, sm->q[GW_Q_P10]);
  g_autofree char *p50 = gw_format_unit_value (unit, sm->q[GW_Q_P50]);
  g_autofree char *p90 = gw_format_unit_value (unit, sm->q[GW_Q_P90]);
  g_autofree char *range = g_strdup_printf (_("P10 %s · P90 %s"), p10, p90);
  g_autofree char *se = format_error (unit, median_error (r, output, sm));
  g_autofree char *kept = NULL;

  gw_stat_card_set (card, title, p50, range);
  gw_stat_card_set_error (card, se);
  if (filtered != NULL && fsm != NULL && isfinite (fsm->q[GW_Q_P50]))
    {
      g_autofree char *f10 = gw_format_unit_value (unit, fsm->q[GW_Q_P10]);
      g_autofree char *f50 = gw_format_unit_value (unit, fsm->q[GW_Q_P50]);
      g_autofree char *f90 = gw_format_unit_value (unit, fsm->q[GW_Q_P90]);
      g_autofree char *fse = format_error (unit, median_error (filtered, output, fsm));

      /* TRANSLATORS: the P50 of the paths a filter keeps and its
       * standard error: "Filtered $1.80/h ± $0.05/h" */
      g_autofree char *line1 = g_strdup_printf (_("Filtered %s %s"), f50, fse ? fse : "");
      g_autofree char *line2 = g_strdup_printf (_("P10 %s · P90 %s"), f10, f90);

      kept = g_strdup_printf ("%s\n%s", line1, line2);
    }
  gw_stat_card_set_filtered (card, kept);
}

static void
update_cards (GwOverviewPage *self,
              GwResults      *r,
              GwResults      *f,
              const char     *provider,
              const char     *end)
{
  g_autofree char *end_q = gw_quarter_format (r->plan->scenario->info.start + (int) r->plan->T - 1);
  int x;

  x = gw_plan_find_scalar (r->plan, "price_horizon", NULL);
  if (x >= 0)
    {
      g_autofree char *title = g_strdup_printf (_("GPU-hour price, %s"), end);

      set_card_summary (self->price_card, title, GW_UNIT_PRICE, r, "price_horizon",
                        &r->scalars[x], f, f ? &f->scalars[x] : NULL);
    }
  x = gw_plan_find_series (r->plan, "revenue", provider);
  if (x >= 0)
    {
      g_autofree char *output = g_strdup_printf ("revenue@%s:%s", provider, end_q);
      /* TRANSLATORS: "CoreWeave revenue, 2032Q4"; "Hyperscalers imputed rental value, 2032Q4" */
      g_autofree char *title = gw_chart_provider_imputed (r->plan,
                                                          gw_plan_series_provider (r->plan, x))
                               ? g_strdup_printf (_("%s imputed rental value, %s"), provider, end)
                               : g_strdup_printf (_("%s revenue, %s"), provider, end);

      set_card_summary (self->revenue_card, title, GW_UNIT_MONEY, r, output,
                        gw_results_summary (r, x, r->plan->T - 1), f,
                        f ? gw_results_summary (f, x, r->plan->T - 1) : NULL);
    }
  x = gw_plan_find_series (r->plan, "ebitda", provider);
  if (x >= 0)
    {
      g_autofree char *output = g_strdup_printf ("ebitda@%s:%s", provider, end_q);
      g_autofree char *title = g_strdup_printf (_("%s EBITDA, %s"), provider, end);

      set_card_summary (self->ebitda_card, title, GW_UNIT_MONEY, r, output,
                        gw_results_summary (r, x, r->plan->T - 1), f,
                        f ? gw_results_summary (f, x, r->plan->T - 1) : NULL);
    }
  x = gw_plan_find_scalar (r->plan, "npv", provider);
  if (x >= 0)
    {
      g_autofree char *output = g_strdup_printf ("npv@%s", provider);
      g_autofree char *title = g_strdup_printf (_("%s NPV"), provider);

      set_card_summary (self->npv_card, title, GW_UNIT_MONEY, r, output, &r->scalars[x], f,
                        f ? &f->scalars[x] : NULL);
    }
  x = gw_plan_find_scalar (r->plan, "min_dscr", provider);
  if (x >= 0)
    {
      g_autofree char *output = g_strdup_printf ("min_dscr@%s", provider);
      g_autofree char *title = g_strdup_printf (_("%s minimum DSCR"), provider);
      g_autofree char *title2 = g_strdup_printf (_("P(%s minimum DSCR < 1)"), provider);
      double prob = gw_results_probability (r, x, 1.0, TRUE);
      g_autofree char *p = gw_format_percent (prob, 1);
      g_autofree char *p_se = gw_format_percent (sqrt (prob * (1 - prob) / MAX (r->n_paths, 1)),
                                                 1);
      g_autofree char *p_se_text = g_strdup_printf (_("± %s"), p_se);
      g_autofree char *n_text = gw_format_grouped (r->n_paths, 0);
      g_autofree char *paths = g_strdup_printf (ngettext ("of %s path", "of %s paths",
                                                          r->n_paths), n_text);
      g_autofree char *kept = NULL;

      set_card_summary (self->min_dscr_card, title, GW_UNIT_RATIO, r, output, &r->scalars[x],
                        f, f ? &f->scalars[x] : NULL);
      gw_stat_card_set (self->p_dscr_card, title2, p, paths);
      gw_stat_card_set_error (self->p_dscr_card, p_se_text);
      if (f != NULL)
        {
          double fp = gw_results_probability (f, x, 1.0, TRUE);
          g_autofree char *fp_text = gw_format_percent (fp, 1);
          g_autofree char *fse = gw_format_percent (sqrt (fp * (1 - fp) / MAX (f->n_paths, 1)),
                                                    1);

          g_autofree char *f_paths = gw_format_grouped (f->n_paths, 0);

          /* TRANSLATORS: "Filtered 61.2% ± 1.0% of 2,468 paths" */
          kept = g_strdup_printf (ngettext ("Filtered %s ± %s of %s path",
                                            "Filtered %s ± %s of %s paths", f->n_paths),
                                  fp_text, fse, f_paths);
        }
      gw_stat_card_set_filtered (self->p_dscr_card, kept);
    }
}

/* The paths a filter keeps, beside the whole: the cards' second line and
 * every chart's overlay. Where the filter keeps none the charts get
 * results of no path, and say so. */
static void
show_filtered (GwOverviewPage *self)
{
  GwResults *f;
  g_autoptr(GwResults) none = NULL;
  g_autofree char *end = NULL;

  /* (the window may update a page that is being disposed) */
  if (self->results == NULL || self->results->deterministic || self->filter_bar == NULL)
    return;
  f = gw_filter_bar_get_filtered (self->filter_bar);
  end = gw_quarter_format (self->results->plan->scenario->info.start
                           + (int) self->results->plan->T - 1);
  update_cards (self, self->results, f, self->provider, end);
  if (f == NULL && gw_filter_bar_keeps_none (self->filter_bar))
    none = gw_results_new (gw_plan_copy (self->results->plan), 0);
  for (guint i = 0; i < self->charts->len; i++)
    if (GW_IS_CHART_CARD (self->charts->pdata[i]))
      gw_chart_view_set_filtered_results (gw_chart_card_get_view (self->charts->pdata[i]),
                                          f != NULL ? f : none);
  for (guint i = 0; i < self->followed->len; i++)
    gw_chart_view_set_filtered_results (gw_chart_card_get_view (self->followed->pdata[i]),
                                        f != NULL ? f : none);
}

/* The series that @card draws of the filtered paths, into @all once each. */
static void
add_filter_series (GArray    *all,
                   GtkWidget *card)
{
  GwChartView *view = gw_chart_card_get_view (GW_CHART_CARD (card));
  g_autoptr(GArray) series = gw_chart_get_filtered_series (gw_chart_view_get_chart (view));

  for (guint k = 0; k < series->len; k++)
    {
      guint s = g_array_index (series, guint, k);
      gboolean seen = FALSE;

      for (guint j = 0; j < all->len && !seen; j++)
        seen = g_array_index (all, guint, j) == s;
      if (!seen)
        g_array_append_val (all, s);
    }
}

/* Asks the filter for what every chart draws of its paths: the series of
 * each chart as it is now (the charts' choices change them). */
static void
update_filter_series (GwOverviewPage *self)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->filter_bar == NULL || self->charts == NULL || self->followed == NULL)
    return;
  for (guint i = 0; i < self->charts->len; i++)
    if (GW_IS_CHART_CARD (self->charts->pdata[i]))
      add_filter_series (all, self->charts->pdata[i]);
  for (guint i = 0; i < self->followed->len; i++)
    add_filter_series (all, self->followed->pdata[i]);
  gw_filter_bar_set_series (self->filter_bar, (const guint *) all->data, all->len);
}

static void
filtered_cb (GwOverviewPage *self)
{
  show_filtered (self);
}

/**
 * gw_overview_page_update:
 * @results: (nullable): the latest results; without them the cards keep
 *   what they showed
 * @provider: the focus provider of the per-provider cards and charts
 */
void
gw_overview_page_update (GwOverviewPage   *self,
                         const GwScenario *s,
                         GwResults        *results,
                         const char       *provider)
{
  g_autofree char *start = gw_quarter_format (s->info.start);
  g_autofree char *end = gw_quarter_format (s->info.start + s->info.horizon - 1);
  g_autofree char *meta = g_strdup_printf (_("%s to %s · %d quarters · %u inputs"), start, end,
                                           s->info.horizon, gw_scenario_n_slots (s));

  g_return_if_fail (GW_IS_OVERVIEW_PAGE (self));

  gtk_label_set_text (self->title, s->info.name);
  gtk_label_set_text (self->description, s->info.description);
  gtk_widget_set_visible (GTK_WIDGET (self->description), s->info.description[0] != '\0');
  gtk_label_set_text (self->meta, meta);
  fill_focus (self, s, provider);
  for (guint i = 0; i < self->charts->len; i++)
    {
      gw_chart_slot_set_provider (self->charts->pdata[i], provider);
      gw_chart_slot_set_results (self->charts->pdata[i], results, s);
    }
  if (results != NULL && self->filter_bar != NULL)
    {
      gw_results_ref (results);
      g_clear_pointer (&self->results, gw_results_unref);
      self->results = results;
      g_free (self->provider);
      self->provider = g_strdup (provider);
      gw_filter_bar_set_results (self->filter_bar, results, provider);
      update_filter_series (self);
      update_cards (self, results, gw_filter_bar_get_filtered (self->filter_bar), provider, end);
      show_filtered (self);
    }
}

/**
 * gw_overview_page_follow_chart:
 * @card: a #GwChartCard of another page (a section's)
 *
 * The page's filter of paths reaches @card too: the series it draws are
 * simulated again for the filtered paths, and it draws them beside the
 * whole. Keeps a reference.
 */
void
gw_overview_page_follow_chart (GwOverviewPage *self,
                               GtkWidget      *card)
{
  g_return_if_fail (GW_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (GW_IS_CHART_CARD (card));

  g_ptr_array_add (self->followed, g_object_ref (card));
  g_signal_connect_object (gw_chart_card_get_view (GW_CHART_CARD (card)), "spec-changed",
                           G_CALLBACK (update_filter_series), self, G_CONNECT_SWAPPED);
}

/**
 * gw_overview_page_get_filter_bar:
 *
 * Returns: (transfer none): the page's filter of paths
 */
GwFilterBar *
gw_overview_page_get_filter_bar (GwOverviewPage *self)
{
  g_return_val_if_fail (GW_IS_OVERVIEW_PAGE (self), NULL);
  return self->filter_bar;
}

static void
gw_overview_page_dispose (GObject *object)
{
  GwOverviewPage *self = GW_OVERVIEW_PAGE (object);

  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->followed, g_ptr_array_unref);
  g_clear_pointer (&self->results, gw_results_unref);
  g_clear_pointer (&self->provider, g_free);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (gw_overview_page_parent_class)->dispose (object);
}

static void
gw_overview_page_class_init (GwOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_overview_page_dispose;

  gw_ui_init ();
  g_type_ensure (GW_TYPE_STAT_CARD);
  g_type_ensure (GW_TYPE_FILTER_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, title);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, description);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, meta);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, price_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, revenue_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, ebitda_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, npv_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, min_dscr_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, p_dscr_card);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, focus_drop);
  gtk_widget_class_bind_template_child (widget_class, GwOverviewPage, filter_bar);
}

static void
gw_overview_page_init (GwOverviewPage *self)
{
  /* At the neocloud scale: the market price against its cost anchor, the
   * neoclouds' revenue, then the focus provider's leverage, cash, revenue
   * and debt service. */
  static const GwChartSlot kinds[] = {
    GW_SLOT_PRICE_FAN, GW_SLOT_REVENUE_LINES, GW_SLOT_LEVERAGE, GW_SLOT_WATERFALL,
    GW_SLOT_PROVIDER_REVENUE, GW_SLOT_MIN_DSCR,
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->focus_drop, "notify::selected", G_CALLBACK (focus_selected_cb), self);
  /* (the bar's filter may finish after the page is gone) */
  g_signal_connect_object (self->filter_bar, "notify::filtered", G_CALLBACK (filtered_cb), self,
                           G_CONNECT_SWAPPED);
  /* gigawatt --filter (hidden; screenshots and scripts): conditions
   * separated by semicolons */
  {
    const char *preset = gw_app_options_get_filter ();
    g_auto(GStrv) conditions = g_strsplit (preset ? preset : "", ";", -1);

    for (guint i = 0; conditions[i] != NULL; i++)
      if (g_strstrip (conditions[i])[0] != '\0'
          && !gw_filter_bar_add_condition (self->filter_bar, conditions[i]))
        g_message ("--filter: “%s” is not a condition", conditions[i]);
  }
  self->charts = g_ptr_array_new ();
  self->followed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *chart = gw_window_create_chart (kinds[i], "CoreWeave");

      g_ptr_array_add (self->charts, chart);
      gtk_grid_attach (self->charts_grid, chart, i % 2, i / 2, 1, 1);
      g_signal_connect_swapped (gw_chart_card_get_view (GW_CHART_CARD (chart)), "spec-changed",
                                G_CALLBACK (update_filter_series), self);
    }
}

GtkWidget *
gw_overview_page_new (void)
{
  return g_object_new (GW_TYPE_OVERVIEW_PAGE, NULL);
}

/**
 * gw_overview_page_set_document:
 *
 * The page's drop-down and charts choose in @document's view.
 */
void
gw_overview_page_set_document (GwOverviewPage *self,
                               GwDocument     *document)
{
  g_return_if_fail (GW_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (GW_IS_DOCUMENT (document));
  g_set_object (&self->document, document);
  for (guint i = 0; i < self->charts->len; i++)
    gw_chart_card_set_document (self->charts->pdata[i], document);
}

/**
 * gw_overview_page_get_focus_provider:
 *
 * Returns: (nullable): the focus provider chosen in the document, or %NULL
 *   before a choice
 */
const char *
gw_overview_page_get_focus_provider (GwOverviewPage *self)
{
  g_return_val_if_fail (GW_IS_OVERVIEW_PAGE (self), NULL);
  return self->document != NULL ? gw_document_get_focus_provider (self->document) : NULL;
}

/**
 * gw_overview_page_set_focus_provider:
 * @provider: (nullable): a provider's name, or %NULL for the window's default
 *
 * Chooses the document's focus provider, as the drop-down does; the window
 * follows #GwDocument:focus-provider and updates the page.
 */
void
gw_overview_page_set_focus_provider (GwOverviewPage *self,
                                     const char     *provider)
{
  g_return_if_fail (GW_IS_OVERVIEW_PAGE (self));
  if (self->document != NULL)
    gw_document_set_focus_provider (self->document, provider);
}
