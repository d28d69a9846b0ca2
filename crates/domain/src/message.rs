//! Messages for people, as codes: a catalogue key and its arguments. The
//! web layer turns a message into words in the reader's language (its
//! catalogue has the text of every key). Typed errors explain themselves as
//! such a message through [`Explain`]; their `Display` is for the log.

use crate::citizen::CitizenError;
use crate::course::CourseError;
use crate::cpr::CprError;
use crate::document::{DocumentError, DOCUMENT_MAX_BYTES};
use crate::icf::{CodeError, QualifierError};
use crate::questionnaire::AnswerError;
use crate::rules::RuleError;
use crate::text::TextError;
use chrono::NaiveDate;

/// A value filled into a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a name, a code the user typed).
    Text(String),
    Number(i64),
    Date(NaiveDate),
    /// Another catalogue key, shown as its text (a field's name, a code's word).
    Word(String),
    /// Another message, shown in words (a line's problem).
    Message(Box<Message>),
    /// Messages shown one after the other, separated by "; ".
    List(Vec<Message>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Arg {
        Arg::Date(d)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i8, u8, i32, u32, i64, usize);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The catalogue key of the text (`invalid.…`, `error.…`).
    pub key: &'static str,
    /// The values of the text's `{name}` places.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The message with a value for `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The message with `{name}` filled by another message.
    pub fn with_message(mut self, name: &'static str, m: Message) -> Message {
        self.args.push((name, Arg::Message(Box::new(m))));
        self
    }

    /// The message with `{name}` filled by a list of messages.
    pub fn with_list(mut self, name: &'static str, list: Vec<Message>) -> Message {
        self.args.push((name, Arg::List(list)));
        self
    }

    /// The message with `{name}` filled by the text of another key.
    pub fn with_word(mut self, name: &'static str, key: impl Into<String>) -> Message {
        self.args.push((name, Arg::Word(key.into())));
        self
    }
}

/// For the log: the key and its values.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value:?}")?;
        }
        Ok(())
    }
}

/// The catalogue key naming a text field (`field.name`).
pub fn field_key(field: &str) -> String {
    format!("field.{field}")
}

pub trait Explain {
    fn explain(&self) -> Message;
}

impl Explain for TextError {
    fn explain(&self) -> Message {
        match self {
            TextError::Empty { field } => {
                Message::new("error.text.empty").with_word("field", field_key(field))
            }
            TextError::TooLong { field, max, actual } => Message::new("error.text.too_long")
                .with_word("field", field_key(field))
                .with("max", *max)
                .with("actual", *actual),
            TextError::ControlCharacters { field } => {
                Message::new("error.text.control_characters").with_word("field", field_key(field))
            }
        }
    }
}

impl Explain for CprError {
    fn explain(&self) -> Message {
        match self {
            CprError::WrongLength(n) => Message::new("error.cpr.wrong_length").with("n", *n),
            CprError::InvalidCharacters => Message::new("error.cpr.invalid_characters"),
            CprError::ImpossibleDate => Message::new("error.cpr.impossible_date"),
        }
    }
}

impl Explain for RuleError {
    fn explain(&self) -> Message {
        match self {
            RuleError::NoRuleSet => Message::new("error.rule.no_rule_set"),
            RuleError::TargetGroupNotInForce(g) => {
                Message::new("error.rule.target_group_not_in_force")
                    .with_word("group", format!("target_group.{}", g.code()))
            }
            RuleError::CategoryRequired => Message::new("error.rule.category_required"),
            RuleError::UnknownCategory => Message::new("error.rule.unknown_category"),
        }
    }
}

impl Explain for CourseError {
    fn explain(&self) -> Message {
        match self {
            CourseError::Rule(e) => e.explain(),
            CourseError::Text(e) => e.explain(),
            CourseError::UnknownTargetGroup => Message::new("error.course.unknown_target_group"),
            CourseError::UnknownStatus => Message::new("error.course.unknown_status"),
            CourseError::FirstAbsenceRequired => {
                Message::new("error.course.first_absence_required")
            }
            CourseError::FirstAbsenceAfterStart => {
                Message::new("error.course.first_absence_after_start")
            }
            CourseError::FirstAbsenceInFuture => {
                Message::new("error.course.first_absence_in_future")
            }
            CourseError::FirstAbsenceTooEarly => {
                Message::new("error.course.first_absence_too_early")
            }
            CourseError::UnknownTrack => Message::new("error.course.unknown_track"),
        }
    }
}

impl Explain for CitizenError {
    fn explain(&self) -> Message {
        match self {
            CitizenError::Cpr(e) => e.explain(),
            CitizenError::Text(e) => e.explain(),
            CitizenError::Email => Message::new("error.citizen.email"),
        }
    }
}

impl Explain for DocumentError {
    fn explain(&self) -> Message {
        match self {
            DocumentError::Empty => Message::new("error.document.empty"),
            DocumentError::TooLarge => {
                Message::new("error.document.too_large").with("max", DOCUMENT_MAX_BYTES)
            }
            DocumentError::UnsupportedType => Message::new("error.document.unsupported_type"),
            DocumentError::ContentMismatch => Message::new("error.document.content_mismatch"),
            DocumentError::BadFilename => Message::new("error.document.bad_filename"),
        }
    }
}

impl Explain for CodeError {
    fn explain(&self) -> Message {
        match self {
            CodeError::Malformed => Message::new("error.icf.malformed"),
            CodeError::Unknown => Message::new("error.icf.unknown"),
        }
    }
}

impl Explain for QualifierError {
    fn explain(&self) -> Message {
        match self {
            QualifierError::ForExtent => Message::new("error.qualifier.for_extent"),
            QualifierError::ForEnvironment => Message::new("error.qualifier.for_environment"),
            QualifierError::PersonalFactors => Message::new("error.qualifier.personal_factors"),
        }
    }
}

impl Explain for AnswerError {
    fn explain(&self) -> Message {
        match self {
            AnswerError::NotAnOption => Message::new("error.answer.not_an_option"),
            AnswerError::OneOnly => Message::new("error.answer.one_only"),
            AnswerError::Duplicate => Message::new("error.answer.duplicate"),
            AnswerError::OutOfScale { min, max } => Message::new("error.answer.out_of_scale")
                .with("min", *min)
                .with("max", *max),
            AnswerError::OutOfRange { min, max } => Message::new("error.answer.out_of_range")
                .with("min", min.clone())
                .with("max", max.clone()),
            AnswerError::NotANumber => Message::new("error.answer.not_a_number"),
            AnswerError::NotAnInteger => Message::new("error.answer.not_an_integer"),
            AnswerError::NotADate => Message::new("error.answer.not_a_date"),
            AnswerError::TooLong(n) => Message::new("error.answer.too_long").with("n", *n),
            AnswerError::UnknownItem => Message::new("error.answer.unknown_item"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpr::Cpr;

    #[test]
    fn errors_explain_themselves_as_keys_with_values() {
        let Err(e) = Cpr::parse("12") else {
            panic!("invalid")
        };
        assert_eq!(
            e.explain(),
            Message::new("error.cpr.wrong_length").with("n", 2usize)
        );
        let t = crate::text::required("", "name", 5).unwrap_err().explain();
        assert_eq!(t.key, "error.text.empty");
        assert_eq!(t.args, vec![("field", Arg::Word("field.name".into()))]);
        assert_eq!(t.to_string(), "error.text.empty field=Word(\"field.name\")");
    }
}
