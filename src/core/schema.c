/*
 * The schema, as forward-only migrations: migrations[i] takes the database
 * from user_version i to i + 1. Never edit a migration that has shipped;
 * append a new one.
 */
#include "schema.h"

#include "baton/store.h"
#include "internal.h"

/* A migration is one literal, longer than C99's 4095-character minimum;
 * gcc and clang take any length. */
#pragma GCC diagnostic ignored "-Woverlength-strings"

/* What row r (NEW or OLD) adds to (op "+") or takes from (op "-") its
 * departments' counts. */
#define BLOCKER_CONTRIB(r, op)                                                                   \
    "UPDATE department_stats SET open_blockers = open_blockers " op " 1,"                        \
    " new_blockers = new_blockers " op " (" r ".state = 'new')"                                  \
    " WHERE " SQL_BLOCKER_OPEN(r) " AND (department_id ="                                        \
    " (SELECT department_id FROM project WHERE id = " r ".project_id)"                           \
    " OR department_id = " r ".waiting_on_id OR department_id = 0);"
/* Projects and indicators count in their department and in row 0; the
 * health and status counts are the department's only. */
#define PROJECT_CONTRIB(r, op)                                                                   \
    "UPDATE department_stats SET projects = projects " op " 1,"                                  \
    " p1 = p1 " op " (department_id <> 0 AND " r ".status NOT IN ('done','cancelled')"           \
    "  AND " r ".derived = 1),"                                                                  \
    " p2 = p2 " op " (department_id <> 0 AND " r ".status NOT IN ('done','cancelled')"           \
    "  AND " r ".derived = 2),"                                                                  \
    " p3 = p3 " op " (department_id <> 0 AND " r ".status NOT IN ('done','cancelled')"           \
    "  AND " r ".derived = 3)"                                                                   \
    " WHERE department_id IN (" r ".department_id, 0);"
#define INDICATOR_CONTRIB(r, op)                                                                 \
    "UPDATE department_stats SET indicators = indicators " op " 1,"                              \
    " i1 = i1 " op " (department_id <> 0 AND " r ".status = 1),"                                 \
    " i2 = i2 " op " (department_id <> 0 AND " r ".status = 2),"                                 \
    " i3 = i3 " op " (department_id <> 0 AND " r ".status = 3)"                                  \
    " WHERE department_id = " r ".department_id OR department_id = 0;"
/* An open blocker of severity 1 or 2 in row r bears on its project's health. */
#define BEARS(r) "(" SQL_BLOCKER_OPEN(r) " AND " r ".severity IN (1, 2))"
/* Open blockers of the project row NEW not waiting on department dep
 * (those waiting on it count for it either way), all or new only. */
#define MOVED_BLOCKERS(dep, extra)                                                               \
    "(SELECT count(*) FROM blocker b WHERE b.project_id = NEW.id AND " SQL_BLOCKER_OPEN("b")     \
    extra " AND b.waiting_on_id IS NOT " dep ")"

