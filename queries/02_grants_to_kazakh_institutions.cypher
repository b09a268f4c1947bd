// Every grant to Kazakh institutions: who funded whom, amount and currency as stated, for what, and from which document.
MATCH (f)-[r:FUNDED]->(k)
WHERE k.country = 'KZ'
RETURN f.name AS funder, k.name AS recipient, r.amount AS amount, r.currency AS currency, r.topic AS topic, r.source AS source
ORDER BY recipient;

// expect:
// funder,recipient,amount,currency,topic,source
// Government of Japan,National Center for Traumatology and Orthopedics,,,CT examination room,"[""002_bf046e2dbe4ea04c.txt""]"
// Government of Japan,Semey City Emergency Hospital,,,staff call system,"[""002_bf046e2dbe4ea04c.txt""]"
// Government of Japan,Semey State Medical University Hospital,108700000,JPY,"high-tech medical equipment (MRI, CT, endoscopes, intensive care) for the Abyay region","[""002_bf046e2dbe4ea04c.txt""]"
// Government of Japan,Zhezbek Blood Center,68790,USD,purchase of 5 platelet storage devices,"[""002_bf046e2dbe4ea04c.txt""]"
// (4 rows)
