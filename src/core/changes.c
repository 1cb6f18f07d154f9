/*
 * changes: what changed in a window of time, for the stand-up. Blockers
 * and projects come from the audit log (one indexed range scan on the
 * event time, joined to the entity for its department and title);
 * indicators are judged by their readings at both ends of the window,
 * those of one department only when a stored crossing (schema 17: a
 * reading whose status differs from the one before it) falls in it.
 */
#include "baton/changes.h"

#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "entity_fields.h"
#include "internal.h"

/* What a change holds: its texts. */
#define CHANGE_TEXT(m) ROW_FIELD(struct change, m, FT_TEXT)
static const struct entity_field change_field_v[] = {
    CHANGE_TEXT(at),        CHANGE_TEXT(actor),     CHANGE_TEXT(key),     CHANGE_TEXT(title),
    CHANGE_TEXT(old_value), CHANGE_TEXT(new_value), CHANGE_TEXT(to_name), CHANGE_TEXT(detail),
};
static const struct entity change_entity = ROW_ENTITY(change, change_field_v);

void change_list_free(struct change *v, size_t n)
{
    entity_list_free(&change_entity, v, n);
}

static const char *const kind_names[CHANGE_KIND_COUNT] = {
    [CHANGE_BLOCKER_NEW] = "raised",          [CHANGE_BLOCKER_ESCALATED] = "escalated",
    [CHANGE_BLOCKER_ACCEPTED] = "accepted",   [CHANGE_BLOCKER_STARTED] = "started",
    [CHANGE_BLOCKER_DECLINED] = "declined",   [CHANGE_BLOCKER_DUPLICATE] = "duplicate",
    [CHANGE_BLOCKER_SNOOZED] = "snoozed",     [CHANGE_BLOCKER_WOKEN] = "woken",
    [CHANGE_BLOCKER_REOPENED] = "reopened",   [CHANGE_BLOCKER_RESOLVED] = "resolved",
    [CHANGE_BLOCKER_UNDONE] = "undone",       [CHANGE_BLOCKER_SEVERITY] = "severity",
    [CHANGE_BLOCKER_OWNER] = "owner",         [CHANGE_BLOCKER_WAITING_ON] = "waiting on",
    [CHANGE_PROJECT_STATUS] = "status",       [CHANGE_PROJECT_HEALTH] = "health",
    [CHANGE_PROJECT_DUE] = "due date",        [CHANGE_PROJECT_PROGRESS] = "progress",
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

void changes_blocker_summary(const int *counts, char *out, size_t size)
{
    /* the three always told, then the verdicts that happened */
    static const enum change_kind told[] = {
        CHANGE_BLOCKER_NEW,       CHANGE_BLOCKER_ACCEPTED, CHANGE_BLOCKER_DECLINED,
        CHANGE_BLOCKER_DUPLICATE, CHANGE_BLOCKER_SNOOZED,  CHANGE_BLOCKER_WOKEN,
        CHANGE_BLOCKER_REOPENED,  CHANGE_BLOCKER_ESCALATED, CHANGE_BLOCKER_RESOLVED,
    };
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof told / sizeof told[0]; i++) {
        enum change_kind k = told[i];
        bool always = k == CHANGE_BLOCKER_NEW || k == CHANGE_BLOCKER_ESCALATED ||
                      k == CHANGE_BLOCKER_RESOLVED;
        if (!counts[k] && !always)
            continue;
        int w = snprintf(out + len, size > len ? size - len : 0, "%s%d %s", len ? ", " : "",
                         counts[k], kind_names[k]);
        if (w > 0)
            len += (size_t)w;
        if (len >= size)
            break;
    }
}

struct list {
    struct change *v;
    size_t n, cap;
};

static struct change *push(struct list *l)
{
    l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v);
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
    return sq_bind_clock(s) == SQLITE_OK ? 0 : sq_error(st, e, "reading what changed");
}

/* Which audit rows are told as changes: blocker verdicts by the row's
 * action (a verdict's action is its verb's name, blocker_verb_name()),
 * and the field changes of blockers and projects told on their own (a
 * blocker's when no verdict made them). */
