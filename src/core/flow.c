/*
 * flow: the figures of flow.h. What is about now (the matrix, the load,
 * the bottleneck, the aging chart) is read from the stored roll-up of
 * schema 12 (flow_cell, flow_day, flow_span, kept by triggers) and one
 * range of the SLA due-time index for the SLAs run out since the roll-up's
 * day began; a department's aging chart (--dept) from the blockers through
 * the flow and closed-blocker indexes. The window's figures read the audit
 * log's verdict rows through the verdict index, and the blockers open at
 * the window's start from the few open ones older than it and those closed
 * since. The last flow is remembered in the store while nothing changed.
 * Definitions are those of README.md ("The flow of blockers").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baton/flow.h"
#include "baton/str.h"
#include "entity_fields.h"
#include "internal.h"

#define DAY 86400
#define WINDOW_DAYS 30

/* Verdicts: what a first answer to a blocker can be (not a wake-up, a
 * start or a reopening). */
#define FLOW_VERDICTS "('accept','resolve','decline','duplicate','snooze')"

static const char SQL_DEPTS[] =
    "SELECT d.id, d.key, d.name, d.archived FROM department d ORDER BY d.sort_order, d.key";

/* The stored roll-up (schema 12): open blockers and the sum of their
 * raising times per flow; to_id 0 is waiting on no department. */
static const char SQL_CELLS[] =
    "SELECT from_id, to_id, open, raised_sum, oldest, late,"
    " (SELECT today FROM rollup_day) || 'T00:00:00Z' FROM flow_cell WHERE open > 0";
/* The blockers whose SLA ran out in [?1, ?2) by flow (no clock runs while
 * snoozed): one range of blocker_flow_due, from the start of the roll-up's
 * day (when late was counted) to now. */
static const char SQL_LATE_BETWEEN[] =
    "SELECT from_id, COALESCE(waiting_on_id, 0), count(*) FROM blocker"
    " INDEXED BY blocker_flow_due WHERE state IN ('new','accepted','in_progress')"
    " AND sla_due >= ?1 AND sla_due < ?2 GROUP BY 1, 2";
/* One flow's open blockers raised by ?3: open at the window's start too
 * (most open blockers are younger: a short range of blocker_flow_age). */
static const char SQL_OLDER[] =
    "SELECT count(*), sum(unixepoch(raised_at)) FROM blocker"
    " WHERE from_id = ?1 AND waiting_on_id = ?2 AND " SQL_BLOCKER_OPEN("blocker")
    " AND raised_at <= ?3";
/* Blockers closed since ?1 that were raised by then: open at ?1 (a closed
 * blocker closed at its last update), by department waited on. */
static const char SQL_CLOSED_SINCE[] =
    "SELECT waiting_on_id, count(*), sum(unixepoch(raised_at))"
    " FROM blocker INDEXED BY blocker_closed"
    " WHERE state IN ('resolved','declined','duplicate') AND updated_at > ?1"
    " AND raised_at <= ?1 AND waiting_on_id IS NOT NULL GROUP BY 1";

/* First verdicts given in [:from, :to): hours from raising. */
static const char SQL_FIRST_VERDICT[] =
    "SELECT b.waiting_on_id,"
    " (julianday(e.at) - julianday(b.raised_at)) * 24"
    " FROM event e JOIN blocker b ON b.id = e.entity_id"
    " WHERE e.at >= :from AND e.at < :to AND e.entity = 'blocker' AND e.field = 'state'"
    " AND e.action IN " FLOW_VERDICTS " AND b.waiting_on_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM event f WHERE f.entity = 'blocker'"
    "  AND f.entity_id = e.entity_id AND f.id < e.id AND f.field = 'state'"
    "  AND f.action IN " FLOW_VERDICTS ")";

/* Resolutions in [:from, :to): days from the last acceptance before it
 * (NULL when resolved without one). */
static const char SQL_RESOLVED[] =
    "SELECT b.waiting_on_id,"
    " julianday(e.at) - julianday((SELECT a.at FROM event a WHERE a.entity = 'blocker'"
    "  AND a.entity_id = e.entity_id AND a.id < e.id AND a.action = 'accept'"
    "  AND a.field = 'state' ORDER BY a.id DESC LIMIT 1))"
    " FROM event e JOIN blocker b ON b.id = e.entity_id"
    " WHERE e.at >= :from AND e.at < :to AND e.entity = 'blocker' AND e.field = 'state'"
    " AND e.action = 'resolve' AND b.waiting_on_id IS NOT NULL";

/* Open spells that reach into the chart's twelve weeks: every open
 * blocker (the covering flow index), and the blockers closed since the
 * first week's end (the closed index). */
static const char SQL_SPELLS_OPEN[] =
    "SELECT raised_at, NULL, waiting_on_id, from_id FROM blocker INDEXED BY blocker_flow_age"
    " WHERE " SQL_BLOCKER_OPEN("blocker");
static const char SQL_SPELLS_CLOSED[] =
    "SELECT raised_at, updated_at, waiting_on_id, from_id FROM blocker INDEXED BY blocker_closed"
    " WHERE state IN ('resolved','declined','duplicate') AND updated_at > ?1"
    " AND raised_at <= ?2";

/* The start of the roll-up's day: the instant flow_cell.late is counted
 * at (schema 12). */
