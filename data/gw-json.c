/* gw-json.c: JSON import and export
 *
 * Parsing uses json-glib, after gw-json-scan.c has read the text strictly:
 * json-glib overflows the stack on deep nesting, turns a whole number past
 * 2^63 into -1, keeps the last of two members of the same name and cuts a
 * string at \u0000, so none of that reaches it.
 *
 * Writing is done here because the output is meant to be read and diffed:
 * one field per line in a fixed order, and numbers in their shortest form
 * that reads back to the same double (json-glib writes 17 significant
 * digits, 0.1 as 0.10000000000000001).
 *
 * A document of an older major schema ("1.0") is read with the fields it
 * cannot hold at their neutral values, and one that holds such a field is
 * refused. The fields added after 1.0 may be left out of any document.
 *
 * "view" (schema 2.1) holds the document's view, the entries of gw-view.c
 * as members. It is optional, and unlike the rest it cannot fail a load:
 * an entry that cannot be read is a warning and keeps its default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gw-error.h"
#include "gw-file.h"
#include "gw-io.h"
#include "gw-json.h"
#include "gw-json-scan.h"
#include "gw-quarter.h"
#include "gw-table.h"

/* Writing --------------------------------------------------------------- */

/**
 * gw_json_format_number:
 *
 * Returns: the shortest decimal that reads back as exactly @value
 */
char *
gw_json_format_number (double value)
{
  char buf[64];

  g_return_val_if_fail (isfinite (value), g_strdup ("null"));
  if (value == floor (value) && fabs (value) < 1e16)
    {
      g_snprintf (buf, sizeof buf, "%.0f", value);
      return g_strdup (strcmp (buf, "-0") == 0 ? "0" : buf);
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_strdup (buf);
}

/**
 * gw_json_append_string:
 *
 * Appends @text (UTF-8) to @out as a JSON string, escaping what must be.
 */
void
gw_json_append_string (GString    *out,
                       const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   value)
{
  g_autofree char *text = gw_json_format_number (value);

  g_string_append (out, text);
}

static void
append_dist (GString      *out,
             const GwDist *dist)
{
  if (dist->kind == GW_DIST_FIXED)
    {
      append_number (out, dist->p[0]);
      return;
    }
  g_string_append_printf (out, "{\"dist\": \"%s\"", gw_dist_kind_name (dist->kind));
  for (guint i = 0; i < gw_dist_n_params (dist->kind); i++)
    {
      if (gw_dist_param_optional (dist->kind, i) && isinf (dist->p[i]))
        continue;
      g_string_append_printf (out, ", \"%s\": ", gw_dist_param_name (dist->kind, i));
      append_number (out, dist->p[i]);
    }
  g_string_append_c (out, '}');
}

/* A value of a bool, integer, quarter or enum field, held as a number. */
static void
append_typed (GString       *out,
              const GwField *field,
              int            value)
{
  switch (field->type)
    {
    case GW_FIELD_QUARTER:
      {
        g_autofree char *q = gw_quarter_format (value);

        /* Only an override can get here with an empty optional quarter. */
        if (value == GW_QUARTER_NONE)
          g_string_append (out, "null");
        else
          gw_json_append_string (out, q);
        break;
      }
    case GW_FIELD_BOOL:
      g_string_append (out, value ? "true" : "false");
      break;
    case GW_FIELD_ENUM:
      gw_json_append_string (out, field->enum_names[value]);
      break;
    default:
      g_string_append_printf (out, "%d", value);
    }
}

static void
append_row (GString          *out,
            const GwScenario *scenario,
            GwTable           table,
            gconstpointer     row,
            const char       *indent)
{
  const GwTableInfo *info = gw_table_info (table);
  gboolean first = TRUE;

  g_string_append (out, "{");
  for (guint f = 0; f < info->n_fields; f++)
    {
      const GwField *field = &info->fields[f];

      /* An absent number and an empty optional quarter are left out. */
      if (field->type == GW_FIELD_DIST && GW_FIELD_DIST_OF (row, field)->kind == GW_DIST_NONE)
        continue;
      if (field->type == GW_FIELD_QUARTER && GW_FIELD_INT_OF (row, field) == GW_QUARTER_NONE)
        continue;
      g_string_append_printf (out, "%s\n%s  \"%s\": ", first ? "" : ",", indent, field->name);
      first = FALSE;
      switch (field->type)
        {
        case GW_FIELD_DIST:
          {
            const GwDist *dist = GW_FIELD_DIST_OF (row, field);
            GwInputRef ref;

            /* An override of a quarter or a flag reads as one. */
            if (table == GW_TABLE_OVERRIDES &&
                gw_scenario_parse_input (scenario, ((const GwOverride *) row)->input, &ref, NULL)
                && gw_table_field (ref.table, ref.field)->type != GW_FIELD_DIST)
              append_typed (out, gw_table_field (ref.table, ref.field), (int) dist->p[0]);
            else
              append_dist (out, dist);
            break;
          }
        case GW_FIELD_REAL:
          append_number (out, GW_FIELD_REAL_OF (row, field));
          break;
        case GW_FIELD_SEED:
          {
            guint64 seed = GW_FIELD_SEED_OF (row, field);

            /* Beyond 2^53 a JSON number is not exact in every reader. */
            if (seed <= (G_GUINT64_CONSTANT (1) << 53))
              g_string_append_printf (out, "%" G_GUINT64_FORMAT, seed);
            else
              g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", seed);
            break;
          }
        case GW_FIELD_INT:
        case GW_FIELD_QUARTER:
        case GW_FIELD_BOOL:
        case GW_FIELD_ENUM:
          append_typed (out, field, GW_FIELD_INT_OF (row, field));
          break;
        default:
          gw_json_append_string (out, GW_FIELD_TEXT_OF (row, field));
        }
    }
  g_string_append_printf (out, "\n%s}", indent);
}

static void
append_view (GString          *out,
             const GwScenario *scenario,
             const GwView     *view)
{
  g_autoptr(GwView) saved = gw_view_copy_for (view, scenario);
  g_auto(GStrv) keys = gw_view_dup_keys (saved);

  if (keys[0] == NULL)
    return;
  g_string_append (out, ",\n  \"view\": {");
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = gw_view_dup_value (saved, keys[i]);

      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      gw_json_append_string (out, keys[i]);
      g_string_append_printf (out, ": %s", value);
    }
  g_string_append (out, "\n  }");
}

