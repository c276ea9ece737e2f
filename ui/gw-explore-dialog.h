/* gw-explore-dialog.h: goal seek, sweeps and convergence in the app (issue 17)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-document.h"

G_BEGIN_DECLS

typedef enum
{
  GW_EXPLORE_GOAL,
  GW_EXPLORE_SWEEP,
  GW_EXPLORE_CONVERGE,
} GwExploreMode;

typedef enum
{
  GW_SWEEP_ONE,
  GW_SWEEP_GRID,
  GW_SWEEP_SPIDER,
} GwSweepKind;

#define GW_TYPE_EXPLORE_DIALOG (gw_explore_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwExploreDialog, gw_explore_dialog, GW, EXPLORE_DIALOG, AdwWindow)

GwExploreDialog *gw_explore_dialog_new      (GtkWindow       *parent,
                                             GwExploreMode    mode,
                                             GwDocument      *document,
                                             const char      *variant);
gboolean         gw_explore_dialog_prefill  (GwExploreDialog *self,
                                             GVariant        *settings,
                                             GError         **error);
void             gw_explore_dialog_start    (GwExploreDialog *self);
void             gw_explore_dialog_cancel   (GwExploreDialog *self);
gboolean         gw_explore_dialog_get_running (GwExploreDialog *self);
const char      *gw_explore_dialog_get_message (GwExploreDialog *self);
gboolean         gw_explore_dialog_get_found   (GwExploreDialog *self,
                                                double          *x,
                                                double          *y);
guint            gw_explore_dialog_get_n_points (GwExploreDialog *self);
gboolean         gw_explore_dialog_get_converged (GwExploreDialog *self,
                                                  guint           *paths,
                                                  double          *value,
                                                  double          *se);
char            *gw_explore_dialog_dup_csv      (GwExploreDialog *self);

G_END_DECLS
