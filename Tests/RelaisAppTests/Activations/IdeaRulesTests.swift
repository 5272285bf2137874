import Foundation
import Testing
@testable import RelaisApp

@Suite("Idea contest, referral and code rules")
struct IdeaRulesTests {
    @Test("Images are recognised by their first bytes: JPEG, PNG and WebP only, at most 5 MB")
    func images() {
        #expect(IdeaImage.sniff(IdeaFixture.png) == .png)
        #expect(IdeaImage.sniff(IdeaFixture.jpeg) == .jpeg)
        #expect(IdeaImage.sniff(IdeaFixture.webp) == .webp)
        #expect(IdeaImage.sniff(IdeaFixture.gif) == nil)
        #expect(IdeaImage.sniff(Data("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)) == nil)
        #expect(IdeaImage.check(Data()) == .failure(.empty))
        #expect(IdeaImage.check(IdeaFixture.png + Data(count: IdeaImage.maximumBytes)) == .failure(.tooLarge))
        #expect(IdeaImage.check(IdeaFixture.gif) == .failure(.notAnImage))
    }

    @Test("An idea needs a one-line title and a text; every problem is reported at once")
    func drafts() throws {
        let draft = try IdeaDraft.validated(title: "  Une grue solaire ", text: "Des panneaux sur la flèche.", imageBytes: IdeaFixture.png).get()
        #expect(draft.title == "Une grue solaire")
        #expect(draft.image?.format == .png)
        guard case .failure(let error) = IdeaDraft.validated(title: "ab", text: "court", imageBytes: IdeaFixture.gif) else {
            Issue.record("a short title, a short text and a GIF must be refused")
            return
        }
        #expect(error.fieldErrors.map(\.field) == ["ideaTitle", "ideaText", "image"])
    }

    @Test("Ranking by votes breaks ties by the earlier idea; winners are the top N with votes, or the jury's picks in order")
    func ranking() {
        let ideas = [RankedIdea(ideaID: 1, votes: 3, createdAt: 10, juryRank: nil), RankedIdea(ideaID: 2, votes: 5, createdAt: 20, juryRank: 2),
                     RankedIdea(ideaID: 3, votes: 3, createdAt: 5, juryRank: 1), RankedIdea(ideaID: 4, votes: 0, createdAt: 1, juryRank: nil)]
        #expect(IdeaRanking.byVotes(ideas).map(\.ideaID) == [2, 3, 1, 4])
        #expect(IdeaRanking.winners(ideas, settings: IdeaSettings(winners: .votes, winnerCount: 2)).map(\.ideaID) == [2, 3])
        #expect(IdeaRanking.winners(ideas, settings: IdeaSettings(winners: .votes, winnerCount: 10)).map(\.ideaID) == [2, 3, 1], "no idea wins without a vote")
        #expect(IdeaRanking.winners(ideas, settings: IdeaSettings(winners: .jury, winnerCount: 1)).map(\.ideaID) == [3, 2])
    }

    @Test("A vote needs a recognised member, an approved idea that is not theirs, within the voting period")
    func votes() {
        let idea = Idea(id: 1, activationID: 1, memberID: 7, entryID: 1, title: "t", text: "x", status: .approved, votes: 0, createdAt: 0)
        let period: Range<Int64> = 100..<200
        #expect(IdeaVoting.refusal(idea: idea, voterID: nil, status: .live, period: period, now: 150) == .memberRequired)
        #expect(IdeaVoting.refusal(idea: idea, voterID: 7, status: .live, period: period, now: 150) == .ownIdea)
        var pending = idea
        pending.status = .pending
        #expect(IdeaVoting.refusal(idea: pending, voterID: 8, status: .live, period: period, now: 150) == .ideaNotFound)
        #expect(IdeaVoting.refusal(idea: idea, voterID: 8, status: .live, period: period, now: 50) == .votingNotYetOpen(opensAt: 100))
        #expect(IdeaVoting.refusal(idea: idea, voterID: 8, status: .closed, period: period, now: 150) == .votingClosed)
        #expect(IdeaVoting.refusal(idea: idea, voterID: 8, status: .live, period: period, now: 150) == nil)
        #expect(IdeaSettings(votingOpensAt: 150).votingPeriod(opensAt: 100, closesAt: 200) == 150..<200)
        #expect(IdeaSettings().votingPeriod(opensAt: 100, closesAt: 200) == 100..<200)
    }

    @Test("A referral counts for a new member invited by someone else; counts per referrer keep who invited them")
    func referrals() {
        #expect(ReferralRules.rejection(referrerID: 1, refereeID: 2, refereeNewToBrand: true) == nil)
        #expect(ReferralRules.rejection(referrerID: 1, refereeID: 2, refereeNewToBrand: false) == .alreadyMember)
        #expect(ReferralRules.rejection(referrerID: 1, refereeID: 1, refereeNewToBrand: false) == .selfReferral)
        func referral(_ id: Int64, _ from: Int64, _ to: Int64, _ status: String = "valid") -> Referral {
            Referral(id: id, referrerID: from, refereeID: to, status: status, reason: nil, createdAt: id, referrerName: "m\(from)", refereeName: "m\(to)")
        }
        let counts = ReferralStore.counts([referral(1, 1, 2), referral(2, 2, 3), referral(3, 2, 4), referral(4, 1, 5, "rejected")])
        #expect(counts.map(\.memberID) == [2, 1])
        #expect(counts.map(\.valid) == [2, 1])
        #expect(counts.first?.invitedBy == 1)
        #expect(counts.last?.rejected == 1)
    }

    @Test("Codes are 6 digits; typed codes ignore spaces; requests are limited per address and per IP")
    func codes() {
        let code = MemberCode.generate()
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(MemberCode.normalised(" 012 345 ") == "012345")
        #expect(MemberCode.normalised("12345") == nil)
        #expect(MemberCode.normalised("12345a") == nil)
        #expect(MemberCode.mayRequest(recentForAddress: 2, recentForIP: 9))
        #expect(!MemberCode.mayRequest(recentForAddress: 3, recentForIP: 0))
        #expect(!MemberCode.mayRequest(recentForAddress: 0, recentForIP: 10))
    }

    @Test("Every vote refusal and every kind has its message in French and English")
    func strings() {
        #expect(Set(IdeaReferralStrings.french.keys) == Set(IdeaReferralStrings.english.keys))
        let refusals: [VoteRefusal] = [.memberRequired, .ideaNotFound, .ownIdea, .votingNotYetOpen(opensAt: 0), .votingClosed]
        #expect(refusals.allSatisfy { IdeaReferralStrings.french["vote_\($0.code)"] != nil })
        #expect(ActivationKind.allCases.allSatisfy { Strings.allFrench["act_kind_\($0.rawValue)"] != nil && Strings.allEnglish["act_kind_\($0.rawValue)"] != nil })
        #expect(ReferralRules.Rejection.allCases.allSatisfy { IdeaReferralStrings.english["act_referral_\($0.rawValue)"] != nil })
    }
}
