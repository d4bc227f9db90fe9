#if canImport(Glibc)
import Glibc
#endif

/// Sets bad lines of watched files aside: each goes, with its line number and the reason, to
/// `<folder>/.pulse-rejected/<file name>.rejected` as one JSON object per line:
/// `{"line":12,"reason":"...","raw":"..."}` (`raw` is the line as text; invalid UTF-8 becomes U+FFFD).
/// Stateless; safe to call from any thread (each call is one `O_APPEND` write). Not `fsync`ed: it
/// is a diagnostic, and a line rejected again after a crash is only listed twice.
public enum Quarantine {
    /// The folder name, inside a watched folder, that holds the `.rejected` files.
    public static let folderName = ".pulse-rejected"

    /// The `.rejected` file for the watched file at `path`.
    public static func rejectedPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "/" + folderName + "/" + name + ".rejected"
    }

    /// Appends the rejected `line` (1-based `number`) of the file at `path`, with `reason`.
    public static func reject(_ line: [UInt8], number: Int, reason: String, fileAt path: String) throws(WatchError) {
        let target = rejectedPath(for: path)
        let folder = String(target[..<target.lastIndex(of: "/")!])
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { throw WatchError.system("mkdir", folder) }
        var record = "{\"line\":\(number),\"reason\":"
        appendJSONString(reason, to: &record)
        record += ",\"raw\":"
        appendJSONString(String(decoding: line, as: UTF8.self), to: &record)
        record += "}\n"
        let descriptor = open(target, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WatchError.system("open", target) }
        defer { close(descriptor) }
        let bytes = Array(record.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw WatchError.system("write", target) }
    }

    /// Appends `text` as a JSON string literal.
    static func appendJSONString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
