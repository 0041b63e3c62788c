# User-facing variables, named as upstream Redox names them. Override on the command line
# (make CONFIG_NAME=server) or in a git-ignored .config file at the repository root.
-include .config

ARCH ?= x86_64
CONFIG_NAME ?= minimal
TARGET := $(ARCH)-unknown-redox
GNU_TARGET := $(TARGET)
HOST_TARGET := $(shell uname -m)-unknown-linux-gnu
PODMAN_BUILD ?= 0
REPO_OFFLINE ?= 0
SKIP_CHECK_TOOLS ?= 0

ROOT := $(CURDIR)
BUILD := build/$(ARCH)/$(CONFIG_NAME)
FSTOOLS := build/fstools
FSTOOLS_BIN := $(FSTOOLS)/bin
FSTOOLS_SAN := build/fstools-san
FSTOOLS_FUZZ := build/fstools-fuzz

# Parallelism of the host-tool build when the user gave no -j.
NPROC := $(shell nproc 2>/dev/null || echo 2)
