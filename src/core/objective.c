/*
 * Objectives in the store: the row through its descriptor, rights, the
 * parent's cycle check, key results, check-ins and the projects that serve
 * them. Progress and health are computed here for the whole set at once
 * (objectives are few: a company has dozens, not millions), with the rule
 * of objective_rule.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "baton/objective.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "entity_fields.h"
#include "internal.h"

/* ---- the objective's fields --------------------------------------------
 *
 * As entity_fields.h says: R(...) only read, C(...) written when added,
 * W(...) also by every update.
 */
#define OBJECTIVE_FIELDS(R, C, W)                                                               \
    R(id, "o.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(key, "o.key", "key", ":key", FT_TEXT, TEXT_KEY, FREF_OBJECTIVE, 0, 0, none,                 \
      FL_ORG | FL_REQUIRED, "Key", "objective key")                                              \
    W(title, "o.title", "title", ":title", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,              \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Title", "title")                              \
    W(period, "o.period", "period", ":period", FT_TEXT, TEXT_KEY, FREF_NONE, 0, 0, none,           \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Period", "period")                            \
    W(department, "d.key", "department_id", "(SELECT id FROM department WHERE key = :department)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Department",   \
      "department")                                                                              \
    W(parent, "po.key", "parent_id", "(SELECT id FROM objective WHERE key = :parent)", FT_TEXT,   \
      TEXT_KEY, FREF_OBJECTIVE, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Parent",                \
      "parent objective")                                                                        \
    W(owner, "o.owner", "owner", ":owner", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,           \
      FL_ORG | FL_EDIT | FL_AUDITED, "Owner", "owner")                                           \
    W(status, "o.status", "status", ":status", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, status,       \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_OMIT_FIRST, "Status", "objective status")                \
    W(description, "o.description", "description", ":description", FT_TEXT, TEXT_FREE,          \
      FREF_NONE, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Description", "description")          \
    R(updated_at, "o.updated_at", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Updated at",       \
      "updated at")                                                                              \
    R(version, "o.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")

static const char *status_name(int v)
{
    return objective_status_name((enum objective_status)v);
}

static bool status_parse(const char *s, int *v)
{
    enum objective_status st;
    if (!objective_status_parse(s, &st))
        return false;
    *v = (int)st;
    return true;
}

#define ENT_CH_status(T, m) .choice_name = status_name, .choice_parse = status_parse
#define ENT_T struct objective
static const struct entity_field objective_field_v[] = {ENT_DESCRIBE(OBJECTIVE_FIELDS)};

const struct entity objective_entity = {"objective", sizeof(struct objective), objective_field_v,
                                        sizeof objective_field_v / sizeof objective_field_v[0]};

/* The fields in the descriptor's order, then the department's sort order
 * and the last check-in's confidence and time. */
#define OBJECTIVE_SELECT                                                                         \
    "SELECT " ENT_COLUMNS(OBJECTIVE_FIELDS) "COALESCE(d.sort_order, -1e9),"              \
    " (SELECT c.confidence FROM objective_checkin c WHERE c.objective_id = o.id"                  \
    "  ORDER BY c.at DESC, c.id DESC LIMIT 1),"                                                  \
    " (SELECT c.at FROM objective_checkin c WHERE c.objective_id = o.id"                          \
    "  ORDER BY c.at DESC, c.id DESC LIMIT 1)"                                                   \
    " FROM objective o LEFT JOIN department d ON d.id = o.department_id"                         \
    " LEFT JOIN objective po ON po.id = o.parent_id"
enum { COL_SORT = sizeof objective_field_v / sizeof objective_field_v[0], COL_CONF, COL_CONF_AT };

static const char SQL_ALL[] = OBJECTIVE_SELECT " ORDER BY o.key";
static const char SQL_INSERT[] = "INSERT INTO objective (" ENT_INSERT_COLS(OBJECTIVE_FIELDS)
    "updated_at) VALUES (" ENT_INSERT_VALS(OBJECTIVE_FIELDS) ":updated_at)";
static const char SQL_UPDATE[] = "UPDATE objective SET " ENT_SETS(OBJECTIVE_FIELDS)
    "updated_at = :updated_at, version = version + 1 WHERE id = :id";
static const char SQL_ID[] = "SELECT id FROM objective WHERE key = ?1";
/* Whether making :parent the parent of :self closes a cycle: the chain of
 * parents above :parent reaches :self. */
static const char SQL_CYCLE[] =
    "WITH RECURSIVE up(id, depth) AS (SELECT :parent, 0 UNION ALL"
    " SELECT o.parent_id, up.depth + 1 FROM objective o JOIN up ON o.id = up.id"
    " WHERE o.parent_id IS NOT NULL AND up.depth < 100000)"
    " SELECT 1 FROM up WHERE id = :self LIMIT 1";

void objective_fini(struct objective *o)
{
    if (!o)
        return;
    free(o->confidence_at);
    entity_fini(&objective_entity, o);
}

void objective_list_free(struct objective *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        objective_fini(&v[i]);
    free(v);
}

/* The texts a key result holds. */
#define RESULT_TEXT(m) ROW_FIELD(struct key_result, m, FT_TEXT)
static const struct entity_field result_text_v[] = {
    RESULT_TEXT(objective), RESULT_TEXT(key), RESULT_TEXT(title), RESULT_TEXT(unit),
};
static const struct entity result_texts = ROW_ENTITY(key_result, result_text_v);

void key_result_list_free(struct key_result *v, size_t n)
{
    entity_list_free(&result_texts, v, n);
}

/* A check-in as the model reads it, its columns in this order. */
#define CHECKIN_FIELD(m, t) ROW_FIELD(struct objective_checkin, m, t)
static const struct entity_field checkin_field_v[] = {
    CHECKIN_FIELD(objective, FT_TEXT), CHECKIN_FIELD(confidence, FT_INT),
    CHECKIN_FIELD(note, FT_TEXT),      CHECKIN_FIELD(who, FT_TEXT),
    CHECKIN_FIELD(at, FT_TIME),
};
static const struct entity checkin_entity =
    ROW_ENTITY(objective_checkin, checkin_field_v);

