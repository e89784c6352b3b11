#!/usr/bin/env bash
# screenshots.sh: opens the real window under Xvfb on SoftHSM and softskf keys and saves a PNG of every page and dialog to
#   app/target/screenshots/ (Chinese, then English with the en- prefix). Look at them after UI changes.
# Usage: src/screenshots.sh [zh|en|all]   (default: all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$UKEY_ROOT"

languages=${1:-all}
out=$UKEY_ROOT/app/target/screenshots
mkdir -p "$out"

# Compile the client and its tests, and write the test class path (the tour lives in the test sources).
mvn -B -q --no-transfer-progress -pl app -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt </dev/null
cp="$UKEY_ROOT/app/target/test-classes:$UKEY_ROOT/app/target/classes:$(cat "$UKEY_ROOT/app/target/test-classpath.txt")"

# The tour's own SoftHSM token directory (SoftHsm wants it under target/).
export SOFTHSM2_CONF=$UKEY_ROOT/app/target/screenshots-softhsm/softhsm2.conf
mkdir -p "$(dirname "$SOFTHSM2_CONF")"
# and its softskf devices (SoftSkf wants them under target/ too)
export SOFTSKF_DIR=$UKEY_ROOT/app/target/screenshots-softskf/devices

run() {
    xvfb-run -a -s "-screen 0 1280x800x24" \
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dprism.order=sw -cp "$cp" \
        ukey.app.ui.ScreenshotTour "$out" "$1"
}
case "$languages" in
    zh) run zh ;;
    en) run en ;;
    all) run zh && run en ;;
    *) echo "usage: src/screenshots.sh [zh|en|all]" >&2; exit 64 ;;
esac
echo "screenshots in $out"
