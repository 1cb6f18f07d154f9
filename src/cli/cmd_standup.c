/*
 * Stand-up minutes and the report: `baton standup list`, `baton standup
 * export` and `baton report`. The minutes are gathered once into plain
 * data (struct minutes) and then written as Markdown or JSON, so both say
 * the same things in the same order: the title, the bottom line,
 * decisions, action items, escalations, one section per department of
 * the walk, cross-department dependencies at risk, the parking lot and
 * the departments skipped. The report is the same picture for now,
 * outside any stand-up: what changed since the last one, and no entries.
 *
 * What changed is read for the stand-up's own window (its since to its
 * end); blockers, projects and indicators are as they stand when the
 * minutes are written.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baton/changes.h"
#include "baton/cli.h"
#include "baton/department.h"
#include "baton/flow.h"
#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/standup_view.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"
#include "baton/view.h"

#define COLS(a) a, sizeof a / sizeof *a

/* ---- gathering ---- */

struct minutes {
    bool has_standup;
    char since[32];      /* the window's start */
    bool since_standup;  /* the report: it is the end of a stand-up */
    struct standup su;
    char until[32];
    struct standup_entry *entries;
    size_t n_entries;
    struct standup_time *times;
    size_t n_times;
    struct standup_page *pages; /* one per department of the walk */
    size_t n_pages;
    struct change *all; /* every department's changes */
    size_t n_all;
    int health[4];        /* open projects by health */
    char **red, **red_names; /* indicators in red: keys, and their names */
    size_t n_red;
    struct project_dep_risk *deps;
    size_t n_deps;
    struct flow flow; /* who waits on whom, now */
    /* objectives: how many are open; those at risk or off track, now, in
     * tree order; the confidence changes of the window */
    size_t n_open_objectives;
    struct objective *objectives;
    size_t n_objectives;
    struct objective_confidence_change *confidence;
    size_t n_confidence;
};

static void minutes_fini(struct minutes *m)
{
    standup_fini(&m->su);
    standup_entry_list_free(m->entries, m->n_entries);
    standup_times_free(m->times, m->n_times);
    for (size_t i = 0; i < m->n_pages; i++)
        standup_page_fini(&m->pages[i]);
    free(m->pages);
    change_list_free(m->all, m->n_all);
    standup_keys_free(m->red, m->n_red);
    standup_keys_free(m->red_names, m->n_red);
    project_dep_risk_list_free(m->deps, m->n_deps);
    flow_fini(&m->flow);
    objective_list_free(m->objectives, m->n_objectives);
    objective_confidence_changes_free(m->confidence, m->n_confidence);
}

static int gather_objectives(struct cli *c, struct minutes *m, struct err *e)
{
    struct objective *v = NULL;
    size_t n = 0;
    int rc = objective_list(c->st, NULL, &v, &n, e);
    m->n_open_objectives = n;
    m->objectives = rc || !n ? NULL : xcalloc(n, sizeof *m->objectives);
    for (size_t i = 0; !rc && i < n; i++) {
        if (v[i].health == OBJECTIVE_AT_RISK || v[i].health == OBJECTIVE_OFF_TRACK) {
            m->objectives[m->n_objectives++] = v[i];
            memset(&v[i], 0, sizeof v[i]);
        }
    }
    objective_list_free(v, n);
    if (!rc)
        rc = objective_confidence_changes(c->st, m->since, m->has_standup ? m->until : NULL,
                                          &m->confidence, &m->n_confidence, e);
    return rc;
}

static const struct standup_time *time_of(const struct minutes *m, const char *dept)
{
    for (size_t i = 0; i < m->n_times; i++)
        if (str_eq(m->times[i].dept, dept))
            return &m->times[i];
    return NULL;
}

static int gather_health(struct cli *c, struct minutes *m, struct err *e)
{
    int64_t counts[4];
    int rc = project_health_counts(c->st, counts, e);
    for (int h = 0; !rc && h < 4; h++)
        m->health[h] = (int)counts[h];
    /* dependencies that cross departments, on a project at risk */
    if (!rc)
        rc = project_risky_dependencies(c->st, &m->deps, &m->n_deps, e);
    if (rc)
        return rc;
    struct indicator *iv = NULL;
    size_t ni = 0;
    rc = indicator_list(c->st, NULL, &iv, &ni, e);
    for (size_t i = 0; !rc && i < ni; i++)
        if (iv[i].status == HEALTH_RED) {
            m->red = xrealloc(m->red, (m->n_red + 1) * sizeof *m->red);
            m->red_names = xrealloc(m->red_names, (m->n_red + 1) * sizeof *m->red_names);
            m->red_names[m->n_red] = xstrdup(iv[i].name);
            m->red[m->n_red++] = xstrdup(iv[i].key);
        }
    indicator_list_free(iv, ni);
    return rc;
}

/* su_id 0: the report (now, since the last stand-up, no entries). */
static int gather(struct cli *c, int64_t su_id, struct minutes *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    int rc = 0;
    char since[32];
    if (su_id) {
        rc = standup_get(c->st, su_id, &m->su, e);
        if (rc)
            return rc;
        m->has_standup = true;
        if (m->su.ended_at)
            snprintf(m->until, sizeof m->until, "%s", m->su.ended_at);
        else
            time_fmt_iso(time_now(), m->until);
        snprintf(since, sizeof since, "%s", m->su.since ? m->su.since : m->su.started_at);
        rc = standup_entries(c->st, su_id, &m->entries, &m->n_entries, e);
        if (!rc)
            rc = standup_times(c->st, su_id, &m->times, &m->n_times, e);
    } else {
        btime now = time_now();
        time_fmt_iso(now, m->until);
        rc = standup_since(c->st, now, since, e);
        /* a day before now when no stand-up ended yet: say so */
        struct standup *v = NULL;
        size_t n = 0;
        if (!rc)
            rc = standup_list(c->st, 0, &v, &n, e);
        for (size_t i = 0; !rc && i < n; i++)
            if (str_eq(v[i].ended_at, since))
                m->since_standup = true;
        standup_list_free(v, n);
    }
    snprintf(m->since, sizeof m->since, "%s", since);
    char **walk = NULL;
    size_t n_walk = 0;
    if (!rc)
        rc = standup_walk(c->st, (const char *const *)c->cfg.standup_order,
                          c->cfg.n_standup_order, &walk, &n_walk, e);
    if (!rc) {
        m->pages = xcalloc(n_walk + 1, sizeof *m->pages);
        for (size_t i = 0; !rc && i < n_walk; i++) {
            rc = standup_page_load(c->st, su_id, walk[i], since, m->until, &m->pages[i], e);
            if (!rc)
                m->n_pages++;
        }
    }
    standup_keys_free(walk, n_walk);
    if (!rc)
        rc = changes_since(c->st, NULL, since, m->until, &m->all, &m->n_all, e);
    if (!rc)
        rc = gather_health(c, m, e);
    if (!rc)
        rc = gather_objectives(c, m, e);
    /* the window's figures only for the full minutes' section */
    struct flow_query fq = {.now_only = !(cli_flag(c, "full") && c->format != OUT_JSON),
                            .no_aging = true};
    if (!rc)
        rc = flow_compute(c->st, &fq, &m->flow, e);
    if (rc)
        minutes_fini(m);
    return rc;
}

