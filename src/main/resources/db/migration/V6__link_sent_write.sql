-- A peer write whose outcome a run did not store (it died, or Koppel's side of the merge failed):
-- sent = {"against": peer version written against, "slots": [...], "values": {...}}, null once the
-- link is stored after the write. unsure = JSON array of slots whose agreed value is not known.
-- See sync/Sent.java and sync/Base.java.
ALTER TABLE sync_link ADD COLUMN unsure VARCHAR(2000);
ALTER TABLE sync_link ADD COLUMN sent VARCHAR(8000);
