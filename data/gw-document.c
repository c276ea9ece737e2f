/* gw-document.c: an open scenario with its file, dirty state and undo stack
 *
 * Every change goes through a command made of row snapshots (set, insert,
 * remove, move), so that one user action is one undo step and undo restores
 * the exact previous rows.
 *
 * The document also holds its view (gw-view.c): the focus provider and the
 * chart cards' choices. A view change is saved with the file, so it makes
 * the document modified (and autosaved), but it is no undo step, as in
 * other GNOME applications where what is shown is not an edit: undo brings
 * back numbers, not which chart was looked at. So the dirty state has two
 * parts, the undo stack's position and the view's serial, each compared
 * with what was last saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gw-builtin.h"
#include "gw-document.h"
#include "gw-field-text.h"
#include "gw-file.h"
#include "gw-json.h"

typedef enum
{
  EDIT_SET,
  EDIT_INSERT,
  EDIT_REMOVE,
  EDIT_MOVE,
} EditKind;

typedef struct
{
  EditKind kind;
  GwTable  table;
  guint    index;
  guint    to;
  gpointer before;   /* row snapshots, owned */
  gpointer after;
} Edit;

typedef struct
{
  guint      id;
  GPtrArray *edits;
} Command;

/* What identifies a version of a file on disk: a save by another program
 * (or by this one in another window) changes the mtime, the size or, after
 * a rename into place, the inode. */
typedef struct
{
  gboolean exists;
  guint64  dev;
  guint64  ino;
  gint64   mtime_ns;
  gint64   size;
} DiskStamp;

static DiskStamp
disk_stamp (GFile *file)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  DiskStamp stamp = { FALSE, 0, 0, 0, 0 };
  GStatBuf st;

  if (path != NULL && g_stat (path, &st) == 0)
    {
      stamp.exists = TRUE;
      stamp.dev = st.st_dev;
      stamp.ino = st.st_ino;
      stamp.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
      stamp.size = st.st_size;
    }
  return stamp;
}

static gboolean
disk_stamp_equal (const DiskStamp *a,
                  const DiskStamp *b)
{
  return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino
         && a->mtime_ns == b->mtime_ns && a->size == b->size;
}

struct _GwDocument
{
  GObject     parent_instance;

  GwScenario *scenario;
  GFile      *file;
  GPtrArray  *undo;
  GPtrArray  *redo;
  guint       next_id;
  guint       saved_id;
  guint       serial;
  DiskStamp   stamp;        /* the file as this document last read or wrote it */
  GwView     *view;
  guint       view_serial;  /* grows with every change of the view */
  guint       saved_view_serial;
};

G_DEFINE_FINAL_TYPE (GwDocument, gw_document, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_FOCUS_PROVIDER,
  N_PROPS
};

