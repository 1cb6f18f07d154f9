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

/* Display width of a sanitised string. */
int utf8_width(const char *s);

/* Appends s to sb, cut or padded to exactly width columns. A cut string
 * ends with an ellipsis ("…", or "~" when ascii). right aligns to the right. */
void utf8_pad(struct strbuf *sb, const char *s, int width, bool right, bool ascii);

/* Length in bytes of the longest prefix of s that fits in width columns. */
size_t utf8_fit(const char *s, int width);

/* Byte length of the UTF-8 sequence starting at s (1 for invalid bytes). */
size_t utf8_seqlen(const char *s);

#endif
