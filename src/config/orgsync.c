/*
 * Organisation files in and out of the store. Import first checks every
 * reference against the file and the database, so that a typo is reported
 * at its FILE:LINE:COL before anything is written; then it upserts by key
 * inside one transaction, touching only what differs, so that importing
 * the same file twice writes nothing (and no audit rows) the second time.
 * Export reads everything back ordered by key; orgfile_write fixes the
 * final order and shape.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baton/orgfile.h"
#include "baton/paths.h"
#include "baton/str.h"
#include "baton/timeutil.h"

static const char *const section_nouns[] = {
    [ORG_DEPARTMENTS] = "department", [ORG_PEOPLE] = "person",        [ORG_PROJECTS] = "project",
    [ORG_BLOCKERS] = "blocker",       [ORG_INDICATORS] = "indicator",
    [ORG_OBJECTIVES] = "objective",
};

static const char *item_key(const struct org *o, int section, size_t i)
{
    switch (section) {
    case ORG_DEPARTMENTS:
        return o->departments[i].key;
    case ORG_PEOPLE:
        return o->people[i].login;
    case ORG_PROJECTS:
        return o->projects[i].key;
    case ORG_BLOCKERS:
        return o->blockers[i].key;
    case ORG_OBJECTIVES:
        return o->objectives[i].key;
    default:
        return o->indicators[i].key;
    }
}

/* "FILE:LINE:COL: project ENG-1: " (the position only when o came from a
 * file); the item is left unnamed when the message that follows (msg, or
 * NULL) names it already. */
static void where(struct strbuf *sb, const struct org *o, int section, size_t i, const char *field,
                  size_t sub, const char *msg)
{
    int line, col;
    org_where_at(o, section, i, field, sub, &line, &col);
    if (o->file && line > 0)
        sb_addf(sb, "%s:%d:%d: ", o->file, line, col);
    else if (o->file)
        sb_addf(sb, "%s: ", o->file);
    char *item = xasprintf("%s %s", section_nouns[section], item_key(o, section, i));
    size_t n = strlen(item);
    if (!msg || strncmp(msg, item, n) != 0 || (msg[n] != ' ' && msg[n] != ':'))
        sb_addf(sb, "%s: ", item);
    free(item);
}

/* Puts the item's position in front of a message a model function wrote. */
static int fail_at(const struct org *o, int section, size_t i, const char *field, int rc,
                   struct err *e)
{
    struct strbuf sb;
    sb_init(&sb);
    where(&sb, o, section, i, field, 0, e->msg);
    sb_add(&sb, e->msg);
    int code = e->code ? e->code : (rc < 0 ? -rc : ERR_RUNTIME);
    rc = err_set(e, code, "%s", sb_str(&sb));
    sb_fini(&sb);
    return rc;
}

/* ---- references ------------------------------------------------------- */

enum ref_kind { REF_DEPARTMENT, REF_PROJECT, REF_BLOCKER };
static const char *const ref_nouns[] = {"department", "project", "blocker"};

struct ref_field {
    int section;
    const char *field;
    size_t off;
    enum ref_kind kind;
};

/* Every key-valued field that must name something that exists. */
static const struct ref_field ref_fields[] = {
    {ORG_PEOPLE, "department", offsetof(struct person, department), REF_DEPARTMENT},
    {ORG_PROJECTS, "department", offsetof(struct project, department), REF_DEPARTMENT},
    {ORG_BLOCKERS, "project", offsetof(struct blocker, project), REF_PROJECT},
    {ORG_BLOCKERS, "waiting_on", offsetof(struct blocker, waiting_on), REF_DEPARTMENT},
    {ORG_BLOCKERS, "duplicate_of", offsetof(struct blocker, duplicate_of), REF_BLOCKER},
    {ORG_INDICATORS, "department", offsetof(struct indicator, department), REF_DEPARTMENT},
    {ORG_INDICATORS, "project", offsetof(struct indicator, project), REF_PROJECT},
};

