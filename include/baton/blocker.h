/*
 * blocker: what stands in a project's way, and its triage. States move only
 * through blocker_apply(), which checks the one transition table of
 * src/core (blocker_transition()) and the rules of DESIGN.md: accepting
 * needs a severity and a waiting-on department; declining, duplicate and
 * snoozing need a reason. A transition the current state does not allow is
 * ERR_CONFLICT, saying what the state is and what is allowed.
 */
#ifndef BATON_BLOCKER_H
#define BATON_BLOCKER_H

#include <stddef.h>
#include <stdint.h>

#include "baton/model.h"
#include "baton/store.h"

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
    char *updated_at;
    int64_t version;
    /* Derived, filled by get and list. */
    bool breached; /* open and past sla_due */
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
};

void blocker_fini(struct blocker *b);
void blocker_list_free(struct blocker *v, size_t n);

/* The transition table: true and *to when verb is allowed from `from`. */
bool blocker_transition(enum blocker_state from, enum blocker_verb verb, enum blocker_state *to);

/* Adds in state new (b->state is ignored). On success, when key_out is not
 * NULL it receives the new key (caller frees). */
int blocker_add(struct store *st, const struct blocker *b, char **key_out, struct err *e);
/* Edits title, detail, kind, severity, waiting_on, owner, needed_by. */
int blocker_update(struct store *st, const struct blocker *b, struct err *e);
int blocker_apply(struct store *st, const char *key, const struct verdict *v, struct err *e);
/* Raises the escalation level, names who it went to (to, or by default the
 * waiting-on department's lead) and restarts the SLA clock. */
int blocker_escalate(struct store *st, const char *key, const char *to, int64_t expect_version,
                     struct err *e);
/* Brings an organisation file's blocker (with its state) into the store:
 * adds or updates it and walks the transition table to its state. */
int blocker_import(struct store *st, const struct blocker *b, struct err *e);
/* Wakes snoozed blockers whose time has come (VERB_WAKE, audited). */
int blocker_wake_due(struct store *st, int *woken, struct err *e);

int blocker_get(struct store *st, const char *key, struct blocker *out, struct err *e);
int blocker_list(struct store *st, const struct query *q, struct blocker **out, size_t *n,
                 struct err *e);
int blocker_count(struct store *st, const struct query *q, int64_t *n, struct err *e);

#endif
