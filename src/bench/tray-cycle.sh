#!/usr/bin/env bash
# The client in the tray as a user has it after using the window once: `ukey gui --hidden` (the tray process), the
# window asked for by another `ukey gui` (a window process starts) and ended again; then it prints TrayBench's marks
# from the client's log: `UKEY_BENCH hidden <epoch ms>` once the window process has gone, and
# `UKEY_BENCH key-added <epoch ms> <label>` for every insert notice. Usage: tray-cycle.sh LOG_FILE UKEY_LAUNCHER
set -u
log=$1
ukey=$2
mark() { echo "UKEY_BENCH $1 $(date +%s%3N)${2:+ $2}"; }
"$ukey" gui --hidden >/dev/null 2>&1 &
until grep -q "started hidden in the tray" "$log" 2>/dev/null; do sleep 0.2; done
"$ukey" gui >/dev/null 2>&1 # the running client is asked for its window
window=""
until [ -n "$window" ]; do
    sleep 0.2
    window=$(grep -o "window process [0-9]*" "$log" | tail -1 | cut -d' ' -f3)
done
sleep 10 # the window comes up and shows the key
kill "$window" # its process ends as when its window is closed
while kill -0 "$window" 2>/dev/null; do sleep 0.2; done
mark hidden
tail -n 0 -F "$log" 2>/dev/null | while IFS= read -r line; do
    case $line in
    *"已插入UKey："*) mark key-added "${line##*已插入UKey：}" ;;
    esac
done
