/*
 * department: the units of the organisation and the people in them.
 * Department rows come with their roll-up (worst health of open projects
 * and indicators, open and new blockers, projects at risk, indicators off
 * target), computed in one query per window with the shared health
 * fragments of internal.h, so the panes agree with the project and
 * indicator views.
 */
#include "baton/department.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "baton/text.h"
#include "internal.h"

static const struct text_field department_text_v[] = {
    {"department key", TEXT_KEY, offsetof(struct department, key)},
    {"department name", TEXT_NAME, offsetof(struct department, name)},
    {"lead", TEXT_LOGIN, offsetof(struct department, lead)},
};
const struct text_fields department_texts = TEXT_FIELDS(department_text_v);
static const struct text_field person_text_v[] = {
    {"login", TEXT_LOGIN, offsetof(struct person, login)},
    {"name", TEXT_NAME, offsetof(struct person, name)},
    {"job title", TEXT_NAME, offsetof(struct person, title)},
    {"department", TEXT_KEY, offsetof(struct person, department)},
};
const struct text_fields person_texts = TEXT_FIELDS(person_text_v);

void department_fini(struct department *d)
{
    if (!d)
        return;
    free(d->key);
    free(d->name);
    free(d->lead);
    memset(d, 0, sizeof *d);
}

void department_list_free(struct department *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        department_fini(&v[i]);
    free(v);
}

void person_fini(struct person *p)
{
    if (!p)
        return;
    free(p->login);
    free(p->name);
    free(p->title);
    free(p->department);
    memset(p, 0, sizeof *p);
}

void person_list_free(struct person *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        person_fini(&v[i]);
    free(v);
}

/* The name nearest key among what sql lists (NULL when none is near). */
static char *nearest_name(struct store *st, const char *sql, const char *key)
{
    char **names = NULL;
    size_t n = 0;
    struct err ignore = {0};
    sq_collect(st, sq_prepare(st, sql, NULL), sizeof *names, sq_read_text, NULL, sq_fini_text,
               &names, &n, "reading names", &ignore);
    const char *near = str_nearest(key, (const char *const *)names, n);
    char *out = near ? xstrdup(near) : NULL;
    sq_texts_free(names, n);
    return out;
}

/* "no department ENGG (did you mean ENG?)" */
static int not_found(struct store *st, const char *sql, const char *what, const char *key,
                     struct err *e)
{
    char *near = nearest_name(st, sql, key);
    int rc = near ? err_set(e, ERR_USAGE, "no %s %s (did you mean %s?)", what, key, near)
                  : err_set(e, ERR_USAGE, "no %s %s", what, key);
    free(near);
    return rc;
}

char *store_person_nearest(struct store *st, const char *login)
{
    return nearest_name(st, "SELECT login FROM person", login ? login : "");
}

int store_check_person(struct store *st, const char *login, struct err *e)
{
    if (str_empty(login))
        return 0;
    bool found = false;
    sqlite3_stmt *s = sq_prepare(st, "SELECT 1 FROM person WHERE login = ?1", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_text(s, 1, login) ? SQLITE_ERROR : sqlite3_step(s);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        found = rc == SQLITE_ROW;
        rc = 0;
    } else {
        rc = sq_error(st, e, "looking for a person");
    }
    sq_done(s);
    if (rc || found)
        return rc;
    char *near = store_person_nearest(st, login);
    rc = near ? err_set(e, ERR_USAGE, "no person '%s'; did you mean %s?", login, near)
              : err_set(e, ERR_USAGE,
                        "no person '%s' in the organisation; add them first (baton person add)",
                        login);
    free(near);
    return rc;
}

static int no_department(struct store *st, const char *key, struct err *e)
{
    return not_found(st, "SELECT key FROM department", "department", key ? key : "", e);
}

static int no_person(struct store *st, const char *login, struct err *e)
{
    return not_found(st, "SELECT login FROM person", "person", login ? login : "", e);
}

