#!/usr/bin/env bash
# Benchmarks: programs that print figures. Usage: src/bench.sh tokens|host|renewal|cmp|gui|tray
# Needs a build (src/test.sh or mvn package); each case runs on its own SoftHSM token directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/src/setup.sh"
cd "$root"
[ -f src/bench/target/bench.jar ] && [ -x app/target/ukey ] || mvn -B -q package -DskipTests
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "src/bench/target/bench.jar:src/bench/target/lib/*")
lib=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so 2>/dev/null | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the client's command line as app/target/ukey runs it (its JVM options, its jars without JavaFX), with the benchmarks
eval "$(sed -n '/^jvm=(/,/)$/p' app/target/ukey)"
client_classpath=src/bench/target/bench.jar:app/target/app.jar
for jar in app/target/lib/*.jar; do
    [[ ${jar##*/} =~ ^javafx- ]] || client_classpath+=:$jar
done
client=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${jvm[@]}" -XX:CompileThresholdScaling=10
    -cp "$client_classpath") # CompileThresholdScaling: as the launcher's command-line branch

softhsm_dir() { # a fresh SoftHSM configuration in $work/$1
    mkdir -p "$work/$1/tokens"
    printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/$1/tokens" > "$work/$1/softhsm2.conf"
    echo "$work/$1/softhsm2.conf"
}

need_trayer() { # Xvfb has no system tray of its own: trayer gives AWT one
    command -v trayer >/dev/null || { echo "bench.sh $1: trayer is missing (src/setup.sh installs it)" >&2; exit 1; }
}

under_tray() { # runs the command under Xvfb with trayer's system tray on the top edge
    xvfb-run -a -s "-screen 0 1280x800x24" bash -c 'trayer --edge top --align right --widthtype request \
            --height 24 --transparent false & tray=$!; sleep 1; "$@"; status=$?; kill $tray; exit $status' bash "$@"
}

