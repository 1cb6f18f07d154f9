/*
 * verdict: what each verb of triage is and needs, said once. One row per
 * verb gives the states it may be given in and the state it leads to (the
 * transition table of DESIGN.md), its words in messages, and the fields it
 * takes: the model refuses a verdict that lacks a needed field in the
 * row's words, the command line offers the row's fields as its options,
 * and the cockpit asks for the row's asked fields in order.
 */
#ifndef BATON_VERDICT_H
#define BATON_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "baton/model.h"

/* A field a verdict takes (struct verdict in blocker.h holds its value). */
enum verdict_field {
    VF_SEVERITY = 0, /* 1 (critical) to 4 (low) */
    VF_WAITING_ON,   /* a department key */
    VF_OWNER,        /* a login */
    VF_NOTE,         /* free text, kept as the verdict's reason (resolve) */
    VF_REASON,       /* free text */
    VF_ORIGINAL,     /* the original blocker's key (duplicate) */
    VF_UNTIL,        /* a time */
    VF_COUNT
};

enum verdict_need {
    VN_OPTIONAL = 0, /* may be given */
    VN_UNLESS_SET,   /* needed unless the blocker already has one */
    VN_REQUIRED,     /* always needed */
};

struct verdict_arg {
    enum verdict_field field;
    enum verdict_need need;
    bool asked;        /* the cockpit asks for it before applying */
    const char *flag;  /* the command line's option, without dashes: "waiting-on" */
    const char *help;  /* that option's --help text */
    const char *what;  /* in a refusal: "accepting B-7 needs a severity (1-4)" */
    const char *prompt; /* the cockpit's prompt after "accept B-7": ": severity"
                           (NULL: it asks with a picker of its own) */
};

#define VERDICT_MAX_ARGS 3

struct verdict_rule {
    enum blocker_verb verb;
    const char *name;        /* "accept": the audit action and the command line's verb */
    unsigned from;           /* the states it may be given in: bit (1u << state) */
    enum blocker_state to;   /* the state it leads to */
    const char *doing;       /* who may: "accepting B-7 needs lead of ENG" */
    const char *pre, *post;  /* what it needs: "marking B-7 as a duplicate needs ..." */
    const char *done;        /* a confirmation: "B-7: accepted" */
    const char *help;        /* the command line's one line; NULL when no command gives it */
    struct verdict_arg args[VERDICT_MAX_ARGS]; /* ended by one with a NULL flag */
};

/* The row of verb, or NULL when verb is none. */
const struct verdict_rule *verdict_rule(enum blocker_verb verb);
/* The row named name ("accept"), or NULL. */
const struct verdict_rule *verdict_rule_named(const char *name);
/* The row's arg for field, or NULL when the verdict takes none. */
const struct verdict_arg *verdict_arg(const struct verdict_rule *r, enum verdict_field field);
/* How many args the row has. */
size_t verdict_n_args(const struct verdict_rule *r);

struct verdict;
struct blocker;
struct err;
/* Whether v gives a value for field. */
bool verdict_gives(const struct verdict *v, enum verdict_field field);
/* 0 when v gives every field its row needs of cur (a field needed unless
 * set may come from cur); else ERR_USAGE in the row's words, the missing
 * fields joined: "accepting B-7 needs a severity (1-4) and a waiting-on
 * department". */
int verdict_check_needs(const struct verdict *v, const struct blocker *cur, struct err *e);

#endif
