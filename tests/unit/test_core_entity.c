/*
 * The blocker's description (blocker_entity): each member named once, a
 * row written and read back through it equals what was written, an edit
 * audits exactly the fields it changed, and tags: their rule, their stored
 * form, and the listing filter. The department's and the person's: each
 * member once, a field known by its name, file key and flag, its audit
 * rows and text rules from its entry.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/event.h"
#include "baton/project.h"
#include "baton/store.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "e", NULL);
    struct err e = {0};
    struct department d = {.key = "ENG", .name = "Engineering", .lead = "alice"};
    struct department f = {.key = "FIN", .name = "Finance", .lead = "fred"};
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG"};
    struct person alice = {.login = "alice", .name = "Alice", .department = "ENG"};
    struct person fred = {.login = "fred", .name = "Fred", .department = "FIN"};
    if (department_add(st, &d, &e) || department_add(st, &f, &e) || project_add(st, &p, &e) ||
        person_add(st, &alice, &e) || person_add(st, &fred, &e)) {
        fprintf(stderr, "set-up: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static void test_every_member_is_described_once(void)
{
    const struct entity *ent = &blocker_entity;
    CHECK_STR(ent->name, "blocker");
    CHECK_INT(ent->size, sizeof(struct blocker));
    for (size_t i = 0; i < ent->n; i++)
        for (size_t j = i + 1; j < ent->n; j++) {
            CHECK(strcmp(ent->fields[i].name, ent->fields[j].name) != 0);
            CHECK(ent->fields[i].off != ent->fields[j].off);
        }
    /* the stored text members, by offset */
    static const size_t texts[] = {
        offsetof(struct blocker, key),           offsetof(struct blocker, project),
        offsetof(struct blocker, project_dept),  offsetof(struct blocker, title),
        offsetof(struct blocker, detail),        offsetof(struct blocker, waiting_on),
        offsetof(struct blocker, owner),         offsetof(struct blocker, raised_by),
        offsetof(struct blocker, raised_at),     offsetof(struct blocker, needed_by),
        offsetof(struct blocker, sla_due),       offsetof(struct blocker, snoozed_until),
        offsetof(struct blocker, duplicate_of),  offsetof(struct blocker, escalated_to),
        offsetof(struct blocker, escalated_at),  offsetof(struct blocker, reason),
        offsetof(struct blocker, tags),          offsetof(struct blocker, updated_at),
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        CHECK(entity_field_at(ent, texts[i]) != NULL);
    const struct entity_field *f = entity_field(ent, "needed-by");
    CHECK(f && strcmp(f->name, "needed_by") == 0);
    char flag[64];
    CHECK_STR(field_flag(entity_field(ent, "waiting_on"), flag), "waiting-on");
    CHECK(entity_field(ent, "no_such_field") == NULL);
    f = entity_field(ent, "tags");
    CHECK(f && f->type == FT_LIST && (f->flags & FL_EDIT) && (f->flags & FL_AUDITED) &&
          (f->flags & FL_ORG));
}

static void test_a_row_written_reads_back_equal(void)
{
    struct store *st = fresh();
    struct blocker b = {
        .project = "ENG-1",
        .title = "Waiting for the VAT rules",
        .detail = "Legal has the draft",
        .kind = BLOCKER_RISK,
        .severity = 2,
        .waiting_on = "FIN",
        .owner = "fred",
        .raised_by = "alice",
        .raised_at = "2026-11-20T08:00:00Z",
        .needed_by = "2026-12-15",
        .tags = "vat,legal",
    };
    char *key = NULL;
    struct err e = {0};
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    struct blocker got;
    CHECK_INT(blocker_get(st, key, &got, &e), 0);
    CHECK_STR(got.key, key);
    CHECK_STR(got.project_dept, "ENG");
    CHECK_INT(got.state, BLOCKER_NEW);
    CHECK(got.sla_due != NULL);
    CHECK_INT(got.version, 1);
    for (size_t i = 0; i < blocker_entity.n; i++) {
        const struct entity_field *f = &blocker_entity.fields[i];
        if (!(f->flags & FL_CREATED) || !(f->flags & FL_ORG) || strcmp(f->name, "key") == 0)
            continue;
        char w[32], g[32];
        if (!field_equal(f, &b, &got))
            fprintf(stderr, "  %s: wrote %s, read %s\n", f->name, field_text(f, &b, w),
                    field_text(f, &got, g));
        CHECK(field_equal(f, &b, &got));
    }
    /* a copy through the description is equal and owns its text */
    struct blocker copy;
    entity_copy(&blocker_entity, &copy, &got);
    CHECK(!entity_differs(&blocker_entity, &copy, &got, 0));
    CHECK(copy.title != got.title);
    blocker_fini(&copy);
    blocker_fini(&got);
    free(key);
    store_close(st);
}

