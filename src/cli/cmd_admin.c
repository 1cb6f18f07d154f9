/*
 * Subcommands that look after the database and the organisation as a
 * whole: init, demo, import, export, check, config check and whoami.
 * Exports other than YAML (the organisation file itself) are rendered here,
 * one section per entity, each row written as it is read: a million
 * blockers never sit in memory at once.
 */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baton/blocker.h"
#include "baton/cfgcheck.h"
#include "baton/cli.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/orgfile.h"
#include "baton/project.h"
#include "baton/utf8.h"
#include "baton/view.h"

/* ---- init ---- */

static char *parent_dir(const char *path)
{
    char *copy = xstrdup(path);
    char *dir = xstrdup(dirname(copy));
    free(copy);
    return dir;
}

/* A shared database lives in a folder of its own, setgid to the group, so
 * that the -wal and -shm files every member creates stay in the group. */
static int shared_folder(const char *dir, const char *group, gid_t *gid, struct err *e)
{
    struct group *g = getgrnam(group);
    if (!g)
        return err_set(e, ERR_USAGE, "no group '%s'; create it (groupadd %s) or name another",
                       group, group);
    *gid = g->gr_gid;
    struct stat sb;
    if (stat(dir, &sb) < 0) {
        if (errno != ENOENT)
            return err_set(e, ERR_RUNTIME, "cannot read folder %s: %s", dir, strerror(errno));
        if (mkdir(dir, 0770) < 0)
            return err_set(e, ERR_RUNTIME, "cannot create folder %s: %s", dir, strerror(errno));
        if (chown(dir, (uid_t)-1, *gid) < 0 || chmod(dir, 02770) < 0)
            return err_set(e, ERR_DENIED, "cannot give folder %s to group %s: %s", dir, group,
                           strerror(errno));
        return 0;
    }
    if (!S_ISDIR(sb.st_mode))
        return err_set(e, ERR_USAGE, "%s is not a folder; choose another --db", dir);
    /* An existing folder is never changed behind its owner's back. */
    if (sb.st_gid != *gid || (sb.st_mode & 07777) != 02770)
        return err_set(e, ERR_USAGE,
                       "folder %s is not set up for group %s; run 'chgrp %s %s && chmod 2770 %s' "
                       "or use --db in a new folder",
                       dir, group, group, dir, dir);
    return 0;
}

/* An empty file, or an SQLite file with nothing in it yet and no log
 * beside it (the header is read as store_open would). */
