extension Activation {
    /// The label an activation's entry form writes on the consent lines it records — what ties
    /// an opt-in to the activation in its report.
    static func consentLabel(slug: String) -> String { "activation \(slug)" }

    var consentLabel: String { Self.consentLabel(slug: slug) }
}
