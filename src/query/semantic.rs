//! placeholder
use super::ast::Statement;
use super::QueryError;
pub fn check(_s: &Statement, _src: &str) -> Result<(), QueryError> {
    Ok(())
}
