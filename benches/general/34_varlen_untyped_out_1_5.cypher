// Distinct institutions within five outgoing relationships of a mid-degree node.
MATCH (a {name: $mid})-[*1..5]->(b)
RETURN count(DISTINCT b) AS reached
