/*
 * store: opening the shared database safely, migrating it forward, and the
 * connection-wide services (actor, SLAs, explicit transactions, change
 * polling, integrity check, organisation name, presence).
 *
 * Opening never modifies a file it refuses: the header is read with plain
 * I/O first, then the schema is inspected before WAL is switched on or
 * any migration runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "baton/entity.h"
#include "baton/priv.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"
#include "entity_fields.h"
#include "internal.h"
#include "schema.h"

/* The page cache of a long read, and of everything else (store_open). */
#define LONG_READ_CACHE "-8192"
#define CACHE_SIZE "-32768"

/* What waiting for another writer may cost before giving up. */
#define BUSY_LIMIT_US 5000000LL
/* Seconds a presence row counts as someone being here. */
#define PRESENCE_WINDOW 90

static const int64_t default_sla[5] = {0, 4 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Sleeping 1 ms between tries is fairer under load than busy_timeout's
 * back-off (SQLITE-NOTES.md), and still gives up after 5 s. */
static int busy_wait(void *arg, int count)
{
    struct store *st = arg;
    if (st->no_wait)
        return 0;
    int64_t now = mono_us();
    if (count == 0)
        st->busy_since_us = now;
    if (now - st->busy_since_us >= BUSY_LIMIT_US)
        return 0;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    return 1;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Looks at the file's first 100 bytes without SQLite, so that a file baton
 * must refuse is never opened for writing. An empty file is fine: it is
 * migrated like a new one. */
static int check_header(const char *path, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, errno == EACCES ? ERR_DENIED : ERR_RUNTIME, "%s: %s", path,
                       strerror(errno));
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, f);
    bool failed = ferror(f);
    fclose(f);
    if (failed)
        return err_set(e, ERR_RUNTIME, "%s: cannot read the file", path);
    if (got == 0)
        return 0;
    if (got < 16 || memcmp(h, "SQLite format 3", 16) != 0)
        return err_set(e, ERR_RUNTIME,
                       "%s: not an SQLite database; refusing to touch it (check --db)", path);
    if (got < sizeof h)
        return err_set(e, ERR_RUNTIME,
                       "%s: damaged database (truncated header); restore it from a backup", path);
    /* A file shorter than the pages its header counts was cut short (a
     * copy that stopped half-way): refuse it before SQLite creates -wal
     * and -shm files next to it. The count is only valid when the header
     * says so (offset 92 equals the change counter), and a -wal file may
     * legitimately hold pages the file does not have yet. */
    uint32_t page_size = (uint32_t)h[16] << 8 | h[17];
    if (page_size == 1)
        page_size = 65536;
    uint64_t pages = be32(h + 28);
    char *wal = xasprintf("%s-wal", path);
    struct stat sb;
    bool has_wal = stat(wal, &sb) == 0;
    free(wal);
    if (!has_wal && pages && be32(h + 92) == be32(h + 24) && stat(path, &sb) == 0 &&
        (uint64_t)sb.st_size < pages * page_size)
        return err_set(e, ERR_RUNTIME,
                       "%s: damaged database (cut short: %lld of %llu bytes); restore it from a "
                       "backup",
                       path, (long long)sb.st_size, (unsigned long long)(pages * page_size));
    uint32_t user_version = be32(h + 60), app_id = be32(h + 68);
    if (app_id != 0 && app_id != SCHEMA_APPLICATION_ID)
        return err_set(e, ERR_RUNTIME,
                       "%s: an SQLite database of another program, not baton's; refusing to touch "
                       "it (check --db)",
                       path);
    if (user_version > STORE_SCHEMA_VERSION)
        return err_set(e, ERR_RUNTIME,
                       "%s: schema version %u is newer than this baton knows (%d); upgrade baton",
                       path, (unsigned)user_version, STORE_SCHEMA_VERSION);
    return 0;
}

int store_file_schema(const char *path)
{
    priv_raise();
    FILE *f = fopen(path, "rb");
    priv_lower();
    if (!f)
        return errno == ENOENT ? 0 : -1;
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, f);
    fclose(f);
    if (got == 0)
        return 0;
    if (got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
        return -1;
    return (int)be32(h + 60);
}

static int query_int(struct store *st, const char *sql, int64_t *out, struct err *e)
{
    return sq_int(st, sq_prepare(st, sql, e), out, NULL, "reading the database", e);
}

