#!/usr/bin/env bash
# The whole test suite, unit to browser, on SQLite and on a throwaway PostgreSQL server that the
# tests start themselves. Installs what a fresh machine lacks (as root), ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need_apt+=(fonts-noto-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# The annual report's PDF tests read its text back with pdftotext.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# The upload scan's tests start their own ClamAV daemon (no virus database needed: they write their own signature).
[ -x /usr/sbin/clamd ] || need_apt+=(clamav-daemon)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]}..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing ${need_apt[*]}: install them (as root: apt-get install ${need_apt[*]})." >&2
  fi
fi

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Complaints.slnx -c Release -nologo -v quiet; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
for project in tests/*/*.csproj; do
  # Complaints.Testing is the library both test projects share: it holds no tests.
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results"
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
    total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
    executed=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p))
    # Tests that were found but never ran (a crashed host) count as failed.
    failed=$((failed + f + e + total - executed))
  else
    echo "$name produced no results: counted as one failure."
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
