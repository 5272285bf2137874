import Foundation
import Hummingbird

/// The back-office import wizard: 1 upload, 2 mapping and provenance, 3 dry-run report,
/// 4 result; plus the CSV export of the member list.
struct ImportPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Mounts the wizard and the export on the back-office routes.
    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("import", use: start)
        staff.post("import", use: upload)
        staff.get("import/reports/{id}", use: report)
        staff.get("import/{token}", use: mapping)
        staff.post("import/{token}/check", use: check)
        staff.post("import/{token}/run", use: run)
        staff.get("members.csv", use: export)
    }

    /// Step 1: the upload form and the brand's past imports.
    @Sendable func start(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        return try await startPage(frame, context: context, error: nil, status: .ok)
    }

    /// The upload step, with an error to show when the last upload failed.
    private func startPage(_ frame: BackOfficeFrame, context: StaffContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let past = try await services.importReports.list(brandID: frame.brand.id, page: PageRequest(limit: 20, afterID: nil))
        return renderer.page("import", frame.values([
            "error": error as Any,
            "encodings": CSVEncoding.allCases.map { ["value": $0.rawValue, "label": Strings.get("import_encoding_\($0.rawValue)", context.language)] },
            "imports": past.items.map { ["id": $0.id, "fileName": $0.fileName, "total": $0.totalRows, "imported": $0.importedRows,
                                         "errors": $0.errorRows, "when": $0.createdAt.prefix(16).replacingOccurrences(of: "T", with: " ")] },
            "noImports": past.items.isEmpty,
        ], active: "import"), language: context.language, status: status)
    }

    /// Receives the file (multipart/form-data), checks that it reads as CSV and keeps it for the next steps.
    @Sendable func upload(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        let form = try await MultipartForm.read(request, limit: context.maxUploadSize)
        try BackOfficeFrame.checkCSRF(form.formData, session: context.session)
        let language = context.language
        guard let file = form.file("file"), !file.data.isEmpty else {
            return try await startPage(frame, context: context, error: Strings.get("import_no_file", language), status: .unprocessableContent)
        }
        let encoding = form["encoding"].flatMap(CSVEncoding.init(rawValue:)) ?? .utf8
        let text: String
        do throws(CSVError) {
            text = try CSVTextDecoding.decode(file.data, encoding: encoding)
            _ = try CSVReader.read(text)
        } catch {
            return try await startPage(frame, context: context, error: "\(Strings.get("import_unreadable", language)) \(error.description)",
                                       status: .unprocessableContent)
        }
        let name = String((file.fileName ?? "import.csv").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "import.csv").prefix(200)
        let token = try await services.pendingImports.add(brandID: frame.brand.id, staffID: context.session.staff.id,
                                                          fileName: String(name), text: text)
        return Response(status: .seeOther, headers: [.location: "/import/\(token)"])
    }

    /// Step 4: a stored import report.
    @Sendable func report(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.importMembers)
        let id = try context.parameters.id("id", what: "import")
        guard let report = try await services.importReports.report(id: id, brandID: frame.brand.id) else { throw AppError.notFound("import") }
        return renderer.page("import-report", frame.values(ImportPageValues.report(report, language: context.language), active: "import"), language: context.language)
    }

    /// The member list (same search as the page) as a CSV file; `;`-separated for a French interface, as French Excel expects.
    @Sendable func export(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let query = request.queryDictionary
        let delimiter: Character = context.language == .french ? ";" : ","
        let (text, _) = try await services.memberExport.export(
            MemberQuery(text: query["q"].map { String($0.prefix(200)) }, tag: query["tag"], country: nil),
            access: frame.access, defaultCountry: frame.brand.country, delimiter: delimiter)
        return ImportAPI.csvResponse(text, fileName: "members-\(frame.brand.slug)-\(MemberPages.day(Clock.nowMillis())).csv")
    }
}
