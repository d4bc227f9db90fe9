/*
 * shim.h: hiredis (Debian libhiredis-dev, 0.14 or 1.x) for Swift. Only PulseCluster imports this.
 *
 * Swift cannot call hiredis's variadic redisCommand/redisAppendCommand, so Pulse formats every
 * command with the binary-safe redisAppendCommandArgv (explicit lengths) and reads replies with
 * redisGetReply. The helpers below, all prefixed pulse_redis_, exist where a plain call from Swift
 * would lose information: errno right after a failed read (a socket timeout is an I/O error with
 * EAGAIN, which Swift would see clobbered), and millisecond timeouts as struct timeval.
 */
#ifndef PULSE_HIREDIS_SHIM_H
#define PULSE_HIREDIS_SHIM_H

#include <hiredis/hiredis.h>
#include <errno.h>
#include <stddef.h>
#include <sys/time.h>

/* A struct timeval for `ms` milliseconds. */
static inline struct timeval pulse_redis_timeval(long ms) {
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

/* Connects to host:port within `connect_ms`, then sets the socket's read/write timeout to
 * `command_ms`. Returns NULL only when hiredis could not allocate a context; otherwise check
 * ->err. `*error_number` receives errno when the connection failed. */
static inline redisContext *pulse_redis_connect(const char *host, int port, long connect_ms, long command_ms,
                                                int *error_number) {
    errno = 0;
    redisContext *context = redisConnectWithTimeout(host, port, pulse_redis_timeval(connect_ms));
    *error_number = errno;
    if (context != NULL && context->err == 0 && redisSetTimeout(context, pulse_redis_timeval(command_ms)) != REDIS_OK) {
        *error_number = errno;
    }
    return context;
}

/* redisGetReply with the errno of a failure kept in `*error_number` (EAGAIN: the timeout hit). */
static inline int pulse_redis_get_reply(redisContext *context, redisReply **reply, int *error_number) {
    void *raw = NULL;
    errno = 0;
    int status = redisGetReply(context, &raw);
    *error_number = errno;
    *reply = (redisReply *)raw;
    return status;
}

#endif
