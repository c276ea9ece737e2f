/* gw-file-private.h: hooks for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-file.h"

G_BEGIN_DECLS

/* Saves through the named SQLite VFS instead of the default one, so that a
 * test can inject disk-full and I/O errors. NULL restores the default. */
void gw_file_set_save_vfs (const char *vfs_name);

G_END_DECLS
