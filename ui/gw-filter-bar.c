/* gw-filter-bar.c: the overview's filter of paths, and what drives a tail
 *
 * Conditions in words ("TPU beachhead happened", "Token growth < 3",
 * "CoreWeave: Minimum DSCR < 1"), each a chip that can be removed; "N of M
 * paths kept". On a worker thread it applies them (gw_filter_apply()),
 * replays the kept paths for the series the overview's cards and charts
 * show (gw_filter_bar_set_series(), gw_results_filtered()) and ranks the
 * inputs by how they differ in the worst 10% of the focus provider's NPV,
 * and in the kept paths (gw_drivers()). The overview shows
 * #GwFilterBar:filtered beside the whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "gigawatt-model.h"
#include "gw-engine.h"
#include "gw-explore.h"
#include "gw-filter-bar.h"
#include "gw-ui.h"

/* the source tag and name of this file's tasks (a string: ISO C has no
 * conversion from a function pointer to gpointer) */
static const char filter_tag[] = "gw_filter_bar_refilter";

/* the worst share of the focus provider's NPV whose drivers are shown */
#define TAIL_SHARE 0.1
#define MAX_DRIVERS 10

typedef enum
{
  SUBJECT_EVENT,
  SUBJECT_OUTCOME,
  SUBJECT_INPUT,
} SubjectKind;

typedef struct
{
  SubjectKind kind;
  char       *key;      /* the condition's left-hand side: "TPU beachhead", "min_dscr@CoreWeave" */
  char       *name;     /* in words: "CoreWeave: Minimum DSCR" */
} Subject;

struct _GwFilterBar
{
  GtkBox          parent_instance;

  /* template */
  GtkMenuButton  *add_button;
  GtkBox         *chips;
  GtkSpinner     *spinner;
  GtkLabel       *status;
  GtkMenuButton  *drivers_button;
  GtkPopover     *add_popover;
  GtkDropDown    *subject_drop;
  GtkDropDown    *op_drop;
  GtkEntry       *value_entry;
  GtkLabel       *error_label;
  GtkButton      *apply_button;
  GtkBox         *drivers_box;

  GPtrArray      *conditions;   /* char *, as gw_filter_add() reads them */
  GPtrArray      *subjects;     /* Subject *, of the last results' plan */
  GwResults      *results;
  char           *provider;
  GArray         *series;       /* guint: what the charts draw of the kept paths */

  GCancellable   *cancellable;
  GwResults      *filtered;     /* the kept paths alone, or NULL */
  guint           n_kept;
  GPtrArray      *tail_drivers; /* GwDriver * */
  GPtrArray      *kept_drivers;
  guint           tail_paths;
  char           *error;
};

