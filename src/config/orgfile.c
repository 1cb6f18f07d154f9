/*
 * Organisation files: the YAML shape of DESIGN.md turned into struct org
 * and back. Writing is deterministic so that export -> import -> export
 * gives identical bytes: items sorted by key (people by login, readings by
 * time), fields in one fixed order, absent fields omitted, strings quoted
 * whenever YAML could read them as anything but the same text, numbers in
 * the shortest form that parses back to the same double.
 */
#include "baton/orgfile.h"

#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baton/str.h"
#include "baton/timeutil.h"

void org_init(struct org *o)
{
    memset(o, 0, sizeof *o);
}

void org_fini(struct org *o)
{
    free(o->file);
    free(o->organisation);
    department_list_free(o->departments, o->n_departments);
    person_list_free(o->people, o->n_people);
    project_list_free(o->projects, o->n_projects);
    blocker_list_free(o->blockers, o->n_blockers);
    for (size_t i = 0; i < o->n_indicators && o->readings; i++)
        reading_list_free(o->readings[i].v, o->readings[i].n);
    free(o->readings);
    indicator_list_free(o->indicators, o->n_indicators);
    free(o->locs);
    memset(o, 0, sizeof *o);
}

void org_where_at(const struct org *o, int section, size_t index, const char *field, size_t sub,
                  int *line, int *col)
{
    const struct org_loc *item = NULL;
    for (size_t i = 0; i < o->n_locs; i++) {
        const struct org_loc *l = &o->locs[i];
        if (l->section != section || l->index != index)
            continue;
        if (!l->field) {
            item = l;
        } else if (field && strcmp(l->field, field) == 0 && l->sub == sub) {
            *line = l->line;
            *col = l->col;
            return;
        }
    }
    if (item) {
        *line = item->line;
        *col = item->col;
    } else if (o->n_locs) {
        *line = 1;
        *col = 1;
    } else {
        *line = 0;
        *col = 0;
    }
}

void org_where(const struct org *o, int section, size_t index, const char *field, int *line,
               int *col)
{
    org_where_at(o, section, index, field, 0, line, col);
}

/* ---- writing ---------------------------------------------------------- */

/* Words a YAML 1.1 or 1.2 reader could take for a boolean or null. */
static const char *const yaml_words[] = {
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
};

/* Characters a plain scalar may hold inside a flow mapping without YAML
 * reading them as syntax (after a letter or underscore as first character). */
static bool plain_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr(" _.-/+()'%@&;=~^$?!<>|*", c) != NULL;
}

static bool plain_ok(const char *s)
{
    unsigned char c0 = (unsigned char)s[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_'))
        return false;
    size_t n = strlen(s);
    if (s[n - 1] == ' ')
        return false;
    for (const char *p = s; *p; p++)
        if (!plain_char((unsigned char)*p))
            return false;
    for (size_t i = 0; i < sizeof yaml_words / sizeof yaml_words[0]; i++)
        if (strcasecmp(s, yaml_words[i]) == 0)
            return false;
    return true;
}

/* Length of the valid UTF-8 sequence at s and its code point; 0 when the
 * bytes are not valid UTF-8 (overlong forms and surrogates included). */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
    static const struct {
        unsigned char mask, lead;
        size_t len;
        unsigned min;
    } forms[] = {{0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        if ((s[0] & forms[f].mask) != forms[f].lead)
            continue;
        unsigned c = s[0] & (0x7F >> forms[f].len);
        for (size_t i = 1; i < forms[f].len; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i] & 0x3F);
        }
        if (c < forms[f].min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        *cp = c;
        return forms[f].len;
    }
    return 0;
}

/* YAML allows these in a document only as escapes. */
static bool yaml_printable(unsigned cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return false;
    return !(cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF);
}