void objective_checkin_list_free(struct objective_checkin *v, size_t n)
{
    entity_list_free(&checkin_entity, v, n);
}

void objective_keys_free(char **v, size_t n)
{
    sq_texts_free(v, n);
}

/* ---- reading every objective, with what is derived ------------------- */

/* One objective as read, with what the roll-up needs. */
struct node {
    struct objective o;
    double sort;    /* its department's order (company first) */
    int64_t parent; /* index into the set, or -1 */
    double sum;     /* of its key results' progress */
    int parts;      /* key results and children with a progress */
    int state;      /* 0 not computed, 1 computing, 2 done */
};

struct set {
    struct node *v;
    size_t n;
};

static void set_free(struct set *s)
{
    for (size_t i = 0; i < s->n; i++)
        objective_fini(&s->v[i].o);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

static bool node_read(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct node *nd = row;
    entity_read(&objective_entity, s, &nd->o);
    nd->sort = sqlite3_column_double(s, COL_SORT);
    nd->o.confidence = sqlite3_column_int(s, COL_CONF);
    nd->o.confidence_at = sq_col_text(s, COL_CONF_AT);
    nd->o.progress = -1;
    return true;
}

static void node_fini(void *row)
{
    objective_fini(&((struct node *)row)->o);
}

static ssize_t set_find(const struct set *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].o.id == id)
            return (ssize_t)i;
    return -1;
}

static ssize_t set_find_key(const struct set *s, const char *key)
{
    for (size_t i = 0; key && i < s->n; i++)
        if (strcmp(s->v[i].o.key, key) == 0)
            return (ssize_t)i;
    return -1;
}

/* The first instant of the organisation's day (days since 1970-01-01) as
 * ISO-8601 UTC. */
static void day_start_iso(int64_t day, char out[32])
{
    btime t = time_org_day_start((btime)day * 86400 + 43200, 0);
    time_fmt_iso(t, out);
}

/* The key results of every objective (objective_id is column 0), each
 * with its values; the indicators' baselines read per row. */
static const char SQL_RESULTS[] =
    "SELECT r.objective_id, 0, i.key, i.name, r.baseline, i.unit, i.direction = 'down',"
    " CASE WHEN EXISTS (SELECT 1 FROM indicator_target t WHERE t.indicator_id = i.id"
    "  AND t.from_at <= :now) THEN (SELECT t.target FROM indicator_target t"
    "  WHERE t.indicator_id = i.id AND t.from_at <= :now ORDER BY t.from_at DESC LIMIT 1)"
    "  ELSE i.target END,"
    " (SELECT hr.value FROM reading hr WHERE hr.indicator_id = i.id ORDER BY hr.at DESC LIMIT 1),"
    " i.id, ok.key"
    " FROM objective_result r JOIN indicator i ON i.id = r.indicator_id"
    " JOIN objective ok ON ok.id = r.objective_id WHERE :objective IS NULL OR ok.key = :objective"
    " UNION ALL"
    " SELECT r.objective_id, 1, p.key, p.title, NULL, NULL, 0, 100, p.progress, p.id, ok.key"
    " FROM objective_result r JOIN project p ON p.id = r.project_id"
    " JOIN objective ok ON ok.id = r.objective_id WHERE :objective IS NULL OR ok.key = :objective"
    " ORDER BY 1, 2, 3";
static const char SQL_BASELINE[] =
    "SELECT COALESCE((SELECT value FROM reading WHERE indicator_id = ?1 AND at <= ?2"
    " ORDER BY at DESC LIMIT 1), (SELECT value FROM reading WHERE indicator_id = ?1 AND at > ?2"
    " ORDER BY at LIMIT 1))";

struct result_row {
    struct key_result r;
    int64_t objective_id;
};

static bool result_read(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct result_row *rr = row;
    struct key_result *r = &rr->r;
    rr->objective_id = sqlite3_column_int64(s, 0);
    r->kind = sqlite3_column_int(s, 1) ? KEY_RESULT_PROJECT : KEY_RESULT_INDICATOR;
    r->key = sq_col_text(s, 2);
    r->title = sq_col_text(s, 3);
    r->has_baseline_set = sqlite3_column_type(s, 4) != SQLITE_NULL;
    r->baseline_set = sqlite3_column_double(s, 4);
    r->unit = sq_col_text(s, 5);
    r->has_target = sqlite3_column_type(s, 7) != SQLITE_NULL;
    r->target = sqlite3_column_double(s, 7);
    r->has_value = sqlite3_column_type(s, 8) != SQLITE_NULL;
    r->value = sqlite3_column_double(s, 8);
    /* column 9 (the indicator's id) is read again by the baseline;
     * column 6 (down) is kept in has_baseline until then */
    r->has_baseline = sqlite3_column_int(s, 6) != 0;
    r->baseline = (double)sqlite3_column_int64(s, 9);
    r->objective = sq_col_text(s, 10);
    return true;
}

static void result_fini(void *row)
{
    entity_fini(&result_texts, &((struct result_row *)row)->r);
}

/* Fills the baseline and progress of r, an objective of period's. */
static int result_progress(struct store *st, struct key_result *r, const char *period,
                           struct err *e)
{
    bool down = r->has_baseline;
    int64_t indicator_id = (int64_t)r->baseline;
    r->has_baseline = false;
    r->baseline = 0;
    r->progress = -1;
    if (r->kind == KEY_RESULT_PROJECT) {
        r->progress = r->has_value ? r->value / 100.0 : -1;
        return 0;
    }
    if (r->has_baseline_set) {
        r->has_baseline = true;
        r->baseline = r->baseline_set;
    } else {
        char norm[16], start[32];
        int64_t first, end;
        struct err ignore;
        if (objective_period_parse(period, norm, &first, &end, &ignore) < 0)
            return 0;
        day_start_iso(first, start);
        sqlite3_stmt *s = sq_prepare(st, SQL_BASELINE, e);
        if (!s)
            return -ERR_RUNTIME;
        if (sq_bind_int(s, 1, indicator_id) != SQLITE_OK ||
            sq_bind_text(s, 2, start) != SQLITE_OK) {
            int rc = sq_error(st, e, "reading a key result");
            sq_done(s);
            return rc;
        }
        int step = sqlite3_step(s);
        if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
            r->has_baseline = true;
            r->baseline = sqlite3_column_double(s, 0);
        }
        int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_error(st, e, "reading a key result");
        sq_done(s);
        if (rc)
            return rc;
    }
    if (r->has_baseline && r->has_value && r->has_target)
        r->progress = objective_indicator_progress(r->baseline, r->value, r->target, down);
    return 0;
}