static bool empty_db_file(const char *path)
{
    struct stat sb;
    char *wal = xasprintf("%s-wal", path);
    bool log = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    if (log || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    return sb.st_size == 0 || store_file_schema(path) == 0;
}

/* The program's own path, for the commands that make it setgid. */
static char *own_path(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return xstrdup("$(command -v baton)");
    buf[n] = '\0';
    return xstrdup(buf);
}

/* Secure mode: what is left for the administrator, as commands to run. */
static void print_secure_steps(struct cli *c, const char *group)
{
    char *self = own_path();
    char *dir = parent_dir(c->db_path);
    fprintf(c->out,
            "created %s for secure mode: folder %s (2770 root:%s), database 0660\n"
            "To finish, as root:\n"
            "  chown root:%s %s && chmod 2755 %s\n"
            "  put 'database: %s' and the roles (access:) in %s, owned by root and writable "
            "by no one else\n"
            "People who use baton must not be members of %s: the setgid baton reaches the "
            "database for them, through their roles. Run the chmod again after reinstalling "
            "baton.\n",
            c->db_path, dir, group, group, self, self, c->db_path, c->system_config, group);
    free(dir);
    free(self);
}

int cmd_init(struct cli *c, struct err *e)
{
    bool shared = cli_flag(c, "shared"), secure = cli_flag(c, "secure");
    const char *group = cli_opt(c, "group");
    if (shared && secure)
        return err_set(e, ERR_USAGE,
                       "--shared and --secure are two ways to share a database; choose one");
    if (group && !shared && !secure)
        return err_set(e, ERR_USAGE,
                       "--group goes with --shared or --secure; add one or leave it out");
    if ((shared || secure) && !group)
        return err_set(e, ERR_USAGE, "--%s needs --group GROUP, the database's Unix group",
                       shared ? "shared" : "secure");
    if (secure && getuid() != 0)
        return err_set(e, ERR_DENIED,
                       "init --secure makes a folder and a database only root may change; run "
                       "it as root");
    shared |= secure;
    if (cli_resolve_db(c, !shared, e) < 0)
        return -e->code;
    struct stat sb;
    if (stat(c->db_path, &sb) == 0 && !empty_db_file(c->db_path)) {
        /* Opened as every command opens it: an older schema is brought
         * forward, anything else is refused untouched. An empty file (made
         * by ': >', touch, or an init that the disk stopped half-way) is a
         * database to create. */
        if (cli_open_db(c, 0, e) < 0)
            return -e->code;
        fprintf(c->out, "%s: already a baton database (schema %d)\n", c->db_path,
                store_schema_version(c->st));
        return 0;
    }
    char *dir = parent_dir(c->db_path);
    gid_t gid = (gid_t)-1;
    int rc = 0;
    bool setgid_dir = false;
    if (shared) {
        rc = shared_folder(dir, group, &gid, e);
        if (rc == 0 && secure && stat(dir, &sb) == 0 && sb.st_uid != 0)
            rc = err_set(e, ERR_USAGE,
                         "folder %s is not root's, so its owner could open it to anyone; run "
                         "'chown root %s' or use --db in a new folder",
                         dir, dir);
        umask(007);
    } else if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        rc = err_set(e, ERR_USAGE, "folder %s does not exist; create it or choose another --db",
                     dir);
    } else if (sb.st_mode & S_ISGID) {
        /* A folder set up for sharing: what is made in it is the group's. */
        setgid_dir = true;
        umask(007);
    }
    free(dir);
    if (rc < 0)
        return rc;
    if (cli_open_db(c, STORE_CREATE, e) < 0)
        return -e->code;
    if (setgid_dir && chmod(c->db_path, 0660) < 0)
        return err_set(e, ERR_DENIED, "cannot make %s group-writable: %s", c->db_path,
                       strerror(errno));
    if (shared) {
        /* New files get 0644 minus the umask: group write has to be given. */
        const char *suffix[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            char *p = xasprintf("%s%s", c->db_path, suffix[i]);
            if (access(p, F_OK) == 0 && (chown(p, (uid_t)-1, gid) < 0 || chmod(p, 0660) < 0))
                rc = err_set(e, ERR_DENIED, "cannot give %s to group %s: %s", p, group,
                             strerror(errno));
            free(p);
        }
        if (rc < 0)
            return rc;
        if (secure)
            print_secure_steps(c, group);
        else
            fprintf(c->out, "created %s, shared by group %s\n", c->db_path, group);
        return 0;
    }
    fprintf(c->out, "created %s\n", c->db_path);
    return 0;
}

/* ---- demo, import ---- */

struct org_counts {
    int64_t departments, projects, blockers, indicators;
};

static int count_org(struct store *st, struct org_counts *n, struct err *e)
{
    struct query q = {0};
    if (department_count(st, &q, &n->departments, e) < 0 ||
        project_count(st, &q, &n->projects, e) < 0 || blocker_count(st, &q, &n->blockers, e) < 0 ||
        indicator_count(st, &q, &n->indicators, e) < 0)
        return -e->code;
    return 0;
}

static void print_counts(struct cli *c, const char *what, const struct org_counts *n)
{
    long long d = n->departments, p = n->projects, b = n->blockers, i = n->indicators;
    fprintf(c->out, "%s: %lld %s, %lld %s, %lld %s, %lld %s\n", what, d,
            view_plural(d, "department", "departments"), p, view_plural(p, "project", "projects"),
            b, view_plural(b, "blocker", "blockers"), i,
            view_plural(i, "indicator", "indicators"));
}

/* The demo organisation file: next to the sources when run from a build,
 * in the data folder once installed. */