#define FLOW_LATE_AT "((SELECT today FROM rollup_day) || 'T00:00:00Z')"
#define FLOW_RUNNING(b) "(" b ".state IN ('new','accepted','in_progress'))"
#define FLOW_CLOSED(b) "(" b ".state IN ('resolved','declined','duplicate'))"

/* The flows as the blockers give them (what flow_cell must hold). */
#define FLOW_CELLS_COMPUTED                                                                      \
    "SELECT b.from_id AS f, COALESCE(b.waiting_on_id, 0) AS t, count(*) AS n,"                   \
    " sum(unixepoch(b.raised_at)) AS s, min(b.raised_at) AS o,"            \
    " sum(COALESCE(" FLOW_RUNNING("b") " AND b.sla_due < " FLOW_LATE_AT ", 0)) AS l"             \
    " FROM blocker b INDEXED BY blocker_flow_urgency WHERE " SQL_BLOCKER_OPEN("b")              \
    " AND b.from_id IS NOT NULL GROUP BY 1, 2"
/* Cells, days and spans read their partial indexes, which hold every
 * column they need: at a million blockers the cells 0.2 s of CPU against
 * 0.7 s through the state index and the rows, the days and spans 0.1 s
 * and 0.9 s against 1.2 s and 4 s. */
#define FLOW_DAYS_COMPUTED                                                                       \
    "SELECT substr(b.raised_at, 1, 10) AS d, count(*) AS n FROM blocker b"                      \
    " INDEXED BY blocker_flow_age"                                                              \
    " WHERE " SQL_BLOCKER_OPEN("b") " AND b.from_id IS NOT NULL GROUP BY 1"
#define FLOW_SPANS_COMPUTED                                                                      \
    "SELECT substr(b.updated_at, 1, 10) AS c, substr(b.raised_at, 1, 10) AS r, count(*) AS n"   \
    " FROM blocker b INDEXED BY blocker_closed WHERE " FLOW_CLOSED("b")                          \
    " AND b.from_id IS NOT NULL GROUP BY 1, 2"

/* The roll-up against a full computation: blockers whose stored department
 * is not their project's, flows, days and spans whose stored counts are
 * not what the blockers give. */
const char FLOW_SQL_VERIFY[] =
    "WITH c AS MATERIALIZED (" FLOW_CELLS_COMPUTED "),"
    " x AS (SELECT c.f, c.t, COALESCE(fc.open, 0) AS so, c.n AS co,"
    "  (fc.raised_sum IS NOT c.s OR fc.oldest IS NOT c.o OR fc.late IS NOT c.l) AS other"
    "  FROM c LEFT JOIN flow_cell fc ON fc.from_id = c.f AND fc.to_id = c.t"
    "  UNION ALL SELECT fc.from_id, fc.to_id, fc.open, 0, 0 FROM flow_cell fc"
    "  WHERE fc.open <> 0 AND NOT EXISTS (SELECT 1 FROM c WHERE c.f = fc.from_id AND c.t = fc.to_id)),"
    /* Days and spans, stored and computed, are put side by side by one
     * grouping of both (a stored row missing from the computed ones looked
     * up by a scan of them took 7 s of CPU for 13,000 spans); the order is
     * the one shown before: the computed rows, then those stored only. */
    " y AS (SELECT dd AS d, sum(so) AS so, sum(co) AS co FROM (SELECT d AS dd, 0 AS so, n AS co"
    "  FROM (" FLOW_DAYS_COMPUTED ") UNION ALL SELECT day, open, 0 FROM flow_day)"
    "  GROUP BY dd ORDER BY co = 0, dd),"
    " z AS (SELECT c || ' raised ' || r AS k, sum(so) AS so, sum(co) AS co FROM (SELECT c, r,"
    "  0 AS so, n AS co FROM (" FLOW_SPANS_COMPUTED ") UNION ALL SELECT closed_day, raised_day,"
    "  n, 0 FROM flow_span) GROUP BY c, r ORDER BY co = 0, c, r)"
    " SELECT 'blocker (department of its project)', b.key, b.from_id, p.department_id"
    " FROM blocker b JOIN project p ON p.id = b.project_id WHERE b.from_id IS NOT p.department_id"
    " UNION ALL SELECT 'flow (open blockers, ages, past SLA)',"
    "  COALESCE((SELECT key FROM department WHERE id = x.f), '?') || '>'"
    "  || COALESCE((SELECT key FROM department WHERE id = x.t), '-'), x.so, x.co"
    " FROM x WHERE x.so IS NOT x.co OR x.other"
    " UNION ALL SELECT 'open blockers raised on', y.d, y.so, y.co FROM y WHERE y.so IS NOT y.co"
    " UNION ALL SELECT 'blockers closed on', z.k, z.so, z.co FROM z WHERE z.so IS NOT z.co";

int flow_rebuild_tx(struct store *st, struct err *e)
{
    int rc = sq_exec(st,
                     "UPDATE blocker SET from_id = (SELECT department_id FROM project"
                     " WHERE id = blocker.project_id) WHERE from_id IS NOT (SELECT department_id"
                     " FROM project WHERE id = blocker.project_id);"
                     "DELETE FROM flow_cell;"
                     "INSERT INTO flow_cell (from_id, to_id, open, raised_sum, oldest, late)"
                     " SELECT f, t, n, s, o, l FROM (" FLOW_CELLS_COMPUTED ");"
                     "DELETE FROM flow_day;"
                     "INSERT INTO flow_day (day, open) SELECT d, n FROM (" FLOW_DAYS_COMPUTED ");"
                     "DELETE FROM flow_span;"
                     "INSERT INTO flow_span (closed_day, raised_day, n) SELECT c, r, n FROM ("
                     FLOW_SPANS_COMPUTED ");",
                     e);
    return rc;
}

