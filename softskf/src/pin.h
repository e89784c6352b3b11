/* pin.h: PIN records with retry counters that count down and lock, as on a key. */
#ifndef SOFTSKF_PIN_H
#define SOFTSKF_PIN_H

#include "model.h"

/* SAR_OK when the PIN length is within the device's range, else SAR_PIN_LEN_RANGE. */
unsigned long pin_length_check(const char *pin);
/* A new PIN: fresh salt, counter at max, not default. 0 ok. */
int pin_set(pin_t *p, const char *pin, uint32_t max_retries);
/* Checks a PIN and moves the counter: SAR_OK (counter reset to max), SAR_PIN_INCORRECT (one fewer left),
 * SAR_PIN_LOCKED (none left, also when this try used the last one). *left gets the retries left. */
unsigned long pin_check(pin_t *p, const char *pin, uint32_t *left);

#endif
