/*
 * Panes over a real store: windows fetched at the selection's offset,
 * counts for the scroll position, the cursor kept on its item across a
 * reload, narrowing to a department, filtering, open blockers only, goto
 * lookups, and detail views, with database text sanitised on the way.
 */
#include <locale.h>
#include <string.h>
#include <time.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/config.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/indicator.h"
#include "baton/pane.h"
#include "baton/project.h"

static struct store *st;
static struct view_ctx ctx;

static void add_dept(const char *key, const char *name)
{
    struct err e = {0};
    struct department d = {0};
    d.key = (char *)key;
    d.name = (char *)name;
    d.lead = "alice";
    if (department_add(st, &d, &e))
        fprintf(stderr, "department_add: %s\n", e.msg);
}

static void add_project(const char *key, const char *dept, const char *title)
{
    struct err e = {0};
    struct project p = {0};
    p.key = (char *)key;
    p.title = (char *)title;
    p.department = (char *)dept;
    p.status = PROJECT_ACTIVE;
    p.progress = 40;
    if (project_add(st, &p, &e))
        fprintf(stderr, "project_add: %s\n", e.msg);
}

static char *add_blocker(const char *project, const char *title, const char *waiting_on)
{
    struct err e = {0};
    struct blocker b = {0};
    b.project = (char *)project;
    b.title = (char *)title;
    b.waiting_on = (char *)waiting_on;
    char *key = NULL;
    if (blocker_add(st, &b, &key, &e))
        fprintf(stderr, "blocker_add: %s\n", e.msg);
    return key;
}

static void setup(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/view.db", dir);
    free(dir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e)) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "alice");
    view_ctx_init(&ctx, false, time_now());
    add_dept("ENG", "Engineering");
    add_dept("OPS", "Operations");
    for (int i = 1; i <= 30; i++) {
        char key[16], title[64];
        snprintf(key, sizeof key, "ENG-%d", i);
        snprintf(title, sizeof title, "Engineering project %d", i);
        add_project(key, "ENG", title);
    }
    add_project("OPS-1", "OPS", "Open the cross-dock");
}

/* The key at position index of the pane's ordering, asked of the store directly. */
static char *key_at(const struct pane *p, const char *dept, int64_t index)
{
    struct query q;
    pane_query(p, dept, &q);
    q.offset = index;
    q.limit = 1;
    struct project *v = NULL;
    size_t n = 0;
    struct err e = {0};
    char *key = NULL;
    if (project_list(st, &q, &v, &n, &e) == 0 && n == 1)
        key = xstrdup(v[0].key);
    project_list_free(v, n);
    return key;
}

static void a_pane_fetches_only_its_window(void)
{
    struct pane p;
    pane_init(&p, &pane_projects);
    sel_set_height(&p.sel, 10);
    struct err e = {0};
    CHECK_INT(pane_reload(&p, st, NULL, &ctx, &e), 0);
    CHECK_INT(p.sel.total, 31);
    CHECK_INT(p.n_rows, 10);
    CHECK_INT(p.rows_top, 0);
    sel_move(&p.sel, 15);
    CHECK_INT(pane_sync(&p, st, NULL, &ctx, &e), 0);
    CHECK_INT(p.rows_top, 6);
    CHECK_INT(p.n_rows, 10);
    const struct vrow *r = pane_selected(&p);
    char *want = key_at(&p, NULL, 15);
    CHECK(r != NULL);
    if (r)
        CHECK_STR(r->key, want);
    free(want);
    /* moving inside the window fetches nothing */
    struct vrow *before = p.rows;
    sel_move(&p.sel, -1);
    CHECK_INT(pane_sync(&p, st, NULL, &ctx, &e), 0);
    CHECK(p.rows == before);
    sel_goto(&p.sel, -1);
    CHECK_INT(pane_sync(&p, st, NULL, &ctx, &e), 0);
    CHECK_INT(p.rows_top, 21);
    CHECK_INT(p.n_rows, 10);
    pane_fini(&p);
}

