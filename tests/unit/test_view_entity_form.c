/*
 * The forms of the model's entities, filled in without a terminal as a
 * person would: which fields a form has and what they start with, what
 * each check says, what a save writes to the database, and a save over a
 * colleague's change refused with the way out.
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/entity_form.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/store.h"

static struct store *st;
static char dept_key[40], project_key[40], indicator_key[40], login[40];

static void setup(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/forms.db", dir);
    free(dir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) || store_generate(st, 200, 7, &e)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "zed");
    struct query q = {0};
    struct department *d = NULL;
    struct project *p = NULL;
    struct indicator *in = NULL;
    struct person *pe = NULL;
    size_t nd = 0, np = 0, ni = 0, npe = 0;
    if (department_list(st, &q, &d, &nd, &e) || project_list(st, &q, &p, &np, &e) ||
        indicator_list(st, &q, &in, &ni, &e) || person_list(st, &q, &pe, &npe, &e) || !nd ||
        !np || !ni || !npe) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
    snprintf(dept_key, sizeof dept_key, "%s", d[0].key);
    snprintf(project_key, sizeof project_key, "%s", p[0].key);
    snprintf(indicator_key, sizeof indicator_key, "%s", in[0].key);
    snprintf(login, sizeof login, "%s", pe[0].login);
    person_list_free(pe, npe);
    department_list_free(d, nd);
    project_list_free(p, np);
    indicator_list_free(in, ni);
}

static void type(struct entity_form *ef, const char *name, const char *value)
{
    struct form_field *f = form_field(&ef->f, name);
    CHECK(f != NULL);
    if (f)
        line_set(&f->value, value);
}

static const char *err_of(struct entity_form *ef, const char *name)
{
    struct form_field *f = form_field(&ef->f, name);
    return f ? f->err : "(no field)";
}

static void a_new_departments_form_lists_its_fields_empty(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, NULL, false, NULL, &e), 0);
    CHECK_STR(ef.f.title, "Add department");
    static const char *const labels[] = {"Key", "Name", "Lead", "Sort order"};
    CHECK_INT(ef.f.n, 4); /* no Archived on a new one */
    for (int i = 0; i < ef.f.n && i < 4; i++) {
        CHECK_STR(ef.f.f[i].label, labels[i]);
        CHECK_STR(ef.f.f[i].value.buf, "");
        CHECK(!ef.f.f[i].readonly);
    }
    CHECK(ef.f.f[0].required && ef.f.f[1].required && !ef.f.f[2].required);
    CHECK_INT(ef.f.focus, 0);
    entity_form_fini(&ef);
}

static void editing_reads_the_item_and_fixes_its_key(void)
{
    struct department d = {0};
    struct err e = {0};
    CHECK_INT(department_get(st, dept_key, &d, &e), 0);
    struct entity_form ef;
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, dept_key, true, NULL, &e), 0);
    char title[80];
    snprintf(title, sizeof title, "Edit department %s", dept_key);
    CHECK_STR(ef.f.title, title);
    CHECK_STR(form_get(&ef.f, "key"), dept_key);
    CHECK(form_field(&ef.f, "key")->readonly);
    CHECK_INT(ef.f.focus, 1); /* the first field that can change */
    CHECK_STR(form_get(&ef.f, "name"), d.name);
    CHECK_STR(form_get(&ef.f, "archived"), "no");
    CHECK_INT(ef.version, d.version);
    entity_form_fini(&ef);
    department_fini(&d);
}

static void a_new_project_starts_in_the_narrowed_department_with_defaults(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_PROJECT, NULL, false, dept_key, &e), 0);
    CHECK_STR(form_get(&ef.f, "dept"), dept_key);
    CHECK_STR(form_get(&ef.f, "status"), "planned");
    CHECK_STR(form_get(&ef.f, "health"), "derived");
    CHECK_STR(form_get(&ef.f, "progress"), "0");
    CHECK_INT(form_field(&ef.f, "progress")->max, 100);
    CHECK_INT(form_field(&ef.f, "depends")->kind, FF_REFS);
    entity_form_fini(&ef);
}

