/*
 * Filtering the projects and indicators panes as you type: which rows a
 * filter finds (every word typed begins a word of the key or title/name,
 * or the text starts a key; case and accents aside; never a match inside
 * a word), that the count stops at the cap and says so, that a narrowed
 * filter counts only its department, and that an edit (a rename, a new
 * row, another connection's write) is found at the next letter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;
static int dbn;

static struct store *fresh(char *path, size_t len)
{
    snprintf(path, len, "%s/f%d.db", tmp, dbn++);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "tester");
    struct department d[] = {
        {.key = "OPS", .name = "Operations", .sort_order = 1},
        {.key = "ENG", .name = "Engineering", .sort_order = 2},
    };
    fixture_departments(st, d, 2);
    /* owners are people of the organisation */
    struct person who[] = {
        {.login = "alice", .name = "Alice"},
        {.login = "bob", .name = "Bob"},
        {.login = "carol", .name = "Carol"},
        {.login = "dave", .name = "Dave"},
    };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++)
        if (person_add(st, &who[i], &e) != 0) {
            fprintf(stderr, "person_add: %s\n", e.msg);
            exit(2);
        }
    return st;
}

static int add_project(struct store *st, const char *key, const char *dept, const char *title)
{
    struct project p = {.key = (char *)key, .title = (char *)title, .department = (char *)dept,
                        .status = PROJECT_ACTIVE};
    struct err e = {0};
    int rc = project_add(st, &p, &e);
    if (rc)
        fprintf(stderr, "project_add %s: %s\n", key, e.msg);
    return rc;
}

static int add_indicator(struct store *st, const char *key, const char *dept, const char *name)
{
    struct indicator i = {.key = (char *)key, .name = (char *)name, .department = (char *)dept};
    struct err e = {0};
    int rc = indicator_add(st, &i, &e);
    if (rc)
        fprintf(stderr, "indicator_add %s: %s\n", key, e.msg);
    return rc;
}

/* The keys project_list finds for text (in key order), space separated,
 * after checking that project_count agrees with the listing. */
static char *projects_for(struct store *st, const char *text, const char *dept)
{
    struct query q = {.sort = PROJECT_SORT_KEY, .text = text, .dept = dept};
    struct project *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(project_list(st, &q, &v, &n, &e), 0);
    int64_t count = -1;
    CHECK_INT(project_count(st, &q, &count, &e), 0);
    if (count != (int64_t)n)
        fprintf(stderr, "  '%s': count %lld, listed %zu\n", text, (long long)count, n);
    CHECK(count == (int64_t)n);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    project_list_free(v, n);
    return sb_take(&sb);
}

static char *indicators_for(struct store *st, const char *text, const char *dept)
{
    struct query q = {.sort = IND_SORT_KEY, .text = text, .dept = dept};
    struct indicator *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(indicator_list(st, &q, &v, &n, &e), 0);
    int64_t count = -1;
    CHECK_INT(indicator_count(st, &q, &count, &e), 0);
    if (count != (int64_t)n)
        fprintf(stderr, "  '%s': count %lld, listed %zu\n", text, (long long)count, n);
    CHECK(count == (int64_t)n);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    indicator_list_free(v, n);
    return sb_take(&sb);
}

#define CHECK_PROJECTS(st, text, dept, want)                                                    \
    do {                                                                                        \
        char *got_ = projects_for(st, text, dept);                                              \
        CHECK_STR(got_, want);                                                                  \
        free(got_);                                                                             \
    } while (0)
#define CHECK_INDICATORS(st, text, dept, want)                                                  \
    do {                                                                                        \
        char *got_ = indicators_for(st, text, dept);                                            \
        CHECK_STR(got_, want);                                                                  \
        free(got_);                                                                             \
    } while (0)

static struct store *some_projects(char *path, size_t len)
{
    struct store *st = fresh(path, len);
    CHECK_INT(add_project(st, "ENG-1", "ENG", "Review the billing flow"), 0);
    CHECK_INT(add_project(st, "ENG-2", "ENG", "Preview builds for mobile"), 0);
    CHECK_INT(add_project(st, "ENG-12", "ENG", "Café opening"), 0);
    CHECK_INT(add_project(st, "ENG-120", "ENG", "Quarterly revenue report"), 0);
    CHECK_INT(add_project(st, "OPS-1", "OPS", "Revenue forecast"), 0);
    CHECK_INT(add_project(st, "OPS-12", "OPS", "Data centre move"), 0);
    return st;
}

