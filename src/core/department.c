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
#include "entity_fields.h"
#include "internal.h"

/* ---- the fields ----------------------------------------------------------
 *
 * Each listed once (entity_fields.h). A department's roll-up is read from
 * pa (its open projects' worst health and how many are at risk), ia (its
 * indicators'), ba (its open and new blockers), which DEPT_ROLLUP_SQL
 * derives and DEPT_STORED_SQL reads from the counts the triggers keep.
 */
#define DEPARTMENT_FIELDS(R, C, W)                                                               \
    R(id, "d.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(key, "d.key", "key", ":key", FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none,                \
      FL_ORG | FL_REQUIRED | FL_ADD, "Key", "department key")                                    \
    W(name, "d.name", "name", ":name", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,                 \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Name", "department name")                     \
    W(lead, "d.lead", "lead", ":lead", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,              \
      FL_ORG | FL_EDIT | FL_AUDITED, "Lead", "lead")                                             \
    W(sort_order, "d.sort_order", "sort_order", ":sort_order", FT_INT, TEXT_KEY, FREF_NONE,      \
      -1000000, 1000000, sort, FL_ORG | FL_EDIT | FL_AUDITED | FL_BLANK_NEW, "Sort order",        \
      "sort order")                                                                              \
    W(archived, "d.archived", "archived", ":archived", FT_BOOL, TEXT_KEY, FREF_NONE, 0, 0, none,  \
      FL_ORG | FL_EDIT | FL_EDIT_ONLY | FL_AUDITED, "Archived", "archived")                      \
    R(version, "d.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")      \
    R(health, "MAX(COALESCE(pa.worst, 0), COALESCE(ia.worst, 0)) AS health", FT_INT, TEXT_KEY,   \
      FREF_NONE, 0, 3, none, 0, "Health", "health")                                              \
    R(open_blockers, "COALESCE(ba.open, 0)", FT_INT, TEXT_KEY, FREF_NONE, 0, 0, none, 0,          \
      "Open blockers", "open blockers")                                                          \
    R(new_blockers, "COALESCE(ba.fresh, 0)", FT_INT, TEXT_KEY, FREF_NONE, 0, 0, none, 0,          \
      "New blockers", "new blockers")                                                            \
    R(projects_at_risk, "COALESCE(pa.risk, 0)", FT_INT, TEXT_KEY, FREF_NONE, 0, 0, none, 0,       \
      "Projects at risk", "projects at risk")                                                    \
    R(indicators_off, "COALESCE(ia.off, 0)", FT_INT, TEXT_KEY, FREF_NONE, 0, 0, none, 0,          \
      "Indicators off", "indicators off")

