/* gigawatt-model.h: the model library, GLib only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-dist.h"
#include "gw-error.h"
#include "gw-field-text.h"
#include "gw-quarter.h"
#include "gw-scenario.h"
#include "gw-slots.h"
#include "gw-table.h"
#include "gw-units.h"
