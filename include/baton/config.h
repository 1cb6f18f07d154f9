/*
 * config: baton's configuration, read from layered YAML files. Every key is
 * declared once in a table (config_keys()) with its type, default,
 * validator and help; unknown keys are errors that suggest the nearest
 * valid key; every error reads "FILE:LINE:COL: message" (ERR_USAGE).
 *
 * Layers, later wins: built-in defaults, the system configuration
 * (/etc/baton/config.yaml unless the build names another),
 * $XDG_CONFIG_HOME/baton/config.yaml (~/.config when unset), --config FILE.
 * Flags are applied on top by the caller.
 *
 * Roles (the access section) come from the system configuration only, and
 * only when the open file, and every folder from / down to it, is owned by
 * root and writable by no one else (no symbolic link on the way). An access
 * section in any other file is refused with ERR_DENIED.
 */
#ifndef BATON_CONFIG_H
#define BATON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/model.h" /* enum role, role_name(), role_parse() */

/* A key binding from the `keys:` section: command name -> key names. The
 * UI checks the command and key names and reports errors at file:line:col. */
struct config_binding {
    char *command;
    char **keys; /* "j", "Down", "C-d", "S-Tab", "F1" ... */
    size_t n_keys;
    char *file;
    int line, col;
};

struct config_lead {
    char *department; /* key */
    char **logins;    /* logins or @groups */
    size_t n;
};

struct config {
    char *database; /* NULL = not set */
    char *timezone; /* the person's zone, an IANA name; NULL = not set */
    char *theme;    /* default "default" */
    int refresh_ms; /* live refresh poll interval, default 500 */
    bool mouse;     /* default true */
    /* layout: a grid of rows x cols panes, filled row by row */
    int layout_rows, layout_cols; /* default 2 x 2 */
    char **panes;                 /* default departments, projects, blockers, indicators */
    size_t n_panes;
    /* stand-up */
    char **standup_order; /* department keys; empty = by sort order */
    size_t n_standup_order;
    int standup_timebox; /* seconds per department, default 90 */
    int standup_horizon; /* no longer used (at risk is one rule, project.h); default 14 */
    /* triage: the decline reasons a digit answers with */
    char **decline_reasons;
    size_t n_decline_reasons;
    /* SLA response times in seconds per severity 1..4 (index 0 unused) */
    int64_t sla[5];
    /* access: absent means everyone is an admin; only the system
     * configuration may have it. */
    bool has_access;
    char *system_file;     /* the system configuration's path (read or not) */
    char *system_database; /* database: as the system configuration set it */
    enum role access_default;
    char **admins, **members, **viewers; /* logins or @groups */
    size_t n_admins, n_members, n_viewers;
    struct config_lead *leads;
    size_t n_leads;
    /* key remapping */
    struct config_binding *bindings;
    size_t n_bindings;
    /* files read, in order (for `config check` and messages) */
    char **files;
    size_t n_files;
};

struct strbuf;
struct yamldoc;
struct yaml_node_s;

/* One declared key: the table that drives parsing, checking and help. */
struct config_key {
    const char *name;  /* dotted path: "standup.timebox" */
    const char *type;  /* "string", "int", "bool", "enum", "list", "map", "duration" */
    const char *deflt; /* default as text, for help; equals config_value_text() after init */
    const char *help;
    /* How the key is read, checked and shown (used inside src/config):
     * set() checks node n and stores it into c at off (and n_off for the
     * length of a list); min/max bound ints and durations (seconds);
     * choices (NULL-terminated) restrict list items and enums; hint shows
     * the expected form in messages ("90s or 2m"). */
    int (*set)(struct config *c, const struct config_key *k, struct yamldoc *d,
               struct yaml_node_s *n, struct err *e);
    void (*show)(const struct config *c, const struct config_key *k, struct strbuf *out);
    size_t off, n_off;
    long min, max;
    const char *const *choices;
    const char *hint;
};
const struct config_key *config_keys(size_t *n);
/* The key called name ("standup.timebox"), or NULL. */
const struct config_key *config_key_find(const char *name);
/* The current value of k in c as YAML flow text ("90s", "[a, b]", "true");
 * caller frees. */
char *config_value_text(const struct config *c, const struct config_key *k);

void config_init(struct config *c); /* built-in defaults */
void config_fini(struct config *c);

/* Reads one YAML file on top of c from the open descriptor fd (left open);
 * name is the file's name in messages. With roles false an access section
 * is refused (ERR_DENIED, saying where roles live); true is for the
 * system configuration, once it is known to be trusted. */
int config_read_fd(struct config *c, int fd, const char *name, bool roles, struct err *e);
/* Reads a user's file (no roles) on top of c. Missing file: ERR_USAGE. */
int config_load_file(struct config *c, const char *path, struct err *e);
/* Reads the system configuration at path, the one file that may set
 * roles: skipped when missing; refused (ERR_DENIED) unless it is a
 * regular file owned by root and writable by no one else, in folders
 * likewise root's, reached without symbolic links. */
int config_load_system(struct config *c, const char *path, struct err *e);
/* The user's configuration file: $XDG_CONFIG_HOME/baton/config.yaml, else
 * ~/.config/baton/config.yaml; NULL when neither can be named. Caller
 * frees. */
char *config_user_path(void);
/* Reads the layers in order: the system file at system_path, then the
 * user's (skipped when missing), then explicit_path (may be NULL; must
 * exist). */
int config_load(struct config *c, const char *system_path, const char *explicit_path,
                struct err *e);

/* Role of login (member of groups, NULL-terminated, names without '@') for
 * department dept (NULL = company-wide); leads are leads only of theirs. */
enum role config_role(const struct config *c, const char *login, const char *const *groups,
                      const char *dept);
/* Parses a duration: seconds as a bare integer, or number-unit pairs with
 * units s, m, h, d, w ("90s", "2m", "1h30m", "1w"). */
bool config_parse_duration(const char *s, int64_t *out);
/* Formats seconds in the largest unit that divides them: "90s", "4h", "1w". */
void config_fmt_duration(int64_t seconds, char out[32]);

#endif
