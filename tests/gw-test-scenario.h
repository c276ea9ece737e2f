/* gw-test-scenario.h: scenarios that several test suites build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gigawatt-model.h"

G_BEGIN_DECLS

GwEvent    *gw_test_add_event    (GwScenario  *s,
                                  const char  *name,
                                  GwEventKind  kind,
                                  int          start,
                                  int          end,
                                  GwDist       magnitude,
                                  GwDist       probability,
                                  const char  *target);
GwScenario *gw_test_baseline_v2  (void);

G_END_DECLS
