/*
 * Likely twins: when a project is added, the active projects of other
 * departments whose title and description say the same thing, so that two
 * departments do not run one initiative twice. The same rule as a
 * blocker's possible duplicates: a twin shares two words of the new
 * project's title and description (all of them when it has one), found
 * through the full-text index of projects' titles and descriptions and
 * ranked by bm25, the title counting twice. Nothing here writes.
 */
#include <stdlib.h>
#include <string.h>

#include "baton/project.h"
#include "baton/str.h"
#include "entity_fields.h"
#include "internal.h"
#include "words.h"

/* Read this many times the limit by rank, then keep those sharing enough
 * words: ranking bounds what is read, the word rule what is shown. */
enum { TWIN_READ_FACTOR = 8 };

static const char SQL_TWINS[] =
    "SELECT p.key, p.title, d.key, bm25(project_text_fts, 2.0, 1.0) AS r, p.description"
    " FROM project_text_fts JOIN project p ON p.id = project_text_fts.rowid"
    " JOIN department d ON d.id = p.department_id"
    " WHERE project_text_fts MATCH ?1 AND p.status = 'active'"
    " AND (?2 IS NULL OR d.key <> ?2 COLLATE NOCASE)"
    " AND (?3 IS NULL OR p.key <> ?3 COLLATE NOCASE) ORDER BY r LIMIT ?4";

/* A likely twin as SQL_TWINS reads it, its columns in this order; the
 * description follows them. */
#define MATCH_FIELD(m, t) ROW_FIELD(struct project_match, m, t)
static const struct entity_field match_field_v[] = {
    MATCH_FIELD(key, FT_TEXT), MATCH_FIELD(title, FT_TEXT), MATCH_FIELD(department, FT_TEXT),
    MATCH_FIELD(rank, FT_REAL),
};
static const struct entity match_entity = ROW_ENTITY(project_match, match_field_v);

struct twin_row {
    struct project_match m;
    char *description;
};

static bool twin_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct twin_row *t = row;
    entity_read(&match_entity, s, &t->m);
    t->description = sq_col_text(s, (int)match_entity.n);
    return true;
}

static void twin_row_fini(void *row)
{
    struct twin_row *t = row;
    entity_fini(&match_entity, &t->m);
    free(t->description);
}

void project_match_list_free(struct project_match *v, size_t n)
{
    entity_list_free(&match_entity, v, n);
}

struct shared_words {
    const struct words *ws;
    bool hit[WORDS_MAX];
};

static void mark_word(const char *w, void *arg)
{
    struct shared_words *sw = arg;
    int i = words_find(sw->ws, w);
    if (i >= 0)
        sw->hit[i] = true;
}

/* How many of ws the candidate's title and description hold. */
static int shared_count(const struct words *ws, const struct twin_row *t)
{
    struct shared_words sw = {.ws = ws};
    words_each(t->m.title, mark_word, &sw);
    words_each(t->description, mark_word, &sw);
    int n = 0;
    for (int i = 0; i < ws->n; i++)
        n += sw.hit[i];
    return n;
}

int project_twins(struct store *st, const char *title, const char *description, const char *dept,
                  const char *self, int limit, struct project_match **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (limit <= 0)
        limit = 5;
    char *text = xasprintf("%s %s", title ? title : "", description ? description : "");
    struct words ws;
    words_of(text, &ws);
    char *q = words_match_query(text);
    free(text);
    if (!q) {
        words_fini(&ws);
        return 0;
    }
    int need = ws.n >= 2 ? 2 : 1;
    sqlite3_stmt *s = sq_prepare(st, SQL_TWINS, e);
    struct twin_row *rows = NULL;
    size_t nr = 0;
    int rc = -ERR_RUNTIME;
    if (s && (sq_bind_text(s, 1, q) != SQLITE_OK ||
              sq_bind_text(s, 2, str_empty(dept) ? NULL : dept) != SQLITE_OK ||
              sq_bind_text(s, 3, str_empty(self) ? NULL : self) != SQLITE_OK ||
              sq_bind_int(s, 4, (int64_t)limit * TWIN_READ_FACTOR) != SQLITE_OK)) {
        rc = sq_error(st, e, "finding likely twins");
        sq_done(s);
    } else if (s) {
        rc = sq_collect(st, s, sizeof *rows, twin_row, NULL, twin_row_fini, &rows, &nr,
                        "finding likely twins", e);
    }
    free(q);
    if (rc == 0) {
        struct project_match *v = xcalloc(nr ? nr : 1, sizeof *v);
        size_t kept = 0;
        for (size_t i = 0; i < nr; i++) {
            if (kept < (size_t)limit && shared_count(&ws, &rows[i]) >= need) {
                v[kept++] = rows[i].m;
                memset(&rows[i].m, 0, sizeof rows[i].m);
            }
            twin_row_fini(&rows[i]);
        }
        *out = v;
        *n = kept;
    }
    free(rows);
    words_fini(&ws);
    return rc;
}
