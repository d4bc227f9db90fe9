import Testing
@testable import PulseHub

/// The media type cut from `Content-Type` on the service thread is what splitting gave before.
@Suite struct MediaTypeTests {
    @Test func theFastCutAgreesWithSplitting() {
        let values = ["application/json", "Application/JSON; charset=utf-8", " application/x-ndjson ;q=1", ";application/json",
                      ";;a;b", ";", "", " ;x", "\ttext/csv\t", "APPLICATION/JSON", "a;b;c", "; ;a"]
        for value in values {
            let split = String(value.split(separator: ";").first ?? "").trimmingSpaces.lowercased()
            #expect(HTTPRequest.mediaType(of: value) == split, "\(value)")
        }
        #expect(HTTPRequest(method: "POST", path: "/", headers: ["content-type": "Application/Json; charset=utf-8"]).mediaType == "application/json")
    }
}
