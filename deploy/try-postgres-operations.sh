#!/usr/bin/env bash
# Repeats on one machine what docs/operations.md ("PostgreSQL: settings, backups, restore, standby") says, end to end,
# with the installed PostgreSQL binaries and the site itself:
#   1. a primary with WAL archiving, the site migrated and seeded on it, a base backup;
#   2. complaints filed, the time noted, more filed, two with a photo through the web form; pg_dump -Fc, then the files
#      copied; pg_restore into a fresh database and the files back but one, the site started on the copy, a complaint
#      opened there with its reference and access code, a photo downloaded and the missing one answering 404;
#   3. point-in-time recovery of the base backup to the noted time: the first complaints are there, the later ones not;
#   4. a streaming standby (pg_basebackup -R), the site on a multi-host connection string filing in a loop, the primary
#      killed, the standby promoted: every acknowledged complaint counted on the new primary;
#   5. the same failover again with synchronous replication (synchronous_standby_names).
# Not part of ./test.sh. Everything lives under $ROOT and is stopped at the end; run it as root or as a user that may
# run PostgreSQL (as root, the servers run as the postgres user).
#
#   deploy/try-postgres-operations.sh                 # publishes the site once into $ROOT/app
#   APP_DLL=/path/Complaints.Web.dll deploy/try-postgres-operations.sh
set -euo pipefail

ROOT=${ROOT:-/tmp/complaints-pgops}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
P1=${P1:-56411}   # the first primary
P2=${P2:-56412}   # its standby, promoted in step 4
P3=${P3:-56413}   # the point-in-time copy
WEB=${WEB:-5191}  # the site
KEY=operations-trial-key
LOOPS=${LOOPS:-4} # parallel filing clients during a failover
REPO=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '\n=== %s\n' "$*"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { local port=$1; shift; as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -X -At -v ON_ERROR_STOP=1 "$@"; }
pgctl() { as_pg "$PG_BIN/pg_ctl" "$@"; }

cleanup() (
  set +e
  [ -f "$ROOT/web.pid" ] && kill "$(cat "$ROOT/web.pid")" 2>/dev/null
  for d in primary standby pitr; do
    [ -f "$ROOT/$d/postmaster.pid" ] && pgctl -D "$ROOT/$d" -m immediate stop >/dev/null 2>&1
  done
  true
)
trap cleanup EXIT

cleanup
for port in $P1 $P2 $P3 $WEB; do
  ss -ltn | grep -q "127.0.0.1:$port " && { echo "port $port is taken: choose others with P1=, P2=, P3=, WEB=" >&2; exit 1; }
