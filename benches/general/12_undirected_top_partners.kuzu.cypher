MATCH (u:Institution {kind: 'University'})-[:PARTNERED_WITH]-(x)
RETURN u.name AS name, count(x) AS partners
ORDER BY partners DESC, name
LIMIT 10
