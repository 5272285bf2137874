import Testing
@testable import RelaisApp

@Suite("Consent derivation")
struct ConsentDerivationTests {
    let newsletter = ConsentKey(brandID: 1, purposeID: 1, channel: .email)
    let partners = ConsentKey(brandID: 1, purposeID: 2, channel: .email)
    let sms = ConsentKey(brandID: 1, purposeID: 1, channel: .sms)

    @Test("A merge never widens consent: a withdrawal on either side wins")
    func mergeNeverWidens() {
        let merged = ConsentDerivation.merged(
            survivor: [newsletter: .withdrawn, partners: .granted],
            duplicate: [newsletter: .granted, partners: .withdrawn, sms: .granted]
        )
        #expect(merged[newsletter] == .withdrawn)
        #expect(merged[partners] == .withdrawn)
        #expect(merged[sms] == .granted)
    }

    @Test("Pending on one side and granted on the other stays pending")
    func pendingStaysPending() {
        let merged = ConsentDerivation.merged(survivor: [newsletter: .pending], duplicate: [newsletter: .granted])
        #expect(merged[newsletter] == .pending)
    }

    @Test("The latest record wins")
    func latestWins() {
        let records: [(Int64, ConsentKey, ConsentStatus)] = [(1, newsletter, .granted), (3, newsletter, .withdrawn), (2, partners, .granted)]
        let current = ConsentDerivation.current(records, key: { $0.1 }, id: { $0.0 })
        #expect(current[newsletter]?.2 == .withdrawn)
        #expect(current[partners]?.2 == .granted)
    }
}
