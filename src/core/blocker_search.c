/*
 * Finding blockers by their words: the filter typed over open blockers
 * (key prefixes and word prefixes, by index), the full-text search, the
 * possible duplicates of a blocker and the guess of which department it
 * waits on. Nothing here writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/str.h"
#include "blocker_internal.h"
#include "words.h"

/* ---- filtering open blockers as you type ------------------------------
 *
 * A substring test over every open blocker costs a scan per key press.
 * Over open blockers a filter is instead a word-prefix match: every word
 * of the filter begins a word of the title or detail (the full-text index
 * over open blockers, blocker_fts), or the filter is a key or the start of
 * one ("B-12", "12": B-12, B-120..B-129, ...; the key index over open
 * blockers). Both are index lookups that stop after BLOCKER_TEXT_CAP + 1
 * candidates; the window is then cut from those, in the list's order, and
 * the count of more than BLOCKER_TEXT_CAP is BLOCKER_TEXT_CAP + 1 ("1,000+"
 * matches: type more to narrow). Other states keep the substring test.
 */

/* The FTS5 query for text: each word a quoted prefix, all required; NULL
 * when text has no word. Words hold no quote, so quoting is safe. */
static char *prefix_query(const char *text)
{
    struct strbuf sb;
    sb_init(&sb);
    for (const char *p = text; *p;) {
        if (!word_byte((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *w = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
        sb_addf(&sb, "%s\"%.*s\"*", sb.len ? " " : "", (int)(p - w), w);
    }
    char *q = sb.len ? xstrdup(sb_str(&sb)) : NULL;
    sb_fini(&sb);
    return q;
}

/* A key or the start of one: "B-12", "b12", "12" (*named: it says B). */
static bool key_prefix(const char *text, int64_t *v, int *len, bool *named)
{
    const char *p = text;
    while (*p == ' ')
        p++;
    *named = false;
    if (*p == 'b' || *p == 'B') {
        *named = true;
        p++;
        if (*p == '-')
            p++;
    }
    if (*p < '1' || *p > '9')
        return false;
    *v = 0;
    *len = 0;
    while (*p >= '0' && *p <= '9' && *len < 12) {
        *v = *v * 10 + (*p++ - '0');
        ++*len;
    }
    while (*p == ' ')
        p++;
    return *p == 0;
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Appends the ids s returns to json, leaving out those of skip (sorted,
 * nskip of them), so that no blocker takes two of the cap's places. */
static int collect_ids(struct store *st, sqlite3_stmt *s, struct strbuf *json, int *n,
                       const int64_t *skip, size_t nskip, struct err *e)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (nskip && bsearch(&id, skip, nskip, sizeof *skip, id_cmp))
            continue;
        sb_addf(json, "%s%lld", (*n)++ ? "," : "", (long long)id);
    }
    return rc == SQLITE_DONE ? 0 : sq_error(st, e, "filtering blockers");
}

/* Ends the JSON array of ids and, when rc is 0, gives it to *out. */
static int ids_close(struct strbuf *json, int rc, char **out)
{
    sb_add(json, "]");
    if (!rc)
        *out = sb_take(json);
    sb_fini(json);
    return rc;
}

/* The ids of a candidate list (text_search's JSON array), sorted; how
 * many in *n. */
int64_t *blocker_ids_parse(const char *json, size_t *n)
{
    size_t cap = 16, len = 0;
    int64_t *v = xmalloc(cap * sizeof *v);
    for (const char *p = json; *p;) {
        if (*p < '0' || *p > '9') {
            p++;
            continue;
        }
        char *end;
        long long id = strtoll(p, &end, 10);
        if (len == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[len++] = id;
        p = end;
    }
    qsort(v, len, sizeof *v, id_cmp);
    *n = len;
    return v;
}

/* The candidate ids of text as a JSON array, at most BLOCKER_TEXT_CAP + 1:
 * keys starting with its number first (shortest first), then word-prefix
 * matches in id order. */
static int text_search(struct store *st, const char *text, const char *dept, char **json_out,
                       struct err *e);

/* text_search, remembered for the same text and department while neither
 * this connection nor another changed the data (total changes, data
 * version). */
int blocker_text_candidates(struct store *st, const char *text, const char *dept,
                           char **json_out, struct err *e)
{
    int64_t version = 0;
    int64_t changes = (int64_t)sqlite3_total_changes64(st->db);
    int rc = store_data_version(st, &version, e);
    if (rc)
        return rc;
    dept = nonempty(dept);
    char *memo_key = xasprintf("%s\x1f%s", dept ? dept : "", text);
    if (st->filter_text && strcmp(st->filter_text, memo_key) == 0 &&
        st->filter_version == version && st->filter_changes == changes) {
        free(memo_key);
        *json_out = xstrdup(st->filter_cands);
        return 0;
    }
    if ((rc = text_search(st, text, dept, json_out, e))) {
        free(memo_key);
        return rc;
    }
    free(st->filter_text);
    free(st->filter_cands);
    st->filter_text = memo_key;
    st->filter_cands = xstrdup(*json_out);
    st->filter_version = version;
    st->filter_changes = changes;
    return 0;
}

/* A department narrows the candidates (the project's or the waiting-on
 * one, as the listing's :dept does), so that a narrowed pane's count is
 * its own and not what is left of the whole organisation's first 1,001. */
/* The department's projects are gathered once per statement, not looked
 * up per candidate (a million blockers: 9 ms instead of 20 for a common
 * letter in one department of 22). */
#define TEXT_DEPT_COND                                                                           \
    " AND (?9 IS NULL OR b.waiting_on_id = (SELECT id FROM department WHERE key = ?9)"           \
    " OR b.project_id IN (SELECT fp.id FROM project fp WHERE fp.department_id ="                 \
    " (SELECT id FROM department WHERE key = ?9)))"

static int text_walk(struct store *st, const char *text, const char *dept, char **json_out,
                     struct err *e);

/* Narrowed to a department: when the whole organisation's matches are
 * under the cap, the department's are among them, kept in their order (a
 * few dozen rows read by id); only a capped list makes the search walk the
 * index within the department. */
static int text_search(struct store *st, const char *text, const char *dept, char **json_out,
                       struct err *e)
{
    if (!dept)
        return text_walk(st, text, NULL, json_out, e);
    char *all = NULL;
    int rc = text_walk(st, text, NULL, &all, e);
    if (rc)
        return rc;
    size_t n_all = 0;
    free(blocker_ids_parse(all, &n_all));
    if (n_all > BLOCKER_TEXT_CAP) {
        free(all);
        return text_walk(st, text, dept, json_out, e);
    }
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT b.id FROM json_each(?1) j CROSS JOIN blocker b"
                                 " ON b.id = j.value WHERE 1" TEXT_DEPT_COND " ORDER BY j.key",
                                 e);
    struct strbuf json;
    sb_init(&json);
    sb_add(&json, "[");
    int n = 0;
    if (!s)
        rc = -ERR_RUNTIME;
    else if (sq_bind_text(s, 1, all) != SQLITE_OK || sq_bind_text(s, 9, dept) != SQLITE_OK)
        rc = sq_error(st, e, "filtering blockers");
    else
        rc = collect_ids(st, s, &json, &n, NULL, 0, e);
    sq_done(s);
    free(all);
    return ids_close(&json, rc, json_out);
}

static int text_walk(struct store *st, const char *text, const char *dept, char **json_out,
                     struct err *e)
{
    const int want = BLOCKER_TEXT_CAP + 1;
    struct strbuf json;
    sb_init(&json);
    sb_add(&json, "[");
    int n = 0, rc = 0, len = 0;
    int64_t v = 0;
    bool named = false;
    bool is_key = key_prefix(text, &v, &len, &named);
    int64_t *keyed = NULL; /* the ids found by key, sorted */
    size_t n_keyed = 0;
    if (is_key) {
        sqlite3_stmt *s = sq_prepare(st,
                                     "SELECT b.id FROM blocker b INDEXED BY blocker_open_key"
                                     " WHERE " SQL_BLOCKER_OPEN("b")
                                     " AND b.key_num BETWEEN ?1 AND ?2" TEXT_DEPT_COND
                                     " ORDER BY b.key_num LIMIT ?3",
                                     e);
        if (!s)
            rc = -ERR_RUNTIME;
        /* B-12, then B-120..B-129, B-1200..B-1299, ...: one seek each */
        for (int64_t lo = v, hi = v; !rc && n < want && len <= 12; lo *= 10, hi = hi * 10 + 9, len++) {
            sqlite3_reset(s);
            if (sq_bind_int(s, 1, lo) != SQLITE_OK || sq_bind_int(s, 2, hi) != SQLITE_OK ||
                sq_bind_int(s, 3, want - n) != SQLITE_OK || sq_bind_text(s, 9, dept) != SQLITE_OK)
                rc = sq_error(st, e, "filtering blockers");
            else
                rc = collect_ids(st, s, &json, &n, NULL, 0, e);
        }
        sq_done(s);
        keyed = blocker_ids_parse(sb_str(&json), &n_keyed);
    }
    /* "B-12" is only a key; "budget" starts with a b but is a word */
    char *match = is_key && named ? NULL : prefix_query(text);
    if (!rc && match && n < want) {
        sqlite3_stmt *s = sq_prepare(
            st,
            dept ? "SELECT blocker_fts.rowid FROM blocker_fts CROSS JOIN blocker b"
                   " ON b.id = blocker_fts.rowid WHERE blocker_fts MATCH ?1" TEXT_DEPT_COND
                   " LIMIT ?2"
                 : "SELECT rowid FROM blocker_fts WHERE blocker_fts MATCH ?1 LIMIT ?2",
            e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, match) != SQLITE_OK || sq_bind_int(s, 2, want - n) != SQLITE_OK ||
                 (dept && sq_bind_text(s, 9, dept) != SQLITE_OK))
            rc = sq_error(st, e, "filtering blockers");
        else
            rc = collect_ids(st, s, &json, &n, keyed, n_keyed, e);
        sq_done(s);
    }
    free(keyed);
    free(match);
    return ids_close(&json, rc, json_out);
}
/* ---- full-text search ------------------------------------------------- */

static const char SQL_SEARCH[] =
    "SELECT b.key, b.title, b.state, bm25(blocker_fts, 2.0, 1.0) AS r"
    " FROM blocker_fts JOIN blocker b ON b.id = blocker_fts.rowid"
    " WHERE blocker_fts MATCH ?1 AND " SQL_BLOCKER_OPEN("b")
    " AND (?2 IS NULL OR b.key <> ?2) ORDER BY r LIMIT ?3";


/* A match as SQL_SEARCH reads it: these columns, then its state and rank. */
static const struct entity_field match_field_v[] = {
    ROW_FIELD(struct blocker_match, key, FT_TEXT),
    ROW_FIELD(struct blocker_match, title, FT_TEXT),
};
static const struct entity match_entity = ROW_ENTITY(blocker_match, match_field_v);

void blocker_match_list_free(struct blocker_match *v, size_t n)
{
    entity_list_free(&match_entity, v, n);
}

static bool match_row(sqlite3_stmt *s, void *row, void *arg)
{
    (void)arg;
    struct blocker_match *m = row;
    entity_read(&match_entity, s, m);
    const char *state = (const char *)sqlite3_column_text(s, 2);
    if (!state || !blocker_state_parse(state, &m->state))
        m->state = BLOCKER_NEW;
    m->rank = sqlite3_column_double(s, 3);
    return true;
}

static void match_fini(void *row)
{
    entity_fini(&match_entity, row);
}

int blocker_search(struct store *st, const char *text, const char *exclude, int limit,
                   struct blocker_match **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char *q = words_match_query(text);
    if (!q)
        return 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_SEARCH, e);
    if (!s) {
        free(q);
        return -ERR_RUNTIME;
    }
    int rc = SQLITE_OK;
    rc |= sq_bind_text(s, 1, q);
    rc |= sq_bind_text(s, 2, nonempty(exclude));
    rc |= sq_bind_int(s, 3, limit > 0 ? limit : 5);
    free(q);
    if (rc != SQLITE_OK) {
        rc = sq_error(st, e, "binding the search");
        sq_done(s);
        return rc;
    }
    return sq_collect(st, s, sizeof **out, match_row, NULL, match_fini, out, n,
                      "searching blockers", e);
}