enum
{
  CHANGED,
  CHART_CHOICE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gpointer
row_snapshot (GwTable       table,
              gconstpointer row)
{
  gpointer copy = g_malloc0 (gw_table_info (table)->row_size);

  gw_row_copy_into (table, copy, row);
  return copy;
}

static void
row_snapshot_free (GwTable  table,
                   gpointer row)
{
  if (row == NULL)
    return;
  gw_row_clear (table, row);
  g_free (row);
}

static void
edit_free (Edit *edit)
{
  row_snapshot_free (edit->table, edit->before);
  row_snapshot_free (edit->table, edit->after);
  g_free (edit);
}

static void
command_free (Command *command)
{
  g_ptr_array_unref (command->edits);
  g_free (command);
}

static guint
top_id (GwDocument *self)
{
  if (self->undo->len == 0)
    return 0;
  return ((Command *) self->undo->pdata[self->undo->len - 1])->id;
}

static void
notify_state (GwDocument *self,
              gboolean    was_dirty,
              gboolean    could_undo,
              gboolean    could_redo)
{
  if (was_dirty != gw_document_get_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
  if (could_undo != gw_document_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != gw_document_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
put_row (GwDocument   *self,
         GwTable       table,
         guint         index,
         gconstpointer snapshot)
{
  gpointer row = gw_scenario_get_row (self->scenario, table, index);

  gw_row_clear (table, row);
  gw_row_copy_into (table, row, snapshot);
}

static void
edit_apply (GwDocument *self,
            Edit       *edit,
            gboolean    forward)
{
  GPtrArray *rows = self->scenario->rows[edit->table];
  gpointer row;
  guint from, to;

  switch (edit->kind)
    {
    case EDIT_SET:
      put_row (self, edit->table, edit->index, forward ? edit->after : edit->before);
      g_signal_emit (self, signals[CHANGED], 0, edit->table, (int) edit->index);
      return;

    case EDIT_INSERT:
    case EDIT_REMOVE:
      if ((edit->kind == EDIT_INSERT) == forward)
        {
          row = row_snapshot (edit->table, edit->kind == EDIT_INSERT ? edit->after : edit->before);
          g_ptr_array_insert (rows, edit->index, row);
        }
      else
        g_ptr_array_remove_index (rows, edit->index);
      break;

    case EDIT_MOVE:
      from = forward ? edit->index : edit->to;
      to = forward ? edit->to : edit->index;
      row = g_ptr_array_steal_index (rows, from);
      g_ptr_array_insert (rows, to, row);
      break;

    default:
      g_assert_not_reached ();
    }
  g_signal_emit (self, signals[CHANGED], 0, edit->table, -1);
}

/* Runs @edits forward and pushes them as one undo step. */
static void
push_command (GwDocument *self,
              GPtrArray  *edits)
{
  gboolean was_dirty = gw_document_get_dirty (self);
  gboolean could_undo = gw_document_can_undo (self);
  gboolean could_redo = gw_document_can_redo (self);
  Command *command = g_new0 (Command, 1);

  command->id = ++self->next_id;
  command->edits = edits;
  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, command);
  self->serial++;
  for (guint i = 0; i < edits->len; i++)
    edit_apply (self, edits->pdata[i], TRUE);
  notify_state (self, was_dirty, could_undo, could_redo);
}

static void
gw_document_finalize (GObject *object)
{
  GwDocument *self = GW_DOCUMENT (object);

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->scenario, gw_scenario_free);
  g_clear_pointer (&self->view, gw_view_free);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (gw_document_parent_class)->finalize (object);
}

static void
gw_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GwDocument *self = GW_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, gw_document_get_dirty (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gw_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, gw_document_can_redo (self));
      break;
    case PROP_FOCUS_PROVIDER:
      g_value_set_string (value, gw_view_get_focus_provider (self->view));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_document_class_init (GwDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_document_finalize;
  object_class->get_property = gw_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GwDocument:focus-provider: (nullable)
   *
   * The Overview's focus provider as chosen and saved with the document, or
   * %NULL for the default (gw_view_resolve_focus() says which provider is
   * shown).
   */
  properties[PROP_FOCUS_PROVIDER] =
    g_param_spec_string ("focus-provider", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwDocument::changed:
   * @table: the table that changed
   * @row: the row whose fields changed, or -1 when rows were added,
   *   removed or moved
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  /**
   * GwDocument::chart-choice-changed:
   * @slot: the chart slot whose choice changed ("min-dscr"), also the
   *   signal's detail
   *
   * A card's choice (gw_document_set_chart_choice()) changed: every card
   * of the slot shows it.
   */
  signals[CHART_CHOICE_CHANGED] =
    g_signal_new ("chart-choice-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING);
}

static void
gw_document_init (GwDocument *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
}

/**
 * gw_document_new:
 * @scenario: (transfer full): the scenario
 *
 * A document with the default view, as for a new scenario.
 */
GwDocument *
gw_document_new (GwScenario *scenario)
{
  return gw_document_new_full (scenario, NULL);
}

/**
 * gw_document_new_full:
 * @scenario: (transfer full): the scenario
 * @view: (transfer full) (nullable): its view, as a file held it
 *   (GwLoadInfo.view), or %NULL for the default one
 *
 * The document is not modified.
 */
GwDocument *
gw_document_new_full (GwScenario *scenario,
                      GwView     *view)
{
  GwDocument *self = g_object_new (GW_TYPE_DOCUMENT, NULL);

  self->scenario = scenario;
  self->view = view != NULL ? view : gw_view_new ();
  return self;
}

const GwScenario *
gw_document_get_scenario (GwDocument *self)
{
  g_return_val_if_fail (GW_IS_DOCUMENT (self), NULL);
  return self->scenario;
}

GFile *
gw_document_get_file (GwDocument *self)
{
  return self->file;
}

void
gw_document_set_file (GwDocument *self,
                      GFile      *file)
{
  self->stamp = disk_stamp (file);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/**
 * gw_document_changed_on_disk:
 *
 * Whether the document's file is no longer the version this document read
 * or last saved (another program or window wrote it, or removed it).
 */
gboolean
gw_document_changed_on_disk (GwDocument *self)
{
  DiskStamp now;

  g_return_val_if_fail (GW_IS_DOCUMENT (self), FALSE);
  if (self->file == NULL || !self->stamp.exists)
    return FALSE;
  now = disk_stamp (self->file);
  return !disk_stamp_equal (&now, &self->stamp);
}

gboolean
gw_document_get_dirty (GwDocument *self)
{
  return top_id (self) != self->saved_id || self->view_serial != self->saved_view_serial;
}

void
gw_document_mark_saved (GwDocument *self)
{
  gboolean was_dirty = gw_document_get_dirty (self);

  self->saved_id = top_id (self);
  self->saved_view_serial = self->view_serial;
  notify_state (self, was_dirty, gw_document_can_undo (self), gw_document_can_redo (self));
}

/* For a recovered document: unsaved until it is saved again. */
void
gw_document_mark_unsaved (GwDocument *self)
{
  gboolean was_dirty = gw_document_get_dirty (self);

  self->saved_id = G_MAXUINT;
  notify_state (self, was_dirty, gw_document_can_undo (self), gw_document_can_redo (self));
}

/* Grows by one with every change, undo and redo: the runner uses it to tell
 * whether its results are current. A change of the view does not count:
 * it changes no result (see gw_document_get_view_serial()). */
guint
gw_document_get_serial (GwDocument *self)
{
  return self->serial;
}

/* The view */

/**
 * gw_document_get_view_serial:
 *
 * Grows by one with every change of the view, so that the session can tell
 * that a document whose scenario did not change still has something new to
 * keep.
 */
guint
gw_document_get_view_serial (GwDocument *self)
{
  g_return_val_if_fail (GW_IS_DOCUMENT (self), 0);
  return self->view_serial;
}

/**
 * gw_document_get_view:
 *
 * Returns: (transfer none): the document's view, to save with it
 */
const GwView *
gw_document_get_view (GwDocument *self)
{
  g_return_val_if_fail (GW_IS_DOCUMENT (self), NULL);
  return self->view;
}

static void
view_changed (GwDocument *self,
              gboolean    was_dirty)
{
  self->view_serial++;
  notify_state (self, was_dirty, gw_document_can_undo (self), gw_document_can_redo (self));
}

/**
 * gw_document_get_focus_provider:
 *
 * Returns: (nullable): the focus provider chosen, or %NULL for the default
 */
const char *
gw_document_get_focus_provider (GwDocument *self)
{
  g_return_val_if_fail (GW_IS_DOCUMENT (self), NULL);
  return gw_view_get_focus_provider (self->view);
}

/**
 * gw_document_set_focus_provider:
 * @provider: (nullable): a provider's name, or %NULL for the default
 *
 * Chooses the Overview's focus provider. The document becomes modified (the
 * choice is saved with it) but no undo step is made.
 */
void
gw_document_set_focus_provider (GwDocument *self,
                                const char *provider)
{
  gboolean was_dirty;

  g_return_if_fail (GW_IS_DOCUMENT (self));
  was_dirty = gw_document_get_dirty (self);
  if (!gw_view_set_focus_provider (self->view, provider))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_PROVIDER]);
  view_changed (self, was_dirty);
}

/**
 * gw_document_get_chart_choice:
 * @slot: a chart slot's name ("min-dscr")
 * @output: (out) (optional) (nullable): the output chosen, or %NULL for the
 *   slot's own
 * @provider: (out) (optional) (nullable): the provider chosen, or %NULL to
 *   follow the focus provider
 * @log_scale: (out) (optional): whether a log scale was asked for
 *
 * Returns: whether anything is chosen for @slot
 */
gboolean
gw_document_get_chart_choice (GwDocument  *self,
                              const char  *slot,
                              const char **output,
                              const char **provider,
                              gboolean    *log_scale)
{
  g_return_val_if_fail (GW_IS_DOCUMENT (self), FALSE);
  return gw_view_get_chart (self->view, slot, output, provider, log_scale);
}

/**
 * gw_document_set_chart_choice:
 * @slot: a chart slot's name ("min-dscr"; gw_view_slot_name_valid())
 * @output: (nullable): an output key, or %NULL for the slot's own
 * @provider: (nullable): a provider's name, or %NULL to follow the focus
 *   provider
 *
 * Chooses what the cards of @slot show, and emits
 * #GwDocument::chart-choice-changed with @slot as detail. The document
 * becomes modified but no undo step is made.
 */
void
gw_document_set_chart_choice (GwDocument *self,
                              const char *slot,
                              const char *output,
                              const char *provider,
                              gboolean    log_scale)
{
  gboolean was_dirty;

  g_return_if_fail (GW_IS_DOCUMENT (self));
  g_return_if_fail (gw_view_slot_name_valid (slot));
  was_dirty = gw_document_get_dirty (self);
  if (!gw_view_set_chart (self->view, slot, output, provider, log_scale))
    return;
  g_signal_emit (self, signals[CHART_CHOICE_CHANGED], g_quark_from_string (slot), slot);
  view_changed (self, was_dirty);
}

char *
gw_document_dup_title (GwDocument *self)
{
  if (self->file != NULL)
    return g_file_get_basename (self->file);
  if (self->scenario->info.name != NULL && self->scenario->info.name[0] != '\0')
    return g_strdup (self->scenario->info.name);
  return g_strdup (_("Untitled Scenario"));
}

gboolean
gw_document_can_undo (GwDocument *self)
{
  return self->undo->len > 0;
}

gboolean
gw_document_can_redo (GwDocument *self)
{
  return self->redo->len > 0;
}

void
gw_document_undo (GwDocument *self)
{
  gboolean was_dirty = gw_document_get_dirty (self);
  gboolean could_undo = gw_document_can_undo (self);
  gboolean could_redo = gw_document_can_redo (self);
  Command *command;

  if (self->undo->len == 0)
    return;
  command = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  g_ptr_array_add (self->redo, command);
  self->serial++;
  for (guint i = command->edits->len; i > 0; i--)
    edit_apply (self, command->edits->pdata[i - 1], FALSE);
  notify_state (self, was_dirty, could_undo, could_redo);
}

void
gw_document_redo (GwDocument *self)
{
  gboolean was_dirty = gw_document_get_dirty (self);
  gboolean could_undo = gw_document_can_undo (self);
  gboolean could_redo = gw_document_can_redo (self);
  Command *command;

  if (self->redo->len == 0)
    return;
  command = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  g_ptr_array_add (self->undo, command);
  self->serial++;
  for (guint i = 0; i < command->edits->len; i++)
    edit_apply (self, command->edits->pdata[i], TRUE);
  notify_state (self, was_dirty, could_undo, could_redo);
}

static void
field_store (gpointer            row,
             const GwField      *field,
             const GwFieldValue *value)
{
  switch (field->type)
    {
    case GW_FIELD_TEXT:
    case GW_FIELD_NAME:
    case GW_FIELD_REF:
    case GW_FIELD_INPUT:
      gw_field_set_text (row, field, value->text);
      break;
    case GW_FIELD_DIST:
      *GW_FIELD_DIST_OF (row, field) = value->dist;
      break;
    case GW_FIELD_REAL:
      GW_FIELD_REAL_OF (row, field) = value->real;
      break;
    case GW_FIELD_INT:
    case GW_FIELD_QUARTER:
    case GW_FIELD_BOOL:
    case GW_FIELD_ENUM:
      GW_FIELD_INT_OF (row, field) = value->i;
      break;
    case GW_FIELD_SEED:
      GW_FIELD_SEED_OF (row, field) = value->seed;
      break;
    default:
      g_assert_not_reached ();
    }
}

static GHashTable *
problem_set (GPtrArray *problems)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < problems->len; i++)
    g_hash_table_add (set, ((GwProblem *) problems->pdata[i])->message);
  return set;
}

/* The first problem of @after on (@table, @row) that @before did not have:
 * an edit may not add a problem, though it may leave an old one alone. */
static char *
new_problem (const GwScenario *before,
             const GwScenario *after,
             GwTable           table,
             int               row)
{
  g_autoptr(GPtrArray) old = gw_scenario_check (before);
  g_autoptr(GPtrArray) now = gw_scenario_check (after);
  g_autoptr(GHashTable) seen = problem_set (old);
  const GwProblem *other = NULL;

  for (guint i = 0; i < now->len; i++)
    {
      const GwProblem *p = now->pdata[i];

      if (g_hash_table_contains (seen, p->message))
        continue;
      if (p->table == table && (p->row == row || p->row < 0))
        return g_strdup (p->message);
      if (other == NULL)
        other = p;
    }
  return other != NULL ? g_strdup (other->message) : NULL;
}

/**
 * gw_document_set_field:
 *
 * Sets one field as one undo step, unless the value is out of range or
 * would break a rule of the scenario: then @error says why and the
 * scenario is left exactly as it was.
 */
gboolean
gw_document_set_field (GwDocument         *self,
                       GwTable             table,
                       guint               row,
                       guint               field,
                       const GwFieldValue *value,
                       GError            **error)
{
  const GwField *f = gw_table_field (table, field);
  g_autoptr(GwScenario) trial = NULL;
  g_autofree char *problem = NULL;
  GPtrArray *edits;
  Edit *edit;
  gpointer current;

  g_return_val_if_fail (row < MAX (1u, gw_scenario_n_rows (self->scenario, table)), FALSE);
  current = gw_scenario_get_row (self->scenario, table, row);

  if (f->type == GW_FIELD_DIST)
    problem = gw_field_check_value (f, &value->dist);
  if (problem == NULL)
    {
      gpointer trial_row;

      trial = gw_scenario_copy (self->scenario);
      trial_row = gw_scenario_get_row (trial, table, row);
      field_store (trial_row, f, value);
      if (gw_row_equal (table, trial_row, current))
        return TRUE;
      problem = new_problem (self->scenario, trial, table, row);
    }
  if (problem != NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, "%s", problem);
      return FALSE;
    }

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_SET;
  edit->table = table;
  edit->index = row;
  edit->before = row_snapshot (table, current);
  edit->after = row_snapshot (table, gw_scenario_get_row (trial, table, row));
  edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  g_ptr_array_add (edits, edit);
  push_command (self, edits);
  return TRUE;
}

