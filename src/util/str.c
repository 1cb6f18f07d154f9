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

void *xgrow(void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 16;
    return xrealloc(v, *cap * size);
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

char *xvasprintf(const char *fmt, va_list ap)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_vaddf(&sb, fmt, ap);
    return sb_take(&sb);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
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

/* The digits of s with every separator but the decimal one (dec) taken
 * out and dec made a dot: "1.234,5" with ',' is "1234.5". Empty when s
 * holds anything but digits, separators and a leading sign. */
static void number_respelled(const char *s, char dec, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = s; *p && k + 1 < n; p++) {
        if (isdigit((unsigned char)*p) || (p == s && (*p == '-' || *p == '+')))
            out[k++] = *p;
        else if (*p == dec)
            out[k++] = '.';
        else if (*p != ',' && *p != '.' && *p != ' ' && *p != '\'') {
            k = 0;
            break;
        }
    }
    out[k] = '\0';
}

/* Why s (trimmed) is not a number, with the spelling that would be. */
static void number_why(const char *s, char *why, size_t n)
{
    size_t commas = 0, dots = 0;
    const char *last_comma = NULL, *last_dot = NULL;
    for (const char *p = s; *p; p++) {
        if (*p == ',')
            commas++, last_comma = p;
        else if (*p == '.')
            dots++, last_dot = p;
    }
    char fixed[64] = "";
    double v;
    /* The separator that comes last and once is the decimal one. */
    if (commas == 1 && (!dots || last_dot < last_comma)) {
        number_respelled(s, ',', fixed, sizeof fixed);
        if (*fixed && str_to_double(fixed, &v)) {
            snprintf(why, n, "not a number: %s (use a dot%s: %s)", s,
                     dots ? " for decimals and no thousands separator" : "", fixed);
            return;
        }
    }
    if (commas || dots > 1 || strpbrk(s, " '")) {
        number_respelled(s, dots == 1 ? '.' : 0, fixed, sizeof fixed);
        if (*fixed && str_to_double(fixed, &v)) {
            snprintf(why, n, "not a number: %s (no thousands separators: %s)", s, fixed);
            return;
        }
    }
    snprintf(why, n, "not a number: %s (digits with a dot for decimals, like 2.5, -3 or 1.2e6)",
             s);
}

bool str_to_number(const char *s, double *out, char *why, size_t n)
{
    const char *p = s ? s : "";
    while (*p == ' ' || *p == '\t')
        p++;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    char buf[64];
    bool ok = len > 0 && len < sizeof buf;
    if (ok) {
        memcpy(buf, p, len);
        buf[len] = '\0';
        /* strtod also reads hexadecimal, "nan" and "infinity": a script
         * that prints those has gone wrong, so only plain decimals pass. */
        const char *q = buf;
        if (*q == '+' || *q == '-')
            q++;
        bool digits = false;
        while (isdigit((unsigned char)*q))
            q++, digits = true;
        if (*q == '.')
            for (q++; isdigit((unsigned char)*q); q++)
                digits = true;
        if (digits && (*q == 'e' || *q == 'E')) {
            q++;
            if (*q == '+' || *q == '-')
                q++;
            if (!isdigit((unsigned char)*q))
                digits = false;
            while (isdigit((unsigned char)*q))
                q++;
        }
        ok = digits && !*q && str_to_double(buf, out);
        if (!ok && digits && !*q) {
            if (why && n)
                snprintf(why, n, "out of range: %s (too large to hold)", buf);
            return false;
        }
    }
    if (!ok && why && n) {
        /* at most 60 bytes of what was typed, never half a character */
        size_t cut = len < 60 ? len : 60;
        while (cut < len && cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
            cut--;
        char shown[64];
        snprintf(shown, sizeof shown, "%.*s", (int)cut, p);
        if (len == 0)
            snprintf(why, n, "not a number: nothing given (like 2.5, -3 or 1.2e6)");
        else
            number_why(shown, why, n);
    }
    return ok;
}
