/*
 * utf8: display width and sanitising of text that came from outside
 * (database, files, arguments). Anything drawn on a terminal goes through
 * utf8_sanitize first so that escape sequences and control characters are
 * shown, never sent. Widths are display columns (wide and combining
 * characters counted as the terminal will draw them).
 */
#ifndef BATON_UTF8_H
#define BATON_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/str.h"

/* True when the current locale's codeset is UTF-8 (call after setlocale). */
bool utf8_locale(void);

/* Returns a new string safe to draw: C0/C1 controls and DEL become visible
 * (^[ for ESC, ^M, \x9b ...), invalid UTF-8 bytes become U+FFFD (or '?'),
 * bidi overrides and isolates become visible markers, zero-width joiners
 * and variation selectors are left out (so "👩‍💻" is drawn as the two
 * emoji it joins, four columns wide, on every terminal). With ascii set, every
 * non-ASCII character becomes '?' (for non-UTF-8 locales). Caller frees. */
char *utf8_sanitize(const char *s, bool ascii);

/* What utf8_sanitize_to passes through as it is rather than showing (or,
 * for joiners and variation selectors, leaving out). */
enum { UTF8_KEEP_TAB = 1, UTF8_KEEP_LF = 2, UTF8_KEEP_CR = 4, UTF8_KEEP_JOINERS = 8 };

/* Appends the first len bytes of s to sb as utf8_sanitize shows them, but
 * with the controls named in keep (UTF8_KEEP_*) left as they are. */
void utf8_sanitize_to(struct strbuf *sb, const char *s, size_t len, bool ascii, unsigned keep);

/* Decodes the code point at s into *cp; returns its byte length, or 0 for
 * bytes that are not UTF-8 (overlong, surrogate, out of range, cut). */
size_t utf8_decode(const char *s, uint32_t *cp);

/* True when all of s is UTF-8; otherwise *bad_at (when not NULL) is the
 * offset of the first byte that is not. */
bool utf8_valid(const char *s, size_t *bad_at);

/* The characters that must never reach a terminal as they are: C0
 * controls, DEL, C1 controls, and the bidi controls (embeddings,
 * overrides, isolates, marks) that can make text read otherwise than it
 * is stored. */
bool utf8_is_control(uint32_t c);
bool utf8_is_bidi_control(uint32_t c);

/* How many of the last bytes of s[0..n) begin a sequence that n cuts (0 to
 * 3): a writer that gets text in pieces keeps them for the next piece. */
size_t utf8_incomplete_tail(const char *s, size_t n);

/* Display width of a sanitised string, or of its first len bytes. */
int utf8_width(const char *s);
int utf8_width_n(const char *s, size_t len);

/* Appends s to sb, cut or padded to exactly width columns. A cut string
 * ends with an ellipsis ("…", or "~" when ascii). right aligns to the right. */
void utf8_pad(struct strbuf *sb, const char *s, int width, bool right, bool ascii);

/* Length in bytes of the longest prefix of s that fits in width columns. */
size_t utf8_fit(const char *s, int width);
size_t utf8_fit_n(const char *s, size_t len, int width);

/* The length of s when it is at most max bytes; otherwise the longest
 * prefix of at most max bytes that does not split a character. Reads no
 * further than max + 1 bytes, so a huge text costs nothing to bound. */
size_t utf8_cut(const char *s, size_t max);

/* Byte length of the UTF-8 sequence starting at s (1 for invalid bytes). */
size_t utf8_seqlen(const char *s);

#endif