gboolean
gw_document_set_field_text (GwDocument *self,
                            GwTable     table,
                            guint       row,
                            guint       field,
                            const char *text,
                            GError    **error)
{
  g_autofree char *message = NULL;
  GwFieldValue value;
  gboolean ok;

  if (!gw_field_parse (gw_table_field (table, field), text, &value, &message))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, "%s", message);
      return FALSE;
    }
  ok = gw_document_set_field (self, table, row, field, &value, error);
  gw_field_value_clear (&value);
  return ok;
}

/* A name not yet used in @table, from @base. */
static char *
unique_name (const GwScenario *s,
             GwTable           table,
             const char       *base)
{
  if (gw_scenario_find_row (s, table, base) < 0)
    return g_strdup (base);
  for (guint n = 2;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", base, n);

      if (gw_scenario_find_row (s, table, name) < 0)
        return g_steal_pointer (&name);
    }
}

/**
 * gw_document_add_row:
 * @copy_of: the row to duplicate, or -1 for a new row at the end
 *
 * Returns: the index of the new row
 */
int
gw_document_add_row (GwDocument *self,
                     GwTable     table,
                     int         copy_of)
{
  const GwTableInfo *info = gw_table_info (table);
  guint n = gw_scenario_n_rows (self->scenario, table);
  GPtrArray *edits;
  Edit *edit;
  gpointer row;

  g_return_val_if_fail (!info->single, -1);
  g_return_val_if_fail (copy_of < (int) n, -1);
  if (n >= info->max_rows)
    return -1;

  if (copy_of >= 0)
    row = row_snapshot (table, gw_scenario_get_row (self->scenario, table, copy_of));
  else
    row = gw_row_new (table);
  if (info->key_field >= 0)
    {
      const GwField *key = &info->fields[info->key_field];
      const char *base = copy_of >= 0 ? GW_FIELD_TEXT_OF (row, key) : _(info->row_label);
      g_autofree char *name = unique_name (self->scenario, table, base);

      gw_field_set_text (row, key, name);
    }

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_INSERT;
  edit->table = table;
  edit->index = copy_of >= 0 ? (guint) copy_of + 1 : n;
  edit->after = row;
  edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  g_ptr_array_add (edits, edit);
  push_command (self, edits);
  return edit->index;
}