G_DEFINE_FINAL_TYPE (GwFilterBar, gw_filter_bar, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_FILTERED,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const number_ops[] = { "<", "<=", ">", ">=" };

static void
subject_free (Subject *s)
{
  g_free (s->key);
  g_free (s->name);
  g_free (s);
}

/* The work */

typedef struct
{
  GwResults *results;
  GStrv      conditions;
  char      *provider;
  GArray    *series;
} Job;

typedef struct
{
  GwResults *filtered;
  guint      n_kept;
  GPtrArray *tail_drivers;
  GPtrArray *kept_drivers;
  guint      tail_paths;
  char      *error;
} Outcome;

static void
job_free (Job *job)
{
  gw_results_unref (job->results);
  g_array_unref (job->series);
  g_strfreev (job->conditions);
  g_free (job->provider);
  g_free (job);
}

static void
outcome_free (Outcome *o)
{
  g_clear_pointer (&o->filtered, gw_results_unref);
  g_clear_pointer (&o->tail_drivers, g_ptr_array_unref);
  g_clear_pointer (&o->kept_drivers, g_ptr_array_unref);
  g_free (o->error);
  g_free (o);
}

static void
filter_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  const GwPlan *plan = job->results->plan;
  Outcome *o = g_new0 (Outcome, 1);
  int npv = gw_plan_find_scalar (plan, "npv", job->provider);
  g_autoptr(GwFilter) filter = gw_filter_new ();
  g_autofree guint8 *mask = NULL;
  g_autoptr(GError) error = NULL;

  if (npv >= 0 && job->results->n_paths >= 10)
    {
      g_autofree guint8 *tail = gw_tail_mask (job->results, (guint) npv, TAIL_SHARE, FALSE,
                                              &o->tail_paths);

      o->tail_drivers = gw_drivers (job->results, tail, NULL);
    }
  for (guint i = 0; job->conditions[i] != NULL && error == NULL; i++)
    gw_filter_add (filter, job->conditions[i], &error);
  if (error == NULL && job->conditions[0] != NULL)
    mask = gw_filter_apply (filter, job->results, &o->n_kept, &error);
  if (mask != NULL && o->n_kept > 0)
    {
      /* the cards' series, then the charts' */
      const char *keys[][2] = {
        { "price", NULL }, { "anchor", NULL },
        { "revenue", job->provider }, { "ebitda", job->provider },
      };
      g_autoptr(GArray) series = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          int s = gw_plan_find_series (plan, keys[i][0], keys[i][1]);

          if (s >= 0)
            g_array_append_val (series, s);
        }
      for (guint i = 0; i < job->series->len; i++)
        {
          guint s = g_array_index (job->series, guint, i);
          gboolean seen = s >= plan->n_series;

          for (guint k = 0; k < series->len && !seen; k++)
            seen = g_array_index (series, guint, k) == s;
          if (!seen)
            g_array_append_val (series, s);
        }
      o->filtered = gw_results_filtered (job->results, mask, (const guint *) series->data,
                                         series->len, cancellable, &error);
      o->kept_drivers = gw_drivers (job->results, mask, NULL);
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      outcome_free (o);
      g_task_return_error_if_cancelled (task);
      return;
    }
  if (error != NULL)
    o->error = g_strdup (error->message);
  g_task_return_pointer (task, o, (GDestroyNotify) outcome_free);
}

/* Showing it */

static char *
format_count (guint n)
{
  return gw_format_grouped (n, 0);
}

static void
update_status (GwFilterBar *self)
{
  gboolean busy = self->cancellable != NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  if (self->error != NULL)
    {
      text = g_strdup (self->error);
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    }
  else if (self->conditions->len == 0)
    text = g_strdup (_("Every path counts; filter them to compare a subset with the whole"));
  else if (busy)
    text = g_strdup (_("Filtering paths…"));
  else if (self->results != NULL && self->n_kept == 0)
    text = g_strdup (_("No path meets the conditions"));
  else if (self->results != NULL)
    {
      g_autofree char *kept = format_count (self->n_kept);
      g_autofree char *all = format_count (self->results->n_paths);
      g_autofree char *share = gw_format_percent ((double) self->n_kept
                                                  / MAX (self->results->n_paths, 1), 1);

      /* TRANSLATORS: "2,468 of 10,000 paths kept (24.7%)" */
      text = g_strdup_printf (ngettext ("%s of %s path kept (%s)", "%s of %s paths kept (%s)",
                                        self->results->n_paths), kept, all, share);
    }
  gtk_label_set_text (self->status, text ? text : "");
}

static void
add_heading (GtkBox     *box,
             const char *title,
             const char *caption)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (sub), 50);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (box, label);
  gtk_box_append (box, sub);
}

