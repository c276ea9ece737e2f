/* gw-field-text.h: a field's value as people type and read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-table.h"

G_BEGIN_DECLS

/**
 * GwFieldValue:
 *
 * A parsed field value: which member is meaningful depends on the field type.
 */
typedef struct
{
  GwDist  dist;
  char   *text;
  int     i;
  double  real;
  guint64 seed;
} GwFieldValue;

void gw_field_value_clear (GwFieldValue *value);

/* What the editors show for an optional field that is not set; parsed back
 * as not set, as the empty text is. */
#define GW_FIELD_UNSET_TEXT "—"

char             *gw_field_format_valid      (const GwField  *field);
char             *gw_field_format            (const GwField  *field,
                                              gconstpointer   row);
char             *gw_format_number           (double          value);
gboolean          gw_parse_number            (const char     *text,
                                              double         *out);
char             *gw_format_dist_quantity    (const GwDist   *dist,
                                              const char     *unit);
gboolean          gw_field_parse             (const GwField  *field,
                                              const char     *text,
                                              GwFieldValue   *value,
                                              char          **message);

G_END_DECLS
