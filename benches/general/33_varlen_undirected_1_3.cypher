// Distinct institutions within three exchanges of a mid-degree node, either direction.
MATCH (a {name: $mid})-[:EXCHANGED_WITH*1..3]-(b)
RETURN count(DISTINCT b) AS reached