/**
 * gw_document_copy_rows:
 *
 * The rows as tab-separated text, a header line of field names first, in
 * the form the editors show (so a spreadsheet can take them, and
 * gw_document_paste_rows() can read them back).
 */
char *
gw_document_copy_rows (GwDocument *self,
                       GwTable     table,
                       guint       first,
                       guint       n)
{
  const GwTableInfo *info = gw_table_info (table);
  GString *out = g_string_new (NULL);

  for (guint f = 0; f < info->n_fields; f++)
    g_string_append_printf (out, "%s%s", f > 0 ? "\t" : "", info->fields[f].name);
  g_string_append_c (out, '\n');
  for (guint r = first; r < first + n && r < gw_scenario_n_rows (self->scenario, table); r++)
    {
      gconstpointer row = gw_scenario_get_row (self->scenario, table, r);

      for (guint f = 0; f < info->n_fields; f++)
        {
          g_autofree char *text = gw_field_format (&info->fields[f], row);

          /* tabs and line breaks would split the cell */
          g_strdelimit (text, "\t\r\n", ' ');
          g_string_append_printf (out, "%s%s", f > 0 ? "\t" : "", text);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/**
 * gw_document_paste_rows:
 * @at: where the rows go (0 .. n_rows)
 * @text: tab-separated rows, fields in the table's order; a first line of
 *   field names is skipped; missing trailing fields keep their defaults
 *
 * Inserts every row of @text as one undo step. Names already in use get a
 * number. A value that does not parse, or rows that would break a rule of
 * the scenario, are an error naming the line and the field, and nothing
 * changes.
 *
 * Returns: the number of rows pasted, or -1 with @error set
 */
int
gw_document_paste_rows (GwDocument *self,
                        GwTable     table,
                        guint       at,
                        const char *text,
                        GError    **error)
{
  const GwTableInfo *info = gw_table_info (table);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GwScenario) trial = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  GPtrArray *edits;
  guint n = gw_scenario_n_rows (self->scenario, table);

  g_return_val_if_fail (!info->single && at <= n, -1);
  lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  trial = gw_scenario_copy (self->scenario);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = NULL;
      gpointer row;
      guint n_cells;

      g_strdelimit (lines[l], "\r", ' ');
      if (g_strstrip (lines[l])[0] == '\0')
        continue;
      cells = g_strsplit (lines[l], "\t", -1);
      n_cells = g_strv_length (cells);
      if (l == 0 && n_cells > 0 && g_ascii_strcasecmp (g_strstrip (cells[0]), info->fields[0].name) == 0)
        continue;               /* the header line */
      if (n_cells > info->n_fields)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                       _("Line %u has %u cells, but %s rows have %u fields."), l + 1, n_cells,
                       info->name, info->n_fields);
          goto fail;
        }
      if (gw_scenario_n_rows (trial, table) >= info->max_rows)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                       _("The %s table can hold at most %u rows."), info->name, info->max_rows);
          goto fail;
        }
      row = gw_row_new (table);
      g_ptr_array_add (rows, row);
      for (guint f = 0; f < n_cells; f++)
        {
          const GwField *field = &info->fields[f];
          g_autofree char *message = NULL;
          GwFieldValue value;

          if (!gw_field_parse (field, cells[f], &value, &message))
            {
              g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                           _("Line %u, field “%s”: %s"), l + 1, field->name, message);
              goto fail;
            }
          field_store (row, field, &value);
          gw_field_value_clear (&value);
        }
      if (info->key_field >= 0)
        {
          const GwField *key = &info->fields[info->key_field];
          g_autofree char *name = unique_name (trial, table, GW_FIELD_TEXT_OF (row, key));

          gw_field_set_text (row, key, name);
        }
      g_ptr_array_insert (trial->rows[table], at + rows->len - 1, row_snapshot (table, row));
    }
  if (rows->len == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("There are no rows to paste."));
      goto fail;
    }
  problem = new_problem (self->scenario, trial, table, -1);
  if (problem != NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, "%s", problem);
      goto fail;
    }

  edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  for (guint i = 0; i < rows->len; i++)
    {
      Edit *edit = g_new0 (Edit, 1);

      edit->kind = EDIT_INSERT;
      edit->table = table;
      edit->index = at + i;
      edit->after = rows->pdata[i];
      g_ptr_array_add (edits, edit);
    }
  g_ptr_array_set_size (rows, 0);
  push_command (self, edits);
  return (int) edits->len;

