//! The function names the checker accepts, which of them aggregate, and the static types
//! of their arguments and results where those are certain.

use super::types::Ty;

/// Aggregating functions (lower case).
const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "collect",
    "percentiledisc",
    "percentilecont",
    "stdev",
    "stdevp",
];

/// Scalar functions (lower case). Generous on purpose: rejecting a function the evaluator
/// knows would break a correct query, while accepting one it lacks only moves the error
/// to run time.
const SCALARS: &[&str] = &[
    "id",
    "elementid",
    "labels",
    "type",
    "properties",
    "keys",
    "size",
    "length",
    "nodes",
    "relationships",
    "startnode",
    "endnode",
    "coalesce",
    "head",
    "last",
    "tail",
    "range",
    "reverse",
    "toupper",
    "tolower",
    "trim",
    "ltrim",
    "rtrim",
    "substring",
    "replace",
    "split",
    "left",
    "right",
    "tostring",
    "tostringornull",
    "tointeger",
    "tointegerornull",
    "tofloat",
    "tofloatornull",
    "toboolean",
    "tobooleanornull",
    "abs",
    "round",
    "ceil",
    "floor",
    "sign",
    "sqrt",
    "exp",
    "log",
    "log10",
    "sin",
    "cos",
    "tan",
    "cot",
    "asin",
    "acos",
    "atan",
    "atan2",
    "haversin",
    "pi",
    "e",
    "degrees",
    "radians",
    "rand",
    "randomuuid",
    "timestamp",
    "exists",
    "isempty",
    "isnan",
    "nullif",
    "char_length",
    "character_length",
];

pub(crate) fn is_aggregate(name: &str) -> bool {
    AGGREGATES.contains(&name.to_ascii_lowercase().as_str())
}

/// Known scalar function, aggregate, or a namespaced (dotted) name, which is left to the
/// executor.
pub(crate) fn is_known(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.contains('.') || SCALARS.contains(&lower.as_str()) || AGGREGATES.contains(&lower.as_str())
}

/// The types the first argument of `name` may have, for the functions whose misuse is
/// visible statically (`labels(path)`, `type(node)`, `properties(1)`).
pub(crate) fn first_arg_types(lower: &str) -> Option<&'static [Ty]> {
    Some(match lower {
        "labels" => &[Ty::Node],
        "type" | "startnode" | "endnode" => &[Ty::Rel],
        "nodes" | "relationships" => &[Ty::Path],
        "length" => &[Ty::Path, Ty::Str, Ty::List, Ty::RelList],
        "size" => &[Ty::Str, Ty::List, Ty::RelList],
        "properties" | "keys" => &[Ty::Node, Ty::Rel, Ty::Map],
        _ => return None,
    })
}

/// The result type of `name`, where it is certain (and never null for a non-null
/// argument of the right type).
pub(crate) fn result_type(lower: &str) -> Ty {
    match lower {
        "labels" | "keys" | "nodes" | "relationships" | "range" | "split" | "collect" => Ty::List,
        "count" | "size" | "length" | "id" => Ty::Int,
        "type" => Ty::Str,
        "startnode" | "endnode" => Ty::Node,
        _ => Ty::Any,
    }
}
