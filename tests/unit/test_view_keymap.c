/*
 * The keymap: one table of commands, default keys, dispatch per mode,
 * remapping from the configuration with FILE:LINE:COL errors, key names.
 */
#include <string.h>

#include "../check.h"
#include "baton/keymap.h"

static void table_entries_are_indexed_by_their_id(void)
{
    size_t n;
    const struct cmd_entry *t = cmd_table(&n);
    CHECK_INT(n, CMD_COUNT);
    for (size_t i = 0; i < n; i++)
        CHECK_INT(t[i].id, i);
    for (size_t i = 1; i < n; i++) {
        CHECK(cmd_find(t[i].name) == &t[i]);
        CHECK(t[i].modes != 0);
        CHECK(t[i].help && t[i].help[0]);
    }
}

static void default_keys_dispatch_per_mode(void)
{
    struct keymap km;
    keymap_init(&km);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'j'), CMD_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_DOWN), CMD_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_CTRL('d')), CMD_HALF_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_BTAB), CMD_FOCUS_PREV);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, '3'), CMD_FOCUS_3);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'q'), CMD_QUIT);
    CHECK_INT(keymap_lookup(&km, MODE_DETAIL, 'q'), CMD_BACK);
    CHECK_INT(keymap_lookup(&km, MODE_HELP, VK_ESC), CMD_BACK);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_ESC), CMD_CLEAR);
    CHECK_INT(keymap_lookup(&km, MODE_LINE, VK_TAB), CMD_LINE_COMPLETE);
    CHECK_INT(keymap_lookup(&km, MODE_LINE, 'j'), CMD_NONE);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'Z'), CMD_NONE);
}

static void each_default_key_runs_one_command_per_mode(void)
{
    struct keymap km;
    keymap_init(&km);
    static const int modes[] = {MODE_PANES, MODE_DETAIL, MODE_HELP, MODE_LINE};
    for (size_t m = 0; m < 4; m++)
        for (int c = 1; c < CMD_COUNT; c++) {
            if (!(cmd_get((enum cmd)c)->modes & modes[m]))
                continue;
            for (int k = 0; k < km.n[c]; k++)
                if (keymap_lookup(&km, modes[m], km.keys[c][k]) != (enum cmd)c) {
                    char name[24];
                    vkey_name(km.keys[c][k], name);
                    fprintf(stderr, "key %s of %s is shadowed in mode %d\n", name,
                            cmd_get((enum cmd)c)->name, modes[m]);
                    CHECK(0);
                }
        }
}

/* Every mode, and the blockers pane, where the verdict keys (MODE_BULK)
 * are looked up before the panes' keys: no default key is shadowed. */
static void no_default_key_is_shadowed_in_any_mode_or_the_blockers_pane(void)
{
    struct keymap km;
    keymap_init(&km);
    static const int modes[] = {MODE_PANES,  MODE_DETAIL, MODE_HELP,  MODE_LINE,   MODE_TRIAGE,
                                MODE_PROMPT, MODE_FORM,   MODE_BULK, MODE_STANDUP};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        for (int c = 1; c < CMD_COUNT; c++) {
            if (!(cmd_get((enum cmd)c)->modes & modes[m]))
                continue;
            for (int k = 0; k < km.n[c]; k++) {
                vkey key = km.keys[c][k];
                enum cmd got = keymap_lookup(&km, modes[m], key);
                /* in the blockers pane a pane key must not be a verdict key too */
                if (modes[m] == MODE_PANES && keymap_lookup(&km, MODE_BULK, key) != CMD_NONE &&
                    c != CMD_NARROW)
                    got = keymap_lookup(&km, MODE_BULK, key);
                if (got != (enum cmd)c) {
                    char name[24];
                    vkey_name(key, name);
                    fprintf(stderr, "key %s of %s is shadowed in mode %d by %s\n", name,
                            cmd_get((enum cmd)c)->name, modes[m],
                            got ? cmd_get(got)->name : "nothing");
                    CHECK(0);
                }
            }
        }
}

/* The verdict keys wherever a blocker is selected; the keys they freed. */
static void verdict_keys_work_in_every_context_that_selects_a_blocker(void)
{
    struct keymap km;
    keymap_init(&km);
    static const int contexts[] = {MODE_BULK, MODE_DETAIL, MODE_TRIAGE, MODE_STANDUP};
    static const struct {
        vkey key;
        enum cmd c;
    } verdicts[] = {{'a', CMD_T_ACCEPT},    {'i', CMD_T_START},   {'r', CMD_T_RESOLVE},
                    {'d', CMD_T_DECLINE},   {'m', CMD_T_DUPLICATE}, {'z', CMD_T_SNOOZE},
                    {'x', CMD_T_ESCALATE},  {'R', CMD_T_REOPEN},  {'c', CMD_T_COMMENT},
                    {'o', CMD_T_OWNER},     {'w', CMD_T_WAITING}, {'u', CMD_T_UNDO}};
    for (size_t m = 0; m < 4; m++)
        for (size_t v = 0; v < sizeof verdicts / sizeof verdicts[0]; v++)
            CHECK_INT(keymap_lookup(&km, contexts[m], verdicts[v].key), verdicts[v].c);
    /* severity digits in triage and a detail; in the panes they focus */
    CHECK_INT(keymap_lookup(&km, MODE_TRIAGE, '2'), CMD_T_SEV2);
    CHECK_INT(keymap_lookup(&km, MODE_DETAIL, '4'), CMD_T_SEV4);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, '2'), CMD_FOCUS_2);
    CHECK_INT(keymap_lookup(&km, MODE_BULK, '2'), CMD_NONE);
    /* n adds, C-r reloads; on the stand-up page n, p move and e ends */
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'n'), CMD_ADD);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'a'), CMD_NONE);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'r'), CMD_NONE);
    for (size_t m = 0; m < 4; m++)
        if (contexts[m] != MODE_BULK)
            CHECK_INT(keymap_lookup(&km, contexts[m], VK_CTRL('r')), CMD_RELOAD);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_CTRL('r')), CMD_RELOAD);
    CHECK_INT(keymap_lookup(&km, MODE_FORM, VK_CTRL('r')), CMD_FORM_RELOAD);
    CHECK_INT(keymap_lookup(&km, MODE_STANDUP, 'n'), CMD_SU_NEXT);
    CHECK_INT(keymap_lookup(&km, MODE_STANDUP, 'p'), CMD_SU_PREV);
    CHECK_INT(keymap_lookup(&km, MODE_STANDUP, 'e'), CMD_SU_END);
    CHECK_INT(keymap_lookup(&km, MODE_DETAIL, 'e'), CMD_EDIT);
    CHECK_INT(keymap_lookup(&km, MODE_BULK, ' '), CMD_MARK);
}