static const struct {
    const char *entity;
    const char *action; /* NULL: the verb's name */
    enum blocker_verb verb;
    const char *field;
    enum change_kind kind;
} told_events[] = {
    {"blocker", "create", VERB_COUNT, NULL, CHANGE_BLOCKER_NEW},
    {"blocker", "escalate", VERB_COUNT, NULL, CHANGE_BLOCKER_ESCALATED},
    {"blocker", NULL, VERB_ACCEPT, NULL, CHANGE_BLOCKER_ACCEPTED},
    {"blocker", NULL, VERB_START, NULL, CHANGE_BLOCKER_STARTED},
    {"blocker", NULL, VERB_DECLINE, NULL, CHANGE_BLOCKER_DECLINED},
    {"blocker", NULL, VERB_DUPLICATE, NULL, CHANGE_BLOCKER_DUPLICATE},
    {"blocker", NULL, VERB_SNOOZE, NULL, CHANGE_BLOCKER_SNOOZED},
    {"blocker", NULL, VERB_WAKE, NULL, CHANGE_BLOCKER_WOKEN},
    {"blocker", NULL, VERB_REOPEN, NULL, CHANGE_BLOCKER_REOPENED},
    {"blocker", NULL, VERB_RESOLVE, NULL, CHANGE_BLOCKER_RESOLVED},
    {"blocker", "undo", VERB_COUNT, NULL, CHANGE_BLOCKER_UNDONE},
    {"blocker", "update", VERB_COUNT, "severity", CHANGE_BLOCKER_SEVERITY},
    {"blocker", "update", VERB_COUNT, "owner", CHANGE_BLOCKER_OWNER},
    {"blocker", "update", VERB_COUNT, "waiting_on", CHANGE_BLOCKER_WAITING_ON},
    {"project", "update", VERB_COUNT, "status", CHANGE_PROJECT_STATUS},
    {"project", "update", VERB_COUNT, "health", CHANGE_PROJECT_HEALTH},
    {"project", "update", VERB_COUNT, "due", CHANGE_PROJECT_DUE},
    {"project", "update", VERB_COUNT, "progress", CHANGE_PROJECT_PROGRESS},
};

/* A verdict's own field rows, folded into its line: which field fills
 * which part of the change. */
static const struct {
    enum change_kind kind;
    const char *field;
    bool detail; /* into detail, else into new_value */
} folded[] = {
    {CHANGE_BLOCKER_ACCEPTED, "severity", false},
    {CHANGE_BLOCKER_ACCEPTED, "waiting_on", true},
    {CHANGE_BLOCKER_DECLINED, "reason", true},
    {CHANGE_BLOCKER_DUPLICATE, "duplicate_of", false},
    {CHANGE_BLOCKER_DUPLICATE, "reason", true},
    {CHANGE_BLOCKER_SNOOZED, "snoozed_until", false},
    {CHANGE_BLOCKER_SNOOZED, "reason", true},
    {CHANGE_BLOCKER_RESOLVED, "reason", true},
    {CHANGE_BLOCKER_REOPENED, "reason", true},
    {CHANGE_BLOCKER_ESCALATED, "escalated_to", false},
};

static bool kind_of(const char *entity, const char *action, const char *field,
                    enum change_kind *k)
{
    for (size_t i = 0; i < sizeof told_events / sizeof told_events[0]; i++)
        if (str_eq(entity, told_events[i].entity) &&
            str_eq(action, told_events[i].action ? told_events[i].action
                                                 : blocker_verb_name(told_events[i].verb)) &&
            (!told_events[i].field || str_eq(field, told_events[i].field))) {
            *k = told_events[i].kind;
            return true;
        }
    return false;
}

/* Folds field row (field, value) into verdict c when it belongs to it. */
static void fold(struct change *c, const char *field, const char *value)
{
    for (size_t i = 0; i < sizeof folded / sizeof folded[0]; i++)
        if (folded[i].kind == c->kind && str_eq(folded[i].field, field)) {
            char **slot = folded[i].detail ? &c->detail : &c->new_value;
            free(*slot);
            *slot = value ? xstrdup(value) : NULL;
        }
}

/* Whom an escalation went to at its time: the newest escalated_to row of
 * the blocker before its next verdict (an escalation to the same person
 * again writes none); only when the log has none, the blocker's now. */
