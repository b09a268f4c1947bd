MATCH (h:Institution {kind: 'Hospital', country: 'KZ'})-[:EXCHANGED_WITH]->(u:Institution {kind: 'University'})-[:PARTNERED_WITH]->(x:Institution)-[:PARTNERED_WITH]->(h)
RETURN count(*) AS triangles, count(DISTINCT h) AS hospitals
