import HTTPTypes
import Hummingbird
/// The first-party visitor cookie `rv` set by share-link redirects: a random id that tells one
/// browser's repeated clicks apart from other people's. Only its hash is stored.
enum ShareVisitor {
    /// Name of the cookie.
    static let cookie = "rv"
    /// How long a browser keeps its id: 13 months, the longest the CNIL accepts for audience cookies.
    static let maxAgeSeconds = 395 * 24 * 3600

    /// A new visitor id (128 random bits, URL-safe).
    static func newID() -> String { Secrets.token(bytes: 16) }

    /// Whether a cookie value has the shape of an id Relais issued (anything else is replaced).
    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 22 && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// The stored form of the request's visitor id, when it carries a well-formed `rv` cookie.
    static func hash(of request: Request) -> String? {
        guard let value = request.cookies[cookie]?.value, isWellFormed(value) else { return nil }
        return hash(value)
    }

    /// The stored form of a visitor id.
    static func hash(_ value: String) -> String { Secrets.sha256Hex("share-visitor|\(value)") }

    /// The `Set-Cookie` field that gives a browser its visitor id.
    static func cookieField(_ id: String, secure: Bool) -> HTTPField {
        HTTPField(name: .setCookie, value: setCookie(name: cookie, value: id, maxAge: maxAgeSeconds, secure: secure))
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when Relais is served over https.
    static func setCookie(name: String, value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
