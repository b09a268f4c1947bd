MATCH (h:Institution {kind: 'Hospital'})
RETURN h.country AS country, count(*) AS hospitals
ORDER BY hospitals DESC, country
