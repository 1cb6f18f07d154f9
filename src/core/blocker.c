/*
 * Blockers and their triage. The one transition table below is the only
 * statement of which verb moves a blocker from which state to which; every
 * change of state (a verdict from the TUI or the CLI, a wake-up, an
 * organisation file's state reached by import) goes through apply_tx(),
 * which checks that table and what the verb needs, writes the row and its
 * audit rows in the caller's transaction.
 */
#include <stddef.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/timeutil.h"
#include "blocker_internal.h"

/* ---- the transition table --------------------------------------------- */

struct transition {
    enum blocker_state from;
    enum blocker_verb verb;
    enum blocker_state to;
};

static const struct transition transitions[] = {
    {BLOCKER_NEW, VERB_ACCEPT, BLOCKER_ACCEPTED},
    {BLOCKER_SNOOZED, VERB_ACCEPT, BLOCKER_ACCEPTED},
    {BLOCKER_ACCEPTED, VERB_START, BLOCKER_IN_PROGRESS},
    {BLOCKER_NEW, VERB_RESOLVE, BLOCKER_RESOLVED},
    {BLOCKER_ACCEPTED, VERB_RESOLVE, BLOCKER_RESOLVED},
    {BLOCKER_IN_PROGRESS, VERB_RESOLVE, BLOCKER_RESOLVED},
    {BLOCKER_NEW, VERB_DECLINE, BLOCKER_DECLINED},
    {BLOCKER_SNOOZED, VERB_DECLINE, BLOCKER_DECLINED},
    {BLOCKER_NEW, VERB_DUPLICATE, BLOCKER_DUPLICATE},
    {BLOCKER_SNOOZED, VERB_DUPLICATE, BLOCKER_DUPLICATE},
    {BLOCKER_NEW, VERB_SNOOZE, BLOCKER_SNOOZED},
    {BLOCKER_SNOOZED, VERB_WAKE, BLOCKER_NEW},
    {BLOCKER_RESOLVED, VERB_REOPEN, BLOCKER_NEW},
    {BLOCKER_DECLINED, VERB_REOPEN, BLOCKER_NEW},
    {BLOCKER_DUPLICATE, VERB_REOPEN, BLOCKER_NEW},
};
#define N_TRANSITIONS (sizeof transitions / sizeof transitions[0])

bool blocker_transition(enum blocker_state from, enum blocker_verb verb, enum blocker_state *to)
{
    for (size_t i = 0; i < N_TRANSITIONS; i++) {
        if (transitions[i].from == from && transitions[i].verb == verb) {
            if (to)
                *to = transitions[i].to;
            return true;
        }
    }
    return false;
}

/* How a refusal names the verb being done to a blocker: "declining B-7". */
static const struct {
    const char *pre, *post;
} verb_phrase[VERB_COUNT] = {
    [VERB_ACCEPT] = {"accepting ", ""},     [VERB_START] = {"starting ", ""},
    [VERB_RESOLVE] = {"resolving ", ""},    [VERB_DECLINE] = {"declining ", ""},
    [VERB_DUPLICATE] = {"marking ", " as a duplicate"},
    [VERB_SNOOZE] = {"snoozing ", ""},      [VERB_WAKE] = {"waking ", ""},
    [VERB_REOPEN] = {"reopening ", ""},
};

/* "B-7 is declined; accept needs new or snoozed — reopen it first": the
 * states the verb needs, and a verb that leads from here to one of them. */
static int refuse_transition(const char *key, enum blocker_state from, enum blocker_verb verb,
                             struct err *e)
{
    struct strbuf sb;
    sb_init(&sb);
    size_t n = 0, total = 0;
    for (size_t i = 0; i < N_TRANSITIONS; i++)
        total += transitions[i].verb == verb;
    for (size_t i = 0; i < N_TRANSITIONS; i++) {
        if (transitions[i].verb != verb)
            continue;
        if (n > 0)
            sb_add(&sb, n + 1 == total ? " or " : ", ");
        sb_add(&sb, blocker_state_name(transitions[i].from));
        n++;
    }
    /* Only a step that keeps the blocker open is worth suggesting: nobody
     * should resolve a blocker just to be allowed to reopen it. */
    const char *first = NULL;
    for (size_t i = 0; i < N_TRANSITIONS && !first; i++)
        if (transitions[i].from == from && blocker_state_open(transitions[i].to) &&
            blocker_transition(transitions[i].to, verb, NULL))
            first = blocker_verb_name(transitions[i].verb);
    int rc;
    if (first)
        rc = err_set(e, ERR_CONFLICT, "%s is %s; %s needs %s — %s it first", key,
                     blocker_state_name(from), blocker_verb_name(verb), sb_str(&sb), first);
    else
        rc = err_set(e, ERR_CONFLICT, "%s is %s; %s needs %s", key, blocker_state_name(from),
                     blocker_verb_name(verb), sb_str(&sb));
    sb_fini(&sb);
    return rc;
}

int blocker_verdict_allowed(const struct blocker *b, enum blocker_verb verb, struct err *e)
{
    if (verb < 0 || verb >= VERB_COUNT)
        return err_set(e, ERR_USAGE, "no such blocker verb (%d)", (int)verb);
    if (!blocker_transition(b->state, verb, NULL))
        return refuse_transition(b->key, b->state, verb, e);
    return 0;
}

/* ---- statements ------------------------------------------------------- */

/* No SLA clock runs while a blocker is snoozed: only new, accepted and in
 * progress blockers can be past their SLA. */
#define SLA_RUNNING(b) "(" b ".state IN ('new','accepted','in_progress'))"
#define BREACHED "(" SLA_RUNNING("b") " AND b.sla_due IS NOT NULL AND b.sla_due < :now)"
#define BLOCKER_FROM                                                                            \
    " FROM blocker b JOIN project p ON p.id = b.project_id"                                    \
    " JOIN department pd ON pd.id = p.department_id"                                           \
    " LEFT JOIN department w ON w.id = b.waiting_on_id"                                        \
    " LEFT JOIN blocker o ON o.id = b.duplicate_of"
#define BLOCKER_SELECT                                                                          \
    "SELECT b.id, b.key, p.key, pd.key, b.title, b.detail, b.kind, b.state, b.severity,"      \
    " w.key, b.owner, b.raised_by, b.raised_at, b.needed_by, b.sla_due, b.snoozed_until,"     \
    " o.key, b.escalation_level, b.escalated_to, b.escalated_at, b.reason, b.updated_at,"     \
    " b.version, " BREACHED BLOCKER_FROM
/* Filters on the blocker row alone, so that a window is cut before any
 * join: a listing joins only the rows it shows. */
/* The state term is an IN over a bound list (bind_query: every state, the
 * open ones, or one), so that the state index always narrows the rows. */
#define BLOCKER_FILTER                                                                          \
    " WHERE b.state IN (SELECT value FROM json_each(:states))" BLOCKER_FILTER_REST
/* Waiting on a department the actor leads: named its lead, or one the
 * rights say they lead (:mine, a JSON array; NULL when not asked). */
#define WAITING_MINE                                                                            \
    " AND (:mine IS NULL OR b.waiting_on_id IN (SELECT id FROM department WHERE lead = :me"    \
    " OR key IN (SELECT value FROM json_each(:mine))))"
#define BLOCKER_FILTER_REST                                                                     \
    " AND (:dept IS NULL OR b.waiting_on_id = (SELECT id FROM department WHERE key = :dept)"   \
    " OR b.project_id IN (SELECT fp.id FROM project fp JOIN department fd"                     \
    " ON fd.id = fp.department_id WHERE fd.key = :dept))"                                      \
    " AND (:waiting_on IS NULL"                                                                \
    " OR b.waiting_on_id = (SELECT id FROM department WHERE key = :waiting_on))"               \
    " AND (:project IS NULL OR b.project_id = (SELECT id FROM project WHERE key = :project))"  \
    " AND (:severity = 0 OR b.severity = :severity)"                                           \
    " AND (:breached = 0 OR " BREACHED ")"                                                     \
    " AND (:owner IS NULL OR b.owner = :owner)" WAITING_MINE                                   \
    " AND (:text IS NULL OR instr(lower(b.key), lower(:text)) > 0"                             \
    " OR instr(lower(b.title), lower(:text)) > 0)"
/* The window is chosen on the blocker table, then joined and put in the
 * same order (the key breaks every tie, so both orders agree). */
#define BLOCKER_LIST(order)                                                                     \
    BLOCKER_SELECT " WHERE b.id IN (SELECT b.id FROM blocker b" BLOCKER_FILTER " ORDER BY "     \
    order " LIMIT :limit OFFSET :offset) ORDER BY " order
/* Keys are "B-<n>": order by the number, so B-10 comes after B-9. */
#define KEYNUM "CAST(substr(b.key, 3) AS INTEGER)"
#define SEV "COALESCE(b.severity, 5)"
#define PROJECT_KEY "(SELECT key FROM project WHERE id = b.project_id)"
#define WAITING_KEY "(SELECT key FROM department WHERE id = b.waiting_on_id)"
#define STATE_RANK                                                                              \
    "CASE b.state WHEN 'new' THEN 0 WHEN 'accepted' THEN 1 WHEN 'in_progress' THEN 2"          \
    " WHEN 'snoozed' THEN 3 WHEN 'resolved' THEN 4 WHEN 'declined' THEN 5 ELSE 6 END"

/* Each sort's order, ascending and descending. */
#define BLOCKER_ORDERS(X)                                                                       \
    X(BLOCKER_SORT_URGENCY, BREACHED " DESC, " SEV ", b.raised_at, " KEYNUM,                    \
      BREACHED ", " SEV " DESC, b.raised_at DESC, " KEYNUM " DESC")                              \
    X(BLOCKER_SORT_SEVERITY, SEV ", " KEYNUM, SEV " DESC, " KEYNUM " DESC")                      \
    X(BLOCKER_SORT_KEY, KEYNUM ", b.key", KEYNUM " DESC, b.key DESC")                            \
    X(BLOCKER_SORT_TITLE, "b.title, " KEYNUM, "b.title DESC, " KEYNUM " DESC")                   \
    X(BLOCKER_SORT_PROJECT, PROJECT_KEY ", " KEYNUM, PROJECT_KEY " DESC, " KEYNUM " DESC")       \
    X(BLOCKER_SORT_WAITING_ON, "b.waiting_on_id IS NULL, " WAITING_KEY ", " KEYNUM,              \
      "b.waiting_on_id IS NULL, " WAITING_KEY " DESC, " KEYNUM " DESC")                          \
    X(BLOCKER_SORT_OWNER, "b.owner IS NULL, b.owner, " KEYNUM,                                   \
      "b.owner IS NULL, b.owner DESC, " KEYNUM " DESC")                                          \
    X(BLOCKER_SORT_STATE, STATE_RANK ", " KEYNUM, STATE_RANK " DESC, " KEYNUM " DESC")           \
    X(BLOCKER_SORT_AGE, "b.raised_at, " KEYNUM, "b.raised_at DESC, " KEYNUM " DESC")             \
    X(BLOCKER_SORT_TRIAGE, SEV ", b.raised_at, " KEYNUM, SEV " DESC, b.raised_at DESC, " KEYNUM " DESC")

/* One literal per sort and direction (ascending, descending). */
#define LIST_ENTRY(sort, asc, desc) [sort] = {BLOCKER_LIST(asc), BLOCKER_LIST(desc)},
static const char *const blocker_list_sql[][2] = {BLOCKER_ORDERS(LIST_ENTRY)};

/* Filtering as you type (blocker_text_candidates, blocker_search.c): the
 * window is chosen among candidate ids, at most BLOCKER_TEXT_CAP + 1 of
 * them, found by index. */
#define BLOCKER_TEXT_FILTER                                                                     \
    " WHERE b.id IN (SELECT value FROM json_each(:cands))"                                     \
    " AND b.state IN (SELECT value FROM json_each(:states))" BLOCKER_FILTER_REST
