/*
 * Internal to src/core: the connection, prepared-statement cache,
 * transaction wrapper and audit writer that every entity file shares.
 * Nothing outside src/core includes this (it is the only place sqlite3.h
 * is seen).
 */
#ifndef BATON_CORE_INTERNAL_H
#define BATON_CORE_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/model.h"
#include "baton/store.h"
#include "baton/text.h"

/* Queries built from the shared health fragments below run past the 4095
 * characters C99 promises for a literal; gcc and clang take any length. */
#pragma GCC diagnostic ignored "-Woverlength-strings"

struct stmt_cache_entry {
    char *sql; /* owned copy of the text the statement was prepared from */
    uint64_t hash;
    sqlite3_stmt *stmt;
};

/* How many statement texts store_explain_recent can look back on. */
#define STORE_RECENT_MAX 64

/* Filtering projects and indicators as you type (project.c): the ids of
 * the last filter's matches, remembered while the data is unchanged (the
 * connection's total changes and the data version), in fixed buffers
 * inside struct store, so that nothing needs freeing. */
enum { TEXT_MEMO_MAX = 1001, TEXT_MEMO_TEXT = 128 };
struct text_memo {
    char text[TEXT_MEMO_TEXT]; /* "" while nothing is remembered */
    int64_t version, changes;
    size_t n;
    int64_t ids[TEXT_MEMO_MAX];
};

struct store {
    sqlite3 *db;
    char *path;
    char *actor;
    FILE *profile; /* $BATON_SQL_PROFILE: each statement's time, for benchmarks */
    bool readonly;
    bool long_read; /* inside store_read_begin's transaction */
    int tx_depth; /* nesting of store_tx_begin / store_begin */
    bool tx_failed; /* an inner write failed: the outermost end rolls back */
    bool committed; /* a transaction committed since the last store_idle() checkpoint */
    bool no_wait;   /* the busy handler gives up at once (rollup.c's catch-up) */
    int64_t sla[5];
    sqlite3_stmt *data_version_stmt;
    struct stmt_cache_entry *cache; /* open-addressing hash table by SQL text */
    size_t n_cache, cap_cache;
    int64_t session_id; /* presence row, 0 when none */
    char *view;         /* what this session looks at (store_presence_set_view) */
    int64_t busy_since_us; /* monotonic start of the current wait for a lock */
    /* Rights (store_set_rights): admin until told otherwise. */
    enum role role;
    char **lead_of;
    size_t n_lead_of;
    /* The texts of the statements run since store_explain_reset (borrowed
     * from the cache, which never frees an entry before store_close), for
     * store_explain_recent. */
    const char *recent[STORE_RECENT_MAX];
    size_t n_recent;
    /* The last filter's candidate blockers (blocker.c), reused while the
     * data is unchanged: a key press counts and lists the same filter. */
    char *filter_text, *filter_cands;
    int64_t filter_version, filter_changes;
    /* The same for the projects and indicators panes (text_filter_ids). */
    struct text_memo project_memo, indicator_memo;
    /* Why writes will fail: another user's -wal and -shm files that could
     * not be removed (companions.c), or NULL. */
    char *companions_note;
    /* The last flow computed (flow.c), reused while the data, the query
     * and the minute are the same: the flow view asks on every redraw. */
    struct flow_memo *flow_memo;
    /* Rows this connection changed for presence, which no figure reads:
     * memos keyed by the total of changes leave them out. */
    int64_t presence_changes;
};
/* Frees st->flow_memo (store_close). */
void flow_memo_free(struct store *st);
/* The flows' roll-up (schema 12, flow.c): rows of kind, key, stored,
 * computed where a blocker's stored department or a flow's stored count
 * is wrong, for rollup_verify; and its recomputation, for rollup_rebuild
 * (in the caller's transaction). */
extern const char FLOW_SQL_VERIFY[];
int flow_rebuild_tx(struct store *st, struct err *e);
/* When each indicator's status changed (schema 17, changes.c): the rows
 * recomputed from every reading, for rollup_rebuild (in the caller's
 * transaction). */
int crossing_rebuild_tx(struct store *st, struct err *e);
/* Counts flow_cell.late again for the roll-up's day just moved (rollup.c,
 * in the transaction that moved it). */
int flow_late_tx(struct store *st, struct err *e);

/* Before a read-write open of path: removes -wal and -shm files this user
 * may not write when nobody has the database open and the log is empty.
 * Returns NULL when nothing is in the way, else (caller frees) a sentence
 * saying whose files they are and what to do. */
char *store_clear_companions(const char *path);

