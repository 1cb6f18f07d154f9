/*
 * The picker: fuzzy scores (in order, case-insensitive, word starts and
 * runs preferred), matches best first with the key counting most,
 * pinned suggestions first on an empty query, cursor bounds and choices.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/picker.h"
#include "baton/store.h"

static void test_score_needs_order(void)
{
    CHECK(picker_score("fin", "Finance") > 0);
    CHECK(picker_score("FIN", "finance") > 0);
    CHECK_INT(picker_score("nif", "Finance"), -1);
    CHECK_INT(picker_score("finx", "Finance"), -1);
    CHECK_INT(picker_score("", "anything"), 0);
    CHECK_INT(picker_score("a", NULL), -1);
}

static void test_score_prefers_runs_and_word_starts(void)
{
    /* "ops" as a run at the start beats the same letters scattered */
    CHECK(picker_score("ops", "OPS Operations") > picker_score("ops", "Order processing system"));
    /* the start of a word beats the middle of one */
    CHECK(picker_score("sal", "Head of Sales") > picker_score("sal", "Universal tool"));
}

static void test_filter_orders_best_first(void)
{
    struct picker p;
    picker_init(&p, "Department", false);
    picker_add(&p, "OPS", "Operations (lead bdubois)");
    picker_add(&p, "FIN", "Finance (lead hschmidt)");
    picker_add(&p, "IT", "IT and Security");
    picker_add(&p, "SUP", "Customer Support (lead ewalsh)");
    picker_filter(&p);
    CHECK_INT((long)p.n_shown, 4);
    CHECK_STR(picker_current(&p)->key, "OPS"); /* the list's own order when nothing is typed */
    line_set(&p.query, "fin");
    picker_filter(&p);
    CHECK(p.n_shown >= 1);
    CHECK_STR(picker_current(&p)->key, "FIN");
    line_set(&p.query, "it");
    picker_filter(&p);
    CHECK_STR(picker_current(&p)->key, "IT"); /* the key beats "Security" */
    line_set(&p.query, "zzz");
    picker_filter(&p);
    CHECK_INT((long)p.n_shown, 0);
    CHECK(picker_current(&p) == NULL);
    picker_fini(&p);
}

static void test_pinned_first_and_cursor(void)
{
    struct picker p;
    picker_init(&p, "Original", false);
    picker_add(&p, "B-1", "Waiting for the VAT rules");
    picker_add(&p, "B-2", "Printer");
    picker_add(&p, "B-9", "VAT rules again")->pinned = true;
    picker_filter(&p);
    CHECK_STR(picker_current(&p)->key, "B-9");
    picker_move(&p, 5);
    CHECK_INT((long)p.cursor, 2);
    picker_move(&p, -9);
    CHECK_INT((long)p.cursor, 0);
    for (int i = 0; i < 3; i++)
        picker_move(&p, 1);
    picker_scroll(&p, 1);
    CHECK_INT((long)p.top, 2);
    picker_fini(&p);
}

/* The waiting-on department's people: first while nothing is typed (the
 * lead on top), and ranked first among what a query matches. */
static void test_boost_ranks_the_departments_people_first(void)
{
    struct picker p;
    picker_init(&p, "owner", false);
    picker_add(&p, "mmuller", "Matthias Müller (LEGAL)  lead")->pinned = true;
    p.items[0].boost = 600;
    struct pick_item *it = picker_add(&p, "pferreira", "Paula Ferreira (LEGAL)");
    it->pinned = true;
    it->boost = 500;
    picker_add(&p, "legrand", "Luc Legrand (SALES)");
    picker_add(&p, "aoleg", "Anna Oleg (OPS)");
    picker_filter(&p);
    CHECK_STR(picker_current(&p)->key, "mmuller");
    CHECK_STR(p.items[p.shown[1]].key, "pferreira");
    line_set(&p.query, "leg");
    picker_filter(&p);
    CHECK_INT(p.n_shown, 4);
    /* "legrand" starts with the letters, yet Legal's people come first */
    CHECK_STR(p.items[p.shown[0]].key, "mmuller");
    CHECK_STR(p.items[p.shown[1]].key, "pferreira");
    CHECK_STR(p.items[p.shown[2]].key, "legrand");
    picker_fini(&p);
}

