import Testing
@testable import RelaisApp

@Suite("Identity keys")
struct IdentityNormalizationTests {
    @Test("Gmail dots, +tags, case and googlemail.com give one match key; the address as given is kept")
    func gmailVariantsShareAMatchKey() throws {
        let given = try EmailAddress.validate("  Jean.Dupont+promo@GoogleMail.com ").get()
        #expect(given == "Jean.Dupont+promo@GoogleMail.com")
        #expect(EmailAddress.matchKey(given) == "jeandupont@gmail.com")
        #expect(EmailAddress.matchKey("jeandupont@gmail.com") == "jeandupont@gmail.com")
    }

    @Test("Valid addresses are accepted as given, internationalised domains and every atom character included", arguments: [
        "a@b.co", "jean.dupont@example.com", "o'brien+news@example.ie", "x!#$%&*/=?^_`{|}~-@example.com",
        "lea@élysée.fr", "jean@xn--lyse-bsa.fr", "jean@mail-1.example.com",
    ])
    func validAddresses(_ address: String) {
        #expect((try? EmailAddress.validate(" \(address)\n").get()) == address)
    }

    @Test("Each refusal gives its reason")
    func reasons() {
        func reason(_ address: String) -> String? {
            if case .failure(let problem) = EmailAddress.validate(address) { return problem.message }
            return nil
        }
        #expect(reason("  ") == "is empty")
        #expect(reason("jean@@example.com") == "must contain exactly one @")
        #expect(reason("@example.com") == "has an empty or too long part before the @")
        #expect(reason("jean..dupont@example.com") == "has misplaced dots before the @")
        #expect(reason("jean dupont@example.com") == "has characters that are not allowed before the @")
        #expect(reason("jean@example") == "must have a domain such as example.com")
        #expect(reason("jean@ex ample.com") == "has an invalid domain")
        #expect(reason(String(repeating: "a", count: 250) + "@example.com") == "is longer than 254 characters")
    }

    @Test("Dots matter outside Gmail, +tags don't")
    func otherDomainsKeepDots() {
        #expect(EmailAddress.matchKey("Jean.Dupont+news@Orange.fr") == "jean.dupont@orange.fr")
        #expect(EmailAddress.matchKey("jean.dupont@orange.fr") != EmailAddress.matchKey("jeandupont@orange.fr"))
    }

    @Test("Invalid addresses are refused with a reason", arguments: [
        "", "jean", "jean@", "@example.com", "jean@@example.com", "jean@example", "jean dupont@example.com",
        "jean..dupont@example.com", ".jean@example.com", "jean@-example.com", "jean@example.c",
        "jean.@example.com", "jé@example.com", "jean@exa_mple.com", "jean@example..com", "jean@example.c0m-",
    ])
    func invalidAddresses(_ address: String) {
        if case .success = EmailAddress.validate(address) {
            Issue.record("\(address) should be refused")
        }
    }

    @Test("ASCII addresses are read byte by byte exactly as by character: the domain's problem and the match key")
    func asciiPaths() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09.-_+@é".unicodeScalars.filter(\.isASCII).map(Character.init))
        var domains = ["", ".", "..", "a", "a.b", "a.bc", "example.com", "-a.com", "a-.com", "a.c0m", "a.c-m", "xn--bcher-kva.ch",
                       "a.b.", ".a.bc", String(repeating: "a", count: 63) + ".fr", String(repeating: "a", count: 64) + ".fr", "a_b.fr", "a.1"]
        for _ in 0..<2_000 {
            domains.append(String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for domain in domains {
            #expect(EmailAddress.asciiDomainProblem(Substring(domain).utf8) == EmailAddress.domainProblem(Substring(domain)), "\(domain)")
        }
        for address in ["Jean.Dupont+promo@GoogleMail.com", "J.E.A.N@gmail.com", "+tag@Gmail.com", "a+b+c@Orange.FR", "x@y", "noat",
                        "Jean.Dupont+news@Orange.fr", "a.b@googlemail.com.fr", "A@B@C.com", "."] {
            #expect(EmailAddress.matchKey(address) == EmailAddress.matchKeyByCharacters(address), "\(address)")
        }
        #expect(EmailAddress.matchKey("Zoë.Dupont+x@GMail.com") == "zoëdupont@gmail.com")
    }

    @Test("French national numbers become E.164")
    func frenchNumbers() throws {
        #expect(try PhoneNumber.normalize("06 12 34 56 78", defaultCountry: "FR").get() == "+33612345678")
        #expect(try PhoneNumber.normalize("0033 6.12.34.56.78", defaultCountry: "FR").get() == "+33612345678")
        #expect(try PhoneNumber.normalize("+33612345678", defaultCountry: "DE").get() == "+33612345678")
        #expect(try PhoneNumber.normalize("030 1234567", defaultCountry: "DE").get() == "+49301234567")
        #expect(try PhoneNumber.normalize("06 1234 5678", defaultCountry: "IT").get() == "+390612345678")
    }

    @Test("Bad phone numbers are refused", arguments: ["abc", "06 12", "+33 6 12 34 56 78 99", "12345", "+0612345678"])
    func badNumbers(_ number: String) {
        if case .success(let value) = PhoneNumber.normalize(number, defaultCountry: "FR") {
            Issue.record("\(number) should be refused, got \(value)")
        }
    }

    @Test("Social handles drop the @ and match case-insensitively; external ids need a namespace")
    func socialAndExternal() throws {
        let handle = try IdentityNormalizer.key(kind: .social, namespace: "Instagram", value: "@FizzFan", defaultCountry: "FR").get()
        #expect(handle.namespace == "instagram")
        #expect(handle.value == "FizzFan")
        #expect(handle.matchKey == "fizzfan")
        if case .success = IdentityNormalizer.key(kind: .external, namespace: nil, value: "C-12", defaultCountry: "FR") {
            Issue.record("an external id without namespace must be refused")
        }
    }
}