#define PERSON_FIELDS(R, C, W)                                                                   \
    R(id, "p.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(login, "p.login", "login", ":login", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,          \
      FL_ORG | FL_REQUIRED | FL_ADD, "Login", "login")                                           \
    W(name, "p.name", "name", ":name", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,                 \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Name", "name")                               \
    W(department, "d.key", "department_id", "(SELECT id FROM department WHERE key = :department)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, dept, FL_ORG | FL_EDIT | FL_AUDITED, "Department", \
      "department")                                                                              \
    W(title, "p.title", "title", ":title", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,             \
      FL_ORG | FL_EDIT | FL_AUDITED, "Job title", "job title")                                   \
    R(version, "p.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")

/* A department's sort order is "sort" in files and --order on the command
 * line; a person's department is --dept. */
#define ENT_CH_sort(T, m) .key = "sort", .flag = "order"
#define ENT_CH_dept(T, m) .flag = "dept"
#define ENT_T struct department
static const struct entity_field department_field_v[] = {ENT_DESCRIBE(DEPARTMENT_FIELDS)};
#undef ENT_T
#define ENT_T struct person
static const struct entity_field person_field_v[] = {ENT_DESCRIBE(PERSON_FIELDS)};
#undef ENT_T
const struct entity department_entity = {"department", sizeof(struct department),
                                         department_field_v,
                                         sizeof department_field_v / sizeof department_field_v[0]};
const struct entity person_entity = {"person", sizeof(struct person), person_field_v,
                                     sizeof person_field_v / sizeof person_field_v[0]};

static const char SQL_DEPT_INSERT[] = "INSERT INTO department (" ENT_INSERT_COLS(
    DEPARTMENT_FIELDS) "version) VALUES (" ENT_INSERT_VALS(DEPARTMENT_FIELDS) "1)";
static const char SQL_DEPT_UPDATE[] = "UPDATE department SET " ENT_SETS(
    DEPARTMENT_FIELDS) "version = version + 1 WHERE id = :id";
static const char SQL_PERSON_INSERT[] = "INSERT INTO person (" ENT_INSERT_COLS(
    PERSON_FIELDS) "version) VALUES (" ENT_INSERT_VALS(PERSON_FIELDS) "1)";
static const char SQL_PERSON_UPDATE[] =
    "UPDATE person SET " ENT_SETS(PERSON_FIELDS) "version = version + 1 WHERE id = :id";

void department_fini(struct department *d)
{
    entity_fini(&department_entity, d);
}

void department_list_free(struct department *v, size_t n)
{
    entity_list_free(&department_entity, v, n);
}

void person_fini(struct person *p)
{
    entity_fini(&person_entity, p);
}

void person_list_free(struct person *v, size_t n)
{
    entity_list_free(&person_entity, v, n);
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
/* A department row, its roll-up read from pa, ia and ba (DEPARTMENT_FIELDS). */
#define DEPT_SELECT                                                                              \
    " SELECT " ENT_COLUMNS(DEPARTMENT_FIELDS) "NULL"                                             \
    " FROM department d LEFT JOIN pa ON pa.dep = d.id LEFT JOIN ia ON ia.dep = d.id"            \
    " LEFT JOIN ba ON ba.dep = d.id"
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
    "   WHERE wait IS NOT NULL AND wait <> own) GROUP BY dep)" DEPT_SELECT

/* The same roll-up read from the counts the triggers keep (rollup.c). */
#define DEPT_STORED_SQL                                                                          \
    "WITH pa AS (SELECT department_id AS dep, CASE WHEN p3 > 0 THEN 3 WHEN p2 > 0 THEN 2"        \
    "  WHEN p1 > 0 THEN 1 ELSE 0 END AS worst, p2 + p3 AS risk FROM department_stats),"          \
    " ia AS (SELECT department_id AS dep, CASE WHEN i3 > 0 THEN 3 WHEN i2 > 0 THEN 2"            \
    "  WHEN i1 > 0 THEN 1 ELSE 0 END AS worst, i2 + i3 AS off FROM department_stats),"           \
    " ba AS (SELECT department_id AS dep, open_blockers AS open, new_blockers AS fresh"          \
    "  FROM department_stats)" DEPT_SELECT

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

ENTITY_ROW_FNS(department, department_entity)

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

/* The checks every added or edited department or person passes first: a
 * key, text within its rules, a name. */
static int check_row(const struct entity *ent, const void *obj, const char *key, const char *name,
                     const char *no_key, struct err *e)
{
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "%s", no_key);
    if (entity_check(ent, obj, e))
        return -e->code;
    if (str_empty(name))
        return err_set(e, ERR_USAGE, "%s %s needs a name", ent->name, key);
    return 0;
}

/* An administrator's change ("adding department ENG"), in a transaction. */
static int begin_admin(struct store *st, const char *verb, const char *noun, const char *key,
                       struct err *e)
{
    char what[160];
    snprintf(what, sizeof what, "%s %s %s", verb, noun, key);
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    return rc ? rc : store_tx_begin(st, e);
}

/* Adds obj's created fields (empty texts stored as none) with sql, and
 * its "create" audit row naming name. */
static int insert_row(struct store *st, const struct entity *ent, const char *sql, const void *obj,
                      const char *key, const char *name, const char *what, struct err *e)
{
    void *row = xcalloc(1, ent->size);
    entity_assign(ent, row, obj, FL_CREATED);
    entity_tidy(ent, row);
    int64_t id = 0;
    int rc = entity_exec(st, ent, sql, row, 0, &id, what, e);
    entity_fini(ent, row);
    free(row);
    return rc ? rc : audit(st, ent->name, id, key, "create", NULL, NULL, name, e);
}

/* Writes the written fields of obj over cur (read through ent), when one
 * of them differs, auditing each change. */
static int update_row(struct store *st, const struct entity *ent, const char *sql, const void *cur,
                      const void *obj, int64_t id, const char *key, const char *what, struct err *e)
{
    void *next = xcalloc(1, ent->size);
    entity_copy(ent, next, cur);
    entity_assign(ent, next, obj, FL_WRITTEN);
    entity_tidy(ent, next);
    int rc = entity_update(st, ent, sql, cur, next, id, key, what, e);
    entity_fini(ent, next);
    free(next);
    return rc;
}

int department_add(struct store *st, const struct department *d, struct err *e)
{
    int rc =
        check_row(&department_entity, d, d->key, d->name, "a department needs a key (like ENG)", e);
    if (!rc)
        rc = begin_admin(st, "adding", "department", d->key, e);
    if (rc)
        return rc;
    int64_t id = store_department_id(st, d->key, e);
    if (id > 0)
        rc = err_set(e, ERR_USAGE, "department %s already exists; edit it instead", d->key);
    else if (id < 0)
        rc = (int)id;
    if (!rc)
        rc = store_key_twin_check(st, STORE_KEY_DEPARTMENT, d->key, e);
    if (!rc)
        rc = insert_row(st, &department_entity, SQL_DEPT_INSERT, d, d->key, d->name,
                        "adding the department", e);
    return store_tx_end(st, rc, e);
}

static const char SQL_DEPT_CURRENT[] = DEPT_STORED_SQL " WHERE d.key = :key";

int department_update(struct store *st, const struct department *d, struct err *e)
{
    int rc = check_row(&department_entity, d, d->key, d->name, "a department key is needed", e);
    if (!rc)
        rc = begin_admin(st, "editing", "department", d->key, e);
    if (rc)
        return rc;
    struct department cur;
    bool found = false;
    rc = entity_get(st, &department_entity, SQL_DEPT_CURRENT, d->key, &cur, &found,
                    "reading the department", e);
    if (!rc && !found)
        rc = no_department(st, d->key, e);
    else if (!rc && d->version && d->version != cur.version)
        rc = store_conflict(st, "department", cur.id, d->key, e);
    if (!rc)
        rc = update_row(st, &department_entity, SQL_DEPT_UPDATE, &cur, d, cur.id, d->key,
                        "updating the department", e);
    department_fini(&cur);
    return store_tx_end(st, rc, e);
}

/* People. */

#define PERSON_SELECT_SQL                                                                          \
    "SELECT " ENT_COLUMNS(PERSON_FIELDS) "NULL FROM person p LEFT JOIN department d ON d.id = p.department_id"

static const struct {
    const char *lead, *rest;
} person_orders[] = {
    [PERSON_SORT_LOGIN] = {"p.login", "p.id"},
    [PERSON_SORT_NAME] = {"p.name COLLATE NOCASE", "p.login"},
    [PERSON_SORT_DEPT] = {"d.key", "p.login"},
};

ENTITY_ROW_FNS(person, person_entity)

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
    return entity_get(st, &person_entity, PERSON_SELECT_SQL " WHERE p.login = :key", login, out,
                      found, "reading the person", e);
}

