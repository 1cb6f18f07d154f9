/*
 * The forms of the model's entities, each built from the entity's
 * descriptor: the item read into it, each field checked through the
 * descriptor and its references against the store, the descriptor's rule
 * between fields checked before saving, and what it holds written back
 * through the model (which checks the rights and the version read).
 */
#include "baton/entity_form.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/indicator.h"
#include "baton/pane.h"
#include "baton/project.h"
#include "baton/store.h"

#define SHOW_MAX 64

/* A list of keys the model keeps beside an item's fields (a project's
 * dependencies): one more form field after the descriptor's, read from
 * and written to the char ** at items, how many at count. */
struct form_list {
    const char *name, *label;
    enum form_ref ref;
    size_t items, count;
};

struct form_class {
    const char *noun;              /* "department" */
    const struct pane_class *pane; /* the pane whose items it edits, or NULL */
    const char *title; /* fixed title (a reading), or NULL: "Add noun", "Edit noun KEY" */
    const struct entity *ent;
    /* the fields that come first, in this order (or NULL); the others
     * follow in the descriptor's order */
    const char *const *names;
    /* the field that starts at the narrowed department on an item that
     * has none (a person's home), or NULL */
    const char *home;
    struct form_list list; /* none when list.name is NULL */
    /* the model's rule between the fields of a whole item, or NULL */
    int (*rule)(const void *item, struct err *e);
    int (*get)(struct store *st, const char *key, void *item, struct err *e); /* NULL: none */
    void (*fini)(void *item);
    /* stores the item the form filled in; *saved: its key, malloc'd */
    int (*write)(struct store *st, void *item, bool editing, char **saved, struct err *e);
};

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* ---- reading and writing each kind of item ---- */

/* TYPE_get_item and TYPE_fini_item: the model's get and fini of a struct
 * TYPE, for an item of any kind. */
#define ITEM_READ(TYPE)                                                                            \
    static int TYPE##_get_item(struct store *st, const char *key, void *item, struct err *e)       \
    {                                                                                              \
        return TYPE##_get(st, key, item, e);                                                       \
    }                                                                                              \
    static void TYPE##_fini_item(void *item)                                                       \
    {                                                                                              \
        TYPE##_fini(item);                                                                         \
    }

/* ... and TYPE_save_item: the item added, or updated naming the version
 * read; *saved is its KEY. */
#define ITEM_FNS(TYPE, KEY)                                                                        \
    ITEM_READ(TYPE)                                                                                \
    static int TYPE##_save_item(struct store *st, void *item, bool editing, char **saved,          \
                                struct err *e)                                                     \
    {                                                                                              \
        const struct TYPE *x = item;                                                               \
        *saved = dup_or_null(x->KEY);                                                              \
        return editing ? TYPE##_update(st, x, e) : TYPE##_add(st, x, e);                           \
    }

ITEM_FNS(department, key)
ITEM_FNS(person, login)
ITEM_FNS(indicator, key)
ITEM_READ(project)
ITEM_READ(blocker)

/* The job title before the home department, as a person says who they are. */
static const char *const person_names[] = {"login", "name", "title", NULL};

/* The fields and the dependencies are one change. */
static int project_save_item(struct store *st, void *item, bool editing, char **saved,
                             struct err *e)
{
    const struct project *p = item;
    *saved = dup_or_null(p->key);
    if (!editing)
        return project_add(st, p, e);
    int rc = store_begin(st, e);
    if (!rc)
        rc = project_update(st, p, e);
    if (!rc)
        rc = project_set_depends(st, p->key, p->depends_on, p->n_depends_on, e);
    if (rc)
        store_rollback(st);
    else
        rc = store_commit(st, e);
    return rc;
}

static int project_rule(const void *item, struct err *e)
{
    return project_check_dates(item, e);
}

/* A new blocker's key is the model's to give. */
static int blocker_save_item(struct store *st, void *item, bool editing, char **saved,
                             struct err *e)
{
    struct blocker *b = item;
    if (!editing)
        return blocker_add(st, b, saved, e);
    *saved = dup_or_null(b->key);
    return blocker_update(st, b, e);
}

static void reading_fini_item(void *item)
{
    reading_fini(item);
}

static int reading_save_item(struct store *st, void *item, bool editing, char **saved,
                             struct err *e)
{
    (void)editing;
    const struct reading *r = item;
    *saved = dup_or_null(r->indicator);
    return indicator_record(st, r->indicator, r->at, r->value, r->note, e);
}

/* The value first, as a person records one. */
static const char *const reading_names[] = {"indicator", "value", NULL};

/* ---- the table ---- */

