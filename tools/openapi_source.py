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
            "operationId": "listMembers", "summary": "List and search members of the key's brand (or unit), newest first.",
            "parameters": [{"name": "q", "in": "query", "description": "An e-mail, a phone number or the start of a name.",
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

document = {
    "openapi": "3.1.0",
    "info": {
        "title": "Relais API", "version": "1.0.0",
        "description": "Members, consent, privacy and segments of a brand's community. Authenticate with an API key of a brand "
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
