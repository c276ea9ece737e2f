/* gw-json-scan.c: a strict check of JSON text before json-glib parses it
 *
 * json-glib 1.6 recurses once per nesting level without a limit (a document
 * nested 75,000 levels deep overflows the stack), reads a whole number past
 * 2^63 as -1, keeps the last of two members with the same name, cuts a
 * string at \u0000 and asserts on an empty document. This pass reads the
 * bytes once, without recursion, keeping nothing but the member names of
 * the objects that are open, and refuses all of that with the line, column,
 * byte offset and path (.deals[2].name) of the offending token. It follows
 * RFC 8259 to the letter, so json-glib only ever parses text that means one
 * thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-json-scan.h"

typedef struct
{
  gboolean    object;
  guint       index;  /* of the current element (arrays) */
  char       *key;    /* the current member's name (objects) */
  GHashTable *keys;   /* the member names seen so far (objects) */
} Level;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  const char   *name;
  GError      **error;
  Level         levels[GW_JSON_MAX_DEPTH];
  guint         depth;
} Scanner;

/* How scan_error() words a message. */
typedef enum
{
  WITH_PATH = 1 << 0, /* say where in the document (.deals[2].name) */
  SYNTAX    = 1 << 1, /* the text is not JSON at all, rather than JSON we refuse */
} ErrorFlags;

typedef enum
{
  EXPECT_VALUE,
  EXPECT_MEMBER,
  AFTER_VALUE,
  OBJECT_OPENED,
  ARRAY_OPENED,
} State;

/* Text chosen by whoever wrote the file goes into a one-line message:
 * control and direction-changing characters are shown escaped, and a long
 * text is cut. */
static void
append_shown (GString    *out,
              const char *text,
              gsize       length)
{
  const char *end = text + length;
  const char *p = text;
  guint n = 0;

  for (; p < end && n < 40; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x200e && c <= 0x200f) ||
          (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (p < end)
    g_string_append (out, "…");
}

static char *
shown (const char *text,
       gsize       length)
{
  GString *out = g_string_new (NULL);

  append_shown (out, text, length);
  return g_string_free (out, FALSE);
}

/* Where the scanner is, as jq writes it: .deals[2].name */
static char *
format_path (Scanner *s)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < s->depth; i++)
    {
      const Level *l = &s->levels[i];

      if (!l->object)
        g_string_append_printf (out, "[%u]", l->index);
      else if (l->key != NULL)
        {
          g_string_append_c (out, '.');
          append_shown (out, l->key, strlen (l->key));
        }
    }
  return g_string_free (out, FALSE);
}

