/*
 * The stand-up as documents: the bar with its countdown, a department's
 * page and the summary. Everything from the database goes through
 * doc_add (sanitised); glyphs and drawn lines through doc_add_raw.
 */
#include "baton/standup_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/utf8.h"
#include "view_internal.h"

void standup_fmt_clock(int64_t s, char out[32])
{
    if (s < 0)
        s = 0;
    if (s >= 3600)
        snprintf(out, 32, "%lld:%02lld:%02lld", (long long)(s / 3600),
                 (long long)(s % 3600 / 60), (long long)(s % 60));
    else
        snprintf(out, 32, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

void standup_countdown(int64_t elapsed, int64_t timebox, struct countdown *out)
{
    if (timebox <= 0)
        timebox = 1;
    if (elapsed < 0)
        elapsed = 0;
    out->left = timebox - elapsed;
    char clock[32];
    if (elapsed > timebox) {
        out->state = COUNTDOWN_OVER;
        out->role = TR_RED;
        standup_fmt_clock(elapsed - timebox, clock);
        snprintf(out->text, sizeof out->text, "OVER +%s", clock);
    } else if (elapsed * 2 >= timebox) {
        out->state = COUNTDOWN_HALF;
        out->role = TR_AMBER;
        standup_fmt_clock(out->left, clock);
        snprintf(out->text, sizeof out->text, "%s left, half-time", clock);
    } else {
        out->state = COUNTDOWN_RUNNING;
        out->role = TR_GREEN;
        standup_fmt_clock(out->left, clock);
        snprintf(out->text, sizeof out->text, "%s left", clock);
    }
}

void standup_view_bar(struct doc *d, const struct standup_bar *b, const struct view_ctx *ctx)
{
    const char *dot = ctx->g->dot;
    doc_add_raw(d, TR_TITLE, b->following ? "Following the stand-up" : "Stand-up");
    doc_addf(d, TR_NORMAL, " %s ", dot);
    doc_add(d, TR_TITLE, b->dept ? b->dept : "");
    if (b->name) {
        doc_add(d, TR_NORMAL, ctx->ascii ? " - " : " — ");
        doc_add(d, TR_NORMAL, b->name);
    }
    if (b->count > 0)
        doc_addf(d, TR_DIM, " (%d/%d)", b->index, b->count);
    if (b->skipped)
        doc_add(d, TR_AMBER, " skipped");
    doc_addf(d, TR_NORMAL, " %s ", dot);
    struct countdown c;
    standup_countdown(b->elapsed, b->timebox, &c);
    /* an ASCII terminal gets the words anyway: the text names the state */
    doc_add(d, c.role, c.text);
    if (b->unseen > 0) {
        doc_addf(d, TR_NORMAL, " %s ", dot);
        doc_addf(d, TR_AMBER, "%d new below (G)", b->unseen);
    }
    char total[32];
    standup_fmt_clock(b->total, total);
    doc_addf(d, TR_NORMAL, " %s total %s", dot, total);
    if (b->facilitator)
        doc_addf(d, TR_DIM, " %s by %s", dot, b->facilitator);
    doc_nl(d);
}

/* ---- the page ---- */

static void heading(struct doc *d, const char *title, size_t n, bool counted)
{
    if (d->n > 1 || (d->n == 1 && d->lines[0].n))
        doc_nl(d);
    if (counted)
        doc_addf(d, TR_TITLE, "%s (%zu)", title, n);
    else
        doc_add(d, TR_TITLE, title);
    doc_nl(d);
}

static void nothing(struct doc *d, const char *text)
{
    doc_add(d, TR_DIM, "  ");
    doc_add(d, TR_DIM, text);
    doc_nl(d);
}

/* "... and 1234 more, less urgent": what a long list leaves out. */
static void more(struct doc *d, size_t n, const char *which)
{
    if (!n)
        return;
    char *text = xasprintf("... and %zu more, %s", n, which);
    nothing(d, text);
    free(text);
}

static const char *arrow(bool ascii)
{
    return ascii ? " -> " : " → ";
}

static void sev_text(struct strbuf *sb, const char *v)
{
    long n = 0;
    if (v && str_to_long(v, &n) && n >= 1 && n <= 4)
        sb_addf(sb, "S%ld", n);
    else
        sb_add(sb, "S?");
}

/* A project's field as people say it: "on_hold" reads "on hold". */
static void word(struct strbuf *sb, const char *v)
{
    if (!v) {
        sb_add(sb, "none");
        return;
    }
    for (const char *p = v; *p; p++)
        sb_addc(sb, *p == '_' ? ' ' : *p);
}

/* "old → new", each value written by show. */
static void from_to(struct strbuf *sb, const struct change *c, bool ascii,
                    void (*show)(struct strbuf *sb, const char *v))
{
    show(sb, c->old_value);
    sb_add(sb, arrow(ascii));
    show(sb, c->new_value);
}

static void with_reason(struct strbuf *sb, const char *lead, const struct change *c)
{
    if (str_empty(c->detail))
        return;
    sb_add(sb, sb->len ? lead : "");
    sb_add(sb, c->detail);
}

void standup_change_detail(const struct change *c, bool ascii, const struct tzone *z,
                           struct strbuf *sb)
{
    char when[TIME_SHOW_MAX];
    switch (c->kind) {
    case CHANGE_BLOCKER_ACCEPTED:
        if (c->new_value) {
            sb_add(sb, "as ");
            sev_text(sb, c->new_value);
        }
        if (c->detail)
            sb_addf(sb, "%swaiting on %s", sb->len ? ", " : "", c->detail);
        break;
    case CHANGE_BLOCKER_DECLINED:
    case CHANGE_BLOCKER_RESOLVED:
    case CHANGE_BLOCKER_REOPENED:
        if (!str_empty(c->detail))
            sb_addf(sb, "\"%s\"", c->detail);
        break;
    case CHANGE_BLOCKER_DUPLICATE:
        if (c->new_value)
            sb_addf(sb, "of %s", c->new_value);
        with_reason(sb, ": ", c);
        break;
    case CHANGE_BLOCKER_SNOOZED:
        if (c->new_value)
            sb_addf(sb, "until %s", time_human_in(z, c->new_value, when));
        with_reason(sb, ": ", c);
        break;
    case CHANGE_BLOCKER_ESCALATED:
        if (c->new_value) {
            sb_addf(sb, "to %s", c->new_value);
            if (c->to_name)
                sb_addf(sb, " (%s)", c->to_name);
        }
        break;
    case CHANGE_BLOCKER_SEVERITY:
        from_to(sb, c, ascii, sev_text);
        break;
    case CHANGE_BLOCKER_UNDONE:
    case CHANGE_BLOCKER_OWNER:
    case CHANGE_BLOCKER_WAITING_ON:
    case CHANGE_PROJECT_STATUS:
    case CHANGE_PROJECT_HEALTH:
    case CHANGE_PROJECT_DUE:
        from_to(sb, c, ascii, word);
        break;
    case CHANGE_PROJECT_PROGRESS:
        sb_addf(sb, "%s%%%s%s%%", c->old_value ? c->old_value : "0", arrow(ascii),
                c->new_value ? c->new_value : "0");
        break;
    case CHANGE_INDICATOR_CROSSED:
        sb_addf(sb, "%s%s%s", health_name(c->old_health), arrow(ascii),
                health_name(c->new_health));
        if (c->new_value)
            sb_addf(sb, " (%s%s%s)", c->old_value ? c->old_value : "-", arrow(ascii),
                    c->new_value);
        break;
    default:
        break;
    }
}

void standup_change_now(const struct change *c, struct strbuf *sb)
{
    if (CHANGE_IS_BLOCKER(c->kind)) {
        sb_add(sb, c->kind == CHANGE_BLOCKER_NEW && c->now_state == BLOCKER_NEW ? "still " : "now ");
        word(sb, blocker_state_name(c->now_state));
        if (c->severity && blocker_state_open(c->now_state))
            sb_addf(sb, " S%d", c->severity);
    } else if (CHANGE_IS_PROJECT(c->kind)) {
        sb_add(sb, "now ");
        word(sb, project_status_name(c->now_status));
        sb_addf(sb, ", %s", health_name(c->now_health));
    } else {
        sb_addf(sb, "now %s", health_name(c->now_health));
    }
}

/* The glyph and role of a change's kind on the page. */
static enum theme_role change_role(const struct change *c)
{
    switch (c->kind) {
    case CHANGE_BLOCKER_NEW:
    case CHANGE_BLOCKER_WOKEN:
    case CHANGE_BLOCKER_REOPENED:
        return TR_AMBER;
    case CHANGE_BLOCKER_ESCALATED:
        return TR_RED;
    case CHANGE_BLOCKER_RESOLVED:
        return TR_GREEN;
    case CHANGE_INDICATOR_CROSSED:
    case CHANGE_PROJECT_HEALTH:
        return view_health_role(c->new_health);
    default:
        return TR_NORMAL;
    }
}

static const char *change_glyph(const struct change *c, const struct view_ctx *ctx)
{
    switch (c->kind) {
    case CHANGE_BLOCKER_NEW: return ctx->g->mark_new;
    case CHANGE_BLOCKER_ESCALATED: return ctx->g->up;
    case CHANGE_BLOCKER_RESOLVED: return ctx->ascii ? "+" : "✓";
    case CHANGE_INDICATOR_CROSSED: return ctx->g->health[c->new_health];
    default: return " ";
    }
}

static const char *link_pane_of(const struct change *c)
{
    return pane_names[CHANGE_IS_BLOCKER(c->kind)   ? PANE_BLOCKERS
                      : CHANGE_IS_PROJECT(c->kind) ? PANE_PROJECTS
                                                   : PANE_INDICATORS];
}

static void change_line(struct doc *d, const struct change *c, int width,
                        const struct view_ctx *ctx)
{
    doc_add(d, TR_NORMAL, "  ");
    enum theme_role r = change_role(c);
    doc_add_raw(d, r, change_glyph(c, ctx));
    doc_addf(d, r, " %-10s ", change_kind_name(c->kind));
    int title = detail_key_title(d, c->key, c->title);
    struct strbuf sb;
    sb_init(&sb);
    standup_change_detail(c, ctx->ascii, time_user_zone(), &sb);
    if (sb.len) {
        doc_add(d, TR_NORMAL, " ");
        doc_add(d, c->kind == CHANGE_INDICATOR_CROSSED ? view_health_role(c->new_health)
                                                       : TR_NORMAL,
                sb_str(&sb));
    }
    sb_clear(&sb);
    standup_change_now(c, &sb);
    doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
    doc_add(d, TR_TITLE, sb_str(&sb));
    sb_fini(&sb);
    if (c->actor) {
        doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
        doc_add(d, TR_DIM, c->actor);
    }
    doc_fit(d, width, title);
    doc_link(d, link_pane_of(c), c->key);
    doc_nl(d);
}

static void blocker_line(struct doc *d, const struct blocker *b, bool ours, int width,
                         const struct view_ctx *ctx)
{
    doc_add(d, TR_NORMAL, "  ");
    char sev[8];
    snprintf(sev, sizeof sev, b->severity ? "S%d" : "S?", b->severity);
    doc_add(d, view_severity_role(b->severity), sev);
    if (b->breached)
        doc_add_raw(d, TR_RED, ctx->g->breached);
    else
        doc_add(d, TR_NORMAL, " ");
    doc_add(d, TR_NORMAL, " ");
    int title = detail_key_title(d, b->key, b->title);
    doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
    doc_add(d, TR_TITLE, blocker_state_name(b->state));
    if (b->breached)
        doc_addf(d, TR_RED, " %s SLA breached", ctx->g->dot);
    if (b->escalation_level > 0)
        doc_addf(d, TR_RED, " %s escalated%s", ctx->g->dot, b->escalation_level > 1 ? " again" : "");
    doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
    if (ours) {
        doc_add_raw(d, TR_DIM, ctx->ascii ? "-> " : "→ ");
        doc_add(d, TR_DIM, b->waiting_on ? b->waiting_on : "no one yet");
    } else {
        doc_add(d, TR_DIM, "for ");
        doc_add(d, TR_DIM, b->project);
        if (b->project_dept) {
            doc_add(d, TR_DIM, " (");
            doc_add(d, TR_DIM, b->project_dept);
            doc_add(d, TR_DIM, ")");
        }
    }
    btime raised;
    char age[16] = "";
    if (b->raised_at && time_parse(b->raised_at, &raised)) {
        time_fmt_age(ctx->now - raised < 0 ? 0 : ctx->now - raised, age);
        doc_addf(d, TR_DIM, " %s %s", ctx->g->dot, age);
    }
    doc_fit(d, width, title);
    doc_link(d, pane_names[PANE_BLOCKERS], b->key);
    doc_nl(d);
}

static void project_line(struct doc *d, const struct project *p, const char *why, int width,
                         const struct view_ctx *ctx)
{
    doc_add(d, TR_NORMAL, "  ");
    enum theme_role r = view_health_role(p->health);
    doc_add_raw(d, r, ctx->g->health[p->health]);
    doc_addf(d, r, " %-6s", view_health_word(p->health));
    int title = detail_key_title(d, p->key, p->title);
    doc_addf(d, TR_DIM, " %s %d%%", ctx->g->dot, p->progress);
    if (!str_empty(why)) {
        doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
        doc_add(d, r, why);
    }
    doc_fit(d, width, title);
    doc_link(d, pane_names[PANE_PROJECTS], p->key);
    doc_nl(d);
}

static void indicator_line(struct doc *d, const struct standup_indicator *x, int width,
                           const struct view_ctx *ctx)
{
    const struct indicator *i = &x->ind;
    doc_add(d, TR_NORMAL, "  ");
    enum theme_role r = view_health_role(i->status);
    doc_add_raw(d, r, ctx->g->health[i->status]);
    doc_addf(d, r, " %-6s", view_health_word(i->status));
    doc_add(d, TR_NORMAL, i->name);
    char v[64] = "-", t[64] = "-";
    if (i->has_value)
        indicator_format(i, i->value, v, sizeof v);
    if (i->has_target)
        indicator_format(i, i->target, t, sizeof t);
    doc_add(d, TR_NORMAL, " ");
    doc_add(d, TR_TITLE, v);
    doc_add(d, TR_DIM, " target ");
    doc_add(d, TR_DIM, t);
    if (x->n_spark > 1 && width >= 60) {
        struct strbuf sb;
        sb_init(&sb);
        int sw = x->n_spark < 12 ? x->n_spark : 12;
        view_spark(x->spark + (x->n_spark - sw), sw, sw, ctx->g, &sb);
        doc_add(d, TR_NORMAL, " ");
        doc_add_raw(d, TR_SPARK, sb_str(&sb));
        sb_fini(&sb);
    }
    if (x->has_since && i->has_value && !x->fresh) {
        char when[TIME_SHOW_MAX];
        doc_addf(d, TR_DIM, " %s no new reading since last stand-up (latest %s)", ctx->g->dot,
                 time_human_in(time_user_zone(), i->value_at, when));
    } else if (x->has_since && i->has_value) {
        char delta[64];
        indicator_format_delta(i, i->value - x->since_value, delta, sizeof delta);
        enum theme_role dr = TR_DIM;
        double ch = i->value - x->since_value;
        if (ch != 0)
            dr = ((ch > 0) == (i->direction == DIRECTION_UP)) ? TR_GREEN : TR_RED;
        doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
        doc_add(d, dr, delta);
        doc_add(d, TR_DIM, " since last stand-up");
        if (x->since_status != i->status) {
            doc_add(d, TR_DIM, " (was ");
            doc_add(d, TR_DIM, view_health_word(x->since_status));
            doc_add(d, TR_DIM, ")");
        }
    } else {
        doc_addf(d, TR_DIM, " %s new since last stand-up", ctx->g->dot);
    }
    doc_nl(d);
}

static const char *const kind_labels[] = {"note", "decision", "action", "parking"};

static void entry_line(struct doc *d, const struct standup_entry *x, bool due_list,
                       const struct view_ctx *ctx)
{
    doc_add(d, TR_NORMAL, "  ");
    if (x->kind == ENTRY_ACTION) {
        doc_add(d, x->done ? TR_GREEN : TR_NORMAL, x->done ? "[x] " : "[ ] ");
    } else {
        doc_addf(d, x->kind == ENTRY_DECISION ? TR_TITLE : TR_COLUMN, "%-9s",
                 kind_labels[x->kind]);
    }
    doc_add(d, TR_NORMAL, x->text);
    if (x->owner) {
        doc_add(d, TR_DIM, " @");
        doc_add(d, TR_DIM, x->owner);
    }
    if (x->due) {
        char today[16];
        time_org_date(ctx->now, today);
        bool late = !x->done && strncmp(x->due, today, 10) < 0;
        doc_add(d, late ? TR_RED : TR_DIM, " due ");
        doc_add(d, late ? TR_RED : TR_DIM, x->due);
        if (late)
            doc_add(d, TR_RED, " overdue");
    }
    if (!due_list && x->created_by) {
        doc_addf(d, TR_DIM, " %s ", ctx->g->dot);
        doc_add(d, TR_DIM, x->created_by);
    }
    doc_nl(d);
}

/* One side of the open blockers: "We wait on others (5)" (of total), the
 * n most urgent and how many more there are. */
static void blocker_group(struct doc *d, const char *title, size_t total,
                          const struct blocker *v, size_t n, bool ours, int width,
                          const struct view_ctx *ctx)
{
    doc_addf(d, TR_COLUMN, "%s (%zu)", title, total);
    doc_nl(d);
    if (!n)
        nothing(d, "none");
    for (size_t i = 0; i < n; i++)
        blocker_line(d, &v[i], ours, width, ctx);
    more(d, total - n, "less urgent");
}

void standup_view_page(struct doc *d, const struct standup_page *p, int width,
                       const struct view_ctx *ctx)
{
    char since[TIME_SHOW_MAX];
    struct strbuf h;
    sb_init(&h);
    sb_addf(&h, "What changed since %s", time_human_in(time_user_zone(), p->since, since));
    heading(d, sb_str(&h), p->n_changes, true);
    sb_fini(&h);
    if (!p->n_changes)
        nothing(d, "nothing in the audit log for this department");
    for (size_t i = 0; i < p->n_changes; i++)
        change_line(d, &p->changes[i], width, ctx);

    size_t we = p->total_we_wait > p->n_we_wait ? p->total_we_wait : p->n_we_wait;
    size_t they = p->total_they_wait > p->n_they_wait ? p->total_they_wait : p->n_they_wait;
    size_t risk = p->total_at_risk > p->n_at_risk ? p->total_at_risk : p->n_at_risk;
    size_t off = p->total_off > p->n_off ? p->total_off : p->n_off;
    heading(d, "Open blockers", we + they, true);
    blocker_group(d, " We wait on others", we, p->we_wait, p->n_we_wait, true, width, ctx);
    blocker_group(d, " Others wait on us", they, p->they_wait, p->n_they_wait, false, width,
                  ctx);

    heading(d, "Projects at risk", risk, true);
    if (!p->n_at_risk)
        nothing(d, "none");
    for (size_t i = 0; i < p->n_at_risk; i++)
        project_line(d, &p->at_risk[i], p->why ? p->why[i] : NULL, width, ctx);
    more(d, risk - p->n_at_risk, "due later or less at risk");

    heading(d, "Indicators off target", off, true);
    if (!p->n_off)
        nothing(d, "none");
    for (size_t i = 0; i < p->n_off; i++)
        indicator_line(d, &p->off[i], width, ctx);
    more(d, off - p->n_off, "in the Indicators pane");

    heading(d, "Objectives", p->n_objectives, true);
    if (!p->n_objectives)
        nothing(d, "none for this department");
    for (size_t i = 0; i < p->n_objectives; i++)
        view_objective_line(d, &p->objectives[i], width, ctx);

    heading(d, "Actions due from earlier stand-ups", p->n_due, true);
    if (!p->n_due)
        nothing(d, "none");
    for (size_t i = 0; i < p->n_due; i++)
        entry_line(d, &p->due[i], true, ctx);

    heading(d, "This stand-up", p->n_typed, true);
    if (!p->n_typed)
        nothing(d, "nothing yet: N note, D decision, A action, P parking lot");
    for (size_t i = 0; i < p->n_typed; i++)
        entry_line(d, &p->typed[i], false, ctx);
    /* whatever is still too wide (headings, indicators, entries) ends in
     * an ellipsis rather than at the border */
    for (size_t i = 0; i < d->n; i++)
        doc_fit_line(d, i, width, -1);
}

/* ---- the summary ---- */

static const struct standup_time *time_for(const struct standup_time *t, size_t n,
                                           const char *dept)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(t[i].dept, dept))
            return &t[i];
    return NULL;
}

