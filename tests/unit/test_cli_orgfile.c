/*
 * Organisation files end to end below the CLI: reading with positions and
 * checks, deterministic writing, import into the store (references,
 * idempotence, all or nothing) and export back to identical bytes; the
 * keys of described items are their descriptor's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/entity.h"
#include "baton/event.h"
#include "baton/orgfile.h"
#include "baton/str.h"

#ifndef BATON_SRCDIR
#define BATON_SRCDIR "."
#endif

static char *tmpdir;
static int db_seq;

static char *fixture(const char *name)
{
    const char *src = getenv("BATON_SRCDIR");
    return xasprintf("%s/tests/data/org/%s", src ? src : BATON_SRCDIR, name);
}

static struct store *open_db(void)
{
    char *path = xasprintf("%s/db%d.sqlite", tmpdir, ++db_seq);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) < 0) {
        fprintf(stderr, "cannot open %s: %s\n", path, e.msg);
        exit(1);
    }
    store_set_actor(st, "alice");
    free(path);
    return st;
}

static char *write_text(const struct org *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct err e = {0};
    int rc = orgfile_write(f, o, &e);
    fclose(f);
    CHECK_INT(rc, 0);
    return buf;
}

static char *export_text(struct store *st)
{
    struct org o;
    struct err e = {0};
    int rc = org_export(st, &o, &e);
    CHECK_INT(rc, 0);
    if (rc < 0) {
        fprintf(stderr, "export: %s\n", e.msg);
        return xstrdup("");
    }
    char *text = write_text(&o);
    org_fini(&o);
    return text;
}

static size_t count_events(struct store *st)
{
    struct event *v = NULL;
    size_t n = 0;
    struct err e = {0};
    CHECK_INT(event_list(st, NULL, NULL, NULL, 0, &v, &n, &e), 0);
    event_list_free(v, n);
    return n;
}

/* Rows of every entity an organisation file holds. */
static size_t count_rows(struct store *st)
{
    struct org o;
    struct err e = {0};
    CHECK_INT(org_export(st, &o, &e), 0);
    size_t n = o.n_departments + o.n_people + o.n_projects + o.n_blockers + o.n_indicators;
    for (size_t i = 0; i < o.n_indicators; i++)
        n += o.readings[i].n;
    n += o.organisation ? 1 : 0;
    org_fini(&o);
    return n;
}

static int import_file(struct store *st, const char *name, struct err *e)
{
    char *path = fixture(name);
    struct org o;
    int rc = orgfile_read(path, &o, e);
    free(path);
    if (rc < 0)
        return rc;
    rc = org_import(st, &o, e);
    org_fini(&o);
    return rc;
}

/* The message orgfile_read_buf gives for yaml, which must be refused. */
static char *read_error(const char *yaml)
{
    struct org o;
    struct err e = {0};
    int rc = orgfile_read_buf("bad.yaml", yaml, strlen(yaml), &o, &e);
    CHECK_INT(rc, -ERR_USAGE);
    CHECK_INT(e.code, ERR_USAGE);
    if (rc == 0)
        org_fini(&o);
    return xstrdup(e.msg);
}

