// Distinct institutions at the end of one to six grants in a row from the hub.
MATCH (a {name: $hub})-[:FUNDED*1..6]->(b)
RETURN count(DISTINCT b) AS reached
