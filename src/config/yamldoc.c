/*
 * yamldoc: loading one YAML document with libyaml and reading it with
 * uniform FILE:LINE:COL messages. The stream is parsed twice: first as
 * events, cheaply, to refuse extra documents, deep nesting and floods of
 * nodes before libyaml builds anything; then with yaml_parser_load. The
 * built tree is walked once more with aliases expanded, because libyaml
 * shares aliased nodes and a reader recursing over them would otherwise
 * be at the mercy of an alias bomb or an alias cycle. See yamldoc.h.
 */
#include "yamldoc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "baton/str.h"

static struct yamldoc_opts opts_resolve(const struct yamldoc_opts *o)
{
    struct yamldoc_opts r = {0};
    if (o)
        r = *o;
    if (!r.max_bytes)
        r.max_bytes = YAMLDOC_MAX_BYTES;
    if (!r.max_nodes)
        r.max_nodes = YAMLDOC_MAX_NODES;
    if (r.max_depth <= 0)
        r.max_depth = YAMLDOC_MAX_DEPTH;
    return r;
}

/* Byte offset of a 0-based line and character column, for looking at the
 * character libyaml complains about. */
static size_t mark_byte(const char *buf, size_t len, size_t line, size_t col)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < len; i++)
        if (buf[i] == '\n')
            l++;
    for (size_t c = 0; c < col && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)buf[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static int parser_error(const char *file, const yaml_parser_t *p, const char *buf, size_t len,
                        struct err *e)
{
    const char *problem = p->problem ? p->problem : "cannot parse";
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return err_set(e, ERR_RUNTIME, "%s: out of memory", file);
    case YAML_READER_ERROR: {
        /* Reader errors carry a byte offset, not a mark. */
        size_t line = 1, col = 1;
        for (size_t i = 0; i < p->problem_offset && i < len; i++) {
            if (buf[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return err_set(e, ERR_USAGE, "%s:%zu:%zu: %s", file, line, col, problem);
    }
    default:
        break;
    }
    size_t line = p->problem_mark.line + 1, col = p->problem_mark.column + 1;
    size_t at = mark_byte(buf, len, p->problem_mark.line, p->problem_mark.column);
    if (at < len && buf[at] == '\t')
        return err_set(e, ERR_USAGE, "%s:%zu:%zu: a tab character cannot indent YAML; use spaces",
                       file, line, col);
    if (p->context)
        return err_set(e, ERR_USAGE, "%s:%zu:%zu: %s (%s at %zu:%zu)", file, line, col, problem,
                       p->context, p->context_mark.line + 1, p->context_mark.column + 1);
    return err_set(e, ERR_USAGE, "%s:%zu:%zu: %s", file, line, col, problem);
}

static int mark_error(const char *file, yaml_mark_t m, struct err *e, const char *msg)
{
    return err_set(e, ERR_USAGE, "%s:%zu:%zu: %s", file, m.line + 1, m.column + 1, msg);
}

/* The event pass: one document, bounded depth and node count. */
static int prescan(const char *file, const char *buf, size_t len, const struct yamldoc_opts *o,
                   struct err *e)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return err_set(e, ERR_RUNTIME, "%s: out of memory", file);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    int rc = 0, docs = 0, depth = 0;
    size_t nodes = 0;
    char msg[128];
    for (bool done = false; !done && rc == 0;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(file, &p, buf, len, e);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                rc = mark_error(file, ev.start_mark, e, "only one document is allowed");
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > o->max_depth) {
                snprintf(msg, sizeof msg, "nesting deeper than %d levels", o->max_depth);
                rc = mark_error(file, ev.start_mark, e, msg);
            }
            nodes++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
            nodes++;
            break;
        default:
            break;
        }
        if (rc == 0 && nodes > o->max_nodes) {
            snprintf(msg, sizeof msg, "more than %zu nodes", o->max_nodes);
            rc = mark_error(file, ev.start_mark, e, msg);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* Walks the tree as a reader would, aliases expanded, so that a reader may
 * recurse freely afterwards: bounded visits and bounded depth (an alias
 * cycle shows up as unbounded depth). */
static int walk_bounded(struct yamldoc *d, const struct yamldoc_opts *o, struct err *e)
{
    struct frame {
        const yaml_node_t *n;
        size_t pos;
    };
    yaml_node_t *root = yamldoc_root(d);
    if (!root || root->type == YAML_SCALAR_NODE)
        return 0;
    struct frame *st = xcalloc((size_t)o->max_depth, sizeof *st);
    int top = 0, rc = 0;
    size_t visits = 1;
    st[0] = (struct frame){root, 0};
    while (top >= 0) {
        struct frame *f = &st[top];
        const yaml_node_t *n = f->n;
        int child = 0;
        if (n->type == YAML_SEQUENCE_NODE) {
            size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
            if (f->pos < cnt)
                child = n->data.sequence.items.start[f->pos++];
        } else {
            size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
            if (f->pos < 2 * cnt) {
                const yaml_node_pair_t *pair = &n->data.mapping.pairs.start[f->pos / 2];
                child = f->pos % 2 ? pair->value : pair->key;
                f->pos++;
            }
        }
        if (!child) {
            top--;
            continue;
        }
        const yaml_node_t *c = yamldoc_node(d, child);
        if (!c)
            continue;
        if (++visits > o->max_nodes) {
            rc = yamldoc_error(d, c, e, "more than %zu nodes once aliases are expanded",
                               o->max_nodes);
            break;
        }
        if (c->type == YAML_SCALAR_NODE)
            continue;
        if (top + 2 > o->max_depth) {
            rc = yamldoc_error(d, c, e,
                               "nesting deeper than %d levels (or an alias that contains itself)",
                               o->max_depth);
            break;
        }
        st[++top] = (struct frame){c, 0};
    }
    free(st);
    return rc;
}

int yamldoc_load_buffer(struct yamldoc *d, const char *name, const char *buf, size_t len,
                        const struct yamldoc_opts *opts, struct err *e)
{
    memset(d, 0, sizeof *d);
    d->file = xstrdup(name ? name : "(input)");
    struct yamldoc_opts o = opts_resolve(opts);
    if (len > o.max_bytes)
        return err_set(e, ERR_USAGE, "%s: larger than %zu bytes", d->file, o.max_bytes);
    int rc = prescan(d->file, buf, len, &o, e);
    if (rc)
        return rc;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return err_set(e, ERR_RUNTIME, "%s: out of memory", d->file);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&p, &d->doc)) {
        rc = parser_error(d->file, &p, buf, len, e);
        yaml_parser_delete(&p);
        return rc;
    }
    yaml_parser_delete(&p);
    d->loaded = true;

    yaml_node_t *root = yaml_document_get_root_node(&d->doc);
    if (!root || yamldoc_is_null(root)) {
        if (!(o.flags & YAMLDOC_EMPTY_OK))
            return err_set(e, ERR_USAGE, "%s: the file is empty", d->file);
        d->root = yaml_document_add_mapping(&d->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
        if (!d->root)
            return err_set(e, ERR_RUNTIME, "%s: out of memory", d->file);
        return 0;
    }
    d->root = (int)(root - d->doc.nodes.start) + 1;
    return walk_bounded(d, &o, e);
}

int yamldoc_read_whole_fd(int fd, const char *name, size_t max_bytes, struct strbuf *out,
                   struct err *e)
{
    char chunk[65536];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return err_set(e, ERR_USAGE, "%s: cannot read: %s", name, strerror(errno));
        }
        if (out->len + (size_t)got > max_bytes)
            return err_set(e, ERR_USAGE, "%s: larger than %zu bytes", name, max_bytes);
        sb_addn(out, chunk, (size_t)got);
    }
    return 0;
}

