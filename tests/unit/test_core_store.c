/*
 * The shared database: opening (and refusing) files, migrations, WAL,
 * nested transactions, read-only stores, change polling and presence.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../../src/core/internal.h"
#include "baton/event.h"
#include "baton/store.h"
#include "baton/str.h"
#include "../check.h"

static char *tmp;

static char *path_in_tmp(const char *name)
{
    return xasprintf("%s/%s", tmp, name);
}

/* The whole file, for comparing bytes before and after. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct strbuf sb;
    sb_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&sb, buf, n);
    fclose(f);
    *len = sb.len;
    return sb.s ? sb_take(&sb) : xstrdup("");
}

static bool file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Runs SQL through a plain sqlite3 connection, as another program would. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "raw_exec: %s\n", msg ? msg : "?");
        CHECK(!"raw sql failed");
    }
    sqlite3_free(msg);
    sqlite3_close(db);
}

static char *raw_text(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *out = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_text(s, 0))
        out = xstrdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

static void test_create_migrates_to_current_version(void)
{
    char *p = path_in_tmp("new.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_close(st);
    char *uv = raw_text(p, "PRAGMA user_version");
    char want_uv[16];
    snprintf(want_uv, sizeof want_uv, "%d", STORE_SCHEMA_VERSION);
    CHECK_STR(uv, want_uv);
    char *tables = raw_text(p, "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                               "sqlite_master WHERE type = 'table' ORDER BY name)");
    CHECK_CONTAINS(tables, "department");
    CHECK_CONTAINS(tables, "event");
    CHECK_CONTAINS(tables, "session");
    free(uv);
    free(tables);
    free(p);
}

/* An empty file is migrated when the caller creates (init, import, demo),
 * and refused untouched otherwise. */
static void test_empty_file_is_migrated_only_when_creating(void)
{
    char *p = path_in_tmp("empty.db");
    FILE *f = fopen(p, "wb");
    fclose(f);
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "empty database; create it with 'baton init");
    struct stat sb;
    CHECK(stat(p, &sb) == 0 && sb.st_size == 0);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    CHECK_INT(st ? store_schema_version(st) : -1, STORE_SCHEMA_VERSION);
    store_close(st);
    free(p);
}

static void test_missing_file_without_create_is_usage_error(void)
{
    char *p = path_in_tmp("absent.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, 0, &e), -ERR_USAGE);
    CHECK(st == NULL);
    CHECK_CONTAINS(e.msg, "no such database; create it with 'baton init --db");
    CHECK(!file_exists(p));
    free(p);
}

/* Opens path expecting a refusal, and checks the file was left as it was. */
static void expect_refused_untouched(const char *p, const char *why)
{
    size_t before_len = 0, after_len = 0;
    char *before = slurp(p, &before_len);
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    int rc = store_open(&st, p, STORE_CREATE, &e);
    CHECK_INT(rc, -ERR_RUNTIME);
    CHECK(st == NULL);
    CHECK_CONTAINS(e.msg, why);
    CHECK(strchr(e.msg, '\n') == NULL);
    char *after = slurp(p, &after_len);
    CHECK_INT(after_len, before_len);
    CHECK(before && after && memcmp(before, after, before_len) == 0);
    char *wal = xasprintf("%s-wal", p);
    CHECK(!file_exists(wal));
    free(wal);
    free(before);
    free(after);
}

static void test_newer_schema_is_refused_untouched(void)
{
    char *p = path_in_tmp("future.db");
    raw_exec(p, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                "PRAGMA application_id = 1111577678; PRAGMA user_version = 99;");
    expect_refused_untouched(p, "newer than this baton");
    free(p);
}

static void test_non_sqlite_file_is_refused_untouched(void)
{
    char *p = path_in_tmp("notes.txt");
    FILE *f = fopen(p, "wb");
    fputs("these are my notes, not a database\n", f);
    fclose(f);
    expect_refused_untouched(p, "not an SQLite database");
    free(p);
}

static void test_foreign_sqlite_database_is_refused_untouched(void)
{
    char *p = path_in_tmp("other.db");
    raw_exec(p, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);"
                "INSERT INTO invoices (total) VALUES (12.5);");
    expect_refused_untouched(p, "not baton's");
    free(p);
}