/* A prepared statement for sql, from the cache (prepared once, reset and
 * cleared of bindings on every call). NULL with e filled on error. The
 * statement is borrowed: never finalize it; reset it when done (sq_done).
 * The same SQL text gives the same statement, so never run a statement
 * while stepping through the rows of the same text. sql may be built at
 * run time: the cache keeps its own copy. */
sqlite3_stmt *sq_prepare(struct store *st, const char *sql, struct err *e);
/* sq_prepare with the statement's first parameter bound to id, or to the
 * text key: NULL, with e filled, when either fails. */
sqlite3_stmt *sq_prepare_int(struct store *st, const char *sql, int64_t id, struct err *e);
sqlite3_stmt *sq_prepare_text(struct store *st, const char *sql, const char *key, struct err *e);
/* Resets a cached statement so it holds no snapshot. NULL is allowed. */
void sq_done(sqlite3_stmt *stmt);
/* Steps s to its end, calling row for each row (a nonzero return stops
 * the walk and is returned), then resets it; a failing step is reported
 * as reading `what`. For walks that must not hold every row at once. */
int sq_each_row(struct store *st, sqlite3_stmt *s, int (*row)(void *ctx, sqlite3_stmt *s,
                                                               struct err *e),
                void *ctx, const char *what, struct err *e);
/* Finalizes every cached statement (store_close). */
void sq_cache_free(struct store *st);
/* Steps s once and resets it: its row's column 0 goes to *out. A step
 * that fails, or that finds no row when a row is due (found NULL), is
 * reported as reading `what`; with found, *found says whether a row came
 * and *out is left alone when none did. A NULL s (a failed sq_prepare,
 * e filled) returns -ERR_RUNTIME. */
int sq_int(struct store *st, sqlite3_stmt *s, int64_t *out, bool *found, const char *what,
           struct err *e);

/* The id (column 0) of the row sql finds with key bound as ?1: 0 when
 * there is none (or key is NULL), a negative code on failure (`what`
 * names it). */
int64_t sq_id_of(struct store *st, const char *sql, const char *key, const char *what,
                 struct err *e);
/* sq_int for a text: *out becomes column 0 of s's row (caller frees), or
 * stays NULL when there is none. */
int sq_text(struct store *st, sqlite3_stmt *s, char **out, const char *what, struct err *e);

/* Binds a text or NULL. Returns the sqlite3 result (SQLITE_OK = 0). */
int sq_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* Binds an integer. Returns the sqlite3 result (SQLITE_OK = 0). */
int sq_bind_int(sqlite3_stmt *stmt, int idx, int64_t v);
/* Binds v to the parameter called name (":key") when the statement has
 * one; 0, or the failure as sq_error ("binding a query"). */
int sq_bind_named_text(struct store *st, sqlite3_stmt *s, const char *name, const char *v,
                       struct err *e);
int sq_bind_named_int(struct store *st, sqlite3_stmt *s, const char *name, int64_t v,
                      struct err *e);
/* Binds the clock (sq_bind_clock) and, when q is not NULL, what every
 * listing asks (:dept, :text, :limit, :offset), each when the statement
 * names it. */
int sq_bind_query(struct store *st, sqlite3_stmt *s, const struct query *q, struct err *e);
/* sql prepared with the clock and q bound as sq_bind_query binds them;
 * NULL, with e filled, on failure. */
sqlite3_stmt *sq_prepare_query(struct store *st, const char *sql, const struct query *q,
                               struct err *e);
/* The same with no query, and key bound as :key when sql names it. */
sqlite3_stmt *sq_prepare_key(struct store *st, const char *sql, const char *key, struct err *e);
/* q, or a query that asks for nothing when q is NULL. */
const struct query *query_or_all(const struct query *q);
/* Binds :today (YYYY-MM-DD), :soon (today + 7 days) and :now (ISO-8601)
 * when the statement names them, from time_now() (honours $BATON_NOW).
 * Every statement using SQL_PROJECT_HEALTH needs this. */
int sq_bind_clock(sqlite3_stmt *stmt);
/* Column text duplicated (NULL stays NULL); caller frees. */
char *sq_col_text(sqlite3_stmt *stmt, int col);

/* Reads the current row of a statement into row (zeroed before the
 * call), with the caller's arg; false leaves the row out. */
typedef bool (*sq_read_fn)(sqlite3_stmt *stmt, void *row, void *arg);
/* Steps sql, prepared as sq_prepare_key does, once: *found says whether
 * a row came, which read(stmt, obj, arg) reads into obj. */
int sq_get_key(struct store *st, const char *sql, const char *key, sq_read_fn read, void *arg,
               void *obj, bool *found, const char *what, struct err *e);
/* Frees what one row read by an sq_read_fn holds (not the row itself). */
typedef void (*sq_fini_fn)(void *row);