/* Decides, before anything is written, whether this is an empty file to
 * migrate (*version 0) or a baton database of a version we know. */
static int inspect(struct store *st, int64_t *version, struct err *e)
{
    /* One statement, so one snapshot: read piecemeal, another process's
     * migration could land between the version and the table count. */
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT (SELECT user_version FROM pragma_user_version),"
                                 " (SELECT application_id FROM pragma_application_id),"
                                 " (SELECT count(*) FROM sqlite_master),"
                                 " (SELECT count(*) FROM sqlite_master"
                                 "   WHERE type = 'table' AND name = 'meta')",
                                 NULL);
    int step = s ? sqlite3_step(s) : SQLITE_ERROR;
    if (step != SQLITE_ROW) {
        int code = sqlite3_extended_errcode(st->db) & 0xff;
        char msg[256];
        snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(st->db));
        /* A full disk fails the -shm file's growth: not a damaged file. */
        int full = sq_space_error(st, e, "opening the database");
        sq_done(s);
        if (full)
            return full;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            return err_set(e, ERR_RUNTIME,
                           "%s: the database stayed locked by another process; try again",
                           st->path);
        if (code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_CANTOPEN)
            return err_set(e, ERR_DENIED, "%s: %s (check the file's permissions)", st->path, msg);
        return err_set(e, ERR_RUNTIME, "%s: damaged or not a database (%s); refusing to touch it",
                       st->path, msg);
    }
    int64_t uv = sqlite3_column_int64(s, 0), app = sqlite3_column_int64(s, 1),
            objects = sqlite3_column_int64(s, 2), meta = sqlite3_column_int64(s, 3);
    sq_done(s);
    if (uv > STORE_SCHEMA_VERSION)
        return err_set(e, ERR_RUNTIME,
                       "%s: schema version %lld is newer than this baton knows (%d); upgrade baton",
                       st->path, (long long)uv, STORE_SCHEMA_VERSION);
    if ((app != 0 && app != SCHEMA_APPLICATION_ID) || (uv == 0 && objects > 0) ||
        (uv > 0 && !meta))
        return err_set(e, ERR_RUNTIME,
                       "%s: an SQLite database, but not baton's; refusing to touch it (check --db)",
                       st->path);
    *version = uv;
    return 0;
}

/* Several processes may start at once on a new file: the version is read
 * again under the write lock, so exactly one of them migrates. */
static int migrate_tx(struct store *st, void *arg, struct err *e)
{
    int64_t uv = 0;
    int rc = query_int(st, "PRAGMA user_version", &uv, e);
    if (!rc && uv > STORE_SCHEMA_VERSION)
        rc = err_set(e, ERR_RUNTIME,
                     "%s: schema version %lld is newer than this baton knows (%d); upgrade baton",
                     st->path, (long long)uv, STORE_SCHEMA_VERSION);
    for (int64_t v = uv; !rc && v < schema_migration_count; v++) {
        rc = sq_exec(st, schema_migrations[v], e);
        if (rc)
            err_set(e, ERR_RUNTIME, "%s: upgrading the schema to version %lld failed: %s",
                    st->path, (long long)v + 1, e->msg);
    }
    if (!rc && uv < schema_migration_count) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", schema_migration_count);
        rc = sq_exec(st, sql, e);
    }
    return rc;
}

/* With $BATON_SQL_PROFILE naming a file, every statement appends
 * "MICROSECONDS<TAB>SQL" to it: what a benchmark's time is made of. */
static int profile_line(unsigned type, void *ctx, void *p, void *x)
{
    struct store *st = ctx;
    if (type == SQLITE_TRACE_PROFILE && st->profile) {
        char *sql = sqlite3_expanded_sql(p);
        fprintf(st->profile, "%lld\t%.300s\n", (long long)(*(sqlite3_int64 *)x / 1000),
                sql ? sql : sqlite3_sql(p));
        sqlite3_free(sql);
    }
    return 0;
}

static int key_collate(void *ctx, int na, const void *a, int nb, const void *b)
{
    (void)ctx;
    return str_key_ncmp(a, (size_t)na, b, (size_t)nb);
}