/* Each project's health is computed once (MATERIALIZED: without it SQLite
 * inlines the expression into both aggregates), and open blockers are
 * joined to their project once for both counts. With :key set, only that
 * department's projects are looked at. */
#define DEPT_ONLY(col) "(:key IS NULL OR " col " = (SELECT id FROM department WHERE key = :key))"
#define DEPT_ROLLUP_SQL                                                                          \
    "WITH ph AS MATERIALIZED (SELECT p.department_id AS dep, " SQL_PROJECT_HEALTH("p") " AS h"   \
    "  FROM project p WHERE NOT " SQL_PROJECT_CLOSED("p") " AND " DEPT_ONLY("p.department_id")   \
    " ),"                                                                                        \
    " pa AS (SELECT dep, MAX(h) AS worst, SUM(h >= 2) AS risk FROM ph GROUP BY dep),"           \
    " ia AS (SELECT dep, MAX(s) AS worst, SUM(s >= 2) AS off FROM"                               \
    "  (SELECT i.department_id AS dep, " SQL_INDICATOR_STATUS("i") " AS s FROM indicator i"     \
    "   WHERE i.department_id IS NOT NULL AND " DEPT_ONLY("i.department_id") ") GROUP BY dep),"  \
    " ob AS MATERIALIZED (SELECT p.department_id AS own, b.waiting_on_id AS wait, b.state"       \
    "  FROM blocker b JOIN project p ON p.id = b.project_id WHERE " SQL_BLOCKER_OPEN("b")        \
    "  AND (" DEPT_ONLY("p.department_id") " OR " DEPT_ONLY("b.waiting_on_id") ")),"             \
    " ba AS (SELECT dep, COUNT(*) AS open, SUM(state = 'new') AS fresh FROM"                     \
    "  (SELECT own AS dep, state FROM ob UNION ALL SELECT wait, state FROM ob"                   \
    "   WHERE wait IS NOT NULL AND wait <> own) GROUP BY dep)"                                   \
    " SELECT d.id, d.key, d.name, d.lead, d.sort_order, d.archived, d.version,"                  \
    "  MAX(COALESCE(pa.worst, 0), COALESCE(ia.worst, 0)) AS health, COALESCE(ba.open, 0),"     \
    "  COALESCE(ba.fresh, 0), COALESCE(pa.risk, 0), COALESCE(ia.off, 0)"                        \
    " FROM department d LEFT JOIN pa ON pa.dep = d.id LEFT JOIN ia ON ia.dep = d.id"            \
    " LEFT JOIN ba ON ba.dep = d.id"

/* The same roll-up read from the counts the triggers keep (rollup.c). */
#define DEPT_STORED_SQL                                                                          \
    "SELECT d.id, d.key, d.name, d.lead, d.sort_order, d.archived, d.version,"                   \
    "  CASE WHEN s.p3 + s.i3 > 0 THEN 3 WHEN s.p2 + s.i2 > 0 THEN 2"                             \
    "  WHEN s.p1 + s.i1 > 0 THEN 1 ELSE 0 END AS health, COALESCE(s.open_blockers, 0),"          \
    "  COALESCE(s.new_blockers, 0), COALESCE(s.p2 + s.p3, 0), COALESCE(s.i2 + s.i3, 0)"          \
    " FROM department d LEFT JOIN department_stats s ON s.department_id = d.id"

#define DEPT_FILTER_SQL                                                                          \
    " WHERE (:key IS NULL OR d.key = :key) AND (:text IS NULL"                                   \
    " OR instr(lower(d.key), lower(:text)) > 0 OR instr(lower(d.name), lower(:text)) > 0)"

/* ORDER BY per enum department_sort: the leading column, and the rest. */
static const struct {
    const char *lead, *rest;
    bool lead_desc; /* the natural order of the leading column */
} dept_orders[] = {
    [DEPT_SORT_ORDER] = {"d.sort_order", "d.key", false},
    [DEPT_SORT_KEY] = {"d.key", "d.id", false},
    [DEPT_SORT_NAME] = {"d.name COLLATE NOCASE", "d.key", false},
    [DEPT_SORT_HEALTH] = {"health", "d.sort_order, d.key", true}, /* worst first */
};

