/*
 * Fan-out peer: the ceiling of raw libwebsockets on this machine. One service thread, no
 * analytics: POST /api/posts keeps the posted body and answers 202; every tick (200 ms by
 * default) the posts that arrived since the last tick are wrapped in one delta message,
 * padded to the size of Pulse's deltas, and written once to every WebSocket subscriber
 * (any path, any subprotocol). Loopback only. Written for Benchmarks/hub/run.sh, which
 * compiles it with `cc -O2 lws_broadcast.c $(pkg-config --cflags --libs libwebsockets)`.
 *
 * usage: lws_broadcast PORT [DELTA_BYTES] [TICK_MS] [poll|uv|ev]
 *
 * The last argument picks libwebsockets' event loop: its own poll() loop (default), or the
 * libuv or libev backend (epoll), to compare them at large connection counts. With uv and ev
 * lws_service() runs the library's loop until the process ends (SIGTERM kills it).
 */
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define MAX_BODY (1 << 20)

/* One connection: an HTTP request being read, or a WebSocket subscriber. */
struct session {
	char *body;             /* request body being received (HTTP only) */
	size_t body_length;
	unsigned long delivered; /* last delta offset written (WebSocket only) */
	int answer_due;          /* the 202 waits for the writable callback */
};

static struct lws_context *context;
static const struct lws_protocols protocols[];
static volatile int interrupted;
static lws_sorted_usec_list_t tick_timer;
static int tick_ms = 200;
static size_t delta_bytes;

/* Posts received since the last delta: their bodies joined by commas. */
static char *pending;
static size_t pending_length, pending_capacity;
static unsigned long posts_total;

/* The current delta, after LWS_PRE bytes of headroom. */
static unsigned char *delta;
static size_t delta_length;
static unsigned long delta_offset;

static void append_pending(const char *bytes, size_t length)
{
	size_t needed = pending_length + length + 1;
	if (needed > pending_capacity) {
		pending_capacity = needed * 2;
		pending = realloc(pending, pending_capacity);
	}
	if (pending_length)
		pending[pending_length++] = ',';
	memcpy(pending + pending_length, bytes, length);
	pending_length += length;
}

static double now_seconds(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* Builds the next delta from the pending posts and asks every subscriber to take it. */
static void tick(lws_sorted_usec_list_t *timer)
{
	if (pending_length) {
		size_t head_room = 256 + pending_length;
		size_t size = head_room > delta_bytes ? head_room : delta_bytes + 64;
		free(delta);
		delta = malloc(LWS_PRE + size);
		char *text = (char *)delta + LWS_PRE;
		int n = snprintf(text, size, "{\"op\":\"delta\",\"epoch\":1,\"offset\":%lu,\"time\":%.3f,"
				 "\"stats\":{\"total\":%lu},\"topics\":{\"posts\":[",
				 delta_offset + 1, now_seconds(), posts_total);
		memcpy(text + n, pending, pending_length);
		n += (int)pending_length;
		n += snprintf(text + n, size - n, "]},\"pad\":\"");
		while ((size_t)n + 2 < delta_bytes)
			text[n++] = 'x';
		text[n++] = '"';
		text[n++] = '}';
		delta_length = (size_t)n;
		delta_offset++;
		pending_length = 0;
		lws_callback_on_writable_all_protocol(context, &protocols[0]);
	}
	lws_sul_schedule(context, 0, timer, tick, tick_ms * LWS_US_PER_MS);
}

static int answer_202(struct lws *wsi)
{
	unsigned char headers[LWS_PRE + 256], *start = headers + LWS_PRE, *p = start, *end = headers + sizeof(headers) - 1;
	unsigned char reply[LWS_PRE + 64];
	int length = snprintf((char *)reply + LWS_PRE, 64, "{\"accepted\":1,\"offset\":%lu}", posts_total);
	if (lws_add_http_common_headers(wsi, 202, "application/json", (lws_filepos_t)length, &p, end) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return -1;
	if (lws_write(wsi, reply + LWS_PRE, (size_t)length, LWS_WRITE_HTTP_FINAL) != length)
		return -1;
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct session *session = user;
	if (!session) /* callbacks before a session exists (e.g. a connection closed unused) */
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (!lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI))
			return lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL) ? -1 : 0;
		session->body_length = 0;
		return 0;
	case LWS_CALLBACK_HTTP_BODY:
		if (!session->body)
			session->body = malloc(MAX_BODY);
		if (session->body_length + len > MAX_BODY)
			return -1;
		memcpy(session->body + session->body_length, in, len);
		session->body_length += len;
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		if (session->body_length)
			append_pending(session->body, session->body_length);
		posts_total++;
		session->answer_due = 1;
		lws_callback_on_writable(wsi);
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (!session->answer_due)
			return 0;
		session->answer_due = 0;
		return answer_202(wsi);
	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		free(session->body);
		session->body = NULL;
		return 0;
	case LWS_CALLBACK_ESTABLISHED:
		session->delivered = delta_offset;
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (session->delivered == delta_offset || !delta_length)
			return 0;
		session->delivered = delta_offset;
		return lws_write(wsi, delta + LWS_PRE, delta_length, LWS_WRITE_TEXT) < (int)delta_length ? -1 : 0;
	case LWS_CALLBACK_RECEIVE:
		return 0; /* subscribe messages: every subscriber gets every delta */
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

static const struct lws_protocols protocols[] = {
	{ "peer", callback, sizeof(struct session), 65536, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
	lws_cancel_service(context);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT [DELTA_BYTES] [TICK_MS] [poll|uv|ev]\n", argv[0]);
		return 2;
	}
	delta_bytes = argc > 2 ? (size_t)atol(argv[2]) : 0;
	tick_ms = argc > 3 ? atoi(argv[3]) : 200;
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = atoi(argv[1]);
	info.iface = "127.0.0.1";
	info.protocols = protocols;
	info.vhost_name = "default";
	const char *loop = argc > 4 ? argv[4] : "poll";
	if (!strcmp(loop, "uv"))
		info.options |= LWS_SERVER_OPTION_LIBUV;
	else if (!strcmp(loop, "ev"))
		info.options |= LWS_SERVER_OPTION_LIBEV;
	else if (strcmp(loop, "poll")) {
		fprintf(stderr, "unknown event loop '%s' (poll, uv or ev)\n", loop);
		return 2;
	}
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	context = lws_create_context(&info);
	if (!context)
		return 1;
	if (!strcmp(loop, "poll")) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
	}
	lws_sul_schedule(context, 0, &tick_timer, tick, tick_ms * LWS_US_PER_MS);
	fprintf(stderr, "lws_broadcast listening on port %d (%s loop)\n", info.port, loop);
	while (!interrupted && lws_service(context, 0) >= 0)
		;
	lws_context_destroy(context);
	return 0;
}
