/*
 * Projects and the dependencies between them. A project's health is
 * derived in SQL (the shared fragments of internal.h), so that a listing
 * stays one windowed query however many projects there are; a dependency
 * that would close a cycle is refused, naming the cycle, before it is
 * stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/project.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "entity_fields.h"
#include "internal.h"

/* ---- statements ------------------------------------------------------- */

/* A project's fields, each listed once (entity_fields.h): those kept, then
 * those derived when it is read (its health in force, its open blockers,
 * whether it depends on a project at risk, whether it is overdue). */
#define PROJECT_FIELDS(R, C, W)                                                                  \
    R(id, "p.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(key, "p.key", "key", ":key", FT_TEXT, TEXT_KEY, FREF_PROJECT, 0, 0, none,                   \
      FL_ORG | FL_REQUIRED | FL_ADD, "Key", "project key")                                       \
    W(title, "p.title", "title", ":title", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,             \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Title", "title")                             \
    W(department, "d.key", "department_id", "(SELECT id FROM department WHERE key = :department)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, dept,                                            \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Department", "department")                    \
    W(owner, "p.owner", "owner", ":owner", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,          \
      FL_ORG | FL_EDIT | FL_AUDITED, "Owner", "owner")                                           \
    W(status, "p.status", "status", ":status", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, status,      \
      FL_ORG | FL_EDIT | FL_AUDITED, "Status", "project status")                                 \
    W(health_set, "p.health", "health", ":health", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, kept,    \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_OMIT_FIRST, "Health", "health")                          \
    W(progress, "p.progress", "progress", ":progress", FT_INT, TEXT_KEY, FREF_NONE, 0, 100, none, \
      FL_ORG | FL_EDIT | FL_AUDITED, "Progress %", "progress")                                   \
    W(start, "p.start", "start", ":start", FT_DATE, TEXT_KEY, FREF_NONE, 0, 0, none,              \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_DAY, "Start", "start")                                  \
    W(due, "p.due", "due", ":due", FT_DATE, TEXT_KEY, FREF_NONE, 0, 0, none,                      \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_DAY, "Due", "due")                                      \
    W(description, "p.description", "description", ":description", FT_TEXT, TEXT_FREE,           \
      FREF_NONE, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Description", "description")         \
    R(version, "p.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")      \
    R(health, SQL_PROJECT_HEALTH("p") " AS eff", FT_INT, TEXT_KEY, FREF_NONE, 0, 3, now, 0,       \
      "Health now", "health now")                                                                \
    R(open_blockers,                                                                             \
      "(SELECT count(*) FROM blocker ob WHERE ob.project_id = p.id AND " SQL_BLOCKER_OPEN("ob")  \
      ")", FT_INT, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Open blockers", "open blockers")          \
    R(dep_at_risk,                                                                               \
      "EXISTS (SELECT 1 FROM project_dependency dl JOIN project dq ON dq.id = dl.depends_on_id"  \
      " WHERE dl.project_id = p.id AND " SQL_PROJECT_HEALTH("dq") " >= 2)", FT_BOOL, TEXT_KEY,   \
      FREF_NONE, 0, 0, none, 0, "Depends on a project at risk", "depends on a project at risk")  \
    R(overdue, SQL_PROJECT_OVERDUE("p"), FT_BOOL, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Overdue",  \
      "overdue")

ENT_CHOICES(status, enum project_status, PROJECT_PLANNED, PROJECT_CANCELLED, project_status_name,
            project_status_parse)

/* The health kept by hand: none (derived) is the first choice, and reads
 * as "derived" where it is typed. */
static const char *kept_name(int v)
{
    return v > HEALTH_UNKNOWN && v <= HEALTH_RED ? health_name((enum health)v) : NULL;
}

static bool kept_parse(const char *s, int *v)
{
    enum health h;
    if (str_eq(s, "derived")) {
        *v = HEALTH_UNKNOWN;
        return true;
    }
    if (!health_parse(s, &h) || h == HEALTH_UNKNOWN)
        return false;
    *v = (int)h;
    return true;
}

/* The health kept by hand (the member health_set) is "health" wherever it
 * is seen: its column, audit rows, files and --health; the health in force
 * (the member health) is "health_now". A name other than the member's is
 * given with the choices, after the member's: the one place a field's
 * name is given twice. */
#define ENT_CH_status(T, m) .choice_name = status_name, .choice_parse = status_parse
#define ENT_CH_kept(T, m)                                                                       \
    .choice_name = kept_name, .choice_parse = kept_parse, .name = "health", .none = "derived"
#define ENT_CH_now(T, m) .name = "health_now"
#define ENT_CH_dept(T, m) .flag = "dept"
#define ENT_T struct project
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct entity_field project_field_v[] = {ENT_DESCRIBE(PROJECT_FIELDS)};
#pragma GCC diagnostic pop
#undef ENT_T
/* Dates in their stored form, YYYY-MM-DD, compare as text. */
int project_check_dates(const struct project *p, struct err *e)
{
    if (p->start && p->due && strcmp(p->due, p->start) < 0)
        return err_set(e, ERR_USAGE, "project %s due %s is before its start %s; move one of them",
                       p->key ? p->key : "", p->due, p->start);
    return 0;
}

const struct entity project_entity = {"project", sizeof(struct project), project_field_v,
                                      sizeof project_field_v / sizeof project_field_v[0]};

#define PROJECT_SELECT                                                                          \
    "SELECT " ENT_COLUMNS(PROJECT_FIELDS) "NULL FROM project p JOIN department d"              \
    " ON d.id = p.department_id"
#define PROJECT_FILTER " WHERE (:dept IS NULL OR d.key = :dept)"
/* Filtering as you type (text_filter_ids): the window is chosen among the
 * candidate ids, at most PROJECT_TEXT_CAP + 1 of them, found by index. */
#define PROJECT_TEXT_FILTER                                                                     \
    " WHERE p.id IN (SELECT value FROM json_each(:cands)) AND (:dept IS NULL OR d.key = :dept)"
#define HEALTH_EXPR SQL_PROJECT_HEALTH("p")
#define STATUS_RANK                                                                             \
    "CASE p.status WHEN 'planned' THEN 0 WHEN 'active' THEN 1 WHEN 'on_hold' THEN 2"           \
    " WHEN 'done' THEN 3 ELSE 4 END"

/* The ORDER BY of each sort, ascending and descending. The key breaks
 * every tie, so the order is total. */
static const char *const project_orders[][2] = {
    [PROJECT_SORT_DEFAULT] = {"d.sort_order, d.key, p.key",
                              "d.sort_order DESC, d.key DESC, p.key DESC"},
    [PROJECT_SORT_KEY] = {"p.key", "p.key DESC"},
    [PROJECT_SORT_TITLE] = {"p.title, p.key", "p.title DESC, p.key DESC"},
    [PROJECT_SORT_DEPT] = {"d.key, p.key", "d.key DESC, p.key DESC"},
    [PROJECT_SORT_OWNER] = {"p.owner IS NULL, p.owner, p.key",
                            "p.owner IS NULL, p.owner DESC, p.key DESC"},
    [PROJECT_SORT_STATUS] = {STATUS_RANK ", p.key", STATUS_RANK " DESC, p.key DESC"},
    /* The health value is the enum: worst first is the highest first. */
    [PROJECT_SORT_HEALTH] = {HEALTH_EXPR " DESC, p.key", HEALTH_EXPR ", p.key DESC"},
    [PROJECT_SORT_PROGRESS] = {"p.progress, p.key", "p.progress DESC, p.key DESC"},
    [PROJECT_SORT_DUE] = {"p.due IS NULL, p.due, p.key", "p.due IS NULL, p.due DESC, p.key DESC"},
};

/* A listing: the window is cut on the project rows first, so the derived
 * columns are computed for the rows shown only. Built at run time (the
 * statement cache keeps its own copy): as one literal it would be longer
 * than C compilers must accept. */
static char *project_list_sql(int sort, bool desc)
{
    const char *order = project_orders[sort][desc ? 1 : 0];
    /* In department order, the departments are walked through their
     * (sort_order, key) or key index and each one's projects through
     * project_department, which is already in key order: the window is
     * read, not sorted out of every project. */
    bool by_dept = sort == PROJECT_SORT_DEFAULT || sort == PROJECT_SORT_DEPT;
    const char *from = by_dept ? "department d CROSS JOIN project p" : "project p JOIN department d";
    return xasprintf("%s WHERE p.id IN (SELECT p.id FROM %s ON d.id = p.department_id%s"
                     " ORDER BY %s LIMIT :limit OFFSET :offset) ORDER BY %s",
                     PROJECT_SELECT, from, PROJECT_FILTER, order, order);
}

/* A filtered listing: the candidates are looked up by id and sorted,
 * whatever the order (at most PROJECT_TEXT_CAP + 1 rows). Worst health
 * first sorts by the health the roll-up keeps (the same value, derived
 * for today) when it is up to date: deriving it for a thousand candidates
 * took 6 ms of a key press. */
static const char *const project_stored_health[2] = {"p.derived DESC, p.key",
                                                     "p.derived, p.key DESC"};

static char *project_text_sql(int sort, bool desc, bool stored_health)
{
    const char *order = sort == PROJECT_SORT_HEALTH && stored_health
                            ? project_stored_health[desc ? 1 : 0]
                            : project_orders[sort][desc ? 1 : 0];
    return xasprintf("%s WHERE p.id IN (SELECT p.id FROM project p JOIN department d"
                     " ON d.id = p.department_id%s ORDER BY %s LIMIT :limit OFFSET :offset)"
                     " ORDER BY %s",
                     PROJECT_SELECT, PROJECT_TEXT_FILTER, order, order);
}

static const char SQL_COUNT[] = "SELECT count(*) FROM project p JOIN department d"
                                " ON d.id = p.department_id" PROJECT_FILTER;
static const char SQL_TEXT_COUNT[] = "SELECT count(*) FROM project p JOIN department d"
                                     " ON d.id = p.department_id" PROJECT_TEXT_FILTER;
static const char SQL_GET[] = PROJECT_SELECT " WHERE p.key = :key";
static const char SQL_DEPENDENTS[] =
    PROJECT_SELECT " WHERE p.id IN (SELECT project_id FROM project_dependency"
                   " WHERE depends_on_id = :id) ORDER BY p.key";
static const char SQL_DEPENDS_ON[] =
    "SELECT n.key FROM project_dependency l JOIN project n ON n.id = l.depends_on_id"
    " WHERE l.project_id = ? ORDER BY n.key";
static const char SQL_INSERT[] = "INSERT INTO project (" ENT_INSERT_COLS(
    PROJECT_FIELDS) "version) VALUES (" ENT_INSERT_VALS(PROJECT_FIELDS) "1)";
static const char SQL_UPDATE[] =
    "UPDATE project SET " ENT_SETS(PROJECT_FIELDS) "version = version + 1 WHERE id = :id";
static const char SQL_DEP_EXISTS[] =
    "SELECT 1 FROM project_dependency WHERE project_id = ? AND depends_on_id = ?";
/* Does :on reach :from by following dependencies? */
static const char SQL_REACHES[] =
    "WITH RECURSIVE reach(id) AS (SELECT :on UNION SELECT l.depends_on_id FROM reach"
    " JOIN project_dependency l ON l.project_id = reach.id)"
    " SELECT 1 FROM reach WHERE id = :from LIMIT 1";
/* The shortest path from :on to :from (breadth first; only asked once we
 * know there is one, and the stored graph has no cycle). */
static const char SQL_CYCLE_PATH[] =
    "WITH RECURSIVE walk(id, path, depth) AS ("
    " SELECT id, key, 0 FROM project WHERE id = :on"
    " UNION ALL SELECT l.depends_on_id, walk.path || ' -> ' || n.key, walk.depth + 1"
    " FROM walk JOIN project_dependency l ON l.project_id = walk.id"
    " JOIN project n ON n.id = l.depends_on_id WHERE walk.id <> :from AND walk.depth < 1000)"
    " SELECT path FROM walk WHERE id = :from LIMIT 1";
static const char SQL_DEP_INSERT[] =
    "INSERT INTO project_dependency (project_id, depends_on_id, note) VALUES (?, ?, ?)";
static const char SQL_DEP_DELETE[] =
    "DELETE FROM project_dependency WHERE project_id = ? AND depends_on_id = ?";

/* ---- small helpers ---------------------------------------------------- */

void project_fini(struct project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_depends_on; i++)
        free(p->depends_on[i]);
    free(p->depends_on);
    entity_fini(&project_entity, p);
}

