// Creates 10,000 companies in one statement.
UNWIND range(1, 10000) AS i
CREATE (:Company {name: 'Startup ' + toString(i), country: 'KZ', founded: 2026})
RETURN count(*) AS created
