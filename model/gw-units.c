/* gw-units.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
