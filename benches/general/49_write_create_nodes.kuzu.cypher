UNWIND range(1, 10000) AS i
CREATE (:Institution {id: 2000000 + i, kind: 'Company', name: 'Startup ' + to_string(i), country: 'KZ', founded: 2026})
RETURN count(*) AS created
