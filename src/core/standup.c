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

#include "baton/department.h"
#include "baton/objective.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "entity_fields.h"
#include "internal.h"

/* ---- the stand-up entry's fields ---------------------------------------
 *
 * Each once (entity_fields.h says how the list reads), read from an entry
 * x joined to its department d.
 */
#define STANDUP_ENTRY_FIELDS(R, C, W)                                                            \
    R(id, "x.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(standup_id, "x.standup_id", "standup_id", ":standup_id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0,  \
      none, FL_REQUIRED, "Stand-up", "stand-up")                                                \
    C(department, "d.key", "department_id", "(SELECT id FROM department WHERE key = :department)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none, FL_EDIT, "Department", "department")       \
    C(kind, "x.kind", "kind", ":kind", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, kind,                \
      FL_EDIT | FL_REQUIRED, "Kind", "kind of entry")                                            \
    C(text, "x.text", "text", ":text", FT_TEXT, TEXT_FREE, FREF_NONE, 0, 0, none,                 \
      FL_EDIT | FL_REQUIRED, "Text", "text")                                                     \
    C(owner, "x.owner", "owner", ":owner", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none, FL_EDIT, \
      "Owner", "owner")                                                                          \
    C(due, "x.due", "due", ":due", FT_DATE, TEXT_KEY, FREF_NONE, 0, 0, none, FL_EDIT, "Due",       \
      "due")                                                                                     \
    W(done, "x.done", "done", ":done", FT_BOOL, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Done",        \
      "done")                                                                                    \
    C(created_by, "x.created_by", "created_by", ":created_by", FT_TEXT, TEXT_LOGIN, FREF_PERSON,  \
      0, 0, none, 0, "By", "created by")                                                         \
    C(created_at, "x.created_at", "created_at", ":created_at", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0, \
      none, 0, "At", "created at")

ENT_CHOICES(entry_kind, enum standup_kind, ENTRY_NOTE, ENTRY_PARKING, standup_kind_name,
            standup_kind_parse)

#define ENT_CH_kind(T, m) .choice_name = entry_kind_name, .choice_parse = entry_kind_parse
#define ENT_T struct standup_entry
static const struct entity_field standup_entry_field_v[] = {ENT_DESCRIBE(STANDUP_ENTRY_FIELDS)};
#undef ENT_T

const struct entity standup_entry_entity = {
    "standup_entry", sizeof(struct standup_entry), standup_entry_field_v,
    sizeof standup_entry_field_v / sizeof standup_entry_field_v[0]};

/* The entries' statements: every field, joined to the department. */
#define ENTRY_SELECT                                                                            \
    "SELECT " ENT_COLUMNS(STANDUP_ENTRY_FIELDS) "NULL FROM standup_entry x"                     \
    " LEFT JOIN department d ON d.id = x.department_id"
static const char SQL_ENTRY_INSERT[] =
    "INSERT INTO standup_entry (" ENT_INSERT_COLS(STANDUP_ENTRY_FIELDS) "version) VALUES ("
    ENT_INSERT_VALS(STANDUP_ENTRY_FIELDS) "1)";
static const char SQL_ENTRY_UPDATE[] =
    "UPDATE standup_entry SET " ENT_SETS(STANDUP_ENTRY_FIELDS) "version = version + 1"
    " WHERE id = :id";

/* A stand-up as STANDUP_SELECT_SQL reads it, its columns in this order. */
#define STANDUP_FIELD(m, t) ROW_FIELD(struct standup, m, t)
static const struct entity_field standup_field_v[] = {
    STANDUP_FIELD(id, FT_ID),          STANDUP_FIELD(facilitator, FT_TEXT),
    STANDUP_FIELD(since, FT_TIME),     STANDUP_FIELD(started_at, FT_TIME),
    STANDUP_FIELD(ended_at, FT_TIME),  STANDUP_FIELD(current_department, FT_TEXT),
};
static const struct entity standup_entity = ROW_ENTITY(standup, standup_field_v);

void standup_fini(struct standup *s)
{
    entity_fini(&standup_entity, s);
}

void standup_list_free(struct standup *v, size_t n)
{
    entity_list_free(&standup_entity, v, n);
}

