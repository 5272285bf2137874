import Foundation
import Hummingbird

/// The back-office sharing pages: a hub (each activation's funnel, the top referrers, a member
/// search) and the referral-tree explorer, which shows a member's tree a few generations at a
/// time and links deeper, so that a huge tree never renders at once.
struct SharingPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Referrers per page of the ranking.
    static let referrersPerPage = 20
    /// Generations a tree page shows unless asked for more.
    static let defaultDepth = 3
    /// People a tree page shows at most.
    static let peoplePerPage = 300

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("sharing", use: hub)
        staff.get("sharing/tree/{id}", use: tree)
    }

    @Sendable func hub(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let query = request.queryDictionary
        let language = context.language
        let activations = try await services.activations.list(access: frame.access, page: try PageRequest(query: query))
        let referrerPage = max(0, query["referrers"].flatMap { Int($0) } ?? 0)
        let referrers = try await services.shareReports.topReferrers(access: frame.access, limit: Self.referrersPerPage,
                                                                     offset: referrerPage * Self.referrersPerPage)
        let text = query["q"].map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        var found: [MemberSummary] = []
        if let text {
            found = try await services.memberSearch.search(MemberQuery(text: text, tag: nil, country: nil), access: frame.access,
                                                           page: PageRequest(limit: 20, afterID: nil), defaultCountry: frame.brand.country).items
        }
        return renderer.page("sharing", frame.values([
            "activations": activations.items.map { ["id": $0.id, "title": $0.content.title(language.rawValue),
                                                     "kind": Strings.get("act_kind_\($0.kind.rawValue)", language)] },
            "noActivations": activations.items.isEmpty,
            "nextActivations": activations.nextCursor.map { "/sharing?cursor=\($0)" } as Any,
            "referrers": referrers.items.enumerated().map { index, referrer -> [String: Any] in
                ["rank": referrerPage * Self.referrersPerPage + index + 1, "id": referrer.memberID,
                 "name": Self.name(referrer.firstName, referrer.lastName, language), "brought": referrer.brought]
            },
            "noReferrers": referrers.items.isEmpty,
            "previousReferrers": (referrerPage > 0 ? "/sharing?referrers=\(referrerPage - 1)" : nil) as String? as Any,
            "nextReferrers": (referrers.hasMore ? "/sharing?referrers=\(referrerPage + 1)" : nil) as String? as Any,
            "q": text ?? "",
            "searched": text != nil,
            "found": found.map { ["id": $0.id, "name": Self.name($0.firstName, $0.lastName, language), "email": $0.email ?? ""] },
            "noneFound": text != nil && found.isEmpty,
        ], active: "sharing"), language: language)
    }

    @Sendable func tree(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let memberID = try context.parameters.memberID()
        let depth = min(ReferralTree.maxDepth, max(1, request.queryDictionary["depth"].flatMap { Int($0) } ?? Self.defaultDepth))
        // One generation more than shown, to tell each last-shown person how many they brought.
        let tree = try await services.shareReports.tree(memberID: memberID, access: frame.access, depth: min(ReferralTree.maxDepth, depth + 1))
        let outline = ReferralTreeOutline.of(tree, depth: depth, budget: Self.peoplePerPage)
        var ids: [Int64] = [memberID]
        func collect(_ branches: [ReferralTreeOutline.Branch]) {
            for branch in branches {
                ids.append(branch.node.memberID)
                collect(branch.children)
            }
        }
        collect(outline.branches)
        let wanted = ids
        let names = try await services.database.readOnly { sql in try await MemberSearch.summaries(ids: wanted, on: sql) }
        let language = context.language
        func name(_ id: Int64) -> String { Self.name(names[id]?.firstName, names[id]?.lastName, language) }
        func values(_ branch: ReferralTreeOutline.Branch) -> [String: Any] {
            // Every key is set on every branch: a missing key would be looked up in the parent branch by mustache.
            ["id": branch.node.memberID, "name": name(branch.node.memberID),
             "source": Strings.get("tree_source_\(branch.node.source)", language), "when": MemberPages.day(branch.node.at),
             "hasHidden": branch.hiddenChildren > 0, "hidden": branch.hiddenChildren,
             "hasChildren": !branch.children.isEmpty, "children": branch.children.map(values)]
        }
        let total = outline.generationCounts.reduce(0, +)
        return renderer.page("sharing_tree", frame.values([
            "root": ["id": memberID, "name": name(memberID)],
            "depth": depth,
            "generations": outline.generationCounts.enumerated().map { index, count -> [String: Any] in
                ["generation": index + 1, "count": count, "shown": index < outline.shownDepth]
            },
            "branches": outline.branches.map(values),
            "empty": outline.branches.isEmpty,
            "total": total,
            "truncated": tree.truncated,
            "hiddenFirst": outline.hiddenFirstGeneration,
            "hasHiddenFirst": outline.hiddenFirstGeneration > 0,
            "deeper": (outline.hasDeeper && depth < ReferralTree.maxDepth && outline.shownDepth == depth
                ? "/sharing/tree/\(memberID)?depth=\(depth + 1)" : nil) as String? as Any,
            "shallower": (depth > 1 ? "/sharing/tree/\(memberID)?depth=\(depth - 1)" : nil) as String? as Any,
        ], active: "sharing"), language: language)
    }

    /// A member's name as staff see it; "(no name)" when none is known.
    static func name(_ first: String?, _ last: String?, _ language: UILanguage) -> String {
        let name = [first, last].compactMap { $0 }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? Strings.get("member_no_name", language) : name
    }
}
