# Shell functions shared by deploy/try-two-instances.sh and deploy/try-image.sh: a PostgreSQL server started from the
# installed binaries, and a citizen's and a member of staff's steps through curl. Sourced, not run.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}

# start_postgres FOLDER PORT: a server of its own, owned by the postgres user (initdb refuses root), with a database
# and a role "complaints" (password "complaints").
start_postgres() {
  local dir=$1 port=$2
  mkdir -p "$dir" && chown postgres:postgres "$dir"
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    echo postgres >"$dir/pwfile" && chown postgres "$dir/pwfile"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres -A scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$dir/pwfile"
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null ||
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  PGPASSWORD=postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qAt -c "SELECT 1 FROM pg_roles WHERE rolname = 'complaints'" | grep -q 1 ||
    PGPASSWORD=postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q \
      -c "CREATE ROLE complaints LOGIN PASSWORD 'complaints'" -c "CREATE DATABASE complaints OWNER complaints"
}

stop_postgres() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}

# wait_for URL [SECONDS]: until it answers 200.
wait_for() {
  local url=$1 limit=${2:-120}
  for _ in $(seq $((limit * 2))); do
    [ "$(curl -sk -o /dev/null -w '%{http_code}' "$url")" = 200 ] && return 0
    sleep 0.5
  done
  echo "no 200 from $url after ${limit}s" >&2
  return 1
}

# The antiforgery token in an HTML page.
form_token() {
  grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'
}

CHECKS_FAILED=0
check() { # check "what" test-command...
  local what=$1; shift
  if "$@"; then echo "PASS  $what"; else echo "FAIL  $what"; CHECKS_FAILED=$((CHECKS_FAILED + 1)); fi
}

# file_and_print BASE JAR OUT.pdf [CURL ARGS...]: files a complaint on sefrou's form as a citizen, then prints its
# receipt to PDF (headless Chromium in the instance that answers). Prints the reference.
file_and_print() {
  local base=$1 jar=$2 pdf=$3; shift 3
  local page; page=$(mktemp)
  curl -sk "$@" -c "$jar" -b "$jar" -o "$page" "$base/sefrou/file"
  local receipt
  receipt=$(curl -sk "$@" -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$base/sefrou/file" \
    --data-urlencode "__RequestVerificationToken=$(form_token "$page")" \
    --data-urlencode "Input.Kind=Complaint" --data-urlencode "Input.Category=voirie" --data-urlencode "Input.District=d1" \
    --data-urlencode "Input.Description=Un grand nid-de-poule devant l'école primaire depuis deux semaines." \
    --data-urlencode "Input.Address=Rue 12" --data-urlencode "Input.FirstName=Amina" --data-urlencode "Input.LastName=Essai" \
    --data-urlencode "Input.Email=amina@example.test" --data-urlencode "Input.ConsentToPublish=false")
  curl -sk "$@" -c "$jar" -b "$jar" -o "$page" "$receipt"
  curl -sk "$@" -c "$jar" -b "$jar" -o "$pdf" "$receipt?handler=Pdf" \
    --data-urlencode "__RequestVerificationToken=$(form_token "$page")" --data-urlencode "Code="
  rm -f "$page"
  basename "$receipt"
}

is_pdf() { [ "$(head -c 5 "$1" 2>/dev/null)" = "%PDF-" ]; }

# make_secrets FOLDER: once, the data-protection certificate as docs/security.md ("Secrets at rest") makes it
# (keys.pfx, its password in keys.password) and the first administrator's password (admin.password).
make_secrets() {
  local dir=$1
  mkdir -p "$dir"
  [ -s "$dir/keys.pfx" ] && return 0
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj /CN=complaints-keys \
    -keyout "$dir/keys.key" -out "$dir/keys.crt" 2>/dev/null
  openssl rand -hex 16 >"$dir/keys.password"
  openssl pkcs12 -export -inkey "$dir/keys.key" -in "$dir/keys.crt" -out "$dir/keys.pfx" -passout "file:$dir/keys.password"
  rm -f "$dir/keys.key"
  echo "Essai-$(openssl rand -hex 12)" >"$dir/admin.password"
}
