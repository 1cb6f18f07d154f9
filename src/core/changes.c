/*
 * changes: what changed in a window of time, for the stand-up. Blockers
 * and projects come from the audit log (one indexed range scan on the
 * event time, joined to the entity for its department and title);
 * indicators are judged by their readings at both ends of the window,
 * since a crossing is derived, not logged (see changes.h).
 */
#include "baton/changes.h"

#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

void change_fini(struct change *c)
{
    if (!c)
        return;
    free(c->at);
    free(c->actor);
    free(c->key);
    free(c->title);
    free(c->old_value);
    free(c->new_value);
    memset(c, 0, sizeof *c);
}

void change_list_free(struct change *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        change_fini(&v[i]);
    free(v);
}

static const char *const kind_names[CHANGE_KIND_COUNT] = {
    [CHANGE_BLOCKER_NEW] = "new blocker",   [CHANGE_BLOCKER_ESCALATED] = "escalated",
    [CHANGE_BLOCKER_RESOLVED] = "resolved", [CHANGE_PROJECT_STATUS] = "status",
    [CHANGE_PROJECT_HEALTH] = "health",     [CHANGE_PROJECT_DUE] = "due date",
    [CHANGE_INDICATOR_CROSSED] = "crossed",
};

const char *change_kind_name(enum change_kind k)
{
    return (int)k >= 0 && k < CHANGE_KIND_COUNT ? kind_names[k] : "";
}

void changes_count(const struct change *v, size_t n, int *counts)
{
    memset(counts, 0, CHANGE_KIND_COUNT * sizeof *counts);
    for (size_t i = 0; i < n; i++)
        if ((int)v[i].kind >= 0 && v[i].kind < CHANGE_KIND_COUNT)
            counts[v[i].kind]++;
}

struct list {
    struct change *v;
    size_t n, cap;
};

static struct change *push(struct list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct change *c = &l->v[l->n];
    memset(c, 0, sizeof *c);
    c->seq = (int64_t)l->n++;
    return c;
}

static int bind_window(struct store *st, sqlite3_stmt *s, const char *dept, const char *since,
                       const char *until, struct err *e)
{
    const struct {
        const char *name, *value;
    } params[] = {{":dept", dept}, {":since", since}, {":until", until}};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        int idx = sqlite3_bind_parameter_index(s, params[i].name);
        if (idx && sq_bind_text(s, idx, params[i].value) != SQLITE_OK)
            return sq_error(st, e, "reading what changed");
    }
    return 0;
}

/* Blocker verdicts that a stand-up reports, by the audit row's action. */
static const struct {
    const char *action;
    enum change_kind kind;
} blocker_actions[] = {
    {"create", CHANGE_BLOCKER_NEW},
    {"escalate", CHANGE_BLOCKER_ESCALATED},
    {"resolve", CHANGE_BLOCKER_RESOLVED},
};

static int read_blockers(struct store *st, const char *dept, const char *since, const char *until,
                         struct list *l, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st,
        "SELECT ev.at, ev.actor, ev.action, b.key, b.title, b.escalated_to, b.severity"
        " FROM event ev JOIN blocker b ON b.id = ev.entity_id"
        " JOIN project p ON p.id = b.project_id JOIN department d ON d.id = p.department_id"
        " LEFT JOIN department w ON w.id = b.waiting_on_id"
        " WHERE ev.at >= :since AND ev.at <= :until AND ev.entity = 'blocker'"
        " AND ev.action IN ('create', 'escalate', 'resolve')"
        " AND (:dept IS NULL OR d.key = :dept OR w.key = :dept)"
        " ORDER BY ev.at, ev.id",
        e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_window(st, s, dept, since, until, e);
    while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *action = (const char *)sqlite3_column_text(s, 2);
        struct change *c = push(l);
        for (size_t i = 0; i < sizeof blocker_actions / sizeof blocker_actions[0]; i++)
            if (str_eq(action, blocker_actions[i].action))
                c->kind = blocker_actions[i].kind;
        c->at = sq_col_text(s, 0);
        c->actor = sq_col_text(s, 1);
        c->key = sq_col_text(s, 3);
        c->title = sq_col_text(s, 4);
        if (c->kind == CHANGE_BLOCKER_ESCALATED)
            c->new_value = sq_col_text(s, 5);
        c->severity = sqlite3_column_int(s, 6);
        rc = 0;
    }
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc > 0)
        rc = sq_error(st, e, "reading blocker changes");
    sq_done(s);
    return rc;
}

static const struct {
    const char *field;
    enum change_kind kind;
} project_fields[] = {
    {"status", CHANGE_PROJECT_STATUS},
    {"health", CHANGE_PROJECT_HEALTH},
    {"due", CHANGE_PROJECT_DUE},
};

static int read_projects(struct store *st, const char *dept, const char *since, const char *until,
                         struct list *l, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st,
        "SELECT ev.at, ev.actor, ev.field, p.key, p.title, ev.old, ev.new"
        " FROM event ev JOIN project p ON p.id = ev.entity_id"
        " JOIN department d ON d.id = p.department_id"
        " WHERE ev.at >= :since AND ev.at <= :until AND ev.entity = 'project'"
        " AND ev.action = 'update' AND ev.field IN ('status', 'health', 'due')"
        " AND (:dept IS NULL OR d.key = :dept)"
        " ORDER BY ev.at, ev.id",
        e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_window(st, s, dept, since, until, e);
    while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *field = (const char *)sqlite3_column_text(s, 2);
        struct change *c = push(l);
        for (size_t i = 0; i < sizeof project_fields / sizeof project_fields[0]; i++)
            if (str_eq(field, project_fields[i].field))
                c->kind = project_fields[i].kind;
        c->at = sq_col_text(s, 0);
        c->actor = sq_col_text(s, 1);
        c->key = sq_col_text(s, 3);
        c->title = sq_col_text(s, 4);
        c->old_value = sq_col_text(s, 5);
        c->new_value = sq_col_text(s, 6);
        if (c->kind == CHANGE_PROJECT_HEALTH) {
            enum health h = HEALTH_UNKNOWN;
            c->old_health = c->old_value && health_parse(c->old_value, &h) ? h : HEALTH_UNKNOWN;
            h = HEALTH_UNKNOWN;
            c->new_health = c->new_value && health_parse(c->new_value, &h) ? h : HEALTH_UNKNOWN;
        }
        rc = 0;
    }
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc > 0)
        rc = sq_error(st, e, "reading project changes");
    sq_done(s);
    return rc;
}

