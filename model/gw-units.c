/* gw-units.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-units.h"

/**
 * gw_format_si:
 * @digits: significant digits (at least 1)
 *
 * Formats with an SI-style suffix as finance writes it: 1.2k, 3.4M, 12.1B,
 * 1.5T (thousand, million, billion, trillion). Trailing zeros are dropped.
 */
/* gw_format_si() and gw_format_sig(): @keep_zeros keeps the zeros that
 * make @digits significant digits ("18.0B"). */
static char *
format_si (double   value,
           int      digits,
           gboolean keep_zeros)
{
  static const struct { double scale; const char *suffix; } steps[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" },
  };
  double a = fabs (value);
  const char *suffix = "";
  double scaled = value;
  int decimals;
  char *text, *dot, *end;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : value > 0 ? "∞" : "−∞");

  digits = MAX (digits, 1);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (a >= steps[i].scale * (1 - 0.5 * pow (10, -digits)))
      {
        scaled = value / steps[i].scale;
        suffix = steps[i].suffix;
        break;
      }

  a = fabs (scaled);
  decimals = a == 0 ? 0 : MAX (0, digits - 1 - (int) floor (log10 (a)));
  /* 9.996 to 3 digits is "10.0", not "10.00" */
  if (decimals > 0 && a != 0 && floor (log10 (a)) < floor (log10 (a + 0.5 * pow (10, -decimals))))
    decimals--;
  text = g_strdup_printf ("%.*f", decimals, scaled);
  dot = strchr (text, '.');
  if (dot != NULL && !keep_zeros)
    {
      end = text + strlen (text) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  if (text[0] == '-' && strspn (text + 1, "0.") == strlen (text + 1))
    memmove (text, text + 1, strlen (text));
  {
    char *result = g_strconcat (text, suffix, NULL);

    g_free (text);
    return result;
  }
}

/**
 * gw_format_si:
 * @digits: significant digits (at least 1)
 *
 * Formats with an SI-style suffix as finance writes it: 1.2k, 3.4M, 12.1B,
 * 1.5T (thousand, million, billion, trillion). Trailing zeros are dropped:
 * for a value as it was typed, or a tick.
 */
char *
gw_format_si (double value,
              int    digits)
{
  return format_si (value, digits, FALSE);
}

/**
 * gw_format_sig:
 * @digits: significant digits (at least 1)
 *
 * gw_format_si() that keeps trailing zeros, so that estimates beside each
 * other show the same precision: "18.0B" beside "17.8B".
 */
char *
gw_format_sig (double value,
               int    digits)
{
  return format_si (value, digits, TRUE);
}

/**
 * gw_format_money:
 *
 * An amount of money as every view of a result shows it: three
 * significant digits with an SI suffix ("$17.8B", "$18.0B", "−$310M"),
 * cents below $100 ("$2.35", "$1.70"), whole dollars up to $1,000.
 */
char *
gw_format_money (double value)
{
  double a = fabs (value);
  g_autofree char *number = NULL;

  if (!isfinite (value))
    number = gw_format_si (a, 3);
  else if (a < 99.995)
    number = g_strdup_printf ("%.2f", a);
  else if (a < 999.5)
    number = g_strdup_printf ("%.0f", a);
  else
    number = gw_format_sig (a, 3);
  if (g_str_equal (number, "0.00"))
    return g_strdup ("$0");
  return g_strdup_printf ("%s$%s", value < 0 ? "−" : "", number);
}

char *
gw_format_percent (double value,
                   int    digits)
{
  return g_strdup_printf ("%.*f%%", MAX (digits, 0), value * 100);
}

/**
 * gw_format_grouped:
 * @decimals: digits after the decimal point
 *
 * "%'.*f" without the ' flag, which ISO C lacks: @value with the digits
 * before the decimal point grouped as the locale groups them ("1,000,000"
 * in en_US, "1 000 000" in fr_FR), and the locale's decimal point. The C
 * and POSIX locales, which group nothing, get the conventions of the
 * English the interface is written in ("1,000,000"): a person reads the
 * numbers, which machine-readable outputs write without this function.
 */
char *
gw_format_grouped (double value,
                   int    decimals)
{
  const struct lconv *lc = localeconv ();

  if ((lc->thousands_sep == NULL || lc->thousands_sep[0] == '\0')
      && g_strcmp0 (lc->decimal_point, ".") == 0 && gw_numeric_locale_is_c ())
    return gw_format_grouped_full (value, decimals, ",", "\3");
  return gw_format_grouped_full (value, decimals, lc->thousands_sep, lc->grouping);
}

/**
 * gw_numeric_locale_is_c:
 *
 * Whether numbers are formatted in the C or POSIX locale (C.UTF-8
 * included).
 */
gboolean
gw_numeric_locale_is_c (void)
{
  const char *name = setlocale (LC_NUMERIC, NULL);

  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX")
         || g_str_has_prefix (name, "C.");
}

/**
 * gw_format_grouped_full:
 * @sep: the thousands separator
 * @grouping: group sizes from the right, as in struct lconv: the last
 *   repeats, CHAR_MAX stops grouping
 *
 * gw_format_grouped() with the locale's conventions given (for tests).
 */