/* Steps stmt to its end, appending each row read by read() to a growing
 * array of elements of `size` bytes, then resets stmt (sq_done). On
 * success *(T **)out takes the array (NULL when no row) and *n its length;
 * on failure the rows read so far are finished by fini (when given), the
 * array is freed, e says what failed (`what`: "reading projects") and a
 * negative code is returned. A NULL stmt (a failed sq_prepare, e filled)
 * returns -ERR_RUNTIME. */
int sq_collect(struct store *st, sqlite3_stmt *stmt, size_t size, sq_read_fn read, void *arg,
               sq_fini_fn fini, void *out, size_t *n, const char *what, struct err *e);
/* The sq_collect reader NAME_row and finisher NAME_row_fini of an entity
 * whose rows read(stmt, T *) reads and fini(T *) finishes. */
#define SQ_ROW_FNS(name, T, read, fini)                                                          \
    static bool name##_row(sqlite3_stmt *stmt, void *row, void *arg)                           \
    {                                                                                          \
        (void)arg;                                                                             \
        read(stmt, (T *)row);                                                                  \
        return true;                                                                           \
    }                                                                                          \
    static void name##_row_fini(void *row)                                                     \
    {                                                                                          \
        fini((T *)row);                                                                        \
    }

/* Rows through their descriptor (entity_row.c). entity_read fills obj
 * from the current row, column i holding field i. entity_bind binds each
 * parameter :name of stmt that names a field to obj's value (NULL for
 * none). entity_audit writes an "update" row for each audited field that
 * differs between a and b, but `except`. */
struct entity;
void entity_read(const struct entity *ent, sqlite3_stmt *stmt, void *obj);
int entity_bind(struct store *st, const struct entity *ent, sqlite3_stmt *stmt, const void *obj,
                struct err *e);
int entity_audit(struct store *st, const struct entity *ent, int64_t id, const char *key,
                 const void *a, const void *b, const char *except, struct err *e);
/* Runs sql (no result rows) with obj's fields bound by name and :id bound
 * to id (unless 0); *new_id (when given) becomes the row inserted. `what` names the
 * failure ("adding the department"). */
int entity_exec(struct store *st, const struct entity *ent, const char *sql, const void *obj,
                int64_t id, int64_t *new_id, const char *what, struct err *e);
/* When next differs from cur in a written field (FL_WRITTEN): runs sql
 * as entity_exec does with next, and audits each changed field. */
int entity_update(struct store *st, const struct entity *ent, const char *sql, const void *cur,
                  const void *next, int64_t id, const char *key, const char *what, struct err *e);
/* Reads the one row of sql (the descriptor's columns) with :key bound into
 * obj; *found says whether there was one. */
int entity_get(struct store *st, const struct entity *ent, const char *sql, const char *key,
               void *obj, bool *found, const char *what, struct err *e);

/* The sq_collect reader NAME_row and finisher NAME_row_fini of rows read
 * through descriptor ent. */
#define ENTITY_ROW_FNS(name, ent)                                                                  \
    static bool name##_row(sqlite3_stmt *stmt, void *row, void *arg)                               \
    {                                                                                              \
        (void)arg;                                                                                 \
        entity_read(&(ent), stmt, row);                                                            \
        return true;                                                                               \
    }                                                                                              \
    static void name##_row_fini(void *row)                                                         \
    {                                                                                              \
        entity_fini(&(ent), row);                                                                  \
    }
/* sq_collect of rows read by entity_read: an array of structs of ent,
 * which entity_list_free frees. */
int sq_collect_entity(struct store *st, sqlite3_stmt *stmt, const struct entity *ent, void *out,
                      size_t *n, const char *what, struct err *e);

/* The row reader and finisher of a list of texts (char *): column 0. */
bool sq_read_text(sqlite3_stmt *stmt, void *row, void *arg);
void sq_fini_text(void *row);
/* Frees n texts read by sq_collect and sq_read_text, and the array. */
void sq_texts_free(char **v, size_t n);

/* Fills e from the connection's last error: ERR_RUNTIME with "what: msg",
 * or ERR_CONFLICT when the database was busy beyond the timeout (with a
 * hint to retry), ERR_USAGE for a constraint violation, ERR_DENIED when
 * the file is read-only for this user. Returns -code. */
int sq_error(struct store *st, struct err *e, const char *what);
/* When the connection's last error is a full disk (or the file size limit),
 * fills e with a message naming the database's path and returns the
 * negative code; otherwise returns 0 and leaves e alone. */
int sq_space_error(struct store *st, struct err *e, const char *what);

