/*
 * Blockers and their triage. The verdict table (verdict.c) is the only
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
#include "baton/verdict.h"
#include "blocker_internal.h"

/* ---- the transition table (verdict.c) --------------------------------- */

/* "B-7 is declined; accept needs new or snoozed — reopen it first": the
 * states the verb needs, and a verb that leads from here to one of them. */
static int refuse_transition(const char *key, enum blocker_state from, enum blocker_verb verb,
                             struct err *e)
{
    const struct verdict_rule *r = verdict_rule(verb);
    struct strbuf sb;
    sb_init(&sb);
    size_t n = 0, total = 0;
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++)
        total += (r->from >> s) & 1u;
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++) {
        if (!((r->from >> s) & 1u))
            continue;
        if (n > 0)
            sb_add(&sb, n + 1 == total ? " or " : ", ");
        sb_add(&sb, blocker_state_name((enum blocker_state)s));
        n++;
    }
    /* Only a step that keeps the blocker open is worth suggesting: nobody
     * should resolve a blocker just to be allowed to reopen it. */
    const char *first = NULL;
    for (int w = 0; w < VERB_COUNT && !first; w++) {
        enum blocker_state to;
        if (blocker_transition(from, (enum blocker_verb)w, &to) && blocker_state_open(to) &&
            blocker_transition(to, verb, NULL))
            first = blocker_verb_name((enum blocker_verb)w);
    }
    int rc;
    if (first)
        rc = err_set(e, ERR_CONFLICT, "%s is %s; %s needs %s — %s it first", key,
                     blocker_state_name(from), r->name, sb_str(&sb), first);
    else
        rc = err_set(e, ERR_CONFLICT, "%s is %s; %s needs %s", key, blocker_state_name(from),
                     r->name, sb_str(&sb));
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

static const char SQL_GET[] = BLOCKER_SELECT " WHERE b.key = :key";
static const char SQL_INSERT[] = "INSERT INTO blocker (" BLOCKER_INSERT_COLS
                                 "updated_at) VALUES (" BLOCKER_INSERT_VALS ":updated_at)";
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

void blocker_fini(struct blocker *b)
{
    entity_fini(&blocker_entity, b);
}

void blocker_list_free(struct blocker *v, size_t n)
{
    entity_list_free(&blocker_entity, v, n);
}

static void blocker_copy(struct blocker *dst, const struct blocker *src)
{
    entity_copy(&blocker_entity, dst, src);
}

/* The row a change writes: when the checks passed (rc is 0), *next is cur
 * with the fields of `flags` taken from src; else cur is freed and rc
 * returned. */
static int blocker_next(int rc, struct blocker *cur, struct blocker *next,
                        const struct blocker *src, unsigned flags)
{
    if (rc) {
        blocker_fini(cur);
        return rc;
    }
    blocker_copy(next, cur);
    entity_assign(&blocker_entity, next, src, flags);
    return 0;
}

/* One audit row per audited field that differs between a and b, but
 * `except` (the state has the verb's own row). */
static int audit_diff(struct store *st, const struct blocker *a, const struct blocker *b,
                      const char *except, struct err *e)
{
    return entity_audit(st, &blocker_entity, a->id, a->key, a, b, except, e);
}

/* ---- small helpers ---------------------------------------------------- */

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

void blocker_sla_mark(struct store *st, struct blocker *b, btime now)
{
    b->sla_near = !b->breached &&
                  blocker_sla_at(b, store_sla(st, b->severity), now) == SLA_NEAR;
}

void blocker_read(sqlite3_stmt *s, struct blocker *b)
{
    entity_read(&blocker_entity, s, b);
}

int blocker_get(struct store *st, const char *key, struct blocker *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (str_empty(key))
        return err_set(e, ERR_USAGE, "a blocker key is required");
    struct blocker_marking m = {st, time_now()};
    bool found;
    int rc =
        sq_get_key(st, SQL_GET, key, blocker_marked_row, &m, out, &found, "reading the blocker", e);
    return rc || found ? rc : err_set(e, ERR_USAGE, "no blocker %s", key);
}

