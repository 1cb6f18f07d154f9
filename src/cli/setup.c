/*
 * The dispatcher's set-up before a handler runs: who is acting (the Unix
 * login, never $USER, or --as for root), the configuration and the least
 * role the command needs, which database and how it may be opened (read
 * only, upgraded, created), the person's and the organisation's zones,
 * snoozes due, times typed in options and keys typed in another case.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baton/blocker.h"
#include "baton/cli.h"
#include "baton/priv.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"

static int identity(struct cli *c, struct err *e)
{
    struct passwd *pw = getpwuid(getuid());
    if (!pw)
        return err_set(e, ERR_RUNTIME,
                       "uid %ld has no login in the password database; ask the administrator",
                       (long)getuid());
    gid_t base = pw->pw_gid;
    c->login = xstrdup(pw->pw_name);
    if (c->as) {
        if (getuid() != 0)
            return err_set(e, ERR_DENIED,
                           "only root may act as another login; run without --as %s", c->as);
        str_replace(&c->login, c->as);
        struct passwd *other = getpwnam(c->as);
        base = other ? other->pw_gid : (gid_t)-1;
    }
    size_t n = 0;
    c->groups = xcalloc(1, sizeof *c->groups);
    if (base == (gid_t)-1)
        return 0;
    int ng = 64;
    gid_t *gids = xcalloc((size_t)ng, sizeof *gids);
    if (getgrouplist(c->login, base, gids, &ng) < 0) {
        gids = xrealloc(gids, (size_t)ng * sizeof *gids);
        if (getgrouplist(c->login, base, gids, &ng) < 0)
            ng = 0;
    }
    c->groups = xrealloc(c->groups, ((size_t)ng + 1) * sizeof *c->groups);
    for (int i = 0; i < ng; i++) {
        struct group *g = getgrgid(gids[i]);
        if (g)
            c->groups[n++] = xstrdup(g->gr_name);
    }
    c->groups[n] = NULL;
    free(gids);
    return 0;
}

static int mkdirs(const char *dir, struct err *e)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            int rc = err_set(e, ERR_RUNTIME, "cannot create folder %s: %s", p, strerror(errno));
            free(p);
            return rc;
        }
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0777) < 0 && errno != EEXIST)
        rc = err_set(e, ERR_RUNTIME, "cannot create folder %s: %s", p, strerror(errno));
    free(p);
    return rc;
}

/* Secure mode: the setgid program opens the database the system
 * configuration names and nothing else, so that no one can point it at
 * another file of its group. */
static int secure_db(struct cli *c, struct err *e)
{
    char group[64];
    const char *sys = c->cfg.system_database, *env = getenv("BATON_DB");
    priv_group_name(group, sizeof group);
    if (str_empty(sys))
        return err_set(e, ERR_DENIED,
                       "baton runs setgid to group %s (secure mode) and its database is the one "
                       "%s names, but it names none; ask the administrator to add 'database:'",
                       group, c->system_config);
    const char *other = NULL, *from = NULL, *fix = NULL;
    if (c->db_opt && strcmp(c->db_opt, sys) != 0)
        other = c->db_opt, from = "--db", fix = "leave --db out";
    else if (!str_empty(env) && strcmp(env, sys) != 0)
        other = env, from = "BATON_DB", fix = "unset BATON_DB";
    else if (c->cfg.database && strcmp(c->cfg.database, sys) != 0)
        other = c->cfg.database, from = "your configuration's database:",
        fix = "remove database: from your configuration";
    if (other)
        return err_set(e, ERR_DENIED,
                       "%s names %s, but baton runs setgid to group %s (secure mode) and opens "
                       "only %s, named by %s; %s",
                       from, other, group, sys, c->system_config, fix);
    c->db_path = xstrdup(sys);
    return 0;
}

