import Foundation
import Hummingbird

/// Steps 2 and 3 of the wizard and its confirmation.
extension ImportPages {
    /// Step 2: one target per column (suggested from the headers), a preview, and the provenance of consents.
    @Sendable func mapping(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        let pending = try await pendingImport(context, frame: frame)
        return try await mappingPage(pending, settings: pending.settings, frame: frame, context: context, errors: [], status: .ok)
    }

    /// Step 3: the dry run with the chosen mapping, reported line by line, with a button to confirm.
    @Sendable func check(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        let form = try await FormData.read(request, limit: 256 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let pending = try await pendingImport(context, frame: frame)
        let table = try readTable(pending)
        let mapping = table.header.indices.map { form["custom_\($0)"] ?? form["target_\($0)"] ?? "ignore" }
        let provenance = ProvenanceInput(source: form["source"], collectedAt: form["collectedAt"],
                                         wordingVersion: form["wordingVersion"].flatMap { Int($0) }, wordingLanguage: form["wordingLanguage"],
                                         emailsConfirmed: form["emailsConfirmed"] == "yes")
        let settings = PendingImportSettings(mapping: mapping, provenance: provenance)
        try await services.pendingImports.save(settings, token: pending.token)
        do {
            let report = try await services.memberImporter.run(importRequest(pending, settings: settings), dryRun: true,
                                                               brand: frame.brand, access: frame.access)
            var values = ImportPageValues.report(report, language: context.language)
            values["token"] = pending.token
            values["canConfirm"] = report.created + report.updated > 0
            return renderer.page("import-check", frame.values(values, active: "import"), language: context.language)
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await mappingPage(pending, settings: settings, frame: frame, context: context, errors: error.fieldErrors, status: .unprocessableContent)
        }
    }

    /// Step 3 confirmed: the real import with the mapping that was rehearsed, then its report.
    @Sendable func run(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let pending = try await pendingImport(context, frame: frame)
        guard let settings = pending.settings else { return Response(status: .seeOther, headers: [.location: "/import/\(pending.token)"]) }
        guard try await services.pendingImports.claim(token: pending.token) else { return Response(status: .seeOther, headers: [.location: "/import"]) }
        let report = try await services.memberImporter.run(importRequest(pending, settings: settings), dryRun: false,
                                                           brand: frame.brand, access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/import/reports/\(report.id ?? 0)"])
    }

    /// The import the wizard rehearses and runs.
    private func importRequest(_ pending: PendingImport, settings: PendingImportSettings) -> ImportRequest {
        ImportRequest(text: pending.text, fileName: pending.fileName, delimiter: nil, mapping: settings.mapping, provenance: settings.provenance)
    }

    /// The caller's live upload named in the path, or 404.
    private func pendingImport(_ context: StaffContext, frame: BackOfficeFrame) async throws -> PendingImport {
        let token = context.parameters.get("token") ?? ""
        guard let pending = try await services.pendingImports.pending(token: token, brandID: frame.brand.id, staffID: context.session.staff.id) else {
            throw AppError.notFound("uploaded file (it is kept for a day; upload it again)")
        }
        return pending
    }

    /// The uploaded file read as CSV (it was readable at upload).
    private func readTable(_ pending: PendingImport) throws -> CSVTable {
        do throws(CSVError) {
            return try CSVReader.read(pending.text)
        } catch {
            throw MemberImporter.unreadable(error)
        }
    }

    /// The mapping step with the current choices and the problems found with them.
    private func mappingPage(_ pending: PendingImport, settings: PendingImportSettings?, frame: BackOfficeFrame, context: StaffContext,
                             errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let table = try readTable(pending)
        let purposes = try await services.consentSettings.purposes(brandID: frame.brand.id)
        let suggested = ImportMappingSuggestion.suggest(header: table.header, purposes: purposes).map(\.text)
        let chosen = settings.map(\.mapping).flatMap { $0.count == table.header.count ? $0 : nil } ?? suggested
        var values = ImportPageValues.mapping(table: table, chosen: chosen, purposes: purposes, errors: errors, language: context.language)
        let provenance = settings?.provenance ?? ProvenanceInput()
        values["token"] = pending.token
        values["fileName"] = pending.fileName
        values["source"] = provenance.source ?? ""
        values["collectedAt"] = provenance.collectedAt ?? ""
        values["wordingVersion"] = provenance.wordingVersion.map(String.init) ?? ""
        values["wordingFr"] = provenance.wordingLanguage == "fr"
        values["wordingEn"] = provenance.wordingLanguage == "en"
        values["emailsConfirmed"] = provenance.emailsConfirmed ?? false
        values["provenanceOpen"] = chosen.contains { $0.hasPrefix("consent:") } || errors.contains { $0.field.hasPrefix("provenance") }
        return renderer.page("import-mapping", frame.values(values, active: "import"), language: context.language, status: status)
    }
}
