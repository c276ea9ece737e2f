/* gw-app-options.c: the app's command-line choices that reach its pages
 *
 * `gigawatt --paths N` (the full runs' paths, over the preferences'),
 * `--filter "COND;COND"` (the Overview's first filter) and `--threshold
 * V@YYYYQN` (the price fan's threshold line): set once by the application
 * from its command line, before any window, and read by the pages in the
 * main thread. They were environment variables (GIGAWATT_PATHS...), which
 * the application set after GLib had started threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-app-options.h"
#include "gw-engine.h"

static guint options_paths;
static char *options_filter;
static char *options_threshold;

/**
 * gw_app_options_set_paths:
 * @paths: the paths of a full run, or 0 for the preferences'
 */
void
gw_app_options_set_paths (guint paths)
{
  options_paths = MIN (paths, GW_MAX_PATHS);
}

/* Returns: the paths that --paths asked for, or 0 */
guint
gw_app_options_get_paths (void)
{
  return options_paths;
}

/**
 * gw_app_options_set_filter:
 * @conditions: (nullable): filter conditions separated by semicolons
 */
void
gw_app_options_set_filter (const char *conditions)
{
  g_free (options_filter);
  options_filter = g_strdup (conditions);
}

const char *
gw_app_options_get_filter (void)
{
  return options_filter;
}

/**
 * gw_app_options_set_threshold:
 * @threshold: (nullable): "1.5@2030Q4": the price fan's threshold line
 *   and the quarter whose probability it shows
 */
void
gw_app_options_set_threshold (const char *threshold)
{
  g_free (options_threshold);
  options_threshold = g_strdup (threshold);
}

const char *
gw_app_options_get_threshold (void)
{
  return options_threshold;
}