/* Connection settings that hold per connection, set before any transaction. */
static int configure(struct store *st, struct err *e)
{
    if (st->profile)
        sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, profile_line, st);
    if (sqlite3_extended_result_codes(st->db, 1) != SQLITE_OK ||
        sqlite3_busy_handler(st->db, busy_wait, st) != SQLITE_OK)
        return sq_error(st, e, "setting up the connection");
    /* Keys in the order people read them (B-2 before B-10): only queries
     * name it, never the schema, so other programs can still write. */
    if (sqlite3_create_collation(st->db, "baton_key", SQLITE_UTF8, NULL, key_collate) != SQLITE_OK)
        return sq_error(st, e, "setting up the connection");
    int rc = sq_exec(st, "PRAGMA foreign_keys = ON", e);
    /* Statement journals (a statement whose triggers write many rows) and
     * sorts stay in memory: in temporary files the roll-up's triggers made
     * tens of thousands of small writes for one change of day. */
    if (!rc)
        rc = sq_exec(st, "PRAGMA temp_store = MEMORY", e);
    return rc;
}

/* WAL and its companions; only for a file we have decided to keep. */
static int configure_wal(struct store *st, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, "PRAGMA journal_mode = WAL", e);
    if (!s)
        return -ERR_RUNTIME;
    /* Leaving rollback mode needs the file to itself, and SQLite reports a
     * clash at once instead of calling the busy handler: when several
     * processes open a new file together, retry for the usual 5 s. */
    int64_t started = mono_us();
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_BUSY && mono_us() - started < BUSY_LIMIT_US) {
        (void)sqlite3_reset(s);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    bool wal = mode && strcmp(mode, "wal") == 0;
    if (rc != SQLITE_ROW) {
        rc = sq_error(st, e, "switching to WAL");
        sq_done(s);
        return rc;
    }
    sq_done(s);
    if (!wal)
        return err_set(e, ERR_RUNTIME, "%s: cannot switch the database to WAL mode", st->path);
    rc = sq_exec(st, "PRAGMA synchronous = NORMAL", e);
    if (!rc)
        rc = sq_exec(st, "PRAGMA journal_size_limit = 4194304", e);
    return rc;
}

/* Makes the file a new database will live in, and says whether this
 * process made it (another one starting at the same time may have). */
