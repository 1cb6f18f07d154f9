/*
 * Whether a project is aligned: an active project that serves no
 * objective and is no objective's key result is "unaligned" (the same
 * rule as project_unaligned's list), read one project at a time for the
 * rows a pane shows.
 */
#include "baton/project.h"
#include "internal.h"

static const char SQL_UNALIGNED_ONE[] =
    "SELECT p.status = 'active'"
    " AND NOT EXISTS (SELECT 1 FROM project_objective po WHERE po.project_id = p.id)"
    " AND NOT EXISTS (SELECT 1 FROM objective_result r WHERE r.project_id = p.id)"
    " FROM project p WHERE p.id = ?1";

int project_is_unaligned(struct store *st, int64_t id, bool *out, struct err *e)
{
    *out = false;
    sqlite3_stmt *s = sq_prepare(st, SQL_UNALIGNED_ONE, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    if (sq_bind_int(s, 1, id) != SQLITE_OK) {
        rc = sq_error(st, e, "reading whether a project serves an objective");
    } else {
        int step = sqlite3_step(s);
        if (step == SQLITE_ROW)
            *out = sqlite3_column_int(s, 0) != 0;
        else if (step != SQLITE_DONE)
            rc = sq_error(st, e, "reading whether a project serves an objective");
    }
    sq_done(s);
    return rc;
}
