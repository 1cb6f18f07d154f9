/*
 * yamldoc: loading one document with bounds, lookups, typed getters and
 * their FILE:LINE:COL messages.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../src/config/yamldoc.h"
#include "../check.h"
#include "baton/str.h"

static int load(struct yamldoc *d, const char *text, unsigned flags, struct err *e)
{
    struct yamldoc_opts o = {.flags = flags};
    err_clear(e);
    return yamldoc_load_buffer(d, "t.yaml", text, strlen(text), &o, e);
}

static void test_lookup_and_getters(void)
{
    struct yamldoc d;
    struct err e;
    const char *text = "name: baton\n"
                       "count: 42\n"
                       "ratio: 2.5\n"
                       "on: yes\n"
                       "list: [a, 'b c', d]\n"
                       "nested:\n"
                       "  inner: x\n";
    CHECK_INT(load(&d, text, 0, &e), 0);
    yaml_node_t *root = yamldoc_root(&d);
    CHECK(yamldoc_is_map(root));
    CHECK_INT(yamldoc_len(root), 6);

    char *s = NULL;
    CHECK_INT(yamldoc_get_string(&d, yamldoc_get(&d, root, "name"), "name", &s, &e), 0);
    CHECK_STR(s, "baton");
    free(s);
    long v = 0;
    CHECK_INT(yamldoc_get_int(&d, yamldoc_get(&d, root, "count"), "count", 0, 100, &v, &e), 0);
    CHECK_INT(v, 42);
    double r = 0;
    CHECK_INT(yamldoc_get_double(&d, yamldoc_get(&d, root, "ratio"), "ratio", &r, &e), 0);
    CHECK(r == 2.5);
    bool b = false;
    CHECK_INT(yamldoc_get_bool(&d, yamldoc_get(&d, root, "on"), "on", &b, &e), 0);
    CHECK(b);
    char **list;
    size_t n;
    CHECK_INT(yamldoc_get_strlist(&d, yamldoc_get(&d, root, "list"), "list", false, &list, &n, &e),
              0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(list[1], "b c");
        CHECK_STR(list[2], "d");
    }
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);

    yaml_node_t *nested = yamldoc_get(&d, root, "nested");
    CHECK_INT(yamldoc_line(nested), 7);
    CHECK_INT(yamldoc_col(nested), 3);
    CHECK_STR(yamldoc_scalar(yamldoc_get(&d, nested, "inner")), "x");
    CHECK(yamldoc_get(&d, root, "absent") == NULL);

    /* iteration yields keys in file order */
    yaml_node_t *k, *val;
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; yamldoc_pair(&d, root, i, &k, &val); i++)
        sb_addf(&sb, "%s ", yamldoc_scalar(k));
    CHECK_STR(sb_str(&sb), "name count ratio on list nested ");
    sb_fini(&sb);
    yamldoc_fini(&d);
}

