/*
 * indicator: the figures that tell whether the plan works, and their
 * readings. Status from the latest reading (DESIGN.md): higher-is-better
 * is red below `red`, amber below `amber`, green otherwise; lower-is-better
 * mirrors it; without thresholds, green at or beyond the target, red short
 * of it; no reading is unknown. A reading older than stale_days is stale.
 *
 * Targets change over time. The indicator's own target, amber and red are
 * in force from the beginning; each later change (indicator_set_target, or
 * an indicator_update that changes them: from now) is a row in force from
 * its time on. A reading is judged by the thresholds in force when it was
 * taken, so history is never recoloured, and the indicator's status is its
 * latest reading judged that way. struct indicator's target, amber and red
 * are those in force now.
 *
 * Thresholds lie on the side of the target the direction says: higher is
 * better wants red <= amber <= target, lower is better red >= amber >=
 * target (each only where given); anything else is refused.
 */
#ifndef BATON_INDICATOR_H
#define BATON_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "baton/entity.h"
#include "baton/model.h"
#include "baton/store.h"
#include "baton/timeutil.h"
#include "baton/text.h"

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
    char *indicator; /* its key */
    char *at;        /* ISO-8601 UTC */
    double value;
    char *note;
    char *recorded_by;
    enum health status; /* under the thresholds in force at `at` */
};

/* A target and thresholds, in force from from_at on. */
struct indicator_target {
    char *from_at; /* ISO-8601 UTC; NULL for the indicator's own values */
    bool has_target, has_amber, has_red;
    double target, amber, red;
};

/* One reading to import, with where it came from (for messages). */
struct reading_in {
    char *key;
    char *at; /* any time time_parse() reads */
    double value;
    char *note;    /* may be NULL */
    int line, col; /* 1-based; col 0 = messages say FILE:LINE only */
};

struct indicator_import_stats {
    size_t added, replaced, unchanged;
};

/* Change of the latest reading against an earlier one. */
struct trend_delta {
    bool has;       /* an earlier reading to compare with exists */
    double base;    /* its value */
    char at[32];    /* its time */
    double change;  /* latest - base */
    bool has_pct;   /* false when base is 0 */
    double pct;     /* change / |base| * 100 */
    int verdict;    /* +1 better, -1 worse, 0 unchanged, by the direction */
};

struct indicator_trend {
    bool has_value; /* false: no reading, every delta absent */
    double value;
    char at[32];
    struct trend_delta prev;  /* the reading before the latest */
    struct trend_delta week;  /* the latest reading at or before latest - 7 days */
    struct trend_delta month; /* the same, 30 days back */
};

/* One time bucket of a chart: what its readings were. */
struct chart_bucket {
    btime start, end; /* [start, end); the last bucket also holds `until` */
    int count;        /* 0: no reading, the rest is zero */
    double min, max, avg;
    double last;        /* the latest reading in the bucket */
    char last_at[32];   /* its time */
    enum health status; /* of that reading, by the thresholds in force then */
};

enum indicator_sort { IND_SORT_DEFAULT = 0, IND_SORT_KEY, IND_SORT_NAME, IND_SORT_STATUS };

void indicator_fini(struct indicator *i);
void indicator_list_free(struct indicator *v, size_t n);
void reading_fini(struct reading *r);
void reading_list_free(struct reading *v, size_t n);
void indicator_target_list_free(struct indicator_target *v, size_t n);
void reading_in_list_free(struct reading_in *v, size_t n);

/* The status a value has under i's direction, target and thresholds. */
enum health indicator_status(const struct indicator *i, double value);
/* 0 when t's amber and red lie on the right side of its target for
 * direction d (see above); otherwise ERR_USAGE saying why ("key" names the
 * indicator in the message). */
int indicator_check_thresholds(enum direction d, const struct indicator_target *t,
                               const char *key, struct err *e);

/* A reading as people and scripts write it: decimal, optionally signed,
 * with an optional fraction and exponent ("1.2e6", "-2.5", " 42 "); not
 * hexadecimal, not nan or inf, not out of range. */
bool indicator_parse_value(const char *s, double *out);

/* v for people, by i's format and unit, into out (n bytes; 32 is enough
 * with a short unit): number "1,234", "0.0034", "5.05M", "42 tickets";
 * percent (v in percent) "2.3%"; currency with the unit as code
 * "12,500 EUR", "12.50 EUR", "5.05M EUR"; duration with the unit as time
 * unit (s, min, h, days, weeks) "1h 24m", "63d", "45s". Not finite: "-". */
