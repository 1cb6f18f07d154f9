/*
 * The generated demo organisation: the counts DESIGN.md promises for
 * `baton demo --scale N`, byte-identical output for a seed, a different
 * organisation for another seed, refusal to touch a used database, and a
 * shape the rest of baton accepts (all states, valid verdict fields,
 * acyclic dependencies, a clean integrity check).
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmpdir;
static int db_counter;

/* A store on a fresh file, generated with n and seed (n = 0: left empty). */
static struct store *fresh(long n, unsigned long seed)
{
    char path[512];
    snprintf(path, sizeof path, "%s/demo-%d.db", tmpdir, ++db_counter);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) != 0) {
        fprintf(stderr, "store_open %s: %s\n", path, e.msg);
        exit(2);
    }
    if (n) {
        int rc = store_generate(st, n, seed, &e);
        if (rc != 0) {
            fprintf(stderr, "store_generate(%ld, %lu): %d %s\n", n, seed, rc, e.msg);
            exit(2);
        }
    }
    return st;
}

static const char *nz(const char *s)
{
    return s ? s : "-";
}

/* Every blocker, every field, one line each, in key order. */
static char *dump_blockers(struct store *st)
{
    struct query q = {.sort = BLOCKER_SORT_KEY};
    struct blocker *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        const struct blocker *b = &v[i];
        sb_addf(&sb, "%s|%s|%s|%s|%d|%d|%d|%s|%s|%s|%s|%s|%s|%s|%s|%d|%s|%s|%s|%s|%lld\n",
                b->key, b->project, b->title, nz(b->detail), (int)b->kind, (int)b->state,
                b->severity, nz(b->waiting_on), nz(b->owner), b->raised_by, b->raised_at,
                nz(b->needed_by), nz(b->sla_due), nz(b->snoozed_until), nz(b->duplicate_of),
                b->escalation_level, nz(b->escalated_to), nz(b->escalated_at), nz(b->reason),
                b->updated_at, (long long)b->version);
    }
    blocker_list_free(v, n);
    return sb_take(&sb);
}

static int64_t count_state(struct store *st, const char *state)
{
    struct query q = {.state = state};
    int64_t n = -1;
    struct err e = {0};
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    return n;
}

static void test_scale_1000_has_the_promised_counts(void)
{
    struct store *st = fresh(1000, 1);
    struct query all = {0};
    struct err e = {0};
    int64_t n = 0;
    CHECK_INT(blocker_count(st, &all, &n, &e), 0);
    CHECK_INT(n, 1000);
    CHECK_INT(project_count(st, &all, &n, &e), 0);
    CHECK_INT(n, 100);
    CHECK_INT(department_count(st, &all, &n, &e), 0);
    CHECK(n >= 12);
    if (n < 12)
        fprintf(stderr, "  saw %lld departments\n", (long long)n);

    struct person *people = NULL;
    size_t n_people = 0;
    CHECK_INT(person_list(st, &all, &people, &n_people, &e), 0);
    CHECK(n_people >= 24); /* a few per department */
    person_list_free(people, n_people);

    struct indicator *ind = NULL;
    size_t n_ind = 0;
    CHECK_INT(indicator_list(st, &all, &ind, &n_ind, &e), 0);
    CHECK_INT(n_ind, 10);
    for (size_t i = 0; i < n_ind; i++) {
        struct reading *r = NULL;
        size_t nr = 0;
        CHECK_INT(indicator_readings(st, ind[i].key, NULL, 0, &r, &nr, &e), 0);
        if (nr < 52)
            fprintf(stderr, "  indicator %s has %zu readings, expected >= 52\n", ind[i].key, nr);
        CHECK(nr >= 52);
        /* A year of them, none in the future. */
        if (nr) {
            CHECK(strcmp(r[0].at, "2025-11-28") < 0);
            if (strcmp(r[0].at, "2025-11-28") >= 0)
                fprintf(stderr, "  %s starts at %s, less than a year ago\n", ind[i].key, r[0].at);
            CHECK(strcmp(r[nr - 1].at, NOW) <= 0);
        }
        CHECK(ind[i].has_value);
        reading_list_free(r, nr);
    }
    indicator_list_free(ind, n_ind);

    char *org = store_org_name(st);
    CHECK_CONTAINS(org, "scale 1000");
    free(org);
    store_close(st);
}

