/* pin.c: salted SM3 of the PIN; the counter lives in the device state shared by every process. */
#include "pin.h"

#include <string.h>

#include "../include/skf.h"
#include "crypto.h"
#include "util.h"

static void pin_hash(const pin_t *p, const char *pin, uint8_t out[32])
{
    size_t n = strlen(pin);
    uint8_t buf[16 + 256];
    if (n > 256)
        n = 256;
    memcpy(buf, p->salt, 16);
    memcpy(buf + 16, pin, n);
    sm3(buf, 16 + n, out);
    wipe(buf, sizeof buf);
}

unsigned long pin_length_check(const char *pin)
{
    size_t n = strlen(pin);
    return n >= SOFTSKF_PIN_MIN && n <= SOFTSKF_PIN_MAX ? SAR_OK : SAR_PIN_LEN_RANGE;
}

int pin_set(pin_t *p, const char *pin, uint32_t max_retries)
{
    if (crypto_random(p->salt, sizeof p->salt))
        return -1;
    pin_hash(p, pin, p->hash);
    p->max_retries = max_retries;
    p->retries_left = max_retries;
    p->is_default = 0;
    return 0;
}

unsigned long pin_check(pin_t *p, const char *pin, uint32_t *left)
{
    if (p->retries_left == 0) {
        *left = 0;
        return SAR_PIN_LOCKED;
    }
    uint8_t h[32], diff = 0;
    pin_hash(p, pin, h);
    for (int i = 0; i < 32; i++)
        diff |= h[i] ^ p->hash[i];
    wipe(h, sizeof h);
    if (diff == 0) {
        p->retries_left = p->max_retries;
        *left = p->retries_left;
        return SAR_OK;
    }
    p->retries_left--;
    *left = p->retries_left;
    return p->retries_left ? SAR_PIN_INCORRECT : SAR_PIN_LOCKED;
}
