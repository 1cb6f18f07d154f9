/*
 * The forms of the model's entities: built from the entity's descriptor
 * (or, for those without one, from a table of fields of their own), the
 * item read into it, each field checked through the descriptor and its
 * references against the store, and what it holds written back through
 * the model (which checks the rights and the version read).
 */
#include "baton/entity_form.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/entity.h"
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
    /* A kind of item with a descriptor: its fields come from it (those
     * named in order, or NULL: every one a person gives or edits, in the
     * descriptor's order), and write() stores the item the form filled in
     * (*saved: its key, malloc'd). fields, size, version and save are
     * then unused. */
    const struct entity *ent;
    const char *const *names;
    int (*write)(struct store *st, void *item, bool editing, char **saved, struct err *e);
};

#define FIELDS(arr) arr, sizeof arr / sizeof arr[0]

static const char *const yes_no[] = {"no", "yes", NULL};
static const char *const statuses[] = {"planned", "active", "on_hold", "done", "cancelled", NULL};
static const char *const healths[] = {"derived", "green", "amber", "red", NULL};

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
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

/* ---- blockers, indicators and readings: from their descriptors ---- */

static int blocker_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return blocker_get(st, key, item, e);
}

static void blocker_fini_item(void *item)
{
    blocker_fini(item);
}

static int blocker_write(struct store *st, void *item, bool editing, char **saved, struct err *e)
{
    struct blocker *b = item;
    if (!editing)
        return blocker_add(st, b, saved, e);
    *saved = dup_or_null(b->key);
    return blocker_update(st, b, e);
}

static int indicator_get_item(struct store *st, const char *key, void *item, struct err *e)
{
    return indicator_get(st, key, item, e);
}

static void indicator_fini_item(void *item)
{
    indicator_fini(item);
}

static int indicator_write(struct store *st, void *item, bool editing, char **saved,
                           struct err *e)
{
    const struct indicator *in = item;
    *saved = dup_or_null(in->key);
    return editing ? indicator_update(st, in, e) : indicator_add(st, in, e);
}

static void reading_fini_item(void *item)
{
    reading_fini(item);
}

static int reading_write(struct store *st, void *item, bool editing, char **saved,
                         struct err *e)
{
    (void)editing;
    const struct reading *r = item;
    *saved = dup_or_null(r->indicator);
    return indicator_record(st, r->indicator, r->at, r->value, r->note, e);
}

/* The value first, as a person records one. */
static const char *const reading_names[] = {"indicator", "value", "at", "note", NULL};

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
    [FE_BLOCKER] = {"blocker", &pane_blockers, NULL, .get = blocker_get_item,
                    .fini = blocker_fini_item, .ent = &blocker_entity, .write = blocker_write},
    [FE_INDICATOR] = {"indicator", &pane_indicators, NULL, .get = indicator_get_item,
                      .fini = indicator_fini_item, .ent = &indicator_entity,
                      .write = indicator_write},
    [FE_READING] = {"reading", NULL, "Record a reading", .fini = reading_fini_item,
                    .ent = &reading_entity, .names = reading_names, .write = reading_write},
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

/* ---- forms from a descriptor ---- */

/* The picker of what a field refers to. */
static const enum form_ref ref_of[] = {
    [FREF_NONE] = R_NONE,       [FREF_DEPARTMENT] = R_DEPT,  [FREF_PERSON] = R_PERSON,
    [FREF_PROJECT] = R_PROJECT, [FREF_BLOCKER] = R_NONE,     [FREF_INDICATOR] = R_INDICATOR,
};

static bool has_choices(const struct entity_field *f)
{
    return f->type == FT_CHOICE || (f->type == FT_TEXT && f->choice_name);
}

static enum form_kind kind_of(const struct entity_field *f)
{
    if (has_choices(f))
        return FF_CHOICE;
    switch (f->type) {
    case FT_INT: return FF_INT;
    case FT_REAL: return FF_NUMBER;
    case FT_DATE: return FF_DATE;
    case FT_TIME: return FF_TIME;
    default: return f->ref != FREF_NONE && ref_of[f->ref] != R_NONE ? FF_REF : FF_TEXT;
    }
}

/* Whether a person gives f in a form: when adding (FL_ADD) or editing. */
static bool in_form(const struct entity_field *f)
{
    return (f->flags & (FL_ADD | FL_EDIT)) != 0;
}

/* The label says how to type what is not plain: a list ("Tags a,b"), a
 * small range ("Severity 1-4"). */
static void label_of(const struct entity_field *f, char out[64])
{
    if (f->type == FT_LIST)
        snprintf(out, 64, "%s a,b", f->label);
    else if (f->type == FT_INT && f->max - f->min < 10)
        snprintf(out, 64, "%s %d-%d", f->label, f->min, f->max);
    else
        snprintf(out, 64, "%s", f->label);
}

/* The first value of f: the item's (a zeroed one when it does not exist
 * yet); the item it belongs to (FL_PARENT) is the key the form was opened
 * with, and a number that is always set is the person's to give; a date
 * kept as a time reads as the person's date; a required time
 * starts now; a new item starts in the narrowed department; a choice kept
 * as text starts at its first. */
