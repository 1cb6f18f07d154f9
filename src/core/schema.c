/*
 * The schema, as forward-only migrations: migrations[i] takes the database
 * from user_version i to i + 1. Never edit a migration that has shipped;
 * append a new one.
 */
#include "schema.h"

#include "baton/store.h"

/* A migration is one literal, longer than C99's 4095-character minimum;
 * gcc and clang take any length. */
#pragma GCC diagnostic ignored "-Woverlength-strings"

const char *const schema_migrations[] = {
    /* 0 -> 1: the model of DESIGN.md. The application id ("BATN") tells a
     * baton database from any other SQLite file. */
    "PRAGMA application_id = 1111577678;"
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    "CREATE TABLE department ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  lead TEXT,"
    "  sort_order INTEGER NOT NULL DEFAULT 0,"
    "  archived INTEGER NOT NULL DEFAULT 0,"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE TABLE person ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  title TEXT,"
    "  department_id INTEGER REFERENCES department(id),"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE TABLE project ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  department_id INTEGER NOT NULL REFERENCES department(id),"
    "  owner TEXT,"
    "  status TEXT NOT NULL DEFAULT 'planned'"
    "    CHECK (status IN ('planned','active','on_hold','done','cancelled')),"
    "  health TEXT CHECK (health IN ('green','amber','red')),"
    "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
    "  start TEXT,"
    "  due TEXT,"
    "  description TEXT,"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX project_department ON project(department_id, key);"
    "CREATE INDEX project_due ON project(due);"
    "CREATE TABLE project_dependency ("
    "  project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
    "  depends_on_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
    "  note TEXT,"
    "  PRIMARY KEY (project_id, depends_on_id),"
    "  CHECK (project_id <> depends_on_id)"
    ");"
    "CREATE INDEX project_dependency_reverse ON project_dependency(depends_on_id);"
    "CREATE TABLE blocker ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  project_id INTEGER NOT NULL REFERENCES project(id),"
    "  title TEXT NOT NULL,"
    "  detail TEXT,"
    "  kind TEXT NOT NULL DEFAULT 'issue' CHECK (kind IN ('issue','risk','dependency')),"
    "  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN"
    "    ('new','accepted','in_progress','resolved','declined','duplicate','snoozed')),"
    "  severity INTEGER CHECK (severity BETWEEN 1 AND 4),"
    "  waiting_on_id INTEGER REFERENCES department(id),"
    "  owner TEXT,"
    "  raised_by TEXT NOT NULL,"
    "  raised_at TEXT NOT NULL,"
    "  needed_by TEXT,"
    "  sla_due TEXT,"
    "  snoozed_until TEXT,"
    "  duplicate_of INTEGER REFERENCES blocker(id),"
    "  escalation_level INTEGER NOT NULL DEFAULT 0,"
    "  escalated_to TEXT,"
    "  escalated_at TEXT,"
    "  reason TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX blocker_state ON blocker(state, severity, raised_at);"
    "CREATE INDEX blocker_project ON blocker(project_id, state);"
    "CREATE INDEX blocker_waiting_on ON blocker(waiting_on_id, state);"
    "CREATE INDEX blocker_sla ON blocker(sla_due);"
    /* Covers the roll-up's pass over open blockers (department health). */
    "CREATE INDEX blocker_open ON blocker(state, project_id, waiting_on_id, severity);"
    "CREATE TABLE indicator ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  department_id INTEGER REFERENCES department(id),"
    "  owner TEXT,"
    "  unit TEXT,"
    "  format TEXT NOT NULL DEFAULT 'number',"
    "  direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up','down')),"
    "  target REAL,"
    "  amber REAL,"
    "  red REAL,"
    "  stale_days INTEGER NOT NULL DEFAULT 0,"
    "  project_id INTEGER REFERENCES project(id),"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX indicator_department ON indicator(department_id, key);"
    "CREATE TABLE reading ("
    "  id INTEGER PRIMARY KEY,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,"
    "  at TEXT NOT NULL,"
    "  value REAL NOT NULL,"
    "  note TEXT,"
    "  recorded_by TEXT,"
    "  UNIQUE (indicator_id, at)"
    ");"
    "CREATE TABLE standup ("
    "  id INTEGER PRIMARY KEY,"
    "  facilitator TEXT NOT NULL,"
    "  since TEXT,"
    "  started_at TEXT NOT NULL,"
    "  ended_at TEXT,"
    "  current_department_id INTEGER REFERENCES department(id),"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE TABLE standup_department ("
    "  standup_id INTEGER NOT NULL REFERENCES standup(id) ON DELETE CASCADE,"
    "  department_id INTEGER NOT NULL REFERENCES department(id),"
    "  seconds_spent INTEGER NOT NULL DEFAULT 0,"
    "  skipped INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (standup_id, department_id)"
    ");"
    "CREATE TABLE standup_entry ("
    "  id INTEGER PRIMARY KEY,"
    "  standup_id INTEGER NOT NULL REFERENCES standup(id) ON DELETE CASCADE,"
    "  department_id INTEGER REFERENCES department(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('note','decision','action','parking')),"
    "  text TEXT NOT NULL,"
    "  owner TEXT,"
    "  due TEXT,"
    "  done INTEGER NOT NULL DEFAULT 0,"
    "  created_by TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX standup_entry_standup ON standup_entry(standup_id, department_id);"
    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_id INTEGER,"
    "  entity_key TEXT,"
    "  action TEXT NOT NULL,"
    "  field TEXT,"
    "  old TEXT,"
    "  new TEXT"
    ");"
    "CREATE INDEX event_entity ON event(entity, entity_id, id);"
    "CREATE INDEX event_entity_key ON event(entity, entity_key, id);"
    "CREATE INDEX event_at ON event(at);"
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL,"
    "  pid INTEGER NOT NULL,"
    "  host TEXT,"
    "  started_at TEXT NOT NULL,"
    "  heartbeat_at TEXT NOT NULL"
    ");",
    /* 1 -> 2: targets that change over time. A row holds the target and
     * thresholds in force from from_at on; a reading is judged by the row
     * in force at its time, else by the indicator's own columns. */
    "CREATE TABLE indicator_target ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,"
    "  from_at TEXT NOT NULL,"
    "  target REAL,"
    "  amber REAL,"
    "  red REAL,"
    "  PRIMARY KEY (indicator_id, from_at)"
    ") WITHOUT ROWID;",
    /* 2 -> 3: presence says where each colleague is and what they look at;
     * expired rows are found by their heartbeat. */
    "ALTER TABLE session ADD COLUMN tty TEXT;"
    "ALTER TABLE session ADD COLUMN view TEXT;"
    "CREATE INDEX session_heartbeat ON session (heartbeat_at);",
    /* 3 -> 4: full-text search over open blockers' titles and details, to
     * find possible duplicates while triaging (ranked by bm25). The index
     * keeps no copy of the text (content='blocker') and holds open blockers
     * only: triggers add a blocker when it opens or its words change and
     * take it out when it closes, so a verdict that keeps it open does not
     * touch the index, and closed history costs nothing. Comments are
     * audit rows (action "comment"). */
    "CREATE VIRTUAL TABLE blocker_fts USING fts5("
    "  title, detail, content='blocker', content_rowid='id', detail=column,"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    "CREATE TRIGGER blocker_fts_insert AFTER INSERT ON blocker"
    " WHEN new.state IN ('new','accepted','in_progress','snoozed') BEGIN"
    "  INSERT INTO blocker_fts (rowid, title, detail) VALUES (new.id, new.title, new.detail);"
    " END;"
    "CREATE TRIGGER blocker_fts_delete AFTER DELETE ON blocker"
    " WHEN old.state IN ('new','accepted','in_progress','snoozed') BEGIN"
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"
    "    VALUES ('delete', old.id, old.title, old.detail);"
    " END;"
    "CREATE TRIGGER blocker_fts_update AFTER UPDATE OF title, detail, state ON blocker"
    " WHEN old.title IS NOT new.title OR old.detail IS NOT new.detail"
    "  OR (old.state IN ('new','accepted','in_progress','snoozed'))"
    "  <> (new.state IN ('new','accepted','in_progress','snoozed')) BEGIN"
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"
    "    SELECT 'delete', old.id, old.title, old.detail"
    "    WHERE old.state IN ('new','accepted','in_progress','snoozed');"
    "  INSERT INTO blocker_fts (rowid, title, detail) SELECT new.id, new.title, new.detail"
    "    WHERE new.state IN ('new','accepted','in_progress','snoozed');"
    " END;"
    "INSERT INTO blocker_fts (rowid, title, detail) SELECT id, title, detail FROM blocker"
    " WHERE state IN ('new','accepted','in_progress','snoozed');",
    /* 4 -> 5: keyset windows over open blockers. The cockpit's orders are
     * made of expressions (an unset severity sorts last, keys sort by
     * their number); as virtual generated columns they cost no space in
     * the rows, and indexes over them let a window seek to the row after
     * the last one shown, whatever its depth: urgency and triage order
     * (sla_due covered, for telling breached rows apart), key, age. Only
     * open blockers are indexed, which is what the cockpit lists. */
    "ALTER TABLE blocker ADD COLUMN sev_rank INTEGER"
    " GENERATED ALWAYS AS (COALESCE(severity, 5)) VIRTUAL;"
    "ALTER TABLE blocker ADD COLUMN key_num INTEGER"
    " GENERATED ALWAYS AS (CAST(substr(key, 3) AS INTEGER)) VIRTUAL;"
    "CREATE INDEX blocker_open_triage ON blocker(sev_rank, raised_at, key_num, sla_due)"
    " WHERE state IN ('new','accepted','in_progress','snoozed');"
    "CREATE INDEX blocker_open_key ON blocker(key_num, key)"
    " WHERE state IN ('new','accepted','in_progress','snoozed');"
    "CREATE INDEX blocker_open_age ON blocker(raised_at, key_num)"
    " WHERE state IN ('new','accepted','in_progress','snoozed');",
    /* 5 -> 6: entering triage and every verdict first ask whether a snooze
     * is due; by the state index alone that read every snoozed blocker (a
     * million blockers snooze some 25,000). Indexed by wake time, it is one
     * seek. */
    "CREATE INDEX blocker_snoozed ON blocker(snoozed_until) WHERE state = 'snoozed';",
    /* 6 -> 7: filtering as you type asks the full-text index for words
     * starting with the letters typed; the first letter or two alone merge
     * the posting lists of every word starting with them (14 ms at a
     * million blockers). Prefix indexes of one and two characters answer
     * those from one list (0.2 ms). An FTS5 table's options are fixed at
     * creation: the index is made again, with the same triggers. */
    "DROP TRIGGER blocker_fts_insert;"
    "DROP TRIGGER blocker_fts_delete;"
    "DROP TRIGGER blocker_fts_update;"
    "DROP TABLE blocker_fts;"
    "CREATE VIRTUAL TABLE blocker_fts USING fts5("
    "  title, detail, content='blocker', content_rowid='id', detail=column, prefix='1 2',"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    "CREATE TRIGGER blocker_fts_insert AFTER INSERT ON blocker"
    " WHEN new.state IN ('new','accepted','in_progress','snoozed') BEGIN"
    "  INSERT INTO blocker_fts (rowid, title, detail) VALUES (new.id, new.title, new.detail);"
    " END;"
    "CREATE TRIGGER blocker_fts_delete AFTER DELETE ON blocker"
    " WHEN old.state IN ('new','accepted','in_progress','snoozed') BEGIN"
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"
    "    VALUES ('delete', old.id, old.title, old.detail);"
    " END;"
    "CREATE TRIGGER blocker_fts_update AFTER UPDATE OF title, detail, state ON blocker"
    " WHEN old.title IS NOT new.title OR old.detail IS NOT new.detail"
    "  OR (old.state IN ('new','accepted','in_progress','snoozed'))"
    "  <> (new.state IN ('new','accepted','in_progress','snoozed')) BEGIN"
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"
    "    SELECT 'delete', old.id, old.title, old.detail"
    "    WHERE old.state IN ('new','accepted','in_progress','snoozed');"
    "  INSERT INTO blocker_fts (rowid, title, detail) SELECT new.id, new.title, new.detail"
    "    WHERE new.state IN ('new','accepted','in_progress','snoozed');"
    " END;"
    "INSERT INTO blocker_fts (rowid, title, detail) SELECT id, title, detail FROM blocker"
    " WHERE state IN ('new','accepted','in_progress','snoozed');",
};

const int schema_migration_count = sizeof schema_migrations / sizeof schema_migrations[0];

_Static_assert(sizeof schema_migrations / sizeof schema_migrations[0] == STORE_SCHEMA_VERSION,
               "STORE_SCHEMA_VERSION must count the migrations");
