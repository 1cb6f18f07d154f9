/*
 * blocker: what stands in a project's way, and its triage. States move only
 * through blocker_apply(), which checks the one transition table of
 * src/core (blocker_transition()) and the rules of DESIGN.md: accepting
 * needs a severity and a waiting-on department; declining needs a reason
 * (marking a duplicate and snoozing take an optional one). A transition the current state does not allow is
 * ERR_CONFLICT, saying what the state is and what is allowed.
 */
#ifndef BATON_BLOCKER_H
#define BATON_BLOCKER_H

#include <stddef.h>
#include <stdint.h>

#include "baton/entity.h"
#include "baton/model.h"
#include "baton/store.h"
#include "baton/text.h"

struct blocker {
    int64_t id;
    char *key;          /* "B-17"; assigned by blocker_add when NULL */
    char *project;      /* project key, required */
    char *project_dept; /* the project's department key (read only) */
    char *title;
    char *detail;
    enum blocker_kind kind;
    enum blocker_state state;
    int severity;        /* 1 (critical) .. 4 (low); 0 = not set yet */
    char *waiting_on;    /* department key that must act, may be NULL */
    char *owner;         /* login of the person who must act, may be NULL */
    char *raised_by;     /* login; blocker_add uses the actor when NULL */
    char *raised_at;     /* ISO-8601 UTC; now when NULL */
    char *needed_by;     /* date or time, may be NULL */
    char *sla_due;       /* derived from severity and raised/escalated time */
    char *snoozed_until;
    char *duplicate_of; /* blocker key */
    int escalation_level;
    char *escalated_to;
    char *escalated_at;
    char *reason; /* reason or note of the last verdict */
    char *tags;   /* keys joined by ',' in the order given, NULL when none */
    char *updated_at;
    int64_t version;
    /* Derived, filled by get and list. */
    bool breached; /* new, accepted or in progress and past sla_due (never snoozed) */
    bool sla_near; /* as breached: not breached, less than a quarter of its SLA left */
};

enum blocker_sort {
    BLOCKER_SORT_URGENCY = 0, /* breached first, then severity, then oldest */
    BLOCKER_SORT_SEVERITY,
    BLOCKER_SORT_KEY,
    BLOCKER_SORT_TITLE,
    BLOCKER_SORT_PROJECT,
    BLOCKER_SORT_WAITING_ON,
    BLOCKER_SORT_OWNER,
    BLOCKER_SORT_STATE,
    BLOCKER_SORT_AGE, /* oldest first */
    BLOCKER_SORT_TRIAGE, /* most severe first (unset last), then oldest */
};

/* What a verb needs; unused fields are ignored. */
struct verdict {
    enum blocker_verb verb;
    int severity;             /* accept: 1-4, or 0 to keep the blocker's */
    const char *waiting_on;   /* accept: department key, or NULL to keep */
    const char *owner;        /* accept: login, or NULL to keep */
    const char *reason;       /* decline, duplicate, snooze, resolve (note), reopen */
    const char *duplicate_of; /* duplicate: the original's key */
    const char *until;        /* snooze: ISO-8601 time */
    int64_t expect_version;   /* version the caller looked at; 0 = no check */
    bool fill_only;           /* accept: severity and waiting_on only where missing */
};

/* At most this many tags on a blocker. */
enum { BLOCKER_TAGS_MAX = 16 };

/* Every field of a blocker, once (baton/entity.h). */
extern const struct entity blocker_entity;

void blocker_fini(struct blocker *b);
void blocker_list_free(struct blocker *v, size_t n);

/* The transition table: true and *to when verb is allowed from `from`. */
bool blocker_transition(enum blocker_state from, enum blocker_verb verb, enum blocker_state *to);

/* Whether verb may be given to b as it is (ERR_CONFLICT saying what its
 * state is and what the verb needs, as blocker_apply would), without
 * writing: a caller checks a set of blockers before asking for anything. */
int blocker_verdict_allowed(const struct blocker *b, enum blocker_verb verb, struct err *e);

/* Adds in state new (b->state is ignored). On success, when key_out is not
 * NULL it receives the new key (caller frees). */
int blocker_add(struct store *st, const struct blocker *b, char **key_out, struct err *e);
/* Edits title, detail, kind, severity, waiting_on, owner, needed_by. */
int blocker_update(struct store *st, const struct blocker *b, struct err *e);
int blocker_apply(struct store *st, const char *key, const struct verdict *v, struct err *e);
/* Raises the escalation level, names who it went to (to, or by default the
 * waiting-on department's lead) and restarts the SLA clock. A `to` that is
 * no person of the organisation is ERR_USAGE naming the nearest login. */
