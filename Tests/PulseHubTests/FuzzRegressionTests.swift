import PulseAnalytics
import PulseHub
import Testing

/// Inputs found by `make fuzz` (libFuzzer), kept as regression tests of the ordinary suite.
@Suite struct FuzzRegressionTests {
    /// `rfc3339` target: a local time in year 9999 or 0000 whose offset moves the instant outside
    /// 0000-9999 UTC was accepted, then written out (posts topic, `created_at`) as `10000-01-01T…`
    /// or `00-1-12-31T…`, which no RFC 3339 parser reads. Such instants are now refused.
    @Test(arguments: ["9999-12-31T23:59:60.999999999-23:59", "9999-12-31T23:59:59-00:01", "0000-01-01T00:00:00+00:01",
                      "0000-01-01T00:59:59.5+01:00", "9999-12-31T23:59:60Z"])
    func instantsOutsideTheWritableYearsAreRefused(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(arguments: ["0000-01-01T00:00:00Z", "0000-01-01T01:00:00+01:00", "9999-12-31T23:59:59.999Z",
                      "9999-12-31T23:58:59-00:01", "1969-12-31T23:59:59.5Z"])
    func everyAcceptedInstantReadsBackAfterFormatting(_ text: String) throws {
        let seconds = try #require(RFC3339.parse(text))
        let written = RFC3339.format(seconds)
        let again = try #require(RFC3339.parse(written), "\(written)")
        #expect(abs(again - seconds) < 0.001, "\(text) -> \(written)")
    }

    @Test func aPostWithSuchACreatedAtIsRefusedNamingTheField() {
        let body = Array(#"{"text":"hi","created_at":"9999-12-31T23:59:59-23:59"}"#.utf8)
        #expect(throws: PostDecoder.Rejection.self) { try PostDecoder().decode(body, format: .json) }
        do { _ = try PostDecoder().decode(body, format: .json) } catch { #expect(error.field == "created_at") }
    }
}

/// `make fuzz` target `query` (libFuzzer, 30,075 executions): U+070F, a Unicode "prepend"
/// scalar, joins the `&` after it into one grapheme, so splitting the query on Characters kept
/// `51܏&` as one name. The query is split on scalars now.
@Suite struct QuerySplitRegressionTests {
    @Test func aPrependScalarBeforeTheSeparatorDoesNotHideIt() {
        let parameters = ModelRoutes.query("=51\u{070F}&=51&target=likes&cv\u{0600}=3&features=a\u{070F},b")
        #expect(parameters["target"] == "likes")
        #expect(parameters.keys.allSatisfy { !$0.contains("&") && !$0.contains("=") })
        #expect(parameters.values.allSatisfy { !$0.contains("&") })
        #expect(parameters["cv\u{0600}"] == "3" && parameters["features"] == "a\u{070F},b")
    }
}
