// Sets a new property on every Kazakh foundation (about 10,000 at 1M nodes).
MATCH (f:Foundation {country: 'KZ'})
SET f.rating = f.founded % 10
RETURN count(*) AS updated, sum(f.rating) AS total
