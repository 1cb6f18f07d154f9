/*
 * Triage mode and bulk verdicts. Triage walks the queue of new blockers
 * (snoozed ones whose time came are woken first), most severe then
 * oldest, showing the focused one whole; one key gives a verdict, asking
 * only for what the verdict still needs through one-line prompts and
 * pickers, and the next blocker comes up at once. In the blockers pane,
 * Space marks blockers and the same verdict keys apply to every marked one
 * in one transaction.
 *
 * Every write names the version that was on the screen when the key was
 * pressed, so a colleague's change in between is refused as a conflict
 * (the message says who changed what) and the blocker reloads. Each
 * verdict of this session can be undone (u), newest first; the model
 * refuses the undo when someone changed the blocker since.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/picker.h"
#include "baton/triage.h"
#include "baton/utf8.h"
#include "ui_internal.h"

struct mark {
    char *key;
    int64_t version;
    int severity;
    bool has_waiting;
};

struct undo_entry {
    struct blocker_undo *u;
    size_t n;
    char *what; /* "B-7 declined" */
};

/* A verdict being asked for: its targets and what the prompts gave. */
struct pending {
    enum cmd c;
    bool bulk;
    char **keys;
    int64_t *versions;
    size_t n;
    int severity;
    char *waiting, *owner, *text, *until, *dup, *to;
    bool have_to;
};

struct triage_ui {
    /* A window of the queue: keys[i] and ids[i] are position base + i; n is
     * the queue's length, cur the focused position. */
    char **keys;
    int64_t *ids;
    size_t nk, base;
    size_t n, cur;
    int done; /* verdicts this round */
    struct blocker b;
    bool have_b;
    struct doc doc;
    int doc_top, doc_width;
    struct mark *marks;
    size_t n_marks;
    struct undo_entry *undo;
    size_t n_undo;
    struct pending pend;
};

static struct triage_ui *tui(struct app *a)
{
    if (!a->triage)
        a->triage = xcalloc(1, sizeof *a->triage);
    return a->triage;
}

/* ---- pending verdicts ---- */

static void pend_clear(struct pending *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->keys[i]);
    free(p->keys);
    free(p->versions);
    free(p->waiting);
    free(p->owner);
    free(p->text);
    free(p->until);
    free(p->dup);
    free(p->to);
    memset(p, 0, sizeof *p);
}

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? xstrdup(s) : NULL;
}

/* ---- the queue ---- */

static void window_free(struct triage_ui *t)
{
    for (size_t i = 0; i < t->nk; i++)
        free(t->keys[i]);
    free(t->keys);
    free(t->ids);
    t->keys = NULL;
    t->ids = NULL;
    t->nk = 0;
}

static void queue_free(struct triage_ui *t)
{
    window_free(t);
    t->n = 0;
}

/* The queue is read a window at a time (a million blockers can queue a
 * hundred thousand), so entering triage and each verdict cost the same
 * whatever its length. */
enum { QUEUE_WINDOW = 64 };

/* Replaces the window with the rows of q (state new, triage order) that
 * start at position start. */
static int window_fetch(struct app *a, struct query *q, size_t start, struct err *e)
{
    struct triage_ui *t = a->triage;
    q->state = "new";
    q->dept = a->dept;
    q->sort = BLOCKER_SORT_TRIAGE;
    q->offset = (int64_t)start;
    struct blocker *v = NULL;
    size_t nv = 0;
    int rc = blocker_list(a->st, q, &v, &nv, e);
    if (rc)
        return rc;
    window_free(t);
    t->keys = xcalloc(nv ? nv : 1, sizeof *t->keys);
    t->ids = xcalloc(nv ? nv : 1, sizeof *t->ids);
    for (size_t i = 0; i < nv; i++) {
        t->keys[i] = xstrdup(v[i].key);
        t->ids[i] = v[i].id;
    }
    t->nk = nv;
    t->base = start;
    blocker_list_free(v, nv);
    return 0;
}

/* Makes the window hold positions lo..hi-1 (as many as fit): seeking
 * from a row of the window held next to the new one when there is one,
 * from the end for the last rows, else by offset (a jump). */
static int window_hold(struct app *a, size_t lo, size_t hi, struct err *e)
{
    struct triage_ui *t = a->triage;
    if (hi > t->n)
        hi = t->n;
    if (hi - lo > QUEUE_WINDOW)
        hi = lo + QUEUE_WINDOW;
    if (lo >= hi || (lo >= t->base && hi <= t->base + t->nk))
        return 0;
    size_t slack = (QUEUE_WINDOW - (hi - lo)) / 2;
    size_t start = lo > slack ? lo - slack : 0;
    if (start + QUEUE_WINDOW > t->n)
        start = t->n > QUEUE_WINDOW ? t->n - QUEUE_WINDOW : 0;
    struct query q = {.limit = QUEUE_WINDOW};
    size_t end = start + QUEUE_WINDOW < t->n ? start + QUEUE_WINDOW : t->n;
    if (start > 0 && start - 1 >= t->base && start - 1 < t->base + t->nk)
        q.after = t->ids[start - 1 - t->base];
    else if (end < t->n && end >= t->base && end < t->base + t->nk)
        q.before = t->ids[end - t->base];
    else if (start > 0 && end == t->n)
        q.last = true;
    q.limit = (int)(end - start);
    return window_fetch(a, &q, start, e);
}

