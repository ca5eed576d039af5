#!/usr/bin/env bash
# Measures what the sign-in page's first load transfers: starts the portal from a Release build on
# a fresh database, loads /login in headless Chromium with nothing cached, and prints every
# response (compressed body and headers as received) and the total against the 60 kB budget.
# Exits 1 when over budget. Usage: scripts/page-weight.sh [PATH]   (default /login)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4467}
path=${1:-/login}
tool=tools/playwright
if ! cmp -s "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock" \
   || [ ! -f "$tool/node_modules/playwright-core/package.json" ]; then
  npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
  cp "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock"
fi
data=$(mktemp -d)
dotnet build App -c Release -nologo -clp:ErrorsOnly >/dev/null
export dsn="sqlite://$data/identity.db" log__level=warning urls="http://localhost:$port"
export serve__public__base_url="http://localhost:$port/" selfservice__default_browser_return_url="http://localhost:$port/welcome"
export selfservice__allowed_return_urls__0="http://localhost:$port/" selfservice__methods__passkey__config__rp__origins__0="http://localhost:$port"
export selfservice__flows__login__ui_url="http://localhost:$port/login" selfservice__flows__registration__ui_url="http://localhost:$port/registration"
# Production refuses to start with email sign-in on and no SMTP server; loading a page sends no
# mail, so an address where nothing listens is enough to show the page in full.
export courier__smtp__connection_uri="smtp://localhost:2525/?disable_starttls=true"
dotnet App/bin/Release/net10.0/App.dll >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$data"' EXIT
ready=
for _ in $(seq 60); do curl -fs "http://localhost:$port/health/ready" >/dev/null && { ready=1; break; }; sleep 0.5; done
if [ -z "$ready" ]; then echo "The portal did not start:" >&2; cat "$data/app.log" >&2; exit 2; fi
node "$tool/measure.js" "http://localhost:$port" "$path" 60000
