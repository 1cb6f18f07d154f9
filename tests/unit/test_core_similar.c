/*
 * Possible duplicates (blocker_similar): which open blockers are suggested
 * for a blocker, in which order, and which are not: one shared word is
 * not enough, closed blockers and the blocker itself are left out, and a
 * duplicate that shares two rare words is found even when thousands of
 * newer blockers share the common ones. And the filter as you type,
 * which shares the full-text index: its count is what it lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "s", NULL);
    struct err e = {0};
    struct department d = {.key = "OPS", .name = "Operations", .lead = "olga"};
    struct project p = {.key = "OPS-1", .title = "Depots", .department = "OPS"};
    if (department_add(st, &d, &e) != 0 || project_add(st, &p, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static char *add(struct store *st, const char *title, const char *detail)
{
    struct blocker b = {.project = "OPS-1", .title = (char *)title, .detail = (char *)detail};
    char *key = NULL;
    struct err e = {0};
    if (blocker_add(st, &b, &key, &e) != 0) {
        fprintf(stderr, "blocker_add: %s\n", e.msg);
        exit(2);
    }
    return key;
}

/* The suggested keys for key, space-separated, best first. */
static char *similar(struct store *st, const char *key, int limit)
{
    struct blocker_match *m = NULL;
    size_t n = 0;
    struct err e = {0};
    int rc = blocker_similar(st, key, limit, &m, &n, &e);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "blocker_similar %s: %s\n", key, e.msg);
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        sb_addf(&sb, "%s%s", i ? " " : "", m[i].key);
        if (i > 0 && m[i].rank < m[i - 1].rank)
            fprintf(stderr, "rank not ascending at %zu: %g after %g\n", i, m[i].rank,
                    m[i - 1].rank);
        CHECK(i == 0 || m[i].rank >= m[i - 1].rank);
        CHECK(m[i].title != NULL);
    }
    blocker_match_list_free(m, n);
    return sb_take(&sb);
}

/* Whether key is one of the words of list. */
static bool listed(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = strstr(list, key); p; p = strstr(p + 1, key))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return true;
    return false;
}

static void close_it(struct store *st, const char *key)
{
    struct err e = {0};
    struct verdict v = {.verb = VERB_DECLINE, .reason = "not ours"};
    CHECK_INT(blocker_apply(st, key, &v, &e), 0);
}

/* The demo organisation's two duplicate pairs, as its story tells them,
 * among other blockers of the story: with both sides open each is the
 * other's suggestion, and nothing else is. */
static void test_demo_story_pairs_suggest_each_other(void)
{
    struct store *st = fresh();
    char *b1 = add(st, "Scanner firmware 4.2 crashes when a device moves between depots",
                   "Devices reboot in a loop after roaming to another depot's Wi-Fi. 60 of 210 "
                   "scanners affected in Leeds and Bristol.");
    char *b2 = add(st, "Waiting for the VAT rules for Poland and Italy",
                   "The e-invoice format depends on how reverse-charge lines must be shown.");
    char *b5 = add(st, "Agency wants a 12% higher rate for forklift-certified temps",
                   "Forty certified drivers are needed from 1 December; the current rate card "
                   "covers general labour only.");
    char *b6 = add(st, "Discount floor for tier 3 not approved",
                   "Three enterprise renewals are waiting on the new tier before they can be "
                   "quoted.");
    char *b11 = add(st, "Overtime budget for December not released", NULL);
    char *b15 = add(st, "Handhelds restart when drivers move between depots", NULL);
    char *b27 = add(st, "Tier 3 discount floor still not approved", NULL);
    char *b35 = add(st, "Offline sync conflicts lose proof-of-delivery photos",
                    "Two drivers lost a day's photos after reconnecting; customers disputed "
                    "three deliveries.");
    char *s;
    CHECK_STR(s = similar(st, b27, 5), b6);
    free(s);
    CHECK_STR(s = similar(st, b6, 5), b27);
    free(s);
    CHECK_STR(s = similar(st, b15, 5), b1);
    free(s);
    CHECK_STR(s = similar(st, b1, 5), b15);
    free(s);
    /* shares "drivers" with b5 and b15, nothing more with either */
    CHECK_STR(s = similar(st, b35, 5), "");
    free(s);
    CHECK_STR(s = similar(st, b11, 5), "");
    free(s);
    /* once the original is closed it is no longer offered */
    close_it(st, b6);
    CHECK_STR(s = similar(st, b27, 5), "");
    free(s);
    char *v[] = {b1, b2, b5, b6, b11, b15, b27, b35};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        free(v[i]);
    store_close(st);
}

/* A suggestion shares two words, or all of a one-word blocker's; stop
 * words and words under three letters do not count. */
static void test_one_shared_word_is_not_enough(void)
{
    struct store *st = fresh();
    char *a = add(st, "Offline sync loses delivery photos", "Drivers disputed three deliveries");
    char *b = add(st, "Discount floor not approved", "Three customers are waiting for it");
    char *c = add(st, "Delivery photos missing after sync", NULL);
    char *d = add(st, "Photos", NULL);
    char *f = add(st, "The and for with photos", NULL);
    char *s = similar(st, a, 5);
    CHECK(!listed(s, b)); /* only "three" */
    CHECK(listed(s, c));  /* delivery, photos, sync */
    CHECK(!listed(s, d)); /* only "photos" */
    CHECK(!listed(s, f)); /* "photos" and stop words */
    CHECK(!listed(s, a)); /* never itself */
    free(s);
    /* a one-word blocker: its one word is enough */
    s = similar(st, d, 5);
    CHECK(listed(s, a));
    CHECK(listed(s, c));
    CHECK(listed(s, f));
    CHECK(!listed(s, b));
    free(s);
    /* no word of three letters: nothing to go by */
    char *g = add(st, "Go / no go", NULL);
    CHECK_STR(s = similar(st, g, 5), "");
    free(s);
    free(a);
    free(b);
    free(c);
    free(d);
    free(f);
    free(g);
    store_close(st);
}