static void test_project_filter_matches_word_prefixes_not_substrings(void)
{
    char path[512];
    struct store *st = some_projects(path, sizeof path);
    CHECK_PROJECTS(st, "rev", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "REVENUE", NULL, "ENG-120 OPS-1");
    CHECK_PROJECTS(st, "review", NULL, "ENG-1");   /* not "Preview" */
    CHECK_PROJECTS(st, "view", NULL, "");          /* inside a word */
    CHECK_PROJECTS(st, "illing", NULL, "");
    CHECK_PROJECTS(st, "cafe", NULL, "ENG-12");    /* accents aside */
    CHECK_PROJECTS(st, "CAFÉ op", NULL, "ENG-12");
    CHECK_PROJECTS(st, "quart rev", NULL, "ENG-120"); /* every word */
    CHECK_PROJECTS(st, "rev forecast", NULL, "OPS-1");
    CHECK_PROJECTS(st, "rev mobile", NULL, "");
    CHECK_PROJECTS(st, "  rev  ", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "zzz", NULL, "");
    store_close(st);
}

/* What the full-text syntax gives meaning to is text like any other. */
static void test_project_filter_takes_any_text(void)
{
    char path[512];
    struct store *st = some_projects(path, sizeof path);
    CHECK_PROJECTS(st, "\"rev\"", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "rev)", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "rev*", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "rev OR data", NULL, "");
    CHECK_PROJECTS(st, "NOT", NULL, "");
    CHECK_PROJECTS(st, "-", NULL, "");
    CHECK_PROJECTS(st, "\xe2\x80\x94", NULL, ""); /* a dash of its own */
    CHECK_PROJECTS(st, "rev\xe2\x80\x94" "forecast", NULL, "OPS-1");
    CHECK_PROJECTS(st, "\xc2\xabrev\xc2\xbb", NULL, "ENG-1 ENG-120 OPS-1");
    CHECK_PROJECTS(st, "rev\xff", NULL, "ENG-1 ENG-120 OPS-1"); /* not UTF-8: left out */
    CHECK_PROJECTS(st, "%", NULL, "");
    CHECK_PROJECTS(st, "ENG_", NULL, "ENG-1 ENG-12 ENG-120 ENG-2"); /* the word ENG */
    store_close(st);
}

static void test_project_filter_finds_keys_and_their_starts(void)
{
    char path[512];
    struct store *st = some_projects(path, sizeof path);
    CHECK_PROJECTS(st, "ENG-12", NULL, "ENG-12 ENG-120");
    CHECK_PROJECTS(st, "eng-12", NULL, "ENG-12 ENG-120");
    CHECK_PROJECTS(st, "ops-1", NULL, "OPS-1 OPS-12");
    CHECK_PROJECTS(st, "ops", NULL, "OPS-1 OPS-12");
    CHECK_PROJECTS(st, "eng-2", NULL, "ENG-2");
    /* a number is a word of the key: every department's */
    CHECK_PROJECTS(st, "12", NULL, "ENG-12 ENG-120 OPS-12");
    /* narrowed to a department, counted there only */
    CHECK_PROJECTS(st, "rev", "OPS", "OPS-1");
    CHECK_PROJECTS(st, "12", "ENG", "ENG-12 ENG-120");
    store_close(st);
}

static void test_project_filter_count_stops_at_the_cap(void)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    struct err e = {0};
    char key[32], title[64];
    for (int i = 1; i <= PROJECT_TEXT_CAP + 10; i++) {
        snprintf(key, sizeof key, "ENG-%d", i);
        snprintf(title, sizeof title, "Bulk item %d", i);
        if (add_project(st, key, i % 2 ? "ENG" : "OPS", title) != 0) {
            CHECK(0);
            break;
        }
    }
    struct query q = {.text = "bulk"};
    int64_t n = 0;
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, PROJECT_TEXT_CAP + 1); /* "1,000+" */
    struct project *v = NULL;
    size_t nv = 0;
    CHECK_INT(project_list(st, &q, &v, &nv, &e), 0);
    CHECK_INT(nv, PROJECT_TEXT_CAP + 1);
    project_list_free(v, nv);
    /* a window of the capped list, in the pane's order */
    q.limit = 5;
    q.sort = PROJECT_SORT_KEY;
    CHECK_INT(project_list(st, &q, &v, &nv, &e), 0);
    CHECK_INT(nv, 5);
    for (size_t i = 1; i < nv; i++)
        CHECK(strcmp(v[i - 1].key, v[i].key) < 0);
    project_list_free(v, nv);
    /* the start of a key is capped too */
    q = (struct query){.text = "eng"};
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, PROJECT_TEXT_CAP + 1);
    /* typing more narrows to an exact count: 100, 1000..1009 */
    q.text = "bulk 100";
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 11);
    CHECK_PROJECTS(st, "bulk 100", "OPS", "ENG-100 ENG-1000 ENG-1002 ENG-1004 ENG-1006 ENG-1008");
    /* the key index and the words find the same project once */
    CHECK_PROJECTS(st, "eng-1009", NULL, "ENG-1009");
    store_close(st);
}

