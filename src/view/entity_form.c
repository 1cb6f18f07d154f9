/*
 * The forms of the model's entities: one table of fields per entity, the
 * item read into it, its references checked against the store, and what
 * it holds written back through the model (which checks the rights and
 * the version read).
 */
#include "baton/entity_form.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/pane.h"
#include "baton/project.h"
#include "baton/store.h"

/* Where a field's first value comes from. */
enum form_src {
    S_NONE = 0, /* empty */
    S_STR,      /* the char * at off */
    S_INT,      /* the int at off */
    S_DOUBLE,   /* the double at off, when the bool at has is set */
    S_FN,       /* show() */
};

enum form_spec_flag {
    FS_REQ = 1 << 0,        /* required */
    FS_KEY = 1 << 1,        /* the item's key: fixed once the item exists */
    FS_EDITING = 1 << 2,    /* only on an item that exists */
    FS_BLANK_NEW = 1 << 3,  /* S_INT: empty on a new item */
    FS_BLANK_ZERO = 1 << 4, /* S_INT: empty when 0 (unset) */
    FS_DEPT_NEW = 1 << 5,   /* a new item starts in the narrowed department */
    FS_DEPT_EMPTY = 1 << 6, /* ... and so does an item that has none */
    FS_FROM_KEY = 1 << 7,   /* the key the form was opened with */
};

#define SHOW_MAX 64

struct form_spec {
    const char *name, *label;
    enum form_kind kind;
    unsigned flags;
    long min, max;              /* FF_INT */
    const char *const *choices; /* FF_CHOICE */
    enum form_ref ref;          /* FF_REF, FF_REFS */
    enum form_src src;
    size_t off, has;
    /* S_FN: the value (a string literal, the item's, or written in buf) */
    const char *(*show)(const void *item, char buf[SHOW_MAX]);
};

struct form_class {
    const char *noun;  /* "department" */
    const struct pane_class *pane; /* the pane whose items it edits, or NULL */
    const char *title; /* fixed title (a reading), or NULL: "Add noun", "Edit noun KEY" */
    const struct form_spec *fields;
    size_t n_fields;
    size_t size, version; /* the item's struct and its version member */
    int (*get)(struct store *st, const char *key, void *item, struct err *e); /* NULL: none */
    void (*fini)(void *item);
    int (*save)(struct entity_form *ef, struct store *st, char **saved, struct err *e);
};

#define FIELDS(arr) arr, sizeof arr / sizeof arr[0]

static const char *const yes_no[] = {"no", "yes", NULL};
static const char *const statuses[] = {"planned", "active", "on_hold", "done", "cancelled", NULL};
static const char *const healths[] = {"derived", "green", "amber", "red", NULL};
static const char *const kinds[] = {"issue", "risk", "dependency", NULL};
static const char *const directions[] = {"up", "down", NULL};

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

static long get_long(struct form *fm, const char *name)
{
    long v = 0;
    str_to_long(form_get(fm, name), &v);
    return v;
}

/* ---- departments ---- */

static const char *show_archived(const void *item, char buf[SHOW_MAX])
{
    return ((const struct department *)item)->archived ? "yes" : "no";
}

static const struct form_spec dept_fields[] = {
    {"key", "Key", FF_TEXT, FS_REQ | FS_KEY, .src = S_STR, .off = offsetof(struct department, key)},
    {"name", "Name", FF_TEXT, FS_REQ, .src = S_STR, .off = offsetof(struct department, name)},
    {"lead", "Lead", FF_REF, 0, .ref = R_PERSON, .src = S_STR,
     .off = offsetof(struct department, lead)},
    {"order", "Sort order", FF_INT, FS_BLANK_NEW, -1000000, 1000000, .src = S_INT,
     .off = offsetof(struct department, sort_order)},
    {"archived", "Archived", FF_CHOICE, FS_REQ | FS_EDITING, .choices = yes_no, .src = S_FN,
     .show = show_archived},
};

static int dept_get(struct store *st, const char *key, void *item, struct err *e)
{
    return department_get(st, key, item, e);
}

static void dept_fini(void *item)
{
    department_fini(item);
}

static int dept_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    struct department d = {0};
    d.key = (char *)form_get(fm, "key");
    d.name = (char *)form_get(fm, "name");
    d.lead = (char *)form_get(fm, "lead");
    d.sort_order = (int)get_long(fm, "order");
    d.archived = str_eq(form_get(fm, "archived"), "yes");
    d.version = ef->version;
    *saved = dup_or_null(d.key);
    return ef->editing ? department_update(st, &d, e) : department_add(st, &d, e);
}