int flow_late_tx(struct store *st, struct err *e)
{
    /* one range of blocker_flow_due: every SLA run out before the day */
    return sq_exec(st,
                   "UPDATE flow_cell SET late = 0 WHERE late <> 0;"
                   "UPDATE flow_cell SET late = x.n FROM (SELECT b.from_id AS f,"
                   " COALESCE(b.waiting_on_id, 0) AS t, count(*) AS n"
                   " FROM blocker b INDEXED BY blocker_flow_due WHERE " FLOW_RUNNING("b")
                   " AND b.sla_due < " FLOW_LATE_AT " AND b.from_id IS NOT NULL GROUP BY 1, 2) x"
                   " WHERE flow_cell.from_id = x.f AND flow_cell.to_id = x.t;",
                   e);
}

const char *flow_band_name(int band)
{
    static const char *const names[FLOW_BANDS] = {"<1w", "1-2w", "2-4w", ">4w"};
    return band >= 0 && band < FLOW_BANDS ? names[band] : "";
}

const char *flow_band_key(int band)
{
    static const char *const keys[FLOW_BANDS] = {"under_1w", "1_2w", "2_4w", "over_4w"};
    return band >= 0 && band < FLOW_BANDS ? keys[band] : "";
}

void flow_fini(struct flow *f)
{
    for (size_t i = 0; i < f->n_dept; i++) {
        free(f->dept[i].key);
        free(f->dept[i].name);
    }
    free(f->dept);
    free(f->cell);
    memset(f, 0, sizeof *f);
}

long flow_dept_index(const struct flow *f, const char *key)
{
    for (size_t i = 0; key && i < f->n_dept; i++)
        if (strcmp(f->dept[i].key, key) == 0)
            return (long)i;
    return -1;
}

const struct flow_cell *flow_cell_at(const struct flow *f, size_t from, size_t to)
{
    for (size_t i = 0; i < f->n_cell; i++)
        if (f->cell[i].from == from && f->cell[i].to == to)
            return &f->cell[i];
    return NULL;
}

size_t flow_top_cells(const struct flow *f, size_t *idx, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n_cell; i++) {
        const struct flow_cell *c = &f->cell[i];
        if (c->from == c->to)
            continue;
        /* Insertion into the sorted prefix, keeping at most max. */
        size_t at = n;
        while (at > 0) {
            const struct flow_cell *o = &f->cell[idx[at - 1]];
            if (o->open > c->open || (o->open == c->open && o->breached >= c->breached))
                break;
            at--;
        }
        if (at >= max)
            continue;
        size_t last = n < max ? n : max - 1;
        for (size_t j = last; j > at; j--)
            idx[j] = idx[j - 1];
        idx[at] = i;
        if (n < max)
            n++;
    }
    return n;
}

/* ---- reading ----------------------------------------------------------- */

/* Seconds of "YYYY-MM-DDTHH:MM:SSZ", as the store writes every time, read
 * without the general parser (the aging chart reads a time per blocker);
 * anything else goes through time_parse. 0 when unreadable. */
static btime iso_secs(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    bool fast = s && strlen(s) == sizeof shape - 1;
    for (size_t i = 0; fast && i < sizeof shape - 1; i++)
        fast = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == shape[i];
    if (!fast) {
        btime t = 0;
        return s && time_parse(s, &t) ? t : 0;
    }
#define D2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
    long y = D2(0) * 100 + D2(2), m = D2(5), d = D2(8);
    /* days from the civil date (Howard Hinnant's algorithm) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    btime t = (btime)days * DAY + D2(11) * 3600 + D2(14) * 60 + D2(17);
#undef D2
    return t;
}


struct ids {
    int64_t *id; /* department ids, parallel to flow.dept */
    size_t n;
};

static long index_of(const struct ids *ids, int64_t id)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ids->id[i] == id)
            return (long)i;
    return -1;
}

static int read_depts(struct store *st, struct flow *f, struct ids *ids, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_DEPTS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (f->n_dept == cap) {
            cap = cap ? cap * 2 : 16;
            f->dept = xrealloc(f->dept, cap * sizeof *f->dept);
            ids->id = xrealloc(ids->id, cap * sizeof *ids->id);
        }
        struct flow_dept *d = &f->dept[f->n_dept];
        memset(d, 0, sizeof *d);
        d->key = sq_col_text(s, 1);
        d->name = sq_col_text(s, 2);
        ids->id[f->n_dept] = sqlite3_column_int64(s, 0);
        f->n_dept++;
    }
    ids->n = f->n_dept;
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the departments");
    sq_done(s);
    return rc;
}

static int bind_iso(struct store *st, sqlite3_stmt *s, const char *name, btime t, struct err *e)
{
    char iso[32];
    time_fmt_iso(t, iso);
    int idx = sqlite3_bind_parameter_index(s, name);
    if (idx > 0 && sq_bind_text(s, idx, iso) != SQLITE_OK)
        return sq_error(st, e, "binding a time");
    return 0;
}

static bool keep(const struct flow_query *q, const struct flow *f, long a, long b)
{
    if (!q->dept)
        return true;
    long d = flow_dept_index(f, q->dept);
    return a == d || b == d;
}