static void test_truncated_database_is_refused_untouched(void)
{
    char *p = path_in_tmp("cut.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    store_close(st);
    size_t len = 0;
    char *bytes = slurp(p, &len);
    CHECK(len > 8192);
    FILE *f = fopen(p, "wb");
    fwrite(bytes, 1, len / 3, f);
    fclose(f);
    free(bytes);
    expect_refused_untouched(p, "damaged");

    /* A file cut inside the 100-byte header. */
    f = fopen(p, "wb");
    fwrite("SQLite format 3\0\x10\0", 1, 18, f);
    fclose(f);
    expect_refused_untouched(p, "damaged");
    free(p);
}

static void test_wal_is_on_after_open(void)
{
    char *p = path_in_tmp("wal.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    char *mode = raw_text(p, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    store_close(st);
    free(p);
}

static void test_nested_transactions_roll_back_together(void)
{
    char *p = path_in_tmp("tx.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_set_org_name(st, "Acme", &e), 0);

    CHECK_INT(store_begin(st, &e), 0);
    CHECK_INT(store_set_org_name(st, "Outer", &e), 0);
    CHECK_INT(store_begin(st, &e), 0);
    CHECK_INT(store_set_org_name(st, "Inner", &e), 0);
    store_rollback(st); /* the inner level gives up */
    int rc = store_commit(st, &e);
    CHECK_INT(rc, -ERR_RUNTIME);
    CHECK_CONTAINS(e.msg, "nothing was saved");
    char *name = store_org_name(st);
    CHECK_STR(name, "Acme");
    free(name);

    /* Both levels committing keeps both writes. */
    CHECK_INT(store_begin(st, &e), 0);
    CHECK_INT(store_set_org_name(st, "Outer", &e), 0);
    CHECK_INT(store_begin(st, &e), 0);
    CHECK_INT(store_set_org_name(st, "Inner", &e), 0);
    CHECK_INT(store_commit(st, &e), 0);
    CHECK_INT(store_commit(st, &e), 0);
    name = store_org_name(st);
    CHECK_STR(name, "Inner");
    free(name);
    store_close(st);
    free(p);
}

/* A write renaming the organisation twice, then failing when told to. */
struct rename {
    const char *first, *second;
    bool fail;
    int calls;
};

static int rename_twice(struct store *st, void *arg, struct err *e)
{
    struct rename *r = arg;
    r->calls++;
    int rc = store_set_org_name(st, r->first, e);
    if (!rc)
        rc = store_set_org_name(st, r->second, e);
    return rc ? rc : r->fail ? err_set(e, ERR_CONFLICT, "changed meanwhile") : 0;
}

static size_t org_events(struct store *st)
{
    struct event *ev = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    CHECK_INT(event_list(st, "organisation", NULL, NULL, 0, &ev, &n, &e), 0);
    event_list_free(ev, n);
    return n;
}

static void test_a_write_keeps_all_of_its_changes_or_none(void)
{
    char *p = path_in_tmp("write.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_set_org_name(st, "Acme", &e), 0);

    struct rename r = {"One", "Two", true, 0};
    CHECK_INT(store_write(st, rename_twice, &r, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "changed meanwhile");
    char *name = store_org_name(st);
    CHECK_STR(name, "Acme");
    free(name);
    CHECK_INT(org_events(st), 1);

    r.fail = false;
    err_clear(&e);
    CHECK_INT(store_write(st, rename_twice, &r, &e), 0);
    name = store_org_name(st);
    CHECK_STR(name, "Two");
    free(name);
    CHECK_INT(org_events(st), 3);
    store_close(st);

    /* A read-only store refuses before the write's function runs. */
    CHECK_INT(store_open(&st, p, STORE_READONLY, &e), 0);
    r.calls = 0;
    CHECK_INT(store_write(st, rename_twice, &r, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "read-only");
    CHECK_INT(r.calls, 0);
    store_close(st);
    free(p);
}

static void test_org_name_change_is_audited(void)
{
    char *p = path_in_tmp("org.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    store_set_actor(st, "carol");
    CHECK_INT(store_set_org_name(st, "Acme", &e), 0);
    CHECK_INT(store_set_org_name(st, "Acme Ltd", &e), 0);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "organisation", NULL, NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ev[0].actor, "carol");
        CHECK_STR(ev[0].field, "name");
        CHECK_STR(ev[0].old_value, "Acme");
        CHECK_STR(ev[0].new_value, "Acme Ltd");
    }
    event_list_free(ev, n);
    store_close(st);
    free(p);
}

static void test_readonly_store_refuses_writes(void)
{
    char *p = path_in_tmp("ro.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_set_org_name(st, "Acme", &e), 0);
    store_close(st);

    CHECK_INT(store_open(&st, p, STORE_READONLY, &e), 0);
    char *name = store_org_name(st);
    CHECK_STR(name, "Acme");
    free(name);
    err_clear(&e);
    CHECK_INT(store_set_org_name(st, "Other", &e), -ERR_DENIED);
    CHECK_INT(e.code, ERR_DENIED);
    CHECK_CONTAINS(e.msg, "read-only");
    CHECK_INT(store_begin(st, &e), -ERR_DENIED);
    store_close(st);
    free(p);
}

static void test_data_version_changes_after_another_commit(void)
{
    char *p = path_in_tmp("dv.db");
    struct store *a = NULL, *b = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&a, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_open(&b, p, 0, &e), 0);
    int64_t v1 = 0, v2 = 0, v3 = 0;
    CHECK_INT(store_data_version(a, &v1, &e), 0);
    CHECK_INT(store_data_version(a, &v2, &e), 0);
    CHECK_INT(v2, v1);
    CHECK_INT(store_set_org_name(b, "Acme", &e), 0);
    CHECK_INT(store_data_version(a, &v3, &e), 0);
    CHECK(v3 != v1);
    /* Its own commits do not count as someone else's. */
    int64_t v4 = 0, v5 = 0;
    CHECK_INT(store_data_version(b, &v4, &e), 0);
    CHECK_INT(store_set_org_name(b, "Acme 2", &e), 0);
    CHECK_INT(store_data_version(b, &v5, &e), 0);
    CHECK_INT(v5, v4);
    store_close(b);
    store_close(a);
    free(p);
}

static void test_presence_forgets_a_killed_cockpit_on_the_next_beat(void)
{
    char *p = path_in_tmp("killed.db");
    struct store *a = NULL;
    struct err e;
    err_clear(&e);
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    CHECK_INT(store_open(&a, p, STORE_CREATE, &e), 0);
    pid_t kid = fork();
    if (kid == 0) {
        struct store *b = NULL;
        int ok = store_open(&b, p, 0, &e) == 0 && store_presence_beat(b, &e) == 0;
        free(p);
        _exit(ok ? 0 : 1); /* dies without leaving, as SIGKILL would */
    }
    int status = 0;
    waitpid(kid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    int others = -1;
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 1); /* the row is there, within its window */
    CHECK_INT(store_presence_beat(a, &e), 0);
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 0); /* and gone at the next beat, though its time has not run out */
    unsetenv("BATON_NOW");
    store_close(a);
    free(p);
}

static void test_presence_counts_other_sessions(void)
{
    char *p = path_in_tmp("presence.db");
    struct store *a = NULL, *b = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&a, p, STORE_CREATE, &e), 0);
    CHECK_INT(store_open(&b, p, 0, &e), 0);
    store_set_actor(a, "alice");
    store_set_actor(b, "bob");
    int others = -1;
    CHECK_INT(store_presence_beat(a, &e), 0);
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 0);
    CHECK_INT(store_presence_beat(b, &e), 0);
    CHECK_INT(store_presence_beat(b, &e), 0); /* refreshing is not a second session */
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 1);
    CHECK_INT(store_presence_leave(b), 0);
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 0);

    /* A heartbeat older than 90 s no longer counts. */
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    CHECK_INT(store_presence_beat(b, &e), 0);
    setenv("BATON_NOW", "2026-11-26T09:01:29Z", 1);
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 1);
    setenv("BATON_NOW", "2026-11-26T09:01:31Z", 1);
    CHECK_INT(store_presence_count(a, &others, &e), 0);
    CHECK_INT(others, 0);
    unsetenv("BATON_NOW");
    store_close(b);
    store_close(a);
    free(p);
}