/**
 * gw_json_to_data:
 *
 * gw_json_to_data_full() without a view.
 */
char *
gw_json_to_data (const GwScenario *scenario,
                 gsize            *length)
{
  return gw_json_to_data_full (scenario, NULL, length);
}

/**
 * gw_json_to_data_full:
 * @view: (nullable): the document's view; %NULL or an empty one writes no
 *   "view" member
 *
 * Returns: the scenario as UTF-8 JSON text, ending in a newline
 */
char *
gw_json_to_data_full (const GwScenario *scenario,
                      const GwView     *view,
                      gsize            *length)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\n  \"format\": \"%s\",\n  \"schema_version\": \"%d.%d\"",
                          GW_JSON_FORMAT, GW_FILE_SCHEMA_MAJOR, GW_FILE_SCHEMA_MINOR);
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      const GwTableInfo *info = gw_table_info (t);

      g_string_append_printf (out, ",\n  \"%s\": ", info->name);
      if (info->single)
        {
          append_row (out, scenario, t, gw_scenario_get_row (scenario, t, 0), "  ");
          continue;
        }
      if (gw_scenario_n_rows (scenario, t) == 0)
        {
          g_string_append (out, "[]");
          continue;
        }
      g_string_append (out, "[");
      for (guint r = 0; r < gw_scenario_n_rows (scenario, t); r++)
        {
          g_string_append (out, r == 0 ? "\n    " : ",\n    ");
          append_row (out, scenario, t, gw_scenario_get_row (scenario, t, r), "    ");
        }
      g_string_append (out, "\n  ]");
    }
  if (view != NULL)
    append_view (out, scenario, view);
  g_string_append (out, "\n}\n");
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
write_text (int                       fd,
            G_GNUC_UNUSED const char *temp_path,
            gpointer                  user_data,
            GError                  **error)
{
  GBytes *text = user_data;
  gsize length, done = 0;
  const char *data = g_bytes_get_data (text, &length);

  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_IO, "%s", g_strerror (errno));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/**
 * gw_json_save:
 *
 * gw_json_save_full() without a view.
 */
gboolean
gw_json_save (const GwScenario *scenario,
              const char       *path,
              GError          **error)
{
  return gw_json_save_full (scenario, NULL, path, error);
}

/**
 * gw_json_save_full:
 * @view: (nullable): the document's view
 *
 * Writes the scenario and its view as JSON, replacing @path as
 * gw_file_save() does (see gw-io.c).
 */
