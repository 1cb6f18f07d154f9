/*
 * The stored roll-up (rollup.c, schema migration 8) against the roll-up
 * computed in full: after every one of a few hundred random changes of
 * every kind that bears on it (new blockers, verdicts, severities and
 * waiting-on, project status, health, progress, due dates, departments
 * and dependencies, readings and targets, new departments) and after the
 * day moves forward, back and far ahead, the departments listed from the
 * stored counts equal the departments computed from the rows, and no
 * project or indicator holds a stale value.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/internal.h"
#include "../check.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;

static uint64_t rng_state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    if (n == 0)
        return 0;
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void set_day(int offset)
{
    /* 2026-11-26 plus offset days, at 09:00 UTC. */
    btime t;
    CHECK(time_parse("2026-11-26T09:00:00Z", &t));
    char iso[32];
    time_fmt_iso(t + (btime)offset * 86400, iso);
    setenv("BATON_NOW", iso, 1);
}

static char *day_text(int offset)
{
    btime t;
    CHECK(time_parse("2026-11-26T00:00:00Z", &t));
    char d[16];
    time_fmt_date(t + (btime)offset * 86400, d);
    return xstrdup(d);
}

/* Keys of a listing, to pick from. */
struct keys {
    char **v;
    size_t n;
};

static void keys_fini(struct keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    free(k->v);
    k->v = NULL;
    k->n = 0;
}

static void project_keys(struct store *st, struct keys *k)
{
    struct project *v = NULL;
    size_t n = 0;
    struct err e;
    struct query q = {0};
    CHECK(project_list(st, &q, &v, &n, &e) == 0);
    k->v = xmalloc((n ? n : 1) * sizeof *k->v);
    k->n = n;
    for (size_t i = 0; i < n; i++)
        k->v[i] = xstrdup(v[i].key);
    project_list_free(v, n);
}

static void department_keys(struct store *st, struct keys *k)
{
    struct department *v = NULL;
    size_t n = 0;
    struct err e;
    struct query q = {0};
    CHECK(department_list_full(st, &q, &v, &n, &e) == 0);
    k->v = xmalloc((n ? n : 1) * sizeof *k->v);
    k->n = n;
    for (size_t i = 0; i < n; i++)
        k->v[i] = xstrdup(v[i].key);
    department_list_free(v, n);
}

/* Blockers B-1 .. B-n exist: the generated ones, then those added. */
static int n_blockers;
/* Changes that went through, so that the test shows it changed things. */
static int n_verdicts, n_project_edits, n_days;

/* What a user would see differ: a department whose listed figures are not
 * the computed ones. Returns how many differ, printing them. */
static int compare_departments(struct store *st, const char *when)
{
    struct department *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    struct err e;
    struct query q = {0};
    CHECK(department_list(st, &q, &a, &na, &e) == 0);
    CHECK(department_list_full(st, &q, &b, &nb, &e) == 0);
    CHECK_INT(na, nb);
    int bad = 0;
    for (size_t i = 0; i < na && i < nb; i++) {
        if (!str_eq(a[i].key, b[i].key) || a[i].health != b[i].health ||
            a[i].open_blockers != b[i].open_blockers || a[i].new_blockers != b[i].new_blockers ||
            a[i].projects_at_risk != b[i].projects_at_risk ||
            a[i].indicators_off != b[i].indicators_off) {
            fprintf(stderr,
                    "  after %s: %s stored health %d open %d new %d risk %d off %d;"
                    " computed %s health %d open %d new %d risk %d off %d\n",
                    when, a[i].key, a[i].health, a[i].open_blockers, a[i].new_blockers,
                    a[i].projects_at_risk, a[i].indicators_off, b[i].key, b[i].health,
                    b[i].open_blockers, b[i].new_blockers, b[i].projects_at_risk,
                    b[i].indicators_off);
            bad++;
        }
    }
    /* The blockers pane's counts, stored against counted. */
    for (size_t i = 0; i <= nb; i++) {
        const char *dept = i < nb ? b[i].key : NULL;
        for (int fresh = 0; fresh < 2; fresh++) {
            struct query cq = {.dept = dept, .state = fresh ? "new" : "open"};
            int64_t stored = -1, counted = -2;
            bool known = false;
            CHECK(department_blocker_count(st, dept, fresh, &stored, &known, &e) == 0);
            CHECK(known);
            CHECK(blocker_count(st, &cq, &counted, &e) == 0);
            if (stored != counted) {
                fprintf(stderr, "  after %s: %s %s blockers stored %lld, counted %lld\n", when,
                        dept ? dept : "all", cq.state, (long long)stored, (long long)counted);
                bad++;
            }
        }
    }
    department_list_free(a, na);
    department_list_free(b, nb);
    return bad;
}

