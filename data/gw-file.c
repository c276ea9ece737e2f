/* gw-file.c: loading and saving .gigawatt files
 *
 * A .gigawatt file is an SQLite database of STRICT tables generated from
 * the field declarations of gw-table.c, one table per scenario table plus
 * `distributions`, which holds the laws of uncertain numbers. The file may
 * come from anyone, so loading never opens it in place: its bytes are copied
 * into an in-memory database, checked with quick_check, compared with the
 * schema we would write for the file's version, read with a type check on
 * every cell, and validated again in C.
 *
 * A file of an older major schema is migrated as it is read: its schema is
 * generated from the same field declarations, leaving out the fields that
 * are newer than it (GwField.since), only its columns are read, and the
 * newer fields take their neutral values (gw-schema.c does the rest). The
 * file itself is not touched; saving writes the current schema.
 *
 * Schema 2.1 added view_state, the document's view (gw-view.c): a key and a
 * small JSON value per row. It is read after the scenario, and nothing in
 * it can fail a load: an entry that cannot be read is left at its default
 * with a message in GwLoadInfo.warnings.
 *
 * Saving writes a fresh database into a temporary file next to the target,
 * loads that back and compares it with what was meant to be written, and
 * only then renames it over the original (gw-io.c, which also keeps the
 * target's links and mode, and refuses read-only and special files).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gw-error.h"
#include "gw-file-private.h"
#include "gw-io.h"
#include "gw-quarter.h"
#include "gw-table.h"

static char *save_vfs = NULL;

void
gw_file_set_save_vfs (const char *vfs_name)
{
  g_free (save_vfs);
  save_vfs = g_strdup (vfs_name);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Schema ---------------------------------------------------------------- */

static const char *
column_type (const GwField *field)
{
  switch (field->type)
    {
    case GW_FIELD_DIST:
      return field->flags & GW_FIELD_OPTIONAL ? "REAL" : "REAL NOT NULL";
    case GW_FIELD_REAL:
      return "REAL NOT NULL";
    case GW_FIELD_INT:
    case GW_FIELD_BOOL:
    case GW_FIELD_SEED:
      return "INTEGER NOT NULL";
    default:
      return "TEXT NOT NULL";
    }
}

/* Column names are quoted because some fields ("end", "from", "to") are
 * SQL keywords. */
static void
append_table_sql (GString *sql,
                  GwTable  table,
                  int      schema_major)
{
  const GwTableInfo *info = gw_table_info (table);

  g_string_append_printf (sql, "CREATE TABLE \"%s\" (\n  id INTEGER PRIMARY KEY", info->name);
  for (guint f = 0; f < info->n_fields; f++)
    if (gw_field_in_schema (&info->fields[f], schema_major))
      g_string_append_printf (sql, ",\n  \"%s\" %s", info->fields[f].name,
                              column_type (&info->fields[f]));
  g_string_append (sql, "\n) STRICT;\n");
}

/* Whether a file of this schema has the view_state table (new in 2.1). */
static gboolean
schema_has_view (int schema_major,
                 int schema_minor)
{
  return schema_major > 2 || (schema_major == 2 && schema_minor >= 1);
}

/**
 * gw_file_schema_sql:
 * @schema_major: GW_FILE_SCHEMA_MAJOR, or an older major that is still read
 * @schema_minor: the minor version, up to GW_FILE_SCHEMA_MINOR for the
 *   current major (an older major is read as its last minor, 1.0)
 *
 * The schema of a version is the current one without the fields and the
 * tables that are newer than it, so that the files of an older release are
 * recognised exactly as it wrote them.
 *
 * Returns: the CREATE statements of that schema
 */
char *
gw_file_schema_sql (int schema_major,
                    int schema_minor)
{
  GString *sql = g_string_new (NULL);

  g_return_val_if_fail (schema_major >= GW_FILE_SCHEMA_MAJOR_MIN &&
                        schema_major <= GW_FILE_SCHEMA_MAJOR, NULL);
  g_return_val_if_fail (schema_minor >= 0, NULL);
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    append_table_sql (sql, t, schema_major);
  g_string_append (sql,
                   "CREATE TABLE distributions (\n"
                   "  tbl TEXT NOT NULL,\n"
                   "  row INTEGER NOT NULL,\n"
                   "  field TEXT NOT NULL,\n"
                   "  kind TEXT NOT NULL,\n"
                   "  p1 REAL NOT NULL,\n"
                   "  p2 REAL,\n"
                   "  p3 REAL,\n"
                   "  p4 REAL,\n"
                   "  PRIMARY KEY (tbl, row, field)\n"
                   ") STRICT;\n");
  if (schema_has_view (schema_major, schema_minor))
    g_string_append (sql,
                     "CREATE TABLE view_state (\n"
                     "  key TEXT PRIMARY KEY NOT NULL,\n"
                     "  value TEXT NOT NULL\n"
                     ") STRICT;\n");
  return g_string_free (sql, FALSE);
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("SQLite failed: %s"),
                   message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT, _("SQLite failed: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* Hardening for databases we did not write ourselves. */
static void
harden (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
  sqlite3_limit (db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
  sqlite3_limit (db, SQLITE_LIMIT_COLUMN, 200);
  sqlite3_limit (db, SQLITE_LIMIT_EXPR_DEPTH, 100);
  sqlite3_limit (db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit (db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
}

/* Loading --------------------------------------------------------------- */

typedef struct
{
  sqlite3    *db;
  const char *name;       /* the file, for messages */
  int         schema_major;
  int         schema_minor;
  GwScenario *scenario;
  GHashTable *ids[GW_N_TABLES]; /* id -> row index + 1 */
  GwView     *view;
  GPtrArray  *warnings;   /* char *: what of the view was not read */
} Loader;

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static gboolean
check_header (const guint8 *data,
              gsize         size,
              const char   *name,
              int          *schema_major,
              int          *schema_minor,
              GError      **error)
{
  static const char magic[16] = "SQLite format 3";
  guint32 user_version, major;

  if (size == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is empty: it is not a Gigawatt scenario"), name);
      return FALSE;
    }
  if (size < 100 || memcmp (data, magic, sizeof magic) != 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is not a Gigawatt scenario (it is not an SQLite database)"), name);
      return FALSE;
    }
  if (read_be32 (data + 68) != GW_FILE_APPLICATION_ID)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is an SQLite database but not a Gigawatt scenario "
                     "(application id 0x%08x)"), name, read_be32 (data + 68));
      return FALSE;
    }
  user_version = read_be32 (data + 60);
  major = user_version / 10000;
  if (major > GW_FILE_SCHEMA_MAJOR)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer Gigawatt (file format %u.%u; this version "
                     "reads up to %u.x): update Gigawatt to open it"), name, major,
                   user_version % 10000, GW_FILE_SCHEMA_MAJOR);
      return FALSE;
    }
  if (major < GW_FILE_SCHEMA_MAJOR_MIN)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                   _("“%s” has an unknown file format version %u"), name, user_version);
      return FALSE;
    }
  /* Same major and a newer minor: only additions we may ignore. An older
   * major is read with its own schema and upgraded in memory. */
  *schema_major = major;
  *schema_minor = user_version % 10000;
  return TRUE;
}

