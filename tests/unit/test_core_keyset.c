/*
 * Keyset windows (struct query's after, before and last) name the same
 * rows as offset windows: paging a generated organisation's open blockers
 * down by "after the last row shown", up by "before the first row shown",
 * and jumping to the end, in every order, both ways, plain, filtered and
 * narrowed, gives exactly the keys offset paging gives. An anchor that is
 * no longer listed falls back to the offset. Filtering open blockers as
 * you type finds what a word-prefix or key-prefix match over every open
 * blocker finds, and stops counting past BLOCKER_TEXT_CAP.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/blocker.h"
#include "baton/store.h"
#include "baton/str.h"

static struct store *st;

/* The keys of one window as "B-1 B-7 ...", and the ids of its ends. */
static char *window(struct query q, int64_t *first, int64_t *last_id, size_t *n)
{
    struct blocker *v;
    struct err e = {0};
    *n = 0;
    if (blocker_list(st, &q, &v, n, &e) != 0) {
        fprintf(stderr, "blocker_list: %s\n", e.msg);
        check_failures++;
        return xstrdup("");
    }
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < *n; i++)
        sb_addf(&sb, "%s ", v[i].key);
    if (*n) {
        *first = v[0].id;
        *last_id = v[*n - 1].id;
    }
    blocker_list_free(v, *n);
    char *s = xstrdup(sb_str(&sb));
    sb_fini(&sb);
    return s;
}

static void compare_paging(int sort, bool desc, const char *text, const char *dept)
{
    const int h = 37;
    struct query base = {.state = "open", .sort = sort, .desc = desc, .text = text, .dept = dept};
    int64_t total = 0;
    struct err e = {0};
    CHECK_INT(blocker_count(st, &base, &total, &e), 0);
    CHECK(total > 0);
    int64_t first = 0, last = 0, f2 = 0, l2 = 0;
    size_t n = 0, n2 = 0;
    int64_t prev_last = 0;
    /* down by after-anchors */
    for (int64_t off = 0; off < total; off += h) {
        struct query q = base;
        q.offset = off;
        q.limit = h;
        q.after = 0;
        /* offset alone: the reference (the first window has no anchor) */
        struct query ref = q;
        ref.offset = off;
        char *want = window(ref, &f2, &l2, &n2);
        if (off > 0)
            q.after = prev_last;
        char *got = window(q, &first, &last, &n);
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "sort %d%s text %s dept %s: after-window at %lld:\n  want %s\n  got  %s\n",
                    sort, desc ? " desc" : "", text ? text : "-", dept ? dept : "-",
                    (long long)off, want, got);
            check_failures++;
            free(got);
            free(want);
            return;
        }
        prev_last = last;
        /* up again by before-anchor: the window above this one */
        if (off >= h) {
            struct query up = base;
            up.offset = off - h;
            up.limit = h;
            up.before = first;
            struct query upref = up;
            upref.before = 0;
            char *a = window(upref, &f2, &l2, &n2);
            char *b = window(up, &f2, &l2, &n2);
            if (strcmp(a, b) != 0) {
                fprintf(stderr, "sort %d%s: before-window at %lld:\n  want %s\n  got  %s\n", sort,
                        desc ? " desc" : "", (long long)(off - h), a, b);
                check_failures++;
            }
            free(a);
            free(b);
        }
        free(got);
        free(want);
    }
    /* the end */
    struct query end = base;
    end.limit = h;
    end.offset = total > h ? total - h : 0;
    char *want = window(end, &f2, &l2, &n2);
    end.last = true;
    char *got = window(end, &f2, &l2, &n2);
    CHECK_STR(got, want);
    free(got);
    free(want);
}

static void test_keyset_windows_equal_offset_windows_in_every_order(void)
{
    static const int sorts[] = {BLOCKER_SORT_URGENCY, BLOCKER_SORT_TRIAGE, BLOCKER_SORT_KEY,
                                BLOCKER_SORT_AGE, BLOCKER_SORT_SEVERITY, BLOCKER_SORT_TITLE};
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
        for (int desc = 0; desc < 2; desc++) {
            compare_paging(sorts[i], desc, NULL, NULL);
            compare_paging(sorts[i], desc, "a", NULL);
            compare_paging(sorts[i], desc, NULL, "ENG");
        }
}

static void test_an_anchor_no_longer_listed_falls_back_to_the_offset(void)
{
    struct query q = {.state = "open", .limit = 10, .offset = 10};
    int64_t f, l;
    size_t n;
    char *want = window(q, &f, &l, &n);
    q.after = 999999; /* no such blocker */
    char *got = window(q, &f, &l, &n);
    CHECK_STR(got, want);
    CHECK_INT(n, 10);
    free(got);
    free(want);
}

