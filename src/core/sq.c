/*
 * The machinery every entity file of src/core shares: the prepared
 * statement cache, binding and error helpers, the nesting transaction
 * wrapper and the audit writer. Statements are reset after use so that no
 * connection sits on an old snapshot (SQLITE-NOTES.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baton/project.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

/* Tries of BEGIN IMMEDIATE, each waiting on the busy handler. */
#define BEGIN_ATTEMPTS 4

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static struct stmt_cache_entry *cache_slot(struct stmt_cache_entry *tab, size_t cap, uint64_t h,
                                           const char *sql)
{
    size_t i = (size_t)(h & (cap - 1));
    while (tab[i].sql && !(tab[i].hash == h && strcmp(tab[i].sql, sql) == 0))
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static void cache_grow(struct store *st)
{
    size_t cap = st->cap_cache ? st->cap_cache * 2 : 64;
    struct stmt_cache_entry *tab = xcalloc(cap, sizeof *tab);
    for (size_t i = 0; i < st->cap_cache; i++) {
        if (st->cache[i].sql)
            *cache_slot(tab, cap, st->cache[i].hash, st->cache[i].sql) = st->cache[i];
    }
    free(st->cache);
    st->cache = tab;
    st->cap_cache = cap;
}

/* Remembers a statement's text for store_explain_recent (once). */
static void note_recent(struct store *st, const char *sql)
{
    for (size_t i = 0; i < st->n_recent; i++)
        if (st->recent[i] == sql)
            return;
    if (st->n_recent < STORE_RECENT_MAX)
        st->recent[st->n_recent++] = sql;
}

sqlite3_stmt *sq_prepare(struct store *st, const char *sql, struct err *e)
{
    uint64_t h = text_hash(sql);
    if (st->cap_cache) {
        struct stmt_cache_entry *c = cache_slot(st->cache, st->cap_cache, h, sql);
        if (c->sql) {
            note_recent(st, c->sql);
            /* Both only repeat an earlier step's error, reported then. */
            (void)sqlite3_reset(c->stmt);
            (void)sqlite3_clear_bindings(c->stmt);
            return c->stmt;
        }
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        sq_error(st, e, "preparing a query");
        sqlite3_finalize(stmt);
        return NULL;
    }
    if ((st->n_cache + 1) * 4 > st->cap_cache * 3)
        cache_grow(st);
    struct stmt_cache_entry *c = cache_slot(st->cache, st->cap_cache, h, sql);
    c->sql = xstrdup(sql);
    c->hash = h;
    c->stmt = stmt;
    st->n_cache++;
    note_recent(st, c->sql);
    return stmt;
}

void store_explain_reset(struct store *st)
{
    st->n_recent = 0;
}

/* One statement's plan: rows of (id, parent, detail); a step's depth is
 * its parent's plus one. */
static int explain_one(struct store *st, const char *sql, struct strbuf *out, struct err *e)
{
    char *text = xasprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, text, -1, &s, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        return sq_error(st, e, "explaining a query");
    }
    sb_addf(out, "%s\n", sql);
    int ids[64], depths[64];
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int id = sqlite3_column_int(s, 0), parent = sqlite3_column_int(s, 1);
        int depth = 1;
        for (size_t i = 0; i < n; i++)
            if (ids[i] == parent)
                depth = depths[i] + 1;
        if (n < sizeof ids / sizeof ids[0]) {
            ids[n] = id;
            depths[n++] = depth;
        }
        for (int i = 0; i < depth; i++)
            sb_add(out, "  ");
        sb_addf(out, "%s\n", (const char *)sqlite3_column_text(s, 3));
    }
    sqlite3_finalize(s);
    sb_add(out, "\n");
    return rc == SQLITE_DONE ? 0 : sq_error(st, e, "explaining a query");
}

int store_explain_recent(struct store *st, struct strbuf *out, struct err *e)
{
    for (size_t i = 0; i < st->n_recent; i++) {
        int rc = explain_one(st, st->recent[i], out, e);
        if (rc)
            return rc;
    }
    return 0;
}

void sq_done(sqlite3_stmt *stmt)
{
    if (stmt)
        (void)sqlite3_reset(stmt); /* its error was seen by the step that failed */
}

