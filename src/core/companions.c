/*
 * companions: the -wal and -shm files beside a database that someone who
 * may only read it left behind. SQLite makes them on a read when none
 * exist, owned by the reader and with the database's mode, and keeps them
 * when a reader closes (a reader cannot checkpoint): the owner's next
 * write would then find files it may not write and fail. Before a
 * read-write open, such files are removed when nobody has the database
 * open (the test is SQLite's own: the shared lock every connection holds
 * on the database file) and the log holds nothing; otherwise the caller
 * gets a sentence saying whose files they are and what to do.
 */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baton/str.h"
#include "internal.h"

/* SQLite's lock bytes on the database file (os_unix.c): every open
 * connection in WAL mode holds a read lock on the shared range. */
#define SQLITE_SHARED_FIRST (0x40000000 + 2)
#define SQLITE_SHARED_SIZE 510

/* By the effective ids: in secure mode the store opens with the group's. */
static bool may_write(const char *file)
{
    return faccessat(AT_FDCWD, file, W_OK, AT_EACCESS) == 0;
}

static bool blocks_me(const char *file, struct stat *sb)
{
    return stat(file, sb) == 0 && !may_write(file);
}

static bool gone(const char *file)
{
    return unlink(file) == 0 || errno == ENOENT;
}

char *store_clear_companions(const char *path)
{
    char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
    struct stat ws = {0}, ss = {0};
    bool wal_blocks = blocks_me(wal, &ws), shm_blocks = blocks_me(shm, &ss);
    char *note = NULL;
    int fd = -1;
    if ((!wal_blocks && !shm_blocks) || !may_write(path))
        goto done;
    const struct passwd *pw = getpwuid(shm_blocks ? ss.st_uid : ws.st_uid);
    char who[64];
    snprintf(who, sizeof who, "%s", pw ? pw->pw_name : "another user");
    /* An open file description's lock: it also meets the locks of this
     * process's own connections, which a classic record lock would not. */
    fd = open(path, O_RDWR | O_CLOEXEC);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET,
                       .l_start = SQLITE_SHARED_FIRST, .l_len = SQLITE_SHARED_SIZE};
    bool alone = fd >= 0 && fcntl(fd, F_OFD_SETLK, &fl) == 0;
    struct stat now;
    bool empty_log = stat(wal, &now) != 0 || now.st_size == 0;
    if (alone && empty_log && gone(wal) && gone(shm))
        goto done;
    if (!alone)
        note = xasprintf("%s-wal and %s-shm belong to %s, who may only read the database and "
                         "has it open now, and you may not write them; you can save once %s has "
                         "closed baton (or share the folder: baton init --shared)",
                         path, path, who, who);
    else if (!empty_log)
        note = xasprintf("%s-wal holds changes not yet in the database and belongs to %s; ask "
                         "%s or root to open the database once (baton check), then retry",
                         path, who, who);
    else
        note = xasprintf("%s-wal and %s-shm belong to %s and the folder does not let you remove "
                         "them; ask %s or root to run 'rm %s-wal %s-shm' while nobody has baton "
                         "open (or share the folder: baton init --shared)",
                         path, path, who, who, path, path);
done:
    if (fd >= 0)
        close(fd);
    free(wal);
    free(shm);
    return note;
}
