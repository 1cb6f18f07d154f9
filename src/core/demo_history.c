/*
 * demo_history: gives a freshly loaded demo organisation the history it
 * describes. Loading an organisation file writes every audit row at load
 * time by the loader, so each blocker's history would say "root create"
 * this morning, against its raised_at, and "what changed since the last
 * stand-up" would be the whole load. The rows are moved to the times and
 * people the file itself names (store.h: store_backdate_import). Only for
 * demo data just loaded into an empty database: on a live organisation it
 * would rewrite real history.
 */
#include <stdlib.h>

#include "baton/store.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

/* The earliest time the data speaks of: set-up happened a day before it. */
static const char SQL_EARLIEST[] =
    "SELECT min(m) FROM (SELECT min(raised_at) AS m FROM blocker"
    " UNION ALL SELECT min(at) FROM reading)";

/* The lead of a department by id expression. */
#define LEAD_OF(dept_id) "(SELECT lead FROM department WHERE id = " dept_id ")"

/* One statement per kind of row; ?1 is the set-up time. */
static const char *const backdate_sql[] = {
    /* A blocker's rows happen when it was raised: its creation by whoever
     * raised it, the verdicts after it by the lead who triages (waiting-on
     * department, else the project's). */
    "UPDATE event SET"
    " at = (SELECT b.raised_at FROM blocker b WHERE b.id = event.entity_id),"
    " actor = COALESCE(CASE WHEN action = 'create' THEN"
    "   (SELECT b.raised_by FROM blocker b WHERE b.id = event.entity_id) ELSE"
    "   COALESCE((SELECT w.lead FROM blocker b JOIN department w ON w.id = b.waiting_on_id"
    "     WHERE b.id = event.entity_id),"
    "    (SELECT d.lead FROM blocker b JOIN project p ON p.id = b.project_id"
    "     JOIN department d ON d.id = p.department_id WHERE b.id = event.entity_id),"
    "    (SELECT b.raised_by FROM blocker b WHERE b.id = event.entity_id)) END, actor)"
    " WHERE entity = 'blocker' AND entity_id IN (SELECT id FROM blocker)",
    /* A reading's row ("2.7 at 2026-11-01T00:00:00Z") happens at its time,
     * recorded by the indicator's owner or its department's lead. */
    "UPDATE event SET at = substr(new, instr(new, ' at ') + 4),"
    " actor = COALESCE((SELECT i.owner FROM indicator i WHERE i.id = event.entity_id),"
    "  (SELECT " LEAD_OF("i.department_id") " FROM indicator i WHERE i.id = event.entity_id),"
    "  actor)"
    " WHERE entity = 'indicator' AND action = 'record' AND instr(new, ' at ') > 0",
    /* An objective's check-ins happen when the file says, by whoever made
     * them: the n-th check-in row the import wrote of an objective is its
     * n-th check-in (both in the file's order). */
    "WITH ev AS (SELECT id, entity_id, row_number() OVER (PARTITION BY entity_id ORDER BY id) AS n"
    "  FROM event WHERE entity = 'objective' AND action = 'checkin'),"
    " ck AS (SELECT objective_id, at, who,"
    "  row_number() OVER (PARTITION BY objective_id ORDER BY id) AS n FROM objective_checkin)"
    " UPDATE event SET"
    " at = COALESCE((SELECT ck.at FROM ev JOIN ck ON ck.objective_id = ev.entity_id"
    "  AND ck.n = ev.n WHERE ev.id = event.id), at),"
    " actor = COALESCE((SELECT ck.who FROM ev JOIN ck ON ck.objective_id = ev.entity_id"
    "  AND ck.n = ev.n WHERE ev.id = event.id), actor)"
    " WHERE id IN (SELECT id FROM ev)",
    /* The rest is the organisation being set up, before anything happened
     * in it, by the lead of each part where one is known. */
    "UPDATE event SET at = ?1,"
    " actor = COALESCE(CASE entity"
    "  WHEN 'department' THEN " LEAD_OF("event.entity_id")
    "  WHEN 'person' THEN (SELECT " LEAD_OF("pe.department_id")
    "   FROM person pe WHERE pe.id = event.entity_id)"
    "  WHEN 'project' THEN (SELECT COALESCE(p.owner, " LEAD_OF("p.department_id") ")"
    "   FROM project p WHERE p.id = event.entity_id)"
    "  WHEN 'indicator' THEN (SELECT COALESCE(i.owner, " LEAD_OF("i.department_id") ")"
    "   FROM indicator i WHERE i.id = event.entity_id)"
    "  WHEN 'objective' THEN (SELECT COALESCE(o.owner, " LEAD_OF("o.department_id") ")"
    "   FROM objective o WHERE o.id = event.entity_id)"
    "  END, actor)"
    " WHERE entity <> 'blocker' AND NOT (entity = 'indicator' AND action = 'record'"
    " AND instr(new, ' at ') > 0) AND NOT (entity = 'objective' AND action = 'checkin')",
    /* An escalation the file describes happened when it says, by the lead
     * of the project's department, as blocker_escalate would record it. */
    "INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT b.escalated_at, COALESCE((SELECT " LEAD_OF("p.department_id")
    "  FROM project p WHERE p.id = b.project_id), b.raised_by),"
    " 'blocker', b.id, b.key, 'escalate', 'escalation_level', b.escalation_level - 1,"
    " b.escalation_level FROM blocker b"
    " WHERE b.escalation_level > 0 AND b.escalated_at IS NOT NULL AND NOT EXISTS"
    " (SELECT 1 FROM event v WHERE v.entity = 'blocker' AND v.entity_id = b.id"
    "  AND v.action = 'escalate')",
};

