/* test-hostile.c: files an attacker could hand Gigawatt (issue 14)
 *
 * Each case checks that the input is refused with a message that says what
 * is wrong and where, that nothing crashed, and that nothing on disk was
 * changed or lost. The small hostile files are in tests/data/hostile/ (with
 * the phrase each message must contain in expected.txt); large and deep
 * ones are made here at run time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gigawatt-model.h"
#include "gw-file-private.h"
#include "gw-json.h"

/* Helpers --------------------------------------------------------------- */

static char *
small_json (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "small.json", NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

/* Replaces the one occurrence of @from in @text. */
static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, from));
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* The JSON is refused with @code, and the message has every phrase. */
static void
assert_json_refused (const char *data,
                     gssize      length,
                     int         code,
                     ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_json_from_data (data, length, "hostile.json", &error);
  const char *phrase;
  va_list args;

  g_assert_null (s);
  g_assert_error (error, GW_ERROR, code);
  g_assert_nonnull (strstr (error->message, "hostile.json"));
  g_assert_null (strchr (error->message, '\n'));
  va_start (args, code);
  while ((phrase = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, phrase) == NULL)
      g_error ("“%s” is not in the message “%s”", phrase, error->message);
  va_end (args);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static GwScenario *
load_any (const char  *path,
          GError     **error)
{
  return g_str_has_suffix (path, ".json") ? gw_json_load (path, error)
                                          : gw_file_load (path, error);
}

/* Every file of tests/data/hostile is refused with its phrase -------------- */

static void
test_fixtures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autofree char *list = g_build_filename (dir, "expected.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "|", 2);
      g_autofree char *path = NULL;
      g_autofree char *before = NULL, *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwScenario) s = NULL;

      if (lines[i][0] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      path = g_build_filename (dir, parts[0], NULL);
      before = file_checksum (path);
      s = load_any (path, &error);
      g_test_message ("%s: %s", parts[0], error ? error->message : "accepted");
      g_assert_null (s);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, parts[0]));
      if (strstr (error->message, parts[1]) == NULL)
        g_error ("%s: “%s” is not in the message “%s”", parts[0], parts[1], error->message);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
      n++;
    }
  g_assert_cmpuint (n, >=, 18);
}

/* JSON: depth, emptiness, strictness ------------------------------------ */

static void
test_json_deep (void)
{
  const gsize depth = 75000;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *json = small_json ();
  g_autofree char *brackets = NULL;
  g_autofree char *nested = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GError) error = NULL;

  /* 75,000 arrays: refused at the 65th, byte offset 64 */
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  assert_json_refused (text->str, text->len, GW_ERROR_LIMIT, "byte 64", "64 levels", NULL);

  /* objects, inside a scenario, unclosed */
  g_string_truncate (text, 0);
  g_string_append (text, "{\"format\": \"gigawatt-scenario\", \"scenario\": ");
  for (gsize i = 0; i < depth; i++)
    g_string_append (text, "{\"a\": ");
  assert_json_refused (text->str, text->len, GW_ERROR_LIMIT, "line 1", "64 levels", NULL);

  /* 64 levels are fine as far as depth goes (it is not a scenario) */
  g_string_truncate (text, 0);
  for (gsize i = 0; i < 64; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < 64; i++)
    g_string_append_c (text, ']');
  assert_json_refused (text->str, text->len, GW_ERROR_NOT_GIGAWATT, "not an object", NULL);

  /* brackets and escaped quotes inside strings are text, not nesting */
  brackets = g_strnfill (200, '[');
  nested = g_strdup_printf ("\"name\": \"Small \\\"%s\\\" {{\"", brackets);
  g_free (json);
  json = small_json ();
  {
    g_autofree char *edited = replace_once (json, "\"name\": \"Small\"", nested);

    s = gw_json_from_data (edited, -1, "brackets.json", &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (s->info.name, brackets));
  }
}

static void
test_json_empty (void)
{
  assert_json_refused ("", 0, GW_ERROR_NOT_GIGAWATT, "empty", NULL);
  assert_json_refused (" \n\t\r\n ", -1, GW_ERROR_NOT_GIGAWATT, "empty", NULL);
  assert_json_refused ("\xef\xbb\xbf\n", -1, GW_ERROR_NOT_GIGAWATT, "empty", NULL);
}