/* ---- small formats ---- */

static void fmt_duration(int64_t s, char out[32])
{
    if (s < 0)
        s = 0;
    if (s >= 3600)
        snprintf(out, 32, "%lldh %02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s >= 60)
        snprintf(out, 32, "%lldm %02llds", (long long)(s / 60), (long long)(s % 60));
    else
        snprintf(out, 32, "%llds", (long long)s);
}

static int64_t seconds_between(const char *a, const char *b)
{
    btime ta, tb;
    if (!a || !b || !time_parse(a, &ta) || !time_parse(b, &tb))
        return 0;
    return tb - ta;
}

/* Minutes and reports speak the organisation's time: what parts of iso
 * show (TF_*), in its zone. */
static void org_time_of(const char *iso, unsigned what, char out[TIME_SHOW_MAX])
{
    btime t;
    if (iso && time_parse(iso, &t))
        time_fmt_zone(time_org_zone(), t, what, out);
    else
        snprintf(out, TIME_SHOW_MAX, "-");
}

static const char *age_of(const char *iso, char buf[16])
{
    btime t;
    if (!iso || !time_parse(iso, &t))
        return "-";
    btime d = time_now() - t;
    time_fmt_age(d < 0 ? 0 : d, buf);
    return buf;
}

/* Markdown text on one line: line breaks become spaces, and characters
 * Markdown would read as markup are escaped. */
static void md_text(struct strbuf *sb, const char *s)
{
    struct strbuf tmp;
    sb_init(&tmp);
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t')
            sb_addc(&tmp, ' ');
        else if (strchr("\\`*_[]<>#|", *p))
            sb_addf(&tmp, "\\%c", *p);
        else
            sb_addc(&tmp, *p);
    }
    /* Control characters, C1 and bidi controls shown as the table shows
     * them; bytes that are not UTF-8 as U+FFFD. */
    utf8_sanitize_to(sb, sb_str(&tmp), tmp.len, false, 0);
    sb_fini(&tmp);
}

static void md_action(struct strbuf *sb, const struct standup_entry *x, bool tag)
{
    sb_addf(sb, "- [%c] ", x->done ? 'x' : ' ');
    md_text(sb, x->text);
    bool owner = !str_empty(x->owner), due = !str_empty(x->due);
    if (owner || due) {
        sb_add(sb, " (");
        if (owner) {
            sb_add(sb, "@");
            md_text(sb, x->owner);
        }
        char when[32];
        if (due)
            sb_addf(sb, "%sdue %s", owner ? ", " : "", time_human(x->due, when));
        sb_add(sb, ")");
    }
    if (tag && x->department)
        sb_addf(sb, " — %s", x->department);
    sb_addc(sb, '\n');
}

/* "Declined", "Escalated": a change's kind as the start of a line. */
static void md_kind(struct strbuf *sb, enum change_kind k)
{
    const char *name = change_kind_name(k);
    if (CHANGE_IS_PROJECT(k) || k == CHANGE_BLOCKER_SEVERITY || k == CHANGE_BLOCKER_OWNER ||
        k == CHANGE_BLOCKER_WAITING_ON) {
        sb_addc(sb, (char)(name[0] - 'a' + 'A'));
        sb_add(sb, name + 1);
        sb_add(sb, " of");
        return;
    }
    sb_addc(sb, (char)(name[0] - 'a' + 'A'));
    sb_add(sb, name + 1);
}

static void md_change(struct strbuf *sb, const struct change *x)
{
    sb_add(sb, "- ");
    if (x->kind == CHANGE_INDICATOR_CROSSED) {
        md_text(sb, x->title);
        sb_add(sb, " crossed");
    } else {
        md_kind(sb, x->kind);
        sb_add(sb, " ");
        md_text(sb, x->key);
        sb_add(sb, " ");
        md_text(sb, x->title);
    }
    struct strbuf t;
    sb_init(&t);
    standup_change_detail(x, false, time_org_zone(), &t);
    if (t.len) {
        sb_add(sb, " ");
        md_text(sb, sb_str(&t));
    }
    sb_clear(&t);
    standup_change_now(x, &t);
    sb_add(sb, " — ");
    md_text(sb, sb_str(&t));
    sb_fini(&t);
    char when[32];
    sb_add(sb, " (");
    if (x->actor) {
        md_text(sb, x->actor);
        sb_add(sb, ", ");
    }
    sb_addf(sb, "%s)\n", time_human(x->at, when));
}

static void md_blocker(struct strbuf *sb, const struct blocker *b, bool ours)
{
    char age[16];
    sb_add(sb, "- ");
    if (b->severity)
        sb_addf(sb, "S%d ", b->severity);
    else
        sb_add(sb, "S? ");
    md_text(sb, b->key);
    sb_add(sb, " ");
    md_text(sb, b->title);
    sb_add(sb, " — ");
    if (ours) {
        sb_add(sb, "waiting on ");
        md_text(sb, b->waiting_on ? b->waiting_on : "no one yet");
    } else {
        sb_add(sb, "for ");
        md_text(sb, b->project);
    }
    sb_addf(sb, ", %s, %s", blocker_state_name(b->state), age_of(b->raised_at, age));
    if (b->breached)
        sb_add(sb, ", **SLA breached**");
    if (b->escalation_level > 0)
        sb_addf(sb, ", escalated (level %d)", b->escalation_level);
    sb_addc(sb, '\n');
}

static void md_entries(struct strbuf *sb, const struct minutes *m, const char *dept,
                       enum standup_kind kind, const char *heading)
{
    bool any = false;
    for (size_t i = 0; i < m->n_entries; i++) {
        const struct standup_entry *x = &m->entries[i];
        if (x->kind != kind || !str_eq(x->department, dept))
            continue;
        if (!any)
            sb_addf(sb, "\n%s\n\n", heading);
        any = true;
        if (kind == ENTRY_ACTION) {
            md_action(sb, x, false);
        } else {
            sb_add(sb, "- ");
            md_text(sb, x->text);
            sb_add(sb, " (");
            md_text(sb, x->created_by);
            sb_add(sb, ")\n");
        }
    }
}

