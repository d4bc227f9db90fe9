import PulseHub

/// The members of a server message that `pulse subscribe` acts on: `op`, `epoch`, `offset`,
/// `recovered`. The hub writes them first, so they are read with
/// `JSONParser.leadingScalarMembers`, which stops at the first nested value and never walks the
/// (possibly large) topics; when the op needs a member that is not among them, the whole message
/// is parsed. A value type.
struct MessageHeader {
    var op = ""
    var epoch: UInt64?
    var offset: UInt64?
    var recovered: Bool?

    /// Reads the header from `bytes`.
    /// - Throws: `JSONParser.SyntaxError` when the message is not JSON.
    init(_ bytes: [UInt8]) throws {
        read(try JSONParser.leadingScalarMembers(bytes))
        if !isComplete {
            self = MessageHeader()
            read(try JSONParser.parse(bytes).objectValue?.members ?? [])
        }
    }

    private init() {}

    /// True when every member the op needs is present.
    private var isComplete: Bool {
        !op.isEmpty
            && ((op != "delta" && op != "snapshot") || (epoch != nil && offset != nil))
            && (op != "subscribed" || recovered != nil)
    }

    private mutating func read(_ members: [(key: String, value: JSONValue)]) {
        for (key, value) in members {
            switch (key, value) {
            case ("op", .string(let text)): op = text
            case ("epoch", .number(let number)): epoch = Self.count(number)
            case ("offset", .number(let number)): offset = Self.count(number)
            case ("recovered", .bool(let flag)): recovered = flag
            default: continue
            }
        }
    }

    /// A JSON number as a count: negative values are 0, fractions are cut, NaN or too large is nil.
    private static func count(_ number: Double) -> UInt64? {
        guard number < 18_446_744_073_709_551_616 else { return nil }
        return number > 0 ? UInt64(number) : 0
    }
}