/* Runs sql (no result rows) with its parameters ?1..?n bound to the n
 * texts (NULL for none) when texts is not NULL, else to the n integers
 * ints; a failure is reported as `what` ("recording the skip"). */
int sq_run(struct store *st, const char *sql, const char *const *texts, const int64_t *ints,
           int n, const char *what, struct err *e);

/* Runs SQL with no result rows (no parameters). */
int sq_exec(struct store *st, const char *sql, struct err *e);
/* A page cache of kib KiB for a write that dirties many pages (the old
 * size in *old), and the old size put back afterwards. */
int sq_cache_grow(struct store *st, long kib, int64_t *old, struct err *e);
void sq_cache_restore(struct store *st, int64_t old);

/* Every write goes through these: begin opens BEGIN IMMEDIATE (or joins the
 * caller's transaction; refuses on a read-only store), end commits when
 * rc == 0 and this is the outermost level, and rolls back otherwise (also
 * when an inner level failed). end returns rc, or the commit's error. */
int store_tx_begin(struct store *st, struct err *e);
int store_tx_end(struct store *st, int rc, struct err *e);
/* One write: fn(st, arg, e) inside store_tx_begin and store_tx_end, so
 * that fn may return at its first failure and the change is kept only
 * when it returns 0. Refuses on a read-only store before calling fn.
 * Returns fn's result, or the begin's or the commit's error. */
typedef int (*store_write_fn)(struct store *st, void *arg, struct err *e);
int store_write(struct store *st, store_write_fn fn, void *arg, struct err *e);

/* Refuses writes on a read-only store (ERR_DENIED). */
int store_check_writable(struct store *st, struct err *e);

/* The rights check every write function makes before it changes anything
 * (or, when the department is only known after a read, inside its
 * transaction, so a refusal rolls back). dept and dept2 are department
 * keys (either may be NULL); what names the action for the message
 * ("declining B-7"). Returns 0, or -ERR_DENIED with a message like
 * "permission denied: declining B-7 needs lead of ENG or FIN (you, carol,
 * are a member); ask a lead or an admin".
 *
 * Which perm each write uses:
 *   department_add/update, person_add/update, store_set_org_name,
 *   store_generate, org import                       PERM_ADMIN
 *   project_add/update/depend/undepend/set_depends   PERM_EDIT, project's department
 *   blocker_add                                      PERM_RAISE
 *   blocker_apply, blocker_escalate                  PERM_TRIAGE, project's dept, waiting-on
 *   blocker_update                                   PERM_EDIT, project's dept, waiting-on
 *   blocker_import                                   PERM_ADMIN
 *   standup_add_entry, standup_entry_set_done        PERM_NOTE
 *   standup_start, standup_end, standup_visit        store_require(ROLE_LEAD): any lead
 *   indicator reading (record)                       PERM_RECORD
 *   indicator definition add/update                  PERM_EDIT, its department
 *                                                    (NULL = company-wide: admin)
 *   presence, waking snoozed blockers                none: bookkeeping, not a change
 *                                                    a user makes
 */
int store_authorize(struct store *st, enum perm p, const char *dept, const char *dept2,
                    const char *what, struct err *e);

/* Writes one audit row: now, the actor, entity, id, key, action, field, old, new. */
int audit(struct store *st, const char *entity, int64_t id, const char *key, const char *action,
          const char *field, const char *old_value, const char *new_value, struct err *e);
/* An audit row for a field only when old and new differ (NULL-aware). */
int audit_change(struct store *st, const char *entity, int64_t id, const char *key,
                 const char *field, const char *old_value, const char *new_value, struct err *e);
int audit_change_int(struct store *st, const char *entity, int64_t id, const char *key,
                     const char *field, int64_t old_value, int64_t new_value, struct err *e);

/* "2026-11-26T09:00:00Z" for now (honours $BATON_NOW); buffer of 32. */
void store_now(char out[32]);

/* Id of the department/project/blocker with this key; 0 when absent (no
 * error), negative on database error. */
int64_t store_department_id(struct store *st, const char *key, struct err *e);
int64_t store_project_id(struct store *st, const char *key, struct err *e);
int64_t store_blocker_id(struct store *st, const char *key, struct err *e);
/* The login nearest to login (caller frees), or NULL when none is near. */
char *store_person_nearest(struct store *st, const char *login);
/* 0 when login is empty or names a person of the organisation; else
 * ERR_USAGE "no person 'pferiera'; did you mean pferreira?". Owners and
 * escalation targets must be people: every path that sets one asks here. */
int store_check_person(struct store *st, const char *login, struct err *e);
/* ERR_USAGE when a new key of kind differs only in case from a stored
 * one ("project key eng-1 differs only in case from the existing project
 * ENG-1; ..."); every add that takes a key asks here first. */
