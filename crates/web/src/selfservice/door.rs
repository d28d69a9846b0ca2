//! Which door a questionnaire is answered through: its one-time link
//! (`/s/{token}`), or Min plan, where the logged-in citizen opens it by its
//! id. The pages are the same; the door gives their paths, the token a
//! form must carry, and the way back.

/// The paths of one questionnaire's pages behind one door.
pub trait DoorPaths: Send + Sync {
    fn intro(&self) -> String;
    fn language(&self, lang: &str) -> String;
    fn page(&self, n: usize) -> String;
    fn review(&self) -> String;
    fn send(&self) -> String;
    fn thanks(&self) -> String;
}

pub struct Door {
    paths: Box<dyn DoorPaths>,
    /// The session's form token (Min plan); a link is its own credential.
    pub csrf: Option<String>,
    /// Where the citizen came from, shown as a way back (Min plan).
    pub home: Option<String>,
}

impl Door {
    /// The door of a one-time link.
    pub fn link(token: &str) -> Door {
        Door {
            paths: Box::new(Link(token.to_string())),
            csrf: None,
            home: None,
        }
    }

    /// Another door, e.g. Min plan's.
    pub fn new(paths: Box<dyn DoorPaths>, csrf: Option<String>, home: Option<String>) -> Door {
        Door { paths, csrf, home }
    }

    pub fn intro(&self) -> String {
        self.paths.intro()
    }
    pub fn language(&self, lang: &str) -> String {
        self.paths.language(lang)
    }
    /// Page `n` (a number, or a template's reference to one).
    pub fn page(&self, n: impl std::borrow::Borrow<usize>) -> String {
        self.paths.page(*n.borrow())
    }
    pub fn review(&self) -> String {
        self.paths.review()
    }
    pub fn send(&self) -> String {
        self.paths.send()
    }
    pub fn thanks(&self) -> String {
        self.paths.thanks()
    }
}

struct Link(String);

impl DoorPaths for Link {
    fn intro(&self) -> String {
        super::paths::intro(&self.0)
    }
    fn language(&self, lang: &str) -> String {
        super::paths::language(&self.0, lang)
    }
    fn page(&self, n: usize) -> String {
        super::paths::page(&self.0, n)
    }
    fn review(&self) -> String {
        super::paths::review(&self.0)
    }
    fn send(&self) -> String {
        super::paths::send(&self.0)
    }
    fn thanks(&self) -> String {
        super::paths::thanks(&self.0)
    }
}