void project_list_free(struct project *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        project_fini(&v[i]);
    free(v);
}

/* Reads a PROJECT_SELECT row. */
static void project_read(sqlite3_stmt *s, struct project *p)
{
    entity_read(&project_entity, s, p);
    p->blocked = p->open_blockers > 0;
}

SQ_ROW_FNS(project, struct project, project_read, project_fini)

/* Steps s to the end, appending each row to a growing array. */
static int read_rows(struct store *st, sqlite3_stmt *s, struct project **out, size_t *n,
                     struct err *e)
{
    return sq_collect(st, s, sizeof **out, project_row, NULL, project_row_fini, out, n,
                      "reading projects", e);
}

/* sql with the clock the health fragments read, :key and :id bound, each
 * when it names them; NULL, with e filled, on failure. */
static sqlite3_stmt *project_stmt(struct store *st, const char *sql, const char *key, int64_t id,
                                  struct err *e)
{
    sqlite3_stmt *s = sq_prepare_key(st, sql, key, e);
    if (s && sq_bind_named_int(st, s, ":id", id, e)) {
        sq_done(s);
        return NULL;
    }
    return s;
}

/* A date field: NULL or "" stays NULL, anything else must be a date. */
static int norm_date(const char *in, char **out, const char *what, struct err *e)
{
    *out = NULL;
    if (str_empty(in))
        return 0;
    btime t;
    if (!time_parse(in, &t))
        return err_set(e, ERR_USAGE, "%s \"%s\" is not a date (use YYYY-MM-DD)", what, in);
    char buf[16];
    time_fmt_date(t, buf);
    *out = xstrdup(buf);
    return 0;
}