static int stale_values(struct store *st, const char *when)
{
    struct strbuf report;
    sb_init(&report);
    int64_t wrong = -1;
    struct err e;
    CHECK(rollup_verify(st, &report, &wrong, &e) == 0);
    if (wrong)
        fprintf(stderr, "  after %s:\n%s", when, sb_str(&report));
    sb_fini(&report);
    return (int)wrong;
}

/* A generated organisation of n blockers on day 0, in tmp/NAME.db. */
static size_t n_deps_seen;

/* The report's figures (open projects by health, dependencies across
 * departments at risk) against the same worked out from every project
 * read in full; the number of differences. */
static int compare_report(struct store *st, const char *when)
{
    struct err e;
    struct project *v = NULL;
    size_t n = 0;
    int64_t want[4] = {0}, got[4];
    if (project_list(st, NULL, &v, &n, &e) != 0 || project_health_counts(st, got, &e) != 0) {
        fprintf(stderr, "%s: %s\n", when, e.msg);
        return 1;
    }
    struct project_dep_risk *deps = NULL;
    size_t n_deps = 0, k = 0;
    int wrong = project_risky_dependencies(st, &deps, &n_deps, &e) != 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].status == PROJECT_DONE || v[i].status == PROJECT_CANCELLED)
            continue;
        want[v[i].health]++;
        struct project full;
        if (project_get(st, v[i].key, &full, &e) != 0)
            return wrong + 1;
        for (size_t d = 0; d < full.n_depends_on; d++) {
            struct project on;
            if (project_get(st, full.depends_on[d], &on, &e) != 0)
                return wrong + 1;
            if (!str_eq(on.department, full.department) && on.health >= HEALTH_AMBER) {
                bool same = k < n_deps && str_eq(deps[k].project, full.key) &&
                            str_eq(deps[k].on, on.key) && str_eq(deps[k].dept, full.department) &&
                            str_eq(deps[k].on_dept, on.department) &&
                            str_eq(deps[k].on_title, on.title) && deps[k].on_health == on.health;
                if (!same) {
                    fprintf(stderr, "%s: dependency %zu should be %s on %s (%d), is %s on %s\n",
                            when, k, full.key, on.key, (int)on.health,
                            k < n_deps ? deps[k].project : "none", k < n_deps ? deps[k].on : "");
                    wrong++;
                }
                k++;
            }
            project_fini(&on);
        }
        project_fini(&full);
    }
    n_deps_seen += k;
    if (k != n_deps) {
        fprintf(stderr, "%s: %zu dependencies at risk, want %zu\n", when, n_deps, k);
        wrong++;
    }
    for (int h = 0; h < 4; h++)
        if (got[h] != want[h]) {
            fprintf(stderr, "%s: %lld open projects of health %d, want %lld\n", when,
                    (long long)got[h], h, (long long)want[h]);
            wrong++;
        }
    project_dep_risk_list_free(deps, n_deps);
    project_list_free(v, n);
    return wrong;
}

static struct store *generated(const char *name, long n, unsigned long seed, char **path)
{
    set_day(0);
    *path = xasprintf("%s/%s.db", tmp, name);
    struct store *st = NULL;
    struct err e;
    if (store_open(&st, *path, STORE_CREATE, &e) != 0 ||
        (store_set_actor(st, "root"), store_generate(st, n, seed, &e)) != 0) {
        fprintf(stderr, "generating %s: %s\n", *path, e.msg);
        exit(2);
    }
    return st;
}

static const char *const verbs_text[] = {"accept", "start", "resolve", "decline",
                                         "duplicate", "snooze", "wake", "reopen"};

