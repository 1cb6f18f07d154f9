/*
 * The cockpit's modes: the stack (push, remove, detach, replace, finish)
 * calls enter and leave in the order a person's keys open and close them,
 * the top takes the keys, and every mode names itself, its keys and its
 * section of the help. No terminal is needed: nothing here draws.
 */
#include <string.h>

#include "../check.h"
#include "../../src/ui/ui_internal.h"

static char trail[512];

static void note(const char *what, void *data)
{
    size_t n = strlen(trail);
    snprintf(trail + n, sizeof trail - n, "%s%s%s", n ? " " : "", what,
             data ? (const char *)data : "");
}

static void enter_a(struct app *a, void *data) { note("+A", data); }
static void leave_a(struct app *a, void *data) { note("-A", data); }
static void enter_b(struct app *a, void *data) { note("+B", data); }
static void leave_b(struct app *a, void *data) { note("-B", data); }
static void fini_b(struct app *a, void *data) { note("~B", data); }
static void enter_c(struct app *a, void *data) { note("+C", data); }
static void leave_c(struct app *a, void *data) { note("-C", data); }

static const struct mode test_a = {.name = "A", .keys = MODE_DETAIL, .flags = MF_SCREEN,
                                   .enter = enter_a, .leave = leave_a};
static const struct mode test_b = {.name = "B", .keys = MODE_FORM, .enter = enter_b,
                                   .leave = leave_b, .fini = fini_b};
static const struct mode test_c = {.name = "C", .keys = MODE_PROMPT, .flags = MF_COVERS,
                                   .enter = enter_c, .leave = leave_c};

static struct app *fresh(void)
{
    static struct app a;
    memset(&a, 0, sizeof a);
    trail[0] = 0;
    mode_init(&a, &mode_panes);
    return &a;
}

static void the_panes_lie_at_the_bottom_and_take_the_keys_alone(void)
{
    struct app *a = fresh();
    CHECK(mode_top(a) == &mode_panes);
    CHECK(mode_screen(a) == &mode_panes);
    CHECK_INT(app_keymode(a), MODE_PANES);
    CHECK(!mode_remove(a, &mode_panes)); /* never left */
    CHECK(mode_detach(a, &mode_panes) == NULL);
    CHECK(mode_top(a) == &mode_panes);
    CHECK_STR(trail, "");
}

static void a_push_enters_on_top_and_a_removal_leaves_in_order(void)
{
    struct app *a = fresh();
    mode_push(a, &test_a, NULL);
    mode_push(a, &test_b, "1");
    mode_push(a, &test_c, NULL);
    CHECK_STR(trail, "+A +B1 +C");
    CHECK(mode_top(a) == &test_c);
    CHECK_INT(app_keymode(a), MODE_PROMPT); /* the top takes the keys */
    CHECK(mode_screen(a) == &test_a);       /* the topmost that fills the main area */
    CHECK_STR(mode_data(a, &test_b), "1");
    CHECK(mode_on(a, &test_a) && mode_on(a, &mode_panes));
    CHECK(!mode_on(a, &mode_help));
    /* removed from the middle: it leaves, the one above stays on top */
    CHECK(mode_remove(a, &test_b));
    CHECK_STR(trail, "+A +B1 +C -B1");
    CHECK(mode_top(a) == &test_c);
    CHECK(!mode_on(a, &test_b));
    CHECK(mode_data(a, &test_b) == NULL);
    CHECK(!mode_remove(a, &test_b)); /* once */
    CHECK(mode_remove(a, &test_c));
    CHECK(mode_remove(a, &test_a));
    CHECK_STR(trail, "+A +B1 +C -B1 -C -A");
    CHECK(mode_top(a) == &mode_panes);
    CHECK_INT(a->n_modes, 1);
}

static void a_mode_opened_twice_leaves_its_newest_entry_first(void)
{
    struct app *a = fresh();
    mode_push(a, &test_b, "1");
    mode_push(a, &test_a, NULL);
    mode_push(a, &test_b, "2");
    CHECK_STR(mode_data(a, &test_b), "2");
    mode_remove(a, &test_b);
    CHECK_STR(mode_data(a, &test_b), "1");
    CHECK(mode_top(a) == &test_a);
    CHECK_STR(trail, "+B1 +A +B2 -B2");
}

