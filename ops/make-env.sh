#!/bin/sh
# Writes .env for docker compose from .env.example, filling every empty setting (the secrets) with
# a random 64-hex-digit value. Refuses to overwrite an existing file: rotate secrets by hand.
#   sh ops/make-env.sh            -> ./.env
#   sh ops/make-env.sh path/.env  -> elsewhere
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-.env}
if [ -e "$target" ]; then
  echo "$target exists; not overwriting it" >&2
  exit 1
fi
umask 077
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    [A-Z]*=)
      secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
      printf '%s%s\n' "$line" "$secret" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/.env.example" > "$target"
echo "wrote $target"
