/*
 * store: the shared model in one SQLite file. This module (and the rest of
 * src/core) is the only place that speaks SQL; its API speaks of baton's
 * entities so another backend could stand behind it later.
 *
 * Every write runs inside BEGIN IMMEDIATE and writes its audit rows in the
 * same transaction. A caller that wants several writes to be one
 * transaction (import, bulk verdicts) wraps them in store_begin/
 * store_commit; writes made inside join that transaction.
 *
 * Entity functions live in their own headers (department.h, project.h ...)
 * and take the struct store * opened here.
 */
#ifndef BATON_STORE_H
#define BATON_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>

#include "baton/err.h"
#include "baton/model.h"
#include "baton/str.h"

#define STORE_SCHEMA_VERSION 19

struct store;

enum store_flags {
    STORE_CREATE = 1 << 0,   /* create the file (and migrate) if missing */
    STORE_READONLY = 1 << 1, /* open read-only; never migrates or writes */
};

/* Opens (and migrates forward, unless read-only) the database at path. A
 * file that is not a baton database, or whose schema is newer than this
 * program, is refused untouched with a message (ERR_RUNTIME). A missing
 * file without STORE_CREATE is ERR_USAGE with a hint to run `baton init`. */
int store_open(struct store **out, const char *path, int flags, struct err *e);
/* The schema version a database file's header states (0 for a new or
 * empty file, -1 when it cannot be read), without opening it: what
 * store_open would upgrade from. */
int store_file_schema(const char *path);
void store_close(struct store *st);
const char *store_path(const struct store *st);

/* The login every change is recorded under (default: "unknown"). */
void store_set_actor(struct store *st, const char *login);
const char *store_actor(const struct store *st);

/*
 * Rights (DESIGN.md: identity and roles). The check lives here, so the
 * cockpit, every CLI verb and import obey one rule. Each write function
 * refuses what the actor may not do with ERR_DENIED, a message naming the
 * role needed, and nothing written.
 */
enum perm {
    PERM_READ = 0, /* everyone, viewers included */
    PERM_RAISE,    /* raise a blocker: member */
    PERM_RECORD,   /* record an indicator reading: member */
    PERM_NOTE,     /* comments, notes, stand-up entries: member */
    PERM_TRIAGE,   /* verdicts and escalation of a blocker: lead of its project's
                      department or of the department it waits on */
    PERM_EDIT,     /* edit projects, blockers, indicators; run a stand-up: lead
                      of the department (company-wide things: admin) */
    PERM_ADMIN,    /* departments, people, import, demo data: admin */
    PERM_COUNT
};
const char *perm_name(enum perm p); /* "raise", "triage" ... */
/* The least role p needs (a lead: of the department in question). */
enum role perm_role(enum perm p);

/* What a user may do, each with the permission it needs: the one table of
 * rights per action, which the cockpit reads to grey and refuse its keys
 * and the command line to refuse its commands before they run. */
enum action {
    ACT_READ = 0,
    ACT_ADD_DEPARTMENT,
    ACT_EDIT_DEPARTMENT,
    ACT_ADD_PROJECT,
    ACT_EDIT_PROJECT,
    ACT_RAISE_BLOCKER,
    ACT_EDIT_BLOCKER,
    ACT_RECORD_READING,
    ACT_EDIT_INDICATOR,
    ACT_ACCEPT,
    ACT_START,
    ACT_SET_SEVERITY,
    ACT_SET_OWNER,
    ACT_SET_WAITING_ON,
    ACT_ESCALATE,
    ACT_RESOLVE,
    ACT_DECLINE,
    ACT_DUPLICATE,
    ACT_SNOOZE,
    ACT_REOPEN,
    ACT_COMMENT,
    ACT_UNDO,
    ACT_RUN_STANDUP,
    ACT_STANDUP_NEXT,
    ACT_STANDUP_PREV,
    ACT_STANDUP_SKIP,
    ACT_STANDUP_END,
    ACT_STANDUP_NOTE,
    ACT_STANDUP_DECISION,
    ACT_STANDUP_ACTION,
    ACT_STANDUP_PARKING,
    ACT_CREATE_DATABASE,
    ACT_GENERATE_DEMO,
    ACT_IMPORT,
    ACT_EDIT_OBJECTIVE, /* a department's objective: its lead; a company one: an admin */
    ACT_CHECKIN_OBJECTIVE, /* a confidence check-in: the objective's owner (a member),
                              or whoever may edit it */
    ACT_COUNT
};
struct action_rule {
    enum perm perm;
    bool any_lead;    /* a per-department right that names no department (adding a
                         project, running a stand-up): leading some department will do */
    const char *what; /* for a refusal: "raising a blocker" */
};
/* The row of a (ACT_READ's for anything else). */
const struct action_rule *store_action(enum action a);
/* Whether the actor may do a on something of departments dept and dept2
 * (either may be NULL); leads_any: the actor leads some department. */