static int import_file(struct store *st, const char *path, struct org_counts *n, struct err *e)
{
    struct org o;
    org_init(&o);
    int rc = orgfile_read(path, &o, e);
    if (rc == 0)
        rc = org_import(st, &o, e);
    if (rc == 0) {
        n->departments = (int64_t)o.n_departments;
        n->projects = (int64_t)o.n_projects;
        n->blockers = (int64_t)o.n_blockers;
        n->indicators = (int64_t)o.n_indicators;
    }
    org_fini(&o);
    return rc;
}

/* A failed import or demo into a database it created leaves nothing
 * behind: an empty database would only make the next attempt say the file
 * exists. */
static int discard_created(struct cli *c, int rc)
{
    if (rc >= 0 || !c->db_created || !c->st)
        return rc;
    store_close(c->st);
    c->st = NULL;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char *path = xasprintf("%s%s", c->db_path, suffixes[i]);
        unlink(path);
        free(path);
    }
    return rc;
}

static int demo_run(struct cli *c, struct err *e)
{
    const char *scale = cli_opt(c, "scale");
    if (cli_opt(c, "seed") && !scale)
        return err_set(e, ERR_USAGE, "--seed goes with --scale; add --scale N");
    struct org_counts n = {0};
    if (count_org(c->st, &n, e) < 0)
        return -e->code;
    if (n.departments || n.projects || n.blockers || n.indicators)
        return err_set(e, ERR_USAGE,
                       "%s already holds an organisation (%lld %s, %lld %s); "
                       "demo needs an empty database: use --db NEW.db",
                       c->db_path, (long long)n.departments,
                       view_plural(n.departments, "department", "departments"),
                       (long long)n.projects, view_plural(n.projects, "project", "projects"));
    if (scale) {
        if (store_generate(c->st, cli_opt_long(c, "scale", 0),
                           (unsigned long)cli_opt_long(c, "seed", 1), e) < 0)
            return -e->code;
    } else if (org_load_demo(c->st, NULL, e) < 0) {
        return -e->code;
    }
    if (count_org(c->st, &n, e) < 0)
        return -e->code;
    print_counts(c, c->db_path, &n);
    return 0;
}

int cmd_demo(struct cli *c, struct err *e)
{
    return discard_created(c, demo_run(c, e));
}

int cmd_import(struct cli *c, struct err *e)
{
    struct org_counts n = {0};
    if (import_file(c->st, c->args[0], &n, e) < 0)
        return discard_created(c, -e->code);
    print_counts(c, c->args[0], &n);
    return 0;
}

/* ---- export ---- */

enum { SEC_DEPARTMENTS, SEC_PEOPLE, SEC_PROJECTS, SEC_BLOCKERS, SEC_INDICATORS, SEC_READINGS };

/* A project's own column after those its entity describes. */
static const struct out_col project_cols[] = {{"depends_on", OUT_LIST}};
/* A section being written: rows are rendered and written a batch at a
 * time, so an export holds EXPORT_BATCH rows, not the organisation. */
enum { EXPORT_BATCH = 256, ENTITY_COLS_MAX = 64 };
struct export_sink {
    FILE *f;
    enum out_format fmt;
    bool whole; /* every section in one document, not --only's one table */
    struct out o;
    struct out_stream os;
    struct strbuf sb;
    size_t rows; /* of the section, written so far */
    bool failed;
    /* a section described by an entity: the fields of its columns */
    const struct entity_field *fields[ENTITY_COLS_MAX];
    struct out_col cols[ENTITY_COLS_MAX];
    size_t n_fields;
};

static void sink_flush(struct export_sink *x)
{
    if (!x->o.n_rows)
        return;
    if (x->whole && x->fmt == OUT_JSON) {
        for (size_t r = 0; r < x->o.n_rows; r++) {
            sb_add(&x->sb, x->rows + r ? ",\n    " : "\n    ");
            out_render_json_object(&x->sb, &x->o, r);
        }
    } else {
        out_stream_rows(&x->os, &x->sb, &x->o);
    }
    x->rows += x->o.n_rows;
    out_clear(&x->o);
    if (!x->failed && x->sb.len && fwrite(x->sb.s, 1, x->sb.len, x->f) != x->sb.len)
        x->failed = true;
    sb_clear(&x->sb);
}

