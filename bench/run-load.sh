#!/usr/bin/env bash
# Sign-in load benchmark: builds the portal in Release, starts it on a fresh SQLite database in
# /tmp, registers accounts and runs complete passkey sign-ins against it with bench/LoadDriver
# (a warm-up, then a measured phase), stops it and prints the report. Loopback only.
#
#   bench/run-load.sh
#
# Settings (environment):
#   WARMUP=30        seconds of unmeasured sign-ins first (JIT tiering, caches)
#   DURATION=45      seconds of the measured phase
#   CONCURRENCY=4    concurrent simulated browsers
#   ACCOUNTS=32      accounts registered before the sign-ins
#   MODES=signin     space-separated driver modes, each run in turn against the same portal:
#                    signin (flow + passkey + whoami), flow (login flow creation only),
#                    whoami (whoami only, one sign-in per worker first),
#                    ready (GET /health/ready only: a request that does nothing)
#   PORT=4455 ADMIN_PORT=4434   ports for the portal; both must be free
#   PORTAL_ENV="A=1 B=2"        extra environment for the portal process (experiments)
#   KEEP=1           keep the temporary folder (database, portal log, JSON results)
#
# With the defaults it takes about two minutes on two cores, build included.
set -euo pipefail

cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-45}
CONCURRENCY=${CONCURRENCY:-4}
ACCOUNTS=${ACCOUNTS:-32}
MODES=${MODES:-signin}
PORT=${PORT:-4455}
ADMIN_PORT=${ADMIN_PORT:-4434}
PORTAL_ENV=${PORTAL_ENV:-}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$ADMIN_PORT"; do
  if port_in_use "$p"; then
    echo "Port $p is already in use on this machine; stop that process or set PORT/ADMIN_PORT." >&2
    exit 2
  fi
done

echo "== build (Release)"
dotnet build App/App.csproj -c Release -nologo -v quiet
dotnet build bench/LoadDriver/LoadDriver.csproj -c Release -nologo -v quiet

work=$(mktemp -d /tmp/bench-XXXXXXXX)
portal_pid=""
cleanup() {
  if [[ -n "$portal_pid" ]] && kill -0 "$portal_pid" 2>/dev/null; then
    kill "$portal_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$portal_pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$portal_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Configuration by environment, as an operator would: a fresh database, quiet logs, and the
# ports (with the URLs and WebAuthn origin that follow from them) when they are not the defaults.
# Production refuses to start with email sign-in on and no SMTP server; sign-ins send no mail,
# so an address where nothing listens is enough.
portal_env=("dsn=sqlite://$work/identity.db" "log__level=warning" "courier__smtp__connection_uri=smtp://localhost:2525/?disable_starttls=true")
if [[ "$PORT" != 4455 ]]; then
  portal_env+=("serve__public__port=$PORT"
               "serve__public__base_url=http://localhost:$PORT/"
               "selfservice__methods__passkey__config__rp__origins__0=http://localhost:$PORT"
               "selfservice__default_browser_return_url=http://localhost:$PORT/welcome"
               "selfservice__allowed_return_urls__0=http://localhost:$PORT/")
fi
[[ "$ADMIN_PORT" != 4434 ]] && portal_env+=("serve__admin__port=$ADMIN_PORT")
# shellcheck disable=SC2206
[[ -n "$PORTAL_ENV" ]] && portal_env+=($PORTAL_ENV)

echo "== start portal (database and log in $work)"
env "${portal_env[@]}" dotnet App/bin/Release/net10.0/App.dll >"$work/portal.log" 2>&1 &
portal_pid=$!

status=0
for mode in $MODES; do
  echo "== load: mode $mode, $CONCURRENCY workers, warm-up ${WARMUP}s, measured ${DURATION}s"
  # The driver bounds itself; the timeout is a backstop should it not.
  timeout $((WARMUP + DURATION + 240)) dotnet bench/LoadDriver/bin/Release/net10.0/LoadDriver.dll \
    --url "http://localhost:$PORT" --pid "$portal_pid" --wait 60 --mode "$mode" \
    --accounts "$ACCOUNTS" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" \
    --json "$work/$mode.json" || status=$?
  if ! kill -0 "$portal_pid" 2>/dev/null; then
    echo "The portal exited; its log:" >&2
    tail -n 40 "$work/portal.log" >&2
    exit 1
  fi
done

if grep -qE '^(fail|crit)' "$work/portal.log"; then
  echo "== portal log has errors:"
  grep -E -A3 '^(fail|crit)' "$work/portal.log" | head -n 40
fi
exit "$status"
