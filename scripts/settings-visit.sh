#!/usr/bin/env bash
# Measures a visit of the passkeys page as production serves it: publishes the portal (Release),
# starts the published output in Production on a fresh database, and prints what the page's first
# load transfers (Chromium, signed in, nothing cached; budget 150 kB) and the server memory of one
# idle circuit (live GC heap from dotnet-gcdump with CIRCUITS pages open, default 20).
# Exits 1 when the first load is over budget. Usage: scripts/settings-visit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4469}
tool=tools/playwright
if ! cmp -s "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock" \
   || [ ! -f "$tool/node_modules/playwright-core/package.json" ]; then
  npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
  cp "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock"
fi
# The heap is read with dotnet-gcdump, installed once into tools/dotnet.
[ -x tools/dotnet/dotnet-gcdump ] || dotnet tool install dotnet-gcdump --version 10.0.750501 --tool-path tools/dotnet >/dev/null
data=$(mktemp -d)
dotnet publish App -c Release -nologo -clp:ErrorsOnly -o "$data/publish" >/dev/null
export ASPNETCORE_ENVIRONMENT=Production dsn="sqlite://$data/identity.db" log__level=warning urls="http://localhost:$port"
export serve__public__base_url="http://localhost:$port/" selfservice__default_browser_return_url="http://localhost:$port/welcome"
export selfservice__allowed_return_urls__0="http://localhost:$port/" selfservice__methods__passkey__config__rp__origins__0="http://localhost:$port"
export selfservice__flows__login__ui_url="http://localhost:$port/login" selfservice__flows__registration__ui_url="http://localhost:$port/registration"
export selfservice__flows__settings__ui_url="http://localhost:$port/settings"
# Production refuses to start with email sign-in on and no SMTP server; a visit sends no mail.
export courier__smtp__connection_uri="smtp://localhost:2525/?disable_starttls=true"
dotnet "$data/publish/App.dll" >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$data"' EXIT
ready=
for _ in $(seq 60); do curl -fs "http://localhost:$port/health/ready" >/dev/null && { ready=1; break; }; sleep 0.5; done
if [ -z "$ready" ]; then echo "The portal did not start:" >&2; cat "$data/app.log" >&2; exit 2; fi
node "$tool/settings-visit.js" "http://localhost:$port" "$app" "$PWD/tools/dotnet/dotnet-gcdump" "${CIRCUITS:-20}" 150000
