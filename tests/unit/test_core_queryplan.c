/*
 * The query plans of the cockpit's hot queries: every list and count the
 * panes run (each sort, both directions, filtered as you type, narrowed to
 * a department, paged by offset and by keyset anchors), the triage queue,
 * duplicate search, the department roll-up, the indicator charts, sparks
 * and trends, and the audit history of one item. Run on a generated
 * organisation, none may scan a large table (blocker, project, reading,
 * event) row by row: what grows with the company must be reached through
 * an index. Scans of an index are allowed and listed as notes, since some
 * roll-ups read every open blocker by design (bench/README.md says which).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/flow.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/store.h"
#include "baton/str.h"

static const char *const large_tables[] = {"blocker", "project", "reading", "event"};

static char *tmpdir;
static struct store *st;
/* One more table to treat as large (the indicator filter's test). */
static const char *extra_large;

/* The large table name is, or is an alias of in sql ("FROM blocker b",
 * "JOIN project hq"); NULL for anything else. */
static const char *names_large_table(const char *sql, const char *name, size_t len)
{
    for (size_t t = 0; t <= sizeof large_tables / sizeof large_tables[0]; t++) {
        const char *tab = t < sizeof large_tables / sizeof large_tables[0] ? large_tables[t]
                                                                            : extra_large;
        if (!tab)
            continue;
        size_t tl = strlen(tab);
        if (len == tl && strncmp(name, tab, len) == 0)
            return tab;
        for (const char *p = strstr(sql, tab); p; p = strstr(p + 1, tab)) {
            if (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
                continue;
            const char *q = p + tl;
            if (*q != ' ')
                continue;
            q++;
            if (strncmp(q, "AS ", 3) == 0)
                q += 3;
            if (strncmp(q, name, len) == 0 && !isalnum((unsigned char)q[len]) && q[len] != '_')
                return tab;
        }
    }
    return NULL;
}

/* Known exceptions, listed in bench/README.md: the projects pane and the
 * department roll-up still read every project (a tenth of the blockers)
 * to compute derived health; they are reported, not failed, until health
 * is kept in an index. Every other large table must be reached by one. */
static const char *allowed_scan;

/* When set, an index scan of a large table is as bad as a table scan, and
 * so is a search of blocker that is not by id, by key, by a key range or
 * by due wake times (a search of the state index reads every blocker of
 * that state): for queries whose cost must not grow with the table. */
static bool strict;

/* Appends to bad each plan step of plans (store_explain_recent's text)
 * that scans a large table without an index, with its statement; index
 * scans of large tables (and of allowed_scan) go to notes. Returns how many bad steps. */
static int find_scans(const char *plans, struct strbuf *bad, struct strbuf *notes)
{
    int found = 0;
    const char *sql = NULL;
    size_t sql_len = 0;
    char *copy = NULL;
    for (const char *line = plans; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len == 0) {
            sql = NULL;
        } else if (line[0] != ' ') {
            sql = line;
            sql_len = len;
            free(copy);
            copy = strndup(sql, sql_len);
        } else {
            const char *step = line;
            while (*step == ' ')
                step++;
            size_t slen = len - (size_t)(step - line);
            /* strict: a search of a large table must name one row or a
             * bounded key range, not every row of a state */
            if (copy && strict && slen > 7 && strncmp(step, "SEARCH ", 7) == 0) {
                const char *name = step + 7;
                size_t nl = strcspn(name, " \n");
                char *text = strndup(step, slen);
                const char *tab = names_large_table(copy, name, nl);
                if (tab && !strcmp(tab, "blocker") && !strstr(text, "PRIMARY KEY (rowid=?)") &&
                    !strstr(text, "(key=?)") && !strstr(text, "(key_num>? AND key_num<?)") &&
                    !strstr(text, "blocker_snoozed (snoozed_until>? AND snoozed_until<?)")) {
                    sb_addf(bad, "  %s\n    in %s\n", text, copy);
                    found++;
                }
                free(text);
            }
            if (copy && slen > 5 && strncmp(step, "SCAN ", 5) == 0) {
                const char *name = step + 5;
                size_t nl = strcspn(name, " \n");
                char *text = strndup(step, slen);
                const char *tab = names_large_table(copy, name, nl);
                if (tab) {
                    if (!strict && (strstr(text, " INDEX ") ||
                                    (allowed_scan && !strcmp(tab, allowed_scan)))) {
                        sb_addf(notes, "  %s\n    in %s\n", text, copy);
                    } else {
                        sb_addf(bad, "  %s\n    in %s\n", text, copy);
                        found++;
                    }
                }
                free(text);
            }
        }
        line += len + (end ? 1 : 0);
    }
    free(copy);
    (void)sql_len;
    return found;
}

