/*
 * standup: the morning session. A stand-up remembers what "since" it
 * covers (the end of the previous one, so nothing falls between two
 * sessions), which department is on the page, the time spent on each,
 * and the notes, decisions, actions and parking-lot items typed in it.
 */
#include "baton/standup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

void standup_fini(struct standup *s)
{
    if (!s)
        return;
    free(s->facilitator);
    free(s->since);
    free(s->started_at);
    free(s->ended_at);
    free(s->current_department);
    memset(s, 0, sizeof *s);
}

void standup_list_free(struct standup *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        standup_fini(&v[i]);
    free(v);
}

void standup_entry_fini(struct standup_entry *x)
{
    if (!x)
        return;
    free(x->department);
    free(x->text);
    free(x->owner);
    free(x->due);
    free(x->created_by);
    free(x->created_at);
    memset(x, 0, sizeof *x);
}

void standup_entry_list_free(struct standup_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        standup_entry_fini(&v[i]);
    free(v);
}

/* The audit log names a stand-up by its number. */
static void id_key(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

/* Where "what changed" starts: the end of the previous stand-up; without
 * one, a day ago, and on a Monday Friday's same hour. */
static int since_for_new(struct store *st, btime now, char out[32], struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT ended_at FROM standup WHERE ended_at IS NOT NULL"
                                 " ORDER BY ended_at DESC, id DESC LIMIT 1",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        snprintf(out, 32, "%s", (const char *)sqlite3_column_text(s, 0));
        sq_done(s);
        return 0;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_error(st, e, "finding the previous stand-up");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    int days = time_weekday(now) == 1 ? 3 : 1;
    time_fmt_iso(now - (btime)days * 86400, out);
    return 0;
}

int standup_start(struct store *st, int64_t *id, struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "starting a stand-up", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    btime now = time_now();
    char since[32], at[32];
    time_fmt_iso(now, at);
    rc = since_for_new(st, now, since, e);
    int64_t new_id = 0;
    if (!rc) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "INSERT INTO standup (facilitator, since, started_at)"
                                     " VALUES (?1, ?2, ?3)",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, store_actor(st)) || sq_bind_text(s, 2, since) ||
                 sq_bind_text(s, 3, at) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "starting the stand-up");
        else
            new_id = sqlite3_last_insert_rowid(st->db);
        sq_done(s);
    }
    if (!rc) {
        char key[24];
        id_key(new_id, key);
        rc = audit(st, "standup", new_id, key, "start", "since", NULL, since, e);
    }
    rc = store_tx_end(st, rc, e);
    if (!rc && id)
        *id = new_id;
    return rc;
}

static void read_standup(sqlite3_stmt *s, struct standup *out)
{
    out->id = sqlite3_column_int64(s, 0);
    out->facilitator = sq_col_text(s, 1);
    out->since = sq_col_text(s, 2);
    out->started_at = sq_col_text(s, 3);
    out->ended_at = sq_col_text(s, 4);
    out->current_department = sq_col_text(s, 5);
}

#define STANDUP_SELECT_SQL                                                                       \
    "SELECT s.id, s.facilitator, s.since, s.started_at, s.ended_at, d.key FROM standup s"        \
    " LEFT JOIN department d ON d.id = s.current_department_id"

int standup_get(struct store *st, int64_t id, struct standup *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = sq_prepare(st, STANDUP_SELECT_SQL " WHERE s.id = ?1", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_int(s, 1, id) ? SQLITE_ERROR : sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        read_standup(s, out);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_USAGE, "no stand-up %lld (see 'baton standup list')", (long long)id);
    } else {
        rc = sq_error(st, e, "reading the stand-up");
    }
    sq_done(s);
    return rc;
}

int standup_list(struct store *st, int limit, struct standup **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s =
        sq_prepare(st, STANDUP_SELECT_SQL " ORDER BY s.started_at DESC, s.id DESC LIMIT ?1", e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_int(s, 1, limit > 0 ? limit : -1)) {
        sq_done(s);
        return sq_error(st, e, "listing stand-ups");
    }
    struct standup *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (cnt == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        memset(&v[cnt], 0, sizeof v[cnt]);
        read_standup(s, &v[cnt++]);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, "listing stand-ups");
        sq_done(s);
        standup_list_free(v, cnt);
        return rc;
    }
    sq_done(s);
    *out = v;
    *n = cnt;
    return 0;
}

