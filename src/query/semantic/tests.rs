//! Table tests of the checker: queries with the error code they must raise, and valid
//! queries that must pass.
