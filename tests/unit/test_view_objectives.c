/*
 * The objectives pane and view over a real store: the tree's order and
 * lines (Unicode and ASCII), progress, health in words and confidence in
 * the cells, a filter and a narrowing that keep a match's parents, goto's
 * lookup, the detail's parts (parent, children, key results with a
 * sparkline, serving projects, check-ins) each linking to what it names,
 * the projects pane's unaligned mark, and the stand-up page's objectives.
 */
#include <string.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/pane.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/standup_view.h"
#include "fixture.h"

static struct store *st;
static struct view_ctx ctx;

static void setup(void)
{
    char *dir = check_tmpdir();
    st = fixture_store(dir, "obj", NULL);
    free(dir);
    store_set_actor(st, "alice");
    view_ctx_init(&ctx, false, time_now());
    struct err e = {0};
    struct department sales = {.key = "SALES", .name = "Sales", .lead = "alice"};
    struct department eng = {.key = "ENG", .name = "Engineering", .lead = "bob"};
    must(department_add(st, &sales, &e), &e, "department_add");
    must(department_add(st, &eng, &e), &e, "department_add");
    struct person carol = {.login = "carol", .name = "Carol King", .department = "SALES"};
    must(person_add(st, &carol, &e), &e, "person_add");
    struct indicator ind = {.key = "revenue",
                            .name = "Enterprise revenue",
                            .department = "SALES",
                            .direction = DIRECTION_UP,
                            .has_target = true,
                            .target = 100};
    must(indicator_add(st, &ind, &e), &e, "indicator_add");
    const char *at[] = {"2025-12-31T12:00:00Z", "2026-03-01T12:00:00Z", "2026-06-01T12:00:00Z",
                        "2026-11-01T12:00:00Z"};
    const double val[] = {0, 10, 25, 40};
    for (int i = 0; i < 4; i++)
        must(indicator_record(st, "revenue", at[i], val[i], NULL, &e), &e, "indicator_record");
    struct project p1 = {.key = "ENG-1",
                         .title = "Move to the event bus",
                         .department = "ENG",
                         .status = PROJECT_ACTIVE,
                         .progress = 50};
    struct project p2 = {.key = "ENG-2",
                         .title = "Office plants",
                         .department = "ENG",
                         .status = PROJECT_ACTIVE,
                         .progress = 10};
    struct project p3 = {
        .key = "ENG-3", .title = "Old plan", .department = "ENG", .status = PROJECT_PLANNED};
    must(project_add(st, &p1, &e), &e, "project_add");
    must(project_add(st, &p2, &e), &e, "project_add");
    must(project_add(st, &p3, &e), &e, "project_add");
    struct objective grow = {.key = "GROW", .title = "Grow the business", .period = "2026"};
    struct objective sg = {.key = "SALES-GROW",
                           .title = "Win enterprise accounts",
                           .period = "2026",
                           .department = "SALES",
                           .parent = "GROW",
                           .owner = "carol"};
    struct objective es = {.key = "ENG-SCALE",
                           .title = "Scale the platform",
                           .period = "2026",
                           .department = "ENG",
                           .parent = "GROW"};
    struct objective sv = {.key = "SERVE", .title = "Serve customers well", .period = "2026-H2"};
    must(objective_add(st, &grow, &e), &e, "objective_add");
    must(objective_add(st, &sg, &e), &e, "objective_add");
    must(objective_add(st, &es, &e), &e, "objective_add");
    must(objective_add(st, &sv, &e), &e, "objective_add");
    must(objective_link(st, "SALES-GROW", "revenue", NULL, NULL, &e), &e, "objective_link");
    must(objective_link(st, "ENG-SCALE", NULL, "ENG-1", NULL, &e), &e, "objective_link");
    must(objective_checkin(st, "SALES-GROW", 4, "Two deals slipped", &e), &e, "objective_checkin");
}

/* The pane's rows for q as lines: the cells joined by '|'. */
static char *rows_text(const struct query *q)
{
    struct err e = {0};
    int64_t n = 0;
    CHECK_INT(pane_objectives.count(st, q, &n, &e), 0);
    struct vrow *rows = NULL;
    size_t nr = 0;
    struct query w = *q;
    w.limit = 50;
    CHECK_INT(pane_objectives.fetch(st, &w, &ctx, &rows, &nr, &e), 0);
    CHECK_INT((int64_t)nr, n);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < nr; i++) {
        for (int c = 0; c < rows[i].n_cells; c++)
            sb_addf(&sb, "%s%s", c ? "|" : "", rows[i].cells[c].text);
        sb_add(&sb, "\n");
    }
    vrow_list_free(rows, nr);
    return sb_take(&sb);
}