static void each_check_says_what_is_wrong(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_BLOCKER, NULL, false, NULL, &e), 0);
    CHECK_STR(form_get(&ef.f, "kind"), "issue");
    CHECK_STR(form_get(&ef.f, "severity"), NULL); /* unset, not 0 */
    type(&ef, "project", "NOPE-1");
    type(&ef, "severity", "9");
    type(&ef, "waiting_on", "NOWHERE");
    type(&ef, "owner", "someone-new"); /* a login need not be a person yet */
    type(&ef, "needed_by", "2026-02-30");
    CHECK(!entity_form_check(&ef, st));
    CHECK_STR(err_of(&ef, "project"), "no project 'NOPE-1' (C-o lists them)");
    CHECK_STR(err_of(&ef, "title"), "required");
    CHECK_STR(err_of(&ef, "severity"), "from 1 to 4");
    CHECK_STR(err_of(&ef, "waiting_on"), "no department 'NOWHERE' (C-o lists them)");
    CHECK_STR(err_of(&ef, "owner"), "");
    CHECK(err_of(&ef, "needed_by")[0] != 0);
    CHECK_INT(ef.f.focus, 0); /* the first field that fails */
    CHECK_STR(ef.f.msg, "not saved: fix the 5 fields marked !");
    entity_form_fini(&ef);
}

static void a_saved_blocker_holds_what_was_typed(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_BLOCKER, NULL, false, NULL, &e), 0);
    type(&ef, "project", project_key);
    type(&ef, "title", "Forklift licences expire");
    type(&ef, "detail", "three drivers");
    type(&ef, "kind", "risk");
    type(&ef, "severity", "2");
    type(&ef, "waiting_on", dept_key);
    type(&ef, "owner", login);
    type(&ef, "needed_by", "2026-12-15");
    CHECK(entity_form_check(&ef, st));
    char *key = NULL;
    CHECK_INT(entity_form_save(&ef, st, &key, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK(key != NULL);
    char said[100], want[100];
    entity_form_saved(&ef, key, said, sizeof said);
    snprintf(want, sizeof want, "blocker %s added", key ? key : "?");
    CHECK_STR(said, want);
    entity_form_fini(&ef);

    struct blocker b = {0};
    CHECK_INT(blocker_get(st, key ? key : "", &b, &e), 0);
    CHECK_STR(b.project, project_key);
    CHECK_STR(b.title, "Forklift licences expire");
    CHECK_STR(b.detail, "three drivers");
    CHECK_INT(b.kind, BLOCKER_RISK);
    CHECK_INT(b.severity, 2);
    CHECK_STR(b.waiting_on, dept_key);
    CHECK_STR(b.owner, login);
    CHECK_CONTAINS(b.needed_by, "2026-12-15");
    blocker_fini(&b);

    /* edited: the project stays, the rest changes */
    CHECK_INT(entity_form_open(&ef, st, FE_BLOCKER, key, true, NULL, &e), 0);
    CHECK(form_field(&ef.f, "project")->readonly);
    CHECK_STR(form_get(&ef.f, "severity"), "2");
    type(&ef, "severity", "1");
    type(&ef, "detail", "");
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    CHECK_STR(saved, key);
    entity_form_saved(&ef, saved, said, sizeof said);
    snprintf(want, sizeof want, "blocker %s saved", key ? key : "?");
    CHECK_STR(said, want);
    entity_form_fini(&ef);
    CHECK_INT(blocker_get(st, key ? key : "", &b, &e), 0);
    CHECK_INT(b.severity, 1);
    CHECK_STR(b.detail, NULL);
    blocker_fini(&b);
    free(saved);
    free(key);
}

static void a_save_over_a_colleagues_change_is_refused(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, dept_key, true, NULL, &e), 0);
    /* a colleague renames it meanwhile */
    struct department d = {0};
    CHECK_INT(department_get(st, dept_key, &d, &e), 0);
    free(d.name);
    d.name = xstrdup("Renamed by a colleague");
    CHECK_INT(department_update(st, &d, &e), 0);
    department_fini(&d);
    type(&ef, "name", "Mine");
    char *key = NULL;
    CHECK(entity_form_save(&ef, st, &key, &e) != 0);
    CHECK_INT(e.code, ERR_CONFLICT);
    CHECK(key == NULL);
    CHECK_CONTAINS(ef.f.msg, "not saved: ");
    CHECK_CONTAINS(ef.f.msg, "(C-r reloads it, dropping your input)");
    CHECK(ef.f.msg_error);
    entity_form_fini(&ef);
    CHECK_INT(department_get(st, dept_key, &d, &e), 0);
    CHECK_STR(d.name, "Renamed by a colleague"); /* nothing lost */
    department_fini(&d);
}

