/*
 * model: the names of baton's vocabulary, one table per enum, so that the
 * database, files, command line and screen all spell them the same way.
 */
#include "baton/model.h"

#include <stddef.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const health_names[] = {"unknown", "green", "amber", "red"};
static const char *const status_names[] = {"planned", "active", "on_hold", "done", "cancelled"};
static const char *const state_names[] = {"new",      "accepted",  "in_progress", "resolved",
                                          "declined", "duplicate", "snoozed"};
static const char *const kind_names[] = {"issue", "risk", "dependency"};
static const char *const direction_names[] = {"up", "down"};
static const char *const entry_names[] = {"note", "decision", "action", "parking"};
static const char *const role_names[] = {"viewer", "member", "lead", "admin"};
const char *const pane_names[PANE_KIND_COUNT + 1] = {"departments", "projects", "blockers",
                                                     "indicators",  "flow",     "objectives",
                                                     NULL};

_Static_assert(COUNT(state_names) == BLOCKER_STATE_COUNT, "a name for every blocker state");

static const char *name_of(const char *const *names, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? names[v] : "?";
}

static bool parse_in(const char *const *names, size_t n, const char *s, int *out)
{
    if (!s)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(s, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    return false;
}

const char *health_name(enum health h)
{
    return name_of(health_names, COUNT(health_names), (int)h);
}

bool health_parse(const char *s, enum health *out)
{
    int v;
    if (!parse_in(health_names, COUNT(health_names), s, &v))
        return false;
    *out = (enum health)v;
    return true;
}

const char *project_status_name(enum project_status s)
{
    return name_of(status_names, COUNT(status_names), (int)s);
}

bool project_status_parse(const char *s, enum project_status *out)
{
    int v;
    if (!parse_in(status_names, COUNT(status_names), s, &v))
        return false;
    *out = (enum project_status)v;
    return true;
}

const char *blocker_state_name(enum blocker_state s)
{
    return name_of(state_names, COUNT(state_names), (int)s);
}

bool blocker_state_parse(const char *s, enum blocker_state *out)
{
    int v;
    if (!parse_in(state_names, COUNT(state_names), s, &v))
        return false;
    *out = (enum blocker_state)v;
    return true;
}

bool blocker_state_open(enum blocker_state s)
{
    return s == BLOCKER_NEW || s == BLOCKER_ACCEPTED || s == BLOCKER_IN_PROGRESS ||
           s == BLOCKER_SNOOZED;
}

const char *blocker_kind_name(enum blocker_kind k)
{
    return name_of(kind_names, COUNT(kind_names), (int)k);
}

bool blocker_kind_parse(const char *s, enum blocker_kind *out)
{
    int v;
    if (!parse_in(kind_names, COUNT(kind_names), s, &v))
        return false;
    *out = (enum blocker_kind)v;
    return true;
}

const char *direction_name(enum direction d)
{
    return name_of(direction_names, COUNT(direction_names), (int)d);
}

bool direction_parse(const char *s, enum direction *out)
{
    /* Organisation files say what is better: higher or lower. */
    static const char *const aliases[] = {"higher", "lower"};
    int v;
    if (!parse_in(direction_names, COUNT(direction_names), s, &v) &&
        !parse_in(aliases, COUNT(aliases), s, &v))
        return false;
    *out = (enum direction)v;
    return true;
}

const char *standup_kind_name(enum standup_kind k)
{
    return name_of(entry_names, COUNT(entry_names), (int)k);
}

bool standup_kind_parse(const char *s, enum standup_kind *out)
{
    int v;
    if (!parse_in(entry_names, COUNT(entry_names), s, &v))
        return false;
    *out = (enum standup_kind)v;
    return true;
}

const char *role_name(enum role r)
{
    return (int)r >= 0 && (size_t)r < COUNT(role_names) ? role_names[r] : "unknown";
}

bool role_parse(const char *s, enum role *out)
{
    int v;
    if (!parse_in(role_names, COUNT(role_names), s, &v))
        return false;
    *out = (enum role)v;
    return true;
}