static void
test_json_strict (void)
{
  g_autofree char *json = small_json ();
  struct
  {
    const char *from, *to;
    const char *phrases[3];
  } cases[] = {
    /* past 2^63 json-glib reads -1 */
    { "\"seed\": 42", "\"seed\": 9223372036854775808",
      { ".scenario.seed", "9223372036854775808 is too large" } },
    { "\"hbm_gb\": 0", "\"hbm_gb\": -18446744073709551617",
      { ".generations[0].hbm_gb", "too large" } },
    { "\"unit_capex\": 40000", "\"unit_capex\": 1e999",
      { ".generations[0].unit_capex", "1e999 is too large" } },
    /* json-glib keeps the last of two */
    { "\"seed\": 42", "\"seed\": 42, \"seed\": 43",
      { ".scenario.seed", "“seed” appears twice" } },
    { "\"format\": \"gigawatt-scenario\"",
      "\"format\": \"gigawatt-scenario\", \"form\\u0061t\": \"gigawatt-scenario\"",
      { "line 2", "“format” appears twice" } },
    /* json-glib cuts a string at \u0000 */
    { "\"name\": \"G1\"", "\"name\": \"G1\\u0000evil\"",
      { ".generations[0].name", "NUL character" } },
    { "\"name\": \"G1\"", "\"na\\u0000me\": \"G1\"", { ".generations[0]", "NUL" } },
    /* and reads a lone surrogate as it likes */
    { "\"name\": \"G1\"", "\"name\": \"G1\\udc00\"", { ".generations[0].name", "surrogate" } },
    { "\"name\": \"G1\"", "\"name\": \"G1\\ud800x\"", { ".generations[0].name", "surrogate" } },
    { "\"name\": \"G1\"", "\"name\": \"G1\x01\"", { "control character 0x01" } },
    { "\"name\": \"G1\"", "\"name\": \"G1\xc3\x28\"", { "not valid UTF-8" } },
    { "\"actuals\": []\n}", "\"actuals\": []\n}\n{\"format\": 1}",
      { "line 37, column 1", "after the end of the document" } },
    { "\"actuals\": []\n}", "\"actuals\": []\n} x", { "“x” after the end" } },
    { "\"actuals\": []", "\"actuals\": [],", { "expected a member name" } },
    { "\"horizon\": 4", "\"horizon\": 04", { ".scenario.horizon", "start with 0" } },
    { "\"horizon\": 4", "\"horizon\": NaN", { ".scenario.horizon", "expected a value" } },
    { "\"schema_version\": \"2.0\"", "\"schema_version\": \"0.9\"", { "0.9" } },
    { "\"schema_version\": \"2.0\"", "\"schema_version\": 2.0", { "schema_version" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *edited = replace_once (json, cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwScenario) s = gw_json_from_data (edited, -1, "hostile.json", &error);

      g_autofree char *shown = g_strescape (cases[i].to, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_null (s);
      g_assert_nonnull (error);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_nonnull (strstr (error->message, "hostile.json"));
      for (guint p = 0; p < G_N_ELEMENTS (cases[i].phrases) && cases[i].phrases[p]; p++)
        if (strstr (error->message, cases[i].phrases[p]) == NULL)
          g_error ("case %u: “%s” is not in the message “%s”", i, cases[i].phrases[p],
                   error->message);
    }

  /* what the strict reading still accepts: a byte order mark, a big
   * number with an exponent, the largest gint64, escapes that mean text */
  {
    g_autofree char *a = g_strconcat ("\xef\xbb\xbf", json, NULL);
    g_autofree char *b = replace_once (json, "\"unit_supply_0\": 1000000",
                                       "\"unit_supply_0\": 1e20");
    g_autofree char *c = replace_once (json, "\"name\": \"Small\"",
                                       "\"name\": \"Sm\\u00e4ll \\ud83d\\ude00 \\/\"");
    const char *accepted[] = { json, a, b, c };

    for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GwScenario) s = gw_json_from_data (accepted[i], -1, "fine.json", &error);

        g_assert_no_error (error);
        g_assert_nonnull (s);
        if (accepted[i] == c)
          g_assert_cmpstr (s->info.name, ==, "Smäll \xf0\x9f\x98\x80 /");
      }
  }
}

/* Input that is not a regular file, or too large ------------------------ */

static void
assert_load_refused (const char *path,
                     gboolean    json,
                     int         code,
                     const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = json ? gw_json_load (path, &error) : gw_file_load (path, &error);

  g_assert_null (s);
  g_assert_error (error, GW_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, phrase) == NULL)
    g_error ("%s: “%s” is not in the message “%s”", path, phrase, error->message);
}