/* The key at queue position i (NULL when the queue is shorter). */
static const char *queue_key(struct app *a, size_t i)
{
    struct triage_ui *t = a->triage;
    struct err e = {0};
    if (window_hold(a, i, i + 1, &e))
        app_message(a, true, "%s", e.msg);
    return i >= t->base && i < t->base + t->nk ? t->keys[i - t->base] : NULL;
}

static int doc_width_for(const struct app *a)
{
    int w = a->cols - 4;
    if (a->cols >= 110)
        w = a->cols - (a->cols / 3 < 56 ? a->cols / 3 : 56) - 5;
    return w < 20 ? 20 : w;
}

/* Reads the focused blocker and builds its view. */
static void load_current(struct app *a)
{
    struct triage_ui *t = a->triage;
    if (t->have_b)
        blocker_fini(&t->b);
    t->have_b = false;
    doc_fini(&t->doc);
    doc_init(&t->doc, a->ctx.ascii);
    a->dirty_main = a->dirty_status = true;
    if (t->cur >= t->n)
        return;
    struct err e = {0};
    const char *key = queue_key(a, t->cur);
    if (!key)
        return;
    if (blocker_get(a->st, key, &t->b, &e)) {
        app_message(a, true, "%s", e.msg);
        return;
    }
    t->have_b = true;
    t->doc_width = doc_width_for(a);
    if (triage_doc(a->st, &t->b, t->doc_width, &a->ctx, &t->doc, &e))
        app_message(a, true, "%s", e.msg);
}

/* Reloads the queue; the focus stays on `keep` when it is still queued,
 * else on the same position (the next one slid into it). */
static void load_queue(struct app *a, const char *keep)
{
    struct triage_ui *t = a->triage;
    char *stay = keep ? xstrdup(keep) : NULL;
    size_t pos = t->cur;
    /* the row above the focus, to seek the new window from */
    int64_t above = t->nk && pos > t->base && pos - 1 < t->base + t->nk ? t->ids[pos - 1 - t->base]
                                                                        : 0;
    queue_free(t);
    struct err e = {0};
    a->ctx.now = time_now();
    int woken = 0;
    int rc = store_readonly(a->st) ? 0 : blocker_wake_due(a->st, &woken, &e);
    int64_t total = 0, at = -1;
    if (!rc)
        rc = blocker_queue_count(a->st, a->dept, &total, &e);
    if (!rc && stay)
        rc = blocker_queue_position(a->st, a->dept, stay, &at, &e);
    t->n = rc ? 0 : (size_t)total;
    struct blocker kept = {0};
    if (!rc && at > 0)
        rc = blocker_get(a->st, stay, &kept, &e);
    if (at >= 0)
        pos = (size_t)at; /* still queued, perhaps elsewhere (a new severity) */
    t->cur = pos < t->n ? pos : (t->n ? t->n - 1 : 0);
    if (!rc && t->n) {
        /* seek from a neighbour: the rows above the kept one, or the row
         * that was above the focus (the focus itself left the queue) */
        struct query q = {.limit = QUEUE_WINDOW};
        size_t start = 0;
        if (at > 0) {
            q.before = kept.id;
            q.limit = at < QUEUE_WINDOW / 2 ? (int)at : QUEUE_WINDOW / 2;
            start = (size_t)at - (size_t)q.limit;
            rc = window_fetch(a, &q, start, &e);
        } else if (at < 0 && above && t->cur == pos && pos > 0) {
            q.after = above;
            rc = window_fetch(a, &q, pos, &e);
        } else if (at == 0 || t->cur == 0) {
            rc = window_fetch(a, &q, 0, &e);
        } else {
            rc = window_hold(a, t->cur, t->cur + 1, &e);
        }
    }
    blocker_fini(&kept);
    if (rc)
        app_message(a, true, "%s", e.msg);
    free(stay);
    int top = t->doc_top;
    const char *key = t->cur < t->n ? queue_key(a, t->cur) : NULL;
    bool same = t->have_b && key && str_eq(t->b.key, key);
    load_current(a);
    t->doc_top = same ? top : 0;
}

void triage_enter(struct app *a)
{
    struct triage_ui *t = tui(a);
    a->triage_open = true;
    t->done = 0;
    t->cur = 0;
    t->doc_top = 0;
    load_queue(a, NULL);
    if (t->n == 0)
        app_message(a, false, "the triage queue is empty%s%s: nothing new to decide",
                    a->dept ? " in " : "", a->dept ? a->dept : "");
}

