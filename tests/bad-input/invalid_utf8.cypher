MATCH (n)
RETURN 'café' AS x
