/*
 * Rights in the model: every write verb of src/core tried by every role
 * (viewer, member, lead of the project's department, lead of the
 * department a blocker waits on, lead of an unrelated department, admin),
 * each allowed and written, or refused with ERR_DENIED and nothing
 * committed. Also the refusal messages, store_may agreeing with the
 * refusals, a read-only store, the default for an install without roles,
 * and presence appearing and expiring.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/store.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;
static int dbn;

static void die(const char *what, const struct err *e)
{
    fprintf(stderr, "setting up: %s: %s\n", what, e->msg);
    exit(2);
}

/* Ids the verbs refer to, made by fresh(). */
struct fixture {
    char path[512];
    int64_t standup, entry;
};

/* ENG, FIN and OPS; pat; projects ENG-1 and OPS-1; B-1 on ENG-1 waiting
 * on FIN; a running stand-up with one note. Built as the admin. */
static struct store *fresh(struct fixture *fx)
{
    snprintf(fx->path, sizeof fx->path, "%s/a%d.db", tmp, dbn++);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, fx->path, STORE_CREATE, &e) != 0)
        die("store_open", &e);
    store_set_actor(st, "setup");
    struct department d[] = {
        {.key = "ENG", .name = "Engineering", .lead = "alice", .sort_order = 1},
        {.key = "FIN", .name = "Finance", .sort_order = 2},
        {.key = "OPS", .name = "Operations", .sort_order = 3},
    };
    for (size_t i = 0; i < 3; i++)
        if (department_add(st, &d[i], &e) != 0)
            die("department_add", &e);
    struct person p = {.login = "pat", .name = "Pat", .department = "ENG"};
    if (person_add(st, &p, &e) != 0)
        die("person_add", &e);
    struct project pr[] = {
        {.key = "ENG-1", .title = "New billing", .department = "ENG"},
        {.key = "OPS-1", .title = "Warehouse move", .department = "OPS"},
    };
    for (size_t i = 0; i < 2; i++)
        if (project_add(st, &pr[i], &e) != 0)
            die("project_add", &e);
    struct blocker b = {.key = "B-1",
                        .project = "ENG-1",
                        .title = "VAT rules",
                        .waiting_on = "FIN",
                        .severity = 2};
    if (blocker_add(st, &b, NULL, &e) != 0)
        die("blocker_add", &e);
    if (standup_start(st, &fx->standup, &e) != 0)
        die("standup_start", &e);
    struct standup_entry x = {.standup_id = fx->standup, .kind = ENTRY_NOTE, .text = "hello"};
    if (standup_add_entry(st, &x, &fx->entry, &e) != 0)
        die("standup_add_entry", &e);
    return st;
}

/* ---- the actors ---- */

enum who { VIEWER, MEMBER, LEAD_PROJECT, LEAD_WAITING, LEAD_OTHER, ADMIN, WHO_COUNT };
#define BIT(w) (1u << (w))
#define ALL_LEADS (BIT(LEAD_PROJECT) | BIT(LEAD_WAITING) | BIT(LEAD_OTHER))
#define MEMBERS_UP (BIT(MEMBER) | ALL_LEADS | BIT(ADMIN))
#define TRIAGERS (BIT(LEAD_PROJECT) | BIT(LEAD_WAITING) | BIT(ADMIN))

static const char *const who_names[WHO_COUNT] = {"viewer",       "member",     "lead of ENG",
                                                 "lead of FIN", "lead of OPS", "admin"};

static void become(struct store *st, enum who w)
{
    static const char *const eng[] = {"ENG"}, *const fin[] = {"FIN"}, *const ops[] = {"OPS"};
    store_set_actor(st, "carol");
    switch (w) {
    case VIEWER: store_set_rights(st, ROLE_VIEWER, NULL, 0); break;
    case MEMBER: store_set_rights(st, ROLE_MEMBER, NULL, 0); break;
    case LEAD_PROJECT: store_set_rights(st, ROLE_MEMBER, eng, 1); break;
    case LEAD_WAITING: store_set_rights(st, ROLE_MEMBER, fin, 1); break;
    case LEAD_OTHER: store_set_rights(st, ROLE_MEMBER, ops, 1); break;
    default: store_set_rights(st, ROLE_ADMIN, NULL, 0); break;
    }
}

/* ---- the verbs ---- */

static int v_department_add(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct department d = {.key = "HR", .name = "People"};
    return department_add(st, &d, e);
}

static int v_department_edit(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct department d = {.key = "ENG", .name = "Engineering & IT", .lead = "alice",
                           .sort_order = 1};
    return department_update(st, &d, e);
}

