/* gw-debug.c: switches for tests, measurements and debugging, read once
 *
 * One place for what used to be eleven environment variables read where
 * they were used: gw_debug() parses GIGAWATT_DEBUG (and the old variables)
 * the first time it is called and keeps the result for the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-debug.h"

static const struct
{
  const char   *name;
  GwDebugFlags  flags;
} flag_names[] = {
  { "cpu-timing", GW_DEBUG_CPU_TIMING },
  { "cpu-blocks", GW_DEBUG_CPU_BLOCKS },
  { "opencl-timing", GW_DEBUG_OPENCL_TIMING },
  { "timing", GW_DEBUG_CPU_TIMING | GW_DEBUG_OPENCL_TIMING },
  { "all", GW_DEBUG_CPU_TIMING | GW_DEBUG_CPU_BLOCKS | GW_DEBUG_OPENCL_TIMING },
};

/* Old variables: a flag when set at all, or a setting's value. */
static const struct
{
  const char   *variable;
  const char   *setting;        /* NULL for a flag */
  GwDebugFlags  flags;
} old_names[] = {
  { "GW_CPU_TIMING", NULL, GW_DEBUG_CPU_TIMING },
  { "GW_CPU_BLOCKS", NULL, GW_DEBUG_CPU_BLOCKS },
  { "GW_OPENCL_TIMING", NULL, GW_DEBUG_OPENCL_TIMING },
  { "GW_CPU_SIM", "cpu-sim", 0 },
  { "GW_CPU_REDUCE", "cpu-reduce", 0 },
  { "GW_OPENCL_PLATFORM", "opencl-platform", 0 },
  { "GW_OPENCL_BUILD_OPTIONS", "opencl-build-options", 0 },
  { "GW_OPENCL_FAULT", "opencl-fault", 0 },
  { "GW_OPENCL_SIM_W", "opencl-sim-w", 0 },
  { "GW_OPENCL_SIM_WG", "opencl-sim-wg", 0 },
  { "GW_OPENCL_CHUNK", "opencl-chunk", 0 },
  { "GW_OPENCL_DEVICE_MEM", "opencl-device-mem", 0 },
};

static GMutex lock;
static GwDebug *current;
static GPtrArray *parsed;       /* every GwDebug handed out, kept for the process */
/* Strings of every parse are kept for the process: a pointer gw_debug()
 * handed out stays valid after gw_debug_reload(). */
static GStringChunk *strings;

static void
set (GwDebug    *d,
     const char *key,
     const char *value)
{
  const char *v = g_string_chunk_insert_const (strings, value);

  if (g_str_equal (key, "cpu-sim"))
    d->cpu_sim = v;
  else if (g_str_equal (key, "cpu-reduce"))
    d->cpu_reduce = v;
  else if (g_str_equal (key, "opencl-platform"))
    d->opencl_platform = v;
  else if (g_str_equal (key, "opencl-build-options"))
    d->opencl_build_options = v;
  else if (g_str_equal (key, "opencl-fault"))
    d->opencl_fault = v;
  else if (g_str_equal (key, "opencl-sim-w"))
    d->opencl_sim_w = (guint) MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT);
  else if (g_str_equal (key, "opencl-sim-wg"))
    d->opencl_sim_wg = (guint) MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT);
  else if (g_str_equal (key, "opencl-chunk"))
    d->opencl_chunk = g_ascii_strtoull (value, NULL, 10);
  else if (g_str_equal (key, "opencl-device-mem"))
    d->opencl_device_mem = g_ascii_strtoull (value, NULL, 10);
  else
    g_printerr ("GIGAWATT_DEBUG: unknown setting “%s”\n", key);
}

static void
parse_into (GwDebug    *d,
            const char *text)
{
  g_auto(GStrv) items = g_strsplit_set (text, ", ", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *eq = strchr (items[i], '=');
      gboolean known = FALSE;

      if (items[i][0] == '\0')
        continue;
      if (eq != NULL)
        {
          *eq = '\0';
          set (d, items[i], eq + 1);
          continue;
        }
      for (guint f = 0; f < G_N_ELEMENTS (flag_names); f++)
        if (g_str_equal (items[i], flag_names[f].name))
          {
            d->flags |= flag_names[f].flags;
            known = TRUE;
          }
      if (!known)
        g_printerr ("GIGAWATT_DEBUG: unknown flag “%s”\n", items[i]);
    }
}

/**
 * gw_debug_parse:
 * @text: (nullable): a GIGAWATT_DEBUG value
 *
 * Parses @text after the old variables and makes it the process's
 * switches (for tests).
 *
 * Returns: (transfer none): the switches
 */
const GwDebug *
gw_debug_parse (const char *text)
{
  GwDebug *d = g_new0 (GwDebug, 1);

  g_mutex_lock (&lock);
  if (strings == NULL)
    {
      strings = g_string_chunk_new (256);
      parsed = g_ptr_array_new ();
    }
  g_ptr_array_add (parsed, d);
  for (guint i = 0; i < G_N_ELEMENTS (old_names); i++)
    {
      const char *value = g_getenv (old_names[i].variable);

      if (value == NULL)
        continue;
      if (old_names[i].setting == NULL)
        d->flags |= old_names[i].flags;
      else
        set (d, old_names[i].setting, value);
    }
  if (text != NULL)
    parse_into (d, text);
  /* the old struct stays in parsed: callers may still hold it */
  current = d;
  g_mutex_unlock (&lock);
  return d;
}

/**
 * gw_debug_reload:
 *
 * Reads the environment again (tests that change it).
 */
void
gw_debug_reload (void)
{
  gw_debug_parse (g_getenv ("GIGAWATT_DEBUG"));
}

/**
 * gw_debug:
 *
 * Returns: (transfer none): the process's switches, parsed on first use
 */
const GwDebug *
gw_debug (void)
{
  const GwDebug *d;

  g_mutex_lock (&lock);
  d = current;
  g_mutex_unlock (&lock);
  return d != NULL ? d : gw_debug_parse (g_getenv ("GIGAWATT_DEBUG"));
}
