/* gw-view.h: how a document is looked at, saved with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-scenario.h"

G_BEGIN_DECLS

/* The keys of the view's entries (the rows of a .gigawatt file's
 * view_state table, the members of a JSON document's "view" object). */
#define GW_VIEW_KEY_FOCUS_PROVIDER "focus_provider"
#define GW_VIEW_KEY_CHART_PREFIX   "chart:"

/* Limits on what a file may hold; an entry past them is not read. */
#define GW_VIEW_MAX_ENTRIES   256
#define GW_VIEW_MAX_KEY       64
#define GW_VIEW_MAX_VALUE     4096

/**
 * GwView:
 *
 * The view state of a document: the Overview's focus provider and, for
 * each chart slot (a name such as "min-dscr"), the output, provider and
 * log scale chosen on its cards. Not part of the scenario: it changes no
 * result and is no undo step, but it is saved with the document so that a
 * file shows the same charts wherever it is opened. What is not set is the
 * default: the slot's own output, the focus provider, a linear scale.
 */
typedef struct _GwView GwView;

GwView      *gw_view_new                (void);
GwView      *gw_view_copy               (const GwView     *view);
void         gw_view_free               (GwView           *view);
gboolean     gw_view_equal              (const GwView     *a,
                                         const GwView     *b);
gboolean     gw_view_is_empty           (const GwView     *view);

const char  *gw_view_get_focus_provider (const GwView     *view);
gboolean     gw_view_set_focus_provider (GwView           *view,
                                         const char       *provider);
const char  *gw_view_resolve_focus      (const GwView     *view,
                                         const GwScenario *scenario);
gboolean     gw_view_get_chart          (const GwView     *view,
                                         const char       *slot,
                                         const char      **output,
                                         const char      **provider,
                                         gboolean         *log_scale);
gboolean     gw_view_set_chart          (GwView           *view,
                                         const char       *slot,
                                         const char       *output,
                                         const char       *provider,
                                         gboolean          log_scale);
gboolean     gw_view_slot_name_valid    (const char       *slot);

GStrv        gw_view_dup_keys           (const GwView     *view);
char        *gw_view_dup_value          (const GwView     *view,
                                         const char       *key);
gboolean     gw_view_read_value         (GwView           *view,
                                         const char       *key,
                                         const char       *value,
                                         gsize             length,
                                         GError          **error);
void         gw_view_check_providers    (GwView           *view,
                                         const GwScenario *scenario,
                                         const char       *where,
                                         GPtrArray        *warnings);
GwView      *gw_view_copy_for           (const GwView     *view,
                                         const GwScenario *scenario);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwView, gw_view_free)

G_END_DECLS