client_jars() { # fx: JavaFX's platform jars (a module path); app_cp: the client's other jars; jvm: the window's options
    fx=$(ls app/target/lib/javafx-*-linux.jar | paste -sd:)
    app_cp=$(ls app/target/lib/*.jar | grep -v '/javafx-' | paste -sd:)
    eval "$(sed -n '/^window=(/{:a;/)$/!{N;ba};p}' app/target/ukey)"
    jvm+=("${window[@]}")
}

case "${1:-tokens}" in
tokens)
    echo "== token layer ($(nproc) cores, $(java -version 2>&1 | head -1); $(uptime | sed 's/.*\(load average\)/\1/'))"
    for n in 1 50; do
        export SOFTHSM2_CONF=$(softhsm_dir "certs$n")
        "${java[@]}" ukey.bench.TokenBench prepare "$lib" "bench$n" "$n"
        # in-process, with the client's jars and JVM options: warm, then cold (goal ≤ 150 ms) in fresh JVMs the way
        # the client runs, with an AOT cache trained as the build trains the client's (one run that records it), and
        # without one; with FFM's one call shape (x86-64) and with a shape per function (as before issue 13's
        # one-shape change), in turn
        "${client[@]}" ukey.bench.TokenBench enumerate "$lib"
        for shapes in one exact; do
            "${client[@]}" -Dukey.token.ffm.exactShapes=$([ $shapes = exact ] && echo true || echo false) \
                -XX:AOTCacheOutput="$work/enumerate-$shapes.aot" -Xlog:aot=off -Xlog:cds=off \
                ukey.bench.TokenBench once "$lib" >"$work/training-$shapes.log" 2>&1
        done
        echo "  ($(uptime | sed 's/.*\(load average\)/\1/'))"
        "${java[@]}" ukey.bench.TokenBench cold 10 "$lib" "${client[@]}" -- \
            "shape per function, no cache=-Dukey.token.ffm.exactShapes=true" \
            "shape per function, AOT=-Dukey.token.ffm.exactShapes=true -XX:AOTCache=$work/enumerate-exact.aot" \
            "one shape, no cache=" \
            "one shape, AOT cache=-XX:AOTCache=$work/enumerate-one.aot"
        # the same token through the library host beside in-process, per call
        [ "$n" = 1 ] && "${java[@]}" ukey.bench.HostBench "$lib" "bench$n"
        # goal: ukey list --json at most 25 times pkcs11-tool --list-objects on the same token, dev launcher (with
        # the AOT cache the build trained) and installed client (when one is installed here)
        for ukey in app/target/ukey ${UKEY_INSTALLED:-/opt/ukey-assistant/bin/ukey}; do
            [ -x "$ukey" ] || continue
            UKEY_PKCS11_MODULE="$lib" "${java[@]}" ukey.bench.TokenBench versus 10 25 "$ukey" list --json \
                -- pkcs11-tool --module "$lib" --token-label "bench$n" --list-objects
        done
    done
    for n in 1 50; do
        export SOFTSKF_DIR=$work/skf$n
        mkdir -p "$SOFTSKF_DIR"
        "${java[@]}" ukey.bench.TokenBench skf-prepare softskf/target/softskf "$SOFTSKF_DIR/bench$n" "$n"
        "${java[@]}" ukey.bench.TokenBench skf-enumerate softskf/target/libsoftskf.so
        [ "$n" = 1 ] && "${java[@]}" ukey.bench.TokenBench skf-enumerate-host softskf/target/libsoftskf.so
    done
    export SOFTHSM2_CONF=$(softhsm_dir detect)
    for interval in 250 500; do
        "${java[@]}" ukey.bench.TokenBench detect "$lib" "$interval"
    done
    ;;
host)
    # only the host lines of `tokens`: the same calls in-process and through ukey-host, per call
    echo "== library host ($(nproc) cores, $(java -version 2>&1 | head -1))"
    export SOFTHSM2_CONF=$(softhsm_dir host)
    "${java[@]}" ukey.bench.TokenBench prepare "$lib" "bench-host" 1
    "${java[@]}" ukey.bench.HostBench "$lib" "bench-host"
    export SOFTSKF_DIR=$work/skf-host
    "${java[@]}" ukey.bench.TokenBench skf-prepare softskf/target/softskf "$SOFTSKF_DIR/bench" 1
    "${java[@]}" ukey.bench.TokenBench skf-enumerate softskf/target/libsoftskf.so
    "${java[@]}" ukey.bench.TokenBench skf-enumerate-host softskf/target/libsoftskf.so
    ;;
renewal)
    # EC and RSA keys on SoftHSM, SM2 dual-certificate keys on softskf (the sandbox's SM2 CA and KMC)
    echo "== renewal on SoftHSM and softskf + the sandbox CA over HTTPS ($(nproc) cores)"
    export SOFTHSM2_CONF=$(softhsm_dir renewal)
    export SOFTSKF_DIR=$work/skf-renewal
    mkdir -p "$SOFTSKF_DIR"
    "${java[@]}" ukey.bench.RenewalBench "$lib" "$work" app/target/ukey softskf/target/softskf \
        softskf/target/libsoftskf.so
    ;;
cmp)
    # CMP key update by our connector beside `openssl cmp -cmd kur` with the pkcs11 engine (same token, same
    # OpenSSL mock server), then whole same-key renewals by `ukey renew` beside openssl
    echo "== CMP key update ($(nproc) cores, $(java -version 2>&1 | head -1), $(openssl version))"
    export SOFTHSM2_CONF=$(softhsm_dir cmp)
    UKEY_LAUNCHER=app/target/ukey "${java[@]}" ukey.bench.CmpBench run "$lib" "$work/cmp" 10
    ;;
gui)
    # The window under Xvfb with trayer's system tray, on a SoftHSM key with a certificate, beside a plain JavaFX
    # window (the floor): launch to first frame, cold and with the JDK's AOT cache, in turn; then both hidden as
    # closing to the tray hides them: memory, CPU, and how soon a key inserted meanwhile shows.
    echo "== window ($(nproc) cores, $(java -version 2>&1 | head -1), Xvfb + trayer, software rendering)"
    need_trayer gui
    export SOFTHSM2_CONF=$(softhsm_dir gui)
    "${java[@]}" ukey.bench.TokenBench prepare "$lib" "bench-gui" 1
    mkdir -p "$work/config" "$work/run"
    export UKEY_PKCS11_MODULE=$lib UKEY_CONFIG_DIR=$work/config XDG_RUNTIME_DIR=$work/run
    export UKEY_POLICY_FILE=$work/no-policy
    # GTK loads Mesa's GL (44 MB resident) in some runs and not in others, for either window: never, for both
    export GDK_GL=disable
    # The client as app/target/ukey gui starts it (module path, JVM options), run by WindowProbe, which watches it
    client_jars
    # The installed client (when a package is installed here) as its launcher starts it: its runtime, JVM options
    # and AOT cache from the launcher's .cfg, with WindowProbe appended to its class path (an AOT cache takes a
    # class path that extends the one it was trained with)
    installed=()
    cfg="${UKEY_INSTALLED_APP:-/opt/ukey-assistant/lib/app}/UKey Assistant.cfg"
    if [ -f "$cfg" ]; then
        appdir=$(dirname "$cfg")
        mapfile -t options < <(sed -n "s/^java-options=//p" "$cfg" | sed "s|\$APPDIR|$appdir|g")
        installed_cp=$(sed -n "s/^app.classpath=//p" "$cfg" | sed "s|\$APPDIR|$appdir|g" | paste -sd:)
        installed=(-- "$appdir/../runtime/bin/java" "${options[@]}" -Dprism.order=sw
            -cp "$installed_cp:$root/src/bench/target/bench.jar" ukey.bench.WindowProbe gui)
    fi
    under_tray \
        "${java[@]}" ukey.bench.GuiBench "$work" "${UKEY_BENCH_RUNS:-5}" "$(command -v softhsm2-util)" \
        -- "$JAVA_HOME/bin/java" --module-path "$fx" --add-modules javafx.controls,javafx.fxml \
        --enable-native-access=javafx.graphics,ALL-UNNAMED "${jvm[@]}" -Dprism.order=sw \
        -cp "src/bench/target/bench.jar:app/target/app.jar:$app_cp" ukey.bench.WindowProbe gui \
        -- "$JAVA_HOME/bin/java" --module-path "$fx" --add-modules javafx.controls \
        --enable-native-access=javafx.graphics -Dprism.order=sw -cp src/bench/target/bench.jar ukey.bench.PlainWindow \
        "${installed[@]}"
    ;;
tray)
    # Issue 13's tray goals on the tray process (ukey gui --hidden: no JavaFX; the window is a process of its own,
    # asked for once and ended, src/bench/tray-cycle.sh) on a SoftHSM key and on a softskf device, beside a hidden
    # plain JavaFX window (the anchor) and the window hidden in the tray as a `ukey gui` started alone still does;
    # all at once under Xvfb with trayer. (The probe that decided for the tray process before it existed is
    # LightTrayProbe in commit c799e33: the same figures within 3 MB and 0.02 %.)
    echo "== tray processes ($(nproc) cores, $(java -version 2>&1 | head -1), Xvfb + trayer)"
    need_trayer tray
    export SOFTHSM2_CONF=$(softhsm_dir tray)
    "${java[@]}" ukey.bench.TokenBench prepare "$lib" "bench-tray" 1
    empty_hsm=$(softhsm_dir tray-empty)
    mkdir -p "$work/skf" "$work/config" "$work/config-hsm" "$work/config-skf" "$work/run-window" "$work/run-hsm" \
        "$work/run-skf"
    "${java[@]}" ukey.bench.TokenBench skf-prepare softskf/target/softskf "$work/skf/bench-tray" 1
    export UKEY_CONFIG_DIR=$work/config UKEY_POLICY_FILE=$work/no-policy GDK_GL=disable UKEY_JAVA_OPTS=-Dprism.order=sw
    client_jars
    # The installed client's tray process too (when a package is installed here), started as autostart starts it:
    # its own launcher with gui --hidden (the launcher picks the tray's AOT cache, the window process gets the window's)
    installed=()
    launcher="${UKEY_INSTALLED_GUI:-/opt/ukey-assistant/bin/UKey Assistant}"
    if [ -x "$launcher" ]; then
        mkdir -p "$work/config-installed" "$work/run-installed"
        installed=(-- "installed tray process, SoftHSM key" env XDG_RUNTIME_DIR="$work/run-installed"
            UKEY_CONFIG_DIR="$work/config-installed" UKEY_PKCS11_MODULE="$lib" src/bench/tray-cycle.sh
            "$work/config-installed/logs/ukey.log" "$launcher")
    fi
    under_tray \
        "${java[@]}" ukey.bench.TrayBench "$(command -v softhsm2-util)" \
        -- "plain JavaFX window, hidden (anchor)" "$JAVA_HOME/bin/java" --module-path "$fx" \
        --add-modules javafx.controls --enable-native-access=javafx.graphics -Dprism.order=sw \
        -cp src/bench/target/bench.jar ukey.bench.PlainWindow \
        -- "tray process, SoftHSM key" env XDG_RUNTIME_DIR="$work/run-hsm" UKEY_CONFIG_DIR="$work/config-hsm" \
        UKEY_PKCS11_MODULE="$lib" src/bench/tray-cycle.sh "$work/config-hsm/logs/ukey.log" app/target/ukey \
        -- "tray process, softskf device" env XDG_RUNTIME_DIR="$work/run-skf" UKEY_CONFIG_DIR="$work/config-skf" \
        SOFTHSM2_CONF="$empty_hsm" SOFTSKF_DIR="$work/skf" UKEY_SKF_LIBRARY="$root/softskf/target/libsoftskf.so" \
        src/bench/tray-cycle.sh "$work/config-skf/logs/ukey.log" app/target/ukey \
        -- "window hidden in the tray (ukey gui alone)" env XDG_RUNTIME_DIR="$work/run-window" \
        UKEY_PKCS11_MODULE="$lib" "$JAVA_HOME/bin/java" --module-path "$fx" --add-modules javafx.controls,javafx.fxml \
        --enable-native-access=javafx.graphics,ALL-UNNAMED "${jvm[@]}" -Dprism.order=sw \
        -cp "src/bench/target/bench.jar:app/target/app.jar:$app_cp" ukey.bench.WindowProbe gui "${installed[@]}"
    ;;
*)
    echo "usage: src/bench.sh tokens|host|renewal|cmp|gui|tray" >&2
    exit 2
    ;;
esac
