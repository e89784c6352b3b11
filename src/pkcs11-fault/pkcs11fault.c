/*
 * pkcs11fault: a PKCS#11 library for tests that loads a real one (SoftHSM) and forwards every call, except
 * where its configuration file makes a call fail or a token report other PIN flags.
 *
 * Where the configuration comes from: pkcs11fault_use_config(path) (tests in the same process call it before
 * C_Initialize), else the environment variable PKCS11FAULT_CONFIG. The file is read again on every call, so a
 * test changes it between (or during) tests; when its text changes, the call counters start again at zero.
 *
 * Lines of the file ('#' starts a comment):
 *   module=/path/libsofthsm2.so           the real library (read once, at C_GetFunctionList; or PKCS11FAULT_MODULE)
 *   fail=C_CreateObject 1 CKR_DEVICE_REMOVED     the 1st call fails, without reaching the real library
 *   fail=C_DestroyObject 2+ 0x32                 the 2nd and every later call fail
 *   fail-after=C_SetAttributeValue 1 CKR_DEVICE_REMOVED   the call reaches the real library, then reports failure
 *   token-flags=LABEL +CKF_USER_PIN_FINAL_TRY -CKF_USER_PIN_COUNT_LOW
 *                                         C_GetTokenInfo of the token labelled LABEL ('*': every token) reports
 *                                         these flags set (+) or cleared (-)
 *
 * pkcs11fault_calls("C_Login") says how often a function was called since the configuration last changed.
 * Faults that end a process (crash, hang, exit) are ukey-host/test/hostile_pkcs11.c's, never this library's: tests
 * load this one into their own JVM (docs/library-host.md).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

#define EXPORT __attribute__((visibility("default")))

/* Every function of the v2.40 list, in table order: name, parameters, arguments. */
#define FORWARDED(X) \
    X(C_Initialize, (void *a), (a)) \
    X(C_Finalize, (void *a), (a)) \
    X(C_GetInfo, (CK_INFO *a), (a)) \
    X(C_GetSlotList, (CK_BBOOL a, CK_SLOT_ID *b, CK_ULONG *c), (a, b, c)) \
    X(C_GetSlotInfo, (CK_SLOT_ID a, CK_SLOT_INFO *b), (a, b)) \
    X(C_GetMechanismList, (CK_SLOT_ID a, CK_MECHANISM_TYPE *b, CK_ULONG *c), (a, b, c)) \
    X(C_GetMechanismInfo, (CK_SLOT_ID a, CK_MECHANISM_TYPE b, CK_MECHANISM_INFO *c), (a, b, c)) \
    X(C_InitToken, (CK_SLOT_ID a, CK_UTF8CHAR *b, CK_ULONG c, CK_UTF8CHAR *d), (a, b, c, d)) \
    X(C_InitPIN, (CK_SESSION_HANDLE a, CK_UTF8CHAR *b, CK_ULONG c), (a, b, c)) \
    X(C_SetPIN, (CK_SESSION_HANDLE a, CK_UTF8CHAR *b, CK_ULONG c, CK_UTF8CHAR *d, CK_ULONG e), (a, b, c, d, e)) \
    X(C_OpenSession, (CK_SLOT_ID a, CK_FLAGS b, void *c, CK_NOTIFY d, CK_SESSION_HANDLE *e), (a, b, c, d, e)) \
    X(C_CloseSession, (CK_SESSION_HANDLE a), (a)) \
    X(C_CloseAllSessions, (CK_SLOT_ID a), (a)) \
    X(C_GetSessionInfo, (CK_SESSION_HANDLE a, CK_SESSION_INFO *b), (a, b)) \
    X(C_GetOperationState, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c), (a, b, c)) \
    X(C_SetOperationState, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_OBJECT_HANDLE d, CK_OBJECT_HANDLE e), \
      (a, b, c, d, e)) \
    X(C_Login, (CK_SESSION_HANDLE a, CK_USER_TYPE b, CK_UTF8CHAR *c, CK_ULONG d), (a, b, c, d)) \
    X(C_Logout, (CK_SESSION_HANDLE a), (a)) \
    X(C_CreateObject, (CK_SESSION_HANDLE a, CK_ATTRIBUTE *b, CK_ULONG c, CK_OBJECT_HANDLE *d), (a, b, c, d)) \
    X(C_CopyObject, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *c, CK_ULONG d, CK_OBJECT_HANDLE *e), \
      (a, b, c, d, e)) \
    X(C_DestroyObject, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b), (a, b)) \
    X(C_GetObjectSize, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ULONG *c), (a, b, c)) \
    X(C_GetAttributeValue, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *c, CK_ULONG d), (a, b, c, d)) \
    X(C_SetAttributeValue, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *c, CK_ULONG d), (a, b, c, d)) \
    X(C_FindObjectsInit, (CK_SESSION_HANDLE a, CK_ATTRIBUTE *b, CK_ULONG c), (a, b, c)) \
    X(C_FindObjects, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE *b, CK_ULONG c, CK_ULONG *d), (a, b, c, d)) \
    X(C_FindObjectsFinal, (CK_SESSION_HANDLE a), (a)) \
    X(C_EncryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_Encrypt, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_EncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_EncryptFinal, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c), (a, b, c)) \
    X(C_DecryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_Decrypt, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_DecryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_DecryptFinal, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c), (a, b, c)) \
    X(C_DigestInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b), (a, b)) \
    X(C_Digest, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_DigestUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_DigestKey, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b), (a, b)) \
    X(C_DigestFinal, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c), (a, b, c)) \
    X(C_SignInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_Sign, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_SignUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_SignFinal, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c), (a, b, c)) \
    X(C_SignRecoverInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_SignRecover, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_VerifyInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_Verify, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG e), (a, b, c, d, e)) \
    X(C_VerifyUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_VerifyFinal, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_VerifyRecoverInit, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c), (a, b, c)) \
    X(C_VerifyRecover, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_DigestEncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), \
      (a, b, c, d, e)) \
    X(C_DecryptDigestUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), \
      (a, b, c, d, e)) \
    X(C_SignEncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), (a, b, c, d, e)) \
    X(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e), \
      (a, b, c, d, e)) \
    X(C_GenerateKey, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_ATTRIBUTE *c, CK_ULONG d, CK_OBJECT_HANDLE *e), \
      (a, b, c, d, e)) \
    X(C_GenerateKeyPair, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_ATTRIBUTE *c, CK_ULONG d, CK_ATTRIBUTE *e, \
      CK_ULONG f, CK_OBJECT_HANDLE *g, CK_OBJECT_HANDLE *h), (a, b, c, d, e, f, g, h)) \
    X(C_WrapKey, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_OBJECT_HANDLE d, CK_BYTE *e, \
      CK_ULONG *f), (a, b, c, d, e, f)) \
    X(C_UnwrapKey, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_BYTE *d, CK_ULONG e, \
      CK_ATTRIBUTE *f, CK_ULONG g, CK_OBJECT_HANDLE *h), (a, b, c, d, e, f, g, h)) \
    X(C_DeriveKey, (CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_ATTRIBUTE *d, CK_ULONG e, \
      CK_OBJECT_HANDLE *f), (a, b, c, d, e, f)) \
    X(C_SeedRandom, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_GenerateRandom, (CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c), (a, b, c)) \
    X(C_GetFunctionStatus, (CK_SESSION_HANDLE a), (a)) \
    X(C_CancelFunction, (CK_SESSION_HANDLE a), (a)) \
    X(C_WaitForSlotEvent, (CK_FLAGS a, CK_SLOT_ID *b, void *c), (a, b, c))