/* The "update" rows of entity key, oldest first, in one line: their
 * fields ("title severity"), or with values "field old->new" each. */
static void update_rows(struct store *st, const char *entity, const char *key, bool values,
                        char *out, size_t size)
{
    struct event *ev = NULL;
    size_t n = 0;
    struct err e = {0};
    out[0] = 0;
    if (event_list(st, entity, key, NULL, 0, &ev, &n, &e) != 0)
        return;
    for (size_t i = n; i-- > 0;) {
        if (strcmp(ev[i].action, "update") != 0)
            continue;
        snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? (values ? ", " : " ") : "",
                 ev[i].field);
        if (values)
            snprintf(out + strlen(out), size - strlen(out), " %s->%s",
                     ev[i].old_value ? ev[i].old_value : "-",
                     ev[i].new_value ? ev[i].new_value : "-");
    }
    event_list_free(ev, n);
}

static void update_fields(struct store *st, const char *key, char *out, size_t size)
{
    update_rows(st, "blocker", key, false, out, size);
}

static void test_an_edit_audits_the_fields_it_changed(void)
{
    struct store *st = fresh();
    struct blocker b = {.project = "ENG-1", .title = "Old title", .tags = "a"};
    char *key = NULL;
    struct err e = {0};
    CHECK_INT(blocker_add(st, &b, &key, &e), 0);
    struct blocker cur;
    CHECK_INT(blocker_get(st, key, &cur, &e), 0);
    str_replace(&cur.title, "New title");
    str_replace(&cur.tags, "b, a ,b");
    cur.severity = 3;
    CHECK_INT(blocker_update(st, &cur, &e), 0);
    char fields[256];
    update_fields(st, key, fields, sizeof fields);
    CHECK_STR(fields, "title severity tags");
    struct blocker got;
    CHECK_INT(blocker_get(st, key, &got, &e), 0);
    CHECK_STR(got.tags, "b,a"); /* in the order given, repeats removed */
    CHECK_STR(got.title, "New title");
    CHECK_INT(got.severity, 3);
    /* an edit that changes nothing writes nothing */
    CHECK_INT(blocker_update(st, &got, &e), 0);
    update_fields(st, key, fields, sizeof fields);
    CHECK_STR(fields, "title severity tags");
    blocker_fini(&got);
    blocker_fini(&cur);
    free(key);
    store_close(st);
}

static void test_tags_obey_the_key_rule(void)
{
    char *out = NULL;
    struct err e = {0};
    CHECK_INT(field_list_norm("tag", " q4 , legal,q4,", 16, &out, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "tag 4 is empty");
    CHECK_INT(field_list_norm("tag", " q4 , legal,q4", 16, &out, &e), 0);
    CHECK_STR(out, "q4,legal");
    free(out);
    CHECK_INT(field_list_norm("tag", "   ", 16, &out, &e), 0);
    CHECK(out == NULL);
    CHECK_INT(field_list_norm("tag", "two words", 16, &out, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "tag 'two words' is not allowed");
    CHECK_INT(field_list_norm("tag", "a,,b", 16, &out, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "tag 2 is empty");
    char longtag[40];
    memset(longtag, 'x', 33);
    longtag[33] = 0;
    CHECK_INT(field_list_norm("tag", longtag, 16, &out, &e), -ERR_USAGE);
    CHECK_INT(field_list_norm("tag", "a,b,c", 2, &out, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "at most 2 tags");
    CHECK(field_list_has("q4,legal", "legal"));
    CHECK(!field_list_has("q4,legal", "leg"));

    /* the model refuses what the rule refuses, whatever the way in */
    struct store *st = fresh();
    struct blocker b = {.project = "ENG-1", .title = "T", .tags = "fine,not fine"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &b, &key, &e), -ERR_USAGE);
    CHECK(key == NULL);
    int64_t n = -1;
    CHECK_INT(blocker_count(st, NULL, &n, &e), 0);
    CHECK_INT(n, 0);
    store_close(st);
}

static void test_list_and_count_by_tag(void)
{
    struct store *st = fresh();
    const char *tags[] = {"vat,legal", "legal", "legalese", NULL};
    struct err e = {0};
    for (size_t i = 0; i < 4; i++) {
        struct blocker b = {.project = "ENG-1", .title = "T", .tags = (char *)tags[i]};
        char *key = NULL;
        CHECK_INT(blocker_add(st, &b, &key, &e), 0);
        free(key);
    }
    struct query q = {.state = "open", .tag = "legal"};
    struct blocker *v = NULL;
    size_t n = 0;
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].key, "B-1");
        CHECK_STR(v[1].key, "B-2");
    }
    blocker_list_free(v, n);
    int64_t count = 0;
    CHECK_INT(blocker_count(st, &q, &count, &e), 0);
    CHECK_INT(count, 2);
    q.state = NULL;
    q.tag = "vat";
    CHECK_INT(blocker_count(st, &q, &count, &e), 0);
    CHECK_INT(count, 1);
    q.tag = "none";
    q.limit = 10; /* a window, found by seeking */
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 0);
    blocker_list_free(v, n);
    store_close(st);
}

