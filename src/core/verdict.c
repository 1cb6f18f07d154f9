/*
 * The verdict table: the one statement of which verb moves a blocker from
 * which state to which, and of what each verb needs (verdict.h).
 */
#include "baton/verdict.h"

#include "baton/blocker.h"
#include "baton/str.h"

#include <string.h>
#include <strings.h>

#define S(state) (1u << (state))
#define NO_ARGS {VF_COUNT, VN_OPTIONAL, false, NULL, NULL, NULL, NULL}

static const struct verdict_rule rules[VERB_COUNT] = {
    [VERB_ACCEPT] = {VERB_ACCEPT, "accept", S(BLOCKER_NEW) | S(BLOCKER_SNOOZED), BLOCKER_ACCEPTED,
                     "accepting", "accepting ", "", "accepted",
                     "accept a new or snoozed blocker into work",
                     {{VF_SEVERITY, VN_UNLESS_SET, true, "severity",
                       "1 critical .. 4 low (needed unless set)", "a severity (1-4)",
                       ": severity"},
                      {VF_WAITING_ON, VN_UNLESS_SET, true, "waiting-on",
                       "the department that must act (needed unless set)",
                       "a waiting-on department", ": waiting on which department?"},
                      {VF_OWNER, VN_OPTIONAL, false, "owner",
                       "the person who must act (a person of the organisation)", NULL, NULL}}},
    [VERB_START] = {VERB_START, "start", S(BLOCKER_ACCEPTED), BLOCKER_IN_PROGRESS,
                    "starting work on", "starting ", "", "in progress",
                    "mark an accepted blocker in progress", {NO_ARGS}},
    [VERB_RESOLVE] = {VERB_RESOLVE, "resolve",
                      S(BLOCKER_NEW) | S(BLOCKER_ACCEPTED) | S(BLOCKER_IN_PROGRESS),
                      BLOCKER_RESOLVED, "resolving", "resolving ", "", "resolved",
                      "mark a blocker resolved",
                      {{VF_NOTE, VN_OPTIONAL, true, "note", "how it was cleared", NULL,
                        ": note"}}},
    [VERB_DECLINE] = {VERB_DECLINE, "decline", S(BLOCKER_NEW) | S(BLOCKER_SNOOZED),
                      BLOCKER_DECLINED, "declining", "declining ", "", "declined",
                      "decline a new blocker",
                      {{VF_REASON, VN_REQUIRED, true, "reason", "why, for the record",
                        "a reason", ": reason"}}},
    [VERB_DUPLICATE] = {VERB_DUPLICATE, "duplicate", S(BLOCKER_NEW) | S(BLOCKER_SNOOZED),
                        BLOCKER_DUPLICATE, "marking as a duplicate", "marking ",
                        " as a duplicate", "marked duplicate",
                        "mark a new blocker a duplicate of another",
                        {{VF_ORIGINAL, VN_REQUIRED, true, "of", "the original blocker",
                          "the key of the original", NULL},
                         {VF_REASON, VN_OPTIONAL, false, "reason",
                          "why, for the record (optional)", NULL, NULL}}},
    [VERB_SNOOZE] = {VERB_SNOOZE, "snooze", S(BLOCKER_NEW), BLOCKER_SNOOZED, "snoozing",
                     "snoozing ", "", "snoozed", "put a new blocker aside until a time",
                     {{VF_UNTIL, VN_REQUIRED, true, "until",
                       "when it wakes (it wakes earlier on new activity)",
                       "a time to wake it (--until)", " until"},
                      {VF_REASON, VN_OPTIONAL, false, "reason", "why, for the record (optional)",
                       NULL, NULL}}},
    [VERB_WAKE] = {VERB_WAKE, "wake", S(BLOCKER_SNOOZED), BLOCKER_NEW, "waking", "waking ", "",
                   "woken", NULL, {NO_ARGS}},
    [VERB_REOPEN] = {VERB_REOPEN, "reopen",
                     S(BLOCKER_RESOLVED) | S(BLOCKER_DECLINED) | S(BLOCKER_DUPLICATE),
                     BLOCKER_NEW, "reopening", "reopening ", "", "reopened",
                     "reopen a resolved, declined or duplicate blocker",
                     {{VF_REASON, VN_OPTIONAL, false, "reason", "why, for the record", NULL,
                       NULL}}},
};

const struct verdict_rule *verdict_rule(enum blocker_verb verb)
{
    return (int)verb >= 0 && verb < VERB_COUNT ? &rules[verb] : NULL;
}

const struct verdict_rule *verdict_rule_named(const char *name)
{
    for (size_t i = 0; name && i < VERB_COUNT; i++)
        if (strcasecmp(rules[i].name, name) == 0)
            return &rules[i];
    return NULL;
}

size_t verdict_n_args(const struct verdict_rule *r)
{
    size_t n = 0;
    while (r && n < VERDICT_MAX_ARGS && r->args[n].flag)
        n++;
    return n;
}

const struct verdict_arg *verdict_arg(const struct verdict_rule *r, enum verdict_field field)
{
    for (size_t i = 0; i < verdict_n_args(r); i++)
        if (r->args[i].field == field)
            return &r->args[i];
    return NULL;
}

const char *blocker_verb_name(enum blocker_verb v)
{
    const struct verdict_rule *r = verdict_rule(v);
    return r ? r->name : "?";
}

bool blocker_transition(enum blocker_state from, enum blocker_verb verb, enum blocker_state *to)
{
    const struct verdict_rule *r = verdict_rule(verb);
    if (!r || (int)from < 0 || from >= BLOCKER_STATE_COUNT || !(r->from & S(from)))
        return false;
    if (to)
        *to = r->to;
    return true;
}

bool verdict_gives(const struct verdict *v, enum verdict_field field)
{
    switch (field) {
    case VF_SEVERITY: return v->severity != 0;
    case VF_WAITING_ON: return !str_empty(v->waiting_on);
    case VF_OWNER: return !str_empty(v->owner);
    case VF_NOTE:
    case VF_REASON: return !str_empty(v->reason);
    case VF_ORIGINAL: return !str_empty(v->duplicate_of);
    case VF_UNTIL: return !str_empty(v->until);
    default: return false;
    }
}

/* Whether the blocker already has what a field needed unless set asks. */
static bool blocker_has(const struct blocker *b, enum verdict_field field)
{
    return (field == VF_SEVERITY && b->severity != 0) ||
           (field == VF_WAITING_ON && !str_empty(b->waiting_on));
}

int verdict_check_needs(const struct verdict *v, const struct blocker *cur, struct err *e)
{
    const struct verdict_rule *r = verdict_rule(v->verb);
    if (!r)
        return err_set(e, ERR_USAGE, "no such blocker verb (%d)", (int)v->verb);
    struct strbuf missing;
    sb_init(&missing);
    for (size_t i = 0; i < verdict_n_args(r); i++) {
        const struct verdict_arg *a = &r->args[i];
        if (a->need == VN_OPTIONAL || verdict_gives(v, a->field) ||
            (a->need == VN_UNLESS_SET && blocker_has(cur, a->field)))
            continue;
        sb_addf(&missing, "%s%s", missing.len ? " and " : "", a->what);
    }
    int rc = missing.len ? err_set(e, ERR_USAGE, "%s%s%s needs %s", r->pre, cur->key, r->post,
                                   sb_str(&missing))
                         : 0;
    sb_fini(&missing);
    return rc;
}