static const struct form_class classes[] = {
    [FE_DEPT] = {"department", &pane_departments, NULL, &department_entity,
                 .get = department_get_item, .fini = department_fini_item,
                 .write = department_save_item},
    [FE_PERSON] = {"person", NULL, NULL, &person_entity, person_names, .home = "dept",
                   .get = person_get_item, .fini = person_fini_item, .write = person_save_item},
    [FE_PROJECT] = {"project", &pane_projects, NULL, &project_entity,
                    .list = {"depends", "Depends on", R_PROJECT,
                             offsetof(struct project, depends_on),
                             offsetof(struct project, n_depends_on)},
                    .rule = project_rule, .get = project_get_item, .fini = project_fini_item,
                    .write = project_save_item},
    [FE_BLOCKER] = {"blocker", &pane_blockers, NULL, &blocker_entity, .get = blocker_get_item,
                    .fini = blocker_fini_item, .write = blocker_save_item},
    [FE_INDICATOR] = {"indicator", &pane_indicators, NULL, &indicator_entity,
                      .get = indicator_get_item, .fini = indicator_fini_item,
                      .write = indicator_save_item},
    [FE_READING] = {"reading", NULL, "Record a reading", &reading_entity, reading_names,
                    .fini = reading_fini_item, .write = reading_save_item},
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

/* ---- a list kept beside the fields ---- */

/* The list's keys as the form shows them: "OPS-2, FIN-1". */
static char *list_text(const struct form_list *l, const void *item)
{
    char *const *keys;
    size_t n;
    memcpy(&keys, (const char *)item + l->items, sizeof keys);
    memcpy(&n, (const char *)item + l->count, sizeof n);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", keys[i]);
    return sb_take(&sb);
}

/* The list of item becomes the keys the form holds (split at commas and
 * blanks), replacing what it held. */
static void list_fill(const struct form_list *l, struct form *fm, void *item)
{
    char **keys;
    size_t n;
    memcpy(&keys, (char *)item + l->items, sizeof keys);
    memcpy(&n, (char *)item + l->count, sizeof n);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    keys = NULL;
    n = 0;
    const char *v = form_get(fm, l->name);
    char *copy = xstrdup(v ? v : "");
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        keys = xrealloc(keys, (n + 1) * sizeof *keys);
        keys[n++] = xstrdup(tok);
    }
    free(copy);
    memcpy((char *)item + l->items, &keys, sizeof keys);
    memcpy((char *)item + l->count, &n, sizeof n);
}

/* ---- forms from a descriptor ---- */

/* The picker of what a field refers to. */
static const enum form_ref ref_of[] = {
    [FREF_NONE] = R_NONE,       [FREF_DEPARTMENT] = R_DEPT, [FREF_PERSON] = R_PERSON,
    [FREF_PROJECT] = R_PROJECT, [FREF_BLOCKER] = R_NONE,    [FREF_INDICATOR] = R_INDICATOR,
};

static const char *const yes_no[] = {"no", "yes", NULL};

/* The name of f's form field: its flag's spelling where it has one
 * ("dept", "order"), else its name. */
static const char *form_name(const struct entity_field *f)
{
    return f->flag ? f->flag : f->name;
}

static bool has_choices(const struct entity_field *f)
{
    return f->type == FT_CHOICE || (f->type == FT_TEXT && f->choice_name);
}

/* What f refers to, as a picker: nothing for the key the item is named by,
 * which a new item is given rather than chosen. */
static enum form_ref ref_in(const struct entity *ent, const struct entity_field *f)
{
    if (f == entity_key(ent) && !(f->flags & FL_PARENT))
        return R_NONE;
    return ref_of[f->ref];
}

static enum form_kind kind_of(const struct entity *ent, const struct entity_field *f)
{
    if (has_choices(f) || f->type == FT_BOOL)
        return FF_CHOICE;
    switch (f->type) {
    case FT_INT:
        return FF_INT;
    case FT_REAL:
        return FF_NUMBER;
    case FT_DATE:
        return FF_DATE;
    case FT_TIME:
        return FF_TIME;
    default:
        return ref_in(ent, f) != R_NONE ? FF_REF : FF_TEXT;
    }
}

/* Whether a person gives f in a form: when adding (FL_ADD) or editing
 * (FL_EDIT, and on a new item too unless FL_EDIT_ONLY). */
static bool in_form(const struct entity_field *f, bool editing)
{
    if ((f->flags & FL_EDIT_ONLY) && !editing)
        return false;
    return (f->flags & (FL_ADD | FL_EDIT)) != 0;
}

/* The word of f's choice k: its name, or for a first choice without one,
 * the word typed for it ("derived"). */
