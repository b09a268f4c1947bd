//! Unit tests of the evaluator over hand-built expression trees.
