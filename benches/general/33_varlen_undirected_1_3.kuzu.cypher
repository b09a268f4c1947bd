MATCH (a {name: $mid})-[:EXCHANGED_WITH* TRAIL 1..3]-(b)
RETURN count(DISTINCT b) AS reached