done
rm -rf "$ROOT/primary" "$ROOT/standby" "$ROOT/pitr" "$ROOT/base" "$ROOT/wal" "$ROOT/backup" "$ROOT/files" "$ROOT/files-restored" "$ROOT"/*.log "$ROOT"/*.pid "$ROOT"/loop-*
mkdir -p "$ROOT/wal" "$ROOT/backup" "$ROOT/files"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT" "$ROOT/wal" "$ROOT/backup"

if [ -z "${APP_DLL:-}" ]; then
  say "publishing the site into $ROOT/app"
  dotnet publish "$REPO/src/Complaints.Web" -c Release -o "$ROOT/app" --nologo -v quiet
  APP_DLL=$ROOT/app/Complaints.Web.dll
fi

# Staff sessions' keys are encrypted with a certificate outside Development (docs/security.md).
if [ ! -f "$ROOT/keys.pfx" ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj /CN=complaints-keys -keyout "$ROOT/keys.key" \
    -out "$ROOT/keys.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$ROOT/keys.key" -in "$ROOT/keys.crt" -out "$ROOT/keys.pfx" -passout pass:trial
fi

start_web() { # connection string
  (cd "$(dirname "$APP_DLL")" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$WEB" \
    Database__Provider=Postgres ConnectionStrings__Postgres="$1" Bootstrap__ApiKey=$KEY \
    Bootstrap__AdminPassword='Trial-of-operations-2026!' Storage__Path="${FILES:-$ROOT/files}" RateLimiting__Enabled=false \
    DataProtection__Certificate__Path="$ROOT/keys.pfx" DataProtection__Certificate__Password=trial \
    dotnet "$APP_DLL" >>"$ROOT/web.log" 2>&1) &
  echo $! >"$ROOT/web.pid"
  for _ in $(seq 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$WEB/health/ready" && { echo "site ready on :$WEB ($1)"; return; }
    kill -0 "$(cat "$ROOT/web.pid")" 2>/dev/null || { wait "$(cat "$ROOT/web.pid")"; echo "the site exited ($?)" >&2; break; }
    sleep 0.5
  done
  echo "the site did not become ready; see $ROOT/web.log" >&2; exit 1
}
stop_web() { kill "$(cat "$ROOT/web.pid")"; while kill -0 "$(cat "$ROOT/web.pid")" 2>/dev/null; do sleep 0.2; done; rm "$ROOT/web.pid"; }

# Files one complaint through Open311; prints "HTTP-status reference access-code".
file_one() {
  local body status
  body=$(curl -s -m "${2:-15}" -w '\n%{http_code}' -X POST "http://127.0.0.1:$WEB/open311/v2/requests.json" \
    --data-urlencode api_key=$KEY --data-urlencode jurisdiction_id=sefrou --data-urlencode service_code=voirie \
    --data-urlencode "description=$1 : nid-de-poule devant le numéro 12" --data-urlencode "address_string=Avenue Hassan II") || true
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  if [ "$status" = 200 ] || [ "$status" = 201 ]; then
    echo "$status $(jq -r '.[0].service_request_id + " " + .[0].access_code' <<<"$body")"
  else
    [ -f "$ROOT/failure.txt" ] || echo "$body" >"$ROOT/failure.txt"
    echo "${status:-000} - -"
  fi
}

# Opens a complaint's private page with its reference and access code, as a citizen does at /track.
track() {
  local jar page token
  jar=$(mktemp)
  page=$(curl -s -c "$jar" "http://127.0.0.1:$WEB/track")
  token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')
  curl -s -L -b "$jar" -c "$jar" "http://127.0.0.1:$WEB/track" --data-urlencode "Reference=$1" \
    --data-urlencode "Code=$2" --data-urlencode "__RequestVerificationToken=$token" | grep -o '<h1>.*</h1>' | sed 's/<[^>]*>//g' | head -1
  rm -f "$jar"
}

# A complaint with a photo, filed through the web form as a citizen does; prints "reference access-code".
file_with_photo() {
  local jar page token receipt
  jar=$(mktemp)
  page=$(curl -s -c "$jar" "http://127.0.0.1:$WEB/sefrou/file")
  token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')
  receipt=$(curl -s -L -b "$jar" -c "$jar" "http://127.0.0.1:$WEB/sefrou/file" -F "__RequestVerificationToken=$token" \
    -F Input.Kind=Complaint -F Input.Category=voirie -F "Input.Description=$1 : un lampadaire tombé sur le trottoir" \
    -F "photos=@$ROOT/photo.png;type=image/png")
  rm -f "$jar"
  echo "$(grep -o '<span class="reference">[^<]*' <<<"$receipt" | head -1 | sed 's/.*>//')" \
    "$(grep -o '<span class="secret">[^<]*' <<<"$receipt" | head -1 | sed 's/.*>//')"
}
# Opens a complaint's first attachment as its citizen does from /track; prints the HTTP status.
attachment_status() {
  local jar page id
  jar=$(mktemp)
  page=$(curl -s -c "$jar" "http://127.0.0.1:$WEB/track")
  token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')
  page=$(curl -s -L -b "$jar" -c "$jar" "http://127.0.0.1:$WEB/track" --data-urlencode "Reference=$1" \
    --data-urlencode "Code=$2" --data-urlencode "__RequestVerificationToken=$token")
  id=$(grep -o 'handler=Attachment&amp;id=[0-9]*' <<<"$page" | head -1 | sed 's/.*=//')
  echo "attachment $id listed, download answers $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" \
    "http://127.0.0.1:$WEB/track/$1?handler=Attachment&id=$id")"
  rm -f "$jar"
}
# A small orange PNG, written without any image tool.
python3 -c '
import struct, sys, zlib
def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\0" + b"\xff\x80\x00" * 64 for _ in range(48))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0))
  + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))' >"$ROOT/photo.png"

# ---------------------------------------------------------------------------------------------------------------
say "1. a primary on :$P1 with WAL archiving into $ROOT/wal"
as_pg "$PG_BIN/initdb" -D "$ROOT/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --data-checksums >/dev/null
cat >>"$ROOT/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$ROOT'
max_connections = 200
shared_buffers = 256MB
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ROOT/wal/%f && cp %p $ROOT/wal/%f'
max_wal_senders = 10
wal_keep_size = 512MB
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
EOF
pgctl -D "$ROOT/primary" -l "$ROOT/primary.log" -w start >/dev/null
sql $P1 -c "SHOW wal_level" -c "SHOW archive_mode" -c "SHOW max_connections" -c "SHOW shared_buffers"
start_web "Host=127.0.0.1;Port=$P1;Username=postgres;Database=complaints;Maximum Pool Size=40"
sql $P1 -d complaints -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'

say "base backup (for point-in-time recovery) into $ROOT/base"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p $P1 -U postgres -D "$ROOT/base" -Fp -X stream -c fast -l nightly-base
ls "$ROOT/base" | tr '\n' ' '; echo

say "2. complaints filed before and after a noted time"
sql $P1 -d complaints -c 'SELECT pg_stat_statements_reset()' >/dev/null
before=(); after=()
for i in 1 2 3; do read -r _ ref code < <(file_one "avant $i"); before+=("$ref"); echo "filed $ref (access code $code)"; [ $i = 1 ] && { first_ref=$ref; first_code=$code; }; done
sleep 1
noted=$(sql $P1 -c "SELECT now()")
echo "noted time: $noted"
sleep 1
for i in 1 2 3; do read -r _ ref _ < <(file_one "après $i"); after+=("$ref"); echo "filed $ref"; done
read -r photo1_ref photo1_code < <(file_with_photo "photo 1"); echo "filed $photo1_ref with a photo (web form)"
read -r photo2_ref photo2_code < <(file_with_photo "photo 2"); echo "filed $photo2_ref with a photo (web form)"
echo "the site's costliest statements so far (pg_stat_statements):"
sql $P1 -d complaints -F ' | ' -c "SELECT calls, round(total_exec_time)::int || ' ms', left(regexp_replace(query, '\s+', ' ', 'g'), 70)
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 5"
sql $P1 -c "SELECT pg_switch_wal()" >/dev/null
for _ in $(seq 60); do
  [ "$(sql $P1 -c "SELECT last_archived_wal = pg_walfile_name(pg_current_wal_lsn() - 1) FROM pg_stat_archiver")" = t ] && break
  sleep 0.5
done
sql $P1 -c "SELECT 'archived: ' || archived_count || ', last ' || last_archived_wal || ', failed: ' || failed_count FROM pg_stat_archiver"

say "logical backup: pg_dump -Fc, restored into a fresh database"
as_pg "$PG_BIN/pg_dump" -h 127.0.0.1 -p $P1 -U postgres -Fc -f "$ROOT/backup/complaints.dump" complaints
ls -l "$ROOT/backup/complaints.dump"
echo "attachments copied after the dump: rsync -a $ROOT/files/ $ROOT/backup/files/"
rsync -a "$ROOT/files/" "$ROOT/backup/files/"
find "$ROOT/backup/files" -type f | sed "s|$ROOT/backup/files/||"
sql $P1 -c 'CREATE DATABASE complaints_restored'
as_pg "$PG_BIN/pg_restore" -h 127.0.0.1 -p $P1 -U postgres -d complaints_restored --no-owner --exit-on-error "$ROOT/backup/complaints.dump"
sql $P1 -d complaints_restored -c 'ANALYZE' -c "SELECT count(*) || ' complaints in the restored copy' FROM \"Complaints\""
stop_web
rsync -a "$ROOT/backup/files/" "$ROOT/files-restored/"
lost=$(sql $P1 -d complaints_restored -c "SELECT a.\"StorageKey\" FROM \"Attachments\" a JOIN \"Complaints\" c ON c.\"Id\" = a.\"ComplaintId\" WHERE c.\"Reference\" = '$photo2_ref'")
rm "$ROOT/files-restored/$lost"
echo "restored files into $ROOT/files-restored, without $lost (the photo of $photo2_ref), to see what a missing file shows"
FILES=$ROOT/files-restored start_web "Host=127.0.0.1;Port=$P1;Username=postgres;Database=complaints_restored"
echo "$photo1_ref: $(attachment_status "$photo1_ref" "$photo1_code")"
echo "$photo2_ref: $(attachment_status "$photo2_ref" "$photo2_code")"
echo "the tracking page on the restored copy, $first_ref with its access code: $(track "$first_ref" "$first_code")"
echo "the same reference with a wrong code: $(track "$first_ref" WRONG-CODE)"
stop_web

say "3. point-in-time recovery of the base backup to $noted, on :$P3"
cp -a "$ROOT/base" "$ROOT/pitr"
cat >>"$ROOT/pitr/postgresql.auto.conf" <<EOF
port = $P3
archive_mode = off
restore_command = 'cp $ROOT/wal/%f %p'
recovery_target_time = '$noted'
recovery_target_action = 'promote'
EOF
touch "$ROOT/pitr/recovery.signal"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$ROOT/pitr/recovery.signal"
pgctl -D "$ROOT/pitr" -l "$ROOT/pitr.log" -w start >/dev/null
for _ in $(seq 120); do [ "$(sql $P3 -c 'SELECT pg_is_in_recovery()')" = f ] && break; sleep 0.5; done
grep -E 'recovery stopping|starting point-in-time|archive recovery complete' "$ROOT/pitr.log" | sed 's/^.*LOG: *//'
for ref in "${before[@]}" "${after[@]}"; do
  echo "$ref: $(sql $P3 -d complaints -c "SELECT CASE WHEN count(*) = 1 THEN 'there' ELSE 'absent' END FROM \"Complaints\" WHERE \"Reference\" = '$ref'")"
