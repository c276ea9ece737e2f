/* gw-dist.h: a number that may be a probability distribution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-sample.h"

G_BEGIN_DECLS

typedef int GwDistKind;

/**
 * GwDist:
 * @kind: one of GW_DIST_NONE, GW_DIST_FIXED, ..., GW_DIST_LOGNORMAL
 * @p: the parameters in the order of gw_dist_param_name()
 *
 * A plain value type: copy it with `=`.
 */
typedef struct
{
  GwDistKind kind;
  double     p[4];
} GwDist;

GwDist       gw_dist_fixed          (double        value);
GwDist       gw_dist_uniform        (double        lo,
                                     double        hi);
GwDist       gw_dist_triangular     (double        lo,
                                     double        mode,
                                     double        hi);
GwDist       gw_dist_normal         (double        mean,
                                     double        sd,
                                     double        lo,
                                     double        hi);
GwDist       gw_dist_lognormal      (double        p10,
                                     double        p90);

gboolean     gw_dist_is_set         (const GwDist *dist);
gboolean     gw_dist_is_uncertain   (const GwDist *dist);
gboolean     gw_dist_equal          (const GwDist *a,
                                     const GwDist *b);
double       gw_dist_icdf           (const GwDist *dist,
                                     double        u);
double       gw_dist_central        (const GwDist *dist);
void         gw_dist_support        (const GwDist *dist,
                                     double       *lo,
                                     double       *hi);

guint        gw_dist_n_params       (GwDistKind    kind);
const char  *gw_dist_kind_name      (GwDistKind    kind);
const char  *gw_dist_kind_label     (GwDistKind    kind);
gboolean     gw_dist_kind_from_name (const char   *name,
                                     GwDistKind   *kind);
const char  *gw_dist_param_name     (GwDistKind    kind,
                                     guint         i);
gboolean     gw_dist_param_optional (GwDistKind    kind,
                                     guint         i);

char        *gw_dist_check_params   (const GwDist *dist);
char        *gw_dist_to_string      (const GwDist *dist);
char        *gw_number_to_string    (double        value);
gboolean     gw_dist_parse          (const char   *text,
                                     GwDist       *dist,
                                     GError      **error);

G_END_DECLS