static void test_blockers_cover_every_state_in_realistic_shares(void)
{
    struct store *st = fresh(1000, 1);
    static const char *const states[] = {"new",      "accepted",  "in_progress", "resolved",
                                         "declined", "duplicate", "snoozed"};
    int64_t total = 0;
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        int64_t n = count_state(st, states[i]);
        if (n <= 0)
            fprintf(stderr, "  no blocker in state %s\n", states[i]);
        CHECK(n > 0);
        total += n;
    }
    CHECK_INT(total, 1000);
    int64_t fresh_ones = count_state(st, "new");
    CHECK(fresh_ones >= 60 && fresh_ones <= 140); /* about a tenth */
    int64_t closed = count_state(st, "resolved") + count_state(st, "declined");
    CHECK(closed > 500); /* most are long dealt with */
    store_close(st);
}

static void test_verdict_fields_match_the_state(void)
{
    struct store *st = fresh(1000, 7);
    struct query q = {.sort = BLOCKER_SORT_KEY};
    struct blocker *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    int bad = 0, other_dept = 0;
    for (size_t i = 0; i < n; i++) {
        const struct blocker *b = &v[i];
        bool ok = strcmp(b->raised_at, NOW) <= 0 && strcmp(b->updated_at, NOW) <= 0 &&
                  strcmp(b->raised_at, b->updated_at) <= 0;
        switch (b->state) {
        case BLOCKER_ACCEPTED:
        case BLOCKER_IN_PROGRESS:
            ok = ok && b->severity >= 1 && b->severity <= 4 && b->waiting_on && b->sla_due;
            break;
        case BLOCKER_DECLINED:
            ok = ok && !str_empty(b->reason);
            break;
        case BLOCKER_DUPLICATE:
            ok = ok && !str_empty(b->reason) && b->duplicate_of &&
                 strcmp(b->duplicate_of, b->key) != 0;
            break;
        case BLOCKER_SNOOZED:
            ok = ok && !str_empty(b->reason) && b->snoozed_until &&
                 strcmp(b->snoozed_until, NOW) > 0;
            break;
        default:
            break;
        }
        if (!ok && bad++ < 3)
            fprintf(stderr, "  %s (%s) has fields its state does not allow\n", b->key,
                    blocker_state_name(b->state));
        if (b->waiting_on && b->project_dept && strcmp(b->waiting_on, b->project_dept) != 0)
            other_dept++;
    }
    CHECK_INT(bad, 0);
    CHECK(other_dept > 300); /* much of the waiting is on another department */
    blocker_list_free(v, n);
    store_close(st);
}

static void test_dependencies_only_point_at_older_projects(void)
{
    struct store *st = fresh(1000, 3);
    struct query all = {0};
    struct project *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(project_list(st, &all, &v, &n, &e), 0);
    size_t edges = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct project p = {0};
        CHECK_INT(project_get(st, v[i].key, &p, &e), 0);
        for (size_t k = 0; k < p.n_depends_on; k++) {
            struct project d = {0};
            CHECK_INT(project_get(st, p.depends_on[k], &d, &e), 0);
            edges++;
            if (d.id >= p.id) {
                bad++;
                fprintf(stderr, "  %s depends on newer %s\n", p.key, d.key);
            }
            project_fini(&d);
        }
        project_fini(&p);
    }
    CHECK(edges > 20);
    CHECK_INT(bad, 0);
    /* And the model's own cycle check agrees: closing a loop is refused. */
    if (n >= 2) {
        struct project last = {0};
        CHECK_INT(project_get(st, v[n - 1].key, &last, &e), 0);
        if (last.n_depends_on) {
            CHECK_INT(project_depend(st, last.depends_on[0], last.key, NULL, &e), -ERR_CONFLICT);
        }
        project_fini(&last);
    }
    project_list_free(v, n);
    store_close(st);
}

static void test_same_seed_gives_identical_blockers(void)
{
    struct store *a = fresh(1000, 1);
    struct store *b = fresh(1000, 1);
    char *da = dump_blockers(a), *db = dump_blockers(b);
    CHECK(strlen(da) > 1000);
    CHECK(strcmp(da, db) == 0);
    if (strcmp(da, db) != 0) {
        size_t i = 0;
        while (da[i] && da[i] == db[i])
            i++;
        fprintf(stderr, "  first difference at byte %zu: \"%.60s\" vs \"%.60s\"\n", i, da + i,
                db + i);
    }
    free(da);
    free(db);
    store_close(a);
    store_close(b);
}

static void test_another_seed_gives_another_organisation(void)
{
    struct store *a = fresh(1000, 1);
    struct store *b = fresh(1000, 2);
    char *da = dump_blockers(a), *db = dump_blockers(b);
    CHECK(strcmp(da, db) != 0);
    free(da);
    free(db);
    store_close(a);
    store_close(b);
}

