/*
 * event: reading the audit log that every write fills (see audit() in
 * sq.c). Only the filters given become part of the query, so each shape
 * uses its index instead of scanning the log.
 */
#include "baton/event.h"

#include <stdlib.h>

#include "baton/str.h"
#include "internal.h"

void event_fini(struct event *ev)
{
    if (!ev)
        return;
    free(ev->at);
    free(ev->actor);
    free(ev->entity);
    free(ev->entity_key);
    free(ev->action);
    free(ev->field);
    free(ev->old_value);
    free(ev->new_value);
}

static bool event_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct event *ev = row;
    ev->id = sqlite3_column_int64(s, 0);
    ev->at = sq_col_text(s, 1);
    ev->actor = sq_col_text(s, 2);
    ev->entity = sq_col_text(s, 3);
    ev->entity_id = sqlite3_column_int64(s, 4);
    ev->entity_key = sq_col_text(s, 5);
    ev->action = sq_col_text(s, 6);
    ev->field = sq_col_text(s, 7);
    ev->old_value = sq_col_text(s, 8);
    ev->new_value = sq_col_text(s, 9);
    return true;
}

static void event_row_fini(void *row)
{
    event_fini(row);
}

void event_list_free(struct event *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        event_fini(&v[i]);
    free(v);
}

int event_list(struct store *st, const char *entity, const char *key, const char *since,
               int limit, struct event **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct strbuf sql;
    sb_init(&sql);
    sb_add(&sql, "SELECT id, at, actor, entity, entity_id, entity_key, action, field, old, new"
                 " FROM event WHERE 1");
    if (entity)
        sb_add(&sql, " AND entity = ?1");
    if (key)
        sb_add(&sql, " AND entity_key = ?2");
    if (since)
        sb_add(&sql, " AND at >= ?3");
    sb_add(&sql, " ORDER BY id DESC LIMIT ?4");
    sqlite3_stmt *s = sq_prepare(st, sb_str(&sql), e);
    sb_fini(&sql);
    if (!s)
        return -ERR_RUNTIME;
    if ((entity && sq_bind_text(s, 1, entity)) || (key && sq_bind_text(s, 2, key)) ||
        (since && sq_bind_text(s, 3, since)) || sq_bind_int(s, 4, limit > 0 ? limit : -1)) {
        sq_done(s);
        return sq_error(st, e, "reading the audit log");
    }
    return sq_collect(st, s, sizeof **out, event_row, NULL, event_row_fini, out, n,
                      "reading the audit log", e);
}
