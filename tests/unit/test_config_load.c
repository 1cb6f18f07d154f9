/*
 * config: defaults, the documented default file, layering, every error
 * with its position, and roles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check.h"
#include "baton/config.h"
#include "baton/str.h"

static char *tmp;

static char *write_file(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", tmp, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Reads path on top of c as the system configuration is read once it is
 * known to be trusted (roles allowed). */
static int read_trusted(struct config *c, const char *path, struct err *e)
{
    int fd = open(path, O_RDONLY);
    int rc = config_read_fd(c, fd, path, true, e);
    close(fd);
    return rc;
}

/* Loads text as a file on top of defaults, roles allowed; returns the
 * result code. */
static int load_text(struct config *c, const char *text, struct err *e)
{
    char *path = write_file("c.yaml", text);
    config_init(c);
    err_clear(e);
    int rc = read_trusted(c, path, e);
    free(path);
    return rc;
}

static char *value(const struct config *c, const char *key)
{
    const struct config_key *k = config_key_find(key);
    if (!k) {
        fprintf(stderr, "no key %s\n", key);
        return xstrdup("(no such key)");
    }
    return config_value_text(c, k);
}

#define CHECK_VALUE(c, key, want)                                                                  \
    do {                                                                                           \
        char *v_ = value(c, key);                                                                  \
        CHECK_STR(v_, want);                                                                       \
        free(v_);                                                                                  \
    } while (0)

static void test_defaults_match_the_table(void)
{
    struct config c;
    config_init(&c);
    CHECK_STR(c.theme, "default");
    CHECK(c.database == NULL);
    CHECK_INT(c.refresh_ms, 500);
    CHECK(c.mouse);
    CHECK_INT(c.layout_rows, 2);
    CHECK_INT(c.layout_cols, 2);
    CHECK_INT(c.n_panes, 4);
    CHECK_STR(c.n_panes > 2 ? c.panes[2] : NULL, "blockers");
    CHECK_INT(c.standup_timebox, 90);
    CHECK_INT(c.standup_horizon, 14);
    CHECK_INT(c.sla[1], 4 * 3600);
    CHECK_INT(c.sla[2], 86400);
    CHECK_INT(c.sla[3], 3 * 86400);
    CHECK_INT(c.sla[4], 7 * 86400);
    CHECK(!c.has_access);
    CHECK_INT(c.n_bindings, 0);
    size_t n;
    const struct config_key *k = config_keys(&n);
    CHECK(n >= 20);
    for (size_t i = 0; i < n; i++) {
        char *v = config_value_text(&c, &k[i]);
        if (strcmp(v, k[i].deflt) != 0)
            fprintf(stderr, "key %s: help says default %s, config_init gives %s\n", k[i].name,
                    k[i].deflt, v);
        CHECK_STR(v, k[i].deflt);
        CHECK(!str_empty(k[i].help));
        free(v);
    }
    config_fini(&c);
}

/* A file writing every key's documented default back gives the defaults:
 * the help text and the parser agree. */
static void test_help_defaults_parse_back(void)
{
    size_t n;
    const struct config_key *k = config_keys(&n);
    struct strbuf sb;
    sb_init(&sb);
    char section[32] = "";
    for (size_t i = 0; i < n; i++) {
        const char *dot = strchr(k[i].name, '.');
        if (!dot) {
            sb_addf(&sb, "%s: %s\n", k[i].name, k[i].deflt);
            section[0] = '\0';
            continue;
        }
        if (strncmp(section, k[i].name, (size_t)(dot - k[i].name)) != 0 ||
            section[dot - k[i].name] != '\0') {
            snprintf(section, sizeof section, "%.*s", (int)(dot - k[i].name), k[i].name);
            sb_addf(&sb, "%s:\n", section);
        }
        sb_addf(&sb, "  %s: %s\n", dot + 1, k[i].deflt);
    }
    struct config c, d;
    struct err e;
    CHECK_INT(load_text(&c, sb_str(&sb), &e), 0);
    CHECK_STR(e.msg, "");
    config_init(&d);
    for (size_t i = 0; i < n; i++) {
        char *a = config_value_text(&c, &k[i]), *b = config_value_text(&d, &k[i]);
        CHECK_STR(a, b);
        free(a);
        free(b);
    }
    config_fini(&c);
    config_fini(&d);
    sb_fini(&sb);
}

