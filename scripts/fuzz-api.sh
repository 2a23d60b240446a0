#!/usr/bin/env bash
# API fuzzing: schemathesis (from PyPI) against the project's own /api/openapi.json, with
# the admin token so that the write endpoints are exercised too. Fails on any 5xx or any
# response that breaks the spec. Needs the build (npm run build) and python3.
#
# positive_data_acceptance is left out: the schema cannot say "a document, not an image",
# so a schema-valid upload of a PNG is refused by design (422 naming the file).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${FUZZ_VENV:-$HOME/.cache/policy-kg/schemathesis-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cp -r corpus "$work/corpus"
KG_DATA_DIR="$work/data" KG_CORPUS_DIR="$work/corpus" KG_ADMIN_TOKEN=fuzz-token \
  KG_READ_LIMIT_PER_MINUTE=0 KG_WRITE_LIMIT_PER_MINUTE=0 HOST=127.0.0.1 \
  node dist/cli/main.js serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.5
done

"$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
  --header "Authorization: Bearer fuzz-token" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "${FUZZ_MAX_EXAMPLES:-50}" --seed 1 --no-color |
  # schemathesis closes with a pytest-like banner ("=== 2 warnings in 14.3s ===") that log
  # readers take for a pytest run of zero tests; it is kept as a plain line.
  sed -E 's/^=+ (.+) =+$/schemathesis: \1/'
if grep -q "Error\b\|Unhandled" "$work/server.log"; then
  echo "server log shows errors:"; cat "$work/server.log"; exit 1
fi