/* The key results of objective key (NULL: of every objective), with their
 * progress against each one's period. */
static int results_read(struct store *st, const char *key, const struct set *all,
                        struct result_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_RESULTS, e);
    if (!s)
        return -ERR_RUNTIME;
    char now[32];
    store_now(now);
    int rc = sq_bind_named_text(st, s, ":now", now, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":objective", key, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    rc = sq_collect(st, s, sizeof **out, result_read, NULL, result_fini, out, n,
                    "reading key results", e);
    for (size_t i = 0; !rc && i < *n; i++) {
        ssize_t k = set_find(all, (*out)[i].objective_id);
        rc = result_progress(st, &(*out)[i].r, k >= 0 ? all->v[k].o.period : NULL, e);
    }
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            entity_fini(&result_texts, &(*out)[i].r);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* The progress of node i: its key results' and its children's mean. */
static double node_progress(struct set *s, size_t i)
{
    struct node *nd = &s->v[i];
    if (nd->state == 2)
        return nd->o.progress;
    if (nd->state == 1) /* a cycle (check refuses them): stop here */
        return -1;
    nd->state = 1;
    double sum = nd->sum;
    int parts = nd->parts;
    for (size_t j = 0; j < s->n; j++) {
        if (s->v[j].parent != (int64_t)i || s->v[j].o.status == OBJECTIVE_DROPPED)
            continue;
        double p = s->v[j].o.status == OBJECTIVE_DONE ? 1.0 : node_progress(s, j);
        if (s->v[j].o.status == OBJECTIVE_DONE)
            node_progress(s, j);
        if (p >= 0) {
            sum += p;
            parts++;
        }
    }
    nd = &s->v[i];
    nd->o.progress = parts ? sum / parts : -1;
    nd->state = 2;
    return nd->o.progress;
}

static int node_depth(const struct set *s, size_t i)
{
    int d = 0;
    for (int64_t p = s->v[i].parent; p >= 0 && d < (int)s->n; p = s->v[p].parent)
        d++;
    return d;
}

/* Every objective with progress, health, confidence, depth and children
 * counted. */
static int set_read(struct store *st, struct set *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    int rc = sq_collect(st, sq_prepare(st, SQL_ALL, e), sizeof *s->v, node_read, NULL, node_fini,
                        &s->v, &s->n, "reading objectives", e);
    if (rc)
        return rc;
    for (size_t i = 0; i < s->n; i++) {
        ssize_t p = set_find_key(s, s->v[i].o.parent);
        s->v[i].parent = p;
        if (p >= 0)
            s->v[p].o.n_children++;
    }
    struct result_row *rv = NULL;
    size_t rn = 0;
    rc = results_read(st, NULL, s, &rv, &rn, e);
    if (rc) {
        set_free(s);
        return rc;
    }
    for (size_t i = 0; i < rn; i++) {
        ssize_t k = set_find(s, rv[i].objective_id);
        if (k >= 0 && rv[i].r.progress >= 0) {
            s->v[k].sum += rv[i].r.progress;
            s->v[k].parts++;
        }
        entity_fini(&result_texts, &rv[i].r);
    }
    free(rv);
    int64_t today = time_org_day_number(time_now());
    for (size_t i = 0; i < s->n; i++) {
        node_progress(s, i);
        struct objective *o = &s->v[i].o;
        o->depth = node_depth(s, i);
        o->health = objective_status_open(o->status)
                        ? objective_health_of(o->progress,
                                              objective_period_elapsed(o->period, today),
                                              o->confidence)
                        : OBJECTIVE_UNKNOWN;
    }
    return 0;
}

/* Tree order: roots (company first, then the departments' order, then
 * key), each followed by its subtree. */
static int root_cmp(const void *a, const void *b)
{
    const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;
    if (x->sort != y->sort)
        return x->sort < y->sort ? -1 : 1;
    return str_key_cmp(x->o.key, y->o.key);
}

static void tree_walk(const struct set *s, int64_t parent, size_t *order, size_t *k,
                      int depth)
{
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].parent == parent)
            m++;
    if (!m || depth > (int)s->n)
        return;
    const struct node **kids = xcalloc(m, sizeof *kids);
    m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].parent == parent)
            kids[m++] = &s->v[i];
    qsort(kids, m, sizeof *kids, root_cmp);
    for (size_t j = 0; j < m; j++) {
        size_t i = (size_t)(kids[j] - s->v);
        order[(*k)++] = i;
        tree_walk(s, (int64_t)i, order, k, depth + 1);
    }
    free(kids);
}

/* The indexes of s in tree order (objectives caught in a cycle, which
 * check reports, come last by key). The caller frees. */
static size_t *tree_order(const struct set *s)
{
    size_t *order = xcalloc(s->n + 1, sizeof *order), k = 0;
    tree_walk(s, -1, order, &k, 0);
    bool *seen = xcalloc(s->n + 1, sizeof *seen);
    for (size_t i = 0; i < k; i++)
        seen[order[i]] = true;
    for (size_t i = 0; i < s->n; i++)
        if (!seen[i])
            order[k++] = i;
    free(seen);
    return order;
}

