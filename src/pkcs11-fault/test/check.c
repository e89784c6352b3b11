/*
 * check: drives libpkcs11fault.so over a real SoftHSM token and fails (exit 1) when the shim does not do what
 * its configuration says. Run by `make check` (and `make asan`, under the address and UB sanitizers).
 * Arguments: the shim, the configuration file to write, the token's user PIN.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

static int failures;

#define EXPECT(condition) \
    do { \
        if (!(condition)) { \
            fprintf(stderr, "check.c:%d: expected %s\n", __LINE__, #condition); \
            failures++; \
        } \
    } while (0)

static const char *config;

static void configure(const char *text)
{
    FILE *file = fopen(config, "w");
    if (file == NULL || fputs(text, file) == EOF || fclose(file) != 0) {
        perror(config);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: check SHIM CONFIG PIN\n");
        return 2;
    }
    config = argv[2];
    CK_UTF8CHAR *pin = (CK_UTF8CHAR *) argv[3];
    CK_ULONG pin_len = strlen(argv[3]);
    configure("# generation 1\n");
    void *shim = dlopen(argv[1], RTLD_NOW);
    if (shim == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return 2;
    }
    void (*use_config)(const char *) = (void (*)(const char *)) dlsym(shim, "pkcs11fault_use_config");
    long (*calls)(const char *) = (long (*)(const char *)) dlsym(shim, "pkcs11fault_calls");
    CK_C_GetFunctionList get = (CK_C_GetFunctionList) dlsym(shim, "C_GetFunctionList");
    EXPECT(use_config != NULL && calls != NULL && get != NULL);
    if (failures) {
        return 1;
    }
    use_config(config);
    CK_FUNCTION_LIST *p11 = NULL;
    EXPECT(get(&p11) == CKR_OK && p11 != NULL);
    EXPECT(p11->C_Initialize(NULL) == CKR_OK);

    CK_SLOT_ID slots[8];
    CK_ULONG count = 8;
    EXPECT(p11->C_GetSlotList(CK_TRUE, slots, &count) == CKR_OK && count >= 1);
    CK_TOKEN_INFO info;
    EXPECT(p11->C_GetTokenInfo(slots[0], &info) == CKR_OK);
    EXPECT((info.flags & CKF_USER_PIN_FINAL_TRY) == 0);

    configure("# generation 2\ntoken-flags=* +CKF_USER_PIN_FINAL_TRY +CKF_USER_PIN_COUNT_LOW -CKF_TOKEN_INITIALIZED\n");
    EXPECT(p11->C_GetTokenInfo(slots[0], &info) == CKR_OK);
    EXPECT((info.flags & CKF_USER_PIN_FINAL_TRY) != 0 && (info.flags & CKF_USER_PIN_COUNT_LOW) != 0);
    EXPECT((info.flags & CKF_TOKEN_INITIALIZED) == 0);
    configure("# generation 3\ntoken-flags=some-other-label +CKF_USER_PIN_LOCKED\n");
    EXPECT(p11->C_GetTokenInfo(slots[0], &info) == CKR_OK);
    EXPECT((info.flags & CKF_USER_PIN_LOCKED) == 0);

    configure("# generation 4\nfail=C_OpenSession 2 CKR_DEVICE_REMOVED\n");
    CK_SESSION_HANDLE s1, s2, s3;
    EXPECT(p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s1) == CKR_OK);
    EXPECT(p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s2) == CKR_DEVICE_REMOVED);
    EXPECT(p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s3) == CKR_OK);
    EXPECT(calls("C_OpenSession") == 3);
    EXPECT(calls("C_NoSuchFunction") == -1);
    EXPECT(p11->C_CloseSession(s3) == CKR_OK);

    configure("# generation 5\nfail=C_Login 1 0xA4\n");
    EXPECT(calls("C_OpenSession") == 0);
    EXPECT(p11->C_Login(s1, CKU_USER, pin, pin_len) == CKR_PIN_LOCKED);
    EXPECT(p11->C_Login(s1, CKU_USER, pin, pin_len) == CKR_OK);
    EXPECT(calls("C_Login") == 2);

    /* fail-after: the object is made although the call says the key was pulled */
    configure("# generation 6\nfail-after=C_CreateObject 1 CKR_DEVICE_REMOVED\nfail=C_DestroyObject 1+ 0x32\n");
    CK_OBJECT_CLASS data = CKO_DATA;
    CK_BBOOL no = CK_FALSE;
    CK_ATTRIBUTE template[] = {{CKA_CLASS, &data, sizeof data}, {CKA_TOKEN, &no, sizeof no}};
    CK_OBJECT_HANDLE object = 0, found[4];
    EXPECT(p11->C_CreateObject(s1, template, 2, &object) == CKR_DEVICE_REMOVED);
    EXPECT(p11->C_FindObjectsInit(s1, template, 1) == CKR_OK);
    CK_ULONG n = 0;
    EXPECT(p11->C_FindObjects(s1, found, 4, &n) == CKR_OK && n == 1);
    EXPECT(p11->C_FindObjectsFinal(s1) == CKR_OK);
    EXPECT(p11->C_DestroyObject(s1, found[0]) == CKR_DEVICE_REMOVED);
    EXPECT(p11->C_DestroyObject(s1, found[0]) == CKR_DEVICE_REMOVED);

    configure("# generation 7\n");
    EXPECT(p11->C_DestroyObject(s1, found[0]) == CKR_OK);
    EXPECT(p11->C_Logout(s1) == CKR_OK);
    EXPECT(p11->C_CloseSession(s1) == CKR_OK);
    EXPECT(p11->C_Finalize(NULL) == CKR_OK);
    if (failures == 0) {
        printf("pkcs11fault check: all passed\n");
    }
    return failures == 0 ? 0 : 1;
}
