-- Urgency order (past the SLA first, then severity, oldest, key) reached
-- through an index for the lists that show a department's or a flow's
-- most urgent open blockers, so that each reads the rows it shows:
-- waiting on a department (a stand-up page's "others wait on us"), of a
-- department's projects (its "we wait on others", those waiting on it
-- left out), and of one flow, from a department's projects to the
-- department waited on (the flow view's cell). Each carries the SLA time
-- and the state, so telling a breached blocker from one in time needs no
-- row; a flow's count and breached count are read from its index alone.
CREATE INDEX blocker_wait_urgency ON blocker(waiting_on_id, sev_rank, raised_at, key_num,
  sla_due, state) WHERE state IN ('new','accepted','in_progress','snoozed');
CREATE INDEX blocker_from_urgency ON blocker(from_id, sev_rank, raised_at, key_num, sla_due,
  state, waiting_on_id) WHERE state IN ('new','accepted','in_progress','snoozed');
CREATE INDEX blocker_flow_urgency ON blocker(from_id, waiting_on_id, sev_rank, raised_at,
  key_num, sla_due, state) WHERE state IN ('new','accepted','in_progress','snoozed');
-- A department's open projects at risk in the stand-up's order (red
-- first, then those with a due date, soonest first, then by key): the
-- page reads the first few and the roll-up counts them all.
CREATE INDEX project_at_risk ON project(department_id, derived DESC, (due IS NULL), due, key)
  WHERE NOT (status IN ('done','cancelled')) AND derived >= 2;