/* After each row: write the batch once it is full; stop on a failed write. */
static int sink_row_done(struct export_sink *x, struct err *e)
{
    if (x->o.n_rows >= EXPORT_BATCH)
        sink_flush(x);
    return x->failed ? err_set(e, ERR_RUNTIME, "cannot write the output: %s", strerror(errno))
                     : 0;
}

/* The cells of a row of a section described by an entity, in its
 * columns' order. */
static void put_cells(struct export_sink *x, const void *row)
{
    out_row(&x->o);
    for (size_t k = 0; k < x->n_fields; k++)
        cli_out_field(&x->o, k, x->fields[k], row);
}

/* A row of a section described by an entity. */
static int put_entity(struct export_sink *x, const void *row, struct err *e)
{
    put_cells(x, row);
    return sink_row_done(x, e);
}

/* A project's row: its described cells, then its dependencies. */
static int put_project(void *ctx, const struct project *p, struct err *e)
{
    struct export_sink *x = ctx;
    put_cells(x, p);
    struct strbuf deps;
    sb_init(&deps);
    for (size_t k = 0; k < p->n_depends_on; k++)
        sb_addf(&deps, "%s%s", k ? " " : "", p->depends_on[k]);
    out_set(&x->o, x->n_fields, sb_str(&deps));
    sb_fini(&deps);
    return sink_row_done(x, e);
}

static int put_blocker(void *ctx, const struct blocker *b, struct err *e)
{
    return put_entity(ctx, b, e);
}

static int walk_departments(struct store *st, struct export_sink *x, struct err *e)
{
    struct query q = {.sort = DEPT_SORT_KEY};
    struct department *v = NULL;
    size_t n = 0;
    int rc = department_list(st, &q, &v, &n, e);
    for (size_t i = 0; !rc && i < n; i++)
        rc = put_entity(x, &v[i], e);
    department_list_free(v, n);
    return rc;
}

static int walk_people(struct store *st, struct export_sink *x, struct err *e)
{
    struct query q = {.sort = PERSON_SORT_LOGIN};
    struct person *v = NULL;
    size_t n = 0;
    int rc = person_list(st, &q, &v, &n, e);
    for (size_t i = 0; !rc && i < n; i++)
        rc = put_entity(x, &v[i], e);
    person_list_free(v, n);
    return rc;
}

static int walk_projects(struct store *st, struct export_sink *x, struct err *e)
{
    return project_each(st, false, put_project, x, e);
}

static int walk_blockers(struct store *st, struct export_sink *x, struct err *e)
{
    return blocker_each(st, false, put_blocker, x, e);
}

/* Indicators, or (readings) every indicator's readings in turn. */
static int walk_indicator_list(struct store *st, struct export_sink *x, bool readings,
                               struct err *e)
{
    struct query q = {.sort = IND_SORT_KEY};
    struct indicator *v = NULL;
    size_t n = 0;
    int rc = indicator_list(st, &q, &v, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        if (!readings) {
            rc = put_entity(x, &v[i], e);
            continue;
        }
        struct reading *rs = NULL;
        size_t nrs = 0;
        rc = indicator_readings(st, v[i].key, NULL, 0, &rs, &nrs, e);
        for (size_t k = 0; !rc && k < nrs; k++)
            rc = put_entity(x, &rs[k], e);
        reading_list_free(rs, nrs);
    }
    indicator_list_free(v, n);
    return rc;
}

static int walk_indicators(struct store *st, struct export_sink *x, struct err *e)
{
    return walk_indicator_list(st, x, false, e);
}

static int walk_readings(struct store *st, struct export_sink *x, struct err *e)
{
    return walk_indicator_list(st, x, true, e);
}

struct section {
    const char *name, *title;
    const struct out_col *cols;
    size_t n_cols;
    int (*walk)(struct store *st, struct export_sink *x, struct err *e);
    const struct entity *ent; /* the columns come from it, then cols */
};

