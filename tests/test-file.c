/* test-file.c: the .gigawatt file and JSON round trips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include <sqlite3.h>

#include "gw-file-private.h"
#include "gw-json.h"

static void
test_save_load_save_stable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autoptr(GwScenario) loaded = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", &error);
  g_autofree char *a = g_build_filename (dir, "a.gigawatt", NULL);
  g_autofree char *b = g_build_filename (dir, "b.gigawatt", NULL);
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;

  g_assert_no_error (error);
  g_assert_true (gw_file_save (base, a, &error));
  g_assert_no_error (error);
  loaded = gw_file_load (a, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (base, loaded));
  g_assert_true (gw_file_save (loaded, b, &error));
  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpmem (da, la, db, lb);
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static void
test_json_lossless (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autofree char *json = gw_json_to_data (base, NULL);
  g_autoptr(GwScenario) back = gw_json_from_data (json, -1, "test", &error);
  g_autofree char *json2 = NULL;

  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (base, back));
  json2 = gw_json_to_data (back, NULL);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_json_number_shortest (void)
{
  g_autofree char *a = gw_json_format_number (0.1);
  g_autofree char *b = gw_json_format_number (14.2e9);
  g_autofree char *c = gw_json_format_number (1.0 / 3);

  g_assert_cmpstr (a, ==, "0.1");
  g_assert_cmpstr (b, ==, "14200000000");
  g_assert_cmpfloat (g_ascii_strtod (c, NULL), ==, 1.0 / 3);
}

static void
test_variant_resolves_overrides (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  for (guint o = 0; o < gw_scenario_n_rows (base, GW_TABLE_OVERRIDES); o++)
    {
      const GwOverride *ov = gw_scenario_override (base, o);
      g_autoptr(GwScenario) resolved = gw_scenario_resolve (base, ov->variant, &error);
      GwInputRef ref;
      const GwField *field;
      gpointer row;

      g_assert_no_error (error);
      g_assert_true (gw_scenario_parse_input (resolved, ov->input, &ref, &error));
      field = gw_table_field (ref.table, ref.field);
      row = gw_scenario_get_row (resolved, ref.table, ref.row);
      if (field->type == GW_FIELD_DIST)
        g_assert_true (gw_dist_equal (GW_FIELD_DIST_OF (row, field), &ov->value));
      else
        g_assert_cmpint (GW_FIELD_INT_OF (row, field), ==, (int) ov->value.p[0]);
    }
}

static void
test_slots_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autoptr(GArray) slots = gw_scenario_slots (base);
  guint g = gw_scenario_n_generations (base), p = gw_scenario_n_providers (base);

  /* K = 6G + (8 + G)P + B + 4D + 31 + 2E (version 2: amortizing_share per
   * provider, cost_pass_through and cost_inflation in the market) */
  g_assert_cmpuint (slots->len, ==, gw_scenario_n_slots (base));
  g_assert_cmpuint (slots->len, ==, 6 * g + (8 + g) * p +
                    gw_scenario_n_rows (base, GW_TABLE_BUILD_PLANS) +
                    4 * gw_scenario_n_deals (base) + 31 + 2 * gw_scenario_n_events (base));
  /* 8 generations, 6 providers, 11 build plans, 5 deals, 5 events */
  g_assert_cmpuint (slots->len, ==, 6 * 8 + 16 * 6 + 11 + 4 * 5 + 31 + 2 * 5);
  g_assert_cmpuint (slots->len, ==, 216);
  /* The first provider's slots: power_mw, build_execution, then its fleet. */
  g_assert_cmpint (g_array_index (slots, GwSlot, 6 * g).table, ==, GW_TABLE_PROVIDERS);
  g_assert_cmpint (g_array_index (slots, GwSlot, 6 * g + 2).table, ==, GW_TABLE_FLEET);
  g_assert_cmpint (g_array_index (slots, GwSlot, 6 * g + 2 + g).table, ==, GW_TABLE_PROVIDERS);
}

static void
test_bad_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_json_from_data ("{\"format\": ", -1, "bad.json", &error);

  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad.json"));
}

