/* People in the cockpit, without a terminal: who else is here (the
 * header's names, who has a blocker open), which keys a role may use and
 * the refusal naming the role needed, and completing keys for :goto. */
#include <locale.h>
#include <stdlib.h>

#include "../check.h"
#include "baton/pane.h"
#include "baton/store.h"

static struct store *st;

static void setup(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/people.db", dir);
    free(dir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) || store_generate(st, 200, 7, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "zed");
}

static void header_names_others_and_counts_the_rest(void)
{
    struct presence v[4] = {
        {.login = "alice", .tty = "pts/1"},
        {.login = "bob", .tty = "pts/2", .view = "blocker B-7"},
        {.login = "alice", .tty = "pts/3", .view = "triage B-7"},
        {.login = "carol\x1b[31m", .view = "blocker B-8"},
    };
    struct strbuf sb;
    sb_init(&sb);
    view_presence_names(v, 0, NULL, 40, false, &sb);
    CHECK_STR(sb_str(&sb), "only you here");
    sb_clear(&sb);
    view_presence_names(v, 2, NULL, 40, false, &sb);
    CHECK_STR(sb_str(&sb), "alice, bob here");
    sb_clear(&sb);
    /* a login with two cockpits is named once; escapes are shown, not sent */
    view_presence_names(v, 4, NULL, 60, false, &sb);
    CHECK_STR(sb_str(&sb), "alice, bob, carol^[[31m here");
    sb_clear(&sb);
    view_presence_names(v, 4, NULL, 20, false, &sb);
    CHECK_STR(sb_str(&sb), "alice +2 more here");
    sb_clear(&sb);
    view_presence_names(v, 4, NULL, 10, false, &sb);
    CHECK_STR(sb_str(&sb), "3 others here");
    sb_clear(&sb);
    /* one's own cockpit in another terminal */
    view_presence_names(v, 2, "bob", 40, false, &sb);
    CHECK_STR(sb_str(&sb), "alice, you@pts/2 here");
    sb_clear(&sb);
    CHECK(view_presence_about("blocker B-7", "B-7"));
    CHECK(view_presence_about("triage B-7", "B-7"));
    CHECK(!view_presence_about("blocker B-70", "B-7"));
    CHECK(!view_presence_about("project B-7", "B-7"));
    CHECK_INT(view_presence_on(v, 4, "B-7", false, &sb), 2);
    CHECK_STR(sb_str(&sb), "bob (pts/2), alice (pts/3)");
    sb_clear(&sb);
    CHECK_INT(view_presence_on(v, 4, "B-9", false, &sb), 0);
    CHECK_STR(sb_str(&sb), "");
    sb_fini(&sb);
}

static void a_viewer_may_read_only_and_is_told_which_role_writes(void)
{
    store_set_rights(st, ROLE_VIEWER, NULL, 0);
    CHECK(!view_leads_any(st));
    CHECK(view_cmd_may(st, CMD_FILTER, &pane_blockers, "ENG", NULL, false));
    CHECK(view_cmd_may(st, CMD_TRIAGE, &pane_blockers, "ENG", NULL, false));
    CHECK(!view_cmd_may(st, CMD_ADD, &pane_blockers, "ENG", NULL, false));
    CHECK(!view_cmd_may(st, CMD_T_ACCEPT, NULL, "ENG", "OPS", false));
    struct strbuf sb;
    sb_init(&sb);
    view_cmd_refusal(st, CMD_ADD, &pane_blockers, "ENG", NULL, &sb);
    CHECK_CONTAINS(sb_str(&sb), "raising a blocker needs the member role");
    CHECK_CONTAINS(sb_str(&sb), "; you are a viewer");
    sb_clear(&sb);
    view_cmd_refusal(st, CMD_T_ACCEPT, NULL, "ENG", "OPS", &sb);
    CHECK_CONTAINS(sb_str(&sb), "accepting a blocker needs lead of ENG or OPS");
    sb_fini(&sb);
}

static void a_member_raises_and_a_lead_triages_only_their_departments(void)
{
    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    CHECK(view_cmd_may(st, CMD_ADD, &pane_blockers, "ENG", NULL, false));
    CHECK(view_cmd_may(st, CMD_ADD, &pane_indicators, "ENG", NULL, false));
    CHECK(!view_cmd_may(st, CMD_ADD, &pane_departments, NULL, NULL, false));
    CHECK(!view_cmd_may(st, CMD_EDIT, &pane_projects, "ENG", NULL, false));
    CHECK(!view_cmd_may(st, CMD_STANDUP, NULL, NULL, NULL, view_leads_any(st)));

    const char *eng[] = {"ENG"};
    store_set_rights(st, ROLE_LEAD, eng, 1);
    CHECK(view_leads_any(st));
    CHECK(view_cmd_may(st, CMD_T_ACCEPT, NULL, "OPS", "ENG", true));
    CHECK(!view_cmd_may(st, CMD_T_ACCEPT, NULL, "OPS", "SALES", true));
    CHECK(view_cmd_may(st, CMD_EDIT, &pane_projects, "ENG", NULL, true));
    CHECK(view_cmd_may(st, CMD_ADD, &pane_projects, NULL, NULL, true));
    CHECK(view_cmd_may(st, CMD_STANDUP, NULL, NULL, NULL, true));
    struct strbuf sb;
    sb_init(&sb);
    view_cmd_refusal(st, CMD_EDIT, &pane_projects, "OPS", NULL, &sb);
    CHECK_CONTAINS(sb_str(&sb), "editing a project needs lead of OPS");
    sb_fini(&sb);
    /* and what writes nothing has no right to check */
    CHECK(view_cmd_right(CMD_DOWN, &pane_blockers) == NULL);
    CHECK(store_action(view_cmd_right(CMD_ADD, &pane_departments)->action)->perm == PERM_ADMIN);
    store_set_rights(st, ROLE_ADMIN, NULL, 0);
}

static void keys_complete_from_the_model_by_prefix(void)
{
    size_t n = 0;
    char **k = view_key_candidates(st, "B-1", false, 5, &n);
    CHECK(n >= 1 && n <= 20);
    bool has = false;
    for (size_t i = 0; i < n; i++) {
        CHECK(strncmp(k[i], "B-1", 3) == 0);
        has = has || strcmp(k[i], "B-1") == 0;
        free(k[i]);
    }
    CHECK(k[n] == NULL);
    free(k);
    CHECK(has);
    /* typed in lower case, found in upper case */
    k = view_key_candidates(st, "b-1", false, 5, &n);
    CHECK(n >= 1);
    for (size_t i = 0; i < n; i++) {
        CHECK(strncmp(k[i], "B-1", 3) == 0);
        free(k[i]);
    }
    free(k);
    /* departments only for :narrow */
    k = view_key_candidates(st, "", true, 50, &n);
    CHECK(n >= 12);
    for (size_t i = 0; i < n; i++) {
        CHECK(strncmp(k[i], "B-", 2) != 0);
        free(k[i]);
    }
    free(k);
    k = view_key_candidates(st, "no-such-", false, 5, &n);
    CHECK_INT(n, 0);
    free(k);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setup();
    RUN(header_names_others_and_counts_the_rest);
    RUN(a_viewer_may_read_only_and_is_told_which_role_writes);
    RUN(a_member_raises_and_a_lead_triages_only_their_departments);
    RUN(keys_complete_from_the_model_by_prefix);
    store_close(st);
    return check_report();
}
