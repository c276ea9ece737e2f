/* test-view.c: the document's view (focus provider, chart choices) in the
 * .gigawatt file, in JSON and in the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-document.h"
#include "gw-file.h"
#include "gw-json.h"

static GwScenario *
baseline (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return s;
}

/* Nebius's coverage on the price card with a log scale, the focus on
 * Lambda, and the tornado's output alone. */
static GwView *
sample_view (void)
{
  GwView *view = gw_view_new ();

  g_assert_true (gw_view_set_focus_provider (view, "Lambda"));
  g_assert_true (gw_view_set_chart (view, "price-fan", "dscr", "Nebius", TRUE));
  g_assert_true (gw_view_set_chart (view, "npv-tornado", "min_dscr", NULL, FALSE));
  return view;
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-test-view-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
insert_view_row (sqlite3    *db,
                 const char *key,
                 const char *value)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO view_state VALUES (?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

/* The warnings hold one message with every phrase. */
static void
assert_warned (GPtrArray  *warnings,
               const char *phrase1,
               const char *phrase2)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], phrase1) != NULL
        && (phrase2 == NULL || strstr (warnings->pdata[i], phrase2) != NULL))
      return;
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (char *) warnings->pdata[i]);
  g_error ("no warning says “%s” and “%s”", phrase1, phrase2 ? phrase2 : "");
}

/* GwView ---------------------------------------------------------------- */

static void
test_view_entries (void)
{
  g_autoptr(GwView) view = sample_view ();
  g_autoptr(GwView) copy = gw_view_copy (view);
  g_autoptr(GwView) back = gw_view_new ();
  g_auto(GStrv) keys = gw_view_dup_keys (view);
  const char *output, *provider;
  gboolean log_scale;

  /* sorted, one entry per choice; the values are one-line JSON */
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "chart:npv-tornado");
  g_assert_cmpstr (keys[1], ==, "chart:price-fan");
  g_assert_cmpstr (keys[2], ==, "focus_provider");
  {
    g_autofree char *a = gw_view_dup_value (view, keys[0]);
    g_autofree char *b = gw_view_dup_value (view, keys[1]);
    g_autofree char *c = gw_view_dup_value (view, keys[2]);

    g_assert_cmpstr (a, ==, "{\"output\": \"min_dscr\"}");
    g_assert_cmpstr (b, ==, "{\"output\": \"dscr\", \"provider\": \"Nebius\", \"log_scale\": true}");
    g_assert_cmpstr (c, ==, "\"Lambda\"");
    g_assert_true (gw_view_read_value (back, keys[0], a, strlen (a), NULL));
    g_assert_true (gw_view_read_value (back, keys[1], b, strlen (b), NULL));
    g_assert_true (gw_view_read_value (back, keys[2], c, strlen (c), NULL));
  }
  g_assert_true (gw_view_equal (view, copy));
  g_assert_true (gw_view_equal (view, back));

  g_assert_true (gw_view_get_chart (view, "price-fan", &output, &provider, &log_scale));
  g_assert_cmpstr (output, ==, "dscr");
  g_assert_cmpstr (provider, ==, "Nebius");
  g_assert_true (log_scale);
  g_assert_false (gw_view_get_chart (view, "min-dscr", &output, &provider, &log_scale));
  g_assert_null (output);
  g_assert_null (provider);
  g_assert_false (log_scale);

  /* the same choice again changes nothing; every default forgets the slot */
  g_assert_false (gw_view_set_chart (view, "price-fan", "dscr", "Nebius", TRUE));
  g_assert_true (gw_view_set_chart (view, "price-fan", "", NULL, FALSE));
  g_assert_false (gw_view_get_chart (view, "price-fan", NULL, NULL, NULL));
  g_assert_false (gw_view_equal (view, copy));
  g_assert_true (gw_view_set_focus_provider (view, NULL));
  g_assert_true (gw_view_set_chart (view, "npv-tornado", NULL, NULL, FALSE));
  g_assert_true (gw_view_is_empty (view));

  /* the focus shown: the one chosen while the scenario has it */
  {
    g_autoptr(GwScenario) s = baseline ();

    g_assert_cmpstr (gw_view_resolve_focus (copy, s), ==, "Lambda");
    g_assert_cmpstr (gw_view_resolve_focus (view, s), ==, "CoreWeave");
    gw_view_set_focus_provider (view, "Nobody");
    g_assert_cmpstr (gw_view_resolve_focus (view, s), ==, "CoreWeave");
    g_assert_cmpstr (gw_view_resolve_focus (NULL, s), ==, "CoreWeave");
  }
}