int objective_get(struct store *st, const char *key, struct objective *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "an objective key is required");
    struct set s;
    int rc = set_read(st, &s, e);
    if (rc)
        return rc;
    ssize_t i = set_find_key(&s, key);
    if (i < 0)
        rc = err_set(e, ERR_USAGE, "no objective %s (see 'baton objective list')", key);
    else {
        *out = s.v[i].o;
        memset(&s.v[i].o, 0, sizeof s.v[i].o);
    }
    set_free(&s);
    return rc;
}

static bool filter_keeps(const struct set *s, size_t i, const struct objective_filter *f)
{
    const struct objective *o = &s->v[i].o;
    if (!f)
        return objective_status_open(o->status);
    if (str_empty(f->status)) {
        if (!objective_status_open(o->status))
            return false;
    } else if (!str_eq(f->status, "all")) {
        enum objective_status want;
        if (!objective_status_parse(f->status, &want) || want != o->status)
            return false;
    }
    if (!str_empty(f->period) && !objective_period_within(o->period, f->period))
        return false;
    if (str_eq(f->dept, "-") ? o->department != NULL
                             : !str_empty(f->dept) && !str_eq(f->dept, o->department))
        return false;
    if (!str_empty(f->parent) && !str_eq(f->parent, o->parent))
        return false;
    return str_empty(f->owner) || str_eq(f->owner, o->owner);
}

int objective_list(struct store *st, const struct objective_filter *f, struct objective **out,
                   size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (f && !str_empty(f->period)) {
        char norm[16];
        int64_t a, b;
        if (objective_period_parse(f->period, norm, &a, &b, e) < 0)
            return -e->code;
    }
    if (f && !str_empty(f->status) && !str_eq(f->status, "all")) {
        enum objective_status want;
        if (!objective_status_parse(f->status, &want))
            return err_set(e, ERR_USAGE, "no objective status '%s' (active, draft, done, dropped,"
                                         " all)", f->status);
    }
    struct set s;
    int rc = set_read(st, &s, e);
    if (rc)
        return rc;
    size_t *order = tree_order(&s);
    *out = xcalloc(s.n + 1, sizeof **out);
    for (size_t k = 0; k < s.n; k++) {
        size_t i = order[k];
        if (!filter_keeps(&s, i, f))
            continue;
        (*out)[(*n)++] = s.v[i].o;
        memset(&s.v[i].o, 0, sizeof s.v[i].o);
    }
    free(order);
    set_free(&s);
    if (!*n) {
        free(*out);
        *out = NULL;
    }
    return 0;
}

/* ---- writing ---------------------------------------------------------- */

static int64_t objective_id(struct store *st, const char *key, struct err *e)
{
    return sq_id_of(st, SQL_ID, key, "reading an objective", e);
}

/* The rights on an objective of department dept (NULL: the company's). */
static int authorize(struct store *st, const char *dept, const char *verb, const char *key,
                     struct err *e)
{
    char what[96];
    snprintf(what, sizeof what, "%s objective %s", verb, key ? key : "");
    return store_authorize(st, PERM_EDIT, dept, NULL, what, e);
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* The checks every write of o makes: text, a period (normalised into
 * o->period), the department, parent and owner exist. */
static int check_fields(struct store *st, struct objective *o, struct err *e)
{
    int rc = entity_check(&objective_entity, o, e);
    if (rc)
        return rc;
    if (str_empty(o->key))
        return err_set(e, ERR_USAGE, "an objective key is required");
    if (blank(o->title))
        return err_set(e, ERR_USAGE, "objective %s needs a title (not only blanks)", o->key);
    char norm[16];
    int64_t a, b;
    if (str_empty(o->period))
        return err_set(e, ERR_USAGE, "objective %s needs a period: a year (2027), a half"
                                     " (2027-H1) or a quarter (2027-Q1)", o->key);
    if (objective_period_parse(o->period, norm, &a, &b, e) < 0)
        return -e->code;
    str_replace(&o->period, norm);
    if ((int)o->status < OBJECTIVE_ACTIVE || o->status > OBJECTIVE_DROPPED)
        return err_set(e, ERR_USAGE, "no such objective status (%d)", (int)o->status);
    if (!str_empty(o->department)) {
        int64_t id = store_department_id(st, o->department, e);
        if (id <= 0)
            return id < 0 ? (int)id
                          : err_set(e, ERR_USAGE, "no department %s (see 'baton department list')",
                                    o->department);
    }
    if (!str_empty(o->parent)) {
        if (str_eq(o->parent, o->key))
            return err_set(e, ERR_USAGE, "objective %s cannot be its own parent", o->key);
        int64_t id = objective_id(st, o->parent, e);
        if (id <= 0)
            return id < 0 ? (int)id
                          : err_set(e, ERR_USAGE, "no objective %s to be the parent of %s",
                                    o->parent, o->key);
    }
    return 0;
}

static int write_row(struct store *st, const char *sql, struct objective *o, struct err *e)
{
    char now[32];
    store_now(now);
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = entity_bind(st, &objective_entity, s, o, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":updated_at", now, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":id", o->id, e);
    if (!rc && sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "writing the objective");
    sq_done(s);
    if (!rc)
        str_replace(&o->updated_at, now);
    return rc;
}

static int add_tx(struct store *st, struct objective *o, struct err *e)
{
    int rc = authorize(st, o->department, "adding", o->key, e);
    if (!rc)
        rc = check_fields(st, o, e);
    if (!rc && !str_empty(o->owner))
        rc = store_check_person(st, o->owner, e);
    if (rc)
        return rc;
    int64_t exists = objective_id(st, o->key, e);
    if (exists)
        return exists < 0 ? (int)exists : err_set(e, ERR_USAGE, "objective %s exists", o->key);
    rc = store_key_twin_check(st, STORE_KEY_OBJECTIVE, o->key, e);
    if (!rc)
        rc = write_row(st, SQL_INSERT, o, e);
    if (!rc)
        rc = audit(st, "objective", sqlite3_last_insert_rowid(st->db), o->key, "create", NULL,
                   NULL, o->title, e);
    return rc;
}

int objective_add(struct store *st, const struct objective *o, struct err *e)
{
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    struct objective next;
    entity_copy(&objective_entity, &next, o);
    next.confidence_at = NULL;
    entity_tidy(&objective_entity, &next);
    rc = store_tx_begin(st, e);
    if (!rc)
        rc = store_tx_end(st, add_tx(st, &next, e), e);
    entity_fini(&objective_entity, &next);
    return rc;
}

static int cycle_check(struct store *st, const struct objective *o, struct err *e)
{
    if (str_empty(o->parent))
        return 0;
    int64_t parent = objective_id(st, o->parent, e);
    if (parent <= 0)
        return parent < 0 ? (int)parent : 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_CYCLE, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_named_int(st, s, ":parent", parent, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":self", o->id, e);
    int step = rc ? SQLITE_DONE : sqlite3_step(s);
    if (!rc && step == SQLITE_ROW)
        rc = err_set(e, ERR_USAGE,
                     "objective %s cannot sit under %s: %s is already under %s (a cycle)", o->key,
                     o->parent, o->parent, o->key);
    else if (!rc && step != SQLITE_DONE)
        rc = sq_error(st, e, "checking the parents");
    sq_done(s);
    return rc;
}

static int update_tx(struct store *st, const struct objective *o, bool import, struct err *e)
{
    struct objective cur;
    int rc = objective_get(st, o->key, &cur, e);
    if (rc)
        return rc;
    rc = authorize(st, cur.department, "editing", cur.key, e);
    if (!rc && !str_eq(cur.department, o->department))
        rc = authorize(st, o->department, "moving", cur.key, e);
    if (!rc && !import && o->version && o->version != cur.version)
        rc = store_conflict(st, "objective", cur.id, cur.key, e);
    struct objective next;
    entity_copy(&objective_entity, &next, &cur);
    next.confidence_at = NULL;
    entity_assign(&objective_entity, &next, o, FL_EDIT);
    entity_tidy(&objective_entity, &next);
    if (!rc)
        rc = check_fields(st, &next, e);
    if (!rc && !str_eq(cur.owner, next.owner))
        rc = store_check_person(st, next.owner, e);
    if (!rc)
        rc = cycle_check(st, &next, e);
    if (!rc && entity_differs(&objective_entity, &cur, &next, FL_EDIT)) {
        rc = write_row(st, SQL_UPDATE, &next, e);
        if (!rc)
            rc = entity_audit(st, &objective_entity, cur.id, cur.key, &cur, &next, NULL, e);
    }
    entity_fini(&objective_entity, &next);
    objective_fini(&cur);
    return rc;
}

int objective_update(struct store *st, const struct objective *o, struct err *e)
{
    if (str_empty(o->key))
        return err_set(e, ERR_USAGE, "an objective key is required");
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, update_tx(st, o, false, e), e);
}

