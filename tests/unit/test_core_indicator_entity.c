/*
 * The descriptors of an indicator and of a reading (indicator_entity,
 * reading_entity): each member named once, optional numbers that are set
 * or not, a format that is one of its names, an indicator written and read
 * back through the descriptor, an edit that audits exactly what it
 * changed (a new target from now on), and a reading as it is stored.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/store.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "i", NULL);
    struct err e = {0};
    struct department d = {.key = "SALES", .name = "Sales", .lead = "alice"};
    struct person alice = {.login = "alice", .name = "Alice", .department = "SALES"};
    if (department_add(st, &d, &e) || person_add(st, &alice, &e)) {
        fprintf(stderr, "set-up: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static void each_member_once(const struct entity *ent)
{
    for (size_t i = 0; i < ent->n; i++)
        for (size_t j = i + 1; j < ent->n; j++) {
            CHECK(strcmp(ent->fields[i].name, ent->fields[j].name) != 0);
            CHECK(ent->fields[i].off != ent->fields[j].off);
        }
}

static void test_every_member_is_described_once(void)
{
    CHECK_STR(indicator_entity.name, "indicator");
    CHECK_INT(indicator_entity.size, sizeof(struct indicator));
    each_member_once(&indicator_entity);
    CHECK_STR(reading_entity.name, "reading");
    CHECK_INT(reading_entity.size, sizeof(struct reading));
    each_member_once(&reading_entity);
    const struct entity_field *f = entity_field(&indicator_entity, "stale-days");
    CHECK(f && f->type == FT_INT && (f->flags & FL_EDIT) && f->max == 36500);
    f = entity_field(&indicator_entity, "target");
    CHECK(f && f->type == FT_REAL && f->has_off == offsetof(struct indicator, has_target));
    f = entity_field(&reading_entity, "indicator");
    CHECK(f && (f->flags & FL_PARENT) && f->ref == FREF_INDICATOR);
}

static void test_an_optional_number_is_set_or_not(void)
{
    const struct entity_field *f = entity_field(&indicator_entity, "amber");
    struct indicator a = {0}, b = {0};
    struct err e = {0};
    char buf[32];
    CHECK(field_text(f, &a, buf) == NULL);
    CHECK_INT(field_set(f, &a, "2.5e6", &e), 0);
    CHECK(a.has_amber);
    CHECK_STR(field_text(f, &a, buf), "2500000");
    CHECK(!field_equal(f, &a, &b));
    CHECK_INT(field_set(f, &a, "0.1", &e), 0);
    CHECK_STR(field_text(f, &a, buf), "0.1");
    CHECK(field_set(f, &a, "19,5", &e) < 0);
    CHECK_CONTAINS(e.msg, "use a dot: 19.5");
    CHECK_STR(field_text(f, &a, buf), "0.1"); /* a refusal changes nothing */
    CHECK_INT(field_set(f, &a, "", &e), 0);
    CHECK(!a.has_amber);
    CHECK(field_equal(f, &a, &b));
    /* a reading's value is always set */
    const struct entity_field *v = entity_field(&reading_entity, "value");
    struct reading r = {0};
    CHECK(field_set(v, &r, "", &e) < 0);
    CHECK_CONTAINS(e.msg, "value is required");
    CHECK_STR(field_text(v, &r, buf), "0");
}

static void test_a_format_is_one_of_its_names(void)
{
    const struct entity_field *f = entity_field(&indicator_entity, "format");
    struct indicator a = {0};
    struct err e = {0};
    CHECK_INT(field_set(f, &a, "percent", &e), 0);
    CHECK_STR(a.format, "percent");
    CHECK(field_set(f, &a, "percnt", &e) < 0);
    CHECK_STR(e.msg, "no indicator format 'percnt' (number, percent, currency, duration)");
    CHECK_STR(a.format, "percent");
    entity_fini(&indicator_entity, &a);
}

