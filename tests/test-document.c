/* test-document.c: copying and pasting rows, one undo step per paste
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-document.h"
#include "gw-file.h"

static GwDocument *
baseline_document (void)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  g_assert_no_error (error);
  return gw_document_new (s);
}

/* Copy a deal, paste it back: a new row with a fresh name; undo removes
 * it and gives back exactly the scenario before. */
static void
test_copy_paste_undo (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwScenario) before = gw_scenario_copy (gw_document_get_scenario (doc));
  g_autoptr(GError) error = NULL;
  g_autofree char *one = gw_document_copy_rows (doc, GW_TABLE_DEALS, 0, 1);
  g_autofree char *all = NULL;
  guint n = gw_scenario_n_deals (before);
  const GwDeal *pasted;
  int got;

  /* a header line of field names, then one line of tab-separated cells */
  g_assert_true (g_str_has_prefix (one, "name\tbuyer\tprovider\t"));
  {
    g_auto(GStrv) lines = g_strsplit (one, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }

  got = gw_document_paste_rows (doc, GW_TABLE_DEALS, n, one, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, 1);
  g_assert_cmpuint (gw_scenario_n_deals (gw_document_get_scenario (doc)), ==, n + 1);
  pasted = gw_scenario_deal (gw_document_get_scenario (doc), n);
  g_assert_cmpstr (pasted->name, ==, "Meta I 2");
  g_assert_true (gw_dist_equal (&pasted->value, &gw_scenario_deal (before, 0)->value));
  g_assert_true (gw_dist_equal (&pasted->price, &gw_scenario_deal (before, 0)->price));
  g_assert_cmpstr (pasted->source, ==, gw_scenario_deal (before, 0)->source);
  g_assert_true (gw_document_get_dirty (doc));
  g_assert_true (gw_scenario_validate (gw_document_get_scenario (doc), NULL));

  gw_document_undo (doc);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));

  /* every row at once is still one step */
  all = gw_document_copy_rows (doc, GW_TABLE_DEALS, 0, n);
  got = gw_document_paste_rows (doc, GW_TABLE_DEALS, 2, all, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, (int) n);
  g_assert_cmpuint (gw_scenario_n_deals (gw_document_get_scenario (doc)), ==, 2 * n);
  g_assert_cmpstr (gw_scenario_deal (gw_document_get_scenario (doc), 2)->name, ==, "Meta I 2");
  gw_document_undo (doc);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));
  gw_document_redo (doc);
  g_assert_cmpuint (gw_scenario_n_deals (gw_document_get_scenario (doc)), ==, 2 * n);
}

/* A cell that does not parse, or rows that break a rule: an error naming
 * where, and nothing changes (not even the undo stack). */
static void
test_paste_rejects (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwScenario) before = gw_scenario_copy (gw_document_get_scenario (doc));
  g_autofree char *one = gw_document_copy_rows (doc, GW_TABLE_DEALS, 0, 1);
  g_auto(GStrv) lines = g_strsplit (one, "\n", -1);
  g_auto(GStrv) cells = g_strsplit (lines[1], "\t", -1);
  g_autofree char *bad_provider = NULL;
  g_autofree char *bad_value = NULL;
  GError *error = NULL;
  guint n = gw_scenario_n_deals (before);
  int ramp;

  g_free (cells[2]);
  cells[2] = g_strdup ("Nobody");
  bad_provider = g_strjoinv ("\t", cells);
  g_assert_cmpint (gw_document_paste_rows (doc, GW_TABLE_DEALS, n, bad_provider, &error), ==, -1);
  g_assert_nonnull (strstr (error->message, "Nobody"));
  g_clear_error (&error);

  /* line 2 of the text (after the header) has a negative ramp */
  g_free (cells[2]);
  cells[2] = g_strdup ("CoreWeave");
  /* (the columns are the fields in order; version 2 put "signed" before it) */
  ramp = gw_table_find_field (GW_TABLE_DEALS, "ramp_quarters");
  g_assert_cmpint (ramp, ==, 7);
  g_free (cells[ramp]);
  cells[ramp] = g_strdup ("-3");
  {
    g_autofree char *row = g_strjoinv ("\t", cells);

    bad_value = g_strdup_printf ("%s\n%s\n", lines[0], row);
  }
  g_assert_cmpint (gw_document_paste_rows (doc, GW_TABLE_DEALS, n, bad_value, &error), ==, -1);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_nonnull (strstr (error->message, "ramp_quarters"));
  g_clear_error (&error);

  g_assert_cmpint (gw_document_paste_rows (doc, GW_TABLE_DEALS, n, "\n\n", &error), ==, -1);
  g_clear_error (&error);

  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));
  g_assert_false (gw_document_can_undo (doc));
  g_assert_false (gw_document_get_dirty (doc));
}