/* The reference for a filter: some word of title or detail starts with
 * each word of text (ASCII case folded), or the key starts with "B-" and
 * the number of text. */
static bool has_word_prefix(const char *s, const char *w, size_t wl)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (p > s && isalnum((unsigned char)p[-1]))
            continue;
        if (strncasecmp(p, w, wl) == 0)
            return true;
    }
    return false;
}

static bool reference_match(const struct blocker *b, const char *text)
{
    const char *num = text;
    bool named = *num == 'b' || *num == 'B';
    if (named)
        num += num[1] == '-' ? 2 : 1;
    if (*num >= '1' && *num <= '9' && strncmp(b->key + 2, num, strlen(num)) == 0)
        return true;
    if (named)
        return false;
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *w = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        if (p > w && !has_word_prefix(b->title, w, (size_t)(p - w)) &&
            !has_word_prefix(b->detail, w, (size_t)(p - w)))
            return false;
    }
    return true;
}

static void check_filter(struct store *s, const char *text)
{
    struct err e = {0};
    struct query all = {.state = "open", .sort = BLOCKER_SORT_KEY};
    struct blocker *v;
    size_t n;
    CHECK_INT(blocker_list(s, &all, &v, &n, &e), 0);
    struct strbuf want;
    sb_init(&want);
    int64_t matches = 0;
    for (size_t i = 0; i < n; i++)
        if (reference_match(&v[i], text)) {
            if (matches++ < BLOCKER_TEXT_CAP)
                sb_addf(&want, "%s ", v[i].key);
        }
    blocker_list_free(v, n);
    struct query q = {.state = "open", .sort = BLOCKER_SORT_KEY, .text = text};
    int64_t count = 0;
    CHECK_INT(blocker_count(s, &q, &count, &e), 0);
    if (matches > BLOCKER_TEXT_CAP) {
        CHECK_INT(count, BLOCKER_TEXT_CAP + 1); /* "1,000+" */
    } else {
        CHECK_INT(count, matches);
        q.limit = (int)(matches + 5);
        int64_t f, l;
        size_t got_n;
        struct store *keep = st;
        st = s;
        char *got = window(q, &f, &l, &got_n);
        st = keep;
        if (strcmp(got, sb_str(&want)) != 0) {
            fprintf(stderr, "filter '%s':\n  want %s\n  got  %s\n", text, sb_str(&want), got);
            check_failures++;
        }
        free(got);
    }
    sb_fini(&want);
}

static void test_filter_is_a_word_or_key_prefix_match(void)
{
    static const char *const texts[] = {"rev", "Rev", "sec rev", "q", "B-12", "12", "7",
                                        "timing out", "zzzz"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        check_filter(st, texts[i]);
    /* "B-" names a key only: no title word "b" is looked for */
    struct err e = {0};
    struct query q = {.state = "open", .text = "B-99999"};
    int64_t n = -1;
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 0);
}

