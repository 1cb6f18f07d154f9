/*
 * Listing and counting blockers: windows by offset or by seeking an index
 * (keyset), the filter typed over open blockers (its candidates come from
 * blocker_search.c), every blocker in turn for export, counts answered from
 * indexes and the roll-up, and the triage queue. Nothing here writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/str.h"
#include "blocker_internal.h"

/* ---- statements ------------------------------------------------------- */

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
/* Tagged with :tag (tags are stored joined by ','). */
#define TAG_FILTER " AND (:tag IS NULL OR instr(',' || b.tags || ',', ',' || :tag || ',') > 0)"
#define BLOCKER_FILTER_REST                                                                     \
    " AND (:dept IS NULL OR b.waiting_on_id = (SELECT id FROM department WHERE key = :dept)"   \
    " OR b.project_id IN (SELECT fp.id FROM project fp JOIN department fd"                     \
    " ON fd.id = fp.department_id WHERE fd.key = :dept))"                                      \
    " AND (:waiting_on IS NULL"                                                                \
    " OR b.waiting_on_id = (SELECT id FROM department WHERE key = :waiting_on))"               \
    " AND (:project IS NULL OR b.project_id = (SELECT id FROM project WHERE key = :project))"  \
    " AND (:severity = 0 OR b.severity = :severity)"                                           \
    " AND (:breached = 0 OR " BREACHED ")"                                                     \
    " AND (:owner IS NULL OR b.owner = :owner)" WAITING_MINE TAG_FILTER                        \
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

bool blocker_marked_row(sqlite3_stmt *s, void *row, void *arg)
{
    const struct blocker_marking *m = arg;
    blocker_read(s, row);
    blocker_sla_mark(m->st, row, m->now);
    return true;
}

static void blocker_row_fini(void *row)
{
    blocker_fini(row);
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
    int rc = sq_bind_named_text(st, s, ":owner", owner, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":me", st->actor, e);
    if (rc || !q->waiting_mine)
        return rc ? rc : sq_bind_named_text(st, s, ":mine", NULL, e);
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
    rc = sq_bind_named_text(st, s, ":mine", sb_str(&json), e);
    sb_fini(&json);
    return rc;
}