/* When each blocker was answered, in hours from its raising: the first
 * verdict (accept, decline, duplicate, snooze), the start of the work and,
 * for one resolved, its resolution after being accepted. The story they
 * tell: in October Legal answered within a day or two and settled in about
 * a week; since, it takes four to five days to answer and a fortnight to
 * settle, while the other departments answer within hours. */
static const struct answered {
    const char *key;
    int first_h, start_h, resolve_h; /* 0: none */
} answered[] = {
    {"B-1", 2, 0, 74},     {"B-2", 52, 120, 0},   {"B-3", 98, 0, 0},     {"B-4", 1, 0, 50},
    {"B-5", 3, 5, 0},      {"B-6", 6, 0, 0},      {"B-7", 4, 20, 0},     {"B-8", 3, 0, 264},
    {"B-9", 5, 0, 0},      {"B-10", 20, 0, 0},    {"B-11", 8, 0, 0},     {"B-12", 2, 6, 0},
    {"B-13", 1, 2, 0},     {"B-14", 5, 0, 0},     {"B-15", 3, 0, 0},     {"B-16", 96, 170, 0},
    {"B-17", 74, 0, 0},    {"B-18", 2, 0, 72},    {"B-19", 4, 0, 120},   {"B-20", 120, 0, 0},
    {"B-21", 3, 0, 0},     {"B-22", 4, 24, 0},    {"B-23", 6, 0, 0},     {"B-27", 17, 0, 0},
    {"B-37", 26, 0, 150},  {"B-38", 26, 92, 194}, {"B-39", 30, 0, 220},  {"B-40", 2, 0, 36},
    {"B-41", 5, 0, 72},    {"B-42", 3, 6, 48},    {"B-43", 8, 0, 96},    {"B-44", 4, 0, 60},
    {"B-45", 120, 150, 487}, {"B-46", 2, 0, 50},  {"B-47", 3, 0, 75},    {"B-48", 6, 0, 48},
};

/* ?1 the blocker's key, ?2 ?3 ?4 the hours of answered[]. */
#define AT_HOURS(h) "strftime('%Y-%m-%dT%H:%M:%SZ', b.raised_at, printf('%+d hours', " h "))"
#define OF_KEY " FROM blocker b WHERE b.key = ?1"
#define WHO_ANSWERS                                                                                \
    "COALESCE((SELECT lead FROM department WHERE id = b.waiting_on_id), b.owner, b.raised_by)"