static gboolean
check_integrity (Loader  *l,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  if (sqlite3_prepare_v2 (l->db, "PRAGMA quick_check(1)", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                   _("“%s” is damaged (%s)"), l->name, sqlite3_errmsg (l->db));
      return FALSE;
    }
  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                   _("“%s” is damaged: %s"), l->name, result ? result : "?");
      return FALSE;
    }
  return TRUE;
}

static GHashTable *
read_schema (sqlite3  *db,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) schema = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (!prepare (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema", &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *tbl = (const char *) sqlite3_column_text (stmt, 2);
      const char *sql = (const char *) sqlite3_column_text (stmt, 3);

      g_hash_table_insert (schema, g_strdup (name ? name : ""),
                           g_strdup_printf ("%s\n%s\n%s", type ? type : "", tbl ? tbl : "",
                                            sql ? sql : ""));
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT, _("SQLite failed: %s"),
                   sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&schema);
}

/* The expected schema is whatever SQLite makes of our own CREATE
 * statements, so the comparison cannot drift from the writer. */
static gboolean
check_schema (Loader  *l,
              GError **error)
{
  g_autoptr(sqlite3) ref = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;
  /* a newer minor is compared with the newest schema this version knows:
   * a table it added is refused, as unknown */
  g_autofree char *sql = gw_file_schema_sql (l->schema_major,
                                             l->schema_major == GW_FILE_SCHEMA_MAJOR
                                             ? MIN (l->schema_minor, GW_FILE_SCHEMA_MINOR) : 0);
  GHashTableIter iter;
  gpointer key, value;

  if (sqlite3_open_v2 (":memory:", &ref, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("SQLite failed: %s"), sqlite3_errmsg (ref));
      return FALSE;
    }
  if (!exec (ref, sql, error))
    return FALSE;
  expected = read_schema (ref, error);
  if (expected == NULL)
    return FALSE;
  actual = read_schema (l->db, error);
  if (actual == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *want = g_hash_table_lookup (expected, key);

      if (want != NULL && g_str_equal (want, value))
        continue;
      if (g_str_has_prefix (value, "trigger\n"))
        g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                     _("“%s” contains a trigger “%s”; Gigawatt files never do, so it was "
                       "not opened"), l->name, (char *) key);
      else if (g_str_has_prefix (value, "view\n"))
        g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                     want != NULL
                     ? _("in “%s”, table “%s” has been replaced by a view; it was not opened")
                     : _("“%s” contains a view “%s”; Gigawatt files never do, so it was not "
                         "opened"), l->name, (char *) key);
      else if (want == NULL)
        {
          g_autofree char *type = g_strndup (value, strcspn (value, "\n"));

          g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                       _("“%s” contains an unexpected %s “%s”"), l->name, type, (char *) key);
        }
      else
        g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                     _("in “%s”, the definition of “%s” differs from a Gigawatt file's"),
                     l->name, (char *) key);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (actual, key))
      {
        g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                     _("“%s” has no table “%s”"), l->name, (char *) key);
        return FALSE;
      }
  return TRUE;
}

G_GNUC_PRINTF (6, 7)
static void
cell_error (Loader      *l,
            GwTable      table,
            gint64       id,
            const char  *field,
            GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: file, table, row id, field, then what is wrong */
  g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE, _("“%s”, table %s, row id %" G_GINT64_FORMAT
                                                          ", field “%s”: %s"),
               l->name, gw_table_info (table)->name, id, field, what);
}

