/* main.c: skftest OUT — the C tests of softskf, run from softskf/ by `make test` (OUT = target or target/asan).
 * Makes a fresh $SOFTSKF_DIR under /tmp, runs every group, prints "softskf C tests: N checks, N failed". */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--child") == 0)
        return test_process_child(argc - 2, argv + 2);
    if (argc != 2) {
        fprintf(stderr, "usage: skftest OUT (run from softskf/)\n");
        return 2;
    }
    t_out = argv[1];
    static char root[] = "/tmp/softskf-test-XXXXXX";
    if (!mkdtemp(root))
        return 1;
    t_root = root;
    setenv("SOFTSKF_DIR", root, 1);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    char lib[1024];
    snprintf(lib, sizeof lib, "%s/libsoftskf.so", t_out);
    if (t_load(&skf, lib) || !skf.SKF_GetContainerType)
        return 1;

    test_device();
    test_pin();
    test_crypto();
    test_envelope();
    test_quirks();
    test_process(argv[0]);

    printf("softskf C tests: %d checks, %d failed\n", t_checks, t_failures);
    if (t_failures == 0)
        t_sh("rm -rf '%s'", root);
    else
        fprintf(stderr, "devices kept in %s\n", root);
    return t_failures ? 1 : 0;
}
