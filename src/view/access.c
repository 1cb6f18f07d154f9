/*
 * Which keys a user may use. One table says what each writing command of
 * the keymap needs of the actor; the cockpit greys the keys whose right
 * the actor lacks (help overlay, status-bar hints) and refuses them with a
 * line naming the role needed, before any form or prompt opens. The model
 * checks the same rights again on every write (store_may is its rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/department.h"
#include "view_internal.h"

static const struct cmd_right rights[] = {
    {CMD_ADD, "departments", PERM_ADMIN, "adding a department"},
    {CMD_ADD, "projects", PERM_EDIT, "adding a project"},
    {CMD_ADD, "blockers", PERM_RAISE, "raising a blocker"},
    {CMD_ADD, "indicators", PERM_RECORD, "recording a reading"},
    {CMD_EDIT, "departments", PERM_ADMIN, "editing a department"},
    {CMD_EDIT, "projects", PERM_EDIT, "editing a project"},
    {CMD_EDIT, "indicators", PERM_EDIT, "editing an indicator"},
    {CMD_EDIT, NULL, PERM_EDIT, "editing a blocker"},
    {CMD_T_ACCEPT, NULL, PERM_TRIAGE, "accepting a blocker"},
    {CMD_T_START, NULL, PERM_TRIAGE, "starting work on a blocker"},
    {CMD_T_SEV1, NULL, PERM_TRIAGE, "setting a blocker's severity"},
    {CMD_T_SEV2, NULL, PERM_TRIAGE, "setting a blocker's severity"},
    {CMD_T_SEV3, NULL, PERM_TRIAGE, "setting a blocker's severity"},
    {CMD_T_SEV4, NULL, PERM_TRIAGE, "setting a blocker's severity"},
    {CMD_T_OWNER, NULL, PERM_TRIAGE, "setting a blocker's owner"},
    {CMD_T_WAITING, NULL, PERM_TRIAGE, "setting whom a blocker waits on"},
    {CMD_T_ESCALATE, NULL, PERM_TRIAGE, "escalating a blocker"},
    {CMD_T_RESOLVE, NULL, PERM_TRIAGE, "resolving a blocker"},
    {CMD_T_DECLINE, NULL, PERM_TRIAGE, "declining a blocker"},
    {CMD_T_DUPLICATE, NULL, PERM_TRIAGE, "marking a duplicate"},
    {CMD_T_SNOOZE, NULL, PERM_TRIAGE, "snoozing a blocker"},
    {CMD_T_REOPEN, NULL, PERM_TRIAGE, "reopening a blocker"},
    {CMD_T_COMMENT, NULL, PERM_NOTE, "commenting on a blocker"},
    {CMD_T_UNDO, NULL, PERM_TRIAGE, "undoing a verdict"},
    {CMD_STANDUP, NULL, PERM_EDIT, "running a stand-up"},
    {CMD_SU_NEXT, NULL, PERM_EDIT, "moving the stand-up on"},
    {CMD_SU_PREV, NULL, PERM_EDIT, "moving the stand-up back"},
    {CMD_SU_SKIP, NULL, PERM_EDIT, "skipping a department"},
    {CMD_SU_END, NULL, PERM_EDIT, "ending the stand-up"},
    {CMD_SU_NOTE, NULL, PERM_NOTE, "adding a note"},
    {CMD_SU_DECISION, NULL, PERM_NOTE, "recording a decision"},
    {CMD_SU_ACTION, NULL, PERM_NOTE, "adding an action"},
    {CMD_SU_PARKING, NULL, PERM_NOTE, "adding to the parking lot"},
};

/* Commands whose right is per department but which name none: they need
 * the actor to lead some department. */
static bool no_department(enum cmd c, const struct pane_class *cls)
{
    return (c == CMD_ADD && cls == &pane_projects) || c == CMD_STANDUP ||
           (c >= CMD_SU_NEXT && c <= CMD_SU_END && c != CMD_SU_NOTE && c != CMD_SU_DECISION &&
            c != CMD_SU_ACTION && c != CMD_SU_PARKING);
}

const struct cmd_right *view_cmd_right(enum cmd c, const struct pane_class *cls)
{
    for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++)
        if (rights[i].cmd == c && (!rights[i].pane || (cls && str_eq(rights[i].pane, cls->name))))
            return &rights[i];
    return NULL;
}

bool view_cmd_may(const struct store *st, enum cmd c, const struct pane_class *cls,
                  const char *dept, const char *dept2, bool leads_any)
{
    const struct cmd_right *r = view_cmd_right(c, cls);
    if (!r)
        return true;
    if (store_readonly(st))
        return false;
    if (no_department(c, cls))
        return store_role(st, NULL) == ROLE_ADMIN || leads_any;
    return store_may(st, r->perm, str_empty(dept) ? NULL : dept, str_empty(dept2) ? NULL : dept2);
}

void view_cmd_refusal(const struct store *st, enum cmd c, const struct pane_class *cls,
                      const char *dept, const char *dept2, struct strbuf *out)
{
    if (store_readonly(st)) {
        sb_add(out, VIEW_READONLY_BANNER);
        return;
    }
    const struct cmd_right *r = view_cmd_right(c, cls);
    const char *what = r ? r->what : "this";
    enum perm p = r ? r->perm : PERM_ADMIN;
    const char *have = role_name(store_role(st, NULL));
    sb_addf(out, "permission denied: %s needs ", what);
    if (p == PERM_ADMIN) {
        sb_add(out, "an admin");
    } else if (p == PERM_RAISE || p == PERM_RECORD || p == PERM_NOTE) {
        sb_add(out, "the member role");
    } else if (no_department(c, cls)) {
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
    /* one line that fits a status bar: the header already says who you are */
    sb_addf(out, "; you are %s %s", store_role(st, NULL) == ROLE_ADMIN ? "an" : "a", have);
}

bool view_leads_any(struct store *st)
{
    if (store_role(st, NULL) == ROLE_ADMIN)
        return true;
    struct department *v = NULL;
    size_t n = 0;
    struct err e = {0};
    struct query q = {0};
    if (department_list(st, &q, &v, &n, &e))
        return false;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = store_may(st, PERM_EDIT, v[i].key, NULL);
    department_list_free(v, n);
    return any;
}