#define BLOCKER_TEXT_LIST(order)                                                                \
    BLOCKER_SELECT " WHERE b.id IN (SELECT b.id FROM blocker b" BLOCKER_TEXT_FILTER            \
    " ORDER BY " order " LIMIT :limit OFFSET :offset) ORDER BY " order
#define TEXT_ENTRY(sort, asc, desc) [sort] = {BLOCKER_TEXT_LIST(asc), BLOCKER_TEXT_LIST(desc)},
static const char *const blocker_text_sql[][2] = {BLOCKER_ORDERS(TEXT_ENTRY)};
static const char SQL_TEXT_COUNT[] = "SELECT count(*) FROM blocker b" BLOCKER_TEXT_FILTER;

static const char SQL_COUNT[] = "SELECT count(*) FROM blocker b" BLOCKER_FILTER;
static const char SQL_GET[] = BLOCKER_SELECT " WHERE b.key = :key";
static const char SQL_UPDATE[] =
    "UPDATE blocker SET title = ?1, detail = ?2, kind = ?3, state = ?4, severity = ?5,"
    " waiting_on_id = (SELECT id FROM department WHERE key = ?6), owner = ?7, needed_by = ?8,"
    " sla_due = ?9, snoozed_until = ?10,"
    " duplicate_of = (SELECT id FROM blocker WHERE key = ?11), escalation_level = ?12,"
    " escalated_to = ?13, escalated_at = ?14, reason = ?15, updated_at = ?16,"
    " version = version + 1 WHERE id = ?17";
static const char SQL_INSERT[] =
    "INSERT INTO blocker (key, project_id, title, detail, kind, state, severity, waiting_on_id,"
    " owner, raised_by, raised_at, needed_by, sla_due, escalation_level, escalated_to,"
    " escalated_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'new', ?6,"
    " (SELECT id FROM department WHERE key = ?7), ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
static const char SQL_COUNTER_GET[] = "SELECT value FROM meta WHERE key = 'next_blocker'";
static const char SQL_COUNTER_SCAN[] =
    "SELECT COALESCE(MAX(CAST(substr(key, 3) AS INTEGER)), 0) + 1 FROM blocker"
    " WHERE key GLOB 'B-[0-9]*'";
static const char SQL_COUNTER_SET[] =
    "INSERT INTO meta (key, value) VALUES ('next_blocker', ?1)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char SQL_LEAD[] = "SELECT lead FROM department WHERE key = ?1";
/* Whether any snooze is due, without taking the write lock: one seek of
 * the snoozed blockers' wake-time index (schema 6). */
static const char SQL_ANY_DUE_SNOOZE[] =
    "SELECT 1 FROM blocker INDEXED BY blocker_snoozed WHERE state = 'snoozed'"
    " AND snoozed_until IS NOT NULL AND snoozed_until <= :now LIMIT 1";
/* When the blocker last woke: its SLA clock restarted then. */
static const char SQL_LAST_WAKE[] =
    "SELECT max(at) FROM event WHERE entity = 'blocker' AND entity_id = ?1 AND action = 'wake'";

/* ---- the struct ------------------------------------------------------- */

static const size_t text_fields[] = {
    offsetof(struct blocker, key),           offsetof(struct blocker, project),
    offsetof(struct blocker, project_dept),  offsetof(struct blocker, title),
    offsetof(struct blocker, detail),        offsetof(struct blocker, waiting_on),
    offsetof(struct blocker, owner),         offsetof(struct blocker, raised_by),
    offsetof(struct blocker, raised_at),     offsetof(struct blocker, needed_by),
    offsetof(struct blocker, sla_due),       offsetof(struct blocker, snoozed_until),
    offsetof(struct blocker, duplicate_of),  offsetof(struct blocker, escalated_to),
    offsetof(struct blocker, escalated_at),  offsetof(struct blocker, reason),
    offsetof(struct blocker, updated_at),
};

static char **text_at(struct blocker *b, size_t off)
{
    return (char **)(void *)((char *)b + off);
}

static const char *text_of(const struct blocker *b, size_t off)
{
    return *(char *const *)(const void *)((const char *)b + off);
}

void blocker_fini(struct blocker *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        free(*text_at(b, text_fields[i]));
    memset(b, 0, sizeof *b);
}

void blocker_list_free(struct blocker *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        blocker_fini(&v[i]);
    free(v);
}

static void blocker_copy(struct blocker *dst, const struct blocker *src)
{
    *dst = *src;
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        *text_at(dst, text_fields[i]) = xstrdup(text_of(src, text_fields[i]));
}

/* The fields whose change writes an "update" audit row (the state has the
 * verb's own row). */
static const struct {
    const char *name;
    size_t off;
} audited[] = {
    {"title", offsetof(struct blocker, title)},
    {"detail", offsetof(struct blocker, detail)},
    {"waiting_on", offsetof(struct blocker, waiting_on)},
    {"owner", offsetof(struct blocker, owner)},
    {"needed_by", offsetof(struct blocker, needed_by)},
    {"snoozed_until", offsetof(struct blocker, snoozed_until)},
    {"duplicate_of", offsetof(struct blocker, duplicate_of)},
    {"escalated_to", offsetof(struct blocker, escalated_to)},
    {"reason", offsetof(struct blocker, reason)},
};

static void severity_text(int sev, char out[8])
{
    if (sev >= 1 && sev <= 4)
        snprintf(out, 8, "%d", sev);
    else
        out[0] = '\0';
}

/* One audit row per field that differs between a and b, but `except`. */
static int audit_diff(struct store *st, const struct blocker *a, const struct blocker *b,
                      const char *except, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof audited / sizeof audited[0] && !rc; i++)
        if (!str_eq(audited[i].name, except))
            rc = audit_change(st, "blocker", a->id, a->key, audited[i].name,
                              text_of(a, audited[i].off), text_of(b, audited[i].off), e);
    if (!rc && a->severity != b->severity) {
        char o[8], n[8];
        severity_text(a->severity, o);
        severity_text(b->severity, n);
        rc = audit(st, "blocker", a->id, a->key, "update", "severity", o[0] ? o : NULL,
                   n[0] ? n : NULL, e);
    }
    if (!rc && a->kind != b->kind)
        rc = audit(st, "blocker", a->id, a->key, "update", "kind", blocker_kind_name(a->kind),
                   blocker_kind_name(b->kind), e);
    if (!rc && !str_eq(except, "escalation_level"))
        rc = audit_change_int(st, "blocker", a->id, a->key, "escalation_level",
                              a->escalation_level, b->escalation_level, e);
    return rc;
}

/* ---- small helpers ---------------------------------------------------- */

static int bind_name_text(struct store *st, sqlite3_stmt *s, const char *name, const char *v,
                          struct err *e)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i && sq_bind_text(s, i, v) != SQLITE_OK)
        return sq_error(st, e, "binding a blocker query");
    return 0;
}

static int bind_name_int(struct store *st, sqlite3_stmt *s, const char *name, int64_t v,
                         struct err *e)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i && sq_bind_int(s, i, v) != SQLITE_OK)
        return sq_error(st, e, "binding a blocker query");
    return 0;
}

/* A time in ISO-8601 UTC; false when s is not a time. */
static bool norm_time(const char *s, char out[32])
{
    btime t;
    if (!time_parse(s, &t))
        return false;
    time_fmt_iso(t, out);
    return true;
}

/* When b last woke from a snooze (0 when never or unknown). */
static btime last_wake(struct store *st, int64_t id)
{
    btime t = 0;
    if (id <= 0)
        return 0;
    struct err ignore = {0};
    sqlite3_stmt *s = sq_prepare(st, SQL_LAST_WAKE, &ignore);
    if (!s)
        return 0;
    if (sq_bind_int(s, 1, id) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        const char *at = (const char *)sqlite3_column_text(s, 0);
        if (!at || !time_parse(at, &t))
            t = 0;
    }
    sq_done(s);
    return t;
}

/* When the SLA of a blocker of severity sev runs out, counted from the
 * latest of `from` (raising or the last escalation) and woke (0: never
 * woken); false when it has none. */
static bool sla_due_from(const struct store *st, int sev, const char *from, btime woke,
                         char due[32])
{
    btime base;
    if (sev < 1 || sev > 4 || !time_parse(from, &base))
        return false;
    if (woke > base)
        base = woke;
    time_fmt_iso(base + store_sla(st, sev), due);
    return true;
}

/* When the SLA runs out: from the latest of raising, the last escalation
 * and the last wake-up (no clock runs while snoozed, blocker.h). woke_at,
 * when not 0, is a wake-up happening now, not yet in the audit log. */
static void sla_recompute_woken(struct store *st, struct blocker *b, btime woke_at)
{
    const char *from = b->escalated_at ? b->escalated_at : b->raised_at;
    char due[32];
    bool has = b->severity >= 1 && b->severity <= 4 &&
               sla_due_from(st, b->severity, from, woke_at ? woke_at : last_wake(st, b->id), due);
    str_replace(&b->sla_due, has ? due : NULL);
}

static void sla_recompute(struct store *st, struct blocker *b)
{
    sla_recompute_woken(st, b, 0);
}

static int check_department(struct store *st, const char *key, struct err *e)
{
    if (!key)
        return 0;
    int64_t id = store_department_id(st, key, e);
    if (id < 0)
        return (int)id;
    return id == 0 ? err_set(e, ERR_USAGE, "no department %s", key) : 0;
}

static int check_severity(int sev, struct err *e)
{
    if (sev < 0 || sev > 4)
        return err_set(e, ERR_USAGE, "severity must be 1 (critical) to 4 (low), not %d", sev);
    return 0;
}

enum blocker_sla blocker_sla_at(const struct blocker *b, int64_t total, int64_t now)
{
    btime due;
    if (!b || !blocker_state_open(b->state) || b->state == BLOCKER_SNOOZED || !b->sla_due ||
        !time_parse(b->sla_due, &due))
        return SLA_NONE;
    if (now > due) /* as "breached" in SQL: past, not at, the due time */
        return SLA_PAST;
    /* A quarter of the response time is what a lead needs to still act. */
    if (total > 0 && (due - now) * 4 < total)
        return SLA_NEAR;
    return SLA_OK;
}

const char *blocker_sla_name(enum blocker_sla s)
{
    static const char *const names[] = {"", "ok", "near", "breached"};
    return (unsigned)s < 4 ? names[s] : "";
}

static void sla_mark(struct store *st, struct blocker *b, btime now)
{
    b->sla_near = !b->breached &&
                  blocker_sla_at(b, store_sla(st, b->severity), now) == SLA_NEAR;
}

static void blocker_read(sqlite3_stmt *s, struct blocker *b)
{
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(s, 0);
    b->key = sq_col_text(s, 1);
    b->project = sq_col_text(s, 2);
    b->project_dept = sq_col_text(s, 3);
    b->title = sq_col_text(s, 4);
    b->detail = sq_col_text(s, 5);
    const char *kind = (const char *)sqlite3_column_text(s, 6);
    if (!kind || !blocker_kind_parse(kind, &b->kind))
        b->kind = BLOCKER_ISSUE;
    const char *state = (const char *)sqlite3_column_text(s, 7);
    if (!state || !blocker_state_parse(state, &b->state))
        b->state = BLOCKER_NEW;
    b->severity = sqlite3_column_int(s, 8);
    b->waiting_on = sq_col_text(s, 9);
    b->owner = sq_col_text(s, 10);
    b->raised_by = sq_col_text(s, 11);
    b->raised_at = sq_col_text(s, 12);
    b->needed_by = sq_col_text(s, 13);
    b->sla_due = sq_col_text(s, 14);
    b->snoozed_until = sq_col_text(s, 15);
    b->duplicate_of = sq_col_text(s, 16);
    b->escalation_level = sqlite3_column_int(s, 17);
    b->escalated_to = sq_col_text(s, 18);
    b->escalated_at = sq_col_text(s, 19);
    b->reason = sq_col_text(s, 20);
    b->updated_at = sq_col_text(s, 21);
    b->version = sqlite3_column_int64(s, 22);
    b->breached = sqlite3_column_int(s, 23) != 0;
}

/* A listed row, with its SLA marks as of one moment (sq_collect). */
struct marking {
    struct store *st;
    btime now;
};