#define COLS(a) a, sizeof a / sizeof *a
static const struct section sections[] = {
    [SEC_DEPARTMENTS] = {"departments", "Departments", NULL, 0, walk_departments,
                         &department_entity},
    [SEC_PEOPLE] = {"people", "People", NULL, 0, walk_people, &person_entity},
    [SEC_PROJECTS] = {"projects", "Projects", COLS(project_cols), walk_projects,
                      &project_entity},
    [SEC_BLOCKERS] = {"blockers", "Blockers", NULL, 0, walk_blockers, &blocker_entity},
    [SEC_INDICATORS] = {"indicators", "Indicators", NULL, 0, walk_indicators, &indicator_entity},
    [SEC_READINGS] = {"readings", "Readings", NULL, 0, walk_readings, &reading_entity},
};
#define N_SECTIONS (sizeof sections / sizeof *sections)

/* One section: its heading, its rows as they are read, its end. */
/* The columns of a section described by an entity: a field the
 * organisation file carries, in its order; a sparse one only when a row
 * has it, so that an organisation without it exports as it always did. */
static int entity_cols(struct store *st, struct export_sink *x, const struct entity *ent,
                       struct err *e)
{
    x->n_fields = 0;
    for (size_t i = 0; i < ent->n && x->n_fields < ENTITY_COLS_MAX; i++) {
        const struct entity_field *f = &ent->fields[i];
        bool any = true;
        if (!(f->flags & FL_ORG))
            continue;
        if ((f->flags & FL_SPARSE) && store_entity_any(st, ent, f, &any, e) < 0)
            return -e->code;
        if (!any)
            continue;
        x->fields[x->n_fields] = f;
        x->cols[x->n_fields++] = cli_out_col(f, false);
    }
    return 0;
}

static int export_section(struct store *st, struct export_sink *x, const struct section *sec,
                          bool first, struct err *e)
{
    if (sec->ent) {
        int rc = entity_cols(st, x, sec->ent, e);
        if (rc)
            return rc;
        for (size_t k = 0; k < sec->n_cols && x->n_fields + k < ENTITY_COLS_MAX; k++)
            x->cols[x->n_fields + k] = sec->cols[k];
        out_init(&x->o, x->cols, x->n_fields + sec->n_cols);
    } else {
        out_init(&x->o, sec->cols, sec->n_cols);
    }
    x->rows = 0;
    if (!x->whole)
        out_stream_begin(&x->os, &x->sb, &x->o, x->fmt);
    else if (x->fmt == OUT_JSON)
        sb_addf(&x->sb, ",\n  \"%s\": [", sec->name);
    else if (x->fmt == OUT_CSV) {
        sb_addf(&x->sb, "%s%s\n", first ? "" : "\n", sec->name);
        out_stream_begin(&x->os, &x->sb, &x->o, x->fmt);
    } else {
        sb_addf(&x->sb, "\n## %s\n\n", sec->title);
        out_stream_begin(&x->os, &x->sb, &x->o, x->fmt);
    }
    int rc = sec->walk(st, x, e);
    sink_flush(x);
    if (x->whole && x->fmt == OUT_JSON)
        sb_add(&x->sb, x->rows ? "\n  ]" : "]");
    else
        out_stream_end(&x->os, &x->sb);
    out_fini(&x->o);
    return rc;
}

/* JSON: one object, a member per section holding an array of rows, and
 * the organisation's name and time zone. CSV: the sections one after another, each
 * headed by a line with its name and ended by an empty line (--only gives
 * one plain table). Markdown: a heading and a table per section. */