static int64_t project_id_or_usage(struct store *st, const char *key, struct err *e)
{
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "a project key is required");
    int64_t id = store_project_id(st, key, e);
    if (id == 0)
        return err_set(e, ERR_USAGE, "no project %s", key);
    return id;
}

/* Refuses unless the actor leads the department owning project id. */
static int authorize_project(struct store *st, int64_t id, const char *key, const char *what,
                             struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT d.key FROM project p JOIN department d"
                                 " ON d.id = p.department_id WHERE p.id = ?1",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    char *dept = NULL;
    int rc = sq_bind_int(s, 1, id) ? SQLITE_ERROR : sqlite3_step(s);
    if (rc == SQLITE_ROW)
        dept = sq_col_text(s, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the project");
    sq_done(s);
    if (!rc) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s %s", what, key);
        rc = store_authorize(st, PERM_EDIT, dept, NULL, msg, e);
    }
    free(dept);
    return rc;
}

/* ---- dependencies ----------------------------------------------------- */

static int step_exists(struct store *st, sqlite3_stmt *s, bool *found, const char *what,
                       struct err *e)
{
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, what);
    sq_done(s);
    return r;
}

/* sql, a cycle's check or trace, with the edge id -> on bound as :from
 * and :on; NULL, with e filled, on failure. */
static sqlite3_stmt *prepare_edge(struct store *st, const char *sql, int64_t id, int64_t on,
                                  struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (s && (sq_bind_named_int(st, s, ":on", on, e) || sq_bind_named_int(st, s, ":from", id, e))) {
        sq_done(s);
        return NULL;
    }
    return s;
}

/* Names the path that adding key -> on_key would close, in e. */
static int cycle_refusal(struct store *st, int64_t id, const char *key, int64_t on,
                         struct err *e)
{
    sqlite3_stmt *s = prepare_edge(st, SQL_CYCLE_PATH, id, on, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        err_set(e, ERR_CONFLICT, "%s -> %s would be a dependency cycle", key,
                (const char *)sqlite3_column_text(s, 0));
        sq_done(s);
        return -ERR_CONFLICT;
    }
    int r = rc == SQLITE_DONE
                ? err_set(e, ERR_CONFLICT, "%s depending on that would be a dependency cycle", key)
                : sq_error(st, e, "tracing the dependency cycle");
    sq_done(s);
    return r;
}

/* Inside a transaction: id/key depends on on_key. */
static int depend_tx(struct store *st, int64_t id, const char *key, const char *on_key,
                     const char *note, struct err *e)
{
    int64_t on = project_id_or_usage(st, on_key, e);
    if (on < 0)
        return (int)on;
    if (on == id)
        return err_set(e, ERR_CONFLICT, "%s -> %s would be a dependency cycle", key, key);

    sqlite3_stmt *s = sq_prepare(st, SQL_DEP_EXISTS, e);
    if (!s)
        return -ERR_RUNTIME;
    bool found;
    if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK || sqlite3_bind_int64(s, 2, on) != SQLITE_OK) {
        int fail = sq_error(st, e, "binding the dependency check");
        sq_done(s);
        return fail;
    }
    int rc = step_exists(st, s, &found, "checking the dependency", e);
    if (rc || found)
        return rc;

    s = prepare_edge(st, SQL_REACHES, id, on, e);
    if (!s)
        return -ERR_RUNTIME;
    rc = step_exists(st, s, &found, "checking for a dependency cycle", e);
    if (rc)
        return rc;
    if (found)
        return cycle_refusal(st, id, key, on, e);

    s = sq_prepare(st, SQL_DEP_INSERT, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK || sqlite3_bind_int64(s, 2, on) != SQLITE_OK ||
        sq_bind_text(s, 3, str_empty(note) ? NULL : note) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_DONE) {
        rc = sq_error(st, e, "adding the dependency");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    return audit(st, "project", id, key, "update", "depends_on", NULL, on_key, e);
}

