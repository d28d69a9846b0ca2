use super::*;

fn actor(role: Role, m: MunicipalityId) -> Actor {
    Actor {
        user_id: UserId::new(),
        municipality_id: m,
        username: "u".into(),
        display_name: "U".into(),
        role,
        team: None,
        unit_id: None,
    }
}

/// The policy table of docs/security.md, row by row: role, relation, and
/// whether it may see what was found, the record, the screening, the
/// access log and the complete export (insight). Every cell is checked; a change to the policy must change
/// this table and the document together.
const TABLE: [(Role, Relation, [bool; 5]); 18] = [
    (
        Role::Caseworker,
        Relation::Course,
        [true, true, true, true, true],
    ),
    (
        Role::Caseworker,
        Relation::Purpose,
        [true, true, true, false, false],
    ),
    (
        Role::Caseworker,
        Relation::None,
        [true, false, false, false, false],
    ),
    (
        Role::HealthProfessional,
        Relation::Course,
        [false, true, false, false, false],
    ),
    (Role::HealthProfessional, Relation::Purpose, [false; 5]),
    (Role::HealthProfessional, Relation::None, [false; 5]),
    (
        Role::Admin,
        Relation::Course,
        [false, false, false, true, true],
    ),
    (
        Role::Admin,
        Relation::Purpose,
        [false, false, false, true, true],
    ),
    (
        Role::Admin,
        Relation::None,
        [false, false, false, true, true],
    ),
    (Role::Manager, Relation::Course, [false; 5]),
    (Role::Manager, Relation::Purpose, [false; 5]),
    (Role::Manager, Relation::None, [false; 5]),
    (Role::Provider, Relation::Course, [false; 5]),
    (Role::Provider, Relation::Purpose, [false; 5]),
    (Role::Provider, Relation::None, [false; 5]),
    (Role::Citizen, Relation::Course, [false; 5]),
    (Role::Citizen, Relation::Purpose, [false; 5]),
    (Role::Citizen, Relation::None, [false; 5]),
];

#[test]
fn every_cell_of_the_policy_table() {
    let m = MunicipalityId::new();
    let mut cells = 0;
    for (role, relation, row) in TABLE {
        let a = actor(role, m);
        for (data, expected) in CitizenData::ALL.into_iter().zip(row) {
            assert_eq!(
                may(&a, m, relation, data),
                expected,
                "{role:?} {relation:?} {data:?}"
            );
            // Nothing of another municipality's citizens, ever.
            assert!(!may(&a, MunicipalityId::new(), relation, data));
            cells += 1;
        }
    }
    // Every role and relation is in the table.
    assert_eq!(cells, 6 * Relation::ALL.len() * CitizenData::ALL.len());
}

#[test]
fn the_relation_is_the_closest_one() {
    assert_eq!(Relation::of(true, true), Relation::Course);
    assert_eq!(Relation::of(false, true), Relation::Purpose);
    assert_eq!(Relation::of(false, false), Relation::None);
}

#[test]
fn a_stated_purpose_needs_a_reason_and_words_and_lasts_hours() {
    let m = MunicipalityId::new();
    let a = actor(Role::Caseworker, m);
    let c = CitizenId::new();
    let now = Utc::now();
    let g = Grant::stated(&a, c, "cover", " Dækker for kollega i ferien ", now).unwrap();
    assert_eq!(g.purpose, "Dækker for kollega i ferien");
    assert!(g.flagged && g.reviewed.is_none());
    assert_eq!(
        g.expires_at - g.granted_at,
        Duration::hours(STATED_PURPOSE_HOURS)
    );
    assert!(g.open_at(now) && !g.open_at(g.expires_at));
    assert_eq!(
        Grant::stated(&a, c, "intake", "Registrering af borger", now),
        Err(GrantError::Reason),
        "intake is given by registering, not stated"
    );
    assert_eq!(
        Grant::stated(&a, c, "", "Dækker for kollega", now),
        Err(GrantError::Reason)
    );
    assert!(matches!(
        Grant::stated(&a, c, "other", "   ", now),
        Err(GrantError::Purpose(_))
    ));
    assert!(matches!(
        Grant::stated(&a, c, "other", "fordi", now),
        Err(GrantError::Purpose(_))
    ));
    assert!(matches!(
        Grant::stated(&a, c, "other", &"x".repeat(201), now),
        Err(GrantError::Purpose(_))
    ));
    assert!(matches!(
        Grant::stated(&a, c, "other", "Borgeren\u{202e} ringede ind", now),
        Err(GrantError::Purpose(_))
    ));
    let i = Grant::intake(&a, c, now);
    assert!(!i.flagged && i.expires_at - now == Duration::hours(24));
    for r in [
        Reason::Intake,
        Reason::Cover,
        Reason::Inquiry,
        Reason::Other,
    ] {
        assert_eq!(Reason::parse(r.code()), Some(r));
    }
}
