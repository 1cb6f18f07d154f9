/*
 * Files of readings: RFC 4180 CSV (quotes, doubled quotes, commas and line
 * breaks inside quotes, CRLF, a byte-order mark, a header in any order)
 * and YAML in both shapes, each row with the line (and column) it came
 * from; every kind of error with its position; choosing the reader by the
 * file name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/readings.h"

static struct readings csv(const char *text, struct err *e, int *rc)
{
    struct readings r;
    *rc = readings_parse_csv("f.csv", text, strlen(text), &r, e);
    return r;
}

static struct readings yaml(const char *text, struct err *e, int *rc)
{
    struct readings r;
    *rc = readings_parse_yaml("f.yaml", text, strlen(text), &r, e);
    return r;
}

static void check_row(const struct reading_in *r, const char *key, const char *at, double v,
                      const char *note, int line)
{
    CHECK_STR(r->key, key);
    CHECK_STR(r->at, at);
    if (r->value != v)
        fprintf(stderr, "  value: expected %g, saw %g\n", v, r->value);
    CHECK(r->value == v);
    CHECK_STR(r->note, note);
    CHECK_INT(r->line, line);
}

static void test_csv_quoting_and_line_numbers(void)
{
    struct err e = {0};
    int rc;
    struct readings r = csv("key,at,value,note\r\n"
                            "churn,2026-11-01,2.7,\r\n"
                            "churn, 2026-11-02T09:00:00Z ,3.1,\"after the \"\"big\"\" one, at last\"\r\n"
                            "nps,2026-11-01,42,\"two\r\nlines\"\r\n"
                            "\r\n"
                            "nps,2026-11-02,-1.5e1,plain note\r\n",
                            &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 4);
    if (r.n == 4) {
        check_row(&r.v[0], "churn", "2026-11-01", 2.7, NULL, 2);
        check_row(&r.v[1], "churn", "2026-11-02T09:00:00Z", 3.1,
                  "after the \"big\" one, at last", 3);
        check_row(&r.v[2], "nps", "2026-11-01", 42, "two\r\nlines", 4);
        check_row(&r.v[3], "nps", "2026-11-02", -15, "plain note", 7);
        CHECK_INT(r.v[0].col, 0);
    }
    readings_fini(&r);
}

static void test_csv_without_header_bom_and_reordered_header(void)
{
    struct err e = {0};
    int rc;
    struct readings r = csv("\xEF\xBB\xBF"
                            "churn,2026-11-01,2.7\nnps,2026-11-01,40,a note",
                            &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 2);
    if (r.n == 2) {
        check_row(&r.v[0], "churn", "2026-11-01", 2.7, NULL, 1);
        check_row(&r.v[1], "nps", "2026-11-01", 40, "a note", 2);
    }
    readings_fini(&r);
    r = csv("Value,At,KEY\n7,2026-11-01,churn\n", &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 1);
    if (r.n == 1)
        check_row(&r.v[0], "churn", "2026-11-01", 7, NULL, 2);
    readings_fini(&r);
    r = csv("", &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 0);
    readings_fini(&r);
}

static void test_csv_errors_name_their_line(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"churn,2026-11-01,2.7\nchurn,2026-11-02,\"3\n", "f.csv:2: a quoted field opened here is never closed"},
        {"churn,2026-11-01,\"2.7\"x\n", "f.csv:1: text after a closing quote"},
        {"churn,2026-11-01,2\"7\n", "f.csv:1: a quote inside an unquoted field"},
        {"churn,2026-11-01\n", "f.csv:1: 2 fields; expected key,at,value[,note]"},
        {"a,b,c,d,e\n", "f.csv:1: 5 fields"},
        {"churn,2026-11-01,2.7\n\"multi\nline\",2026-11-01,1\nchurn,2026-13-01,1\n",
         "f.csv:4: '2026-13-01' is not a time"},
        {"churn,2026-11-01,lots\n", "f.csv:1: value of churn: not a number: lots"},
        {"churn,2026-11-01,nan\n", "f.csv:1: value of churn: not a number: nan"},
        {"churn,2026-11-01,inf\n", "f.csv:1: value of churn: not a number: inf"},
        {"churn,2026-11-01,\"19,5\"\n",
         "f.csv:1: value of churn: not a number: 19,5 (use a dot: 19.5)"},
        {"churn,,1\n", "f.csv:1: no time for churn"},
        {" ,2026-11-01,1\n", "f.csv:1: no indicator key"},
        {"key,at,valeu\n", "f.csv:1: unknown column 'valeu' (did you mean 'value'?)"},
        {"key,at\n", "f.csv:1: the header has no 'value' column"},
        {"key,at,value,at\n", "f.csv:1: column 'at' appears twice"},
        {"key,at,value\nchurn,2026-11-01,1,extra\n", "f.csv:2: 4 fields, the header has 3"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e = {0};
        int rc;
        struct readings r = csv(cases[k].text, &e, &rc);
        CHECK_INT(rc, -ERR_USAGE);
        CHECK_INT(e.code, ERR_USAGE);
        CHECK_CONTAINS(e.msg, cases[k].want);
        CHECK_INT(r.n, 0);
        CHECK(r.v == NULL);
    }
    /* A NUL byte cannot hide the rest of a line. */
    struct err e = {0};
    struct readings r;
    CHECK_INT(readings_parse_csv("f.csv", "churn,2026-11-01,1\0x\n", 21, &r, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "f.csv:1: a NUL byte");
}

