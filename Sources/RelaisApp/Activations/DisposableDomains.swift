import Foundation

/// The disposable e-mail domains shipped in `Resources/disposable-domains.txt` (one a line, `#` comments),
/// updated by the instance's own `disposable-domains.txt` in the data folder: a line adds a domain,
/// a line `!domain` takes a shipped one out (a false positive). Entries from them are flagged for
/// review, never silently dropped.
struct DisposableDomains: Sendable {
    let domains: Set<String>

    /// The list shipped with Relais (empty if the file is missing, which a test guards against).
    static let shipped: DisposableDomains = {
        guard let url = Bundle.module.url(forResource: "disposable-domains", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return DisposableDomains(domains: []) }
        return DisposableDomains(text: text)
    }()

    /// A list parsed from the file's text.
    init(text: String) {
        domains = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    init(domains: Set<String>) { self.domains = domains }

    /// This list updated by the lines of an instance's file: `domain` adds, `!domain` removes.
    func updated(with text: String) -> DisposableDomains {
        var domains = self.domains
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            if entry.hasPrefix("!") {
                domains.remove(String(entry.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else {
                domains.insert(entry)
            }
        }
        return DisposableDomains(domains: domains)
    }

    /// The shipped list updated by `disposable-domains.txt` in the data folder, when there is one.
    static func forInstance(dataDirectory: String) -> DisposableDomains {
        let path = (dataDirectory as NSString).appendingPathComponent("disposable-domains.txt")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return shipped }
        return shipped.updated(with: text)
    }

    /// Whether the address's domain, or a parent domain of it, is disposable.
    func contains(email: String) -> Bool {
        guard let at = email.lastIndex(of: "@") else { return false }
        var domain = email[email.index(after: at)...].lowercased()
        while true {
            if domains.contains(domain) { return true }
            guard let dot = domain.firstIndex(of: ".") else { return false }
            domain = String(domain[domain.index(after: dot)...])
        }
    }
}
