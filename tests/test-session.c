/* test-session.c: autosave and recovery, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gw-builtin.h"
#include "gw-file.h"
#include "gw-session.h"

/* a process id no system hands out (Linux caps them at 2^22) */
#define GONE_PID "2147483646"

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* The autosave writes on a worker thread: waits for its file. */
static void
wait_for_file (const char *path)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, (gpointer) path);

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_source_remove (timeout);
}

static GwDocument *
baseline_document (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return gw_document_new (s);
}

static void
edit_deal_value (GwDocument *doc,
                 const char *text)
{
  g_autoptr(GError) error = NULL;
  int row = gw_scenario_find_row (gw_document_get_scenario (doc), GW_TABLE_DEALS, "Meta I");
  int field = gw_table_find_field (GW_TABLE_DEALS, "value");

  g_assert_cmpint (row, >=, 0);
  g_assert_cmpint (field, >=, 0);
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, field, text, &error));
  g_assert_no_error (error);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gigawatt-session-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

/* A document with unsaved changes gets a copy that reads back as it is,
 * with its file beside it; saving removes the copy. A clean document
 * gets none. */
static void
test_autosave (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GwSession) session = gw_session_new (dir);
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nowhere/mine.gigawatt");
  g_autoptr(GwScenario) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri_path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *path;

  gw_session_add (session, doc);
  path = gw_session_get_recovery_path (session, doc);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, ".gigawatt"));
  uri_path = g_strconcat (path, ".uri", NULL);

  gw_session_autosave (session);
  g_usleep (200000);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gw_document_set_file (doc, file);
  edit_deal_value (doc, "30B");
  gw_session_autosave (session);
  wait_for_file (path);
  copy = gw_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (copy, gw_document_get_scenario (doc)));
  g_assert_true (g_file_get_contents (uri_path, &uri, NULL, NULL));
  g_assert_cmpstr (uri, ==, "file:///nowhere/mine.gigawatt");
  /* this process is alive: its copies are not offered */
  found = gw_session_list_recoveries (session);
  g_assert_cmpuint (found->len, ==, 0);

  gw_document_mark_saved (doc);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (uri_path, G_FILE_TEST_EXISTS));
  gw_session_remove (session, doc);
  g_assert_null (gw_session_get_recovery_path (session, doc));
  remove_dir (dir);
}

/* Discarding removes the copy; removing the document (a window that goes
 * without asking) keeps it for the next start. */
static void
test_discard_remove (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GwSession) session = gw_session_new (dir);
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autofree char *path = NULL;

  gw_session_add (session, doc);
  path = g_strdup (gw_session_get_recovery_path (session, doc));
  edit_deal_value (doc, "31B");
  gw_session_autosave (session);
  wait_for_file (path);
  gw_session_discard (session, doc);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  edit_deal_value (doc, "32B");
  gw_session_autosave (session);
  wait_for_file (path);
  gw_session_remove (session, doc);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gw_session_discard (session, doc);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

typedef struct
{
  GwDocument *document;
  GError     *error;
  gboolean    done;
} Restored;

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Restored *restored = user_data;

  restored->document = gw_session_restore_finish (GW_SESSION (source), result,
                                                  &restored->error);
  restored->done = TRUE;
}

static void
restore (GwSession  *session,
         const char *path,
         Restored   *restored)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, (gpointer) path);

  memset (restored, 0, sizeof *restored);
  gw_session_restore_async (session, path, NULL, restored_cb, restored);
  while (!restored->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* What a process that is gone left is listed, and restores as a document
 * with unsaved changes on the file it was a copy of; the copy is then
 * gone. A copy that cannot be read says why and is gone too. */
static void
test_recover (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GwSession) session = gw_session_new (dir);
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *orphan = g_build_filename (dir, GONE_PID "-1.gigawatt", NULL);
  g_autofree char *orphan_uri = g_strconcat (orphan, ".uri", NULL);
  g_autofree char *broken = g_build_filename (dir, GONE_PID "-2.gigawatt", NULL);
  g_autofree char *other = g_build_filename (dir, GONE_PID "-3.gigawatt", NULL);
  g_autofree char *mine_name = g_strdup_printf ("%d-9.gigawatt", (int) getpid ());
  g_autofree char *mine = g_build_filename (dir, mine_name, NULL);
  g_autofree char *stray = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  Restored restored;

  edit_deal_value (doc, "33B");
  g_assert_true (gw_file_save (gw_document_get_scenario (doc), orphan, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (orphan_uri, "file:///nowhere/theirs.gigawatt\n", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (broken, "not a scenario", -1, NULL));
  g_assert_true (gw_file_save (gw_document_get_scenario (doc), other, &error));
  g_assert_true (gw_file_save (gw_document_get_scenario (doc), mine, &error));
  g_assert_true (g_file_set_contents (stray, "", -1, NULL));

  found = gw_session_list_recoveries (session);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (found->pdata[0], ==, orphan);
  g_assert_cmpstr (found->pdata[1], ==, broken);
  g_assert_cmpstr (found->pdata[2], ==, other);

  restore (session, orphan, &restored);
  g_assert_no_error (restored.error);
  g_assert_nonnull (restored.document);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (restored.document),
                                    gw_document_get_scenario (doc)));
  g_assert_true (gw_document_get_dirty (restored.document));
  {
    g_autofree char *uri = g_file_get_uri (gw_document_get_file (restored.document));

    g_assert_cmpstr (uri, ==, "file:///nowhere/theirs.gigawatt");
  }
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan_uri, G_FILE_TEST_EXISTS));
  g_clear_object (&restored.document);

  restore (session, broken, &restored);
  g_assert_null (restored.document);
  g_assert_nonnull (restored.error);
  g_test_message ("%s", restored.error->message);
  g_assert_false (g_file_test (broken, G_FILE_TEST_EXISTS));
  g_clear_error (&restored.error);

  gw_session_discard_recovery (session, other);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = gw_session_list_recoveries (session);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

/* A change of the view alone (a card's choice, the focus provider) is
 * unsaved work too: it is autosaved, and the recovered document has it. */
static void
test_autosave_view (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GwSession) session = gw_session_new (dir);
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autofree char *path = NULL;
  Restored restored;

  gw_session_add (session, doc);
  path = g_strdup (gw_session_get_recovery_path (session, doc));
  gw_document_set_chart_choice (doc, "min-dscr", "npv", "Nebius", FALSE);
  gw_document_set_focus_provider (doc, "Lambda");
  g_assert_cmpuint (gw_document_get_serial (doc), ==, 0);
  gw_session_autosave (session);
  wait_for_file (path);

  restore (session, path, &restored);
  g_assert_no_error (restored.error);
  g_assert_nonnull (restored.document);
  g_assert_true (gw_view_equal (gw_document_get_view (restored.document),
                                gw_document_get_view (doc)));
  g_assert_cmpstr (gw_document_get_focus_provider (restored.document), ==, "Lambda");
  g_assert_true (gw_document_get_dirty (restored.document));
  g_clear_object (&restored.document);
  gw_session_remove (session, doc);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gw/session/autosave", test_autosave);
  g_test_add_func ("/gw/session/discard-remove", test_discard_remove);
  g_test_add_func ("/gw/session/recover", test_recover);
  g_test_add_func ("/gw/session/autosave-view", test_autosave_view);
  return g_test_run ();
}