static void remapping_replaces_the_keys_and_help_follows(void)
{
    struct keymap km;
    keymap_init(&km);
    struct err e = {0};
    const char *keys[] = {"n", "C-n"};
    CHECK_INT(keymap_bind(&km, "down", keys, 2, &e), 0);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'n'), CMD_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_CTRL('n')), CMD_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'j'), CMD_NONE);
    struct strbuf sb;
    sb_init(&sb);
    keymap_keys(&km, CMD_DOWN, ", ", 0, &sb);
    CHECK_STR(sb_str(&sb), "n, C-n");
    sb_fini(&sb);
}

static void a_remapped_key_is_taken_from_the_command_that_had_it(void)
{
    struct keymap km;
    keymap_init(&km);
    struct err e = {0};
    const char *keys[] = {"j"};
    CHECK_INT(keymap_bind(&km, "quit", keys, 1, &e), 0);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'j'), CMD_QUIT);
    /* down keeps its other key */
    CHECK_INT(keymap_lookup(&km, MODE_PANES, VK_DOWN), CMD_DOWN);
    CHECK_INT(keymap_lookup(&km, MODE_PANES, 'q'), CMD_NONE);
    /* keys belong to a command in all its modes: j left down everywhere */
    CHECK_INT(keymap_lookup(&km, MODE_DETAIL, 'j'), CMD_NONE);
}

static void unknown_names_are_refused_with_where_and_a_suggestion(void)
{
    struct keymap km;
    keymap_init(&km);
    struct config cfg;
    memset(&cfg, 0, sizeof cfg);
    char *keys1[] = {"x"};
    struct config_binding b = {.command = "dwn", .keys = keys1, .n_keys = 1,
                               .file = "/etc/baton.yaml", .line = 7, .col = 3};
    cfg.bindings = &b;
    cfg.n_bindings = 1;
    struct err e = {0};
    CHECK_INT(keymap_apply_config(&km, &cfg, &e), -ERR_USAGE);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_CONTAINS(e.msg, "/etc/baton.yaml:7:3: ");
    CHECK_CONTAINS(e.msg, "unknown command 'dwn'");
    CHECK_CONTAINS(e.msg, "did you mean 'down'");

    char *keys2[] = {"Ctrl-Alt-Banana"};
    struct config_binding b2 = {.command = "down", .keys = keys2, .n_keys = 1,
                                .file = "c.yaml", .line = 2, .col = 9};
    cfg.bindings = &b2;
    err_clear(&e);
    CHECK_INT(keymap_apply_config(&km, &cfg, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "c.yaml:2:9: unknown key name 'Ctrl-Alt-Banana'");
}

static void key_names_parse_and_print_back(void)
{
    static const char *const names[] = {"j", "Down", "C-d", "S-Tab", "F1", "F12", "Space",
                                        "Enter", "Esc", "PgDn", "PgUp", "Home", "?", "/",
                                        "é", "Tab", "Backspace"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        vkey k = VK_NONE;
        CHECK(vkey_parse(names[i], &k));
        char back[24];
        vkey_name(k, back);
        CHECK_STR(back, names[i]);
    }
    vkey k;
    CHECK(vkey_parse("Ctrl-D", &k) && k == VK_CTRL('d'));
    CHECK(vkey_parse("escape", &k) && k == VK_ESC);
    CHECK(vkey_parse("PageDown", &k) && k == VK_PGDN);
    CHECK(!vkey_parse("", &k));
    CHECK(!vkey_parse("jk", &k));
    CHECK(!vkey_parse("F99", &k));
    CHECK(!vkey_parse("C-", &k));
    CHECK(!vkey_parse("\x01", &k));
}

int main(void)
{
    RUN(table_entries_are_indexed_by_their_id);
    RUN(default_keys_dispatch_per_mode);
    RUN(each_default_key_runs_one_command_per_mode);
    RUN(no_default_key_is_shadowed_in_any_mode_or_the_blockers_pane);
    RUN(verdict_keys_work_in_every_context_that_selects_a_blocker);
    RUN(remapping_replaces_the_keys_and_help_follows);
    RUN(a_remapped_key_is_taken_from_the_command_that_had_it);
    RUN(unknown_names_are_refused_with_where_and_a_suggestion);
    RUN(key_names_parse_and_print_back);
    return check_report();
}
