#!/usr/bin/env bash
# test.sh: THE test command. Sets the machine up, then builds and tests the whole reactor (`mvn verify`).
#   Shows Maven's errors, warnings and Surefire results as they come; the whole log is in target/test.log.
#   Ends with one line "tests: N passed, N failed, N skipped" and exits non-zero when anything failed.
#   --fail-at-end: modules that do not depend on a failed one are still tested and counted.
# Usage: src/test.sh [Maven arguments before verify], e.g. src/test.sh -pl token-driver -Dtest=CertificateInfoTest
#   `src/test.sh clean` rebuilds from nothing (Maven keeps compiled tests whose sources were all deleted).
# The Wine tier (ukey-host32.exe under Wine serving a 32-bit SKF DLL) runs too: setup installs Wine first.
#   UKEY_WINE_TIER=0 skips it locally. Where Wine cannot be installed, it says so and that one test class is skipped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$UKEY_ROOT"
if [ "${UKEY_WINE_TIER:-1}" != 0 ]; then
    if ukey_setup_wine; then
        export UKEY_WINE_TIER=1
    else
        echo "test.sh: WARNING: Wine could not be installed (see above): the Wine tier (WineTierTest) is skipped" >&2
        export UKEY_WINE_TIER=0
    fi
fi

log=$UKEY_ROOT/target/test.log
# Maven writes to a file outside target/ while it runs: `src/test.sh clean` deletes target/ under it.
running_log=$(mktemp "${TMPDIR:-/tmp}/ukey-test-log.XXXXXX") && chmod 644 "$running_log"
keep_log() { if [ -f "$running_log" ]; then mkdir -p "$(dirname "$log")" && mv "$running_log" "$log"; fi; }
trap keep_log EXIT

# What a reader needs from Maven's output: problems, test results, the reactor's verdict.
shown='^\[(ERROR|WARNING)\]|Tests run:|T E S T S|^\[INFO\] (Results:|Reactor Summary|BUILD|Total time)|^\[INFO\] .* (SUCCESS|FAILURE|SKIPPED)( \[|$)'

set +e
mvn -B --no-transfer-progress --fail-at-end "$@" verify </dev/null 2>&1 | tee "$running_log" | grep --line-buffered -E "$shown"
status=${PIPESTATUS[0]}
set -e
keep_log

# Add up the per-module totals that Surefire prints after "Results:" (the lines without a test class).
read -r run failures errors skipped < <(
    sed -E 's/\x1b\[[0-9;]*m//g' "$log" |
        sed -nE 's/^\[[A-Z]+\] Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)$/\1 \2 \3 \4/p' |
        awk '{ r += $1; f += $2; e += $3; s += $4 } END { print r + 0, f + 0, e + 0, s + 0 }'
)
failed=$((failures + errors))
echo "tests: $((run - failed - skipped)) passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ]; then
    echo "test.sh: the build failed (Maven exit $status); the whole log is $log" >&2
fi
exit "$status"
