/*
 * Keys regardless of case. A key someone types that names nothing exactly
 * is taken for the one key it matches without regard to case ("b-3" is
 * B-3), so that no one is told "no blocker b-3"; and so that this stays
 * unambiguous, a new key that differs from an existing one only in case is
 * refused.
 *
 * Keys are ASCII (text.h), so their case variants can be listed: a key of
 * up to VARIANT_LETTERS letters is looked up as each of its variants
 * through the key's unique index (B-17: 2 lookups, SALES-12: 32), which
 * keeps an import of a million blockers linear. A longer key (an
 * indicator's "on-time-delivery") is compared with every key of its
 * table, which holds few.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "internal.h"

#define VARIANT_LETTERS 8

static const struct {
    const char *noun;
    const char *by_variants; /* ?1: a JSON array of the variants */
    const char *by_scan;     /* ?1: the key */
} tables[] = {
    [STORE_KEY_DEPARTMENT] = {"department",
                              "SELECT key FROM department WHERE key IN (SELECT value FROM "
                              "json_each(?1)) ORDER BY key LIMIT 2",
                              "SELECT key FROM department WHERE key = ?1 COLLATE NOCASE "
                              "ORDER BY key LIMIT 2"},
    [STORE_KEY_PROJECT] = {"project",
                           "SELECT key FROM project WHERE key IN (SELECT value FROM "
                           "json_each(?1)) ORDER BY key LIMIT 2",
                           "SELECT key FROM project WHERE key = ?1 COLLATE NOCASE "
                           "ORDER BY key LIMIT 2"},
    [STORE_KEY_BLOCKER] = {"blocker",
                           "SELECT key FROM blocker WHERE key IN (SELECT value FROM "
                           "json_each(?1)) ORDER BY key LIMIT 2",
                           "SELECT key FROM blocker WHERE key = ?1 COLLATE NOCASE "
                           "ORDER BY key LIMIT 2"},
    [STORE_KEY_INDICATOR] = {"indicator",
                             "SELECT key FROM indicator WHERE key IN (SELECT value FROM "
                             "json_each(?1)) ORDER BY key LIMIT 2",
                             "SELECT key FROM indicator WHERE key = ?1 COLLATE NOCASE "
                             "ORDER BY key LIMIT 2"},
    [STORE_KEY_OBJECTIVE] = {"objective",
                             "SELECT key FROM objective WHERE key IN (SELECT value FROM "
                             "json_each(?1)) ORDER BY key LIMIT 2",
                             "SELECT key FROM objective WHERE key = ?1 COLLATE NOCASE "
                             "ORDER BY key LIMIT 2"},
};

/* The case variants of key as a JSON array, or NULL when it has too many
 * letters (or a character a JSON string would need escaped). */
static char *variants_json(const char *key)
{
    size_t letters = 0, len = strlen(key);
    for (const char *p = key; *p; p++) {
        if (isalpha((unsigned char)*p))
            letters++;
        else if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            return NULL;
    }
    if (letters > VARIANT_LETTERS)
        return NULL;
    struct strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '[');
    char *v = xstrdup(key);
    for (unsigned long mask = 0; mask < (1UL << letters); mask++) {
        size_t bit = 0;
        for (size_t i = 0; i < len; i++) {
            if (!isalpha((unsigned char)key[i]))
                continue;
            v[i] = (char)((mask >> bit++) & 1 ? toupper((unsigned char)key[i])
                                              : tolower((unsigned char)key[i]));
        }
        sb_addf(&sb, "%s\"%s\"", mask ? "," : "", v);
    }
    sb_addc(&sb, ']');
    free(v);
    char *out = xstrdup(sb_str(&sb));
    sb_fini(&sb);
    return out;
}

/* The stored keys of kind equal to key regardless of case, at most two
 * (sorted): *first and *second (caller frees; NULL when absent). */
static int case_matches(struct store *st, enum store_key_kind kind, const char *key, char **first,
                        char **second, struct err *e)
{
    *first = *second = NULL;
    char *json = variants_json(key);
    sqlite3_stmt *s = sq_prepare(st, json ? tables[kind].by_variants : tables[kind].by_scan, e);
    if (!s) {
        free(json);
        return -ERR_RUNTIME;
    }
    int rc = sq_bind_text(s, 1, json ? json : key);
    int step = rc == SQLITE_OK ? sqlite3_step(s) : rc;
    if (step == SQLITE_ROW) {
        *first = sq_col_text(s, 0);
        step = sqlite3_step(s);
        if (step == SQLITE_ROW) {
            *second = sq_col_text(s, 0);
            step = SQLITE_DONE;
        }
    }
    rc = step == SQLITE_DONE ? 0 : sq_error(st, e, "looking up a key");
    sq_done(s);
    free(json);
    if (rc) {
        free(*first);
        free(*second);
        *first = *second = NULL;
    }
    return rc;
}

int store_key_resolve(struct store *st, enum store_key_kind kind, const char *key, char **out,
                      struct err *e)
{
    *out = NULL;
    if (str_empty(key))
        return 0;
    char *first, *second;
    int rc = case_matches(st, kind, key, &first, &second, e);
    if (rc)
        return rc;
    bool exact = str_eq(first, key) || str_eq(second, key);
    /* Exactly one match that is not key itself: that is the key meant. */
    if (!exact && first && !second)
        *out = first;
    else
        free(first);
    free(second);
    return 0;
}

int store_key_twin_check(struct store *st, enum store_key_kind kind, const char *key,
                         struct err *e)
{
    if (str_empty(key))
        return 0;
    char *first, *second;
    int rc = case_matches(st, kind, key, &first, &second, e);
    const char *twin = !rc && first && !str_eq(first, key) ? first
                       : !rc && second && !str_eq(second, key) ? second
                                                               : NULL;
    if (twin)
        rc = err_set(e, ERR_USAGE,
                     "%s key %s differs only in case from the existing %s %s; use %s, or a key "
                     "of its own",
                     tables[kind].noun, key, tables[kind].noun, twin, twin);
    free(first);
    free(second);
    return rc;
}
