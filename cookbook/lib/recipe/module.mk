LIBRARIES += recipe
recipe_SOURCES := cookbook/lib/recipe/names.c cookbook/lib/recipe/recipe.c \
    cookbook/lib/recipe/cookbook.c cookbook/lib/recipe/graph.c

UNIT_TESTS += test_recipe
test_recipe_SOURCES := cookbook/lib/recipe/tests/test_recipe.c
test_recipe_LIBS := recipe toml base testing