/* One random change; *what names it. Failures the rules refuse (a
 * transition from the wrong state, a dependency cycle) are fine: they
 * change nothing. */
static void random_change(struct store *st, struct keys *projects, struct keys *depts,
                          char *what, size_t what_len, int *day)
{
    struct err e;
    unsigned pick = rnd(100);
    const char *pk = projects->v[rnd((unsigned)projects->n)];
    const char *dk = depts->v[rnd((unsigned)depts->n)];
    if (pick < 20) {
        struct blocker b = {.project = (char *)pk,
                            .title = "printer queue stalls overnight",
                            .severity = (int)rnd(5),
                            .waiting_on = rnd(3) ? (char *)dk : NULL};
        char *key = NULL;
        if (blocker_add(st, &b, &key, &e) == 0)
            n_blockers++;
        snprintf(what, what_len, "adding %s to %s (severity %d, waiting on %s)",
                 key ? key : "?", pk, b.severity, b.waiting_on ? b.waiting_on : "-");
        free(key);
    } else if (pick < 50) {
        char key[32];
        snprintf(key, sizeof key, "B-%d", 1 + (int)rnd((unsigned)n_blockers));
        struct verdict v = {.verb = (enum blocker_verb)rnd(VERB_COUNT)};
        if (v.verb == VERB_ACCEPT) {
            v.severity = 1 + (int)rnd(4);
            v.waiting_on = dk;
        }
        v.reason = "because";
        v.until = "2026-12-01T00:00:00Z";
        v.duplicate_of = "B-1";
        if (blocker_apply(st, key, &v, &e) == 0)
            n_verdicts++;
        snprintf(what, what_len, "%s %s", verbs_text[v.verb], key);
    } else if (pick < 58) {
        char key[32];
        snprintf(key, sizeof key, "B-%d", 1 + (int)rnd((unsigned)n_blockers));
        struct blocker b;
        if (blocker_get(st, key, &b, &e) == 0) {
            b.severity = 1 + (int)rnd(4);
            free(b.waiting_on);
            b.waiting_on = rnd(3) ? xstrdup(dk) : NULL;
            blocker_update(st, &b, &e);
            snprintf(what, what_len, "editing %s (severity %d, waiting on %s)", key, b.severity,
                     b.waiting_on ? b.waiting_on : "-");
            blocker_fini(&b);
        }
    } else if (pick < 78) {
        struct project p;
        if (project_get(st, pk, &p, &e) == 0) {
            unsigned field = rnd(5);
            if (field == 0) {
                p.status = (enum project_status)rnd(5);
            } else if (field == 1) {
                p.health_set = (enum health)rnd(4);
            } else if (field == 2) {
                p.progress = (int)rnd(101);
            } else if (field == 3) {
                free(p.due);
                p.due = rnd(6) ? day_text((int)rnd(40) - 15) : NULL;
            } else {
                free(p.department);
                p.department = xstrdup(dk);
            }
            if (project_update(st, &p, &e) == 0)
                n_project_edits++;
            snprintf(what, what_len, "editing project %s (field %u)", pk, field);
            project_fini(&p);
        }
    } else if (pick < 86) {
        const char *on = projects->v[rnd((unsigned)projects->n)];
        if (rnd(3))
            project_depend(st, pk, on, NULL, &e);
        else
            project_undepend(st, pk, on, &e);
        snprintf(what, what_len, "dependency %s -> %s", pk, on);
    } else if (pick < 93) {
        struct indicator *v = NULL;
        size_t n = 0;
        struct query q = {0};
        if (indicator_list(st, &q, &v, &n, &e) == 0 && n) {
            const char *ik = v[rnd((unsigned)n)].key;
            if (rnd(4)) {
                indicator_record(st, ik, NULL, (double)rnd(200), NULL, &e);
                snprintf(what, what_len, "reading of %s", ik);
            } else {
                struct indicator_target t = {.has_target = true, .target = (double)rnd(200)};
                indicator_set_target(st, ik, NULL, &t, &e);
                snprintf(what, what_len, "target of %s", ik);
            }
        }
        indicator_list_free(v, n);
    } else if (pick < 95) {
        char key[16], name[32];
        snprintf(key, sizeof key, "N%u", rnd(100000));
        snprintf(name, sizeof name, "New %s", key);
        struct department d = {.key = key, .name = name};
        if (department_add(st, &d, &e) == 0) {
            keys_fini(depts);
            department_keys(st, depts);
        }
        snprintf(what, what_len, "adding department %s", key);
    } else {
        static const int steps[] = {1, 1, 1, 3, -2, 9, -20, 60};
        *day += steps[rnd(sizeof steps / sizeof steps[0])];
        set_day(*day);
        n_days++;
        snprintf(what, what_len, "moving to day %+d", *day);
    }
}

