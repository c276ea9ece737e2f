/* gw-window.h: the main window: sections, editors, live results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-document.h"
#include "gw-results.h"

G_BEGIN_DECLS

#define GW_TYPE_WINDOW (gw_window_get_type ())
G_DECLARE_FINAL_TYPE (GwWindow, gw_window, GW, WINDOW, AdwApplicationWindow)

GwWindow   *gw_window_new               (GtkApplication *application,
                                         GwDocument     *document);
GwDocument *gw_window_get_document      (GwWindow       *self);
void        gw_window_set_document      (GwWindow       *self,
                                         GwDocument     *document);
gboolean    gw_window_is_pristine       (GwWindow       *self);
void        gw_window_open_file         (GwWindow       *self,
                                         GFile          *file);
void        gw_window_save              (GwWindow       *self);
void        gw_window_show_section      (GwWindow       *self,
                                         const char     *section);
GwResults  *gw_window_get_results       (GwWindow       *self);
gboolean    gw_window_get_running       (GwWindow       *self);
const char *gw_window_get_message       (GwWindow       *self);
void        gw_window_show_error        (GwWindow       *self,
                                         const char     *message);
guint       gw_window_get_full_paths    (GwWindow       *self);

G_END_DECLS