static bool create_new(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* A database this process made and could not set up (a full disk) is
 * removed again, so no empty file is left behind: only while it holds no
 * schema and no log, so that another process which opened the same new
 * file and succeeded keeps what it wrote. */
static void forget_new(const char *path)
{
    struct stat sb;
    char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
    bool wal_empty = stat(wal, &sb) != 0 || sb.st_size == 0;
    if (wal_empty && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && store_file_schema(path) == 0) {
        (void)unlink(path);
        (void)unlink(wal);
        (void)unlink(shm);
    }
    free(wal);
    free(shm);
}

/* The profile is an optional file of the user's: opened with their rights
 * only, and skipped with a warning when that fails. */
static FILE *open_profile(void)
{
    const char *path = getenv("BATON_SQL_PROFILE");
    if (str_empty(path))
        return NULL;
    FILE *f = fopen(path, "a");
    if (!f) {
        char *shown = utf8_sanitize(path, false); /* the environment's text, shown */
        fprintf(stderr, "baton: warning: BATON_SQL_PROFILE %s: %s; not profiling\n", shown,
                strerror(errno));
        free(shown);
    }
    return f;
}

static int open_store(struct store **out, const char *path, int flags, FILE **profile,
                      struct err *e);

/* In secure mode the setgid group is taken only here and in store_close:
 * SQLite opens the database, its -wal and its -shm file while the store
 * opens (inspect() reads, so both are open once it returns) and keeps them
 * open until it closes. */
int store_open(struct store **out, const char *path, int flags, struct err *e)
{
    FILE *profile = open_profile();
    priv_raise();
    int rc = open_store(out, path, flags, &profile, e);
    priv_lower();
    if (profile) /* not taken: the store was refused before it existed */
        fclose(profile);
    return rc;
}

static int open_store(struct store **out, const char *path, int flags, FILE **profile,
                      struct err *e)
{
    *out = NULL;
    bool readonly = flags & STORE_READONLY;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT)
            return err_set(e, errno == EACCES ? ERR_DENIED : ERR_RUNTIME, "%s: %s", path,
                           strerror(errno));
        if (!(flags & STORE_CREATE) || readonly)
            return err_set(e, ERR_USAGE,
                           "%s: no such database; create it with 'baton init --db %s'", path, path);
    } else {
        if (S_ISDIR(sb.st_mode))
            return err_set(e, ERR_USAGE, "%s: is a folder; give the database file's path", path);
        int rc = check_header(path, e);
        if (rc)
            return rc;
    }

    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    st->actor = xstrdup("unknown");
    st->readonly = readonly;
    st->profile = *profile;
    *profile = NULL;
    st->role = ROLE_ADMIN; /* until store_set_rights says otherwise */
    memcpy(st->sla, default_sla, sizeof st->sla);
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!readonly && (flags & STORE_CREATE))
        oflags |= SQLITE_OPEN_CREATE;
    int rc = 0;
    bool created = !readonly && (flags & STORE_CREATE) && create_new(path);
    if (!readonly && !created)
        st->companions_note = store_clear_companions(path);
    if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
        if (!st->db)
            rc = err_set(e, ERR_RUNTIME, "%s: out of memory opening the database", path);
        else if (sq_space_error(st, e, "opening the database"))
            rc = -e->code;
        else if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_CANTOPEN)
            rc = err_set(e, ERR_RUNTIME,
                         "%s: cannot open the database (does its folder exist, and may you "
                         "write there?)",
                         path);
        else
            rc = sq_error(st, e, path);
        goto fail;
    }
    int64_t version = 0;
    rc = configure(st, e);
    if (!rc)
        rc = inspect(st, &version, e);
    /* An empty file becomes a database only when asked to: a read, or a
     * change, never turns a stray empty file into one. */
    if (!rc && (readonly || !(flags & STORE_CREATE)) && version == 0)
        rc = err_set(e, ERR_USAGE, "%s: empty database; create it with 'baton init --db %s'", path,
                     path);
    if (!rc && readonly && version < STORE_SCHEMA_VERSION)
        rc = err_set(e, ERR_RUNTIME,
                     "%s: schema version %lld is older than this baton's (%d); open it once "
                     "read-write to upgrade it",
                     path, (long long)version, STORE_SCHEMA_VERSION);
    /* Roll-ups read every open project and blocker: keep them in memory
     * rather than re-reading pages through the 2 MiB default cache. Set
     * after inspect() because it reads the schema of the file. */
    if (!rc)
        rc = sq_exec(st, "PRAGMA cache_size = " CACHE_SIZE, e);
    if (!rc && !readonly)
        rc = configure_wal(st, e);
    if (!rc && !readonly && version < STORE_SCHEMA_VERSION)
        rc = store_write(st, migrate_tx, NULL, e);
    if (!rc &&
        sqlite3_prepare_v3(st->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                           &st->data_version_stmt, NULL) != SQLITE_OK)
        rc = sq_error(st, e, "preparing the change poll");
    if (rc)
        goto fail;
    *out = st;
    return 0;
fail:
    store_close(st);
    if (created)
        forget_new(path);
    return rc;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    if (st->db) {
        if (st->tx_depth > 0) {
            st->tx_depth = 1;
            store_tx_end(st, -ERR_RUNTIME, NULL);
        }
        if (st->session_id)
            store_presence_leave(st);
        sqlite3_finalize(st->data_version_stmt);
        sq_cache_free(st);
        /* close_v2 cannot fail once every statement is finalized. The last
         * connection removes -wal and -shm: the group's rights again. */
        priv_raise();
        (void)sqlite3_close_v2(st->db);
        priv_lower();
    }
    if (st->profile)
        fclose(st->profile);
    free(st->path);
    free(st->companions_note);
    free(st->actor);
    free(st->view);
    free(st->filter_text);
    free(st->filter_cands);
    flow_memo_free(st);
    for (size_t i = 0; i < st->n_lead_of; i++)
        free(st->lead_of[i]);
    free(st->lead_of);
    free(st);
}

const char *store_path(const struct store *st)
{
    return st->path;
}

void store_set_actor(struct store *st, const char *login)
{
    str_replace(&st->actor, str_empty(login) ? "unknown" : login);
}

const char *store_actor(const struct store *st)
{
    return st->actor;
}

void store_set_sla(struct store *st, const int64_t seconds[5])
{
    for (int i = 1; i <= 4; i++)
        st->sla[i] = seconds[i] > 0 ? seconds[i] : default_sla[i];
}