static void
test_invalid_values_named (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autoptr(GwScenario) bad = gw_scenario_copy (base);
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keep.gigawatt", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize lb, la;

  /* A negative capacity is named by table, row, field and value. */
  gw_scenario_generation (bad, 0)->kw_it = gw_dist_fixed (-1);
  g_assert_false (gw_scenario_validate (bad, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "generations"));
  g_assert_nonnull (strstr (error->message, "H100"));
  g_assert_nonnull (strstr (error->message, "kw_it"));
  g_assert_nonnull (strstr (error->message, "-1"));
  g_clear_error (&error);

  /* Saving an invalid scenario fails and leaves the file on disk as it was. */
  g_assert_true (gw_file_save (base, path, &error));
  g_assert_true (g_file_get_contents (path, &before, &lb, NULL));
  g_assert_false (gw_file_save (bad, path, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &after, &la, NULL));
  g_assert_cmpmem (before, lb, after, la);
  g_clear_error (&error);

  /* Deal end before start. */
  g_clear_pointer (&bad, gw_scenario_free);
  bad = gw_scenario_copy (base);
  gw_scenario_deal (bad, 0)->end = gw_scenario_deal (bad, 0)->start - 1;
  g_assert_false (gw_scenario_validate (bad, &error));
  g_assert_nonnull (strstr (error->message, "end"));
  g_unlink (path);
  g_rmdir (dir);
}

/* A VFS that passes everything to the default one but fails writes once
 * a byte budget is spent, as a full disk would. */
typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;
} FullFile;

static sqlite3_vfs full_vfs;
static sqlite3_io_methods full_methods;
static sqlite3_int64 write_budget;
static int fail_code;

static int
full_close (sqlite3_file *f)
{
  FullFile *ff = (FullFile *) f;
  int rc = ff->real->pMethods->xClose (ff->real);

  sqlite3_free (ff->real);
  return rc;
}

static int
full_write (sqlite3_file *f, const void *data, int n, sqlite3_int64 offset)
{
  FullFile *ff = (FullFile *) f;

  if (write_budget < n)
    return fail_code;
  write_budget -= n;
  return ff->real->pMethods->xWrite (ff->real, data, n, offset);
}

#define FORWARD(name, sig, args) \
  static int full_##name sig { FullFile *ff = (FullFile *) f; \
    return ff->real->pMethods->x##name args; }
FORWARD (Read, (sqlite3_file *f, void *d, int n, sqlite3_int64 o), (ff->real, d, n, o))
FORWARD (Truncate, (sqlite3_file *f, sqlite3_int64 s), (ff->real, s))
FORWARD (Sync, (sqlite3_file *f, int flags), (ff->real, flags))
FORWARD (FileSize, (sqlite3_file *f, sqlite3_int64 *s), (ff->real, s))
FORWARD (Lock, (sqlite3_file *f, int l), (ff->real, l))
FORWARD (Unlock, (sqlite3_file *f, int l), (ff->real, l))
FORWARD (CheckReservedLock, (sqlite3_file *f, int *r), (ff->real, r))
FORWARD (FileControl, (sqlite3_file *f, int op, void *a), (ff->real, op, a))
FORWARD (SectorSize, (sqlite3_file *f), (ff->real))
FORWARD (DeviceCharacteristics, (sqlite3_file *f), (ff->real))

static int
full_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
  sqlite3_vfs *real_vfs = vfs->pAppData;
  FullFile *ff = (FullFile *) f;
  int rc;

  ff->real = sqlite3_malloc (real_vfs->szOsFile);
  memset (ff->real, 0, real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, ff->real, flags, out);
  if (rc != SQLITE_OK)
    {
      sqlite3_free (ff->real);
      f->pMethods = NULL;
      return rc;
    }
  f->pMethods = &full_methods;
  return SQLITE_OK;
}