static void yaml_quoted(struct strbuf *sb, const char *s)
{
    static const struct {
        char c, esc;
    } escapes[] = {{'\0', '0'}, {'\a', 'a'}, {'\b', 'b'}, {'\t', 't'}, {'\n', 'n'},
                   {'\v', 'v'}, {'\f', 'f'}, {'\r', 'r'}, {'\x1b', 'e'}, {'"', '"'},
                   {'\\', '\\'}};
    sb_addc(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        bool done = false;
        for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
            if (*p == (unsigned char)escapes[i].c) {
                sb_addc(sb, '\\');
                sb_addc(sb, escapes[i].esc);
                p++;
                done = true;
                break;
            }
        }
        if (done)
            continue;
        if (*p < 0x80) {
            if (*p < 0x20 || *p == 0x7F)
                sb_addf(sb, "\\x%02X", *p);
            else
                sb_addc(sb, (char)*p);
            p++;
            continue;
        }
        unsigned cp;
        size_t len = utf8_decode(p, &cp);
        if (!len) {
            /* Not UTF-8: YAML cannot hold the byte, keep it visible. */
            sb_addf(sb, "\\x%02X", *p);
            p++;
        } else if (!yaml_printable(cp)) {
            if (cp <= 0xFF)
                sb_addf(sb, "\\x%02X", cp);
            else
                sb_addf(sb, "\\u%04X", cp);
            p += len;
        } else {
            sb_addn(sb, (const char *)p, len);
            p += len;
        }
    }
    sb_addc(sb, '"');
}

static void yaml_str(struct strbuf *sb, const char *s)
{
    if (plain_ok(s))
        sb_add(sb, s);
    else
        yaml_quoted(sb, s);
}

/* The shortest %g form that reads back as the same double, with a '.'
 * whatever the locale says. */
static void yaml_num(struct strbuf *sb, double v)
{
    char buf[64];
    if (isnan(v)) {
        sb_add(sb, ".nan");
        return;
    }
    if (isinf(v)) {
        sb_add(sb, v < 0 ? "-.inf" : ".inf");
        return;
    }
    const char *dp = localeconv()->decimal_point;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    struct strbuf out;
    sb_init(&out);
    size_t dpl = dp && *dp ? strlen(dp) : 0;
    for (const char *p = buf; *p;) {
        if (dpl && strncmp(p, dp, dpl) == 0) {
            sb_addc(&out, '.');
            p += dpl;
        } else {
            sb_addc(&out, *p++);
        }
    }
    sb_add(sb, sb_str(&out));
    sb_fini(&out);
}

/* One item as a flow mapping ("{a: 1, b: x}") or a block mapping, with the
 * same calls. */
struct item {
    struct strbuf *sb;
    bool block;
    const char *indent; /* block: before every field but the first */
    bool first;
};

static void item_key(struct item *it, const char *name)
{
    if (it->block) {
        if (!it->first)
            sb_add(it->sb, it->indent);
    } else if (!it->first) {
        sb_add(it->sb, ", ");
    }
    it->first = false;
    sb_add(it->sb, name);
    sb_add(it->sb, ": ");
}

static void item_end_field(struct item *it)
{
    if (it->block)
        sb_addc(it->sb, '\n');
}

static void item_str(struct item *it, const char *name, const char *v)
{
    if (!v)
        return;
    item_key(it, name);
    yaml_str(it->sb, v);
    item_end_field(it);
}

/* Dates and times are validated on reading and stored in ISO form, which a
 * plain scalar holds unchanged; anything else is quoted like text. */
static void item_time(struct item *it, const char *name, const char *v)
{
    if (!v)
        return;
    item_key(it, name);
    btime t;
    bool iso = time_parse(v, &t);
    for (const char *p = v; iso && *p; p++)
        iso = (*p >= '0' && *p <= '9') || strchr("-:TZ", *p);
    if (iso)
        sb_add(it->sb, v);
    else
        yaml_quoted(it->sb, v);
    item_end_field(it);
}

static void item_int(struct item *it, const char *name, long v, bool omit_zero)
{
    if (omit_zero && v == 0)
        return;
    item_key(it, name);
    sb_addf(it->sb, "%ld", v);
    item_end_field(it);
}

static void item_num(struct item *it, const char *name, bool has, double v)
{
    if (!has)
        return;
    item_key(it, name);
    yaml_num(it->sb, v);
    item_end_field(it);
}

static void item_raw(struct item *it, const char *name, const char *v)
{
    item_key(it, name);
    sb_add(it->sb, v);
    item_end_field(it);
}

static void item_open(struct item *it, struct strbuf *sb, bool block, const char *indent)
{
    it->sb = sb;
    it->block = block;
    it->indent = indent;
    it->first = true;
    sb_add(sb, block ? "  - " : "  - {");
}

static void item_close(struct item *it)
{
    if (!it->block)
        sb_add(it->sb, "}\n");
}

