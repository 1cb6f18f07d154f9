/*
 * fixture: the set-up the model's tests share. A test opens a new
 * database in its program's temporary folder (check_tmpdir), as the
 * user "tester", and adds what it needs through must(): a set-up step
 * that fails stops the program (exit 2, reported as a failure), since
 * nothing checked after it would mean anything.
 */
#ifndef BATON_TEST_FIXTURE_H
#define BATON_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "baton/department.h"
#include "baton/store.h"

/* Stops the test program when a set-up step returned rc != 0. */
static inline void must(int rc, const struct err *e, const char *what)
{
    if (rc) {
        fprintf(stderr, "%s: %s\n", what, e ? e->msg : "failed");
        exit(2);
    }
}

/* A new database dir/TAGn.db (n counts the program's databases), opened
 * as "tester"; its path into path (PATH_BUF bytes) when path is given. */
enum { PATH_BUF = 512 };
static inline struct store *fixture_store(const char *dir, const char *tag, char *path)
{
    static int n;
    char own[PATH_BUF];
    if (!path)
        path = own;
    snprintf(path, PATH_BUF, "%s/%s%d.db", dir, tag, n++);
    struct store *st = NULL;
    struct err e = {0};
    must(store_open(&st, path, STORE_CREATE, &e), &e, "store_open");
    store_set_actor(st, "tester");
    return st;
}

/* Adds the n departments of d. */
static inline void fixture_departments(struct store *st, const struct department *d, size_t n)
{
    struct err e = {0};
    for (size_t i = 0; i < n; i++)
        must(department_add(st, &d[i], &e), &e, "department_add");
}

#endif