static gboolean
read_text (Loader         *l,
           sqlite3_stmt   *stmt,
           int             col,
           GwTable         table,
           gint64          id,
           const GwField  *field,
           char          **out,
           GError        **error)
{
  gsize limit = field->type == GW_FIELD_TEXT ? GW_MAX_TEXT_LENGTH : GW_MAX_NAME_LENGTH;
  const char *text;
  int bytes;

  if (sqlite3_column_type (stmt, col) != SQLITE_TEXT)
    {
      cell_error (l, table, id, field->name, error, _("expected text"));
      return FALSE;
    }
  bytes = sqlite3_column_bytes (stmt, col);
  if ((gsize) bytes > limit)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                   _("“%s”, table %s, row id %" G_GINT64_FORMAT ", field “%s”: the text is %d "
                     "bytes long; at most %" G_GSIZE_FORMAT " are allowed"),
                   l->name, gw_table_info (table)->name, id, field->name, bytes, limit);
      return FALSE;
    }
  text = (const char *) sqlite3_column_text (stmt, col);
  if (memchr (text, '\0', bytes) != NULL || !g_utf8_validate (text, bytes, NULL))
    {
      cell_error (l, table, id, field->name, error, _("the text is not valid UTF-8"));
      return FALSE;
    }
  *out = g_strndup (text, bytes);
  return TRUE;
}

static gboolean
read_number (Loader        *l,
             sqlite3_stmt  *stmt,
             int            col,
             GwTable        table,
             gint64         id,
             const char    *field,
             gboolean       optional,
             double        *out,
             GError       **error)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_FLOAT:
    case SQLITE_INTEGER:
      *out = sqlite3_column_double (stmt, col);
      if (isnan (*out))
        {
          cell_error (l, table, id, field, error, _("the value is not a number"));
          return FALSE;
        }
      return TRUE;
    case SQLITE_NULL:
      if (optional)
        {
          *out = NAN;
          return TRUE;
        }
      cell_error (l, table, id, field, error, _("a value is required (it is empty or NaN)"));
      return FALSE;
    default:
      cell_error (l, table, id, field, error, _("expected a number, found text or bytes"));
      return FALSE;
    }
}

static gboolean
read_int (Loader        *l,
          sqlite3_stmt  *stmt,
          int            col,
          GwTable        table,
          gint64         id,
          const char    *field,
          gint64        *out,
          GError       **error)
{
  if (sqlite3_column_type (stmt, col) != SQLITE_INTEGER)
    {
      cell_error (l, table, id, field, error, _("expected a whole number"));
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, col);
  return TRUE;
}

static gboolean
read_row (Loader        *l,
          sqlite3_stmt  *stmt,
          GwTable        table,
          gint64         id,
          gpointer       row,
          GError       **error)
{
  const GwTableInfo *info = gw_table_info (table);
  int col = 0; /* the id */

  for (guint f = 0; f < info->n_fields; f++)
    {
      const GwField *field = &info->fields[f];

      /* The schema was checked, so the columns are the fields it has, in
       * order; a field newer than the file stands for its neutral value. */
      if (!gw_field_in_schema (field, l->schema_major))
        {
          gw_field_set_neutral (row, field);
          continue;
        }
      col++;
      switch (field->type)
        {
        case GW_FIELD_TEXT:
        case GW_FIELD_NAME:
        case GW_FIELD_REF:
        case GW_FIELD_INPUT:
          {
            char *text = NULL;

            if (!read_text (l, stmt, col, table, id, field, &text, error))
              return FALSE;
            g_free (GW_FIELD_TEXT_OF (row, field));
            GW_FIELD_TEXT_OF (row, field) = text;
            break;
          }
        case GW_FIELD_QUARTER:
        case GW_FIELD_ENUM:
          {
            g_autofree char *text = NULL;
            const GwField text_field = { .name = field->name, .type = GW_FIELD_NAME };
            int value = -1;

            if (!read_text (l, stmt, col, table, id, &text_field, &text, error))
              return FALSE;
            /* An optional quarter that is empty is stored as ''. */
            if (field->type == GW_FIELD_QUARTER && (field->flags & GW_FIELD_OPTIONAL) &&
                text[0] == '\0')
              value = GW_QUARTER_NONE;
            else if (field->type == GW_FIELD_QUARTER && !gw_quarter_parse (text, &value))
              {
                cell_error (l, table, id, field->name, error,
                            _("“%s” is not a quarter such as 2027Q3"), text);
                return FALSE;
              }
            if (field->type == GW_FIELD_ENUM)
              {
                for (guint i = 0; field->enum_names[i] != NULL; i++)
                  if (g_str_equal (field->enum_names[i], text))
                    value = i;
                if (value < 0)
                  {
                    g_autofree char *names = g_strjoinv (", ", (char **) field->enum_names);

                    cell_error (l, table, id, field->name, error,
                                _("“%s” is not one of %s"), text, names);
                    return FALSE;
                  }
              }
            GW_FIELD_INT_OF (row, field) = value;
            break;
          }
        case GW_FIELD_INT:
        case GW_FIELD_BOOL:
          {
            gint64 value;

            if (!read_int (l, stmt, col, table, id, field->name, &value, error))
              return FALSE;
            if (value < G_MININT || value > G_MAXINT)
              {
                cell_error (l, table, id, field->name, error,
                            _("%" G_GINT64_FORMAT " is out of range"), value);
                return FALSE;
              }
            GW_FIELD_INT_OF (row, field) = (int) value;
            break;
          }
        case GW_FIELD_SEED:
          {
            gint64 value;

            if (!read_int (l, stmt, col, table, id, field->name, &value, error))
              return FALSE;
            GW_FIELD_SEED_OF (row, field) = (guint64) value;
            break;
          }
        case GW_FIELD_REAL:
          if (!read_number (l, stmt, col, table, id, field->name, FALSE,
                            &GW_FIELD_REAL_OF (row, field), error))
            return FALSE;
          break;
        case GW_FIELD_DIST:
          {
            double value;

            if (!read_number (l, stmt, col, table, id, field->name,
                              field->flags & GW_FIELD_OPTIONAL, &value, error))
              return FALSE;
            *GW_FIELD_DIST_OF (row, field) =
              isnan (value) ? (GwDist) { GW_DIST_NONE } : gw_dist_fixed (value);
            break;
          }
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/* A step of the reading of @table failed after the row @after (or before
 * the first row, without @have_after). SQLite does not say where, so the
 * row's id and then each of its cells are read alone until one fails, and
 * the message names them. */
static gboolean
row_error (Loader    *l,
           GwTable    table,
           gboolean   have_after,
           gint64     after,
           GError   **error)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autofree char *why = g_strdup (sqlite3_errmsg (l->db));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int code = sqlite3_errcode (l->db);
  const char *field = NULL;
  gboolean have_id = FALSE;
  gint64 id = 0;

  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE id > ?1 ORDER BY id LIMIT 1", info->name);
  if (sqlite3_prepare_v2 (l->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, have_after ? after : G_MININT64);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          have_id = TRUE;
        }
    }
  for (guint f = 0; have_id && field == NULL && f < info->n_fields; f++)
    {
      if (!gw_field_in_schema (&info->fields[f], l->schema_major))
        continue;
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_free (sql);
      sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE id = ?1", info->fields[f].name,
                             info->name);
      if (sqlite3_prepare_v2 (l->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        field = info->fields[f].name;
    }

  if (code == SQLITE_TOOBIG && field != NULL)
    g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                 /* TRANSLATORS: file, table, row id, field, then a size in MB */
                 _("“%s”, table %s, row id %" G_GINT64_FORMAT ", field “%s”: the value is larger "
                   "than %d MB"), l->name, info->name, id, field,
                 sqlite3_limit (l->db, SQLITE_LIMIT_LENGTH, -1) / (1024 * 1024));
  else if (field != NULL)
    g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                 /* TRANSLATORS: file, table, row id, field, then SQLite's message */
                 _("“%s”, table %s, row id %" G_GINT64_FORMAT ", field “%s”: the value cannot "
                   "be read (%s); the file is damaged"), l->name, info->name, id, field, why);
  else if (have_id)
    g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                 _("“%s”, table %s, row id %" G_GINT64_FORMAT ": the row cannot be read (%s); "
                   "the file is damaged"), l->name, info->name, id, why);
  else
    g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                 _("“%s”, table %s: the table cannot be read (%s); the file is damaged"),
                 l->name, info->name, why);
  return FALSE;
}

