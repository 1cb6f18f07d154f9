/*
 * The stored crossings (schema 17, indicator_crossing): after each of a
 * few hundred random changes of what an indicator's status depends on
 * (readings recorded, replaced, moved, changed and removed; thresholds
 * and direction edited; targets over time set, moved and removed; an
 * indicator moved to another department), the rows kept by the triggers
 * equal the crossings computed from the readings (each reading's status,
 * as `indicator readings` reports it, against the reading before it), and
 * a department's stand-up changes, read through them, equal the
 * department's share of the changes computed over every indicator. The
 * demo generator fills the table once at its end: that fill equals the
 * triggers' result too.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/internal.h"
#include "../check.h"
#include "fixture.h"
#include "baton/changes.h"
#include "baton/indicator.h"
#include "baton/store.h"
#include "baton/str.h"
#include "baton/timeutil.h"

static char *tmp;

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n ? (unsigned)(rng_state % n) : 0;
}

static const char *const depts[] = {"ENG", "OPS", "FIN"};
enum { N_DEPTS = 3, N_IND = 8, N_DAYS = 20 };

/* Day d (0..N_DAYS-1) of November 2026 at hour h, ISO-8601. */
static void when(int d, int h, char out[32])
{
    snprintf(out, 32, "2026-11-%02dT%02d:00:00Z", 1 + d, h);
}

static void ind_key(int i, char out[16])
{
    snprintf(out, 16, "k%d", i);
}

