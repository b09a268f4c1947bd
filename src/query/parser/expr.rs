//! Expressions, by openCypher precedence: OR < XOR < AND < NOT < comparison < string,
//! list and null predicates < `+ -` < `* / %` < `^` < unary `+ -` < postfix (`.k`,
//! `[i]`, `[a..b]`, `:Label`) < atoms. Operator loops are iterative; only brackets
//! recurse, and every level counts against [`super::MAX_NESTING`].

use nom::Parser;

use super::{
    advance, deeper, fail, fatal, is_ident_part, kw, labelled, name, off, restore_depth, span, sym,
    try_kw, try_sym, variable, ws, Expect, In, PResult,
};
use crate::query::ast::{BinaryOp, Expr, ExprKind, Literal, QuantifierKind, Span, UnaryOp};

/// Any expression.
pub(crate) fn expression(i: In<'_>) -> PResult<'_, Expr> {
    let before = deeper(&i, 1)?;
    let result = labelled(i, "an expression", or_expr);
    restore_depth(&i, before);
    result
}

fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = Span::new(lhs.span.start, rhs.span.end);
    Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span)
}

/// `operand (op operand)*`, left associative; each operator is one nesting level.
fn chain<'a>(
    i: In<'a>,
    operand: fn(In<'a>) -> PResult<'a, Expr>,
    op: fn(In<'a>) -> Option<(In<'a>, BinaryOp)>,
) -> PResult<'a, Expr> {
    let (mut i, mut acc) = operand(i)?;
    let entry = i.extra.depth.get();
    let result = loop {
        let Some((rest, o)) = op(i) else {
            break Ok((i, acc));
        };
        if let Err(e) = deeper(&rest, 1) {
            break Err(e);
        }
        match operand(rest) {
            Ok((rest, rhs)) => {
                acc = binary(o, acc, rhs);
                i = rest;
            }
            Err(e) => break Err(e),
        }
    };
    i.extra.depth.set(entry);
    result
}

fn or_expr(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, xor_expr, |i| {
        try_kw(i, "OR").map(|(r, _)| (r, BinaryOp::Or))
    })
}

fn xor_expr(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, and_expr, |i| {
        try_kw(i, "XOR").map(|(r, _)| (r, BinaryOp::Xor))
    })
}

fn and_expr(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, not_expr, |i| {
        try_kw(i, "AND").map(|(r, _)| (r, BinaryOp::And))
    })
}

fn not_expr(i: In<'_>) -> PResult<'_, Expr> {
    let mut starts = Vec::new();
    let mut i = i;
    while let Some((rest, start)) = try_kw(i, "NOT") {
        starts.push(start);
        i = rest;
    }
    if starts.is_empty() {
        return comparison(i);
    }
    let before = deeper(&i, starts.len())?;
    let result = comparison(i);
    restore_depth(&i, before);
    let (rest, mut e) = result?;
    for start in starts.into_iter().rev() {
        let sp = Span::new(start, e.span.end);
        e = Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(e)), sp);
    }
    Ok((rest, e))
}

fn comparison_op(i: In<'_>) -> Option<(In<'_>, BinaryOp)> {
    let i = ws(i);
    let s = *i.fragment();
    let (n, op) = if s.starts_with("<>") || s.starts_with("!=") {
        (2, BinaryOp::Ne)
    } else if s.starts_with("<=") {
        (2, BinaryOp::Le)
    } else if s.starts_with(">=") {
        (2, BinaryOp::Ge)
    } else if s.starts_with("=~") {
        return None;
    } else if s.starts_with('=') {
        (1, BinaryOp::Eq)
    } else if s.starts_with('<') {
        (1, BinaryOp::Lt)
    } else if s.starts_with('>') {
        (1, BinaryOp::Gt)
    } else {
        return None;
    };
    Some((advance(i, n), op))
}