/* A row of the stored roll-up, its departments as indexes into flow.dept
 * (to is -1 for waiting on no department). */
struct raw_cell {
    int64_t from_id, to_id, open, raised_sum;
    long from, to;
    btime oldest;
    int64_t late;     /* past the SLA at late_at */
    char late_at[32]; /* the start of the roll-up's day */
};

/* A roll-up row whose departments are both known (sq_collect). */
static bool cell_row(sqlite3_stmt *s, void *row, void *arg)
{
    const struct ids *ids = arg;
    struct raw_cell c = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                         sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), -1, -1,
                         iso_secs((const char *)sqlite3_column_text(s, 4)),
                         sqlite3_column_int64(s, 5), ""};
    const char *at = (const char *)sqlite3_column_text(s, 6);
    snprintf(c.late_at, sizeof c.late_at, "%s", at ? at : "");
    c.from = index_of(ids, c.from_id);
    c.to = c.to_id ? index_of(ids, c.to_id) : -1;
    if (c.from < 0 || (c.to_id && c.to < 0))
        return false;
    *(struct raw_cell *)row = c;
    return true;
}

static int read_cells(struct store *st, const struct ids *ids, struct raw_cell **out, size_t *n,
                      struct err *e)
{
    return sq_collect(st, sq_prepare(st, SQL_CELLS, e), sizeof **out, cell_row, (void *)ids,
                      NULL, out, n, "reading the flows' roll-up", e);
}

/* Runs a per-flow statement (?1 from, ?2 to, ?3 text) to its first row;
 * SQLITE_ROW with the row to read, or an error filled in e. */
static int cell_step(struct store *st, sqlite3_stmt *s, const struct raw_cell *c,
                     const char *text, struct err *e)
{
    if (sqlite3_bind_int64(s, 1, c->from_id) != SQLITE_OK ||
        sqlite3_bind_int64(s, 2, c->to_id) != SQLITE_OK ||
        (text && sq_bind_text(s, 3, text) != SQLITE_OK))
        return sq_error(st, e, "binding a flow");
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(st, e, "reading a flow");
    return rc;
}

/* Past the SLA now: the stored count at the start of the roll-up's day,
 * plus those whose SLA ran out between then and now (or, when that start
 * lies ahead, less those not yet run out), added to each raw cell's late. */
static int late_since(struct store *st, struct raw_cell *raw, size_t n_raw, const char *now_iso,
                      struct err *e)
{
    if (!n_raw)
        return 0;
    bool ahead = strcmp(raw[0].late_at, now_iso) > 0;
    const char *lo = ahead ? now_iso : raw[0].late_at, *hi = ahead ? raw[0].late_at : now_iso;
    if (strcmp(lo, hi) == 0)
        return 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_LATE_BETWEEN, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0, step = SQLITE_DONE;
    if (sq_bind_text(s, 1, lo) != SQLITE_OK || sq_bind_text(s, 2, hi) != SQLITE_OK)
        rc = sq_error(st, e, "binding a time");
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t from = sqlite3_column_int64(s, 0), to = sqlite3_column_int64(s, 1);
        for (size_t i = 0; i < n_raw; i++)
            if (raw[i].from_id == from && raw[i].to_id == to)
                raw[i].late += (ahead ? -1 : 1) * sqlite3_column_int64(s, 2);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sq_error(st, e, "reading the SLAs run out today");
    sq_done(s);
    return rc;
}

static int read_matrix(struct store *st, const struct flow_query *q, struct flow *f,
                       const struct raw_cell *raw, size_t n_raw, double *days_sum,
                       struct err *e)
{
    char now_iso[32];
    time_fmt_iso(f->now, now_iso);
    size_t cap = 0;
    for (size_t i = 0; i < n_raw; i++) {
        const struct raw_cell *r = &raw[i];
        if (r->to < 0) {
            if (keep(q, f, r->from, r->from))
                f->no_waiting_on += r->open;
            continue;
        }
        /* The load of the department waited on counts every blocker that
         * waits on it, whatever the filter; the matrix keeps the filter's. */
        double days = ((double)r->open * (double)f->now - (double)r->raised_sum) / DAY;
        struct flow_dept *d = &f->dept[r->to];
        d->waiting_on_it.now += (double)r->open;
        d->blocked_project_days.now += days;
        f->dept[r->from].blocked_by_it += r->open;
        *days_sum += days;
        if (!keep(q, f, r->from, r->to))
            continue;
        f->cell = xgrow(f->cell, f->n_cell, &cap, sizeof *f->cell);
        struct flow_cell *c = &f->cell[f->n_cell++];
        memset(c, 0, sizeof *c);
        c->from = (size_t)r->from;
        c->to = (size_t)r->to;
        c->open = r->open;
        c->breached = r->late;
        c->oldest_days = r->oldest ? (f->now - r->oldest) / DAY : 0;
        f->open_waiting += r->open;
    }
    return 0;
}

/* Open at the window's start: open now and raised by then, or closed since
 * and raised by then. */