static void
register_full_vfs (void)
{
  sqlite3_vfs *real = sqlite3_vfs_find (NULL);

  if (sqlite3_vfs_find ("gw-test-full"))
    return;
  full_vfs = *real;
  full_vfs.zName = "gw-test-full";
  full_vfs.szOsFile = sizeof (FullFile);
  full_vfs.pAppData = real;
  full_vfs.xOpen = full_open;
  full_methods = (sqlite3_io_methods) {
    1, full_close, full_Read, full_write, full_Truncate, full_Sync, full_FileSize, full_Lock,
    full_Unlock, full_CheckReservedLock, full_FileControl, full_SectorSize,
    full_DeviceCharacteristics,
  };
  sqlite3_vfs_register (&full_vfs, 0);
}

static void
test_failed_save_keeps_original (void)
{
  static const int codes[] = { SQLITE_FULL, SQLITE_IOERR_WRITE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autoptr(GwScenario) changed = gw_scenario_copy (base);
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keep.gigawatt", NULL);
  g_autofree char *before = NULL;
  gsize lb;

  register_full_vfs ();
  g_assert_true (gw_file_save (base, path, &error));
  g_assert_true (g_file_get_contents (path, &before, &lb, NULL));
  g_free (changed->info.name);
  changed->info.name = g_strdup ("Changed");

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    for (sqlite3_int64 budget = 0; budget < 100000; budget += 7919)
      {
        g_autofree char *after = NULL;
        g_autoptr(GDir) d = NULL;
        gsize la;
        guint n_files = 0;

        write_budget = budget;
        fail_code = codes[c];
        gw_file_set_save_vfs ("gw-test-full");
        g_assert_false (gw_file_save (changed, path, &error));
        gw_file_set_save_vfs (NULL);
        g_assert_error (error, GW_ERROR, GW_ERROR_IO);
        g_clear_error (&error);
        g_assert_true (g_file_get_contents (path, &after, &la, NULL));
        g_assert_cmpmem (before, lb, after, la);
        /* and no temporary file is left behind */
        d = g_dir_open (dir, 0, NULL);
        while (g_dir_read_name (d))
          n_files++;
        g_assert_cmpuint (n_files, ==, 1);
      }
  g_unlink (path);
  g_rmdir (dir);
}

/* A save into a folder the user may not write to fails with a message and
 * leaves the file as it was. Root ignores permissions, so the save runs in
 * a child that drops to an unprivileged user. */
static void
test_read_only_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) base = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keep.gigawatt", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize lb, la;

  if (g_test_subprocess ())
    {
      const char *target = g_getenv ("GW_TEST_PATH");

      g_rmdir (dir); /* this run's own, unused folder */
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("cannot drop privileges");
      g_assert_false (gw_file_save (base, target, &error));
      g_printerr ("%s\n", error->message);
      return;
    }

  g_assert_true (gw_file_save (base, path, &error));
  g_assert_true (g_file_get_contents (path, &before, &lb, NULL));
  /* the file itself is writable by the unprivileged user: the folder is
   * what stops the save (a read-only file is refused before, see
   * test-hostile.c) */
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_setenv ("GW_TEST_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot save*keep.gigawatt*Permission denied*");
  g_assert_true (g_file_get_contents (path, &after, &la, NULL));
  g_assert_cmpmem (before, lb, after, la);
  g_chmod (dir, 0755);
  g_unlink (path);
  g_rmdir (dir);
}

