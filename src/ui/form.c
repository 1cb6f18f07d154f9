/*
 * Forms to add and edit departments, people, projects (with their
 * dependencies), blockers, indicators and readings: a box over the screen
 * with labelled fields, Tab between them, a picker (C-o) for references,
 * and each field's problem shown next to it: first what the field can
 * check by itself (form.h), then whether what it names exists, and on
 * saving whatever the model refuses. Esc closes with nothing written.
 * Editing names the version read, so a save over a colleague's change is
 * refused with who changed what; the form stays open with the typed
 * input, and C-r reloads the item when wanted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/form.h"
#include "baton/indicator.h"
#include "baton/picker.h"
#include "baton/project.h"
#include "baton/utf8.h"
#include "ui_internal.h"

enum fentity { FE_DEPT, FE_PERSON, FE_PROJECT, FE_BLOCKER, FE_INDICATOR, FE_READING };
enum fref { R_NONE = 0, R_DEPT, R_PERSON, R_PROJECT, R_INDICATOR };

static const char *const entity_name[] = {"department", "person", "project",
                                          "blocker",    "indicator", "reading"};

struct form_ui {
    struct form f;
    enum fentity ent;
    bool editing;
    char *key;
    int64_t version;
    WINDOW *win;
    int cur_y, cur_x;
};

static const char *const yes_no[] = {"no", "yes", NULL};
static const char *const statuses[] = {"planned", "active", "on_hold", "done", "cancelled", NULL};
static const char *const healths[] = {"derived", "green", "amber", "red", NULL};
static const char *const kinds[] = {"issue", "risk", "dependency", NULL};
static const char *const directions[] = {"up", "down", NULL};

/* ---- building the form of each entity ---- */

static struct form_field *ref(struct form *fm, const char *name, const char *label,
                              enum form_kind kind, bool req, const char *v, enum fref r)
{
    struct form_field *f = form_field_add(fm, name, label, kind, req, v);
    if (f)
        f->ref = r;
    return f;
}

static struct form_field *choice(struct form *fm, const char *name, const char *label,
                                 const char *const *ch, const char *v)
{
    struct form_field *f = form_field_add(fm, name, label, FF_CHOICE, true, v);
    if (f)
        f->choices = ch;
    return f;
}

static struct form_field *number(struct form *fm, const char *name, const char *label,
                                 long min, long max, bool req, long v, bool has)
{
    char buf[32] = "";
    if (has)
        snprintf(buf, sizeof buf, "%ld", v);
    struct form_field *f = form_field_add(fm, name, label, FF_INT, req, buf);
    if (f) {
        f->min = min;
        f->max = max;
    }
    return f;
}

static void dbl(char out[48], bool has, double v)
{
    if (has)
        snprintf(out, 48, "%.15g", v);
    else
        out[0] = 0;
}

