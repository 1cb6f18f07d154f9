/*
 * Stand-up mode: the facilitator walks the departments one page at a
 * time; everyone else may follow. The stand-up lives in the database
 * (standup.h), never only in this process: the department on the page is
 * stored with standup_visit as the facilitator moves, time spent is
 * banked on every move and on leaving, and what is typed is written at
 * once. So Esc or quitting loses nothing, a stand-up left open is resumed
 * with S, and a follower's cockpit (another person, another terminal,
 * another size) only has to re-read the stand-up when the database's data
 * version changes: it moves when the facilitator moves, and notes typed by
 * anyone appear on every page showing that department.
 *
 * The countdown per department counts time already banked for it plus the
 * time since the page came up (for a follower: since the facilitator's
 * move, as the audit log dates it).
 */
#include <stdlib.h>
#include <string.h>

#include "baton/department.h"
#include "baton/event.h"
#include "baton/objective.h"
#include "baton/picker.h"
#include "baton/standup.h"
#include "baton/standup_view.h"
#include "baton/utf8.h"
#include "ui_internal.h"

/* The stand-up's pages are on the stack, run here or followed. */
static bool on(const struct app *a)
{
    return mode_on(a, &mode_standup) || mode_on(a, &mode_follow);
}

static bool following(const struct app *a)
{
    return mode_on(a, &mode_follow);
}

struct standup_ui {
    int64_t id; /* the stand-up on screen; 0 = none */
    struct standup su;
    bool summary; /* it ended: the summary page is shown */
    char **walk, **names;
    size_t n_walk, idx;
    btime page_since;     /* when the page came up (or the facilitator moved to it) */
    int64_t spent_before; /* seconds banked for this department earlier */
    bool skipped;
    struct standup_page page;
    bool have_page;
    struct doc doc;
    int top, doc_width;
    /* the cursor: a line of the page that lists an item (-1: none), and
     * that item, to find it again when the page is rebuilt */
    int cur;
    const char *cur_pane;
    char *cur_key;
    /* entries typed by others below the fold: the newest seen, and how
     * many newer ones the bar announces */
    int64_t seen_entry;
    int unseen;
    btime drawn_second;
    /* a running stand-up somebody else may join: the banner */
    int64_t running_id;
    char *running_by;
    bool running_idle; /* its facilitator is this login, and no cockpit drives it */
    char banner[160];
    /* t: triage narrowed to the page's department, restored after */
    bool in_triage;
    char *saved_dept;
    /* an action being typed: text, then owner, then due date */
    enum standup_kind kind;
    char *text, *owner;
    char past_due[16]; /* a due date before today, waiting for y to confirm it */
};

static struct standup_ui *sui(struct app *a)
{
    if (!a->standup)
        a->standup = xcalloc(1, sizeof *a->standup);
    return a->standup;
}

static void walk_free(struct standup_ui *s)
{
    standup_keys_free(s->walk, s->n_walk);
    standup_keys_free(s->names, s->n_walk);
    s->walk = s->names = NULL;
    s->n_walk = s->idx = 0;
}

static int load_walk(struct app *a, struct err *e)
{
    struct standup_ui *s = a->standup;
    walk_free(s);
    const struct config *cfg = a->cfg;
    int rc = standup_walk(a->st, cfg ? (const char *const *)cfg->standup_order : NULL,
                          cfg ? cfg->n_standup_order : 0, &s->walk, &s->n_walk, e);
    if (rc)
        return rc;
    s->names = xcalloc(s->n_walk + 1, sizeof *s->names);
    struct department *v = NULL;
    size_t n = 0;
    struct query q = {0};
    if (department_list(a->st, &q, &v, &n, e) == 0) {
        for (size_t i = 0; i < s->n_walk; i++)
            for (size_t k = 0; k < n; k++)
                if (str_eq(s->walk[i], v[k].key))
                    s->names[i] = xstrdup(v[k].name);
        department_list_free(v, n);
    }
    err_clear(e);
    return 0;
}

static size_t walk_index(const struct standup_ui *s, const char *dept)
{
    for (size_t i = 0; dept && i < s->n_walk; i++)
        if (str_eq(s->walk[i], dept))
            return i;
    return 0;
}

static const char *cur_dept(const struct standup_ui *s)
{
    return s->idx < s->n_walk ? s->walk[s->idx] : NULL;
}

static int64_t timebox(const struct app *a)
{
    return a->cfg && a->cfg->standup_timebox > 0 ? a->cfg->standup_timebox : 90;
}

static int doc_width(const struct app *a)
{
    return a->cols - 4;
}

static int body_height(const struct app *a)
{
    int body = draw_main_height(a) - 5;
    return body < 1 ? 1 : body;
}

