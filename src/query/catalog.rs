//! The function catalog: every function of the query language as a handle
//! ([`Function`]), resolved once from the name as written when the syntax tree is built,
//! so that the checker, the planner and the evaluator decide on the handle and no row
//! looks a name up.

use crate::temporal::{Between, Kind};

/// Declares an enum of functions with the name Neo4j writes for each.
macro_rules! functions {
    ($(#[$doc:meta])* $enum:ident { $($variant:ident = $name:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $enum {
            $($variant,)*
        }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The name as Neo4j writes it.
            pub fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

            fn named(name: &str) -> Option<$enum> {
                Self::ALL.iter().copied().find(|f| f.name().eq_ignore_ascii_case(name))
            }
        }
    };
}

functions! {
    /// The scalar (non-aggregating, non-temporal) functions.
    Scalar {
        Id = "id",
        ElementId = "elementId",
        Labels = "labels",
        Type = "type",
        Properties = "properties",
        Keys = "keys",
        Size = "size",
        Length = "length",
        Nodes = "nodes",
        Relationships = "relationships",
        StartNode = "startNode",
        EndNode = "endNode",
        Coalesce = "coalesce",
        Head = "head",
        Last = "last",
        Tail = "tail",
        Range = "range",
        Reverse = "reverse",
        ToUpper = "toUpper",
        ToLower = "toLower",
        Trim = "trim",
        LTrim = "ltrim",
        RTrim = "rtrim",
        Substring = "substring",
        Replace = "replace",
        Split = "split",
        Left = "left",
        Right = "right",
        ToString = "toString",
        ToStringOrNull = "toStringOrNull",
        ToInteger = "toInteger",
        ToIntegerOrNull = "toIntegerOrNull",
        ToFloat = "toFloat",
        ToFloatOrNull = "toFloatOrNull",
        ToBoolean = "toBoolean",
        ToBooleanOrNull = "toBooleanOrNull",
        Abs = "abs",
        Round = "round",
        Ceil = "ceil",
        Floor = "floor",
        Sign = "sign",
        Sqrt = "sqrt",
        Exp = "exp",
        Log = "log",
        Log10 = "log10",
        Sin = "sin",
        Cos = "cos",
        Tan = "tan",
        Cot = "cot",
        Asin = "asin",
        Acos = "acos",
        Atan = "atan",
        Atan2 = "atan2",
        Pi = "pi",
        E = "e",
        Rand = "rand",
        Degrees = "degrees",
        Radians = "radians",
        Exists = "exists",
        IsEmpty = "isEmpty",
        NullIf = "nullIf",
        CharLength = "char_length",
        CharacterLength = "character_length",
    }
}

functions! {
    /// The aggregating functions (`count(*)` is an expression of its own).
    Aggregate {
        Count = "count",
        Sum = "sum",
        Avg = "avg",
        Min = "min",
        Max = "max",
        Collect = "collect",
        StDev = "stDev",
        StDevP = "stDevP",
        PercentileDisc = "percentileDisc",
        PercentileCont = "percentileCont",
    }
}

functions! {
    /// The clock a temporal constructor reads the current instant from.
    Clock {
        Transaction = "transaction",
        Statement = "statement",
        Realtime = "realtime",
    }
}

/// The temporal functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Temporal {
    /// `date(…)`, `datetime(…)`, …
    Construct(Kind),
    /// `date.statement()`, …
    Now(Kind, Clock),
    /// `date.truncate(unit, value [, map])`, …
    Truncate(Kind),
    Duration,
    /// `duration.between`, `duration.inMonths`, …
    Between(Between),
    /// `datetime.fromEpoch(seconds, nanoseconds)`
    FromEpoch,
    /// `datetime.fromEpochMillis(milliseconds)`
    FromEpochMillis,
}

const KINDS: [Kind; 5] = [
    Kind::Date,
    Kind::LocalTime,
    Kind::Time,
    Kind::LocalDateTime,
    Kind::DateTime,
];

const MEASURES: [(Between, &str); 4] = [
    (Between::All, "between"),
    (Between::Months, "inMonths"),
    (Between::Days, "inDays"),
    (Between::Seconds, "inSeconds"),
];

impl Temporal {
    /// Every temporal function, in the order `SHOW FUNCTIONS` would find them.
    pub fn all() -> impl Iterator<Item = Temporal> {
        let per_kind = KINDS.iter().flat_map(|&kind| {
            std::iter::once(Temporal::Construct(kind))
                .chain(
                    Clock::ALL
                        .iter()
                        .map(move |&clock| Temporal::Now(kind, clock)),
                )
                .chain(std::iter::once(Temporal::Truncate(kind)))
        });
        per_kind
            .chain(std::iter::once(Temporal::Duration))
            .chain(
                MEASURES
                    .iter()
                    .map(|&(measure, _)| Temporal::Between(measure)),
            )
            .chain([Temporal::FromEpoch, Temporal::FromEpochMillis])
    }

