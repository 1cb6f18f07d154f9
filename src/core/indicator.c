/*
 * Indicators and their readings. An indicator's status comes from its
 * latest reading under its direction and the target and thresholds in
 * force when that reading was taken: in C through indicator_status(), and
 * in SQL (for sorting, roll-ups and the status of each reading) through the
 * SQL_READING_STATUS / SQL_INDICATOR_STATUS fragments of internal.h, which
 * follow the same rules (indicator_status() and the formatting of values
 * are in indicator_format.c). Readings are found through the (indicator_id, at)
 * index, newest first, so the latest value, a trend and a sparkline are
 * each a few index seeks, and a chart is one GROUP BY, however long the
 * history is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "indicator_internal.h"

/* ---- statements ------------------------------------------------------- */

/* The descriptor's fields, then the latest reading's value and time, the
 * value before it and the status (indicator_read). */
#define IND_SELECT                                                                              \
    "SELECT " ENT_COLUMNS(INDICATOR_FIELDS)                                                    \
    " (SELECT lr.value FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC"       \
    " LIMIT 1),"                                                                               \
    " (SELECT lr.at FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC LIMIT 1),"\
    " (SELECT lr.value FROM reading lr WHERE lr.indicator_id = i.id ORDER BY lr.at DESC"       \
    " LIMIT 1 OFFSET 1), " SQL_INDICATOR_STATUS("i") " AS status"                              \
    " FROM indicator i LEFT JOIN department d ON d.id = i.department_id"                       \
    " LEFT JOIN project pj ON pj.id = i.project_id" IND_NOW_JOIN
#define IND_FILTER " WHERE (:dept IS NULL OR d.key = :dept)"
/* Filtering as you type (text_filter_ids, project.c): the window is chosen
 * among the candidate ids, at most INDICATOR_TEXT_CAP + 1 of them, found
 * by index. */
#define IND_TEXT_FILTER                                                                         \
    " WHERE i.id IN (SELECT value FROM json_each(:cands)) AND (:dept IS NULL OR d.key = :dept)"
/* The window is cut on the indicator rows first (those filter keeps), so
 * the readings and the status are looked up for the rows shown only. */
#define IND_WINDOW(filter, inner, outer)                                                         \
    IND_SELECT " WHERE i.id IN (SELECT i.id FROM indicator i LEFT JOIN department d"             \
    " ON d.id = i.department_id" filter " ORDER BY " inner " LIMIT :limit OFFSET :offset)"       \
    " ORDER BY " outer
#define IND_SAME(filter, order) IND_WINDOW(filter, order, order)
#define IND_STATUS SQL_INDICATOR_STATUS("i")
/* Each sort's window, ascending and descending, of the rows filter keeps.
 * status is the enum health value: red, amber, green, then no reading. */
#define IND_ORDERS(filter)                                                                       \
    {                                                                                            \
        [IND_SORT_DEFAULT] = {IND_SAME(filter, "i.department_id IS NOT NULL, d.sort_order,"      \
                                               " d.key, i.key"),                                 \
                              IND_SAME(filter, "i.department_id IS NOT NULL DESC,"               \
                                               " d.sort_order DESC, d.key DESC, i.key DESC")},   \
        [IND_SORT_KEY] = {IND_SAME(filter, "i.key"), IND_SAME(filter, "i.key DESC")},            \
        [IND_SORT_NAME] = {IND_SAME(filter, "i.name, i.key"),                                    \
                           IND_SAME(filter, "i.name DESC, i.key DESC")},                         \
        [IND_SORT_STATUS] = {IND_WINDOW(filter, IND_STATUS " DESC, i.key", "status DESC, i.key"), \
                             IND_WINDOW(filter, IND_STATUS ", i.key DESC", "status, i.key DESC")}, \
    }

/* The listing by sort and direction, of every indicator (of :dept) and of
 * the candidates of a filter. */
static const char *const indicator_list_sql[][2] = IND_ORDERS(IND_FILTER);
static const char *const indicator_text_sql[][2] = IND_ORDERS(IND_TEXT_FILTER);

static const char SQL_COUNT[] = "SELECT count(*) FROM indicator i LEFT JOIN department d"
                                " ON d.id = i.department_id" IND_FILTER;
static const char SQL_TEXT_COUNT[] = "SELECT count(*) FROM indicator i LEFT JOIN department d"
                                     " ON d.id = i.department_id" IND_TEXT_FILTER;
static const struct text_index indicator_text =
    TEXT_INDEX(indicator, "i", "indicators", INDICATOR_TEXT_CAP, SQL_COUNT, SQL_TEXT_COUNT, true);

static const char SQL_GET[] = IND_SELECT " WHERE i.key = :key";
static const char SQL_ID[] = "SELECT i.id, d.key FROM indicator i LEFT JOIN department d"
                             " ON d.id = i.department_id WHERE i.key = ?1";
static const char SQL_KEYS[] = "SELECT key FROM indicator ORDER BY key";
static const char SQL_INSERT[] = "INSERT INTO indicator (" ENT_INSERT_COLS(INDICATOR_FIELDS)
                                 "version) VALUES (" ENT_INSERT_VALS(INDICATOR_FIELDS) "1)";
/* Target and thresholds are not here: a change is a new indicator_target
 * row, so that readings taken before it keep their colour. */
static const char SQL_UPDATE[] = "UPDATE indicator SET " ENT_SETS(INDICATOR_FIELDS)
                                 "version = version + 1 WHERE id = :id";