/* What the full minutes have told already, so that a blocker or a change
 * seen by two departments (ours, waiting on theirs) is told once. */
struct told {
    char **keys;
    size_t n;
};

static bool told_has(const struct told *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (str_eq(t->keys[i], key))
            return true;
    return false;
}

/* Records key as told (once); true when it was new. */
static bool told_add(struct told *t, const char *key)
{
    if (told_has(t, key))
        return false;
    t->keys = xrealloc(t->keys, (t->n + 1) * sizeof *t->keys);
    t->keys[t->n++] = xstrdup(key);
    return true;
}

static void told_fini(struct told *t)
{
    standup_keys_free(t->keys, t->n);
    memset(t, 0, sizeof *t);
}

/* A change's identity: kind, key and time. */
static char *change_id(const struct change *x)
{
    return xasprintf("%d %s %s", (int)x->kind, x->key ? x->key : "", x->at ? x->at : "");
}

static void md_blockers(struct strbuf *sb, const struct blocker *v, size_t n, size_t total,
                        bool ours, struct told *told)
{
    size_t shown = 0;
    struct strbuf again;
    sb_init(&again);
    for (size_t i = 0; i < n; i++) {
        if (told_add(told, v[i].key)) {
            md_blocker(sb, &v[i], ours);
            shown++;
        } else {
            sb_add(&again, again.len ? ", " : "");
            md_text(&again, v[i].key);
        }
    }
    if (again.len)
        sb_addf(sb, "- also %s, told above\n", sb_str(&again));
    else if (!shown)
        sb_add(sb, "- none\n");
    if (total > n)
        sb_addf(sb, "- ... and %zu more, less urgent\n", total - n);
    sb_fini(&again);
}

static void md_time_spent(struct strbuf *sb, const struct minutes *m, const char *dept,
                          int timebox)
{
    const struct standup_time *t = time_of(m, dept);
    char d[32], box[32];
    fmt_duration(t ? t->seconds : 0, d);
    fmt_duration(timebox, box);
    if (t && t->skipped)
        sb_addf(sb, "skipped (%s)", d);
    else if (!t)
        sb_add(sb, "not reached");
    else
        sb_addf(sb, "%s of %s%s", d, box, t->seconds > timebox ? " (over)" : "");
}

static void md_department(struct strbuf *sb, const struct minutes *m,
                          const struct standup_page *p, int timebox, struct told *told,
                          struct told *told_changes)
{
    sb_add(sb, "\n### ");
    md_text(sb, p->dept);
    sb_add(sb, " — ");
    md_text(sb, p->name);
    sb_addc(sb, '\n');
    if (m->has_standup) {
        sb_add(sb, "\nTime: ");
        md_time_spent(sb, m, p->dept, timebox);
        sb_add(sb, ".\n");
    }
    sb_add(sb, "\n#### What changed\n\n");
    size_t shown = 0, before = 0;
    for (size_t i = 0; i < p->n_changes; i++) {
        char *id = change_id(&p->changes[i]);
        if (told_add(told_changes, id)) {
            md_change(sb, &p->changes[i]);
            shown++;
        } else {
            before++;
        }
        free(id);
    }
    if (before)
        sb_addf(sb, "- %zu more change%s, told above\n", before, before == 1 ? "" : "s");
    else if (!shown)
        sb_add(sb, "- none\n");
    size_t we = p->total_we_wait > p->n_we_wait ? p->total_we_wait : p->n_we_wait;
    size_t they = p->total_they_wait > p->n_they_wait ? p->total_they_wait : p->n_they_wait;
    sb_addf(sb, "\n#### Blockers\n\nWe wait on others (%zu):\n\n", we);
    md_blockers(sb, p->we_wait, p->n_we_wait, we, true, told);
    sb_addf(sb, "\nOthers wait on us (%zu):\n\n", they);
    md_blockers(sb, p->they_wait, p->n_they_wait, they, false, told);
    if (p->n_at_risk) {
        sb_add(sb, "\n#### Projects at risk\n\n");
        for (size_t i = 0; i < p->n_at_risk; i++) {
            const struct project *x = &p->at_risk[i];
            sb_add(sb, "- ");
            md_text(sb, x->key);
            sb_add(sb, " ");
            md_text(sb, x->title);
            sb_addf(sb, " — %s, %d%%", health_name(x->health), x->progress);
            if (p->why && !str_empty(p->why[i])) {
                sb_add(sb, ": ");
                md_text(sb, p->why[i]);
            }
            sb_addc(sb, '\n');
        }
        if (p->total_at_risk > p->n_at_risk)
            sb_addf(sb, "- ... and %zu more, due later or less at risk\n",
                    p->total_at_risk - p->n_at_risk);
    }
    if (p->n_off) {
        sb_add(sb, "\n#### Indicators off target\n\n"
                   "| Indicator | Value | Target | Status | Since last stand-up |\n"
                   "|---|---|---|---|---|\n");
        for (size_t i = 0; i < p->n_off; i++) {
            const struct standup_indicator *x = &p->off[i];
            char v[64] = "-", t[64] = "-", d[64] = "new since last stand-up";
            if (x->ind.has_value)
                indicator_format(&x->ind, x->ind.value, v, sizeof v);
            if (x->ind.has_target)
                indicator_format(&x->ind, x->ind.target, t, sizeof t);
            if (x->ind.has_value && x->has_since && !x->fresh)
                snprintf(d, sizeof d, "no new reading");
            else if (x->ind.has_value && x->has_since)
                indicator_format_delta(&x->ind, x->ind.value - x->since_value, d, sizeof d);
            sb_add(sb, "| ");
            out_md_cell(sb, x->ind.name);
            sb_add(sb, " | ");
            out_md_cell(sb, v);
            sb_add(sb, " | ");
            out_md_cell(sb, t);
            sb_addf(sb, " | %s | ", health_name(x->ind.status));
            out_md_cell(sb, d);
            sb_add(sb, " |\n");
        }
        if (p->total_off > p->n_off)
            sb_addf(sb, "\n... and %zu more off target: `baton indicator list --dept %s`\n",
                    p->total_off - p->n_off, p->dept);
    }
    md_entries(sb, m, p->dept, ENTRY_NOTE, "#### Notes");
    md_entries(sb, m, p->dept, ENTRY_DECISION, "#### Decisions");
    md_entries(sb, m, p->dept, ENTRY_ACTION, "#### Actions");
    md_entries(sb, m, p->dept, ENTRY_PARKING, "#### Parking lot");
}

