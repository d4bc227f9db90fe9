import Foundation
import Testing
import PulseAnalytics
@testable import PulseHub

@Suite struct CSVParserTests {
    @Test func quotedFieldsWithCommasNewlinesAndQuotes() throws {
        let text = "id,text,likes\r\n1,\"hello, world\",3\n2,\"two\nlines \"\"quoted\"\"\",\n\n3,,\"\"\n4,last"
        var parser = CSVParser()
        let rows = try parser.parse(Array(text.utf8), final: true).rows
        #expect(rows.map(\.fields) == [
            ["id", "text", "likes"], ["1", "hello, world", "3"], ["2", "two\nlines \"quoted\"", ""], ["3", "", ""], ["4", "last"],
        ])
        #expect(rows.map(\.line) == [1, 2, 3, 6, 7])
    }

    @Test func incrementalParsingKeepsUnfinishedRecord() throws {
        var parser = CSVParser()
        let first = Array("a,b\n1,\"x\ny".utf8)
        let part = try parser.parse(first, final: false)
        #expect(part.rows.map(\.fields) == [["a", "b"]])
        #expect(part.consumed == 4)
        let rest = Array(first[part.consumed...]) + Array("\",2\n".utf8)
        let next = try parser.parse(rest, final: false)
        #expect(next.rows == [CSVParser.Row(line: 2, fields: ["1", "x\ny", "2"])])
        #expect(next.consumed == rest.count)
        #expect(parser.nextLine == 4)
    }

    @Test func malformedCSVNamesTheLine() throws {
        for (text, line, message) in [
            ("a,b\n1,\"open\n2,3\n", 2, "quoted field is never closed"),
            ("a,b\n1,2\n3,x\"y\n", 3, "quote inside an unquoted field"),
            ("a,b\n\"1\"x,2\n", 2, "unexpected character after a closing quote"),
        ] {
            var parser = CSVParser()
            let error = #expect(throws: DataFileError.self) { try parser.parse(Array(text.utf8), final: true) }
            #expect(error?.line == line)
            #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
        }
    }

    @Test func csvRecordsCheckHeaderAndFieldCounts() throws {
        let records = try DataFileReader.records(from: Data("\u{FEFF}likes, text\n3,\"a, b\"\n".utf8), format: .csv)
        #expect(records == [DataRecord(["likes": .text("3"), "text": .text("a, b")], line: 2)])
        #expect(throws: DataFileError(line: 3, "3 fields, but the header has 2")) {
            try DataFileReader.records(from: Data("a,b\n1,2\n1,2,3\n".utf8), format: .csv)
        }
        #expect(throws: DataFileError(line: 1, "the header names column 'a' twice")) {
            try DataFileReader.records(from: Data("a,a\n1,2\n".utf8), format: .csv)
        }
        #expect(throws: DataFileError.self) { try DataFileReader.records(from: Data(), format: .csv) }
    }
}

@Suite struct JSONLReaderTests {
    @Test func valuesBecomeFields() throws {
        let text = """
            {"text": "hi #a", "likes": 3, "verified": true, "hashtags": ["a", "b"], "author": null}

            {"text": "second", "likes": 2.5}
            """
        let records = try DataFileReader.records(from: Data(text.utf8), format: .jsonl)
        #expect(records.count == 2)
        #expect(records[0] == DataRecord(
            ["text": .text("hi #a"), "likes": .number(3), "verified": .text("true"), "hashtags": .text("a b")], line: 1))
        #expect(records[1].line == 3 && records[1]["likes"] == .number(2.5))
    }

    @Test func badLinesNamed() throws {
        let broken = #expect(throws: DataFileError.self) {
            try DataFileReader.records(from: Data("{\"a\": 1}\n{\"a\": \n".utf8), format: .jsonl)
        }
        #expect(broken?.line == 2)
        let nested = #expect(throws: DataFileError.self) {
            try DataFileReader.records(from: Data("{\"a\": {\"b\": 1}}\n".utf8), format: .jsonl)
        }
        #expect(nested?.message == "field 'a' is a nested object or array, not a value")
        #expect(throws: DataFileError(line: 1, "expected a JSON object, not a JSON array")) {
            try DataFileReader.records(from: Data("[1, 2]\n".utf8), format: .jsonl)
        }
    }

    @Test func syntaxErrorsSayWhyAndWhere() throws {
        for (text, line, message) in [
            ("{\"a\": 1}\n{\"a\": \n", 2, "not valid JSON: unexpected end of input at byte 6"),
            ("\n\n{\"a\": tru}\n", 3, "not valid JSON: invalid literal at byte 6"),
            ("{\"a\": 1} x\n", 1, "not valid JSON: unexpected data after the JSON value at byte 9"),
            ("{\"a\": \"\u{1}\"}\n", 1, "not valid JSON: control character in string at byte 7"),
            ("{\"a\": [1, {\"b\": 2}]}\n", 1, "field 'a' is a nested object or array, not a value"),
        ] {
            let error = #expect(throws: DataFileError.self) { try DataFileReader.records(from: Data(text.utf8), format: .jsonl) }
            #expect(error == DataFileError(line: line, message), "\(text)")
        }
        let invalidUTF8 = #expect(throws: DataFileError.self) {
            try DataFileReader.records(from: Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]), format: .jsonl)
        }
        #expect(invalidUTF8?.message.hasPrefix("not valid JSON: invalid UTF-8") == true)
    }

    @Test func crlfNullAndRepeatedNames() throws {
        let records = try DataFileReader.records(from: Data("{\"a\": 1, \"a\": 2, \"b\": null, \"c\": [1.5, \"x\"]}\r\n".utf8), format: .jsonl)
        #expect(records == [DataRecord(["a": .number(2), "c": .text("1.5 x")], line: 1)])
    }

    @Test func formatFromFileName() {
        #expect(DataFileReader.Format(path: "x.JSONL") == .jsonl)
        #expect(DataFileReader.Format(path: "x.ndjson") == .jsonl)
        #expect(DataFileReader.Format(path: "x.csv") == .csv)
    }
}