static int undepend_tx(struct store *st, int64_t id, const char *key, const char *on_key,
                       struct err *e)
{
    int64_t on = project_id_or_usage(st, on_key, e);
    if (on < 0)
        return (int)on;
    sqlite3_stmt *s = sq_prepare(st, SQL_DEP_DELETE, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK || sqlite3_bind_int64(s, 2, on) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_DONE) {
        int rc = sq_error(st, e, "removing the dependency");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    if (sqlite3_changes(st->db) == 0)
        return 0;
    return audit(st, "project", id, key, "update", "depends_on", on_key, NULL, e);
}

/* The sorted keys id depends on. */
static int depends_on_read(struct store *st, int64_t id, char ***out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare_int(st, SQL_DEPENDS_ON, id, e);
    return sq_collect(st, s, sizeof **out, sq_read_text, NULL, sq_fini_text, out, n,
                      "reading dependencies", e);
}

static bool key_in(const char *key, char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(key, v[i]))
            return true;
    return false;
}

static int set_depends_tx(struct store *st, int64_t id, const char *key, char *const *on_keys,
                          size_t n, struct err *e)
{
    char **cur;
    size_t ncur;
    int rc = depends_on_read(st, id, &cur, &ncur, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < ncur && !rc; i++)
        if (!key_in(cur[i], on_keys, n))
            rc = undepend_tx(st, id, key, cur[i], e);
    for (size_t i = 0; i < n && !rc; i++)
        if (!key_in(on_keys[i], cur, ncur))
            rc = depend_tx(st, id, key, on_keys[i], NULL, e);
    for (size_t i = 0; i < ncur; i++)
        free(cur[i]);
    free(cur);
    return rc;
}

/* ---- add and update --------------------------------------------------- */

/* Checks p's written fields and makes next of them (over what it holds):
 * empty texts none, dates in their stored form. */
static int fields_check(struct store *st, const struct project *p, struct project *next,
                        struct err *e)
{
    if (str_empty(p->title))
        return err_set(e, ERR_USAGE, "project %s needs a title", p->key);
    if (str_empty(p->department))
        return err_set(e, ERR_USAGE, "project %s needs a department", p->key);
    if (p->progress < 0 || p->progress > 100)
        return err_set(e, ERR_USAGE, "progress of %s must be 0 to 100, not %d", p->key,
                       p->progress);
    if (p->status < PROJECT_PLANNED || p->status > PROJECT_CANCELLED)
        return err_set(e, ERR_USAGE, "project %s has no valid status", p->key);
    if (p->health_set < HEALTH_UNKNOWN || p->health_set > HEALTH_RED)
        return err_set(e, ERR_USAGE, "project %s has no valid health", p->key);
    int64_t dept = store_department_id(st, p->department, e);
    if (dept < 0)
        return (int)dept;
    if (dept == 0)
        return err_set(e, ERR_USAGE, "no department %s", p->department);
    entity_assign(&project_entity, next, p, FL_WRITTEN);
    entity_tidy(&project_entity, next);
    char *start = NULL, *due = NULL;
    int rc = norm_date(p->start, &start, "start", e);
    if (!rc)
        rc = norm_date(p->due, &due, "due", e);
    free(next->start);
    free(next->due);
    next->start = start;
    next->due = due;
    return rc ? rc : project_check_dates(next, e);
}

static int add_tx(struct store *st, const struct project *p, struct err *e)
{
    if (str_empty(p->key))
        return err_set(e, ERR_USAGE, "a project needs a key");
    struct project row = {0};
    row.key = xstrdup(p->key);
    int rc = fields_check(st, p, &row, e);
    if (!rc)
        rc = store_check_person(st, row.owner, e);
    int64_t id = rc ? 0 : store_project_id(st, p->key, e);
    if (id < 0)
        rc = (int)id;
    else if (id > 0)
        rc = err_set(e, ERR_USAGE, "project %s exists", p->key);
    if (!rc)
        rc = store_key_twin_check(st, STORE_KEY_PROJECT, p->key, e);
    if (!rc)
        rc = entity_exec(st, &project_entity, SQL_INSERT, &row, 0, &id, "adding the project", e);
    project_fini(&row);
    if (!rc)
        rc = audit(st, "project", id, p->key, "create", NULL, NULL, p->title, e);
    for (size_t i = 0; i < p->n_depends_on && !rc; i++)
        rc = depend_tx(st, id, p->key, p->depends_on[i], NULL, e);
    return rc;
}

static int check_project_text(const struct project *p, struct err *e)
{
    int rc = entity_check(&project_entity, p, e);
    for (size_t i = 0; !rc && i < p->n_depends_on; i++)
        rc = text_check(TEXT_KEY, "depends-on key", p->depends_on[i], e);
    return rc;
}

/* Moving a project to another department needs both leads. */
static int authorize_edit(struct store *st, const struct project *cur, const struct project *p,
                          struct err *e)
{
    char what[160];
    snprintf(what, sizeof what, "editing project %s", p->key);
    int rc = store_authorize(st, PERM_EDIT, cur->department, NULL, what, e);
    if (!rc && !str_empty(p->department) && !str_eq(p->department, cur->department)) {
        snprintf(what, sizeof what, "moving project %s to %s", p->key, p->department);
        rc = store_authorize(st, PERM_EDIT, p->department, NULL, what, e);
    }
    return rc;
}