static int export_rows(struct store *st, FILE *f, enum out_format fmt, const char *only,
                       struct err *e)
{
    struct export_sink x = {.f = f, .fmt = fmt, .whole = !only};
    sb_init(&x.sb);
    char *name = store_org_name(st), *zone = store_org_timezone(st);
    if (fmt == OUT_JSON && !only) {
        sb_add(&x.sb, "{\n  \"organisation\": ");
        out_json_string(&x.sb, str_empty(name) ? NULL : name);
        sb_add(&x.sb, ",\n  \"timezone\": ");
        out_json_string(&x.sb, str_empty(zone) ? "UTC" : zone);
    }
    if (fmt == OUT_MD && !only) {
        sb_add(&x.sb, "# ");
        out_md_cell(&x.sb, str_empty(name) ? "Organisation" : name);
        sb_add(&x.sb, "\n");
    }
    free(name);
    free(zone);
    int rc = 0;
    bool first = true;
    for (size_t s = 0; s < N_SECTIONS && !rc; s++) {
        if (only && strcmp(only, sections[s].name) != 0)
            continue;
        rc = export_section(st, &x, &sections[s], first, e);
        first = false;
    }
    if (fmt == OUT_JSON && !only)
        sb_add(&x.sb, "\n}\n");
    if (!rc && (x.failed || (x.sb.len && fwrite(x.sb.s, 1, x.sb.len, f) != x.sb.len)))
        rc = err_set(e, ERR_RUNTIME, "cannot write the output: %s", strerror(errno));
    sb_fini(&x.sb);
    return rc;
}

/* Writes through a temporary file renamed over path, so that a reader
 * never sees half an export and a failure leaves the old file. */
static int write_export(struct cli *c, const char *fmt, const char *only, const char *path,
                        struct err *e)
{
    FILE *f = c->out;
    char *tmp = NULL;
    if (path) {
        tmp = xasprintf("%s.tmp.XXXXXX", path);
        int fd = mkstemp(tmp);
        if (fd < 0) {
            int rc = err_set(e, ERR_RUNTIME, "cannot write %s: %s", path, strerror(errno));
            free(tmp);
            return rc;
        }
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        f = fdopen(fd, "w");
        if (!f) {
            close(fd);
            unlink(tmp);
            free(tmp);
            return err_set(e, ERR_RUNTIME, "cannot write %s: %s", path, strerror(errno));
        }
    }
    int rc;
    if (strcmp(fmt, "yaml") == 0) {
        rc = org_write(c->st, f, e);
    } else {
        enum out_format of = OUT_JSON;
        out_format_parse(fmt, &of);
        rc = store_read_begin(c->st, e);
        if (!rc) {
            rc = export_rows(c->st, f, of, only, e);
            store_read_end(c->st);
        }
    }
    if (path) {
        if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
            if (rc == 0)
                rc = err_set(e, ERR_RUNTIME, "cannot write %s: %s", path, strerror(errno));
        }
        fclose(f);
        if (rc == 0 && rename(tmp, path) < 0)
            rc = err_set(e, ERR_RUNTIME, "cannot replace %s: %s", path, strerror(errno));
        if (rc < 0)
            unlink(tmp);
        free(tmp);
    }
    return rc;
}

int cmd_export(struct cli *c, struct err *e)
{
    const char *fmt = c->format_s ? c->format_s : "yaml";
    const char *only = cli_opt(c, "only");
    if (only && strcmp(fmt, "yaml") == 0)
        return err_set(e, ERR_USAGE,
                       "--only applies to json, csv and md; add --format csv (or json, md)");
    return write_export(c, fmt, only, cli_opt(c, "output"), e);
}

/* ---- check, config check ---- */

int cmd_check(struct cli *c, struct err *e)
{
    if (cli_flag(c, "repair") && store_repair(c->st, e) < 0)
        return -e->code;
    struct strbuf report;
    sb_init(&report);
    int rc = cli_flag(c, "quick") ? store_check_quick(c->st, &report, e)
                                    : store_check(c->st, &report, e);
    fputs(sb_str(&report), c->out);
    if (report.len && report.s[report.len - 1] != '\n')
        fputc('\n', c->out);
    sb_fini(&report);
    if (rc < 0 && !e->code)
        err_set(e, ERR_RUNTIME, "%s failed its check; restore it from a backup", c->db_path);
    return rc;
}

