use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn set_on(day: NaiveDate) -> Option<&'static str> {
    RuleBook::shipped().on(day).map(|r| r.id)
}

/// Each shipped set: the day before it and the day itself.
#[test]
fn each_set_starts_on_its_day_and_not_the_day_before() {
    let cases = [
        (d(2018, 12, 31), None),
        (d(2019, 1, 1), Some("lab-2019")),
        (d(2024, 12, 31), Some("lab-2019")),
        (d(2025, 1, 1), Some("sdp-2025")),
        (d(2025, 6, 30), Some("sdp-2025")),
        (d(2025, 7, 1), Some("kh-2025")),
        (d(2026, 1, 31), Some("kh-2025")),
        (d(2026, 2, 1), Some("reform-2026-02")),
        (d(2026, 6, 30), Some("reform-2026-02")),
        (d(2026, 7, 1), Some("reform-2026-07")),
        // The 2027 set is pending: it never applies by itself.
        (d(2026, 12, 31), Some("reform-2026-07")),
        (d(2027, 1, 1), Some("reform-2026-07")),
        (d(2030, 1, 1), Some("reform-2026-07")),
    ];
    for (day, want) in cases {
        assert_eq!(set_on(day), want, "{day}");
    }
}

#[test]
fn category_3_is_gone_from_2025() {
    let book = RuleBook::shipped();
    let g = TargetGroup::Sygedagpenge;
    let c = book
        .classify(d(2024, 12, 31), g, Some("kategori_3"))
        .unwrap();
    assert_eq!((c.rule_set, c.category), ("lab-2019", Some("kategori_3")));
    assert_eq!(
        book.classify(d(2025, 1, 1), g, Some("kategori_3")),
        Err(RuleError::UnknownCategory)
    );
    assert_eq!(
        book.classify(d(2025, 3, 1), g, None),
        Err(RuleError::CategoryRequired),
        "categories 1 and 2 are still chosen"
    );
    let codes = |day| -> Vec<&str> { book.categories_on(day, g).iter().map(|k| k.code).collect() };
    assert_eq!(codes(d(2025, 3, 1)), ["kategori_1", "kategori_2"]);
    assert_eq!(
        codes(d(2024, 3, 1)),
        ["kategori_1", "kategori_2", "kategori_3"]
    );
}

#[test]
fn integrationsydelse_ends_with_the_new_kontanthjaelp() {
    let book = RuleBook::shipped();
    let g = TargetGroup::Integrationsydelse;
    assert!(book.classify(d(2025, 6, 30), g, Some("jobparat")).is_ok());
    assert_eq!(
        book.classify(d(2025, 7, 1), g, Some("jobparat")),
        Err(RuleError::TargetGroupNotInForce(g))
    );
    let k = book
        .classify(
            d(2025, 7, 1),
            TargetGroup::Kontanthjaelp,
            Some("aktivitetsparat"),
        )
        .unwrap();
    assert_eq!(k.rule_set, "kh-2025");
}

#[test]
fn no_rules_before_2019() {
    assert_eq!(
        classify(
            d(2018, 12, 31),
            TargetGroup::Kontanthjaelp,
            Some("jobparat")
        ),
        Err(RuleError::NoRuleSet)
    );
    assert_eq!(earliest(), d(2019, 1, 1));
}

#[test]
fn the_follow_up_tracks_arrive_with_their_laws() {
    let book = RuleBook::shipped();
    let f = |day| book.on(day).and_then(|r| r.follow_up).unwrap();
    assert!(!f(d(2024, 12, 31)).light_track);
    assert!(f(d(2025, 1, 1)).light_track);
    assert!(!f(d(2026, 6, 30)).employed_exemption);
    assert!(f(d(2026, 7, 1)).employed_exemption);
    for day in [d(2019, 1, 1), d(2025, 1, 1), d(2026, 7, 1)] {
        let x = f(day);
        assert_eq!(
            (x.first_week, x.every_weeks, x.reassessment_week),
            (8, 4, 22)
        );
    }
}

#[test]
fn an_administrator_activates_or_moves_a_pending_set() {
    let activate = |from: NaiveDate, in_force: bool| {
        RuleBook::with(&[Activation {
            rule_set: "reform-2027".into(),
            valid_from: from,
            in_force,
        }])
    };
    let on = |b: &RuleBook, day| b.on(day).map(|r| r.id);
    let active = activate(d(2027, 1, 1), true);
    assert_eq!(on(&active, d(2026, 12, 31)), Some("reform-2026-07"));
    assert_eq!(on(&active, d(2027, 1, 1)), Some("reform-2027"));
    let c = active
        .classify(d(2027, 1, 1), TargetGroup::Kontanthjaelp, None)
        .unwrap();
    assert_eq!(
        c.category,
        Some("jobparat"),
        "jobparat unless assessed otherwise"
    );
    assert_eq!(
        active.classify(d(2027, 1, 1), TargetGroup::Sygedagpenge, Some("kategori_1")),
        Err(RuleError::UnknownCategory),
        "the visitation categories are phased out"
    );
    let moved = activate(d(2027, 7, 1), true);
    assert_eq!(on(&moved, d(2027, 6, 30)), Some("reform-2026-07"));
    assert_eq!(on(&moved, d(2027, 7, 1)), Some("reform-2027"));
    let still_pending = activate(d(2027, 1, 1), false);
    assert_eq!(on(&still_pending, d(2027, 2, 1)), Some("reform-2026-07"));
    // An in-force set cannot be moved by an activation.
    let book = RuleBook::with(&[Activation {
        rule_set: "sdp-2025".into(),
        valid_from: d(2026, 1, 1),
        in_force: true,
    }]);
    assert_eq!(on(&book, d(2025, 1, 1)), Some("sdp-2025"));
}

#[test]
fn every_set_has_a_source_and_ids_are_unique() {
    let sets = rule_sets();
    for r in &sets {
        assert!(!r.source.is_empty(), "{}", r.id);
    }
    let mut ids: Vec<&str> = sets.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), sets.len());
    assert_eq!(
        sets.iter()
            .filter(|r| r.status == RuleStatus::Pending)
            .count(),
        1
    );
}
