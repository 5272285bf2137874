import Foundation

/// The address a share link redirects to: its target with Relais' UTM parameters, so the
/// brand's own web analytics see where the visit came from.
enum UTMLink {
    /// The target with `utm_source=relais`, `utm_medium=share` and `utm_campaign`, keeping the
    /// target's other query items and replacing UTM parameters it already had.
    static func url(target: String, campaign: String) -> String {
        guard var components = URLComponents(string: target) else { return target }
        let utm: [URLQueryItem] = [URLQueryItem(name: "utm_source", value: "relais"), URLQueryItem(name: "utm_medium", value: "share"),
                                   URLQueryItem(name: "utm_campaign", value: campaign)]
        let names = Set(utm.map(\.name))
        let kept = (components.queryItems ?? []).filter { !names.contains($0.name) }
        components.queryItems = kept + utm
        return components.string ?? target
    }

    /// The campaign of a link: its activation's slug, or `share` for a link to any other page.
    static func campaign(activationSlug: String?) -> String {
        activationSlug ?? "share"
    }

    /// Whether a target given through the API is an absolute http(s) address with a host, short enough to serve.
    static func isAcceptableTarget(_ text: String) -> Bool {
        guard text.utf8.count <= 2000, !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return false }
        return true
    }
}
