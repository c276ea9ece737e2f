/* gw-variant-chooser.h: which variant of the scenario the window runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gigawatt-model.h"

G_BEGIN_DECLS

#define GW_TYPE_VARIANT_CHOOSER (gw_variant_chooser_get_type ())
G_DECLARE_FINAL_TYPE (GwVariantChooser, gw_variant_chooser, GW, VARIANT_CHOOSER, AdwBin)

const char *gw_variant_chooser_get_variant  (GwVariantChooser *self);
void        gw_variant_chooser_set_scenario (GwVariantChooser *self,
                                             const GwScenario *scenario);

G_END_DECLS
