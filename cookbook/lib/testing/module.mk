LIBRARIES += testing
testing_SOURCES := cookbook/lib/testing/testing.c
