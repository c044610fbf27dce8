-- Each employee's own choice of UI language (en, nl, it) and time zone (an IANA id such as
-- Europe/Amsterdam). NULL: not chosen, so the browser's language and Koppel's default zone apply
-- (see web.ui.KoppelLocales); a stored choice is kept when Koppel's defaults change later.
ALTER TABLE employee ADD COLUMN language VARCHAR(8);
ALTER TABLE employee ADD COLUMN time_zone VARCHAR(64);
