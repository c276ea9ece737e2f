/* gw-session.c: autosave and recovery of unsaved work (GTK-free)
 *
 * Each window's document is added to the session, which writes a copy of
 * it to the recovery folder every 15 s while it has unsaved changes
 * (<pid>-<n>.gigawatt, with the document's own file's URI beside it in
 * <pid>-<n>.gigawatt.uri) and removes the copy once the changes are
 * saved or discarded. After a crash, the copies of processes that are
 * gone are what the application offers to restore at its next start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gw-file.h"
#include "gw-session.h"

#define AUTOSAVE_SECONDS 15

struct _GwSession
{
  GObject    parent_instance;

  char      *directory;
  GPtrArray *entries;       /* Entry */
  guint      autosave_id;
};

G_DEFINE_FINAL_TYPE (GwSession, gw_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GwDocument *document;
  char       *path;
  guint       autosaved_serial;
  guint       autosaved_view_serial;
  gulong      dirty_handler;
} Entry;

/* What an autosave writes: copies of the scenario and its view as they
 * were when it started. */
typedef struct
{
  GwScenario *scenario;
  GwView     *view;
} Copy;

static void
copy_free (Copy *copy)
{
  gw_scenario_free (copy->scenario);
  gw_view_free (copy->view);
  g_free (copy);
}

static void
remove_files (const char *path)
{
  g_autofree char *uri = g_strconcat (path, ".uri", NULL);

  g_unlink (path);
  g_unlink (uri);
}

static void
entry_free (Entry *entry)
{
  g_clear_signal_handler (&entry->dirty_handler, entry->document);
  g_object_unref (entry->document);
  g_free (entry->path);
  g_free (entry);
}

static Entry *
find_entry (GwSession  *self,
            GwDocument *document)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (entry->document == document)
        return entry;
    }
  return NULL;
}

static void
autosave_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Copy *copy = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  GError *error = NULL;

  g_mkdir_with_parents (dir, 0700);
  if (gw_file_save_full (copy->scenario, copy->view, tmp, &error) && g_rename (tmp, path) == 0)
    g_task_return_boolean (task, TRUE);
  else
    {
      g_unlink (tmp);
      if (error == NULL)
        error = g_error_new (GW_ERROR, GW_ERROR_IO, _("Cannot write the recovery file"));
      g_task_return_error (task, error);
    }
}

static void
autosave_entry (Entry *entry)
{
  g_autoptr(GTask) task = NULL;
  guint serial = gw_document_get_serial (entry->document);
  guint view_serial = gw_document_get_view_serial (entry->document);
  GFile *file;
  Copy *copy;

  /* a chart chosen is as much the user's work as a number typed */
  if (!gw_document_get_dirty (entry->document)
      || (serial == entry->autosaved_serial && view_serial == entry->autosaved_view_serial))
    return;
  entry->autosaved_serial = serial;
  entry->autosaved_view_serial = view_serial;
  copy = g_new0 (Copy, 1);
  copy->scenario = gw_scenario_copy (gw_document_get_scenario (entry->document));
  copy->view = gw_view_copy (gw_document_get_view (entry->document));
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_name (task, "gw-session-autosave");
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (entry->path), g_free);
  g_task_set_task_data (task, copy, (GDestroyNotify) copy_free);
  g_task_run_in_thread (task, autosave_thread);
  file = gw_document_get_file (entry->document);
  if (file != NULL)
    {
      g_autofree char *uri_path = g_strconcat (entry->path, ".uri", NULL);
      g_autofree char *uri = g_file_get_uri (file);

      g_file_set_contents (uri_path, uri, -1, NULL);
    }
}

/**
 * gw_session_autosave:
 *
 * Writes a recovery copy of each document with changes not yet saved nor
 * copied, on worker threads. The session does it every 15 s by itself.
 */
void
gw_session_autosave (GwSession *self)
{
  g_return_if_fail (GW_IS_SESSION (self));

  for (guint i = 0; i < self->entries->len; i++)
    autosave_entry (self->entries->pdata[i]);
}

static gboolean
autosave_cb (gpointer user_data)
{
  gw_session_autosave (user_data);
  return G_SOURCE_CONTINUE;
}

static void
dirty_changed_cb (GwDocument *document,
                  GParamSpec *pspec,
                  Entry      *entry)
{
  if (!gw_document_get_dirty (document))
    remove_files (entry->path);
}

/**
 * gw_session_add:
 *
 * Starts autosaving @document (a window shows it).
 */
void
gw_session_add (GwSession  *self,
                GwDocument *document)
{
  static guint counter;
  g_autofree char *name = NULL;
  Entry *entry;

  g_return_if_fail (GW_IS_SESSION (self));
  g_return_if_fail (GW_IS_DOCUMENT (document));

  if (find_entry (self, document) != NULL)
    return;
  name = g_strdup_printf ("%d-%u.gigawatt", (int) getpid (), ++counter);
  entry = g_new0 (Entry, 1);
  entry->document = g_object_ref (document);
  entry->path = g_build_filename (self->directory, name, NULL);
  entry->dirty_handler = g_signal_connect (document, "notify::dirty",
                                           G_CALLBACK (dirty_changed_cb), entry);
  g_ptr_array_add (self->entries, entry);
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
}

/**
 * gw_session_remove:
 *
 * Stops autosaving @document. Its recovery copy stays, if it has one:
 * only gw_session_discard() and saving remove it.
 */
