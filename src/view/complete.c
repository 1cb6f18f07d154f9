/*
 * Candidates for completing an item key on the command line (`:goto B-`,
 * `:narrow E`). Each kind of item is asked through its list function with
 * the typed prefix as the text filter, sorted by key and limited, so a
 * Tab costs the same on a small organisation and on a million blockers.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/pane.h"

struct cands {
    char **v;
    size_t n, cap;
    const char *prefix;
};

static void cand_add(struct cands *c, const char *key)
{
    if (!key || strncasecmp(key, c->prefix, strlen(c->prefix)) != 0)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], key) == 0)
            return;
    c->v = xgrow(c->v, c->n + 1, &c->cap, sizeof *c->v); /* and the NULL after it */
    c->v[c->n++] = xstrdup(key);
    c->v[c->n] = NULL;
}

char **view_key_candidates(struct store *st, const char *prefix, bool depts_only, int limit,
                           size_t *n)
{
    struct cands c = {0};
    c.prefix = prefix ? prefix : "";
    c.v = xcalloc(1, sizeof *c.v);
    c.cap = 1;
    struct err e = {0};
    struct query q = {0};
    q.text = str_empty(prefix) ? NULL : prefix;
    q.limit = limit;

    struct department *dv = NULL;
    size_t nd = 0;
    q.sort = DEPT_SORT_KEY;
    if (department_list(st, &q, &dv, &nd, &e) == 0) {
        for (size_t i = 0; i < nd; i++)
            cand_add(&c, dv[i].key);
        department_list_free(dv, nd);
    }
    if (!depts_only) {
        struct project *pv = NULL;
        size_t np = 0;
        q.sort = PROJECT_SORT_KEY;
        if (project_list(st, &q, &pv, &np, &e) == 0) {
            for (size_t i = 0; i < np; i++)
                cand_add(&c, pv[i].key);
            project_list_free(pv, np);
        }
        struct blocker *bv = NULL;
        size_t nb = 0;
        q.sort = BLOCKER_SORT_KEY;
        if (blocker_list(st, &q, &bv, &nb, &e) == 0) {
            for (size_t i = 0; i < nb; i++)
                cand_add(&c, bv[i].key);
            blocker_list_free(bv, nb);
        }
        struct indicator *iv = NULL;
        size_t ni = 0;
        q.sort = IND_SORT_KEY;
        if (indicator_list(st, &q, &iv, &ni, &e) == 0) {
            for (size_t i = 0; i < ni; i++)
                cand_add(&c, iv[i].key);
            indicator_list_free(iv, ni);
        }
        /* objectives number dozens: all of them, by the prefix */
        struct objective_filter f = {0};
        struct objective *ov = NULL;
        size_t no = 0;
        if (objective_list(st, &f, &ov, &no, &e) == 0) {
            for (size_t i = 0, kept = 0; i < no && (limit <= 0 || (int)kept < limit); i++)
                if (!strncasecmp(ov[i].key, c.prefix, strlen(c.prefix))) {
                    cand_add(&c, ov[i].key);
                    kept++;
                }
            objective_list_free(ov, no);
        }
    }
    if (n)
        *n = c.n;
    return c.v;
}
