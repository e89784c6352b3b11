/* t_process.c: several processes on one device — PIN counters and labels changed by one are seen by all,
 * and concurrent wrong PINs are all counted (each change is atomic). */
#define _DEFAULT_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "t.h"

extern char **environ;

static pid_t spawn(const char *self, const char *what, const char *arg)
{
    char lib[1024];
    snprintf(lib, sizeof lib, "%s/libsoftskf.so", t_out);
    char *argv[] = {(char *)self, "--child", lib, (char *)what, "PROC", (char *)arg, NULL};
    pid_t pid = -1;
    CHECK(posix_spawn(&pid, self, NULL, NULL, argv, environ) == 0, "spawn %s", what);
    return pid;
}

static int wait_for(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void test_process(const char *self)
{
    t_make_device("PROC", "--retries 10");
    t_open_t o;
    CHECK_RC(t_open("PROC", NULL, NULL, &o), SAR_OK);
    pid_t a = spawn(self, "wrong-pin", "3"), b = spawn(self, "wrong-pin", "3");
    ULONG left;
    for (int i = 0; i < 2; i++)
        skf.SKF_VerifyPIN(o.app, USER_TYPE, "00000000", &left);
    CHECK(wait_for(a) == 0 && wait_for(b) == 0, "children");
    ULONG max, remain;
    BOOL def;
    CHECK_RC(skf.SKF_GetPINInfo(o.app, USER_TYPE, &max, &remain, &def), SAR_OK);
    CHECK(remain == 2, "8 wrong PINs in three processes: %u of 10 left", remain);
    CHECK(wait_for(spawn(self, "label", "from another process")) == 0, "label child");
    DEVINFO info;
    CHECK_RC(skf.SKF_GetDevInfo(o.dev, &info), SAR_OK);
    CHECK(strcmp(info.Label, "from another process") == 0, "the other process's label: %.32s", info.Label);
    CHECK_RC(skf.SKF_VerifyPIN(o.app, USER_TYPE, "12345678", &left), SAR_OK);
    CHECK(wait_for(spawn(self, "pin-left", "10")) == 0, "another process sees the counter reset");
    t_close(&o);
}

/* argv: LIB WHAT DEVICE ARG */
int test_process_child(int argc, char **argv)
{
    if (argc != 4 || t_load(&skf, argv[0]))
        return 2;
    t_open_t o;
    if (t_open(argv[2], NULL, NULL, &o) != SAR_OK)
        return 3;
    ULONG left, max, rc = SAR_OK;
    BOOL def;
    if (strcmp(argv[1], "wrong-pin") == 0) {
        for (int i = atoi(argv[3]); i > 0; i--)
            if (skf.SKF_VerifyPIN(o.app, USER_TYPE, "00000000", &left) != SAR_PIN_INCORRECT)
                rc = SAR_FAIL;
    } else if (strcmp(argv[1], "label") == 0) {
        rc = skf.SKF_SetLabel(o.dev, argv[3]);
    } else if (strcmp(argv[1], "pin-left") == 0) {
        rc = skf.SKF_GetPINInfo(o.app, USER_TYPE, &max, &left, &def);
        if (rc == SAR_OK && left != (ULONG)atoi(argv[3]))
            rc = SAR_FAIL;
    }
    t_close(&o);
    return rc == SAR_OK ? 0 : 4;
}
