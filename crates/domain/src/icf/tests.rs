use super::shipped::{classification, FROM_SEEDS, GENERIC_SET, VOCATIONAL_REHABILITATION_BRIEF};
use super::*;

#[test]
fn codes_are_well_formed() {
    for ok in ["b1", "b130", "b2801", "b28013", "S7500", " D850 ", "e310"] {
        assert!(IcfCode::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["", "x130", "b13", "b130000", "b13a", "130", "bb130", "pf1"] {
        assert_eq!(IcfCode::parse(bad), Err(CodeError::Malformed), "{bad}");
    }
    let c = IcfCode::parse("b28013").unwrap();
    assert_eq!((c.component(), c.level()), (Component::BodyFunctions, 4));
    let up: Vec<String> = std::iter::successors(c.parent(), |p| p.parent())
        .map(|p| p.to_string())
        .collect();
    assert_eq!(up, ["b2801", "b280", "b2"]);
}

#[test]
fn qualifiers_are_valid_only_for_their_component() {
    use Component::*;
    for comp in [BodyFunctions, BodyStructures, ActivitiesAndParticipation] {
        assert_eq!(Qualifier::parse(comp, "0"), Ok(Qualifier::Extent(0)));
        assert_eq!(Qualifier::parse(comp, "4"), Ok(Qualifier::Extent(4)));
        assert_eq!(Qualifier::parse(comp, "8"), Ok(Qualifier::NotSpecified));
        assert_eq!(Qualifier::parse(comp, "9"), Ok(Qualifier::NotApplicable));
        assert_eq!(
            Qualifier::parse(comp, ".2"),
            Ok(Qualifier::Extent(2)),
            "the ICF point notation"
        );
        for bad in ["5", "7", "-1", "+2", "..2", ".5", "", "2.5", "x"] {
            assert_eq!(
                Qualifier::parse(comp, bad),
                Err(QualifierError::ForExtent),
                "{comp:?} {bad}"
            );
        }
    }
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, ".2"),
        Ok(Qualifier::Barrier(2))
    );
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, "2"),
        Ok(Qualifier::Barrier(2))
    );
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, "+3"),
        Ok(Qualifier::Facilitator(3))
    );
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, "+8"),
        Ok(Qualifier::FacilitatorNotSpecified)
    );
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, ".8"),
        Ok(Qualifier::BarrierNotSpecified)
    );
    assert_eq!(
        Qualifier::parse(EnvironmentalFactors, ".9"),
        Ok(Qualifier::NotApplicable)
    );
    for bad in ["+5", ".5", "+9", "++1", "", "+"] {
        assert_eq!(
            Qualifier::parse(EnvironmentalFactors, bad),
            Err(QualifierError::ForEnvironment),
            "{bad}"
        );
    }
    assert_eq!(
        Qualifier::parse(PersonalFactors, "1"),
        Err(QualifierError::PersonalFactors)
    );
    assert_eq!(Qualifier::Facilitator(3).notation(), "+3");
    // Every qualifier reads back from its own notation.
    for (comp, q) in [
        (BodyFunctions, Qualifier::Extent(2)),
        (BodyStructures, Qualifier::NotSpecified),
        (ActivitiesAndParticipation, Qualifier::NotApplicable),
        (EnvironmentalFactors, Qualifier::Barrier(4)),
        (EnvironmentalFactors, Qualifier::Facilitator(0)),
        (EnvironmentalFactors, Qualifier::BarrierNotSpecified),
        (EnvironmentalFactors, Qualifier::FacilitatorNotSpecified),
        (EnvironmentalFactors, Qualifier::NotApplicable),
    ] {
        assert_eq!(Qualifier::parse(comp, &q.notation()), Ok(q), "{q:?}");
    }
}

