-- A receipt may be consumed before the envelope that starts its clock (two topics, or a lagging consumer): it then
-- writes the row first, without facts or acceptance time, and the start fills them in. A row without accepted_at
-- never expires.
ALTER TABLE delivery_timers ALTER COLUMN facts DROP NOT NULL;
ALTER TABLE delivery_timers ALTER COLUMN accepted_at DROP NOT NULL;