/// `a < b <= c` means `(a < b) AND (b <= c)`.
fn comparison(i: In<'_>) -> PResult<'_, Expr> {
    let (mut i, first) = predicate(i)?;
    let mut operands = vec![first];
    let mut ops = Vec::new();
    let entry = i.extra.depth.get();
    while let Some((rest, op)) = comparison_op(i) {
        deeper(&rest, 1)?;
        let (rest, rhs) = predicate(rest)?;
        operands.push(rhs);
        ops.push(op);
        i = rest;
    }
    i.extra.depth.set(entry);
    let mut operands = operands.into_iter();
    let Some(mut lhs) = operands.next() else {
        return fail(i, Expect::Label("an expression"));
    };
    let mut acc: Option<Expr> = None;
    for (op, rhs) in ops.into_iter().zip(operands) {
        let pair = binary(op, lhs, rhs.clone());
        acc = Some(match acc {
            None => pair,
            Some(prev) => binary(BinaryOp::And, prev, pair),
        });
        lhs = rhs;
    }
    Ok((i, acc.unwrap_or(lhs)))
}

enum PredOp {
    Binary(BinaryOp),
    IsNull(bool),
}

fn predicate_op(i: In<'_>) -> Option<(In<'_>, PredOp)> {
    if let Some((r, _)) = try_sym(i, "=~") {
        return Some((r, PredOp::Binary(BinaryOp::Regex)));
    }
    let i = ws(i);
    let word = super::peek_word(&i);
    let up = word.to_ascii_uppercase();
    match up.as_str() {
        "IN" => try_kw(i, "IN").map(|(r, _)| (r, PredOp::Binary(BinaryOp::In))),
        "CONTAINS" => try_kw(i, "CONTAINS").map(|(r, _)| (r, PredOp::Binary(BinaryOp::Contains))),
        "STARTS" => {
            let (r, _) = try_kw(i, "STARTS")?;
            let (r, _) = try_kw(r, "WITH")?;
            Some((r, PredOp::Binary(BinaryOp::StartsWith)))
        }
        "ENDS" => {
            let (r, _) = try_kw(i, "ENDS")?;
            let (r, _) = try_kw(r, "WITH")?;
            Some((r, PredOp::Binary(BinaryOp::EndsWith)))
        }
        "IS" => {
            let (r, _) = try_kw(i, "IS")?;
            let (r, negated) = match try_kw(r, "NOT") {
                Some((r, _)) => (r, true),
                None => (r, false),
            };
            let (r, _) = try_kw(r, "NULL")?;
            Some((r, PredOp::IsNull(negated)))
        }
        _ => None,
    }
}

fn predicate(i: In<'_>) -> PResult<'_, Expr> {
    let (mut i, mut acc) = additive(i)?;
    let entry = i.extra.depth.get();
    while let Some((rest, op)) = predicate_op(i) {
        deeper(&rest, 1)?;
        match op {
            PredOp::Binary(op) => {
                let (rest, rhs) = labelled(rest, "an expression", additive)?;
                acc = binary(op, acc, rhs);
                i = rest;
            }
            PredOp::IsNull(negated) => {
                let sp = span(acc.span.start, &rest);
                acc = Expr::new(
                    ExprKind::IsNull {
                        expr: Box::new(acc),
                        negated,
                    },
                    sp,
                );
                i = rest;
            }
        }
    }
    i.extra.depth.set(entry);
    Ok((i, acc))
}

fn additive(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, multiplicative, |i| {
        let i = ws(i);
        match i.fragment().as_bytes().first() {
            Some(b'+') if !i.fragment().starts_with("+=") => Some((advance(i, 1), BinaryOp::Add)),
            Some(b'-') => Some((advance(i, 1), BinaryOp::Sub)),
            _ => None,
        }
    })
}

fn multiplicative(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, power, |i| {
        let i = ws(i);
        match i.fragment().as_bytes().first() {
            Some(b'*') => Some((advance(i, 1), BinaryOp::Mul)),
            Some(b'/') => Some((advance(i, 1), BinaryOp::Div)),
            Some(b'%') => Some((advance(i, 1), BinaryOp::Mod)),
            _ => None,
        }
    })
}

fn power(i: In<'_>) -> PResult<'_, Expr> {
    chain(i, unary, |i| {
        try_sym(i, "^").map(|(r, _)| (r, BinaryOp::Pow))
    })
}

/// Unary `+`/`-`. A minus directly before a number literal is folded into it, which is
/// how `-9223372036854775808` stays representable.
fn unary(i: In<'_>) -> PResult<'_, Expr> {
    let mut ops = Vec::new();
    let mut i = ws(i);
    loop {
        match i.fragment().as_bytes().first() {
            Some(b'-') => ops.push((UnaryOp::Minus, off(&i))),
            Some(b'+') => ops.push((UnaryOp::Plus, off(&i))),
            _ => break,
        }
        i = ws(advance(i, 1));
    }
    if ops.is_empty() {
        return postfix(i, true);
    }
    let before = deeper(&i, ops.len())?;
    let folded = match ops.last() {
        Some((UnaryOp::Minus, start)) if starts_number(i.fragment()) => {
            let start = *start;
            ops.pop();
            let (rest, lit) = number(i, true)?;
            Some((rest, Expr::new(ExprKind::Literal(lit), span(start, &rest))))
        }
        _ => None,
    };
    let result = match folded {
        Some((rest, e)) => postfix_ops(rest, e, true),
        None => postfix(i, true),
    };
    restore_depth(&i, before);
    let (rest, mut e) = result?;
    for (op, start) in ops.into_iter().rev() {
        let sp = Span::new(start, e.span.end);
        e = Expr::new(ExprKind::Unary(op, Box::new(e)), sp);
    }
    Ok((rest, e))
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
            match label_list(j) {
                Ok((rest, names)) => {
                    e = Expr::new(ExprKind::HasLabels(Box::new(e), names), span(start, &rest));
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
        let (rest, (n, _)) = name(i, true, "a label name")?;
        names.push(n);
        i = rest;
        match try_sym(i, ":") {
            Some((rest, _)) => i = rest,
            None => return Ok((i, names)),
        }
    }
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
        "COUNT" => {
            if let Some((r, _)) = try_sym(advance(i, word.len()), "(") {
                if let Some((r, _)) = try_sym(r, "*") {
                    let (r, _) = sym(r, ")")?;
                    return Ok((r, Expr::new(ExprKind::CountStar, span(start, &r))));
                }
            }
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
    if !quoted && super::is_reserved(&first) {
        return fail(i, Expect::Label("an expression"));
    }
    j = advance(i, first_span.end - first_span.start);
    Ok((j, Expr::new(ExprKind::Variable(first), first_span)))
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
    let kind = ExprKind::FunctionCall {
        name,
        distinct,
        args,
    };
    Ok((i, Expr::new(kind, span(start, &i))))
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
    if !s.starts_with('`') && (n == 0 || super::is_reserved(&s[..n])) {
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
    let (r, items) = comma_list(i, "]")?;
    Ok((r, Expr::new(ExprKind::List(items), span(start, &r))))
}

/// `{key: expr, …}`; keys are names (keywords allowed) or backquoted.
pub(crate) fn map_literal(i: In<'_>) -> PResult<'_, Vec<(String, Expr)>> {
    let before = deeper(&i, 1)?;
    let result = map_body(i);
    restore_depth(&i, before);
    result
}

fn map_body(i: In<'_>) -> PResult<'_, Vec<(String, Expr)>> {
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

fn integer<'a>(
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
