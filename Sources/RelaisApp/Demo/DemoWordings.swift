/// The consent purposes and wordings of the demo brands.
enum DemoWordings {
    static func purposes(brand: String) -> [(String, String, Bool, String, String)] {
        [
            ("newsletter", "Newsletter", true,
             "J'accepte de recevoir la newsletter de \(brand) par e-mail. Je peux me désinscrire à tout moment.",
             "I agree to receive the \(brand) newsletter by e-mail. I can unsubscribe at any time."),
            ("partner_offers", "Offres des partenaires", true,
             "J'accepte de recevoir les offres des partenaires de \(brand).",
             "I agree to receive offers from \(brand)'s partners."),
        ]
    }
}