/* Remembers the item under the cursor. */
static void cursor_set(struct standup_ui *s, int line)
{
    s->cur = line;
    free(s->cur_key);
    s->cur_key = NULL;
    s->cur_pane = NULL;
    if (line >= 0 && line < (int)s->doc.n && s->doc.lines[line].link_key) {
        s->cur_key = xstrdup(s->doc.lines[line].link_key);
        s->cur_pane = s->doc.lines[line].link_pane;
    }
}

/* Keeps the cursor line on the screen, moving the view. */
static void cursor_show(struct app *a)
{
    struct standup_ui *s = a->standup;
    int body = body_height(a);
    if (s->cur < 0)
        return;
    if (s->cur < s->top)
        s->top = s->cur;
    if (s->cur >= s->top + body)
        s->top = s->cur - body + 1;
}

/* After a rebuild: the cursor on the same item when the page still lists
 * it (the first line listing it), else on the first item on screen. */
static void cursor_restore(struct app *a)
{
    struct standup_ui *s = a->standup;
    int found = -1;
    for (int i = 0; s->cur_key && i < (int)s->doc.n && found < 0; i++) {
        const struct doc_line *l = &s->doc.lines[i];
        if (l->link_key && str_eq(l->link_key, s->cur_key) && str_eq(l->link_pane, s->cur_pane))
            found = i;
    }
    if (found < 0) {
        found = doc_next_link(&s->doc, s->top, 1);
        if (found >= s->top + body_height(a))
            found = -1;
        if (found < 0)
            found = doc_next_link(&s->doc, 0, 1);
    }
    cursor_set(s, found);
}

/* Entries typed elsewhere (a follower, another terminal) since the page
 * was last seen to its end: what this cockpit types is shown at once. */
static void count_unseen(struct app *a, bool seen)
{
    struct standup_ui *s = a->standup;
    int64_t newest = s->seen_entry;
    int unseen = 0;
    for (size_t i = 0; s->have_page && i < s->page.n_typed; i++) {
        const struct standup_entry *x = &s->page.typed[i];
        if (x->id > newest && !seen)
            unseen++;
        if (seen && x->id > newest)
            newest = x->id;
    }
    if (seen)
        s->seen_entry = newest;
    if (unseen != s->unseen)
        a->dirty_main = true;
    s->unseen = seen ? 0 : unseen;
}

/* Whether the page's last lines (what this stand-up holds) are on screen. */
static bool end_in_view(const struct app *a)
{
    const struct standup_ui *s = a->standup;
    return s->top + body_height(a) >= (int)s->doc.n;
}

/* Rebuilds the page's document from what is loaded. */
static void build_doc(struct app *a)
{
    struct standup_ui *s = a->standup;
    doc_fini(&s->doc);
    doc_init(&s->doc, a->ctx.ascii);
    s->doc_width = doc_width(a);
    if (s->summary) {
        struct standup_time *t = NULL;
        struct standup_entry *x = NULL;
        size_t nt = 0, nx = 0;
        struct err e = {0};
        standup_times(a->st, s->id, &t, &nt, &e);
        standup_entries(a->st, s->id, &x, &nx, &e);
        standup_view_summary(&s->doc, &s->su, (const char *const *)s->walk,
                             (const char *const *)s->names, s->n_walk, t, nt, x, nx, timebox(a),
                             &a->ctx);
        standup_times_free(t, nt);
        standup_entry_list_free(x, nx);
    } else if (s->have_page) {
        standup_view_page(&s->doc, &s->page, s->doc_width, &a->ctx);
    }
    cursor_restore(a);
    a->dirty_main = true;
}

/* Loads the page of the department at s->idx (keeping the scroll when
 * it is the same department reloaded). */
static void load_page(struct app *a, bool keep_scroll)
{
    struct standup_ui *s = a->standup;
    struct err e = {0};
    a->ctx.now = time_now();
    if (s->have_page)
        standup_page_fini(&s->page);
    s->have_page = false;
    if (!keep_scroll) {
        s->top = 0;
        cursor_set(s, -1);
        s->seen_entry = 0;
    }
    const char *dept = cur_dept(s);
    if (!dept) {
        build_doc(a);
        return;
    }
    if (standup_page_load(a->st, s->id, dept, s->su.since, NULL, &s->page, &e) == 0)
        s->have_page = true;
    else
        app_message(a, true, "%s", e.msg);
    s->spent_before = 0;
    standup_time_spent(a->st, s->id, dept, &s->spent_before, &e);
    s->skipped = false;
    struct standup_time *t = NULL;
    size_t nt = 0;
    if (standup_times(a->st, s->id, &t, &nt, &e) == 0)
        for (size_t i = 0; i < nt; i++)
            if (str_eq(t[i].dept, dept))
                s->skipped = t[i].skipped;
    standup_times_free(t, nt);
    build_doc(a);
    /* a new page is seen whole; on a reload, what others typed below the
     * fold is announced in the bar until it is scrolled to */
    count_unseen(a, !keep_scroll || end_in_view(a));
}