static void test_project_filter_sees_edits_at_once(void)
{
    char path[512];
    struct store *st = some_projects(path, sizeof path);
    struct err e = {0};
    CHECK_PROJECTS(st, "rev", NULL, "ENG-1 ENG-120 OPS-1");
    struct project p;
    CHECK_INT(project_get(st, "ENG-2", &p, &e), 0);
    str_replace(&p.title, "Revamp the mobile builds");
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    CHECK_PROJECTS(st, "rev", NULL, "ENG-1 ENG-120 ENG-2 OPS-1");
    CHECK_PROJECTS(st, "preview", NULL, ""); /* the old title is gone */
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    str_replace(&p.title, "Billing flow");
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    CHECK_PROJECTS(st, "rev", NULL, "ENG-120 ENG-2 OPS-1");
    CHECK_INT(add_project(st, "OPS-7", "OPS", "Revised rota"), 0);
    CHECK_PROJECTS(st, "rev", NULL, "ENG-120 ENG-2 OPS-1 OPS-7");
    CHECK_PROJECTS(st, "ops-7", NULL, "OPS-7");
    /* another connection's write is seen at the next letter */
    struct store *other = NULL;
    CHECK_INT(store_open(&other, path, 0, &e), 0);
    if (other) {
        store_set_actor(other, "tester");
        CHECK_INT(add_project(other, "OPS-8", "OPS", "Reverse logistics"), 0);
        store_close(other);
    }
    CHECK_PROJECTS(st, "rev", NULL, "ENG-120 ENG-2 OPS-1 OPS-7 OPS-8");
    store_close(st);
}

/* Every order of the pane lists a filter's matches as it lists them
 * unfiltered (worst health first included, read from the roll-up). */
static void test_project_filter_keeps_every_order(void)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    struct err e = {0};
    static const struct {
        const char *key, *dept, *title, *due, *owner;
        int progress;
        enum project_status status;
    } rows[] = {
        {"ENG-1", "ENG", "Review billing", "2026-11-01", "carol", 10, PROJECT_ACTIVE}, /* red */
        {"ENG-2", "ENG", "Revenue model", "2026-11-30", NULL, 20, PROJECT_PLANNED},    /* amber */
        {"ENG-3", "ENG", "Other work", "2026-11-02", "bob", 5, PROJECT_ACTIVE},        /* red */
        {"OPS-1", "OPS", "Revise rota", NULL, "alice", 70, PROJECT_ON_HOLD},           /* green */
        {"OPS-2", "OPS", "Reviewed contracts", "2026-10-01", "bob", 100, PROJECT_DONE},
        {"OPS-3", "OPS", "Revamp depot", "2027-03-01", NULL, 40, PROJECT_ACTIVE},
        {"OPS-4", "OPS", "Revisit pricing", "2026-12-01", "dave", 90, PROJECT_ACTIVE},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct project p = {.key = (char *)rows[i].key, .title = (char *)rows[i].title,
                            .department = (char *)rows[i].dept, .due = (char *)rows[i].due,
                            .owner = (char *)rows[i].owner, .progress = rows[i].progress,
                            .status = rows[i].status};
        CHECK_INT(project_add(st, &p, &e), 0);
    }
    for (int sort = PROJECT_SORT_DEFAULT; sort <= PROJECT_SORT_DUE; sort++)
        for (int desc = 0; desc < 2; desc++) {
            struct query all = {.sort = sort, .desc = desc};
            struct query some = {.sort = sort, .desc = desc, .text = "re"};
            struct project *av = NULL, *sv = NULL;
            size_t an = 0, sn = 0;
            CHECK_INT(project_list(st, &all, &av, &an, &e), 0);
            CHECK_INT(project_list(st, &some, &sv, &sn, &e), 0);
            struct strbuf want, got;
            sb_init(&want);
            sb_init(&got);
            for (size_t i = 0; i < an; i++)
                if (strcmp(av[i].key, "ENG-3") != 0)
                    sb_addf(&want, "%s ", av[i].key);
            for (size_t i = 0; i < sn; i++)
                sb_addf(&got, "%s ", sv[i].key);
            if (strcmp(sb_str(&want), sb_str(&got)) != 0)
                fprintf(stderr, "  sort %d%s\n", sort, desc ? " desc" : "");
            CHECK_STR(sb_str(&got), sb_str(&want));
            sb_fini(&want);
            sb_fini(&got);
            project_list_free(av, an);
            project_list_free(sv, sn);
        }
    store_close(st);
}

