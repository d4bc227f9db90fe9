import PulseHub

/// The members of a server message that `pulse subscribe` acts on: `op`, `epoch`, `offset`,
/// `recovered`. The hub writes them first, so `scan` reads only the leading scalar members and
/// never walks the (possibly large) topics; anything unusual falls back to a full parse.
/// A value type.
struct MessageHeader {
    var op = ""
    var epoch: UInt64?
    var offset: UInt64?
    var recovered: Bool?

    /// Reads the header from `bytes`.
    /// - Throws: `JSONParser.SyntaxError` when the fallback parse finds the message is not JSON.
    init(_ bytes: [UInt8]) throws {
        if let header = Self.scan(bytes), !header.op.isEmpty,
           (header.op != "delta" && header.op != "snapshot") || (header.epoch != nil && header.offset != nil),
           header.op != "subscribed" || header.recovered != nil {
            self = header
            return
        }
        let value = try JSONParser.parse(bytes)
        op = value["op"]?.stringValue ?? ""
        epoch = value["epoch"]?.numberValue.map { UInt64(max(0, $0)) }
        offset = value["offset"]?.numberValue.map { UInt64(max(0, $0)) }
        if case .bool(let flag) = value["recovered"] { recovered = flag }
    }

    private init() {}

    /// The leading `"key": scalar` members up to the first nested value; nil when the prefix
    /// holds something this scanner does not handle (escapes, odd spacing is fine).
    private static func scan(_ bytes: [UInt8]) -> MessageHeader? {
        var header = MessageHeader()
        var index = 0
        func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }
        func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func plainString() -> Substring? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return Substring(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }
        guard take(UInt8(ascii: "{")) else { return nil }
        while true {
            guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard index < bytes.count else { return nil }
            let first = bytes[index]
            if first == UInt8(ascii: "\"") {
                guard let text = plainString() else { return nil }
                if key == "op" { header.op = String(text) }
            } else if first == UInt8(ascii: "t") || first == UInt8(ascii: "f") {
                let flag = first == UInt8(ascii: "t")
                index += flag ? 4 : 5
                if key == "recovered" { header.recovered = flag }
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                var number: UInt64 = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    let (scaled, overflow) = number.multipliedReportingOverflow(by: 10)
                    guard !overflow else { return nil }
                    number = scaled + UInt64(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
                    if key == "epoch" || key == "offset" { return nil }
                    while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") { index += 1 }
                }
                if key == "epoch" { header.epoch = number }
                if key == "offset" { header.offset = number }
            } else {
                return header  // a nested value, null or negative number: the header ends here
            }
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}")) ? header : nil
        }
    }
}