static int read_open_at(struct store *st, struct flow *f, const struct ids *ids,
                        const struct raw_cell *raw, size_t n_raw, struct err *e)
{
    char since[32];
    time_fmt_iso(f->since, since);
    double *sum = xcalloc(f->n_dept ? f->n_dept : 1, sizeof *sum);
    for (size_t i = 0; i < f->n_dept; i++)
        f->dept[i].waiting_on_it.prev = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < n_raw; i++) {
        const struct raw_cell *r = &raw[i];
        if (r->to < 0)
            continue;
        sqlite3_stmt *s = sq_prepare(st, SQL_OLDER, e);
        if (!s) {
            rc = -ERR_RUNTIME;
            break;
        }
        int step = cell_step(st, s, r, since, e);
        if (step == SQLITE_ROW) {
            f->dept[r->to].waiting_on_it.prev += (double)sqlite3_column_int64(s, 0);
            sum[r->to] += sqlite3_column_double(s, 1);
        }
        sq_done(s);
        rc = step < 0 ? step : 0;
    }
    sqlite3_stmt *s = rc ? NULL : sq_prepare(st, SQL_CLOSED_SINCE, e);
    if (!rc && !s)
        rc = -ERR_RUNTIME;
    if (!rc && sq_bind_text(s, 1, since) != SQLITE_OK)
        rc = sq_error(st, e, "binding a time");
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        long to = index_of(ids, sqlite3_column_int64(s, 0));
        if (to < 0)
            continue;
        f->dept[to].waiting_on_it.prev += (double)sqlite3_column_int64(s, 1);
        sum[to] += sqlite3_column_double(s, 2);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sq_error(st, e, "reading the blockers closed since");
    sq_done(s);
    for (size_t i = 0; !rc && i < f->n_dept; i++) {
        struct flow_dept *d = &f->dept[i];
        d->blocked_project_days.prev = (d->waiting_on_it.prev * (double)f->since - sum[i]) / DAY;
    }
    free(sum);
    return rc;
}

/* Durations per department, to take medians of. */
struct samples {
    double *v;
    size_t n, cap;
};

static void sample_add(struct samples *s, double v)
{
    s->v = xgrow(s->v, s->n, &s->cap, sizeof *s->v);
    s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median (the mean of the middle two of an even count). */
static bool median(struct samples *s, double *out)
{
    if (!s->n)
        return false;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    *out = s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
    return true;
}

/* Reads durations per department from sql over [from, to); counts rows per
 * department into counts when not NULL (NULL durations count too). */
static int read_samples(struct store *st, const char *sql, btime from, btime to,
                        const struct ids *ids, struct samples *per, int64_t *counts,
                        struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = bind_iso(st, s, ":from", from, e), step = SQLITE_DONE;
    if (!rc)
        rc = bind_iso(st, s, ":to", to, e);
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        long d = index_of(ids, sqlite3_column_int64(s, 0));
        if (d < 0)
            continue;
        if (counts)
            counts[d]++;
        if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
            double v = sqlite3_column_double(s, 1);
            sample_add(&per[d], v < 0 ? 0 : v);
        }
    }
    rc = rc ? rc : step == SQLITE_DONE ? 0 : sq_error(st, e, "reading the audit log");
    sq_done(s);
    return rc;
}

/* Medians and the resolution rate over one window; prev selects where they
 * go. */
static int read_window(struct store *st, struct flow *f, const struct ids *ids, btime from,
                       btime to, bool prev, struct err *e)
{
    size_t n = f->n_dept;
    struct samples *verdict = xcalloc(n ? n : 1, sizeof *verdict);
    struct samples *resolve = xcalloc(n ? n : 1, sizeof *resolve);
    int64_t *resolved = xcalloc(n ? n : 1, sizeof *resolved);
    int rc = read_samples(st, SQL_FIRST_VERDICT, from, to, ids, verdict, NULL, e);
    if (!rc)
        rc = read_samples(st, SQL_RESOLVED, from, to, ids, resolve, resolved, e);
    double weeks = (double)(to - from) / (7.0 * DAY);
    for (size_t i = 0; !rc && i < n; i++) {
        struct flow_dept *d = &f->dept[i];
        double v = 0;
        struct flow_figure *fv = &d->median_first_verdict_hours;
        struct flow_figure *fr = &d->median_resolve_days;
        struct flow_figure *fw = &d->resolved_per_week;
        bool have = median(&verdict[i], &v);
        if (prev) {
            fv->have_prev = have;
            fv->prev = v;
        } else {
            fv->have = have;
            fv->now = v;
        }
        v = 0;
        have = median(&resolve[i], &v);
        if (prev) {
            fr->have_prev = have;
            fr->prev = v;
            fw->prev = weeks > 0 ? (double)resolved[i] / weeks : 0;
        } else {
            fr->have = have;
            fr->now = v;
            fw->now = weeks > 0 ? (double)resolved[i] / weeks : 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(verdict[i].v);
        free(resolve[i].v);
    }
    free(verdict);
    free(resolve);
    free(resolved);
    return rc;
}

static int band_of(btime age)
{
    if (age < 7 * DAY)
        return 0;
    if (age < 14 * DAY)
        return 1;
    if (age < 28 * DAY)
        return 2;
    return 3;
}

/* The aging chart counts in whole days: week k's day is D_k (today, then
 * 7, 14 ... days before); a blocker raised on day R and closed on day C
 * (its last update) was open at the end of D_k when R <= D_k < C, aged
 * D_k - R days. n blockers share the spell. */
static void count_spell(struct flow *f, long raised_day, bool open, long closed_day, int64_t n)
{
    for (int k = 0; k < FLOW_WEEKS; k++) {
        long d = (long)(f->week[k].at / DAY);
        if (raised_day <= d && (open || closed_day > d))
            f->week[k].band[band_of((btime)(d - raised_day) * DAY)] += n;
    }
}

static long day_of(const char *iso)
{
    btime t = iso_secs(iso);
    return (long)((t - ((t % DAY) + DAY) % DAY) / DAY);
}

/* One department's chart, from the blockers themselves (the stored days
 * and spans are the whole organisation's). */
static int read_spells(struct store *st, const char *sql, struct flow *f, int64_t want,
                       struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    char from[32], to[32];
    time_fmt_iso(f->week[0].at, from);
    time_fmt_iso(f->now, to);
    int rc = 0, step = SQLITE_DONE;
    if (sqlite3_bind_parameter_count(s) >= 2 &&
        (sq_bind_text(s, 1, from) != SQLITE_OK || sq_bind_text(s, 2, to) != SQLITE_OK))
        rc = sq_error(st, e, "binding a time");
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_int64(s, 2) != want && sqlite3_column_int64(s, 3) != want)
            continue;
        bool open = sqlite3_column_type(s, 1) == SQLITE_NULL;
        count_spell(f, day_of((const char *)sqlite3_column_text(s, 0)), open,
                    open ? 0 : day_of((const char *)sqlite3_column_text(s, 1)), 1);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sq_error(st, e, "reading the blockers' ages");
    sq_done(s);
    return rc;
}