static void read_department(sqlite3_stmt *s, struct department *d)
{
    d->id = sqlite3_column_int64(s, 0);
    d->key = sq_col_text(s, 1);
    d->name = sq_col_text(s, 2);
    d->lead = sq_col_text(s, 3);
    d->sort_order = sqlite3_column_int(s, 4);
    d->archived = sqlite3_column_int(s, 5) != 0;
    d->version = sqlite3_column_int64(s, 6);
    int h = sqlite3_column_int(s, 7);
    d->health = h >= HEALTH_UNKNOWN && h <= HEALTH_RED ? (enum health)h : HEALTH_UNKNOWN;
    d->open_blockers = sqlite3_column_int(s, 8);
    d->new_blockers = sqlite3_column_int(s, 9);
    d->projects_at_risk = sqlite3_column_int(s, 10);
    d->indicators_off = sqlite3_column_int(s, 11);
}

SQ_ROW_FNS(department, struct department, read_department, department_fini)

static int select_departments(struct store *st, const char *key, const char *text, int sort,
                              bool desc, int64_t offset, int limit, bool full,
                              struct department **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (sort < 0 || (size_t)sort >= sizeof dept_orders / sizeof dept_orders[0])
        sort = DEPT_SORT_ORDER;
    bool lead_desc = dept_orders[sort].lead_desc != desc;
    bool stored = false;
    int ready = full ? 0 : rollup_ready(st, &stored, e);
    if (ready)
        return ready;
    /* One department by key is a seek of the key's index, not a scan. */
    char *sql = xasprintf("%s%s%s ORDER BY %s %s, %s LIMIT :limit OFFSET :offset",
                          stored ? DEPT_STORED_SQL : DEPT_ROLLUP_SQL, DEPT_FILTER_SQL,
                          key ? " AND d.key = :key" : "", dept_orders[sort].lead, lead_desc ? "DESC" : "ASC",
                          dept_orders[sort].rest);
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    free(sql);
    if (!s)
        return -ERR_RUNTIME;
    /* Named parameters only: the health fragments name theirs (internal.h). */
    if (sq_bind_text(s, sqlite3_bind_parameter_index(s, ":key"), key) ||
        sq_bind_text(s, sqlite3_bind_parameter_index(s, ":text"), str_empty(text) ? NULL : text) ||
        sq_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), limit > 0 ? limit : -1) ||
        sq_bind_int(s, sqlite3_bind_parameter_index(s, ":offset"), offset > 0 ? offset : 0) ||
        sq_bind_clock(s)) {
        sq_done(s);
        return sq_error(st, e, "listing departments");
    }
    return sq_collect(st, s, sizeof **out, department_row, NULL, department_row_fini, out, n,
                      "listing departments", e);
}

int department_list(struct store *st, const struct query *q, struct department **out, size_t *n,
                    struct err *e)
{
    static const struct query all;
    if (!q)
        q = &all;
    return select_departments(st, q->dept, q->text, q->sort, q->desc, q->offset, q->limit,
                              false, out, n, e);
}

int department_list_full(struct store *st, const struct query *q, struct department **out,
                         size_t *n, struct err *e)
{
    return select_departments(st, q->dept, q->text, q->sort, q->desc, q->offset, q->limit, true,
                              out, n, e);
}

int department_find(struct store *st, const char *key, struct department *out, bool *found,
                    struct err *e)
{
    memset(out, 0, sizeof *out);
    *found = false;
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "a department key is needed");
    struct department *v = NULL;
    size_t n = 0;
    int rc = select_departments(st, key, NULL, DEPT_SORT_KEY, false, 0, 1, false, &v, &n, e);
    if (rc)
        return rc;
    if (n > 0)
        *out = v[0];
    *found = n > 0;
    free(v);
    return 0;
}

int department_get(struct store *st, const char *key, struct department *out, struct err *e)
{
    bool found;
    int rc = department_find(st, key, out, &found, e);
    return rc || found ? rc : no_department(st, key, e);
}

