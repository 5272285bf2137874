import Foundation
import Testing
@testable import RelaisApp

@Suite("Listening alerts and pushes: signatures, statistics, episodes, back-off, author keys")
struct AlertMathTests {
    @Test("A push signature is HMAC-SHA256 of \"<t>.<body>\"; a wrong, missing, malformed or five-minute-old one is refused")
    func signature() {
        let body = Data(#"{"id":"1","text":"Malaxo"}"#.utf8)
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', b'1764892800.' + body, hashlib.sha256).hexdigest())"
        let expected = "t=1764892800,v1=60dc738b02af5df7b0cdcd8cecc301a197d8034dfecc1faecae775652348d8cf"
        #expect(PushSignature.sign(body, secret: "whsec_test", timestamp: 1_764_892_800) == expected)
        #expect((try? PushSignature.verify(expected, body: body, secret: "whsec_test", now: 1_764_892_800 + 300).get()) != nil)
        #expect(PushSignature.verify(expected, body: body, secret: "whsec_test", now: 1_764_892_800 + 301).failureValue == .expired(ageSeconds: 301))
        #expect(PushSignature.verify(expected, body: body, secret: "whsec_test", now: 1_764_892_800 - 301).failureValue == .expired(ageSeconds: -301))
        #expect(PushSignature.verify(expected, body: body, secret: "other", now: 1_764_892_800).failureValue == .mismatch)
        #expect(PushSignature.verify(expected, body: body + Data(" ".utf8), secret: "whsec_test", now: 1_764_892_800).failureValue == .mismatch)
        #expect(PushSignature.verify(nil, body: body, secret: "whsec_test", now: 0).failureValue == .missing)
        #expect(PushSignature.verify("v1=abc", body: body, secret: "whsec_test", now: 0).failureValue == .malformed)
        // A sender changing secrets may send two signatures: one matching is enough.
        let both = "t=1764892800,v1=00,v1=60dc738b02af5df7b0cdcd8cecc301a197d8034dfecc1faecae775652348d8cf"
        #expect((try? PushSignature.verify(both, body: body, secret: "whsec_test", now: 1_764_892_800).get()) != nil)
    }

    @Test("Volume spike: 12 mentions against a baseline of 1 per window is z = 11; the minimum count and a quiet baseline floored at 1")
    func volumeSpike() {
        let spike = AlertStatistics.volumeSpike(current: 12, baseline: Array(repeating: 1, count: 24), minCount: 10, threshold: 3)
        #expect(spike.triggered && spike.expected == 1 && spike.score == 11)
        // λ = (4+4+4+4)/4 = 4, √4 = 2: z = (10 − 4)/2 = 3, just at the threshold.
        #expect(AlertStatistics.volumeSpike(current: 10, baseline: [4, 4, 4, 4], minCount: 10, threshold: 3).score == 3)
        #expect(AlertStatistics.volumeSpike(current: 10, baseline: [4, 4, 4, 4], minCount: 10, threshold: 3).triggered)
        // Nine is below the minimum count, whatever the score (λ = 0 floored at 1: z = 9).
        let small = AlertStatistics.volumeSpike(current: 9, baseline: [0, 0, 0], minCount: 10, threshold: 3)
        #expect(!small.triggered && small.score == 9)
    }

    @Test("Negative share: 9 of 12 negative against 2 of 24 is z ≈ 4.093; too little volume or equal shares never trigger")
    func negativeShare() {
        let rise = AlertStatistics.negativeShare(current: 12, currentNegative: 9, baseline: 24, baselineNegative: 2, minCount: 10, threshold: 2.33)
        #expect(rise.triggered)
        #expect(abs(rise.score - 4.0934537540) < 1e-6, "\(rise.score)")
        #expect(rise.share == 0.75 && abs((rise.baselineShare ?? 0) - 2.0 / 24) < 1e-12)
        #expect(!AlertStatistics.negativeShare(current: 9, currentNegative: 9, baseline: 24, baselineNegative: 2, minCount: 10, threshold: 2.33).triggered)
        #expect(!AlertStatistics.negativeShare(current: 12, currentNegative: 9, baseline: 9, baselineNegative: 0, minCount: 10, threshold: 2.33).triggered)
        let allNegative = AlertStatistics.negativeShare(current: 12, currentNegative: 12, baseline: 24, baselineNegative: 24, minCount: 10, threshold: 2.33)
        #expect(allNegative.score == 0 && !allNegative.triggered)
    }

    @Test("Windows are cut from the minutes before the evaluation: the last window and the baseline windows before it")
    func windows() {
        var settings = AlertSettings.standard
        settings.windowMinutes = 2
        settings.baselineWindows = 3
        settings.spikeMinCount = 1
        // Minutes, oldest first: baseline windows [1,1] [0,2] [1,0], then the window [3,4].
        let windows = AlertWindows(mentions: [1, 1, 0, 2, 1, 0, 3, 4], negative: [0, 0, 0, 0, 0, 0, 0, 7])
        let outcomes = windows.outcomes(settings)
        #expect(outcomes[.volumeSpike]?.observed == 7)
        #expect(outcomes[.volumeSpike]?.expected == 5.0 / 3)
        #expect(outcomes[.negativeShare]?.share == 1)
        #expect(AlertWindows.span(settings) == 8)
    }

    @Test("One episode per condition: opens once, refreshes at most every 5 minutes, closes only after the cool-down")
    func episodes() {
        let minute: Int64 = 60_000
        let cooldown = 60 * minute
        #expect(AlertEpisode.step(condition: true, openLastTrueAt: nil, now: 0, cooldownMillis: cooldown) == .open)
        #expect(AlertEpisode.step(condition: false, openLastTrueAt: nil, now: 0, cooldownMillis: cooldown) == .none)
        #expect(AlertEpisode.step(condition: true, openLastTrueAt: 0, now: 4 * minute, cooldownMillis: cooldown) == .none)
        #expect(AlertEpisode.step(condition: true, openLastTrueAt: 0, now: 5 * minute, cooldownMillis: cooldown) == .refresh)
        #expect(AlertEpisode.step(condition: false, openLastTrueAt: 0, now: 64 * minute, cooldownMillis: cooldown) == .none)
        #expect(AlertEpisode.step(condition: false, openLastTrueAt: 0, now: 65 * minute, cooldownMillis: cooldown) == .close)
    }

    @Test("Deliveries are tried again after 30 s, 1, 2, 4 min… at most an hour apart, and given up after 10 attempts")
    func backOff() {
        #expect(DeliverySchedule.retry(after: 1, at: 0) == 30_000)
        #expect(DeliverySchedule.retry(after: 2, at: 0) == 60_000)
        #expect(DeliverySchedule.retry(after: 4, at: 0) == 240_000)
        #expect(DeliverySchedule.retry(after: 9, at: 0) == 3_600_000)
        #expect(DeliverySchedule.retry(after: 10, at: 0) == nil)
    }

    @Test("Authors are recognised by e-mail, by profile URL and by @handle on a network's site")
    func authorKeys() {
        let email = PostAuthorKeys(author: "Marie", authorEmail: "Marie.Dupont+blog@GMAIL.com", authorURL: nil, postHost: "blog.example")
        #expect(email.email == "mariedupont@gmail.com")
        let url = PostAuthorKeys(author: "Marie", authorEmail: nil, authorURL: "https://x.com/Malaxo_Fan/status/1", postHost: "x.com")
        #expect(url.social?.network == "twitter" && url.social?.handle == "malaxo_fan")
        let linkedin = PostAuthorKeys(author: "", authorEmail: nil, authorURL: "https://www.linkedin.com/in/marie-dupont", postHost: "")
        #expect(linkedin.social?.network == "linkedin" && linkedin.social?.handle == "marie-dupont")
        let handle = PostAuthorKeys(author: "@Beton_Pro", authorEmail: nil, authorURL: nil, postHost: "www.instagram.com")
        #expect(handle.social?.network == "instagram" && handle.social?.handle == "beton_pro")
        #expect(PostAuthorKeys(author: "Jean Martin", authorEmail: nil, authorURL: nil, postHost: "forum.example").isEmpty)
    }

    @Test("Alert settings out of range are refused per field, without overflowing")
    func settingsValidation() {
        var settings = AlertSettings.standard
        #expect(settings.validate().isEmpty)
        settings.windowMinutes = Int.max
        settings.baselineWindows = Int.max
        #expect(Set(settings.validate().map(\.field)) == ["windowMinutes", "baselineWindows"])
        settings = .standard
        settings.windowMinutes = 1_440
        settings.baselineWindows = 31
        #expect(settings.validate().map(\.field) == ["baselineWindows"])
        settings = .standard
        settings.spikeZ = .nan
        #expect(settings.validate().map(\.field) == ["spikeZ"])
    }
}

extension Result {
    /// The error, or nil on success.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