static void the_cursor_stays_on_its_item_across_a_reload(void)
{
    struct pane p;
    pane_init(&p, &pane_projects);
    pane_next_sort(&p, NULL); /* by key */
    CHECK_STR(pane_sort_name(&p), "Key");
    sel_set_height(&p.sel, 5);
    struct err e = {0};
    pane_reload(&p, st, NULL, &ctx, &e);
    sel_goto(&p.sel, 7);
    pane_sync(&p, st, NULL, &ctx, &e);
    const struct vrow *r = pane_selected(&p);
    CHECK(r != NULL);
    int64_t id = r ? r->id : 0;
    char *key = xstrdup(r ? r->key : "");
    /* two projects that sort before it arrive from elsewhere */
    add_project("AAA-1", "OPS", "First by key");
    add_project("AAA-2", "OPS", "Second by key");
    CHECK_INT(pane_reload(&p, st, NULL, &ctx, &e), 0);
    CHECK_INT(p.sel.total, 33);
    r = pane_selected(&p);
    CHECK(r && r->id == id);
    if (r)
        CHECK_STR(r->key, key);
    CHECK_INT(p.sel.cursor, 9);
    free(key);
    pane_fini(&p);
}

static void narrowing_and_filtering_change_what_is_counted(void)
{
    struct pane p;
    pane_init(&p, &pane_projects);
    sel_set_height(&p.sel, 10);
    struct err e = {0};
    CHECK_INT(pane_reload(&p, st, "OPS", &ctx, &e), 0);
    struct query q = {0};
    q.dept = "OPS";
    int64_t n = 0;
    project_count(st, &q, &n, &e);
    CHECK_INT(p.sel.total, n);
    for (size_t i = 0; i < p.n_rows; i++)
        CHECK_STR(p.rows[i].dept, "OPS");
    line_set(&p.filter, "project 2");
    CHECK_INT(pane_reload(&p, st, NULL, &ctx, &e), 0);
    q.dept = NULL;
    q.text = "project 2";
    project_count(st, &q, &n, &e);
    CHECK(n > 1);
    CHECK_INT(p.sel.total, n);
    for (size_t i = 0; i < p.n_rows; i++)
        CHECK_CONTAINS(p.rows[i].title, "project 2");
    /* the departments pane is never narrowed */
    struct pane d;
    pane_init(&d, &pane_departments);
    sel_set_height(&d.sel, 10);
    CHECK_INT(pane_reload(&d, st, "OPS", &ctx, &e), 0);
    CHECK_INT(d.sel.total, 2);
    pane_fini(&d);
    pane_fini(&p);
}

static void blockers_pane_lists_open_ones_and_shows_escapes(void)
{
    char *k1 = add_blocker("ENG-1", "Waiting for \033]0;pwned\a the VAT rules", "OPS");
    char *k2 = add_blocker("OPS-1", "Lease not signed", NULL);
    struct err e = {0};
    struct verdict v = {0};
    v.verb = VERB_RESOLVE;
    v.reason = "signed";
    CHECK_INT(blocker_apply(st, k2, &v, &e), 0);
    struct pane p;
    pane_init(&p, &pane_blockers);
    sel_set_height(&p.sel, 10);
    CHECK_INT(pane_reload(&p, st, NULL, &ctx, &e), 0);
    CHECK_INT(p.sel.total, 1);
    const struct vrow *r = pane_selected(&p);
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->key, k1);
        for (int c = 0; c < r->n_cells; c++)
            CHECK(strchr(r->cells[c].text, '\033') == NULL);
        struct strbuf sb;
        sb_init(&sb);
        int w[VIEW_MAX_COLS];
        view_fit_columns(pane_blockers.cols, pane_blockers.n_cols, 120, w);
        view_row_format(pane_blockers.cols, w, pane_blockers.n_cols, r, &ctx, &sb);
        CHECK_CONTAINS(sb_str(&sb), "^[]0;pwned^G");
        CHECK(strchr(sb_str(&sb), '\033') == NULL);
        sb_fini(&sb);
    }
    /* narrowed to the department it waits on, it is still there */
    CHECK_INT(pane_reload(&p, st, "OPS", &ctx, &e), 0);
    CHECK_INT(p.sel.total, 1);
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_blockers.detail(st, k1, 100, &ctx, &d, &e), 0);
    bool found_title = false, found_history = false;
    for (size_t i = 0; i < d.n; i++) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(&d, i, &sb);
        CHECK(strchr(sb_str(&sb), '\033') == NULL);
        if (strstr(sb_str(&sb), "^[]0;pwned"))
            found_title = true;
        if (strstr(sb_str(&sb), "History"))
            found_history = true;
        sb_fini(&sb);
    }
    CHECK(found_title);
    CHECK(found_history);
    doc_fini(&d);
    pane_fini(&p);
    free(k1);
    free(k2);
}

