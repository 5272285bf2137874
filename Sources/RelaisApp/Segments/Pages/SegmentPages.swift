import Foundation
import Hummingbird

/// Back-office segment pages: the list, and the editor with its count and first members.
/// The editor works without JavaScript (a "count" button re-renders the page); the script
/// `/static/segments.js` adds and removes rule rows and asks `preview-count` as rules change.
struct SegmentPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Members shown under the editor.
    static let memberPreviewSize = 20

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("segments", use: list)
        staff.get("segments/new", use: newSegment)
        staff.post("segments/new", use: submit)
        staff.post("segments/preview-count", use: previewCount)
        staff.get("segments/{id}", use: show)
        staff.post("segments/{id}", use: submit)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let page = try await services.segments.list(access: frame.access, page: try PageRequest(query: request.queryDictionary))
        let rows: [[String: Any]] = page.items.map {
            ["id": $0.id, "name": $0.name, "rules": $0.definition.rules.count, "updated": MemberPages.day($0.updatedAt)]
        }
        return renderer.page("segments", frame.values([
            "segments": rows, "empty": rows.isEmpty, "canEdit": frame.access.can(.manageSegments),
            "next": page.nextCursor.map { "/segments?cursor=\($0)" } as Any,
        ], active: "segments"), language: context.language)
    }

    @Sendable func newSegment(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.manageSegments)
        return try await editor(frame, context: context, id: nil, name: "", json: SegmentDefinitionJSON(match: "all", rules: []))
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let segment = try await services.segments.segment(try context.parameters.id("id", what: "segment"), access: frame.access)
        let saved = request.queryDictionary["saved"] != nil
        return try await editor(frame, context: context, id: segment.id, name: segment.name, json: SegmentDefinitionJSON(segment.definition),
                                definition: segment.definition, notice: saved ? Strings.get("segment_saved", context.language) : nil)
    }

    /// Handles the editor's buttons: `count` re-renders with the count, `save` stores, `delete` removes.
    @Sendable func submit(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 256 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        var id: Int64? = nil
        if context.parameters.get("id") != nil {
            id = try await services.segments.segment(try context.parameters.id("id", what: "segment"), access: frame.access).id
        }
        let action = form["action"] ?? "count"
        if action == "delete", let id {
            try await services.segments.delete(id, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/segments"])
        }
        try frame.access.require(action == "save" ? .manageSegments : .readMembers)
        let name = form["name"] ?? ""
        let json = SegmentForm.definition(from: form)
        var errors: [FieldError] = []
        var definition: SegmentDefinition? = nil
        do {
            definition = try await services.segments.validated(json, brandID: frame.brand.id)
        } catch let error as AppError where error.code == "validation_failed" {
            errors = error.fieldErrors
        }
        if action == "save", case .failure(let problem) = SegmentInput.checkedName(name) {
            errors.insert(FieldError(problem.field, problem.message), at: 0)
        }
        guard errors.isEmpty, let definition else {
            return try await editor(frame, context: context, id: id, name: name, json: json, errors: errors, status: .unprocessableContent)
        }
        guard action == "save" else {
            return try await editor(frame, context: context, id: id, name: name, json: json, definition: definition)
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let segment = if let id {
            try await services.segments.update(id, name: trimmed, definition: definition, access: frame.access)
        } else {
            try await services.segments.create(name: trimmed, definition: definition, access: frame.access)
        }
        return Response(status: .seeOther, headers: [.location: "/segments/\(segment.id)?saved=1"])
    }

    /// The live count for the editor's script: the form as it stands, answered as JSON.
    @Sendable func previewCount(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let form = try await FormData.read(request, limit: 256 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        do {
            let definition = try await services.segments.validated(SegmentForm.definition(from: form), brandID: frame.brand.id)
            let count = try await services.segments.count(definition, access: frame.access)
            return try JSONOutput.response(LiveCount(count: count, errors: nil))
        } catch let error as AppError where error.code == "validation_failed" {
            return try JSONOutput.response(LiveCount(count: nil, errors: error.fieldErrors), status: .unprocessableContent)
        }
    }

    /// Renders the editor; with a valid `definition` it shows the count and the first members.
    private func editor(_ frame: BackOfficeFrame, context: StaffContext, id: Int64?, name: String, json: SegmentDefinitionJSON,
                        definition: SegmentDefinition? = nil, errors: [FieldError] = [], notice: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let purposes = try await services.consentSettings.purposes(brandID: frame.brand.id).map(\.key)
        var rules = json.rules ?? []
        if rules.count < SegmentDefinition.maxRules { rules.append(SegmentRuleJSON()) }
        let rows = rules.enumerated().map { SegmentForm.row($0.element, index: String($0.offset), purposes: purposes, language: language) }
        var values: [String: Any] = [
            "segmentId": id as Any, "isNew": id == nil, "action": id.map { "/segments/\($0)" } ?? "/segments/new",
            "name": name, "matchAll": json.match != "any", "matchAny": json.match == "any",
            "rules": rows, "template": SegmentForm.row(SegmentRuleJSON(), index: "__i__", purposes: purposes, language: language),
            "nextIndex": rows.count, "canEdit": frame.access.can(.manageSegments),
            "errors": errors.map { ["field": $0.field, "message": FieldMessages.localized($0.message, context.language)] }, "hasErrors": !errors.isEmpty,
            "notice": notice as Any,
        ]
        if let definition {
            let access = frame.access
            let count = try await services.segments.count(definition, access: access)
            let page = try await services.segments.members(definition, access: access, page: PageRequest(limit: Self.memberPreviewSize, afterID: nil))
            values["count"] = count
            values["hasCount"] = true
            values["members"] = page.items.map { item -> [String: Any] in
                ["id": item.id, "name": [item.firstName, item.lastName].compactMap { $0 }.joined(separator: " "),
                 "email": item.email ?? "", "city": item.city ?? "", "since": MemberPages.day(item.createdAt)]
            }
            values["noMembers"] = page.items.isEmpty
        }
        return renderer.page("segment", frame.values(values, active: "segments"), language: language, status: status)
    }
}

/// Answer of the editor's live count.
struct LiveCount: Codable, Sendable {
    var count: Int?
    var errors: [FieldError]?
}