void standup_entry_list_free(struct standup_entry *v, size_t n)
{
    entity_list_free(&standup_entry_entity, v, n);
}

/* The audit log names a stand-up by its number. */
static void id_key(int64_t id, char out[24])
{
    snprintf(out, 24, "%lld", (long long)id);
}

int standup_since(struct store *st, btime now, char out[32], struct err *e)
{
    bool monday = time_org_weekday(now) == 1;
    char at[32], wk_from[32], wk_to[32];
    time_fmt_iso(now, at);
    /* the weekend just past: Saturday 00:00 to Monday 00:00 */
    time_fmt_iso(time_org_day_start(now, -2), wk_from);
    time_fmt_iso(time_org_day_start(now, 0), wk_to);
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT ended_at FROM standup WHERE ended_at IS NOT NULL"
                                 " AND ended_at <= :now AND NOT (:monday AND ended_at >= :wk_from"
                                 " AND ended_at < :wk_to)"
                                 " ORDER BY ended_at DESC, id DESC LIMIT 1",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), at) ||
                     sq_bind_int(s, sqlite3_bind_parameter_index(s, ":monday"), monday) ||
                     sq_bind_text(s, sqlite3_bind_parameter_index(s, ":wk_from"), wk_from) ||
                     sq_bind_text(s, sqlite3_bind_parameter_index(s, ":wk_to"), wk_to)
                 ? SQLITE_ERROR
                 : sqlite3_step(s);
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
    time_fmt_iso(time_org_day_start(now, monday ? -3 : -1) + (now - time_org_day_start(now, 0)),
                 out);
    return 0;
}

/* standup_start's write: *arg takes the new stand-up's id. */
static int start_tx(struct store *st, void *arg, struct err *e)
{
    int64_t *new_id = arg;
    btime now = time_now();
    char since[32], at[32];
    time_fmt_iso(now, at);
    int rc = standup_since(st, now, since, e);
    if (!rc)
        rc = sq_run(st,
                    "INSERT INTO standup (facilitator, since, started_at)"
                    " VALUES (?1, ?2, ?3)",
                    (const char *const[]){store_actor(st), since, at}, NULL, 3,
                    "starting the stand-up", e);
    if (!rc)
        *new_id = sqlite3_last_insert_rowid(st->db);
    if (!rc) {
        char key[24];
        id_key(*new_id, key);
        rc = audit(st, "standup", *new_id, key, "start", "since", NULL, since, e);
    }
    return rc;
}

int standup_start(struct store *st, int64_t *id, struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "starting a stand-up", e);
    int64_t new_id = 0;
    if (!rc)
        rc = store_write(st, start_tx, &new_id, e);
    if (!rc && id)
        *id = new_id;
    return rc;
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
        entity_read(&standup_entity, s, out);
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
    return sq_collect_entity(st, s, &standup_entity, out, n, "listing stand-ups", e);
}

int standup_current(struct store *st, int64_t *id, struct err *e)
{
    *id = 0;
    bool found;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT id FROM standup WHERE ended_at IS NULL"
                                 " ORDER BY started_at DESC, id DESC LIMIT 1",
                                 e);
    return sq_int(st, s, id, &found, "finding the stand-up", e);
}

static int end_tx(struct store *st, void *arg, struct err *e)
{
    int64_t id = *(int64_t *)arg;
    struct standup cur;
    int rc = standup_get(st, id, &cur, e);
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
    return rc;
}

int standup_end(struct store *st, int64_t id, struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "ending a stand-up", e);
    return rc ? rc : store_write(st, end_tx, &id, e);
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

bool standup_due_past(const char *due)
{
    btime t;
    if (str_empty(due) || !time_parse(due, &t))
        return false;
    char day[16], today[16];
    /* a date alone is that day in the organisation's calendar */
    if (strlen(due) == 10)
        snprintf(day, sizeof day, "%s", due);
    else
        time_org_date(t, day);
    time_org_date(time_now(), today);
    return strcmp(day, today) < 0;
}

