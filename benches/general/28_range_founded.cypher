// Universities founded in the 1850s, by country.
MATCH (u:University)
WHERE u.founded >= 1850 AND u.founded < 1860
RETURN u.country AS country, count(*) AS universities
ORDER BY universities DESC, country
LIMIT 5
