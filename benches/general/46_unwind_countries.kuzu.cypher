UNWIND ['JP', 'KZ', 'CN'] AS wanted
MATCH (h:Institution {kind: 'Hospital', country: wanted})
RETURN wanted AS country, count(h) AS hospitals
ORDER BY country
