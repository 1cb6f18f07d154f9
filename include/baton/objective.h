/*
 * objective: what the company means to achieve in a period, and how each
 * department contributes. An objective has a key given by people, a
 * title, a period ("2027", "2027-H1", "2027-Q1"), an owner, a department
 * (none: a company objective), an optional parent objective (no cycles),
 * a status and a description; its key results are indicators and
 * projects, its confidence is the last check-in (1-10), and projects
 * serve it.
 *
 * Progress (0..1) is the mean of its parts: each key result (an
 * indicator: how far its latest value has moved from its baseline, the
 * value when the period began, toward its target, clamped; a project: its
 * progress) and each child objective that is not dropped (a done one
 * counts as complete). Health compares progress with the share of the
 * period gone by and reads the last confidence (objective_health_of):
 *
 *   off track  confidence 1-3, or progress more than OBJECTIVE_OFF_GAP
 *              points behind the time elapsed
 *   at risk    confidence 4-6, or more than OBJECTIVE_RISK_GAP points behind
 *   on track   otherwise
 *
 * with unknown when neither progress nor a check-in is known, and for
 * objectives done or dropped (their health is no longer judged).
 *
 * Rights: a department's objective is its lead's (and an admin's); a
 * company objective is an admin's; the owner may record check-ins on it
 * with the member role.
 */
#ifndef BATON_OBJECTIVE_H
#define BATON_OBJECTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/entity.h"
#include "baton/err.h"
#include "baton/project.h"
#include "baton/store.h"

/* The health rule's numbers, as shares of the period (0.15 = 15 points). */
#define OBJECTIVE_RISK_GAP 0.15
#define OBJECTIVE_OFF_GAP 0.30
/* Confidence at or under which an objective is off track, at risk. */
#define OBJECTIVE_OFF_CONFIDENCE 3
#define OBJECTIVE_RISK_CONFIDENCE 6

/* active comes first: add makes an objective active unless told
 * otherwise, and organisation files leave it out. */
enum objective_status {
    OBJECTIVE_ACTIVE = 0,
    OBJECTIVE_DRAFT,
    OBJECTIVE_DONE,
    OBJECTIVE_DROPPED,
};
const char *objective_status_name(enum objective_status s); /* "active" ... */
bool objective_status_parse(const char *s, enum objective_status *out);
/* Neither done nor dropped: what lists show whatever its period. */
bool objective_status_open(enum objective_status s);

enum objective_health {
    OBJECTIVE_UNKNOWN = 0,
    OBJECTIVE_ON_TRACK,
    OBJECTIVE_AT_RISK,
    OBJECTIVE_OFF_TRACK,
};
/* "unknown", "on track", "at risk", "off track" (as people read it);
 * objective_health_key: "unknown", "on_track", ... (machine formats). */
const char *objective_health_name(enum objective_health h);
const char *objective_health_key(enum objective_health h);

struct objective {
    int64_t id;
    char *key;        /* "Q1-GROWTH" */
    char *title;
    char *period;     /* "2027", "2027-H1", "2027-Q1" (as stored: upper case) */
    char *department; /* department key, NULL for a company objective */
    char *parent;     /* parent objective's key, or NULL */
    char *owner;      /* login, or NULL */
    enum objective_status status;
    char *description;
    char *updated_at;
    int64_t version;
    /* Derived, filled by get and list. */
    double progress;  /* 0..1; negative when nothing measures it */
    enum objective_health health;
    int confidence;   /* the last check-in's, 1-10; 0 when none */
    char *confidence_at; /* when it was recorded, or NULL */
    int depth;        /* 0 for an objective without parent, 1 under one ... */
    int n_children;   /* objectives directly under it */
};

/* The descriptor (entity.h): read, bind, audit, command-line flags, the
 * organisation file and the export take an objective's fields from it. */
extern const struct entity objective_entity;

void objective_fini(struct objective *o);
void objective_list_free(struct objective *v, size_t n);

/* ---- periods ---- */

/* A period as people write it: "2027" (the year), "2027-H1" or "-H2"
 * (halves), "2027-Q1" to "-Q4" (quarters), in any case. Fills norm (upper
 * case) and the days it spans, as days since 1970-01-01: first day and the
 * day after the last. ERR_USAGE saying what a period looks like. */
int objective_period_parse(const char *s, char norm[16], int64_t *first, int64_t *end,
                           struct err *e);
/* The share of period (norm or as typed) gone by on day today (days since
 * 1970-01-01), 0 before it begins, 1 after it ends; -1 when the period does
 * not parse. */
double objective_period_elapsed(const char *period, int64_t today);
/* Whether period inner lies within period outer (both valid). */
bool objective_period_within(const char *inner, const char *outer);

/* ---- the rule ---- */

/* The share of the way from baseline to target that value has gone,
 * clamped to 0..1; when baseline already meets the target in the
 * indicator's direction (down: lower is better), 1 while value still
 * meets it, else 0. */
double objective_indicator_progress(double baseline, double value, double target, bool down);
/* Health from progress (negative: unknown), elapsed (0..1) and the last
 * confidence (0: none), as the rule at the top says. */
enum objective_health objective_health_of(double progress, double elapsed, int confidence);

/* ---- rows ---- */

/* Adds o as it is (status included: the command line makes it active
 * unless told otherwise); key, title and a valid period required; the
 * department, parent and owner must exist. Audited ("create"). */