struct keyset {
    const char **v; /* sorted, borrowed from the org */
    size_t n;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void keyset_build(struct keyset *ks, const void *items, size_t n, size_t size, size_t off)
{
    ks->v = xcalloc(n ? n : 1, sizeof *ks->v);
    ks->n = n;
    for (size_t i = 0; i < n; i++)
        memcpy(&ks->v[i], (const char *)items + i * size + off, sizeof ks->v[i]);
    qsort(ks->v, n, sizeof *ks->v, cmp_str);
}

static bool keyset_has(const struct keyset *ks, const char *key)
{
    return ks->n && bsearch(&key, ks->v, ks->n, sizeof *ks->v, cmp_str) != NULL;
}

/* 1 when key is in the database, 0 when not, negative on a database error. */
static int db_has(struct store *st, enum ref_kind kind, const char *key, struct err *e)
{
    int rc;
    if (kind == REF_DEPARTMENT) {
        struct department d;
        rc = department_get(st, key, &d, e);
        if (rc == 0)
            department_fini(&d);
    } else if (kind == REF_PROJECT) {
        struct project p;
        rc = project_get(st, key, &p, e);
        if (rc == 0)
            project_fini(&p);
    } else {
        struct blocker b;
        rc = blocker_get(st, key, &b, e);
        if (rc == 0)
            blocker_fini(&b);
    }
    if (rc == -ERR_USAGE) {
        err_clear(e);
        return 0;
    }
    return rc < 0 ? rc : 1;
}

/* The nearest key of that kind, from the file and the database. */
static char *suggest(struct store *st, const struct keyset *file, enum ref_kind kind,
                     const char *key)
{
    struct query q = {0};
    struct err ignore = {0};
    const char **cands = xcalloc(file->n + 1, sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < file->n; i++)
        cands[n++] = file->v[i];
    char *best = NULL;
    if (kind == REF_DEPARTMENT) {
        struct department *v = NULL;
        size_t nv = 0;
        if (department_list(st, &q, &v, &nv, &ignore) == 0) {
            cands = xrealloc(cands, (n + nv + 1) * sizeof *cands);
            for (size_t i = 0; i < nv; i++)
                cands[n++] = v[i].key;
        }
        best = xstrdup(str_nearest(key, cands, n));
        department_list_free(v, nv);
    } else if (kind == REF_PROJECT) {
        struct project *v = NULL;
        size_t nv = 0;
        if (project_list(st, &q, &v, &nv, &ignore) == 0) {
            cands = xrealloc(cands, (n + nv + 1) * sizeof *cands);
            for (size_t i = 0; i < nv; i++)
                cands[n++] = v[i].key;
        }
        best = xstrdup(str_nearest(key, cands, n));
        project_list_free(v, nv);
    } else {
        struct blocker *v = NULL;
        size_t nv = 0;
        if (blocker_list(st, &q, &v, &nv, &ignore) == 0) {
            cands = xrealloc(cands, (n + nv + 1) * sizeof *cands);
            for (size_t i = 0; i < nv; i++)
                cands[n++] = v[i].key;
        }
        best = xstrdup(str_nearest(key, cands, n));
        blocker_list_free(v, nv);
    }
    free(cands);
    return best;
}

struct refs {
    struct store *st;
    const struct org *o;
    struct keyset sets[3]; /* by enum ref_kind */
};

static int check_ref(struct refs *r, int section, size_t i, const char *field, size_t sub,
                     enum ref_kind kind, const char *key, struct err *e)
{
    if (!key || keyset_has(&r->sets[kind], key))
        return 0;
    int rc = db_has(r->st, kind, key, e);
    if (rc != 0)
        return rc < 0 ? fail_at(r->o, section, i, field, rc, e) : 0;
    struct strbuf sb;
    sb_init(&sb);
    where(&sb, r->o, section, i, field, sub, NULL);
    sb_addf(&sb, "unknown %s '%s'", ref_nouns[kind], key);
    char *near = suggest(r->st, &r->sets[kind], kind, key);
    if (near)
        sb_addf(&sb, " (did you mean '%s'?)", near);
    free(near);
    rc = err_set(e, ERR_USAGE, "%s", sb_str(&sb));
    sb_fini(&sb);
    return rc;
}

static const void *section_item(const struct org *o, int section, size_t i)
{
    switch (section) {
    case ORG_DEPARTMENTS:
        return &o->departments[i];
    case ORG_PEOPLE:
        return &o->people[i];
    case ORG_PROJECTS:
        return &o->projects[i];
    case ORG_BLOCKERS:
        return &o->blockers[i];
    default:
        return &o->indicators[i];
    }
}

static size_t section_count(const struct org *o, int section)
{
    const size_t counts[] = {
        [ORG_DEPARTMENTS] = o->n_departments, [ORG_PEOPLE] = o->n_people,
        [ORG_PROJECTS] = o->n_projects,       [ORG_BLOCKERS] = o->n_blockers,
        [ORG_INDICATORS] = o->n_indicators,
    };
    return counts[section];
}

static int check_refs(struct store *st, const struct org *o, struct err *e)
{
    struct refs r = {.st = st, .o = o};
    keyset_build(&r.sets[REF_DEPARTMENT], o->departments, o->n_departments, sizeof *o->departments,
                 offsetof(struct department, key));
    keyset_build(&r.sets[REF_PROJECT], o->projects, o->n_projects, sizeof *o->projects,
                 offsetof(struct project, key));
    keyset_build(&r.sets[REF_BLOCKER], o->blockers, o->n_blockers, sizeof *o->blockers,
                 offsetof(struct blocker, key));
    int rc = 0;
    /* In file order, so the first typo a reader meets is the one reported. */
    for (int section = ORG_DEPARTMENTS; section <= ORG_INDICATORS && rc == 0; section++) {
        size_t n = section_count(o, section);
        for (size_t i = 0; i < n && rc == 0; i++) {
            const char *item = section_item(o, section, i);
            for (size_t f = 0; f < sizeof ref_fields / sizeof ref_fields[0] && rc == 0; f++) {
                const struct ref_field *rf = &ref_fields[f];
                if (rf->section != section)
                    continue;
                const char *key;
                memcpy(&key, item + rf->off, sizeof key);
                rc = check_ref(&r, section, i, rf->field, 0, rf->kind, key, e);
            }
            if (section != ORG_PROJECTS)
                continue;
            const struct project *p = &o->projects[i];
            for (size_t k = 0; k < p->n_depends_on && rc == 0; k++)
                rc = check_ref(&r, section, i, "depends_on", k, REF_PROJECT, p->depends_on[k], e);
        }
    }
    for (int k = 0; k < 3; k++)
        free(r.sets[k].v);
    return rc;
}

/* ---- upserts ---------------------------------------------------------- */

/* 0 and *found when the model has the item, 0 and !*found when it does not
 * (the model says so with ERR_USAGE), negative on a database error. */
static int got(int rc, bool *found, struct err *e)
{
    *found = rc == 0;
    if (rc == -ERR_USAGE) {
        err_clear(e);
        return 0;
    }
    return rc;
}

static int sync_org_name(struct store *st, const struct org *o, struct err *e)
{
    int rc = 0;
    if (!str_empty(o->organisation)) {
        char *cur = store_org_name(st);
        rc = str_eq(cur, o->organisation) ? 0 : store_set_org_name(st, o->organisation, e);
        free(cur);
    }
    if (!rc && !str_empty(o->timezone)) {
        char *cur = store_org_timezone(st);
        rc = str_eq(cur, o->timezone) ? 0 : store_set_org_timezone(st, o->timezone, e);
        free(cur);
    }
    return rc;
}

static int sync_department(struct store *st, const struct department *d, struct err *e)
{
    struct department cur;
    bool found;
    int rc = department_find(st, d->key, &cur, &found, e);
    if (rc < 0)
        return rc;
    if (!found)
        return department_add(st, d, e);
    bool same = !entity_differs(&department_entity, &cur, d, FL_ORG | FL_WRITTEN);
    department_fini(&cur);
    if (same)
        return 0;
    struct department upd = *d;
    upd.version = 0;
    return department_update(st, &upd, e);
}

static int sync_person(struct store *st, const struct person *p, struct err *e)
{
    struct person cur;
    bool found;
    int rc = person_find(st, p->login, &cur, &found, e);
    if (rc < 0)
        return rc;
    if (!found)
        return person_add(st, p, e);
    bool same = !entity_differs(&person_entity, &cur, p, FL_ORG | FL_WRITTEN);
    person_fini(&cur);
    if (same)
        return 0;
    struct person upd = *p;
    upd.version = 0;
    return person_update(st, &upd, e);
}

/* Dependencies are applied once every project exists (see sync_depends). */
static int sync_project(struct store *st, const struct project *p, struct err *e)
{
    struct project cur;
    bool found;
    int rc = got(project_get(st, p->key, &cur, e), &found, e);
    if (rc < 0)
        return rc;
    struct project upd = *p;
    upd.version = 0;
    upd.depends_on = NULL;
    upd.n_depends_on = 0;
    if (!found)
        return project_add(st, &upd, e);
    bool same = !entity_differs(&project_entity, &cur, p, FL_ORG | FL_WRITTEN);
    project_fini(&cur);
    return same ? 0 : project_update(st, &upd, e);
}

static int sync_depends(struct store *st, const struct project *p, struct err *e)
{
    struct project cur;
    int rc = project_get(st, p->key, &cur, e);
    if (rc < 0)
        return rc;
    char **want = xcalloc(p->n_depends_on + 1, sizeof *want);
    if (p->n_depends_on)
        memcpy(want, p->depends_on, p->n_depends_on * sizeof *want);
    qsort(want, p->n_depends_on, sizeof *want, cmp_str);
    char **have = xcalloc(cur.n_depends_on + 1, sizeof *have);
    if (cur.n_depends_on)
        memcpy(have, cur.depends_on, cur.n_depends_on * sizeof *have);
    qsort(have, cur.n_depends_on, sizeof *have, cmp_str);
    bool same = cur.n_depends_on == p->n_depends_on;
    for (size_t k = 0; same && k < p->n_depends_on; k++)
        same = strcmp(want[k], have[k]) == 0;
    if (!same)
        rc = project_set_depends(st, p->key, want, p->n_depends_on, e);
    free(want);
    free(have);
    project_fini(&cur);
    return rc;
}

/* Whether the file's blocker b says what the stored one says, field by
 * field of those files carry. What the file leaves out that the model
 * fills itself when adding (raised by/at) is not a difference. */
static bool blocker_same(const struct blocker *cur, const struct blocker *b)
{
    for (size_t i = 0; i < blocker_entity.n; i++) {
        const struct entity_field *f = &blocker_entity.fields[i];
        char buf[32];
        if (!(f->flags & FL_ORG) || (!(f->flags & FL_WRITTEN) && !field_text(f, b, buf)))
            continue;
        if (!field_equal(f, cur, b))
            return false;
    }
    return true;
}

static int sync_blocker(struct store *st, const struct blocker *b, struct err *e)
{
    struct blocker cur;
    bool found;
    int rc = got(blocker_get(st, b->key, &cur, e), &found, e);
    if (rc < 0)
        return rc;
    bool same = found && blocker_same(&cur, b);
    if (found)
        blocker_fini(&cur);
    if (same)
        return 0;
    struct blocker upd = *b;
    upd.version = 0;
    return blocker_import(st, &upd, e);
}

/* A duplicate names its original, which must be in the store first: the
 * order puts every blocker after the file's blocker it duplicates. */
static int blocker_order(const struct org *o, size_t *order, struct err *e)
{
    size_t n = o->n_blockers;
    struct keyed {
        const char *key;
        size_t idx;
    } *byk = xcalloc(n ? n : 1, sizeof *byk);
    for (size_t i = 0; i < n; i++)
        byk[i] = (struct keyed){o->blockers[i].key, i};
    qsort(byk, n, sizeof *byk, cmp_str);         /* key is the first member */
    unsigned char *mark = xcalloc(n ? n : 1, 1); /* 0 todo, 1 on the chain, 2 placed */
    size_t *chain = xcalloc(n ? n : 1, sizeof *chain);
    size_t placed = 0;
    int rc = 0;
    for (size_t start = 0; start < n && rc == 0; start++) {
        size_t depth = 0, i = start;
        while (mark[i] == 0) {
            mark[i] = 1;
            chain[depth++] = i;
            const char *orig = o->blockers[i].duplicate_of;
            struct keyed *hit = orig ? bsearch(&orig, byk, n, sizeof *byk, cmp_str) : NULL;
            if (!hit)
                break;
            if (mark[hit->idx] == 1) {
                rc = -1;
                break;
            }
            i = hit->idx;
        }
        if (rc < 0) {
            err_set(e, ERR_USAGE, "duplicate_of goes round in a circle back to this blocker");
            rc = fail_at(o, ORG_BLOCKERS, i, "duplicate_of", -ERR_USAGE, e);
            break;
        }
        while (depth > 0) {
            size_t k = chain[--depth];
            mark[k] = 2;
            order[placed++] = k;
        }
    }
    free(byk);
    free(mark);
    free(chain);
    return rc;
}

static bool indicator_same(const struct indicator *cur, const struct indicator *i)
{
    const char *f1 = cur->format ? cur->format : "number";
    const char *f2 = i->format ? i->format : "number";
    return str_eq(cur->name, i->name) && str_eq(cur->department, i->department) &&
           str_eq(cur->owner, i->owner) && str_eq(cur->unit, i->unit) && str_eq(f1, f2) &&
           cur->direction == i->direction && cur->has_target == i->has_target &&
           (!i->has_target || cur->target == i->target) && cur->has_amber == i->has_amber &&
           (!i->has_amber || cur->amber == i->amber) && cur->has_red == i->has_red &&
           (!i->has_red || cur->red == i->red) && cur->stale_days == i->stale_days &&
           str_eq(cur->project, i->project);
}

static bool same_instant(const char *a, const char *b)
{
    btime ta, tb;
    if (time_parse(a, &ta) && time_parse(b, &tb))
        return ta == tb;
    return str_eq(a, b);
}

static int sync_readings(struct store *st, const char *key, const struct org_readings *rs,
                         struct err *e)
{
    if (!rs || !rs->n)
        return 0;
    struct reading *have = NULL;
    size_t nh = 0;
    int rc = indicator_readings(st, key, NULL, 0, &have, &nh, e);
    for (size_t k = 0; k < rs->n && rc == 0; k++) {
        const struct reading *r = &rs->v[k];
        bool same = false;
        for (size_t j = 0; j < nh && !same; j++)
            same = same_instant(have[j].at, r->at) && have[j].value == r->value &&
                   str_eq(have[j].note, r->note) &&
                   (!r->recorded_by || str_eq(have[j].recorded_by, r->recorded_by));
        if (same)
            continue;
        /* indicator_record files a reading under the store's actor; the
         * file names who really recorded it, and export -> import ->
         * export must give it back, so the reading is recorded as them. */
        char *actor = NULL;
        if (r->recorded_by && !str_eq(r->recorded_by, store_actor(st))) {
            actor = xstrdup(store_actor(st));
            store_set_actor(st, r->recorded_by);
        }
        rc = indicator_record(st, key, r->at, r->value, r->note, e);
        if (actor) {
            store_set_actor(st, actor);
            free(actor);
        }
    }
    reading_list_free(have, nh);
    return rc;
}

static int sync_indicator(struct store *st, const struct indicator *ind, struct err *e)
{
    struct indicator cur;
    bool found;
    int rc = indicator_find(st, ind->key, &cur, &found, e);
    if (rc < 0)
        return rc;
    if (!found)
        return indicator_add(st, ind, e);
    bool same = indicator_same(&cur, ind);
    indicator_fini(&cur);
    if (same)
        return 0;
    struct indicator upd = *ind;
    upd.version = 0;
    return indicator_update(st, &upd, e);
}

/* ---- objectives ---- */

static int sync_objective(struct store *st, const struct objective *ob, struct err *e)
{
    struct objective cur;
    bool found;
    int rc = got(objective_get(st, ob->key, &cur, e), &found, e);
    if (rc < 0 || !found)
        return rc < 0 ? rc : objective_add(st, ob, e);
    bool same = !entity_differs(&objective_entity, &cur, ob, FL_ORG | FL_EDIT);
    objective_fini(&cur);
    if (same)
        return 0;
    struct objective upd = *ob;
    upd.version = 0;
    return objective_update(st, &upd, e);
}

/* The key results of the file, and only those. */
static int sync_results(struct store *st, const char *key, const struct org_objective_parts *p,
                        struct err *e)
{
    struct key_result *cur = NULL;
    size_t n = 0;
    int rc = objective_results(st, key, &cur, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        bool kept = false;
        for (size_t k = 0; k < p->n_results && !kept; k++)
            kept = cur[i].kind == KEY_RESULT_INDICATOR ? str_eq(p->results[k].indicator, cur[i].key)
                                                       : str_eq(p->results[k].project, cur[i].key);
        if (!kept)
            rc = objective_unlink(st, key, cur[i].kind == KEY_RESULT_INDICATOR ? cur[i].key : NULL,
                                  cur[i].kind == KEY_RESULT_PROJECT ? cur[i].key : NULL, e);
    }
    key_result_list_free(cur, n);
    for (size_t k = 0; !rc && k < p->n_results; k++) {
        const struct org_key_result *x = &p->results[k];
        rc = objective_link(st, key, x->indicator, x->project,
                            x->has_baseline ? &x->baseline : NULL, e);
    }
    return rc;
}

/* The same set of projects serving key as the file's, written only when it
 * differs. */
static int sync_served_by(struct store *st, const char *key, const struct org_objective_parts *p,
                          struct err *e)
{
    char **cur = NULL;
    size_t n = 0;
    int rc = objective_served_by(st, key, &cur, &n, e);
    bool same = !rc && n == p->n_served_by;
    for (size_t i = 0; same && i < n; i++) {
        bool in = false;
        for (size_t k = 0; k < p->n_served_by && !in; k++)
            in = str_eq(cur[i], p->served_by[k]);
        same = in;
    }
    objective_keys_free(cur, n);
    if (!rc && !same)
        rc = objective_served_by_set(st, key, p->served_by, p->n_served_by, e);
    return rc;
}

static int sync_checkins(struct store *st, const char *key, const struct org_objective_parts *p,
                         struct err *e)
{
    int rc = 0;
    for (size_t k = 0; !rc && k < p->n_checkins; k++) {
        struct objective_checkin c = p->checkins[k];
        c.objective = (char *)key;
        rc = objective_checkin_import(st, &c, e);
    }
    return rc;
}

/* Objectives whose parent is in the file come after it: the order to
 * write them in, or ERR_USAGE at the first one whose parents close a
 * cycle. */
static int objective_order(const struct org *o, size_t *order, struct err *e)
{
    bool *done = xcalloc(o->n_objectives + 1, sizeof *done);
    size_t k = 0;
    for (bool moved = true; moved && k < o->n_objectives;) {
        moved = false;
        for (size_t i = 0; i < o->n_objectives; i++) {
            if (done[i])
                continue;
            const char *parent = o->objectives[i].parent;
            bool ready = true;
            for (size_t j = 0; parent && j < o->n_objectives && ready; j++)
                ready = done[j] || !str_eq(o->objectives[j].key, parent);
            if (ready) {
                done[i] = moved = true;
                order[k++] = i;
            }
        }
    }
    int rc = 0;
    for (size_t i = 0; i < o->n_objectives && !rc; i++)
        if (!done[i]) {
            err_set(e, ERR_USAGE, "its parents close a cycle: %s is under %s, which is under it",
                    o->objectives[i].key, o->objectives[i].parent);
            rc = fail_at(o, ORG_OBJECTIVES, i, "parent", -ERR_USAGE, e);
        }
    free(done);
    return rc;
}

static int import_objectives(struct store *st, const struct org *o, struct err *e)
{
    size_t *order = xcalloc(o->n_objectives + 1, sizeof *order);
    int rc = objective_order(o, order, e);
    for (size_t k = 0; k < o->n_objectives && !rc; k++)
        if ((rc = sync_objective(st, &o->objectives[order[k]], e)) < 0)
            rc = fail_at(o, ORG_OBJECTIVES, order[k], NULL, rc, e);
    for (size_t i = 0; i < o->n_objectives && !rc; i++) {
        const char *key = o->objectives[i].key;
        const struct org_objective_parts *p = &o->objective_parts[i];
        if ((rc = sync_results(st, key, p, e)) < 0)
            rc = fail_at(o, ORG_OBJECTIVES, i, "key_results", rc, e);
        else if ((rc = sync_served_by(st, key, p, e)) < 0)
            rc = fail_at(o, ORG_OBJECTIVES, i, "served_by", rc, e);
        else if ((rc = sync_checkins(st, key, p, e)) < 0)
            rc = fail_at(o, ORG_OBJECTIVES, i, "checkins", rc, e);
    }
    free(order);
    return rc;
}

static int import_all(struct store *st, const struct org *o, struct err *e)
{
    int rc = sync_org_name(st, o, e);
    if (rc < 0)
        return o->file ? err_set(e, e->code, "%s: %s", o->file, e->msg) : rc;
    for (size_t i = 0; i < o->n_departments; i++)
        if ((rc = sync_department(st, &o->departments[i], e)) < 0)
            return fail_at(o, ORG_DEPARTMENTS, i, NULL, rc, e);
    for (size_t i = 0; i < o->n_people; i++)
        if ((rc = sync_person(st, &o->people[i], e)) < 0)
            return fail_at(o, ORG_PEOPLE, i, NULL, rc, e);
    for (size_t i = 0; i < o->n_projects; i++)
        if ((rc = sync_project(st, &o->projects[i], e)) < 0)
            return fail_at(o, ORG_PROJECTS, i, NULL, rc, e);
    for (size_t i = 0; i < o->n_projects; i++)
        if ((rc = sync_depends(st, &o->projects[i], e)) < 0) {
            /* The import holds the write lock, so a conflict here is no
             * busy database but the file's own graph closing a cycle: bad
             * input, fixed in the file. */
            if (e->code == ERR_CONFLICT)
                e->code = ERR_USAGE;
            return fail_at(o, ORG_PROJECTS, i, "depends_on", rc, e);
        }
    size_t *order = xcalloc(o->n_blockers + 1, sizeof *order);
    rc = blocker_order(o, order, e);
    for (size_t k = 0; k < o->n_blockers && rc == 0; k++)
        if ((rc = sync_blocker(st, &o->blockers[order[k]], e)) < 0)
            rc = fail_at(o, ORG_BLOCKERS, order[k], NULL, rc, e);
    free(order);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < o->n_indicators; i++) {
        if ((rc = sync_indicator(st, &o->indicators[i], e)) < 0)
            return fail_at(o, ORG_INDICATORS, i, NULL, rc, e);
        if ((rc = sync_readings(st, o->indicators[i].key, o->readings ? &o->readings[i] : NULL,
                                e)) < 0)
            return fail_at(o, ORG_INDICATORS, i, "readings", rc, e);
    }
    return import_objectives(st, o, e);
}

