// Agency grants to institutions with 999 in their name.
MATCH (a:Agency)-[:FUNDED]->(b)
WHERE b.name CONTAINS '999'
RETURN count(*) AS grants, count(DISTINCT b) AS recipients
