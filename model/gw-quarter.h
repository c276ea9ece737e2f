/* gw-quarter.h: quarters such as 2027Q3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A quarter is held as one integer, year * 4 + (quarter - 1), so that
 * t = quarter - start is a plain subtraction. */
#define GW_QUARTER(year, q) ((year) * 4 + (q) - 1)
#define GW_QUARTER_MIN GW_QUARTER (1990, 1)
#define GW_QUARTER_MAX GW_QUARTER (2199, 4)
/* An optional quarter field that is empty (a deal's signed, an event's end). */
#define GW_QUARTER_NONE G_MININT

gboolean gw_quarter_parse  (const char *text,
                            int        *quarter);
char    *gw_quarter_format (int         quarter);
int      gw_quarter_year   (int         quarter);
int      gw_quarter_number (int         quarter);

G_END_DECLS