/* Numbers in the editors: SI suffixes without exponents, and exact. */
static void
test_format_number (void)
{
  static const struct { double v; const char *text; } cases[] = {
    { 3e8, "300M" }, { 1.5e9, "1.5B" }, { 14.2e9, "14.2B" }, { 1e12, "1T" },
    { 2.35, "2.35" }, { 0, "0" }, { -2e9, "-2B" }, { 123456789, "123.456789M" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gw_format_number (cases[i].v);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* An optional quarter (a deal's signed, an event's end) as the table
 * editor commits it: gw_document_set_field_text() with the cell's text.
 * A quarter sets it, an empty cell or the dash the editor shows for "not
 * set" clears it, each an undo step; a quarter that breaks a rule, or text
 * that is no quarter, changes nothing. */
static void
test_optional_quarter (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  g_autoptr(GwScenario) before = gw_scenario_copy (gw_document_get_scenario (doc));
  int row = gw_scenario_find_row (before, GW_TABLE_DEALS, "Meta I");
  int event = gw_scenario_find_row (before, GW_TABLE_EVENTS, "Rate shock");
  int signed_f = gw_table_find_field (GW_TABLE_DEALS, "signed");
  int end_f = gw_table_find_field (GW_TABLE_EVENTS, "end");
  const GwField *field = gw_table_field (GW_TABLE_DEALS, signed_f);
  GError *error = NULL;
  g_autofree char *shown = NULL;
  guint serial;

  g_assert_cmpint (row, >=, 0);
  g_assert_cmpint (event, >=, 0);
  g_assert_cmpint (signed_f, >=, 0);
  g_assert_cmpint (end_f, >=, 0);
  g_assert_true (field->flags & GW_FIELD_OPTIONAL);
  g_assert_cmpint (gw_scenario_deal (before, row)->signed_quarter, ==, GW_QUARTER_NONE);
  shown = gw_field_format (field, gw_scenario_deal (before, row));
  g_assert_cmpstr (shown, ==, "");

  /* set it: Meta I starts 2025Q4, so 2025Q3 is allowed */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f, "2025Q3",
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_scenario_deal (gw_document_get_scenario (doc), row)->signed_quarter, ==,
                   GW_QUARTER (2025, 3));
  g_clear_pointer (&shown, g_free);
  shown = gw_field_format (field, gw_scenario_deal (gw_document_get_scenario (doc), row));
  g_assert_cmpstr (shown, ==, "2025Q3");
  g_assert_true (gw_document_can_undo (doc));

  /* clear it with the dash, then set and clear it with an empty cell */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f,
                                             GW_FIELD_UNSET_TEXT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_scenario_deal (gw_document_get_scenario (doc), row)->signed_quarter, ==,
                   GW_QUARTER_NONE);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f, " 2025q2 ",
                                             &error));
  g_assert_cmpint (gw_scenario_deal (gw_document_get_scenario (doc), row)->signed_quarter, ==,
                   GW_QUARTER (2025, 2));
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f, "  ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_scenario_deal (gw_document_get_scenario (doc), row)->signed_quarter, ==,
                   GW_QUARTER_NONE);

  /* clearing what is not set is no edit at all */
  serial = gw_document_get_serial (doc);
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f,
                                             GW_FIELD_UNSET_TEXT, &error));
  g_assert_cmpuint (gw_document_get_serial (doc), ==, serial);

  /* signed after the start breaks a rule; "soon" is no quarter: nothing changes */
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f, "2026Q1",
                                              &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_test_message ("signed after start: %s", error->message);
  g_clear_error (&error);
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_DEALS, row, signed_f, "soon",
                                              &error));
  g_assert_nonnull (strstr (error->message, "2027Q3"));
  g_clear_error (&error);
  g_assert_cmpuint (gw_document_get_serial (doc), ==, serial);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));

  /* a required quarter cannot be cleared */
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_DEALS, row,
                                              gw_table_find_field (GW_TABLE_DEALS, "start"),
                                              GW_FIELD_UNSET_TEXT, &error));
  g_clear_error (&error);
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_DEALS, row,
                                              gw_table_find_field (GW_TABLE_DEALS, "start"),
                                              "", &error));
  g_assert_nonnull (strstr (error->message, "quarter"));
  g_clear_error (&error);

  /* an event's end: set, then cleared back to "to the horizon" */
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_EVENTS, event, end_f, "2028Q4",
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_scenario_event (gw_document_get_scenario (doc), event)->end, ==,
                   GW_QUARTER (2028, 4));
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_EVENTS, event, end_f, "2026Q2",
                                              &error));
  g_clear_error (&error);
  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_EVENTS, event, end_f, "", &error));
  g_assert_cmpint (gw_scenario_event (gw_document_get_scenario (doc), event)->end, ==,
                   GW_QUARTER_NONE);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));

  /* undo walks back through every step to the scenario as it was */
  while (gw_document_can_undo (doc))
    gw_document_undo (doc);
  g_assert_true (gw_scenario_equal (gw_document_get_scenario (doc), before));
  gw_document_redo (doc);
  g_assert_cmpint (gw_scenario_deal (gw_document_get_scenario (doc), row)->signed_quarter, ==,
                   GW_QUARTER (2025, 3));
}

