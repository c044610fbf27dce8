-- The security stamp of an employee: raised whenever what a sign-in was granted stops being true
-- (deactivated, role changed, password set or changed). A UI session remembers the stamp it
-- signed in with and ends at its next request once the stored stamp differs (security/SessionGuard).
ALTER TABLE employee ADD COLUMN security_stamp BIGINT NOT NULL DEFAULT 0;
