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
gboolean gw_difference_stats   (const double *a,
                                const double *b,
                                gsize         n,
                                double       *median,
                                double       *higher);

/* One bin of a column whose values a second pass collects for exact
 * quantiles (gw_collect_plan()). */
#define GW_COLLECT_SUB G_MAXSIZE
typedef struct
{
  guint   col;
  guint   bin;
  gsize   below;        /* values of the column in lower bins */
  guint   count;        /* values in this bin */
  gsize   offset;       /* into the collected values, or GW_COLLECT_SUB */
  guint   sub;          /* with GW_COLLECT_SUB: its sub-histogram */
  int     atom;         /* the CPU engine's: the atom the bin hosts, or -1 */
  int     fill;         /* the CPU engine's: values collected so far (atomic) */
  int     n_lo;         /* the CPU engine's: with a sub-histogram, values below the atom */
} GwCollectTarget;

/* Where one order statistic lies in a column's histogram, as an engine
 * locates it: the bin holding it, the values below the bin and in it,
 * and whether its value must be collected (not when the counts alone give
 * it, nor when the engine certifies an interpolation). */
typedef struct
{
  guint    bin;
  gsize    below;
  guint    count;
  int      atom;          /* the CPU engine's: the atom the bin hosts, or -1 */
  gboolean collect;
} GwRankBin;

/* Fills @bins[2 * GW_N_QUANTILES] for column @col and @ranks
 * (gw_quantile_ranks()). */
typedef void (*GwLocateRanks) (gpointer     data,
                               guint        col,
                               const gsize *ranks,
                               GwRankBin   *bins);

void    gw_quantile_ranks      (guint            n,
                                gsize           *ranks);
GwCollectTarget *gw_collect_targets (guint          n_cols,
                                     guint          n_paths,
                                     GwLocateRanks  locate,
                                     gpointer       data,
                                     gint8         *bin_target,
                                     const gsize   *col_at,
                                     gsize          stride,
                                     guint         *col_target0,
                                     guint         *n_targets);
gsize   gw_collect_plan        (GwCollectTarget *targets,
                                guint            n_targets,
                                gsize            budget,
                                guint           *n_sub);
double   gw_column_probability (const double *values,
                                guint         n,
                                double        threshold,
                                gboolean      below);

G_END_DECLS