/* ---- possible duplicates ----------------------------------------------
 *
 * Ranking every open blocker that shares a word (bm25 over the matches)
 * costs what the matches cost: at a million blockers a common word alone
 * matches tens of thousands. Here no query reads more than a fixed number
 * of entries, whatever the number of blockers:
 *
 * - each word of the blocker: the newest SIMILAR_COUNT_CAP other open
 *   blockers holding it, from its posting list. A word with fewer is
 *   rare and that list is all of its holders; a word at the cap is
 *   common and the list a window of its newest holders;
 * - the blockers found in two lists (or in the one list of a one-word
 *   blocker) share two words;
 * - each of the rarest SIMILAR_HEADS rare words, AND any common word:
 *   a rare word's holders that share a common one outside its window,
 *   read through the rare word's short posting list;
 * - the best of those, by the rarity of the words they share, are read
 *   by id (at most eight times the limit) and scored on their text.
 *
 * So a duplicate that shares two rare words is found however many
 * blockers share its common ones, and the walk that an AND of two common
 * words needs (when they seldom meet, through both posting lists) is
 * never asked for.
 */

enum { SIMILAR_COUNT_CAP = 200, SIMILAR_HEADS = 8 };

static const char SQL_WORD_HOLDERS[] =
    "SELECT rowid FROM blocker_fts WHERE blocker_fts MATCH ?1 AND rowid <> ?2"
    " ORDER BY rowid DESC LIMIT ?3";
