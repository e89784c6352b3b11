# `ukey renew` starts with its own AOT cache, every other command with the listing's. The command is the first word
# that is no option nor an option's value, as ukey.app.cli.Arguments reads it (the dev launcher
# app/src/main/launcher/ukey chooses the same way; LaunchersTest runs both).
skip=
for arg; do
    if [ -n "$skip" ]; then
        skip=
        continue
    fi
    case $arg in
    --module | --skf | --token | --lang | --connector | --ca-url | --ca-trust) skip=1 ;;
    -?*) ;;
    *)
        [ "$arg" = renew ] && args=RENEW_ARGS
        break
        ;;
    esac
done
