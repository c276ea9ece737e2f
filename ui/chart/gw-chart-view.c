/* gw-chart-view.c: an interactive chart widget painted by the chart core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gw-chart-view.h"
#include "gw-engine.h"
#include "gw-explore.h"

/* the source tag and name of this file's tasks (a string: ISO C has no
 * conversion from a function pointer to gpointer) */
static const char threshold_tag[] = "gw_chart_view_threshold";
static const char ranking_tag[] = "gw_chart_view_ranking";

struct _GwChartView
{
  GtkWidget parent_instance;

  GwChart  *chart;
  double    drag_view0;
  double    drag_view1;
  double    drag_x0;
  gboolean  drag_threshold;
  gboolean  drag_line;
  double    drag_y0;
  double    pointer_x;

  /* A fan's threshold line: the replayed columns of cache_results, by
   * column index (GBytes of doubles), and the one replay in flight. */
  GwResults    *cache_results;
  GHashTable   *columns;
  gboolean      replaying;
  GCancellable *cancellable;
  /* a tornado's sensitivity, made on a worker: the results it is for */
  GwResults    *ranking;
};

G_DEFINE_FINAL_TYPE (GwChartView, gw_chart_view, GTK_TYPE_WIDGET)

enum
{
  QUARTER_SELECTED,
  THRESHOLD_CHANGED,
  THRESHOLD_LINE_CHANGED,
  SPEC_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_accessible (GwChartView *self)
{
  g_autofree char *text = gw_chart_describe (self->chart);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static gboolean
is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* Light text means a dark theme. */
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

static void
gw_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwChartView *self = GW_CHART_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  gw_chart_set_dark (self->chart, is_dark (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gw_chart_draw (self->chart, cr, w, h);
  cairo_destroy (cr);
}

/* Lays the chart out without a frame so hit-testing works before the
 * first paint (and in tests). */
static void
ensure_layout (GwChartView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_surface_t *surface;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  cairo_rectangle (cr, 0, 0, 0, 0);
  cairo_clip (cr);
  gw_chart_draw (self->chart, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void update_threshold (GwChartView *self);

static void
set_hover (GwChartView *self,
           int          t)
{
  g_autofree char *text = NULL;

  gw_chart_set_hover (self->chart, t);
  update_threshold (self);
  text = gw_chart_describe_quarter (self->chart, t);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The threshold line's probabilities: one column replayed at a time, on a
 * worker (gw_replay_column() simulates every path again); the columns are
 * kept per run, so moving the line or coming back to a quarter only counts. */

typedef struct
{
  GwResults *results;
  guint      column;
} Replay;

static void
replay_free (Replay *replay)
{
  gw_results_unref (replay->results);
  g_free (replay);
}

static void
replay_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Replay *replay = task_data;
  guint n = replay->results->n_paths;
  double *v = g_new (double, MAX (n, 1));

  gw_replay_column (replay->results->plan, n, NULL, replay->column, v);
  g_task_return_pointer (task, g_bytes_new_take (v, n * sizeof (double)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
replayed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwChartView *self = GW_CHART_VIEW (source);
  Replay *replay = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) column = g_task_propagate_pointer (G_TASK (result), NULL);

  if (column == NULL || self->chart == NULL)
    return;
  self->replaying = FALSE;
  /* a few series' worth of quarters, then start again */
  if (g_hash_table_size (self->columns) >= 128)
    g_hash_table_remove_all (self->columns);
  if (replay->results == self->cache_results)
    g_hash_table_insert (self->columns, GUINT_TO_POINTER (replay->column),
                         g_steal_pointer (&column));
  /* the words of the tooltip too, and the next quarter the pointer reached */
  set_hover (self, gw_chart_get_hover (self->chart));
}

static void
update_threshold (GwChartView *self)
{
  GwResults *results = gw_chart_get_results (self->chart);
  int t = G_MININT, column = -1;
  GBytes *bytes;
  GTask *task;
  Replay *replay;

  if (results != self->cache_results)
    {
      g_hash_table_remove_all (self->columns);
      g_clear_pointer (&self->cache_results, gw_results_unref);
      self->cache_results = results ? gw_results_ref (results) : NULL;
    }
  if (gw_chart_get_threshold_line (self->chart, NULL))
    {
      t = gw_chart_get_hover (self->chart);
      if (gw_chart_threshold_column (self->chart, t) < 0)
        t = gw_chart_get_selected (self->chart);
      column = gw_chart_threshold_column (self->chart, t);
    }
  if (column < 0)
    return;
  bytes = g_hash_table_lookup (self->columns, GINT_TO_POINTER (column));
  if (bytes != NULL)
    {
      gw_chart_set_threshold_column (self->chart, t, bytes);
      return;
    }
  if (self->replaying)
    return;
  self->replaying = TRUE;
  replay = g_new0 (Replay, 1);
  replay->results = gw_results_ref (results);
  replay->column = (guint) column;
  task = g_task_new (self, self->cancellable, replayed_cb, NULL);
  g_task_set_name (task, threshold_tag);
  g_task_set_source_tag (task, (gpointer) threshold_tag);
  g_task_set_task_data (task, replay, (GDestroyNotify) replay_free);
  gw_task_run_in_background (task, replay_thread);
  g_object_unref (task);
}

/* A tornado's sensitivity (2 deterministic paths per input and the ranks
 * of every kept input) is made on a worker, not in the main loop: the
 * chart says it is ranking until then. */

typedef struct
{
  GwResults *results;
  guint      scalar;
} Ranking;

static void
ranking_free (Ranking *ranking)
{
  gw_results_unref (ranking->results);
  g_free (ranking);
}

static void
ranking_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Ranking *ranking = task_data;
  /* kept with the results too, where the chart peeks at it */
  g_autoptr(GPtrArray) sens = gw_results_sensitivity (ranking->results, ranking->scalar, NULL);

  g_task_return_boolean (task, sens != NULL);
}

static void ensure_sensitivity (GwChartView *self);

static void
ranked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GwChartView *self = GW_CHART_VIEW (source);
  Ranking *ranking = g_task_get_task_data (G_TASK (result));
  gboolean made = g_task_propagate_boolean (G_TASK (result), NULL);

  if (self->chart == NULL)
    return;
  g_clear_pointer (&self->ranking, gw_results_unref);
  if (!made)
    return;
  if (ranking->results == gw_chart_get_results (self->chart))
    {
      gw_chart_refresh (self->chart);
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  /* the chart may have moved on to other results or another output */
  ensure_sensitivity (self);
}

static void
ensure_sensitivity (GwChartView *self)
{
  GwResults *results = gw_chart_get_results (self->chart);
  Ranking *ranking;
  GTask *task;
  guint scalar;

  if (self->ranking != NULL || !gw_chart_wants_sensitivity (self->chart, &scalar))
    return;
  ranking = g_new0 (Ranking, 1);
  ranking->results = gw_results_ref (results);
  ranking->scalar = scalar;
  self->ranking = gw_results_ref (results);
  task = g_task_new (self, self->cancellable, ranked_cb, NULL);
  g_task_set_name (task, ranking_tag);
  g_task_set_source_tag (task, (gpointer) ranking_tag);
  g_task_set_task_data (task, ranking, (GDestroyNotify) ranking_free);
  gw_task_run_in_background (task, ranking_thread);
  g_object_unref (task);
}

/* Within a few pixels of the threshold line, a drag moves it. */
static gboolean
near_line (GwChartView *self,
           double       y)
{
  double value;

  return gw_chart_get_threshold_line (self->chart, &value)
         && fabs (gw_chart_y_for_value (self->chart, value) - y) <= 6;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GwChartView              *self)
{
  self->pointer_x = x;
  ensure_layout (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), near_line (self, y) ? "ns-resize" : NULL);
  set_hover (self, gw_chart_hit_quarter (self->chart, x, y));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          GwChartView              *self)
{
  set_hover (self, G_MININT);
}

static void
select_quarter (GwChartView *self,
                int          t)
{
  gw_chart_set_selected (self->chart, t);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (t != G_MININT)
    g_signal_emit (self, signals[QUARTER_SELECTED], 0, t);
}

static void
toggle_item (GwChartView *self,
             guint        item)
{
  if (item >= gw_chart_n_items (self->chart))
    return;
  gw_chart_set_item_visible (self->chart, item, !gw_chart_get_item_visible (self->chart, item));
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GwChartView     *self)
{
  int item, t;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  ensure_layout (self);
  item = gw_chart_hit_legend (self->chart, x, y);
  if (item >= 0)
    {
      toggle_item (self, item);
      return;
    }
  /* Ctrl+click on a fan puts the threshold line there; a press on the line
   * starts dragging it, not a selection */
  if (gw_chart_get_spec (self->chart)->kind == GW_CHART_FAN
      && (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture))
          & GDK_CONTROL_MASK))
    {
      GwRect plot = gw_chart_get_plot_area (self->chart);

      if (y >= plot.y && y <= plot.y + plot.height)
        gw_chart_view_set_threshold_line (self, TRUE, gw_chart_value_at_y (self->chart, y));
      return;
    }
  if (near_line (self, y))
    return;
  t = gw_chart_hit_quarter (self->chart, x, y);
  if (t != G_MININT)
    select_quarter (self, t);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           GwChartView              *self)
{
  GwRect plot;
  double center;
  GwScale x;
  double a, b;

  if (!gw_chart_is_temporal (self->chart))
    return FALSE;
  ensure_layout (self);
  plot = gw_chart_get_plot_area (self->chart);
  gw_chart_get_view (self->chart, &a, &b);
  x = (GwScale) { a, b, plot.x, plot.x + plot.width };
  center = gw_scale_invert (&x, CLAMP (self->pointer_x, plot.x, plot.x + plot.width));
  if (dy != 0)
    gw_chart_zoom (self->chart, pow (1.15, dy), center);
  if (dx != 0)
    gw_chart_pan (self->chart, dx * (b - a) / 20);
  set_hover (self, G_MININT);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               GwChartView    *self)
{
  GwRect plot = gw_chart_get_plot_area (self->chart);
  double threshold, probability;

  gw_chart_get_view (self->chart, &self->drag_view0, &self->drag_view1);
  self->drag_x0 = x;
  self->drag_y0 = y;
  ensure_layout (self);
  self->drag_line = near_line (self, y)
                    || (gw_chart_get_threshold_line (self->chart, NULL)
                        && (gtk_event_controller_get_current_event_state (
                              GTK_EVENT_CONTROLLER (gesture)) & GDK_CONTROL_MASK));
  if (self->drag_line)
    return;
  /* On a histogram, a drag moves the threshold to the pointer. */
  self->drag_threshold = gw_chart_get_threshold (self->chart, &threshold, &probability)
                         && x >= plot.x && x <= plot.x + plot.width;
  if (self->drag_threshold)
    gw_chart_view_set_threshold (self, gw_chart_value_at_x (self->chart, x));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                GwChartView    *self)
{
  GwRect plot = gw_chart_get_plot_area (self->chart);
  double per_px;

  if (self->drag_line)
    {
      double y = CLAMP (self->drag_y0 + dy, plot.y, plot.y + plot.height);

      gw_chart_view_set_threshold_line (self, TRUE, gw_chart_value_at_y (self->chart, y));
      return;
    }
  if (self->drag_threshold)
    {
      gw_chart_view_set_threshold (self, gw_chart_value_at_x (self->chart, self->drag_x0 + dx));
      return;
    }
  if (!gw_chart_is_temporal (self->chart) || plot.width <= 0 || fabs (dx) < 3)
    return;
  per_px = (self->drag_view1 - self->drag_view0) / plot.width;
  gw_chart_set_view (self->chart, self->drag_view0 - dx * per_px, self->drag_view1 - dx * per_px);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GwChartView           *self)
{
  double a, b;
  int t = gw_chart_view_get_selected (self);

  gw_chart_get_view (self->chart, &a, &b);
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      gw_chart_zoom (self->chart, 1 / 1.5, t != G_MININT ? t : (a + b) / 2);
      break;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      gw_chart_zoom (self->chart, 1.5, t != G_MININT ? t : (a + b) / 2);
      break;
    case GDK_KEY_0:
    case GDK_KEY_Home:
      gw_chart_view_reset_zoom (self);
      break;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      {
        int dir = keyval == GDK_KEY_Left ? -1 : 1;

        if (state & GDK_SHIFT_MASK)
          {
            gw_chart_pan (self->chart, dir * MAX (1.0, (b - a) / 8));
            break;
          }
        t = t == G_MININT ? (int) ceil (a) : t + dir;
        t = CLAMP (t, (int) ceil (a), (int) floor (b));
        select_quarter (self, t);
        set_hover (self, t);
      }
      break;
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      {
        double value, lo, hi;

        /* the threshold line, by a fiftieth of the value axis */
        if (!gw_chart_get_threshold_line (self->chart, &value)
            || !gw_chart_get_value_range (self->chart, &lo, &hi))
          return FALSE;
        gw_chart_view_set_threshold_line (self, TRUE, value + (keyval == GDK_KEY_Up ? 1 : -1)
                                                              * (hi - lo) / 50);
      }
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (t != G_MININT)
        select_quarter (self, t);
      break;
    default:
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        {
          toggle_item (self, keyval - GDK_KEY_1);
          break;
        }
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
gw_chart_view_dispose (GObject *object)
{
  GwChartView *self = GW_CHART_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->cache_results, gw_results_unref);
  g_clear_pointer (&self->ranking, gw_results_unref);
  g_clear_pointer (&self->chart, gw_chart_free);
  G_OBJECT_CLASS (gw_chart_view_parent_class)->dispose (object);
}

static void
gw_chart_view_class_init (GwChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_chart_view_dispose;
  widget_class->snapshot = gw_chart_view_snapshot;

  signals[QUARTER_SELECTED] =
    g_signal_new ("quarter-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * GwChartView::threshold-changed:
   * @threshold: the histogram's new threshold
   * @probability: the share of paths beyond it
   */
  signals[THRESHOLD_CHANGED] =
    g_signal_new ("threshold-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * GwChartView::threshold-line-changed:
   *
   * A fan's threshold line was placed, moved or taken away
   * (gw_chart_view_get_threshold_line()).
   */
  signals[THRESHOLD_LINE_CHANGED] =
    g_signal_new ("threshold-line-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GwChartView::spec-changed:
   *
   * The view shows another chart (gw_chart_view_set_spec()): what it
   * needs of a filter's paths (gw_chart_get_filtered_series()) may have
   * changed with it.
   */
  signals[SPEC_CHANGED] =
    g_signal_new ("spec-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "gw-chart-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_chart_view_init (GwChartView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->chart = gw_chart_new ();
  gw_chart_set_lazy_sensitivity (self->chart, TRUE);
  self->columns = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, 220);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
gw_chart_view_new (void)
{
  return g_object_new (GW_TYPE_CHART_VIEW, NULL);
}

void
gw_chart_view_set_spec (GwChartView       *self,
                        const GwChartSpec *spec)
{
  gboolean had_line;

  g_return_if_fail (GW_IS_CHART_VIEW (self));
  had_line = gw_chart_get_threshold_line (self->chart, NULL);
  gw_chart_set_spec (self->chart, spec);
  ensure_sensitivity (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (had_line != gw_chart_get_threshold_line (self->chart, NULL))
    g_signal_emit (self, signals[THRESHOLD_LINE_CHANGED], 0);
  g_signal_emit (self, signals[SPEC_CHANGED], 0);
}

const GwChartSpec *
gw_chart_view_get_spec (GwChartView *self)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), NULL);
  return gw_chart_get_spec (self->chart);
}

/**
 * gw_chart_view_set_results:
 * @results: (nullable) (transfer none): the run to show
 *
 * Replaces the results in one step; until called, the previous results
 * stay on screen.
 */
void
gw_chart_view_set_results (GwChartView *self,
                           GwResults   *results)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_results (self->chart, results);
  ensure_sensitivity (self);
  update_threshold (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwResults *
gw_chart_view_get_results (GwChartView *self)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), NULL);
  return gw_chart_get_results (self->chart);
}

/**
 * gw_chart_view_set_filtered_results:
 * @results: (nullable): see gw_chart_set_filtered_results()
 */
void
gw_chart_view_set_filtered_results (GwChartView *self,
                                    GwResults   *results)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_filtered_results (self->chart, results);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_chart_view_set_compare_results (GwChartView *self,
                                   GwResults   *results)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_compare_results (self->chart, results);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gw_chart_view_set_scenario:
 * @scenario: (nullable): the scenario, for its actuals and sources (copied)
 */
void
gw_chart_view_set_scenario (GwChartView      *self,
                            const GwScenario *scenario)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_scenario (self->chart, scenario);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
gw_chart_view_get_selected (GwChartView *self)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), G_MININT);
  return gw_chart_get_selected (self->chart);
}