static const char SQL_RARE_WITH_COMMON[] =
    "SELECT rowid FROM blocker_fts WHERE blocker_fts MATCH ?1 AND rowid <> ?2";
static const char SQL_SIMILAR_ROW[] = "SELECT b.key, b.title, b.detail, b.state FROM blocker b"
                                      " WHERE b.id = ?1 AND " SQL_BLOCKER_OPEN("b");

/* A word's weight: rarer words say more (an inverse document frequency
 * over the capped count). */
static double word_weight(int count)
{
    return log(1.0 + (double)SIMILAR_COUNT_CAP / (count + 0.5));
}

/* One blocker holding one of the blocker's words (word -1: some common
 * word, found by SQL_RARE_WITH_COMMON). */
struct holding {
    int64_t id;
    int word;
};

struct holdings {
    struct holding *v;
    size_t n, cap;
};

static void holdings_add(struct holdings *h, int64_t id, int word)
{
    h->v = xgrow(h->v, h->n, &h->cap, sizeof *h->v);
    h->v[h->n++] = (struct holding){id, word};
}

/* Runs s (bound) and adds each id it returns as holding word. */
static int holdings_read(struct store *st, sqlite3_stmt *s, int word, struct holdings *h,
                         int *count, struct err *e)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        holdings_add(h, sqlite3_column_int64(s, 0), word);
        ++*count;
    }
    return rc == SQLITE_DONE ? 0 : sq_error(st, e, "finding possible duplicates");
}

