MATCH (a:Institution {kind: 'Agency', country: 'JP'})-[:PARTNERED_WITH]->(h:Institution {kind: 'Hospital'})
WITH a, h LIMIT 10000
CREATE (a)-[:FUNDED {year: 2026, amount: 5000}]->(h)
RETURN count(*) AS created