static bool blocker_row(sqlite3_stmt *s, void *row, void *arg)
{
    const struct marking *m = arg;
    blocker_read(s, row);
    sla_mark(m->st, row, m->now);
    return true;
}

static void blocker_row_fini(void *row)
{
    blocker_fini(row);
}

int blocker_get(struct store *st, const char *key, struct blocker *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "a blocker key is required");
    sqlite3_stmt *s = sq_prepare(st, SQL_GET, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_clock(s) != SQLITE_OK) {
        int fail = sq_error(st, e, "binding the clock");
        sq_done(s);
        return fail;
    }
    int rc = bind_name_text(st, s, ":key", key, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        blocker_read(s, out);
        sla_mark(st, out, time_now());
    }
    else
        rc = step == SQLITE_DONE ? err_set(e, ERR_USAGE, "no blocker %s", key)
                                 : sq_error(st, e, "reading the blocker");
    sq_done(s);
    return rc;
}

/* Writes every stored field of b (by id), bumps its version, and brings b
 * up to date with what was written. */
static int write_row(struct store *st, struct blocker *b, struct err *e)
{
    char now[32];
    store_now(now);
    sqlite3_stmt *s = sq_prepare(st, SQL_UPDATE, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = SQLITE_OK;
    rc |= sq_bind_text(s, 1, b->title);
    rc |= sq_bind_text(s, 2, b->detail);
    rc |= sq_bind_text(s, 3, blocker_kind_name(b->kind));
    rc |= sq_bind_text(s, 4, blocker_state_name(b->state));
    rc |= b->severity ? sq_bind_int(s, 5, b->severity) : sqlite3_bind_null(s, 5);
    rc |= sq_bind_text(s, 6, b->waiting_on);
    rc |= sq_bind_text(s, 7, b->owner);
    rc |= sq_bind_text(s, 8, b->needed_by);
    rc |= sq_bind_text(s, 9, b->sla_due);
    rc |= sq_bind_text(s, 10, b->snoozed_until);
    rc |= sq_bind_text(s, 11, b->duplicate_of);
    rc |= sq_bind_int(s, 12, b->escalation_level);
    rc |= sq_bind_text(s, 13, b->escalated_to);
    rc |= sq_bind_text(s, 14, b->escalated_at);
    rc |= sq_bind_text(s, 15, b->reason);
    rc |= sq_bind_text(s, 16, now);
    rc |= sq_bind_int(s, 17, b->id);
    if (rc != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE) {
        rc = sq_error(st, e, "updating the blocker");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    b->version++;
    str_replace(&b->updated_at, now);
    return 0;
}

/* ---- verdicts --------------------------------------------------------- */

static int need(const char *key, enum blocker_verb verb, const char *what, struct err *e)
{
    return err_set(e, ERR_USAGE, "%s%s%s needs %s", verb_phrase[verb].pre, key,
                   verb_phrase[verb].post, what);
}

/* Applies v to cur (read in this transaction) and leaves cur as written.
 * An import may snooze until a time already past (the file says so). */
static int apply_tx(struct store *st, struct blocker *cur, const struct verdict *v,
                    bool importing, struct err *e)
{
    if (v->verb < 0 || v->verb >= VERB_COUNT)
        return err_set(e, ERR_USAGE, "no such blocker verb (%d)", (int)v->verb);
    if (v->expect_version && v->expect_version != cur->version)
        return store_conflict(st, "blocker", cur->id, cur->key, e);
    enum blocker_state to;
    if (!blocker_transition(cur->state, v->verb, &to))
        return refuse_transition(cur->key, cur->state, v->verb, e);

    const char *reason = nonempty(v->reason);
    struct blocker next;
    blocker_copy(&next, cur);
    int rc = 0;
    char until[32] = "";
    switch (v->verb) {
    case VERB_ACCEPT: {
        rc = check_severity(v->severity, e);
        if (rc)
            break;
        /* fill_only (a bulk accept): what a blocker already has stays */
        int sev = v->severity && !(v->fill_only && cur->severity) ? v->severity : cur->severity;
        const char *on = nonempty(v->waiting_on) && !(v->fill_only && cur->waiting_on)
                             ? v->waiting_on
                             : cur->waiting_on;
        if (!sev && !on)
            rc = need(cur->key, v->verb, "a severity (1-4) and a waiting-on department", e);
        else if (!sev)
            rc = need(cur->key, v->verb, "a severity (1-4)", e);
        else if (!on)
            rc = need(cur->key, v->verb, "a waiting-on department", e);
        else
            rc = check_department(st, on, e);
        if (!rc && nonempty(v->owner) && !str_eq(cur->owner, v->owner))
            rc = store_check_person(st, v->owner, e);
        if (rc)
            break;
        next.severity = sev;
        str_replace(&next.waiting_on, on);
        if (nonempty(v->owner))
            str_replace(&next.owner, v->owner);
        break;
    }
    case VERB_DECLINE:
    case VERB_DUPLICATE:
    case VERB_SNOOZE:
        /* a duplicate names its original and a snooze its time: their
         * reason is optional (the audit records the verdict either way) */
        if (!reason && v->verb == VERB_DECLINE) {
            rc = need(cur->key, v->verb, "a reason", e);
            break;
        }
        if (v->verb == VERB_DUPLICATE) {
            if (str_empty(v->duplicate_of)) {
                rc = need(cur->key, v->verb, "the key of the original", e);
                break;
            }
            if (str_eq(v->duplicate_of, cur->key)) {
                rc = err_set(e, ERR_USAGE, "%s cannot be a duplicate of itself", cur->key);
                break;
            }
            int64_t orig = store_blocker_id(st, v->duplicate_of, e);
            if (orig <= 0) {
                rc = orig < 0 ? (int)orig
                              : err_set(e, ERR_USAGE, "no blocker %s to be the original of %s",
                                        v->duplicate_of, cur->key);
                break;
            }
        }
        if (v->verb == VERB_SNOOZE) {
            btime t;
            if (str_empty(v->until)) {
                rc = need(cur->key, v->verb, "a time to wake it (--until)", e);
                break;
            }
            if (!time_parse(v->until, &t)) {
                rc = err_set(e, ERR_USAGE,
                             "snooze time \"%s\" is not a time (use YYYY-MM-DD[THH:MM])",
                             v->until);
                break;
            }
            if (!importing && t <= time_now()) {
                rc = err_set(e, ERR_USAGE, "snooze time %s is not in the future", v->until);
                break;
            }
            time_fmt_iso(t, until);
        }
        break;
    default:
        break;
    }
    if (rc) {
        blocker_fini(&next);
        return rc;
    }

    next.state = to;
    if (reason || v->verb == VERB_DUPLICATE || v->verb == VERB_SNOOZE)
        str_replace(&next.reason, reason); /* no stale reason on a verdict given without one */
    /* Fields that only mean something in one state follow it. */
    str_replace(&next.snoozed_until, to == BLOCKER_SNOOZED ? until : NULL);
    str_replace(&next.duplicate_of, to == BLOCKER_DUPLICATE ? v->duplicate_of : NULL);
    sla_recompute_woken(st, &next, v->verb == VERB_WAKE ? time_now() : 0);

    rc = write_row(st, &next, e);
    if (!rc)
        rc = audit(st, "blocker", cur->id, cur->key, blocker_verb_name(v->verb), "state",
                   blocker_state_name(cur->state), blocker_state_name(to), e);
    if (!rc)
        rc = audit_diff(st, cur, &next, NULL, e);
    if (rc) {
        blocker_fini(&next);
        return rc;
    }
    blocker_fini(cur);
    *cur = next;
    return 0;
}

/* What each verb is called in a refusal: "declining B-7 needs ...". */
static const char *const verb_doing[VERB_COUNT] = {
    [VERB_ACCEPT] = "accepting",      [VERB_START] = "starting work on",
    [VERB_RESOLVE] = "resolving",     [VERB_DECLINE] = "declining",
    [VERB_DUPLICATE] = "marking as a duplicate", [VERB_SNOOZE] = "snoozing",
    [VERB_WAKE] = "waking",           [VERB_REOPEN] = "reopening",
};

/* Triage and edits belong to the leads of the project's department and of
 * the department the blocker waits on. */
static int authorize_blocker(struct store *st, enum perm p, const struct blocker *b,
                             const char *doing, struct err *e)
{
    char what[160];
    snprintf(what, sizeof what, "%s %s", doing, b->key);
    return store_authorize(st, p, b->project_dept, b->waiting_on, what, e);
}

/* A verdict on key inside the caller's transaction; u (may be NULL) gets
 * the blocker as found and the version left. */
static const struct text_field verdict_text_v[] = {
    {"waiting-on department", TEXT_KEY, offsetof(struct verdict, waiting_on)},
    {"owner", TEXT_LOGIN, offsetof(struct verdict, owner)},
    {"reason", TEXT_FREE, offsetof(struct verdict, reason)},
    {"original's key", TEXT_KEY, offsetof(struct verdict, duplicate_of)},
};
static const struct text_fields verdict_texts = TEXT_FIELDS(verdict_text_v);

static int verdict_tx(struct store *st, const char *key, const struct verdict *v,
                      struct blocker_undo *u, struct err *e)
{
    if (text_check_fields(v, &verdict_texts, e))
        return -e->code;
    struct blocker cur;
    int rc = blocker_get(st, key, &cur, e);
    if (!rc)
        rc = authorize_blocker(st, PERM_TRIAGE, &cur,
                               (int)v->verb >= 0 && v->verb < VERB_COUNT ? verb_doing[v->verb]
                                                                         : "changing",
                               e);
    if (!rc && u)
        blocker_copy(&u->before, &cur);
    if (!rc)
        rc = apply_tx(st, &cur, v, false, e);
    if (!rc && u)
        u->after = cur.version;
    blocker_fini(&cur);
    return rc;
}

int blocker_apply_ex(struct store *st, const char *key, const struct verdict *v,
                     struct blocker_undo *u, struct err *e)
{
    if (u)
        memset(u, 0, sizeof *u);
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    rc = store_tx_end(st, verdict_tx(st, key, v, u, e), e);
    if (rc && u)
        blocker_undo_fini(u);
    return rc;
}

int blocker_apply(struct store *st, const char *key, const struct verdict *v, struct err *e)
{
    return blocker_apply_ex(st, key, v, NULL, e);
}

/* ---- adding ----------------------------------------------------------- */

static int counter_read(struct store *st, int64_t *next, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_COUNTER_GET, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    long v = 0;
    bool have = rc == SQLITE_ROW &&
                str_to_long((const char *)sqlite3_column_text(s, 0), &v) && v > 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the blocker counter");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    if (have) {
        *next = v;
        return 0;
    }
    s = sq_prepare(st, SQL_COUNTER_SCAN, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = sq_error(st, e, "numbering the blocker");
        sq_done(s);
        return rc;
    }
    *next = sqlite3_column_int64(s, 0);
    sq_done(s);
    return 0;
}

static int counter_write(struct store *st, int64_t next, struct err *e)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)next);
    sqlite3_stmt *s = sq_prepare(st, SQL_COUNTER_SET, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, buf) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE) {
        int rc = sq_error(st, e, "saving the blocker counter");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    return 0;
}

/* The number of a "B-<n>" key, or 0 for another shape. */
static int64_t key_number(const char *key)
{
    long n;
    if (!key || strncmp(key, "B-", 2) != 0 || !str_to_long(key + 2, &n) || n <= 0)
        return 0;
    return n;
}

/* Picks the key for a new blocker (the given one, or the next number) and
 * keeps the counter above every B-<n> key. Runs under the write lock. */