/* ---- key results ------------------------------------------------------ */

int objective_results(struct store *st, const char *key, struct key_result **out, size_t *n,
                      struct err *e)
{
    *out = NULL;
    *n = 0;
    struct objective o;
    int rc = objective_get(st, key, &o, e);
    if (rc)
        return rc;
    struct set one = {xcalloc(1, sizeof *one.v), 1};
    one.v[0].o.id = o.id;
    one.v[0].o.period = o.period;
    struct result_row *rv = NULL;
    size_t rn = 0;
    rc = results_read(st, o.key, &one, &rv, &rn, e);
    free(one.v);
    objective_fini(&o);
    if (rc)
        return rc;
    *out = rn ? xcalloc(rn, sizeof **out) : NULL;
    for (size_t i = 0; i < rn; i++)
        (*out)[i] = rv[i].r;
    *n = rn;
    free(rv);
    return 0;
}

static const char SQL_LINK_INDICATOR[] =
    "INSERT INTO objective_result (objective_id, indicator_id, baseline) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (objective_id, indicator_id) WHERE indicator_id IS NOT NULL"
    " DO UPDATE SET baseline = excluded.baseline WHERE baseline IS NOT excluded.baseline";
static const char SQL_LINK_PROJECT[] =
    "INSERT INTO objective_result (objective_id, project_id) VALUES (?1, ?2)"
    " ON CONFLICT (objective_id, project_id) WHERE project_id IS NOT NULL DO NOTHING";
static const char SQL_UNLINK_INDICATOR[] =
    "DELETE FROM objective_result WHERE objective_id = ?1 AND indicator_id = ?2";
static const char SQL_UNLINK_PROJECT[] =
    "DELETE FROM objective_result WHERE objective_id = ?1 AND project_id = ?2";
static const char SQL_INDICATOR_ID[] = "SELECT id FROM indicator WHERE key = ?1";

static int64_t indicator_id(struct store *st, const char *key, struct err *e)
{
    return sq_id_of(st, SQL_INDICATOR_ID, key, "reading an indicator", e);
}

/* The ids of objective key (with its department in *dept, the caller
 * frees) and of the indicator or project named, the rights checked. */
static int link_ids(struct store *st, const char *key, const char *indicator, const char *project,
                    const char *verb, int64_t *oid, int64_t *tid, struct err *e)
{
    if (str_empty(indicator) == str_empty(project))
        return err_set(e, ERR_USAGE, "name one key result: --indicator KEY or --project KEY");
    struct objective o;
    int rc = objective_get(st, key, &o, e);
    if (!rc)
        rc = authorize(st, o.department, verb, o.key, e);
    *oid = o.id;
    objective_fini(&o);
    if (rc)
        return rc;
    *tid = indicator ? indicator_id(st, indicator, e) : store_project_id(st, project, e);
    if (*tid < 0)
        return (int)*tid;
    if (!*tid)
        return indicator ? err_set(e, ERR_USAGE, "no indicator %s (see 'baton indicator list')",
                                   indicator)
                         : err_set(e, ERR_USAGE, "no project %s (see 'baton project list')",
                                   project);
    return 0;
}

static int run2(struct store *st, const char *sql, int64_t a, int64_t b, const double *x,
                int *changes, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0, params = sqlite3_bind_parameter_count(s);
    if (sq_bind_int(s, 1, a) != SQLITE_OK || (params >= 2 && sq_bind_int(s, 2, b) != SQLITE_OK) ||
        (x && sqlite3_bind_double(s, 3, *x) != SQLITE_OK) || sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "writing the objective's links");
    sq_done(s);
    if (changes)
        *changes = sqlite3_changes(st->db);
    return rc;
}