int store_key_twin_check(struct store *st, enum store_key_kind kind, const char *key,
                         struct err *e);

/* The conflict message for a stale edit: who changed entity/key last, when,
 * and what. Returns -ERR_CONFLICT. */
int store_conflict(struct store *st, const char *entity, int64_t id, const char *key,
                   struct err *e);

/*
 * Derived health in SQL, written once so that every roll-up agrees. Each
 * yields an integer that is the enum health value (0 unknown, 1 green,
 * 2 amber, 3 red), so "worst" is MAX(). The argument is the alias (a string
 * literal, e.g. SQL_PROJECT_HEALTH("p")) of a project / indicator row in
 * the enclosing query; the fragments use the inner aliases hb, hd, hq, hr, ht, hm,
 * so the caller's alias must be none of those. Statements using
 * SQL_PROJECT_HEALTH must call sq_bind_clock(), and must name their own
 * parameters too (:key, not ?1): SQLite numbers :today before a later ?1,
 * and the two would share a slot.
 */
#define SQL_BLOCKER_OPEN(b) "(" b ".state IN ('new','accepted','in_progress','snoozed'))"
#define SQL_PROJECT_CLOSED(p) "(" p ".status IN ('done','cancelled'))"
/* The fragments below come in two forms: with the clock bound as :today
 * and :soon (sq_bind_clock), for queries; and _AT forms taking the clock
 * as SQL expressions, for the roll-up triggers, which read the day the
 * stored roll-up was computed for (rollup.c). */
/* Overdue: due before today and not done/cancelled (0 or 1). */
#define SQL_PROJECT_OVERDUE_AT(p, today)                                                         \
    "(" p ".due IS NOT NULL AND substr(" p ".due,1,10) < " today " AND NOT "                     \
    SQL_PROJECT_CLOSED(p) ")"
#define SQL_PROJECT_OVERDUE(p) SQL_PROJECT_OVERDUE_AT(p, ":today")
/* Has an open blocker of severity sev (a digit literal). */
#define SQL_PROJECT_HAS_OPEN_SEV(p, sev)                                                         \
    "EXISTS (SELECT 1 FROM blocker hb WHERE hb.project_id = " p ".id AND hb.severity = " sev      \
    " AND " SQL_BLOCKER_OPEN("hb") ")"
/* Red by its own rules, without looking at dependencies; sev1 says
 * whether it has an open severity-1 blocker (the _WITH form lets a check
 * of every project find those by one grouped scan instead). */
#define SQL_PROJECT_RED_SELF_WITH(p, today, sev1)                                                \
    "(NOT " SQL_PROJECT_CLOSED(p) " AND (" p ".health = 'red' OR (" p ".health IS NULL AND ("    \
    SQL_PROJECT_OVERDUE_AT(p, today) " OR " sev1 "))))"
#define SQL_PROJECT_RED_SELF_AT(p, today)                                                        \
    SQL_PROJECT_RED_SELF_WITH(p, today, SQL_PROJECT_HAS_OPEN_SEV(p, "1"))
#define SQL_PROJECT_RED_SELF(p) SQL_PROJECT_RED_SELF_AT(p, ":today")
/* Does project p depend on a project that is red by its own rules? The
 * query form computes it; the stored form reads the red_self column the
 * roll-up keeps (rollup.c). */
#define SQL_PROJECT_DEP_RED(p)                                                                   \
    "EXISTS (SELECT 1 FROM project_dependency hd JOIN project hq"                                \
    " ON hq.id = hd.depends_on_id WHERE hd.project_id = " p ".id AND "                           \
    SQL_PROJECT_RED_SELF("hq") ")"
#define SQL_PROJECT_DEP_RED_STORED(p)                                                            \
    "EXISTS (SELECT 1 FROM project_dependency hd JOIN project hq"                                \
    " ON hq.id = hd.depends_on_id WHERE hd.project_id = " p ".id AND hq.red_self)"
/* Effective health of project p (project.h): done/cancelled green; set by
 * hand; red when overdue or with an open severity-1 blocker; amber when
 * due within 7 days under 80 %, with an open severity-2 blocker, or
 * depending on a project that is red by its own rules (dep_red); green
 * otherwise. */
