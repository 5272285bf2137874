/// Removes absent optionals from page values before rendering.
///
/// swift-mustache treats an `Optional.none` stored in an `[String: Any]` as present: a section
/// `{{#cover}}` would render and `{{cover}}` would print "nil" (seen 2026-11-22 with swift-mustache 2.x).
enum TemplateValues {
    /// The values without absent optionals, nested dictionaries and lists of dictionaries included.
    static func cleaned(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in values {
            guard let present = unwrapped(value) else { continue }
            result[key] = nested(present)
        }
        return result
    }

    private static func nested(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] { return cleaned(dictionary) }
        if let list = value as? [[String: Any]] { return list.map(cleaned) }
        return value
    }

    /// The wrapped value of an optional (at any depth), nil when absent; other values as they are.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let child = mirror.children.first else { return nil }
        return unwrapped(child.value)
    }
}