static void test_used_database_is_refused_untouched(void)
{
    struct store *st = fresh(1000, 1);
    struct err e = {0};
    CHECK_INT(store_generate(st, 500, 9, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "not empty");
    int64_t n = 0;
    struct query all = {0};
    CHECK_INT(blocker_count(st, &all, &n, &e), 0);
    CHECK_INT(n, 1000);
    store_close(st);

    /* One department is enough to make it someone's organisation. */
    st = fresh(0, 0);
    struct department d = {.key = "ENG", .name = "Engineering"};
    CHECK_INT(department_add(st, &d, &e), 0);
    err_clear(&e);
    CHECK_INT(store_generate(st, 100, 1, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "not empty");
    CHECK_INT(department_count(st, &all, &n, &e), 0);
    CHECK_INT(n, 1);
    store_close(st);
}

static void test_bad_scale_is_a_usage_error(void)
{
    struct store *st = fresh(0, 0);
    struct err e = {0};
    CHECK_INT(store_generate(st, 0, 1, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "scale");
    CHECK_INT(store_generate(st, -5, 1, &e), -ERR_USAGE);
    store_close(st);
}

static void test_generated_database_passes_the_check_and_keeps_working(void)
{
    struct store *st = fresh(1000, 1);
    struct strbuf report;
    sb_init(&report);
    struct err e = {0};
    int rc = store_check(st, &report, &e);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "  check report: %s\n", sb_str(&report));
    sb_fini(&report);

    /* A summary event (and the organisation's name), not one per row. */
    struct event *ev = NULL;
    size_t n_ev = 0;
    CHECK_INT(event_list(st, NULL, NULL, NULL, 0, &ev, &n_ev, &e), 0);
    CHECK(n_ev >= 1 && n_ev <= 3);
    int generate = 0;
    for (size_t i = 0; i < n_ev; i++)
        if (str_eq(ev[i].entity, "organisation") && str_eq(ev[i].action, "generate"))
            generate++;
    CHECK_INT(generate, 1);
    event_list_free(ev, n_ev);

    /* The next blocker raised by hand continues the numbering. */
    struct project p = {0};
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    struct blocker b = {.project = "ENG-1", .title = "Raised after the demo"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    CHECK_STR(key, "B-1001");
    free(key);
    project_fini(&p);
    store_close(st);
}

/* Whether key is among the open blockers blocker_search finds for text. */
static bool search_finds(struct store *st, const char *text, const char *key)
{
    struct blocker_match *m = NULL;
    size_t n = 0;
    struct err e = {0};
    if (blocker_search(st, text, NULL, 1000, &m, &n, &e) != 0)
        fprintf(stderr, "blocker_search: %s\n", e.msg);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= str_eq(m[i].key, key);
    blocker_match_list_free(m, n);
    return found;
}

/* The full-text index is filled in bulk, not by its trigger: generated open
 * blockers are found, closed ones are not, and the trigger is back for
 * blockers raised afterwards. */
static void test_generated_blockers_are_in_the_search_index(void)
{
    struct store *st = fresh(1000, 3);
    struct err e = {0};
    struct query q = {.state = "open", .limit = 1};
    struct blocker *open = NULL;
    size_t n_open = 0;
    CHECK_INT(blocker_list(st, &q, &open, &n_open, &e), 0);
    CHECK_INT(n_open, 1);
    if (n_open == 1) {
        CHECK(search_finds(st, open[0].title, open[0].key));
        struct blocker_match *m = NULL;
        size_t n = 0;
        CHECK_INT(blocker_similar(st, open[0].key, 5, &m, &n, &e), 0);
        CHECK(n > 0);
        for (size_t i = 0; i < n; i++)
            CHECK(!str_eq(m[i].key, open[0].key));
        blocker_match_list_free(m, n);
    }
    blocker_list_free(open, n_open);

    q.state = "resolved";
    struct blocker *closed = NULL;
    size_t n_closed = 0;
    CHECK_INT(blocker_list(st, &q, &closed, &n_closed, &e), 0);
    CHECK_INT(n_closed, 1);
    if (n_closed == 1)
        CHECK(!search_finds(st, closed[0].title, closed[0].key));
    blocker_list_free(closed, n_closed);

    struct blocker b = {.project = "ENG-1", .title = "Zanzibar customs paperwork"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    CHECK(key && search_finds(st, "zanzibar", key));
    free(key);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmpdir = check_tmpdir();
    RUN(test_scale_1000_has_the_promised_counts);
    RUN(test_blockers_cover_every_state_in_realistic_shares);
    RUN(test_verdict_fields_match_the_state);
    RUN(test_dependencies_only_point_at_older_projects);
    RUN(test_same_seed_gives_identical_blockers);
    RUN(test_another_seed_gives_another_organisation);
    RUN(test_used_database_is_refused_untouched);
    RUN(test_bad_scale_is_a_usage_error);
    RUN(test_generated_database_passes_the_check_and_keeps_working);
    RUN(test_generated_blockers_are_in_the_search_index);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    free(tmpdir);
    return check_report();
}