static const char SQL_TARGET_SET[] =
    "INSERT INTO indicator_target (indicator_id, from_at, target, amber, red)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (indicator_id, from_at) DO UPDATE SET"
    " target = excluded.target, amber = excluded.amber, red = excluded.red";
static const char SQL_TARGET_AT[] =
    "SELECT from_at, target, amber, red FROM indicator_target WHERE indicator_id = ?1"
    " AND from_at <= ?2 ORDER BY from_at DESC LIMIT 1";
static const char SQL_TARGETS[] =
    "SELECT NULL, target, amber, red, 0 AS o FROM indicator WHERE id = ?1 UNION ALL"
    " SELECT from_at, target, amber, red, 1 FROM indicator_target WHERE indicator_id = ?1"
    " ORDER BY o, 1";
static const char SQL_READING_AT[] =
    "SELECT id, value, note FROM reading WHERE indicator_id = ?1 AND at = ?2";
/* A NULL id is the next one; a reading stays its indicator's. */
static const char SQL_READING_INSERT[] = "INSERT INTO reading (" ENT_INSERT_COLS(READING_FIELDS)
                                         "id) VALUES (" ENT_INSERT_VALS(READING_FIELDS) "NULL)";
static const char SQL_READING_REPLACE[] = "UPDATE reading SET " ENT_SETS(READING_FIELDS)
                                          "indicator_id = indicator_id WHERE id = :id";
/* The descriptor's fields, then the status under the thresholds in force
 * when it was taken. */
static const char SQL_READINGS[] =
    "SELECT * FROM (SELECT " ENT_COLUMNS(READING_FIELDS) SQL_READING_STATUS("i") " AS status"
    " FROM reading hr JOIN indicator i ON i.id = hr.indicator_id" SQL_INDICATOR_TARGET_JOIN
    " WHERE hr.indicator_id = :id AND (:since IS NULL OR hr.at >= :since) ORDER BY hr.at DESC"
    " LIMIT :limit) ORDER BY at";
static const char SQL_SPARK[] =
    "SELECT value FROM reading WHERE indicator_id = ?1 ORDER BY at DESC LIMIT ?2";
static const char SQL_LATEST2[] =
    "SELECT at, value FROM reading WHERE indicator_id = ?1 ORDER BY at DESC LIMIT 2";
static const char SQL_AT_OR_BEFORE[] =
    "SELECT at, value FROM reading WHERE indicator_id = ?1 AND at <= ?2 ORDER BY at DESC LIMIT 1";
static const char SQL_SPAN[] =
    "SELECT min(at), max(at) FROM reading WHERE indicator_id = ?1";
/* Bucket b of a reading: its offset from :t0 in seconds scaled to
 * :buckets over :span seconds, the end (until) in the last bucket. Each
 * bucket's latest reading is then looked up by the index for its value
 * and status. */
static const char SQL_CHART[] =
    "WITH g AS (SELECT b, count(*) AS n, min(value) AS lo, max(value) AS hi, avg(value) AS mean,"
    " max(at) AS last_at FROM (SELECT value, at, CASE WHEN :span > 0 THEN min(:buckets - 1,"
    " (CAST(strftime('%s', at) AS INTEGER) - :t0) * :buckets / :span) ELSE 0 END AS b"
    " FROM reading WHERE indicator_id = :id AND at >= :since AND at <= :until) GROUP BY b)"
    " SELECT g.b, g.n, g.lo, g.hi, g.mean, g.last_at, hr.value, " SQL_READING_STATUS("i")
    " FROM g JOIN reading hr ON hr.indicator_id = :id AND hr.at = g.last_at"
    " JOIN indicator i ON i.id = :id" SQL_INDICATOR_TARGET_JOIN " ORDER BY g.b";


/* ---- the structs ------------------------------------------------------ */

void indicator_fini(struct indicator *i)
{
    if (!i)
        return;
    free(i->value_at);
    entity_fini(&indicator_entity, i);
}

void indicator_list_free(struct indicator *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        indicator_fini(&v[k]);
    free(v);
}

void reading_fini(struct reading *r)
{
    entity_fini(&reading_entity, r);
}

void reading_list_free(struct reading *v, size_t n)
{
    entity_list_free(&reading_entity, v, n);
}

void indicator_target_list_free(struct indicator_target *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(v[k].from_at);
    free(v);
}

/* The texts a reading to record holds. */
static const struct entity_field reading_in_text_v[] = {
    ROW_FIELD(struct reading_in, key, FT_TEXT),
    ROW_FIELD(struct reading_in, at, FT_TEXT),
    ROW_FIELD(struct reading_in, note, FT_TEXT),
};
static const struct entity reading_in_texts = ROW_ENTITY(reading_in, reading_in_text_v);

void reading_in_list_free(struct reading_in *v, size_t n)
{
    entity_list_free(&reading_in_texts, v, n);
}

/* ---- helpers ---------------------------------------------------------- */

static const char *nonempty(const char *s)
{
    return str_empty(s) ? NULL : s;
}

static int bind_opt_double(sqlite3_stmt *s, int idx, bool has, double v)
{
    return has ? sqlite3_bind_double(s, idx, v) : sqlite3_bind_null(s, idx);
}

