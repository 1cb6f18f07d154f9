/*
 * orgfile: organisation files (DESIGN.md) as plain data. Reading keeps the
 * line and column of every value so that a bad reference can be reported
 * as FILE:LINE:COL by whoever checks it. Writing is deterministic: items
 * sorted by key, fields in a fixed order, so export -> import -> export
 * gives identical bytes.
 */
#ifndef BATON_ORGFILE_H
#define BATON_ORGFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/err.h"
#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/str.h"

struct org_readings {
    struct reading *v;
    size_t n;
};

struct org_loc {
    int section; /* enum org_section */
    size_t index;
    const char *field; /* static field name: "department", "depends_on" ...; NULL
                          for the item itself */
    size_t sub;        /* entry of a list field (depends_on, readings); 0 otherwise */
    int line, col;     /* 1-based, of the value */
};

enum org_section {
    ORG_DEPARTMENTS,
    ORG_PEOPLE,
    ORG_PROJECTS,
    ORG_BLOCKERS,
    ORG_INDICATORS,
    ORG_OBJECTIVES,
};

/* An objective's key result as its item holds it: an indicator (with the
 * baseline when set by hand) or a project. */
struct org_key_result {
    char *indicator, *project;
    double baseline;
    bool has_baseline;
};
/* What an objective's item holds besides its fields. */
struct org_objective_parts {
    struct org_key_result *results;
    size_t n_results;
    char **served_by; /* project keys */
    size_t n_served_by;
    struct objective_checkin *checkins;
    size_t n_checkins;
};

struct org {
    char *file; /* the path read, for messages */
    char *organisation;
    char *timezone; /* an IANA name, NULL when the file names none */
    struct department *departments;
    size_t n_departments;
    struct person *people;
    size_t n_people;
    struct project *projects; /* depends_on filled */
    size_t n_projects;
    struct blocker *blockers;
    size_t n_blockers;
    struct indicator *indicators;
    struct org_readings *readings; /* parallel to indicators */
    size_t n_indicators;
    struct objective *objectives;
    struct org_objective_parts *objective_parts; /* parallel to objectives */
    size_t n_objectives;
    struct org_loc *locs;
    size_t n_locs;
};

void org_init(struct org *o);
void org_fini(struct org *o);
/* Parses path. Shape errors (unknown keys with a suggestion, wrong types,
 * missing keys, bad dates, duplicate keys) are ERR_USAGE "FILE:LINE:COL: ...". */
int orgfile_read(const char *path, struct org *o, struct err *e);
/* Same, from a buffer; name is used in messages. */
int orgfile_read_buf(const char *name, const char *buf, size_t len, struct org *o, struct err *e);
/* Where field of item index of section was: the field's value, else the
 * item's own position, else 1:1; line and col 0 when o holds no positions
 * at all (it was not read from a file). */
void org_where(const struct org *o, int section, size_t index, const char *field, int *line,
               int *col);
/* Same for entry sub of a list field (depends_on[sub], readings[sub]). */
void org_where_at(const struct org *o, int section, size_t index, const char *field, size_t sub,
                  int *line, int *col);
int orgfile_write(FILE *out, const struct org *o, struct err *e);

/* The same file written item by item, for an organisation too large to
 * hold: the caller puts the sections in the file's order (departments,
 * people, projects, blockers, indicators) and the items of each in key
 * order (str_key_cmp; orgfile_order sorts an array so). What is written
 * goes out in pieces of about ORGFILE_FLUSH bytes; finish reports whether
 * every write succeeded. */
enum { ORGFILE_FLUSH = 64 * 1024 };
struct orgfile_writer {
    FILE *out;
    struct strbuf sb;
    int section; /* the last heading written; -1 before any */
    bool failed;
};
void orgfile_writer_init(struct orgfile_writer *w, FILE *out, const char *organisation,
                         const char *timezone);
void orgfile_put_department(struct orgfile_writer *w, const struct department *d);
void orgfile_put_person(struct orgfile_writer *w, const struct person *p);
void orgfile_put_project(struct orgfile_writer *w, const struct project *p);
void orgfile_put_blocker(struct orgfile_writer *w, const struct blocker *b);
/* The indicator and its readings (in any order: they are written by time). */
void orgfile_put_indicator(struct orgfile_writer *w, const struct indicator *ind,
                           const struct reading *rs, size_t n_rs);
/* The objective with its key results (in any order: they are written
 * indicators first, then projects, each by key), the projects that serve
 * it and its check-ins (written by time). */
void orgfile_put_objective(struct orgfile_writer *w, const struct objective *ob,
                           const struct org_objective_parts *parts);
int orgfile_writer_finish(struct orgfile_writer *w, struct err *e);
/* The indexes of n items of size bytes, whose key (a char *) is at key_off,
 * in key order. Caller frees. */
size_t *orgfile_order(const void *items, size_t n, size_t size, size_t key_off);
/* Moves every date and time in o (projects' start and due; blockers'
 * raised, needed-by, snooze and escalation times; readings) by days, keeping
 * each value's form (a date stays a date). For a file that tells a story
 * relative to one day, such as the demo organisation. Objectives' check-ins
 * move too, and their periods follow the day the story is told on
 * (story, days since 1970-01-01): a year to the year it lands in, a half
 * or a quarter by as many halves or quarters as it moved. */
void org_shift_days(struct org *o, int days, int64_t story);

struct store;
/* Upserts o into st by key, in one transaction (all or nothing), through
 * the model's API (blockers through blocker_import). A reference to a key
 * neither in the file nor in the database is ERR_USAGE "FILE:LINE:COL: ...".
 * Importing the same file twice changes nothing the second time. */
int org_import(struct store *st, const struct org *o, struct err *e);
/* How many of each an organisation holds. */
struct org_tally {
    size_t departments, projects, blockers, indicators;
};
/* Loads baton's demo organisation (demo-org.yaml from $BATON_SRCDIR/config,
 * the source tree or the installed data folder) into an empty st: moved
 * from the day its story is told to today, imported, and its history dated
 * as the file tells it. t (may be NULL) receives what was loaded. */
int org_load_demo(struct store *st, struct org_tally *t, struct err *e);

/* Reads the whole organisation from st into o, ordered by key. */
int org_export(struct store *st, struct org *o, struct err *e);
/* Writes st's organisation as an organisation file to out, the same bytes
 * as org_export and orgfile_write, read and written an item at a time
 * (a million blockers in a few MiB), from one snapshot. */
int org_write(struct store *st, FILE *out, struct err *e);

#endif
