import Foundation
import Testing
@testable import RelaisApp

@Suite("Activation rules (pure)")
struct ActivationRulesTests {
    static let paris = "Europe/Paris"

    @Test("Local times in the brand's zone become exact instants, across daylight saving")
    func localTimes() {
        // 2026-12-24 18:00 in Paris is 17:00 UTC (winter); 2026-07-14 12:00 is 10:00 UTC (summer).
        #expect(LocalTime.instant("2026-12-24T18:00", timeZone: Self.paris) == Clock.millis(ISO8601DateFormatter().date(from: "2026-12-24T17:00:00Z")!))
        #expect(LocalTime.instant("2026-07-14T12:00", timeZone: Self.paris) == Clock.millis(ISO8601DateFormatter().date(from: "2026-07-14T10:00:00Z")!))
        #expect(LocalTime.instant("2026-07-14T12:00", timeZone: "America/New_York") == Clock.millis(ISO8601DateFormatter().date(from: "2026-07-14T16:00:00Z")!))
        #expect(LocalTime.instant("2026-02-30T12:00", timeZone: Self.paris) == nil)
        #expect(LocalTime.instant("2026-07-14 12:00", timeZone: Self.paris) == nil)
        #expect(LocalTime.instant("2026-07-14T12:00", timeZone: "Mars/Olympus") == nil)
        let instant = LocalTime.instant("2026-03-29T09:30", timeZone: Self.paris)!
        #expect(LocalTime.text(instant, timeZone: Self.paris) == "2026-03-29T09:30")
    }

    @Test("A scheduled activation is live between its instants and closed after, by the clock alone")
    func effectiveStatus() {
        #expect(ActivationStatus.scheduled.effective(opensAt: 100, closesAt: 200, now: 99) == .scheduled)
        #expect(ActivationStatus.scheduled.effective(opensAt: 100, closesAt: 200, now: 100) == .live)
        #expect(ActivationStatus.scheduled.effective(opensAt: 100, closesAt: 200, now: 200) == .closed)
        #expect(ActivationStatus.draft.effective(opensAt: 100, closesAt: 200, now: 150) == .draft)
        #expect(ActivationStatus.archived.effective(opensAt: 100, closesAt: 200, now: 150) == .archived)
    }

    @Test("Lifecycle actions are allowed only from their statuses; scheduling needs a complete activation; results need the draw")
    func lifecycle() {
        #expect(ActivationLifecycle.apply(.schedule, current: .draft, readiness: [], drawn: false) == .success(.init(status: .scheduled)))
        if case .failure(let refusal) = ActivationLifecycle.apply(.schedule, current: .draft, readiness: [FieldError("rules", "missing")], drawn: false) {
            #expect(refusal.code == "not_ready")
            #expect(refusal.fieldErrors.map(\.field) == ["rules"])
        } else { Issue.record("an incomplete activation was scheduled") }
        #expect(ActivationLifecycle.apply(.schedule, current: .live, readiness: [], drawn: false) != .success(.init(status: .scheduled)))
        #expect(ActivationLifecycle.apply(.unschedule, current: .scheduled, readiness: [], drawn: false) == .success(.init(status: .draft)))
        #expect(ActivationLifecycle.apply(.unschedule, current: .live, readiness: [], drawn: false) != .success(.init(status: .draft)))
        #expect(ActivationLifecycle.apply(.close, current: .live, readiness: [], drawn: false) == .success(.init(status: .closed, closesNow: true)))
        if case .failure(let refusal) = ActivationLifecycle.apply(.publishResults, current: .closed, readiness: [], drawn: false) {
            #expect(refusal.code == "not_drawn")
        } else { Issue.record("results were published before the draw") }
        #expect(ActivationLifecycle.apply(.publishResults, current: .closed, readiness: [], drawn: true) == .success(.init(status: .resultsPublished)))
        #expect(ActivationLifecycle.apply(.archive, current: .live, readiness: [], drawn: true) != .success(.init(status: .archived)))
    }

