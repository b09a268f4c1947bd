MATCH (m:Institution)
WHERE m.kind = 'Ministry' AND m.country = 'KZ'
OPTIONAL MATCH (m)-[r:FUNDED]->()
WITH m, count(r) AS grants
RETURN grants, count(*) AS ministries
ORDER BY grants
LIMIT 10