int standup_add_entry(struct store *st, const struct standup_entry *x, int64_t *id,
                      struct err *e)
{
    if (str_empty(x->text))
        return err_set(e, ERR_USAGE, "a %s needs some text", standup_kind_name(x->kind));
    if ((int)x->kind < ENTRY_NOTE || x->kind > ENTRY_PARKING)
        return err_set(e, ERR_USAGE, "unknown kind of stand-up entry");
    if (text_check(TEXT_FREE, standup_kind_name(x->kind), x->text, e) ||
        text_check(TEXT_LOGIN, "owner", x->owner, e))
        return -e->code;
    btime due;
    if (!str_empty(x->due) && !time_parse(x->due, &due))
        return err_set(e, ERR_USAGE, "due '%s' is not a date (use YYYY-MM-DD)", x->due);
    if (x->kind == ENTRY_ACTION && !x->past_due_ok && standup_due_past(x->due))
        return err_set(e, ERR_USAGE,
                       "the action would be due on %s, which is past; give a later date, or "
                       "confirm that date",
                       x->due);
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
    if (!rc && x->kind == ENTRY_ACTION)
        rc = store_check_person(st, x->owner, e);
    char at[32];
    store_now(at);
    if (!rc) {
        /* the row as written (borrowed texts: never freed) */
        struct standup_entry row = *x;
        row.owner = str_empty(x->owner) ? NULL : x->owner;
        row.due = str_empty(x->due) ? NULL : x->due;
        row.created_by = (char *)store_actor(st);
        row.created_at = at;
        rc = entity_exec(st, &standup_entry_entity, SQL_ENTRY_INSERT, &row, 0, &new_id,
                         "adding to the stand-up", e);
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
    sqlite3_stmt *s =
        sq_prepare_int(st, ENTRY_SELECT " WHERE x.standup_id = ?1 ORDER BY x.id", standup_id, e);
    return sq_collect_entity(st, s, &standup_entry_entity, out, n, "reading the stand-up", e);
}

/* A step of the walk: stand-up id reaches or skips department dept, after
 * seconds on the one before. */
struct walk {
    int64_t id;
    const char *dept;
    int64_t seconds;
};

static int visit_tx(struct store *st, void *arg, struct err *e)
{
    const struct walk *w = arg;
    int64_t id = w->id, seconds_on_previous = w->seconds;
    const char *dept = w->dept;
    struct standup su;
    int64_t to = 0, from = 0;
    int rc = standup_get(st, id, &su, e);
    if (!rc)
        rc = dept_id(st, su.current_department, &from, e);
    if (!rc)
        rc = dept_id(st, dept, &to, e);
    if (!rc && from && seconds_on_previous > 0) {
        rc = sq_run(st,
                    "INSERT INTO standup_department (standup_id, department_id,"
                    " seconds_spent) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (standup_id, department_id) DO UPDATE"
                    " SET seconds_spent = seconds_spent + excluded.seconds_spent",
                    NULL, (const int64_t[]){id, from, seconds_on_previous}, 3,
                    "recording the time spent", e);
    }
    if (!rc && to) {
        /* a department reached has its row from the start, so the minutes
         * can tell "reached" from "not reached" even before time is banked */
        rc = sq_run(st,
                    "INSERT INTO standup_department (standup_id, department_id)"
                    " VALUES (?1, ?2) ON CONFLICT (standup_id, department_id) DO NOTHING",
                    NULL, (const int64_t[]){id, to}, 2, "recording the department reached", e);
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
    return rc;
}

int standup_visit(struct store *st, int64_t id, const char *dept, int64_t seconds_on_previous,
                  struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "moving a stand-up to another department", e);
    return rc ? rc : store_write(st, visit_tx, &(struct walk){id, dept, seconds_on_previous}, e);
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
        struct standup_entry row = {.id = entry_id, .done = done};
        rc = entity_exec(st, &standup_entry_entity, SQL_ENTRY_UPDATE, &row, 0, NULL,
                         "updating the stand-up entry", e);
        char key[24];
        id_key(standup_id, key);
        if (!rc)
            rc = audit(st, "standup_entry", entry_id, key, "update", "done", was ? "yes" : "no",
                       done ? "yes" : "no", e);
    }
    return store_tx_end(st, rc, e);
}

/* ---- the walk, time spent and skips ---------------------------------- */