/* Keys compare as people read them: B-2 before B-10. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0' && a[1] >= '0' && a[1] <= '9')
                a++;
            while (*b == '0' && b[1] >= '0' && b[1] <= '9')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    if (*a || *b)
        return *a ? 1 : -1;
    return 0;
}

struct keyed {
    const char *key;
    size_t idx;
};

static int keyed_cmp(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int c = natural_cmp(a->key ? a->key : "", b->key ? b->key : "");
    if (!c)
        c = strcmp(a->key ? a->key : "", b->key ? b->key : "");
    if (!c)
        c = a->idx < b->idx ? -1 : a->idx > b->idx;
    return c;
}

/* Times compare as instants (ISO text of equal form sorts the same way). */
static int time_keyed_cmp(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    btime ta = 0, tb = 0;
    bool oka = time_parse(a->key, &ta), okb = time_parse(b->key, &tb);
    if (oka && okb && ta != tb)
        return ta < tb ? -1 : 1;
    return keyed_cmp(pa, pb);
}

/* An order for n items whose sort key is at byte offset `off` (a char *)
 * in elements of `size` bytes. Caller frees. */
static struct keyed *order_by(const void *base, size_t n, size_t size, size_t off,
                              int (*cmp)(const void *, const void *))
{
    struct keyed *v = xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *elem = (const char *)base + i * size;
        memcpy(&v[i].key, elem + off, sizeof v[i].key);
        v[i].idx = i;
    }
    qsort(v, n, sizeof *v, cmp);
    return v;
}

static void write_departments(struct strbuf *sb, const struct org *o)
{
    if (!o->n_departments)
        return;
    sb_add(sb, "departments:\n");
    struct keyed *ord = order_by(o->departments, o->n_departments, sizeof *o->departments,
                                 offsetof(struct department, key), keyed_cmp);
    for (size_t i = 0; i < o->n_departments; i++) {
        const struct department *d = &o->departments[ord[i].idx];
        struct item it;
        item_open(&it, sb, false, NULL);
        item_str(&it, "key", d->key);
        item_str(&it, "name", d->name);
        item_str(&it, "lead", d->lead);
        item_int(&it, "sort", d->sort_order, true);
        if (d->archived)
            item_raw(&it, "archived", "true");
        item_close(&it);
    }
    free(ord);
}

static void write_people(struct strbuf *sb, const struct org *o)
{
    if (!o->n_people)
        return;
    sb_add(sb, "people:\n");
    struct keyed *ord = order_by(o->people, o->n_people, sizeof *o->people,
                                 offsetof(struct person, login), keyed_cmp);
    for (size_t i = 0; i < o->n_people; i++) {
        const struct person *p = &o->people[ord[i].idx];
        struct item it;
        item_open(&it, sb, false, NULL);
        item_str(&it, "login", p->login);
        item_str(&it, "name", p->name);
        item_str(&it, "department", p->department);
        item_str(&it, "title", p->title);
        item_close(&it);
    }
    free(ord);
}

static void write_projects(struct strbuf *sb, const struct org *o)
{
    if (!o->n_projects)
        return;
    sb_add(sb, "projects:\n");
    struct keyed *ord = order_by(o->projects, o->n_projects, sizeof *o->projects,
                                 offsetof(struct project, key), keyed_cmp);
    for (size_t i = 0; i < o->n_projects; i++) {
        const struct project *p = &o->projects[ord[i].idx];
        struct item it;
        item_open(&it, sb, false, NULL);
        item_str(&it, "key", p->key);
        item_str(&it, "title", p->title);
        item_str(&it, "department", p->department);
        item_str(&it, "owner", p->owner);
        item_raw(&it, "status", project_status_name(p->status));
        if (p->health_set != HEALTH_UNKNOWN)
            item_raw(&it, "health", health_name(p->health_set));
        item_int(&it, "progress", p->progress, true);
        item_time(&it, "start", p->start);
        item_time(&it, "due", p->due);
        item_str(&it, "description", p->description);
        if (p->n_depends_on) {
            struct keyed *deps = order_by(p->depends_on, p->n_depends_on, sizeof(char *), 0,
                                          keyed_cmp);
            item_key(&it, "depends_on");
            sb_addc(sb, '[');
            for (size_t k = 0; k < p->n_depends_on; k++) {
                if (k)
                    sb_add(sb, ", ");
                yaml_str(sb, deps[k].key);
            }
            sb_addc(sb, ']');
            free(deps);
        }
        item_close(&it);
    }
    free(ord);
}

