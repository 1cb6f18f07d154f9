/*
 * priv: the setgid group, held aside and taken only around the database
 * (see include/baton/priv.h).
 */
/* getresgid, setresgid and getresuid are GNU (and BSD) calls. */
#define _GNU_SOURCE
#include "baton/priv.h"

#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static bool ids(gid_t *real, gid_t *saved)
{
    gid_t eff;
    return getresgid(real, &eff, saved) == 0;
}

bool priv_secure(void)
{
    gid_t r, s;
    return ids(&r, &s) && r != s;
}

const char *priv_group_name(char *buf, unsigned long n)
{
    gid_t r, s;
    buf[0] = '\0';
    if (ids(&r, &s) && r != s) {
        struct group *g = getgrgid(s);
        if (g)
            snprintf(buf, n, "%s", g->gr_name);
        else
            snprintf(buf, n, "%ld", (long)s);
    }
    return buf;
}

static void set_effective(gid_t g)
{
    if (setegid(g) != 0 || getegid() != g) {
        /* Running on with the wrong group would open files with rights
         * the user does not have, or fail later in confusing ways. */
        fprintf(stderr, "baton: cannot change the effective group to %ld; stopping\n", (long)g);
        abort();
    }
}

void priv_raise(void)
{
    gid_t r, s;
    if (ids(&r, &s) && r != s)
        set_effective(s);
}

void priv_lower(void)
{
    gid_t r, s;
    if (ids(&r, &s) && r != s)
        set_effective(r);
}

int priv_start(struct err *e)
{
    uid_t ru, eu, su;
    if (getresuid(&ru, &eu, &su) == 0 && (ru != eu || ru != su))
        return err_set(e, ERR_DENIED,
                       "baton is installed setuid, which it must never be; run 'chmod u-s' on "
                       "it (secure mode is setgid to the database's group)");
    gid_t r, eff, s;
    if (getresgid(&r, &eff, &s) != 0 || (r == eff && r == s))
        return 0;
    /* A closed standard descriptor would be the next one open() hands out:
     * a message meant for stderr could then land in a file. */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
            return err_set(e, ERR_RUNTIME, "cannot open /dev/null for descriptor %d", fd);
    /* setgid: the saved group is the extra one; a process started with
     * an effective group equal to the real one and a different saved one
     * already lowered it. */
    if (s == r)
        s = eff;
    if (setresgid(r, r, s) != 0)
        return err_set(e, ERR_RUNTIME, "cannot put the setgid group aside");
    return 0;
}