int sq_each_row(struct store *st, sqlite3_stmt *s,
                int (*row)(void *ctx, sqlite3_stmt *s, struct err *e), void *ctx,
                const char *what, struct err *e)
{
    int rc, step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW)
        if ((rc = row(ctx, s, e)) != 0) {
            sq_done(s);
            return rc;
        }
    rc = step == SQLITE_DONE ? 0 : sq_error(st, e, what);
    sq_done(s);
    return rc;
}

int sq_int(struct store *st, sqlite3_stmt *s, int64_t *out, bool *found, const char *what,
           struct err *e)
{
    if (!s)
        return -ERR_RUNTIME;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    if (found)
        *found = step == SQLITE_ROW;
    int rc = step == SQLITE_ROW || (found && step == SQLITE_DONE) ? 0 : sq_error(st, e, what);
    sq_done(s);
    return rc;
}

/* Steps s once and resets it: read(s, obj, arg) reads its row when one
 * came, and *found says whether one did; a failing step is reported as
 * reading `what`. A NULL s (a failed prepare, e filled) is -ERR_RUNTIME. */
static int step_one(struct store *st, sqlite3_stmt *s, sq_read_fn read, void *arg, void *obj,
                    bool *found, const char *what, struct err *e)
{
    *found = false;
    if (!s)
        return -ERR_RUNTIME;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *found = read(s, obj, arg);
    int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_error(st, e, what);
    sq_done(s);
    return rc;
}

int sq_text(struct store *st, sqlite3_stmt *s, char **out, const char *what, struct err *e)
{
    *out = NULL;
    bool found;
    return step_one(st, s, sq_read_text, NULL, out, &found, what, e);
}

/* Finalizes every cached statement (store_close). */
void sq_cache_free(struct store *st)
{
    for (size_t i = 0; i < st->cap_cache; i++) {
        if (st->cache[i].sql) {
            sqlite3_finalize(st->cache[i].stmt);
            free(st->cache[i].sql);
        }
    }
    free(st->cache);
    st->cache = NULL;
    st->n_cache = st->cap_cache = 0;
}

int sq_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
    if (!s)
        return sqlite3_bind_null(stmt, idx);
    return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

int sq_bind_int(sqlite3_stmt *stmt, int idx, int64_t v)
{
    return sqlite3_bind_int64(stmt, idx, v);
}

int sq_bind_named_text(struct store *st, sqlite3_stmt *s, const char *name, const char *v,
                       struct err *e)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i && sq_bind_text(s, i, v) != SQLITE_OK)
        return sq_error(st, e, "binding a query");
    return 0;
}

int sq_bind_named_int(struct store *st, sqlite3_stmt *s, const char *name, int64_t v,
                      struct err *e)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i && sq_bind_int(s, i, v) != SQLITE_OK)
        return sq_error(st, e, "binding a query");
    return 0;
}

/* s when binding its parameter returned rc = SQLITE_OK, else NULL with e
 * filled. */
static sqlite3_stmt *bound(struct store *st, sqlite3_stmt *s, int rc, struct err *e)
{
    if (rc == SQLITE_OK)
        return s;
    sq_error(st, e, "binding a query");
    sq_done(s);
    return NULL;
}

sqlite3_stmt *sq_prepare_int(struct store *st, const char *sql, int64_t id, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    return s ? bound(st, s, sq_bind_int(s, 1, id), e) : NULL;
}

sqlite3_stmt *sq_prepare_text(struct store *st, const char *sql, const char *key, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    return s ? bound(st, s, sq_bind_text(s, 1, key), e) : NULL;
}

int sq_run(struct store *st, const char *sql, const char *const *texts, const int64_t *ints, int n,
           const char *what, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = texts ? sq_bind_text(s, i + 1, texts[i]) : sq_bind_int(s, i + 1, ints[i]);
    rc = rc != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE ? sq_error(st, e, what) : 0;
    sq_done(s);
    return rc;
}

int sq_bind_query(struct store *st, sqlite3_stmt *s, const struct query *q, struct err *e)
{
    if (sq_bind_clock(s) != SQLITE_OK)
        return sq_error(st, e, "binding the clock");
    if (!q)
        return 0;
    int rc = sq_bind_named_text(st, s, ":dept", str_empty(q->dept) ? NULL : q->dept, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":text", str_empty(q->text) ? NULL : q->text, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":limit", q->limit > 0 ? q->limit : -1, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":offset", q->offset > 0 ? q->offset : 0, e);
    return rc;
}

sqlite3_stmt *sq_prepare_query(struct store *st, const char *sql, const struct query *q,
                               struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (s && sq_bind_query(st, s, q, e)) {
        sq_done(s);
        return NULL;
    }
    return s;
}