/* Schema 2.0 and the migration from 1.0 --------------------------------- */

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "v1", name, NULL);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static char *
fixture_json (void)
{
  g_autofree char *path = fixture_path ("baseline-v1.json");
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

static guint32
file_user_version (const char *path)
{
  g_autofree guint8 *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (length, >=, 100);
  return (guint32) data[60] << 24 | (guint32) data[61] << 16 | (guint32) data[62] << 8 | data[63];
}

/* Every field that schema 1.0 lacks holds its neutral value. */
static void
assert_neutral (const GwScenario *s)
{
  GwDist one = gw_dist_fixed (1), zero = gw_dist_fixed (0);

  g_assert_cmpint (s->info.model_version, ==, GW_MODEL_VERSION);
  g_assert_cmpuint (gw_scenario_n_providers (s), ==, 6);
  for (guint i = 0; i < gw_scenario_n_providers (s); i++)
    g_assert_true (gw_dist_equal (&gw_scenario_provider (s, i)->amortizing_share, &one));
  g_assert_true (gw_dist_equal (&s->market.cost_pass_through, &zero));
  g_assert_true (gw_dist_equal (&s->market.cost_inflation, &zero));
  g_assert_cmpint (s->market.relet_quarters, ==, 0);
  g_assert_cmpuint (gw_scenario_n_deals (s), ==, 5);
  for (guint i = 0; i < gw_scenario_n_deals (s); i++)
    g_assert_cmpint (gw_scenario_deal (s, i)->signed_quarter, ==, GW_QUARTER_NONE);
  g_assert_cmpuint (gw_scenario_n_events (s), ==, 5);
  for (guint i = 0; i < gw_scenario_n_events (s); i++)
    g_assert_cmpint (gw_scenario_event (s, i)->end, ==, GW_QUARTER_NONE);
}

static void
test_schema_sql (void)
{
  g_autofree char *v1 = gw_file_schema_sql (1, 0);
  g_autofree char *v2 = gw_file_schema_sql (2, 0);
  g_autofree char *v21 = gw_file_schema_sql (2, 1);

  /* One generator: 1.0 is 2.0 without the fields new in 2.0, nothing else. */
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      const GwTableInfo *info = gw_table_info (t);

      for (guint f = 0; f < info->n_fields; f++)
        {
          g_autofree char *column = g_strdup_printf ("\"%s\" ", info->fields[f].name);

          g_assert_nonnull (strstr (v2, column));
          if (info->fields[f].since < 2)
            g_assert_nonnull (strstr (v1, column));
        }
    }
  g_assert_null (strstr (v1, "\"amortizing_share\""));
  g_assert_null (strstr (v1, "\"signed\""));
  g_assert_null (strstr (v1, "\"relet_quarters\""));
  g_assert_null (strstr (v1, "\"cost_pass_through\""));
  g_assert_null (strstr (v1, "\"cost_inflation\""));
  /* optional quarters stay TEXT NOT NULL, '' for none */
  g_assert_nonnull (strstr (v2, "\"signed\" TEXT NOT NULL"));
  g_assert_nonnull (strstr (v2, "\"relet_quarters\" INTEGER NOT NULL"));
  g_assert_cmpuint (strlen (v2), >, strlen (v1));
  /* 2.1 is 2.0 and the view_state table, nothing else */
  g_assert_null (strstr (v1, "view_state"));
  g_assert_null (strstr (v2, "view_state"));
  g_assert_true (g_str_has_prefix (v21, v2));
  g_assert_cmpstr (v21 + strlen (v2), ==,
                   "CREATE TABLE view_state (\n"
                   "  key TEXT PRIMARY KEY NOT NULL,\n"
                   "  value TEXT NOT NULL\n"
                   ") STRICT;\n");
}

/* A 1.0 .gigawatt file written by the previous release opens with the new
 * fields neutral, says it was upgraded, is not touched, and saves as 2.1. */
static void
test_v1_file_opens (void)
{
  g_autofree char *path = fixture_path ("baseline-v1.gigawatt");
  g_autofree char *json_path = fixture_path ("baseline-v1.json");
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "v2.gigawatt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwScenario) from_json = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  g_assert_cmpuint (file_user_version (path), ==, 10000);
  s = gw_file_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpint (info.schema_major, ==, 1);
  g_assert_cmpint (info.schema_minor, ==, 0);
  g_assert_true (info.upgraded);
  assert_neutral (s);
  g_assert_cmpstr (s->info.name, ==, "Baseline 2026");
  /* the file on disk is exactly as it was */
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* The JSON export of the same release reads as the same scenario. */
  from_json = gw_json_load (json_path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, from_json));

  /* Saving writes 2.1, which reads back equal and is not an upgrade. */
  g_assert_true (gw_file_save (s, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_user_version (out), ==, 20001);
  gw_load_info_clear (&info);
  back = gw_file_load_full (out, &info, &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, back));
  g_assert_cmpint (info.schema_major, ==, 2);
  g_assert_false (info.upgraded);
  g_unlink (out);
  g_rmdir (dir);
}

