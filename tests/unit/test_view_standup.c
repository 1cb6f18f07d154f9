/*
 * The stand-up's documents without a terminal: the countdown's states at
 * their boundaries (with words, not colour alone), the bar, a department
 * page's sections in their order with each item under its own heading,
 * and the summary's time per department and counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/standup_view.h"
#include "baton/utf8.h"

static char *line(const struct doc *d, size_t i)
{
    struct strbuf sb;
    sb_init(&sb);
    doc_line_text(d, i, &sb);
    return sb_take(&sb);
}

/* Index of the first line at or after from containing text; -1 when none. */
static long find(const struct doc *d, size_t from, const char *text)
{
    for (size_t i = from; i < d->n; i++) {
        char *s = line(d, i);
        bool hit = s && strstr(s, text);
        free(s);
        if (hit)
            return (long)i;
    }
    return -1;
}

static char *all_text(const struct doc *d)
{
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < d->n; i++) {
        doc_line_text(d, i, &sb);
        sb_addc(&sb, '\n');
    }
    return sb_take(&sb);
}

static void countdown_changes_at_half_time_and_when_over(void)
{
    static const struct {
        int64_t elapsed;
        enum countdown_state state;
        enum theme_role role;
        const char *text;
    } cases[] = {
        {0, COUNTDOWN_RUNNING, TR_GREEN, "1:30 left"},
        {44, COUNTDOWN_RUNNING, TR_GREEN, "0:46 left"},
        {45, COUNTDOWN_HALF, TR_AMBER, "0:45 left, half-time"},
        {90, COUNTDOWN_HALF, TR_AMBER, "0:00 left, half-time"},
        {91, COUNTDOWN_OVER, TR_RED, "OVER +0:01"},
        {215, COUNTDOWN_OVER, TR_RED, "OVER +2:05"},
        {-5, COUNTDOWN_RUNNING, TR_GREEN, "1:30 left"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct countdown c;
        standup_countdown(cases[i].elapsed, 90, &c);
        CHECK_INT(c.state, cases[i].state);
        CHECK_INT(c.role, cases[i].role);
        CHECK_STR(c.text, cases[i].text);
    }
    struct countdown c;
    standup_countdown(100, 90, &c);
    CHECK_INT(c.left, -10);
    char clock[32];
    standup_fmt_clock(3723, clock);
    CHECK_STR(clock, "1:02:03");
    standup_fmt_clock(5, clock);
    CHECK_STR(clock, "0:05");
}

static void bar_names_the_department_place_countdown_and_total(void)
{
    struct view_ctx ctx;
    view_ctx_init(&ctx, false, 0);
    struct doc d;
    doc_init(&d, false);
    struct standup_bar b = {.dept = "ENG", .name = "Engineering", .index = 2, .count = 3,
                            .elapsed = 100, .timebox = 90, .total = 271,
                            .facilitator = "alice"};
    standup_view_bar(&d, &b, &ctx);
    char *s = line(&d, 0);
    CHECK_CONTAINS(s, "Stand-up · ENG — Engineering (2/3)");
    CHECK_CONTAINS(s, "OVER +0:10");
    CHECK_CONTAINS(s, "total 4:31");
    CHECK_CONTAINS(s, "total 4:31 · by alice");
    free(s);
    doc_fini(&d);
    b.following = true;
    b.elapsed = 10;
    standup_view_bar(&d, &b, &ctx);
    s = line(&d, 0);
    CHECK_CONTAINS(s, "Following the stand-up");
    CHECK_CONTAINS(s, "1:20 left");
    free(s);
    doc_fini(&d);
}

static struct standup_page sample_page(void)
{
    struct standup_page p;
    memset(&p, 0, sizeof p);
    p.dept = xstrdup("ENG");
    p.name = xstrdup("Engineering");
    p.since = xstrdup("2026-11-25T09:15:00Z");
    p.until = xstrdup("2026-11-26T09:00:00Z");
    p.n_changes = 2;
    p.changes = xcalloc(2, sizeof *p.changes);
    p.changes[0] = (struct change){.kind = CHANGE_BLOCKER_NEW, .key = xstrdup("B-3"),
                                   .title = xstrdup("Servers \x1b[31mfull"),
                                   .actor = xstrdup("alice"), .at = xstrdup("x")};
    p.changes[1] = (struct change){.kind = CHANGE_INDICATOR_CROSSED, .key = xstrdup("uptime"),
                                   .title = xstrdup("Uptime"), .old_health = HEALTH_GREEN,
                                   .new_health = HEALTH_RED, .old_value = xstrdup("99%"),
                                   .new_value = xstrdup("91%"), .at = xstrdup("x"),
                                   .now_health = HEALTH_RED};
    p.n_we_wait = 1;
    p.we_wait = xcalloc(1, sizeof *p.we_wait);
    p.we_wait[0] = (struct blocker){.key = xstrdup("B-1"), .title = xstrdup("Waiting for VAT"),
                                    .waiting_on = xstrdup("FIN"), .severity = 2,
                                    .breached = true, .state = BLOCKER_ACCEPTED,
                                    .raised_at = xstrdup("2026-11-20T09:00:00Z")};
    p.n_they_wait = 1;
    p.they_wait = xcalloc(1, sizeof *p.they_wait);
    p.they_wait[0] = (struct blocker){.key = xstrdup("B-2"), .title = xstrdup("Billing export"),
                                      .project = xstrdup("OPS-1"),
                                      .project_dept = xstrdup("OPS"), .severity = 3,
                                      .state = BLOCKER_NEW};
    p.n_at_risk = 1;
    p.at_risk = xcalloc(1, sizeof *p.at_risk);
    p.at_risk[0] = (struct project){.key = xstrdup("ENG-1"), .title = xstrdup("New billing"),
                                    .health = HEALTH_RED, .overdue = true, .progress = 40,
                                    .due = xstrdup("2026-11-20")};
    p.why = xcalloc(1, sizeof *p.why);
    p.why[0] = xstrdup("overdue (due 2026-11-20)");
    p.n_off = 1;
    p.off = xcalloc(1, sizeof *p.off);
    p.off[0].ind = (struct indicator){.key = xstrdup("uptime"), .name = xstrdup("Uptime"),
                                      .has_value = true, .value = 91, .has_target = true,
                                      .target = 99, .status = HEALTH_RED};
    p.off[0].has_since = true;
    p.off[0].fresh = true;
    p.off[0].since_value = 99;
    p.off[0].since_status = HEALTH_GREEN;
    p.off[0].n_spark = 3;
    p.off[0].spark[0] = 99;
    p.off[0].spark[1] = 95;
    p.off[0].spark[2] = 91;
    p.n_due = 1;
    p.due = xcalloc(1, sizeof *p.due);
    p.due[0] = (struct standup_entry){.kind = ENTRY_ACTION, .text = xstrdup("Order racks"),
                                      .owner = xstrdup("carol"), .due = xstrdup("2026-11-25")};
    p.n_typed = 2;
    p.typed = xcalloc(2, sizeof *p.typed);
    p.typed[0] = (struct standup_entry){.kind = ENTRY_NOTE, .text = xstrdup("Racks arrive Monday"),
                                        .created_by = xstrdup("alice")};
    p.typed[1] = (struct standup_entry){.kind = ENTRY_DECISION,
                                        .text = xstrdup("Freeze the scope"),
                                        .created_by = xstrdup("alice")};
    return p;
}

static void page_sections_come_in_order_with_their_items(void)
{
    struct view_ctx ctx;
    btime now;
    time_parse("2026-11-26T09:00:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct standup_page p = sample_page();
    struct doc d;
    doc_init(&d, false);
    standup_view_page(&d, &p, 100, &ctx);
    const char *order[] = {
        "What changed since Wed 25 Nov 09:15 (2)", "raised     B-3 Servers",
        "crossed    uptime Uptime green → red (99% → 91%) · now red",
        "Open blockers (2)", "We wait on others (1)", "B-1 Waiting for VAT", "Others wait on us (1)",
        "B-2 Billing export", "Projects at risk (1)", "ENG-1 New billing",
        "Indicators off target (1)", "Uptime 91 target 99", "Actions due from earlier stand-ups (1)",
        "Order racks @carol due 2026-11-25 overdue", "This stand-up (2)",
        "note     Racks arrive Monday · alice", "decision Freeze the scope",
    };
    long at = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        long got = find(&d, (size_t)(at < 0 ? 0 : at), order[i]);
        if (got < 0) {
            char *text = all_text(&d);
            fprintf(stderr, "expected '%s' after line %ld in:\n%s\n", order[i], at, text);
            free(text);
            CHECK(got >= 0);
            break;
        }
        at = got;
    }
    char *text = all_text(&d);
    CHECK(strchr(text, '\x1b') == NULL); /* the escape is shown, not sent */
    CHECK_CONTAINS(text, "S2! B-1 Waiting for VAT · accepted · SLA breached · → FIN · 6d");
    CHECK_CONTAINS(text, "for OPS-1 (OPS)");
    CHECK_CONTAINS(text, "-8 since last stand-up (was green)");
    CHECK_CONTAINS(text, "ENG-1 New billing · 40% · overdue (due 2026-11-20)");
    free(text);
    doc_fini(&d);
    standup_page_fini(&p);

    /* an empty page says so in each section */
    struct standup_page empty;
    memset(&empty, 0, sizeof empty);
    empty.dept = xstrdup("OPS");
    empty.since = xstrdup("2026-11-25T09:15:00Z");
    standup_view_page(&d, &empty, 80, &ctx);
    text = all_text(&d);
    CHECK_CONTAINS(text, "nothing in the audit log for this department");
    CHECK_CONTAINS(text, "nothing yet: N note, D decision, A action, P parking lot");
    free(text);
    doc_fini(&d);
    standup_page_fini(&empty);
}

/* A page that lists the first of many: each heading counts them all and
 * each list ends saying how many more there are and where they are. */
static void long_lists_count_all_and_say_how_many_more(void)
{
    struct view_ctx ctx;
    btime now;
    time_parse("2026-11-26T09:00:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct standup_page p = sample_page();
    p.total_we_wait = 40;
    p.total_they_wait = 3;
    p.total_at_risk = 12;
    p.total_off = 358;
    struct doc d;
    doc_init(&d, false);
    standup_view_page(&d, &p, 100, &ctx);
    char *text = all_text(&d);
    CHECK_CONTAINS(text, "Open blockers (43)");
    CHECK_CONTAINS(text, "We wait on others (40)");
    CHECK_CONTAINS(text, "... and 39 more, less urgent");
    CHECK_CONTAINS(text, "... and 2 more, less urgent");
    CHECK_CONTAINS(text, "Projects at risk (12)");
    CHECK_CONTAINS(text, "... and 11 more, due later or less at risk");
    CHECK_CONTAINS(text, "Indicators off target (358)");
    CHECK_CONTAINS(text, "... and 357 more, in the Indicators pane");
    free(text);
    doc_fini(&d);
    standup_page_fini(&p);
}

/* At 80 columns (76 inside the border) a blocker with a long title keeps
 * its severity, state, SLA and waiting-on, and the title ends in '…'; no
 * line of the page is wider than the width; each item line links to it. */
static void narrow_lines_cut_the_title_not_the_facts(void)
{
    struct view_ctx ctx;
    btime now;
    time_parse("2026-11-26T09:00:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct standup_page p = sample_page();
    str_replace(&p.we_wait[0].title,
                "Waiting for the VAT rules for Poland, Italy and every other member state");
    struct doc d;
    doc_init(&d, false);
    standup_view_page(&d, &p, 76, &ctx);
    long at = find(&d, 0, "B-1 Waiting");
    CHECK(at >= 0);
    if (at >= 0) {
        char *s = line(&d, (size_t)at);
        CHECK_CONTAINS(s, "S2! B-1 Waiting for");
        CHECK_CONTAINS(s, "… · accepted · SLA breached · → FIN · 6d");
        free(s);
        CHECK_STR(d.lines[at].link_pane, "blockers");
        CHECK_STR(d.lines[at].link_key, "B-1");
    }
    for (size_t i = 0; i < d.n; i++) {
        struct strbuf sb;
        sb_init(&sb);
        doc_line_text(&d, i, &sb);
        if (utf8_width(sb_str(&sb)) > 76)
            fprintf(stderr, "line %zu is %d columns: %s\n", i, utf8_width(sb_str(&sb)),
                    sb_str(&sb));
        CHECK(utf8_width(sb_str(&sb)) <= 76);
        sb_fini(&sb);
    }
    doc_fini(&d);
    standup_page_fini(&p);
}

static void summary_gives_time_per_department_and_counts(void)
{
    struct view_ctx ctx;
    btime now;
    time_parse("2026-11-26T09:20:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct standup su = {.facilitator = "alice", .started_at = "2026-11-26T09:00:00Z",
                         .ended_at = "2026-11-26T09:12:30Z"};
    const char *walk[] = {"ENG", "FIN", "OPS", "HR"};
    const char *names[] = {"Engineering", "Finance", "Operations", "People"};
    struct standup_time times[] = {
        {.dept = "ENG", .name = "Engineering", .seconds = 185},
        {.dept = "FIN", .name = "Finance", .seconds = 60},
        {.dept = "OPS", .name = "Operations", .seconds = 5, .skipped = true},
    };
    struct standup_entry x[] = {
        {.kind = ENTRY_NOTE}, {.kind = ENTRY_NOTE}, {.kind = ENTRY_DECISION},
        {.kind = ENTRY_ACTION}, {.kind = ENTRY_PARKING},
    };
    struct doc d;
    doc_init(&d, false);
    standup_view_summary(&d, &su, walk, names, 4, times, 3, x, 5, 90, &ctx);
    char *text = all_text(&d);
    CHECK_CONTAINS(text, "Facilitator  alice");
    CHECK_CONTAINS(text, "09:00-09:12 UTC, 12:30");
    long eng = find(&d, 0, "ENG      Engineering");
    CHECK(eng >= 0);
    if (eng >= 0) {
        char *s = line(&d, (size_t)eng);
        CHECK_CONTAINS(s, "3:05  over the 1:30 time-box");
        free(s);
    }
    CHECK_CONTAINS(text, "1:00  in time");
    CHECK_CONTAINS(text, "0:05  skipped");
    CHECK_CONTAINS(text, "People                          -  not reached");
    CHECK_CONTAINS(text, "2 of 4 departments discussed, 1 skipped, 1 over time");
    CHECK_CONTAINS(text, "2 notes, 1 decision, 1 action, 1 parking-lot item");
    CHECK_CONTAINS(text, "baton standup export --last");
    free(text);
    doc_fini(&d);
}

int main(void)
{
    RUN(countdown_changes_at_half_time_and_when_over);
    RUN(bar_names_the_department_place_countdown_and_total);
    RUN(page_sections_come_in_order_with_their_items);
    RUN(long_lists_count_all_and_say_how_many_more);
    RUN(narrow_lines_cut_the_title_not_the_facts);
    RUN(summary_gives_time_per_department_and_counts);
    return check_report();
}
