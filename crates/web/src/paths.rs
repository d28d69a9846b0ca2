//! URL paths, each defined once. A feature lists its pages' paths in its
//! `paths.rs` with [`paths!`]; that gives the router its pattern
//! (`route::status` is `"/forloeb/{id}/status"`) and everyone else a
//! function that fills it in (`status(course)` is `"/forloeb/…/status"`).
//! Templates call the same functions (`{{ crate::courses::paths::status(id) }}`),
//! so a path is typed out in one place only, and a path that changes changes
//! everywhere.

use std::fmt::Display;

/// Defines a feature's paths: `name(arg, …) = "/pattern/{arg}/…";`, each
/// `{…}` segment filled, in order, by one argument.
macro_rules! paths {
    ($( $(#[$doc:meta])* $name:ident( $($arg:ident),* ) = $pattern:literal; )*) => {
        /// The patterns, as the router takes them.
        #[allow(non_upper_case_globals, dead_code)]
        pub mod route {
            $( pub const $name: &str = $pattern; )*
        }
        $(
            $(#[$doc])*
            #[allow(dead_code)]
            pub fn $name($($arg: impl std::fmt::Display),*) -> String {
                $crate::paths::fill($pattern, &[$(&$arg),*])
            }
        )*
    };
}
pub(crate) use paths;

/// The pattern with each `{…}` segment replaced by the next argument.
pub fn fill(pattern: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(pattern.len() + 36 * args.len());
    let mut args = args.iter();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        match args.next() {
            Some(a) => out.push_str(&a.to_string()),
            None => out.push_str(&rest[open..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    debug_assert!(
        args.next().is_none(),
        "more arguments than {pattern} has segments"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    paths! {
        list() = "/forloeb";
        one(id) = "/forloeb/{id}";
        two(id, pid) = "/forloeb/{id}/plan/{pid}/afslut";
        file(name) = "/static/{name}.css";
    }

    #[test]
    fn each_segment_takes_the_next_argument() {
        assert_eq!(list(), "/forloeb");
        assert_eq!(route::one, "/forloeb/{id}");
        assert_eq!(one(7), "/forloeb/7");
        assert_eq!(two("a", "b"), "/forloeb/a/plan/b/afslut");
        assert_eq!(file("app"), "/static/app.css");
    }

    #[test]
    fn a_missing_argument_leaves_its_segment() {
        assert_eq!(fill("/s/{token}/side/{n}", &[&"t"]), "/s/t/side/{n}");
    }
}