int department_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    static const struct query all;
    if (!q)
        q = &all;
    sqlite3_stmt *s = sq_prepare(st, "SELECT count(*) FROM department d" DEPT_FILTER_SQL, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    if (sq_bind_text(s, sqlite3_bind_parameter_index(s, ":key"), q->dept) ||
        sq_bind_text(s, sqlite3_bind_parameter_index(s, ":text"),
                     str_empty(q->text) ? NULL : q->text) ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = sq_error(st, e, "counting departments");
    else
        *n = sqlite3_column_int64(s, 0);
    sq_done(s);
    return rc;
}

int department_add(struct store *st, const struct department *d, struct err *e)
{
    if (str_empty(d->key))
        return err_set(e, ERR_USAGE, "a department needs a key (like ENG)");
    if (text_check_fields(d, &department_texts, e))
        return -e->code;
    if (str_empty(d->name))
        return err_set(e, ERR_USAGE, "department %s needs a name", d->key);
    char what[160];
    snprintf(what, sizeof what, "adding department %s", d->key);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    int64_t id = store_department_id(st, d->key, e);
    if (id > 0)
        rc = err_set(e, ERR_USAGE, "department %s already exists; edit it instead", d->key);
    else if (id < 0)
        rc = (int)id;
    if (!rc)
        rc = store_key_twin_check(st, STORE_KEY_DEPARTMENT, d->key, e);
    sqlite3_stmt *s = NULL;
    if (!rc) {
        s = sq_prepare(st,
                       "INSERT INTO department (key, name, lead, sort_order, archived)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                       e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, d->key) || sq_bind_text(s, 2, d->name) ||
                 sq_bind_text(s, 3, str_empty(d->lead) ? NULL : d->lead) ||
                 sq_bind_int(s, 4, d->sort_order) || sq_bind_int(s, 5, d->archived) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "adding the department");
        else
            id = sqlite3_last_insert_rowid(st->db);
        sq_done(s);
    }
    if (!rc)
        rc = audit(st, "department", id, d->key, "create", NULL, NULL, d->name, e);
    return store_tx_end(st, rc, e);
}

int department_update(struct store *st, const struct department *d, struct err *e)
{
    if (str_empty(d->key))
        return err_set(e, ERR_USAGE, "a department key is needed");
    if (text_check_fields(d, &department_texts, e))
        return -e->code;
    if (str_empty(d->name))
        return err_set(e, ERR_USAGE, "department %s needs a name", d->key);
    char what[160];
    snprintf(what, sizeof what, "editing department %s", d->key);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT id, name, lead, sort_order, archived, version"
                                 " FROM department WHERE key = ?1",
                                 e);
    if (!s)
        return store_tx_end(st, -ERR_RUNTIME, e);
    int64_t id = 0, version = 0, sort_order = 0, archived = 0;
    char *name = NULL, *lead = NULL;
    int step = sq_bind_text(s, 1, d->key) ? SQLITE_ERROR : sqlite3_step(s);
    if (step == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        name = sq_col_text(s, 1);
        lead = sq_col_text(s, 2);
        sort_order = sqlite3_column_int64(s, 3);
        archived = sqlite3_column_int64(s, 4);
        version = sqlite3_column_int64(s, 5);
    } else if (step != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the department");
    }
    sq_done(s);
    const char *new_lead = str_empty(d->lead) ? NULL : d->lead;
    if (!rc && !id)
        rc = no_department(st, d->key, e);
    else if (!rc && d->version && d->version != version)
        rc = store_conflict(st, "department", id, d->key, e);
    bool changed = !str_eq(name, d->name) || !str_eq(lead, new_lead) ||
                   sort_order != d->sort_order || (archived != 0) != d->archived;
    if (!rc && changed) {
        s = sq_prepare(st,
                       "UPDATE department SET name = ?2, lead = ?3, sort_order = ?4,"
                       " archived = ?5, version = version + 1 WHERE id = ?1",
                       e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, id) || sq_bind_text(s, 2, d->name) ||
                 sq_bind_text(s, 3, new_lead) || sq_bind_int(s, 4, d->sort_order) ||
                 sq_bind_int(s, 5, d->archived) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "updating the department");
        sq_done(s);
        if (!rc)
            rc = audit_change(st, "department", id, d->key, "name", name, d->name, e);
        if (!rc)
            rc = audit_change(st, "department", id, d->key, "lead", lead, new_lead, e);
        if (!rc)
            rc = audit_change_int(st, "department", id, d->key, "sort_order", sort_order,
                                  d->sort_order, e);
        if (!rc)
            rc = audit_change(st, "department", id, d->key, "archived", archived ? "yes" : "no",
                              d->archived ? "yes" : "no", e);
    }
    free(name);
    free(lead);
    return store_tx_end(st, rc, e);
}

