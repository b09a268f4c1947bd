MATCH (m:Institution {kind: 'Ministry', country: 'KZ'})-[:FUNDED]->(x:Institution)-[:PARTNERED_WITH]->(h:Institution)
WHERE h.kind = 'Hospital' AND h.founded < 1900
RETURN count(DISTINCT h) AS hospitals