static void test_reads_every_field_of_a_good_file(void)
{
    char *path = fixture("good.yaml");
    struct org o;
    struct err e = {0};
    int rc = orgfile_read(path, &o, &e);
    CHECK_INT(rc, 0);
    if (rc < 0) {
        fprintf(stderr, "%s\n", e.msg);
        free(path);
        return;
    }
    CHECK_STR(o.file, path);
    CHECK_STR(o.organisation, "Acme");
    CHECK_INT(o.n_departments, 5);
    CHECK_STR(o.departments[0].lead, "alice");
    CHECK_INT(o.departments[2].sort_order, 3);
    CHECK(o.departments[4].archived);
    CHECK(!o.departments[3].archived);
    CHECK_STR(o.departments[3].lead, NULL);
    CHECK_INT(o.n_people, 3);
    CHECK_STR(o.people[1].title, NULL);
    CHECK_STR(o.people[2].department, "FIN");
    CHECK_INT(o.n_projects, 3);
    CHECK_INT(o.projects[0].status, PROJECT_ACTIVE);
    CHECK_INT(o.projects[0].progress, 40);
    CHECK_STR(o.projects[0].start, "2026-09-01");
    CHECK_STR(o.projects[0].due, "2026-12-15");
    CHECK_INT(o.projects[0].n_depends_on, 2);
    if (o.projects[0].n_depends_on == 2) {
        CHECK_STR(o.projects[0].depends_on[0], "OPS-2");
        CHECK_STR(o.projects[0].depends_on[1], "FIN-1");
    }
    CHECK_INT(o.projects[0].health_set, HEALTH_UNKNOWN);
    CHECK_INT(o.projects[1].health_set, HEALTH_AMBER);
    CHECK_INT(o.projects[2].status, PROJECT_PLANNED);
    CHECK_STR(o.projects[2].description, "Collect the VAT rules for the 27 member states");
    CHECK_INT(o.n_blockers, 8);
    CHECK_STR(o.blockers[1].key, "B-2");
    CHECK_INT(o.blockers[1].kind, BLOCKER_DEPENDENCY);
    CHECK_INT(o.blockers[1].state, BLOCKER_ACCEPTED);
    CHECK_INT(o.blockers[1].severity, 1);
    CHECK_STR(o.blockers[1].waiting_on, "OPS");
    CHECK_STR(o.blockers[1].needed_by, "2026-12-01");
    CHECK_STR(o.blockers[1].raised_at, "2026-11-21T08:30:00Z");
    CHECK_STR(o.blockers[2].duplicate_of, "B-10");
    CHECK_INT(o.blockers[0].escalation_level, 1);
    CHECK_STR(o.blockers[0].escalated_at, "2026-11-24T09:00:00Z"); /* +01:00, in UTC */
    CHECK_INT(o.blockers[3].state, BLOCKER_SNOOZED);
    CHECK_STR(o.blockers[7].detail, "Vendor says: week 50");
    CHECK_INT(o.n_indicators, 3);
    CHECK_INT(o.indicators[0].direction, DIRECTION_DOWN); /* written "lower" */
    CHECK(o.indicators[0].has_target && o.indicators[0].target == 2);
    CHECK(o.indicators[0].has_red && o.indicators[0].red == 5);
    CHECK_INT(o.indicators[0].stale_days, 40);
    CHECK(!o.indicators[2].has_amber);
    CHECK_STR(o.indicators[1].department, NULL);
    CHECK(o.indicators[1].target == 1.2e6);
    CHECK_INT(o.readings[0].n, 2);
    if (o.readings[0].n == 2) {
        CHECK_STR(o.readings[0].v[1].at, "2026-10-01T00:00:00Z"); /* a date, as a time */
        CHECK_STR(o.readings[0].v[1].note, "after the price change");
        CHECK(o.readings[0].v[0].value == 2.7);
    }
    CHECK_INT(o.readings[2].n, 0);

    /* Positions: the value of a field, a list entry, the item itself. */
    int line, col;
    org_where(&o, ORG_PROJECTS, 0, "department", &line, &col);
    CHECK_INT(line, 14);
    CHECK_INT(col, 50);
    org_where_at(&o, ORG_PROJECTS, 0, "depends_on", 1, &line, &col);
    CHECK_INT(line, 16);
    CHECK_INT(col, 26);
    org_where(&o, ORG_PEOPLE, 1, "title", &line, &col); /* absent: the item */
    CHECK_INT(line, 11);
    CHECK_INT(col, 5);
    org_fini(&o);
    free(path);
}

static void test_reports_a_bad_enum_at_its_value(void)
{
    char *msg = read_error("projects:\n  - {key: P-1, title: T, department: ENG, status: activ}\n");
    CHECK_STR(msg, "bad.yaml:2:51: project P-1: status: expected one of planned, active, "
                   "on_hold, done, cancelled");
    free(msg);
}

