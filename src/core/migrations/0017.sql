-- When an indicator's status changed (changes.c): a row per reading
-- whose status, judged by the thresholds in force at its time, differs
-- from the previous reading's (the first reading counts from unknown,
-- 0). A stand-up page asks only the indicators with a row in its window
-- where they stood at both ends, instead of every indicator of the
-- department. Kept by triggers whoever writes: a reading added, moved,
-- changed or removed re-judges it and the reading after it; a change of
-- an indicator's thresholds or of its targets over time re-judges all its
-- readings. Named rollup_* so that the demo generator, which fills the
-- table once at its end (rollup.c), drops them while it writes.
CREATE TABLE indicator_crossing (
  indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  department_id INTEGER,
  PRIMARY KEY (indicator_id, at)
) WITHOUT ROWID;
CREATE INDEX indicator_crossing_department ON indicator_crossing(department_id, at);
-- Each reading with its status under the thresholds in force at its time.
CREATE VIEW reading_status AS
SELECT hr.id AS id, hr.indicator_id AS indicator_id, hr.at AS at, i.department_id AS department_id,
  (CASE WHEN (hr.value) IS NULL THEN 0
   WHEN i.direction = 'down' THEN (CASE
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) IS NOT NULL
     AND (hr.value) > (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) THEN 3
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) IS NOT NULL
     AND (hr.value) > (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) THEN 2
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) IS NOT NULL
     OR (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) IS NOT NULL THEN 1
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.target ELSE ht.target END) IS NOT NULL
     AND (hr.value) > (CASE WHEN ht.indicator_id IS NULL THEN i.target ELSE ht.target END) THEN 3
    ELSE 1 END)
   ELSE (CASE
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) IS NOT NULL
     AND (hr.value) < (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) THEN 3
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) IS NOT NULL
     AND (hr.value) < (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) THEN 2
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.red ELSE ht.red END) IS NOT NULL
     OR (CASE WHEN ht.indicator_id IS NULL THEN i.amber ELSE ht.amber END) IS NOT NULL THEN 1
    WHEN (CASE WHEN ht.indicator_id IS NULL THEN i.target ELSE ht.target END) IS NOT NULL
     AND (hr.value) < (CASE WHEN ht.indicator_id IS NULL THEN i.target ELSE ht.target END) THEN 3
    ELSE 1 END) END) AS status
FROM reading hr JOIN indicator i ON i.id = hr.indicator_id
LEFT JOIN indicator_target ht ON ht.indicator_id = hr.indicator_id AND ht.from_at =
  (SELECT max(hm.from_at) FROM indicator_target hm WHERE hm.indicator_id = hr.indicator_id
   AND hm.from_at <= hr.at);
-- A reading's status against the one before it (0 for the first).
CREATE VIEW reading_crossing AS
SELECT r.indicator_id AS indicator_id, r.at AS at, r.department_id AS department_id,
  r.status AS status,
  COALESCE((SELECT p.status FROM reading_status p WHERE p.indicator_id = r.indicator_id
    AND p.at < r.at ORDER BY p.at DESC LIMIT 1), 0) AS before
FROM reading_status r;
INSERT INTO indicator_crossing (indicator_id, at, department_id)
SELECT indicator_id, at, department_id FROM
  (SELECT indicator_id, at, department_id, status,
     lag(status, 1, 0) OVER (PARTITION BY indicator_id ORDER BY at) AS before
   FROM reading_status)
WHERE status <> before;
CREATE TRIGGER rollup_crossing_reading_insert AFTER INSERT ON reading BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = NEW.indicator_id AND at >= NEW.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = NEW.indicator_id
      AND n.at > NEW.at), NEW.at);
  INSERT OR REPLACE INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = NEW.indicator_id AND at >= NEW.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = NEW.indicator_id
      AND n.at > NEW.at), NEW.at) AND status <> before;
END;
CREATE TRIGGER rollup_crossing_reading_delete AFTER DELETE ON reading BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = OLD.indicator_id AND at >= OLD.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = OLD.indicator_id
      AND n.at > OLD.at), OLD.at);
  INSERT OR REPLACE INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = OLD.indicator_id AND at > OLD.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = OLD.indicator_id
      AND n.at > OLD.at), OLD.at) AND status <> before;
END;
CREATE TRIGGER rollup_crossing_reading_update AFTER UPDATE OF indicator_id, at, value ON reading
BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = OLD.indicator_id AND at >= OLD.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = OLD.indicator_id
      AND n.at > OLD.at), OLD.at);
  INSERT OR REPLACE INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = OLD.indicator_id AND at >= OLD.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = OLD.indicator_id
      AND n.at > OLD.at), OLD.at) AND status <> before;
  DELETE FROM indicator_crossing WHERE indicator_id = NEW.indicator_id AND at >= NEW.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = NEW.indicator_id
      AND n.at > NEW.at), NEW.at);
  INSERT OR REPLACE INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = NEW.indicator_id AND at >= NEW.at
    AND at <= COALESCE((SELECT min(n.at) FROM reading n WHERE n.indicator_id = NEW.indicator_id
      AND n.at > NEW.at), NEW.at) AND status <> before;
END;
CREATE TRIGGER rollup_crossing_thresholds AFTER UPDATE OF direction, target, amber, red
  ON indicator BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = NEW.id;
  INSERT INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = NEW.id AND status <> before;
END;
CREATE TRIGGER rollup_crossing_department AFTER UPDATE OF department_id ON indicator BEGIN
  UPDATE indicator_crossing SET department_id = NEW.department_id WHERE indicator_id = NEW.id;
END;
CREATE TRIGGER rollup_crossing_target_insert AFTER INSERT ON indicator_target BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = NEW.indicator_id;
  INSERT INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = NEW.indicator_id AND status <> before;
END;
CREATE TRIGGER rollup_crossing_target_delete AFTER DELETE ON indicator_target BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id = OLD.indicator_id;
  INSERT INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id = OLD.indicator_id AND status <> before;
END;
CREATE TRIGGER rollup_crossing_target_update AFTER UPDATE ON indicator_target BEGIN
  DELETE FROM indicator_crossing WHERE indicator_id IN (OLD.indicator_id, NEW.indicator_id);
  INSERT INTO indicator_crossing (indicator_id, at, department_id)
  SELECT indicator_id, at, department_id FROM reading_crossing
  WHERE indicator_id IN (OLD.indicator_id, NEW.indicator_id) AND status <> before;
END;
