/*
 * Rows through their descriptor (baton/entity.h): a row is read with its
 * fields in the descriptor's order, column i holding field i; the
 * parameters of a statement are bound by name (:field); a change is
 * audited field by field.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/entity.h"
#include "internal.h"

static void *member(void *obj, const struct entity_field *f)
{
    return (char *)obj + f->off;
}

static const void *cmember(const void *obj, const struct entity_field *f)
{
    return (const char *)obj + f->off;
}

void entity_read(const struct entity *ent, sqlite3_stmt *s, void *obj)
{
    memset(obj, 0, ent->size);
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        int col = (int)i;
        switch (f->type) {
        case FT_ID: {
            int64_t v = sqlite3_column_int64(s, col);
            memcpy(member(obj, f), &v, sizeof v);
            break;
        }
        case FT_BOOL: {
            bool v = sqlite3_column_int(s, col) != 0;
            memcpy(member(obj, f), &v, sizeof v);
            break;
        }
        case FT_INT: {
            int v = sqlite3_column_int(s, col);
            memcpy(member(obj, f), &v, sizeof v);
            break;
        }
        case FT_REAL: {
            bool has = sqlite3_column_type(s, col) != SQLITE_NULL;
            double v = sqlite3_column_double(s, col);
            memcpy(member(obj, f), &v, sizeof v);
            if (f->has_off)
                memcpy((char *)obj + f->has_off, &has, sizeof has);
            break;
        }
        case FT_CHOICE: {
            int v = 0; /* an unknown name reads as the first choice */
            const char *name = (const char *)sqlite3_column_text(s, col);
            if (!name || !f->choice_parse(name, &v))
                v = 0;
            memcpy(member(obj, f), &v, sizeof v);
            break;
        }
        default:
            *(char **)member(obj, f) = sq_col_text(s, col);
        }
    }
}

/* sq_read_fn of a row read through descriptor arg. */
static bool entity_row_read(sqlite3_stmt *s, void *row, void *arg)
{
    entity_read(arg, s, row);
    return true;
}

/* The rows read so far by sq_collect_entity. */
struct entity_rows {
    const struct entity *ent;
    char *v;
    size_t n, cap;
};

static int entity_row(void *ctx, sqlite3_stmt *s, struct err *e)
{
    struct entity_rows *r = ctx;
    r->v = xgrow(r->v, r->n, &r->cap, r->ent->size);
    entity_read(r->ent, s, r->v + r->n++ * r->ent->size);
    return 0;
}

int sq_collect_entity(struct store *st, sqlite3_stmt *stmt, const struct entity *ent, void *out,
                      size_t *n, const char *what, struct err *e)
{
    void *none = NULL;
    memcpy(out, &none, sizeof none);
    *n = 0;
    if (!stmt)
        return -ERR_RUNTIME;
    struct entity_rows r = {ent, NULL, 0, 0};
    int rc = sq_each_row(st, stmt, entity_row, &r, what, e);
    if (rc) {
        entity_list_free(ent, r.v, r.n);
        return rc;
    }
    memcpy(out, &r.v, sizeof r.v);
    *n = r.n;
    return 0;
}

int entity_bind(struct store *st, const struct entity *ent, sqlite3_stmt *s, const void *obj,
                struct err *e)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        char name[72];
        snprintf(name, sizeof name, ":%s", f->name);
        int idx = sqlite3_bind_parameter_index(s, name);
        if (!idx)
            continue;
        char buf[32];
        int rc;
        if (f->type == FT_REAL) {
            double v;
            memcpy(&v, cmember(obj, f), sizeof v);
            rc = field_text(f, obj, buf) ? sqlite3_bind_double(s, idx, v)
                                         : sqlite3_bind_null(s, idx);
        } else if (f->type == FT_INT || f->type == FT_CHOICE || f->type == FT_ID ||
                   f->type == FT_BOOL) {
            const char *v = field_text(f, obj, buf);
            rc = !v                     ? sqlite3_bind_null(s, idx)
                 : f->type == FT_CHOICE ? sq_bind_text(s, idx, v)
                 : f->type == FT_BOOL   ? sq_bind_int(s, idx, strcmp(v, "yes") == 0)
                                        : sq_bind_int(s, idx, strtoll(v, NULL, 10));
        } else {
            rc = sq_bind_text(s, idx, *(char *const *)cmember(obj, f));
        }
        if (rc != SQLITE_OK)
            return sq_error(st, e, "binding a row");
    }
    return 0;
}

int entity_audit(struct store *st, const struct entity *ent, int64_t id, const char *key,
                 const void *a, const void *b, const char *except, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; i < ent->n && !rc; i++) {
        const struct entity_field *f = &ent->fields[i];
        if (!(f->flags & FL_AUDITED) || str_eq(f->name, except) || field_equal(f, a, b))
            continue;
        char ob[32], nb[32];
        bool text = f->type != FT_INT && f->type != FT_CHOICE && f->type != FT_REAL &&
                    f->type != FT_BOOL;
        const char *o = text ? *(char *const *)cmember(a, f) : field_text(f, a, ob);
        const char *n = text ? *(char *const *)cmember(b, f) : field_text(f, b, nb);
        rc = audit(st, ent->name, id, key, "update", f->name, o, n, e);
    }
    return rc;
}

int store_entity_any(struct store *st, const struct entity *ent, const struct entity_field *f,
                     bool *any, struct err *e)
{
    *any = false;
    /* both names are the description's constants, never user text */
    char *sql = xasprintf("SELECT 1 FROM %s WHERE %s IS NOT NULL LIMIT 1", ent->name, f->name);
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    free(sql);
    if (!s)
        return -ERR_RUNTIME;
    int rc = sqlite3_step(s);
    *any = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, e, "reading a column");
    sq_done(s);
    return rc;
}

int entity_exec(struct store *st, const struct entity *ent, const char *sql, const void *obj,
                int64_t id, int64_t *new_id, const char *what, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, sql, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = entity_bind(st, ent, s, obj, e);
    if (!rc && id)
        rc = sq_bind_named_int(st, s, ":id", id, e);
    if (!rc && sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, what);
    if (!rc && new_id)
        *new_id = sqlite3_last_insert_rowid(st->db);
    sq_done(s);
    return rc;
}

int entity_get(struct store *st, const struct entity *ent, const char *sql, const char *key,
               void *obj, bool *found, const char *what, struct err *e)
{
    memset(obj, 0, ent->size);
    return sq_get_key(st, sql, key, entity_row_read, (void *)ent, obj, found, what, e);
}

int entity_update(struct store *st, const struct entity *ent, const char *sql, const void *cur,
                  const void *next, int64_t id, const char *key, const char *what, struct err *e)
{
    if (!entity_differs(ent, cur, next, FL_WRITTEN))
        return 0;
    int rc = entity_exec(st, ent, sql, next, id, NULL, what, e);
    return rc ? rc : entity_audit(st, ent, id, key, cur, next, NULL, e);
}