static void test_reports_an_unknown_key_with_a_suggestion(void)
{
    char *msg = read_error("departments:\n  - {key: ENG, name: Engineering}\n"
                           "  - {key: FIN, nmae: Finance}\n");
    CHECK_STR(msg, "bad.yaml:3:16: unknown department field 'nmae' (did you mean 'name'?)");
    free(msg);
    msg = read_error("organisation: Acme\nprojcts: []\n");
    CHECK_STR(msg, "bad.yaml:2:1: unknown key 'projcts' (did you mean 'projects'?)");
    free(msg);
}

static void test_reports_a_date_that_does_not_exist(void)
{
    char *msg = read_error("projects:\n  - key: P-1\n    title: T\n    department: ENG\n"
                           "    due: 2026-02-30\n");
    CHECK_STR(msg, "bad.yaml:5:10: project P-1: due: '2026-02-30' is not a date (YYYY-MM-DD)");
    free(msg);
    msg = read_error("blockers:\n  - {key: B-1, project: P, title: T, raised_at: yesterday}\n");
    CHECK_STR(msg, "bad.yaml:2:49: blocker B-1: raised_at: 'yesterday' is not a time "
                   "(YYYY-MM-DDTHH:MM[:SS][Z])");
    free(msg);
}

static void test_reports_a_missing_required_field_at_its_item(void)
{
    char *msg = read_error("blockers:\n  - {key: B-1, title: T}\n");
    CHECK_STR(msg, "bad.yaml:2:5: blocker B-1: missing required field 'project'");
    free(msg);
    msg = read_error("departments:\n  - {name: Engineering}\n");
    CHECK_STR(msg, "bad.yaml:2:5: department: missing required field 'key'");
    free(msg);
}

static void test_reports_a_duplicate_key_at_the_second_one(void)
{
    char *msg = read_error("people:\n  - {login: bob, name: Bob}\n  - {login: amy, name: Amy}\n"
                           "  - {login: bob, name: Robert}\n");
    CHECK_STR(msg, "bad.yaml:4:13: duplicate person 'bob' (first at line 2)");
    free(msg);
    msg = read_error("indicators:\n  - {key: u, name: U, readings: [{at: 2026-01-01, value: 1},"
                     " {at: '2026-01-01T00:00Z', value: 2}]}\n");
    CHECK_STR(msg, "bad.yaml:2:67: indicator u: two readings at 2026-01-01T00:00:00Z");
    free(msg);
}

static void test_reports_a_wrong_type_and_a_value_out_of_range(void)
{
    char *msg = read_error("indicators:\n  - {key: churn, name: Churn, target: [2]}\n");
    CHECK_STR(msg, "bad.yaml:2:39: indicator churn: target: expected a number");
    free(msg);
    msg = read_error("departments: {ENG: Engineering}\n");
    CHECK_STR(msg, "bad.yaml:1:14: departments: expected a list");
    free(msg);
    msg = read_error("blockers:\n  - {key: B-1, project: P, title: T, severity: 5}\n");
    CHECK_STR(msg, "bad.yaml:2:48: blocker B-1: severity: expected an integer from 1 to 4");
    free(msg);
    msg = read_error("projects:\n  - {key: P, title: T, department: D, progress: 101}\n");
    CHECK_STR(msg, "bad.yaml:2:49: project P: progress: expected an integer from 0 to 100");
    free(msg);
}

static void test_a_bad_reference_is_refused_with_its_position_and_nothing_written(void)
{
    struct store *st = open_db();
    struct err e = {0};
    int rc = import_file(st, "badref.yaml", &e);
    CHECK_INT(rc, -ERR_USAGE);
    char *path = fixture("badref.yaml");
    char *want =
        xasprintf("%s:5:50: project ENG-1: unknown department 'FNI' (did you mean 'FIN'?)", path);
    CHECK_STR(e.msg, want);
    CHECK_INT(count_rows(st), 0);
    CHECK_INT(count_events(st), 0);
    free(want);
    free(path);

    /* A dependency on a project that is nowhere, at its list entry. */
    const char *yaml = "departments:\n  - {key: FIN, name: Finance}\nprojects:\n"
                       "  - {key: A-1, title: A, department: FIN, depends_on: [A-2, A-9]}\n"
                       "  - {key: A-2, title: B, department: FIN}\n";
    struct org o;
    CHECK_INT(orgfile_read_buf("deps.yaml", yaml, strlen(yaml), &o, &e), 0);
    rc = org_import(st, &o, &e);
    CHECK_INT(rc, -ERR_USAGE);
    CHECK_STR(e.msg, "deps.yaml:4:61: project A-1: unknown project 'A-9' (did you mean 'A-1'?)");
    org_fini(&o);
    CHECK_INT(count_rows(st), 0);
    CHECK_INT(count_events(st), 0);
    store_close(st);
}

