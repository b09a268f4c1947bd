// The five most frequent exchange topics.
MATCH ()-[r:EXCHANGED_WITH]->()
RETURN r.topic AS topic, count(*) AS exchanges
ORDER BY exchanges DESC, topic
LIMIT 5