static void test_random_changes_keep_the_rollup(void)
{
    char *path = NULL;
    struct store *st = generated("r", 400, 3, &path);
    n_blockers = 400;
    CHECK_INT(stale_values(st, "generating"), 0);
    CHECK_INT(compare_departments(st, "generating"), 0);

    struct keys projects = {0}, depts = {0};
    project_keys(st, &projects);
    department_keys(st, &depts);
    CHECK(projects.n > 10);
    int day = 0, bad = 0;
    for (int i = 0; i < 1200 && bad < 3; i++) {
        char what[160] = "nothing";
        random_change(st, &projects, &depts, what, sizeof what, &day);
        int wrong = compare_departments(st, what) + stale_values(st, what);
        if (i % 40 == 0)
            wrong += compare_report(st, what);
        if (wrong)
            bad++;
    }
    CHECK_INT(bad, 0);
    fprintf(stderr, "  %d verdicts, %d project edits, %d moves of the day\n", n_verdicts,
            n_project_edits, n_days);
    CHECK(n_verdicts >= 50);
    CHECK(n_project_edits >= 60);
    CHECK(n_days >= 10);
    CHECK(n_deps_seen > 0); /* the report's dependencies were compared, not only found empty */
    keys_fini(&projects);
    keys_fini(&depts);
    store_close(st);
    free(path);
}

/* Snoozes of one morning woken at once, on the day and three months on:
 * the wake moves the roll-up and the flows itself, in grouped statements
 * with the per-blocker triggers held back, and leaves them equal to their
 * full computation; the triggers are back for the next verdict. */
static void set_clock(const char *iso)
{
    setenv("BATON_NOW", iso, 1);
}

static void test_a_wake_of_many_snoozes_keeps_the_rollup(void)
{
    char *path = NULL;
    struct store *st = generated("w", 2000, 5, &path);
    struct err e;
    int snoozed = 0;
    for (int i = 1; i <= 2000; i++) {
        char key[32];
        snprintf(key, sizeof key, "B-%d", i);
        struct verdict v = {.verb = VERB_SNOOZE,
                            .until = i % 3 ? "2026-11-26T10:00:00Z" : "2026-12-20T00:00:00Z"};
        if (blocker_apply(st, key, &v, &e) == 0)
            snoozed++;
    }
    CHECK(snoozed >= 150);
    CHECK_INT(compare_departments(st, "snoozing"), 0);
    CHECK_INT(stale_values(st, "snoozing"), 0);

    /* the same day: the roll-up's day does not move and recompute anything */
    set_clock("2026-11-26T11:00:00Z");
    int woken = 0;
    CHECK(blocker_wake_due(st, &woken, &e) == 0);
    CHECK(woken >= 100);
    CHECK_INT(compare_departments(st, "waking on the day"), 0);
    CHECK_INT(stale_values(st, "waking on the day"), 0);

    set_day(91);
    int later = 0;
    CHECK(blocker_wake_due(st, &later, &e) == 0);
    CHECK(later >= 50);
    CHECK_INT(compare_departments(st, "waking three months on"), 0);
    CHECK_INT(stale_values(st, "waking three months on"), 0);
    int64_t still = -1;
    struct query q = {.state = "snoozed"};
    CHECK(blocker_count(st, &q, &still, &e) == 0);
    CHECK_INT(still, 0);

    /* per-blocker triggers again: a verdict moves the roll-up as before */
    int accepted = 0;
    for (int i = 1; i <= 2000 && accepted < 20; i++) {
        char key[32];
        snprintf(key, sizeof key, "B-%d", i);
        struct verdict v = {.verb = VERB_ACCEPT, .severity = 1 + i % 4, .waiting_on = "ENG"};
        if (blocker_apply(st, key, &v, &e) == 0)
            accepted++;
    }
    CHECK_INT(accepted, 20);
    CHECK_INT(compare_departments(st, "accepting after the wake"), 0);
    CHECK_INT(stale_values(st, "accepting after the wake"), 0);
    store_close(st);
    free(path);
}

