//! Canonical Cypher text for the AST: every binary operation parenthesized, names quoted
//! when they need it. Parsing the text again gives the same tree (spans and projection
//! column texts aside), which is what [`same_ast`] compares.

use std::fmt::{self, Display, Formatter, Write};

use super::ast::*;
use super::parser;

/// Whether two statements are the same tree, ignoring spans and the verbatim column
/// texts of projection items.
pub fn same_ast(a: &Statement, b: &Statement) -> bool {
    a.to_string() == b.to_string()
}

/// A name as Cypher text: bare when it is a plain identifier and no keyword, otherwise in
/// backquotes (with `` ` `` doubled).
pub struct Name<'a>(pub &'a str);

impl Display for Name<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if !s.is_empty() && parser_ident_len(s) == s.len() && !parser::is_reserved(s) {
            f.write_str(s)
        } else {
            f.write_char('`')?;
            f.write_str(&s.replace('`', "``"))?;
            f.write_char('`')
        }
    }
}

fn parser_ident_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if c == '_' || c.is_alphabetic() => {}
        _ => return 0,
    }
    chars
        .find(|(_, c)| !(*c == '_' || c.is_alphanumeric()))
        .map_or(s.len(), |(n, _)| n)
}

/// Items separated by `, `.
struct Commas<'a, T>(&'a [T]);

impl<T: Display> Display for Commas<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (n, item) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

fn labels(f: &mut Formatter<'_>, names: &[String]) -> fmt::Result {
    for l in names {
        write!(f, ":{}", Name(l))?;
    }
    Ok(())
}

impl Display for Statement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.mode {
            Mode::Run => {}
            Mode::Explain => f.write_str("EXPLAIN ")?,
            Mode::Profile => f.write_str("PROFILE ")?,
        }
        self.first.fmt(f)?;
        for (all, q) in &self.unions {
            f.write_str(if *all { " UNION ALL " } else { " UNION " })?;
            q.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for SingleQuery {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (n, c) in self.clauses.iter().enumerate() {
            if n > 0 {
                f.write_char(' ')?;
            }
            c.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for Clause {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Schema(command, _) => command.fmt(f),
            Clause::Match(m) => m.fmt(f),
            Clause::Unwind(u) => write!(f, "UNWIND {} AS {}", u.expr, Name(&u.variable.name)),
            Clause::With(p) => {
                f.write_str("WITH")?;
                p.fmt(f)
            }
            Clause::Return(p) => {
                f.write_str("RETURN")?;
                p.fmt(f)
            }
            Clause::Create(c) => write!(f, "CREATE {}", Commas(&c.pattern)),
            Clause::Merge(m) => m.fmt(f),
            Clause::Set(items, _) => write!(f, "SET {}", Commas(items)),
            Clause::Remove(items, _) => write!(f, "REMOVE {}", Commas(items)),
            Clause::Delete(d) => {
                if d.detach {
                    f.write_str("DETACH ")?;
                }
                write!(f, "DELETE {}", Commas(&d.exprs))
            }
            Clause::Call(c) => c.fmt(f),
            Clause::CallSubquery(c) => write!(f, "CALL {{ {} }}", c.body),
        }
    }
}

impl Display for SchemaCommand {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use crate::schema::IndexTarget;
        let target = |f: &mut Formatter<'_>, target: &IndexTarget, keys: &[String]| {
            let (pattern, var) = match target {
                IndexTarget::Nodes { label } => (format!("(n:{})", Name(label)), "n"),
                IndexTarget::Relationships { rel_type } => {
                    (format!("()-[r:{}]-()", Name(rel_type)), "r")
                }
            };
            let keys: Vec<String> = keys.iter().map(|k| format!("{var}.{}", Name(k))).collect();
            write!(f, "FOR {pattern} ON ({})", keys.join(", "))
        };
        match self {
            SchemaCommand::CreateIndex {
                name,
                if_not_exists,
                target: on,
                keys,
            } => {
                f.write_str("CREATE INDEX ")?;
                if let Some(name) = name {
                    write!(f, "{} ", Name(name))?;
                }
                if *if_not_exists {
                    f.write_str("IF NOT EXISTS ")?;
                }
                target(f, on, keys)
            }
            SchemaCommand::DropIndex {
                name,
                if_exists,
                schema,
            } => {
                f.write_str("DROP INDEX ")?;
                match (name, schema) {
                    (Some(name), _) => write!(f, "{}", Name(name))?,
                    (None, Some((on, keys))) => {
                        let keys: Vec<String> = keys.iter().map(|k| Name(k).to_string()).collect();
                        write!(f, "ON :{}({})", Name(on_name(on)), keys.join(", "))?;
                    }
                    (None, None) => {}
                }
                if *if_exists {
                    f.write_str(" IF EXISTS")?;
                }
                Ok(())
            }
            SchemaCommand::ShowIndexes => f.write_str("SHOW INDEXES"),
        }
    }
}

