#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then builds and runs every test project.
# Ends with one line of totals, such as "412 passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

# The PostgreSQL tests start a throwaway cluster with the server's own initdb and pg_ctl.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL for the PostgreSQL tests…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

# The email sign-in tests deliver through maildev (npm), a real SMTP server, so they need Node.js.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm for maildev and axe-core…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are needed for maildev (the email tests' SMTP server), and could not be installed." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "maildev needs Node.js 20 or newer; this machine has $(node --version)." >&2
  exit 1
fi
# npm ci starts from scratch; skip it when the installed tree came from this very lock file.
npm_install() { # folder, a file the install must have left, what it is for
  if ! cmp -s "$1/package-lock.json" "$1/node_modules/.installed-from-lock" || [ ! -f "$1/node_modules/$2" ]; then
    echo "Installing $3…"
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error
    cp "$1/package-lock.json" "$1/node_modules/.installed-from-lock"
  fi
}
npm_install tools/maildev maildev/dist/bin/maildev.js "maildev for the email tests"
# The accessibility tests inject axe-core into every hosted page.
npm_install tools/axe axe-core/axe.min.js "axe-core for the accessibility tests"
# The screenshot script (run by a test, so the README's pictures keep working) drives Chromium with it.
npm_install tools/playwright playwright-core/package.json "playwright-core for the screenshot script"
# Ory's own Kratos SDK drives every flow in the SDK journey tests.
npm_install tools/kratos-client @ory/kratos-client/package.json "@ory/kratos-client for the SDK journey tests"
# Ory Elements, Ory's React UI, is built with esbuild and signs people up and in through the portal.
npm_install tools/elements @ory/elements-react/package.json "Ory Elements for the Elements journey tests"

dotnet restore Identity.sln
dotnet build Identity.sln -c Release --no-restore -nologo -clp:ErrorsOnly

results=$(mktemp -d)
status=0
for project in App.Tests; do
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$project.trx" --results-directory "$results" || status=$?
done

# The integration suite again on PostgreSQL: each portal gets a database of its own in one throwaway
# cluster. Left out: what is about SQLite itself, and PostgresTests, which ran above on their own cluster.
PORTAL_TEST_DATABASE=postgres dotnet test App.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~App.Tests.Integration&Database!=sqlite&Database!=postgres" \
  --logger "trx;LogFileName=App.Tests.postgres.trx" --results-directory "$results" || status=$?

# Totals from the result files, so a run that executed nothing shows "0 passed".
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit "$status"
