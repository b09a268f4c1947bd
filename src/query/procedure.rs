//! Procedure signatures (`name(in :: INTEGER?) :: (out :: STRING?)`) and procedures defined
//! by a table of answers, which a program registers on an open database (see
//! [`crate::Database::define_procedure`]).

use std::fmt;

use crate::value::Value;

/// The type a procedure declares for an argument or an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Any,
    Boolean,
    Integer,
    Float,
    /// An integer or a float.
    Number,
    String,
    List,
    Map,
    Node,
    Relationship,
    Path,
}

impl FieldType {
    fn parse(text: &str) -> FieldType {
        let upper = text
            .trim()
            .trim_end_matches('?')
            .trim()
            .to_ascii_uppercase();
        match upper.as_str() {
            "BOOLEAN" => FieldType::Boolean,
            "INTEGER" | "INT" => FieldType::Integer,
            "FLOAT" => FieldType::Float,
            "NUMBER" => FieldType::Number,
            "STRING" => FieldType::String,
            "MAP" => FieldType::Map,
            "NODE" => FieldType::Node,
            "RELATIONSHIP" => FieldType::Relationship,
            "PATH" => FieldType::Path,
            list if list.starts_with("LIST") => FieldType::List,
            // Unions (`NODE | STRING`) and anything else accept every value.
            _ => FieldType::Any,
        }
    }

    /// `value` as an argument of this type: integers widen to floats where a float is
    /// declared; `None` when the value does not fit. Null fits every type.
    pub fn admit(self, value: Value) -> Option<Value> {
        let fits = match (&value, self) {
            (Value::Null, _) | (_, FieldType::Any) => true,
            (Value::Int(n), FieldType::Float) => return Some(Value::Float(*n as f64)),
            (Value::Bool(_), FieldType::Boolean)
            | (Value::Int(_), FieldType::Integer | FieldType::Number)
            | (Value::Float(_), FieldType::Float | FieldType::Number)
            | (Value::String(_), FieldType::String)
            | (Value::List(_), FieldType::List)
            | (Value::Map(_), FieldType::Map)
            | (Value::Node(_), FieldType::Node)
            | (Value::Relationship(_), FieldType::Relationship)
            | (Value::Path(_), FieldType::Path) => true,
            _ => false,
        };
        fits.then_some(value)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            FieldType::Any => "ANY",
            FieldType::Boolean => "BOOLEAN",
            FieldType::Integer => "INTEGER",
            FieldType::Float => "FLOAT",
            FieldType::Number => "NUMBER",
            FieldType::String => "STRING",
            FieldType::List => "LIST",
            FieldType::Map => "MAP",
            FieldType::Node => "NODE",
            FieldType::Relationship => "RELATIONSHIP",
            FieldType::Path => "PATH",
        };
        f.write_str(name)
    }
}

/// One argument or output of a signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
}

/// What a procedure is called, takes and yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub name: String,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
}

impl Signature {
    /// Reads `ns.name(a :: TYPE?, …) :: (out :: TYPE?, …)`; `:: ()` yields nothing.
    pub fn parse(text: &str) -> Result<Signature, String> {
        let text = text.trim();
        let (name, rest) = text
            .split_once('(')
            .ok_or_else(|| format!("`{text}`: expected `name(arguments) :: (outputs)`"))?;
        let name = name.trim();
        let valid_name = !name.is_empty()
            && name.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
        if !valid_name {
            return Err(format!("`{name}` is not a procedure name"));
        }
        let (inputs, rest) = rest
            .split_once(')')
            .ok_or_else(|| format!("`{text}`: the arguments need a closing `)`"))?;
        let outputs = rest
            .trim()
            .strip_prefix("::")
            .map(str::trim)
            .and_then(|o| o.strip_prefix('('))
            .and_then(|o| o.trim_end().strip_suffix(')'))
            .ok_or_else(|| format!("`{text}`: expected `:: (outputs)` after the arguments"))?;
        Ok(Signature {
            name: name.to_owned(),
            inputs: fields(inputs)?,
            outputs: fields(outputs)?,
        })
    }
}

