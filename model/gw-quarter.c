/* gw-quarter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-quarter.h"

/**
 * gw_quarter_parse:
 * @text: a quarter such as "2027Q3" (a lower-case q and surrounding spaces are accepted)
 * @quarter: (out): the quarter as year * 4 + (q - 1)
 *
 * Returns: %TRUE if @text is a quarter between 1990Q1 and 2199Q4
 */
gboolean
gw_quarter_parse (const char *text,
                  int        *quarter)
{
  int year = 0;
  const char *p;

  if (text == NULL)
    return FALSE;

  p = text;
  while (*p == ' ')
    p++;
  for (int i = 0; i < 4; i++, p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      year = year * 10 + (*p - '0');
    }
  if (*p != 'Q' && *p != 'q')
    return FALSE;
  p++;
  if (*p < '1' || *p > '4')
    return FALSE;
  *quarter = GW_QUARTER (year, *p - '0');
  p++;
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return FALSE;
  return *quarter >= GW_QUARTER_MIN && *quarter <= GW_QUARTER_MAX;
}

int
gw_quarter_year (int quarter)
{
  return quarter >= 0 ? quarter / 4 : -((-quarter + 3) / 4);
}

int
gw_quarter_number (int quarter)
{
  return quarter - 4 * gw_quarter_year (quarter) + 1;
}

/* GW_QUARTER_NONE formats as "". */
char *
gw_quarter_format (int quarter)
{
  if (quarter == GW_QUARTER_NONE)
    return g_strdup ("");
  return g_strdup_printf ("%04dQ%d", gw_quarter_year (quarter), gw_quarter_number (quarter));
}
