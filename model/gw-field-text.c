/* gw-field-text.c: a field's value as people type and read it
 *
 * The editors, the CLI's messages and the document's edits all go through
 * gw_field_format() and gw_field_parse(): numbers with SI suffixes and an
 * optional "$" ("$22.4B"), distributions in the model's syntax with such
 * numbers ("triangular(12B, 14.2B, 16B)"), quarters, yes/no, enums and
 * seeds, each checked against its field's type and range. No GTK: the
 * document (data/) and the tests use it without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gigawatt-model.h"
#include "gw-field-text.h"

void
gw_field_value_clear (GwFieldValue *value)
{
  g_clear_pointer (&value->text, g_free);
}

/* Numbers: plain, or with an SI suffix (k, M, B or G, T) and an optional
 * leading $ so that "$22.4B" can be typed as shown. */
static gboolean
parse_real (const char *text,
            double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *p = copy, *end = NULL;
  double v, scale = 1;
  gboolean negative = FALSE;

  if (g_str_has_prefix (p, "−"))
    {
      negative = TRUE;
      p += strlen ("−");
    }
  else if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p == '$')
    p++;
  if (*p == '\0' || *p == '-' || *p == '+')
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (p, &end);
  if (end == p || errno != 0)
    return FALSE;
  while (*end == ' ')
    end++;
  switch (*end)
    {
    case 'k': case 'K': scale = 1e3; end++; break;
    case 'M': scale = 1e6; end++; break;
    case 'B': case 'G': scale = 1e9; end++; break;
    case 'T': scale = 1e12; end++; break;
    case '%': scale = 0.01; end++; break;
    default: break;
    }
  if (*end != '\0' || !isfinite (v * scale))
    return FALSE;
  *out = (negative ? -v : v) * scale;
  return TRUE;
}

/**
 * gw_parse_number:
 * @text: a number as a person types it: "0.5", "$22.4B", "200M", "50%",
 *   "−2"
 * @out: (out): its value
 *
 * Returns: whether @text is a finite number
 */
gboolean
gw_parse_number (const char *text,
                 double     *out)
{
  return parse_real (text, out);
}

/* The shortest text that parses back to exactly @value. */
char *
gw_format_number (double value)
{
  static const struct { double scale; const char *suffix; } si[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (si); i++)
    if (fabs (value) >= si[i].scale)
      for (int digits = 1; digits <= 15; digits++)
        {
          char fmt[16];
          double back;
          g_autofree char *text = NULL;

          g_snprintf (fmt, sizeof fmt, "%%.%dg", digits);
          g_ascii_formatd (buf, sizeof buf, fmt, value / si[i].scale);
          if (strchr (buf, 'e') != NULL)
            continue;           /* "3e+02M": wait for "300M" */
          text = g_strconcat (buf, si[i].suffix, NULL);
          if (parse_real (text, &back) && back == value)
            return g_steal_pointer (&text);
        }
  return gw_number_to_string (value);
}

/**
 * gw_format_dist_quantity:
 * @unit: (nullable): the field's unit, untranslated
 *
 * A distribution for a person who reads rather than types it: its central
 * value with its unit, then its range and shape, "$18B ($16–21B,
 * triangular)"; the P10 to P90 range where it has no bounds. Each number
 * goes through gw_format_quantity().
 */
char *
gw_format_dist_quantity (const GwDist *dist,
                         const char   *unit)
{
  g_autofree char *central = NULL;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  g_autofree char *range = NULL;
  g_autofree char *shape = NULL;
  double lo, hi;

  if (dist->kind == GW_DIST_NONE)
    return g_strdup ("");
  central = gw_format_quantity (gw_dist_central (dist), unit);
  if (!gw_dist_is_uncertain (dist))
    return g_steal_pointer (&central);
  shape = g_utf8_strdown (gw_dist_kind_label (dist->kind), -1);
  gw_dist_support (dist, &lo, &hi);
  if (isfinite (lo) && isfinite (hi))
    {
      lo_text = gw_format_quantity (lo, unit);
      hi_text = gw_format_quantity (hi, unit);
      range = gw_format_range (lo_text, hi_text);
      /* Translators: a distribution: its central value (its range, its shape),
       * as "$18B ($16–21B, triangular)" */
      return g_strdup_printf (_("%s (%s, %s)"), central, range, shape);
    }
  lo_text = gw_format_quantity (gw_dist_icdf (dist, 0.1), unit);
  hi_text = gw_format_quantity (gw_dist_icdf (dist, 0.9), unit);
  range = gw_format_range (lo_text, hi_text);
  /* Translators: a distribution: its central value (its P10 to P90, its
   * shape), as "$18B (P10–P90 $12–25B, lognormal)" */
  return g_strdup_printf (_("%s (P10–P90 %s, %s)"), central, range, shape);
}