/* Fails with the offending statements when the queries run since the
 * last reset scanned a large table. */
static void check_plans(const char *what)
{
    struct strbuf plans, bad, notes;
    sb_init(&plans);
    sb_init(&bad);
    sb_init(&notes);
    struct err e = {0};
    int rc = store_explain_recent(st, &plans, &e);
    CHECK_INT(rc, 0);
    CHECK(plans.len > 0); /* the calls ran statements */
    int n = find_scans(sb_str(&plans), &bad, &notes);
    if (n) {
        fprintf(stderr, "%s: %d full scan(s) of a large table:\n%s", what, n, sb_str(&bad));
        check_failures++;
    }
    if (notes.len && getenv("BATON_PLAN_NOTES"))
        fprintf(stderr, "note: %s scans an index of a large table:\n%s", what, sb_str(&notes));
    sb_fini(&plans);
    sb_fini(&bad);
    sb_fini(&notes);
    store_explain_reset(st);
}

static void test_detector_flags_a_table_scan_and_passes_an_index_search(void)
{
    struct strbuf bad, notes;
    sb_init(&bad);
    sb_init(&notes);
    const char *plans = "SELECT b.key FROM blocker b WHERE b.title = 'x'\n"
                        "  SCAN b\n\n"
                        "SELECT key FROM blocker WHERE key = 'B-1'\n"
                        "  SEARCH blocker USING INDEX sqlite_autoindex_blocker_1 (key=?)\n\n"
                        "SELECT count(*) FROM department d\n"
                        "  SCAN d\n\n"
                        "SELECT x FROM reading hr JOIN project p ON 1\n"
                        "  SCAN hr USING INDEX reading_at\n"
                        "  SCAN p\n\n";
    CHECK_INT(find_scans(plans, &bad, &notes), 2);
    CHECK_CONTAINS(sb_str(&bad), "SCAN b\n");
    CHECK_CONTAINS(sb_str(&bad), "SCAN p\n");
    CHECK_CONTAINS(sb_str(&notes), "SCAN hr USING INDEX");
    CHECK(!strstr(sb_str(&bad), "SCAN d"));
    sb_clear(&bad);
    strict = true;
    const char *strict_plans = "SELECT b.id FROM blocker b WHERE b.state IN (?)\n"
                               "  SEARCH b USING INDEX blocker_state (state=?)\n\n"
                               "SELECT b.id FROM blocker b WHERE b.id = ?\n"
                               "  SEARCH b USING INTEGER PRIMARY KEY (rowid=?)\n\n";
    CHECK_INT(find_scans(strict_plans, &bad, &notes), 1);
    CHECK_CONTAINS(sb_str(&bad), "blocker_state (state=?)");
    strict = false;
    sb_fini(&bad);
    sb_fini(&notes);
}

/* Each sort of a pane's list, both ways, plain, filtered and narrowed,
 * at the top, deep (offset) and by anchors, with its count. */
typedef int (*list_fn)(struct store *, const struct query *, int64_t *, struct err *);

static void run_variants(const char *what, const int *sorts, size_t n_sorts, const char *state,
                         const char *text, const char *dept,
                         int (*list)(struct store *, const struct query *, struct err *),
                         list_fn count)
{
    for (size_t i = 0; i < n_sorts; i++) {
        for (int desc = 0; desc < 2; desc++) {
            for (int variant = 0; variant < 6; variant++) {
                struct query q = {.sort = sorts[i], .desc = desc, .limit = 46, .state = state};
                if (variant == 1)
                    q.text = text;
                if (variant == 2)
                    q.dept = dept;
                if (variant == 3)
                    q.offset = 500;
                if (variant == 4) {
                    q.offset = 46;
                    q.after = 7;
                }
                if (variant == 5) {
                    q.offset = 200;
                    q.last = true;
                }
                struct err e = {0};
                int rc = list(st, &q, &e);
                if (rc)
                    fprintf(stderr, "%s sort %d: %s\n", what, sorts[i], e.msg);
                CHECK_INT(rc, 0);
                int64_t n = 0;
                CHECK_INT(count(st, &q, &n, &e), 0);
                char label[96];
                snprintf(label, sizeof label, "%s sort %d%s variant %d", what, sorts[i],
                         desc ? " desc" : "", variant);
                check_plans(label);
            }
        }
    }
}

