import Foundation
import Testing
@testable import RelaisApp

@Suite("CSV reading and writing")
struct CSVReaderTests {
    @Test("Quoted fields keep separators, doubled quotes and line breaks; lines are counted in the file")
    func quoting() throws {
        let text = "email,note,city\r\na@example.com,\"Dupont, \"\"Jean\"\"\",Paris\r\nb@example.com,\"two\nlines\",Lyon\r\nc@example.com,,\r\n"
        let table = try CSVReader.read(text)
        #expect(table.delimiter == ",")
        #expect(table.header == ["email", "note", "city"])
        #expect(table.rows.map(\.fields) == [
            ["a@example.com", "Dupont, \"Jean\"", "Paris"],
            ["b@example.com", "two\nlines", "Lyon"],
            ["c@example.com", "", ""],
        ])
        #expect(table.rows.map(\.line) == [2, 3, 5])
    }

    @Test("French Excel files: semicolons, a BOM, LF line ends and blank lines")
    func semicolonsAndBOM() throws {
        let table = try CSVReader.read("\u{FEFF}Courriel;Prénom;Ville\n\nlea@example.com;Léa;Nîmes\n\n")
        #expect(table.delimiter == ";")
        #expect(table.header == ["Courriel", "Prénom", "Ville"])
        #expect(table.rows == [CSVRecord(line: 3, fields: ["lea@example.com", "Léa", "Nîmes"])])
    }

    @Test("Broken quoting is an error that names the line and the column", arguments: [
        ("email,name\na@example.com,\"Jean\n", 2, 2, "never closed"),
        ("email,name\na@example.com,Je\"an\n", 2, 2, "quote inside an unquoted field"),
        ("email,name\na@example.com,\"Jean\"x\n", 2, 2, "after a closing quote"),
        ("email;name\nx;y\na@example.com;\"Jean\" \"Paul\"\n", 3, 2, "after a closing quote"),
    ])
    func brokenQuoting(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try CSVReader.read(text)
        } throws: { error in
            guard let error = error as? CSVError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test("Empty files and files over the limits are refused")
    func limits() {
        #expect(throws: CSVError.self) { try CSVReader.read("") }
        #expect(throws: CSVError.self) { try CSVReader.read("\n\n") }
        #expect(throws: CSVError.self) { try CSVReader.read("a\n1\n2\n3\n", limits: CSVLimits(maxRows: 2, maxColumns: 10)) }
        #expect(throws: CSVError.self) { try CSVReader.read("a,b,c\n", limits: CSVLimits(maxRows: 2, maxColumns: 2)) }
    }

    @Test("Bytes that are not UTF-8 are refused clearly, or read in the declared encoding")
    func encodings() throws {
        let latin1 = Data("email;prénom\né@example.com;Léa\n".unicodeScalars.map { UInt8($0.value) })
        #expect {
            _ = try CSVTextDecoding.decode(latin1, encoding: .utf8)
        } throws: { error in
            (error as? CSVError)?.message.contains("not UTF-8") == true && (error as? CSVError)?.line == 1
        }
        #expect(try CSVTextDecoding.decode(latin1, encoding: .iso88591) == "email;prénom\né@example.com;Léa\n")
        let windows = Data([0x80, 0x20, 0x9C, 0x75, 0x76, 0x72, 0x65, 0x20, 0x92])
        #expect(try CSVTextDecoding.decode(windows, encoding: .windows1252) == "€ œuvre ’")
        #expect(try CSVTextDecoding.decode(Data("\u{FEFF}a,b".utf8), encoding: .utf8) == "\u{FEFF}a,b")
        #expect(throws: CSVError.self) { try CSVTextDecoding.decode(Data([0x50, 0x4B, 0x03, 0x04, 0x00]), encoding: .utf8) }
    }

    @Test("Exported cells that a spreadsheet would run as formulas are neutralised, and restored on import")
    func formulaInjection() {
        #expect(CSVWriter.line(["=cmd|' /C calc'!A0", "+33612345678", "-1", "@SUM(A1)", "\tx", "\rx", "plain"]) ==
                "'=cmd|' /C calc'!A0,'+33612345678,'-1,'@SUM(A1),'\tx,\"'\rx\",plain\r\n")
        #expect(CSVWriter.line(["Dupont, \"Jean\"", "a\nb", "x;y"], delimiter: ";") == "\"Dupont, \"\"Jean\"\"\";\"a\nb\";\"x;y\"\r\n")
        #expect(CSVWriter.restored("'=cmd()") == "=cmd()")
        #expect(CSVWriter.restored("'quoted'") == "'quoted'")
    }

    @Test("Mapping suggestions read French and English headers")
    func suggestions() {
        let purposes = [ConsentPurpose(id: 1, brandID: 1, key: "newsletter", label: "Newsletter", isMarketing: true)]
        let header = ["Courriel", "Prénom", "NOM", "Téléphone", "Code postal", "Ville", "Pays", "Date de naissance", "E-mail",
                      "Newsletter SMS", "attribute:taille", "Commentaire", "Prénom", "consent:unknown:email"]
        #expect(ImportMappingSuggestion.suggest(header: header, purposes: purposes) == [
            .email, .firstName, .lastName, .phone, .postalCode, .city, .country, .birthDate, .email,
            .consent(purpose: "newsletter", channel: .sms), .attribute(key: "taille"), .ignore, .ignore, .ignore,
        ])
        #expect(ImportMappingSuggestion.suggest(header: MemberCSVExport.header, purposes: []).filter { $0 != .ignore }.count == 10)
    }

    @Test("Targets are read from their written form and written back the same")
    func targets() {
        for text in ["email", "identity:external:crm", "attribute:shoe_size", "tag", "tag:VIP salon", "consent:newsletter:sms", "ignore"] {
            guard case .success(let target) = ImportTarget.parse(text) else { Issue.record("\(text) not read"); continue }
            #expect(target.text == text)
        }
        for text in ["consent:newsletter:fax", "identity:email:x", "attribute:Bad Key", "whatever"] {
            guard case .failure = ImportTarget.parse(text) else { Issue.record("\(text) accepted"); continue }
        }
    }

    @Test("Yes/no answers and dates as people write them")
    func values() {
        #expect(["oui", "Yes", "1", "X", "vrai", "granted"].allSatisfy { ImportValues.answer($0) == true })
        #expect(["non", "No", "0", "false", "withdrawn"].allSatisfy { ImportValues.answer($0) == false })
        #expect(ImportValues.answer("peut-être") == nil)
        #expect(ImportValues.day("02/04/1998") == "1998-04-02")
        #expect(ImportValues.day("1998-04-02") == "1998-04-02")
        #expect(ImportValues.day("31/02/1998") == nil)
        #expect(ImportValues.day("1998/04/02") == nil)
    }

    @Test("Multipart form bodies give their fields and files")
    func multipart() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n" +
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"membres;2025.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
            "email\r\na@example.com\r\n\r\n--XyZ--\r\n"
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=XyZ") == "XyZ")
        #expect(MultipartForm.boundary(contentType: "application/json") == nil)
        let form = try MultipartForm.parse(Array(body.utf8), boundary: "XyZ")
        #expect(form["_csrf"] == "tok")
        #expect(form.formData["_csrf"] == "tok")
        let file = try #require(form.file("file"))
        #expect(file.fileName == "membres;2025.csv")
        #expect(String(decoding: file.data, as: UTF8.self) == "email\r\na@example.com\r\n")
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end".utf8), boundary: "XyZ") }
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(Array("nothing".utf8), boundary: "XyZ") }
    }
}
