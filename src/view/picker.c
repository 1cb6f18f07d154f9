/*
 * Fuzzy choosing from a list: the score of a query against an item and
 * the picker's list state (matches best first, cursor, choices).
 */
#include "baton/picker.h"

#include <stdlib.h>
#include <string.h>

#include "baton/department.h"

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool word_start(const char *text, size_t i)
{
    if (i == 0)
        return true;
    unsigned char p = (unsigned char)text[i - 1];
    return p == ' ' || p == '-' || p == '_' || p == '.' || p == '(' || p == '/' || p == '@';
}

int picker_score(const char *query, const char *text)
{
    if (!query || !*query)
        return 0;
    if (!text)
        return -1;
    /* Greedy from the left, but a character at a word start is preferred
     * when one comes before the next plain occurrence ends the run. */
    int score = 0, run = 0;
    size_t ti = 0, tn = strlen(text);
    size_t prev = (size_t)-1;
    for (const unsigned char *q = (const unsigned char *)query; *q; q++) {
        if (*q == ' ')
            continue;
        size_t found = (size_t)-1;
        for (size_t i = ti; i < tn; i++)
            if (fold((unsigned char)text[i]) == fold(*q)) {
                found = i;
                break;
            }
        if (found == (size_t)-1)
            return -1;
        if (prev != (size_t)-1 && found == prev + 1) {
            run++;
            score += 4 + run * 2;
        } else {
            run = 0;
            score += 1;
            if (word_start(text, found))
                score += 6;
        }
        if (found == 0)
            score += 8;
        prev = found;
        ti = found + 1;
    }
    /* A shorter text with the same letters is the likelier meaning. */
    score -= (int)(tn / 16);
    return score;
}

void picker_init(struct picker *p, const char *title, bool multi)
{
    memset(p, 0, sizeof *p);
    p->title = xstrdup(title ? title : "");
    p->multi = multi;
}

void picker_fini(struct picker *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].key);
        free(p->items[i].label);
    }
    free(p->items);
    free(p->shown);
    free(p->title);
    memset(p, 0, sizeof *p);
}

struct pick_item *picker_add(struct picker *p, const char *key, const char *label)
{
    p->items = xgrow(p->items, p->n, &p->cap, sizeof *p->items);
    struct pick_item *it = &p->items[p->n++];
    memset(it, 0, sizeof *it);
    it->key = xstrdup(key ? key : "");
    it->label = xstrdup(label ? label : "");
    return it;
}

void picker_clear(struct picker *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].chosen) {
            p->items[kept++] = p->items[i];
        } else {
            free(p->items[i].key);
            free(p->items[i].label);
        }
    }
    p->n = kept;
    p->n_shown = 0;
    p->cursor = p->top = 0;
}

bool picker_has(const struct picker *p, const char *key)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].key, key) == 0)
            return true;
    return false;
}

struct scored {
    size_t idx;
    int score;
};

static int by_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx; /* stable: the list's order */
}

void picker_filter(struct picker *p)
{
    free(p->shown);
    p->shown = xcalloc(p->n ? p->n : 1, sizeof *p->shown);
    p->n_shown = 0;
    struct scored *sc = xcalloc(p->n ? p->n : 1, sizeof *sc);
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++) {
        /* The key counts most: matching it alone beats a match in the label. */
        int k = picker_score(p->query.buf, p->items[i].key);
        char *both = xasprintf("%s %s", p->items[i].key, p->items[i].label);
        int s = picker_score(p->query.buf, both);
        free(both);
        if (k >= 0 && p->query.len)
            s = (s > k ? s : k) + 10;
        /* refilled items all match the query by the store's rules (words
         * in any order): they stay, after the ones the letters rank */
        if (s < 0 && !p->refill)
            continue;
        if (s < 0)
            s = -1;
        if (!p->query.len && p->items[i].pinned)
            s += 1000;
        else if (p->query.len && s >= 0)
            s += p->items[i].boost;
        sc[m].idx = i;
        sc[m].score = s;
        m++;
    }
    qsort(sc, m, sizeof *sc, by_score);
    for (size_t i = 0; i < m; i++)
        p->shown[p->n_shown++] = sc[i].idx;
    free(sc);
    p->cursor = 0;
    p->top = 0;
}

void picker_move(struct picker *p, int delta)
{
    if (!p->n_shown)
        return;
    long c = (long)p->cursor + delta;
    if (c < 0)
        c = 0;
    if (c >= (long)p->n_shown)
        c = (long)p->n_shown - 1;
    p->cursor = (size_t)c;
}

void picker_scroll(struct picker *p, int height)
{
    if (height < 1)
        height = 1;
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + (size_t)height)
        p->top = p->cursor - (size_t)height + 1;
}

const struct pick_item *picker_current(const struct picker *p)
{
    if (!p->n_shown || p->cursor >= p->n_shown)
        return NULL;
    return &p->items[p->shown[p->cursor]];
}

void picker_toggle(struct picker *p)
{
    if (!p->n_shown)
        return;
    if (p->multi) {
        struct pick_item *it = &p->items[p->shown[p->cursor]];
        it->chosen = !it->chosen;
    }
    picker_move(p, 1);
}

size_t picker_chosen(const struct picker *p, const char ***out)
{
    size_t n = 0;
    *out = xcalloc(p->n ? p->n : 1, sizeof **out);
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].chosen)
            (*out)[n++] = p->items[i].key;
    return n;
}

int picker_add_people(struct picker *p, struct store *st, const char *dept, struct err *e)
{
    struct department d = {0};
    const char *lead = NULL;
    if (dept && department_get(st, dept, &d, e) == 0)
        lead = d.lead;
    err_clear(e); /* a department that is gone ranks nobody first */
    struct person *v = NULL;
    size_t n = 0;
    struct query q = {0};
    int rc = person_list(st, &q, &v, &n, e);
    /* rank 0: the lead, 1: the department's people, 2: the rest */
    for (int rank = 0; rc == 0 && rank < 3; rank++)
        for (size_t i = 0; i < n; i++) {
            bool is_lead = lead && str_eq(v[i].login, lead);
            bool of_dept = dept && str_eq(v[i].department, dept);
            int r = is_lead ? 0 : of_dept ? 1 : 2;
            if (r != rank)
                continue;
            char *label = xasprintf("%s%s%s%s%s", v[i].name, v[i].department ? " (" : "",
                                    v[i].department ? v[i].department : "",
                                    v[i].department ? ")" : "", is_lead ? "  lead" : "");
            struct pick_item *it = picker_add(p, v[i].login, label);
            it->pinned = r < 2;
            it->boost = r == 0 ? 600 : r == 1 ? 500 : 0; /* above any other match */
            free(label);
        }
    person_list_free(v, n);
    department_fini(&d);
    return rc;
}