#define SQL_PROJECT_HEALTH_WITH(p, today, soon, sev1, sev2, dep_red)                             \
    "(CASE WHEN " SQL_PROJECT_CLOSED(p) " THEN 1"                                                \
    " WHEN " p ".health = 'green' THEN 1 WHEN " p ".health = 'amber' THEN 2"                     \
    " WHEN " p ".health = 'red' THEN 3"                                                          \
    " WHEN " SQL_PROJECT_OVERDUE_AT(p, today) " THEN 3"                                          \
    " WHEN " sev1 " THEN 3"                                                                      \
    " WHEN " p ".due IS NOT NULL AND substr(" p ".due,1,10) <= " soon " AND " p ".progress < 80" \
    " THEN 2"                                                                                    \
    " WHEN " sev2 " THEN 2"                                                                      \
    " WHEN " dep_red " THEN 2"                                                                   \
    " ELSE 1 END)"
#define SQL_PROJECT_HEALTH_AT(p, today, soon, dep_red)                                           \
    SQL_PROJECT_HEALTH_WITH(p, today, soon, SQL_PROJECT_HAS_OPEN_SEV(p, "1"),                    \
                            SQL_PROJECT_HAS_OPEN_SEV(p, "2"), dep_red)
#define SQL_PROJECT_HEALTH(p)                                                                    \
    SQL_PROJECT_HEALTH_AT(p, ":today", ":soon", SQL_PROJECT_DEP_RED(p))
/* Status of a value v under direction dir and thresholds tg, am, rd (each
 * an SQL expression; NULL when absent), as indicator_status() computes it;
 * NULL v is unknown (0). */
#define SQL_HEALTH_OF(dir, v, tg, am, rd)                                                        \
    "(CASE WHEN (" v ") IS NULL THEN 0"                                                          \
    " WHEN " dir " = 'down' THEN (CASE"                                                          \
    "  WHEN " rd " IS NOT NULL AND (" v ") > " rd " THEN 3"                                      \
    "  WHEN " am " IS NOT NULL AND (" v ") > " am " THEN 2"                                      \
    "  WHEN " rd " IS NOT NULL OR " am " IS NOT NULL THEN 1"                                     \
    "  WHEN " tg " IS NOT NULL AND (" v ") > " tg " THEN 3"                                      \
    "  ELSE 1 END)"                                                                              \
    " ELSE (CASE"                                                                                \
    "  WHEN " rd " IS NOT NULL AND (" v ") < " rd " THEN 3"                                      \
    "  WHEN " am " IS NOT NULL AND (" v ") < " am " THEN 2"                                      \
    "  WHEN " rd " IS NOT NULL OR " am " IS NOT NULL THEN 1"                                     \
    "  WHEN " tg " IS NOT NULL AND (" v ") < " tg " THEN 3"                                      \
    "  ELSE 1 END) END)"
/* Status of a value v under indicator i's own (base) thresholds. */
#define SQL_INDICATOR_STATUS_OF(i, v)                                                            \
    SQL_HEALTH_OF(i ".direction", v, i ".target", i ".amber", i ".red")
/* Targets change over time (indicator_target, indicator.h): a reading is
 * judged by the row in force at its time, the latest from_at at or before
 * it, else by the indicator's own columns, so history is never recoloured.
 * SQL_INDICATOR_TARGET_JOIN joins that row as ht to a reading aliased hr;
 * SQL_INDICATOR_THR(i, col) is then threshold col (target, amber, red). */
#define SQL_INDICATOR_TARGET_JOIN                                                                \
    " LEFT JOIN indicator_target ht ON ht.indicator_id = hr.indicator_id AND ht.from_at ="     \
    " (SELECT max(hm.from_at) FROM indicator_target hm WHERE hm.indicator_id = hr.indicator_id" \
    " AND hm.from_at <= hr.at)"
#define SQL_INDICATOR_THR(i, col)                                                                \
    "(CASE WHEN ht.indicator_id IS NULL THEN " i "." col " ELSE ht." col " END)"
/* Status of reading hr of indicator i, under the thresholds in force at
 * its time (needs SQL_INDICATOR_TARGET_JOIN). */
#define SQL_READING_STATUS(i)                                                                    \
    SQL_HEALTH_OF(i ".direction", "hr.value", SQL_INDICATOR_THR(i, "target"),                  \
                  SQL_INDICATOR_THR(i, "amber"), SQL_INDICATOR_THR(i, "red"))
/* Latest reading's value of indicator i (NULL when none); uses the
 * UNIQUE(indicator_id, at) index. */
#define SQL_INDICATOR_LATEST(i)                                                                  \
    "(SELECT hr.value FROM reading hr WHERE hr.indicator_id = " i ".id"                         \
    " ORDER BY hr.at DESC LIMIT 1)"
/* Status of indicator i: its latest reading judged by the thresholds in
 * force when it was taken (two index seeks). */
#define SQL_INDICATOR_STATUS(i)                                                                  \
    "COALESCE((SELECT " SQL_READING_STATUS(i) " FROM reading hr" SQL_INDICATOR_TARGET_JOIN      \
    " WHERE hr.indicator_id = " i ".id ORDER BY hr.at DESC LIMIT 1), 0)"


