/*
 * The stored roll-up: what the departments pane shows (open and new
 * blockers, projects by health, indicators by status, per department) is
 * kept by the triggers of schema migration 8 in the same transaction as
 * every write, so a frame reads a dozen rows instead of every project and
 * every open blocker. Two parts depend on the date, overdue and due
 * within 7 days; they are computed for the day in rollup_day, and moving
 * that day recomputes only the projects due between the old and the new
 * day (and, through the triggers, those depending on them). A read-only
 * store that finds the roll-up of another day computes it in full.
 */
#include <stdio.h>
#include <string.h>

#include "baton/department.h"
#include "baton/project.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "internal.h"

/* Today and in 7 days, as the query fragments bind them (sq_bind_clock). */
static void clock_days(char today[16], char soon[16])
{
    btime now = time_now();
    time_org_date(now, today);
    time_org_date(time_org_day_start(now, PROJECT_RISK_DAYS), soon);
}

static int read_day(struct store *st, char today[16], char soon[16], struct err *e)
{
    today[0] = soon[0] = '\0';
    sqlite3_stmt *s = sq_prepare(st, "SELECT today, soon FROM rollup_day WHERE id = 1", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(today, 16, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(soon, 16, "%s", (const char *)sqlite3_column_text(s, 1));
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the roll-up day");
    sq_done(s);
    return rc;
}

static int exec_bound(struct store *st, const char *sql, const char *const *args, int n,
                      const char *what, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = SQLITE_OK;
    for (int i = 0; i < n && rc == SQLITE_OK; i++)
        rc = sq_bind_text(s, i + 1, args[i]);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_error(st, e, what);
    sq_done(s);
    return rc;
}

#define OPEN_PROJECT "NOT " SQL_PROJECT_CLOSED("project")

/* Records the day the stored roll-up is computed for. */
static int set_day(struct store *st, const char *today, const char *soon, struct err *e)
{
    const char *args[] = {today, soon};
    return exec_bound(st, "UPDATE rollup_day SET today = ?1, soon = ?2 WHERE id = 1", args, 2,
                      "saving the roll-up day", e);
}

/* The counts per department, from the stored columns and the blockers. */
static const char SQL_STATS_FILL[] =
    "DELETE FROM department_stats;"
    "WITH ob AS MATERIALIZED (SELECT p.department_id AS own, b.waiting_on_id AS wait, b.state"
    "  FROM blocker b JOIN project p ON p.id = b.project_id WHERE " SQL_BLOCKER_OPEN("b") "),"
    " ba AS (SELECT dep, count(*) AS n, sum(state = 'new') AS f FROM"
    "  (SELECT own AS dep, state FROM ob UNION ALL SELECT wait, state FROM ob"
    "   WHERE wait IS NOT NULL AND wait <> own) GROUP BY dep)"
    " INSERT INTO department_stats (department_id, open_blockers, new_blockers)"
    " SELECT d.id, COALESCE(ba.n, 0), COALESCE(ba.f, 0) FROM department d"
    " LEFT JOIN ba ON ba.dep = d.id;"
    "INSERT INTO department_stats (department_id, open_blockers, new_blockers, projects,"
    " indicators) SELECT 0, count(*), count(*) FILTER (WHERE state = 'new'),"
    " (SELECT count(*) FROM project), (SELECT count(*) FROM indicator) FROM blocker b"
    " WHERE " SQL_BLOCKER_OPEN("b") ";"
    "UPDATE department_stats SET (p1, p2, p3, projects) = (SELECT count(*) FILTER (WHERE"
    " derived = 1 AND " OPEN_PROJECT "), count(*) FILTER (WHERE derived = 2 AND " OPEN_PROJECT
    "), count(*) FILTER (WHERE derived = 3 AND " OPEN_PROJECT "), count(*) FROM project"
    " WHERE department_id = department_stats.department_id) WHERE department_id <> 0;"
    "UPDATE department_stats SET (i1, i2, i3, indicators) = (SELECT count(*) FILTER (WHERE"
    " status = 1), count(*) FILTER (WHERE status = 2), count(*) FILTER (WHERE status = 3),"
    " count(*) FROM indicator WHERE department_id = department_stats.department_id)"
    " WHERE department_id <> 0;";

/* Whether the project has an open blocker of severity sev, for every
 * project at once: the projects that have one are gathered once by the
 * statement (a few thousand of the open blockers' index entries) rather
 * than looked for per project. */
#define REBUILD_HAS_OPEN_SEV(sev)                                                                \
    "project.id IN (SELECT hb.project_id FROM blocker hb WHERE hb.severity = " sev " AND "       \
    SQL_BLOCKER_OPEN("hb") ")"

/* Inside a transaction: everything, for the day already in rollup_day.
 * red_self first, as derived reads the dependencies' red_self. */
static int rebuild_tx(struct store *st, struct err *e)
{
    int rc = sq_exec(st,
                     "UPDATE project SET red_self = COALESCE(" SQL_PROJECT_RED_SELF_WITH(
                         "project", ROLLUP_TODAY, REBUILD_HAS_OPEN_SEV("1")) ", 0);",
                     e);
    if (!rc)
        rc = sq_exec(st,
                     "UPDATE project SET derived = " SQL_PROJECT_HEALTH_WITH(
                         "project", ROLLUP_TODAY, ROLLUP_SOON, REBUILD_HAS_OPEN_SEV("1"),
                         REBUILD_HAS_OPEN_SEV("2"), SQL_PROJECT_DEP_RED_STORED("project")) ";",
                     e);
    if (!rc)
        rc = sq_exec(st, ROLLUP_INDICATOR_RECOMPUTE("1"), e);
    if (!rc)
        rc = sq_exec(st, SQL_STATS_FILL, e);
    if (!rc)
        rc = flow_rebuild_tx(st, e);
    if (!rc)
        rc = crossing_rebuild_tx(st, e);
    return rc;
}

/* Projects due between the two days (either way round) change overdue or
 * due-soon state when the day moves; the triggers carry a change of
 * red_self on to the projects depending on them. */
static int move_day_tx(struct store *st, const char *old_today, const char *old_soon,
                       const char *today, const char *soon, struct err *e)
{
    char lo1[16], hi1[20], lo2[16], hi2[20];
    bool fwd1 = strcmp(old_today, today) < 0, fwd2 = strcmp(old_soon, soon) < 0;
    snprintf(lo1, sizeof lo1, "%s", fwd1 ? old_today : today);
    snprintf(hi1, sizeof hi1, "%s~", fwd1 ? today : old_today);
    snprintf(lo2, sizeof lo2, "%s", fwd2 ? old_soon : soon);
    snprintf(hi2, sizeof hi2, "%s~", fwd2 ? soon : old_soon);
    const char *args[] = {lo1, hi1, lo2, hi2};
    int rc = exec_bound(st,
                        ROLLUP_PROJECT_RECOMPUTE("(due >= ?1 AND due <= ?2)"
                                                 " OR (due >= ?3 AND due <= ?4)"),
                        args, 4, "moving the roll-up to today", e);
    /* the flows' blockers past their SLA are counted at the day's start */
    return rc ? rc : flow_late_tx(st, e);
}

/* Inside a transaction: the roll-up made current for today. */
static int catch_up_tx(struct store *st, const char *today, const char *soon, struct err *e)
{
    char old_today[16], old_soon[16];
    int rc = read_day(st, old_today, old_soon, e);
    if (rc || (str_eq(old_today, today) && str_eq(old_soon, soon)))
        return rc;
    rc = set_day(st, today, soon, e);
    if (!rc)
        rc = old_today[0] ? move_day_tx(st, old_today, old_soon, today, soon, e)
                          : rebuild_tx(st, e);
    return rc;
}

/* Inside someone's transaction, a savepoint keeps a failed update from
 * spoiling theirs, unless the failure (a full disk) rolled all of it back:
 * then their transaction has failed too, and *lost says so. Otherwise a
 * transaction of its own, taken only if nobody else is writing: a reader
 * never waits for the write lock, it computes the roll-up in full. */
static int catch_up(struct store *st, const char *today, const char *soon, bool *lost,
                    struct err *e)
{
    *lost = false;
    if (st->tx_depth > 0) {
        int rc = sq_exec(st, "SAVEPOINT rollup", e);
        if (rc)
            return rc;
        rc = catch_up_tx(st, today, soon, e);
        struct err ignored;
        if (rc && sqlite3_get_autocommit(st->db)) {
            st->tx_failed = true;
            *lost = true;
            return rc;
        }
        if (rc)
            sq_exec(st, "ROLLBACK TO rollup", &ignored);
        sq_exec(st, "RELEASE rollup", &ignored);
        return rc;
    }
    st->no_wait = true;
    bool begun = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
    st->no_wait = false;
    if (!begun)
        return sq_error(st, e, "moving the roll-up to today");
    st->tx_depth = 1;
    st->tx_failed = false;
    return store_tx_end(st, catch_up_tx(st, today, soon, e), e);
}

int rollup_ready(struct store *st, bool *ready, struct err *e)
{
    *ready = false;
    char today[16], soon[16], at_today[16], at_soon[16];
    clock_days(today, soon);
    int rc = read_day(st, at_today, at_soon, e);
    if (rc)
        return rc;
    if (str_eq(at_today, today) && str_eq(at_soon, soon)) {
        *ready = true;
        return 0;
    }
    if (st->readonly)
        return 0;
    /* A failure here (a read-only file, another writer) is not the
     * reader's problem: the full computation still answers. Unless it
     * took the caller's own transaction down with it. */
    struct err mine;
    bool lost = false;
    err_clear(&mine);
    rc = catch_up(st, today, soon, &lost, &mine);
    *ready = rc == 0;
    if (lost) {
        if (e)
            *e = mine;
        return rc;
    }
    return 0;
}

static int rebuild_today_tx(struct store *st, void *arg, struct err *e)
{
    char today[16], soon[16];
    clock_days(today, soon);
    int rc = set_day(st, today, soon, e);
    return rc ? rc : rebuild_tx(st, e);
}

int rollup_rebuild(struct store *st, struct err *e)
{
    return store_write(st, rebuild_today_tx, NULL, e);
}

/* Every project's health and red_self computed from the rows, as the
 * query fragments define them, for the checks below. Which projects have
 * an open blocker of severity 1 or 2 comes from one grouped scan of the
 * open blockers' index (state, project, waiting-on, severity), not from
 * look-ups per project: at a million blockers about a tenth of the CPU. */
#define VERIFY_PROJECTS_COMPUTED                                                                 \
    "WITH sev AS MATERIALIZED (SELECT b.project_id AS id, max(b.severity = 1) AS s1,"           \
    "  max(b.severity = 2) AS s2 FROM blocker b WHERE " SQL_BLOCKER_OPEN("b")                    \
    "  AND b.severity IN (1, 2) GROUP BY b.project_id),"                                         \
    " pr AS MATERIALIZED (SELECT p.id, COALESCE(sv.s1, 0) AS s1, COALESCE(sv.s2, 0) AS s2,"     \
    "  COALESCE(" SQL_PROJECT_RED_SELF_WITH("p", ":today", "COALESCE(sv.s1, 0)") ", 0) AS rs"    \
    "  FROM project p LEFT JOIN sev sv ON sv.id = p.id),"                                        \
    " ph AS MATERIALIZED (SELECT p.id, p.key, p.department_id, p.derived, p.red_self, x.rs,"     \
    "  NOT " SQL_PROJECT_CLOSED("p") " AS o, "                                                   \
    SQL_PROJECT_HEALTH_WITH("p", ":today", ":soon", "x.s1", "x.s2",                              \
                            "EXISTS (SELECT 1 FROM project_dependency hd JOIN pr hq"             \
                            " ON hq.id = hd.depends_on_id WHERE hd.project_id = p.id"            \
                            " AND hq.rs)")                                                        \
    " AS h FROM project p JOIN pr x ON x.id = p.id)"

/* Rows where the stored value differs from the computed one: kind, key,
 * stored, computed. */
static const char SQL_VERIFY[] =
    VERIFY_PROJECTS_COMPUTED
    " SELECT 'project', key, derived, h FROM ph WHERE derived IS NOT h"
    " UNION ALL SELECT 'project (red by its own rules)', key, red_self, rs FROM ph"
    " WHERE red_self IS NOT rs"
    " UNION ALL SELECT 'indicator', key, status, " SQL_INDICATOR_STATUS("i") " FROM indicator i"
    " WHERE status IS NOT " SQL_INDICATOR_STATUS("i");

/* The counts as stored against the counts as computed, per department.
 * The open blockers are counted per project and waiting-on department
 * from their index alone, then the project's department is looked up
 * once per group rather than once per blocker. */
static const char SQL_VERIFY_STATS[] =
    VERIFY_PROJECTS_COMPUTED ","
    " ob AS MATERIALIZED (SELECT p.department_id AS own, g.wait, g.n, g.f FROM"
    "  (SELECT b.project_id AS pid, b.waiting_on_id AS wait, count(*) AS n,"
    "  sum(b.state = 'new') AS f FROM blocker b WHERE " SQL_BLOCKER_OPEN("b")
    "  GROUP BY b.project_id, b.waiting_on_id) g JOIN project p ON p.id = g.pid),"
    " ba AS (SELECT dep, sum(n) AS n, sum(f) AS f FROM"
    "  (SELECT own AS dep, n, f FROM ob UNION ALL SELECT wait, n, f FROM ob"
    "   WHERE wait IS NOT NULL AND wait <> own) GROUP BY dep),"
    " pa AS (SELECT department_id AS dep, count(*) FILTER (WHERE h = 1 AND o) AS p1,"
    "  count(*) FILTER (WHERE h = 2 AND o) AS p2, count(*) FILTER (WHERE h = 3 AND o) AS p3,"
    "  count(*) AS n FROM ph GROUP BY department_id),"
    " ia AS (SELECT department_id AS dep, count(*) FILTER (WHERE h = 1) AS i1,"
    "  count(*) FILTER (WHERE h = 2) AS i2, count(*) FILTER (WHERE h = 3) AS i3,"
    "  count(*) AS n FROM (SELECT i.department_id, " SQL_INDICATOR_STATUS("i") " AS h"
    "  FROM indicator i WHERE i.department_id IS NOT NULL) GROUP BY department_id)"
    " SELECT d.key FROM department d LEFT JOIN department_stats s ON s.department_id = d.id"
    " LEFT JOIN ba ON ba.dep = d.id LEFT JOIN pa ON pa.dep = d.id LEFT JOIN ia ON ia.dep = d.id"
    " WHERE s.department_id IS NULL"
    " OR s.open_blockers IS NOT COALESCE(ba.n, 0) OR s.new_blockers IS NOT COALESCE(ba.f, 0)"
    " OR s.p1 IS NOT COALESCE(pa.p1, 0) OR s.p2 IS NOT COALESCE(pa.p2, 0)"
    " OR s.p3 IS NOT COALESCE(pa.p3, 0) OR s.i1 IS NOT COALESCE(ia.i1, 0)"
    " OR s.i2 IS NOT COALESCE(ia.i2, 0) OR s.i3 IS NOT COALESCE(ia.i3, 0)"
    " OR s.projects IS NOT COALESCE(pa.n, 0) OR s.indicators IS NOT COALESCE(ia.n, 0)"
    " UNION ALL SELECT '(all)' FROM (SELECT count(*) AS n, count(*) FILTER"
    "  (WHERE state = 'new') AS f FROM blocker b WHERE " SQL_BLOCKER_OPEN("b") ") t"
    " LEFT JOIN department_stats s ON s.department_id = 0"
    " WHERE s.open_blockers IS NOT t.n OR s.new_blockers IS NOT t.f"
    " OR s.projects IS NOT (SELECT count(*) FROM project)"
    " OR s.indicators IS NOT (SELECT count(*) FROM indicator)";

/* Runs a check whose rows are what is stale (one column: a department
 * key; four: kind, key, stored, computed), adding them to *wrong. */
static int verify_query(struct store *st, const char *sql, struct strbuf *report,
                        int64_t *wrong, struct err *e)
{
    sqlite3_stmt *s = sq_prepare_query(st, sql, NULL, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *first = (const char *)sqlite3_column_text(s, 0);
        if (report && *wrong < 5 && sqlite3_column_count(s) == 1)
            sb_addf(report, "roll-up: the counts of department %s are stale\n", first);
        else if (report && *wrong < 5)
            sb_addf(report, "roll-up: %s %s is stored as %d, computed as %d\n", first,
                    (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 2),
                    sqlite3_column_int(s, 3));
        (*wrong)++;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "checking the roll-up");
    sq_done(s);
    return rc;
}

int rollup_verify(struct store *st, struct strbuf *report, int64_t *wrong, struct err *e)
{
    *wrong = 0;
    bool ready;
    int rc = rollup_ready(st, &ready, e);
    if (rc)
        return rc;
    if (!ready && !st->readonly) {
        /* writable, yet not brought to today: say why, it is a fault */
        char today[16], soon[16];
        clock_days(today, soon);
        struct err why;
        err_clear(&why);
        bool lost = false;
        if (catch_up(st, today, soon, &lost, &why) != 0) {
            if (report)
                sb_addf(report, "roll-up: cannot be brought to today: %s\n", why.msg);
            *wrong = -2;
            return lost ? -ERR_RUNTIME : 0;
        }
        ready = true;
    }
    if (!ready) {
        char today[16], soon[16];
        rc = read_day(st, today, soon, e);
        if (!rc && report)
            sb_addf(report,
                    "roll-up: not checked: it is of %s, and this database is read-only for"
                    " you (baton computes it in full meanwhile)\n",
                    today[0] ? today : "no day yet");
        *wrong = -1;
        return rc;
    }
    rc = verify_query(st, SQL_VERIFY, report, wrong, e);
    if (!rc)
        rc = verify_query(st, SQL_VERIFY_STATS, report, wrong, e);
    if (!rc)
        rc = verify_query(st, FLOW_SQL_VERIFY, report, wrong, e);
    return rc;
}

/* What can be seen of the stored counts without reading the rows they
 * count, in time that grows with the departments only: every department
 * has its row, no count is negative or more than what it is part of, and
 * the departments' projects add up to the organisation's. */
static const char SQL_VERIFY_QUICK[] =
    "SELECT d.key FROM department d LEFT JOIN department_stats s ON s.department_id = d.id"
    " WHERE s.department_id IS NULL OR min(s.open_blockers, s.new_blockers, s.projects, s.p1,"
    " s.p2, s.p3, s.indicators, s.i1, s.i2, s.i3) < 0 OR s.new_blockers > s.open_blockers"
    " OR s.p1 + s.p2 + s.p3 > s.projects OR s.i1 + s.i2 + s.i3 > s.indicators"
    " UNION ALL SELECT 'of the whole organisation' FROM department_stats t WHERE"
    " t.department_id = 0 AND t.projects IS NOT (SELECT sum(projects) FROM department_stats"
    " WHERE department_id <> 0)";

int rollup_verify_quick(struct store *st, struct strbuf *report, int64_t *wrong, struct err *e)
{
    *wrong = 0;
    return verify_query(st, SQL_VERIFY_QUICK, report, wrong, e);
}

/* Column col (a literal) of department dept's stored counts, or of row 0
 * for the whole organisation when dept is NULL. */
static int stored_count(struct store *st, const char *dept, const char *sql, int64_t *n,
                        bool *known, struct err *e)
{
    *n = 0;
    *known = false;
    /* These counts do not depend on the day: a roll-up of another day
     * still has them right, once it has been computed at all. */
    bool ready;
    int rc = rollup_ready(st, &ready, e);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, str_empty(dept) ? NULL : dept) != SQLITE_OK) {
        rc = sq_error(st, e, "reading the roll-up");
        sq_done(s);
        return rc;
    }
    return sq_int(st, s, n, known, "reading the roll-up", e);
}