int64_t store_sla(const struct store *st, int severity)
{
    if (severity < 1 || severity > 4)
        return 0;
    return st->sla[severity];
}

int store_begin(struct store *st, struct err *e)
{
    return store_tx_begin(st, e);
}

int store_commit(struct store *st, struct err *e)
{
    return store_tx_end(st, 0, e);
}

void store_rollback(struct store *st)
{
    store_tx_end(st, -ERR_RUNTIME, NULL);
}

static void restore_settings(struct store *st)
{
    (void)sqlite3_exec(st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    (void)sqlite3_exec(st->db, "PRAGMA cache_size = " CACHE_SIZE, NULL, NULL, NULL);
}

int store_read_begin(struct store *st, struct err *e)
{
    if (!sqlite3_get_autocommit(st->db))
        return 0;
    /* In memory (configure), a sort of every blocker would hold them all;
     * a sort keeps as much in memory as the page cache may hold, and a
     * walk reads each page once: a smaller cache is enough. */
    int rc = sq_exec(st, "PRAGMA temp_store = FILE", e);
    if (!rc)
        rc = sq_exec(st, "PRAGMA cache_size = " LONG_READ_CACHE, e);
    if (!rc)
        rc = sq_exec(st, "BEGIN", e);
    if (rc)
        restore_settings(st);
    if (!rc)
        st->long_read = true;
    return rc;
}

void store_read_end(struct store *st)
{
    if (!st->long_read)
        return;
    st->long_read = false;
    /* a read: nothing to lose */
    (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    restore_settings(st);
}

void store_defer_checkpoints(struct store *st)
{
    if (!st->readonly)
        (void)sqlite3_wal_autocheckpoint(st->db, 0);
}

void store_idle(struct store *st)
{
    if (!st->committed || st->readonly || st->tx_depth > 0)
        return;
    /* PASSIVE never waits: a reader in the way leaves part of the log for
     * the next call, and SQLITE_BUSY is no failure here. */
    int log = 0, done = 0;
    if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) ==
            SQLITE_OK &&
        done >= log)
        st->committed = false;
}

int store_data_version(struct store *st, int64_t *out, struct err *e)
{
    sqlite3_stmt *s = st->data_version_stmt;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        rc = sq_error(st, e, "polling for changes");
        sqlite3_reset(s);
        return rc;
    }
    *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return 0;
}

int store_schema_version(struct store *st)
{
    int64_t v = 0;
    struct err e;
    if (query_int(st, "PRAGMA user_version", &v, &e))
        return -1;
    return (int)v;
}

int store_check(struct store *st, struct strbuf *report, struct err *e)
{
    bool bad = false;
    sqlite3_stmt *s = sq_prepare(st, "PRAGMA integrity_check", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(s, 0);
        if (line && strcmp(line, "ok") == 0) {
            sb_add(report, "integrity: ok\n");
        } else {
            sb_addf(report, "integrity: %s\n", line ? line : "?");
            bad = true;
        }
    }
    sq_done(s);
    if (rc != SQLITE_DONE) {
        sb_addf(report, "integrity: %s\n", sqlite3_errmsg(st->db));
        bad = true;
    }
    s = sq_prepare(st, "PRAGMA foreign_key_check", e);
    if (!s)
        return -ERR_RUNTIME;
    int dangling = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sb_addf(report, "foreign key: %s row %lld refers to a missing %s\n",
                (const char *)sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
                (const char *)sqlite3_column_text(s, 2));
        dangling++;
        bad = true;
    }
    sq_done(s);
    if (rc != SQLITE_DONE) {
        sb_addf(report, "foreign key: %s\n", sqlite3_errmsg(st->db));
        bad = true;
    } else if (!dangling) {
        sb_add(report, "foreign keys: ok\n");
    }
    int v = store_schema_version(st);
    if (v == STORE_SCHEMA_VERSION) {
        int64_t broken = 0;
        if (store_check_model(st, report, &broken, e))
            return -ERR_RUNTIME;
        if (broken) {
            sb_addf(report, "model: %lld row%s break%s the model's rules\n", (long long)broken,
                    broken == 1 ? "" : "s", broken == 1 ? "s" : "");
            bad = true;
        } else {
            sb_add(report, "model: ok\n");
        }
    }
    if (!bad && v == STORE_SCHEMA_VERSION) {
        int64_t wrong = 0;
        if (rollup_verify(st, report, &wrong, e))
            return -ERR_RUNTIME;
        if (wrong > 0) {
            sb_addf(report, "roll-up: %lld stale value%s (baton check --repair recomputes"
                            " them)\n",
                    (long long)wrong, wrong == 1 ? "" : "s");
            bad = true;
        } else if (wrong == 0) {
            sb_add(report, "roll-up: ok\n");
        } else if (wrong == -2) {
            bad = true; /* the reason is in the report */
        }
    }
    sb_addf(report, "schema version: %d (this baton: %d)%s\n", v, STORE_SCHEMA_VERSION,
            v == STORE_SCHEMA_VERSION ? "" : " MISMATCH");
    if (v != STORE_SCHEMA_VERSION)
        bad = true;
    if (bad)
        return err_set(e, ERR_RUNTIME, "%s: the database check found problems", st->path);
    return 0;
}