#define ROLLUP_TRIGGERS_V8                                                                       \
    "CREATE TRIGGER rollup_department_insert AFTER INSERT ON department BEGIN"                   \
    "  INSERT OR IGNORE INTO department_stats (department_id) VALUES (NEW.id);"                  \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_department_delete AFTER DELETE ON department BEGIN"                   \
    "  DELETE FROM department_stats WHERE department_id = OLD.id;"                               \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_blocker_insert AFTER INSERT ON blocker BEGIN "                        \
    BLOCKER_CONTRIB("NEW", "+")                                                                  \
    ROLLUP_PROJECT_RECOMPUTE("id = NEW.project_id AND " BEARS("NEW"))                            \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_blocker_delete AFTER DELETE ON blocker BEGIN "                        \
    BLOCKER_CONTRIB("OLD", "-")                                                                  \
    ROLLUP_PROJECT_RECOMPUTE("id = OLD.project_id AND " BEARS("OLD"))                            \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_blocker_update AFTER UPDATE OF state, severity, project_id,"          \
    " waiting_on_id ON blocker WHEN OLD.state IS NOT NEW.state"                                  \
    " OR OLD.severity IS NOT NEW.severity OR OLD.project_id IS NOT NEW.project_id"               \
    " OR OLD.waiting_on_id IS NOT NEW.waiting_on_id BEGIN "                                      \
    BLOCKER_CONTRIB("OLD", "-") BLOCKER_CONTRIB("NEW", "+")                                      \
    ROLLUP_PROJECT_RECOMPUTE("id IN (OLD.project_id, NEW.project_id)"                            \
                             " AND (" BEARS("OLD") " OR " BEARS("NEW") ")")                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_insert AFTER INSERT ON project BEGIN "                        \
    PROJECT_CONTRIB("NEW", "+") ROLLUP_PROJECT_RECOMPUTE("id = NEW.id")                          \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_delete AFTER DELETE ON project BEGIN "                         \
    PROJECT_CONTRIB("OLD", "-")                                                                  \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_inputs AFTER UPDATE OF status, health, progress, due"         \
    " ON project WHEN OLD.status IS NOT NEW.status OR OLD.health IS NOT NEW.health"              \
    " OR OLD.progress IS NOT NEW.progress OR OLD.due IS NOT NEW.due BEGIN "                      \
    ROLLUP_PROJECT_RECOMPUTE("id = NEW.id")                                                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_counts AFTER UPDATE OF derived, status, department_id"        \
    " ON project WHEN OLD.derived IS NOT NEW.derived OR OLD.status IS NOT NEW.status"            \
    " OR OLD.department_id IS NOT NEW.department_id BEGIN "                                      \
    PROJECT_CONTRIB("OLD", "-") PROJECT_CONTRIB("NEW", "+")                                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_move AFTER UPDATE OF department_id ON project"                \
    " WHEN OLD.department_id IS NOT NEW.department_id BEGIN"                                     \
    "  UPDATE department_stats SET"                                                              \
    "   open_blockers = open_blockers - " MOVED_BLOCKERS("OLD.department_id", "") ","            \
    "   new_blockers = new_blockers - "                                                          \
    MOVED_BLOCKERS("OLD.department_id", " AND b.state = 'new'")                                   \
    "   WHERE department_id = OLD.department_id;"                                                \
    "  UPDATE department_stats SET"                                                              \
    "   open_blockers = open_blockers + " MOVED_BLOCKERS("NEW.department_id", "") ","            \
    "   new_blockers = new_blockers + "                                                          \
    MOVED_BLOCKERS("NEW.department_id", " AND b.state = 'new'")                                   \
    "   WHERE department_id = NEW.department_id;"                                                \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_project_red AFTER UPDATE OF red_self ON project"                      \
    " WHEN OLD.red_self IS NOT NEW.red_self BEGIN "                                              \
    ROLLUP_PROJECT_RECOMPUTE_DERIVED("id IN (SELECT project_id FROM project_dependency"          \
                                     " WHERE depends_on_id = NEW.id)")                           \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_dependency_insert AFTER INSERT ON project_dependency BEGIN "          \
    ROLLUP_PROJECT_RECOMPUTE_DERIVED("id = NEW.project_id")                                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_dependency_delete AFTER DELETE ON project_dependency BEGIN "          \
    ROLLUP_PROJECT_RECOMPUTE_DERIVED("id = OLD.project_id")                                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_indicator_insert AFTER INSERT ON indicator BEGIN "                    \
    INDICATOR_CONTRIB("NEW", "+") ROLLUP_INDICATOR_RECOMPUTE("id = NEW.id")                      \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_indicator_delete AFTER DELETE ON indicator BEGIN "                    \
    INDICATOR_CONTRIB("OLD", "-")                                                                \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_indicator_inputs AFTER UPDATE OF direction, target, amber, red"       \
    " ON indicator BEGIN "                                                                       \
    ROLLUP_INDICATOR_RECOMPUTE("id = NEW.id")                                                    \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_indicator_counts AFTER UPDATE OF status, department_id ON indicator"  \
    " WHEN OLD.status IS NOT NEW.status OR OLD.department_id IS NOT NEW.department_id BEGIN "    \
    INDICATOR_CONTRIB("OLD", "-") INDICATOR_CONTRIB("NEW", "+")                                  \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_reading_insert AFTER INSERT ON reading BEGIN "                        \
    ROLLUP_INDICATOR_RECOMPUTE("id = NEW.indicator_id")                                          \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_reading_delete AFTER DELETE ON reading BEGIN "                        \
    ROLLUP_INDICATOR_RECOMPUTE("id = OLD.indicator_id")                                          \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_reading_update AFTER UPDATE ON reading BEGIN "                        \
    ROLLUP_INDICATOR_RECOMPUTE("id IN (OLD.indicator_id, NEW.indicator_id)")                     \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_target_insert AFTER INSERT ON indicator_target BEGIN "                \
    ROLLUP_INDICATOR_RECOMPUTE("id = NEW.indicator_id")                                          \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_target_delete AFTER DELETE ON indicator_target BEGIN "                \
    ROLLUP_INDICATOR_RECOMPUTE("id = OLD.indicator_id")                                          \
    " END;"                                                                                      \
    "CREATE TRIGGER rollup_target_update AFTER UPDATE ON indicator_target BEGIN "                \
    ROLLUP_INDICATOR_RECOMPUTE("id IN (OLD.indicator_id, NEW.indicator_id)")                     \
    " END;"

