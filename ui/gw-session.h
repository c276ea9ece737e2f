/* gw-session.h: autosave and recovery of unsaved work (GTK-free)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-document.h"

G_BEGIN_DECLS

#define GW_TYPE_SESSION (gw_session_get_type ())
G_DECLARE_FINAL_TYPE (GwSession, gw_session, GW, SESSION, GObject)

GwSession  *gw_session_new                (const char          *directory);
GwSession  *gw_session_get_default        (void);
const char *gw_session_get_directory      (GwSession           *self);

/* a window's document */
void        gw_session_add                (GwSession           *self,
                                           GwDocument          *document);
void        gw_session_remove             (GwSession           *self,
                                           GwDocument          *document);
void        gw_session_discard            (GwSession           *self,
                                           GwDocument          *document);
void        gw_session_autosave           (GwSession           *self);
const char *gw_session_get_recovery_path  (GwSession           *self,
                                           GwDocument          *document);

/* what earlier processes left */
GPtrArray  *gw_session_list_recoveries    (GwSession           *self);
void        gw_session_restore_async      (GwSession           *self,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GwDocument *gw_session_restore_finish     (GwSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void        gw_session_discard_recovery   (GwSession           *self,
                                           const char          *path);

G_END_DECLS