/* ---- people ---- */

static const struct form_spec person_fields[] = {
    {"login", "Login", FF_TEXT, FS_REQ | FS_KEY, .src = S_STR, .off = offsetof(struct person, login)},
    {"name", "Name", FF_TEXT, FS_REQ, .src = S_STR, .off = offsetof(struct person, name)},
    {"title", "Job title", FF_TEXT, 0, .src = S_STR, .off = offsetof(struct person, title)},
    {"dept", "Department", FF_REF, FS_DEPT_NEW | FS_DEPT_EMPTY, .ref = R_DEPT, .src = S_STR,
     .off = offsetof(struct person, department)},
};

static int person_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return person_get(st, key, item, e);
}

static void person_fini_item(void *item)
{
    person_fini(item);
}

static int person_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    struct person p = {0};
    p.login = (char *)form_get(fm, "login");
    p.name = (char *)form_get(fm, "name");
    p.title = (char *)form_get(fm, "title");
    p.department = (char *)form_get(fm, "dept");
    p.version = ef->version;
    *saved = dup_or_null(p.login);
    return ef->editing ? person_update(st, &p, e) : person_add(st, &p, e);
}

/* ---- projects ---- */

static const char *show_status(const void *item, char buf[SHOW_MAX])
{
    return project_status_name(((const struct project *)item)->status);
}

static const char *show_health(const void *item, char buf[SHOW_MAX])
{
    enum health h = ((const struct project *)item)->health_set;
    return h == HEALTH_UNKNOWN ? "derived" : health_name(h);
}

/* Depends on: the keys, comma-separated (they may be longer than buf). */
static char *depends_text(const struct project *p)
{
    struct strbuf deps;
    sb_init(&deps);
    for (size_t i = 0; i < p->n_depends_on; i++)
        sb_addf(&deps, "%s%s", i ? ", " : "", p->depends_on[i]);
    return sb_take(&deps);
}

static const struct form_spec project_fields[] = {
    {"key", "Key", FF_TEXT, FS_REQ | FS_KEY, .src = S_STR, .off = offsetof(struct project, key)},
    {"title", "Title", FF_TEXT, FS_REQ, .src = S_STR, .off = offsetof(struct project, title)},
    {"dept", "Department", FF_REF, FS_REQ | FS_DEPT_NEW, .ref = R_DEPT, .src = S_STR,
     .off = offsetof(struct project, department)},
    {"owner", "Owner", FF_REF, 0, .ref = R_PERSON, .src = S_STR,
     .off = offsetof(struct project, owner)},
    {"status", "Status", FF_CHOICE, FS_REQ, .choices = statuses, .src = S_FN, .show = show_status},
    {"health", "Health", FF_CHOICE, FS_REQ, .choices = healths, .src = S_FN, .show = show_health},
    {"progress", "Progress %", FF_INT, 0, 0, 100, .src = S_INT,
     .off = offsetof(struct project, progress)},
    {"start", "Start", FF_DATE, 0, .src = S_STR, .off = offsetof(struct project, start)},
    {"due", "Due", FF_DATE, 0, .src = S_STR, .off = offsetof(struct project, due)},
    {"description", "Description", FF_TEXT, 0, .src = S_STR,
     .off = offsetof(struct project, description)},
    {"depends", "Depends on", FF_REFS, 0, .ref = R_PROJECT}, /* filled by project_get_item */
};

static int project_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return project_get(st, key, item, e);
}

static void project_fini_item(void *item)
{
    project_fini(item);
}