/* Every way out without a row set sets @error: the caller's message is
 * all the user sees. */
static gboolean
read_table (Loader   *l,
            GwTable   table,
            GError  **error)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gboolean have_id = FALSE;
  gint64 count = 0, id = 0;
  int rc;

  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", info->name);
  if (!prepare (l->db, sql, &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return row_error (l, table, FALSE, 0, error);
  count = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (count > info->max_rows || (info->single && count != 1))
    {
      if (info->single)
        g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                     _("“%s”: table %s must hold exactly one row, not %" G_GINT64_FORMAT),
                     l->name, info->name, count);
      else
        g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                     _("“%s”: table %s has %" G_GINT64_FORMAT " rows; at most %u are allowed"),
                     l->name, info->name, count, info->max_rows);
      return FALSE;
    }

  g_free (sql);
  sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY id", info->name);
  if (!prepare (l->db, sql, &stmt, error))
    return FALSE;
  l->ids[table] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row;
      guint index;

      id = sqlite3_column_int64 (stmt, 0);
      have_id = TRUE;
      row = info->single ? gw_scenario_get_row (l->scenario, table, 0)
                         : gw_scenario_add_row (l->scenario, table);
      index = gw_scenario_n_rows (l->scenario, table) - 1;
      if (!read_row (l, stmt, table, id, row, error))
        return FALSE;
      g_hash_table_insert (l->ids[table], g_memdup2 (&id, sizeof id),
                           GUINT_TO_POINTER (index + 1));
    }
  if (rc != SQLITE_DONE)
    return row_error (l, table, have_id, id, error);
  return TRUE;
}

static gboolean
read_distributions (Loader  *l,
                    GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!prepare (l->db, "SELECT tbl, row, field, kind, p1, p2, p3, p4 FROM distributions "
                "ORDER BY tbl, row, field", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tbl = (const char *) sqlite3_column_text (stmt, 0);
      gint64 id = sqlite3_column_int64 (stmt, 1);
      const char *field_name = (const char *) sqlite3_column_text (stmt, 2);
      const char *kind = (const char *) sqlite3_column_text (stmt, 3);
      const GwField *field;
      GwDist dist = { 0 }, *target;
      GwTable table;
      gpointer index;
      int f;

      if (!gw_table_from_name (tbl, &table) || l->ids[table] == NULL)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT,
                       _("“%s”: a distribution refers to an unknown table “%s”"), l->name,
                       tbl ? tbl : "");
          return FALSE;
        }
      f = gw_table_find_field (table, field_name);
      index = g_hash_table_lookup (l->ids[table], &id);
      if (f < 0 || gw_table_field (table, f)->type != GW_FIELD_DIST || index == NULL)
        {
          cell_error (l, table, id, field_name ? field_name : "", error,
                      _("a distribution refers to a row or field that does not exist"));
          return FALSE;
        }
      field = gw_table_field (table, f);
      if (!gw_field_in_schema (field, l->schema_major))
        {
          g_autofree char *what = gw_schema_new_field_message (field->name, field->since,
                                                               l->schema_major);

          cell_error (l, table, id, field->name, error, "%s", what);
          return FALSE;
        }
      if (!gw_dist_kind_from_name (kind, &dist.kind) || dist.kind == GW_DIST_FIXED)
        {
          cell_error (l, table, id, field->name, error, _("“%s” is not a distribution kind"),
                      kind ? kind : "");
          return FALSE;
        }
      for (guint i = 0; i < 4; i++)
        {
          gboolean used = i < gw_dist_n_params (dist.kind);
          gboolean optional = !used || gw_dist_param_optional (dist.kind, i);

          if (!read_number (l, stmt, 4 + i, table, id, field->name, optional, &dist.p[i], error))
            return FALSE;
          if (isnan (dist.p[i]))
            dist.p[i] = !used ? 0 : i == 2 ? -INFINITY : INFINITY;
          else if (!used)
            {
              cell_error (l, table, id, field->name, error,
                          _("a %s distribution has no parameter p%u"), kind, i + 1);
              return FALSE;
            }
        }

      target = GW_FIELD_DIST_OF (gw_scenario_get_row (l->scenario, table,
                                                      GPOINTER_TO_UINT (index) - 1), field);
      if (target->kind != GW_DIST_FIXED)
        {
          cell_error (l, table, id, field->name, error,
                      _("a distribution is given for a number that is absent"));
          return FALSE;
        }
      /* The column holds the central value for readers of the plain table;
       * the two must agree, or someone edited one without the other. */
      {
        g_autofree char *problem = gw_dist_check_params (&dist);
        double central = problem ? NAN : gw_dist_central (&dist);

        if (problem == NULL &&
            fabs (central - target->p[0]) > 1e-9 * MAX (1.0, fabs (central)))
          {
            cell_error (l, table, id, field->name, error,
                        _("the column holds %g but its distribution's central value is %g; "
                          "one of them was edited without the other"), target->p[0], central);
            return FALSE;
          }
      }
      *target = dist;
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT, _("“%s” is damaged (%s)"), l->name,
                   sqlite3_errmsg (l->db));
      return FALSE;
    }
  return TRUE;
}

