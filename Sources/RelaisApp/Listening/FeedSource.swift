import Foundation

/// A feed (RSS or Atom) a brand follows, with where its polling stands.
struct FeedSource: Sendable, Equatable {
    var id: Int64
    var organisationID: Int64
    var brandID: Int64
    /// A polled feed, or a source that receives signed pushes.
    var kind: FeedSourceKind = .feed
    /// The feed's address, http or https (empty for a push source).
    var url: String
    /// The name staff know it by.
    var label: String
    /// Minutes between polls while it works.
    var pollIntervalMinutes: Int
    /// Polled by the background job; a disabled source is only polled on demand.
    var enabled: Bool
    /// The owner's override: the feed may be on a private network (an intranet feed).
    var allowPrivateNetwork: Bool
    /// How the last poll went.
    var status: FeedSourceStatus
    /// Why the last poll failed, in words for staff.
    var lastError: String?
    /// Failed polls in a row, which lengthen the wait before the next one.
    var consecutiveFailures: Int
    /// Sent back on the next poll for a conditional GET.
    var validators: FetchValidators
    var lastPolledAt: Int64?
    var lastSuccessAt: Int64?
    /// When the background job polls it next.
    var nextAttemptAt: Int64
    /// New posts read from it so far (after de-duplication).
    var postsRead: Int64
    var createdAt: Int64
    var updatedAt: Int64
    /// A push source's secret, set only in the answer to its creation (it is shown once).
    var pushSecret: String? = nil
}

/// How a source's posts come in.
enum FeedSourceKind: String, Sendable, CaseIterable {
    /// An RSS or Atom feed Relais polls.
    case feed
    /// Posts sent to Relais, signed with the source's secret (`PushSignature`).
    case push
}

/// How a source's last poll went.
enum FeedSourceStatus: String, Sendable, CaseIterable {
    /// Never polled yet.
    case pending
    /// The last poll read the feed (or heard it had not changed).
    case ok
    /// The last poll failed; `lastError` says why and the back-off applies.
    case failing
}

/// What staff send to create or change a source; nil fields are left as they are (or defaulted).
struct FeedSourceChanges: Sendable {
    /// `feed` (default) or `push`; set at creation only.
    var kind: String? = nil
    var url: String?
    var label: String?
    var pollIntervalMinutes: Int?
    var enabled: Bool?
    var allowPrivateNetwork: Bool?

    /// Checks the fields that are present; `creating` requires the URL.
    func validate(creating: Bool, kind current: FeedSourceKind? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        let sourceKind = current ?? kind.flatMap(FeedSourceKind.init(rawValue:)) ?? .feed
        if let kind, FeedSourceKind(rawValue: kind) == nil {
            errors.append(FieldError("kind", "must be feed or push"))
        } else if let kind, !creating, kind != current?.rawValue {
            errors.append(FieldError("kind", "cannot be changed; create another source"))
        }
        if sourceKind == .push {
            if url != nil { errors.append(FieldError("url", "a push source has no address: posts are sent to it")) }
            if allowPrivateNetwork == true { errors.append(FieldError("allowPrivateNetwork", "a push source fetches nothing")) }
        } else if let url {
            if let problem = Self.urlProblem(url) { errors.append(FieldError("url", problem)) }
        } else if creating {
            errors.append(FieldError("url", "is required"))
        }
        if let label, label.count > 200 { errors.append(FieldError("label", "must be at most 200 characters")) }
        if let minutes = pollIntervalMinutes, !PollSchedule.intervalRange.contains(minutes) {
            errors.append(FieldError("pollIntervalMinutes", "must be from \(PollSchedule.intervalRange.lowerBound) to \(PollSchedule.intervalRange.upperBound)"))
        }
        return errors
    }

    /// Why a feed address is refused before any fetch, or nil when it can be tried.
    static func urlProblem(_ text: String) -> String? {
        guard text.count <= 2_000 else { return "must be at most 2000 characters" }
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)), let scheme = url.scheme?.lowercased() else {
            return "must be an absolute http or https address"
        }
        guard scheme == "http" || scheme == "https" else { return "must be an http or https address" }
        guard let host = url.host, !host.isEmpty else { return "must name a host" }
        return nil
    }
}
