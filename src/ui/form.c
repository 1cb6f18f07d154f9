/*
 * Forms to add and edit departments, people, projects (with their
 * dependencies), blockers, indicators and readings: a box over the screen
 * with labelled fields, Tab between them, a picker (C-o) for references,
 * and each field's problem shown next to it: first what the field can
 * check by itself (form.h), then whether what it names exists, and on
 * saving whatever the model refuses. Esc closes with nothing written.
 * Editing names the version read, so a save over a colleague's change is
 * refused with who changed what; the form stays open with the typed
 * input, and C-r reloads the item when wanted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/entity.h"
#include "baton/entity_form.h"
#include "baton/indicator.h"
#include "baton/picker.h"
#include "baton/project.h"
#include "baton/utf8.h"
#include "ui_internal.h"

struct form_ui {
    struct entity_form ef;
    WINDOW *win;
    int cur_y, cur_x;
};

static bool check_field(struct app *a, struct form_field *f)
{
    struct form_ui *u = mode_data(a, &mode_form);
    return entity_form_check_field(&u->ef, a->st, f);
}

/* ---- opening and closing ---- */

/* The open form, or NULL. */
static struct form_ui *form_ui(const struct app *a)
{
    return mode_data(a, &mode_form);
}

static void form_open(struct app *a, enum form_entity ent, const char *key, bool editing)
{
    form_free(a);
    struct form_ui *u = xcalloc(1, sizeof *u);
    struct err e = {0};
    if (entity_form_open(&u->ef, a->st, ent, key, editing, a->dept, &e)) {
        entity_form_fini(&u->ef);
        free(u);
        app_message(a, true, "%s", e.msg);
        return;
    }
    /* the rights are the model's: say at once when saving would be refused */
    mode_push(a, &mode_form, u);
    a->msg[0] = 0;
    a->dirty_main = a->dirty_status = true;
}

static void fini(struct app *a, void *data)
{
    struct form_ui *u = data;
    if (u->win)
        delwin(u->win);
    entity_form_fini(&u->ef);
    free(u);
}

static void leave(struct app *a, void *data)
{
    fini(a, data);
    draw_mark_panes(a);
    a->dirty_status = true;
}

void form_free(struct app *a)
{
    mode_remove(a, &mode_form);
}

