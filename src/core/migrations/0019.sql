-- A stand-up page's indicators off target, red first, then by key: the
-- first few are a range, where the department's index read all its
-- indicators and sorted those off target; and the blockers waiting on a
-- department, summed over its column of flows without reading the others.
CREATE INDEX indicator_off ON indicator(department_id, status DESC, key) WHERE status >= 2;
CREATE INDEX flow_cell_to ON flow_cell(to_id, open);