static void a_reading_is_recorded_for_the_indicator_it_was_opened_on(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_READING, indicator_key, false, NULL, &e), 0);
    CHECK_STR(ef.f.title, "Record a reading");
    CHECK_STR(form_get(&ef.f, "indicator"), indicator_key);
    CHECK(form_get(&ef.f, "at") != NULL); /* now, in the person's zone */
    CHECK(!entity_form_check(&ef, st));
    CHECK_STR(err_of(&ef, "value"), "required");
    type(&ef, "value", "lots");
    CHECK(!entity_form_check(&ef, st));
    /* in the words of any number field */
    struct form plain;
    form_init(&plain, "plain");
    struct form_field *num = form_field_add(&plain, "n", "N", FF_NUMBER, true, "lots");
    CHECK(!form_check_field(num));
    CHECK(num->err[0] != 0);
    CHECK_STR(err_of(&ef, "value"), num->err);
    type(&ef, "value", "19,5");
    CHECK(!entity_form_check(&ef, st));
    CHECK_CONTAINS(err_of(&ef, "value"), "use a dot: 19.5");
    type(&ef, "value", "4242.5");
    type(&ef, "at", "2026-11-20 10:00");
    type(&ef, "note", "from the form");
    CHECK(entity_form_check(&ef, st));
    char *key = NULL;
    CHECK_INT(entity_form_save(&ef, st, &key, &e), 0);
    char said[100], want[100];
    entity_form_saved(&ef, key, said, sizeof said);
    snprintf(want, sizeof want, "reading %s recorded", indicator_key);
    CHECK_STR(said, want);
    free(key);
    entity_form_fini(&ef);
    struct reading *r = NULL;
    size_t n = 0;
    CHECK_INT(indicator_readings(st, indicator_key, NULL, 0, &r, &n, &e), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= r[i].value == 4242.5 && str_eq(r[i].note, "from the form");
    CHECK(found);
    reading_list_free(r, n);
}

/* ---- a form from any descriptor ---- */

/* A made-up kind of item, described as the model describes its own. */
struct gadget {
    int64_t id;
    char *key, *name, *tags, *owner, *due;
    int size, colour;
    double weight;
    bool has_weight;
    int64_t version;
};

static const char *colour_name(int v)
{
    static const char *const names[] = {"grey", "red", "blue"};
    return v >= 0 && v < 3 ? names[v] : NULL;
}

static bool colour_parse(const char *s, int *v)
{
    for (int k = 0; colour_name(k); k++)
        if (str_eq(s, colour_name(k))) {
            *v = k;
            return true;
        }
    return false;
}

#define GADGET(m) .off = offsetof(struct gadget, m)
static const struct entity_field gadget_fields[] = {
    {.name = "id", .label = "Id", .what = "id", .type = FT_ID, GADGET(id)},
    {.name = "key", .label = "Key", .what = "gadget key", .type = FT_TEXT, .text = TEXT_KEY,
     GADGET(key), .flags = FL_ADD | FL_REQUIRED},
    {.name = "name", .label = "Name", .what = "name", .type = FT_TEXT, .text = TEXT_NAME,
     GADGET(name), .flags = FL_EDIT | FL_REQUIRED},
    {.name = "size", .label = "Size", .what = "size", .type = FT_INT, .min = 1, .max = 5,
     GADGET(size), .flags = FL_EDIT | FL_ZERO_NONE},
    {.name = "weight", .label = "Weight", .what = "weight", .type = FT_REAL, GADGET(weight),
     .has_off = offsetof(struct gadget, has_weight), .flags = FL_EDIT},
    {.name = "colour", .label = "Colour", .what = "colour", .type = FT_CHOICE,
     .choice_name = colour_name, .choice_parse = colour_parse, GADGET(colour), .flags = FL_EDIT},
    {.name = "tags", .label = "Tags", .what = "tag", .type = FT_LIST, .max = 3, GADGET(tags),
     .flags = FL_EDIT},
    {.name = "owner", .label = "Owner", .what = "owner", .type = FT_TEXT, .text = TEXT_LOGIN,
     .ref = FREF_PERSON, GADGET(owner), .flags = FL_EDIT},
    {.name = "due", .label = "Due", .what = "due", .type = FT_DATE, GADGET(due)},
    {.name = "version", .label = "Version", .what = "version", .type = FT_ID, GADGET(version)},
};
static const struct entity gadget_entity = {"gadget", sizeof(struct gadget), gadget_fields,
                                            sizeof gadget_fields / sizeof gadget_fields[0]};

