/* gw-table.h: the tables and fields of a scenario, declared once
 *
 * Units, valid ranges, labels and storage of every field live here; the
 * validation, the file format, JSON, the CLI and the editors all read them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"

G_BEGIN_DECLS

typedef enum
{
  GW_FIELD_TEXT,     /* char *, free text */
  GW_FIELD_NAME,     /* char *, the row's unique name */
  GW_FIELD_REF,      /* char *, the key of a row in another table */
  GW_FIELD_INPUT,    /* char *, an input path such as deals[Meta I].price */
  GW_FIELD_DIST,     /* GwDist, a number that may be a distribution */
  GW_FIELD_REAL,     /* double, never a distribution */
  GW_FIELD_INT,      /* int */
  GW_FIELD_QUARTER,  /* int, year * 4 + q - 1, written 2027Q3 */
  GW_FIELD_BOOL,     /* gboolean */
  GW_FIELD_ENUM,     /* int, one of enum_names */
  GW_FIELD_SEED,     /* guint64 */
} GwFieldType;

typedef enum
{
  GW_FIELD_OPTIONAL    = 1 << 0, /* a DIST may be absent, a REF empty */
  GW_FIELD_MIN_OPEN    = 1 << 1, /* the range excludes min */
  GW_FIELD_MAX_OPEN    = 1 << 2, /* the range excludes max */
  GW_FIELD_OVERRIDABLE = 1 << 3, /* a variant may override it */
} GwFieldFlags;

typedef struct
{
  const char         *name;        /* column and JSON member */
  const char         *label;       /* N_() marked */
  const char         *unit;        /* N_() marked; NULL for none */
  const char         *blurb;       /* N_() marked description */
  GwFieldType         type;
  GwFieldFlags        flags;
  gsize               offset;
  double              min;
  double              max;
  GwTable             ref_table;   /* for GW_FIELD_REF */
  const char * const *enum_names;  /* for GW_FIELD_ENUM */
  int                 since;       /* file schema major it first appears in; 0 = 1 */
  double              neutral;     /* its value where a file of an older schema (or a
                                    * JSON document that omits it) has none; for an
                                    * optional quarter GW_QUARTER_NONE */
} GwField;

typedef struct
{
  GwTable        table;
  const char    *name;             /* SQL table and JSON member */
  const char    *label;            /* N_() marked, plural */
  const char    *row_label;        /* N_() marked, singular */
  gboolean       single;           /* exactly one row (scenario, market) */
  gsize          row_size;
  const GwField *fields;
  guint          n_fields;
  int            key_field;        /* the NAME field, or -1 */
  guint          max_rows;
} GwTableInfo;

/* Limits on what a (possibly hostile) file may hold. */
#define GW_MAX_NAME_LENGTH 200
#define GW_MAX_TEXT_LENGTH 65536

const GwTableInfo *gw_table_info         (GwTable            table);
gboolean           gw_table_from_name    (const char        *name,
                                          GwTable           *table);
int                gw_table_find_field   (GwTable            table,
                                          const char        *name);
const GwField     *gw_table_field        (GwTable            table,
                                          guint              field);

const char * const *gw_provider_kind_names (void);
const char * const *gw_event_kind_names    (void);

/* Typed access to a field of a row. */
#define GW_FIELD_PTR(row, field) ((gpointer) ((guint8 *) (row) + (field)->offset))
#define GW_FIELD_TEXT_OF(row, field) (*(char **) GW_FIELD_PTR (row, field))
#define GW_FIELD_DIST_OF(row, field) ((GwDist *) GW_FIELD_PTR (row, field))
#define GW_FIELD_INT_OF(row, field) (*(int *) GW_FIELD_PTR (row, field))
#define GW_FIELD_REAL_OF(row, field) (*(double *) GW_FIELD_PTR (row, field))
#define GW_FIELD_SEED_OF(row, field) (*(guint64 *) GW_FIELD_PTR (row, field))

gboolean           gw_field_is_text      (const GwField     *field);
gboolean           gw_field_in_schema    (const GwField     *field,
                                          int                schema_major);
void               gw_field_set_neutral  (gpointer           row,
                                          const GwField     *field);
void               gw_field_set_text     (gpointer           row,
                                          const GwField     *field,
                                          const char        *text);
char              *gw_field_format_range (const GwField     *field);
gboolean           gw_field_in_range     (const GwField     *field,
                                          double             value);
char              *gw_field_check_value  (const GwField     *field,
                                          const GwDist      *dist);

gpointer           gw_row_new            (GwTable            table);
void               gw_row_init           (GwTable            table,
                                          gpointer           row);
void               gw_row_clear          (GwTable            table,
                                          gpointer           row);
void               gw_row_copy_into      (GwTable            table,
                                          gpointer           dest,
                                          gconstpointer      src);
gboolean           gw_row_equal          (GwTable            table,
                                          gconstpointer      a,
                                          gconstpointer      b);

/* Input paths: "market.price_0", "deals[Meta I].price",
 * "fleet[CoreWeave/H100].units", "build_plans[2].mw_per_quarter" (1-based). */
typedef struct
{
  GwTable table;
  int     row;
  int     field;
} GwInputRef;

gboolean           gw_scenario_parse_input  (const GwScenario *self,
                                             const char       *path,
                                             GwInputRef       *ref,
                                             GError          **error);
char              *gw_scenario_input_path   (const GwScenario *self,
                                             GwTable           table,
                                             guint             row,
                                             guint             field);

G_END_DECLS