int yamldoc_read_whole_file(const char *path, size_t max_bytes, struct strbuf *out, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return err_set(e, ERR_USAGE, "%s: cannot read: %s", path, strerror(errno));
    int rc = yamldoc_read_whole_fd(fd, path, max_bytes, out, e);
    close(fd);
    return rc;
}

/* Loads what fd, or with by_path the file at name, holds. */
static int load_whole(struct yamldoc *d, int fd, bool by_path, const char *name,
                      const struct yamldoc_opts *opts, struct err *e)
{
    memset(d, 0, sizeof *d);
    struct yamldoc_opts o = opts_resolve(opts);
    struct strbuf sb;
    sb_init(&sb);
    int rc = by_path ? yamldoc_read_whole_file(name, o.max_bytes, &sb, e)
                     : yamldoc_read_whole_fd(fd, name, o.max_bytes, &sb, e);
    if (rc == 0)
        rc = yamldoc_load_buffer(d, name, sb.s ? sb.s : "", sb.len, &o, e);
    sb_fini(&sb);
    return rc;
}

int yamldoc_load_fd(struct yamldoc *d, int fd, const char *name, const struct yamldoc_opts *opts,
                    struct err *e)
{
    return load_whole(d, fd, false, name, opts, e);
}

int yamldoc_load_file(struct yamldoc *d, const char *path, const struct yamldoc_opts *opts,
                      struct err *e)
{
    return load_whole(d, -1, true, path, opts, e);
}

