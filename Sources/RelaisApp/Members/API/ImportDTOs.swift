import Foundation

/// Body of `POST /api/v1/imports/members`: a CSV file as text (or as base64 bytes with their
/// encoding), its column mapping, the provenance of its consents, and whether to only rehearse.
struct ImportInput: APIInput {
    static let fieldNames: Set<String> = ["csv", "csvBase64", "encoding", "fileName", "delimiter", "mapping", "provenance", "dryRun"]
    var csv: String?
    var csvBase64: String?
    var encoding: CSVEncoding?
    var fileName: String?
    var delimiter: String?
    var mapping: [String]?
    var provenance: ProvenanceInput?
    var dryRun: Bool?

    /// The import request, or 422 naming the fields at fault.
    func request() throws -> ImportRequest {
        var errors: [FieldError] = []
        let text: String?
        switch (csv, csvBase64) {
        case (let plain?, nil):
            if encoding != nil && encoding != .utf8 {
                errors.append(FieldError("encoding", "applies to csvBase64 only: csv is JSON text, already Unicode"))
            }
            text = plain
        case (nil, let encoded?):
            if let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) {
                do throws(CSVError) {
                    text = try CSVTextDecoding.decode(data, encoding: encoding ?? .utf8)
                } catch {
                    throw AppError(status: .unprocessableContent, code: "invalid_encoding", title: "Unreadable file encoding",
                                   detail: "The file cannot be read: \(error.description).", fieldErrors: [FieldError("csvBase64", error.description)])
                }
            } else {
                errors.append(FieldError("csvBase64", "is not base64")); text = nil
            }
        case (nil, nil):
            errors.append(FieldError("csv", "give the file as csv (text) or csvBase64 (its bytes)")); text = nil
        default:
            errors.append(FieldError("csvBase64", "give csv or csvBase64, not both")); text = nil
        }
        var separator: Character? = nil
        switch delimiter {
        case nil, ""?, "auto"?: break
        case ","?, "comma"?: separator = ","
        case ";"?, "semicolon"?: separator = ";"
        case "\t"?, "tab"?: separator = "\t"
        default: errors.append(FieldError("delimiter", "must be auto, comma, semicolon or tab"))
        }
        let name = (fileName ?? "import.csv").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 || name.contains(where: \.isNewline) {
            errors.append(FieldError("fileName", "must be 1 to 200 characters on one line"))
        }
        if let mapping, mapping.count > CSVLimits().maxColumns { errors.append(FieldError("mapping", "must have at most \(CSVLimits().maxColumns) entries")) }
        guard errors.isEmpty, let text else { throw AppError.validation(errors) }
        return ImportRequest(text: text, fileName: name, delimiter: separator, mapping: mapping, provenance: provenance)
    }
}