void triage_leave(struct app *a)
{
    a->triage_open = false;
    if (a->triage && a->triage->done)
        app_message(a, false, "triage: %d verdict%s this round", a->triage->done,
                    a->triage->done == 1 ? "" : "s");
    app_reload_all(a);
    draw_mark_panes(a);
    a->dirty_status = true;
}

void triage_reload(struct app *a)
{
    if (!a->triage || !a->triage_open)
        return;
    struct triage_ui *t = a->triage;
    char *keep = t->have_b ? xstrdup(t->b.key) : NULL;
    load_queue(a, keep);
    free(keep);
}

const struct blocker *triage_current(const struct app *a)
{
    const struct triage_ui *t = a->triage;
    return t && a->triage_open && t->have_b ? &t->b : NULL;
}

const char *triage_current_key(const struct app *a)
{
    const struct triage_ui *t = a->triage;
    return t && t->have_b ? t->b.key : NULL;
}

void triage_move(struct app *a, enum cmd c)
{
    struct triage_ui *t = tui(a);
    int body = draw_main_height(a) - 2;
    switch (c) {
    case CMD_DOWN:
        if (t->cur + 1 < t->n)
            t->cur++;
        break;
    case CMD_UP:
        if (t->cur > 0)
            t->cur--;
        break;
    case CMD_TOP: t->cur = 0; break;
    case CMD_BOTTOM: t->cur = t->n ? t->n - 1 : 0; break;
    case CMD_PAGE_DOWN:
    case CMD_HALF_DOWN:
    case CMD_PAGE_UP:
    case CMD_HALF_UP: {
        /* pages scroll the focused blocker's view */
        int by = c == CMD_PAGE_DOWN || c == CMD_PAGE_UP ? body : body / 2;
        if (c == CMD_PAGE_UP || c == CMD_HALF_UP)
            by = -by;
        int top = t->doc_top + by;
        if (top > (int)t->doc.n - body)
            top = (int)t->doc.n - body;
        t->doc_top = top < 0 ? 0 : top;
        a->dirty_main = true;
        return;
    }
    default: return;
    }
    t->doc_top = 0;
    load_current(a);
}

/* ---- marks (the blockers pane) ---- */

static ssize_t mark_find(const struct triage_ui *t, const char *key)
{
    for (size_t i = 0; t && i < t->n_marks; i++)
        if (strcmp(t->marks[i].key, key) == 0)
            return (ssize_t)i;
    return -1;
}

bool triage_marked(const struct app *a, const char *key)
{
    return key && mark_find(a->triage, key) >= 0;
}

size_t triage_marks(const struct app *a)
{
    return a->triage ? a->triage->n_marks : 0;
}

bool triage_clear_marks(struct app *a)
{
    struct triage_ui *t = a->triage;
    if (!t || !t->n_marks)
        return false;
    for (size_t i = 0; i < t->n_marks; i++)
        free(t->marks[i].key);
    free(t->marks);
    t->marks = NULL;
    t->n_marks = 0;
    return true;
}

void triage_mark(struct app *a)
{
    struct triage_ui *t = tui(a);
    struct pane *p = &a->panes[a->focus].pane;
    const struct vrow *r = pane_selected(p);
    if (!r) {
        app_message(a, false, "nothing selected to mark");
        return;
    }
    ssize_t at = mark_find(t, r->key);
    if (at >= 0) {
        free(t->marks[at].key);
        memmove(&t->marks[at], &t->marks[at + 1], (t->n_marks - (size_t)at - 1) * sizeof *t->marks);
        t->n_marks--;
    } else {
        struct blocker b;
        struct err e = {0};
        if (blocker_get(a->st, r->key, &b, &e)) {
            app_message(a, true, "%s", e.msg);
            return;
        }
        t->marks = xrealloc(t->marks, (t->n_marks + 1) * sizeof *t->marks);
        /* the version shown when marking is the one the verdict names */
        t->marks[t->n_marks++] = (struct mark){xstrdup(b.key), b.version, b.severity,
                                               b.waiting_on != NULL};
        blocker_fini(&b);
    }
    sel_move(&p->sel, 1);
    app_sync_pane(a, a->focus);
    if (t->n_marks)
        app_message(a, false,
                    "%zu marked: a accept, r resolve, d decline, m duplicate, z snooze, x escalate"
                    " (all in one go); Esc clears",
                    t->n_marks);
    else
        app_message(a, false, "no blockers marked");
}

/* ---- the session's undo list ---- */

static void undo_push(struct triage_ui *t, struct blocker_undo *u, size_t n, const char *what)
{
    t->undo = xrealloc(t->undo, (t->n_undo + 1) * sizeof *t->undo);
    t->undo[t->n_undo++] = (struct undo_entry){u, n, xstrdup(what)};
}

static void undo_entry_free(struct undo_entry *x)
{
    for (size_t i = 0; i < x->n; i++)
        blocker_undo_fini(&x->u[i]);
    free(x->u);
    free(x->what);
}

