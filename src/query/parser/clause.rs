//! Statements, clauses and patterns.

use super::expr::{expression, label_list, postfix, properties};
use super::{
    fail, fatal, kw, labelled, name, not_supported, off, peek_word, span, sym, try_kw, try_sym,
    variable, ws, Expect, In, PResult,
};
use crate::query::ast::*;

/// A whole statement: clauses, `UNION [ALL]` queries, an optional `;`, then nothing.
pub(crate) fn statement(i: In<'_>) -> PResult<'_, Statement> {
    let i = ws(i);
    let (i, mode) = if let Some((r, _)) = try_kw(i, "EXPLAIN") {
        (r, Mode::Explain)
    } else if let Some((r, _)) = try_kw(i, "PROFILE") {
        (r, Mode::Profile)
    } else {
        (i, Mode::Run)
    };
    let i = ws(i);
    let (i, mut body) = queries(i)?;
    body.mode = mode;
    let i = match try_sym(i, ";") {
        Some((r, _)) => r,
        None => {
            let _ = fail::<()>(i, Expect::Token(";"));
            i
        }
    };
    let i = ws(i);
    if let Some(at) = super::open_comment(&i) {
        return fatal(
            at,
            "UnexpectedSyntax",
            "unterminated comment: '/*' has no closing '*/'",
        );
    }
    if !i.fragment().is_empty() {
        return fail(i, Expect::Label("end of input"));
    }
    Ok((i, body))
}

/// A query and each `UNION [ALL]` query after it.
fn queries(i: In<'_>) -> PResult<'_, Statement> {
    let i = ws(i);
    let start = off(&i);
    let (mut i, first) = single_query(i)?;
    let mut end = off(&i);
    let mut unions = Vec::new();
    while let Some((r, _)) = try_kw(i, "UNION") {
        let (r, all) = match try_kw(r, "ALL") {
            Some((r, _)) => (r, true),
            None => (r, false),
        };
        let (r, q) = single_query(r)?;
        unions.push((all, q));
        end = off(&r);
        i = r;
    }
    let _ = fail::<()>(i, Expect::Token("UNION"));
    let statement = Statement {
        mode: Mode::Run,
        first,
        unions,
        span: Span::new(start, end),
    };
    Ok((i, statement))
}

fn single_query(i: In<'_>) -> PResult<'_, SingleQuery> {
    let mut clauses = Vec::new();
    let mut i = i;
    loop {
        match clause(i) {
            Ok((r, c)) => {
                clauses.push(c);
                i = r;
            }
            Err(nom::Err::Error(_)) if !clauses.is_empty() => {
                // No clause here: the caller decides what may follow.
                return Ok((i, SingleQuery { clauses }));
            }
            Err(e) => return Err(e),
        }
    }
}

fn clause(i: In<'_>) -> PResult<'_, Clause> {
    let i = ws(i);
    let start = off(&i);
    let word = peek_word(&i).to_ascii_uppercase();
    match word.as_str() {
        "MATCH" => match_clause(i, start, false),
        "OPTIONAL" => {
            let (r, _) = kw(i, "OPTIONAL")?;
            match_clause(r, start, true)
        }
        "UNWIND" => unwind(i, start),
        "WITH" => {
            let (r, _) = kw(i, "WITH")?;
            let (r, p) = projection(r, start, true)?;
            Ok((r, Clause::With(p)))
        }
        "RETURN" => {
            let (r, _) = kw(i, "RETURN")?;
            let (r, p) = projection(r, start, false)?;
            Ok((r, Clause::Return(p)))
        }
        "CREATE" | "DROP" if next_word_is(i, "CONSTRAINT") => not_supported(
            start,
            "constraints",
            "an index (CREATE INDEX) speeds up lookups, and MERGE creates a node only once",
        ),
        "CREATE" | "DROP" if ADMINISTRATION.iter().any(|w| next_word_is(i, w)) => {
            administration(start)
        }
        "CREATE" if next_word_is(i, "INDEX") => super::schema::create_index(i, start),
        "DROP" => super::schema::drop_index(i, start),
        "SHOW"
            if ["PROCEDURES", "PROCEDURE", "FUNCTIONS", "FUNCTION"]
                .iter()
                .any(|w| next_word_is(i, w)) =>
        {
            super::schema::show_routines(i, start)
        }
        "SHOW" if !shows_indexes(i) => not_supported(
            start,
            "this SHOW command",
            "SHOW INDEXES, SHOW PROCEDURES and SHOW FUNCTIONS list what kizuna has, and \
             CALL db.schema() the labels and types",
        ),
        "SHOW" => super::schema::show_indexes(i, start),
        "LOAD" => not_supported(
            start,
            "LOAD CSV",
            "`kizuna import` loads CSV files in the neo4j-admin layout",
        ),
        "USE" => not_supported(
            start,
            "USE",
            "a kizuna database is the directory that --db names",
        ),
        "FINISH" => not_supported(start, "FINISH", "end the query with RETURN or an update"),
        "NEXT" => not_supported(
            start,
            "NEXT",
            "carry the rows on with WITH, or write a CALL { … } subquery",
        ),
        "LET" => not_supported(start, "LET", "bind with WITH … AS"),
        "FILTER" => not_supported(start, "FILTER", "filter with WITH … WHERE"),
        "GRANT" | "REVOKE" | "DENY" | "ALTER" | "TERMINATE" | "RENAME" => administration(start),
        "START" | "STOP" if next_word_is(i, "DATABASE") => administration(start),
        "CREATE" => {
            let (r, _) = kw(i, "CREATE")?;
            let (r, pattern) = pattern(r)?;
            let span = span(start, &r);
            Ok((r, Clause::Create(Create { pattern, span })))
        }
        "MERGE" => merge(i, start),
        "SET" => {
            let (r, _) = kw(i, "SET")?;
            let (r, items) = set_items(r)?;
            Ok((r, Clause::Set(items, span(start, &r))))
        }
        "REMOVE" => remove(i, start),
        "DELETE" => delete(i, start, false),
        "DETACH" => {
            let (r, _) = kw(i, "DETACH")?;
            delete(r, start, true)
        }
        "CALL" => call(i, start),
        "FOREACH" => foreach(i, start),
        _ => fail(i, Expect::Label("a clause")),
    }
}

/// The words after `CREATE` or `DROP` that begin an administration command.
const ADMINISTRATION: &[&str] = &["DATABASE", "COMPOSITE", "ALIAS", "USER", "ROLE", "SERVER"];

/// Whether a `SHOW` command is `SHOW [ALL | RANGE] INDEX[ES]`, the one kizuna answers.
fn shows_indexes(i: In<'_>) -> bool {
    fn after(j: In<'_>) -> In<'_> {
        let j = ws(j);
        ws(super::advance(j, peek_word(&j).len()))
    }
    let mut j = after(i);
    let word = peek_word(&j);
    if word.eq_ignore_ascii_case("ALL") || word.eq_ignore_ascii_case("RANGE") {
        j = after(j);
    }
    let word = peek_word(&j);
    word.eq_ignore_ascii_case("INDEX") || word.eq_ignore_ascii_case("INDEXES")
}

fn administration<'a, T>(start: usize) -> PResult<'a, T> {
    not_supported(
        start,
        "administration commands",
        "kizuna is embedded: one database per directory, guarded by the file system",
    )
}

/// Whether the word after the next one is `word` (`CREATE INDEX` against `CREATE (n)`).
fn next_word_is(i: In<'_>, word: &str) -> bool {
    let after = ws(i);
    let first = peek_word(&after).len();
    peek_word(&super::advance(after, first)).eq_ignore_ascii_case(word)
}

fn match_clause(i: In<'_>, start: usize, optional: bool) -> PResult<'_, Clause> {
    let (r, _) = kw(i, "MATCH")?;
    let (r, (pattern, inline)) = with_inline_predicates(r, pattern)?;
    let (r, written) = opt_where(r)?;
    let where_clause = both(inline, written);
    let span = span(start, &r);
    Ok((
        r,
        Clause::Match(Match {
            optional,
            pattern,
            where_clause,
            span,
        }),
    ))
}

/// Reads a pattern with `parse`, allowing `WHERE` inside its node and relationship
/// patterns (`(n:Hospital WHERE n.beds > 100)`), and returns them as one predicate.
fn with_inline_predicates<'a, T>(
    i: In<'a>,
    parse: impl FnOnce(In<'a>) -> PResult<'a, T>,
) -> PResult<'a, (T, Option<Expr>)> {
    let state = i.extra;
    let mark = state.inline_predicates.borrow().len();
    let allowed = state.inline_allowed.replace(true);
    let result = parse(i);
    state.inline_allowed.set(allowed);
    let taken = state.inline_predicates.borrow_mut().split_off(mark);
    let (rest, parsed) = result?;
    let predicate = taken.into_iter().fold(None, |all, p| both(all, Some(p)));
    Ok((rest, (parsed, predicate)))
}

/// The test of a node pattern's label expression, kept with the pattern's inline `WHERE`s:
/// only where the pattern is matched, and on a named node.
fn label_test(
    i: In<'_>,
    at: usize,
    variable: Option<&Variable>,
    tree: super::expr::LabelTree,
    span: Span,
) -> Result<Expr, nom::Err<super::PError>> {
    let construct = InlineTest {
        what: "a label expression (:A|B, :!A, :%) in a pattern",
        instead: "; CREATE and MERGE take labels (:A:B)",
        example: "(n:A|B)",
    };
    let variable = construct.allowed(i, at, variable)?;
    let subject = Expr::new(ExprKind::Variable(variable.name.clone()), variable.span);
    Ok(tree.test(&subject, span))
}

/// A test written inside a node or relationship pattern, for its errors.
struct InlineTest {
    what: &'static str,
    /// What to write instead where the pattern is not matched.
    instead: &'static str,
    example: &'static str,
}

impl InlineTest {
    /// Only a pattern that is matched takes such a test, and only on a named entity:
    /// `named` is its name.
    fn allowed<T>(
        &self,
        i: In<'_>,
        at: usize,
        named: Option<T>,
    ) -> Result<T, nom::Err<super::PError>> {
        let refuse =
            |message: String| Err(super::fatal_error(at, "InvalidClauseComposition", message));
        if !i.extra.inline_allowed.get() {
            return refuse(format!(
                "{} is only allowed where the pattern is matched (MATCH, pattern \
                 expressions){}",
                self.what, self.instead
            ));
        }
        match named {
            Some(name) => Ok(name),
            None => refuse(format!(
                "{} needs the variable it tests, as in {}",
                self.what, self.example
            )),
        }
    }
}

/// `a AND b` of the predicates that are there.
fn both(a: Option<Expr>, b: Option<Expr>) -> Option<Expr> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let span = Span::new(a.span.start.min(b.span.start), a.span.end.max(b.span.end));
            let and = ExprKind::Binary(BinaryOp::And, Box::new(a), Box::new(b));
            Some(Expr::new(and, span))
        }
        (a, b) => a.or(b),
    }
}

/// `WHERE predicate` inside a node or relationship pattern, kept for the pattern's
/// holder; only where the pattern matches, and on a named entity.
fn inline_where<'a>(i: In<'a>, named: bool) -> Result<In<'a>, nom::Err<super::PError>> {
    let Some((r, at)) = try_kw(i, "WHERE") else {
        if named && i.extra.inline_allowed.get() {
            let _ = fail::<()>(i, Expect::Token("WHERE"));
        }
        return Ok(i);
    };
    let construct = InlineTest {
        what: "a WHERE inside a pattern",
        instead: "",
        example: "(n WHERE n.x > 1)",
    };
    construct.allowed(i, at, named.then_some(()))?;
    let (r, predicate) = expression(r)?;
    i.extra.inline_predicates.borrow_mut().push(predicate);
    Ok(r)
}