#define ESCALATED_TO_THEN                                                                        \
    "COALESCE((SELECT et.new FROM event et WHERE et.entity = 'blocker'"                        \
    " AND et.entity_id = ev.entity_id AND et.field = 'escalated_to' AND et.id < COALESCE("      \
    " (SELECT min(en.id) FROM event en WHERE en.entity = 'blocker'"                             \
    " AND en.entity_id = ev.entity_id AND en.id > ev.id AND en.action <> 'update'), 1e18)"     \
    " ORDER BY et.id DESC LIMIT 1), b.escalated_to)"

/* The columns the audit log's readers share: when, who, the item's key
 * and title, and (with values) the field's old and new value. */
static void change_read(struct change *c, sqlite3_stmt *s, bool values)
{
    c->at = sq_col_text(s, 0);
    c->actor = sq_col_text(s, 1);
    c->key = sq_col_text(s, 2);
    c->title = sq_col_text(s, 3);
    if (values) {
        c->old_value = sq_col_text(s, 4);
        c->new_value = sq_col_text(s, 5);
    }
}

/* Reading the blockers' log: the changes so far, and the verdict the
 * following rows of its transaction belong to. */
struct blocker_walk {
    struct list *l;
    int64_t verdict_of;
    size_t verdict_at;
};

static int blocker_change_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    (void)e;
    struct blocker_walk *w = ctx;
    struct list *l = w->l;
    const char *at = (const char *)sqlite3_column_text(s, 0);
    const char *newv = (const char *)sqlite3_column_text(s, 5);
    const char *action = (const char *)sqlite3_column_text(s, 6);
    const char *field = (const char *)sqlite3_column_text(s, 7);
    int64_t entity = sqlite3_column_int64(s, 8);
    bool update = str_eq(action, "update");
    if (update && w->verdict_of == entity && str_eq(l->v[w->verdict_at].at, at)) {
        fold(&l->v[w->verdict_at], field, newv);
        return 0;
    }
    enum change_kind kind;
    if (!kind_of("blocker", action, field, &kind))
        return 0; /* a reason or wake time changed on its own */
    struct change *c = push(l);
    c->kind = kind;
    change_read(c, s, update || kind == CHANGE_BLOCKER_UNDONE);
    enum blocker_state now = BLOCKER_NEW;
    blocker_state_parse((const char *)sqlite3_column_text(s, 9), &now);
    c->now_state = now;
    c->severity = sqlite3_column_int(s, 10);
    if (kind == CHANGE_BLOCKER_ESCALATED)
        c->new_value = sq_col_text(s, 11);
    w->verdict_of = update ? 0 : entity;
    if (!update)
        w->verdict_at = l->n - 1;
    return 0;
}

/* Runs s, bound to the window, through row with ctx. */
static int read_window(struct store *st, sqlite3_stmt *s, const char *dept, const char *since,
                       const char *until, int (*row)(void *, sqlite3_stmt *, struct err *),
                       void *ctx, const char *what, struct err *e)
{
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_window(st, s, dept, since, until, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    return sq_each_row(st, s, row, ctx, what, e);
}

static int read_blockers(struct store *st, const char *dept, const char *since, const char *until,
                         struct list *l, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st,
        "SELECT ev.at, ev.actor, b.key, b.title, ev.old, ev.new, ev.action, ev.field,"
        " ev.entity_id, b.state, b.severity,"
        " CASE WHEN ev.action = 'escalate' THEN " ESCALATED_TO_THEN " END"
        " FROM event ev JOIN blocker b ON b.id = ev.entity_id"
        " JOIN project p ON p.id = b.project_id JOIN department d ON d.id = p.department_id"
        " LEFT JOIN department w ON w.id = b.waiting_on_id"
        " WHERE ev.at >= :since AND ev.at <= :until AND ev.entity = 'blocker'"
        " AND (ev.action IN ('create', 'escalate', 'accept', 'start', 'decline', 'duplicate',"
        " 'snooze', 'wake', 'reopen', 'resolve', 'undo') OR (ev.action = 'update' AND ev.field IN"
        " ('severity', 'owner', 'waiting_on', 'reason', 'duplicate_of', 'snoozed_until',"
        " 'escalated_to')))"
        " AND (:dept IS NULL OR d.key = :dept OR w.key = :dept)"
        " ORDER BY ev.at, ev.id",
        e);
    struct blocker_walk w = {l, 0, 0};
    return read_window(st, s, dept, since, until, blocker_change_row, &w,
                       "reading blocker changes", e);
}