static void test_a_reference_to_the_database_is_enough(void)
{
    struct store *st = open_db();
    struct err e = {0};
    const char *first = "departments:\n  - {key: FIN, name: Finance}\n";
    const char *second = "projects:\n  - {key: F-1, title: Tax, department: FIN}\n";
    struct org o;
    CHECK_INT(orgfile_read_buf("a.yaml", first, strlen(first), &o, &e), 0);
    CHECK_INT(org_import(st, &o, &e), 0);
    org_fini(&o);
    CHECK_INT(orgfile_read_buf("b.yaml", second, strlen(second), &o, &e), 0);
    int rc = org_import(st, &o, &e);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "%s\n", e.msg);
    org_fini(&o);
    CHECK_INT(count_rows(st), 2);
    store_close(st);
}

static void test_export_import_export_gives_identical_bytes(void)
{
    struct store *a = open_db(), *b = open_db();
    struct err e = {0};
    int rc = import_file(a, "good.yaml", &e);
    CHECK_INT(rc, 0);
    if (rc < 0) {
        fprintf(stderr, "import: %s\n", e.msg);
        store_close(a);
        store_close(b);
        return;
    }
    char *first = export_text(a);
    struct org o;
    rc = orgfile_read_buf("export.yaml", first, strlen(first), &o, &e);
    CHECK_INT(rc, 0);
    if (rc == 0) {
        rc = org_import(b, &o, &e);
        CHECK_INT(rc, 0);
        if (rc < 0)
            fprintf(stderr, "re-import: %s\n", e.msg);
        org_fini(&o);
    } else {
        fprintf(stderr, "re-read: %s\n", e.msg);
    }
    char *second = export_text(b);
    CHECK_STR(second, first);
    /* What the file said survived the trip. */
    CHECK_CONTAINS(first, "organisation: Acme\n");
    CHECK_CONTAINS(first, "  - {key: ENG-1, title: New billing, department: ENG, owner: alice, "
                          "status: active, progress: 40, start: 2026-09-01, due: 2026-12-15, "
                          "depends_on: [FIN-1, OPS-2]}\n");
    CHECK_CONTAINS(first, "escalation_level: 1, escalated_to: carol, "
                          "escalated_at: 2026-11-24T09:00:00Z}");
    CHECK_CONTAINS(first, "state: duplicate");
    CHECK_CONTAINS(first, "duplicate_of: B-10");
    CHECK_CONTAINS(first, "detail: \"Vendor says: week 50\"");
    CHECK_CONTAINS(first, "  - {key: OLD, name: Old Ventures, archived: true}\n");
    CHECK_CONTAINS(first, "      - {at: 2026-10-01T00:00:00Z, value: 3.1, note: after the price "
                          "change");
    CHECK_CONTAINS(first, "    target: 1200000\n");
    /* Who recorded a reading is kept, though alice imported it. */
    CHECK_CONTAINS(first,
                   "      - {at: 2026-11-01T00:00:00Z, value: 1150000.5, recorded_by: carol}\n");
    CHECK_CONTAINS(first, "    direction: down\n");
    /* Blockers in key order as people read keys: B-7 before B-10. */
    const char *b7 = strstr(first, "{key: B-7,"), *b10 = strstr(first, "{key: B-10,");
    CHECK(b7 && b10 && b7 < b10);
    free(first);
    free(second);
    store_close(a);
    store_close(b);
}

