/*
 * event: reading the audit log that every write fills (see audit() in
 * sq.c). Only the filters given become part of the query, so each shape
 * uses its index instead of scanning the log.
 */
#include "baton/event.h"

#include <stddef.h>
#include <stdlib.h>

#include "baton/entity.h"
#include "baton/str.h"
#include "entity_fields.h"
#include "internal.h"

/* An audit row as event_list reads it, its columns in this order. */
#define EVENT_FIELD(m, t) ROW_FIELD(struct event, m, t)
static const struct entity_field event_field_v[] = {
    EVENT_FIELD(id, FT_ID),          EVENT_FIELD(at, FT_TIME),
    EVENT_FIELD(actor, FT_TEXT),     EVENT_FIELD(entity, FT_TEXT),
    EVENT_FIELD(entity_id, FT_ID),   EVENT_FIELD(entity_key, FT_TEXT),
    EVENT_FIELD(action, FT_TEXT),    EVENT_FIELD(field, FT_TEXT),
    EVENT_FIELD(old_value, FT_TEXT), EVENT_FIELD(new_value, FT_TEXT),
};
static const struct entity event_entity = ROW_ENTITY(event, event_field_v);

void event_list_free(struct event *v, size_t n)
{
    entity_list_free(&event_entity, v, n);
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
    return sq_collect_entity(st, s, &event_entity, out, n, "reading the audit log", e);
}
