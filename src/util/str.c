#include "baton/str.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*on_fatal)(void);

void x_on_fatal(void (*fn)(void))
{
    on_fatal = fn;
}

static void oom(void)
{
    if (on_fatal)
        on_fatal();
    fputs("baton: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct strbuf sb;
    va_list ap;
    sb_init(&sb);
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    return sb_take(&sb);
}

void str_replace(char **dst, const char *src)
{
    char *copy = xstrdup(src);
    free(*dst);
    *dst = copy;
}

void sb_init(struct strbuf *sb)
{
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

void sb_fini(struct strbuf *sb)
{
    free(sb->s);
    sb_init(sb);
}

void sb_clear(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->s)
        sb->s[0] = '\0';
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->s = xrealloc(sb->s, cap);
    sb->cap = cap;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    if (n)
        memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
    if (s)
        sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
    sb_addn(sb, &c, 1);
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    sb_grow(sb, (size_t)n);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *sb_str(const struct strbuf *sb)
{
    return sb->s ? sb->s : "";
}

char *sb_take(struct strbuf *sb)
{
    char *s = sb->s ? sb->s : xstrdup("");
    sb_init(sb);
    return s;
}

bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool str_empty(const char *s)
{
    return !s || !*s;
}

bool str_casestr(const char *hay, const char *needle)
{
    if (str_empty(needle))
        return true;
    if (!hay)
        return false;
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t digit_run(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && is_digit(s[k]))
        k++;
    return k;
}

/* Numbers by value: the longer run (leading zeros dropped) is larger, runs
 * of one length compare as text. */
static int natural_ncmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            while (a[i] == '0' && i + 1 < na && is_digit(a[i + 1]))
                i++;
            while (b[j] == '0' && j + 1 < nb && is_digit(b[j + 1]))
                j++;
            size_t la = digit_run(a + i, na - i), lb = digit_run(b + j, nb - j);
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = memcmp(a + i, b + j, la);
            if (c)
                return c < 0 ? -1 : 1;
            i += la;
            j += lb;
            continue;
        }
        if (a[i] != b[j])
            return (unsigned char)a[i] < (unsigned char)b[j] ? -1 : 1;
        i++;
        j++;
    }
    if (i < na || j < nb)
        return i < na ? 1 : -1;
    return 0;
}

int str_key_ncmp(const char *a, size_t na, const char *b, size_t nb)
{
    int c = natural_ncmp(a, na, b, nb);
    if (c)
        return c;
    c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

int str_key_cmp(const char *a, const char *b)
{
    return str_key_ncmp(a, strlen(a), b, strlen(b));
}

int str_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int *row = xmalloc((lb + 1) * sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    int d = row[lb];
    free(row);
    return d;
}

const char *str_nearest(const char *s, const char *const *cands, size_t n)
{
    const char *best = NULL;
    int best_d = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < n; i++) {
        int d = str_distance(s, cands[i]);
        /* A typo in the start of a longer name ("refersh" for "refresh_ms")
         * is as plausible as a typo in the whole of a short one. */
        if (strlen(cands[i]) > len) {
            char *head = xstrndup(cands[i], len);
            int dh = str_distance(s, head) + 1;
            free(head);
            if (dh < d)
                d = dh;
        }
        if (!best || d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    /* Suggest only what a typo could explain: about a third of the word. */
    int limit = (int)strlen(s) / 3 + 1;
    if (limit < 2)
        limit = 2;
    return best && best_d <= limit ? best : NULL;
}

bool str_to_long(const char *s, long *out)
{
    /* strtol skips leading blanks; a whole string with one is not a number. */
    if (str_empty(s) || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s)
        return false;
    *out = v;
    return true;
}

bool str_to_double(const char *s, double *out)
{
    if (str_empty(s) || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v))
        return false;
    *out = v;
    return true;
}