/* The brief's line for a department: what moved (its changes by kind)
 * and what is stuck (open blockers, breached, projects at risk). */
static void md_dept_row(struct strbuf *sb, const struct minutes *m, const struct standup_page *p,
                        int timebox)
{
    sb_add(sb, "| ");
    out_md_cell(sb, p->dept);
    sb_add(sb, " ");
    out_md_cell(sb, p->name);
    sb_add(sb, " | ");
    if (m->has_standup) {
        md_time_spent(sb, m, p->dept, timebox);
        sb_add(sb, " | ");
    }
    int counts[CHANGE_KIND_COUNT];
    changes_count(p->changes, p->n_changes, counts);
    struct strbuf moved;
    sb_init(&moved);
    for (int k = 0; k < CHANGE_KIND_COUNT; k++) {
        if (!counts[k])
            continue;
        enum change_kind kind = (enum change_kind)k;
        int n = counts[k];
        bool field = CHANGE_IS_PROJECT(kind) ||
                     (kind >= CHANGE_BLOCKER_SEVERITY && kind <= CHANGE_BLOCKER_WAITING_ON);
        sb_addf(&moved, "%s%d ", moved.len ? ", " : "", n);
        /* "1 project status change", "2 indicators crossed", "3 raised" */
        if (kind == CHANGE_INDICATOR_CROSSED)
            sb_addf(&moved, "%s %s", view_plural(n, "indicator", "indicators"),
                    change_kind_name(kind));
        else if (field)
            sb_addf(&moved, "%s%s %s", CHANGE_IS_PROJECT(kind) ? "project " : "",
                    change_kind_name(kind), view_plural(n, "change", "changes"));
        else
            sb_add(&moved, change_kind_name(kind));
    }
    out_md_cell(sb, moved.len ? sb_str(&moved) : "nothing");
    sb_fini(&moved);
    sb_add(sb, " | ");
    size_t we = p->total_we_wait > p->n_we_wait ? p->total_we_wait : p->n_we_wait;
    size_t they = p->total_they_wait > p->n_they_wait ? p->total_they_wait : p->n_they_wait;
    size_t breached = 0, risk = p->total_at_risk > p->n_at_risk ? p->total_at_risk : p->n_at_risk;
    for (size_t i = 0; i < p->n_we_wait; i++)
        breached += p->we_wait[i].breached;
    for (size_t i = 0; i < p->n_they_wait; i++)
        breached += p->they_wait[i].breached;
    struct strbuf stuck;
    sb_init(&stuck);
    sb_addf(&stuck, "%zu open %s", we + they, view_plural((long long)(we + they), "blocker", "blockers"));
    if (breached)
        sb_addf(&stuck, " (%zu past SLA)", breached);
    if (risk) {
        sb_addf(&stuck, "; at risk:");
        for (size_t i = 0; i < p->n_at_risk && i < 4; i++)
            sb_addf(&stuck, "%s %s", i ? "," : "", p->at_risk[i].key);
        if (risk > 4)
            sb_addf(&stuck, " and %zu more", risk - 4);
    }
    out_md_cell(sb, sb_str(&stuck));
    sb_fini(&stuck);
    sb_add(sb, " |\n");
}

static void md_tagged(struct strbuf *sb, const struct minutes *m, enum standup_kind kind)
{
    bool any = false;
    for (size_t i = 0; i < m->n_entries; i++) {
        const struct standup_entry *x = &m->entries[i];
        if (x->kind != kind)
            continue;
        any = true;
        if (kind == ENTRY_ACTION) {
            md_action(sb, x, true);
            continue;
        }
        sb_add(sb, "- ");
        if (x->department)
            sb_addf(sb, "**%s**: ", x->department);
        md_text(sb, x->text);
        sb_addc(sb, '\n');
    }
    if (!any)
        sb_add(sb, "- none\n");
}

/* The bottom line in one sentence: projects by health and at risk,
 * blockers by what happened to them, indicators in red by name. */
static void md_bottom_line(struct strbuf *sb, const struct minutes *m)
{
    int counts[CHANGE_KIND_COUNT];
    changes_count(m->all, m->n_all, counts);
    char blockers[256];
    changes_blocker_summary(counts, blockers, sizeof blockers);
    size_t risk = 0;
    for (size_t i = 0; i < m->n_pages; i++)
        risk += m->pages[i].total_at_risk > m->pages[i].n_at_risk ? m->pages[i].total_at_risk
                                                                  : m->pages[i].n_at_risk;
    sb_addf(sb, "%zu project%s at risk (%d red, %d amber; %d green); blockers: %s; ", risk,
            risk == 1 ? "" : "s", m->health[HEALTH_RED], m->health[HEALTH_AMBER],
            m->health[HEALTH_GREEN], blockers);
    if (!m->n_red) {
        sb_add(sb, "no indicator in red.\n");
        return;
    }
    sb_addf(sb, "indicator%s in red: ", m->n_red == 1 ? "" : "s");
    for (size_t i = 0; i < m->n_red; i++) {
        sb_add(sb, i ? ", " : "");
        md_text(sb, m->red_names[i]);
    }
    sb_add(sb, ".\n");
}

/* "KEY Title" of an objective, for a line of prose. */
static void md_objective(struct strbuf *sb, const char *key, const char *title)
{
    md_text(sb, key);
    sb_add(sb, " ");
    md_text(sb, title);
}

/* Those of the given health, "Off track: A Title, B Title." (after a
 * blank when the line holds something already). */
static void md_objectives_of(struct strbuf *sb, const struct minutes *m, enum objective_health h,
                             const char *label, bool *any)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_objectives; i++) {
        if (m->objectives[i].health != h)
            continue;
        if (!n++)
            sb_addf(sb, "%s%s", *any ? " " : "", label);
        else
            sb_add(sb, ", ");
        md_objective(sb, m->objectives[i].key, m->objectives[i].title);
        *any = true;
    }
    if (n)
        sb_add(sb, ".");
}

/* The objectives' part: in the brief, a line of those at risk or off
 * track and a line of confidence changes; with full, one line each, with
 * progress, confidence and the check-ins' notes. Left out for an
 * organisation without open objectives. */
