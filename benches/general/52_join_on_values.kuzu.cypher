MATCH (a:Institution), (b:Institution)
WHERE a.kind = 'Ministry' AND b.kind = 'Agency' AND a.founded = b.founded AND a.country = 'KZ' AND b.country = 'MN'
RETURN count(*) AS pairs, count(DISTINCT a) AS ministries