static void test_tree_rows(void)
{
    struct query q = {0};
    char *t = rows_text(&q);
    /* 2026 is 90% gone on 26 November: 40% and 50% are far behind */
    CHECK_STR(t, "GROW|Grow the business|company|2026|██▋░░░  45%|■ off track|-\n"
                 "ENG-SCALE|├ Scale the platform|ENG|2026|███░░░  50%|■ off track|-\n"
                 "SALES-GROW|└ Win enterprise accounts|SALES|2026|██▍░░░  40%|■ off track|4/10\n"
                 "SERVE|Serve customers well|company|2026-H2|-|? unknown|-\n");
    free(t);
    struct view_ctx ascii;
    view_ctx_init(&ascii, true, ctx.now);
    struct view_ctx keep = ctx;
    ctx = ascii;
    t = rows_text(&q);
    CHECK_CONTAINS(t, "ENG-SCALE||-Scale the platform|ENG|2026|###...  50%|X off track|-\n");
    CHECK_CONTAINS(t, "SALES-GROW|`-Win enterprise accounts|");
    free(t);
    ctx = keep;
}

static void test_filter_and_narrowing_keep_parents(void)
{
    struct query q = {.text = "ENTERPRISE"};
    char *t = rows_text(&q);
    CHECK_STR(t, "GROW|Grow the business|company|2026|██▋░░░  45%|■ off track|-\n"
                 "SALES-GROW|└ Win enterprise accounts|SALES|2026|██▍░░░  40%|■ off track|4/10\n");
    free(t);
    q = (struct query){.dept = "ENG"};
    t = rows_text(&q);
    CHECK_STR(t, "GROW|Grow the business|company|2026|██▋░░░  45%|■ off track|-\n"
                 "ENG-SCALE|└ Scale the platform|ENG|2026|███░░░  50%|■ off track|-\n");
    free(t);
    q = (struct query){.text = "nothing like it"};
    t = rows_text(&q);
    CHECK_STR(t, "");
    free(t);
    /* a window: the second and third rows */
    struct query w = {.offset = 1, .limit = 2};
    struct vrow *rows = NULL;
    size_t nr = 0;
    struct err e = {0};
    CHECK_INT(pane_objectives.fetch(st, &w, &ctx, &rows, &nr, &e), 0);
    CHECK_INT(nr, 2);
    if (nr == 2) {
        CHECK_STR(rows[0].key, "ENG-SCALE");
        CHECK_STR(rows[1].key, "SALES-GROW");
        CHECK_STR(rows[1].dept, "SALES");
    }
    vrow_list_free(rows, nr);
}

static void test_goto_finds_objectives(void)
{
    struct err e = {0};
    int64_t id = 0;
    CHECK_INT(pane_objectives.find(st, "SALES-GROW", &id, &e), 0);
    CHECK(id > 0);
    CHECK_INT(pane_objectives.find(st, "NOPE", &id, &e), 1);
    CHECK(pane_class_find("objectives") == &pane_objectives);
}

/* Line i of d, and what it links to ("pane key"). */
static void line_of(const struct doc *d, size_t i, struct strbuf *sb)
{
    sb_clear(sb);
    doc_line_text(d, i, sb);
    if (d->lines[i].link_pane)
        sb_addf(sb, "  -> %s %s", d->lines[i].link_pane, d->lines[i].link_key);
}

static char *doc_all(const struct doc *d)
{
    struct strbuf all, one;
    sb_init(&all);
    sb_init(&one);
    for (size_t i = 0; i < d->n; i++) {
        line_of(d, i, &one);
        sb_addf(&all, "%s\n", sb_str(&one));
    }
    sb_fini(&one);
    return sb_take(&all);
}

