#!/usr/bin/env bash
# Repeats, on one machine, the trial of docs/operations.md "Deployment: two instances behind nginx": PostgreSQL, two
# instances of the site on 127.0.0.1:5081 and :5082 as a non-root user, Debian's nginx ending TLS in front of both with
# deploy/nginx/complaints.conf, then checks what a citizen and a member of staff see through nginx.
#
#   deploy/try-two-instances.sh          build, start everything, check; leaves it running (folder: $ROOT)
#   deploy/try-two-instances.sh stop     stops what it started
#
# Needs root, the .NET SDK, and the Debian packages postgresql, nginx, chromium, fonts-noto-core, openssl, curl.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/deploy/trial-lib.sh"
ROOT=${ROOT:-/var/tmp/complaints-two}
PG_PORT=${PG_PORT:-55432}
HTTPS_PORT=${HTTPS_PORT:-8443}
HTTP_PORT=${HTTP_PORT:-8080}
HOST=plaintes.localhost
SITE=https://$HOST:$HTTPS_PORT
# curl reaches nginx on 127.0.0.1 under the site's host name; --interface picks the client's own address.
RESOLVE=(--resolve "$HOST:$HTTPS_PORT:127.0.0.1" --resolve "$HOST:$HTTP_PORT:127.0.0.1")

stop_all() {
  [ -s "$ROOT/nginx/nginx.pid" ] && nginx -c "$ROOT/nginx/nginx.conf" -s quit 2>/dev/null || true
  for i in 1 2; do [ -s "$ROOT/instance$i.pid" ] && kill "$(cat "$ROOT/instance$i.pid")" 2>/dev/null || true; rm -f "$ROOT/instance$i.pid"; done
  stop_postgres "$ROOT/pg"
}
if [ "${1:-}" = stop ]; then stop_all; exit 0; fi

mkdir -p "$ROOT/nginx" "$ROOT/files" "$ROOT/secrets"

# 1. The site, published once, run by a user of its own (Chromium keeps its sandbox when not root).
id complaints >/dev/null 2>&1 || useradd --system --home-dir "$ROOT" --shell /usr/sbin/nologin complaints
if [ ! -s "$ROOT/app/Complaints.Web.dll" ]; then
  dotnet publish "$REPO/src/Complaints.Web" -c Release -o "$ROOT/app" --nologo -v quiet
fi

# 2. PostgreSQL.
start_postgres "$ROOT/pg" "$PG_PORT"

# 3. Secrets: the data-protection certificate every instance is given, the TLS certificate nginx serves (self-signed
#    here; a real one from the operator's CA or Let's Encrypt in production), the first administrator's password.
make_secrets "$ROOT/secrets"
[ -s "$ROOT/secrets/tls.crt" ] ||
  openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj "/CN=$HOST" -addext "subjectAltName=DNS:$HOST" \
    -keyout "$ROOT/secrets/tls.key" -out "$ROOT/secrets/tls.crt" 2>/dev/null
chown -R complaints "$ROOT/files" "$ROOT/secrets/keys.pfx"
chmod 400 "$ROOT/secrets/keys.pfx" "$ROOT/secrets/tls.key"

# 4. Two instances started together: one migrates and seeds, the other waits for it (Data/StartupLock.cs).
for i in 1 2; do
  [ -s "$ROOT/instance$i.pid" ] && kill -0 "$(cat "$ROOT/instance$i.pid")" 2>/dev/null && continue
  runuser -u complaints -- env -C "$ROOT/app" \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:508$i" \
    Database__Provider=Postgres \
    ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Database=complaints;Username=complaints;Password=complaints" \
    Storage__Path="$ROOT/files" \
    DataProtection__Certificate__Path="$ROOT/secrets/keys.pfx" \
    DataProtection__Certificate__Password="$(cat "$ROOT/secrets/keys.password")" \
    Bootstrap__AdminEmail=admin@plaintes.localhost \
    Bootstrap__AdminPassword="$(cat "$ROOT/secrets/admin.password")" \
    ForwardedHeaders__KnownProxies=127.0.0.1 \
    App__PublicUrl="$SITE" \
    dotnet Complaints.Web.dll >"$ROOT/instance$i.log" 2>&1 &
  echo $! >"$ROOT/instance$i.pid"
done
wait_for http://127.0.0.1:5081/health/ready
wait_for http://127.0.0.1:5082/health/ready

# 5. nginx with the deployment's own file, only its certificate paths, host name, ports and log changed.
sed -e "s#/etc/ssl/complaints/fullchain.pem#$ROOT/secrets/tls.crt#; s#/etc/ssl/complaints/privkey.pem#$ROOT/secrets/tls.key#" \
    -e "s#plaintes.example.ma#$HOST#g; s#listen 443 #listen $HTTPS_PORT #; s#listen \[::\]:443 #listen [::]:$HTTPS_PORT #" \
    -e "s#listen 80;#listen $HTTP_PORT;#; s#listen \[::\]:80;#listen [::]:$HTTP_PORT;#; s#/var/log/nginx/#$ROOT/nginx/#" \
    -e "s#https://\$host\$request_uri#https://\$host:$HTTPS_PORT\$request_uri#" \
    "$REPO/deploy/nginx/complaints.conf" >"$ROOT/nginx/complaints.conf"