static void md_objectives(struct strbuf *sb, const struct minutes *m, bool full)
{
    if (!m->n_open_objectives)
        return;
    sb_add(sb, "\n## Objectives\n\n");
    const char *since = m->has_standup || m->since_standup ? "since the last stand-up"
                                                           : "in the last day";
    if (!full) {
        bool any = false;
        if (!m->n_objectives)
            sb_addf(sb, "All %zu open objectives are on track or not yet measured.",
                    m->n_open_objectives);
        md_objectives_of(sb, m, OBJECTIVE_OFF_TRACK, "Off track: ", &any);
        md_objectives_of(sb, m, OBJECTIVE_AT_RISK, "At risk: ", &any);
        sb_add(sb, "\n\n");
        if (!m->n_confidence) {
            sb_addf(sb, "No confidence check-in %s.\n", since);
            return;
        }
        sb_addf(sb, "Confidence %s: ", since);
        for (size_t i = 0; i < m->n_confidence; i++) {
            const struct objective_confidence_change *x = &m->confidence[i];
            sb_add(sb, i ? ", " : "");
            md_text(sb, x->key);
            if (x->before)
                sb_addf(sb, " %d→%d", x->before, x->after);
            else
                sb_addf(sb, " %d (first)", x->after);
        }
        sb_add(sb, ".\n");
        return;
    }
    sb_add(sb, "At risk or off track:\n\n");
    if (!m->n_objectives)
        sb_add(sb, "- none\n");
    for (size_t i = 0; i < m->n_objectives; i++) {
        const struct objective *o = &m->objectives[i];
        sb_add(sb, "- ");
        md_objective(sb, o->key, o->title);
        sb_addf(sb, " (%s, %s): %s", o->department ? o->department : "company", o->period,
                objective_health_name(o->health));
        if (o->progress >= 0)
            sb_addf(sb, ", %ld%% done", lround(o->progress * 100));
        if (o->confidence)
            sb_addf(sb, ", confidence %d/10", o->confidence);
        sb_add(sb, "\n");
    }
    sb_addf(sb, "\nConfidence %s:\n\n", since);
    if (!m->n_confidence)
        sb_add(sb, "- none\n");
    for (size_t i = 0; i < m->n_confidence; i++) {
        const struct objective_confidence_change *x = &m->confidence[i];
        char when[TIME_SHOW_MAX];
        org_time_of(x->at, TF_DATE | TF_HM, when);
        sb_add(sb, "- ");
        md_objective(sb, x->key, x->title);
        if (x->before)
            sb_addf(sb, ": %d → %d/10, ", x->before, x->after);
        else
            sb_addf(sb, ": %d/10 (first check-in), ", x->after);
        md_text(sb, x->who);
        sb_addf(sb, " %s", when);
        if (!str_empty(x->note)) {
            sb_add(sb, ": ");
            md_text(sb, x->note);
        }
        sb_add(sb, "\n");
    }
}

static void write_md(struct strbuf *sb, const struct minutes *m, int timebox, bool full)
{
    char when[32];
    if (m->has_standup) {
        char day[32], from[TIME_SHOW_MAX], to[TIME_SHOW_MAX], zone[TIME_SHOW_MAX], dur[32];
        org_time_of(m->su.started_at, TF_HM, from);
        org_time_of(m->su.ended_at, TF_HM, to);
        org_time_of(m->su.ended_at ? m->su.ended_at : m->su.started_at, TF_ZONE, zone);
        fmt_duration(seconds_between(m->su.started_at, m->until), dur);
        /* dated the organisation's day it started */
        char date[16] = "";
        btime started;
        if (m->su.started_at && time_parse(m->su.started_at, &started))
            time_org_date(started, date);
        sb_addf(sb, "# Stand-up %s %.4s\n\n", time_human(date, day), date);
        sb_add(sb, "Facilitator: ");
        md_text(sb, m->su.facilitator);
        sb_addf(sb, " · %s–%s %s · %s%s · changes since %s\n", from,
                m->su.ended_at ? to : "…", zone, dur, m->su.ended_at ? "" : " (still running)",
                time_human(m->su.since ? m->su.since : m->su.started_at, when));
    } else {
        char now[32];
        time_fmt_iso(time_now(), now);
        sb_addf(sb, "# Report %s\n\n", time_human(now, when));
        sb_addf(sb, "Changes since %s %s\n", time_human(m->since, when),
                m->since_standup ? "(the last stand-up)" : "(no stand-up yet)");
    }
    sb_add(sb, "\n## Bottom line\n\n");
    md_bottom_line(sb, m);
    cli_flow_md(sb, &m->flow);
    if (m->has_standup) {
        sb_add(sb, "\n## Decisions\n\n");
        md_tagged(sb, m, ENTRY_DECISION);
        sb_add(sb, "\n## Action items\n\n");
        md_tagged(sb, m, ENTRY_ACTION);
    }
    md_objectives(sb, m, full);
    sb_add(sb, "\n## Escalations\n\n");
    bool any = false;
    for (size_t i = 0; i < m->n_all; i++)
        if (m->all[i].kind == CHANGE_BLOCKER_ESCALATED) {
            md_change(sb, &m->all[i]);
            any = true;
        }
    if (!any)
        sb_add(sb, "- none\n");
    sb_add(sb, "\n## Departments\n\n");
    sb_add(sb, m->has_standup ? "| Department | Time | What moved | What is stuck |\n|---|---|---|---|\n"
                              : "| Department | What moved | What is stuck |\n|---|---|---|\n");
    bool between = false;
    for (size_t i = 0; i < m->n_pages; i++) {
        md_dept_row(sb, m, &m->pages[i], timebox);
        between = between || m->pages[i].n_they_wait || m->pages[i].total_they_wait;
    }
    /* the rows do not add up to the bottom line: say why */
    if (between)
        sb_add(sb, "\nA blocker between two departments counts in both rows: the one whose project"
                   " it blocks and the one it waits on.\n");
    if (m->has_standup) {
        sb_add(sb, "\n## Parking lot\n\n");
        md_tagged(sb, m, ENTRY_PARKING);
    }
    if (!full) {
        sb_addf(sb, "\nCross-department dependencies at risk: %zu. Every verdict, blocker and"
                    " indicator by department: `baton %s --full`.\n",
                m->n_deps, m->has_standup ? "standup export" : "report");
        return;
    }
    sb_add(sb, "\n## Detail by department\n");
    struct told told = {0}, told_changes = {0};
    for (size_t i = 0; i < m->n_pages; i++)
        md_department(sb, m, &m->pages[i], timebox, &told, &told_changes);
    told_fini(&told);
    told_fini(&told_changes);
    sb_add(sb, "\n## Cross-department dependencies at risk\n\n");
    if (!m->n_deps)
        sb_add(sb, "- none\n");
    for (size_t i = 0; i < m->n_deps; i++) {
        const struct project_dep_risk *d = &m->deps[i];
        sb_add(sb, "- ");
        md_text(sb, d->project);
        sb_add(sb, " ");
        md_text(sb, d->title);
        sb_addf(sb, " (%s) depends on ", d->dept);
        md_text(sb, d->on);
        sb_add(sb, " ");
        md_text(sb, d->on_title);
        sb_addf(sb, " (%s), %s\n", d->on_dept, health_name(d->on_health));
    }
    cli_flow_md_departments(sb, &m->flow);
}