void standup_view_summary(struct doc *d, const struct standup *su, const char *const *walk,
                          const char *const *names, size_t n_walk, const struct standup_time *times, size_t n_times,
                          const struct standup_entry *entries, size_t n_entries,
                          int64_t timebox, const struct view_ctx *ctx)
{
    doc_add(d, TR_TITLE, "Stand-up summary");
    doc_nl(d);
    doc_nl(d);
    btime start = 0, end = ctx->now;
    time_parse(su->started_at, &start);
    if (su->ended_at)
        time_parse(su->ended_at, &end);
    char total[32], box[32], from[TIME_SHOW_MAX], to[TIME_SHOW_MAX];
    standup_fmt_clock(end - start, total);
    standup_fmt_clock(timebox, box);
    time_fmt_zone(time_user_zone(), start, TF_HM, from);
    time_fmt_zone(time_user_zone(), end, TF_HM | TF_ZONE, to);
    doc_field(d, "Facilitator", 13, TR_NORMAL, su->facilitator);
    struct strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s-%s, %s%s", from, to, total, su->ended_at ? "" : " so far");
    doc_field(d, "Time", 13, TR_NORMAL, sb_str(&sb));
    sb_fini(&sb);
    doc_nl(d);
    doc_addf(d, TR_COLUMN, "%-8s %-24s %8s  %s", "DEPT", "NAME", "TIME", "");
    doc_nl(d);
    int over = 0, skipped = 0, reached = 0;
    for (size_t i = 0; i < n_walk; i++) {
        const struct standup_time *t = time_for(times, n_times, walk[i]);
        char clock[32];
        standup_fmt_clock(t ? t->seconds : 0, clock);
        struct strbuf name;
        sb_init(&name);
        utf8_pad(&name, names && names[i] ? names[i] : t && t->name ? t->name : "", 24, false,
                 ctx->ascii);
        doc_addf(d, TR_NORMAL, "%-8s ", walk[i]);
        doc_add(d, TR_NORMAL, sb_str(&name));
        sb_fini(&name);
        doc_addf(d, TR_NORMAL, " %8s  ", t ? clock : "-");
        if (t && t->skipped) {
            doc_add(d, TR_AMBER, "skipped");
            skipped++;
        } else if (!t) {
            doc_add(d, TR_DIM, "not reached");
        } else if (t->seconds > timebox) {
            doc_addf(d, TR_RED, "over the %s time-box", box);
            over++;
        } else {
            doc_add(d, TR_GREEN, "in time");
        }
        if (t && !t->skipped)
            reached++;
        doc_nl(d);
    }
    int counts[4] = {0};
    for (size_t i = 0; i < n_entries; i++)
        if ((int)entries[i].kind >= 0 && entries[i].kind <= ENTRY_PARKING)
            counts[entries[i].kind]++;
    doc_nl(d);
    doc_addf(d, TR_NORMAL, "%d of %zu %s discussed, %d skipped, %d over time", reached, n_walk,
             view_plural((long long)n_walk, "department", "departments"), skipped, over);
    doc_nl(d);
    doc_addf(d, TR_NORMAL, "%d %s, %d %s, %d %s, %d %s", counts[ENTRY_NOTE],
             view_plural(counts[ENTRY_NOTE], "note", "notes"), counts[ENTRY_DECISION],
             view_plural(counts[ENTRY_DECISION], "decision", "decisions"), counts[ENTRY_ACTION],
             view_plural(counts[ENTRY_ACTION], "action", "actions"), counts[ENTRY_PARKING],
             view_plural(counts[ENTRY_PARKING], "parking-lot item", "parking-lot items"));
    doc_nl(d);
    doc_nl(d);
    doc_add(d, TR_DIM, "Minutes: baton standup export --last (Markdown) or --format json");
    doc_nl(d);
}
