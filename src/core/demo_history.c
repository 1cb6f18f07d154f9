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
    "  END, actor)"
    " WHERE entity <> 'blocker' AND NOT (entity = 'indicator' AND action = 'record'"
    " AND instr(new, ' at ') > 0)",
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
    /* A blocker was last touched when its story last moved, not at load. */
    "UPDATE blocker SET updated_at = max(raised_at, COALESCE(escalated_at, raised_at))",
};

static int backdate_tx(struct store *st, struct err *e)
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
    return rc;
}

int store_backdate_import(struct store *st, struct err *e)
{
    int rc = store_check_writable(st, e);
    if (!rc)
        rc = store_authorize(st, PERM_ADMIN, NULL, NULL, "rewriting the demo's history", e);
    if (rc)
        return rc;
    rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    return store_tx_end(st, backdate_tx(st, e), e);
}