G_GNUC_PRINTF (2, 3)
static void
view_warning (Loader     *l,
              const char *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (l->warnings,
                   /* TRANSLATORS: the file, then what is wrong with an entry of its view */
                   g_strdup_printf (_("“%s”, table view_state: %s; it was ignored"), l->name,
                                    what));
}

/* The view: never a reason to refuse the file. Each row that cannot be
 * read is a warning and leaves its entry at the default. */
static void
read_view (Loader *l)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;
  int rc;

  if (sqlite3_prepare_v2 (l->db, "SELECT key, value FROM view_state ORDER BY key", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      view_warning (l, _("the table cannot be read (%s)"), sqlite3_errmsg (l->db));
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      const char *key, *value;
      int key_bytes, value_bytes;

      if (++n > GW_VIEW_MAX_ENTRIES)
        {
          g_ptr_array_add (l->warnings,
                           g_strdup_printf (_("“%s”, table view_state: it has more than %d "
                                              "rows; the rest were not read"),
                                            l->name, GW_VIEW_MAX_ENTRIES));
          return;
        }
      if (sqlite3_column_type (stmt, 0) != SQLITE_TEXT)
        {
          view_warning (l, _("a key is not text"));
          continue;
        }
      key_bytes = sqlite3_column_bytes (stmt, 0);
      key = (const char *) sqlite3_column_text (stmt, 0);
      if (key_bytes > GW_VIEW_MAX_KEY || memchr (key, '\0', key_bytes) != NULL
          || !g_utf8_validate (key, key_bytes, NULL))
        {
          view_warning (l, _("a key is not text of at most %d bytes"), GW_VIEW_MAX_KEY);
          continue;
        }
      if (sqlite3_column_type (stmt, 1) != SQLITE_TEXT)
        {
          view_warning (l, _("“%s”: the value is not text"), key);
          continue;
        }
      value_bytes = sqlite3_column_bytes (stmt, 1);
      value = (const char *) sqlite3_column_text (stmt, 1);
      if (!gw_view_read_value (l->view, key, value, value_bytes, &error))
        view_warning (l, "%s", error->message);
    }
  if (rc != SQLITE_DONE)
    view_warning (l, _("the table cannot be read (%s)"), sqlite3_errmsg (l->db));
}

static void
loader_clear (Loader *l)
{
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    g_clear_pointer (&l->ids[t], g_hash_table_unref);
  g_clear_pointer (&l->scenario, gw_scenario_free);
  g_clear_pointer (&l->db, sqlite3_close);
  g_clear_pointer (&l->view, gw_view_free);
  g_clear_pointer (&l->warnings, g_ptr_array_unref);
}

