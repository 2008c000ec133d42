#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* What `pkg-config --cflags ncursesw` gives on Debian (-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600),
   stated here so that Package.swift needs no pkg-config lookup. NCURSES_WIDECHAR turns on the
   wide-character API (wget_wch, cchar_t, setcchar) that the viewer uses. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>
#endif