static int project_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    struct project p = {0};
    p.key = dup_or_null(form_get(fm, "key"));
    p.title = dup_or_null(form_get(fm, "title"));
    p.department = dup_or_null(form_get(fm, "dept"));
    p.owner = dup_or_null(form_get(fm, "owner"));
    project_status_parse(form_get(fm, "status"), &p.status);
    const char *h = form_get(fm, "health");
    if (!h || strcmp(h, "derived") == 0 || !health_parse(h, &p.health_set))
        p.health_set = HEALTH_UNKNOWN;
    p.progress = (int)get_long(fm, "progress");
    p.start = dup_or_null(form_get(fm, "start"));
    p.due = dup_or_null(form_get(fm, "due"));
    p.description = dup_or_null(form_get(fm, "description"));
    p.version = ef->version;
    char **deps = NULL;
    size_t nd = 0;
    const char *dv = form_get(fm, "depends");
    char *copy = xstrdup(dv ? dv : "");
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        deps = xrealloc(deps, (nd + 1) * sizeof *deps);
        deps[nd++] = xstrdup(tok);
    }
    free(copy);
    *saved = dup_or_null(p.key);
    int rc;
    if (!ef->editing) {
        p.depends_on = deps;
        p.n_depends_on = nd;
        rc = project_add(st, &p, e);
        p.depends_on = NULL;
        p.n_depends_on = 0;
    } else {
        /* the fields and the dependencies are one change */
        rc = store_begin(st, e);
        if (!rc)
            rc = project_update(st, &p, e);
        if (!rc)
            rc = project_set_depends(st, p.key, deps, nd, e);
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, e);
    }
    for (size_t i = 0; i < nd; i++)
        free(deps[i]);
    free(deps);
    project_fini(&p);
    return rc;
}

/* ---- blockers ---- */

static const char *show_kind(const void *item, char buf[SHOW_MAX])
{
    return blocker_kind_name(((const struct blocker *)item)->kind);
}

/* A needed-by kept as a time (from an organisation file) is edited as the
 * person's date of it. */
static const char *show_needed_by(const void *item, char buf[SHOW_MAX])
{
    const char *v = ((const struct blocker *)item)->needed_by;
    btime t;
    if (v && strlen(v) > 10 && time_parse(v, &t)) {
        time_show_date(t, buf);
        return buf;
    }
    return v;
}

static const struct form_spec blocker_fields[] = {
    {"project", "Project", FF_REF, FS_REQ | FS_KEY, .ref = R_PROJECT, .src = S_STR,
     .off = offsetof(struct blocker, project)},
    {"title", "Title", FF_TEXT, FS_REQ, .src = S_STR, .off = offsetof(struct blocker, title)},
    {"detail", "Detail", FF_TEXT, 0, .src = S_STR, .off = offsetof(struct blocker, detail)},
    {"kind", "Kind", FF_CHOICE, FS_REQ, .choices = kinds, .src = S_FN, .show = show_kind},
    {"severity", "Severity 1-4", FF_INT, FS_BLANK_ZERO, 1, 4, .src = S_INT,
     .off = offsetof(struct blocker, severity)},
    {"waiting_on", "Waiting on", FF_REF, 0, .ref = R_DEPT, .src = S_STR,
     .off = offsetof(struct blocker, waiting_on)},
    {"owner", "Owner", FF_REF, 0, .ref = R_PERSON, .src = S_STR,
     .off = offsetof(struct blocker, owner)},
    {"needed_by", "Needed by", FF_DATE, 0, .src = S_FN, .show = show_needed_by},
    {"tags", "Tags a,b", FF_TEXT, 0, .src = S_STR, .off = offsetof(struct blocker, tags)},
};

static int blocker_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return blocker_get(st, key, item, e);
}

static void blocker_fini_item(void *item)
{
    blocker_fini(item);
}

static int blocker_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    struct blocker b = {0};
    b.key = ef->key;
    b.project = (char *)form_get(fm, "project");
    b.title = (char *)form_get(fm, "title");
    b.detail = (char *)form_get(fm, "detail");
    blocker_kind_parse(form_get(fm, "kind"), &b.kind);
    b.severity = (int)get_long(fm, "severity");
    b.waiting_on = (char *)form_get(fm, "waiting_on");
    b.owner = (char *)form_get(fm, "owner");
    b.needed_by = (char *)form_get(fm, "needed_by");
    b.tags = (char *)form_get(fm, "tags");
    b.version = ef->version;
    if (!ef->editing)
        return blocker_add(st, &b, saved, e);
    *saved = dup_or_null(ef->key);
    return blocker_update(st, &b, e);
}

/* ---- indicators ---- */

static const char *show_direction(const void *item, char buf[SHOW_MAX])
{
    return direction_name(((const struct indicator *)item)->direction);
}