int cli_resolve_db(struct cli *c, bool create_dirs, struct err *e)
{
    if (c->secure)
        return secure_db(c, e);
    const char *env = getenv("BATON_DB");
    if (c->db_opt)
        c->db_path = xstrdup(c->db_opt);
    else if (!str_empty(env))
        c->db_path = xstrdup(env);
    else if (c->cfg_loaded && !str_empty(c->cfg.database))
        c->db_path = xstrdup(c->cfg.database);
    if (c->db_path)
        return 0;
    /* The per-user default, whose folder baton may create. */
    const char *xdg = getenv("XDG_DATA_HOME");
    char *dir;
    if (!str_empty(xdg) && xdg[0] == '/') {
        dir = xasprintf("%s/baton", xdg);
    } else {
        const char *home = getenv("HOME");
        if (str_empty(home)) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
        if (str_empty(home))
            return err_set(e, ERR_USAGE, "no home folder to keep the database in; use --db PATH");
        dir = xasprintf("%s/.local/share/baton", home);
    }
    c->db_path = xasprintf("%s/baton.db", dir);
    int rc = create_dirs ? mkdirs(dir, e) : 0;
    free(dir);
    return rc;
}

/* Tells the model who is acting: the company-wide role and the
 * departments led, from the configuration's access section. */
static void give_rights(struct cli *c)
{
    enum role role = cli_role(c, NULL);
    const char **led = xcalloc(c->cfg.n_leads + 1, sizeof *led);
    size_t n = 0;
    for (size_t i = 0; role < ROLE_ADMIN && i < c->cfg.n_leads; i++)
        if (cli_role(c, c->cfg.leads[i].department) >= ROLE_LEAD)
            led[n++] = c->cfg.leads[i].department;
    store_set_rights(c->st, role, led, n);
    free(led);
}

/* Upgrading a large database rebuilds indexes and the roll-up: say so
 * rather than sit silent (a million blockers: about 17 s, once). */
static void note_upgrade(const struct cli *c, int flags)
{
    struct stat sb;
    int v = store_file_schema(c->db_path);
    if (!(flags & STORE_READONLY) && v > 0 && v < STORE_SCHEMA_VERSION &&
        stat(c->db_path, &sb) == 0 && sb.st_size > 32 * 1024 * 1024)
        cli_say("upgrading %s from schema %d to %d: a database this large takes a while, once",
                c->db_path, v, STORE_SCHEMA_VERSION);
}

int cli_open_db(struct cli *c, int flags, struct err *e)
{
    note_upgrade(c, flags);
    if (store_open(&c->st, c->db_path, flags, e) < 0)
        return -e->code;
    store_set_actor(c->st, c->login);
    store_set_sla(c->st, c->cfg.sla);
    if (c->cfg_loaded)
        give_rights(c);
    return 0;
}

enum role cli_role(const struct cli *c, const char *dept)
{
    return config_role(&c->cfg, c->login, (const char *const *)c->groups, dept);
}

int cli_require_role(const struct cli *c, const char *dept, enum role need, const char *what,
                     struct err *e)
{
    enum role have = cli_role(c, dept);
    if (have >= need)
        return 0;
    const char *needs = need == ROLE_ADMIN  ? "an admin"
                        : need == ROLE_LEAD ? "a lead"
                                            : "the member role";
    return err_set(e, ERR_DENIED, "permission denied: %s needs %s%s%s (you, %s, are a %s); %s",
                   what, needs, dept ? " of " : "", dept ? dept : "", c->login, role_name(have),
                   need == ROLE_LEAD ? "ask a lead or an admin" : "ask an admin");
}

/* What a shared database's permissions say, before it is opened: a file
 * or folder anyone may write is reported (one line on stderr, the command
 * goes on); a file this user may only read is opened read-only, so that
 * looking works and every change is refused with exit 3. A setgid folder
 * means a shared database: files baton creates there stay group-writable. */
static void inspect_db(struct cli *c, int *flags)
{
    struct stat sb;
    if (stat(c->db_path, &sb) < 0)
        return; /* store_open says what is wrong */
    char *copy = xstrdup(c->db_path);
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    if (slash && slash != copy)
        *slash = '\0';
    struct stat db;
    if (stat(dir, &db) == 0) {
        if ((db.st_mode & S_IWOTH) && !(db.st_mode & S_ISVTX))
            cli_say("warning: folder %s is writable by everyone: anyone could replace the "
                    "database; run 'chmod o-w %s'",
                    dir, dir);
        if (db.st_mode & S_ISGID)
            umask(007);
    }
    if (sb.st_mode & S_IWOTH)
        cli_say("warning: %s is writable by everyone: anyone could change or destroy it; run "
                "'chmod o-rw %s'",
                c->db_path, c->db_path);
    /* In secure mode the user's own rights on the file do not matter:
     * baton reaches it through its group. */
    if (!c->secure && !(*flags & STORE_READONLY) && access(c->db_path, W_OK) < 0 &&
        access(c->db_path, R_OK) == 0) {
        *flags = (*flags & ~STORE_CREATE) | STORE_READONLY;
        c->readonly_fallback = true;
    }
    free(copy);
}