/* The stored rows, one "indicator at department" line each, in order. */
static char *stored(struct store *st)
{
    sqlite3_stmt *s = NULL;
    struct strbuf sb;
    sb_init(&sb);
    CHECK(sqlite3_prepare_v2(st->db,
                             "SELECT i.key, c.at, COALESCE(d.key, '-') FROM indicator_crossing c"
                             " JOIN indicator i ON i.id = c.indicator_id"
                             " LEFT JOIN department d ON d.id = c.department_id"
                             " ORDER BY i.key, c.at",
                             -1, &s, NULL) == SQLITE_OK);
    while (s && sqlite3_step(s) == SQLITE_ROW)
        sb_addf(&sb, "%s %s %s\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
                sqlite3_column_text(s, 2));
    sqlite3_finalize(s);
    return sb_take(&sb);
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The same lines computed from the readings, through the model's API. */
static char *computed(struct store *st)
{
    struct err e = {0};
    struct indicator *v = NULL;
    size_t n = 0, n_lines = 0, cap = 16;
    char **lines = xcalloc(cap, sizeof *lines);
    struct query q = {0};
    must(indicator_list(st, &q, &v, &n, &e), &e, "indicator_list");
    for (size_t i = 0; i < n; i++) {
        struct reading *r = NULL;
        size_t nr = 0;
        must(indicator_readings(st, v[i].key, NULL, 0, &r, &nr, &e), &e, "indicator_readings");
        enum health before = HEALTH_UNKNOWN;
        for (size_t k = 0; k < nr; k++) {
            if (r[k].status != before) {
                if (n_lines == cap)
                    lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
                lines[n_lines++] = xasprintf("%s %s %s\n", v[i].key, r[k].at,
                                             v[i].department ? v[i].department : "-");
            }
            before = r[k].status;
        }
        reading_list_free(r, nr);
    }
    indicator_list_free(v, n);
    /* in stored()'s order: by key, then time */
    qsort(lines, n_lines, sizeof *lines, line_cmp);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n_lines; i++) {
        sb_add(&sb, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return sb_take(&sb);
}

static void exec(struct store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
        check_failures++;
    }
    sqlite3_free(msg);
}

/* One random change of what a status depends on; what it was, into what. */
static void random_change(struct store *st, char *what, size_t size)
{
    struct err e = {0};
    char key[16], at[32], sql[512];
    ind_key((int)rnd(N_IND), key);
    when((int)rnd(N_DAYS), (int)rnd(3) * 8, at);
    unsigned op = rnd(100);
    if (op < 55) {
        /* a reading (replacing one at the same time, now and then) */
        double value = (double)rnd(120);
        snprintf(what, size, "record %s %s %g", key, at, value);
        must(indicator_record(st, key, at, value, NULL, &e), &e, what);
    } else if (op < 65) {
        snprintf(what, size, "delete a reading of %s", key);
        snprintf(sql, sizeof sql,
                 "DELETE FROM reading WHERE id = (SELECT r.id FROM reading r JOIN indicator i"
                 " ON i.id = r.indicator_id WHERE i.key = '%s' ORDER BY r.at LIMIT 1 OFFSET %u)",
                 key, rnd(6));
        exec(st, sql);
    } else if (op < 72) {
        snprintf(what, size, "move a reading of %s to %s", key, at);
        snprintf(sql, sizeof sql,
                 "UPDATE OR IGNORE reading SET at = '%s', value = %u WHERE id = (SELECT r.id"
                 " FROM reading r JOIN indicator i ON i.id = r.indicator_id WHERE i.key = '%s'"
                 " ORDER BY r.at LIMIT 1 OFFSET %u)",
                 at, rnd(120), key, rnd(6));
        exec(st, sql);
    } else if (op < 76) {
        char other[16];
        ind_key((int)rnd(N_IND), other);
        snprintf(what, size, "give a reading of %s to %s", key, other);
        snprintf(sql, sizeof sql,
                 "UPDATE OR IGNORE reading SET indicator_id = (SELECT id FROM indicator WHERE"
                 " key = '%s') WHERE id = (SELECT r.id FROM reading r JOIN indicator i ON i.id ="
                 " r.indicator_id WHERE i.key = '%s' ORDER BY r.at DESC LIMIT 1)",
                 other, key);
        exec(st, sql);
    } else if (op < 84) {
        struct indicator ind;
        must(indicator_get(st, key, &ind, &e), &e, "indicator_get");
        ind.direction = rnd(2) ? DIRECTION_UP : DIRECTION_DOWN;
        ind.has_target = true;
        ind.target = (double)rnd(120);
        ind.has_amber = ind.has_red = rnd(3) != 0;
        double a = (double)rnd(120), r = (double)rnd(120);
        /* amber nearer the target than red, as the model insists */
        bool up = ind.direction == DIRECTION_UP;
        ind.amber = up ? (a < r ? r : a) : (a < r ? a : r);
        ind.red = up ? (a < r ? a : r) : (a < r ? r : a);
        if (up ? ind.amber > ind.target : ind.amber < ind.target)
            ind.target = ind.amber;
        snprintf(what, size, "thresholds of %s", key);
        must(indicator_update(st, &ind, &e), &e, what);
        indicator_fini(&ind);
    } else if (op < 92) {
        struct indicator ind;
        must(indicator_get(st, key, &ind, &e), &e, "indicator_get");
        bool up = ind.direction == DIRECTION_UP;
        double tg = (double)rnd(120), band = (double)(1 + rnd(30));
        struct indicator_target t = {.has_target = true, .target = tg};
        if (rnd(2)) {
            t.has_amber = t.has_red = true;
            t.amber = up ? tg - band : tg + band;
            t.red = up ? tg - 2 * band : tg + 2 * band;
        }
        snprintf(what, size, "target of %s from %s", key, at);
        must(indicator_set_target(st, key, at, &t, &e), &e, what);
        indicator_fini(&ind);
    } else if (op < 95) {
        snprintf(what, size, "move a target of %s to %s", key, at);
        snprintf(sql, sizeof sql,
                 "UPDATE OR IGNORE indicator_target SET from_at = '%s' WHERE"
                 " (indicator_id, from_at) = (SELECT t.indicator_id, t.from_at FROM"
                 " indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE"
                 " i.key = '%s' ORDER BY t.from_at LIMIT 1)",
                 at, key);
        exec(st, sql);
    } else if (op < 97) {
        snprintf(what, size, "remove a target of %s", key);
        snprintf(sql, sizeof sql,
                 "DELETE FROM indicator_target WHERE (indicator_id, from_at) = (SELECT"
                 " t.indicator_id, t.from_at FROM indicator_target t JOIN indicator i ON"
                 " i.id = t.indicator_id WHERE i.key = '%s' ORDER BY t.from_at DESC LIMIT 1)",
                 key);
        exec(st, sql);
    } else {
        const char *to = depts[rnd(N_DEPTS)];
        snprintf(what, size, "move %s to %s", key, to);
        snprintf(sql, sizeof sql,
                 "UPDATE indicator SET department_id = (SELECT id FROM department WHERE"
                 " key = '%s') WHERE key = '%s'",
                 to, key);
        exec(st, sql);
    }
}

/* The crossings among a list of changes, one "key at old>new" line each,
 * of the indicators of dept only (dept NULL: all). */
static char *crossings(struct store *st, const struct change *v, size_t n, const char *dept)
{
    struct strbuf sb;
    sb_init(&sb);
    struct err e = {0};
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind != CHANGE_INDICATOR_CROSSED)
            continue;
        struct indicator ind;
        must(indicator_get(st, v[i].key, &ind, &e), &e, "indicator_get");
        if (!dept || str_eq(ind.department, dept))
            sb_addf(&sb, "%s %s %d>%d %s>%s\n", v[i].key, v[i].at, v[i].old_health,
                    v[i].new_health, v[i].old_value ? v[i].old_value : "-",
                    v[i].new_value ? v[i].new_value : "-");
        indicator_fini(&ind);
    }
    return sb_take(&sb);
}

