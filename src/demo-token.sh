#!/usr/bin/env bash
# demo-token.sh: a SoftHSM token that looks like a customer's UKey, for trying the client by hand.
#   The token "UKey Demo" holds an RSA-2048 key pair made on the token and a certificate for 张三 of
#   示例招标代理有限公司 that expires in about 20 days (so the client shows 即将到期), issued by a small demo CA.
#   Everything lives in one folder: $UKEY_DEMO_DIR (default ~/.local/share/ukey-demo), with its own softhsm2.conf.
# Usage: src/demo-token.sh [--reset]
#   Makes the token when it is missing or its certificate has expired; --reset makes it anew anyway.
#   UKEY_DEMO_DAYS_LEFT=N (default 20) sets how many days the new certificate has left; negative: expired.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# Demo secrets, printed on purpose: this token guards nothing.
readonly TOKEN_LABEL="UKey Demo" USER_PIN=12345678 SO_PIN=87654321
readonly KEY_ID=01 KEY_LABEL="张三"
readonly OWNER_C=CN OWNER_O="示例招标代理有限公司" OWNER_CN="张三"
readonly DAYS_LEFT=${UKEY_DEMO_DAYS_LEFT:-20} DAYS_VALID=365

reset=false
case "${1:-}" in
    "") ;;
    --reset) reset=true ;;
    -h | --help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "demo-token: unknown option '$1' (try --help)" >&2; exit 64 ;;
esac

[[ $DAYS_LEFT =~ ^-?[0-9]+$ ]] || { echo "demo-token: UKEY_DEMO_DAYS_LEFT must be a whole number" >&2; exit 64; }

mkdir -p "$UKEY_DEMO_DIR"
demo_dir=$(cd "$UKEY_DEMO_DIR" && pwd)
ca_dir=$demo_dir/ca
export SOFTHSM2_CONF=$demo_dir/softhsm2.conf
module=$UKEY_SOFTHSM_LIB

mkdir -p "$demo_dir/tokens" "$ca_dir/issued"
cat >"$SOFTHSM2_CONF" <<CONF
# SoftHSM configuration of the UKey Assistant demo token (written by src/demo-token.sh).
directories.tokendir = $demo_dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF

p11() {
    pkcs11-tool --module "$module" --token-label "$TOKEN_LABEL" "$@"
}

