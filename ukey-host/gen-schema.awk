# Turns schema.txt into target/gen/schema.h: the op codes, names, deadlines and field signatures of the host.
BEGIN {
    print "/* Generated from schema.txt by gen-schema.awk: do not edit. */"
    print "#ifndef UKEY_SCHEMA_H"
    print "#define UKEY_SCHEMA_H"
    print "#include <stdint.h>"
    print "enum deadline { DEADLINE_CALL, DEADLINE_LONG, DEADLINE_NONE };"
    print "struct op_schema {"
    print "    uint16_t op;"
    print "    const char *name;"
    print "    enum deadline deadline;"
    print "    const char *request;"
    print "    const char *answer;"
    print "};"
    n = 0
}
/^0x/ {
    if (NF != 5 || $4 !~ /^(-|[ubskoLtqQ]+)$/ || $5 !~ /^(-|[ubskoLtqQ]+)$/) {
        print "schema.txt:" NR ": bad line" > "/dev/stderr"
        exit 1
    }
    op[n] = $1; name[n] = $2; dl[n] = toupper($3)
    req[n] = $4 == "-" ? "" : $4; ans[n] = $5 == "-" ? "" : $5
    n++
}
END {
    for (k = 0; k < n; k++) printf "#define OP_%s %s\n", name[k], op[k]
    print "static const struct op_schema OP_TABLE[] = {"
    for (k = 0; k < n; k++) printf "    {%s, \"%s\", DEADLINE_%s, \"%s\", \"%s\"},\n", op[k], name[k], dl[k], req[k], ans[k]
    print "};"
    print "#define OP_COUNT (sizeof OP_TABLE / sizeof OP_TABLE[0])"
    print "#endif"
}