static void open_gadget(struct entity_form *ef, const struct gadget *g, bool editing)
{
    memset(ef, 0, sizeof *ef);
    ef->editing = editing;
    ef->version = g->version;
    form_init(&ef->f, "Gadget");
    entity_form_build(ef, &gadget_entity, NULL, g, NULL, NULL);
}

static void any_descriptor_gives_its_form(void)
{
    struct gadget g = {0};
    struct entity_form ef;
    open_gadget(&ef, &g, false);
    /* a field a person gives or edits, in the descriptor's order */
    static const char *const names[] = {"key", "name", "size", "weight", "colour", "tags",
                                        "owner"};
    static const char *const labels[] = {"Key", "Name", "Size 1-5", "Weight", "Colour",
                                         "Tags a,b", "Owner"};
    static const enum form_kind kinds[] = {FF_TEXT, FF_TEXT,   FF_INT, FF_NUMBER,
                                           FF_CHOICE, FF_TEXT, FF_REF};
    static const bool required[] = {true, true, false, false, true, false, false};
    CHECK_INT(ef.f.n, 7);
    for (int i = 0; i < ef.f.n && i < 7; i++) {
        CHECK_STR(ef.f.f[i].name, names[i]);
        CHECK_STR(ef.f.f[i].label, labels[i]);
        CHECK_INT(ef.f.f[i].kind, kinds[i]);
        CHECK_INT(ef.f.f[i].required, required[i]);
        CHECK(!ef.f.f[i].readonly);
    }
    CHECK_INT(form_field(&ef.f, "size")->min, 1);
    CHECK_INT(form_field(&ef.f, "size")->max, 5);
    CHECK_INT(form_field(&ef.f, "owner")->ref, R_PERSON);
    const char *const *ch = form_field(&ef.f, "colour")->choices;
    CHECK(ch && str_eq(ch[0], "grey") && str_eq(ch[2], "blue") && ch[3] == NULL);
    /* a new item's values: unset ones empty, a choice at its first */
    CHECK_STR(form_get(&ef.f, "size"), NULL);
    CHECK_STR(form_get(&ef.f, "weight"), NULL);
    CHECK_STR(form_get(&ef.f, "colour"), "grey");
    CHECK_INT(ef.f.focus, 0);
    entity_form_fini(&ef);
}

static void a_descriptors_form_checks_and_fills_through_it(void)
{
    struct gadget g = {.id = 7, .key = "g-1", .name = "Widget", .size = 2, .weight = 1.5,
                       .has_weight = true, .colour = 1, .tags = "a,b", .version = 3};
    struct entity_form ef;
    open_gadget(&ef, &g, true);
    CHECK(form_field(&ef.f, "key")->readonly); /* given once */
    CHECK_INT(ef.f.focus, 1);                  /* on the first it edits */
    CHECK_STR(form_get(&ef.f, "size"), "2");
    CHECK_STR(form_get(&ef.f, "weight"), "1.5");
    CHECK_STR(form_get(&ef.f, "colour"), "red");
    CHECK_STR(form_get(&ef.f, "tags"), "a,b");
    /* the descriptor's rules, in its words, on the field */
    type(&ef, "tags", "a, b c");
    type(&ef, "name", "");
    CHECK(!entity_form_check(&ef, st));
    CHECK_CONTAINS(err_of(&ef, "tags"), "tag");
    CHECK_STR(err_of(&ef, "name"), "required");
    type(&ef, "tags", "w,x,y,z");
    CHECK(!entity_form_check_field(&ef, st, form_field(&ef.f, "tags")));
    CHECK_STR(err_of(&ef, "tags"), "at most 3 tags");
    type(&ef, "name", "Gizmo");
    type(&ef, "tags", " z , y,z ");
    type(&ef, "weight", "");
    type(&ef, "colour", "blue");
    CHECK(entity_form_check(&ef, st));
    struct gadget out = {0};
    struct err e = {0};
    CHECK_INT(entity_form_fill(&ef, &out, &e), 0);
    CHECK_STR(out.name, "Gizmo");
    CHECK_STR(out.tags, "z,y"); /* as the model keeps a list */
    CHECK(!out.has_weight);
    CHECK_INT(out.colour, 2);
    CHECK_INT(out.size, 2);
    CHECK(out.key == NULL); /* fixed: not the form's to set */
    CHECK_INT(out.version, 3);
    entity_fini(&gadget_entity, &out);
    entity_form_fini(&ef);
}