/* "triangular(12B, 14.2B, 16B)": the model's syntax with readable numbers;
 * gw_field_parse() reads it back. */
static char *
format_dist (const GwDist *d)
{
  GString *s;

  if (d->kind == GW_DIST_NONE)
    return g_strdup ("");
  if (d->kind == GW_DIST_FIXED)
    return gw_format_number (d->p[0]);
  s = g_string_new (gw_dist_kind_name (d->kind));
  g_string_append_c (s, '(');
  for (guint i = 0; i < gw_dist_n_params (d->kind); i++)
    {
      g_autofree char *number = NULL;

      if (gw_dist_param_optional (d->kind, i))
        {
          if (isinf (d->p[i]))
            continue;
          g_string_append_printf (s, ", %s=", gw_dist_param_name (d->kind, i));
        }
      else if (i > 0)
        g_string_append (s, ", ");
      number = gw_format_number (d->p[i]);
      g_string_append (s, number);
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* Numbers with an SI suffix inside a distribution, written out plainly for
 * gw_dist_parse(). */
static gboolean
expand_si_cb (const GMatchInfo *match,
              GString          *result,
              gpointer          user_data)
{
  g_autofree char *token = g_match_info_fetch (match, 0);
  double v;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (parse_real (token, &v))
    g_string_append (result, g_ascii_dtostr (buf, sizeof buf, v));
  else
    g_string_append (result, token);
  return FALSE;
}

static char *
expand_si (const char *text)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("\\$?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?[kKMBGT]",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace_eval (regex, text, -1, 0, 0, expand_si_cb, NULL, NULL);
}

/**
 * gw_field_format_valid:
 *
 * Returns: the field's valid range as people read it: "[0, 1]", "≥ 0",
 *   "> 0", "any number"
 */
char *
gw_field_format_valid (const GwField *field)
{
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lo, sizeof lo, "%g", field->min);
  g_ascii_formatd (hi, sizeof hi, "%g", field->max);
  if (isinf (field->max) && isinf (field->min))
    return g_strdup (_("any number"));
  if (isinf (field->max))
    return g_strdup_printf ("%s %s", (field->flags & GW_FIELD_MIN_OPEN) ? ">" : "≥", lo);
  if (isinf (field->min))
    return g_strdup_printf ("%s %s", (field->flags & GW_FIELD_MAX_OPEN) ? "<" : "≤", hi);
  return gw_field_format_range (field);
}

/**
 * gw_field_format:
 *
 * Returns: the field's value as the editors show and parse it
 */
char *
gw_field_format (const GwField *field,
                 gconstpointer  row)
{
  const GwDist *d;

  switch (field->type)
    {
    case GW_FIELD_TEXT:
    case GW_FIELD_NAME:
    case GW_FIELD_REF:
    case GW_FIELD_INPUT:
      return g_strdup (GW_FIELD_TEXT_OF (row, field));
    case GW_FIELD_DIST:
      d = GW_FIELD_DIST_OF (row, field);
      return format_dist (d);
    case GW_FIELD_REAL:
      return gw_format_number (GW_FIELD_REAL_OF (row, field));
    case GW_FIELD_INT:
      return g_strdup_printf ("%d", GW_FIELD_INT_OF (row, field));
    case GW_FIELD_QUARTER:
      return gw_quarter_format (GW_FIELD_INT_OF (row, field));
    case GW_FIELD_BOOL:
      return g_strdup (GW_FIELD_INT_OF (row, field) ? _("Yes") : _("No"));
    case GW_FIELD_ENUM:
      return g_strdup (field->enum_names[GW_FIELD_INT_OF (row, field)]);
    case GW_FIELD_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, GW_FIELD_SEED_OF (row, field));
    default:
      g_assert_not_reached ();
    }
}

/**
 * gw_field_parse:
 * @message: (out) (optional): what is wrong with @text, translated
 *
 * Parses and checks one value as typed, against the field's type and range
 * only (rules across rows are checked when the value is committed).
 */