/* A time as stored ("2026-11-26T09:00:00Z"), or ERR_USAGE. */
static int normalise_time(const char *in, char out[32], struct err *e)
{
    btime t;
    if (!time_parse(in, &t))
        return err_set(e, ERR_USAGE,
                       "'%s' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z])", in);
    time_fmt_iso(t, out);
    return 0;
}

/* Readings record what happened: a reading more than a day ahead of now
 * (time zones and clock drift allow less) would stay the latest forever. */
static int check_not_future(const char *typed, const char *when, struct err *e)
{
    btime t;
    if (time_parse(when, &t) && t > time_now() + 86400)
        return err_set(e, ERR_USAGE, "%s is in the future; readings record what happened",
                       typed);
    return 0;
}

/* A row of IND_SELECT: the descriptor's fields, then the latest reading. */
static void indicator_read(sqlite3_stmt *s, struct indicator *i, btime now)
{
    entity_read(&indicator_entity, s, i);
    int col = (int)indicator_entity.n;
    i->has_value = sqlite3_column_type(s, col) != SQLITE_NULL;
    i->value = sqlite3_column_double(s, col);
    i->value_at = sq_col_text(s, col + 1);
    i->has_prev = sqlite3_column_type(s, col + 2) != SQLITE_NULL;
    i->prev = sqlite3_column_double(s, col + 2);
    /* Judged by the thresholds in force when the reading was taken, which
     * may not be today's: the SQL fragment knows the target history. */
    int status = sqlite3_column_int(s, col + 3);
    i->status = status >= HEALTH_UNKNOWN && status <= HEALTH_RED ? (enum health)status
                                                                  : HEALTH_UNKNOWN;
    btime at;
    i->stale = i->has_value && i->stale_days > 0 && time_parse(i->value_at, &at) &&
               at < now - (btime)i->stale_days * 86400;
}

static bool indicator_row(sqlite3_stmt *s, void *row, void *arg)
{
    indicator_read(s, row, *(const btime *)arg);
    return true;
}

static void indicator_row_fini(void *row)
{
    indicator_fini(row);
}

static bool reading_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct reading *r = row;
    entity_read(&reading_entity, s, r);
    int h = sqlite3_column_int(s, (int)reading_entity.n);
    r->status = h >= HEALTH_UNKNOWN && h <= HEALTH_RED ? (enum health)h : HEALTH_UNKNOWN;
    return true;
}

static void reading_row_fini(void *row)
{
    reading_fini(row);
}

/* ERR_USAGE "no indicator KEY", with the nearest key when one is close. */
static int no_indicator(struct store *st, const char *key, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_KEYS, e);
    if (!s)
        return -ERR_RUNTIME;
    char **keys = NULL;
    size_t n = 0;
    struct err ignore = {0}; /* a partial list still says "no indicator" */
    sq_collect(st, s, sizeof *keys, sq_read_text, NULL, sq_fini_text, &keys, &n,
               "reading indicator keys", &ignore);
    const char *near = str_nearest(key, (const char *const *)keys, n);
    int rc = near ? err_set(e, ERR_USAGE, "no indicator '%s' (did you mean '%s'?)", key, near)
                  : err_set(e, ERR_USAGE,
                            "no indicator '%s'; `baton indicator list` shows them", key);
    sq_texts_free(keys, n);
    return rc;
}

/* Id of the indicator with key (and its department key into *dept when
 * dept is not NULL; the caller frees it), or a negative error. */
static int64_t indicator_id_dept(struct store *st, const char *key, char **dept, struct err *e)
{
    if (dept)
        *dept = NULL;
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    sqlite3_stmt *s = sq_prepare_text(st, SQL_ID, key, e);
    if (!s)
        return -ERR_RUNTIME;
    int64_t id = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        if (dept)
            *dept = sq_col_text(s, 1);
    } else if (rc != SQLITE_DONE) {
        id = sq_error(st, e, "looking up the indicator");
    }
    sq_done(s);
    if (id == 0)
        id = no_indicator(st, key, e);
    return id;
}

static int64_t indicator_id(struct store *st, const char *key, struct err *e)
{
    return indicator_id_dept(st, key, NULL, e);
}

/* ---- reading ---------------------------------------------------------- */

int indicator_find(struct store *st, const char *key, struct indicator *out, bool *found,
                   struct err *e)
{
    memset(out, 0, sizeof *out);
    *found = false;
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    btime now = time_now();
    return sq_get_key(st, SQL_GET, key, indicator_row, &now, out, found, "reading the indicator",
                      e);
}

int indicator_get(struct store *st, const char *key, struct indicator *out, struct err *e)
{
    bool found;
    int rc = indicator_find(st, key, out, &found, e);
    return rc || found ? rc : no_indicator(st, key, e);
}

int indicator_list(struct store *st, const struct query *q, struct indicator **out, size_t *n,
                   struct err *e)
{
    *out = NULL;
    *n = 0;
    char *cands;
    q = query_or_all(q);
    int rc = text_query_begin(st, &indicator_text, q,
                              sizeof indicator_list_sql / sizeof *indicator_list_sql, &cands, e);
    if (rc)
        return rc;
    const char *sql = (cands ? indicator_text_sql : indicator_list_sql)[q->sort][q->desc ? 1 : 0];
    sqlite3_stmt *s = text_query_prepare(st, sql, sq_bind_query, q, cands, e);
    btime now = time_now();
    return sq_collect(st, s, sizeof **out, indicator_row, &now, indicator_row_fini, out, n,
                      "reading indicators", e);
}