/* People. */

#define PERSON_SELECT_SQL                                                                        \
    "SELECT p.id, p.login, p.name, p.title, d.key, p.version FROM person p"                      \
    " LEFT JOIN department d ON d.id = p.department_id"

static const struct {
    const char *lead, *rest;
} person_orders[] = {
    [PERSON_SORT_LOGIN] = {"p.login", "p.id"},
    [PERSON_SORT_NAME] = {"p.name COLLATE NOCASE", "p.login"},
    [PERSON_SORT_DEPT] = {"d.key", "p.login"},
};

static void read_person(sqlite3_stmt *s, struct person *p)
{
    p->id = sqlite3_column_int64(s, 0);
    p->login = sq_col_text(s, 1);
    p->name = sq_col_text(s, 2);
    p->title = sq_col_text(s, 3);
    p->department = sq_col_text(s, 4);
    p->version = sqlite3_column_int64(s, 5);
}

SQ_ROW_FNS(person, struct person, read_person, person_fini)

int person_list(struct store *st, const struct query *q, struct person **out, size_t *n,
                struct err *e)
{
    static const struct query all;
    if (!q)
        q = &all;
    *out = NULL;
    *n = 0;
    int sort = q->sort;
    if (sort < 0 || (size_t)sort >= sizeof person_orders / sizeof person_orders[0])
        sort = PERSON_SORT_LOGIN;
    char *sql = xasprintf("%s WHERE (?1 IS NULL OR d.key = ?1) AND (?2 IS NULL OR"
                          " instr(lower(p.login), lower(?2)) > 0 OR instr(lower(p.name),"
                          " lower(?2)) > 0) ORDER BY %s %s, %s LIMIT ?3 OFFSET ?4",
                          PERSON_SELECT_SQL, person_orders[sort].lead, q->desc ? "DESC" : "ASC",
                          person_orders[sort].rest);
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    free(sql);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, q->dept) || sq_bind_text(s, 2, str_empty(q->text) ? NULL : q->text) ||
        sq_bind_int(s, 3, q->limit > 0 ? q->limit : -1) ||
        sq_bind_int(s, 4, q->offset > 0 ? q->offset : 0)) {
        sq_done(s);
        return sq_error(st, e, "listing people");
    }
    return sq_collect(st, s, sizeof **out, person_row, NULL, person_row_fini, out, n,
                      "listing people", e);
}

int person_find(struct store *st, const char *login, struct person *out, bool *found,
                struct err *e)
{
    memset(out, 0, sizeof *out);
    *found = false;
    if (str_empty(login))
        return err_set(e, ERR_USAGE, "a login is needed");
    sqlite3_stmt *s = sq_prepare(st, PERSON_SELECT_SQL " WHERE p.login = ?1", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_text(s, 1, login) ? SQLITE_ERROR : sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        read_person(s, out);
        *found = true;
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = sq_error(st, e, "reading the person");
    }
    sq_done(s);
    return rc;
}

int person_get(struct store *st, const char *login, struct person *out, struct err *e)
{
    bool found;
    int rc = person_find(st, login, out, &found, e);
    return rc || found ? rc : no_person(st, login, e);
}