static void
add_drivers (GtkBox    *box,
             GPtrArray *drivers)
{
  GtkWidget *grid = gtk_grid_new ();
  double most = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint i = 0; i < drivers->len && i < MAX_DRIVERS; i++)
    most = MAX (most, fabs (((GwDriver *) drivers->pdata[i])->shift));
  for (guint i = 0; i < drivers->len && i < MAX_DRIVERS; i++)
    {
      const GwDriver *d = drivers->pdata[i];
      GtkWidget *name = gtk_label_new (d->label);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (most, 1e-9));
      g_autofree char *shift_text = NULL;
      g_autofree char *means = NULL;
      GtkWidget *shift;

      /* TRANSLATORS: how far an input's mean in the tail lies from its
       * mean over all paths, in standard deviations: "+0.84 sd" */
      shift_text = g_strdup_printf (_("%+.2f sd"), d->shift);
      /* TRANSLATORS: an input's mean in the tail, then over all paths */
      means = g_strdup_printf (_("Mean %.3g here, %.3g in all paths · %s"), d->mean_kept,
                               d->mean_all, d->path);
      shift = gtk_label_new (shift_text);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_set_tooltip_text (name, means);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), fabs (d->shift));
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_size_request (bar, 90, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (bar, means);
      gtk_widget_add_css_class (shift, "numeric");
      gtk_label_set_xalign (GTK_LABEL (shift), 1);
      gtk_grid_attach (GTK_GRID (grid), name, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), bar, 1, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), shift, 2, (int) i, 1, 1);
    }
  gtk_box_append (box, grid);
}

static void
update_drivers (GwFilterBar *self)
{
  GtkWidget *child;
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *n = format_count (self->tail_paths);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->drivers_box))) != NULL)
    gtk_box_remove (self->drivers_box, child);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drivers_button),
                            self->tail_drivers != NULL && self->tail_drivers->len > 0);
  if (self->tail_drivers == NULL)
    return;
  /* TRANSLATORS: "What drives the worst 10% of CoreWeave NPV" */
  title = g_strdup_printf (_("What drives the worst 10%% of %s NPV"),
                           self->provider ? self->provider : "");
  caption = g_strdup_printf (_("Inputs ranked by how far their mean in the %s paths with the "
                               "lowest NPV lies from their mean in all paths, in standard "
                               "deviations of the input"), n);
  add_heading (self->drivers_box, title, caption);
  add_drivers (self->drivers_box, self->tail_drivers);
  if (self->kept_drivers != NULL && self->kept_drivers->len > 0)
    {
      g_autofree char *kept = format_count (self->n_kept);
      g_autofree char *caption2 = g_strdup_printf (_("The same ranking for the %s paths the "
                                                     "filter keeps"), kept);

      gtk_box_append (self->drivers_box, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      add_heading (self->drivers_box, _("What sets the filtered paths apart"), caption2);
      add_drivers (self->drivers_box, self->kept_drivers);
    }
}

static void
filter_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwFilterBar) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *o = g_task_propagate_pointer (G_TASK (result), &error);

  if (o == NULL)
    return;     /* cancelled: a newer job runs */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filtered, gw_results_unref);
  g_clear_pointer (&self->tail_drivers, g_ptr_array_unref);
  g_clear_pointer (&self->kept_drivers, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  self->filtered = g_steal_pointer (&o->filtered);
  self->tail_drivers = g_steal_pointer (&o->tail_drivers);
  self->kept_drivers = g_steal_pointer (&o->kept_drivers);
  self->error = g_steal_pointer (&o->error);
  self->n_kept = o->n_kept;
  self->tail_paths = o->tail_paths;
  outcome_free (o);
  update_status (self);
  update_drivers (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTERED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Starts over on the latest results and conditions; the UI never waits. */
static void
refilter (GwFilterBar *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  gboolean was_busy = self->cancellable != NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);
  if (self->results == NULL)
    {
      update_status (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->results = gw_results_ref (self->results);
  g_ptr_array_add (self->conditions, NULL);
  job->conditions = g_strdupv ((char **) self->conditions->pdata);
  g_ptr_array_remove_index (self->conditions, self->conditions->len - 1);
  job->provider = g_strdup (self->provider);
  job->series = g_array_copy (self->series);
  task = g_task_new (NULL, self->cancellable, filter_done_cb, g_object_ref (self));
  g_task_set_name (task, filter_tag);
  g_task_set_source_tag (task, (gpointer) filter_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  gw_task_run_in_background (task, filter_thread);
  update_status (self);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Conditions in words */

static const Subject *
find_subject (GwFilterBar *self,
              const char  *key)
{
  for (guint i = 0; self->subjects != NULL && i < self->subjects->len; i++)
    {
      const Subject *s = self->subjects->pdata[i];

      if (g_strcmp0 (s->key, key) == 0)
        return s;
    }
  return NULL;
}

/* "Token growth < 3" for "market.token_growth < 3"; events read as written */
static char *
describe_condition (GwFilterBar *self,
                    const char  *condition)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_ops); i++)
    {
      /* the longer operators first, as gw_filter_add() reads them */
      const char *op = number_ops[i < 2 ? i + 2 : i - 2];
      const char *at = strstr (condition, op);
      g_autofree char *lhs = NULL;
      const Subject *s;

      if (at == NULL)
        continue;
      lhs = g_strstrip (g_strndup (condition, (gsize) (at - condition)));
      s = find_subject (self, lhs);
      if (s == NULL)
        break;
      return g_strdup_printf ("%s %s %s", s->name,
                              g_str_equal (op, "<=") ? "≤" : g_str_equal (op, ">=") ? "≥" : op,
                              g_strstrip (g_strdup (at + strlen (op))));
    }
  return g_strdup (condition);
}

static void
remove_clicked_cb (GtkButton   *button,
                   GwFilterBar *self)
{
  GtkWidget *chip = gtk_widget_get_parent (GTK_WIDGET (button));
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->chips));
       c != NULL && c != chip; c = gtk_widget_get_next_sibling (c))
    i++;
  gw_filter_bar_remove_condition (self, i);
}

