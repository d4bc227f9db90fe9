"""Fan-out peer: a Python `websockets` broadcast server shaped like Pulse's push path.

POST /api/posts (a minimal keep-alive HTTP/1.1 listener on HTTP_PORT) keeps the posted post and
answers 202; every tick (200 ms) the posts that arrived since the last tick are wrapped in one
delta message, padded to the size of Pulse's deltas, and broadcast to every WebSocket subscriber
on WS_PORT with websockets.broadcast. No analytics. Loopback only; SIGTERM stops it.

usage: python3 ws_broadcast.py WS_PORT HTTP_PORT [DELTA_BYTES] [TICK_MS]
"""
import asyncio
import json
import signal
import sys
import time

from websockets.asyncio.server import broadcast, serve
from websockets.exceptions import ConnectionClosed


class Broadcaster:
    """Subscribers, pending posts and the delta counter; owned by the event loop."""

    def __init__(self, delta_bytes, tick_seconds):
        self.subscribers = set()
        self.pending = []
        self.offset = 0
        self.total = 0
        self.delta_bytes = delta_bytes
        self.tick_seconds = tick_seconds

    async def subscriber(self, connection):
        self.subscribers.add(connection)
        try:
            async for _ in connection:  # subscribe messages: every subscriber gets every delta
                pass
        except ConnectionClosed:
            pass
        finally:
            self.subscribers.discard(connection)

    async def http_client(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                posts = json.loads(body)
                posts = posts if isinstance(posts, list) else [posts]
                self.pending.extend(posts)
                self.total += len(posts)
                answer = json.dumps({"accepted": len(posts), "offset": self.total}).encode()
                writer.write(b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(answer), answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def ticks(self):
        loop = asyncio.get_running_loop()
        next_tick = loop.time()
        while True:
            next_tick += self.tick_seconds
            await asyncio.sleep(max(0.0, next_tick - loop.time()))
            if not self.pending:
                continue
            self.offset += 1
            delta = {"op": "delta", "epoch": 1, "offset": self.offset, "time": time.time(),
                     "stats": {"total": self.total, "subscribers": len(self.subscribers)},
                     "topics": {"posts": self.pending}}
            text = json.dumps(delta, separators=(",", ":"))
            padding = self.delta_bytes - len(text) - len(',"pad":""')
            if padding > 0:
                text = text[:-1] + ',"pad":"' + "x" * padding + '"}'
            self.pending = []
            broadcast(self.subscribers, text)


async def main():
    ws_port, http_port = int(sys.argv[1]), int(sys.argv[2])
    delta_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    tick_ms = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    hub = Broadcaster(delta_bytes, tick_ms / 1000)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    http = await asyncio.start_server(hub.http_client, "127.0.0.1", http_port, backlog=1024)
    async with serve(hub.subscriber, "127.0.0.1", ws_port, compression=None, backlog=4096, max_size=65536):
        ticker = asyncio.create_task(hub.ticks())
        print(f"ws_broadcast listening on {ws_port} (http {http_port})", file=sys.stderr, flush=True)
        await stop
        ticker.cancel()
    http.close()


if __name__ == "__main__":
    asyncio.run(main())