static void after_change(struct app *a, const char *focus_key)
{
    if (a->triage_open) {
        load_queue(a, focus_key);
    } else {
        app_reload_all(a);
        draw_mark_panes(a);
    }
}

static void do_undo(struct app *a)
{
    struct triage_ui *t = tui(a);
    if (!t->n_undo) {
        app_message(a, false, "nothing to undo in this session");
        return;
    }
    struct undo_entry x = t->undo[--t->n_undo];
    struct err e = {0};
    int rc = 0;
    if (x.n == 1) {
        rc = blocker_undo(a->st, &x.u[0], &e);
    } else {
        rc = store_begin(a->st, &e);
        for (size_t i = 0; !rc && i < x.n; i++)
            rc = blocker_undo(a->st, &x.u[i], &e);
        if (rc)
            store_rollback(a->st);
        else
            rc = store_commit(a->st, &e);
    }
    if (rc)
        app_message(a, true, "cannot undo %s: %s", x.what, e.msg);
    else
        app_message(a, false, "undone: %s (%s is %s again)", x.what, x.u[0].before.key,
                    blocker_state_name(x.u[0].before.state));
    char *key = x.n ? xstrdup(x.u[0].before.key) : NULL;
    undo_entry_free(&x);
    if (!rc && t->done > 0)
        t->done--;
    after_change(a, key);
    free(key);
}

/* ---- applying a verdict ---- */

static const char *const done_word[CMD_COUNT] = {
    [CMD_T_ACCEPT] = "accepted",     [CMD_T_SEV1] = "set to S1",
    [CMD_T_SEV2] = "set to S2",      [CMD_T_SEV3] = "set to S3",
    [CMD_T_SEV4] = "set to S4",      [CMD_T_OWNER] = "given an owner",
    [CMD_T_WAITING] = "now waiting on another department",
    [CMD_T_ESCALATE] = "escalated",  [CMD_T_RESOLVE] = "resolved",
    [CMD_T_DECLINE] = "declined",    [CMD_T_DUPLICATE] = "marked duplicate",
    [CMD_T_SNOOZE] = "snoozed",      [CMD_T_COMMENT] = "commented",
};

static bool is_field_edit(enum cmd c)
{
    return (c >= CMD_T_SEV1 && c <= CMD_T_SEV4) || c == CMD_T_OWNER || c == CMD_T_WAITING;
}

static void apply(struct app *a)
{
    struct triage_ui *t = a->triage;
    struct pending *p = &t->pend;
    struct err e = {0};
    int rc;
    size_t failed = 0;
    struct blocker_undo *undos = xcalloc(p->n ? p->n : 1, sizeof *undos);
    struct verdict v = {0};
    static const struct {
        enum cmd c;
        enum blocker_verb verb;
    } verbs[] = {{CMD_T_ACCEPT, VERB_ACCEPT},   {CMD_T_RESOLVE, VERB_RESOLVE},
                 {CMD_T_DECLINE, VERB_DECLINE}, {CMD_T_DUPLICATE, VERB_DUPLICATE},
                 {CMD_T_SNOOZE, VERB_SNOOZE}};
    bool is_verb = false;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (verbs[i].c == p->c) {
            v.verb = verbs[i].verb;
            is_verb = true;
        }
    v.severity = p->severity;
    v.waiting_on = p->waiting;
    v.reason = p->text;
    v.duplicate_of = p->dup;
    v.until = p->until;
    const char *to = p->to && *p->to ? p->to : NULL;

    if (p->c == CMD_T_COMMENT) {
        rc = blocker_comment(a->st, p->keys[0], p->text, &e);
    } else if (p->bulk) {
        if (p->c == CMD_T_ESCALATE)
            rc = blocker_escalate_all(a->st, (const char *const *)p->keys, p->versions, p->n, to,
                                      undos, &failed, &e);
        else
            rc = blocker_apply_all(a->st, (const char *const *)p->keys, p->versions, p->n, &v,
                                   undos, &failed, &e);
    } else if (is_verb) {
        v.expect_version = p->versions[0];
        rc = blocker_apply_ex(a->st, p->keys[0], &v, &undos[0], &e);
    } else if (p->c == CMD_T_ESCALATE) {
        rc = blocker_escalate_ex(a->st, p->keys[0], to, p->versions[0], &undos[0], &e);
    } else {
        /* severity, owner, waiting-on: an edit of the blocker as shown */
        struct blocker b;
        rc = blocker_get(a->st, p->keys[0], &b, &e);
        if (!rc) {
            b.version = p->versions[0];
            if (p->c >= CMD_T_SEV1 && p->c <= CMD_T_SEV4)
                b.severity = (int)(p->c - CMD_T_SEV1) + 1;
            else if (p->c == CMD_T_OWNER)
                set_str(&b.owner, p->owner);
            else
                set_str(&b.waiting_on, p->waiting);
            rc = blocker_update_ex(a->st, &b, &undos[0], &e);
            blocker_fini(&b);
        }
    }

    char *focus = NULL;
    if (rc) {
        free(undos);
        if (p->bulk)
            app_message(a, true, "nothing was written: %s", e.msg);
        else
            app_message(a, true, "%s", e.msg);
        /* show what the blocker is now */
        focus = a->triage_open && t->have_b ? xstrdup(t->b.key) : NULL;
    } else {
        char what[160];
        if (p->bulk)
            snprintf(what, sizeof what, "%zu blockers %s", p->n, done_word[p->c]);
        else if (p->c == CMD_T_ESCALATE)
            snprintf(what, sizeof what, "%s escalated to %s", p->keys[0],
                     undos[0].before.key ? (to ? to : "the waiting-on lead") : "-");
        else
            snprintf(what, sizeof what, "%s %s", p->keys[0], done_word[p->c]);
        if (p->c == CMD_T_COMMENT) {
            free(undos);
            app_message(a, false, "%s", what);
        } else {
            undo_push(t, undos, p->n, what);
            app_message(a, false, "%s; u undoes", what);
            t->done++;
        }
        if (p->bulk) {
            triage_clear_marks(a);
        }
        if (is_field_edit(p->c) || p->c == CMD_T_COMMENT || p->c == CMD_T_ESCALATE)
            focus = xstrdup(p->keys[0]); /* still new: stay on it */
    }
    pend_clear(p);
    after_change(a, focus);
    free(focus);
}

