/// Names and places the demo organisation's members are drawn from.
enum DemoNames {
    static let firstNames = [
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Sarah", "Zoé", "Lucas", "Hugo", "Louis", "Nathan",
        "Gabriel", "Jules", "Arthur", "Raphaël", "Adam", "Thomas", "Théo", "Maël", "Noé", "Nina", "Alice", "Juliette", "Mathis",
        "Enzo", "Clément", "Antoine", "Marie", "Julie", "Pauline", "Élodie", "Nicolas", "Julien", "Sébastien", "Aurélie", "Céline",
        "Mohamed", "Yasmine", "Karim", "Sofia", "Ibrahim", "Anaïs", "Maxime", "Quentin", "Océane", "Margaux", "Baptiste",
    ]
    static let lastNames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
        "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
        "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
        "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
        "Chevalier", "Robin", "Benali",
    ]
    static let cities: [(String, String)] = [
        ("Paris", "75011"), ("Lyon", "69003"), ("Marseille", "13006"), ("Nantes", "44000"), ("Lille", "59000"),
        ("Bordeaux", "33000"), ("Toulouse", "31000"), ("Rennes", "35000"), ("Strasbourg", "67000"), ("Grenoble", "38000"),
        ("Villeurbanne", "69100"), ("Saint-Nazaire", "44600"), ("Montpellier", "34000"), ("Nice", "06000"), ("Dijon", "21000"),
    ]
    static let domains = ["example.com", "example.fr", "example.org", "example.net"]
}

/// A small deterministic random generator (SplitMix64), so the demo is the same on every machine.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
