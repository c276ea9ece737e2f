/* gw-stats.h: statistics of a sample (gw-stats.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_N_QUANTILES 7

/* P5, P10, P25, P50, P75, P90, P95 */
extern const double gw_quantile_levels[GW_N_QUANTILES];

enum
{
  GW_Q_P5,
  GW_Q_P10,
  GW_Q_P25,
  GW_Q_P50,
  GW_Q_P75,
  GW_Q_P90,
  GW_Q_P95,
};

typedef struct
{
  double mean;
  double sd;            /* N - 1; 0 for N = 1 */
  double min;
  double max;
  double q[GW_N_QUANTILES];
} GwSummary;

void    gw_summary_of          (GwSummary    *summary,
                                const double *values,
                                gsize         n);
void    gw_summaries_of        (GwSummary    *summaries,
                                const double *values,
                                gsize         n,
                                guint         n_samples,
                                guint         n_threads);
/* gw_summary_of() under its old name; @values is no longer reordered */
void    gw_summary_from_values (GwSummary    *summary,
                                double       *values,
                                gsize         n);
gboolean gw_ranks              (const double *v,
                                gsize         n,
                                double       *out);
void    gw_select_kth          (double       *v,
                                gsize         n,
                                gsize         k);
double  gw_quantile_sorted     (const double *sorted,
                                gsize         n,
                                double        p);

double   gw_column_probability (const double *values,
                                guint         n,
                                double        threshold,
                                gboolean      below);

G_END_DECLS