/* The indicator's form is its descriptor's: every field it edits. */
static void an_indicators_form_edits_what_its_descriptor_edits(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_INDICATOR, indicator_key, true, NULL, &e), 0);
    int n = 0;
    for (size_t i = 0; i < indicator_entity.n; i++) {
        const struct entity_field *f = &indicator_entity.fields[i];
        if (!(f->flags & (FL_EDIT | FL_ADD)))
            continue;
        CHECK(n < ef.f.n && str_eq(ef.f.f[n].name, f->name));
        n++;
    }
    CHECK_INT(ef.f.n, n);
    CHECK(form_field(&ef.f, "key")->readonly);
    CHECK_STR(form_field(&ef.f, "direction")->label, "Better when");
    CHECK_INT(form_field(&ef.f, "project")->ref, R_PROJECT);
    type(&ef, "format", "percent");
    type(&ef, "unit", "");
    CHECK(entity_form_check(&ef, st));
    char *key = NULL;
    CHECK_INT(entity_form_save(&ef, st, &key, &e), 0);
    entity_form_fini(&ef);
    struct indicator in = {0};
    CHECK_INT(indicator_get(st, indicator_key, &in, &e), 0);
    CHECK_STR(in.format, "percent");
    CHECK(in.unit == NULL);
    indicator_fini(&in);
    free(key);
}

/* ---- departments, people and projects: from their descriptors ---- */

/* Every field of ent that a person gives or edits (FL_EDIT_ONLY ones once
 * the item exists) is in the form, under its label, and the form has no
 * other field of ent's. */
static void form_follows_descriptor(struct entity_form *ef, const struct entity *ent)
{
    int described = 0;
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        bool given = (f->flags & (FL_ADD | FL_EDIT)) &&
                     (ef->editing || !(f->flags & FL_EDIT_ONLY));
        const char *name = f->flag ? f->flag : f->name;
        struct form_field *ff = form_field(&ef->f, name);
        if (!given) {
            CHECK(ff == NULL);
            continue;
        }
        described++;
        CHECK(ff != NULL);
        if (ff)
            CHECK_CONTAINS(ff->label, f->label);
        if (ff)
            CHECK_INT(ff->readonly, ef->editing && !(f->flags & FL_EDIT));
    }
    int n = 0;
    for (int i = 0; i < ef->f.n; i++)
        n += ef->field[i] != NULL;
    CHECK_INT(n, described);
}

static void a_departments_form_is_its_descriptors(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, NULL, false, NULL, &e), 0);
    form_follows_descriptor(&ef, &department_entity);
    static const char *const names[] = {"key", "name", "lead", "order"};
    static const enum form_kind kinds[] = {FF_TEXT, FF_TEXT, FF_REF, FF_INT};
    for (int i = 0; i < ef.f.n && i < 4; i++) {
        CHECK_STR(ef.f.f[i].name, names[i]);
        CHECK_INT(ef.f.f[i].kind, kinds[i]);
    }
    CHECK_INT(form_field(&ef.f, "key")->ref, R_NONE); /* given, not picked */
    CHECK_INT(form_field(&ef.f, "lead")->ref, R_PERSON);
    CHECK_INT(form_field(&ef.f, "order")->min, -1000000);
    CHECK_INT(form_field(&ef.f, "order")->max, 1000000);
    entity_form_fini(&ef);

    /* editing: the key fixed, and a yes or no for archived */
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, dept_key, true, NULL, &e), 0);
    form_follows_descriptor(&ef, &department_entity);
    CHECK_INT(ef.f.n, 5);
    struct form_field *key = form_field(&ef.f, "key");
    CHECK(key->readonly && key->kind == FF_TEXT);
    struct form_field *archived = form_field(&ef.f, "archived");
    CHECK_STR(archived->label, "Archived");
    CHECK_INT(archived->kind, FF_CHOICE);
    CHECK(archived->required);
    CHECK(archived->choices && str_eq(archived->choices[0], "no") &&
          str_eq(archived->choices[1], "yes") && archived->choices[2] == NULL);
    type(&ef, "archived", "maybe");
    CHECK(!entity_form_check(&ef, st));
    CHECK(err_of(&ef, "archived")[0] != 0);
    CHECK_INT(ef.f.focus, 4);
    type(&ef, "archived", "yes");
    CHECK(entity_form_check(&ef, st));
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    free(saved);
    entity_form_fini(&ef);
    struct department d = {0};
    CHECK_INT(department_get(st, dept_key, &d, &e), 0);
    CHECK(d.archived);
    department_fini(&d);

    /* and back */
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, dept_key, true, NULL, &e), 0);
    CHECK_STR(form_get(&ef.f, "archived"), "yes");
    type(&ef, "archived", "no");
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    free(saved);
    entity_form_fini(&ef);
    CHECK_INT(department_get(st, dept_key, &d, &e), 0);
    CHECK(!d.archived);
    department_fini(&d);
}