int store_check_quick(struct store *st, struct strbuf *report, struct err *e)
{
    sb_add(report, "integrity: not checked (--quick)\nforeign keys: not checked (--quick)\n");
    int v = store_schema_version(st);
    bool bad = v != STORE_SCHEMA_VERSION;
    if (!bad) {
        int64_t wrong = 0;
        if (rollup_verify_quick(st, report, &wrong, e))
            return -ERR_RUNTIME;
        if (wrong > 0)
            sb_addf(report, "roll-up: %lld inconsistent count%s (baton check --repair recomputes"
                            " them)\n",
                    (long long)wrong, wrong == 1 ? "" : "s");
        else
            sb_add(report, "roll-up: consistent (its values against the rows: not checked)\n");
        bad = wrong > 0;
    }
    sb_addf(report, "schema version: %d (this baton: %d)%s\n", v, STORE_SCHEMA_VERSION,
            v == STORE_SCHEMA_VERSION ? "" : " MISMATCH");
    if (bad)
        return err_set(e, ERR_RUNTIME, "%s: the database check found problems", st->path);
    return 0;
}

int store_repair(struct store *st, struct err *e)
{
    return rollup_rebuild(st, e);
}

/* The meta value key holds ('' when none); the caller frees it. */
static char *meta_get(struct store *st, const char *key)
{
    struct err e;
    sqlite3_stmt *s = sq_prepare(st, "SELECT value FROM meta WHERE key = ?1", &e);
    if (!s)
        return NULL;
    char *v = sq_bind_text(s, 1, key) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW
                  ? sq_col_text(s, 0)
                  : NULL;
    sq_done(s);
    return v;
}

/* What an organisation-wide setting in meta is called: its key, the
 * field its audit rows name, and the words of its messages. */
struct org_setting {
    const char *key, *field, *doing, *saving;
};

static const struct org_setting org_name_setting = {
    "organisation", "name", "renaming the organisation", "saving the organisation's name"};
static const struct org_setting org_zone_setting = {
    "timezone", "timezone", "setting the organisation's time zone",
    "saving the organisation's time zone"};

/* A setting and its new value. */
struct org_value {
    const struct org_setting *k;
    const char *value;
};

static int org_setting_tx(struct store *st, void *arg, struct err *e)
{
    const struct org_setting *k = ((struct org_value *)arg)->k;
    const char *value = ((struct org_value *)arg)->value;
    char *old = meta_get(st, k->key);
    int rc = sq_run(st,
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (const char *const[]){k->key, value}, NULL, 2, k->saving, e);
    if (!rc)
        rc = audit_change(st, "organisation", 0, NULL, k->field, old ? old : "", value, e);
    free(old);
    return rc;
}

/* Sets a setting (admin only) with its audit row, in one transaction. */
static int org_setting_set(struct store *st, const struct org_setting *k, const char *value,
                           struct err *e)
{
    int rc = store_authorize(st, PERM_ADMIN, NULL, NULL, k->doing, e);
    return rc ? rc : store_write(st, org_setting_tx, &(struct org_value){k, value}, e);
}

char *store_org_name(struct store *st)
{
    return meta_get(st, org_name_setting.key);
}

int store_set_org_name(struct store *st, const char *name, struct err *e)
{
    int rc = text_check(TEXT_NAME, "organisation name", name, e);
    return rc ? rc : org_setting_set(st, &org_name_setting, name ? name : "", e);
}

