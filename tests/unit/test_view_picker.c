/*
 * The picker: fuzzy scores (in order, case-insensitive, word starts and
 * runs preferred), matches best first with the key counting most,
 * pinned suggestions first on an empty query, cursor bounds and choices.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/picker.h"

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

int main(void)
{
    RUN(test_score_needs_order);
    RUN(test_score_prefers_runs_and_word_starts);
    RUN(test_filter_orders_best_first);
    RUN(test_pinned_first_and_cursor);
    RUN(test_multi_choice);
    RUN(test_boost_ranks_the_departments_people_first);
    return check_report();
}
