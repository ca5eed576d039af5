#!/usr/bin/env bash
# Makes a new admin API key and the hash that goes into serve.admin.api_keys.
#   scripts/admin-key.sh support-tool
# The key is printed once: give it to whoever calls the admin API (Authorization: Bearer <key>).
# Only the hash goes into the configuration; the portal never stores the key.
# The hash is "sha256:" and the SHA-256 of the key in hex: the key is 40 random characters from 62
# (238 bits), far beyond any search, so a slow password hash would protect nothing more.
set -euo pipefail

name="${1:-admin}"
if ! [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]]; then
  echo "The name is the actor in the audit log: letters, digits, '.', '-' and '_', at most 64, such as support-tool." >&2
  exit 2
fi

# Bytes outside the 62 characters are dropped, not folded, so every character is equally likely.
random=""
while [ "${#random}" -lt 40 ]; do
  random+=$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
done
random="${random:0:40}"
key="adk_${random}"
hash="sha256:$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"

echo "key:      $key"
echo "key_hash: $hash"
echo
echo "In appsettings.json, under serve.admin:"
echo "  \"api_keys\": [ { \"name\": \"$name\", \"key_hash\": \"$hash\" } ]"
echo "or as environment variables:"
echo "  serve__admin__api_keys__0__name=$name"
echo "  serve__admin__api_keys__0__key_hash=$hash"
