/*
 * project: what departments deliver, and what depends on what. Health is
 * derived unless set: red when overdue or with an open critical (severity
 * 1) blocker, amber when due within PROJECT_RISK_DAYS days with progress
 * under PROJECT_RISK_PROGRESS %, with an open severity-2 blocker, or
 * depending on a project that is red by its own rules; green otherwise.
 * Done and cancelled projects are green.
 *
 * "At risk" has this one definition everywhere (the panes, department
 * list, the stand-up page, the minutes and the report): an open project
 * (not done or cancelled) whose health is amber or red.
 */
#ifndef BATON_PROJECT_H
#define BATON_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "baton/entity.h"
#include "baton/model.h"
#include "baton/store.h"
#include "baton/text.h"

/* The numbers of the rule (the SQL fragments in src/core/internal.h say
 * them too, and the stored roll-up's triggers were made with them). */
#define PROJECT_RISK_DAYS 7
#define PROJECT_RISK_PROGRESS 80

struct project {
    int64_t id;
    char *key; /* "ENG-1" */
    char *title;
    char *department; /* owning department key, required */
    char *owner;      /* login, may be NULL */
    enum project_status status;
    enum health health_set; /* set by hand; HEALTH_UNKNOWN means derived */
    int progress;           /* 0-100 */
    char *start;            /* YYYY-MM-DD or NULL */
    char *due;              /* YYYY-MM-DD or NULL */
    char *description;
    int64_t version;
    /* Derived, filled by get and list. */
    enum health health; /* effective: health_set, or derived */
    int open_blockers;
    bool blocked;     /* has an open blocker */
    bool dep_at_risk; /* depends on an amber or red project */
    bool overdue;     /* due before today and not done/cancelled */
    /* Filled by get only: keys this project depends on, sorted. */
    char **depends_on;
    size_t n_depends_on;
};

enum project_sort {
    PROJECT_SORT_DEFAULT = 0, /* department sort order, then key */
    PROJECT_SORT_KEY,
    PROJECT_SORT_TITLE,
    PROJECT_SORT_DEPT,
    PROJECT_SORT_OWNER,
    PROJECT_SORT_STATUS,
    PROJECT_SORT_HEALTH, /* worst first */
    PROJECT_SORT_PROGRESS,
    PROJECT_SORT_DUE,
};

void project_fini(struct project *p);
void project_list_free(struct project *v, size_t n);

/* Adds; key, title and an existing department required. depends_on in p is
 * applied too (cycles refused). */
int project_add(struct store *st, const struct project *p, struct err *e);
/* Updates every editable field of p->key (not depends_on); version check
 * as department_update. Each changed field writes its audit row. */
int project_update(struct store *st, const struct project *p, struct err *e);
/* The rule between a project's fields, which every add and update obeys
 * and a form checks before saving: it is not due before it starts (dates
 * as YYYY-MM-DD). ERR_USAGE saying what to change. */
int project_check_dates(const struct project *p, struct err *e);
int project_get(struct store *st, const char *key, struct project *out, struct err *e);
/* q->text is a filter as you type, answered by index: every word of it
 * begins a word of the key or title, or it is the start of a key (both
 * case-insensitive). Only the first PROJECT_TEXT_CAP + 1 matches are
 * listed and counted, so a count of PROJECT_TEXT_CAP + 1 means "more than
 * PROJECT_TEXT_CAP". */
enum { PROJECT_TEXT_CAP = 1000 };
int project_list(struct store *st, const struct query *q, struct project **out, size_t *n,
                 struct err *e);
int project_count(struct store *st, const struct query *q, int64_t *n, struct err *e);
/* The organisation's open projects (neither done nor cancelled) by
 * health: counts[HEALTH_GREEN] to counts[HEALTH_RED] (counts[0] stays 0).
 * From the stored roll-up when it is today's, one row. */
int project_health_counts(struct store *st, int64_t counts[4], struct err *e);

/* An open project that depends on another department's project at risk. */
struct project_dep_risk {
    char *project, *title, *dept;
    char *on, *on_title, *on_dept;
    enum health on_health; /* amber or red */
};
void project_dep_risk_list_free(struct project_dep_risk *v, size_t n);
/* Every such dependency: projects in project_list's default order (the
 * departments' order, then key), each one's dependencies by key. Through
 * the dependencies' index and the stored health when the roll-up is
 * today's, rather than every project's. */
int project_risky_dependencies(struct store *st, struct project_dep_risk **out, size_t *n,
                               struct err *e);

/* Every project with its dependencies, one at a time (see blocker_each):
 * natural = in the organisation file's order, else in project_list's key
 * order. Only what is stored is filled: health is the one set by hand
 * (health_set); the derived health, the blocker count and the risk flags
 * are left unknown and zero. */
typedef int (*project_fn)(void *ctx, const struct project *p, struct err *e);
int project_each(struct store *st, bool natural, project_fn fn, void *ctx, struct err *e);

/* Why project p (read by project_get or project_list, at risk) is at risk,
 * in words: "set red by hand", "overdue (due Mon 30 Nov)", "due Thu 10 Dec
 * at 40%" (within PROJECT_RISK_DAYS, under PROJECT_RISK_PROGRESS %), "S1
 * blocker B-7", "depends on OPS-2 (red)", joined by ", "; "" when none
 * holds. Caller frees *out. */
int project_at_risk_why(struct store *st, const struct project *p, char **out, struct err *e);
/* The first `limit` open projects at risk (amber or red) of department
 * dept in the stand-up's order (red first, then those with a due date,
 * soonest first, then by key), read by the stored roll-up, which must be
 * today's (rollup_ready); without their depends_on. */
int project_list_at_risk(struct store *st, const char *dept, int limit, struct project **out,
                         size_t *n, struct err *e);

/* key depends on on_key. A dependency that would close a cycle is refused
 * with ERR_CONFLICT naming the cycle; an existing one is left as is. */
int project_depend(struct store *st, const char *key, const char *on_key, const char *note,
                   struct err *e);
int project_undepend(struct store *st, const char *key, const char *on_key, struct err *e);
/* Replaces the whole set of dependencies of key (import). */
int project_set_depends(struct store *st, const char *key, char *const *on_keys, size_t n,
                        struct err *e);
/* Projects that depend on key (the other direction), sorted by key. */
int project_dependents(struct store *st, const char *key, struct project **out, size_t *n,
                       struct err *e);

/* A project found like another by its words (project_twins). */
struct project_match {
    char *key, *title, *department;
    double rank; /* lower is a better match (bm25) */
};
void project_match_list_free(struct project_match *v, size_t n);
/* The likely twins of a project with this title and description in
 * department dept (may be NULL): active projects of other departments
 * whose title or description share two of its words (all of them when it
 * has one; words as for a blocker's possible duplicates: three letters or
 * more, common words left out), best first, at most limit (default 5 when
 * 0). self, when not NULL, is left out (the project once added). */
int project_twins(struct store *st, const char *title, const char *description,
                  const char *dept, const char *self, int limit, struct project_match **out,
                  size_t *n, struct err *e);

/* Whether the project of id is unaligned: active, serving no objective
 * and no objective's key result (objective.h: project_unaligned lists
 * them all). */
int project_is_unaligned(struct store *st, int64_t id, bool *out, struct err *e);

/* The project's descriptor (baton/entity.h): each field once, with its
 * column, rules, audit, organisation file key, export column, flag and form
 * field. Its dependencies (depends_on) are a list of their own. */
extern const struct entity project_entity;

#endif