void yamldoc_fini(struct yamldoc *d)
{
    if (d->loaded)
        yaml_document_delete(&d->doc);
    free(d->file);
    memset(d, 0, sizeof *d);
}

/* --- nodes ------------------------------------------------------------ */

yaml_node_t *yamldoc_node(struct yamldoc *d, int index)
{
    if (!d->loaded || index <= 0)
        return NULL;
    return yaml_document_get_node(&d->doc, index);
}

yaml_node_t *yamldoc_root(struct yamldoc *d)
{
    return yamldoc_node(d, d->root);
}

int yamldoc_line(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

int yamldoc_col(const yaml_node_t *n)
{
    return n ? (int)n->start_mark.column + 1 : 0;
}

const char *yamldoc_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool yamldoc_is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    const char *s = yamldoc_scalar(n);
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (strcmp(s, nulls[i]) == 0)
            return true;
    return false;
}

bool yamldoc_is_map(const yaml_node_t *n)
{
    return n && n->type == YAML_MAPPING_NODE;
}

bool yamldoc_is_seq(const yaml_node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE;
}

size_t yamldoc_len(const yaml_node_t *n)
{
    if (yamldoc_is_seq(n))
        return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (yamldoc_is_map(n))
        return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    return 0;
}

yaml_node_t *yamldoc_item(struct yamldoc *d, const yaml_node_t *seq, size_t i)
{
    if (!yamldoc_is_seq(seq) || i >= yamldoc_len(seq))
        return NULL;
    return yamldoc_node(d, seq->data.sequence.items.start[i]);
}

bool yamldoc_pair(struct yamldoc *d, const yaml_node_t *map, size_t i, yaml_node_t **key,
                  yaml_node_t **value)
{
    if (!yamldoc_is_map(map) || i >= yamldoc_len(map))
        return false;
    const yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
    *key = yamldoc_node(d, p->key);
    *value = yamldoc_node(d, p->value);
    return true;
}

yaml_node_t *yamldoc_get(struct yamldoc *d, const yaml_node_t *map, const char *key)
{
    yaml_node_t *k, *v;
    for (size_t i = 0; yamldoc_pair(d, map, i, &k, &v); i++) {
        const char *s = yamldoc_scalar(k);
        if (s && strcmp(s, key) == 0)
            return v;
    }
    return NULL;
}

/* --- errors ----------------------------------------------------------- */

int yamldoc_error(const struct yamldoc *d, const yaml_node_t *n, struct err *e, const char *fmt,
                  ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    int rc;
    if (n)
        rc = err_set(e, ERR_USAGE, "%s:%d:%d: %s", d->file, yamldoc_line(n), yamldoc_col(n), what);
    else
        rc = err_set(e, ERR_USAGE, "%s: %s", d->file, what);
    free(what);
    return rc;
}