/* The newest holders of word other than self, up to the cap; *count says
 * how many. */
static int word_holders(struct store *st, const char *word, int64_t self, int index,
                        struct holdings *h, int *count, struct err *e)
{
    *count = 0;
    sqlite3_stmt *s = sq_prepare(st, SQL_WORD_HOLDERS, e);
    if (!s)
        return -ERR_RUNTIME;
    char *q = xasprintf("\"%s\"", word);
    int rc;
    if (sq_bind_text(s, 1, q) != SQLITE_OK || sq_bind_int(s, 2, self) != SQLITE_OK ||
        sq_bind_int(s, 3, SIMILAR_COUNT_CAP) != SQLITE_OK)
        rc = sq_error(st, e, "finding possible duplicates");
    else
        rc = holdings_read(st, s, index, h, count, e);
    free(q);
    sq_done(s);
    return rc;
}

/* The holders of rare word r that also hold a common word: one walk of
 * r's posting list (under the cap). */
static int rare_with_common(struct store *st, const struct words *ws, const int *count, int r,
                            int64_t self, struct holdings *h, struct err *e)
{
    struct strbuf q;
    sb_init(&q);
    sb_addf(&q, "\"%s\" AND (", ws->w[r]);
    int n = 0;
    for (int i = 0; i < ws->n; i++)
        if (count[i] >= SIMILAR_COUNT_CAP)
            sb_addf(&q, "%s\"%s\"", n++ ? " OR " : "", ws->w[i]);
    sb_add(&q, ")");
    int rc = 0, got = 0;
    if (n) {
        sqlite3_stmt *s = sq_prepare(st, SQL_RARE_WITH_COMMON, e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, sb_str(&q)) != SQLITE_OK || sq_bind_int(s, 2, self) != SQLITE_OK)
            rc = sq_error(st, e, "finding possible duplicates");
        else
            rc = holdings_read(st, s, -1, h, &got, e);
        sq_done(s);
    }
    sb_fini(&q);
    return rc;
}