static struct store *some_indicators(char *path, size_t len)
{
    struct store *st = fresh(path, len);
    CHECK_INT(add_indicator(st, "churn", "OPS", "Monthly churn"), 0);
    CHECK_INT(add_indicator(st, "revenue", "ENG", "Weekly revenue"), 0);
    CHECK_INT(add_indicator(st, "rev-eu", "OPS", "Revenue, Europe"), 0);
    CHECK_INT(add_indicator(st, "nps", NULL, "Net promoter score"), 0);
    CHECK_INT(add_indicator(st, "preview-rate", "ENG", "Preview rate"), 0);
    CHECK_INT(add_indicator(st, "Uptime-Zurich", "ENG", "Uptime, Zürich site"), 0);
    return st;
}

static void test_indicator_filter_matches_words_and_key_starts(void)
{
    char path[512];
    struct store *st = some_indicators(path, sizeof path);
    CHECK_INDICATORS(st, "rev", NULL, "rev-eu revenue");
    CHECK_INDICATORS(st, "REV-E", NULL, "rev-eu");   /* the start of a key */
    CHECK_INDICATORS(st, "europe rev", NULL, "rev-eu");
    CHECK_INDICATORS(st, "CH", NULL, "churn");
    CHECK_INDICATORS(st, "score", NULL, "nps");
    CHECK_INDICATORS(st, "eview", NULL, "");         /* inside a word */
    CHECK_INDICATORS(st, "zurich", NULL, "Uptime-Zurich");
    CHECK_INDICATORS(st, "uptime-z", NULL, "Uptime-Zurich");
    CHECK_INDICATORS(st, "rate", NULL, "preview-rate");
    /* narrowed: company-wide indicators are kept out */
    CHECK_INDICATORS(st, "rev", "OPS", "rev-eu");
    CHECK_INDICATORS(st, "net", "OPS", "");
    CHECK_INDICATORS(st, "net", NULL, "nps");
    store_close(st);
}

static void test_indicator_filter_is_capped_and_sees_edits(void)
{
    char path[512];
    struct store *st = some_indicators(path, sizeof path);
    struct err e = {0};
    CHECK_INDICATORS(st, "rev", NULL, "rev-eu revenue");
    struct indicator i;
    CHECK_INT(indicator_get(st, "preview-rate", &i, &e), 0);
    str_replace(&i.name, "Revisits per visitor");
    CHECK_INT(indicator_update(st, &i, &e), 0);
    indicator_fini(&i);
    CHECK_INDICATORS(st, "rev", NULL, "preview-rate rev-eu revenue");
    CHECK_INT(add_indicator(st, "returns", "OPS", "Revenue lost to returns"), 0);
    CHECK_INDICATORS(st, "rev", NULL, "preview-rate returns rev-eu revenue");
    char key[32], name[64];
    for (int k = 1; k <= INDICATOR_TEXT_CAP + 5; k++) {
        snprintf(key, sizeof key, "load-%d", k);
        snprintf(name, sizeof name, "Load site %d", k);
        if (add_indicator(st, key, "ENG", name) != 0) {
            CHECK(0);
            break;
        }
    }
    struct query q = {.text = "load"};
    int64_t n = 0;
    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
    CHECK_INT(n, INDICATOR_TEXT_CAP + 1);
    q.dept = "ENG";
    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
    CHECK_INT(n, INDICATOR_TEXT_CAP + 1);
    q = (struct query){.text = "load site 100"};
    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 7); /* 100 and 1000..1005 */
    store_close(st);
}

/* A pane narrowed to a department counts that department's matches, not
 * what is left of the whole organisation's first 1,001: here the first
 * 1,001 matches are all ENG's. Projects, indicators and blockers. */
