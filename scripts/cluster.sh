#!/usr/bin/env bash
# Runs a cluster on this machine: N portal instances on one PostgreSQL database behind the
# LoadBalancer project, at http://localhost:4455 as one portal would be. Ctrl-C stops them all.
#
#   scripts/cluster.sh 'postgres://user:password@127.0.0.1:5432/identity?sslmode=disable' [N=2]
#
# Instance i (1..N) serves its public API on 4460+i and its admin API on 4470+i; the balancer
# listens on 4455. Extra portal settings pass through the environment as usual
# (for example courier__smtp__connection_uri=smtp://127.0.0.1:1025/?disable_starttls=true).
set -euo pipefail
cd "$(dirname "$0")/.."
dsn=${1:?usage: scripts/cluster.sh POSTGRES_DSN [N]}
n=${2:-2}
case "$dsn" in postgres://*|postgresql://*) ;; *) echo "The instances share one database: give a postgres:// DSN." >&2; exit 2 ;; esac

dotnet build App -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build LoadBalancer -c Release -nologo -v quiet -clp:ErrorsOnly

public=http://localhost:4455
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# Development, as dotnet run: the framework's files come from the build, and no SMTP server is required.
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# The migrations run once, before any instance serves: as a deploy would do before a rolling upgrade.
dsn="$dsn" dotnet App/bin/Release/net10.0/App.dll migrate

destinations=()
for i in $(seq 1 "$n"); do
  port=$((4460 + i))
  # Every instance gets the same public URL, relying party and origins: they are one deployment.
  dsn="$dsn" \
    serve__public__port=$port serve__admin__port=$((4470 + i)) \
    serve__public__base_url=$public/ serve__public__trusted_proxies__0=127.0.0.1 \
    selfservice__methods__passkey__config__rp__id=localhost \
    selfservice__methods__passkey__config__rp__origins__0=$public \
    dotnet App/bin/Release/net10.0/App.dll &
  pids+=($!)
  destinations+=("http://127.0.0.1:$port")
done
(IFS=,; exec dotnet LoadBalancer/bin/Release/net10.0/LoadBalancer.dll --urls "$public" --destinations "${destinations[*]}") &
pids+=($!)
echo "Open $public; admin APIs on 127.0.0.1:4471..$((4470 + n)). Ctrl-C stops the cluster."
wait -n "${pids[@]}"
