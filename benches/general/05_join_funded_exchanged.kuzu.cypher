MATCH (f:Institution)-[:FUNDED]->(h:Institution)-[:EXCHANGED_WITH]->(u:Institution)
WHERE f.kind = 'Foundation' AND h.kind = 'Hospital' AND u.kind = 'University'
  AND f.country = 'US' AND u.country = 'JP'
RETURN count(*) AS chains, count(DISTINCT h) AS hospitals
