use super::*;
use crate::audit::AuditEvent;
use crate::user::Role;
use crate::MunicipalityId;
use chrono::TimeZone;

fn read(seq: i64, user: UserId, citizen: CitizenId, at: DateTime<Utc>) -> AuditEntry {
    AuditEntry {
        seq,
        event: AuditEvent {
            at,
            municipality_id: MunicipalityId::new(),
            user_id: Some(user),
            username: "sb".into(),
            role: Some(Role::Caseworker),
            action: AuditAction::Read,
            citizen_id: Some(citizen),
            object: "citizen".into(),
            purpose: "sagsbehandling".into(),
        },
        prev_hash: String::new(),
        hash: String::new(),
    }
}

fn noon() -> DateTime<Utc> {
    // 12:00 in Copenhagen (winter time).
    Utc.with_ymd_and_hms(2026, 12, 7, 11, 0, 0).unwrap()
}

#[test]
fn night_is_22_to_6_danish_time() {
    assert!(!at_night(noon()));
    assert!(
        at_night(Utc.with_ymd_and_hms(2026, 12, 7, 21, 30, 0).unwrap()),
        "22:30"
    );
    assert!(
        at_night(Utc.with_ymd_and_hms(2026, 12, 7, 4, 59, 0).unwrap()),
        "05:59"
    );
    assert!(
        !at_night(Utc.with_ymd_and_hms(2026, 12, 7, 5, 0, 0).unwrap()),
        "06:00"
    );
    // Summer time: 05:30 UTC is 07:30 in Copenhagen.
    assert!(!at_night(
        Utc.with_ymd_and_hms(2026, 7, 1, 5, 30, 0).unwrap()
    ));
}

#[test]
fn each_kind_of_anomaly_is_found_once_per_reader_and_citizen() {
    let (u, other) = (UserId::new(), UserId::new());
    let (mine, stranger, kin) = (CitizenId::new(), CitizenId::new(), CitizenId::new());
    let night = Utc.with_ymd_and_hms(2026, 12, 7, 23, 0, 0).unwrap();
    let entries = vec![
        read(1, u, mine, noon()),
        read(2, u, stranger, noon()),
        read(3, u, stranger, noon() + Duration::minutes(1)),
        read(4, other, mine, night),
        read(5, u, kin, noon()),
    ];
    let found = anomalies(
        &entries,
        |reader, c| reader == u && c == stranger,
        |reader| (reader == u).then(|| "Sanne Hansen".to_string()),
        |c| (c == kin).then(|| "Ib HANSEN".to_string()),
    );
    let kinds: Vec<(AnomalyKind, i64)> = found.iter().map(|a| (a.kind, a.seq)).collect();
    assert!(
        kinds.contains(&(AnomalyKind::OutsideCaseload, 2)),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&(AnomalyKind::OutsideCaseload, 3)),
        "once: {kinds:?}"
    );
    assert!(kinds.contains(&(AnomalyKind::AtNight, 4)));
    assert!(kinds.contains(&(AnomalyKind::SameSurname, 5)));
    assert_eq!(found.len(), 3, "{kinds:?}");
    // Entries about no citizen, or by no one, are not reads of a citizen.
    let mut login = read(6, u, stranger, night);
    login.event.citizen_id = None;
    assert!(anomalies(&[login], |_, _| true, |_| None, |_| None).is_empty());
    // Nor are the reviewers' own reads: the review names citizens itself.
    let mut review = read(7, u, stranger, night);
    review.event.role = Some(Role::Admin);
    assert!(!is_staff_read(&review));
    review.event.role = Some(Role::Manager);
    assert!(anomalies(&[review], |_, _| true, |_| None, |_| None).is_empty());
}

#[test]
fn many_citizens_in_a_short_time_is_one_burst() {
    let u = UserId::new();
    let citizens: Vec<CitizenId> = (0..=BURST_CITIZENS).map(|_| CitizenId::new()).collect();
    // Within five minutes: one more than allowed.
    let entries: Vec<AuditEntry> = citizens
        .iter()
        .enumerate()
        .map(|(i, c)| {
            read(
                i as i64 + 1,
                u,
                *c,
                noon() + Duration::seconds(i as i64 * 2),
            )
        })
        .collect();
    let found = anomalies(&entries, |_, _| false, |_| None, |_| None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, AnomalyKind::ManyCitizens);
    assert_eq!(found[0].citizens, BURST_CITIZENS + 1);
    // The same spread over an hour is no burst.
    let slow: Vec<AuditEntry> = citizens
        .iter()
        .enumerate()
        .map(|(i, c)| {
            read(
                i as i64 + 1,
                u,
                *c,
                noon() + Duration::seconds(i as i64 * 36),
            )
        })
        .collect();
    assert!(anomalies(&slow, |_, _| false, |_| None, |_| None).is_empty());
    // Reading the same citizens again and again is no burst.
    let again: Vec<AuditEntry> = (0..500)
        .map(|i| read(i + 1, u, citizens[(i % 5) as usize], noon()))
        .collect();
    assert!(anomalies(&again, |_, _| false, |_| None, |_| None).is_empty());
}

#[test]
fn verdicts_read_back() {
    for v in [Verdict::Fine, Verdict::Suspicious] {
        assert_eq!(Verdict::parse(v.code()), Some(v));
    }
    assert_eq!(Verdict::parse("ok"), None);
    assert_eq!(surname("  Karen  Marie Hansen "), Some("hansen".into()));
    assert_eq!(surname("   "), None);
}