static void test_getter_errors_name_line_and_col(void)
{
    struct yamldoc d;
    struct err e;
    const char *text = "a: 1\n"
                       "count: many\n"
                       "flag: maybe\n"
                       "list: {x: 1}\n"
                       "mode:   sideways\n"
                       "big: 500\n"
                       "items: [a, [b]]\n";
    CHECK_INT(load(&d, text, 0, &e), 0);
    yaml_node_t *root = yamldoc_root(&d);
    long v;
    bool b;
    int idx;
    char **list;
    size_t n;

    CHECK_INT(
        yamldoc_get_int(&d, yamldoc_get(&d, root, "count"), "x.count", LONG_MIN, LONG_MAX, &v, &e),
        -ERR_USAGE);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:2:8: x.count: expected an integer");

    CHECK_INT(yamldoc_get_bool(&d, yamldoc_get(&d, root, "flag"), "flag", &b, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:3:7: flag: expected true or false");

    CHECK_INT(yamldoc_get_strlist(&d, yamldoc_get(&d, root, "list"), "list", true, &list, &n, &e),
              -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:4:7: list: expected a list");

    static const char *const modes[] = {"up", "down"};
    CHECK_INT(yamldoc_get_enum(&d, yamldoc_get(&d, root, "mode"), "mode", modes, 2, &idx, &e),
              -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:5:9: mode: expected one of up, down");

    CHECK_INT(yamldoc_get_int(&d, yamldoc_get(&d, root, "big"), "big", 1, 100, &v, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:6:6: big: expected an integer from 1 to 100");

    CHECK_INT(
        yamldoc_get_strlist(&d, yamldoc_get(&d, root, "items"), "items", false, &list, &n, &e),
        -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:7:12: items: expected a list of strings");

    CHECK_INT(yamldoc_expect_map(&d, yamldoc_get(&d, root, "items"), NULL, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:7:8: expected a mapping");
    yamldoc_fini(&d);
}

static void test_unknown_and_duplicate_keys(void)
{
    static const char *const valid[] = {"order", "timebox", "horizon_days"};
    struct yamldoc d;
    struct err e;
    CHECK_INT(load(&d, "order: [A]\n  # comment\ntimbox: 3\n", 0, &e), 0);
    CHECK_INT(yamldoc_check_keys(&d, yamldoc_root(&d), "standup", valid, 3, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:3:1: unknown key 'standup.timbox' (did you mean 'standup.timebox'?)");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "zzzzzzzz: 1\n", 0, &e), 0);
    CHECK_INT(yamldoc_check_keys(&d, yamldoc_root(&d), NULL, valid, 3, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:1:1: unknown key 'zzzzzzzz'");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "order: 1\ntimebox: 2\norder: 3\n", 0, &e), 0);
    CHECK_INT(yamldoc_check_keys(&d, yamldoc_root(&d), "standup", valid, 3, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:3:1: duplicate key 'standup.order'");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "- a\n", 0, &e), 0);
    CHECK_INT(yamldoc_check_keys(&d, yamldoc_root(&d), "standup", valid, 3, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:1:1: standup: expected a mapping");
    yamldoc_fini(&d);
}

static void test_syntax_errors_have_positions(void)
{
    struct yamldoc d;
    struct err e;
    CHECK_INT(load(&d, "a: 1\nb: [1, 2\nc: 3\n", 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "t.yaml:");
    CHECK_CONTAINS(e.msg, "flow sequence");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "a:\n\tb: 1\n", 0, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:2:1: a tab character cannot indent YAML; use spaces");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "a: 1\n---\nb: 2\n", 0, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:2:1: only one document is allowed");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "a: 1\n  b: 2\n", 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "t.yaml:2:4: mapping values are not allowed");
    yamldoc_fini(&d);

    CHECK_INT(load(&d, "a: \"\xff\"\n", 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "t.yaml:1:5: ");
    yamldoc_fini(&d);
}

static void test_empty_input(void)
{
    struct yamldoc d;
    struct err e;
    CHECK_INT(load(&d, "", 0, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml: the file is empty");
    yamldoc_fini(&d);

    const char *empties[] = {"", "# only a comment\n", "---\n", "~\n"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        CHECK_INT(load(&d, empties[i], YAMLDOC_EMPTY_OK, &e), 0);
        CHECK(yamldoc_is_map(yamldoc_root(&d)));
        CHECK_INT(yamldoc_len(yamldoc_root(&d)), 0);
        yamldoc_fini(&d);
    }
}

static void test_file_errors(void)
{
    struct yamldoc d;
    struct err e;
    CHECK_INT(yamldoc_load_file(&d, "/nonexistent/baton.yaml", NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "/nonexistent/baton.yaml: cannot read:");
    yamldoc_fini(&d);

    char *dir = check_tmpdir();
    char *path = xasprintf("%s/big.yaml", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 2000; i++)
        fprintf(f, "k%d: value\n", i);
    fclose(f);
    struct yamldoc_opts o = {.max_bytes = 1000};
    CHECK_INT(yamldoc_load_file(&d, path, &o, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "larger than 1000 bytes");
    yamldoc_fini(&d);
    CHECK_INT(yamldoc_load_file(&d, path, NULL, &e), 0);
    CHECK_INT(yamldoc_len(yamldoc_root(&d)), 2000);
    yamldoc_fini(&d);
    remove(path);
    rmdir(dir);
    free(path);
    free(dir);
}

static double seconds_since(struct timespec t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void test_alias_bomb_is_refused_quickly(void)
{
    /* Ten levels of ten aliases each: 10^10 nodes once expanded. */
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 10; i++) {
        sb_addf(&sb, "l%d: &l%d [", i, i);
        for (int j = 0; j < 10; j++)
            sb_addf(&sb, "%s*l%d", j ? ", " : "", i - 1);
        sb_add(&sb, "]\n");
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct yamldoc d;
    struct err e;
    CHECK_INT(load(&d, sb_str(&sb), 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "once aliases are expanded");
    yamldoc_fini(&d);
    double took = seconds_since(t0);
    if (took > 5.0) {
        fprintf(stderr, "alias bomb took %.2fs, expected well under 5s\n", took);
        CHECK(took <= 5.0);
    }

    /* The same shape, small enough, loads. */
    CHECK_INT(load(&d, "a: &a [x, y]\nb: [*a, *a]\n", 0, &e), 0);
    yaml_node_t *b = yamldoc_get(&d, yamldoc_root(&d), "b");
    CHECK_INT(yamldoc_len(b), 2);
    CHECK_STR(yamldoc_scalar(yamldoc_item(&d, yamldoc_item(&d, b, 1), 1)), "y");
    yamldoc_fini(&d);
    sb_fini(&sb);
}

static void test_alias_cycle_is_refused(void)
{
    struct yamldoc d;
    struct err e;
    int rc = load(&d, "a: &a [1, *a]\n", 0, &e);
    CHECK_INT(rc, -ERR_USAGE);
    if (rc)
        CHECK_CONTAINS(e.msg, "t.yaml:1:");
    yamldoc_fini(&d);
}

static void test_deep_nesting_is_refused(void)
{
    struct strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < 10000; i++)
        sb_addc(&sb, '[');
    for (int i = 0; i < 10000; i++)
        sb_addc(&sb, ']');
    sb_addc(&sb, '\n');
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct yamldoc d;
    struct err e;
    CHECK_INT(load(&d, sb_str(&sb), 0, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "t.yaml:1:101: nesting deeper than 100 levels");
    yamldoc_fini(&d);
    CHECK(seconds_since(t0) < 5.0);

    /* block style nests the same way */
    sb_clear(&sb);
    for (int i = 0; i < 10000; i++) {
        for (int j = 0; j < i && j < 200; j++)
            sb_add(&sb, " ");
        sb_addf(&sb, "k%d:\n", i);
        if (i == 200)
            break;
    }
    CHECK_INT(load(&d, sb_str(&sb), 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "nesting deeper than 100 levels");
    yamldoc_fini(&d);
    sb_fini(&sb);
}

static void test_node_flood_is_refused(void)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "[");
    for (int i = 0; i < 2000; i++)
        sb_add(&sb, "1,");
    sb_add(&sb, "1]");
    struct yamldoc_opts o = {.max_nodes = 1000};
    struct yamldoc d;
    struct err e;
    CHECK_INT(yamldoc_load_buffer(&d, "t.yaml", sb_str(&sb), sb.len, &o, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "more than 1000 nodes");
    yamldoc_fini(&d);
    sb_fini(&sb);
}

int main(void)
{
    RUN(test_lookup_and_getters);
    RUN(test_getter_errors_name_line_and_col);
    RUN(test_unknown_and_duplicate_keys);
    RUN(test_syntax_errors_have_positions);
    RUN(test_empty_input);
    RUN(test_file_errors);
    RUN(test_alias_bomb_is_refused_quickly);
    RUN(test_alias_cycle_is_refused);
    RUN(test_deep_nesting_is_refused);
    RUN(test_node_flood_is_refused);
    return check_report();
}
