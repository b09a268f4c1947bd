// Japanese hospitals with the most exchanges to universities (none counts as zero).
MATCH (h:Hospital {country: 'JP'})
OPTIONAL MATCH (h)-[:EXCHANGED_WITH]->(u:University)
RETURN h.name AS name, count(u) AS exchanges
ORDER BY exchanges DESC, name
LIMIT 10
