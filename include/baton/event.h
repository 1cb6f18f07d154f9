/*
 * event: the audit log. Every change writes one row per changed field
 * (action "update"), or one row for a create ("create") or a verdict (the
 * verb's name), in the transaction of the change itself.
 */
#ifndef BATON_EVENT_H
#define BATON_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "baton/store.h"

struct event {
    int64_t id;
    char *at;
    char *actor;
    char *entity;     /* "department", "person", "project", "blocker", "indicator", ... */
    int64_t entity_id;
    char *entity_key; /* key or login, for reading without a join */
    char *action;     /* create, update, accept, decline, ... */
    char *field;      /* for updates; may be NULL */
    char *old_value;
    char *new_value;
};

void event_list_free(struct event *v, size_t n);

/* Events, newest first. entity and key narrow (NULL = any); since (ISO-8601,
 * NULL = no bound) keeps events at or after it; limit 0 = all. */
int event_list(struct store *st, const char *entity, const char *key, const char *since,
               int limit, struct event **out, size_t *n, struct err *e);

#endif
