/*
 * What the blocker files of src/core share among themselves and with no
 * one else: blocker.c (the row and its changes), blocker_list.c (listing,
 * counting, the triage queue) and blocker_search.c (filtering as you
 * type, full-text search, possible duplicates, guessing who must act).
 */
#ifndef BATON_CORE_BLOCKER_INTERNAL_H
#define BATON_CORE_BLOCKER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "baton/str.h"
#include "baton/blocker.h"
#include "baton/entity.h"
#include "baton/timeutil.h"
#include "entity_fields.h"
#include "internal.h"

/* A blocker's row with its SLA marks as of one moment: the sq_read_fn of
 * blocker rows, its arg a struct blocker_marking. */
struct blocker_marking {
    struct store *st;
    btime now;
};
bool blocker_marked_row(sqlite3_stmt *s, void *row, void *arg);

static inline const char *nonempty(const char *s)
{
    return str_empty(s) ? NULL : s;
}

/* Reads a row of BLOCKER_SELECT into b (blocker.c), and marks whether its
 * SLA is near as of now. */
void blocker_read(sqlite3_stmt *s, struct blocker *b);
void blocker_sla_mark(struct store *st, struct blocker *b, btime now);

/* The statements that read blockers: every field (BLOCKER_FIELDS) of a
 * row joined to its project, departments and original. */
/* No SLA clock runs while a blocker is snoozed: only new, accepted and in
 * progress blockers can be past their SLA. */
#define SLA_RUNNING(b) "(" b ".state IN ('new','accepted','in_progress'))"
#define BREACHED "(" SLA_RUNNING("b") " AND b.sla_due IS NOT NULL AND b.sla_due < :now)"
#define BLOCKER_FROM                                                                            \
    " FROM blocker b JOIN project p ON p.id = b.project_id"                                    \
    " JOIN department pd ON pd.id = p.department_id"                                           \
    " LEFT JOIN department w ON w.id = b.waiting_on_id"                                        \
    " LEFT JOIN blocker o ON o.id = b.duplicate_of"
/* The fields in the descriptor's order (blocker_internal.h), then a
 * constant that ends the list. */
#define BLOCKER_SELECT "SELECT " BLOCKER_COLUMNS "NULL" BLOCKER_FROM

/* The candidate ids of a filter typed over open blockers, as a JSON array
 * of at most BLOCKER_TEXT_CAP + 1 (keys starting with its number first,
 * then word-prefix matches), narrowed to a department when dept is given;
 * remembered while the data does not change. The caller frees *json_out. */
int blocker_text_candidates(struct store *st, const char *text, const char *dept,
                            char **json_out, struct err *e);

/* The ids of such a JSON array, sorted; how many in *n. The caller frees. */
int64_t *blocker_ids_parse(const char *json, size_t *n);

/* ---- the blocker's fields ----------------------------------------------
 *
 * Each field of a blocker, once, in the order the descriptor
 * (blocker_entity) lists them and a row is read: R(...) is only read, C(...)
 * is written when the blocker is added, W(...) also by every update. The
 * arguments: member, how a row reads it (joined as BLOCKER_FROM says), and
 * for C and W the column written and the value written from the parameter
 * :member; then type, text rule, what it refers to, limits, choices, flags,
 * label and the words a message uses.
 */