static void test_a_second_import_writes_nothing(void)
{
    struct store *st = open_db();
    struct err e = {0};
    int rc = import_file(st, "good.yaml", &e);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "import: %s\n", e.msg);
    size_t events = count_events(st);
    CHECK(events > 0);
    char *before = export_text(st);
    rc = import_file(st, "good.yaml", &e);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "second import: %s\n", e.msg);
    CHECK_INT(count_events(st), events);
    char *after = export_text(st);
    CHECK_STR(after, before);
    free(before);
    free(after);

    /* One changed field is one change. */
    const char *yaml = "departments:\n  - {key: OPS, name: Operations, lead: dave, sort: 3}\n";
    struct org o;
    CHECK_INT(orgfile_read_buf("c.yaml", yaml, strlen(yaml), &o, &e), 0);
    CHECK_INT(org_import(st, &o, &e), 0);
    org_fini(&o);
    struct department d;
    CHECK_INT(department_get(st, "OPS", &d, &e), 0);
    CHECK_STR(d.lead, "dave");
    department_fini(&d);
    CHECK_INT(count_events(st), events + 1);
    store_close(st);
}

static void test_a_file_whose_last_blocker_is_bad_leaves_the_database_empty(void)
{
    struct store *st = open_db();
    struct err e = {0};
    int rc = import_file(st, "lastbad.yaml", &e);
    CHECK(rc < 0);
    char *path = fixture("lastbad.yaml");
    char *prefix = xasprintf("%s:11:5: blocker B-2: ", path);
    CHECK_CONTAINS(e.msg, prefix);
    CHECK_INT(count_rows(st), 0);
    CHECK_INT(count_events(st), 0);
    char *name = store_org_name(st);
    CHECK(str_empty(name));
    free(name);
    free(prefix);
    free(path);
    store_close(st);
}

static void test_tricky_strings_round_trip(void)
{
    char *path = fixture("tricky.yaml");
    struct org o;
    struct err e = {0};
    int rc = orgfile_read(path, &o, &e);
    CHECK_INT(rc, 0);
    free(path);
    if (rc < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    static const char *const names[][2] = {
        {"say \"hi\": now # not a comment", "#dash"},
        {" lead and trail ", "no"},
        {"Zürich 東京 😀 café", "null"},
        {"tab\there\nnew line\xe2\x80\xa8sep\x7f\x01", "[a,b]"},
        {"it's {x}, & *y !z |w >v %u @t `s", "~"},
        {"1e5", "0x10"},
        {"true", ".inf"},
        {"a  b", "?x"},
        {":", "'"},
    };
    CHECK_INT(o.n_departments, sizeof names / sizeof names[0]);
    CHECK_STR(o.organisation, "yes");

    /* Written and read back: the same text, and the same bytes again. */
    char *text = write_text(&o);
    struct org back;
    rc = orgfile_read_buf("written.yaml", text, strlen(text), &back, &e);
    CHECK_INT(rc, 0);
    if (rc < 0) {
        fprintf(stderr, "%s\n%s", e.msg, text);
    } else {
        CHECK_STR(back.organisation, "yes");
        for (size_t i = 0; i < o.n_departments && i < back.n_departments; i++) {
            /* The writer sorts by key; find each department by its key. */
            const struct department *d = NULL;
            for (size_t k = 0; k < back.n_departments; k++)
                if (str_eq(back.departments[k].key, o.departments[i].key))
                    d = &back.departments[k];
            CHECK(d != NULL);
            if (!d)
                continue;
            CHECK_STR(d->name, names[i][0]);
            CHECK_STR(d->lead, names[i][1]);
        }
        CHECK_STR(back.people[0].name, "Zoë \"Z\" O'Neil");
        CHECK_STR(back.people[0].title, "VP: Sales & #1");
        CHECK_STR(back.projects[0].title, "[draft] yes, no");
        CHECK_STR(back.projects[0].description, "line 1\nline 2\n  indented\\");
        char *again = write_text(&back);
        CHECK_STR(again, text);
        free(again);
        org_fini(&back);
    }
    CHECK_CONTAINS(text, "organisation: \"yes\"\n");
    CHECK_CONTAINS(text, "lead: \"#dash\"");
    CHECK_CONTAINS(text, "name: \"1e5\"");

    /* And through two databases. */
    struct store *a = open_db(), *b = open_db();
    rc = org_import(a, &o, &e);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "import: %s\n", e.msg);
    char *first = export_text(a);
    CHECK_STR(first, text);
    rc = orgfile_read_buf("first.yaml", first, strlen(first), &back, &e);
    CHECK_INT(rc, 0);
    if (rc == 0) {
        CHECK_INT(org_import(b, &back, &e), 0);
        org_fini(&back);
    }
    char *second = export_text(b);
    CHECK_STR(second, first);
    free(first);
    free(second);
    free(text);
    org_fini(&o);
    store_close(a);
    store_close(b);
}

