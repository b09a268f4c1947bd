MATCH (u:Institution {kind: 'University'})
WHERE u.founded >= 1850 AND u.founded < 1860
RETURN u.country AS country, count(*) AS universities
ORDER BY universities DESC, country
LIMIT 5