static const struct form_spec indicator_fields[] = {
    {"key", "Key", FF_TEXT, FS_REQ | FS_KEY, .src = S_STR, .off = offsetof(struct indicator, key)},
    {"name", "Name", FF_TEXT, FS_REQ, .src = S_STR, .off = offsetof(struct indicator, name)},
    {"dept", "Department", FF_REF, FS_DEPT_NEW, .ref = R_DEPT, .src = S_STR,
     .off = offsetof(struct indicator, department)},
    {"unit", "Unit", FF_TEXT, 0, .src = S_STR, .off = offsetof(struct indicator, unit)},
    {"direction", "Better when", FF_CHOICE, FS_REQ, .choices = directions, .src = S_FN,
     .show = show_direction},
    {"target", "Target", FF_NUMBER, 0, .src = S_DOUBLE, .off = offsetof(struct indicator, target),
     .has = offsetof(struct indicator, has_target)},
    {"amber", "Amber at", FF_NUMBER, 0, .src = S_DOUBLE, .off = offsetof(struct indicator, amber),
     .has = offsetof(struct indicator, has_amber)},
    {"red", "Red at", FF_NUMBER, 0, .src = S_DOUBLE, .off = offsetof(struct indicator, red),
     .has = offsetof(struct indicator, has_red)},
    {"stale", "Stale after days", FF_INT, 0, 0, 3650, .src = S_INT,
     .off = offsetof(struct indicator, stale_days)},
};

static int indicator_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return indicator_get(st, key, item, e);
}

static void indicator_fini_item(void *item)
{
    indicator_fini(item);
}

static int indicator_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    struct indicator in = {0};
    struct err got = {0};
    if (ef->editing && indicator_get(st, ef->key, &in, &got)) {
        indicator_fini(&in);
        return err_set(e, ERR_USAGE, "%s", got.msg);
    }
    /* what the form does not show (the latest reading's facts) stays */
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
    in.stale_days = (int)get_long(fm, "stale");
    in.version = ef->version;
    *saved = dup_or_null(in.key);
    int rc = ef->editing ? indicator_update(st, &in, e) : indicator_add(st, &in, e);
    indicator_fini(&in);
    return rc;
}

/* ---- readings ---- */

static const char *show_now(const void *item, char buf[SHOW_MAX])
{
    time_fmt_zone(time_user_zone(), time_now(), TF_DATE | TF_HM, buf);
    return buf;
}

static const struct form_spec reading_fields[] = {
    {"indicator", "Indicator", FF_REF, FS_REQ | FS_FROM_KEY, .ref = R_INDICATOR},
    {"value", "Value", FF_NUMBER, FS_REQ, .src = S_NONE},
    {"at", "At", FF_TIME, FS_REQ, .src = S_FN, .show = show_now},
    {"note", "Note", FF_TEXT, 0, .src = S_NONE},
};

static int reading_save(struct entity_form *ef, struct store *st, char **saved, struct err *e)
{
    struct form *fm = &ef->f;
    double v = 0;
    parse_num(form_get(fm, "value"), &v);
    *saved = dup_or_null(form_get(fm, "indicator"));
    return indicator_record(st, form_get(fm, "indicator"), form_get(fm, "at"), v,
                            form_get(fm, "note"), e);
}

/* ---- the table ---- */

static const struct form_class classes[] = {
    [FE_DEPT] = {"department", &pane_departments, NULL, FIELDS(dept_fields),
                 sizeof(struct department),
                 offsetof(struct department, version), dept_get, dept_fini, dept_save},
    [FE_PERSON] = {"person", NULL, NULL, FIELDS(person_fields), sizeof(struct person),
                   offsetof(struct person, version), person_get_item, person_fini_item,
                   person_save},
    [FE_PROJECT] = {"project", &pane_projects, NULL, FIELDS(project_fields),
                    sizeof(struct project),
                    offsetof(struct project, version), project_get_item, project_fini_item,
                    project_save},
    [FE_BLOCKER] = {"blocker", &pane_blockers, NULL, FIELDS(blocker_fields),
                    sizeof(struct blocker),
                    offsetof(struct blocker, version), blocker_get_item, blocker_fini_item,
                    blocker_save},
    [FE_INDICATOR] = {"indicator", &pane_indicators, NULL, FIELDS(indicator_fields),
                      sizeof(struct indicator), offsetof(struct indicator, version),
                      indicator_get_item, indicator_fini_item, indicator_save},
    [FE_READING] = {"reading", NULL, "Record a reading", FIELDS(reading_fields), 0, 0, NULL, NULL,
                    reading_save},
};

#define N_CLASSES (sizeof classes / sizeof classes[0])

static const struct form_class *class_of(enum form_entity ent)
{
    return (size_t)ent < N_CLASSES ? &classes[ent] : NULL;
}

