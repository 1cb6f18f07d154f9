/*
 * readings: a file of indicator readings read into plain data, for
 * `baton indicator import`. Nothing is written here: the rows, each with
 * the line (and for YAML the column) it came from, go to
 * indicator_import(), which stores them all or none.
 *
 * CSV follows RFC 4180 (quoted fields may hold commas, quotes doubled, and
 * line breaks; CRLF or LF): each record is key,at,value[,note]. A first
 * record with a field "key" is a header naming the columns (key, at,
 * value, note in any order). Errors read "FILE:LINE: what is wrong".
 *
 * YAML is either a list of {key, at, value, note} mappings, or a mapping
 * from indicator key to a list of {at, value, note}:
 *
 *     - {key: churn, at: 2026-11-01, value: 2.7}
 *
 *     churn:
 *       - {at: 2026-11-01, value: 2.7, note: after the price change}
 *
 * Errors read "FILE:LINE:COL: what is wrong".
 *
 * Every row has a key, a time time_parse() reads and a finite number;
 * whether the key names an indicator is for the model to say.
 */
#ifndef BATON_READINGS_H
#define BATON_READINGS_H

#include <stddef.h>

#include "baton/err.h"
#include "baton/indicator.h"

enum readings_format { READINGS_AUTO = 0, READINGS_CSV, READINGS_YAML };

/* The rows of one file, in file order. Owned: readings_fini frees them. */
struct readings {
    struct reading_in *v;
    size_t n;
};

/* "csv", "yaml" (also "yml") into *out; false for anything else. */
bool readings_format_parse(const char *s, enum readings_format *out);
/* Reads path; READINGS_AUTO picks by the extension (.csv, .yaml, .yml)
 * and refuses others (ERR_USAGE, naming --format). */
int readings_load(const char *path, enum readings_format f, struct readings *out,
                  struct err *e);
/* The same from memory; name is what messages call the input. */
int readings_parse_csv(const char *name, const char *buf, size_t len, struct readings *out,
                       struct err *e);
int readings_parse_yaml(const char *name, const char *buf, size_t len, struct readings *out,
                        struct err *e);
void readings_fini(struct readings *r);

#endif
