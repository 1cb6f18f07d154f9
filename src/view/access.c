/*
 * Which keys a user may use. One table says which action of the model's
 * rights table each writing command of the keymap is; the cockpit greys the keys whose right
 * the actor lacks (help overlay, status-bar hints) and refuses them with a
 * line naming the role needed, before any form or prompt opens. The model
 * checks the same rights again on every write (store_may is its rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/department.h"
#include "view_internal.h"

/* Which action each writing key is (the rights are the model's table of
 * rights per action). */
static const struct cmd_right rights[] = {
    {CMD_ADD, &pane_departments, ACT_ADD_DEPARTMENT},
    {CMD_ADD, &pane_projects, ACT_ADD_PROJECT},
    {CMD_ADD, &pane_blockers, ACT_RAISE_BLOCKER},
    {CMD_ADD, &pane_indicators, ACT_RECORD_READING},
    {CMD_EDIT, &pane_departments, ACT_EDIT_DEPARTMENT},
    {CMD_EDIT, &pane_projects, ACT_EDIT_PROJECT},
    {CMD_EDIT, &pane_indicators, ACT_EDIT_INDICATOR},
    {CMD_EDIT, NULL, ACT_EDIT_BLOCKER},
    {CMD_T_ACCEPT, NULL, ACT_ACCEPT},              {CMD_T_START, NULL, ACT_START},
    {CMD_T_SEV1, NULL, ACT_SET_SEVERITY},          {CMD_T_SEV2, NULL, ACT_SET_SEVERITY},
    {CMD_T_SEV3, NULL, ACT_SET_SEVERITY},          {CMD_T_SEV4, NULL, ACT_SET_SEVERITY},
    {CMD_T_OWNER, NULL, ACT_SET_OWNER},            {CMD_T_WAITING, NULL, ACT_SET_WAITING_ON},
    {CMD_T_ESCALATE, NULL, ACT_ESCALATE},          {CMD_T_RESOLVE, NULL, ACT_RESOLVE},
    {CMD_T_DECLINE, NULL, ACT_DECLINE},            {CMD_T_DUPLICATE, NULL, ACT_DUPLICATE},
    {CMD_T_SNOOZE, NULL, ACT_SNOOZE},              {CMD_T_REOPEN, NULL, ACT_REOPEN},
    {CMD_T_COMMENT, NULL, ACT_COMMENT},            {CMD_T_UNDO, NULL, ACT_UNDO},
    {CMD_STANDUP, NULL, ACT_RUN_STANDUP},          {CMD_SU_NEXT, NULL, ACT_STANDUP_NEXT},
    {CMD_SU_PREV, NULL, ACT_STANDUP_PREV},         {CMD_SU_SKIP, NULL, ACT_STANDUP_SKIP},
    {CMD_SU_END, NULL, ACT_STANDUP_END},           {CMD_SU_NOTE, NULL, ACT_STANDUP_NOTE},
    {CMD_SU_DECISION, NULL, ACT_STANDUP_DECISION}, {CMD_SU_ACTION, NULL, ACT_STANDUP_ACTION},
    {CMD_SU_PARKING, NULL, ACT_STANDUP_PARKING},
    {CMD_CHECKIN, NULL, ACT_CHECKIN_OBJECTIVE},
};

const struct cmd_right *view_cmd_right(enum cmd c, const struct pane_class *cls)
{
    for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++)
        if (rights[i].cmd == c && (!rights[i].pane || rights[i].pane == cls))
            return &rights[i];
    return NULL;
}

bool view_cmd_may(const struct store *st, enum cmd c, const struct pane_class *cls,
                  const char *dept, const char *dept2, bool leads_any)
{
    const struct cmd_right *r = view_cmd_right(c, cls);
    return !r || store_may_act(st, r->action, dept, dept2, leads_any);
}

void view_cmd_refusal(const struct store *st, enum cmd c, const struct pane_class *cls,
                      const char *dept, const char *dept2, struct strbuf *out)
{
    if (store_readonly(st)) {
        sb_add(out, VIEW_READONLY_BANNER);
        return;
    }
    const struct cmd_right *r = view_cmd_right(c, cls);
    const struct action_rule *rule = r ? store_action(r->action) : NULL;
    sb_addf(out, "permission denied: %s needs ", rule ? rule->what : "this");
    perm_need_phrase(rule ? rule->perm : PERM_ADMIN, rule && rule->any_lead, dept, dept2, out);
    /* one line that fits a status bar: the header already says who you are */
    sb_addf(out, "; you are %s %s", store_role(st, NULL) == ROLE_ADMIN ? "an" : "a",
            role_name(store_role(st, NULL)));
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
