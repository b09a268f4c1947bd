//! Static types the checker can know about a variable or expression, and the variable
//! scope they live in.

use std::collections::BTreeMap;

/// What is statically known of a value. `Any` means nothing is known; `Null` is
/// compatible with every use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Node,
    Rel,
    /// The list of relationships bound by a variable-length pattern.
    RelList,
    Path,
    Bool,
    Int,
    Float,
    Str,
    List,
    Map,
    Null,
    Any,
}

impl Ty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Node => "a node",
            Ty::Rel => "a relationship",
            Ty::RelList => "a list of relationships",
            Ty::Path => "a path",
            Ty::Bool => "a boolean",
            Ty::Int => "an integer",
            Ty::Float => "a float",
            Ty::Str => "a string",
            Ty::List => "a list",
            Ty::Map => "a map",
            Ty::Null => "null",
            Ty::Any => "a value",
        }
    }

    /// Whether a value of this type may be used where `allowed` types are expected;
    /// unknown and null values always may.
    pub(crate) fn fits(self, allowed: &[Ty]) -> bool {
        matches!(self, Ty::Any | Ty::Null) || allowed.contains(&self)
    }

    /// Usable as an operand of `AND`, `OR`, `XOR` and `NOT`.
    pub(crate) fn boolish(self) -> bool {
        self.fits(&[Ty::Bool])
    }

    /// Can have properties read with `.key`.
    pub(crate) fn has_properties(self) -> bool {
        self.fits(&[Ty::Node, Ty::Rel, Ty::Map])
    }
}

/// The variables visible at one point of a query, with their static types.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub(crate) vars: BTreeMap<String, Ty>,
    /// Set after `YIELD *` or a `CALL` without `YIELD`: which names the procedure
    /// introduces is unknown here, so no name can be called undefined.
    pub(crate) open: bool,
}

impl Scope {
    pub(crate) fn get(&self, name: &str) -> Option<Ty> {
        self.vars.get(name).copied()
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    pub(crate) fn insert(&mut self, name: &str, ty: Ty) {
        self.vars.insert(name.to_owned(), ty);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.vars.is_empty() && !self.open
    }
}