sqlite3_stmt *sq_prepare_key(struct store *st, const char *sql, const char *key, struct err *e)
{
    sqlite3_stmt *s = sq_prepare_query(st, sql, NULL, e);
    if (s && sq_bind_named_text(st, s, ":key", key, e)) {
        sq_done(s);
        return NULL;
    }
    return s;
}

int sq_get_key(struct store *st, const char *sql, const char *key, sq_read_fn read, void *arg,
               void *obj, bool *found, const char *what, struct err *e)
{
    return step_one(st, sq_prepare_key(st, sql, key, e), read, arg, obj, found, what, e);
}

const struct query *query_or_all(const struct query *q)
{
    static const struct query all;
    return q ? q : &all;
}

int sq_bind_clock(sqlite3_stmt *stmt)
{
    btime now = time_now();
    char today[16], soon[16], iso[32];
    time_org_date(now, today);
    time_org_date(time_org_day_start(now, PROJECT_RISK_DAYS), soon);
    time_fmt_iso(now, iso);
    const char *names[] = {":today", ":soon", ":now"};
    const char *values[] = {today, soon, iso};
    for (size_t i = 0; i < 3; i++) {
        int idx = sqlite3_bind_parameter_index(stmt, names[i]);
        if (idx > 0) {
            int rc = sq_bind_text(stmt, idx, values[i]);
            if (rc != SQLITE_OK)
                return rc;
        }
    }
    return SQLITE_OK;
}

char *sq_col_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *s = sqlite3_column_text(stmt, col);
    return s ? xstrdup((const char *)s) : NULL;
}

bool sq_read_text(sqlite3_stmt *stmt, void *row, void *arg)
{
    (void)arg;
    *(char **)row = sq_col_text(stmt, 0);
    return true;
}

void sq_fini_text(void *row)
{
    free(*(char **)row);
}

void sq_texts_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int sq_collect(struct store *st, sqlite3_stmt *stmt, size_t size, sq_read_fn read, void *arg,
               sq_fini_fn fini, void *out, size_t *n, const char *what, struct err *e)
{
    void *none = NULL;
    memcpy(out, &none, sizeof none);
    *n = 0;
    if (!stmt)
        return -ERR_RUNTIME;
    char *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        v = xgrow(v, len, &cap, size);
        void *row = v + len * size;
        memset(row, 0, size);
        if (read(stmt, row, arg))
            len++;
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, what);
        sq_done(stmt);
        for (size_t i = 0; fini && i < len; i++)
            fini(v + i * size);
        free(v);
        return rc;
    }
    sq_done(stmt);
    memcpy(out, &v, sizeof v);
    *n = len;
    return 0;
}

/* The folder a database file lives in, for messages ("." for a bare name). */
static void parent_of(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else if (slash == path)
        snprintf(dir, size, "/");
    else
        snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

int sq_space_error(struct store *st, struct err *e, const char *what)
{
    int code = sqlite3_extended_errcode(st->db) & 0xff;
    if (code != SQLITE_FULL && code != SQLITE_IOERR && code != SQLITE_CANTOPEN)
        return 0;
    int sys = sqlite3_system_errno(st->db);
    const char *path = st->path ? st->path : "the database";
    char dir[4096];
    parent_of(path, dir, sizeof dir);
    if (code == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
        return err_set(e, ERR_RUNTIME,
                       "%s: %s: the disk is full (no space left in %s); free some space there "
                       "and try again",
                       what, path, dir);
    if (sys == EFBIG)
        return err_set(e, ERR_RUNTIME,
                       "%s: %s: the file size limit is reached (ulimit -f); raise it and try "
                       "again",
                       what, path);
    return 0;
}

int sq_error(struct store *st, struct err *e, const char *what)
{
    int rc = sqlite3_extended_errcode(st->db);
    const char *msg = sqlite3_errmsg(st->db);
    int full = sq_space_error(st, e, what);
    if (full)
        return full;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        /* Not a conflict (exit 4 means a stale edit or a refused
         * transition): nothing was compared, the lock never came. */
        return err_set(e, ERR_RUNTIME,
                       "%s: the database stayed locked by another process; nothing was saved, "
                       "try again",
                       what);
    case SQLITE_CONSTRAINT:
        return err_set(e, ERR_USAGE, "%s: %s", what, msg);
    case SQLITE_READONLY:
        if (st->companions_note)
            return err_set(e, ERR_DENIED, "%s: %s", what, st->companions_note);
        /* fall through */
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return err_set(e, ERR_DENIED, "%s: %s (check that you may write %s and its folder)", what,
                       msg, st->path ? st->path : "the database");
    default:
        return err_set(e, ERR_RUNTIME, "%s: %s", what, msg);
    }
}

int sq_exec(struct store *st, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        return sq_error(st, e, "running a statement");
    }
    return 0;
}

