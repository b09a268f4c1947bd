// Grants between 10 and 20 million before 2000.
MATCH ()-[r:FUNDED]->()
WHERE r.amount >= 10000000 AND r.amount <= 20000000 AND r.year < 2000
RETURN count(*) AS grants, sum(r.amount) AS total
