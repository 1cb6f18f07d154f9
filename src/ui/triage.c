/*
 * Triage mode and bulk verdicts. Triage walks the queue of new blockers
 * (snoozed ones whose time came are woken first), most severe then
 * oldest, showing the focused one whole; one key gives a verdict, asking
 * only for what the verdict still needs through one-line prompts and
 * pickers, and the next blocker comes up at once; right after a verdict,
 * x and c still act on the blocker just decided. The same verdict keys
 * act on the selected blocker wherever one is selected (the blockers pane,
 * a detail view, the stand-up page); in the blockers pane, Space marks
 * blockers and a verdict applies to every marked one in one transaction,
 * checked against each before any prompt opens.
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
#include "baton/verdict.h"
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
    char *what;   /* "B-7 declined" */
    bool verdict; /* a state change: undoing it takes one off "done this round" */
};

/* A verdict being asked for: its targets and what the prompts gave. */
struct pending {
    enum cmd c;
    bool bulk;
    char **keys;
    int64_t *versions;
    size_t n;
    /* what the targets are, read before any prompt */
    bool lacks_severity, lacks_waiting; /* some target has none */
    char *waiting_of;                   /* the first target's waiting-on department */
    int level;                          /* and its escalation level */
    /* what the prompts gave */
    int severity;
    char *waiting, *owner, *text, *until, *dup, *to;
    bool have_to;
    char *initial; /* the text prompt's default (selected: typing replaces it) */
};

struct triage_ui {
    /* A window of the queue: rows[i] is position base + i, as read when the
     * queue was last loaded (every change and every reload loads it
     * again); n is the queue's length, cur the focused position. */
    struct blocker *rows;
    size_t nk, base;
    size_t n, cur;
    int done; /* verdicts (state changes) this round */
    struct blocker b;
    bool have_b;
    /* the focused blocker was just edited here, at position moved_from
     * with severity moved_sev: the queue reload places it from there
     * rather than counting the rows before it */
    bool moved;
    size_t moved_from;
    int moved_sev;
    struct doc doc;
    int doc_top, doc_width;
    struct mark *marks;
    size_t n_marks;
    struct undo_entry *undo;
    size_t n_undo;
    struct pending pend;
    /* the blocker of the last verdict in triage, while the next key may
     * still act on it (x, c), and whether it is still open */
    char *just;
    bool just_open;
    char *just_note; /* the comment it would likely get ("same as B-3"), or NULL */
    /* the text of a refused bulk verdict, offered again to the next try */
    char *retry_text;
    enum cmd retry_c;
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
    free(p->waiting_of);
    free(p->initial);
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
    blocker_list_free(t->rows, t->nk);
    t->rows = NULL;
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
    t->rows = v;
    t->nk = nv;
    t->base = start;
    return 0;
}

/* Makes the window the rows around position p, whose row has id: up to
 * half a window above it through a seek before it, then it and the rows
 * after through a seek after the last of those, so that the focus and
 * what the queue column shows around it come from one window. */
