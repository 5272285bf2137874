import Testing

@testable import Listening

/// Author strings as RSS writes them.
@Suite("Feed authors")
struct FeedAuthorTests {
    @Test(arguments: [
        ("press@soda.example (Jane Doe)", "Jane Doe", "press@soda.example"),
        ("Jane Doe (press@soda.example)", "Jane Doe", "press@soda.example"),
        ("Jane Doe <press@soda.example>", "Jane Doe", "press@soda.example"),
        ("\"Jane Doe\" <press@soda.example>", "Jane Doe", "press@soda.example"),
        ("press@soda.example", nil, "press@soda.example"),
        ("Jane Doe", "Jane Doe", nil),
        ("Jean (modérateur)", "Jean (modérateur)", nil),
        ("noreply@blogger.com (Mamie Lou)", "Mamie Lou", nil),
        ("  Marie &amp; Paul  ", "Marie & Paul", nil),
    ] as [(String, String?, String?)])
    func parses(raw: String, name: String?, email: String?) {
        #expect(FeedAuthor(parsing: raw) == FeedAuthor(name: name, email: email))
    }

    @Test func nothingToIdentify() {
        #expect(FeedAuthor(parsing: "   ") == nil)
        #expect(FeedAuthor(parsing: "noreply@blogger.com") == nil)
        #expect(FeedAuthor(parsing: nil) == nil)
    }
}