static void detaching_hands_the_data_over_without_leaving(void)
{
    struct app *a = fresh();
    mode_push(a, &test_b, "x");
    void *d = mode_detach(a, &test_b);
    CHECK_STR(d, "x");
    CHECK(mode_top(a) == &mode_panes);
    CHECK_STR(trail, "+Bx"); /* no leave: the caller owns it now */
    /* pushed back, as a refused prompt answer is */
    mode_push(a, &test_b, d);
    CHECK_STR(trail, "+Bx +Bx");
    CHECK(mode_top(a) == &test_b);
}

static void replacing_keeps_the_place_and_the_data(void)
{
    struct app *a = fresh();
    mode_push(a, &test_a, "p");
    mode_push(a, &test_c, NULL);
    CHECK(mode_replace(a, &test_a, &test_b));
    CHECK(!mode_on(a, &test_a));
    CHECK(a->modes[1].m == &test_b);
    CHECK_STR(mode_data(a, &test_b), "p");
    CHECK(mode_top(a) == &test_c);
    CHECK(!mode_replace(a, &test_a, &test_b)); /* not there any more */
    CHECK_STR(trail, "+Ap +C");                 /* neither left nor entered */
}

static void quitting_finishes_each_mode_top_first_without_leaving(void)
{
    struct app *a = fresh();
    mode_push(a, &test_b, "1");
    mode_push(a, &test_a, NULL);
    mode_push(a, &test_b, "2");
    trail[0] = 0;
    mode_fini(a);
    CHECK_STR(trail, "~B2 ~B1"); /* A has nothing to finish */
    CHECK_INT(a->n_modes, 1);
    CHECK(mode_top(a) == &mode_panes);
}

static bool has_cover(const struct mode *m)
{
    return m->flags & MF_COVERS;
}

static void find_reads_from_the_top(void)
{
    struct app *a = fresh();
    CHECK(mode_find(a, has_cover) == NULL);
    mode_push(a, &test_c, NULL);
    mode_push(a, &test_a, NULL);
    CHECK(mode_find(a, has_cover) == &test_c);
    CHECK(mode_screen(a) == &test_a);
}

static void a_stack_deeper_than_any_path_drops_the_oldest(void)
{
    struct app *a = fresh();
    mode_push(a, &test_a, "0");
    for (int i = 0; i < UI_MAX_MODES - 2; i++)
        mode_push(a, &test_c, NULL);
    CHECK_INT(a->n_modes, UI_MAX_MODES);
    trail[0] = 0;
    mode_push(a, &test_b, "9");
    CHECK_INT(a->n_modes, UI_MAX_MODES);
    CHECK_STR(trail, "-A0 +B9");
    CHECK(!mode_on(a, &test_a));
    CHECK(a->modes[0].m == &mode_panes);
    CHECK(mode_top(a) == &test_b);
}

/* Every mode of the cockpit: a name for the status bar, keys of its own,
 * a section of the help that lists some of them, something that draws
 * it or takes its keys; the ones that fill the main area draw it. */
static void every_mode_names_itself_its_keys_and_its_help(void)
{
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    CHECK_INT(mode_count, 11);
    for (size_t i = 0; i < mode_count; i++) {
        const struct mode *m = mode_all[i];
        check_current = m->name;
        CHECK(m->name && m->name[0]);
        CHECK(m->keys != 0);
        bool listed = false;
        for (size_t j = 1; j < n; j++)
            listed |= strcmp(t[j].group, m->help) == 0 && (t[j].modes & m->keys);
        CHECK(listed);
        CHECK(m->draw || m->cursor || m->status);
        if (m->flags & MF_SCREEN)
            CHECK(m->draw != NULL);
        /* a mode that is typed into (its own key function) has its own
         * status line or hints, one that takes commands has hints */
        CHECK(m->status || m->hints);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(mode_all[j]->name, m->name) != 0);
    }
    check_current = __func__;
}

int main(void)
{
    RUN(the_panes_lie_at_the_bottom_and_take_the_keys_alone);
    RUN(a_push_enters_on_top_and_a_removal_leaves_in_order);
    RUN(a_mode_opened_twice_leaves_its_newest_entry_first);
    RUN(detaching_hands_the_data_over_without_leaving);
    RUN(replacing_keeps_the_place_and_the_data);
    RUN(quitting_finishes_each_mode_top_first_without_leaving);
    RUN(find_reads_from_the_top);
    RUN(a_stack_deeper_than_any_path_drops_the_oldest);
    RUN(every_mode_names_itself_its_keys_and_its_help);
    return check_report();
}