int objective_add(struct store *st, const struct objective *o, struct err *e);
/* Writes every editable field of o->key; o->version, when not 0, must
 * still be the stored one (else ERR_CONFLICT naming who changed it). A
 * parent that would close a cycle is refused (ERR_USAGE). Each changed
 * field writes its audit row. Moving an objective to another department
 * needs the rights on both. */
int objective_update(struct store *st, const struct objective *o, struct err *e);
int objective_get(struct store *st, const char *key, struct objective *out, struct err *e);

/* What objective_list lists: every objective that is neither done nor
 * dropped unless status names one (or "all"); period narrows to the
 * objectives whose period lies within it; dept to a department's ("-":
 * company objectives); parent to those directly under it; owner to a
 * person's. NULL: no filter. */
struct objective_filter {
    const char *period, *dept, *parent, *owner, *status;
};
/* In tree order: objectives without a parent (company ones first, then
 * by department's order and key), each followed by its children (by
 * key), depth set; with derived progress, health and confidence. */
int objective_list(struct store *st, const struct objective_filter *f, struct objective **out,
                   size_t *n, struct err *e);

/* ---- key results ---- */

enum key_result_kind { KEY_RESULT_INDICATOR = 0, KEY_RESULT_PROJECT };

struct key_result {
    char *objective; /* its objective's key */
    enum key_result_kind kind;
    char *key;       /* the indicator's or project's key */
    char *title;     /* its name or title */
    bool has_baseline_set; /* baseline given by hand (else read from the readings) */
    double baseline_set;
    /* Derived. */
    bool has_baseline, has_value, has_target;
    double baseline, value, target; /* indicator: values; project: progress 0-100 */
    char *unit;      /* the indicator's unit, or NULL */
    double progress; /* 0..1; negative when unknown */
};
void key_result_list_free(struct key_result *v, size_t n);

/* The key results of objective key (indicators then projects, by key). */
int objective_results(struct store *st, const char *key, struct key_result **out, size_t *n,
                      struct err *e);
/* Links objective key to indicator (when not NULL) or project: a key
 * result. baseline (may be NULL) fixes an indicator's value at the
 * period's start; without it that is read from the readings: the last at
 * or before the period's first day, else the first after. Linking again
 * replaces the baseline. Audited. */
int objective_link(struct store *st, const char *key, const char *indicator, const char *project,
                   const double *baseline, struct err *e);
/* Removes that key result; ERR_USAGE when there is none. Audited. */
int objective_unlink(struct store *st, const char *key, const char *indicator,
                     const char *project, struct err *e);

/* ---- check-ins ---- */

struct objective_checkin {
    char *objective; /* key */
    int confidence;  /* 1-10 */
    char *note;
    char *who;
    char *at; /* ISO-8601 UTC */
};
void objective_checkin_list_free(struct objective_checkin *v, size_t n);

/* Records a check-in on key by the actor, now (at NULL) or at a time from
 * a file (import: who given). Confidence 1-10, note free text. The
 * objective's owner may with the member role; otherwise it needs the
 * right to edit the objective. */
int objective_checkin(struct store *st, const char *key, int confidence, const char *note,
                      struct err *e);
int objective_checkin_import(struct store *st, const struct objective_checkin *c,
                             struct err *e);
/* The check-ins of key, newest first, at most limit (0: all). */
int objective_checkins(struct store *st, const char *key, int limit,
                       struct objective_checkin **out, size_t *n, struct err *e);

/* A change of confidence: the check-ins recorded since a time, one per
 * objective (its latest), with the one before it. */
struct objective_confidence_change {
    char *key, *title, *department; /* department NULL: a company objective */
    int before; /* 0: no check-in before */
    int after;
    char *note;
    char *who, *at;
};
void objective_confidence_changes_free(struct objective_confidence_change *v, size_t n);
/* Objectives neither done nor dropped with a check-in at or after since
 * and before until (ISO-8601; until NULL: now), the last of them with the
 * one before since, in tree order. */
int objective_confidence_changes(struct store *st, const char *since, const char *until,
                                 struct objective_confidence_change **out, size_t *n,
                                 struct err *e);

/* ---- projects serving objectives ---- */

/* The objectives project serves, by key (caller frees with sq_texts-like
 * objective_keys_free). */
int project_serves(struct store *st, const char *project, char ***keys, size_t *n,
                   struct err *e);
void objective_keys_free(char **v, size_t n);
/* Replaces the set project serves with the keys in list (comma-separated;
 * NULL or "" clears). Needs the right to edit the project. Audited as the
 * project's field serves. */
int project_serves_set(struct store *st, const char *project, const char *list, struct err *e);
/* The projects that say they serve objective key (not its key results),
 * by key (objective_keys_free). */
int objective_served_by(struct store *st, const char *key, char ***projects, size_t *n,
                        struct err *e);
/* Replaces the projects that serve objective key with those listed
 * (import); needs the right to edit the objective. Audited as the
 * objective's field served_by. */
int objective_served_by_set(struct store *st, const char *key, char *const *projects, size_t n,
                            struct err *e);
/* The projects that serve objective key (and are its key results), by
 * key. */
int objective_projects(struct store *st, const char *key, struct project **out, size_t *n,
                       struct err *e);
/* Active projects that serve no objective and are no objective's key
 * result, in project_list's order, narrowed to dept when given. */
int project_unaligned(struct store *st, const char *dept, struct project **out, size_t *n,
                      struct err *e);

#endif