/* Fills the form for ent from the item key (NULL: a new one). */
static int build(struct app *a, struct form_ui *u, const char *key, struct err *e)
{
    struct form *fm = &u->f;
    char title[96];
    if (u->ent == FE_READING)
        snprintf(title, sizeof title, "Record a reading");
    else
        snprintf(title, sizeof title, "%s %s%s%s", u->editing ? "Edit" : "Add",
                 entity_name[u->ent], u->editing ? " " : "", u->editing ? key : "");
    form_init(fm, title);
    struct form_field *f;
    switch (u->ent) {
    case FE_DEPT: {
        struct department d = {0};
        if (key && department_get(a->st, key, &d, e))
            return -e->code;
        f = form_field_add(fm, "key", "Key", FF_TEXT, true, d.key);
        f->readonly = key != NULL;
        form_field_add(fm, "name", "Name", FF_TEXT, true, d.name);
        ref(fm, "lead", "Lead", FF_REF, false, d.lead, R_PERSON);
        number(fm, "order", "Sort order", -1000000, 1000000, false, d.sort_order, key != NULL);
        if (key)
            choice(fm, "archived", "Archived", yes_no, d.archived ? "yes" : "no");
        u->version = d.version;
        department_fini(&d);
        break;
    }
    case FE_PERSON: {
        struct person p = {0};
        if (key && person_get(a->st, key, &p, e))
            return -e->code;
        f = form_field_add(fm, "login", "Login", FF_TEXT, true, p.login);
        f->readonly = key != NULL;
        form_field_add(fm, "name", "Name", FF_TEXT, true, p.name);
        form_field_add(fm, "title", "Job title", FF_TEXT, false, p.title);
        ref(fm, "dept", "Department", FF_REF, false, p.department ? p.department : a->dept,
            R_DEPT);
        u->version = p.version;
        person_fini(&p);
        break;
    }
    case FE_PROJECT: {
        struct project p = {0};
        if (key && project_get(a->st, key, &p, e))
            return -e->code;
        f = form_field_add(fm, "key", "Key", FF_TEXT, true, p.key);
        f->readonly = key != NULL;
        form_field_add(fm, "title", "Title", FF_TEXT, true, p.title);
        ref(fm, "dept", "Department", FF_REF, true, key ? p.department : a->dept, R_DEPT);
        ref(fm, "owner", "Owner", FF_REF, false, p.owner, R_PERSON);
        choice(fm, "status", "Status", statuses, project_status_name(p.status));
        choice(fm, "health", "Health", healths,
               p.health_set == HEALTH_UNKNOWN ? "derived" : health_name(p.health_set));
        number(fm, "progress", "Progress %", 0, 100, false, p.progress, true);
        form_field_add(fm, "start", "Start", FF_DATE, false, p.start);
        form_field_add(fm, "due", "Due", FF_DATE, false, p.due);
        form_field_add(fm, "description", "Description", FF_TEXT, false, p.description);
        struct strbuf deps;
        sb_init(&deps);
        for (size_t i = 0; i < p.n_depends_on; i++)
            sb_addf(&deps, "%s%s", i ? ", " : "", p.depends_on[i]);
        ref(fm, "depends", "Depends on", FF_REFS, false, sb_str(&deps), R_PROJECT);
        sb_fini(&deps);
        u->version = p.version;
        project_fini(&p);
        break;
    }
    case FE_BLOCKER: {
        struct blocker b = {0};
        if (key && blocker_get(a->st, key, &b, e))
            return -e->code;
        f = ref(fm, "project", "Project", FF_REF, true, b.project, R_PROJECT);
        f->readonly = key != NULL;
        form_field_add(fm, "title", "Title", FF_TEXT, true, b.title);
        form_field_add(fm, "detail", "Detail", FF_TEXT, false, b.detail);
        choice(fm, "kind", "Kind", kinds, blocker_kind_name(b.kind));
        number(fm, "severity", "Severity 1-4", 1, 4, false, b.severity, b.severity > 0);
        ref(fm, "waiting_on", "Waiting on", FF_REF, false, b.waiting_on, R_DEPT);
        ref(fm, "owner", "Owner", FF_REF, false, b.owner, R_PERSON);
        /* a needed-by kept as a time (from an organisation file) is edited
         * as the person's date of it */
        char needed[16] = "";
        btime t;
        if (b.needed_by && strlen(b.needed_by) > 10 && time_parse(b.needed_by, &t))
            time_show_date(t, needed);
        form_field_add(fm, "needed_by", "Needed by", FF_DATE, false,
                       needed[0] ? needed : b.needed_by);
        u->version = b.version;
        blocker_fini(&b);
        break;
    }
    case FE_INDICATOR: {
        struct indicator in = {0};
        if (key && indicator_get(a->st, key, &in, e))
            return -e->code;
        char t[48], am[48], rd[48];
        dbl(t, in.has_target, in.target);
        dbl(am, in.has_amber, in.amber);
        dbl(rd, in.has_red, in.red);
        f = form_field_add(fm, "key", "Key", FF_TEXT, true, in.key);
        f->readonly = key != NULL;
        form_field_add(fm, "name", "Name", FF_TEXT, true, in.name);
        ref(fm, "dept", "Department", FF_REF, false, key ? in.department : a->dept, R_DEPT);
        form_field_add(fm, "unit", "Unit", FF_TEXT, false, in.unit);
        choice(fm, "direction", "Better when", directions, direction_name(in.direction));
        form_field_add(fm, "target", "Target", FF_NUMBER, false, t);
        form_field_add(fm, "amber", "Amber at", FF_NUMBER, false, am);
        form_field_add(fm, "red", "Red at", FF_NUMBER, false, rd);
        number(fm, "stale", "Stale after days", 0, 3650, false, in.stale_days, true);
        u->version = in.version;
        indicator_fini(&in);
        break;
    }
    case FE_READING: {
        char now[TIME_SHOW_MAX];
        time_fmt_zone(time_user_zone(), time_now(), TF_DATE | TF_HM, now);
        ref(fm, "indicator", "Indicator", FF_REF, true, key, R_INDICATOR);
        form_field_add(fm, "value", "Value", FF_NUMBER, true, NULL);
        form_field_add(fm, "at", "At", FF_TIME, true, now);
        form_field_add(fm, "note", "Note", FF_TEXT, false, NULL);
        break;
    }
    }
    fm->focus = 0;
    if (fm->f[0].readonly)
        form_focus_move(fm, 1);
    return 0;
}