static void test_filter_count_stops_past_the_cap(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/cap.db", dir);
    struct store *big = NULL;
    struct err e = {0};
    CHECK_INT(store_open(&big, path, STORE_CREATE, &e), 0);
    CHECK_INT(store_generate(big, 6000, 3, &e), 0);
    /* a letter that begins words of most open blockers, and one of few */
    check_filter(big, "s");
    check_filter(big, "a");
    check_filter(big, "rev");
    int64_t count = 0;
    struct query cq = {.state = "open", .text = "s"};
    CHECK_INT(blocker_count(big, &cq, &count, &e), 0);
    CHECK_INT(count, BLOCKER_TEXT_CAP + 1);
    struct query q = {.state = "open", .text = "s", .limit = 50, .offset = 980};
    struct blocker *v;
    size_t n;
    CHECK_INT(blocker_list(big, &q, &v, &n, &e), 0);
    CHECK_INT(n, 21); /* the window ends with the 1,001st match */
    blocker_list_free(v, n);
    store_close(big);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

/* The triage queue a window at a time (state new, triage order, seeking
 * by anchors) lists what blocker_queue lists; its count and each key's
 * position agree with it, whole and narrowed. */
static void check_queue(const char *dept)
{
    struct err e = {0};
    char **keys;
    size_t n;
    CHECK_INT(blocker_queue(st, dept, &keys, &n, &e), 0);
    CHECK(n >= 20); /* room for the windows below */
    if (n < 20)
        return;
    struct strbuf want, got;
    sb_init(&want);
    sb_init(&got);
    for (size_t i = 0; i < n; i++)
        sb_addf(&want, "%s ", keys[i]);
    int64_t total = 0;
    CHECK_INT(blocker_queue_count(st, dept, &total, &e), 0);
    CHECK_INT(total, (int64_t)n);
    const int h = 7;
    int64_t after = 0, f, l;
    size_t got_n = 0;
    for (size_t off = 0; off < n; off += h) {
        struct query q = {.state = "new", .dept = dept, .sort = BLOCKER_SORT_TRIAGE, .limit = h,
                          .offset = (int64_t)off, .after = after};
        char *w = window(q, &f, &l, &got_n);
        sb_add(&got, w);
        free(w);
        after = l;
    }
    if (strcmp(sb_str(&want), sb_str(&got)) != 0) {
        fprintf(stderr, "queue %s by windows:\n  want %s\n  got  %s\n", dept ? dept : "-",
                sb_str(&want), sb_str(&got));
        check_failures++;
    }
    /* the end, and back up from it */
    struct query end = {.state = "new", .dept = dept, .sort = BLOCKER_SORT_TRIAGE, .limit = h,
                        .offset = (int64_t)n - h, .last = true};
    char *w = window(end, &f, &l, &got_n);
    CHECK_INT(got_n, h);
    CHECK_STR(w, strstr(sb_str(&want), keys[n - h]));
    free(w);
    struct query up = {.state = "new", .dept = dept, .sort = BLOCKER_SORT_TRIAGE, .limit = 3,
                       .offset = (int64_t)n - h - 3, .before = f};
    w = window(up, &f, &l, &got_n);
    char expect[64];
    snprintf(expect, sizeof expect, "%s %s %s ", keys[n - h - 3], keys[n - h - 2], keys[n - h - 1]);
    CHECK_STR(w, expect);
    free(w);
    for (size_t i = 0; i < n; i += 7) {
        int64_t pos = -2;
        CHECK_INT(blocker_queue_position(st, dept, keys[i], &pos, &e), 0);
        CHECK_INT(pos, (int64_t)i);
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    sb_fini(&want);
    sb_fini(&got);
}

static void test_queue_windows_count_and_positions_agree_with_the_queue(void)
{
    check_queue(NULL);
    check_queue("ENG");
    /* a blocker that is not new is nowhere in the queue */
    struct err e = {0};
    struct query q = {.state = "accepted", .limit = 1};
    struct blocker *v;
    size_t n;
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n) {
        int64_t pos = 0;
        CHECK_INT(blocker_queue_position(st, NULL, v[0].key, &pos, &e), 0);
        CHECK_INT(pos, -1);
        blocker_list_free(v, n);
    }
}

/* A filter repeated with no change in between is answered from memory;
 * a change by this connection or another one is seen at the next letter. */
static char db_path[512];

static void test_filter_sees_new_blockers_from_either_connection(void)
{
    const char *path = db_path;
    struct err e = {0};
    struct query q = {.state = "open", .text = "zzqx"};
    int64_t n = -1;
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 0);
    struct query one = {.state = "open", .limit = 1};
    struct blocker *v;
    size_t nv;
    CHECK_INT(blocker_list(st, &one, &v, &nv, &e), 0);
    CHECK_INT(nv, 1);
    if (!nv)
        return;
    struct blocker b = {.project = v[0].project, .title = "Zzqx widget jams", .kind = v[0].kind};
    CHECK_INT(blocker_add(st, &b, NULL, &e), 0);
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 1);
    struct store *other = NULL;
    CHECK_INT(store_open(&other, path, 0, &e), 0);
    b.title = "Second zzqx widget";
    CHECK_INT(blocker_add(other, &b, NULL, &e), 0);
    store_close(other);
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    blocker_list_free(v, nv);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    char *tmpdir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/keyset.db", tmpdir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e) != 0 || store_generate(st, 1500, 3, &e) != 0) {
        fprintf(stderr, "setting up %s: %s\n", path, e.msg);
        return 2;
    }
    RUN(test_keyset_windows_equal_offset_windows_in_every_order);
    RUN(test_an_anchor_no_longer_listed_falls_back_to_the_offset);
    RUN(test_filter_is_a_word_or_key_prefix_match);
    RUN(test_filter_count_stops_past_the_cap);
    RUN(test_queue_windows_count_and_positions_agree_with_the_queue);
    snprintf(db_path, sizeof db_path, "%s", path);
    RUN(test_filter_sees_new_blockers_from_either_connection);
    store_close(st);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    free(tmpdir);
    return check_report();
}