static void test_writer_sorts_and_omits_what_is_absent(void)
{
    struct org o;
    org_init(&o);
    o.n_blockers = 3;
    o.blockers = xcalloc(3, sizeof *o.blockers);
    const char *keys[] = {"B-10", "B-2", "B-1"};
    for (int i = 0; i < 3; i++) {
        o.blockers[i].key = xstrdup(keys[i]);
        o.blockers[i].project = xstrdup("P-1");
        o.blockers[i].title = xstrdup("T");
    }
    o.n_indicators = 1;
    o.indicators = xcalloc(1, sizeof *o.indicators);
    o.indicators[0].key = xstrdup("k");
    o.indicators[0].name = xstrdup("K");
    o.indicators[0].has_target = true;
    o.indicators[0].target = 0.1 + 0.2; /* needs all 17 digits to come back */
    o.readings = xcalloc(1, sizeof *o.readings);
    o.readings[0].n = 2;
    o.readings[0].v = xcalloc(2, sizeof *o.readings[0].v);
    o.readings[0].v[0].at = xstrdup("2026-02-01T00:00:00Z");
    o.readings[0].v[0].value = -0.5;
    o.readings[0].v[1].at = xstrdup("2026-01-01T00:00:00Z");
    o.readings[0].v[1].value = 1e-7;
    char *text = write_text(&o);
    CHECK_STR(text, "blockers:\n"
                    "  - {key: B-1, project: P-1, title: T, state: new}\n"
                    "  - {key: B-2, project: P-1, title: T, state: new}\n"
                    "  - {key: B-10, project: P-1, title: T, state: new}\n"
                    "indicators:\n"
                    "  - key: k\n"
                    "    name: K\n"
                    "    direction: up\n"
                    "    target: 0.30000000000000004\n"
                    "    readings:\n"
                    "      - {at: 2026-01-01T00:00:00Z, value: 1e-07}\n"
                    "      - {at: 2026-02-01T00:00:00Z, value: -0.5}\n");
    struct org back;
    struct err e = {0};
    CHECK_INT(orgfile_read_buf("w.yaml", text, strlen(text), &back, &e), 0);
    if (back.n_indicators == 1)
        CHECK(back.indicators[0].target == 0.1 + 0.2);
    org_fini(&back);
    free(text);
    org_fini(&o);
}

static void test_an_empty_file_is_an_empty_organisation(void)
{
    struct org o;
    struct err e = {0};
    CHECK_INT(orgfile_read_buf("empty.yaml", "# nothing yet\n", 14, &o, &e), 0);
    CHECK_INT(o.n_departments + o.n_projects + o.n_blockers, 0);
    char *text = write_text(&o);
    CHECK_STR(text, "");
    free(text);
    org_fini(&o);
}

static char *stream_text(struct store *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct err e = {0};
    int rc = org_write(st, f, &e);
    fclose(f);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "org_write: %s\n", e.msg);
    char *text = xstrdup(buf ? buf : "");
    free(buf);
    return text;
}

/* Where needle first is in hay, -1 when it is not. */
static long offset_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    return p ? (long)(p - hay) : -1;
}

