/* gw-compare-table.c: the comparison page's table of key numbers
 *
 * One section per output (a series at a quarter, a per-path output): a
 * heading, then a row per variant with its P10, P50, P90 and mean, and
 * against the first variant (the reference) the difference of medians,
 * the median of the per-path difference and the share of paths on which
 * it is higher (common random numbers). A series' per-path difference
 * takes its column simulated again (gw_comparison_get_column()): until
 * that is done its two cells say so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-compare-table.h"
#include "gw-ui.h"

/* The chart core's category colours (gw-chart.c), light and dark: the
 * table's swatch of a variant is its colour on the charts. */
static const char * const light_colors[] = {
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c8c8c", "#f0e442",
};
static const char * const dark_colors[] = {
  "#529ee6", "#f2b333", "#33bf94", "#e094bf", "#8cccf5", "#f58038", "#b3b3b8", "#f2e666",
};

/* The colour of the @i-th variant on the charts. */
const char *
gw_compare_variant_color (guint    i,
                          gboolean dark)
{
  return (dark ? dark_colors : light_colors)[i % G_N_ELEMENTS (light_colors)];
}

static GtkWidget *
cell (GtkGrid    *grid,
      const char *text,
      int         column,
      int         row,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_widget_set_hexpand (label, column == 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static char *
format_delta (GwUnit unit,
              double v)
{
  g_autofree char *text = NULL;

  if (isnan (v))
    return g_strdup ("—");
  /* the sign before the unit: −$0.42/h, +$1.2B */
  text = gw_format_unit_value (unit, fabs (v));
  return g_strconcat (v > 0 ? "+" : v < 0 ? "−" : "", text, NULL);
}

static char *
format_share (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  /* TRANSLATORS: a share of paths, "63.2 %" */
  return g_strdup_printf (_("%.1f %%"), 100 * v);
}

/**
 * gw_compare_table_clear:
 *
 * Empties @grid and gives it the header row.
 *
 * Returns: the next row
 */
int
gw_compare_table_clear (GtkGrid *grid)
{
  static const char * const headers[] = {
    N_("Variant"), N_("P10"), N_("P50"), N_("P90"), N_("Mean"), N_("Δ median"),
    N_("Median of Δ per path"), N_("Higher on"),
  };
  static const char * const header_tips[] = {
    NULL, N_("10th percentile"), N_("Median"), N_("90th percentile"), N_("Mean across paths"),
    N_("The median less the reference's median"),
    N_("The median of the difference to the reference, path by path (common random numbers)"),
    N_("The share of paths on which the variant is higher than the reference"),
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = cell (grid, _(headers[c]), (int) c, 0, "caption-heading");

      if (header_tips[c] != NULL)
        gtk_widget_set_tooltip_text (label, _(header_tips[c]));
      gtk_widget_add_css_class (label, "dim-label");
    }
  return 1;
}

/* A variant's numbers for the section's output; FALSE while a series'
 * per-path values are still being simulated again. */
static gboolean
section_kpi (GwComparison *comparison,
             guint         i,
             int           series,
             int           t,
             int           scalar,
             GwCompareKpi *kpi)
{
  GwResults *ref = gw_comparison_get_results (comparison, 0);
  GwResults *r = gw_comparison_get_results (comparison, i);
  GBytes *a, *b;

  if (series < 0)
    {
      gw_compare_scalar_kpi (ref, r, (guint) scalar, kpi);
      return TRUE;
    }
  if (i == 0)
    {
      gw_compare_series_kpi (ref, r, (guint) series, (guint) t, NULL, NULL, kpi);
      return TRUE;
    }
  a = gw_comparison_get_column (comparison, 0, (guint) series * ref->plan->T + (guint) t);
  b = gw_comparison_get_column (comparison, i, (guint) series * r->plan->T + (guint) t);
  gw_compare_series_kpi (ref, r, (guint) series, (guint) t,
                         a != NULL && b != NULL ? g_bytes_get_data (a, NULL) : NULL,
                         a != NULL && b != NULL ? g_bytes_get_data (b, NULL) : NULL, kpi);
  return a != NULL && b != NULL;
}

/**
 * gw_compare_table_add_section:
 * @variants: the compared variants ("" the base scenario), the first the
 *   reference
 * @row: the grid row where the section starts
 * @heading: the output's name
 * @series: a series (with @t, its quarter from the run's start), or -1
 * @scalar: a per-path output where @series is -1
 *
 * Returns: the row after the section
 */
int
gw_compare_table_add_section (GtkGrid            *grid,
                              GwComparison       *comparison,
                              const char * const *variants,
                              int                 row,
                              const char         *heading,
                              GwUnit              unit,
                              int                 series,
                              int                 t,
                              int                 scalar)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkWidget *label = gtk_label_new (heading);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, row > 1 ? 8 : 0);
  gtk_grid_attach (grid, label, 0, row++, 8, 1);
  for (guint i = 0; variants[i] != NULL; i++)
    {
      GwCompareKpi kpi;
      g_autofree char *name = NULL;
      g_autofree char *p10 = NULL, *p50 = NULL, *p90 = NULL, *mean = NULL;
      g_autofree char *delta = NULL, *diff = NULL, *higher = NULL;
      GtkWidget *name_label;
      gboolean known;

      if (gw_comparison_get_results (comparison, i) == NULL
          || gw_comparison_get_results (comparison, 0) == NULL)
        continue;
      known = section_kpi (comparison, i, series, t, scalar, &kpi);
      name = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>  %s%s",
                                      gw_compare_variant_color (i, dark),
                                      gw_comparison_variant_label (variants[i]),
                                      i == 0 ? _(" (reference)") : "");
      name_label = cell (grid, "", 0, row, NULL);
      gtk_label_set_markup (GTK_LABEL (name_label), name);
      p10 = gw_format_unit_value (unit, kpi.p10);
      p50 = gw_format_unit_value (unit, kpi.p50);
      p90 = gw_format_unit_value (unit, kpi.p90);
      mean = gw_format_unit_value (unit, kpi.mean);
      cell (grid, p10, 1, row, NULL);
      cell (grid, p50, 2, row, NULL);
      cell (grid, p90, 3, row, NULL);
      cell (grid, mean, 4, row, NULL);
      if (i == 0)
        {
          cell (grid, "—", 5, row, "dim-label");
          cell (grid, "—", 6, row, "dim-label");
          cell (grid, "—", 7, row, "dim-label");
        }
      else if (!known)
        {
          delta = format_delta (unit, kpi.delta_p50);
          cell (grid, delta, 5, row, NULL);
          for (int c = 6; c <= 7; c++)
            gtk_widget_set_tooltip_text (cell (grid, "…", c, row, "dim-label"),
                                         _("Simulating the paths again for their differences"));
        }
      else
        {
          delta = format_delta (unit, kpi.delta_p50);
          diff = format_delta (unit, kpi.diff_p50);
          higher = format_share (kpi.p_higher);
          cell (grid, delta, 5, row, NULL);
          cell (grid, diff, 6, row, isnan (kpi.diff_p50) ? "dim-label" : NULL);
          cell (grid, higher, 7, row, isnan (kpi.p_higher) ? "dim-label" : NULL);
        }
      row++;
    }
  return row;
}