/* Commands that read or change blockers (lists, roll-ups, minutes). */
static const char *const blocker_readers[] = {"blocker", "project", "department", "standup",
                                              "report",  "export",  "flow"};

/* Snoozed blockers whose time came wake before a command looks at or
 * changes blockers, so that what it shows or refuses is current. Looking
 * works on a read-only store too: waking is skipped there, and a failure
 * to wake (a busy database) is left for the next command rather than
 * failing this one. */
static void wake_snoozes(struct cli *c)
{
    if (!c->cmd || !c->st || store_readonly(c->st))
        return;
    bool reads = false;
    for (size_t i = 0; i < sizeof blocker_readers / sizeof *blocker_readers; i++)
        reads |= strcmp(c->cmd->name, blocker_readers[i]) == 0;
    if (!reads)
        return;
    struct err ignore;
    err_clear(&ignore);
    int woken = 0;
    (void)blocker_wake_due(c->st, &woken, &ignore);
}

int cli_setup_zones(struct cli *c, struct err *e)
{
    char *name = store_org_timezone(c->st);
    struct tzone *z = NULL;
    struct err why;
    int rc = tzone_load(name, false, &z, &why);
    if (rc < 0)
        err_set(e, ERR_RUNTIME,
                "the organisation's time zone: %s (or change 'timezone:' in the organisation "
                "file and import it)",
                why.msg);
    free(name);
    if (rc < 0)
        return -ERR_RUNTIME;
    time_set_org_zone(z);
    return time_setup_user_zone(c->cfg.timezone, e);
}

/* Typed times and dates, read in the person's zone now that it is known,
 * become the UTC time (or the date) every handler takes. */
static int resolve_times(struct cli *c, struct err *e)
{
    size_t n = c->cmd ? cli_opt_count(c->cmd->opts) : 0;
    for (size_t i = 0; i < n; i++) {
        const struct cli_opt *o = &c->cmd->opts[i];
        const char *v = c->vals[i];
        if (!v || (o->type != OPT_TIME && o->type != OPT_DATE) || (o->type == OPT_DATE && !*v))
            continue;
        struct err why;
        int rc;
        if (o->type == OPT_TIME) {
            btime t;
            rc = time_input(v, time_now(), &t, &why);
            if (!rc)
                time_fmt_iso(t, c->times[i]);
        } else {
            rc = time_input_date(v, time_now(), c->times[i], &why);
        }
        if (rc < 0)
            return err_set(e, ERR_USAGE, "--%s: %s", o->name, why.msg);
        c->vals[i] = c->times[i];
    }
    return 0;
}

/* What kind of key a command's KEY argument and each key-valued option
 * name: the first word of the command, and DEPT for departments. */
static const struct {
    const char *name;
    enum store_key_kind kind;
} key_args[] = {
    {"blocker", STORE_KEY_BLOCKER},
    {"project", STORE_KEY_PROJECT},
    {"indicator", STORE_KEY_INDICATOR},
    {"department", STORE_KEY_DEPARTMENT},
    {"objective", STORE_KEY_OBJECTIVE},
};
static const struct {
    const char *option, *metavar;
    enum store_key_kind kind;
} key_opts[] = {
    {NULL, "DEPT", STORE_KEY_DEPARTMENT},
    {"project", "KEY", STORE_KEY_PROJECT},
    {"of", "KEY", STORE_KEY_BLOCKER},
    {"depends-on", "KEYS", STORE_KEY_PROJECT},
    {"indicator", "KEY", STORE_KEY_INDICATOR},
    {"parent", "KEY", STORE_KEY_OBJECTIVE},
    {"serves", "KEYS", STORE_KEY_OBJECTIVE},
};