static void update_fields(struct store *st, const char *key, char *out, size_t size)
{
    struct event *ev = NULL;
    size_t n = 0;
    struct err e = {0};
    out[0] = 0;
    if (event_list(st, "indicator", key, NULL, 0, &ev, &n, &e) != 0)
        return;
    for (size_t i = n; i-- > 0;)
        if (strcmp(ev[i].action, "update") == 0)
            snprintf(out + strlen(out), size - strlen(out), "%s%s=%s", out[0] ? " " : "",
                     ev[i].field, ev[i].new_value ? ev[i].new_value : "-");
    event_list_free(ev, n);
}

static void test_a_row_reads_back_and_an_edit_audits_what_changed(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator in = {.key = "deals", .name = "Deals closed", .department = "SALES",
                           .owner = "", .has_target = true, .target = 100, .has_red = true,
                           .red = 50, .stale_days = 7};
    CHECK_INT(indicator_add(st, &in, &e), 0);
    struct indicator got;
    CHECK_INT(indicator_get(st, "deals", &got, &e), 0);
    CHECK_STR(got.name, "Deals closed");
    CHECK_STR(got.department, "SALES");
    CHECK(got.owner == NULL);            /* an empty text is none */
    CHECK_STR(got.format, "number");     /* none given: the first name */
    CHECK(got.has_target && got.target == 100 && !got.has_amber && got.has_red);
    CHECK_INT(got.stale_days, 7);
    CHECK_INT(got.version, 1);
    str_replace(&got.unit, "deals");
    got.has_amber = true;
    got.amber = 80;
    got.stale_days = 0;
    CHECK_INT(indicator_update(st, &got, &e), 0);
    char fields[512];
    update_fields(st, "deals", fields, sizeof fields);
    CHECK_STR(fields, "unit=deals amber=80 stale_days=0");
    struct indicator again;
    CHECK_INT(indicator_get(st, "deals", &again, &e), 0);
    CHECK(again.has_amber && again.amber == 80);
    CHECK_INT(again.version, 2);
    /* the new amber is a target row from now on; an edit of nothing writes nothing */
    struct indicator_target *tv = NULL;
    size_t tn = 0;
    CHECK_INT(indicator_targets(st, "deals", &tv, &tn, &e), 0);
    CHECK_INT(tn, 2);
    indicator_target_list_free(tv, tn);
    CHECK_INT(indicator_update(st, &again, &e), 0);
    update_fields(st, "deals", fields, sizeof fields);
    CHECK_STR(fields, "unit=deals amber=80 stale_days=0");
    indicator_fini(&again);
    indicator_fini(&got);
    store_close(st);
}

static void test_a_reading_is_stored_through_its_descriptor(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator in = {.key = "nps", .name = "NPS"};
    CHECK_INT(indicator_add(st, &in, &e), 0);
    CHECK_INT(indicator_record(st, "nps", "2026-11-20", 41.5, "first", &e), 0);
    CHECK_INT(indicator_record(st, "nps", "2026-11-20", 42, "again", &e), 0);
    struct reading *rv = NULL;
    size_t rn = 0;
    CHECK_INT(indicator_readings(st, "nps", NULL, 0, &rv, &rn, &e), 0);
    CHECK_INT(rn, 1);
    if (rn == 1) {
        CHECK_STR(rv[0].indicator, "nps");
        CHECK_STR(rv[0].at, "2026-11-20T00:00:00Z");
        CHECK(rv[0].value == 42);
        CHECK_STR(rv[0].note, "again");
        CHECK_STR(rv[0].recorded_by, "tester");
    }
    reading_list_free(rv, rn);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_every_member_is_described_once);
    RUN(test_an_optional_number_is_set_or_not);
    RUN(test_a_format_is_one_of_its_names);
    RUN(test_a_row_reads_back_and_an_edit_audits_what_changed);
    RUN(test_a_reading_is_stored_through_its_descriptor);
    return check_report();
}