static void a_department_is_added_once(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, NULL, false, NULL, &e), 0);
    type(&ef, "key", "Q A");
    type(&ef, "name", "Quality");
    CHECK(!entity_form_check(&ef, st));
    CHECK_CONTAINS(err_of(&ef, "key"), "department key");
    /* the model's rule, in its words, where nothing cuts it short */
    char want[300];
    snprintf(want, sizeof want, "not saved: %s", err_of(&ef, "key"));
    CHECK_STR(ef.f.msg, want);
    CHECK_CONTAINS(ef.f.msg, "not saved: department key 'Q A' is not allowed");
    type(&ef, "key", "QA");
    type(&ef, "lead", login);
    CHECK(entity_form_check(&ef, st));
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    char said[100];
    entity_form_saved(&ef, saved, said, sizeof said);
    CHECK_STR(said, "department QA added");
    free(saved);
    entity_form_fini(&ef);
    struct department d = {0};
    CHECK_INT(department_get(st, "QA", &d, &e), 0);
    CHECK_STR(d.name, "Quality");
    CHECK_STR(d.lead, login);
    CHECK_INT(d.sort_order, 0); /* left blank */
    CHECK(!d.archived);
    department_fini(&d);

    /* the same key again is the model's to refuse */
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, NULL, false, NULL, &e), 0);
    type(&ef, "key", "QA");
    type(&ef, "name", "Quality again");
    CHECK(entity_form_check(&ef, st));
    CHECK(entity_form_save(&ef, st, &saved, &e) != 0);
    CHECK(saved == NULL);
    CHECK_STR(ef.f.msg, "not saved: department QA already exists; edit it instead");
    CHECK(ef.f.msg_error);
    entity_form_fini(&ef);
}

static void a_persons_form_is_its_descriptors(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_PERSON, NULL, false, dept_key, &e), 0);
    CHECK_STR(ef.f.title, "Add person");
    form_follows_descriptor(&ef, &person_entity);
    /* the job title before the department */
    static const char *const names[] = {"login", "name", "title", "dept"};
    static const char *const labels[] = {"Login", "Name", "Job title", "Department"};
    static const bool required[] = {true, true, false, false};
    CHECK_INT(ef.f.n, 4);
    for (int i = 0; i < ef.f.n && i < 4; i++) {
        CHECK_STR(ef.f.f[i].name, names[i]);
        CHECK_STR(ef.f.f[i].label, labels[i]);
        CHECK_INT(ef.f.f[i].required, required[i]);
    }
    CHECK_INT(form_field(&ef.f, "login")->kind, FF_TEXT);
    CHECK_INT(form_field(&ef.f, "dept")->ref, R_DEPT);
    CHECK_STR(form_get(&ef.f, "dept"), dept_key); /* the narrowed one */
    type(&ef, "login", "new bie");
    CHECK(!entity_form_check(&ef, st));
    CHECK(err_of(&ef, "login")[0] != 0);
    type(&ef, "login", "newbie");
    type(&ef, "name", "New Bie");
    type(&ef, "title", "Analyst");
    CHECK(entity_form_check(&ef, st));
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    CHECK_STR(saved, "newbie");
    free(saved);
    entity_form_fini(&ef);
    struct person p = {0};
    CHECK_INT(person_get(st, "newbie", &p, &e), 0);
    CHECK_STR(p.name, "New Bie");
    CHECK_STR(p.title, "Analyst");
    CHECK_STR(p.department, dept_key);
    person_fini(&p);

    /* editing: the login fixed; one without a department starts in the
     * narrowed one */
    struct person drifter = {.login = "drifter", .name = "Drifter"};
    CHECK_INT(person_add(st, &drifter, &e), 0);
    CHECK_INT(entity_form_open(&ef, st, FE_PERSON, "drifter", true, NULL, &e), 0);
    CHECK(form_field(&ef.f, "login")->readonly);
    CHECK_INT(ef.f.focus, 1);
    CHECK_STR(form_get(&ef.f, "dept"), NULL);
    entity_form_fini(&ef);
    CHECK_INT(entity_form_open(&ef, st, FE_PERSON, "drifter", true, dept_key, &e), 0);
    CHECK_STR(form_get(&ef.f, "dept"), dept_key);
    entity_form_fini(&ef);
    CHECK_INT(entity_form_open(&ef, st, FE_PERSON, "newbie", true, "ELSEWHERE", &e), 0);
    CHECK_STR(form_get(&ef.f, "dept"), dept_key); /* its own stays */
    entity_form_fini(&ef);
}