static void test_check_reports_a_healthy_database(void)
{
    char *p = path_in_tmp("check.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    struct strbuf report;
    sb_init(&report);
    CHECK_INT(store_check(st, &report, &e), 0);
    CHECK_CONTAINS(sb_str(&report), "integrity: ok\n");
    CHECK_CONTAINS(sb_str(&report), "foreign keys: ok\n");
    char want_version[32];
    snprintf(want_version, sizeof want_version, "schema version: %d", STORE_SCHEMA_VERSION);
    CHECK_CONTAINS(sb_str(&report), want_version);
    sb_fini(&report);
    store_close(st);
    free(p);
}

static void test_processes_starting_at_once_migrate_once(void)
{
    char *p = path_in_tmp("race.db");
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            struct store *st = NULL;
            struct err e;
            int rc = store_open(&st, p, STORE_CREATE, &e);
            if (rc)
                fprintf(stderr, "child: %s\n", e.msg);
            int ok = rc == 0 && store_schema_version(st) == STORE_SCHEMA_VERSION;
            store_close(st);
            free(p); /* the child's copy: a leak checker runs in the child too */
            _exit(ok ? 0 : 1);
        }
    }
    for (int i = 0; i < 4; i++) {
        int status = 0;
        waitpid(kids[i], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    char *n = raw_text(p, "SELECT count(*) FROM sqlite_master WHERE name = 'department'");
    CHECK_STR(n, "1");
    free(n);
    free(p);
}

/* A session that defers checkpoints leaves its changes in the log until
 * it is idle; then the database file alone holds them (what a copy of
 * just that file would keep). Enough writes to pass SQLite's automatic
 * checkpoint (1,000 pages) show that nothing is copied in between. */
static void test_idle_copies_the_log_into_the_database(void)
{
    char *p = path_in_tmp("idle.db");
    char *copy = path_in_tmp("idle-copy.db");
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&st, p, STORE_CREATE, &e), 0);
    store_set_actor(st, "carol");
    store_defer_checkpoints(st);
    char name[64];
    for (int i = 0; i < 1500; i++) {
        snprintf(name, sizeof name, "Acme %d", i);
        CHECK_INT(store_set_org_name(st, name, &e), 0);
    }
    size_t len = 0;
    char *bytes = slurp(p, &len);
    FILE *f = fopen(copy, "wb");
    CHECK(f && fwrite(bytes, 1, len, f) == len);
    if (f)
        fclose(f);
    free(bytes);
    char *before = raw_text(copy, "SELECT count(*) FROM event");
    /* nothing of it: no event table yet, or an empty one */
    CHECK(before == NULL || strcmp(before, "0") == 0);
    free(before);
    unlink(copy);

    store_idle(st);
    bytes = slurp(p, &len);
    f = fopen(copy, "wb");
    CHECK(f && fwrite(bytes, 1, len, f) == len);
    if (f)
        fclose(f);
    free(bytes);
    char *after = raw_text(copy, "SELECT count(*) FROM event");
    CHECK_STR(after, "1500");
    free(after);
    store_close(st);
    free(p);
    free(copy);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_create_migrates_to_current_version);
    RUN(test_empty_file_is_migrated_only_when_creating);
    RUN(test_missing_file_without_create_is_usage_error);
    RUN(test_newer_schema_is_refused_untouched);
    RUN(test_non_sqlite_file_is_refused_untouched);
    RUN(test_foreign_sqlite_database_is_refused_untouched);
    RUN(test_truncated_database_is_refused_untouched);
    RUN(test_wal_is_on_after_open);
    RUN(test_nested_transactions_roll_back_together);
    RUN(test_a_write_keeps_all_of_its_changes_or_none);
    RUN(test_org_name_change_is_audited);
    RUN(test_readonly_store_refuses_writes);
    RUN(test_data_version_changes_after_another_commit);
    RUN(test_presence_counts_other_sessions);
    RUN(test_presence_forgets_a_killed_cockpit_on_the_next_beat);
    RUN(test_check_reports_a_healthy_database);
    RUN(test_processes_starting_at_once_migrate_once);
    RUN(test_idle_copies_the_log_into_the_database);
    free(tmp);
    return check_report();
}