done
pgctl -D "$ROOT/pitr" -m fast -w stop >/dev/null

# ---------------------------------------------------------------------------------------------------------------
# Files in $LOOPS parallel loops until $ROOT/stop exists, descriptions starting with $1; each line: time status reference.
filing_loops() {
  rm -f "$ROOT/stop" "$ROOT"/loop-*.txt "$ROOT/failure.txt"
  loops=()
  for n in $(seq "$LOOPS"); do
    (i=0; while [ ! -f "$ROOT/stop" ]; do
       i=$((i + 1)); echo "$(date +%H:%M:%S.%3N) $(file_one "$1 $n-$i")" >>"$ROOT/loop-$n.txt"
     done) &
    loops+=($!)
  done
}
# Counts what the clients were told against what the server on port $1 holds of the round $2.
count_acknowledged() {
  local port=$1 all acked rows missing
  all=$(cat "$ROOT"/loop-*.txt | sort)
  acked=$(awk '$2 ~ /^20[01]$/ {print $3}' <<<"$all" | sort -u)
  echo "filings tried: $(wc -l <<<"$all"); acknowledged: $(grep -c . <<<"$acked"); answers by status:" \
    "$(awk '{print $2}' <<<"$all" | sort | uniq -c | tr '\n' ' ')"
  awk '$2 !~ /^20[01]$/' <<<"$all" | sed -n '1p;$p' | sed 's/^/  first and last failure: /'
  [ -f "$ROOT/failure.txt" ] && echo "  a failure's body: $(head -c 300 "$ROOT/failure.txt")"
  rows=$(sql "$port" -d complaints -c "SELECT \"Reference\" FROM \"Complaints\" WHERE \"Description\" LIKE '$2 %'" | sort -u)
  missing=$(comm -23 <(echo "$acked") <(echo "$rows") | grep -c . || true)
  echo "rows on the new primary from the loops: $(grep -c . <<<"$rows"); acknowledged but missing: $missing;" \
    "there but never acknowledged: $(comm -13 <(echo "$acked") <(echo "$rows") | grep -c . || true)"
}
# Kills the primary in $1 (port $3) mid-filing and promotes the standby in $2; the round's filings start with $4.
failover() {
  filing_loops "$4"
  sleep 8
  echo "connections of the site to the primary while filing: $(sql "$3" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'complaints'")"
  echo "$(date +%H:%M:%S.%3N) killing the primary ($1) with pg_ctl stop -m immediate"
  pgctl -D "$ROOT/$1" -m immediate stop >/dev/null
  sleep 3 # what an operator or a monitor takes to decide
  echo "$(date +%H:%M:%S.%3N) promoting $2"
  pgctl -D "$ROOT/$2" -w promote
  sleep 15
  touch "$ROOT/stop"; wait "${loops[@]}"
  echo "$(date +%H:%M:%S.%3N) loops stopped"
}
MULTI="Host=127.0.0.1:$P1,127.0.0.1:$P2;Target Session Attributes=primary;Host Recheck Seconds=2;Username=postgres;Database=complaints;Maximum Pool Size=40"