int org_import(struct store *st, const struct org *o, struct err *e)
{
    /* Each write checks its own rights too; asking first means a refused
     * import stops before it reads the file's references. */
    int rc = store_require(st, ROLE_ADMIN, "importing an organisation", e);
    if (rc < 0)
        return rc;
    rc = store_begin(st, e);
    if (rc < 0)
        return rc;
    rc = check_refs(st, o, e);
    if (rc == 0)
        rc = import_all(st, o, e);
    if (rc < 0) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, e);
}

/* ---- export ----------------------------------------------------------- */

/* Every objective (done and dropped too), and what its item holds. */
static int objectives_read(struct store *st, struct objective **v, struct org_objective_parts **parts,
                           size_t *n, struct err *e)
{
    struct objective_filter f = {.status = "all"};
    int rc = objective_list(st, &f, v, n, e);
    *parts = xcalloc(*n + 1, sizeof **parts);
    for (size_t i = 0; i < *n && !rc; i++) {
        struct org_objective_parts *p = &(*parts)[i];
        struct key_result *r = NULL;
        size_t nr = 0;
        rc = objective_results(st, (*v)[i].key, &r, &nr, e);
        p->results = xcalloc(nr + 1, sizeof *p->results);
        for (size_t k = 0; k < nr && !rc; k++, p->n_results++) {
            struct org_key_result *x = &p->results[k];
            char **slot = r[k].kind == KEY_RESULT_INDICATOR ? &x->indicator : &x->project;
            *slot = xstrdup(r[k].key);
            x->has_baseline = r[k].has_baseline_set;
            x->baseline = r[k].baseline_set;
        }
        key_result_list_free(r, nr);
        if (!rc)
            rc = objective_served_by(st, (*v)[i].key, &p->served_by, &p->n_served_by, e);
        if (!rc)
            rc = objective_checkins(st, (*v)[i].key, 0, &p->checkins, &p->n_checkins, e);
    }
    return rc;
}

