MATCH (a:Institution {kind: 'Agency'})-[:FUNDED]->(b:Institution)
WHERE b.name CONTAINS '999'
RETURN count(*) AS grants, count(DISTINCT b) AS recipients
