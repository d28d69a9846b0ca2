use super::*;

const MAPPING: &str = "# Fra KMD Momentum\ncpr = CPR\nname = Navn\nemail = E-mail\ntarget_group = Målgruppe\ncategory = Kategori\nstart_date = Start\nfirst_absence_date = Første fraværsdag\ncaseworker = Sagsbehandler\nframework = Ramme\nreferral = Henvisning\n";

fn table(lines: &[&str]) -> Table {
    let headers =
        "CPR;Navn;E-mail;Målgruppe;Kategori;Start;Første fraværsdag;Sagsbehandler;Ramme;Henvisning"
            .split(';')
            .map(String::from)
            .collect();
    Table {
        headers,
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 2, l.split(';').map(String::from).collect()))
            .collect(),
    }
}

fn run(lines: &[&str], existing: &[&str]) -> Plan {
    let existing: HashSet<Cpr> = existing.iter().map(|c| Cpr::parse(c).unwrap().0).collect();
    let caseworkers: HashMap<String, UserId> = [("sanne".to_string(), UserId::new())].into();
    let book = RuleBook::shipped();
    let known = Known {
        existing: &existing,
        caseworkers: &caseworkers,
        book: &book,
        today: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    };
    plan(&table(lines), &Mapping::parse(MAPPING).unwrap(), &known).unwrap()
}

fn keys(p: &Plan, line: usize) -> Vec<&'static str> {
    p.refused
        .iter()
        .find(|(l, _)| *l == line)
        .map(|(_, m)| m.iter().map(|m| m.key).collect())
        .unwrap_or_default()
}

const GOOD: &str = "250380-1714;Anna Andersen;anna@example.dk;kontanthjaelp;aktivitetsparat;2026-03-01;;sanne;Udviklingsforløb;Fra Momentum";

#[test]
fn a_good_line_creates_or_updates_and_makes_a_course() {
    let p = run(&[GOOD, "1203671155;Bo Berg;;;;;;;;"], &["120367-1155"]);
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert_eq!((p.creates(), p.updates()), (1, 1));
    let anna = &p.planned[0];
    assert_eq!(anna.line, 2);
    assert_eq!(anna.citizen.email.as_deref(), Some("anna@example.dk"));
    let (course, _) = anna.course.as_ref().unwrap();
    assert_eq!(
        course.start_date,
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    );
    assert_eq!(course.classification.category, Some("aktivitetsparat"));
    assert_eq!(p.courses(), 1);
    // Bo's line has no target group: his details only, no course.
    assert!(p.planned[1].course.is_none() && p.planned[1].update);
    assert!(p.committable());
}

#[test]
fn each_kind_of_bad_line_is_refused_with_its_reason() {
    let p = run(
        &[
            GOOD,
            // The same CPR number again.
            "2503801714;Anna Igen;;kontanthjaelp;aktivitetsparat;2026-03-01;;sanne;U;",
            // An unknown caseworker.
            "120367-1155;Bo Berg;;kontanthjaelp;aktivitetsparat;2026-03-01;;ukendt;U;",
            // A date out of range, and one that is no date.
            "010190-1234;Cai Carl;;kontanthjaelp;aktivitetsparat;2031-01-01;;sanne;U;",
            "020290-1234;Dan Dal;;kontanthjaelp;aktivitetsparat;marts;;sanne;U;",
            // A formula.
            "030390-1234;=HYPERLINK(\"http://x\");;kontanthjaelp;aktivitetsparat;2026-03-01;;sanne;U;",
            // No CPR number, no name.
            "12345;;;;;;;;;",
            // Sygedagpenge without the first day of absence.
            "040490-1234;Eva Eng;;sygedagpenge;;2026-03-01;;sanne;U;",
            // An Excel serial date is a date.
            "050590-1234;Finn Fog;;kontanthjaelp;aktivitetsparat;46082;;sanne;U;",
        ],
        &[],
    );
    assert_eq!(keys(&p, 3), ["invalid.import_cpr_twice"]);
    assert_eq!(keys(&p, 4), ["invalid.import_unknown_caseworker"]);
    assert_eq!(keys(&p, 5), ["invalid.import_date_range"]);
    assert_eq!(keys(&p, 6), ["invalid.import_date"]);
    assert_eq!(keys(&p, 7), ["invalid.import_formula"]);
    assert_eq!(keys(&p, 8).len(), 2, "the CPR number and the name");
    assert_eq!(keys(&p, 9).len(), 1, "{:?}", keys(&p, 9));
    assert!(keys(&p, 10).is_empty(), "{:?}", keys(&p, 10));
    assert_eq!(p.planned.len(), 2);
    assert!(!p.committable(), "one refused line stops the whole file");
}

