/*
 * model: baton's vocabulary, shared by every layer. The enums are what the
 * C code speaks; the names are what the database, files, CLI and screen
 * speak. Each *_name() returns a static string; each *_parse() accepts the
 * name (case-insensitive) and returns false for anything else.
 */
#ifndef BATON_MODEL_H
#define BATON_MODEL_H

#include <stdbool.h>

enum health { HEALTH_UNKNOWN = 0, HEALTH_GREEN, HEALTH_AMBER, HEALTH_RED };
enum project_status {
    PROJECT_PLANNED = 0,
    PROJECT_ACTIVE,
    PROJECT_ON_HOLD,
    PROJECT_DONE,
    PROJECT_CANCELLED,
};
enum blocker_state {
    BLOCKER_NEW = 0,
    BLOCKER_ACCEPTED,
    BLOCKER_IN_PROGRESS,
    BLOCKER_RESOLVED,
    BLOCKER_DECLINED,
    BLOCKER_DUPLICATE,
    BLOCKER_SNOOZED,
    BLOCKER_STATE_COUNT
};
enum blocker_kind { BLOCKER_ISSUE = 0, BLOCKER_RISK, BLOCKER_DEPENDENCY };
enum direction { DIRECTION_UP = 0, DIRECTION_DOWN }; /* higher / lower is better */
enum standup_kind { ENTRY_NOTE = 0, ENTRY_DECISION, ENTRY_ACTION, ENTRY_PARKING };
/* What a user may do (DESIGN.md: identity and roles); ordered, each role
 * may do everything the ones below it may. A lead is a lead of some
 * departments only and a member elsewhere. */
enum role { ROLE_VIEWER = 0, ROLE_MEMBER, ROLE_LEAD, ROLE_ADMIN };

/* The cockpit's panes; pane_names[] spells them (a layout names them so),
 * in this order, NULL-terminated. The first PANE_DEFAULT_COUNT make the
 * default layout. */
enum pane_kind {
    PANE_DEPARTMENTS = 0,
    PANE_PROJECTS,
    PANE_BLOCKERS,
    PANE_INDICATORS,
    PANE_FLOW,
    PANE_OBJECTIVES,
    PANE_KIND_COUNT
};
#define PANE_DEFAULT_COUNT 4
extern const char *const pane_names[PANE_KIND_COUNT + 1];

/* The verbs that move a blocker between states (DESIGN.md: blocker states). */
enum blocker_verb {
    VERB_ACCEPT = 0, /* new|snoozed -> accepted; needs severity and waiting-on */
    VERB_START,      /* accepted -> in_progress */
    VERB_RESOLVE,    /* new|accepted|in_progress -> resolved */
    VERB_DECLINE,    /* new|snoozed -> declined; needs a reason */
    VERB_DUPLICATE,  /* new|snoozed -> duplicate; needs the original and a reason */
    VERB_SNOOZE,     /* new -> snoozed; needs a time and a reason */
    VERB_WAKE,       /* snoozed -> new (its time came, or new activity) */
    VERB_REOPEN,     /* resolved|declined|duplicate -> new */
    VERB_COUNT
};

const char *health_name(enum health h); /* "unknown", "green", "amber", "red" */
bool health_parse(const char *s, enum health *out);
const char *project_status_name(enum project_status s); /* "on_hold" ... */
bool project_status_parse(const char *s, enum project_status *out);
const char *blocker_state_name(enum blocker_state s); /* "in_progress" ... */
bool blocker_state_parse(const char *s, enum blocker_state *out);
bool blocker_state_open(enum blocker_state s); /* new, accepted, in_progress, snoozed */
const char *blocker_kind_name(enum blocker_kind k);
bool blocker_kind_parse(const char *s, enum blocker_kind *out);
const char *direction_name(enum direction d); /* "up", "down" */
bool direction_parse(const char *s, enum direction *out); /* also higher/lower */
const char *standup_kind_name(enum standup_kind k);     /* note, decision, action, parking */
bool standup_kind_parse(const char *s, enum standup_kind *out);
const char *blocker_verb_name(enum blocker_verb v); /* "accept" ...: the verdict table's */
const char *role_name(enum role r); /* "viewer", "member", "lead", "admin" */
bool role_parse(const char *name, enum role *out);

#endif
