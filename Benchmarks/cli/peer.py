"""Python peers for the CLI benchmark: the same work as `pulse post` / `pulse subscribe`.

post URL FILE BATCH      -> sends FILE as NDJSON batches over one keep-alive connection,
                            prints posts/s
subscribe URL E:O COUNT TOPICS -> recovers the deltas after offset O of epoch E with websocket-client,
                            writes each message as a line to /dev/null, prints lines/s
"""
import http.client, json, sys, time, urllib.parse


def post(url, path, batch):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    sent = accepted = 0
    start = time.perf_counter()

    def flush(lines):
        nonlocal accepted
        body = b"".join(lines)
        connection.request("POST", "/api/posts", body, {"Content-Type": "application/x-ndjson"})
        answer = json.loads(connection.getresponse().read())
        accepted += answer["accepted"] + answer["duplicates"]

    lines = []
    with open(path, "rb") as source:
        for line in source:
            if line.strip():
                lines.append(line)
                sent += 1
            if len(lines) == batch:
                flush(lines)
                lines = []
    if lines:
        flush(lines)
    seconds = time.perf_counter() - start
    assert accepted == sent, (accepted, sent)
    print(int(sent / seconds))


def subscribe(url, since, count, topics):
    import websocket
    epoch, offset = (int(x) for x in since.split(":"))
    socket = websocket.create_connection(url)
    start = time.perf_counter()
    socket.send(json.dumps({"op": "subscribe", "topics": topics.split(","),
                            "recover": {"epoch": epoch, "offset": offset}}))
    deltas = 0
    with open("/dev/null", "w") as sink:
        while deltas < count:
            message = socket.recv()
            sink.write(message + "\n")
            sink.flush()
            if json.loads(message)["op"] == "delta":
                deltas += 1
    seconds = time.perf_counter() - start
    socket.close()
    print(int(count / seconds))


if __name__ == "__main__":
    if sys.argv[1] == "post":
        post(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        subscribe(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