static int v_person_add(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct person p = {.login = "quinn", .name = "Quinn"};
    return person_add(st, &p, e);
}

static int v_person_edit(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct person p = {.login = "pat", .name = "Pat Smith", .department = "ENG"};
    return person_update(st, &p, e);
}

static int v_org_name(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    return store_set_org_name(st, "Acme", e);
}

static int v_project_add(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct project p = {.key = "ENG-2", .title = "Second", .department = "ENG"};
    return project_add(st, &p, e);
}

static int v_project_edit(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG",
                        .progress = 50};
    return project_update(st, &p, e);
}

static int v_project_depend(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    return project_depend(st, "ENG-1", "OPS-1", "needs the warehouse", e);
}

static int v_blocker_add(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct blocker b = {.project = "ENG-1", .title = "Printer on fire"};
    return blocker_add(st, &b, NULL, e);
}

static int v_blocker_accept(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct verdict v = {.verb = VERB_ACCEPT, .severity = 1, .waiting_on = "FIN"};
    return blocker_apply(st, "B-1", &v, e);
}

static int v_blocker_decline(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct verdict v = {.verb = VERB_DECLINE, .reason = "not ours"};
    return blocker_apply(st, "B-1", &v, e);
}

static int v_blocker_resolve(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct verdict v = {.verb = VERB_RESOLVE, .reason = "done"};
    return blocker_apply(st, "B-1", &v, e);
}

static int v_blocker_escalate(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    return blocker_escalate(st, "B-1", "pat", 0, e);
}

static int v_blocker_edit(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct blocker b = {.key = "B-1", .title = "VAT rules for 2027", .waiting_on = "FIN",
                        .severity = 2};
    return blocker_update(st, &b, e);
}

static int v_blocker_import(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    struct blocker b = {.key = "B-9", .project = "OPS-1", .title = "Imported",
                        .state = BLOCKER_NEW};
    return blocker_import(st, &b, e);
}

static int v_standup_start(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    return standup_start(st, NULL, e);
}

static int v_standup_end(struct store *st, const struct fixture *fx, struct err *e)
{
    return standup_end(st, fx->standup, e);
}

static int v_standup_visit(struct store *st, const struct fixture *fx, struct err *e)
{
    return standup_visit(st, fx->standup, "FIN", 0, e);
}

static int v_standup_note(struct store *st, const struct fixture *fx, struct err *e)
{
    struct standup_entry x = {.standup_id = fx->standup, .kind = ENTRY_DECISION,
                              .department = "ENG", .text = "ship it"};
    return standup_add_entry(st, &x, NULL, e);
}

static int v_standup_done(struct store *st, const struct fixture *fx, struct err *e)
{
    return standup_entry_set_done(st, fx->entry, true, e);
}

static int v_generate(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    /* Refused before it looks at the data; allowed, it finds the fixture
     * and says the database is not empty. */
    return store_generate(st, 10, 1, e);
}

static int v_presence(struct store *st, const struct fixture *fx, struct err *e)
{
    (void)fx;
    return store_presence_beat(st, e);
}

static const struct verb {
    const char *name;
    int (*run)(struct store *st, const struct fixture *fx, struct err *e);
    unsigned allowed; /* BIT(who) of the actors who may */
    bool audited;     /* writes an event row when allowed */
} verbs[] = {
    {"department add", v_department_add, BIT(ADMIN), true},
    {"department edit", v_department_edit, BIT(ADMIN), true},
    {"person add", v_person_add, BIT(ADMIN), true},
    {"person edit", v_person_edit, BIT(ADMIN), true},
    {"organisation name", v_org_name, BIT(ADMIN), true},
    {"project add", v_project_add, BIT(LEAD_PROJECT) | BIT(ADMIN), true},
    {"project edit", v_project_edit, BIT(LEAD_PROJECT) | BIT(ADMIN), true},
    {"project depend", v_project_depend, BIT(LEAD_PROJECT) | BIT(ADMIN), true},
    {"blocker add", v_blocker_add, MEMBERS_UP, true},
    {"blocker accept", v_blocker_accept, TRIAGERS, true},
    {"blocker decline", v_blocker_decline, TRIAGERS, true},
    {"blocker resolve", v_blocker_resolve, TRIAGERS, true},
    {"blocker escalate", v_blocker_escalate, TRIAGERS, true},
    {"blocker edit", v_blocker_edit, TRIAGERS, true},
    {"blocker import", v_blocker_import, BIT(ADMIN), true},
    {"standup start", v_standup_start, ALL_LEADS | BIT(ADMIN), true},
    {"standup end", v_standup_end, ALL_LEADS | BIT(ADMIN), true},
    {"standup visit", v_standup_visit, ALL_LEADS | BIT(ADMIN), true},
    {"standup note", v_standup_note, MEMBERS_UP, true},
    {"standup action done", v_standup_done, MEMBERS_UP, true},
    {"demo generate", v_generate, BIT(ADMIN), false},
    {"presence", v_presence, MEMBERS_UP | BIT(VIEWER), false},
};