/*
 * The roll-up kept by triggers (schema migration 8, rollup.c). Each
 * project stores its effective health (derived) and whether it is red by
 * its own rules (red_self), each indicator its status, and
 * department_stats counts per department what the departments pane shows:
 * open and new blockers (as the project's department or as waiting-on),
 * open projects by health, indicators by status. Date-dependent parts are
 * computed for the day in rollup_day; rollup_ready() moves that day
 * forward, recomputing only the projects whose due date lies between.
 */
#define ROLLUP_TODAY "(SELECT today FROM rollup_day)"
#define ROLLUP_SOON "(SELECT soon FROM rollup_day)"
#define ROLLUP_PROJECT_DERIVED                                                                   \
    SQL_PROJECT_HEALTH_AT("project", ROLLUP_TODAY, ROLLUP_SOON,                                  \
                          SQL_PROJECT_DEP_RED_STORED("project"))
#define ROLLUP_PROJECT_RED_SELF "COALESCE(" SQL_PROJECT_RED_SELF_AT("project", ROLLUP_TODAY) ", 0)"
/* UPDATE statements recomputing the stored columns of the rows matching
 * the condition cond. */
#define ROLLUP_PROJECT_RECOMPUTE(cond)                                                           \
    "UPDATE project SET derived = " ROLLUP_PROJECT_DERIVED ", red_self = "                       \
    ROLLUP_PROJECT_RED_SELF " WHERE " cond ";"
/* Only derived: for the projects depending on one whose red_self changed.
 * Their own red_self cannot change with it, and a trigger changing it
 * there would not fire again (SQLite triggers do not recurse). */
#define ROLLUP_PROJECT_RECOMPUTE_DERIVED(cond)                                                   \
    "UPDATE project SET derived = " ROLLUP_PROJECT_DERIVED " WHERE " cond ";"
#define ROLLUP_INDICATOR_RECOMPUTE(cond)                                                         \
    "UPDATE indicator SET status = " SQL_INDICATOR_STATUS("indicator") " WHERE " cond ";"

/* Brings the stored roll-up to today when it can: *ready says whether
 * department_stats and the stored columns may be read (false on a
 * read-only store whose roll-up is of another day, or when the update
 * failed; the caller then computes the roll-up in full). */
int rollup_ready(struct store *st, bool *ready, struct err *e);
/* Recomputes every stored roll-up column and count for today. */
int rollup_rebuild(struct store *st, struct err *e);
/* Counts what the stored roll-up gets wrong against a full computation
 * (projects, indicators, departments), describing the first few in
 * report when it is not NULL; -1, saying why in report, when it cannot be
 * checked (a read-only database whose roll-up is of another day); -2,
 * saying why, when a writable database's cannot be brought to today. */
struct strbuf;
int rollup_verify(struct store *st, struct strbuf *report, int64_t *wrong, struct err *e);
/* The model's invariants (invariants.c): one "model: KEY what" line per
 * row that breaks one; *found counts them. Returns 0 unless the reading
 * failed. */
int store_check_model(struct store *st, struct strbuf *report, int64_t *found, struct err *e);
/* The checks of the stored counts that do not read what they count (check --quick). */
int rollup_verify_quick(struct store *st, struct strbuf *report, int64_t *wrong, struct err *e);
/* Projects (or indicators) of q's department, or of all without one,
 * from the stored roll-up; *known false when it cannot say (a text
 * filter, a roll-up never computed, no such department). */
int rollup_count(struct store *st, const struct query *q, bool indicators, int64_t *n,
                 bool *known, struct err *e);
/* Department dept's open projects at risk (amber or red) and indicators
 * off target, from the stored roll-up; the projects' figure is of the
 * roll-up's day, so read it only once rollup_ready() said ready. */
int rollup_off_counts(struct store *st, const char *dept, int64_t *at_risk, int64_t *off,
                      bool *known, struct err *e);
/* A table filtered as you type by index (project.c, for projects and
 * indicators): key_sql lists the ids whose lower(key) lies in
 * [lower(?1), lower(?1) || U+10FFFF) (the keys starting with ?1) in key
 * order, at most ?2; fts_sql the ids matching the full-text query ?1, at
 * most ?2. */
