-- A verdict that keeps a blocker where it counts no longer moves the
-- roll-up: the triggers fire only for a change that alters what they
-- count, not for every write naming one of their columns.
DROP TRIGGER rollup_blocker_update;
DROP TRIGGER rollup_flow_update;

-- A row here, inside one transaction, holds the per-blocker triggers back
-- while a statement that changes many blockers at once (waking every due
-- snooze) moves the counts itself in one grouped statement.
CREATE TABLE rollup_hold (id INTEGER PRIMARY KEY);

-- Open and new blockers per department: a blocker opening or closing,
-- becoming new or not, moving to another project or waiting on another
-- department.
CREATE TRIGGER rollup_blocker_update AFTER UPDATE OF state, project_id, waiting_on_id ON blocker
WHEN ((OLD.state IN ('new','accepted','in_progress','snoozed')) IS NOT (NEW.state IN ('new','accepted','in_progress','snoozed'))
  OR (OLD.state = 'new') IS NOT (NEW.state = 'new')
  OR OLD.project_id IS NOT NEW.project_id OR OLD.waiting_on_id IS NOT NEW.waiting_on_id)
  AND NOT EXISTS (SELECT 1 FROM rollup_hold)
BEGIN
  UPDATE department_stats SET open_blockers = open_blockers - 1, new_blockers = new_blockers - (OLD.state = 'new') WHERE (OLD.state IN ('new','accepted','in_progress','snoozed')) AND (department_id = (SELECT department_id FROM project WHERE id = OLD.project_id) OR department_id = OLD.waiting_on_id OR department_id = 0);
   UPDATE department_stats SET open_blockers = open_blockers + 1, new_blockers = new_blockers + (NEW.state = 'new') WHERE (NEW.state IN ('new','accepted','in_progress','snoozed')) AND (department_id = (SELECT department_id FROM project WHERE id = NEW.project_id) OR department_id = NEW.waiting_on_id OR department_id = 0);
END;

-- A project's health: one of its open blockers changing severity, opening
-- or closing, or moving to another project.
CREATE TRIGGER rollup_blocker_health AFTER UPDATE OF state, severity, project_id ON blocker
WHEN (OLD.state IN ('new','accepted','in_progress','snoozed')) IS NOT (NEW.state IN ('new','accepted','in_progress','snoozed'))
  OR OLD.severity IS NOT NEW.severity OR OLD.project_id IS NOT NEW.project_id
BEGIN
  UPDATE project SET derived = (CASE WHEN (project.status IN ('done','cancelled')) THEN 1 WHEN project.health = 'green' THEN 1 WHEN project.health = 'amber' THEN 2 WHEN project.health = 'red' THEN 3 WHEN (project.due IS NOT NULL AND substr(project.due,1,10) < (SELECT today FROM rollup_day) AND NOT (project.status IN ('done','cancelled'))) THEN 3 WHEN EXISTS (SELECT 1 FROM blocker hb WHERE hb.project_id = project.id AND hb.severity = 1 AND (hb.state IN ('new','accepted','in_progress','snoozed'))) THEN 3 WHEN project.due IS NOT NULL AND substr(project.due,1,10) <= (SELECT soon FROM rollup_day) AND project.progress < 80 THEN 2 WHEN EXISTS (SELECT 1 FROM blocker hb WHERE hb.project_id = project.id AND hb.severity = 2 AND (hb.state IN ('new','accepted','in_progress','snoozed'))) THEN 2 WHEN EXISTS (SELECT 1 FROM project_dependency hd JOIN project hq ON hq.id = hd.depends_on_id WHERE hd.project_id = project.id AND hq.red_self) THEN 2 ELSE 1 END), red_self = COALESCE((NOT (project.status IN ('done','cancelled')) AND (project.health = 'red' OR (project.health IS NULL AND ((project.due IS NOT NULL AND substr(project.due,1,10) < (SELECT today FROM rollup_day) AND NOT (project.status IN ('done','cancelled'))) OR EXISTS (SELECT 1 FROM blocker hb WHERE hb.project_id = project.id AND hb.severity = 1 AND (hb.state IN ('new','accepted','in_progress','snoozed'))))))), 0) WHERE id IN (OLD.project_id, NEW.project_id) AND (((OLD.state IN ('new','accepted','in_progress','snoozed')) AND OLD.severity IN (1, 2)) OR ((NEW.state IN ('new','accepted','in_progress','snoozed')) AND NEW.severity IN (1, 2)));
END;