int cmd_config_check(struct cli *c, struct err *e)
{
    struct config cfg;
    config_init(&cfg);
    str_replace(&cfg.system_file, c->system_config);
    int rc;
    if (c->n_args && strcmp(c->args[0], c->system_config) == 0)
        rc = config_load_system(&cfg, c->args[0], e);
    else if (c->n_args)
        rc = config_load_file(&cfg, c->args[0], e);
    else
        rc = config_load(&cfg, c->system_config, c->config_opt, e);
    /* what the cockpit would refuse at start: keys, layout, theme */
    struct strbuf warn;
    sb_init(&warn);
    if (rc == 0)
        rc = view_check_config(&cfg, &warn, e);
    for (const char *w = sb_str(&warn); *w;) {
        size_t n = strcspn(w, "\n");
        char *line = xstrndup(w, n);
        char *shown = utf8_sanitize(line, !utf8_locale()); /* it quotes the files */
        fprintf(stderr, "%s\n", shown);
        free(shown);
        free(line);
        w += n + (w[n] == '\n');
    }
    sb_fini(&warn);
    if (rc == 0) {
        for (size_t i = 0; i < cfg.n_files; i++)
            fprintf(c->out, "%s: ok\n", cfg.files[i]);
        if (!cfg.n_files && c->n_args)
            fprintf(c->out, "%s: ok\n", c->args[0]);
        else if (!cfg.n_files)
            fprintf(c->out, "no configuration file found; the built-in defaults apply\n");
    }
    config_fini(&cfg);
    return rc;
}

/* ---- whoami ---- */

static bool in_list(const struct cli *c, char *const *logins, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (logins[i][0] != '@') {
            if (strcmp(logins[i], c->login) == 0)
                return true;
            continue;
        }
        for (size_t g = 0; c->groups[g]; g++)
            if (strcmp(logins[i] + 1, c->groups[g]) == 0)
                return true;
    }
    return false;
}

static void add_word(struct strbuf *sb, const char *w)
{
    /* Both sources may name the same department once. */
    const char *p = sb_str(sb);
    size_t n = strlen(w);
    while ((p = strstr(p, w))) {
        if ((p == sb_str(sb) || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return;
        p += n;
    }
    sb_addf(sb, "%s%s", sb->len ? " " : "", w);
}

int cmd_whoami(struct cli *c, struct err *e)
{
    struct strbuf led;
    sb_init(&led);
    for (size_t i = 0; i < c->cfg.n_leads; i++)
        if (in_list(c, c->cfg.leads[i].logins, c->cfg.leads[i].n))
            add_word(&led, c->cfg.leads[i].department);
    /* Departments whose lead the database names: only when there is a
     * database to ask; whoami works without one. */
    struct err quiet;
    if (cli_resolve_db(c, false, &quiet) == 0 && access(c->db_path, F_OK) == 0 &&
        cli_open_db(c, STORE_READONLY, &quiet) == 0) {
        struct department *v = NULL;
        size_t n = 0;
        struct query q = {0};
        if (department_list(c->st, &q, &v, &n, &quiet) == 0)
            for (size_t i = 0; i < n; i++)
                if (str_eq(v[i].lead, c->login))
                    add_word(&led, v[i].key);
        department_list_free(v, n);
    }
    static const struct out_col cols[] = {
        {"login", OUT_STR}, {"role", OUT_STR}, {"departments", OUT_LIST}, {"groups", OUT_LIST}};
    struct out o;
    out_init(&o, cols, 4);
    out_row(&o);
    out_set(&o, 0, c->login);
    /* A lead is a lead of theirs and a member elsewhere: report the
     * highest role, next to the departments it applies to. */
    enum role role = cli_role(c, NULL);
    for (size_t i = 0; i < c->cfg.n_leads; i++) {
        enum role r = cli_role(c, c->cfg.leads[i].department);
        if (r > role)
            role = r;
    }
    out_set(&o, 1, role_name(role));
    out_set(&o, 2, sb_str(&led));
    struct strbuf groups;
    sb_init(&groups);
    for (size_t g = 0; c->groups[g]; g++)
        sb_addf(&groups, "%s%s", g ? " " : "", c->groups[g]);
    out_set(&o, 3, sb_str(&groups));
    cli_emit_record(c, &o);
    out_fini(&o);
    sb_fini(&groups);
    sb_fini(&led);
    return 0;
}