/* The organisation's chart from the stored days and spans (schema 12). */
static int read_stored_spells(struct store *st, struct flow *f, struct err *e)
{
    static const char *const sql[] = {
        "SELECT day, NULL, open FROM flow_day WHERE open > 0",
        "SELECT raised_day, closed_day, n FROM flow_span WHERE closed_day > ?1 AND n > 0",
    };
    char first[16];
    time_fmt_date(f->week[0].at, first);
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *s = sq_prepare(st, sql[i], e);
        if (!s)
            return -ERR_RUNTIME;
        int rc = 0, step = SQLITE_DONE;
        if (i == 1 && sq_bind_text(s, 1, first) != SQLITE_OK)
            rc = sq_error(st, e, "binding a day");
        while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
            char day[32];
            snprintf(day, sizeof day, "%.10sT00:00:00Z", (const char *)sqlite3_column_text(s, 0));
            long raised = day_of(day);
            bool open = sqlite3_column_type(s, 1) == SQLITE_NULL;
            long closed = 0;
            if (!open) {
                snprintf(day, sizeof day, "%.10sT00:00:00Z",
                         (const char *)sqlite3_column_text(s, 1));
                closed = day_of(day);
            }
            count_spell(f, raised, open, closed, sqlite3_column_int64(s, 2));
        }
        if (!rc && step != SQLITE_DONE)
            rc = sq_error(st, e, "reading the blockers' ages");
        sq_done(s);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_aging(struct store *st, const struct flow_query *q, struct flow *f,
                      const struct ids *ids, struct err *e)
{
    btime today = f->now - ((f->now % DAY) + DAY) % DAY;
    for (int k = 0; k < FLOW_WEEKS; k++)
        f->week[k].at = today - (btime)(FLOW_WEEKS - 1 - k) * 7 * DAY;
    if (!q->dept)
        return read_stored_spells(st, f, e);
    long d = flow_dept_index(f, q->dept);
    int64_t want = d >= 0 ? ids->id[d] : -1;
    int rc = read_spells(st, SQL_SPELLS_OPEN, f, want, e);
    return rc ? rc : read_spells(st, SQL_SPELLS_CLOSED, f, want, e);
}

static void find_bottleneck(struct flow *f, double total)
{
    f->bottleneck = -1;
    f->total_project_days = total;
    double best = 0;
    for (size_t i = 0; i < f->n_dept; i++) {
        double v = f->dept[i].blocked_project_days.now;
        if (v > best) {
            best = v;
            f->bottleneck = (long)i;
        }
    }
    f->bottleneck_share = total > 0 && f->bottleneck >= 0 ? best / total : 0;
}

/* Archived departments without any figure are left out; have flags for
 * the counts, which are always measured. */
static void tidy(struct flow *f, struct ids *ids, const bool *archived, bool now_only)
{
    size_t w = 0;
    for (size_t i = 0; i < f->n_dept; i++) {
        struct flow_dept *d = &f->dept[i];
        d->waiting_on_it.have = d->blocked_project_days.have = true;
        d->waiting_on_it.have_prev = d->blocked_project_days.have_prev = !now_only;
        d->resolved_per_week.have = d->resolved_per_week.have_prev = !now_only;
        bool used = d->waiting_on_it.now > 0 || d->waiting_on_it.prev > 0 || d->blocked_by_it > 0 ||
                    d->resolved_per_week.now > 0 || d->resolved_per_week.prev > 0;
        if (archived[i] && !used) {
            free(d->key);
            free(d->name);
            continue;
        }
        /* Cells and the bottleneck index move with the departments. */
        for (size_t c = 0; c < f->n_cell; c++) {
            if (f->cell[c].from == i)
                f->cell[c].from = w;
            if (f->cell[c].to == i)
                f->cell[c].to = w;
        }
        if (f->bottleneck == (long)i)
            f->bottleneck = (long)w;
        f->dept[w] = *d;
        ids->id[w] = ids->id[i];
        w++;
    }
    f->n_dept = ids->n = w;
}

