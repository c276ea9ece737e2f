/* gw-run-status.h: the header's run status, with its details in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-runner.h"

G_BEGIN_DECLS

#define GW_TYPE_RUN_STATUS (gw_run_status_get_type ())
G_DECLARE_FINAL_TYPE (GwRunStatus, gw_run_status, GW, RUN_STATUS, AdwBin)

GwRunner *gw_run_status_get_runner (GwRunStatus *self);
void      gw_run_status_set_runner (GwRunStatus *self,
                                    GwRunner    *runner);
GtkDropDown *gw_run_status_get_paths_dropdown (GwRunStatus *self);

G_END_DECLS