gboolean
gw_json_save_full (const GwScenario *scenario,
                   const GwView     *view,
                   const char       *path,
                   GError          **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;
  char *data;

  if (!gw_scenario_validate_all (scenario, &local))
    {
      g_set_error (error, GW_ERROR, local->code, _("The JSON was not written: %s"),
                   local->message);
      return FALSE;
    }
  data = gw_json_to_data_full (scenario, view, &length);
  text = g_bytes_new_take (data, length);
  return gw_io_save (path, write_text, text, error);
}

/* Reading --------------------------------------------------------------- */

typedef struct
{
  const char *name;
  GwScenario *scenario;
  int         schema_major;  /* of the document */
} Reader;

G_GNUC_PRINTF (6, 7)
static gboolean
fail (Reader      *r,
      GError     **error,
      GwTable      table,
      int          row,
      const char  *field,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (row >= 0)
    g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                 /* TRANSLATORS: file, table, 1-based row, field, problem */
                 _("“%s”, %s row %d, field “%s”: %s"), r->name, gw_table_info (table)->name,
                 row + 1, field, what);
  else
    g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s”, %s, field “%s”: %s"), r->name,
                 gw_table_info (table)->name, field, what);
  return FALSE;
}

static gboolean
node_number (JsonNode *node,
             double   *value)
{
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
read_dist (Reader     *r,
           JsonNode   *node,
           GwTable     table,
           int         row,
           const char *field,
           GwDist     *dist,
           GError    **error)
{
  JsonObject *object;
  GwDist d = { 0 };
  const char *kind;
  GList *members;

  if (node_number (node, &d.p[0]))
    {
      *dist = gw_dist_fixed (d.p[0]);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, error, table, row, field,
                 _("expected a number or a distribution object such as "
                   "{\"dist\": \"triangular\", \"lo\": 1, \"mode\": 2, \"hi\": 4}"));
  object = json_node_get_object (node);
  kind = node_string (json_object_get_member (object, "dist"));
  if (kind == NULL || !gw_dist_kind_from_name (kind, &d.kind))
    return fail (r, error, table, row, field,
                 _("“dist” must be fixed, uniform, triangular, normal or lognormal"));
  if (d.kind == GW_DIST_NORMAL)
    {
      d.p[2] = -INFINITY;
      d.p[3] = INFINITY;
    }
  for (guint i = 0; i < gw_dist_n_params (d.kind); i++)
    {
      const char *param = gw_dist_param_name (d.kind, i);
      JsonNode *member = json_object_get_member (object, param);

      if (member == NULL && gw_dist_param_optional (d.kind, i))
        continue;
      if (member == NULL)
        return fail (r, error, table, row, field, _("a %s distribution needs “%s”"), kind, param);
      if (!node_number (member, &d.p[i]))
        return fail (r, error, table, row, field, _("“%s” must be a number"), param);
    }
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = g_str_equal (l->data, "dist");

      for (guint i = 0; i < gw_dist_n_params (d.kind); i++)
        known |= g_str_equal (l->data, gw_dist_param_name (d.kind, i));
      if (!known)
        {
          g_autofree char *name = g_strdup (l->data);

          g_list_free (members);
          return fail (r, error, table, row, field, _("a %s distribution has no “%s”"), kind,
                       name);
        }
    }
  g_list_free (members);
  *dist = d;
  return TRUE;
}

