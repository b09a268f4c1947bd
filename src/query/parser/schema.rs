//! Schema commands: `CREATE INDEX`, `DROP INDEX`, `SHOW INDEXES`, in Neo4j 5's syntax and
//! the older `ON :Label(key)` form that Neo4j 3 and 4 scripts still carry.

use super::clause::{opt_where, yield_part};
use super::{fail, kw, name, span, sym, try_kw, try_sym, variable, Expect, In, PResult};
use crate::query::ast::{Call, Clause, SchemaCommand};
use crate::schema::IndexTarget;

/// `CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key, …)`, the same `FOR
/// ()-[r:TYPE]-()`, or `CREATE INDEX ON :Label(key, …)`.
pub(super) fn create_index(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "CREATE")?;
    let (i, _) = kw(i, "INDEX")?;
    if let Some((r, _)) = try_kw(i, "ON") {
        let (r, (target, keys)) = old_schema(r)?;
        let command = SchemaCommand::CreateIndex {
            name: None,
            if_not_exists: false,
            target,
            keys,
        };
        return Ok((r, Clause::Schema(command, span(start, &r))));
    }
    let (i, index_name) = if try_kw(i, "IF").is_some() || try_kw(i, "FOR").is_some() {
        (i, None)
    } else {
        let (r, (n, _)) = name(i, false, "an index name")?;
        (r, Some(n))
    };
    let (i, if_not_exists) = match try_kw(i, "IF") {
        Some((r, _)) => {
            let (r, _) = kw(r, "NOT")?;
            let (r, _) = kw(r, "EXISTS")?;
            (r, true)
        }
        None => (i, false),
    };
    let (i, _) = kw(i, "FOR")?;
    let (i, (variable_name, target)) = index_pattern(i)?;
    let (i, _) = kw(i, "ON")?;
    let (i, keys) = key_list(i, &variable_name)?;
    let command = SchemaCommand::CreateIndex {
        name: index_name,
        if_not_exists,
        target,
        keys,
    };
    Ok((i, Clause::Schema(command, span(start, &i))))
}

/// `DROP INDEX name [IF EXISTS]` or `DROP INDEX ON :Label(key, …)`.
pub(super) fn drop_index(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "DROP")?;
    let (i, _) = kw(i, "INDEX")?;
    if let Some((r, _)) = try_kw(i, "ON") {
        let (r, schema) = old_schema(r)?;
        let command = SchemaCommand::DropIndex {
            name: None,
            if_exists: false,
            schema: Some(schema),
        };
        return Ok((r, Clause::Schema(command, span(start, &r))));
    }
    let (i, (index_name, _)) = name(i, false, "an index name")?;
    let (i, if_exists) = match try_kw(i, "IF") {
        Some((r, _)) => {
            let (r, _) = kw(r, "EXISTS")?;
            (r, true)
        }
        None => (i, false),
    };
    let command = SchemaCommand::DropIndex {
        name: Some(index_name),
        if_exists,
        schema: None,
    };
    Ok((i, Clause::Schema(command, span(start, &i))))
}

/// `SHOW [ALL | RANGE] INDEX[ES]`, alone or followed by `YIELD …` or `WHERE …` (and then
/// any clauses), which make it the call of `db.indexes()` that it is.
pub(super) fn show_indexes(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "SHOW")?;
    let i = try_kw(i, "ALL")
        .or_else(|| try_kw(i, "RANGE"))
        .map_or(i, |(r, _)| r);
    let (i, ()) = word_of(i, &["INDEXES", "INDEX"])?;
    let (i, call) = listing_call(i, start, INDEX_PROCEDURE)?;
    if call.yields.is_none() && !call.yield_all {
        let command = Clause::Schema(SchemaCommand::ShowIndexes, span(start, &i));
        return Ok((i, command));
    }
    Ok((i, Clause::Call(call)))
}

/// `SHOW PROCEDURE[S]` or `SHOW FUNCTION[S]`: the call of `db.procedures()` or
/// `db.functions()`, with what follows as for `SHOW INDEXES`.
pub(super) fn show_routines(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "SHOW")?;
    let word = super::peek_word(&i).to_ascii_uppercase();
    let (i, procedure) = if word.starts_with("FUNCTION") {
        (word_of(i, &["FUNCTIONS", "FUNCTION"])?.0, "db.functions")
    } else {
        (word_of(i, &["PROCEDURES", "PROCEDURE"])?.0, "db.procedures")
    };
    let (i, call) = listing_call(i, start, procedure)?;
    Ok((i, Clause::Call(call)))
}