static int export_all(struct store *st, struct org *o, struct err *e)
{
    char *name = store_org_name(st);
    o->organisation = str_empty(name) ? NULL : xstrdup(name);
    free(name);
    /* UTC is every organisation's until it names a zone: said by leaving
     * the key out, as a file that never named one had it. */
    o->timezone = store_org_timezone(st);
    if (str_eq(o->timezone, "UTC")) {
        free(o->timezone);
        o->timezone = NULL;
    }
    struct query q = {0};
    q.sort = DEPT_SORT_KEY;
    int rc = department_list(st, &q, &o->departments, &o->n_departments, e);
    if (rc < 0)
        return rc;
    q.sort = PERSON_SORT_LOGIN;
    if ((rc = person_list(st, &q, &o->people, &o->n_people, e)) < 0)
        return rc;
    q.sort = PROJECT_SORT_KEY;
    if ((rc = project_list(st, &q, &o->projects, &o->n_projects, e)) < 0)
        return rc;
    /* Only a single get fills a project's dependencies. */
    for (size_t i = 0; i < o->n_projects; i++) {
        char *key = xstrdup(o->projects[i].key);
        struct project full;
        rc = project_get(st, key, &full, e);
        free(key);
        if (rc < 0)
            return rc;
        project_fini(&o->projects[i]);
        o->projects[i] = full;
    }
    q.sort = BLOCKER_SORT_KEY;
    if ((rc = blocker_list(st, &q, &o->blockers, &o->n_blockers, e)) < 0)
        return rc;
    q.sort = IND_SORT_KEY;
    if ((rc = indicator_list(st, &q, &o->indicators, &o->n_indicators, e)) < 0)
        return rc;
    o->readings = xcalloc(o->n_indicators + 1, sizeof *o->readings);
    for (size_t i = 0; i < o->n_indicators; i++) {
        struct org_readings *rs = &o->readings[i];
        if ((rc = indicator_readings(st, o->indicators[i].key, NULL, 0, &rs->v, &rs->n, e)) < 0)
            return rc;
    }
    return objectives_read(st, &o->objectives, &o->objective_parts, &o->n_objectives, e);
}

