// Kazakh ministries and Mongolian agencies founded in the same year: a join on values.
MATCH (a:Ministry), (b:Agency)
WHERE a.founded = b.founded AND a.country = 'KZ' AND b.country = 'MN'
RETURN count(*) AS pairs, count(DISTINCT a) AS ministries
