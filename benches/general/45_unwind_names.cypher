// Countries of the 200 institutions of the shortest-path pairs, looked up by name.
UNWIND $names AS wanted
MATCH (n {name: wanted})
RETURN n.country AS country, count(*) AS institutions
ORDER BY institutions DESC, country
LIMIT 5