G_GNUC_PRINTF (5, 6)
static gboolean
scan_error (Scanner    *s,
            int         code,
            gsize       offset,
            ErrorFlags  flags,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  g_autofree char *path = (flags & WITH_PATH) ? format_path (s) : g_strdup ("");
  g_autofree char *where = NULL;
  gsize line = 1, line_start = 0, column = 1;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  offset = MIN (offset, s->length);
  for (gsize i = 0; i < offset; i++)
    if (s->data[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }
  for (gsize i = line_start; i < offset; i++)
    column += (s->data[i] & 0xc0) != 0x80;

  if (path[0] != '\0')
    /* TRANSLATORS: line, column, byte offset, then the place in the document
     * as jq writes it (.deals[2].name) */
    where = g_strdup_printf (_("line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " (byte %"
                               G_GSIZE_FORMAT "), at %s"), line, column, offset, path);
  else
    where = g_strdup_printf (_("line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " (byte %"
                               G_GSIZE_FORMAT ")"), line, column, offset);
  if (flags & SYNTAX)
    /* TRANSLATORS: the file, where in it, what is wrong */
    g_set_error (s->error, GW_ERROR, code, _("“%s” is not valid JSON: %s: %s"), s->name, where,
                 what);
  else
    /* TRANSLATORS: the file, where in it, what is wrong */
    g_set_error (s->error, GW_ERROR, code, _("“%s”, %s: %s"), s->name, where, what);
  return FALSE;
}

/* What is at the current position, for "expected X, found Y". */
static char *
describe_here (Scanner *s)
{
  guchar c;

  if (s->pos >= s->length)
    return g_strdup (_("the end of the text"));
  c = s->data[s->pos];
  if (c > 0x20 && c < 0x7f)
    return g_strdup_printf ("“%c”", c);
  return g_strdup_printf (_("the byte 0x%02x"), c);
}

static void
skip_space (Scanner *s)
{
  while (s->pos < s->length &&
         (s->data[s->pos] == ' ' || s->data[s->pos] == '\t' || s->data[s->pos] == '\n' ||
          s->data[s->pos] == '\r'))
    s->pos++;
}

static gboolean
is_digit (Scanner *s)
{
  return s->pos < s->length && g_ascii_isdigit (s->data[s->pos]);
}

static gboolean
read_hex4 (Scanner  *s,
           gsize     at,
           gunichar *out)
{
  gunichar value = 0;

  if (at + 4 > s->length)
    return FALSE;
  for (gsize i = at; i < at + 4; i++)
    {
      if (!g_ascii_isxdigit (s->data[i]))
        return FALSE;
      value = value << 4 | g_ascii_xdigit_value (s->data[i]);
    }
  *out = value;
  return TRUE;
}

/* At a backslash inside a string. */
static gboolean
scan_escape (Scanner  *s,
             gunichar *out)
{
  gsize at = s->pos;
  gunichar low;

  if (at + 1 >= s->length)
    return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH | SYNTAX,
                       _("the text ends inside a string"));
  switch (s->data[at + 1])
    {
    case '"':
    case '\\':
    case '/':
      *out = s->data[at + 1];
      break;
    case 'b':
      *out = '\b';
      break;
    case 'f':
      *out = '\f';
      break;
    case 'n':
      *out = '\n';
      break;
    case 'r':
      *out = '\r';
      break;
    case 't':
      *out = '\t';
      break;
    case 'u':
      if (!read_hex4 (s, at + 2, out))
        return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH | SYNTAX,
                           _("“\\u” must be followed by four hexadecimal digits"));
      s->pos += 4;
      if (*out == 0)
        return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH,
                           _("the string holds a NUL character (\\u0000), which would cut it "
                             "short"));
      if (*out >= 0xdc00 && *out <= 0xdfff)
        return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH,
                           _("\\u%04x is half of a surrogate pair without its first half"),
                           *out);
      if (*out >= 0xd800 && *out <= 0xdbff)
        {
          if (at + 7 >= s->length || s->data[at + 6] != '\\' || s->data[at + 7] != 'u' ||
              !read_hex4 (s, at + 8, &low) || low < 0xdc00 || low > 0xdfff)
            return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH,
                               _("\\u%04x is half of a surrogate pair without its second half"),
                               *out);
          *out = 0x10000 + ((*out - 0xd800) << 10) + (low - 0xdc00);
          s->pos += 6;
        }
      break;
    default:
      return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH | SYNTAX,
                         _("a backslash in a string must be followed by one of "
                           "\" \\ / b f n r t u"));
    }
  s->pos += 2;
  return TRUE;
}

/* At the opening quote; with @out, the decoded string is kept. */
static gboolean
scan_string (Scanner *s,
             GString *out)
{
  gsize start = s->pos;

  s->pos++;
  for (;;)
    {
      guchar c;
      gunichar u;

      if (s->pos >= s->length)
        return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH | SYNTAX,
                           _("the string that starts here is not closed"));
      c = s->data[s->pos];
      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      if (c == '\\')
        {
          if (!scan_escape (s, &u))
            return FALSE;
          if (out != NULL)
            g_string_append_unichar (out, u);
          continue;
        }
      if (c < 0x20)
        return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                           _("a string may not hold the control character 0x%02x; write it "
                             "as \\u%04x"), c, c);
      if (c < 0x80)
        {
          if (out != NULL)
            g_string_append_c (out, c);
          s->pos++;
          continue;
        }
      u = g_utf8_get_char_validated ((const char *) s->data + s->pos, s->length - s->pos);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                           _("the text is not valid UTF-8"));
      if (out != NULL)
        g_string_append_len (out, (const char *) s->data + s->pos, g_utf8_skip[c]);
      s->pos += g_utf8_skip[c];
    }
}