static void test_narrowed_filter_counts_its_department(void)
{
    char path[512];
    struct store *st = fresh(path, sizeof path);
    struct err e = {0};
    char key[32], title[64];
    for (int i = 1; i <= PROJECT_TEXT_CAP + 200; i++) {
        snprintf(key, sizeof key, "ENG-%d", i);
        snprintf(title, sizeof title, "Bulk item %d", i);
        CHECK_INT(add_project(st, key, "ENG", title), 0);
    }
    for (int i = 1; i <= 30; i++) {
        snprintf(key, sizeof key, "OPS-%d", i);
        snprintf(title, sizeof title, "Bulk item %d", i);
        CHECK_INT(add_project(st, key, "OPS", title), 0);
        snprintf(key, sizeof key, "OPSK-%d", i);
        CHECK_INT(add_indicator(st, key, "OPS", title), 0);
    }
    for (int i = 1; i <= INDICATOR_TEXT_CAP + 20; i++) {
        snprintf(key, sizeof key, "ENGK-%d", i);
        snprintf(title, sizeof title, "Bulk item %d", i);
        CHECK_INT(add_indicator(st, key, "ENG", title), 0);
    }
    int64_t n = 0;
    struct query q = {.text = "bulk"};
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, PROJECT_TEXT_CAP + 1);
    q.dept = "OPS";
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 30);
    struct project *pv = NULL;
    size_t np = 0;
    CHECK_INT(project_list(st, &q, &pv, &np, &e), 0);
    CHECK_INT(np, 30);
    project_list_free(pv, np);
    q.dept = "ENG";
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, PROJECT_TEXT_CAP + 1);
    /* under the cap over the whole organisation (122 matches), the
     * department's are kept from them: OPS-2 and OPS-20..29 */
    q = (struct query){.text = "bulk 2", .dept = "OPS"};
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 11);
    CHECK_PROJECTS(st, "bulk 2", "OPS", "OPS-2 OPS-20 OPS-21 OPS-22 OPS-23 OPS-24 OPS-25 OPS-26"
                                        " OPS-27 OPS-28 OPS-29");

    q = (struct query){.text = "bulk", .dept = "OPS"};
    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 30);
    struct indicator *iv = NULL;
    size_t ni = 0;
    CHECK_INT(indicator_list(st, &q, &iv, &ni, &e), 0);
    CHECK_INT(ni, 30);
    indicator_list_free(iv, ni);

    /* blockers: the project's department or the waiting-on one */
    for (int i = 0; i < BLOCKER_TEXT_CAP + 20; i++) {
        struct blocker b = {.project = "ENG-1", .title = "Bulk thing"};
        CHECK_INT(blocker_add(st, &b, NULL, &e), 0);
    }
    for (int i = 0; i < 7; i++) {
        struct blocker b = {.project = "OPS-1", .title = "Bulk thing"};
        CHECK_INT(blocker_add(st, &b, NULL, &e), 0);
    }
    struct blocker w = {.project = "ENG-2", .title = "Bulk thing", .waiting_on = "OPS"};
    CHECK_INT(blocker_add(st, &w, NULL, &e), 0);
    for (int i = 0; i < 5; i++) {
        struct blocker z = {.project = i < 2 ? "OPS-3" : "ENG-3", .title = "Zebra crossing"};
        CHECK_INT(blocker_add(st, &z, NULL, &e), 0);
    }
    q = (struct query){.text = "zebra", .state = "open", .dept = "OPS"};
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    q = (struct query){.text = "bulk", .state = "open"};
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, BLOCKER_TEXT_CAP + 1);
    q.dept = "OPS";
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 8);
    struct blocker *bv = NULL;
    size_t nb = 0;
    CHECK_INT(blocker_list(st, &q, &bv, &nb, &e), 0);
    CHECK_INT(nb, 8);
    blocker_list_free(bv, nb);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmp = check_tmpdir();
    RUN(test_project_filter_matches_word_prefixes_not_substrings);
    RUN(test_project_filter_takes_any_text);
    RUN(test_project_filter_finds_keys_and_their_starts);
    RUN(test_project_filter_count_stops_at_the_cap);
    RUN(test_project_filter_sees_edits_at_once);
    RUN(test_project_filter_keeps_every_order);
    RUN(test_indicator_filter_matches_words_and_key_starts);
    RUN(test_indicator_filter_is_capped_and_sees_edits);
    RUN(test_narrowed_filter_counts_its_department);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(tmp);
    return check_report();
}