static int link_tx(struct store *st, const char *key, const char *indicator, const char *project,
                   const double *baseline, struct err *e)
{
    int64_t oid, tid;
    int rc = link_ids(st, key, indicator, project, "linking a key result to", &oid, &tid, e);
    if (rc)
        return rc;
    if (baseline && !isfinite(*baseline))
        return err_set(e, ERR_USAGE, "a baseline must be a finite number");
    int changes = 0;
    rc = indicator ? run2(st, SQL_LINK_INDICATOR, oid, tid, baseline, &changes, e)
                   : run2(st, SQL_LINK_PROJECT, oid, tid, NULL, &changes, e);
    if (!rc && changes)
        rc = audit(st, "objective", oid, key, "link", indicator ? "indicator" : "project", NULL,
                   indicator ? indicator : project, e);
    return rc;
}

int objective_link(struct store *st, const char *key, const char *indicator, const char *project,
                   const double *baseline, struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, link_tx(st, key, indicator, project, baseline, e), e);
}

static int unlink_tx(struct store *st, const char *key, const char *indicator,
                     const char *project, struct err *e)
{
    int64_t oid, tid;
    int rc = link_ids(st, key, indicator, project, "unlinking a key result from", &oid, &tid, e);
    if (rc)
        return rc;
    int changes = 0;
    rc = run2(st, indicator ? SQL_UNLINK_INDICATOR : SQL_UNLINK_PROJECT, oid, tid, NULL, &changes,
              e);
    if (!rc && !changes)
        return err_set(e, ERR_USAGE, "%s %s is no key result of %s",
                       indicator ? "indicator" : "project", indicator ? indicator : project, key);
    if (!rc)
        rc = audit(st, "objective", oid, key, "unlink", indicator ? "indicator" : "project",
                   indicator ? indicator : project, NULL, e);
    return rc;
}

int objective_unlink(struct store *st, const char *key, const char *indicator,
                     const char *project, struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, unlink_tx(st, key, indicator, project, e), e);
}

/* ---- check-ins -------------------------------------------------------- */

static const char SQL_CHECKIN[] =
    "INSERT INTO objective_checkin (objective_id, at, confidence, note, who)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_CHECKIN_SAME[] =
    "SELECT 1 FROM objective_checkin WHERE objective_id = ?1 AND at = ?2 AND who = ?3";
static const char SQL_CHECKINS[] =
    "SELECT o.key, c.confidence, c.note, c.who, c.at FROM objective_checkin c"
    " JOIN objective o ON o.id = c.objective_id WHERE o.key = ?1"
    " ORDER BY c.at DESC, c.id DESC LIMIT ?2";

static int checkin_tx(struct store *st, const struct objective_checkin *c, bool import,
                      struct err *e)
{
    if (c->confidence < 1 || c->confidence > 10)
        return err_set(e, ERR_USAGE, "confidence must be a whole number from 1 to 10, not %d",
                       c->confidence);
    int rc = text_check(TEXT_FREE, "note", c->note, e);
    if (rc)
        return rc;
    struct objective o;
    rc = objective_get(st, c->objective, &o, e);
    if (rc)
        return rc;
    /* The owner checks in on their own objective as a member. */
    bool own = !import && str_eq(o.owner, st->actor) && store_may(st, PERM_NOTE, NULL, NULL);
    if (import)
        rc = store_authorize(st, PERM_ADMIN, NULL, NULL, "importing check-ins", e);
    else if (!own)
        rc = authorize(st, o.department, "recording a check-in on", o.key, e);
    char now[32], at[32];
    store_now(now);
    btime t;
    if (!rc && import && (str_empty(c->at) || !time_parse(c->at, &t)))
        rc = err_set(e, ERR_USAGE, "check-in of %s: \"%s\" is not a time", o.key,
                     c->at ? c->at : "");
    if (!rc && import)
        time_fmt_iso(t, at);
    const char *when = import ? at : now, *who = import ? c->who : st->actor;
    if (!rc && str_empty(who))
        rc = err_set(e, ERR_USAGE, "check-in of %s at %s: who recorded it is missing", o.key, when);
    if (!rc)
        rc = text_check(TEXT_LOGIN, "who", who, e);
    sqlite3_stmt *s = NULL;
    if (!rc && import) {
        /* an import is idempotent: the same check-in is not added twice */
        s = sq_prepare(st, SQL_CHECKIN_SAME, e);
        if (!s)
            rc = -ERR_RUNTIME;
        int step = rc ? SQLITE_DONE
                   : sq_bind_int(s, 1, o.id) != SQLITE_OK || sq_bind_text(s, 2, when) != SQLITE_OK ||
                           sq_bind_text(s, 3, who) != SQLITE_OK
                       ? SQLITE_ERROR
                       : sqlite3_step(s);
        if (!rc && step == SQLITE_ROW)
            rc = 1;
        else if (!rc && step != SQLITE_DONE)
            rc = sq_error(st, e, "reading check-ins");
        sq_done(s);
    }
    if (!rc) {
        s = sq_prepare(st, SQL_CHECKIN, e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_int(s, 1, o.id) != SQLITE_OK || sq_bind_text(s, 2, when) != SQLITE_OK ||
                 sq_bind_int(s, 3, c->confidence) != SQLITE_OK ||
                 sq_bind_text(s, 4, str_empty(c->note) ? NULL : c->note) != SQLITE_OK ||
                 sq_bind_text(s, 5, who) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "recording the check-in");
        sq_done(s);
        char ob[16], nb[16];
        snprintf(ob, sizeof ob, "%d", o.confidence);
        snprintf(nb, sizeof nb, "%d", c->confidence);
        if (!rc)
            rc = audit(st, "objective", o.id, o.key, "checkin", "confidence",
                       o.confidence ? ob : NULL, nb, e);
    }
    objective_fini(&o);
    return rc > 0 ? 0 : rc;
}