/* "what: " before a message, or nothing. */
static const char *sep(const char *what)
{
    return str_empty(what) ? "" : ": ";
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

int yamldoc_unknown_key(const struct yamldoc *d, const yaml_node_t *k, const char *noun,
                        const char *prefix, const char *const *valid, size_t n_valid, struct err *e)
{
    const char *name = yamldoc_scalar(k);
    if (!name)
        return yamldoc_error(d, k, e, "%s%sexpected a %s name", nz(prefix), sep(prefix),
                             noun ? noun : "key");
    const char *near = str_nearest(name, valid, n_valid);
    const char *dot = str_empty(prefix) ? "" : ".";
    if (near)
        return yamldoc_error(d, k, e, "unknown %s '%s%s%.80s' (did you mean '%s%s%s'?)",
                             noun ? noun : "key", nz(prefix), dot, name, nz(prefix), dot, near);
    return yamldoc_error(d, k, e, "unknown %s '%s%s%.80s'", noun ? noun : "key", nz(prefix), dot,
                         name);
}

int yamldoc_check_keys(struct yamldoc *d, const yaml_node_t *map, const char *prefix,
                       const char *const *valid, size_t n_valid, struct err *e)
{
    if (yamldoc_is_null(map))
        return 0;
    int rc = yamldoc_expect_map(d, map, prefix, e);
    if (rc)
        return rc;
    /* Every key must be valid before it is compared for repeats, so the
     * cost stays at the size of valid[], whatever the mapping holds. */
    bool *seen = xcalloc(n_valid ? n_valid : 1, sizeof *seen);
    yaml_node_t *k, *v;
    for (size_t i = 0; rc == 0 && yamldoc_pair(d, map, i, &k, &v); i++) {
        const char *name = yamldoc_scalar(k);
        size_t j = 0;
        while (name && j < n_valid && strcmp(name, valid[j]) != 0)
            j++;
        if (!name || j == n_valid)
            rc = yamldoc_unknown_key(d, k, NULL, prefix, valid, n_valid, e);
        else if (seen[j])
            rc = yamldoc_error(d, k, e, "duplicate key '%s%s%s'", nz(prefix),
                               str_empty(prefix) ? "" : ".", name);
        else
            seen[j] = true;
    }
    free(seen);
    return rc;
}

/* --- typed getters ------------------------------------------------------ */

static int expected(const struct yamldoc *d, const yaml_node_t *n, const char *what, struct err *e,
                    const char *thing)
{
    if (!n)
        return yamldoc_error(d, NULL, e, "%s%smissing value, expected %s", nz(what), sep(what),
                             thing);
    return yamldoc_error(d, n, e, "%s%sexpected %s", nz(what), sep(what), thing);
}

int yamldoc_expect_map(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                       struct err *e)
{
    return yamldoc_is_map(n) || yamldoc_is_null(n) ? 0 : expected(d, n, what, e, "a mapping");
}

int yamldoc_expect_seq(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                       struct err *e)
{
    return yamldoc_is_seq(n) || yamldoc_is_null(n) ? 0 : expected(d, n, what, e, "a list");
}

int yamldoc_get_string(const struct yamldoc *d, const yaml_node_t *n, const char *what, char **out,
                       struct err *e)
{
    const char *s = yamldoc_scalar(n);
    if (!s || yamldoc_is_null(n) || strlen(s) != n->data.scalar.length)
        return expected(d, n, what, e, "a string");
    *out = xstrdup(s);
    return 0;
}

int yamldoc_get_int(const struct yamldoc *d, const yaml_node_t *n, const char *what, long min,
                    long max, long *out, struct err *e)
{
    const char *s = yamldoc_scalar(n);
    long v;
    if (s && str_to_long(s, &v) && v >= min && v <= max) {
        *out = v;
        return 0;
    }
    if (min == LONG_MIN && max == LONG_MAX)
        return expected(d, n, what, e, "an integer");
    char thing[96];
    snprintf(thing, sizeof thing, "an integer from %ld to %ld", min, max);
    return expected(d, n, what, e, thing);
}

int yamldoc_get_double(const struct yamldoc *d, const yaml_node_t *n, const char *what, double *out,
                       struct err *e)
{
    const char *s = yamldoc_scalar(n);
    if (s && str_to_double(s, out))
        return 0;
    return expected(d, n, what, e, "a number");
}

int yamldoc_get_bool(const struct yamldoc *d, const yaml_node_t *n, const char *what, bool *out,
                     struct err *e)
{
    static const struct {
        const char *word;
        bool value;
    } words[] = {{"true", true},   {"yes", true}, {"on", true},
                 {"false", false}, {"no", false}, {"off", false}};
    const char *s = yamldoc_scalar(n);
    for (size_t i = 0; s && i < sizeof words / sizeof *words; i++) {
        if (strcasecmp(s, words[i].word) == 0) {
            *out = words[i].value;
            return 0;
        }
    }
    return expected(d, n, what, e, "true or false");
}

int yamldoc_get_enum(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                     const char *const *names, size_t n_names, int *out, struct err *e)
{
    const char *s = yamldoc_scalar(n);
    for (size_t i = 0; s && i < n_names; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    struct strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "one of ");
    for (size_t i = 0; i < n_names; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", names[i]);
    int rc = expected(d, n, what, e, sb_str(&sb));
    sb_fini(&sb);
    return rc;
}

int yamldoc_get_strlist(struct yamldoc *d, const yaml_node_t *n, const char *what, bool scalar_ok,
                        char ***out, size_t *n_out, struct err *e)
{
    *out = NULL;
    *n_out = 0;
    if (yamldoc_is_null(n))
        return 0;
    if (scalar_ok && yamldoc_scalar(n)) {
        char *s;
        int rc = yamldoc_get_string(d, n, what, &s, e);
        if (rc)
            return rc;
        *out = xmalloc(sizeof **out);
        (*out)[0] = s;
        *n_out = 1;
        return 0;
    }
    if (!yamldoc_is_seq(n))
        return expected(d, n, what, e, "a list");
    size_t cnt = yamldoc_len(n);
    char **v = xcalloc(cnt ? cnt : 1, sizeof *v);
    for (size_t i = 0; i < cnt; i++) {
        const yaml_node_t *it = yamldoc_item(d, n, i);
        if (yamldoc_get_string(d, it, NULL, &v[i], NULL) != 0) {
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return expected(d, it, what, e, "a list of strings");
        }
    }
    *out = cnt ? v : NULL;
    *n_out = cnt;
    if (!cnt)
        free(v);
    return 0;
}