static void
rebuild_chips (GwFilterBar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))) != NULL)
    gtk_box_remove (self->chips, child);
  for (guint i = 0; i < self->conditions->len; i++)
    {
      g_autofree char *words = describe_condition (self, self->conditions->pdata[i]);
      g_autofree char *remove = g_strdup_printf (_("Remove “%s”"), words);
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *label = gtk_label_new (words);
      GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");

      gtk_widget_add_css_class (chip, "filter-chip");
      gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_widget_set_tooltip_text (label, self->conditions->pdata[i]);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_tooltip_text (button, remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), button);
      gtk_box_append (self->chips, chip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chips), self->conditions->len > 0);
}

/* The popover that adds one */

static void
subject_selected_cb (GtkDropDown *drop,
                     GParamSpec  *pspec,
                     GwFilterBar *self)
{
  guint i = gtk_drop_down_get_selected (drop);
  gboolean event = self->subjects != NULL && i < self->subjects->len
                   && ((Subject *) self->subjects->pdata[i])->kind == SUBJECT_EVENT;
  g_autoptr(GtkStringList) ops = NULL;

  if (event)
    {
      const char *words[] = { _("happened"), _("did not happen"), NULL };

      ops = gtk_string_list_new (words);
    }
  else
    {
      const char *words[] = { "<", "≤", ">", "≥", NULL };

      ops = gtk_string_list_new (words);
    }
  gtk_drop_down_set_model (self->op_drop, G_LIST_MODEL (ops));
  gtk_widget_set_visible (GTK_WIDGET (self->value_entry), !event);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
rebuild_subjects (GwFilterBar *self)
{
  const GwPlan *plan = self->results->plan;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) subject_free);
  guint selected = gtk_drop_down_get_selected (self->subject_drop);
  g_autofree char *was = NULL;
  gboolean same;

  if (self->subjects != NULL && selected < self->subjects->len)
    was = g_strdup (((Subject *) self->subjects->pdata[selected])->key);
  for (guint e = 0; e < plan->E; e++)
    {
      Subject *s = g_new0 (Subject, 1);

      s->kind = SUBJECT_EVENT;
      s->key = g_strdup (gw_scenario_event (plan->scenario, e)->name);
      s->name = g_strdup (s->key);
      g_ptr_array_add (subjects, s);
    }
  for (guint x = 0; x < plan->n_scalars; x++)
    {
      Subject *s = g_new0 (Subject, 1);
      int j = gw_plan_scalar_provider (plan, x);

      s->kind = SUBJECT_OUTCOME;
      s->key = j >= 0 ? g_strdup_printf ("%s@%s", gw_plan_scalar_key (plan, x),
                                         gw_plan_provider_name (plan, (guint) j))
                      : g_strdup (gw_plan_scalar_key (plan, x));
      /* TRANSLATORS: a provider's per-path outcome: "CoreWeave: Minimum DSCR" */
      s->name = j >= 0 ? g_strdup_printf (_("%s: %s"), gw_plan_provider_name (plan, (guint) j),
                                           gw_plan_scalar_label (plan, x))
                       : g_strdup (gw_plan_scalar_label (plan, x));
      g_ptr_array_add (subjects, s);
    }
  for (guint k = 0; k < self->results->n_inputs; k++)
    {
      Subject *s = g_new0 (Subject, 1);

      s->kind = SUBJECT_INPUT;
      s->key = gw_plan_slot_path (plan, self->results->input_slots[k]);
      s->name = gw_plan_slot_label (plan, self->results->input_slots[k]);
      g_ptr_array_add (subjects, s);
    }
  same = self->subjects != NULL && self->subjects->len == subjects->len;
  for (guint i = 0; same && i < subjects->len; i++)
    same = g_str_equal (((Subject *) subjects->pdata[i])->key,
                        ((Subject *) self->subjects->pdata[i])->key);
  if (same)
    {
      g_ptr_array_unref (subjects);
      return;
    }
  g_clear_pointer (&self->subjects, g_ptr_array_unref);
  self->subjects = subjects;
  selected = 0;
  for (guint i = 0; i < subjects->len; i++)
    {
      const Subject *s = subjects->pdata[i];
      g_autofree char *shown = NULL;

      switch (s->kind)
        {
        /* TRANSLATORS: the kinds of things paths can be filtered on */
        case SUBJECT_EVENT: shown = g_strdup_printf (_("%s (event)"), s->name); break;
        case SUBJECT_OUTCOME: shown = g_strdup_printf (_("%s (outcome)"), s->name); break;
        case SUBJECT_INPUT: default: shown = g_strdup_printf (_("%s (input)"), s->name); break;
        }
      gtk_string_list_append (names, shown);
      if (g_strcmp0 (s->key, was) == 0)
        selected = i;
    }
  gtk_drop_down_set_model (self->subject_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->subject_drop, selected);
  subject_selected_cb (self->subject_drop, NULL, self);
}