int sq_cache_grow(struct store *st, long kib, int64_t *old, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, "PRAGMA cache_size", e);
    if (!s)
        return -ERR_RUNTIME;
    *old = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -2000;
    sq_done(s);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", kib);
    return sq_exec(st, sql, e);
}

void sq_cache_restore(struct store *st, int64_t old)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)old);
    (void)sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

int store_check_writable(struct store *st, struct err *e)
{
    if (st->readonly)
        return err_set(e, ERR_DENIED,
                       "%s is open read-only for you: nothing was changed (ask for write access "
                       "to it and its folder)",
                       st->path);
    return 0;
}

/* BEGIN IMMEDIATE takes the write lock first, so nothing later in the
 * transaction can meet SQLITE_BUSY (nor BUSY_SNAPSHOT, which only a
 * deferred reader turned writer gets): retrying the begin is retrying the
 * whole transaction. The busy handler already waits up to 5 s each time;
 * a few more tries after a short, varied pause ride out a burst of writers
 * or a WAL recovery that reports busy without waiting. */
static int begin_immediate(struct store *st, struct err *e)
{
    for (int attempt = 1;; attempt++) {
        if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
            return 0;
        int code = sqlite3_extended_errcode(st->db) & 0xff;
        if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || attempt >= BEGIN_ATTEMPTS)
            return sq_error(st, e, "starting a change");
        struct timespec ts = {0, (long)(1 + (getpid() + attempt * 7) % 20) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

int store_tx_begin(struct store *st, struct err *e)
{
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    if (st->tx_depth == 0) {
        rc = begin_immediate(st, e);
        if (rc)
            return rc;
        st->tx_failed = false;
    }
    st->tx_depth++;
    return 0;
}

static void tx_rollback(struct store *st)
{
    /* Some errors (a full disk, an interrupted I/O) already rolled back. */
    if (!sqlite3_get_autocommit(st->db))
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A failure of the disk or the database rolled the whole change back: the
 * user should know that nothing of it was kept. */
static void say_not_saved(struct err *e)
{
    if (!e || e->code != ERR_RUNTIME || strstr(e->msg, "nothing was saved"))
        return;
    size_t n = strlen(e->msg);
    snprintf(e->msg + n, sizeof e->msg - n, "; nothing was saved");
}

int store_tx_end(struct store *st, int rc, struct err *e)
{
    if (st->tx_depth <= 0)
        return rc;
    if (rc != 0)
        st->tx_failed = true;
    if (--st->tx_depth > 0)
        return rc;
    if (st->tx_failed) {
        tx_rollback(st);
        st->tx_failed = false;
        if (rc == 0)
            rc = err_set(e, ERR_RUNTIME, "an earlier step of this change failed; nothing was saved");
        else
            say_not_saved(e);
        return rc;
    }
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sq_error(st, e, "saving the change");
        tx_rollback(st);
        say_not_saved(e);
        return rc;
    }
    st->committed = true;
    return 0;
}

int store_write(struct store *st, store_write_fn fn, void *arg, struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, fn(st, arg, e), e);
}

void store_now(char out[32])
{
    time_fmt_iso(time_now(), out);
}

int audit(struct store *st, const char *entity, int64_t id, const char *key, const char *action,
          const char *field, const char *old_value, const char *new_value, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st,
                                 "INSERT INTO event (at, actor, entity, entity_id, entity_key, "
                                 "action, field, old, new) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    char now[32];
    store_now(now);
    int rc = SQLITE_OK;
    rc |= sq_bind_text(s, 1, now);
    rc |= sq_bind_text(s, 2, st->actor ? st->actor : "unknown");
    rc |= sq_bind_text(s, 3, entity);
    rc |= id ? sq_bind_int(s, 4, id) : sqlite3_bind_null(s, 4);
    rc |= sq_bind_text(s, 5, key);
    rc |= sq_bind_text(s, 6, action);
    rc |= sq_bind_text(s, 7, field);
    rc |= sq_bind_text(s, 8, old_value);
    rc |= sq_bind_text(s, 9, new_value);
    if (rc != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE) {
        rc = sq_error(st, e, "writing the audit log");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    return 0;
}

int audit_change(struct store *st, const char *entity, int64_t id, const char *key,
                 const char *field, const char *old_value, const char *new_value, struct err *e)
{
    if (str_eq(old_value, new_value))
        return 0;
    return audit(st, entity, id, key, "update", field, old_value, new_value, e);
}

int audit_change_int(struct store *st, const char *entity, int64_t id, const char *key,
                     const char *field, int64_t old_value, int64_t new_value, struct err *e)
{
    if (old_value == new_value)
        return 0;
    char o[32], n[32];
    snprintf(o, sizeof o, "%lld", (long long)old_value);
    snprintf(n, sizeof n, "%lld", (long long)new_value);
    return audit(st, entity, id, key, "update", field, o, n, e);
}

int64_t sq_id_of(struct store *st, const char *sql, const char *key, const char *what,
                 struct err *e)
{
    if (!key)
        return 0;
    int64_t id = 0;
    bool found;
    int rc = sq_int(st, sq_prepare_text(st, sql, key, e), &id, &found, what, e);
    return rc ? rc : id;
}

static int64_t id_by_key(struct store *st, const char *sql, const char *key, struct err *e)
{
    return sq_id_of(st, sql, key, "looking up a key", e);
}

int64_t store_department_id(struct store *st, const char *key, struct err *e)
{
    return id_by_key(st, "SELECT id FROM department WHERE key = ?1", key, e);
}

int64_t store_project_id(struct store *st, const char *key, struct err *e)
{
    return id_by_key(st, "SELECT id FROM project WHERE key = ?1", key, e);
}

int64_t store_blocker_id(struct store *st, const char *key, struct err *e)
{
    return id_by_key(st, "SELECT id FROM blocker WHERE key = ?1", key, e);
}

/* Appends "field: 'old' -> 'new'" (or the action) of one event row. */
static void describe_event(struct strbuf *sb, sqlite3_stmt *s)
{
    const char *action = (const char *)sqlite3_column_text(s, 2);
    const char *field = (const char *)sqlite3_column_text(s, 3);
    const char *o = (const char *)sqlite3_column_text(s, 4);
    const char *n = (const char *)sqlite3_column_text(s, 5);
    if (sb->len)
        sb_add(sb, ", ");
    if (field && str_eq(action, "update")) {
        sb_addf(sb, "%s: ", field);
        if (o)
            sb_addf(sb, "'%s'", o);
        else
            sb_add(sb, "none");
        sb_add(sb, " -> ");
        if (n)
            sb_addf(sb, "'%s'", n);
        else
            sb_add(sb, "none");
    } else {
        sb_add(sb, action ? action : "change");
    }
}

int store_conflict(struct store *st, const char *entity, int64_t id, const char *key,
                   struct err *e)
{
    const char *what = key ? key : "";
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT at, actor, action, field, old, new FROM event"
                                 " WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 8",
                                 NULL);
    if (!s || sq_bind_text(s, 1, entity) != SQLITE_OK || sq_bind_int(s, 2, id) != SQLITE_OK) {
        sq_done(s);
        return err_set(e, ERR_CONFLICT, "%s %s was changed by someone else; reload and try again",
                       entity, what);
    }
    char *at = NULL, *actor = NULL;
    struct strbuf changes;
    sb_init(&changes);
    /* The rows of one change share its time and actor. */
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *row_at = (const char *)sqlite3_column_text(s, 0);
        const char *row_actor = (const char *)sqlite3_column_text(s, 1);
        if (!at) {
            at = xstrdup(row_at);
            actor = xstrdup(row_actor);
        } else if (!str_eq(at, row_at) || !str_eq(actor, row_actor)) {
            break;
        }
        describe_event(&changes, s);
    }
    sq_done(s);
    int rc;
    if (at)
        rc = err_set(e, ERR_CONFLICT,
                     "%s %s was changed by %s at %s (%s); reload and try again", entity, what,
                     actor, at, sb_str(&changes));
    else
        rc = err_set(e, ERR_CONFLICT, "%s %s was changed by someone else; reload and try again",
                     entity, what);
    free(at);
    free(actor);
    sb_fini(&changes);
    return rc;
}