char *store_org_timezone(struct store *st)
{
    char *v = meta_get(st, org_zone_setting.key);
    if (str_empty(v)) {
        free(v);
        v = xstrdup("UTC");
    }
    return v;
}

int store_set_org_timezone(struct store *st, const char *zone, struct err *e)
{
    struct tzone *z = NULL;
    int rc = tzone_load(zone, false, &z, e);
    tzone_free(z);
    return rc ? rc : org_setting_set(st, &org_zone_setting, zone, e);
}

/* "pts/3" for the terminal this process talks to, or NULL. */
static const char *terminal_name(void)
{
    const int fds[] = {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        const char *t = isatty(fds[i]) ? ttyname(fds[i]) : NULL;
        if (t)
            return strncmp(t, "/dev/", 5) == 0 ? t + 5 : t;
    }
    return NULL;
}

/* A cockpit on this host that was killed (SIGKILL, a crash) cannot say
 * goodbye: forget it at once rather than after the expiry window, so its
 * owner's next cockpit is not taken for someone else (a stand-up it ran is
 * then resumed, not followed). Only this host's pids can be asked. */
static int forget_dead_neighbours(struct store *st, struct err *e)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
        return 0;
    sqlite3_stmt *s = sq_prepare(st, "SELECT id, pid FROM session WHERE host = ?1 AND id <> ?2", e);
    if (!s)
        return -ERR_RUNTIME;
    int64_t dead[64];
    size_t n = 0;
    int step;
    if (sq_bind_text(s, 1, host) || sq_bind_int(s, 2, st->session_id)) {
        sq_done(s);
        return sq_error(st, e, "reading presence");
    }
    while ((step = sqlite3_step(s)) == SQLITE_ROW && n < sizeof dead / sizeof dead[0]) {
        pid_t pid = (pid_t)sqlite3_column_int64(s, 1);
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH)
            dead[n++] = sqlite3_column_int64(s, 0);
    }
    sq_done(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return sq_error(st, e, "reading presence");
    for (size_t i = 0; i < n; i++) {
        s = sq_prepare(st, "DELETE FROM session WHERE id = ?1", e);
        if (!s)
            return -ERR_RUNTIME;
        int rc = 0;
        if (sq_bind_int(s, 1, dead[i]) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "forgetting a closed session");
        sq_done(s);
        if (rc)
            return rc;
    }
    return 0;
}

int store_presence_beat(struct store *st, struct err *e)
{
    int64_t before = (int64_t)sqlite3_total_changes64(st->db);
    int rc = store_tx_begin(st, e);
    if (rc)
        return rc;
    btime now = time_now();
    char at[32], expired[32];
    time_fmt_iso(now, at);
    time_fmt_iso(now - PRESENCE_WINDOW, expired);
    sqlite3_stmt *s;
    if (st->session_id) {
        s = sq_prepare(st, "UPDATE session SET heartbeat_at = ?1, view = ?3 WHERE id = ?2", e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, at) || sq_bind_int(s, 2, st->session_id) ||
                 sq_bind_text(s, 3, st->view) || sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "refreshing presence");
        else if (sqlite3_changes(st->db) == 0)
            st->session_id = 0; /* expired and cleaned up by someone else's beat */
        sq_done(s);
    }
    if (!rc && !st->session_id) {
        char host[256] = "";
        if (gethostname(host, sizeof host - 1) != 0)
            host[0] = '\0';
        s = sq_prepare(st,
                       "INSERT INTO session (login, pid, host, started_at, heartbeat_at, tty, view)"
                       " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                       e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, st->actor) || sq_bind_int(s, 2, (int64_t)getpid()) ||
                 sq_bind_text(s, 3, host[0] ? host : NULL) || sq_bind_text(s, 4, at) ||
                 sq_bind_text(s, 5, terminal_name()) || sq_bind_text(s, 6, st->view) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "recording presence");
        else
            st->session_id = sqlite3_last_insert_rowid(st->db);
        sq_done(s);
    }
    /* A process that died never left: its row goes once its heartbeat is
     * older than the window in which it would count as present. */
    if (!rc) {
        s = sq_prepare(st, "DELETE FROM session WHERE heartbeat_at < ?1 AND id <> ?2", e);
        if (!s)
            rc = -ERR_RUNTIME;
        else if (sq_bind_text(s, 1, expired) || sq_bind_int(s, 2, st->session_id) ||
                 sqlite3_step(s) != SQLITE_DONE)
            rc = sq_error(st, e, "forgetting expired presence");
        sq_done(s);
    }
    if (!rc)
        rc = forget_dead_neighbours(st, e);
    rc = store_tx_end(st, rc, e);
    if (rc)
        st->session_id = 0;
    st->presence_changes += (int64_t)sqlite3_total_changes64(st->db) - before;
    return rc;
}

