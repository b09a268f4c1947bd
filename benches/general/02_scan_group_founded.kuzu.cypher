MATCH (u:Institution {kind: 'University'})
WHERE u.country IN ['JP', 'CN', 'KZ']
RETURN u.country AS country, min(u.founded) AS oldest, max(u.founded) AS newest,
       avg(u.founded) AS mean
ORDER BY country
