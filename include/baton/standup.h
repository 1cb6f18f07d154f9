/*
 * standup: a stand-up session and what was typed in it.
 */
#ifndef BATON_STANDUP_H
#define BATON_STANDUP_H

#include <stddef.h>
#include <stdint.h>

#include "baton/blocker.h"
#include "baton/changes.h"
#include "baton/entity.h"
#include "baton/indicator.h"
#include "baton/model.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/timeutil.h"

struct standup {
    int64_t id;
    char *facilitator;
    char *since; /* what "changed since the last stand-up" reaches back to */
    char *started_at;
    char *ended_at; /* NULL while running */
    char *current_department;
};

struct standup_entry {
    int64_t id;
    int64_t standup_id;
    char *department; /* key, may be NULL */
    enum standup_kind kind;
    char *text;
    char *owner; /* actions */
    char *due;   /* actions */
    bool past_due_ok; /* adding: an action due before today was confirmed (standup_due_past) */
    bool done;
    char *created_by;
    char *created_at;
};

/* Each field of a stand-up entry, once (baton/entity.h). */
extern const struct entity standup_entry_entity;

void standup_fini(struct standup *s);
void standup_list_free(struct standup *v, size_t n);
void standup_entry_list_free(struct standup_entry *v, size_t n);

/* Starts a session facilitated by the actor; *id receives its id. */
int standup_start(struct store *st, int64_t *id, struct err *e);
int standup_end(struct store *st, int64_t id, struct err *e);
int standup_get(struct store *st, int64_t id, struct standup *out, struct err *e);
/* The newest first. */
int standup_list(struct store *st, int limit, struct standup **out, size_t *n, struct err *e);
/* An action due before today (the organisation's calendar) is refused
 * (ERR_USAGE, the message saying so) unless x->past_due_ok: a date in the
 * past is more often a slip than meant, so the caller asks first. */
int standup_add_entry(struct store *st, const struct standup_entry *x, int64_t *id,
                      struct err *e);
/* Whether due (YYYY-MM-DD or a time; NULL is not) is before today in the
 * organisation's calendar: what standup_add_entry wants confirmed. */
bool standup_due_past(const char *due);
int standup_entries(struct store *st, int64_t standup_id, struct standup_entry **out, size_t *n,
                    struct err *e);

/* The running stand-up (the newest one not ended); *id is 0 when none. */
int standup_current(struct store *st, int64_t *id, struct err *e);
/* Makes dept (key) the department on the page of stand-up id, adding
 * seconds_on_previous to the time spent on the one it leaves (if any).
 * A department reached gets its row in standup_times at once (0 s). */
int standup_visit(struct store *st, int64_t id, const char *dept, int64_t seconds_on_previous,
                  struct err *e);
/* Seconds spent on dept (key) in stand-up id; 0 when never visited. */
int standup_time_spent(struct store *st, int64_t id, const char *dept, int64_t *seconds,
                       struct err *e);
/* Marks an action done or not done again (audited). */
int standup_entry_set_done(struct store *st, int64_t entry_id, bool done, struct err *e);

/* ---- the walk, the since-window and the department pages ---- */

/* Where "what changed" starts for a stand-up beginning at now: the end of
 * the newest stand-up that ended at or before now. On a Monday, stand-ups
 * that ended over the weekend just past are passed over, so Monday's
 * reaches back to Friday's. With no earlier stand-up: 24 hours before now
 * (on a Monday 72 hours: Friday at the same hour). Days are UTC days. */
int standup_since(struct store *st, btime now, char out[32], struct err *e);

/* Records dept (key) as skipped in stand-up id (audited; a lead). */
int standup_skip(struct store *st, int64_t id, const char *dept, struct err *e);

/* The departments a stand-up walks: the unarchived ones named in order
 * (the configuration's standup.order; unknown keys are passed over), then
 * every other unarchived department by sort order, so none is forgotten.
 * Keys; the caller frees each and the array. */
int standup_walk(struct store *st, const char *const *order, size_t n_order, char ***keys,
                 size_t *n, struct err *e);
void standup_keys_free(char **keys, size_t n);

/* Time spent on a department, and whether it was skipped. */
struct standup_time {
    char *dept; /* key */
    char *name;
    int64_t seconds;
    bool skipped;
};
/* Departments stand-up id reached or skipped, by sort order. */
int standup_times(struct store *st, int64_t id, struct standup_time **out, size_t *n,
                  struct err *e);
void standup_times_free(struct standup_time *v, size_t n);

#define STANDUP_SPARK 16

/* An indicator off target, with where it stood when the window began. */
struct standup_indicator {
    struct indicator ind;
    bool has_since; /* a reading was in force at the window's start */
    bool fresh;     /* the latest reading is newer than the window's start */
    double since_value;
    enum health since_status;
    double spark[STANDUP_SPARK]; /* the latest readings, oldest first */
    int n_spark;
};

/* The most a stand-up page lists of each kind of blocker, of projects
 * at risk and of indicators off target (a department of a
 * million-blocker organisation has tens of thousands of blockers and
 * hundreds of indicators); the totals are counted. */
#define STANDUP_BLOCKERS_SHOWN 100
#define STANDUP_PROJECTS_SHOWN 50
#define STANDUP_INDICATORS_SHOWN 50

struct objective; /* objective.h */

/* Everything a department's stand-up page shows, in the page's order. */
struct standup_page {
    char *dept, *name, *lead;
    char *since, *until; /* the window of changes */
    struct change *changes; /* 1. what changed (changes.h order) */
    size_t n_changes;
    /* 2. open blockers, SLA breached or escalated first, then severity
     * (unset last), then oldest: our projects' blockers waiting on another
     * department (or on no one yet), and blockers waiting on us */
    struct blocker *we_wait;
    size_t n_we_wait;
    struct blocker *they_wait;
    size_t n_they_wait;
    /* 3. projects at risk (project.h: open, and amber or red): red first,
     * then overdue, then by due date; why[i] says why at_risk[i] is */
    struct project *at_risk;
    char **why;
    size_t n_at_risk;
    /* How many there are of 2, 3 and 4: a large department's lists hold
     * the first STANDUP_BLOCKERS_SHOWN / STANDUP_PROJECTS_SHOWN /
     * STANDUP_INDICATORS_SHOWN only. */
    size_t total_we_wait, total_they_wait, total_at_risk, total_off;
    struct standup_indicator *off; /* 4. amber or red indicators, red first, then by key */
    size_t n_off;
    /* 5. actions of earlier stand-ups for this department, not done, due
     * today or before, oldest due first */
    struct standup_entry *due;
    size_t n_due;
    struct standup_entry *typed; /* 6. what this stand-up holds for it */
    size_t n_typed;
    /* The department's objectives neither done nor dropped, in tree order
     * (objective_list), with their health: shown after the indicators. */
    struct objective *objectives;
    size_t n_objectives;
};

/* Loads dept's page for stand-up standup_id (0: outside any stand-up; no
 * typed entries), changes in [since, until] (until NULL = now). */
int standup_page_load(struct store *st, int64_t standup_id, const char *dept, const char *since,
                      const char *until, struct standup_page *out, struct err *e);
void standup_page_fini(struct standup_page *p);

/* The page's orders, for whoever lists the same things. */
int standup_blocker_cmp(const struct blocker *a, const struct blocker *b);
/* The one rule of "at risk" (project.h), on a project read by project_get
 * or project_list. */
bool standup_project_at_risk(const struct project *p);
int standup_project_cmp(const struct project *a, const struct project *b);

#endif