/* ---- asking for what a verdict needs ---- */

static void next_step(struct app *a);

static bool got_severity(struct app *a, const char *text, void *arg)
{
    long n = 0;
    if (!str_to_long(text, &n) || n < 1 || n > 4) {
        app_message(a, true, "severity is 1 (critical), 2 (high), 3 (medium) or 4 (low)");
        return false;
    }
    a->triage->pend.severity = (int)n;
    next_step(a);
    return true;
}

static void picked_waiting(struct app *a, struct picker *p, const char *key, void *arg)
{
    set_str(&a->triage->pend.waiting, key);
    next_step(a);
}

static void picked_owner(struct app *a, struct picker *p, const char *key, void *arg)
{
    set_str(&a->triage->pend.owner, key);
    next_step(a);
}

static void picked_dup(struct app *a, struct picker *p, const char *key, void *arg)
{
    struct pending *pd = &a->triage->pend;
    for (size_t i = 0; i < pd->n; i++)
        if (strcasecmp(pd->keys[i], key) == 0) {
            app_message(a, true, "%s cannot be a duplicate of itself; nothing was written", key);
            pend_clear(pd);
            return;
        }
    set_str(&pd->dup, key);
    next_step(a);
}

static bool got_text(struct app *a, const char *text, void *arg)
{
    struct pending *p = &a->triage->pend;
    bool required = p->c != CMD_T_RESOLVE;
    const char *what = p->c == CMD_T_COMMENT ? "a comment" : "a reason";
    if (required && str_empty(text)) {
        app_message(a, true, "type %s first (it goes in the history); Esc cancels", what);
        return false;
    }
    set_str(&p->text, str_empty(text) ? NULL : text);
    if (!p->text)
        p->text = xstrdup("");
    next_step(a);
    return true;
}

static bool got_until(struct app *a, const char *text, void *arg)
{
    btime t;
    if (!time_parse(text, &t)) {
        app_message(a, true, "'%s' is not a date: YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)", text);
        return false;
    }
    if (t <= time_now()) {
        app_message(a, true, "%s is not in the future", text);
        return false;
    }
    char iso[32];
    time_fmt_iso(t, iso);
    set_str(&a->triage->pend.until, iso);
    next_step(a);
    return true;
}

static bool got_to(struct app *a, const char *text, void *arg)
{
    struct pending *p = &a->triage->pend;
    if (str_empty(text) && !p->bulk) {
        app_message(a, true, "type the login it goes to; Esc cancels");
        return false;
    }
    set_str(&p->to, str_empty(text) ? NULL : text);
    p->have_to = true;
    next_step(a);
    return true;
}

static void department_picker(struct app *a, const char *title)
{
    struct picker pk;
    picker_init(&pk, title, false);
    struct department *v = NULL;
    size_t n = 0;
    struct err e = {0};
    struct query q = {0};
    if (department_list(a->st, &q, &v, &n, &e)) {
        picker_fini(&pk);
        pend_clear(&a->triage->pend);
        app_message(a, true, "%s", e.msg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i].archived)
            continue;
        char *label = xasprintf("%s%s%s%s", v[i].name, v[i].lead ? " (lead " : "",
                                v[i].lead ? v[i].lead : "", v[i].lead ? ")" : "");
        picker_add(&pk, v[i].key, label);
        free(label);
    }
    department_list_free(v, n);
    picker_open(a, &pk, picked_waiting, NULL);
}

