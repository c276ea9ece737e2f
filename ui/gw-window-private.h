/* gw-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-compare-page.h"
#include "gw-overview-page.h"
#include "gw-run-status.h"
#include "gw-runner.h"
#include "gw-variant-chooser.h"
#include "gw-window.h"

G_BEGIN_DECLS

struct _GwWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay  *toast_overlay;
  AdwLeaflet       *leaflet;
  GtkWidget        *sidebar_box;
  GtkListBox       *sidebar;
  GtkWidget        *content_box;
  AdwWindowTitle   *window_title;
  GtkWidget        *back_button;
  GwVariantChooser *variant_chooser;
  GwRunStatus      *run_status;
  GtkProgressBar   *progress_bar;
  GtkStack         *stack;
  GMenu            *recent_menu;

  GSettings        *settings;
  GwDocument       *document;
  gulong            doc_handlers[3];
  GwOverviewPage   *overview;
  GPtrArray        *pages;           /* the GwSectionPages */
  GwComparePage    *compare;         /* "compare", after the sections */

  /* runs */
  GwRunner         *runner;
  guint             progress_id;
  guint             fill_id;        /* section pages filled while idle */

  /* documents */
  char             *message;
  gboolean          close_confirmed;
  gboolean          close_after_save;
};

/* gw-window.c */
void _gw_window_set_message        (GwWindow       *self,
                                    const char     *message);
void _gw_window_show_toast         (GwWindow       *self,
                                    const char     *text);

/* gw-window-actions.c */
void _gw_window_class_actions_init (GtkWidgetClass *widget_class);
void _gw_window_actions_init       (GwWindow       *self);
void _gw_window_ask_close          (GwWindow       *self);

/* gw-window-report.c */
void     _gw_window_export_report        (GwWindow            *self);
void     _gw_window_export_report_async  (GwWindow            *self,
                                          GFile               *file,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean _gw_window_export_report_finish (GwWindow            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