static int list_blockers(struct store *s, const struct query *q, struct err *e)
{
    struct blocker *v;
    size_t n;
    int rc = blocker_list(s, q, &v, &n, e);
    if (!rc)
        blocker_list_free(v, n);
    return rc;
}

static int list_projects(struct store *s, const struct query *q, struct err *e)
{
    struct project *v;
    size_t n;
    int rc = project_list(s, q, &v, &n, e);
    if (!rc)
        project_list_free(v, n);
    return rc;
}

static int list_departments(struct store *s, const struct query *q, struct err *e)
{
    struct department *v;
    size_t n;
    int rc = department_list(s, q, &v, &n, e);
    if (!rc)
        department_list_free(v, n);
    return rc;
}

static int list_indicators(struct store *s, const struct query *q, struct err *e)
{
    struct indicator *v;
    size_t n;
    int rc = indicator_list(s, q, &v, &n, e);
    if (!rc)
        indicator_list_free(v, n);
    return rc;
}

static void test_blocker_pane_queries_use_indexes(void)
{
    static const int sorts[] = {
        BLOCKER_SORT_URGENCY, BLOCKER_SORT_SEVERITY, BLOCKER_SORT_KEY,   BLOCKER_SORT_TITLE,
        BLOCKER_SORT_PROJECT, BLOCKER_SORT_WAITING_ON, BLOCKER_SORT_OWNER, BLOCKER_SORT_STATE,
        BLOCKER_SORT_AGE,     BLOCKER_SORT_TRIAGE,
    };
    store_explain_reset(st);
    run_variants("blockers (open)", sorts, sizeof sorts / sizeof sorts[0], "open", "vat", "ENG",
                 list_blockers, blocker_count);
    run_variants("blockers (all)", sorts, 3, NULL, "B-1", "FIN", list_blockers, blocker_count);
}

/* Filtering as you type: each letter is an index lookup (full-text index
 * or key index) capped at BLOCKER_TEXT_CAP + 1 candidates, never a scan of
 * the open blockers, not even of an index over them. */
static void test_blocker_filter_searches_without_scanning(void)
{
    static const int sorts[] = {BLOCKER_SORT_URGENCY, BLOCKER_SORT_KEY, BLOCKER_SORT_TITLE,
                                BLOCKER_SORT_PROJECT, BLOCKER_SORT_AGE};
    static const char *const texts[] = {"r", "rev", "ne re", "B-12", "12", "b1"};
    store_explain_reset(st);
    strict = true;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++) {
            for (int desc = 0; desc < 2; desc++) {
                struct query q = {.sort = sorts[i], .desc = desc, .limit = 46, .state = "open",
                                  .text = texts[t], .dept = i == 1 ? "ENG" : NULL};
                struct err e = {0};
                CHECK_INT(list_blockers(st, &q, &e), 0);
                int64_t n = 0;
                CHECK_INT(blocker_count(st, &q, &n, &e), 0);
                CHECK(n <= BLOCKER_TEXT_CAP + 1);
                q.offset = 100;
                q.last = true;
                CHECK_INT(list_blockers(st, &q, &e), 0);
                char label[96];
                snprintf(label, sizeof label, "blocker filter '%s' sort %d%s", texts[t], sorts[i],
                         desc ? " desc" : "");
                check_plans(label);
            }
        }
    strict = false;
}

static void test_project_pane_queries_use_indexes(void)
{
    static const int sorts[] = {
        PROJECT_SORT_DEFAULT, PROJECT_SORT_KEY,    PROJECT_SORT_TITLE,
        PROJECT_SORT_DEPT,    PROJECT_SORT_OWNER,  PROJECT_SORT_STATUS,
        PROJECT_SORT_HEALTH,  PROJECT_SORT_PROGRESS, PROJECT_SORT_DUE,
    };
    store_explain_reset(st);
    allowed_scan = "project";
    run_variants("projects", sorts, sizeof sorts / sizeof sorts[0], NULL, "bill", "ENG",
                 list_projects, project_count);
    allowed_scan = NULL;
}