/* ---- checks that need the database ---- */

static bool ref_exists(struct app *a, enum fref r, const char *key)
{
    struct err e = {0};
    int rc = -1;
    switch (r) {
    case R_DEPT: {
        struct department d = {0};
        rc = department_get(a->st, key, &d, &e);
        department_fini(&d);
        break;
    }
    case R_PERSON: {
        struct person p = {0};
        rc = person_get(a->st, key, &p, &e);
        person_fini(&p);
        break;
    }
    case R_PROJECT: {
        struct project p = {0};
        rc = project_get(a->st, key, &p, &e);
        project_fini(&p);
        break;
    }
    case R_INDICATOR: {
        struct indicator i = {0};
        rc = indicator_get(a->st, key, &i, &e);
        indicator_fini(&i);
        break;
    }
    default: return true;
    }
    return rc == 0;
}

static const char *const ref_word[] = {"", "department", "person", "project", "indicator"};

static bool check_field(struct app *a, struct form_field *f)
{
    if (f->readonly)
        return true;
    if (!form_check_field(f))
        return false;
    if (f->kind != FF_REF && f->kind != FF_REFS)
        return true;
    if (!f->value.len)
        return true;
    char *copy = xstrdup(f->value.buf);
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
        /* an owner or lead need not be in the people list: logins come first */
        if (f->ref != R_PERSON && !ref_exists(a, (enum fref)f->ref, tok)) {
            form_set_error(f, "no %s '%s' (C-o lists them)", ref_word[f->ref], tok);
            break;
        }
    free(copy);
    return f->err[0] == 0;
}

/* ---- saving ---- */

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static bool parse_num(const char *s, double *out)
{
    if (!s)
        return false;
    char *end = NULL;
    *out = strtod(s, &end);
    return end && !*end;
}

static int save_project(struct app *a, struct form_ui *u, struct err *e)
{
    struct form *fm = &u->f;
    struct project p = {0};
    p.key = dup_or_null(form_get(fm, "key"));
    p.title = dup_or_null(form_get(fm, "title"));
    p.department = dup_or_null(form_get(fm, "dept"));
    p.owner = dup_or_null(form_get(fm, "owner"));
    project_status_parse(form_get(fm, "status"), &p.status);
    const char *h = form_get(fm, "health");
    if (!h || strcmp(h, "derived") == 0 || !health_parse(h, &p.health_set))
        p.health_set = HEALTH_UNKNOWN;
    long prog = 0;
    str_to_long(form_get(fm, "progress"), &prog);
    p.progress = (int)prog;
    p.start = dup_or_null(form_get(fm, "start"));
    p.due = dup_or_null(form_get(fm, "due"));
    p.description = dup_or_null(form_get(fm, "description"));
    p.version = u->version;
    char **deps = NULL;
    size_t nd = 0;
    const char *dv = form_get(fm, "depends");
    char *copy = xstrdup(dv ? dv : "");
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        deps = xrealloc(deps, (nd + 1) * sizeof *deps);
        deps[nd++] = xstrdup(tok);
    }
    free(copy);
    int rc;
    if (!u->editing) {
        p.depends_on = deps;
        p.n_depends_on = nd;
        rc = project_add(a->st, &p, e);
        p.depends_on = NULL;
        p.n_depends_on = 0;
    } else {
        /* the fields and the dependencies are one change */
        rc = store_begin(a->st, e);
        if (!rc)
            rc = project_update(a->st, &p, e);
        if (!rc)
            rc = project_set_depends(a->st, p.key, deps, nd, e);
        if (rc)
            store_rollback(a->st);
        else
            rc = store_commit(a->st, e);
    }
    for (size_t i = 0; i < nd; i++)
        free(deps[i]);
    free(deps);
    project_fini(&p);
    return rc;
}

