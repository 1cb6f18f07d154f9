-- Objectives (objective.h). An objective belongs to a department or to
-- the company (department_id NULL) and may sit under a parent objective.
-- Its key results are indicators or projects, one of the two per row; an
-- indicator's baseline is its value when the period began, NULL to read
-- it from the readings. Check-ins record confidence from 1 to 10; projects
-- serve objectives, many to many.
CREATE TABLE objective (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  period TEXT NOT NULL,
  owner TEXT,
  department_id INTEGER REFERENCES department(id),
  parent_id INTEGER REFERENCES objective(id),
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active','draft','done','dropped')),
  description TEXT,
  updated_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX objective_parent ON objective(parent_id);
CREATE INDEX objective_department ON objective(department_id, key);
CREATE INDEX objective_key_lower ON objective(lower(key));
CREATE TABLE objective_result (
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES objective(id) ON DELETE CASCADE,
  indicator_id INTEGER REFERENCES indicator(id) ON DELETE CASCADE,
  project_id INTEGER REFERENCES project(id) ON DELETE CASCADE,
  baseline REAL,
  CHECK ((indicator_id IS NULL) <> (project_id IS NULL))
);
CREATE UNIQUE INDEX objective_result_indicator ON objective_result(objective_id, indicator_id)
  WHERE indicator_id IS NOT NULL;
CREATE UNIQUE INDEX objective_result_project ON objective_result(objective_id, project_id)
  WHERE project_id IS NOT NULL;
CREATE INDEX objective_result_of_indicator ON objective_result(indicator_id)
  WHERE indicator_id IS NOT NULL;
CREATE INDEX objective_result_of_project ON objective_result(project_id)
  WHERE project_id IS NOT NULL;
CREATE TABLE objective_checkin (
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES objective(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  confidence INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 10),
  note TEXT,
  who TEXT NOT NULL
);
CREATE INDEX objective_checkin_objective ON objective_checkin(objective_id, at);
CREATE INDEX objective_checkin_at ON objective_checkin(at);
CREATE TABLE project_objective (
  project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  objective_id INTEGER NOT NULL REFERENCES objective(id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, objective_id)
) WITHOUT ROWID;
CREATE INDEX project_objective_reverse ON project_objective(objective_id);