static int holding_cmp(const void *a, const void *b)
{
    const struct holding *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->word < y->word ? -1 : x->word > y->word;
}

struct candidate {
    int64_t id;
    char *key, *title;
    enum blocker_state state;
    double score;
    int shared;
};

struct candidates {
    struct candidate *v;
    size_t n, cap;
};

static void candidates_free(struct candidates *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free(cs->v[i].key);
        free(cs->v[i].title);
    }
    free(cs->v);
}

/* Best first: the higher score, then more words shared, then the newer. */
static int candidate_cmp(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id;
}

/* Which of the blocker's words a candidate's text holds. */
struct word_hits {
    const struct words *ws;
    bool *hit;
};

static void mark_hit(const char *w, void *arg)
{
    struct word_hits *h = arg;
    int i = words_find(h->ws, w);
    if (i >= 0)
        h->hit[i] = true;
}

/* The holdings gathered per blocker: those that share enough words, by
 * the weight of the words known to be shared (twice for a word of the
 * blocker's title, the best sign of a repeat). */
static void holdings_rank(struct holdings *h, const int *count, const bool *in_title, int need,
                          struct candidates *cs)
{
    if (h->n > 1)
        qsort(h->v, h->n, sizeof *h->v, holding_cmp);
    for (size_t i = 0; i < h->n;) {
        size_t j = i;
        int shared = 0;
        bool other = false;
        double weight = 0;
        for (; j < h->n && h->v[j].id == h->v[i].id; j++) {
            int w = h->v[j].word;
            if (w < 0) {
                other = true;
            } else if (j == i || h->v[j - 1].word != w) {
                shared++;
                weight += (in_title[w] ? 2.0 : 1.0) * word_weight(count[w]);
            }
        }
        if (other && shared < 2) { /* a rare word and some common one */
            shared++;
            weight += word_weight(SIMILAR_COUNT_CAP);
        }
        if (shared >= need) {
            cs->v = xgrow(cs->v, cs->n, &cs->cap, sizeof *cs->v);
            cs->v[cs->n++] = (struct candidate){.id = h->v[i].id, .score = weight,
                                                .shared = shared};
        }
        i = j;
    }
    if (cs->n > 1)
        qsort(cs->v, cs->n, sizeof *cs->v, candidate_cmp);
}

/* Scores a candidate as a weighted overlap of words: what it shares with
 * the blocker (twice in its title), over all the blocker's words and the
 * candidate's own others, so a short exact repeat beats a long text that
 * happens to hold the same words. */
static void candidate_score(struct candidate *c, const char *detail, const struct words *ws,
                            const int *count)
{
    bool in_title[WORDS_MAX] = {false}, in_detail[WORDS_MAX] = {false};
    struct word_hits ht = {ws, in_title}, hd = {ws, in_detail};
    words_each(c->title, mark_hit, &ht);
    words_each(detail, mark_hit, &hd);
    double shared = 0, all = 0;
    c->shared = 0;
    for (int i = 0; i < ws->n; i++) {
        double w = word_weight(count[i]);
        all += w;
        if (!in_title[i] && !in_detail[i])
            continue;
        c->shared++;
        shared += (in_title[i] ? 2.0 : 1.0) * w;
    }
    char *text = xasprintf("%s %s", c->title ? c->title : "", detail ? detail : "");
    struct words own;
    words_of(text, &own);
    free(text);
    int others = own.n;
    for (int i = 0; i < own.n; i++)
        others -= words_find(ws, own.w[i]) >= 0;
    words_fini(&own);
    c->score = shared / (all + others * word_weight(SIMILAR_COUNT_CAP));
}