static int save(struct app *a, struct form_ui *u, char **saved_key, struct err *e)
{
    struct form *fm = &u->f;
    *saved_key = NULL;
    int rc = 0;
    switch (u->ent) {
    case FE_DEPT: {
        struct department d = {0};
        d.key = (char *)form_get(fm, "key");
        d.name = (char *)form_get(fm, "name");
        d.lead = (char *)form_get(fm, "lead");
        long order = 0;
        str_to_long(form_get(fm, "order"), &order);
        d.sort_order = (int)order;
        const char *arch = form_get(fm, "archived");
        d.archived = arch && strcmp(arch, "yes") == 0;
        d.version = u->version;
        *saved_key = dup_or_null(d.key);
        rc = u->editing ? department_update(a->st, &d, e) : department_add(a->st, &d, e);
        break;
    }
    case FE_PERSON: {
        struct person p = {0};
        p.login = (char *)form_get(fm, "login");
        p.name = (char *)form_get(fm, "name");
        p.title = (char *)form_get(fm, "title");
        p.department = (char *)form_get(fm, "dept");
        p.version = u->version;
        *saved_key = dup_or_null(p.login);
        rc = u->editing ? person_update(a->st, &p, e) : person_add(a->st, &p, e);
        break;
    }
    case FE_PROJECT:
        *saved_key = dup_or_null(form_get(fm, "key"));
        rc = save_project(a, u, e);
        break;
    case FE_BLOCKER: {
        struct blocker b = {0};
        b.key = u->key;
        b.project = (char *)form_get(fm, "project");
        b.title = (char *)form_get(fm, "title");
        b.detail = (char *)form_get(fm, "detail");
        blocker_kind_parse(form_get(fm, "kind"), &b.kind);
        long sev = 0;
        str_to_long(form_get(fm, "severity"), &sev);
        b.severity = (int)sev;
        b.waiting_on = (char *)form_get(fm, "waiting_on");
        b.owner = (char *)form_get(fm, "owner");
        b.needed_by = (char *)form_get(fm, "needed_by");
        b.version = u->version;
        if (u->editing) {
            rc = blocker_update(a->st, &b, e);
            *saved_key = dup_or_null(u->key);
        } else {
            rc = blocker_add(a->st, &b, saved_key, e);
        }
        break;
    }
    case FE_INDICATOR: {
        struct indicator in = {0};
        struct err ignore = {0};
        if (u->editing && indicator_get(a->st, u->key, &in, &ignore)) {
            rc = err_set(e, ERR_USAGE, "%s", ignore.msg);
            break;
        }
        free(in.key);
        free(in.name);
        free(in.department);
        free(in.unit);
        in.key = dup_or_null(form_get(fm, "key"));
        in.name = dup_or_null(form_get(fm, "name"));
        in.department = dup_or_null(form_get(fm, "dept"));
        in.unit = dup_or_null(form_get(fm, "unit"));
        direction_parse(form_get(fm, "direction"), &in.direction);
        in.has_target = parse_num(form_get(fm, "target"), &in.target);
        in.has_amber = parse_num(form_get(fm, "amber"), &in.amber);
        in.has_red = parse_num(form_get(fm, "red"), &in.red);
        long stale = 0;
        str_to_long(form_get(fm, "stale"), &stale);
        in.stale_days = (int)stale;
        in.version = u->version;
        *saved_key = dup_or_null(in.key);
        rc = u->editing ? indicator_update(a->st, &in, e) : indicator_add(a->st, &in, e);
        indicator_fini(&in);
        break;
    }
    case FE_READING: {
        double v = 0;
        parse_num(form_get(fm, "value"), &v);
        *saved_key = dup_or_null(form_get(fm, "indicator"));
        rc = indicator_record(a->st, form_get(fm, "indicator"), form_get(fm, "at"), v,
                              form_get(fm, "note"), e);
        break;
    }
    }
    if (rc) {
        free(*saved_key);
        *saved_key = NULL;
    }
    return rc;
}

