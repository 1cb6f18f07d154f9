/*
 * cli: baton's non-interactive command line. cli_main parses argv against
 * one constant table of subcommands (src/cli/cli.c), runs the one named (or
 * opens the cockpit when none is), prints any error as one line
 * "baton: ..." on stderr and returns the process exit code of DESIGN.md
 * (0 ok, 1 runtime, 2 usage, 3 denied, 4 conflict).
 *
 * The rest of this header is the contract between the dispatcher and the
 * files that implement subcommands (src/cli/cmd_*.c): the option and
 * command descriptors, and the context a handler receives.
 */
#ifndef BATON_CLI_H
#define BATON_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "baton/config.h"
#include "baton/err.h"
#include "baton/output.h"
#include "baton/store.h"

/* Opens the cockpit on st until the user quits (ui_run, adapted by main);
 * the command line holds it as a function so that it never reaches up
 * into the cockpit's layer. */
typedef int (*cli_cockpit_fn)(struct store *st, const char *db_path, const char *theme,
                              const struct config *cfg, struct err *e);

/* cockpit may be NULL: a command line without the cockpit, which says so
 * when no command is named. system_config is the system configuration's
 * path, fixed when baton is built (never taken from the environment): the
 * one file that may set roles, and in secure mode name the database. */
int cli_main(int argc, char **argv, cli_cockpit_fn cockpit, const char *system_config);

/* ---- descriptors ---- */

enum cli_opt_type {
    OPT_FLAG = 0, /* no value */
    OPT_TEXT,     /* any text */
    OPT_INT,      /* a whole number in [min, max] */
    OPT_TIME,     /* a time as a person types it (time_input); handlers get UTC ISO text */
    OPT_DATE,     /* a date as a person types it (time_input_date); handlers get YYYY-MM-DD;
                     '' passes as it is */
    OPT_CHOICE,   /* one of choices */
};

struct cli_opt {
    const char *name; /* long name without dashes: "waiting-on" */
    char short_name;  /* 'o' for -o, or 0 */
    enum cli_opt_type type;
    const char *metavar; /* "DEPT", "N" ... */
    long min, max;
    const char *const *choices; /* NULL-terminated, for OPT_CHOICE */
    bool required;
    const char *help;
};

/* What a command needs before its handler runs. */
enum cli_need {
    NEED_NOTHING = 0, /* not even the configuration */
    NEED_CONFIG,      /* configuration and identity, no database */
    NEED_DB,          /* an existing database */
    NEED_DB_READ,     /* an existing database, opened read-only */
    NEED_DB_CREATE,   /* a database, created when missing */
};

struct cli;

struct cli_cmd {
    const char *name; /* "blocker" */
    const char *verb; /* "list", or NULL for a command without verbs */
    const char *args; /* positional arguments for the usage line: "KEY", "[FILE]" */
    int min_args, max_args;
    const char *help; /* one line */
    const struct cli_opt *opts; /* terminated by an entry with a NULL name; may be NULL */
    const char *const *formats; /* accepted --format values; NULL = no --format */
    enum cli_need need;
    enum action action; /* its right (store_action): the least company-wide role it needs
                           is checked before it runs; finer checks are the model's */
    int (*run)(struct cli *c, struct err *e);
};

/* A blocker's --expect-version, for the commands that change one. */
#define OPT_EXPECT                                                                                 \
    {"expect-version", 0, OPT_INT, "V", 1, 2147483647, NULL, false,                                \
     "refuse (exit 4) unless the blocker is still at version V, as shown by show"}

#define CLI_MAX_OPTS 24
#define CLI_MAX_ARGS 8

/* The context a handler receives: parsed arguments, configuration,
 * identity and the open store. Everything here is owned by the dispatcher. */
struct cli {
    const struct cli_cmd *cmd;
    const char *args[CLI_MAX_ARGS];
    int n_args;
    const char *vals[CLI_MAX_OPTS]; /* per cmd->opts entry; flags are "1" */
    char times[CLI_MAX_OPTS][32];   /* OPT_TIME and OPT_DATE values as handlers get them */
    /* global options */
    const char *db_opt, *config_opt, *theme, *as;
    const char *format_s;   /* --format as typed (checked against cmd->formats) */
    enum out_format format; /* format_s parsed; OUT_TABLE when not given */
    bool format_set;
    /* set up by the dispatcher according to cmd->need */
    struct config cfg;
    bool cfg_loaded;
    char *login;   /* the actor */
    char **groups; /* the actor's Unix groups, NULL-terminated */
    char *db_path;
    struct store *st;
    cli_cockpit_fn cockpit; /* NULL when the cockpit is not built in */
    const char *system_config; /* the system configuration's path */
    bool secure; /* running setgid to the database's group (secure mode) */
    FILE *out; /* stdout */
    bool tty;  /* out is a terminal */
    bool readonly_fallback; /* the user may only read the database: opened read-only */
    bool db_created;        /* setup created the database file: it did not exist before */
    /* keys typed in another case, replaced by the stored ones they name */
    char *resolved[CLI_MAX_ARGS + CLI_MAX_OPTS];
    /* a command that also takes its entity's fields by their flags
     * (cli_described): the command with its options and theirs */
    struct cli_cmd described;
    struct cli_opt described_opts[CLI_MAX_OPTS + 1];
    char described_help[CLI_MAX_OPTS][96];
    char described_flags[CLI_MAX_OPTS][64];
    const char *described_choices[CLI_MAX_OPTS][13];
};