fn on_name(target: &crate::schema::IndexTarget) -> &str {
    match target {
        crate::schema::IndexTarget::Nodes { label } => label,
        crate::schema::IndexTarget::Relationships { rel_type } => rel_type,
    }
}

impl Display for Match {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.optional {
            f.write_str("OPTIONAL ")?;
        }
        write!(f, "MATCH {}", Commas(&self.pattern))?;
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        Ok(())
    }
}

impl Display for Merge {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "MERGE {}", self.part)?;
        if !self.on_create.is_empty() {
            write!(f, " ON CREATE SET {}", Commas(&self.on_create))?;
        }
        if !self.on_match.is_empty() {
            write!(f, " ON MATCH SET {}", Commas(&self.on_match))?;
        }
        Ok(())
    }
}

impl Display for Call {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("CALL ")?;
        for (n, part) in self.procedure.split('.').enumerate() {
            if n > 0 {
                f.write_char('.')?;
            }
            Name(part).fmt(f)?;
        }
        if let Some(args) = &self.args {
            write!(f, "({})", Commas(args))?;
        }
        if self.yield_all {
            f.write_str(" YIELD *")?;
        } else if let Some(items) = &self.yields {
            write!(f, " YIELD {}", Commas(items))?;
        }
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        Ok(())
    }
}

impl Display for YieldItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Name(&self.field).fmt(f)?;
        if let Some(a) = &self.alias {
            write!(f, " AS {}", Name(&a.name))?;
        }
        Ok(())
    }
}

/// The part of `WITH`/`RETURN` after the keyword, with a leading space.
impl Display for Projection {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.distinct {
            f.write_str(" DISTINCT")?;
        }
        if self.star {
            f.write_str(" *")?;
            if !self.items.is_empty() {
                f.write_char(',')?;
            }
        }
        if !self.items.is_empty() {
            write!(f, " {}", Commas(&self.items))?;
        }
        if !self.order_by.is_empty() {
            write!(f, " ORDER BY {}", Commas(&self.order_by))?;
        }
        if let Some(s) = &self.skip {
            write!(f, " SKIP {s}")?;
        }
        if let Some(l) = &self.limit {
            write!(f, " LIMIT {l}")?;
        }
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        Ok(())
    }
}

impl Display for ProjectionItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)?;
        if let Some(a) = &self.alias {
            write!(f, " AS {}", Name(&a.name))?;
        }
        Ok(())
    }
}

impl Display for SortItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)?;
        if self.descending {
            f.write_str(" DESC")?;
        }
        Ok(())
    }
}

impl Display for SetItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            SetItem::Property { target, value } => write!(f, "{target} = {value}"),
            SetItem::Replace { variable, value } => write!(f, "{} = {value}", Name(&variable.name)),
            SetItem::Merge { variable, value } => write!(f, "{} += {value}", Name(&variable.name)),
            SetItem::Labels {
                variable,
                labels: l,
            } => {
                Name(&variable.name).fmt(f)?;
                labels(f, l)
            }
        }
    }
}

impl Display for RemoveItem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            RemoveItem::Property(e) => e.fmt(f),
            RemoveItem::Labels {
                variable,
                labels: l,
            } => {
                Name(&variable.name).fmt(f)?;
                labels(f, l)
            }
        }
    }
}

impl Display for PatternPart {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(v) = &self.variable {
            write!(f, "{} = ", Name(&v.name))?;
        }
        match self.shortest {
            Some(ShortestKind::Single) => write!(f, "shortestPath({})", self.element),
            Some(ShortestKind::All) => write!(f, "allShortestPaths({})", self.element),
            None => self.element.fmt(f),
        }
    }
}

impl Display for PatternElement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.start.fmt(f)?;
        for (rel, node) in &self.chain {
            write!(f, "{rel}{node}")?;
        }
        Ok(())
    }
}