static bool doc_has(const struct doc *d, const char *text)
{
    bool found = false;
    for (size_t i = 0; i < d->n && !found; i++) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(d, i, &sb);
        found = strstr(sb_str(&sb), text) != NULL;
        sb_fini(&sb);
    }
    return found;
}

/* The blocker's detail shows each field its description lets a person
 * edit that the blocker has, by its label; those it has no words of its
 * own for (tags) are listed from the description. */
static void blocker_detail_shows_every_field_a_person_edits(void)
{
    struct err e = {0};
    struct blocker b = {.project = "OPS-1", .title = "Tagged", .detail = "why it blocks",
                        .severity = 2, .waiting_on = "ENG", .owner = NULL,
                        .needed_by = "2026-12-20", .tags = "q4,legal"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    CHECK_STR(e.msg, "");
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_blockers.detail(st, key ? key : "", 100, &ctx, &d, &e), 0);
    CHECK(doc_has(&d, "Tags            q4, legal"));
    struct blocker got = {0};
    CHECK_INT(blocker_get(st, key ? key : "", &got, &e), 0);
    for (size_t i = 0; i < blocker_entity.n; i++) {
        const struct entity_field *f = &blocker_entity.fields[i];
        char buf[32];
        if ((f->flags & FL_EDIT) && field_text(f, &got, buf) && strcmp(f->name, "title") != 0 &&
            !doc_has(&d, f->label)) {
            fprintf(stderr, "  no %s in the detail\n", f->label);
            CHECK(false);
        }
    }
    blocker_fini(&got);
    doc_fini(&d);
    free(key);
}

static void project_detail_follows_dependencies_both_ways(void)
{
    struct err e = {0};
    CHECK_INT(project_depend(st, "ENG-2", "OPS-1", "needs the dock", &e), 0);
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_projects.detail(st, "OPS-1", 100, &ctx, &d, &e), 0);
    CHECK(doc_has(&d, "Needed by (1)"));
    CHECK(doc_has(&d, "ENG-2"));
    CHECK(doc_has(&d, "Depends on (0)"));
    doc_fini(&d);
    doc_init(&d, false);
    CHECK_INT(pane_projects.detail(st, "ENG-2", 100, &ctx, &d, &e), 0);
    CHECK(doc_has(&d, "Depends on (1)"));
    CHECK(doc_has(&d, "OPS-1"));
    doc_fini(&d);
    doc_init(&d, false);
    CHECK_INT(pane_departments.detail(st, "ENG", 100, &ctx, &d, &e), 0);
    CHECK(doc_has(&d, "Projects (30)"));
    CHECK(doc_has(&d, "Open blockers (1)"));
    doc_fini(&d);
}

/* A department's indicators line up behind their longest key. */
static void department_detail_aligns_long_keys(void)
{
    struct err e = {0};
    const char *keys[] = {"change-failure-rate", "mttr"};
    const char *names[] = {"Change failure rate", "Mean time to restore"};
    for (int i = 0; i < 2; i++) {
        struct indicator in = {0};
        in.key = (char *)keys[i];
        in.name = (char *)names[i];
        in.department = "ENG";
        CHECK_INT(indicator_add(st, &in, &e), 0);
    }
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_departments.detail(st, "ENG", 100, &ctx, &d, &e), 0);
    CHECK(doc_has(&d, "change-failure-rate Change failure rate"));
    CHECK(doc_has(&d, "mttr                Mean time to restore"));
    doc_fini(&d);
}

