/*
 * Triage mode's view: SLA marks that do not rest on colour (! past, ~
 * near), the SLA sentence, queue lines of an exact width, and the
 * focused blocker shown whole (project and department, raised by, waits
 * on with its lead, possible duplicates, history with comments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/triage.h"
#include "baton/utf8.h"

static void test_marks_and_text(void)
{
    CHECK_STR(view_sla_mark(SLA_PAST), "!");
    CHECK_STR(view_sla_mark(SLA_NEAR), "~");
    CHECK_STR(view_sla_mark(SLA_OK), "");
    struct blocker b = {.state = BLOCKER_NEW, .severity = 1,
                        .sla_due = "2026-11-26T13:00:00Z"};
    btime now;
    time_parse("2026-11-26T12:00:00Z", &now);
    char out[96];
    view_sla_text(&b, SLA_NEAR, now, out);
    CHECK_CONTAINS(out, "~");
    CHECK_CONTAINS(out, "1h left");
    time_parse("2026-11-26T16:00:00Z", &now);
    view_sla_text(&b, SLA_PAST, now, out);
    CHECK_CONTAINS(out, "breached 3h ago");
    struct blocker none = {.state = BLOCKER_NEW};
    view_sla_text(&none, SLA_NONE, now, out);
    CHECK_CONTAINS(out, "no severity");
}

static void test_queue_line_width(void)
{
    struct view_ctx ctx;
    btime now;
    time_parse("2026-11-26T09:00:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct blocker b = {.key = "B-17", .severity = 2, .title = "Waiting for the VAT rules of Norway",
                        .raised_at = "2026-11-23T09:00:00Z"};
    for (int w = 20; w <= 60; w += 20) {
        struct strbuf sb;
        sb_init(&sb);
        triage_queue_line(&b, SLA_PAST, w, &ctx, &sb);
        CHECK_INT(utf8_width(sb_str(&sb)), w);
        CHECK_CONTAINS(sb_str(&sb), "S2!");
        CHECK_CONTAINS(sb_str(&sb), "B-17");
        if (w >= 40)
            CHECK_CONTAINS(sb_str(&sb), "3d");
        sb_fini(&sb);
    }
}

static void test_doc_shows_whole_blocker(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    char path[512];
    char *dir = check_tmpdir();
    snprintf(path, sizeof path, "%s/v.db", dir);
    free(dir);
    struct store *st = NULL;
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "alice");
    struct department d1 = {.key = "ENG", .name = "Engineering", .lead = "alice"};
    struct department d2 = {.key = "FIN", .name = "Finance", .lead = "fred"};
    department_add(st, &d1, &e);
    department_add(st, &d2, &e);
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG"};
    project_add(st, &p, &e);
    struct blocker nb = {.project = "ENG-1", .title = "VAT rules for Norway", .waiting_on = "FIN"};
    struct blocker nb2 = {.project = "ENG-1", .title = "Norway VAT still unknown"};
    char *k = NULL, *k2 = NULL;
    CHECK_INT(blocker_add(st, &nb, &k, &e), 0);
    CHECK_INT(blocker_add(st, &nb2, &k2, &e), 0);
    CHECK_INT(blocker_comment(st, k, "Fred says next week", &e), 0);
    struct blocker b;
    CHECK_INT(blocker_get(st, k, &b, &e), 0);
    struct view_ctx ctx;
    view_ctx_init(&ctx, false, time_now());
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(triage_doc(st, &b, 100, &ctx, &d, &e), 0);
    struct strbuf all;
    sb_init(&all);
    for (size_t i = 0; i < d.n; i++) {
        doc_line_text(&d, i, &all);
        sb_add(&all, "\n");
    }
    CHECK_CONTAINS(sb_str(&all), "ENG-1 New billing");
    CHECK_CONTAINS(sb_str(&all), "ENG Engineering");
    CHECK_CONTAINS(sb_str(&all), "by alice");
    CHECK_CONTAINS(sb_str(&all), "FIN Finance (lead fred)");
    CHECK_CONTAINS(sb_str(&all), "not set");
    CHECK_CONTAINS(sb_str(&all), "Possible duplicates");
    CHECK_CONTAINS(sb_str(&all), k2);
    CHECK_CONTAINS(sb_str(&all), "comment Fred says next week");
    sb_fini(&all);
    doc_fini(&d);
    blocker_fini(&b);
    free(k);
    free(k2);
    store_close(st);
}

int main(void)
{
    RUN(test_marks_and_text);
    RUN(test_queue_line_width);
    RUN(test_doc_shows_whole_blocker);
    return check_report();
}
