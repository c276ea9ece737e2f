/* gw-io.c: reading and replacing the files of data/ safely
 *
 * Reading: a scenario is read only from a regular file, and only up to a
 * limit. The path is looked at before it is opened, so that a FIFO or a
 * device is not even opened; it is opened with O_NONBLOCK, so that a path
 * swapped for a FIFO in between does not wait for a writer, and looked at
 * again through the descriptor; and it is read with a bound, so that a file
 * that grows (or lies about its size) cannot exhaust memory.
 *
 * Saving (gw_io_save()) replaces a file so that it holds either its old
 * contents or the complete new ones, and treats what is at the path as the
 * user's: a symbolic link is followed and stays a link, the mode and (where
 * allowed) the owner are kept, hard links stay linked, a read-only file and
 * anything that is not a regular file are refused. The steps:
 *
 *  1. Follow symbolic links to the file they name (at most 40).
 *  2. Refuse a target that is not a regular file (a folder, FIFO, device,
 *     socket), or that is read-only: no write permission for this user, or,
 *     for root, which access() lets write anything, no write bit at all.
 *  3. Remove stale temporary files of the same target (below).
 *  4. Create .NAME.XXXXXX.gigawatt-tmp beside the target (same folder, so
 *     same file system), mode 0600 while it is written if the target exists
 *     (0666 less the umask, as any new file, if not), and flock() it, so
 *     that another save's cleanup knows it is in use.
 *  5. Write it (the caller's function; a .gigawatt file is read back and
 *     compared) and fsync() it.
 *  6. Give it the target's owner (where allowed) and permission bits.
 *  7. If the target has one name, rename() the temporary file over it and
 *     fsync() the folder. If it has several (hard links), a rename would
 *     split them, so the complete, synced temporary file is copied over the
 *     target's contents, which are truncated to the new length and synced;
 *     then the temporary file is removed. This copy is not atomic: if it
 *     fails half-way the target is damaged, and the message names the
 *     temporary file, which holds the whole new version.
 *  8. On any failure before that, the temporary file (and an SQLite journal
 *     beside it) is removed.
 *
 * A save that is killed leaves its temporary file behind. The next save of
 * the same target removes each .NAME.XXXXXX.gigawatt-tmp (and its -journal)
 * that is a regular file of this user, has not been modified for
 * GW_IO_STALE_SECONDS (ten minutes) and that no process holds a flock() on;
 * the age covers a save that has created its file but not yet locked it, and
 * file systems without flock().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
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

/* Saving ---------------------------------------------------------------- */

G_GNUC_PRINTF (3, 4)
static gboolean
save_failed (GError     **error,
             const char  *display_name,
             const char  *format,
             ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GW_ERROR, GW_ERROR_IO, _("Cannot save “%s”: %s"), display_name, why);
  return FALSE;
}

/* @path with every symbolic link on the way to the file followed; the last
 * one may name a file that does not exist yet. */
static char *
follow_links (const char  *path,
              const char  *display_name,
              GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops <= 40; hops++)
    {
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;
      GStatBuf st;
      char buf[4096];
      gssize n;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      n = readlink (current, buf, sizeof buf - 1);
      if (n < 0)
        {
          save_failed (error, display_name, "%s", g_strerror (errno));
          return NULL;
        }
      link = g_strndup (buf, n);
      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, link, NULL);
    }
  save_failed (error, display_name, _("it leads through too many symbolic links (%s)"),
               g_strerror (ELOOP));
  return NULL;
}

static gboolean
sync_folder (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int rc;

  if (fd < 0)
    return FALSE;
  rc = fsync (fd);
  close (fd);
  return rc == 0;
}

/* The temporary files of a target: .BASE.XXXXXX.gigawatt-tmp and, for an
 * SQLite write, its -journal. */
static gboolean
is_temp_of (const char  *name,
            const char  *base,
            gboolean    *journal)
{
  static const char journal_suffix[] = GW_IO_TEMP_SUFFIX "-journal";
  gsize base_length = strlen (base);
  const char *rest;

  if (name[0] != '.' || strncmp (name + 1, base, base_length) != 0 ||
      name[1 + base_length] != '.')
    return FALSE;
  rest = name + 1 + base_length + 1;
  if (strlen (rest) < 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isalnum (rest[i]))
      return FALSE;
  *journal = g_str_equal (rest + 6, journal_suffix);
  return *journal || g_str_equal (rest + 6, GW_IO_TEMP_SUFFIX);
}

static gboolean
is_stale (const char *path,
          gint64      now)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid () &&
         now - (gint64) st.st_mtime >= GW_IO_STALE_SECONDS;
}

/* See the rule at the top of the file. Nothing here is an error: a file
 * that cannot be removed is left for the next save. */
static void
remove_stale_temps (const char *dir,
                    const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  gboolean journal;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (is_temp_of (name, base, &journal))
      g_ptr_array_add (names, g_strdup (name));

  /* the temporary files first, each with its journal; then journals whose
   * temporary file is gone */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < names->len; i++)
      {
        g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
        g_autofree char *journal_path = NULL;
        int fd;

        is_temp_of (names->pdata[i], base, &journal);
        if (journal != (pass == 1) || !is_stale (path, now))
          continue;
        if (journal)
          {
            g_autofree char *temp = g_strndup (path, strlen (path) - strlen ("-journal"));

            if (!g_file_test (temp, G_FILE_TEST_EXISTS))
              g_unlink (path);
            continue;
          }
        fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
        if (fd < 0)
          continue;
        if (flock (fd, LOCK_EX | LOCK_NB) == 0)
          {
            journal_path = g_strconcat (path, "-journal", NULL);
            g_unlink (path);
            if (is_stale (journal_path, now))
              g_unlink (journal_path);
          }
        close (fd);
      }
}

