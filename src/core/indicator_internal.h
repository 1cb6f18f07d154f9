/*
 * What indicator.c and indicator_fields.c share: the fields of an
 * indicator and of a reading, each once (entity_fields.h says how the
 * lists read), in the order the descriptors (indicator_entity,
 * reading_entity) list them and a row is read.
 */
#ifndef BATON_CORE_INDICATOR_INTERNAL_H
#define BATON_CORE_INDICATOR_INTERNAL_H

#include "baton/indicator.h"
#include "entity_fields.h"
#include "internal.h"

/* The target row in force now, joined as tn: struct indicator's target,
 * amber and red are those (else the indicator's own). */
#define IND_NOW_JOIN                                                                             \
    " LEFT JOIN indicator_target tn ON tn.indicator_id = i.id AND tn.from_at ="                \
    " (SELECT max(tm.from_at) FROM indicator_target tm WHERE tm.indicator_id = i.id"            \
    " AND tm.from_at <= :now)"
#define IND_NOW(col) "(CASE WHEN tn.indicator_id IS NULL THEN i." col " ELSE tn." col " END)"

/* Read joined to department d and project pj, and the target now (tn).
 * The target and thresholds are written when the indicator is added; a
 * later change is a row of indicator_target (so they are C, not W). */
#define INDICATOR_FIELDS(R, C, W)                                                                \
    R(id, "i.id", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Id", "id")                          \
    C(key, "i.key", "key", ":key", FT_TEXT, TEXT_KEY, FREF_INDICATOR, 0, 0, none,                 \
      FL_ORG | FL_REQUIRED | FL_ADD, "Key", "indicator key")                                       \
    W(name, "i.name", "name", ":name", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,                  \
      FL_ORG | FL_REQUIRED | FL_EDIT | FL_AUDITED, "Name", "name")                                \
    W(department, "d.key", "department_id", "(SELECT id FROM department WHERE key = :department)", \
      FT_TEXT, TEXT_KEY, FREF_DEPARTMENT, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Department", \
      "department")                                                                              \
    W(owner, "i.owner", "owner", ":owner", FT_TEXT, TEXT_LOGIN, FREF_PERSON, 0, 0, none,           \
      FL_ORG | FL_EDIT | FL_AUDITED, "Owner", "owner")                                           \
    W(unit, "i.unit", "unit", ":unit", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, none,                  \
      FL_ORG | FL_EDIT | FL_AUDITED, "Unit", "unit")                                             \
    W(format, "i.format", "format", ":format", FT_TEXT, TEXT_NAME, FREF_NONE, 0, 0, format,        \
      FL_ORG | FL_EDIT | FL_AUDITED | FL_OMIT_FIRST, "Format", "indicator format")                \
    W(direction, "i.direction", "direction", ":direction", FT_CHOICE, TEXT_KEY, FREF_NONE, 0, 0,   \
      direction, FL_ORG | FL_EDIT | FL_AUDITED, "Better when", "direction")                      \
    C(target, IND_NOW("target"), "target", ":target", FT_REAL, TEXT_KEY, FREF_NONE, 0, 0, opt,     \
      FL_ORG | FL_EDIT | FL_AUDITED, "Target", "target")                                         \
    C(amber, IND_NOW("amber"), "amber", ":amber", FT_REAL, TEXT_KEY, FREF_NONE, 0, 0, opt,         \
      FL_ORG | FL_EDIT | FL_AUDITED, "Amber at", "amber threshold")                               \
    C(red, IND_NOW("red"), "red", ":red", FT_REAL, TEXT_KEY, FREF_NONE, 0, 0, opt,                 \
      FL_ORG | FL_EDIT | FL_AUDITED, "Red at", "red threshold")                                   \
    W(stale_days, "i.stale_days", "stale_days", ":stale_days", FT_INT, TEXT_KEY, FREF_NONE, 0,     \
      36500, none, FL_ORG | FL_EDIT | FL_AUDITED, "Stale after days", "stale days")                \
    W(project, "pj.key", "project_id", "(SELECT id FROM project WHERE key = :project)", FT_TEXT,   \
      TEXT_KEY, FREF_PROJECT, 0, 0, none, FL_ORG | FL_EDIT | FL_AUDITED, "Project", "project key") \
    R(version, "i.version", FT_ID, TEXT_KEY, FREF_NONE, 0, 0, none, 0, "Version", "version")

/* Read from a reading hr joined to its indicator i; the indicator is where
 * a reading stands in an organisation file, so it is its parent there. */
#define READING_FIELDS(R, C, W)                                                                  \
    C(indicator, "i.key AS indicator", "indicator_id",                                            \
      "(SELECT id FROM indicator WHERE key = :indicator)", FT_TEXT, TEXT_KEY, FREF_INDICATOR, 0,  \
      0, none, FL_ORG | FL_PARENT | FL_REQUIRED | FL_ADD, "Indicator", "indicator key")           \
    C(at, "hr.at AS at", "at", ":at", FT_TIME, TEXT_KEY, FREF_NONE, 0, 0, none,                   \
      FL_ORG | FL_REQUIRED | FL_ADD, "At", "time")                                                 \
    W(value, "hr.value AS value", "value", ":value", FT_REAL, TEXT_KEY, FREF_NONE, 0, 0, none,     \
      FL_ORG | FL_REQUIRED | FL_EDIT, "Value", "value")                                          \
    W(note, "hr.note AS note", "note", ":note", FT_TEXT, TEXT_FREE, FREF_NONE, 0, 0, none,         \
      FL_ORG | FL_EDIT, "Note", "note")                                                          \
    W(recorded_by, "hr.recorded_by AS recorded_by", "recorded_by", ":recorded_by", FT_TEXT,       \
      TEXT_LOGIN, FREF_PERSON, 0, 0, none, FL_ORG, "Recorded by", "recorded by")

#endif
