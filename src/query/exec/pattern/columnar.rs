//! Scans aggregated straight from property columns: when a [`StoredScan`] has a column for
//! every key it reads and its projection takes runs of integers
//! ([`Projector::columnar_aggregation`]), each position is tested, grouped and added to
//! its group's runs in one tight loop, and each group reaches the projection once.

use rustc_hash::FxHashMap;

use super::{
    compared_with, ConstantMap, InPlace, Places, ReadyMatch, ScanColumns, Scanned, StoredScan,
};
use crate::graph::{Column, Direction, PropertyRef};
use crate::query::ast::BinaryOp;
use crate::query::eval::IntegerRun;
use crate::query::exec::project::{ColumnarAggregation, Projector};
use crate::query::exec::{Executor, Row};
use crate::query::QueryError;
use crate::value::Value;

/// What one aggregate reads at a position.
enum Argument<'c> {
    /// Nothing: `count(*)`.
    Star,
    /// The integers of a column.
    Integers(&'c [i64], &'c crate::graph::ColumnBits),
    /// Whether a column has a value (`count(x)`).
    Present(&'c Column),
}

/// One condition of the scan's WHERE, as a position is tested against it.
enum Test<'c> {
    /// An integer column compared with an integer: `value op constant`.
    Integers {
        values: &'c [i64],
        present: &'c crate::graph::ColumnBits,
        op: BinaryOp,
        constant: i64,
    },
    /// A column of words: the condition's truth for each word, decided once.
    Words { codes: &'c [u32], truth: Vec<bool> },
    /// Anything else, compared as a record read would be.
    Read(&'c InPlace, &'c Value),
    /// The node's property map of constants.
    Map(&'c ConstantMap),
}

impl Test<'_> {
    #[inline]
    fn passes(&self, columns: &ScanColumns, at: usize) -> bool {
        match self {
            Test::Integers {
                values,
                present,
                op,
                constant,
            } => {
                present.contains(at)
                    && match op {
                        BinaryOp::Eq => values[at] == *constant,
                        BinaryOp::Ne => values[at] != *constant,
                        BinaryOp::Lt => values[at] < *constant,
                        BinaryOp::Le => values[at] <= *constant,
                        BinaryOp::Gt => values[at] > *constant,
                        _ => values[at] >= *constant,
                    }
            }
            Test::Words { codes, truth } => codes
                .get(at)
                .and_then(|&code| truth.get(code as usize))
                .is_some_and(|&t| t),
            Test::Read(cmp, constant) => {
                let property = cmp.key.and_then(|key| columns.get(key, at));
                compared_with(cmp, property, constant) == Some(true)
            }
            Test::Map(map) => map.holds(|key| columns.get(key, at)),
        }
    }

    fn of<'c>(columns: &'c ScanColumns, cmp: &'c InPlace, constant: &'c Value) -> Test<'c> {
        let column = cmp.key.and_then(|key| columns.column(key));
        match (column, constant) {
            (Some(Column::Integers { values, present }), Value::Int(c)) => {
                let op = match (cmp.op, cmp.flipped) {
                    (op @ (BinaryOp::Eq | BinaryOp::Ne), _) => Some(op),
                    (op @ (BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge), false) => {
                        Some(op)
                    }
                    (BinaryOp::Lt, true) => Some(BinaryOp::Gt),
                    (BinaryOp::Le, true) => Some(BinaryOp::Ge),
                    (BinaryOp::Gt, true) => Some(BinaryOp::Lt),
                    (BinaryOp::Ge, true) => Some(BinaryOp::Le),
                    _ => None,
                };
                match op {
                    Some(op) => Test::Integers {
                        values,
                        present,
                        op,
                        constant: *c,
                    },
                    None => Test::Read(cmp, constant),
                }
            }
            (Some(Column::Strings { codes, words }), _) => {
                let holds = |word: &str| {
                    compared_with(cmp, Some(PropertyRef::Str(word)), constant) == Some(true)
                };
                Test::Words {
                    codes,
                    truth: words.iter().map(|word| holds(word)).collect(),
                }
            }
            _ => Test::Read(cmp, constant),
        }
    }
}

