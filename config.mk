# config.mk: build knobs.  Override any on the command line: make CC=gcc
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
CC = musl-gcc
HOSTCC = cc
CFLAGS = -Os -pipe -flto
LDFLAGS =
BUILD = build