static void
test_v1_json_opens (void)
{
  g_autofree char *path = fixture_path ("baseline-v1.json");
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  s = gw_json_load_full (path, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.schema_major, ==, 1);
  g_assert_true (info.upgraded);
  assert_neutral (s);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* Export writes 2.1, leaving out the empty optional quarters. */
  text = gw_json_to_data (s, NULL);
  g_assert_nonnull (strstr (text, "\"schema_version\": \"2.1\""));
  g_assert_nonnull (strstr (text, "\"model_version\": 2,"));
  g_assert_nonnull (strstr (text, "\"amortizing_share\": 1,"));
  g_assert_nonnull (strstr (text, "\"relet_quarters\": 0,"));
  g_assert_null (strstr (text, "\"signed\""));
  gw_load_info_clear (&info);
  back = gw_json_from_data_full (text, -1, "v2.json", &info, &error);
  g_assert_no_error (error);
  g_assert_false (info.upgraded);
  g_assert_true (gw_scenario_equal (s, back));
}

/* A scenario that sets every field new in 2.0 to a value of its own. */
static GwScenario *
scenario_with_new_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("baseline-v1.json");
  GwScenario *s = gw_json_load (path, &error);
  GwOverride *o;

  g_assert_no_error (error);
  gw_scenario_provider (s, 0)->amortizing_share = gw_dist_fixed (0.6);
  gw_scenario_provider (s, 1)->amortizing_share = gw_dist_triangular (0.2, 0.5, 0.9);
  s->market.cost_pass_through = gw_dist_triangular (0.3, 0.5, 0.8);
  s->market.cost_inflation = gw_dist_fixed (0.025);
  s->market.relet_quarters = 2;
  gw_scenario_deal (s, 1)->signed_quarter = GW_QUARTER (2026, 2);    /* Meta II, from 2026Q4 */
  gw_scenario_event (s, 1)->end = GW_QUARTER (2027, 4);              /* the capex shock */
  /* overrides of the new fields, one of them emptying an optional quarter */
  o = gw_scenario_add_row (s, GW_TABLE_OVERRIDES);
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 0), "Rubin cost squeeze");
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 1),
                     "events[Vera Rubin capex shock].end");
  o->value = gw_dist_fixed (GW_QUARTER_NONE);
  o = gw_scenario_add_row (s, GW_TABLE_OVERRIDES);
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 0), "Rubin cost squeeze");
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 1), "market.relet_quarters");
  o->value = gw_dist_fixed (4);
  o = gw_scenario_add_row (s, GW_TABLE_OVERRIDES);
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 0), "Inference boom");
  gw_field_set_text (o, gw_table_field (GW_TABLE_OVERRIDES, 1), "market.cost_pass_through");
  o->value = gw_dist_uniform (0.1, 0.9);
  gw_scenario_validate (s, &error);
  g_assert_no_error (error);
  return s;
}