/* C_GetTokenInfo is forwarded by hand (it rewrites flags); C_GetFunctionList answers our own table. */
#define AS_ENUM(name, params, args) FN_##name,
enum function { FORWARDED(AS_ENUM) FN_C_GetTokenInfo, FN_C_GetFunctionList, FN_COUNT };

#define AS_NAME(name, params, args) #name,
static const char *const FUNCTION_NAMES[FN_COUNT] = {
    FORWARDED(AS_NAME) "C_GetTokenInfo", "C_GetFunctionList"
};

#define MAX_RULES 32
#define MAX_CONFIG (64 * 1024)

struct fault {
    int function;
    unsigned long nth;
    int and_later;  /* "2+": the nth call and every later one */
    int after;      /* fail-after: the real library ran the call */
    CK_RV rv;
};

struct flag_rule {
    char label[33];  /* "*" for every token */
    CK_FLAGS set;
    CK_FLAGS clear;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char config_path[4096];
static char *config_text;  /* the text last parsed, to see a change */
static char module_path[4096];
static struct fault faults[MAX_RULES];
static int fault_count;
static struct flag_rule flag_rules[MAX_RULES];
static int flag_rule_count;
static unsigned long calls[FN_COUNT];

static void *real_handle;
static CK_FUNCTION_LIST *real;

static const struct {
    const char *name;
    unsigned long value;
} NAMED[] = {
    {"CKR_GENERAL_ERROR", CKR_GENERAL_ERROR},
    {"CKR_FUNCTION_FAILED", CKR_FUNCTION_FAILED},
    {"CKR_DEVICE_ERROR", CKR_DEVICE_ERROR},
    {"CKR_DEVICE_MEMORY", CKR_DEVICE_MEMORY},
    {"CKR_DEVICE_REMOVED", CKR_DEVICE_REMOVED},
    {"CKR_TOKEN_NOT_PRESENT", CKR_TOKEN_NOT_PRESENT},
    {"CKR_TOKEN_WRITE_PROTECTED", CKR_TOKEN_WRITE_PROTECTED},
    {"CKR_SESSION_CLOSED", CKR_SESSION_CLOSED},
    {"CKR_SESSION_HANDLE_INVALID", CKR_SESSION_HANDLE_INVALID},
    {"CKR_OBJECT_HANDLE_INVALID", CKR_OBJECT_HANDLE_INVALID},
    {"CKR_PIN_INCORRECT", CKR_PIN_INCORRECT},
    {"CKR_PIN_LOCKED", CKR_PIN_LOCKED},
    {"CKR_USER_ALREADY_LOGGED_IN", CKR_USER_ALREADY_LOGGED_IN},
    {"CKR_USER_NOT_LOGGED_IN", CKR_USER_NOT_LOGGED_IN},
    {"CKR_FUNCTION_CANCELED", CKR_FUNCTION_CANCELED},
    {"CKF_WRITE_PROTECTED", CKF_WRITE_PROTECTED},
    {"CKF_LOGIN_REQUIRED", CKF_LOGIN_REQUIRED},
    {"CKF_TOKEN_INITIALIZED", CKF_TOKEN_INITIALIZED},
    {"CKF_USER_PIN_COUNT_LOW", CKF_USER_PIN_COUNT_LOW},
    {"CKF_USER_PIN_FINAL_TRY", CKF_USER_PIN_FINAL_TRY},
    {"CKF_USER_PIN_LOCKED", CKF_USER_PIN_LOCKED},
    {"CKF_USER_PIN_TO_BE_CHANGED", CKF_USER_PIN_TO_BE_CHANGED},
    {"CKF_SO_PIN_COUNT_LOW", CKF_SO_PIN_COUNT_LOW},
    {"CKF_SO_PIN_FINAL_TRY", CKF_SO_PIN_FINAL_TRY},
    {"CKF_SO_PIN_LOCKED", CKF_SO_PIN_LOCKED},
    {"CKF_SO_PIN_TO_BE_CHANGED", CKF_SO_PIN_TO_BE_CHANGED},
};

/* A CKR_ or CKF_ name, or a number (0x32); returns 0 when it is neither. */
static int parse_value(const char *word, unsigned long *value)
{
    for (size_t i = 0; i < sizeof NAMED / sizeof NAMED[0]; i++) {
        if (strcmp(word, NAMED[i].name) == 0) {
            *value = NAMED[i].value;
            return 1;
        }
    }
    char *end;
    *value = strtoul(word, &end, 0);
    return *word != '\0' && *end == '\0';
}

static int function_index(const char *name)
{
    for (int i = 0; i < FN_COUNT; i++) {
        if (strcmp(name, FUNCTION_NAMES[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* "C_DestroyObject 2+ CKR_DEVICE_REMOVED" */
static void parse_fault(char *spec, int after)
{
    char *save = NULL;
    char *name = strtok_r(spec, " \t", &save);
    char *nth = strtok_r(NULL, " \t", &save);
    char *rv = strtok_r(NULL, " \t", &save);
    unsigned long value;
    if (name == NULL || nth == NULL || rv == NULL || fault_count == MAX_RULES || !parse_value(rv, &value)) {
        fprintf(stderr, "pkcs11fault: ignoring fault line '%s'\n", spec);
        return;
    }
    struct fault *f = &faults[fault_count];
    f->function = function_index(name);
    char *end;
    f->nth = strtoul(nth, &end, 10);
    f->and_later = *end == '+';
    f->after = after;
    f->rv = value;
    if (f->function >= 0 && f->nth > 0) {
        fault_count++;
    }
}

/* "LABEL +CKF_USER_PIN_FINAL_TRY -CKF_USER_PIN_COUNT_LOW" */
static void parse_flags(char *spec)
{
    char *save = NULL;
    char *label = strtok_r(spec, " \t", &save);
    if (label == NULL || flag_rule_count == MAX_RULES) {
        return;
    }
    struct flag_rule *r = &flag_rules[flag_rule_count++];
    memset(r, 0, sizeof *r);
    snprintf(r->label, sizeof r->label, "%s", label);
    for (char *word = strtok_r(NULL, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save)) {
        unsigned long value;
        if ((word[0] == '+' || word[0] == '-') && parse_value(word + 1, &value)) {
            *(word[0] == '+' ? &r->set : &r->clear) |= value;
        }
    }
}

static void parse(char *text)
{
    fault_count = 0;
    flag_rule_count = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        line[strcspn(line, "#\r")] = '\0';
        char *value = strchr(line, '=');
        if (value == NULL) {
            continue;
        }
        *value++ = '\0';
        if (strcmp(line, "module") == 0 && module_path[0] == '\0') {
            snprintf(module_path, sizeof module_path, "%s", value);
        } else if (strcmp(line, "fail") == 0 || strcmp(line, "fail-after") == 0) {
            parse_fault(value, strcmp(line, "fail-after") == 0);
        } else if (strcmp(line, "token-flags") == 0) {
            parse_flags(value);
        }
    }
}

/* The file's text, or NULL when there is none; the caller frees it. */
static char *read_config(void)
{
    if (config_path[0] == '\0') {
        const char *env = getenv("PKCS11FAULT_CONFIG");
        if (env == NULL) {
            return NULL;
        }
        snprintf(config_path, sizeof config_path, "%s", env);
    }
    FILE *file = fopen(config_path, "rb");
    if (file == NULL) {
        return NULL;
    }
    char *text = calloc(1, MAX_CONFIG + 1);
    if (text != NULL) {
        size_t n = fread(text, 1, MAX_CONFIG, file);
        text[n] = '\0';
    }
    fclose(file);
    return text;
}

/* Reads the configuration again; a changed text replaces the rules and starts the counters again. Locked. */
static void refresh(void)
{
    char *text = read_config();
    const char *now = text == NULL ? "" : text;
    if (config_text != NULL && strcmp(config_text, now) == 0) {
        free(text);
        return;
    }
    free(config_text);
    config_text = text == NULL ? calloc(1, 1) : text;
    memset(calls, 0, sizeof calls);
    char *scratch = strdup(config_text == NULL ? "" : config_text);
    if (scratch != NULL) {
        parse(scratch);
        free(scratch);
    }
}

/* Counts the call and says whether (and with what) it fails before or after the real library. */
static int should_fail(int function, int after, CK_RV *rv)
{
    pthread_mutex_lock(&lock);
    if (!after) {
        refresh();
        calls[function]++;
    }
    unsigned long n = calls[function];
    int hit = 0;
    for (int i = 0; i < fault_count && !hit; i++) {
        const struct fault *f = &faults[i];
        if (f->function == function && f->after == after && (n == f->nth || (f->and_later && n > f->nth))) {
            *rv = f->rv;
            hit = 1;
        }
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

#define AS_WRAPPER(name, params, args) \
    static CK_RV wrap_##name params \
    { \
        CK_RV rv; \
        if (should_fail(FN_##name, 0, &rv)) { \
            return rv; \
        } \
        if (real == NULL || real->name == NULL) { \
            return CKR_FUNCTION_NOT_SUPPORTED; \
        } \
        CK_RV result = real->name args; \
        return should_fail(FN_##name, 1, &rv) ? rv : result; \
    }
FORWARDED(AS_WRAPPER)

static void apply_flags(CK_TOKEN_INFO *info)
{
    char label[33];
    memcpy(label, info->label, 32);
    label[32] = '\0';
    for (int end = 31; end >= 0 && label[end] == ' '; end--) {
        label[end] = '\0';
    }
    pthread_mutex_lock(&lock);
    for (int i = 0; i < flag_rule_count; i++) {
        if (strcmp(flag_rules[i].label, "*") == 0 || strcmp(flag_rules[i].label, label) == 0) {
            info->flags = (info->flags | flag_rules[i].set) & ~flag_rules[i].clear;
        }
    }
    pthread_mutex_unlock(&lock);
}

static CK_RV wrap_C_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info)
{
    CK_RV rv;
    if (should_fail(FN_C_GetTokenInfo, 0, &rv)) {
        return rv;
    }
    if (real == NULL || real->C_GetTokenInfo == NULL) {
        return CKR_FUNCTION_NOT_SUPPORTED;
    }
    CK_RV result = real->C_GetTokenInfo(slot, info);
    if (result == CKR_OK && info != NULL) {
        apply_flags(info);
    }
    return should_fail(FN_C_GetTokenInfo, 1, &rv) ? rv : result;
}

static CK_RV wrap_C_GetFunctionList(CK_FUNCTION_LIST **list);

#define AS_ENTRY(name, params, args) .name = wrap_##name,
static CK_FUNCTION_LIST table = {
    .version = {2, 40},
    FORWARDED(AS_ENTRY)
    .C_GetTokenInfo = wrap_C_GetTokenInfo,
    .C_GetFunctionList = wrap_C_GetFunctionList,
};

/* Loads the real library once: the configuration's module line, else PKCS11FAULT_MODULE. */
static CK_RV load_real(void)
{
    pthread_mutex_lock(&lock);
    refresh();
    CK_RV rv = CKR_OK;
    if (real == NULL) {
        const char *env = getenv("PKCS11FAULT_MODULE");
        const char *path = module_path[0] != '\0' ? module_path : env;
        if (path == NULL) {
            fprintf(stderr, "pkcs11fault: no module= line in the configuration and no PKCS11FAULT_MODULE\n");
            rv = CKR_GENERAL_ERROR;
        } else if ((real_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
            fprintf(stderr, "pkcs11fault: cannot load %s: %s\n", path, dlerror());
            rv = CKR_GENERAL_ERROR;
        } else {
            CK_C_GetFunctionList get = (CK_C_GetFunctionList) dlsym(real_handle, "C_GetFunctionList");
            CK_FUNCTION_LIST *list = NULL;
            rv = get == NULL ? CKR_GENERAL_ERROR : get(&list);
            if (rv == CKR_OK) {
                real = list;
                table.version = list->version;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return rv;
}

static CK_RV wrap_C_GetFunctionList(CK_FUNCTION_LIST **list)
{
    if (list == NULL) {
        return CKR_ARGUMENTS_BAD;
    }
    CK_RV rv = load_real();
    if (rv == CKR_OK) {
        *list = &table;
    }
    return rv;
}

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list)
{
    return wrap_C_GetFunctionList(list);
}

/* Names the configuration file; tests in this process call it before C_GetFunctionList. */
EXPORT void pkcs11fault_use_config(const char *path)
{
    pthread_mutex_lock(&lock);
    snprintf(config_path, sizeof config_path, "%s", path);
    pthread_mutex_unlock(&lock);
}

/* How often a function was called since the configuration last changed; -1 for an unknown name. */
EXPORT long pkcs11fault_calls(const char *name)
{
    int function = function_index(name);
    if (function < 0) {
        return -1;
    }
    pthread_mutex_lock(&lock);
    refresh();
    long n = (long) calls[function];
    pthread_mutex_unlock(&lock);
    return n;
}