/* The status and value of the reading in force at a time, judged by the
 * thresholds in force when it was taken. */
#define READING_AT(bound, what)                                                                  \
    "(SELECT " what " FROM reading hr" SQL_INDICATOR_TARGET_JOIN                               \
    " WHERE hr.indicator_id = i.id AND hr.at <= " bound " ORDER BY hr.at DESC LIMIT 1)"

/* Indicators whose status changed between :since and :until, of those
 * where is true. */
#define INDICATOR_CHANGES(where)                                                                 \
    "SELECT i.key, i.name, " READING_AT(":since", SQL_READING_STATUS("i")) ", "                  \
    READING_AT(":until", SQL_READING_STATUS("i")) ", " READING_AT(":since", "hr.value") ", "     \
    READING_AT(":until", "hr.value") ", " READING_AT(":until", "hr.at") ", "                     \
    READING_AT(":since", "1") " FROM indicator i WHERE " where                                   \
    " AND EXISTS (SELECT 1 FROM reading r WHERE r.indicator_id = i.id"                           \
    " AND r.at > :since AND r.at <= :until) ORDER BY i.key"

static int read_indicators(struct store *st, const char *dept, const char *since,
                           const char *until, struct list *l, struct err *e)
{
    /* One department's indicators through its index: ":dept IS NULL OR"
     * would read every indicator (10,000 at a million blockers). */
    sqlite3_stmt *s = sq_prepare(
        st, str_empty(dept) ? INDICATOR_CHANGES("1") : INDICATOR_CHANGES(
            "i.department_id = (SELECT id FROM department WHERE key = :dept)"), e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_window(st, s, dept, since, until, e);
    /* Formatting needs each indicator's definition: collect keys first,
     * so that no other statement runs while this one steps. */
    struct pending {
        char *key, *name, *at;
        int before, after;
        bool had;
        double old_value, new_value;
    } *p = NULL;
    size_t np = 0, cap = 0;
    while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int before = sqlite3_column_int(s, 2), after = sqlite3_column_int(s, 3);
        bool had = sqlite3_column_type(s, 7) != SQLITE_NULL;
        rc = 0;
        if (before == after || (!had && after < HEALTH_AMBER) || (had && !before))
            continue;
        if (np == cap) {
            cap = cap ? cap * 2 : 8;
            p = xrealloc(p, cap * sizeof *p);
        }
        p[np].key = sq_col_text(s, 0);
        p[np].name = sq_col_text(s, 1);
        p[np].at = sq_col_text(s, 6);
        p[np].before = before;
        p[np].after = after;
        p[np].had = had;
        p[np].old_value = sqlite3_column_double(s, 4);
        p[np].new_value = sqlite3_column_double(s, 5);
        np++;
    }
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc > 0)
        rc = sq_error(st, e, "reading indicator changes");
    sq_done(s);
    for (size_t i = 0; i < np; i++) {
        if (!rc) {
            struct indicator ind;
            struct change *c = push(l);
            c->kind = CHANGE_INDICATOR_CROSSED;
            c->key = xstrdup(p[i].key);
            c->title = xstrdup(p[i].name);
            c->at = xstrdup(p[i].at);
            c->old_health = (enum health)p[i].before;
            c->new_health = (enum health)p[i].after;
            rc = indicator_get(st, p[i].key, &ind, e);
            if (!rc) {
                char buf[64];
                if (p[i].had) {
                    indicator_format(&ind, p[i].old_value, buf, sizeof buf);
                    c->old_value = xstrdup(buf);
                }
                indicator_format(&ind, p[i].new_value, buf, sizeof buf);
                c->new_value = xstrdup(buf);
                indicator_fini(&ind);
            }
        }
        free(p[i].key);
        free(p[i].name);
        free(p[i].at);
    }
    free(p);
    return rc;
}

static int by_kind_then_time(const void *pa, const void *pb)
{
    const struct change *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = strcmp(a->at ? a->at : "", b->at ? b->at : "");
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

int changes_since(struct store *st, const char *dept, const char *since, const char *until,
                  struct change **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (str_empty(since))
        return err_set(e, ERR_USAGE, "changes need a time to start from");
    char now[32];
    if (str_empty(until)) {
        store_now(now);
        until = now;
    }
    if (str_empty(dept))
        dept = NULL;
    struct list l = {0};
    int rc = read_blockers(st, dept, since, until, &l, e);
    if (!rc)
        rc = read_projects(st, dept, since, until, &l, e);
    if (!rc)
        rc = read_indicators(st, dept, since, until, &l, e);
    if (rc) {
        change_list_free(l.v, l.n);
        return rc;
    }
    /* qsort is not stable: ties keep the order the log has them in */
    if (l.n > 1)
        qsort(l.v, l.n, sizeof *l.v, by_kind_then_time);
    *out = l.v;
    *n = l.n;
    return 0;
}
