/* gw-dist-popover.c: switch a number between a fixed value and a distribution
 *
 * Shows the distribution's shape, drawn from its inverse CDF, and its
 * P10/P50/P90 as the parameters are typed; "apply" hands the checked
 * distribution to whoever edits the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-dist-popover.h"
#include "gw-document.h"

#define N_KINDS 5
#define N_BINS 48

struct _GwDistPopover
{
  GtkPopover     parent_instance;

  GtkLabel      *title;
  GtkDropDown   *kind;
  GtkLabel      *param_labels[4];
  GtkEntry      *params[4];
  GtkDrawingArea *shape;
  GtkLabel      *quantiles;
  GtkLabel      *message;
  GtkButton     *apply;

  const GwField *field;
  GwDist         dist;
  gboolean       valid;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (GwDistPopover, gw_dist_popover, GTK_TYPE_POPOVER)

enum
{
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GwDistKind
selected_kind (GwDistPopover *self)
{
  return (GwDistKind) gtk_drop_down_get_selected (self->kind) + GW_DIST_FIXED;
}

static gboolean
parse_params (GwDistPopover *self,
              GwDist        *dist,
              char         **message)
{
  GwDistKind kind = selected_kind (self);

  dist->kind = kind;
  for (guint i = 0; i < gw_dist_n_params (kind); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->params[i]));
      GwFieldValue v;
      GwField plain = { .type = GW_FIELD_REAL, .min = -INFINITY, .max = INFINITY };
      g_autofree char *problem = NULL;

      if (text[0] == '\0' && gw_dist_param_optional (kind, i))
        {
          dist->p[i] = i == 2 ? -INFINITY : INFINITY;
          continue;
        }
      plain.min = -G_MAXDOUBLE;
      plain.max = G_MAXDOUBLE;
      if (!gw_field_parse (&plain, text, &v, &problem))
        {
          *message = g_strdup_printf (_("%s: %s"), gw_dist_param_name (kind, i), problem);
          return FALSE;
        }
      dist->p[i] = v.real;
    }
  *message = gw_dist_check_params (dist);
  if (*message == NULL && self->field != NULL)
    *message = gw_field_check_value (self->field, dist);
  return *message == NULL;
}

static void
update (GwDistPopover *self)
{
  g_autofree char *message = NULL;
  GwDist dist = { 0 };

  self->valid = parse_params (self, &dist, &message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply), self->valid);
  gtk_label_set_text (self->message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL);
  if (self->valid)
    {
      g_autofree char *p10 = gw_format_si (gw_dist_icdf (&dist, 0.1), 3);
      g_autofree char *p50 = gw_format_si (gw_dist_icdf (&dist, 0.5), 3);
      g_autofree char *p90 = gw_format_si (gw_dist_icdf (&dist, 0.9), 3);
      g_autofree char *text = g_strdup_printf (_("P10 %s · P50 %s · P90 %s"), p10, p50, p90);

      self->dist = dist;
      gtk_label_set_text (self->quantiles, text);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->shape));
}

static void
show_params (GwDistPopover *self)
{
  GwDistKind kind = selected_kind (self);

  for (guint i = 0; i < 4; i++)
    {
      gboolean shown = i < gw_dist_n_params (kind);

      gtk_widget_set_visible (GTK_WIDGET (self->params[i]), shown);
      gtk_widget_set_visible (GTK_WIDGET (self->param_labels[i]), shown);
      if (shown)
        {
          const char *name = gw_dist_param_name (kind, i);
          g_autofree char *label = gw_dist_param_optional (kind, i)
                                   ? g_strdup_printf (_("%s (optional)"), name)
                                   : g_strdup (name);

          gtk_label_set_text (self->param_labels[i], label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->params[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        }
    }
}

static void
fill_params (GwDistPopover *self,
             const GwDist  *dist)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->kind, dist->kind - GW_DIST_FIXED);
  show_params (self);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = NULL;

      if (i < gw_dist_n_params (dist->kind) && isfinite (dist->p[i]))
        text = gw_format_number (dist->p[i]);
      gtk_editable_set_text (GTK_EDITABLE (self->params[i]), text ? text : "");
    }
  self->updating = FALSE;
  update (self);
}

/* Switching the kind keeps the centre and gives a modest spread to edit. */
static void
kind_changed_cb (GwDistPopover *self)
{
  double c, w;
  GwDist d;

  if (self->updating)
    return;
  c = gw_dist_is_set (&self->dist) ? gw_dist_central (&self->dist) : 1;
  w = c != 0 ? fabs (c) * 0.2 : 1;
  switch (selected_kind (self))
    {
    case GW_DIST_UNIFORM: d = gw_dist_uniform (c - w, c + w); break;
    case GW_DIST_TRIANGULAR: d = gw_dist_triangular (c - w, c, c + w); break;
    case GW_DIST_NORMAL: d = gw_dist_normal (c, w / 2, -INFINITY, INFINITY); break;
    case GW_DIST_LOGNORMAL: d = gw_dist_lognormal (c > 0 ? c * 0.8 : 0.8, c > 0 ? c * 1.25 : 1.25);
      break;
    default: d = gw_dist_fixed (c); break;
    }
  fill_params (self, &d);
}

