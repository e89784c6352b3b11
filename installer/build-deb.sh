#!/usr/bin/env bash
# build-deb.sh: builds the Linux package into installer/target/ (ukey-assistant_<version>_amd64.deb) and checks
#   it on this machine: `apt-get install ./<deb>`, the installed `ukey --version`, `ukey list` on a SoftHSM demo
#   token, the window under Xvfb (when the client has one; JavaFX natives not extracted into the home), then
#   `apt-get purge` leaves nothing behind. Needs root (or passwordless sudo) for the checks.
# Usage: installer/build-deb.sh [--no-check]
#   --no-check   build the package only
# Environment: UKEY_NO_AOT=1 packages without the AOT cache (to compare start-up times).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/src/setup.sh"
cd "$root"

check=true
case "${1:-}" in
    "") ;;
    --no-check) check=false ;;
    -h | --help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "build-deb: unknown option '$1' (try --help)" >&2; exit 64 ;;
esac

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
    elif $check; then
        echo "build-deb: the checks install the package: run as root, or with --no-check" >&2
        exit 1
    fi
fi

work=$(mktemp -d)
window_pid=""
cleanup() {
    [ -n "$window_pid" ] && kill "$window_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== build the client"
mvn -B -q --no-transfer-progress package -DskipTests -pl app -am </dev/null 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g; /^$/d'

# The training start-up (Package.java) and the checks run the client on the demo token: a real token with a
# certificate, so that the token and certificate code is what the AOT cache learns.
UKEY_DEMO_DIR=$work/demo "$root/src/demo-token.sh" >/dev/null
export SOFTHSM2_CONF=$work/demo/softhsm2.conf UKEY_PKCS11_MODULE=$UKEY_SOFTHSM_LIB
has_window=false
if "$JAVA_HOME/bin/jar" tf app/target/app.jar | grep -qx 'ukey/app/ui/GuiLauncher.class'; then
    has_window=true
fi

echo "== package"
if $has_window; then
    xvfb-run -a -s "-screen 0 1280x800x24" java installer/Package.java deb
else
    java installer/Package.java deb
fi
deb=$(ls installer/target/*.deb)
version=$(sed -n 's/^--app-version *//p' jpackage.cfg)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
$check || exit 0

apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0)
fail() {
    echo "build-deb: FAILED: $*" >&2
    exit 1
}

# Everything outside the dpkg and apt databases that a package could leave: compared before and after.
snapshot() {
    find /opt /usr /etc /var/lib /var/opt -xdev \
        -path /var/lib/dpkg -prune -o -path /var/lib/apt -prune -o -path /var/lib/ucf -prune -o -print 2>/dev/null |
        sort
}

echo "== install: apt-get install ./$deb"
# the package's dependencies first, so that the snapshot holds them and only the package itself is compared
depends=$(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' ')
[ -n "$depends" ] && "${apt[@]}" install -y --no-install-recommends $depends </dev/null >/dev/null
"${apt[@]}" purge -y ukey-assistant </dev/null >/dev/null 2>&1 || true
snapshot >"$work/before"
"${apt[@]}" install -y "./$deb" </dev/null >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
size=$(dpkg-query -W -f='${Installed-Size}' ukey-assistant)
echo "installed: /opt/ukey-assistant, $((size / 1024)) MB"

echo "== ukey --version"
command -v ukey >/dev/null || fail "no ukey command on the PATH"
out=$(HOME=$work/home ukey --version)
[ "$out" = "UKey Assistant $version" ] || fail "ukey --version said '$out', not 'UKey Assistant $version'"
echo "$out"
aot=()
if [ -f /opt/ukey-assistant/lib/app/ukey-cli.aot ]; then
    # -XX:AOTMode=on turns "cache dropped in silence" into a failure (the window's cache: with the window below)
    JAVA_TOOL_OPTIONS=-XX:AOTMode=on HOME=$work/home ukey --version >/dev/null 2>"$work/aot.log" ||
        { cat "$work/aot.log"; fail "the installed command line cannot use its AOT cache"; }
    echo "the command line's AOT cache fits the installed client"
    if [ -f /opt/ukey-assistant/lib/app/ukey-renew.aot ]; then # the ukey script gives it to `ukey renew` alone
        JAVA_TOOL_OPTIONS=-XX:AOTMode=on HOME=$work/home ukey renew --version >/dev/null \
            2>"$work/aot.log" || { cat "$work/aot.log"; fail "the installed ukey renew cannot use its AOT cache"; }
        echo "ukey renew's AOT cache fits the installed client"
    fi
    aot=(JAVA_TOOL_OPTIONS=-XX:AOTMode=on)
fi

echo "== ukey list on the demo token"
out=$(HOME=$work/home UKEY_CONFIG_DIR=$work/config ukey list)
echo "$out"
grep -q "UKey Demo" <<<"$out" && grep -q "张三" <<<"$out" || fail "ukey list does not show the demo token's certificate"

# shows_window LABEL ARGS...: the installed window launcher with ARGS shows its window under Xvfb within 30 s
shows_window() {
    local label=$1 display start shown=""
    shift
    display=:$((90 + RANDOM % 100))
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
    start=$(date +%s%N)
    env "${aot[@]}" DISPLAY=$display HOME=$work/home UKEY_CONFIG_DIR=$work/config "/opt/ukey-assistant/bin/UKey Assistant" \
        "$@" >"$work/window.log" 2>&1 &
    window_pid=$!
    for _ in $(seq 1 300); do
        if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '"UKey'; then
            shown=$(( ($(date +%s%N) - start) / 1000000 ))
            break
        fi
        kill -0 "$window_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$window_pid" 2>/dev/null || true
    wait "$window_pid" 2>/dev/null || true
    window_pid=""
    kill "$xvfb_pid" 2>/dev/null || true
    [ -n "$shown" ] || { cat "$work/window.log"; fail "$label: no window appeared within 30 s"; }
    echo "$label: window shown after $shown ms"
}

if $has_window; then
    echo "== the window under Xvfb"
    command -v xwininfo >/dev/null || "${apt[@]}" install -y --no-install-recommends x11-utils </dev/null >/dev/null
    mkdir -p "$work/home"
    shows_window "UKey Assistant"
    [ ! -e "$work/home/.openjfx" ] || fail "JavaFX extracted its natives into the home: $(ls -R "$work/home/.openjfx")"
    # autostart's start (the tray process, with the tray's AOT cache): without a tray it opens the window itself
    shows_window "UKey Assistant gui --hidden, no tray" gui --hidden
fi

echo "== remove: apt-get purge ukey-assistant"
"${apt[@]}" purge -y ukey-assistant </dev/null >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get purge"; }
snapshot >"$work/after"
if ! diff "$work/before" "$work/after" >"$work/diff"; then
    cat "$work/diff"
    fail "the package left files behind (> above)"
fi
[ ! -e /usr/bin/ukey ] && [ ! -e /opt/ukey-assistant ] || fail "/usr/bin/ukey or /opt/ukey-assistant still there"
echo "removed: nothing left behind"
echo "build-deb: OK ($deb)"