static void
apply_clicked_cb (GwFilterBar *self)
{
  guint i = gtk_drop_down_get_selected (self->subject_drop);
  guint op = gtk_drop_down_get_selected (self->op_drop);
  const Subject *s;
  g_autofree char *condition = NULL;

  if (self->subjects == NULL || i >= self->subjects->len)
    return;
  s = self->subjects->pdata[i];
  if (s->kind == SUBJECT_EVENT)
    condition = g_strdup_printf (op == 1 ? "%s did not happen" : "%s happened", s->key);
  else
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      char *end = NULL;
      double v = g_ascii_strtod (stripped, &end);

      if (stripped[0] == '\0' || end == NULL || *end != '\0' || !isfinite (v))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a number"), text);

          gtk_label_set_text (self->error_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->value_entry));
          return;
        }
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        condition = g_strdup_printf ("%s %s %s", s->key, number_ops[MIN (op, 3)],
                                     g_ascii_dtostr (buf, sizeof buf, v));
      }
    }
  gtk_popover_popdown (self->add_popover);
  gw_filter_bar_add_condition (self, condition);
}

/* GObject */

static void
gw_filter_bar_dispose (GObject *object)
{
  GwFilterBar *self = GW_FILTER_BAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->results, gw_results_unref);
  g_clear_pointer (&self->filtered, gw_results_unref);
  g_clear_pointer (&self->tail_drivers, g_ptr_array_unref);
  g_clear_pointer (&self->kept_drivers, g_ptr_array_unref);
  g_clear_pointer (&self->conditions, g_ptr_array_unref);
  g_clear_pointer (&self->subjects, g_ptr_array_unref);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_FILTER_BAR);
  G_OBJECT_CLASS (gw_filter_bar_parent_class)->dispose (object);
}