static void a_projects_form_is_its_descriptors_and_its_dependencies(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_PROJECT, NULL, false, NULL, &e), 0);
    form_follows_descriptor(&ef, &project_entity);
    static const char *const names[] = {"key",      "title", "dept", "owner",
                                        "status",   "health", "progress", "start",
                                        "due",      "description", "depends"};
    static const char *const labels[] = {"Key",    "Title",      "Department", "Owner",
                                         "Status", "Health",     "Progress %", "Start",
                                         "Due",    "Description", "Depends on"};
    CHECK_INT(ef.f.n, 11);
    for (int i = 0; i < ef.f.n && i < 11; i++) {
        CHECK_STR(ef.f.f[i].name, names[i]);
        CHECK_STR(ef.f.f[i].label, labels[i]);
    }
    const char *const *h = form_field(&ef.f, "health")->choices;
    CHECK(h && str_eq(h[0], "derived") && str_eq(h[1], "green") && str_eq(h[3], "red") &&
          h[4] == NULL);
    const char *const *s = form_field(&ef.f, "status")->choices;
    CHECK(s && str_eq(s[0], "planned") && str_eq(s[4], "cancelled") && s[5] == NULL);
    CHECK_INT(form_field(&ef.f, "start")->kind, FF_DATE);
    CHECK_INT(form_field(&ef.f, "depends")->ref, R_PROJECT);
    entity_form_fini(&ef);

    /* a project that depends on another shows it, and edits it */
    char other[40];
    struct query q = {0};
    struct project *v = NULL;
    size_t n = 0;
    CHECK_INT(project_list(st, &q, &v, &n, &e), 0);
    CHECK(n > 2);
    snprintf(other, sizeof other, "%s", n > 2 ? v[2].key : "");
    project_list_free(v, n);
    char *const deps[] = {other};
    CHECK_INT(project_set_depends(st, project_key, deps, 1, &e), 0);
    CHECK_INT(entity_form_open(&ef, st, FE_PROJECT, project_key, true, NULL, &e), 0);
    form_follows_descriptor(&ef, &project_entity);
    CHECK(form_field(&ef.f, "key")->readonly);
    CHECK_STR(form_get(&ef.f, "depends"), other);

    /* the model's rule between the dates, before anything is written */
    type(&ef, "start", "2026-05-01");
    type(&ef, "due", "2026-04-01");
    CHECK(!entity_form_check(&ef, st));
    char want[200];
    snprintf(want, sizeof want,
             "not saved: project %s due 2026-04-01 is before its start 2026-05-01; move one of "
             "them",
             project_key);
    CHECK_STR(ef.f.msg, want);
    CHECK(ef.f.msg_error);
    CHECK_STR(err_of(&ef, "start"), "");
    CHECK_STR(err_of(&ef, "due"), "");
    type(&ef, "due", "2026-06-30");
    type(&ef, "health", "amber");
    type(&ef, "depends", "");
    CHECK(entity_form_check(&ef, st));
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    CHECK_STR(saved, project_key);
    free(saved);
    entity_form_fini(&ef);
    struct project p = {0};
    CHECK_INT(project_get(st, project_key, &p, &e), 0);
    CHECK_STR(p.start, "2026-05-01");
    CHECK_STR(p.due, "2026-06-30");
    CHECK_INT(p.health_set, HEALTH_AMBER);
    CHECK_INT(p.n_depends_on, 0);
    project_fini(&p);

    /* derived again, through its word */
    CHECK_INT(entity_form_open(&ef, st, FE_PROJECT, project_key, true, NULL, &e), 0);
    CHECK_STR(form_get(&ef.f, "health"), "amber");
    type(&ef, "health", "derived");
    type(&ef, "depends", other);
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    free(saved);
    entity_form_fini(&ef);
    CHECK_INT(project_get(st, project_key, &p, &e), 0);
    CHECK_INT(p.health_set, HEALTH_UNKNOWN);
    CHECK_INT(p.n_depends_on, 1);
    project_fini(&p);
}

