#!/usr/bin/env bash
# What a second instance buys: the passkey sign-in driver (../shared/bench/drive.mjs) against one
# portal on PostgreSQL, then against two portals on the same database behind the LoadBalancer
# project. Prints sign-ins per second and the CPU each sign-in cost the portals (user+sys from
# /proc/PID/stat, all instances added up) and the balancer. PostgreSQL's own CPU is not counted.
# On one machine the instances share its cores, so two portals cannot double the rate here: the
# figures show what the balancer and the shared database cost per sign-in.
#
# Run from the portal's checkout root:   bench/cluster.sh
# Environment: SECS=15 (measured seconds per setup), CONC=16, KEEP=1 keeps the temporary folder.
# Exit status 0 when both setups ran, 2 when one could not.
set -uo pipefail
root=$PWD
shared=${SHARED_BENCH:-$root/../shared/bench}
SECS=${SECS:-15}; CONC=${CONC:-16}
[ -f "$root/App/App.csproj" ] || { echo "run this from the portal's checkout root (no App/App.csproj here)"; exit 2; }
[ -f "$shared/drive.mjs" ] || { echo "no drive.mjs in $shared (set SHARED_BENCH)"; exit 2; }
command -v node >/dev/null || { echo "node is needed (apt-get install nodejs)"; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL is needed (apt-get install postgresql)"; exit 2; }
for port in 4455 4461 4462 4471 4472 4490; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is busy"; exit 2; fi
done

work=$(mktemp -d /tmp/cluster-bench.XXXXXX)
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done; pids=(); }
cleanup() {
  stop_all
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

cp "$shared/drive.mjs" "$shared/authenticator.mjs" "$work/"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 2; }
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p 4490 -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null || { cat "$work/pg.log"; exit 2; }
dotnet build "$root/App" -c Release -nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 || { tail -5 "$work/build.log"; echo "portal build failed"; exit 2; }
dotnet build "$root/LoadBalancer" -c Release -nologo -v quiet -clp:ErrorsOnly >>"$work/build.log" 2>&1 || { tail -5 "$work/build.log"; echo "balancer build failed"; exit 2; }

wait_http() { for _ in $(seq 1 120); do curl -s -o /dev/null -f "$1" && return 0; sleep 0.5; done; return 1; }
ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
hz=$(getconf CLK_TCK)

# portal NAME DSN PUBLIC_PORT ADMIN_PORT: one instance whose public URL is the balancer's (4455).
portal() {
  (cd "$root" && ASPNETCORE_ENVIRONMENT=Production selfservice__methods__code__enabled=false log__level=warning \
    dsn="$2" serve__public__port=$3 serve__admin__port=$4 serve__public__trusted_proxies__0=127.0.0.1 \
    exec dotnet App/bin/Release/net10.0/App.dll >"$work/$1.out" 2>&1) &
  pids+=($!)
}

# measure LABEL PORTAL_PIDS BALANCER_PID: warms up, then one measured run of the driver.
measure() {
  local label=$1 portal_pids=$2 balancer_pid=$3 before after lb_before=0 lb_after=0 out n
  (cd "$work" && node drive.mjs portal http://localhost:4455 "$CONC" 5 >/dev/null) || { echo "$label: sign-ins failed"; return 1; }
  before=$(ticks $portal_pids); [ -n "$balancer_pid" ] && lb_before=$(ticks "$balancer_pid")
  out=$(cd "$work" && node drive.mjs portal http://localhost:4455 "$CONC" "$SECS")
  after=$(ticks $portal_pids); [ -n "$balancer_pid" ] && lb_after=$(ticks "$balancer_pid")
  n=$(sed -n 's/.*"signins":\([0-9]*\).*/\1/p' <<<"$out"); [ -n "$n" ] && [ "$n" -gt 0 ] || { echo "$label: no sign-in: $out"; return 1; }
  awk -v l="$label" -v d=$((after - before)) -v b=$((lb_after - lb_before)) -v hz="$hz" -v n="$n" -v o="$out" 'BEGIN {
    match(o, /"per_s":[0-9.]+/); rate = substr(o, RSTART + 8, RLENGTH - 8)
    match(o, /"failed":[0-9]+/); failed = substr(o, RSTART + 9, RLENGTH - 9)
    printf "%-40s %10.0f %12.0f %10s %8s\n", l, (d / hz) * 1e6 / n, (b / hz) * 1e6 / n, rate, failed }'
}

printf '%-40s %10s %12s %10s %8s\n' "setup" "portal µs" "balancer µs" "sign-in/s" "failed"
one="postgres://postgres@127.0.0.1:4490/one?sslmode=disable"
two="postgres://postgres@127.0.0.1:4490/two?sslmode=disable"
for db in one two; do as_pg "$pgbin/psql" -h "$work" -p 4490 -U postgres -qc "CREATE DATABASE $db" || exit 2; done

portal single "$one" 4455 4471
wait_http http://127.0.0.1:4455/health/ready || { tail -5 "$work/single.out"; echo "the portal did not start"; exit 2; }
measure "one portal on PostgreSQL" "${pids[0]}" "" || exit 2
stop_all

(cd "$root" && ASPNETCORE_ENVIRONMENT=Production selfservice__methods__code__enabled=false dsn="$two" exec dotnet App/bin/Release/net10.0/App.dll migrate >"$work/migrate.out" 2>&1) || { cat "$work/migrate.out"; exit 2; }
portal a "$two" 4461 4471
portal b "$two" 4462 4472
(cd "$root" && exec dotnet LoadBalancer/bin/Release/net10.0/LoadBalancer.dll --urls http://localhost:4455 \
  --destinations http://127.0.0.1:4461,http://127.0.0.1:4462 >"$work/balancer.out" 2>&1) &
pids+=($!)
for port in 4461 4462 4455; do wait_http "http://127.0.0.1:$port/health/ready" || { tail -5 "$work"/*.out; echo "the cluster did not start"; exit 2; }; done
measure "two portals behind the balancer" "${pids[0]} ${pids[1]}" "${pids[2]}" || exit 2
echo "CPU per sign-in: the portals' user+sys added up, and the balancer's; $(nproc) cores shared by everything."