static gboolean
read_typed (Reader        *r,
            JsonNode      *node,
            GwTable        table,
            int            row,
            const GwField *field,
            int           *value,
            GError       **error)
{
  const char *text = node_string (node);
  double number;

  switch (field->type)
    {
    case GW_FIELD_QUARTER:
      if ((field->flags & GW_FIELD_OPTIONAL) && node != NULL && JSON_NODE_HOLDS_NULL (node))
        {
          *value = GW_QUARTER_NONE;
          return TRUE;
        }
      if (text == NULL || !gw_quarter_parse (text, value))
        return fail (r, error, table, row, field->name,
                     (field->flags & GW_FIELD_OPTIONAL)
                     ? _("expected a quarter such as \"2027Q3\", or null for none")
                     : _("expected a quarter such as \"2027Q3\""));
      return TRUE;
    case GW_FIELD_ENUM:
      for (guint i = 0; text != NULL && field->enum_names[i] != NULL; i++)
        if (g_str_equal (field->enum_names[i], text))
          {
            *value = i;
            return TRUE;
          }
      {
        g_autofree char *names = g_strjoinv (", ", (char **) field->enum_names);

        return fail (r, error, table, row, field->name, _("expected one of %s"), names);
      }
    case GW_FIELD_BOOL:
      if (node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
          json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        {
          *value = json_node_get_boolean (node);
          return TRUE;
        }
      return fail (r, error, table, row, field->name, _("expected true or false"));
    default:
      if (!node_number (node, &number) || number != floor (number) || fabs (number) > G_MAXINT)
        return fail (r, error, table, row, field->name, _("expected a whole number"));
      *value = (int) number;
      return TRUE;
    }
}

/* An override's value takes the type of the field it overrides. */
static gboolean
read_override_value (Reader     *r,
                     JsonNode   *node,
                     int         row,
                     GwOverride *o,
                     GError    **error)
{
  GwInputRef ref;
  int value;

  if (gw_scenario_parse_input (r->scenario, o->input, &ref, NULL) &&
      gw_table_field (ref.table, ref.field)->type != GW_FIELD_DIST)
    {
      if (!read_typed (r, node, GW_TABLE_OVERRIDES, row, gw_table_field (ref.table, ref.field),
                       &value, error))
        return FALSE;
      o->value = gw_dist_fixed (value);
      return TRUE;
    }
  return read_dist (r, node, GW_TABLE_OVERRIDES, row, "value", &o->value, error);
}

static gboolean
read_row (Reader     *r,
          JsonNode   *node,
          GwTable     table,
          int         index,
          gpointer    row,
          GError    **error)
{
  const GwTableInfo *info = gw_table_info (table);
  JsonObject *object;
  GList *members;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s”, %s: expected an object per row"),
                   r->name, info->name);
      return FALSE;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      int f = gw_table_find_field (table, l->data);

      if (f < 0 || !gw_field_in_schema (gw_table_field (table, f), r->schema_major))
        {
          g_autofree char *name = g_strdup (l->data);
          g_autofree char *why = NULL;

          g_list_free (members);
          if (f < 0)
            return fail (r, error, table, info->single ? -1 : index, name, _("unknown field"));
          why = gw_schema_new_field_message (name, gw_table_field (table, f)->since,
                                             r->schema_major);
          return fail (r, error, table, info->single ? -1 : index, name, "%s", why);
        }
    }
  g_list_free (members);

  for (guint f = 0; f < info->n_fields; f++)
    {
      const GwField *field = &info->fields[f];
      JsonNode *member = json_object_get_member (object, field->name);
      int row_index = info->single ? -1 : index;

      if (member == NULL)
        {
          /* A field that the first schema lacked may be left out of any
           * document: it stands for its neutral value, as in an old file. */
          if (!gw_field_in_schema (field, GW_FILE_SCHEMA_MAJOR_MIN))
            {
              gw_field_set_neutral (row, field);
              continue;
            }
          /* Free text, flags, an optional number or quarter may be left out. */
          if (field->type == GW_FIELD_TEXT || field->type == GW_FIELD_BOOL ||
              ((field->type == GW_FIELD_DIST || field->type == GW_FIELD_QUARTER) &&
               (field->flags & GW_FIELD_OPTIONAL)))
            {
              if (field->type == GW_FIELD_DIST)
                *GW_FIELD_DIST_OF (row, field) = (GwDist) { GW_DIST_NONE };
              else if (field->type == GW_FIELD_QUARTER)
                GW_FIELD_INT_OF (row, field) = GW_QUARTER_NONE;
              continue;
            }
          return fail (r, error, table, row_index, field->name, _("missing"));
        }

      switch (field->type)
        {
        case GW_FIELD_DIST:
          if (table == GW_TABLE_OVERRIDES)
            {
              if (!read_override_value (r, member, index, row, error))
                return FALSE;
            }
          else if (JSON_NODE_HOLDS_NULL (member) && (field->flags & GW_FIELD_OPTIONAL))
            *GW_FIELD_DIST_OF (row, field) = (GwDist) { GW_DIST_NONE };
          else if (!read_dist (r, member, table, row_index, field->name,
                               GW_FIELD_DIST_OF (row, field), error))
            return FALSE;
          break;
        case GW_FIELD_REAL:
          if (!node_number (member, &GW_FIELD_REAL_OF (row, field)))
            return fail (r, error, table, row_index, field->name, _("expected a number"));
          break;
        case GW_FIELD_SEED:
          {
            const char *text = node_string (member);
            double number;
            guint64 seed;

            if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &seed,
                                                            NULL))
              GW_FIELD_SEED_OF (row, field) = seed;
            else if (node_number (member, &number) && number >= 0 && number == floor (number) &&
                     number <= 9007199254740992.0)
              GW_FIELD_SEED_OF (row, field) = (guint64) number;
            else
              return fail (r, error, table, row_index, field->name,
                           _("expected a whole number from 0 to 2^64 - 1"));
            break;
          }
        case GW_FIELD_INT:
        case GW_FIELD_QUARTER:
        case GW_FIELD_BOOL:
        case GW_FIELD_ENUM:
          if (!read_typed (r, member, table, row_index, field, &GW_FIELD_INT_OF (row, field),
                           error))
            return FALSE;
          break;
        default:
          {
            const char *text = node_string (member);

            if (text == NULL)
              return fail (r, error, table, row_index, field->name, _("expected a string"));
            gw_field_set_text (row, field, text);
          }
        }
    }
  return TRUE;
}

