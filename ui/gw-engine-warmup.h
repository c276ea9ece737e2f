/* gw-engine-warmup.h: the OpenCL engine made ready in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gigawatt-model.h"

G_BEGIN_DECLS

typedef enum
{
  GW_WARMUP_IDLE,       /* not started */
  GW_WARMUP_RUNNING,    /* building kernels, measuring */
  GW_WARMUP_DONE,       /* runs can ask for OpenCL without waiting */
} GwWarmupState;

#define GW_TYPE_ENGINE_WARMUP (gw_engine_warmup_get_type ())
G_DECLARE_FINAL_TYPE (GwEngineWarmup, gw_engine_warmup, GW, ENGINE_WARMUP, GObject)

GwEngineWarmup *gw_engine_warmup_get         (void);
void            gw_engine_warmup_start       (GwEngineWarmup   *self,
                                              const GwScenario *scenario,
                                              int               device,
                                              gboolean          measure);
GwWarmupState   gw_engine_warmup_get_state   (GwEngineWarmup   *self);
const char     *gw_engine_warmup_get_message (GwEngineWarmup   *self);

G_END_DECLS