void indicator_format(const struct indicator *i, double v, char *out, size_t n);
/* A change d the same way with its sign: "+0.3%", "-1h 5m", "0". */
void indicator_format_delta(const struct indicator *i, double d, char *out, size_t n);

int indicator_add(struct store *st, const struct indicator *i, struct err *e);
int indicator_update(struct store *st, const struct indicator *i, struct err *e);
int indicator_get(struct store *st, const char *key, struct indicator *out, struct err *e);
/* As department_find, for an indicator. */
int indicator_find(struct store *st, const char *key, struct indicator *out, bool *found,
                   struct err *e);
/* q->dept narrows to a department (company-wide ones are kept out).
 * q->text is a filter as you type, answered by index: every word of it
 * begins a word of the key or name, or it is the start of a key (both
 * case-insensitive). Only the first INDICATOR_TEXT_CAP + 1 matches are
 * listed and counted, so a count of INDICATOR_TEXT_CAP + 1 means "more
 * than INDICATOR_TEXT_CAP". */
enum { INDICATOR_TEXT_CAP = 1000 };
int indicator_list(struct store *st, const struct query *q, struct indicator **out, size_t *n,
                   struct err *e);
int indicator_count(struct store *st, const struct query *q, int64_t *n, struct err *e);

/* Records a reading at `at` (NULL = now); a second reading at the same time
 * replaces the first (audited). A reading more than a day in the future is
 * refused (ERR_USAGE "... is in the future; readings record what
 * happened"), here and in indicator_import. */
int indicator_record(struct store *st, const char *key, const char *at, double value,
                     const char *note, struct err *e);
/* The status value has when read at `at` (NULL = now), judged by the
 * target and thresholds in force then (what `record` reports of a reading). */
int indicator_status_at(struct store *st, const char *key, const char *at, double value,
                        enum health *out, struct err *e);
/* Readings of key, oldest first, newest `limit` of them (0 = all), only
 * those at or after since (NULL = no bound). */
int indicator_readings(struct store *st, const char *key, const char *since, int limit,
                       struct reading **out, size_t *n, struct err *e);
/* The last n values of key, oldest first, into out[0..*got). */
int indicator_spark(struct store *st, const char *key, int n, double *out, int *got,
                    struct err *e);

/* Readings of many indicators in one transaction, all or nothing. A row
 * at the same key and time as a stored reading replaces it (audited).
 * Errors name the row: "FILE:LINE: no indicator 'x' (did you mean 'y'?)"
 * (FILE:LINE:COL when col is set). stats may be NULL. */
int indicator_import(struct store *st, const char *file, const struct reading_in *v, size_t n,
                     struct indicator_import_stats *stats, struct err *e);

/* Sets the target and thresholds in force from `from` (NULL = now) on; a
 * row at the same time is replaced. Readings before it keep their colour.
 * Audited. */
int indicator_set_target(struct store *st, const char *key, const char *from,
                         const struct indicator_target *t, struct err *e);
/* The target and thresholds in force at `at` (NULL = now); out->from_at
 * is NULL when they are the indicator's own. The caller frees from_at. */
int indicator_target_at(struct store *st, const char *key, const char *at,
                        struct indicator_target *out, struct err *e);
/* The indicator's own values (from_at NULL) first, then each change,
 * oldest first. */
int indicator_targets(struct store *st, const char *key, struct indicator_target **out,
                      size_t *n, struct err *e);

/* The latest value against the previous one and against 7 and 30 days
 * before it. Two to four index seeks, whatever the history. */
int indicator_trend(struct store *st, const char *key, struct indicator_trend *out,
                    struct err *e);

/* Readings of key between since and until (NULL = its first / latest
 * reading) in `buckets` equal time buckets, aggregated in SQL (one GROUP BY
 * over the (indicator, at) index; the readings themselves never leave the
 * database). out must hold `buckets` entries: every one is filled, empty
 * ones with count 0; *got is the number of non-empty buckets. buckets is
 * 1..10000. */
int indicator_chart(struct store *st, const char *key, const char *since, const char *until,
                    int buckets, struct chart_bucket *out, int *got, struct err *e);

/* Each field of an indicator and of a reading, once (baton/entity.h). */
extern const struct entity indicator_entity;
extern const struct entity reading_entity;

#endif
