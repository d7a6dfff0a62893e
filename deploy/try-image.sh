#!/usr/bin/env bash
# Runs the container image built by `dotnet publish /t:PublishContainer` without a container engine: unpacks its
# layers (umoci) into a root filesystem, starts the image's own entry point there as the image's user, with the image's
# environment, in mount and process namespaces of its own (pivot_root, as an engine does), on this machine's network;
# then checks /health/ready and prints a receipt in French and in Arabic to PDF with the Chromium inside the image.
#
#   deploy/try-image.sh [artifacts/complaints-image.tar]      leaves it running (folder: $ROOT)
#   deploy/try-image.sh stop
#
# Needs root, umoci, jq, curl, poppler-utils (pdffonts) and the postgresql package (a server of its own, port 55433).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/deploy/trial-lib.sh"
ROOT=${ROOT:-/var/tmp/complaints-image}
PG_PORT=${PG_PORT:-55433}
PORT=${PORT:-5083}
ARCHIVE=${1:-$REPO/artifacts/complaints-image.tar}
SITE=http://127.0.0.1:$PORT

# unshare --fork ignores SIGTERM and waits for its child, the site: the site is the one stopped.
stop_site() {
  if [ -s "$ROOT/site.pid" ] && pkill -TERM -P "$(cat "$ROOT/site.pid")"; then
    while kill -0 "$(cat "$ROOT/site.pid")" 2>/dev/null; do sleep 0.5; done
  fi
  rm -f "$ROOT/site.pid"
  if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is taken" >&2; exit 1; fi
}
if [ "${1:-}" = stop ]; then stop_site; stop_postgres "$ROOT/pg"; exit 0; fi
stop_site

# 1. The image's layers, in order, into bundle/rootfs; umoci also writes the runtime configuration the image asks for.
rm -rf "$ROOT/layout" "$ROOT/bundle" && mkdir -p "$ROOT/layout"
tar -xf "$ARCHIVE" -C "$ROOT/layout"
umoci unpack --image "$ROOT/layout:latest" "$ROOT/bundle" >/dev/null
RFS=$ROOT/bundle/rootfs
uid=$(jq -r .process.user.uid "$ROOT/bundle/config.json")
gid=$(jq -r .process.user.gid "$ROOT/bundle/config.json")
cwd=$(jq -r .process.cwd "$ROOT/bundle/config.json")
mapfile -t image_env < <(jq -r '.process.env[]' "$ROOT/bundle/config.json")
mapfile -t image_args < <(jq -r '.process.args[]' "$ROOT/bundle/config.json")
echo "image: user $uid:$gid, working folder $cwd, entry point ${image_args[*]}"

# 2. What the deployment gives the container: a database, the data-protection certificate, the first password.
start_postgres "$ROOT/pg" "$PG_PORT"
make_secrets "$ROOT/secrets"
install -d "$RFS/run/secrets" && install -m 400 -o "$uid" -g "$gid" "$ROOT/secrets/keys.pfx" "$RFS/run/secrets/keys.pfx"

# 3. The image's entry point as its user; the deployment's settings after the image's own environment.
run_env=("${image_env[@]}"
  "ASPNETCORE_URLS=$SITE"
  "Database__Provider=Postgres"
  "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$PG_PORT;Database=complaints;Username=complaints;Password=complaints"
  "DataProtection__Certificate__Path=/run/secrets/keys.pfx"
  "DataProtection__Certificate__Password=$(cat "$ROOT/secrets/keys.password")"
  "Bootstrap__AdminPassword=$(cat "$ROOT/secrets/admin.password")")
# shellcheck disable=SC2016
unshare --mount --pid --fork --propagation private --kill-child=SIGTERM bash -c '
  set -e
  rfs=$1 uid=$2 gid=$3 cwd=$4; shift 4
  mount --bind "$rfs" "$rfs"
  mount -t proc proc "$rfs/proc"
  mount --rbind /dev "$rfs/dev"
  mount --rbind /sys "$rfs/sys"
  mount -t tmpfs -o mode=1777 tmpfs "$rfs/tmp"
  cp /etc/resolv.conf "$rfs/etc/resolv.conf" 2>/dev/null || true
  mkdir -p "$rfs/.oldroot"
  cd "$rfs" && pivot_root . .oldroot && cd /
  umount -l /.oldroot && rmdir /.oldroot
  cd "$cwd"
  exec setpriv --reuid="$uid" --regid="$gid" --clear-groups env -i "$@"
' image "$RFS" "$uid" "$gid" "$cwd" "${run_env[@]}" "${image_args[@]}" >"$ROOT/site.log" 2>&1 &
echo $! >"$ROOT/site.pid"
wait_for "$SITE/health/ready" 180

# 4. What the image must do.
check "/health/ready answers 200 from the image" test "$(curl -s -o /dev/null -w '%{http_code}' "$SITE/health/ready")" = 200
site_pid=$(pgrep -f "^${image_args[*]}\$" | head -1 || true)
check "the site runs as uid $uid, not root" bash -c "[ -n '$site_pid' ] && [ \"\$(stat -c %u /proc/$site_pid)\" = '$uid' ] && [ '$uid' != 0 ]"
W=$(mktemp -d)
ref=$(file_and_print "$SITE" "$W/fr.jar" "$W/fr.pdf")
check "a receipt ($ref) prints to PDF with the image's Chromium" is_pdf "$W/fr.pdf"
# The language the citizen chose, as the language switch leaves it.
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Culture\tc%%3Dar%%7Cuic%%3Dar\n' >"$W/ar.jar"
ref=$(file_and_print "$SITE" "$W/ar.jar" "$W/ar.pdf")
check "an Arabic receipt ($ref) prints with an Arabic Noto font embedded" bash -c "pdffonts '$W/ar.pdf' | grep -qi 'Noto.*Arab'"
pdffonts "$W/ar.pdf" | tail -n +3 | awk '{print "      font: " $1}' | sort -u
rm -rf "$W"
echo "log: $ROOT/site.log; stop: $0 stop"
exit "$CHECKS_FAILED"
