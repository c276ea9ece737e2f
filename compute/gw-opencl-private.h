/* gw-opencl-private.h: the OpenCL engine's insides, shared by its files
 *
 * gw-opencl-device.c  discovery, the context, the program and its build
 *                     cache, the choice of the auto engine
 * gw-opencl-queue.c   buffers, launches and reads on the device's queue,
 *                     and what they cost (GwClStats)
 * gw-opencl-sim.c     the simulation kernel's buffers and launch, the
 *                     per-path entry points
 * gw-opencl-stats.c   the host's statistics of a run: pass 1's summaries,
 *                     the bins pass 2 collects, exact quantiles
 * gw-opencl.c         the run: sizing, chunks, the passes, the per-path
 *                     entry points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#include <CL/cl.h>

#include "gw-opencl.h"

G_BEGIN_DECLS

/* The histogram of a column, as the kernels lay it out (gw-engine.cl):
 * below lo, == lo, N_BINS interior bins, == hi, above hi. */
#define N_BINS         2048
#define N_HIST         (N_BINS + 4)
#define BIN_LO         1
#define BIN_HI         (N_BINS + 2)
#define BIN_BELOW      0
#define BIN_ABOVE      (N_BINS + 3)
#define SUB_BINS       4096
#define NO_OFFSET      0xffffffffu

#define SET_ARG(k, i, v) (err |= clSetKernelArg ((k), (i), sizeof (v), &(v)))

typedef struct
{
  cl_program program;
  cl_kernel  simulate;
  cl_kernel  philox;
  cl_kernel  minmax;
  cl_kernel  pass1;
  cl_kernel  collect;
  size_t     sim_wg;
  size_t     red_wg;
  guint      sim_w;               /* paths per work-item of gw_simulate */
} GwClProgram;

typedef struct _GwClRecorder GwClRecorder;

/* One device in use at a time, kept for the process: its context, queue
 * and the programs built for it, by source, options and device. */
typedef struct
{
  GwClDevice      *dev;
  char            *id;          /* platform, device and driver */
  cl_context       context;
  cl_command_queue queue;
  gboolean         profiling;   /* the queue has CL_QUEUE_PROFILING_ENABLE */
  GHashTable      *programs;    /* key -> GwClProgram */
  GwClRecorder    *rec;         /* the run's, while one records (under gw_cl_lock) */
} GwClContext;

/* A run's own counts and times, kept while it runs and added to the
 * collector's at its end. */
struct _GwClRecorder
{
  GwClStats st;
  GwClPhase phase;
  gint64    t0;
  gboolean  profiling;
  GArray   *events;             /* Pending: commands whose device time is not yet added */
};

/* The simulation's buffers. Series values are per chunk (stride lanes per
 * column); scalars and inputs are per chunk too, or, when @whole, for
 * every path of the run (sstride and xstride lanes per row, path p in lane
 * p), so that nothing is read back before the run's end. */
typedef struct
{
  GwClContext *c;
  GwClProgram *p;
  cl_mem       pi, pr;
  cl_mem       vals, scal, xin;
  guint32      key0, key1;
  guint        stride, sstride, xstride;
  gboolean     whole;
} GwClSim;

/* The statistics of a run's columns on the host: the pilot ranges, the
 * histograms of pass 1, and the bins whose values pass 2 collects. */
typedef struct
{
  const GwPlan    *plan;
  GwResults       *res;
  guint            N;
  float           *lo, *hi;
  guint32         *hist;        /* [n_cols][N_HIST] */
  GwCollectTarget *targets;
  guint            n_targets;
  guint           *col_target0;
  float           *collected;
  guint32         *sub_hist;
} GwClColStats;

/* gw-opencl-device.c */
extern GMutex gw_cl_lock;       /* one run, warm-up or per-path call at a time */

gboolean      gw_cl_check             (cl_int              err,
                                       const char         *what,
                                       GError            **error);
GwClContext  *gw_cl_get_context       (int                 index,
                                       gboolean            profiling,
                                       GError            **error);
GwClProgram  *gw_cl_get_program       (GwClContext        *c,
                                       const GwPlan       *plan,
                                       GError            **error);

/* gw-opencl-queue.c */
GwClRecorder *gw_cl_rec_new           (void);
void          gw_cl_rec_phase         (GwClRecorder       *rec,
                                       GwClPhase           phase);
void          gw_cl_rec_settle        (GwClRecorder       *rec);
void          gw_cl_rec_free          (GwClRecorder       *rec);
cl_mem        gw_cl_make_buffer       (GwClContext        *c,
                                       cl_mem_flags        flags,
                                       size_t              size,
                                       const void         *host,
                                       GError            **error);
gboolean      gw_cl_fill_zero         (GwClContext        *c,
                                       cl_mem              m,
                                       size_t              size,
                                       GError            **error);
gboolean      gw_cl_launch            (GwClContext        *c,
                                       cl_kernel           k,
                                       size_t              global,
                                       size_t              local,
                                       GwClPhase           phase,
                                       cl_event           *done,
                                       const char         *what,
                                       GError            **error);
gboolean      gw_cl_enqueue_read      (GwClContext        *c,
                                       cl_mem              m,
                                       gboolean            blocking,
                                       size_t              offset,
                                       size_t              size,
                                       void               *host,
                                       cl_event           *done,
                                       GError            **error);
gboolean      gw_cl_read_buffer       (GwClContext        *c,
                                       cl_mem              m,
                                       size_t              offset,
                                       size_t              size,
                                       void               *host,
                                       GError            **error);
void          gw_cl_release_mem       (cl_mem             *m);

/* gw-opencl-sim.c */
gboolean      gw_cl_simulate          (GwClSim            *s,
                                       guint32             first,
                                       guint               n,
                                       int                 mode,
                                       int                 swing_slot,
                                       float               swing_u,
                                       guint               n_xin,
                                       GwClPhase           phase,
                                       GCancellable       *cancellable,
                                       GError            **error);
gboolean      gw_cl_sim_init          (GwClSim            *s,
                                       GwClContext        *c,
                                       GwClProgram        *p,
                                       const GwPlan       *plan,
                                       guint               stride,
                                       gboolean            whole,
                                       guint               n_paths,
                                       guint               n_xin,
                                       GError            **error);
void          gw_cl_sim_clear         (GwClSim            *s);

/* gw-opencl-stats.c */
void          gw_cl_col_stats_clear   (GwClColStats       *st);
void          gw_cl_summarise_pass1   (GwClColStats       *st,
                                       const float        *part,
                                       const float        *shift);
gsize         gw_cl_plan_targets      (GwClColStats       *st,
                                       gint8              *bin_target);
gsize         gw_cl_n_sub_targets     (const GwClColStats *st);
guint32      *gw_cl_target_info       (const GwClColStats *st);
gboolean      gw_cl_replay_matches    (const GwClColStats *st,
                                       const guint32      *fill,
                                       guint32             overflow);
void          gw_cl_quantiles         (GwClColStats       *st);

G_END_DECLS