int org_export(struct store *st, struct org *o, struct err *e)
{
    org_init(o);
    int rc = export_all(st, o, e);
    if (rc < 0)
        org_fini(o);
    return rc;
}

/* ---- export, streamed ---- */

static int put_failed(const struct orgfile_writer *w, struct err *e)
{
    return w->failed ? err_set(e, ERR_RUNTIME, "writing the organisation file failed") : 0;
}

static int put_project(void *ctx, const struct project *p, struct err *e)
{
    orgfile_put_project(ctx, p);
    return put_failed(ctx, e);
}

static int put_blocker(void *ctx, const struct blocker *b, struct err *e)
{
    orgfile_put_blocker(ctx, b);
    return put_failed(ctx, e);
}

/* Indicators with their readings, an indicator's readings at a time. */
static int put_indicators(struct store *st, struct orgfile_writer *w, struct err *e)
{
    struct query q = {.sort = IND_SORT_KEY};
    struct indicator *v = NULL;
    size_t n = 0;
    int rc = indicator_list(st, &q, &v, &n, e);
    size_t *ord = rc ? NULL : orgfile_order(v, n, sizeof *v, offsetof(struct indicator, key));
    for (size_t i = 0; !rc && i < n; i++) {
        struct reading *rs = NULL;
        size_t nrs = 0;
        rc = indicator_readings(st, v[ord[i]].key, NULL, 0, &rs, &nrs, e);
        if (!rc)
            orgfile_put_indicator(w, &v[ord[i]], rs, nrs);
        reading_list_free(rs, nrs);
        if (!rc)
            rc = put_failed(w, e);
    }
    free(ord);
    indicator_list_free(v, n);
    return rc;
}

