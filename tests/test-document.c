/* test-document.c: copying and pasting rows, one undo step per paste
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-document.h"

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

  g_free (cells[2]);
  cells[2] = g_strdup ("Nobody");
  bad_provider = g_strjoinv ("\t", cells);
  g_assert_cmpint (gw_document_paste_rows (doc, GW_TABLE_DEALS, n, bad_provider, &error), ==, -1);
  g_assert_nonnull (strstr (error->message, "Nobody"));
  g_clear_error (&error);

  /* line 2 of the text (after the header) has a negative ramp */
  g_free (cells[2]);
  cells[2] = g_strdup ("CoreWeave");
  g_free (cells[6]);
  cells[6] = g_strdup ("-3");
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/document/copy-paste-undo", test_copy_paste_undo);
  g_test_add_func ("/gw/document/paste-rejects", test_paste_rejects);
  g_test_add_func ("/gw/document/format-number", test_format_number);
  return g_test_run ();
}