/* A FIFO blocked the loader for ever and /dev/zero was read without end,
 * so the cases run in a child with a time limit. */
static void
test_input_not_regular (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *fifo = NULL, *link = NULL, *big = NULL, *big_json = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  fifo = g_build_filename (dir, "fifo.json", NULL);
  link = g_build_filename (dir, "zero.gigawatt", NULL);
  big = g_build_filename (dir, "big.gigawatt", NULL);
  big_json = g_build_filename (dir, "big.json", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", link), ==, 0);

  for (int json = 0; json < 2; json++)
    {
      assert_load_refused (fifo, json, GW_ERROR_IO, "is a named pipe (FIFO), not a regular file");
      assert_load_refused ("/dev/zero", json, GW_ERROR_IO, "is a character device");
      assert_load_refused (link, json, GW_ERROR_IO, "“zero.gigawatt” is a character device");
      assert_load_refused (dir, json, GW_ERROR_IO, "is a folder");
    }

  /* sparse files past the limits are refused without being read */
  {
    int fd = open (big, O_CREAT | O_WRONLY, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) GW_FILE_MAX_SIZE + 1), ==, 0);
    close (fd);
    fd = open (big_json, O_CREAT | O_WRONLY, 0600);
    g_assert_cmpint (ftruncate (fd, (off_t) GW_JSON_MAX_SIZE + 1), ==, 0);
    close (fd);
  }
  assert_load_refused (big, FALSE, GW_ERROR_LIMIT, "is larger than 256 MB");
  assert_load_refused (big_json, TRUE, GW_ERROR_LIMIT, "is larger than 64 MB");

  g_unlink (fifo);
  g_unlink (link);
  g_unlink (big);
  g_unlink (big_json);
  g_rmdir (dir);
}

/* Journals beside a .gigawatt file ---------------------------------------- */

/* A VFS that forgets to delete rollback journals: a COMMIT then leaves the
 * file as a writer killed between writing the database and deleting its
 * journal does, which SQLite rolls back on the next open. */
static sqlite3_vfs keep_journal_vfs;
static sqlite3_vfs *real_vfs;

/* The copy keeps the unix VFS's pAppData, which its locking needs. */
static int
keep_journal_delete (sqlite3_vfs *vfs,
                     const char  *name,
                     int          sync_dir)
{
  if (g_str_has_suffix (name, "-journal"))
    return SQLITE_OK;
  return real_vfs->xDelete (vfs, name, sync_dir);
}

static void
register_keep_journal_vfs (void)
{
  if (sqlite3_vfs_find ("gw-test-keep-journal"))
    return;
  real_vfs = sqlite3_vfs_find (NULL);
  keep_journal_vfs = *real_vfs;
  keep_journal_vfs.zName = "gw-test-keep-journal";
  keep_journal_vfs.xDelete = keep_journal_delete;
  sqlite3_vfs_register (&keep_journal_vfs, 0);
}