static void
gw_filter_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwFilterBar *self = GW_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_FILTERED:
      g_value_set_pointer (value, self->filtered);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_filter_bar_class_init (GwFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_filter_bar_dispose;
  object_class->get_property = gw_filter_bar_get_property;

  /**
   * GwFilterBar:filtered: (nullable)
   *
   * The results of the paths the conditions keep (a #GwResults), or %NULL
   * without conditions, while filtering, or when none is kept.
   */
  properties[PROP_FILTERED] =
    g_param_spec_pointer ("filtered", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GwFilterBar:busy:
   *
   * Whether the paths are being filtered on a worker thread.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gw_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gigawatt/Gigawatt/ui/gw-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, add_button);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, chips);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, status);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, drivers_button);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, add_popover);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, subject_drop);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, op_drop);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, value_entry);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GwFilterBar, drivers_box);
}

static void
gw_filter_bar_init (GwFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->conditions = g_ptr_array_new_with_free_func (g_free);
  self->series = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (self->subject_drop, "notify::selected", G_CALLBACK (subject_selected_cb),
                    self);
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb), self);
  g_signal_connect_swapped (self->value_entry, "activate", G_CALLBACK (apply_clicked_cb), self);
  gtk_popover_set_default_widget (self->add_popover, GTK_WIDGET (self->apply_button));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drivers_button), FALSE);
  rebuild_chips (self);
  update_status (self);
}

GtkWidget *
gw_filter_bar_new (void)
{
  return g_object_new (GW_TYPE_FILTER_BAR, NULL);
}

/**
 * gw_filter_bar_set_results:
 * @results: (nullable): the run to filter; %NULL keeps the last one
 * @provider: the focus provider, whose NPV's worst paths are explained
 *
 * Filters @results again on a worker thread, unless they are the ones
 * already filtered for @provider.
 */
void
gw_filter_bar_set_results (GwFilterBar *self,
                           GwResults   *results,
                           const char  *provider)
{
  g_return_if_fail (GW_IS_FILTER_BAR (self));
  if (results == NULL || (results == self->results && g_strcmp0 (provider, self->provider) == 0))
    return;
  gw_results_ref (results);
  g_clear_pointer (&self->results, gw_results_unref);
  self->results = results;
  g_free (self->provider);
  self->provider = g_strdup (provider);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !results->deterministic);
  rebuild_subjects (self);
  rebuild_chips (self);
  refilter (self);
}

/**
 * gw_filter_bar_set_series:
 * @series: (array length=n_series): series of the results' plan whose
 *   statistics over the kept paths the overview's charts draw
 *   (gw_chart_get_filtered_series()), beside the cards' own
 *
 * Filters again, where conditions are set, when they change.
 */
void
gw_filter_bar_set_series (GwFilterBar *self,
                          const guint *series,
                          guint        n_series)
{
  g_return_if_fail (GW_IS_FILTER_BAR (self));
  if (n_series == self->series->len
      && (n_series == 0 || memcmp (series, self->series->data, n_series * sizeof (guint)) == 0))
    return;
  g_array_set_size (self->series, 0);
  g_array_append_vals (self->series, series, n_series);
  if (self->conditions->len > 0)
    refilter (self);
}

/**
 * gw_filter_bar_add_condition:
 * @condition: as gigawatt-cli stat --where reads it: "TPU beachhead
 *   happened", "market.token_growth < 3", "min_dscr@CoreWeave < 1"
 *
 * Returns: %FALSE, and adds nothing, when @condition does not parse
 */
gboolean
gw_filter_bar_add_condition (GwFilterBar *self,
                             const char  *condition)
{
  g_autoptr(GwFilter) check = gw_filter_new ();

  g_return_val_if_fail (GW_IS_FILTER_BAR (self), FALSE);
  if (!gw_filter_add (check, condition, NULL))
    return FALSE;
  g_ptr_array_add (self->conditions, g_strstrip (g_strdup (condition)));
  rebuild_chips (self);
  refilter (self);
  return TRUE;
}