static GwScenario *
load_bytes (GBytes      *bytes,
            const char  *display_name,
            GwLoadInfo  *load_info,
            GError     **error)
{
  Loader l = { NULL, display_name };
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy;
  GwScenario *result = NULL;

  if (!check_header (data, size, display_name, &l.schema_major, &l.schema_minor, error))
    return NULL;
  if (size > GW_FILE_MAX_SIZE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT, _("“%s” is larger than %d MB"),
                   display_name, GW_FILE_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  if (sqlite3_open_v2 (":memory:", &l.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("SQLite failed: %s"), sqlite3_errmsg (l.db));
      loader_clear (&l);
      return NULL;
    }
  harden (l.db);
  copy = sqlite3_malloc64 (size);
  if (copy == NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("out of memory reading “%s”"), display_name);
      loader_clear (&l);
      return NULL;
    }
  memcpy (copy, data, size);
  /* A file that another program switched to WAL mode has 2 as its read and
   * write versions, which an in-memory database cannot open. Its -wal, if
   * any, was refused by gw_file_load_full(), so these bytes are the whole
   * database: read them as a rollback-journal file. */
  if (copy[18] == 2 && copy[19] == 2)
    copy[18] = copy[19] = 1;
  if (sqlite3_deserialize (l.db, "main", copy, size, size,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_CORRUPT, _("“%s” is damaged (%s)"), display_name,
                   sqlite3_errmsg (l.db));
      loader_clear (&l);
      return NULL;
    }

  l.scenario = gw_scenario_new ();
  l.view = gw_view_new ();
  l.warnings = g_ptr_array_new_with_free_func (g_free);
  if (check_integrity (&l, error) && check_schema (&l, error))
    {
      gboolean ok = TRUE;

      for (GwTable t = 0; t < GW_N_TABLES && ok; t++)
        ok = read_table (&l, t, error);
      if (ok && read_distributions (&l, error) &&
          gw_schema_upgrade (l.scenario, l.schema_major, display_name, error))
        {
          g_autoptr(GError) invalid = NULL;

          if (gw_scenario_validate (l.scenario, &invalid))
            result = g_steal_pointer (&l.scenario);
          else
            g_set_error (error, GW_ERROR, invalid->code, "“%s”: %s", display_name,
                         invalid->message);
        }
    }
  if (result != NULL && schema_has_view (l.schema_major, l.schema_minor))
    {
      g_autofree char *where = g_strdup_printf (_("“%s”, table view_state"), display_name);

      read_view (&l);
      gw_view_check_providers (l.view, result, where, l.warnings);
    }
  if (result != NULL && load_info != NULL)
    *load_info = (GwLoadInfo) {
      .schema_major = l.schema_major,
      .schema_minor = l.schema_minor,
      .upgraded = l.schema_major < GW_FILE_SCHEMA_MAJOR,
      .view = g_steal_pointer (&l.view),
      .warnings = g_steal_pointer (&l.warnings),
    };
  loader_clear (&l);
  return result;
}

/**
 * gw_file_load_bytes_full:
 * @bytes: the whole file
 * @display_name: how messages name the file
 * @load_info: (out caller-allocates) (optional): the file's schema, whether it
 *   was upgraded from an older one, its view and what of the view was not
 *   read; free it with gw_load_info_clear()
 *
 * Returns: (transfer full) (nullable): the validated scenario
 */
