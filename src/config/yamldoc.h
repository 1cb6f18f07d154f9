/*
 * yamldoc: one YAML document in memory, for the readers in src/config
 * (configuration, themes, organisation files). It wraps libyaml's document
 * API (yaml_parser_load) and adds what every reader needs: errors that read
 * "FILE:LINE:COL: message" (ERR_USAGE, 1-based), lookups by key, typed
 * getters with uniform messages, "unknown key (did you mean ...)" and
 * bounds that keep hostile input from hanging or exhausting memory.
 *
 * Bounds. Before building the document the stream is scanned once: more
 * than one document, nesting deeper than max_depth, more than max_nodes
 * nodes or a file larger than max_bytes are refused. libyaml shares an
 * aliased node rather than copying it, so a few bytes can describe an
 * exponentially large tree ("billion laughs") or even a cycle (`&a [*a]`).
 * After loading, the tree is therefore walked once as a reader would see
 * it, aliases expanded: more than max_nodes visits, or a path deeper than
 * max_depth, is refused. A loaded document is thus safe to recurse over.
 *
 * Ownership. struct yamldoc is embedded by the caller; yamldoc_load_*()
 * fills it and yamldoc_fini() frees it (safe on a zeroed or failed one).
 * Nodes and scalar text are borrowed from the document and live until
 * yamldoc_fini(). Strings returned through char ** (yamldoc_get_string,
 * yamldoc_get_strlist) are the caller's, freed with free().
 *
 * Node indexes are libyaml's: 1-based ints, 0 meaning none. Functions take
 * and return yaml_node_t pointers; a NULL node is accepted everywhere and
 * treated as absent.
 *
 * Messages. Typed getters take `what`, the dotted name of the value
 * ("standup.timebox"), and produce "FILE:LINE:COL: what: expected ...";
 * with what == NULL the "what: " part is left out.
 */
#ifndef BATON_CONFIG_YAMLDOC_H
#define BATON_CONFIG_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "baton/err.h"
#include "baton/str.h"

enum yamldoc_flag {
    /* An empty file (or one holding only comments, or a lone null) loads
     * as an empty mapping; without it, it is an error. */
    YAMLDOC_EMPTY_OK = 1 << 0,
};

/* Limits for one load; a zero field takes the default below. */
struct yamldoc_opts {
    unsigned flags;   /* enum yamldoc_flag */
    size_t max_bytes; /* default YAMLDOC_MAX_BYTES */
    size_t max_nodes; /* nodes, and visits with aliases expanded */
    int max_depth;    /* nesting of collections */
};

#define YAMLDOC_MAX_BYTES ((size_t)64 << 20)
#define YAMLDOC_MAX_NODES ((size_t)8 << 20)
#define YAMLDOC_MAX_DEPTH 100

struct yamldoc {
    yaml_document_t doc;
    char *file; /* name used in messages (the path, or a label) */
    int root;   /* node index of the root, never 0 after a successful load */
    bool loaded;
};

/* Loads the file at path. A missing or unreadable file is ERR_USAGE
 * "PATH: cannot read: reason". opts may be NULL. */
int yamldoc_load_file(struct yamldoc *d, const char *path, const struct yamldoc_opts *opts,
                      struct err *e);
/* Loads what can be read from the open descriptor fd, which stays open;
 * name is what messages call it. */
/* A whole file into out, refused past max_bytes ("NAME: larger than N
 * bytes"), ERR_USAGE "NAME: cannot read: why" when it cannot be read. */
int yamldoc_read_whole_fd(int fd, const char *name, size_t max_bytes, struct strbuf *out,
                   struct err *e);
int yamldoc_read_whole_file(const char *path, size_t max_bytes, struct strbuf *out, struct err *e);
int yamldoc_load_fd(struct yamldoc *d, int fd, const char *name, const struct yamldoc_opts *opts,
                    struct err *e);
/* Loads len bytes of buf; name is what messages call the input. */
int yamldoc_load_buffer(struct yamldoc *d, const char *name, const char *buf, size_t len,
                        const struct yamldoc_opts *opts, struct err *e);
void yamldoc_fini(struct yamldoc *d);

/* --- nodes ------------------------------------------------------------ */

yaml_node_t *yamldoc_node(struct yamldoc *d, int index); /* NULL when out of range */
yaml_node_t *yamldoc_root(struct yamldoc *d);
int yamldoc_line(const yaml_node_t *n); /* 1-based; 0 for NULL */
int yamldoc_col(const yaml_node_t *n);  /* 1-based, in characters; 0 for NULL */