/* When the facilitator's last move happened: the newest "department"
 * audit row of the stand-up, else its start. */
static btime moved_at(struct app *a)
{
    struct standup_ui *s = a->standup;
    btime t = 0;
    time_parse(s->su.started_at, &t);
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)s->id);
    struct event *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (event_list(a->st, "standup", key, NULL, 0, &v, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++)
            if (str_eq(v[i].field, "department")) {
                time_parse(v[i].at, &t);
                break;
            }
        event_list_free(v, n);
    }
    return t;
}

/* Opens stand-up id; its page is loaded unless the caller moves it on
 * first (and loads the page where it lands). */
static int open_standup(struct app *a, int64_t id, bool following, bool load, struct err *e)
{
    struct standup_ui *s = a->standup;
    standup_fini(&s->su);
    s->id = id;
    int rc = standup_get(a->st, id, &s->su, e);
    if (!rc)
        rc = load_walk(a, e);
    if (rc) {
        s->id = 0;
        return rc;
    }
    s->summary = s->su.ended_at != NULL;
    s->idx = walk_index(s, s->su.current_department);
    s->page_since = following ? moved_at(a) : time_now();
    const struct mode *m = following ? &mode_follow : &mode_standup;
    if (!mode_replace(a, following ? &mode_standup : &mode_follow, m) && !mode_on(a, m))
        mode_push(a, m, NULL);
    if (load)
        load_page(a, false);
    store_presence_set_view(a->st, following ? "stand-up (following)" : "stand-up", e);
    err_clear(e);
    a->dirty_status = a->dirty_header = true;
    return 0;
}

/* Banks the time on the page and moves the stand-up to dept (NULL: no
 * department, the stand-up is ending). */
static int move_to(struct app *a, const char *dept, struct err *e)
{
    struct standup_ui *s = a->standup;
    int64_t spent = time_now() - s->page_since;
    int rc = standup_visit(a->st, s->id, dept, spent > 0 ? spent : 0, e);
    if (!rc)
        s->page_since = time_now();
    return rc;
}

/* ---- entering and leaving ---- */

/* Whether another cockpit of this login is on the stand-up's pages as
 * its facilitator (the same person at a second terminal follows). */
static bool driven_elsewhere(struct app *a)
{
    struct presence *v = NULL;
    size_t n = 0;
    struct err e = {0};
    bool found = false;
    if (store_presence_list(a->st, &v, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++)
            if (str_eq(v[i].login, store_actor(a->st)) && str_eq(v[i].view, "stand-up"))
                found = true;
        store_presence_list_free(v, n);
    }
    return found;
}

