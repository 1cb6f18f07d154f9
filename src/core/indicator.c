/*
 * Indicators and their readings. An indicator's status comes from its
 * latest reading under its direction, target and thresholds: in C through
 * indicator_status(), and in SQL (for sorting and roll-ups) through the
 * SQL_INDICATOR_STATUS fragment of internal.h, which follows the same
 * rules. Readings are found through the (indicator_id, at) index, newest
 * first, so the latest value, the previous one and a sparkline are each a
 * short index walk however long the history is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

/* ---- status ----------------------------------------------------------- */

enum health indicator_status(const struct indicator *i, double value)
{
    /* Lower-is-better mirrors higher-is-better: compare the negated values. */
    double sign = i->direction == DIRECTION_DOWN ? -1.0 : 1.0;
    double v = sign * value;
    if (i->has_red || i->has_amber) {
        if (i->has_red && v < sign * i->red)
            return HEALTH_RED;
        if (i->has_amber && v < sign * i->amber)
            return HEALTH_AMBER;
        return HEALTH_GREEN;
    }
    if (i->has_target && v < sign * i->target)
        return HEALTH_RED;
    return HEALTH_GREEN;
}

/* ---- statements ------------------------------------------------------- */

#define IND_SELECT                                                                              \
    "SELECT i.id, i.key, i.name, d.key, i.owner, i.unit, i.format, i.direction, i.target,"    \
    " i.amber, i.red, i.stale_days, pj.key, i.version,"                                        \
    " (SELECT lr.value FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC"       \
    " LIMIT 1),"                                                                               \
    " (SELECT lr.at FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC LIMIT 1),"\
    " (SELECT lr.value FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC"       \
    " LIMIT 1 OFFSET 1), " SQL_INDICATOR_STATUS("i") " AS status"                              \
    " FROM indicator i LEFT JOIN department d ON d.id = i.department_id"                       \
    " LEFT JOIN project pj ON pj.id = i.project_id"
#define IND_FILTER                                                                              \
    " WHERE (:dept IS NULL OR d.key = :dept) AND (:text IS NULL"                               \
    " OR instr(lower(i.key), lower(:text)) > 0 OR instr(lower(i.name), lower(:text)) > 0)"
#define IND_LIST(order) IND_SELECT IND_FILTER " ORDER BY " order " LIMIT :limit OFFSET :offset"

/* status is the enum health value: red, amber, green, then no reading. */
static const char *const indicator_list_sql[][2] = {
    [IND_SORT_DEFAULT] = {IND_LIST("i.department_id IS NOT NULL, d.sort_order, d.key, i.key"),
                          IND_LIST("i.department_id IS NOT NULL DESC, d.sort_order DESC,"
                                   " d.key DESC, i.key DESC")},
    [IND_SORT_KEY] = {IND_LIST("i.key"), IND_LIST("i.key DESC")},
    [IND_SORT_NAME] = {IND_LIST("i.name, i.key"), IND_LIST("i.name DESC, i.key DESC")},
    [IND_SORT_STATUS] = {IND_LIST("status DESC, i.key"), IND_LIST("status, i.key DESC")},
};

static const char SQL_COUNT[] = "SELECT count(*) FROM indicator i LEFT JOIN department d"
                                " ON d.id = i.department_id" IND_FILTER;
static const char SQL_GET[] = IND_SELECT " WHERE i.key = :key";
static const char SQL_ID[] = "SELECT id FROM indicator WHERE key = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO indicator (key, name, department_id, owner, unit, format, direction, target,"
    " amber, red, stale_days, project_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12)";
static const char SQL_UPDATE[] =
    "UPDATE indicator SET name = ?1, department_id = ?2, owner = ?3, unit = ?4, format = ?5,"
    " direction = ?6, target = ?7, amber = ?8, red = ?9, stale_days = ?10, project_id = ?11,"
    " version = version + 1 WHERE id = ?12";
static const char SQL_READING_AT[] =
    "SELECT id, value, note FROM reading WHERE indicator_id = ?1 AND at = ?2";
