#!/bin/bash
# Ready time and memory of the site as an operator runs it (Release build, Production, embedded SQLite).
set -e
DLL=$(cd "$(dirname "$0")/.." && pwd)/src/Complaints.Web/bin/Release/net10.0/Complaints.Web.dll
[ -f "$DLL" ] || { echo "Build first: dotnet build -c Release src/Complaints.Web"; exit 1; }
D=$(mktemp -d /tmp/memready-XXXX)
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5391 ConnectionStrings__Sqlite="Data Source=$D/complaints.db" Storage__Path=$D/files RateLimiting__Enabled=false Bootstrap__ApiKey=bench-open311-key-0123456789abcdef Notifications__Watch=false
cd $(dirname $DLL)
dotnet $DLL > $D/first.log 2>&1 &
P=$!
until curl -sf http://127.0.0.1:5391/health/ready >/dev/null; do sleep 0.1; done
kill $P; wait $P 2>/dev/null || true
for i in 1 2 3; do
  S=$(date +%s.%N)
  dotnet $DLL > $D/run.log 2>&1 &
  P=$!
  until curl -sf http://127.0.0.1:5391/health/ready >/dev/null; do sleep 0.02; done
  E=$(date +%s.%N)
  echo "ready after $(echo "$E - $S" | bc) s; RSS $(grep VmRSS /proc/$P/status | awk '{print $2/1024}') MB"
  [ $i -lt 3 ] && { kill $P; wait $P 2>/dev/null || true; }
done
SC=$(curl -s "http://127.0.0.1:5391/open311/v2/services.json?jurisdiction_id=sefrou" | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["service_code"])')
BODY="api_key=bench-open311-key-0123456789abcdef&jurisdiction_id=sefrou&service_code=$SC&description=Un%20lampadaire%20%C3%A9teint&address_string=Avenue%20Hassan%20II"
REF=$(curl -s -X POST -d "$BODY" http://127.0.0.1:5391/open311/v2/requests.json | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["service_request_id"])')
printf 'wrk.method="POST"\nwrk.body="%s"\nwrk.headers["Content-Type"]="application/x-www-form-urlencoded"\n' "$BODY" > $D/file.lua
wrk -t2 -c32 -d15s -s $D/file.lua http://127.0.0.1:5391/open311/v2/requests.json | grep Requests/sec
wrk -t2 -c32 -d15s "http://127.0.0.1:5391/open311/v2/requests/$REF.json?jurisdiction_id=sefrou" | grep Requests/sec
wrk -t2 -c32 -d15s http://127.0.0.1:5391/ | grep Requests/sec
wrk -t2 -c32 -d15s http://127.0.0.1:5391/figures | grep Requests/sec
echo "after load: RSS $(grep VmRSS /proc/$P/status | awk '{print $2/1024}') MB, peak $(grep VmHWM /proc/$P/status | awk '{print $2/1024}') MB"
kill $P; wait $P 2>/dev/null || true
rm -rf $D
