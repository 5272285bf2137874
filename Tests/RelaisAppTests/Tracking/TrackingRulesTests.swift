import Foundation
import Testing
@testable import RelaisApp

@Suite("Tracking rules")
struct TrackingRulesTests {
    @Test("Share codes are ten letters or digits, differ from one another, and malformed codes are recognised")
    func codes() {
        let codes = Set((0..<2_000).map { _ in ShareCode.random() })
        #expect(codes.count == 2_000)
        #expect(codes.allSatisfy { ShareCode.isWellFormed($0) })
        #expect(!ShareCode.isWellFormed("abc"))
        #expect(!ShareCode.isWellFormed("abcdefghi!"))
        #expect(!ShareCode.isWellFormed("abcdéfghij"))
        #expect(!ShareCode.isWellFormed("../../etc/"))
    }

    @Test("Link-preview bots and crawlers are recognised; phones and desktop browsers are people")
    func crawlers() {
        for bot in ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Twitterbot/1.0",
                    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "WhatsApp/2.23.20.0 A", "TelegramBot (like TwitterBot)",
                    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "LinkedInBot/1.0", "Discordbot/2.0",
                    "curl/8.4.0", "", "   "] {
            #expect(CrawlerAgents.isBot(userAgent: bot), "\(bot)")
        }
        #expect(CrawlerAgents.isBot(userAgent: nil))
        for person in ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
                       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
                       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) [FBAN/FBIOS;FBAV/440.0]"] {
            #expect(!CrawlerAgents.isBot(userAgent: person), "\(person)")
        }
    }

    @Test("Repeated clicks by a visitor within 30 minutes of their last counted click count once")
    func deduplication() {
        let minute: Int64 = 60_000
        #expect(VisitorDeduplication.counts(at: 0, lastCountedAt: nil))
        #expect(!VisitorDeduplication.counts(at: 10 * minute, lastCountedAt: 0))
        #expect(!VisitorDeduplication.counts(at: 30 * minute - 1, lastCountedAt: 0))
        #expect(VisitorDeduplication.counts(at: 30 * minute, lastCountedAt: 0))
        #expect(!VisitorDeduplication.counts(at: 50 * minute, lastCountedAt: 60 * minute), "a click written late")
    }

    @Test("The redirect keeps the target's query, replaces its UTM parameters and names the activation as campaign")
    func utm() {
        #expect(UTMLink.url(target: "https://fizz.example/a/fizz/noel", campaign: "noel")
            == "https://fizz.example/a/fizz/noel?utm_source=relais&utm_medium=share&utm_campaign=noel")
        #expect(UTMLink.url(target: "https://shop.example/p?id=4&utm_source=mail#top", campaign: UTMLink.campaign(activationSlug: nil))
            == "https://shop.example/p?id=4&utm_source=relais&utm_medium=share&utm_campaign=share#top")
        #expect(UTMLink.isAcceptableTarget("https://shop.example/p?id=4"))
        #expect(!UTMLink.isAcceptableTarget("javascript:alert(1)"))
        #expect(!UTMLink.isAcceptableTarget("/relative/path"))
        #expect(!UTMLink.isAcceptableTarget("https://shop.example/a b"))
        #expect(!UTMLink.isAcceptableTarget("https://" + String(repeating: "a", count: 2001) + ".example"))
    }

    @Test("The viral coefficient is links per participant times conversions per link, and 0 without links or participants")
    func viralCoefficient() {
        #expect(ViralCoefficient.value(links: 50, participants: 100, conversions: 25) == 0.25)
        #expect(ViralCoefficient.value(links: 200, participants: 100, conversions: 150) == 1.5)
        #expect(ViralCoefficient.value(links: 0, participants: 100, conversions: 0) == 0)
        #expect(ViralCoefficient.value(links: 3, participants: 0, conversions: 2) == 0)
        #expect(ViralCoefficient.rounded(links: 3, participants: 3, conversions: 1) == 0.333)
    }

    @Test("The touch cookie keeps the first link for 30 days and always moves the last one")
    func touches() throws {
        let day: Int64 = 86_400_000
        let first = ShareTouch.following("AAAAAAAAAA", at: day, previous: nil)
        #expect(first.first == first.last)
        let second = ShareTouch.following("BBBBBBBBBB", at: 2 * day, previous: first)
        #expect(second.first.code == "AAAAAAAAAA" && second.last.code == "BBBBBBBBBB")
        let read = try #require(ShareTouch(cookieValue: second.cookieValue))
        #expect(read == second)
        let late = ShareTouch.following("CCCCCCCCCC", at: 40 * day, previous: second)
        #expect(late.first.code == "CCCCCCCCCC", "a first touch older than 30 days is replaced")
        #expect(second.current(now: 31 * day + day / 2)?.first.code == "BBBBBBBBBB", "an expired first touch gives way to the last")
        #expect(second.current(now: 33 * day) == nil)
        #expect(second.current(now: day) == nil, "touches from the future are forged")
        for bad in ["", "x", "AAAAAAAAAA.1", "AAAAAAAAAA.1-BBBB.2", "AAAAAAAAAA.x-BBBBBBBBBB.2", "AAAAAAAAA<.1-BBBBBBBBBB.2"] {
            #expect(ShareTouch(cookieValue: bad) == nil, "\(bad)")
        }
    }

    @Test("The funnel folds hours into the activation's days and the coefficient accumulates over time")
    func funnel() {
        // 2025-01-01T23:00 UTC is already 2 January in Paris.
        let hour = Int64(1_735_772_400_000 / 3_600_000)
        var counts = ShareFunnelCounts()
        counts.participants = [hour - 2: 4, hour: 4]
        counts.shares = [hour - 2: 2, hour: 2]
        counts.entries = [hour: 2]
        counts.signups = [hour: 1]
        counts.clicks = [hour: 7]
        let days = ShareFunnel.days(counts, timeZone: "Europe/Paris")
        #expect(days.map(\.day) == ["2025-01-01", "2025-01-02"])
        #expect(days[0].viralCoefficient == 0)
        #expect(days[1].clicks == 7 && days[1].signups == 1)
        #expect(days[1].viralCoefficient == 0.25, "(4 links ÷ 8 participants) × (2 conversions ÷ 4 links)")
    }

    @Test("A referral generation lists each person once, under their earliest sponsor, within the bound")
    func generations() {
        var seen: Set<Int64> = [1]
        let edges = [ReferralTree.Node(memberID: 3, broughtBy: 1, source: "share", at: 20),
                     ReferralTree.Node(memberID: 2, broughtBy: 1, source: "referral", at: 10),
                     ReferralTree.Node(memberID: 3, broughtBy: 1, source: "referral", at: 5),
                     ReferralTree.Node(memberID: 1, broughtBy: 3, source: "share", at: 30)]
        let next = ReferralTree.nextGeneration(edges, seen: &seen, room: 10)
        #expect(next.nodes.map(\.memberID) == [3, 2])
        #expect(next.nodes.first?.source == "referral")
        #expect(!next.cut)
        var bounded: Set<Int64> = [1]
        let cut = ReferralTree.nextGeneration(edges, seen: &bounded, room: 1)
        #expect(cut.nodes.count == 1 && cut.cut)
    }
}