static void indicator_rows_carry_a_sparkline(void)
{
    struct err e = {0};
    struct indicator in = {0};
    in.key = "churn";
    in.name = "Monthly churn";
    in.department = "OPS";
    in.unit = "%";
    in.direction = DIRECTION_DOWN;
    in.has_target = true;
    in.target = 2;
    CHECK_INT(indicator_add(st, &in, &e), 0);
    const char *at[] = {"2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"};
    double val[] = {3, 2.5, 1.5};
    for (int i = 0; i < 3; i++)
        CHECK_INT(indicator_record(st, "churn", at[i], val[i], NULL, &e), 0);
    struct pane p;
    pane_init(&p, &pane_indicators);
    sel_set_height(&p.sel, 5);
    CHECK_INT(pane_reload(&p, st, NULL, &ctx, &e), 0);
    const struct vrow *r = pane_selected(&p);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->n_spark, 3);
        struct strbuf sb;
        sb_init(&sb);
        view_row_cell(r, r->spark_col, 5, false, &ctx, &sb);
        CHECK_STR(sb_str(&sb), "  █▆▁"); /* 3, 2.5, 1.5 scaled to eighths */
        sb_fini(&sb);
        CHECK_CONTAINS(r->cells[2].text, "1.5%");
    }
    int64_t id = 0;
    CHECK_INT(pane_indicators.find(st, "churn", &id, &e), 0);
    CHECK(r && id == r->id);
    CHECK_INT(pane_indicators.find(st, "nope", &id, &e), 1);
    CHECK_INT(pane_departments.find(st, "ENG", &id, &e), 0);
    pane_fini(&p);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void the_longest_text_opens_in_well_under_100_ms(void)
{
    /* a 500-character title without a blank, a 64 KiB detail of words
     * and one 32 KiB word: everything baton takes, at its longest */
    char *title = xmalloc(501);
    memset(title, 'T', 500);
    title[500] = 0;
    char *detail = xmalloc(65537);
    for (size_t i = 0; i < 65536; i++)
        detail[i] = i < 32768 ? (i % 7 == 6 ? ' ' : 'w') : 'L';
    detail[65536] = 0;
    struct err e = {0};
    struct blocker b = {0};
    b.project = "ENG-1";
    b.title = title;
    b.detail = detail;
    char *key = NULL;
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_blockers.detail(st, key, 80, &ctx, &d, &e), 0);
    doc_wrap(&d, 80);
    double ms = ms_since(&t0);
    printf("note: the detail of the longest blocker built and wrapped in %.1f ms\n", ms);
    CHECK(ms < 100);
    CHECK(doc_has(&d, "LLLLLLLLLL"));
    CHECK(d.n > 65536 / 80);
    doc_fini(&d);

    /* 4 MB without a blank, as another program could store it: cut to
     * what is shown, and quick all the same */
    size_t big = 4u << 20;
    char *huge = xmalloc(big + 1);
    memset(huge, 'H', big);
    huge[big] = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    doc_init(&d, false);
    doc_add(&d, TR_TITLE, huge);
    doc_nl(&d);
    doc_wrap(&d, 80);
    ms = ms_since(&t0);
    printf("note: a 4 MB title added and wrapped in %.1f ms\n", ms);
    CHECK(ms < 100);
    CHECK(doc_has(&d, "(cut: over 64 KiB)"));
    doc_fini(&d);
    free(huge);
    free(key);
    free(title);
    free(detail);
}

/* The panes' names are one table: each class is found by its name, the
 * configuration's default layout is its first panes, and a refusal of an
 * unknown pane lists them all. */
static void pane_names_are_one_table(void)
{
    size_t n = 0;
    const struct pane_class *const *cls = pane_classes(&n);
    CHECK_INT(n, PANE_KIND_COUNT);
    for (size_t i = 0; i < n; i++) {
        CHECK_INT(cls[i]->kind, i);
        CHECK_STR(pane_class_name(cls[i]), pane_names[i]);
        CHECK(pane_class_find(pane_names[i]) == cls[i]);
    }
    CHECK(pane_names[PANE_KIND_COUNT] == NULL);
    CHECK(pane_class_find("nonsense") == NULL);
    struct config cfg;
    config_init(&cfg);
    CHECK_INT(cfg.n_panes, PANE_DEFAULT_COUNT);
    for (size_t i = 0; i < cfg.n_panes && i < PANE_DEFAULT_COUNT; i++)
        CHECK_STR(cfg.panes[i], pane_names[i]);
    config_fini(&cfg);
    struct strbuf sb;
    sb_init(&sb);
    pane_names_list(&sb);
    CHECK_STR(sb_str(&sb), "departments, projects, blockers, indicators, flow, objectives");
    sb_fini(&sb);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setup();
    RUN(pane_names_are_one_table);
    RUN(a_pane_fetches_only_its_window);
    RUN(the_cursor_stays_on_its_item_across_a_reload);
    RUN(narrowing_and_filtering_change_what_is_counted);
    RUN(blockers_pane_lists_open_ones_and_shows_escapes);
    RUN(project_detail_follows_dependencies_both_ways);
    RUN(blocker_detail_shows_every_field_a_person_edits);
    RUN(indicator_rows_carry_a_sparkline);
    RUN(the_longest_text_opens_in_well_under_100_ms);
    RUN(department_detail_aligns_long_keys); /* last: it adds indicators */
    store_close(st);
    return check_report();
}