static int update_tx(struct store *st, const struct project *p, struct err *e)
{
    if (str_empty(p->key))
        return err_set(e, ERR_USAGE, "a project key is required");
    struct project cur, next = {0};
    bool found = false;
    int rc = entity_get(st, &project_entity, SQL_GET, p->key, &cur, &found,
                        "reading the project", e);
    if (!rc && !found)
        rc = err_set(e, ERR_USAGE, "no project %s", p->key);
    if (!rc)
        rc = authorize_edit(st, &cur, p, e);
    if (!rc && p->version != 0 && p->version != cur.version)
        rc = store_conflict(st, "project", cur.id, p->key, e);
    if (!rc) {
        entity_copy(&project_entity, &next, &cur);
        rc = fields_check(st, p, &next, e);
    }
    if (!rc && !str_eq(cur.owner, next.owner))
        rc = store_check_person(st, next.owner, e);
    if (!rc)
        rc = entity_update(st, &project_entity, SQL_UPDATE, &cur, &next, cur.id, p->key,
                           "updating the project", e);
    project_fini(&next);
    project_fini(&cur);
    return rc;
}

/* Adds or updates p in a transaction, once its text and the store allow
 * it; adding asks first for the right to its department. */
static int project_write(struct store *st, const struct project *p, bool adding, struct err *e)
{
    int rc = check_project_text(p, e);
    if (!rc)
        rc = store_check_writable(st, e);
    if (!rc && adding) {
        char what[160];
        snprintf(what, sizeof what, "adding project %s", p->key ? p->key : "");
        rc = store_authorize(st, PERM_EDIT, p->department, NULL, what, e);
    }
    if (!rc)
        rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, adding ? add_tx(st, p, e) : update_tx(st, p, e), e);
}

int project_add(struct store *st, const struct project *p, struct err *e)
{
    return project_write(st, p, true, e);
}

int project_update(struct store *st, const struct project *p, struct err *e)
{
    return project_write(st, p, false, e);
}

/* ---- filtering as you type -------------------------------------------
 *
 * A substring test over every row costs a scan per key press. A filter is
 * instead, as over open blockers, a word-prefix match: every word typed
 * begins a word of the key or title (the full-text index, schema 9), or
 * the text is the start of a key (the index of keys in lower case). Both
 * are index lookups that stop after cap + 1 candidates; the window is then
 * cut from those in the list's order, and a count of cap + 1 reads "more
 * than cap" ("1,000+": type more to narrow). Indicators (indicator.c) use
 * the same search over their own indexes.
 */

static const struct text_index project_text =
    TEXT_INDEX(project, "p", "projects", PROJECT_TEXT_CAP, SQL_COUNT, SQL_TEXT_COUNT, false);

/* Whether the character at p belongs to a word, and its length in *len:
 * ASCII letters and digits, and anything beyond ASCII but the punctuation
 * of Latin-1 (U+00A0-U+00BF, "«", "·") and of the general punctuation block
 * (U+2000-U+206F: dashes, quotes, "…"), which the index's tokenizer splits
 * words at too. Inside one quoted word they would make a phrase, whose
 * words must then follow each other and all but the last be whole. */