int indicator_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    return text_query_count(st, &indicator_text, q, n, e);
}

/* ---- targets ---------------------------------------------------------- */

static void target_read(sqlite3_stmt *s, int first, struct indicator_target *t)
{
    t->has_target = sqlite3_column_type(s, first) != SQLITE_NULL;
    t->target = sqlite3_column_double(s, first);
    t->has_amber = sqlite3_column_type(s, first + 1) != SQLITE_NULL;
    t->amber = sqlite3_column_double(s, first + 1);
    t->has_red = sqlite3_column_type(s, first + 2) != SQLITE_NULL;
    t->red = sqlite3_column_double(s, first + 2);
}

static bool target_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct indicator_target *t = row;
    t->from_at = sq_col_text(s, 0);
    target_read(s, 1, t);
    return true;
}

static void target_row_fini(void *row)
{
    free(((struct indicator_target *)row)->from_at);
}

int indicator_targets(struct store *st, const char *key, struct indicator_target **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    sqlite3_stmt *s = sq_prepare_int(st, SQL_TARGETS, id, e);
    return sq_collect(st, s, sizeof **out, target_row, NULL, target_row_fini, out, n,
                      "reading the target history", e);
}

/* sql, a lookup by time, with indicator id as ?1 and the time at as ?2;
 * NULL, with e filled, on failure. */
static sqlite3_stmt *prepare_at(struct store *st, const char *sql, int64_t id, const char *at,
                                struct err *e)
{
    sqlite3_stmt *s = sq_prepare_int(st, sql, id, e);
    if (s && sq_bind_text(s, 2, at) != SQLITE_OK) {
        sq_error(st, e, "binding a query");
        sq_done(s);
        return NULL;
    }
    return s;
}

/* The thresholds in force at `at` (stored form) of indicator id: its
 * latest target row from at or before then, else base (the indicator's
 * own values). from_at is left NULL for the base, else duplicated. */
static int target_at(struct store *st, int64_t id, const char *at,
                     const struct indicator_target *base, struct indicator_target *out,
                     struct err *e)
{
    *out = *base;
    out->from_at = NULL;
    sqlite3_stmt *s = prepare_at(st, SQL_TARGET_AT, id, at, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        out->from_at = sq_col_text(s, 0);
        target_read(s, 1, out);
    } else if (step != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the target in force");
    }
    sq_done(s);
    return rc;
}

int indicator_target_at(struct store *st, const char *key, const char *at,
                        struct indicator_target *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    char when[32];
    if (str_empty(at))
        store_now(when);
    else if (normalise_time(at, when, e))
        return -ERR_USAGE;
    struct indicator_target *v = NULL;
    size_t n = 0;
    int rc = indicator_targets(st, key, &v, &n, e);
    if (rc)
        return rc;
    /* v[0] is the base; the rest are oldest first. */
    size_t k = 0;
    for (size_t j = 1; j < n; j++)
        if (strcmp(v[j].from_at, when) <= 0)
            k = j;
    *out = v[k];
    out->from_at = xstrdup(v[k].from_at);
    indicator_target_list_free(v, n);
    return 0;
}

int indicator_status_at(struct store *st, const char *key, const char *at, double value,
                        enum health *out, struct err *e)
{
    *out = HEALTH_UNKNOWN;
    struct indicator i;
    int rc = indicator_get(st, key, &i, e);
    if (rc)
        return rc;
    struct indicator_target t;
    rc = indicator_target_at(st, key, at, &t, e);
    if (!rc) {
        i.has_target = t.has_target;
        i.has_amber = t.has_amber;
        i.has_red = t.has_red;
        i.target = t.target;
        i.amber = t.amber;
        i.red = t.red;
        *out = indicator_status(&i, value);
        free(t.from_at);
    }
    indicator_fini(&i);
    return rc;
}

/* "target 100, amber 80, red 50" (or "none"), for audit rows. */
static void describe_target(const struct indicator_target *t, struct strbuf *sb)
{
    const struct {
        bool has;
        double v;
        const char *name;
    } parts[] = {{t->has_target, t->target, "target"},
                 {t->has_amber, t->amber, "amber"},
                 {t->has_red, t->red, "red"}};
    bool any = false;
    for (size_t k = 0; k < 3; k++) {
        if (!parts[k].has)
            continue;
        char num[32];
        field_real_text(parts[k].v, num);
        sb_addf(sb, "%s%s %s", any ? ", " : "", parts[k].name, num);
        any = true;
    }
    if (!any)
        sb_add(sb, "none");
}

static int target_write(struct store *st, int64_t id, const char *from,
                        const struct indicator_target *t, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_TARGET_SET, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    if (sq_bind_int(s, 1, id) != SQLITE_OK || sq_bind_text(s, 2, from) != SQLITE_OK ||
        bind_opt_double(s, 3, t->has_target, t->target) != SQLITE_OK ||
        bind_opt_double(s, 4, t->has_amber, t->amber) != SQLITE_OK ||
        bind_opt_double(s, 5, t->has_red, t->red) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "setting the target");
    sq_done(s);
    return rc;
}

static struct indicator_target target_of(const struct indicator *i)
{
    struct indicator_target t = {
        .has_target = i->has_target, .has_amber = i->has_amber, .has_red = i->has_red,
        .target = i->target,         .amber = i->amber,         .red = i->red,
    };
    return t;
}