/* Keys in an order that neither insertion nor byte order gives. */
static const char odd_keys[] =
    "organisation: Odd keys\n"
    "timezone: Europe/Paris\n"
    "departments:\n"
    "  - {key: ENG10, name: Ten, lead: al10}\n"
    "  - {key: ENG2, name: Two}\n"
    "people:\n"
    "  - {login: al10, name: Al, department: ENG2}\n"
    "  - {login: al9, name: Al9, department: ENG2}\n"
    "projects:\n"
    "  - {key: ENG-10, title: Ten, department: ENG10, depends_on: [ENG-2, ENG-02]}\n"
    "  - {key: ENG-2, title: Two, department: ENG2}\n"
    "  - {key: ENG-02, title: Two again, department: ENG2}\n"
    "  - {key: eng-3, title: lower, department: ENG2, depends_on: [ENG-10]}\n"
    "blockers:\n"
    "  - {key: B-10, project: ENG-10, title: ten, state: new, raised_by: al10}\n"
    "  - {key: B-2, project: ENG-2, title: two, state: new, raised_by: al10}\n"
    "  - {key: B-7, project: eng-3, title: seven, state: accepted, severity: 2,"
    " waiting_on: ENG10, raised_by: al9}\n"
    "indicators:\n"
    "  - {key: k10, name: Ten, direction: up, target: 2, readings: [{at: 2026-11-02, value: 2},"
    " {at: 2026-11-01, value: 1.5}]}\n"
    "  - {key: k2, name: Two, direction: down}\n";

static void test_the_streamed_file_is_the_held_one_byte_for_byte(void)
{
    struct err e = {0};
    struct store *good = open_db(), *odd = open_db(), *gen = open_db(), *empty = open_db();
    CHECK_INT(import_file(good, "good.yaml", &e), 0);
    struct org o;
    CHECK_INT(orgfile_read_buf("odd.yaml", odd_keys, strlen(odd_keys), &o, &e), 0);
    CHECK_INT(org_import(odd, &o, &e), 0);
    org_fini(&o);
    CHECK_INT(store_generate(gen, 2000, 3, &e), 0);
    struct store *all[] = {good, odd, gen, empty};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        char *held = export_text(all[i]), *streamed = stream_text(all[i]);
        CHECK_STR(streamed, held);
        if (all[i] == odd) {
            /* as people read keys, not as bytes or as inserted */
            long p02 = offset_of(streamed, "{key: ENG-02,"), p2 = offset_of(streamed, "{key: ENG-2,"),
                 p10 = offset_of(streamed, "{key: ENG-10,"), b2 = offset_of(streamed, "{key: B-2,"),
                 b10 = offset_of(streamed, "{key: B-10,");
            CHECK(p02 >= 0 && p02 < p2 && p2 < p10);
            CHECK(b2 >= 0 && b2 < b10);
            CHECK_CONTAINS(streamed, "depends_on: [ENG-02, ENG-2]");
        }
        if (all[i] == gen)
            CHECK(strlen(streamed) > 2 * ORGFILE_FLUSH); /* written in several pieces */
        free(held);
        free(streamed);
    }
    store_close(good);
    store_close(odd);
    store_close(gen);
    store_close(empty);
}

