// Hospitals per country, largest first.
MATCH (h:Hospital)
RETURN h.country AS country, count(*) AS hospitals
ORDER BY hospitals DESC, country