/* The indicator's own values (the base of its target history). */
static int target_base(struct store *st, int64_t id, struct indicator_target *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = sq_prepare(st, SQL_TARGETS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    int step = sq_bind_int(s, 1, id) == SQLITE_OK ? sqlite3_step(s) : SQLITE_ERROR;
    if (step == SQLITE_ROW)
        target_read(s, 1, out);
    else
        rc = sq_error(st, e, "reading the indicator's target");
    sq_done(s);
    return rc;
}

static int set_target_tx(struct store *st, const char *key, const char *from,
                         const struct indicator_target *t, struct err *e)
{
    struct indicator cur;
    int rc = indicator_get(st, key, &cur, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "setting the target of %s", key);
    rc = store_authorize(st, PERM_EDIT, cur.department, NULL, what, e);
    if (!rc)
        rc = indicator_check_thresholds(cur.direction, t, key, e);
    struct indicator_target base, old = {0};
    if (!rc)
        rc = target_base(st, cur.id, &base, e);
    if (!rc)
        rc = target_at(st, cur.id, from, &base, &old, e);
    if (!rc)
        rc = target_write(st, cur.id, from, t, e);
    if (!rc) {
        struct strbuf o, n;
        sb_init(&o);
        sb_init(&n);
        describe_target(&old, &o);
        describe_target(t, &n);
        sb_addf(&n, " from %s", from);
        rc = audit(st, "indicator", cur.id, key, "update", "target", sb_str(&o), sb_str(&n), e);
        sb_fini(&o);
        sb_fini(&n);
    }
    free(old.from_at);
    indicator_fini(&cur);
    return rc;
}

int indicator_set_target(struct store *st, const char *key, const char *from,
                         const struct indicator_target *t, struct err *e)
{
    char when[32];
    if (str_empty(from))
        store_now(when);
    else if (normalise_time(from, when, e))
        return -ERR_USAGE;
    int rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, set_target_tx(st, key, when, t, e), e);
}

/* ---- add and update --------------------------------------------------- */

/* The format of an indicator that names none. */
static const char *format_default(void)
{
    return entity_field(&indicator_entity, "format")->choice_name(0);
}

/* The stored form of an indicator's format: "number" when none is given,
 * else one of the descriptor's names, or ERR_USAGE with the nearest. */