static const char SQL_READING_INSERT[] =
    "INSERT INTO reading (indicator_id, at, value, note, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_READING_REPLACE[] =
    "UPDATE reading SET value = ?1, note = ?2, recorded_by = ?3 WHERE id = ?4";
static const char SQL_READINGS[] =
    "SELECT at, value, note, recorded_by FROM (SELECT at, value, note, recorded_by FROM reading"
    " WHERE indicator_id = :id AND (:since IS NULL OR at >= :since) ORDER BY at DESC"
    " LIMIT :limit) ORDER BY at";
static const char SQL_SPARK[] =
    "SELECT value FROM reading WHERE indicator_id = ?1 ORDER BY at DESC LIMIT ?2";

static const char *const formats[] = {"number", "percent", "currency", "duration"};

/* ---- the structs ------------------------------------------------------ */

void indicator_fini(struct indicator *i)
{
    if (!i)
        return;
    free(i->key);
    free(i->name);
    free(i->department);
    free(i->owner);
    free(i->unit);
    free(i->format);
    free(i->project);
    free(i->value_at);
    memset(i, 0, sizeof *i);
}

void indicator_list_free(struct indicator *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        indicator_fini(&v[k]);
    free(v);
}

void reading_fini(struct reading *r)
{
    if (!r)
        return;
    free(r->at);
    free(r->note);
    free(r->recorded_by);
    memset(r, 0, sizeof *r);
}

void reading_list_free(struct reading *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        reading_fini(&v[k]);
    free(v);
}

/* ---- helpers ---------------------------------------------------------- */

static const char *nonempty(const char *s)
{
    return str_empty(s) ? NULL : s;
}

static int bind_name_text(struct store *st, sqlite3_stmt *s, const char *name, const char *v,
                          struct err *e)
{
    int k = sqlite3_bind_parameter_index(s, name);
    if (k && sq_bind_text(s, k, v) != SQLITE_OK)
        return sq_error(st, e, "binding an indicator query");
    return 0;
}

static int bind_name_int(struct store *st, sqlite3_stmt *s, const char *name, int64_t v,
                         struct err *e)
{
    int k = sqlite3_bind_parameter_index(s, name);
    if (k && sq_bind_int(s, k, v) != SQLITE_OK)
        return sq_error(st, e, "binding an indicator query");
    return 0;
}

static int bind_opt_double(sqlite3_stmt *s, int idx, bool has, double v)
{
    return has ? sqlite3_bind_double(s, idx, v) : sqlite3_bind_null(s, idx);
}

