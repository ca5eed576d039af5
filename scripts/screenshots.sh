#!/usr/bin/env bash
# Takes screenshots of the hosted pages from the real app into docs/img/.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4466}
data=$(mktemp -d)
dotnet build App -c Release -nologo -clp:ErrorsOnly >/dev/null
export ASPNETCORE_ENVIRONMENT=Development dsn="sqlite://$data/identity.db" log__level=warning urls="http://localhost:$port"
export serve__public__base_url="http://localhost:$port/" selfservice__default_browser_return_url="http://localhost:$port/welcome"
export selfservice__allowed_return_urls__0="http://localhost:$port/" selfservice__methods__passkey__config__rp__origins__0="http://localhost:$port"
export selfservice__flows__login__ui_url="http://localhost:$port/login" selfservice__flows__registration__ui_url="http://localhost:$port/registration"
dotnet App/bin/Release/net10.0/App.dll >"$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 60); do curl -fs "http://localhost:$port/health/ready" >/dev/null && break; sleep 0.5; done
mkdir -p docs/img
shot() { # name width height path
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$data/chrome-$1" --hide-scrollbars \
    --window-size="$2,$3" --screenshot="docs/img/$1.png" "http://localhost:$port$4" >/dev/null 2>&1
}
shot sign-in 1000 720 /login
shot sign-in-mobile 360 740 /login
shot registration 1000 760 /registration
echo "Screenshots written to docs/img/"
