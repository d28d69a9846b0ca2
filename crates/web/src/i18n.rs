//! UI text: Danish first, English available. The language comes from the
//! `lang` cookie (not personal data) and is available to the whole request
//! through a task-local, so error pages are rendered in it too.

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

tokio::task_local! {
    pub static CURRENT: Lang;
    /// The path of the page being shown (ids only, never personal data), so
    /// the language switch can return to it.
    pub static PAGE_PATH: String;
}

/// The current request's path for a return link ("/" outside a request).
pub fn current_path() -> String {
    PAGE_PATH
        .try_with(|p| p.clone())
        .unwrap_or_else(|_| "/".into())
}

impl Lang {
    pub fn from_headers(h: &HeaderMap) -> Lang {
        match crate::auth::cookie(h, "lang").as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Da,
        }
    }

    /// The language of the request being handled (Danish outside a request).
    pub fn current() -> Lang {
        CURRENT.try_with(|l| *l).unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn english(self) -> bool {
        self == Lang::En
    }

    /// The text for a key; unknown keys show themselves so they are noticed.
    pub fn t(self, key: &str) -> &'static str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, da, en)| if self == Lang::En { *en } else { *da })
            .unwrap_or("??")
    }
}

/// (key, Danish, English)
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("app", "Jobspor", "Jobspor"),
    ("skip", "Spring til indhold", "Skip to content"),
    ("login", "Log ind", "Log in"),
    ("logout", "Log ud", "Log out"),
    ("username", "Brugernavn", "Username"),
    ("password", "Adgangskode", "Password"),
    ("login_failed", "Forkert brugernavn eller adgangskode.", "Wrong username or password."),
    ("logged_in_as", "Logget ind som", "Logged in as"),
    ("my_courses", "Mine forløb", "My courses"),
    ("visible_courses", "Alle mine og teamets forløb", "All my and my team's courses"),
    ("search", "Søg", "Search"),
    ("search_label", "Søg på navn eller CPR-nummer", "Search by name or CPR number"),
    ("name", "Navn", "Name"),
    ("cpr", "CPR-nummer", "CPR number"),
    ("target_group", "Målgruppe", "Target group"),
    ("category", "Kategori", "Category"),
    ("status", "Status", "Status"),
    ("start_date", "Startdato", "Start date"),
    ("caseworker", "Sagsbehandler", "Caseworker"),
    ("framework", "Forløbsramme", "Course framework"),
    ("employment_goal", "Overordnet beskæftigelsesmål", "Overall employment goal"),
    ("no_courses", "Ingen forløb fundet.", "No courses found."),
    ("page", "Side", "Page"),
    ("of", "af", "of"),
    ("previous", "Forrige", "Previous"),
    ("next", "Næste", "Next"),
    ("results", "forløb", "courses"),
    ("new_citizen", "Opret borger", "Create citizen"),
    ("new_course", "Opret forløb", "Create course"),
    ("citizen", "Borger", "Citizen"),
    ("phone", "Telefon", "Phone"),
    ("email", "E-mail", "Email"),
    ("address", "Adresse", "Address"),
    ("save", "Gem", "Save"),
    ("create", "Opret", "Create"),
    ("cancel", "Annuller", "Cancel"),
    ("courses", "Forløb", "Courses"),
    ("course_menu", "Forløbsmenu", "Course menu"),
    ("history", "Historik", "History"),
    ("status_goal", "Status og forløbsmål", "Status and course goal"),
    ("contacts", "Kontaktpersoner i forløb", "Contact persons"),
    ("documents", "Dokumenter", "Documents"),
    ("referral", "Henvisningsoplysninger", "Referral information"),
    ("new_entry", "Nyt notat", "New entry"),
    ("entry_text", "Tekst", "Text"),
    ("entry_date", "Dato", "Date"),
    ("add_entry", "Tilføj notat", "Add entry"),
    ("correct", "Ret dette notat", "Correct this entry"),
    ("correction_of", "Rettelse af notat fra", "Correction of entry from"),
    ("corrects_label", "Retter notat", "Corrects entry"),
    ("no_entries", "Ingen notater endnu.", "No entries yet."),
    ("author", "Forfatter", "Author"),
    ("reassign", "Overdrag forløb", "Reassign course"),
    ("reassign_to", "Ny ansvarlig sagsbehandler", "New responsible caseworker"),
    ("reassign_note", "Note til overdragelsen", "Handover note"),
    ("relation", "Relation", "Relation"),
    ("triage", "Triage", "Triage"),
    ("focus_areas", "Fokusområder", "Focus areas"),
    ("catalogue", "Indsatskatalog", "Intervention catalogue"),
    ("new_intervention", "Ny indsats", "New intervention"),
    ("no_interventions", "Kataloget er tomt.", "The catalogue is empty."),
    ("tracks", "Indsatsspor", "Tracks"),
    ("target_groups", "Målgrupper", "Target groups"),
    ("capacity", "Kapacitet (pladser)", "Capacity (places)"),
    ("usual_weeks", "Sædvanlig varighed (uger)", "Usual duration (weeks)"),
    ("price", "Pris pr. deltager", "Price per participant"),
    ("price_hint", "I kroner, fx 12.500,00", "In kroner, e.g. 12.500,00"),
    ("progression_questions", "Standardspørgsmål til progressionsmåling", "Default progression questions"),
    ("one_per_line", "Ét spørgsmål pr. linje.", "One question per line."),
    ("responsible_unit", "Ansvarlig enhed", "Responsible unit"),
    ("analysis_notes", "Monofaglige notater", "Monodisciplinary notes"),
    ("analysis_visibility", "Kun forløbets team og den ansvarlige sagsbehandler kan se notaterne.", "Only the course's team and the responsible caseworker can see the notes."),
    ("no_notes", "Ingen notater endnu.", "No notes yet."),
    ("note_limitation", "Begrænsning i funktion og betydning for aktivitet og deltagelse", "Limitation in function and its meaning for activity and participation"),
    ("note_resources", "Ressourcer", "Resources"),
    ("component", "Komponent", "Component"),
    ("barrier_resource", "Barriere/ressource", "Barrier/resource"),
    ("description", "Beskrivelse", "Description"),
    ("icf_code", "ICF-kode", "ICF code"),
    ("icf_code_hint", "Fx b28013. Ikke for personlige faktorer.", "E.g. b28013. Not for personal factors."),
    ("gradient", "Gradient", "Gradient"),
    ("gradient_hint", "0–4, 8 eller 9; for omgivelsesfaktorer .0–.4 (barriere) eller +0–+4 (fremmende).", "0–4, 8 or 9; for environmental factors .0–.4 (barrier) or +0–+4 (facilitator)."),
    ("priority", "Prioritet", "Priority"),
    ("suggested_intervention", "Forslag til indsats", "Suggested intervention"),
    ("responsible", "Ansvarlig faggruppe", "Responsible profession"),
    ("remove", "Fjern", "Remove"),
    ("all", "Alle", "All"),
    ("sort_by", "Sortér efter", "Sort by"),
    ("show", "Vis", "Show"),
    ("no_focus_areas", "Ingen fokusområder endnu.", "No focus areas yet."),
    ("new_focus_area", "Nyt fokusområde", "New focus area"),
    ("add_focus_area", "Tilføj fokusområde", "Add focus area"),
    ("icf", "ICF-klassifikationen", "The ICF classification"),
    ("icf_intro", "Jobspor leveres med ICF Core Set for arbejdsrettet rehabilitering (kort), det generiske sæt og koderne fra kilderne. Kommunens licenserede klassifikation importeres som CSV (docs/icf-import.md) og erstatter en tidligere import.", "Jobspor ships the ICF Core Set for Vocational Rehabilitation (brief), the generic set and the codes from the sources. The municipality's licensed classification is imported as CSV (docs/icf-import.md) and replaces an earlier import."),
    ("icf_count", "Kategorier", "Categories"),
    ("icf_imported", "heraf importeret", "of which imported"),
    ("icf_search", "Søg på kode eller ord", "Search by code or words"),
    ("questionnaires", "Spørgeskemaer", "Questionnaires"),
    ("questionnaires_intro", "Et spørgeskema ændres aldrig, når det er gemt: en ændring importeres som en ny version. Formatet er beskrevet i docs/questionnaire-format.md.", "A stored questionnaire never changes: a change is imported as a new version. The format is described in docs/questionnaire-format.md."),
    ("imported", "Importeret", "Imported"),
    ("import_refused", "Filen blev ikke importeret:", "The file was not imported:"),
    ("export", "Eksporter", "Export"),
    ("import", "Importer", "Import"),
    ("risk_dimensions", "Risikodimensioner", "Risk dimensions"),
    ("dimension", "Dimension", "Dimension"),
    ("colour", "Farve", "Colour"),
    ("answers_behind", "Svarene bag", "The answers behind it"),
    ("sum_score", "Samlet score", "Total score"),
    ("suggestion", "Spørgeskemaets forslag", "The questionnaire's suggestion"),
    ("your_assessment", "Din vurdering og visitation", "Your assessment and decision"),
    ("risk", "Risiko for langvarig offentlig forsørgelse", "Risk of long-term public support"),
    ("risk_low", "Lav", "Low"),
    ("risk_moderate", "Moderat", "Moderate"),
    ("risk_high", "Høj", "High"),
    ("readiness", "Parathed (kontanthjælp)", "Readiness (social assistance)"),
    ("visitation", "Visitation", "Decision"),
    ("to_course", "Opret udviklingsforløb (moderat eller høj risiko)", "Create a development course (moderate or high risk)"),
    ("create_and_close", "Opret og afslut (lav risiko, ordinær sagsbehandling)", "Create and close (low risk, ordinary handling)"),
    ("from_readiness", "Fra parathed", "From readiness"),
    ("triage_note", "Kort notat", "Short note"),
    ("decide", "Gem visitation", "Save decision"),
    ("dialogue_guide", "Dialogguide", "Dialogue guide"),
    ("frameworks", "Forløbsrammer", "Course frameworks"),
    ("new_framework", "Opret forløbsramme", "Create course framework"),
    ("default_weeks", "Varighed (uger)", "Duration (weeks)"),
    ("default_team", "Standardteam", "Default team"),
    ("screenings", "Screeninger", "Screenings"),
    ("start_screening", "Start screening", "Start screening"),
    ("questionnaire", "Spørgeskema", "Questionnaire"),
    ("answer_language", "Borgerens sprog", "Citizen's language"),
    ("channel", "Besvares", "Answered"),
    ("channel_link", "Af borgeren via link (gyldigt i 14 dage)", "By the citizen through a link (valid 14 days)"),
    ("channel_kiosk", "Af borgeren her i jobcentret", "By the citizen here at the jobcentre"),
    ("channel_paper", "Indtastes fra papir af mig", "Entered from paper by me"),
    ("no_screenings", "Ingen screeninger endnu.", "No screenings yet."),
    ("screening_started", "Screeningen er startet", "The screening has started"),
    ("give_link", "Giv borgeren dette link, fx i en besked i e-Boks eller en sms. Linket indeholder intet CPR-nummer.", "Give the citizen this link, e.g. in a message or a text. The link holds no CPR number."),
    ("link", "Link", "Link"),
    ("open_here_hint", "Åbn skemaet på denne skærm, og lad borgeren svare, eller indtast svarene fra papir.", "Open the questionnaire on this screen and let the citizen answer, or enter the answers from paper."),
    ("open_here", "Åbn skemaet", "Open the questionnaire"),
    ("expires", "Udløber", "Expires"),
    ("link_once", "Linket vises kun denne ene gang.", "The link is shown only this once."),
    ("created", "Oprettet", "Created"),
    ("edit_citizen", "Ret navn og kontaktoplysninger", "Edit name and contact details"),
    ("course_team", "Tværfagligt team på forløbet", "Interdisciplinary team on the course"),
    ("no_team", "Ingen sundhedsfaglige er tilknyttet endnu.", "No health professionals are on the course yet."),
    ("add_to_team", "Tilknyt fagperson", "Add professional"),
    ("professional", "Fagperson", "Professional"),
    ("add_contact", "Tilføj kontaktperson", "Add contact person"),
    ("no_contacts", "Ingen kontaktpersoner.", "No contact persons."),
    ("upload", "Upload dokument", "Upload document"),
    ("file", "Fil", "File"),
    ("file_hint", "PDF, PNG, JPEG eller tekst, højst 10 MB.", "PDF, PNG, JPEG or text, at most 10 MB."),
    ("no_documents", "Ingen dokumenter.", "No documents."),
    ("filename", "Filnavn", "File name"),
    ("size", "Størrelse", "Size"),
    ("uploaded", "Uploadet", "Uploaded"),
    ("access_log", "Adgangslog", "Access log"),
    ("access_log_intro", "Hvem har set eller ændret borgerens oplysninger, og hvorfor.", "Who has seen or changed the citizen's data, and why."),
    ("time", "Tidspunkt", "Time"),
    ("user", "Bruger", "User"),
    ("role", "Rolle", "Role"),
    ("action", "Handling", "Action"),
    ("purpose", "Formål / kriterium", "Purpose / criterion"),
    ("admin", "Administration", "Administration"),
    ("users", "Brugere", "Users"),
    ("units", "Enheder", "Units"),
    ("new_user", "Opret bruger", "Create user"),
    ("new_unit", "Opret enhed", "Create unit"),
    ("display_name", "Fulde navn", "Full name"),
    ("team", "Team", "Team"),
    ("unit", "Enhed", "Unit"),
    ("profession", "Faggruppe", "Profession"),
    ("active", "Aktiv", "Active"),
    ("deactivate", "Deaktiver", "Deactivate"),
    ("activate", "Aktiver", "Activate"),
    ("none", "Ingen", "None"),
    ("yes", "Ja", "Yes"),
    ("no", "Nej", "No"),
    ("error", "Fejl", "Error"),
    ("back", "Tilbage", "Back"),
    ("home", "Forside", "Home"),
    ("citizen_exists", "Borgeren findes allerede.", "The citizen already exists."),
    ("open_citizen", "Åbn borgeren", "Open the citizen"),
    ("warning", "Bemærk", "Note"),
    ("choose", "Vælg", "Choose"),
    ("version_hint", "Hvis en anden har ændret forløbet imens, bliver du bedt om at genindlæse.", "If someone else changed the course meanwhile, you will be asked to reload."),
    ("welcome", "Velkommen", "Welcome"),
    ("no_case_access", "Din rolle giver ikke adgang til borgeres forløb. Ledelsesoverblik kommer i en senere version.", "Your role does not give access to citizens' courses. Management overviews come in a later version."),
    ("language", "English", "Dansk"),
    ("saved", "Gemt.", "Saved."),
    ("cpr_hint", "DDMMÅÅ-SSSS", "DDMMYY-SSSS"),
    ("consents", "Samtykke", "Consent"),
    ("consent_explained", "Samtykke gives pr. modtagende enhed. En tilbagekaldelse virker med det samme: enhedens medarbejdere mister adgangen.", "Consent is given per receiving unit. A revocation takes effect at once: the unit's staff lose access."),
    ("no_consents", "Ingen samtykker registreret.", "No consents recorded."),
    ("receiving_unit", "Modtagende enhed", "Receiving unit"),
    ("consent_scope", "Omfang (hvilke oplysninger)", "Scope (what information)"),
    ("consent_purpose", "Formål", "Purpose"),
    ("period", "Periode", "Period"),
    ("consent_method", "Hvordan givet", "How given"),
    ("recorded", "Registreret", "Recorded"),
    ("revoke", "Tilbagekald", "Revoke"),
    ("revoked", "Tilbagekaldt", "Revoked"),
    ("in_force", "Gældende", "In force"),
    ("not_in_force", "Ikke gældende i dag", "Not in force today"),
    ("record_consent", "Registrér samtykke", "Record consent"),
    ("valid_from", "Gælder fra", "Valid from"),
    ("valid_to", "Gælder til", "Valid until"),
    ("plan", "Indsatsplan", "Intervention plan"),
    ("plan_pdf", "Indsatsplanen som PDF til borgeren", "The plan as a PDF for the citizen"),
    ("no_placements", "Ingen indsatser i planen endnu.", "No interventions in the plan yet."),
    ("intervention", "Indsats", "Intervention"),
    ("provider_unit", "Udførende enhed", "Provider unit"),
    ("intervention_goal", "Indsatsmål", "Intervention goal"),
    ("first_measurement", "Første progressionsmåling", "First progression measurement"),
    ("end_date", "Slutdato", "End date"),
    ("number_short", "nr.", "no."),
    ("change", "Ret", "Change"),
    ("end_reason", "Begrundelse for afslutning", "Reason for ending"),
    ("end_placement", "Afslut indsatsen", "End the intervention"),
    ("track", "Spor", "Track"),
    ("free_places", "ledige pladser", "free places"),
    ("waiting_list", "Venteliste", "Waiting list"),
    ("expected_start", "Forventet start", "Expected start"),
    ("start_now", "Nu", "Now"),
    ("days", "dage", "days"),
    ("unknown", "Ukendt", "Unknown"),
    ("consent_not_needed", "Ikke nødvendigt (jobcentret)", "Not needed (the jobcentre)"),
    ("consent_given", "Givet", "Given"),
    ("consent_missing", "Mangler samtykke", "Consent missing"),
    ("no_offers", "Ingen indsatser matcher filteret.", "No interventions match the filter."),
    ("add_to_plan", "Tilføj til planen", "Add to the plan"),
    ("waiting_list_hint", "Er indsatsen fuld, kommer borgeren på ventelisten og får plads, når en plads bliver ledig.", "If the intervention is full, the citizen goes on the waiting list and gets a place when one frees up."),
    ("participants", "Deltagere", "Participants"),
    ("participant", "Deltager", "Participant"),
    ("participants_explained", "Borgere med en indsats i din enhed. Du ser kun det, du skal bruge for at levere indsatsen.", "Citizens with an intervention in your unit. You see only what you need to deliver it."),
    ("no_participants", "Ingen deltagere lige nu.", "No participants right now."),
    ("inbox", "Indbakke", "Inbox"),
    ("record_met", "Registrér som afholdt", "Record as met"),
    ("met_on", "Afholdt den", "Met on"),
    ("gas_t_score", "GAS T-score på tværs af GAS-målene", "GAS T-score across the GAS goals"),
    ("gas_t_hint", "50 = forventet udbytte; udførerens seneste niveau pr. mål, vægtet, ρ = 0,3.", "50 = the expected outcome; the provider's latest level per goal, weighted, ρ = 0.3."),
    ("corrects", "Retter", "Corrects"),
    ("new_rating", "En ny vurdering (retter ingen)", "A new rating (corrects none)"),
    ("admin_progression", "Progression: spørgsmålsbank og grænser", "Progression: question bank and thresholds"),
    ("question_bank", "Spørgsmålsbank", "Question bank"),
    ("scale", "Skala", "Scale"),
    ("shipped", "Leveres med Jobspor", "Shipped with Jobspor"),
    ("inactive", "Ikke aktiv", "Inactive"),
    ("question_da", "Spørgsmål (dansk)", "Question (Danish)"),
    ("question_en", "Spørgsmål (engelsk)", "Question (English)"),
    ("anchor_low", "Skalaens laveste punkt", "The scale's lowest point"),
    ("anchor_high", "Skalaens højeste punkt", "The scale's highest point"),
    ("add_question", "Tilføj spørgsmål", "Add question"),
    ("flag_thresholds", "Grænser for opmærksomhed", "Thresholds for flags"),
    ("threshold_min_change", "Mindste betydende ændring (point)", "Least meaningful change (points)"),
    ("threshold_after", "Efter så mange målinger", "After this many measurements"),
    ("threshold_apart", "Borger og udfører langt fra hinanden (point)", "Citizen and provider far apart (points)"),
    ("rating_link", "Link til borgerens egen vurdering", "Link for the citizen's own rating"),
    ("rating_link_give", "Giv borgeren dette link. Borgeren vurderer selv, uden at se udførerens vurdering.", "Give the citizen this link. The citizen rates on their own, without seeing the provider's rating."),
    ("rating_link_once", "Linket vises kun nu. Det virker én gang og i 14 dage.", "The link is shown only now. It works once and for 14 days."),
    ("make_rating_link", "Lav link til borgerens vurdering", "Make a link for the citizen's rating"),
    ("own_rating_title", "Din egen vurdering", "Your own rating"),
    ("own_rating_intro", "Hvordan går det med dine mål? Vælg det tal, der passer bedst i dag.", "How are your goals going? Choose the number that fits best today."),
    ("send", "Send", "Send"),
    ("deadlines", "Frister", "Deadlines"),
    ("open_course", "Åbn forløbet", "Open the course"),
    ("measurements_due", "Målinger", "Measurements due"),
    ("management", "Ledelse", "Management"),
    ("outcomes", "Resultater", "Outcomes"),
    ("outcomes_explained", "Tid på offentlig forsørgelse fra forløbets start til selvforsørgelse (fire uger i træk uden ydelse i registeret; uden registerdata: afslutning til job eller uddannelse). Kaplan-Meier med censurering.", "Time on public support from the course's start to self-support (four weeks in a row without benefit in the register; without register data: exit to job or education). Kaplan-Meier with censoring."),
    ("outcomes_chart_title", "Andel stadig på ydelse efter uger fra start", "Share still on benefit by weeks from the start"),
    ("outcomes_table", "Varighed og andel i selvforsørgelse pr. gruppe", "Duration and share in self-support by group"),
    ("group_by", "Opdel efter", "Group by"),
    ("group_model", "Før og med modellen", "Before and with the model"),
    ("group_year", "Startår", "Start year"),
    ("group_track", "Indsatsspor", "Track"),
    ("risk_class", "Risikoklasse", "Risk class"),
    ("from_year", "Fra år", "From year"),
    ("to_year", "Til år", "To year"),
    ("model_start", "Modellens start", "The model's start"),
    ("group", "Gruppe", "Group"),
    ("citizens", "Borgere", "Citizens"),
    ("median_weeks", "Median, uger (95 % CI)", "Median, weeks (95% CI)"),
    ("rmst_weeks", "Middelvarighed til 2 år, uger", "Restricted mean to 2 years, weeks"),
    ("self_support_6", "Selvforsørgende efter 6 mdr.", "Self-supporting at 6 months"),
    ("self_support_12", "Selvforsørgende efter 12 mdr.", "Self-supporting at 12 months"),
    ("self_support_24", "Selvforsørgende efter 24 mdr.", "Self-supporting at 24 months"),
    ("not_enough_data", "Ikke nok data", "Not enough data"),
    ("log_rank", "Log-rank-test mellem grupperne", "Log-rank test between the groups"),
    ("groups_suppressed", "Grupper udeladt", "Groups left out"),
    ("fewer_than", "færre end", "fewer than"),
    ("duration_source", "Varighed fra", "Duration from"),
    ("from_register", "registeret:", "the register:"),
    ("from_exits", "forløbets afslutning:", "the course's exit:"),
    ("export_csv", "Hent som CSV", "Download as CSV"),
    ("register", "Registerdata", "Register data"),
    ("register_intro", "Indlæs ugentlige ydelsesperioder (CSV: cpr;fra_uge;til_uge;ydelse, uger som ÅÅÅÅUU, UTF-8). Prøv først: en prøveindlæsning viser, hvad der ville ændre sig, uden at gemme noget. Er en linje forkert, gemmes intet.", "Import weekly benefit periods (CSV: cpr;fra_uge;til_uge;ydelse, weeks as YYYYWW, UTF-8). Try first: a dry run shows what would change without saving anything. If any line is wrong, nothing is saved."),
    ("register_refused", "Filen blev ikke indlæst. Ret disse linjer og prøv igen:", "The file was not imported. Correct these lines and try again:"),
    ("register_done", "Filen er indlæst.", "The file is imported."),
    ("register_dry_run_done", "Prøveindlæsning: intet er gemt. Sådan ville det blive:", "Dry run: nothing is saved. This is what would change:"),
    ("lines", "Linjer", "Lines"),
    ("line", "Linje", "Line"),
    ("periods_added", "Nye perioder", "New periods"),
    ("periods_extended", "Forlængede perioder", "Extended periods"),
    ("periods_unchanged", "Uændrede perioder", "Unchanged periods"),
    ("dry_run", "Prøveindlæs", "Dry run"),
    ("register_imports", "Seneste indlæsninger", "Latest imports"),
    ("none_yet", "Ingen endnu.", "None yet."),
    ("when", "Tidspunkt", "When"),
    ("by", "Af", "By"),
    ("messages", "Beskeder", "Messages"),
    ("my_deadlines", "Mine forløb", "My courses"),
    ("team_deadlines", "Hele teamet", "The whole team"),
    ("deadlines_explained", "Forfaldne frister og frister de næste 14 dage.", "Overdue deadlines and those in the next 14 days."),
    ("no_deadlines_now", "Ingen forfaldne eller kommende frister.", "No overdue or coming deadlines."),
    ("handed_over_by", "Et forløb er overdraget til dig af", "A course was handed over to you by"),
    ("course_control", "Forløbskontrol og afslutning", "Course control and exit"),
    ("no_deadlines", "Ingen frister de næste 26 uger.", "No deadlines in the next 26 weeks."),
    ("due", "Frist", "Due"),
    ("deadline", "Hvad", "What"),
    ("details", "Detaljer", "Details"),
    ("close_course", "Afslut forløbet", "Close the course"),
    ("outcome", "Udfald", "Outcome"),
    ("exit_date", "Slutdato", "End date"),
    ("hours_per_week", "Timer pr. uge", "Hours per week"),
    ("hours_hint", "Kun ved job: ordinært, med løntilskud eller fleksjob.", "For a job only: ordinary, with wage subsidy, or flexjob."),
    ("close_hint", "Åbne indsatser afsluttes, og udførerne får besked. Derefter kan forløbet kun få tilføjelser i journalen.", "Open interventions end and their providers are told. After that the course only takes additions in the journal."),
    ("closed_on", "Afsluttet", "Closed"),
    ("closed_read_only", "Forløbet er afsluttet og kan ikke ændres; skriv tilføjelser i journalen (Historik).", "The course is closed and cannot be changed; write additions in the journal (History)."),
    ("progression", "Progression", "Progression"),
    ("progression_overview", "Overblik: seneste værdi og ændring siden udgangspunktet", "Overview: latest value and change since baseline"),
    ("no_goals", "Ingen progressionsmål endnu.", "No progression goals yet."),
    ("question", "Spørgsmål", "Question"),
    ("question_type", "Spørgsmålets type", "Type of question"),
    ("question_hint", "Vælg fra spørgsmålsbanken eller formulér jeres eget; skriv aktiviteten i stedet for …", "Choose from the question bank or word your own; write the activity in place of …"),
    ("gas_levels", "GAS-niveauer (kun GAS)", "GAS levels (GAS only)"),
    ("gas_levels_hint", "Fem linjer fra −2 (meget mindre end forventet) til +2 (meget mere end forventet).", "Five lines from −2 (much less than expected) to +2 (much more than expected)."),
    ("gas_weight", "Vægt (1–3, kun GAS)", "Weight (1–3, GAS only)"),
    ("interval_days", "Dage mellem målinger", "Days between measurements"),
    ("baseline_citizen", "Udgangspunkt: borgerens vurdering", "Baseline: the citizen's rating"),
    ("baseline_provider", "Udgangspunkt: udførerens vurdering", "Baseline: the provider's rating"),
    ("add_goal", "Tilføj mål", "Add goal"),
    ("new_goal", "Nyt progressionsmål", "New progression goal"),
    ("citizen_rating", "Borger", "Citizen"),
    ("provider_rating", "Udfører", "Provider"),
    ("ratings", "Vurderinger", "Ratings"),
    ("next_measurement", "Næste måling", "Next measurement"),
    ("overdue", "forfalden", "overdue"),
    ("change_since_baseline", "Ændring siden udgangspunktet", "Change since baseline"),
    ("flags", "Opmærksomhed", "Flags"),
    ("citizen_rates_at_meeting", "Borgerens egen vurdering (ved møde)", "The citizen's own rating (at a meeting)"),
    ("citizen_rates_hint", "Borgeren vurderer selv, uden at se udførerens vurdering.", "The citizen rates on their own, without seeing the provider's rating."),
    ("your_rating", "Din vurdering", "Your rating"),
    ("comment", "Kommentar", "Comment"),
    ("save_rating", "Gem vurdering", "Save rating"),
    ("decision", "Beslutning", "Decision"),
    ("decisions", "Beslutninger", "Decisions"),
    ("decision_continue", "Fortsæt", "Continue"),
    ("decision_adjust", "Justér mål eller spørgsmål", "Adjust goal or question"),
    ("decision_stop", "Stop indsatsen", "Stop the intervention"),
    ("reason", "Begrundelse", "Reason"),
    ("record_decision", "Registrér beslutning", "Record decision"),
    ("employment_goal_progress", "Fremskridt mod beskæftigelsesmålet (sagsbehandlerens vurdering)", "Progress toward the employment goal (the caseworker's rating)"),
    ("ended", "Afsluttet", "Ended"),
    ("unit_email", "Fælles e-mail til beskeder", "Shared e-mail for notifications"),
    ("unit_email_hint", "Når en SMTP-server er sat op, får enheden en e-mail om nye deltagere. E-mailen nævner kun indsats og datoer, aldrig navn eller mål.", "When an SMTP relay is configured, the unit gets an e-mail about new participants. The e-mail names only the intervention and dates, never a name or goal."),
    ("conference", "Samtaler og konference", "Conversations and conference"),
    ("conversations", "Samtaler med teamet", "Conversations with the team"),
    ("no_conversations", "Ingen samtaler booket.", "No conversations booked."),
    ("date", "Dato", "Date"),
    ("minutes", "Minutter", "Minutes"),
    ("location", "Sted", "Place"),
    ("cancel_booking", "Aflys", "Cancel"),
    ("book_conversation", "Book samtale", "Book conversation"),
    ("agenda", "Dagsorden", "Agenda"),
    ("conference_record", "Konference og referat", "Conference and record"),
    ("signed_by", "Underskrevet af", "Signed by"),
    ("signed_locked", "Referatet er låst; rettelser skrives som tillæg.", "The record is locked; corrections are written as addenda."),
    ("agreed_interventions", "Aftalte indsatser og indsatsmål", "Agreed interventions and goals"),
    ("agreed_hint", "Én pr. linje: »Indsats: indsatsmål«.", "One per line: \"Intervention: goal\"."),
    ("citizen_statement", "Borgerens egne ord", "The citizen's own words"),
    ("citizen_agrees", "Borgeren er enig i planen", "The citizen agrees with the plan"),
    ("further_assessment", "Behov for yderligere afklaring", "Need for further assessment"),
    ("addenda", "Tillæg", "Addenda"),
    ("no_addenda", "Ingen tillæg.", "No addenda."),
    ("new_addendum", "Nyt tillæg", "New addendum"),
    ("add_addendum", "Tilføj tillæg", "Add addendum"),
    ("citizen_attends", "Borgeren deltager", "The citizen attends"),
    ("invited_others", "Andre inviterede", "Others invited"),
    ("one_each_line", "Én pr. linje.", "One per line."),
    ("save_record", "Gem referat", "Save record"),
    ("schedule_conference", "Planlæg konference", "Schedule conference"),
    ("sign_hint", "Når referatet er underskrevet, kan det ikke ændres; rettelser bliver tillæg.", "Once signed, the record cannot change; corrections become addenda."),
    ("sign_record", "Underskriv referatet", "Sign the record"),
    ("record_not_signed", "Referatet er ikke underskrevet endnu.", "The record is not signed yet."),
    ("no_conference", "Konferencen er ikke planlagt endnu.", "The conference is not scheduled yet."),
    ("inbox_empty", "Ingen beskeder.", "No messages."),
    ("unread", "Ny", "New"),
    ("mark_read", "Markér som læst", "Mark as read"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t("key")` in the templates and the page code has a text, and
    /// no key is listed twice.
    #[test]
    fn every_used_key_has_a_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        let mut missing = Vec::new();
        // The citizen's self-service pages have their own three-language table.
        files.retain(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            !name.starts_with("s_") && name != "selfservice.rs"
        });
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            for part in text.split(".t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                if !TEXTS.iter().any(|(k, _, _)| *k == key) {
                    missing.push(format!("{}: {key}", f.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys without text: {missing:#?}");
        let mut keys: Vec<&str> = TEXTS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is listed twice");
    }
}
