/*
 * changes: "what changed since the last stand-up", read from the audit log
 * for one department (or the whole organisation): blockers raised,
 * resolved and escalated; projects whose status, health or due date
 * changed; indicators whose status crossed a threshold.
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
    CHANGE_BLOCKER_NEW = 0,
    CHANGE_BLOCKER_ESCALATED,
    CHANGE_BLOCKER_RESOLVED,
    CHANGE_PROJECT_STATUS,
    CHANGE_PROJECT_HEALTH,
    CHANGE_PROJECT_DUE,
    CHANGE_INDICATOR_CROSSED,
    CHANGE_KIND_COUNT
};

struct change {
    enum change_kind kind;
    char *at;    /* when (ISO-8601 UTC): the event, or the latest reading */
    char *actor; /* who; NULL for indicators (readings from many sources) */
    char *key;   /* "B-7", "ENG-1", "churn" */
    char *title; /* the blocker's or project's title, the indicator's name (now) */
    char *old_value; /* status, health or due before; an indicator's value then */
    char *new_value; /* after; an indicator's latest value; escalation: who it went to */
    enum health old_health, new_health; /* indicators and project health */
    int severity; /* blockers: their severity now (0 = not set) */
    int64_t seq;  /* the order it was read in (the audit row's order) */
};

void change_fini(struct change *c);
void change_list_free(struct change *v, size_t n);

/* "new blocker", "escalated", "resolved", "status", "health", "due date",
 * "crossed". */
const char *change_kind_name(enum change_kind k);

/* Changes in [since, until] (ISO-8601 UTC; until NULL = now) for
 * department dept (key; NULL = every department), sorted by kind (the
 * enum's order) and then by time. */
int changes_since(struct store *st, const char *dept, const char *since, const char *until,
                  struct change **out, size_t *n, struct err *e);

/* How many of each kind; counts has CHANGE_KIND_COUNT entries. */
void changes_count(const struct change *v, size_t n, int *counts);

#endif
