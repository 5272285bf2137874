import Testing
@testable import Listening

/// Sentences written for Relais (not taken from any data set), with the label a community manager would give.
@Suite("Regression on hand-written posts")
struct RegressionTests {
    static let french: [(String, SentimentLabel)] = [
        ("Super accueil au magasin de Nantes, merci à toute l'équipe !", .positive),
        ("Commande arrivée en deux jours, emballage nickel 👍", .positive),
        ("Franchement je kiffe la nouvelle recette, trop bon", .positive),
        ("Le jeu-concours était génial, j'ai gagné un t-shirt 😍", .positive),
        ("Bravo pour l'appli, enfin une version qui marche bien", .positive),
        ("Pas déçu du tout, je recommande", .positive),
        ("Service client injoignable depuis une semaine, c'est honteux", .negative),
        ("Produit arrivé cassé et aucune réponse du SAV 😡", .negative),
        ("Je ne rachèterai jamais cette marque, qualité médiocre", .negative),
        ("Trop déçu par la nouvelle formule, elle n'est pas bonne", .negative),
        ("c nul, ça marche pas et personne répond", .negative),
        ("Remboursement toujours pas reçu, quelle arnaque", .negative),
        ("Le magasin ouvre samedi à 10h", .neutral),
        ("Quelqu'un sait si la boutique de Lille est ouverte dimanche ?", .neutral),
        ("Nouvelle collection disponible en ligne http://example.com/collection", .neutral),
        ("@marque vous livrez en Belgique ?", .neutral),
    ]

    static let english: [(String, SentimentLabel)] = [
        ("Great service at the Boston store, thank you so much!", .positive),
        ("Love the new flavour, best one yet 😍", .positive),
        ("Delivery was fast and the packaging was perfect", .positive),
        ("Honestly impressed, the app finally works great", .positive),
        ("Worst customer service ever, still no refund", .negative),
        ("The product arrived broken and nobody answers 😡", .negative),
        ("Not happy at all with the new formula, it tastes awful", .negative),
        ("I will never buy from this brand again, total scam", .negative),
        ("The store opens on Saturday at 10am", .neutral),
        ("Does anyone know if the Leeds shop is open on Sunday?", .neutral),
        ("New collection available online http://example.com/collection", .neutral),
    ]

    @Test("French posts", arguments: french)
    func frenchPosts(text: String, expected: SentimentLabel) throws {
        #expect(try SharedAnalyzer.label(text, .french) == expected)
    }

    @Test("English posts", arguments: english)
    func englishPosts(text: String, expected: SentimentLabel) throws {
        #expect(try SharedAnalyzer.label(text, .english) == expected)
    }

    @Test("Scores stay in -1...1 and agree in sign with the label")
    func scoreRange() throws {
        for (text, _) in Self.french + Self.english {
            let result = try SharedAnalyzer.get().score(text: text)
            #expect((-1...1).contains(result.score))
            switch result.label {
            case .positive: #expect(result.score > 0)
            case .negative: #expect(result.score < 0)
            case .neutral: break
            }
        }
    }
}