static int key_assign(struct store *st, const char *given, char **out, struct err *e)
{
    int64_t next = 0;
    int rc = counter_read(st, &next, e);
    if (rc)
        return rc;
    if (given) {
        int64_t exists = store_blocker_id(st, given, e);
        if (exists != 0)
            return exists < 0 ? (int)exists : err_set(e, ERR_USAGE, "blocker %s exists", given);
        rc = store_key_twin_check(st, STORE_KEY_BLOCKER, given, e);
        if (rc)
            return rc;
        int64_t n = key_number(given);
        *out = xstrdup(given);
        return n >= next ? counter_write(st, n + 1, e) : 0;
    }
    char *key = xasprintf("B-%lld", (long long)next);
    int64_t taken = store_blocker_id(st, key, e);
    if (taken != 0) {
        /* Rows written around the counter (another tool): renumber from them. */
        free(key);
        if (taken < 0)
            return (int)taken;
        sqlite3_stmt *s = sq_prepare(st, SQL_COUNTER_SCAN, e);
        if (!s)
            return -ERR_RUNTIME;
        if (sqlite3_step(s) != SQLITE_ROW) {
            rc = sq_error(st, e, "numbering the blocker");
            sq_done(s);
            return rc;
        }
        next = sqlite3_column_int64(s, 0);
        sq_done(s);
        key = xasprintf("B-%lld", (long long)next);
    }
    rc = counter_write(st, next + 1, e);
    if (rc) {
        free(key);
        return rc;
    }
    *out = key;
    return 0;
}

/* Nothing but blanks is no title: a list would show an empty row. */
static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static int add_tx(struct store *st, const struct blocker *b, char **key_out, struct err *e)
{
    if (str_empty(b->project))
        return err_set(e, ERR_USAGE, "a blocker needs a project");
    if (blank(b->title))
        return err_set(e, ERR_USAGE, "a blocker needs a title (not only blanks)");
    int64_t pid = store_project_id(st, b->project, e);
    if (pid <= 0)
        return pid < 0 ? (int)pid : err_set(e, ERR_USAGE, "no project %s", b->project);
    int rc = check_severity(b->severity, e);
    if (!rc)
        rc = check_department(st, nonempty(b->waiting_on), e);
    if (!rc)
        rc = store_check_person(st, nonempty(b->owner), e);
    if (!rc)
        rc = store_check_person(st, nonempty(b->escalated_to), e);
    if (rc)
        return rc;
    if (b->kind < BLOCKER_ISSUE || b->kind > BLOCKER_DEPENDENCY)
        return err_set(e, ERR_USAGE, "no such blocker kind (%d)", (int)b->kind);
    if (b->escalation_level < 0)
        return err_set(e, ERR_USAGE, "escalation level cannot be negative");

    char now[32], raised[32], escalated[32] = "";
    store_now(now);
    if (str_empty(b->raised_at))
        strcpy(raised, now);
    else if (!norm_time(b->raised_at, raised))
        return err_set(e, ERR_USAGE, "raised at \"%s\" is not a time", b->raised_at);
    if (!str_empty(b->escalated_at) && !norm_time(b->escalated_at, escalated))
        return err_set(e, ERR_USAGE, "escalated at \"%s\" is not a time", b->escalated_at);
    btime t;
    if (!str_empty(b->needed_by) && !time_parse(b->needed_by, &t))
        return err_set(e, ERR_USAGE, "needed by \"%s\" is not a date or time", b->needed_by);

    struct blocker row;
    memset(&row, 0, sizeof row);
    row.severity = b->severity;
    row.raised_at = raised;
    row.escalated_at = escalated[0] ? escalated : NULL;
    sla_recompute(st, &row);
    char *sla = row.sla_due;

    char *key = NULL;
    rc = key_assign(st, nonempty(b->key), &key, e);
    if (rc) {
        free(sla);
        return rc;
    }
    const char *by = nonempty(b->raised_by) ? b->raised_by : store_actor(st);
    sqlite3_stmt *s = sq_prepare(st, SQL_INSERT, e);
    if (!s) {
        free(sla);
        free(key);
        return -ERR_RUNTIME;
    }
    rc = SQLITE_OK;
    rc |= sq_bind_text(s, 1, key);
    rc |= sq_bind_int(s, 2, pid);
    rc |= sq_bind_text(s, 3, b->title);
    rc |= sq_bind_text(s, 4, nonempty(b->detail));
    rc |= sq_bind_text(s, 5, blocker_kind_name(b->kind));
    rc |= b->severity ? sq_bind_int(s, 6, b->severity) : sqlite3_bind_null(s, 6);
    rc |= sq_bind_text(s, 7, nonempty(b->waiting_on));
    rc |= sq_bind_text(s, 8, nonempty(b->owner));
    rc |= sq_bind_text(s, 9, by ? by : "unknown");
    rc |= sq_bind_text(s, 10, raised);
    rc |= sq_bind_text(s, 11, nonempty(b->needed_by));
    rc |= sq_bind_text(s, 12, sla);
    rc |= sq_bind_int(s, 13, b->escalation_level);
    rc |= sq_bind_text(s, 14, nonempty(b->escalated_to));
    rc |= sq_bind_text(s, 15, escalated[0] ? escalated : NULL);
    rc |= sq_bind_text(s, 16, now);
    free(sla);
    if (rc != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE) {
        rc = sq_error(st, e, "adding the blocker");
        sq_done(s);
        free(key);
        return rc;
    }
    sq_done(s);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    rc = audit(st, "blocker", id, key, "create", NULL, NULL, b->title, e);
    if (!rc && key_out)
        *key_out = key;
    else
        free(key);
    return rc;
}

/* What a person or a file may write into a blocker. */
static const struct text_field blocker_text_v[] = {
    {"blocker key", TEXT_KEY, offsetof(struct blocker, key)},
    {"project key", TEXT_KEY, offsetof(struct blocker, project)},
    {"title", TEXT_NAME, offsetof(struct blocker, title)},
    {"detail", TEXT_FREE, offsetof(struct blocker, detail)},
    {"waiting-on department", TEXT_KEY, offsetof(struct blocker, waiting_on)},
    {"owner", TEXT_LOGIN, offsetof(struct blocker, owner)},
    {"raised by", TEXT_LOGIN, offsetof(struct blocker, raised_by)},
    {"original's key", TEXT_KEY, offsetof(struct blocker, duplicate_of)},
    {"escalated to", TEXT_LOGIN, offsetof(struct blocker, escalated_to)},
    {"reason", TEXT_FREE, offsetof(struct blocker, reason)},
};
const struct text_fields blocker_texts = TEXT_FIELDS(blocker_text_v);

int blocker_add(struct store *st, const struct blocker *b, char **key_out, struct err *e)
{
    if (key_out)
        *key_out = NULL;
    int rc = text_check_fields(b, &blocker_texts, e);
    if (rc)
        return rc;
    rc = store_check_writable(st, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "raising a blocker on %s", b->project ? b->project : "a project");
    rc = store_authorize(st, PERM_RAISE, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    char *key = NULL;
    rc = store_tx_end(st, add_tx(st, b, &key, e), e);
    if (!rc && key_out)
        *key_out = key;
    else
        free(key);
    return rc;
}

/* ---- editing ---------------------------------------------------------- */

enum edit_mode {
    EDIT_USER,   /* version checked; an accepted blocker keeps its triage; wakes a snoozed one */
    EDIT_IMPORT, /* the file's fields as they are */
};

static int update_tx(struct store *st, const struct blocker *b, enum edit_mode mode,
                     struct err *e)
{
    struct blocker cur;
    int rc = blocker_get(st, b->key, &cur, e);
    if (!rc && mode == EDIT_USER)
        rc = authorize_blocker(st, PERM_EDIT, &cur, "editing", e);
    if (rc) {
        blocker_fini(&cur);
        return rc;
    }
    if (mode == EDIT_USER && b->version && b->version != cur.version) {
        rc = store_conflict(st, "blocker", cur.id, cur.key, e);
        blocker_fini(&cur);
        return rc;
    }
    const char *on = nonempty(b->waiting_on);
    if (blank(b->title))
        rc = err_set(e, ERR_USAGE, "blocker %s needs a title (not only blanks)", cur.key);
    else if (b->kind < BLOCKER_ISSUE || b->kind > BLOCKER_DEPENDENCY)
        rc = err_set(e, ERR_USAGE, "no such blocker kind (%d)", (int)b->kind);
    btime t;
    if (!rc && !str_empty(b->needed_by) && !time_parse(b->needed_by, &t))
        rc = err_set(e, ERR_USAGE, "needed by \"%s\" is not a date or time", b->needed_by);
    if (!rc)
        rc = check_severity(b->severity, e);
    if (!rc)
        rc = check_department(st, on, e);
    /* A person named before the rule (or since removed) stays until changed. */
    if (!rc && !str_eq(cur.owner, nonempty(b->owner)))
        rc = store_check_person(st, nonempty(b->owner), e);
    if (!rc && mode == EDIT_IMPORT && !str_eq(cur.escalated_to, nonempty(b->escalated_to)))
        rc = store_check_person(st, nonempty(b->escalated_to), e);
    /* An edit keeps the blocker's state; an import ends in the file's. */
    enum blocker_state ends = mode == EDIT_USER ? cur.state : b->state;
    if (!rc && (ends == BLOCKER_ACCEPTED || ends == BLOCKER_IN_PROGRESS) &&
        (!b->severity || !on))
        rc = err_set(e, ERR_USAGE, "%s is %s: it keeps a severity and a waiting-on department",
                     cur.key, blocker_state_name(ends));
    if (rc) {
        blocker_fini(&cur);
        return rc;
    }

    struct blocker next;
    blocker_copy(&next, &cur);
    str_replace(&next.title, b->title);
    str_replace(&next.detail, nonempty(b->detail));
    next.kind = b->kind;
    next.severity = b->severity;
    str_replace(&next.waiting_on, on);
    str_replace(&next.owner, nonempty(b->owner));
    str_replace(&next.needed_by, nonempty(b->needed_by));
    if (mode == EDIT_IMPORT) {
        /* The file also says how far it was escalated and, when its state
         * is already reached, the reason of the last verdict. */
        char at[32] = "";
        if (!str_empty(b->escalated_at) && !norm_time(b->escalated_at, at))
            rc = err_set(e, ERR_USAGE, "escalated at \"%s\" is not a time", b->escalated_at);
        else if (b->escalation_level < 0)
            rc = err_set(e, ERR_USAGE, "escalation level cannot be negative");
        next.escalation_level = b->escalation_level;
        str_replace(&next.escalated_to, nonempty(b->escalated_to));
        str_replace(&next.escalated_at, at[0] ? at : NULL);
        if (nonempty(b->reason) && b->state == cur.state)
            str_replace(&next.reason, b->reason);
    }
    sla_recompute(st, &next);
    bool changed = !str_eq(cur.title, next.title) || !str_eq(cur.detail, next.detail) ||
                   cur.kind != next.kind || cur.severity != next.severity ||
                   !str_eq(cur.waiting_on, next.waiting_on) || !str_eq(cur.owner, next.owner) ||
                   !str_eq(cur.needed_by, next.needed_by) ||
                   cur.escalation_level != next.escalation_level ||
                   !str_eq(cur.escalated_to, next.escalated_to) ||
                   !str_eq(cur.escalated_at, next.escalated_at) || !str_eq(cur.reason, next.reason);
    if (!rc && changed) {
        rc = write_row(st, &next, e);
        if (!rc)
            rc = audit_diff(st, &cur, &next, NULL, e);
        /* New activity wakes a snoozed blocker (DESIGN.md). */
        if (!rc && mode == EDIT_USER && next.state == BLOCKER_SNOOZED) {
            struct verdict wake = {.verb = VERB_WAKE};
            rc = apply_tx(st, &next, &wake, false, e);
        }
    }
    blocker_fini(&next);
    blocker_fini(&cur);
    return rc;
}

/* After a change of key inside the open transaction, records in u (may
 * be NULL) the version it left. */
static int with_undo(struct store *st, const char *key, struct blocker_undo *u, int rc_change,
                     struct err *e)
{
    if (rc_change || !u)
        return rc_change;
    struct blocker now;
    int rc = blocker_get(st, key, &now, e);
    if (!rc)
        u->after = now.version;
    blocker_fini(&now);
    return rc;
}

int blocker_update_ex(struct store *st, const struct blocker *b, struct blocker_undo *u,
                      struct err *e)
{
    if (u)
        memset(u, 0, sizeof *u);
    if (str_empty(b->key))
        return err_set(e, ERR_USAGE, "a blocker key is required");
    int rc = text_check_fields(b, &blocker_texts, e);
    if (rc)
        return rc;
    rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    if (u)
        rc = blocker_get(st, b->key, &u->before, e);
    if (!rc)
        rc = with_undo(st, b->key, u, update_tx(st, b, EDIT_USER, e), e);
    rc = store_tx_end(st, rc, e);
    if (rc && u)
        blocker_undo_fini(u);
    return rc;
}

int blocker_update(struct store *st, const struct blocker *b, struct err *e)
{
    return blocker_update_ex(st, b, NULL, e);
}

/* ---- escalation ------------------------------------------------------- */

static int lead_of(struct store *st, const char *dept, char **out, struct err *e)
{
    *out = NULL;
    if (!dept)
        return 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_LEAD, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, dept) != SQLITE_OK) {
        int fail = sq_error(st, e, "binding the department lookup");
        sq_done(s);
        return fail;
    }
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sq_col_text(s, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the lead");
    sq_done(s);
    return rc;
}

