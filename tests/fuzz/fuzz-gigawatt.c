/* fuzz-gigawatt.c: libFuzzer target for the .gigawatt (SQLite) loader
 *
 * Feeds each input to gw_file_load_bytes_full(), the loader behind
 * gw_file_load_full() and the app's document (the file's bytes, not a
 * path: SQLite opens them in memory), and checks the loader's contract
 * (fuzz-contract.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "fuzz-contract.h"
#include "gw-file.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  gw_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) scenario = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  scenario = gw_file_load_bytes_full (bytes, GW_FUZZ_NAME, &info, &error);
  if (scenario != NULL && (info.schema_major < GW_FILE_SCHEMA_MAJOR_MIN ||
                           info.schema_major > GW_FILE_SCHEMA_MAJOR))
    gw_fuzz_broken ("a loaded file reports a schema this version does not read", NULL);
  gw_fuzz_check_contract (scenario, error);
  return 0;
}