say "4. a hot standby on :$P2 by streaming replication (pg_basebackup -R)"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p $P1 -U postgres -D "$ROOT/standby" -R -X stream -c fast
echo "port = $P2" >>"$ROOT/standby/postgresql.auto.conf"
pgctl -D "$ROOT/standby" -l "$ROOT/standby.log" -w start >/dev/null
sleep 1
sql $P1 -c "SELECT 'replication: ' || application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication"
sql $P2 -c "SELECT 'standby in recovery: ' || pg_is_in_recovery()"
start_web "$MULTI"
say "asynchronous replication: filing in $LOOPS loops, primary killed, standby promoted"
failover primary standby $P1 asynchrone
count_acknowledged $P2 asynchrone
echo "after the switch: $(file_one 'après bascule')"

say "5. the old primary rebuilt as a standby of the new one, replication made synchronous"
rm -rf "$ROOT/primary"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p $P2 -U postgres -D "$ROOT/primary" -R -X stream -c fast
echo "port = $P1" >>"$ROOT/primary/postgresql.auto.conf"
pgctl -D "$ROOT/primary" -l "$ROOT/primary.log" -w start >/dev/null
sql $P2 -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
sql $P2 -c "SELECT 'replication: ' || application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication"
echo "standby stopped: a filing now waits for it"
pgctl -D "$ROOT/primary" -m fast -w stop >/dev/null
echo "  $(date +%H:%M:%S) $(file_one 'sans standby' 5) (status 000: no answer within 5 s)"
pgctl -D "$ROOT/primary" -l "$ROOT/primary.log" -w start >/dev/null
sleep 2
echo "  standby back: $(sql $P2 -d complaints -c "SELECT count(*) || ' row(s) of the waiting filing committed' FROM \"Complaints\" WHERE \"Description\" LIKE 'sans standby%'")"
say "synchronous replication: filing in $LOOPS loops, primary killed, standby promoted"
failover standby primary $P2 synchrone
count_acknowledged $P1 synchrone
echo "after the switch: $(file_one 'après seconde bascule')"
say "done; logs in $ROOT"