static const char SQL_PERSON_EXISTS[] = "SELECT 1 FROM person WHERE login = ?1";

/* Whether login is a person of the organisation; *rc set on a read error. */
static bool person_exists(struct store *st, const char *login, int *rc, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_PERSON_EXISTS, e);
    if (!s) {
        *rc = -ERR_RUNTIME;
        return false;
    }
    bool found = false;
    if (sq_bind_text(s, 1, login) != SQLITE_OK) {
        *rc = sq_error(st, e, "looking for a person");
    } else {
        int step = sqlite3_step(s);
        found = step == SQLITE_ROW;
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            *rc = sq_error(st, e, "looking for a person");
    }
    sq_done(s);
    return found;
}

/* "cannot escalate B-7 to bobb: no such person in the organisation (did
 * you mean bob?)" */
static int escalate_nobody(struct store *st, const char *key, const char *to, struct err *e)
{
    char *near = store_person_nearest(st, to);
    int rc = err_set(e, ERR_USAGE,
                     "cannot escalate %s to %s: no such person in the organisation%s%s%s", key,
                     to, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
    free(near);
    return rc;
}

static int escalate_tx(struct store *st, const char *key, const char *to, int64_t expect,
                       struct err *e)
{
    if (text_check(TEXT_LOGIN, "escalated to", to, e))
        return -e->code;
    struct blocker cur;
    int rc = blocker_get(st, key, &cur, e);
    if (!rc)
        rc = authorize_blocker(st, PERM_TRIAGE, &cur, "escalating", e);
    if (rc) {
        blocker_fini(&cur);
        return rc;
    }
    char *lead = NULL;
    if (expect && expect != cur.version)
        rc = store_conflict(st, "blocker", cur.id, cur.key, e);
    else if (!blocker_state_open(cur.state))
        rc = err_set(e, ERR_CONFLICT, "%s is %s; only an open blocker can be escalated — reopen it first",
                     cur.key, blocker_state_name(cur.state));
    else if (!nonempty(to))
        rc = lead_of(st, cur.waiting_on, &lead, e);
    const char *who = nonempty(to) ? to : nonempty(lead);
    if (!rc && nonempty(to))
        rc = text_check(TEXT_LOGIN, "the login to escalate to", to, e);
    if (!rc && nonempty(to) && !person_exists(st, to, &rc, e) && !rc)
        rc = escalate_nobody(st, cur.key, to, e);
    if (!rc && !who)
        rc = err_set(e, ERR_USAGE,
                     "escalating %s needs someone to escalate to: name a login, or set a"
                     " waiting-on department that has a lead",
                     cur.key);
    if (rc) {
        free(lead);
        blocker_fini(&cur);
        return rc;
    }
    struct blocker next;
    blocker_copy(&next, &cur);
    char now[32];
    store_now(now);
    next.escalation_level++;
    str_replace(&next.escalated_to, who);
    str_replace(&next.escalated_at, now);
    sla_recompute(st, &next);
    free(lead);
    rc = write_row(st, &next, e);
    char o[16], n[16];
    snprintf(o, sizeof o, "%d", cur.escalation_level);
    snprintf(n, sizeof n, "%d", next.escalation_level);
    if (!rc)
        rc = audit(st, "blocker", cur.id, cur.key, "escalate", "escalation_level", o, n, e);
    if (!rc)
        rc = audit_diff(st, &cur, &next, "escalation_level", e);
    blocker_fini(&next);
    blocker_fini(&cur);
    return rc;
}

int blocker_escalate_ex(struct store *st, const char *key, const char *to, int64_t expect_version,
                        struct blocker_undo *u, struct err *e)
{
    if (u)
        memset(u, 0, sizeof *u);
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    if (u)
        rc = blocker_get(st, key, &u->before, e);
    if (!rc)
        rc = with_undo(st, key, u, escalate_tx(st, key, to, expect_version, e), e);
    rc = store_tx_end(st, rc, e);
    if (rc && u)
        blocker_undo_fini(u);
    return rc;
}

int blocker_escalate(struct store *st, const char *key, const char *to, int64_t expect_version,
                     struct err *e)
{
    return blocker_escalate_ex(st, key, to, expect_version, NULL, e);
}

/* ---- import ----------------------------------------------------------- */

/* The verbs leading from `from` to `to`, shortest first (breadth first over
 * the transition table). Returns the number of steps, or -1. */
static int path_to(enum blocker_state from, enum blocker_state to,
                   enum blocker_verb path[BLOCKER_STATE_COUNT])
{
    int prev_state[BLOCKER_STATE_COUNT];
    enum blocker_verb prev_verb[BLOCKER_STATE_COUNT];
    bool seen[BLOCKER_STATE_COUNT] = {false};
    enum blocker_state queue[BLOCKER_STATE_COUNT];
    size_t head = 0, tail = 0;
    queue[tail++] = from;
    seen[from] = true;
    prev_state[from] = -1;
    while (head < tail && !seen[to]) {
        enum blocker_state s = queue[head++];
        for (size_t i = 0; i < N_TRANSITIONS; i++) {
            enum blocker_state t = transitions[i].to;
            if (transitions[i].from != s || seen[t])
                continue;
            seen[t] = true;
            prev_state[t] = (int)s;
            prev_verb[t] = transitions[i].verb;
            queue[tail++] = t;
        }
    }
    if (!seen[to])
        return -1;
    int n = 0;
    for (int s = (int)to; prev_state[s] >= 0; s = prev_state[s])
        n++;
    int i = n;
    for (int s = (int)to; prev_state[s] >= 0; s = prev_state[s])
        path[--i] = prev_verb[s];
    return n;
}

static int import_tx(struct store *st, const struct blocker *b, struct err *e)
{
    int64_t id = store_blocker_id(st, b->key, e);
    if (id < 0)
        return (int)id;
    int rc = id == 0 ? add_tx(st, b, NULL, e) : update_tx(st, b, EDIT_IMPORT, e);
    if (rc)
        return rc;
    struct blocker cur;
    rc = blocker_get(st, b->key, &cur, e);
    if (rc)
        return rc;
    enum blocker_verb path[BLOCKER_STATE_COUNT];
    int n = path_to(cur.state, b->state, path);
    if (n < 0)
        rc = err_set(e, ERR_CONFLICT, "%s cannot go from %s to %s", cur.key,
                     blocker_state_name(cur.state), blocker_state_name(b->state));
    for (int i = 0; i < n && !rc; i++) {
        bool wants_reason = path[i] == VERB_DECLINE || path[i] == VERB_DUPLICATE ||
                            path[i] == VERB_SNOOZE;
        struct verdict v = {
            .verb = path[i],
            .severity = b->severity,
            .waiting_on = b->waiting_on,
            .owner = b->owner,
            .reason = nonempty(b->reason) ? b->reason : wants_reason ? "imported" : NULL,
            .duplicate_of = b->duplicate_of,
            .until = b->snoozed_until,
        };
        rc = apply_tx(st, &cur, &v, true, e);
    }
    /* The reason of the last verdict stays when the state moved on (a
     * snoozed blocker that woke, a reopened one): the file keeps it, and
     * so does the database it goes into. */
    if (!rc && nonempty(b->reason) && !str_eq(cur.reason, b->reason))
        rc = update_tx(st, b, EDIT_IMPORT, e);
    blocker_fini(&cur);
    return rc;
}

int blocker_import(struct store *st, const struct blocker *b, struct err *e)
{
    if (str_empty(b->key))
        return err_set(e, ERR_USAGE, "an imported blocker needs a key");
    if (b->state < BLOCKER_NEW || b->state >= BLOCKER_STATE_COUNT)
        return err_set(e, ERR_USAGE, "blocker %s has no valid state", b->key);
    int rc = text_check_fields(b, &blocker_texts, e);
    if (rc)
        return rc;
    rc = store_check_writable(st, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "importing blocker %s", b->key);
    rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, import_tx(st, b, e), e);
}

/* ---- waking ----------------------------------------------------------- */

/* The SQL function baton_wake_sla(severity, from): a woken blocker's new
 * SLA due time, by the same rule as every other path (sla_due_from). */
static void wake_sla_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct store *st = sqlite3_user_data(cx);
    int sev = sqlite3_value_type(argv[0]) == SQLITE_INTEGER ? sqlite3_value_int(argv[0]) : 0;
    char due[32];
    if (sla_due_from(st, sev, (const char *)sqlite3_value_text(argv[1]), time_now(), due))
        sqlite3_result_text(cx, due, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(cx);
}

/* Waking is set-based: the audit rows of every due snooze in one INSERT ...
 * SELECT, then the rows themselves in one UPDATE, both through the wake-time
 * index. They write what a wake verdict on each would have written, in the
 * same order: per blocker by id, its "wake" row, then the fields a wake
 * clears (snoozed_until, and duplicate_of should one be left). */
static const char SQL_WAKE_AUDIT[] =
    "WITH due AS MATERIALIZED (SELECT b.id, b.key, b.snoozed_until, d.key AS dup"
    "  FROM blocker b INDEXED BY blocker_snoozed LEFT JOIN blocker d ON d.id = b.duplicate_of"
    "  WHERE b.state = 'snoozed' AND b.snoozed_until IS NOT NULL AND b.snoozed_until <= :now)"
    " INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT :now, :actor, 'blocker', id, key, action, field, old, new FROM"
    " (SELECT id, key, 0 AS n, 'wake' AS action, 'state' AS field, 'snoozed' AS old,"
    "  'new' AS new FROM due"
    "  UNION ALL SELECT id, key, 1, 'update', 'snoozed_until', snoozed_until, NULL FROM due"
    "  UNION ALL SELECT id, key, 2, 'update', 'duplicate_of', dup, NULL FROM due"
    "   WHERE dup IS NOT NULL) ORDER BY id, n";
static const char SQL_WAKE_ROWS[] =
    "UPDATE blocker INDEXED BY blocker_snoozed SET state = 'new', snoozed_until = NULL,"
    " duplicate_of = NULL, sla_due = baton_wake_sla(severity, COALESCE(escalated_at, raised_at)),"
    " updated_at = :now, version = version + 1"
    " WHERE state = 'snoozed' AND snoozed_until IS NOT NULL AND snoozed_until <= :now";

