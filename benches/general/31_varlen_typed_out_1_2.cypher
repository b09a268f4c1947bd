// Distinct institutions within two outgoing partnerships of a mid-degree node.
MATCH (a {name: $mid})-[:PARTNERED_WITH*1..2]->(b)
RETURN count(DISTINCT b) AS reached