static void
sql (const char *path,
     const char *vfs,
     const char *statements)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, vfs), ==, SQLITE_OK);
  if (sqlite3_exec (db, statements, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statements, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The scenario name as SQLite itself reads the file (rolling back a hot
 * journal), from a copy so that the original is left as it is. */
static char *
name_as_sqlite_reads (const char *dir,
                      const char *path)
{
  g_autofree char *copy = g_build_filename (dir, "sqlite-copy.gigawatt", NULL);
  g_autofree char *copy_journal = g_strconcat (copy, "-journal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *data = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *name;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (g_file_set_contents (copy, data, length, NULL));
  g_clear_pointer (&data, g_free);
  if (g_file_get_contents (journal, &data, &length, NULL))
    g_assert_true (g_file_set_contents (copy_journal, data, length, NULL));
  g_assert_cmpint (sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM scenario", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_unlink (copy);
  g_unlink (copy_journal);
  return name;
}

static GwScenario *
small_scenario (void)
{
  g_autofree char *json = small_json ();
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_json_from_data (json, -1, "small.json", &error);

  g_assert_no_error (error);
  return s;
}

/* A hot journal: the file holds a write that SQLite would roll back. The
 * loader must read what SQLite would, or refuse; never the rolled-back
 * data. */
static void
test_hot_journal (void)
{
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hot.gigawatt", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *truth = NULL;
  g_autofree char *sum = NULL, *journal_sum = NULL, *after = NULL;

  register_keep_journal_vfs ();
  g_assert_true (gw_file_save (small, path, &error));
  sql (path, "gw-test-keep-journal", "PRAGMA journal_mode = DELETE; BEGIN; "
       "UPDATE scenario SET name = 'Rolled back'; COMMIT;");
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  truth = name_as_sqlite_reads (dir, path);
  g_assert_cmpstr (truth, ==, "Small");
  sum = file_checksum (path);
  journal_sum = file_checksum (journal);

  s = gw_file_load (path, &error);
  if (s != NULL)
    g_assert_cmpstr (s->info.name, ==, truth);
  else
    {
      g_assert_error (error, GW_ERROR, GW_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "“hot.gigawatt” has an unfinished write "
                                                "(hot.gigawatt-journal)"));
      g_assert_nonnull (strstr (error->message, "roll it back"));
      g_assert_null (strchr (error->message, '\n'));
    }
  /* nothing was changed: not the file, not the journal */
  after = file_checksum (path);
  g_assert_cmpstr (sum, ==, after);
  g_free (after);
  after = file_checksum (journal);
  g_assert_cmpstr (journal_sum, ==, after);

  /* a journal whose header is zeroed (journal_mode=PERSIST) or that is
   * empty (TRUNCATE) is not hot, for SQLite and for the loader */
  g_clear_error (&error);
  g_clear_pointer (&s, gw_scenario_free);
  g_assert_true (gw_file_save (small, path, &error));
  g_assert_true (g_file_set_contents (journal, "", 0, NULL));
  s = gw_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->info.name, ==, "Small");
  g_clear_pointer (&s, gw_scenario_free);
  {
    char zeros[512] = { 0 };

    g_assert_true (g_file_set_contents (journal, zeros, sizeof zeros, NULL));
  }
  s = gw_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->info.name, ==, "Small");

  g_unlink (journal);
  g_unlink (path);
  g_rmdir (dir);
}

/* Another program in the middle of a transaction: with only a RESERVED
 * lock it has not touched the file, which reads as before; with an
 * EXCLUSIVE lock it may be writing it, and the loader refuses. */
static void
test_live_writer (void)
{
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "live.gigawatt", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  const char *begin[] = { "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE" };

  g_assert_true (gw_file_save (small, path, &error));
  for (guint i = 0; i < G_N_ELEMENTS (begin); i++)
    {
      g_autoptr(GwScenario) s = NULL;
      int ready[2], done[2];
      char byte = 0;
      pid_t child;
      int status;

      g_assert_cmpint (pipe (ready), ==, 0);
      g_assert_cmpint (pipe (done), ==, 0);
      child = fork ();
      g_assert_cmpint (child, >=, 0);
      if (child == 0)
        {
          sqlite3 *db = NULL;
          g_autofree char *statements = g_strdup_printf (
            "%s; UPDATE scenario SET name = 'Uncommitted';", begin[i]);

          close (ready[0]);
          close (done[1]);
          if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
              sqlite3_exec (db, statements, NULL, NULL, NULL) != SQLITE_OK ||
              write (ready[1], "x", 1) != 1 || read (done[0], &byte, 1) != 1)
            _exit (1);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          sqlite3_close (db);
          _exit (0);
        }
      close (ready[1]);
      close (done[0]);
      g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
      g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));

      s = gw_file_load (path, &error);
      if (i == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (s->info.name, ==, "Small");
        }
      else
        {
          g_assert_null (s);
          g_assert_error (error, GW_ERROR, GW_ERROR_IO);
          g_assert_nonnull (strstr (error->message, "“live.gigawatt” is being written by "
                                                    "another program"));
          g_clear_error (&error);
        }
      g_assert_cmpint (write (done[1], "x", 1), ==, 1);
      g_assert_cmpint (waitpid (child, &status, 0), ==, child);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      close (ready[0]);
      close (done[1]);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* A file that another program left in WAL mode: with changes in its -wal
 * it is refused (they are not in the file); without, it opens (it was
 * called damaged). */
