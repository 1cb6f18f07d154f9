/*
 * access: who may change what. The actor's rights (a company-wide role and
 * the departments they lead) are given once by the caller, which reads
 * them from the configuration; every write function of src/core asks here
 * before it changes anything, so the cockpit, the command line and import
 * obey one rule. Roles live in the configuration, never in the database:
 * the database is writable by its whole group, the configuration is the
 * administrator's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "internal.h"

/* The least role each permission needs, and whether a lead needs to lead
 * the department in question (otherwise any role at that level will do). */
static const struct {
    const char *name;
    enum role need;
    bool per_department;
} perm_rules[PERM_COUNT] = {
    [PERM_READ] = {"read", ROLE_VIEWER, false},
    [PERM_RAISE] = {"raise", ROLE_MEMBER, false},
    [PERM_RECORD] = {"record", ROLE_MEMBER, false},
    [PERM_NOTE] = {"note", ROLE_MEMBER, false},
    [PERM_TRIAGE] = {"triage", ROLE_LEAD, true},
    [PERM_EDIT] = {"edit", ROLE_LEAD, true},
    [PERM_ADMIN] = {"admin", ROLE_ADMIN, false},
};

const char *perm_name(enum perm p)
{
    return (int)p >= 0 && p < PERM_COUNT ? perm_rules[p].name : "?";
}

enum role perm_role(enum perm p)
{
    return (int)p >= 0 && p < PERM_COUNT ? perm_rules[p].need : ROLE_ADMIN;
}

/* Rights per action. */
static const struct action_rule actions[ACT_COUNT] = {
    [ACT_READ] = {PERM_READ, false, "reading"},
    [ACT_ADD_DEPARTMENT] = {PERM_ADMIN, false, "adding a department"},
    [ACT_EDIT_DEPARTMENT] = {PERM_ADMIN, false, "editing a department"},
    [ACT_ADD_PROJECT] = {PERM_EDIT, true, "adding a project"},
    [ACT_EDIT_PROJECT] = {PERM_EDIT, false, "editing a project"},
    [ACT_RAISE_BLOCKER] = {PERM_RAISE, false, "raising a blocker"},
    [ACT_EDIT_BLOCKER] = {PERM_EDIT, false, "editing a blocker"},
    [ACT_RECORD_READING] = {PERM_RECORD, false, "recording a reading"},
    [ACT_EDIT_INDICATOR] = {PERM_EDIT, false, "editing an indicator"},
    [ACT_ACCEPT] = {PERM_TRIAGE, false, "accepting a blocker"},
    [ACT_START] = {PERM_TRIAGE, false, "starting work on a blocker"},
    [ACT_SET_SEVERITY] = {PERM_TRIAGE, false, "setting a blocker's severity"},
    [ACT_SET_OWNER] = {PERM_TRIAGE, false, "setting a blocker's owner"},
    [ACT_SET_WAITING_ON] = {PERM_TRIAGE, false, "setting whom a blocker waits on"},
    [ACT_ESCALATE] = {PERM_TRIAGE, false, "escalating a blocker"},
    [ACT_RESOLVE] = {PERM_TRIAGE, false, "resolving a blocker"},
    [ACT_DECLINE] = {PERM_TRIAGE, false, "declining a blocker"},
    [ACT_DUPLICATE] = {PERM_TRIAGE, false, "marking a duplicate"},
    [ACT_SNOOZE] = {PERM_TRIAGE, false, "snoozing a blocker"},
    [ACT_REOPEN] = {PERM_TRIAGE, false, "reopening a blocker"},
    [ACT_COMMENT] = {PERM_NOTE, false, "commenting on a blocker"},
    [ACT_UNDO] = {PERM_TRIAGE, false, "undoing a verdict"},
    [ACT_RUN_STANDUP] = {PERM_EDIT, true, "running a stand-up"},
    [ACT_STANDUP_NEXT] = {PERM_EDIT, true, "moving the stand-up on"},
    [ACT_STANDUP_PREV] = {PERM_EDIT, true, "moving the stand-up back"},
    [ACT_STANDUP_SKIP] = {PERM_EDIT, true, "skipping a department"},
    [ACT_STANDUP_END] = {PERM_EDIT, true, "ending the stand-up"},
    [ACT_STANDUP_NOTE] = {PERM_NOTE, false, "adding a note"},
    [ACT_STANDUP_DECISION] = {PERM_NOTE, false, "recording a decision"},
    [ACT_STANDUP_ACTION] = {PERM_NOTE, false, "adding an action"},
    [ACT_STANDUP_PARKING] = {PERM_NOTE, false, "adding to the parking lot"},
    [ACT_CREATE_DATABASE] = {PERM_ADMIN, false, "creating a database"},
    [ACT_GENERATE_DEMO] = {PERM_ADMIN, false, "generating a demo organisation"},
    [ACT_IMPORT] = {PERM_ADMIN, false, "importing an organisation"},
    [ACT_EDIT_OBJECTIVE] = {PERM_EDIT, false, "editing an objective"},
    [ACT_CHECKIN_OBJECTIVE] = {PERM_NOTE, false, "recording a check-in"},
};

const struct action_rule *store_action(enum action a)
{
    return &actions[(int)a >= 0 && a < ACT_COUNT ? a : ACT_READ];
}