static void write_blockers(struct strbuf *sb, const struct org *o)
{
    if (!o->n_blockers)
        return;
    sb_add(sb, "blockers:\n");
    struct keyed *ord = order_by(o->blockers, o->n_blockers, sizeof *o->blockers,
                                 offsetof(struct blocker, key), keyed_cmp);
    for (size_t i = 0; i < o->n_blockers; i++) {
        const struct blocker *b = &o->blockers[ord[i].idx];
        struct item it;
        item_open(&it, sb, false, NULL);
        item_str(&it, "key", b->key);
        item_str(&it, "project", b->project);
        item_str(&it, "title", b->title);
        item_str(&it, "detail", b->detail);
        if (b->kind != BLOCKER_ISSUE)
            item_raw(&it, "kind", blocker_kind_name(b->kind));
        item_raw(&it, "state", blocker_state_name(b->state));
        item_int(&it, "severity", b->severity, true);
        item_str(&it, "waiting_on", b->waiting_on);
        item_str(&it, "owner", b->owner);
        item_str(&it, "raised_by", b->raised_by);
        item_time(&it, "raised_at", b->raised_at);
        item_time(&it, "needed_by", b->needed_by);
        item_time(&it, "snoozed_until", b->snoozed_until);
        item_str(&it, "duplicate_of", b->duplicate_of);
        item_int(&it, "escalation_level", b->escalation_level, true);
        item_str(&it, "escalated_to", b->escalated_to);
        item_time(&it, "escalated_at", b->escalated_at);
        item_str(&it, "reason", b->reason);
        item_close(&it);
    }
    free(ord);
}

static void write_indicators(struct strbuf *sb, const struct org *o)
{
    if (!o->n_indicators)
        return;
    sb_add(sb, "indicators:\n");
    struct keyed *ord = order_by(o->indicators, o->n_indicators, sizeof *o->indicators,
                                 offsetof(struct indicator, key), keyed_cmp);
    for (size_t i = 0; i < o->n_indicators; i++) {
        const struct indicator *ind = &o->indicators[ord[i].idx];
        struct item it;
        item_open(&it, sb, true, "    ");
        item_str(&it, "key", ind->key);
        item_str(&it, "name", ind->name);
        item_str(&it, "department", ind->department);
        item_str(&it, "owner", ind->owner);
        item_str(&it, "unit", ind->unit);
        if (ind->format && strcmp(ind->format, "number") != 0)
            item_str(&it, "format", ind->format);
        item_raw(&it, "direction", direction_name(ind->direction));
        item_num(&it, "target", ind->has_target, ind->target);
        item_num(&it, "amber", ind->has_amber, ind->amber);
        item_num(&it, "red", ind->has_red, ind->red);
        item_int(&it, "stale_days", ind->stale_days, true);
        item_str(&it, "project", ind->project);
        const struct org_readings *rs = o->readings ? &o->readings[ord[i].idx] : NULL;
        if (rs && rs->n) {
            sb_add(sb, "    readings:\n");
            struct keyed *rord =
                order_by(rs->v, rs->n, sizeof *rs->v, offsetof(struct reading, at), time_keyed_cmp);
            for (size_t k = 0; k < rs->n; k++) {
                const struct reading *r = &rs->v[rord[k].idx];
                struct item ri;
                sb_add(sb, "    ");
                item_open(&ri, sb, false, NULL);
                item_time(&ri, "at", r->at);
                item_num(&ri, "value", true, r->value);
                item_str(&ri, "note", r->note);
                item_str(&ri, "recorded_by", r->recorded_by);
                item_close(&ri);
            }
            free(rord);
        }
        item_close(&it);
    }
    free(ord);
}

int orgfile_write(FILE *out, const struct org *o, struct err *e)
{
    struct strbuf sb;
    sb_init(&sb);
    if (!str_empty(o->organisation)) {
        sb_add(&sb, "organisation: ");
        yaml_str(&sb, o->organisation);
        sb_addc(&sb, '\n');
    }
    write_departments(&sb, o);
    write_people(&sb, o);
    write_projects(&sb, o);
    write_blockers(&sb, o);
    write_indicators(&sb, o);
    size_t len = sb.len;
    bool ok = len == 0 || fwrite(sb.s, 1, len, out) == len;
    sb_fini(&sb);
    if (!ok || fflush(out) != 0 || ferror(out))
        return err_set(e, ERR_RUNTIME, "writing the organisation file failed");
    return 0;
}
