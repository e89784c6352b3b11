#!/usr/bin/env bash
# Trains the AOT cache of the built checkout's command line (app/target/ukey-cli.aot), run by the build after
# app/target/ukey and its jars are in place:  app/src/build/train-cli-aot.sh app/target
# The training is `ukey list --json` on a SoftHSM token with one certificate, made here when SoftHSM, OpenSC and
# OpenSSL are installed (src/setup.sh installs them); without them it trains on the start-up alone. A training
# that fails leaves no cache (the launcher then starts without one) and does not fail the build.
set -uo pipefail
target=$(cd "$1" && pwd)
work=$target/aot-training
cache=$target/ukey-cli.aot
rm -rf "$work" "$cache"
mkdir -p "$work/tokens" "$work/config" "$work/tmp"

module=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so 2>/dev/null | head -n 1)
export SOFTHSM2_CONF=$work/softhsm2.conf
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" >"$SOFTHSM2_CONF"
args=(list --json)
if [ -n "$module" ] && command -v softhsm2-util >/dev/null && command -v pkcs11-tool >/dev/null &&
    command -v openssl >/dev/null; then
    softhsm2-util --init-token --free --label "AOT training" --pin 12345678 --so-pin 87654321 >/dev/null &&
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
            -subj "/CN=AOT training/O=UKey Assistant/C=CN" -days 30 -outform DER -out "$work/cert.der" 2>/dev/null &&
        pkcs11-tool --module "$module" --token-label "AOT training" --login --pin 12345678 \
            --write-object "$work/cert.der" --type cert --id 01 --label training >/dev/null 2>&1 &&
        args+=(--module "$module")
else
    echo "AOT training without a token (SoftHSM, OpenSC or OpenSSL missing)"
fi
# the training must not see the builder's own settings, policy or home
UKEY_CONFIG_DIR=$work/config UKEY_POLICY_FILE=$work/no-policy.properties HOME=$work TMPDIR=$work/tmp \
    UKEY_PKCS11_MODULE= UKEY_JAVA_OPTS="-XX:AOTCacheOutput=$cache" \
    "$target/ukey" "${args[@]}" >"$work/training.log" 2>&1
if [ -s "$cache" ]; then
    echo "AOT cache: $cache ($(($(stat -c %s "$cache") >> 20)) MB, trained on ukey ${args[*]})"
else
    echo "no AOT cache for the command line: see $work/training.log"
    rm -f "$cache"
fi
exit 0