int standup_current(struct store *st, int64_t *id, struct err *e)
{
    *id = 0;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT id FROM standup WHERE ended_at IS NULL"
                                 " ORDER BY started_at DESC, id DESC LIMIT 1",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "finding the stand-up");
    sq_done(s);
    return rc;
}

int standup_end(struct store *st, int64_t id, struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "ending a stand-up", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    struct standup cur;
    rc = standup_get(st, id, &cur, e);
    if (!rc && cur.ended_at)
        rc = err_set(e, ERR_CONFLICT, "stand-up %lld already ended at %s; start a new one",
                     (long long)id, cur.ended_at);
    char at[32];
    store_now(at);
    if (!rc) {
        sqlite3_stmt *s = sq_prepare(
            st, "UPDATE standup SET ended_at = ?2, version = version + 1 WHERE id = ?1", e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, id) || sq_bind_text(s, 2, at) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "ending the stand-up");
        sq_done(s);
    }
    if (!rc) {
        char key[24];
        id_key(id, key);
        rc = audit(st, "standup", id, key, "end", "ended_at", NULL, at, e);
    }
    standup_fini(&cur);
    return store_tx_end(st, rc, e);
}

/* The department's id for an optional key: 0 for none, an error when unknown. */
static int dept_id(struct store *st, const char *key, int64_t *id, struct err *e)
{
    *id = 0;
    if (str_empty(key))
        return 0;
    int64_t found = store_department_id(st, key, e);
    if (found < 0)
        return (int)found;
    if (!found)
        return err_set(e, ERR_USAGE, "no department %s", key);
    *id = found;
    return 0;
}

int standup_add_entry(struct store *st, const struct standup_entry *x, int64_t *id,
                      struct err *e)
{
    if (str_empty(x->text))
        return err_set(e, ERR_USAGE, "a %s needs some text", standup_kind_name(x->kind));
    if ((int)x->kind < ENTRY_NOTE || x->kind > ENTRY_PARKING)
        return err_set(e, ERR_USAGE, "unknown kind of stand-up entry");
    btime due;
    if (!str_empty(x->due) && !time_parse(x->due, &due))
        return err_set(e, ERR_USAGE, "due '%s' is not a date (use YYYY-MM-DD)", x->due);
    int rc = store_authorize(st, PERM_NOTE, x->department, NULL, "adding to a stand-up", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    struct standup su;
    int64_t dept = 0, new_id = 0;
    rc = standup_get(st, x->standup_id, &su, e);
    standup_fini(&su);
    if (!rc)
        rc = dept_id(st, x->department, &dept, e);
    char at[32];
    store_now(at);
    if (!rc) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "INSERT INTO standup_entry (standup_id, department_id, kind,"
                                     " text, owner, due, done, created_by, created_at)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, x->standup_id) ||
                 (dept ? sq_bind_int(s, 2, dept) : sqlite3_bind_null(s, 2)) ||
                 sq_bind_text(s, 3, standup_kind_name(x->kind)) || sq_bind_text(s, 4, x->text) ||
                 sq_bind_text(s, 5, str_empty(x->owner) ? NULL : x->owner) ||
                 sq_bind_text(s, 6, str_empty(x->due) ? NULL : x->due) ||
                 sq_bind_int(s, 7, x->done) || sq_bind_text(s, 8, store_actor(st)) ||
                 sq_bind_text(s, 9, at) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "adding to the stand-up");
        else
            new_id = sqlite3_last_insert_rowid(st->db);
        sq_done(s);
    }
    if (!rc) {
        char key[24];
        id_key(x->standup_id, key);
        rc = audit(st, "standup_entry", new_id, key, "create", standup_kind_name(x->kind), NULL,
                   x->text, e);
    }
    rc = store_tx_end(st, rc, e);
    if (!rc && id)
        *id = new_id;
    return rc;
}