/* The display names of the people escalations went to. */
static int name_escalations(struct store *st, struct list *l, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < l->n; i++) {
        struct change *c = &l->v[i];
        if (c->kind == CHANGE_BLOCKER_ESCALATED && c->new_value)
            rc = sq_text(st,
                         sq_prepare_text(st, "SELECT name FROM person WHERE login = ?1",
                                         c->new_value, e),
                         &c->to_name, "reading who an escalation went to", e);
    }
    return rc;
}

static int project_change_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    (void)e;
    const char *field = (const char *)sqlite3_column_text(s, 6);
    struct change *c = push(ctx);
    enum change_kind kind;
    if (kind_of("project", "update", field, &kind))
        c->kind = kind;
    change_read(c, s, true);
    enum project_status ps = PROJECT_PLANNED;
    project_status_parse((const char *)sqlite3_column_text(s, 7), &ps);
    c->now_status = ps;
    int h = sqlite3_column_int(s, 8);
    c->now_health = h >= HEALTH_GREEN && h <= HEALTH_RED ? (enum health)h : HEALTH_UNKNOWN;
    if (c->kind == CHANGE_PROJECT_HEALTH) {
        enum health hh = HEALTH_UNKNOWN;
        c->old_health = c->old_value && health_parse(c->old_value, &hh) ? hh : HEALTH_UNKNOWN;
        hh = HEALTH_UNKNOWN;
        c->new_health = c->new_value && health_parse(c->new_value, &hh) ? hh : HEALTH_UNKNOWN;
    }
    return 0;
}

static int read_projects(struct store *st, const char *dept, const char *since, const char *until,
                         struct list *l, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(
        st,
        "SELECT ev.at, ev.actor, p.key, p.title, ev.old, ev.new, ev.field, p.status, "
        SQL_PROJECT_HEALTH("p") " FROM event ev JOIN project p ON p.id = ev.entity_id"
        " JOIN department d ON d.id = p.department_id"
        " WHERE ev.at >= :since AND ev.at <= :until AND ev.entity = 'project'"
        " AND ev.action = 'update' AND ev.field IN ('status', 'health', 'due', 'progress')"
        " AND (:dept IS NULL OR d.key = :dept)"
        " ORDER BY ev.at, ev.id",
        e);
    return read_window(st, s, dept, since, until, project_change_row, l,
                       "reading project changes", e);
}

/* The reading of indicator i in force at a time: its id, one seek of the
 * UNIQUE (indicator_id, at) index. */
#define READING_AT(bound)                                                                        \
    "(SELECT r.id FROM reading r WHERE r.indicator_id = i.id AND r.at <= " bound                \
    " ORDER BY r.at DESC LIMIT 1)"
/* The thresholds in force when reading h was taken, joined as t. */
#define TARGET_AT(t, h)                                                                          \
    " LEFT JOIN indicator_target " t " ON " t ".indicator_id = i.id AND " t ".from_at ="        \
    " (SELECT max(m.from_at) FROM indicator_target m WHERE m.indicator_id = i.id"               \
    " AND m.from_at <= " h ".at)"
#define THR(t, col) "(CASE WHEN " t ".indicator_id IS NULL THEN i." col " ELSE " t "." col " END)"
#define STATUS_AT(t, h)                                                                          \
    SQL_HEALTH_OF("i.direction", h ".value", THR(t, "target"), THR(t, "amber"), THR(t, "red"))

/* Indicators whose status may have changed between :since and :until, of
 * those where is true: each with its reading in force at :until when
 * that one was taken after :since (so there was a reading in the
 * window), and the one in force at :since if any, each judged by the
 * thresholds of its time. */
