/*
 * The verdict table against what reads it: the model refuses each verdict
 * that lacks a field its row needs, in the row's words, and applies it
 * once given, to the row's state; the command line's --help of each
 * verdict lists the row's options, required where the row says so; the
 * row's names are the verbs' names everywhere.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/verdict.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;
static int dbn;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "v", NULL);
    struct err e = {0};
    struct department d = {.key = "ENG", .name = "Engineering", .lead = "alice"};
    struct person alice = {.login = "alice", .name = "Alice Martin"};
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG"};
    if (person_add(st, &alice, &e) != 0 || department_add(st, &d, &e) != 0 ||
        project_add(st, &p, &e) != 0) {
        fprintf(stderr, "set-up: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static char *add(struct store *st)
{
    struct blocker b = {.project = "ENG-1", .title = "in the way"};
    char *key = NULL;
    struct err e = {0};
    if (blocker_add(st, &b, &key, &e) != 0) {
        fprintf(stderr, "blocker_add: %s\n", e.msg);
        exit(2);
    }
    return key;
}

static struct blocker get(struct store *st, const char *key)
{
    struct blocker b;
    struct err e = {0};
    if (blocker_get(st, key, &b, &e) != 0) {
        fprintf(stderr, "blocker_get: %s\n", e.msg);
        exit(2);
    }
    return b;
}

/* A verdict of r that gives every field of the row but `skip` (VF_COUNT:
 * none skipped). */
static struct verdict giving(const struct verdict_rule *r, enum verdict_field skip,
                             const char *original)
{
    struct verdict v = {.verb = r->verb};
    for (size_t i = 0; i < verdict_n_args(r); i++) {
        switch (r->args[i].field == skip ? VF_COUNT : r->args[i].field) {
        case VF_SEVERITY: v.severity = 2; break;
        case VF_WAITING_ON: v.waiting_on = "ENG"; break;
        case VF_OWNER: v.owner = "alice"; break;
        case VF_NOTE:
        case VF_REASON: v.reason = "because"; break;
        case VF_ORIGINAL: v.duplicate_of = original; break;
        case VF_UNTIL: v.until = "2026-12-01T09:00:00Z"; break;
        default: break;
        }
    }
    return v;
}

/* A new blocker brought to the first state r may be given in. */
static char *in_first_state(struct store *st, const struct verdict_rule *r, const char *original)
{
    char *key = add(st);
    enum blocker_state want = BLOCKER_NEW;
    while (!(r->from & (1u << want)))
        want++;
    /* one step from new reaches every state a verdict is given in, but in
     * progress, which takes two */
    static const enum blocker_verb via[BLOCKER_STATE_COUNT][2] = {
        [BLOCKER_NEW] = {VERB_COUNT, VERB_COUNT},
        [BLOCKER_ACCEPTED] = {VERB_ACCEPT, VERB_COUNT},
        [BLOCKER_IN_PROGRESS] = {VERB_ACCEPT, VERB_START},
        [BLOCKER_RESOLVED] = {VERB_RESOLVE, VERB_COUNT},
        [BLOCKER_DECLINED] = {VERB_DECLINE, VERB_COUNT},
        [BLOCKER_DUPLICATE] = {VERB_DUPLICATE, VERB_COUNT},
        [BLOCKER_SNOOZED] = {VERB_SNOOZE, VERB_COUNT},
    };
    for (int i = 0; i < 2 && via[want][i] != VERB_COUNT; i++) {
        struct verdict v = giving(verdict_rule(via[want][i]), VF_COUNT, original);
        struct err e = {0};
        if (blocker_apply(st, key, &v, &e) != 0) {
            fprintf(stderr, "reaching %s: %s\n", blocker_state_name(want), e.msg);
            exit(2);
        }
    }
    return key;
}

static void test_each_needed_field_is_refused_without_it_and_applied_with_it(void)
{
    struct store *st = fresh();
    char *original = add(st);
    size_t needs = 0;
    for (int verb = 0; verb < VERB_COUNT; verb++) {
        const struct verdict_rule *r = verdict_rule((enum blocker_verb)verb);
        CHECK(r != NULL);
        CHECK_INT(r->verb, verb);
        for (size_t i = 0; i < verdict_n_args(r); i++) {
            const struct verdict_arg *a = &r->args[i];
            if (a->need == VN_OPTIONAL)
                continue;
            needs++;
            char *key = in_first_state(st, r, original);
            struct blocker before = get(st, key);
            struct verdict v = giving(r, a->field, original);
            struct err e = {0};
            int rc = blocker_apply(st, key, &v, &e);
            CHECK_INT(rc, -ERR_USAGE);
            char want[300];
            snprintf(want, sizeof want, "%s%s%s needs %s", r->pre, key, r->post, a->what);
            CHECK_STR(e.msg, want);
            struct blocker after = get(st, key);
            CHECK_INT(after.state, before.state);
            CHECK_INT(after.version, before.version);
            blocker_fini(&after);
            blocker_fini(&before);
            free(key);
        }
        /* with every field it takes, it is applied and leads to its state */
        char *key = in_first_state(st, r, original);
        struct verdict v = giving(r, VF_COUNT, original);
        struct err e = {0};
        int rc = blocker_apply(st, key, &v, &e);
        if (rc)
            fprintf(stderr, "  %s refused: %s\n", r->name, e.msg);
        CHECK_INT(rc, 0);
        struct blocker b = get(st, key);
        CHECK_INT(b.state, r->to);
        blocker_fini(&b);
        free(key);
    }
    CHECK(needs >= 5); /* accept twice, decline, duplicate, snooze */
    free(original);
    store_close(st);
}

