/*
 * shim.h: the C surface of libwebsockets 4.1 that Pulse uses from Swift.
 *
 * Swift imports lws' functions, structs and enums directly. What it cannot import is wrapped
 * here as `static inline` functions prefixed `pulse_lws_`: function-like or cast-laden macros
 * (LWS_PRE, the LWS_SERVER_OPTION_* bit sets) and variadic helpers. Only PulseLWS imports this.
 */
#ifndef PULSE_LWS_SHIM_H
#define PULSE_LWS_SHIM_H

#include <libwebsockets.h>
#include <string.h>

/* Headroom lws needs before every buffer handed to lws_write(). */
static inline size_t pulse_lws_pre(void) { return LWS_PRE; }

/* Server options: reject invalid UTF-8 in text frames; stay off IPv6 unless asked. */
static inline uint64_t pulse_lws_option_validate_utf8(void) { return LWS_SERVER_OPTION_VALIDATE_UTF8; }
static inline uint64_t pulse_lws_option_disable_ipv6(void) { return LWS_SERVER_OPTION_DISABLE_IPV6; }
static inline uint64_t pulse_lws_option_ssl_global_init(void) { return LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT; }

/* Client contexts: no listening socket (CONTEXT_PORT_NO_LISTEN). */
static inline int pulse_lws_port_no_listen(void) { return CONTEXT_PORT_NO_LISTEN; }
/* Server contexts without a listening socket of their own: they adopt accepted sockets. */
static inline int pulse_lws_port_no_listen_server(void) { return CONTEXT_PORT_NO_LISTEN_SERVER; }

/* Writes `len` bytes of `text` (no formatting) into a header buffer; lws_snprintf is variadic. */
static inline int pulse_lws_copy(char *dst, size_t cap, const char *text, size_t len) {
    if (len >= cap) len = cap - 1;
    memcpy(dst, text, len);
    dst[len] = 0;
    return (int)len;
}

/* A timer on the service thread (lws "sorted usec list"): the sul comes first, so the callback,
 * which only receives the sul, can find the owner it was scheduled for. */
typedef struct pulse_lws_timer {
    lws_sorted_usec_list_t sul;
    void *owner;
} pulse_lws_timer;

static inline void *pulse_lws_timer_owner(lws_sorted_usec_list_t *sul) { return ((pulse_lws_timer *)sul)->owner; }

#endif