static bool word_char(const unsigned char *p, int *len)
{
    *len = 1;
    if (*p < 0x80)
        return (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    while ((p[*len] & 0xC0) == 0x80)
        ++*len;
    if (p[0] == 0xC2 && *len == 2 && p[1] >= 0xA0 && p[1] <= 0xBF)
        return false;
    if (p[0] == 0xE2 && *len == 3 && (p[1] == 0x80 || (p[1] == 0x81 && p[2] <= 0xAF)))
        return false;
    return true;
}

/* The FTS5 query for text: each word a quoted prefix, all required; NULL
 * when text has no word. Words hold no quote, so quoting is safe. */
static char *prefix_query(const char *text)
{
    struct strbuf sb;
    sb_init(&sb);
    const unsigned char *p = (const unsigned char *)text;
    int len;
    while (*p) {
        if (!word_char(p, &len)) {
            p += len;
            continue;
        }
        const unsigned char *w = p;
        while (*p && word_char(p, &len))
            p += len;
        sb_addf(&sb, "%s\"%.*s\"*", sb.len ? " " : "", (int)(p - w), (const char *)w);
    }
    char *q = sb.len ? xstrdup(sb_str(&sb)) : NULL;
    sb_fini(&sb);
    return q;
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Appends the ids s returns to ids until there are want, leaving out those
 * of skip (sorted, nskip of them): no row takes two places of the cap. */
static int collect_ids(struct store *st, sqlite3_stmt *s, int64_t *ids, size_t *n, size_t want,
                       const int64_t *skip, size_t nskip, const char *what, struct err *e)
{
    int rc = SQLITE_DONE;
    while (*n < want && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (!nskip || !bsearch(&id, skip, nskip, sizeof *skip, id_cmp))
            ids[(*n)++] = id;
    }
    return *n >= want || rc == SQLITE_DONE ? 0 : sq_error(st, e, what);
}

static int text_walk(struct store *st, const struct text_index *ti, const char *text,
                     const char *dept, size_t want, int64_t *ids, size_t *n, struct err *e);

/* Narrowed to a department: when the whole organisation's matches are
 * under the cap, the department's are among them, kept in their order;
 * only a capped list makes the search walk the indexes within it. */
static int text_search(struct store *st, const struct text_index *ti, const char *text,
                       const char *dept, size_t want, int64_t *ids, size_t *n, struct err *e)
{
    int rc = text_walk(st, ti, text, NULL, want, ids, n, e);
    if (rc || !dept)
        return rc;
    if (*n >= want)
        return text_walk(st, ti, text, dept, want, ids, n, e);
    struct strbuf json;
    sb_init(&json);
    sb_addc(&json, '[');
    for (size_t i = 0; i < *n; i++)
        sb_addf(&json, "%s%lld", i ? "," : "", (long long)ids[i]);
    sb_addc(&json, ']');
    size_t all = *n;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st, ti->keep_sql_dept, e);
    if (!s)
        rc = -ERR_RUNTIME;
    else if (sq_bind_text(s, 1, sb_str(&json)) != SQLITE_OK ||
             sq_bind_text(s, 2, dept) != SQLITE_OK)
        rc = sq_error(st, e, ti->what);
    else
        rc = collect_ids(st, s, ids, n, all, NULL, 0, ti->what, e);
    sq_done(s);
    sb_fini(&json);
    return rc;
}

/* The search itself: keys first (key order), then words (rowid order). */
static int text_walk(struct store *st, const struct text_index *ti, const char *text,
                     const char *dept, size_t want, int64_t *ids, size_t *n, struct err *e)
{
    *n = 0;
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len && text[len - 1] == ' ')
        len--;
    int rc = 0;
    if (len) {
        char *key = xasprintf("%.*s", (int)len, text);
        sqlite3_stmt *s = sq_prepare(st, dept ? ti->key_sql_dept : ti->key_sql, e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, key) != SQLITE_OK || sq_bind_int(s, 2, (int64_t)want) ||
                 (dept && sq_bind_text(s, 3, dept) != SQLITE_OK))
            rc = sq_error(st, e, ti->what);
        else
            rc = collect_ids(st, s, ids, n, want, NULL, 0, ti->what, e);
        sq_done(s);
        free(key);
    }
    char *match = prefix_query(text);
    if (!rc && match && *n < want) {
        size_t n_keyed = *n;
        int64_t *keyed = xmalloc((n_keyed ? n_keyed : 1) * sizeof *keyed);
        memcpy(keyed, ids, n_keyed * sizeof *keyed);
        qsort(keyed, n_keyed, sizeof *keyed, id_cmp);
        sqlite3_stmt *s = sq_prepare(st, dept ? ti->fts_sql_dept : ti->fts_sql, e);
        /* at most n_keyed of its rows are found again */
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, match) != SQLITE_OK || sq_bind_int(s, 2, (int64_t)want) ||
                 (dept && sq_bind_text(s, 3, dept) != SQLITE_OK))
            rc = sq_error(st, e, ti->what);
        else
            rc = collect_ids(st, s, ids, n, want, keyed, n_keyed, ti->what, e);
        sq_done(s);
        free(keyed);
    }
    free(match);
    return rc;
}

int text_filter_ids(struct store *st, const struct text_index *ti, struct text_memo *memo,
                    const char *text, const char *dept, size_t cap, char **json, size_t *n,
                    struct err *e)
{
    *json = NULL;
    *n = 0;
    if (str_empty(dept))
        dept = NULL;
    /* remembered by department and text together */
    char *memo_key = xasprintf("%s\x1f%s", dept ? dept : "", text);
    size_t want = cap + 1 < TEXT_MEMO_MAX ? cap + 1 : TEXT_MEMO_MAX;
    int64_t version = 0;
    int64_t changes = (int64_t)sqlite3_total_changes64(st->db);
    int rc = store_data_version(st, &version, e);
    if (rc) {
        free(memo_key);
        return rc;
    }
    size_t len = strlen(memo_key);
    bool fits = len < sizeof memo->text;
    if (!fits || !memo->text[0] || strcmp(memo->text, memo_key) != 0 ||
        memo->version != version || memo->changes != changes) {
        memo->text[0] = 0;
        if ((rc = text_search(st, ti, text, dept, want, memo->ids, &memo->n, e))) {
            free(memo_key);
            return rc;
        }
        if (fits) {
            memcpy(memo->text, memo_key, len + 1);
            memo->version = version;
            memo->changes = changes;
        }
    }
    free(memo_key);
    struct strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '[');
    for (size_t i = 0; i < memo->n; i++)
        sb_addf(&sb, "%s%lld", i ? "," : "", (long long)memo->ids[i]);
    sb_addc(&sb, ']');
    *json = xstrdup(sb_str(&sb));
    sb_fini(&sb);
    *n = memo->n;
    return 0;
}

int text_query_cands(struct store *st, const struct text_index *ti, const struct query *q,
                     char **cands, size_t *nc, struct err *e)
{
    *cands = NULL;
    *nc = 0;
    if (str_empty(q->text))
        return 0;
    struct text_memo *memo = (struct text_memo *)((char *)st + ti->memo_off);
    return text_filter_ids(st, ti, memo, q->text, q->dept, ti->cap, cands, nc, e);
}

int text_query_begin(struct store *st, const struct text_index *ti, const struct query *q,
                     size_t nsorts, char **cands, struct err *e)
{
    *cands = NULL;
    if (q->sort < 0 || (size_t)q->sort >= nsorts)
        return err_set(e, ERR_USAGE, "no such %s sort (%d)", ti->one, q->sort);
    size_t nc = 0;
    return text_query_cands(st, ti, q, cands, &nc, e);
}

sqlite3_stmt *text_query_prepare(struct store *st, const char *sql, query_bind_fn bind,
                                 const struct query *q, char *cands, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (s && (bind(st, s, q, e) || (cands && sq_bind_named_text(st, s, ":cands", cands, e)))) {
        sq_done(s);
        s = NULL;
    }
    free(cands);
    return s;
}