/* A read-only reader finding the roll-up of another day computes it in
 * full and writes nothing; a writer then moves it. */
static void test_readonly_reader_of_another_day(void)
{
    char *path = NULL;
    struct store *st = generated("ro", 300, 5, &path);
    struct err e;
    store_close(st);

    set_day(30);
    struct store *ro = NULL;
    CHECK(store_open(&ro, path, STORE_READONLY, &e) == 0);
    CHECK_INT(compare_departments(ro, "reading a month later, read-only"), 0);
    CHECK_INT(compare_report(ro, "reading a month later, read-only"), 0);
    bool ready = true;
    CHECK(rollup_ready(ro, &ready, &e) == 0);
    CHECK(!ready);
    store_close(ro);

    CHECK(store_open(&st, path, 0, &e) == 0);
    CHECK(rollup_ready(st, &ready, &e) == 0);
    CHECK(ready);
    CHECK_INT(compare_departments(st, "a writer a month later"), 0);
    CHECK_INT(compare_report(st, "a writer a month later"), 0);
    CHECK_INT(stale_values(st, "a writer a month later"), 0);
    store_close(st);
    free(path);
}

/* The comparison notices a roll-up that a write did not update. */
static void test_a_missed_update_is_noticed(void)
{
    char *path = NULL;
    struct store *st = generated("m", 200, 9, &path);
    struct err e;
    CHECK(sq_exec(st, "DROP TRIGGER rollup_blocker_update", &e) == 0);
    struct blocker *v = NULL;
    size_t n = 0;
    struct query q = {.state = "new", .limit = 1};
    CHECK(blocker_list(st, &q, &v, &n, &e) == 0);
    CHECK_INT(n, 1);
    struct verdict dv = {.verb = VERB_DECLINE, .reason = "not ours"};
    CHECK(n == 1 && blocker_apply(st, v[0].key, &dv, &e) == 0);
    blocker_list_free(v, n);
    fprintf(stderr, "  (the differences below are expected)\n");
    CHECK(compare_departments(st, "a decline without its trigger") > 0);
    CHECK(stale_values(st, "a decline without its trigger") > 0);
    store_close(st);
    free(path);
}

/* Another process holding the write lock when the day changes: a reader
 * does not wait for it (the catch-up would need the lock); it computes the
 * roll-up in full at once. */