static const char *const answered_sql[] = {
    /* the verdicts and their reasons when it was first answered */
    "UPDATE event SET at = (SELECT " AT_HOURS("?2") OF_KEY ")"
    " WHERE entity = 'blocker' AND entity_key = ?1 AND action NOT IN ('create','start','escalate')",
    "UPDATE event SET at = (SELECT " AT_HOURS("?3") OF_KEY ")"
    " WHERE entity = 'blocker' AND entity_key = ?1 AND action = 'start' AND ?3 > 0",
    /* one resolved after being accepted: accepted, perhaps started, then
     * resolved with its reason, in that order */
    "DELETE FROM event WHERE entity = 'blocker' AND entity_key = ?1 AND action <> 'create'"
    " AND ?4 > 0",
    "INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT " AT_HOURS("?2") ", " WHO_ANSWERS ", 'blocker', b.id, b.key, 'accept', 'state',"
    " 'new', 'accepted'" OF_KEY " AND ?4 > 0",
    "INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT " AT_HOURS("?3") ", " WHO_ANSWERS ", 'blocker', b.id, b.key, 'start', 'state',"
    " 'accepted', 'in_progress'" OF_KEY " AND ?4 > 0 AND ?3 > 0",
    "INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT " AT_HOURS("?4") ", COALESCE(b.owner, " WHO_ANSWERS "), 'blocker', b.id, b.key,"
    " 'resolve', 'state', CASE WHEN ?3 > 0 THEN 'in_progress' ELSE 'accepted' END, 'resolved'"
    OF_KEY " AND ?4 > 0",
    "INSERT INTO event (at, actor, entity, entity_id, entity_key, action, field, old, new)"
    " SELECT " AT_HOURS("?4") ", COALESCE(b.owner, " WHO_ANSWERS "), 'blocker', b.id, b.key,"
    " 'update', 'reason', NULL, b.reason" OF_KEY " AND ?4 > 0 AND b.reason IS NOT NULL",
};

/* A blocker was last touched when its story last moved, not at load. */
static const char SQL_TOUCHED[] =
    "UPDATE blocker SET updated_at = max(raised_at, COALESCE((SELECT max(e.at) FROM event e"
    " WHERE e.entity = 'blocker' AND e.entity_id = blocker.id), raised_at))";

static int answer_one(struct store *st, sqlite3_stmt *const *stmts, const struct answered *x,
                      struct err *e)
{
    for (size_t i = 0; i < sizeof answered_sql / sizeof answered_sql[0]; i++) {
        sqlite3_stmt *s = stmts[i];
        sqlite3_reset(s);
        const int hours[] = {x->first_h, x->start_h, x->resolve_h};
        int n = sqlite3_bind_parameter_count(s), brc = sq_bind_text(s, 1, x->key);
        for (int k = 2; k <= n && brc == SQLITE_OK; k++)
            brc = sq_bind_int(s, k, hours[k - 2]);
        if (brc != SQLITE_OK)
            return sq_error(st, e, "binding the demo's answers");
        if (sqlite3_step(s) != SQLITE_DONE)
            return sq_error(st, e, "dating the demo's answers");
    }
    return 0;
}

/* Dates the verdicts of answered[] (blockers the file does not hold, as
 * in an edited copy, are left as loaded). */
static int answer_all(struct store *st, struct err *e)
{
    enum { N = sizeof answered_sql / sizeof answered_sql[0] };
    sqlite3_stmt *stmts[N] = {0};
    int rc = 0;
    for (size_t i = 0; i < N && !rc; i++)
        if (!(stmts[i] = sq_prepare(st, answered_sql[i], e)))
            rc = -ERR_RUNTIME;
    for (size_t i = 0; i < sizeof answered / sizeof answered[0] && !rc; i++)
        rc = answer_one(st, stmts, &answered[i], e);
    for (size_t i = 0; i < N; i++)
        sq_done(stmts[i]);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare(st, SQL_TOUCHED, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "dating the blockers' last change");
    sq_done(s);
    return rc;
}

static int backdate_tx(struct store *st, void *arg, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_EARLIEST, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    btime t = 0;
    bool have = false;
    if (rc == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(s, 0);
        have = m && time_parse(m, &t);
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "finding the earliest time");
    sq_done(s);
    if (rc)
        return rc;
    char setup[32];
    if (have)
        time_fmt_iso(t - 86400, setup);
    else
        store_now(setup);
    for (size_t i = 0; i < sizeof backdate_sql / sizeof backdate_sql[0] && !rc; i++) {
        s = sq_prepare(st, backdate_sql[i], e);
        if (!s)
            return -ERR_RUNTIME;
        if (sqlite3_bind_parameter_count(s) > 0 && sq_bind_text(s, 1, setup) != SQLITE_OK)
            rc = sq_error(st, e, "binding the set-up time");
        else if (sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "backdating the demo's history");
        sq_done(s);
    }
    return rc ? rc : answer_all(st, e);
}

int store_backdate_import(struct store *st, struct err *e)
{
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, "rewriting the demo's history", e);
    return rc ? rc : store_write(st, backdate_tx, NULL, e);
}
