/* gw-compare-table.h: the comparison page's table of key numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-comparison.h"
#include "gw-plan.h"

G_BEGIN_DECLS

const char *gw_compare_variant_color     (guint               i,
                                          gboolean            dark);
int         gw_compare_table_clear       (GtkGrid            *grid);
int         gw_compare_table_add_section (GtkGrid            *grid,
                                          GwComparison       *comparison,
                                          const char * const *variants,
                                          int                 row,
                                          const char         *heading,
                                          GwUnit              unit,
                                          int                 series,
                                          int                 t,
                                          int                 scalar);

G_END_DECLS