const char *entity_form_noun(enum form_entity ent)
{
    const struct form_class *c = class_of(ent);
    return c ? c->noun : "item";
}

int entity_form_of_pane(const char *pane, enum form_entity *out, struct err *e)
{
    for (size_t i = 0; i < N_CLASSES; i++)
        if (classes[i].pane && str_eq(pane_class_name(classes[i].pane), pane)) {
            *out = (enum form_entity)i;
            return 0;
        }
    return err_set(e, ERR_USAGE, "%s cannot be edited in a form", pane ? pane : "this view");
}

/* The first value of field s: the item's (a zeroed one when it does not
 * exist yet), or NULL. */
static const char *first_value(const struct form_spec *s, const void *item, bool exists,
                               const char *key, const char *dept, char buf[SHOW_MAX])
{
    const char *v = NULL;
    if (s->flags & FS_FROM_KEY)
        return key;
    if (item && (exists || !(s->flags & FS_BLANK_NEW))) {
        switch (s->src) {
        case S_STR: memcpy(&v, (const char *)item + s->off, sizeof v); break;
        case S_INT: {
            int n;
            memcpy(&n, (const char *)item + s->off, sizeof n);
            if (!(n == 0 && (s->flags & FS_BLANK_ZERO))) {
                snprintf(buf, SHOW_MAX, "%d", n);
                v = buf;
            }
            break;
        }
        case S_DOUBLE: {
            bool has;
            double d;
            memcpy(&has, (const char *)item + s->has, sizeof has);
            memcpy(&d, (const char *)item + s->off, sizeof d);
            if (has) {
                snprintf(buf, SHOW_MAX, "%.15g", d);
                v = buf;
            }
            break;
        }
        case S_FN: v = s->show(item, buf); break;
        case S_NONE: break;
        }
    }
    if (!item && s->src == S_FN)
        v = s->show(NULL, buf);
    /* a new item (or, where said, one without) starts in the narrowed department */
    if ((s->flags & FS_DEPT_NEW) && !exists)
        v = dept;
    if ((s->flags & FS_DEPT_EMPTY) && !v)
        v = dept;
    return v;
}

int entity_form_open(struct entity_form *ef, struct store *st, enum form_entity ent,
                     const char *key, bool editing, const char *dept, struct err *e)
{
    memset(ef, 0, sizeof *ef);
    const struct form_class *c = class_of(ent);
    if (!c)
        return err_set(e, ERR_USAGE, "no form for this kind of item");
    if (editing && (!key || !c->get))
        return err_set(e, ERR_USAGE, "a %s cannot be edited in a form", c->noun);
    /* a new item's fields read as a zeroed one's */
    void *item = c->size ? xcalloc(1, c->size) : NULL;
    if (editing) {
        if (c->get(st, key, item, e)) {
            c->fini(item);
            free(item);
            return e->code ? -e->code : -ERR_RUNTIME;
        }
        memcpy(&ef->version, (const char *)item + c->version, sizeof ef->version);
    }
    ef->ent = ent;
    ef->editing = editing;
    ef->key = key ? xstrdup(key) : NULL;
    char title[96];
    if (c->title)
        snprintf(title, sizeof title, "%s", c->title);
    else
        snprintf(title, sizeof title, "%s %s%s%s", editing ? "Edit" : "Add", c->noun,
                 editing ? " " : "", editing ? key : "");
    form_init(&ef->f, title);
    char *deps = ent == FE_PROJECT && editing ? depends_text(item) : NULL;
    for (size_t i = 0; i < c->n_fields; i++) {
        const struct form_spec *s = &c->fields[i];
        if ((s->flags & FS_EDITING) && !editing)
            continue;
        char buf[SHOW_MAX] = "";
        const char *v = first_value(s, item, editing, key, dept, buf);
        if (str_eq(s->name, "depends"))
            v = deps;
        struct form_field *f =
            form_field_add(&ef->f, s->name, s->label, s->kind, s->flags & FS_REQ, v);
        if (!f)
            continue;
        f->readonly = (s->flags & FS_KEY) && editing;
        f->min = s->min;
        f->max = s->max;
        f->choices = s->choices;
        f->ref = s->ref;
    }
    free(deps);
    if (item) {
        c->fini(item);
        free(item);
    }
    ef->f.focus = 0;
    if (ef->f.n && ef->f.f[0].readonly)
        form_focus_move(&ef->f, 1);
    return 0;
}