/// The first of `words` (plural, then singular) as the next keyword.
fn word_of<'a>(i: In<'a>, words: &[&'static str; 2]) -> PResult<'a, ()> {
    match try_kw(i, words[0]) {
        Some((r, _)) => Ok((r, ())),
        None => kw(i, words[1]).map(|(r, _)| (r, ())),
    }
}

/// A `SHOW` command as the call of `procedure`, with what may follow it: `YIELD …` or
/// `WHERE …` (all the outputs, filtered), after which other clauses can come.
fn listing_call<'a>(i: In<'a>, start: usize, procedure: &str) -> PResult<'a, Call> {
    let (i, (yields, yield_all, where_clause)) = match opt_where(i)? {
        (r, Some(filter)) => (r, (None, true, Some(filter))),
        (_, None) => yield_part(i)?,
    };
    let call = Call {
        procedure: procedure.into(),
        args: Some(Vec::new()),
        yields,
        yield_all,
        where_clause,
        span: span(start, &i),
    };
    Ok((i, call))
}

/// The procedure that lists the indexes as `SHOW INDEXES` does.
pub(crate) const INDEX_PROCEDURE: &str = "db.indexes";

/// `(n:Label)` or `()-[r:TYPE]-()` (either direction): the variable and what it covers.
fn index_pattern(i: In<'_>) -> PResult<'_, (String, IndexTarget)> {
    let (i, _) = sym(i, "(")?;
    if let Some((r, _)) = try_sym(i, ")") {
        let (r, _) = match try_sym(r, "<-") {
            Some(found) => found,
            None => sym(r, "-")?,
        };
        let (r, _) = sym(r, "[")?;
        let (r, var) = variable(r)?;
        let (r, _) = sym(r, ":")?;
        let (r, (rel_type, _)) = name(r, true, "a relationship type")?;
        let (r, _) = sym(r, "]")?;
        let (r, _) = match try_sym(r, "->") {
            Some(found) => found,
            None => sym(r, "-")?,
        };
        let (r, _) = sym(r, "(")?;
        let (r, _) = sym(r, ")")?;
        return Ok((r, (var.name, IndexTarget::Relationships { rel_type })));
    }
    let (i, var) = variable(i)?;
    let (i, _) = sym(i, ":")?;
    let (i, (label, _)) = name(i, true, "a label")?;
    let (i, _) = sym(i, ")")?;
    Ok((i, (var.name, IndexTarget::Nodes { label })))
}

/// `(v.key, …)`, every key read off the pattern's variable.
fn key_list<'a>(i: In<'a>, var: &str) -> PResult<'a, Vec<String>> {
    parenthesised_keys(i, |i| {
        let (r, used) = variable(i)?;
        if used.name != var {
            return fail(i, Expect::Label("the variable of the FOR pattern"));
        }
        let (r, _) = sym(r, ".")?;
        let (r, (key, _)) = name(r, true, "a property key")?;
        Ok((r, key))
    })
}

/// `:Label(key, …)`, the form before Neo4j 4.
fn old_schema(i: In<'_>) -> PResult<'_, (IndexTarget, Vec<String>)> {
    let (i, _) = sym(i, ":")?;
    let (i, (label, _)) = name(i, true, "a label")?;
    let (i, keys) = parenthesised_keys(i, |i| {
        let (r, (key, _)) = name(i, true, "a property key")?;
        Ok((r, key))
    })?;
    Ok((i, (IndexTarget::Nodes { label }, keys)))
}

/// `(key, …)`: one or more keys, each read by `key`, between parentheses.
fn parenthesised_keys<'a>(
    i: In<'a>,
    key: impl Fn(In<'a>) -> PResult<'a, String>,
) -> PResult<'a, Vec<String>> {
    let (mut i, _) = sym(i, "(")?;
    let mut keys = Vec::new();
    loop {
        let (r, found) = key(i)?;
        keys.push(found);
        if let Some((r, _)) = try_sym(r, ",") {
            i = r;
            continue;
        }
        let (r, _) = sym(r, ")")?;
        return Ok((r, keys));
    }
}
