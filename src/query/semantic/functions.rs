//! Which function names the checker accepts and which of them aggregate (both as the
//! evaluator knows them), and the static types of their arguments and results where those
//! are certain.

use super::types::Ty;
use crate::query::eval;

/// Whether `name` aggregates; the evaluator's list is the one list of them.
pub(crate) fn is_aggregate(name: &str) -> bool {
    eval::is_aggregate_function(name)
}

/// A function the evaluator has, or a namespaced (dotted) name, which is left to the
/// executor.
pub(crate) fn is_known(name: &str) -> bool {
    name.contains('.') || eval::is_scalar_function(name) || eval::is_aggregate_function(name)
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
        "type" | "elementid" => Ty::Str,
        "startnode" | "endnode" => Ty::Node,
        _ => Ty::Any,
    }
}