static bool chose_entity(struct app *a, const char *text, void *arg)
{
    static const struct {
        char c;
        enum form_entity ent;
    } map[] = {{'d', FE_DEPT}, {'p', FE_PERSON}, {'i', FE_INDICATOR}, {'r', FE_READING}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (text[0] == map[i].c) {
            const char *key = NULL;
            const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
            if (map[i].ent == FE_READING && r)
                key = r->key;
            form_open(a, map[i].ent, key, false);
            return true;
        }
    app_message(a, true, "type one of the letters shown; Esc cancels");
    return false;
}

void form_add(struct app *a)
{
    const struct pane_class *cls = a->panes[a->focus].pane.cls;
    if (cls == &pane_projects) {
        form_open(a, FE_PROJECT, NULL, false);
    } else if (cls == &pane_blockers) {
        form_open(a, FE_BLOCKER, NULL, false);
        /* a new blocker on the selected one's project is the likely case */
        if (form_ui(a)) {
            const struct vrow *r = pane_selected(&a->panes[a->focus].pane);
            struct blocker b;
            struct err e = {0};
            if (r && blocker_get(a->st, r->key, &b, &e) == 0) {
                line_set(&form_field(&form_ui(a)->ef.f, "project")->value, b.project);
                blocker_fini(&b);
            }
        }
    } else if (cls == &pane_objectives) {
        app_message(a, false,
                    "objectives are added on the command line: baton objective add KEY --title "
                    "TEXT --period 2027; C here records a check-in");
    } else if (cls == &pane_indicators) {
        struct prompt_opts o = {.instant = "ir", .hint = "i a new indicator, r record a reading"};
        prompt_open(a, "add", &o, chose_entity, NULL);
    } else {
        struct prompt_opts o = {.instant = "dp", .hint = "d a new department, p a new person"};
        prompt_open(a, "add", &o, chose_entity, NULL);
    }
}

void form_edit(struct app *a, const struct pane_class *cls, const char *key)
{
    enum form_entity ent;
    struct err e = {0};
    if (entity_form_of_pane(pane_class_name(cls), &ent, &e)) {
        app_message(a, false, "%s", e.msg);
        return;
    }
    form_open(a, ent, key, true);
}

/* ---- keys ---- */

static void picked(struct app *a, struct picker *p, const char *key, void *arg)
{
    struct form_ui *u = form_ui(a);
    if (!u)
        return;
    struct form_field *f = &u->ef.f.f[(intptr_t)arg];
    if (p->multi) {
        const char **keys = NULL;
        size_t n = picker_chosen(p, &keys);
        struct strbuf sb;
        sb_init(&sb);
        for (size_t i = 0; i < n; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", keys[i]);
        free(keys);
        line_set(&f->value, sb_str(&sb));
        sb_fini(&sb);
    } else if (key) {
        line_set(&f->value, key);
    }
    check_field(a, f);
    a->dirty_main = true;
}

/* Past this many, projects and indicators are not all loaded into the
 * picker: each query reads a window of its matches from the store. */
#define PICK_ALL_MAX 2000
#define PICK_WINDOW 60

/* The form's own key, which a project's dependencies leave out. */
static const char *form_self(struct app *a)
{
    return form_ui(a) ? form_get(&form_ui(a)->ef.f, "key") : NULL;
}

/* Rows v[0..n) of ent into p, each by its key with its label field, but
 * skip and those p has; chosen (and shown first) where cur, ",A,B,",
 * names them. */
static void add_rows(struct picker *p, const struct entity *ent, const char *label, const void *v,
                     size_t n, const char *skip, const char *cur)
{
    const struct entity_field *kf = entity_key(ent), *lf = entity_field(ent, label);
    for (size_t i = 0; i < n; i++) {
        const void *row = (const char *)v + i * ent->size;
        char kb[32], lb[32];
        const char *key = field_text(kf, row, kb), *text = field_text(lf, row, lb);
        if (!key || str_eq(skip, key) || picker_has(p, key))
            continue;
        struct pick_item *it = picker_add(p, key, text ? text : "");
        char *needle = xasprintf(",%s,", key);
        it->chosen = it->pinned = p->multi && cur && strstr(cur, needle) != NULL;
        free(needle);
    }
}

/* add_TYPE: the TYPE rows (department, project, indicator) that q finds,
 * into p by their key and their LABEL field (add_rows). */
#define ADD_ROWS(TYPE, LABEL)                                                                      \
    static int add_##TYPE(struct app *a, struct picker *p, const struct query *q,                  \
                          const char *skip, const char *cur, struct err *e)                        \
    {                                                                                              \
        struct TYPE *v = NULL;                                                                     \
        size_t n = 0;                                                                              \
        int rc = TYPE##_list(a->st, q, &v, &n, e);                                                 \
        add_rows(p, &TYPE##_entity, LABEL, v, n, skip, cur);                                       \
        TYPE##_list_free(v, n);                                                                    \
        return rc;                                                                                 \
    }
ADD_ROWS(department, "name")
ADD_ROWS(project, "title")
ADD_ROWS(indicator, "name")

/* How the items a reference names are counted and listed into a picker;
 * a list longer than PICK_ALL_MAX is read a window per query. */
static const struct {
    enum form_ref ref;
    int sort;
    int (*count)(struct store *st, const struct query *q, int64_t *n, struct err *e);
    int (*add)(struct app *a, struct picker *p, const struct query *q, const char *skip,
               const char *cur, struct err *e);
} sources[] = {
    {R_DEPT, 0, NULL, add_department},
    {R_PROJECT, PROJECT_SORT_KEY, project_count, add_project},
    {R_INDICATOR, IND_SORT_KEY, indicator_count, add_indicator},
};

static int source_of(int ref)
{
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        if ((int)sources[i].ref == ref)
            return (int)i;
    return -1;
}

/* A window of the focused field's items that match what is typed; a list
 * that takes several leaves the form's own item out. */
static int refill(struct picker *p, void *ctx)
{
    struct app *a = ctx;
    struct form_ui *u = form_ui(a);
    int s = u ? source_of(u->ef.f.f[u->ef.f.focus].ref) : -1;
    if (s < 0)
        return -1;
    picker_clear(p);
    struct query q = {
        .text = p->query.len ? p->query.buf : NULL, .sort = sources[s].sort, .limit = PICK_WINDOW};
    struct err e = {0};
    return sources[s].add(a, p, &q, p->multi ? form_self(a) : NULL, NULL, &e);
}

/* The current choices of a list read a window at a time: first, chosen,
 * with their titles. */
static void pin_projects(struct app *a, struct picker *pk, const char *cur)
{
    char *list = xstrdup(cur);
    for (char *k = strtok(list, ","); k; k = strtok(NULL, ",")) {
        struct project pr;
        struct err e = {0};
        if (project_get(a->st, k, &pr, &e) == 0) {
            struct pick_item *it = picker_add(pk, pr.key, pr.title);
            it->chosen = it->pinned = true;
            project_fini(&pr);
        }
    }
    free(list);
}

/* The picker of the items field f names, with its current value(s)
 * chosen; e says why it could not be filled. */
static void fill_picker(struct app *a, struct picker *pk, const struct form_field *f, struct err *e)
{
    if (f->ref == R_PERSON) {
        picker_add_people(pk, a->st, NULL, e);
        return;
    }
    int s = source_of(f->ref);
    if (s < 0)
        return;
    /* the current value(s) stay chosen in a list that takes several */
    char *cur = xasprintf(",%s,", f->value.buf);
    for (char *c = cur; *c; c++)
        if (*c == ' ')
            *c = ',';
    struct query q = {0};
    int64_t total = 0;
    if (sources[s].count && sources[s].count(a->st, &q, &total, e) == 0 && total > PICK_ALL_MAX) {
        pk->refill = refill;
        pk->refill_ctx = a;
        if (pk->multi)
            pin_projects(a, pk, cur);
    } else if (!e->code) {
        sources[s].add(a, pk, &q, pk->multi ? form_self(a) : NULL, cur, e);
    }
    free(cur);
}

static void open_picker(struct app *a)
{
    struct form_ui *u = form_ui(a);
    struct form_field *f = &u->ef.f.f[u->ef.f.focus];
    struct picker pk;
    char title[96];
    snprintf(title, sizeof title, "%s", f->label);
    if (f->kind == FF_CHOICE) {
        picker_init(&pk, title, false);
        for (size_t i = 0; f->choices[i]; i++)
            picker_add(&pk, f->choices[i], "");
        picker_open(a, &pk, picked, (void *)(intptr_t)u->ef.f.focus);
        return;
    }
    if (f->kind != FF_REF && f->kind != FF_REFS) {
        app_message(a, false, "%s is typed, not chosen from a list", f->label);
        return;
    }
    picker_init(&pk, title, f->kind == FF_REFS);
    pk.allow_typed = f->ref == R_PERSON;
    struct err e = {0};
    fill_picker(a, &pk, f, &e);
    if (e.code) {
        picker_fini(&pk);
        app_message(a, true, "%s", e.msg);
        return;
    }
    picker_open(a, &pk, picked, (void *)(intptr_t)u->ef.f.focus);
}

static void do_save(struct app *a)
{
    struct form_ui *u = form_ui(a);
    if (!entity_form_check(&u->ef, a->st))
        return;
    struct err e = {0};
    char *key = NULL;
    if (entity_form_save(&u->ef, a->st, &key, &e))
        return; /* the form stays, with what was typed and why it was not saved */
    char said[200];
    entity_form_saved(&u->ef, key, said, sizeof said);
    form_free(a);
    app_reload_all(a);
    app_message(a, false, "%s", said);
    free(key);
}

static void cmd_cancel(struct app *a, enum cmd c)
{
    form_free(a);
    app_message(a, false, "cancelled; nothing was written");
}

/* Leaving a field checks it. */
static void cmd_move(struct app *a, enum cmd c)
{
    struct form *fm = &form_ui(a)->ef.f;
    check_field(a, &fm->f[fm->focus]);
    form_focus_move(fm, c == CMD_FORM_PREV ? -1 : 1);
}

/* Enter: the next field, or on the last one, save. */
static void cmd_accept(struct app *a, enum cmd c)
{
    struct form *fm = &form_ui(a)->ef.f;
    if (!form_focus_last(fm)) {
        cmd_move(a, c);
        return;
    }
    check_field(a, &fm->f[fm->focus]);
    do_save(a);
}

static void cmd_save(struct app *a, enum cmd c)
{
    do_save(a);
}

static void cmd_pick(struct app *a, enum cmd c)
{
    open_picker(a);
}

/* The item as the database holds it now, dropping what was typed. */
static void cmd_reload(struct app *a, enum cmd c)
{
    struct form_ui *u = form_ui(a);
    if (!u->ef.editing)
        return;
    char *key = xstrdup(u->ef.key);
    form_open(a, u->ef.ent, key, true);
    free(key);
    if (form_ui(a))
        snprintf(form_ui(a)->ef.f.msg, sizeof form_ui(a)->ef.f.msg, "reloaded from the database");
}

static const struct {
    enum cmd c;
    void (*fn)(struct app *a, enum cmd c);
} form_cmds[] = {
    {CMD_FORM_CANCEL, cmd_cancel}, {CMD_FORM_NEXT, cmd_move}, {CMD_FORM_PREV, cmd_move},
    {CMD_FORM_ACCEPT, cmd_accept}, {CMD_FORM_SAVE, cmd_save}, {CMD_FORM_PICK, cmd_pick},
    {CMD_FORM_RELOAD, cmd_reload},
};

/* A command of the form's, or else a key typed into the focused field. */
static void key_do(struct app *a, vkey k)
{
    struct form *fm = &form_ui(a)->ef.f;
    enum cmd c = keymap_lookup(&a->km, MODE_FORM, k);
    a->dirty_main = a->dirty_status = true;
    for (size_t i = 0; i < sizeof form_cmds / sizeof form_cmds[0]; i++)
        if (form_cmds[i].c == c) {
            form_cmds[i].fn(a, c);
            return;
        }
    struct form_field *f = &fm->f[fm->focus];
    if (f->readonly)
        return;
    if (input_edit_line(a, &f->value, k))
        f->err[0] = 0;
}

/* A key; when the twins shown change, the form's box changes size, and
 * what it covered is drawn again under it. */
void form_key(struct app *a, vkey k)
{
    int twins = form_ui(a)->ef.n_twins;
    key_do(a, k);
    if (form_ui(a) && form_ui(a)->ef.n_twins != twins)
        draw_mark_panes(a);
}

/* ---- drawing ---- */

void form_draw(struct app *a)
{
    struct form_ui *u = form_ui(a);
    struct form *fm = &u->ef.f;
    int wd = a->cols - 4 < 100 ? a->cols - 4 : 100;
    int twins = u->ef.n_twins ? u->ef.n_twins + 1 : 0; /* a heading, then one a line */
    int h = fm->n + 5 + twins;
    if (h > a->rows - 2)
        h = a->rows - 2;
    if (wd < 30 || h < 5)
        return;
    if (u->win)
        delwin(u->win);
    u->win = newwin(h, wd, (a->rows - h) / 2, (a->cols - wd) / 2);
    WINDOW *w = u->win;
    if (!w)
        return;
    attr_t normal = a->attr[TR_NORMAL];
    for (int y = 0; y < h; y++) {
        wattrset(w, normal);
        mvwhline(w, y, 0, ' ', wd);
    }
    draw_box_in(a, w, true, fm->title,
                u->ef.editing ? "saved only if no one changed it meanwhile" : NULL,
                "Tab next  C-s save  C-o pick  Esc cancel");
    const int lw = 17;
    int vw = (wd - lw - 6) / 2 + 8;
    if (twins > h - 7)
        twins = 0; /* the fields first: too short a screen shows them alone */
    int body = h - 4 - twins;
    int top = fm->focus >= body ? fm->focus - body + 1 : 0;
    u->cur_y = u->cur_x = -1;
    for (int r = 0; r < body && top + r < fm->n; r++) {
        int i = top + r;
        struct form_field *f = &fm->f[i];
        bool focus = i == fm->focus;
        int y = 1 + r;
        char label[64];
        snprintf(label, sizeof label, "%s%s", f->label, f->required ? " *" : "");
        struct strbuf sb;
        sb_init(&sb);
        utf8_pad(&sb, label, lw, true, a->ctx.ascii);
        draw_put(w, y, 2, focus ? a->attr[TR_TITLE] | A_BOLD : a->attr[TR_COLUMN], sb_str(&sb), lw);
        sb_clear(&sb);
        char *v = utf8_sanitize(f->value.buf, a->ctx.ascii);
        /* the value area is underlined, so an empty field shows where it is */
        int cur = line_cursor_col(&f->value);
        int skip = 0;
        const char *shown = focus ? draw_scroll(v, cur, vw - 1, &skip) : v;
        utf8_pad(&sb, shown, vw, false, a->ctx.ascii);
        attr_t vat =
            f->readonly ? a->attr[TR_DIM] : (focus ? a->attr[TR_SELECTION] : normal | A_UNDERLINE);
        draw_put(w, y, lw + 4, vat, sb_str(&sb), vw);
        free(v);
        if (focus) {
            u->cur_y = y;
            u->cur_x = lw + 4 + cur - skip;
        }
        const char *note =
            f->err[0]     ? f->err
            : f->readonly ? "(fixed)"
            : focus && (f->kind == FF_REF || f->kind == FF_REFS || f->kind == FF_CHOICE)
                ? "C-o lists the choices"
                : NULL;
        if (note) {
            char *safe = utf8_sanitize(note, a->ctx.ascii);
            sb_clear(&sb);
            sb_addf(&sb, "%s%s", f->err[0] ? "! " : "", safe);
            free(safe);
            draw_put_words(a, w, y, lw + 5 + vw,
                           f->err[0] ? a->attr[TR_RED] | A_BOLD : a->attr[TR_DIM], sb_str(&sb),
                           wd - lw - vw - 7);
        }
        sb_fini(&sb);
    }
    for (int i = 0; i < twins; i++) {
        const char *line = i ? u->ef.twins[i - 1]
                             : "Likely twins in other departments (the same initiative twice?):";
        char *safe = utf8_sanitize(line, a->ctx.ascii);
        draw_put_words(a, w, 1 + body + i, i ? 4 : 2, a->attr[i ? TR_NORMAL : TR_AMBER], safe,
                       wd - (i ? 6 : 4));
        free(safe);
    }
    if (fm->msg[0]) {
        char *m = utf8_sanitize(fm->msg, a->ctx.ascii);
        draw_put_words(a, w, h - 2, 2, fm->msg_error ? a->attr[TR_RED] | A_BOLD : a->attr[TR_DIM],
                       m, wd - 4);
        free(m);
    }
    wnoutrefresh(w);
}

void form_cursor(struct app *a)
{
    struct form_ui *u = form_ui(a);
    if (!u || !u->win || u->cur_y < 0)
        return;
    wmove(u->win, u->cur_y, u->cur_x);
    curs_set(1);
    wnoutrefresh(u->win);
}

/* ---- the mode ---- */

static const enum cmd hints_form[] = {CMD_FORM_NEXT, CMD_FORM_SAVE, CMD_FORM_PICK, CMD_FORM_CANCEL};

static struct hints hints(const struct app *a)
{
    return HINTS(hints_form);
}

static bool draw(struct app *a, bool dirty)
{
    form_draw(a);
    return false;
}

static void reload(struct app *a)
{
    a->dirty_main = true;
}

const struct mode mode_form = {
    .name = "FORM",
    .help = "Forms",
    .keys = MODE_FORM,
    .flags = MF_KEYBOARD | MF_ASKS,
    .leave = leave,
    .fini = fini,
    .key = form_key,
    .draw = draw,
    .cursor = form_cursor,
    .hints = hints,
    .reload = reload,
};
