/* gw-units.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "gw-units.h"

/**
 * gw_format_si:
 * @digits: significant digits (at least 1)
 *
 * Formats with an SI-style suffix as finance writes it: 1.2k, 3.4M, 12.1B,
 * 1.5T (thousand, million, billion, trillion). Trailing zeros are dropped.
 */
char *
gw_format_si (double value,
              int    digits)
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

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (a >= steps[i].scale * 0.9995)
      {
        scaled = value / steps[i].scale;
        suffix = steps[i].suffix;
        break;
      }

  a = fabs (scaled);
  digits = MAX (digits, 1);
  decimals = a == 0 ? 0 : MAX (0, digits - 1 - (int) floor (log10 (a)));
  text = g_strdup_printf ("%.*f", decimals, scaled);
  dot = strchr (text, '.');
  if (dot != NULL)
    {
      end = text + strlen (text) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  if (g_str_equal (text, "-0"))
    text[0] = '0', text[1] = '\0';
  {
    char *result = g_strconcat (text, suffix, NULL);

    g_free (text);
    return result;
  }
}

/* "$2.4B", "−$310M": money always carries its unit. */
char *
gw_format_money (double value)
{
  g_autofree char *si = gw_format_si (fabs (value), 3);

  return g_strdup_printf ("%s$%s", value < 0 ? "−" : "", si);
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
 * in en_US, "1 000 000" in fr_FR, "1000000" in C), and the locale's
 * decimal point.
 */
char *
gw_format_grouped (double value,
                   int    decimals)
{
  const struct lconv *lc = localeconv ();

  return gw_format_grouped_full (value, decimals, lc->thousands_sep, lc->grouping);
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