static void test_department_rollup_uses_indexes(void)
{
    static const int sorts[] = {DEPT_SORT_ORDER, DEPT_SORT_KEY, DEPT_SORT_NAME, DEPT_SORT_HEALTH};
    store_explain_reset(st);
    allowed_scan = "project";
    run_variants("departments", sorts, sizeof sorts / sizeof sorts[0], NULL, "en", "ENG",
                 list_departments, department_count);
    allowed_scan = NULL;
}

static void test_indicator_pane_queries_use_indexes(void)
{
    static const int sorts[] = {IND_SORT_DEFAULT, IND_SORT_KEY, IND_SORT_NAME, IND_SORT_STATUS};
    store_explain_reset(st);
    run_variants("indicators", sorts, sizeof sorts / sizeof sorts[0], NULL, "rev", "ENG",
                 list_indicators, indicator_count);
}

/* Filtering projects and indicators as you type: the candidates come from
 * the full-text index and the index of keys in lower case, and the rows
 * are then read by id. Any scan of project or indicator (even of an
 * index) or a search by anything else (a department's range) fails. */
static void test_project_and_indicator_filters_search_without_scanning(void)
{
    static const char *const texts[] = {"r", "rev", "eng-1", "ENG 12", "zq"};
    extra_large = "indicator";
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (int sort = 0; sort <= PROJECT_SORT_DUE; sort++)
            for (int v = 0; v < 4; v++) {
                struct query q = {.sort = sort, .desc = v & 1, .limit = 46, .text = texts[t],
                                  .dept = v & 2 ? "ENG" : NULL};
                struct err e = {0};
                int64_t n = 0;
                store_explain_reset(st);
                CHECK_INT(list_projects(st, &q, &e), 0);
                CHECK_INT(project_count(st, &q, &n, &e), 0);
                CHECK(n <= PROJECT_TEXT_CAP + 1);
                if (sort <= IND_SORT_STATUS) {
                    CHECK_INT(list_indicators(st, &q, &e), 0);
                    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
                    CHECK(n <= INDICATOR_TEXT_CAP + 1);
                }
                struct strbuf plans, bad;
                sb_init(&plans);
                sb_init(&bad);
                CHECK_INT(store_explain_recent(st, &plans, &e), 0);
                const char *sql = "";
                for (char *line = plans.s; line && *line;) {
                    char *end = strchr(line, '\n');
                    if (end)
                        *end = 0;
                    const char *step = line + strspn(line, " ");
                    size_t skip = !strncmp(step, "SCAN ", 5) ? 5 : !strncmp(step, "SEARCH ", 7) ? 7 : 0;
                    if (line[0] != ' ') {
                        sql = line;
                    } else if (skip) {
                        const char *name = step + skip;
                        const char *tab = names_large_table(sql, name, strcspn(name, " "));
                        if (tab && (!strcmp(tab, "project") || !strcmp(tab, "indicator")) &&
                            (skip == 5 || (!strstr(step, "(rowid=?)") && !strstr(step, "_key_lower"))))
                            sb_addf(&bad, "  %s\n    in %s\n", step, sql);
                    }
                    line = end ? end + 1 : NULL;
                }
                if (bad.len) {
                    fprintf(stderr, "filter '%s' sort %d variant %d reads more than its matches:\n%s",
                            texts[t], sort, v, sb_str(&bad));
                    check_failures++;
                }
                sb_fini(&plans);
                sb_fini(&bad);
                store_explain_reset(st);
            }
    extra_large = NULL;
}

/* The key of the first indicator and blocker, to look at one item. */
static char *first_key(bool indicator)
{
    struct err e = {0};
    char *key = NULL;
    struct query q = {.limit = 1};
    if (indicator) {
        struct indicator *v;
        size_t n;
        if (indicator_list(st, &q, &v, &n, &e) == 0 && n)
            key = xstrdup(v[0].key);
        if (!e.code)
            indicator_list_free(v, n);
    } else {
        struct blocker *v;
        size_t n;
        if (blocker_list(st, &q, &v, &n, &e) == 0 && n)
            key = xstrdup(v[0].key);
        if (!e.code)
            blocker_list_free(v, n);
    }
    return key;
}