/* The better duplicate first: a repeated title before a blocker sharing a
 * couple of words; the limit is kept; words that look like query syntax
 * are words. */
static void test_order_limit_and_syntax(void)
{
    struct store *st = fresh();
    char *a = add(st, "Customs broker for Rotterdam not appointed", NULL);
    char *b = add(st, "Rotterdam lease not countersigned", "The customs office waits for it");
    char *c = add(st, "Customs broker for Rotterdam not appointed", "Raised again by finance");
    char *d = add(st, "Broker fees in Rotterdam unclear", NULL);
    char *s = similar(st, a, 5);
    const char *want = c;
    CHECK(strncmp(s, want, strlen(want)) == 0);
    CHECK(listed(s, b));
    CHECK(listed(s, d));
    free(s);
    s = similar(st, a, 1);
    CHECK_STR(s, c);
    free(s);
    char *q = add(st, "\"NEAR(vat* OR) -- ' rules", NULL);
    char *r = add(st, "VAT rules for Norway", NULL);
    s = similar(st, q, 5);
    CHECK_STR(s, r);
    free(s);
    free(a);
    free(b);
    free(c);
    free(d);
    free(q);
    free(r);
    store_close(st);
}

/* Thousands of newer blockers share the common words "customer" and
 * "portal" with the blocker; the one duplicate shares its rare words and
 * must still come first (reading the newest matches, or the first
 * thousand of a common word, would never reach it). */
static void test_rare_duplicate_among_thousands_of_common(void)
{
    struct store *st = fresh();
    char *dup = add(st, "Zanzibar customs manifests rejected", "Broker says the form changed");
    char *one = add(st, "Zanzibar office opening party", NULL); /* one rare word only */
    static const char *const fillers[] = {
        "Customer portal slow for agents",    "Customer portal login fails",
        "Customer portal shows old invoices", "Customer portal timeout on export",
    };
    for (int i = 0; i < 3000; i++) {
        char detail[64];
        snprintf(detail, sizeof detail, "Reported by customer number %d", i);
        free(add(st, fillers[i % 4], detail));
    }
    char *target = add(st, "Customer portal rejects manifests", "Zanzibar customs again");
    char *s = similar(st, target, 5);
    CHECK(strncmp(s, dup, strlen(dup)) == 0 && (s[strlen(dup)] == ' ' || !s[strlen(dup)]));
    if (strncmp(s, dup, strlen(dup)) != 0)
        fprintf(stderr, "expected %s first, saw \"%s\"\n", dup, s);
    CHECK(!listed(s, one));
    free(s);
    /* and the other way round: the duplicate finds the new blocker */
    s = similar(st, dup, 5);
    CHECK_STR(s, target);
    free(s);
    /* the rare pair only in the detail, the title all common words */
    char *late = add(st, "Customer portal login fails", "Manifests from Zanzibar");
    s = similar(st, late, 3);
    CHECK(listed(s, dup));
    CHECK(listed(s, target));
    free(s);
    free(late);
    free(dup);
    free(one);
    free(target);
    store_close(st);
}

/* Filtering as you type counts what it lists: a blocker matched both by
 * its key and by a word is one match, a closed one is none, with or
 * without a department narrowing the list. */
static void test_filter_counts_what_it_lists(void)
{
    struct store *st = fresh();
    char *keys[30];
    for (int i = 0; i < 30; i++) {
        char title[64];
        snprintf(title, sizeof title, "Dock 12 door %d jammed", i + 1);
        keys[i] = add(st, title, NULL);
    }
    close_it(st, keys[4]);
    static const char *const texts[] = {"12", "B-12", "dock", "dock 12", "jam", "B-1", "door 7"};
    static const long want[] = {29, 1, 29, 29, 29, 11, 1};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        for (int narrowed = 0; narrowed < 2; narrowed++) {
            struct query q = {.state = "open", .text = texts[t], .dept = narrowed ? "OPS" : NULL};
            struct err e = {0};
            int64_t n = -1;
            struct blocker *v = NULL;
            size_t nv = 0;
            CHECK_INT(blocker_count(st, &q, &n, &e), 0);
            CHECK_INT(blocker_list(st, &q, &v, &nv, &e), 0);
            if (n != want[t] || (long)nv != want[t])
                fprintf(stderr, "filter \"%s\"%s: counted %lld, listed %zu, expected %ld\n",
                        texts[t], narrowed ? " in OPS" : "", (long long)n, nv, want[t]);
            CHECK_INT(n, want[t]);
            CHECK_INT((long)nv, want[t]);
            for (size_t i = 0; i < nv; i++)
                CHECK(strcmp(v[i].key, keys[4]) != 0);
            blocker_list_free(v, nv);
        }
    }
    for (int i = 0; i < 30; i++)
        free(keys[i]);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmp = check_tmpdir();
    RUN(test_demo_story_pairs_suggest_each_other);
    RUN(test_one_shared_word_is_not_enough);
    RUN(test_order_limit_and_syntax);
    RUN(test_rare_duplicate_among_thousands_of_common);
    RUN(test_filter_counts_what_it_lists);
    free(tmp);
    return check_report();
}