static int wake_tx(struct store *st, int *woken, struct err *e)
{
    if (sqlite3_create_function_v2(st->db, "baton_wake_sla", 2, SQLITE_UTF8, st, wake_sla_fn,
                                   NULL, NULL, NULL) != SQLITE_OK)
        return sq_error(st, e, "waking snoozed blockers");
    sqlite3_stmt *s = sq_prepare(st, SQL_WAKE_AUDIT, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sq_bind_clock(s);
    if (rc == SQLITE_OK)
        rc = sq_bind_text(s, sqlite3_bind_parameter_index(s, ":actor"),
                          st->actor ? st->actor : "unknown");
    rc = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_DONE
             ? 0
             : sq_error(st, e, "writing the audit log");
    sq_done(s);
    if (rc)
        return rc;
    s = sq_prepare(st, SQL_WAKE_ROWS, e);
    if (!s)
        return -ERR_RUNTIME;
    rc = sq_bind_clock(s) == SQLITE_OK && sqlite3_step(s) == SQLITE_DONE
             ? 0
             : sq_error(st, e, "waking snoozed blockers");
    if (!rc)
        *woken = sqlite3_changes(st->db);
    sq_done(s);
    return rc;
}

int blocker_wake_due(struct store *st, int *woken, struct err *e)
{
    int dummy;
    if (!woken)
        woken = &dummy;
    *woken = 0;
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    /* Most calls find nothing due: look before taking the write lock. */
    sqlite3_stmt *s = sq_prepare(st, SQL_ANY_DUE_SNOOZE, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_clock(s) != SQLITE_OK) {
        rc = sq_error(st, e, "binding the clock");
        sq_done(s);
        return rc;
    }
    rc = sqlite3_step(s);
    bool any = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "finding snoozed blockers");
    sq_done(s);
    if (rc || !any)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    rc = store_tx_end(st, wake_tx(st, woken, e), e);
    if (rc)
        *woken = 0;
    return rc;
}

/* ---- listing ---------------------------------------------------------- */

/* The states a query's state names, as the JSON array BLOCKER_FILTER
 * reads: none = every state, "open" = the open ones. */
static void states_json(const char *state, char out[128])
{
    if (!state)
        snprintf(out, 128, "[\"new\",\"accepted\",\"in_progress\",\"resolved\","
                           "\"declined\",\"duplicate\",\"snoozed\"]");
    else if (strcmp(state, "open") == 0)
        snprintf(out, 128, "[\"new\",\"accepted\",\"in_progress\",\"snoozed\"]");
    else if (strcmp(state, "closed") == 0)
        snprintf(out, 128, "[\"resolved\",\"declined\",\"duplicate\"]");
    else
        snprintf(out, 128, "[\"%.100s\"]", state);
}

/* :owner (the actor's login for q->mine), :me and :mine (the departments
 * the rights say the actor leads). */
static int bind_owner_mine(struct store *st, sqlite3_stmt *s, const struct query *q,
                           struct err *e)
{
    const char *owner = nonempty(q->owner) ? q->owner : q->mine ? st->actor : NULL;
    int rc = bind_name_text(st, s, ":owner", owner, e);
    if (!rc)
        rc = bind_name_text(st, s, ":me", st->actor, e);
    if (rc || !q->waiting_mine)
        return rc ? rc : bind_name_text(st, s, ":mine", NULL, e);
    struct strbuf json;
    sb_init(&json);
    sb_add(&json, "[");
    for (size_t i = 0; i < st->n_lead_of; i++) {
        sb_add(&json, i ? ",\"" : "\"");
        for (const char *c = st->lead_of[i]; *c; c++)
            if (*c != '"' && *c != '\\')
                sb_addf(&json, "%c", *c);
        sb_add(&json, "\"");
    }
    sb_add(&json, "]");
    rc = bind_name_text(st, s, ":mine", sb_str(&json), e);
    sb_fini(&json);
    return rc;
}

static int bind_query(struct store *st, sqlite3_stmt *s, const struct query *q, struct err *e)
{
    if (sq_bind_clock(s) != SQLITE_OK)
        return sq_error(st, e, "binding the clock");
    char states[128];
    states_json(nonempty(q->state), states);
    int rc = bind_name_text(st, s, ":states", states, e);
    if (!rc)
        rc = bind_name_text(st, s, ":dept", nonempty(q->dept), e);
    if (!rc)
        rc = bind_name_text(st, s, ":waiting_on", nonempty(q->waiting_on), e);
    if (!rc)
        rc = bind_name_text(st, s, ":project", nonempty(q->project), e);
    if (!rc)
        rc = bind_name_int(st, s, ":severity", q->severity, e);
    if (!rc)
        rc = bind_name_int(st, s, ":breached", q->breached ? 1 : 0, e);
    if (!rc)
        rc = bind_owner_mine(st, s, q, e);
    if (!rc)
        rc = bind_name_text(st, s, ":text", nonempty(q->text), e);
    if (!rc)
        rc = bind_name_int(st, s, ":limit", q->limit > 0 ? q->limit : -1, e);
    if (!rc)
        rc = bind_name_int(st, s, ":offset", q->offset > 0 ? q->offset : 0, e);
    return rc;
}

/* State names are stored in lower case; "open" stands for every open one. */
static void normalise_state(struct query *q)
{
    enum blocker_state parsed;
    if (str_empty(q->state))
        q->state = NULL;
    else if (strcasecmp(q->state, "open") == 0)
        q->state = "open";
    else if (strcasecmp(q->state, "closed") == 0)
        q->state = "closed";
    else if (blocker_state_parse(q->state, &parsed))
        q->state = blocker_state_name(parsed);
}

static int check_query(const struct query *q, struct err *e)
{
    enum blocker_state s;
    if (!str_empty(q->state) && strcasecmp(q->state, "open") != 0 &&
        strcasecmp(q->state, "closed") != 0 && !blocker_state_parse(q->state, &s))
        return err_set(e, ERR_USAGE,
                       "no blocker state %s (open, closed, new, accepted, in_progress,"
                       " resolved, declined, duplicate, snoozed)",
                       q->state);
    if (q->severity < 0 || q->severity > 4)
        return err_set(e, ERR_USAGE, "severity must be 1 (critical) to 4 (low), not %d",
                       q->severity);
    return 0;
}

/* ---- keyset windows over open blockers -------------------------------
 *
 * The cockpit lists open blockers a window at a time. For the orders an
 * index over open blockers serves (schema 5), a window is found by
 * seeking: after the row just above it, before the row just below it, or
 * from the end, so a page deep in a million rows costs what the first
 * page costs. Urgency is triage order in two runs, breached rows first;
 * each run is one index range. Ids are collected first, then each row is
 * read by id, all inside one read transaction.
 */

static bool states_open_only(const char *state)
{
    static const char *const open[] = {"open", "new", "accepted", "in_progress", "snoozed"};
    for (size_t i = 0; state && i < sizeof open / sizeof open[0]; i++)
        if (strcmp(state, open[i]) == 0)
            return true;
    return false;
}

/* Both directions of each order's columns, and the index serving them. */
static const struct {
    const char *asc, *desc, *index;
    bool urgency;
} keyset_orders[BLOCKER_SORT_TRIAGE + 1] = {
    [BLOCKER_SORT_URGENCY] = {"b.sev_rank, b.raised_at, b.key_num",
                              "b.sev_rank DESC, b.raised_at DESC, b.key_num DESC",
                              "blocker_open_triage", true},
    [BLOCKER_SORT_TRIAGE] = {"b.sev_rank, b.raised_at, b.key_num",
                             "b.sev_rank DESC, b.raised_at DESC, b.key_num DESC",
                             "blocker_open_triage", false},
    [BLOCKER_SORT_KEY] = {"b.key_num, b.key", "b.key_num DESC, b.key DESC", "blocker_open_key",
                          false},
    [BLOCKER_SORT_AGE] = {"b.raised_at, b.key_num", "b.raised_at DESC, b.key_num DESC",
                          "blocker_open_age", false},
};

/* The runs of an order: urgency shows breached rows (BREACHED), then the
 * others. */
static const char *const run_breached = " AND " BREACHED;
static const char *const run_in_time = " AND NOT " BREACHED;

struct keyset {
    int sort;
    const char *runs[2]; /* in list order */
    int n_runs;
    int64_t *ids;
    size_t n, cap;
};

/* Appends to ks->ids up to limit ids of run r, scanning forward (in list
 * order) or backward, from the run's start or strictly beyond anchor. */
static int keyset_run(struct store *st, struct keyset *ks, const struct query *q, int r,
                      bool forward, int64_t anchor, int limit, struct err *e)
{
    bool up = forward != q->desc; /* ascending scan of the index */
    const char *cols = keyset_orders[ks->sort].asc;
    /* beyond the anchor: its values are looked up by id in the same statement */
    char *beyond = anchor ? xasprintf(" AND (%s) %s (SELECT %s FROM blocker b WHERE b.id = :anchor)",
                                      cols, up ? ">" : "<", cols)
                          : xstrdup("");
    /* one open state filters the open index; new blockers in triage order
     * (the triage queue) have an index of their own, which needs no row */
    const char *one = strcmp(q->state, "open") != 0 ? " AND b.state = :one_state" : "";
    const char *index = keyset_orders[ks->sort].index;
    if (strcmp(q->state, "new") == 0 && strcmp(index, "blocker_open_triage") == 0 &&
        !keyset_orders[ks->sort].urgency) {
        index = "blocker_new_triage";
        one = " AND b.state = 'new'"; /* a literal: it must imply the index's WHERE */
    }
    char *sql = xasprintf("SELECT b.id FROM blocker b INDEXED BY %s WHERE " SQL_BLOCKER_OPEN("b")
                          "%s%s" BLOCKER_FILTER_REST "%s ORDER BY %s LIMIT :limit",
                          index, one, ks->runs[r], beyond,
                          up ? cols : keyset_orders[ks->sort].desc);
    free(beyond);
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    free(sql);
    if (!s)
        return -ERR_RUNTIME;
    struct query lq = *q;
    lq.limit = limit;
    lq.offset = 0;
    int rc = bind_query(st, s, &lq, e);
    if (!rc && anchor)
        rc = bind_name_int(st, s, ":anchor", anchor, e);
    if (!rc)
        rc = bind_name_text(st, s, ":one_state", q->state, e);
    while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (ks->n == ks->cap) {
            ks->cap = ks->cap ? ks->cap * 2 : 64;
            ks->ids = xrealloc(ks->ids, ks->cap * sizeof *ks->ids);
        }
        ks->ids[ks->n++] = sqlite3_column_int64(s, 0);
        rc = 0;
    }
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc > 0)
        rc = sq_error(st, e, "reading blockers");
    sq_done(s);
    return rc;
}

/* Which run the anchor row belongs to: 0 or 1; -1 when it is gone or not
 * open (the caller falls back to the offset). */
static int keyset_anchor_run(struct store *st, const struct keyset *ks, int64_t anchor,
                             struct err *e)
{
    if (ks->n_runs == 1) {
        int64_t id = 0;
        sqlite3_stmt *s = sq_prepare(
            st, "SELECT b.id FROM blocker b WHERE b.id = ?1 AND " SQL_BLOCKER_OPEN("b"), e);
        if (!s)
            return -ERR_RUNTIME - 100;
        if (sq_bind_int(s, 1, anchor) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
        sq_done(s);
        return id ? 0 : -1;
    }
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT " BREACHED " FROM blocker b"
                                 " WHERE b.id = :id AND " SQL_BLOCKER_OPEN("b"),
                                 e);
    if (!s)
        return -ERR_RUNTIME - 100;
    int run = -1;
    if (sq_bind_clock(s) == SQLITE_OK && bind_name_int(st, s, ":id", anchor, e) == 0 &&
        sqlite3_step(s) == SQLITE_ROW) {
        bool breached = sqlite3_column_int(s, 0) != 0;
        run = (ks->runs[0] == run_breached) == breached ? 0 : 1;
    }
    sq_done(s);
    return run;
}

static void ids_reverse(int64_t *v, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        int64_t t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
}

/* The window's ids by seeking; 1 when this query cannot seek (use the
 * offset instead), 0 with ks->ids filled, or an error. */