/* No two entries name the same field or member. */
static void check_once(const struct entity *ent)
{
    for (size_t i = 0; i < ent->n; i++)
        for (size_t j = i + 1; j < ent->n; j++) {
            CHECK(strcmp(ent->fields[i].name, ent->fields[j].name) != 0);
            CHECK(strcmp(field_key(&ent->fields[i]), field_key(&ent->fields[j])) != 0);
            CHECK(ent->fields[i].off != ent->fields[j].off);
        }
}

static void test_each_member_is_described_once(void)
{
    check_once(&department_entity);
    check_once(&person_entity);
    CHECK_STR(department_entity.name, "department");
    CHECK_INT(department_entity.size, sizeof(struct department));
    CHECK_STR(person_entity.name, "person");
    CHECK_INT(person_entity.size, sizeof(struct person));
    static const size_t dept_texts[] = {offsetof(struct department, key),
                                        offsetof(struct department, name),
                                        offsetof(struct department, lead)};
    for (size_t i = 0; i < sizeof dept_texts / sizeof dept_texts[0]; i++)
        CHECK(entity_field_at(&department_entity, dept_texts[i]) != NULL);
    static const size_t person_texts[] = {
        offsetof(struct person, login), offsetof(struct person, name),
        offsetof(struct person, title), offsetof(struct person, department)};
    for (size_t i = 0; i < sizeof person_texts / sizeof person_texts[0]; i++)
        CHECK(entity_field_at(&person_entity, person_texts[i]) != NULL);
    CHECK_STR(entity_key(&department_entity)->name, "key");
    CHECK_STR(entity_key(&person_entity)->name, "login");
}

/* One field's column, file key and flag may differ; each comes from its
 * entry. */
static void test_a_field_is_known_by_its_name_its_key_and_its_flag(void)
{
    const struct entity_field *f = entity_field(&department_entity, "order");
    CHECK(f && strcmp(f->name, "sort_order") == 0);
    CHECK(f == entity_field(&department_entity, "sort_order"));
    CHECK_STR(field_key(f), "sort");
    char flag[64];
    CHECK_STR(field_flag(f, flag), "order");
    CHECK(f && f->type == FT_INT && f->min == -1000000 && f->max == 1000000);
    f = entity_field(&person_entity, "dept");
    CHECK(f && f->off == offsetof(struct person, department) && f->ref == FREF_DEPARTMENT);
    CHECK_STR(field_key(f), "department");
    f = entity_field(&department_entity, "archived");
    CHECK(f && f->type == FT_BOOL && (f->flags & FL_EDIT) && (f->flags & FL_AUDITED));
    /* what a field refuses is said in the words of its entry */
    struct department d = {0};
    struct err e = {0};
    CHECK(field_set(entity_field(&department_entity, "order"), &d, "2000000", &e) < 0);
    CHECK_STR(e.msg, "sort order must be a whole number from -1000000 to 1000000, not '2000000'");
    CHECK(field_set(entity_field(&department_entity, "archived"), &d, "maybe", &e) < 0);
    CHECK_STR(e.msg, "archived is yes or no, not 'maybe'");
    CHECK_INT(field_set(entity_field(&department_entity, "archived"), &d, "yes", &e), 0);
    CHECK(d.archived);
    department_fini(&d);
}

static void test_an_edit_audits_each_changed_field_under_its_name(void)
{
    struct store *st = fresh();
    struct department d;
    struct err e = {0};
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.version, 1);
    d.sort_order = 3;
    d.archived = true;
    str_replace(&d.lead, "");
    CHECK_INT(department_update(st, &d, &e), 0);
    department_fini(&d);
    char got[512];
    update_rows(st, "department", "ENG", true, got, sizeof got);
    CHECK_STR(got, "lead alice->-, sort_order 0->3, archived no->yes");
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.version, 2);
    CHECK_INT(d.sort_order, 3);
    CHECK(d.archived);
    CHECK(d.lead == NULL);
    /* nothing changed: no row, no new version */
    CHECK_INT(department_update(st, &d, &e), 0);
    department_fini(&d);
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.version, 2);
    department_fini(&d);

    struct person p;
    CHECK_INT(person_get(st, "alice", &p, &e), 0);
    str_replace(&p.department, "FIN");
    str_replace(&p.title, "Head of Finance");
    CHECK_INT(person_update(st, &p, &e), 0);
    person_fini(&p);
    update_rows(st, "person", "alice", true, got, sizeof got);
    CHECK_STR(got, "department ENG->FIN, title -->Head of Finance");
    /* a stale version is a conflict */
    CHECK_INT(person_get(st, "alice", &p, &e), 0);
    p.version = 1;
    CHECK(person_update(st, &p, &e) < 0);
    CHECK_INT(e.code, ERR_CONFLICT);
    person_fini(&p);
    store_close(st);
}

