/*
 * department: the units of the organisation, and people in them.
 * Structs own their strings; *_fini frees them, *_list_free frees a list.
 * Lookups and updates are by key (departments) or login (people).
 */
#ifndef BATON_DEPARTMENT_H
#define BATON_DEPARTMENT_H

#include <stddef.h>
#include <stdint.h>

#include "baton/entity.h"
#include "baton/model.h"
#include "baton/store.h"
#include "baton/text.h"

struct department {
    int64_t id;
    char *key;  /* short code, unique: "ENG" */
    char *name;
    char *lead; /* login, may be NULL */
    int sort_order;
    bool archived;
    int64_t version; /* read by get/list; update refuses a stale one */
    /* Roll-up, filled by get and list (not stored). */
    enum health health;   /* worst of its projects and indicators */
    int open_blockers;    /* open blockers of its projects or waiting on it */
    int new_blockers;     /* of those, in state new */
    int projects_at_risk; /* open projects amber or red */
    int indicators_off;   /* indicators amber or red */
};

enum department_sort { DEPT_SORT_ORDER = 0, DEPT_SORT_KEY, DEPT_SORT_NAME, DEPT_SORT_HEALTH };

void department_fini(struct department *d);
void department_list_free(struct department *v, size_t n);

/* Adds; key and name required, key must be unused (ERR_USAGE otherwise). */
int department_add(struct store *st, const struct department *d, struct err *e);
/* Updates name, lead, sort_order and archived of the department d->key.
 * d->version must be the version read, or 0 to skip the check; a stale
 * version is ERR_CONFLICT naming who changed it. */
int department_update(struct store *st, const struct department *d, struct err *e);
/* 0 and fills out; ERR_USAGE "no department KEY" when missing. */
int department_get(struct store *st, const char *key, struct department *out, struct err *e);
/* The same, where a missing department is an answer, not an error: *found
 * says whether out was filled, and no "did you mean" is looked for. */
int department_find(struct store *st, const char *key, struct department *out, bool *found,
                    struct err *e);
int department_list(struct store *st, const struct query *q, struct department **out, size_t *n,
                    struct err *e);
int department_count(struct store *st, const struct query *q, int64_t *n, struct err *e);
/* Open blockers (new ones only with new_only) of department dept, as its
 * projects' department or as waiting-on, or of the whole organisation
 * when dept is NULL: read from the stored roll-up, one row. *known is
 * false when the stored roll-up cannot be used (a read-only database of
 * another day) or dept does not exist; count them otherwise. */
int department_blocker_count(struct store *st, const char *dept, bool new_only, int64_t *n,
                             bool *known, struct err *e);

struct person {
    int64_t id;
    char *login; /* the Unix login, unique */
    char *name;
    char *title;      /* job title, may be NULL */
    char *department; /* home department key, may be NULL */
    int64_t version;
};

enum person_sort { PERSON_SORT_LOGIN = 0, PERSON_SORT_NAME, PERSON_SORT_DEPT };

void person_fini(struct person *p);
void person_list_free(struct person *v, size_t n);
int person_add(struct store *st, const struct person *p, struct err *e);
int person_update(struct store *st, const struct person *p, struct err *e);
int person_get(struct store *st, const char *login, struct person *out, struct err *e);
/* As department_find, for a person. */
int person_find(struct store *st, const char *login, struct person *out, bool *found,
                struct err *e);
/* q->dept narrows to a home department; q->text matches login or name. */
int person_list(struct store *st, const struct query *q, struct person **out, size_t *n,
                struct err *e);

/* The descriptors of a department and of a person (baton/entity.h): each
 * field once, with its column, rules, audit, organisation file key, export
 * column, command-line flag and form field. */
extern const struct entity department_entity;
extern const struct entity person_entity;

#endif
