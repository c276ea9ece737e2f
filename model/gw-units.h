/* gw-units.h: how numbers are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gw_format_si      (double value,
                         int    digits);
char *gw_format_sig     (double value,
                         int    digits);
char *gw_format_money   (double value);
char *gw_format_quantity (double      value,
                          const char *unit);
char *gw_format_range   (const char *lo,
                         const char *hi);
char *gw_format_grouped (double value,
                         int    decimals);
char *gw_format_grouped_full (double      value,
                              int         decimals,
                              const char *sep,
                              const char *grouping);
char *gw_format_percent (double value,
                         int    digits);
gboolean gw_numeric_locale_is_c (void);

G_END_DECLS