static void
test_v2_round_trip (void)
{
  g_autoptr(GwScenario) s = scenario_with_new_fields ();
  g_autoptr(GwScenario) back = NULL;
  g_autoptr(GwScenario) from_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.gigawatt", NULL);
  g_autofree char *b = g_build_filename (dir, "b.gigawatt", NULL);
  g_autofree char *da = NULL, *db = NULL;
  g_autofree char *json = NULL, *json2 = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *sql = NULL;
  g_auto(GwLoadInfo) info = { 0 };
  gsize la, lb;

  /* SQLite: field equal, and a second save byte-identical */
  g_assert_true (gw_file_save (s, a, &error));
  g_assert_no_error (error);
  back = gw_file_load_full (a, &info, &error);
  g_assert_no_error (error);
  g_assert_false (info.upgraded);
  g_assert_true (gw_scenario_equal (s, back));
  g_assert_cmpint (gw_scenario_deal (back, 1)->signed_quarter, ==, GW_QUARTER (2026, 2));
  g_assert_cmpint (gw_scenario_deal (back, 0)->signed_quarter, ==, GW_QUARTER_NONE);
  g_assert_cmpint (gw_scenario_event (back, 1)->end, ==, GW_QUARTER (2027, 4));
  g_assert_cmpint (back->market.cost_pass_through.kind, ==, GW_DIST_TRIANGULAR);
  g_assert_cmpint (back->market.relet_quarters, ==, 2);
  g_assert_true (gw_file_save (back, b, &error));
  g_assert_true (g_file_get_contents (a, &da, &la, NULL));
  g_assert_true (g_file_get_contents (b, &db, &lb, NULL));
  g_assert_cmpmem (da, la, db, lb);

  /* An empty optional quarter is the text '', a set one its quarter. */
  g_assert_cmpint (sqlite3_open_v2 (a, &sql, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (sql, "SELECT group_concat(quote(signed), ' ') FROM "
                                       "(SELECT signed FROM deals ORDER BY id)", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "'' '2026Q2' '' '' ''");
  sqlite3_finalize (stmt);
  sqlite3_close (sql);

  /* JSON: field equal and text equal; an empty optional quarter is left
   * out, an override that empties one is null. */
  json = gw_json_to_data (s, NULL);
  g_assert_nonnull (strstr (json, "\"signed\": \"2026Q2\""));
  g_assert_nonnull (strstr (json, "\"end\": \"2027Q4\""));
  g_assert_nonnull (strstr (json, "\"cost_pass_through\": {\"dist\": \"triangular\", \"lo\": 0.3, "
                            "\"mode\": 0.5, \"hi\": 0.8}"));
  g_assert_nonnull (strstr (json, "\"input\": \"events[Vera Rubin capex shock].end\",\n"
                            "      \"value\": null"));
  g_assert_nonnull (strstr (json, "\"input\": \"market.relet_quarters\",\n      \"value\": 4"));
  g_assert_null (strstr (strstr (json, "\"signed\"") + 1, "\"signed\""));
  from_json = gw_json_from_data (json, -1, "v2.json", &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, from_json));
  json2 = gw_json_to_data (from_json, NULL);
  g_assert_cmpstr (json, ==, json2);

  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* A 1.0 document cannot hold a field of 2.0: the message names the table,
 * the row and the field. */
static void
test_v1_json_new_field_refused (void)
{
  static const struct
  {
    const char *from, *to, *phrases[3];
  } cases[] = {
    { "\"market\": {\n", "\"market\": {\n    \"relet_quarters\": 2,\n",
      { "market", "field “relet_quarters”", "new in schema 2.0" } },
    { "\"name\": \"CoreWeave\",\n", "\"name\": \"CoreWeave\",\n      \"amortizing_share\": 0.5,\n",
      { "providers row 1", "field “amortizing_share”", "new in schema 2.0" } },
    { "\"name\": \"Meta II\",\n", "\"name\": \"Meta II\",\n      \"signed\": \"2026Q2\",\n",
      { "deals row 2", "field “signed”", "a schema 1.x file cannot hold it" } },
    { "\"name\": \"Rate shock\",\n", "\"name\": \"Rate shock\",\n      \"end\": null,\n",
      { "events row 3", "field “end”", "new in schema 2.0" } },
    { "\"input\": \"market.token_growth\"", "\"input\": \"market.cost_pass_through\"",
      { "overrides, row 1", "field “input”", "“market.cost_pass_through” is new in schema 2.0" } },
    { "\"a\": \"market.unit_supply_growth\"", "\"a\": \"market.cost_inflation\"",
      { "correlations, row 3", "field “a”", "“market.cost_inflation” is new" } },
    { "\"model_version\": 1,", "\"model_version\": 2,",
      { "model_version", "follows model version 1, not 2", "" } },
  };
  g_autofree char *v1 = fixture_json ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = replace_once (v1, cases[i].from, cases[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwScenario) s = NULL;
      g_auto(GwLoadInfo) info = { 0 };

      s = gw_json_from_data_full (text, -1, "old.json", &info, &error);
      g_assert_null (s);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "old.json"));
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].phrases); k++)
        g_assert_nonnull (strstr (error->message, cases[i].phrases[k]));
      g_assert_false (info.upgraded);
    }
}

