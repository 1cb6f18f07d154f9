#include "baton/utf8.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* Decodes one code point; returns its byte length, or 0 for an invalid
 * sequence (overlong, surrogate, out of range, truncated). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    return utf8_decode((const char *)s, cp);
}

size_t utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t utf8_seqlen(const char *s)
{
    uint32_t cp;
    size_t n = decode((const unsigned char *)s, &cp);
    return n ? n : 1;
}

bool utf8_is_bidi_control(uint32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

bool utf8_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || utf8_is_bidi_control(c);
}

bool utf8_valid(const char *s, size_t *bad_at)
{
    const char *p = s;
    uint32_t c;
    while (p && *p) {
        size_t n = utf8_decode(p, &c);
        if (!n) {
            if (bad_at)
                *bad_at = (size_t)(p - s);
            return false;
        }
        p += n;
    }
    return true;
}

size_t utf8_incomplete_tail(const char *s, size_t n)
{
    /* A lead byte in the last three whose sequence runs past the end,
     * with only continuation bytes after it. */
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        unsigned char b = (unsigned char)s[n - k];
        if ((b & 0xC0) == 0x80)
            continue;
        size_t need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
        return need > k ? k : 0;
    }
    return 0;
}

void utf8_sanitize_to(struct strbuf *sb, const char *s, size_t len, bool ascii, unsigned keep)
{
    sb_add(sb, "");
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end && *p) {
        uint32_t c;
        /* A sequence cut by len is as invalid as a truncated one. */
        size_t n = decode(p, &c);
        if (n == 0 || n > (size_t)(end - p)) {
            sb_add(sb, ascii ? "?" : "\xEF\xBF\xBD");
            p++;
            continue;
        }
        if ((c == '\t' && (keep & UTF8_KEEP_TAB)) || (c == '\n' && (keep & UTF8_KEEP_LF)) ||
            (c == '\r' && (keep & UTF8_KEEP_CR))) {
            sb_addc(sb, (char)c);
        } else if (c < 0x20 || c == 0x7F) {
            /* ESC, CR, BEL ... shown as caret notation; a tab is a space. */
            if (c == '\t')
                sb_addc(sb, ' ');
            else {
                sb_addc(sb, '^');
                sb_addc(sb, c == 0x7F ? '?' : (char)(c + 0x40));
            }
        } else if (c >= 0x80 && c < 0xA0) {
            sb_addf(sb, "\\x%02x", (unsigned)c); /* C1 controls, CSI among them */
        } else if ((c == 0x200D || c == 0xFE0E || c == 0xFE0F) && !(keep & UTF8_KEEP_JOINERS)) {
            /* A zero-width joiner or a variation selector is left out:
             * terminals disagree on whether they fuse a joined emoji into
             * one cell or switch a character to its wide emoji form, and a
             * width counted otherwise than drawn shifts every column after
             * it. Without them each character is drawn at its own width. */
        } else if (utf8_is_bidi_control(c)) {
            sb_addf(sb, "<U+%04X>", (unsigned)c);
        } else if (c >= 0x80 && ascii) {
            sb_addc(sb, '?');
        } else {
            sb_addn(sb, (const char *)p, n);
        }
        p += n;
    }
}

char *utf8_sanitize(const char *s, bool ascii)
{
    struct strbuf sb;
    sb_init(&sb);
    utf8_sanitize_to(&sb, s, s ? strlen(s) : 0, ascii, 0);
    return sb_take(&sb);
}

static int cp_width(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c != 0x7F ? 1 : 0;
    int w = wcwidth((wchar_t)c);
    if (w < 0)
        return 1; /* unknown to the locale: the sanitiser shows it as one cell */
    return w;
}

int utf8_width(const char *s)
{
    return utf8_width_n(s, s ? strlen(s) : 0);
}

int utf8_width_n(const char *s, size_t len)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p && p < end && *p) {
        uint32_t c;
        size_t n = decode(p, &c);
        if (!n) {
            w++;
            p++;
            continue;
        }
        w += cp_width(c);
        p += n;
    }
    return w;
}

size_t utf8_fit(const char *s, int width)
{
    return utf8_fit_n(s, strlen(s), width);
}

size_t utf8_fit_n(const char *s, size_t len, int width)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    int w = 0;
    while (p < end && *p) {
        uint32_t c;
        size_t n = decode(p, &c);
        int cw = 1;
        if (n && n <= (size_t)(end - p))
            cw = cp_width(c);
        else
            n = 1;
        if (w + cw > width)
            break;
        w += cw;
        p += n;
    }
    return (size_t)(p - (const unsigned char *)s);
}

void utf8_pad(struct strbuf *sb, const char *s, int width, bool right, bool ascii)
{
    if (width <= 0)
        return;
    if (!s)
        s = "";
    int w = utf8_width(s);
    if (w > width) {
        size_t n = utf8_fit(s, width - 1);
        sb_addn(sb, s, n);
        int used = 0;
        {
            char *cut = xstrndup(s, n);
            used = utf8_width(cut);
            free(cut);
        }
        sb_add(sb, ascii ? ">" : "\xE2\x80\xA6"); /* ">": "~" is near an SLA */
        for (int i = used + 1; i < width; i++)
            sb_addc(sb, ' ');
        return;
    }
    if (right)
        for (int i = w; i < width; i++)
            sb_addc(sb, ' ');
    sb_add(sb, s);
    if (!right)
        for (int i = w; i < width; i++)
            sb_addc(sb, ' ');
}

size_t utf8_cut(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