static void
test_wal (void)
{
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wal.gigawatt", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.gigawatt", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *data = NULL;
  gsize length;
  sqlite3 *db = NULL;

  g_assert_true (gw_file_save (small, path, &error));
  sql (path, NULL, "PRAGMA journal_mode = WAL; UPDATE scenario SET name = 'In WAL mode';");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  s = gw_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->info.name, ==, "In WAL mode");
  g_clear_pointer (&s, gw_scenario_free);

  /* a copy taken while a connection holds changes in the log */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0; "
                                 "UPDATE scenario SET name = 'Only in the log';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (g_file_set_contents (copy, data, length, NULL));
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (wal, &data, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  g_assert_true (g_file_set_contents (copy_wal, data, length, NULL));
  sqlite3_close (db);

  s = gw_file_load (copy, &error);
  if (s != NULL)
    g_assert_cmpstr (s->info.name, ==, "Only in the log");
  else
    {
      g_assert_error (error, GW_ERROR, GW_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "copy.gigawatt-wal"));
    }
  g_unlink (copy);
  g_unlink (copy_wal);
  g_unlink (path);
  g_unlink (wal);
  g_rmdir (dir);
}

/* A row SQLite cannot read ------------------------------------------------ */

/* A cell past the loader's 64 MB SQLite length limit passes quick_check
 * (which looks at the cell's type, not its value) and fails the read of
 * its row; the message names table, row and field. */
