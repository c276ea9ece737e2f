/* gw-io.h: reading and replacing the files of data/ safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* A temporary file of a save is named .NAME.XXXXXX.gigawatt-tmp, beside the
 * file it replaces; one older than this and not locked is left over from a
 * save that was killed, and the next save of NAME removes it. */
#define GW_IO_TEMP_SUFFIX ".gigawatt-tmp"
#define GW_IO_STALE_SECONDS (10 * 60)

/**
 * GwIoWriteFunc:
 * @fd: the temporary file, open for reading and writing, empty
 * @temp_path: its path, for a writer that opens it by name (SQLite)
 *
 * Returns: whether the whole contents were written; if not, @error says why
 */
typedef gboolean (*GwIoWriteFunc) (int          fd,
                                   const char  *temp_path,
                                   gpointer     user_data,
                                   GError     **error);

int      gw_io_open_regular (const char  *path,
                             gsize        max_size,
                             const char  *display_name,
                             GStatBuf    *st,
                             GError     **error);
GBytes  *gw_io_read_fd      (int          fd,
                             gsize        max_size,
                             const char  *display_name,
                             GError     **error);
GBytes  *gw_io_read         (const char  *path,
                             gsize        max_size,
                             const char  *display_name,
                             GError     **error);
gboolean gw_io_save         (const char    *path,
                             GwIoWriteFunc  write_func,
                             gpointer       user_data,
                             GError       **error);
gboolean gw_io_save_contents (const char   *path,
                              const char   *contents,
                              gsize         length,
                              GError      **error);

G_END_DECLS
