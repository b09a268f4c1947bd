//! Expressions, by openCypher precedence: OR < XOR < AND < NOT < comparison < string,
//! list and null predicates < `+ -` < `* / %` < `^` < unary `+ -` < postfix (`.k`,
//! `[i]`, `[a..b]`, `:Label`) < atoms. Operator loops are iterative; only brackets
//! recurse, and every level counts against [`super::MAX_NESTING`].

use nom::Parser;

use super::{
    advance, deeper, fail, fatal, is_ident_part, kw, labelled, name, off, restore_depth, span, sym,
    try_kw, try_sym, variable, ws, Expect, In, PResult,
};
use crate::query::ast::{
    BinaryOp, Expr, ExprKind, Literal, QuantifierKind, Span, SubqueryKind, UnaryOp,
};

/// Any expression.
pub(crate) fn expression(i: In<'_>) -> PResult<'_, Expr> {
    let before = deeper(&i, super::BRACKET_COST)?;
    let result = labelled_expression(i);
    restore_depth(&i, before);
    result
}

#[inline(never)]
fn labelled_expression(i: In<'_>) -> PResult<'_, Expr> {
    labelled(i, "an expression", operators)
}

fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = Span::new(lhs.span.start, rhs.span.end);
    Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span)
}

/// Binding strength: higher binds tighter.
fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::Xor => 2,
        BinaryOp::And => 3,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            COMPARISON
        }
        BinaryOp::In
        | BinaryOp::StartsWith
        | BinaryOp::EndsWith
        | BinaryOp::Contains
        | BinaryOp::Regex => PREDICATE,
        BinaryOp::Add | BinaryOp::Sub => 7,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 8,
        BinaryOp::Pow => 9,
    }
}

const NOT_PRECEDENCE: u8 = 4;
const COMPARISON: u8 = 5;
const PREDICATE: u8 = 6;
const SIGN_PRECEDENCE: u8 = 10;

#[derive(Clone, Copy)]
enum Op {
    Binary(BinaryOp),
    Prefix(UnaryOp, usize),
    /// An open parenthesis at this offset.
    Paren(usize),
}

impl Op {
    fn precedence(self) -> u8 {
        match self {
            Op::Binary(op) => precedence(op),
            Op::Prefix(UnaryOp::Not, _) => NOT_PRECEDENCE,
            Op::Prefix(_, _) => SIGN_PRECEDENCE,
            Op::Paren(_) => 0,
        }
    }
}

struct Operand {
    expr: Expr,
    /// Depth of the tree built here (operators), for the nesting limit.
    depth: usize,
    /// For an unparenthesized comparison, its right operand: `a < b <= c` continues
    /// as `(a < b) AND (b <= c)`.
    comparand: Option<Expr>,
}

