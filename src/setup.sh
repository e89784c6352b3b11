#!/usr/bin/env bash
# setup.sh: make sure this machine can build, test and run UKey Assistant.
#   Finds JDK 25, installs Maven and the Debian packages the tests and the demo need, and exports
#   JAVA_HOME, PATH, MAVEN_OPTS, UKEY_ROOT, UKEY_SOFTHSM_LIB and UKEY_DEMO_DIR. Quiet when everything is there.
# Sourced by the other scripts in src/ (`source src/setup.sh`), or run on its own (`src/setup.sh`).

# The Debian packages behind the real parts we test with (see README.md):
#   softhsm2: the PKCS#11 token; opensc: pkcs11-tool; xvfb + fonts-noto-cjk + libgtk-3-0 (JavaFX): windows with Chinese text;
#   openssl + libengine-pkcs11-openssl + p11-kit: the demo CA and signing with token keys;
#   gcc + make + libgcrypt20-dev: building softskf, the soft SKF token (C on libgcrypt);
#   libp11-kit-dev (pkcs11.h): building src/pkcs11-fault, the PKCS#11 fault shim of the token tests;
#   gcc-mingw-w64-{i686,x86-64}-win32: ukey-host (the library host) as ukey-host32.exe / ukey-host64.exe;
#   trayer + xdotool + x11-utils + imagemagick: a real system tray under Xvfb, clicked, inspected and photographed
#   (the tray's tests and benchmarks), python3 (its ctypes closes a window as a window manager would);
#   time: CPU figures of whole processes in the benchmarks.
UKEY_DEBIAN_PACKAGES=(maven softhsm2 opensc xvfb fonts-noto-cjk libgtk-3-0 openssl libengine-pkcs11-openssl p11-kit
    gcc make libgcrypt20-dev libp11-kit-dev gcc-mingw-w64-i686-win32 gcc-mingw-w64-x86-64-win32
    trayer xdotool x11-utils imagemagick python3 time)

ukey_setup_fail() {
    echo "setup: $*" >&2
    return 1
}

# Prints the feature version (25 for "25.0.3") of the JDK at $1, or nothing when it is not a JDK.
ukey_jdk_version() {
    local home=$1 version
    [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    else
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "$version"
}

ukey_find_jdk() {
    local home version
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
        version=$(ukey_jdk_version "$home")
        if [ -n "$version" ] && [ "$version" -ge 25 ]; then
            echo "$home"
            return 0
        fi
    done
    return 1
}

ukey_install_packages() {
    local missing=() package
    for package in "${UKEY_DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            ukey_setup_fail "missing Debian packages: ${missing[*]}. Install them as root:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
            return 1
        fi
    fi
    echo "setup: installing ${missing[*]}" >&2
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq)
    if ! "${apt[@]}" update </dev/null >&2 ||
        ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null >&2; then
        ukey_setup_fail "apt-get install ${missing[*]} failed (see above)"
    fi
}

# The Wine tier of the host tests (run by src/test.sh unless UKEY_WINE_TIER=0): ukey-host32.exe under Wine serving softskf
# built as a 32-bit DLL. Needs i386 packages (wine32) and libgcrypt for mingw. Measured on a fresh prefix: the
# install about 2.5 minutes, the first Wine start about half a minute, later starts a tenth of a second.
UKEY_WINE_PACKAGES=(wine wine64 wine32:i386 libgcrypt-mingw-w64-dev)

ukey_setup_wine() {
    local missing=() package
    for package in "${UKEY_WINE_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || { ukey_setup_fail "the Wine tier needs as root: dpkg --add-architecture i386 &&
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"; return 1; }
    echo "setup: installing ${missing[*]} for the Wine tier" >&2
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600)
    "${apt[@]}" update </dev/null >&2 || true # a half-synced mirror index only matters if the install fails
    if "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null >&2; then
        return 0
    fi
    # A mirror whose i386 security index lags (seen here) leaves i386 libraries a version behind their installed
    # amd64 twins: install from the release and its updates only, which have both at the same versions.
    echo "setup: retrying the Wine packages from bookworm and bookworm-updates only" >&2
    local lists parts
    lists=$(mktemp -d) parts=$(mktemp -d)
    mkdir -p "$lists/partial"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        > "$parts/main.sources"
    apt+=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$parts" -o "Dir::State::Lists=$lists")
    "${apt[@]}" update </dev/null >&2 && "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null >&2
    local status=$?
    rm -rf "$lists" "$parts"
    [ $status -eq 0 ] || ukey_setup_fail "cannot install ${missing[*]} for the Wine tier (see above)"
}

ukey_setup() {
    local jdk
    if ! jdk=$(ukey_find_jdk); then
        ukey_setup_fail "JDK 25 not found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm/temurin-25-jdk-amd64 and /usr/lib/jvm/*25*).
    Debian 12 has no JDK 25 package: install one by hand (for example Eclipse Temurin 25 for x64 Linux, unpacked
    into /usr/lib/jvm/temurin-25-jdk-amd64),
    or set JAVA_HOME to the folder of a JDK 25 (the one with bin/javac), then run this again."
        return 1
    fi
    export JAVA_HOME=$jdk
    case ":$PATH:" in
        *":$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac

    ukey_install_packages || return 1
    command -v mvn >/dev/null || ukey_setup_fail "mvn not on PATH although the maven package is installed" || return 1

    # Maven 3.8 uses sun.misc.Unsafe, which JDK 25 warns about on every run.
    case " ${MAVEN_OPTS:-} " in
        *" --sun-misc-unsafe-memory-access=allow "*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac

    UKEY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    export UKEY_ROOT
    export UKEY_SOFTHSM_LIB=/usr/lib/softhsm/libsofthsm2.so
    export UKEY_DEMO_DIR=${UKEY_DEMO_DIR:-$HOME/.local/share/ukey-demo}
    [ -f "$UKEY_SOFTHSM_LIB" ] || ukey_setup_fail "$UKEY_SOFTHSM_LIB missing although softhsm2 is installed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    ukey_setup || exit 1
else
    ukey_setup || return 1
fi