static void test_needed_unless_set_comes_from_the_blocker(void)
{
    struct store *st = fresh();
    const struct verdict_rule *r = verdict_rule(VERB_ACCEPT);
    size_t n = 0;
    for (size_t i = 0; i < verdict_n_args(r); i++) {
        if (r->args[i].need != VN_UNLESS_SET)
            continue;
        n++;
        /* a blocker that has every field already: accepting asks for none */
        struct blocker b = {.project = "ENG-1", .title = "has all", .severity = 3,
                            .waiting_on = "ENG"};
        char *key = NULL;
        struct err e = {0};
        CHECK_INT(blocker_add(st, &b, &key, &e), 0);
        struct verdict v = giving(r, r->args[i].field, NULL);
        CHECK_INT(blocker_apply(st, key, &v, &e), 0);
        struct blocker now = get(st, key);
        CHECK_INT(now.state, r->to);
        blocker_fini(&now);
        free(key);
    }
    CHECK_INT(n, 2);
    /* both missing: one refusal naming both, joined */
    char *key = add(st);
    struct verdict v = {.verb = VERB_ACCEPT};
    struct err e = {0};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    char want[200];
    snprintf(want, sizeof want, "accepting %s needs a severity (1-4) and a waiting-on department",
             key);
    CHECK_STR(e.msg, want);
    free(key);
    store_close(st);
}

static void test_names_are_the_tables(void)
{
    for (int verb = 0; verb < VERB_COUNT; verb++) {
        const struct verdict_rule *r = verdict_rule((enum blocker_verb)verb);
        CHECK_STR(blocker_verb_name((enum blocker_verb)verb), r->name);
        CHECK(verdict_rule_named(r->name) == r);
        for (int s = 0; s < BLOCKER_STATE_COUNT; s++) {
            enum blocker_state to = BLOCKER_STATE_COUNT;
            bool ok = blocker_transition((enum blocker_state)s, (enum blocker_verb)verb, &to);
            CHECK_INT(ok, (r->from >> s) & 1u);
            if (ok)
                CHECK_INT(to, r->to);
        }
    }
    CHECK(verdict_rule_named("nonsense") == NULL);
    CHECK(verdict_rule(VERB_COUNT) == NULL);
}

/* What `baton ARGS` prints on stdout, run in a child. */
static char *run_cli(const char *const *args)
{
    char path[600];
    snprintf(path, sizeof path, "%s/out%d.txt", tmp, dbn++);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
            _exit(99);
        char *argv[16];
        int argc = 0;
        argv[argc++] = "baton";
        for (; args[argc - 1] && argc < 15; argc++)
            argv[argc] = (char *)args[argc - 1];
        argv[argc] = NULL;
        int rc = cli_main(argc, argv, NULL, "/nonexistent/baton-config.yaml");
        fflush(stdout);
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_cli_help_lists_what_the_table_says(void)
{
    size_t commands = 0;
    for (int verb = 0; verb < VERB_COUNT; verb++) {
        const struct verdict_rule *r = verdict_rule((enum blocker_verb)verb);
        if (!r->help)
            continue; /* no command gives it (waking) */
        commands++;
        const char *args[] = {"blocker", r->name, "--help", NULL};
        char *out = run_cli(args);
        CHECK(out != NULL);
        if (!out)
            continue;
        /* the one line, as a sentence */
        char line[300];
        snprintf(line, sizeof line, "%c%s.", r->help[0] - 'a' + 'A', r->help + 1);
        CHECK_CONTAINS(out, line);
        for (size_t i = 0; i < verdict_n_args(r); i++) {
            const struct verdict_arg *a = &r->args[i];
            char flag[80], entry_start[90];
            snprintf(flag, sizeof flag, "--%s ", a->flag);
            snprintf(entry_start, sizeof entry_start, "\n  %s", flag);
            const char *at = strstr(out, entry_start);
            CHECK_CONTAINS(out, entry_start);
            if (!at)
                continue;
            const char *eol = strstr(at + 1, "\n  -");
            size_t len = eol ? (size_t)(eol - at) : strlen(at);
            char *entry = strndup(at, len);
            /* the help wraps: one space where it broke a line */
            char *w = entry;
            for (const char *q = entry; *q; q++)
                if (!(*q == ' ' || *q == '\n') || (w > entry && w[-1] != ' '))
                    *w++ = *q == '\n' ? ' ' : *q;
            *w = '\0';
            CHECK_CONTAINS(entry, a->help);
            CHECK_INT(strstr(entry, "[required]") != NULL, a->need == VN_REQUIRED);
            /* a required one is named in the usage line too */
            char *usage = strndup(out, strcspn(out, "\n"));
            CHECK_INT(strstr(usage, flag) != NULL, a->need == VN_REQUIRED);
            free(usage);
            free(entry);
        }
        CHECK_CONTAINS(out, "--expect-version V");
        free(out);
    }
    CHECK_INT(commands, VERB_COUNT - 1);
    /* the group's help names every verdict with its row's line */
    const char *args[] = {"blocker", "--help", NULL};
    char *out = run_cli(args);
    for (int verb = 0; out && verb < VERB_COUNT; verb++) {
        const struct verdict_rule *r = verdict_rule((enum blocker_verb)verb);
        if (r->help)
            CHECK_CONTAINS(out, r->help);
    }
    free(out);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_each_needed_field_is_refused_without_it_and_applied_with_it);
    RUN(test_needed_unless_set_comes_from_the_blocker);
    RUN(test_names_are_the_tables);
    RUN(test_cli_help_lists_what_the_table_says);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(tmp);
    return check_report();
}