pub(super) fn opt_where(i: In<'_>) -> PResult<'_, Option<Expr>> {
    match try_kw(i, "WHERE") {
        Some((r, _)) => {
            let (r, e) = expression(r)?;
            Ok((r, Some(e)))
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("WHERE"));
            Ok((i, None))
        }
    }
}

fn unwind(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (r, _) = kw(i, "UNWIND")?;
    let (r, expr) = expression(r)?;
    let (r, _) = kw(r, "AS")?;
    let (r, variable) = super::alias(r)?;
    let span = span(start, &r);
    Ok((
        r,
        Clause::Unwind(Unwind {
            expr,
            variable,
            span,
        }),
    ))
}

/// `FOREACH (x IN list | updates)`, which is the unit subquery
/// `CALL { WITH * UNWIND list AS x updates }`: for each row, the updates run once per
/// element, and the rows go on unchanged without `x` or anything the updates bound.
fn foreach(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "FOREACH")?;
    let (i, open) = sym(i, "(")?;
    let (i, variable) = variable(i)?;
    let (i, _) = kw(i, "IN")?;
    let (i, list) = expression(i)?;
    let (mut i, _) = sym(i, "|")?;
    let mut updates = Vec::new();
    loop {
        let at = off(&ws(i));
        let (r, update) = clause(i)?;
        let updating = matches!(
            update,
            Clause::Create(_)
                | Clause::Merge(_)
                | Clause::Set(..)
                | Clause::Remove(..)
                | Clause::Delete(_)
                | Clause::CallSubquery(_)
        );
        if !updating {
            return fatal(
                at,
                "InvalidClauseComposition",
                "FOREACH takes only updating clauses: CREATE, MERGE, SET, REMOVE, DELETE \
                 and FOREACH",
            );
        }
        updates.push(update);
        i = r;
        if let Some((r, _)) = try_sym(i, ")") {
            i = r;
            break;
        }
    }
    let whole = span(start, &i);
    let import_all = Projection {
        distinct: false,
        star: true,
        items: Vec::new(),
        order_by: Vec::new(),
        skip: None,
        limit: None,
        where_clause: None,
        span: Span::new(open, open),
    };
    let each = Unwind {
        span: Span::new(open, list.span.end),
        expr: list,
        variable,
    };
    let mut clauses = vec![Clause::With(import_all), Clause::Unwind(each)];
    clauses.extend(updates);
    let body = Statement {
        mode: Mode::Run,
        first: SingleQuery { clauses },
        unions: Vec::new(),
        span: whole,
    };
    Ok((i, Clause::CallSubquery(CallSubquery { body, span: whole })))
}