/* An integer field (the market's re-letting lag) takes whole numbers in
 * its range; a fraction gets a message that names the field and its range. */
static void
test_integer_field (void)
{
  g_autoptr(GwDocument) doc = baseline_document ();
  int relet = gw_table_find_field (GW_TABLE_MARKET, "relet_quarters");
  GError *error = NULL;
  int before = gw_document_get_scenario (doc)->market.relet_quarters;

  g_assert_cmpint (relet, >=, 0);
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0, relet, "1.5", &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Re-letting lag"));
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_assert_nonnull (strstr (error->message, "[0, 40]"));
  g_assert_nonnull (strstr (error->message, "1.5"));
  g_clear_error (&error);
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0, relet, "41", &error));
  g_assert_nonnull (strstr (error->message, "[0, 40]"));
  g_clear_error (&error);
  g_assert_false (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0, relet, "two", &error));
  g_clear_error (&error);
  g_assert_cmpint (gw_document_get_scenario (doc)->market.relet_quarters, ==, before);
  g_assert_false (gw_document_can_undo (doc));

  g_assert_true (gw_document_set_field_text (doc, GW_TABLE_MARKET, 0, relet, "4", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_document_get_scenario (doc)->market.relet_quarters, ==, 4);
}

/* Valid ranges as the editors' tooltips write them. */
static void
test_format_valid (void)
{
  static const struct { GwTable table; const char *field, *text; } cases[] = {
    { GW_TABLE_MARKET, "relet_quarters", "[0, 40]" },
    { GW_TABLE_MARKET, "cost_inflation", "(-0.5, 1)" },
    { GW_TABLE_PROVIDERS, "amortizing_share", "[0, 1]" },
    { GW_TABLE_PROVIDERS, "power_mw", "≥ 0" },
    { GW_TABLE_GENERATIONS, "unit_capex", "> 0" },
    { GW_TABLE_EVENTS, "magnitude", "any number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int f = gw_table_find_field (cases[i].table, cases[i].field);
      g_autofree char *text = NULL;

      g_assert_cmpint (f, >=, 0);
      text = gw_field_format_valid (gw_table_field (cases[i].table, f));
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GwScenario *
load_document (const char  *path,
               GwLoadInfo  *info,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  gw_document_load_async (file, NULL, load_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gw_document_load_finish (result, info, error);
}

/* The window learns from the load that a 1.0 file was upgraded (it tells
 * the user); the document is not modified by that, and a 2.0 file is no
 * upgrade. */
static void
test_load_reports_upgrade (void)
{
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "v1", "baseline-v1.gigawatt",
                                               NULL);
  g_autofree char *v1_json = g_test_build_filename (G_TEST_DIST, "data", "v1",
                                                    "baseline-v1.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *v2 = g_build_filename (dir, "v2.gigawatt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwScenario) again = NULL;
  g_autoptr(GwDocument) doc = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  s = load_document (v1, &info, &error);
  g_assert_no_error (error);
  g_assert_true (info.upgraded);
  g_assert_cmpint (info.schema_major, ==, 1);
  g_assert_cmpint (s->info.model_version, ==, GW_MODEL_VERSION);
  g_assert_true (gw_file_save (s, v2, &error));
  doc = gw_document_new (g_steal_pointer (&s));
  g_assert_false (gw_document_get_dirty (doc));

  gw_load_info_clear (&info);
  s = load_document (v1_json, &info, &error);
  g_assert_no_error (error);
  g_assert_true (info.upgraded);
  g_assert_true (gw_scenario_equal (s, gw_document_get_scenario (doc)));

  gw_load_info_clear (&info);
  again = load_document (v2, &info, &error);
  g_assert_no_error (error);
  g_assert_false (info.upgraded);
  g_assert_cmpint (info.schema_major, ==, GW_FILE_SCHEMA_MAJOR);
  g_assert_true (gw_scenario_equal (again, gw_document_get_scenario (doc)));
  g_unlink (v2);
  g_rmdir (dir);
}

static gboolean
save_document (GwDocument  *doc,
               GFile       *file,
               GwSaveFlags  flags,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gw_document_save_async (doc, file, flags, NULL, load_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gw_document_save_finish (doc, result, error);
}

/* Two windows, or the app and gigawatt-cli, on one file: a save over a file
 * that someone else wrote since this document read it is refused (the
 * other program's version stays on disk), unless the user says to
 * overwrite; Save As elsewhere and JSON exports are not checked (issue 14,
 * item 13). */
static void
test_save_detects_changes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shared.gigawatt", NULL);
  g_autofree char *other_path = g_build_filename (dir, "other.gigawatt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other = g_file_new_for_path (other_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) theirs = NULL;
  g_autoptr(GwScenario) on_disk = NULL;
  g_autoptr(GwDocument) doc = NULL;
  GwScenario *mine;

  mine = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_assert_no_error (error);
  g_assert_true (gw_file_save (mine, path, &error));
  doc = gw_document_new (mine);
  gw_document_set_file (doc, file);
  g_assert_false (gw_document_changed_on_disk (doc));

  /* our own saves move the stamp along */
  g_assert_true (save_document (doc, file, GW_SAVE_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (save_document (doc, file, GW_SAVE_NONE, &error));
  g_assert_false (gw_document_changed_on_disk (doc));

  /* another program writes the file */
  theirs = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_free (theirs->info.name);
  theirs->info.name = g_strdup ("Their edit");
  g_assert_true (gw_file_save (theirs, path, &error));
  g_assert_true (gw_document_changed_on_disk (doc));

  g_assert_false (save_document (doc, file, GW_SAVE_NONE, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_CHANGED_ON_DISK);
  g_assert_nonnull (strstr (error->message, "shared.gigawatt"));
  g_clear_error (&error);
  on_disk = gw_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (on_disk->info.name, ==, "Their edit");

  /* exports and Save As elsewhere go ahead */
  g_assert_true (save_document (doc, other, GW_SAVE_AS_JSON, &error));
  g_assert_no_error (error);
  g_unlink (other_path);

  /* the user chose to overwrite */
  g_assert_true (save_document (doc, file, GW_SAVE_OVERWRITE_CHANGES, &error));
  g_assert_no_error (error);
  g_clear_pointer (&on_disk, gw_scenario_free);
  on_disk = gw_file_load (path, &error);
  g_assert_cmpstr (on_disk->info.name, ==, "Baseline 2026");
  g_assert_false (gw_document_changed_on_disk (doc));

  /* deleted meanwhile */
  g_unlink (path);
  g_assert_true (gw_document_changed_on_disk (doc));
  g_assert_false (save_document (doc, file, GW_SAVE_NONE, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_CHANGED_ON_DISK);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Save As to a new file, then saves there are checked against it */
  g_assert_true (save_document (doc, other, GW_SAVE_NONE, &error));
  g_assert_true (g_file_equal (gw_document_get_file (doc), other));
  g_assert_true (save_document (doc, other, GW_SAVE_NONE, &error));
  g_assert_no_error (error);
  g_unlink (other_path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/document/copy-paste-undo", test_copy_paste_undo);
  g_test_add_func ("/gw/document/paste-rejects", test_paste_rejects);
  g_test_add_func ("/gw/document/format-number", test_format_number);
  g_test_add_func ("/gw/document/optional-quarter", test_optional_quarter);
  g_test_add_func ("/gw/document/integer-field", test_integer_field);
  g_test_add_func ("/gw/document/format-valid", test_format_valid);
  g_test_add_func ("/gw/document/load-reports-upgrade", test_load_reports_upgrade);
  g_test_add_func ("/gw/document/save-detects-changes", test_save_detects_changes);
  return g_test_run ();
}