static void test_indicator_detail_queries_use_indexes(void)
{
    char *key = first_key(true);
    CHECK(key != NULL);
    if (!key)
        return;
    struct err e = {0};
    store_explain_reset(st);
    double spark[30];
    int got = 0;
    CHECK_INT(indicator_spark(st, key, 30, spark, &got, &e), 0);
    CHECK(got > 0);
    check_plans("indicator_spark");
    struct indicator_trend tr;
    CHECK_INT(indicator_trend(st, key, &tr, &e), 0);
    check_plans("indicator_trend");
    struct chart_bucket b[120];
    CHECK_INT(indicator_chart(st, key, NULL, NULL, 120, b, &got, &e), 0);
    CHECK_INT(indicator_chart(st, key, "2026-08-28T00:00:00Z", NULL, 90, b, &got, &e), 0);
    check_plans("indicator_chart");
    struct reading *r;
    size_t n;
    CHECK_INT(indicator_readings(st, key, "2026-10-27T00:00:00Z", 40, &r, &n, &e), 0);
    if (!e.code)
        reading_list_free(r, n);
    check_plans("indicator_readings");
    free(key);
}

static void test_triage_and_history_queries_use_indexes(void)
{
    struct err e = {0};
    store_explain_reset(st);
    char **keys;
    size_t n;
    CHECK_INT(blocker_queue(st, NULL, &keys, &n, &e), 0);
    CHECK(n > 0);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    CHECK_INT(blocker_queue(st, "ENG", &keys, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    check_plans("blocker_queue");

    /* the cockpit's queue: a window, its length and a key's place */
    for (int d = 0; d < 2; d++) {
        const char *dept = d ? "ENG" : NULL;
        int64_t total = 0, pos = 0;
        CHECK_INT(blocker_queue_count(st, dept, &total, &e), 0);
        CHECK(total > 0);
        struct query q = {.state = "new", .dept = dept, .sort = BLOCKER_SORT_TRIAGE, .limit = 64};
        CHECK_INT(list_blockers(st, &q, &e), 0);
        q.offset = 64;
        q.after = 7;
        CHECK_INT(list_blockers(st, &q, &e), 0);
        q.after = 0;
        q.offset = total > 64 ? total - 64 : 0;
        q.last = true;
        CHECK_INT(list_blockers(st, &q, &e), 0);
        char *key = first_key(false);
        CHECK_INT(blocker_queue_position(st, dept, key, &pos, &e), 0);
        int64_t moved = 0;
        CHECK_INT(blocker_queue_moved(st, dept, key, 4, pos, &moved, &e), 0);
        free(key);
    }
    /* a window next to an anchor and a moved blocker's place seek on the
     * whole of the triage order, not on the severity alone */
    struct strbuf seeks;
    sb_init(&seeks);
    CHECK_INT(store_explain_recent(st, &seeks, &e), 0);
    int anchored = 0, seeking = 0;
    for (const char *b = sb_str(&seeks); (b = strstr(b, "> (:k0")) != NULL; b++) {
        const char *end = strstr(b, "\n\n");
        const char *seek = strstr(b, "(sev_rank,raised_at,key_num)>(?,?,?)");
        anchored++;
        seeking += seek && (!end || seek < end);
    }
    CHECK(anchored > 0);
    CHECK_INT(seeking, anchored);
    sb_fini(&seeks);
    check_plans("triage queue window, count and position");

    /* entering triage and each verdict first ask whether a snooze is due:
     * a seek, not a read of every snoozed blocker */
    int woken = 0;
    strict = true;
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 0); /* the first call woke them all */
    check_plans("blocker_wake_due");
    strict = false;

    /* possible duplicates: full-text lookups and rows by id, whatever the
     * number of blockers sharing a word */
    char *key = first_key(false);
    CHECK(key != NULL);
    struct blocker_match *m;
    store_explain_reset(st);
    strict = true;
    CHECK_INT(blocker_similar(st, key, 10, &m, &n, &e), 0);
    if (!e.code)
        blocker_match_list_free(m, n);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    blocker_fini(&b);
    check_plans("blocker_similar and blocker_get");
    strict = false;

    struct event *ev;
    CHECK_INT(event_list(st, "blocker", key, NULL, 30, &ev, &n, &e), 0);
    if (!e.code)
        event_list_free(ev, n);
    CHECK_INT(event_list(st, "blocker", NULL, NULL, 50, &ev, &n, &e), 0);
    if (!e.code)
        event_list_free(ev, n);
    check_plans("event_list");
    free(key);
}

/* A stand-up page and a flow's cell read their most urgent blockers and
 * projects at risk through the indexes kept in that order: no sort of a
 * department's or a flow's rows, whatever their number; the page's
 * indicator crossings are a range of the stored crossings' index, its
 * indicators off target a range of theirs. */
static void test_standup_and_flow_lists_read_in_order(void)
{
    struct err e = {0};
    struct standup_page p;
    CHECK_INT(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), 0);
    CHECK(p.n_we_wait > 0 && p.n_they_wait > 0);
    standup_page_fini(&p);
    struct flow_blockers fb;
    CHECK_INT(flow_cell_blockers(st, "ENG", "ENG", 20, &fb, &e), 0);
    CHECK(fb.n > 0 && fb.total >= (int64_t)fb.n);
    flow_blockers_fini(&fb);
    struct strbuf plans;
    sb_init(&plans);
    CHECK_INT(store_explain_recent(st, &plans, &e), 0);
    const char *uses[] = {"blocker_wait_urgency", "blocker_from_urgency",
                          "blocker_flow_urgency", "project_at_risk",
                          "indicator_crossing_department", "indicator_off", "flow_cell_to"};
    for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++)
        CHECK_CONTAINS(sb_str(&plans), uses[i]);
    /* each statement naming one of them reads it in order, unsorted (the
     * flow's cell puts its two short runs together, a sort of the rows
     * shown only) */
    const char *all = sb_str(&plans);
    for (const char *b = all; *b;) {
        const char *end = strstr(b, "\n\n");
        size_t len = end ? (size_t)(end - b) : strlen(b);
        bool named = false;
        for (size_t i = 0; i < sizeof uses / sizeof uses[0]; i++) {
            const char *u = strstr(b, uses[i]);
            named = named || (u && u < b + len);
        }
        const char *sort = strstr(b, "USE TEMP B-TREE FOR ORDER BY");
        const char *cell = strstr(b, "top AS (");
        if (named && sort && sort < b + len && !(cell && cell < b + len)) {
            fprintf(stderr, "sorted:\n%.*s\n", (int)len, b);
            CHECK(false);
        }
        b += len;
        while (*b == '\n')
            b++;
    }
    sb_fini(&plans);
    check_plans("stand-up page and a flow's cell");
}