/// The body of `WITH` / `RETURN`.
fn projection(i: In<'_>, start: usize, is_with: bool) -> PResult<'_, Projection> {
    let (i, distinct) = match try_kw(i, "DISTINCT") {
        Some((r, _)) => (r, true),
        None => (i, false),
    };
    let mut items = Vec::new();
    let (mut i, star) = match try_sym(i, "*") {
        Some((r, _)) => (r, true),
        None => {
            let (r, item) = projection_item(i)?;
            items.push(item);
            (r, false)
        }
    };
    while let Some((r, _)) = try_sym(i, ",") {
        let (r, item) = projection_item(r)?;
        items.push(item);
        i = r;
    }
    let _ = fail::<()>(i, Expect::Token(","));
    let (i, order_by) = match try_kw(i, "ORDER") {
        Some((r, _)) => {
            let (r, _) = kw(r, "BY")?;
            sort_items(r)?
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("ORDER BY"));
            (i, Vec::new())
        }
    };
    let (i, skip) = match try_kw(i, "SKIP").or_else(|| try_kw(i, "OFFSET")) {
        Some((r, _)) => {
            let (r, e) = expression(r)?;
            (r, Some(e))
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("SKIP"));
            (i, None)
        }
    };
    let (i, limit) = match try_kw(i, "LIMIT") {
        Some((r, _)) => {
            let (r, e) = expression(r)?;
            (r, Some(e))
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("LIMIT"));
            (i, None)
        }
    };
    let (i, where_clause) = if is_with { opt_where(i)? } else { (i, None) };
    let span = span(start, &i);
    Ok((
        i,
        Projection {
            distinct,
            star,
            items,
            order_by,
            skip,
            limit,
            where_clause,
            span,
        },
    ))
}