/* The shortest text that reads back as the same double. */
static void fmt_number(double v, char out[32])
{
    /* Whole numbers as plain digits: "1250000", not "1.25e+06". */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, 32, "%.0f", v);
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(out, 32, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

static void indicator_read(sqlite3_stmt *s, struct indicator *i, btime now)
{
    memset(i, 0, sizeof *i);
    i->id = sqlite3_column_int64(s, 0);
    i->key = sq_col_text(s, 1);
    i->name = sq_col_text(s, 2);
    i->department = sq_col_text(s, 3);
    i->owner = sq_col_text(s, 4);
    i->unit = sq_col_text(s, 5);
    i->format = sq_col_text(s, 6);
    const char *dir = (const char *)sqlite3_column_text(s, 7);
    if (!dir || !direction_parse(dir, &i->direction))
        i->direction = DIRECTION_UP;
    i->has_target = sqlite3_column_type(s, 8) != SQLITE_NULL;
    i->target = sqlite3_column_double(s, 8);
    i->has_amber = sqlite3_column_type(s, 9) != SQLITE_NULL;
    i->amber = sqlite3_column_double(s, 9);
    i->has_red = sqlite3_column_type(s, 10) != SQLITE_NULL;
    i->red = sqlite3_column_double(s, 10);
    i->stale_days = sqlite3_column_int(s, 11);
    i->project = sq_col_text(s, 12);
    i->version = sqlite3_column_int64(s, 13);
    i->has_value = sqlite3_column_type(s, 14) != SQLITE_NULL;
    i->value = sqlite3_column_double(s, 14);
    i->value_at = sq_col_text(s, 15);
    i->has_prev = sqlite3_column_type(s, 16) != SQLITE_NULL;
    i->prev = sqlite3_column_double(s, 16);
    i->status = i->has_value ? indicator_status(i, i->value) : HEALTH_UNKNOWN;
    btime at;
    i->stale = i->has_value && i->stale_days > 0 && time_parse(i->value_at, &at) &&
               at < now - (btime)i->stale_days * 86400;
}

static int64_t indicator_id(struct store *st, const char *key, struct err *e)
{
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    sqlite3_stmt *s = sq_prepare(st, SQL_ID, e);
    if (!s)
        return -ERR_RUNTIME;
    int64_t id;
    if (sq_bind_text(s, 1, key) != SQLITE_OK) {
        id = sq_error(st, e, "looking up the indicator");
    } else {
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
        else if (rc == SQLITE_DONE)
            id = err_set(e, ERR_USAGE, "no indicator %s", key);
        else
            id = sq_error(st, e, "looking up the indicator");
    }
    sq_done(s);
    return id;
}

/* ---- reading ---------------------------------------------------------- */

int indicator_get(struct store *st, const char *key, struct indicator *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    sqlite3_stmt *s = sq_prepare(st, SQL_GET, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_name_text(st, s, ":key", key, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        indicator_read(s, out, time_now());
    else
        rc = step == SQLITE_DONE ? err_set(e, ERR_USAGE, "no indicator %s", key)
                                 : sq_error(st, e, "reading the indicator");
    sq_done(s);
    return rc;
}

static int bind_query(struct store *st, sqlite3_stmt *s, const struct query *q, struct err *e)
{
    int rc = bind_name_text(st, s, ":dept", nonempty(q->dept), e);
    if (!rc)
        rc = bind_name_text(st, s, ":text", nonempty(q->text), e);
    if (!rc)
        rc = bind_name_int(st, s, ":limit", q->limit > 0 ? q->limit : -1, e);
    if (!rc)
        rc = bind_name_int(st, s, ":offset", q->offset > 0 ? q->offset : 0, e);
    return rc;
}

int indicator_list(struct store *st, const struct query *q, struct indicator **out, size_t *n,
                   struct err *e)
{
    *out = NULL;
    *n = 0;
    static const struct query none;
    if (!q)
        q = &none;
    size_t nsorts = sizeof indicator_list_sql / sizeof indicator_list_sql[0];
    if (q->sort < 0 || (size_t)q->sort >= nsorts)
        return err_set(e, ERR_USAGE, "no such indicator sort (%d)", q->sort);
    sqlite3_stmt *s = sq_prepare(st, indicator_list_sql[q->sort][q->desc ? 1 : 0], e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_query(st, s, q, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    btime now = time_now();
    struct indicator *v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        indicator_read(s, &v[len++], now);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading indicators");
        sq_done(s);
        indicator_list_free(v, len);
        return rc;
    }
    sq_done(s);
    *out = v;
    *n = len;
    return 0;
}

int indicator_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    *n = 0;
    static const struct query none;
    sqlite3_stmt *s = sq_prepare(st, SQL_COUNT, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_query(st, s, q ? q : &none, e);
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW)
            *n = sqlite3_column_int64(s, 0);
        else
            rc = sq_error(st, e, "counting indicators");
    }
    sq_done(s);
    return rc;
}

/* ---- add and update --------------------------------------------------- */

/* The validated foreign keys of an indicator. */
struct refs {
    int64_t dept_id, project_id;
    const char *format;
};

static int refs_check(struct store *st, const struct indicator *i, struct refs *r,
                      struct err *e)
{
    memset(r, 0, sizeof *r);
    if (str_empty(i->name))
        return err_set(e, ERR_USAGE, "indicator %s needs a name", i->key);
    if (i->direction != DIRECTION_UP && i->direction != DIRECTION_DOWN)
        return err_set(e, ERR_USAGE, "indicator %s has no valid direction", i->key);
    if (i->stale_days < 0)
        return err_set(e, ERR_USAGE, "stale days of %s cannot be negative", i->key);
    if ((i->has_target && !isfinite(i->target)) || (i->has_amber && !isfinite(i->amber)) ||
        (i->has_red && !isfinite(i->red)))
        return err_set(e, ERR_USAGE, "target and thresholds of %s must be finite numbers",
                       i->key);
    r->format = "number";
    if (!str_empty(i->format)) {
        r->format = NULL;
        for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
            if (strcmp(i->format, formats[k]) == 0)
                r->format = formats[k];
        if (!r->format)
            return err_set(e, ERR_USAGE,
                           "indicator format %s is unknown (number, percent, currency, duration)",
                           i->format);
    }
    if (!str_empty(i->department)) {
        r->dept_id = store_department_id(st, i->department, e);
        if (r->dept_id <= 0)
            return r->dept_id < 0 ? (int)r->dept_id
                                  : err_set(e, ERR_USAGE, "no department %s", i->department);
    }
    if (!str_empty(i->project)) {
        r->project_id = store_project_id(st, i->project, e);
        if (r->project_id <= 0)
            return r->project_id < 0 ? (int)r->project_id
                                     : err_set(e, ERR_USAGE, "no project %s", i->project);
    }
    return 0;
}

/* Binds name .. project_id from `first` on, in the column order of
 * SQL_INSERT after the key (and of SQL_UPDATE). */
static int bind_fields(sqlite3_stmt *s, int first, const struct indicator *i,
                       const struct refs *r)
{
    int rc = SQLITE_OK;
    rc |= sq_bind_text(s, first, i->name);
    rc |= r->dept_id ? sq_bind_int(s, first + 1, r->dept_id) : sqlite3_bind_null(s, first + 1);
    rc |= sq_bind_text(s, first + 2, nonempty(i->owner));
    rc |= sq_bind_text(s, first + 3, nonempty(i->unit));
    rc |= sq_bind_text(s, first + 4, r->format);
    rc |= sq_bind_text(s, first + 5, direction_name(i->direction));
    rc |= bind_opt_double(s, first + 6, i->has_target, i->target);
    rc |= bind_opt_double(s, first + 7, i->has_amber, i->amber);
    rc |= bind_opt_double(s, first + 8, i->has_red, i->red);
    rc |= sq_bind_int(s, first + 9, i->stale_days);
    rc |= r->project_id ? sq_bind_int(s, first + 10, r->project_id)
                        : sqlite3_bind_null(s, first + 10);
    return rc;
}

static int add_tx(struct store *st, const struct indicator *i, struct err *e)
{
    if (str_empty(i->key))
        return err_set(e, ERR_USAGE, "an indicator needs a key");
    struct refs r;
    int rc = refs_check(st, i, &r, e);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare(st, SQL_ID, e);
    if (!s)
        return -ERR_RUNTIME;
    int step = sq_bind_text(s, 1, i->key) == SQLITE_OK ? sqlite3_step(s) : SQLITE_ERROR;
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = sq_error(st, e, "looking up the indicator");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    if (step == SQLITE_ROW)
        return err_set(e, ERR_USAGE, "indicator %s exists", i->key);
    s = sq_prepare(st, SQL_INSERT, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, i->key) != SQLITE_OK || bind_fields(s, 2, i, &r) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_DONE) {
        rc = sq_error(st, e, "adding the indicator");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    return audit(st, "indicator", sqlite3_last_insert_rowid(st->db), i->key, "create", NULL,
                 NULL, i->name, e);
}

int indicator_add(struct store *st, const struct indicator *i, struct err *e)
{
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, add_tx(st, i, e), e);
}

/* An optional number as audit text (NULL when absent). */
static const char *opt_number(bool has, double v, char buf[32])
{
    if (!has)
        return NULL;
    fmt_number(v, buf);
    return buf;
}

static int update_tx(struct store *st, const struct indicator *i, struct err *e)
{
    struct indicator cur;
    int rc = indicator_get(st, i->key, &cur, e);
    if (rc)
        return rc;
    struct refs r;
    if (i->version && i->version != cur.version)
        rc = store_conflict(st, "indicator", cur.id, cur.key, e);
    else
        rc = refs_check(st, i, &r, e);
    if (rc) {
        indicator_fini(&cur);
        return rc;
    }
    char o[3][32], n[3][32];
    const char *fields[][3] = {
        {"name", cur.name, i->name},
        {"department", cur.department, nonempty(i->department)},
        {"owner", cur.owner, nonempty(i->owner)},
        {"unit", cur.unit, nonempty(i->unit)},
        {"format", cur.format ? cur.format : "number", r.format},
        {"direction", direction_name(cur.direction), direction_name(i->direction)},
        {"target", opt_number(cur.has_target, cur.target, o[0]),
         opt_number(i->has_target, i->target, n[0])},
        {"amber", opt_number(cur.has_amber, cur.amber, o[1]),
         opt_number(i->has_amber, i->amber, n[1])},
        {"red", opt_number(cur.has_red, cur.red, o[2]), opt_number(i->has_red, i->red, n[2])},
        {"project", cur.project, nonempty(i->project)},
    };
    bool changed = cur.stale_days != i->stale_days;
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
        changed = changed || !str_eq(fields[k][1], fields[k][2]);
    if (changed) {
        for (size_t k = 0; k < sizeof fields / sizeof fields[0] && !rc; k++)
            rc = audit_change(st, "indicator", cur.id, cur.key, fields[k][0], fields[k][1],
                              fields[k][2], e);
        if (!rc)
            rc = audit_change_int(st, "indicator", cur.id, cur.key, "stale_days",
                                  cur.stale_days, i->stale_days, e);
        sqlite3_stmt *s = rc ? NULL : sq_prepare(st, SQL_UPDATE, e);
        if (!rc && !s)
            rc = -ERR_RUNTIME;
        if (s) {
            if (bind_fields(s, 1, i, &r) != SQLITE_OK || sq_bind_int(s, 12, cur.id) != SQLITE_OK ||
                sqlite3_step(s) != SQLITE_DONE)
                rc = sq_error(st, e, "updating the indicator");
            sq_done(s);
        }
    }
    indicator_fini(&cur);
    return rc;
}

int indicator_update(struct store *st, const struct indicator *i, struct err *e)
{
    if (str_empty(i->key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, update_tx(st, i, e), e);
}

/* ---- readings --------------------------------------------------------- */

static int record_tx(struct store *st, const char *key, const char *at, double value,
                     const char *note, struct err *e)
{
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    sqlite3_stmt *s = sq_prepare(st, SQL_READING_AT, e);
    if (!s)
        return -ERR_RUNTIME;
    int step = SQLITE_ERROR;
    if (sq_bind_int(s, 1, id) == SQLITE_OK && sq_bind_text(s, 2, at) == SQLITE_OK)
        step = sqlite3_step(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        int rc = sq_error(st, e, "looking up the reading");
        sq_done(s);
        return rc;
    }
    int64_t rid = 0;
    double old = 0;
    char *old_note = NULL;
    if (step == SQLITE_ROW) {
        rid = sqlite3_column_int64(s, 0);
        old = sqlite3_column_double(s, 1);
        old_note = sq_col_text(s, 2);
    }
    sq_done(s);

    char nv[32], ov[32];
    fmt_number(value, nv);
    char *new_text = xasprintf("%s at %s", nv, at);
    int rc = 0;
    if (rid) {
        bool same = old == value && str_eq(old_note, note);
        if (!same) {
            fmt_number(old, ov);
            char *old_text = xasprintf("%s at %s", ov, at);
            s = sq_prepare(st, SQL_READING_REPLACE, e);
            if (!s) {
                rc = -ERR_RUNTIME;
            } else {
                if (sqlite3_bind_double(s, 1, value) != SQLITE_OK ||
                    sq_bind_text(s, 2, note) != SQLITE_OK ||
                    sq_bind_text(s, 3, store_actor(st)) != SQLITE_OK ||
                    sq_bind_int(s, 4, rid) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
                    rc = sq_error(st, e, "replacing the reading");
                sq_done(s);
            }
            if (!rc)
                rc = audit(st, "indicator", id, key, "update", "reading", old_text, new_text, e);
            free(old_text);
        }
    } else {
        s = sq_prepare(st, SQL_READING_INSERT, e);
        if (!s) {
            rc = -ERR_RUNTIME;
        } else {
            if (sq_bind_int(s, 1, id) != SQLITE_OK || sq_bind_text(s, 2, at) != SQLITE_OK ||
                sqlite3_bind_double(s, 3, value) != SQLITE_OK ||
                sq_bind_text(s, 4, note) != SQLITE_OK ||
                sq_bind_text(s, 5, store_actor(st)) != SQLITE_OK ||
                sqlite3_step(s) != SQLITE_DONE)
                rc = sq_error(st, e, "recording the reading");
            sq_done(s);
        }
        if (!rc)
            rc = audit(st, "indicator", id, key, "record", "reading", NULL, new_text, e);
    }
    free(new_text);
    free(old_note);
    return rc;
}

int indicator_record(struct store *st, const char *key, const char *at, double value,
                     const char *note, struct err *e)
{
    if (!isfinite(value))
        return err_set(e, ERR_USAGE, "a reading must be a finite number");
    char when[32];
    if (str_empty(at)) {
        store_now(when);
    } else {
        btime t;
        if (!time_parse(at, &t))
            return err_set(e, ERR_USAGE,
                           "\"%s\" is not a time (use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z])", at);
        time_fmt_iso(t, when);
    }
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, record_tx(st, key, when, value, nonempty(note), e), e);
}

int indicator_readings(struct store *st, const char *key, const char *since, int limit,
                       struct reading **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char from[32];
    if (!str_empty(since)) {
        btime t;
        if (!time_parse(since, &t))
            return err_set(e, ERR_USAGE, "\"%s\" is not a time (use YYYY-MM-DD[THH:MM])",
                           since);
        time_fmt_iso(t, from);
    }
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    sqlite3_stmt *s = sq_prepare(st, SQL_READINGS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_name_int(st, s, ":id", id, e);
    if (!rc)
        rc = bind_name_text(st, s, ":since", str_empty(since) ? NULL : from, e);
    if (!rc)
        rc = bind_name_int(st, s, ":limit", limit > 0 ? limit : -1, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    struct reading *v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 32;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct reading *r = &v[len++];
        r->at = sq_col_text(s, 0);
        r->value = sqlite3_column_double(s, 1);
        r->note = sq_col_text(s, 2);
        r->recorded_by = sq_col_text(s, 3);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the readings");
        sq_done(s);
        reading_list_free(v, len);
        return rc;
    }
    sq_done(s);
    *out = v;
    *n = len;
    return 0;
}

int indicator_spark(struct store *st, const char *key, int n, double *out, int *got,
                    struct err *e)
{
    *got = 0;
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    if (n <= 0)
        return 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_SPARK, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_int(s, 1, id) != SQLITE_OK || sq_bind_int(s, 2, n) != SQLITE_OK) {
        int rc = sq_error(st, e, "binding the sparkline query");
        sq_done(s);
        return rc;
    }
    int k = 0, rc = SQLITE_DONE;
    while (k < n && (rc = sqlite3_step(s)) == SQLITE_ROW)
        out[k++] = sqlite3_column_double(s, 0);
    if (k < n && rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the sparkline");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    /* Newest first from the index; the caller draws oldest first. */
    for (int a = 0, b = k - 1; a < b; a++, b--) {
        double t = out[a];
        out[a] = out[b];
        out[b] = t;
    }
    *got = k;
    return 0;
}