static int keyset_ids(struct store *st, const struct query *q, struct keyset *ks, struct err *e)
{
    if (q->limit <= 0 || !states_open_only(q->state) || q->sort < 0 ||
        q->sort > BLOCKER_SORT_TRIAGE || !keyset_orders[q->sort].index)
        return 1;
    if (!q->last && !q->after && !q->before && q->offset > 0)
        return 1;
    ks->sort = q->sort;
    if (keyset_orders[q->sort].urgency) {
        ks->runs[0] = q->desc ? run_in_time : run_breached;
        ks->runs[1] = q->desc ? run_breached : run_in_time;
        ks->n_runs = 2;
    } else {
        ks->runs[0] = "";
        ks->n_runs = 1;
    }
    int rc = 0;
    if (q->last) {
        for (int r = ks->n_runs - 1; r >= 0 && !rc && ks->n < (size_t)q->limit; r--)
            rc = keyset_run(st, ks, q, r, false, 0, q->limit - (int)ks->n, e);
        ids_reverse(ks->ids, ks->n);
        return rc;
    }
    int64_t anchor = q->after ? q->after : q->before;
    int from = 0;
    if (anchor) {
        from = keyset_anchor_run(st, ks, anchor, e);
        if (from < -1)
            return -ERR_RUNTIME;
        if (from < 0)
            return 1;
    }
    if (!anchor || q->after) {
        for (int r = from; r < ks->n_runs && !rc && ks->n < (size_t)q->limit; r++)
            rc = keyset_run(st, ks, q, r, true, r == from ? anchor : 0,
                            q->limit - (int)ks->n, e);
        return rc;
    }
    for (int r = from; r >= 0 && !rc && ks->n < (size_t)q->limit; r--)
        rc = keyset_run(st, ks, q, r, false, r == from ? anchor : 0, q->limit - (int)ks->n, e);
    ids_reverse(ks->ids, ks->n);
    return rc;
}

static const char SQL_GET_ID[] = BLOCKER_SELECT " WHERE b.id = :id";

/* Reads the rows of ids, in their order. */
static int read_ids(struct store *st, const int64_t *ids, size_t n, struct blocker **out,
                    struct err *e)
{
    struct blocker *v = xcalloc(n ? n : 1, sizeof *v);
    btime now = time_now();
    size_t got = 0;
    /* One statement, its clock bound once, stepped per id: looking the
     * statement up and binding the clock per row cost more than the rows. */
    sqlite3_stmt *s = sq_prepare(st, SQL_GET_ID, e);
    int id_at = s ? sqlite3_bind_parameter_index(s, ":id") : 0;
    int rc = !s ? -ERR_RUNTIME : sq_bind_clock(s) != SQLITE_OK ? sq_error(st, e, "reading blockers")
                                                               : 0;
    for (size_t i = 0; i < n && !rc; i++) {
        int step = sqlite3_bind_int64(s, id_at, ids[i]);
        if (step == SQLITE_OK)
            step = sqlite3_step(s);
        if (step == SQLITE_ROW) {
            blocker_read(s, &v[got]);
            sla_mark(st, &v[got++], now);
        } else if (step != SQLITE_DONE) {
            rc = sq_error(st, e, "reading blockers");
        }
        sqlite3_reset(s);
    }
    sq_done(s);
    if (rc) {
        blocker_list_free(v, got);
        return rc;
    }
    *out = v;
    return (int)got;
}


/* Whether q asks for an owner or for the actor's departments. */
static bool by_person(const struct query *q)
{
    return nonempty(q->owner) || q->mine || q->waiting_mine;
}

/* Whether a filter as you type over every open blocker has no other
 * condition than a department (which the candidates already obey), so
 * that its candidates are its matches. */
static bool text_unfiltered(const struct query *q)
{
    return q->state && strcmp(q->state, "open") == 0 && !nonempty(q->waiting_on) &&
           !nonempty(q->project) && q->severity == 0 && !q->breached && !by_person(q);
}

/* The text-filtered listing (q->text over open states) with its candidates
 * bound; the caller steps and finalises it. */
static sqlite3_stmt *text_prepare(struct store *st, const char *sql, const struct query *q,
                                  struct err *e)
{
    char *cands = NULL;
    if (blocker_text_candidates(st, q->text, q->dept, &cands, e))
        return NULL;
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    struct query lq = *q;
    lq.text = NULL;
    if (s && (bind_query(st, s, &lq, e) || bind_name_text(st, s, ":cands", cands, e))) {
        sq_done(s);
        s = NULL;
    }
    free(cands);
    return s;
}

/* The window by seeking (see above): 1 when the query cannot seek. One
 * read transaction, so the ids and their rows are the same snapshot. */
static int list_keyset(struct store *st, const struct query *q, struct blocker **out, size_t *n,
                       struct err *e)
{
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    if (own_tx && sq_exec(st, "BEGIN", e))
        return -ERR_RUNTIME;
    struct keyset ks = {0};
    int rc = keyset_ids(st, q, &ks, e);
    if (rc == 0) {
        int got = read_ids(st, ks.ids, ks.n, out, e);
        if (got < 0)
            rc = got;
        else
            *n = (size_t)got;
    }
    free(ks.ids);
    if (own_tx)
        (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* a read: nothing to lose */
    return rc;
}

int blocker_list(struct store *st, const struct query *q, struct blocker **out, size_t *n,
                 struct err *e)
{
    *out = NULL;
    *n = 0;
    static const struct query none;
    if (!q)
        q = &none;
    int rc = check_query(q, e);
    if (rc)
        return rc;
    size_t nsorts = sizeof blocker_list_sql / sizeof blocker_list_sql[0];
    if (q->sort < 0 || (size_t)q->sort >= nsorts)
        return err_set(e, ERR_USAGE, "no such blocker sort (%d)", q->sort);
    /* A state name is stored in lower case. */
    struct query lq = *q;
    normalise_state(&lq);
    bool by_text = nonempty(lq.text) && states_open_only(lq.state);
    if (!by_text) {
        rc = list_keyset(st, &lq, out, n, e);
        if (rc <= 0)
            return rc;
    }
    sqlite3_stmt *s;
    if (by_text) {
        if (!(s = text_prepare(st, blocker_text_sql[q->sort][q->desc ? 1 : 0], &lq, e)))
            return -ERR_RUNTIME;
    } else {
        if (!(s = sq_prepare(st, blocker_list_sql[q->sort][q->desc ? 1 : 0], e)))
            return -ERR_RUNTIME;
        rc = bind_query(st, s, &lq, e);
        if (rc) {
            sq_done(s);
            return rc;
        }
    }
    struct marking m = {st, time_now()};
    return sq_collect(st, s, sizeof **out, blocker_row, &m, blocker_row_fini, out, n,
                      "reading blockers", e);
}

/* The whole table in one of two orders; the key is unique, so each is total. */
static const char *const blocker_each_sql[2] = {
    BLOCKER_SELECT " ORDER BY " KEYNUM ", b.key",
    BLOCKER_SELECT " ORDER BY b.key COLLATE baton_key",
};

struct each_blocker {
    struct store *st;
    btime now;
    blocker_fn fn;
    void *ctx;
};

static int each_blocker_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    struct each_blocker *w = ctx;
    struct blocker b;
    blocker_read(s, &b);
    sla_mark(w->st, &b, w->now);
    int rc = w->fn(w->ctx, &b, e);
    blocker_fini(&b);
    return rc;
}

int blocker_each(struct store *st, bool natural, blocker_fn fn, void *ctx, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, blocker_each_sql[natural], e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_clock(s) != SQLITE_OK) {
        sq_done(s);
        return sq_error(st, e, "binding the clock");
    }
    struct each_blocker w = {st, time_now(), fn, ctx};
    return sq_each_row(st, s, each_blocker_row, &w, "reading blockers", e);
}

static int count_indexed(struct store *st, const struct query *q, int64_t *n, struct err *e);

int blocker_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    *n = 0;
    static const struct query none;
    if (!q)
        q = &none;
    int rc = check_query(q, e);
    if (rc)
        return rc;
    struct query lq = *q;
    normalise_state(&lq);
    sqlite3_stmt *s;
    if (nonempty(lq.text) && text_unfiltered(&lq)) {
        /* every candidate is an open blocker (the full-text index and the
         * key index hold only those) and each is listed once */
        char *cands = NULL;
        if ((rc = blocker_text_candidates(st, lq.text, lq.dept, &cands, e)))
            return rc;
        size_t len = 0;
        free(blocker_ids_parse(cands, &len));
        free(cands);
        *n = (int64_t)len;
        return 0;
    }
    if (!nonempty(lq.text))
        return count_indexed(st, &lq, n, e);
    if (states_open_only(lq.state)) {
        if (!(s = text_prepare(st, SQL_TEXT_COUNT, &lq, e)))
            return -ERR_RUNTIME;
    } else {
        if (!(s = sq_prepare(st, SQL_COUNT, e)))
            return -ERR_RUNTIME;
        rc = bind_query(st, s, &lq, e);
    }
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW)
            *n = sqlite3_column_int64(s, 0);
        else
            rc = sq_error(st, e, "counting blockers");
    }
    sq_done(s);
    return rc;
}

/* ---- undo ------------------------------------------------------------- */

void blocker_undo_fini(struct blocker_undo *u)
{
    if (!u)
        return;
    blocker_fini(&u->before);
    u->after = 0;
}

/* The undo is not a step of the transition table: accepted -> new, or
 * snoozed -> new with the snooze time gone, have no verb. It restores the
 * fields the change found, after checking by version that nobody changed
 * the blocker since, and is audited like any change. */
static int undo_tx(struct store *st, const struct blocker_undo *u, struct err *e)
{
    const struct blocker *was = &u->before;
    struct blocker cur;
    int rc = blocker_get(st, was->key, &cur, e);
    if (!rc)
        rc = authorize_blocker(st, PERM_TRIAGE, &cur, "undoing the last change of", e);
    if (!rc && cur.version != u->after)
        rc = store_conflict(st, "blocker", cur.id, cur.key, e);
    if (!rc && was->waiting_on)
        rc = check_department(st, was->waiting_on, e);
    if (rc) {
        blocker_fini(&cur);
        return rc;
    }
    struct blocker next;
    blocker_copy(&next, &cur);
    static const size_t restored[] = {
        offsetof(struct blocker, title),         offsetof(struct blocker, detail),
        offsetof(struct blocker, waiting_on),    offsetof(struct blocker, owner),
        offsetof(struct blocker, needed_by),     offsetof(struct blocker, sla_due),
        offsetof(struct blocker, snoozed_until), offsetof(struct blocker, duplicate_of),
        offsetof(struct blocker, escalated_to),  offsetof(struct blocker, escalated_at),
        offsetof(struct blocker, reason),
    };
    for (size_t i = 0; i < sizeof restored / sizeof restored[0]; i++)
        str_replace(text_at(&next, restored[i]), text_of(was, restored[i]));
    next.kind = was->kind;
    next.state = was->state;
    next.severity = was->severity;
    next.escalation_level = was->escalation_level;
    rc = write_row(st, &next, e);
    if (!rc)
        rc = audit(st, "blocker", cur.id, cur.key, "undo", "state",
                   blocker_state_name(cur.state), blocker_state_name(next.state), e);
    if (!rc)
        rc = audit_diff(st, &cur, &next, NULL, e);
    blocker_fini(&next);
    blocker_fini(&cur);
    return rc;
}

int blocker_undo(struct store *st, const struct blocker_undo *u, struct err *e)
{
    if (!u || str_empty(u->before.key) || u->after <= 0)
        return err_set(e, ERR_USAGE, "nothing to undo");
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, undo_tx(st, u, e), e);
}

/* ---- bulk ------------------------------------------------------------- */

/* Prefixes the failure with the key that failed, once. */
static int failed_on(const char *key, int rc, struct err *e)
{
    if (e && key && strncmp(e->msg, key, strlen(key)) != 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, e->code ? e->code : ERR_RUNTIME, "%s: %s", key, msg);
    }
    return rc;
}

static int bulk(struct store *st, const char *const *keys, const int64_t *versions, size_t n,
                const struct verdict *v, const char *to, struct blocker_undo *undos,
                size_t *failed, struct err *e)
{
    if (failed)
        *failed = 0;
    if (undos)
        memset(undos, 0, n * sizeof *undos);
    if (n == 0)
        return err_set(e, ERR_USAGE, "no blockers marked");
    int rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    size_t i = 0;
    for (; i < n && !rc; i++) {
        int64_t expect = versions ? versions[i] : 0;
        struct blocker_undo *u = undos ? &undos[i] : NULL;
        if (v) {
            struct verdict one = *v;
            one.expect_version = expect;
            rc = verdict_tx(st, keys[i], &one, u, e);
        } else {
            if (u)
                rc = blocker_get(st, keys[i], &u->before, e);
            if (!rc)
                rc = with_undo(st, keys[i], u, escalate_tx(st, keys[i], to, expect, e), e);
        }
        if (rc)
            failed_on(keys[i], rc, e);
    }
    if (rc && failed)
        *failed = i - 1;
    rc = store_tx_end(st, rc, e);
    if (rc && undos)
        for (size_t k = 0; k < n; k++)
            blocker_undo_fini(&undos[k]);
    return rc;
}