void standup_enter(struct app *a)
{
    struct standup_ui *s = sui(a);
    struct err e = {0};
    if (a->empty) {
        app_message(a, false, "no departments yet: load an organisation first (:demo)");
        return;
    }
    mode_remove(a, &mode_detail);
    if (mode_on(a, &mode_standup))
        return;
    int64_t cur = 0;
    if (standup_current(a->st, &cur, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    if (cur) {
        struct standup su;
        if (standup_get(a->st, cur, &su, &e)) {
            app_message(a, true, "%s", e.msg);
            return;
        }
        bool mine = str_eq(su.facilitator, store_actor(a->st));
        char *by = xstrdup(su.facilitator);
        standup_fini(&su);
        if (!mine || driven_elsewhere(a)) {
            /* one facilitator at a time: a second S joins as a follower */
            if (open_standup(a, cur, true, true, &e))
                app_message(a, true, "%s", e.msg);
            else
                app_message(a, false, "%s is running the stand-up: following it (Esc stops)", by);
            free(by);
            return;
        }
        free(by);
        if (open_standup(a, cur, false, true, &e)) {
            app_message(a, true, "%s", e.msg);
            return;
        }
        if (!s->su.current_department && s->n_walk && move_to(a, s->walk[0], &e) == 0)
            load_page(a, false);
        app_message(a, false, "stand-up resumed at %s", cur_dept(s) ? cur_dept(s) : "-");
        return;
    }
    int64_t id = 0;
    if (standup_start(a->st, &id, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    if (open_standup(a, id, false, false, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    if (s->n_walk == 0) {
        load_page(a, false);
        app_message(a, false, "no departments to walk");
        return;
    }
    s->idx = 0;
    if (move_to(a, s->walk[0], &e))
        app_message(a, true, "%s", e.msg);
    load_page(a, false);
    app_message(a, false, "stand-up started: n next, p previous, N note, D decision, A action, e end");
}

void standup_follow(struct app *a)
{
    struct standup_ui *s = sui(a);
    struct err e = {0};
    int64_t cur = 0;
    if (standup_current(a->st, &cur, &e) || !cur) {
        app_message(a, false, "no stand-up is running; S starts one");
        return;
    }
    mode_remove(a, &mode_detail);
    if (open_standup(a, cur, true, true, &e))
        app_message(a, true, "%s", e.msg);
    else
        app_message(a, false, "following %s's stand-up; Esc stops", s->su.facilitator);
}

/* Off the stack: the page was run here, or followed. */
static void leave_pages(struct app *a, bool following)
{
    struct standup_ui *s = sui(a);
    struct err e = {0};
    if (!following && !s->summary && s->id) {
        /* bank the time and keep the page, so S comes back to it */
        if (move_to(a, cur_dept(s), &e))
            app_message(a, true, "%s", e.msg);
        else
            app_message(a, false, "stand-up left open: S resumes it, e there ends it");
    } else if (following) {
        app_message(a, false, "stopped following the stand-up");
    }
    store_presence_set_view(a->st, NULL, &e);
    app_reload_all(a);
    draw_mark_panes(a);
    a->dirty_status = a->dirty_header = true;
}

/* ---- typing entries ---- */

static void add_entry(struct app *a)
{
    struct standup_ui *s = a->standup;
    struct standup_entry x = {.standup_id = s->id, .department = (char *)cur_dept(s),
                              .kind = s->kind, .text = s->text, .owner = s->owner};
    struct err e = {0};
    if (standup_add_entry(a->st, &x, NULL, &e))
        app_message(a, true, "%s", e.msg);
    else
        app_message(a, false, "%s added to %s", standup_kind_name(s->kind),
                    cur_dept(s) ? cur_dept(s) : "the stand-up");
    load_page(a, true);
    /* show what was just typed: the last section is at the bottom */
    s->top = (int)s->doc.n;
    count_unseen(a, true);
}

static void pending_clear(struct standup_ui *s)
{
    free(s->text);
    free(s->owner);
    s->text = s->owner = NULL;
}

static void due_prompt(struct app *a);
static void add_action(struct app *a, const char *date, bool past_due_ok);

/* y adds the action with the date in the past; n asks for the date again. */
static bool past_due_answered(struct app *a, const char *text, void *arg)
{
    struct standup_ui *s = a->standup;
    if (text[0] == 'y' || text[0] == 'Y') {
        add_action(a, s->past_due, true);
        return true;
    }
    if (text[0] == 'n' || text[0] == 'N' || !text[0]) {
        due_prompt(a);
        return true;
    }
    app_message(a, true, "y keeps %s, n types another date", s->past_due);
    return false;
}

static bool got_due(struct app *a, const char *text, void *arg)
{
    struct standup_ui *s = a->standup;
    char date[16] = "";
    struct err e;
    if (!str_empty(text) && time_input_date(text, time_now(), date, &e) < 0) {
        app_message(a, true, "%s, or empty for none", e.msg);
        return false;
    }
    /* a date already past is more often a slip than meant: ask once */
    if (standup_due_past(date)) {
        snprintf(s->past_due, sizeof s->past_due, "%s", date);
        char *label = xasprintf("due %s is past: keep it? y/n", date);
        struct prompt_opts o = {.instant = "yYnN", .hint = "y keeps it, n types another date"};
        prompt_open(a, label, &o, past_due_answered, NULL);
        free(label);
        return true;
    }
    add_action(a, date, false);
    return true;
}

static void add_action(struct app *a, const char *date, bool past_due_ok)
{
    struct standup_ui *s = a->standup;
    struct standup_entry x = {.standup_id = s->id, .department = (char *)cur_dept(s),
                              .kind = ENTRY_ACTION, .text = s->text, .owner = s->owner,
                              .due = date[0] ? (char *)date : NULL, .past_due_ok = past_due_ok};
    struct err e = {0};
    if (standup_add_entry(a->st, &x, NULL, &e))
        app_message(a, true, "%s", e.msg);
    else
        app_message(a, false, "action for %s%s%s", s->owner ? s->owner : "no one yet",
                    date[0] ? ", due " : "", date);
    pending_clear(s);
    load_page(a, true);
    s->top = (int)s->doc.n;
    count_unseen(a, true);
}

static void due_prompt(struct app *a)
{
    char tomorrow[16], friday[16], week[16];
    struct err ignored;
    time_input_date("tomorrow", time_now(), tomorrow, &ignored);
    time_input_date("friday", time_now(), friday, &ignored);
    time_input_date("+1w", time_now(), week, &ignored);
    const char *keys[] = {"t", "f", "w"};
    const char *vals[] = {tomorrow, friday, week};
    struct prompt_opts o = {
        .preset_keys = keys,
        .preset_values = vals,
        .n_presets = 3,
        .hint = "t tomorrow, f Friday, w in a week, YYYY-MM-DD, or empty for none",
    };
    prompt_open(a, "due", &o, got_due, NULL);
}

static void picked_owner(struct app *a, struct picker *p, const char *key, void *arg)
{
    struct standup_ui *s = a->standup;
    if (!key) {
        pending_clear(s);
        app_message(a, false, "action cancelled: nothing written");
        return;
    }
    free(s->owner);
    s->owner = str_empty(key) ? NULL : xstrdup(key);
    due_prompt(a);
}

static void owner_picker(struct app *a)
{
    struct picker pk;
    picker_init(&pk, "Owner of the action", false);
    pk.allow_typed = true;
    struct err e = {0};
    int rc = picker_add_people(&pk, a->st, NULL, &e);
    picker_filter(&pk);
    picker_open(a, &pk, picked_owner, NULL);
    if (rc)
        app_message(a, true, "%s", e.msg);
}

static bool got_text(struct app *a, const char *text, void *arg)
{
    struct standup_ui *s = a->standup;
    if (str_empty(text)) {
        app_message(a, true, "type the %s first; Esc cancels", standup_kind_name(s->kind));
        return false;
    }
    pending_clear(s);
    s->text = xstrdup(text);
    if (s->kind == ENTRY_ACTION) {
        owner_picker(a);
        return true;
    }
    add_entry(a);
    pending_clear(s);
    return true;
}

static void entry_prompt(struct app *a, enum standup_kind kind)
{
    struct standup_ui *s = a->standup;
    if (s->summary) {
        app_message(a, false, "the stand-up has ended; Esc goes back");
        return;
    }
    s->kind = kind;
    static const char *const labels[] = {"note", "decision", "action", "parking lot"};
    char label[64];
    snprintf(label, sizeof label, "%s for %s", labels[kind], cur_dept(s) ? cur_dept(s) : "-");
    struct prompt_opts o = {.hint = kind == ENTRY_ACTION ? "then its owner and due date" : NULL};
    prompt_open(a, label, &o, got_text, NULL);
}

/* ---- moving ---- */

static void go(struct app *a, int delta, bool skip)
{
    struct standup_ui *s = a->standup;
    struct err e = {0};
    if (skip) {
        if (standup_skip(a->st, s->id, cur_dept(s), &e)) {
            app_message(a, true, "%s", e.msg);
            return;
        }
    }
    long to = (long)s->idx + delta;
    if (to < 0 || to >= (long)s->n_walk) {
        if (skip)
            load_page(a, true);
        app_message(a, false, "%s%s", skip ? "skipped; " : "",
                    to < 0 ? "this is the first department" : "that was the last department: e ends the stand-up");
        return;
    }
    if (move_to(a, s->walk[to], &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    const char *from = cur_dept(s);
    char *left = from ? xstrdup(from) : NULL;
    s->idx = (size_t)to;
    load_page(a, false);
    if (skip)
        app_message(a, false, "%s skipped", left ? left : "");
    free(left);
}

static void end_standup(struct app *a)
{
    struct standup_ui *s = a->standup;
    struct err e = {0};
    if (move_to(a, NULL, &e) || standup_end(a->st, s->id, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    standup_fini(&s->su);
    standup_get(a->st, s->id, &s->su, &e);
    s->summary = true;
    s->top = 0;
    build_doc(a);
    app_message(a, false, "stand-up ended: minutes with 'baton standup export --last'");
}

/* y ends it; n (or Enter on nothing) goes back to the page. */
static bool end_answered(struct app *a, const char *text, void *arg)
{
    if (text[0] == 'y' || text[0] == 'Y') {
        end_standup(a);
        return true;
    }
    if (text[0] == 'n' || text[0] == 'N' || !text[0]) {
        app_message(a, false, "the stand-up goes on");
        return true;
    }
    app_message(a, true, "y ends the stand-up, n or Esc goes back to the page");
    return false;
}

/* Ending is asked once: the end time is written and the walk is over. */
static void ask_end(struct app *a)
{
    struct prompt_opts o = {.instant = "yYnN", .hint = "y ends it, n or Esc goes back"};
    prompt_open(a, "end the stand-up? y/n", &o, end_answered, NULL);
}

static void triage_here(struct app *a)
{
    struct standup_ui *s = a->standup;
    const char *dept = cur_dept(s);
    if (!dept || s->summary)
        return;
    free(s->saved_dept);
    s->saved_dept = xstrdup(a->dept);
    s->in_triage = true;
    free(a->dept);
    a->dept = xstrdup(dept);
    triage_enter(a);
}

void standup_command(struct app *a, enum cmd c)
{
    struct standup_ui *s = sui(a);
    if (!on(a))
        return;
    static const enum cmd steer[] = {CMD_SU_NEXT, CMD_SU_PREV, CMD_SU_SKIP, CMD_SU_END};
    for (size_t i = 0; following(a) && i < sizeof steer / sizeof steer[0]; i++)
        if (steer[i] == c) {
            app_message(a, false, "%s steers this stand-up; Esc stops following",
                        s->su.facilitator);
            return;
        }
    if (s->summary && c != CMD_SU_END) {
        app_message(a, false, "the stand-up has ended; Esc goes back");
        return;
    }
    switch (c) {
    case CMD_SU_NEXT: go(a, 1, false); break;
    case CMD_SU_PREV: go(a, -1, false); break;
    case CMD_SU_SKIP: go(a, 1, true); break;
    case CMD_SU_NOTE: entry_prompt(a, ENTRY_NOTE); break;
    case CMD_SU_DECISION: entry_prompt(a, ENTRY_DECISION); break;
    case CMD_SU_ACTION: entry_prompt(a, ENTRY_ACTION); break;
    case CMD_SU_PARKING: entry_prompt(a, ENTRY_PARKING); break;
    case CMD_SU_TRIAGE: triage_here(a); break;
    case CMD_SU_END:
        if (!s->summary)
            ask_end(a);
        break;
    default: break;
    }
}

void standup_move(struct app *a, enum cmd c)
{
    struct standup_ui *s = a->standup;
    int body = body_height(a);
    int lines = (int)s->doc.n;
    int cur = s->cur;
    if (c == CMD_DOWN || c == CMD_UP) {
        /* the cursor steps over the items; past the last one the page scrolls */
        int dir = c == CMD_DOWN ? 1 : -1;
        int next = doc_next_link(&s->doc, cur < 0 ? (dir > 0 ? 0 : lines - 1) : cur + dir, dir);
        if (next >= 0 && (cur < 0 || next - cur < body)) {
            cursor_set(s, next);
            cursor_show(a);
        } else {
            s->top += dir;
        }
    } else if (c == CMD_TOP) {
        s->top = 0;
        cursor_set(s, doc_next_link(&s->doc, 0, 1));
    } else if (c == CMD_BOTTOM) {
        s->top = lines;
        cursor_set(s, doc_next_link(&s->doc, lines - 1, -1));
    } else {
        int by = c == CMD_PAGE_DOWN ? body : c == CMD_HALF_DOWN ? body / 2 + 1
                 : c == CMD_PAGE_UP ? -body : c == CMD_HALF_UP ? -(body / 2 + 1) : 0;
        s->top += by;
    }
    s->top = doc_clamp_top(s->top, lines, body);
    /* a cursor scrolled off the screen comes onto the first item on it */
    if (s->cur >= 0 && (s->cur < s->top || s->cur >= s->top + body)) {
        int on = doc_next_link(&s->doc, s->top, 1);
        cursor_set(s, on >= 0 && on < s->top + body ? on : s->cur);
        cursor_show(a);
    }
    if (end_in_view(a))
        count_unseen(a, true);
    a->dirty_main = a->dirty_status = true;
}

static bool open_item_under_cursor(struct app *a)
{
    struct standup_ui *s = a->standup;
    if (!s || !on(a) || s->cur < 0 || s->cur >= (int)s->doc.n)
        return false;
    const struct doc_line *l = &s->doc.lines[s->cur];
    const struct pane_class *cls = l->link_key ? pane_class_find(l->link_pane) : NULL;
    if (!cls)
        return false;
    char *key = xstrdup(l->link_key);
    app_open_detail(a, cls, key);
    free(key);
    return true;
}

/* Blocker key as the page lists it, or NULL when only a change line
 * names it. */
static const struct blocker *listed(const struct standup_page *p, const char *key)
{
    for (size_t i = 0; i < p->n_we_wait; i++)
        if (str_eq(p->we_wait[i].key, key))
            return &p->we_wait[i];
    for (size_t i = 0; i < p->n_they_wait; i++)
        if (str_eq(p->they_wait[i].key, key))
            return &p->they_wait[i];
    return NULL;
}

void standup_selected_depts(const struct app *a, const char **dept, const char **dept2)
{
    const struct standup_ui *s = a->standup;
    *dept = *dept2 = NULL;
    const char *key = standup_selected_blocker(a, NULL);
    if (!key || !s->have_page)
        return;
    const struct blocker *b = listed(&s->page, key);
    /* a blocker the page tells only as a change is its project's or
     * waits on the page's department */
    *dept = b ? b->project_dept : s->page.dept;
    *dept2 = b ? b->waiting_on : NULL;
}

const char *standup_selected_blocker(const struct app *a, int64_t *version)
{
    const struct standup_ui *s = a->standup;
    if (version)
        *version = 0;
    if (!s || !on(a) || s->summary || s->cur < 0 || s->cur >= (int)s->doc.n)
        return NULL;
    const struct doc_line *l = &s->doc.lines[s->cur];
    if (!l->link_key || !str_eq(l->link_pane, pane_names[PANE_BLOCKERS]))
        return NULL;
    const struct blocker *b = version && s->have_page ? listed(&s->page, l->link_key) : NULL;
    if (b)
        *version = b->version;
    return l->link_key;
}

const char *standup_selected_objective(const struct app *a)
{
    const struct standup_ui *s = a->standup;
    if (!s || !on(a) || s->summary)
        return NULL;
    const char *pane, *key;
    if (s->cur >= 0 && s->cur < (int)s->doc.n && doc_link_at(&s->doc, s->cur, 0, &pane, &key) &&
        str_eq(pane, pane_names[PANE_OBJECTIVES]))
        return key;
    /* a department with one objective: that one, wherever the cursor is */
    return s->have_page && s->page.n_objectives == 1 ? s->page.objectives[0].key : NULL;
}

/* ---- keeping up ---- */

void standup_reload(struct app *a)
{
    struct standup_ui *s = sui(a);
    struct err e = {0};
    int64_t cur = 0;
    if (standup_current(a->st, &cur, &e) == 0 && cur && s->running_by &&
        str_eq(s->running_by, store_actor(a->st))) {
        bool idle = !driven_elsewhere(a);
        if (idle != s->running_idle)
            a->dirty_header = true;
        s->running_idle = idle;
    }
    if (standup_current(a->st, &cur, &e) == 0 && cur != s->running_id) {
        free(s->running_by);
        s->running_by = NULL;
        s->running_id = cur;
        struct standup su;
        if (cur && standup_get(a->st, cur, &su, &e) == 0) {
            s->running_by = xstrdup(su.facilitator);
            standup_fini(&su);
        }
        s->running_idle = s->running_by && str_eq(s->running_by, store_actor(a->st)) &&
                          !driven_elsewhere(a);
        a->dirty_header = true;
    }
    if (!on(a) || !s->id)
        return;
    struct standup now;
    if (standup_get(a->st, s->id, &now, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    bool moved = !str_eq(now.current_department, s->su.current_department);
    bool ended = now.ended_at && !s->su.ended_at;
    standup_fini(&s->su);
    s->su = now;
    if (following(a) && ended) {
        s->summary = true;
        s->top = 0;
        build_doc(a);
        app_message(a, false, "%s ended the stand-up", s->su.facilitator);
        return;
    }
    if (s->summary) {
        build_doc(a);
        return;
    }
    if (following(a) && moved && s->su.current_department) {
        s->idx = walk_index(s, s->su.current_department);
        s->page_since = moved_at(a);
        load_page(a, false);
        return;
    }
    load_page(a, true);
}

void standup_tick(struct app *a)
{
    struct standup_ui *s = a->standup;
    if (!s)
        return;
    if (s->in_triage && !mode_on(a, &mode_triage)) {
        /* back from triaging this department's blockers */
        s->in_triage = false;
        free(a->dept);
        a->dept = s->saved_dept;
        s->saved_dept = NULL;
        app_reload_all(a); /* the panes beneath were narrowed for triage */
        if (on(a))
            load_page(a, true);
    }
    if (!on(a) || s->summary)
        return;
    btime now = time_now();
    if (now != s->drawn_second) {
        s->drawn_second = now;
        a->dirty_main = true;
    }
}

const char *standup_banner(const struct app *a)
{
    const struct standup_ui *s = a->standup;
    if (!s || !s->running_by || mode_on(a, &mode_standup))
        return NULL;
    struct standup_ui *m = a->standup;
    if (following(a))
        snprintf(m->banner, sizeof m->banner, "FOLLOWING %s's stand-up", s->running_by);
    else if (s->running_idle)
        snprintf(m->banner, sizeof m->banner, "STAND-UP open: S resumes");
    else
        snprintf(m->banner, sizeof m->banner, "STAND-UP by %s: F follows", s->running_by);
    return m->banner;
}

const char *standup_running_by(const struct app *a)
{
    return a->standup ? a->standup->running_by : NULL;
}

/* ---- drawing ---- */

void standup_draw(struct app *a)
{
    struct standup_ui *s = sui(a);
    WINDOW *w = a->main;
    if (!w)
        return;
    if (s->doc_width != doc_width(a))
        build_doc(a);
    werase(w);
    int h, wd;
    getmaxyx(w, h, wd);
    a->ctx.now = time_now();
    int body = h - 5;
    int lines = (int)s->doc.n;
    s->top = doc_clamp_top(s->top, lines, body);
    char bottom[48];
    doc_shown_note(s->top, body, lines, bottom, sizeof bottom);
    const char *title = following(a) ? "Stand-up (following)" : "Stand-up";
    draw_box_in(a, w, true, title, NULL, bottom);
    struct doc bar;
    doc_init(&bar, a->ctx.ascii);
    if (s->summary) {
        doc_add(&bar, TR_TITLE, "Ended");
        doc_addf(&bar, TR_NORMAL, " %s facilitator ", a->ctx.g->dot);
        doc_add(&bar, TR_NORMAL, s->su.facilitator);
        doc_addf(&bar, TR_DIM, " %s Esc goes back", a->ctx.g->dot);
    } else {
        btime start = a->ctx.now;
        time_parse(s->su.started_at, &start);
        struct standup_bar b = {
            .dept = cur_dept(s),
            .name = s->idx < s->n_walk ? s->names[s->idx] : NULL,
            .index = (int)s->idx + 1,
            .count = (int)s->n_walk,
            .elapsed = s->spent_before + (a->ctx.now - s->page_since),
            .timebox = timebox(a),
            .total = a->ctx.now - start,
            .facilitator = s->su.facilitator,
            .skipped = s->skipped,
            .following = following(a),
            .unseen = s->unseen,
        };
        standup_view_bar(&bar, &b, &a->ctx);
    }
    doc_fit_line(&bar, 0, wd - 4, -1);
    if (bar.n)
        draw_doc_line(a, w, 1, 2, wd - 4, &bar.lines[0]);
    doc_fini(&bar);
    struct strbuf rule;
    sb_init(&rule);
    for (int x = 0; x < wd - 2; x++)
        sb_add(&rule, a->ctx.g->hl);
    draw_put(w, 2, 1, a->attr[TR_BORDER], sb_str(&rule), wd - 2);
    sb_fini(&rule);
    for (int r = 0; r < body && s->top + r < lines; r++) {
        if (s->top + r == s->cur)
            draw_doc_cursor_line(a, w, 3 + r, 2, wd - 4, &s->doc.lines[s->top + r]);
        else
            draw_doc_line(a, w, 3 + r, 2, wd - 4, &s->doc.lines[s->top + r]);
    }
    wnoutrefresh(w);
}

void standup_free(struct app *a)
{
    struct standup_ui *s = a->standup;
    if (!s)
        return;
    pending_clear(s);
    walk_free(s);
    standup_fini(&s->su);
    if (s->have_page)
        standup_page_fini(&s->page);
    doc_fini(&s->doc);
    free(s->running_by);
    free(s->saved_dept);
    free(s->cur_key);
    free(s);
    a->standup = NULL;
}

/* ---- the modes: the stand-up run here, and followed ---- */

static const enum cmd hints_standup[] = {CMD_SU_NEXT,     CMD_SU_PREV,   CMD_SU_NOTE,
                                         CMD_SU_DECISION, CMD_SU_ACTION, CMD_SU_PARKING,
                                         CMD_CHECKIN,     CMD_SU_TRIAGE, CMD_SU_SKIP,
                                         CMD_SU_END,      CMD_DOWN,      CMD_BACK,
                                         CMD_HELP};
static const enum cmd hints_following[] = {CMD_SU_NOTE,    CMD_SU_DECISION, CMD_SU_ACTION,
                                           CMD_SU_PARKING, CMD_CHECKIN,     CMD_SU_TRIAGE,
                                           CMD_DOWN,       CMD_BACK,        CMD_HELP};

/* C where an objective is selected: its line, or the page's only one. */
static bool offers(const struct app *a, enum cmd c)
{
    return c != CMD_CHECKIN || standup_selected_objective(a) != NULL;
}

static struct hints hints(const struct app *a)
{
    return HINTS(hints_standup);
}

static struct hints hints_follow(const struct app *a)
{
    return HINTS(hints_following);
}

static void leave_running(struct app *a, void *data)
{
    leave_pages(a, false);
}

static void leave_following(struct app *a, void *data)
{
    leave_pages(a, true);
}

/* Quitting mid-way keeps what was typed and banks the time on the page. */
static void fini_running(struct app *a, void *data)
{
    struct standup_ui *s = a->standup;
    if (s && !s->summary && s->id) {
        struct err e = {0};
        move_to(a, cur_dept(s), &e);
    }
}

static bool draw(struct app *a, bool dirty)
{
    if (dirty)
        standup_draw(a);
    return dirty;
}

static void open_item(struct app *a)
{
    if (!open_item_under_cursor(a))
        app_message(a, false, "nothing to open here: j k move to a blocker, project or indicator");
}

static const char *selected(const struct app *a, int64_t *version)
{
    return standup_selected_blocker(a, version);
}

static void resize(struct app *a)
{
    a->dirty_main = true;
}

static void reload(struct app *a)
{
    a->dirty_main = true;
}

static char *view(const struct app *a)
{
    return xstrdup(following(a) ? "stand-up (following)" : "stand-up");
}

#define STANDUP_MODE                                                                           \
    .help = "Stand-up", .keys = MODE_STANDUP, .flags = MF_SCREEN | MF_KEYBOARD, .draw = draw,   \
    .selected = selected, .no_blocker = "move the cursor to a blocker first (j k)",             \
    .depts = standup_selected_depts, .moves = standup_move, .open = open_item, .reload = reload, \
    .resize = resize, .view = view, .offers = offers, .objective = standup_selected_objective

const struct mode mode_standup = {
    .name = "STAND-UP",
    .leave = leave_running,
    .fini = fini_running,
    .hints = hints,
    STANDUP_MODE,
};

const struct mode mode_follow = {
    .name = "FOLLOW",
    .leave = leave_following,
    .hints = hints_follow,
    STANDUP_MODE,
};
