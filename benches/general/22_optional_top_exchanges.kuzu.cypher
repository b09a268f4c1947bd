MATCH (h:Institution {kind: 'Hospital', country: 'JP'})
OPTIONAL MATCH (h)-[:EXCHANGED_WITH]->(u:Institution {kind: 'University'})
RETURN h.name AS name, count(u) AS exchanges
ORDER BY exchanges DESC, name
LIMIT 10