static void
param_changed_cb (GwDistPopover *self)
{
  if (!self->updating)
    update (self);
}

static void
apply_clicked_cb (GwDistPopover *self)
{
  if (!self->valid)
    return;
  g_signal_emit (self, signals[APPLY], 0, &self->dist);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
draw_shape_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  GwDistPopover *self = user_data;
  GdkRGBA color;
  double lo, hi, bins[N_BINS] = { 0 }, peak = 0;
  const guint n = 4000;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  if (!self->valid)
    return;
  lo = gw_dist_icdf (&self->dist, 0.002);
  hi = gw_dist_icdf (&self->dist, 0.998);
  cairo_set_line_width (cr, 2);
  if (!(hi > lo))
    {
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1);
      cairo_move_to (cr, width / 2.0, height);
      cairo_line_to (cr, width / 2.0, 4);
      cairo_stroke (cr);
      return;
    }
  /* Equal-probability quantiles binned on a uniform x grid give the density. */
  for (guint i = 0; i < n; i++)
    {
      double x = gw_dist_icdf (&self->dist, (i + 0.5) / n);
      int b = (int) ((x - lo) / (hi - lo) * N_BINS);

      if (b >= 0 && b < N_BINS)
        bins[b] += 1;
    }
  for (guint b = 0; b < N_BINS; b++)
    peak = MAX (peak, bins[b]);
  cairo_move_to (cr, 0, height);
  for (guint b = 0; b < N_BINS; b++)
    cairo_line_to (cr, (b + 0.5) * width / N_BINS, height - bins[b] / peak * (height - 6));
  cairo_line_to (cr, width, height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1);
  cairo_stroke (cr);

  /* P10, P50, P90 ticks */
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &color);
  for (guint i = 0; i < 3; i++)
    {
      static const double u[] = { 0.1, 0.5, 0.9 };
      double x = (gw_dist_icdf (&self->dist, u[i]) - lo) / (hi - lo) * width;

      cairo_move_to (cr, round (x) + 0.5, height);
      cairo_line_to (cr, round (x) + 0.5, height - 10);
    }
  cairo_stroke (cr);
}

