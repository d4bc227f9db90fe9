import Testing
@testable import PulseHub

@Suite struct JSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(Array(#" {"a":[1,-2.5,3e2,true,false,null],"b":{"c":"d\n\u00e9\ud83d\ude00"}} "#.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("d\né😀"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "\"\u{01}\"", "tru", "[1] 2", "\"\\ud800\"", "{\"a\":1,}", "1e",
    ])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let bytes = Array(#"["ok","bad "#.utf8) + [0xFF] + Array(#""]"#.utf8)
        #expect(throws: JSONParser.SyntaxError(offset: 11, reason: "invalid UTF-8")) { try JSONParser.parse(bytes) }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try JSONParser.parse(Array(fine.utf8)) }
    }

    @Test func writerRoundTripsThroughTheParser() throws {
        let original: JSONValue = .object(JSONObject([
            ("text", .string("quote \" backslash \\ tab \t control \u{01} emoji 🎉")),
            ("numbers", .array([.number(0), .number(-7), .number(0.1), .number(1e-7), .number(123456789012)])),
            ("nested", .object(JSONObject([("empty", .array([])), ("null", .null)]))),
        ]))
        var writer = JSONWriter()
        writer.value(original)
        #expect(try JSONParser.parse(writer.bytes) == original)
    }

    @Test func writerEscapesExactlyTheBytesJSONRequires() {
        var writer = JSONWriter()
        writer.value(.array([.string("plain"), .string("a\"b\\c\nd\re\tf\u{01}\u{1F}é🎉/"), .string(""), .string("\"")]))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["plain","a\"b\\c\nd\re\tf\u0001\u001fé🎉/","","\""]"#)
    }

    @Test func writerFormatsNumbersCompactly() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.number(12.0)
        writer.number(0.25)
        writer.number(Double.nan)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[12,0.25,null]")
    }
}

@Suite struct JSONIntegerTests {
    @Test func writesExtremeIntegers() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.number(Int.max)
        writer.number(Int.min + 1)
        writer.number(UInt64.max)
        writer.number(0)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[\(Int.max),\(Int.min + 1),\(UInt64.max),0]")
    }

    @Test func leadingScalarMembersStopAtTheFirstNestedValue() throws {
        let message = Array(#"{"op":"delta", "epoch":7,"offset":12.5,"recovered":false,"n":null,"topics":{"x":[1,2]},"after":1}"#.utf8)
        let members = try JSONParser.leadingScalarMembers(message)
        #expect(members.map(\.key) == ["op", "epoch", "offset", "recovered", "n"])
        #expect(members.map(\.value) == [.string("delta"), .number(7), .number(12.5), .bool(false), .null])
        // The tail is not read: a broken one does not matter, a broken head does.
        #expect(try JSONParser.leadingScalarMembers(Array(#"{"op":"x","topics":[oops"#.utf8)).count == 1)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.leadingScalarMembers(Array(#"{"op":tru,"t":{}}"#.utf8)) }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.leadingScalarMembers(Array(#"{"op":"x""#.utf8)) }
        #expect(try JSONParser.leadingScalarMembers(Array("[1]".utf8)).isEmpty)
        #expect(try JSONParser.leadingScalarMembers(Array(#" {"a":"\u00e9"} "#.utf8)).map(\.value) == [.string("é")])
    }
}