int
gw_chart_view_get_hover (GwChartView *self)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), G_MININT);
  return gw_chart_get_hover (self->chart);
}

gboolean
gw_chart_view_get_item_visible (GwChartView *self,
                                guint        item)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), FALSE);
  return gw_chart_get_item_visible (self->chart, item);
}

void
gw_chart_view_set_item_visible (GwChartView *self,
                                guint        item,
                                gboolean     visible)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_item_visible (self->chart, item, visible);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_chart_view_get_visible_range (GwChartView *self,
                                 double      *first,
                                 double      *last)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_get_view (self->chart, first, last);
}

void
gw_chart_view_reset_zoom (GwChartView *self)
{
  double a, b;

  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_get_time_domain (self->chart, &a, &b);
  gw_chart_set_view (self->chart, a, b);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gw_chart_view_export (GwChartView *self,
                      const char  *file,
                      double       width,
                      double       height,
                      double       dpi,
                      GError     **error)
{
  GwChartFormat format;
  gboolean ok;
  int hover, selected;

  g_return_val_if_fail (GW_IS_CHART_VIEW (self), FALSE);
  if (g_str_has_suffix (file, ".csv"))
    return gw_chart_write_csv (self->chart, file, error);
  if (!gw_chart_format_from_name (file, &format))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("Cannot export to “%s”: use a name ending in .png, .svg, .pdf or .csv"),
                   file);
      return FALSE;
    }
  /* A file is for print: light colours, no hover. */
  hover = gw_chart_get_hover (self->chart);
  selected = gw_chart_get_selected (self->chart);
  gw_chart_set_hover (self->chart, G_MININT);
  gw_chart_set_selected (self->chart, G_MININT);
  gw_chart_set_dark (self->chart, FALSE);
  ok = gw_chart_export (self->chart, file, format, width, height, dpi, error);
  gw_chart_set_hover (self->chart, hover);
  gw_chart_set_selected (self->chart, selected);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return ok;
}

