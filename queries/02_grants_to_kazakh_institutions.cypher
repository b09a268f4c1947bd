// Every grant to Kazakh institutions: who funded whom, amount and currency as stated, whether the
// document contradicts its own figure, for what, and the title of the document that says so.
MATCH (f)-[r:FUNDED]->(k)
WHERE k.country = 'KZ'
UNWIND r.source AS key
MATCH (s:Source {key: key})
RETURN f.name AS funder, k.name AS recipient, r.amount AS amount, r.currency AS currency, coalesce(r.amount_disputed, false) AS disputed, r.topic AS topic, s.title AS source
ORDER BY recipient;

// expect:
// funder,recipient,amount,currency,disputed,topic,source
// Government of Japan,National Center for Traumatology and Orthopedics,,,false,CT examination room,Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region
// Government of Japan,Semey City Emergency Hospital,,,false,staff call system,Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region
// Government of Japan,Semey State Medical University Hospital,108700000,JPY,true,"high-tech medical equipment (MRI, CT, endoscopes, intensive care) for the Abyay region",Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region
// Government of Japan,Zhezbek Blood Center,68790,USD,false,purchase of 5 platelet storage devices,Japan Provides 7 Million USD Grant Aid to Kazakhstan for Upgrading Medical Infrastructure in the Abyay Region
// (4 rows)