static void test_text_is_checked_by_the_descriptor_rules(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct department d = {.key = "BAD KEY", .name = "Bad"};
    CHECK(department_add(st, &d, &e) < 0);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_CONTAINS(e.msg, "department key");
    struct person p = {.login = "bob", .name = "Bob", .department = "NOPE"};
    CHECK(person_add(st, &p, &e) < 0);
    CHECK_STR(e.msg, "no department NOPE");
    store_close(st);
}

/* A project's health kept by hand is its member health_set, and "health"
 * wherever it is seen; its department's flag is --dept. */
static void test_a_project_is_described_once(void)
{
    check_once(&project_entity);
    CHECK_STR(project_entity.name, "project");
    CHECK_INT(project_entity.size, sizeof(struct project));
    CHECK_STR(entity_key(&project_entity)->name, "key");
    const struct entity_field *f = entity_field(&project_entity, "health");
    CHECK(f && f->off == offsetof(struct project, health_set) && f->type == FT_CHOICE);
    CHECK(f && (f->flags & FL_OMIT_FIRST) && (f->flags & FL_AUDITED));
    CHECK_STR(field_key(f), "health");
    f = entity_field(&project_entity, "health_now");
    CHECK(f && f->off == offsetof(struct project, health) && !(f->flags & FL_ORG));
    f = entity_field(&project_entity, "dept");
    CHECK(f && f->off == offsetof(struct project, department) && (f->flags & FL_REQUIRED));
    CHECK_STR(field_key(f), "department");
    /* the choices read as typed: derived is none */
    struct project p = {0};
    struct err e = {0};
    CHECK_INT(field_set(entity_field(&project_entity, "health"), &p, "amber", &e), 0);
    CHECK_INT(p.health_set, HEALTH_AMBER);
    char buf[32];
    CHECK_STR(field_text(entity_field(&project_entity, "health"), &p, buf), "amber");
    CHECK_INT(field_set(entity_field(&project_entity, "health"), &p, "derived", &e), 0);
    CHECK_INT(p.health_set, HEALTH_UNKNOWN);
    CHECK(field_text(entity_field(&project_entity, "health"), &p, buf) == NULL);
    CHECK(field_set(entity_field(&project_entity, "status"), &p, "paused", &e) < 0);
    CHECK_STR(e.msg,
              "no project status 'paused' (planned, active, on_hold, done, cancelled)");
    CHECK(field_set(entity_field(&project_entity, "progress"), &p, "101", &e) < 0);
    project_fini(&p);
}

static void test_a_project_edit_audits_each_field_under_its_name(void)
{
    struct store *st = fresh();
    struct project p;
    struct err e = {0};
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    p.health_set = HEALTH_RED;
    str_replace(&p.department, "FIN");
    p.progress = 30;
    str_replace(&p.due, "2026-12-24");
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    char got[512];
    update_rows(st, "project", "ENG-1", true, got, sizeof got);
    CHECK_STR(got, "department ENG->FIN, health -->red, progress 0->30, due -->2026-12-24");
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    CHECK_INT(p.version, 2);
    CHECK_INT(p.health_set, HEALTH_RED);
    CHECK_INT(p.health, HEALTH_RED); /* the health in force follows the one set */
    CHECK_STR(p.department, "FIN");
    /* a date is kept in its stored form; a bad one is refused */
    str_replace(&p.start, "2027-01-01");
    CHECK(project_update(st, &p, &e) < 0);
    CHECK_STR(e.msg, "project ENG-1 due 2026-12-24 is before its start 2027-01-01; move one of "
                     "them");
    project_fini(&p);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_every_member_is_described_once);
    RUN(test_a_row_written_reads_back_equal);
    RUN(test_an_edit_audits_the_fields_it_changed);
    RUN(test_tags_obey_the_key_rule);
    RUN(test_list_and_count_by_tag);
    RUN(test_each_member_is_described_once);
    RUN(test_a_field_is_known_by_its_name_its_key_and_its_flag);
    RUN(test_an_edit_audits_each_changed_field_under_its_name);
    RUN(test_text_is_checked_by_the_descriptor_rules);
    RUN(test_a_project_is_described_once);
    RUN(test_a_project_edit_audits_each_field_under_its_name);
    return check_report();
}
