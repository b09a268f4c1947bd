// Hospitals in each of three countries.
UNWIND ['JP', 'KZ', 'CN'] AS wanted
MATCH (h:Hospital {country: wanted})
RETURN wanted AS country, count(h) AS hospitals
ORDER BY country