struct text_index {
    const char *key_sql, *fts_sql;
    /* the same narrowed to the department whose key is ?3; and the rows of
     * the JSON array ?1 that are of department ?2, in the array's order */
    const char *key_sql_dept, *fts_sql_dept, *keep_sql_dept;
    const char *what; /* "filtering projects", for messages */
    /* The table's listing (text_query_count): its memo, struct store's
     * member at memo_off; at most cap candidates (cap + 1 <=
     * TEXT_MEMO_MAX); its counts of q without and with candidates
     * (:cands); whether the roll-up's count is of indicators; the count's
     * failure ("counting projects"). */
    size_t memo_off, cap;
    const char *count_sql, *text_count_sql;
    bool indicators;
    const char *counting;
    const char *one; /* "project", in messages */
};
/* The text_index of table (aliased a in its statements), searched through
 * its index TABLE_key_lower and its full-text table TABLE_fts, with its
 * memo st->TABLE_memo; its rows are called names in messages ("filtering
 * projects"). */
#define TEXT_INDEX(table, a, names, cap_, count, text_count, indicators_)                        \
    {                                                                                            \
        .key_sql = "SELECT id FROM " #table " INDEXED BY " #table "_key_lower"                  \
                   " WHERE lower(key) >= lower(?1) AND lower(key) < lower(?1) || char(1114111)" \
                   " ORDER BY lower(key) LIMIT ?2",                                              \
        .fts_sql = "SELECT rowid FROM " #table "_fts WHERE " #table "_fts MATCH ?1 LIMIT ?2",    \
        .key_sql_dept = "SELECT id FROM " #table " INDEXED BY " #table "_key_lower"             \
                        " WHERE lower(key) >= lower(?1) AND lower(key) < lower(?1)"            \
                        " || char(1114111)"                                                     \
                        " AND department_id = (SELECT id FROM department WHERE key = ?3)"       \
                        " ORDER BY lower(key) LIMIT ?2",                                        \
        .fts_sql_dept = "SELECT " #table "_fts.rowid FROM " #table "_fts CROSS JOIN " #table    \
                        " " a " ON " a ".id = " #table "_fts.rowid WHERE " #table "_fts MATCH ?1" \
                        " AND " a ".department_id = (SELECT id FROM department WHERE key = ?3)" \
                        " LIMIT ?2",                                                            \
        .keep_sql_dept = "SELECT " a ".id FROM json_each(?1) j CROSS JOIN " #table " " a        \
                         " ON " a ".id = j.value"                                               \
                         " WHERE " a ".department_id = (SELECT id FROM department WHERE key = ?2)" \
                         " ORDER BY j.key",                                                     \
        .what = "filtering " names, .memo_off = offsetof(struct store, table##_memo),           \
        .cap = cap_, .count_sql = count, .text_count_sql = text_count,                           \
        .indicators = indicators_, .counting = "counting " names, .one = #table,                 \
    }
/* The ids of the first cap + 1 rows that text matches: those whose key
 * starts with text (spaces around it ignored, case-insensitive), then
 * those where each word of text begins a word of the indexed columns,
 * each row once, only those of department dept when it is not NULL (so
 * that a narrowed pane's count is its own); as a JSON array for json_each in *json (caller frees),
 * how many in *n. Remembered in memo while the data is unchanged.
 * cap + 1 <= TEXT_MEMO_MAX. */
int text_filter_ids(struct store *st, const struct text_index *ti, struct text_memo *memo,
                    const char *text, const char *dept, size_t cap, char **json, size_t *n,
                    struct err *e);
/* The candidates of q's text filter in ti's table as text_filter_ids
 * finds them (*cands NULL when q has no text; caller frees), *nc how many. */
int text_query_cands(struct store *st, const struct text_index *ti, const struct query *q,
                     char **cands, size_t *nc, struct err *e);
/* A listing's start: ERR_USAGE unless q's sort is one of the table's
 * nsorts, then its candidates as text_query_cands finds them. */
int text_query_begin(struct store *st, const struct text_index *ti, const struct query *q,
                     size_t nsorts, char **cands, struct err *e);
/* Binds q as bind does (sq_bind_query for most) */
typedef int (*query_bind_fn)(struct store *st, sqlite3_stmt *s, const struct query *q,
                             struct err *e);
/* sql prepared with q bound by bind and the candidates cands bound as
 * :cands when not NULL; frees cands. NULL, with e filled, on failure. */
sqlite3_stmt *text_query_prepare(struct store *st, const char *sql, query_bind_fn bind,
                                 const struct query *q, char *cands, struct err *e);
/* How many rows of ti's table q lists (NULL: all): the candidates'
 * count when they are the answer, else the roll-up's or the count's. */
int text_query_count(struct store *st, const struct text_index *ti, const struct query *q,
                     int64_t *n, struct err *e);

/* department_list computing the roll-up in full, as a reader that cannot
 * use the stored one does. */
struct department;
int department_list_full(struct store *st, const struct query *q, struct department **out,
                         size_t *n, struct err *e);

#endif