static void test_detail_parts_link(void)
{
    struct doc d;
    doc_init(&d, false);
    struct err e = {0};
    CHECK_INT(pane_objectives.detail(st, "SALES-GROW", 120, &ctx, &d, &e), 0);
    char *t = doc_all(&d);
    CHECK_CONTAINS(t, "SALES-GROW  Win enterprise accounts\n");
    CHECK_CONTAINS(t, "Department  SALES  -> departments SALES\n");
    CHECK_CONTAINS(t, "Owner       carol\n");
    CHECK_CONTAINS(t, "Health      ■ off track  (progress 40% with 90% of 2026 gone, "
                      "confidence 4/10)\n");
    CHECK_CONTAINS(t, "Parent\n  ■ off track GROW Grow the business · 45%  -> objectives GROW\n");
    CHECK_CONTAINS(t, "Children (0)\n  no objective under it\n");
    CHECK_CONTAINS(t, "Key results (1)\n  indicator revenue Enterprise revenue 0 → 40 of 100 "
                      "██▍░░░  40% ▁▃▅█  -> indicators revenue\n");
    CHECK_CONTAINS(t, "Check-ins (1)\n   4/10  2026-11-26 09:00  alice  Two deals slipped\n");
    free(t);
    doc_fini(&d);

    doc_init(&d, false);
    CHECK_INT(pane_objectives.detail(st, "GROW", 120, &ctx, &d, &e), 0);
    t = doc_all(&d);
    CHECK_CONTAINS(t, "Department  none: a company objective\n");
    CHECK_CONTAINS(t, "Parent\n  none: a company objective\n");
    CHECK_CONTAINS(t, "Children (2)\n  ■ off track ENG-SCALE Scale the platform · 50%  -> "
                      "objectives ENG-SCALE\n  ■ off track SALES-GROW Win enterprise accounts · "
                      "40% · confidence 4/10  -> objectives SALES-GROW\n");
    free(t);
    doc_fini(&d);

    doc_init(&d, false);
    CHECK_INT(pane_objectives.detail(st, "ENG-SCALE", 120, &ctx, &d, &e), 0);
    t = doc_all(&d);
    CHECK_CONTAINS(t, "Key results (1)\n  project   ENG-1 Move to the event bus ███░░░  50%  -> "
                      "projects ENG-1\n");
    CHECK_CONTAINS(t, "Check-ins (0)\n  none yet: C records one (a digit, 0 for 10)\n");
    free(t);
    doc_fini(&d);

    /* the whole tree, as :objectives shows it */
    doc_init(&d, false);
    CHECK_INT(pane_objectives.detail(st, "", 120, &ctx, &d, &e), 0);
    t = doc_all(&d);
    CHECK_CONTAINS(t, "Objectives  4 neither done nor dropped");
    CHECK_CONTAINS(t, "  ■ off track └ SALES-GROW Win enterprise accounts");
    free(t);
    doc_fini(&d);
}

static void test_projects_pane_marks_unaligned(void)
{
    struct query q = {.sort = PROJECT_SORT_KEY, .limit = 10};
    struct vrow *rows = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(pane_projects.fetch(st, &q, &ctx, &rows, &n, &e), 0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(rows[0].cells[1].text, "   "); /* ENG-1 is a key result */
        CHECK_STR(rows[1].cells[1].text, "  ∅"); /* ENG-2 serves nothing */
        CHECK_STR(rows[2].cells[1].text, "   "); /* ENG-3 is not active */
    }
    vrow_list_free(rows, n);
    /* serving an objective aligns it */
    CHECK_INT(project_serves_set(st, "ENG-2", "ENG-SCALE", &e), 0);
    CHECK_INT(pane_projects.fetch(st, &q, &ctx, &rows, &n, &e), 0);
    if (n == 3)
        CHECK_STR(rows[1].cells[1].text, "   ");
    vrow_list_free(rows, n);
    CHECK_INT(project_serves_set(st, "ENG-2", "", &e), 0);
}

static void test_standup_page_lists_objectives(void)
{
    struct standup_page p;
    struct err e = {0};
    CHECK_INT(standup_page_load(st, 0, "SALES", NULL, NULL, &p, &e), 0);
    CHECK_INT(p.n_objectives, 1);
    struct doc d;
    doc_init(&d, false);
    standup_view_page(&d, &p, 120, &ctx);
    char *t = doc_all(&d);
    CHECK_CONTAINS(t, "Objectives (1)\n  ■ off track SALES-GROW Win enterprise accounts · 40% · "
                      "confidence 4/10  -> objectives SALES-GROW\n");
    free(t);
    doc_fini(&d);
    standup_page_fini(&p);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    setenv("TZ", "UTC", 1);
    setup();
    RUN(test_tree_rows);
    RUN(test_filter_and_narrowing_keep_parents);
    RUN(test_goto_finds_objectives);
    RUN(test_detail_parts_link);
    RUN(test_projects_pane_marks_unaligned);
    RUN(test_standup_page_lists_objectives);
    store_close(st);
    return check_report();
}
