/* gw-report.h: the PDF report of a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-results.h"

G_BEGIN_DECLS

GBytes   *gw_report_render (const GwScenario *scenario,
                            GwResults        *results,
                            const char       *provider,
                            const char       *date,
                            GError          **error);
gboolean  gw_report_write  (const GwScenario *scenario,
                            GwResults        *results,
                            const char       *provider,
                            const char       *path,
                            GError          **error);

G_END_DECLS