int standup_entries(struct store *st, int64_t standup_id, struct standup_entry **out, size_t *n,
                    struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT x.id, x.standup_id, d.key, x.kind, x.text, x.owner, x.due,"
                                 " x.done, x.created_by, x.created_at FROM standup_entry x"
                                 " LEFT JOIN department d ON d.id = x.department_id"
                                 " WHERE x.standup_id = ?1 ORDER BY x.id",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_int(s, 1, standup_id)) {
        sq_done(s);
        return sq_error(st, e, "reading the stand-up");
    }
    struct standup_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (cnt == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct standup_entry *x = &v[cnt++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(s, 0);
        x->standup_id = sqlite3_column_int64(s, 1);
        x->department = sq_col_text(s, 2);
        enum standup_kind kind = ENTRY_NOTE;
        standup_kind_parse((const char *)sqlite3_column_text(s, 3), &kind);
        x->kind = kind;
        x->text = sq_col_text(s, 4);
        x->owner = sq_col_text(s, 5);
        x->due = sq_col_text(s, 6);
        x->done = sqlite3_column_int(s, 7) != 0;
        x->created_by = sq_col_text(s, 8);
        x->created_at = sq_col_text(s, 9);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the stand-up");
        sq_done(s);
        standup_entry_list_free(v, cnt);
        return rc;
    }
    sq_done(s);
    *out = v;
    *n = cnt;
    return 0;
}

int standup_visit(struct store *st, int64_t id, const char *dept, int64_t seconds_on_previous,
                  struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "moving a stand-up to another department", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    struct standup su;
    int64_t to = 0, from = 0;
    rc = standup_get(st, id, &su, e);
    if (!rc)
        rc = dept_id(st, su.current_department, &from, e);
    if (!rc)
        rc = dept_id(st, dept, &to, e);
    if (!rc && from && seconds_on_previous > 0) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "INSERT INTO standup_department (standup_id, department_id,"
                                     " seconds_spent) VALUES (?1, ?2, ?3)"
                                     " ON CONFLICT (standup_id, department_id) DO UPDATE"
                                     " SET seconds_spent = seconds_spent + excluded.seconds_spent",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, id) || sq_bind_int(s, 2, from) ||
                 sq_bind_int(s, 3, seconds_on_previous) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "recording the time spent");
        sq_done(s);
    }
    if (!rc) {
        sqlite3_stmt *s =
            sq_prepare(st, "UPDATE standup SET current_department_id = ?2 WHERE id = ?1", e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, id) || (to ? sq_bind_int(s, 2, to) : sqlite3_bind_null(s, 2)) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "moving the stand-up on");
        sq_done(s);
    }
    if (!rc && !str_eq(su.current_department, str_empty(dept) ? NULL : dept)) {
        char key[24];
        id_key(id, key);
        rc = audit_change(st, "standup", id, key, "department", su.current_department,
                          str_empty(dept) ? NULL : dept, e);
    }
    standup_fini(&su);
    return store_tx_end(st, rc, e);
}

int standup_time_spent(struct store *st, int64_t id, const char *dept, int64_t *seconds,
                       struct err *e)
{
    *seconds = 0;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT sd.seconds_spent FROM standup_department sd"
                                 " JOIN department d ON d.id = sd.department_id"
                                 " WHERE sd.standup_id = ?1 AND d.key = ?2",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_int(s, 1, id) || sq_bind_text(s, 2, dept) ? SQLITE_ERROR : sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *seconds = sqlite3_column_int64(s, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the time spent");
    sq_done(s);
    return rc;
}

int standup_entry_set_done(struct store *st, int64_t entry_id, bool done, struct err *e)
{
    int rc = store_authorize(st, PERM_NOTE, NULL, NULL, "marking a stand-up action done", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    sqlite3_stmt *s =
        sq_prepare(st, "SELECT standup_id, done FROM standup_entry WHERE id = ?1", e);
    int64_t standup_id = 0, was = 0;
    if (!s) {
        rc = -ERR_RUNTIME;
    } else {
        int step = sq_bind_int(s, 1, entry_id) ? SQLITE_ERROR : sqlite3_step(s);
        if (step == SQLITE_ROW) {
            standup_id = sqlite3_column_int64(s, 0);
            was = sqlite3_column_int64(s, 1);
        } else if (step == SQLITE_DONE) {
            rc = err_set(e, ERR_USAGE, "no stand-up entry %lld", (long long)entry_id);
        } else {
            rc = sq_error(st, e, "reading the stand-up entry");
        }
    }
    sq_done(s);
    if (!rc && (was != 0) != done) {
        s = sq_prepare(st,
                       "UPDATE standup_entry SET done = ?2, version = version + 1 WHERE id = ?1",
                       e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, entry_id) || sq_bind_int(s, 2, done) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "updating the stand-up entry");
        sq_done(s);
        char key[24];
        id_key(standup_id, key);
        if (!rc)
            rc = audit(st, "standup_entry", entry_id, key, "update", "done", was ? "yes" : "no",
                       done ? "yes" : "no", e);
    }
    return store_tx_end(st, rc, e);
}