int person_get(struct store *st, const char *login, struct person *out, struct err *e)
{
    bool found;
    int rc = person_find(st, login, out, &found, e);
    return rc || found ? rc : no_person(st, login, e);
}

/* A home department, when given, must exist. */
static int check_department(struct store *st, const char *key, struct err *e)
{
    if (str_empty(key))
        return 0;
    int64_t found = store_department_id(st, key, e);
    if (found < 0)
        return (int)found;
    return found ? 0 : no_department(st, key, e);
}

int person_add(struct store *st, const struct person *p, struct err *e)
{
    int rc =
        check_row(&person_entity, p, p->login, p->name, "a person needs a login (like alice)", e);
    if (!rc)
        rc = begin_admin(st, "adding", "person", p->login, e);
    if (rc)
        return rc;
    rc = check_department(st, p->department, e);
    bool found = false;
    struct person cur;
    if (!rc)
        rc = entity_get(st, &person_entity, PERSON_SELECT_SQL " WHERE p.login = :key", p->login,
                        &cur, &found, "looking up the person", e);
    if (found) {
        person_fini(&cur);
        rc = err_set(e, ERR_USAGE, "person %s already exists; edit them instead", p->login);
    }
    if (!rc)
        rc = insert_row(st, &person_entity, SQL_PERSON_INSERT, p, p->login, p->name,
                        "adding the person", e);
    return store_tx_end(st, rc, e);
}

int person_update(struct store *st, const struct person *p, struct err *e)
{
    int rc = check_row(&person_entity, p, p->login, p->name, "a login is needed", e);
    if (!rc)
        rc = begin_admin(st, "editing", "person", p->login, e);
    if (rc)
        return rc;
    struct person old;
    rc = person_get(st, p->login, &old, e);
    if (!rc && p->version && p->version != old.version)
        rc = store_conflict(st, "person", old.id, p->login, e);
    if (!rc)
        rc = check_department(st, p->department, e);
    if (!rc)
        rc = update_row(st, &person_entity, SQL_PERSON_UPDATE, &old, p, old.id, p->login,
                        "updating the person", e);
    person_fini(&old);
    return store_tx_end(st, rc, e);
}