#define STORED_COUNT(col)                                                                        \
    "SELECT " col " FROM department_stats WHERE department_id = CASE WHEN ?1 IS NULL THEN 0"     \
    " ELSE (SELECT id FROM department WHERE key = ?1) END"                                        \
    " AND (SELECT today FROM rollup_day) <> ''"

int department_blocker_count(struct store *st, const char *dept, bool new_only, int64_t *n,
                             bool *known, struct err *e)
{
    return stored_count(st, dept,
                        new_only ? STORED_COUNT("new_blockers") : STORED_COUNT("open_blockers"),
                        n, known, e);
}

int rollup_count(struct store *st, const struct query *q, bool indicators, int64_t *n,
                 bool *known, struct err *e)
{
    *known = false;
    if (!str_empty(q->text))
        return 0;
    return stored_count(st, q->dept,
                        indicators ? STORED_COUNT("indicators") : STORED_COUNT("projects"), n,
                        known, e);
}

int rollup_off_counts(struct store *st, const char *dept, int64_t *at_risk, int64_t *off,
                      bool *known, struct err *e)
{
    bool k2 = false;
    int rc = stored_count(st, dept, STORED_COUNT("p2 + p3"), at_risk, known, e);
    if (!rc)
        rc = stored_count(st, dept, STORED_COUNT("i2 + i3"), off, &k2, e);
    *known = *known && k2;
    return rc;
}