cat >"$ROOT/nginx/nginx.conf" <<CONF
pid $ROOT/nginx/nginx.pid;
error_log $ROOT/nginx/error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    include $ROOT/nginx/complaints.conf;
}
CONF
nginx -t -q -c "$ROOT/nginx/nginx.conf"
if [ -s "$ROOT/nginx/nginx.pid" ] && kill -0 "$(cat "$ROOT/nginx/nginx.pid")" 2>/dev/null; then
  nginx -c "$ROOT/nginx/nginx.conf" -s reload
else
  nginx -c "$ROOT/nginx/nginx.conf"
fi
wait_for "http://127.0.0.1:5081/health/live"

# 6. What a client sees through nginx. The instance that answered is in nginx's log.
# The last address nginx tried for the last request: the instance that answered it.
last_upstream() { sleep 0.2; tail -1 "$ROOT/nginx/complaints.access.log" | sed -n 's/.*upstream="\([^"]*\)".*/\1/p' | awk -F', ' '{print $NF}'; }
W=$(mktemp -d)
as() { local ip=$1; shift; curl -sk "${RESOLVE[@]}" --interface "$ip" "$@"; }

check "https://$HOST:$HTTPS_PORT/health/ready answers 200 through nginx" \
  test "$(as 127.0.0.2 -o /dev/null -w '%{http_code}' "$SITE/health/ready")" = 200
check "plain http is sent to https" \
  test "$(as 127.0.0.2 -o /dev/null -w '%{http_code} %{redirect_url}' "http://$HOST:$HTTP_PORT/staff/login")" = "301 $SITE/staff/login"
as 127.0.0.2 -D "$W/login.headers" -o "$W/login.html" -c "$W/staff.jar" "$SITE/staff/login"
check "HSTS for a year on an answer through nginx" grep -qi '^strict-transport-security: max-age=31536000' "$W/login.headers"
check "cookies are Secure and __Host- through nginx" grep -qiE '^set-cookie: __Host-[^;]*;.*secure' "$W/login.headers"
check "no cookie without Secure" bash -c "! grep -i '^set-cookie:' '$W/login.headers' | grep -vqi secure"

# A member of staff signs in from 127.0.0.2; the session then works from any instance.
as 127.0.0.2 -b "$W/staff.jar" -c "$W/staff.jar" -o /dev/null -w '%{redirect_url}\n' "$SITE/staff/login" \
  --data-urlencode "__RequestVerificationToken=$(form_token "$W/login.html")" \
  --data-urlencode "Input.Email=admin@plaintes.localhost" --data-urlencode "Input.Password=$(cat "$ROOT/secrets/admin.password")" >"$W/signed-in"
signed_in_on=$(last_upstream)
check "the administrator signs in through nginx (on $signed_in_on)" grep -q "/staff/account" "$W/signed-in"
# Another client address that nginx sends to the other instance, and the same session cookie from there.
other=""
for n in $(seq 3 40); do
  as "127.0.0.$n" -o /dev/null "$SITE/health/live"
  if [ "$(last_upstream)" != "$signed_in_on" ]; then other=127.0.0.$n; break; fi
done
as "$other" -b "$W/staff.jar" -o "$W/account.html" -w '%{http_code}' "$SITE/staff/account" >"$W/account.code"
other_upstream=$(last_upstream)
check "the same session is signed in on the other instance ($other_upstream)" \
  bash -c "[ '$other_upstream' != '$signed_in_on' ] && [ \"\$(cat '$W/account.code')\" = 200 ] && grep -q 'admin@plaintes.localhost' '$W/account.html'"

# A citizen files and prints the receipt through nginx (Chromium in the instance).
ref=$(file_and_print "$SITE" "$W/citizen.jar" "$W/receipt.pdf" "${RESOLVE[@]}" --interface 127.0.0.2)
check "a complaint filed through nginx ($ref) prints its receipt as a PDF" is_pdf "$W/receipt.pdf"

# Request limits count the client's address, not nginx's: 20 sign-in posts a minute from one address (Login policy).
for _ in $(seq 21); do as 127.0.0.50 -o /dev/null -w '%{http_code}\n' -X POST "$SITE/staff/login"; done >"$W/limited"
check "the 21st sign-in post in a minute from one client is refused with 429" test "$(tail -1 "$W/limited")" = 429
check "that client cannot escape by writing X-Forwarded-For itself" \
  test "$(as 127.0.0.50 -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 10.9.8.7' -X POST "$SITE/staff/login")" = 429
check "another client through the same nginx is not refused" \
  test "$(as 127.0.0.51 -o /dev/null -w '%{http_code}' -X POST "$SITE/staff/login")" != 429

# An instance stops: its clients go to the other, still signed in.
victim=$signed_in_on; n=${victim##*:508}
kill "$(cat "$ROOT/instance$n.pid")"; rm -f "$ROOT/instance$n.pid"; sleep 2
as 127.0.0.2 -b "$W/staff.jar" -o "$W/account.html" -w '%{http_code}' "$SITE/staff/account" >"$W/account.code"
check "with the instance on $victim stopped, the same member is still signed in (answered by $(last_upstream))" \
  bash -c "[ \"\$(cat '$W/account.code')\" = 200 ] && grep -q 'admin@plaintes.localhost' '$W/account.html'"

echo "nginx log: $ROOT/nginx/complaints.access.log; instances: $ROOT/instance{1,2}.log; stop: $0 stop"
rm -rf "$W"
exit "$CHECKS_FAILED"