#[test]
fn a_mapping_is_saved_as_text_and_checked_against_the_file() {
    let m = Mapping::parse(MAPPING).unwrap();
    assert_eq!(Mapping::parse(&m.to_text()).unwrap(), m);
    for (bad, key) in [
        ("cpr CPR", "invalid.import_mapping_line"),
        ("cpr = CPR\nfoedsel = Født", "invalid.import_mapping_field"),
        (
            "cpr = CPR\ncpr = Personnummer",
            "invalid.import_mapping_twice",
        ),
    ] {
        assert_eq!(Mapping::parse(bad).unwrap_err().key, key, "{bad}");
    }
    let headers: Vec<String> = ["CPR", "Navn"].map(String::from).to_vec();
    assert!(Mapping::parse("cpr = CPR\nname = Navn")
        .unwrap()
        .resolve(&headers)
        .is_ok());
    for (bad, key) in [
        ("cpr = CPR", "invalid.import_field_unmapped"),
        (
            "cpr = CPR\nname = Fulde navn",
            "invalid.import_columns_missing",
        ),
        (
            "cpr = CPR\nname = Navn\nstart_date = Navn",
            "invalid.import_field_unmapped",
        ),
    ] {
        let m = Mapping::parse(bad).unwrap();
        assert_eq!(m.resolve(&headers).unwrap_err().key, key, "{bad}");
    }
}

#[test]
fn a_journal_file_has_many_lines_per_citizen_for_their_course() {
    let anna = Cpr::parse("250380-1714").unwrap().0;
    let course = CourseId::new();
    let courses: HashMap<Cpr, CourseId> = [(anna, course)].into();
    let table = Table {
        headers: ["CPR", "Dato", "Notat", "Skrevet af"]
            .map(String::from)
            .to_vec(),
        rows: [
            "250380-1714;2024-05-01;Første samtale;Kirsten K",
            "2503801714;01.06.2024;Opfølgning;",
            "120367-1155;2024-05-01;Ukendt borger;",
            "250380-1714;2027-01-01;Fremtid;",
            "250380-1714;2024-05-01;;",
            "250380-1714;2024-05-01;=HYPERLINK(1);",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 2, l.split(';').map(String::from).collect()))
        .collect(),
    };
    let mapping = Mapping::parse(
        "cpr = CPR\njournal_date = Dato\njournal_text = Notat\njournal_author = Skrevet af",
    )
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let p = plan_journal(&table, &mapping, &courses, today).unwrap();
    assert_eq!(p.planned.len(), 2);
    assert_eq!(p.planned[0].course, course);
    assert_eq!(p.planned[0].author.as_deref(), Some("Kirsten K"));
    assert_eq!(p.planned[1].author, None);
    let keys: Vec<(usize, Vec<&str>)> = p
        .refused
        .iter()
        .map(|(l, ms)| (*l, ms.iter().map(|m| m.key).collect()))
        .collect();
    assert_eq!(keys[0], (4, vec!["invalid.import_no_course"]));
    assert_eq!(keys[1], (5, vec!["invalid.import_date_range"]));
    assert_eq!(keys[2].0, 6);
    assert_eq!(keys[3], (7, vec!["invalid.import_formula"]));
    // A journal file needs its date and text mapped.
    let bare = Mapping::parse("cpr = CPR").unwrap();
    assert!(plan_journal(&table, &bare, &courses, today).is_err());
}
