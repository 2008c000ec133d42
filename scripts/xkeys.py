#!/usr/bin/env python3
"""Types keys into the focused X window through the XTEST extension (libXtst), for driving a
real terminal under Xvfb in tests: `DISPLAY=:N xkeys.py TEXT...`, each argument a keysym name
(`Right`, `question`, `Escape`) or, if it is not one, its characters typed one by one."""
import ctypes
import sys
import time

x11 = ctypes.CDLL("libX11.so.6")
xtst = ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.restype = ctypes.c_ubyte
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XKeycodeToKeysym.restype = ctypes.c_ulong
x11.XKeycodeToKeysym.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int]
x11.XFlush.argtypes = [ctypes.c_void_p]
xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]

display = x11.XOpenDisplay(None)
if not display:
    sys.exit("xkeys: cannot open the display")
shift = x11.XKeysymToKeycode(display, x11.XStringToKeysym(b"Shift_L"))
names = {"?": "question", ":": "colon", " ": "space", "[": "bracketleft", "]": "bracketright",
         "{": "braceleft", "}": "braceright", "+": "plus", "-": "minus", "=": "equal"}


def press(keysym_name):
    keysym = x11.XStringToKeysym(keysym_name.encode())
    code = x11.XKeysymToKeycode(display, keysym)
    if not code:
        sys.exit(f"xkeys: no key for {keysym_name}")
    # Shifted when the keysym is the key's second one (uppercase letters, ?, :, { …).
    shifted = x11.XKeycodeToKeysym(display, code, 0) != keysym
    if shifted:
        xtst.XTestFakeKeyEvent(display, shift, 1, 0)
    xtst.XTestFakeKeyEvent(display, code, 1, 0)
    xtst.XTestFakeKeyEvent(display, code, 0, 0)
    if shifted:
        xtst.XTestFakeKeyEvent(display, shift, 0, 0)
    x11.XFlush(display)
    time.sleep(0.03)


for arg in sys.argv[1:]:
    if len(arg) > 1 and x11.XStringToKeysym(arg.encode()):
        press(arg)
    else:
        for ch in arg:
            press(names.get(ch, ch))