GwScenario *
gw_file_load_bytes_full (GBytes      *bytes,
                         const char  *display_name,
                         GwLoadInfo  *load_info,
                         GError     **error)
{
  g_autoptr(GError) local = NULL;
  GwScenario *scenario = load_bytes (bytes, display_name, load_info, &local);

  if (scenario != NULL)
    return scenario;
  /* A failure that set no error would reach the user as no message at all
   * (issue 14); say so loudly in tests, and still give a message. */
  if (local == NULL)
    {
      g_critical ("loading “%s” failed without an error", display_name);
      local = g_error_new (GW_ERROR, GW_ERROR_CORRUPT, _("“%s” is damaged"), display_name);
    }
  /* SQLite quotes names from the file in its messages ("no such column:
   * ..."), byte for byte: a hostile file's bytes must not reach a GtkLabel
   * or a terminal as invalid UTF-8 (found by fuzz-gigawatt). */
  if (!g_utf8_validate (local->message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (local->message, -1);

      g_free (local->message);
      local->message = valid;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/**
 * gw_file_load_bytes:
 *
 * gw_file_load_bytes_full() for a caller that does not ask about the schema.
 */
GwScenario *
gw_file_load_bytes (GBytes      *bytes,
                    const char  *display_name,
                    GError     **error)
{
  return gw_file_load_bytes_full (bytes, display_name, NULL, error);
}

/* Journals -------------------------------------------------------------- */

/* The byte-range locks of SQLite's unix VFS (os_unix.c), in the first
 * gigabyte's last page: a reader holds a read lock on the shared range, a
 * writer about to change the file a write lock on all of it, a writer in a
 * transaction a write lock on the reserved byte. */
#define SQLITE_PENDING_BYTE  0x40000000
#define SQLITE_RESERVED_BYTE (SQLITE_PENDING_BYTE + 1)
#define SQLITE_SHARED_FIRST  (SQLITE_PENDING_BYTE + 2)
#define SQLITE_SHARED_SIZE   510

/* Takes SQLite's SHARED lock on @fd, as its unix VFS does, so that no
 * writer can change the file while it is copied. The lock goes with the
 * descriptor's close; no connection of this process has the file open (the
 * loader never opens a file in place), so the close cannot drop another's
 * lock. Returns 0, or the errno of fcntl(). */
static int
lock_shared (int fd)
{
  struct flock pending = {
    .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = SQLITE_PENDING_BYTE, .l_len = 1,
  };
  struct flock shared = {
    .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = SQLITE_SHARED_FIRST,
    .l_len = SQLITE_SHARED_SIZE,
  };
  int rc = 0;

  if (fcntl (fd, F_SETLK, &pending) != 0)
    return errno;
  if (fcntl (fd, F_SETLK, &shared) != 0)
    rc = errno;
  pending.l_type = F_UNLCK;
  fcntl (fd, F_SETLK, &pending);
  return rc;
}

static gboolean
reserved_by_another (int fd)
{
  struct flock reserved = {
    .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SQLITE_RESERVED_BYTE, .l_len = 1,
  };

  return fcntl (fd, F_GETLK, &reserved) == 0 && reserved.l_type != F_UNLCK;
}

/* SQLite's test (pager.c, hasHotJournal): a journal is hot if it exists, is
 * not empty, its first byte is not zero (journal_mode=PERSIST zeroes the
 * header of a finished one) and no writer holds the reserved lock (a
 * writer in its transaction has not yet touched the file). One that cannot
 * be read counts as hot, as it does for SQLite. */
static gboolean
journal_is_hot (const char *journal,
                int         fd)
{
  GStatBuf st;
  guint8 first = 0;
  int jfd;

  if (g_lstat (journal, &st) != 0)
    return errno != ENOENT;
  if (S_ISREG (st.st_mode) && st.st_size == 0)
    return FALSE;
  jfd = g_open (journal, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0);
  if (jfd < 0)
    return TRUE;
  if (fstat (jfd, &st) != 0 || !S_ISREG (st.st_mode) || pread (jfd, &first, 1, 0) != 1)
    first = 1;
  close (jfd);
  return first != 0 && !reserved_by_another (fd);
}

/* Whether a write-ahead log beside the file may hold changes. */
static gboolean
wal_has_changes (const char *wal)
{
  GStatBuf st;

  if (g_lstat (wal, &st) != 0)
    return errno != ENOENT;
  return !S_ISREG (st.st_mode) || st.st_size > 0;
}

/* A journal or log left by another program (Gigawatt itself never writes
 * in place) holds a write that SQLite would roll back or finish on the next
 * open. The loader reads the file's bytes without SQLite, so it could load
 * the half-written state; it refuses instead of rolling back itself,
 * because a journal is written by whoever made the file and names a
 * super-journal that SQLite deletes after a rollback. */
static gboolean
check_journals (const char  *path,
                int          fd,
                const char  *display,
                GError     **error)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  if (journal_is_hot (journal, fd))
    {
      g_autofree char *name = g_filename_display_basename (journal);

      g_set_error (error, GW_ERROR, GW_ERROR_IO,
                   /* TRANSLATORS: the file, its journal, the file */
                   _("“%s” has an unfinished write (%s); open it once with write access in "
                     "SQLite (sqlite3 “%s” \"PRAGMA quick_check\") to roll it back, or delete "
                     "the journal if you know it is stale"), display, name, display);
      return FALSE;
    }
  if (wal_has_changes (wal))
    {
      g_autofree char *name = g_filename_display_basename (wal);

      g_set_error (error, GW_ERROR, GW_ERROR_IO,
                   /* TRANSLATORS: the file, its write-ahead log, the file */
                   _("“%s” has changes in a write-ahead log (%s) that are not in the file "
                     "itself; open it once with write access in SQLite (sqlite3 “%s” \"PRAGMA "
                     "wal_checkpoint\") to move them in, or delete the log if you know it is "
                     "stale"), display, name, display);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_file_load_full:
 * @load_info: (out caller-allocates) (optional): as for gw_file_load_bytes_full()
 *
 * Reads and validates a .gigawatt file. The file itself is only read, also
 * when it is of an older schema: it is upgraded in memory, and only saving
 * writes the current schema. It is copied under SQLite's shared lock, and
 * refused while another program is writing it or has left a write
 * unfinished (a hot -journal, or changes in a -wal).
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with @error set
 */
GwScenario *
gw_file_load_full (const char  *path,
                   GwLoadInfo  *load_info,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GBytes) bytes = NULL;
  GStatBuf st;
  int fd = gw_io_open_regular (path, GW_FILE_MAX_SIZE, display, &st, error);
  int rc;

  if (fd < 0)
    return NULL;
  /* A writer holds its exclusive lock for the moment it writes the file;
   * wait up to two seconds as SQLite's busy timeout would. A file system
   * without locks is read as it is. */
  for (guint tries = 0; (rc = lock_shared (fd)) == EAGAIN || rc == EACCES; tries++)
    {
      if (tries == 40)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_IO,
                       _("“%s” is being written by another program; try again when it has "
                         "finished"), display);
          close (fd);
          return NULL;
        }
      g_usleep (G_USEC_PER_SEC / 20);
    }
  if (check_journals (path, fd, display, error))
    bytes = gw_io_read_fd (fd, GW_FILE_MAX_SIZE, display, error);
  close (fd);
  if (bytes == NULL)
    return NULL;
  return gw_file_load_bytes_full (bytes, display, load_info, error);
}

GwScenario *
gw_file_load (const char  *path,
              GError     **error)
{
  return gw_file_load_full (path, NULL, error);
}

/* Saving ---------------------------------------------------------------- */

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("SQLite failed: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

static void
bind_real_or_null (sqlite3_stmt *stmt,
                   int           col,
                   double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, col, value);
  else
    sqlite3_bind_null (stmt, col);
}

static gboolean
write_table (sqlite3          *db,
             const GwScenario *scenario,
             GwTable           table,
             sqlite3_stmt     *dist_stmt,
             GError          **error)
{
  const GwTableInfo *info = gw_table_info (table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO \"%s\" VALUES (?", info->name);
  for (guint f = 0; f < info->n_fields; f++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  if (!prepare (db, sql->str, &stmt, error))
    return FALSE;

  for (guint r = 0; r < gw_scenario_n_rows (scenario, table); r++)
    {
      gconstpointer row = gw_scenario_get_row (scenario, table, r);

      sqlite3_bind_int64 (stmt, 1, r + 1);
      for (guint f = 0; f < info->n_fields; f++)
        {
          const GwField *field = &info->fields[f];
          int col = f + 2;

          switch (field->type)
            {
            case GW_FIELD_QUARTER:
              sqlite3_bind_text (stmt, col, gw_quarter_format (GW_FIELD_INT_OF (row, field)), -1,
                                 g_free);
              break;
            case GW_FIELD_ENUM:
              sqlite3_bind_text (stmt, col, field->enum_names[GW_FIELD_INT_OF (row, field)], -1,
                                 SQLITE_STATIC);
              break;
            case GW_FIELD_INT:
            case GW_FIELD_BOOL:
              sqlite3_bind_int64 (stmt, col, GW_FIELD_INT_OF (row, field));
              break;
            case GW_FIELD_SEED:
              sqlite3_bind_int64 (stmt, col, (gint64) GW_FIELD_SEED_OF (row, field));
              break;
            case GW_FIELD_REAL:
              sqlite3_bind_double (stmt, col, GW_FIELD_REAL_OF (row, field));
              break;
            case GW_FIELD_DIST:
              {
                const GwDist *dist = GW_FIELD_DIST_OF (row, field);

                if (dist->kind == GW_DIST_NONE)
                  {
                    sqlite3_bind_null (stmt, col);
                    break;
                  }
                sqlite3_bind_double (stmt, col, gw_dist_central (dist));
                if (dist->kind == GW_DIST_FIXED)
                  break;
                sqlite3_bind_text (dist_stmt, 1, info->name, -1, SQLITE_STATIC);
                sqlite3_bind_int64 (dist_stmt, 2, r + 1);
                sqlite3_bind_text (dist_stmt, 3, field->name, -1, SQLITE_STATIC);
                sqlite3_bind_text (dist_stmt, 4, gw_dist_kind_name (dist->kind), -1,
                                   SQLITE_STATIC);
                for (guint i = 0; i < gw_dist_n_params (dist->kind); i++)
                  bind_real_or_null (dist_stmt, 5 + i, dist->p[i]);
                if (!step_done (db, dist_stmt, error))
                  return FALSE;
                break;
              }
            default:
              sqlite3_bind_text (stmt, col, GW_FIELD_TEXT_OF (row, field), -1, SQLITE_STATIC);
              break;
            }
        }
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_view (sqlite3       *db,
            const GwView  *view,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) keys = gw_view_dup_keys (view);

  if (!prepare (db, "INSERT INTO view_state VALUES (?, ?)", &stmt, error))
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, gw_view_dup_value (view, keys[i]), -1, g_free);
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* What a save writes and checks: the scenario and its view. */
typedef struct
{
  const GwScenario *scenario;
  const GwView     *view;
} SaveJob;

static gboolean
write_database (const SaveJob *job,
                const char    *path,
                GError       **error)
{
  const GwScenario *scenario = job->scenario;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(sqlite3_stmt) dist_stmt = NULL;
  g_autofree char *schema = gw_file_schema_sql (GW_FILE_SCHEMA_MAJOR, GW_FILE_SCHEMA_MINOR);
  g_autofree char *pragmas = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, save_vfs) != SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  pragmas = g_strdup_printf ("PRAGMA page_size = 4096;"
                             "PRAGMA journal_mode = DELETE;"
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA application_id = %d;"
                             "PRAGMA user_version = %d;",
                             (gint32) GW_FILE_APPLICATION_ID,
                             GW_FILE_SCHEMA_MAJOR * 10000 + GW_FILE_SCHEMA_MINOR);
  if (!exec (db, pragmas, error) || !exec (db, "BEGIN", error) || !exec (db, schema, error))
    return FALSE;
  if (!prepare (db, "INSERT INTO distributions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &dist_stmt,
                error))
    return FALSE;
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    if (!write_table (db, scenario, t, dist_stmt, error))
      return FALSE;
  g_clear_pointer (&dist_stmt, sqlite3_finalize);
  if (!write_view (db, job->view, error))
    return FALSE;
  if (!exec (db, "COMMIT", error))
    return FALSE;
  if (sqlite3_close (g_steal_pointer (&db)) != SQLITE_OK)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO, _("closing the database failed"));
      return FALSE;
    }
  return TRUE;
}

