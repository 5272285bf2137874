/// Interface strings of share links, merged into `Strings`.
enum ShareStrings {
    static let french: [String: String] = [
        "share_not_found": "Ce lien de partage n'existe pas ou plus. Vérifiez qu'il a été copié en entier.",
        "share_continue": "Continuer vers la page",
    ]

    static let english: [String: String] = [
        "share_not_found": "This share link does not exist (any more). Check that it was copied in full.",
        "share_continue": "Continue to the page",
    ]
}
