#!/usr/bin/env bash
# CPU per request of the portal alone, for A/B runs of runtime settings:
#   PORTAL_ENV="DOTNET_TieredPGO=1" bench/portal-cost.sh [seconds]
# Starts the Release build (dotnet build App -c Release first) on a fresh SQLite file, warms it up,
# then measures GET /health/alive, GET /sessions/whoami and complete passkey sign-ins, 16 at a
# time, with the drivers of ../shared/bench (the same as compare.sh), reading the portal's CPU from /proc.
set -u
root=$(cd "$(dirname "$0")/.." && pwd); secs=${1:-10}
drivers=$root/../shared/bench
work=$(mktemp -d /tmp/portal-cost.XXXXXX)
cp "$drivers"/*.mjs "$work"/
(cd "$root" && exec env ASPNETCORE_ENVIRONMENT=Production selfservice__methods__code__enabled=false ${PORTAL_ENV:-} \
  dsn="sqlite://$work/portal.db" log__level=warning dotnet App/bin/Release/net10.0/App.dll >"$work/portal.out" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null http://localhost:4455/health/alive && break; sleep 0.5; done
cd "$work"
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
node loop.mjs http://localhost:4455/health/alive 16 3 >/dev/null
node loop.mjs http://localhost:4455/sessions/whoami 16 3 whoami >/dev/null
node drive.mjs portal http://localhost:4455 16 4 >/dev/null
for what in alive whoami signin; do
  before=$(ticks)
  case $what in
    alive) out=$(node loop.mjs http://localhost:4455/health/alive 16 "$secs"); field=requests ;;
    whoami) out=$(node loop.mjs http://localhost:4455/sessions/whoami 16 "$secs" whoami); field=requests ;;
    signin) out=$(node drive.mjs portal http://localhost:4455 16 "$secs"); field=signins ;;
  esac
  after=$(ticks)
  n=$(sed -n "s/.*\"$field\":\([0-9]*\).*/\1/p" <<<"$out")
  echo "$what $(( (after - before) * 1000000 / hz / n )) µs/op $out"
done
echo "RSS $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MiB; load $(cut -d' ' -f1 /proc/loadavg)"
