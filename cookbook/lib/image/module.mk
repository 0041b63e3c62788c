LIBRARIES += image
image_SOURCES := cookbook/lib/image/crc32.c cookbook/lib/image/gpt.c cookbook/lib/image/esp.c

UNIT_TESTS += test_image
test_image_SOURCES := cookbook/lib/image/tests/test_image.c
test_image_LIBS := image base testing