fail:
  for (guint i = 0; i < rows->len; i++)
    row_snapshot_free (table, rows->pdata[i]);
  return -1;
}

void
gw_document_remove_row (GwDocument *self,
                        GwTable     table,
                        guint       row)
{
  GPtrArray *edits;
  Edit *edit;

  g_return_if_fail (row < gw_scenario_n_rows (self->scenario, table));
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_REMOVE;
  edit->table = table;
  edit->index = row;
  edit->before = row_snapshot (table, gw_scenario_get_row (self->scenario, table, row));
  edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  g_ptr_array_add (edits, edit);
  push_command (self, edits);
}

gboolean
gw_document_move_row (GwDocument *self,
                      GwTable     table,
                      guint       row,
                      int         delta)
{
  guint n = gw_scenario_n_rows (self->scenario, table);
  int to = (int) row + delta;
  GPtrArray *edits;
  Edit *edit;

  if (row >= n || to < 0 || to >= (int) n || delta == 0)
    return FALSE;
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_MOVE;
  edit->table = table;
  edit->index = row;
  edit->to = to;
  edits = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  g_ptr_array_add (edits, edit);
  push_command (self, edits);
  return TRUE;
}

/* Loading and saving, on a worker thread */

typedef struct
{
  GFile      *file;
  GwLoadInfo  info;   /* written by the worker, read once the task is done */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  gw_load_info_clear (&data->info);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GFile *file = data->file;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  GError *error = NULL;
  GwScenario *s;

  if (path != NULL && g_str_has_suffix (path, ".json"))
    s = gw_json_load_full (path, &data->info, &error);
  else if (path != NULL)
    s = gw_file_load_full (path, &data->info, &error);
  else
    {
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, &error);

      s = bytes != NULL ? gw_file_load_bytes_full (bytes, name, &data->info, &error) : NULL;
    }
  if (s != NULL && !gw_scenario_validate (s, &error))
    g_clear_pointer (&s, gw_scenario_free);
  if (s == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, s, (GDestroyNotify) gw_scenario_free);
}