/* Reads the first n candidates by id and scores them on their text; one
 * closed meanwhile keeps no key. */
static int candidates_read(struct store *st, struct candidates *cs, size_t n,
                           const struct words *ws, const int *count, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, SQL_SIMILAR_ROW, e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    for (size_t i = 0; i < n && i < cs->n && !rc; i++) {
        struct candidate *c = &cs->v[i];
        sqlite3_reset(s);
        if (sq_bind_int(s, 1, c->id) != SQLITE_OK) {
            rc = sq_error(st, e, "finding possible duplicates");
            break;
        }
        int step = sqlite3_step(s);
        if (step == SQLITE_ROW) {
            c->key = sq_col_text(s, 0);
            c->title = sq_col_text(s, 1);
            const char *state = (const char *)sqlite3_column_text(s, 3);
            if (!state || !blocker_state_parse(state, &c->state))
                c->state = BLOCKER_NEW;
            candidate_score(c, (const char *)sqlite3_column_text(s, 2), ws, count);
        } else if (step != SQLITE_DONE) {
            rc = sq_error(st, e, "finding possible duplicates");
        }
    }
    sq_done(s);
    return rc;
}

/* blocker_similar's work, inside one read transaction: cs holds the
 * candidates read, scored, best first. */
static int similar_tx(struct store *st, const struct blocker *b, int limit,
                      struct candidates *cs, int *need, struct err *e)
{
    char *text = xasprintf("%s %s", b->title ? b->title : "", b->detail ? b->detail : "");
    struct words ws;
    words_of(text, &ws);
    free(text);
    /* One shared word ("customers", "depot") says little: a suggested
     * duplicate must share two, or all of a one-word blocker's. */
    *need = ws.n >= 2 ? 2 : 1;
    int count[WORDS_MAX] = {0};
    struct holdings h = {0};
    int rc = 0;
    for (int i = 0; i < ws.n && !rc; i++)
        rc = word_holders(st, ws.w[i], b->id, i, &h, &count[i], e);
    /* the rare words, rarest first (words no one else holds left out) */
    int order[WORDS_MAX], m = 0;
    for (int i = 0; i < ws.n; i++) {
        if (count[i] == 0 || count[i] >= SIMILAR_COUNT_CAP)
            continue;
        int j = m++;
        for (; j > 0 && count[order[j - 1]] > count[i]; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (int r = 0; r < m && r < SIMILAR_HEADS && !rc && *need == 2; r++)
        rc = rare_with_common(st, &ws, count, order[r], b->id, &h, e);
    if (!rc) {
        bool in_title[WORDS_MAX] = {false};
        struct word_hits ht = {&ws, in_title};
        words_each(b->title, mark_hit, &ht);
        holdings_rank(&h, count, in_title, *need, cs);
        rc = candidates_read(st, cs, (size_t)limit * 8, &ws, count, e);
        if (cs->n > (size_t)limit * 8) {
            for (size_t i = (size_t)limit * 8; i < cs->n; i++)
                free(cs->v[i].key), free(cs->v[i].title);
            cs->n = (size_t)limit * 8;
        }
        if (cs->n > 1)
            qsort(cs->v, cs->n, sizeof *cs->v, candidate_cmp);
    }
    free(h.v);
    words_fini(&ws);
    return rc;
}

int blocker_similar(struct store *st, const char *key, int limit, struct blocker_match **out,
                    size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (limit <= 0)
        limit = 5;
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    if (own_tx && sq_exec(st, "BEGIN", e))
        return -ERR_RUNTIME;
    struct blocker b;
    struct candidates cs = {0};
    int need = 1;
    int rc = blocker_get(st, key, &b, e);
    if (!rc) {
        rc = similar_tx(st, &b, limit, &cs, &need, e);
        blocker_fini(&b);
    }
    if (own_tx)
        (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL); /* a read: nothing to lose */
    if (rc) {
        candidates_free(&cs);
        return rc;
    }
    struct blocker_match *v = xcalloc(cs.n ? cs.n : 1, sizeof *v);
    size_t kept = 0;
    for (size_t i = 0; i < cs.n; i++) {
        struct candidate *c = &cs.v[i];
        if (kept < (size_t)limit && c->key && c->shared >= need) {
            v[kept++] = (struct blocker_match){c->key, c->title, c->state, -c->score};
            c->key = c->title = NULL;
        }
    }
    candidates_free(&cs);
    *out = v;
    *n = kept;
    return 0;
}

/* ---- guessing the waiting-on department ------------------------------ */

static const char SQL_WAITING_OF[] =
    "SELECT d.key FROM blocker b JOIN department d ON d.id = b.waiting_on_id WHERE b.key = ?1";

/* Votes of the most similar blockers that wait on a department. */
static int guess_by_similar(struct store *st, const char *key, struct waiting_guess *g,
                            struct err *e)
{
    struct blocker_match *m = NULL;
    size_t nm = 0;
    int rc = blocker_similar(st, key, GUESS_SIMILAR * 4, &m, &nm, e);
    if (rc)
        return rc;
    sqlite3_stmt *s = sq_prepare(st, SQL_WAITING_OF, e);
    if (!s) {
        blocker_match_list_free(m, nm);
        return -ERR_RUNTIME;
    }
    char *dept[GUESS_SIMILAR];
    int n = 0;
    for (size_t i = 0; i < nm && n < GUESS_SIMILAR && !rc; i++) {
        sqlite3_reset(s);
        if (sq_bind_text(s, 1, m[i].key) != SQLITE_OK) {
            rc = sq_error(st, e, "guessing the waiting-on department");
            break;
        }
        int step = sqlite3_step(s);
        if (step == SQLITE_ROW)
            dept[n++] = sq_col_text(s, 0);
        else if (step != SQLITE_DONE)
            rc = sq_error(st, e, "guessing the waiting-on department");
    }
    sq_done(s);
    blocker_match_list_free(m, nm);
    /* the most votes; on a tie, the one of the more similar blocker */
    int best = -1, best_votes = 0;
    for (int i = 0; i < n && !rc; i++) {
        int votes = 0;
        for (int j = 0; j < n; j++)
            votes += strcmp(dept[i], dept[j]) == 0;
        if (votes > best_votes) {
            best = i;
            best_votes = votes;
        }
    }
    if (best >= 0) {
        g->dept = xstrdup(dept[best]);
        g->votes = best_votes;
        g->of = n;
        snprintf(g->why, sizeof g->why, "%s: %d of the %d most similar blocker%s", g->dept,
                 best_votes, n, n == 1 ? "" : "s");
    }
    for (int i = 0; i < n; i++)
        free(dept[i]);
    return rc;
}

/* The department of the first project the blocker's project depends on
 * that another department owns. */
static int guess_by_dependency(struct store *st, const struct blocker *b, struct waiting_guess *g,
                               struct err *e)
{
    struct project p;
    int rc = project_get(st, b->project, &p, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < p.n_depends_on && !g->dept && !rc; i++) {
        struct project on;
        rc = project_get(st, p.depends_on[i], &on, e);
        if (rc)
            break;
        if (!str_eq(on.department, p.department)) {
            g->dept = xstrdup(on.department);
            snprintf(g->why, sizeof g->why, "%s: %s depends on %s", on.department, p.key,
                     on.key);
        }
        project_fini(&on);
    }
    project_fini(&p);
    return rc;
}

int blocker_guess_waiting(struct store *st, const char *key, struct waiting_guess *g,
                          struct err *e)
{
    memset(g, 0, sizeof *g);
    struct blocker b;
    int rc = blocker_get(st, key, &b, e);
    if (rc)
        return rc;
    rc = guess_by_similar(st, key, g, e);
    if (!rc && !g->dept)
        rc = guess_by_dependency(st, &b, g, e);
    blocker_fini(&b);
    if (rc)
        waiting_guess_fini(g);
    return rc;
}

void waiting_guess_fini(struct waiting_guess *g)
{
    free(g->dept);
    memset(g, 0, sizeof *g);
}