/* A 1.0 .gigawatt file cannot hold one either: it has no column for it, and
 * the distributions table may not name one. */
static void
test_v1_file_new_field_refused (void)
{
  g_autofree char *fixture = fixture_path ("baseline-v1.gigawatt");
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.gigawatt", NULL);
  g_autofree char *data = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  sqlite3 *db = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (fixture, &data, &length, NULL));
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO distributions VALUES "
                                 "('providers', 1, 'amortizing_share', 'uniform', 0.5, 1, NULL, "
                                 "NULL)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);
  s = gw_file_load (path, &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "table providers, row id 1"));
  g_assert_nonnull (strstr (error->message, "field “amortizing_share”"));
  g_assert_nonnull (strstr (error->message, "new in schema 2.0"));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* A 1.0 file given a 2.0 column is a file whose schema was altered. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM distributions WHERE field = 'amortizing_share';"
                                 "ALTER TABLE market ADD COLUMN relet_quarters INTEGER NOT NULL "
                                 "DEFAULT 3", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_pointer (&s, gw_scenario_free);
  s = gw_file_load (path, &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "the definition of “market” differs"));
  g_unlink (path);
  g_rmdir (dir);
}

/* A 2.0 document may leave the fields new in 2.0 out; every other required
 * field is still required, and an optional quarter may be null. */
static void
test_v2_json_omits_new_fields (void)
{
  g_autofree char *v1 = fixture_json ();
  g_autofree char *v2a = replace_once (v1, "\"schema_version\": \"1.0\"",
                                       "\"schema_version\": \"2.0\"");
  g_autofree char *v2 = replace_once (v2a, "\"model_version\": 1,", "\"model_version\": 2,");
  g_autofree char *with_null = NULL, *with_empty = NULL, *without_price = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwScenario) old = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  s = gw_json_from_data_full (v2, -1, "new.json", &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info.schema_major, ==, 2);
  g_assert_false (info.upgraded);
  assert_neutral (s);
  /* and it is the same scenario as the 1.0 document upgraded */
  old = gw_json_from_data (v1, -1, "old.json", &error);
  g_assert_no_error (error);
  g_assert_true (gw_scenario_equal (s, old));
  g_clear_pointer (&s, gw_scenario_free);

  with_null = replace_once (v2, "\"name\": \"Rate shock\",\n",
                            "\"name\": \"Rate shock\",\n      \"end\": null,\n");
  s = gw_json_from_data (with_null, -1, "new.json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_scenario_event (s, 2)->end, ==, GW_QUARTER_NONE);
  g_clear_pointer (&s, gw_scenario_free);

  with_empty = replace_once (v2, "\"name\": \"Rate shock\",\n",
                             "\"name\": \"Rate shock\",\n      \"end\": \"\",\n");
  s = gw_json_from_data (with_empty, -1, "new.json", &error);
  g_assert_null (s);
  g_assert_nonnull (strstr (error->message, "events row 3, field “end”"));
  g_assert_nonnull (strstr (error->message, "or null for none"));
  g_clear_error (&error);

  without_price = replace_once (v2, "    \"price_0\": {\"dist\": \"triangular\", \"lo\": 1.7, "
                                "\"mode\": 2.35, \"hi\": 2.65},\n", "");
  s = gw_json_from_data (without_price, -1, "new.json", &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "market, field “price_0”: missing"));
}

