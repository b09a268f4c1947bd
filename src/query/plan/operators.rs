//! The operators of a plan, kept in one arena and numbered, so that the executor can count
//! rows against an operator by its number while the tree stays a description.

use super::{Measured, PlanOperator};

/// An operator's number in its plan.
pub(crate) type OpId = usize;

struct Op {
    name: &'static str,
    details: String,
    estimate: f64,
    children: Vec<OpId>,
}

#[derive(Default)]
pub(super) struct Ops {
    ops: Vec<Op>,
    /// Whether anyone will read the operators' details (EXPLAIN, PROFILE): writing them
    /// costs more than planning a point lookup.
    pub(super) described: bool,
}

impl Ops {
    pub(super) fn add(
        &mut self,
        name: &'static str,
        details: impl FnOnce() -> String,
        estimate: f64,
        children: Vec<OpId>,
    ) -> OpId {
        self.ops.push(Op {
            name,
            details: if self.described {
                details()
            } else {
                String::new()
            },
            estimate: estimate.max(0.0),
            children,
        });
        self.ops.len() - 1
    }

    pub(super) fn estimate(&self, op: OpId) -> f64 {
        self.ops.get(op).map_or(1.0, |o| o.estimate)
    }

    pub(super) fn len(&self) -> usize {
        self.ops.len()
    }

    pub(super) fn describe(
        &self,
        op: OpId,
        measured: Option<&dyn Fn(OpId) -> Measured>,
    ) -> PlanOperator {
        let Some(found) = self.ops.get(op) else {
            return PlanOperator {
                name: "Argument".to_owned(),
                details: String::new(),
                estimated_rows: 1.0,
                rows: None,
                time: None,
                threads: None,
                children: Vec::new(),
            };
        };
        let seen = measured.map(|m| m(op)).unwrap_or_default();
        PlanOperator {
            name: found.name.to_owned(),
            details: found.details.clone(),
            estimated_rows: found.estimate,
            rows: seen.rows,
            time: seen.time,
            threads: seen.threads,
            children: found
                .children
                .iter()
                .map(|&c| self.describe(c, measured))
                .collect(),
        }
    }
}
