//! The management pages and their exports.

use crate::paths::paths;

paths! {
    home() = "/ledelse";
    outcomes() = "/ledelse/resultater";
    outcomes_export() = "/ledelse/resultater/eksport";
    caseload() = "/ledelse/sagsstamme";
    caseload_export() = "/ledelse/sagsstamme/eksport";
    caseload_target() = "/ledelse/sagsstamme/maal";
    caseload_move() = "/ledelse/sagsstamme/flyt";
    capacity() = "/ledelse/kapacitet";
    capacity_export() = "/ledelse/kapacitet/eksport";
    economics() = "/ledelse/oekonomi";
    economics_export() = "/ledelse/oekonomi/eksport";
    investment() = "/ledelse/oekonomi/investering";
    rate() = "/ledelse/oekonomi/sats";
    rates() = "/ledelse/oekonomi/satser";
    rates_file() = "/ledelse/oekonomi/satser/fil";
    comparison() = "/ledelse/oekonomi/sammenligning";
    screening() = "/ledelse/screening";
    screening_export() = "/ledelse/screening/eksport";
    research() = "/ledelse/forskning";
    research_export() = "/ledelse/forskning/eksport";
    what_works() = "/ledelse/hvad-virker";
    what_works_export() = "/ledelse/hvad-virker/eksport";
    register() = "/ledelse/register";
    register_dry_run() = "/ledelse/register/proeve";
}