static void
gw_dist_popover_class_init (GwDistPopoverClass *klass)
{
  /**
   * GwDistPopover::apply:
   * @dist: (type gpointer): the checked #GwDist
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
gw_dist_popover_init (GwDistPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *kind_label;
  const char *kinds[N_KINDS + 1] = { NULL };

  for (guint i = 0; i < N_KINDS; i++)
    kinds[i] = gw_dist_kind_label (GW_DIST_FIXED + i);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_size_request (box, 300, -1);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_label_set_xalign (self->title, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  kind_label = gtk_label_new (_("Distribution"));
  gtk_label_set_xalign (GTK_LABEL (kind_label), 1);
  gtk_widget_add_css_class (kind_label, "dim-label");
  self->kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Distribution"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->kind), TRUE);
  g_signal_connect_swapped (self->kind, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  gtk_grid_attach (GTK_GRID (grid), kind_label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->kind), 1, 0, 1, 1);
  for (guint i = 0; i < 4; i++)
    {
      self->param_labels[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->param_labels[i], 1);
      gtk_widget_add_css_class (GTK_WIDGET (self->param_labels[i]), "dim-label");
      self->params[i] = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_activates_default (self->params[i], TRUE);
      g_signal_connect_swapped (self->params[i], "changed", G_CALLBACK (param_changed_cb), self);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->param_labels[i]), 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->params[i]), 1, i + 1, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);

  self->shape = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_height (self->shape, 72);
  gtk_drawing_area_set_draw_func (self->shape, draw_shape_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shape), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shape of the distribution"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->shape), "dist-shape");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->shape));

  self->quantiles = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->quantiles), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->quantiles));

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_max_width_chars (self->message, 36);
  gtk_label_set_xalign (self->message, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  self->apply = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Apply")));
  gtk_widget_add_css_class (GTK_WIDGET (self->apply), "suggested-action");
  gtk_widget_set_halign (GTK_WIDGET (self->apply), GTK_ALIGN_END);
  g_signal_connect_swapped (self->apply, "clicked", G_CALLBACK (apply_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->apply));

  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_default_widget (GTK_POPOVER (self), GTK_WIDGET (self->apply));
}

GtkWidget *
gw_dist_popover_new (void)
{
  return g_object_new (GW_TYPE_DIST_POPOVER, NULL);
}

void
gw_dist_popover_set_dist (GwDistPopover *self,
                          const GwField *field,
                          const GwDist  *dist)
{
  g_autofree char *title = NULL;
  GwDist d = *dist;

  self->field = field;
  if (field->unit != NULL)
    title = g_strdup_printf ("%s (%s)", _(field->label), _(field->unit));
  else
    title = g_strdup (_(field->label));
  gtk_label_set_text (self->title, title);
  {
    g_autofree char *range = gw_field_format_valid (field);
    /* TRANSLATORS: a field's description, then its valid range: "…\nValid range: [0, 1]" */
    g_autofree char *tip = g_strdup_printf (_("%s\nValid range: %s"), _(field->blurb), range);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), tip);
  }
  if (!gw_dist_is_set (&d))
    d = gw_dist_fixed (0);
  self->dist = d;
  fill_params (self, &d);
}

gboolean
gw_dist_popover_get_dist (GwDistPopover *self,
                          GwDist        *dist,
                          char         **message)
{
  return parse_params (self, dist, message);
}

/* The P10/P50/P90 line as shown. */
const char *
gw_dist_popover_get_summary (GwDistPopover *self)
{
  return gtk_label_get_text (self->quantiles);
}

/* What is wrong with the parameters, or "" */
const char *
gw_dist_popover_get_message (GwDistPopover *self)
{
  return gtk_label_get_text (self->message);
}

void
gw_dist_popover_set_kind (GwDistPopover *self,
                          GwDistKind     kind)
{
  gtk_drop_down_set_selected (self->kind, kind - GW_DIST_FIXED);
}

void
gw_dist_popover_set_param (GwDistPopover *self,
                           guint          index,
                           const char    *text)
{
  g_return_if_fail (index < 4);
  gtk_editable_set_text (GTK_EDITABLE (self->params[index]), text);
}

/* Does what the Apply button does; FALSE when the parameters are invalid. */
gboolean
gw_dist_popover_apply (GwDistPopover *self)
{
  if (!self->valid)
    return FALSE;
  apply_clicked_cb (self);
  return TRUE;
}