static void test_a_locked_database_does_not_stall_readers(void)
{
    char *path = NULL;
    struct store *st = generated("lock", 300, 7, &path);
    struct err e;
    sqlite3 *other = NULL;
    CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    set_day(1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_INT(compare_departments(st, "the next day, the database locked"), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (s >= 2.0)
        fprintf(stderr, "  listing departments under another's lock took %.1f s\n", s);
    CHECK(s < 2.0); /* a busy wait would be 20 s */
    bool ready = true;
    CHECK(rollup_ready(st, &ready, &e) == 0);
    CHECK(!ready);
    sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(other);
    CHECK(rollup_ready(st, &ready, &e) == 0);
    CHECK(ready);
    CHECK_INT(stale_values(st, "the lock released"), 0);
    store_close(st);
    free(path);
}

/* A catch-up inside a user's transaction that fails so badly that SQLite
 * rolls the whole transaction back (a full disk; here a trigger raising
 * ROLLBACK): the user's change fails as a whole, nothing half-applied. */
static void test_a_catch_up_that_loses_the_transaction_fails_it(void)
{
    char *path = NULL;
    struct store *st = generated("lost", 100, 7, &path);
    struct err e;
    CHECK(sq_exec(st,
                  "CREATE TRIGGER fail_day BEFORE UPDATE ON rollup_day BEGIN"
                  " SELECT RAISE(ROLLBACK, 'the disk is full'); END",
                  &e) == 0);
    set_day(2);
    CHECK(store_begin(st, &e) == 0);
    struct department d = {.key = "ZZ", .name = "Half"};
    CHECK(department_add(st, &d, &e) == 0);
    struct department *v = NULL;
    size_t n = 0;
    struct query q = {0};
    CHECK(department_list(st, &q, &v, &n, &e) != 0); /* the transaction is gone */
    department_list_free(v, n);
    CHECK(store_commit(st, &e) != 0);
    struct department got;
    CHECK(department_get(st, "ZZ", &got, &e) != 0); /* not half-applied */
    department_fini(&got);
    store_close(st);
    free(path);
}

/* A stand-up page of a large department lists the first of each list and
 * counts them all: the totals equal the counts over every row, the lists
 * hold min(total, cap) rows of the right kind, and the projects at risk
 * found through the stored roll-up are those computed from every project
 * (the first STANDUP_PROJECTS_SHOWN of them in the page's order). */
static void test_a_large_standup_page_counts_what_it_leaves_out(void)
{
    char *path = NULL;
    struct store *st = generated("page", 20000, 11, &path);
    struct err e;
    const char *dept = "ENG";
    struct standup_page pg;
    memset(&pg, 0, sizeof pg);
    CHECK(standup_page_load(st, 0, dept, NULL, NULL, &pg, &e) == 0);

    struct query q = {.dept = dept, .state = "open"};
    struct blocker *v = NULL;
    size_t n = 0;
    CHECK(blocker_list(st, &q, &v, &n, &e) == 0);
    size_t we = 0, they = 0;
    for (size_t i = 0; i < n; i++) {
        if (str_eq(v[i].waiting_on, dept))
            they++;
        else if (str_eq(v[i].project_dept, dept))
            we++;
    }
    blocker_list_free(v, n);
    CHECK(we > STANDUP_BLOCKERS_SHOWN && they > STANDUP_BLOCKERS_SHOWN);
    CHECK_INT(pg.total_we_wait, we);
    CHECK_INT(pg.total_they_wait, they);
    CHECK_INT(pg.n_we_wait, STANDUP_BLOCKERS_SHOWN);
    CHECK_INT(pg.n_they_wait, STANDUP_BLOCKERS_SHOWN);
    for (size_t i = 0; i < pg.n_we_wait; i++)
        CHECK(str_eq(pg.we_wait[i].project_dept, dept) && !str_eq(pg.we_wait[i].waiting_on, dept));
    for (size_t i = 0; i < pg.n_they_wait; i++)
        CHECK(str_eq(pg.they_wait[i].waiting_on, dept));

    struct query pq = {.dept = dept};
    struct project *pv = NULL;
    size_t np = 0;
    CHECK(project_list(st, &pq, &pv, &np, &e) == 0);
    size_t risk = 0;
    for (size_t i = 0; i < np; i++)
        if (standup_project_at_risk(&pv[i]))
            pv[risk++] = pv[i];
        else
            project_fini(&pv[i]);
    for (size_t i = 0; i < risk; i++) /* the page's order */
        for (size_t j = i + 1; j < risk; j++)
            if (standup_project_cmp(&pv[j], &pv[i]) < 0) {
                struct project t = pv[i];
                pv[i] = pv[j];
                pv[j] = t;
            }
    CHECK(risk > STANDUP_PROJECTS_SHOWN);
    CHECK_INT(pg.total_at_risk, risk);
    CHECK_INT(pg.n_at_risk, STANDUP_PROJECTS_SHOWN);
    for (size_t i = 0; i < pg.n_at_risk && i < risk; i++)
        CHECK_STR(pg.at_risk[i].key, pv[i].key);
    project_list_free(pv, risk);
    standup_page_fini(&pg);
    store_close(st);
    free(path);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_random_changes_keep_the_rollup);
    RUN(test_a_wake_of_many_snoozes_keeps_the_rollup);
    RUN(test_readonly_reader_of_another_day);
    RUN(test_a_missed_update_is_noticed);
    RUN(test_a_locked_database_does_not_stall_readers);
    RUN(test_a_catch_up_that_loses_the_transaction_fails_it);
    RUN(test_a_large_standup_page_counts_what_it_leaves_out);
    unsetenv("BATON_NOW");
    free(tmp);
    return check_report();
}