/// The operator layer, parsed with explicit stacks (operator precedence) so that neither
/// parentheses nor operators recurse: only brackets inside atoms do.
fn operators(i: In<'_>) -> PResult<'_, Expr> {
    let base = i.extra.depth.get();
    let mut ops: Vec<Op> = Vec::new();
    let mut vals: Vec<Operand> = Vec::new();
    let mut open_parens = 0usize;
    let mut i = i;
    let result = loop {
        // Prefix operators and open parentheses, then one operand.
        let mut operand = None;
        loop {
            let j = ws(i);
            // Parentheses are not levels of the tree (later stages recurse on the tree,
            // and the canonical text adds a pair per operator), so they have a limit of
            // their own rather than a share of the operators'.
            if base + ops.len().saturating_sub(open_parens) + 1 > super::MAX_NESTING
                || open_parens > super::MAX_NESTING
            {
                deeper(&j, super::MAX_NESTING + 1)?;
            }
            if let Some((r, start)) = try_kw(j, "NOT") {
                ops.push(Op::Prefix(UnaryOp::Not, start));
                i = r;
                continue;
            }
            let start = off(&j);
            match j.fragment().as_bytes().first() {
                Some(b'-') => {
                    let after = ws(advance(j, 1));
                    // `-5` is one literal (so that i64::MIN is writable), but `-5.k` is
                    // still `-(5.k)`: postfix operators bind tighter than the sign.
                    if starts_number(after.fragment()) {
                        let (r, l) = number(after, true)?;
                        let next = *ws(r).fragment();
                        let postfix_follows = next.starts_with(['[', ':'])
                            || (next.starts_with('.') && !next.starts_with(".."));
                        if !postfix_follows {
                            operand = Some((r, lit(l, start, &r)));
                            break;
                        }
                    }
                    ops.push(Op::Prefix(UnaryOp::Minus, start));
                    i = after;
                }
                Some(b'+') => {
                    ops.push(Op::Prefix(UnaryOp::Plus, start));
                    i = advance(j, 1);
                }
                Some(b'(') => {
                    if let Some((r, part)) = super::clause::pattern_expression(j)? {
                        operand = Some((r, super::clause::pattern_predicate(part)));
                        break;
                    }
                    ops.push(Op::Paren(start));
                    open_parens += 1;
                    i = advance(j, 1);
                }
                _ => break,
            }
        }
        i.extra
            .depth
            .set(base + ops.len().saturating_sub(open_parens));
        let (r, e) = match operand {
            Some((r, e)) => postfix_ops(r, e, true)?,
            None => postfix(i, true)?,
        };
        vals.push(Operand {
            expr: e,
            depth: 1,
            comparand: None,
        });
        i = r;
        // Closing parentheses and `IS [NOT] NULL` after the operand.
        loop {
            if let Some((r, negated)) = is_null(i)? {
                reduce(&mut ops, &mut vals, base, PREDICATE)?;
                let Some(top) = vals.last_mut() else { break };
                let e = std::mem::replace(
                    &mut top.expr,
                    Expr::new(ExprKind::CountStar, Span::default()),
                );
                let sp = span(e.span.start, &r);
                top.expr = Expr::new(
                    ExprKind::IsNull {
                        expr: Box::new(e),
                        negated,
                    },
                    sp,
                );
                top.depth += 1;
                top.comparand = None;
                check_depth(&r, base, top.depth)?;
                i = r;
                continue;
            }
            if open_parens > 0 {
                if let Some((r, _)) = try_sym(i, ")") {
                    reduce(&mut ops, &mut vals, base, 1)?;
                    let Some(Op::Paren(start)) = ops.pop() else {
                        break;
                    };
                    open_parens -= 1;
                    let Some(mut top) = vals.pop() else { break };
                    // The parentheses belong to the expression's text (column names).
                    top.expr.span = span(start, &r);
                    top.comparand = None;
                    i.extra
                        .depth
                        .set(base + ops.len().saturating_sub(open_parens));
                    let (r, e) = postfix_ops(r, top.expr, true)?;
                    top.expr = e;
                    vals.push(top);
                    i = r;
                    continue;
                }
            }
            break;
        }
        match binary_op(i) {
            Some((r, op)) => {
                reduce(&mut ops, &mut vals, base, precedence(op))?;
                ops.push(Op::Binary(op));
                i = r;
            }
            None => break Ok(i),
        }
    };
    i.extra.depth.set(base);
    let i = result?;
    if open_parens > 0 {
        return fail(i, Expect::Token(")"));
    }
    reduce(&mut ops, &mut vals, base, 0)?;
    match vals.pop() {
        Some(v) => Ok((i, v.expr)),
        None => fail(i, Expect::Label("an expression")),
    }
}

fn check_depth(i: &In<'_>, base: usize, depth: usize) -> Result<(), nom::Err<super::PError>> {
    if base + depth > super::MAX_NESTING {
        deeper(i, super::MAX_NESTING + 1)?;
    }
    Ok(())
}

/// Applies stacked operators that bind at least as tightly as `min` (all binary
/// operators are left associative), stopping at an open parenthesis.
fn reduce(
    ops: &mut Vec<Op>,
    vals: &mut Vec<Operand>,
    base: usize,
    min: u8,
) -> Result<(), nom::Err<super::PError>> {
    while let Some(&op) = ops.last() {
        if matches!(op, Op::Paren(_)) || op.precedence() < min {
            break;
        }
        ops.pop();
        match op {
            Op::Prefix(u, start) => {
                let Some(v) = vals.pop() else { break };
                let sp = Span::new(start, v.expr.span.end);
                vals.push(Operand {
                    expr: Expr::new(ExprKind::Unary(u, Box::new(v.expr)), sp),
                    depth: v.depth + 1,
                    comparand: None,
                });
            }
            Op::Binary(b) => {
                let (Some(rhs), Some(lhs)) = (vals.pop(), vals.pop()) else {
                    break;
                };
                let depth = lhs.depth.max(rhs.depth) + 1;
                let operand = if precedence(b) == COMPARISON {
                    let comparand = Some(rhs.expr.clone());
                    match lhs.comparand {
                        Some(prev) => Operand {
                            expr: binary(BinaryOp::And, lhs.expr, binary(b, prev, rhs.expr)),
                            depth: depth + 1,
                            comparand,
                        },
                        None => Operand {
                            expr: binary(b, lhs.expr, rhs.expr),
                            depth,
                            comparand,
                        },
                    }
                } else {
                    Operand {
                        expr: binary(b, lhs.expr, rhs.expr),
                        depth,
                        comparand: None,
                    }
                };
                if base + operand.depth > super::MAX_NESTING {
                    return Err(nom::Err::Failure(super::PError {
                        offset: operand.expr.span.start,
                        fatal: Some(("NestingTooDeep", super::too_deep_message())),
                    }));
                }
                vals.push(operand);
            }
            Op::Paren(_) => break,
        }
    }
    Ok(())
}

fn is_null(i: In<'_>) -> Result<Option<(In<'_>, bool)>, nom::Err<super::PError>> {
    let Some((r, _)) = try_kw(i, "IS") else {
        return Ok(None);
    };
    let (r, negated) = match try_kw(r, "NOT") {
        Some((r, _)) => (r, true),
        None => (r, false),
    };
    let next = ws(r);
    let word = super::peek_word(&next).to_ascii_uppercase();
    if next.fragment().starts_with("::") || word == "TYPED" {
        return super::not_supported::<()>(
            off(&next),
            "type predicates (IS :: TYPE)",
            "a value's type can be tested with IS NULL only",
        )
        .map(|_| None);
    }
    if ["NORMALIZED", "NFC", "NFD", "NFKC", "NFKD"].contains(&word.as_str()) {
        return super::not_supported::<()>(
            off(&next),
            "IS NORMALIZED",
            "strings are kept as written",
        )
        .map(|_| None);
    }
    Ok(try_kw(r, "NULL").map(|(r, _)| (r, negated)))
}

/// The binary operator next in the input, if any (silently: operators are never listed
/// in "expected …" messages, which would otherwise name them after every expression).
fn binary_op(i: In<'_>) -> Option<(In<'_>, BinaryOp)> {
    let i = ws(i);
    let s = *i.fragment();
    let sym = |n: usize, op| Some((advance(i, n), op));
    match s.as_bytes().first()? {
        b'<' if s.starts_with("<>") => sym(2, BinaryOp::Ne),
        b'<' if s.starts_with("<=") => sym(2, BinaryOp::Le),
        b'<' => sym(1, BinaryOp::Lt),
        b'>' if s.starts_with(">=") => sym(2, BinaryOp::Ge),
        b'>' => sym(1, BinaryOp::Gt),
        b'!' if s.starts_with("!=") => sym(2, BinaryOp::Ne),
        b'=' if s.starts_with("=~") => sym(2, BinaryOp::Regex),
        b'=' => sym(1, BinaryOp::Eq),
        b'+' if s.starts_with("+=") => None,
        b'+' => sym(1, BinaryOp::Add),
        b'-' => sym(1, BinaryOp::Sub),
        b'*' => sym(1, BinaryOp::Mul),
        b'/' => sym(1, BinaryOp::Div),
        b'%' => sym(1, BinaryOp::Mod),
        b'^' => sym(1, BinaryOp::Pow),
        _ => {
            let word = &s[..super::ident_len(s)];
            let keyword = |w: &str| word.eq_ignore_ascii_case(w);
            if keyword("OR") {
                sym(2, BinaryOp::Or)
            } else if keyword("XOR") {
                sym(3, BinaryOp::Xor)
            } else if keyword("AND") {
                sym(3, BinaryOp::And)
            } else if keyword("IN") {
                sym(2, BinaryOp::In)
            } else if keyword("CONTAINS") {
                sym(8, BinaryOp::Contains)
            } else if keyword("STARTS") {
                try_kw(advance(i, 6), "WITH").map(|(r, _)| (r, BinaryOp::StartsWith))
            } else if keyword("ENDS") {
                try_kw(advance(i, 4), "WITH").map(|(r, _)| (r, BinaryOp::EndsWith))
            } else {
                None
            }
        }
    }
}

fn starts_number(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_digit() => true,
        Some(b'.') => b.get(1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// An atom followed by postfix operators. `labels: false` leaves `:` alone (for `SET
/// n:A` and `REMOVE n:A`).
pub(crate) fn postfix(i: In<'_>, labels: bool) -> PResult<'_, Expr> {
    let (i, e) = atom(i)?;
    postfix_ops(i, e, labels)
}

fn postfix_ops(i: In<'_>, base: Expr, labels: bool) -> PResult<'_, Expr> {
    let entry = i.extra.depth.get();
    let mut i = i;
    let mut e = base;
    let result = loop {
        let j = ws(i);
        let s = *j.fragment();
        let start = e.span.start;
        if s.starts_with('.') && !s.starts_with("..") {
            if let Err(err) = deeper(&j, 1) {
                break Err(err);
            }
            match name(advance(j, 1), true, "a property key") {
                Ok((rest, (key, _))) => {
                    e = Expr::new(ExprKind::Property(Box::new(e), key), span(start, &rest));
                    i = rest;
                }
                Err(err) => break Err(err),
            }
        } else if s.starts_with('[') {
            if let Err(err) = deeper(&j, 1) {
                break Err(err);
            }
            match subscript(advance(j, 1), e) {
                Ok((rest, sub)) => {
                    e = sub;
                    i = rest;
                }
                Err(err) => break Err(err),
            }
        } else if labels && s.starts_with(':') {
            if let Err(err) = deeper(&j, 1) {
                break Err(err);
            }
            match label_match(j) {
                Ok((rest, found)) => {
                    e = found.test(e, span(start, &rest));
                    i = rest;
                }
                Err(err) => break Err(err),
            }
        } else {
            break Ok((i, e));
        }
    };
    i.extra.depth.set(entry);
    result
}

/// After `[`: `i]`, `a..b]`, `..b]`, `a..]`.
fn subscript(i: In<'_>, base: Expr) -> PResult<'_, Expr> {
    let start = base.span.start;
    let (i, from) = if try_sym(i, "..").is_some() {
        (i, None)
    } else {
        let (i, e) = expression(i)?;
        (i, Some(e))
    };
    if let Some((i, _)) = try_sym(i, "..") {
        let (i, to) = match try_sym(i, "]") {
            Some(_) => (i, None),
            None => {
                let (i, e) = expression(i)?;
                (i, Some(e))
            }
        };
        let (i, _) = sym(i, "]")?;
        let kind = ExprKind::Slice(Box::new(base), from.map(Box::new), to.map(Box::new));
        return Ok((i, Expr::new(kind, span(start, &i))));
    }
    match from {
        Some(index) => {
            let (i, _) = match sym(i, "]") {
                Ok(ok) => ok,
                Err(e) => {
                    let _ = fail::<()>(i, Expect::Token(".."));
                    return Err(e);
                }
            };
            let kind = ExprKind::Index(Box::new(base), Box::new(index));
            Ok((i, Expr::new(kind, span(start, &i))))
        }
        None => fail(i, Expect::Label("an expression")),
    }
}

/// `:A:B` (labels, or relationship types after `:` in patterns).
pub(crate) fn label_list(i: In<'_>) -> PResult<'_, Vec<String>> {
    let (mut i, _) = sym(i, ":")?;
    let mut names = Vec::new();
    loop {
        let j = ws(i);
        refuse_dynamic_label(j)?;
        if j.fragment().starts_with(['!', '%', '(']) {
            return label_expression(off(&j));
        }
        let (rest, (n, _)) = name(i, true, "a label name")?;
        names.push(n);
        i = rest;
        let next = ws(i);
        if next.fragment().starts_with(['|', '&']) {
            return label_expression(off(&next));
        }
        match try_sym(i, ":") {
            Some((rest, _)) => i = rest,
            None => return Ok((i, names)),
        }
    }
}

/// What a label expression after `:` asks: labels that must all be there (`:A:B`,
/// `:A&B`), or any other expression of labels (`:A|B`, `:!A`, `:%`, parentheses).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LabelMatch {
    All(Vec<String>),
    Expression(LabelTree),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LabelTree {
    Label(String),
    /// `%`: any label at all.
    AnyLabel,
    Not(Box<LabelTree>),
    And(Vec<LabelTree>),
    Or(Vec<LabelTree>),
}

impl LabelMatch {
    /// The predicate that `subject` matches: `subject:A:B` or the expression's tests.
    pub(crate) fn test(self, subject: Expr, span: Span) -> Expr {
        match self {
            LabelMatch::All(names) => {
                Expr::new(ExprKind::HasLabels(Box::new(subject), names), span)
            }
            LabelMatch::Expression(tree) => tree.test(&subject, span),
        }
    }
}

impl LabelTree {
    pub(crate) fn test(self, subject: &Expr, span: Span) -> Expr {
        let node = |kind| Expr::new(kind, span);
        let fold = |parts: Vec<LabelTree>, op| {
            parts
                .into_iter()
                .map(|p| p.test(subject, span))
                .reduce(|a, b| node(ExprKind::Binary(op, Box::new(a), Box::new(b))))
                .unwrap_or_else(|| node(ExprKind::Literal(Literal::Bool(true))))
        };
        match self {
            LabelTree::Label(name) => {
                node(ExprKind::HasLabels(Box::new(subject.clone()), vec![name]))
            }
            LabelTree::AnyLabel => {
                let call = |name: &str, args| node(ExprKind::call(name.into(), false, args));
                let count = call("size", vec![call("labels", vec![subject.clone()])]);
                let zero = node(ExprKind::Literal(Literal::Integer(0)));
                node(ExprKind::Binary(
                    BinaryOp::Gt,
                    Box::new(count),
                    Box::new(zero),
                ))
            }
            LabelTree::Not(inner) => node(ExprKind::Unary(
                UnaryOp::Not,
                Box::new(inner.test(subject, span)),
            )),
            LabelTree::And(parts) => fold(parts, BinaryOp::And),
            LabelTree::Or(parts) => fold(parts, BinaryOp::Or),
        }
    }
}

/// Labels named by a parameter or expression (`:$(…)`) are refused by name.
fn refuse_dynamic_label(j: In<'_>) -> Result<(), nom::Err<super::PError>> {
    if !j.fragment().starts_with('$') {
        return Ok(());
    }
    super::not_supported::<()>(
        off(&j),
        "dynamic labels ($(…))",
        "name the label in the statement",
    )
    .map(|_| ())
}

/// `:` and a label expression: `A`, `A:B`, `A&B`, `A|B`, `!A`, `%`, with parentheses;
/// `|` binds loosest, then `&` (or `:`), then `!`.
pub(crate) fn label_match(i: In<'_>) -> PResult<'_, LabelMatch> {
    let (i, _) = sym(i, ":")?;
    refuse_dynamic_label(ws(i))?;
    let (i, tree) = label_or(i)?;
    let found = match tree {
        LabelTree::Label(name) => LabelMatch::All(vec![name]),
        LabelTree::And(parts) if parts.iter().all(|p| matches!(p, LabelTree::Label(_))) => {
            LabelMatch::All(
                parts
                    .into_iter()
                    .filter_map(|p| match p {
                        LabelTree::Label(name) => Some(name),
                        _ => None,
                    })
                    .collect(),
            )
        }
        other => LabelMatch::Expression(other),
    };
    Ok((i, found))
}

fn label_or(i: In<'_>) -> PResult<'_, LabelTree> {
    let bar = |i| try_sym(i, "|").map(|(r, _)| try_sym(r, ":").map_or(r, |(r, _)| r));
    label_chain(i, bar, label_and, LabelTree::Or)
}

fn label_and(i: In<'_>) -> PResult<'_, LabelTree> {
    let and = |i| try_sym(i, "&").or_else(|| try_sym(i, ":")).map(|(r, _)| r);
    label_chain(i, and, label_not, LabelTree::And)
}

/// `operand (separator operand)*`: one operand alone, or `several` of them.
fn label_chain<'a>(
    i: In<'a>,
    separator: impl Fn(In<'a>) -> Option<In<'a>>,
    operand: fn(In<'a>) -> PResult<'a, LabelTree>,
    several: fn(Vec<LabelTree>) -> LabelTree,
) -> PResult<'a, LabelTree> {
    let (mut i, first) = operand(i)?;
    let mut parts = vec![first];
    while let Some(r) = separator(i) {
        let (r, next) = operand(r)?;
        parts.push(next);
        i = r;
    }
    let tree = if parts.len() == 1 {
        parts.remove(0)
    } else {
        several(parts)
    };
    Ok((i, tree))
}

fn label_not(i: In<'_>) -> PResult<'_, LabelTree> {
    if let Some((r, _)) = try_sym(i, "!") {
        let (r, inner) = label_not(r)?;
        return Ok((r, LabelTree::Not(Box::new(inner))));
    }
    if let Some((r, _)) = try_sym(i, "%") {
        return Ok((r, LabelTree::AnyLabel));
    }
    if let Some((r, _)) = try_sym(i, "(") {
        let (r, inner) = label_or(r)?;
        let (r, _) = sym(r, ")")?;
        return Ok((r, inner));
    }
    let (r, (name, _)) = name(i, true, "a label name")?;
    Ok((r, LabelTree::Label(name)))
}

fn label_expression<'a, T>(at: usize) -> PResult<'a, T> {
    super::not_supported(
        at,
        "label expressions (:A|B, :A&B, :!A, :%) here",
        "SET and REMOVE take labels (:A:B); label expressions test nodes in MATCH and WHERE",
    )
}

fn atom(i: In<'_>) -> PResult<'_, Expr> {
    let i = ws(i);
    let start = off(&i);
    let s = *i.fragment();
    let Some(first) = s.chars().next() else {
        return fail(i, Expect::Label("an expression"));
    };
    match first {
        '$' => parameter(i),
        '\'' | '"' => {
            let (rest, text) = string_literal(i)?;
            Ok((rest, lit(Literal::String(text), start, &rest)))
        }
        c if c.is_ascii_digit() || (c == '.' && starts_number(s)) => {
            let (rest, l) = number(i, false)?;
            Ok((rest, lit(l, start, &rest)))
        }
        '[' => list_or_comprehension(i),
        '{' => {
            let (rest, entries) = map_literal(i)?;
            Ok((rest, Expr::new(ExprKind::Map(entries), span(start, &rest))))
        }
        '(' => {
            if let Some((rest, part)) = super::clause::pattern_expression(i)? {
                return Ok((rest, super::clause::pattern_predicate(part)));
            }
            let (rest, _) = sym(i, "(")?;
            let (rest, mut e) = expression(rest)?;
            let (rest, _) = sym(rest, ")")?;
            // The parentheses belong to the expression's text (column names).
            e.span = span(start, &rest);
            Ok((rest, e))
        }
        '`' => word_atom(i),
        c if super::is_ident_start(c) => word_atom(i),
        _ => fail(i, Expect::Label("an expression")),
    }
}

fn lit(l: Literal, start: usize, rest: &In<'_>) -> Expr {
    Expr::new(ExprKind::Literal(l), span(start, rest))
}

fn parameter(i: In<'_>) -> PResult<'_, Expr> {
    let start = off(&i);
    let after = advance(i, 1);
    let s = *after.fragment();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = advance(after, digits);
        let kind = ExprKind::Parameter(s[..digits].to_string());
        return Ok((rest, Expr::new(kind, span(start, &rest))));
    }
    if s.starts_with(char::is_whitespace) {
        return fail(after, Expect::Label("a parameter name"));
    }
    let (rest, (n, _)) = name(after, true, "a parameter name")?;
    Ok((rest, Expr::new(ExprKind::Parameter(n), span(start, &rest))))
}

/// Identifiers in expression position: keywords that are literals or `CASE`, function
/// calls (possibly dotted), `count(*)`, quantifiers, and variables.
fn word_atom(i: In<'_>) -> PResult<'_, Expr> {
    let start = off(&i);
    let word = super::peek_word(&i);
    match word.to_ascii_uppercase().as_str() {
        "TRUE" => return keyword_literal(i, word.len(), Literal::Bool(true)),
        "FALSE" => return keyword_literal(i, word.len(), Literal::Bool(false)),
        "NULL" => return keyword_literal(i, word.len(), Literal::Null),
        "CASE" => return case(i),
        "EXISTS" | "COUNT" | "COLLECT"
            if ws(advance(i, word.len())).fragment().starts_with('{') =>
        {
            let kind = match word.to_ascii_uppercase().as_str() {
                "EXISTS" => SubqueryKind::Exists,
                "COUNT" => SubqueryKind::Count,
                _ => SubqueryKind::Collect,
            };
            return super::clause::subquery_expression(advance(i, word.len()), kind, start);
        }
        "COUNT" => {
            if let Some((r, _)) = try_sym(advance(i, word.len()), "(") {
                if let Some((r, _)) = try_sym(r, "*") {
                    let (r, _) = sym(r, ")")?;
                    return Ok((r, Expr::new(ExprKind::CountStar, span(start, &r))));
                }
            }
        }
        "REDUCE" if ws(advance(i, word.len())).fragment().starts_with('(') => {
            return reduce_call(advance(i, word.len()), start);
        }
        "ALL" | "ANY" | "NONE" | "SINGLE" => {
            if let Some(found) = quantifier(i, word)? {
                return Ok(found);
            }
        }
        _ => {}
    }
    // A dotted name directly followed by `(` is a function call; anything else is a
    // variable, whose `.key` suffixes are property accesses handled by `postfix`.
    let (mut j, (first, first_span)) = name(i, true, "an expression")?;
    let mut parts = vec![first];
    let mut probe = j;
    loop {
        if let Some((k, _)) = try_sym(probe, "(") {
            let fname = parts.join(".");
            return call_args(k, fname, start);
        }
        match try_sym(probe, ".") {
            Some((k, _)) if !k.fragment().starts_with('.') => match name(k, true, "a name") {
                Ok((k, (part, _))) => {
                    parts.push(part);
                    probe = k;
                }
                Err(nom::Err::Error(_)) => break,
                Err(e) => return Err(e),
            },
            _ => break,
        }
    }
    let first = parts.swap_remove(0);
    let quoted = i.fragment().starts_with('`');
    if !quoted && !super::can_name_variable(&first) {
        return fail(i, Expect::Label("an expression"));
    }
    j = advance(i, first_span.end - first_span.start);
    let variable = Expr::new(ExprKind::Variable(first), first_span);
    if ws(j).fragment().starts_with('{') {
        return map_projection(j, variable);
    }
    Ok((j, variable))
}

/// After a variable, its map projection: `{.key, .*, key: expr, variable}`, each selector
/// turned into an entry (`.key` into `key: subject.key`, `x` into `x: x`).
fn map_projection(i: In<'_>, subject: Expr) -> PResult<'_, Expr> {
    let start = subject.span.start;
    let (mut i, _) = sym(i, "{")?;
    let mut entries = Vec::new();
    let mut all_properties = false;
    let mut closed = try_sym(i, "}").map(|(r, _)| r);
    while closed.is_none() {
        let r = if let Some((r, dot)) = try_sym(i, ".") {
            if let Some((r, _)) = try_sym(r, "*") {
                all_properties = true;
                r
            } else {
                let (r, (key, _)) = name(r, true, "a property key or '*'")?;
                let read = ExprKind::Property(Box::new(subject.clone()), key.clone());
                entries.push((key, Expr::new(read, span(dot, &r))));
                r
            }
        } else {
            let (r, (key, key_span)) = name(i, true, "'.', a map key or a variable")?;
            let (r, value) = match try_sym(r, ":") {
                Some((r, _)) => expression(r)?,
                None => (r, Expr::new(ExprKind::Variable(key.clone()), key_span)),
            };
            entries.push((key, value));
            r
        };
        match try_sym(r, ",") {
            Some((r, _)) => i = r,
            None => {
                let _ = fail::<()>(r, Expect::Token(","));
                closed = Some(sym(r, "}")?.0);
            }
        }
    }
    let i = closed.unwrap_or(i);
    let kind = ExprKind::MapProjection {
        subject: Box::new(subject),
        entries,
        all_properties,
    };
    Ok((i, Expr::new(kind, span(start, &i))))
}

/// After `reduce`: `(acc = init, x IN list | expression)`.
fn reduce_call(i: In<'_>, start: usize) -> PResult<'_, Expr> {
    let (i, _) = sym(i, "(")?;
    let (i, accumulator) = variable(i)?;
    let (i, _) = sym(i, "=")?;
    let (i, init) = expression(i)?;
    let (i, _) = sym(i, ",")?;
    let (i, element) = variable(i)?;
    let (i, _) = kw(i, "IN")?;
    let (i, list) = expression(i)?;
    let (i, _) = sym(i, "|")?;
    let (i, body) = expression(i)?;
    let (i, _) = sym(i, ")")?;
    let kind = ExprKind::Reduce {
        accumulator,
        init: Box::new(init),
        variable: element,
        list: Box::new(list),
        expression: Box::new(body),
    };
    Ok((i, Expr::new(kind, span(start, &i))))
}

fn keyword_literal(i: In<'_>, len: usize, l: Literal) -> PResult<'_, Expr> {
    let start = off(&i);
    let rest = advance(i, len);
    Ok((rest, lit(l, start, &rest)))
}

/// After `name(`: `[DISTINCT] args )`.
fn call_args(i: In<'_>, name: String, start: usize) -> PResult<'_, Expr> {
    let (i, distinct) = match try_kw(i, "DISTINCT") {
        Some((r, _)) => (r, true),
        None => (i, false),
    };
    let (i, args) = comma_list(i, ")")?;
    Ok((
        i,
        Expr::new(ExprKind::call(name, distinct, args), span(start, &i)),
    ))
}

/// `e, e, … close` (possibly empty); consumes `close`.
fn comma_list<'a>(i: In<'a>, close: &'static str) -> PResult<'a, Vec<Expr>> {
    let mut items = Vec::new();
    if let Some((r, _)) = try_sym(i, close) {
        return Ok((r, items));
    }
    let _ = fail::<()>(i, Expect::Token(close));
    let mut i = i;
    loop {
        let (r, e) = expression(i)?;
        items.push(e);
        if let Some((r, _)) = try_sym(r, ",") {
            i = r;
            continue;
        }
        match try_sym(r, close) {
            Some((r, _)) => return Ok((r, items)),
            None => {
                let _ = fail::<()>(r, Expect::Token(","));
                return fail(r, Expect::Token(close));
            }
        }
    }
}

/// `all(x IN list WHERE pred)` etc. `Ok(None)` when the word is not followed by
/// `( variable IN`, so that it can still be a function or variable.
fn quantifier<'a>(
    i: In<'a>,
    word: &str,
) -> Result<Option<(In<'a>, Expr)>, nom::Err<super::PError>> {
    let start = off(&i);
    let kind = match word.to_ascii_uppercase().as_str() {
        "ALL" => QuantifierKind::All,
        "ANY" => QuantifierKind::Any,
        "NONE" => QuantifierKind::None,
        _ => QuantifierKind::Single,
    };
    let Some((r, _)) = try_sym(advance(i, word.len()), "(") else {
        return Ok(None);
    };
    let Some((r, var)) = in_binding(r) else {
        return Ok(None);
    };
    let (r, list) = expression(r)?;
    let (r, _) = kw(r, "WHERE")?;
    let (r, predicate) = expression(r)?;
    let (r, _) = sym(r, ")")?;
    let kind = ExprKind::Quantifier {
        kind,
        variable: var,
        list: Box::new(list),
        predicate: Box::new(predicate),
    };
    Ok(Some((r, Expr::new(kind, span(start, &r)))))
}

/// `variable IN` (a lookahead of two tokens, no expression is parsed twice).
fn in_binding(i: In<'_>) -> Option<(In<'_>, crate::query::ast::Variable)> {
    // Checked by hand first so that a failed lookahead leaves no expectation behind.
    let j = ws(i);
    let s = *j.fragment();
    let n = super::ident_len(s);
    if !s.starts_with('`') && !super::can_name_variable(&s[..n]) {
        return None;
    }
    let (r, v) = variable(j).ok()?;
    let (r, _) = try_kw(r, "IN")?;
    Some((r, v))
}

fn list_or_comprehension(i: In<'_>) -> PResult<'_, Expr> {
    let start = off(&i);
    let (i, _) = sym(i, "[")?;
    if let Some((r, variable)) = in_binding(i) {
        let (r, list) = expression(r)?;
        let (r, predicate) = match try_kw(r, "WHERE") {
            Some((r, _)) => {
                let (r, p) = expression(r)?;
                (r, Some(Box::new(p)))
            }
            None => (r, None),
        };
        let (r, projection) = match try_sym(r, "|") {
            Some((r, _)) => {
                let (r, p) = expression(r)?;
                (r, Some(Box::new(p)))
            }
            None => (r, None),
        };
        let (r, _) = match sym(r, "]") {
            Ok(ok) => ok,
            Err(e) => {
                if predicate.is_none() && projection.is_none() {
                    let _ = fail::<()>(r, Expect::Token("WHERE"));
                }
                if projection.is_none() {
                    let _ = fail::<()>(r, Expect::Token("|"));
                }
                return Err(e);
            }
        };
        let kind = ExprKind::ListComprehension {
            variable,
            list: Box::new(list),
            predicate,
            projection,
        };
        return Ok((r, Expr::new(kind, span(start, &r))));
    }
    if let Some(found) = super::clause::pattern_comprehension(i, start)? {
        return Ok(found);
    }
    let (r, items) = comma_list(i, "]")?;
    Ok((r, Expr::new(ExprKind::List(items), span(start, &r))))
}

/// `{key: expr, …}`; keys are names (keywords allowed) or backquoted.
pub(crate) fn map_literal(i: In<'_>) -> PResult<'_, Vec<(String, Expr)>> {
    let (i, _) = sym(i, "{")?;
    let mut entries = Vec::new();
    if let Some((r, _)) = try_sym(i, "}") {
        return Ok((r, entries));
    }
    let _ = fail::<()>(i, Expect::Token("}"));
    let mut i = i;
    loop {
        let (r, (key, _)) = name(i, true, "a map key")?;
        let (r, _) = sym(r, ":")?;
        let (r, value) = expression(r)?;
        entries.push((key, value));
        if let Some((r, _)) = try_sym(r, ",") {
            i = r;
            continue;
        }
        match try_sym(r, "}") {
            Some((r, _)) => return Ok((r, entries)),
            None => {
                let _ = fail::<()>(r, Expect::Token(","));
                return fail(r, Expect::Token("}"));
            }
        }
    }
}

fn case(i: In<'_>) -> PResult<'_, Expr> {
    let start = off(&i);
    let (i, _) = kw(i, "CASE")?;
    let (mut i, operand) = if super::peek_word(&i).eq_ignore_ascii_case("WHEN") {
        (i, None)
    } else {
        let (r, e) = expression(i)?;
        (r, Some(Box::new(e)))
    };
    let mut whens = Vec::new();
    while let Some((r, _)) = try_kw(i, "WHEN") {
        let (r, cond) = expression(r)?;
        let (r, _) = kw(r, "THEN")?;
        let (r, value) = expression(r)?;
        whens.push((cond, value));
        i = r;
    }
    if whens.is_empty() {
        return fail(i, Expect::Token("WHEN"));
    }
    let (i, otherwise) = match try_kw(i, "ELSE") {
        Some((r, _)) => {
            let (r, e) = expression(r)?;
            (r, Some(Box::new(e)))
        }
        None => (i, None),
    };
    let (i, _) = match kw(i, "END") {
        Ok(ok) => ok,
        Err(e) => {
            let _ = fail::<()>(i, Expect::Token("WHEN"));
            if otherwise.is_none() {
                let _ = fail::<()>(i, Expect::Token("ELSE"));
            }
            return Err(e);
        }
    };
    let kind = ExprKind::Case {
        operand,
        whens,
        otherwise,
    };
    Ok((i, Expr::new(kind, span(start, &i))))
}

// ---------------------------------------------------------------------------------------
// Literals

/// A number literal at the start of `i` (already past whitespace). `negative` when a
/// unary minus was folded into it.
pub(crate) fn number(i: In<'_>, negative: bool) -> PResult<'_, Literal> {
    let start = off(&i);
    let s = *i.fragment();
    let b = s.as_bytes();
    let radix = match (b.first(), b.get(1)) {
        (Some(b'0'), Some(b'x' | b'X')) => Some(16),
        (Some(b'0'), Some(b'o' | b'O')) => Some(8),
        _ => None,
    };
    let (len, literal) = if let Some(radix) = radix {
        let digits = s[2..]
            .bytes()
            .take_while(|c| (*c as char).is_digit(radix))
            .count();
        if digits == 0 {
            return invalid_number(start, s);
        }
        let text = &s[2..2 + digits];
        (2 + digits, integer(start, text, radix, negative, s)?)
    } else {
        let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut len = int_digits;
        let mut is_float = false;
        if b.get(len) == Some(&b'.') && b.get(len + 1).is_some_and(u8::is_ascii_digit) {
            len += 1 + b[len + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            is_float = true;
        }
        if matches!(b.get(len), Some(b'e' | b'E')) {
            let mut k = len + 1;
            if matches!(b.get(k), Some(b'+' | b'-')) {
                k += 1;
            }
            let exp_digits = b[k.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if exp_digits > 0 {
                len = k + exp_digits;
                is_float = true;
            }
        }
        let text = &s[..len];
        if is_float {
            let value: f64 = match text.parse() {
                Ok(v) => v,
                Err(_) => return invalid_number(start, s),
            };
            if value.is_infinite() {
                return fatal(
                    start,
                    "FloatingPointOverflow",
                    format!("the float literal {text} is too large for a 64-bit float"),
                );
            }
            (len, Literal::Float(if negative { -value } else { value }))
        } else {
            (len, integer(start, text, 10, negative, s)?)
        }
    };
    if s[len..].starts_with(is_ident_part) {
        return invalid_number(start, s);
    }
    Ok((advance(i, len), literal))
}

fn integer(
    start: usize,
    digits: &str,
    radix: u32,
    negative: bool,
    s: &str,
) -> Result<Literal, nom::Err<super::PError>> {
    let mut magnitude: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix).unwrap_or(0));
        magnitude = match magnitude
            .checked_mul(u64::from(radix))
            .and_then(|m| m.checked_add(d))
        {
            Some(m) => m,
            None => return overflow::<Literal>(start, s, negative).map(|(_, l)| l),
        };
    }
    let value = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    match value {
        Some(v) => Ok(Literal::Integer(v)),
        None => overflow::<Literal>(start, s, negative).map(|(_, l)| l),
    }
}

fn overflow<'a, T>(start: usize, s: &str, negative: bool) -> PResult<'a, T> {
    let n = s.find(|c: char| !is_ident_part(c)).unwrap_or(s.len());
    let sign = if negative { "-" } else { "" };
    fatal(
        start,
        "IntegerOverflow",
        format!(
            "the integer literal {sign}{} does not fit in a 64-bit integer",
            &s[..n]
        ),
    )
}

fn invalid_number<'a, T>(start: usize, s: &str) -> PResult<'a, T> {
    let n = s
        .char_indices()
        .skip(1)
        .find(|(_, c)| !is_ident_part(*c))
        .map_or(s.len(), |(n, _)| n);
    fatal(
        start,
        "InvalidNumberLiteral",
        format!("invalid number literal '{}'", &s[..n]),
    )
}

/// A quoted string (either quote) with Cypher escapes.
pub(crate) fn string_literal(i: In<'_>) -> PResult<'_, String> {
    let i = ws(i);
    let start = off(&i);
    let s = *i.fragment();
    let Some(quote) = s.chars().next().filter(|c| *c == '\'' || *c == '"') else {
        return fail(i, Expect::Label("a string"));
    };
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((n, c)) = chars.next() {
        if c == quote {
            return Ok((advance(i, n + 1), out));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        match e {
            '\\' | '\'' | '"' => out.push(e),
            'n' | 'N' => out.push('\n'),
            'r' | 'R' => out.push('\r'),
            't' | 'T' => out.push('\t'),
            'b' | 'B' => out.push('\u{8}'),
            'f' | 'F' => out.push('\u{c}'),
            'u' | 'U' => {
                let width = if e == 'U'
                    && s[n + 2..]
                        .bytes()
                        .take(8)
                        .filter(u8::is_ascii_hexdigit)
                        .count()
                        == 8
                {
                    8
                } else {
                    4
                };
                let hex = s.get(n + 2..n + 2 + width).unwrap_or("");
                let code = if hex.len() == width && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    None
                };
                let Some(mut code) = code else {
                    return fatal(
                        start + n,
                        "InvalidUnicodeLiteral",
                        format!("invalid Unicode escape: '\\{e}' needs {width} hexadecimal digits"),
                    );
                };
                for _ in 0..width {
                    chars.next();
                }
                // A UTF-16 surrogate pair written as two escapes.
                if (0xD800..0xDC00).contains(&code) {
                    let after = n + 2 + width;
                    let low = s
                        .get(after..after + 6)
                        .filter(|t| t.starts_with("\\u"))
                        .and_then(|t| u32::from_str_radix(&t[2..], 16).ok())
                        .filter(|l| (0xDC00..0xE000).contains(l));
                    if let Some(low) = low {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        for _ in 0..6 {
                            chars.next();
                        }
                    }
                }
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => {
                        return fatal(
                            start + n,
                            "InvalidUnicodeLiteral",
                            format!("invalid Unicode escape: U+{code:04X} is not a character"),
                        )
                    }
                }
            }
            other => {
                return fatal(
                    start + n,
                    "UnexpectedSyntax",
                    format!("invalid escape sequence '\\{other}' in a string"),
                )
            }
        }
    }
    fatal(
        start,
        "UnexpectedSyntax",
        format!("unterminated string literal: {quote} has no closing {quote}"),
    )
}

/// `Parser`-trait entry used by the pattern grammar for property maps: a map literal or
/// a parameter.
pub(crate) fn properties(i: In<'_>) -> PResult<'_, Expr> {
    let i = ws(i);
    let start = off(&i);
    match i.fragment().as_bytes().first() {
        Some(b'{') => {
            let (r, entries) = map_literal.parse(i)?;
            Ok((r, Expr::new(ExprKind::Map(entries), span(start, &r))))
        }
        Some(b'$') => parameter(i),
        _ => {
            let _ = fail::<()>(i, Expect::Token("{"));
            fail(i, Expect::Token("$"))
        }
    }
}