/* A verdict's or an edit's UPDATE names only the columns that change
 * (and the time and version), so SQLite rewrites only their indexes and
 * fires only their triggers. */
static void test_an_edit_updates_only_what_changed(void)
{
    struct err e = {0};
    char *key = first_key(false);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    b.severity = b.severity == 2 ? 3 : 2;
    store_explain_reset(st);
    CHECK_INT(blocker_update(st, &b, &e), 0);
    blocker_fini(&b);
    struct strbuf plans;
    sb_init(&plans);
    CHECK_INT(store_explain_recent(st, &plans, &e), 0);
    const char *u = strstr(sb_str(&plans), "UPDATE blocker SET ");
    CHECK(u != NULL);
    if (u) {
        const char *end = strchr(u, '\n');
        int len = (int)(end ? end - u : (long)strlen(u));
        char *line = xasprintf("%.*s", len, u);
        /* a new severity sets a new SLA */
        CHECK_CONTAINS(line, "UPDATE blocker SET severity = :severity, sla_due = :sla_due,"
                             " updated_at = :updated_at, version = version + 1 WHERE id = :id");
        free(line);
    }
    sb_fini(&plans);
    store_explain_reset(st);
    free(key);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmpdir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/plan.db", tmpdir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) != 0 || store_generate(st, 2000, 1, &e) != 0) {
        fprintf(stderr, "setting up %s: %s\n", path, e.msg);
        return 2;
    }
    RUN(test_detector_flags_a_table_scan_and_passes_an_index_search);
    RUN(test_blocker_pane_queries_use_indexes);
    RUN(test_blocker_filter_searches_without_scanning);
    RUN(test_project_pane_queries_use_indexes);
    RUN(test_department_rollup_uses_indexes);
    RUN(test_indicator_pane_queries_use_indexes);
    RUN(test_project_and_indicator_filters_search_without_scanning);
    RUN(test_indicator_detail_queries_use_indexes);
    RUN(test_triage_and_history_queries_use_indexes);
    RUN(test_standup_and_flow_lists_read_in_order);
    RUN(test_an_edit_updates_only_what_changed);
    store_close(st);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    free(tmpdir);
    return check_report();
}