static int set_view_tx(struct store *st, void *arg, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, "UPDATE session SET view = ?2 WHERE id = ?1", e);
    int rc = 0;
    if (!s)
        rc = -ERR_RUNTIME;
    else if (sq_bind_int(s, 1, st->session_id) || sq_bind_text(s, 2, st->view) ||
             sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "recording what you look at");
    sq_done(s);
    return rc;
}

int store_presence_set_view(struct store *st, const char *what, struct err *e)
{
    const char *view = str_empty(what) ? NULL : what;
    if (str_eq(st->view, view))
        return 0;
    str_replace(&st->view, view);
    if (!st->session_id || st->readonly)
        return 0;
    int64_t before = (int64_t)sqlite3_total_changes64(st->db);
    int rc = store_write(st, set_view_tx, NULL, e);
    st->presence_changes += (int64_t)sqlite3_total_changes64(st->db) - before;
    return rc;
}

/* A session as store_presence_list reads it, its columns in this order. */
#define PRESENCE_FIELD(m, t) ROW_FIELD(struct presence, m, t)
static const struct entity_field presence_field_v[] = {
    PRESENCE_FIELD(login, FT_TEXT),      PRESENCE_FIELD(host, FT_TEXT),
    PRESENCE_FIELD(tty, FT_TEXT),        PRESENCE_FIELD(view, FT_TEXT),
    PRESENCE_FIELD(started_at, FT_TIME), PRESENCE_FIELD(heartbeat_at, FT_TIME),
    PRESENCE_FIELD(pid, FT_ID),
};
static const struct entity presence_entity =
    ROW_ENTITY(presence, presence_field_v);

int store_presence_list(struct store *st, struct presence **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char cutoff[32];
    time_fmt_iso(time_now() - PRESENCE_WINDOW, cutoff);
    sqlite3_stmt *s = sq_prepare(st,
                                 "SELECT login, host, tty, view, started_at, heartbeat_at, pid"
                                 " FROM session WHERE heartbeat_at >= ?1 AND id <> ?2"
                                 " ORDER BY login, started_at, id",
                                 e);
    if (!s)
        return -ERR_RUNTIME;
    if (sq_bind_text(s, 1, cutoff) || sq_bind_int(s, 2, st->session_id)) {
        sq_done(s);
        return sq_error(st, e, "reading who is here");
    }
    return sq_collect_entity(st, s, &presence_entity, out, n, "reading who is here", e);
}

void store_presence_list_free(struct presence *v, size_t n)
{
    entity_list_free(&presence_entity, v, n);
}

static int leave_tx(struct store *st, void *arg, struct err *e)
{
    sqlite3_stmt *s = sq_prepare(st, "DELETE FROM session WHERE id = ?1", e);
    int rc = 0;
    if (!s)
        rc = -e->code;
    else if (sq_bind_int(s, 1, st->session_id) || sqlite3_step(s) != SQLITE_DONE)
        rc = sq_error(st, e, "leaving");
    sq_done(s);
    return rc;
}

int store_presence_leave(struct store *st)
{
    if (!st->session_id || st->readonly)
        return 0;
    struct err e;
    err_clear(&e);
    int rc = store_write(st, leave_tx, NULL, &e);
    if (!rc)
        st->session_id = 0;
    return rc;
}

int store_presence_count(struct store *st, int *others, struct err *e)
{
    char cutoff[32];
    time_fmt_iso(time_now() - PRESENCE_WINDOW, cutoff);
    sqlite3_stmt *s =
        sq_prepare(st, "SELECT count(*) FROM session WHERE heartbeat_at >= ?1 AND id <> ?2", e);
    if (!s)
        return -ERR_RUNTIME;
    int rc = 0;
    if (sq_bind_text(s, 1, cutoff) || sq_bind_int(s, 2, st->session_id) ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = sq_error(st, e, "counting who is here");
    else
        *others = sqlite3_column_int(s, 0);
    sq_done(s);
    return rc;
}