static int put_objectives(struct store *st, struct orgfile_writer *w, struct err *e)
{
    struct org g;
    org_init(&g);
    int rc = objectives_read(st, &g.objectives, &g.objective_parts, &g.n_objectives, e);
    size_t *ord = orgfile_order(g.objectives, g.n_objectives, sizeof *g.objectives,
                                offsetof(struct objective, key));
    for (size_t i = 0; !rc && i < g.n_objectives; i++) {
        orgfile_put_objective(w, &g.objectives[ord[i]], &g.objective_parts[ord[i]]);
        rc = put_failed(w, e);
    }
    free(ord);
    org_fini(&g);
    return rc;
}

static int write_all(struct store *st, struct orgfile_writer *w, struct err *e)
{
    struct org g;
    org_init(&g);
    struct query q = {.sort = DEPT_SORT_KEY};
    int rc = department_list(st, &q, &g.departments, &g.n_departments, e);
    q.sort = PERSON_SORT_LOGIN;
    if (!rc)
        rc = person_list(st, &q, &g.people, &g.n_people, e);
    if (!rc) {
        size_t *ord = orgfile_order(g.departments, g.n_departments, sizeof *g.departments,
                                    offsetof(struct department, key));
        for (size_t i = 0; i < g.n_departments; i++)
            orgfile_put_department(w, &g.departments[ord[i]]);
        free(ord);
        ord = orgfile_order(g.people, g.n_people, sizeof *g.people, offsetof(struct person, login));
        for (size_t i = 0; i < g.n_people; i++)
            orgfile_put_person(w, &g.people[ord[i]]);
        free(ord);
    }
    org_fini(&g);
    if (!rc)
        rc = project_each(st, true, put_project, w, e);
    if (!rc)
        rc = blocker_each(st, true, put_blocker, w, e);
    if (!rc)
        rc = put_indicators(st, w, e);
    if (!rc)
        rc = put_objectives(st, w, e);
    return rc;
}