static void people_picker(struct app *a, const char *title)
{
    struct picker pk;
    picker_init(&pk, title, false);
    pk.allow_typed = true;
    struct person *v = NULL;
    size_t n = 0;
    struct err e = {0};
    struct query q = {0};
    if (person_list(a->st, &q, &v, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++) {
            char *label = xasprintf("%s%s%s%s", v[i].name, v[i].department ? " (" : "",
                                    v[i].department ? v[i].department : "",
                                    v[i].department ? ")" : "");
            picker_add(&pk, v[i].login, label);
            free(label);
        }
        person_list_free(v, n);
    }
    picker_open(a, &pk, picked_owner, NULL);
}

static void duplicate_picker(struct app *a)
{
    struct pending *p = &a->triage->pend;
    struct picker pk;
    char *title = p->bulk ? xasprintf("%zu marked blockers duplicate the original:", p->n)
                          : xasprintf("%s duplicates which blocker?", p->keys[0]);
    picker_init(&pk, title, false);
    free(title);
    pk.allow_typed = true;
    struct err e = {0};
    struct blocker_match *m = NULL;
    size_t nm = 0;
    if (blocker_similar(a->st, p->keys[0], 8, &m, &nm, &e) == 0) {
        for (size_t i = 0; i < nm; i++) {
            char *label = xasprintf("%s  (likely: similar words)", m[i].title);
            picker_add(&pk, m[i].key, label)->pinned = true;
            free(label);
        }
    }
    /* then the other open blockers, most urgent first */
    struct blocker *v = NULL;
    size_t n = 0;
    struct query q = {.state = "open", .limit = 500};
    if (blocker_list(a->st, &q, &v, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++) {
            bool seen = false;
            for (size_t k = 0; k < nm && !seen; k++)
                seen = strcmp(m[k].key, v[i].key) == 0;
            for (size_t k = 0; k < p->n && !seen; k++)
                seen = strcmp(p->keys[k], v[i].key) == 0;
            if (!seen)
                picker_add(&pk, v[i].key, v[i].title);
        }
        blocker_list_free(v, n);
    }
    blocker_match_list_free(m, nm);
    picker_open(a, &pk, picked_dup, NULL);
}

/* What the pending verdict still needs from any of its targets. */
static bool needs_severity(const struct app *a)
{
    const struct triage_ui *t = a->triage;
    const struct pending *p = &t->pend;
    if (p->severity)
        return false;
    if (!p->bulk)
        return t->have_b && t->b.severity == 0;
    for (size_t i = 0; i < t->n_marks; i++)
        if (!t->marks[i].severity)
            return true;
    return false;
}

static bool needs_waiting(const struct app *a)
{
    const struct triage_ui *t = a->triage;
    const struct pending *p = &t->pend;
    if (p->waiting)
        return false;
    if (!p->bulk)
        return t->have_b && !t->b.waiting_on;
    for (size_t i = 0; i < t->n_marks; i++)
        if (!t->marks[i].has_waiting)
            return true;
    return false;
}

static void text_prompt(struct app *a, const char *label, const char *initial, const char *hint)
{
    struct prompt_opts o = {.initial = initial, .hint = hint};
    prompt_open(a, label, &o, got_text, NULL);
}

/* The snooze presets: tomorrow 09:00, next Monday 09:00, a week on. */
static void snooze_prompt(struct app *a)
{
    btime now = time_now(), day = time_day_start(now);
    int wd = time_weekday(now);
    int to_monday = (8 - wd) % 7;
    if (to_monday == 0)
        to_monday = 7;
    char tomorrow[32], monday[32], week[32];
    time_fmt_iso(day + 86400 + 9 * 3600, tomorrow);
    time_fmt_iso(day + (btime)to_monday * 86400 + 9 * 3600, monday);
    time_fmt_iso(now + 7 * 86400, week);
    const char *keys[] = {"t", "m", "w"};
    const char *vals[] = {tomorrow, monday, week};
    struct prompt_opts o = {
        .preset_keys = keys,
        .preset_values = vals,
        .n_presets = 3,
        .hint = "t tomorrow 09:00, m next Monday 09:00, w in a week, or YYYY-MM-DD[THH:MM]",
    };
    char *label = a->triage->pend.bulk ? xasprintf("snooze %zu until", a->triage->pend.n)
                                        : xasprintf("snooze %s until", a->triage->pend.keys[0]);
    prompt_open(a, label, &o, got_until, NULL);
    free(label);
}

static void escalate_prompt(struct app *a)
{
    struct triage_ui *t = a->triage;
    struct pending *p = &t->pend;
    if (p->bulk) {
        struct prompt_opts o = {.hint = "Enter: each to its waiting-on department's lead"};
        char *label = xasprintf("escalate %zu blockers to (login)", p->n);
        prompt_open(a, label, &o, got_to, NULL);
        free(label);
        return;
    }
    struct department d = {0};
    struct err e = {0};
    const char *lead = NULL;
    if (t->b.waiting_on && department_get(a->st, t->b.waiting_on, &d, &e) == 0)
        lead = d.lead;
    char *hint = lead ? xasprintf("lead of %s; Enter confirms, or type another login", d.key)
                      : xstrdup("no waiting-on lead to default to: type a login");
    struct prompt_opts o = {.initial = lead, .hint = hint};
    char *label = xasprintf("escalate %s (level %d) to", p->keys[0], t->b.escalation_level + 1);
    prompt_open(a, label, &o, got_to, NULL);
    free(label);
    free(hint);
    department_fini(&d);
}