char *
gw_format_grouped_full (double      value,
                        int         decimals,
                        const char *sep,
                        const char *grouping)
{
  g_autofree char *plain = g_strdup_printf ("%.*f", decimals, value);
  const char *digits = plain[0] == '-' ? plain + 1 : plain;
  gsize n_int = strspn (digits, "0123456789");
  GString *out;
  gsize *cuts;
  guint n_cuts = 0;

  if (sep == NULL || sep[0] == '\0' || grouping == NULL || grouping[0] <= 0 ||
      grouping[0] == CHAR_MAX || !isfinite (value))
    return g_steal_pointer (&plain);

  /* where separators go, counted from the right of the integer digits */
  cuts = g_new (gsize, n_int + 1);
  {
    gsize at = 0;
    int size = grouping[0];

    for (const char *g = grouping;;)
      {
        at += (gsize) size;
        if (at >= n_int)
          break;
        cuts[n_cuts++] = at;
        if (g[1] != '\0')
          {
            g++;
            if (*g == CHAR_MAX || *g <= 0)
              break;
            size = *g;
          }
      }
  }
  out = g_string_new (plain[0] == '-' ? "-" : "");
  for (gsize i = 0; i < n_int; i++)
    {
      gsize from_right = n_int - i;

      for (guint c = 0; c < n_cuts; c++)
        if (cuts[c] == from_right)
          g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n_int);
  g_free (cuts);
  return g_string_free (out, FALSE);
}

/* A number as typed, for a person: three significant digits at most and no
 * trailing zeros ("1.28", "22.4B"), with a real minus sign. */
static char *
format_typed (double value)
{
  g_autofree char *si = gw_format_si (fabs (value), 3);

  return g_strdup_printf ("%s%s", value < 0 ? "−" : "", si);
}

/**
 * gw_format_quantity:
 * @unit: (nullable): a field's unit as gw-table.c declares it, untranslated
 *   ("$", "$/MWh", "share", "per year", "x/year", "MW")
 *
 * An input value with its unit, as the report and the chart captions show
 * the assumptions: "$18B", "$1.70/H100e-h", "9.5%/year", "70% of capex",
 * "5×/year", "870 MW". Shares and rates become percentages; numbers keep
 * at most three significant digits.
 */
char *
gw_format_quantity (double      value,
                    const char *unit)
{
  g_autofree char *number = NULL;

  if (unit == NULL || unit[0] == '\0')
    return format_typed (value);
  if (g_str_equal (unit, "$"))
    {
      g_autofree char *si = gw_format_si (fabs (value), 3);

      return g_strdup_printf ("%s$%s", value < 0 ? "−" : "", si);
    }
  if (g_str_has_prefix (unit, "$/"))
    {
      double a = fabs (value);

      /* a price: cents below $100 unless whole */
      if (a < 99.995 && fabs (a - round (a)) > 0.005)
        number = g_strdup_printf ("%.2f", a);
      else
        number = gw_format_si (a, 3);
      /* Translators: an amount per unit: "$" NUMBER "/" UNIT, as "$80/MWh" */
      return g_strdup_printf (_("%s$%s/%s"), value < 0 ? "−" : "", number, _(unit) + 2);
    }
  if (g_str_equal (unit, "share") || g_str_equal (unit, "probability"))
    {
      number = format_typed (value * 100);
      return g_strdup_printf ("%s%%", number);
    }
  if (g_str_equal (unit, "per year"))
    {
      number = format_typed (value * 100);
      /* Translators: a yearly rate, as "9.5%/year" */
      return g_strdup_printf (_("%s%%/year"), number);
    }
  if (g_str_equal (unit, "of capex") || g_str_equal (unit, "share of D0"))
    {
      number = format_typed (value * 100);
      /* Translators: a percentage of something, as "70% of capex" */
      return g_strdup_printf (_("%s%% %s"), number,
                              g_str_equal (unit, "of capex") ? _("of capex")
                                                             : _("of initial demand"));
    }
  number = format_typed (value);
  if (unit[0] == 'x' && (unit[1] == '/' || unit[1] == ' '))
    /* Translators: a multiple, as "5×/year" or "2.5× price at start" */
    return g_strdup_printf (_("%s×%s"), number, _(unit) + 1);
  if (g_str_equal (unit, "t"))
    /* Translators: a quarter counted from the scenario's start */
    return g_strdup_printf (_("quarter %s"), number);
  /* Translators: a number and its unit, as "870 MW" */
  return g_strdup_printf (_("%s %s"), number, _(unit));
}

/**
 * gw_format_range:
 * @lo: a formatted quantity
 * @hi: another, in the same unit
 *
 * "8–11%/year", "$16–21B", "2.5–9×/year": the unit written once where both
 * ends share it; "$643M to $1.5B", "−12%/year to 0%/year" where they do not
 * or a minus sign would read as the dash.
 */
char *
gw_format_range (const char *lo,
                 const char *hi)
{
  /* each end as its words before the number, the number, its words after */
  gsize lp = strcspn (lo, "0123456789"), hp = strcspn (hi, "0123456789");
  gsize ln = strspn (lo + lp, "0123456789."), hn = strspn (hi + hp, "0123456789.");

  if (g_str_has_prefix (lo, "−") || g_str_has_prefix (hi, "−") || lo[0] == '-' || hi[0] == '-'
      || lo[lp] == '\0' || hi[hp] == '\0' || lp != hp || strncmp (lo, hi, lp) != 0
      || !g_str_equal (lo + lp + ln, hi + hp + hn))
    return g_strdup_printf (_("%s to %s"), lo, hi);
  {
    g_autofree char *head = g_strndup (lo, lp + ln);

    return g_strdup_printf ("%s–%s", head, hi + hp);
  }
}