static int bind_query(struct store *st, sqlite3_stmt *s, const struct query *q, struct err *e)
{
    char states[128];
    states_json(nonempty(q->state), states);
    int rc = sq_bind_query(st, s, q, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":states", states, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":waiting_on", nonempty(q->waiting_on), e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":project", nonempty(q->project), e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":severity", q->severity, e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":breached", q->breached ? 1 : 0, e);
    if (!rc)
        rc = bind_owner_mine(st, s, q, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":tag", nonempty(q->tag), e);
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
    /* beyond the anchor: its values are read first and bound, since the
     * planner seeks on the first column only when they come from a
     * subquery over the table */
    sqlite3_stmt *at = NULL;
    if (anchor) {
        char *get = xasprintf("SELECT %s FROM blocker b WHERE b.id = ?1", cols);
        at = sq_prepare(st, get, e);
        free(get);
        if (!at)
            return -ERR_RUNTIME;
        int step = sq_bind_int(at, 1, anchor) == SQLITE_OK ? sqlite3_step(at) : SQLITE_ERROR;
        if (step != SQLITE_ROW) {
            int rc = step == SQLITE_DONE ? 0 : sq_error(st, e, "reading blockers");
            sq_done(at);
            return rc; /* the anchor is gone: nothing beyond it */
        }
    }
    char *beyond = xstrdup("");
    for (int i = 0; at && i < sqlite3_column_count(at); i++) {
        char *more = xasprintf("%s%s:k%d", beyond, i ? ", " : "", i);
        free(beyond);
        beyond = more;
    }
    if (at) {
        char *more = xasprintf(" AND (%s) %s (%s)", cols, up ? ">" : "<", beyond);
        free(beyond);
        beyond = more;
    }
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
    if (!s) {
        sq_done(at);
        return -ERR_RUNTIME;
    }
    struct query lq = *q;
    lq.limit = limit;
    lq.offset = 0;
    int rc = bind_query(st, s, &lq, e);
    for (int i = 0; !rc && at && i < sqlite3_column_count(at); i++) {
        char name[16];
        snprintf(name, sizeof name, ":k%d", i);
        if (sqlite3_bind_value(s, sqlite3_bind_parameter_index(s, name),
                               sqlite3_column_value(at, i)) != SQLITE_OK)
            rc = sq_error(st, e, "reading blockers");
    }
    sq_done(at);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":one_state", q->state, e);
    while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        ks->ids = xgrow(ks->ids, ks->n, &ks->cap, sizeof *ks->ids);
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
    if (sq_bind_clock(s) == SQLITE_OK && sq_bind_named_int(st, s, ":id", anchor, e) == 0 &&
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
            blocker_sla_mark(st, &v[got++], now);
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


/* ---- a department's most urgent --------------------------------------
 *
 * Urgency order (BLOCKER_SORT_URGENCY: past the SLA first, then severity,
 * oldest, key) over the open blockers waiting on a department, or of its
 * projects waiting on another department or on none: two runs of an
 * index in that order (schema 16), breached then in time, each stopping
 * at the rows it needs. The index holds the SLA time and the state, so no
 * row is read to tell the runs apart.
 */
static const char SQL_URGENT_WAITING[] =
    "SELECT b.id FROM blocker b INDEXED BY blocker_wait_urgency"
    " WHERE b.waiting_on_id = (SELECT id FROM department WHERE key = :dept)"
    " AND " SQL_BLOCKER_OPEN("b") " AND %s" BREACHED
    " ORDER BY b.sev_rank, b.raised_at, b.key_num LIMIT :limit";
static const char SQL_URGENT_OWN[] =
    "SELECT b.id FROM blocker b INDEXED BY blocker_from_urgency"
    " WHERE b.from_id = (SELECT id FROM department WHERE key = :dept)"
    " AND b.waiting_on_id IS NOT (SELECT id FROM department WHERE key = :dept)"
    " AND " SQL_BLOCKER_OPEN("b") " AND %s" BREACHED
    " ORDER BY b.sev_rank, b.raised_at, b.key_num LIMIT :limit";

int blocker_most_urgent(struct store *st, const char *dept, bool waiting_on, int limit,
                        struct blocker **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    int64_t *ids = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof *ids);
    size_t got = 0;
    int rc = 0;
    for (int run = 0; run < 2 && !rc && (int)got < limit; run++) {
        char *sql = xasprintf(waiting_on ? SQL_URGENT_WAITING : SQL_URGENT_OWN,
                              run ? "NOT " : "");
        sqlite3_stmt *s = sq_prepare(st, sql, e);
        free(sql);
        if (!s) {
            rc = -ERR_RUNTIME;
            break;
        }
        if (sq_bind_clock(s) != SQLITE_OK)
            rc = sq_error(st, e, "reading blockers");
        if (!rc)
            rc = sq_bind_named_text(st, s, ":dept", dept, e);
        if (!rc)
            rc = sq_bind_named_int(st, s, ":limit", limit - (int)got, e);
        int step = SQLITE_DONE;
        while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
            ids[got++] = sqlite3_column_int64(s, 0);
        if (!rc && step != SQLITE_DONE)
            rc = sq_error(st, e, "reading blockers");
        sq_done(s);
    }
    if (!rc) {
        int read = read_ids(st, ids, got, out, e);
        if (read < 0)
            rc = read;
        else
            *n = (size_t)read;
    }
    free(ids);
    return rc;
}

/* Whether q asks for an owner or for the actor's departments. */
static bool by_person(const struct query *q)
{
    return nonempty(q->owner) || q->mine || q->waiting_mine;
}

/* Whether q asks for a tag or a person: filters no index or roll-up
 * answers, which the counting statement states itself. */
static bool by_row(const struct query *q)
{
    return by_person(q) || nonempty(q->tag);
}

/* Whether a filter as you type over every open blocker has no other
 * condition than a department (which the candidates already obey), so
 * that its candidates are its matches. */