static int skip_tx(struct store *st, void *arg, struct err *e)
{
    const struct walk *w = arg;
    int64_t id = w->id;
    const char *dept = w->dept;
    struct standup su;
    int64_t d = 0;
    int rc = standup_get(st, id, &su, e);
    standup_fini(&su);
    if (!rc)
        rc = dept_id(st, dept, &d, e);
    if (!rc && !d)
        rc = err_set(e, ERR_USAGE, "skipping needs a department");
    int was = 0;
    if (!rc) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "SELECT skipped FROM standup_department"
                                     " WHERE standup_id = ?1 AND department_id = ?2",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, id) || sq_bind_int(s, 2, d))
            rc = sq_error(st, e, "reading the stand-up");
        else if (sqlite3_step(s) == SQLITE_ROW)
            was = sqlite3_column_int(s, 0);
        sq_done(s);
    }
    if (!rc && !was) {
        rc = sq_run(st,
                    "INSERT INTO standup_department (standup_id, department_id, skipped)"
                    " VALUES (?1, ?2, 1) ON CONFLICT (standup_id, department_id)"
                    " DO UPDATE SET skipped = 1",
                    NULL, (const int64_t[]){id, d}, 2, "recording the skip", e);
        char key[24];
        id_key(id, key);
        if (!rc)
            rc = audit(st, "standup", id, key, "skip", "department", NULL, dept, e);
    }
    return rc;
}

int standup_skip(struct store *st, int64_t id, const char *dept, struct err *e)
{
    int rc = store_require(st, ROLE_LEAD, "skipping a department in the stand-up", e);
    return rc ? rc : store_write(st, skip_tx, &(struct walk){id, dept, 0}, e);
}

void standup_keys_free(char **keys, size_t n)
{
    sq_texts_free(keys, n);
}

int standup_walk(struct store *st, const char *const *order, size_t n_order, char ***keys,
                 size_t *n, struct err *e)
{
    *keys = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT key FROM department WHERE archived = 0"
                                 " ORDER BY sort_order, key",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    char **all = NULL;
    size_t n_all = 0;
    int rc = sq_collect(st, s, sizeof *all, sq_read_text, NULL, sq_fini_text, &all, &n_all,
                        "listing departments", e);
    if (rc)
        return rc;
    char **out = xcalloc(n_all + 1, sizeof *out);
    size_t k = 0;
    /* the configured ones first, each once */
    for (size_t i = 0; i < n_order; i++)
        for (size_t j = 0; j < n_all; j++)
            if (all[j] && str_eq(all[j], order[i])) {
                out[k++] = all[j];
                all[j] = NULL;
            }
    for (size_t j = 0; j < n_all; j++)
        if (all[j])
            out[k++] = all[j];
    free(all);
    *keys = out;
    *n = k;
    return 0;
}

/* The time spent on each department, its columns in this order. */
#define TIME_FIELD(m, t) ROW_FIELD(struct standup_time, m, t)
static const struct entity_field time_field_v[] = {
    TIME_FIELD(dept, FT_TEXT), TIME_FIELD(name, FT_TEXT), TIME_FIELD(seconds, FT_ID),
    TIME_FIELD(skipped, FT_BOOL),
};
static const struct entity time_entity = ROW_ENTITY(standup_time, time_field_v);

void standup_times_free(struct standup_time *v, size_t n)
{
    entity_list_free(&time_entity, v, n);
}

int standup_times(struct store *st, int64_t id, struct standup_time **out, size_t *n,
                  struct err *e)
{
    sqlite3_stmt *s = sq_prepare_int(st,
                                     "SELECT d.key, d.name, sd.seconds_spent, sd.skipped"
                                     " FROM standup_department sd"
                                     " JOIN department d ON d.id = sd.department_id"
                                     " WHERE sd.standup_id = ?1 ORDER BY d.sort_order, d.key",
                                     id, e);
    return sq_collect_entity(st, s, &time_entity, out, n, "reading the time spent", e);
}

/* ---- the department page --------------------------------------------- */