/**
 * gw_chart_view_render_texture:
 * @width: in CSS pixels
 * @scale: device pixels per CSS pixel
 *
 * The chart as shown (hidden items, zoom), in light colours and without
 * the pointer's highlight, as an image for the clipboard.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
GdkTexture *
gw_chart_view_render_texture (GwChartView *self,
                              double       width,
                              double       height,
                              double       scale,
                              GError     **error)
{
  cairo_surface_t *surface;
  GdkTexture *texture = NULL;
  int hover, selected;

  g_return_val_if_fail (GW_IS_CHART_VIEW (self), NULL);
  hover = gw_chart_get_hover (self->chart);
  selected = gw_chart_get_selected (self->chart);
  gw_chart_set_hover (self->chart, G_MININT);
  gw_chart_set_selected (self->chart, G_MININT);
  gw_chart_set_dark (self->chart, FALSE);
  surface = gw_chart_render_image (self->chart, width, height, scale, error);
  gw_chart_set_hover (self->chart, hover);
  gw_chart_set_selected (self->chart, selected);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (surface != NULL)
    {
      int w = cairo_image_surface_get_width (surface);
      int h = cairo_image_surface_get_height (surface);
      int stride = cairo_image_surface_get_stride (surface);
      g_autoptr(GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                                             (gsize) stride * h);

      /* cairo's ARGB32 is premultiplied, in native-endian words */
      texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
      cairo_surface_destroy (surface);
    }
  return texture;
}