/* The organisation file's keys are the descriptor's, in its order. */
static void test_the_file_carries_each_field_under_its_key(void)
{
    struct department d = {
        .key = "OPS", .name = "Operations", .lead = "bob", .sort_order = 4, .archived = true};
    struct person p = {.login = "bob", .name = "Bob", .title = "Lead", .department = "OPS"};
    struct org o;
    org_init(&o);
    o.departments = xcalloc(1, sizeof *o.departments);
    entity_copy(&department_entity, &o.departments[0], &d);
    o.n_departments = 1;
    o.people = xcalloc(1, sizeof *o.people);
    entity_copy(&person_entity, &o.people[0], &p);
    o.n_people = 1;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct err e = {0};
    CHECK_INT(orgfile_write(f, &o, &e), 0);
    fclose(f);
    CHECK_CONTAINS(buf, "departments:\n  - {key: OPS, name: Operations, lead: bob, sort: 4, "
                        "archived: true}\n");
    CHECK_CONTAINS(buf, "people:\n  - {login: bob, name: Bob, department: OPS, title: Lead}\n");
    /* every field files carry is there, in the descriptor's order */
    const char *at = strstr(buf, "{key:");
    for (size_t i = 0; at && i < department_entity.n; i++) {
        const struct entity_field *fl = &department_entity.fields[i];
        if (!(fl->flags & FL_ORG))
            continue;
        char *want = xasprintf("%s: ", field_key(fl));
        const char *next = strstr(at, want);
        CHECK(next != NULL);
        at = next ? next : at;
        free(want);
    }
    struct org back;
    CHECK_INT(orgfile_read_buf("t.yaml", buf, len, &back, &e), 0);
    CHECK_INT(back.n_departments, 1);
    CHECK_INT(back.n_people, 1);
    if (back.n_departments == 1 && back.n_people == 1) {
        CHECK(!entity_differs(&department_entity, &back.departments[0], &d, FL_ORG));
        CHECK(!entity_differs(&person_entity, &back.people[0], &p, FL_ORG));
    }
    org_fini(&back);
    org_fini(&o);
    free(buf);

    static const char bad[] = "departments:\n  - {key: OPS, name: Ops, sort_order: 2}\n";
    CHECK(orgfile_read_buf("t.yaml", bad, strlen(bad), &back, &e) < 0);
    CHECK_CONTAINS(e.msg, "t.yaml:2:");
    CHECK_CONTAINS(e.msg, "sort_order");
    CHECK_CONTAINS(e.msg, "sort");
    /* a project's health is read by its descriptor's choices: derived is none */
    static const char derived[] = "projects:\n  - {key: P-1, title: T, department: OPS, health: "
                                  "derived}\n";
    CHECK_INT(orgfile_read_buf("t.yaml", derived, strlen(derived), &back, &e), 0);
    CHECK_INT(back.n_projects, 1);
    if (back.n_projects == 1)
        CHECK_INT(back.projects[0].health_set, HEALTH_UNKNOWN);
    org_fini(&back);
    static const char unknown[] = "projects:\n  - {key: P-1, title: T, department: OPS, health: "
                                  "unknown}\n";
    CHECK(orgfile_read_buf("t.yaml", unknown, strlen(unknown), &back, &e) < 0);
    CHECK_STR(e.msg, "t.yaml:2:51: project P-1: health: expected one of green, amber, red");
    /* its dates are days, not times */
    static const char time[] = "projects:\n  - {key: P-1, title: T, department: OPS, start: "
                               "2026-12-01T10:00:00Z}\n";
    CHECK(orgfile_read_buf("t.yaml", time, strlen(time), &back, &e) < 0);
    CHECK_CONTAINS(e.msg, "project P-1: start: '2026-12-01T10:00:00Z' is not a date (YYYY-MM-DD)");
    static const char arch[] = "departments:\n  - {key: OPS, name: Ops, archived: maybe}\n";
    CHECK(orgfile_read_buf("t.yaml", arch, strlen(arch), &back, &e) < 0);
    CHECK_CONTAINS(e.msg, "t.yaml:2:");
    CHECK_CONTAINS(e.msg, "archived");
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmpdir = check_tmpdir();
    RUN(test_reads_every_field_of_a_good_file);
    RUN(test_reports_a_bad_enum_at_its_value);
    RUN(test_reports_an_unknown_key_with_a_suggestion);
    RUN(test_reports_a_date_that_does_not_exist);
    RUN(test_reports_a_missing_required_field_at_its_item);
    RUN(test_reports_a_duplicate_key_at_the_second_one);
    RUN(test_reports_a_wrong_type_and_a_value_out_of_range);
    RUN(test_writer_sorts_and_omits_what_is_absent);
    RUN(test_an_empty_file_is_an_empty_organisation);
    RUN(test_a_bad_reference_is_refused_with_its_position_and_nothing_written);
    RUN(test_a_reference_to_the_database_is_enough);
    RUN(test_export_import_export_gives_identical_bytes);
    RUN(test_a_second_import_writes_nothing);
    RUN(test_a_file_whose_last_blocker_is_bad_leaves_the_database_empty);
    RUN(test_tricky_strings_round_trip);
    RUN(test_the_streamed_file_is_the_held_one_byte_for_byte);
    RUN(test_the_file_carries_each_field_under_its_key);
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    free(tmpdir);
    return check_report();
}