/* ---- JSON ---- */

static void js_key(struct strbuf *sb, bool *first, const char *key)
{
    if (!*first)
        sb_addc(sb, ',');
    *first = false;
    out_json_string(sb, key);
    sb_addc(sb, ':');
}

static void js_str(struct strbuf *sb, bool *first, const char *key, const char *v)
{
    js_key(sb, first, key);
    out_json_string(sb, v);
}

static void js_int(struct strbuf *sb, bool *first, const char *key, long long v)
{
    js_key(sb, first, key);
    sb_addf(sb, "%lld", v);
}

/* A number (as out_fmt_double writes it), or null when there is none. */
static void js_num(struct strbuf *sb, bool *first, const char *key, bool has, double v)
{
    js_key(sb, first, key);
    char buf[40];
    if (has)
        out_fmt_double(v, buf);
    sb_add(sb, has ? buf : "null");
}

/* A whole number, or null when there is none. */
static void js_int_or_null(struct strbuf *sb, bool *first, const char *key, bool has, long long v)
{
    if (has) {
        js_int(sb, first, key, v);
    } else {
        js_key(sb, first, key);
        sb_add(sb, "null");
    }
}

static void js_bool(struct strbuf *sb, bool *first, const char *key, bool v)
{
    js_key(sb, first, key);
    sb_add(sb, v ? "true" : "false");
}

static void js_entry(struct strbuf *sb, const struct standup_entry *x)
{
    bool f = true;
    sb_addc(sb, '{');
    js_str(sb, &f, "kind", standup_kind_name(x->kind));
    js_str(sb, &f, "department", x->department);
    js_str(sb, &f, "text", x->text);
    if (x->kind == ENTRY_ACTION) {
        js_str(sb, &f, "owner", x->owner);
        js_str(sb, &f, "due", x->due);
        js_bool(sb, &f, "done", x->done);
    }
    js_str(sb, &f, "by", x->created_by);
    js_str(sb, &f, "at", x->created_at);
    sb_addc(sb, '}');
}

static void js_entries(struct strbuf *sb, bool *first, const char *key, const struct minutes *m,
                       enum standup_kind kind, const char *dept, bool any_dept)
{
    js_key(sb, first, key);
    sb_addc(sb, '[');
    bool f = true;
    for (size_t i = 0; i < m->n_entries; i++) {
        const struct standup_entry *x = &m->entries[i];
        if (x->kind != kind || (!any_dept && !str_eq(x->department, dept)))
            continue;
        if (!f)
            sb_addc(sb, ',');
        f = false;
        js_entry(sb, x);
    }
    sb_addc(sb, ']');
}

/* JSON speaks in identifiers rather than words. */
static const char *const change_json_names[CHANGE_KIND_COUNT] = {
    [CHANGE_BLOCKER_NEW] = "blocker_new",
    [CHANGE_BLOCKER_ESCALATED] = "blocker_escalated",
    [CHANGE_BLOCKER_ACCEPTED] = "blocker_accepted",
    [CHANGE_BLOCKER_STARTED] = "blocker_started",
    [CHANGE_BLOCKER_DECLINED] = "blocker_declined",
    [CHANGE_BLOCKER_DUPLICATE] = "blocker_duplicate",
    [CHANGE_BLOCKER_SNOOZED] = "blocker_snoozed",
    [CHANGE_BLOCKER_WOKEN] = "blocker_woken",
    [CHANGE_BLOCKER_REOPENED] = "blocker_reopened",
    [CHANGE_BLOCKER_RESOLVED] = "blocker_resolved",
    [CHANGE_BLOCKER_UNDONE] = "blocker_undone",
    [CHANGE_BLOCKER_SEVERITY] = "blocker_severity",
    [CHANGE_BLOCKER_OWNER] = "blocker_owner",
    [CHANGE_BLOCKER_WAITING_ON] = "blocker_waiting_on",
    [CHANGE_PROJECT_STATUS] = "project_status",
    [CHANGE_PROJECT_HEALTH] = "project_health",
    [CHANGE_PROJECT_DUE] = "project_due",
    [CHANGE_PROJECT_PROGRESS] = "project_progress",
    [CHANGE_INDICATOR_CROSSED] = "indicator_crossed",
};

static void js_change(struct strbuf *sb, const struct change *x)
{
    bool f = true;
    sb_addc(sb, '{');
    js_str(sb, &f, "kind", change_json_names[x->kind]);
    js_str(sb, &f, "key", x->key);
    js_str(sb, &f, "title", x->title);
    js_str(sb, &f, "at", x->at);
    js_str(sb, &f, "actor", x->actor);
    js_str(sb, &f, "old", x->old_value);
    js_str(sb, &f, "new", x->new_value);
    if (x->kind == CHANGE_BLOCKER_ESCALATED)
        js_str(sb, &f, "to_name", x->to_name);
    if (x->detail)
        js_str(sb, &f, "detail", x->detail);
    if (CHANGE_IS_BLOCKER(x->kind)) {
        js_str(sb, &f, "state_now", blocker_state_name(x->now_state));
        js_int(sb, &f, "severity_now", x->severity);
    } else if (CHANGE_IS_PROJECT(x->kind)) {
        js_str(sb, &f, "status_now", project_status_name(x->now_status));
        js_str(sb, &f, "health_now", health_name(x->now_health));
    }
    if (x->kind == CHANGE_INDICATOR_CROSSED || x->kind == CHANGE_PROJECT_HEALTH) {
        js_str(sb, &f, "old_status", health_name(x->old_health));
        js_str(sb, &f, "new_status", health_name(x->new_health));
    }
    sb_addc(sb, '}');
}

static void js_blockers(struct strbuf *sb, bool *first, const char *key, const struct blocker *v,
                        size_t n)
{
    js_key(sb, first, key);
    sb_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        bool f = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &f, "key", v[i].key);
        js_str(sb, &f, "title", v[i].title);
        js_str(sb, &f, "project", v[i].project);
        js_str(sb, &f, "waiting_on", v[i].waiting_on);
        js_str(sb, &f, "state", blocker_state_name(v[i].state));
        js_int(sb, &f, "severity", v[i].severity);
        js_str(sb, &f, "raised_at", v[i].raised_at);
        js_bool(sb, &f, "breached", v[i].breached);
        js_int(sb, &f, "escalation_level", v[i].escalation_level);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

