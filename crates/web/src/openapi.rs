//! The OpenAPI 3.1 description of `/api/v1`, generated from the handlers'
//! own types: each handler carries its `#[utoipa::path]` (method, path,
//! parameters, body and responses) and is routed through the same
//! `routes!` call that documents it, so a route cannot exist undocumented
//! and the document cannot describe a field the code does not have. A
//! snapshot test still shows every change to the contract for review.

use crate::api::ErrorBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jobspor API",
        version = "1",
        description = "Work-oriented rehabilitation. Every read and change of personal data is audited. Unknown records and records the caller may not see both answer 404. Errors have one shape, `{\"error\": {\"code\", \"message\"}}`."
    ),
    servers((url = "/")),
    tags(
        (name = "auth", description = "Bearer tokens and the signed-in user"),
        (name = "citizens", description = "Citizens and their access log"),
        (name = "courses", description = "Courses: list, search, open"),
        (name = "journal", description = "The course journal"),
        (name = "screening", description = "Questionnaires, screenings and course frameworks"),
        (name = "triage", description = "Triage of a submitted screening"),
        (name = "analysis", description = "The ICF classification"),
        (name = "conference", description = "Analysis conversations and the conference"),
        (name = "consent", description = "The citizen's consents per receiving unit"),
        (name = "catalogue", description = "The intervention catalogue"),
        (name = "plan", description = "The intervention plan and its placements"),
        (name = "progression", description = "Goals, ratings, decisions and the citizen's rating link"),
        (name = "provider", description = "The provider's participants and inbox"),
        (name = "control", description = "Deadlines, course control and closing a course"),
        (name = "operations", description = "Health")
    ),
    security(("bearer" = [])),
    modifiers(&Bearer),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// Bearer tokens from `POST /api/v1/auth/token`, or the browser's session.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