/* A second connection's data_version moves only when someone commits. */
static int64_t commits_seen(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static int64_t raw_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void test_role_matrix_through_the_model(void)
{
    for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
        for (int w = 0; w < WHO_COUNT; w++) {
            struct fixture fx;
            struct store *st = fresh(&fx);
            sqlite3 *raw = NULL;
            if (sqlite3_open_v2(fx.path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
                fprintf(stderr, "cannot open %s\n", fx.path);
                exit(2);
            }
            int64_t events = raw_count(raw, "SELECT count(*) FROM event");
            int64_t before = commits_seen(raw);
            become(st, (enum who)w);
            struct err e = {0};
            int rc = verbs[v].run(st, &fx, &e);
            int64_t after = commits_seen(raw);
            int64_t events_after = raw_count(raw, "SELECT count(*) FROM event");
            bool allowed = verbs[v].allowed & BIT(w);
            bool generate = verbs[v].run == v_generate;
            if (allowed && !generate) {
                if (rc != 0)
                    fprintf(stderr, "  %s by %s: expected success, saw %d: %s\n", verbs[v].name,
                            who_names[w], rc, e.msg);
                CHECK_INT(rc, 0);
                CHECK(after != before);
                if (verbs[v].audited && events_after <= events)
                    fprintf(stderr, "  %s by %s: no audit row\n", verbs[v].name, who_names[w]);
                CHECK(!verbs[v].audited || events_after > events);
            } else if (allowed) {
                /* Let through the rights check: refused for the data instead. */
                CHECK(rc != -ERR_DENIED);
                CHECK_INT(after, before);
            } else {
                if (rc != -ERR_DENIED)
                    fprintf(stderr, "  %s by %s: expected a refusal, saw %d: %s\n",
                            verbs[v].name, who_names[w], rc, e.msg);
                CHECK_INT(rc, -ERR_DENIED);
                CHECK_INT(e.code, ERR_DENIED);
                CHECK_CONTAINS(e.msg, "permission denied: ");
                if (after != before || events_after != events)
                    fprintf(stderr, "  %s by %s: refused but something was written\n",
                            verbs[v].name, who_names[w]);
                CHECK_INT(after, before);
                CHECK_INT(events_after, events);
            }
            sqlite3_close(raw);
            store_close(st);
        }
    }
}

static void test_refusals_say_which_role_is_needed(void)
{
    struct fixture fx;
    struct store *st = fresh(&fx);
    struct err e = {0};
    become(st, MEMBER);
    CHECK_INT(v_blocker_decline(st, &fx, &e), -ERR_DENIED);
    CHECK_STR(e.msg, "permission denied: declining B-1 needs lead of ENG or FIN (you, carol, are "
                     "a member); ask a lead or an admin");
    become(st, LEAD_OTHER);
    CHECK_INT(v_project_edit(st, &fx, &e), -ERR_DENIED);
    CHECK_STR(e.msg, "permission denied: editing project ENG-1 needs lead of ENG (you, carol, are "
                     "lead of OPS); ask a lead or an admin");
    become(st, VIEWER);
    CHECK_INT(v_blocker_add(st, &fx, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "raising a blocker on ENG-1 needs the member role (you, carol, are a "
                          "viewer)");
    become(st, LEAD_PROJECT);
    CHECK_INT(v_department_add(st, &fx, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "adding department HR needs an admin");
    CHECK_INT(store_require(st, ROLE_ADMIN, "importing an organisation", &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "importing an organisation needs an admin (you, carol, are lead of ENG)");
    CHECK_INT(store_require(st, ROLE_LEAD, "starting a stand-up", &e), 0);
    /* Moving a project away needs the receiving department's lead too. */
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "OPS"};
    CHECK_INT(project_update(st, &p, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "moving project ENG-1 to OPS needs lead of OPS");
    store_close(st);
}

static void test_store_may_agrees_with_the_rules(void)
{
    struct fixture fx;
    struct store *st = fresh(&fx);
    /* Without store_set_rights everyone is an admin. */
    CHECK(store_may(st, PERM_ADMIN, NULL, NULL));
    CHECK_INT(store_role(st, "ENG"), ROLE_ADMIN);
    become(st, VIEWER);
    CHECK(store_may(st, PERM_READ, NULL, NULL));
    CHECK(!store_may(st, PERM_RAISE, "ENG", NULL));
    CHECK(!store_may(st, PERM_RECORD, NULL, NULL));
    become(st, MEMBER);
    CHECK(store_may(st, PERM_RAISE, "ENG", NULL));
    CHECK(store_may(st, PERM_NOTE, NULL, NULL));
    CHECK(store_may(st, PERM_RECORD, "FIN", NULL));
    CHECK(!store_may(st, PERM_TRIAGE, "ENG", "FIN"));
    CHECK_INT(store_role(st, NULL), ROLE_MEMBER);
    become(st, LEAD_WAITING);
    CHECK(store_may(st, PERM_TRIAGE, "ENG", "FIN"));
    CHECK(!store_may(st, PERM_TRIAGE, "ENG", NULL));
    CHECK(store_may(st, PERM_EDIT, "FIN", NULL));
    CHECK(!store_may(st, PERM_EDIT, NULL, NULL)); /* company-wide: an admin's */
    CHECK(!store_may(st, PERM_ADMIN, NULL, NULL));
    CHECK_INT(store_role(st, "FIN"), ROLE_LEAD);
    CHECK_INT(store_role(st, "ENG"), ROLE_MEMBER);
    /* A lead of nothing is a member. */
    store_set_rights(st, ROLE_LEAD, NULL, 0);
    CHECK_INT(store_role(st, "ENG"), ROLE_MEMBER);
    CHECK(!store_may(st, PERM_TRIAGE, "ENG", "FIN"));
    struct err e = {0};
    CHECK_INT(store_require(st, ROLE_LEAD, "starting a stand-up", &e), -ERR_DENIED);
    become(st, ADMIN);
    for (int p = 0; p < PERM_COUNT; p++)
        CHECK(store_may(st, (enum perm)p, NULL, NULL));
    CHECK_STR(perm_name(PERM_TRIAGE), "triage");
    store_close(st);
}

/* The table of rights per action: each action is allowed exactly to the
 * roles its permission names, and a refusal names whom it needs. */
static void test_actions_follow_their_permission(void)
{
    struct fixture fx;
    struct store *st = fresh(&fx);
    for (int a = 0; a < ACT_COUNT; a++) {
        const struct action_rule *r = store_action((enum action)a);
        CHECK(r->what != NULL && r->what[0] != '\0');
        CHECK(r->perm >= PERM_READ && r->perm < PERM_COUNT);
        for (int w = 0; w < WHO_COUNT; w++) {
            become(st, (enum who)w);
            bool leads = w == LEAD_PROJECT || w == LEAD_WAITING || w == LEAD_OTHER;
            /* on B-1: a project of ENG waiting on FIN */
            bool want = r->perm == PERM_READ || w == ADMIN ||
                        (r->any_lead ? leads
                                     : perm_role(r->perm) <= ROLE_MEMBER
                                           ? w != VIEWER
                                           : r->perm != PERM_ADMIN &&
                                                 (w == LEAD_PROJECT || w == LEAD_WAITING));
            bool may = store_may_act(st, (enum action)a, "ENG", "FIN", leads);
            if (may != want)
                fprintf(stderr, "  %s as %s: may %d, want %d\n", r->what, who_names[w], may,
                        want);
            CHECK_INT(may, want);
        }
    }
    CHECK_INT(store_action(ACT_COUNT)->perm, PERM_READ);
    CHECK_INT(perm_role(PERM_TRIAGE), ROLE_LEAD);
    CHECK_INT(perm_role(PERM_NOTE), ROLE_MEMBER);
    static const struct {
        enum perm p;
        bool any_lead;
        const char *dept, *dept2, *want;
    } phrases[] = {
        {PERM_ADMIN, false, "ENG", NULL, "an admin"},
        {PERM_RAISE, false, "ENG", NULL, "the member role"},
        {PERM_EDIT, true, NULL, NULL, "a lead"},
        {PERM_EDIT, false, NULL, NULL, "an admin (it belongs to no department)"},
        {PERM_TRIAGE, false, "ENG", "FIN", "lead of ENG or FIN"},
        {PERM_TRIAGE, false, NULL, "FIN", "lead of FIN"},
    };
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        struct strbuf sb;
        sb_init(&sb);
        perm_need_phrase(phrases[i].p, phrases[i].any_lead, phrases[i].dept, phrases[i].dept2,
                         &sb);
        CHECK_STR(sb_str(&sb), phrases[i].want);
        sb_fini(&sb);
    }
    store_close(st);
}

static void test_read_only_store_refuses_every_change(void)
{
    struct fixture fx;
    struct store *st = fresh(&fx);
    store_close(st);
    struct err e = {0};
    CHECK_INT(store_open(&st, fx.path, STORE_READONLY, &e), 0);
    if (!st)
        return;
    CHECK(store_readonly(st));
    CHECK(store_may(st, PERM_READ, NULL, NULL));
    CHECK(!store_may(st, PERM_RAISE, NULL, NULL));
    CHECK(!store_may(st, PERM_ADMIN, NULL, NULL));
    CHECK_INT(v_blocker_add(st, &fx, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "read-only for you");
    CHECK_INT(v_department_add(st, &fx, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "read-only");
    struct blocker b = {0};
    CHECK_INT(blocker_get(st, "B-1", &b, &e), 0);
    CHECK_STR(b.title, "VAT rules");
    blocker_fini(&b);
    store_close(st);
}

static void test_role_names_round_trip(void)
{
    for (int r = ROLE_VIEWER; r <= ROLE_ADMIN; r++) {
        enum role back = ROLE_VIEWER;
        CHECK(role_parse(role_name((enum role)r), &back));
        CHECK_INT(back, r);
    }
    enum role x;
    CHECK(role_parse("Admin", &x));
    CHECK_INT(x, ROLE_ADMIN);
    CHECK(!role_parse("boss", &x));
}

/* ---- presence ---- */

static void test_presence_appears_and_expires(void)
{
    struct fixture fx;
    struct store *a = fresh(&fx), *b = NULL;
    struct err e = {0};
    CHECK_INT(store_open(&b, fx.path, 0, &e), 0);
    if (!b)
        return;
    setenv("BATON_NOW", NOW, 1);
    store_set_actor(a, "alice");
    store_set_actor(b, "bob");
    become(b, VIEWER); /* presence needs no role */
    store_set_actor(b, "bob");
    CHECK_INT(store_presence_set_view(a, "blockers", &e), 0);
    CHECK_INT(store_presence_beat(a, &e), 0);
    CHECK_INT(store_presence_beat(b, &e), 0);

    struct presence *v = NULL;
    size_t n = 0;
    CHECK_INT(store_presence_list(b, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(v[0].login, "alice");
        CHECK_STR(v[0].view, "blockers");
        CHECK_STR(v[0].heartbeat_at, NOW);
        CHECK_INT(v[0].pid, getpid());
    }
    store_presence_list_free(v, n);
    int others = -1;
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 1);

    /* What alice looks at reaches bob without waiting for her next beat. */
    CHECK_INT(store_presence_set_view(a, "B-1", &e), 0);
    CHECK_INT(store_presence_list(b, &v, &n, &e), 0);
    CHECK_STR(n == 1 ? v[0].view : NULL, "B-1");
    store_presence_list_free(v, n);

    /* Alice's process dies without leaving; 91 s later bob's beat cleans
     * up her row. */
    setenv("BATON_NOW", "2026-11-26T09:01:31Z", 1);
    CHECK_INT(store_presence_list(b, &v, &n, &e), 0);
    CHECK_INT(n, 0); /* no longer counted... */
    store_presence_list_free(v, n);
    sqlite3 *raw = NULL;
    sqlite3_open_v2(fx.path, &raw, SQLITE_OPEN_READONLY, NULL);
    CHECK_INT(raw_count(raw, "SELECT count(*) FROM session WHERE login = 'alice'"), 1);
    CHECK_INT(store_presence_beat(b, &e), 0);
    CHECK_INT(raw_count(raw, "SELECT count(*) FROM session WHERE login = 'alice'"), 0);
    CHECK_INT(raw_count(raw, "SELECT count(*) FROM session WHERE login = 'bob'"), 1);

    /* If alice was only asleep, her next beat registers her again. */
    CHECK_INT(store_presence_beat(a, &e), 0);
    CHECK_INT(store_presence_list(b, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_STR(n == 1 ? v[0].view : NULL, "B-1");
    store_presence_list_free(v, n);
    CHECK_INT(store_presence_leave(a), 0);
    CHECK_INT(raw_count(raw, "SELECT count(*) FROM session WHERE login = 'alice'"), 0);
    sqlite3_close(raw);
    unsetenv("BATON_NOW");
    store_close(a);
    store_close(b);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_role_matrix_through_the_model);
    RUN(test_refusals_say_which_role_is_needed);
    RUN(test_store_may_agrees_with_the_rules);
    RUN(test_actions_follow_their_permission);
    RUN(test_read_only_store_refuses_every_change);
    RUN(test_role_names_round_trip);
    RUN(test_presence_appears_and_expires);
    return check_report();
}