static bool text_unfiltered(const struct query *q)
{
    return q->state && strcmp(q->state, "open") == 0 && !nonempty(q->waiting_on) &&
           !nonempty(q->project) && q->severity == 0 && !q->breached && !by_row(q);
}

/* The text-filtered listing (q->text over open states) with its candidates
 * bound; the caller steps and finalises it. */
static sqlite3_stmt *text_prepare(struct store *st, const char *sql, const struct query *q,
                                  struct err *e)
{
    char *cands = NULL;
    if (blocker_text_candidates(st, q->text, q->dept, &cands, e))
        return NULL;
    struct query lq = *q;
    lq.text = NULL;
    return text_query_prepare(st, sql, bind_query, &lq, cands, e);
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
    q = query_or_all(q);
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
    struct blocker_marking m = {st, time_now()};
    return sq_collect(st, s, sizeof **out, blocker_marked_row, &m, blocker_row_fini, out, n,
                      "reading blockers", e);
}

/* The whole table in one of two orders; the key is unique, so each is total. */
static const char *const blocker_each_sql[2] = {
    BLOCKER_SELECT " ORDER BY " KEYNUM ", b.key",
    BLOCKER_SELECT " ORDER BY b.key COLLATE baton_key",
};

struct each_blocker {
    struct blocker_marking m;
    blocker_fn fn;
    void *ctx;
};

static int each_blocker_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    struct each_blocker *w = ctx;
    struct blocker b;
    blocker_marked_row(s, &b, &w->m);
    int rc = w->fn(w->ctx, &b, e);
    blocker_fini(&b);
    return rc;
}

int blocker_each(struct store *st, bool natural, blocker_fn fn, void *ctx, struct err *e)
{
    sqlite3_stmt *s = sq_prepare_query(st, blocker_each_sql[natural], NULL, e);
    if (!s)
        return -ERR_RUNTIME;
    struct each_blocker w = {{st, time_now()}, fn, ctx};
    return sq_each_row(st, s, each_blocker_row, &w, "reading blockers", e);
}

static int count_indexed(struct store *st, const struct query *q, int64_t *n, struct err *e);

int blocker_count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    *n = 0;
    q = query_or_all(q);
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
    if (rc) {
        sq_done(s);
        return rc;
    }
    return sq_int(st, s, n, NULL, "counting blockers", e);
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
    if (!str_empty(dept) && sq_bind_text(s, 1, dept) != SQLITE_OK) {
        int rc = sq_error(st, e, "counting the triage queue");
        sq_done(s);
        return rc;
    }
    bool found;
    return sq_int(st, s, n, &found, "counting the triage queue", e);
}

/* Rows of the queue before key: a range of the triage index up to it. */
static const char SQL_QUEUE_POSITION[] =
    "SELECT count(*) FROM blocker b INDEXED BY blocker_new_triage"
    " WHERE " SQL_BLOCKER_OPEN("b") " AND b.state = 'new'"
    " AND (b.sev_rank, b.raised_at, b.key_num) < (SELECT sev_rank, raised_at, key_num"
    " FROM blocker WHERE key = :key)" BLOCKER_FILTER_REST;

/* Reads blocker key into b and says whether it is in dept's queue. */
static int queue_member(struct store *st, const char *dept, const char *key, struct blocker *b,
                        bool *queued, struct err *e)
{
    int rc = blocker_get(st, key, b, e);
    *queued = !rc && b->state == BLOCKER_NEW &&
              (str_empty(dept) || str_eq(b->project_dept, dept) || str_eq(b->waiting_on, dept));
    return rc;
}