impl Display for NodePattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('(')?;
        if let Some(v) = &self.variable {
            Name(&v.name).fmt(f)?;
        }
        labels(f, &self.labels)?;
        if let Some(p) = &self.properties {
            if self.variable.is_some() || !self.labels.is_empty() {
                f.write_char(' ')?;
            }
            p.fmt(f)?;
        }
        f.write_char(')')
    }
}

impl Display for RelPattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(if self.direction == Direction::Incoming {
            "<-"
        } else {
            "-"
        })?;
        let detail = self.variable.is_some()
            || !self.types.is_empty()
            || self.properties.is_some()
            || self.length.is_some();
        if detail {
            f.write_char('[')?;
            if let Some(v) = &self.variable {
                Name(&v.name).fmt(f)?;
            }
            for (n, t) in self.types.iter().enumerate() {
                f.write_str(if n == 0 { ":" } else { "|" })?;
                Name(t).fmt(f)?;
            }
            if let Some(len) = &self.length {
                f.write_char('*')?;
                match (len.min, len.max) {
                    (None, None) => {}
                    (Some(a), Some(b)) if a == b => write!(f, "{a}")?,
                    (a, b) => {
                        if let Some(a) = a {
                            write!(f, "{a}")?;
                        }
                        f.write_str("..")?;
                        if let Some(b) = b {
                            write!(f, "{b}")?;
                        }
                    }
                }
            }
            if let Some(p) = &self.properties {
                write!(f, " {p}")?;
            }
            f.write_char(']')?;
        }
        f.write_str(if self.direction == Direction::Outgoing {
            "->"
        } else {
            "-"
        })
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Integer(i) => write!(f, "{i}"),
            Literal::Float(x) if x.is_nan() => f.write_str("(0.0 / 0.0)"),
            Literal::Float(x) if x.is_infinite() => f.write_str(if *x > 0.0 {
                "(1.0 / 0.0)"
            } else {
                "(-1.0 / 0.0)"
            }),
            // `{:?}` is the shortest text that reads back as the same f64 and always
            // has a `.` or an exponent, so it never reads back as an integer.
            Literal::Float(x) => write!(f, "{x:?}"),
            Literal::String(s) => quote(f, s),
        }
    }
}

/// A single-quoted Cypher string.
pub fn quote(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\'' => f.write_str("\\'")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if c.is_control() => write!(f, "\\u{:04X}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

/// The operand of a postfix operator: a negative number literal needs parentheses,
/// since `-1.k` reads as `-(1.k)`.
struct Base<'a>(&'a Expr);

impl Display for Base<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.kind {
            ExprKind::Literal(Literal::Integer(i)) if i < 0 => write!(f, "({})", self.0),
            ExprKind::Literal(Literal::Float(x)) if x.is_sign_negative() => {
                write!(f, "({})", self.0)
            }
            _ => self.0.fmt(f),
        }
    }
}