/* A new indicator's key is typed: it is not one to pick from those there. */
static void a_new_indicators_key_is_typed(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_INDICATOR, NULL, false, NULL, &e), 0);
    struct form_field *key = form_field(&ef.f, "key");
    CHECK_INT(key->kind, FF_TEXT);
    CHECK_INT(key->ref, R_NONE);
    /* a choice kept as text may be left at its first: not required */
    CHECK_INT(form_field(&ef.f, "format")->kind, FF_CHOICE);
    CHECK(!form_field(&ef.f, "format")->required);
    type(&ef, "key", "form-made");
    type(&ef, "name", "Made in a form");
    CHECK(entity_form_check(&ef, st));
    CHECK_STR(err_of(&ef, "key"), "");
    char *saved = NULL;
    CHECK_INT(entity_form_save(&ef, st, &saved, &e), 0);
    CHECK_STR(saved, "form-made");
    free(saved);
    entity_form_fini(&ef);
    struct indicator in = {0};
    CHECK_INT(indicator_get(st, "form-made", &in, &e), 0);
    CHECK_STR(in.name, "Made in a form");
    indicator_fini(&in);
}

/* One field refused: its complaint whole on the message line, named by
 * its label when the complaint does not name it already. */
static void one_refused_field_is_said_whole(void)
{
    struct entity_form ef;
    struct err e = {0};
    CHECK_INT(entity_form_open(&ef, st, FE_DEPT, NULL, false, NULL, &e), 0);
    type(&ef, "key", "QB");
    CHECK(!entity_form_check(&ef, st));
    CHECK_STR(err_of(&ef, "name"), "required");
    CHECK_STR(ef.f.msg, "not saved: Name: required");
    char title[520];
    memset(title, 'T', 501);
    title[501] = 0;
    type(&ef, "name", title);
    CHECK(!entity_form_check(&ef, st));
    CHECK_STR(ef.f.msg, "not saved: department name is too long (501 characters): at most 500 "
                          "characters for names and titles");
    entity_form_fini(&ef);
}

static void only_the_panes_with_a_form_open_one(void)
{
    enum form_entity ent = FE_READING;
    struct err e = {0};
    CHECK_INT(entity_form_of_pane("blockers", &ent, &e), 0);
    CHECK_INT(ent, FE_BLOCKER);
    CHECK_INT(entity_form_of_pane("departments", &ent, &e), 0);
    CHECK_INT(ent, FE_DEPT);
    CHECK_INT(entity_form_of_pane("indicators", &ent, &e), 0);
    CHECK_INT(ent, FE_INDICATOR);
    CHECK(entity_form_of_pane("flow", &ent, &e) != 0);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_STR(e.msg, "flow cannot be edited in a form");
    struct entity_form ef;
    CHECK(entity_form_open(&ef, st, (enum form_entity)42, NULL, false, NULL, &e) != 0);
    CHECK(entity_form_open(&ef, st, FE_READING, indicator_key, true, NULL, &e) != 0);
    CHECK_STR(e.msg, "a reading cannot be edited in a form");
    CHECK(entity_form_open(&ef, st, FE_BLOCKER, "B-999999", true, NULL, &e) != 0);
    CHECK(e.msg[0] != 0);
    entity_form_fini(&ef);
}

int main(void)
{
    setup();
    RUN(a_new_departments_form_lists_its_fields_empty);
    RUN(editing_reads_the_item_and_fixes_its_key);
    RUN(a_new_project_starts_in_the_narrowed_department_with_defaults);
    RUN(each_check_says_what_is_wrong);
    RUN(a_saved_blocker_holds_what_was_typed);
    RUN(a_save_over_a_colleagues_change_is_refused);
    RUN(a_reading_is_recorded_for_the_indicator_it_was_opened_on);
    RUN(only_the_panes_with_a_form_open_one);
    RUN(any_descriptor_gives_its_form);
    RUN(a_descriptors_form_checks_and_fills_through_it);
    RUN(an_indicators_form_edits_what_its_descriptor_edits);
    RUN(a_departments_form_is_its_descriptors);
    RUN(a_department_is_added_once);
    RUN(a_persons_form_is_its_descriptors);
    RUN(a_projects_form_is_its_descriptors_and_its_dependencies);
    RUN(a_new_indicators_key_is_typed);
    RUN(one_refused_field_is_said_whole);
    store_close(st);
    return check_report();
}
