#!/usr/bin/env bash
# run.sh: THE run command. Sets the machine up, builds the client when its sources changed, makes the demo
#   token and the demo SM2 key when they are missing (src/demo-token.sh, src/demo-sm2-key.sh), starts a sandbox
#   CA for each (the RSA demo CA, the SM2 demo CA with its KMC), then runs the client on both keys; `renew` renews
#   both demo keys in turn (or the one named with --token), each by the CA that issued it (the settings name both).
# Usage: src/run.sh [ukey arguments]   (default: gui, the window), e.g. src/run.sh list, src/run.sh renew
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ukey=$UKEY_ROOT/app/target/ukey
stamp=$UKEY_ROOT/app/target/.run-build-stamp

# Build unless the last build here is newer than every POM and every module's sources.
needs_build() {
    [ -x "$ukey" ] && [ -f "$stamp" ] || return 0
    [ -n "$(find "$UKEY_ROOT"/pom.xml "$UKEY_ROOT"/*/pom.xml "$UKEY_ROOT"/*/src -newer "$stamp" -print -quit 2>/dev/null)" ]
}
if needs_build; then
    echo "Building the client (mvn package, tests skipped)..."
    # Maven 3.8 -q still prints bare colour resets: strip them so that only real errors show.
    if ! mvn -B -q --no-transfer-progress -f "$UKEY_ROOT/pom.xml" package -DskipTests </dev/null 2>&1 |
        sed -u 's/\x1b\[[0-9;]*m//g; /^$/d'; then
        echo "run.sh: the build failed (see above); src/test.sh shows more" >&2
        exit 1
    fi
    touch "$stamp"
fi

"$UKEY_ROOT/src/demo-token.sh"
"$UKEY_ROOT/src/demo-sm2-key.sh"
demo_dir=$(cd "$UKEY_DEMO_DIR" && pwd)
export SOFTHSM2_CONF=$demo_dir/softhsm2.conf
export UKEY_PKCS11_MODULE=$UKEY_SOFTHSM_LIB
# the demo SM2 key: a softskf device, through the soft SKF library
export SOFTSKF_DIR=$demo_dir/skf/devices
export UKEY_SKF_LIBRARY=$UKEY_ROOT/softskf/target/libsoftskf.so

# The sandbox CAs: the demo CAs' renewal services on 127.0.0.1 (real HTTPS servers), with approved renewal orders
# for the demo certificates, so that 一键更新 works at once: the RSA demo CA for the SoftHSM token, and the SM2 demo
# CA with its KMC for the SM2 key (an SM2 CA certifies SM2 keys only). Stopped when this script ends.
sandbox=$UKEY_ROOT/ca-sandbox/target/ca-sandbox
sandbox_pids=()
trap 'for pid in "${sandbox_pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
# start_sandbox DIR LOG SERVE-ARGS...: serves DIR; state from an older demo CA is dropped and served afresh
start_sandbox() {
    local dir=$1 log=$2
    shift 2
    for attempt in 1 2; do
        rm -f "$dir/url"
        mkdir -p "$dir"
        "$sandbox" serve --dir "$dir" "$@" >"$log" 2>&1 </dev/null &
        local pid=$!
        sandbox_pids+=("$pid")
        for _ in $(seq 100); do
            [ -s "$dir/url" ] && return 0
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill "$pid" 2>/dev/null || true
        [ "$attempt" = 1 ] && rm -rf "$dir"
    done
    echo "run.sh: the sandbox CA did not start; see $log" >&2
    exit 1
}
sandbox_dir=$demo_dir/sandbox
start_sandbox "$sandbox_dir" "$demo_dir/sandbox.log" --ca-cert "$demo_dir/ca/ca.crt" --ca-key "$demo_dir/ca/ca.key"
sm2_dir=$demo_dir/skf
sm2_sandbox_dir=$demo_dir/sandbox-sm2
start_sandbox "$sm2_sandbox_dir" "$demo_dir/sandbox-sm2.log" --ca-algorithm sm2 \
    --ca-cert "$sm2_dir/sm2-ca/ca.crt" --ca-key "$sm2_dir/sm2-ca/ca.key"
# approved orders for the certificates on the demo keys (after a demo renewal they are superseded: no new order)
"$sandbox" order --dir "$sandbox_dir" --cert "$demo_dir/zhangsan.crt" --approve >/dev/null 2>&1 || true
"$sandbox" order --dir "$sm2_sandbox_dir" --cert "$sm2_dir/devices/SM2-DEMO.files/sign.crt" --approve \
    >/dev/null 2>&1 || true

# The client's settings for the demo: its own folder, pointing at the demo keys' libraries and both sandbox CAs (the
# RSA one as the default, the SM2 one as a further CA: each key is renewed by the CA its certificate chains to).
export UKEY_CONFIG_DIR=$demo_dir/config
mkdir -p "$UKEY_CONFIG_DIR"
cat >"$UKEY_CONFIG_DIR/settings.properties" <<SETTINGS
# written by src/run.sh for the demo
pkcs11.modules=$UKEY_SOFTHSM_LIB
skf.libraries=$UKEY_SKF_LIBRARY
ca.url=$(cat "$sandbox_dir/url")
ca.trust=$sandbox_dir/trust.pem
ca.more=sm2demo
sm2demo.ca.url=$(cat "$sm2_sandbox_dir/url")
sm2demo.ca.trust=$sm2_sandbox_dir/trust.pem
SETTINGS

echo "Sandbox CAs: $(cat "$sandbox_dir/url") (RSA demo CA), $(cat "$sm2_sandbox_dir/url") (SM2 demo CA and KMC);" \
    "SMS codes: $sandbox sms --dir $sandbox_dir (or $sm2_sandbox_dir)"
echo "Demo keys: UKey Demo (SoftHSM, RSA) and SM2 Demo (softskf, SM2 signing + encryption): PIN 12345678," \
    "SO/administrator PIN 87654321"
if [ $# -eq 0 ]; then
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        set -- gui
    else
        # no screen here (an SSH session, a container): show the key on the command line instead
        echo "No display (DISPLAY is not set): showing the demo key with 'ukey list'. On a desktop, src/run.sh opens" \
            "the window; here, try src/run.sh renew (PIN 12345678, SMS code from the command above)."
        set -- list
    fi
fi
# renew: both demo keys in turn, or the one named with --token
if [ "$1" = renew ] && [[ " $* " != *" --token"* ]]; then
    status=0
    echo "\$ ukey $* --token 'UKey Demo'"
    "$ukey" "$@" --token "UKey Demo" || status=$?
    echo "\$ ukey $* --token 'SM2 Demo'  (SMS codes: $sandbox sms --dir $sm2_sandbox_dir)"
    "$ukey" "$@" --token "SM2 Demo" || status=$?
    exit "$status"
fi
echo "\$ ukey $*"
"$ukey" "$@"
