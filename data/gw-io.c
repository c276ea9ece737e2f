/* gw-io.c: reading and replacing the files of data/ safely
 *
 * Reading: a scenario is read only from a regular file, and only up to a
 * limit. The path is looked at before it is opened, so that a FIFO or a
 * device is not even opened; it is opened with O_NONBLOCK, so that a path
 * swapped for a FIFO in between does not wait for a writer, and looked at
 * again through the descriptor; and it is read with a bound, so that a file
 * that grows (or lies about its size) cannot exhaust memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-io.h"

#define MIB (1024 * 1024)

/* What a path is when it is not a regular file. */
static const char *
describe_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a named pipe (FIFO)");
  if (S_ISCHR (mode))
    return _("a character device");
  if (S_ISBLK (mode))
    return _("a block device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("a special file");
}

static gboolean
check_input (const GStatBuf *st,
             gsize           max_size,
             const char     *display_name,
             GError        **error)
{
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_IO,
                   /* TRANSLATORS: the file, then what it is instead ("a folder",
                    * "a named pipe (FIFO)", "a character device"...) */
                   _("“%s” is %s, not a regular file; Gigawatt reads scenarios only from "
                     "regular files"), display_name, describe_kind (st->st_mode));
      return FALSE;
    }
  if ((guint64) st->st_size > max_size)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT, _("“%s” is larger than %d MB"), display_name,
                   (int) (max_size / MIB));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_failed (const char  *display_name,
             int          saved_errno,
             GError     **error)
{
  g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Cannot read “%s”: %s"), display_name,
               g_strerror (saved_errno));
  return FALSE;
}

/**
 * gw_io_open_regular:
 * @st: (out): the file's status, through the descriptor
 *
 * Opens @path for reading if it is a regular file of at most @max_size
 * bytes (symbolic links are followed).
 *
 * Returns: the descriptor, or -1 with @error set
 */
int
gw_io_open_regular (const char  *path,
                    gsize        max_size,
                    const char  *display_name,
                    GStatBuf    *st,
                    GError     **error)
{
  int fd;

  if (g_stat (path, st) != 0)
    {
      read_failed (display_name, errno, error);
      return -1;
    }
  if (!check_input (st, max_size, display_name, error))
    return -1;
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      read_failed (display_name, errno, error);
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      read_failed (display_name, errno, error);
      close (fd);
      return -1;
    }
  if (!check_input (st, max_size, display_name, error))
    {
      close (fd);
      return -1;
    }
  return fd;
}

/**
 * gw_io_read_fd:
 *
 * Reads the whole of @fd from offset 0, refusing more than @max_size bytes
 * whatever the file said its size was.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
gw_io_read_fd (int          fd,
               gsize        max_size,
               const char  *display_name,
               GError     **error)
{
  GStatBuf st;
  gsize capacity = 64 * 1024, length = 0;
  g_autofree guint8 *data = NULL;

  if (fstat (fd, &st) == 0 && st.st_size > 0)
    capacity = MIN ((guint64) st.st_size + 1, (guint64) max_size + 1);
  data = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (length == capacity)
        {
          if (capacity > max_size)
            break;
          capacity = MIN (capacity * 2, max_size + 1);
          data = g_realloc (data, capacity);
        }
      n = pread (fd, data + length, capacity - length, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          read_failed (display_name, errno, error);
          return NULL;
        }
      if (n == 0)
        break;
      length += n;
    }
  if (length > max_size)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT, _("“%s” is larger than %d MB"), display_name,
                   (int) (max_size / MIB));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/**
 * gw_io_read:
 *
 * Reads a regular file of at most @max_size bytes.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
gw_io_read (const char  *path,
            gsize        max_size,
            const char  *display_name,
            GError     **error)
{
  GStatBuf st;
  GBytes *bytes;
  int fd = gw_io_open_regular (path, max_size, display_name, &st, error);

  if (fd < 0)
    return NULL;
  bytes = gw_io_read_fd (fd, max_size, display_name, error);
  close (fd);
  return bytes;
}
