# Crawler tests: URL canonicalisation, robots.txt, the fetcher against the
# sample board on loopback, and the robots command end to end.
vh_unit_test(test_url SOURCES crawler/test_url.c LIBS vh_crawler)