static int checkin_run(struct store *st, const struct objective_checkin *c, bool import,
                       struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, checkin_tx(st, c, import, e), e);
}

int objective_checkin(struct store *st, const char *key, int confidence, const char *note,
                      struct err *e)
{
    struct objective_checkin c = {(char *)key, confidence, (char *)note, NULL, NULL};
    return checkin_run(st, &c, false, e);
}

int objective_checkin_import(struct store *st, const struct objective_checkin *c,
                             struct err *e)
{
    return checkin_run(st, c, true, e);
}


int objective_checkins(struct store *st, const char *key, int limit,
                       struct objective_checkin **out, size_t *n, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_CHECKINS, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, key) != SQLITE_OK || sq_bind_int(s, 2, limit > 0 ? limit : -1) != SQLITE_OK) {
        int rc = sq_error(st, e, "reading check-ins");
        sq_done(s);
        return rc;
    }
    return sq_collect_entity(st, s, &checkin_entity, out, n, "reading check-ins", e);
}

/* ---- confidence since a time ------------------------------------------ */

static const char SQL_CHANGED[] =
    "SELECT o.key, c.confidence, c.note, c.who, c.at,"
    " (SELECT b.confidence FROM objective_checkin b WHERE b.objective_id = o.id AND b.at < ?1"
    "  ORDER BY b.at DESC, b.id DESC LIMIT 1)"
    " FROM objective o JOIN objective_checkin c ON c.id = (SELECT x.id FROM objective_checkin x"
    "  WHERE x.objective_id = o.id AND (?2 IS NULL OR x.at < ?2)"
    "  ORDER BY x.at DESC, x.id DESC LIMIT 1)"
    " WHERE c.at >= ?1 AND o.status IN ('active','draft')";

void objective_confidence_changes_free(struct objective_confidence_change *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].title);
        free(v[i].department);
        free(v[i].note);
        free(v[i].who);
        free(v[i].at);
    }
    free(v);
}

struct changed_row {
    struct objective_checkin c;
    int before;
};

static bool changed_read(sqlite3_stmt *s, void *row, void *arg)
{
    struct changed_row *r = row;
    entity_read(&checkin_entity, s, &r->c);
    (void)arg;
    r->before = sqlite3_column_int(s, 5);
    return true;
}

static void changed_fini(void *row)
{
    entity_fini(&checkin_entity, &((struct changed_row *)row)->c);
}

int objective_confidence_changes(struct store *st, const char *since, const char *until,
                                 struct objective_confidence_change **out, size_t *n,
                                 struct err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_CHANGED, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, since ? since : "") != SQLITE_OK ||
        sq_bind_text(s, 2, until) != SQLITE_OK) {
        int rc = sq_error(st, e, "reading check-ins");
        sq_done(s);
        return rc;
    }
    struct changed_row *rows = NULL;
    size_t rn = 0;
    int rc = sq_collect(st, s, sizeof *rows, changed_read, NULL, changed_fini, &rows, &rn,
                        "reading check-ins", e);
    struct objective *all = NULL;
    size_t an = 0;
    struct objective_filter f = {0};
    if (!rc && rn)
        rc = objective_list(st, &f, &all, &an, e);
    if (!rc && rn)
        *out = xcalloc(rn, sizeof **out);
    /* in the tree's order */
    for (size_t k = 0; !rc && k < an; k++)
        for (size_t i = 0; i < rn; i++) {
            if (!str_eq(rows[i].c.objective, all[k].key))
                continue;
            struct objective_confidence_change *c = &(*out)[(*n)++];
            c->key = xstrdup(all[k].key);
            c->title = xstrdup(all[k].title);
            c->department = xstrdup(all[k].department);
            c->before = rows[i].before;
            c->after = rows[i].c.confidence;
            c->note = xstrdup(rows[i].c.note);
            c->who = xstrdup(rows[i].c.who);
            c->at = xstrdup(rows[i].c.at);
        }
    for (size_t i = 0; i < rn; i++)
        entity_fini(&checkin_entity, &rows[i].c);
    free(rows);
    objective_list_free(all, an);
    return rc;
}

/* ---- projects that serve objectives ----------------------------------- */

static const char SQL_SERVES[] =
    "SELECT o.key FROM project_objective po JOIN objective o ON o.id = po.objective_id"
    " JOIN project p ON p.id = po.project_id WHERE p.key = ?1 ORDER BY o.key";
static const char SQL_SERVES_CLEAR[] = "DELETE FROM project_objective WHERE project_id = ?1";
static const char SQL_SERVES_ADD[] =
    "INSERT OR IGNORE INTO project_objective (project_id, objective_id) VALUES (?1, ?2)";
static const char SQL_SERVED_BY[] =
    "SELECT p.key FROM project_objective po JOIN objective o ON o.id = po.objective_id"
    " JOIN project p ON p.id = po.project_id WHERE o.key = ?1 ORDER BY p.key";
static const char SQL_SERVED_BY_CLEAR[] = "DELETE FROM project_objective WHERE objective_id = ?1";
static const char SQL_OBJECTIVE_PROJECTS[] =
    "SELECT p.key FROM project p WHERE p.id IN (SELECT po.project_id FROM project_objective po"
    " JOIN objective o ON o.id = po.objective_id WHERE o.key = ?1 UNION SELECT r.project_id"
    " FROM objective_result r JOIN objective o ON o.id = r.objective_id WHERE o.key = ?1"
    " AND r.project_id IS NOT NULL) ORDER BY p.key";
static const char SQL_UNALIGNED[] =
    "SELECT p.key FROM project p JOIN department d ON d.id = p.department_id"
    " WHERE p.status = 'active' AND (?1 IS NULL OR d.key = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM project_objective po WHERE po.project_id = p.id)"
    " AND NOT EXISTS (SELECT 1 FROM objective_result r WHERE r.project_id = p.id)"
    " ORDER BY d.sort_order, d.key, p.key";