static int format_check(const struct indicator *i, const char **out, struct err *e)
{
    const struct entity_field *f = entity_field(&indicator_entity, "format");
    const char *names[8];
    size_t n = 0;
    while (n < sizeof names / sizeof *names && f->choice_name((int)n))
        names[n] = f->choice_name((int)n), n++;
    *out = format_default();
    if (str_empty(i->format))
        return 0;
    for (size_t k = 0; k < n; k++)
        if (strcmp(i->format, names[k]) == 0)
            *out = names[k];
    if (strcmp(*out, i->format) == 0)
        return 0;
    const char *near = str_nearest(i->format, names, n);
    return err_set(e, ERR_USAGE,
                   "indicator format '%s' is unknown%s%s%s (number, percent, currency, "
                   "duration)",
                   i->format, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

/* Checks what the columns cannot: a name, a direction, thresholds on the
 * right side, a known format, department and project. */
static int refs_check(struct store *st, const struct indicator *i, const char **format,
                      struct err *e)
{
    if (str_empty(i->name))
        return err_set(e, ERR_USAGE, "indicator %s needs a name", i->key);
    if (i->direction != DIRECTION_UP && i->direction != DIRECTION_DOWN)
        return err_set(e, ERR_USAGE, "indicator %s has no valid direction", i->key);
    if (i->stale_days < 0)
        return err_set(e, ERR_USAGE, "stale days of %s cannot be negative", i->key);
    struct indicator_target t = target_of(i);
    int rc = indicator_check_thresholds(i->direction, &t, i->key, e);
    if (!rc)
        rc = format_check(i, format, e);
    if (rc)
        return rc;
    if (!str_empty(i->department)) {
        int64_t id = store_department_id(st, i->department, e);
        if (id <= 0)
            return id < 0 ? (int)id : err_set(e, ERR_USAGE, "no department %s", i->department);
    }
    if (!str_empty(i->project)) {
        int64_t id = store_project_id(st, i->project, e);
        if (id <= 0)
            return id < 0 ? (int)id : err_set(e, ERR_USAGE, "no project %s", i->project);
    }
    return 0;
}

/* dst becomes the row as it is written: src's fields, empty texts none,
 * the format in its stored form. The caller frees dst with entity_fini. */
static void stored_form(struct indicator *dst, const struct indicator *src, const char *format)
{
    entity_copy(&indicator_entity, dst, src);
    dst->value_at = NULL; /* not the descriptor's: src keeps it */
    entity_tidy(&indicator_entity, dst);
    str_replace(&dst->format, format);
}

static int add_tx(struct store *st, void *arg, struct err *e)
{
    const struct indicator *i = arg;
    if (str_empty(i->key))
        return err_set(e, ERR_USAGE, "an indicator needs a key");
    char what[160];
    snprintf(what, sizeof what, "adding indicator %s", i->key);
    int rc = store_authorize(st, PERM_EDIT, nonempty(i->department), NULL, what, e);
    if (rc)
        return rc;
    const char *format = NULL;
    rc = refs_check(st, i, &format, e);
    if (!rc)
        rc = store_check_person(st, nonempty(i->owner), e);
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
    rc = store_key_twin_check(st, STORE_KEY_INDICATOR, i->key, e);
    if (rc)
        return rc;
    struct indicator row;
    stored_form(&row, i, format);
    rc = entity_exec(st, &indicator_entity, SQL_INSERT, &row, 0, NULL, "adding the indicator", e);
    entity_fini(&indicator_entity, &row);
    if (rc)
        return rc;
    return audit(st, "indicator", sqlite3_last_insert_rowid(st->db), i->key, "create", NULL,
                 NULL, i->name, e);
}

int indicator_add(struct store *st, const struct indicator *i, struct err *e)
{
    int rc = entity_check(&indicator_entity, i, e);
    return rc ? rc : store_write(st, add_tx, (void *)i, e);
}

/* Whether a and b differ in a field that only the target history keeps
 * (edited, but not written by an update). */
static bool target_differs(const struct indicator *a, const struct indicator *b)
{
    for (size_t k = 0; k < indicator_entity.n; k++) {
        const struct entity_field *f = &indicator_entity.fields[k];
        if ((f->flags & FL_EDIT) && !(f->flags & FL_WRITTEN) && !field_equal(f, a, b))
            return true;
    }
    return false;
}

/* Audits and writes the change from cur to next (both in stored form). */
static int update_write(struct store *st, const struct indicator *cur,
                        const struct indicator *next, struct err *e)
{
    if (!entity_differs(&indicator_entity, cur, next, FL_AUDITED))
        return 0;
    int rc = entity_audit(st, &indicator_entity, cur->id, cur->key, cur, next, NULL, e);
    /* A new target applies from now on; readings before keep theirs. */
    if (!rc && target_differs(cur, next)) {
        char now[32];
        store_now(now);
        struct indicator_target t = target_of(next);
        rc = target_write(st, cur->id, now, &t, e);
    }
    return rc ? rc
              : entity_exec(st, &indicator_entity, SQL_UPDATE, next, 0, NULL,
                            "updating the indicator", e);
}

static int update_tx(struct store *st, void *arg, struct err *e)
{
    const struct indicator *i = arg;
    struct indicator cur;
    int rc = indicator_get(st, i->key, &cur, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "editing indicator %s", cur.key);
    const char *format = NULL;
    if (i->version && i->version != cur.version)
        rc = store_conflict(st, "indicator", cur.id, cur.key, e);
    if (!rc)
        rc = store_authorize(st, PERM_EDIT, cur.department, NULL, what, e);
    if (!rc && !str_eq(cur.department, nonempty(i->department)))
        rc = store_authorize(st, PERM_EDIT, nonempty(i->department), NULL, what, e);
    if (!rc)
        rc = refs_check(st, i, &format, e);
    if (!rc && !str_eq(cur.owner, nonempty(i->owner)))
        rc = store_check_person(st, nonempty(i->owner), e);
    if (!rc) {
        struct indicator was, next;
        stored_form(&was, &cur, cur.format ? cur.format : format_default());
        stored_form(&next, &cur, format);
        entity_assign(&indicator_entity, &next, i, FL_EDIT);
        entity_tidy(&indicator_entity, &next);
        str_replace(&next.format, format);
        rc = update_write(st, &was, &next, e);
        entity_fini(&indicator_entity, &was);
        entity_fini(&indicator_entity, &next);
    }
    indicator_fini(&cur);
    return rc;
}

int indicator_update(struct store *st, const struct indicator *i, struct err *e)
{
    if (str_empty(i->key))
        return err_set(e, ERR_USAGE, "an indicator key is required");
    int rc = entity_check(&indicator_entity, i, e);
    return rc ? rc : store_write(st, update_tx, (void *)i, e);
}

/* ---- readings --------------------------------------------------------- */

enum record_outcome { REC_UNCHANGED = 0, REC_ADDED, REC_REPLACED };

/* Records value at `at` (stored form) for indicator id; *outcome says
 * whether it was new, replaced a reading at the same time, or repeated it. */
static int record_tx(struct store *st, int64_t id, const char *key, const char *at, double value,
                     const char *note, enum record_outcome *outcome, struct err *e)
{
    *outcome = REC_UNCHANGED;
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

    /* the row as written (borrowed texts: never freed) */
    struct reading row = {.indicator = (char *)key, .at = (char *)at, .value = value,
                          .note = (char *)note, .recorded_by = (char *)store_actor(st)};
    char nv[32], ov[32];
    field_real_text(value, nv);
    char *new_text = xasprintf("%s at %s", nv, at);
    int rc = 0;
    if (rid) {
        bool same = old == value && str_eq(old_note, note);
        if (!same) {
            field_real_text(old, ov);
            char *old_text = xasprintf("%s at %s", ov, at);
            rc = entity_exec(st, &reading_entity, SQL_READING_REPLACE, &row, rid, NULL,
                             "replacing the reading", e);
            if (!rc)
                rc = audit(st, "indicator", id, key, "update", "reading", old_text, new_text, e);
            if (!rc)
                *outcome = REC_REPLACED;
            free(old_text);
        }
    } else {
        rc = entity_exec(st, &reading_entity, SQL_READING_INSERT, &row, 0, NULL,
                         "recording the reading", e);
        if (!rc)
            rc = audit(st, "indicator", id, key, "record", "reading", NULL, new_text, e);
        if (!rc)
            *outcome = REC_ADDED;
    }
    free(new_text);
    free(old_note);
    return rc;
}

/* Looks key up and checks the actor may record readings of it. */
static int64_t record_target(struct store *st, const char *key, struct err *e)
{
    char *dept = NULL;
    int64_t id = indicator_id_dept(st, key, &dept, e);
    if (id > 0) {
        char what[160];
        snprintf(what, sizeof what, "recording a reading of %s", key);
        int rc = store_authorize(st, PERM_RECORD, dept, NULL, what, e);
        if (rc)
            id = rc;
    }
    free(dept);
    return id;
}

static int record_one_tx(struct store *st, const char *key, const char *at, double value,
                         const char *note, struct err *e)
{
    int64_t id = record_target(st, key, e);
    if (id < 0)
        return (int)id;
    enum record_outcome outcome;
    return record_tx(st, id, key, at, value, note, &outcome, e);
}

int indicator_record(struct store *st, const char *key, const char *at, double value,
                     const char *note, struct err *e)
{
    if (!isfinite(value))
        return err_set(e, ERR_USAGE, "a reading must be a finite number");
    char when[32];
    if (str_empty(at))
        store_now(when);
    else if (normalise_time(at, when, e) || check_not_future(at, when, e))
        return -ERR_USAGE;
    int rc = text_check(TEXT_FREE, "note", note, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, record_one_tx(st, key, when, value, nonempty(note), e), e);
}

/* Puts "FILE:LINE[:COL]: " before the message in e; returns -code. */
static int at_row(const char *file, const struct reading_in *r, struct err *e)
{
    if (!e)
        return -ERR_USAGE;
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    int code = e->code ? e->code : ERR_USAGE;
    if (r->col > 0)
        return err_set(e, code, "%s:%d:%d: %s", file, r->line, r->col, msg);
    return err_set(e, code, "%s:%d: %s", file, r->line, msg);
}

static int import_tx(struct store *st, const char *file, const struct reading_in *v, size_t n,
                     struct indicator_import_stats *stats, struct err *e)
{
    const char *last_key = NULL;
    int64_t last_id = 0;
    for (size_t k = 0; k < n; k++) {
        const struct reading_in *r = &v[k];
        if (str_empty(r->key)) {
            err_set(e, ERR_USAGE, "a reading needs an indicator key");
            return at_row(file, r, e);
        }
        if (text_check(TEXT_KEY, "indicator key", r->key, e) ||
            text_check(TEXT_FREE, "note", r->note, e))
            return at_row(file, r, e);
        if (!isfinite(r->value)) {
            err_set(e, ERR_USAGE, "a reading must be a finite number");
            return at_row(file, r, e);
        }
        char when[32];
        if (str_empty(r->at)) {
            err_set(e, ERR_USAGE, "a reading needs a time (at)");
            return at_row(file, r, e);
        }
        if (normalise_time(r->at, when, e) || check_not_future(r->at, when, e))
            return at_row(file, r, e);
        /* Files usually hold runs of one indicator: look each run up once. */
        if (!last_key || strcmp(last_key, r->key) != 0) {
            last_id = record_target(st, r->key, e);
            if (last_id < 0)
                return at_row(file, r, e);
            last_key = r->key;
        }
        enum record_outcome outcome;
        if (record_tx(st, last_id, r->key, when, r->value, nonempty(r->note), &outcome, e))
            return at_row(file, r, e);
        if (stats) {
            stats->added += outcome == REC_ADDED;
            stats->replaced += outcome == REC_REPLACED;
            stats->unchanged += outcome == REC_UNCHANGED;
        }
    }
    return 0;
}

int indicator_import(struct store *st, const char *file, const struct reading_in *v, size_t n,
                     struct indicator_import_stats *stats, struct err *e)
{
    struct indicator_import_stats local = {0};
    if (!file)
        file = "(readings)";
    int rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    rc = store_tx_end(st, import_tx(st, file, v, n, &local, e), e);
    if (stats)
        *stats = rc ? (struct indicator_import_stats){0} : local;
    return rc;
}

int indicator_readings(struct store *st, const char *key, const char *since, int limit,
                       struct reading **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char from[32];
    if (!str_empty(since) && normalise_time(since, from, e))
        return -ERR_USAGE;
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    sqlite3_stmt *s = sq_prepare(st, SQL_READINGS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_named_int(st, s, ":id", id, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":since", str_empty(since) ? NULL : from, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":limit", limit > 0 ? limit : -1, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    return sq_collect(st, s, sizeof **out, reading_row, NULL, reading_row_fini, out, n,
                      "reading the readings", e);
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

/* ---- trends ----------------------------------------------------------- */

static void delta_fill(struct trend_delta *d, enum direction dir, double latest, double base,
                       const char *at)
{
    d->has = true;
    d->base = base;
    snprintf(d->at, sizeof d->at, "%s", at ? at : "");
    /* 2.7 - 4 is -1.2999999999999998 in binary; people typed tenths. */
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", latest - base);
    d->change = strtod(buf, NULL);
    d->has_pct = base != 0;
    d->pct = d->has_pct ? d->change / fabs(base) * 100.0 : 0;
    int sign = d->change > 0 ? 1 : d->change < 0 ? -1 : 0;
    d->verdict = dir == DIRECTION_DOWN ? -sign : sign;
}

/* The latest reading at or before `before` into d (left absent if none). */
static int delta_back(struct store *st, int64_t id, enum direction dir, double latest,
                      btime before, struct trend_delta *d, struct err *e)
{
    char iso[32];
    time_fmt_iso(before, iso);
    sqlite3_stmt *s = prepare_at(st, SQL_AT_OR_BEFORE, id, iso, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        delta_fill(d, dir, latest, sqlite3_column_double(s, 1),
                   (const char *)sqlite3_column_text(s, 0));
    else if (step != SQLITE_DONE)
        rc = sq_error(st, e, "reading the trend");
    sq_done(s);
    return rc;
}

int indicator_trend(struct store *st, const char *key, struct indicator_trend *out,
                    struct err *e)
{
    memset(out, 0, sizeof *out);
    struct indicator ind;
    int rc = indicator_get(st, key, &ind, e);
    if (rc)
        return rc;
    enum direction dir = ind.direction;
    int64_t id = ind.id;
    indicator_fini(&ind);
    sqlite3_stmt *s = sq_prepare_int(st, SQL_LATEST2, id, e);
    if (!s)
        return -ERR_RUNTIME;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        out->has_value = true;
        out->value = sqlite3_column_double(s, 1);
        snprintf(out->at, sizeof out->at, "%s", (const char *)sqlite3_column_text(s, 0));
        step = sqlite3_step(s);
        if (step == SQLITE_ROW)
            delta_fill(&out->prev, dir, out->value, sqlite3_column_double(s, 1),
                       (const char *)sqlite3_column_text(s, 0));
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = sq_error(st, e, "reading the trend");
    sq_done(s);
    btime latest;
    if (rc || !out->has_value || !time_parse(out->at, &latest))
        return rc;
    rc = delta_back(st, id, dir, out->value, latest - 7 * 86400, &out->week, e);
    if (!rc)
        rc = delta_back(st, id, dir, out->value, latest - 30 * 86400, &out->month, e);
    return rc;
}

/* ---- charts ----------------------------------------------------------- */

/* The first and latest reading times of indicator id (false when none). */
static int reading_span(struct store *st, int64_t id, char first[32], char last[32], bool *any,
                        struct err *e)
{
    *any = false;
    sqlite3_stmt *s = sq_prepare(st, SQL_SPAN, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    int step = sq_bind_int(s, 1, id) == SQLITE_OK ? sqlite3_step(s) : SQLITE_ERROR;
    if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        *any = true;
        snprintf(first, 32, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(last, 32, "%s", (const char *)sqlite3_column_text(s, 1));
    } else if (step != SQLITE_ROW) {
        rc = sq_error(st, e, "reading the chart's span");
    }
    sq_done(s);
    return rc;
}

int indicator_chart(struct store *st, const char *key, const char *since, const char *until,
                    int buckets, struct chart_bucket *out, int *got, struct err *e)
{
    *got = 0;
    if (buckets < 1 || buckets > 10000)
        return err_set(e, ERR_USAGE, "a chart has 1 to 10000 buckets, not %d", buckets);
    memset(out, 0, (size_t)buckets * sizeof *out);
    char from[32] = "", to[32] = "";
    if (!str_empty(since) && normalise_time(since, from, e))
        return -ERR_USAGE;
    if (!str_empty(until) && normalise_time(until, to, e))
        return -ERR_USAGE;
    int64_t id = indicator_id(st, key, e);
    if (id < 0)
        return (int)id;
    if (!*from || !*to) {
        char first[32], last[32];
        bool any;
        int rc = reading_span(st, id, first, last, &any, e);
        if (rc)
            return rc;
        if (!any)
            return 0;
        if (!*from)
            memcpy(from, first, sizeof from);
        if (!*to)
            memcpy(to, last, sizeof to);
    }
    btime t0, t1;
    if (!time_parse(from, &t0) || !time_parse(to, &t1))
        return err_set(e, ERR_RUNTIME, "a reading's time cannot be read");
    if (t1 < t0)
        return err_set(e, ERR_USAGE, "the chart ends (%s) before it starts (%s)", to, from);
    btime span = t1 - t0;
    for (int k = 0; k < buckets; k++) {
        out[k].start = t0 + (span * k + buckets - 1) / buckets;
        out[k].end = t0 + (span * (k + 1) + buckets - 1) / buckets;
    }
    sqlite3_stmt *s = sq_prepare(st, SQL_CHART, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_named_int(st, s, ":id", id, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":span", span, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":buckets", buckets, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":t0", t0, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":since", from, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":until", to, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    int step, n = 0;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int b = sqlite3_column_int(s, 0);
        if (b < 0 || b >= buckets)
            continue;
        struct chart_bucket *c = &out[b];
        c->count = sqlite3_column_int(s, 1);
        c->min = sqlite3_column_double(s, 2);
        c->max = sqlite3_column_double(s, 3);
        c->avg = sqlite3_column_double(s, 4);
        snprintf(c->last_at, sizeof c->last_at, "%s", (const char *)sqlite3_column_text(s, 5));
        c->last = sqlite3_column_double(s, 6);
        int h = sqlite3_column_int(s, 7);
        c->status = h >= HEALTH_UNKNOWN && h <= HEALTH_RED ? (enum health)h : HEALTH_UNKNOWN;
        n++;
    }
    if (step != SQLITE_DONE)
        rc = sq_error(st, e, "aggregating the chart");
    sq_done(s);
    *got = rc ? 0 : n;
    return rc;
}
