// Oldest, newest and mean founding year of universities in three countries.
MATCH (u:University)
WHERE u.country IN ['JP', 'CN', 'KZ']
RETURN u.country AS country, min(u.founded) AS oldest, max(u.founded) AS newest,
       avg(u.founded) AS mean
ORDER BY country