/* "schema_version": "2.0" (a missing minor reads as 0). */
static gboolean
parse_version (const char *version,
               int        *major,
               int        *minor)
{
  guint64 a, b = 0;
  char *end;

  if (version == NULL || !g_ascii_isdigit (version[0]))
    return FALSE;
  a = g_ascii_strtoull (version, &end, 10);
  if (*end == '.')
    {
      if (!g_ascii_isdigit (end[1]))
        return FALSE;
      b = g_ascii_strtoull (end + 1, &end, 10);
    }
  if (*end != '\0')
    return FALSE;
  *major = (int) MIN (a, G_MAXINT);
  *minor = (int) MIN (b, G_MAXINT);
  return TRUE;
}

/* The document's "view" member, read after the scenario: nothing in it
 * fails the load. */
static void
read_view (JsonNode         *node,
           const GwScenario *scenario,
           const char       *display_name,
           GwView           *view,
           GPtrArray        *warnings)
{
  g_autofree char *where = g_strdup_printf (_("“%s”, view"), display_name);
  JsonObject *object;
  GList *members;
  guint n = 0;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (warnings, g_strdup_printf (_("“%s”: “view” must be an object; it was "
                                                    "ignored"), display_name));
      return;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      if (++n > GW_VIEW_MAX_ENTRIES)
        {
          g_ptr_array_add (warnings,
                           g_strdup_printf (_("%s: it has more than %d members; the rest were "
                                              "not read"), where, GW_VIEW_MAX_ENTRIES));
          break;
        }
      if (strlen (key) > GW_VIEW_MAX_KEY)
        {
          g_ptr_array_add (warnings,
                           g_strdup_printf (_("%s: a member’s name is longer than %d bytes; it "
                                              "was ignored"), where, GW_VIEW_MAX_KEY));
          continue;
        }
      value = json_to_string (json_object_get_member (object, key), FALSE);
      if (!gw_view_read_value (view, key, value, strlen (value), &error))
        g_ptr_array_add (warnings,
                         /* TRANSLATORS: where, then what is wrong with an entry of the view */
                         g_strdup_printf (_("%s: %s; it was ignored"), where, error->message));
    }
  g_list_free (members);
  gw_view_check_providers (view, scenario, where, warnings);
}

/* The members of @root: every one known, then each table's rows. */
static gboolean
read_tables (Reader     *r,
             JsonObject *root,
             GError    **error)
{
  GList *members;

  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    {
      GwTable table;

      if (!g_str_equal (l->data, "format") && !g_str_equal (l->data, "schema_version") &&
          !g_str_equal (l->data, "view") && !gw_table_from_name (l->data, &table))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s”: unknown member “%s”"),
                       r->name, (char *) l->data);
          g_list_free (members);
          return FALSE;
        }
    }
  g_list_free (members);

  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      const GwTableInfo *info = gw_table_info (t);
      JsonNode *node = json_object_get_member (root, info->name);
      JsonArray *array;

      if (node == NULL)
        {
          if (info->single)
            {
              g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s”: “%s” is missing"),
                           r->name, info->name);
              return FALSE;
            }
          continue; /* an empty table may be left out */
        }
      if (info->single)
        {
          if (!read_row (r, node, t, 0, gw_scenario_get_row (r->scenario, t, 0), error))
            return FALSE;
          continue;
        }
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s”: “%s” must be an array"),
                       r->name, info->name);
          return FALSE;
        }
      array = json_node_get_array (node);
      if (json_array_get_length (array) > info->max_rows)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                       _("“%s”: %s has %u rows; at most %u are allowed"), r->name,
                       info->name, json_array_get_length (array), info->max_rows);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_row (r, json_array_get_element (array, i), t, i,
                       gw_scenario_add_row (r->scenario, t), error))
          return FALSE;
    }
  return TRUE;
}

