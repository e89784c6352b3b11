#!/usr/bin/env bash
# run.sh: THE run command. Sets the machine up, builds the client when its sources changed, makes the demo
#   token when it is missing (src/demo-token.sh), then runs the client on that token.
# Usage: src/run.sh [ukey arguments]   (default: list), e.g. src/run.sh show 01
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
demo_dir=$(cd "$UKEY_DEMO_DIR" && pwd)
export SOFTHSM2_CONF=$demo_dir/softhsm2.conf
export UKEY_PKCS11_MODULE=$UKEY_SOFTHSM_LIB

# ---------------------------------------------------------------------------------------------------------------
# TO COME — the sandbox CA and the window. When ca-sandbox/ can run on its own, start it here on 127.0.0.1 in the
# background (with a trap that stops it on exit) and point the client at it. When the window exists, run
# `"$ukey" gui` instead of `list` when no arguments are given. Until then the client is its command line.
# ---------------------------------------------------------------------------------------------------------------
[ $# -gt 0 ] || set -- list
echo "\$ ukey $*"
"$ukey" "$@"
