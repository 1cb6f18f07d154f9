/*
 * entity_form: the form that adds or edits one department, person,
 * project, blocker or indicator, or records a reading, checked and saved
 * here, without a terminal. Each gets its form from its descriptor
 * (baton/entity.h): one field per field it lets a person give (FL_ADD,
 * fixed once the item exists) or edit (FL_EDIT; FL_EDIT_ONLY ones only
 * once the item exists), with the descriptor's label, kind (a yes or no
 * for FT_BOOL), limits and choices, required where it says, a picker for
 * what it refers to (not for the key the item is named by), and checked
 * through it (field_set), then through the model's rule between fields
 * (a project's dates), before the model is asked. What a descriptor does
 * not hold is said per kind of item: the order of a person's fields, a
 * project's dependencies. The cockpit draws the form and feeds it keys; a
 * unit test fills it in like a person would.
 */
#ifndef BATON_ENTITY_FORM_H
#define BATON_ENTITY_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baton/err.h"
#include "baton/form.h"

struct store;

enum form_entity { FE_DEPT, FE_PERSON, FE_PROJECT, FE_BLOCKER, FE_INDICATOR, FE_READING };

/* The kind of item a reference field names (form_field.ref). */
enum form_ref { R_NONE = 0, R_DEPT, R_PERSON, R_PROJECT, R_INDICATOR };

struct entity;
struct entity_field;

/* The most choices a field built from a descriptor offers. */
#define ENTITY_FORM_CHOICES 12
enum { ENTITY_FORM_TWINS = 3 };

struct entity_form {
    struct form f;
    enum form_entity ent;
    bool editing;
    char *key;       /* the item edited (editing), or the indicator a reading is for */
    int64_t version; /* the item's version as read: a save names it */
    /* built from a descriptor: the field of each form field (NULL for one
     * that is not the descriptor's), and what the form borrows */
    const struct entity *desc;
    const struct entity_field *field[FORM_MAX_FIELDS];
    char labels[FORM_MAX_FIELDS][64];
    const char *choices[FORM_MAX_FIELDS][ENTITY_FORM_CHOICES + 1];
    /* A new project's likely twins (project_twins), one line each to show
     * under the fields: found again whenever its title, description or
     * department is checked. */
    char twins[ENTITY_FORM_TWINS][200];
    int n_twins;
};

/* Builds the form of ent: editing the item key (its values, the version
 * read, its key fixed), or adding one (a reading: to the indicator key,
 * which may be NULL). dept: the department a new item starts in (the one
 * the cockpit is narrowed to), may be NULL. Fails when the item cannot be
 * read; ef is then empty. */
int entity_form_open(struct entity_form *ef, struct store *st, enum form_entity ent,
                     const char *key, bool editing, const char *dept, struct err *e);
void entity_form_fini(struct entity_form *ef);

/* The entity that the items of a pane are edited as ("departments" ->
 * FE_DEPT); ERR_USAGE when that pane's items have no form. */
int entity_form_of_pane(const char *pane, enum form_entity *out, struct err *e);
const char *entity_form_noun(enum form_entity ent); /* "department" */

/* The fields of a form for an item described by ent (after form_init,
 * with ef->editing saying whether the item exists): every one a person
 * gives or edits, those named (names may be NULL) first and in that
 * order, the others in ent's order; each holding item's value (item is a zeroed one when adding). key
 * is the item the form is for (an item it belongs to, FL_PARENT, starts
 * as it); dept the department a new item starts in (may be NULL). */
void entity_form_build(struct entity_form *ef, const struct entity *ent,
                       const char *const *names, const void *item, const char *key,
                       const char *dept);
/* Sets each field of item the form edits from what it holds, through the
 * descriptor (field_set), and its version to the one read; the first
 * refusal is e, on its field, with the focus there. */
int entity_form_fill(struct entity_form *ef, void *item, struct err *e);

/* A field's own checks, then whether the items it names exist (a login
 * need not: people come after their logins). false with f->err set. */
bool entity_form_check_field(struct entity_form *ef, struct store *st, struct form_field *f);
/* Every field, then the rule between them; false with focus on the first
 * field that fails and the form's message saying what is wrong (the one
 * field's complaint whole, or how many fields are marked), or what the
 * rule between them wants changed. */
bool entity_form_check(struct entity_form *ef, struct store *st);

/* Writes what the form holds: the item added or updated (naming the
 * version read), or the reading recorded. The key saved (malloc'd) on
 * success. The model's refusal (a stale version, a missing item) is e,
 * and the form's message says it was not saved and why. */
int entity_form_save(struct entity_form *ef, struct store *st, char **saved_key, struct err *e);
/* What a save did, in words: "blocker B-9 added", "reading revenue recorded". */
void entity_form_saved(const struct entity_form *ef, const char *key, char *out, size_t n);

#endif
