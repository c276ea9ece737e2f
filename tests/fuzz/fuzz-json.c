/* fuzz-json.c: libFuzzer target for the JSON loader
 *
 * Feeds each input to gw_json_from_data_full() with its exact length (the
 * buffer is not NUL-terminated, as the API allows) and checks the loader's
 * contract (fuzz-contract.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "fuzz-contract.h"
#include "gw-json.h"

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
  g_autoptr(GError) error = NULL;
  g_autoptr(GwScenario) scenario = NULL;
  g_auto(GwLoadInfo) info = { 0 };

  /* past the size limit the loader refuses before parsing: nothing to find */
  if (size > G_MAXSSIZE)
    return -1;
  scenario = gw_json_from_data_full ((const char *) data, (gssize) size, GW_FUZZ_NAME, &info,
                                     &error);
  if (scenario != NULL && (info.schema_major < GW_FILE_SCHEMA_MAJOR_MIN ||
                           info.schema_major > GW_FILE_SCHEMA_MAJOR))
    gw_fuzz_broken ("a loaded document reports a schema this version does not read", NULL);
  gw_fuzz_check_contract (scenario, error);
  return 0;
}