/* Text of a scalar (NUL-terminated, borrowed), or NULL for anything else. */
const char *yamldoc_scalar(const yaml_node_t *n);
/* A plain "", "~", "null", "Null" or "NULL" scalar: `key:` with no value. */
bool yamldoc_is_null(const yaml_node_t *n);
bool yamldoc_is_map(const yaml_node_t *n);
bool yamldoc_is_seq(const yaml_node_t *n);

/* Number of items of a sequence or pairs of a mapping; 0 otherwise. */
size_t yamldoc_len(const yaml_node_t *n);
/* Item i of a sequence, or NULL. */
yaml_node_t *yamldoc_item(struct yamldoc *d, const yaml_node_t *seq, size_t i);
/* Pair i of a mapping: sets *key and *value and returns true, or false
 * past the end. Iterate with `for (size_t i = 0; yamldoc_pair(d, m, i, &k,
 * &v); i++)`. */
bool yamldoc_pair(struct yamldoc *d, const yaml_node_t *map, size_t i, yaml_node_t **key,
                  yaml_node_t **value);
/* The value for a scalar key in a mapping (the first, if repeated), or NULL. */
yaml_node_t *yamldoc_get(struct yamldoc *d, const yaml_node_t *map, const char *key);

/* --- errors ----------------------------------------------------------- */

/* ERR_USAGE "FILE:LINE:COL: message" at node n (just "FILE: message" for a
 * NULL node); returns -ERR_USAGE. */
int yamldoc_error(const struct yamldoc *d, const yaml_node_t *n, struct err *e, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));

/* "FILE:LINE:COL: unknown key 'PREFIX.KEY' (did you mean 'PREFIX.NEAR'?)"
 * at key node k, the suggestion taken from valid[] by str_nearest and left
 * out when nothing is close. prefix may be NULL or "" for top-level keys;
 * `noun` replaces "key" in the message when not NULL ("role", "field"). */
int yamldoc_unknown_key(const struct yamldoc *d, const yaml_node_t *k, const char *noun,
                        const char *prefix, const char *const *valid, size_t n_valid,
                        struct err *e);

/* Checks that map is a mapping (error "what: expected a mapping"), that its
 * keys are scalars, appear once ("duplicate key 'PREFIX.KEY'") and are all
 * in valid[] (yamldoc_unknown_key). A null node passes as an empty mapping.
 * prefix names the mapping in messages and may be NULL. */
int yamldoc_check_keys(struct yamldoc *d, const yaml_node_t *map, const char *prefix,
                       const char *const *valid, size_t n_valid, struct err *e);

/* --- typed getters -------------------------------------------------------
 * Each reads node n, returns 0 and sets *out, or returns -ERR_USAGE with
 * "FILE:LINE:COL: what: expected ..." at n. A NULL n is an error. Quoted
 * and plain scalars are treated alike. */

/* "expected a mapping" / "expected a list" (a null node passes for both). */
int yamldoc_expect_map(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                       struct err *e);
int yamldoc_expect_seq(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                       struct err *e);
/* Any scalar except null and text with a NUL byte: "expected a string". */
int yamldoc_get_string(const struct yamldoc *d, const yaml_node_t *n, const char *what, char **out,
                       struct err *e);
/* A decimal integer in [min, max]: "expected an integer", or "expected an
 * integer from MIN to MAX". */
int yamldoc_get_int(const struct yamldoc *d, const yaml_node_t *n, const char *what, long min,
                    long max, long *out, struct err *e);
/* A finite number: "expected a number". */
int yamldoc_get_double(const struct yamldoc *d, const yaml_node_t *n, const char *what, double *out,
                       struct err *e);
/* true/false (also yes/no, on/off, any case): "expected true or false". */
int yamldoc_get_bool(const struct yamldoc *d, const yaml_node_t *n, const char *what, bool *out,
                     struct err *e);
/* One of names[] (exact): *out is its index; "expected one of a, b, c". */
int yamldoc_get_enum(const struct yamldoc *d, const yaml_node_t *n, const char *what,
                     const char *const *names, size_t n_names, int *out, struct err *e);
/* A list of strings: "expected a list" for a mapping, "expected a list of
 * strings" at a bad item. A null node is an empty list; with
 * scalar_ok a single scalar is a list of one. *out is NULL when empty,
 * otherwise the caller frees each string and the array. */
int yamldoc_get_strlist(struct yamldoc *d, const yaml_node_t *n, const char *what, bool scalar_ok,
                        char ***out, size_t *n_out, struct err *e);

#endif