int blocker_apply_all(struct store *st, const char *const *keys, const int64_t *versions,
                      size_t n, const struct verdict *v, struct blocker_undo *undos,
                      size_t *failed, struct err *e)
{
    return bulk(st, keys, versions, n, v, NULL, undos, failed, e);
}

int blocker_escalate_all(struct store *st, const char *const *keys, const int64_t *versions,
                         size_t n, const char *to, struct blocker_undo *undos, size_t *failed,
                         struct err *e)
{
    return bulk(st, keys, versions, n, NULL, to, undos, failed, e);
}

/* ---- comments --------------------------------------------------------- */

static int comment_tx(struct store *st, const char *key, const char *text, struct err *e)
{
    struct blocker cur;
    int rc = blocker_get(st, key, &cur, e);
    if (!rc) {
        char what[160];
        snprintf(what, sizeof what, "commenting on %s", cur.key);
        rc = store_authorize(st, PERM_NOTE, cur.project_dept, cur.waiting_on, what, e);
    }
    if (!rc)
        rc = audit(st, "blocker", cur.id, cur.key, "comment", NULL, NULL, text, e);
    /* New activity wakes a snoozed blocker (DESIGN.md). */
    if (!rc && cur.state == BLOCKER_SNOOZED) {
        struct verdict wake = {.verb = VERB_WAKE};
        rc = apply_tx(st, &cur, &wake, false, e);
    }
    blocker_fini(&cur);
    return rc;
}

int blocker_comment(struct store *st, const char *key, const char *text, struct err *e)
{
    if (!text || !text[strspn(text, " \t\r\n")])
        return err_set(e, ERR_USAGE, "a comment needs some text");
    int rc = text_check(TEXT_FREE, "comment", text, e);
    if (rc)
        return rc;
    rc = store_check_writable(st, e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, comment_tx(st, key, text, e), e);
}

/* ---- the triage queue ------------------------------------------------- */

/* Counted through indexes: all new blockers from the state index alone;
 * narrowed, the department's waiting-on rows and its projects' rows (the
 * latter not waiting on it, so none is counted twice). */
static const char SQL_QUEUE_COUNT[] = "SELECT count(*) FROM blocker WHERE state = 'new'";
static const char SQL_QUEUE_COUNT_DEPT[] =
    "SELECT (SELECT count(*) FROM blocker INDEXED BY blocker_waiting_on"
    "  WHERE waiting_on_id = d.id AND state = 'new')"
    " + (SELECT count(*) FROM project fp JOIN blocker b INDEXED BY blocker_project"
    "  ON b.project_id = fp.id AND b.state = 'new'"
    "  WHERE fp.department_id = d.id AND b.waiting_on_id IS NOT d.id)"
    " FROM department d WHERE d.key = ?1";

int blocker_queue_count(struct store *st, const char *dept, int64_t *n, struct err *e)
{
    *n = 0;
    /* The roll-up keeps the new blockers of each department and of all. */
    bool known = false;
    int stored = department_blocker_count(st, str_empty(dept) ? NULL : dept, true, n, &known, e);
    if (stored || known)
        return stored;
    sqlite3_stmt *s = sq_prepare(st, str_empty(dept) ? SQL_QUEUE_COUNT : SQL_QUEUE_COUNT_DEPT, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    if (!str_empty(dept) && sq_bind_text(s, 1, dept) != SQLITE_OK)
        rc = sq_error(st, e, "counting the triage queue");
    if (!rc) {
        int step = sqlite3_step(s);
        if (step == SQLITE_ROW)
            *n = sqlite3_column_int64(s, 0);
        else if (step != SQLITE_DONE)
            rc = sq_error(st, e, "counting the triage queue");
    }
    sq_done(s);
    return rc;
}

/* Rows of the queue before key: a range of the triage index up to it. */
static const char SQL_QUEUE_POSITION[] =
    "SELECT count(*) FROM blocker b INDEXED BY blocker_new_triage"
    " WHERE " SQL_BLOCKER_OPEN("b") " AND b.state = 'new'"
    " AND (b.sev_rank, b.raised_at, b.key_num) < (SELECT sev_rank, raised_at, key_num"
    " FROM blocker WHERE key = :key)" BLOCKER_FILTER_REST;

int blocker_queue_position(struct store *st, const char *dept, const char *key, int64_t *pos,
                           struct err *e)
{
    *pos = -1;
    struct blocker b = {0};
    int rc = blocker_get(st, key, &b, e);
    if (rc)
        return rc;
    bool queued = b.state == BLOCKER_NEW &&
                  (str_empty(dept) || str_eq(b.project_dept, dept) || str_eq(b.waiting_on, dept));
    blocker_fini(&b);
    if (!queued)
        return 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_QUEUE_POSITION, e);
    if (!s)
        return -ERR_RUNTIME;
    struct query q = {.state = "new", .dept = dept};
    rc = bind_query(st, s, &q, e);
    if (!rc)
        rc = bind_name_text(st, s, ":key", key, e);
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW)
            *pos = sqlite3_column_int64(s, 0);
        else
            rc = sq_error(st, e, "placing a blocker in the triage queue");
    }
    sq_done(s);
    return rc;
}

static const char SQL_QUEUE[] =
    "SELECT b.key FROM blocker b" BLOCKER_FILTER " ORDER BY " SEV ", b.raised_at, " KEYNUM;

int blocker_queue(struct store *st, const char *dept, char ***keys, size_t *n, struct err *e)
{
    *keys = NULL;
    *n = 0;
    if (!store_readonly(st)) {
        int woken = 0;
        int rc = blocker_wake_due(st, &woken, e);
        if (rc)
            return rc;
    }
    struct query q = {.state = "new", .dept = dept};
    sqlite3_stmt *s = sq_prepare(st, SQL_QUEUE, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_query(st, s, &q, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    char **v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 32;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[len++] = sq_col_text(s, 0);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_error(st, e, "reading the triage queue");
        sq_done(s);
        for (size_t i = 0; i < len; i++)
            free(v[i]);
        free(v);
        return rc;
    }
    sq_done(s);
    *keys = v;
    *n = len;
    return 0;
}

/* ---- counting by index ------------------------------------------------
 *
 * blocker_count's statement holds every filter, set or not, behind
 * ":x IS NULL OR ..." so that one statement serves all queries; the
 * planner cannot tell which terms are live and walks every blocker of the
 * states asked for. Here the statement names only the filters the query
 * sets, so the planner sees the index that narrows it: no filter is
 * SQLite's page-by-page count of the smallest index; a state set is a
 * range of the state index; a project or waiting-on department a range of
 * its own index, covered; a severity a range of the state index; breached
 * open blockers the open triage index (it covers the SLA due time) unless
 * a project or department narrows them first. A department is two
 * disjoint counts, waiting on it and of its projects but not waiting on
 * it, each through its index, where the listing's OR would scan.
 */

/* Literal state lists, so that the planner sees a state range and a
 * partial index over open blockers can serve the count. */
#define COUNT_STATES_ALL                                                                        \
    "(b.state IN ('new','accepted','in_progress','resolved','declined','duplicate','snoozed'))"

static void count_terms(struct strbuf *sb, const struct query *q, bool by_triage)
{
    if (!q->state)
        sb_add(sb, COUNT_STATES_ALL);
    else if (strcmp(q->state, "open") == 0)
        sb_add(sb, SQL_BLOCKER_OPEN("b"));
    else if (strcmp(q->state, "closed") == 0)
        sb_add(sb, "b.state IN ('resolved','declined','duplicate')");
    else
        sb_add(sb, "b.state = :state");
    if (by_triage && (!q->state || strcmp(q->state, "open") != 0))
        sb_add(sb, " AND " SQL_BLOCKER_OPEN("b")); /* the triage index covers open ones */
    if (nonempty(q->waiting_on))
        sb_add(sb, " AND b.waiting_on_id = (SELECT id FROM department WHERE key = :waiting_on)");
    if (nonempty(q->project))
        sb_add(sb, " AND b.project_id = (SELECT id FROM project WHERE key = :project)");
    if (q->severity)
        sb_add(sb, by_triage ? " AND b.sev_rank = :severity AND b.severity = :severity"
                             : " AND b.severity = :severity");
    if (q->breached)
        sb_add(sb, " AND " BREACHED);
    if (by_person(q))
        sb_add(sb, " AND (:owner IS NULL OR b.owner = :owner)" WAITING_MINE);
}

/* The counting statement for q (already checked and normalised). */
static void count_sql(struct strbuf *sb, const struct query *q)
{
    bool dept = nonempty(q->dept) != NULL;
    if (!q->state && !dept && !nonempty(q->waiting_on) && !nonempty(q->project) &&
        !q->severity && !q->breached && !by_person(q)) {
        sb_add(sb, "SELECT count(*) FROM blocker");
        return;
    }
    bool by_triage = q->breached && !dept && !nonempty(q->waiting_on) &&
                     !nonempty(q->project) && !by_person(q);
    if (!dept) {
        sb_addf(sb, "SELECT count(*) FROM blocker b%s WHERE ",
                by_triage ? " INDEXED BY blocker_open_triage" : "");
        count_terms(sb, q, by_triage);
        return;
    }
    sb_add(sb, "SELECT (SELECT count(*) FROM blocker b WHERE ");
    count_terms(sb, q, false);
    sb_add(sb, " AND b.waiting_on_id = (SELECT id FROM department WHERE key = :dept))"
               " + (SELECT count(*) FROM blocker b WHERE ");
    count_terms(sb, q, false);
    sb_add(sb, " AND b.project_id IN (SELECT fp.id FROM project fp JOIN department fd"
               " ON fd.id = fp.department_id WHERE fd.key = :dept)"
               " AND b.waiting_on_id IS NOT (SELECT id FROM department WHERE key = :dept))");
}

/* A count without text (lq checked and normalised): open or new blockers
 * of all or of one department from the roll-up, else a statement naming
 * only the filters lq sets, each answered through the index that narrows
 * it. */
static int count_indexed(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    struct query lq = *q;
    int rc = 0;
    /* Open or new blockers of all or of one department: the roll-up keeps
     * them (one row). */
    if (lq.state && (strcmp(lq.state, "open") == 0 || strcmp(lq.state, "new") == 0) &&
        !nonempty(lq.waiting_on) && !nonempty(lq.project) && !lq.severity && !lq.breached &&
        !by_person(&lq)) {
        bool known = false;
        rc = department_blocker_count(st, nonempty(lq.dept), strcmp(lq.state, "new") == 0, n,
                                      &known, e);
        if (rc || known)
            return rc;
    }
    struct strbuf sql;
    sb_init(&sql);
    count_sql(&sql, &lq);
    sqlite3_stmt *s = sq_prepare(st, sb_str(&sql), e);
    sb_fini(&sql);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_clock(s) != SQLITE_OK)
        rc = sq_error(st, e, "binding the clock");
    if (!rc)
        rc = bind_name_text(st, s, ":state", lq.state, e);
    if (!rc)
        rc = bind_name_text(st, s, ":dept", nonempty(lq.dept), e);
    if (!rc)
        rc = bind_name_text(st, s, ":waiting_on", nonempty(lq.waiting_on), e);
    if (!rc)
        rc = bind_name_text(st, s, ":project", nonempty(lq.project), e);
    if (!rc)
        rc = bind_name_int(st, s, ":severity", lq.severity, e);
    if (!rc && by_person(&lq))
        rc = bind_owner_mine(st, s, &lq, e);
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW)
            *n = sqlite3_column_int64(s, 0);
        else
            rc = sq_error(st, e, "counting blockers");
    }
    sq_done(s);
    return rc;
}
