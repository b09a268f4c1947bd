// Distinct institutions two to four grants away from a mid-degree node, either direction.
MATCH (a {name: $mid})-[:FUNDED*2..4]-(b)
RETURN count(DISTINCT b) AS reached