#define INDICATOR_CHANGES(where)                                                                 \
    "SELECT i.key, i.name, " STATUS_AT("ts", "hs") ", " STATUS_AT("tu", "hu") ", hs.value,"     \
    " hu.value, hu.at, hs.id IS NOT NULL FROM indicator i"                                      \
    " JOIN reading hu ON hu.id = " READING_AT(":until") " AND hu.at > :since"                   \
    " LEFT JOIN reading hs ON hs.id = " READING_AT(":since")                                    \
    TARGET_AT("tu", "hu") TARGET_AT("ts", "hs") " WHERE " where " ORDER BY i.key"

/* The values of the crossing told by change l->v[at], formatted once the
 * walk is over: formatting needs each indicator's definition, and no
 * other statement may run while this one steps. */
struct crossing {
    size_t at;
    bool had;
    double old_value, new_value;
};

struct crossings {
    struct list *l;
    struct crossing *v;
    size_t n, cap;
};

/* Leaves out what is no crossing: no change, or a first reading that is
 * not amber or red, or none before. */
static int crossing_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    (void)e;
    struct crossings *x = ctx;
    int before = sqlite3_column_int(s, 2), after = sqlite3_column_int(s, 3);
    bool had = sqlite3_column_int(s, 7) != 0;
    if (before == after || (!had && after < HEALTH_AMBER) || (had && !before))
        return 0;
    struct change *c = push(x->l);
    c->kind = CHANGE_INDICATOR_CROSSED;
    c->key = sq_col_text(s, 0);
    c->title = sq_col_text(s, 1);
    c->at = sq_col_text(s, 6);
    c->old_health = (enum health)before;
    c->new_health = (enum health)after;
    c->now_health = c->new_health;
    x->v = xgrow(x->v, x->n, &x->cap, sizeof *x->v);
    x->v[x->n++] = (struct crossing){x->l->n - 1, had, sqlite3_column_double(s, 4),
                                     sqlite3_column_double(s, 5)};
    return 0;
}

/* The values of crossing x in change c, as its indicator shows them. */
static int format_crossing(struct store *st, struct change *c, const struct crossing *x,
                           struct err *e)
{
    struct indicator ind;
    int rc = indicator_get(st, c->key, &ind, e);
    if (rc)
        return rc;
    char buf[64];
    if (x->had) {
        indicator_format(&ind, x->old_value, buf, sizeof buf);
        c->old_value = xstrdup(buf);
    }
    indicator_format(&ind, x->new_value, buf, sizeof buf);
    c->new_value = xstrdup(buf);
    indicator_fini(&ind);
    return 0;
}

static int read_indicators(struct store *st, const char *dept, const char *since,
                           const char *until, struct list *l, struct err *e)
{
    /* One department's indicators whose status changed in the window by
     * the stored crossings (a range of their index), each then judged at
     * both ends; ":dept IS NULL OR" would read every indicator (10,000 at
     * a million blockers). */
    sqlite3_stmt *s = sq_prepare(
        st, str_empty(dept) ? INDICATOR_CHANGES("1") : INDICATOR_CHANGES(
            "i.id IN (SELECT c.indicator_id FROM indicator_crossing c WHERE c.department_id ="
            " (SELECT id FROM department WHERE key = :dept) AND c.at > :since AND c.at <= :until)"
            " AND i.department_id = (SELECT id FROM department WHERE key = :dept)"), e);
    struct crossings x = {l, NULL, 0, 0};
    int rc = read_window(st, s, dept, since, until, crossing_row, &x,
                         "reading indicator changes", e);
    for (size_t i = 0; !rc && i < x.n; i++)
        rc = format_crossing(st, &l->v[x.v[i].at], &x.v[i], e);
    free(x.v);
    return rc;
}

/* Every reading whose status differs from the one before it (the view
 * reading_status judges each by the thresholds of its time), in one pass
 * over the readings in their index's order. */
int crossing_rebuild_tx(struct store *st, struct err *e)
{
    return sq_exec(st,
                   "DELETE FROM indicator_crossing;"
                   " INSERT INTO indicator_crossing (indicator_id, at, department_id)"
                   " SELECT indicator_id, at, department_id FROM (SELECT indicator_id, at,"
                   " department_id, status, lag(status, 1, 0) OVER (PARTITION BY indicator_id"
                   " ORDER BY at) AS before FROM reading_status) WHERE status <> before;",
                   e);
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
        rc = name_escalations(st, &l, e);
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