/* Opens the next prompt the pending verdict needs, or applies it. */
static void next_step(struct app *a)
{
    struct pending *p = &a->triage->pend;
    char label[160];
    switch (p->c) {
    case CMD_T_ACCEPT:
        if (needs_severity(a)) {
            struct prompt_opts o = {.instant = "1234",
                                    .hint = "1 critical, 2 high, 3 medium, 4 low"};
            snprintf(label, sizeof label, "accept %s: severity",
                     p->bulk ? "the marked" : p->keys[0]);
            prompt_open(a, label, &o, got_severity, NULL);
            return;
        }
        if (needs_waiting(a)) {
            snprintf(label, sizeof label, "accept %s: waiting on which department?",
                     p->bulk ? "the marked" : p->keys[0]);
            department_picker(a, label);
            return;
        }
        break;
    case CMD_T_OWNER:
        if (!p->owner) {
            snprintf(label, sizeof label, "owner of %s (who must act)", p->keys[0]);
            people_picker(a, label);
            return;
        }
        break;
    case CMD_T_WAITING:
        if (!p->waiting) {
            snprintf(label, sizeof label, "%s waits on which department?", p->keys[0]);
            department_picker(a, label);
            return;
        }
        break;
    case CMD_T_ESCALATE:
        if (!p->have_to) {
            escalate_prompt(a);
            return;
        }
        break;
    case CMD_T_RESOLVE:
        if (!p->text) {
            text_prompt(a, p->bulk ? "resolve the marked: note" : "resolve: note",
                        NULL, "how it was cleared (may be empty)");
            return;
        }
        break;
    case CMD_T_DECLINE:
        if (!p->text) {
            text_prompt(a, p->bulk ? "decline the marked: reason" : "decline: reason", NULL,
                        "why it is not a blocker (required)");
            return;
        }
        break;
    case CMD_T_COMMENT:
        if (!p->text) {
            text_prompt(a, "comment", NULL, "kept in the blocker's history");
            return;
        }
        break;
    case CMD_T_DUPLICATE:
        if (!p->dup) {
            duplicate_picker(a);
            return;
        }
        if (!p->text) {
            char *init = xasprintf("same as %s", p->dup);
            text_prompt(a, "duplicate: reason", init, "Enter keeps it");
            free(init);
            return;
        }
        break;
    case CMD_T_SNOOZE:
        if (!p->until) {
            snooze_prompt(a);
            return;
        }
        if (!p->text) {
            text_prompt(a, "snooze: reason", NULL, "why it can wait (required)");
            return;
        }
        break;
    default: break;
    }
    apply(a);
}

void triage_command(struct app *a, enum cmd c)
{
    struct triage_ui *t = tui(a);
    if (c == CMD_T_UNDO) {
        do_undo(a);
        return;
    }
    pend_clear(&t->pend);
    struct pending *p = &t->pend;
    p->c = c;
    if (a->triage_open) {
        if (!t->have_b) {
            app_message(a, false, "the triage queue is empty");
            return;
        }
        p->n = 1;
        p->keys = xcalloc(1, sizeof *p->keys);
        p->versions = xcalloc(1, sizeof *p->versions);
        p->keys[0] = xstrdup(t->b.key);
        /* the version on the screen now is the one the write names */
        p->versions[0] = t->b.version;
    } else if (a->standup_open && !a->detail_open) {
        /* the stand-up page: the blocker under its cursor */
        int64_t version = 0;
        const char *key = standup_selected_blocker(a, &version);
        if (!key) {
            app_message(a, false, "move the cursor to a blocker first (j k)");
            return;
        }
        p->n = 1;
        p->keys = xcalloc(1, sizeof *p->keys);
        p->versions = xcalloc(1, sizeof *p->versions);
        p->keys[0] = xstrdup(key);
        p->versions[0] = version;
    } else {
        if (!t->n_marks) {
            app_message(a, false, "mark blockers with Space first");
            return;
        }
        p->bulk = true;
        p->n = t->n_marks;
        p->keys = xcalloc(p->n, sizeof *p->keys);
        p->versions = xcalloc(p->n, sizeof *p->versions);
        for (size_t i = 0; i < p->n; i++) {
            p->keys[i] = xstrdup(t->marks[i].key);
            p->versions[i] = t->marks[i].version;
        }
    }
    next_step(a);
}

/* ---- drawing ---- */