int blocker_escalate(struct store *st, const char *key, const char *to, int64_t expect_version,
                     struct err *e);
/* Brings an organisation file's blocker (with its state) into the store:
 * adds or updates it and walks the transition table to its state. */
int blocker_import(struct store *st, const struct blocker *b, struct err *e);
/* Wakes snoozed blockers whose time has come (VERB_WAKE, audited, as the
 * actor). Looks for due snoozes before taking the write lock, so a call that
 * finds none writes nothing. Refuses a read-only store (ERR_DENIED): callers
 * that only read skip it there.
 *
 * The SLA clock: no clock runs while a blocker is snoozed (it is neither
 * breached nor near, whatever its sla_due says). Waking restarts the clock
 * from the wake time: sla_due becomes the wake time plus the severity's SLA,
 * and later recomputations (accepting with another severity) count from the
 * latest of raising, the last escalation and the last wake-up. */
int blocker_wake_due(struct store *st, int *woken, struct err *e);

int blocker_get(struct store *st, const char *key, struct blocker *out, struct err *e);
/* q->text over open blockers (state "open" or one open state) is a
 * filter as you type, answered by index: every word of it begins a word of
 * the title or detail, or it is a key or the start of one ("B-12", "12").
 * Only the first BLOCKER_TEXT_CAP + 1 matches (by key) are listed and
 * counted, so a count of BLOCKER_TEXT_CAP + 1 means "more than
 * BLOCKER_TEXT_CAP". Over other states q->text is a substring of the key
 * or title. */
enum { BLOCKER_TEXT_CAP = 1000 };
int blocker_list(struct store *st, const struct query *q, struct blocker **out, size_t *n,
                 struct err *e);
/* Every blocker, one at a time, for writing out the whole organisation
 * without holding it: natural = in the organisation file's order (keys as
 * people read them, str_key_cmp), else in blocker_list's key order. fn
 * borrows the blocker for the call; a nonzero return stops the walk and is
 * returned. Inside store_read_begin, a million blockers are sorted on
 * disk, not in memory. */
typedef int (*blocker_fn)(void *ctx, const struct blocker *b, struct err *e);
int blocker_each(struct store *st, bool natural, blocker_fn fn, void *ctx, struct err *e);
/* The rows blocker_list lists for q (limit, offset and the sort aside),
 * counted without reading them: open or new blockers of all or of one
 * department from the stored roll-up, other filters through the index
 * that narrows each, q->text by its candidates. */
int blocker_count(struct store *st, const struct query *q, int64_t *n, struct err *e);

/* ---- triage ----------------------------------------------------------- */

/* Where a blocker stands against its SLA (DESIGN.md: per-severity response
 * times, counted from raising or the last escalation). */
enum blocker_sla { SLA_NONE = 0, SLA_OK, SLA_NEAR, SLA_PAST };
/* Pure: NONE when closed, snoozed or without an SLA due time; PAST at or after
 * sla_due; NEAR when less than a quarter of total (the severity's SLA in
 * seconds, store_sla()) is left. */
enum blocker_sla blocker_sla_at(const struct blocker *b, int64_t total, int64_t now);
const char *blocker_sla_name(enum blocker_sla s); /* "", "ok", "near", "breached" */

/* What undoing a change needs: the blocker as the change found it, and the
 * version the change left it at. Filled by the *_ex variants below. */
struct blocker_undo {
    struct blocker before;
    int64_t after;
};
void blocker_undo_fini(struct blocker_undo *u);

/* blocker_apply, blocker_escalate and blocker_update that also fill u (when
 * not NULL; blocker_undo_fini it) with what undoing the change needs. */
int blocker_apply_ex(struct store *st, const char *key, const struct verdict *v,
                     struct blocker_undo *u, struct err *e);
int blocker_escalate_ex(struct store *st, const char *key, const char *to, int64_t expect_version,
                        struct blocker_undo *u, struct err *e);
int blocker_update_ex(struct store *st, const struct blocker *b, struct blocker_undo *u,
                      struct err *e);

/*
 * Undoes the change u describes: restores the state and triage fields
 * (severity, waiting-on, owner, snooze, duplicate, escalation, reason, SLA)
 * and the text fields to u->before, as one audited change (action "undo",
 * one row for the state and one per restored field). Going back is not
 * always a step of the transition table (accepted -> new is none), so this
 * is a restoration checked by version instead: when anyone changed the
 * blocker after the change (its version is no longer u->after), it is
 * refused with ERR_CONFLICT naming who changed what, and nothing written.
 * Needs the triage right on the blocker.
 */