/* The full-text index over open blockers is made again whenever its
 * options change (migrations 7 and 10): these are the parts every version
 * shares, word for word as migration 4 made them. The triggers keep it to
 * open blockers, and the last statement fills it from the table. */
#define BLOCKER_FTS_DROP                                                                         \
    "DROP TRIGGER blocker_fts_insert;"                                                           \
    "DROP TRIGGER blocker_fts_delete;"                                                           \
    "DROP TRIGGER blocker_fts_update;"                                                           \
    "DROP TABLE blocker_fts;"
#define BLOCKER_FTS_KEPT                                                                         \
    "CREATE TRIGGER blocker_fts_insert AFTER INSERT ON blocker"                                  \
    " WHEN new.state IN ('new','accepted','in_progress','snoozed') BEGIN"                        \
    "  INSERT INTO blocker_fts (rowid, title, detail) VALUES (new.id, new.title, new.detail);"   \
    " END;"                                                                                      \
    "CREATE TRIGGER blocker_fts_delete AFTER DELETE ON blocker"                                  \
    " WHEN old.state IN ('new','accepted','in_progress','snoozed') BEGIN"                        \
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"                              \
    "    VALUES ('delete', old.id, old.title, old.detail);"                                      \
    " END;"                                                                                      \
    "CREATE TRIGGER blocker_fts_update AFTER UPDATE OF title, detail, state ON blocker"          \
    " WHEN old.title IS NOT new.title OR old.detail IS NOT new.detail"                           \
    "  OR (old.state IN ('new','accepted','in_progress','snoozed'))"                             \
    "  <> (new.state IN ('new','accepted','in_progress','snoozed')) BEGIN"                       \
    "  INSERT INTO blocker_fts (blocker_fts, rowid, title, detail)"                              \
    "    SELECT 'delete', old.id, old.title, old.detail"                                         \
    "    WHERE old.state IN ('new','accepted','in_progress','snoozed');"                         \
    "  INSERT INTO blocker_fts (rowid, title, detail) SELECT new.id, new.title, new.detail"      \
    "    WHERE new.state IN ('new','accepted','in_progress','snoozed');"                         \
    " END;"                                                                                      \
    "INSERT INTO blocker_fts (rowid, title, detail) SELECT id, title, detail FROM blocker"       \
    " WHERE state IN ('new','accepted','in_progress','snoozed');"

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
    BLOCKER_FTS_KEPT,
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
    BLOCKER_FTS_DROP
    "CREATE VIRTUAL TABLE blocker_fts USING fts5("
    "  title, detail, content='blocker', content_rowid='id', detail=column, prefix='1 2',"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    BLOCKER_FTS_KEPT,
    /* 7 -> 8: the departments pane's roll-up, kept by triggers in the same
     * transaction as every write instead of computed over every project and
     * open blocker per frame (1.4 s at a million blockers). rollup.c owns
     * it: rollup_day is the day the date-dependent parts were computed for
     * ('' until the first full computation), and rollup_ready() moves it.
     * The trigger bodies are the fragments of internal.h as of this
     * version; changing those fragments needs a migration recreating the
     * triggers. */
    "CREATE TABLE rollup_day ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  today TEXT NOT NULL,"
    "  soon TEXT NOT NULL"
    ");"
    "INSERT INTO rollup_day (id, today, soon) VALUES (1, '', '');"
    "CREATE UNIQUE INDEX department_order ON department(sort_order, key);"
    /* The triage queue (new blockers in triage order): its window and a
     * blocker's place in it are read from this index alone, where the
     * index over every open blocker needed each row's state. */
    "CREATE INDEX blocker_new_triage ON blocker(sev_rank, raised_at, key_num)"
    " WHERE state = 'new';"
    /* Row 0 is the whole organisation (blockers, projects and indicators,
     * without the health and status counts). */
    "CREATE TABLE department_stats ("
    "  department_id INTEGER PRIMARY KEY,"
    "  open_blockers INTEGER NOT NULL DEFAULT 0,"
    "  new_blockers INTEGER NOT NULL DEFAULT 0,"
    "  p1 INTEGER NOT NULL DEFAULT 0, p2 INTEGER NOT NULL DEFAULT 0,"
    "  p3 INTEGER NOT NULL DEFAULT 0,"
    "  i1 INTEGER NOT NULL DEFAULT 0, i2 INTEGER NOT NULL DEFAULT 0,"
    "  i3 INTEGER NOT NULL DEFAULT 0,"
    "  projects INTEGER NOT NULL DEFAULT 0,"
    "  indicators INTEGER NOT NULL DEFAULT 0"
    ");"
    "INSERT INTO department_stats (department_id) SELECT id FROM department UNION ALL SELECT 0;"
    "ALTER TABLE project ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE project ADD COLUMN red_self INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE indicator ADD COLUMN status INTEGER NOT NULL DEFAULT 0;"
    ROLLUP_TRIGGERS_V8,
    /* 8 -> 9: filtering the projects and indicators panes as you type was
     * a substring test over every row (some 40 ms a letter over 100,000
     * projects). As over open blockers, a filter is now a word-prefix
     * match on a full-text index of the key and title (name), kept by
     * triggers, with prefix indexes of one and two characters for the
     * first letters, or the start of a key, found through an index of the
     * keys in lower case. */
    "CREATE VIRTUAL TABLE project_fts USING fts5("
    "  key, title, content='project', content_rowid='id', prefix='1 2',"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    "CREATE TRIGGER project_fts_insert AFTER INSERT ON project BEGIN"
    "  INSERT INTO project_fts (rowid, key, title) VALUES (new.id, new.key, new.title);"
    " END;"
    "CREATE TRIGGER project_fts_delete AFTER DELETE ON project BEGIN"
    "  INSERT INTO project_fts (project_fts, rowid, key, title)"
    "    VALUES ('delete', old.id, old.key, old.title);"
    " END;"
    "CREATE TRIGGER project_fts_update AFTER UPDATE OF key, title ON project"
    " WHEN old.key IS NOT new.key OR old.title IS NOT new.title BEGIN"
    "  INSERT INTO project_fts (project_fts, rowid, key, title)"
    "    VALUES ('delete', old.id, old.key, old.title);"
    "  INSERT INTO project_fts (rowid, key, title) VALUES (new.id, new.key, new.title);"
    " END;"
    "INSERT INTO project_fts (rowid, key, title) SELECT id, key, title FROM project;"
    "CREATE INDEX project_key_lower ON project(lower(key));"
    "CREATE VIRTUAL TABLE indicator_fts USING fts5("
    "  key, name, content='indicator', content_rowid='id', prefix='1 2',"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    "CREATE TRIGGER indicator_fts_insert AFTER INSERT ON indicator BEGIN"
    "  INSERT INTO indicator_fts (rowid, key, name) VALUES (new.id, new.key, new.name);"
    " END;"
    "CREATE TRIGGER indicator_fts_delete AFTER DELETE ON indicator BEGIN"
    "  INSERT INTO indicator_fts (indicator_fts, rowid, key, name)"
    "    VALUES ('delete', old.id, old.key, old.name);"
    " END;"
    "CREATE TRIGGER indicator_fts_update AFTER UPDATE OF key, name ON indicator"
    " WHEN old.key IS NOT new.key OR old.name IS NOT new.name BEGIN"
    "  INSERT INTO indicator_fts (indicator_fts, rowid, key, name)"
    "    VALUES ('delete', old.id, old.key, old.name);"
    "  INSERT INTO indicator_fts (rowid, key, name) VALUES (new.id, new.key, new.name);"
    " END;"
    "INSERT INTO indicator_fts (rowid, key, name) SELECT id, key, name FROM indicator;"
    "CREATE INDEX indicator_key_lower ON indicator(lower(key));",
    /* 9 -> 10: the third and fourth letters typed into the blockers pane's
     * filter merged the posting lists of every word starting with them
     * (3 ms at a million blockers, whatever the cap); prefix indexes of
     * three and four characters answer them from one list (0.1 ms). The
     * index is made again, as in migration 7. */
    BLOCKER_FTS_DROP
    "CREATE VIRTUAL TABLE blocker_fts USING fts5("
    "  title, detail, content='blocker', content_rowid='id', detail=column,"
    "  prefix='1 2 3 4', tokenize='unicode61 remove_diacritics 2'"
    ");"
    BLOCKER_FTS_KEPT,
    /* 10 -> 11: the organisation's time zone (an IANA name), which gives
     * it a calendar: today, due dates, the roll-up's day, the days between
     * stand-ups. Every database so far kept UTC's calendar, and keeps it
     * until its organisation names a zone. */
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('timezone', 'UTC');",
};

const int schema_migration_count = sizeof schema_migrations / sizeof schema_migrations[0];

_Static_assert(sizeof schema_migrations / sizeof schema_migrations[0] == STORE_SCHEMA_VERSION,
               "STORE_SCHEMA_VERSION must count the migrations");
