/*
 * Triage mode's view: the focused blocker shown whole, queue lines and
 * SLA marks. Reads the store (project, department, possible duplicates,
 * history) the way the panes' detail views do; draws nothing.
 */
#include "baton/triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/department.h"
#include "baton/event.h"
#include "baton/project.h"
#include "baton/utf8.h"
#include "view_internal.h"

const char *view_sla_mark(enum blocker_sla s)
{
    return s == SLA_PAST ? "!" : s == SLA_NEAR ? "~" : "";
}

enum blocker_sla view_blocker_sla(struct store *st, const struct blocker *b, btime now)
{
    return blocker_sla_at(b, store_sla(st, b->severity), now);
}

void view_sla_text(const struct blocker *b, enum blocker_sla s, btime now, char out[96])
{
    btime due;
    if (!b->sla_due || !time_parse(b->sla_due, &due)) {
        snprintf(out, 96, b->severity ? "none" : "not running (no severity yet)");
        return;
    }
    char when[TIME_SHOW_MAX], age[16];
    time_show_text(b->sla_due, when);
    if (s == SLA_NONE) {
        snprintf(out, 96, "was due %s (closed)", when);
    } else if (s == SLA_PAST) {
        time_fmt_age(now - due, age);
        snprintf(out, 96, "%s breached %s ago (due %s)", view_sla_mark(s), age, when);
    } else {
        time_fmt_age(due - now, age);
        snprintf(out, 96, "%s%sdue %s, %s left%s", view_sla_mark(s), s == SLA_NEAR ? " " : "",
                 when, age, s == SLA_NEAR ? " (near)" : "");
    }
}

void triage_queue_line(const struct blocker *b, enum blocker_sla s, int width,
                       const struct view_ctx *ctx, struct strbuf *out)
{
    char sev[8], age[16];
    if (b->severity)
        snprintf(sev, sizeof sev, "S%d%s", b->severity, view_sla_mark(s));
    else
        snprintf(sev, sizeof sev, "S?%s", view_sla_mark(s));
    fmt_age(ctx, b->raised_at, age);
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, sev, 4, false, ctx->ascii);
    sb_add(&sb, " ");
    char *key = utf8_sanitize(b->key, ctx->ascii);
    utf8_pad(&sb, key, 6, false, ctx->ascii);
    free(key);
    sb_add(&sb, " ");
    int rest = width - utf8_width(sb_str(&sb)) - 5;
    char *title = utf8_sanitize(b->title, ctx->ascii);
    if (rest > 0)
        utf8_pad(&sb, title, rest, false, ctx->ascii);
    free(title);
    sb_add(&sb, " ");
    utf8_pad(&sb, age, 4, true, ctx->ascii);
    utf8_pad(out, sb_str(&sb), width, false, ctx->ascii);
    sb_fini(&sb);
}

static enum theme_role sla_role(enum blocker_sla s)
{
    return s == SLA_PAST ? TR_RED : s == SLA_NEAR ? TR_AMBER : TR_NORMAL;
}

int triage_doc(struct store *st, const struct blocker *b, int width, const struct view_ctx *ctx,
               struct doc *d, struct err *e)
{
    const int lw = 13;
    char buf[256], when[TIME_SHOW_MAX], age[16];
    enum blocker_sla sla = view_blocker_sla(st, b, ctx->now);
    d->title = xasprintf("Triage %s", b->key);
    doc_add(d, TR_TITLE, b->key);
    doc_add(d, TR_TITLE, "  ");
    doc_add(d, TR_TITLE, b->title);
    doc_nl(d);
    doc_nl(d);
    view_presence_field(d, st, b->key, lw);

    struct project p = {0};
    struct err ignore = {0};
    bool have_p = project_get(st, b->project, &p, &ignore) == 0;
    struct department pd = {0};
    bool have_pd = department_get(st, b->project_dept, &pd, &ignore) == 0;
    snprintf(buf, sizeof buf, "%s %s  (%s %s)", b->project, have_p ? p.title : "",
             b->project_dept ? b->project_dept : "-", have_pd ? pd.name : "");
    doc_field(d, "Project", lw, TR_NORMAL, buf);
    project_fini(&p);
    department_fini(&pd);