void standup_page_fini(struct standup_page *p)
{
    if (!p)
        return;
    free(p->dept);
    free(p->name);
    free(p->lead);
    free(p->since);
    free(p->until);
    change_list_free(p->changes, p->n_changes);
    blocker_list_free(p->we_wait, p->n_we_wait);
    blocker_list_free(p->they_wait, p->n_they_wait);
    if (p->why)
        for (size_t i = 0; i < p->n_at_risk; i++)
            free(p->why[i]);
    free(p->why);
    project_list_free(p->at_risk, p->n_at_risk);
    for (size_t i = 0; i < p->n_off; i++)
        indicator_fini(&p->off[i].ind);
    free(p->off);
    standup_entry_list_free(p->due, p->n_due);
    standup_entry_list_free(p->typed, p->n_typed);
    objective_list_free(p->objectives, p->n_objectives);
    memset(p, 0, sizeof *p);
}

int standup_blocker_cmp(const struct blocker *a, const struct blocker *b)
{
    bool ua = a->breached || a->escalation_level > 0, ub = b->breached || b->escalation_level > 0;
    if (ua != ub)
        return ua ? -1 : 1;
    int sa = a->severity ? a->severity : 5, sb = b->severity ? b->severity : 5;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = strcmp(a->raised_at ? a->raised_at : "", b->raised_at ? b->raised_at : "");
    return c ? c : strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

static int blocker_qcmp(const void *a, const void *b)
{
    return standup_blocker_cmp(a, b);
}

bool standup_project_at_risk(const struct project *p)
{
    return p->status != PROJECT_DONE && p->status != PROJECT_CANCELLED &&
           (p->health == HEALTH_AMBER || p->health == HEALTH_RED);
}

/* Appends ", " and text to sb (the first without the comma). */
static void why_add(struct strbuf *sb, const char *text)
{
    if (sb->len)
        sb_add(sb, ", ");
    sb_add(sb, text);
}

/* Appends the one-column text rows of sql (naming project :id) to sb. */
static int why_rows(struct store *st, const char *sql, int64_t id, struct strbuf *sb,
                    struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_clock(s) || sq_bind_int(s, sqlite3_bind_parameter_index(s, ":id"), id)
                 ? SQLITE_ERROR
                 : SQLITE_OK;
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        why_add(sb, (const char *)sqlite3_column_text(s, 0));
        rc = SQLITE_OK;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading why a project is at risk");
    sq_done(s);
    return rc;
}

/* The open S1 and S2 blockers of a project, most severe first (a few),
 * and the projects it depends on that are red by their own rules. */
static const char SQL_WHY_BLOCKERS[] =
    "SELECT 'S' || b.severity || ' blocker ' || b.key FROM blocker b WHERE b.project_id = :id"
    " AND b.severity IN (1, 2) AND " SQL_BLOCKER_OPEN("b") " ORDER BY b.severity, b.id LIMIT 3";
static const char SQL_WHY_DEPENDS[] =
    "SELECT 'depends on ' || dq.key || ' (red)' FROM project_dependency dl JOIN project dq"
    " ON dq.id = dl.depends_on_id WHERE dl.project_id = :id AND " SQL_PROJECT_RED_SELF("dq")
    " ORDER BY dq.key LIMIT 3";

int project_at_risk_why(struct store *st, const struct project *p, char **out, struct err *e)
{
    *out = NULL;
    struct strbuf sb;
    sb_init(&sb);
    if (p->health_set == HEALTH_RED || p->health_set == HEALTH_AMBER)
        why_add(&sb, p->health_set == HEALTH_RED ? "set red by hand" : "set amber by hand");
    btime now = time_now();
    char today[16], soon[16];
    time_org_date(now, today);
    time_org_date(time_org_day_start(now, PROJECT_RISK_DAYS), soon);
    char due[32], date[16];
    snprintf(date, sizeof date, "%.10s", p->due ? p->due : "");
    time_human(date, due);
    if (p->overdue) {
        char *t = xasprintf("overdue (due %s)", due);
        why_add(&sb, t);
        free(t);
    } else if (!str_empty(p->due) && strncmp(p->due, soon, 10) <= 0 &&
               p->progress < PROJECT_RISK_PROGRESS) {
        char *t = xasprintf("due %s at %d%%", due, p->progress);
        why_add(&sb, t);
        free(t);
    }
    int rc = why_rows(st, SQL_WHY_BLOCKERS, p->id, &sb, e);
    if (!rc)
        rc = why_rows(st, SQL_WHY_DEPENDS, p->id, &sb, e);
    if (rc) {
        sb_fini(&sb);
        return rc;
    }
    *out = sb_take(&sb);
    return 0;
}

int standup_project_cmp(const struct project *a, const struct project *b)
{
    if (a->health != b->health)
        return a->health > b->health ? -1 : 1;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    bool da = !str_empty(a->due), db = !str_empty(b->due);
    if (da != db)
        return da ? -1 : 1;
    int c = da ? strcmp(a->due, b->due) : 0;
    return c ? c : strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

static int project_qcmp(const void *a, const void *b)
{
    return standup_project_cmp(a, b);
}

/* Red before amber, then by key (as the stored listing's ORDER BY). */
static int indicator_qcmp(const void *pa, const void *pb)
{
    const struct indicator *a = pa, *b = pb;
    if (a->status != b->status)
        return a->status > b->status ? -1 : 1;
    return strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

/* Open blockers waiting on dept, from the flow's stored roll-up (a row
 * per pair of departments, kept whatever the day). */
static int waiting_on_count(struct store *st, const char *dept, int64_t *n, struct err *e)
{
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT COALESCE(sum(open), 0) FROM flow_cell WHERE to_id ="
                                 " (SELECT id FROM department WHERE key = :dept)",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_named_text(st, s, ":dept", dept, e);
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW)
            *n = sqlite3_column_int64(s, 0);
        else
            rc = sq_error(st, e, "counting blockers");
    }
    sq_done(s);
    return rc;
}

/* The most urgent STANDUP_BLOCKERS_SHOWN of each list, read in urgency
 * order through their indexes, and the totals from the roll-up: those
 * waiting on the department (the flows into it), then the department's
 * own (its open blockers, as kept by the roll-up, less those). */
static int page_blockers(struct store *st, struct standup_page *p, struct err *e)
{
    const int cap = STANDUP_BLOCKERS_SHOWN;
    int64_t all = 0, theirs = 0;
    struct query cq = {.dept = p->dept, .state = "open"};
    int rc = blocker_count(st, &cq, &all, e);
    if (!rc)
        rc = waiting_on_count(st, p->dept, &theirs, e);
    if (rc)
        return rc;
    p->total_they_wait = (size_t)theirs;
    p->total_we_wait = all > theirs ? (size_t)(all - theirs) : 0;
    rc = blocker_most_urgent(st, p->dept, true, cap, &p->they_wait, &p->n_they_wait, e);
    if (!rc)
        rc = blocker_most_urgent(st, p->dept, false, cap, &p->we_wait, &p->n_we_wait, e);
    if (rc)
        return rc;
    if (p->n_we_wait > 1)
        qsort(p->we_wait, p->n_we_wait, sizeof *p->we_wait, blocker_qcmp);
    if (p->n_they_wait > 1)
        qsort(p->they_wait, p->n_they_wait, sizeof *p->they_wait, blocker_qcmp);
    return 0;
}

/* Projects at risk by the stored roll-up (the one rule: open, and amber
 * or red, project.h): the first STANDUP_PROJECTS_SHOWN in one read of
 * their index, and how many. */
static int page_projects_stored(struct store *st, struct standup_page *p, int64_t at_risk,
                                struct err *e)
{
    p->total_at_risk = (size_t)at_risk;
    int rc = project_list_at_risk(st, p->dept, STANDUP_PROJECTS_SHOWN, &p->at_risk,
                                  &p->n_at_risk, e);
    if (!rc && p->n_at_risk > 1)
        qsort(p->at_risk, p->n_at_risk, sizeof *p->at_risk, project_qcmp);
    return rc;
}

/* Why each listed project is at risk, in the list's order. */
static int page_why(struct store *st, struct standup_page *p, struct err *e)
{
    p->why = xcalloc(p->n_at_risk + 1, sizeof *p->why);
    int rc = 0;
    for (size_t i = 0; !rc && i < p->n_at_risk; i++)
        rc = project_at_risk_why(st, &p->at_risk[i], &p->why[i], e);
    return rc;
}

static int page_projects(struct store *st, struct standup_page *p, struct err *e)
{
    bool stored = false;
    int rc = rollup_ready(st, &stored, e);
    if (rc)
        return rc;
    int64_t at_risk = 0, off = 0;
    bool known = false;
    if (stored && (rc = rollup_off_counts(st, p->dept, &at_risk, &off, &known, e)))
        return rc;
    if (stored && known) {
        rc = page_projects_stored(st, p, at_risk, e);
        return rc ? rc : page_why(st, p, e);
    }
    /* a read-only database of another day: every project, computed */
    struct query q = {.dept = p->dept};
    struct project *v = NULL;
    size_t n = 0;
    rc = project_list(st, &q, &v, &n, e);
    if (rc)
        return rc;
    p->at_risk = xcalloc(n + 1, sizeof *p->at_risk);
    for (size_t i = 0; i < n; i++) {
        if (str_eq(v[i].department, p->dept) && standup_project_at_risk(&v[i]))
            p->at_risk[p->n_at_risk++] = v[i];
        else
            project_fini(&v[i]);
    }
    free(v);
    if (p->n_at_risk > 1)
        qsort(p->at_risk, p->n_at_risk, sizeof *p->at_risk, project_qcmp);
    p->total_at_risk = p->n_at_risk;
    return page_why(st, p, e);
}

static int value_at(struct store *st, const char *key, const char *at, bool *has, double *value,
                    enum health *status, struct err *e)
{
    *has = false;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT hr.value, " SQL_READING_STATUS("i") " FROM indicator i"
                                 " JOIN reading hr ON hr.indicator_id = i.id"
                                 SQL_INDICATOR_TARGET_JOIN
                                 " WHERE i.key = :key AND hr.at <= :at ORDER BY hr.at DESC LIMIT 1",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_text(s, sqlite3_bind_parameter_index(s, ":key"), key) ||
                     sq_bind_text(s, sqlite3_bind_parameter_index(s, ":at"), at)
                 ? SQLITE_ERROR
                 : sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *has = true;
        *value = sqlite3_column_double(s, 0);
        *status = (enum health)sqlite3_column_int(s, 1);
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading an indicator");
    sq_done(s);
    return rc;
}

/* Fills the page's entry for indicator ind (taken over): where it stood
 * at the window's start and its latest readings. */
static int off_add(struct store *st, struct standup_page *p, struct indicator *ind,
                   struct err *e)
{
    struct standup_indicator *x = &p->off[p->n_off++];
    x->ind = *ind;
    int rc = value_at(st, x->ind.key, p->since, &x->has_since, &x->since_value, &x->since_status,
                      e);
    x->fresh = x->ind.value_at && strcmp(x->ind.value_at, p->since) > 0;
    if (!rc)
        rc = indicator_spark(st, x->ind.key, STANDUP_SPARK, x->spark, &x->n_spark, e);
    return rc;
}

/* The first STANDUP_INDICATORS_SHOWN off target by their stored status
 * (red first, then by key), through the department's index; the total
 * is the roll-up's. */
static int page_indicators_stored(struct store *st, struct standup_page *p, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT i.key FROM indicator i WHERE i.department_id ="
                                 " (SELECT id FROM department WHERE key = :dept) AND i.status >= 2"
                                 " ORDER BY i.status DESC, i.key LIMIT :cap",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_named_text(st, s, ":dept", p->dept, e) ||
        sq_bind_named_int(st, s, ":cap", STANDUP_INDICATORS_SHOWN, e)) {
        sq_done(s);
        return -e->code;
    }
    char **keys = NULL;
    size_t n = 0;
    int rc = sq_collect(st, s, sizeof *keys, sq_read_text, NULL, sq_fini_text, &keys, &n,
                        "listing indicators off target", e);
    if (rc)
        return rc;
    p->off = xcalloc(n + 1, sizeof *p->off);
    for (size_t i = 0; i < n; i++) {
        struct indicator ind;
        if (!rc && (rc = indicator_get(st, keys[i], &ind, e)) == 0)
            rc = off_add(st, p, &ind, e);
    }
    sq_texts_free(keys, n);
    return rc;
}