static void js_department(struct strbuf *sb, const struct minutes *m,
                          const struct standup_page *p)
{
    bool f = true;
    sb_addc(sb, '{');
    js_str(sb, &f, "key", p->dept);
    js_str(sb, &f, "name", p->name);
    if (m->has_standup) {
        const struct standup_time *t = time_of(m, p->dept);
        js_int(sb, &f, "seconds", t ? t->seconds : 0);
        js_bool(sb, &f, "skipped", t && t->skipped);
        js_bool(sb, &f, "reached", t != NULL);
    }
    js_key(sb, &f, "changes");
    sb_addc(sb, '[');
    for (size_t i = 0; i < p->n_changes; i++) {
        if (i)
            sb_addc(sb, ',');
        js_change(sb, &p->changes[i]);
    }
    sb_addc(sb, ']');
    js_blockers(sb, &f, "we_wait_on_others", p->we_wait, p->n_we_wait);
    js_blockers(sb, &f, "others_wait_on_us", p->they_wait, p->n_they_wait);
    js_key(sb, &f, "projects_at_risk");
    sb_addc(sb, '[');
    for (size_t i = 0; i < p->n_at_risk; i++) {
        bool g = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &g, "key", p->at_risk[i].key);
        js_str(sb, &g, "title", p->at_risk[i].title);
        js_str(sb, &g, "health", health_name(p->at_risk[i].health));
        js_int(sb, &g, "progress", p->at_risk[i].progress);
        js_str(sb, &g, "due", p->at_risk[i].due);
        js_str(sb, &g, "why", p->why ? p->why[i] : NULL);
        js_bool(sb, &g, "overdue", p->at_risk[i].overdue);
        js_bool(sb, &g, "dependency_at_risk", p->at_risk[i].dep_at_risk);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
    js_key(sb, &f, "indicators_off_target");
    sb_addc(sb, '[');
    for (size_t i = 0; i < p->n_off; i++) {
        const struct standup_indicator *x = &p->off[i];
        bool g = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &g, "key", x->ind.key);
        js_str(sb, &g, "name", x->ind.name);
        js_num(sb, &g, "value", x->ind.has_value, x->ind.value);
        js_num(sb, &g, "target", x->ind.has_target, x->ind.target);
        js_str(sb, &g, "status", health_name(x->ind.status));
        js_bool(sb, &g, "new_reading", x->fresh);
        js_num(sb, &g, "change", x->ind.has_value && x->has_since && x->fresh,
               x->ind.value - x->since_value);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
    if (m->has_standup) {
        js_entries(sb, &f, "notes", m, ENTRY_NOTE, p->dept, false);
        js_entries(sb, &f, "decisions", m, ENTRY_DECISION, p->dept, false);
        js_entries(sb, &f, "actions", m, ENTRY_ACTION, p->dept, false);
        js_entries(sb, &f, "parking_lot", m, ENTRY_PARKING, p->dept, false);
    }
    sb_addc(sb, '}');
}

/* "objectives": {"open", "at_risk": [...], "confidence_changes": [...]};
 * left out, as in Markdown, by an organisation without open objectives. */
static void js_objectives(struct strbuf *sb, bool *f, const struct minutes *m)
{
    if (!m->n_open_objectives)
        return;
    js_key(sb, f, "objectives");
    bool g = true;
    sb_addc(sb, '{');
    js_int(sb, &g, "open", (long long)m->n_open_objectives);
    js_key(sb, &g, "at_risk");
    sb_addc(sb, '[');
    for (size_t i = 0; i < m->n_objectives; i++) {
        const struct objective *o = &m->objectives[i];
        bool h = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &h, "key", o->key);
        js_str(sb, &h, "title", o->title);
        js_str(sb, &h, "department", o->department);
        js_str(sb, &h, "period", o->period);
        js_str(sb, &h, "health", objective_health_key(o->health));
        js_int_or_null(sb, &h, "progress", o->progress >= 0, lround(o->progress * 100));
        js_int_or_null(sb, &h, "confidence", o->confidence != 0, o->confidence);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
    js_key(sb, &g, "confidence_changes");
    sb_addc(sb, '[');
    for (size_t i = 0; i < m->n_confidence; i++) {
        const struct objective_confidence_change *x = &m->confidence[i];
        bool h = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &h, "key", x->key);
        js_str(sb, &h, "title", x->title);
        js_str(sb, &h, "department", x->department);
        js_int_or_null(sb, &h, "before", x->before != 0, x->before);
        js_int(sb, &h, "after", x->after);
        js_str(sb, &h, "note", x->note);
        js_str(sb, &h, "who", x->who);
        js_str(sb, &h, "at", x->at);
        sb_addc(sb, '}');
    }
    sb_add(sb, "]}");
}

