#!/usr/bin/env bash
# Restart-to-first-sync: how long after a kill -9 mid-run a restarted Koppel syncs the connection again.
#
#   bench/restart-recovery.sh [--jar path/to/koppel.jar] [--persons 300] [--give-up 240]
#
# Starts a throwaway Radicale (no auth) and Koppel (H2 in a temp data dir), makes N persons of the
# admin, connects the admin to a Radicale address book, waits until the first run is under way,
# kills the Koppel JVM with SIGKILL, starts it again on the same data dir and measures, from
# "Koppel answers HTTP" on:
#   - first run started:       a run of the connection begins again (scheduled or sync now), by its startedAt;
#   - first sync now accepted: the first POST .../runs that is not a 409 "syncing right now";
#   - first run succeeded:     the first run started after the restart (scheduled or sync now) that succeeded.
# A figure above --give-up seconds is printed as ">N s". Everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=""; persons=300; give_up=240
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --persons) persons=$2; shift 2 ;;
    --give-up) give_up=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export JAVA_HOME; JAVA_HOME=$(bin/find-jdk)
if [ -z "$jar" ]; then
  ./mvnw -q -B -DskipTests package >/dev/null
  jar=$(ls target/koppel-*.jar | grep -v original | head -1)
fi

work=$(mktemp -d /tmp/koppel-restart-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dav_port=$(free_port); http_port=$(free_port)
password=bench-$RANDOM$RANDOM
api="http://127.0.0.1:$http_port/api/v1"
koppel_pid=""; radicale_pid=""
cleanup() {
  [ -n "$koppel_pid" ] && kill -9 "$koppel_pid" 2>/dev/null || true
  [ -n "$radicale_pid" ] && kill "$radicale_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; }

radicale --storage-filesystem-folder="$work/radicale" --server-hosts="127.0.0.1:$dav_port" --auth-type=none \
  --logging-level=warning >"$work/radicale.log" 2>&1 &
radicale_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$dav_port/"; do sleep 0.1; done
book="http://127.0.0.1:$dav_port/bench/contacts/"
curl -sf -u bench:x -X MKCOL -H 'Content-Type: application/xml' "$book" --data-binary @- >/dev/null <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><d:displayname>Bench</d:displayname>
</d:prop></d:set></d:mkcol>
XML

start_koppel() {
  KOPPEL_DATA_DIR="$work/data" KOPPEL_ADMIN_PASSWORD=$password KOPPEL_PORT=$http_port \
    "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" >>"$work/koppel.log" 2>&1 &
  koppel_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$password" "$api/connections")" = 200 ]; do
    kill -0 "$koppel_pid" 2>/dev/null || { echo "Koppel did not start:" >&2; tail -20 "$work/koppel.log" >&2; exit 1; }
    sleep 0.05
  done
}
call() { curl -s -u "admin:$password" -H 'Content-Type: application/json' "$@"; }

start_koppel
employees=$(call "$api/employees")
admin=$(jq '[.[] | select(.login == "admin")][0].id // 1' <<<"$employees" 2>/dev/null) \
  || { echo "cannot list the employees: $employees" >&2; exit 1; }
for i in $(seq 1 "$persons"); do
  call -o /dev/null -d "{\"firstName\":\"Bench$i\",\"lastName\":\"Herstart\",\"managerId\":$admin}" "$api/persons"
done
connection=$(call -d "{\"type\":\"carddav\",\"name\":\"bench\",\"settings\":{\"url\":\"$book\",\"username\":\"bench\"},\"secret\":\"x\"}" \
  "$api/connections" | jq .id)
# The scheduler starts the first run; kill the node once it has done some of it.
while [ "$(call "$api/connections/$connection/progress" | jq '.done // 0')" -lt $((persons / 4)) ]; do sleep 0.1; done
killed_run=$(call "$api/connections/$connection/progress" | jq .runId)
kill -9 "$koppel_pid"; wait "$koppel_pid" 2>/dev/null || true
echo "killed Koppel mid-run ($(ls "$work/radicale/collection-root/bench/contacts" | grep -c vcf || true) of $persons cards written)"

launched=$(now)
start_koppel
started=$(now)
accepted=""; succeeded=""
while [ -z "$succeeded" ] || [ -z "$accepted" ]; do
  if [ -z "$accepted" ]; then
    code=$(call -o /dev/null -w '%{http_code}' -X POST "$api/connections/$connection/runs")
    if [ "$code" != 409 ]; then accepted=$(since "$started"); fi
  fi
  if [ -z "$succeeded" ] && call "$api/connections/$connection/runs" \
      | jq -e '[.[] | select(.status == "SUCCEEDED")] | length > 0' >/dev/null; then
    succeeded=$(since "$started")
  fi
  if python3 -c "import sys; sys.exit(0 if $(now) - $started > $give_up else 1)"; then
    accepted=${accepted:->$give_up}; succeeded=${succeeded:->$give_up}
  fi
  sleep 0.5
done
progress=$(call "$api/connections/$connection/progress")
interrupted=$(call "$api/connections/$connection/runs" | jq -r '[.[] | select(.errorKind != null)] | map(.errorKind + ": " + (.errorMessage // "")) | .[0] // "none"')
echo "persons: $persons"
echo "restart: JVM launch -> Koppel answers HTTP: $(python3 -c "print(f'{$started - $launched:.1f}')") s; the figures below count from there"
echo "restart -> first sync now accepted (not 409): ${accepted} s"
echo "restart -> first run succeeded: ${succeeded} s"
echo "progress after that: $progress"
first_start=$(call "$api/connections/$connection/runs" | jq -r "[.[] | select(.id > $killed_run)] | min_by(.id) | .startedAt // empty")
if [ -n "$first_start" ]; then
  python3 - "$first_start" "$launched" "$started" <<'PY'
import sys
from datetime import datetime
run = datetime.fromisoformat(sys.argv[1].replace("Z", "+00:00")).timestamp()
print(f"restart -> first run started, by the server's clock: {run - float(sys.argv[3]):.1f} s "
      f"({run - float(sys.argv[2]):.1f} s after the JVM launch)")
PY
fi
echo "first run after the restart: $(call "$api/connections/$connection/runs" | jq -r "[.[] | select(.id > $killed_run)] | min_by(.id) | if . == null then \"none\" else \"\(.trigger) \(.status), \(.startedAt) to \(.finishedAt)\" end")"
echo "the killed run's record: $interrupted"