static void
test_unreadable_row (void)
{
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge-cell.gigawatt", NULL);
  struct
  {
    const char *sql;
    const char *phrase;
  } cases[] = {
    { "UPDATE scenario SET description = printf('%.*c', 70000000, 'x')",
      "“huge-cell.gigawatt”, table scenario, row id 1, field “description”: the value is "
      "larger than 64 MB" },
    { "UPDATE generations SET source = printf('%.*c', 70000000, 'y')",
      "table generations, row id 1, field “source”: the value is larger than 64 MB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwScenario) s = NULL;
      g_autofree char *before = NULL, *after = NULL;

      g_assert_true (gw_file_save (small, path, &error));
      sql (path, NULL, cases[i].sql);
      before = file_checksum (path);
      s = gw_file_load (path, &error);
      g_assert_null (s);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (strstr (error->message, cases[i].phrase) == NULL)
        g_error ("“%s” is not in the message “%s”", cases[i].phrase, error->message);
      g_clear_error (&error);
      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Saving over what is at the path ----------------------------------------- */

typedef gboolean (*SaveFunc) (const GwScenario *scenario,
                              const char       *path,
                              GError          **error);

static GwScenario *
named (const GwScenario *base,
       const char       *name)
{
  GwScenario *s = gw_scenario_copy (base);

  g_free (s->info.name);
  s->info.name = g_strdup (name);
  return s;
}

/* The name of the scenario in @path, or NULL where it does not load. */
static char *
saved_name (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = load_any (path, &error);

  return s != NULL ? g_strdup (s->info.name) : NULL;
}

static void
assert_save_refused (SaveFunc          save,
                     const GwScenario *scenario,
                     const char       *path,
                     const char       *phrase)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (save (scenario, path, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, phrase) == NULL)
    g_error ("“%s” is not in the message “%s”", phrase, error->message);
}

/* How many entries @dir holds whose names end in @suffix. */
static guint
count_entries (const char *dir,
               const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, suffix);
  return n;
}

static void
test_save_target (gconstpointer data)
{
  gboolean json = GPOINTER_TO_INT (data);
  SaveFunc save = json ? gw_json_save : gw_file_save;
  const char *ext = json ? ".json" : ".gigawatt";
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GwScenario) first = named (small, "First");
  g_autoptr(GwScenario) second = named (small, "Second");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_strconcat (dir, "/file", ext, NULL);
  g_autofree char *name = NULL;
  GStatBuf st;
  mode_t old_umask = umask (022);

  /* a new file gets the mode of any new file; an existing one keeps its own */
  g_assert_true (save (first, path, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  for (guint i = 0; i < 3; i++)
    {
      const mode_t modes[] = { 0600, 0640, 0664 };

      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      g_assert_true (save (i % 2 ? first : second, path, &error));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, modes[i]);
    }

  /* a read-only file is not replaced, also for root */
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  name = saved_name (path);
  assert_save_refused (save, first, path, "is read-only");
  {
    g_autofree char *after = saved_name (path);

    g_assert_cmpstr (after, ==, name);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 07777, ==, 0444);
  }
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  /* a symbolic link (relative, in a chain, dangling) stays a link and its
   * target gets the new contents */
  {
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);
    g_autofree char *target = g_strconcat (sub, "/target", ext, NULL);
    g_autofree char *link1 = g_strconcat (dir, "/link1", ext, NULL);
    g_autofree char *link2 = g_strconcat (dir, "/link2", ext, NULL);
    g_autofree char *relative = g_strconcat ("sub/target", ext, NULL);
    g_autofree char *back = g_strconcat ("link1", ext, NULL);
    g_autofree char *read_back = NULL;

    g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
    g_assert_cmpint (symlink (relative, link1), ==, 0);
    g_assert_cmpint (symlink (back, link2), ==, 0);
    /* dangling: the save creates the target */
    g_assert_true (save (first, link2, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_lstat (link2, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    g_assert_cmpint (g_lstat (link1, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    g_free (name);
    name = saved_name (target);
    g_assert_cmpstr (name, ==, "First");
    g_assert_cmpint (g_chmod (target, 0600), ==, 0);
    g_assert_true (save (second, link2, &error));
    g_assert_cmpint (g_lstat (link1, &st), ==, 0);
    g_assert_true (S_ISLNK (st.st_mode));
    read_back = g_file_read_link (link1, NULL);
    g_assert_cmpstr (read_back, ==, relative);
    g_free (name);
    name = saved_name (target);
    g_assert_cmpstr (name, ==, "Second");
    g_assert_cmpint (g_stat (target, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 07777, ==, 0600);
    g_assert_cmpuint (count_entries (dir, ".gigawatt-tmp"), ==, 0);
    g_assert_cmpuint (count_entries (sub, ".gigawatt-tmp"), ==, 0);

    /* a loop of links */
    g_unlink (link1);
    g_assert_cmpint (symlink (back, link1), ==, 0);
    assert_save_refused (save, first, link1, "symbolic links");
    g_unlink (link1);
    g_unlink (link2);
    g_unlink (target);
    g_rmdir (sub);
  }

  /* hard links: both names see the new contents, and stay one file */
  {
    g_autofree char *other = g_strconcat (dir, "/other", ext, NULL);
    GStatBuf a, b;

    g_assert_true (save (first, path, &error));
    g_assert_cmpint (link (path, other), ==, 0);
    g_assert_true (save (second, path, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (path, &a), ==, 0);
    g_assert_cmpint (g_stat (other, &b), ==, 0);
    g_assert_cmpuint (a.st_ino, ==, b.st_ino);
    g_assert_cmpuint (a.st_nlink, ==, 2);
    g_free (name);
    name = saved_name (other);
    g_assert_cmpstr (name, ==, "Second");
    /* shorter contents leave no tail of the longer ones */
    {
      g_autoptr(GwScenario) shorter = named (small, "S");

      g_free (shorter->info.description);
      shorter->info.description = g_strdup ("");
      g_assert_true (save (shorter, other, &error));
      g_free (name);
      name = saved_name (path);
      g_assert_cmpstr (name, ==, "S");
    }
    g_assert_cmpuint (count_entries (dir, ".gigawatt-tmp"), ==, 0);
    g_unlink (other);
  }

  /* what is not a regular file is not replaced */
  {
    g_autofree char *fifo = g_strconcat (dir, "/fifo", ext, NULL);
    g_autofree char *folder = g_strconcat (dir, "/folder", ext, NULL);
    g_autofree char *device = g_strconcat (dir, "/null", ext, NULL);

    g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
    assert_save_refused (save, first, fifo, "is a named pipe (FIFO), not a regular file");
    g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
    assert_save_refused (save, first, folder, "is a folder, not a regular file");
    g_assert_cmpint (g_lstat (folder, &st), ==, 0);
    g_assert_true (S_ISDIR (st.st_mode));
    /* a device node of our own (as root; /dev/null itself is not put at risk) */
    if (mknod (device, S_IFCHR | 0666, makedev (1, 3)) == 0)
      {
        assert_save_refused (save, first, device, "is a character device, not a regular file");
        g_assert_cmpint (g_lstat (device, &st), ==, 0);
        g_assert_true (S_ISCHR (st.st_mode));
        g_unlink (device);
      }
    else
      g_test_message ("no device node test: mknod: %s", g_strerror (errno));
    g_assert_cmpuint (count_entries (dir, ".gigawatt-tmp"), ==, 0);
    g_unlink (fifo);
    g_rmdir (folder);
  }

  umask (old_umask);
  g_unlink (path);
  g_assert_cmpuint (count_entries (dir, ""), ==, 0);
  g_rmdir (dir);
}

/* A save killed half-way --------------------------------------------------- */

/* A VFS that kills the process once a byte budget of writes is spent: a
 * save killed with SIGKILL at a chosen point, without a race. */
static sqlite3_vfs kill_vfs;
static sqlite3_io_methods kill_methods;
static sqlite3_int64 kill_budget;

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} KillFile;

static int
kill_write (sqlite3_file *f, const void *data, int n, sqlite3_int64 offset)
{
  KillFile *kf = (KillFile *) f;

  kill_budget -= n;
  if (kill_budget < 0)
    raise (SIGKILL);
  return kf->real->pMethods->xWrite (kf->real, data, n, offset);
}

static int
kill_close (sqlite3_file *f)
{
  KillFile *kf = (KillFile *) f;
  int rc = kf->real->pMethods->xClose (kf->real);

  sqlite3_free (kf->real);
  return rc;
}

#define KILL_FORWARD(name, sig, args) \
  static int kill_##name sig { KillFile *kf = (KillFile *) f; \
    return kf->real->pMethods->x##name args; }
KILL_FORWARD (Read, (sqlite3_file *f, void *d, int n, sqlite3_int64 o), (kf->real, d, n, o))
KILL_FORWARD (Truncate, (sqlite3_file *f, sqlite3_int64 s), (kf->real, s))
KILL_FORWARD (Sync, (sqlite3_file *f, int flags), (kf->real, flags))
KILL_FORWARD (FileSize, (sqlite3_file *f, sqlite3_int64 *s), (kf->real, s))
KILL_FORWARD (Lock, (sqlite3_file *f, int l), (kf->real, l))
KILL_FORWARD (Unlock, (sqlite3_file *f, int l), (kf->real, l))
KILL_FORWARD (CheckReservedLock, (sqlite3_file *f, int *r), (kf->real, r))
KILL_FORWARD (FileControl, (sqlite3_file *f, int op, void *a), (kf->real, op, a))
KILL_FORWARD (SectorSize, (sqlite3_file *f), (kf->real))
KILL_FORWARD (DeviceCharacteristics, (sqlite3_file *f), (kf->real))

static int
kill_open (G_GNUC_UNUSED sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
           int *out)
{
  sqlite3_vfs *real = sqlite3_vfs_find ("unix");
  KillFile *kf = (KillFile *) f;
  int rc;

  kf->real = sqlite3_malloc (real->szOsFile);
  memset (kf->real, 0, real->szOsFile);
  rc = real->xOpen (real, name, kf->real, flags, out);
  if (rc != SQLITE_OK)
    {
      sqlite3_free (kf->real);
      f->pMethods = NULL;
      return rc;
    }
  f->pMethods = &kill_methods;
  return SQLITE_OK;
}

static void
register_kill_vfs (void)
{
  sqlite3_vfs *real = sqlite3_vfs_find ("unix");

  kill_vfs = *real;
  kill_vfs.zName = "gw-test-kill";
  kill_vfs.szOsFile = sizeof (KillFile);
  kill_vfs.xOpen = kill_open;
  kill_methods = (sqlite3_io_methods) {
    1, kill_close, kill_Read, kill_write, kill_Truncate, kill_Sync, kill_FileSize, kill_Lock,
    kill_Unlock, kill_CheckReservedLock, kill_FileControl, kill_SectorSize,
    kill_DeviceCharacteristics,
  };
  sqlite3_vfs_register (&kill_vfs, 0);
}

/* A document of some megabytes: many rows of actuals. */
static GwScenario *
large_scenario (void)
{
  GwScenario *s = small_scenario ();

  for (guint i = 0; i < 50000; i++)
    {
      GwActual *a = gw_scenario_add_row (s, GW_TABLE_ACTUALS);

      gw_field_set_text (a, gw_table_field (GW_TABLE_ACTUALS, gw_table_find_field (
                                              GW_TABLE_ACTUALS, "series")), "price");
      a->quarter = 2026 * 4 + (int) (i % 4);
      a->value = i * 0.5;
      gw_field_set_text (a, gw_table_field (GW_TABLE_ACTUALS, gw_table_find_field (
                                              GW_TABLE_ACTUALS, "source")),
                         "an observation with a source long enough to make the file large");
    }
  return s;
}

static void
set_age (const char *path,
         gint64      seconds)
{
  struct timeval times[2];

  gettimeofday (&times[0], NULL);
  times[0].tv_sec -= seconds;
  times[1] = times[0];
  g_assert_cmpint (utimes (path, times), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Names in @dir that start with @prefix, sorted. */
static char *
list_entries (const char *dir,
              const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_save_killed (void)
{
  g_autoptr(GwScenario) small = small_scenario ();
  g_autoptr(GwScenario) large = large_scenario ();
  g_autoptr(GwScenario) again = named (small, "Again");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keep.gigawatt", NULL);
  g_autofree char *before = NULL, *after = NULL, *left = NULL, *name = NULL;
  g_autofree char *temp = NULL, *journal = NULL;
  g_autofree char *locked = g_build_filename (dir, ".keep.gigawatt.AbCdEf.gigawatt-tmp", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.gigawatt.AbCdEf.gigawatt-tmp", NULL);
  g_autofree char *unlike = g_build_filename (dir, ".keep.gigawatt.AbCdEf.gigawatt-tmp~", NULL);
  g_auto(GStrv) names = NULL;
  pid_t child;
  int status, fd;
  GStatBuf st;

  g_assert_true (gw_file_save (small, path, &error));
  before = file_checksum (path);

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      register_kill_vfs ();
      kill_budget = 2 * 1024 * 1024;
      gw_file_set_save_vfs ("gw-test-kill");
      gw_file_save (large, path, NULL);
      _exit (0); /* not reached */
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  /* the file is intact, and the killed save's temporary file is there,
   * named after it */
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  left = list_entries (dir, ".keep.gigawatt.");
  g_test_message ("left behind: %s", left);
  names = g_strsplit (left, " ", -1);
  g_assert_cmpuint (g_strv_length (names), >=, 1);
  g_assert_true (g_str_has_suffix (names[0], ".gigawatt-tmp"));
  g_assert_cmpuint (strlen (names[0]), ==, strlen (".keep.gigawatt.XXXXXX.gigawatt-tmp"));
  temp = g_build_filename (dir, names[0], NULL);
  journal = g_strconcat (temp, "-journal", NULL);
  g_assert_cmpint (g_stat (temp, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1024 * 1024);

  /* a fresh one could belong to a save still running: the next save
   * leaves it */
  g_assert_true (gw_file_save (again, path, &error));
  g_assert_true (g_file_test (temp, G_FILE_TEST_EXISTS));
  name = saved_name (path);
  g_assert_cmpstr (name, ==, "Again");

  /* past ten minutes and unlocked it is removed, with its journal; one that
   * is locked, one of another file and one of another name are not */
  set_age (temp, 11 * 60);
  if (g_file_test (journal, G_FILE_TEST_EXISTS))
    set_age (journal, 11 * 60);
  g_assert_true (g_file_set_contents (locked, "x", 1, NULL));
  g_assert_true (g_file_set_contents (other, "x", 1, NULL));
  g_assert_true (g_file_set_contents (unlike, "x", 1, NULL));
  set_age (locked, 3600);
  set_age (other, 3600);
  set_age (unlike, 3600);
  fd = open (locked, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);

  g_assert_true (gw_file_save (small, path, &error));
  g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (locked, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unlike, G_FILE_TEST_EXISTS));
  g_free (after);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* once its lock is gone, it goes too */
  close (fd);
  g_assert_true (gw_file_save (small, path, &error));
  g_assert_false (g_file_test (locked, G_FILE_TEST_EXISTS));

  g_unlink (other);
  g_unlink (unlike);
  g_unlink (path);
  g_assert_cmpuint (count_entries (dir, ""), ==, 0);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/hostile/fixtures", test_fixtures);
  g_test_add_func ("/gw/hostile/json/deep", test_json_deep);
  g_test_add_func ("/gw/hostile/json/empty", test_json_empty);
  g_test_add_func ("/gw/hostile/json/strict", test_json_strict);
  g_test_add_func ("/gw/hostile/input/not-regular", test_input_not_regular);
  g_test_add_func ("/gw/hostile/file/hot-journal", test_hot_journal);
  g_test_add_func ("/gw/hostile/file/live-writer", test_live_writer);
  g_test_add_func ("/gw/hostile/file/wal", test_wal);
  g_test_add_func ("/gw/hostile/file/unreadable-row", test_unreadable_row);
  g_test_add_data_func ("/gw/hostile/save/target/gigawatt", GINT_TO_POINTER (FALSE),
                        test_save_target);
  g_test_add_data_func ("/gw/hostile/save/target/json", GINT_TO_POINTER (TRUE), test_save_target);
  g_test_add_func ("/gw/hostile/save/killed", test_save_killed);
  return g_test_run ();
}