-- The flows: a blocker opening or closing, changing flow or raising time,
-- passing its SLA as of the roll-up's day or no longer, or, once closed,
-- changing the day it closed on.
CREATE TRIGGER rollup_flow_update AFTER UPDATE OF state, from_id, waiting_on_id, raised_at, sla_due, updated_at ON blocker
WHEN ((OLD.state IN ('new','accepted','in_progress','snoozed')) IS NOT (NEW.state IN ('new','accepted','in_progress','snoozed'))
  OR OLD.from_id IS NOT NEW.from_id OR OLD.waiting_on_id IS NOT NEW.waiting_on_id
  OR OLD.raised_at IS NOT NEW.raised_at
  OR (NEW.state IN ('resolved','declined','duplicate')
    AND substr(OLD.updated_at, 1, 10) IS NOT substr(NEW.updated_at, 1, 10))
  OR ((OLD.state IS NOT NEW.state OR OLD.sla_due IS NOT NEW.sla_due)
    AND COALESCE(OLD.state IN ('new','accepted','in_progress')
    AND OLD.sla_due < ((SELECT today FROM rollup_day) || 'T00:00:00Z'), 0)
    IS NOT COALESCE(NEW.state IN ('new','accepted','in_progress')
    AND NEW.sla_due < ((SELECT today FROM rollup_day) || 'T00:00:00Z'), 0)))
  AND NOT EXISTS (SELECT 1 FROM rollup_hold)
BEGIN
  UPDATE flow_cell SET open = open - 1,   raised_sum = raised_sum - unixepoch(OLD.raised_at),   late = late - COALESCE(OLD.state IN ('new','accepted','in_progress')    AND OLD.sla_due < ((SELECT today FROM rollup_day) || 'T00:00:00Z'), 0)   WHERE from_id = OLD.from_id AND to_id = COALESCE(OLD.waiting_on_id, 0)   AND OLD.state IN ('new','accepted','in_progress','snoozed');
  INSERT INTO flow_cell (from_id, to_id, open, raised_sum, oldest, late)   SELECT NEW.from_id, COALESCE(NEW.waiting_on_id, 0), 1,    unixepoch(NEW.raised_at), NEW.raised_at,    COALESCE(NEW.state IN ('new','accepted','in_progress')     AND NEW.sla_due < ((SELECT today FROM rollup_day) || 'T00:00:00Z'), 0)   WHERE NEW.from_id IS NOT NULL AND NEW.state IN ('new','accepted','in_progress','snoozed')   ON CONFLICT (from_id, to_id) DO UPDATE SET open = open + 1,    raised_sum = raised_sum + excluded.raised_sum, late = late + excluded.late,    oldest = CASE WHEN oldest IS NULL OR excluded.oldest < oldest THEN excluded.oldest     ELSE oldest END;
  UPDATE flow_cell SET oldest = (SELECT b.raised_at FROM blocker b   WHERE b.from_id = OLD.from_id AND b.waiting_on_id IS OLD.waiting_on_id   AND b.state IN ('new','accepted','in_progress','snoozed') ORDER BY b.raised_at LIMIT 1)   WHERE from_id = OLD.from_id AND to_id = COALESCE(OLD.waiting_on_id, 0)   AND OLD.state IN ('new','accepted','in_progress','snoozed') AND oldest = OLD.raised_at;
  UPDATE flow_day SET open = open - 1 WHERE day = substr(OLD.raised_at, 1, 10)   AND OLD.from_id IS NOT NULL AND OLD.state IN ('new','accepted','in_progress','snoozed');
  INSERT INTO flow_day (day, open) SELECT substr(NEW.raised_at, 1, 10), 1   WHERE NEW.from_id IS NOT NULL AND NEW.state IN ('new','accepted','in_progress','snoozed')   ON CONFLICT (day) DO UPDATE SET open = open + 1;
  UPDATE flow_span SET n = n - 1 WHERE closed_day = substr(OLD.updated_at, 1, 10)   AND raised_day = substr(OLD.raised_at, 1, 10) AND OLD.from_id IS NOT NULL   AND OLD.state IN ('resolved','declined','duplicate');
  INSERT INTO flow_span (closed_day, raised_day, n)   SELECT substr(NEW.updated_at, 1, 10), substr(NEW.raised_at, 1, 10), 1   WHERE NEW.from_id IS NOT NULL AND NEW.state IN ('resolved','declined','duplicate')   ON CONFLICT (closed_day, raised_day) DO UPDATE SET n = n + 1;
END;
