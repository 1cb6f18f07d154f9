/*
 * The words of a text as the full-text searches compare them: what tells
 * two blockers, or two projects, apart. Internal to src/core (blocker
 * duplicates, project twins); nothing here touches the database.
 */
#ifndef BATON_CORE_WORDS_H
#define BATON_CORE_WORDS_H

#include <stdbool.h>

/* A byte of a word: a letter, a digit, or any byte of a multi-byte
 * character (as unicode61 tokenizes them). */
bool word_byte(unsigned char c);

/* The distinct words of a text that can tell two items apart: three
 * letters or more, lower case, no stop word, at most WORDS_MAX, in order. */
enum { WORDS_MAX = 32 };
struct words {
    char *w[WORDS_MAX];
    int n;
};

void words_of(const char *text, struct words *ws);
void words_fini(struct words *ws);
/* The index of w in ws, or -1. */
int words_find(const struct words *ws, const char *w);
/* Calls fn(word, arg) for each word of text in words_of's sense, repeats
 * included. */
void words_each(const char *text, void (*fn)(const char *w, void *arg), void *arg);
/* An FTS5 query that matches any of text's words ("vat" OR "rules"),
 * each word quoted so that nothing in it is read as query syntax (a word
 * holds no quote); NULL when text has none. Caller frees. */
char *words_match_query(const char *text);

#endif