/* the source tag of its GTasks (ISO C has no function-to-data pointers) */
static const char gw_document_load_tag[] = "gw_document_load_async";

void
gw_document_load_async (GFile              *file,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->file = g_object_ref (file);
  g_task_set_name (task, gw_document_load_tag);
  g_task_set_source_tag (task, (gpointer) gw_document_load_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gw_document_load_finish:
 * @load_info: (out caller-allocates) (optional): the file's schema, whether
 *   it was upgraded in memory from an older one (the file itself is
 *   unchanged until it is saved), its view (for gw_document_new_full()) and
 *   what of the view was not read; free it with gw_load_info_clear()
 *
 * Returns: (transfer full): the validated scenario
 */
GwScenario *
gw_document_load_finish (GAsyncResult *result,
                         GwLoadInfo   *load_info,
                         GError      **error)
{
  GwScenario *s = g_task_propagate_pointer (G_TASK (result), error);
  LoadData *data = g_task_get_task_data (G_TASK (result));

  if (s != NULL && load_info != NULL)
    {
      *load_info = data->info;
      data->info = (GwLoadInfo) { 0 };
    }
  return s;
}

typedef struct
{
  GwScenario *scenario;
  GwView     *view;
  GFile      *file;
  gboolean    as_json;
  gboolean    check;        /* refuse if the file is not the version expected */
  DiskStamp   expected;
  DiskStamp   written;      /* the file as this save left it */
  guint       id;
  guint       view_serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  gw_scenario_free (data->scenario);
  gw_view_free (data->view);
  g_object_unref (data->file);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  GError *error = NULL;
  gboolean ok;

  if (path == NULL)
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_IO, _("Only local files can be saved"));
      return;
    }
  if (data->check)
    {
      DiskStamp now = disk_stamp (data->file);

      if (!disk_stamp_equal (&now, &data->expected))
        {
          g_autofree char *name = g_file_get_basename (data->file);

          g_task_return_new_error (task, GW_ERROR, GW_ERROR_CHANGED_ON_DISK,
                                   now.exists
                                   ? _("“%s” was changed by another program since it was opened "
                                       "here; saving would overwrite those changes")
                                   : _("“%s” was moved or deleted by another program since it "
                                       "was opened here"),
                                   name);
          return;
        }
    }
  ok = data->as_json ? gw_json_save_full (data->scenario, data->view, path, &error)
                     : gw_file_save_full (data->scenario, data->view, path, &error);
  if (ok)
    data->written = disk_stamp (data->file);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* the source tag of its GTasks (ISO C has no function-to-data pointers) */
static const char gw_document_save_tag[] = "gw_document_save_async";

/**
 * gw_document_save_async:
 * @flags: %GW_SAVE_AS_JSON writes a JSON export (the document keeps its
 *   file and dirty state); saving over the document's own file fails with
 *   %GW_ERROR_CHANGED_ON_DISK if another program wrote it since this
 *   document read or saved it, unless %GW_SAVE_OVERWRITE_CHANGES
 *
 * Saves a copy of the scenario and its view as they are now, so editing can
 * go on meanwhile.
 */
void
gw_document_save_async (GwDocument         *self,
                        GFile              *file,
                        GwSaveFlags         flags,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SaveData *data = g_new0 (SaveData, 1);

  data->scenario = gw_scenario_copy (self->scenario);
  data->view = gw_view_copy (self->view);
  data->file = g_object_ref (file);
  data->as_json = (flags & GW_SAVE_AS_JSON) != 0;
  /* saving over its own file checks that nobody else wrote it meanwhile */
  data->check = !data->as_json && !(flags & GW_SAVE_OVERWRITE_CHANGES) && self->file != NULL
                && g_file_equal (file, self->file) && self->stamp.exists;
  data->expected = self->stamp;
  data->id = top_id (self);
  data->view_serial = self->view_serial;
  g_task_set_name (task, gw_document_save_tag);
  g_task_set_source_tag (task, (gpointer) gw_document_save_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
gw_document_save_finish (GwDocument   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  SaveData *data = g_task_get_task_data (G_TASK (result));
  gboolean was_dirty = gw_document_get_dirty (self);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (!data->as_json)
    {
      gw_document_set_file (self, data->file);
      self->stamp = data->written;
      self->saved_id = data->id;
      self->saved_view_serial = data->view_serial;
      notify_state (self, was_dirty, gw_document_can_undo (self), gw_document_can_redo (self));
    }
  return TRUE;
}