static void write_json(struct strbuf *sb, const struct minutes *m)
{
    int counts[CHANGE_KIND_COUNT];
    changes_count(m->all, m->n_all, counts);
    bool f = true;
    sb_addc(sb, '{');
    if (m->has_standup) {
        js_int(sb, &f, "id", m->su.id);
        js_str(sb, &f, "facilitator", m->su.facilitator);
        js_str(sb, &f, "since", m->su.since);
        js_str(sb, &f, "started_at", m->su.started_at);
        js_str(sb, &f, "ended_at", m->su.ended_at);
        js_int(sb, &f, "seconds", seconds_between(m->su.started_at, m->until));
    } else {
        js_str(sb, &f, "since", m->since);
        js_bool(sb, &f, "since_standup", m->since_standup);
        js_str(sb, &f, "at", m->until);
    }
    js_key(sb, &f, "bottom_line");
    {
        bool g = true;
        sb_addc(sb, '{');
        js_int(sb, &g, "projects_red", m->health[HEALTH_RED]);
        js_int(sb, &g, "projects_amber", m->health[HEALTH_AMBER]);
        js_int(sb, &g, "projects_green", m->health[HEALTH_GREEN]);
        js_int(sb, &g, "blockers_opened", counts[CHANGE_BLOCKER_NEW]);
        for (int k = CHANGE_BLOCKER_ESCALATED; k <= CHANGE_BLOCKER_UNDONE; k++) {
            char name[48];
            snprintf(name, sizeof name, "blockers_%s", change_json_names[k] + 8);
            js_int(sb, &g, name, counts[k]);
        }
        js_key(sb, &g, "indicators_red");
        sb_addc(sb, '[');
        for (size_t i = 0; i < m->n_red; i++) {
            if (i)
                sb_addc(sb, ',');
            out_json_string(sb, m->red[i]);
        }
        sb_add(sb, "]");
        js_key(sb, &g, "flow");
        cli_flow_json(sb, &m->flow);
        sb_addc(sb, '}');
    }
    if (m->has_standup) {
        js_entries(sb, &f, "decisions", m, ENTRY_DECISION, NULL, true);
        js_entries(sb, &f, "actions", m, ENTRY_ACTION, NULL, true);
    }
    js_objectives(sb, &f, m);
    js_key(sb, &f, "escalations");
    sb_addc(sb, '[');
    bool g = true;
    for (size_t i = 0; i < m->n_all; i++)
        if (m->all[i].kind == CHANGE_BLOCKER_ESCALATED) {
            if (!g)
                sb_addc(sb, ',');
            g = false;
            js_change(sb, &m->all[i]);
        }
    sb_addc(sb, ']');
    js_key(sb, &f, "departments");
    sb_addc(sb, '[');
    for (size_t i = 0; i < m->n_pages; i++) {
        if (i)
            sb_addc(sb, ',');
        js_department(sb, m, &m->pages[i]);
    }
    sb_addc(sb, ']');
    js_key(sb, &f, "dependencies_at_risk");
    sb_addc(sb, '[');
    for (size_t i = 0; i < m->n_deps; i++) {
        bool h = true;
        sb_add(sb, i ? ",{" : "{");
        js_str(sb, &h, "project", m->deps[i].project);
        js_str(sb, &h, "department", m->deps[i].dept);
        js_str(sb, &h, "depends_on", m->deps[i].on);
        js_str(sb, &h, "depends_on_department", m->deps[i].on_dept);
        js_str(sb, &h, "health", health_name(m->deps[i].on_health));
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
    if (m->has_standup) {
        js_entries(sb, &f, "parking_lot", m, ENTRY_PARKING, NULL, true);
        js_key(sb, &f, "skipped");
        sb_addc(sb, '[');
        bool h = true;
        for (size_t i = 0; i < m->n_times; i++)
            if (m->times[i].skipped) {
                if (!h)
                    sb_addc(sb, ',');
                h = false;
                out_json_string(sb, m->times[i].dept);
            }
        sb_addc(sb, ']');
    }
    sb_add(sb, "}\n");
}

/* ---- commands ---- */

static const struct out_col standup_cols[] = {
    {"id", OUT_NUM},         {"facilitator", OUT_STR}, {"started_at", OUT_TIME},
    {"ended_at", OUT_TIME},  {"seconds", OUT_NUM},     {"since", OUT_TIME},
    {"entries", OUT_NUM},
};

int cmd_standup_list(struct cli *c, struct err *e)
{
    struct standup *v = NULL;
    size_t n = 0;
    int rc = standup_list(c->st, (int)cli_opt_long(c, "limit", 0), &v, &n, e);
    if (rc)
        return rc;
    struct out o;
    out_init(&o, COLS(standup_cols));
    char now[32];
    time_fmt_iso(time_now(), now);
    for (size_t i = 0; i < n && !rc; i++) {
        struct standup_entry *x = NULL;
        size_t nx = 0;
        rc = standup_entries(c->st, v[i].id, &x, &nx, e);
        standup_entry_list_free(x, nx);
        out_row(&o);
        out_set_long(&o, 0, v[i].id);
        out_set(&o, 1, v[i].facilitator);
        out_set(&o, 2, v[i].started_at);
        out_set(&o, 3, v[i].ended_at);
        out_set_long(&o, 4, seconds_between(v[i].started_at, v[i].ended_at ? v[i].ended_at : now));
        out_set(&o, 5, v[i].since);
        out_set_long(&o, 6, (long long)nx);
    }
    if (!rc) {
        if (n || c->format != OUT_TABLE)
            cli_emit(c, &o);
        else
            fprintf(c->out, "no stand-ups yet; press S in the cockpit to start one\n");
    }
    out_fini(&o);
    standup_list_free(v, n);
    return rc;
}

static int emit_minutes(struct cli *c, int64_t id, struct err *e)
{
    struct minutes m;
    int rc = gather(c, id, &m, e);
    if (rc)
        return rc;
    struct strbuf sb;
    sb_init(&sb);
    if (c->format == OUT_JSON)
        write_json(&sb, &m);
    else
        write_md(&sb, &m, c->cfg.standup_timebox, cli_flag(c, "full"));
    fputs(sb_str(&sb), c->out);
    sb_fini(&sb);
    minutes_fini(&m);
    return 0;
}

int cmd_standup_export(struct cli *c, struct err *e)
{
    long id = cli_opt_long(c, "id", 0);
    if (id && cli_flag(c, "last"))
        return err_set(e, ERR_USAGE, "--last and --id name different stand-ups; give one");
    if (!id) {
        struct standup *v = NULL;
        size_t n = 0;
        int rc = standup_list(c->st, 1, &v, &n, e);
        if (rc)
            return rc;
        id = n ? (long)v[0].id : 0;
        standup_list_free(v, n);
        if (!id)
            return err_set(e, ERR_USAGE,
                           "no stand-up to export yet; press S in the cockpit to run one");
    }
    return emit_minutes(c, id, e);
}

static const struct out_col report_cols[] = {
    {"department", OUT_STR},    {"name", OUT_STR},
    {"changes", OUT_NUM},       {"we_wait_on_others", OUT_NUM},
    {"others_wait_on_us", OUT_NUM}, {"projects_at_risk", OUT_NUM},
    {"indicators_off_target", OUT_NUM},
};

int cmd_report(struct cli *c, struct err *e)
{
    if (c->format == OUT_JSON || c->format == OUT_MD || !c->format_set)
        return emit_minutes(c, 0, e);
    /* csv and table: one row per department */
    struct minutes m;
    int rc = gather(c, 0, &m, e);
    if (rc)
        return rc;
    struct out o;
    out_init(&o, COLS(report_cols));
    for (size_t i = 0; i < m.n_pages; i++) {
        const struct standup_page *p = &m.pages[i];
        out_row(&o);
        out_set(&o, 0, p->dept);
        out_set(&o, 1, p->name);
        out_set_long(&o, 2, (long long)p->n_changes);
        out_set_long(&o, 3, (long long)p->n_we_wait);
        out_set_long(&o, 4, (long long)p->n_they_wait);
        out_set_long(&o, 5,
                     (long long)(p->total_at_risk > p->n_at_risk ? p->total_at_risk : p->n_at_risk));
        out_set_long(&o, 6, (long long)p->n_off);
    }
    cli_emit(c, &o);
    out_fini(&o);
    minutes_fini(&m);
    return 0;
}