int text_query_count(struct store *st, const struct text_index *ti, const struct query *q,
                     int64_t *n, struct err *e)
{
    *n = 0;
    q = query_or_all(q);
    char *cands = NULL;
    if (!str_empty(q->text)) {
        size_t nc = 0;
        int rc = text_query_cands(st, ti, q, &cands, &nc, e);
        /* every candidate is a row (of the department), listed once */
        if (rc || str_empty(q->dept) || nc > ti->cap) {
            free(cands);
            *n = rc ? 0 : (int64_t)nc;
            return rc;
        }
    } else {
        /* Without a text filter the roll-up has the count (one row). */
        bool known = false;
        int stored = rollup_count(st, q, ti->indicators, n, &known, e);
        if (stored || known)
            return stored;
    }
    sqlite3_stmt *s = text_query_prepare(st, cands ? ti->text_count_sql : ti->count_sql,
                                         sq_bind_query, q, cands, e);
    return sq_int(st, s, n, NULL, ti->counting, e);
}

/* ---- reading ---------------------------------------------------------- */

int project_get(struct store *st, const char *key, struct project *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "a project key is required");
    sqlite3_stmt *s = project_stmt(st, SQL_GET, key, 0, e);
    if (!s)
        return -ERR_RUNTIME;
    int step = sqlite3_step(s);
    if (step != SQLITE_ROW) {
        int rc = step == SQLITE_DONE ? err_set(e, ERR_USAGE, "no project %s", key)
                                     : sq_error(st, e, "reading the project");
        sq_done(s);
        return rc;
    }
    project_read(s, out);
    sq_done(s);
    int rc = depends_on_read(st, out->id, &out->depends_on, &out->n_depends_on, e);
    if (rc)
        project_fini(out);
    return rc;
}

int project_list(struct store *st, const struct query *q, struct project **out, size_t *n,
                 struct err *e)
{
    *out = NULL;
    *n = 0;
    q = query_or_all(q);
    bool stored_health = false;
    int rc = !str_empty(q->text) && q->sort == PROJECT_SORT_HEALTH
                 ? rollup_ready(st, &stored_health, e)
                 : 0;
    char *cands = NULL;
    if (!rc)
        rc = text_query_begin(st, &project_text, q, sizeof project_orders / sizeof *project_orders,
                              &cands, e);
    if (rc)
        return rc;
    char *sql = cands ? project_text_sql(q->sort, q->desc, stored_health)
                      : project_list_sql(q->sort, q->desc);
    sqlite3_stmt *s = text_query_prepare(st, sql, sq_bind_query, q, cands, e);
    free(sql);
    return s ? read_rows(st, s, out, n, e) : -ERR_RUNTIME;
}

/* ---- the report's figures ---------------------------------------------- */

/* Every project is one department's: the organisation's are the sum (the
 * roll-up's row 0 keeps no health). */
static const char SQL_HEALTH_STORED[] =
    "SELECT 0, sum(p1), sum(p2), sum(p3) FROM department_stats WHERE department_id <> 0";
static const char SQL_HEALTH_DERIVED[] =
    "SELECT 0, sum(eff = 1), sum(eff = 2), sum(eff = 3) FROM (SELECT " SQL_PROJECT_HEALTH("p")
    " AS eff FROM project p WHERE NOT " SQL_PROJECT_CLOSED("p") ")";

int project_health_counts(struct store *st, int64_t counts[4], struct err *e)
{
    memset(counts, 0, 4 * sizeof *counts);
    bool stored = false;
    int rc = rollup_ready(st, &stored, e);
    if (rc)
        return rc;
    sqlite3_stmt *s =
        sq_prepare_query(st, stored ? SQL_HEALTH_STORED : SQL_HEALTH_DERIVED, NULL, e);
    if (!s)
        return -ERR_RUNTIME;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        for (int h = HEALTH_GREEN; h <= HEALTH_RED; h++)
            counts[h] = sqlite3_column_int64(s, h);
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_error(st, e, "counting projects");
    sq_done(s);
    return rc;
}

/* A department's open projects at risk in the stand-up's order, by the
 * stored roll-up (the caller has made it today's): a range of
 * project_at_risk, each row's health and its dependencies' the stored
 * ones, which equal the derived ones then. */
static const char SQL_AT_RISK[] =
    "SELECT p.id, p.key, p.title, d.key, p.owner, p.status, p.health, p.progress, p.start,"
    " p.due, p.description, p.version, p.derived AS eff,"
    " (SELECT count(*) FROM blocker ob WHERE ob.project_id = p.id AND " SQL_BLOCKER_OPEN("ob")
    "), EXISTS (SELECT 1 FROM project_dependency dl JOIN project dq ON dq.id = dl.depends_on_id"
    " WHERE dl.project_id = p.id AND dq.derived >= 2), " SQL_PROJECT_OVERDUE("p") ", NULL"
    " FROM project p JOIN department d ON d.id = p.department_id"
    " WHERE p.department_id = (SELECT id FROM department WHERE key = :dept)"
    " AND NOT " SQL_PROJECT_CLOSED("p") " AND p.derived >= 2"
    " ORDER BY p.derived DESC, p.due IS NULL, p.due, p.key LIMIT :limit";

int project_list_at_risk(struct store *st, const char *dept, int limit, struct project **out,
                         size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_AT_RISK, e);
    if (!s)
        return -ERR_RUNTIME;
    struct query q = {.dept = dept, .limit = limit};
    if (sq_bind_query(st, s, &q, e)) {
        sq_done(s);
        return -e->code;
    }
    return read_rows(st, s, out, n, e);
}

/* The dependency's health: stored (the roll-up is today's) or derived. */
#define RISKY_DEPS(health)                                                                      \
    "SELECT p.key, p.title, d.key, q.key, q.title, qd.key, " health " AS h"                    \
    " FROM project p JOIN department d ON d.id = p.department_id"                              \
    " JOIN project_dependency l ON l.project_id = p.id"                                        \
    " JOIN project q ON q.id = l.depends_on_id JOIN department qd ON qd.id = q.department_id"   \
    " WHERE NOT " SQL_PROJECT_CLOSED("p") " AND q.department_id <> p.department_id"            \
    " AND h >= 2 ORDER BY d.sort_order, d.key, p.key, q.key"