static void
remove_temp (const char *temp)
{
  g_autofree char *journal = g_strconcat (temp, "-journal", NULL);

  g_unlink (temp);
  g_unlink (journal);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length,
           goffset       offset)
{
  while (length > 0)
    {
      gssize n = pwrite (fd, data, length, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
      offset += n;
    }
  return TRUE;
}

/* Step 7 for a file with several names: the contents of @temp_fd over
 * those of @target, which must still be the file @st describes. */
static gboolean
copy_over (int             temp_fd,
           const char     *target,
           const GStatBuf *st,
           int            *saved_errno)
{
  guint8 buf[64 * 1024];
  goffset offset = 0;
  GStatBuf now;
  int fd = g_open (target, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  if (fstat (fd, &now) != 0 || !S_ISREG (now.st_mode) || now.st_dev != st->st_dev ||
      now.st_ino != st->st_ino)
    {
      *saved_errno = EBUSY;
      close (fd);
      return FALSE;
    }
  for (;;)
    {
      gssize n = pread (temp_fd, buf, sizeof buf, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || (n > 0 && !write_all (fd, buf, n, offset)))
        {
          *saved_errno = errno;
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      offset += n;
    }
  if (ftruncate (fd, offset) != 0 || fsync (fd) != 0)
    {
      *saved_errno = errno;
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_io_save:
 * @path: the file to replace or create
 * @write_func: writes the new contents into the temporary file; its error
 *   says why in a few words, and is prefixed with “Cannot save “NAME”: ”
 *
 * Replaces @path with what @write_func writes, by the steps at the top of
 * this file.
 *
 * Returns: whether @path now holds the new contents; if not, it holds the
 * old ones (except as step 7 says) and @error says why
 */
gboolean
gw_io_save (const char     *path,
            GwIoWriteFunc   write_func,
            gpointer        user_data,
            GError        **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(GError) local = NULL;
  gboolean exists;
  GStatBuf st;
  int fd, saved;

  target = follow_links (path, display, error);
  if (target == NULL)
    return FALSE;
  exists = g_lstat (target, &st) == 0;
  if (!exists && errno != ENOENT)
    return save_failed (error, display, "%s", g_strerror (errno));
  if (exists && !S_ISREG (st.st_mode))
    return save_failed (error, display,
                        /* TRANSLATORS: what the path is instead ("a folder", "a named
                         * pipe (FIFO)", "a character device"...) */
                        _("it is %s, not a regular file; nothing was written"),
                        describe_kind (st.st_mode));
  if (exists && (g_access (target, W_OK) != 0 ||
                 (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0))
    return save_failed (error, display,
                        _("it is read-only; make it writable, or save under another name"));

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  remove_stale_temps (dir, base);

  temp = g_strdup_printf ("%s/.%s.XXXXXX" GW_IO_TEMP_SUFFIX, dir, base);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, exists ? 0600 : 0666);
  if (fd < 0)
    return save_failed (error, display, "%s", g_strerror (errno));
  flock (fd, LOCK_EX | LOCK_NB);

  if (!write_func (fd, temp, user_data, &local))
    {
      remove_temp (temp);
      close (fd);
      return save_failed (error, display, "%s", local->message);
    }
  if (fsync (fd) != 0)
    goto failed;
  if (exists)
    {
      /* Root saving another user's file keeps it theirs; a user may at
       * least keep the group, if a member. Neither is an error. */
      if (fchown (fd, st.st_uid, st.st_gid) != 0 && fchown (fd, (uid_t) -1, st.st_gid) != 0)
        g_debug ("“%s” gets a new owner or group: %s", display, g_strerror (errno));
      if (fchmod (fd, st.st_mode & 0777) != 0)
        goto failed;
    }

  if (exists && st.st_nlink > 1)
    {
      if (!copy_over (fd, target, &st, &saved))
        {
          g_autofree char *kept = g_filename_display_basename (temp);

          close (fd);
          return save_failed (error, display,
                              _("%s; the file may be incomplete, and the whole new version is "
                                "in “%s”"), g_strerror (saved), kept);
        }
      g_unlink (temp);
    }
  else if (g_rename (temp, target) != 0)
    goto failed;
  sync_folder (dir);
  close (fd);
  return TRUE;

failed:
  saved = errno;
  remove_temp (temp);
  close (fd);
  return save_failed (error, display, "%s", g_strerror (saved));
}

typedef struct
{
  const char *contents;
  gsize       length;
} Contents;

static gboolean
write_contents (int          fd,
                const char  *temp_path,
                gpointer     user_data,
                GError     **error)
{
  const Contents *c = user_data;
  gsize done = 0;

  while (done < c->length)
    {
      gssize n = write (fd, c->contents + done, c->length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s",
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

/**
 * gw_io_save_contents:
 *
 * gw_io_save() of a text or any bytes (CSV, JSON of results, exported
 * charts): the same care for links, modes and special files as a
 * scenario's save.
 */
gboolean
gw_io_save_contents (const char  *path,
                     const char  *contents,
                     gsize        length,
                     GError     **error)
{
  Contents c = { contents, length };

  return gw_io_save (path, write_contents, &c, error);
}
