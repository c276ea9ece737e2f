/* gw-runner.h: the live runs of a document (GTK-free)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-document.h"
#include "gw-engine.h"
#include "gw-results.h"

G_BEGIN_DECLS

#define GW_TYPE_RUNNER (gw_runner_get_type ())
G_DECLARE_FINAL_TYPE (GwRunner, gw_runner, GW, RUNNER, GObject)

GwRunner   *gw_runner_new            (void);
GwDocument *gw_runner_get_document   (GwRunner   *self);
void        gw_runner_set_document   (GwRunner   *self,
                                      GwDocument *document);
const char *gw_runner_get_variant    (GwRunner   *self);
void        gw_runner_set_variant    (GwRunner   *self,
                                      const char *variant);
void        gw_runner_schedule       (GwRunner   *self,
                                      guint       delay_ms);
void        gw_runner_cancel         (GwRunner   *self);
GwResults  *gw_runner_get_results    (GwRunner   *self);
const char *gw_runner_get_error      (GwRunner   *self);
gboolean    gw_runner_get_running    (GwRunner   *self);
gboolean    gw_runner_get_pending    (GwRunner   *self);
double      gw_runner_get_progress   (GwRunner   *self);
double      gw_runner_get_seconds_left (GwRunner *self);
guint       gw_runner_get_pass_paths (GwRunner   *self);
void        gw_runner_live_options   (GwRunOptions *options);
double      gw_estimate_seconds_left (double      fraction,
                                      double      elapsed);
guint       gw_runner_get_full_paths (GwRunner   *self);

G_END_DECLS