/// How a position finds its group.
enum GroupBy<'c> {
    /// No grouping key: one group.
    One,
    /// A column of words: by code (the last entry for an absent key).
    Words(&'c [u32], Vec<u32>),
    /// A column of integers: by value, absent ones in a group of their own.
    Integers(
        &'c [i64],
        &'c crate::graph::ColumnBits,
        FxHashMap<i64, u32>,
        Option<u32>,
    ),
}

/// One group's rows so far.
struct GroupRuns {
    /// The place of its first row, which gives its representative, and that row's column
    /// position, which gives its key.
    first: (usize, usize),
    rows: u64,
    runs: Vec<IntegerRun>,
}

impl GroupBy<'_> {
    /// The group of column position `at`; a new group gets the number `next`.
    #[inline]
    fn group(&mut self, at: usize, next: u32) -> u32 {
        match self {
            GroupBy::One => 0,
            GroupBy::Words(codes, groups) => {
                let code = codes.get(at).map_or(u32::MAX, |&c| c) as usize;
                let slot = code.min(groups.len() - 1);
                if groups[slot] == u32::MAX {
                    groups[slot] = next;
                }
                groups[slot]
            }
            GroupBy::Integers(values, present, groups, absent) => {
                if present.contains(at) {
                    *groups.entry(values[at]).or_insert(next)
                } else {
                    *absent.get_or_insert(next)
                }
            }
        }
    }
}

impl Executor<'_> {
    /// Runs a [`StoredScan`] over `places` as aggregation from columns; false, with
    /// nothing done, when the places have no columns, the relationships are undirected
    /// (each counts twice), or the projection or the columns do not allow it.
    pub(super) fn aggregate_columns(
        &self,
        ready: &ReadyMatch<'_>,
        scan: &StoredScan<'_>,
        input: &[Row],
        places: &Places<'_>,
        projector: &mut Projector<'_>,
    ) -> Result<bool, QueryError> {
        let Some(plan) = projector.columnar_aggregation(&self.graph) else {
            return Ok(false);
        };
        self.aggregate_with(ready, (scan, input), places, &plan, projector)
    }

    /// [`Self::aggregate_columns`] over the places of each of several relationship types,
    /// when every one with relationships allows it; false, with nothing done, otherwise.
    pub(super) fn aggregate_types(
        &self,
        ready: &ReadyMatch<'_>,
        scan: &StoredScan<'_>,
        input: &[Row],
        each: Vec<Places<'_>>,
        projector: &mut Projector<'_>,
    ) -> Result<bool, QueryError> {
        let Some(plan) = projector.columnar_aggregation(&self.graph) else {
            return Ok(false);
        };
        let each: Vec<Places<'_>> = (each.into_iter())
            .filter(|places| !matches!(places, Places::Relationships(list, ..) if list.is_empty()))
            .collect();
        let ready_for = |places: &Places<'_>| {
            columns_of(scan, places).is_some_and(|(columns, _)| prepare(columns, &plan).is_some())
        };
        if !each.iter().all(ready_for) {
            return Ok(false);
        }
        for places in &each {
            self.aggregate_with(ready, (scan, input), places, &plan, projector)?;
        }
        Ok(true)
    }

    /// [`Self::aggregate_columns`] with the projection's `plan`.
    fn aggregate_with(
        &self,
        ready: &ReadyMatch<'_>,
        (scan, input): (&StoredScan<'_>, &[Row]),
        places: &Places<'_>,
        plan: &ColumnarAggregation,
        projector: &mut Projector<'_>,
    ) -> Result<bool, QueryError> {
        let graph = &*self.graph;
        let Some((columns, turned)) = columns_of(scan, places) else {
            return Ok(false);
        };
        let Some((mut group_by, arguments)) = prepare(columns, plan) else {
            return Ok(false);
        };
        let compared = scan.conditions.iter();
        let tests: Vec<Test<'_>> = (compared
            .map(|&(cmp, constant)| Test::of(columns, cmp, constant)))
        .chain(scan.map.map(Test::Map))
        .collect();
        let pattern = &ready.pattern;
        let start_ops = pattern.ops.first().map_or(&[][..], |p| p.start.as_slice());
        let mut groups: Vec<GroupRuns> = Vec::new();
        let mut take = |place: usize, at: usize| -> Result<(), QueryError> {
            self.guard.tick()?;
            if let Some(profile) = &self.profile {
                start_ops.iter().for_each(|&op| profile.row(op));
            }
            if !tests.iter().all(|test| test.passes(columns, at)) {
                return Ok(());
            }
            if let (Some(profile), Some(op)) = (&self.profile, pattern.filter_op) {
                profile.row(op);
            }
            let group = group_by.group(at, groups.len() as u32) as usize;
            if group == groups.len() {
                groups.push(GroupRuns {
                    first: (place, at),
                    rows: 0,
                    runs: vec![IntegerRun::default(); arguments.len()],
                });
            }
            let group = &mut groups[group];
            group.rows += 1;
            for (run, argument) in group.runs.iter_mut().zip(&arguments) {
                match argument {
                    Argument::Star => {}
                    Argument::Integers(values, present) => {
                        if present.contains(at) {
                            run.push(values[at]);
                        }
                    }
                    Argument::Present(column) => run.count += u64::from(column.get(at).is_some()),
                }
            }
            Ok(())
        };
        match places {
            Places::Nodes(candidates, _) => {
                for (place, &id) in candidates.iter().enumerate() {
                    if let Some(at) = graph.node_position(id) {
                        take(place, at)?;
                    }
                }
            }
            Places::Relationships(list, range, _) => {
                for at in range.clone() {
                    if scan.scanned.ends_hold(graph, list[at], turned) {
                        take(at, at)?;
                    }
                }
            }
        }
        let width = pattern.scope.len();
        for group in groups {
            let (place, at) = group.first;
            let representative = || places.row(graph, scan, &input[0], width, (place, turned));
            let read = |key| columns.get(key, at);
            let key = match plan.key {
                Some(_) if plan.computed_key => {
                    let entity = || places.entity(graph, place);
                    Some(projector.computed_key(self, &read, &entity)?)
                }
                key => key.map(|key| read(key).map_or(Value::Null, |v| v.into_value())),
            };
            projector.absorb_runs(self, key, &representative, group.rows, &group.runs)?;
        }
        Ok(true)
    }
}

