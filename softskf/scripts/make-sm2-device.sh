#!/usr/bin/env bash
# make-sm2-device.sh: a softskf device holding an SM2 dual-certificate identity, as a CA issues it —
#   a signing key pair and certificate, and an encryption key pair and certificate — all made with OpenSSL 3
#   from an SM2 CA (made in --ca DIR when it is not there yet; kept across runs).
# Usage: make-sm2-device.sh --device DIR [--ca DIR] [--cn NAME] [--org ORG] [--days N] [--container NAME]
#          [--label LABEL] [--serial HEX] [--pin PIN] [--admin-pin PIN] [--app NAME] [--retries N]
#          [--no-enc] [--encoding gbk] [--softskf PATH] [key=value ...]   (key=value: device config quirks)
#   Defaults: --ca DIR/../sm2-ca, CN 张三, 20 days, container "SM2 Identity", PIN 12345678, admin PIN 87654321.
#   The keys and certificates stay in DIR.files/ (sign.key sign.crt enc.key enc.crt) for checks with OpenSSL.
# The signing certificate has keyUsage digitalSignature,nonRepudiation; the encryption one keyEncipherment,
#   dataEncipherment,keyAgreement. SM2 signatures use the default ID 1234567812345678.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
softskf=$here/../target/softskf
device= ca= cn=张三 org=示例招标代理有限公司 days=20 container="SM2 Identity" label="SoftSKF SM2" serial=
pin=12345678 admin_pin=87654321 app= retries=6 enc=1 encoding= settings=()
while [ $# -gt 0 ]; do
    case $1 in
        --device) device=$2; shift 2 ;;
        --ca) ca=$2; shift 2 ;;
        --cn) cn=$2; shift 2 ;;
        --org) org=$2; shift 2 ;;
        --days) days=$2; shift 2 ;;
        --container) container=$2; shift 2 ;;
        --label) label=$2; shift 2 ;;
        --serial) serial=$2; shift 2 ;;
        --pin) pin=$2; shift 2 ;;
        --admin-pin) admin_pin=$2; shift 2 ;;
        --app) app=$2; shift 2 ;;
        --retries) retries=$2; shift 2 ;;
        --no-enc) enc=0; shift ;;
        --encoding) encoding=$2; shift 2 ;;
        --softskf) softskf=$2; shift 2 ;;
        *=*) settings+=("$1"); shift ;;
        *) echo "make-sm2-device.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -n "$device" ] || { echo "make-sm2-device.sh: --device DIR is needed" >&2; exit 2; }
[ -x "$softskf" ] || { echo "make-sm2-device.sh: $softskf missing (build softskf: make -C softskf)" >&2; exit 1; }
ca=${ca:-$(dirname "$device")/sm2-ca}
serial=${serial:-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}
files=$device.files
sm2id=(-sigopt distid:1234567812345678)

if [ ! -f "$ca/ca.crt" ]; then
    mkdir -p "$ca"
    openssl genpkey -algorithm SM2 -out "$ca/ca.key" 2>/dev/null
    openssl req -new -x509 -key "$ca/ca.key" -sm3 "${sm2id[@]}" -utf8 -subj "/CN=SM2 Demo CA/O=UKey Assistant Demo/C=CN" \
        -days 3650 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -out "$ca/ca.crt"
fi

# issue NAME USAGE: an SM2 key pair and a certificate for it, signed by the CA.
issue() {
    local name=$1 usage=$2
    openssl genpkey -algorithm SM2 -out "$files/$name.key" 2>/dev/null
    openssl req -new -key "$files/$name.key" -sm3 "${sm2id[@]}" -utf8 -subj "/CN=$cn/O=$org/C=CN" \
        -out "$files/$name.csr" 2>/dev/null
    printf 'keyUsage=critical,%s\nbasicConstraints=CA:FALSE\n' "$usage" >"$files/$name.ext"
    openssl x509 -req -in "$files/$name.csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -sm3 "${sm2id[@]}" \
        -vfyopt distid:1234567812345678 -days "$days" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
        -extfile "$files/$name.ext" -out "$files/$name.crt" 2>/dev/null
    chmod 600 "$files/$name.key"
}

mkdir -p "$files"
issue sign digitalSignature,nonRepudiation
[ "$enc" = 0 ] || issue enc keyEncipherment,dataEncipherment,keyAgreement

common=(--device "$device")
[ -z "$encoding" ] || common+=(--encoding "$encoding")
[ -z "$app" ] || common+=(--app "$app")
"$softskf" init "${common[@]}" --force --label "$label" --serial "$serial" --pin "$pin" --admin-pin "$admin_pin" \
    --retries "$retries" ${settings[@]+"${settings[@]}"}
"$softskf" import "${common[@]}" --container "$container" --sign --key "$files/sign.key" --cert "$files/sign.crt"
[ "$enc" = 0 ] || "$softskf" import "${common[@]}" --container "$container" --enc --key "$files/enc.key" \
    --cert "$files/enc.crt"
echo "$device"