/* The content of a save (gw_io_save() does the rest): the database,
 * written by SQLite into the temporary file, read back and compared with
 * what was meant to be written before it replaces anything. */
static gboolean
write_and_check (int          fd,
                 const char  *temp_path,
                 gpointer     user_data,
                 GError     **error)
{
  const SaveJob *job = user_data;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwScenario) check = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  if (!write_database (job, temp_path, error))
    return FALSE;
  bytes = gw_io_read_fd (fd, GW_FILE_MAX_SIZE, temp_path, &local);
  if (bytes != NULL)
    check = gw_file_load_bytes_full (bytes, temp_path, &info, &local);
  if (check == NULL || !gw_scenario_equal (check, job->scenario)
      || !gw_view_equal (info.view, job->view) || info.warnings->len > 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO,
                   _("the written copy did not read back the same (%s)"),
                   local ? local->message : _("values differ"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_file_save:
 *
 * gw_file_save_full() with the default view.
 */
gboolean
gw_file_save (const GwScenario *scenario,
              const char       *path,
              GError          **error)
{
  return gw_file_save_full (scenario, NULL, path, error);
}

/**
 * gw_file_save_full:
 * @view: (nullable): the document's view, or %NULL for the default one
 *
 * Saves the scenario and its view so that @path either keeps its old
 * contents or has the complete new ones, never something in between; see
 * gw-io.c for how links, modes, read-only and special files are treated.
 * The scenario must be valid: Gigawatt never writes a file it would refuse
 * to open. The view is saved without the providers the scenario does not
 * have (gw_view_copy_for()).
 */
gboolean
gw_file_save_full (const GwScenario *scenario,
                   const GwView     *view,
                   const char       *path,
                   GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GwView) saved = NULL;
  SaveJob job = { scenario, NULL };

  if (!gw_scenario_validate_all (scenario, &local))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, GW_ERROR, local->code, _("“%s” was not saved: %s"), display,
                   local->message);
      return FALSE;
    }
  saved = view != NULL ? gw_view_copy_for (view, scenario) : gw_view_new ();
  job.view = saved;
  return gw_io_save (path, write_and_check, &job, error);
}