bool store_may_act(const struct store *st, enum action a, const char *dept, const char *dept2,
                   bool leads_any);
/* Appends whom p needs: "an admin", "the member role", "a lead" (any_lead),
 * "lead of ENG or FIN", "an admin (it belongs to no department)". */
void perm_need_phrase(enum perm p, bool any_lead, const char *dept, const char *dept2,
                      struct strbuf *out);

/* What the actor is: role is the company-wide role (a lead passes
 * ROLE_MEMBER or ROLE_LEAD) and lead_of the department keys they lead
 * (copied). Without a call the actor is an admin, so a single-user install
 * just works. Returns 0. */
int store_set_rights(struct store *st, enum role role, const char *const *lead_of,
                     size_t n_lead_of);
/* The actor's role for dept (NULL = company-wide: admin, member or viewer;
 * a lead of any department is a member there). */
enum role store_role(const struct store *st, const char *dept);
/* Whether the actor may do p on something of department dept, or of dept2
 * (a blocker's waiting-on department; may be NULL). Never fails: for the
 * screen to grey out what would be refused. */
bool store_may(const struct store *st, enum perm p, const char *dept, const char *dept2);
/* ERR_DENIED unless the actor has at least role need company-wide (a lead
 * of any department counts as a lead); what names the action for the
 * message ("importing an organisation"). */
int store_require(struct store *st, enum role need, const char *what, struct err *e);
/* True when the store was opened read-only (the cockpit shows a banner). */
bool store_readonly(const struct store *st);

/* Per-severity SLA response times in seconds, index 1..4 (0 unused).
 * Defaults: 4h, 1d, 3d, 1w. */
void store_set_sla(struct store *st, const int64_t seconds[5]);
int64_t store_sla(const struct store *st, int severity);

/* Explicit transaction around several writes. Nested begin/commit pairs are
 * counted; only the outermost commits. Rollback undoes the whole thing. */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* A long read, such as an export: its statements read one snapshot, and
 * sorts larger than the page cache go to temporary files rather than
 * memory. Inside a transaction already, begin does nothing. */
int store_read_begin(struct store *st, struct err *e);
void store_read_end(struct store *st);

/* A number that changes whenever another connection has committed: poll it
 * to notice colleagues' changes. */
int store_data_version(struct store *st, int64_t *out, struct err *e);
/* For an interactive session: the write-ahead log is not copied into the
 * database by whichever change happens to fill it (a pause of 10-20 ms at
 * a million blockers, in the middle of a key press), but by store_idle(),
 * called when the user is not typing. */
void store_defer_checkpoints(struct store *st);
/* Copies the log into the database if this session committed since the
 * last time (without waiting for readers; a later call finishes). */
void store_idle(struct store *st);

int store_schema_version(struct store *st);
/* Integrity check, foreign-key check, the model's invariants (each row
 * that breaks one, by key), the stored roll-up and the schema version,
 * written to report one finding per line. Returns 0 when all is well,
 * -ERR_RUNTIME otherwise. */
int store_check(struct store *st, struct strbuf *report, struct err *e);
/* The part of store_check whose cost does not grow with the rows: the
 * schema version and the stored roll-up's counts against one another (not
 * against the rows); the integrity and foreign-key checks are skipped. */
int store_check_quick(struct store *st, struct strbuf *report, struct err *e);
/* Recomputes the stored roll-up (what the departments pane shows) in full
 * from the rows: the repair for what store_check reports as stale. */
int store_repair(struct store *st, struct err *e);

/* The organisation's name (meta table); NULL/"" when unset. Caller frees. */
char *store_org_name(struct store *st);
int store_set_org_name(struct store *st, const char *name, struct err *e);
/* The organisation's time zone, an IANA name ("UTC" when it names none);
 * the caller frees it. Setting it (admin) checks that the zone exists. */
char *store_org_timezone(struct store *st);
int store_set_org_timezone(struct store *st, const char *zone, struct err *e);

/* Presence: who has the cockpit open. beat inserts or refreshes this
 * process's row (login, pid, host, terminal, view) and deletes the rows
 * whose heartbeat is older than 90 seconds: processes that died without
 * leaving. count returns sessions seen within the last 90 seconds, other
 * than this process. Presence needs no role (a viewer is present too), but
 * a read-only store cannot record it (ERR_DENIED). */
int store_presence_beat(struct store *st, struct err *e);
int store_presence_leave(struct store *st);
int store_presence_count(struct store *st, int *others, struct err *e);
/* What this session is looking at ("blockers", "B-17", "stand-up"); NULL
 * clears it. Kept for the next beat, and written at once when this
 * process already has a row and the view changed. */