/* For a few random windows, every department's changes through the
 * stored crossings against its share of the organisation's. */
static int compared; /* windows with a crossing */

static int compare_windows(struct store *st, const char *after)
{
    struct err e = {0};
    int bad = 0;
    for (int w = 0; w < 4; w++) {
        char since[32], until[32];
        /* a day or two, as between stand-ups, so that few readings fall in it */
        int a = (int)rnd(N_DAYS - 2), b = a + (int)rnd(3);
        /* on the readings' hours, so that a bound falls on a reading */
        when(a, (int)rnd(3) * 8, since);
        when(b, (int)rnd(3) * 8, until);
        struct change *all = NULL;
        size_t n_all = 0;
        must(changes_since(st, NULL, since, until, &all, &n_all, &e), &e, "changes_since");
        for (int d = 0; d < N_DEPTS; d++) {
            struct change *v = NULL;
            size_t n = 0;
            must(changes_since(st, depts[d], since, until, &v, &n, &e), &e, "changes_since");
            char *got = crossings(st, v, n, NULL), *want = crossings(st, all, n_all, depts[d]);
            compared += strlen(want) > 0;
            if (strcmp(got, want) != 0) {
                fprintf(stderr, "after %s, %s from %s to %s:\nthrough the crossings:\n%s"
                                "computed:\n%s",
                        after, depts[d], since, until, got, want);
                bad++;
            }
            free(got);
            free(want);
            change_list_free(v, n);
        }
        change_list_free(all, n_all);
    }
    return bad;
}

static void test_random_changes_keep_the_crossings(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    struct store *st = fixture_store(tmp, "crossing", NULL);
    struct err e = {0};
    for (int d = 0; d < N_DEPTS; d++) {
        struct department dep = {.key = (char *)depts[d], .name = (char *)depts[d]};
        must(department_add(st, &dep, &e), &e, "department_add");
    }
    for (int i = 0; i < N_IND; i++) {
        char key[16];
        ind_key(i, key);
        struct indicator ind = {.key = key, .name = key, .department = (char *)depts[i % N_DEPTS],
                                .direction = i % 2 ? DIRECTION_DOWN : DIRECTION_UP,
                                .has_target = i % 4 != 3, .target = 60};
        if (i % 3 == 0) {
            ind.has_amber = ind.has_red = true;
            ind.amber = i % 2 ? 70 : 50;
            ind.red = i % 2 ? 90 : 30;
        }
        must(indicator_add(st, &ind, &e), &e, "indicator_add");
    }
    int mismatched = 0, windows_bad = 0;
    size_t rows_seen = 0;
    for (int step = 0; step < 400 && mismatched + windows_bad < 3; step++) {
        char what[256];
        random_change(st, what, sizeof what);
        char *s = stored(st), *c = computed(st);
        if (strcmp(s, c) != 0) {
            fprintf(stderr, "after %s:\nstored:\n%scomputed:\n%s", what, s, c);
            mismatched++;
        }
        rows_seen += strlen(s) > 0;
        free(s);
        free(c);
        if (step % 10 == 9)
            windows_bad += compare_windows(st, what);
    }
    CHECK_INT(mismatched, 0);
    CHECK_INT(windows_bad, 0);
    CHECK(rows_seen > 300); /* the test had crossings to compare */
    CHECK(compared > 50); /* and windows holding crossings */

    /* the generator's fill (rollup_rebuild) gives the same rows */
    char *before = stored(st);
    must(rollup_rebuild(st, &e), &e, "rollup_rebuild");
    char *after = stored(st);
    CHECK_STR(after, before);
    free(before);
    free(after);
    store_close(st);
}

/* A department's page reads its crossings by a range of their index. */
static void test_a_department_reads_a_range(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    struct store *st = fixture_store(tmp, "plan", NULL);
    sqlite3_stmt *s = NULL;
    CHECK(sqlite3_prepare_v2(st->db,
                             "EXPLAIN QUERY PLAN SELECT c.indicator_id FROM indicator_crossing c"
                             " WHERE c.department_id = 1 AND c.at > '2026-11-01' AND c.at <="
                             " '2026-11-02'",
                             -1, &s, NULL) == SQLITE_OK);
    struct strbuf sb;
    sb_init(&sb);
    while (s && sqlite3_step(s) == SQLITE_ROW)
        sb_addf(&sb, "%s\n", sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    CHECK_CONTAINS(sb_str(&sb), "indicator_crossing_department (department_id=? AND at>? AND at<?)");
    sb_fini(&sb);
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_random_changes_keep_the_crossings);
    RUN(test_a_department_reads_a_range);
    unsetenv("BATON_NOW");
    free(tmp);
    return check_report();
}
