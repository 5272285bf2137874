import Foundation
import Testing
@testable import RelaisApp

@Suite("De-duplication keys and poll schedule")
struct PostIdentityTests {
    @Test("The canonical URL ignores scheme, www, default port, fragment, trailing slash, tracking parameters and parameter order")
    func canonicalURL() {
        let key = PostIdentity.urlKey(URL(string: "https://www.Example.com:443/actu/grue/?b=2&utm_source=rss&a=1#comments")!)
        #expect(key == "example.com/actu/grue?a=1&b=2")
        #expect(PostIdentity.urlKey(URL(string: "http://example.com/actu/grue?a=1&b=2&fbclid=XYZ")!) == key)
        #expect(PostIdentity.urlKey(URL(string: "http://example.com:8080/actu/grue?a=1&b=2")!) != key)
        #expect(PostIdentity.urlKey(URL(string: "http://example.com/actu/autre")!) != key)
    }

    @Test("The text key ignores case, accents, markup spacing and punctuation, and short texts get none")
    func textKey() {
        let original = PostIdentity.textKey(title: "La bétonnière Malaxo tombe en panne",
                                            text: "Trois chantiers arrêtés cette semaine : la bétonnière Malaxo refuse de démarrer, disent les clients.")
        let republished = PostIdentity.textKey(title: "LA BETONNIERE MALAXO TOMBE EN PANNE !",
                                               text: "Trois chantiers arrêtés cette semaine… la bétonnière  Malaxo refuse de démarrer, disent les clients")
        #expect(original != nil)
        #expect(original == republished)
        #expect(PostIdentity.textKey(title: "Merci", text: "Super produit !") == nil)
        #expect(PostIdentity.textKey(title: "Autre chose", text: "Un tout autre article sur les grues de chantier et leur entretien annuel.") != original)
    }

    @Test("Failures back off from the interval, doubling up to a day; a success waits the interval")
    func backoff() {
        #expect(PollSchedule.afterSuccess(at: 0, intervalMinutes: 60) == 3_600_000)
        #expect(PollSchedule.backoffMillis(intervalMinutes: 30, failures: 1) == 30 * 60_000)
        #expect(PollSchedule.backoffMillis(intervalMinutes: 30, failures: 3) == 120 * 60_000)
        #expect(PollSchedule.backoffMillis(intervalMinutes: 30, failures: 40) == PollSchedule.maxBackoffMillis)
        #expect(PollSchedule.backoffMillis(intervalMinutes: 1, failures: 1) == 5 * 60_000)
    }
}