/* *v (a key, or keys separated by commas) with each key that names
 * nothing exactly replaced by its one match regardless of case. */
static int resolve_one(struct cli *c, enum store_key_kind kind, const char **v, char **keep,
                       struct err *e)
{
    struct strbuf sb;
    sb_init(&sb);
    bool changed = false;
    int rc = 0;
    for (const char *p = *v; !rc;) {
        size_t n = strcspn(p, ",");
        char *key = xstrndup(p, n), *found = NULL;
        rc = store_key_resolve(c->st, kind, key, &found, e);
        sb_add(&sb, found ? found : key);
        changed |= found != NULL;
        free(found);
        free(key);
        if (!p[n])
            break;
        sb_addc(&sb, ',');
        p += n + 1;
    }
    if (!rc && changed) {
        *keep = xstrdup(sb_str(&sb));
        *v = *keep;
    }
    sb_fini(&sb);
    return rc;
}

/* "b-3" is B-3: keys typed in another case than stored, and matching one
 * key only, become that key before the command runs. A new key (the KEY
 * of an add) stays as typed: the model refuses it when it differs from
 * another only in case. */
static int resolve_keys(struct cli *c, struct err *e)
{
    const struct cli_cmd *cmd = c->cmd;
    int rc = 0;
    for (size_t k = 0; !rc && c->n_args && strncmp(cmd->args, "KEY", 3) == 0 &&
                       !str_eq(cmd->verb, "add") && k < sizeof key_args / sizeof *key_args;
         k++)
        if (strcmp(cmd->name, key_args[k].name) == 0)
            rc = resolve_one(c, key_args[k].kind, &c->args[0], &c->resolved[0], e);
    for (size_t i = 0; !rc && i < cli_opt_count(cmd->opts); i++) {
        const struct cli_opt *o = &cmd->opts[i];
        for (size_t k = 0; c->vals[i] && *c->vals[i] && k < sizeof key_opts / sizeof *key_opts;
             k++)
            if ((!key_opts[k].option || strcmp(key_opts[k].option, o->name) == 0) &&
                str_eq(key_opts[k].metavar, o->metavar)) {
                rc = resolve_one(c, key_opts[k].kind, &c->vals[i], &c->resolved[CLI_MAX_ARGS + i],
                                 e);
                break;
            }
    }
    return rc;
}

int cli_setup(struct cli *c, enum cli_need need, enum action action, struct err *e)
{
    if (need == NEED_NOTHING)
        return 0;
    if (identity(c, e) < 0)
        return -e->code;
    config_init(&c->cfg);
    c->cfg_loaded = true;
    if (config_load(&c->cfg, c->system_config, c->config_opt, e) < 0)
        return -e->code;
    if (c->theme)
        str_replace(&c->cfg.theme, c->theme);
    enum role role = perm_role(store_action(action)->perm);
    if (c->cmd && role > ROLE_VIEWER) {
        char title[64], what[96];
        cli_cmd_title(c->cmd, title, sizeof title);
        snprintf(what, sizeof what, "running 'baton %s'", title);
        if (cli_require_role(c, NULL, role, what, e) < 0)
            return -e->code;
    }
    if (need == NEED_CONFIG)
        return time_setup_user_zone(c->cfg.timezone, e);
    if (cli_resolve_db(c, need == NEED_DB_CREATE, e) < 0)
        return -e->code;
    int flags = need == NEED_DB_CREATE ? STORE_CREATE : need == NEED_DB_READ ? STORE_READONLY : 0;
    inspect_db(c, &flags);
    struct stat before;
    bool existed = stat(c->db_path, &before) == 0;
    if (cli_open_db(c, flags, e) == 0) {
        c->db_created = !existed && (flags & STORE_CREATE);
        if (cli_setup_zones(c, e) < 0)
            return -e->code;
        wake_snoozes(c);
        if (c->cmd && resolve_keys(c, e) < 0)
            return -e->code;
        return resolve_times(c, e);
    }
    if (c->readonly_fallback && e->code == ERR_DENIED)
        return err_set(e, ERR_DENIED,
                       "%s: you may only read it, and its folder lets you create no -wal and "
                       "-shm files, so it cannot be opened; ask for write access to the folder",
                       c->db_path);
    return -e->code;
}