    time_show_text(b->raised_at, when);
    fmt_age(ctx, b->raised_at, age);
    snprintf(buf, sizeof buf, "by %s, %s (%s ago)", b->raised_by ? b->raised_by : "-", when,
             age);
    doc_field(d, "Raised", lw, TR_NORMAL, buf);
    snprintf(buf, sizeof buf, "%s%s", blocker_state_name(b->state),
             b->state == BLOCKER_NEW ? "  (a accept, d decline, m duplicate, z snooze)" : "");
    doc_field(d, "State", lw, b->state == BLOCKER_NEW ? TR_AMBER : TR_NORMAL, buf);
    if (b->severity)
        snprintf(buf, sizeof buf, "S%d %s", b->severity,
                 (const char *[]){"", "critical", "high", "medium", "low"}[b->severity]);
    else
        snprintf(buf, sizeof buf, "S? not set  (1-4 sets it)");
    doc_field(d, "Severity", lw, b->severity ? view_severity_role(b->severity) : TR_DIM, buf);

    if (b->waiting_on) {
        struct department w = {0};
        if (department_get(st, b->waiting_on, &w, &ignore) == 0)
            snprintf(buf, sizeof buf, "%s %s%s%s%s", w.key, w.name, w.lead ? " (lead " : "",
                     w.lead ? w.lead : "", w.lead ? ")" : "");
        else
            snprintf(buf, sizeof buf, "%s", b->waiting_on);
        department_fini(&w);
        doc_field(d, "Waiting on", lw, TR_NORMAL, buf);
    } else {
        doc_field(d, "Waiting on", lw, TR_DIM, "nobody yet  (w picks a department)");
    }
    doc_field(d, "Owner", lw, b->owner ? TR_NORMAL : TR_DIM,
              b->owner ? b->owner : "nobody yet  (o picks a person)");
    view_sla_text(b, sla, ctx->now, buf);
    doc_field(d, "SLA", lw, sla_role(sla), buf);
    if (b->escalation_level > 0) {
        time_show_text(b->escalated_at, when);
        snprintf(buf, sizeof buf, "level %d, to %s at %s", b->escalation_level,
                 b->escalated_to ? b->escalated_to : "-", when);
        doc_field(d, "Escalated", lw, TR_AMBER, buf);
    }
    if (b->needed_by)
        doc_field(d, "Needed by", lw, TR_NORMAL, b->needed_by);
    if (b->state == BLOCKER_SNOOZED) {
        time_show_text(b->snoozed_until, when);
        doc_field(d, "Snoozed until", lw, TR_NORMAL, when);
    }
    if (b->reason)
        doc_field(d, "Last reason", lw, TR_DIM, b->reason);
    snprintf(buf, sizeof buf, "%lld", (long long)b->version);
    doc_field(d, "Version", lw, TR_DIM, buf);
    if (!str_empty(b->detail)) {
        detail_heading(d, "Detail");
        detail_wrap(d, TR_NORMAL, b->detail, width, 2);
    }

    struct blocker_match *m = NULL;
    size_t nm = 0;
    int rc = blocker_similar(st, b->key, 5, &m, &nm, e);
    if (rc)
        return rc;
    detail_section(d, "Possible duplicates (m marks one)", nm == 0, "  none found among open blockers");
    for (size_t i = 0; i < nm; i++) {
        doc_add(d, TR_NORMAL, "  ");
        doc_add(d, TR_COLUMN, m[i].key);
        doc_add(d, TR_NORMAL, "  ");
        doc_add(d, TR_NORMAL, m[i].title);
        doc_addf(d, TR_DIM, "  (%s)", blocker_state_name(m[i].state));
        doc_nl(d);
    }
    blocker_match_list_free(m, nm);
    return detail_history(d, st, "blocker", b->key, 20, e);
}
