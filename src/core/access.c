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
    const char *ask = "ask an admin";
    if (p == PERM_ADMIN || (int)p < 0 || p >= PERM_COUNT) {
        sb_add(&need, "an admin");
    } else if (!perm_rules[p].per_department) {
        sb_addf(&need, "the %s role", role_name(perm_rules[p].need));
        ask = "ask an admin for the member role";
    } else if (str_empty(dept) && str_empty(dept2)) {
        sb_add(&need, "an admin (it belongs to no department)");
    } else {
        sb_add(&need, "lead of ");
        if (!str_empty(dept))
            sb_add(&need, dept);
        if (!str_empty(dept2) && !str_eq(dept, dept2))
            sb_addf(&need, "%s%s", str_empty(dept) ? "" : " or ", dept2);
        ask = "ask a lead or an admin";
    }
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
