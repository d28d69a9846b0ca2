//! `jobspor import`: a file with refused lines imports nothing and says
//! why line by line; a dry run changes nothing; an import creates and
//! updates citizens (matched on CPR number) and their courses, audited.

use crate::server::{jobspor_run, verify};
use jobspor_store::testing::TestDb;

const MAPPING: &str = "cpr = CPR-nr.\nname = Navn\ntarget_group = Målgruppe\ncategory = Kategori\nstart_date = Startdato\ncaseworker = Sagsbehandler\nframework = Forløbsramme\n";
const HEADER: &str = "CPR-nr.;Navn;Målgruppe;Kategori;Startdato;Sagsbehandler;Forløbsramme";

async fn count(db: &TestDb, sql: &str) -> i64 {
    let store = db.store().await.unwrap();
    let n = sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap();
    store.close().await;
    n
}

#[tokio::test]
async fn an_import_is_checked_whole_and_committed_whole() {
    let db = TestDb::new().await;
    let (code, _, err) = jobspor_run(&db.url, &[], &["demo"]);
    assert_eq!(code, 0, "{err}");
    let store = db.store().await.unwrap();
    let (known_cpr, known_name): (String, String) =
        sqlx::query_as("SELECT cpr, name FROM citizens ORDER BY cpr LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    store.close().await;
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("momentum.txt");
    std::fs::write(&mapping, MAPPING).unwrap();
    let citizens = "SELECT COUNT(*) FROM citizens";
    let before = count(&db, citizens).await;
    let run = |file: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["import", "--as", "admin", "--mapping"];
        args.push(mapping.to_str().unwrap());
        args.extend_from_slice(extra);
        args.push(file.to_str().unwrap());
        jobspor_run(&db.url, &[], &args)
    };

    // Refused lines: each says why, and nothing is imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{HEADER}\n010190-1234;Cai Carl;kontanthjaelp;aktivitetsparat;2026-03-01;sagsbehandler;U\n\
             0101901234;Cai Igen;kontanthjaelp;aktivitetsparat;2026-03-01;sagsbehandler;U\n\
             020290-1234;Dan Dal;kontanthjaelp;aktivitetsparat;2026-03-01;ukendt;U\n\
             030390-1234;=1+1;kontanthjaelp;aktivitetsparat;2026-03-01;sagsbehandler;U\n\
             040490-1234;Eva Eng;kontanthjaelp;aktivitetsparat;2044-01-01;sagsbehandler;U\n"
        ),
    )
    .unwrap();
    let (code, out, err) = run(&bad, &[]);
    assert_eq!(code, 1, "{out}{err}");
    for said in [
        "linje 3: CPR-nummeret står også på linje 2",
        "linje 4: Der er ingen sagsbehandler med brugernavnet \"ukendt\"",
        "linje 5: Feltet \"name\" indeholder en formel",
        "linje 6: Datoen",
        "4 linjer afvist; intet er indlæst",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    assert_eq!(count(&db, citizens).await, before);

    // A good file, with a byte-order mark: a dry run, then the import.
    let good = dir.path().join("good.csv");
    let text = format!(
        "\u{feff}{HEADER}\n010190-1234;Cai Carl;kontanthjaelp;aktivitetsparat;01.03.2026;sagsbehandler;Udviklingsforløb\n\
         {known_cpr};{known_name} Jensen;;;;;\n\
         020290-1234;Dan Dal;;;;;\n"
    );
    std::fs::write(&good, text).unwrap();
    let (code, out, err) = run(&good, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("prøve: 2 borgere oprettet, 1 opdateret, 1 forløb oprettet, 0 journalnotater; intet er ændret"),
        "{out}"
    );
    assert_eq!(count(&db, citizens).await, before);

    let (code, out, err) = run(&good, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "indlæst: 2 borgere oprettet, 1 opdateret, 1 forløb oprettet, 0 journalnotater"
        ),
        "{out}"
    );
    assert_eq!(count(&db, citizens).await, before + 2);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM courses c JOIN citizens z ON z.id = c.citizen_id WHERE z.cpr = '010190-1234' AND c.start_date = '2026-03-01'").await,
        1
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM citizens WHERE name = '{known_name} Jensen'")
        )
        .await,
        1
    );
    assert!(
        count(&db, "SELECT COUNT(*) FROM audit_log WHERE purpose = 'indlæsning af eksisterende sager' AND username = 'admin'").await >= 4,
        "each citizen looked up, created or updated, and the course"
    );
    let (code, out) = verify(&db.url);
    assert_eq!(code, 0, "{out}");

    // Their journal from the former system, several notes a citizen.
    let notes = dir.path().join("journal.csv");
    std::fs::write(
        &notes,
        "CPR;Dato;Notat;Skrevet af\n010190-1234;2024-05-01;Første samtale i det gamle system;Kirsten K\n0101901234;2024-06-01;Opfølgning;\n",
    )
    .unwrap();
    let journal_map = dir.path().join("journal.txt");
    std::fs::write(
        &journal_map,
        "cpr = CPR\njournal_date = Dato\njournal_text = Notat\njournal_author = Skrevet af\n",
    )
    .unwrap();
    let (code, out, err) = jobspor_run(
        &db.url,
        &[],
        &[
            "import",
            "--as",
            "admin",
            "--kind",
            "journal",
            "--mapping",
            journal_map.to_str().unwrap(),
            notes.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 journalnotater"), "{out}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM journal_entries WHERE author_name = 'Kirsten K' AND entry_date = '2024-05-01'").await,
        1
    );

    // Only an administrator imports.
    let (code, _, err) = jobspor_run(
        &db.url,
        &[],
        &[
            "import",
            "--as",
            "sagsbehandler",
            "--mapping",
            mapping.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("not an administrator"), "{err}");
}