#[test]
fn the_shipped_sets_are_complete_with_both_titles() {
    let c = classification();
    for code in VOCATIONAL_REHABILITATION_BRIEF
        .iter()
        .chain(GENERIC_SET.iter())
        .chain(FROM_SEEDS.iter())
    {
        let cat = c
            .get(&IcfCode::parse(code).unwrap())
            .unwrap_or_else(|| panic!("{code} shipped"));
        assert!(!cat.title_da.is_empty() && !cat.title_en.is_empty());
    }
    assert_eq!(c.len(), 21, "13 + 7 + 3 with b130 and d850 in both sets");
    assert_eq!(c.check("b28013").unwrap().as_str(), "b28013");
    assert_eq!(
        c.check("b28014"),
        Err(CodeError::Unknown),
        "well-formed but not in the classification"
    );
    assert_eq!(c.check("b2801x"), Err(CodeError::Malformed));
}

#[test]
fn search_by_prefix_and_by_words() {
    let c = classification();
    let codes = |q: &str| {
        c.search(q, 30)
            .into_iter()
            .map(|x| x.code.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("b28"), ["b280", "b28013"]);
    assert_eq!(codes("D8"), ["d845", "d850", "d855"]);
    assert_eq!(
        codes("smerte"),
        ["b280", "b28013"],
        "Danish, case and position independent"
    );
    assert_eq!(codes("pain back"), ["b28013"], "all English words");
    assert_eq!(
        codes("beskæftigelse"),
        ["d850", "d855", "e590"],
        "inside words too, in code order"
    );
    // Titles that start with the word ("At gå") rank before those that only contain it ("Sensation").
    let at = codes("at");
    assert_eq!(&at[..6], ["d155", "d230", "d240", "d450", "d455", "d845"]);
    assert!(at[6..].contains(&"b280".to_string()), "{at:?}");
    assert!(codes("").is_empty() && codes("intet sådant").is_empty());
    assert_eq!(c.search("d", 2).len(), 2, "the limit holds");
}

#[test]
fn csv_import_is_all_or_nothing_and_says_where() {
    let good = "code;title_da;title_en\nb1;Mentale funktioner;Mental functions\nb110;Bevidsthed;Consciousness functions\n\n";
    let c = Classification::from_csv(good, "icf.csv").unwrap();
    assert_eq!(c.len(), 2);
    assert!(
        Classification::from_csv(&format!("\u{feff}{good}"), "icf.csv").is_ok(),
        "a byte-order mark is fine"
    );
    let bad = "code;title_da;title_en\nb1;Mentale funktioner;Mental functions\nb11x;Bevidsthed;Consciousness\nb1;Igen;Again\nd450;;Walking\ne310;Familie\n";
    let errors: Vec<String> = Classification::from_csv(bad, "icf.csv")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "icf.csv: line 3, field \"code\": en ICF-kode starter med b, s, d eller e efterfulgt af 1, 3, 4 eller 5 cifre (fx b28013) (\"b11x\")",
            "icf.csv: line 4, field \"code\": b1 appears more than once",
            "icf.csv: line 5, field \"title_da\": empty",
            "icf.csv: line 6, field \"line\": expected 3 fields separated by ';', found 2",
        ]
    );
    assert!(
        Classification::from_csv("kode,titel\nb1,x", "x.csv").unwrap_err()[0]
            .to_string()
            .contains("line 1, field \"header\"")
    );
    assert!(
        Classification::from_csv("code;title_da;title_en\n", "x.csv").is_err(),
        "an empty file imports nothing"
    );
    // Imported titles replace the shipped ones for the same code.
    let mut merged = classification();
    merged.extend(
        Classification::from_csv(
            "code;title_da;title_en\nb130;Energi og drift;Energy and drive functions",
            "x.csv",
        )
        .unwrap()
        .categories()
        .cloned(),
    );
    assert_eq!(
        merged
            .get(&IcfCode::parse("b130").unwrap())
            .unwrap()
            .title_da,
        "Energi og drift"
    );
}