/* The .gigawatt file ---------------------------------------------------- */

static void
test_file_round_trip (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GwView) view = sample_view ();
  g_autofree char *a = temp_path ("a.gigawatt");
  g_autofree char *b = temp_path ("b.gigawatt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_autoptr(GBytes) da = NULL;
  g_autoptr(GBytes) db = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  sqlite3 *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);

  g_assert_true (gw_file_save_full (s, view, a, &error));
  g_assert_no_error (error);
  back = gw_file_load_full (a, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  g_assert_cmpint (info.schema_major, ==, 2);
  g_assert_cmpint (info.schema_minor, ==, 1);
  g_assert_false (info.upgraded);
  g_assert_cmpuint (info.warnings->len, ==, 0);
  g_assert_true (gw_view_equal (info.view, view));

  /* a second save is byte for byte the first */
  g_assert_true (gw_file_save_full (back, info.view, b, &error));
  da = file_bytes (a);
  db = file_bytes (b);
  g_assert_true (g_bytes_equal (da, db));

  /* the rows as SQLite holds them: a key and one line of JSON each */
  g_assert_cmpint (sqlite3_open_v2 (a, &sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (sql, "SELECT key, value, typeof(value) FROM view_state "
                                       "ORDER BY key", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s|%s|%s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (sql);
  g_assert_cmpstr (rows->str, ==,
                   "chart:npv-tornado|{\"output\": \"min_dscr\"}|text\n"
                   "chart:price-fan|{\"output\": \"dscr\", \"provider\": \"Nebius\", "
                   "\"log_scale\": true}|text\n"
                   "focus_provider|\"Lambda\"|text\n");

  /* without a view, the table is there and empty, and the view default */
  g_assert_true (gw_file_save (s, b, &error));
  gw_load_info_clear (&info);
  g_clear_pointer (&back, gw_scenario_free);
  back = gw_file_load_full (b, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_view_is_empty (info.view));
  remove_temp (a);
  remove_temp (b);
}

/* A 2.0 file (no view_state) and a 1.0 file open with the default view and
 * say nothing about it. A 2.0 file that has the table is not what 2.0
 * wrote, and is refused as any altered file; a newer minor is read. */
static void
test_file_without_view (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GwView) view = sample_view ();
  g_autofree char *path = temp_path ("v20.gigawatt");
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "v1", "baseline-v1.gigawatt",
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  g_assert_true (gw_file_save_full (s, view, path, &error));
  exec_sql (path, "DROP TABLE view_state; PRAGMA user_version = 20000;");
  back = gw_file_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  g_assert_cmpint (info.schema_minor, ==, 0);
  g_assert_false (info.upgraded);
  g_assert_true (gw_view_is_empty (info.view));
  g_assert_cmpuint (info.warnings->len, ==, 0);

  gw_load_info_clear (&info);
  g_clear_pointer (&back, gw_scenario_free);
  back = gw_file_load_full (v1, &info, &error);
  g_assert_no_error (error);
  g_assert_true (info.upgraded);
  g_assert_true (gw_view_is_empty (info.view));
  g_assert_cmpuint (info.warnings->len, ==, 0);

  /* 2.0 with the table of 2.1 */
  g_clear_pointer (&back, gw_scenario_free);
  g_assert_true (gw_file_save_full (s, view, path, &error));
  exec_sql (path, "PRAGMA user_version = 20000;");
  back = gw_file_load (path, &error);
  g_assert_null (back);
  g_assert_error (error, GW_ERROR, GW_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "unexpected table “view_state”"));
  g_clear_error (&error);

  /* 2.2: what 2.1 knows is read */
  exec_sql (path, "PRAGMA user_version = 20002;");
  gw_load_info_clear (&info);
  back = gw_file_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.schema_minor, ==, 2);
  g_assert_true (gw_view_equal (info.view, view));
  remove_temp (path);
}

/* A view that cannot be read does not cost the document: the scenario
 * loads, each bad entry is left at its default with a message that names
 * the file, the table and the key, the good entries are read, and the file
 * is not touched. */