static const char *choice_word(const struct entity_field *f, int k)
{
    const char *s = f->choice_name(k);
    return k == 0 && (!s || !*s) ? f->none : s;
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
 * with, and a number that is always set, or blank on a new item
 * (FL_BLANK_NEW), is the person's to give; a date kept as a time reads as
 * the person's date; a required time starts now; a new item starts in the
 * narrowed department; a choice starts at its first. */
static const char *described_value(const struct entity_field *f, const void *item, bool exists,
                                   const char *key, const char *dept, char buf[SHOW_MAX])
{
    if ((f->flags & FL_PARENT) && !exists)
        return key;
    if (((f->type == FT_REAL && !f->has_off) || (f->flags & FL_BLANK_NEW)) && !exists)
        return NULL; /* what a person must give, or may */
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
    if (!v && has_choices(f))
        v = choice_word(f, 0);
    if (v == num) {
        snprintf(buf, SHOW_MAX, "%s", num);
        return buf;
    }
    return v;
}

/* The choices of form field i, from f's. */
static const char *const *choices_of(struct entity_form *ef, int i, const struct entity_field *f)
{
    if (f->type == FT_BOOL)
        return yes_no;
    int k = 0;
    for (; k < ENTITY_FORM_CHOICES && choice_word(f, k) && *choice_word(f, k); k++)
        ef->choices[i][k] = choice_word(f, k);
    ef->choices[i][k] = NULL;
    return ef->choices[i];
}

/* Adds f to the form as field i, holding its first value. */
static void described_field(struct entity_form *ef, const struct entity_field *f, const void *item,
                            const char *key, const char *dept)
{
    int i = ef->f.n;
    if (i >= FORM_MAX_FIELDS)
        return;
    char buf[SHOW_MAX];
    label_of(f, ef->labels[i]);
    const char *v = described_value(f, item, ef->editing, key, dept, buf);
    enum form_kind kind = kind_of(ef->desc, f);
    bool required = (f->flags & FL_REQUIRED) || f->type == FT_CHOICE || f->type == FT_BOOL;
    struct form_field *ff = form_field_add(&ef->f, form_name(f), ef->labels[i], kind, required, v);
    if (!ff)
        return;
    ef->field[i] = f;
    ff->readonly = ef->editing && !(f->flags & FL_EDIT);
    ff->min = f->min;
    ff->max = f->max;
    ff->ref = ref_in(ef->desc, f);
    if (kind == FF_CHOICE)
        ff->choices = choices_of(ef, i, f);
}

void entity_form_build(struct entity_form *ef, const struct entity *ent, const char *const *names,
                       const void *item, const char *key, const char *dept)
{
    ef->desc = ent;
    for (size_t i = 0; names && names[i]; i++) {
        const struct entity_field *f = entity_field(ent, names[i]);
        if (f && in_form(f, ef->editing))
            described_field(ef, f, item, key, dept);
    }
    for (size_t i = 0; i < ent->n; i++)
        if (in_form(&ent->fields[i], ef->editing) &&
            !form_field(&ef->f, form_name(&ent->fields[i])))
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
    bool ok = field_set(f, scratch, form_get(&ef->f, ef->f.f[i].name), &e) == 0;
    if (!ok)
        form_set_error(&ef->f.f[i], "%s", e.msg);
    entity_fini(ef->desc, scratch);
    free(scratch);
    return ok;
}

/* Sets the fields of item from the form (all, or those it edits): the
 * first refusal is e, on its field, with the focus there. */
static int fill_fields(struct entity_form *ef, void *item, bool all, struct err *e)
{
    for (int i = 0; ef->desc && i < ef->f.n; i++) {
        const struct entity_field *f = ef->field[i];
        struct form_field *ff = &ef->f.f[i];
        if (f && (all || !ff->readonly) && field_set(f, item, form_get(&ef->f, ff->name), e) < 0) {
            form_set_error(ff, "%s", e->msg);
            ef->f.focus = i;
            return -e->code;
        }
    }
    return 0;
}

int entity_form_fill(struct entity_form *ef, void *item, struct err *e)
{
    int rc = fill_fields(ef, item, false, e);
    if (rc)
        return rc;
    const struct entity_field *version = ef->desc ? entity_field(ef->desc, "version") : NULL;
    if (version && version->type == FT_ID)
        memcpy((char *)item + version->off, &ef->version, sizeof ef->version);
    return 0;
}

/* The model's rule between fields (a project's dates), on an item holding
 * what every field shows: false with the form's message saying what to
 * change. */
static bool rule_check(struct entity_form *ef)
{
    const struct form_class *c = class_of(ef->ent);
    if (!ef->desc || !c || !c->rule)
        return true;
    void *item = xcalloc(1, ef->desc->size);
    struct err e = {0};
    int rc = fill_fields(ef, item, true, &e);
    if (!rc)
        rc = c->rule(item, &e);
    entity_fini(ef->desc, item);
    free(item);
    if (rc) {
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: %s", e.msg);
        ef->f.msg_error = true;
    }
    return rc == 0;
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
    if (!rc && c->list.name)
        list_fill(&c->list, &ef->f, item);
    if (!rc)
        rc = c->write(st, item, ef->editing, saved, e);
    c->fini(item);
    free(item);
    return rc;
}

/* The fields the class adds to the descriptor's: its list, after them; an
 * existing item without a home department starts in the narrowed one. */
static void class_fields(struct entity_form *ef, const struct form_class *c, const void *item,
                         const char *dept)
{
    if (c->list.name) {
        char *v = ef->editing ? list_text(&c->list, item) : NULL;
        struct form_field *f =
            form_field_add(&ef->f, c->list.name, c->list.label, FF_REFS, false, v);
        if (f)
            f->ref = c->list.ref;
        free(v);
    }
    struct form_field *home = c->home ? form_field(&ef->f, c->home) : NULL;
    if (home && !home->value.len && dept)
        line_set(&home->value, dept);
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
    const struct entity_field *version = entity_field(c->ent, "version");
    void *item = xcalloc(1, c->ent->size);
    if (editing && c->get(st, key, item, e)) {
        c->fini(item);
        free(item);
        return e->code ? -e->code : -ERR_RUNTIME;
    }
    if (editing && version)
        memcpy(&ef->version, (const char *)item + version->off, sizeof ef->version);
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
    entity_form_build(ef, c->ent, c->names, item, key, dept);
    class_fields(ef, c, item, dept);
    c->fini(item);
    free(item);
    return 0;
}

void entity_form_fini(struct entity_form *ef)
{
    free(ef->key);
    ef->key = NULL;
}

/* ---- checks that need the store ---- */

/* Whether the item key of a kind that has a form is there. */
static bool item_exists(const struct form_class *c, struct store *st, const char *key)
{
    void *item = xcalloc(1, c->ent->size);
    struct err e = {0};
    int rc = c->get(st, key, item, &e);
    c->fini(item);
    free(item);
    return rc == 0;
}

/* What a reference names, and the kind of item to look it up as (-1:
 * anything goes; an owner or lead need not be in the people list: logins
 * come first). */
static const struct {
    const char *word;
    int kind;
} refs[] = {
    [R_NONE] = {"", -1},
    [R_DEPT] = {"department", FE_DEPT},
    [R_PERSON] = {"person", -1},
    [R_PROJECT] = {"project", FE_PROJECT},
    [R_INDICATOR] = {"indicator", FE_INDICATOR},
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
    if (f->ref < 0 || (size_t)f->ref >= sizeof refs / sizeof refs[0] || refs[f->ref].kind < 0)
        return true;
    const struct form_class *c = class_of((enum form_entity)refs[f->ref].kind);
    char *copy = xstrdup(f->value.buf);
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
        if (!item_exists(c, st, tok)) {
            form_set_error(f, "no %s '%s' (C-o lists them)", refs[f->ref].word, tok);
            break;
        }
    free(copy);
    return f->err[0] == 0;
}

/* Whether a complaint names its field: "title is too long" does,
 * "required" does not. */
static bool names_label(const char *err, const char *label)
{
    size_t n = strlen(label);
    for (const char *p = err; *p; p++)
        if (strncasecmp(p, label, n) == 0)
            return true;
    return false;
}

bool entity_form_check(struct entity_form *ef, struct store *st)
{
    int failed = 0;
    for (int i = 0; i < ef->f.n; i++)
        if (!entity_form_check_field(ef, st, &ef->f.f[i]) && !failed++)
            ef->f.focus = i;
    /* A field's note may be cut beside it: one failure is said whole here,
     * with the field's label unless the complaint already names it. */
    const struct form_field *bad = failed == 1 ? &ef->f.f[ef->f.focus] : NULL;
    if (bad && names_label(bad->err, bad->label))
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: %s", bad->err);
    else if (bad)
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: %s: %s", bad->label, bad->err);
    else if (failed)
        snprintf(ef->f.msg, sizeof ef->f.msg, "not saved: fix the %d fields marked !", failed);
    if (failed)
        ef->f.msg_error = true;
    return !failed && rule_check(ef);
}

int entity_form_save(struct entity_form *ef, struct store *st, char **saved_key, struct err *e)
{
    *saved_key = NULL;
    const struct form_class *c = class_of(ef->ent);
    if (!c)
        return err_set(e, ERR_USAGE, "no form for this kind of item");
    int rc = save_described(ef, c, st, saved_key, e);
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
             ef->editing             ? "saved"
             : ef->ent == FE_READING ? "recorded"
                                     : "added");
}