    @Test("Once live only texts may change; once closed nothing")
    func editPolicy() {
        #expect(ActivationEditPolicy.forbidden([.content, .prizes, .schedule], status: .scheduled).isEmpty)
        #expect(ActivationEditPolicy.forbidden([.content], status: .live).isEmpty)
        #expect(ActivationEditPolicy.forbidden([.content, .prizes, .eligibility], status: .live) == [.eligibility, .prizes])
        #expect(ActivationEditPolicy.forbidden([.content], status: .closed) == [.content])
    }

    @Test("Eligibility refuses in the order a person needs: lifecycle, membership, age, country, rules")
    func eligibility() {
        let today = ISO8601DateFormatter().date(from: "2026-11-22T12:00:00Z")!
        let rules = EligibilityRules(minimumAge: 18, countries: ["FR", "BE"], membersOnly: false)
        let adult = Entrant(birthDate: "1990-05-01", country: "fr", isKnownMember: false, acceptedRulesVersion: 2)
        func check(_ entrant: Entrant, _ rules: EligibilityRules = rules, status: ActivationStatus = .live, current: Int? = 2) -> EntryRefusal? {
            Eligibility.check(entrant, rules: rules, status: status, opensAt: 5, currentRulesVersion: current, now: today)
        }
        #expect(check(adult) == nil)
        #expect(check(adult, status: .scheduled) == .notYetOpen(opensAt: 5))
        #expect(check(adult, status: .closed) == .closed)
        #expect(check(adult, status: .draft) == .notOpen)
        var young = adult
        young.birthDate = "2008-11-23"  // 18 tomorrow
        #expect(check(young) == .tooYoung(minimum: 18))
        young.birthDate = "2008-11-22"  // 18 today
        #expect(check(young) == nil)
        var noBirth = adult
        noBirth.birthDate = nil
        #expect(check(noBirth) == .birthDateRequired)
        var swiss = adult
        swiss.country = "CH"
        #expect(check(swiss) == .countryNotAllowed)
        var noRules = adult
        noRules.acceptedRulesVersion = nil
        #expect(check(noRules) == .rulesNotAccepted)
        noRules.acceptedRulesVersion = 1
        #expect(check(noRules) == .rulesOutdated(current: 2))
        var membersOnly = rules
        membersOnly.membersOnly = true
        #expect(check(adult, membersOnly) == .membersOnly)
        var member = adult
        member.isKnownMember = true
        #expect(check(member, membersOnly) == nil)
        #expect(EntryRefusal.closed.appError.status == .conflict)
        #expect(EntryRefusal.tooYoung(minimum: 18).appError.status == .unprocessableContent)
        #expect(EntryRefusal.tooYoung(minimum: 18).appError.fieldErrors.map(\.field) == ["birthDate"])
    }

    @Test("Entry frequency keys: one for the activation, one per local day, one per window of N hours from opening")
    func frequency() {
        let opens = LocalTime.instant("2026-12-01T09:00", timeZone: Self.paris)!
        let lateEvening = LocalTime.instant("2026-12-01T23:30", timeZone: Self.paris)!
        let nextMorning = LocalTime.instant("2026-12-02T00:30", timeZone: Self.paris)!
        #expect(EntryFrequency.once.key(now: lateEvening, opensAt: opens, timeZone: Self.paris) == "once")
        #expect(EntryFrequency.daily.key(now: lateEvening, opensAt: opens, timeZone: Self.paris) == "d:2026-12-01")
        // 23:30 UTC+1 is 22:30 UTC: the day is the brand's, not UTC's.
        #expect(EntryFrequency.daily.key(now: nextMorning, opensAt: opens, timeZone: Self.paris) == "d:2026-12-02")
        #expect(EntryFrequency.daily.nextEntryAt(now: lateEvening, opensAt: opens, timeZone: Self.paris) == LocalTime.instant("2026-12-02T00:00", timeZone: Self.paris))
        let sixHours = EntryFrequency.everyHours(6)
        #expect(sixHours.key(now: opens + 3_600_000, opensAt: opens, timeZone: Self.paris) == "h:0")
        #expect(sixHours.key(now: opens + 6 * 3_600_000, opensAt: opens, timeZone: Self.paris) == "h:1")
        #expect(sixHours.nextEntryAt(now: opens + 3_600_000, opensAt: opens, timeZone: Self.paris) == opens + 6 * 3_600_000)
        #expect(EntryFrequency(name: "hours", hours: 0) == nil)
        #expect(EntryFrequency(name: "weekly", hours: nil) == nil)
    }