static int page_indicators(struct store *st, struct standup_page *p, struct err *e)
{
    int64_t at_risk = 0, off = 0;
    bool known = false;
    int rc = rollup_off_counts(st, p->dept, &at_risk, &off, &known, e);
    if (rc)
        return rc;
    if (known) {
        p->total_off = (size_t)off;
        return page_indicators_stored(st, p, e);
    }
    /* no roll-up yet: every indicator of the department, computed */
    struct query q = {.dept = p->dept};
    struct indicator *v = NULL;
    size_t n = 0;
    if ((rc = indicator_list(st, &q, &v, &n, e)))
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].status == HEALTH_AMBER || v[i].status == HEALTH_RED)
            v[k++] = v[i];
        else
            indicator_fini(&v[i]);
    if (k > 1)
        qsort(v, k, sizeof *v, indicator_qcmp);
    p->total_off = k;
    p->off = xcalloc(k + 1, sizeof *p->off);
    for (size_t i = 0; i < k; i++) {
        if (!rc && i < STANDUP_INDICATORS_SHOWN)
            rc = off_add(st, p, &v[i], e);
        else
            indicator_fini(&v[i]);
    }
    free(v);
    return rc;
}

static int page_entries(struct store *st, struct standup_page *p, int64_t standup_id,
                        bool due_ones, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st,
        due_ones ? ENTRY_SELECT " WHERE d.key = :dept AND x.kind = 'action' AND x.done = 0"
                   " AND x.due IS NOT NULL AND substr(x.due, 1, 10) <= :today"
                   " AND x.standup_id <> :standup ORDER BY x.due, x.id"
                 : ENTRY_SELECT " WHERE d.key = :dept AND x.standup_id = :standup ORDER BY x.id",
        e);
    if (!s)
        return -ERR_RUNTIME;
    char today[16];
    time_org_date(time_now(), today);
    int today_idx = sqlite3_bind_parameter_index(s, ":today");
    if (sq_bind_text(s, sqlite3_bind_parameter_index(s, ":dept"), p->dept) ||
        (today_idx && sq_bind_text(s, today_idx, today)) ||
        sq_bind_int(s, sqlite3_bind_parameter_index(s, ":standup"), standup_id)) {
        sq_done(s);
        return sq_error(st, e, "reading stand-up entries");
    }
    return sq_collect_entity(st, s, &standup_entry_entity, due_ones ? &p->due : &p->typed,
                             due_ones ? &p->n_due : &p->n_typed, "reading stand-up entries", e);
}