static void test_documented_default_file_is_the_defaults(void)
{
    const char *src = getenv("BATON_SRCDIR");
    char *path = xasprintf("%s/config/baton.yaml", src ? src : BATON_SRCDIR);
    struct config c, d;
    struct err e = {0};
    config_init(&c);
    config_init(&d);
    CHECK_INT(config_load_file(&c, path, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(c.n_files, 1);
    size_t n;
    const struct config_key *k = config_keys(&n);
    for (size_t i = 0; i < n; i++) {
        char *a = config_value_text(&c, &k[i]), *b = config_value_text(&d, &k[i]);
        CHECK_STR(a, b);
        free(a);
        free(b);
    }
    CHECK(!c.has_access);
    /* every key is documented in the file, if only in a comment */
    FILE *f = fopen(path, "r");
    struct strbuf text;
    sb_init(&text);
    char buf[4096];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&text, buf, got);
    if (f)
        fclose(f);
    for (size_t i = 0; i < n; i++) {
        const char *leaf = strrchr(k[i].name, '.');
        char *needle = xasprintf("%s:", leaf ? leaf + 1 : k[i].name);
        CHECK_CONTAINS(sb_str(&text), needle);
        free(needle);
    }
    sb_fini(&text);
    config_fini(&c);
    config_fini(&d);
    free(path);
}

static void test_values_are_read(void)
{
    struct config c;
    struct err e;
    CHECK_INT(load_text(&c,
                        "database: /srv/baton/baton.db\n"
                        "theme: light\n"
                        "refresh_ms: 250\n"
                        "mouse: false\n"
                        "layout: {rows: 1, cols: 3, panes: [blockers, projects]}\n"
                        "standup:\n"
                        "  order: [ENG, OPS]\n"
                        "  timebox: 2m\n"
                        "  horizon_days: 7\n"
                        "sla: {critical: 2h, high: 12h, medium: 1d12h, low: 604800}\n"
                        "keys:\n"
                        "  quit: [q, C-c]\n"
                        "  down: n\n",
                        &e),
              0);
    CHECK_STR(e.msg, "");
    CHECK_STR(c.database, "/srv/baton/baton.db");
    CHECK_STR(c.theme, "light");
    CHECK_INT(c.refresh_ms, 250);
    CHECK(!c.mouse);
    CHECK_INT(c.layout_rows, 1);
    CHECK_INT(c.layout_cols, 3);
    CHECK_VALUE(&c, "layout.panes", "[blockers, projects]");
    CHECK_VALUE(&c, "standup.order", "[ENG, OPS]");
    CHECK_INT(c.standup_timebox, 120);
    CHECK_INT(c.standup_horizon, 7);
    CHECK_INT(c.sla[1], 7200);
    CHECK_INT(c.sla[2], 43200);
    CHECK_INT(c.sla[3], 129600);
    CHECK_INT(c.sla[4], 604800);
    CHECK_VALUE(&c, "sla.low", "1w");
    CHECK_INT(c.n_bindings, 2);
    if (c.n_bindings == 2) {
        CHECK_STR(c.bindings[0].command, "quit");
        CHECK_INT(c.bindings[0].n_keys, 2);
        CHECK_STR(c.bindings[0].keys[1], "C-c");
        CHECK_INT(c.bindings[0].line, 12);
        CHECK_INT(c.bindings[0].col, 3);
        CHECK_CONTAINS(c.bindings[0].file, "/c.yaml");
        CHECK_STR(c.bindings[1].command, "down");
        CHECK_INT(c.bindings[1].n_keys, 1);
        CHECK_STR(c.bindings[1].keys[0], "n");
    }
    CHECK_VALUE(&c, "keys", "{quit: [q, C-c], down: [n]}");
    config_fini(&c);

    /* a bare number of seconds is a duration too; an empty file is fine */
    CHECK_INT(load_text(&c, "standup: {timebox: 45}\n", &e), 0);
    CHECK_INT(c.standup_timebox, 45);
    config_fini(&c);
    CHECK_INT(load_text(&c, "# nothing here\n", &e), 0);
    CHECK_INT(c.refresh_ms, 500);
    config_fini(&c);
}

static void test_later_layer_overrides_only_what_it_sets(void)
{
    char *a = write_file("a.yaml", "theme: light\n"
                                   "refresh_ms: 1000\n"
                                   "standup: {order: [ENG, OPS, FIN], timebox: 2m}\n"
                                   "access:\n"
                                   "  admins: [root]\n"
                                   "  leads: {ENG: [alice], OPS: [bob]}\n"
                                   "keys: {quit: Q, help: F2}\n");
    char *b = write_file("b.yaml", "refresh_ms: 200\n"
                                   "standup: {order: [OPS]}\n"
                                   "access:\n"
                                   "  leads: {OPS: [carol]}\n"
                                   "keys: {quit: [x]}\n");
    struct config c;
    struct err e = {0};
    config_init(&c);
    CHECK_INT(read_trusted(&c, a, &e), 0);
    CHECK_INT(read_trusted(&c, b, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(c.theme, "light");                                     /* only a sets it */
    CHECK_INT(c.refresh_ms, 200);                                    /* b wins */
    CHECK_VALUE(&c, "standup.order", "[OPS]");                       /* lists replace */
    CHECK_INT(c.standup_timebox, 120);                               /* untouched by b */
    CHECK_VALUE(&c, "access.admins", "[root]");                      /* untouched by b */
    CHECK_VALUE(&c, "access.leads", "{ENG: [alice], OPS: [carol]}"); /* merged by department */
    CHECK_VALUE(&c, "keys", "{quit: [x], help: [F2]}");              /* merged by command */
    CHECK(c.has_access);
    CHECK_INT(c.n_files, 2);
    if (c.n_files == 2) {
        CHECK_STR(c.files[0], a);
        CHECK_STR(c.files[1], b);
    }
    config_fini(&c);
    free(a);
    free(b);
}

static void test_config_load_reads_xdg_then_explicit(void)
{
    char *dir = xasprintf("%s/xdg", tmp);
    char *bdir = xasprintf("%s/xdg/baton", tmp);
    mkdir(dir, 0700);
    mkdir(bdir, 0700);
    char *user = write_file("xdg/baton/config.yaml", "theme: mono\nrefresh_ms: 900\n");
    char *expl = write_file("explicit.yaml", "refresh_ms: 100\n");
    setenv("XDG_CONFIG_HOME", dir, 1);
    struct config c;
    struct err e = {0};
    /* a system configuration that does not exist, in a folder root owns */
    char *nosys = xstrdup("/nonexistent-baton-etc/config.yaml");
    config_init(&c);
    CHECK_INT(config_load(&c, nosys, expl, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(c.theme, "mono");
    CHECK_INT(c.refresh_ms, 100);
    CHECK(c.n_files >= 2);
    if (c.n_files >= 2) {
        CHECK_STR(c.files[c.n_files - 2], user);
        CHECK_STR(c.files[c.n_files - 1], expl);
    }
    config_fini(&c);

    /* without an explicit file, the user's file is enough */
    config_init(&c);
    CHECK_INT(config_load(&c, nosys, NULL, &e), 0);
    CHECK_INT(c.refresh_ms, 900);
    config_fini(&c);

    /* an explicit file must exist */
    config_init(&c);
    char *missing = xasprintf("%s/nope.yaml", tmp);
    CHECK_INT(config_load(&c, nosys, missing, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "nope.yaml: cannot read:");
    config_fini(&c);

    /* a user directory without a config file is skipped */
    remove(user);
    config_init(&c);
    CHECK_INT(config_load(&c, nosys, NULL, &e), 0);
    CHECK_STR(c.theme, "default");
    config_fini(&c);
    unsetenv("XDG_CONFIG_HOME");
    rmdir(bdir);
    rmdir(dir);
    free(missing);
    free(nosys);
    free(user);
    free(expl);
    free(dir);
    free(bdir);
}

/* Each bad file gives exactly this message (after the path). */
static void expect_error(const char *text, const char *want)
{
    struct config c;
    struct err e;
    int rc = load_text(&c, text, &e);
    char *full = xasprintf("%s/c.yaml:%s", tmp, want);
    CHECK_INT(rc, -ERR_USAGE);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_STR(e.msg, full);
    free(full);
    config_fini(&c);
}

static void test_errors_name_line_and_column(void)
{
    expect_error("standup:\n  timbox: 90s\n",
                 "2:3: unknown key 'standup.timbox' (did you mean 'standup.timebox'?)");
    expect_error("them: dark\n", "1:1: unknown key 'them' (did you mean 'theme'?)");
    expect_error("layout:\n  rows: 2\n  flavour: red\n", "3:3: unknown key 'layout.flavour'");
    expect_error("standup:\n  timebox: soon\n",
                 "2:12: standup.timebox: expected a duration like 90s or 2m");
    expect_error("sla:\n  high: 2x\n", "2:9: sla.high: expected a duration like 4h, 1d or 1w");
    expect_error("standup: {timebox: 0}\n",
                 "1:20: standup.timebox: expected a duration from 1s to 1d");
    expect_error("refresh_ms: fast\n", "1:13: refresh_ms: expected an integer from 50 to 60000");
    expect_error("refresh_ms: 10\n", "1:13: refresh_ms: expected an integer from 50 to 60000");
    expect_error("mouse: sometimes\n", "1:8: mouse: expected true or false");
    expect_error("layout:\n  cols: 5\n", "2:9: layout.cols: expected an integer from 1 to 4");
    expect_error("access:\n  default: boss\n",
                 "2:12: access.default: expected one of viewer, member, lead, admin");
    expect_error("access:\n  admins: root\n", "2:11: access.admins: expected a list");
    expect_error("access:\n  admins: ['@']\n",
                 "2:12: access.admins: expected a login or '@group', not '@'");
    expect_error("access:\n  leads: [alice]\n", "2:10: access.leads: expected a mapping");
    expect_error("standup: [a]\n", "1:10: standup: expected a mapping");
    expect_error("theme: [a, b]\n", "1:8: theme: expected a string");
    expect_error("layout:\n  panes: [blokers]\n",
                 "2:11: layout.panes: unknown value 'blokers' (did you mean 'blockers'?)");
    expect_error("layout:\n  panes: [blockers, blockers]\n",
                 "2:21: layout.panes: 'blockers' appears twice");
    expect_error("layout:\n  rows: 1\n  cols: 1\n",
                 "2:9: layout.panes: 4 panes do not fit a grid of 1 x 1");
    expect_error("keys:\n  quit: {a: b}\n",
                 "2:9: keys.quit: expected a key name or a list of key names");
    expect_error("theme: a\ntheme: b\n", "2:1: duplicate key 'theme'");
    /* the maps of names to lists: each name once, each list of names */
    expect_error("keys:\n  quit: q\n  help: F1\n  quit: x\n", "4:3: duplicate key 'keys.quit'");
    expect_error("keys:\n  quit: [q, '']\n", "2:13: keys.quit: a key name is empty");
    expect_error("keys:\n  [a]: q\n", "2:3: keys: command name: expected a string");
    expect_error("access:\n  leads: {ENG: [alice], ENG: [bob]}\n",
                 "2:25: duplicate key 'access.leads.ENG'");
    expect_error("access:\n  leads: {ENG: {a: b}}\n", "2:16: access.leads.ENG: expected a list");
    expect_error("access:\n  leads: {ENG: ['@']}\n",
                 "2:17: access.leads.ENG: expected a login or '@group', not '@'");
    /* syntax */
    expect_error("layout:\n  rows: [1, 2\nmouse: true\n",
                 "3:6: did not find expected ',' or ']' (while parsing a flow sequence at 2:9)");
    expect_error("theme: default\n---\ntheme: light\n", "2:1: only one document is allowed");
    expect_error("layout:\n\trows: 2\n", "2:1: a tab character cannot indent YAML; use spaces");
    expect_error("- theme\n", "1:1: expected a mapping");
}

static void test_a_bad_file_changes_nothing(void)
{
    char *bad = write_file("bad.yaml", "theme: light\nrefresh_ms: 100\nmouse: perhaps\n");
    struct config c;
    struct err e;
    config_init(&c);
    CHECK_INT(config_load_file(&c, bad, &e), -ERR_USAGE);
    CHECK_STR(c.theme, "default");
    CHECK_INT(c.refresh_ms, 500);
    CHECK_INT(c.n_files, 0);
    config_fini(&c);
    free(bad);
}

static void test_hostile_files_are_refused(void)
{
    struct config c;
    struct err e;
    /* anchors and aliases are fine in moderation */
    CHECK_INT(load_text(&c, "access:\n  admins: &ops [root, '@ops']\n  members: *ops\n", &e), 0);
    CHECK_VALUE(&c, "access.members", "[root, '@ops']");
    config_fini(&c);

    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n");
    for (int i = 1; i <= 9; i++) {
        sb_addf(&sb, "x%d: &x%d [", i, i);
        for (int j = 0; j < 10; j++)
            sb_addf(&sb, "%s*x%d", j ? ", " : "", i - 1);
        sb_add(&sb, "]\n");
    }
    sb_add(&sb, "standup: {order: *x9}\n");
    CHECK_INT(load_text(&c, sb_str(&sb), &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "once aliases are expanded");
    config_fini(&c);

    sb_clear(&sb);
    sb_add(&sb, "keys: ");
    for (int i = 0; i < 10000; i++)
        sb_addc(&sb, '{');
    CHECK_INT(load_text(&c, sb_str(&sb), &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "c.yaml:1:106: nesting deeper than 100 levels");
    config_fini(&c);
    sb_fini(&sb);
}

static void test_roles(void)
{
    struct config c;
    struct err e;
    const char *const none[] = {NULL};
    const char *const staff[] = {"wheel", "staff", NULL};

    config_init(&c);
    CHECK_INT(config_role(&c, "anyone", none, NULL), ROLE_ADMIN); /* no access section */
    config_fini(&c);

    CHECK_INT(load_text(&c,
                        "access:\n"
                        "  default: member\n"
                        "  admins: [root, '@baton-admins']\n"
                        "  leads: {ENG: [alice], OPS: ['@ops-leads']}\n"
                        "  viewers: [guest, '@staff']\n",
                        &e),
              0);
    CHECK_INT(config_role(&c, "root", none, NULL), ROLE_ADMIN);
    const char *const admins[] = {"baton-admins", NULL};
    CHECK_INT(config_role(&c, "dave", admins, "ENG"), ROLE_ADMIN);
    CHECK_INT(config_role(&c, "alice", none, "ENG"), ROLE_LEAD);
    CHECK_INT(config_role(&c, "alice", none, "OPS"), ROLE_MEMBER); /* not her department */
    CHECK_INT(config_role(&c, "alice", none, NULL), ROLE_MEMBER);
    const char *const opsl[] = {"ops-leads", NULL};
    CHECK_INT(config_role(&c, "erin", opsl, "OPS"), ROLE_LEAD);
    CHECK_INT(config_role(&c, "guest", none, NULL), ROLE_VIEWER);  /* listed below default */
    CHECK_INT(config_role(&c, "frank", staff, NULL), ROLE_VIEWER); /* by group */
    CHECK_INT(config_role(&c, "zoe", none, NULL), ROLE_MEMBER);    /* the default */
    CHECK_INT(config_role(&c, "zoe", NULL, "ENG"), ROLE_MEMBER);
    config_fini(&c);

    /* an access section with no default: the unlisted only read */
    CHECK_INT(load_text(&c, "access:\n  members: ['@staff']\n", &e), 0);
    CHECK_INT(config_role(&c, "frank", staff, NULL), ROLE_MEMBER);
    CHECK_INT(config_role(&c, "zoe", none, NULL), ROLE_VIEWER);
    config_fini(&c);

    CHECK_STR(role_name(ROLE_VIEWER), "viewer");
    CHECK_STR(role_name(ROLE_MEMBER), "member");
    CHECK_STR(role_name(ROLE_LEAD), "lead");
    CHECK_STR(role_name(ROLE_ADMIN), "admin");
    enum role r;
    CHECK(role_parse("lead", &r) && r == ROLE_LEAD);
    CHECK(!role_parse("boss", &r));
}

/* triage.decline_reasons: four defaults, a list of at most nine (one
 * digit each), no empty or repeated reason. */
static void test_decline_reasons(void)
{
    struct config c;
    config_init(&c);
    CHECK_INT(c.n_decline_reasons, 4);
    CHECK_STR(c.decline_reasons[0], "not a blocker");
    CHECK_STR(c.decline_reasons[2], "won't do");
    config_fini(&c);
    struct err e = {0};
    CHECK_INT(load_text(&c, "triage:\n  decline_reasons: [duplicate of a project risk, 'no budget']\n",
                        &e),
              0);
    CHECK_INT(c.n_decline_reasons, 2);
    CHECK_STR(c.decline_reasons[1], "no budget");
    config_fini(&c);
    CHECK_INT(load_text(&c, "triage:\n  decline_reasons: [a, b, c, d, e, f, g, h, i, j]\n", &e),
              -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "at most 9 reasons");
    CHECK_CONTAINS(e.msg, ":2:");
    CHECK_INT(c.n_decline_reasons, 4); /* a refused file changes nothing */
    config_fini(&c);
    CHECK_INT(load_text(&c, "triage:\n  decline_reasons: [a, '']\n", &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "an item is empty");
    config_fini(&c);
    CHECK_INT(load_text(&c, "triage:\n  decline_reason: [a]\n", &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "decline_reasons");
    config_fini(&c);
}

static void test_durations(void)
{
    static const struct {
        const char *text;
        long long seconds;
        const char *shown;
    } cases[] = {{"90s", 90, "90s"},     {"2m", 120, "2m"},        {"90", 90, "90s"},
                 {"4h", 14400, "4h"},    {"1d", 86400, "1d"},      {"1w", 604800, "1w"},
                 {"1h30m", 5400, "90m"}, {"1d12h", 129600, "36h"}, {"14d", 1209600, "2w"},
                 {"1125899906842624s", 1125899906842624LL, "1125899906842624s"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t v = -1;
        CHECK(config_parse_duration(cases[i].text, &v));
        CHECK_INT(v, cases[i].seconds);
        char buf[32];
        config_fmt_duration(v, buf);
        CHECK_STR(buf, cases[i].shown);
    }
    const char *bad[] = {"", "h", "5x", "1.5h", "-3s", "4 h", "m5", "99999999999999999w",
                         "1125899906842625s", "99999999999999999999999999s", "1h+5m", "1h-5m",
                         "1125899906842624s1s"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t v;
        if (config_parse_duration(bad[i], &v))
            fprintf(stderr, "'%s' parsed as %lld, expected a refusal\n", bad[i], (long long)v);
        CHECK(!config_parse_duration(bad[i], &v));
    }
}

int main(void)
{
    tmp = check_tmpdir();
    unsetenv("XDG_CONFIG_HOME");
    RUN(test_defaults_match_the_table);
    RUN(test_help_defaults_parse_back);
    RUN(test_documented_default_file_is_the_defaults);
    RUN(test_values_are_read);
    RUN(test_later_layer_overrides_only_what_it_sets);
    RUN(test_config_load_reads_xdg_then_explicit);
    RUN(test_errors_name_line_and_column);
    RUN(test_a_bad_file_changes_nothing);
    RUN(test_hostile_files_are_refused);
    RUN(test_roles);
    RUN(test_durations);
    RUN(test_decline_reasons);
    char *cmd = xasprintf("rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(cmd);
    free(tmp);
    return check_report();
}
