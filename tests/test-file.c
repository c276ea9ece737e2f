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

  /* K = 6G + (7 + G)P + B + 4D + 29 + 2E */
  g_assert_cmpuint (slots->len, ==, gw_scenario_n_slots (base));
  g_assert_cmpuint (slots->len, ==, 6 * g + (7 + g) * p +
                    gw_scenario_n_rows (base, GW_TABLE_BUILD_PLANS) +
                    4 * gw_scenario_n_deals (base) + 29 + 2 * gw_scenario_n_events (base));
  g_assert_cmpuint (slots->len, ==, 183);
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
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gw/file/save-load-save-stable", test_save_load_save_stable);
  g_test_add_func ("/gw/json/lossless", test_json_lossless);
  g_test_add_func ("/gw/json/number-shortest", test_json_number_shortest);
  g_test_add_func ("/gw/model/variant/resolve", test_variant_resolves_overrides);
  g_test_add_func ("/gw/json/malformed", test_bad_json);
  g_test_add_func ("/gw/model/slots/count", test_slots_count);
  g_test_add_func ("/gw/model/validate/named", test_invalid_values_named);
  g_test_add_func ("/gw/file/failed-save-keeps-original", test_failed_save_keeps_original);
  g_test_add_func ("/gw/file/read-only-folder", test_read_only_folder);
  return g_test_run ();
}