static int keys_of(struct store *st, const char *sql, const char *arg, char ***keys, size_t *n,
                   const char *what, struct err *e)
{
    *keys = NULL;
    *n = 0;
    sqlite3_stmt *s = sq_prepare_text(st, sql, arg, e);
    return sq_collect(st, s, sizeof **keys, sq_read_text, NULL, sq_fini_text, keys, n, what, e);
}

int project_serves(struct store *st, const char *project, char ***keys, size_t *n,
                   struct err *e)
{
    return keys_of(st, SQL_SERVES, project, keys, n, "reading what a project serves", e);
}

/* What project key serves, as project_serves reads it, joined by ',' into sb. */
static int serves_joined(struct store *st, const char *key, struct strbuf *sb, struct err *e)
{
    char **v = NULL;
    size_t n = 0;
    int rc = project_serves(st, key, &v, &n, e);
    for (size_t i = 0; i < n; i++)
        sb_addf(sb, "%s%s", i ? "," : "", v[i]);
    objective_keys_free(v, n);
    return rc;
}

static int serves_tx(struct store *st, const char *project, const char *list, struct err *e)
{
    struct project p;
    int rc = project_get(st, project, &p, e);
    if (rc)
        return rc;
    char what[96];
    snprintf(what, sizeof what, "editing project %s", p.key);
    rc = store_authorize(st, PERM_EDIT, p.department, NULL, what, e);
    char *norm = NULL;
    if (!rc)
        rc = field_list_norm("objective key", list, 0, &norm, e);
    struct strbuf before;
    sb_init(&before);
    if (!rc)
        rc = serves_joined(st, p.key, &before, e);
    if (!rc)
        rc = run2(st, SQL_SERVES_CLEAR, p.id, 0, NULL, NULL, e);
    /* the set, sorted as project_serves reads it */
    for (const char *q = norm; !rc && q && *q;) {
        size_t len = strcspn(q, ",");
        char *k = xstrndup(q, len);
        int64_t oid = objective_id(st, k, e);
        if (oid < 0)
            rc = (int)oid;
        else if (!oid)
            rc = err_set(e, ERR_USAGE, "no objective %s for %s to serve (see 'baton objective"
                                       " list')", k, p.key);
        else
            rc = run2(st, SQL_SERVES_ADD, p.id, oid, NULL, NULL, e);
        free(k);
        q += len + (q[len] == ',');
    }
    struct strbuf after;
    sb_init(&after);
    if (!rc)
        rc = serves_joined(st, p.key, &after, e);
    if (!rc)
        rc = audit_change(st, "project", p.id, p.key, "serves",
                          before.len ? sb_str(&before) : NULL,
                          after.len ? sb_str(&after) : NULL, e);
    sb_fini(&before);
    sb_fini(&after);
    free(norm);
    project_fini(&p);
    return rc;
}

int project_serves_set(struct store *st, const char *project, const char *list, struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, serves_tx(st, project, list, e), e);
}

int objective_served_by(struct store *st, const char *key, char ***projects, size_t *n,
                        struct err *e)
{
    return keys_of(st, SQL_SERVED_BY, key, projects, n, "reading what serves an objective", e);
}

/* Keys joined by ',', or NULL for none; the caller frees. */
static char *joined(char *const *v, size_t n)
{
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? "," : "", v[i]);
    char *out = n ? xstrdup(sb_str(&sb)) : NULL;
    sb_fini(&sb);
    return out;
}

static int served_by_tx(struct store *st, const char *key, char *const *projects, size_t n,
                        struct err *e)
{
    struct objective o;
    int rc = objective_get(st, key, &o, e);
    if (rc)
        return rc;
    rc = authorize(st, o.department, "editing", o.key, e);
    char **old = NULL, **now = NULL;
    size_t n_old = 0, n_now = 0;
    if (!rc)
        rc = objective_served_by(st, o.key, &old, &n_old, e);
    if (!rc)
        rc = run2(st, SQL_SERVED_BY_CLEAR, o.id, 0, NULL, NULL, e);
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t pid = store_project_id(st, projects[i], e);
        rc = pid < 0 ? (int)pid
             : !pid  ? err_set(e, ERR_USAGE, "no project %s to serve %s", projects[i], o.key)
                     : run2(st, SQL_SERVES_ADD, pid, o.id, NULL, NULL, e);
    }
    if (!rc)
        rc = objective_served_by(st, o.key, &now, &n_now, e);
    char *a = joined(old, n_old), *b = joined(now, n_now);
    if (!rc)
        rc = audit_change(st, "objective", o.id, o.key, "served_by", a, b, e);
    free(a);
    free(b);
    objective_keys_free(old, n_old);
    objective_keys_free(now, n_now);
    objective_fini(&o);
    return rc;
}

int objective_served_by_set(struct store *st, const char *key, char *const *projects, size_t n,
                            struct err *e)
{
    int rc = store_tx_begin(st, e);
    return rc ? rc : store_tx_end(st, served_by_tx(st, key, projects, n, e), e);
}

/* The projects whose keys sql (one parameter, arg) lists, read whole. */
static int projects_of(struct store *st, const char *sql, const char *arg, struct project **out,
                       size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char **keys = NULL;
    size_t nk = 0;
    int rc = keys_of(st, sql, arg, &keys, &nk, "reading projects", e);
    if (!rc && nk)
        *out = xcalloc(nk, sizeof **out);
    for (size_t i = 0; !rc && i < nk; i++) {
        rc = project_get(st, keys[i], &(*out)[i], e);
        if (!rc)
            (*n)++;
    }
    objective_keys_free(keys, nk);
    if (rc) {
        project_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int objective_projects(struct store *st, const char *key, struct project **out, size_t *n,
                       struct err *e)
{
    return projects_of(st, SQL_OBJECTIVE_PROJECTS, key, out, n, e);
}

int project_unaligned(struct store *st, const char *dept, struct project **out, size_t *n,
                      struct err *e)
{
    return projects_of(st, SQL_UNALIGNED, str_empty(dept) ? NULL : dept, out, n, e);
}