static gboolean
scan_number (Scanner *s)
{
  gsize start = s->pos;
  gboolean whole = TRUE;
  g_autofree char *text = NULL;
  g_autofree char *show = NULL;

  if (s->data[s->pos] == '-')
    s->pos++;
  if (!is_digit (s))
    return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH | SYNTAX,
                       _("a minus sign must be followed by a digit"));
  if (s->data[s->pos] == '0')
    {
      s->pos++;
      if (is_digit (s))
        return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH | SYNTAX,
                           _("a number may not start with 0 followed by a digit"));
    }
  while (is_digit (s))
    s->pos++;
  if (s->pos < s->length && s->data[s->pos] == '.')
    {
      whole = FALSE;
      s->pos++;
      if (!is_digit (s))
        return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH | SYNTAX,
                           _("a decimal point must be followed by a digit"));
      while (is_digit (s))
        s->pos++;
    }
  if (s->pos < s->length && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      whole = FALSE;
      s->pos++;
      if (s->pos < s->length && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (!is_digit (s))
        return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH | SYNTAX,
                           _("an exponent must have a digit"));
      while (is_digit (s))
        s->pos++;
    }

  text = g_strndup ((const char *) s->data + start, s->pos - start);
  show = shown (text, s->pos - start);
  if (whole)
    {
      /* json-glib reads a whole number as a gint64 and turns one past its
       * range into -1. */
      gboolean negative = text[0] == '-';
      const char *digits = text + negative;
      gsize n = strlen (digits);

      if (n > 19 || (n == 19 && strcmp (digits, negative ? "9223372036854775808"
                                                          : "9223372036854775807") > 0))
        return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH,
                           _("the whole number %s is too large to be read exactly (whole "
                             "numbers must lie between -9223372036854775808 and "
                             "9223372036854775807); write a larger number with an exponent, "
                             "such as 1e20, or a seed in quotes"), show);
    }
  else if (isinf (g_ascii_strtod (text, NULL)))
    return scan_error (s, GW_ERROR_PARSE, start, WITH_PATH,
                       _("the number %s is too large to be represented"), show);
  return TRUE;
}

static gboolean
scan_literal (Scanner *s)
{
  static const char *const words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if (s->length - s->pos >= n && memcmp (s->data + s->pos, words[i], n) == 0)
        {
          s->pos += n;
          return TRUE;
        }
    }
  {
    g_autofree char *found = describe_here (s);

    return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                       _("expected a value, found %s"), found);
  }
}

static gboolean
scan_member_name (Scanner *s)
{
  Level *l = &s->levels[s->depth - 1];
  g_autoptr(GString) key = g_string_new (NULL);
  gsize at = s->pos;

  if (s->pos >= s->length || s->data[s->pos] != '"')
    {
      g_autofree char *found = describe_here (s);

      return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                         _("expected a member name in double quotes, found %s"), found);
    }
  g_clear_pointer (&l->key, g_free);
  if (!scan_string (s, key))
    return FALSE;
  l->key = g_strdup (key->str);
  if (!g_hash_table_add (l->keys, g_strdup (key->str)))
    {
      g_autofree char *name = shown (key->str, key->len);

      return scan_error (s, GW_ERROR_PARSE, at, WITH_PATH,
                         _("the member “%s” appears twice in the same object"), name);
    }
  skip_space (s);
  if (s->pos >= s->length || s->data[s->pos] != ':')
    {
      g_autofree char *found = describe_here (s);

      return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                         _("expected “:” after the member name, found %s"), found);
    }
  s->pos++;
  return TRUE;
}

static gboolean
scan_open (Scanner *s,
           gboolean object)
{
  Level *l;

  if (s->depth == GW_JSON_MAX_DEPTH)
    return scan_error (s, GW_ERROR_LIMIT, s->pos, 0,
                       _("the document is nested more than %d levels deep; a Gigawatt "
                         "scenario needs four"), GW_JSON_MAX_DEPTH);
  l = &s->levels[s->depth++];
  *l = (Level) { .object = object };
  if (object)
    l->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->pos++;
  return TRUE;
}

