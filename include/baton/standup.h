/*
 * standup: a stand-up session and what was typed in it.
 */
#ifndef BATON_STANDUP_H
#define BATON_STANDUP_H

#include <stddef.h>
#include <stdint.h>

#include "baton/model.h"
#include "baton/store.h"

struct standup {
    int64_t id;
    char *facilitator;
    char *since; /* what "changed since the last stand-up" reaches back to */
    char *started_at;
    char *ended_at; /* NULL while running */
    char *current_department;
};

struct standup_entry {
    int64_t id;
    int64_t standup_id;
    char *department; /* key, may be NULL */
    enum standup_kind kind;
    char *text;
    char *owner; /* actions */
    char *due;   /* actions */
    bool done;
    char *created_by;
    char *created_at;
};

void standup_fini(struct standup *s);
void standup_list_free(struct standup *v, size_t n);
void standup_entry_fini(struct standup_entry *x);
void standup_entry_list_free(struct standup_entry *v, size_t n);

/* Starts a session facilitated by the actor; *id receives its id. */
int standup_start(struct store *st, int64_t *id, struct err *e);
int standup_end(struct store *st, int64_t id, struct err *e);
int standup_get(struct store *st, int64_t id, struct standup *out, struct err *e);
/* The newest first. */
int standup_list(struct store *st, int limit, struct standup **out, size_t *n, struct err *e);
int standup_add_entry(struct store *st, const struct standup_entry *x, int64_t *id,
                      struct err *e);
int standup_entries(struct store *st, int64_t standup_id, struct standup_entry **out, size_t *n,
                    struct err *e);

/* The running stand-up (the newest one not ended); *id is 0 when none. */
int standup_current(struct store *st, int64_t *id, struct err *e);
/* Makes dept (key) the department on the page of stand-up id, adding
 * seconds_on_previous to the time spent on the one it leaves (if any). */
int standup_visit(struct store *st, int64_t id, const char *dept, int64_t seconds_on_previous,
                  struct err *e);
/* Seconds spent on dept (key) in stand-up id; 0 when never visited. */
int standup_time_spent(struct store *st, int64_t id, const char *dept, int64_t *seconds,
                       struct err *e);
/* Marks an action done or not done again (audited). */
int standup_entry_set_done(struct store *st, int64_t entry_id, bool done, struct err *e);

#endif