/* ---- opening and closing ---- */

/* The open form, or NULL. */
static struct form_ui *form_ui(const struct app *a)
{
    return mode_data(a, &mode_form);
}

static void form_open(struct app *a, enum fentity ent, const char *key, bool editing)
{
    form_free(a);
    struct form_ui *u = xcalloc(1, sizeof *u);
    u->ent = ent;
    u->editing = editing;
    u->key = editing && key ? xstrdup(key) : NULL;
    struct err e = {0};
    if (build(a, u, key, &e)) {
        free(u->key);
        free(u);
        app_message(a, true, "%s", e.msg);
        return;
    }
    /* the rights are the model's: say at once when saving would be refused */
    mode_push(a, &mode_form, u);
    a->msg[0] = 0;
    a->dirty_main = a->dirty_status = true;
}

static void fini(struct app *a, void *data)
{
    struct form_ui *u = data;
    if (u->win)
        delwin(u->win);
    free(u->key);
    free(u);
}

static void leave(struct app *a, void *data)
{
    fini(a, data);
    draw_mark_panes(a);
    a->dirty_status = true;
}

void form_free(struct app *a)
{
    mode_remove(a, &mode_form);
}

static bool chose_entity(struct app *a, const char *text, void *arg)
{
    static const struct {
        char c;
        enum fentity ent;
    } map[] = {{'d', FE_DEPT}, {'p', FE_PERSON}, {'i', FE_INDICATOR}, {'r', FE_READING}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (text[0] == map[i].c) {
            const char *key = NULL;
            const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
            if (map[i].ent == FE_READING && r)
                key = r->key;
            form_open(a, map[i].ent, key, false);
            return true;
        }
    app_message(a, true, "type one of the letters shown; Esc cancels");
    return false;
}

void form_add(struct app *a)
{
    const struct pane_class *cls = a->panes[a->focus].pane.cls;
    if (cls == &pane_projects) {
        form_open(a, FE_PROJECT, NULL, false);
    } else if (cls == &pane_blockers) {
        form_open(a, FE_BLOCKER, NULL, false);
        /* a new blocker on the selected one's project is the likely case */
        if (form_ui(a)) {
            const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
            struct blocker b;
            struct err e = {0};
            if (r && blocker_get(a->st, r->key, &b, &e) == 0) {
                line_set(&form_field(&form_ui(a)->f, "project")->value, b.project);
                blocker_fini(&b);
            }
        }
    } else if (cls == &pane_indicators) {
        struct prompt_opts o = {.instant = "ir", .hint = "i a new indicator, r record a reading"};
        prompt_open(a, "add", &o, chose_entity, NULL);
    } else {
        struct prompt_opts o = {.instant = "dp", .hint = "d a new department, p a new person"};
        prompt_open(a, "add", &o, chose_entity, NULL);
    }
}

void form_edit(struct app *a, const struct pane_class *cls, const char *key)
{
    enum fentity ent = cls == &pane_departments ? FE_DEPT
                       : cls == &pane_projects  ? FE_PROJECT
                       : cls == &pane_blockers  ? FE_BLOCKER
                                                : FE_INDICATOR;
    form_open(a, ent, key, true);
}

/* ---- keys ---- */

static void picked(struct app *a, struct picker *p, const char *key, void *arg)
{
    struct form_ui *u = form_ui(a);
    if (!u)
        return;
    struct form_field *f = &u->f.f[(intptr_t)arg];
    if (p->multi) {
        const char **keys = NULL;
        size_t n = picker_chosen(p, &keys);
        struct strbuf sb;
        sb_init(&sb);
        for (size_t i = 0; i < n; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", keys[i]);
        free(keys);
        line_set(&f->value, sb_str(&sb));
        sb_fini(&sb);
    } else if (key) {
        line_set(&f->value, key);
    }
    check_field(a, f);
    a->dirty_main = true;
}

/* Past this many, projects and indicators are not all loaded into the
 * picker: each query reads a window of its matches from the store. */
#define PICK_ALL_MAX 2000
#define PICK_WINDOW 60

/* The form's own key, which a project's dependencies leave out. */
static const char *form_self(struct app *a)
{
    return form_ui(a) ? form_get(&form_ui(a)->f, "key") : NULL;
}

static int refill_projects(struct picker *p, void *ctx)
{
    struct app *a = ctx;
    picker_clear(p);
    struct query q = {.text = p->query.len ? p->query.buf : NULL,
                      .sort = PROJECT_SORT_KEY,
                      .limit = PICK_WINDOW};
    struct project *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (project_list(a->st, &q, &v, &n, &e))
        return -1;
    const char *self = p->multi ? form_self(a) : NULL;
    for (size_t i = 0; i < n; i++)
        if (!str_eq(self, v[i].key) && !picker_has(p, v[i].key))
            picker_add(p, v[i].key, v[i].title);
    project_list_free(v, n);
    return 0;
}

static int refill_indicators(struct picker *p, void *ctx)
{
    struct app *a = ctx;
    picker_clear(p);
    struct query q = {.text = p->query.len ? p->query.buf : NULL,
                      .sort = IND_SORT_KEY,
                      .limit = PICK_WINDOW};
    struct indicator *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (indicator_list(a->st, &q, &v, &n, &e))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!picker_has(p, v[i].key))
            picker_add(p, v[i].key, v[i].name);
    indicator_list_free(v, n);
    return 0;
}

/* A picker of many projects: the current choices first (chosen, with
 * their titles), the rest read per query by refill_projects. */
static void pick_many_projects(struct app *a, struct picker *pk, const char *cur)
{
    pk->refill = refill_projects;
    pk->refill_ctx = a;
    if (!pk->multi)
        return;
    char *list = xstrdup(cur);
    for (char *k = strtok(list, ","); k; k = strtok(NULL, ",")) {
        struct project pr;
        struct err e = {0};
        if (project_get(a->st, k, &pr, &e) == 0) {
            struct pick_item *it = picker_add(pk, pr.key, pr.title);
            it->chosen = it->pinned = true;
            project_fini(&pr);
        }
    }
    free(list);
}

static void open_picker(struct app *a)
{
    struct form_ui *u = form_ui(a);
    struct form_field *f = &u->f.f[u->f.focus];
    struct picker pk;
    char title[96];
    snprintf(title, sizeof title, "%s", f->label);
    if (f->kind == FF_CHOICE) {
        picker_init(&pk, title, false);
        for (size_t i = 0; f->choices[i]; i++)
            picker_add(&pk, f->choices[i], "");
        picker_open(a, &pk, picked, (void *)(intptr_t)u->f.focus);
        return;
    }
    if (f->kind != FF_REF && f->kind != FF_REFS) {
        app_message(a, false, "%s is typed, not chosen from a list", f->label);
        return;
    }
    picker_init(&pk, title, f->kind == FF_REFS);
    pk.allow_typed = f->ref == R_PERSON;
    struct err e = {0};
    struct query q = {0};
    int64_t total = 0;
    /* the current value(s) stay chosen in a list that takes several */
    char *cur = xasprintf(",%s,", f->value.buf);
    for (char *s = cur; *s; s++)
        if (*s == ' ')
            *s = ',';
    if (f->ref == R_DEPT) {
        struct department *v = NULL;
        size_t n = 0;
        if (department_list(a->st, &q, &v, &n, &e) == 0)
            for (size_t i = 0; i < n; i++)
                picker_add(&pk, v[i].key, v[i].name);
        department_list_free(v, n);
    } else if (f->ref == R_PERSON) {
        struct person *v = NULL;
        size_t n = 0;
        if (person_list(a->st, &q, &v, &n, &e) == 0)
            for (size_t i = 0; i < n; i++)
                picker_add(&pk, v[i].login, v[i].name);
        person_list_free(v, n);
    } else if (f->ref == R_PROJECT && project_count(a->st, &q, &total, &e) == 0 &&
               total > PICK_ALL_MAX) {
        pick_many_projects(a, &pk, cur);
    } else if (f->ref == R_PROJECT) {
        struct project *v = NULL;
        size_t n = 0;
        const char *self = form_get(&u->f, "key");
        if (project_list(a->st, &q, &v, &n, &e) == 0)
            for (size_t i = 0; i < n; i++) {
                if (f->kind == FF_REFS && str_eq(self, v[i].key))
                    continue;
                char *needle = xasprintf(",%s,", v[i].key);
                struct pick_item *it = picker_add(&pk, v[i].key, v[i].title);
                it->chosen = pk.multi && strstr(cur, needle) != NULL;
                it->pinned = it->chosen; /* what is chosen shows first */
                free(needle);
            }
        project_list_free(v, n);
    } else if (f->ref == R_INDICATOR && indicator_count(a->st, &q, &total, &e) == 0 &&
               total > PICK_ALL_MAX) {
        pk.refill = refill_indicators;
        pk.refill_ctx = a;
    } else if (f->ref == R_INDICATOR) {
        struct indicator *v = NULL;
        size_t n = 0;
        if (indicator_list(a->st, &q, &v, &n, &e) == 0)
            for (size_t i = 0; i < n; i++)
                picker_add(&pk, v[i].key, v[i].name);
        indicator_list_free(v, n);
    }
    free(cur);
    if (e.code) {
        picker_fini(&pk);
        app_message(a, true, "%s", e.msg);
        return;
    }
    picker_open(a, &pk, picked, (void *)(intptr_t)u->f.focus);
}

static void do_save(struct app *a)
{
    struct form_ui *u = form_ui(a);
    bool ok = true;
    for (int i = 0; i < u->f.n; i++)
        if (!check_field(a, &u->f.f[i]) && ok) {
            ok = false;
            u->f.focus = i;
        }
    if (!ok) {
        snprintf(u->f.msg, sizeof u->f.msg, "not saved: fix the field marked !");
        u->f.msg_error = true;
        return;
    }
    struct err e = {0};
    char *key = NULL;
    if (save(a, u, &key, &e)) {
        /* the form stays, with what was typed; a conflict can be reloaded */
        snprintf(u->f.msg, sizeof u->f.msg, "not saved: %s%s", e.msg,
                 e.code == ERR_CONFLICT && u->editing ? " (C-r reloads it, dropping your input)"
                                                      : "");
        u->f.msg_error = true;
        return;
    }
    const char *what = entity_name[u->ent];
    bool editing = u->editing;
    enum fentity ent = u->ent;
    form_free(a);
    app_reload_all(a);
    app_message(a, false, "%s %s %s", what, key ? key : "",
                editing ? "saved" : ent == FE_READING ? "recorded" : "added");
    free(key);
}

void form_key(struct app *a, vkey k)
{
    struct form_ui *u = form_ui(a);
    struct form *fm = &u->f;
    enum cmd c = keymap_lookup(&a->km, MODE_FORM, k);
    a->dirty_main = a->dirty_status = true;
    switch (c) {
    case CMD_FORM_CANCEL:
        form_free(a);
        app_message(a, false, "cancelled; nothing was written");
        return;
    case CMD_FORM_NEXT:
    case CMD_FORM_PREV:
        check_field(a, &fm->f[fm->focus]);
        form_focus_move(fm, c == CMD_FORM_NEXT ? 1 : -1);
        return;
    case CMD_FORM_ACCEPT:
        check_field(a, &fm->f[fm->focus]);
        if (form_focus_last(fm))
            do_save(a);
        else
            form_focus_move(fm, 1);
        return;
    case CMD_FORM_SAVE: do_save(a); return;
    case CMD_FORM_PICK: open_picker(a); return;
    case CMD_FORM_RELOAD:
        if (u->editing) {
            char *key = xstrdup(u->key);
            enum fentity ent = u->ent;
            form_open(a, ent, key, true);
            free(key);
            if (form_ui(a))
                snprintf(form_ui(a)->f.msg, sizeof form_ui(a)->f.msg, "reloaded from the database");
        }
        return;
    default: break;
    }
    struct form_field *f = &fm->f[fm->focus];
    if (f->readonly)
        return;
    if (input_edit_line(a, &f->value, k))
        f->err[0] = 0;
}

/* ---- drawing ---- */

void form_draw(struct app *a)
{
    struct form_ui *u = form_ui(a);
    struct form *fm = &u->f;
    int wd = a->cols - 4 < 100 ? a->cols - 4 : 100;
    int h = fm->n + 5;
    if (h > a->rows - 2)
        h = a->rows - 2;
    if (wd < 30 || h < 5)
        return;
    if (u->win)
        delwin(u->win);
    u->win = newwin(h, wd, (a->rows - h) / 2, (a->cols - wd) / 2);
    WINDOW *w = u->win;
    if (!w)
        return;
    attr_t normal = a->attr[TR_NORMAL];
    for (int y = 0; y < h; y++) {
        wattrset(w, normal);
        mvwhline(w, y, 0, ' ', wd);
    }
    draw_box_in(a, w, true, fm->title, u->editing ? "saved only if no one changed it meanwhile" : NULL,
                "Tab next  C-s save  C-o pick  Esc cancel");
    const int lw = 17;
    int vw = (wd - lw - 6) / 2 + 8;
    int body = h - 4;
    int top = fm->focus >= body ? fm->focus - body + 1 : 0;
    u->cur_y = u->cur_x = -1;
    for (int r = 0; r < body && top + r < fm->n; r++) {
        int i = top + r;
        struct form_field *f = &fm->f[i];
        bool focus = i == fm->focus;
        int y = 1 + r;
        char label[64];
        snprintf(label, sizeof label, "%s%s", f->label, f->required ? " *" : "");
        struct strbuf sb;
        sb_init(&sb);
        utf8_pad(&sb, label, lw, true, a->ctx.ascii);
        draw_put(w, y, 2, focus ? a->attr[TR_TITLE] | A_BOLD : a->attr[TR_COLUMN], sb_str(&sb),
                 lw);
        sb_clear(&sb);
        char *v = utf8_sanitize(f->value.buf, a->ctx.ascii);
        /* the value area is underlined, so an empty field shows where it is */
        int cur = line_cursor_col(&f->value);
        int skip = 0;
        const char *shown = focus ? draw_scroll(v, cur, vw - 1, &skip) : v;
        utf8_pad(&sb, shown, vw, false, a->ctx.ascii);
        attr_t vat = f->readonly ? a->attr[TR_DIM]
                                 : (focus ? a->attr[TR_SELECTION] : normal | A_UNDERLINE);
        draw_put(w, y, lw + 4, vat, sb_str(&sb), vw);
        free(v);
        if (focus) {
            u->cur_y = y;
            u->cur_x = lw + 4 + cur - skip;
        }
        const char *note = f->err[0] ? f->err
                           : f->readonly ? "(fixed)"
                           : focus && (f->kind == FF_REF || f->kind == FF_REFS ||
                                       f->kind == FF_CHOICE)
                               ? "C-o lists the choices"
                               : NULL;
        if (note) {
            char *safe = utf8_sanitize(note, a->ctx.ascii);
            sb_clear(&sb);
            sb_addf(&sb, "%s%s", f->err[0] ? "! " : "", safe);
            free(safe);
            draw_put(w, y, lw + 5 + vw, f->err[0] ? a->attr[TR_RED] | A_BOLD : a->attr[TR_DIM],
                     sb_str(&sb), wd - lw - vw - 7);
        }
        sb_fini(&sb);
    }
    if (fm->msg[0]) {
        char *m = utf8_sanitize(fm->msg, a->ctx.ascii);
        draw_put(w, h - 2, 2, fm->msg_error ? a->attr[TR_RED] | A_BOLD : a->attr[TR_DIM], m,
                 wd - 4);
        free(m);
    }
    wnoutrefresh(w);
}

void form_cursor(struct app *a)
{
    struct form_ui *u = form_ui(a);
    if (!u || !u->win || u->cur_y < 0)
        return;
    wmove(u->win, u->cur_y, u->cur_x);
    curs_set(1);
    wnoutrefresh(u->win);
}

/* ---- the mode ---- */

static const enum cmd hints_form[] = {CMD_FORM_NEXT, CMD_FORM_SAVE, CMD_FORM_PICK,
                                      CMD_FORM_CANCEL};

static struct hints hints(const struct app *a)
{
    return HINTS(hints_form);
}

static bool draw(struct app *a, bool dirty)
{
    form_draw(a);
    return false;
}

static void reload(struct app *a)
{
    a->dirty_main = true;
}

const struct mode mode_form = {
    .name = "FORM",
    .help = "Forms",
    .keys = MODE_FORM,
    .flags = MF_KEYBOARD,
    .leave = leave,
    .fini = fini,
    .key = form_key,
    .draw = draw,
    .cursor = form_cursor,
    .hints = hints,
    .reload = reload,
};
