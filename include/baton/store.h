/*
 * store: the shared model in one SQLite file. This module (and the rest of
 * src/core) is the only place that speaks SQL; its API speaks of baton's
 * entities so another backend could stand behind it later.
 *
 * Every write runs inside BEGIN IMMEDIATE and writes its audit rows in the
 * same transaction. A caller that wants several writes to be one
 * transaction (import, bulk verdicts) wraps them in store_begin/
 * store_commit; writes made inside join that transaction.
 *
 * Entity functions live in their own headers (department.h, project.h ...)
 * and take the struct store * opened here.
 */
#ifndef BATON_STORE_H
#define BATON_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/str.h"

#define STORE_SCHEMA_VERSION 1

struct store;

enum store_flags {
    STORE_CREATE = 1 << 0,   /* create the file (and migrate) if missing */
    STORE_READONLY = 1 << 1, /* open read-only; never migrates or writes */
};

/* Opens (and migrates forward, unless read-only) the database at path. A
 * file that is not a baton database, or whose schema is newer than this
 * program, is refused untouched with a message (ERR_RUNTIME). A missing
 * file without STORE_CREATE is ERR_USAGE with a hint to run `baton init`. */
int store_open(struct store **out, const char *path, int flags, struct err *e);
void store_close(struct store *st);
const char *store_path(const struct store *st);

/* The login every change is recorded under (default: "unknown"). */
void store_set_actor(struct store *st, const char *login);
const char *store_actor(const struct store *st);

/* Per-severity SLA response times in seconds, index 1..4 (0 unused).
 * Defaults: 4h, 1d, 3d, 1w. */
void store_set_sla(struct store *st, const int64_t seconds[5]);
int64_t store_sla(const struct store *st, int severity);

/* Explicit transaction around several writes. Nested begin/commit pairs are
 * counted; only the outermost commits. Rollback undoes the whole thing. */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* A number that changes whenever another connection has committed: poll it
 * to notice colleagues' changes. */
int store_data_version(struct store *st, int64_t *out, struct err *e);

int store_schema_version(struct store *st);
/* Integrity check, foreign-key check and schema version, written to report
 * one finding per line. Returns 0 when all is well, -ERR_RUNTIME otherwise. */
int store_check(struct store *st, struct strbuf *report, struct err *e);

/* The organisation's name (meta table); NULL/"" when unset. Caller frees. */
char *store_org_name(struct store *st);
int store_set_org_name(struct store *st, const char *name, struct err *e);

/* Presence: who has the cockpit open. heartbeat inserts or refreshes this
 * process's row; count returns sessions seen within the last 90 seconds,
 * other than this process. */
int store_presence_beat(struct store *st, struct err *e);
int store_presence_leave(struct store *st);
int store_presence_count(struct store *st, int *others, struct err *e);

/* Generates the deterministic demo organisation of DESIGN.md: n blockers,
 * n/10 projects, 12 or more departments, n/100 indicators with a year of
 * readings each, in one transaction. The database must be empty. */
int store_generate(struct store *st, long n, unsigned long seed, struct err *e);

/* What a list call shows: which rows, in which order, which window.
 * Fields that do not apply to an entity are ignored. Zero-initialise and
 * set what you need. */
struct query {
    const char *dept;    /* only this department's rows (blockers: the
                            project's department or the waiting-on one) */
    const char *text;    /* case-insensitive substring of key or title/name */
    int sort;            /* entity's sort column (see each header); 0 = default */
    bool desc;           /* invert the sort */
    int64_t offset;      /* window start */
    int limit;           /* window size; 0 = all rows */
    /* blockers */
    const char *state;   /* a state name, or "open" for every open state */
    const char *waiting_on; /* department key */
    const char *project; /* project key */
    int severity;        /* 1-4; 0 = any */
    bool breached;       /* only open blockers past their SLA */
};

#endif
