/* fuzz-contract.h: what every loader promises, checked after each fuzz input
 *
 * A loader returns a scenario or sets a GError, never both and never
 * neither; the error is in the GwError domain with a non-empty UTF-8
 * message that names the file. A scenario that loaded is one the user can
 * save: its JSON reads back to an equal scenario and to the same text.
 * Anything else aborts, which libFuzzer reports as a crash with the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "gigawatt-model.h"
#include "gw-json.h"

#define GW_FUZZ_NAME "fuzz-input"

G_GNUC_NORETURN static inline void
gw_fuzz_broken (const char *what,
                const char *detail)
{
  fprintf (stderr, "gigawatt fuzz: loader contract broken: %s%s%s\n", what,
           detail != NULL ? ": " : "", detail != NULL ? detail : "");
  abort ();
}

/* Criticals and warnings inside the loaders (and json-glib, SQLite) are
 * bugs too: a g_return_if_fail() reached by some input. GLib stops a fatal
 * message with SIGTRAP, which libFuzzer does not catch, so abort() here,
 * whatever G_DEBUG says, to have the input saved. */
static GLogWriterOutput
gw_fuzz_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    gw_fuzz_broken ("a warning or critical was logged", NULL);
  return out;
}

static inline void
gw_fuzz_init (void)
{
  g_log_set_writer_func (gw_fuzz_log_writer, NULL, NULL);
}

static inline void
gw_fuzz_check_round_trip (const GwScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  gsize length = 0, length2 = 0;

  text = gw_json_to_data (scenario, &length);
  if (text == NULL)
    gw_fuzz_broken ("a loaded scenario does not export to JSON", NULL);
  back = gw_json_from_data (text, length, GW_FUZZ_NAME, &error);
  if (back == NULL)
    gw_fuzz_broken ("a loaded scenario's JSON does not load again",
                    error != NULL ? error->message : "(no error)");
  if (!gw_scenario_equal (scenario, back))
    gw_fuzz_broken ("a loaded scenario's JSON loads as a different scenario", NULL);
  text2 = gw_json_to_data (back, &length2);
  if (length != length2 || memcmp (text, text2, length) != 0)
    gw_fuzz_broken ("a loaded scenario's JSON is not stable across a round trip", NULL);
}

static inline void
gw_fuzz_check_contract (const GwScenario *scenario,
                        const GError     *error)
{
  if (scenario != NULL && error != NULL)
    gw_fuzz_broken ("returned a scenario and set an error", error->message);
  if (scenario == NULL && error == NULL)
    gw_fuzz_broken ("returned no scenario and set no error", NULL);
  if (error != NULL)
    {
      if (error->domain != GW_ERROR)
        gw_fuzz_broken ("the error is not in the GwError domain", g_quark_to_string (error->domain));
      if (error->message == NULL || error->message[0] == '\0')
        gw_fuzz_broken ("the error message is empty", NULL);
      if (!g_utf8_validate (error->message, -1, NULL))
        gw_fuzz_broken ("the error message is not UTF-8", NULL);
      return;
    }
  gw_fuzz_check_round_trip (scenario);
}
