// All relationships stated in one document (002, the Kazinform item on Japanese grant aid), with the quoted evidence.
MATCH (a)-[r]->(b)
WHERE '002_bf046e2dbe4ea04c.txt' IN r.source
RETURN a.name AS from_institution, type(r) AS relationship, b.name AS to_institution, r.evidence AS evidence
ORDER BY relationship, from_institution, to_institution, evidence;

// expect:
// from_institution,relationship,to_institution,evidence
// Japan International Cooperation Agency,EXCHANGED_WITH,Government of the Republic of Kazakhstan,"Through projects of the Japan International Cooperation Agency and the ""Young Leaders Program,"""
// Young Leaders Program,EXCHANGED_WITH,Government of the Republic of Kazakhstan,"Through projects of the Japan International Cooperation Agency and the ""Young Leaders Program,"""
// Government of Japan,FUNDED,National Center for Traumatology and Orthopedics,the National Center for Traumatology and Orthopedics has newly built and put into use a CT examination room
// Government of Japan,FUNDED,Semey City Emergency Hospital,the Semey City Emergency Hospital has introduced a staff call system
// Government of Japan,FUNDED,Semey State Medical University Hospital,the Japanese government will provide 108.7 million yen (approximately 7 million US dollars) in grant aid
// Government of Japan,FUNDED,Zhezbek Blood Center,"Japan also provided 68,790 US dollars in funding through the ""Grassroots"" program to the Zhezbek blood center"
// Government of Japan,ORGANIZED,Japan-Kazakhstan Medical Hub,"both sides are discussing the establishment of the ""Japan-Kazakhstan Medical Hub"""
// Government of the Republic of Kazakhstan,ORGANIZED,Japan-Kazakhstan Medical Hub,"both sides are discussing the establishment of the ""Japan-Kazakhstan Medical Hub"""
// Government of the Republic of Kazakhstan,PARTNERED_WITH,Government of Japan,Kazakhstan is willing to further deepen cooperation with Japan in areas with development potential
// Government of the Republic of Kazakhstan,PARTNERED_WITH,Government of Japan,long-term and stable cooperation between Kazakhstan and Japan in the health sector
// Japan-Kazakhstan Medical Hub,PARTNERED_WITH,Japan International Cooperation Agency,"The center is planned to integrate clinical research, medical equipment maintenance, JICA educational programs"
// Ministry of Healthcare of the Republic of Kazakhstan,PARTNERED_WITH,Embassy of Japan in Kazakhstan,Minister of Health Akhmaral Aynazarova signed an intergovernmental agreement with Japanese Ambassador
// Semey State Medical University,PARTNERED_WITH,Hiroshima University,Semey State Medical University has already established partnerships with several well-known Japanese universities
// Semey State Medical University,PARTNERED_WITH,Kochi University,Semey State Medical University has already established partnerships with several well-known Japanese universities
// Semey State Medical University,PARTNERED_WITH,Nagasaki University,Semey State Medical University has already established partnerships with several well-known Japanese universities
// Semey State Medical University,PARTNERED_WITH,Oita University,Semey State Medical University has already established partnerships with several well-known Japanese universities
// Semey State Medical University,PARTNERED_WITH,Shimane University,Semey State Medical University has already established partnerships with several well-known Japanese universities
// Grant Assistance for Grassroots Human Security Projects,PART_OF,Government of Japan,"its ""Grassroots"" Human Security Assistance Program"
// Semey State Medical University Hospital,PART_OF,Semey State Medical University,Semey State Medical University Hospital
// Government of Japan,SUPPORTED,Government of the Republic of Kazakhstan,"Japan continues to provide support to Kazakhstan through its ""Grassroots"" Human Security Assistance Program"
// (20 rows)
