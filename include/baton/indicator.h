/*
 * indicator: the figures that tell whether the plan works, and their
 * readings. Status from the latest reading (DESIGN.md): higher-is-better
 * is red below `red`, amber below `amber`, green otherwise; lower-is-better
 * mirrors it; without thresholds, green at or beyond the target, red short
 * of it; no reading is unknown. A reading older than stale_days is stale.
 */
#ifndef BATON_INDICATOR_H
#define BATON_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "baton/model.h"
#include "baton/store.h"

struct indicator {
    int64_t id;
    char *key;
    char *name;
    char *department; /* key, or NULL for company-wide */
    char *owner;
    char *unit;   /* "%", "EUR", "days" ... may be NULL */
    char *format; /* number, percent, currency, duration; NULL = number */
    enum direction direction;
    bool has_target, has_amber, has_red;
    double target, amber, red;
    int stale_days; /* 0 = never stale */
    char *project;  /* optional linked project key */
    int64_t version;
    /* Latest reading, filled by get and list. */
    bool has_value;
    double value;
    char *value_at;
    bool has_prev; /* the reading before the latest */
    double prev;
    enum health status;
    bool stale;
};

struct reading {
    char *at; /* ISO-8601 UTC */
    double value;
    char *note;
    char *recorded_by;
};

enum indicator_sort { IND_SORT_DEFAULT = 0, IND_SORT_KEY, IND_SORT_NAME, IND_SORT_STATUS };

void indicator_fini(struct indicator *i);
void indicator_list_free(struct indicator *v, size_t n);
void reading_fini(struct reading *r);
void reading_list_free(struct reading *v, size_t n);

/* The status a value has under i's direction, target and thresholds. */
enum health indicator_status(const struct indicator *i, double value);

int indicator_add(struct store *st, const struct indicator *i, struct err *e);
int indicator_update(struct store *st, const struct indicator *i, struct err *e);
int indicator_get(struct store *st, const char *key, struct indicator *out, struct err *e);
/* q->dept narrows to a department (company-wide ones are kept out). */
int indicator_list(struct store *st, const struct query *q, struct indicator **out, size_t *n,
                   struct err *e);
int indicator_count(struct store *st, const struct query *q, int64_t *n, struct err *e);

/* Records a reading at `at` (NULL = now); a second reading at the same time
 * replaces the first (audited). */
int indicator_record(struct store *st, const char *key, const char *at, double value,
                     const char *note, struct err *e);
/* Readings of key, oldest first, newest `limit` of them (0 = all), only
 * those at or after since (NULL = no bound). */
int indicator_readings(struct store *st, const char *key, const char *since, int limit,
                       struct reading **out, size_t *n, struct err *e);
/* The last n values of key, oldest first, into out[0..*got). */
int indicator_spark(struct store *st, const char *key, int n, double *out, int *got,
                    struct err *e);

#endif