void
gw_filter_bar_remove_condition (GwFilterBar *self,
                                guint        index)
{
  g_return_if_fail (GW_IS_FILTER_BAR (self));
  g_return_if_fail (index < self->conditions->len);
  g_ptr_array_remove_index (self->conditions, index);
  rebuild_chips (self);
  refilter (self);
}

void
gw_filter_bar_clear (GwFilterBar *self)
{
  g_return_if_fail (GW_IS_FILTER_BAR (self));
  g_ptr_array_set_size (self->conditions, 0);
  rebuild_chips (self);
  refilter (self);
}

/**
 * gw_filter_bar_get_conditions:
 *
 * Returns: (transfer full): the conditions, as gw_filter_add() reads them
 */
GStrv
gw_filter_bar_get_conditions (GwFilterBar *self)
{
  GStrvBuilder *b = g_strv_builder_new ();
  GStrv out;

  for (guint i = 0; i < self->conditions->len; i++)
    g_strv_builder_add (b, self->conditions->pdata[i]);
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

/**
 * gw_filter_bar_describe:
 *
 * The filter in words, for the pages that show its paths away from the
 * bar: "Token growth < 3 and TPU beachhead: 2,468 of 10,000 paths kept
 * (24.7%)".
 *
 * Returns: (transfer full) (nullable): the words, or %NULL without
 *   conditions
 */
char *
gw_filter_bar_describe (GwFilterBar *self)
{
  g_autoptr(GString) words = g_string_new (NULL);

  g_return_val_if_fail (GW_IS_FILTER_BAR (self), NULL);
  if (self->conditions->len == 0)
    return NULL;
  for (guint i = 0; i < self->conditions->len; i++)
    {
      g_autofree char *one = describe_condition (self, self->conditions->pdata[i]);

      if (i > 0)
        /* TRANSLATORS: between two conditions of a filter */
        g_string_append (words, _(" and "));
      g_string_append (words, one);
    }
  /* TRANSLATORS: a filter's conditions, then how many paths it keeps */
  return g_strdup_printf (_("%s: %s"), words->str, gtk_label_get_text (self->status));
}

/**
 * gw_filter_bar_get_filtered:
 *
 * Returns: (transfer none) (nullable): see #GwFilterBar:filtered
 */
GwResults *
gw_filter_bar_get_filtered (GwFilterBar *self)
{
  g_return_val_if_fail (GW_IS_FILTER_BAR (self), NULL);
  return self->cancellable == NULL ? self->filtered : NULL;
}

guint
gw_filter_bar_get_n_kept (GwFilterBar *self)
{
  g_return_val_if_fail (GW_IS_FILTER_BAR (self), 0);
  return self->n_kept;
}

/**
 * gw_filter_bar_keeps_none:
 *
 * Whether the conditions, applied without error, keep no path of the
 * results (#GwFilterBar:filtered is then %NULL).
 */
gboolean
gw_filter_bar_keeps_none (GwFilterBar *self)
{
  g_return_val_if_fail (GW_IS_FILTER_BAR (self), FALSE);
  return self->results != NULL && self->conditions->len > 0 && self->cancellable == NULL
         && self->error == NULL && self->n_kept == 0;
}

gboolean
gw_filter_bar_get_busy (GwFilterBar *self)
{
  g_return_val_if_fail (GW_IS_FILTER_BAR (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * gw_filter_bar_get_drivers:
 *
 * Returns: (transfer none) (nullable) (element-type GwDriver): the inputs
 *   ranked by how they differ in the worst 10% of the focus provider's NPV
 */
GPtrArray *
gw_filter_bar_get_drivers (GwFilterBar *self)
{
  g_return_val_if_fail (GW_IS_FILTER_BAR (self), NULL);
  return self->tail_drivers;
}