static void test_yaml_both_shapes(void)
{
    struct err e = {0};
    int rc;
    struct readings r = yaml("- {key: churn, at: 2026-11-01, value: 2.7}\n"
                             "- key: nps\n"
                             "  at: '2026-11-02T09:00:00Z'\n"
                             "  value: 4.2e1\n"
                             "  note: after the survey\n",
                             &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 2);
    if (r.n == 2) {
        check_row(&r.v[0], "churn", "2026-11-01", 2.7, NULL, 1);
        CHECK_INT(r.v[0].col, 9);
        check_row(&r.v[1], "nps", "2026-11-02T09:00:00Z", 42, "after the survey", 2);
        CHECK_INT(r.v[1].col, 8);
    }
    readings_fini(&r);
    r = yaml("churn:\n"
             "  - {at: 2026-11-01, value: 2.7, note: ~}\n"
             "  - {at: 2026-11-02, value: 3}\n"
             "nps: []\n"
             "empty:\n",
             &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 2);
    if (r.n == 2) {
        check_row(&r.v[0], "churn", "2026-11-01", 2.7, NULL, 1);
        CHECK_INT(r.v[0].col, 1);
        check_row(&r.v[1], "churn", "2026-11-02", 3, NULL, 1);
    }
    readings_fini(&r);
    r = yaml("# nothing yet\n", &e, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(r.n, 0);
    readings_fini(&r);
}

static void test_yaml_errors_name_line_and_column(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"churn:\n  - {at: 2026-11-01, value: 2.7}\n  - {at: 2026-11-02, value: lots}\n",
         "f.yaml:3:29: value: expected a number"},
        {"- {key: churn, at: 2026-11-01, vaule: 2.7}\n", "f.yaml:1:32: unknown key 'vaule' (did you mean 'value'?)"},
        {"- {key: churn, at: 2026-11-01}\n", "f.yaml:1:3: this reading has no 'value'"},
        {"- {at: 2026-11-01, value: 1}\n", "f.yaml:1:3: this reading has no 'key'"},
        {"- {key: churn, at: 2026-11-31, value: 1}\n", "f.yaml:1:20: at: '2026-11-31' is not a time"},
        {"churn:\n  - {key: churn, at: 2026-11-01, value: 1}\n", "f.yaml:2:6: unknown key 'key'"},
        {"churn: 5\n", "f.yaml:1:8: churn: expected a list"},
        {"- 5\n", "f.yaml:1:3: expected a reading"},
        {"just text\n", "f.yaml:1:1: expected a list of readings or a mapping"},
        {"- {key: churn, at: 2026-11-01, value: .nan}\n", "f.yaml:1:39: value: expected a number"},
        {"- {key: churn, at: [2026], value: 1}\n", "f.yaml:1:20: at: expected a string"},
        {"- {key: churn, at: 2026-11-01, value: 1\n", "f.yaml:2:1:"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct err e = {0};
        int rc;
        struct readings r = yaml(cases[k].text, &e, &rc);
        CHECK_INT(rc, -ERR_USAGE);
        CHECK_CONTAINS(e.msg, cases[k].want);
        CHECK_INT(r.n, 0);
    }
}

static void test_files_by_name(void)
{
    const char *src = getenv("BATON_SRCDIR");
    char path[1024];
    struct err e = {0};
    struct readings a, b, c;
    snprintf(path, sizeof path, "%s/tests/data/readings/good.csv", src ? src : ".");
    CHECK_INT(readings_load(path, READINGS_AUTO, &a, &e), 0);
    snprintf(path, sizeof path, "%s/tests/data/readings/good.yaml", src ? src : ".");
    CHECK_INT(readings_load(path, READINGS_AUTO, &b, &e), 0);
    snprintf(path, sizeof path, "%s/tests/data/readings/bykey.yaml", src ? src : ".");
    CHECK_INT(readings_load(path, READINGS_AUTO, &c, &e), 0);
    /* The three files hold the same readings. */
    CHECK_INT(a.n, 3);
    CHECK_INT(b.n, 3);
    CHECK_INT(c.n, 3);
    for (size_t k = 0; k < 3 && a.n == 3 && b.n == 3 && c.n == 3; k++) {
        CHECK_STR(a.v[k].key, b.v[k].key);
        CHECK_STR(b.v[k].key, c.v[k].key);
        CHECK(a.v[k].value == b.v[k].value && b.v[k].value == c.v[k].value);
    }
    readings_fini(&a);
    readings_fini(&b);
    readings_fini(&c);
    snprintf(path, sizeof path, "%s/tests/data/readings/badvalue.yaml", src ? src : ".");
    CHECK_INT(readings_load(path, READINGS_AUTO, &a, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "badvalue.yaml:3:29: value: expected a number");
    /* The format decides, not the name. */
    snprintf(path, sizeof path, "%s/tests/data/readings/good.yaml", src ? src : ".");
    CHECK_INT(readings_load(path, READINGS_CSV, &a, &e), -ERR_USAGE);
    CHECK_INT(readings_load("readings.txt", READINGS_AUTO, &a, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "--format csv or --format yaml");
    CHECK_INT(readings_load("/nonexistent/r.csv", READINGS_AUTO, &a, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "/nonexistent/r.csv: cannot read");
    enum readings_format f;
    CHECK(readings_format_parse("YML", &f) && f == READINGS_YAML);
    CHECK(readings_format_parse("csv", &f) && f == READINGS_CSV);
    CHECK(!readings_format_parse("json", &f));
}

int main(void)
{
    RUN(test_csv_quoting_and_line_numbers);
    RUN(test_csv_without_header_bom_and_reordered_header);
    RUN(test_csv_errors_name_their_line);
    RUN(test_yaml_both_shapes);
    RUN(test_yaml_errors_name_line_and_column);
    RUN(test_files_by_name);
    return check_report();
}
