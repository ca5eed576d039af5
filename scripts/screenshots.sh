#!/usr/bin/env bash
# Takes the README's pictures from the real app into docs/img/: sign-in light and dark, a phone,
# another language, the passkeys page, the email page, the admin console and the second theme.
# Needs Chromium and Node.js (scripts/test.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
tool=tools/playwright
if ! cmp -s "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock" \
   || [ ! -f "$tool/node_modules/playwright-core/package.json" ]; then
  npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
  cp "$tool/package-lock.json" "$tool/node_modules/.installed-from-lock"
fi
# The tests run this script against the build they already made (SKIP_BUILD=1) into a folder of their own.
[ "${SKIP_BUILD:-}" = 1 ] || dotnet build App -c Release -nologo -clp:ErrorsOnly >/dev/null
out=${SCREENSHOTS_DIR:-docs/img}
data=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$data"' EXIT

start() { # port admin-port theme
  local port=$1 url="http://localhost:$1"
  ( export ASPNETCORE_ENVIRONMENT=Development ui__theme="$3" dsn="sqlite://$data/$3.db" log__level=warning urls="$url;http://127.0.0.1:$2" serve__admin__port="$2"
    export serve__public__base_url="$url/" selfservice__default_browser_return_url="$url/welcome" selfservice__allowed_return_urls__0="$url/"
    export selfservice__methods__passkey__config__rp__origins__0="$url" selfservice__flows__login__ui_url="$url/login"
    export selfservice__flows__registration__ui_url="$url/registration" selfservice__flows__settings__ui_url="$url/settings"
    exec dotnet App/bin/Release/net10.0/App.dll >"$data/$3.log" 2>&1 ) &
  pids+=($!)
  for _ in $(seq 60); do curl -fs "$url/health/ready" >/dev/null && return; sleep 0.5; done
  echo "The portal ($3) did not start:" >&2; cat "$data/$3.log" >&2; exit 2
}
start "${PORT:-4466}" "${ADMIN_PORT:-4467}" "${THEME:-default}"
start "${HARBOUR_PORT:-4468}" "${HARBOUR_ADMIN_PORT:-4469}" harbour
mkdir -p "$out"
node "$tool/screenshots.js" "http://localhost:${PORT:-4466}" "http://localhost:${ADMIN_PORT:-4467}" "$out" "http://localhost:${HARBOUR_PORT:-4468}"
echo "Screenshots written to $out/"