fn fields(list: &str) -> Result<Vec<Field>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|field| {
            let (name, ty) = field
                .split_once("::")
                .ok_or_else(|| format!("`{field}`: expected `name :: TYPE`"))?;
            let name = name.trim();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!("`{name}` is not a field name"));
            }
            Ok(Field {
                name: name.to_owned(),
                ty: FieldType::parse(ty),
            })
        })
        .collect()
}

/// A read-only procedure whose answers are the rows of a table: each row holds the
/// arguments, then the outputs; a call yields, in table order, the outputs of every row
/// whose arguments equal the call's (null equal to null).
#[derive(Debug, Clone, PartialEq)]
pub struct TableProcedure {
    pub signature: Signature,
    rows: Vec<Vec<Value>>,
}

impl TableProcedure {
    pub fn new(signature: Signature, rows: Vec<Vec<Value>>) -> Result<TableProcedure, String> {
        let width = signature.inputs.len() + signature.outputs.len();
        for (i, row) in rows.iter().enumerate() {
            if row.len() != width {
                return Err(format!(
                    "row {} has {} value(s); {} takes {} argument(s) and yields {} output(s)",
                    i + 1,
                    row.len(),
                    signature.name,
                    signature.inputs.len(),
                    signature.outputs.len()
                ));
            }
        }
        Ok(TableProcedure { signature, rows })
    }

    /// The outputs of the rows whose arguments are `args` (already admitted to their types).
    pub fn answer(&self, args: &[Value]) -> Vec<Vec<Value>> {
        let split = self.signature.inputs.len();
        self.rows
            .iter()
            .filter(|row| {
                row[..split]
                    .iter()
                    .zip(args)
                    .zip(&self.signature.inputs)
                    .all(|((stored, arg), field)| {
                        field.ty.admit(stored.clone()).as_ref() == Some(arg)
                    })
            })
            .map(|row| row[split..].to_vec())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_read_arguments_outputs_and_void() {
        let s = Signature::parse(
            "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, code :: INTEGER?)",
        )
        .unwrap();
        assert_eq!(s.name, "test.my.proc");
        assert_eq!(s.inputs.len(), 2);
        assert_eq!(s.inputs[1].ty, FieldType::Integer);
        assert_eq!(s.outputs[0].name, "city");
        let void = Signature::parse("test.doNothing() :: ()").unwrap();
        assert!(void.inputs.is_empty() && void.outputs.is_empty());
        let spaced =
            Signature::parse("p(in :: INTEGER?) :: (a :: INTEGER?, b :: INTEGER?) ").unwrap();
        assert_eq!(spaced.outputs.len(), 2);
        assert!(Signature::parse("p(in INTEGER) :: ()").is_err());
        assert!(Signature::parse("p() (out :: STRING)").is_err());
        assert!(Signature::parse("bad name() :: ()").is_err());
    }

    #[test]
    fn arguments_are_admitted_by_type() {
        assert_eq!(
            FieldType::Float.admit(Value::Int(42)),
            Some(Value::Float(42.0))
        );
        assert_eq!(
            FieldType::Number.admit(Value::Int(42)),
            Some(Value::Int(42))
        );
        assert_eq!(FieldType::Integer.admit(Value::Bool(true)), None);
        assert_eq!(FieldType::Integer.admit(Value::Null), Some(Value::Null));
        assert_eq!(
            FieldType::parse("NODE | STRING").admit(Value::Int(1)),
            Some(Value::Int(1))
        );
    }

    #[test]
    fn a_table_answers_the_rows_whose_arguments_match() {
        let signature = Signature::parse("t(in :: FLOAT?) :: (out :: STRING?)").unwrap();
        let rows = vec![
            vec![Value::Float(42.0), Value::String("close".into())],
            vec![Value::Null, Value::String("nix".into())],
        ];
        let table = TableProcedure::new(signature.clone(), rows).unwrap();
        assert_eq!(
            table.answer(&[Value::Float(42.0)]),
            vec![vec![Value::String("close".into())]]
        );
        assert_eq!(
            table.answer(&[Value::Null]),
            vec![vec![Value::String("nix".into())]]
        );
        assert!(table.answer(&[Value::Float(1.0)]).is_empty());
        assert!(TableProcedure::new(signature, vec![vec![Value::Null]]).is_err());
    }
}
