/* gw-builtin.h: the scenarios shipped inside Gigawatt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"

G_BEGIN_DECLS

#define GW_BUILTIN_BASELINE "baseline-2026"

const char * const *gw_builtin_list (void);
GwScenario         *gw_builtin_load (const char  *id,
                                     GError     **error);

G_END_DECLS