gboolean
gw_field_parse (const GwField *field,
                const char    *text,
                GwFieldValue  *value,
                char         **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;
  gint64 i;

  memset (value, 0, sizeof *value);
  switch (field->type)
    {
    case GW_FIELD_TEXT:
    case GW_FIELD_INPUT:
    case GW_FIELD_REF:
      if (strlen (text) > GW_MAX_TEXT_LENGTH)
        problem = g_strdup_printf (_("at most %d characters are allowed"), GW_MAX_TEXT_LENGTH);
      else if (field->type == GW_FIELD_INPUT && stripped[0] == '\0')
        problem = g_strdup (_("an input path such as market.price_0 is needed"));
      value->text = g_strdup (field->type == GW_FIELD_TEXT ? text : stripped);
      break;

    case GW_FIELD_NAME:
      if (stripped[0] == '\0')
        problem = g_strdup (_("a name is needed"));
      else if (strlen (stripped) > GW_MAX_NAME_LENGTH)
        problem = g_strdup_printf (_("at most %d characters are allowed"), GW_MAX_NAME_LENGTH);
      value->text = g_strdup (stripped);
      break;

    case GW_FIELD_DIST:
      if (stripped[0] == '\0' && (field->flags & GW_FIELD_OPTIONAL))
        value->dist.kind = GW_DIST_NONE;
      else if (parse_real (stripped, &value->dist.p[0]))
        value->dist.kind = GW_DIST_FIXED;
      else
        {
          g_autofree char *plain = expand_si (stripped);

          if (plain == NULL || !gw_dist_parse (plain, &value->dist, &error))
            {
              problem = g_strdup (error ? error->message : _("not a number or distribution"));
              break;
            }
        }
      problem = gw_field_check_value (field, &value->dist);
      break;

    case GW_FIELD_REAL:
      if (!parse_real (stripped, &value->real))
        problem = g_strdup_printf (_("“%s” is not a number"), stripped);
      else if (!gw_field_in_range (field, value->real))
        {
          g_autofree char *range = gw_field_format_range (field);

          problem = g_strdup_printf (_("%s is outside %s"), stripped, range);
        }
      break;

    case GW_FIELD_INT:
      i = g_ascii_strtoll (stripped, &end, 10);
      if (stripped[0] == '\0' || *end != '\0' || i < G_MININT || i > G_MAXINT)
        {
          g_autofree char *range = gw_field_format_range (field);
          double real;

          /* A fraction ("1.5" quarters) is the likely slip: say what the field takes. */
          if (parse_real (stripped, &real) && field->unit != NULL)
            /* TRANSLATORS: "Re-letting lag is a whole number of quarters in [0, 40], not “1.5”" */
            problem = g_strdup_printf (_("%s is a whole number of %s in %s, not “%s”"),
                                       _(field->label), _(field->unit), range, stripped);
          else if (parse_real (stripped, &real))
            problem = g_strdup_printf (_("%s is a whole number in %s, not “%s”"),
                                       _(field->label), range, stripped);
          else
            problem = g_strdup_printf (_("“%s” is not a whole number"), stripped);
        }
      else
        {
          GwDist d = gw_dist_fixed (i);

          value->i = (int) i;
          problem = gw_field_check_value (field, &d);
        }
      break;

    case GW_FIELD_QUARTER:
      /* An empty optional quarter is none, as gw_quarter_format() writes it;
       * the dash the editor shows for it reads back as none too. */
      if ((stripped[0] == '\0' || g_str_equal (stripped, GW_FIELD_UNSET_TEXT))
          && (field->flags & GW_FIELD_OPTIONAL))
        value->i = GW_QUARTER_NONE;
      else if (stripped[0] == '\0')
        problem = g_strdup (_("a quarter such as 2027Q3 is needed"));
      else if (!gw_quarter_parse (stripped, &value->i))
        problem = g_strdup_printf (_("“%s” is not a quarter such as 2027Q3"), stripped);
      break;

    case GW_FIELD_BOOL:
      value->i = g_strcmp0 (stripped, "1") == 0 || g_ascii_strcasecmp (stripped, "true") == 0 ||
                 g_strcmp0 (stripped, _("Yes")) == 0;
      break;

    case GW_FIELD_ENUM:
      value->i = -1;
      for (int k = 0; field->enum_names[k] != NULL; k++)
        if (g_strcmp0 (field->enum_names[k], stripped) == 0)
          value->i = k;
      if (value->i < 0)
        problem = g_strdup_printf (_("“%s” is not one of the kinds"), stripped);
      break;

    case GW_FIELD_SEED:
      errno = 0;
      value->seed = g_ascii_strtoull (stripped, &end, 10);
      if (!g_ascii_isdigit (stripped[0]) || *end != '\0' || errno != 0)
        problem = g_strdup_printf (_("“%s” is not a 64-bit seed"), stripped);
      break;

    default:
      g_assert_not_reached ();
    }

  if (problem != NULL)
    {
      gw_field_value_clear (value);
      if (message != NULL)
        *message = g_steal_pointer (&problem);
      return FALSE;
    }
  return TRUE;
}