static const char *described_value(const struct entity_field *f, const void *item, bool exists,
                                   const char *key, const char *dept, char buf[SHOW_MAX])
{
    if ((f->flags & FL_PARENT) && !exists)
        return key;
    if (f->type == FT_REAL && !f->has_off && !exists)
        return NULL; /* always set: what a person must give */
    if (f->ref == FREF_DEPARTMENT && str_eq(f->name, "department") && !exists)
        return dept;
    char num[32];
    const char *v = field_text(f, item, num);
    btime t;
    if (v && f->type == FT_DATE && strlen(v) > 10 && time_parse(v, &t)) {
        time_show_date(t, buf);
        return buf;
    }
    if (!v && f->type == FT_TIME && (f->flags & FL_REQUIRED)) {
        time_fmt_zone(time_user_zone(), time_now(), TF_DATE | TF_HM, buf);
        return buf;
    }
    if (!v && f->type == FT_TEXT && f->choice_name)
        v = f->choice_name(0);
    if (v == num) {
        snprintf(buf, SHOW_MAX, "%s", num);
        return buf;
    }
    return v;
}

/* Adds f to the form as field i, holding its first value. */
static void described_field(struct entity_form *ef, const struct entity_field *f,
                            const void *item, const char *key, const char *dept)
{
    int i = ef->f.n;
    if (i >= FORM_MAX_FIELDS)
        return;
    char buf[SHOW_MAX];
    label_of(f, ef->labels[i]);
    const char *v = described_value(f, item, ef->editing, key, dept, buf);
    bool required = (f->flags & FL_REQUIRED) || f->type == FT_CHOICE;
    struct form_field *ff =
        form_field_add(&ef->f, f->name, ef->labels[i], kind_of(f), required, v);
    if (!ff)
        return;
    ef->field[i] = f;
    ff->readonly = ef->editing && !(f->flags & FL_EDIT);
    ff->min = f->min;
    ff->max = f->max;
    ff->ref = ref_of[f->ref];
    if (has_choices(f)) {
        int k = 0;
        for (; k < ENTITY_FORM_CHOICES && f->choice_name(k) && *f->choice_name(k); k++)
            ef->choices[i][k] = f->choice_name(k);
        ef->choices[i][k] = NULL;
        ff->choices = ef->choices[i];
    }
}

void entity_form_build(struct entity_form *ef, const struct entity *ent,
                       const char *const *names, const void *item, const char *key,
                       const char *dept)
{
    ef->desc = ent;
    for (size_t i = 0; names && names[i]; i++) {
        const struct entity_field *f = entity_field(ent, names[i]);
        if (f)
            described_field(ef, f, item, key, dept);
    }
    for (size_t i = 0; !names && i < ent->n; i++)
        if (in_form(&ent->fields[i]))
            described_field(ef, &ent->fields[i], item, key, dept);
    ef->f.focus = 0;
    if (ef->f.n && ef->f.f[0].readonly)
        form_focus_move(&ef->f, 1);
}

/* The descriptor's own check of form field i (its text rule, its list,
 * its choices): false with the field's message set. */
static bool described_check(struct entity_form *ef, int i)
{
    const struct entity_field *f = ef->desc && i >= 0 && i < ef->f.n ? ef->field[i] : NULL;
    if (!f)
        return true;
    void *scratch = xcalloc(1, ef->desc->size);
    struct err e = {0};
    bool ok = field_set(f, scratch, form_get(&ef->f, f->name), &e) == 0;
    if (!ok)
        form_set_error(&ef->f.f[i], "%s", e.msg);
    entity_fini(ef->desc, scratch);
    free(scratch);
    return ok;
}

int entity_form_fill(struct entity_form *ef, void *item, struct err *e)
{
    for (int i = 0; ef->desc && i < ef->f.n; i++) {
        const struct entity_field *f = ef->field[i];
        if (f && !ef->f.f[i].readonly && field_set(f, item, form_get(&ef->f, f->name), e) < 0) {
            form_set_error(&ef->f.f[i], "%s", e->msg);
            ef->f.focus = i;
            return -e->code;
        }
    }
    const struct entity_field *version = ef->desc ? entity_field(ef->desc, "version") : NULL;
    if (version && version->type == FT_ID)
        memcpy((char *)item + version->off, &ef->version, sizeof ef->version);
    return 0;
}

/* Fills the item (read again when editing, so that what the form does not
 * show stays) from the form, and has the model write it. */
static int save_described(struct entity_form *ef, const struct form_class *c, struct store *st,
                          char **saved, struct err *e)
{
    void *item = xcalloc(1, c->ent->size);
    int rc = ef->editing ? c->get(st, ef->key, item, e) : 0;
    if (!rc)
        rc = entity_form_fill(ef, item, e);
    if (!rc)
        rc = c->write(st, item, ef->editing, saved, e);
    c->fini(item);
    free(item);
    return rc;
}

/* ---- forms from a table of fields ---- */

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
    size_t size = c->ent ? c->ent->size : c->size;
    const struct entity_field *version = c->ent ? entity_field(c->ent, "version") : NULL;
    void *item = size ? xcalloc(1, size) : NULL;
    if (editing) {
        if (c->get(st, key, item, e)) {
            c->fini(item);
            free(item);
            return e->code ? -e->code : -ERR_RUNTIME;
        }
        memcpy(&ef->version, (const char *)item + (version ? version->off : c->version),
               sizeof ef->version);
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
    if (c->ent)
        entity_form_build(ef, c->ent, c->names, item, key, dept);
    char *deps = ent == FE_PROJECT && editing ? depends_text(item) : NULL;
    for (size_t i = 0; !c->ent && i < c->n_fields; i++) {
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
    if (!form_check_field(f) || !described_check(ef, (int)(f - ef->f.f)))
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
    int rc = c->ent ? save_described(ef, c, st, saved_key, e) : c->save(ef, st, saved_key, e);
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