static int page_load(struct store *st, int64_t standup_id, const char *dept, const char *since,
                     const char *until, struct standup_page *out, struct err *e);

int standup_page_load(struct store *st, int64_t standup_id, const char *dept, const char *since,
                      const char *until, struct standup_page *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    /* The roll-up made today's first (that may write), then every read of
     * the page in one read transaction: one snapshot, and no lock taken
     * and let go per statement. */
    bool stored = false;
    int rc = rollup_ready(st, &stored, e);
    if (rc)
        return rc;
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    if (own_tx && sq_exec(st, "BEGIN", e))
        return -ERR_RUNTIME;
    rc = page_load(st, standup_id, dept, since, until, out, e);
    if (own_tx && rc)
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    else if (own_tx && (rc = sq_exec(st, "COMMIT", e)) != 0)
        standup_page_fini(out);
    return rc;
}

static int page_load(struct store *st, int64_t standup_id, const char *dept, const char *since,
                     const char *until, struct standup_page *out, struct err *e)
{
    struct department d;
    int rc = department_get(st, dept, &d, e);
    if (rc)
        return rc;
    out->dept = xstrdup(d.key);
    out->name = xstrdup(d.name);
    out->lead = xstrdup(d.lead);
    department_fini(&d);
    char now[32];
    store_now(now);
    out->since = xstrdup(str_empty(since) ? now : since);
    out->until = xstrdup(str_empty(until) ? now : until);
    rc = changes_since(st, out->dept, out->since, out->until, &out->changes, &out->n_changes, e);
    if (!rc)
        rc = page_blockers(st, out, e);
    if (!rc)
        rc = page_projects(st, out, e);
    if (!rc)
        rc = page_indicators(st, out, e);
    if (!rc) {
        struct objective_filter f = {.dept = out->dept};
        rc = objective_list(st, &f, &out->objectives, &out->n_objectives, e);
    }
    if (!rc)
        rc = page_entries(st, out, standup_id, true, e);
    if (!rc && standup_id)
        rc = page_entries(st, out, standup_id, false, e);
    if (rc)
        standup_page_fini(out);
    return rc;
}
