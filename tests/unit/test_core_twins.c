/*
 * Likely twin projects (project_twins): which active projects of other
 * departments are suggested for a project being added, in which order,
 * and which are not: one shared word is not enough, the project's own
 * department, projects that are not active and the project itself are
 * left out, and a description's words count as well as a title's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;

static void add_dept(struct store *st, const char *key)
{
    struct department d = {.key = (char *)key, .name = (char *)key};
    struct err e = {0};
    if (department_add(st, &d, &e) != 0) {
        fprintf(stderr, "department_add %s: %s\n", key, e.msg);
        exit(2);
    }
}

static void add_project(struct store *st, const char *key, const char *dept, const char *title,
                        const char *description, enum project_status status)
{
    struct project p = {.key = (char *)key,
                        .title = (char *)title,
                        .department = (char *)dept,
                        .description = (char *)description,
                        .status = status};
    struct err e = {0};
    if (project_add(st, &p, &e) != 0) {
        fprintf(stderr, "project_add %s: %s\n", key, e.msg);
        exit(2);
    }
}

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "t", NULL);
    add_dept(st, "ENG");
    add_dept(st, "OPS");
    add_dept(st, "SALES");
    add_project(st, "OPS-1", "OPS", "Customer self-service portal",
                "Customers track deliveries and download invoices online.", PROJECT_ACTIVE);
    add_project(st, "SALES-1", "SALES", "Partner portal for resellers",
                "Resellers download price lists.", PROJECT_ACTIVE);
    add_project(st, "SALES-2", "SALES", "Customer portal refresh", NULL, PROJECT_DONE);
    add_project(st, "ENG-1", "ENG", "Customer portal backend", NULL, PROJECT_ACTIVE);
    add_project(st, "SALES-3", "SALES", "Quarterly pricing review", NULL, PROJECT_PLANNED);
    return st;
}

/* The keys suggested, space-separated, best first. */
static char *twins(struct store *st, const char *title, const char *description, const char *dept,
                   const char *self, int limit)
{
    struct project_match *m = NULL;
    size_t n = 0;
    struct err e = {0};
    int rc = project_twins(st, title, description, dept, self, limit, &m, &n, &e);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "project_twins: %s\n", e.msg);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        sb_addf(&sb, "%s%s", i ? " " : "", m[i].key);
        CHECK(m[i].title != NULL && m[i].department != NULL);
        CHECK(i == 0 || m[i].rank >= m[i - 1].rank);
    }
    project_match_list_free(m, n);
    return sb_take(&sb);
}

static void test_other_departments_active_projects_sharing_two_words(void)
{
    struct store *st = fresh();
    char *s;
    /* ENG-1 is the same department, SALES-2 done: only OPS-1 */
    CHECK_STR(s = twins(st, "Customer portal", NULL, "ENG", NULL, 5), "OPS-1");
    free(s);
    /* from SALES, ENG's active one is a twin too, and the closer (its text
     * is little more than the two words); SALES' own are not */
    CHECK_STR(s = twins(st, "Customer portal", NULL, "SALES", NULL, 5), "ENG-1 OPS-1");
    free(s);
    /* one word in common ("portal") says little */
    CHECK_STR(s = twins(st, "Supplier portal", NULL, "ENG", NULL, 5), "");
    free(s);
    /* the description's words count: "invoices" and "deliveries" */
    CHECK_STR(
        s = twins(st, "Online billing", "Download invoices, follow deliveries", "ENG", NULL, 5),
        "OPS-1");
    free(s);
    /* a planned project is not an active one */
    CHECK_STR(s = twins(st, "Quarterly pricing review", NULL, "ENG", NULL, 5), "");
    free(s);
    store_close(st);
}

static void test_self_limit_and_nothing_to_compare(void)
{
    struct store *st = fresh();
    char *s;
    /* once added, a project is not its own twin */
    CHECK_STR(s = twins(st, "Customer self-service portal", NULL, "SALES", "OPS-1", 5), "ENG-1");
    free(s);
    CHECK_STR(s = twins(st, "Customer portal", NULL, "SALES", NULL, 1), "ENG-1");
    free(s);
    /* words too short or too common, and query syntax, find nothing and fail nothing */
    CHECK_STR(s = twins(st, "the and of", "a b", "ENG", NULL, 5), "");
    free(s);
    CHECK_STR(s = twins(st, "\"customer\" OR portal*", "NEAR(", "ENG", NULL, 5), "OPS-1");
    free(s);
    CHECK_STR(s = twins(st, NULL, NULL, NULL, NULL, 5), "");
    free(s);
    store_close(st);
}

static void test_edited_title_is_searched_as_edited(void)
{
    struct store *st = fresh();
    struct project p;
    struct err e = {0};
    CHECK_INT(project_get(st, "SALES-1", &p, &e), 0);
    free(p.title);
    p.title = xstrdup("Warehouse robots pilot");
    free(p.description);
    p.description = NULL;
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    char *s;
    CHECK_STR(s = twins(st, "Partner portal resellers", NULL, "ENG", NULL, 5), "");
    free(s);
    CHECK_STR(s = twins(st, "Robots in the warehouse", NULL, "ENG", NULL, 5), "SALES-1");
    free(s);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmp = check_tmpdir();
    RUN(test_other_departments_active_projects_sharing_two_words);
    RUN(test_self_limit_and_nothing_to_compare);
    RUN(test_edited_title_is_searched_as_edited);
    free(tmp);
    return check_report();
}
