/*
 * changes: "what changed since the last stand-up", read from the audit log
 * for one department (or the whole organisation): every verdict on a
 * blocker (raised, accepted with its severity, started, declined with the
 * reason, marked duplicate of another, snoozed until a time, woken,
 * reopened, escalated to someone, resolved, undone) and its severity,
 * owner and waiting-on changes made outside a verdict; projects whose
 * status, health, due date or progress changed; indicators whose status
 * crossed a threshold. Each change carries its item's state now, so a
 * blocker raised and then declined reads "raised ... now declined".
 *
 * A verdict's own field changes (the severity an accept sets, a decline's
 * reason, the original a duplicate names, a snooze's wake time, whom an
 * escalation went to) are written in its transaction just after it, and
 * are folded into the verdict's line rather than told again.
 *
 * The log holds every change a user made, in the change's own
 * transaction, so blockers and projects are read from it directly. Two
 * things are derived rather than logged, and are treated so:
 *  - an indicator "crosses" when the status of the reading in force at
 *    `since` (judged by the thresholds in force when it was taken)
 *    differs from the status of the latest reading up to `until`; one
 *    that went red and came back inside the window is not reported, and
 *    one without any reading at `since` is reported only when it is now
 *    amber or red;
 *  - a project's derived health (overdue, critical blockers, at-risk
 *    dependencies) is not recorded anywhere, so its value at `since`
 *    cannot be recovered: only health set by hand (audited) is reported
 *    as a health change. The blockers and due dates that move derived
 *    health are reported themselves, and the stand-up page shows every
 *    project at risk now.
 *
 * A department's changes are those of its projects, of blockers on its
 * projects or waiting on it, and of its indicators, by the department
 * each belongs to now.
 */
#ifndef BATON_CHANGES_H
#define BATON_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "baton/model.h"
#include "baton/store.h"

/* In the order a stand-up page lists them. */
enum change_kind {
    CHANGE_BLOCKER_NEW = 0, /* raised */
    CHANGE_BLOCKER_ESCALATED,
    CHANGE_BLOCKER_ACCEPTED,
    CHANGE_BLOCKER_STARTED,
    CHANGE_BLOCKER_DECLINED,
    CHANGE_BLOCKER_DUPLICATE,
    CHANGE_BLOCKER_SNOOZED,
    CHANGE_BLOCKER_WOKEN,
    CHANGE_BLOCKER_REOPENED,
    CHANGE_BLOCKER_RESOLVED,
    CHANGE_BLOCKER_UNDONE,
    CHANGE_BLOCKER_SEVERITY,
    CHANGE_BLOCKER_OWNER,
    CHANGE_BLOCKER_WAITING_ON,
    CHANGE_PROJECT_STATUS,
    CHANGE_PROJECT_HEALTH,
    CHANGE_PROJECT_DUE,
    CHANGE_PROJECT_PROGRESS,
    CHANGE_INDICATOR_CROSSED,
    CHANGE_KIND_COUNT
};

/* Blockers' changes come first in the enum, then projects', then
 * indicators'. */
#define CHANGE_IS_BLOCKER(k) ((k) <= CHANGE_BLOCKER_WAITING_ON)
#define CHANGE_IS_PROJECT(k) ((k) >= CHANGE_PROJECT_STATUS && (k) <= CHANGE_PROJECT_PROGRESS)

struct change {
    enum change_kind kind;
    char *at;    /* when (ISO-8601 UTC): the event, or the latest reading */
    char *actor; /* who; NULL for indicators (readings from many sources) */
    char *key;   /* "B-7", "ENG-1", "churn" */
    char *title; /* the blocker's or project's title, the indicator's name (now) */
    char *old_value; /* field changes: before; an indicator's value then; undo: state before */
    /* after; an indicator's latest value; escalation: the login it went to
     * (at that time); accept: the severity set ("2"); duplicate: the
     * original's key; snooze: the wake time; undo: the state after */
    char *new_value;
    char *to_name; /* escalation: the display name of new_value, when known */
    char *detail;  /* a verdict's reason or note; accept: the waiting-on department */
    enum health old_health, new_health; /* indicators and project health */
    int severity; /* blockers: their severity now (0 = not set) */
    /* The item's state now: a blocker's state; a project's status and
     * effective health; an indicator's status (now_health). */
    enum blocker_state now_state;
    enum project_status now_status;
    enum health now_health;
    int64_t seq;  /* the order it was read in (the audit row's order) */
};

void change_list_free(struct change *v, size_t n);

/* "raised", "escalated", "accepted", ... "status", "health", "due date",
 * "progress", "crossed". */
const char *change_kind_name(enum change_kind k);

/* Changes in [since, until] (ISO-8601 UTC; until NULL = now) for
 * department dept (key; NULL = every department), sorted by kind (the
 * enum's order) and then by time. */
int changes_since(struct store *st, const char *dept, const char *since, const char *until,
                  struct change **out, size_t *n, struct err *e);

/* How many of each kind; counts has CHANGE_KIND_COUNT entries. */
void changes_count(const struct change *v, size_t n, int *counts);

/* The bottom line's sentence on blockers from counts (changes_count):
 * "3 raised, 1 accepted, 1 declined, 1 duplicate, 1 snoozed,
 * 2 escalated, 0 resolved"; kinds with none are left out but raised,
 * escalated and resolved. */
void changes_blocker_summary(const int *counts, char *out, size_t size);

#endif