fn projection_item(i: In<'_>) -> PResult<'_, ProjectionItem> {
    let (r, expr) = expression(i)?;
    let text = super::text_of(&r, expr.span);
    let (r, alias) = match try_kw(r, "AS") {
        Some((r, _)) => {
            let (r, v) = super::alias(r)?;
            (r, Some(v))
        }
        None => {
            let _ = fail::<()>(r, Expect::Token("AS"));
            (r, None)
        }
    };
    Ok((r, ProjectionItem { expr, alias, text }))
}

fn sort_items(i: In<'_>) -> PResult<'_, Vec<SortItem>> {
    let mut items = Vec::new();
    let mut i = i;
    loop {
        let (r, expr) = expression(i)?;
        let word = peek_word(&r).to_ascii_uppercase();
        let (r, descending) = match word.as_str() {
            "ASC" | "ASCENDING" => (super::advance(ws(r), word.len()), false),
            "DESC" | "DESCENDING" => (super::advance(ws(r), word.len()), true),
            _ => {
                let _ = fail::<()>(r, Expect::Token("ASC"));
                let _ = fail::<()>(r, Expect::Token("DESC"));
                (r, false)
            }
        };
        items.push(SortItem { expr, descending });
        match try_sym(r, ",") {
            Some((r, _)) => i = r,
            None => return Ok((r, items)),
        }
    }
}

fn merge(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (mut i, _) = kw(i, "MERGE")?;
    let (r, part) = pattern_part(i)?;
    i = r;
    let mut on_create = Vec::new();
    let mut on_match = Vec::new();
    while let Some((r, _)) = try_kw(i, "ON") {
        let (r, create) = match try_kw(r, "CREATE") {
            Some((r, _)) => (r, true),
            None => {
                let _ = fail::<()>(r, Expect::Token("CREATE"));
                let (r, _) = kw(r, "MATCH")?;
                (r, false)
            }
        };
        let (r, _) = kw(r, "SET")?;
        let (r, items) = set_items(r)?;
        if create {
            on_create.extend(items);
        } else {
            on_match.extend(items);
        }
        i = r;
    }
    let _ = fail::<()>(i, Expect::Token("ON"));
    let span = span(start, &i);
    Ok((
        i,
        Clause::Merge(Merge {
            part,
            on_create,
            on_match,
            span,
        }),
    ))
}

fn set_items(i: In<'_>) -> PResult<'_, Vec<SetItem>> {
    let mut items = Vec::new();
    let mut i = i;
    loop {
        let (r, item) = labelled(i, "a property, variable or label to set", set_item)?;
        items.push(item);
        match try_sym(r, ",") {
            Some((r, _)) => i = r,
            None => {
                let _ = fail::<()>(r, Expect::Token(","));
                return Ok((r, items));
            }
        }
    }
}

fn as_variable(e: &Expr) -> Option<Variable> {
    match &e.kind {
        ExprKind::Variable(name) => Some(Variable {
            name: name.clone(),
            span: e.span,
        }),
        _ => None,
    }
}

fn set_item(i: In<'_>) -> PResult<'_, SetItem> {
    let (r, target) = postfix(i, false)?;
    if let Some(variable) = as_variable(&target) {
        if ws(r).fragment().starts_with(':') {
            let (r, labels) = label_list(r)?;
            return Ok((r, SetItem::Labels { variable, labels }));
        }
        if let Some((r, _)) = try_sym(r, "+=") {
            let (r, value) = expression(r)?;
            return Ok((r, SetItem::Merge { variable, value }));
        }
        if let Some((r, _)) = try_sym(r, "=") {
            let (r, value) = expression(r)?;
            return Ok((r, SetItem::Replace { variable, value }));
        }
        let _ = fail::<()>(r, Expect::Token(":"));
        let _ = fail::<()>(r, Expect::Token("+="));
        let _ = fail::<()>(r, Expect::Token("."));
        return fail(r, Expect::Token("="));
    }
    if !matches!(target.kind, ExprKind::Property(..)) {
        return fatal(
            target.span.start,
            "UnexpectedSyntax",
            "SET needs a property (n.key), a variable or labels to set",
        );
    }
    let (r, _) = sym(r, "=")?;
    let (r, value) = expression(r)?;
    Ok((r, SetItem::Property { target, value }))
}

fn remove(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (mut i, _) = kw(i, "REMOVE")?;
    let mut items = Vec::new();
    loop {
        let (r, target) = labelled(i, "a property or labels to remove", |i| postfix(i, false))?;
        let item = match as_variable(&target) {
            Some(variable) => {
                if !ws(r).fragment().starts_with(':') {
                    let _ = fail::<()>(r, Expect::Token("."));
                    return fail(r, Expect::Token(":"));
                }
                let (r2, labels) = label_list(r)?;
                i = r2;
                RemoveItem::Labels { variable, labels }
            }
            None if matches!(target.kind, ExprKind::Property(..)) => {
                i = r;
                RemoveItem::Property(target)
            }
            None => {
                return fatal(
                    target.span.start,
                    "UnexpectedSyntax",
                    "REMOVE needs a property (n.key) or labels (n:Label)",
                )
            }
        };
        items.push(item);
        match try_sym(i, ",") {
            Some((r, _)) => i = r,
            None => break,
        }
    }
    let _ = fail::<()>(i, Expect::Token(","));
    let span = span(start, &i);
    Ok((i, Clause::Remove(items, span)))
}

fn delete(i: In<'_>, start: usize, detach: bool) -> PResult<'_, Clause> {
    let (mut i, _) = kw(i, "DELETE")?;
    let mut exprs = Vec::new();
    loop {
        let (r, e) = expression(i)?;
        exprs.push(e);
        match try_sym(r, ",") {
            Some((r2, _)) => i = r2,
            None => {
                i = r;
                break;
            }
        }
    }
    let _ = fail::<()>(i, Expect::Token(","));
    let span = span(start, &i);
    Ok((
        i,
        Clause::Delete(Delete {
            detach,
            exprs,
            span,
        }),
    ))
}

fn call(i: In<'_>, start: usize) -> PResult<'_, Clause> {
    let (i, _) = kw(i, "CALL")?;
    if let Some((r, _)) = try_sym(i, "{") {
        let (r, body) = queries(r)?;
        let (r, _) = sym(r, "}")?;
        if let Some((after, at)) = try_kw(r, "IN") {
            // `IN TRANSACTIONS`, `IN CONCURRENT TRANSACTIONS`, `IN 3 CONCURRENT …`.
            let word = peek_word(&after);
            let concurrency = ws(after)
                .fragment()
                .starts_with(|c: char| c.is_ascii_digit());
            if concurrency
                || word.eq_ignore_ascii_case("TRANSACTIONS")
                || word.eq_ignore_ascii_case("CONCURRENT")
            {
                return not_supported(
                    at,
                    "CALL { … } IN TRANSACTIONS",
                    "a statement is one transaction, and `kizuna import` loads large files \
                     in batches",
                );
            }
        }
        let span = span(start, &r);
        return Ok((r, Clause::CallSubquery(CallSubquery { body, span })));
    }
    let _ = fail::<()>(i, Expect::Token("{"));
    let (mut i, (first, _)) = name(i, true, "a procedure name")?;
    let mut procedure = first;
    while let Some((r, _)) = try_sym(i, ".") {
        let (r, (part, _)) = name(r, true, "a procedure name")?;
        procedure.push('.');
        procedure.push_str(&part);
        i = r;
    }
    let (i, args) = match try_sym(i, "(") {
        Some((r, _)) => {
            let mut args = Vec::new();
            let mut r = r;
            if let Some((r2, _)) = try_sym(r, ")") {
                r = r2;
            } else {
                let _ = fail::<()>(r, Expect::Token(")"));
                loop {
                    let (r2, e) = expression(r)?;
                    args.push(e);
                    if let Some((r3, _)) = try_sym(r2, ",") {
                        r = r3;
                        continue;
                    }
                    let _ = fail::<()>(r2, Expect::Token(","));
                    let (r3, _) = sym(r2, ")")?;
                    r = r3;
                    break;
                }
            }
            (r, Some(args))
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("("));
            (i, None)
        }
    };
    let (i, (yields, yield_all, where_clause)) = yield_part(i)?;
    let span = span(start, &i);
    Ok((
        i,
        Clause::Call(Call {
            procedure,
            args,
            yields,
            yield_all,
            where_clause,
            span,
        }),
    ))
}

/// What a procedure yields.
type Yields = (Option<Vec<YieldItem>>, bool, Option<Expr>);

/// `[YIELD * | YIELD field [AS alias], … [WHERE predicate]]`: the fields, whether all of
/// them, and the filter.
pub(super) fn yield_part(i: In<'_>) -> PResult<'_, Yields> {
    match try_kw(i, "YIELD") {
        Some((r, _)) => {
            let (r, yields, all) = match try_sym(r, "*") {
                Some((r, _)) => (r, None, true),
                None => {
                    let _ = fail::<()>(r, Expect::Token("*"));
                    let mut items = Vec::new();
                    let mut r = r;
                    loop {
                        let (r2, (field, _)) = name(r, true, "a procedure output name")?;
                        let (r2, alias) = match try_kw(r2, "AS") {
                            Some((r3, _)) => {
                                let (r3, v) = super::alias(r3)?;
                                (r3, Some(v))
                            }
                            None => (r2, None),
                        };
                        items.push(YieldItem { field, alias });
                        match try_sym(r2, ",") {
                            Some((r3, _)) => r = r3,
                            None => {
                                r = r2;
                                break;
                            }
                        }
                    }
                    (r, Some(items), false)
                }
            };
            let (r, w) = opt_where(r)?;
            Ok((r, (yields, all, w)))
        }
        None => {
            let _ = fail::<()>(i, Expect::Token("YIELD"));
            Ok((i, (None, false, None)))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Patterns

pub(crate) fn pattern(i: In<'_>) -> PResult<'_, Vec<PatternPart>> {
    let mut parts = Vec::new();
    let mut i = i;
    loop {
        let (r, part) = pattern_part(i)?;
        parts.push(part);
        match try_sym(r, ",") {
            Some((r, _)) => i = r,
            None => {
                let _ = fail::<()>(r, Expect::Token(","));
                return Ok((r, parts));
            }
        }
    }
}

/// A pattern and the `WHERE`s written inside it, as one predicate.
pub(crate) type PatternWithWhere = (PatternPart, Option<Expr>);

/// A pattern in expression position, `[p =] (a)-[…]->(b)…`, when the text is one: a
/// relationship at least, since a lone `(a)` is a parenthesized expression. Otherwise
/// `None`, with no expectation left behind. Hard failures (a negative length) stand.
pub(crate) fn pattern_expression(
    i: In<'_>,
) -> Result<Option<(In<'_>, PatternWithWhere)>, nom::Err<super::PError>> {
    let state = i.extra;
    if state.speculating.get() {
        return Ok(None);
    }
    let saved = (
        state.furthest.get(),
        state.expected.borrow().clone(),
        state.depth.get(),
    );
    state.speculating.set(true);
    let found = with_inline_predicates(i, pattern_part_inner);
    state.speculating.set(false);
    match found {
        Ok((r, (part, inline))) if !part.element.chain.is_empty() && part.shortest.is_none() => {
            Ok(Some((r, (part, inline))))
        }
        Err(nom::Err::Failure(e)) => Err(nom::Err::Failure(e)),
        _ => {
            state.furthest.set(saved.0);
            *state.expected.borrow_mut() = saved.1;
            state.depth.set(saved.2);
            Ok(None)
        }
    }
}

/// `EXISTS`, `COUNT` or `COLLECT` followed by `{ … }`: a whole query, or a pattern with an
/// optional WHERE (a MATCH without the keyword).
pub(crate) fn subquery_expression(
    i: In<'_>,
    kind: SubqueryKind,
    start: usize,
) -> PResult<'_, Expr> {
    let (i, _) = sym(i, "{")?;
    let j = ws(i);
    let body_start = off(&j);
    let word = peek_word(&j).to_ascii_uppercase();
    let is_clause = matches!(
        word.as_str(),
        "MATCH"
            | "OPTIONAL"
            | "UNWIND"
            | "WITH"
            | "RETURN"
            | "CALL"
            | "CREATE"
            | "MERGE"
            | "SET"
            | "REMOVE"
            | "DELETE"
            | "DETACH"
    );
    let (i, body) = if is_clause {
        queries(j)?
    } else {
        let (r, (pattern, inline)) = with_inline_predicates(j, pattern)?;
        let (r, written) = opt_where(r)?;
        let where_clause = both(inline, written);
        let span = span(body_start, &r);
        let m = Match {
            optional: false,
            pattern,
            where_clause,
            span,
        };
        (r, single_clause_body(Clause::Match(m), span))
    };
    let (i, _) = sym(i, "}")?;
    Ok((i, subquery(kind, body, span(start, &i))))
}

/// A pattern predicate: the subquery that matches `part`.
pub(crate) fn pattern_predicate((part, inline): PatternWithWhere) -> Expr {
    let span = part.span;
    let m = Match {
        optional: false,
        pattern: vec![part],
        where_clause: inline,
        span,
    };
    subquery(
        SubqueryKind::Pattern,
        single_clause_body(Clause::Match(m), span),
        span,
    )
}

/// After `[`: `[p =] pattern [WHERE predicate] | projection ]`, when the text is one.
pub(crate) fn pattern_comprehension(
    i: In<'_>,
    start: usize,
) -> Result<Option<(In<'_>, Expr)>, nom::Err<super::PError>> {
    let Some((r, (part, inline))) = pattern_expression(i)? else {
        return Ok(None);
    };
    let (r, written) = opt_where(r)?;
    let where_clause = both(inline, written);
    let (r, _) = sym(r, "|")?;
    let (r, projected) = expression(r)?;
    let (r, _) = sym(r, "]")?;
    let span = span(start, &r);
    let m = Match {
        optional: false,
        pattern: vec![part],
        where_clause,
        span,
    };
    let item = ProjectionItem {
        text: super::text_of(&r, projected.span),
        expr: projected,
        alias: None,
    };
    let ret = Projection {
        distinct: false,
        star: false,
        items: vec![item],
        order_by: Vec::new(),
        skip: None,
        limit: None,
        where_clause: None,
        span,
    };
    let body = Statement {
        mode: Mode::Run,
        first: SingleQuery {
            clauses: vec![Clause::Match(m), Clause::Return(ret)],
        },
        unions: Vec::new(),
        span,
    };
    Ok(Some((r, subquery(SubqueryKind::Comprehension, body, span))))
}

fn single_clause_body(clause: Clause, span: Span) -> Statement {
    Statement {
        mode: Mode::Run,
        first: SingleQuery {
            clauses: vec![clause],
        },
        unions: Vec::new(),
        span,
    }
}

fn subquery(kind: SubqueryKind, body: Statement, span: Span) -> Expr {
    let names = crate::query::walk::query_names(&body);
    let subquery = Subquery { kind, body, names };
    Expr::new(ExprKind::Subquery(Box::new(subquery)), span)
}

fn pattern_part(i: In<'_>) -> PResult<'_, PatternPart> {
    labelled(i, "a pattern", pattern_part_inner)
}

fn pattern_part_inner(i: In<'_>) -> PResult<'_, PatternPart> {
    let i = ws(i);
    let start = off(&i);
    // `p = …`: a name followed by `=`.
    let (i, variable) = if i.fragment().starts_with('(') {
        (i, None)
    } else {
        let (r, v) = variable(i)?;
        let (r, _) = sym(r, "=")?;
        (r, Some(v))
    };
    let word = peek_word(&i);
    // While a pattern is only tried in an expression (`[x = any(…)]`, `(a)--+(b)`), what
    // it cannot be is no refusal: the expression reading follows.
    let refusing = !i.extra.speculating.get();
    if refusing
        && ["SHORTEST", "ANY", "ALL"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
    {
        return not_supported(
            off(&ws(i)),
            "path selectors (SHORTEST, ANY, ALL SHORTEST)",
            "shortestPath((a)-[*]-(b)) and allShortestPaths((a)-[*]-(b)) find shortest paths",
        );
    }
    if refusing && ws(i).fragment().starts_with('(') {
        let inner = ws(super::advance(ws(i), 1));
        if inner.fragment().starts_with('(') {
            return not_supported(
                off(&inner),
                "parenthesized and quantified path patterns",
                "a variable-length relationship such as -[:T*1..3]-> repeats one step",
            );
        }
    }
    let shortest = if word.eq_ignore_ascii_case("shortestPath") {
        Some(ShortestKind::Single)
    } else if word.eq_ignore_ascii_case("allShortestPaths") {
        Some(ShortestKind::All)
    } else {
        None
    };
    let (i, element) = match shortest {
        Some(_) => {
            let r = super::advance(ws(i), word.len());
            let (r, _) = sym(r, "(")?;
            let (r, element) = element(r)?;
            let (r, _) = sym(r, ")")?;
            (r, element)
        }
        None => element(i)?,
    };
    let span = span(start, &i);
    Ok((
        i,
        PatternPart {
            variable,
            shortest,
            element,
            span,
        },
    ))
}

fn element(i: In<'_>) -> PResult<'_, PatternElement> {
    let (mut i, start) = node(i)?;
    let mut chain = Vec::new();
    loop {
        let j = ws(i);
        let s = *j.fragment();
        if !(s.starts_with('-') || s.starts_with("<-")) {
            let _ = fail::<()>(j, Expect::Token("-"));
            let _ = fail::<()>(j, Expect::Token("<-"));
            return Ok((i, PatternElement { start, chain }));
        }
        let (r, rel) = relationship(j)?;
        let after = ws(r);
        if !i.extra.speculating.get() && after.fragment().starts_with(['{', '+', '*']) {
            return not_supported(
                off(&after),
                "quantified relationships (-->{1,3}, -->+)",
                "write the repetition inside the brackets: -[:T*1..3]->",
            );
        }
        let (r, n) = node(r)?;
        chain.push((rel, n));
        i = r;
    }
}

fn node(i: In<'_>) -> PResult<'_, NodePattern> {
    let (i, start) = sym(i, "(")?;
    let j = ws(i);
    let (i, variable) = if j
        .fragment()
        .starts_with(|c: char| c == '`' || super::is_ident_start(c))
    {
        let (r, v) = variable(j)?;
        (r, Some(v))
    } else {
        let _ = fail::<()>(j, Expect::Label("a variable name"));
        (i, None)
    };
    let (i, labels) = if ws(i).fragment().starts_with(':') {
        let at = off(&ws(i));
        let (r, found) = super::expr::label_match(i)?;
        match found {
            super::expr::LabelMatch::All(names) => (r, names),
            super::expr::LabelMatch::Expression(tree) => {
                let tested = label_test(i, at, variable.as_ref(), tree, span(at, &r))?;
                i.extra.inline_predicates.borrow_mut().push(tested);
                (r, Vec::new())
            }
        }
    } else {
        let _ = fail::<()>(i, Expect::Token(":"));
        (i, Vec::new())
    };
    let (i, props) = node_properties(i)?;
    let i = inline_where(i, variable.is_some())?;
    let (i, _) = sym(i, ")")?;
    let span = span(start, &i);
    Ok((
        i,
        NodePattern {
            variable,
            labels,
            properties: props,
            span,
        },
    ))
}

fn node_properties(i: In<'_>) -> PResult<'_, Option<Expr>> {
    let j = ws(i);
    if j.fragment().starts_with(['{', '$']) {
        let (r, e) = properties(j)?;
        Ok((r, Some(e)))
    } else {
        let _ = fail::<()>(j, Expect::Token("{"));
        let _ = fail::<()>(j, Expect::Token("$"));
        Ok((i, None))
    }
}

/// `-[…]->`, `<-[…]-`, `-[…]-`, `<-[…]->`, and the bracketless forms.
fn relationship(i: In<'_>) -> PResult<'_, RelPattern> {
    let start = off(&i);
    let (i, left) = match try_sym(i, "<-") {
        Some((r, _)) => (r, true),
        None => {
            let (r, _) = sym(i, "-")?;
            (r, false)
        }
    };
    let mut rel = RelPattern {
        variable: None,
        types: Vec::new(),
        properties: None,
        direction: Direction::Both,
        length: None,
        span: Span::default(),
    };
    let i = match try_sym(i, "[") {
        Some((r, _)) => rel_detail(r, &mut rel)?,
        None => {
            let _ = fail::<()>(i, Expect::Token("["));
            i
        }
    };
    let (i, right) = match try_sym(i, "->") {
        Some((r, _)) => (r, true),
        None => {
            let _ = fail::<()>(i, Expect::Token("->"));
            let (r, _) = sym(i, "-")?;
            (r, false)
        }
    };
    rel.direction = match (left, right) {
        (false, true) => Direction::Outgoing,
        (true, false) => Direction::Incoming,
        _ => Direction::Both,
    };
    rel.span = span(start, &i);
    Ok((i, rel))
}

/// Inside `[ … ]`: variable, `:T1|T2`, `*range`, properties (range and properties in
/// either order). Consumes the `]`.
fn rel_detail<'a>(i: In<'a>, rel: &mut RelPattern) -> Result<In<'a>, nom::Err<super::PError>> {
    let j = ws(i);
    let mut i = i;
    if j.fragment()
        .starts_with(|c: char| c == '`' || super::is_ident_start(c))
    {
        let (r, v) = variable(j)?;
        rel.variable = Some(v);
        i = r;
    }
    if let Some((r, _)) = try_sym(i, ":") {
        let (mut r, (t, _)) = name(r, true, "a relationship type")?;
        rel.types.push(t);
        while let Some((r2, _)) = try_sym(r, "|") {
            let r2 = try_sym(r2, ":").map_or(r2, |(r3, _)| r3);
            let (r3, (t, _)) = name(r2, true, "a relationship type")?;
            rel.types.push(t);
            r = r3;
        }
        i = r;
    } else {
        let _ = fail::<()>(i, Expect::Token(":"));
    }
    if rel.properties.is_none() {
        let (r, p) = node_properties(i)?;
        rel.properties = p;
        i = r;
    }
    if let Some((r, _)) = try_sym(i, "*") {
        let (r, range) = length_range(r)?;
        rel.length = Some(range);
        i = r;
        if rel.properties.is_none() {
            let (r, p) = node_properties(i)?;
            rel.properties = p;
            i = r;
        }
    } else {
        let _ = fail::<()>(i, Expect::Token("*"));
        if let Some((_, at)) = try_sym(i, "..") {
            return Err(nom::Err::Failure(super::PError {
                offset: at,
                fatal: Some((
                    "InvalidRelationshipPattern",
                    "a variable-length relationship needs '*' before its range, as in [:T*1..3]"
                        .to_string(),
                )),
            }));
        }
    }
    let i = inline_where(i, rel.variable.is_some())?;
    let (i, _) = sym(i, "]")?;
    Ok(i)
}

/// After `*`: `` (any), `n`, `n..m`, `..m`, `n..`.
fn length_range(i: In<'_>) -> PResult<'_, LengthRange> {
    let (i, min) = range_bound(i)?;
    let (i, max) = match try_sym(i, "..") {
        Some((r, _)) => range_bound(r)?,
        None => {
            if ws(i).fragment().starts_with('-') {
                return fatal(
                    off(&ws(i)),
                    "InvalidRelationshipPattern",
                    "a variable-length relationship's bounds cannot be negative",
                );
            }
            return Ok((i, LengthRange { min, max: min }));
        }
    };
    Ok((i, LengthRange { min, max }))
}

fn range_bound(i: In<'_>) -> PResult<'_, Option<u64>> {
    let j = ws(i);
    let s = *j.fragment();
    if s.starts_with('-') {
        return fatal(
            off(&j),
            "InvalidRelationshipPattern",
            "a variable-length relationship's bounds cannot be negative",
        );
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Ok((i, None));
    }
    match s[..digits].parse::<u64>() {
        Ok(n) => Ok((super::advance(j, digits), Some(n))),
        Err(_) => fatal(
            off(&j),
            "IntegerOverflow",
            format!("the length bound {} is too large", &s[..digits]),
        ),
    }
}