void
gw_session_remove (GwSession  *self,
                   GwDocument *document)
{
  Entry *entry;

  g_return_if_fail (GW_IS_SESSION (self));

  entry = find_entry (self, document);
  if (entry == NULL)
    return;
  g_ptr_array_remove_fast (self->entries, entry);
  if (self->entries->len == 0)
    g_clear_handle_id (&self->autosave_id, g_source_remove);
}

/**
 * gw_session_discard:
 *
 * Removes @document's recovery copy: its changes were saved elsewhere, or
 * the user chose to lose them.
 */
void
gw_session_discard (GwSession  *self,
                    GwDocument *document)
{
  Entry *entry;

  g_return_if_fail (GW_IS_SESSION (self));

  entry = find_entry (self, document);
  if (entry != NULL)
    remove_files (entry->path);
}

/* Where @document's recovery copy goes, or NULL if it is not added. */
const char *
gw_session_get_recovery_path (GwSession  *self,
                              GwDocument *document)
{
  Entry *entry;

  g_return_val_if_fail (GW_IS_SESSION (self), NULL);

  entry = find_entry (self, document);
  return entry != NULL ? entry->path : NULL;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/**
 * gw_session_list_recoveries:
 *
 * Returns: (transfer container) (element-type filename): the recovery
 *   copies left by processes that are gone, sorted
 */
GPtrArray *
gw_session_list_recoveries (GwSession *self)
{
  g_autoptr(GDir) dir = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (GW_IS_SESSION (self), files);

  dir = g_dir_open (self->directory, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int pid = atoi (name);

      if (!g_str_has_suffix (name, ".gigawatt"))
        continue;
      if (pid == getpid () || (pid > 0 && kill (pid, 0) == 0))
        continue;
      g_ptr_array_add (files, g_build_filename (self->directory, name, NULL));
    }
  g_ptr_array_sort (files, compare_paths);
  return files;
}

/* Removes a recovery copy that the user does not want back. */
void
gw_session_discard_recovery (GwSession  *self,
                             const char *path)
{
  g_return_if_fail (GW_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  remove_files (path);
}

static void
restore_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *path = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  GwScenario *s = gw_document_load_finish (result, &info, &error);
  GwDocument *document = NULL;

  if (s != NULL)
    {
      g_autofree char *uri_path = g_strconcat (path, ".uri", NULL);
      g_autofree char *uri = NULL;

      document = gw_document_new_full (s, g_steal_pointer (&info.view));
      if (g_file_get_contents (uri_path, &uri, NULL, NULL))
        {
          g_autoptr(GFile) file = g_file_new_for_uri (g_strstrip (uri));

          gw_document_set_file (document, file);
        }
      gw_document_mark_unsaved (document);
    }
  /* restored or unreadable, it is not offered again */
  remove_files (path);
  if (document != NULL)
    g_task_return_pointer (task, document, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static const char restore_tag[] = "gw_session_restore_async";

/**
 * gw_session_restore_async:
 * @path: a recovery copy, from gw_session_list_recoveries()
 *
 * Reads the copy on a worker thread, into a document that has the file
 * it was a copy of and is marked unsaved, and removes the copy.
 */
void
gw_session_restore_async (GwSession           *self,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GFile) file = NULL;
  GTask *task;

  g_return_if_fail (GW_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) restore_tag);
  g_task_set_task_data (task, g_strdup (path), g_free);
  file = g_file_new_for_path (path);
  gw_document_load_async (file, cancellable, restore_loaded_cb, task);
}

/**
 * gw_session_restore_finish:
 *
 * Returns: (transfer full) (nullable): the restored document, or NULL
 *   with @error set
 */
GwDocument *
gw_session_restore_finish (GwSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
gw_session_get_directory (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->directory;
}

static void
gw_session_dispose (GObject *object)
{
  GwSession *self = GW_SESSION (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_ptr_array_set_size (self->entries, 0);
  G_OBJECT_CLASS (gw_session_parent_class)->dispose (object);
}

static void
gw_session_finalize (GObject *object)
{
  GwSession *self = GW_SESSION (object);

  g_ptr_array_unref (self->entries);
  g_free (self->directory);
  G_OBJECT_CLASS (gw_session_parent_class)->finalize (object);
}

static void
gw_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GwSession *self = GW_SESSION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GwSession *self = GW_SESSION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_session_class_init (GwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_session_dispose;
  object_class->finalize = gw_session_finalize;
  object_class->get_property = gw_session_get_property;
  object_class->set_property = gw_session_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_session_init (GwSession *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

/**
 * gw_session_new:
 * @directory: the recovery folder
 */
GwSession *
gw_session_new (const char *directory)
{
  g_return_val_if_fail (directory != NULL, NULL);
  return g_object_new (GW_TYPE_SESSION, "directory", directory, NULL);
}

/**
 * gw_session_get_default:
 *
 * Returns: (transfer none): the process's session, on
 *   $XDG_DATA_HOME/gigawatt/recovery
 */
GwSession *
gw_session_get_default (void)
{
  static gsize the_one;

  if (g_once_init_enter (&the_one))
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gigawatt", "recovery",
                                               NULL);

      g_once_init_leave (&the_one, (gsize) gw_session_new (dir));
    }
  return (GwSession *) the_one;
}