static void test_multi_choice(void)
{
    struct picker p;
    picker_init(&p, "Depends on", true);
    picker_add(&p, "ENG-1", "Billing");
    picker_add(&p, "OPS-2", "Scanners");
    picker_add(&p, "FIN-1", "Ledger");
    picker_filter(&p);
    picker_toggle(&p); /* ENG-1, then the cursor moves on */
    picker_toggle(&p); /* OPS-2 */
    picker_move(&p, -1);
    picker_toggle(&p); /* OPS-2 again: unchosen */
    const char **keys = NULL;
    size_t n = picker_chosen(&p, &keys);
    CHECK_INT((long)n, 1);
    if (n)
        CHECK_STR(keys[0], "ENG-1");
    free(keys);
    picker_fini(&p);
}

/* The people of an organisation, as the owner, escalation and form
 * pickers list them: with a department, its lead first and its people
 * after, both pinned and boosted; without, everyone as they come. */
static void test_people_rank_the_departments_lead_and_people_first(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/people.db", dir);
    free(dir);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) || store_generate(st, 200, 7, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
    struct department *d = NULL;
    size_t nd = 0;
    struct query q = {0};
    CHECK_INT(department_list(st, &q, &d, &nd, &e), 0);
    const struct department *dept = NULL;
    for (size_t i = 0; i < nd && !dept; i++)
        if (d[i].lead)
            dept = &d[i];
    CHECK(dept != NULL);
    if (!dept) {
        department_list_free(d, nd);
        store_close(st);
        return;
    }
    struct person *people = NULL;
    size_t np = 0;
    CHECK_INT(person_list(st, &q, &people, &np, &e), 0);
    size_t of_dept = 1; /* the lead, then the department's other people */
    for (size_t i = 0; i < np; i++)
        of_dept += str_eq(people[i].department, dept->key) && !str_eq(people[i].login, dept->lead);

    struct picker p;
    picker_init(&p, "Owner", false);
    CHECK_INT(picker_add_people(&p, st, dept->key, &e), 0);
    CHECK_INT((long)p.n, (long)np);
    CHECK_STR(p.items[0].key, dept->lead);
    CHECK_CONTAINS(p.items[0].label, "  lead");
    CHECK_CONTAINS(p.items[0].label, dept->key);
    CHECK(p.items[0].pinned);
    CHECK_INT(p.items[0].boost, 600);
    for (size_t i = 1; i < p.n; i++) {
        /* the department's people (pinned, boosted), then the rest */
        bool mine = i < of_dept;
        CHECK(p.items[i].pinned == mine);
        CHECK_INT(p.items[i].boost, mine ? 500 : 0);
        CHECK(strstr(p.items[i].label, "  lead") == NULL);
    }
    picker_filter(&p);
    CHECK_STR(picker_current(&p)->key, dept->lead);
    picker_fini(&p);

    picker_init(&p, "Owner", false);
    CHECK_INT(picker_add_people(&p, st, NULL, &e), 0);
    CHECK_INT((long)p.n, (long)np);
    for (size_t i = 0; i < p.n && i < np; i++) {
        CHECK_STR(p.items[i].key, people[i].login);
        CHECK(!p.items[i].pinned);
        char want[600];
        snprintf(want, sizeof want, "%s (%s)", people[i].name, people[i].department);
        if (people[i].department)
            CHECK_STR(p.items[i].label, want);
        else
            CHECK_STR(p.items[i].label, people[i].name);
    }
    picker_fini(&p);

    /* a department that is not there ranks nobody first */
    picker_init(&p, "Owner", false);
    CHECK_INT(picker_add_people(&p, st, "NOPE", &e), 0);
    CHECK_INT((long)p.n, (long)np);
    for (size_t i = 0; i < p.n; i++)
        CHECK(!p.items[i].pinned);
    picker_fini(&p);

    person_list_free(people, np);
    department_list_free(d, nd);
    store_close(st);
}

int main(void)
{
    RUN(test_people_rank_the_departments_lead_and_people_first);
    RUN(test_score_needs_order);
    RUN(test_score_prefers_runs_and_word_starts);
    RUN(test_filter_orders_best_first);
    RUN(test_pinned_first_and_cursor);
    RUN(test_multi_choice);
    RUN(test_boost_ranks_the_departments_people_first);
    return check_report();
}
