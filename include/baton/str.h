/*
 * str: growable strings and small string helpers. Allocation failure
 * aborts the process with a message: baton cannot do anything sensible
 * without memory, and checking every small allocation hides real logic.
 */
#ifndef BATON_STR_H
#define BATON_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *s; /* always NUL-terminated once anything was added; may be NULL before */
    size_t len, cap;
};

void sb_init(struct strbuf *sb);
void sb_fini(struct strbuf *sb);
void sb_clear(struct strbuf *sb); /* keeps the memory */
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(const struct strbuf *sb); /* "" when empty */
char *sb_take(struct strbuf *sb);            /* caller owns the result; sb is reset */

/* fn runs before the out-of-memory message and the abort (NULL: none): the
 * cockpit gives the terminal back first, so the message can be read. */
void x_on_fatal(void (*fn)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Room for element n of the growing array v of elements of size bytes,
 * whose capacity is *cap: when n has reached it, doubles it (16 at
 * first). Returns the array, which may have moved. */
void *xgrow(void *v, size_t n, size_t *cap, size_t size);
char *xstrdup(const char *s);               /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* xasprintf for a variadic caller's own arguments: the string it formats,
 * which the caller frees. */
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void str_replace(char **dst, const char *src); /* frees *dst, duplicates src */

bool str_eq(const char *a, const char *b);      /* NULL equals NULL only */
bool str_empty(const char *s);                  /* NULL or "" */
bool str_casestr(const char *hay, const char *needle); /* ASCII case-insensitive */
int str_distance(const char *a, const char *b);  /* Levenshtein, for "did you mean" */
/* The candidate nearest to s, or NULL when none is close enough to suggest. */
const char *str_nearest(const char *s, const char *const *cands, size_t n);

/* Keys compared as people read them: runs of digits by their value (B-2
 * before B-10, leading zeros aside), the rest byte by byte; keys equal so
 * far compare as bytes, so the order is total. The order of organisation
 * files; str_key_ncmp takes lengths (text that need not end in NUL). */
int str_key_cmp(const char *a, const char *b);
int str_key_ncmp(const char *a, size_t na, const char *b, size_t nb);

/* Parses a whole string as a number; false on junk, overflow or empty. */
bool str_to_long(const char *s, long *out);
bool str_to_double(const char *s, double *out);
/* Reads s as a plain decimal number as people type one: digits, a dot
 * for decimals, an optional exponent, blanks around (no hexadecimal,
 * "nan" or "infinity"). When it is not, why (may be NULL; size n) says so
 * and which separator is wanted: "not a number: 19,5 (use a dot: 19.5)". */
bool str_to_number(const char *s, double *out, char *why, size_t n);

#endif