int store_presence_set_view(struct store *st, const char *what, struct err *e);

/* One colleague's open cockpit. */
struct presence {
    char *login;
    char *host;         /* may be NULL */
    char *tty;          /* "pts/3", may be NULL */
    char *view;         /* what they look at, may be NULL */
    char *started_at;   /* ISO-8601 UTC */
    char *heartbeat_at; /* ISO-8601 UTC */
    int64_t pid;
};
/* Sessions seen within the last 90 seconds other than this process's,
 * by login then start. The caller frees with store_presence_list_free. */
int store_presence_list(struct store *st, struct presence **out, size_t *n, struct err *e);
void store_presence_list_free(struct presence *v, size_t n);

/*
 * Query plans, for tests and for finding out why something is slow. The
 * store remembers the distinct statements run since the last reset (up to
 * 64, in the order first run); store_explain_recent appends, for each, its
 * SQL on one line, then one line per step of its EXPLAIN QUERY PLAN
 * indented by two spaces per level ("  SEARCH b USING INDEX ..."), then an
 * empty line. Nothing is executed. Returns 0, or -ERR_RUNTIME when a plan
 * cannot be read.
 */
void store_explain_reset(struct store *st);
int store_explain_recent(struct store *st, struct strbuf *out, struct err *e);

/* Generates the deterministic demo organisation of DESIGN.md: n blockers,
 * n/10 projects, 12 or more departments, n/100 indicators with a year of
 * readings each, in one transaction. The database must be empty. */
int store_generate(struct store *st, long n, unsigned long seed, struct err *e);

/* Only for demo data just loaded from an organisation file into an empty
 * database (`baton demo`): moves the load's audit rows to the times and
 * people the data describes, so histories and "what changed since the last
 * stand-up" read as the organisation's story, not as the load. A blocker's
 * rows go to its raised_at (created by raised_by; verdicts by the
 * waiting-on, else the project's, department lead); a reading's row to its
 * time (by the indicator's owner or lead); every other row to a day before
 * the earliest blocker or reading (by the lead of what it created). On a
 * live organisation it would rewrite real history: never call it there. */
int store_backdate_import(struct store *st, struct err *e);

/* What a list call shows: which rows, in which order, which window.
 * Fields that do not apply to an entity are ignored. Zero-initialise and
 * set what you need. */
/* Whether any row of ent holds a value in field f (a column of its own
 * table, named as the field). */
struct entity;
struct entity_field;
int store_entity_any(struct store *st, const struct entity *ent, const struct entity_field *f,
                     bool *any, struct err *e);

struct query {
    const char *dept;    /* only this department's rows (blockers: the
                            project's department or the waiting-on one) */
    const char *text;    /* case-insensitive substring of key or title/name */
    int sort;            /* entity's sort column (see each header); 0 = default */
    bool desc;           /* invert the sort */
    int64_t offset;      /* window start */
    int limit;           /* window size; 0 = all rows */
    /* Keyset anchors: optional hints that name the same window as offset
     * by a neighbouring row, so that a list whose order an index serves
     * seeks to it instead of stepping over offset rows. after = the id of
     * the row just before the window (row offset - 1); before = the id of
     * the row just after it (row offset + limit); last = the window is the
     * final limit rows. A list uses at most one (last, then after, then
     * before) and falls back to offset when its order has no index or the
     * anchor row is no longer in the list; either way the rows are those
     * of the current data in the query's order. Ignored when limit is 0. */
    int64_t after;
    int64_t before;
    bool last;
    /* blockers */
    const char *state;   /* a state name, "open" for every open state, "closed" for
                            resolved, declined and duplicate */
    const char *waiting_on; /* department key */
    const char *project; /* project key */
    int severity;        /* 1-4; 0 = any */
    bool breached;       /* only open blockers past their SLA */
    const char *owner;   /* only this person's (a login) */
    bool mine;           /* only the actor's (owner = the actor) */
    bool waiting_mine;   /* only those waiting on a department the actor leads */
    const char *tag;     /* only those tagged with it (exactly) */
};

/* Keys regardless of case (src/core/keys.c). */
enum store_key_kind {
    STORE_KEY_DEPARTMENT = 0,
    STORE_KEY_PROJECT,
    STORE_KEY_BLOCKER,
    STORE_KEY_INDICATOR,
    STORE_KEY_OBJECTIVE,
};
/* The key a person meant by key: *out is NULL when key is stored as it is
 * or matches nothing (or several) regardless of case; else (caller frees)
 * the one stored key that equals it but for case ("b-3" gives "B-3"). */
int store_key_resolve(struct store *st, enum store_key_kind kind, const char *key, char **out,
                      struct err *e);

#endif
