#!/usr/bin/env python3
"""Writes Sources/RelaisApp/Resources/openapi.json, the OpenAPI 3.1 description of /api/v1.

The document is written from this file so that shared pieces (problem responses, paging)
are declared once; run `python3 tools/openapi_source.py` after changing the API. The test
suite and schemathesis check that the server and the document agree.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources/RelaisApp/Resources/openapi.json"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def problems(*codes):
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
             413: "TooLarge", 415: "UnsupportedMediaType", 422: "Invalid", 429: "TooManyRequests"}
    return {str(c): {"$ref": f"#/components/responses/{names[c]}"} for c in codes}


def json_body(schema, description=None):
    body = {"required": True, "content": {"application/json": {"schema": schema}}}
    if description:
        body["description"] = description
    return body


def ok(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ID = {"name": "id", "in": "path", "required": True, "description": "Member id.",
      "schema": {"type": "integer", "format": "int64", "minimum": 1}}
PAGING = [
    {"name": "limit", "in": "query", "description": "Items per page, 1–200 (default 50).",
     "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
    {"name": "cursor", "in": "query", "description": "The `nextCursor` of the previous page.",
     "schema": {"type": "string"}},
]
READ = (401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 413, 415, 422)

nullable_string = {"type": ["string", "null"]}
time = {"type": "string", "format": "date-time"}

schemas = {
    "Problem": {
        "type": "object", "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"}, "code": {"type": "string"},
            "errors": {"type": "array", "items": ref("FieldError")},
        },
    },
    "FieldError": {"type": "object", "required": ["field", "message"],
                   "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
    "IdentityKind": {"type": "string", "enum": ["email", "phone", "external", "social"]},
    "ConsentChannel": {"type": "string", "enum": ["email", "sms", "messenger", "post", "phone"]},
    "ConsentStatus": {"type": "string", "enum": ["granted", "withdrawn", "pending"]},
    "ConsentSource": {"type": "string", "enum": ["form", "import", "api_key", "staff", "preference_centre",
                                                  "double_opt_in", "merge", "erasure"]},
    "IdentityInput": {
        "type": "object", "additionalProperties": False, "required": ["kind", "value"],
        "properties": {"kind": ref("IdentityKind"), "namespace": {"type": "string", "description": "System or network, for external and social ids."},
                       "value": {"type": "string"}},
    },
    "ConsentInput": {
        "type": "object", "additionalProperties": False, "required": ["purpose", "channel", "granted"],
        "properties": {
            "purpose": {"type": "string", "description": "Key of one of the brand's consent purposes."},
            "channel": ref("ConsentChannel"),
            "granted": {"type": "boolean", "description": "true to give consent, false to withdraw it."},
            "wordingVersion": {"type": "integer", "minimum": 1, "description": "Version of the wording shown; latest when absent."},
            "wordingLanguage": {"type": "string", "enum": ["fr", "en"]},
            "parentalConsent": {"type": "boolean", "description": "A parent or guardian consented (minors under the country's digital-consent age)."},
            "confirmedAt": {"type": "string", "format": "date-time", "description": "When the e-mail address was already confirmed elsewhere; skips double opt-in."},
        },
    },
    "MemberInput": {
        "type": "object", "additionalProperties": False,
        "description": "At least one of email, phone or identities recognises the member; given fields overwrite stored ones.",
        "properties": {
            "email": {"type": "string"}, "phone": {"type": "string", "description": "E.164, or national form in the brand's country."},
            "identities": {"type": "array", "maxItems": 20, "items": ref("IdentityInput")},
            "firstName": {"type": "string", "maxLength": 100}, "lastName": {"type": "string", "maxLength": 100},
            "birthDate": {"type": "string", "description": "YYYY-MM-DD"},
            "postalCode": {"type": "string"}, "city": {"type": "string"},
            "country": {"type": "string", "description": "ISO 3166 alpha-2 code."},
            "language": {"type": "string", "description": "Language code such as fr or en."},
            "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "consents": {"type": "array", "items": ref("ConsentInput")},
            "unitId": {"type": "integer", "format": "int64", "description": "Unit to link the member to."},
        },
    },
    "Identity": {"type": "object", "required": ["id", "kind", "value"],
                 "properties": {"id": {"type": "integer"}, "kind": ref("IdentityKind"), "namespace": {"type": "string"}, "value": {"type": "string"}}},
    "ConsentState": {"type": "object", "required": ["purpose", "channel", "status", "since"],
                     "properties": {"purpose": {"type": "string"}, "channel": ref("ConsentChannel"), "status": ref("ConsentStatus"), "since": time}},
    "ConsentRecord": {
        "type": "object", "required": ["id", "purpose", "channel", "status", "source", "sourceLabel", "parentalConsent", "recordedAt"],
        "properties": {
            "id": {"type": "integer"}, "purpose": {"type": "string"}, "channel": ref("ConsentChannel"), "status": ref("ConsentStatus"),
            "source": ref("ConsentSource"), "sourceLabel": {"type": "string"}, "wordingVersion": {"type": "integer"},
            "wordingLanguage": {"type": "string"}, "wordingSha256": {"type": "string"}, "ipAddress": {"type": "string"},
            "confirmationSentAt": time, "confirmedAt": time, "parentalConsent": {"type": "boolean"},
            "mergedFromMemberId": {"type": "integer"}, "recordedAt": time,
        },
    },
    "ConsentOverview": {"type": "object", "required": ["current", "history"],
                        "properties": {"current": {"type": "array", "items": ref("ConsentState")},
                                       "history": {"type": "array", "items": ref("ConsentRecord")}}},
    "Member": {
        "type": "object",
        "required": ["id", "identities", "tags", "attributes", "consents", "createdAt", "updatedAt", "lastContactAt"],
        "properties": {
            "id": {"type": "integer"}, "firstName": {"type": "string"}, "lastName": {"type": "string"},
            "birthDate": {"type": "string"}, "postalCode": {"type": "string"}, "city": {"type": "string"},
            "country": {"type": "string"}, "language": {"type": "string"},
            "identities": {"type": "array", "items": ref("Identity")}, "tags": {"type": "array", "items": {"type": "string"}},
            "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
            "consents": {"type": "array", "items": ref("ConsentState")},
            "createdAt": time, "updatedAt": time, "lastContactAt": time,
        },
    },
    "MemberSummary": {
        "type": "object", "required": ["id", "createdAt"],
        "properties": {"id": {"type": "integer"}, "firstName": {"type": "string"}, "lastName": {"type": "string"},
                       "email": {"type": "string"}, "phone": {"type": "string"}, "city": {"type": "string"},
                       "country": {"type": "string"}, "createdAt": time},
    },
    "MemberPage": {"type": "object", "required": ["items"],
                   "properties": {"items": {"type": "array", "items": ref("MemberSummary")}, "nextCursor": {"type": "string"}}},
    "DuplicatePair": {"type": "object", "required": ["first", "second", "reason"],
                      "properties": {"first": ref("MemberSummary"), "second": ref("MemberSummary"),
                                     "reason": {"type": "string", "enum": ["same_name_and_birth_date", "same_name_and_postal_code"]}}},
    "UpsertResult": {"type": "object", "required": ["created", "member"],
                     "properties": {"created": {"type": "boolean"}, "member": ref("Member")}},
    "TimelineEvent": {"type": "object", "required": ["id", "kind", "summary", "data", "initiatedByMember", "occurredAt"],
                      "properties": {"id": {"type": "integer"}, "kind": {"type": "string"}, "summary": {"type": "string"},
                                     "data": {"type": "object", "additionalProperties": {"type": "string"}},
                                     "initiatedByMember": {"type": "boolean"}, "occurredAt": time}},
    "TimelinePage": {"type": "object", "required": ["items"],
                     "properties": {"items": {"type": "array", "items": ref("TimelineEvent")}, "nextCursor": {"type": "string"}}},
    "MergeInput": {"type": "object", "additionalProperties": False, "required": ["duplicateId"],
                   "properties": {"duplicateId": {"type": "integer", "format": "int64", "description": "The member merged into the one in the path."}}},
    "PreferenceLink": {"type": "object", "required": ["url", "expiresAt"], "properties": {"url": {"type": "string"}, "expiresAt": time}},
    "RetentionRun": {"type": "object", "required": ["anonymised", "retentionDays"],
                     "properties": {"anonymised": {"type": "integer"}, "retentionDays": {"type": "integer"}}},
    "Unit": {"type": "object", "required": ["id", "name", "kind"],
             "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "kind": {"type": "string"}, "city": {"type": "string"}}},
    "Brand": {
        "type": "object",
        "required": ["id", "name", "slug", "defaultLanguage", "timeZone", "country", "minimumMarketingAge", "units", "permissions"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"},
                       "defaultLanguage": {"type": "string"}, "timeZone": {"type": "string"}, "country": {"type": "string"},
                       "minimumMarketingAge": {"type": "integer"}, "units": {"type": "array", "items": ref("Unit")},
                       "unitId": {"type": "integer", "description": "Set when the key is limited to one unit."},
                       "permissions": {"type": "array", "items": {"type": "string"}}},
    },
    "AuditEntry": {"type": "object", "required": ["id", "actorKind", "actor", "action", "targetKind", "details", "at"],
                   "properties": {"id": {"type": "integer"}, "actorKind": {"type": "string"}, "actor": {"type": "string"},
                                  "action": {"type": "string"}, "targetKind": {"type": "string"}, "targetId": {"type": "integer"},
                                  "details": {"type": "object", "additionalProperties": {"type": "string"}}, "at": time}},
    "AuditPage": {"type": "object", "required": ["items"],
                  "properties": {"items": {"type": "array", "items": ref("AuditEntry")}, "nextCursor": {"type": "string"}}},
    "Wording": {"type": "object", "required": ["version", "language", "body", "sha256"],
                "properties": {"version": {"type": "integer"}, "language": {"type": "string"}, "body": {"type": "string"}, "sha256": {"type": "string"}}},
    "Purpose": {"type": "object", "required": ["key", "label", "isMarketing", "wordings"],
                "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "isMarketing": {"type": "boolean"},
                               "wordings": {"type": "array", "items": ref("Wording")}}},
    "PurposeInput": {"type": "object", "additionalProperties": False, "required": ["key", "label"],
                     "properties": {"key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$"}, "label": {"type": "string"},
                                    "isMarketing": {"type": "boolean", "description": "Marketing purposes obey the age rules (default true)."},
                                    "wordings": {"type": "object", "description": "First wording by language (fr, en).",
                                                 "additionalProperties": {"type": "string"}}}},
    "WordingInput": {"type": "object", "additionalProperties": False, "required": ["language", "body"],
                     "properties": {"language": {"type": "string", "enum": ["fr", "en"]}, "body": {"type": "string"}}},
    "AttributeType": {"type": "string", "enum": ["text", "number", "boolean", "date", "choice"]},
    "Attribute": {"type": "object", "required": ["key", "label", "type", "choices"],
                  "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "type": ref("AttributeType"),
                                 "choices": {"type": "array", "items": {"type": "string"}}}},
    "AttributeInput": {"type": "object", "additionalProperties": False, "required": ["key", "label", "type"],
                       "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "type": ref("AttributeType"),
                                      "choices": {"type": "array", "items": {"type": "string"}}}},
    "MemberExport": {
        "type": "object", "description": "Everything held about the member (GDPR access and portability).",
        "required": ["exportedAt", "organisation", "profile", "identities", "brands", "attributes", "tags", "consents", "timeline", "messages"],
        "properties": {
            "exportedAt": time, "organisation": {"type": "string"}, "profile": {"type": "object"},
            "identities": {"type": "array", "items": ref("Identity")}, "brands": {"type": "array", "items": {"type": "object"}},
            "attributes": {"type": "array", "items": {"type": "object"}}, "tags": {"type": "array", "items": {"type": "object"}},
            "consents": {"type": "array", "items": ref("ConsentRecord")}, "timeline": {"type": "array", "items": ref("TimelineEvent")},
            "messages": {"type": "array", "items": {"type": "object"}},
        },
    },
    "ImportProvenance": {
        "type": "object", "additionalProperties": False,
        "description": "Where the consents of the file were collected; required when a consent column is mapped.",
        "properties": {
            "source": {"type": "string", "minLength": 3, "maxLength": 200, "description": "e.g. “Jeu-concours salon Batimat 2025, formulaire papier”; recorded as the consent records' source label."},
            "collectedAt": {"type": "string", "description": "Day (YYYY-MM-DD or DD/MM/YYYY) or ISO 8601 date-time the consents were collected; the records are dated then."},
            "wordingVersion": {"type": "integer", "minimum": 1, "description": "Version of the wording shown (this or wordingLanguage is required)."},
            "wordingLanguage": {"type": "string", "enum": ["fr", "en"]},
            "emailsConfirmed": {"type": "boolean", "description": "The addresses were confirmed elsewhere (double opt-in done); otherwise e-mail consents are pending and a confirmation is sent."},
        },
    },
    "ImportInput": {
        "type": "object", "additionalProperties": False,
        "description": "A CSV file (header line first) as text, or as base64 bytes with their encoding.",
        "properties": {
            "csv": {"type": "string", "description": "The file as text."},
            "csvBase64": {"type": "string", "description": "The file's bytes in base64, decoded with `encoding`."},
            "encoding": {"type": "string", "enum": ["utf-8", "windows-1252", "iso-8859-1"], "description": "Encoding of csvBase64 (utf-8 by default; UTF-16 with a BOM is recognised)."},
            "fileName": {"type": "string", "maxLength": 200},
            "delimiter": {"type": "string", "enum": ["auto", "comma", "semicolon", "tab", ",", ";"], "description": "Detected from the header by default."},
            "mapping": {"type": "array", "maxItems": 200, "items": {"type": "string"},
                        "description": "One target per column: email, phone, firstName, lastName, birthDate, postalCode, city, country, language, "
                                       "identity:<external|social>:<namespace>, attribute:<key>, tag, tag:<name>, consent:<purpose>:<channel>, ignore. "
                                       "Suggested from the headers when absent."},
            "provenance": ref("ImportProvenance"),
            "dryRun": {"type": "boolean", "description": "Check every row as the import would, and write nothing."},
        },
    },
    "ImportIssue": {"type": "object", "required": ["line", "message", "code"],
                    "properties": {"line": {"type": "integer"}, "column": {"type": "string"}, "message": {"type": "string"},
                                   "code": {"type": "string"}}},
    "ImportReport": {
        "type": "object",
        "required": ["dryRun", "fileName", "delimiter", "columns", "totalRows", "created", "updated", "mergedInFile", "suppressed",
                     "errorRows", "issues", "issuesTruncated", "createdAt", "createdBy"],
        "properties": {
            "id": {"type": "integer", "description": "Absent for a dry run."}, "dryRun": {"type": "boolean"},
            "fileName": {"type": "string"}, "delimiter": {"type": "string"},
            "columns": {"type": "array", "items": {"type": "object", "required": ["header", "target"],
                                                   "properties": {"header": {"type": "string"}, "target": {"type": "string"}}}},
            "totalRows": {"type": "integer"}, "created": {"type": "integer"}, "updated": {"type": "integer"},
            "mergedInFile": {"type": "integer"}, "suppressed": {"type": "integer"}, "errorRows": {"type": "integer"},
            "issues": {"type": "array", "items": ref("ImportIssue")}, "issuesTruncated": {"type": "boolean"},
            "provenance": {"type": "object"}, "createdAt": time, "createdBy": {"type": "string"},
        },
    },
    "ImportSummary": {"type": "object", "required": ["id", "fileName", "totalRows", "importedRows", "errorRows", "createdAt"],
                      "properties": {"id": {"type": "integer"}, "fileName": {"type": "string"}, "totalRows": {"type": "integer"},
                                     "importedRows": {"type": "integer"}, "errorRows": {"type": "integer"}, "createdAt": time}},
    "ImportPage": {"type": "object", "required": ["items"],
                   "properties": {"items": {"type": "array", "items": ref("ImportSummary")}, "nextCursor": {"type": "string"}}},
}

SEGMENT_KEY = {"type": "string", "pattern": "^[a-z0-9_]{1,40}$"}
schemas.update({
    "SegmentRule": {
        "description": "One condition on a member; `kind` says which other fields apply.",
        "oneOf": [ref("SegmentFieldRule"), ref("SegmentAttributeRule"), ref("SegmentTagRule"), ref("SegmentConsentRule"),
                  ref("SegmentAgeRule"), ref("SegmentEventRule"), ref("SegmentMemberSinceRule")],
    },
    "SegmentFieldRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "field", "op"],
        "description": "A profile field; notEquals also matches an unknown value; names and cities ignore letter case. "
                       "`value` is required by equals, notEquals and startsWith, and refused by isSet and isNotSet.",
        "properties": {
            "kind": {"const": "field"},
            "field": {"type": "string", "enum": ["firstName", "lastName", "city", "postalCode", "country", "language"]},
            "op": ref("SegmentTextOperator"),
            "value": {"type": "string", "minLength": 1, "maxLength": 200},
        },
    },
    "SegmentAttributeRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "key", "op"],
        "description": "A custom attribute of the brand, compared like a profile field (ignoring letter case).",
        "properties": {
            "kind": {"const": "attribute"}, "key": SEGMENT_KEY, "op": ref("SegmentTextOperator"),
            "value": {"type": "string", "minLength": 1, "maxLength": 500},
        },
    },
    "SegmentTagRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "tag"],
        "description": "The member has (or lacks) a tag of the brand.",
        "properties": {"kind": {"type": "string", "enum": ["hasTag", "lacksTag"]}, "tag": {"type": "string", "minLength": 1, "maxLength": 60}},
    },
    "SegmentConsentRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "purpose", "channel", "status"],
        "description": "The current consent state (latest ledger record) of one of the brand's purposes on a channel; none = never recorded.",
        "properties": {
            "kind": {"const": "consent"}, "purpose": SEGMENT_KEY, "channel": ref("ConsentChannel"),
            "status": {"type": "string", "enum": ["granted", "withdrawn", "pending", "none"]},
        },
    },
    "SegmentAgeRule": {
        "type": "object", "additionalProperties": False, "required": ["kind"],
        "description": "Age in whole years from the birth date (min, max or both; members without a birth date never match).",
        "properties": {"kind": {"const": "age"}, "min": {"type": "integer", "minimum": 0, "maximum": 150},
                       "max": {"type": "integer", "minimum": 0, "maximum": 150}},
    },
    "SegmentEventRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "eventKind"],
        "description": "At least `atLeast` timeline events of the brand or organisation-wide, of this kind (or kind prefix), in the last `days` days (ever when absent).",
        "properties": {
            "kind": {"const": "event"}, "eventKind": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^\\S+$"},
            "prefix": {"type": "boolean"}, "atLeast": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Default 1."},
            "days": {"type": "integer", "minimum": 1, "maximum": 3650},
        },
    },
    "SegmentMemberSinceRule": {
        "type": "object", "additionalProperties": False, "required": ["kind", "op", "days"],
        "description": "When the member joined the brand: within the last `days` days, or before that.",
        "properties": {"kind": {"const": "memberSince"}, "op": {"type": "string", "enum": ["within", "before"]},
                       "days": {"type": "integer", "minimum": 1, "maximum": 3650}},
    },
    "SegmentTextOperator": {"type": "string", "enum": ["equals", "notEquals", "startsWith", "isSet", "isNotSet"]},
    "SegmentInput": {
        "type": "object", "additionalProperties": False, "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "match": {"type": "string", "enum": ["all", "any"], "description": "Every rule must hold (default) or at least one."},
            "rules": {"type": "array", "maxItems": 20, "items": ref("SegmentRule"), "description": "No rules: every member."},
        },
    },
    "SegmentPreviewInput": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "match": {"type": "string", "enum": ["all", "any"]},
            "rules": {"type": "array", "maxItems": 20, "items": ref("SegmentRule")},
        },
    },
    "Segment": {
        "type": "object", "required": ["id", "name", "match", "rules", "createdAt", "updatedAt"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "match": {"type": "string", "enum": ["all", "any"]},
                       "rules": {"type": "array", "items": ref("SegmentRule")}, "createdAt": time, "updatedAt": time},
    },
    "SegmentPage": {"type": "object", "required": ["items"],
                    "properties": {"items": {"type": "array", "items": ref("Segment")}, "nextCursor": {"type": "string"}}},
    "SegmentCount": {"type": "object", "required": ["count", "countedAt"],
                     "properties": {"count": {"type": "integer", "minimum": 0}, "countedAt": time}},
})

problem_content = {"application/problem+json": {"schema": ref("Problem")}}
responses = {name: {"description": text, "content": problem_content} for name, text in [
    ("BadRequest", "The request could not be read (malformed JSON, not an object, bad encoding)."),
    ("Unauthorized", "No API key, or an unknown or revoked one."),
    ("Forbidden", "The key's role does not allow this action."),
    ("NotFound", "Nothing with this identifier is visible to the key."),
    ("Conflict", "The request conflicts with stored data (erased person, identities of several members)."),
    ("TooLarge", "The body is larger than accepted."),
    ("UnsupportedMediaType", "The body is not JSON."),
    ("Invalid", "Invalid input, with field-level messages."),
    ("TooManyRequests", "Too many requests; see Retry-After."),
]}

paths = {
    "/api/v1/members": {
        "get": {
            "operationId": "listMembers", "summary": "List members of the key's brand (or unit), newest first; with `q`, search them in e-mail, phone or name order.",
            "parameters": [{"name": "q", "in": "query", "description": "An e-mail, a phone number or the start of a name (or of \"last first\"). Results come in the order of what matched: e-mail match keys, E.164 numbers or folded names; `nextCursor` continues in that order.",
                            "schema": {"type": "string", "maxLength": 200}},
                           {"name": "tag", "in": "query", "schema": {"type": "string"}},
                           {"name": "country", "in": "query", "schema": {"type": "string", "minLength": 2, "maxLength": 2}}] + PAGING,
            "responses": {"200": ok(ref("MemberPage")), **problems(*READ)},
        },
        "post": {
            "operationId": "upsertMember", "summary": "Create or update the member recognised by the given identities.",
            "requestBody": json_body(ref("MemberInput")),
            "responses": {"200": ok(ref("UpsertResult"), "Updated"), "201": ok(ref("UpsertResult"), "Created"), **problems(*WRITE)},
        },
    },
    "/api/v1/members/duplicates": {
        "get": {"operationId": "listProbableDuplicates",
                "summary": "Probable duplicates among the newest profiles: same name and birth date, or same name and postal code.",
                "responses": {"200": ok({"type": "array", "items": ref("DuplicatePair")}), **problems(401, 403)}},
    },
    "/api/v1/members/{id}": {
        "parameters": [ID],
        "get": {"operationId": "getMember", "summary": "A member's profile, identities, tags, attributes and current consents.",
                "responses": {"200": ok(ref("Member")), **problems(*READ)}},
        "delete": {"operationId": "eraseMember", "summary": "Erase the member's personal data (GDPR right to erasure); needs the DPO role.",
                   "responses": {"204": {"description": "Erased"}, **problems(*READ)}},
    },
    "/api/v1/members/{id}/timeline": {
        "parameters": [ID],
        "get": {"operationId": "getMemberTimeline", "summary": "Everything that happened to the member, newest first.",
                "parameters": PAGING, "responses": {"200": ok(ref("TimelinePage")), **problems(*READ)}},
    },
    "/api/v1/members/{id}/consents": {
        "parameters": [ID],
        "get": {"operationId": "getMemberConsents", "summary": "Current consent states and the full ledger history with proof.",
                "responses": {"200": ok(ref("ConsentOverview")), **problems(*READ)}},
        "post": {"operationId": "changeMemberConsent", "summary": "Give or withdraw a consent; e-mail consents wait for double opt-in.",
                 "requestBody": json_body(ref("ConsentInput")),
                 "responses": {"201": ok({"type": "array", "items": ref("ConsentState")}, "Recorded"), **problems(*WRITE)}},
    },
    "/api/v1/members/{id}/export": {
        "parameters": [ID],
        "get": {"operationId": "exportMember", "summary": "Machine-readable export of everything about the member (GDPR).",
                "responses": {"200": ok(ref("MemberExport")), **problems(*READ)}},
    },
    "/api/v1/members/{id}/merge": {
        "parameters": [ID],
        "post": {"operationId": "mergeMember", "summary": "Merge a duplicate into this member with its whole history; never widens consent.",
                 "requestBody": json_body(ref("MergeInput")),
                 "responses": {"200": ok(ref("Member")), **problems(*WRITE)}},
    },
    "/api/v1/members/{id}/preference-link": {
        "parameters": [ID],
        "post": {"operationId": "createPreferenceLink", "summary": "A signed link to the member's preference centre.",
                 "responses": {"201": ok(ref("PreferenceLink"), "Created"), **problems(*READ)}},
    },
    "/api/v1/retention/run": {
        "post": {"operationId": "runRetention", "summary": "Anonymise members inactive for longer than the retention period now.",
                 "responses": {"200": ok(ref("RetentionRun")), **problems(401, 403)}},
    },
    "/api/v1/brand": {
        "get": {"operationId": "getBrand", "summary": "The key's brand, its units and the key's permissions.",
                "responses": {"200": ok(ref("Brand")), **problems(401)}},
    },
    "/api/v1/audit-log": {
        "get": {"operationId": "listAuditLog", "summary": "The brand's audit log, newest first.", "parameters": PAGING,
                "responses": {"200": ok(ref("AuditPage")), **problems(401, 403, 422)}},
    },
    "/api/v1/consent-purposes": {
        "get": {"operationId": "listConsentPurposes", "summary": "The brand's consent purposes with every wording version.",
                "responses": {"200": ok({"type": "array", "items": ref("Purpose")}), **problems(401, 403)}},
        "post": {"operationId": "createConsentPurpose", "summary": "A new consent purpose, optionally with its first wordings.",
                 "requestBody": json_body(ref("PurposeInput")),
                 "responses": {"201": ok(ref("Purpose"), "Created"), **problems(400, 401, 403, 409, 413, 415, 422)}},
    },
    "/api/v1/consent-purposes/{key}/wordings": {
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
        "post": {"operationId": "publishConsentWording", "summary": "Publish a new version of a purpose's wording in a language.",
                 "requestBody": json_body(ref("WordingInput")),
                 "responses": {"201": ok(ref("Wording"), "Published"), **problems(400, 401, 403, 404, 413, 415, 422)}},
    },
    "/api/v1/attributes": {
        "get": {"operationId": "listAttributes", "summary": "The brand's custom member attributes.",
                "responses": {"200": ok({"type": "array", "items": ref("Attribute")}), **problems(401, 403)}},
        "post": {"operationId": "defineAttribute", "summary": "Define a custom member attribute.",
                 "requestBody": json_body(ref("AttributeInput")),
                 "responses": {"201": ok(ref("Attribute"), "Created"), **problems(400, 401, 403, 409, 413, 415, 422)}},
    },
    "/api/v1/imports/members": {
        "post": {"operationId": "importMembers",
                 "summary": "Import members from a CSV file, or check it with dryRun; each row is created or updated like POST /members, in its own savepoint.",
                 "requestBody": json_body(ref("ImportInput")),
                 "responses": {"200": ok(ref("ImportReport"), "Dry run: what the import would do"),
                               "201": ok(ref("ImportReport"), "Imported; the report is stored"), **problems(*WRITE)}},
    },
    "/api/v1/imports": {
        "get": {"operationId": "listImports", "summary": "The brand's import reports, newest first.", "parameters": PAGING,
                "responses": {"200": ok(ref("ImportPage")), **problems(*READ)}},
    },
    "/api/v1/imports/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "description": "Import id.",
                        "schema": {"type": "integer", "format": "int64", "minimum": 1}}],
        "get": {"operationId": "getImport", "summary": "One import report with its problems per line.",
                "responses": {"200": ok(ref("ImportReport")), **problems(*READ)}},
    },
    "/api/v1/exports/members": {
        "get": {"operationId": "exportMembersCSV",
                "summary": "The brand's members as CSV (UTF-8 with a BOM, formula-like cells prefixed with '); audited.",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                               {"name": "tag", "in": "query", "schema": {"type": "string"}},
                               {"name": "delimiter", "in": "query", "schema": {"type": "string", "enum": ["comma", "semicolon"]}}],
                "responses": {"200": {"description": "The CSV file", "content": {"text/csv": {"schema": {"type": "string"}}}},
                              **problems(*READ)}},
    },
    "/api/v1/openapi.json": {
        "get": {"operationId": "getOpenAPI", "summary": "This document.", "security": [],
                "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}},
    },
}

SEGMENT_ID = {"name": "id", "in": "path", "required": True, "description": "Segment id.",
              "schema": {"type": "integer", "format": "int64", "minimum": 1}}
paths.update({
    "/api/v1/segments": {
        "get": {"operationId": "listSegments", "summary": "The brand's saved segments, newest first.",
                "parameters": PAGING, "responses": {"200": ok(ref("SegmentPage")), **problems(401, 403, 409, 422)}},
        "post": {"operationId": "createSegment", "summary": "Save a segment: rules over profile fields, attributes, tags, consent, age, events and seniority.",
                 "requestBody": json_body(ref("SegmentInput")),
                 "responses": {"201": ok(ref("Segment"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
    },
    "/api/v1/segments/preview": {
        "post": {"operationId": "previewSegment", "summary": "Count the members matching rules without saving them (live count).",
                 "requestBody": json_body(ref("SegmentPreviewInput")),
                 "responses": {"200": ok(ref("SegmentCount")), **problems(400, 401, 403, 413, 415, 422)}},
    },
    "/api/v1/segments/{id}": {
        "parameters": [SEGMENT_ID],
        "get": {"operationId": "getSegment", "summary": "A segment of the key's brand.",
                "responses": {"200": ok(ref("Segment")), **problems(401, 403, 404, 409)}},
        "put": {"operationId": "updateSegment", "summary": "Replace a segment's name and rules.",
                "requestBody": json_body(ref("SegmentInput")),
                "responses": {"200": ok(ref("Segment")), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        "delete": {"operationId": "deleteSegment", "summary": "Delete a segment.",
                   "responses": {"204": {"description": "Deleted"}, **problems(401, 403, 404)}},
    },
    "/api/v1/segments/{id}/count": {
        "parameters": [SEGMENT_ID],
        "get": {"operationId": "countSegment", "summary": "How many members the key can see are in the segment now.",
                "responses": {"200": ok(ref("SegmentCount")), **problems(401, 403, 404, 409)}},
    },
    "/api/v1/segments/{id}/members": {
        "parameters": [SEGMENT_ID],
        "get": {"operationId": "listSegmentMembers", "summary": "The segment's members the key can see, newest first.",
                "parameters": PAGING, "responses": {"200": ok(ref("MemberPage")), **problems(401, 403, 404, 409, 422)}},
    },
})

ACTIVATION_ID = {"name": "id", "in": "path", "required": True, "description": "Activation id.",
                 "schema": {"type": "integer", "format": "int64", "minimum": 1}}
local_time = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
              "description": "Wall-clock time in the brand's time zone, YYYY-MM-DDTHH:MM."}
schemas.update({
    "ActivationKind": {"type": "string", "enum": ["sweepstakes", "instant_win", "quiz", "poll", "idea", "lead_form", "referral"],
                       "description": "Every kind is available in this version."},
    "ActivationStatus": {"type": "string", "enum": ["draft", "scheduled", "live", "closed", "results_published", "archived"]},
    "PrizeInput": {"type": "object", "additionalProperties": False, "required": ["name", "quantity"],
                   "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200},
                                  "quantity": {"type": "integer", "minimum": 1, "maximum": 10000},
                                  "alternates": {"type": "integer", "minimum": 0, "maximum": 100}}},
    "ActivationInput": {
        "type": "object", "additionalProperties": False, "required": ["kind", "slug", "opensAt", "closesAt"],
        "properties": {
            "kind": ref("ActivationKind"), "slug": {"type": "string", "pattern": "^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$"},
            "unitId": {"type": ["integer", "null"], "format": "int64"},
            "titleFr": {"type": "string", "maxLength": 120}, "titleEn": {"type": "string", "maxLength": 120},
            "descriptionFr": {"type": "string", "maxLength": 5000}, "descriptionEn": {"type": "string", "maxLength": 5000},
            "coverImageUrl": {"type": "string", "maxLength": 500}, "opensAt": local_time, "closesAt": local_time,
            "minimumAge": {"type": "integer", "minimum": 0, "maximum": 120},
            "countries": {"type": "array", "items": {"type": "string", "minLength": 2, "maxLength": 2}},
            "membersOnly": {"type": "boolean"}, "entryFrequency": {"type": "string", "enum": ["once", "daily", "hours"]},
            "entryFrequencyHours": {"type": "integer", "minimum": 1, "maximum": 8760},
            "entryCap": {"type": "integer", "minimum": 1},
            "confirmEmail": {"type": "boolean", "description": "An entry counts only once the entrant follows the link e-mailed to them."},
            "prizes": {"type": "array", "maxItems": 50, "items": ref("PrizeInput")},
            "rules": {"type": "string", "maxLength": 100000, "description": "Official rules; a new version is published when the text changes."},
            "pollOptions": {"type": "array", "minItems": 2, "maxItems": 10, "items": {"type": "string", "minLength": 1, "maxLength": 100},
                            "description": "A poll's options (polls only)."},
            "pollResults": {"type": "string", "enum": ["live", "after_close"], "description": "When the public sees a poll's results (default after_close)."},
        },
    },
    "Prize": {"type": "object", "required": ["id", "name", "quantity", "alternates"],
              "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "quantity": {"type": "integer"}, "alternates": {"type": "integer"}}},
    "Rules": {"type": "object", "required": ["version", "sha256", "body"],
              "properties": {"version": {"type": "integer"}, "sha256": {"type": "string"}, "body": {"type": "string"}}},
    "DrawState": {"type": "object", "description": "How far the provable draw has gone (docs/DRAWS.md).",
                  "properties": {"algorithm": {"type": "string"}, "commitment": {"type": "string"}, "poolCount": {"type": "integer"},
                                 "poolHash": {"type": "string"}, "frozenAt": time, "publicRandomness": {"type": "string"},
                                 "drawnAt": time, "seed": {"type": "string", "description": "Revealed only after the draw."}}},
    "Activation": {
        "type": "object",
        "required": ["id", "kind", "slug", "status", "titleFr", "titleEn", "descriptionFr", "descriptionEn", "opensAt", "closesAt", "timeZone",
                     "opensAtInstant", "closesAtInstant", "minimumAge", "countries", "membersOnly", "entryFrequency", "prizes", "publicUrl",
                     "createdAt", "updatedAt"],
        "properties": {
            "id": {"type": "integer"}, "kind": ref("ActivationKind"), "slug": {"type": "string"}, "status": ref("ActivationStatus"),
            "unitId": {"type": "integer"}, "titleFr": {"type": "string"}, "titleEn": {"type": "string"},
            "descriptionFr": {"type": "string"}, "descriptionEn": {"type": "string"}, "coverImageUrl": {"type": "string"},
            "opensAt": {"type": "string"}, "closesAt": {"type": "string"}, "timeZone": {"type": "string"},
            "opensAtInstant": time, "closesAtInstant": time, "minimumAge": {"type": "integer"},
            "countries": {"type": "array", "items": {"type": "string"}}, "membersOnly": {"type": "boolean"},
            "entryFrequency": {"type": "string", "enum": ["once", "daily", "hours"]}, "entryFrequencyHours": {"type": "integer"},
            "entryCap": {"type": "integer"}, "confirmEmail": {"type": "boolean"}, "prizes": {"type": "array", "items": ref("Prize")}, "rules": ref("Rules"),
            "draw": ref("DrawState"), "pollOptions": {"type": "array", "items": {"type": "string"}},
            "pollResults": {"type": "string", "enum": ["live", "after_close"]}, "publicUrl": {"type": "string"}, "createdAt": time, "updatedAt": time,
        },
    },
    "ActivationPage": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": ref("Activation")}, "nextCursor": {"type": "string"}}},
    "TransitionInput": {"type": "object", "additionalProperties": False, "required": ["action"],
                        "properties": {"action": {"type": "string", "enum": ["schedule", "unschedule", "close", "publish_results", "archive"]}}},
    "InvalidationInput": {"type": "object", "additionalProperties": False, "required": ["entryId", "reason"],
                          "properties": {"entryId": {"type": "integer", "format": "int64"},
                                         "reason": {"type": "string", "minLength": 3, "maxLength": 500}}},
    "DrawInput": {"type": "object", "additionalProperties": False,
                  "properties": {"publicRandomness": {"type": "string", "maxLength": 1024,
                                                      "description": "Optional public value (e.g. a drand round) mixed into the draw."}}},
    "Entry": {"type": "object", "required": ["id", "memberId", "token", "status", "flags", "createdAt"],
              "properties": {"id": {"type": "integer"}, "memberId": {"type": "integer"}, "token": {"type": "string"},
                             "status": {"type": "string", "enum": ["valid", "unconfirmed", "invalidated"]}, "flags": {"type": "array", "items": {"type": "string", "enum": ["disposable_email", "ip_velocity"]}},
                             "rulesVersion": {"type": "integer"}, "rulesSha256": {"type": "string"}, "answer": {"type": "string"},
                             "invalidationReason": {"type": "string"}, "createdAt": time}},
    "EntryPage": {"type": "object", "required": ["items"],
                  "properties": {"items": {"type": "array", "items": ref("Entry")}, "nextCursor": {"type": "string"}}},
    "DrawPick": {"type": "object", "required": ["index", "token"], "properties": {"index": {"type": "integer"}, "token": {"type": "string"}}},
    "PublishedDraw": {
        "type": "object", "required": ["algorithm", "kind", "commitment", "seed"],
        "description": "Everything needed to recompute the draw (docs/DRAWS.md §11; `tools/verify_draw.py` reads it).",
        "properties": {
            "algorithm": {"type": "string"}, "kind": {"type": "string"}, "commitment": {"type": "string"}, "seed": {"type": "string"},
            "publicRandomness": {"type": "string"},
            "pool": {"type": "object", "required": ["count", "hash"], "properties": {
                "count": {"type": "integer"}, "hash": {"type": "string"}, "tokens": {"type": "array", "items": {"type": "string"}}}},
            "winnersCount": {"type": "integer"}, "alternatesCount": {"type": "integer"},
            "winners": {"type": "array", "items": ref("DrawPick")}, "alternates": {"type": "array", "items": ref("DrawPick")},
        },
    },
    "Winner": {"type": "object", "required": ["prizeId", "prize", "role", "rank", "index", "token", "memberId"],
               "properties": {"prizeId": {"type": "integer"}, "prize": {"type": "string"}, "role": {"type": "string", "enum": ["winner", "alternate"]},
                              "rank": {"type": "integer"}, "index": {"type": "integer"}, "token": {"type": "string"},
                              "memberId": {"type": "integer"}, "notifiedAt": time, "claimDeadline": time, "claimedAt": time,
                              "expiredAt": time, "promoted": {"type": "boolean", "description": "An alternate who took over an unclaimed prize."}}},
    "DrawOutcome": {"type": "object", "required": ["published", "winners"],
                    "properties": {"published": ref("PublishedDraw"), "winners": {"type": "array", "items": ref("Winner")}}},
    "PublicEntryInput": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "email": {"type": "string", "description": "Required unless memberLink recognises the person."},
            "firstName": {"type": "string", "maxLength": 100}, "lastName": {"type": "string", "maxLength": 100},
            "birthDate": {"type": "string", "format": "date"}, "country": {"type": "string", "minLength": 2, "maxLength": 2},
            "postalCode": {"type": "string", "maxLength": 12}, "language": {"type": "string", "enum": ["fr", "en"]},
            "acceptRulesVersion": {"type": "integer", "description": "Version of the official rules the person accepted."},
            "consents": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["purpose"],
                                                    "properties": {"purpose": {"type": "string"}, "wordingVersion": {"type": "integer", "minimum": 1}}}},
            "website": {"type": "string", "description": "Honeypot: leave empty."},
            "memberLink": {"type": "string", "description": "The signed token of a returning-member link."},
            "answer": {"type": "string", "description": "The option chosen (polls: required, one of pollOptions)."},
        },
    },
    "PollResults": {"type": "object", "required": ["total", "options"],
                    "properties": {"total": {"type": "integer"}, "options": {"type": "array", "items": {
                        "type": "object", "required": ["option", "votes", "percent"],
                        "properties": {"option": {"type": "string"}, "votes": {"type": "integer"}, "percent": {"type": "integer"}}}}}},
    "BrandAppearance": {"type": "object", "required": ["timeZone", "primaryColor"],
                        "properties": {"timeZone": {"type": "string"}, "primaryColor": {"type": "string"}, "logoUrl": {"type": "string"},
                                       "allowedOrigins": {"type": "array", "items": {"type": "string"}}}},
    "BrandAppearanceInput": {"type": "object", "additionalProperties": False, "required": ["timeZone", "primaryColor"],
                             "properties": {"timeZone": {"type": "string", "description": "IANA time zone, e.g. Europe/Paris."},
                                            "primaryColor": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                                            "logoUrl": {"type": "string", "maxLength": 500, "description": "https:// address of the logo."},
                                            "allowedOrigins": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 200},
                                                               "description": "Web origins (https://www.example.com) allowed to embed the activations (widget) and call the public entry endpoint (CORS)."}}},
    "EntryReceipt": {"type": "object", "required": ["token", "createdAt", "replayed"],
                     "properties": {"token": {"type": "string", "description": "Pseudonymous entry number, published in the draw pool."},
                                    "createdAt": time, "replayed": {"type": "boolean"}, "nextEntryAt": time,
                                    "confirmationRequired": {"type": "boolean", "description": "The entry counts once the e-mailed link is followed."}}},
})
paths.update({
    "/api/v1/activations": {
        "get": {"operationId": "listActivations", "summary": "The brand's (or unit's) activations, newest first.",
                "parameters": PAGING, "responses": {"200": ok(ref("ActivationPage")), **problems(401, 403, 404, 422)}},
        "post": {"operationId": "createActivation", "summary": "Create a draft activation (lead form, sweepstakes, poll, idea contest or referral).",
                 "requestBody": json_body(ref("ActivationInput")),
                 "responses": {"201": ok(ref("Activation"), "Created"), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "getActivation", "summary": "An activation with its prizes, rules and draw state.",
                "responses": {"200": ok(ref("Activation")), **problems(401, 403, 404, 409)}},
        "put": {"operationId": "updateActivation", "summary": "Replace an activation's settings; while live only texts and cover image may change, once closed nothing (409 locked).",
                "requestBody": json_body(ref("ActivationInput")),
                "responses": {"200": ok(ref("Activation")), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/transitions": {
        "parameters": [ACTIVATION_ID],
        "post": {"operationId": "transitionActivation", "summary": "Schedule, unschedule, close, publish results or archive; scheduling a sweepstakes publishes its draw commitment.",
                 "requestBody": json_body(ref("TransitionInput")),
                 "responses": {"200": ok(ref("Activation")), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/entries": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "listActivationEntries", "summary": "Entries, newest first, with anti-fraud flags; `flagged=true` gives the review queue.",
                "parameters": PAGING + [{"name": "flagged", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]},
                                         "description": "Only valid entries with anti-fraud flags."}], "responses": {"200": ok(ref("EntryPage")), **problems(401, 403, 404, 422)}},
    },
    "/api/v1/activations/{id}/invalidations": {
        "parameters": [ACTIVATION_ID],
        "post": {"operationId": "invalidateEntry", "summary": "Invalidate an entry with a reason (review of flagged entries); refused once the draw pool is frozen.",
                 "requestBody": json_body(ref("InvalidationInput")),
                 "responses": {"204": {"description": "Invalidated"}, **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/draw": {
        "parameters": [ACTIVATION_ID],
        "post": {"operationId": "drawActivation", "summary": "Draw winners and alternates of a closed sweepstakes, notify winners, reveal the seed.",
                 "requestBody": json_body(ref("DrawInput")),
                 "responses": {"201": ok(ref("DrawOutcome"), "Drawn"), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/winners": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "listActivationWinners", "summary": "Drawn winners and alternates by prize, with their claims; overdue claims expire and pass to the next alternate.",
                "responses": {"200": ok({"type": "array", "items": ref("Winner")}), **problems(401, 403, 404)}},
    },
    "/api/v1/activations/{id}/results": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "getPollResults", "summary": "A poll's votes per option (staff always see them, whatever the public visibility).",
                "responses": {"200": ok(ref("PollResults")), **problems(401, 403, 404)}},
    },
    "/api/v1/brand/appearance": {
        "get": {"operationId": "getBrandAppearance", "summary": "Time zone, primary colour and logo of the brand's public pages.",
                "responses": {"200": ok(ref("BrandAppearance")), **problems(401, 403, 404)}},
        "put": {"operationId": "setBrandAppearance", "summary": "Change the brand's time zone, colour and logo (existing activations keep their time zone).",
                "requestBody": json_body(ref("BrandAppearanceInput")),
                "responses": {"200": ok(ref("BrandAppearance")), **problems(400, 401, 403, 404, 413, 415, 422)}},
    },
    "/api/v1/public/activations/{brand}/{activation}/entries": {
        "parameters": [{"name": "brand", "in": "path", "required": True, "description": "Brand slug.", "schema": {"type": "string"}},
                       {"name": "activation", "in": "path", "required": True, "description": "Activation slug.", "schema": {"type": "string"}}],
        "post": {"operationId": "enterActivation", "security": [],
                 "summary": "Enter an activation (no API key). Send an Idempotency-Key header: a replay answers 200 with the first result. Browsers may call it from the brand's allowed origins (CORS); another Origin gets 403.",
                 "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
                 "requestBody": json_body(ref("PublicEntryInput")),
                 "responses": {"201": ok(ref("EntryReceipt"), "Entered"), "200": ok(ref("EntryReceipt"), "Replay of an earlier request"),
                               **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
})

# Instant wins and quizzes: their settings, answers, receipts, results and published moments.
QUIZ_QUESTION = {"type": "object", "additionalProperties": False, "required": ["text", "choices", "correctChoice"],
                 "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 300},
                                "choices": {"type": "array", "minItems": 2, "maxItems": 6, "items": {"type": "string", "minLength": 1, "maxLength": 200}},
                                "correctChoice": {"type": "integer", "minimum": 1, "maximum": 6, "description": "Number (from 1) of the right choice."}}}
schemas["ActivationInput"]["properties"].update({
    "quizQuestions": {"type": "array", "minItems": 2, "maxItems": 20, "items": QUIZ_QUESTION, "description": "A quiz's questions (quizzes only)."},
    "quizTieBreak": {"type": "boolean", "description": "Ask the tie-break question \"how many entries will there be?\" (quizzes only)."},
})
schemas["Activation"]["properties"].update({
    "quizQuestions": {"type": "array", "items": QUIZ_QUESTION, "description": "With the right answers: staff only, never on public pages before closing."},
    "quizTieBreak": {"type": "boolean"},
})
schemas["Entry"]["properties"].update({"score": {"type": "integer", "description": "Right answers of a quiz entry."},
                                       "tieBreak": {"type": "integer", "description": "Tie-break guess of a quiz entry."}})
schemas["PublicEntryInput"]["properties"].update({
    "quizAnswers": {"type": "array", "maxItems": 20, "description": "A quiz's answers: every question once (quizzes: required).",
                    "items": {"type": "object", "additionalProperties": False, "required": ["question", "choice"],
                              "properties": {"question": {"type": "integer", "description": "Question number, from 1."},
                                             "choice": {"type": "integer", "description": "Choice number, from 1."}}}},
    "tieBreak": {"type": "integer", "minimum": 0, "maximum": 1000000000,
                 "description": "Guess of how many valid entries there will be at closing (quizzes with a tie-break question: required)."},
})
schemas["EntryReceipt"]["properties"].update({
    "won": {"type": "boolean", "description": "Instant wins: whether this entry took a winning moment."},
    "prize": {"type": "string", "description": "Instant wins: the prize won."},
})
schemas["PublishedDraw"]["properties"].update({
    "activationId": {"type": "string"}, "opensAt": {"type": "integer"}, "closesAt": {"type": "integer"},
    "momentsCount": {"type": "integer"}, "moments": {"type": "array", "items": {"type": "integer"}},
    "prizes": {"type": "array", "items": {"type": "object", "required": ["name", "quantity"],
                                          "properties": {"name": {"type": "string"}, "quantity": {"type": "integer"}}}},
    "claims": {"type": "array", "items": {"type": "object", "required": ["moment", "prize"],
                                          "properties": {"moment": {"type": "integer"}, "prize": {"type": "integer"},
                                                         "token": {"type": "string"}, "at": {"type": "integer"}}}},
})
schemas["PublishedDraw"]["properties"]["pool"]["properties"]["entries"] = {
    "type": "array", "items": {"type": "object", "required": ["token", "score", "distance"],
                               "properties": {"token": {"type": "string"}, "score": {"type": "integer"}, "distance": {"type": "integer"}}}}
schemas.update({
    "QuizResults": {"type": "object", "required": ["total", "questions", "scores"],
                    "properties": {"total": {"type": "integer"}, "questions": {"type": "integer"}, "scores": {"type": "array", "items": {
                        "type": "object", "required": ["score", "entries"], "properties": {"score": {"type": "integer"}, "entries": {"type": "integer"}}}}}},
    "InstantWinResults": {"type": "object", "required": ["momentsCount", "won", "moments"],
                          "description": "Moments already past while the instant win runs, all of them once closed; a moment not won is a prize not won.",
                          "properties": {"momentsCount": {"type": "integer"}, "won": {"type": "integer"}, "moments": {"type": "array", "items": {
                              "type": "object", "required": ["moment", "prizeId", "prize", "won"],
                              "properties": {"moment": time, "prizeId": {"type": "integer"}, "prize": {"type": "string"}, "won": {"type": "boolean"},
                                             "wonAt": time, "token": {"type": "string"}}}}}},
})
paths["/api/v1/activations/{id}/results"]["get"].update({
    "summary": "A poll's votes per option (staff always see them, whatever the public visibility), a quiz's scores, or an instant win's moments.",
    "responses": {"200": ok({"anyOf": [ref("PollResults"), ref("QuizResults"), ref("InstantWinResults")]}), **problems(401, 403, 404)},
})

# Idea contests (moderation, votes, winners), referral and e-mailed codes for returning members.
BRAND_ACTIVATION = [{"name": "brand", "in": "path", "required": True, "description": "Brand slug.", "schema": {"type": "string"}},
                    {"name": "activation", "in": "path", "required": True, "description": "Activation slug.", "schema": {"type": "string"}}]
IDEA_ID = {"name": "ideaId", "in": "path", "required": True, "description": "Idea id.", "schema": {"type": "integer", "format": "int64", "minimum": 1}}
schemas["ActivationInput"]["properties"].update({
    "ideaWinners": {"type": "string", "enum": ["votes", "jury"], "description": "Idea contests: winners are the most voted approved ideas, or the jury's picks (default votes)."},
    "ideaWinnerCount": {"type": "integer", "minimum": 1, "maximum": 50, "description": "Idea contests: how many winners by votes (default 3)."},
    "votingOpensAt": {**local_time, "description": "Idea contests: when votes open, between opening and closing (default the opening)."},
})
schemas["Activation"]["properties"].update({
    "ideaWinners": {"type": "string", "enum": ["votes", "jury"]}, "ideaWinnerCount": {"type": "integer"}, "votingOpensAt": {"type": "string"},
})
schemas["MemberExport"]["properties"]["ideas"] = {"type": "array", "items": {"type": "object"}, "description": "Ideas submitted to idea contests."}
schemas["MemberExport"]["properties"]["points"] = {"type": "array", "items": {"type": "object"}, "description": "The points ledger, brand by brand."}
schemas["MemberExport"]["properties"]["coupons"] = {"type": "array", "items": {"type": "object"}, "description": "Coupons given to the member."}
schemas["PublicEntryInput"]["properties"]["referralLink"] = {
    "type": "string", "description": "Referral: the invitation token (`r` of the member's invitation link) of the member who invited this person."}
schemas.update({
    "Idea": {"type": "object", "required": ["id", "entryId", "memberId", "author", "title", "text", "status", "votes", "createdAt"],
             "properties": {"id": {"type": "integer"}, "entryId": {"type": "integer"}, "memberId": {"type": "integer"}, "author": {"type": "string"},
                            "title": {"type": "string"}, "text": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "approved", "rejected", "erased"]},
                            "rejectionReason": {"type": "string"}, "moderatedAt": time, "juryRank": {"type": "integer"}, "votes": {"type": "integer"},
                            "imageUrl": {"type": "string", "description": "Public address of the image, served once the idea is approved."}, "createdAt": time}},
    "IdeaPage": {"type": "object", "required": ["items"],
                 "properties": {"items": {"type": "array", "items": ref("Idea")}, "nextCursor": {"type": "string"}}},
    "ModerationInput": {"type": "object", "additionalProperties": False, "required": ["decision"],
                        "properties": {"decision": {"type": "string", "enum": ["approve", "reject"]},
                                       "reason": {"type": "string", "minLength": 3, "maxLength": 500, "description": "Required to reject; kept with the idea."}}},
    "JuryPickInput": {"type": "object", "additionalProperties": False, "required": ["picked"], "properties": {"picked": {"type": "boolean"}}},
    "IdeaResults": {"type": "object", "required": ["ideaWinners", "ideaWinnerCount", "ranking", "winners"],
                    "properties": {"ideaWinners": {"type": "string", "enum": ["votes", "jury"]}, "ideaWinnerCount": {"type": "integer"},
                                   "ranking": {"type": "array", "items": ref("Idea")}, "winners": {"type": "array", "items": ref("Idea")}}},
    "ReferralResults": {
        "type": "object", "required": ["validTotal", "referrers", "referrals"],
        "properties": {
            "validTotal": {"type": "integer"},
            "referrers": {"type": "array", "items": {"type": "object", "required": ["memberId", "name", "valid", "rejected"], "properties": {
                "memberId": {"type": "integer"}, "name": {"type": "string"}, "valid": {"type": "integer"}, "rejected": {"type": "integer"},
                "invitedBy": {"type": "integer", "description": "The member who invited this referrer (the tree's parent)."}}}},
            "referrals": {"type": "array", "items": {"type": "object", "required": ["id", "referrerMemberId", "refereeMemberId", "status", "createdAt"], "properties": {
                "id": {"type": "integer"}, "referrerMemberId": {"type": "integer"}, "refereeMemberId": {"type": "integer"},
                "status": {"type": "string", "enum": ["valid", "rejected"]}, "reason": {"type": "string", "enum": ["already_member", "self_referral"]},
                "createdAt": time}}},
        },
    },
    "IdeaSubmission": {
        "type": "object", "required": ["ideaTitle", "ideaText"],
        "properties": {
            "email": {"type": "string", "description": "Required unless memberLink recognises the person."},
            "firstName": {"type": "string", "maxLength": 100}, "lastName": {"type": "string", "maxLength": 100},
            "birthDate": {"type": "string", "format": "date"}, "country": {"type": "string", "minLength": 2, "maxLength": 2},
            "postalCode": {"type": "string", "maxLength": 12}, "language": {"type": "string", "enum": ["fr", "en"]},
            "acceptRulesVersion": {"type": "integer"}, "consent": {"type": "array", "items": {"type": "string"}, "description": "purpose:wordingVersion, repeated."},
            "website": {"type": "string", "description": "Honeypot: leave empty."}, "memberLink": {"type": "string"},
            "ideaTitle": {"type": "string", "minLength": 3, "maxLength": 120}, "ideaText": {"type": "string", "minLength": 10, "maxLength": 5000},
            "image": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP (checked by its bytes), at most 5 MB."},
        },
    },
    "PublicIdea": {"type": "object", "required": ["id", "author", "title", "text", "votes"],
                   "properties": {"id": {"type": "integer"}, "author": {"type": "string", "description": "First name and initial."}, "title": {"type": "string"},
                                  "text": {"type": "string"}, "votes": {"type": "integer"}, "imageUrl": {"type": "string"}}},
    "VoteInput": {"type": "object", "additionalProperties": False, "required": ["ideaId"],
                  "properties": {"ideaId": {"type": "integer", "format": "int64"},
                                 "memberLink": {"type": "string", "description": "Token of a returning-member link or of a checked e-mailed code."}}},
    "VoteReceipt": {"type": "object", "required": ["ideaId", "counted", "votes"],
                    "properties": {"ideaId": {"type": "integer"}, "counted": {"type": "boolean", "description": "False when the member had already voted (recorded once)."},
                                   "votes": {"type": "integer"}}},
    "CodeRequestInput": {"type": "object", "additionalProperties": False, "required": ["email"],
                         "properties": {"email": {"type": "string"}, "language": {"type": "string", "enum": ["fr", "en"]}}},
    "CodeCheckInput": {"type": "object", "additionalProperties": False, "required": ["email", "code"],
                       "properties": {"email": {"type": "string"}, "code": {"type": "string", "description": "The 6 digits received."}}},
    "CodeRequested": {"type": "object", "required": ["message", "expiresInSeconds"],
                      "properties": {"message": {"type": "string"}, "expiresInSeconds": {"type": "integer"}}},
    "MemberLink": {"type": "object", "required": ["memberLink"], "properties": {"memberLink": {"type": "string"}}},
})
image_content = {t: {"schema": {"type": "string", "format": "binary"}} for t in ("image/jpeg", "image/png", "image/webp")}
paths.update({
    "/api/v1/activations/{id}/ideas": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "listIdeas", "summary": "Ideas of an idea contest, newest first; `status=pending` is the moderation queue.",
                "parameters": PAGING + [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["pending", "approved", "rejected"]}}],
                "responses": {"200": ok(ref("IdeaPage")), **problems(401, 403, 404, 422)}},
    },
    "/api/v1/activations/{id}/ideas/{ideaId}/image": {
        "parameters": [ACTIVATION_ID, IDEA_ID],
        "get": {"operationId": "getIdeaImage", "summary": "An idea's image, whatever its moderation status.",
                "responses": {"200": {"description": "The image", "content": image_content}, **problems(401, 403, 404)}},
    },
    "/api/v1/activations/{id}/ideas/{ideaId}/moderation": {
        "parameters": [ACTIVATION_ID, IDEA_ID],
        "post": {"operationId": "moderateIdea", "summary": "Approve an idea (shown publicly, open to votes) or reject it with a reason; logged in the audit log.",
                 "requestBody": json_body(ref("ModerationInput")),
                 "responses": {"200": ok(ref("Idea")), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/ideas/{ideaId}/jury": {
        "parameters": [ACTIVATION_ID, IDEA_ID],
        "post": {"operationId": "pickIdea", "summary": "Add an approved idea to the jury's winners (contests with ideaWinners jury), or take it out.",
                 "requestBody": json_body(ref("JuryPickInput")),
                 "responses": {"204": {"description": "Done"}, **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/activations/{id}/ranking": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "getIdeaRanking", "summary": "Approved ideas ranked by votes, and the winners (top N by votes, or the jury's picks).",
                "responses": {"200": ok(ref("IdeaResults")), **problems(401, 403, 404)}},
    },
    "/api/v1/activations/{id}/referrals": {
        "parameters": [ACTIVATION_ID],
        "get": {"operationId": "getReferrals", "summary": "Friends who joined through members' invitations (valid or rejected with a reason), and counts per referrer.",
                "responses": {"200": ok(ref("ReferralResults")), **problems(401, 403, 404)}},
    },
    "/api/v1/public/activations/{brand}/{activation}/ideas": {
        "parameters": BRAND_ACTIVATION,
        "get": {"operationId": "listPublicIdeas", "security": [], "summary": "Approved ideas with their votes (authors by first name and initial).",
                "responses": {"200": ok({"type": "array", "items": ref("PublicIdea")}), **problems(403, 404)}},
        "post": {"operationId": "submitIdea", "security": [],
                 "summary": "Submit an idea with an optional image (no API key): an entry that goes through every entry rule, shown once approved. Send an Idempotency-Key header: a replay answers 200.",
                 "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
                 "requestBody": {"required": True, "content": {"multipart/form-data": {
                     "schema": ref("IdeaSubmission"),
                     "encoding": {"image": {"contentType": "image/jpeg, image/png, image/webp"}}}}},
                 "responses": {"201": ok(ref("EntryReceipt"), "Submitted"), "200": ok(ref("EntryReceipt"), "Replay of an earlier request"),
                               **problems(400, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/public/activations/{brand}/{activation}/votes": {
        "parameters": BRAND_ACTIVATION,
        "post": {"operationId": "voteForIdea", "security": [],
                 "summary": "A recognised member's vote for an approved idea (not their own, during the voting period); a repeated vote answers 200 and counts once.",
                 "requestBody": json_body(ref("VoteInput")),
                 "responses": {"201": ok(ref("VoteReceipt"), "Counted"), "200": ok(ref("VoteReceipt"), "Already counted"),
                               **problems(400, 403, 404, 409, 413, 415, 422)}},
    },
    "/api/v1/public/activations/{brand}/{activation}/codes": {
        "parameters": BRAND_ACTIVATION,
        "post": {"operationId": "requestMemberCode", "security": [],
                 "summary": "E-mail a one-time code (6 digits, 15 minutes, 5 tries) to a member of the brand. The answer is the same whether the address is known or not; 3 requests per address and 10 per IP address in the window.",
                 "requestBody": json_body(ref("CodeRequestInput")),
                 "responses": {"202": ok(ref("CodeRequested"), "Accepted"), **problems(400, 403, 404, 413, 415, 422, 429)}},
    },
    "/api/v1/public/activations/{brand}/{activation}/codes/check": {
        "parameters": BRAND_ACTIVATION,
        "post": {"operationId": "checkMemberCode", "security": [],
                 "summary": "Check an e-mailed code; the answer's memberLink recognises the member (send it as memberLink, or `m` on the hosted page).",
                 "requestBody": json_body(ref("CodeCheckInput")),
                 "responses": {"200": ok(ref("MemberLink")), **problems(400, 403, 404, 413, 415, 422)}},
    },
})

import openapi_loyalty  # noqa: E402

openapi_loyalty.add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time)
import openapi_tracking  # noqa: E402

openapi_tracking.add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time)

import openapi_ambassadors  # noqa: E402

openapi_ambassadors.add(paths, schemas, ref, ok, problems, json_body, PAGING, time)

import openapi_store  # noqa: E402

openapi_store.add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time)
import openapi_space  # noqa: E402

openapi_space.add(paths, schemas, ref, ok, problems, ID, time)
import openapi_roi  # noqa: E402

openapi_roi.add(paths, schemas, ref, ok, problems, json_body, time)

import openapi_listening  # noqa: E402

openapi_listening.add(paths, schemas, ref, ok, problems, json_body, PAGING, time)
import openapi_listening_alerts  # noqa: E402

openapi_listening_alerts.add(paths, schemas, ref, ok, problems, json_body, PAGING, time)

document = {
    "openapi": "3.1.0",
    "info": {
        "title": "Relais API", "version": "1.0.0",
        "description": "Members, consent, privacy, segments, activations and loyalty of a brand's community. Authenticate with an API key of a brand "
                       "or unit: `Authorization: Bearer rk_…`. Errors are `application/problem+json`.",
    },
    "servers": [{"url": "/"}],
    "security": [{"apiKey": []}],
    "paths": paths,
    "components": {
        "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "A Relais API key (rk_…)."}},
        "schemas": schemas,
        "responses": responses,
    },
}

if __name__ == "__main__":
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