    @Test("Activation input: every field problem at once, and an unknown kind refused by name")
    func inputValidation() throws {
        let brand = Brand(id: 1, organisationID: 1, name: "Fizz", slug: "fizz", defaultLanguage: "fr", timeZone: Self.paris, country: "FR",
                          minimumMarketingAge: 12, primaryColor: "#112233")
        let bad = ActivationInput(kind: "sweepstakes", slug: "Noël 2026!", unitId: nil, titleFr: "", titleEn: nil, descriptionFr: nil,
                                  descriptionEn: nil, coverImageUrl: "javascript:alert(1)", opensAt: "2026-12-24T18:00", closesAt: "2026-12-01T10:00",
                                  minimumAge: 200, countries: ["France"], membersOnly: nil, entryFrequency: "weekly", entryFrequencyHours: nil,
                                  entryCap: 0, prizes: [.init(name: "", quantity: 0, alternates: nil)], rules: nil)
        do {
            _ = try bad.validated(brand: brand, unitScope: nil)
            Issue.record("invalid input was accepted")
        } catch let error as AppError {
            #expect(Set(error.fieldErrors.map(\.field)) == ["slug", "titleFr", "coverImageUrl", "closesAt", "minimumAge", "countries",
                                                             "entryFrequency", "entryCap", "prizes[0].name", "prizes[0].quantity"])
        }
        var lottery = bad
        lottery.kind = "lottery"
        #expect(throws: AppError.self) { try lottery.validated(brand: brand, unitScope: nil) }
        do { _ = try lottery.validated(brand: brand, unitScope: nil) } catch let error as AppError { #expect(error.fieldErrors.map(\.field) == ["kind"]) }
        let good = ActivationInput(kind: "lead_form", slug: "club", unitId: nil, titleFr: "Rejoignez le club", titleEn: nil, descriptionFr: nil,
                                   descriptionEn: nil, coverImageUrl: nil, opensAt: "2026-12-01T09:00", closesAt: "2026-12-24T18:00",
                                   minimumAge: nil, countries: ["be"], membersOnly: nil, entryFrequency: nil, entryFrequencyHours: nil,
                                   entryCap: nil, prizes: nil, rules: nil)
        let draft = try good.validated(brand: brand, unitScope: nil)
        #expect(draft.eligibility.countries == ["BE"])
        #expect(draft.opensAt == LocalTime.instant("2026-12-01T09:00", timeZone: Self.paris))
    }

    @Test("Prize lines of the editor, disposable domains, brand colours and both languages' strings")
    func pageHelpers() throws {
        let (prizes, errors) = ActivationForm.parsePrizes("3 × Coffret collector, 2\n1 x Vélo\nnonsense")
        #expect(prizes.map(\.name) == ["Coffret collector", "Vélo"])
        #expect(prizes.map(\.quantity) == [3, 1])
        #expect(prizes.map(\.alternates) == [2, 0])
        #expect(errors.map(\.field) == ["prizes"])
        #expect(DisposableDomains.shipped.contains(email: "bot@yopmail.com"))
        #expect(DisposableDomains.shipped.contains(email: "bot@eu.mailinator.com"))
        #expect(!DisposableDomains.shipped.contains(email: "jeanne@orange.fr"))
        // An instance's own file adds domains and takes shipped ones out.
        let updated = DisposableDomains.shipped.updated(with: "# ours\nthrowaway.example\n!yopmail.com\n\n")
        #expect(updated.contains(email: "x@throwaway.example") && updated.contains(email: "x@sub.throwaway.example"))
        #expect(!updated.contains(email: "bot@yopmail.com") && updated.contains(email: "bot@eu.mailinator.com"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relais-disposable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "throwaway.example\n".write(to: folder.appendingPathComponent("disposable-domains.txt"), atomically: true, encoding: .utf8)
        #expect(DisposableDomains.forInstance(dataDirectory: folder.path).contains(email: "x@throwaway.example"))
        #expect(DisposableDomains.forInstance(dataDirectory: "/nonexistent").domains == DisposableDomains.shipped.domains)
        try? FileManager.default.removeItem(at: folder)
        #expect(PublicActivationPages.safeColor("#c00") == "#c00")
        #expect(PublicActivationPages.safeColor("red;}body{display:none") == "#1f5fbf")
        #expect(Set(ActivationStrings.french.keys) == Set(ActivationStrings.english.keys))
        #expect(EntryRefusal.allCodes.allSatisfy { ActivationStrings.french["refusal_\($0)"] != nil })
    }
}

