/*
 * Internal to src/core: the connection, prepared-statement cache,
 * transaction wrapper and audit writer that every entity file shares.
 * Nothing outside src/core includes this (it is the only place sqlite3.h
 * is seen).
 */
#ifndef BATON_CORE_INTERNAL_H
#define BATON_CORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/model.h"
#include "baton/store.h"

struct stmt_cache_entry {
    const char *sql; /* the literal; cached by pointer and compared by text */
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    char *path;
    char *actor;
    bool readonly;
    int tx_depth; /* nesting of store_tx_begin / store_begin */
    bool tx_failed; /* an inner write failed: the outermost end rolls back */
    int64_t sla[5];
    sqlite3_stmt *data_version_stmt;
    struct stmt_cache_entry *cache;
    size_t n_cache, cap_cache;
    int64_t session_id; /* presence row, 0 when none */
};

/* A prepared statement for sql, from the cache (prepared once, reset and
 * cleared of bindings on every call). NULL with e filled on error. The
 * statement is borrowed: never finalize it; reset it when done (sq_done). */
sqlite3_stmt *sq_prepare(struct store *st, const char *sql, struct err *e);
/* Resets a cached statement so it holds no snapshot. */
void sq_done(sqlite3_stmt *stmt);

/* Binds a text or NULL. */
int sq_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* Column text duplicated (NULL stays NULL); caller frees. */
char *sq_col_text(sqlite3_stmt *stmt, int col);

/* Fills e from the connection's last error: ERR_RUNTIME with "what: msg",
 * or ERR_CONFLICT when the database was busy beyond the timeout (with a
 * hint to retry), or ERR_USAGE for a constraint violation. Returns -code. */
int sq_error(struct store *st, struct err *e, const char *what);

/* Runs SQL with no result rows (no parameters). */
int sq_exec(struct store *st, const char *sql, struct err *e);

/* Every write goes through these: begin opens BEGIN IMMEDIATE (or joins the
 * caller's transaction), end commits when rc == 0 and this is the outermost
 * level, and rolls back otherwise. end returns rc, or the commit's error. */
int store_tx_begin(struct store *st, struct err *e);
int store_tx_end(struct store *st, int rc, struct err *e);

/* Refuses writes on a read-only store (ERR_DENIED). */
int store_check_writable(struct store *st, struct err *e);

/* Writes one audit row: now, the actor, entity, id, key, action, field, old, new. */
int audit(struct store *st, const char *entity, int64_t id, const char *key, const char *action,
          const char *field, const char *old_value, const char *new_value, struct err *e);
/* An audit row for a field only when old and new differ (NULL-aware). */
int audit_change(struct store *st, const char *entity, int64_t id, const char *key,
                 const char *field, const char *old_value, const char *new_value, struct err *e);
int audit_change_int(struct store *st, const char *entity, int64_t id, const char *key,
                     const char *field, int64_t old_value, int64_t new_value, struct err *e);

/* "2026-11-26T09:00:00Z" for now (honours $BATON_NOW); buffer of 32. */
void store_now(char out[32]);

/* Id of the department/project/blocker with this key; 0 when absent (no
 * error), negative on database error. */
int64_t store_department_id(struct store *st, const char *key, struct err *e);
int64_t store_project_id(struct store *st, const char *key, struct err *e);
int64_t store_blocker_id(struct store *st, const char *key, struct err *e);

/* The conflict message for a stale edit: who changed entity/key last, when,
 * and what. Returns -ERR_CONFLICT. */
int store_conflict(struct store *st, const char *entity, int64_t id, const char *key,
                   struct err *e);

#endif
