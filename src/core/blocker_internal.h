/*
 * What the blocker files of src/core share among themselves and with no
 * one else: blocker.c (the row, its verdicts and its listing) and
 * blocker_search.c (filtering as you type, full-text search, possible
 * duplicates, guessing who must act).
 */
#ifndef BATON_CORE_BLOCKER_INTERNAL_H
#define BATON_CORE_BLOCKER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "baton/str.h"
#include "internal.h"

static inline const char *nonempty(const char *s)
{
    return str_empty(s) ? NULL : s;
}

/* The candidate ids of a filter typed over open blockers, as a JSON array
 * of at most BLOCKER_TEXT_CAP + 1 (keys starting with its number first,
 * then word-prefix matches), narrowed to a department when dept is given;
 * remembered while the data does not change. The caller frees *json_out. */
int blocker_text_candidates(struct store *st, const char *text, const char *dept,
                            char **json_out, struct err *e);

/* The ids of such a JSON array, sorted; how many in *n. The caller frees. */
int64_t *blocker_ids_parse(const char *json, size_t *n);

#endif
