//! The OpenAPI 3.1 description of `/api/v1`, kept under a snapshot test so a
//! change to the public contract is always a visible, reviewed change.

use axum::Json;
use serde_json::{json, Value};

pub async fn serve() -> Json<Value> {
    Json(document())
}

fn err_ref() -> Value {
    json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok(schema: &str, desc: &str) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

fn body(schema: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}})
}

fn errors(codes: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        m.insert((*c).to_string(), err_ref());
    }
    Value::Object(m)
}

fn responses(ok_code: &str, ok_val: Value, errs: &[&str]) -> Value {
    let mut r = errors(errs);
    if let Value::Object(m) = &mut r {
        m.insert(ok_code.to_string(), ok_val);
    }
    r
}

fn two_ids(second: &str) -> Value {
    json!([id_param(), {"name": second, "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}])
}

/// Consents, the plan, and the provider's participants and inbox.
fn plan_paths() -> Value {
    json!({
        "/api/v1/courses/{id}/consents": {
            "get": {"summary": "The course's consents per receiving unit, revoked ones included (audited)", "parameters": [id_param()],
                    "responses": responses("200", ok("Consents", "Consents"), &["401", "404"])},
            "post": {"summary": "Record the citizen's consent for a receiving unit", "parameters": [id_param()],
                     "requestBody": body("NewConsent"),
                     "responses": responses("201", ok("Consent", "Recorded"), &["401", "404", "415", "422"])}
        },
        "/api/v1/courses/{id}/consents/{cid}/revoke": {"post": {
            "summary": "Revoke a consent; the unit's staff lose access at once", "parameters": two_ids("cid"),
            "responses": responses("204", json!({"description": "Revoked"}), &["401", "404"])
        }},
        "/api/v1/courses/{id}/plan": {"get": {
            "summary": "The intervention plan with its version, and the catalogue's offers with free places and expected waiting time (audited)",
            "parameters": [id_param(), {"name": "track", "in": "query", "schema": {"type": "string"}}, {"name": "target_group", "in": "query", "schema": {"type": "string"}}],
            "responses": responses("200", ok("Plan", "The plan"), &["401", "404"])
        }},
        "/api/v1/courses/{id}/plan.pdf": {"get": {
            "summary": "The plan as a tagged PDF for the citizen, in Danish: goals, interventions, contacts and next dates (audited as an export)",
            "parameters": [id_param()],
            "responses": responses("200", json!({"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}), &["401", "404"])
        }},
        "/api/v1/courses/{id}/plan/placements": {"post": {
            "summary": "Add an intervention to the plan: a place if one is free, else the waiting list. Another unit's intervention needs consent. A stale version gives 409",
            "parameters": [id_param()], "requestBody": body("PlacementChange"),
            "responses": responses("201", ok("Placement", "Placed"), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/courses/{id}/plan/placements/{pid}": {"put": {
            "summary": "Change an open placement's goal and dates; a stale version gives 409",
            "parameters": two_ids("pid"), "requestBody": body("PlacementChange"),
            "responses": responses("200", ok("PlanVersion", "Saved"), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/courses/{id}/plan/placements/{pid}/end": {"post": {
            "summary": "End an open placement; its place goes to the first on the waiting list",
            "parameters": two_ids("pid"), "requestBody": body("EndPlacement"),
            "responses": responses("200", ok("PlanVersion", "Ended"), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/courses/{id}/conference": {
            "get": {"summary": "Conversations, agenda (from notes and focus areas), the conference record and its addenda; the course team and its caseworker only (audited)",
                    "parameters": [id_param()], "responses": responses("200", ok("ConferenceView", "The conference"), &["401", "404"])},
            "put": {"summary": "Schedule the conference (version null) or save its record; a signed record answers 409 (code refused) and takes addenda instead",
                    "parameters": [id_param()], "requestBody": body("ConferenceRecord"),
                    "responses": responses("200", ok("Conference", "Saved"), &["401", "404", "409", "415", "422"])}
        },
        "/api/v1/courses/{id}/conference/sign": {"post": {
            "summary": "Sign the record; it is locked from then on", "parameters": [id_param()],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["version"], "properties": {"version": {"type": "integer"}}}}}},
            "responses": responses("200", ok("Conference", "Signed"), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/courses/{id}/conference/addenda": {"post": {
            "summary": "Add a correction to a signed record", "parameters": [id_param()],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}}}},
            "responses": responses("201", json!({"description": "Added"}), &["401", "404", "415", "422"])
        }},
        "/api/v1/courses/{id}/conversations": {"post": {
            "summary": "Book the citizen's conversation with a team member in a time slot (Copenhagen time); a professional has one conversation at a time",
            "parameters": [id_param()], "requestBody": body("NewConversation"),
            "responses": responses("201", json!({"description": "Booked"}), &["401", "404", "415", "422"])
        }},
        "/api/v1/courses/{id}/conversations/{bid}/cancel": {"post": {
            "summary": "Cancel a booked conversation", "parameters": two_ids("bid"),
            "responses": responses("204", json!({"description": "Cancelled"}), &["401", "404"])
        }},
        "/api/v1/courses/{id}/progression": {"get": {
            "summary": "Every intervention's goals with the citizen's and the provider's series (corrections applied), next due date, flags and decisions, and the caseworker's employment-goal ratings (audited)",
            "parameters": [id_param()], "responses": responses("200", json!({"description": "Progression"}), &["401", "404"])
        }},
        "/api/v1/courses/{id}/employment-ratings": {"post": {
            "summary": "The caseworker rates progress toward the employment goal, 0–10 (a whole number; not in the future, not before the course started)",
            "parameters": [id_param()], "requestBody": body("EmploymentRating"),
            "responses": responses("201", json!({"description": "Saved"}), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/courses/{id}/control": {"get": {
            "summary": "The course's deadlines (statutory follow-ups under the rule set of each date, measurements due, interventions ending, the framework's end) and its exit",
            "parameters": [id_param()], "responses": responses("200", json!({"description": "Deadlines"}), &["401", "404"])
        }},
        "/api/v1/courses/{id}/close": {"post": {
            "summary": "Close the course with its outcome; open interventions end and their providers are told. Closing twice answers 409",
            "parameters": [id_param()], "requestBody": body("CloseCourse"),
            "responses": responses("200", json!({"description": "Closed"}), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/placements/{pid}/goals": {"post": {
            "summary": "A progression goal agreed by provider and citizen, with both baselines",
            "parameters": [{"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "requestBody": body("NewGoal"), "responses": responses("201", json!({"description": "Added"}), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/placements/{pid}/measurements": {"post": {
            "summary": "A rating: the provider as provider, or the citizen's own (keyed in at a meeting). Never edited; a correction names the measurement it corrects",
            "parameters": [{"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "requestBody": body("NewMeasurement"), "responses": responses("201", json!({"description": "Saved"}), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/placements/{pid}/decisions": {"post": {
            "summary": "The caseworker's decision on a goal: continue, adjust (the goal ends) or stop (the intervention ends); written to the journal, the provider is told",
            "parameters": [{"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "requestBody": body("Decision"), "responses": responses("201", json!({"description": "Recorded"}), &["401", "404", "409", "415", "422"])
        }},
        "/api/v1/placements/{pid}/rating-links": {"post": {
            "summary": "A one-time link (14 days) for the citizen's own rating; shown once",
            "parameters": [{"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "responses": responses("201", json!({"description": "The link path"}), &["401", "404", "409"])
        }},
        "/api/v1/deadlines": {"get": {
            "summary": "Overdue and coming deadlines (14 days): a caseworker's own courses (scope=team for the team's), or a provider unit's measurements due",
            "parameters": [{"name": "scope", "in": "query", "schema": {"type": "string", "enum": ["", "team"]}}],
            "responses": responses("200", json!({"description": "Deadlines"}), &["401", "404"])
        }},
        "/api/v1/participants": {"get": {
            "summary": "Providers: the participants of the caller's unit that consent allows (audited)",
            "responses": responses("200", ok("Participants", "Participants"), &["401", "404"])
        }},
        "/api/v1/participants/{pid}": {"get": {
            "summary": "Providers: one participant; 404 for another unit's or once consent is revoked (audited)",
            "parameters": [{"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "responses": responses("200", ok("Participant", "The participant"), &["401", "404"])
        }},
        "/api/v1/inbox": {"get": {
            "summary": "Providers: the unit's inbox, newest first (audited)",
            "responses": responses("200", ok("Inbox", "Messages"), &["401", "404"])
        }},
        "/api/v1/inbox/{nid}/read": {"post": {
            "summary": "Providers: mark a message read",
            "parameters": [{"name": "nid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
            "responses": responses("204", json!({"description": "Marked"}), &["401", "404"])
        }}
    })
}

fn plan_schemas() -> Value {
    let str_ = json!({"type": "string"});
    let date = json!({"type": "string", "format": "date"});
    json!({
        "EmploymentRating": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "integer", "minimum": 0, "maximum": 10}, "comment": str_, "date": date}},
        "CloseCourse": {"type": "object", "required": ["version", "outcome", "date"], "properties": {
            "version": {"type": "integer"}, "date": date, "hours_per_week": {"type": ["integer", "null"], "minimum": 1, "maximum": 80},
            "outcome": {"type": "string", "enum": ["ordinary_job", "wage_subsidy_job", "flexjob", "education", "ressourceforloeb", "foertidspension", "other_benefit", "moved", "died", "still_on_benefit"]}}},
        "NewGoal": {"type": "object", "required": ["style", "question", "interval_days", "baseline_citizen", "baseline_provider"], "properties": {
            "style": {"type": "string", "enum": ["psfs", "copm_performance", "copm_satisfaction", "gas", "own"]}, "question": str_,
            "gas_levels": {"type": "array", "items": str_, "description": "GAS: five levels, −2 to +2"}, "weight": {"type": "integer", "minimum": 1, "maximum": 3},
            "interval_days": {"type": "integer", "minimum": 7, "maximum": 182},
            "baseline_citizen": {"type": "integer"}, "baseline_provider": {"type": "integer"}}},
        "NewMeasurement": {"type": "object", "required": ["goal_id", "rater", "value"], "properties": {
            "goal_id": {"type": "string", "format": "uuid"}, "rater": {"type": "string", "enum": ["citizen", "provider"]},
            "value": {"type": "integer", "description": "0–10, or −2…+2 for GAS"}, "comment": str_, "date": date,
            "corrects": {"type": ["string", "null"], "format": "uuid"}}},
        "Decision": {"type": "object", "required": ["decision"], "properties": {
            "goal_id": {"type": ["string", "null"], "format": "uuid"}, "decision": {"type": "string", "enum": ["continue", "adjust", "stop"]},
            "reason": {"type": "string", "description": "Required for adjust and stop"}}},
        "NewConversation": {"type": "object", "required": ["professional_id", "date", "time", "minutes"], "properties": {
            "professional_id": {"type": "string", "format": "uuid"}, "date": date, "time": {"type": "string", "description": "hh:mm, Copenhagen time"},
            "minutes": {"type": "integer", "minimum": 15, "maximum": 240}, "location": str_}},
        "ConferenceRecord": {"type": "object", "required": ["date", "time"], "properties": {
            "version": {"type": ["integer", "null"]}, "date": date, "time": str_, "location": str_,
            "participants": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            "citizen_attends": {"type": "boolean"}, "invited": {"type": "array", "items": str_},
            "employment_goal": str_,
            "agreed": {"type": "array", "items": {"type": "object", "required": ["intervention", "goal"], "properties": {"intervention": str_, "goal": str_}}},
            "citizen_statement": str_, "citizen_agrees": {"type": "boolean"}, "further_assessment": str_}},
        "Conference": {"allOf": [{"$ref": "#/components/schemas/ConferenceRecord"}, {"type": "object", "properties": {
            "id": str_, "scheduled_at": {"type": "string", "format": "date-time"},
            "signed_at": {"type": ["string", "null"], "format": "date-time"}, "signed_by": {"type": ["string", "null"]}}}]},
        "ConferenceView": {"type": "object", "properties": {
            "bookings": {"type": "array", "items": {"type": "object"}},
            "conference": {"oneOf": [{"$ref": "#/components/schemas/Conference"}, {"type": "null"}]},
            "addenda": {"type": "array", "items": {"type": "object"}},
            "agenda": {"type": "array", "items": {"type": "object", "properties": {"title": str_, "details": {"type": "array", "items": str_}}}}}},
        "NewConsent": {"type": "object", "required": ["unit_id", "scope", "purpose", "valid_from", "valid_to", "method"], "properties": {
            "unit_id": {"type": "string", "format": "uuid"}, "scope": str_, "purpose": str_,
            "valid_from": date, "valid_to": date, "method": {"type": "string", "enum": ["written", "digital", "oral"]}}},
        "Consent": {"type": "object", "properties": {
            "id": str_, "unit_id": str_, "scope": str_, "purpose": str_, "valid_from": date, "valid_to": date,
            "method": str_, "recorded_at": {"type": "string", "format": "date-time"},
            "revoked_at": {"type": ["string", "null"], "format": "date-time"}}},
        "Consents": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Consent"}}}},
        "PlacementChange": {"type": "object", "required": ["version", "goal", "start_date", "end_date", "first_measurement"], "properties": {
            "version": {"type": "integer", "description": "The plan version read; 0 for a plan not yet changed"},
            "intervention_id": {"type": "string", "format": "uuid", "description": "When adding"},
            "goal": str_, "start_date": date, "end_date": date, "first_measurement": date}},
        "EndPlacement": {"type": "object", "required": ["version", "reason"], "properties": {
            "version": {"type": "integer"}, "reason": str_}},
        "PlanVersion": {"type": "object", "properties": {"version": {"type": "integer"}}},
        "Placement": {"type": "object", "properties": {
            "id": str_, "intervention_id": str_, "unit_id": str_, "goal": str_,
            "start_date": date, "end_date": date, "first_measurement": date,
            "status": {"type": "string", "enum": ["active", "waiting", "ended"]},
            "waiting_position": {"type": ["integer", "null"]}, "end_reason": {"type": ["string", "null"]}}},
        "Plan": {"type": "object", "properties": {
            "version": {"type": "integer"},
            "placements": {"type": "array", "items": {"type": "object", "properties": {
                "placement": {"$ref": "#/components/schemas/Placement"}, "intervention_name": str_, "unit_name": str_,
                "consent_ok": {"type": "boolean"}}}},
            "offers": {"type": "array", "items": {"type": "object", "properties": {
                "intervention_id": str_, "name": str_, "unit_name": str_, "capacity": {"type": "integer"},
                "free_places": {"type": "integer"}, "waiting": {"type": "integer"},
                "expected_start": {"type": ["string", "null"], "format": "date"},
                "expected_waiting_days": {"type": ["integer", "null"]},
                "needs_consent": {"type": "boolean"}, "has_consent": {"type": "boolean"}}}}}},
        "Participant": {"type": "object", "properties": {
            "placement": {"$ref": "#/components/schemas/Placement"}, "name": str_, "intervention_name": str_,
            "phone": {"type": ["string", "null"]}, "email": {"type": ["string", "null"]}, "caseworker_name": str_}},
        "Participants": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Participant"}}}},
        "Inbox": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
            "id": str_, "kind": {"type": "string", "enum": ["assigned", "waitlisted", "promoted", "ended"]},
            "created_at": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"},
            "participant": {"$ref": "#/components/schemas/Participant"}}}}}}
    })
}

fn merge(into: &mut Value, pointer: &str, more: Value) {
    if let (Some(Value::Object(m)), Value::Object(add)) = (into.pointer_mut(pointer), more) {
        m.extend(add);
    }
}

pub fn document() -> Value {
    let mut doc = base_document();
    merge(&mut doc, "/paths", plan_paths());
    merge(&mut doc, "/components/schemas", plan_schemas());
    doc
}

fn base_document() -> Value {
    let str_ = json!({"type": "string"});
    let opt_str = json!({"type": ["string", "null"]});
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Jobspor API",
            "version": "1",
            "description": "Work-oriented rehabilitation. Every read and change of personal data is audited. Unknown records and records the caller may not see both answer 404."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/auth/token": {"post": {
                "summary": "Exchange username and password for a bearer token",
                "security": [],
                "requestBody": body("TokenRequest"),
                "responses": responses("200", ok("Token", "A token"), &["401", "415", "422", "429"])
            }},
            "/api/v1/me": {"get": {
                "summary": "The signed-in user",
                "responses": responses("200", ok("Me", "The user"), &["401"])
            }},
            "/api/v1/citizens": {
                "get": {
                    "summary": "Search citizens by full CPR number or by name",
                    "parameters": [
                        {"name": "q", "in": "query", "required": true, "schema": str_},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                    ],
                    "responses": responses("200", ok("CitizenList", "Matching citizens"), &["401", "422"])
                },
                "post": {
                    "summary": "Create a citizen",
                    "requestBody": body("NewCitizen"),
                    "responses": responses("201", ok("Citizen", "Created"), &["401", "404", "409", "413", "415", "422"])
                }
            },
            "/api/v1/citizens/{id}": {"get": {
                "summary": "Read a citizen",
                "parameters": [id_param()],
                "responses": responses("200", ok("Citizen", "The citizen"), &["401", "404"])
            }},
            "/api/v1/citizens/{id}/access-log": {"get": {
                "summary": "The citizen's access log (GDPR art. 15), newest first",
                "parameters": [id_param()],
                "responses": responses("200", ok("AccessLog", "The log"), &["401", "404"])
            }},
            "/api/v1/courses": {
                "get": {
                    "summary": "Courses the caller may see; mine=true for the caller's own",
                    "parameters": [
                        {"name": "mine", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "q", "in": "query", "description": "Name, CPR number or its first digits", "schema": str_},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                    ],
                    "responses": responses("200", ok("CourseList", "A page of courses"), &["401"])
                },
                "post": {
                    "summary": "Create a course for a citizen, owned by the caller",
                    "requestBody": body("NewCourse"),
                    "responses": responses("201", ok("Course", "Created"), &["401", "404", "413", "415", "422"])
                }
            },
            "/api/v1/courses/{id}": {"get": {
                "summary": "Read a course",
                "parameters": [id_param()],
                "responses": responses("200", ok("Course", "The course"), &["401", "404"])
            }},
            "/api/v1/courses/{id}/journal": {
                "get": {
                    "summary": "The course's journal, newest first",
                    "parameters": [id_param()],
                    "responses": responses("200", ok("Journal", "Entries"), &["401", "404"])
                },
                "post": {
                    "summary": "Append a journal entry (a correction links the entry it corrects)",
                    "parameters": [id_param()],
                    "requestBody": body("NewEntry"),
                    "responses": responses("201", ok("Entry", "Created"), &["401", "404", "413", "415", "422"])
                }
            },
            "/api/v1/questionnaires": {
                "get": {"summary": "Questionnaire definitions: the shipped ones and the municipality's own, every version",
                        "responses": responses("200", ok("Definitions", "Definitions"), &["401"])},
                "post": {"summary": "Import a definition (administrators). The body is the definition (format jobspor-questionnaire/1); a stored version never changes",
                         "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
                         "responses": responses("201", ok("DefinitionSummary", "Imported"), &["401", "404", "409", "413", "415", "422"])}
            },
            "/api/v1/questionnaires/{id}": {"get": {
                "summary": "A definition as stored", "parameters": [id_param()],
                "responses": responses("200", json!({"description": "The definition", "content": {"application/json": {"schema": {"type": "object"}}}}), &["401", "404"])
            }},
            "/api/v1/course-frameworks": {"get": {
                "summary": "Course frameworks for development courses",
                "responses": responses("200", ok("Frameworks", "Frameworks"), &["401"])
            }},
            "/api/v1/citizens/{id}/screenings": {
                "get": {"summary": "The citizen's screenings (audited)", "parameters": [id_param()],
                        "responses": responses("200", ok("Screenings", "Screenings"), &["401", "404"])},
                "post": {"summary": "Start a screening: a one-time link (link, kiosk, paper) or a draft for answers from another system (api)",
                         "parameters": [id_param()], "requestBody": body("StartScreening"),
                         "responses": responses("201", ok("ScreeningStarted", "Started"), &["401", "404", "415", "422"])}
            },
            "/api/v1/screenings/{id}": {"get": {
                "summary": "A screening with its answers and, once submitted, its result (audited)", "parameters": [id_param()],
                "responses": responses("200", ok("Screening", "The screening"), &["401", "404"])
            }},
            "/api/v1/screenings/{id}/answers": {"post": {
                "summary": "Give answers (checked like the citizen's form); with submit=true, lock the screening with its result",
                "parameters": [id_param()], "requestBody": body("Answers"),
                "responses": responses("200", ok("Screening", "Saved"), &["401", "404", "409", "415", "422"])
            }},
            "/api/v1/screenings/{id}/links/revoke": {"post": {
                "summary": "Close the screening's open links", "parameters": [id_param()],
                "responses": responses("200", json!({"description": "How many were closed"}), &["401", "404"])
            }},
            "/api/v1/screenings/{id}/triage": {
                "get": {"summary": "The triage decision", "parameters": [id_param()],
                        "responses": responses("200", ok("Triage", "The decision"), &["401", "404", "422"])},
                "post": {"summary": "Decide: a development course under a framework (moderate or high risk), or close with a note (low risk)",
                         "parameters": [id_param()], "requestBody": body("TriageDecision"),
                         "responses": responses("201", ok("Triage", "Decided"), &["401", "404", "409", "415", "422"])}
            },
            "/api/v1/icf": {
                "get": {"summary": "Search ICF categories by code prefix or title words (Danish or English)",
                        "parameters": [{"name": "q", "in": "query", "required": true, "schema": str_},
                                       {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
                        "responses": responses("200", ok("IcfCategories", "Matching categories"), &["401"])},
                "post": {"summary": "Import the licensed ICF classification (administrators): the CSV of docs/icf-import.md; all or nothing",
                         "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
                         "responses": responses("201", json!({"description": "How many categories were imported"}), &["401", "404", "413", "415", "422"])}
            },
            "/api/v1/catalogue": {"get": {
                "summary": "The intervention catalogue, optionally filtered by track and target group",
                "parameters": [{"name": "track", "in": "query", "schema": str_}, {"name": "target_group", "in": "query", "schema": str_}],
                "responses": responses("200", ok("Catalogue", "Interventions"), &["401"])
            }},
            "/healthz": {"get": {
                "summary": "Liveness and database reachability",
                "security": [],
                "responses": {"200": {"description": "Healthy"}, "500": err_ref()}
            }}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": str_, "message": str_}
                }}},
                "TokenRequest": {"type": "object", "required": ["username", "password"],
                    "properties": {"username": str_, "password": str_}},
                "Token": {"type": "object", "required": ["token", "expires_at"],
                    "properties": {"token": str_, "expires_at": {"type": "string", "format": "date-time"}}},
                "Me": {"type": "object", "required": ["user_id", "username", "display_name", "role"],
                    "properties": {"user_id": str_, "username": str_, "display_name": str_, "role": str_}},
                "NewCitizen": {"type": "object", "required": ["cpr", "name"], "properties": {
                    "cpr": {"type": "string", "description": "DDMMYYSSSS or DDMMYY-SSSS"},
                    "name": str_, "phone": opt_str, "email": opt_str, "address": opt_str
                }},
                "Citizen": {"type": "object", "required": ["id", "cpr", "name", "created_at", "version"], "properties": {
                    "id": {"type": "string", "format": "uuid"}, "cpr": str_, "name": str_,
                    "phone": opt_str, "email": opt_str, "address": opt_str,
                    "created_at": {"type": "string", "format": "date-time"}, "version": {"type": "integer"},
                    "warnings": {"type": "array", "items": str_, "description": "e.g. a failed modulus-11 check"}
                }},
                "CitizenList": {"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Citizen"}}}},
                "AccessLog": {"type": "object", "required": ["citizen_id", "items"], "properties": {
                    "citizen_id": str_,
                    "items": {"type": "array", "items": {"type": "object", "properties": {
                        "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "username": str_,
                        "role": opt_str, "action": str_, "object": str_, "purpose": str_
                    }}}
                }},
                "NewCourse": {"type": "object", "required": ["citizen_id", "target_group", "framework"], "properties": {
                    "citizen_id": {"type": "string", "format": "uuid"},
                    "target_group": {"type": "string", "enum": ["kontanthjaelp", "sygedagpenge", "integrationsydelse", "forsikret_ledig"]},
                    "category": {"type": ["string", "null"], "description": "As the rule set in force on start_date allows, e.g. jobparat, aktivitetsparat, kategori_1"},
                    "start_date": {"type": ["string", "null"], "format": "date"},
                    "framework": str_, "employment_goal": str_,
                    "referral": {"type": "object", "additionalProperties": str_,
                        "description": "Keys: work_and_absence, education, social_and_housing, health_and_treatment, functional_ability, lifestyle_factors, previous_courses"}
                }},
                "Course": {"type": "object", "required": ["id", "citizen_id", "caseworker_id", "target_group", "rule_set", "status", "start_date", "framework", "version"], "properties": {
                    "id": str_, "citizen_id": str_, "caseworker_id": str_, "target_group": str_, "category": opt_str,
                    "rule_set": str_, "status": {"type": "string", "enum": ["referred", "active", "on_hold", "closed"]},
                    "start_date": {"type": "string", "format": "date"}, "framework": str_, "employment_goal": str_,
                    "referral": {"type": "object", "additionalProperties": str_},
                    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
                    "version": {"type": "integer"}
                }},
                "CourseList": {"type": "object", "required": ["items", "total", "page", "page_size"], "properties": {
                    "items": {"type": "array", "items": {"type": "object", "properties": {
                        "id": str_, "citizen_id": str_, "citizen_name": str_, "cpr_masked": str_, "caseworker_name": str_,
                        "target_group": str_, "category": opt_str, "status": str_, "start_date": str_, "framework": str_
                    }}},
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}
                }},
                "NewEntry": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "maxLength": 65536, "description": "At most 64 KiB of UTF-8 after NFC normalisation"},
                    "entry_date": {"type": ["string", "null"], "format": "date"},
                    "corrects": {"type": ["string", "null"], "format": "uuid"}
                }},
                "Entry": {"type": "object", "properties": {
                    "id": str_, "course_id": str_, "entry_date": {"type": "string", "format": "date"}, "text": str_,
                    "author_name": str_, "author_role": str_, "corrects": opt_str, "created_at": {"type": "string", "format": "date-time"}
                }},
                "DefinitionSummary": {"type": "object", "properties": {
                    "id": str_, "key": str_, "version": {"type": "integer"}, "title": str_, "shipped": {"type": "boolean"}}},
                "Definitions": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/DefinitionSummary"}}}},
                "Frameworks": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
                    "id": str_, "name": str_, "target_group": str_, "default_weeks": {"type": "integer"},
                    "default_team": {"type": "array", "items": str_}, "active": {"type": "boolean"}}}}}},
                "StartScreening": {"type": "object", "required": ["definition_id", "channel"], "properties": {
                    "definition_id": {"type": "string", "format": "uuid"}, "language": {"type": "string", "default": "da"},
                    "channel": {"type": "string", "enum": ["link", "kiosk", "paper", "api"]}}},
                "ScreeningStarted": {"type": "object", "properties": {
                    "id": str_, "link_path": {"type": ["string", "null"], "description": "Shown once; only its hash is stored"},
                    "expires_at": {"type": ["string", "null"], "format": "date-time"}}},
                "Screening": {"type": "object", "properties": {
                    "id": str_, "citizen_id": str_, "definition_id": str_, "channel": str_, "language": str_,
                    "status": {"type": "string", "enum": ["draft", "submitted"]}, "answers": {"type": "object"},
                    "result": {"type": ["object", "null"], "description": "Dimensions, counts, risk class, readiness and sum score"},
                    "created_at": {"type": "string", "format": "date-time"}, "submitted_at": {"type": ["string", "null"], "format": "date-time"},
                    "version": {"type": "integer"}}},
                "Screenings": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Screening"}}}},
                "Answers": {"type": "object", "required": ["answers"], "properties": {
                    "answers": {"type": "object", "additionalProperties": true, "description": "Item key → string, number, or list of strings"},
                    "submit": {"type": "boolean", "default": false}}},
                "TriageDecision": {"type": "object", "required": ["assessed_risk", "decision"], "properties": {
                    "assessed_risk": {"type": "string", "enum": ["low", "moderate", "high"]},
                    "assessed_readiness": {"type": "string", "enum": ["", "jobparat", "aktivitetsparat"]},
                    "decision": {"type": "string", "enum": ["development_course", "close_low_risk"]},
                    "framework_id": str_, "category": str_, "start_date": {"type": "string", "format": "date"},
                    "employment_goal": str_, "note": str_}},
                "Triage": {"type": "object", "properties": {
                    "id": str_, "screening_id": str_, "suggested_risk": opt_str, "suggested_readiness": opt_str,
                    "assessed_risk": str_, "assessed_readiness": opt_str, "disagrees": {"type": "boolean"},
                    "decision": str_, "framework_id": opt_str, "course_id": opt_str, "note": str_,
                    "decided_at": {"type": "string", "format": "date-time"}}},
                "Catalogue": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
                    "id": str_, "name": str_, "description": str_, "unit_id": str_,
                    "tracks": {"type": "array", "items": str_}, "target_groups": {"type": "array", "items": str_},
                    "usual_weeks": {"type": "integer"}, "capacity": {"type": "integer", "description": "Concurrent places"},
                    "price_ore": {"type": "integer", "description": "Price per participant in øre"},
                    "progression_questions": {"type": "array", "items": str_}, "active": {"type": "boolean"}}}}}},
                "IcfCategories": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
                    "code": str_, "component": {"type": "string", "enum": ["b", "s", "d", "e"]}, "title_da": str_, "title_en": str_}}}}},
                "Journal": {"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}}}
            }
        }
    })
}