/* ---- for the dispatcher ---- */

/* cmd, or, for a command that edits an entity's fields (blocker add and
 * edit), cmd as c->described: its options and then one for each field of
 * the entity that `edit` changes (FL_EDIT) and the options do not name,
 * by its flag (--needed-by for needed_by) and with help made from the
 * description. A new field of the entity is an option of these commands
 * by its description alone. */
const struct cli_cmd *cli_described(struct cli *c, const struct cli_cmd *cmd);

/* Everything a command needs before its handler runs (src/cli/setup.c):
 * identity, configuration and the least role of action, then the database
 * as need says, the zones, due snoozes, and the typed times and keys. */
int cli_setup(struct cli *c, enum cli_need need, enum action action, struct err *e);
/* "blocker list": a command's name as typed. */
void cli_cmd_title(const struct cli_cmd *cmd, char *buf, size_t n);
/* The number of options in opts (ended by one with a NULL name). */
size_t cli_opt_count(const struct cli_opt *opts);

/* ---- for handlers ---- */

/* Sets c->db_path, first found: --db, $BATON_DB, the configuration's
 * database:, $XDG_DATA_HOME/baton/baton.db (~/.local/share when unset),
 * creating the default's folder when create_dirs. In secure mode it is the
 * system configuration's database: and any other named is ERR_DENIED. */
int cli_resolve_db(struct cli *c, bool create_dirs, struct err *e);
/* Opens c->db_path into c->st with store flags, with actor and SLAs set. */
int cli_open_db(struct cli *c, int flags, struct err *e);
/* Sets the organisation's time zone from c->st and the person's (TZ, the
 * configuration's, the organisation's). */
int cli_setup_zones(struct cli *c, struct err *e);

/* The value of option name ("state"), or NULL when not given. */
const char *cli_opt(const struct cli *c, const char *name);
bool cli_flag(const struct cli *c, const char *name);
/* An OPT_INT option's value (already range-checked), or def. */
long cli_opt_long(const struct cli *c, const char *name, long def);
/* The role the actor has for dept (NULL = company-wide). */
enum role cli_role(const struct cli *c, const char *dept);
/* ERR_DENIED unless the actor has at least role need for dept; what names
 * the action in the message ("raise a blocker on ENG-1"). */
int cli_require_role(const struct cli *c, const char *dept, enum role need, const char *what,
                     struct err *e);
/* One line "baton: MESSAGE" on stderr, printf-style; whatever it quotes is
 * shown with control characters visible, never sent. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Renders o in the chosen format (table: fitted to the terminal). */
void cli_emit(struct cli *c, const struct out *o);
/* Renders row 0 of o as a record (table) or one JSON object (json). */
void cli_emit_record(struct cli *c, const struct out *o);
/* ERR_USAGE with a "did you mean" when key names no department (project
 * for cli_check_project); opt names the option for the message. */
int cli_check_department(struct cli *c, const char *key, const char *opt, struct err *e);
/* For an edit: ERR_USAGE "nothing to change" (with an example) unless an
 * option other than --expect-version is given. */
int cli_need_a_field(const struct cli *c, struct err *e);
/* rc, after saying what was written when it is 0: "KEY: done", or the
 * key alone when done is NULL (KEY: the command's argument). */
int cli_written(struct cli *c, int rc, const char *done);
/* The nearest of cands to what was typed (a typo), or the only one that
 * shares its longest prefix of at least two letters (an abbreviation);
 * NULL when none. */
const char *cli_suggest(const char *typed, const char *const *cands, size_t n);
int cli_check_project(struct cli *c, const char *key, const char *opt, struct err *e);

/* ---- help (src/cli/examples.c) ---- */

#define CLI_MAX_EXAMPLES 3
/* The examples `baton NAME VERB --help` ends with (NULL-terminated), or
 * NULL when the command has none. */
const char *const *cli_examples(const char *name, const char *verb);
/* The groups the top-level help lists commands in, by what they act on. */
struct cli_group {
    const char *title;
    const char *names[8]; /* the commands' first words; NULL-terminated */
};
const struct cli_group *cli_groups(size_t *n);

/* A history's table (cmd_list.c): at, actor, action, field, old, new,
 * one row an event. */
