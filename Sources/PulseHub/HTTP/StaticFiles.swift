import Foundation

/// Serves the dashboard's files from one directory (`WebClient/`), never outside it: the
/// request path is percent-decoded and any `..`, `.`, empty or NUL-bearing segment is refused
/// before the file system is touched. Immutable; called from request tasks.
public struct StaticFiles: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
        "ico": "image/x-icon", "txt": "text/plain; charset=utf-8", "woff2": "font/woff2", "webmanifest": "application/manifest+json",
    ]

    /// Headers every dashboard response carries.
    static let securityHeaders: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"),
        ("Referrer-Policy", "no-referrer"),
    ]

    /// The response for `GET path` (404 when there is no such file under the root).
    public func response(path: String, ifNoneMatch: String?) -> HTTPResponse {
        guard let relative = Self.safeRelativePath(path) else {
            return .error(404, "not_found", "no such file")
        }
        let file = root.appendingPathComponent(relative.isEmpty ? "index.html" : relative)
        guard file.standardizedFileURL.path.hasPrefix(root.path + "/"),
              let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let data = FileManager.default.contents(atPath: file.path) else {
            return .error(404, "not_found", "no such file: /\(relative)")
        }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let etag = "\"\(data.count)-\(Int(modified * 1000))\""
        var headers = Self.securityHeaders
        headers.append(("Cache-Control", "no-cache"))
        headers.append(("ETag", etag))
        if ifNoneMatch == etag {
            var notModified = HTTPResponse(status: 304, contentType: "", headers: headers)
            notModified.body = []
            return notModified
        }
        let type = Self.contentTypes[file.pathExtension.lowercased()] ?? "application/octet-stream"
        return HTTPResponse(status: 200, contentType: type, headers: headers, body: [UInt8](data))
    }

    /// The path below the root, or nil when it tries to leave it.
    public static func safeRelativePath(_ path: String) -> String? {
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == ".." || segment == "." { return nil }
            if segment.isEmpty { continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}