#define BLOCKER_FIELDS(R, C, W)                                                                 \
    R(id, "b.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(key, "b.key", "key", ":key", FT_TEXT, TEXT_KEY, FREF_BLOCKER, 0, 0, none,                   \
      FL_ORG | FL_REQUIRED, "Key", "blocker key")                                                \
    C(project, "p.key", "project_id", "(SELECT id FROM project WHERE key = :project)", FT_TEXT,   \
      TEXT_KEY, FREF_PROJECT, 0, 0, none, FL_ORG | FL_REQUIRED | FL_ADD, "Project", "project key") \
    R(project_dept, "pd.key", FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none, 0, "Department",     \
      "department")                                                                              \
    W(title, "b.title", "title", ":title", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,              \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Title", "title")                              \
    W(detail, "b.detail", "detail", ":detail", FT_TEXT, TEXT_FREE, FREF_NONE, 0, 0, none,          \
      FL_ORG | FL_EDIT | FL_AUDITED, "Detail", "detail")                                         \
    W(kind, "b.kind", "kind", ":kind", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, kind,                 \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_OMIT_FIRST, "Kind", "blocker kind")                      \
    W(state, "b.state", "state", ":state", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0, state, FL_ORG,    \
      "State", "blocker state")                                                                  \
    W(severity, "b.severity", "severity", ":severity", FT_INT, TEXT_KEY, FREF_NONE, 1, 4, none,    \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_ZERO_NONE, "Severity", "severity")                       \
    W(waiting_on, "w.key", "waiting_on_id", "(SELECT id FROM department WHERE key = :waiting_on)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Waiting on", \
      "waiting-on department")                                                                   \
    W(owner, "b.owner", "owner", ":owner", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,           \
      FL_ORG | FL_EDIT | FL_AUDITED, "Owner", "owner")                                           \
    C(raised_by, "b.raised_by", "raised_by", ":raised_by", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, \
      none, FL_ORG, "Raised by", "raised by")                                                    \
    C(raised_at, "b.raised_at", "raised_at", ":raised_at", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0,     \
      none, FL_ORG, "Raised at", "raised at")                                                    \
    W(needed_by, "b.needed_by", "needed_by", ":needed_by", FT_DATE, TEXT_KEY, FREF_NONE, 0, 0,     \
      none, FL_ORG | FL_EDIT | FL_AUDITED, "Needed by", "needed by")                              \
    W(sla_due, "b.sla_due", "sla_due", ":sla_due", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0, none, 0,    \
      "SLA due", "SLA due")                                                                      \
    W(snoozed_until, "b.snoozed_until", "snoozed_until", ":snoozed_until", FT_TIME, TEXT_KEY,     \
      FREF_NONE, 0, 0, none, FL_ORG | FL_AUDITED, "Snoozed until", "snoozed until")                \
    W(duplicate_of, "o.key", "duplicate_of", "(SELECT id FROM blocker WHERE key = :duplicate_of)", \
      FT_TEXT, TEXT_KEY, FREF_BLOCKER, 0, 0, none, FL_ORG | FL_AUDITED, "Duplicate of",            \
      "original's key")                                                                          \
    W(escalation_level, "b.escalation_level", "escalation_level", ":escalation_level", FT_INT,    \
      TEXT_KEY, FREF_NONE, 0, 1000, none, FL_ORG | FL_AUDITED, "Escalation level",                 \
      "escalation level")                                                                        \
    W(escalated_to, "b.escalated_to", "escalated_to", ":escalated_to", FT_TEXT, TEXT_LOGIN,       \
      FREF_PERSON, 0, 0, none, FL_ORG | FL_AUDITED, "Escalated to", "escalated to")                \
    W(escalated_at, "b.escalated_at", "escalated_at", ":escalated_at", FT_TIME, TEXT_KEY,         \
      FREF_NONE, 0, 0, none, FL_ORG, "Escalated at", "escalated at")                              \
    W(reason, "b.reason", "reason", ":reason", FT_TEXT, TEXT_FREE, FREF_NONE, 0, 0, none,          \
      FL_ORG | FL_AUDITED, "Reason", "reason")                                                   \
    W(tags, "b.tags", "tags", ":tags", FT_LIST, TEXT_KEY, FREF_NONE, 0, BLOCKER_TAGS_MAX, none,    \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_SPARSE, "Tags", "tag")                                   \
    R(updated_at, "b.updated_at", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Updated at",       \
      "updated at")                                                                              \
    R(version, "b.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")      \
    R(breached, BREACHED, FT_BOOL, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Breached", "breached")

#define BLOCKER_COLUMNS ENT_COLUMNS(BLOCKER_FIELDS)
#define BLOCKER_SETS ENT_SETS(BLOCKER_FIELDS)
#define BLOCKER_INSERT_COLS ENT_INSERT_COLS(BLOCKER_FIELDS)
#define BLOCKER_INSERT_VALS ENT_INSERT_VALS(BLOCKER_FIELDS)

#endif
