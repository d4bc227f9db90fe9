/*
 * shim.h: the two OpenSSL libcrypto functions Pulse uses, HMAC-SHA256 and a constant-time
 * comparison, behind plain C signatures Swift imports without casts. Only PulseHub imports this.
 */
#ifndef PULSE_CRYPTO_SHIM_H
#define PULSE_CRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stddef.h>

/* HMAC-SHA256 of `data` under `key` into `out` (32 bytes). Returns 1 on success, 0 on failure. */
static inline int pulse_hmac_sha256(const void *key, size_t key_len, const void *data, size_t data_len,
                                    unsigned char out[32]) {
    unsigned int out_len = 0;
    static const unsigned char empty = 0;
    if (key_len == 0) key = &empty;
    if (data_len == 0) data = &empty;
    return HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, data_len, out, &out_len) != NULL
        && out_len == 32;
}

/* 0 when the `len` bytes at `a` and `b` are equal; the time taken does not depend on the contents. */
static inline int pulse_constant_time_compare(const void *a, const void *b, size_t len) {
    return CRYPTO_memcmp(a, b, len);
}

#endif
