/*
 * config: roles come only from the system configuration, read through a
 * descriptor opened without following links, owned by root, writable by no
 * one else, in folders likewise root's. The attacks: a root-owned file with
 * access named as a user's file, a symbolic link to one, a folder others
 * may write (sticky or not), a linked folder, a file not root's, and a file
 * swapped while it is read.
 *
 * Needs root (the files must be root's) and a working folder whose every
 * parent is root's and writable by no one else (the build tree, as CI
 * checks it out); elsewhere it reports itself skipped (exit 77).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../check.h"
#include "baton/config.h"
#include "baton/str.h"

static char *base; /* a root-owned 0700 folder under the working folder */

static char *put(const char *name, const char *text, mode_t mode, uid_t owner)
{
    char *path = xasprintf("%s/%s", base, name);
    char *tmp = xasprintf("%s.new", path);
    FILE *f = fopen(tmp, "w");
    fputs(text, f);
    fclose(f);
    if (chown(tmp, owner, 0) != 0 || chmod(tmp, mode) != 0 || rename(tmp, path) != 0)
        perror(path);
    free(tmp);
    return path;
}

/* Loads path as the system configuration; fills the role of "zoe". */
static int load_system(const char *path, enum role *role, struct err *e)
{
    struct config c;
    config_init(&c);
    err_clear(e);
    int rc = config_load_system(&c, path, e);
    const char *const none[] = {NULL};
    *role = config_role(&c, "zoe", none, NULL);
    config_fini(&c);
    return rc;
}

static void a_root_file_in_root_folders_sets_roles_and_the_database(void)
{
    char *p = put("sys.yaml", "database: /srv/baton/baton.db\naccess: {default: member}\n", 0644,
                  0);
    struct config c;
    struct err e;
    config_init(&c);
    CHECK_INT(config_load_system(&c, p, &e), 0);
    CHECK(c.has_access);
    CHECK_STR(c.system_database, "/srv/baton/baton.db");
    const char *const none[] = {NULL};
    CHECK_INT(config_role(&c, "zoe", none, NULL), ROLE_MEMBER);
    config_fini(&c);
    /* a missing file is no error: no roles, everyone an admin */
    char *missing = xasprintf("%s/none/config.yaml", base);
    enum role r;
    CHECK_INT(load_system(missing, &r, &e), 0);
    CHECK_INT(r, ROLE_ADMIN);
    free(missing);
    free(p);
}

static void a_root_file_named_as_a_users_file_gives_no_role(void)
{
    char *p = put("admin.yaml", "access: {default: admin}\n", 0644, 0);
    struct config c;
    struct err e;
    config_init(&c);
    str_replace(&c.system_file, "/etc/baton/config.yaml");
    err_clear(&e);
    CHECK_INT(config_load_file(&c, p, &e), -ERR_DENIED);
    CHECK_INT(e.code, ERR_DENIED);
    CHECK_CONTAINS(e.msg, "admin.yaml:1:1: access: roles are read only from /etc/baton/config.yaml");
    CHECK(!c.has_access);
    config_fini(&c);
    free(p);
}

