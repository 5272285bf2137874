/// Interface strings of web-to-store (activations' coupons for the shops), merged into `Strings`.
enum StoreStrings {
    static let french: [String: String] = [
        "pub_store_coupon": "Votre bon pour nos magasins",
        "pub_store_coupon_code": "Code à présenter en caisse",
        "pub_store_coupon_until": "Valable jusqu'au",
        "pub_store_coupon_mail": "Nous vous l'envoyons aussi par e-mail.",
    ]

    static let english: [String: String] = [
        "pub_store_coupon": "Your coupon for our shops",
        "pub_store_coupon_code": "Code to show at the till",
        "pub_store_coupon_until": "Valid until",
        "pub_store_coupon_mail": "We also send it to you by e-mail.",
    ]
}
