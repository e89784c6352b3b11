#!/usr/bin/env bash
# Trains the AOT cache of `ukey renew`. Run by the build after train-cli-aot.sh:
#   app/src/build/train-renew-aot.sh app/target                 (writes app/target/ukey-renew.aot)
# and by installer/Training.java on its twin image:
#   app/src/build/train-renew-aot.sh WORKDIR CACHE LAUNCHER      (LAUNCHER writes CACHE by its own options)
# The launchers give `ukey renew` this cache and every other command the listing's (ukey-cli.aot): a JDK 25 AOT
# cache loads and links all its classes at start, so the renewal's ~4,000 classes in the listing's cache would slow
# every `ukey list`. The training is a real same-key renewal by CMP (kur, certConf) of a key on a SoftHSM token
# against OpenSSL's mock CMP server on 127.0.0.1, set up here with OpenSSL, OpenSC and the pkcs11 engine (src/setup.sh
# installs them). A training that cannot run or fails leaves no cache (`ukey renew` then takes the listing's) and
# does not fail the build.
set -uo pipefail
if [ $# -eq 1 ]; then
    target=$(cd "$1" && pwd)
    work=$target/aot-training-renew
    cache=$target/ukey-renew.aot
    launcher=$target/ukey
else
    work=$1
    cache=$2
    launcher=$3
fi
rm -rf "$work" "$cache"
mkdir -p "$work/tokens" "$work/config" "$work/tmp" "$work/pki"

no_cache() {
    echo "no AOT cache for ukey renew ($1): see $work"
    rm -f "$cache"
    exit 0
}

module=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so 2>/dev/null | head -n 1)
for tool in softhsm2-util pkcs11-tool openssl; do
    command -v "$tool" >/dev/null || no_cache "$tool missing"
done
[ -n "$module" ] || no_cache "SoftHSM missing"
openssl engine pkcs11 >/dev/null 2>&1 || no_cache "OpenSSL's pkcs11 engine missing"

export SOFTHSM2_CONF=$work/softhsm2.conf PKCS11_MODULE_PATH=$module
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" >"$SOFTHSM2_CONF"
pin=12345678
label="AOT renewal"
pki=$work/pki
key_uri="pkcs11:token=AOT%20renewal;id=%01;type=private;pin-value=$pin"

# The CA, and the CMP server's RA certificate (id-kp-cmcRA, RFC 9483 3.5) that signs the mock's answers
make_pki() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/ca.key" -days 30 \
        -subj "/CN=AOT training CA/O=UKey Assistant/C=CN" -addext basicConstraints=critical,CA:true \
        -addext keyUsage=critical,keyCertSign,cRLSign -out "$pki/ca.crt" &&
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/srv.key" \
            -subj "/CN=AOT training CMP/O=UKey Assistant/C=CN" -out "$pki/srv.csr" &&
        printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=1.3.6.1.5.5.7.3.28\n' >"$pki/srv.ext" &&
        openssl x509 -req -in "$pki/srv.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -set_serial 2 -days 30 \
            -extfile "$pki/srv.ext" -out "$pki/srv.crt"
}

# A key pair made on the token, its certificate written beside it, and the mock's answer: the same key and serial
# (OpenSSL 3.0's mock checks oldCertID against them), valid from a second later (a newer certificate)
make_key() {
    softhsm2-util --init-token --free --label "$label" --pin $pin --so-pin 87654321 &&
        pkcs11-tool --module "$module" --token-label "$label" --login --pin $pin --keypairgen \
            --key-type EC:prime256v1 --id 01 --label "签名证书" &&
        openssl req -new -engine pkcs11 -keyform engine -key "$key_uri" \
            -subj "/CN=AOT training holder/O=UKey Assistant/C=CN" -out "$pki/holder.csr" &&
        printf 'keyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n' >"$pki/holder.ext" &&
        openssl x509 -req -in "$pki/holder.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -set_serial 4242 \
            -days 365 -extfile "$pki/holder.ext" -outform DER -out "$pki/old.der" &&
        pkcs11-tool --module "$module" --token-label "$label" --login --pin $pin --write-object "$pki/old.der" \
            --type cert --id 01 --label "签名证书" &&
        sleep 1 &&
        openssl x509 -req -in "$pki/holder.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -set_serial 4242 \
            -days 366 -extfile "$pki/holder.ext" -out "$pki/rsp.crt"
}

make_pki >"$work/setup.log" 2>&1 || no_cache "the training CA could not be made"
make_key >>"$work/setup.log" 2>&1 || no_cache "the training key could not be made"

openssl cmp -port 0 -srv_cert "$pki/srv.crt" -srv_key "$pki/srv.key" -srv_trusted "$pki/ca.crt" \
    -rsp_cert "$pki/rsp.crt" >"$work/mock.out" 2>"$work/mock.log" &
mock=$!
trap 'kill $mock 2>/dev/null' EXIT
port=""
for _ in $(seq 100); do
    port=$(sed -n 's/.*ACCEPT .*:\([0-9]*\).*/\1/p' "$work/mock.out" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || no_cache "OpenSSL's mock CMP server did not start"

# the training must not see the builder's own settings, policy or home
echo $pin | UKEY_CONFIG_DIR=$work/config UKEY_POLICY_FILE=$work/no-policy.properties HOME=$work TMPDIR=$work/tmp \
    UKEY_PKCS11_MODULE= UKEY_JAVA_OPTS="-XX:AOTCacheOutput=$cache" \
    "$launcher" renew --module "$module" --token "$label" --pin-stdin --connector cmp \
    --ca-url "http://127.0.0.1:$port/pkix/" --ca-trust "$pki/ca.crt" --same-key >"$work/training.log" 2>&1
status=$?
if [ $status -eq 0 ] && [ -s "$cache" ]; then
    echo "AOT cache: $cache ($(($(stat -c %s "$cache") >> 20)) MB, trained on a CMP same-key renewal)"
else
    no_cache "the training renewal ended with $status"
fi