struct event;
enum { CLI_EVENT_COLS = 6 };
extern const struct out_col cli_event_cols[CLI_EVENT_COLS];
void cli_fill_events(struct out *o, const struct event *v, size_t n);

/* Handlers (src/cli/cmd_*.c). */
int cmd_init(struct cli *c, struct err *e);
int cmd_demo(struct cli *c, struct err *e);
int cmd_import(struct cli *c, struct err *e);
int cmd_export(struct cli *c, struct err *e);
int cmd_check(struct cli *c, struct err *e);
int cmd_config_check(struct cli *c, struct err *e);
int cmd_whoami(struct cli *c, struct err *e);
int cmd_blocker_list(struct cli *c, struct err *e);
int cmd_blocker_show(struct cli *c, struct err *e);
/* Sets each field of obj that the entity lets `edit` change (FL_EDIT) and
 * the command line names (--needed-by for needed_by; '' clears it). A
 * number that is none is refused naming its flag ("--target: not a
 * number: lots"). cli_set_fields_none also clears an optional field given
 * as "none". */
struct entity;
int cli_set_fields(const struct cli *c, const struct entity *ent, void *obj, struct err *e);
int cli_set_fields_none(const struct cli *c, const struct entity *ent, void *obj, struct err *e);
/* The output column of a described field (its name; a number, a list, or
 * with times a time: else text), and its cell in column col of the
 * current row: a list's words apart, an unset value left empty. */
struct entity_field;
struct out_col cli_out_col(const struct entity_field *f, bool times);
void cli_out_field(struct out *o, size_t col, const struct entity_field *f, const void *row);
/* cli_out_field for each column of o that a field of ent is exported
 * under (its key): the current row's cells from row. The other columns,
 * and one whose column means other than its field, are the caller's to
 * set after. */
void cli_out_fields(struct out *o, const struct entity *ent, const void *row);
int cmd_blocker_add(struct cli *c, struct err *e);
int cmd_project_list(struct cli *c, struct err *e);
int cmd_project_show(struct cli *c, struct err *e);
int cmd_indicator_list(struct cli *c, struct err *e);
int cmd_indicator_show(struct cli *c, struct err *e);
int cmd_department_list(struct cli *c, struct err *e);
int cmd_blocker_verdict(struct cli *c, struct err *e); /* accept, start, resolve ... by verb */
/* The options of verb's command, from its row of the verdict table. */
const struct cli_opt *cli_verdict_opts(enum blocker_verb verb);
int cmd_blocker_escalate(struct cli *c, struct err *e);
int cmd_indicator_record(struct cli *c, struct err *e);
int cmd_blocker_edit(struct cli *c, struct err *e);
int cmd_blocker_comment(struct cli *c, struct err *e);
int cmd_project_add(struct cli *c, struct err *e);
int cmd_project_edit(struct cli *c, struct err *e);
int cmd_project_set(struct cli *c, struct err *e);
int cmd_department_add(struct cli *c, struct err *e);
int cmd_department_edit(struct cli *c, struct err *e);
int cmd_person_list(struct cli *c, struct err *e);
int cmd_person_add(struct cli *c, struct err *e);
int cmd_person_edit(struct cli *c, struct err *e);
int cmd_indicator_import(struct cli *c, struct err *e);
int cmd_indicator_add(struct cli *c, struct err *e);
int cmd_indicator_edit(struct cli *c, struct err *e);
int cmd_indicator_set_target(struct cli *c, struct err *e);
int cmd_standup_list(struct cli *c, struct err *e);
int cmd_standup_export(struct cli *c, struct err *e);
int cmd_report(struct cli *c, struct err *e);
int cmd_flow(struct cli *c, struct err *e);
int cmd_objective_list(struct cli *c, struct err *e);
int cmd_objective_show(struct cli *c, struct err *e);
int cmd_objective_add(struct cli *c, struct err *e);
int cmd_objective_edit(struct cli *c, struct err *e);
int cmd_objective_link(struct cli *c, struct err *e);
int cmd_objective_unlink(struct cli *c, struct err *e);
int cmd_objective_checkin(struct cli *c, struct err *e);

/* The flow's lines in the report and the minutes (cmd_flow.c): the
 * bottleneck and the largest flows between departments (at most
 * CLI_FLOW_TOP), as a Markdown paragraph, or as the JSON object
 * {"bottleneck", "bottleneck_share", "flows": [{from, to, open,
 * breached}]}. */
struct flow;
enum { CLI_FLOW_TOP = 3 };
void cli_flow_md(struct strbuf *sb, const struct flow *f);
/* The full minutes' and report's section: each department's figures over
 * the flow's window with their trends, as a Markdown table. */
void cli_flow_md_departments(struct strbuf *sb, const struct flow *f);
void cli_flow_json(struct strbuf *sb, const struct flow *f);

#endif