static int window_around(struct app *a, int64_t id, size_t p, struct err *e)
{
    struct triage_ui *t = a->triage;
    struct query q = {.limit = QUEUE_WINDOW};
    if (p == 0)
        return window_fetch(a, &q, 0, e);
    q.before = id;
    q.limit = p < QUEUE_WINDOW / 2 ? (int)p : QUEUE_WINDOW / 2;
    int rc = window_fetch(a, &q, p - (size_t)q.limit, e);
    if (rc || !t->nk)
        return rc;
    struct query r = {.after = t->rows[t->nk - 1].id,
                      .limit = QUEUE_WINDOW - (int)t->nk,
                      .state = "new",
                      .dept = a->dept,
                      .sort = BLOCKER_SORT_TRIAGE,
                      .offset = (int64_t)(t->base + t->nk)};
    struct blocker *v = NULL;
    size_t nv = 0;
    if ((rc = blocker_list(a->st, &r, &v, &nv, e)))
        return rc;
    t->rows = xrealloc(t->rows, (t->nk + nv + 1) * sizeof *t->rows);
    memcpy(t->rows + t->nk, v, nv * sizeof *v);
    t->nk += nv;
    free(v);
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
        q.after = t->rows[start - 1 - t->base].id;
    else if (end < t->n && end >= t->base && end < t->base + t->nk)
        q.before = t->rows[end - t->base].id;
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
    return i >= t->base && i < t->base + t->nk ? t->rows[i - t->base].key : NULL;
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
    int64_t above = t->nk && pos > t->base && pos - 1 < t->base + t->nk ? t->rows[pos - 1 - t->base].id
                                                                        : 0;
    queue_free(t);
    struct err e = {0};
    a->ctx.now = time_now();
    int woken = 0;
    int rc = store_readonly(a->st) ? 0 : blocker_wake_due(a->st, &woken, &e);
    if (!rc && woken)
        app_count_triage(a); /* the header counts the woken ones too */
    int64_t total = 0, at = -1;
    if (!rc)
        rc = blocker_queue_count(a->st, a->dept, &total, &e);
    if (!rc && stay && t->moved && !woken)
        rc = blocker_queue_moved(a->st, a->dept, stay, t->moved_sev, (int64_t)t->moved_from, &at,
                                 &e);
    else if (!rc && stay)
        rc = blocker_queue_position(a->st, a->dept, stay, &at, &e);
    t->moved = false;
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
        if (at > 0) {
            rc = window_around(a, kept.id, (size_t)at, &e);
        } else if (at < 0 && above && t->cur == pos && pos > 0) {
            rc = window_around(a, above, pos - 1, &e);
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

static void enter(struct app *a, void *data)
{
    struct triage_ui *t = tui(a);
    t->done = 0;
    t->cur = 0;
    t->doc_top = 0;
    load_queue(a, NULL);
    if (t->n == 0)
        app_message(a, false, "the triage queue is empty%s%s: nothing new to decide",
                    a->dept ? " in " : "", a->dept ? a->dept : "");
}

void triage_enter(struct app *a)
{
    if (mode_on(a, &mode_triage))
        enter(a, NULL); /* again: the queue from its top */
    else
        mode_push(a, &mode_triage, NULL);
}

static void leave(struct app *a, void *data)
{
    if (a->triage && a->triage->done)
        app_message(a, false, "triage: %d verdict%s this round", a->triage->done,
                    a->triage->done == 1 ? "" : "s");
    app_reload_all(a);
    draw_mark_panes(a);
    a->dirty_status = true;
}

void triage_leave(struct app *a)
{
    mode_remove(a, &mode_triage);
}

static void reload(struct app *a)
{
    struct triage_ui *t = tui(a);
    char *keep = t->have_b ? xstrdup(t->b.key) : NULL;
    load_queue(a, keep);
    free(keep);
}

const struct blocker *triage_current(const struct app *a)
{
    const struct triage_ui *t = a->triage;
    return t && mode_on(a, &mode_triage) && t->have_b ? &t->b : NULL;
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
    free(t->retry_text); /* it was typed for these marks */
    t->retry_text = NULL;
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
                    "%zu marked: a accept, i start, r resolve, d decline, m duplicate, z snooze,"
                    " x escalate, R reopen (all in one go); Esc clears",
                    t->n_marks);
    else
        app_message(a, false, "no blockers marked");
}

static bool has_selected(const struct mode *m)
{
    return m->selected != NULL;
}

/* The topmost mode that selects a blocker: the detail over triage or the
 * stand-up, and those over the panes. */
const char *app_selected_blocker(const struct app *a)
{
    const struct mode *m = mode_find(a, has_selected);
    return m ? m->selected(a, NULL) : NULL;
}

/* ---- the session's undo list ---- */

static void undo_push(struct triage_ui *t, struct blocker_undo *u, size_t n, const char *what,
                      bool verdict)
{
    t->undo = xrealloc(t->undo, (t->n_undo + 1) * sizeof *t->undo);
    t->undo[t->n_undo++] = (struct undo_entry){u, n, xstrdup(what), verdict};
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
    if (mode_on(a, &mode_triage)) {
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
    if (!rc && x.verdict && t->done > 0)
        t->done--;
    undo_entry_free(&x);
    after_change(a, key);
    free(key);
}

/* ---- what each command is ---- */

/* The commands that change a blocker's state, and their verbs: these are
 * the verdicts "done this round" counts. */
static const struct {
    enum cmd c;
    enum blocker_verb verb;
} verbs[] = {
    {CMD_T_ACCEPT, VERB_ACCEPT},       {CMD_T_START, VERB_START},
    {CMD_T_RESOLVE, VERB_RESOLVE},     {CMD_T_DECLINE, VERB_DECLINE},
    {CMD_T_DUPLICATE, VERB_DUPLICATE}, {CMD_T_SNOOZE, VERB_SNOOZE},
    {CMD_T_REOPEN, VERB_REOPEN},
};

static bool cmd_verb(enum cmd c, enum blocker_verb *verb)
{
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (verbs[i].c == c) {
            if (verb)
                *verb = verbs[i].verb;
            return true;
        }
    return false;
}

/* What the other commands did; a verdict says its row's word. */
static const char *const done_word[CMD_COUNT] = {
    [CMD_T_SEV1] = "set to S1",      [CMD_T_SEV2] = "set to S2",
    [CMD_T_SEV3] = "set to S3",      [CMD_T_SEV4] = "set to S4",
    [CMD_T_OWNER] = "given an owner",
    [CMD_T_WAITING] = "now waiting on another department",
    [CMD_T_ESCALATE] = "escalated",  [CMD_T_COMMENT] = "commented",
};

static const char *done_of(enum cmd c)
{
    enum blocker_verb verb;
    return cmd_verb(c, &verb) ? verdict_rule(verb)->done : done_word[c];
}

/* What a command given to marked blockers does to each of them. */
static bool bulk_allowed(enum cmd c)
{
    return cmd_verb(c, NULL) || c == CMD_T_ESCALATE;
}

static bool is_field_edit(enum cmd c)
{
    return (c >= CMD_T_SEV1 && c <= CMD_T_SEV4) || c == CMD_T_OWNER || c == CMD_T_WAITING;
}

/* ---- applying a verdict ---- */

static void forget_just(struct triage_ui *t)
{
    free(t->just);
    free(t->just_note);
    t->just = t->just_note = NULL;
}

/* The message after a verdict on one blocker; in triage, the keys that
 * still act on it. */
static void say_done(struct app *a, const struct pending *p, const struct blocker *now)
{
    struct triage_ui *t = a->triage;
    char what[200];
    if (p->c == CMD_T_ESCALATE && now)
        snprintf(what, sizeof what, "%s escalated to %s (level %d)", p->keys[0],
                 now->escalated_to ? now->escalated_to : "-", now->escalation_level);
    else
        snprintf(what, sizeof what, "%s %s", p->keys[0], done_of(p->c));
    if (p->c == CMD_T_COMMENT) {
        app_message(a, false, "%s", what);
        return;
    }
    struct strbuf keys;
    sb_init(&keys);
    if (t->just && t->just_open && keymap_keys(&a->km, CMD_T_ESCALATE, "/", 1, &keys))
        sb_add(&keys, " escalates it, ");
    if (t->just && keymap_keys(&a->km, CMD_T_COMMENT, "/", 1, &keys))
        sb_add(&keys, " comments on it, ");
    keymap_keys(&a->km, CMD_T_UNDO, "/", 1, &keys);
    app_message(a, false, "%s; %s undoes", what, sb_str(&keys));
    sb_fini(&keys);
}

/* Each mark takes the version of its blocker as it is now. */
static void refresh_marks(struct app *a)
{
    struct triage_ui *t = a->triage;
    for (size_t i = 0; i < t->n_marks; i++) {
        struct blocker b;
        struct err e = {0};
        if (blocker_get(a->st, t->marks[i].key, &b, &e) != 0)
            continue;
        t->marks[i].version = b.version;
        t->marks[i].severity = b.severity;
        t->marks[i].has_waiting = b.waiting_on != NULL;
        blocker_fini(&b);
    }
}

static int apply_one(struct app *a, struct pending *p, const struct verdict *v, bool is_verb,
                     struct blocker_undo *u, struct err *e)
{
    const char *to = p->to && *p->to ? p->to : NULL;
    if (p->c == CMD_T_COMMENT)
        return blocker_comment(a->st, p->keys[0], p->text, e);
    if (is_verb) {
        struct verdict one = *v;
        one.expect_version = p->versions[0];
        return blocker_apply_ex(a->st, p->keys[0], &one, u, e);
    }
    if (p->c == CMD_T_ESCALATE)
        return blocker_escalate_ex(a->st, p->keys[0], to, p->versions[0], u, e);
    /* severity, owner, waiting-on: an edit of the blocker as shown */
    struct blocker b;
    int rc = blocker_get(a->st, p->keys[0], &b, e);
    if (rc)
        return rc;
    b.version = p->versions[0];
    if (p->c >= CMD_T_SEV1 && p->c <= CMD_T_SEV4)
        b.severity = (int)(p->c - CMD_T_SEV1) + 1;
    else if (p->c == CMD_T_OWNER)
        set_str(&b.owner, p->owner);
    else
        set_str(&b.waiting_on, p->waiting);
    rc = blocker_update_ex(a->st, &b, u, e);
    blocker_fini(&b);
    return rc;
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
    bool is_verb = cmd_verb(p->c, &v.verb);
    v.severity = p->severity;
    v.waiting_on = p->waiting;
    v.reason = p->text && *p->text ? p->text : NULL;
    v.duplicate_of = p->dup;
    v.until = p->until;
    /* marked blockers keep what they have: accept fills only the gaps */
    v.fill_only = p->bulk;
    if (p->bulk && p->c == CMD_T_ESCALATE)
        rc = blocker_escalate_all(a->st, (const char *const *)p->keys, p->versions, p->n,
                                  p->to && *p->to ? p->to : NULL, undos, &failed, &e);
    else if (p->bulk)
        rc = blocker_apply_all(a->st, (const char *const *)p->keys, p->versions, p->n, &v,
                               undos, &failed, &e);
    else
        rc = apply_one(a, p, &v, is_verb, undos, &e);

    char *focus = NULL;
    if (rc) {
        free(undos);
        if (p->bulk) {
            /* the marks stay, and so does what was typed, for the next try;
             * the pane now shows what the colleague changed, and the marks
             * name those versions */
            refresh_marks(a);
            free(t->retry_text);
            t->retry_text = p->text && *p->text ? xstrdup(p->text) : NULL;
            t->retry_c = p->c;
            app_message(a, true, "nothing was written, the marks stay: %s", e.msg);
        } else {
            app_message(a, true, "%s", e.msg);
        }
        /* show what the blocker is now */
        focus = mode_on(a, &mode_triage) && t->have_b ? xstrdup(t->b.key) : NULL;
        pend_clear(p);
        after_change(a, focus);
        free(focus);
        return;
    }
    free(t->retry_text);
    t->retry_text = NULL;
    if (is_verb)
        t->done++;
    struct blocker now = {0};
    bool have_now = !p->bulk && blocker_get(a->st, p->keys[0], &now, &e) == 0;
    /* in triage the queue moves on, but the next key may still act on the
     * blocker just decided (x escalates it, c comments on it) */
    forget_just(t);
    if (mode_on(a, &mode_triage) && !p->bulk && is_verb) {
        t->just = xstrdup(p->keys[0]);
        t->just_open = have_now && blocker_state_open(now.state);
        if (p->c == CMD_T_DUPLICATE)
            t->just_note = xasprintf("same as %s", p->dup);
    }
    if (p->bulk) {
        char what[160];
        snprintf(what, sizeof what, "%zu %s %s", p->n,
                 view_plural((long long)p->n, "blocker", "blockers"), done_of(p->c));
        undo_push(t, undos, p->n, what, is_verb);
        struct strbuf u;
        sb_init(&u);
        keymap_keys(&a->km, CMD_T_UNDO, "/", 1, &u);
        app_message(a, false, "%s; %s undoes", what, sb_str(&u));
        sb_fini(&u);
        triage_clear_marks(a);
    } else {
        say_done(a, p, have_now ? &now : NULL);
        if (p->c == CMD_T_COMMENT) {
            free(undos);
        } else {
            char what[160];
            snprintf(what, sizeof what, "%s %s", p->keys[0], done_of(p->c));
            undo_push(t, undos, 1, what, is_verb);
        }
    }
    if (have_now)
        blocker_fini(&now);
    if (is_field_edit(p->c) || p->c == CMD_T_COMMENT || p->c == CMD_T_ESCALATE) {
        focus = xstrdup(p->keys[0]); /* still where it was: stay on it */
        if (mode_on(a, &mode_triage) && !p->bulk && t->have_b && str_eq(t->b.key, focus)) {
            t->moved = true;
            t->moved_from = t->cur;
            t->moved_sev = t->b.severity;
        }
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

static void picked_to(struct app *a, struct picker *p, const char *key, void *arg)
{
    struct pending *pd = &a->triage->pend;
    set_str(&pd->to, str_empty(key) ? NULL : key);
    pd->have_to = true;
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
    enum blocker_verb verb;
    const struct verdict_arg *reason =
        cmd_verb(p->c, &verb) ? verdict_arg(verdict_rule(verb), VF_REASON) : NULL;
    bool required = p->c == CMD_T_COMMENT || (reason && reason->need == VN_REQUIRED);
    const char *what = p->c == CMD_T_COMMENT ? "a comment" : "a reason";
    if (required && str_empty(text)) {
        app_message(a, true, "type %s first (it goes in the history); Esc cancels", what);
        return false;
    }
    set_str(&p->text, str_empty(text) ? "" : text);
    next_step(a);
    return true;
}

static bool got_until(struct app *a, const char *text, void *arg)
{
    btime t;
    struct err e;
    if (time_input(text, time_now(), &t, &e) < 0) {
        app_message(a, true, "%s", e.msg);
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

/* The waiting-on picker starts on the department the most similar
 * blockers wait on (or a dependency points to), and says why. */
static void department_picker(struct app *a, const char *title)
{
    struct pending *p = &a->triage->pend;
    struct picker pk;
    picker_init(&pk, title, false);
    struct department *v = NULL;
    size_t n = 0;
    struct err e = {0};
    struct query q = {0};
    if (department_list(a->st, &q, &v, &n, &e)) {
        picker_fini(&pk);
        pend_clear(p);
        app_message(a, true, "%s", e.msg);
        return;
    }
    struct waiting_guess g = {0};
    if (p->n == 1 && blocker_guess_waiting(a->st, p->keys[0], &g, &e) != 0)
        memset(&g, 0, sizeof g); /* no guess: the list as it is */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            bool guessed = g.dept && str_eq(v[i].key, g.dept);
            if (v[i].archived || guessed != (pass == 0))
                continue;
            char *label = xasprintf("%s%s%s%s%s%s", v[i].name, v[i].lead ? " (lead " : "",
                                    v[i].lead ? v[i].lead : "", v[i].lead ? ")" : "",
                                    guessed ? "  likely: " : "", guessed ? g.why : "");
            picker_add(&pk, v[i].key, label)->pinned = guessed;
            free(label);
        }
    waiting_guess_fini(&g);
    department_list_free(v, n);
    picker_open(a, &pk, picked_waiting, NULL);
}

/* People to choose from: the department's lead on top, then its people
 * (first while nothing is typed, ranked first among what matches), then
 * everyone else. typed: Enter on no match takes the typed login. */
static void people_picker(struct app *a, const char *title, const char *dept, bool typed,
                          const char *first_key, const char *first_label, picker_fn done)
{
    struct picker pk;
    picker_init(&pk, title, false);
    pk.allow_typed = typed;
    if (first_key)
        picker_add(&pk, first_key, first_label)->pinned = true;
    struct err e = {0};
    int rc = picker_add_people(&pk, a->st, dept, &e);
    picker_open(a, &pk, done, NULL);
    if (rc)
        app_message(a, true, "%s", e.msg);
}

/* The picker has its own title: the label goes unused. */
static void duplicate_picker(struct app *a, const char *unused)
{
    (void)unused;
    struct pending *p = &a->triage->pend;
    struct picker pk;
    char *title = p->bulk ? xasprintf("%zu marked blockers duplicate the original:", p->n)
                          : xasprintf("%s duplicates which blocker? (Enter records it)",
                                      p->keys[0]);
    picker_init(&pk, title, false);
    free(title);
    pk.allow_typed = true;
    struct err e = {0};
    struct blocker_match *m = NULL;
    size_t nm = 0;
    /* the best suggestion first: the picker starts on it */
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

static void text_prompt(struct app *a, const char *label, const char *hint)
{
    struct triage_ui *t = a->triage;
    /* what was typed before a refused bulk verdict comes back */
    struct prompt_opts o = {.hint = hint,
                            .initial = t->pend.initial,
                            .kept = t->retry_c == t->pend.c ? t->retry_text : NULL};
    prompt_open(a, label, &o, got_text, NULL);
}

/* A decline answers with a reason of the configuration on its digit. */
static void decline_prompt(struct app *a, const char *label)
{
    struct pending *p = &a->triage->pend;
    const struct config *cfg = a->cfg;
    size_t n = cfg ? cfg->n_decline_reasons : 0;
    if (n > 9)
        n = 9;
    char digits[9][2];
    const char *keys[9];
    struct strbuf hint;
    sb_init(&hint);
    for (size_t i = 0; i < n; i++) {
        snprintf(digits[i], sizeof digits[i], "%zu", i + 1);
        keys[i] = digits[i];
    }
    sb_add(&hint, n ? "a digit picks a reason, or type one" : "why it is not a blocker (required)");
    struct triage_ui *t = a->triage;
    struct prompt_opts o = {
        .preset_keys = keys,
        .preset_values = n ? (const char *const *)cfg->decline_reasons : NULL,
        .n_presets = n,
        .preset_answers = true,
        .menu = true,
        .kept = t->retry_c == p->c ? t->retry_text : NULL,
        .hint = sb_str(&hint),
    };
    prompt_open(a, label, &o, got_text, NULL);
    sb_fini(&hint);
}

/* The snooze presets answer on their key. They are the command line's
 * presets (09:00 in the person's zone), filled in as the local time they
 * mean, so what the prompt shows is what is typed and stored. */
static void snooze_prompt(struct app *a, const char *label)
{
    const char *words[] = {"tomorrow", "monday", "+1w"};
    char tomorrow[TIME_SHOW_MAX], monday[TIME_SHOW_MAX], week[TIME_SHOW_MAX];
    char *bufs[] = {tomorrow, monday, week};
    btime at[3];
    for (size_t i = 0; i < 3; i++) {
        btime now = time_now();
        struct err ignored;
        at[i] = now;
        time_input(words[i], now, &at[i], &ignored);
        time_fmt_zone(time_user_zone(), at[i], TF_DATE | TF_HM, bufs[i]);
    }
    const char *keys[] = {"t", "m", "w"};
    const char *vals[] = {tomorrow, monday, week};
    char labels[3][64];
    const char *names[] = {"tomorrow 09:00", "next Monday 09:00", "a week on 09:00"};
    for (int i = 0; i < 3; i++) {
        char shown_at[TIME_SHOW_MAX];
        time_fmt_zone(time_user_zone(), at[i], TF_DATE | TF_HM | TF_ZONE_IF_OTHER, shown_at);
        snprintf(labels[i], sizeof labels[i], "%-18s %s", names[i], shown_at);
    }
    const char *shown[] = {labels[0], labels[1], labels[2]};
    struct prompt_opts o = {
        .preset_keys = keys,
        .preset_values = vals,
        .preset_labels = shown,
        .n_presets = 3,
        .preset_answers = true,
        .menu = true,
        .hint = "a key above, or a time (2026-12-08 09:00, your zone), friday, +3d, +2h",
    };
    prompt_open(a, label, &o, got_until, NULL);
}

static void escalate_picker(struct app *a)
{
    struct pending *p = &a->triage->pend;
    char *title = p->bulk ? xasprintf("escalate %zu %s to", p->n,
                                      view_plural((long long)p->n, "blocker", "blockers"))
                          : xasprintf("escalate %s (level %d) to", p->keys[0], p->level + 1);
    /* only people of the organisation: the picker takes no typed login */
    people_picker(a, title, p->bulk ? NULL : p->waiting_of, false, p->bulk ? "" : NULL,
                  "each to its waiting-on department's lead", picked_to);
    free(title);
}

/* Whether the pending verdict still lacks what arg asks: a field needed
 * unless set only when some target has none. */
static bool pend_lacks(const struct pending *p, const struct verdict_arg *arg)
{
    switch (arg->field) {
    case VF_SEVERITY: return p->lacks_severity && !p->severity;
    case VF_WAITING_ON: return p->lacks_waiting && !p->waiting;
    case VF_NOTE:
    case VF_REASON: return !p->text;
    case VF_ORIGINAL: return !p->dup;
    case VF_UNTIL: return !p->until;
    default: return false;
    }
}

static void severity_prompt(struct app *a, const char *label)
{
    struct prompt_opts o = {.instant = "1234", .hint = "1 critical, 2 high, 3 medium, 4 low"};
    prompt_open(a, label, &o, got_severity, NULL);
}

static void note_prompt(struct app *a, const char *label)
{
    text_prompt(a, label, "how it was cleared (Enter: no note)");
}

/* How the cockpit asks for each field a verdict takes; a prompt of marked
 * blockers names them "the marked" or counts them. */
static const struct {
    enum verdict_field field;
    void (*ask)(struct app *a, const char *label);
    bool counts;
} askers[] = {
    {VF_SEVERITY, severity_prompt, false}, {VF_WAITING_ON, department_picker, false},
    {VF_NOTE, note_prompt, false},         {VF_REASON, decline_prompt, true},
    {VF_ORIGINAL, duplicate_picker, true}, {VF_UNTIL, snooze_prompt, true},
};

/* Asks for arg of the pending verdict r. */
static void ask(struct app *a, const struct verdict_rule *r, const struct verdict_arg *arg)
{
    struct pending *p = &a->triage->pend;
    for (size_t i = 0; i < sizeof askers / sizeof askers[0]; i++) {
        if (askers[i].field != arg->field)
            continue;
        char whom[32] = "the marked";
        if (p->bulk && askers[i].counts)
            snprintf(whom, sizeof whom, "%zu", p->n);
        char *label = xasprintf("%s %s%s", r->name, p->bulk ? whom : p->keys[0],
                                arg->prompt ? arg->prompt : "");
        askers[i].ask(a, label);
        free(label);
        return;
    }
}

/* Opens the next prompt the pending command needs, or applies it: a
 * verdict asks for the asked fields of its row of the verdict table. */
static void next_step(struct app *a)
{
    struct pending *p = &a->triage->pend;
    char label[160];
    enum blocker_verb verb;
    if (cmd_verb(p->c, &verb)) {
        const struct verdict_rule *r = verdict_rule(verb);
        for (size_t i = 0; i < verdict_n_args(r); i++)
            if (r->args[i].asked && pend_lacks(p, &r->args[i])) {
                ask(a, r, &r->args[i]);
                return;
            }
    } else if (p->c == CMD_T_OWNER && !p->owner) {
        snprintf(label, sizeof label, "owner of %s (who must act)", p->keys[0]);
        people_picker(a, label, p->waiting_of, true, NULL, NULL, picked_owner);
        return;
    } else if (p->c == CMD_T_WAITING && !p->waiting) {
        snprintf(label, sizeof label, "%s waits on which department?", p->keys[0]);
        department_picker(a, label);
        return;
    } else if (p->c == CMD_T_ESCALATE && !p->have_to) {
        escalate_picker(a);
        return;
    } else if (p->c == CMD_T_COMMENT && !p->text) {
        snprintf(label, sizeof label, "comment on %s", p->keys[0]);
        text_prompt(a, label, "kept in the blocker's history");
        return;
    }
    apply(a);
}

/* ---- choosing the targets, and checking them before asking anything ---- */

static void pend_target(struct pending *p, const char *key, int64_t version)
{
    p->keys = xrealloc(p->keys, (p->n + 1) * sizeof *p->keys);
    p->versions = xrealloc(p->versions, (p->n + 1) * sizeof *p->versions);
    p->keys[p->n] = xstrdup(key);
    p->versions[p->n] = version;
    p->n++;
}

/* Whether c may be given to b as it is now: the actor's right, and the
 * state (the transition table's word on verbs). */
static int target_allowed(struct app *a, enum cmd c, const struct blocker *b, struct err *e)
{
    if (!view_cmd_may(a->st, c, NULL, b->project_dept, b->waiting_on, a->leads_any)) {
        struct strbuf sb;
        sb_init(&sb);
        view_cmd_refusal(a->st, c, NULL, b->project_dept, b->waiting_on, &sb);
        err_set(e, ERR_DENIED, "%s: %s", b->key, sb_str(&sb));
        sb_fini(&sb);
        return -ERR_DENIED;
    }
    enum blocker_verb verb;
    if (cmd_verb(c, &verb))
        return blocker_verdict_allowed(b, verb, e);
    if (c == CMD_T_ESCALATE && !blocker_state_open(b->state))
        return err_set(e, ERR_CONFLICT,
                       "%s is %s; only an open blocker can be escalated — reopen it first",
                       b->key, blocker_state_name(b->state));
    return 0;
}

/* Reads every target, checks the command against each and notes what the
 * prompts will need; false (with the message shown) when any refuses. */
static bool check_targets(struct app *a, bool keep_versions)
{
    struct pending *p = &a->triage->pend;
    for (size_t i = 0; i < p->n; i++) {
        struct blocker b;
        struct err e = {0};
        int rc = blocker_get(a->st, p->keys[i], &b, &e);
        if (!rc && (rc = target_allowed(a, p->c, &b, &e)) != 0)
            blocker_fini(&b);
        if (rc) {
            if (p->bulk)
                app_message(a, true, "%s; nothing asked, the marks stay", e.msg);
            else
                app_message(a, true, "%s", e.msg);
            return false;
        }
        p->lacks_severity |= b.severity == 0;
        p->lacks_waiting |= b.waiting_on == NULL;
        if (i == 0) {
            set_str(&p->waiting_of, b.waiting_on);
            p->level = b.escalation_level;
        }
        if (!keep_versions)
            p->versions[i] = b.version;
        blocker_fini(&b);
    }
    return true;
}

void triage_forget(struct app *a, enum cmd c)
{
    struct triage_ui *t = a->triage;
    if (t && t->just && c != CMD_T_ESCALATE && c != CMD_T_COMMENT)
        forget_just(t);
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
    /* the versions on the screen are the ones the writes name */
    bool shown_versions = true;
    char *just = t->just, *note = t->just_note;
    t->just = t->just_note = NULL;
    const struct mode *sel = mode_find(a, has_selected);
    bool marked = sel == &mode_panes && pane_selected_blocker(a) && t->n_marks;
    /* right after a verdict: the blocker just decided, not the next */
    bool follow = just && sel == &mode_triage &&
                  (c == CMD_T_COMMENT || (c == CMD_T_ESCALATE && t->just_open));
    if (follow) {
        pend_target(p, just, 0);
        shown_versions = false;
        if (c == CMD_T_COMMENT && note) {
            p->initial = note; /* "same as B-3": Enter keeps it, typing replaces it */
            note = NULL;
        }
    }
    free(just);
    free(note);
    if (follow) {
        /* the target is chosen */
    } else if (marked) {
        if (!bulk_allowed(c)) {
            struct strbuf k;
            sb_init(&k);
            keymap_keys(&a->km, c, "/", 1, &k);
            app_message(a, true,
                        "%s works on one blocker: Esc clears the %zu %s (verdicts a r d m z "
                        "x i R apply to all marked)",
                        sb_str(&k), t->n_marks, view_plural((long long)t->n_marks, "mark", "marks"));
            sb_fini(&k);
            return;
        }
        p->bulk = true;
        for (size_t i = 0; i < t->n_marks; i++)
            pend_target(p, t->marks[i].key, t->marks[i].version);
    } else {
        /* the selected one, at the version on the screen (0: not shown
         * with one, read now) */
        int64_t version = 0;
        const char *key = sel ? sel->selected(a, &version) : NULL;
        if (!key) {
            app_message(a, false, "%s",
                        sel && sel->no_blocker
                            ? sel->no_blocker
                            : "no blocker selected: verdicts act on the selected blocker "
                              "(blockers pane, a detail, the stand-up page, triage)");
            return;
        }
        pend_target(p, key, version);
        shown_versions = version != 0;
    }
    if (!check_targets(a, shown_versions)) {
        pend_clear(p);
        return;
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
        bool cur = i == t->cur;
        sb_clear(&sb);
        sb_add(&sb, cur ? a->ctx.g->selected : " ");
        sb_add(&sb, " ");
        enum theme_role role = TR_NORMAL;
        if (cur && t->have_b) {
            triage_queue_line(&t->b, view_blocker_sla(a->st, &t->b, a->ctx.now), qw - 2,
                              &a->ctx, &sb);
        } else if (i >= t->base && i < t->base + t->nk) {
            const struct blocker *b = &t->rows[i - t->base];
            enum blocker_sla s = view_blocker_sla(a->st, b, a->ctx.now);
            triage_queue_line(b, s, qw - 2, &a->ctx, &sb);
            role = s == SLA_PAST ? TR_RED : s == SLA_NEAR ? TR_AMBER : TR_NORMAL;
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
    t->doc_top = doc_clamp_top(t->doc_top, (int)t->doc.n, body);
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
    forget_just(t);
    free(t->retry_text);
    free(t);
    a->triage = NULL;
}

/* ---- the mode ---- */

/* In the order of priority (the status bar drops the last first; Esc and ?
 * stay): undo comes right after the verdicts it takes back. */
static const enum cmd hints_triage[] = {CMD_T_ACCEPT,    CMD_T_SEV4,    CMD_T_DECLINE,
                                        CMD_T_UNDO,      CMD_T_DUPLICATE, CMD_T_SNOOZE,
                                        CMD_T_RESOLVE,   CMD_T_ESCALATE, CMD_T_OWNER,
                                        CMD_T_WAITING,   CMD_T_COMMENT, CMD_DOWN,
                                        CMD_BACK,        CMD_HELP};

static struct hints hints(const struct app *a)
{
    return HINTS(hints_triage);
}

static bool draw(struct app *a, bool dirty)
{
    if (dirty)
        triage_draw(a);
    return dirty;
}

static const char *edit(const struct app *a, const struct pane_class **cls, const char **why)
{
    *cls = &pane_blockers;
    *why = "the triage queue is empty";
    return triage_current_key(a);
}

static const char *selected(const struct app *a, int64_t *version)
{
    const struct triage_ui *t = a->triage;
    if (!t || !t->have_b)
        return NULL;
    if (version)
        *version = t->b.version;
    return t->b.key;
}

static void depts(const struct app *a, const char **dept, const char **dept2)
{
    const struct blocker *b = triage_current(a);
    if (b) {
        *dept = b->project_dept;
        *dept2 = b->waiting_on;
    }
}

static void resize(struct app *a)
{
    a->dirty_main = true;
}

static char *view(const struct app *a)
{
    const char *key = triage_current_key(a);
    return key ? xasprintf("triage %s", key) : xstrdup("triage");
}

const struct mode mode_triage = {
    .name = "TRIAGE",
    .help = KEYMAP_GROUP_VERDICTS,
    .keys = MODE_TRIAGE,
    .flags = MF_SCREEN | MF_NO_MARKS | MF_KEYBOARD | MF_ASKS,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .hints = hints,
    .selected = selected,
    .no_blocker = "the triage queue is empty",
    .depts = depts,
    .moves = triage_move,
    .edit = edit,
    .reload = reload,
    .resize = resize,
    .view = view,
};
