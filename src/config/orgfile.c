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
#include "baton/text.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"
#include "yamldoc.h"

void org_init(struct org *o)
{
    memset(o, 0, sizeof *o);
}

void org_fini(struct org *o)
{
    free(o->file);
    free(o->organisation);
    free(o->timezone);
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

/* YAML allows these in a document only as escapes; bidi controls are
 * escaped too, so that the file reads on a terminal as it is stored. */
static bool yaml_printable(uint32_t cp)
{
    if (utf8_is_control(cp))
        return false;
    return !(cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF);
}

static void yaml_quoted(struct strbuf *sb, const char *s)
{
    static const struct {
        char c, esc;
    } escapes[] = {{'\0', '0'}, {'\a', 'a'}, {'\b', 'b'},   {'\t', 't'}, {'\n', 'n'}, {'\v', 'v'},
                   {'\f', 'f'}, {'\r', 'r'}, {'\x1b', 'e'}, {'"', '"'},  {'\\', '\\'}};
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
        uint32_t cp;
        size_t len = utf8_decode((const char *)p, &cp);
        if (!len) {
            /* Not UTF-8: YAML cannot hold the byte (an escape "\\xFF" would
             * read back as U+00FF), so it becomes U+FFFD, written as a
             * valid one is, and export -> import -> export stays the same. */
            sb_add(sb, "\xEF\xBF\xBD");
            p++;
        } else if (!yaml_printable(cp)) {
            if (cp <= 0xFF)
                sb_addf(sb, "\\x%02X", (unsigned)cp);
            else
                sb_addf(sb, "\\u%04X", (unsigned)cp);
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
    if (v == floor(v) && fabs(v) < 1e15) {
        /* Whole numbers as people write them: 1200000, not 1.2e+06. */
        snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
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

struct keyed {
    const char *key;
    size_t idx;
};

static int keyed_cmp(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int c = str_key_cmp(a->key ? a->key : "", b->key ? b->key : "");
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

/* The section heading before a section's first item; sections come in the
 * file's order and an empty one is left out. What is written so far goes
 * out once it is larger than a few pages, so a writer holds one item. */
static void put_section(struct orgfile_writer *w, int section)
{
    static const char *const headings[] = {
        [ORG_DEPARTMENTS] = "departments:\n", [ORG_PEOPLE] = "people:\n",
        [ORG_PROJECTS] = "projects:\n",       [ORG_BLOCKERS] = "blockers:\n",
        [ORG_INDICATORS] = "indicators:\n",
    };
    if (w->section != section) {
        w->section = section;
        sb_add(&w->sb, headings[section]);
    }
}

static void put_flush(struct orgfile_writer *w, size_t over)
{
    if (w->sb.len <= over)
        return;
    if (!w->failed && fwrite(w->sb.s, 1, w->sb.len, w->out) != w->sb.len)
        w->failed = true;
    sb_clear(&w->sb);
}

void orgfile_writer_init(struct orgfile_writer *w, FILE *out, const char *organisation,
                         const char *timezone)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->section = -1;
    sb_init(&w->sb);
    if (!str_empty(organisation)) {
        sb_add(&w->sb, "organisation: ");
        yaml_str(&w->sb, organisation);
        sb_addc(&w->sb, '\n');
    }
    if (!str_empty(timezone)) {
        sb_add(&w->sb, "timezone: ");
        yaml_str(&w->sb, timezone);
        sb_addc(&w->sb, '\n');
    }
}

int orgfile_writer_finish(struct orgfile_writer *w, struct err *e)
{
    put_flush(w, 0);
    sb_fini(&w->sb);
    if (w->failed || fflush(w->out) != 0 || ferror(w->out))
        return err_set(e, ERR_RUNTIME, "writing the organisation file failed");
    return 0;
}

/* One item's fields as its entity describes them (baton/entity.h), in
 * its order: those the organisation file carries, each only when set. */
static void write_entity(struct item *it, const struct entity *ent, const void *obj)
{
    for (size_t i = 0; i < ent->n; i++) {
        const struct entity_field *f = &ent->fields[i];
        if (!(f->flags & FL_ORG) || (f->flags & FL_PARENT))
            continue;
        const char *key = field_key(f);
        /* Only a text field holds a pointer there (an int's offset is not
         * aligned for one). */
        bool is_text = f->type == FT_TEXT || f->type == FT_DATE || f->type == FT_TIME ||
                       f->type == FT_LIST;
        const char *text = NULL;
        if (is_text)
            memcpy(&text, (const char *)obj + f->off, sizeof text);
        int v = 0;
        if (f->type == FT_INT || f->type == FT_CHOICE)
            memcpy(&v, (const char *)obj + f->off, sizeof v);
        bool yes = false;
        if (f->type == FT_BOOL)
            memcpy(&yes, (const char *)obj + f->off, sizeof yes);
        char num[32];
        if (f->type == FT_TEXT && (f->flags & FL_OMIT_FIRST) && str_eq(text, f->choice_name(0)))
            continue;
        if (f->type == FT_TEXT)
            item_str(it, key, text);
        else if (f->type == FT_REAL && field_text(f, obj, num)) {
            double d;
            memcpy(&d, (const char *)obj + f->off, sizeof d);
            item_num(it, key, true, d);
        }
        else if (f->type == FT_DATE || f->type == FT_TIME)
            item_time(it, key, text);
        else if (f->type == FT_INT)
            item_int(it, key, v, true);
        else if (f->type == FT_BOOL && yes)
            item_raw(it, key, "true");
        else if (f->type == FT_CHOICE && (v || !(f->flags & FL_OMIT_FIRST)))
            item_raw(it, key, f->choice_name(v));
        else if (f->type == FT_LIST && text && *text) {
            item_key(it, key);
            sb_addc(it->sb, '[');
            for (const char *p = text; *p;) {
                size_t n = strcspn(p, ",");
                char *w = xasprintf("%.*s", (int)n, p);
                sb_add(it->sb, p == text ? "" : ", ");
                yaml_str(it->sb, w);
                free(w);
                p += n + (p[n] == ',');
            }
            sb_addc(it->sb, ']');
            item_end_field(it);
        }
    }
}

/* An item whose fields are all its entity's. */
static void put_described(struct orgfile_writer *w, int section, const struct entity *ent,
                          const void *obj)
{
    put_section(w, section);
    struct item it;
    item_open(&it, &w->sb, false, NULL);
    write_entity(&it, ent, obj);
    item_close(&it);
    put_flush(w, ORGFILE_FLUSH);
}

void orgfile_put_department(struct orgfile_writer *w, const struct department *d)
{
    put_described(w, ORG_DEPARTMENTS, &department_entity, d);
}

void orgfile_put_person(struct orgfile_writer *w, const struct person *p)
{
    put_described(w, ORG_PEOPLE, &person_entity, p);
}

void orgfile_put_project(struct orgfile_writer *w, const struct project *p)
{
    put_section(w, ORG_PROJECTS);
    struct strbuf *sb = &w->sb;
    struct item it;
    item_open(&it, sb, false, NULL);
    write_entity(&it, &project_entity, p);
    if (p->n_depends_on) {
        struct keyed *deps = order_by(p->depends_on, p->n_depends_on, sizeof(char *), 0, keyed_cmp);
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
    put_flush(w, ORGFILE_FLUSH);
}

void orgfile_put_blocker(struct orgfile_writer *w, const struct blocker *b)
{
    put_described(w, ORG_BLOCKERS, &blocker_entity, b);
}

void orgfile_put_indicator(struct orgfile_writer *w, const struct indicator *ind,
                           const struct reading *rs, size_t n_rs)
{
    put_section(w, ORG_INDICATORS);
    struct strbuf *sb = &w->sb;
    struct item it;
    item_open(&it, sb, true, "    ");
    write_entity(&it, &indicator_entity, ind);
    if (n_rs) {
        sb_add(sb, "    readings:\n");
        struct keyed *rord =
            order_by(rs, n_rs, sizeof *rs, offsetof(struct reading, at), time_keyed_cmp);
        for (size_t k = 0; k < n_rs; k++) {
            const struct reading *r = &rs[rord[k].idx];
            struct item ri;
            sb_add(sb, "    ");
            item_open(&ri, sb, false, NULL);
            write_entity(&ri, &reading_entity, r);
            item_close(&ri);
        }
        free(rord);
    }
    item_close(&it);
    put_flush(w, ORGFILE_FLUSH);
}

size_t *orgfile_order(const void *items, size_t n, size_t size, size_t key_off)
{
    struct keyed *ord = order_by(items, n, size, key_off, keyed_cmp);
    size_t *idx = xcalloc(n ? n : 1, sizeof *idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = ord[i].idx;
    free(ord);
    return idx;
}

/* Puts the n items of v in the file's order through put. */
#define PUT_SORTED(w, v, n, type, keyfield, put)                                                \
    do {                                                                                        \
        size_t *ord_ = orgfile_order((v), (n), sizeof(type), offsetof(type, keyfield));         \
        for (size_t i_ = 0; i_ < (n); i_++)                                                     \
            put((w), &(v)[ord_[i_]]);                                                           \
        free(ord_);                                                                             \
    } while (0)

int orgfile_write(FILE *out, const struct org *o, struct err *e)
{
    struct orgfile_writer w;
    orgfile_writer_init(&w, out, o->organisation, o->timezone);
    PUT_SORTED(&w, o->departments, o->n_departments, struct department, key,
               orgfile_put_department);
    PUT_SORTED(&w, o->people, o->n_people, struct person, login, orgfile_put_person);
    PUT_SORTED(&w, o->projects, o->n_projects, struct project, key, orgfile_put_project);
    PUT_SORTED(&w, o->blockers, o->n_blockers, struct blocker, key, orgfile_put_blocker);
    size_t *ord = orgfile_order(o->indicators, o->n_indicators, sizeof *o->indicators,
                                offsetof(struct indicator, key));
    for (size_t i = 0; i < o->n_indicators; i++) {
        const struct org_readings *rs = o->readings ? &o->readings[ord[i]] : NULL;
        orgfile_put_indicator(&w, &o->indicators[ord[i]], rs ? rs->v : NULL, rs ? rs->n : 0);
    }
    free(ord);
    return orgfile_writer_finish(&w, e);
}

/* ---- reading ---------------------------------------------------------- */

enum ftype {
    F_TEXT,     /* optional text; "" and null are absent */
    F_KEY,      /* the item's key: required, not empty, unique in the file */
    F_DATE,     /* YYYY-MM-DD */
    F_TIME,     /* any form time_parse takes; stored as ISO-8601 UTC */
    F_WHEN,     /* a date, or a time */
    F_INT,      /* int in [min, max] */
    F_BOOL,     /* bool */
    F_NUM,      /* double, with a bool at has_off */
    F_ENUM,     /* through enum_defs[min] */
    F_CHOICE,   /* the entity's choice field (choice_parse) */
    F_DEPS,     /* list of project keys: char ** at off, size_t at has_off */
    F_LIST,     /* a list of keys, stored in one char * (field_list_norm) */
    F_READINGS, /* the indicator's readings */
};

struct enum_def {
    bool (*parse)(const char *s, void *out);
    const char *names; /* for the message */
};

static bool parse_kind(const char *s, void *out)
{
    return blocker_kind_parse(s, out);
}
static bool parse_state(const char *s, void *out)
{
    return blocker_state_parse(s, out);
}
static bool parse_direction(const char *s, void *out)
{
    return direction_parse(s, out);
}

enum { E_KIND, E_STATE, E_DIRECTION };
static const struct enum_def enum_defs[] = {
    [E_KIND] = {parse_kind, "issue, risk, dependency"},
    [E_STATE] = {parse_state, "new, accepted, in_progress, resolved, declined, duplicate, snoozed"},
    [E_DIRECTION] = {parse_direction, "up, down, higher, lower"},
};

struct field {
    const char *name;
    enum ftype type;
    size_t off;
    size_t has_off;
    bool required;
    long min, max;
};

/* clang-format off */
#define TEXT(s, f) {#f, F_TEXT, offsetof(struct s, f), 0, false, 0, 0}
#define NAMED(s, n, f, t) {n, t, offsetof(struct s, f), 0, false, 0, 0}
#define REQ(s, f) {#f, F_TEXT, offsetof(struct s, f), 0, true, 0, 0}
#define KEY(s, f) {#f, F_KEY, offsetof(struct s, f), 0, true, 0, 0}
#define INT(s, n, f, lo, hi) {n, F_INT, offsetof(struct s, f), 0, false, lo, hi}
#define ENUM(s, f, which) {#f, F_ENUM, offsetof(struct s, f), 0, false, which, 0}
#define NUM(s, f) {#f, F_NUM, offsetof(struct s, f), offsetof(struct s, has_##f), false, 0, 0}
/* clang-format on */

/* A project's own field after those its entity describes. */
static const struct field project_fields[] = {
    {"depends_on", F_DEPS, offsetof(struct project, depends_on),
     offsetof(struct project, n_depends_on), false, 0, 0},
};

/* An indicator's own field beyond its description. */
static const struct field indicator_fields[] = {
    {"readings", F_READINGS, 0, 0, false, 0, 0},
};

struct section_def {
    const char *name; /* top-level key */
    const char *noun; /* one item, in messages */
    int section;      /* enum org_section */
    const struct field *fields; /* after the entity's, when described */
    size_t n_fields;
    const struct entity *ent; /* the model's rules for its text */
    size_t size;              /* of one item */
    size_t items_off, n_off;  /* in struct org */
    bool described;           /* its fields are first those of ent that files carry */
};

/* A section described by its entity, then its own fields. */
#define SECTION_DESCRIBED(name, noun, sec, own, n_own, type, items, n)                             \
    {                                                                                              \
        name, noun, sec, own, n_own, &type##_entity, sizeof(struct type),                          \
            offsetof(struct org, items), offsetof(struct org, n), true                             \
    }

static const struct section_def sections[] = {
    SECTION_DESCRIBED("departments", "department", ORG_DEPARTMENTS, NULL, 0, department,
                      departments, n_departments),
    SECTION_DESCRIBED("people", "person", ORG_PEOPLE, NULL, 0, person, people, n_people),
    SECTION_DESCRIBED("projects", "project", ORG_PROJECTS, project_fields, 1, project, projects,
                      n_projects),
    SECTION_DESCRIBED("blockers", "blocker", ORG_BLOCKERS, NULL, 0, blocker, blockers,
                      n_blockers),
    SECTION_DESCRIBED("indicators", "indicator", ORG_INDICATORS, indicator_fields,
                      sizeof indicator_fields / sizeof *indicator_fields, indicator, indicators,
                      n_indicators),
};

static const char *const top_keys[] = {"organisation", "timezone",   "departments", "people",
                                       "projects",     "blockers",   "indicators"};

/* The fields of one section's items, as read. */
enum { SECTION_FIELDS_MAX = 32 };
struct section_fields {
    struct field v[SECTION_FIELDS_MAX];
    size_t n;
};

/* The field type an organisation file gives a described field. */
/* A date field holds a date, or a time kept from a file (entity.h). */
static enum ftype file_type(const struct entity_field *f)
{
    if (f->type == FT_DATE && (f->flags & FL_DAY))
        return F_DATE;
    static const enum ftype by_type[] = {
        [FT_TEXT] = F_TEXT,     [FT_DATE] = F_WHEN, [FT_TIME] = F_TIME, [FT_INT] = F_INT,
        [FT_CHOICE] = F_CHOICE, [FT_LIST] = F_LIST, [FT_ID] = F_TEXT,   [FT_BOOL] = F_BOOL,
        [FT_REAL] = F_NUM,
    };
    return by_type[f->type];
}

/* The fields of ent that files carry, under their keys, in its order (the
 * first one the item's key when keyed); not the item it is nested under. */
static void entity_file_fields(const struct entity *ent, bool keyed, struct section_fields *sf)
{
    sf->n = 0;
    for (size_t i = 0; i < ent->n && sf->n < SECTION_FIELDS_MAX; i++) {
        const struct entity_field *f = &ent->fields[i];
        if (!(f->flags & FL_ORG) || (f->flags & FL_PARENT))
            continue;
        sf->v[sf->n] = (struct field){.name = field_key(f),
                                      .type = sf->n || !keyed ? file_type(f) : F_KEY,
                                      .off = f->off,
                                      .has_off = f->has_off,
                                      .required = (f->flags & FL_REQUIRED) != 0,
                                      .min = f->min,
                                      .max = f->max};
        sf->n++;
    }
}

/* A section's fields: a described one's are its entity's, the first one
 * the item's key; then the section's own. */
static void section_fields(const struct section_def *sec, struct section_fields *sf)
{
    sf->n = 0;
    if (sec->described)
        entity_file_fields(sec->ent, true, sf);
    for (size_t i = 0; i < sec->n_fields && sf->n < SECTION_FIELDS_MAX; i++)
        sf->v[sf->n++] = sec->fields[i];
}

struct reader {
    struct yamldoc *d;
    struct org *o;
    size_t cap_locs;
    struct err *e;
    const struct field *key; /* the item's key field in the section being read */
};

static void loc_add(struct reader *r, int section, size_t index, const char *field, size_t sub,
                    const yaml_node_t *n)
{
    struct org *o = r->o;
    o->locs = xgrow(o->locs, o->n_locs, &r->cap_locs, sizeof *o->locs);
    o->locs[o->n_locs++] =
        (struct org_loc){section, index, field, sub, yamldoc_line(n), yamldoc_col(n)};
}

/* Reads a string value: 1 when present, 0 when null or "" (absent),
 * negative on error. */
static int read_text(struct reader *r, const yaml_node_t *n, const char *what, char **out)
{
    if (yamldoc_is_null(n))
        return 0;
    char *s = NULL;
    int rc = yamldoc_get_string(r->d, n, what, &s, r->e);
    if (rc < 0)
        return rc;
    if (!*s) {
        free(s);
        return 0;
    }
    *out = s;
    return 1;
}

/* timezone: an IANA name of a zone this system knows. */
static int read_zone(struct reader *r, const yaml_node_t *n, char **out)
{
    int rc = read_text(r, n, "timezone", out);
    if (rc <= 0)
        return rc;
    struct tzone *z = NULL;
    struct err why;
    if (tzone_load(*out, false, &z, &why) < 0)
        return yamldoc_error(r->d, n, r->e, "timezone: %s", why.msg);
    tzone_free(z);
    return 0;
}

/* The rule of text.h, refused at the value's line and column; rc when
 * the text obeys it. */
static int check_text(struct reader *r, const yaml_node_t *v, enum text_kind kind,
                      const char *what, const char *s, int rc)
{
    struct err te;
    err_clear(&te);
    if (text_check(kind, what, s, &te) == 0)
        return rc;
    return yamldoc_error(r->d, v, r->e, "%s", te.msg);
}

/* A date or time value, normalised so that equal instants are equal text. */
static int read_time(struct reader *r, const yaml_node_t *n, const char *what, enum ftype type,
                     char **out)
{
    char *s = NULL;
    int rc = read_text(r, n, what, &s);
    if (rc <= 0)
        return rc;
    btime t;
    bool ok = time_parse(s, &t);
    bool date_only = strlen(s) == 10;
    if (ok && type == F_DATE && !date_only)
        ok = false;
    if (!ok) {
        rc = yamldoc_error(r->d, n, r->e, "%s: '%s' is not a %s", what, s,
                           type == F_DATE   ? "date (YYYY-MM-DD)"
                           : type == F_WHEN ? "date or time (YYYY-MM-DD[THH:MM[:SS]][Z])"
                                            : "time (YYYY-MM-DDTHH:MM[:SS][Z])");
        free(s);
        return rc;
    }
    char buf[32];
    if (date_only && type != F_TIME)
        time_fmt_date(t, buf);
    else
        time_fmt_iso(t, buf);
    free(s);
    *out = xstrdup(buf);
    return 1;
}

static int read_deps(struct reader *r, const struct section_def *sec, size_t index,
                     const yaml_node_t *n, const char *what, void *item, const struct field *f)
{
    char **keys = NULL;
    size_t nk = 0;
    int rc = yamldoc_get_strlist(r->d, n, what, false, &keys, &nk, r->e);
    if (rc < 0)
        return rc;
    *(char ***)((char *)item + f->off) = keys;
    *(size_t *)((char *)item + f->has_off) = nk;
    const char *self = *(char **)((char *)item + r->key->off);
    for (size_t k = 0; k < nk; k++) {
        yaml_node_t *entry = yamldoc_item(r->d, n, k);
        loc_add(r, sec->section, index, f->name, k, entry);
        if (!*keys[k])
            return yamldoc_error(r->d, entry, r->e, "%s: empty project key", what);
        if (check_text(r, entry, TEXT_KEY, what, keys[k], 0) < 0)
            return -r->e->code;
        if (str_eq(keys[k], self))
            return yamldoc_error(r->d, entry, r->e, "%s: a project cannot depend on itself", what);
        for (size_t j = 0; j < k; j++)
            if (strcmp(keys[j], keys[k]) == 0)
                return yamldoc_error(r->d, entry, r->e, "%s: '%s' is listed twice", what, keys[k]);
    }
    return 0;
}

static int read_fields(struct reader *r, const struct section_def *sec, size_t index,
                       const struct field *fields, size_t n_fields, const char *noun,
                       const yaml_node_t *node, void *item, size_t sub);

/* A list of keys ([a, b], or one word), kept as the model stores it:
 * joined by ',', repeats removed (field_list_norm); refused at the line. */
static int read_list(struct reader *r, const yaml_node_t *n, const char *what,
                     const struct entity_field *ef, char **out)
{
    char **words = NULL;
    size_t nw = 0;
    int rc = yamldoc_get_strlist(r->d, n, what, true, &words, &nw, r->e);
    if (rc < 0)
        return rc;
    struct strbuf sb;
    sb_init(&sb);
    for (size_t k = 0; k < nw; k++) {
        if (!*words[k] || strchr(words[k], ','))
            rc = yamldoc_error(r->d, yamldoc_item(r->d, n, k), r->e,
                               "%s: each item is one non-empty key, without commas", what);
        sb_addf(&sb, "%s%s", k ? "," : "", words[k]);
        free(words[k]);
    }
    free(words);
    struct err why;
    err_clear(&why);
    if (!rc && field_list_norm(ef ? ef->what : what, sb_str(&sb), ef ? ef->max : 0, out, &why) < 0)
        rc = yamldoc_error(r->d, n, r->e, "%s: %s", what, why.msg);
    sb_fini(&sb);
    return rc < 0 ? rc : *out ? 1 : 0;
}

static int reading_cmp(const void *pa, const void *pb)
{
    const struct reading *a = *(const struct reading *const *)pa;
    const struct reading *b = *(const struct reading *const *)pb;
    return strcmp(a->at, b->at);
}

static int read_readings(struct reader *r, size_t index, const yaml_node_t *n, const char *what)
{
    int rc = yamldoc_expect_seq(r->d, n, what, r->e);
    if (rc < 0)
        return rc;
    struct org_readings *rs = &r->o->readings[index];
    size_t len = yamldoc_len(n);
    rs->v = xcalloc(len ? len : 1, sizeof *rs->v);
    const char *key = r->o->indicators[index].key;
    char *noun = xasprintf("indicator %s: reading", key);
    struct section_fields sf;
    entity_file_fields(&reading_entity, false, &sf);
    for (size_t k = 0; k < len && rc == 0; k++) {
        yaml_node_t *item = yamldoc_item(r->d, n, k);
        rs->n = k + 1;
        loc_add(r, ORG_INDICATORS, index, "readings", k, item);
        rc = read_fields(r, NULL, index, sf.v, sf.n, noun, item, &rs->v[k], k);
    }
    free(noun);
    if (rc < 0 || rs->n < 2)
        return rc;
    /* Two readings at one instant would replace each other on import. */
    const struct reading **ord = xcalloc(rs->n, sizeof *ord);
    for (size_t k = 0; k < rs->n; k++)
        ord[k] = &rs->v[k];
    qsort(ord, rs->n, sizeof *ord, reading_cmp);
    for (size_t k = 1; k < rs->n && rc == 0; k++) {
        if (strcmp(ord[k - 1]->at, ord[k]->at) != 0)
            continue;
        size_t later = (size_t)(ord[k] - rs->v) > (size_t)(ord[k - 1] - rs->v)
                           ? (size_t)(ord[k] - rs->v)
                           : (size_t)(ord[k - 1] - rs->v);
        yaml_node_t *item = yamldoc_item(r->d, n, later);
        rc = yamldoc_error(r->d, yamldoc_get(r->d, item, "at"), r->e,
                           "indicator %s: two readings at %s", key, ord[k]->at);
    }
    free(ord);
    return rc;
}

/* Blocker keys are "B-<number>" (DESIGN.md): baton numbers new blockers
 * after the highest, sorts by the number, and types them in triage. */
static bool blocker_key_ok(const char *k)
{
    if (!k || k[0] != 'B' || k[1] != '-' || k[2] < '1' || k[2] > '9')
        return false;
    size_t n = strspn(k + 2, "0123456789");
    return k[2 + n] == '\0' && n <= 15;
}

static int read_field(struct reader *r, const struct section_def *sec, size_t index,
                      const struct field *f, const char *what, const yaml_node_t *v, void *item)
{
    char *base = item;
    /* the model's rule for this member, checked here to name the line */
    const struct entity *ent = sec ? sec->ent : &reading_entity; /* a reading has no section */
    const struct entity_field *ef = entity_field_at(ent, f->off);
    bool ruled = ef && ef->type == FT_TEXT && (ef->flags & FL_ORG);
    enum text_kind rule = ef ? ef->text : TEXT_FREE;
    switch (f->type) {
    case F_TEXT: {
        char **text = (char **)(base + f->off);
        int rc = read_text(r, v, what, text);
        return rc > 0 && ruled ? check_text(r, v, rule, what, *text, rc) : rc;
    }
    case F_KEY: {
        char **key = (char **)(base + f->off);
        int rc = read_text(r, v, what, key);
        if (rc > 0 && ruled)
            rc = check_text(r, v, rule, what, *key, rc);
        if (rc > 0 && sec && sec->section == ORG_BLOCKERS && !blocker_key_ok(*key))
            return yamldoc_error(r->d, v, r->e,
                                 "%s: '%s' is not B-<number> (blocker keys look like "
                                 "B-17)",
                                 what, *key);
        return rc;
    }
    case F_DATE:
    case F_TIME:
    case F_WHEN:
        return read_time(r, v, what, f->type, (char **)(base + f->off));
    case F_INT: {
        if (yamldoc_is_null(v))
            return 0;
        long x;
        int rc = yamldoc_get_int(r->d, v, what, f->min, f->max, &x, r->e);
        if (rc == 0)
            *(int *)(base + f->off) = (int)x;
        return rc < 0 ? rc : 1;
    }
    case F_BOOL: {
        if (yamldoc_is_null(v))
            return 0;
        int rc = yamldoc_get_bool(r->d, v, what, (bool *)(base + f->off), r->e);
        return rc < 0 ? rc : 1;
    }
    case F_NUM: {
        if (yamldoc_is_null(v))
            return 0;
        int rc = yamldoc_get_double(r->d, v, what, (double *)(base + f->off), r->e);
        if (rc == 0 && f->has_off)
            *(bool *)(base + f->has_off) = true;
        return rc < 0 ? rc : 1;
    }
    case F_ENUM: {
        if (yamldoc_is_null(v))
            return 0;
        const struct enum_def *ed = &enum_defs[f->min];
        const char *s = yamldoc_scalar(v);
        if (!s || !ed->parse(s, base + f->off))
            return yamldoc_error(r->d, v, r->e, "%s: expected one of %s", what, ed->names);
        return 1;
    }
    case F_CHOICE: {
        if (yamldoc_is_null(v))
            return 0;
        const char *s = yamldoc_scalar(v);
        int x = 0;
        if (!s || !ef || !ef->choice_parse(s, &x)) {
            struct strbuf names;
            sb_init(&names);
            if (ef)
                field_choices(ef, ", ", &names);
            int rc = yamldoc_error(r->d, v, r->e, "%s: expected one of %s", what, sb_str(&names));
            sb_fini(&names);
            return rc;
        }
        memcpy(base + f->off, &x, sizeof x);
        return 1;
    }
    case F_DEPS: {
        int rc = read_deps(r, sec, index, v, what, item, f);
        return rc < 0 ? rc : 1;
    }
    case F_READINGS: {
        int rc = read_readings(r, index, v, what);
        return rc < 0 ? rc : 1;
    }
    case F_LIST:
        return read_list(r, v, what, ef, (char **)(base + f->off));
    }
    return 0;
}

/* Reads one mapping into item through its field table. sec is NULL for a
 * reading (no positions of its own beyond the entry). */
static int read_fields(struct reader *r, const struct section_def *sec, size_t index,
                       const struct field *fields, size_t n_fields, const char *noun,
                       const yaml_node_t *node, void *item, size_t sub)
{
    int rc = yamldoc_expect_map(r->d, node, noun, r->e);
    if (rc == 0 && yamldoc_is_null(node))
        rc = yamldoc_error(r->d, node, r->e, "%s: expected a mapping", noun);
    if (rc < 0)
        return rc;
    const char *names[32];
    for (size_t i = 0; i < n_fields; i++)
        names[i] = fields[i].name;
    /* Unknown keys first, so the message says which kind of item it was in. */
    yaml_node_t *k, *kv;
    for (size_t i = 0; yamldoc_pair(r->d, node, i, &k, &kv); i++) {
        const char *ks = yamldoc_scalar(k);
        bool known = false;
        for (size_t j = 0; ks && j < n_fields && !known; j++)
            known = strcmp(ks, names[j]) == 0;
        if (ks && !known) {
            char *kind = xasprintf("%s field", sec ? sec->noun : "reading");
            rc = yamldoc_unknown_key(r->d, k, kind, NULL, names, n_fields, r->e);
            free(kind);
            return rc;
        }
    }
    rc = yamldoc_check_keys(r->d, node, NULL, names, n_fields, r->e);
    if (rc < 0)
        return rc;

    const char *id = NULL; /* the item's key, once read */
    for (size_t i = 0; i < n_fields && rc >= 0; i++) {
        const struct field *f = &fields[i];
        yaml_node_t *v = yamldoc_get(r->d, node, f->name);
        char *what =
            id ? xasprintf("%s %s: %s", noun, id, f->name) : xasprintf("%s: %s", noun, f->name);
        if (v) {
            if (sec && f->type != F_DEPS && f->type != F_READINGS)
                loc_add(r, sec->section, index, f->name, sub, v);
            rc = read_field(r, sec, index, f, what, v, item);
        } else {
            rc = 0;
        }
        if (rc == 0 && f->required && v && !yamldoc_is_null(v)) {
            rc = yamldoc_error(r->d, v, r->e, "%s: must not be empty", what);
        } else if (rc == 0 && f->required) {
            if (id)
                rc = yamldoc_error(r->d, node, r->e, "%s %s: missing required field '%s'", noun, id,
                                   f->name);
            else
                rc = yamldoc_error(r->d, node, r->e, "%s: missing required field '%s'", noun,
                                   f->name);
        }
        if (rc > 0 && f->type == F_KEY)
            id = *(char **)((char *)item + f->off);
        free(what);
    }
    return rc < 0 ? rc : 0;
}

static int key_loc_cmp(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* Each key once per section: the later one is reported, naming the first. */
static int check_unique(struct reader *r, const struct section_def *sec, const void *items,
                        size_t n)
{
    struct keyed *ord = order_by(items, n, sec->size, r->key->off, key_loc_cmp);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++) {
        if (strcmp(ord[i - 1].key, ord[i].key) != 0)
            continue;
        int l1, c1, l2, c2;
        org_where(r->o, sec->section, ord[i - 1].idx, r->key->name, &l1, &c1);
        org_where(r->o, sec->section, ord[i].idx, r->key->name, &l2, &c2);
        rc = err_set(r->e, ERR_USAGE, "%s:%d:%d: duplicate %s '%s' (first at line %d)", r->d->file,
                     l2, c2, sec->noun, ord[i].key, l1);
    }
    free(ord);
    return rc;
}

static int read_section(struct reader *r, const struct section_def *sec, const yaml_node_t *seq)
{
    int rc = yamldoc_expect_seq(r->d, seq, sec->name, r->e);
    if (rc < 0)
        return rc;
    size_t n = yamldoc_len(seq);
    struct section_fields sf;
    section_fields(sec, &sf);
    r->key = &sf.v[0];
    char *items = xcalloc(n ? n : 1, sec->size);
    memcpy((char *)r->o + sec->items_off, &items, sizeof items);
    if (sec->section == ORG_INDICATORS)
        r->o->readings = xcalloc(n ? n : 1, sizeof *r->o->readings);
    for (size_t i = 0; i < n && rc == 0; i++) {
        yaml_node_t *node = yamldoc_item(r->d, seq, i);
        /* Count the item first so org_fini frees what was read of it. */
        *(size_t *)((char *)r->o + sec->n_off) = i + 1;
        loc_add(r, sec->section, i, NULL, 0, node);
        rc = read_fields(r, sec, i, sf.v, sf.n, sec->noun, node, items + i * sec->size, 0);
    }
    if (rc == 0)
        rc = check_unique(r, sec, items, n);
    r->key = NULL;
    return rc;
}

static int read_doc(struct yamldoc *d, struct org *o, struct err *e)
{
    struct reader r = {d, o, 0, e, NULL};
    o->file = xstrdup(d->file);
    yaml_node_t *root = yamldoc_root(d);
    int rc = yamldoc_check_keys(d, root, NULL, top_keys, sizeof top_keys / sizeof top_keys[0], e);
    if (rc < 0)
        return rc;
    yaml_node_t *name = yamldoc_get(d, root, "organisation");
    if (name && (rc = read_text(&r, name, "organisation", &o->organisation)) < 0)
        return rc;
    if (rc > 0 && check_text(&r, name, TEXT_NAME, "organisation", o->organisation, 0) < 0)
        return -e->code;
    yaml_node_t *zone = yamldoc_get(d, root, "timezone");
    if (zone && (rc = read_zone(&r, zone, &o->timezone)) < 0)
        return rc;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        yaml_node_t *seq = yamldoc_get(d, root, sections[s].name);
        if (seq && (rc = read_section(&r, &sections[s], seq)) < 0)
            return rc;
    }
    return 0;
}

static int read_finish(struct yamldoc *d, int rc, struct org *o, struct err *e)
{
    if (rc == 0)
        rc = read_doc(d, o, e);
    yamldoc_fini(d);
    if (rc < 0)
        org_fini(o);
    return rc;
}

int orgfile_read(const char *path, struct org *o, struct err *e)
{
    struct yamldoc d;
    memset(&d, 0, sizeof d);
    struct yamldoc_opts opts = {.flags = YAMLDOC_EMPTY_OK};
    org_init(o);
    int rc = yamldoc_load_file(&d, path, &opts, e);
    return read_finish(&d, rc, o, e);
}

int orgfile_read_buf(const char *name, const char *buf, size_t len, struct org *o, struct err *e)
{
    struct yamldoc d;
    memset(&d, 0, sizeof d);
    struct yamldoc_opts opts = {.flags = YAMLDOC_EMPTY_OK};
    org_init(o);
    int rc = yamldoc_load_buffer(&d, name, buf, len, &opts, e);
    return read_finish(&d, rc, o, e);
}

/* ---- moving a story in time ---- */

static void shift_time(char **v, int days)
{
    btime t;
    if (!*v || !time_parse(*v, &t))
        return;
    char out[32];
    t += (btime)days * 86400;
    if (strlen(*v) == 10)
        time_fmt_date(t, out);
    else
        time_fmt_iso(t, out);
    str_replace(v, out);
}

void org_shift_days(struct org *o, int days)
{
    if (!days)
        return;
    for (size_t i = 0; i < o->n_projects; i++) {
        shift_time(&o->projects[i].start, days);
        shift_time(&o->projects[i].due, days);
    }
    for (size_t i = 0; i < o->n_blockers; i++) {
        struct blocker *b = &o->blockers[i];
        shift_time(&b->raised_at, days);
        shift_time(&b->needed_by, days);
        shift_time(&b->snoozed_until, days);
        shift_time(&b->escalated_at, days);
    }
    for (size_t i = 0; i < o->n_indicators; i++)
        for (size_t j = 0; j < o->readings[i].n; j++)
            shift_time(&o->readings[i].v[j].at, days);
}