    /// The name as Neo4j writes it.
    pub fn name(self) -> String {
        match self {
            Temporal::Construct(kind) => kind_name(kind).to_owned(),
            Temporal::Now(kind, clock) => format!("{}.{}", kind_name(kind), clock.name()),
            Temporal::Truncate(kind) => format!("{}.truncate", kind_name(kind)),
            Temporal::Duration => "duration".to_owned(),
            Temporal::Between(measure) => format!("duration.{}", measure_name(measure)),
            Temporal::FromEpoch => "datetime.fromEpoch".to_owned(),
            Temporal::FromEpochMillis => "datetime.fromEpochMillis".to_owned(),
        }
    }

    fn named(name: &str) -> Option<Temporal> {
        let lower = name.to_ascii_lowercase();
        match lower.split_once('.') {
            None if lower == "duration" => Some(Temporal::Duration),
            None => Kind::from_function(&lower).map(Temporal::Construct),
            Some(("duration", measure)) => MEASURES
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(measure))
                .map(|&(measure, _)| Temporal::Between(measure)),
            Some(("datetime", "fromepoch")) => Some(Temporal::FromEpoch),
            Some(("datetime", "fromepochmillis")) => Some(Temporal::FromEpochMillis),
            Some((kind, suffix)) => {
                let kind = Kind::from_function(kind)?;
                match suffix {
                    "truncate" => Some(Temporal::Truncate(kind)),
                    clock => Clock::named(clock).map(|clock| Temporal::Now(kind, clock)),
                }
            }
        }
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Date => "date",
        Kind::LocalTime => "localtime",
        Kind::Time => "time",
        Kind::LocalDateTime => "localdatetime",
        Kind::DateTime => "datetime",
    }
}

fn measure_name(measure: Between) -> &'static str {
    MEASURES
        .iter()
        .find(|(m, _)| *m == measure)
        .map_or("between", |(_, name)| name)
}

/// What a function call calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    Scalar(Scalar),
    Temporal(Temporal),
    Aggregate(Aggregate),
    /// A name the language does not have: the checker reports it (`UnknownFunction`).
    Unknown,
}

impl Function {
    /// The function a call names, in any case (`toUpper`, `TOUPPER`).
    pub fn resolve(name: &str) -> Function {
        if let Some(f) = Scalar::named(name) {
            Function::Scalar(f)
        } else if let Some(f) = Aggregate::named(name) {
            Function::Aggregate(f)
        } else if let Some(f) = Temporal::named(name) {
            Function::Temporal(f)
        } else {
            Function::Unknown
        }
    }

    pub fn is_aggregate(self) -> bool {
        matches!(self, Function::Aggregate(_))
    }

    /// Whether two calls with the same arguments may give different values (`rand()`):
    /// such a call is never evaluated ahead of its row or once for many.
    pub fn is_volatile(self) -> bool {
        self == Function::Scalar(Scalar::Rand)
    }

    /// Every function of the language, as Neo4j writes its name, with its category
    /// (`scalar`, `temporal` or `aggregating`), in name order.
    pub fn catalogue() -> Vec<(String, &'static str)> {
        let mut all: Vec<(String, &'static str)> = Scalar::ALL
            .iter()
            .map(|f| (f.name().to_owned(), "scalar"))
            .chain(Temporal::all().map(|f| (f.name(), "temporal")))
            .chain(
                Aggregate::ALL
                    .iter()
                    .map(|f| (f.name().to_owned(), "aggregating")),
            )
            .collect();
        all.sort_by_key(|(name, _)| name.to_ascii_lowercase());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_resolves_to_its_own_handle_in_any_case() {
        let mut seen = std::collections::HashSet::new();
        for (name, category) in Function::catalogue() {
            let f = Function::resolve(&name);
            assert!(seen.insert(f), "{name} shares a handle");
            assert_eq!(Function::resolve(&name.to_ascii_uppercase()), f);
            let expected = match f {
                Function::Scalar(_) => "scalar",
                Function::Temporal(_) => "temporal",
                Function::Aggregate(_) => "aggregating",
                Function::Unknown => panic!("{name} is not resolved"),
            };
            assert_eq!(category, expected, "{name}");
        }
        assert_eq!(seen.len(), 63 + 32 + 10);
    }

    #[test]
    fn names_the_language_lacks_are_unknown() {
        for name in [
            "",
            "nosuch",
            "date.nosuch",
            "duration.inYears",
            "algo.pageRank",
            ".",
        ] {
            assert_eq!(Function::resolve(name), Function::Unknown, "{name}");
        }
        assert_eq!(
            Function::resolve("Duration.InMonths"),
            Function::Temporal(Temporal::Between(Between::Months))
        );
    }
}