/**
 * gw_json_from_data_full:
 * @display_name: how messages name the input
 * @load_info: (out caller-allocates) (optional): the document's schema,
 *   whether it was upgraded from an older one, its view and what of the
 *   view was not read; free it with gw_load_info_clear()
 *
 * Parses and validates a scenario. Every member is checked: unknown ones
 * are errors, so a typo does not silently drop a value. A document of an
 * older schema is upgraded (see gw-schema.c).
 *
 * Returns: (transfer full) (nullable): the scenario
 */
GwScenario *
gw_json_from_data_full (const char  *data,
                        gssize       length,
                        const char  *display_name,
                        GwLoadInfo  *load_info,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GwScenario) scenario = gw_scenario_new ();
  Reader r = { display_name, scenario };
  JsonObject *root;
  const char *format, *version;
  int minor;

  if (length < 0)
    length = strlen (data);
  if (length > GW_JSON_MAX_SIZE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT, _("“%s” is larger than %d MB"), display_name,
                   GW_JSON_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  /* json-glib is only given text that the strict scan has read as one
   * document of bounded depth (gw-json-scan.c). */
  if (!gw_json_scan (data, length, display_name, error))
    return NULL;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s” is not valid JSON: %s"),
                   display_name, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is not a Gigawatt scenario: the JSON is not an object"), display_name);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  format = node_string (json_object_get_member (root, "format"));
  if (g_strcmp0 (format, GW_JSON_FORMAT) != 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is not a Gigawatt scenario: “format” must be \"%s\""), display_name,
                   GW_JSON_FORMAT);
      return NULL;
    }
  version = node_string (json_object_get_member (root, "schema_version"));
  if (!parse_version (version, &r.schema_major, &minor))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                   _("“%s”: “schema_version” must be a string such as \"2.0\""), display_name);
      return NULL;
    }
  if (r.schema_major > GW_FILE_SCHEMA_MAJOR)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer Gigawatt (format %s; this version reads up to "
                     "%d.x): update Gigawatt to open it"), display_name, version,
                   GW_FILE_SCHEMA_MAJOR);
      return NULL;
    }
  if (r.schema_major < GW_FILE_SCHEMA_MAJOR_MIN)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                   _("“%s” has an unknown schema version “%s”"), display_name, version);
      return NULL;
    }

  if (!read_tables (&r, root, error))
    return NULL;

  if (!gw_schema_upgrade (scenario, r.schema_major, display_name, error))
    return NULL;
  if (!gw_scenario_validate (scenario, &local))
    {
      g_set_error (error, GW_ERROR, local->code, "“%s”: %s", display_name, local->message);
      return NULL;
    }
  if (load_info != NULL)
    {
      GwView *view = gw_view_new ();
      GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

      read_view (json_object_get_member (root, "view"), scenario, display_name, view, warnings);
      *load_info = (GwLoadInfo) {
        .schema_major = r.schema_major,
        .schema_minor = minor,
        .upgraded = r.schema_major < GW_FILE_SCHEMA_MAJOR,
        .view = view,
        .warnings = warnings,
      };
    }
  return g_steal_pointer (&scenario);
}

/**
 * gw_json_from_data:
 *
 * gw_json_from_data_full() for a caller that does not ask about the schema.
 */
GwScenario *
gw_json_from_data (const char  *data,
                   gssize       length,
                   const char  *display_name,
                   GError     **error)
{
  return gw_json_from_data_full (data, length, display_name, NULL, error);
}

GwScenario *
gw_json_load (const char  *path,
              GError     **error)
{
  return gw_json_load_full (path, NULL, error);
}

/**
 * gw_json_load_full:
 * @load_info: (out caller-allocates) (optional): as for gw_json_from_data_full()
 *
 * Reads and validates a JSON file; the file itself is only read.
 *
 * Returns: (transfer full) (nullable): the scenario
 */
GwScenario *
gw_json_load_full (const char  *path,
                   GwLoadInfo  *load_info,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GBytes) bytes = gw_io_read (path, GW_JSON_MAX_SIZE, display, error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return gw_json_from_data_full (data ? data : "", length, display, load_info, error);
}