/**
 * gw_chart_view_set_threshold:
 *
 * Moves a histogram's threshold, as a drag on it does, and emits
 * "threshold-changed" with the new threshold and the probability beyond it.
 */
void
gw_chart_view_set_threshold (GwChartView *self,
                             double       threshold)
{
  double t, p;

  g_return_if_fail (GW_IS_CHART_VIEW (self));
  gw_chart_set_threshold (self->chart, threshold);
  if (gw_chart_get_threshold (self->chart, &t, &p))
    g_signal_emit (self, signals[THRESHOLD_CHANGED], 0, t, p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwChart *
gw_chart_view_get_chart (GwChartView *self)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

/**
 * gw_chart_view_set_threshold_line:
 * @shown: whether a fan chart shows a horizontal threshold line
 * @value: its value, in the series' unit; NaN for the middle of the value
 *   axis, rounded, where the line was not placed before
 *
 * Shows the exact share of the run's paths below @value at the hovered (or
 * selected) quarter, as a Ctrl+click and a drag of the line do; emits
 * "threshold-line-changed".
 */
void
gw_chart_view_set_threshold_line (GwChartView *self,
                                  gboolean     shown,
                                  double       value)
{
  double old_value;
  gboolean old_shown;

  g_return_if_fail (GW_IS_CHART_VIEW (self));
  old_shown = gw_chart_get_threshold_line (self->chart, &old_value);
  if (isnan (value) && !isnan (old_value))
    value = old_value;
  else if (isnan (value))
    {
      double lo, hi, step;

      ensure_layout (self);
      if (!gw_chart_get_value_range (self->chart, &lo, &hi) || !(hi > lo))
        return;
      /* two significant digits of the middle */
      step = pow (10, floor (log10 (hi - lo)) - 1);
      value = round ((lo + hi) / 2 / step) * step;
    }
  gw_chart_set_threshold_line (self->chart, shown, value);
  if (old_shown == gw_chart_get_threshold_line (self->chart, &value) && old_value == value)
    return;
  set_hover (self, gw_chart_get_hover (self->chart));
  g_signal_emit (self, signals[THRESHOLD_LINE_CHANGED], 0);
}

/**
 * gw_chart_view_get_threshold_line:
 * @value: (out) (optional): the line's value
 *
 * Returns: whether the chart shows a threshold line
 */
gboolean
gw_chart_view_get_threshold_line (GwChartView *self,
                                  double      *value)
{
  g_return_val_if_fail (GW_IS_CHART_VIEW (self), FALSE);
  return gw_chart_get_threshold_line (self->chart, value);
}

/**
 * gw_chart_view_hover_quarter:
 * @t: a quarter, or G_MININT for none
 *
 * Shows @t as the pointer over it would, for scripts and screenshots.
 */
void
gw_chart_view_hover_quarter (GwChartView *self,
                             int          t)
{
  g_return_if_fail (GW_IS_CHART_VIEW (self));
  set_hover (self, t);
}