int blocker_undo(struct store *st, const struct blocker_undo *u, struct err *e);

/* One verdict applied to n blockers in one transaction: all or nothing.
 * versions (may be NULL; 0 entries skip the check) are the versions the
 * caller showed. On failure nothing is written, *failed (when not NULL)
 * is the index of the blocker that failed and e says "B-7: why". undos
 * (may be NULL) receives n entries on success. */
int blocker_apply_all(struct store *st, const char *const *keys, const int64_t *versions,
                      size_t n, const struct verdict *v, struct blocker_undo *undos,
                      size_t *failed, struct err *e);
/* Escalation of n blockers in one transaction, as blocker_apply_all. */
int blocker_escalate_all(struct store *st, const char *const *keys, const int64_t *versions,
                         size_t n, const char *to, struct blocker_undo *undos, size_t *failed,
                         struct err *e);

/* A comment on a blocker: an audit row (action "comment", new = text) by
 * the actor; needs a member. New activity wakes a snoozed blocker. */
int blocker_comment(struct store *st, const char *key, const char *text, struct err *e);

/* A blocker found by full-text search. */
struct blocker_match {
    char *key;
    char *title;
    enum blocker_state state;
    double rank; /* lower is a better match (blocker_search: bm25) */
};
void blocker_match_list_free(struct blocker_match *v, size_t n);
/* Open blockers whose title or detail share words with text, best first
 * (bm25), leaving out the blocker named exclude (may be NULL). At most
 * limit (default 5 when 0). Words of fewer than three letters are ignored;
 * no word at all finds nothing. Ranks every match, so its cost grows with
 * them: a common word at a million blockers matches tens of thousands. */
int blocker_search(struct store *st, const char *text, const char *exclude, int limit,
                   struct blocker_match **out, size_t *n, struct err *e);
/* Possible duplicates of blocker key, best first, at most limit (default 5
 * when 0): open blockers other than key sharing two words of its title
 * and detail (all of them when it has one), the rarer the words they share
 * the better. Reads a bounded number of candidates, rarest words first, so
 * its cost does not grow with the number of blockers sharing a word. */
int blocker_similar(struct store *st, const char *key, int limit, struct blocker_match **out,
                    size_t *n, struct err *e);

/* The waiting-on department a blocker most likely needs, and why: the one
 * most of the (at most GUESS_SIMILAR) most similar open blockers that wait
 * on a department wait on ("FIN: 7 of the 10 most similar blockers"), else
 * the department of a project its project depends on ("OPS: ENG-1 depends
 * on OPS-2"). dept is NULL when nothing points anywhere. */
enum { GUESS_SIMILAR = 10 };
struct waiting_guess {
    char *dept;
    int votes, of; /* of the similar blockers (0, 0 from a dependency) */
    char why[200];
};
int blocker_guess_waiting(struct store *st, const char *key, struct waiting_guess *g,
                          struct err *e);
void waiting_guess_fini(struct waiting_guess *g);

/* The triage queue: blockers in state new (snoozed ones whose time came
 * are woken first when the store is writable), most severe then oldest.
 * Keys only; caller frees each and the array. */
int blocker_queue(struct store *st, const char *dept, char ***keys, size_t *n, struct err *e);
/* The queue a window at a time: blocker_list with state "new" and sort
 * BLOCKER_SORT_TRIAGE seeks through the open-blocker triage index (after,
 * before, last). Its length, counted through indexes (neither wakes
 * snoozes: blocker_wake_due first): */
int blocker_queue_count(struct store *st, const char *dept, int64_t *n, struct err *e);
/* Where key stands in the queue (0 = first), or -1 when it is not queued;
 * costs the rows before it. */
int blocker_queue_position(struct store *st, const char *dept, const char *key, int64_t *pos,
                           struct err *e);
/* Where key stands now that its severity changed from old_severity (0 =
 * none) while it stood at position from, nothing else in the queue having
 * changed: from, moved by the rows between its two places (none when the
 * severity is the same); -1 when it is not queued. */
/* The first limit open blockers in urgency order (BLOCKER_SORT_URGENCY)
 * waiting on department dept (waiting_on), or of dept's projects waiting
 * on another department or on none (!waiting_on); each read through an
 * index in that order, whatever the department holds. */
int blocker_most_urgent(struct store *st, const char *dept, bool waiting_on, int limit,
                        struct blocker **out, size_t *n, struct err *e);
int blocker_queue_moved(struct store *st, const char *dept, const char *key, int old_severity,
                        int64_t from, int64_t *pos, struct err *e);

/* The text members of a blocker and the rule each obeys (text.h). */

#endif
