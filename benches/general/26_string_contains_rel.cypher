// Exchanges on a health topic, per topic.
MATCH ()-[r:EXCHANGED_WITH]->()
WHERE r.topic CONTAINS 'health'
RETURN r.topic AS topic, count(*) AS exchanges
ORDER BY topic
