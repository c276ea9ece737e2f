/* gw-cli.h: shared by gigawatt-cli's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gigawatt-model.h"
#include "gw-engine.h"
#include "gw-view.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

GwScenario *gw_cli_load        (const char *path,
                                GError    **error);
GwScenario *gw_cli_load_full   (const char *path,
                                GwView    **view,
                                GError    **error);
int         gw_cli_fail        (GError     *error);
int         gw_cli_usage_error (const char *command,
                                const char *message);
gboolean    gw_cli_parse_uint  (const char *text,
                                guint64     max,
                                guint64    *out);
gboolean    gw_cli_parse_engine (const char   *text,
                                 GwEngineKind *out);

int         gw_cli_run         (int         argc,
                                char      **argv);
int         gw_cli_bench       (int         argc,
                                char      **argv);
int         gw_cli_goal        (int         argc,
                                char      **argv);
int         gw_cli_sweep       (int         argc,
                                char      **argv);
int         gw_cli_converge    (int         argc,
                                char      **argv);
int         gw_cli_stat        (int         argc,
                                char      **argv);
int         gw_cli_drivers     (int         argc,
                                char      **argv);