static int archived_flags(struct store *st, const struct ids *ids, bool *archived, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_DEPTS, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long i = index_of(ids, sqlite3_column_int64(s, 0));
        if (i >= 0)
            archived[i] = sqlite3_column_int(s, 3) != 0;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading the departments");
    sq_done(s);
    return rc;
}

static int compute(struct store *st, const struct flow_query *q, struct flow *f, struct ids *ids,
                   struct err *e)
{
    int rc = read_depts(st, f, ids, e);
    if (rc)
        return rc;
    if (q->dept && flow_dept_index(f, q->dept) < 0)
        return err_set(e, ERR_USAGE, "no department '%s'; see 'baton department list'",
                       q->dept);
    double total = 0;
    struct raw_cell *raw = NULL;
    size_t n_raw = 0;
    rc = read_cells(st, ids, &raw, &n_raw, e);
    char now_iso[32];
    time_fmt_iso(f->now, now_iso);
    if (!rc)
        rc = late_since(st, raw, n_raw, now_iso, e);
    if (!rc)
        rc = read_matrix(st, q, f, raw, n_raw, &total, e);
    if (!rc && !q->now_only)
        rc = read_open_at(st, f, ids, raw, n_raw, e);
    free(raw);
    if (!rc && !q->now_only)
        rc = read_window(st, f, ids, f->since, f->now, false, e);
    if (!rc && !q->now_only)
        rc = read_window(st, f, ids, f->prev_since, f->since, true, e);
    if (!rc && !q->no_aging)
        rc = read_aging(st, q, f, ids, e);
    if (rc)
        return rc;
    find_bottleneck(f, total);
    bool *archived = xcalloc(f->n_dept ? f->n_dept : 1, sizeof *archived);
    rc = archived_flags(st, ids, archived, e);
    if (!rc)
        tidy(f, ids, archived, q->now_only);
    free(archived);
    return rc;
}

/* ---- the memo -------------------------------------------------------- */

struct flow_memo {
    int64_t version, changes;
    btime minute, since;
    char *dept;
    bool now_only, no_aging;
    struct flow f;
};

void flow_memo_free(struct store *st)
{
    if (!st->flow_memo)
        return;
    free(st->flow_memo->dept);
    flow_fini(&st->flow_memo->f);
    free(st->flow_memo);
    st->flow_memo = NULL;
}

static void flow_copy(struct flow *dst, const struct flow *src)
{
    *dst = *src;
    dst->dept = xcalloc(src->n_dept ? src->n_dept : 1, sizeof *dst->dept);
    for (size_t i = 0; i < src->n_dept; i++) {
        dst->dept[i] = src->dept[i];
        dst->dept[i].key = xstrdup(src->dept[i].key);
        dst->dept[i].name = xstrdup(src->dept[i].name);
    }
    dst->cell = xcalloc(src->n_cell ? src->n_cell : 1, sizeof *dst->cell);
    if (src->n_cell)
        memcpy(dst->cell, src->cell, src->n_cell * sizeof *dst->cell);
}

/* The stamp the memo is valid for: another connection's commit moves the
 * data version, this one's the total changes. */
static bool memo_stamp(struct store *st, int64_t *version, int64_t *changes)
{
    struct err e = {0};
    if (store_data_version(st, version, &e))
        return false;
    *changes = (int64_t)sqlite3_total_changes64(st->db) - st->presence_changes;
    return true;
}

static bool memo_hit(struct store *st, const struct flow_query *q, struct flow *out)
{
    struct flow_memo *m = st->flow_memo;
    int64_t version, changes;
    if (!m || !memo_stamp(st, &version, &changes))
        return false;
    if (m->version != version || m->changes != changes || m->minute != time_now() / 60 ||
        m->since != q->since || m->now_only != q->now_only || m->no_aging != q->no_aging ||
        !str_eq(m->dept, q->dept))
        return false;
    flow_copy(out, &m->f);
    return true;
}

static void memo_keep(struct store *st, const struct flow_query *q, const struct flow *f)
{
    int64_t version, changes;
    if (!memo_stamp(st, &version, &changes))
        return;
    flow_memo_free(st);
    struct flow_memo *m = xcalloc(1, sizeof *m);
    m->version = version;
    m->changes = changes;
    m->minute = time_now() / 60;
    m->since = q->since;
    m->now_only = q->now_only;
    m->no_aging = q->no_aging;
    m->dept = xstrdup(q->dept);
    flow_copy(&m->f, f);
    st->flow_memo = m;
}

