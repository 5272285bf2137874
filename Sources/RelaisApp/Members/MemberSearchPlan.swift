import Foundation

/// Where a free-text member search looks, as ordered index ranges ("streams"). Each stream is
/// read in its key order from an index and stops after one page, so a search costs the same
/// whether the prefix matches ten members or a hundred thousand; the streams are merged by
/// (key, member id), which is also the order of the next-page cursor.
struct MemberSearchPlan: Sendable, Equatable {
    /// One ordered range of an index.
    struct Stream: Sendable, Equatable {
        /// The indexed column the stream reads.
        enum Source: Sendable, Equatable {
            /// `members.search_name` ("first last", folded).
            case name
            /// `members.search_alt` ("last first", folded).
            case alternateName
            /// `member_identities.match_key` of one identity kind.
            case identity(IdentityKind)
        }

        var source: Source
        /// The keys read: a prefix, or exactly one key.
        var range: KeyRange
        /// Keys of this range already read by another stream of the plan, skipped here.
        var excluding: KeyRange?
    }

    /// A set of keys: those starting with a prefix, or one key.
    enum KeyRange: Sendable, Equatable {
        case prefix(String)
        case exactly(String)

        /// Whether `key` is in the range (byte order, as the database compares).
        func contains(_ key: String) -> Bool {
            switch self {
            case .prefix(let prefix): key.utf8.starts(with: prefix.utf8)
            case .exactly(let exact): key == exact
            }
        }
    }

    var streams: [Stream]

    /// The plan for `text`: an e-mail (or its start) when it holds "@", a phone number (or its
    /// start) when it is made of digits and phone punctuation, else the start of a name.
    static func plan(for text: String, defaultCountry: String) -> MemberSearchPlan {
        if text.contains("@") {
            let key = text.lowercased()
            var streams = [Stream(source: .identity(.email), range: .prefix(key))]
            // A whole address also finds its match key: Gmail dots and "+tags" removed.
            let exact = EmailAddress.matchKey(key)
            if !exact.utf8.starts(with: key.utf8) {
                streams.append(Stream(source: .identity(.email), range: .exactly(exact)))
            }
            return MemberSearchPlan(streams: streams)
        }
        let phoneCharacters = Set("+0123456789 .-()")
        if text.allSatisfy({ phoneCharacters.contains($0) }), text.filter(\.isNumber).count >= 3 {
            return MemberSearchPlan(streams: [Stream(source: .identity(.phone), range: .prefix(phonePrefix(text, defaultCountry: defaultCountry)))])
        }
        let folded = SearchText.fold(text)
        return MemberSearchPlan(streams: [
            Stream(source: .name, range: .prefix(folded)),
            Stream(source: .alternateName, range: .prefix(folded), excluding: .prefix(folded)),
        ])
    }

    /// The E.164 start of a typed phone number or its beginning, in the brand's country by default.
    static func phonePrefix(_ text: String, defaultCountry: String) -> String {
        if case .success(let full) = PhoneNumber.normalize(text, defaultCountry: defaultCountry) { return full }
        var digits = text.filter(\.isNumber)
        if text.hasPrefix("+") { return "+" + digits }
        if digits.hasPrefix("0") { digits.removeFirst() }
        return "+" + (PhoneNumber.callingCodes[defaultCountry.uppercased()] ?? "") + digits
    }

    /// Whether (key, id) comes before the other in the order the streams are merged:
    /// keys byte by byte (as the database compares them), then ids.
    static func precedes(_ a: (key: String, id: Int64), _ b: (key: String, id: Int64)) -> Bool {
        if a.key == b.key { return a.id < b.id }
        return a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
    }
}