int blocker_queue_position(struct store *st, const char *dept, const char *key, int64_t *pos,
                           struct err *e)
{
    *pos = -1;
    struct blocker b = {0};
    bool queued;
    int rc = queue_member(st, dept, key, &b, &queued, e);
    blocker_fini(&b);
    if (rc || !queued)
        return rc;
    sqlite3_stmt *s = sq_prepare(st, SQL_QUEUE_POSITION, e);
    if (!s)
        return -ERR_RUNTIME;
    struct query q = {.state = "new", .dept = dept};
    rc = bind_query(st, s, &q, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":key", key, e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    return sq_int(st, s, pos, NULL, "placing a blocker in the triage queue", e);
}

/* Rows of the queue strictly between two places in its order. */
static const char SQL_QUEUE_BETWEEN[] =
    "SELECT count(*) FROM blocker b INDEXED BY blocker_new_triage"
    " WHERE " SQL_BLOCKER_OPEN("b") " AND b.state = 'new'"
    " AND (b.sev_rank, b.raised_at, b.key_num) > (:lo_rank, :lo_at, :lo_num)"
    " AND (b.sev_rank, b.raised_at, b.key_num) < (:hi_rank, :hi_at, :hi_num)" BLOCKER_FILTER_REST;

int blocker_queue_moved(struct store *st, const char *dept, const char *key, int old_severity,
                        int64_t from, int64_t *pos, struct err *e)
{
    *pos = -1;
    struct blocker b = {0};
    bool queued;
    int rc = queue_member(st, dept, key, &b, &queued, e);
    if (rc) {
        blocker_fini(&b);
        return rc;
    }
    int was = old_severity ? old_severity : 5, now = b.severity ? b.severity : 5;
    if (!queued || was == now) {
        *pos = queued ? from : -1;
        blocker_fini(&b);
        return 0;
    }
    sqlite3_stmt *s = sq_prepare(st, SQL_QUEUE_BETWEEN, e);
    if (!s) {
        blocker_fini(&b);
        return -ERR_RUNTIME;
    }
    struct query q = {.state = "new", .dept = dept};
    rc = bind_query(st, s, &q, e);
    int64_t num = strtoll(b.key + 2, NULL, 10);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":lo_rank", was < now ? was : now, e) ||
                     sq_bind_named_int(st, s, ":hi_rank", was < now ? now : was, e) ||
                     sq_bind_named_text(st, s, ":lo_at", b.raised_at, e) ||
                     sq_bind_named_text(st, s, ":hi_at", b.raised_at, e) ||
                     sq_bind_named_int(st, s, ":lo_num", num, e) ||
                     sq_bind_named_int(st, s, ":hi_num", num, e)
                 ? -e->code
                 : 0;
    if (!rc) {
        if (sqlite3_step(s) == SQLITE_ROW) {
            int64_t between = sqlite3_column_int64(s, 0);
            *pos = was < now ? from + between : from - between;
            if (*pos < 0)
                *pos = 0;
        } else {
            rc = sq_error(st, e, "placing a blocker in the triage queue");
        }
    }
    sq_done(s);
    blocker_fini(&b);
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
    return sq_collect(st, s, sizeof **keys, sq_read_text, NULL, sq_fini_text, keys, n,
                      "reading the triage queue", e);
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
    if (nonempty(q->tag))
        sb_add(sb, TAG_FILTER);
}

/* The counting statement for q (already checked and normalised). */
static void count_sql(struct strbuf *sb, const struct query *q)
{
    bool dept = nonempty(q->dept) != NULL;
    if (!q->state && !dept && !nonempty(q->waiting_on) && !nonempty(q->project) &&
        !q->severity && !q->breached && !by_row(q)) {
        sb_add(sb, "SELECT count(*) FROM blocker");
        return;
    }
    bool by_triage = q->breached && !dept && !nonempty(q->waiting_on) &&
                     !nonempty(q->project) && !by_row(q);
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
        !by_row(&lq)) {
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
        rc = sq_bind_named_text(st, s, ":state", lq.state, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":dept", nonempty(lq.dept), e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":waiting_on", nonempty(lq.waiting_on), e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":project", nonempty(lq.project), e);
    if (!rc)
        rc = sq_bind_named_int(st, s, ":severity", lq.severity, e);
    if (!rc && by_person(&lq))
        rc = bind_owner_mine(st, s, &lq, e);
    if (!rc)
        rc = sq_bind_named_text(st, s, ":tag", nonempty(lq.tag), e);
    if (rc) {
        sq_done(s);
        return rc;
    }
    return sq_int(st, s, n, NULL, "counting blockers", e);
}