void entity_form_fini(struct entity_form *ef)
{
    free(ef->key);
    ef->key = NULL;
}

/* ---- checks that need the store ---- */

static bool dept_exists(struct store *st, const char *key)
{
    struct department d = {0};
    struct err e = {0};
    int rc = department_get(st, key, &d, &e);
    department_fini(&d);
    return rc == 0;
}

static bool project_exists(struct store *st, const char *key)
{
    struct project p = {0};
    struct err e = {0};
    int rc = project_get(st, key, &p, &e);
    project_fini(&p);
    return rc == 0;
}

static bool indicator_exists(struct store *st, const char *key)
{
    struct indicator i = {0};
    struct err e = {0};
    int rc = indicator_get(st, key, &i, &e);
    indicator_fini(&i);
    return rc == 0;
}

/* What a reference names, and whether that item is there (NULL: anything
 * goes; an owner or lead need not be in the people list: logins come
 * first). */
static const struct {
    const char *word;
    bool (*exists)(struct store *st, const char *key);
} refs[] = {
    [R_NONE] = {"", NULL},
    [R_DEPT] = {"department", dept_exists},
    [R_PERSON] = {"person", NULL},
    [R_PROJECT] = {"project", project_exists},
    [R_INDICATOR] = {"indicator", indicator_exists},
};

/* A new project's likely twins, from what its fields hold now. */
static void find_twins(struct entity_form *ef, struct store *st)
{
    ef->n_twins = 0;
    struct project_match *m = NULL;
    size_t n = 0;
    struct err e = {0};
    if (project_twins(st, form_get(&ef->f, "title"), form_get(&ef->f, "description"),
                      form_get(&ef->f, "dept"), NULL, ENTITY_FORM_TWINS, &m, &n, &e))
        return; /* a hint only: the save says what is wrong */
    for (size_t i = 0; i < n; i++)
        snprintf(ef->twins[ef->n_twins++], sizeof ef->twins[0], "%s  %s  (%s)", m[i].key,
                 m[i].title, m[i].department);
    project_match_list_free(m, n);
}

bool entity_form_check_field(struct entity_form *ef, struct store *st, struct form_field *f)
{
    if (ef->ent == FE_PROJECT && !ef->editing &&
        (str_eq(f->name, "title") || str_eq(f->name, "description") || str_eq(f->name, "dept")))
        find_twins(ef, st);
    if (f->readonly)
        return true;
    if (!form_check_field(f))
        return false;
    if ((f->kind != FF_REF && f->kind != FF_REFS) || !f->value.len)
        return true;
    if (f->ref < 0 || (size_t)f->ref >= sizeof refs / sizeof refs[0] || !refs[f->ref].exists)
        return true;
    char *copy = xstrdup(f->value.buf);
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
        if (!refs[f->ref].exists(st, tok)) {
            form_set_error(f, "no %s '%s' (C-o lists them)", refs[f->ref].word, tok);
            break;
        }
    free(copy);
    return f->err[0] == 0;
}

bool entity_form_check(struct entity_form *ef, struct store *st)
{
    bool ok = true;
    for (int i = 0; i < ef->f.n; i++)
        if (!entity_form_check_field(ef, st, &ef->f.f[i]) && ok) {
            ok = false;
            ef->f.focus = i;
        }
    if (!ok) {
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: fix the field marked !");
        ef->f.msg_error = true;
    }
    return ok;
}

int entity_form_save(struct entity_form *ef, struct store *st, char **saved_key, struct err *e)
{
    *saved_key = NULL;
    const struct form_class *c = class_of(ef->ent);
    if (!c)
        return err_set(e, ERR_USAGE, "no form for this kind of item");
    int rc = c->save(ef, st, saved_key, e);
    if (rc) {
        free(*saved_key);
        *saved_key = NULL;
        /* a conflict can be reloaded */
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: %s%s", e->msg,
                 e->code == ERR_CONFLICT && ef->editing ? " (C-r reloads it, dropping your input)"
                                                        : "");
        ef->f.msg_error = true;
    }
    return rc;
}

void entity_form_saved(const struct entity_form *ef, const char *key, char *out, size_t n)
{
    snprintf(out, n, "%s %s %s", entity_form_noun(ef->ent), key ? key : "",
             ef->editing ? "saved" : ef->ent == FE_READING ? "recorded" : "added");
}
