MATCH (a {name: $mid})-[:FUNDED* TRAIL 2..4]-(b)
RETURN count(DISTINCT b) AS reached