static const char *const sql_risky_deps[2] = {RISKY_DEPS(SQL_PROJECT_HEALTH("q")),
                                              RISKY_DEPS("q.derived")};

/* A dependency at risk as RISKY_DEPS reads it: these columns, then the
 * health of the project depended on. */
#define RISK_TEXT(m) ROW_FIELD(struct project_dep_risk, m, FT_TEXT)
static const struct entity_field risk_field_v[] = {
    RISK_TEXT(project), RISK_TEXT(title),    RISK_TEXT(dept),
    RISK_TEXT(on),      RISK_TEXT(on_title), RISK_TEXT(on_dept),
};
static const struct entity risk_entity = ROW_ENTITY(project_dep_risk, risk_field_v);

static bool dep_risk_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct project_dep_risk *d = row;
    entity_read(&risk_entity, s, d);
    d->on_health = sqlite3_column_int(s, 6) >= HEALTH_RED ? HEALTH_RED : HEALTH_AMBER;
    return true;
}

static void dep_risk_fini(void *row)
{
    entity_fini(&risk_entity, row);
}

void project_dep_risk_list_free(struct project_dep_risk *v, size_t n)
{
    entity_list_free(&risk_entity, v, n);
}

int project_risky_dependencies(struct store *st, struct project_dep_risk **out, size_t *n,
                               struct err *e)
{
    *out = NULL;
    *n = 0;
    bool stored = false;
    int rc = rollup_ready(st, &stored, e);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare_query(st, sql_risky_deps[stored], NULL, e);
    return sq_collect(st, s, sizeof **out, dep_risk_row, NULL, dep_risk_fini, out, n,
                      "reading dependencies at risk", e);
}

/* A walk reads the stored fields only: deriving each project's health
 * and counting its blockers was most of an export's time. */
#define PROJECT_STORED                                                                          \
    "SELECT p.id, p.key, p.title, d.key, p.owner, p.status, p.health, p.progress, p.start,"   \
    " p.due, p.description, p.version, 0, 0, 0, 0"                                             \
    " FROM project p JOIN department d ON d.id = p.department_id"
static const char *const project_each_sql[2] = {
    PROJECT_STORED " ORDER BY p.key",
    PROJECT_STORED " ORDER BY p.key COLLATE baton_key",
};

struct each_project {
    struct store *st;
    project_fn fn;
    void *ctx;
};

static int each_project_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    struct each_project *w = ctx;
    struct project p;
    project_read(s, &p);
    int rc = depends_on_read(w->st, p.id, &p.depends_on, &p.n_depends_on, e);
    if (!rc)
        rc = w->fn(w->ctx, &p, e);
    project_fini(&p);
    return rc;
}

int project_each(struct store *st, bool natural, project_fn fn, void *ctx, struct err *e)
{
    sqlite3_stmt *s = project_stmt(st, project_each_sql[natural], NULL, 0, e);
    if (!s)
        return -ERR_RUNTIME;
    struct each_project w = {st, fn, ctx};
    return sq_each_row(st, s, each_project_row, &w, "reading projects", e);
}

int project_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    return text_query_count(st, &project_text, q, n, e);
}

int project_dependents(struct store *st, const char *key, struct project **out, size_t *n,
                       struct err *e)
{
    *out = NULL;
    *n = 0;
    int64_t id = project_id_or_usage(st, key, e);
    if (id < 0)
        return (int)id;
    return read_rows(st, project_stmt(st, SQL_DEPENDENTS, NULL, id, e), out, n, e);
}

/* ---- dependency writes ------------------------------------------------ */

enum dep_op { DEP_ADD, DEP_REMOVE, DEP_SET };

/* A change to a project's dependencies: one added (with its note) or
 * removed, or the whole set. */
struct dep_change {
    enum dep_op op;
    const char *on_key, *note;
    char *const *on_keys;
    size_t n;
};

/* Writes change c to project key's dependencies, the rights checked
 * inside the transaction. */
static int dep_write(struct store *st, const char *key, const struct dep_change *c,
                     struct err *e)
{
    int rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    int64_t id = project_id_or_usage(st, key, e);
    rc = id < 0 ? (int)id : authorize_project(st, id, key, "changing the dependencies of", e);
    if (!rc)
        rc = c->op == DEP_ADD      ? depend_tx(st, id, key, c->on_key, c->note, e)
             : c->op == DEP_REMOVE ? undepend_tx(st, id, key, c->on_key, e)
                                   : set_depends_tx(st, id, key, c->on_keys, c->n, e);
    return store_tx_end(st, rc, e);
}

int project_depend(struct store *st, const char *key, const char *on_key, const char *note,
                   struct err *e)
{
    int rc = text_check(TEXT_KEY, "depends-on key", on_key, e);
    if (!rc)
        rc = text_check(TEXT_FREE, "note", note, e);
    struct dep_change c = {DEP_ADD, on_key, note, NULL, 0};
    return rc ? rc : dep_write(st, key, &c, e);
}

int project_undepend(struct store *st, const char *key, const char *on_key, struct err *e)
{
    int rc = text_check(TEXT_KEY, "depends-on key", on_key, e);
    struct dep_change c = {DEP_REMOVE, on_key, NULL, NULL, 0};
    return rc ? rc : dep_write(st, key, &c, e);
}

int project_set_depends(struct store *st, const char *key, char *const *on_keys, size_t n,
                        struct err *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = text_check(TEXT_KEY, "depends-on key", on_keys[i], e);
    struct dep_change c = {DEP_SET, NULL, NULL, on_keys, n};
    return rc ? rc : dep_write(st, key, &c, e);
}
