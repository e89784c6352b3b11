#!/usr/bin/env bash
# demo-sm2-key.sh: a soft SKF key (softskf) that looks like a Chinese CA's SM2 UKey, beside the SoftHSM demo token.
#   The key "SM2 Demo" holds, in container "SM2 Identity", a signing and an encryption key pair with their SM2
#   certificates for 张三 of 示例招标代理有限公司, issued by an SM2 demo CA and expiring in about 20 days.
#   Everything lives in $UKEY_DEMO_DIR/skf (default ~/.local/share/ukey-demo/skf): the devices in devices/ (the
#   folder SOFTSKF_DIR points at), the CA in sm2-ca/ (kept across resets: an OpenSSL SM2 key and certificate that
#   `ca-sandbox serve --ca-cert ca.crt --ca-key ca.key --ca-algorithm sm2` can serve), the key's files in
#   devices/SM2-DEMO.files/.
# Usage: src/demo-sm2-key.sh [--reset]
#   Makes the key when it is missing or its signing certificate has expired; --reset makes it anew anyway.
#   PIN 12345678, administrator PIN 87654321 (demo values).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

reset=false
case "${1:-}" in
    "") ;;
    --reset) reset=true ;;
    -h | --help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "demo-sm2-key: unknown option '$1' (try --help)" >&2; exit 64 ;;
esac

mkdir -p "$UKEY_DEMO_DIR/skf/devices"
skf_dir=$(cd "$UKEY_DEMO_DIR/skf" && pwd)
device=$skf_dir/devices/SM2-DEMO
certificate=$device.files/sign.crt
make_device=$UKEY_ROOT/softskf/scripts/make-sm2-device.sh
[ -x "$UKEY_ROOT/softskf/target/softskf" ] ||
    { echo "demo-sm2-key: softskf is not built (src/run.sh builds it; or make -C softskf)" >&2; exit 1; }

if ! $reset && [ -d "$device" ] && openssl x509 -in "$certificate" -noout -checkend 0 >/dev/null 2>&1; then
    exit 0
fi
rm -rf "$device" "$device.files"
"$make_device" --device "$device" --ca "$skf_dir/sm2-ca" --cn 张三 --days 20 --label "SM2 Demo" \
    --serial 534b46444d4f3031 >/dev/null
echo "Made the demo SM2 key: $device (SKF library softskf/target/libsoftskf.so, SOFTSKF_DIR=$skf_dir/devices)"
echo "  signing and encryption certificates for 张三, until $(openssl x509 -in "$certificate" -noout -enddate |
    cut -d= -f2); CA $skf_dir/sm2-ca/ca.crt"
