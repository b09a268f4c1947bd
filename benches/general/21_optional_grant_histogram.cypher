// Kazakh ministries by number of grants made, including those with none.
MATCH (m:Ministry)
WHERE m.country = 'KZ'
OPTIONAL MATCH (m)-[r:FUNDED]->()
WITH m, count(r) AS grants
RETURN grants, count(*) AS ministries
ORDER BY grants
LIMIT 10