/* The home department's id, 0 for none; an unknown key is an error. */
static int person_department(struct store *st, const char *key, int64_t *id, struct err *e)
{
    *id = 0;
    if (str_empty(key))
        return 0;
    int64_t found = store_department_id(st, key, e);
    if (found < 0)
        return (int)found;
    if (found == 0)
        return no_department(st, key, e);
    *id = found;
    return 0;
}

int person_add(struct store *st, const struct person *p, struct err *e)
{
    if (str_empty(p->login))
        return err_set(e, ERR_USAGE, "a person needs a login (like alice)");
    if (text_check_fields(p, &person_texts, e))
        return -e->code;
    if (str_empty(p->name))
        return err_set(e, ERR_USAGE, "person %s needs a name", p->login);
    char what[160];
    snprintf(what, sizeof what, "adding person %s", p->login);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    int64_t dept = 0, id = 0;
    rc = person_department(st, p->department, &dept, e);
    sqlite3_stmt *s = NULL;
    if (!rc) {
        s = sq_prepare(st, "SELECT id FROM person WHERE login = ?1", e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, p->login))
            rc = sq_error(st, e, "looking up the person");
        else if ((rc = sqlite3_step(s)) == SQLITE_ROW)
            rc = err_set(e, ERR_USAGE, "person %s already exists; edit them instead", p->login);
        else if (rc == SQLITE_DONE)
            rc = 0;
        else
            rc = sq_error(st, e, "looking up the person");
        sq_done(s);
    }
    if (!rc) {
        s = sq_prepare(st,
                       "INSERT INTO person (login, name, title, department_id)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, p->login) || sq_bind_text(s, 2, p->name) ||
                 sq_bind_text(s, 3, str_empty(p->title) ? NULL : p->title) ||
                 (dept ? sq_bind_int(s, 4, dept) : sqlite3_bind_null(s, 4)) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "adding the person");
        else
            id = sqlite3_last_insert_rowid(st->db);
        sq_done(s);
    }
    if (!rc)
        rc = audit(st, "person", id, p->login, "create", NULL, NULL, p->name, e);
    return store_tx_end(st, rc, e);
}

int person_update(struct store *st, const struct person *p, struct err *e)
{
    if (str_empty(p->login))
        return err_set(e, ERR_USAGE, "a login is needed");
    if (text_check_fields(p, &person_texts, e))
        return -e->code;
    if (str_empty(p->name))
        return err_set(e, ERR_USAGE, "person %s needs a name", p->login);
    char what[160];
    snprintf(what, sizeof what, "editing person %s", p->login);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    struct person old;
    int64_t dept = 0;
    rc = person_get(st, p->login, &old, e);
    if (!rc && p->version && p->version != old.version)
        rc = store_conflict(st, "person", old.id, p->login, e);
    if (!rc)
        rc = person_department(st, p->department, &dept, e);
    const char *title = str_empty(p->title) ? NULL : p->title;
    const char *dkey = str_empty(p->department) ? NULL : p->department;
    bool changed =
        !str_eq(old.name, p->name) || !str_eq(old.title, title) || !str_eq(old.department, dkey);
    if (!rc && changed) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "UPDATE person SET name = ?2, title = ?3, department_id = ?4,"
                                     " version = version + 1 WHERE id = ?1",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, old.id) || sq_bind_text(s, 2, p->name) ||
                 sq_bind_text(s, 3, title) ||
                 (dept ? sq_bind_int(s, 4, dept) : sqlite3_bind_null(s, 4)) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "updating the person");
        sq_done(s);
        if (!rc)
            rc = audit_change(st, "person", old.id, p->login, "name", old.name, p->name, e);
        if (!rc)
            rc = audit_change(st, "person", old.id, p->login, "title", old.title, title, e);
        if (!rc)
            rc = audit_change(st, "person", old.id, p->login, "department", old.department, dkey,
                              e);
    }
    person_fini(&old);
    return store_tx_end(st, rc, e);
}