# openssl wants YYMMDDHHMMSSZ for -startdate/-enddate.
utc_days_from_now() {
    date -u -d "$1 days" +%y%m%d%H%M%SZ
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Is there a token with a certificate that has not expired yet? After a demo renewal it is the renewed one,
# under the new key pair's ID.
token_is_usable() {
    local id
    for id in $(p11 --list-objects --type cert 2>/dev/null | sed -n 's/^ *ID: *//p'); do
        if p11 --read-object --type cert --id "$id" -o "$work/current.der" >/dev/null 2>&1 &&
            openssl x509 -inform DER -in "$work/current.der" -noout -checkend 0 >/dev/null; then
            return 0
        fi
    done
    return 1
}

write_ca_config() {
    cat >"$ca_dir/ca.cnf" <<CONF
# openssl ca configuration of the UKey Assistant demo CA (written by src/demo-token.sh).
[ca]
default_ca = demo_ca

[demo_ca]
database = $ca_dir/index.txt
new_certs_dir = $ca_dir/issued
certificate = $ca_dir/ca.crt
private_key = $ca_dir/ca.key
rand_serial = yes
default_md = sha256
policy = policy_demo
preserve = yes
unique_subject = no
copy_extensions = none
email_in_dn = no

[policy_demo]
countryName = optional
organizationName = optional
commonName = supplied

[req]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no

[req_dn]
C = CN
O = UKey 证书助手演示
CN = UKey Demo CA

[ca_cert]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[signing_cert]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CONF
    touch "$ca_dir/index.txt"
}

# The demo CA outlives the tokens it issues for, so anything that trusts it keeps working after a --reset.
make_ca_unless_valid() {
    write_ca_config
    if [ -f "$ca_dir/ca.key" ] && [ -f "$ca_dir/ca.crt" ] &&
        openssl x509 -in "$ca_dir/ca.crt" -noout -checkend $((400 * 86400)) >/dev/null 2>&1; then
        return 0
    fi
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$ca_dir/ca.key" 2>/dev/null
    chmod 600 "$ca_dir/ca.key"
    openssl req -config "$ca_dir/ca.cnf" -new -key "$ca_dir/ca.key" -out "$work/ca.csr"
    openssl ca -config "$ca_dir/ca.cnf" -batch -notext -selfsign -keyfile "$ca_dir/ca.key" -in "$work/ca.csr" \
        -startdate "$(utc_days_from_now -730)" -enddate "$(utc_days_from_now 3650)" -extensions ca_cert \
        -out "$ca_dir/ca.crt" 2>/dev/null
    echo "Made the demo CA: $ca_dir/ca.crt"
}

make_token() {
    # SoftHSM keeps each token in a folder of its own under tokens/: start from none.
    find "$demo_dir/tokens" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    softhsm2-util --init-token --free --label "$TOKEN_LABEL" --pin "$USER_PIN" --so-pin "$SO_PIN" >/dev/null

    # The key pair is made on the token (sensitive, never extractable), as a CA's client does it.
    p11 --login --pin "$USER_PIN" --keypairgen --key-type rsa:2048 --usage-sign \
        --id "$KEY_ID" --label "$KEY_LABEL" >/dev/null

    # The request is signed by the token's key through OpenSSL's PKCS#11 engine.
    cat >"$work/token-req.cnf" <<CONF
openssl_conf = openssl_init
[openssl_init]
engines = engines
[engines]
pkcs11 = pkcs11_engine
[pkcs11_engine]
engine_id = pkcs11
MODULE_PATH = $module

[req]
distinguished_name = owner_dn
string_mask = utf8only
utf8 = yes
prompt = no
[owner_dn]
C = $OWNER_C
O = $OWNER_O
CN = $OWNER_CN
CONF
    local key_uri="pkcs11:token=${TOKEN_LABEL// /%20};id=%$KEY_ID;type=private;pin-value=$USER_PIN"
    OPENSSL_CONF=$work/token-req.cnf openssl req -new -engine pkcs11 -keyform engine -key "$key_uri" \
        -out "$work/owner.csr" 2>"$work/req.log" || { cat "$work/req.log" >&2; return 1; }
    openssl req -in "$work/owner.csr" -noout -verify 2>/dev/null

    # Issued about a year ago, for a year.
    openssl ca -config "$ca_dir/ca.cnf" -batch -notext -in "$work/owner.csr" \
        -startdate "$(utc_days_from_now $((DAYS_LEFT - DAYS_VALID)))" -enddate "$(utc_days_from_now "$DAYS_LEFT")" \
        -extensions signing_cert -out "$demo_dir/zhangsan.crt" 2>/dev/null
    openssl x509 -in "$demo_dir/zhangsan.crt" -outform DER -out "$work/owner.der"
    p11 --login --pin "$USER_PIN" --write-object "$work/owner.der" --type cert \
        --id "$KEY_ID" --label "$KEY_LABEL" >/dev/null
}

# The certificate, the private key and the public key must share CKA_ID, as the client pairs them by it.
check_token() {
    p11 --login --pin "$USER_PIN" --list-objects >"$work/objects.txt"
    local kind
    for kind in "Certificate Object" "Private Key Object" "Public Key Object"; do
        if ! grep -A 4 "^$kind" "$work/objects.txt" | grep -q "ID: *$KEY_ID\$"; then
            echo "demo-token: no $kind with ID $KEY_ID on the token:" >&2
            cat "$work/objects.txt" >&2
            return 1
        fi
    done
    # The certificate must hold the token's own public key.
    p11 --read-object --type pubkey --id "$KEY_ID" -o "$work/token-pub.der" >/dev/null
    openssl x509 -in "$demo_dir/zhangsan.crt" -noout -pubkey | openssl pkey -pubin -outform DER >"$work/cert-pub.der"
    cmp -s "$work/token-pub.der" "$work/cert-pub.der" ||
        { echo "demo-token: the certificate does not hold the token's public key" >&2; return 1; }
}

describe() {
    local cert=$demo_dir/zhangsan.crt not_after seconds_left validity serial
    not_after=$(openssl x509 -in "$cert" -noout -enddate | cut -d= -f2)
    seconds_left=$(($(date -u -d "$not_after" +%s) - $(date -u +%s)))
    if ((seconds_left >= 0)); then
        validity="$(((seconds_left + 43200) / 86400)) days left"
    else
        validity="expired $(((43200 - seconds_left) / 86400)) days ago"
    fi
    serial=$(pkcs11-tool --module "$module" -L | grep -A 8 "token label *: $TOKEN_LABEL\$" |
        sed -n 's/^ *serial num *: //p')
    cat <<TEXT
Demo token "$TOKEN_LABEL" (serial $serial) in $demo_dir
  user PIN $USER_PIN, SO PIN $SO_PIN (demo values, printed on purpose)
  certificate ID $KEY_ID: $(openssl x509 -in "$cert" -noout -subject -nameopt utf8,sep_comma_plus_space,-esc_msb |
        sed 's/^subject=//')
    issuer $(openssl x509 -in "$cert" -noout -issuer -nameopt utf8,sep_comma_plus_space,-esc_msb |
        sed 's/^issuer=//'), serial $(openssl x509 -in "$cert" -noout -serial | cut -d= -f2)
    valid until $not_after ($validity), key usage digitalSignature + nonRepudiation
  key pair ID $KEY_ID: RSA 2048, made on the token, private key sensitive and never extractable
  use it with:
    export SOFTHSM2_CONF=$SOFTHSM2_CONF
    export UKEY_PKCS11_MODULE=$module
TEXT
}

if ! $reset && token_is_usable; then
    openssl x509 -inform DER -in "$work/current.der" -out "$demo_dir/zhangsan.crt"
    not_after=$(openssl x509 -in "$demo_dir/zhangsan.crt" -noout -enddate | cut -d= -f2)
    echo "Demo token \"$TOKEN_LABEL\" in $demo_dir: certificate of $OWNER_CN valid until $not_after" \
        "(user PIN $USER_PIN; --reset makes it anew)"
    exit 0
fi

make_ca_unless_valid
make_token
check_token
echo "Made a new demo token."
describe
