import Testing
@testable import RelaisApp

@Suite("Signed links")
struct LinkSignerTests {
    let signer = LinkSigner(secret: "test-secret")

    @Test("A signed link gives back its subject for its purpose only")
    func roundTrip() {
        let token = signer.sign(purpose: "prefs", subject: "42", expiresAt: Clock.nowMillis() + 60_000)
        #expect(signer.verify(token, purpose: "prefs") == "42")
        #expect(signer.verify(token, purpose: "confirm") == nil)
    }

    @Test("Expired, tampered or foreign links are refused")
    func refused() {
        let expired = signer.sign(purpose: "prefs", subject: "42", expiresAt: Clock.nowMillis() - 1)
        #expect(signer.verify(expired, purpose: "prefs") == nil)
        let token = signer.sign(purpose: "prefs", subject: "42", expiresAt: Clock.nowMillis() + 60_000)
        let other = LinkSigner(secret: "another").sign(purpose: "prefs", subject: "43", expiresAt: Clock.nowMillis() + 60_000)
        let forged = String(other.split(separator: ".")[0]) + "." + String(token.split(separator: ".")[1])
        #expect(signer.verify(forged, purpose: "prefs") == nil)
        #expect(signer.verify("garbage", purpose: "prefs") == nil)
    }
}

@Suite("Interface strings")
struct StringsTests {
    @Test("French and English have the same keys")
    func sameKeys() {
        #expect(Set(Strings.french.keys) == Set(Strings.english.keys))
        #expect(Set(ActivationStrings.french.keys) == Set(ActivationStrings.english.keys))
        // A domain table never shadows a shared key with another meaning.
        #expect(Set(Strings.french.keys).isDisjoint(with: ActivationStrings.french.keys))
    }
}
