#!/bin/sh
# Writes .env for docker compose from .env.example, filling every empty setting (the secrets) with
# a random 64-hex-digit value, and GATEWAY_SIGNING_KEYS / GATEWAY_PUBLIC_KEYS with a fresh Ed25519
# key pair (JWKS; needs openssl). Refuses to overwrite an existing file: rotate secrets by hand.
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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The raw 32-byte key parts are the last 32 bytes of the DER encodings (PKCS#8 and SPKI of Ed25519).
b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
d=$(openssl pkey -in "$work/key.pem" -outform DER | tail -c 32 | b64url)
x=$(openssl pkey -in "$work/key.pem" -pubout -outform DER | tail -c 32 | b64url)
kid="gateway-$(date -u +%Y%m%d%H%M%S)"
public_jwk="{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"$x\",\"kid\":\"$kid\",\"alg\":\"EdDSA\",\"use\":\"sig\"}"
private_jwk="{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"$x\",\"d\":\"$d\",\"kid\":\"$kid\",\"alg\":\"EdDSA\",\"use\":\"sig\"}"
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    GATEWAY_SIGNING_KEYS=) printf '%s{"keys":[%s]}\n' "$line" "$private_jwk" ;;
    GATEWAY_PUBLIC_KEYS=) printf '%s{"keys":[%s]}\n' "$line" "$public_jwk" ;;
    [A-Z]*=)
      secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
      printf '%s%s\n' "$line" "$secret" ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$here/.env.example" > "$target"
echo "wrote $target"
