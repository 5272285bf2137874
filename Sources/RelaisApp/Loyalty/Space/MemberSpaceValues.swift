import Foundation

/// What happened on the member's last action in their space, shown above the page.
enum MemberSpaceOutcome: Sendable, Equatable {
    /// A reward was exchanged; `replayed` when the same form had already done it.
    case redeemed(Coupon, replayed: Bool)
    /// An action was refused, with the code of the refusal (`insufficient_points`, `out_of_stock`,
    /// `tier_required`, `form_expired`…) and the reward it was about.
    case refused(code: String, rewardID: Int64?)
}

/// The template values of `member_space.mustache`, built from a `MemberSpace`. No I/O.
struct MemberSpaceValues: Sendable {
    let space: MemberSpace
    /// The member's link token, carried by every link and form of the page.
    let token: String
    /// A fresh form token for the page's forms.
    let formToken: String
    let language: UILanguage
    /// The address share links start with.
    let publicBaseURL: String
    let now: Int64

    /// Refusal codes that have their own sentence; any other reads as `space_error_other`.
    static let refusalCodes: Set<String> = ["insufficient_points", "out_of_stock", "tier_required", "reward_retired", "out_of_codes",
                                            "not_found", "form_expired", "conflict", "activation_closed"]

    /// Every value of the page, with the outcome of the last action if any.
    func values(outcome: MemberSpaceOutcome?, historyBefore: Int64?) -> [String: Any] {
        let slug = space.brand.slug
        let base = MemberSpaceLinks.path(brandSlug: slug, token: token)
        var values: [String: Any] = [
            "greeting": space.firstName.map { text("space_hello", ["name": $0]) } ?? Strings.get("space_hello_anonymous", language),
            "intro": text("space_intro", ["brand": space.brand.name]),
            "balance": space.account.balance,
            "tier": space.tier.tier?.name as Any,
            // What the tier gives, and what the next one would: members see why it is worth going on.
            "tierBenefits": space.tier.tier.flatMap { $0.benefits.isEmpty ? nil : text("space_tier_benefits", ["benefits": $0.benefits]) } as Any,
            "nextTierBenefits": space.tier.next.flatMap { $0.benefits.isEmpty ? nil : text("space_next_tier_benefits", ["tier": $0.name, "benefits": $0.benefits]) } as Any,
            "nextTier": space.tier.next.map { text("space_next_tier", ["n": String(max(0, $0.threshold - space.tier.earnedInWindow)), "tier": $0.name]) } as Any,
            "nextExpiry": space.account.nextExpiry.map { text("space_next_expiry", ["n": String($0.points), "day": day($0.at)]) } as Any,
            "history": space.history.map { entry -> [String: Any] in
                ["when": day(entry.occurredAt), "what": entry.reason.isEmpty ? Strings.get("points_\(entry.kind.rawValue)", language) : entry.reason,
                 "points": entry.points > 0 ? "+\(entry.points)" : String(entry.points), "gain": entry.points > 0]
            },
            "hasHistory": !space.history.isEmpty,
            "olderLink": space.olderCursor.map { "\(base)&before=\($0)#history" } as Any,
            "newestLink": historyBefore.map { _ in "\(base)#history" } as Any,
            "coupons": space.coupons.map { coupon -> [String: Any] in
                let state = coupon.isExpired(now: now) ? "expired" : coupon.status.rawValue
                return ["code": CouponDTO.display(coupon.code), "reward": coupon.rewardName ?? "—", "statusKey": state,
                        "status": Strings.get("coupon_\(state)", language), "expires": day(coupon.expiresAt)]
            },
            "hasCoupons": !space.coupons.isEmpty,
            "badges": space.badges.map { ["name": Strings.get("badge_\($0.badge.id)", language), "when": day($0.earnedAt)] },
            "hasBadges": !space.badges.isEmpty,
            "rewards": space.rewards.map(reward),
            "hasRewards": !space.rewards.isEmpty,
            "shares": space.shares.map(share),
            "hasShares": !space.shares.isEmpty,
            "token": token, "formToken": formToken,
            "redeemAction": "/m/\(slug)/space/redeem", "shareAction": "/m/\(slug)/space/share",
        ]
        switch outcome {
        case .redeemed(let coupon, let replayed):
            values["redeemed"] = ["message": text(replayed ? "space_redeemed_again" : "space_redeemed",
                                                  ["reward": coupon.rewardName ?? "—", "day": day(coupon.expiresAt)]),
                                  "code": CouponDTO.display(coupon.code)]
        case .refused(let code, let rewardID):
            let reward = space.rewards.first { $0.reward.id == rewardID }?.reward
            let key = Self.refusalCodes.contains(code) ? "space_error_\(code)" : "space_error_other"
            values["refusal"] = text(key, ["reward": reward?.name ?? "—", "tier": reward?.minimumTier ?? ""])
        case nil:
            break
        }
        return values
    }

    private func reward(_ line: (reward: Reward, offer: RewardOffer)) -> [String: Any] {
        let reward = line.reward
        let reason: String? = switch line.offer {
        case .available: nil
        case .outOfStock: Strings.get("space_reason_stock", language)
        case .tierRequired(let tier): text("space_reason_tier", ["tier": tier])
        case .missingPoints(let missing): text("space_reason_points", ["n": String(missing)])
        }
        return ["id": reward.id, "name": reward.name, "description": reward.description.nilIfEmpty as Any,
                "cost": text("space_cost", ["n": String(reward.costPoints)]),
                "stock": reward.stock.map { text("space_stock", ["n": String($0)]) } as Any,
                "minimumTier": reward.minimumTier.map { text("space_min_tier", ["tier": $0]) } as Any,
                "redeemLabel": text("space_redeem", ["reward": reward.name, "n": String(reward.costPoints)]),
                "available": reason == nil, "reason": reason as Any]
    }

    private func share(_ line: (activation: Activation, link: ShareLinkStats?)) -> [String: Any] {
        let title = line.activation.content.title(language.rawValue)
        var values: [String: Any] = ["activationID": line.activation.id, "title": title]
        if let stats = line.link {
            values["link"] = ["id": stats.link.id, "url": "\(publicBaseURL)/r/\(stats.link.code)", "label": text("space_link_label", ["title": title]),
                              "counts": text("space_counts", ["clicks": String(stats.clicks), "visits": String(stats.visits)])] as [String: Any]
        }
        return values
    }

    /// A calendar day in the brand's time zone, the way the member's language writes it.
    private func day(_ millis: Int64) -> String {
        let iso = LocalTime.day(millis, timeZone: space.brand.timeZone)
        guard language == .french else { return iso }
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }

    private func text(_ key: String, _ values: [String: String]) -> String {
        values.reduce(Strings.get(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
