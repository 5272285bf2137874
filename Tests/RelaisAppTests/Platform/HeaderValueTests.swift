import Testing
@testable import RelaisApp

@Suite("Header values")
struct HeaderValueTests {
    @Test("spaces and tabs around a value are trimmed, inner ones kept")
    func trimming() {
        #expect(HeaderValue.trimmed(" \tkey-1 \t"[...]) == "key-1")
        #expect(HeaderValue.trimmed("a b"[...]) == "a b")
        #expect(HeaderValue.trimmed("  "[...]) == "")
        #expect(HeaderValue.trimmed(""[...]) == "")
        #expect(HeaderValue.trimmed(" clé "[...]) == "clé")
    }

    @Test("a bearer credential is read whatever the scheme's case, other schemes are not")
    func bearer() {
        #expect(HeaderValue.bearer("Bearer rk_abc") == "rk_abc")
        #expect(HeaderValue.bearer("bEARER   rk_abc ") == "rk_abc")
        #expect(HeaderValue.bearer("Bearer ") == "")
        #expect(HeaderValue.bearer("Basic dXNlcjpwYXNz") == nil)
        #expect(HeaderValue.bearer("Bearer") == nil)
        #expect(HeaderValue.bearer("Bearer\u{0}rk_abc") == nil)
        #expect(HeaderValue.bearer("Bearerrk_abc") == nil)
        #expect(HeaderValue.bearer("Bearer \u{301}rk") == "\u{301}rk")
    }
}