void triage_draw(struct app *a)
{
    struct triage_ui *t = tui(a);
    WINDOW *w = a->main;
    if (!w)
        return;
    werase(w);
    int h, wd;
    getmaxyx(w, h, wd);
    char top[96], bottom[64];
    snprintf(top, sizeof top, "%zu left %s %d done this round", t->n, a->ctx.g->dot, t->done);
    if (t->n)
        snprintf(bottom, sizeof bottom, "%zu of %zu", t->cur + 1, t->n);
    else
        snprintf(bottom, sizeof bottom, "empty");
    char title[64];
    snprintf(title, sizeof title, "Triage%s%s", a->dept ? " in " : "", a->dept ? a->dept : "");
    draw_box_in(a, w, true, title, top, bottom);
    int inner_h = h - 2;
    if (t->n == 0) {
        const char *msg = "Nothing to triage: every new blocker has a verdict. Esc goes back.";
        int x = (wd - utf8_width(msg)) / 2;
        draw_put(w, h / 2, x > 1 ? x : 1, a->attr[TR_DIM], msg, wd - 2);
        wnoutrefresh(w);
        return;
    }
    /* the queue: a column on the left when there is room, else a strip on top */
    bool side = a->cols >= 110;
    int qw = side ? (wd / 3 < 56 ? wd / 3 : 56) : wd - 4;
    int qh = side ? inner_h : (inner_h / 4 < 5 ? inner_h / 4 : 5);
    if (qh < 1)
        qh = 1;
    size_t first = t->cur >= (size_t)qh / 2 ? t->cur - (size_t)qh / 2 : 0;
    if (first + (size_t)qh > t->n)
        first = t->n > (size_t)qh ? t->n - (size_t)qh : 0;
    if (qh > QUEUE_WINDOW)
        qh = QUEUE_WINDOW;
    struct err we = {0};
    if (window_hold(a, first, first + (size_t)qh, &we))
        app_message(a, true, "%s", we.msg);
    struct strbuf sb;
    sb_init(&sb);
    for (int r = 0; r < qh && first + (size_t)r < t->n; r++) {
        size_t i = first + (size_t)r;
        struct blocker b;
        struct err e = {0};
        bool cur = i == t->cur;
        sb_clear(&sb);
        sb_add(&sb, cur ? a->ctx.g->selected : " ");
        sb_add(&sb, " ");
        enum theme_role role = TR_NORMAL;
        if (cur && t->have_b) {
            triage_queue_line(&t->b, view_blocker_sla(a->st, &t->b, a->ctx.now), qw - 2,
                              &a->ctx, &sb);
        } else if (i >= t->base && i < t->base + t->nk &&
                   blocker_get(a->st, t->keys[i - t->base], &b, &e) == 0) {
            enum blocker_sla s = view_blocker_sla(a->st, &b, a->ctx.now);
            triage_queue_line(&b, s, qw - 2, &a->ctx, &sb);
            role = s == SLA_PAST ? TR_RED : s == SLA_NEAR ? TR_AMBER : TR_NORMAL;
            blocker_fini(&b);
        } else if (i >= t->base && i < t->base + t->nk) {
            sb_add(&sb, t->keys[i - t->base]);
        }
        attr_t at = cur ? a->attr[TR_SELECTION] | A_BOLD : a->attr[role];
        draw_put(w, 1 + r, 2, at, sb_str(&sb), qw);
    }
    sb_fini(&sb);
    int dx = side ? qw + 3 : 2, dy = side ? 1 : qh + 2;
    int dw = side ? wd - qw - 5 : wd - 4;
    if (side) {
        for (int y = 1; y < h - 1; y++)
            draw_put(w, y, qw + 2, a->attr[TR_BORDER], a->ctx.g->vl, 1);
    } else {
        struct strbuf line;
        sb_init(&line);
        for (int x = 0; x < wd - 2; x++)
            sb_add(&line, a->ctx.g->hl);
        draw_put(w, qh + 1, 1, a->attr[TR_BORDER], sb_str(&line), wd - 2);
        sb_fini(&line);
    }
    if (t->have_b && t->doc_width != doc_width_for(a)) {
        int top_line = t->doc_top;
        load_current(a);
        t->doc_top = top_line;
    }
    int body = h - 1 - dy;
    if (t->doc_top > (int)t->doc.n - body)
        t->doc_top = (int)t->doc.n - body;
    if (t->doc_top < 0)
        t->doc_top = 0;
    for (int r = 0; r < body && t->doc_top + r < (int)t->doc.n; r++)
        draw_doc_line(a, w, dy + r, dx, dw, &t->doc.lines[t->doc_top + r]);
    wnoutrefresh(w);
}

void triage_free(struct app *a)
{
    struct triage_ui *t = a->triage;
    if (!t)
        return;
    queue_free(t);
    if (t->have_b)
        blocker_fini(&t->b);
    doc_fini(&t->doc);
    triage_clear_marks(a);
    for (size_t i = 0; i < t->n_undo; i++)
        undo_entry_free(&t->undo[i]);
    free(t->undo);
    pend_clear(&t->pend);
    free(t);
    a->triage = NULL;
}
