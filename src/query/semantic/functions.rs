//! What the checker knows of a function beyond its handle: the static types of its
//! arguments and result where those are certain.

use super::types::Ty;
use crate::query::catalog::{Aggregate, Function, Scalar};

/// Whether the checker accepts a call of `function` written `name`: a function of the
/// catalog, or a namespaced (dotted) name, which is left to the executor.
pub(crate) fn is_known(function: Function, name: &str) -> bool {
    function != Function::Unknown || name.contains('.')
}

/// The types the first argument of `function` may have, for the functions whose misuse
/// is visible statically (`labels(path)`, `type(node)`, `properties(1)`).
pub(crate) fn first_arg_types(function: Function) -> Option<&'static [Ty]> {
    let Function::Scalar(scalar) = function else {
        return None;
    };
    Some(match scalar {
        Scalar::Labels => &[Ty::Node],
        Scalar::Type | Scalar::StartNode | Scalar::EndNode => &[Ty::Rel],
        Scalar::Nodes | Scalar::Relationships => &[Ty::Path],
        Scalar::Length => &[Ty::Path, Ty::Str, Ty::List, Ty::RelList],
        Scalar::Size => &[Ty::Str, Ty::List, Ty::RelList],
        Scalar::Properties | Scalar::Keys => &[Ty::Node, Ty::Rel, Ty::Map],
        _ => return None,
    })
}

/// The result type of `function`, where it is certain (and never null for a non-null
/// argument of the right type).
pub(crate) fn result_type(function: Function) -> Ty {
    match function {
        Function::Scalar(
            Scalar::Labels
            | Scalar::Keys
            | Scalar::Nodes
            | Scalar::Relationships
            | Scalar::Range
            | Scalar::Split,
        )
        | Function::Aggregate(Aggregate::Collect) => Ty::List,
        Function::Aggregate(Aggregate::Count)
        | Function::Scalar(Scalar::Size | Scalar::Length | Scalar::Id) => Ty::Int,
        Function::Scalar(Scalar::Type | Scalar::ElementId) => Ty::Str,
        Function::Scalar(Scalar::StartNode | Scalar::EndNode) => Ty::Node,
        _ => Ty::Any,
    }
}