static void
test_file_corrupt_view (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autofree char *path = temp_path ("bad.gigawatt");
  g_autofree char *long_value = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  sqlite3 *db = NULL;
  const char *output, *provider;
  gboolean log_scale;

  g_assert_true (gw_file_save (s, path, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  insert_view_row (db, "chart:price-fan", "{\"output\": \"utilization\", \"log_scale\": true}");
  insert_view_row (db, "chart:min-dscr", "{\"output\": \"dscr\",");
  insert_view_row (db, "chart:npv-tornado", "{\"output\": 5}");
  insert_view_row (db, "chart:fleet-mw", "[\"fleet_mw\"]");
  insert_view_row (db, "chart:provider-revenue", "{\"output\": \"ebitda\", \"log_scale\": \"yes\"}");
  insert_view_row (db, "chart:leverage", "{\"provider\": \"Nobody\"}");
  insert_view_row (db, "chart:supply", "{\"output\": \"supply\", \"provider\": \"Nobody\"}");
  insert_view_row (db, "chart:Bad Slot", "{}");
  insert_view_row (db, "focus_provider", "\"Nobody\"");
  insert_view_row (db, "zoom", "not even JSON");
  long_value = g_strdup_printf ("{\"output\": \"%0*d\"}", 5000, 0);
  insert_view_row (db, "chart:waterfall", long_value);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = file_bytes (path);

  back = gw_file_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  for (guint i = 0; i < info.warnings->len; i++)
    {
      g_test_message ("%s", (char *) info.warnings->pdata[i]);
      g_assert_true (g_str_has_prefix (info.warnings->pdata[i], "“bad.gigawatt”, table view_state"));
    }
  assert_warned (info.warnings, "“chart:min-dscr” is not valid JSON", "end of the text");
  assert_warned (info.warnings, "“chart:npv-tornado”: “output” must be an output’s key", NULL);
  assert_warned (info.warnings, "“chart:fleet-mw”: the value must be an object", NULL);
  assert_warned (info.warnings, "“chart:provider-revenue”: “log_scale” must be true or false",
                 NULL);
  assert_warned (info.warnings, "“chart:leverage”: the scenario has no provider “Nobody”", NULL);
  assert_warned (info.warnings, "“chart:supply”: the scenario has no provider “Nobody”", NULL);
  assert_warned (info.warnings, "“chart:Bad Slot”", "not a chart slot’s name");
  assert_warned (info.warnings, "“focus_provider”: the scenario has no provider “Nobody”",
                 "default provider");
  assert_warned (info.warnings, "“chart:waterfall”: the value is 5014 bytes long", "4096");
  /* the unknown key is a later version's business, not a problem */
  g_assert_cmpuint (info.warnings->len, ==, 9);

  /* what could be read was; the rest is at its default */
  g_assert_true (gw_view_get_chart (info.view, "price-fan", &output, &provider, &log_scale));
  g_assert_cmpstr (output, ==, "utilization");
  g_assert_null (provider);
  g_assert_true (log_scale);
  g_assert_true (gw_view_get_chart (info.view, "supply", &output, &provider, NULL));
  g_assert_cmpstr (output, ==, "supply");
  g_assert_null (provider);
  g_assert_false (gw_view_get_chart (info.view, "leverage", NULL, NULL, NULL));
  g_assert_false (gw_view_get_chart (info.view, "min-dscr", NULL, NULL, NULL));
  g_assert_false (gw_view_get_chart (info.view, "provider-revenue", NULL, NULL, NULL));
  g_assert_null (gw_view_get_focus_provider (info.view));

  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  remove_temp (path);
}

/* A provider removed from the scenario after a card chose it is not
 * saved: the file never holds what its reader would warn about. */
static void
test_file_saves_known_providers (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GwView) view = gw_view_new ();
  g_autofree char *path = temp_path ("gone.gigawatt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  const char *output, *provider;

  gw_view_set_focus_provider (view, "Gone");
  gw_view_set_chart (view, "min-dscr", "npv", "Gone", FALSE);
  gw_view_set_chart (view, "leverage", NULL, "Gone", FALSE);
  g_assert_true (gw_file_save_full (s, view, path, &error));
  g_assert_no_error (error);
  back = gw_file_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.warnings->len, ==, 0);
  g_assert_null (gw_view_get_focus_provider (info.view));
  g_assert_true (gw_view_get_chart (info.view, "min-dscr", &output, &provider, NULL));
  g_assert_cmpstr (output, ==, "npv");
  g_assert_null (provider);
  g_assert_false (gw_view_get_chart (info.view, "leverage", NULL, NULL, NULL));
  /* the caller's view is not changed by saving */
  g_assert_cmpstr (gw_view_get_focus_provider (view), ==, "Gone");
  remove_temp (path);
}

/* JSON ------------------------------------------------------------------ */

static void
test_json_round_trip (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autoptr(GwView) view = sample_view ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_autofree char *text = gw_json_to_data_full (s, view, NULL);
  g_autofree char *again = NULL;
  g_autofree char *plain = gw_json_to_data (s, NULL);
  g_autofree char *empty = NULL;
  g_autoptr(GwView) none = gw_view_new ();
  g_auto(GwLoadInfo) info = { 0 };

  g_assert_true (g_str_has_suffix (text,
                                   "  \"view\": {\n"
                                   "    \"chart:npv-tornado\": {\"output\": \"min_dscr\"},\n"
                                   "    \"chart:price-fan\": {\"output\": \"dscr\", \"provider\": "
                                   "\"Nebius\", \"log_scale\": true},\n"
                                   "    \"focus_provider\": \"Lambda\"\n"
                                   "  }\n"
                                   "}\n"));
  back = gw_json_from_data_full (text, -1, "view.json", &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  g_assert_cmpuint (info.warnings->len, ==, 0);
  g_assert_true (gw_view_equal (info.view, view));
  again = gw_json_to_data_full (back, info.view, NULL);
  g_assert_cmpstr (text, ==, again);

  /* no view, or an empty one, writes no member */
  empty = gw_json_to_data_full (s, none, NULL);
  g_assert_null (strstr (plain, "\"view\""));
  g_assert_cmpstr (plain, ==, empty);
  gw_load_info_clear (&info);
  g_clear_pointer (&back, gw_scenario_free);
  back = gw_json_from_data_full (plain, -1, "plain.json", &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_view_is_empty (info.view));
}

static char *
with_view (const char *json,
           const char *view)
{
  const char *end = strrchr (json, '}');

  g_assert_nonnull (end);
  return g_strdup_printf ("%.*s,\n  \"view\": %s\n}\n", (int) (end - json - 1), json, view);
}

static void
test_json_corrupt_view (void)
{
  g_autoptr(GwScenario) s = baseline ();
  g_autofree char *plain = gw_json_to_data (s, NULL);
  g_autofree char *bad = with_view (plain, "{\"chart:price-fan\": {\"output\": \"utilization\"}, "
                                           "\"chart:min-dscr\": \"dscr\", "
                                           "\"focus_provider\": 7, "
                                           "\"chart:leverage\": {\"provider\": \"Nobody\"}}");
  g_autofree char *not_object = with_view (plain, "[1, 2]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  const char *output;

  back = gw_json_from_data_full (bad, -1, "bad.json", &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  for (guint i = 0; i < info.warnings->len; i++)
    g_assert_true (g_str_has_prefix (info.warnings->pdata[i], "“bad.json”, view"));
  assert_warned (info.warnings, "“chart:min-dscr”: the value must be an object", NULL);
  assert_warned (info.warnings, "“focus_provider”: “value” must be a provider’s name", NULL);
  assert_warned (info.warnings, "“chart:leverage”: the scenario has no provider “Nobody”", NULL);
  g_assert_cmpuint (info.warnings->len, ==, 3);
  g_assert_true (gw_view_get_chart (info.view, "price-fan", &output, NULL, NULL));
  g_assert_cmpstr (output, ==, "utilization");

  gw_load_info_clear (&info);
  g_clear_pointer (&back, gw_scenario_free);
  back = gw_json_from_data_full (not_object, -1, "bad.json", &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.warnings->len, ==, 1);
  assert_warned (info.warnings, "“bad.json”: “view” must be an object", NULL);
  g_assert_true (gw_view_is_empty (info.view));
}

/* The document ---------------------------------------------------------- */

static void
count_cb (gpointer  instance,
          gpointer  arg,
          guint    *count)
{
  (*count)++;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A view change makes the document modified, and saved, but is no undo
 * step; undoing the edits back to the saved state leaves it modified. */
static void
test_document_view (void)
{
  g_autoptr(GwDocument) doc = gw_document_new (baseline ());
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("doc.gigawatt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GwScenario) loaded = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  guint dirty = 0, focus = 0, dscr = 0, price = 0, any = 0;
  guint serial = gw_document_get_serial (doc);
  const char *output, *provider;
  gboolean log_scale;

  g_signal_connect (doc, "notify::dirty", G_CALLBACK (count_cb), &dirty);
  g_signal_connect (doc, "notify::focus-provider", G_CALLBACK (count_cb), &focus);
  g_signal_connect (doc, "chart-choice-changed::min-dscr", G_CALLBACK (count_cb), &dscr);
  g_signal_connect (doc, "chart-choice-changed::price-fan", G_CALLBACK (count_cb), &price);
  g_signal_connect (doc, "chart-choice-changed", G_CALLBACK (count_cb), &any);
  g_assert_false (gw_document_get_dirty (doc));
  g_assert_true (gw_view_is_empty (gw_document_get_view (doc)));

  gw_document_set_chart_choice (doc, "min-dscr", "npv", "Nebius", FALSE);
  g_assert_true (gw_document_get_dirty (doc));
  g_assert_false (gw_document_can_undo (doc));
  g_assert_cmpuint (dirty, ==, 1);
  g_assert_cmpuint (dscr, ==, 1);
  g_assert_cmpuint (price, ==, 0);
  g_assert_cmpuint (any, ==, 1);
  /* no result changes: the runner's serial stays */
  g_assert_cmpuint (gw_document_get_serial (doc), ==, serial);
  g_assert_true (gw_document_get_chart_choice (doc, "min-dscr", &output, &provider, &log_scale));
  g_assert_cmpstr (output, ==, "npv");
  g_assert_cmpstr (provider, ==, "Nebius");
  g_assert_false (log_scale);
  /* the same choice again is no change */
  gw_document_set_chart_choice (doc, "min-dscr", "npv", "Nebius", FALSE);
  g_assert_cmpuint (dscr, ==, 1);

  gw_document_set_focus_provider (doc, "Nebius");
  gw_document_set_focus_provider (doc, "Nebius");
  g_assert_cmpuint (focus, ==, 1);
  g_assert_cmpstr (gw_document_get_focus_provider (doc), ==, "Nebius");

  gw_document_mark_saved (doc);
  g_assert_false (gw_document_get_dirty (doc));

  /* an edit and its undo come back to the saved state */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0,
                                             gw_table_find_field (GW_TABLE_MARKET,
                                                                  "token_growth"),
                                             "3", &error));
  g_assert_no_error (error);
  gw_document_undo (doc);
  g_assert_false (gw_document_get_dirty (doc));
  /* with a view change between, it does not */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0,
                                             gw_table_find_field (GW_TABLE_MARKET,
                                                                  "token_growth"),
                                             "3", &error));
  gw_document_set_chart_choice (doc, "price-fan", NULL, NULL, TRUE);
  gw_document_undo (doc);
  g_assert_true (gw_document_get_dirty (doc));
  g_assert_true (gw_document_get_chart_choice (doc, "price-fan", NULL, NULL, &log_scale));
  g_assert_true (log_scale);

  /* saving keeps the view in the file and makes the document unmodified */
  gw_document_save_async (doc, file, GW_SAVE_NONE, NULL, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gw_document_save_finish (doc, result, &error));
  g_assert_no_error (error);
  g_assert_false (gw_document_get_dirty (doc));
  g_clear_object (&result);
  gw_document_load_async (file, NULL, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  loaded = gw_document_load_finish (result, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_view_equal (info.view, gw_document_get_view (doc)));
  {
    g_autoptr(GwDocument) other = gw_document_new_full (g_steal_pointer (&loaded),
                                                        g_steal_pointer (&info.view));

    g_assert_false (gw_document_get_dirty (other));
    g_assert_cmpstr (gw_document_get_focus_provider (other), ==, "Nebius");
  }
  remove_temp (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/view/entries", test_view_entries);
  g_test_add_func ("/gw/view/file/round-trip", test_file_round_trip);
  g_test_add_func ("/gw/view/file/without-view", test_file_without_view);
  g_test_add_func ("/gw/view/file/corrupt", test_file_corrupt_view);
  g_test_add_func ("/gw/view/file/saves-known-providers", test_file_saves_known_providers);
  g_test_add_func ("/gw/view/json/round-trip", test_json_round_trip);
  g_test_add_func ("/gw/view/json/corrupt", test_json_corrupt_view);
  g_test_add_func ("/gw/view/document", test_document_view);
  return g_test_run ();
}