/* A newer major is refused, as a .gigawatt file and as JSON. */
static void
test_newer_schema_refused (void)
{
  g_autofree char *fixture = fixture_path ("baseline-v1.gigawatt");
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "newer.gigawatt", NULL);
  g_autofree char *json = NULL;
  g_autofree char *v1 = fixture_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = NULL;
  g_autoptr(GwScenario) v2 = gw_file_load (fixture, &error);
  g_autofree guint8 *data = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (gw_file_save (v2, path, &error));
  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  /* user_version 30000, big-endian at offset 60 */
  data[60] = 0;
  data[61] = 0;
  data[62] = 30000 >> 8;
  data[63] = 30000 & 0xff;
  g_assert_true (g_file_set_contents (path, (char *) data, length, NULL));
  s = gw_file_load (path, &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer Gigawatt"));
  g_assert_nonnull (strstr (error->message, "3.0"));
  g_clear_error (&error);

  json = replace_once (v1, "\"schema_version\": \"1.0\"", "\"schema_version\": \"3.0\"");
  s = gw_json_from_data (json, -1, "newer.json", &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer Gigawatt"));
  g_clear_error (&error);

  /* neither is there a schema before 1.0 */
  g_free (json);
  json = replace_once (v1, "\"schema_version\": \"1.0\"", "\"schema_version\": \"0.9\"");
  s = gw_json_from_data (json, -1, "older.json", &error);
  g_assert_null (s);
  g_assert_error (error, GW_ERROR, GW_ERROR_PARSE);
  g_unlink (path);
  g_rmdir (dir);
}

/* A variant that does not resolve (its override ends a deal before it
 * starts) is not written: neither the file nor the JSON, and a file
 * already at the path is left as it was (issue 14, item 8). */
static void
test_save_refuses_broken_variant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v.gigawatt", NULL);
  g_autofree char *json = g_build_filename (dir, "v.json", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize n_before, n_after;
  GwOverride *o;

  g_assert_no_error (error);
  g_assert_true (gw_file_save (s, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));

  o = gw_scenario_add_row (s, GW_TABLE_OVERRIDES);
  /* a new row's text fields hold "" already */
  g_free (o->variant);
  o->variant = g_strdup (gw_scenario_variant (s, 0)->name);
  g_free (o->input);
  o->input = g_strdup_printf ("deals[%s].end", gw_scenario_deal (s, 0)->name);
  o->value.kind = GW_DIST_FIXED;
  o->value.p[0] = gw_scenario_deal (s, 0)->start - 1;
  g_assert_true (gw_scenario_validate (s, NULL));         /* the base is fine */

  g_assert_false (gw_file_save (s, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, gw_scenario_variant (s, 0)->name));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);

  g_assert_false (gw_json_save (s, json, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
  g_assert_false (gw_scenario_validate_all (s, NULL));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/file/save-load-save-stable", test_save_load_save_stable);
  g_test_add_func ("/gw/json/lossless", test_json_lossless);
  g_test_add_func ("/gw/file/save-refuses-broken-variant", test_save_refuses_broken_variant);
  g_test_add_func ("/gw/json/number-shortest", test_json_number_shortest);
  g_test_add_func ("/gw/model/variant/resolve", test_variant_resolves_overrides);
  g_test_add_func ("/gw/json/malformed", test_bad_json);
  g_test_add_func ("/gw/model/slots/count", test_slots_count);
  g_test_add_func ("/gw/model/validate/named", test_invalid_values_named);
  g_test_add_func ("/gw/file/failed-save-keeps-original", test_failed_save_keeps_original);
  g_test_add_func ("/gw/file/read-only-folder", test_read_only_folder);
  g_test_add_func ("/gw/file/schema-sql", test_schema_sql);
  g_test_add_func ("/gw/file/v1/opens", test_v1_file_opens);
  g_test_add_func ("/gw/file/v1/new-field-refused", test_v1_file_new_field_refused);
  g_test_add_func ("/gw/json/v1/opens", test_v1_json_opens);
  g_test_add_func ("/gw/json/v1/new-field-refused", test_v1_json_new_field_refused);
  g_test_add_func ("/gw/json/v2/omits-new-fields", test_v2_json_omits_new_fields);
  g_test_add_func ("/gw/file/v2/round-trip", test_v2_round_trip);
  g_test_add_func ("/gw/file/newer-schema-refused", test_newer_schema_refused);
  return g_test_run ();
}