/// The operator as written in Cypher (`+`, `<>`, `STARTS WITH`, …).
pub(crate) fn binary_op(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "OR",
        BinaryOp::Xor => "XOR",
        BinaryOp::And => "AND",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "<>",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Pow => "^",
        BinaryOp::In => "IN",
        BinaryOp::StartsWith => "STARTS WITH",
        BinaryOp::EndsWith => "ENDS WITH",
        BinaryOp::Contains => "CONTAINS",
        BinaryOp::Regex => "=~",
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Literal(l) => l.fmt(f),
            ExprKind::Parameter(p) => {
                if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
                    write!(f, "${p}")
                } else {
                    write!(f, "${}", Name(p))
                }
            }
            ExprKind::Variable(v) => Name(v).fmt(f),
            ExprKind::Property(e, k) => write!(f, "{}.{}", Base(e), Name(k)),
            ExprKind::Index(e, i) => write!(f, "{}[{i}]", Base(e)),
            ExprKind::Slice(e, a, b) => {
                write!(f, "{}[", Base(e))?;
                if let Some(a) = a {
                    a.fmt(f)?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    b.fmt(f)?;
                }
                f.write_char(']')
            }
            ExprKind::List(items) => write!(f, "[{}]", Commas(items)),
            ExprKind::Map(entries) => {
                f.write_char('{')?;
                for (n, (k, v)) in entries.iter().enumerate() {
                    if n > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {v}", Name(k))?;
                }
                f.write_char('}')
            }
            ExprKind::MapProjection {
                subject,
                entries,
                all_properties,
            } => {
                write!(f, "{subject} {{")?;
                if *all_properties {
                    f.write_str(".*")?;
                }
                for (n, (k, v)) in entries.iter().enumerate() {
                    if n > 0 || *all_properties {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {v}", Name(k))?;
                }
                f.write_char('}')
            }
            ExprKind::Unary(op, e) => {
                let op = match op {
                    UnaryOp::Not => "NOT ",
                    UnaryOp::Minus => "-",
                    UnaryOp::Plus => "+",
                };
                // `-(5)`, not `-5`: a minus before a number literal would be read back
                // as part of the literal.
                if matches!(
                    e.kind,
                    ExprKind::Literal(Literal::Integer(_) | Literal::Float(_))
                ) {
                    write!(f, "({op}({e}))")
                } else {
                    write!(f, "({op}{e})")
                }
            }
            ExprKind::Binary(op, a, b) => write!(f, "({a} {} {b})", binary_op(*op)),
            ExprKind::IsNull { expr, negated } => {
                let not = if *negated { " NOT" } else { "" };
                write!(f, "({expr} IS{not} NULL)")
            }
            ExprKind::HasLabels(e, l) => {
                write!(f, "({}", Base(e))?;
                labels(f, l)?;
                f.write_char(')')
            }
            ExprKind::FunctionCall {
                name,
                distinct,
                args,
                ..
            } => {
                for (n, part) in name.split('.').enumerate() {
                    if n > 0 {
                        f.write_char('.')?;
                    }
                    Name(part).fmt(f)?;
                }
                let distinct = if *distinct { "DISTINCT " } else { "" };
                write!(f, "({distinct}{})", Commas(args))
            }
            ExprKind::CountStar => f.write_str("count(*)"),
            ExprKind::Case {
                operand,
                whens,
                otherwise,
            } => {
                f.write_str("CASE")?;
                if let Some(o) = operand {
                    write!(f, " {o}")?;
                }
                for (w, t) in whens {
                    write!(f, " WHEN {w} THEN {t}")?;
                }
                if let Some(e) = otherwise {
                    write!(f, " ELSE {e}")?;
                }
                f.write_str(" END")
            }
            ExprKind::ListComprehension {
                variable,
                list,
                predicate,
                projection,
            } => {
                write!(f, "[{} IN {list}", Name(&variable.name))?;
                if let Some(p) = predicate {
                    write!(f, " WHERE {p}")?;
                }
                if let Some(p) = projection {
                    write!(f, " | {p}")?;
                }
                f.write_char(']')
            }
            ExprKind::Reduce {
                accumulator,
                init,
                variable,
                list,
                expression,
            } => write!(
                f,
                "reduce({} = {init}, {} IN {list} | {expression})",
                Name(&accumulator.name),
                Name(&variable.name)
            ),
            ExprKind::Quantifier {
                kind,
                variable,
                list,
                predicate,
            } => {
                let k = match kind {
                    QuantifierKind::All => "all",
                    QuantifierKind::Any => "any",
                    QuantifierKind::None => "none",
                    QuantifierKind::Single => "single",
                };
                write!(
                    f,
                    "{k}({} IN {list} WHERE {predicate})",
                    Name(&variable.name)
                )
            }
            ExprKind::Subquery(subquery) => subquery.fmt(f),
        }
    }
}

impl Display for Subquery {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let keyword = match self.kind {
            SubqueryKind::Exists => "EXISTS",
            SubqueryKind::Count => "COUNT",
            SubqueryKind::Collect => "COLLECT",
            SubqueryKind::Pattern | SubqueryKind::Comprehension => {
                return pattern_expression(f, self)
            }
        };
        write!(f, "{keyword} {{ {} }}", self.body)
    }
}

/// A pattern predicate or comprehension as written, from the MATCH (and RETURN) it runs.
fn pattern_expression(f: &mut Formatter<'_>, subquery: &Subquery) -> fmt::Result {
    let clauses = &subquery.body.first.clauses;
    let Some(Clause::Match(m)) = clauses.first() else {
        return Ok(());
    };
    if subquery.kind == SubqueryKind::Pattern {
        return write!(f, "{}", Commas(&m.pattern));
    }
    write!(f, "[{}", Commas(&m.pattern))?;
    if let Some(w) = &m.where_clause {
        write!(f, " WHERE {w}")?;
    }
    if let Some(Clause::Return(p)) = clauses.get(1) {
        if let Some(item) = p.items.first() {
            write!(f, " | {}", item.expr)?;
        }
    }
    f.write_char(']')
}