static void
scan_close (Scanner *s)
{
  Level *l = &s->levels[--s->depth];

  g_clear_pointer (&l->key, g_free);
  g_clear_pointer (&l->keys, g_hash_table_unref);
  s->pos++;
}

static gboolean
scan_value (Scanner *s,
            State   *state)
{
  guchar c;

  if (s->pos >= s->length)
    return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                       _("expected a value, found the end of the text"));
  c = s->data[s->pos];
  *state = AFTER_VALUE;
  if (c == '{' || c == '[')
    {
      *state = c == '{' ? OBJECT_OPENED : ARRAY_OPENED;
      return scan_open (s, c == '{');
    }
  if (c == '"')
    return scan_string (s, NULL);
  if (c == '-' || g_ascii_isdigit (c))
    return scan_number (s);
  return scan_literal (s);
}

static gboolean
scan_document (Scanner *s)
{
  State state = EXPECT_VALUE;

  /* RFC 8259 lets a reader ignore a byte order mark, and editors add one. */
  if (s->length >= 3 && memcmp (s->data, "\xef\xbb\xbf", 3) == 0)
    s->pos = 3;
  skip_space (s);
  if (s->pos == s->length)
    {
      g_set_error (s->error, GW_ERROR, GW_ERROR_NOT_GIGAWATT,
                   _("“%s” is empty or only white space: it is not a Gigawatt scenario"),
                   s->name);
      return FALSE;
    }

  for (;;)
    {
      Level *top = s->depth > 0 ? &s->levels[s->depth - 1] : NULL;

      skip_space (s);
      switch (state)
        {
        case EXPECT_VALUE:
          if (!scan_value (s, &state))
            return FALSE;
          break;
        case EXPECT_MEMBER:
          if (!scan_member_name (s))
            return FALSE;
          state = EXPECT_VALUE;
          break;
        case OBJECT_OPENED:
        case ARRAY_OPENED:
          if (s->pos < s->length && s->data[s->pos] == (state == OBJECT_OPENED ? '}' : ']'))
            {
              scan_close (s);
              state = AFTER_VALUE;
            }
          else
            state = state == OBJECT_OPENED ? EXPECT_MEMBER : EXPECT_VALUE;
          break;
        case AFTER_VALUE:
          if (top == NULL)
            {
              g_autofree char *found = NULL;

              if (s->pos == s->length)
                return TRUE;
              found = describe_here (s);
              return scan_error (s, GW_ERROR_PARSE, s->pos, SYNTAX,
                                 _("unexpected %s after the end of the document; a file "
                                   "holds one document"), found);
            }
          if (s->pos < s->length && s->data[s->pos] == ',')
            {
              s->pos++;
              top->index++;
              state = top->object ? EXPECT_MEMBER : EXPECT_VALUE;
            }
          else if (s->pos < s->length && s->data[s->pos] == (top->object ? '}' : ']'))
            scan_close (s);
          else
            {
              g_autofree char *found = describe_here (s);

              return scan_error (s, GW_ERROR_PARSE, s->pos, WITH_PATH | SYNTAX,
                                 top->object ? _("expected “,” or “}”, found %s")
                                             : _("expected “,” or “]”, found %s"), found);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * gw_json_scan:
 * @display_name: how messages name the input
 *
 * Checks that @data is one JSON document (RFC 8259, UTF-8, an optional byte
 * order mark) nested at most %GW_JSON_MAX_DEPTH levels, with no member name
 * twice in an object, no \u0000 or unpaired surrogate in a string, no whole
 * number outside the range of a gint64 and no number too large for a double.
 * It uses constant stack and memory proportional to the member names of the
 * open objects.
 *
 * Returns: whether json-glib may parse @data
 */
gboolean
gw_json_scan (const char  *data,
              gsize        length,
              const char  *display_name,
              GError     **error)
{
  Scanner s = { (const guchar *) data, length, 0, display_name, error };
  gboolean ok = scan_document (&s);

  while (s.depth > 0)
    {
      Level *l = &s.levels[--s.depth];

      g_free (l->key);
      g_clear_pointer (&l->keys, g_hash_table_unref);
    }
  return ok;
}
