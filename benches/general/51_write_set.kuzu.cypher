MATCH (f:Institution {kind: 'Foundation', country: 'KZ'})
SET f.rating = f.founded % 10
RETURN count(*) AS updated, sum(f.rating) AS total