int store_set_rights(struct store *st, enum role role, const char *const *lead_of,
                     size_t n_lead_of)
{
    for (size_t i = 0; i < st->n_lead_of; i++)
        free(st->lead_of[i]);
    free(st->lead_of);
    st->lead_of = NULL;
    st->n_lead_of = 0;
    if ((int)role < ROLE_VIEWER || role > ROLE_ADMIN)
        role = ROLE_VIEWER;
    /* Being a lead is leading departments: lead_of says which. */
    st->role = role == ROLE_LEAD ? ROLE_MEMBER : role;
    if (n_lead_of) {
        st->lead_of = xcalloc(n_lead_of, sizeof *st->lead_of);
        for (size_t i = 0; i < n_lead_of; i++)
            if (!str_empty(lead_of[i]))
                st->lead_of[st->n_lead_of++] = xstrdup(lead_of[i]);
    }
    return 0;
}

static bool leads(const struct store *st, const char *dept)
{
    for (size_t i = 0; dept && i < st->n_lead_of; i++)
        if (strcmp(st->lead_of[i], dept) == 0)
            return true;
    return false;
}

enum role store_role(const struct store *st, const char *dept)
{
    if (st->role == ROLE_ADMIN)
        return ROLE_ADMIN;
    if (leads(st, dept))
        return ROLE_LEAD;
    /* Leading one department makes a person a member everywhere else. */
    if (st->n_lead_of)
        return ROLE_MEMBER;
    return st->role;
}

bool store_may(const struct store *st, enum perm p, const char *dept, const char *dept2)
{
    if ((int)p < 0 || p >= PERM_COUNT)
        return false;
    if (st->readonly && p != PERM_READ)
        return false;
    if (st->role == ROLE_ADMIN)
        return true;
    enum role need = perm_rules[p].need;
    if (!perm_rules[p].per_department)
        return store_role(st, NULL) >= need;
    /* Company-wide things have no lead: they are an admin's. */
    return leads(st, dept) || leads(st, dept2);
}

bool store_may_act(const struct store *st, enum action a, const char *dept, const char *dept2,
                   bool leads_any)
{
    const struct action_rule *r = store_action(a);
    if (r->perm == PERM_READ)
        return true;
    if (st->readonly)
        return false;
    if (r->any_lead)
        return store_role(st, NULL) == ROLE_ADMIN || leads_any;
    return store_may(st, r->perm, str_empty(dept) ? NULL : dept, str_empty(dept2) ? NULL : dept2);
}

void perm_need_phrase(enum perm p, bool any_lead, const char *dept, const char *dept2,
                      struct strbuf *out)
{
    if (p == PERM_ADMIN || (int)p < 0 || p >= PERM_COUNT) {
        sb_add(out, "an admin");
    } else if (!perm_rules[p].per_department) {
        sb_addf(out, "the %s role", role_name(perm_rules[p].need));
    } else if (any_lead) {
        sb_add(out, "a lead");
    } else if (str_empty(dept) && str_empty(dept2)) {
        sb_add(out, "an admin (it belongs to no department)");
    } else {
        sb_add(out, "lead of ");
        if (!str_empty(dept))
            sb_add(out, dept);
        if (!str_empty(dept2) && !str_eq(dept, dept2))
            sb_addf(out, "%s%s", str_empty(dept) ? "" : " or ", dept2);
    }
}

/* "a viewer", "a member", "lead of ENG, OPS", "an admin". */
static void describe(const struct store *st, struct strbuf *sb)
{
    if (st->role == ROLE_ADMIN) {
        sb_add(sb, "an admin");
        return;
    }
    if (st->n_lead_of) {
        sb_add(sb, "lead of ");
        for (size_t i = 0; i < st->n_lead_of; i++)
            sb_addf(sb, "%s%s", i ? ", " : "", st->lead_of[i]);
        return;
    }
    sb_addf(sb, "a %s", role_name(store_role(st, NULL)));
}

int store_authorize(struct store *st, enum perm p, const char *dept, const char *dept2,
                    const char *what, struct err *e)
{
    if (store_may(st, p, dept, dept2))
        return 0;
    if (st->readonly)
        return store_check_writable(st, e);
    struct strbuf need, have;
    sb_init(&need);
    sb_init(&have);
    perm_need_phrase(p, false, dept, dept2, &need);
    const char *ask = "ask an admin";
    if (p != PERM_ADMIN && (int)p >= 0 && p < PERM_COUNT)
        ask = !perm_rules[p].per_department                ? "ask an admin for the member role"
              : str_empty(dept) && str_empty(dept2) ? "ask an admin"
                                                    : "ask a lead or an admin";
    describe(st, &have);
    err_set(e, ERR_DENIED, "permission denied: %s needs %s (you, %s, are %s); %s",
            what ? what : "this change", sb_str(&need), st->actor ? st->actor : "unknown",
            sb_str(&have), ask);
    sb_fini(&need);
    sb_fini(&have);
    return -ERR_DENIED;
}

int store_require(struct store *st, enum role need, const char *what, struct err *e)
{
    enum role have = st->role == ROLE_ADMIN ? ROLE_ADMIN : st->n_lead_of ? ROLE_LEAD : st->role;
    if (have >= need && !st->readonly)
        return 0;
    if (st->readonly)
        return store_check_writable(st, e);
    struct strbuf sb;
    sb_init(&sb);
    describe(st, &sb);
    const char *needs = need == ROLE_ADMIN    ? "an admin"
                        : need == ROLE_LEAD   ? "a lead of some department, or an admin"
                        : need == ROLE_MEMBER ? "the member role"
                                              : "the viewer role";
    err_set(e, ERR_DENIED, "permission denied: %s needs %s (you, %s, are %s); ask an admin",
            what ? what : "this change", needs, st->actor ? st->actor : "unknown", sb_str(&sb));
    sb_fini(&sb);
    return -ERR_DENIED;
}

bool store_readonly(const struct store *st)
{
    return st->readonly;
}