/* The columns a blocker's update may set, one per written field: an
 * update sets only those whose field changed, so that SQLite touches only
 * the indexes and triggers of what changed. */
#define BLOCKER_SET_ENTRY(m, sel, col, val, ...) {#m, col " = " val ", "},
static const struct {
    const char *field, *set;
} blocker_sets[] = {BLOCKER_FIELDS(ENT_NONE, ENT_NONE, BLOCKER_SET_ENTRY)};

/* Writes the stored fields of b (by id) that differ from was (the row as
 * read in this transaction), bumps its version, and brings b up to date
 * with what was written. */
static int write_row(struct store *st, const struct blocker *was, struct blocker *b,
                     struct err *e)
{
    char now[32];
    store_now(now);
    struct strbuf sql;
    sb_init(&sql);
    sb_add(&sql, "UPDATE blocker SET ");
    for (size_t i = 0; i < sizeof blocker_sets / sizeof blocker_sets[0]; i++) {
        const struct entity_field *f = entity_field(&blocker_entity, blocker_sets[i].field);
        if (!f || !field_equal(f, was, b))
            sb_add(&sql, blocker_sets[i].set);
    }
    sb_add(&sql, "updated_at = :updated_at, version = version + 1 WHERE id = :id");
    sqlite3_stmt *s = sq_prepare(st, sb_str(&sql), e);
    sb_fini(&sql);
    if (!s)
        return -ERR_RUNTIME;
    int rc = entity_bind(st, &blocker_entity, s, b, e);
    if (!rc && (sq_bind_text(s, sqlite3_bind_parameter_index(s, ":updated_at"), now) != SQLITE_OK ||
                sq_bind_int(s, sqlite3_bind_parameter_index(s, ":id"), b->id) != SQLITE_OK))
        rc = sq_error(st, e, "updating the blocker");
    if (rc) {
        sq_done(s);
        return rc;
    }
    if (sqlite3_step(s) != SQLITE_DONE) {
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
    char until[32] = "";
    /* a value given is checked before what is missing is named */
    int rc = verdict_arg(verdict_rule(v->verb), VF_SEVERITY) ? check_severity(v->severity, e) : 0;
    if (!rc)
        rc = verdict_check_needs(v, cur, e);
    switch (rc ? VERB_COUNT : v->verb) {
    case VERB_ACCEPT: {
        /* fill_only (a bulk accept): what a blocker already has stays */
        int sev = v->severity && !(v->fill_only && cur->severity) ? v->severity : cur->severity;
        const char *on = nonempty(v->waiting_on) && !(v->fill_only && cur->waiting_on)
                             ? v->waiting_on
                             : cur->waiting_on;
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
    case VERB_DUPLICATE: {
        if (str_eq(v->duplicate_of, cur->key)) {
            rc = err_set(e, ERR_USAGE, "%s cannot be a duplicate of itself", cur->key);
            break;
        }
        int64_t orig = store_blocker_id(st, v->duplicate_of, e);
        if (orig <= 0)
            rc = orig < 0 ? (int)orig
                          : err_set(e, ERR_USAGE, "no blocker %s to be the original of %s",
                                    v->duplicate_of, cur->key);
        break;
    }
    case VERB_SNOOZE: {
        btime t;
        if (!time_parse(v->until, &t))
            rc = err_set(e, ERR_USAGE, "snooze time \"%s\" is not a time (use YYYY-MM-DD[THH:MM])",
                         v->until);
        else if (!importing && t <= time_now())
            rc = err_set(e, ERR_USAGE, "snooze time %s is not in the future", v->until);
        else
            time_fmt_iso(t, until);
        break;
    }
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

    rc = write_row(st, cur, &next, e);
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

/* One change to one blocker as a write runs it: a verdict (v), an edit
 * (b) or an escalation (to, checked against the version expect, 0 for
 * any), keeping in u, when given, the blocker as it was and its version
 * after, for undo. */
struct change {
    const char *key;
    const struct verdict *v;
    const struct blocker *b;
    const char *to;
    int64_t expect;
    struct blocker_undo *u;
};
static int change_tx(struct store *st, void *arg, struct err *e);

/* Makes one change in a write of its own; when it fails, u holds nothing. */
static int write_change(struct store *st, const struct change *c, struct err *e)
{
    int rc = store_write(st, change_tx, (void *)c, e);
    if (rc && c->u)
        blocker_undo_fini(c->u);
    return rc;
}

static int verdict_tx(struct store *st, const char *key, const struct verdict *v,
                      struct blocker_undo *u, struct err *e)
{
    if (text_check_fields(v, &verdict_texts, e))
        return -e->code;
    struct blocker cur;
    int rc = blocker_get(st, key, &cur, e);
    if (!rc)
        rc = authorize_blocker(st, PERM_TRIAGE, &cur,
                               verdict_rule(v->verb) ? verdict_rule(v->verb)->doing : "changing",
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
    return write_change(st, &(struct change){.key = key, .v = v, .u = u}, e);
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
        rc = sq_int(st, sq_prepare(st, SQL_COUNTER_SCAN, e), &next, NULL, "numbering the blocker",
                    e);
        if (rc)
            return rc;
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

static int add_tx(struct store *st, const struct blocker *b, char **key_out, struct err *e);

/* blocker_add's write: the new blocker and the key it was given. */
struct add {
    const struct blocker *b;
    char *key;
};
static int add_write(struct store *st, void *arg, struct err *e)
{
    struct add *a = arg;
    return add_tx(st, a->b, &a->key, e);
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

    /* The row as written: what the caller gave, blanks as none, in state
     * new, with its times normalised and its SLA. */
    struct blocker row;
    memset(&row, 0, sizeof row);
    entity_assign(&blocker_entity, &row, b, FL_CREATED);
    entity_tidy(&blocker_entity, &row);
    row.state = BLOCKER_NEW;
    str_replace(&row.snoozed_until, NULL);
    str_replace(&row.duplicate_of, NULL);
    str_replace(&row.reason, NULL);
    str_replace(&row.raised_at, raised);
    str_replace(&row.escalated_at, escalated[0] ? escalated : NULL);
    if (!row.raised_by)
        row.raised_by = xstrdup(store_actor(st) ? store_actor(st) : "unknown");
    sla_recompute(st, &row);

    str_replace(&row.key, NULL); /* the key is the one key_assign gives */
    rc = key_assign(st, nonempty(b->key), &row.key, e);
    sqlite3_stmt *s = rc ? NULL : sq_prepare(st, SQL_INSERT, e);
    if (!rc && !s)
        rc = -ERR_RUNTIME;
    if (!rc)
        rc = entity_bind(st, &blocker_entity, s, &row, e);
    if (!rc && sq_bind_text(s, sqlite3_bind_parameter_index(s, ":updated_at"), now) != SQLITE_OK)
        rc = sq_error(st, e, "adding the blocker");
    if (!rc && sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "adding the blocker");
    sq_done(s);
    if (!rc)
        rc = audit(st, "blocker", sqlite3_last_insert_rowid(st->db), row.key, "create", NULL, NULL,
                   b->title, e);
    if (!rc && key_out) {
        *key_out = row.key;
        row.key = NULL;
    }
    blocker_fini(&row);
    return rc;
}

int blocker_add(struct store *st, const struct blocker *b, char **key_out, struct err *e)
{
    if (key_out)
        *key_out = NULL;
    int rc = entity_check(&blocker_entity, b, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "raising a blocker on %s", b->project ? b->project : "a project");
    rc = store_authorize(st, PERM_RAISE, NULL, NULL, what, e);
    if (rc)
        return rc;
    struct add a = {b, NULL};
    rc = store_write(st, add_write, &a, e);
    if (!rc && key_out)
        *key_out = a.key;
    else
        free(a.key);
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
    struct blocker next;
    if ((rc = blocker_next(rc, &cur, &next, b, FL_EDIT)))
        return rc;
    entity_tidy(&blocker_entity, &next);
    str_replace(&next.waiting_on, on);
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
    bool changed = entity_differs(&blocker_entity, &cur, &next, FL_EDIT) ||
                   cur.escalation_level != next.escalation_level ||
                   !str_eq(cur.escalated_to, next.escalated_to) ||
                   !str_eq(cur.escalated_at, next.escalated_at) || !str_eq(cur.reason, next.reason);
    if (!rc && changed) {
        rc = write_row(st, &cur, &next, e);
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
    int rc = entity_check(&blocker_entity, b, e);
    if (rc)
        return rc;
    return write_change(st, &(struct change){.key = b->key, .b = b, .u = u}, e);
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
    return sq_text(st, sq_prepare_text(st, SQL_LEAD, dept, e), out, "reading the lead", e);
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
    rc = write_row(st, &cur, &next, e);
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
    return write_change(
        st, &(struct change){.key = key, .to = to, .expect = expect_version, .u = u}, e);
}

static int change_tx(struct store *st, void *arg, struct err *e)
{
    const struct change *c = arg;
    if (c->v)
        return verdict_tx(st, c->key, c->v, c->u, e);
    int rc = c->u ? blocker_get(st, c->key, &c->u->before, e) : 0;
    if (!rc)
        rc = c->b ? update_tx(st, c->b, EDIT_USER, e)
                  : escalate_tx(st, c->key, c->to, c->expect, e);
    return with_undo(st, c->key, c->u, rc, e);
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
        for (int v = 0; v < VERB_COUNT; v++) {
            enum blocker_state t;
            if (!blocker_transition(s, (enum blocker_verb)v, &t) || seen[t])
                continue;
            seen[t] = true;
            prev_state[t] = (int)s;
            prev_verb[t] = (enum blocker_verb)v;
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

static int import_tx(struct store *st, void *arg, struct err *e)
{
    const struct blocker *b = arg;
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
    int rc = entity_check(&blocker_entity, b, e);
    if (rc)
        return rc;
    char what[160];
    snprintf(what, sizeof what, "importing blocker %s", b->key);
    rc = store_authorize(st, PERM_ADMIN, NULL, NULL, what, e);
    if (rc)
        return rc;
    return store_write(st, import_tx, (void *)b, e);
}

/* ---- waking ----------------------------------------------------------- */

/* What a wake needs besides the store: the one instant every woken
 * blocker's SLA starts from, so that the roll-up's adjustment, computed
 * before the rows change, sees the SLA the rows get. */
struct wake_ctx {
    struct store *st;
    btime at;
};

/* The SQL function baton_wake_sla(severity, from): a woken blocker's new
 * SLA due time, by the same rule as every other path (sla_due_from). */
static void wake_sla_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct wake_ctx *w = sqlite3_user_data(cx);
    int sev = sqlite3_value_type(argv[0]) == SQLITE_INTEGER ? sqlite3_value_int(argv[0]) : 0;
    char due[32];
    if (sla_due_from(w->st, sev, (const char *)sqlite3_value_text(argv[1]), w->at, due))
        sqlite3_result_text(cx, due, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(cx);
}

#define WAKE_DUE                                                                                 \
    "b.state = 'snoozed' AND b.snoozed_until IS NOT NULL AND b.snoozed_until <= :now"

/* Waking is set-based: the audit rows of every due snooze in one INSERT ...
 * SELECT, then the rows themselves in one UPDATE, both through the wake-time
 * index. They write what a wake verdict on each would have written, in the
 * same order: per blocker by id, its "wake" row, then the fields a wake
 * clears (snoozed_until, and duplicate_of should one be left). */
static const char SQL_WAKE_AUDIT[] =
    "WITH due AS MATERIALIZED (SELECT b.id, b.key, b.snoozed_until, d.key AS dup"
    "  FROM blocker b INDEXED BY blocker_snoozed LEFT JOIN blocker d ON d.id = b.duplicate_of"
    "  WHERE " WAKE_DUE ")"
    " INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT :now, :actor, 'blocker', id, key, action, field, old, new FROM"
    " (SELECT id, key, 0 AS n, 'wake' AS action, 'state' AS field, 'snoozed' AS old,"
    "  'new' AS new FROM due"
    "  UNION ALL SELECT id, key, 1, 'update', 'snoozed_until', snoozed_until, NULL FROM due"
    "  UNION ALL SELECT id, key, 2, 'update', 'duplicate_of', dup, NULL FROM due"
    "   WHERE dup IS NOT NULL) ORDER BY id, n";
/* The roll-up's triggers are held back for the wake (rollup_hold, schema
 * 18): row by row they cost more than the wake's own writes. What a wake
 * changes in the roll-up, moved here in one grouped statement each: a
 * woken blocker becomes new where it counts (its project's department,
 * the department it waits on, the organisation), and counts as late in
 * its flow when its new SLA ran out before the roll-up's day began. It
 * stays open, with its severity, so nothing else moves. */
#define WAKE_ROLLUP_DUE(cols)                                                                    \
    "WITH due AS MATERIALIZED (SELECT " cols " FROM blocker b INDEXED BY blocker_snoozed"       \
    "  JOIN project p ON p.id = b.project_id WHERE " WAKE_DUE ")"
static const char SQL_WAKE_STATS[] =
    WAKE_ROLLUP_DUE("p.department_id AS own, b.waiting_on_id AS wait")
    " UPDATE department_stats SET new_blockers = new_blockers + w.n FROM"
    " (SELECT dep, count(*) AS n FROM (SELECT own AS dep FROM due UNION ALL"
    "  SELECT wait FROM due WHERE wait IS NOT NULL AND wait IS NOT own UNION ALL"
    "  SELECT 0 FROM due) GROUP BY dep) AS w WHERE department_stats.department_id = w.dep";
static const char SQL_WAKE_LATE[] =
    WAKE_ROLLUP_DUE("b.from_id AS f, COALESCE(b.waiting_on_id, 0) AS t,"
                    " baton_wake_sla(b.severity, COALESCE(b.escalated_at, b.raised_at)) AS sla")
    " UPDATE flow_cell SET late = late + w.n FROM"
    " (SELECT f, t, count(*) AS n FROM due WHERE f IS NOT NULL"
    "  AND sla < ((SELECT today FROM rollup_day) || 'T00:00:00Z') GROUP BY f, t) AS w"
    " WHERE flow_cell.from_id = w.f AND flow_cell.to_id = w.t";
static const char SQL_WAKE_ROWS[] =
    "UPDATE blocker AS b INDEXED BY blocker_snoozed SET state = 'new', snoozed_until = NULL,"
    " duplicate_of = NULL, sla_due = baton_wake_sla(severity, COALESCE(escalated_at, raised_at)),"
    " updated_at = :now, version = version + 1 WHERE " WAKE_DUE;

/* The wake's statements in order, and what each was doing should it fail. */
static const struct {
    const char *sql;
    const char *what;
} wake_steps[] = {
    {SQL_WAKE_AUDIT, "writing the audit log"},
    {"INSERT OR IGNORE INTO rollup_hold (id) VALUES (1)", "waking snoozed blockers"},
    {SQL_WAKE_STATS, "moving the roll-up for woken blockers"},
    {SQL_WAKE_LATE, "moving the flows for woken blockers"},
    {SQL_WAKE_ROWS, "waking snoozed blockers"},
    {"DELETE FROM rollup_hold", "waking snoozed blockers"},
};

static int wake_step(struct store *st, const char *sql, const char *what, int *changed,
                     struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_bind_parameter_index(s, ":now") ? sq_bind_clock(s) : SQLITE_OK;
    int actor = sqlite3_bind_parameter_index(s, ":actor");
    if (rc == SQLITE_OK && actor)
        rc = sq_bind_text(s, actor, st->actor ? st->actor : "unknown");
    rc = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_DONE ? 0 : sq_error(st, e, what);
    if (!rc)
        *changed = sqlite3_changes(st->db);
    sq_done(s);
    return rc;
}

/* Each woken row changes its entries in a dozen indexes: with SQLite's
 * usual cache the pages they dirty spill to the WAL and are read back, so
 * the wake runs with a larger one, put back afterwards. */
#define WAKE_CACHE_KIB 131072

static int wake_tx(struct store *st, void *arg, struct err *e)
{
    int *woken = arg;
    struct wake_ctx w = {st, time_now()};
    if (sqlite3_create_function_v2(st->db, "baton_wake_sla", 2, SQLITE_UTF8, &w, wake_sla_fn,
                                   NULL, NULL, NULL) != SQLITE_OK)
        return sq_error(st, e, "waking snoozed blockers");
    int64_t cache = 0;
    int rc = sq_cache_grow(st, WAKE_CACHE_KIB, &cache, e);
    for (size_t i = 0; !rc && i < sizeof wake_steps / sizeof wake_steps[0]; i++) {
        int changed = 0;
        rc = wake_step(st, wake_steps[i].sql, wake_steps[i].what, &changed, e);
        if (!rc && wake_steps[i].sql == SQL_WAKE_ROWS)
            *woken = changed;
    }
    sq_cache_restore(st, cache);
    /* w lives on this stack: no statement may call the function after it */
    (void)sqlite3_create_function_v2(st->db, "baton_wake_sla", 2, SQLITE_UTF8, NULL, NULL, NULL,
                                     NULL, NULL);
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
    int64_t one = 0;
    bool any;
    rc = sq_int(st, sq_prepare_query(st, SQL_ANY_DUE_SNOOZE, NULL, e), &one, &any,
                "finding snoozed blockers", e);
    if (rc || !any)
        return rc;
    rc = store_write(st, wake_tx, woken, e);
    if (rc)
        *woken = 0;
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
static int undo_tx(struct store *st, void *arg, struct err *e)
{
    const struct blocker_undo *u = arg;
    const struct blocker *was = &u->before;
    struct blocker cur;
    int rc = blocker_get(st, was->key, &cur, e);
    if (!rc)
        rc = authorize_blocker(st, PERM_TRIAGE, &cur, "undoing the last change of", e);
    if (!rc && cur.version != u->after)
        rc = store_conflict(st, "blocker", cur.id, cur.key, e);
    if (!rc && was->waiting_on)
        rc = check_department(st, was->waiting_on, e);
    struct blocker next;
    if ((rc = blocker_next(rc, &cur, &next, was, FL_WRITTEN)))
        return rc;
    rc = write_row(st, &cur, &next, e);
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
    return store_write(st, undo_tx, (void *)u, e);
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

/* A verdict (v) or an escalation (to) for each of n blockers, in one
 * write: all or nothing. */
struct bulk {
    const char *const *keys;
    const int64_t *versions;
    size_t n;
    const struct verdict *v;
    const char *to;
    struct blocker_undo *undos;
    size_t done; /* the changes made before the one that failed */
};

static int bulk_tx(struct store *st, void *arg, struct err *e)
{
    struct bulk *k = arg;
    for (size_t i = 0; i < k->n; i++) {
        struct change c = {
            .key = k->keys[i],
            .to = k->to,
            .expect = k->versions ? k->versions[i] : 0,
            .u = k->undos ? &k->undos[i] : NULL,
        };
        struct verdict one;
        if (k->v) {
            one = *k->v;
            one.expect_version = c.expect;
            c.v = &one;
        }
        int rc = change_tx(st, &c, e);
        if (rc) {
            k->done = i;
            return failed_on(c.key, rc, e);
        }
    }
    return 0;
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
    struct bulk k = {keys, versions, n, v, to, undos, 0};
    int rc = store_write(st, bulk_tx, &k, e);
    if (rc && failed)
        *failed = k.done;
    if (rc && undos)
        for (size_t i = 0; i < n; i++)
            blocker_undo_fini(&undos[i]);
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

/* blocker_comment's write. */
struct comment {
    const char *key, *text;
};
static int comment_tx(struct store *st, void *arg, struct err *e)
{
    const struct comment *c = arg;
    const char *key = c->key, *text = c->text;
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
    return store_write(st, comment_tx, &(struct comment){key, text}, e);
}