static void what_is_not_roots_alone_is_refused(void)
{
    enum role r = ROLE_VIEWER;
    struct err e;
    char *admin = put("admin.yaml", "access: {default: admin}\n", 0644, 0);

    char *gw = put("group-writable.yaml", "access: {default: admin}\n", 0664, 0);
    CHECK_INT(load_system(gw, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "is writable by its group");
    char *ow = put("other-writable.yaml", "access: {default: admin}\n", 0646, 0);
    CHECK_INT(load_system(ow, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "is writable by others");
    char *theirs = put("theirs.yaml", "access: {default: admin}\n", 0644, 65534);
    CHECK_INT(load_system(theirs, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "is not owned by root");

    /* a link to a trusted file: what is read must be the file named */
    char *link = xasprintf("%s/link.yaml", base);
    CHECK_INT(symlink(admin, link), 0);
    CHECK_INT(load_system(link, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "link.yaml is a symbolic link");

    /* a folder others may write, sticky (like /tmp) or not */
    static const mode_t modes[] = {0777, 01777, 0775};
    static const char *const why[] = {"is writable by others", "is writable by others",
                                      "is writable by its group"};
    for (size_t i = 0; i < 3; i++) {
        char *dir = xasprintf("%s/open%zu", base, i);
        mkdir(dir, 0755);
        CHECK_INT(chmod(dir, modes[i]), 0);
        char *name = xasprintf("open%zu/config.yaml", i);
        char *inside = put(name, "access: {default: admin}\n", 0644, 0);
        CHECK_INT(load_system(inside, &r, &e), -ERR_DENIED);
        CHECK_CONTAINS(e.msg, why[i]);
        CHECK_CONTAINS(e.msg, dir);
        /* and a missing file there too: anyone could create it */
        char *absent = xasprintf("%s/absent.yaml", dir);
        CHECK_INT(load_system(absent, &r, &e), -ERR_DENIED);
        free(absent);
        free(inside);
        free(name);
        free(dir);
    }

    /* a linked folder on the way */
    char *real = xasprintf("%s/real", base);
    char *alias = xasprintf("%s/alias", base);
    mkdir(real, 0755);
    CHECK_INT(symlink(real, alias), 0);
    char *via = put("real/config.yaml", "access: {default: admin}\n", 0644, 0);
    char *through = xasprintf("%s/config.yaml", alias);
    CHECK_INT(load_system(through, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "alias is a symbolic link or not a folder");
    CHECK_INT(load_system(via, &r, &e), 0); /* the real path is fine */
    CHECK_INT(r, ROLE_ADMIN);

    /* not a regular file */
    char *fifo = xasprintf("%s/fifo.yaml", base);
    CHECK_INT(mkfifo(fifo, 0644), 0);
    CHECK_INT(load_system(fifo, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "is not a regular file");

    free(fifo);
    free(via);
    free(through);
    free(real);
    free(alias);
    free(link);
    free(theirs);
    free(ow);
    free(gw);
    free(admin);
}

/* Another process swaps the system file, as fast as it can, between a
 * root-owned file that makes zoe a viewer, a file of another owner that
 * would make her an admin and a link to a root-owned admin file. Every load
 * must end as a viewer or refused, never as an admin; both outcomes must
 * have happened for the race to count. */
static void a_file_swapped_while_it_is_read_never_grants_a_role(void)
{
    char *sys = xasprintf("%s/race.yaml", base);
    char *good = put("good.yaml", "access: {default: viewer}\n", 0644, 0);
    char *forged = put("forged.yaml", "access: {default: admin}\n", 0644, 65534);
    char *admin = put("admin2.yaml", "access: {default: admin}\n", 0644, 0);
    char *staged = xasprintf("%s/staged", base);
    CHECK_INT(link(good, sys), 0);
    pid_t child = fork();
    if (child == 0) {
        for (unsigned i = 0;; i++) {
            const char *from = i % 3 == 0 ? good : i % 3 == 1 ? forged : NULL;
            unlink(staged);
            if (from ? link(from, staged) : symlink(admin, staged))
                continue;
            rename(staged, sys);
        }
    }
    int viewer = 0, refused = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 100000 && (viewer < 500 || refused < 500); i++) {
        enum role r = ROLE_ADMIN;
        struct err e;
        int rc = load_system(sys, &r, &e);
        if (rc == 0 && r == ROLE_VIEWER) {
            viewer++;
        } else if (rc == -ERR_DENIED) {
            refused++;
        } else {
            fprintf(stderr, "  load %d: rc %d, role %s: %s\n", i, rc, role_name(r), e.msg);
            CHECK(!"a swapped file gave something other than viewer or a refusal");
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t1.tv_sec - t0.tv_sec > 20)
            break;
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    fprintf(stderr, "  swapped loads: %d as viewer, %d refused\n", viewer, refused);
    CHECK(viewer > 0);
    CHECK(refused > 0);
    free(staged);
    free(admin);
    free(forged);
    free(good);
    free(sys);
}

int main(void)
{
    if (geteuid() != 0) {
        fprintf(stderr, "skipped: the files must be root's; run as root\n");
        return 77;
    }
    /* In the working folder when it is a trusted place, else under /run
     * (root's and closed to others): /tmp is writable by others. */
    char here[] = "trust-XXXXXX";
    char run[] = "/run/baton-trust-XXXXXX";
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
        perror("getcwd");
        return 1;
    }
    enum role r;
    struct err e;
    char *made = mkdtemp(here);
    if (!made) {
        perror("mkdtemp");
        return 1;
    }
    base = xasprintf("%s/%s", cwd, made);
    char *probe = xasprintf("%s/probe.yaml", base);
    int trusted = load_system(probe, &r, &e) == 0;
    free(probe);
    if (!trusted) {
        rmdir(base);
        free(base);
        base = NULL;
        made = mkdtemp(run);
        if (made) {
            chmod(made, 0755);
            base = xasprintf("%s", made);
            probe = xasprintf("%s/probe.yaml", base);
            trusted = load_system(probe, &r, &e) == 0;
            free(probe);
            if (!trusted)
                rmdir(base);
        }
    }
    if (!trusted) {
        fprintf(stderr, "skipped: neither the working folder nor /run is a trusted place: %s\n",
                made ? e.msg : "cannot make a folder under /run");
        free(base);
        return 77;
    }
    RUN(a_root_file_in_root_folders_sets_roles_and_the_database);
    RUN(a_root_file_named_as_a_users_file_gives_no_role);
    RUN(what_is_not_roots_alone_is_refused);
    RUN(a_file_swapped_while_it_is_read_never_grants_a_role);
    char *rm = xasprintf("rm -rf '%s'", base);
    if (system(rm) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    free(rm);
    free(base);
    return check_report();
}