int org_write(struct store *st, FILE *out, struct err *e)
{
    int rc = store_read_begin(st, e);
    if (rc)
        return rc;
    char *name = store_org_name(st), *zone = store_org_timezone(st);
    struct orgfile_writer w;
    orgfile_writer_init(&w, out, name, str_eq(zone, "UTC") ? NULL : zone);
    free(name);
    free(zone);
    rc = write_all(st, &w, e);
    int done = orgfile_writer_finish(&w, rc ? NULL : e);
    store_read_end(st);
    return rc ? rc : done;
}

/* ---- the demo organisation ---- */

/* The demo tells the story of one morning, DEMO_DAY. Loaded on another day
 * it is moved to that day, so ages, SLAs, due dates and readings read as
 * they did then ($BATON_NOW on DEMO_DAY loads it unchanged). */
#define DEMO_DAY "2026-11-26"

static char *find_demo_file(void)
{
    char *src = paths_source_dir(), *data = paths_data_dir();
    char *cands[2] = {
        src ? xasprintf("%s/config/demo-org.yaml", src) : NULL,
        data ? xasprintf("%s/demo-org.yaml", data) : NULL,
    };
    free(src);
    free(data);
    char *found = NULL;
    for (size_t i = 0; i < 2; i++) {
        if (!found && cands[i] && access(cands[i], R_OK) == 0)
            found = cands[i];
        else
            free(cands[i]);
    }
    return found;
}

int org_load_demo(struct store *st, struct org_tally *t, struct err *e)
{
    char *file = find_demo_file();
    if (!file)
        return err_set(e, ERR_RUNTIME,
                       "cannot find demo-org.yaml (set BATON_SRCDIR to baton's source folder, "
                       "or use 'baton demo --scale 1000')");
    struct org o;
    org_init(&o);
    int rc = orgfile_read(file, &o, e);
    free(file);
    /* The story's day becomes today in the organisation's calendar. */
    struct tzone *zone = NULL;
    if (rc == 0 && o.timezone && tzone_load(o.timezone, false, &zone, e) < 0)
        rc = -e->code;
    if (rc == 0) {
        if (zone)
            time_set_org_zone(zone);
        btime story = 0;
        if (time_parse(DEMO_DAY, &story))
            org_shift_days(&o, (int)(time_org_day_number(time_now()) - story / 86400),
                           story / 86400);
        rc = org_import(st, &o, e);
    }
    if (rc == 0)
        rc = store_backdate_import(st, e);
    if (rc == 0 && t) {
        t->departments = o.n_departments;
        t->projects = o.n_projects;
        t->blockers = o.n_blockers;
        t->indicators = o.n_indicators;
    }
    org_fini(&o);
    return rc;
}