/// The columns of `places`, and whether the scan's left node is a relationship's end;
/// `None` without columns, and for undirected relationships (each would count twice).
fn columns_of<'c>(
    scan: &StoredScan<'_>,
    places: &'c Places<'_>,
) -> Option<(&'c ScanColumns, bool)> {
    let columns = match places {
        Places::Nodes(_, Some(columns)) | Places::Relationships(_, _, Some(columns)) => columns,
        _ => return None,
    };
    let turned = match scan.scanned {
        Scanned::Relationships {
            direction: Direction::Both,
            ..
        } => return None,
        Scanned::Relationships { direction, .. } => direction == Direction::Incoming,
        Scanned::Nodes { .. } => false,
    };
    Some((columns, turned))
}

/// How the positions find their groups and what each aggregate reads; `None` when a column
/// does not allow it (a grouping key of floats or texts, a sum of anything but integers).
fn prepare<'c>(
    columns: &'c ScanColumns,
    plan: &ColumnarAggregation,
) -> Option<(GroupBy<'c>, Vec<Argument<'c>>)> {
    let group_by = match plan.key {
        None => GroupBy::One,
        Some(key) => match columns.column(key)? {
            Column::Strings { codes, words } => {
                GroupBy::Words(codes, vec![u32::MAX; words.len() + 1])
            }
            Column::Integers { values, present } => {
                GroupBy::Integers(values, present, FxHashMap::default(), None)
            }
            _ => return None,
        },
    };
    let mut arguments = Vec::new();
    for argument in &plan.arguments {
        arguments.push(match *argument {
            None => Argument::Star,
            Some((key, only_counts)) => match columns.column(key)? {
                Column::Integers { values, present } => Argument::Integers(values, present),
                column if only_counts => Argument::Present(column),
                _ => return None,
            },
        });
    }
    Some((group_by, arguments))
}
