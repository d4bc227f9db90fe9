/// One HTTP request as the transport hands it over: method, path, query, headers (names
/// lower-cased) and the complete body. A plain value.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var query: String
    public var headers: [String: String]
    public var body: [UInt8]
    public var remoteAddress: String
    /// Names the request in logs: `THREAD-CONNECTION.SERIAL` (empty when made outside a transport).
    public var id: String

    public init(method: String, path: String, query: String = "", headers: [String: String] = [:],
                body: [UInt8] = [], remoteAddress: String = "", id: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.id = id
    }

    /// The media type of `Content-Type` without parameters, lower-cased ("application/json").
    public var mediaType: String? { headers["content-type"].map(Self.mediaType(of:)) }

    /// The media type of a `Content-Type` value: its first non-empty `;`-separated part, without
    /// spaces or tabs around it, lower-cased. Runs for every request on the service thread, so
    /// the usual value (a first part before any `;`) is cut without splitting into an array.
    static func mediaType(of value: String) -> String {
        let end = value.utf8.firstIndex(of: UInt8(ascii: ";")) ?? value.utf8.endIndex
        guard end != value.utf8.startIndex else {  // empty first part: the next non-empty one
            return String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingSpaces.lowercased()
        }
        return String(value[..<end]).trimmingSpaces.lowercased()
    }
}

/// One HTTP response to write back. A plain value.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Close the connection after this response (e.g. when the request body was not read).
    public var closeConnection = false

    public init(status: Int, contentType: String = "application/json", headers: [(name: String, value: String)] = [],
                body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// `{"error": code, "message": text, ...details}` with the given status.
    public static func error(_ status: Int, _ code: String, _ message: String,
                             details: [(String, JSONValue)] = [], headers: [(name: String, value: String)] = []) -> HTTPResponse {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("error", code)
        writer.field("message", message)
        for (key, value) in details {
            writer.key(key)
            writer.value(value)
        }
        writer.endObject()
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }

    public static func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, body: body)
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
