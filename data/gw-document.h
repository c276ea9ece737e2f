/* gw-document.h: an open scenario with its file, dirty state and undo stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gigawatt-model.h"
#include "gw-schema.h"
#include "gw-field-text.h"

G_BEGIN_DECLS

#define GW_TYPE_DOCUMENT (gw_document_get_type ())
G_DECLARE_FINAL_TYPE (GwDocument, gw_document, GW, DOCUMENT, GObject)

GwDocument       *gw_document_new            (GwScenario     *scenario);
GwDocument       *gw_document_new_full       (GwScenario     *scenario,
                                              GwView         *view);
const GwScenario *gw_document_get_scenario   (GwDocument     *self);
GFile            *gw_document_get_file       (GwDocument     *self);
void              gw_document_set_file       (GwDocument     *self,
                                              GFile          *file);
gboolean          gw_document_get_dirty      (GwDocument     *self);
void              gw_document_mark_saved     (GwDocument     *self);
void              gw_document_mark_unsaved   (GwDocument     *self);
char             *gw_document_dup_title      (GwDocument     *self);
guint             gw_document_get_serial     (GwDocument     *self);

const GwView     *gw_document_get_view       (GwDocument     *self);
guint             gw_document_get_view_serial (GwDocument    *self);
const char       *gw_document_get_focus_provider (GwDocument *self);
void              gw_document_set_focus_provider (GwDocument *self,
                                                  const char *provider);
gboolean          gw_document_get_chart_choice (GwDocument   *self,
                                                const char   *slot,
                                                const char  **output,
                                                const char  **provider,
                                                gboolean     *log_scale);
void              gw_document_set_chart_choice (GwDocument   *self,
                                                const char   *slot,
                                                const char   *output,
                                                const char   *provider,
                                                gboolean      log_scale);

gboolean          gw_document_can_undo       (GwDocument     *self);
gboolean          gw_document_can_redo       (GwDocument     *self);
void              gw_document_undo           (GwDocument     *self);
void              gw_document_redo           (GwDocument     *self);


gboolean          gw_document_set_field      (GwDocument     *self,
                                              GwTable         table,
                                              guint           row,
                                              guint           field,
                                              const GwFieldValue *value,
                                              GError        **error);
gboolean          gw_document_set_field_text (GwDocument     *self,
                                              GwTable         table,
                                              guint           row,
                                              guint           field,
                                              const char     *text,
                                              GError        **error);
char             *gw_document_copy_rows      (GwDocument     *self,
                                              GwTable         table,
                                              guint           first,
                                              guint           n);
int               gw_document_paste_rows     (GwDocument     *self,
                                              GwTable         table,
                                              guint           at,
                                              const char     *text,
                                              GError        **error);
int               gw_document_add_row        (GwDocument     *self,
                                              GwTable         table,
                                              int             copy_of);
void              gw_document_remove_row     (GwDocument     *self,
                                              GwTable         table,
                                              guint           row);
gboolean          gw_document_move_row       (GwDocument     *self,
                                              GwTable         table,
                                              guint           row,
                                              int             delta);

void              gw_document_load_async     (GFile          *file,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
GwScenario       *gw_document_load_finish    (GAsyncResult   *result,
                                              GwLoadInfo     *load_info,
                                              GError        **error);
/**
 * GwSaveFlags:
 * @GW_SAVE_AS_JSON: write a JSON export; the document keeps its file
 * @GW_SAVE_OVERWRITE_CHANGES: save over the document's file even if
 *   another program changed it since it was read or last saved
 */
typedef enum
{
  GW_SAVE_NONE = 0,
  GW_SAVE_AS_JSON = 1 << 0,
  GW_SAVE_OVERWRITE_CHANGES = 1 << 1,
} GwSaveFlags;

gboolean          gw_document_changed_on_disk (GwDocument    *self);
void              gw_document_save_async     (GwDocument     *self,
                                              GFile          *file,
                                              GwSaveFlags     flags,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
gboolean          gw_document_save_finish    (GwDocument     *self,
                                              GAsyncResult   *result,
                                              GError        **error);

G_END_DECLS
