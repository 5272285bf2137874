"""The member's own space part of the OpenAPI document: the signed link staff send to a member.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, ID, time):
    schemas.update({
        "MemberSpaceLink": {
            "type": "object", "required": ["url", "expiresAt"],
            "properties": {
                "url": {"type": "string", "description": "The member's space (/m/{brand}/space?m=…) with its signed token; "
                                                          "whoever holds it can spend the member's points."},
                "expiresAt": {**time, "description": "When the link stops opening the space (90 days)."},
            },
        },
    })
    paths.update({
        "/api/v1/members/{id}/space-link": {
            "parameters": [ID],
            "get": {"operationId": "getMemberSpaceLink",
                    "summary": "A fresh signed link to the member's own space in the key's brand (points, coupons, rewards, share links).",
                    "responses": {"200": ok(ref("MemberSpaceLink")), **problems(401, 403, 404)}},
        },
    })