int flow_compute(struct store *st, const struct flow_query *q, struct flow *out, struct err *e)
{
    if (memo_hit(st, q, out))
        return 0;
    /* The roll-up at today's start keeps the range of SLAs run out since
     * short; a reader that cannot move it reads a longer range. */
    bool ready = false;
    struct err ignored = {0};
    (void)rollup_ready(st, &ready, &ignored);
    memset(out, 0, sizeof *out);
    out->bottleneck = -1;
    out->now = time_now();
    out->since = q->since ? q->since : out->now - (btime)WINDOW_DAYS * DAY;
    if (out->since >= out->now)
        return err_set(e, ERR_USAGE, "--since must be in the past");
    out->prev_since = out->since - (out->now - out->since);
    struct ids ids = {0};
    /* One read transaction, so every figure is of the same snapshot. */
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    int rc = own_tx ? sq_exec(st, "BEGIN", e) : 0;
    if (!rc) {
        rc = compute(st, q, out, &ids, e);
        if (own_tx)
            (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* a read: nothing to lose */
    }
    free(ids.id);
    if (rc)
        flow_fini(out);
    else
        memo_keep(st, q, out);
    return rc;
}

/* ---- a flow's blockers ------------------------------------------------ */

/* One flow's open blockers, most urgent first (past the SLA, severity,
 * oldest, as the blockers pane), with the flow's totals: the totals
 * from the stored roll-up (moved to now as the matrix's are), the list
 * two runs of blocker_flow_urgency in
 * that order (breached, then in time) stopping at the rows shown, so only
 * those rows are read, however many blockers the flow holds. */
#define CELL_FLOW                                                                                \
    " FROM blocker b INDEXED BY blocker_flow_urgency"                                           \
    " WHERE b.from_id = (SELECT id FROM department WHERE key = ?1)"                             \
    " AND b.waiting_on_id = (SELECT id FROM department WHERE key = ?2)"                         \
    " AND " SQL_BLOCKER_OPEN("b")
#define CELL_LATE "(b.state IN ('new','accepted','in_progress') AND b.sla_due < ?3)"
/* The flow's blockers whose SLA runs out in [lo, hi): what moves its
 * stored count of those past the SLA (counted at the start of the
 * roll-up's day) to now, as late_since does for every flow. */
#define CELL_DUE(lo, hi)                                                                         \
    "SELECT count(*) FROM blocker INDEXED BY blocker_flow_due"                                  \
    " WHERE " FLOW_RUNNING("blocker") " AND sla_due >= " lo " AND sla_due < " hi                \
    " AND from_id = (SELECT from_id FROM c) AND waiting_on_id = (SELECT to_id FROM c)"
static const char SQL_CELL_BLOCKERS[] =
    "WITH c AS (SELECT fc.from_id, fc.to_id, fc.open, fc.late FROM flow_cell fc"
    " WHERE fc.from_id = (SELECT id FROM department WHERE key = ?1)"
    " AND fc.to_id = (SELECT id FROM department WHERE key = ?2)),"
    " t AS (SELECT COALESCE((SELECT open FROM c), 0) AS n,"
    " COALESCE((SELECT late FROM c), 0) + (CASE WHEN ?3 >= " FLOW_LATE_AT
    " THEN (" CELL_DUE(FLOW_LATE_AT, "?3") ") ELSE -(" CELL_DUE("?3", FLOW_LATE_AT) ") END) AS l),"
    " top AS (SELECT * FROM (SELECT b.id, b.raised_at, b.key_num, b.sev_rank, 1 AS late"
    CELL_FLOW " AND COALESCE(" CELL_LATE ", 0) ORDER BY b.sev_rank, b.raised_at, b.key_num"
    " LIMIT ?4) UNION ALL SELECT * FROM (SELECT b.id, b.raised_at, b.key_num, b.sev_rank, 0"
    CELL_FLOW " AND NOT COALESCE(" CELL_LATE ", 0) ORDER BY b.sev_rank, b.raised_at, b.key_num"
    " LIMIT ?4))"
    " SELECT b.key, b.title, p.key, b.state, COALESCE(b.severity, 0), top.late, t.n, t.l"
    " FROM top JOIN blocker b ON b.id = top.id JOIN project p ON p.id = b.project_id, t"
    " ORDER BY top.late DESC, top.sev_rank, top.raised_at, top.key_num LIMIT ?4";

/* A blocker of a cell as SQL_CELL_BLOCKERS reads it, its columns in this
 * order; the cell's totals follow them. */
#define CELL_FIELD(m, t) ROW_FIELD(struct flow_blocker, m, t)
static const struct entity_field cell_field_v[] = {
    CELL_FIELD(key, FT_TEXT),   CELL_FIELD(title, FT_TEXT), CELL_FIELD(project, FT_TEXT),
    CELL_FIELD(state, FT_TEXT), CELL_FIELD(severity, FT_INT), CELL_FIELD(breached, FT_BOOL),
};
static const struct entity cell_entity = ROW_ENTITY(flow_blocker, cell_field_v);

static bool cell_blocker_row(sqlite3_stmt *s, void *row, void *arg)
{
    struct flow_blockers *out = arg;
    entity_read(&cell_entity, s, row);
    out->total = sqlite3_column_int64(s, 6);
    out->breached = sqlite3_column_int64(s, 7);
    return true;
}

static void cell_blocker_fini(void *row)
{
    entity_fini(&cell_entity, row);
}

int flow_cell_blockers(struct store *st, const char *from, const char *to, int limit,
                       struct flow_blockers *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = sq_prepare(st, SQL_CELL_BLOCKERS, e);
    if (!s)
        return -ERR_RUNTIME;
    char now[32];
    store_now(now);
    if (sq_bind_text(s, 1, from) != SQLITE_OK || sq_bind_text(s, 2, to) != SQLITE_OK ||
        sq_bind_text(s, 3, now) != SQLITE_OK || sq_bind_int(s, 4, limit) != SQLITE_OK) {
        int rc = sq_error(st, e, "reading a flow's blockers");
        sq_done(s);
        return rc;
    }
    return sq_collect(st, s, sizeof *out->v, cell_blocker_row, out, cell_blocker_fini, &out->v,
                      &out->n, "reading a flow's blockers", e);
}

void flow_blockers_fini(struct flow_blockers *b)
{
    entity_list_free(&cell_entity, b->v, b->n);
    memset(b, 0, sizeof *b);
}
