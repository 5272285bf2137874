/// The timeline's index for an earning rule's preview holds only the events a rule can listen to.
///
/// `timeline_brand_kind` indexed every event by brand, kind and time, and only a rule's preview
/// reads it: a brand's events of one trigger over the last 30 days. A new entrant writes three
/// events (the entry, the new member, the pending consent), each kind a point of its own in the
/// middle of the tree, so each commit of entries split and rebalanced three places of it (about
/// nine pages of the write-ahead log per commit, the largest of any index). The new index keeps
/// the events of the kinds an earning rule can be triggered by (`EarningTrigger.all`), the only
/// ones a preview asks for: an entry now adds one key to it.
///
/// The list is frozen here as the step wrote it; `EarningTrigger.indexedKinds` must equal it (a
/// test compares them), and a new trigger comes with a step that makes the index again.
struct M035TimelineTriggerIndex: Migration {
    let id = "035-timeline-trigger-index"

    static let kinds = ["activation.entry", "consent.confirmed", "referral.joined", "share.visit", "share.store_visit",
                        "coupon.redeemed", "member.birthday", "profile.completed", "badge.earned", "purchase"]

    func statements(for kind: DatabaseKind) -> [String] {
        [
            "DROP INDEX timeline_brand_kind",
            "CREATE INDEX timeline_brand_trigger ON timeline_events (brand_id, kind, occurred_at) WHERE kind IN ("
                + Self.kinds.map { "'\($0)'" }.joined(separator: ", ") + ")",
        ]
    }
}