extension EntryRefusal {
    /// Every refusal code, to check each has a message for the entrant.
    static let allCodes = [EntryRefusal.notYetOpen(opensAt: 0), .closed, .notOpen, .birthDateRequired, .tooYoung(minimum: 1), .countryRequired,
                           .countryNotAllowed, .membersOnly, .rulesNotAccepted, .rulesOutdated(current: 1), .alreadyEntered(nextAt: nil),
                           .capReached, .rejected].map(\.code)
}

@Suite("Returning-member links and page values")
struct ReturningMemberLinkTests {
    @Test("A link recognises its member on its brand only, and absent values are dropped before rendering")
    func links() {
        let links = ReturningMemberLinks(signer: LinkSigner(secret: "test-secret"))
        let token = links.token(memberID: 42, brandID: 7)
        #expect(links.memberID(token: token, brandID: 7) == 42)
        #expect(links.memberID(token: token, brandID: 8) == nil)
        #expect(links.memberID(token: token + "x", brandID: 7) == nil)
        let absent: String? = nil
        let values = TemplateValues.cleaned(["a": absent as Any, "b": "x", "c": [["d": absent as Any, "e": 1]]])
        #expect(values["a"] == nil)
        #expect(values["b"] as? String == "x")
        #expect((values["c"] as? [[String: Any]])?.first?["d"] == nil)
    }

    @Test("Progressive profiling: unknown fields only, rules' fields first and required, at most three new ones")
    func profilePrompts() {
        func names(_ asked: [String], age: Int = 0, countries: [String] = [], known: ProfileFields? = nil) -> [String] {
            ProfilePrompts.prompts(asked: asked, minimumAge: age, countries: countries, known: known).map { $0.required ? $0.name + "!" : $0.name }
        }
        #expect(names(["city", "postalCode", "lastName", "firstName"]) == ["firstName", "lastName", "postalCode"])
        #expect(names(["city", "postalCode", "lastName", "firstName"], known: ProfileFields(firstName: "Inès", lastName: "Roux")) == ["postalCode", "city"])
        #expect(names(["firstName", "lastName"], age: 18, countries: ["FR"]) == ["firstName", "birthDate!", "country!"])
        #expect(names(["firstName"], age: 18, known: ProfileFields(firstName: "Inès", birthDate: "1990-01-01")) == [])
        #expect(names([], age: 0) == [])
        #expect(ProfilePrompts.problems(["shoeSize", "city"]).map(\.field) == ["askFields"])
        #expect(ProfilePrompts.normalised(["city", "firstName", "city"]) == ["firstName", "city"])
    }
}
