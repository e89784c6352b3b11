#!/usr/bin/env bash
# run.sh: THE run command. Sets the machine up, builds the client when its sources changed, makes the demo
#   token and the demo SM2 key when they are missing (src/demo-token.sh, src/demo-sm2-key.sh), starts the sandbox
#   CA, then runs the client on both keys.
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

# The sandbox CA: the demo CA's renewal service on 127.0.0.1 (a real HTTPS server), with an approved renewal order
# for the demo certificate, so that 一键更新 works at once. Stopped when this script ends.
sandbox=$UKEY_ROOT/ca-sandbox/target/ca-sandbox
sandbox_dir=$demo_dir/sandbox
start_sandbox() {
    rm -f "$sandbox_dir/url"
    mkdir -p "$sandbox_dir"
    "$sandbox" serve --dir "$sandbox_dir" --ca-cert "$demo_dir/ca/ca.crt" --ca-key "$demo_dir/ca/ca.key" \
        >"$demo_dir/sandbox.log" 2>&1 </dev/null &
    sandbox_pid=$!
    for _ in $(seq 100); do
        [ -s "$sandbox_dir/url" ] && return 0
        kill -0 "$sandbox_pid" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}
if ! start_sandbox; then
    # state from an older demo CA: start the sandbox afresh
    kill "$sandbox_pid" 2>/dev/null || true
    rm -rf "$sandbox_dir"
    start_sandbox || { echo "run.sh: the sandbox CA did not start; see $demo_dir/sandbox.log" >&2; exit 1; }
fi
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
# an approved order for the certificate on the demo token (after a demo renewal it is superseded: no new order)
"$sandbox" order --dir "$sandbox_dir" --cert "$demo_dir/zhangsan.crt" --approve >/dev/null 2>&1 || true

# The client's settings for the demo: its own folder, pointing at the demo keys' libraries and the sandbox CA.
export UKEY_CONFIG_DIR=$demo_dir/config
mkdir -p "$UKEY_CONFIG_DIR"
cat >"$UKEY_CONFIG_DIR/settings.properties" <<SETTINGS
# written by src/run.sh for the demo
pkcs11.modules=$UKEY_SOFTHSM_LIB
skf.libraries=$UKEY_SKF_LIBRARY
ca.url=$(cat "$sandbox_dir/url")
ca.trust=$sandbox_dir/trust.pem
SETTINGS

echo "Sandbox CA: $(cat "$sandbox_dir/url")  (SMS codes: $sandbox sms --dir $sandbox_dir)"
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
# Two demo keys are inserted: renew the SoftHSM one unless another is named (the SM2 key's renewal comes later).
if [ "$1" = renew ] && [[ " $* " != *" --token"* ]]; then
    set -- "$@" --token "UKey Demo"
fi
echo "\$ ukey $*"
"$ukey" "$@"
